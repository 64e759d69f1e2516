/**
 * Carries {@link DbError}s across a Comlink boundary (Worker, MessagePort) with every field
 * intact. Comlink's built-in `throw` handler only keeps `message`, `name` and `stack` of a
 * thrown error, so the SQLSTATE `code` would be lost; its maintainers' advice is a custom
 * transfer handler (GoogleChromeLabs/comlink#514). Both sides of a connection must call
 * {@link registerDbErrorTransfer} before the first message.
 */
import { transferHandlers, type TransferHandler } from 'comlink';
import type { DbError, SerializedDbError } from './db-error.ts';
import { isDbErrorLike, revive, serialize } from './wire-form.ts';

export { isDbErrorLike } from './wire-form.ts';

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
