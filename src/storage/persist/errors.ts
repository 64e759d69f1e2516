/**
 * IndexedDB failures as DbErrors: a full quota is `53100` (PostgreSQL's disk_full), a closed
 * connection `08006`, an aborted or failed transaction `58030` (io_error), a database written
 * by a newer InkDB `55000`, another tab holding the database `55006` (object_in_use).
 */
import { DbError } from '../../errors/db-error.ts';
import { SqlState } from '../../errors/sqlstate.ts';

/**
 * Converts what IndexedDB threw or rejected with (a DOMException, usually) into a DbError.
 * `what` completes "could not …" (`'write to IndexedDB'`).
 *
 * @example
 * ```ts
 * storageError(new DOMException('', 'QuotaExceededError'), 'write to IndexedDB').code;   // '53100'
 * ```
 */
export function storageError(e: unknown, what: string): DbError {
  if (e instanceof DbError) return e;
  const name = typeof e === 'object' && e !== null ? String((e as { name?: unknown }).name ?? '') : '';
  const text = typeof e === 'object' && e !== null ? String((e as { message?: unknown }).message ?? '') : String(e);
  const detail = text === '' ? undefined : text;
  switch (name) {
    case 'QuotaExceededError':
      return new DbError(SqlState.DISK_FULL, `could not ${what}: the storage quota is exceeded`, {
        ...(detail !== undefined ? { detail } : {}),
        hint: 'Free storage for this site (delete rows or tables, or other sites\' data) and retry; nothing of this statement was stored.',
      });
    case 'InvalidStateError':
    case 'TransactionInactiveError':
      return new DbError(SqlState.CONNECTION_FAILURE, `could not ${what}: the IndexedDB connection is closed`, {
        ...(detail !== undefined ? { detail } : {}),
        hint: 'Open the database again.',
      });
    case 'AbortError':
      return new DbError(SqlState.IO_ERROR, `could not ${what}: the IndexedDB transaction was aborted`, detail !== undefined ? { detail } : undefined);
    case 'VersionError':
      return new DbError(SqlState.OBJECT_NOT_IN_PREREQUISITE_STATE, 'database files are incompatible with this version of InkDB', {
        detail: 'The IndexedDB database was created by a newer version of InkDB.', hint: 'Open it with a newer InkDB, or delete it.',
      });
    default:
      return new DbError(SqlState.IO_ERROR, `could not ${what}${detail !== undefined ? `: ${detail}` : ''}`);
  }
}

/** The error of a write after the connection was closed (by `close()`, another tab's upgrade, or the browser). */
export function closedError(name: string, reason: string): DbError {
  return new DbError(SqlState.CONNECTION_FAILURE, `could not write to IndexedDB: the connection of database "${name}" is closed`, {
    detail: reason, hint: 'Open the database again.',
  });
}
