/**
 * InkDB in Node: in-process (`worker: false`), a fresh in-memory database per `reset`; the adapter itself
 * is bench/common/adapters/inkdb.ts.
 *
 * The module is imported dynamically (in `open`) so that an engine that is missing or fails to load is
 * reported as an error for this engine only; its types come from `src/index.ts`.
 * @module
 */

import { pathToFileURL } from 'node:url';
import { InkdbAdapter } from '../common/adapters/inkdb.ts';
import { SQL } from '../common/workloads.ts';

/** The InkDB module's type (the import itself is dynamic, see {@link ENTRY}). */
type InkModule = typeof import('../../src/index.ts');

/**
 * InkDB's entry point: `src/index.ts`, or the module named by the `BENCH_INKDB_ENTRY` environment
 * variable (an absolute path or a file URL, e.g. to benchmark a build in `dist/`).
 */
const ENTRY: string = process.env['BENCH_INKDB_ENTRY'] ?? '../../src/index.ts';

/**
 * The InkDB adapter of the Node bench (`entry`: the module to load, by default {@link ENTRY};
 * `name`: the engine id it reports as).
 */
export function nodeInkdbAdapter(entry: string = ENTRY, name = 'inkdb'): InkdbAdapter {
  return new InkdbAdapter({
    name,
    load: async () => {
      const spec = entry.startsWith('/') ? pathToFileURL(entry).href : entry;
      return ((await import(spec)) as InkModule).openDatabase;
    },
    worker: false,
    reset: 'database',
    stateSql: SQL.state,
  });
}
