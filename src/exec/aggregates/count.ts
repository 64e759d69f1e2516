/**
 * COUNT(*) and COUNT(x): bigint, never NULL (0 for an empty group). COUNT(*) counts rows and
 * reuses the grouping pass's per-group row counts when no FILTER narrows the rows; COUNT(x)
 * counts non-NULL values. Partial counts combine by SUM.
 */
import type { Vector } from '../../types/vector.ts';
import { frameRowAt, frameSeen, frameValueAt, unary, type AggregateDef, type FrameAccumulator, type FrameInput, type GroupInput } from './aggregate.ts';

/** Counts the frame's rows (`v` null: COUNT(*)) or its non-NULL values, FILTER applied. */
function countAccumulator(f: FrameInput, v: Vector | null): FrameAccumulator | null {
  if (f.distinct) return null;
  let c = 0;
  return {
    reset: () => { c = 0; },
    add: (t) => { if (frameRowAt(f, v, t) >= 0) c++; },
    remove: (t) => { if (frameRowAt(f, v, t) >= 0) c--; return true; },
    result: () => BigInt(c),
  };
}

/** COUNT(*): rows per group. */
export const COUNT_STAR: AggregateDef = {
  func: 'count_star',
  names: [],
  resolve: (_name, args) => (args.length === 0 ? { args: [], defaults: [], result: 'bigint' } : null),
  combine: 'sum',
  group({ gids, rows, count: m, groups, groupSizes: counts }: GroupInput): Vector {
    const cnt = new BigInt64Array(groups);
    let c: Float64Array;
    if (counts !== null && rows === null) c = counts; // counted by the grouping pass
    else {
      c = new Float64Array(groups);
      for (let k = 0; k < m; k++) c[gids[rows === null ? k : rows[k]!]!]!++;
    }
    for (let g = 0; g < groups; g++) cnt[g] = BigInt(c[g]!);
    return { type: 'bigint', length: groups, data: cnt, nulls: null };
  },
  frame({ order, from, to, pass }: FrameInput) {
    if (pass === null) return BigInt(to - from);
    let c = 0;
    for (let t = from; t < to; t++) c += pass[order[t]!]!;
    return BigInt(c);
  },
  accumulator: (f) => countAccumulator(f, null),
};

/** COUNT(x): non-NULL values per group. */
export const COUNT: AggregateDef = {
  func: 'count',
  names: ['count'],
  resolve: (_name, args) => unary(args, () => 'bigint'),
  combine: 'sum',
  group({ args, gids, rows, count: mm, groups }: GroupInput): Vector {
    const v = args[0]!;
    const vn = v.type === 'null' ? null : v.nulls;
    const allNull = v.type === 'null';
    const at = (k: number) => (rows === null ? k : rows[k]!);
    const c = new Float64Array(groups);
    if (!allNull) for (let k = 0; k < mm; k++) { const i = at(k); if (vn === null || vn[i] === 0) c[gids[i]!]!++; }
    const out = new BigInt64Array(groups);
    for (let g = 0; g < groups; g++) out[g] = BigInt(c[g]!);
    return { type: 'bigint', length: groups, data: out, nulls: null };
  },
  frame(f: FrameInput) {
    const v = f.args[0]!;
    const seen = frameSeen(f);
    let count = 0;
    for (let t = f.from; t < f.to; t++) if (frameValueAt(f, v, t, seen) !== undefined) count++;
    return BigInt(count);
  },
  accumulator: (f) => countAccumulator(f, f.args[0]!),
};
