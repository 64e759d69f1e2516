/**
 * What the tab-sharing chunk uses from the client at run time, handed over by `openDatabase`
 * when it loads that chunk (`tab-sharing.ts`). Importing these modules here instead would make a
 * bundler split them into a third chunk shared by both, which costs the client's start more
 * than the chunk saves; so the tab-sharing modules import only types from the client.
 */
import type { DbError } from '../errors/db-error.ts';
import type { SqlState } from '../errors/sqlstate.ts';
import type { asDbError } from './connection.ts';
import type { LiveDispatcher } from './live.ts';
import type { Result } from './result.ts';
import type { WorkerConnection } from './worker-connection.ts';

/**
 * The client's classes and functions tab sharing uses.
 *
 * @example
 * ```ts
 * const deps: TabDeps = { DbError, SqlState, asDbError, LiveDispatcher, Result, WorkerConnection, FAILED };
 * ```
 */
export interface TabDeps {
  readonly DbError: typeof DbError;
  readonly SqlState: typeof SqlState;
  readonly asDbError: typeof asDbError;
  readonly LiveDispatcher: typeof LiveDispatcher;
  readonly Result: typeof Result;
  readonly WorkerConnection: typeof WorkerConnection;
  /** The answer status of a failed call (`FAILED` of `worker-wire.ts`). */
  readonly FAILED: number;
}

/**
 * The client's parts, once {@link provideTabDeps} ran (before any tab-sharing code runs).
 *
 * @example
 * ```ts
 * throw new D.DbError(D.SqlState.CONNECTION_FAILURE, 'the database is closed');
 * ```
 */
export const D = {} as TabDeps;

/**
 * Hands the client's parts to the tab-sharing modules.
 *
 * @example
 * ```ts
 * provideTabDeps({ DbError, SqlState, asDbError, LiveDispatcher, Result, WorkerConnection, FAILED });
 * ```
 */
export function provideTabDeps(deps: TabDeps): void {
  Object.assign(D, deps);
}
