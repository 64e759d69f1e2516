/**
 * Conditional expressions over evaluators: CASE (each branch runs only on the rows it
 * decides), COALESCE (later arguments only see rows still NULL) and NULLIF.
 */
import type { DataType } from '../../types/data-type.ts';
import { allocData, type Selection, type Vector } from '../../types/vector.ts';
import { castVector } from '../kernels/cast.ts';
import { comparatorFor } from '../kernels/compare.ts';
import { allRows, subtractSorted, type Evaluator, type RowFilter } from './evaluator.ts';

function hasAny(nulls: Uint8Array, sel: Selection, n: number): boolean {
  const m = sel === null ? n : sel.length;
  for (let k = 0; k < m; k++) if (nulls[sel === null ? k : sel[k]!] === 1) return true;
  return false;
}

/** COALESCE of `args`, all already of the result type `type`. */
export function coalesceEvaluator(args: readonly Evaluator[], type: DataType): Evaluator {
  return (b, sel, ctx) => {
    const n = b.length;
    const out = allocData(type, n);
    const nulls = new Uint8Array(n).fill(1);
    let pending: Selection = sel;
    for (const a of args) {
      if (pending !== null && pending.length === 0) break;
      const v = a(b, pending, ctx);
      const next: number[] = [];
      const m = pending === null ? n : pending.length;
      const vd = v.data as unknown[], od = out as unknown as unknown[];
      for (let k = 0; k < m; k++) {
        const i = pending === null ? k : pending[k]!;
        if (v.type === 'null' || (v.nulls !== null && v.nulls[i] === 1)) { next.push(i); continue; }
        od[i] = vd[i]; nulls[i] = 0;
      }
      pending = Int32Array.from(next);
    }
    return { type, length: n, data: out, nulls: hasAny(nulls, sel, n) ? nulls : null };
  };
}

/** NULLIF(l, r): operands compared as `leftType`; the result is cast to `type` when it differs. */
export function nullifEvaluator(l: Evaluator, r: Evaluator, leftType: DataType, type: DataType): Evaluator {
  const cmp = comparatorFor(leftType);
  const castBack = leftType !== type;
  return (b, sel, ctx) => {
    const x = l(b, sel, ctx), y = r(b, sel, ctx);
    const n = b.length;
    const nulls = x.nulls === null ? new Uint8Array(n) : x.nulls.slice(0, n);
    const xd = x.data as ArrayLike<unknown>, yd = y.data as ArrayLike<unknown>;
    const m = sel === null ? n : sel.length;
    for (let k = 0; k < m; k++) {
      const i = sel === null ? k : sel[k]!;
      if (nulls[i] === 1 || (y.nulls !== null && y.nulls[i] === 1)) continue;
      if (cmp(xd[i], yd[i]) === 0) nulls[i] = 1;
    }
    const out: Vector = { type: x.type, length: n, data: x.data, nulls };
    return castBack ? castVector(out, type, sel) : out;
  };
}

/** Searched CASE: each WHEN filter sees only the rows no earlier branch took. */
export function caseEvaluator(whens: readonly { readonly when: RowFilter; readonly then: Evaluator }[], elseE: Evaluator, type: DataType): Evaluator {
  return (b, sel, ctx) => {
    const n = b.length;
    const out = allocData(type, n) as unknown as unknown[];
    const nulls = new Uint8Array(n);
    let anyNull = false;
    let remaining: Int32Array = sel === null ? allRows(n) : sel;
    const take = (v: Vector, rows: Int32Array) => {
      const d = v.data as unknown as unknown[];
      const allNull = v.type === 'null';
      const isBool = type === 'boolean';
      for (let k = 0; k < rows.length; k++) {
        const i = rows[k]!;
        if (allNull || (v.nulls !== null && v.nulls[i] === 1)) { nulls[i] = 1; anyNull = true; }
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
    return { type, length: n, data: out as unknown as Vector['data'], nulls: anyNull ? nulls : null };
  };
}
