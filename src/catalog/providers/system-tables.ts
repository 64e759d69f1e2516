/**
 * The `system.*` tables: read-only views of the catalog, users, jobs, live queries and
 * statistics (`stats`: rows per table partition; `column_stats`: the optimizer's column
 * statistics of analyzed tables). A system table's storage is created once; its one partition is materialized from
 * the sources each time a statement's scan reads it (once per statement), so a cached plan
 * or a prepared statement always sees the current state.
 */
import type { DataType } from '../../types/data-type.ts';
import { typeName } from '../../types/data-type.ts';
import type { JsValue } from '../../types/vector.ts';
import { Partition } from '../../storage/partition.ts';
import { ColumnStore } from '../../storage/column.ts';
import { TableStorage, type AccessContext } from '../../storage/table-storage.ts';
import type { UserStore } from '../../auth/users.ts';
import type { Catalog } from '../catalog.ts';
import type { ColumnDefinition, TableDefinition } from '../../schema/table-def.ts';

/** A row of `system.jobs`. */
export interface JobRecord {
  readonly jobId: string;
  readonly jobType: string;
  status: string;
  readonly tableId: string | null;
  rows: number;
  bytes: number;
  readonly createdAt: number;
  finishedAt: number | null;
  message: string | null;
}

/** A row of `system.live`. */
export interface LiveRecord {
  readonly subscriptionId: string;
  readonly userId: string;
  readonly namespaceId: string;
  readonly tableName: string;
  readonly query: string;
  readonly createdAt: number;
  changes: number;
}

/** What the system tables read. */
export interface SystemSources {
  readonly catalog: Catalog;
  readonly users: UserStore;
  readonly jobs: readonly JobRecord[];
  readonly live: () => readonly LiveRecord[];
  readonly stats: () => readonly (readonly JsValue[])[];
  readonly columnStats: () => readonly (readonly JsValue[])[];
}

type Col = readonly [string, DataType];

const SCHEMAS: Record<string, readonly Col[]> = {
  users: [['user_id', 'text'], ['role', 'text'], ['email', 'text'], ['auth_type', 'text'], ['password_hash', 'text'], ['created_at', 'timestamp'], ['updated_at', 'timestamp'], ['deleted_at', 'timestamp'], ['last_login_at', 'timestamp']],
  namespaces: [['namespace_id', 'text'], ['created_at', 'timestamp'], ['table_count', 'integer']],
  tables: [['namespace_id', 'text'], ['table_name', 'text'], ['table_type', 'text'], ['access_level', 'text'], ['ttl_seconds', 'integer'], ['schema_version', 'integer'], ['created_at', 'timestamp'], ['updated_at', 'timestamp']],
  schemas: [['table_id', 'text'], ['namespace_id', 'text'], ['table_name', 'text'], ['schema_version', 'integer'], ['is_latest', 'boolean'], ['columns', 'json'], ['table_type', 'text'], ['access_level', 'text'], ['options', 'json'], ['created_at', 'timestamp']],
  columns: [['namespace_id', 'text'], ['table_name', 'text'], ['column_name', 'text'], ['ordinal', 'integer'], ['data_type', 'text'], ['nullable', 'boolean'], ['default_value', 'text'], ['primary_key', 'boolean']],
  indexes: [['namespace_id', 'text'], ['table_name', 'text'], ['index_name', 'text'], ['columns', 'text'], ['is_unique', 'boolean']],
  jobs: [['job_id', 'text'], ['job_type', 'text'], ['status', 'text'], ['table_id', 'text'], ['rows', 'bigint'], ['bytes', 'bigint'], ['created_at', 'timestamp'], ['finished_at', 'timestamp'], ['message', 'text']],
  live: [['subscription_id', 'text'], ['user_id', 'text'], ['namespace_id', 'text'], ['table_name', 'text'], ['query', 'text'], ['created_at', 'timestamp'], ['changes', 'bigint']],
  stats: [['namespace_id', 'text'], ['table_name', 'text'], ['partition', 'text'], ['rows', 'bigint'], ['deleted_rows', 'bigint'], ['bytes', 'bigint'], ['cache_hits', 'bigint'], ['cache_misses', 'bigint'], ['cache_evictions', 'bigint']],
  column_stats: [['namespace_id', 'text'], ['table_name', 'text'], ['column_name', 'text'], ['data_type', 'text'], ['rows', 'bigint'], ['null_frac', 'double'], ['distinct_values', 'bigint'], ['min_value', 'text'], ['max_value', 'text'], ['sample_size', 'integer'], ['analyzed_at', 'timestamp'], ['stale', 'boolean']],
};

/** Names of the system tables. */
export const SYSTEM_TABLE_NAMES: readonly string[] = Object.keys(SCHEMAS);

/** The definition of `system.<name>`. */
function systemDefinition(name: string, cols: readonly Col[]): TableDefinition {
  const columns: ColumnDefinition[] = cols.map(([n, t]) => ({ name: n, type: t, maxLength: null, typeName: typeName(t).toUpperCase(), notNull: false, defaultSql: null, primaryKey: false, hidden: false }));
  return {
    namespace: 'system', name, kind: 'system', accessLevel: null, ttlSeconds: null, flushPolicy: null,
    columns, primaryKey: [], schemaVersion: 1, createdAt: 0, updatedAt: 0, owner: '',
  };
}

/** Builds a one-partition snapshot of rows. */
function materialize(def: TableDefinition, rows: readonly (readonly JsValue[])[]): Partition {
  const part = new Partition('', def, []);
  // system tables have no hidden columns; give the partition a private deleted-flag column
  part.deletedIndex = part.columns.length;
  part.columns.push(new ColumnStore('boolean'));
  for (const c of part.columns) c.reserve(rows.length);
  rows.forEach((r, i) => r.forEach((v, c) => part.columns[c]!.set(i, v)));
  part.length = rows.length;
  return part;
}

/**
 * A system table: its partition is read from the sources when a scan asks for it, once per
 * statement (the statement's access context identifies it).
 */
export class SystemTableStorage extends TableStorage {
  private lastReader: AccessContext | null = null;
  private last: Partition | null = null;

  constructor(def: TableDefinition, private readonly cols: readonly Col[], private readonly src: SystemSources) {
    super(def);
  }

  override readPartition(ctx: AccessContext): Partition {
    if (this.lastReader !== ctx || this.last === null) {
      this.last = materialize(this.def, systemRows(this.def.name, this.src));
      this.lastReader = ctx;
    }
    return this.last;
  }

  override writePartition(ctx: AccessContext): Partition {
    return this.readPartition(ctx);
  }

  /** The columns' names and types. */
  get columnTypes(): readonly Col[] {
    return this.cols;
  }
}

/** Creates the storage of `system.<name>`, or undefined for an unknown name. */
export function systemTable(name: string, src: SystemSources): SystemTableStorage | undefined {
  const cols = SCHEMAS[name];
  if (cols === undefined) return undefined;
  return new SystemTableStorage(systemDefinition(name, cols), cols, src);
}

const ts = (x: number | null): JsValue => x;

/** The current rows of `system.<name>`. */
function systemRows(name: string, src: SystemSources): JsValue[][] {
  const rows: JsValue[][] = [];
  const cat = src.catalog;
  switch (name) {
    case 'users':
      for (const u of src.users.users.values()) rows.push([u.userId, u.role, u.email, u.authType, u.passwordHash, ts(u.createdAt), ts(u.updatedAt), ts(u.deletedAt), ts(u.lastLoginAt)]);
      break;
    case 'namespaces':
      for (const ns of cat.namespaces.values()) rows.push([ns.name, ts(ns.createdAt), ns.tables.size]);
      break;
    case 'tables':
      for (const t of cat.allTables()) {
        const d = t.def;
        rows.push([d.namespace, d.name, d.kind, d.accessLevel, d.ttlSeconds, d.schemaVersion, ts(d.createdAt), ts(d.updatedAt)]);
      }
      break;
    case 'schemas': {
      for (const t of cat.allTables()) for (const d of t.versions) {
        const isLatest = d === t.def;
        const columns = JSON.stringify(d.columns.filter((c) => !c.hidden).map((c) => ({ name: c.name, type: c.typeName, nullable: !c.notNull, default: c.defaultSql, primary_key: c.primaryKey })));
        const options = JSON.stringify({ ttl_seconds: d.ttlSeconds, flush_policy: d.flushPolicy });
        rows.push([`${t.def.namespace}:${t.def.name}`, t.def.namespace, t.def.name, d.schemaVersion, isLatest, columns, d.kind, d.accessLevel, options, ts(d.updatedAt)]);
      }
      break;
    }
    case 'columns':
      for (const t of cat.allTables()) {
        const d = t.def;
        d.columns.forEach((c, i) => {
          if (c.hidden) return;
          rows.push([d.namespace, d.name, c.name, i + 1, c.typeName, !c.notNull, c.defaultSql, c.primaryKey]);
        });
      }
      break;
    case 'indexes':
      for (const t of cat.allTables()) {
        for (const ix of t.indexes) rows.push([t.def.namespace, t.def.name, ix.name, ix.columns.map((c) => t.def.columns[c]!.name).join(','), ix.unique]);
      }
      break;
    case 'jobs':
      for (const j of src.jobs) rows.push([j.jobId, j.jobType, j.status, j.tableId, BigInt(j.rows), BigInt(j.bytes), ts(j.createdAt), ts(j.finishedAt), j.message]);
      break;
    case 'live':
      for (const l of src.live()) rows.push([l.subscriptionId, l.userId, l.namespaceId, l.tableName, l.query, ts(l.createdAt), BigInt(l.changes)]);
      break;
    case 'stats':
      for (const r of src.stats()) rows.push([...r]);
      break;
    case 'column_stats':
      for (const r of src.columnStats()) rows.push([...r]);
      break;
  }
  return rows;
}
