/**
 * The engine: the one object the worker endpoint (or an in-process client, or a test) talks
 * to; it has no DOM dependency. This file is the front door only: sessions live in
 * `session.ts`, the lock in `lock.ts`, atomicity and transactions in `transactions.ts`, the
 * commit pipeline in `commit-pipeline.ts`, caches in `statement-cache.ts`, planning in
 * `planning.ts`, and one handler per statement kind behind `dispatch.ts`.
 *
 * @example
 * ```ts
 * const engine = createEngine();
 * const s = await engine.login('root', '');
 * await engine.execute(s, 'CREATE TABLE t (a INT)');
 * (await engine.execute(s, 'INSERT INTO t VALUES (1), (2)')).message; // 'Inserted 2 row(s)'
 * ```
 */
import type * as A from '../sql/ast.ts';
import { DbError } from '../errors/db-error.ts';
import { SqlState } from '../errors/sqlstate.ts';
import type {
  BatchStatement, CallOptions, ColumnArrays, EngineApi, EngineOptions, ExecResult, LiveSink, OpenSessionOptions,
} from '../api/engine-api.ts';
import { runBatch, runMany } from './batch.ts';
import { dispatch } from './dispatch.ts';
import { insertColumnArrays, insertRowObjects } from './insert-rows.ts';
import { cancelledError, Interrupt } from './interrupt.ts';
import { compileQuery } from './planning.ts';
import { emptyResult } from './results.ts';
import { PreparedEntry, type Session } from './session.ts';
import { EngineState, Run } from './state.ts';
import { rollbackTransaction, runAtomic, runTransactionStatement } from './transactions.ts';
import { createTrustedUser } from './users.ts';
import { authorizeScript } from './authorize.ts';
import { EvictionScheduler } from './eviction.ts';
import { createLiveRegistry, subscribeSession } from './live-host.ts';

export { EngineState } from './state.ts';
export type { ChangeSet, PartitionChange, CatalogChange } from '../storage/change-set.ts';
export type { Persister, CommitListener } from './commit-pipeline.ts';

/** Creates an engine. */
export function createEngine(options: EngineOptions = {}): Engine {
  return new Engine(options);
}

/** The engine implementation (see {@link createEngine}). */
export class Engine implements EngineApi {
  /** Everything the engine holds (catalog, users, sessions, caches, commit pipeline). */
  readonly state: EngineState;

  constructor(readonly options: EngineOptions) {
    if (options.storage === 'indexeddb') {
      throw new DbError(SqlState.FEATURE_NOT_SUPPORTED, "storage 'indexeddb' is not available in this version: use storage: 'memory'");
    }
    this.state = new EngineState(options);
    this.state.live = createLiveRegistry(this.state);
    this.evictor = new EvictionScheduler(this.state);
    this.state.eviction = this.evictor;
  }

  /** The stream-table eviction job. */
  private readonly evictor: EvictionScheduler;

  async login(user: string, password: string): Promise<string> {
    this.checkOpen();
    return this.state.sessions.login(user, password);
  }

  async openSession(user: string, options: OpenSessionOptions = {}): Promise<string> {
    this.checkOpen();
    if (options.create === true && this.state.users.find(user) === undefined) await createTrustedUser(this.state, user);
    return this.state.sessions.openTrusted(user);
  }

  async closeSession(sessionId: string): Promise<void> {
    const s = this.state.sessions.find(sessionId);
    if (s === undefined) return;
    if (s.txn !== null) rollbackTransaction(this.state, s);
    this.state.live.endSession(sessionId);
    this.state.sessions.delete(sessionId);
  }

  async close(): Promise<void> {
    for (const id of this.state.sessions.ids()) await this.closeSession(id);
    this.state.live.endAll();
    this.evictor.stop();
    this.state.closed = true;
  }

  async subscribe(sessionId: string, sql: string, params: readonly unknown[], sink: LiveSink): Promise<string> {
    return subscribeSession(this.state, this.session(sessionId), sql, params ?? [], sink);
  }

  async unsubscribe(sessionId: string, subscriptionId: string): Promise<void> {
    if (this.state.sessions.find(sessionId) === undefined) return;
    this.state.live.unsubscribe(sessionId, subscriptionId);
  }

  /**
   * Runs the stream-table eviction job now (it also runs on its own timer): removes every row
   * whose TTL has passed by the engine clock, records the run in `system.jobs` and delivers the
   * expiries to live queries. Resolves with the number of rows removed.
   *
   * @example
   * ```ts
   * clock.now += 61_000;                 // an injected EngineOptions.clock
   * await engine.evictExpired();         // → 3
   * ```
   */
  evictExpired(): Promise<number> {
    this.checkOpen();
    return this.evictor.run();
  }

  async prepare(sessionId: string, sql: string): Promise<number> {
    const s = this.session(sessionId);
    const stmts = this.state.cache.parse(sql);
    if (stmts.length !== 1) {
      throw new DbError(SqlState.SYNTAX_ERROR, stmts.length === 0 ? 'cannot prepare an empty statement' : 'cannot insert multiple commands into a prepared statement');
    }
    const stmt = stmts[0]!;
    if (stmt.kind === 'query') compileQuery(this.state, s, stmt, stmt.query);
    const id = s.nextPrepared++;
    s.prepared.set(id, new PreparedEntry(sql, stmt));
    return id;
  }

  async executePrepared(sessionId: string, statementId: number, params: readonly unknown[] = [], options?: CallOptions): Promise<ExecResult> {
    return this.executePreparedNow(sessionId, statementId, params, options);
  }

  executePreparedNow(sessionId: string, statementId: number, params: readonly unknown[] = [], options?: CallOptions): ExecResult | Promise<ExecResult> {
    const s = this.session(sessionId);
    const p = s.prepared.get(statementId);
    if (p === undefined) throw new DbError(SqlState.INVALID_PARAMETER_VALUE, `prepared statement ${statementId} does not exist`);
    const interrupt = this.interruptOf(options);
    if (this.state.lock.busyFor(s.id)) return this.afterLock(s, interrupt, () => this.run(s, p.stmt, params, undefined, interrupt, p));
    return this.run(s, p.stmt, params, undefined, interrupt, p);
  }

  async executeMany(sessionId: string, statementId: number, paramRows: readonly (readonly unknown[])[], options?: CallOptions): Promise<ExecResult> {
    const s = this.session(sessionId);
    const p = s.prepared.get(statementId);
    if (p === undefined) throw new DbError(SqlState.INVALID_PARAMETER_VALUE, `prepared statement ${statementId} does not exist`);
    const interrupt = this.interruptOf(options);
    if (this.state.lock.busyFor(s.id)) await this.afterLock(s, interrupt, () => undefined);
    if (s.txn !== null && s.txn.failed) throw abortedTransaction();
    return runMany(this.state, s, p, paramRows, interrupt);
  }

  async batch(sessionId: string, statements: readonly BatchStatement[], options?: CallOptions): Promise<ExecResult[]> {
    const s = this.session(sessionId);
    const interrupt = this.interruptOf(options);
    if (this.state.lock.busyFor(s.id)) await this.afterLock(s, interrupt, () => undefined);
    if (s.txn !== null && s.txn.failed) throw abortedTransaction();
    return runBatch(this.state, s, statements, interrupt);
  }

  /** The call's interrupt: its own time limit (or the database's), its signal; 57014 at once when already aborted. */
  private interruptOf(options: CallOptions | undefined): Interrupt | null {
    if (options?.signal?.aborted === true) throw cancelledError();
    return Interrupt.of(options?.timeoutMs ?? this.options.statementTimeoutMs, options?.signal);
  }

  /** Waits for the database lock, then checks the call was not cancelled meanwhile, then runs `f`. */
  private async afterLock<T>(s: Session, interrupt: Interrupt | null, f: () => T | Promise<T>): Promise<T> {
    await this.state.lock.acquire(s.id);
    interrupt?.check();
    return f();
  }

  async closePrepared(sessionId: string, statementId: number): Promise<void> {
    this.session(sessionId).prepared.delete(statementId);
  }

  async execute(sessionId: string, sql: string, params: readonly unknown[] = [], options?: CallOptions): Promise<ExecResult> {
    const s = this.session(sessionId);
    if (typeof sql !== 'string') throw new DbError(SqlState.INVALID_PARAMETER_VALUE, 'the SQL text must be a string');
    const db = this.state;
    const interrupt = this.interruptOf(options);
    if (params.length === 0) {
      const shaped = db.cache.shaped(sql);
      if (shaped !== null) {
        if (db.lock.busyFor(s.id)) await this.afterLock(s, interrupt, () => undefined);
        return this.run(s, shaped.stmt, shaped.params, shaped.literals, interrupt);
      }
    }
    const stmts = db.cache.parse(sql);
    if (stmts.length === 0) return emptyResult('', 'empty');
    if (stmts.length > 1 && params.length > 0) {
      throw new DbError(SqlState.SYNTAX_ERROR, 'cannot insert multiple commands into a prepared statement', { hint: 'Parameters are only allowed with a single statement.' });
    }
    if (db.lock.busyFor(s.id)) await this.afterLock(s, interrupt, () => undefined);
    if (stmts.length === 1) return this.run(s, stmts[0]!, params, undefined, interrupt);
    authorizeScript(db, s, stmts);
    let last: ExecResult = emptyResult('', 'empty');
    for (const st of stmts) {
      if (db.lock.busyFor(s.id)) await this.afterLock(s, interrupt, () => undefined);
      last = await this.run(s, st, params, undefined, interrupt);
    }
    return last;
  }

  async insertColumns(sessionId: string, table: string, columns: ColumnArrays): Promise<ExecResult> {
    const s = this.session(sessionId);
    if (this.state.lock.busyFor(s.id)) await this.state.lock.acquire(s.id);
    if (s.txn !== null && s.txn.failed) throw abortedTransaction();
    return runAtomic(this.state, s, (undo) => insertColumnArrays(this.state, s, table, columns, undo));
  }

  async insertRows(sessionId: string, table: string, rows: readonly Record<string, unknown>[]): Promise<ExecResult> {
    const s = this.session(sessionId);
    if (this.state.lock.busyFor(s.id)) await this.state.lock.acquire(s.id);
    if (s.txn !== null && s.txn.failed) throw abortedTransaction();
    return runAtomic(this.state, s, (undo) => insertRowObjects(this.state, s, table, rows, undo));
  }

  /** Runs one statement with statement-level atomicity. */
  private run(s: Session, st: A.Statement, params: readonly unknown[], literals?: ReadonlyMap<A.LiteralExpr, number>,
    interrupt: Interrupt | null = null, prepared?: PreparedEntry): ExecResult | Promise<ExecResult> {
    if (st.kind === 'transaction') return runTransactionStatement(this.state, s, st);
    if (s.txn !== null && s.txn.failed) throw abortedTransaction();
    return runAtomic(this.state, s, (undo) => dispatch(new Run(this.state, s, st, params, undo, literals, interrupt, prepared)));
  }

  private checkOpen(): void {
    if (this.state.closed) throw new DbError(SqlState.ADMIN_SHUTDOWN, 'the database is closed');
  }

  private session(id: string): Session {
    this.checkOpen();
    return this.state.sessions.get(id);
  }
}

function abortedTransaction(): DbError {
  return new DbError(SqlState.IN_FAILED_SQL_TRANSACTION, 'current transaction is aborted, commands ignored until end of transaction block');
}
