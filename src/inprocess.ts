/**
 * `inkdb/inprocess`: the public API of `inkdb` plus the engine itself, so that
 * `openDatabase({ worker: false })` runs the engine on the calling thread (a page that wants no
 * Worker, tests, Node). The main entry `inkdb` leaves the engine out: an app whose engine runs in
 * the Worker then bundles it once, in the worker chunk. In Node, `inkdb` loads this entry by itself
 * when it needs the engine.
 *
 * @example
 * ```ts
 * import { openDatabase } from 'inkdb/inprocess';
 *
 * const db = await openDatabase({ worker: false, storage: 'memory' });
 * const root = await db.login('root', '');
 * (await root.query('SELECT 1 AS x')).rows;   // [{ x: 1 }]
 * ```
 *
 * @packageDocumentation
 */
import { openEngine } from './engine/index.ts';
import { openDatabase as openWithoutEngine, provideInProcessEngine, type Database, type OpenDatabaseOptions } from './client/database.ts';

export * from './index.ts';

// for `inkdb` itself, which loads this module at run time outside browsers
provideInProcessEngine(openEngine);

/**
 * `openDatabase` of `inkdb`, able to run the engine in-process as well (`worker: false`, and
 * the default outside browsers).
 *
 * @example
 * ```ts
 * const db = await openDatabase({ worker: false, storage: 'memory' });
 * db.inWorker;   // false
 * ```
 */
export function openDatabase(options?: OpenDatabaseOptions): Promise<Database> {
  // provided on each call rather than at module load: the package is side-effect free, so a
  // bundler may skip a module body that only registers something
  provideInProcessEngine(openEngine);
  return openWithoutEngine(options);
}
