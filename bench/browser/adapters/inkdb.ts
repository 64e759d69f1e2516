/**
 * InkDB in the page, in two variants (the adapter itself is bench/common/adapters/inkdb.ts):
 * - `inkdb`: `openDatabase({ worker: false, storage: 'memory' })`, the engine on the page's main thread;
 * - `inkdb-worker`: `openDatabase({ worker: true, storage: 'memory' })`, the engine in the module Worker
 *   the client starts (`new Worker(new URL('../worker/worker-entry.ts', import.meta.url), { type: 'module' })`,
 *   bundled by Vite). Every call is a round trip to the worker; results cross as the client transfers
 *   them and `r.rows` materializes them on the main thread, inside the timed region.
 *
 * The database is opened once; `reset` drops and recreates the tables (a fresh database per run would
 * start a fresh Worker, whose engine code would then run cold in every timed run). The table state is
 * read with the aliased query ({@link SQL}'s `stateAliased`).
 * @module
 */

import { openDatabase } from '../../../src/inprocess.ts';
import { InkdbAdapter } from '../../common/adapters/inkdb.ts';
import { SQL } from '../../common/workloads.ts';

/**
 * The InkDB adapter of the page.
 * @param worker - run the engine in its module Worker
 */
export function pageInkdbAdapter(worker: boolean): InkdbAdapter {
  return new InkdbAdapter({
    name: worker ? 'inkdb-worker' : 'inkdb',
    load: () => Promise.resolve(openDatabase),
    worker,
    reset: 'tables',
    stateSql: SQL.stateAliased,
  });
}
