/**
 * Hash aggregation: rows get dense group ids from their keys, then each aggregate
 * accumulates into typed arrays indexed by group id (count/sum/avg/min/max in one pass per
 * aggregate, no per-row objects; the accumulators live in `exec/aggregates/`). FILTER narrows
 * the rows an aggregate sees, DISTINCT keeps the first row of each (group, value); a query
 * without GROUP BY has exactly one group. One small-range integer key with plain counts and
 * sums takes the dense path of `dense-aggregate.ts`.
 */
import type { DataType } from '../../types/data-type.ts';
import { gather, type Batch, type Vector } from '../../types/vector.ts';
import { distinctRows } from '../aggregates/aggregate.ts';
import { aggregateDef, type AggFunc, type AggregateDef } from '../aggregates/index.ts';
import type { ExecContext } from '../context.ts';
import type { Evaluator } from '../expr/evaluator.ts';
import { groupRows } from '../kernels/key-table.ts';
import { explainNode, type ExplainNode, type PhysicalOp } from '../operator.ts';
import { denseAggregate } from './dense-aggregate.ts';
import { rowComparator } from './sort.ts';

/** What the operator reads of an aggregate call (the plan's `AggCall` fits). */
export interface AggregateCall {
  readonly func: AggFunc;
  readonly distinct: boolean;
  readonly type: DataType;
}

/** A compiled aggregate. */
export interface CompiledAgg {
  readonly call: AggregateCall;
  readonly args: readonly Evaluator[];
  readonly filter: ((b: Batch, sel: Int32Array | null, ctx: ExecContext) => Int32Array) | null;
  readonly orderBy: readonly { readonly ev: Evaluator; readonly desc: boolean; readonly nullsFirst: boolean }[];
}

/** The hash aggregate operator. */
export class HashAggregateOp implements PhysicalOp {
  constructor(
    readonly ids: readonly number[],
    private readonly input: PhysicalOp,
    private readonly groups: readonly Evaluator[],
    private readonly aggs: readonly CompiledAgg[],
    private readonly text: readonly string[],
  ) {
    this.defs = aggs.map((a) => aggregateDef(a.call.func));
  }

  /** Each aggregate's implementation, aligned with `aggs`. */
  private readonly defs: readonly AggregateDef[];

  private gidBuf: Int32Array | null = null;

  run(ctx: ExecContext): Batch {
    const b = this.input.run(ctx);
    ctx.checkpoint();
    const n = b.length;
    const keyVecs = this.groups.map((g) => g(b, null, ctx));
    if (keyVecs.length === 1) {
      // one small-range integer key and plain counts/sums: accumulators indexed by the key value
      const dense = denseAggregate(keyVecs[0]!, this.aggs, b, ctx);
      if (dense !== null) return { length: dense[0]!.length, columns: dense };
    }
    const scalar = this.groups.length === 0;
    // the group-id buffer is reused across executions of this operator (it never escapes run())
    if (this.gidBuf === null || this.gidBuf.length < n) this.gidBuf = new Int32Array(n);
    const grouping = groupRows(keyVecs, n, null, this.gidBuf);
    const groupCount = scalar ? 1 : grouping.count;
    const out: Vector[] = [];
    for (const kv of keyVecs) out.push(gather(kv, grouping.first, groupCount));
    for (let i = 0; i < this.aggs.length; i++) out.push(this.compute(this.aggs[i]!, this.defs[i]!, b, grouping.gids, groupCount, ctx, grouping.counts ?? null));
    return { length: groupCount, columns: out };
  }

  private compute(a: CompiledAgg, def: AggregateDef, b: Batch, gids: Int32Array, groups: number, ctx: ExecContext, counts: Float64Array | null): Vector {
    const n = b.length;
    let rows: Int32Array | null = null; // positions (into b) this aggregate sees
    if (a.filter !== null) rows = a.filter(b, null, ctx);
    const args = a.args.map((ev) => ev(b, rows, ctx));
    const call = a.call;
    // DISTINCT: keep only the first row of each (group, value)
    if (call.distinct && args.length > 0 && args[0]!.type !== 'null') rows = distinctRows(args[0]!, gids, rows, n);
    const seen = rows;
    return def.group({
      args, gids, rows, count: rows === null ? n : rows.length, groups,
      groupSizes: rows === null ? counts : null,
      type: call.type,
      order: a.orderBy.length === 0 ? null : () => rowComparator(a.orderBy.map((o) => o.ev(b, seen, ctx)), a.orderBy),
    });
  }

  explain(): ExplainNode {
    return explainNode(this.groups.length === 0 ? 'Aggregate' : 'HashAggregate', this.text, [this.input.explain()]);
  }
}
