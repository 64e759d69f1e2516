/**
 * SHOW, DESCRIBE and EXPLAIN. EXPLAIN compiles its statement exactly as running it would (the
 * same cache, the same optimizer rules), so it shows the plan that runs.
 */
import type * as A from '../sql/ast.ts';
import { DbError } from '../errors/db-error.ts';
import { SqlState } from '../errors/sqlstate.ts';
import type { ColumnInfo, ExecResult } from '../api/engine-api.ts';
import { checkDba, checkRead } from '../auth/privileges.ts';
import { renderExplain } from '../plan/explain.ts';
import type { ExplainNode } from '../exec/operator.ts';
import type { JsValue } from '../types/vector.ts';
import { withEstimates } from './explain-estimate.ts';
import { requireTable } from './names.ts';
import { compileDml, compileQuery } from './planning.ts';
import { rowsResult } from './results.ts';
import type { StatementRun } from './state.ts';

/** SHOW NAMESPACES | TABLES [IN ns] | USERS. */
export function show({ db, session: s, stmt: st }: StatementRun<A.ShowStatement>): ExecResult {
  const rows: JsValue[][] = [];
  let cols: ColumnInfo[];
  if (st.what === 'namespaces') {
    cols = [{ name: 'namespace_id', type: 'text' }, { name: 'table_count', type: 'integer' }];
    for (const ns of [...db.catalog.namespaces.values()].sort((a, b) => (a.name < b.name ? -1 : 1))) rows.push([ns.name, ns.tables.size]);
  } else if (st.what === 'tables') {
    cols = [{ name: 'namespace_id', type: 'text' }, { name: 'table_name', type: 'text' }, { name: 'table_type', type: 'text' }];
    if (st.namespace !== null) db.catalog.namespace(st.namespace);
    for (const t of db.catalog.allTables()) {
      if (st.namespace !== null && t.def.namespace !== st.namespace) continue;
      rows.push([t.def.namespace, t.def.name, t.def.kind]);
    }
  } else {
    checkDba(s.role, 'list users');
    cols = [{ name: 'user_id', type: 'text' }, { name: 'role', type: 'text' }, { name: 'email', type: 'text' }];
    for (const u of db.users.users.values()) if (u.deletedAt === null) rows.push([u.userId, u.role, u.email]);
  }
  return rowsResult(cols, rows, 'show');
}

/** DESCRIBE TABLE t. */
export function describeTable({ db, session: s, stmt: st }: StatementRun<A.DescribeTableStatement>): ExecResult {
  const t = requireTable(db, s, st.name, false)!;
  checkRead(t.def, s.role);
  const cols: ColumnInfo[] = [
    { name: 'column_name', type: 'text' }, { name: 'data_type', type: 'text' }, { name: 'nullable', type: 'boolean' },
    { name: 'default_value', type: 'text' }, { name: 'primary_key', type: 'boolean' },
  ];
  const rows: JsValue[][] = t.def.columns.filter((c) => !c.hidden).map((c) => [c.name, c.typeName, !c.notNull, c.defaultSql, c.primaryKey]);
  return rowsResult(cols, rows, 'describe_table');
}

/** EXPLAIN statement: the physical plan of a query or a DML statement, as an indented tree with estimated rows. */
export function explain({ db, session: s, stmt: st }: StatementRun<A.ExplainStatement>): ExecResult {
  if (st.analyze) throw new DbError(SqlState.FEATURE_NOT_SUPPORTED, 'EXPLAIN ANALYZE is not supported');
  const inner = st.statement;
  let tree: ExplainNode;
  if (inner.kind === 'query') tree = compileQuery(db, s, inner, inner.query).op.explain();
  else if (inner.kind === 'insert' || inner.kind === 'update' || inner.kind === 'delete') tree = compileDml(db, s, inner).prepared.explain();
  else throw new DbError(SqlState.FEATURE_NOT_SUPPORTED, `EXPLAIN of ${inner.kind.replace('_', ' ')} is not supported`);
  const lines = renderExplain(withEstimates(tree, {
    user: s.user, role: s.role,
    table: (q) => { const dot = q.indexOf('.'); return db.catalog.findTable(q.slice(0, dot), q.slice(dot + 1)); },
  }));
  return rowsResult([{ name: 'QUERY PLAN', type: 'text' }], lines.map((l) => [l]), 'explain');
}
