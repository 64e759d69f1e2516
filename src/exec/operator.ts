/**
 * The operator contract. A physical operator produces one batch holding all of its rows
 * (operator-at-a-time execution over column vectors: no per-row virtual calls, kernels loop
 * over whole typed arrays). `ids` are the logical column ids of its output, in order.
 */
import type { Batch } from '../types/vector.ts';
import type { ExecContext } from './context.ts';

/** A line of EXPLAIN output: a label and children. */
export interface ExplainNode {
  readonly label: string;
  readonly details: readonly string[];
  readonly children: readonly ExplainNode[];
}

/** A physical operator. */
export interface PhysicalOp {
  readonly ids: readonly number[];
  run(ctx: ExecContext): Batch;
  explain(): ExplainNode;
}

/** An empty batch of `width` columns is never needed: operators return real vectors of length 0. */
export function explainNode(label: string, details: readonly string[], children: readonly ExplainNode[]): ExplainNode {
  return { label, details, children };
}
