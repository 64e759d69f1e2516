/**
 * Running queries and DML: compile (cached), coerce parameters, run the physical plan, build
 * the result.
 */
import type * as A from '../sql/ast.ts';
import type { ExecResult } from '../api/engine-api.ts';
import type { UndoLog } from '../storage/undo-log.ts';
import { bindParams, compileDml, compileQuery, statementContext } from './planning.ts';
import { dmlResult, queryResult } from './results.ts';
import type { Session } from './session.ts';
import type { EngineState, StatementRun } from './state.ts';

/** SELECT (and VALUES, WITH …). */
export function runQuery(r: StatementRun<A.QueryStatement>): ExecResult {
  const cq = compileQuery(r.db, r.session, r.stmt, r.stmt.query, r.literals, r.params);
  // a shared shape's literals that sit where the binder never looked (an unreferenced CTE) are unused
  const params = r.literals === undefined ? r.params : r.params.slice(0, Math.max(0, cq.paramTypes.length - 1));
  const ctx = statementContext(r.db, r.session, bindParams(cq.paramTypes, params), r.undo);
  return queryResult(cq.columns, cq.op.run(ctx));
}

/** INSERT, UPDATE and DELETE. */
export function runDml(r: StatementRun<A.InsertStatement | A.UpdateStatement | A.DeleteStatement>): ExecResult {
  return runDmlStatement(r.db, r.session, r.stmt, r.params, r.undo);
}

/** Runs one DML statement (also used by CREATE TABLE … AS). */
export function runDmlStatement(db: EngineState, s: Session, st: A.InsertStatement | A.UpdateStatement | A.DeleteStatement,
  params: readonly unknown[], undo: UndoLog): ExecResult {
  const c = compileDml(db, s, st, params);
  const ctx = statementContext(db, s, bindParams(c.paramTypes, params), undo);
  const res = c.prepared.run(ctx);
  return dmlResult(st.kind, res.count, res.returning, c.columns);
}
