/**
 * The stored format: object stores, keys and record shapes of an InkDB IndexedDB database
 * (`inkdb:<name>`). Everything is stored by structured clone (typed arrays, bigints and
 * `Uint8Array`s travel as they are); segments hold Arrow IPC bytes.
 *
 * | store      | key                         | record                                                   |
 * |------------|-----------------------------|----------------------------------------------------------|
 * | `meta`     | `'format'`, `'state'`       | format version; last LSN, next table id, highest `_seq`   |
 * | `catalog`  | `ns:<n>`, `table:<id>`, `view:<ns>.<v>`, `user:<u>` | namespaces, table versions (with the ALTER of each), indexes, views, users |
 * | `log`      | `[owner, tableId, lsn]`     | one committed transaction's net row changes in one table partition |
 * | `segments` | `[tableId, owner]`          | one table partition as Arrow IPC, with row count and per-column min/max |
 *
 * `owner` is the partition key: the user for user tables, `''` for shared tables. A commit
 * writes one log record per partition it changed, all in one IndexedDB transaction, so the
 * commit is atomic; splitting it by partition lets a user's rows be read without reading
 * anyone else's (`log` is keyed owner first) and lets a flush trim one partition's records.
 * The `log` store has an index on `table` (DROP TABLE removes every owner's records) and
 * `segments` one on `owner` (a user's first statement reads their segments; DROP USER deletes them).
 */
import type { UserRecord } from '../../auth/users.ts';
import type { AlterRecord } from '../catalog-change.ts';
import type { IndexDefinition, TableDefinition, ViewDefinition } from '../../schema/table-def.ts';
import type { DataType } from '../../types/data-type.ts';
import type { JsValue, VectorData } from '../../types/vector.ts';

/** The stored format this version writes and reads. Bump it (and add a migration) when a record shape changes. */
export const FORMAT_VERSION = 1;

/** The IndexedDB schema version (object stores and indexes) of {@link FORMAT_VERSION}. */
export const IDB_VERSION = 1;

/** The IndexedDB database name of an InkDB database. */
export function idbName(name: string): string {
  return `inkdb:${name}`;
}

/** `meta` 'format': written once, when the database is created. */
export interface FormatRecord {
  readonly key: 'format';
  readonly format: number;
  readonly createdAt: number;
}

/** `meta` 'state': rewritten by every commit write. */
export interface StateRecord {
  readonly key: 'state';
  /** The last log sequence number written. */
  readonly lsn: number;
  /** The next table id to hand out. */
  readonly nextTableId: number;
  /** The highest `_seq` ever written (the snowflake generator starts above it on open). */
  readonly maxSeq: bigint;
}

/** A record of the `meta` store. */
export type MetaRecord = FormatRecord | StateRecord;

/** `catalog` `ns:<name>`. */
export interface NamespaceRecord {
  readonly key: string;
  readonly kind: 'namespace';
  readonly name: string;
  readonly createdAt: number;
}

/** `catalog` `table:<id>`: every schema version, the ALTER that made each (null for version 1), and the indexes. */
export interface TableRecord {
  readonly key: string;
  readonly kind: 'table';
  readonly id: number;
  readonly versions: readonly TableDefinition[];
  readonly actions: readonly (AlterRecord | null)[];
  readonly indexes: readonly IndexDefinition[];
}

/** `catalog` `view:<ns>.<name>`. */
export interface ViewRecord {
  readonly key: string;
  readonly kind: 'view';
  readonly view: ViewDefinition;
}

/** `catalog` `user:<id>` (with the password hash; a dropped user keeps its record with `deletedAt`). */
export interface UserEntry {
  readonly key: string;
  readonly kind: 'user';
  readonly user: UserRecord;
}

/** A record of the `catalog` store. */
export type CatalogRecord = NamespaceRecord | TableRecord | ViewRecord | UserEntry;

/** The values of one column for some rows: the vector layout of its type (see `codec.ts`). */
export interface ColumnSlice {
  readonly data: VectorData;
  /** 1 = NULL, or null when no value is NULL. */
  readonly nulls: Uint8Array | null;
}

/** Cells of updated rows: new values of `columns` (positions in the version's definition) for the rows `seqs`. */
export interface LogUpdate {
  readonly seqs: BigInt64Array;
  readonly columns: readonly number[];
  readonly values: readonly ColumnSlice[];
}

/**
 * `log` `[owner, table, lsn]`: the net row changes of one commit in one table partition, in the
 * table's schema version `version` (columns in that definition's order, hidden ones included).
 * Rows are named by `_seq`, never by position.
 */
export interface LogRecord {
  readonly owner: string;
  readonly table: number;
  readonly lsn: number;
  readonly version: number;
  /** Inserted rows: one slice per definition column, `insertCount` rows each. */
  readonly insert: readonly ColumnSlice[] | null;
  readonly insertCount: number;
  /** `_seq` of deleted rows. */
  readonly delete: BigInt64Array | null;
  readonly update: LogUpdate | null;
}

/** Statistics of one stored column. */
export interface ColumnStats {
  readonly name: string;
  readonly type: DataType;
  readonly nulls: number;
  /** Smallest and largest non-NULL value, or null when the type has no order or no value is set. */
  readonly min: JsValue;
  readonly max: JsValue;
}

/**
 * `segments` `[table, owner]`: one partition's live rows, flushed. `ipc` is an Arrow IPC stream
 * whose columns follow schema version `version` (all of them, hidden ones included; physical
 * Arrow types from `codec.ts`); log records up to `lsn` are folded in.
 */
export interface SegmentRecord {
  readonly table: number;
  readonly owner: string;
  readonly version: number;
  readonly lsn: number;
  readonly rows: number;
  readonly bytes: number;
  readonly ipc: Uint8Array;
  readonly columns: readonly ColumnStats[];
  readonly createdAt: number;
}

/** Store names. */
export const STORE = { meta: 'meta', catalog: 'catalog', log: 'log', segments: 'segments' } as const;

/** Catalog keys. */
export const catalogKey = {
  namespace: (name: string): string => `ns:${name}`,
  table: (id: number): string => `table:${id}`,
  view: (ns: string, name: string): string => `view:${ns}.${name}`,
  user: (id: string): string => `user:${id}`,
};
