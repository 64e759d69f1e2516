/**
 * Running queries and DML: compile (cached), coerce parameters, run the physical plan, build
 * the result.
 */
import type * as A from '../sql/ast.ts';
import type { ExecResult } from '../api/engine-api.ts';
import type { UndoLog } from '../storage/undo-log.ts';
import { bindParam, bindParams, compileDml, compileQuery, statementContext, type CompiledDml } from './planning.ts';
import type { JsValue } from '../types/vector.ts';
import type { ExecContext } from '../exec/context.ts';
import type { Interrupt } from './interrupt.ts';
import { dmlResult, queryResult } from './results.ts';
import type { DmlMemo, Session } from './session.ts';
import type { EngineState, StatementRun } from './state.ts';

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
  params: readonly unknown[], undo: UndoLog, interrupt: Interrupt | null = null, memo?: DmlMemo): ExecResult {
  const c = compileDml(db, s, st, params, memo);
  const renews = memo !== undefined && interrupt === null && c.prepared.renewsContext === true;
  if (renews && c.prepared.paramCount === params.length && c.paramTypes.length === params.length + 1) {
    // a row of parameters only: bound straight into the row (no bound-parameter array)
    const ctx = reusedContext(db, s, NO_PARAMS, undo, memo!);
    return dmlResult(st.kind, c.prepared.runParams!(ctx, params, c.paramTypes, bindParam).count, null, c.columns);
  }
  const ctx: ExecContext = renews
    ? renewedContext(db, s, c, params, undo, memo!)
    : statementContext(db, s, bindParams(c.paramTypes, params), undo, interrupt);
  if (interrupt !== null) ctx.checkpoint();
  const res = c.prepared.run(ctx);
  if (interrupt !== null) ctx.checkpoint();
  return dmlResult(st.kind, res.count, res.returning, c.columns);
}

/** The context of a prepared statement's run, renewed from its last run when it fits (no object per call). */
function renewedContext(db: EngineState, s: Session, c: CompiledDml, params: readonly unknown[], undo: UndoLog, memo: DmlMemo): ExecContext {
  const bound = bindParams(c.paramTypes, params, memo.bound ?? undefined);
  memo.bound = bound;
  return reusedContext(db, s, bound, undo, memo);
}

/** The last run's context renewed with `bound` parameters when it fits the session, else a new one (kept for the next run). */
function reusedContext(db: EngineState, s: Session, bound: readonly JsValue[], undo: UndoLog, memo: DmlMemo): ExecContext {
  const ctx = memo.ctx;
  if (ctx !== undefined && ctx !== null && ctx.fits(s)) {
    ctx.renew(bound, undo);
    return ctx;
  }
  const fresh = statementContext(db, s, bound, undo, null);
  memo.ctx = fresh;
  return fresh;
}

/** The parameters of a run that binds its own (`PreparedModify.runParams`). */
const NO_PARAMS: readonly JsValue[] = Object.freeze([null]);
