/**
 * Conditional expressions over evaluators: CASE (each branch runs only on the rows it
 * decides), COALESCE (later arguments only see rows still NULL) and NULLIF.
 */
import type { DataType } from '../../types/data-type.ts';
import { allocData, type Selection, type Vector } from '../../types/vector.ts';
import { castVector } from '../kernels/cast.ts';
import { crossComparator } from '../kernels/compare.ts';
import { allocNumeric, type NumericData } from '../../types/numeric-data.ts';
import { pickNumeric } from '../../types/numeric-data-ops.ts';
import { allRows, subtractSorted, type Evaluator, type RowFilter } from './evaluator.ts';

function hasAny(nulls: Uint8Array, sel: Selection, n: number): boolean {
  const m = sel === null ? n : sel.length;
  for (let k = 0; k < m; k++) if (nulls[sel === null ? k : sel[k]!] === 1) return true;
  return false;
}

/**
 * Numeric results of CASE/COALESCE: which branch vector each row takes its value from; the
 * vectors may have different scales, so they are merged by `pickNumeric` at the end.
 */
class NumericPicks {
  readonly parts: NumericData[] = [];
  readonly src: Int32Array;
  constructor(n: number) { this.src = new Int32Array(n).fill(-1); }
  /** Row `i` takes its value from `v`. */
  add(v: Vector): number {
    const k = this.parts.length;
    this.parts.push(v.type === 'numeric' ? v.data as NumericData : allocNumeric(v.length));
    return k;
  }
  finish(n: number): NumericData {
    return this.parts.length === 0 ? allocNumeric(n) : pickNumeric(this.parts, this.src, n);
  }
}

/** COALESCE of `args`, all already of the result type `type`. */
export function coalesceEvaluator(args: readonly Evaluator[], type: DataType): Evaluator {
  return (b, sel, ctx) => {
    const n = b.length;
    const picks = type === 'numeric' ? new NumericPicks(n) : null;
    const out = picks === null ? allocData(type, n) : null;
    const nulls = new Uint8Array(n).fill(1);
    let pending: Selection = sel;
    for (const a of args) {
      if (pending !== null && pending.length === 0) break;
      const v = a(b, pending, ctx);
      const next: number[] = [];
      const m = pending === null ? n : pending.length;
      if (picks !== null) {
        const part = picks.add(v);
        for (let k = 0; k < m; k++) {
          const i = pending === null ? k : pending[k]!;
          if (v.type === 'null' || (v.nulls !== null && v.nulls[i] === 1)) { next.push(i); continue; }
          picks.src[i] = part; nulls[i] = 0;
        }
        pending = Int32Array.from(next);
        continue;
      }
      const vd = v.data as unknown[], od = out as unknown as unknown[];
      for (let k = 0; k < m; k++) {
        const i = pending === null ? k : pending[k]!;
        if (v.type === 'null' || (v.nulls !== null && v.nulls[i] === 1)) { next.push(i); continue; }
        od[i] = vd[i]; nulls[i] = 0;
      }
      pending = Int32Array.from(next);
    }
    return { type, length: n, data: picks !== null ? picks.finish(n) : out!, nulls: hasAny(nulls, sel, n) ? nulls : null };
  };
}

/** NULLIF(l, r): operands compared as `leftType`; the result is cast to `type` when it differs. */
export function nullifEvaluator(l: Evaluator, r: Evaluator, leftType: DataType, type: DataType): Evaluator {
  const castBack = leftType !== type;
  return (b, sel, ctx) => {
    const x = l(b, sel, ctx), y = r(b, sel, ctx);
    const n = b.length;
    const nulls = x.nulls === null ? new Uint8Array(n) : x.nulls.slice(0, n);
    const cmp = crossComparator(x, y);
    const m = sel === null ? n : sel.length;
    for (let k = 0; k < m; k++) {
      const i = sel === null ? k : sel[k]!;
      if (nulls[i] === 1 || (y.nulls !== null && y.nulls[i] === 1)) continue;
      if (cmp(i, i) === 0) nulls[i] = 1;
    }
    const out: Vector = { type: x.type, length: n, data: x.data, nulls };
    return castBack ? castVector(out, type, sel) : out;
  };
}

/** Searched CASE: each WHEN filter sees only the rows no earlier branch took. */
export function caseEvaluator(whens: readonly { readonly when: RowFilter; readonly then: Evaluator }[], elseE: Evaluator, type: DataType): Evaluator {
  return (b, sel, ctx) => {
    const n = b.length;
    const picks = type === 'numeric' ? new NumericPicks(n) : null;
    const out = picks === null ? allocData(type, n) as unknown as unknown[] : [];
    const nulls = new Uint8Array(n);
    let anyNull = false;
    let remaining: Int32Array = sel === null ? allRows(n) : sel;
    const take = (v: Vector, rows: Int32Array) => {
      const d = v.data as unknown as unknown[];
      const allNull = v.type === 'null';
      const isBool = type === 'boolean';
      const part = picks === null ? -1 : picks.add(v);
      for (let k = 0; k < rows.length; k++) {
        const i = rows[k]!;
        if (allNull || (v.nulls !== null && v.nulls[i] === 1)) { nulls[i] = 1; anyNull = true; }
        else if (picks !== null) picks.src[i] = part;
        else out[i] = isBool ? (d[i] as number) : d[i];
      }
    };
    for (const w of whens) {
      if (remaining.length === 0) break;
      const hit = w.when(b, remaining, ctx);
      if (hit.length > 0) {
        take(w.then(b, hit, ctx), hit);
        remaining = subtractSorted(remaining, hit);
      }
    }
    if (remaining.length > 0) take(elseE(b, remaining, ctx), remaining);
    return { type, length: n, data: picks !== null ? picks.finish(n) : out as unknown as Vector['data'], nulls: anyNull ? nulls : null };
  };
}
