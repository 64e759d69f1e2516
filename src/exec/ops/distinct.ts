/** DISTINCT and DISTINCT ON: keeps the first row of each key (NULLs equal). */
import { gather, type Batch } from '../../types/vector.ts';
import type { ExecContext } from '../context.ts';
import type { Evaluator } from '../expr/evaluator.ts';
import { groupRows } from '../kernels/key-table.ts';
import { explainNode, type ExplainNode, type PhysicalOp } from '../operator.ts';

/** The distinct operator. */
export class DistinctOp implements PhysicalOp {
  constructor(
    readonly ids: readonly number[],
    private readonly input: PhysicalOp,
    /** Key expressions; empty means all columns. */
    private readonly on: readonly Evaluator[],
  ) {}

  run(ctx: ExecContext): Batch {
    const b = this.input.run(ctx);
    ctx.checkpoint();
    if (b.length <= 1) return b;
    const keys = this.on.length === 0 ? b.columns : this.on.map((e) => e(b, null, ctx));
    const g = groupRows(keys, b.length, null);
    if (g.count === b.length) return b;
    return { length: g.count, columns: b.columns.map((c) => gather(c, g.first)) };
  }

  explain(): ExplainNode {
    return explainNode(this.on.length === 0 ? 'HashAggregate (distinct)' : 'Unique (distinct on)', [], [this.input.explain()]);
  }
}
