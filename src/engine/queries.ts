/**
 * Running queries and DML: compile (cached), coerce parameters, run the physical plan, build
 * the result.
 */
import type * as A from '../sql/ast.ts';
import type { ExecResult } from '../api/engine-api.ts';
import type { UndoLog } from '../storage/undo-log.ts';
import { bindParams, compileDml, compileQuery, statementContext } from './planning.ts';
import type { Interrupt } from './interrupt.ts';
import { dmlResult, queryResult } from './results.ts';
import type { Session } from './session.ts';
import type { EngineState, StatementRun } from './state.ts';
import type { CachedPlan } from './statement-cache.ts';

/** SELECT (and VALUES, WITH …). */
export function runQuery(r: StatementRun<A.QueryStatement>): ExecResult {
  const cq = compileQuery(r.db, r.session, r.stmt, r.stmt.query, r.literals, r.params);
  // a shared shape's literals that sit where the binder never looked (an unreferenced CTE) are unused
  const params = r.literals === undefined ? r.params : r.params.slice(0, Math.max(0, cq.paramTypes.length - 1));
  const ctx = statementContext(r.db, r.session, bindParams(cq.paramTypes, params), r.undo, r.interrupt ?? null);
  ctx.checkpoint();
  const batch = cq.op.run(ctx);
  ctx.checkpoint();
  return queryResult(cq.columns, batch);
}

/** INSERT, UPDATE and DELETE. */
export function runDml(r: StatementRun<A.InsertStatement | A.UpdateStatement | A.DeleteStatement>): ExecResult {
  return runDmlStatement(r.db, r.session, r.stmt, r.params, r.undo, r.interrupt ?? null, r.prepared);
}

/** Runs one DML statement (also used by CREATE TABLE … AS). */
export function runDmlStatement(db: EngineState, s: Session, st: A.InsertStatement | A.UpdateStatement | A.DeleteStatement,
  params: readonly unknown[], undo: UndoLog, interrupt: Interrupt | null = null, memo?: { plan?: CachedPlan }): ExecResult {
  const c = compileDml(db, s, st, params, memo);
  const ctx = statementContext(db, s, bindParams(c.paramTypes, params), undo, interrupt);
  if (interrupt !== null) ctx.checkpoint();
  const res = c.prepared.run(ctx);
  if (interrupt !== null) ctx.checkpoint();
  return dmlResult(st.kind, res.count, res.returning, c.columns);
}
