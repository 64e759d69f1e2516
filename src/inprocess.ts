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
import { createEngine } from './engine/index.ts';
import { provideInProcessEngine } from './client/database.ts';

provideInProcessEngine(createEngine);

export * from './index.ts';
