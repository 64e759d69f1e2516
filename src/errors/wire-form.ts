/**
 * The structured-clone form of a DbError, without any transport: what the Worker protocol
 * (`api/worker-wire.ts`) and Comlink's transfer handler (`wire.ts`) both send.
 */
import { DbError, deserializeDbError, type SerializedDbError } from './db-error.ts';

/**
 * True for a DbError, also one built by another copy of the class (another bundle or realm):
 * the check is by shape, because `instanceof` fails across bundles.
 *
 * @example
 * ```ts
 * isDbErrorLike(new DbError(SqlState.UNDEFINED_TABLE, 'relation "t" does not exist')); // true
 * isDbErrorLike(new Error('x'));                                                        // false
 * ```
 */
export function isDbErrorLike(value: unknown): value is DbError {
  if (value instanceof DbError) return true;
  return value instanceof Error && value.name === 'DbError'
    && typeof (value as { code?: unknown }).code === 'string';
}

/** The structured-clone form of a DbError, with its stack. */
export function serialize(e: DbError): SerializedDbError & { stack?: string } {
  const base = typeof e.toJSON === 'function'
    ? e.toJSON()
    : {
      code: e.code, message: e.message, position: e.position, line: e.line, column: e.column,
      detail: e.detail, hint: e.hint, table: e.table, columnName: e.columnName,
    };
  // Drop undefined fields: they clone fine, but keep the wire form minimal and comparable.
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(base)) if (v !== undefined) out[k] = v;
  if (typeof e.stack === 'string') out['stack'] = e.stack;
  return out as unknown as SerializedDbError & { stack?: string };
}

/** Rebuilds a DbError on the receiving side, keeping the remote stack below the local one. */
export function revive(s: SerializedDbError & { stack?: string }): DbError {
  const e = deserializeDbError(s);
  if (s.stack !== undefined) e.stack = `${e.stack ?? ''}\n--- in the database worker ---\n${s.stack}`;
  return e;
}

