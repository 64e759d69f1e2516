/** Table functions in FROM: generate_series(start, stop[, step]). */
import { DbError } from '../../errors/db-error.ts';
import { SqlState } from '../../errors/sqlstate.ts';
import type { DataType } from '../../types/data-type.ts';
import { valueAt, type Batch, type JsValue } from '../../types/vector.ts';
import { NumericBuilder } from '../../types/numeric-data.ts';
import { FINITE, NAN, PINF, numericValue, parseNumeric, pow10n } from '../../types/numeric-value.ts';
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
    if (this.type === 'bigint') return bigintSeries(vals as bigint[], ctx);
    const start = Number(vals[0]), stop = Number(vals[1]), step = vals[2] === undefined ? 1 : Number(vals[2]);
    // non-finite bounds fail as PostgreSQL's numeric generate_series does (a NaN count is no count)
    checkFinite([start, stop, step].map((v) => (Number.isNaN(v) ? NAN : Number.isFinite(v) ? FINITE : PINF)));
    if (step === 0) throw new DbError(SqlState.INVALID_PARAMETER_VALUE, 'step size cannot equal zero');
    const count = Math.max(0, Math.floor((stop - start) / step) + 1);
    checkCount(count, ctx);
    const d = this.type === 'integer' ? new Int32Array(count) : new Float64Array(count);
    for (let i = 0; i < count; i++) d[i] = start + i * step;
    return { length: count, columns: [{ type: this.type, length: count, data: d, nulls: null }] };
  }

  explain(): ExplainNode {
    return explainNode('Function Scan on generate_series', [], []);
  }
}

/** 22023 for a NaN or infinite start, stop or step (PostgreSQL's numeric generate_series). */
function checkFinite(specials: readonly number[]): void {
  const names = ['start value', 'stop value', 'step size'];
  specials.forEach((sp, k) => {
    if (sp === NAN) throw new DbError(SqlState.INVALID_PARAMETER_VALUE, `${names[k]} cannot be NaN`);
    if (sp !== FINITE) throw new DbError(SqlState.INVALID_PARAMETER_VALUE, `${names[k]} cannot be infinity`);
  });
}

/** 54000 when a series would hold more rows than a statement may. */
function checkCount(count: number, ctx: ExecContext): void {
  if (count > ctx.limits.maxRows) throw new DbError(SqlState.PROGRAM_LIMIT_EXCEEDED, `generate_series would produce ${count} rows, more than the limit of ${ctx.limits.maxRows}`);
}

/** The number of steps from `a` to `e` by `d` (d ≠ 0): 0 when `e` lies behind `a`. */
function stepCount(a: bigint, e: bigint, d: bigint): number {
  if (d > 0n ? e < a : e > a) return 0;
  const n = (e - a) / d + 1n;
  return n > 9007199254740991n ? Number.MAX_SAFE_INTEGER : Number(n);
}

/** generate_series(bigint, bigint[, bigint]): exact steps (no detour through doubles). */
function bigintSeries(vals: readonly bigint[], ctx: ExecContext): Batch {
  const a = vals[0]!, e = vals[1]!, d = vals[2] ?? 1n;
  if (d === 0n) throw new DbError(SqlState.INVALID_PARAMETER_VALUE, 'step size cannot equal zero');
  const count = stepCount(a, e, d);
  checkCount(count, ctx);
  const out = new BigInt64Array(count);
  let v = a;
  for (let i = 0; i < count; i++, v += d) out[i] = v;
  return { length: count, columns: [{ type: 'bigint', length: count, data: out, nulls: null }] };
}

/** generate_series(numeric, numeric[, numeric]): exact steps, display scale max(start, step). */
function numericSeries(texts: readonly string[], ctx: ExecContext): Batch {
  const [start, stop, step] = [parseNumeric(texts[0]!), parseNumeric(texts[1]!), parseNumeric(texts[2] ?? '1')];
  checkFinite([start.special, stop.special, step.special]);
  if (step.int === 0n) throw new DbError(SqlState.INVALID_PARAMETER_VALUE, 'step size cannot equal zero');
  const s = Math.max(start.dscale, step.dscale, stop.dscale);
  const a = start.int * pow10n(s - start.dscale), e = stop.int * pow10n(s - stop.dscale), d = step.int * pow10n(s - step.dscale);
  const count = stepCount(a, e, d);
  checkCount(count, ctx);
  const ds = Math.max(start.dscale, step.dscale);
  const bld = new NumericBuilder(count);
  for (let i = 0; i < count; i++) {
    const v = a + BigInt(i) * d; // at scale s ≥ ds; the digits beyond ds are zero
    bld.setValue(i, numericValue(v / pow10n(s - ds), ds));
  }
  return { length: count, columns: [{ type: 'numeric', length: count, data: bld.finish(), nulls: null }] };
}
