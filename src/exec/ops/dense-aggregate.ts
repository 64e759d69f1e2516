/**
 * The hash aggregate's fast path for GROUP BY one 32-bit integer key with a small range of
 * values and aggregates that are counts, sums, averages or totals of integer or double columns
 * without NULLs, with a bigint or double result (no FILTER, DISTINCT or ORDER BY): the accumulators are indexed by the key value itself
 * (`kernels/dense-agg.ts`), one counting pass plus one pass per sum, no group-id column. Groups
 * come out in the order of their first row, as the general path orders them. Anything else —
 * or a key range over the limit, or an integer sum beyond 2^53 — returns null and takes the
 * general path.
 */
import type { DataType } from '../../types/data-type.ts';
import type { Batch, Vector } from '../../types/vector.ts';
import type { AggFunc } from '../aggregates/index.ts';
import type { ExecContext } from '../context.ts';
import type { Evaluator } from '../expr/evaluator.ts';
import { denseCount, denseSum, slotsInOrder } from '../kernels/dense-agg.ts';

/** What the dense path reads of a compiled aggregate (`hash-aggregate.ts`'s `CompiledAgg` fits). */
interface DenseAggInput {
  readonly call: { readonly func: AggFunc; readonly distinct: boolean; readonly type: DataType };
  readonly args: readonly Evaluator[];
  readonly filter: unknown;
  readonly orderBy: readonly unknown[];
}

/** Largest key range (slots) the fast path accumulates over. */
const MAX_SPAN = 65536;

function numericData(v: Vector): Float64Array | Int32Array | null {
  if (v.nulls !== null) return null;
  const d = v.data;
  return d instanceof Float64Array || d instanceof Int32Array ? d : null;
}

/**
 * The output columns (keys, then one per aggregate) of the dense path, or null when it does not
 * apply.
 * @param key - the evaluated group key
 */
export function denseAggregate(key: Vector, aggs: readonly DenseAggInput[], b: Batch, ctx: ExecContext): Vector[] | null {
  const n = b.length;
  if (n === 0 || key.nulls !== null || !(key.data instanceof Int32Array)) return null;
  for (const a of aggs) {
    const f = a.call.func;
    if (a.filter !== null || a.call.distinct || a.orderBy.length > 0) return null;
    if (f !== 'count_star' && f !== 'count' && f !== 'sum' && f !== 'avg' && f !== 'total') return null;
    // exact results (numeric: AVG of integers, SUM of bigint) and float4 sums take the general path
    if ((f === 'sum' || f === 'avg' || f === 'total') && a.call.type !== 'bigint' && a.call.type !== 'double') return null;
  }
  // arguments first (cheap: column references), so that a NULL-able one bails out before any pass
  const args: (Float64Array | Int32Array | null)[] = [];
  for (const a of aggs) {
    if (a.call.func === 'count_star') { args.push(null); continue; }
    const v = a.args[0]?.(b, null, ctx);
    const d = v === undefined ? null : numericData(v);
    if (d === null) return null;
    args.push(d);
  }
  const kd = key.data;
  const slots = denseCount(kd, null, n, Math.min(MAX_SPAN, Math.max(1024, n * 4)));
  if (slots === null) return null;
  const order = slotsInOrder(slots);
  const groups = order.length;
  const span = slots.counts.length;
  const keys = new Int32Array(groups);
  const counts = new Float64Array(groups);
  for (let g = 0; g < groups; g++) {
    const o = order[g]!;
    keys[g] = slots.lo + o;
    counts[g] = slots.counts[o]!;
  }
  const out: Vector[] = [{ type: key.type, length: groups, data: keys, nulls: null }];
  for (let i = 0; i < aggs.length; i++) {
    const call = aggs[i]!.call;
    const d = args[i] ?? null;
    if (d === null || call.func === 'count') {
      const c = new BigInt64Array(groups);
      for (let g = 0; g < groups; g++) c[g] = BigInt(counts[g]!);
      out.push({ type: 'bigint', length: groups, data: c, nulls: null });
      continue;
    }
    const bySlot = denseSum(kd, d, null, n, slots.lo, span);
    if (call.type === 'bigint') {
      const s = new BigInt64Array(groups);
      for (let g = 0; g < groups; g++) {
        const x = bySlot[order[g]!]!;
        // beyond 2^53 the float accumulator may have rounded: the general path sums exactly
        if (Math.abs(x) >= 2 ** 53) return null;
        s[g] = BigInt(x);
      }
      out.push({ type: 'bigint', length: groups, data: s, nulls: null });
      continue;
    }
    const r = new Float64Array(groups);
    if (call.func === 'avg') for (let g = 0; g < groups; g++) r[g] = bySlot[order[g]!]! / counts[g]!;
    else for (let g = 0; g < groups; g++) r[g] = bySlot[order[g]!]!;
    out.push({ type: 'double', length: groups, data: r, nulls: null });
  }
  return out;
}
