/**
 * sql.js in Node: the default wasm build (`sqljs`) or the asm.js build (`sqljs-asm`,
 * `sql.js/dist/sql-asm.js`), loaded with `require`; the adapter itself is bench/common/adapters/sqljs.ts.
 * @module
 */

import { createRequire } from 'node:module';
import { SqljsAdapter } from '../common/adapters/sqljs.ts';
import type { SqlJsStatic } from '../common/adapters/sqljs.ts';

const require = createRequire(import.meta.url);

type InitSqlJs = () => Promise<SqlJsStatic>;

/**
 * The sql.js adapter of the Node bench.
 * @param flavor - `wasm` (default build) or `asm` (`sql.js/dist/sql-asm.js`)
 */
export function nodeSqljsAdapter(flavor: 'wasm' | 'asm'): SqljsAdapter {
  return new SqljsAdapter(flavor === 'wasm' ? 'sqljs' : 'sqljs-asm', async () => {
    const init = require(flavor === 'wasm' ? 'sql.js' : 'sql.js/dist/sql-asm.js') as InitSqlJs;
    return init();
  });
}
