/**
 * InkDB: a browser-first, WASM-free, in-memory columnar SQL database.
 *
 * @example
 * ```ts
 * import { openDatabase, DbError } from 'inkdb';
 *
 * const db = await openDatabase({ name: 'my-app' });
 * const root = await db.login('root', '');
 * await root.query('CREATE TABLE t (a INT, b TEXT)');
 * await root.query('INSERT INTO t VALUES (1, $1)', ['x']);
 * (await root.query('SELECT * FROM t')).rows;   // [{ a: 1, b: 'x' }]
 * try { await root.query('SELECT * FROM nope'); }
 * catch (e) { if (e instanceof DbError) e.code; }   // '42P01'
 * ```
 *
 * @packageDocumentation
 */
export { openDatabase } from './client/database.ts';
export type { Database, OpenDatabaseOptions } from './client/database.ts';
export type { Session, PreparedStatement, QueryOptions } from './client/session.ts';
export type { Result, Row } from './client/result.ts';
export type { ScriptResult, StatementResult } from './client/script-result.ts';
export type {
  TableHandle, TableKind, TableOptions, SelectOptions, OrderBy, TableProvider, ProviderRegistry,
} from './client/provider-registry.ts';
export type { BatchStatement, ColumnArrays, ColumnInfo, LiveChange, LiveHandlers } from './api/engine-api.ts';
export type { Subscription } from './client/live.ts';
export type { TableCache } from './client/table-cache.ts';
export type { DataType } from './types/data-type.ts';
export type { JsValue } from './types/vector.ts';
export { DbError } from './errors/db-error.ts';
export type { DbErrorFields, SerializedDbError } from './errors/db-error.ts';
export { SqlState } from './errors/sqlstate.ts';
export type { SqlStateCode } from './errors/sqlstate.ts';
