/**
 * The module Worker's entry: opens the engine (reading IndexedDB first when it is persisted)
 * when the client calls `open(options)` and serves it on the worker's global scope; in the
 * leader tab of a shared database, `share` also serves it to the other tabs
 * (`tab-server.ts`). `openDatabase()` starts it with
 * `new Worker(new URL('../worker/worker-entry.ts', import.meta.url), { type: 'module' })`;
 * the package ships it as `inkdb/worker` (dist/worker.js) for apps that create the Worker
 * themselves and pass it as `openDatabase({ worker })`.
 *
 * @example
 * ```ts
 * const worker = new Worker(new URL('inkdb/worker', import.meta.url), { type: 'module' });
 * const db = await openDatabase({ worker });
 * ```
 */
import { openEngine } from '../engine/index.ts';
import { DbError } from '../errors/db-error.ts';
import { SqlState } from '../errors/sqlstate.ts';
import { exposeEngine, type MessageEndpoint } from './endpoint.ts';
import { serveTabs, type BroadcastChannelLike, type TabLocks } from './tab-server.ts';

let sharing = false;
let stopSharing: (() => Promise<void>) | null = null;

exposeEngine((options) => openEngine(options), globalThis as unknown as MessageEndpoint, {
  async share(engine, channelName, epoch, flags) {
    const g = globalThis as { BroadcastChannel?: new (name: string) => BroadcastChannelLike; navigator?: { locks?: TabLocks } };
    const locks = g.navigator?.locks;
    if (g.BroadcastChannel === undefined || locks === undefined) {
      throw new DbError(SqlState.FEATURE_NOT_SUPPORTED, 'BroadcastChannel or Web Locks are not available in this worker');
    }
    if (sharing) return;
    sharing = true;
    stopSharing = await serveTabs(engine, new g.BroadcastChannel(channelName), locks, epoch, (e, ep) => exposeEngine(e, ep), flags);
  },
  async close() {
    const stop = stopSharing;
    stopSharing = null;
    await stop?.();
  },
});
