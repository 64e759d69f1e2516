/** Table functions in FROM: generate_series(start, stop[, step]). */
import { DbError } from '../../errors/db-error.ts';
import { SqlState } from '../../errors/sqlstate.ts';
import type { DataType } from '../../types/data-type.ts';
import { valueAt, type Batch, type JsValue } from '../../types/vector.ts';
import { NumericBuilder } from '../../types/numeric-data.ts';
import { FINITE, NAN, numericValue, parseNumeric, pow10n } from '../../types/numeric-value.ts';
import type { ExecContext } from '../context.ts';
import type { Evaluator } from '../expr/evaluator.ts';
import { explainNode, type ExplainNode, type PhysicalOp } from '../operator.ts';

const ONE: Batch = { length: 1, columns: [] };

/** generate_series as an operator. */
export class GenerateSeriesOp implements PhysicalOp {
  constructor(readonly ids: readonly number[], private readonly type: DataType, private readonly args: readonly Evaluator[]) {}

  run(ctx: ExecContext): Batch {
    const vals: (JsValue)[] = this.args.map((a) => valueAt(a(ONE, null, ctx), 0));
    if (vals.some((v) => v === null)) return { length: 0, columns: [{ type: this.type, length: 0, data: this.type === 'numeric' ? new NumericBuilder(0).finish() : new Float64Array(0), nulls: null }] };
    if (this.type === 'numeric') return numericSeries(vals as string[], ctx);
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

/** generate_series(numeric, numeric[, numeric]): exact steps, display scale max(start, step). */
function numericSeries(texts: readonly string[], ctx: ExecContext): Batch {
  const [start, stop, step] = [parseNumeric(texts[0]!), parseNumeric(texts[1]!), parseNumeric(texts[2] ?? '1')];
  const names = ['start', 'stop', 'step size'];
  [start, stop, step].forEach((v, k) => {
    if (v.special === NAN) throw new DbError(SqlState.INVALID_PARAMETER_VALUE, `${names[k]} value cannot be NaN`.replace('step size value', 'step size'));
    if (v.special !== FINITE) throw new DbError(SqlState.INVALID_PARAMETER_VALUE, `${names[k]} value cannot be infinity`.replace('step size value', 'step size'));
  });
  if (step.int === 0n) throw new DbError(SqlState.INVALID_PARAMETER_VALUE, 'step size cannot equal zero');
  const s = Math.max(start.dscale, step.dscale, stop.dscale);
  const a = start.int * pow10n(s - start.dscale), e = stop.int * pow10n(s - stop.dscale), d = step.int * pow10n(s - step.dscale);
  const countBig = (e - a) / d + 1n;
  const count = countBig < 0n ? 0 : Number(countBig);
  if (count > ctx.limits.maxRows) throw new DbError(SqlState.PROGRAM_LIMIT_EXCEEDED, `generate_series would produce ${count} rows, more than the limit of ${ctx.limits.maxRows}`);
  const ds = Math.max(start.dscale, step.dscale);
  const bld = new NumericBuilder(count);
  for (let i = 0; i < count; i++) {
    const v = a + BigInt(i) * d; // at scale s ≥ ds; the digits beyond ds are zero
    bld.setValue(i, numericValue(v / pow10n(s - ds), ds));
  }
  return { length: count, columns: [{ type: 'numeric', length: count, data: bld.finish(), nulls: null }] };
}
