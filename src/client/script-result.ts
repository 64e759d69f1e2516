/**
 * The outcome of `session.queryScript()`: every statement's {@link Result} with its text, its
 * place in the script and the engine's time, and the error that stopped the script.
 */
import { deserializeDbError, type DbError } from '../errors/db-error.ts';
import type { ExecScriptOutcome, WireScriptOutcome } from '../api/engine-api.ts';
import { Result } from './result.ts';

/**
 * One statement of a script and its result.
 *
 * @example
 * ```ts
 * const { statements } = await s.queryScript('SELECT 1 AS a; SELECT 2 AS b');
 * statements[1];   // { sql: 'SELECT 2 AS b', start: 15, end: 28, elapsedMs: 0.2, result: Result { rows: [{ b: 2 }] } }
 * ```
 */
export interface StatementResult {
  /** The statement's text, as written in the script (without its `;`). */
  readonly sql: string;
  /** Where it starts in the script: 0-based UTF-16 offset. */
  readonly start: number;
  /** Where it ends in the script (exclusive). */
  readonly end: number;
  /** Milliseconds the engine spent on it (transfer to the page and rendering excluded). */
  readonly elapsedMs: number;
  /** Its result: rows, Arrow table, row count, message. */
  readonly result: Result;
}

/**
 * What `session.queryScript()` resolves to. Statements run in order; the first that fails stops
 * the script: `error` is that `DbError` (its `position` counts from the start of the whole
 * script) and `failed` the statement's span. Statements before it took effect. A syntax error
 * anywhere stops the script before any statement runs (`statements` empty, `failed` null).
 *
 * @example
 * ```ts
 * const out = await s.queryScript('CREATE TABLE t (a INT);\nINSERT INTO t VALUES (1);\nSELECT nope FROM t');
 * out.statements.map((x) => x.result.message);   // ['Table default.t created', 'Inserted 1 row(s)']
 * out.error?.code;                                // '42703'
 * out.error?.position;                            // 58: the n of "nope", counted in the whole script
 * out.failed?.sql;                                // 'SELECT nope FROM t'
 * ```
 */
export interface ScriptResult {
  readonly statements: readonly StatementResult[];
  readonly error: DbError | null;
  readonly failed: { readonly sql: string; readonly start: number; readonly end: number } | null;
}

/** Builds the client form of an in-process script outcome. */
export function scriptFromExec(sql: string, o: ExecScriptOutcome): ScriptResult {
  return {
    statements: o.steps.map((st) => ({ sql: sql.slice(st.start, st.end), start: st.start, end: st.end, elapsedMs: st.elapsedMs, result: Result.fromExec(st.result) })),
    error: o.error,
    failed: o.errorAt === null ? null : { sql: sql.slice(o.errorAt.start, o.errorAt.end), ...o.errorAt },
  };
}

/** Builds the client form of a script outcome received from the worker. */
export function scriptFromWire(sql: string, o: WireScriptOutcome): ScriptResult {
  return {
    statements: o.steps.map((st) => ({ sql: sql.slice(st.start, st.end), start: st.start, end: st.end, elapsedMs: st.elapsedMs, result: Result.fromWire(st.result) })),
    error: o.error === null ? null : deserializeDbError(o.error),
    failed: o.errorAt === null ? null : { sql: sql.slice(o.errorAt.start, o.errorAt.end), ...o.errorAt },
  };
}
