/**
 * sql.js (SQLite compiled to wasm) in the page: `sql-wasm-browser.js` (the package's `browser` export)
 * with its `sql-wasm-browser.wasm` served as a static asset; the adapter itself is
 * bench/common/adapters/sqljs.ts.
 * @module
 */

import initSqlJs from 'sql.js';
import wasmUrl from 'sql.js/dist/sql-wasm-browser.wasm?url';
import { SqljsAdapter } from '../../common/adapters/sqljs.ts';
import type { SqlJsStatic } from '../../common/adapters/sqljs.ts';

/** The sql.js adapter of the page. */
export function pageSqljsAdapter(): SqljsAdapter {
  return new SqljsAdapter('sqljs', async () => (await initSqlJs({ locateFile: () => wasmUrl })) as SqlJsStatic);
}
