/** Projection: evaluates one expression per output column (column references pass through). */
import type { Batch } from '../../types/vector.ts';
import type { ExecContext } from '../context.ts';
import type { Evaluator } from '../expr/evaluator.ts';
import { explainNode, type ExplainNode, type PhysicalOp } from '../operator.ts';

/** The projection operator. */
export class ProjectOp implements PhysicalOp {
  constructor(
    readonly ids: readonly number[],
    private readonly input: PhysicalOp,
    private readonly exprs: readonly Evaluator[],
    private readonly text: readonly string[],
  ) {}

  run(ctx: ExecContext): Batch {
    const b = this.input.run(ctx);
    ctx.checkpoint();
    const cols = new Array(this.exprs.length);
    for (let i = 0; i < this.exprs.length; i++) cols[i] = this.exprs[i]!(b, null, ctx);
    return { length: b.length, columns: cols };
  }

  explain(): ExplainNode {
    return explainNode('Project', [`Output: ${this.text.join(', ')}`], [this.input.explain()]);
  }
}
