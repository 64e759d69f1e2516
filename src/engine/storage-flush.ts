/**
 * STORAGE FLUSH TABLE t | STORAGE FLUSH ALL [IN ns]: writes the tables' changed partitions as
 * Arrow segments and trims their commit log (`storage/persist/flusher.ts`); each table is one
 * job in `system.jobs`. Service role and above; not inside a transaction block (the flush waits
 * until no transaction is open). A memory-only database has nothing to flush (0A000).
 */
import type * as A from '../sql/ast.ts';
import { DbError } from '../errors/db-error.ts';
import { SqlState } from '../errors/sqlstate.ts';
import type { ExecResult } from '../api/engine-api.ts';
import { atLeast } from '../auth/privileges.ts';
import type { TableStorage } from '../storage/table-storage.ts';
import { requireTable } from './names.ts';
import { emptyResult } from './results.ts';
import type { StatementRun } from './state.ts';

/** STORAGE FLUSH. */
export function storageFlush({ db, session: s, stmt: st }: StatementRun<A.StorageFlushStatement>): ExecResult | Promise<ExecResult> {
  if (!atLeast(s.role, 'service')) throw new DbError(SqlState.INSUFFICIENT_PRIVILEGE, 'permission denied to flush storage');
  const p = db.persistence;
  if (p === null) {
    throw new DbError(SqlState.FEATURE_NOT_SUPPORTED, 'STORAGE FLUSH is not supported for a database kept in memory only', {
      hint: "Open the database with storage: 'indexeddb' to persist it.",
    });
  }
  if (s.txn !== null) throw new DbError(SqlState.ACTIVE_SQL_TRANSACTION, 'STORAGE FLUSH cannot run inside a transaction block');
  let tables: TableStorage[];
  if (st.table !== null) tables = [requireTable(db, s, st.table, false)!];
  else if (st.namespace !== null) tables = [...db.catalog.namespace(st.namespace).tables.values()];
  else tables = db.catalog.allTables();
  return p.flush(tables).then((jobs) => {
    let rows = 0;
    let bytes = 0;
    for (const j of jobs) { rows += j.rows; bytes += j.bytes; }
    const what = st.table !== null ? `table ${tables[0]!.def.namespace}.${tables[0]!.def.name}` : `${jobs.length} table(s)`;
    return emptyResult(`Flushed ${what}: ${rows} row(s), ${bytes} byte(s)`, 'storage_flush');
  });
}
