/**
 * Transactions and statement atomicity. Outside `BEGIN` every statement is its own
 * transaction; inside one, a failed statement is rolled back to where it started and the
 * transaction is marked failed (PostgreSQL's 25P02 until ROLLBACK). A commit goes through the
 * commit pipeline (`commit-pipeline.ts`), which may answer later (group commit to IndexedDB).
 *
 * With persistence, an autocommit statement that runs while earlier commits are applied in
 * memory but not yet durable answers only once they are (and gets their error if their write
 * fails, since it may have seen their rows); BEGIN waits until nothing is pending, so an open
 * transaction never sits on top of commits that could still be rolled back.
 */
import type * as A from '../sql/ast.ts';
import { DbError, toDbError } from '../errors/db-error.ts';
import { SqlState } from '../errors/sqlstate.ts';
import type { ExecResult } from '../api/engine-api.ts';
import { UndoLog } from '../storage/undo-log.ts';
import { emptyResult } from './results.ts';
import type { Interrupt } from './interrupt.ts';
import { runDmlStatement } from './queries.ts';
import { PartLoading } from '../exec/lazy-part.ts';
import { Transaction, type DmlMemo, type Session } from './session.ts';
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
    return failAfterPending(db, s, failStatement(s, undo, mark, e));
  }
  if (r instanceof Promise) {
    return r.then(
      (res) => (s.txn === null ? commitThen(db, undo, res) : res),
      (e: unknown) => failAfterPending(db, s, failStatement(s, undo, mark, e)),
    );
  }
  return s.txn === null ? commitThen(db, undo, r) : r;
}

/**
 * {@link runAtomic} for one prepared INSERT/UPDATE/DELETE (the per-call path of prepared DML):
 * the same statement atomicity, without a closure per call or the statement dispatcher.
 */
export function runAtomicDml(db: EngineState, s: Session, st: A.InsertStatement | A.UpdateStatement | A.DeleteStatement,
  params: readonly unknown[], interrupt: Interrupt | null, memo: DmlMemo): ExecResult | Promise<ExecResult> {
  const txn = s.txn;
  const undo = txn !== null ? txn.undo : new UndoLog();
  const mark = undo.mark();
  let r: ExecResult;
  try {
    r = runDmlStatement(db, s, st, params, undo, interrupt, memo);
  } catch (e) {
    return failAfterPending(db, s, failStatement(s, undo, mark, e));
  }
  return txn === null ? commitThen(db, undo, r) : r;
}

/** Throws `err`, after pending commits are durable when an autocommit statement may have seen them (their failure wins). */
function failAfterPending(db: EngineState, s: Session, err: DbError): never | Promise<never> {
  const pending = s.txn === null ? db.pipeline.settled() : undefined;
  if (pending === undefined) throw err;
  return pending.then(() => { throw err; });
}

function failStatement(s: Session, undo: UndoLog, mark: number, e: unknown): DbError {
  undo.rollbackTo(mark);
  // a statement that only waits for a part of the engine to load runs again: the transaction goes on
  if (s.txn !== null && !(e instanceof PartLoading)) s.txn.failed = true;
  return toDbError(e);
}

/**
 * Commits `undo` and then answers `result`: after its group's write when it is persisted, or
 * after the pending commits it ran on top of (a read, or a write that stored nothing).
 */
function commitThen(db: EngineState, undo: UndoLog, result: ExecResult): ExecResult | Promise<ExecResult> {
  const p = commit(db, undo);
  if (p !== undefined) return p.then(() => result);
  const pending = db.pipeline.settled();
  return pending === undefined ? result : pending.then(() => result);
}

/**
 * Sends a transaction's changes through the commit pipeline: undefined when the commit is
 * complete, or a promise for its group's write (a failed write has rolled the transaction back).
 */
export function commit(db: EngineState, undo: UndoLog): Promise<void> | undefined {
  const p = db.pipeline.commit(undo);
  return p === undefined ? undefined : p;
}

/** BEGIN, COMMIT and ROLLBACK. */
export function runTransactionStatement(db: EngineState, s: Session, st: A.TransactionStatement): ExecResult | Promise<ExecResult> {
  switch (st.action) {
    case 'begin':
      if (s.txn !== null) throw new DbError(SqlState.ACTIVE_SQL_TRANSACTION, 'there is already a transaction in progress');
      if (db.pipeline.busy) return beginWhenIdle(db, s);
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

/** BEGIN once no commit is pending and the database is free (a transaction never starts on top of commits that may still roll back). */
async function beginWhenIdle(db: EngineState, s: Session): Promise<ExecResult> {
  while (db.pipeline.busy || db.lock.busyFor(s.id)) {
    if (db.pipeline.busy) await db.pipeline.whenIdle();
    else await db.lock.acquire(s.id);
  }
  if (s.txn !== null) throw new DbError(SqlState.ACTIVE_SQL_TRANSACTION, 'there is already a transaction in progress');
  s.txn = new Transaction(new UndoLog());
  db.lock.hold(s.id);
  return emptyResult('BEGIN', 'begin');
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
  const p = commit(db, t.undo);   // the pipeline holds the database while its group is written
  if (db.lock.owner === s.id) db.lock.release();
  return p;
}
