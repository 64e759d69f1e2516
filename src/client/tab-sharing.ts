/**
 * The way into tab sharing (docs/ARCHITECTURE.md, "Many tabs"), loaded by `openDatabase` on
 * first use only (a persisted database in a browser page), so an app that never shares a
 * database does not load the election, failover and resync code at start.
 */
import type { EngineOptions } from '../api/engine-api.ts';
import { TabConnection } from './tab-connection.ts';
import { TabElection, type TabChannel, type TabLockManager } from './tab-election.ts';
import { provideTabDeps, type TabDeps } from './tab-deps.ts';
import type { WorkerConnection } from './worker-connection.ts';
import { tabChannelName } from '../api/tab-wire.ts';

/**
 * Joins the election of database `name` and connects to the engine that serves it (this tab's
 * own, in a Worker from `spawn`, when it wins); null where the browser has no Web Locks or no
 * BroadcastChannel (the database is then not shared).
 *
 * @example
 * ```ts
 * const conn = await openShared(deps, 'my-app', { name: 'my-app', storage: 'indexeddb' }, () => new Worker(url, { type: 'module' }));
 * ```
 */
export async function openShared(deps: TabDeps, name: string, engine: EngineOptions, spawn: () => Worker): Promise<TabConnection | null> {
  const g = globalThis as { navigator?: { locks?: TabLockManager }; BroadcastChannel?: new (name: string) => TabChannel };
  const locks = g.navigator?.locks;
  const BC = g.BroadcastChannel;
  if (locks === undefined || BC === undefined) return null;
  provideTabDeps(deps);
  let current: Worker | null = null;
  const start = async (onLost: () => void): Promise<WorkerConnection> => {
    let w: Worker;
    try {
      w = spawn();
    } catch (e) {
      throw new deps.DbError(deps.SqlState.CONNECTION_FAILURE, `the database worker could not be started: ${deps.asDbError(e).message}`);
    }
    current = w;
    return deps.WorkerConnection.connect(w as Worker & EventTarget, { engine, terminateOnClose: true, onLost });
  };
  const conn = await TabConnection.open(new TabElection(name, engine, locks, new BC(tabChannelName(name)), start));
  conn.currentWorker = () => (conn.isLeader ? current : null);
  return conn;
}
