/**
 * The statement dispatcher: one handler per statement kind, in an exhaustive table (a kind
 * without a handler fails the build, as `plan/physical.ts` does for plan nodes). A handler
 * receives the engine state, the session, the statement narrowed to its kind, the parameters
 * and the transaction's undo log; it runs inside the statement's atomic section
 * (`transactions.ts`), except BEGIN/COMMIT/ROLLBACK, which the runner handles before it.
 */
import type * as A from '../sql/ast.ts';
import { DbError } from '../errors/db-error.ts';
import { SqlState } from '../errors/sqlstate.ts';
import type { ExecResult } from '../api/engine-api.ts';
import { analyze } from './analyze.ts';
import { createIndex, createView, dropIndex, dropView } from './ddl/indexes-views.ts';
import { createNamespace, dropNamespace, useNamespace } from './ddl/namespaces.ts';
import { alterTable, createTable, dropTable } from './ddl/tables.ts';
import { executeAs } from './execute-as.ts';
import { describeTable, explain, show } from './introspection.ts';
import { runDml, runQuery } from './queries.ts';
import { emptyResult } from './results.ts';
import type { StatementRun } from './state.ts';
import { storageFlush } from './storage-flush.ts';
import { runTransactionStatement } from './transactions.ts';
import { alterUser, createUser, dropUser } from './users.ts';

/** The handler of statements of kind K. */
export type Handler<K extends A.StatementKind> = (run: StatementRun<Extract<A.Statement, { kind: K }>>) => ExecResult | Promise<ExecResult>;

function notYet(what: string, hint: string): () => never {
  return () => { throw new DbError(SqlState.FEATURE_NOT_SUPPORTED, `${what} is not supported yet`, { hint }); };
}

/** Every statement kind's handler. */
export const HANDLERS: { readonly [K in A.StatementKind]: Handler<K> } = {
  query: runQuery,
  insert: runDml,
  update: runDml,
  delete: runDml,
  create_namespace: createNamespace,
  drop_namespace: dropNamespace,
  use_namespace: useNamespace,
  create_table: createTable,
  drop_table: dropTable,
  alter_table: alterTable,
  create_index: createIndex,
  drop_index: dropIndex,
  create_view: createView,
  drop_view: dropView,
  create_user: createUser,
  alter_user: alterUser,
  drop_user: dropUser,
  execute_as: (r) => executeAs(r, dispatch),
  show,
  describe_table: describeTable,
  explain,
  analyze,
  transaction: (r) => runTransactionStatement(r.db, r.session, r.stmt),
  subscribe: notYet('SUBSCRIBE TO as a plain statement', 'Pass it to session.subscribe(sql, params, { onInitial, onChange, onError }), which delivers the changes.'),
  kill_live_query: (r) => {
    r.db.live.kill(r.stmt.id, r.session);
    return emptyResult(`Live query ${r.stmt.id} killed`, 'kill_live_query');
  },
  storage_flush: storageFlush,
};

/** Runs a statement through its handler. */
export function dispatch(r: StatementRun): ExecResult | Promise<ExecResult> {
  const h = HANDLERS[r.stmt.kind] as Handler<A.StatementKind>;
  return h(r as StatementRun<never>);
}
