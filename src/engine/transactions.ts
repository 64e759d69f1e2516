/**
 * Transactions and statement atomicity. Outside `BEGIN` every statement is its own
 * transaction; inside one, a failed statement is rolled back to where it started and the
 * transaction is marked failed (PostgreSQL's 25P02 until ROLLBACK). A commit goes through the
 * commit pipeline (`commit-pipeline.ts`); while its persist step runs the database stays held.
 */
import type * as A from '../sql/ast.ts';
import { DbError, toDbError } from '../errors/db-error.ts';
import { SqlState } from '../errors/sqlstate.ts';
import type { ExecResult } from '../api/engine-api.ts';
import { UndoLog } from '../storage/undo-log.ts';
import { COMMITTING } from './lock.ts';
import { emptyResult } from './results.ts';
import { Transaction, type Session } from './session.ts';
import type { EngineState } from './state.ts';

/**
 * Runs `f` as one statement of session `s`: in its open transaction, or as a transaction of its
 * own that commits when `f` succeeds. A failure rolls the statement back and rethrows it as a
 * DbError. Synchronous when `f` is and nothing needs persisting.
 */
export function runAtomic(db: EngineState, s: Session, f: (undo: UndoLog) => ExecResult | Promise<ExecResult>): ExecResult | Promise<ExecResult> {
  const undo = s.txn?.undo ?? new UndoLog();
  const mark = undo.mark();
  let r: ExecResult | Promise<ExecResult>;
  try {
    r = f(undo);
  } catch (e) {
    throw failStatement(s, undo, mark, e);
  }
  if (r instanceof Promise) {
    return r.then(
      (res) => (s.txn === null ? commitThen(db, undo, res) : res),
      (e: unknown) => { throw failStatement(s, undo, mark, e); },
    );
  }
  return s.txn === null ? commitThen(db, undo, r) : r;
}

function failStatement(s: Session, undo: UndoLog, mark: number, e: unknown): DbError {
  undo.rollbackTo(mark);
  if (s.txn !== null) s.txn.failed = true;
  return toDbError(e);
}

/** Commits `undo` and then answers `result` (after the persist step, if one runs). */
function commitThen(db: EngineState, undo: UndoLog, result: ExecResult): ExecResult | Promise<ExecResult> {
  const p = commit(db, undo);
  return p === undefined ? result : p.then(() => result);
}

/**
 * Sends a transaction's changes through the commit pipeline. When a persist step runs, the
 * database is held until it completes (or fails, which rolls the transaction back).
 */
export function commit(db: EngineState, undo: UndoLog): Promise<void> | undefined {
  const p = db.pipeline.commit(undo);
  if (p === undefined) return undefined;
  db.lock.hold(COMMITTING);
  return p.finally(() => { if (db.lock.owner === COMMITTING) db.lock.release(); });
}

/** BEGIN, COMMIT and ROLLBACK. */
export function runTransactionStatement(db: EngineState, s: Session, st: A.TransactionStatement): ExecResult | Promise<ExecResult> {
  switch (st.action) {
    case 'begin':
      if (s.txn !== null) throw new DbError(SqlState.ACTIVE_SQL_TRANSACTION, 'there is already a transaction in progress');
      s.txn = new Transaction(new UndoLog());
      db.lock.hold(s.id);
      return emptyResult('BEGIN', 'begin');
    case 'commit': {
      if (s.txn === null) throw new DbError(SqlState.NO_ACTIVE_SQL_TRANSACTION, 'there is no transaction in progress');
      const failed = s.txn.failed;
      const done = failed ? rollbackTransaction(db, s) : commitTransaction(db, s);
      const result = emptyResult(failed ? 'ROLLBACK' : 'COMMIT', 'commit');
      return done === undefined ? result : done.then(() => result);
    }
    case 'rollback':
      if (s.txn === null) throw new DbError(SqlState.NO_ACTIVE_SQL_TRANSACTION, 'there is no transaction in progress');
      rollbackTransaction(db, s);
      return emptyResult('ROLLBACK', 'rollback');
  }
}

/** Rolls a session's transaction back and frees the database. */
export function rollbackTransaction(db: EngineState, s: Session): undefined {
  const t = s.txn!;
  s.txn = null;
  t.undo.rollbackTo(0);
  if (db.lock.owner === s.id) db.lock.release();
  return undefined;
}

/** Commits a session's transaction through the pipeline, then frees the database. */
export function commitTransaction(db: EngineState, s: Session): Promise<void> | undefined {
  const t = s.txn!;
  s.txn = null;
  const p = commit(db, t.undo);   // holds the database while a persist step runs
  if (p === undefined && db.lock.owner === s.id) db.lock.release();
  return p;
}
