/**
 * CREATE NAMESPACE, DROP NAMESPACE [CASCADE], USE.
 */
import type * as A from '../../sql/ast.ts';
import { DbError } from '../../errors/db-error.ts';
import { SqlState } from '../../errors/sqlstate.ts';
import type { ExecResult } from '../../api/engine-api.ts';
import { checkDba } from '../../auth/privileges.ts';
import { checkNamespaceName } from '../../catalog/ddl.ts';
import { emptyResult } from '../results.ts';
import type { StatementRun } from '../state.ts';

/** CREATE NAMESPACE [IF NOT EXISTS] ns. */
export function createNamespace({ db, session: s, stmt: st, undo }: StatementRun<A.CreateNamespaceStatement>): ExecResult {
  checkDba(s.role, 'create namespaces');
  checkNamespaceName(st.name, st.pos);
  if (db.catalog.namespaces.has(st.name)) {
    if (st.ifNotExists) return emptyResult(`Namespace ${st.name} already exists`, 'create_namespace');
    throw new DbError(SqlState.DUPLICATE_SCHEMA, `namespace "${st.name}" already exists`);
  }
  db.catalog.createNamespace(st.name, undo);
  return emptyResult(`Namespace ${st.name} created`, 'create_namespace');
}

/** DROP NAMESPACE [IF EXISTS] ns [CASCADE]: 2BP01 when not empty without CASCADE. */
export function dropNamespace({ db, session: s, stmt: st, undo }: StatementRun<A.DropNamespaceStatement>): ExecResult {
  checkDba(s.role, 'drop namespaces');
  const ns = db.catalog.namespaces.get(st.name);
  if (ns === undefined) {
    if (st.ifExists) return emptyResult(`Namespace ${st.name} does not exist, skipping`, 'drop_namespace');
    throw new DbError(SqlState.INVALID_SCHEMA_NAME, `namespace "${st.name}" does not exist`);
  }
  if (st.name === 'default') throw new DbError(SqlState.DEPENDENT_OBJECTS_STILL_EXIST, 'cannot drop namespace default');
  if ((ns.tables.size > 0 || ns.views.size > 0) && !st.cascade) {
    throw new DbError(SqlState.DEPENDENT_OBJECTS_STILL_EXIST, `cannot drop namespace ${st.name} because other objects depend on it`, {
      detail: `${ns.tables.size} table(s) and ${ns.views.size} view(s) are in it.`, hint: 'Use DROP NAMESPACE ... CASCADE to drop the dependent objects too.',
    });
  }
  for (const t of [...ns.tables.values()]) db.catalog.dropTable(t, undo, () => db.seq.forget());
  for (const v of [...ns.views.values()]) db.catalog.dropView(v, undo);
  db.catalog.dropNamespace(st.name, undo);
  for (const other of db.sessions.all()) if (other.namespace === st.name) other.namespace = 'default';
  return emptyResult(`Namespace ${st.name} dropped`, 'drop_namespace');
}

/** USE ns. */
export function useNamespace({ db, session: s, stmt: st }: StatementRun<A.UseNamespaceStatement>): ExecResult {
  db.catalog.namespace(st.name);
  s.namespace = st.name;
  return emptyResult(`Namespace switched to ${st.name}`, 'use_namespace');
}
