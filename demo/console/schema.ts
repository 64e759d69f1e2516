/**
 * What the schema browser and the completion read, from the system tables (as root, since
 * system tables are for dba and system roles): namespaces, tables with their type and access
 * level, columns, indexes, live subscriptions, jobs, per-partition stats, users.
 */
import type { Session } from '../../src/index.ts';
import type { SchemaInfo } from './completion.ts';

/** Everything the browser shows. */
export interface SchemaSnapshot extends SchemaInfo {
  readonly columns: readonly {
    readonly namespace: string; readonly table: string; readonly name: string; readonly type: string;
    readonly nullable: boolean; readonly primaryKey: boolean;
  }[];
  readonly tables: readonly {
    readonly namespace: string; readonly name: string; readonly type: string; readonly accessLevel: string | null;
    readonly ttlSeconds: number | null;
  }[];
  readonly indexes: readonly { readonly namespace: string; readonly table: string; readonly name: string; readonly columns: string; readonly unique: boolean }[];
  readonly live: readonly Record<string, unknown>[];
  readonly jobs: readonly Record<string, unknown>[];
  readonly stats: readonly { readonly namespace: string; readonly table: string; readonly partition: string; readonly rows: number; readonly deleted: number; readonly bytes: number }[];
  readonly users: readonly { readonly name: string; readonly role: string }[];
}

/** An empty snapshot (before the first load). */
export const EMPTY_SCHEMA: SchemaSnapshot = {
  namespaces: [], tables: [], columns: [], indexes: [], live: [], jobs: [], stats: [], users: [],
};

const SCHEMA_SCRIPT = `SELECT namespace_id FROM system.namespaces ORDER BY 1;
SELECT namespace_id, table_name, table_type, access_level, ttl_seconds FROM system.tables ORDER BY 1, 2;
SELECT namespace_id, table_name, column_name, data_type, nullable, primary_key FROM system.columns ORDER BY 1, 2, ordinal;
SELECT namespace_id, table_name, index_name, columns, is_unique FROM system.indexes ORDER BY 1, 2, 3;
SELECT subscription_id, user_id, namespace_id, table_name, query, changes FROM system.live ORDER BY created_at;
SELECT job_id, job_type, status, table_id, rows, message, created_at FROM system.jobs ORDER BY created_at DESC LIMIT 20;
SELECT namespace_id, table_name, partition, rows, deleted_rows, bytes FROM system.stats ORDER BY 1, 2, 3;
SELECT user_id, role FROM system.users WHERE deleted_at IS NULL ORDER BY user_id`;

const str = (v: unknown): string => String(v ?? '');

/** Reads the system tables in one script. */
export async function loadSchema(root: Session): Promise<SchemaSnapshot> {
  const out = await root.queryScript(SCHEMA_SCRIPT);
  if (out.error !== null) throw out.error;
  const rows = out.statements.map((s) => s.result.rows);
  const [ns, tables, columns, indexes, live, jobs, stats, users] = rows as [
    typeof rows[0], typeof rows[0], typeof rows[0], typeof rows[0], typeof rows[0], typeof rows[0], typeof rows[0], typeof rows[0],
  ];
  return {
    namespaces: ns.map((r) => str(r['namespace_id'])),
    tables: tables.map((r) => ({
      namespace: str(r['namespace_id']), name: str(r['table_name']), type: str(r['table_type']),
      accessLevel: r['access_level'] === null ? null : str(r['access_level']),
      ttlSeconds: r['ttl_seconds'] === null ? null : Number(r['ttl_seconds']),
    })),
    columns: columns.map((r) => ({
      namespace: str(r['namespace_id']), table: str(r['table_name']), name: str(r['column_name']), type: str(r['data_type']),
      nullable: r['nullable'] === true, primaryKey: r['primary_key'] === true,
    })),
    indexes: indexes.map((r) => ({
      namespace: str(r['namespace_id']), table: str(r['table_name']), name: str(r['index_name']), columns: str(r['columns']), unique: r['is_unique'] === true,
    })),
    live,
    jobs,
    stats: stats.map((r) => ({
      namespace: str(r['namespace_id']), table: str(r['table_name']), partition: str(r['partition']),
      rows: Number(r['rows'] ?? 0), deleted: Number(r['deleted_rows'] ?? 0), bytes: Number(r['bytes'] ?? 0),
    })),
    users: users.map((r) => ({ name: str(r['user_id']), role: str(r['role']) })),
  };
}
