/**
 * MIN and MAX over any ordered type (not json): the result has the argument's type (text for
 * an untyped NULL) and is NULL for a group without values. Numeric-like types compare as raw
 * array elements; text, bytes and floating point through their comparators (NaN sorts last).
 * Partial minima/maxima combine by MIN/MAX.
 */
import type { DataType } from '../../types/data-type.ts';
import { allocData, valueAt, type JsValue, type Vector } from '../../types/vector.ts';
import { comparatorFor, positionComparator } from '../kernels/compare.ts';
import { gatherNumeric, type NumericData } from '../../types/numeric-data.ts';
import { frameRowAt, frameSeen, frameValueAt, nullsWhereMissing, unary, type AggregateDef, type FrameAccumulator, type FrameInput, type GroupInput } from './aggregate.ts';

/**
 * Per-group minimum or maximum of a numeric vector: the winning row's value, display scale
 * included; among equal values the last one wins, as PostgreSQL's numeric_smaller/larger
 * (`max` of 1.5 and 1.50 is 1.50).
 */
function numericExtremeGroups(isMin: boolean, { args, gids, rows, count: mm, groups }: GroupInput): Vector {
  const v = args[0]!;
  const vn = v.nulls;
  const best = new Int32Array(groups).fill(-1);
  const cmp = positionComparator(v);
  for (let k = 0; k < mm; k++) {
    const i = rows === null ? k : rows[k]!;
    if (vn !== null && vn[i] === 1) continue;
    const g = gids[i]!;
    const b = best[g]!;
    if (b < 0) { best[g] = i; continue; }
    const c = cmp(i, b);
    if (isMin ? c <= 0 : c >= 0) best[g] = i;
  }
  let nulls: Uint8Array | null = null;
  for (let g = 0; g < groups; g++) if (best[g]! < 0) (nulls ??= new Uint8Array(groups))[g] = 1;
  return { type: 'numeric', length: groups, data: gatherNumeric(v.data as NumericData, best, groups), nulls };
}

/** Per-group minimum (`isMin`) or maximum. */
function extremeGroups(isMin: boolean, input: GroupInput): Vector {
  if (input.type === 'numeric' && input.args[0]!.type === 'numeric') return numericExtremeGroups(isMin, input);
  const { args, gids, rows, count: mm, groups, type } = input;
  const v = args[0]!;
  const vn = v.type === 'null' ? null : v.nulls;
  const allNull = v.type === 'null';
  const at = (k: number) => (rows === null ? k : rows[k]!);
  const out = allocData(type, groups) as unknown as unknown[];
  const has = new Uint8Array(groups);
  if (!allNull) {
    const d = v.data as ArrayLike<unknown>;
    if (v.type === 'integer' || v.type === 'smallint' || v.type === 'date' || v.type === 'timestamp' || v.type === 'bigint' || v.type === 'boolean') {
      const dn = d as ArrayLike<number>, o = out as unknown as number[];
      for (let k = 0; k < mm; k++) {
        const i = at(k); if (vn !== null && vn[i] === 1) continue;
        const g = gids[i]!, x = dn[i]!;
        if (has[g] === 0) { o[g] = x; has[g] = 1; } else if (isMin ? x < o[g]! : x > o[g]!) o[g] = x;
      }
    } else {
      const cmp = comparatorFor(v.type);
      for (let k = 0; k < mm; k++) {
        const i = at(k); if (vn !== null && vn[i] === 1) continue;
        const g = gids[i]!, x = d[i];
        if (has[g] === 0) { out[g] = x; has[g] = 1; } else { const c = cmp(x, out[g]); if (isMin ? c < 0 : c > 0) out[g] = x; }
      }
    }
  }
  return { type, length: groups, data: out as unknown as Vector['data'], nulls: nullsWhereMissing(has) };
}

/** Minimum (`isMin`) or maximum over one window frame. */
function extremeFrame(isMin: boolean, f: FrameInput): JsValue {
  const v = f.args[0]!;
  const cmp = comparatorFor(v.type);
  const seen = frameSeen(f);
  const lastWins = v.type === 'numeric' ? 1 : 0; // numeric: ties take the later value (display scale)
  let acc: JsValue = null;
  for (let t = f.from; t < f.to; t++) {
    const x = frameValueAt(f, v, t, seen);
    if (x === undefined) continue;
    if (acc === null || (isMin ? cmp(x, acc) < lastWins : cmp(x, acc) > -lastWins)) acc = x;
  }
  return acc;
}

/**
 * Minimum (`isMin`) or maximum over moving frames: a monotonic queue of window positions whose
 * values get worse from front to back (the front is the answer; a position that can never be
 * the answer again is dropped when a better one enters), so each position enters and leaves once.
 */
function extremeAccumulator(isMin: boolean, f: FrameInput): FrameAccumulator | null {
  if (f.distinct) return null;
  const v = f.args[0]!;
  const cmp = v.type === 'null' ? () => 0 : positionComparator(v);
  // numeric: ties take the later value (display scale), so an equal newcomer replaces; else the first stays
  const lastWins = v.type === 'numeric';
  const queue = new Int32Array(f.order.length);
  let head = 0, tail = 0;
  return {
    reset: () => { head = 0; tail = 0; },
    add: (t) => {
      const row = frameRowAt(f, v, t);
      if (row < 0) return;
      while (tail > head) {
        const c = cmp(row, f.order[queue[tail - 1]!]!);
        const drop = isMin ? (lastWins ? c <= 0 : c < 0) : (lastWins ? c >= 0 : c > 0);
        if (!drop) break;
        tail--;
      }
      queue[tail++] = t;
    },
    remove: (t) => {
      if (tail > head && queue[head] === t) head++;
      return true;
    },
    result: () => (tail > head ? valueAt(v, f.order[queue[head]!]!) : null),
  };
}

/** The argument's own type (text for an untyped NULL); json has no order. */
const ordered = (t: DataType): DataType | null => (t === 'json' ? null : t === 'null' ? 'text' : t);

/** MIN(x). */
export const MIN: AggregateDef = {
  func: 'min',
  names: ['min'],
  resolve: (_name, args) => unary(args, ordered),
  combine: 'min',
  group: (input) => extremeGroups(true, input),
  frame: (f) => extremeFrame(true, f),
  accumulator: (f) => extremeAccumulator(true, f),
};

/** MAX(x). */
export const MAX: AggregateDef = {
  func: 'max',
  names: ['max'],
  resolve: (_name, args) => unary(args, ordered),
  combine: 'max',
  group: (input) => extremeGroups(false, input),
  frame: (f) => extremeFrame(false, f),
  accumulator: (f) => extremeAccumulator(false, f),
};
