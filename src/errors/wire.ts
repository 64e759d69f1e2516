/**
 * Carries {@link DbError}s across a Comlink boundary (Worker, MessagePort) with every field
 * intact. Comlink's built-in `throw` handler only keeps `message`, `name` and `stack` of a
 * thrown error, so the SQLSTATE `code` would be lost; its maintainers' advice is a custom
 * transfer handler (GoogleChromeLabs/comlink#514). Both sides of a connection must call
 * {@link registerDbErrorTransfer} before the first message.
 */
import { transferHandlers, type TransferHandler } from 'comlink';
import { DbError, deserializeDbError, type SerializedDbError } from './db-error.ts';

/**
 * The name under which DbError values (arguments and return values) are registered.
 *
 * @example
 * ```ts
 * Comlink.transferHandlers.has(DB_ERROR_HANDLER);   // true after registerDbErrorTransfer()
 * ```
 */
export const DB_ERROR_HANDLER = 'inkdb:dberror';

/** What a thrown value looks like on the wire when it is a DbError. */
interface ThrownDbError {
  readonly isDbError: true;
  readonly error: SerializedDbError & { stack?: string };
}

/** Comlink's shape for its `throw` handler: `{ value }` tagged with its private marker. */
interface Thrown {
  readonly value: unknown;
}

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
function serialize(e: DbError): SerializedDbError & { stack?: string } {
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
function revive(s: SerializedDbError & { stack?: string }): DbError {
  const e = deserializeDbError(s);
  if (s.stack !== undefined) e.stack = `${e.stack ?? ''}\n--- in the database worker ---\n${s.stack}`;
  return e;
}

/** Transfer handler for DbError values passed as arguments or returned. */
const dbErrorHandler: TransferHandler<DbError, SerializedDbError & { stack?: string }> = {
  canHandle: isDbErrorLike,
  serialize: (e) => [serialize(e), []],
  deserialize: revive,
};

let registered = false;

/**
 * Registers the DbError transfer handlers with Comlink: one for DbError values and a
 * replacement of the built-in `throw` handler that keeps a thrown DbError's code, position,
 * detail, hint, table and column (other thrown values are handled as Comlink always did).
 * Idempotent; call it on both sides of the channel before wrapping or exposing.
 *
 * @example
 * ```ts
 * registerDbErrorTransfer();
 * Comlink.expose(api, port1);            // worker side
 * const remote = Comlink.wrap(port2);    // client side (same call there)
 * await remote.execute(...);             // rejects with a real DbError: err.code === '42P01'
 * ```
 */
export function registerDbErrorTransfer(): void {
  if (registered) return;
  registered = true;
  transferHandlers.set(DB_ERROR_HANDLER, dbErrorHandler as TransferHandler<unknown, unknown>);
  const builtin = transferHandlers.get('throw');
  if (builtin === undefined) return; // Comlink always has one; nothing to wrap otherwise.
  const throwHandler: TransferHandler<Thrown, unknown> = {
    canHandle: (v): v is Thrown => builtin.canHandle(v),
    serialize(thrown) {
      if (isDbErrorLike(thrown.value)) {
        const wire: ThrownDbError = { isDbError: true, error: serialize(thrown.value) };
        return [wire, []];
      }
      return builtin.serialize(thrown);
    },
    deserialize(wire) {
      if (typeof wire === 'object' && wire !== null && (wire as Partial<ThrownDbError>).isDbError === true) {
        throw revive((wire as ThrownDbError).error);
      }
      return builtin.deserialize(wire) as Thrown;
    },
  };
  // Map.set on an existing key keeps its position, so Comlink still tries it right after `proxy`.
  transferHandlers.set('throw', throwHandler as TransferHandler<unknown, unknown>);
}
