/** LIMIT / OFFSET. Negative values are errors (2201W / 2201X), NULL means no limit. */
import { DbError } from '../../errors/db-error.ts';
import { SqlState } from '../../errors/sqlstate.ts';
import { sliceVector, type Batch } from '../../types/vector.ts';
import type { ExecContext } from '../context.ts';
import type { Evaluator } from '../expr/evaluator.ts';
import { explainNode, type ExplainNode, type PhysicalOp } from '../operator.ts';

const ONE: Batch = { length: 1, columns: [] };

/** Evaluates a LIMIT/OFFSET expression to a row count (null = none). */
export function evalCount(ev: Evaluator | null, ctx: ExecContext, what: 'LIMIT' | 'OFFSET'): number | null {
  if (ev === null) return null;
  const v = ev(ONE, null, ctx);
  if (v.nulls !== null && v.nulls[0] === 1) return null;
  const x = Number((v.data as ArrayLike<bigint | number>)[0]);
  if (x < 0) {
    throw new DbError(what === 'LIMIT' ? SqlState.INVALID_ROW_COUNT_IN_LIMIT : SqlState.INVALID_ROW_COUNT_IN_OFFSET,
      `${what} must not be negative`);
  }
  return x;
}

/** The limit operator. */
export class LimitOp implements PhysicalOp {
  constructor(
    readonly ids: readonly number[],
    private readonly input: PhysicalOp,
    readonly limit: Evaluator | null,
    readonly offset: Evaluator | null,
  ) {}

  run(ctx: ExecContext): Batch {
    const lim = evalCount(this.limit, ctx, 'LIMIT');
    const off = evalCount(this.offset, ctx, 'OFFSET') ?? 0;
    const b = this.input.run(ctx);
    ctx.checkpoint();
    const start = Math.min(off, b.length);
    const end = lim === null ? b.length : Math.min(b.length, start + lim);
    if (start === 0 && end === b.length) return b;
    return { length: end - start, columns: b.columns.map((c) => sliceVector(c, start, end)) };
  }

  explain(): ExplainNode {
    return explainNode('Limit', [], [this.input.explain()]);
  }
}
