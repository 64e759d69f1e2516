/**
 * CREATE TABLE [AS], DROP TABLE, ALTER TABLE: privilege checks and the engine-side steps around
 * the catalog's DDL (`catalog/ddl.ts`).
 */
import type * as A from '../../sql/ast.ts';
import { DbError } from '../../errors/db-error.ts';
import { SqlState } from '../../errors/sqlstate.ts';
import type { ExecResult } from '../../api/engine-api.ts';
import { checkAlterTable, checkCreateTable, checkDba } from '../../auth/privileges.ts';
import { alterTable as alterCatalogTable, createTable as createCatalogTable } from '../../catalog/ddl.ts';
import type { DataType } from '../../types/data-type.ts';
import { baseName, namespaceOf, requireTable } from '../names.ts';
import { binderFor, bindDefaultExpr, evalDefault } from '../planning.ts';
import { runDmlStatement } from '../queries.ts';
import { emptyResult } from '../results.ts';
import type { StatementRun } from '../state.ts';

/** The table type a CREATE TABLE asks for (prefix or TYPE option; SHARED by default). */
export function tableKindOf(st: A.CreateTableStatement): string {
  if (st.tableType !== null) return st.tableType;
  const t = st.options.find((o) => o.key.toLowerCase() === 'type');
  return t === undefined ? 'shared' : String(t.value).toLowerCase();
}

/** CREATE [USER|SHARED|STREAM] TABLE … [AS query]. */
export function createTable({ db, session: s, stmt: st, undo }: StatementRun<A.CreateTableStatement>): ExecResult {
  const ns = namespaceOf(s, st.name);
  if (ns === 'system') throw new DbError(SqlState.INSUFFICIENT_PRIVILEGE, 'cannot create tables in namespace system');
  checkCreateTable(tableKindOf(st), s.role);
  if (!db.catalog.namespaces.has(ns)) {
    throw new DbError(SqlState.INVALID_SCHEMA_NAME, `namespace "${ns}" does not exist`, { hint: `Create it first: CREATE NAMESPACE ${ns}` });
  }
  let stmt = st;
  if (st.asQuery !== null) {
    const bound = binderFor(db, s).bindQuery(st.asQuery);
    stmt = {
      ...st,
      columns: bound.names.map((name, i) => {
        const type: DataType = bound.types[i] === 'null' ? 'text' : bound.types[i]!;
        return { name, type: { type, name: type }, notNull: false, nullable: false, defaultExpr: null, primaryKey: false, unique: false, pos: st.pos };
      }),
    };
  }
  const storage = createCatalogTable(db.catalog, ns, stmt, undo, (sql, type) => { bindDefaultExpr(db, s, sql, type); }, s.user);
  if (storage === null) return emptyResult(`Table ${ns}.${baseName(st.name)} already exists, skipping`, 'create_table');
  if (storage.def.kind === 'stream') db.eviction?.watch();
  if (st.asQuery !== null) {
    const ins: A.InsertStatement = {
      kind: 'insert', pos: st.pos, table: { parts: [ns, storage.def.name], pos: st.pos }, alias: null, columns: [],
      source: st.asQuery, onConflict: null, returning: [],
    };
    runDmlStatement(db, s, ins, [], undo);
  }
  return emptyResult(`Table ${ns}.${storage.def.name} created`, 'create_table');
}

/** DROP [USER|SHARED|STREAM] TABLE [IF EXISTS] t, …. */
export function dropTable({ db, session: s, stmt: st, undo }: StatementRun<A.DropTableStatement>): ExecResult {
  checkDba(s.role, 'drop tables');
  const dropped: string[] = [];
  for (const n of st.names) {
    const storage = requireTable(db, s, n, st.ifExists);
    if (storage === null) {
      if (db.catalog.findView(namespaceOf(s, n), baseName(n)) !== undefined) {
        throw new DbError(SqlState.WRONG_OBJECT_TYPE, `"${baseName(n)}" is not a table`, { hint: 'Use DROP VIEW to remove a view.' });
      }
      continue;
    }
    if (st.tableType !== null && storage.def.kind !== st.tableType) {
      throw new DbError(SqlState.WRONG_OBJECT_TYPE, `"${storage.def.namespace}.${storage.def.name}" is a ${storage.def.kind} table, not a ${st.tableType} table`);
    }
    db.catalog.dropTable(storage, undo, () => db.seq.forget());
    dropped.push(`${storage.def.namespace}.${storage.def.name}`);
  }
  if (dropped.length === 0) return emptyResult('Table does not exist, skipping', 'drop_table');
  return emptyResult(dropped.map((d) => `Table ${d} dropped`).join('; '), 'drop_table');
}

/** ALTER TABLE t <action>. */
export function alterTable({ db, session: s, stmt: st, undo }: StatementRun<A.AlterTableStatement>): ExecResult {
  const storage = requireTable(db, s, st.name, st.ifExists);
  if (storage === null) return emptyResult(`Table ${st.name.parts.join('.')} does not exist, skipping`, 'alter_table');
  checkAlterTable(storage.def, s);
  const msg = alterCatalogTable(db.catalog, storage, st.action, undo, (sql, type) => evalDefault(db, s, sql, type));
  return emptyResult(msg, 'alter_table');
}
