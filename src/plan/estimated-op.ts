/**
 * An operator annotated with its estimated row count for EXPLAIN (`Hash Join (rows=1234)`):
 * it runs the operator it wraps unchanged. The estimate is computed when EXPLAIN asks for it,
 * so plans that are only run never pay for estimates they do not use.
 */
import type { Batch } from '../types/vector.ts';
import type { ExecContext } from '../exec/context.ts';
import { explainNode, type ExplainNode, type PhysicalOp } from '../exec/operator.ts';

/** A physical operator plus its estimated output rows. */
export class EstimatedOp implements PhysicalOp {
  readonly ids: readonly number[];

  constructor(private readonly inner: PhysicalOp, private readonly rows: () => number) {
    this.ids = inner.ids;
  }

  run(ctx: ExecContext): Batch {
    return this.inner.run(ctx);
  }

  explain(): ExplainNode {
    const n = this.inner.explain();
    return explainNode(`${n.label} (rows=${Math.round(this.rows())})`, n.details, n.children.map(withInputRows));
  }
}

const ROWS = / \(rows=\d+\)$/;

/** A pass-through node an operator draws itself (a hash join's `Hash`) shows its input's estimate. */
function withInputRows(c: ExplainNode): ExplainNode {
  if (ROWS.test(c.label) || c.children.length !== 1) return c;
  const m = ROWS.exec(c.children[0]!.label);
  return m === null ? c : explainNode(c.label + m[0], c.details, c.children);
}
