/**
 * CREATE/DROP INDEX and CREATE/DROP VIEW.
 */
import type * as A from '../../sql/ast.ts';
import { DbError } from '../../errors/db-error.ts';
import { SqlState } from '../../errors/sqlstate.ts';
import type { ExecResult } from '../../api/engine-api.ts';
import { checkAlterTable } from '../../auth/privileges.ts';
import { createIndex as createCatalogIndex, dropIndex as dropCatalogIndex } from '../../catalog/ddl.ts';
import { baseName, namespaceOf } from '../names.ts';
import { binderFor } from '../planning.ts';
import { emptyResult } from '../results.ts';
import type { StatementRun } from '../state.ts';

/** CREATE [UNIQUE] INDEX [IF NOT EXISTS] [name] ON t (cols). */
export function createIndex({ db, session: s, stmt: st, undo }: StatementRun<A.CreateIndexStatement>): ExecResult {
  const ns = namespaceOf(s, st.table);
  if (ns === 'system') throw new DbError(SqlState.INSUFFICIENT_PRIVILEGE, 'permission denied: system tables are read-only');
  const t = db.catalog.findTable(ns, baseName(st.table));
  if (t !== undefined) checkAlterTable(t.def, s);
  const made = createCatalogIndex(db.catalog, ns, st, undo);
  return emptyResult(made ? 'Index created' : 'Index already exists, skipping', 'create_index');
}

/** DROP INDEX [IF EXISTS] name. */
export function dropIndex({ db, session: s, stmt: st, undo }: StatementRun<A.DropIndexStatement>): ExecResult {
  const ns = namespaceOf(s, st.name);
  const found = db.catalog.findIndex(ns, baseName(st.name));
  if (found !== undefined) checkAlterTable(found.storage.def, s);
  const dropped = dropCatalogIndex(db.catalog, ns, st, undo);
  return emptyResult(dropped ? 'Index dropped' : 'Index does not exist, skipping', 'drop_index');
}

/** CREATE [OR REPLACE] VIEW v [(cols)] AS query: the query must bind now. */
export function createView({ db, session: s, stmt: st, undo }: StatementRun<A.CreateViewStatement>): ExecResult {
  const ns = namespaceOf(s, st.name);
  const name = baseName(st.name);
  const entry = db.catalog.namespace(ns);
  if (entry.tables.has(name) || (entry.views.has(name) && !st.orReplace)) {
    if (st.ifNotExists) return emptyResult(`View ${ns}.${name} already exists`, 'create_view');
    throw new DbError(SqlState.DUPLICATE_TABLE, `relation "${name}" already exists`, { position: st.name.pos + 1 });
  }
  const bound = binderFor(db, s).bindQuery(st.query);
  if (st.columns.length > bound.names.length) throw new DbError(SqlState.SYNTAX_ERROR, 'CREATE VIEW specifies more column names than columns');
  db.catalog.addView({ namespace: ns, name, columns: st.columns, sql: st.queryText, createdAt: Date.now() }, undo);
  return emptyResult(`View ${ns}.${name} created`, 'create_view');
}

/** DROP VIEW [IF EXISTS] v, …. */
export function dropView({ db, session: s, stmt: st, undo }: StatementRun<A.DropViewStatement>): ExecResult {
  for (const n of st.names) {
    const ns = namespaceOf(s, n);
    const name = baseName(n);
    const v = db.catalog.findView(ns, name);
    if (v === undefined) {
      if (st.ifExists) continue;
      if (db.catalog.findTable(ns, name) !== undefined) throw new DbError(SqlState.WRONG_OBJECT_TYPE, `"${name}" is not a view`, { hint: 'Use DROP TABLE to remove a table.' });
      throw new DbError(SqlState.UNDEFINED_TABLE, `view "${name}" does not exist`);
    }
    db.catalog.dropView(v, undo);
  }
  return emptyResult('View dropped', 'drop_view');
}
