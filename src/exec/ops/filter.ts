/**
 * Filter: keeps the rows where the predicate is TRUE (selection, then one gather per column). A
 * constant FALSE / NULL predicate is a one-time filter: its input never runs (PostgreSQL's gating
 * Result), so nothing below it is evaluated.
 */
import { allocData, gather, type Batch, type Vector } from '../../types/vector.ts';
import type { ExecContext } from '../context.ts';
import { explainNode, type ExplainNode, type PhysicalOp } from '../operator.ts';

/** The filter operator. */
export class FilterOp implements PhysicalOp {
  constructor(
    readonly ids: readonly number[],
    private readonly input: PhysicalOp,
    private readonly pred: (b: Batch, sel: Int32Array | null, ctx: ExecContext) => Int32Array,
    private readonly text: string,
    /** Set for a constant FALSE / NULL predicate: the output column types of the empty result. */
    private readonly never: readonly Vector['type'][] | null = null,
  ) {}

  run(ctx: ExecContext): Batch {
    if (this.never !== null) return { length: 0, columns: this.never.map((type) => ({ type, length: 0, data: allocData(type, 0), nulls: null })) };
    const b = this.input.run(ctx);
    ctx.checkpoint();
    if (b.length === 0) return b;
    const sel = this.pred(b, null, ctx);
    if (sel.length === b.length) return b;
    return { length: sel.length, columns: b.columns.map((c) => gather(c, sel)) };
  }

  explain(): ExplainNode {
    if (this.never !== null) return explainNode('Result', [`One-Time Filter: ${this.text}`], [this.input.explain()]);
    return explainNode('Filter', [this.text], [this.input.explain()]);
  }
}
