/** Filter: keeps the rows where the predicate is TRUE (selection, then one gather per column). */
import { gather, type Batch } from '../../types/vector.ts';
import type { ExecContext } from '../context.ts';
import { explainNode, type ExplainNode, type PhysicalOp } from '../operator.ts';

/** The filter operator. */
export class FilterOp implements PhysicalOp {
  constructor(
    readonly ids: readonly number[],
    private readonly input: PhysicalOp,
    private readonly pred: (b: Batch, sel: Int32Array | null, ctx: ExecContext) => Int32Array,
    private readonly text: string,
  ) {}

  run(ctx: ExecContext): Batch {
    const b = this.input.run(ctx);
    ctx.checkpoint();
    if (b.length === 0) return b;
    const sel = this.pred(b, null, ctx);
    if (sel.length === b.length) return b;
    return { length: sel.length, columns: b.columns.map((c) => gather(c, sel)) };
  }

  explain(): ExplainNode {
    return explainNode('Filter', [this.text], [this.input.explain()]);
  }
}
