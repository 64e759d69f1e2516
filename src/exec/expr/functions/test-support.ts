/**
 * Test support for the function library: calls a registered function the way the binder and
 * evaluator will (resolve → cast arguments → evaluate) on JS values, and reads the result back.
 * Not used by the engine.
 */
import { DbError, err } from '../../../errors/db-error.ts';
import { castVector } from '../../kernels/cast.ts';
import type { DataType } from '../../../types/data-type.ts';
import { valueAt, vectorFromValues } from '../../../types/vector.ts';
import type { JsValue, Selection, Vector } from '../../../types/vector.ts';
import { TextBudget, type EvalContext } from '../function-registry.ts';
import { lookupFunction, undefinedFunctionError } from './index.ts';

/** A fixed evaluation context: 2024-01-02 03:04:05.678 UTC, user alice. */
export function testContext(): EvalContext {
  let seq = 1000n;
  return {
    now: Date.UTC(2024, 0, 2, 3, 4, 5, 678),
    user: 'alice',
    role: 'user',
    namespace: 'chat',
    nextSnowflake: () => seq++,
    textBudget: new TextBudget(),
  };
}

/** An argument: its type and one value per row. */
export type Arg = readonly [DataType, readonly JsValue[]];

/** Result of {@link callFunction}: the result type and values (null for NULL). */
export interface CallResult {
  readonly type: DataType;
  readonly values: JsValue[];
  readonly vector: Vector;
}

/**
 * Calls function `name` on argument columns (all of length `n`), optionally through a
 * selection vector (then only selected rows are returned, in order).
 */
export function callFunction(name: string, args: readonly Arg[], opts: { n?: number; sel?: Selection; ctx?: EvalContext } = {}): CallResult {
  const f = lookupFunction(name);
  const types = args.map((a) => a[0]);
  if (f === undefined || types.length < f.minArgs || types.length > f.maxArgs) throw undefinedFunctionError(name, types);
  const sig = f.resolve(types);
  if (sig === null) throw undefinedFunctionError(name, types);
  const n = opts.n ?? (args.length > 0 ? args[0]![1].length : 1);
  const sel = opts.sel ?? null;
  const vectors = args.map((a, k) => castVector(vectorFromValues(a[0], a[1]), sig.args[k]!, sel));
  const out = f.evaluate(vectors, n, sel, opts.ctx ?? testContext());
  if (out.type !== sig.result) throw err.internal(`${name}: result type ${out.type} != resolved ${sig.result}`);
  if (out.length !== n) throw err.internal(`${name}: result length ${out.length} != ${n}`);
  const rows = sel === null ? Array.from({ length: n }, (_, i) => i) : Array.from(sel);
  return { type: out.type, values: rows.map((i) => valueAt(out, i)), vector: out };
}

/** Calls a function on one row of constants and returns the single value. */
export function call1(name: string, ...args: Arg[]): JsValue {
  return callFunction(name, args.map(([t, v]) => [t, v.slice(0, 1)] as const), { n: 1 }).values[0]!;
}

/** The SQLSTATE code a call fails with, or 'ok'. */
export function errorCode(f: () => unknown): string {
  try {
    f();
    return 'ok';
  } catch (e) {
    if (e instanceof DbError) return e.code;
    throw e;
  }
}

/** `code message` of the DbError a call fails with, or 'ok'. */
export function errorOf(f: () => unknown): string {
  try {
    f();
    return 'ok';
  } catch (e) {
    if (e instanceof DbError) return `${e.code} ${e.message}`;
    throw e;
  }
}
