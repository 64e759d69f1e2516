/** Table functions in FROM: generate_series(start, stop[, step]). */
import { DbError } from '../../errors/db-error.ts';
import { SqlState } from '../../errors/sqlstate.ts';
import type { DataType } from '../../types/data-type.ts';
import type { Batch, JsValue } from '../../types/vector.ts';
import type { ExecContext } from '../context.ts';
import type { Evaluator } from '../expr/evaluator.ts';
import { explainNode, type ExplainNode, type PhysicalOp } from '../operator.ts';

const ONE: Batch = { length: 1, columns: [] };

/** generate_series as an operator. */
export class GenerateSeriesOp implements PhysicalOp {
  constructor(readonly ids: readonly number[], private readonly type: DataType, private readonly args: readonly Evaluator[]) {}

  run(ctx: ExecContext): Batch {
    const vals: (JsValue)[] = this.args.map((a) => {
      const v = a(ONE, null, ctx);
      return v.nulls !== null && v.nulls[0] === 1 ? null : (v.data as ArrayLike<JsValue>)[0]!;
    });
    if (vals.some((v) => v === null)) return { length: 0, columns: [{ type: this.type, length: 0, data: new Float64Array(0), nulls: null }] };
    const start = Number(vals[0]), stop = Number(vals[1]), step = vals[2] === undefined ? 1 : Number(vals[2]);
    if (step === 0) throw new DbError(SqlState.INVALID_PARAMETER_VALUE, 'step size cannot equal zero');
    const count = Math.max(0, Math.floor((stop - start) / step) + 1);
    if (count > ctx.limits.maxRows) throw new DbError(SqlState.PROGRAM_LIMIT_EXCEEDED, `generate_series would produce ${count} rows, more than the limit of ${ctx.limits.maxRows}`);
    if (this.type === 'bigint') {
      const d = new BigInt64Array(count);
      for (let i = 0; i < count; i++) d[i] = BigInt(start + i * step);
      return { length: count, columns: [{ type: 'bigint', length: count, data: d, nulls: null }] };
    }
    const d = this.type === 'integer' ? new Int32Array(count) : new Float64Array(count);
    for (let i = 0; i < count; i++) d[i] = start + i * step;
    return { length: count, columns: [{ type: this.type, length: count, data: d, nulls: null }] };
  }

  explain(): ExplainNode {
    return explainNode('Function Scan on generate_series', [], []);
  }
}
