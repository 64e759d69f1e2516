/**
 * Hash aggregation: rows get dense group ids from their keys, then each aggregate
 * accumulates into typed arrays indexed by group id (count/sum/avg/min/max in one pass per
 * aggregate, no per-row objects). DISTINCT aggregates keep a set per group; FILTER narrows the
 * rows an aggregate sees; a query without GROUP BY has exactly one group.
 */
import type { AggregateSpec as AggCall } from '../call-spec.ts';
import { DbError } from '../../errors/db-error.ts';
import { SqlState } from '../../errors/sqlstate.ts';
import { allocData, gather, type Batch, type Vector } from '../../types/vector.ts';
import type { ExecContext } from '../context.ts';
import type { Evaluator } from '../expr/evaluator.ts';
import { comparatorFor } from '../kernels/compare.ts';
import { groupRows, keyReaderNullsEqual } from '../kernels/key-table.ts';
import { explainNode, type ExplainNode, type PhysicalOp } from '../operator.ts';
import { rowComparator } from './sort.ts';

/** A compiled aggregate. */
export interface CompiledAgg {
  readonly call: AggCall;
  readonly args: readonly Evaluator[];
  readonly filter: ((b: Batch, sel: Int32Array | null, ctx: ExecContext) => Int32Array) | null;
  readonly orderBy: readonly { readonly ev: Evaluator; readonly desc: boolean; readonly nullsFirst: boolean }[];
}

const I64_MAX = 2n ** 63n - 1n, I64_MIN = -(2n ** 63n);

/** The hash aggregate operator. */
export class HashAggregateOp implements PhysicalOp {
  constructor(
    readonly ids: readonly number[],
    private readonly input: PhysicalOp,
    private readonly groups: readonly Evaluator[],
    private readonly aggs: readonly CompiledAgg[],
    private readonly text: readonly string[],
  ) {}

  private gidBuf: Int32Array | null = null;

  run(ctx: ExecContext): Batch {
    const b = this.input.run(ctx);
    const n = b.length;
    const keyVecs = this.groups.map((g) => g(b, null, ctx));
    const scalar = this.groups.length === 0;
    // the group-id buffer is reused across executions of this operator (it never escapes run())
    if (this.gidBuf === null || this.gidBuf.length < n) this.gidBuf = new Int32Array(n);
    const grouping = groupRows(keyVecs, n, null, this.gidBuf);
    const groupCount = scalar ? 1 : grouping.count;
    const out: Vector[] = [];
    for (const kv of keyVecs) out.push(gather(kv, grouping.first, groupCount));
    for (const a of this.aggs) out.push(this.compute(a, b, grouping.gids, groupCount, ctx, grouping.counts ?? null));
    return { length: groupCount, columns: out };
  }

  private compute(a: CompiledAgg, b: Batch, gids: Int32Array, groups: number, ctx: ExecContext, counts: Float64Array | null): Vector {
    const n = b.length;
    let rows: Int32Array | null = null; // positions (into b) this aggregate sees
    if (a.filter !== null) rows = a.filter(b, null, ctx);
    const args = a.args.map((ev) => ev(b, rows, ctx));
    const call = a.call;
    const m = rows === null ? n : rows.length;
    const type = call.type;
    if (call.func === 'count_star') {
      const cnt = new BigInt64Array(groups);
      let c: Float64Array;
      if (counts !== null && rows === null) c = counts; // counted by the grouping pass
      else {
        c = new Float64Array(groups);
        for (let k = 0; k < m; k++) c[gids[rows === null ? k : rows[k]!]!]!++;
      }
      for (let g = 0; g < groups; g++) cnt[g] = BigInt(c[g]!);
      return { type: 'bigint', length: groups, data: cnt, nulls: null };
    }
    const v = args[0]!;
    const vn = v.type === 'null' ? null : v.nulls;
    const allNull = v.type === 'null';
    // DISTINCT: keep only the first row of each (group, value)
    if (call.distinct && !allNull) {
      const read = keyReaderNullsEqual([v.type]);
      const seen = new Set<unknown>();
      const keep: number[] = [];
      for (let k = 0; k < m; k++) {
        const i = rows === null ? k : rows[k]!;
        const key = `${gids[i]}|${String(read([v], i) as string)}`;
        const typed = typeof read([v], i) === 'string' ? 's' + key : key;
        if (seen.has(typed)) continue;
        seen.add(typed);
        keep.push(i);
      }
      rows = Int32Array.from(keep);
    }
    const mm = rows === null ? n : rows.length;
    const at = (k: number) => (rows === null ? k : rows[k]!);
    switch (call.func) {
      case 'count': {
        const c = new Float64Array(groups);
        if (!allNull) for (let k = 0; k < mm; k++) { const i = at(k); if (vn === null || vn[i] === 0) c[gids[i]!]!++; }
        const out = new BigInt64Array(groups);
        for (let g = 0; g < groups; g++) out[g] = BigInt(c[g]!);
        return { type: 'bigint', length: groups, data: out, nulls: null };
      }
      case 'sum': case 'avg': case 'total': {
        const sum = new Float64Array(groups);
        const cnt = new Float64Array(groups);
        const isBig = v.type === 'bigint';
        let big: bigint[] | null = null;
        const integral = v.type === 'integer' || v.type === 'smallint' || isBig;
        if (!allNull) {
          if (isBig) {
            big = new Array<bigint>(groups).fill(0n);
            const d = v.data as BigInt64Array;
            for (let k = 0; k < mm; k++) { const i = at(k); if (vn !== null && vn[i] === 1) continue; const g = gids[i]!; big[g] = big[g]! + d[i]!; cnt[g]!++; }
          } else {
            const d = v.data as ArrayLike<number>;
            const sel = rows;
            if (sel === null && vn === null) {
              // the common case, kept tight: every row, no NULLs
              for (let i = 0; i < mm; i++) { const g = gids[i]!; sum[g] = sum[g]! + d[i]!; cnt[g]!++; }
            } else {
              for (let k = 0; k < mm; k++) { const i = sel === null ? k : sel[k]!; if (vn !== null && vn[i] === 1) continue; const g = gids[i]!; sum[g] = sum[g]! + d[i]!; cnt[g]!++; }
            }
          }
        }
        const nulls = new Uint8Array(groups);
        let anyNull = false;
        if (call.func === 'total') {
          const out = new Float64Array(groups);
          for (let g = 0; g < groups; g++) out[g] = big !== null ? Number(big[g]) : sum[g]!;
          return { type: 'double', length: groups, data: out, nulls: null };
        }
        for (let g = 0; g < groups; g++) if (cnt[g] === 0) { nulls[g] = 1; anyNull = true; }
        if (call.func === 'avg') {
          const out = new Float64Array(groups);
          for (let g = 0; g < groups; g++) if (cnt[g]! > 0) out[g] = (big !== null ? Number(big[g]) : sum[g]!) / cnt[g]!;
          return { type: 'double', length: groups, data: out, nulls: anyNull ? nulls : null };
        }
        if (type === 'bigint') {
          const out = new BigInt64Array(groups);
          for (let g = 0; g < groups; g++) {
            let s: bigint;
            if (big !== null) s = big[g]!;
            else if (Math.abs(sum[g]!) < 2 ** 53) s = BigInt(sum[g]!);
            else s = exactIntSum(v, gids, rows, mm, g);
            if (s > I64_MAX || s < I64_MIN) throw new DbError(SqlState.NUMERIC_VALUE_OUT_OF_RANGE, 'bigint out of range');
            out[g] = s;
          }
          return { type: 'bigint', length: groups, data: out, nulls: anyNull ? nulls : null };
        }
        void integral;
        return { type: 'double', length: groups, data: sum, nulls: anyNull ? nulls : null };
      }
      case 'min': case 'max': {
        const out = allocData(type, groups) as unknown as unknown[];
        const has = new Uint8Array(groups);
        const isMin = call.func === 'min';
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
      case 'bool_and': case 'bool_or': {
        const out = new Uint8Array(groups);
        const has = new Uint8Array(groups);
        const isAnd = call.func === 'bool_and';
        if (!allNull) {
          const d = v.data as Uint8Array;
          for (let k = 0; k < mm; k++) {
            const i = at(k); if (vn !== null && vn[i] === 1) continue;
            const g = gids[i]!;
            if (has[g] === 0) { out[g] = d[i]!; has[g] = 1; } else out[g] = isAnd ? out[g]! & d[i]! : out[g]! | d[i]!;
          }
        }
        return { type: 'boolean', length: groups, data: out, nulls: nullsWhereMissing(has) };
      }
      case 'string_agg': {
        const sep = args[1]!;
        let order: number[] = [];
        for (let k = 0; k < mm; k++) order.push(at(k));
        if (a.orderBy.length > 0) order.sort(rowComparator(a.orderBy.map((o) => o.ev(b, rows, ctx)), a.orderBy));
        const parts: (string[] | null)[] = new Array(groups).fill(null);
        const seps: string[] = new Array(groups).fill('');
        const d = v.data as string[];
        for (const i of order) {
          if (allNull || (vn !== null && vn[i] === 1)) continue;
          const g = gids[i]!;
          const s = sep.nulls !== null && sep.nulls[i] === 1 ? '' : (sep.data as string[])[i]!;
          if (parts[g] === null) parts[g] = [d[i]!];
          else { parts[g]!.push(s, d[i]!); }
          seps[g] = s;
        }
        const out = new Array<string>(groups).fill('');
        const nulls = new Uint8Array(groups);
        let anyNull = false;
        for (let g = 0; g < groups; g++) {
          const p = parts[g];
          if (p === null || p === undefined) { nulls[g] = 1; anyNull = true; } else out[g] = p.join('');
        }
        return { type: 'text', length: groups, data: out, nulls: anyNull ? nulls : null };
      }
      case 'array_agg':
        break;
    }
    throw new DbError(SqlState.FEATURE_NOT_SUPPORTED, `aggregate ${call.func} is not supported`);
  }

  explain(): ExplainNode {
    return explainNode(this.groups.length === 0 ? 'Aggregate' : 'HashAggregate', this.text, [this.input.explain()]);
  }
}

function nullsWhereMissing(has: Uint8Array): Uint8Array | null {
  let any = false;
  const nulls = new Uint8Array(has.length);
  for (let g = 0; g < has.length; g++) if (has[g] === 0) { nulls[g] = 1; any = true; }
  return any ? nulls : null;
}

/** Exact integer sum of one group (used when the float accumulator passed 2^53). */
function exactIntSum(v: Vector, gids: Int32Array, rows: Int32Array | null, m: number, g: number): bigint {
  let s = 0n;
  const d = v.data as ArrayLike<number>;
  for (let k = 0; k < m; k++) {
    const i = rows === null ? k : rows[k]!;
    if (gids[i] !== g || (v.nulls !== null && v.nulls[i] === 1)) continue;
    s += BigInt(d[i]!);
  }
  return s;
}

