/**
 * The engine: the one object the worker endpoint (or an in-process client, or a test) talks
 * to; it has no DOM dependency. This file is the front door only: sessions live in
 * `session.ts`, the lock in `lock.ts`, atomicity and transactions in `transactions.ts`, the
 * commit pipeline in `commit-pipeline.ts`, caches in `statement-cache.ts`, planning in
 * `planning.ts`, and one handler per statement kind behind `dispatch.ts`.
 *
 * A memory-only engine is created synchronously (`createEngine`); a persisted one is opened
 * (`openEngine`), which reads the catalog, the shared tables and the commit log from IndexedDB
 * first (`persist-hooks.ts`, `storage/persist/`).
 *
 * @example
 * ```ts
 * const engine = createEngine();
 * const s = await engine.login('root', '');
 * await engine.execute(s, 'CREATE TABLE t (a INT)');
 * (await engine.execute(s, 'INSERT INTO t VALUES (1), (2)')).message; // 'Inserted 2 row(s)'
 *
 * const stored = await openEngine({ name: 'app', storage: 'indexeddb' });   // survives a reload
 * ```
 */
import type * as A from '../sql/ast.ts';
import { DbError } from '../errors/db-error.ts';
import { SqlState } from '../errors/sqlstate.ts';
import type {
  BatchStatement, CallOptions, ColumnArrays, EngineApi, EngineOptions, ExecResult, ExecScriptOutcome, LiveSink, OpenSessionOptions, ParamRows,
} from '../api/engine-api.ts';
import { dispatch } from './dispatch.ts';
import { BULK_INSERT } from './bulk-insert-part.ts';
import { cancelledError, Interrupt } from './interrupt.ts';
import { compileQuery, paramList } from './planning.ts';
import { emptyResult } from './results.ts';
import { PreparedEntry, type Session } from './session.ts';
import { EngineState, Run } from './state.ts';
import { rollbackTransaction, runAtomic, runAtomicDml, runTransactionStatement } from './transactions.ts';
import { createTrustedUser } from './users.ts';
import { authorizeScript } from './authorize.ts';
import { attachPersistence, loadFor, loadForAll } from './persist-hooks.ts';
import type { LockManagerLike } from '../storage/persist/web-lock.ts';
import { EvictionScheduler } from './eviction.ts';
import { createLiveRegistry, subscribeSession } from './live-host.ts';
import { runScript } from './script.ts';
import { PartLoading } from '../exec/lazy-part.ts';

export { EngineState } from './state.ts';
export type { ChangeSet, PartitionChange, CatalogChange } from '../storage/change-set.ts';
export type { Persister, CommitListener } from './commit-pipeline.ts';

/** Creates a memory-only engine (persisted databases are opened with {@link openEngine}). */
export function createEngine(options: EngineOptions = {}): Engine {
  if (options.storage === 'indexeddb') {
    throw new DbError(SqlState.FEATURE_NOT_SUPPORTED, "storage 'indexeddb' needs an asynchronous open: use openEngine()");
  }
  return new Engine(options);
}

/** Options of {@link openEngine}: the engine options, plus what only an in-process caller can hand over. */
export interface OpenEngineOptions extends EngineOptions {
  /** The IndexedDB factory to persist through (fake-indexeddb in Node); implies persistence. */
  readonly indexedDB?: IDBFactory | { open(name: string, version?: number): unknown; deleteDatabase(name: string): unknown };
  /** The Web Locks manager (Node tests inject one; the browser's `navigator.locks` by default). */
  readonly locks?: LockManagerLike;
}

/**
 * Opens an engine: in memory, or persisted to IndexedDB `inkdb:<name>` when `storage` is
 * `'indexeddb'` or an `indexedDB` factory is given (the catalog, shared tables and commit log
 * are read first; a second engine on the same database fails with 55006).
 */
export async function openEngine(options: OpenEngineOptions = {}): Promise<Engine> {
  const { indexedDB, locks, ...rest } = options;
  const persistent = rest.storage === 'indexeddb' || indexedDB !== undefined;
  const engine = new Engine({ ...rest, storage: persistent ? 'indexeddb' : 'memory' });
  if (persistent) {
    await attachPersistence(engine.state, {
      name: rest.name ?? 'default',
      ...(indexedDB !== undefined ? { factory: indexedDB as IDBFactory } : {}),
      ...(locks !== undefined ? { locks } : {}),
      ...(rest.durability !== undefined ? { durability: rest.durability } : {}),
      ...(rest.flushPolicy !== undefined ? { flushPolicy: rest.flushPolicy } : {}),
    });
  }
  return engine;
}

/** The engine implementation (see {@link createEngine}). */
export class Engine implements EngineApi {
  /** Everything the engine holds (catalog, users, sessions, caches, commit pipeline). */
  readonly state: EngineState;

  /** Use {@link createEngine} or {@link openEngine}. */
  constructor(readonly options: EngineOptions) {
    this.state = new EngineState(options);
    this.state.live = createLiveRegistry(this.state);
    this.evictor = new EvictionScheduler(this.state);
    this.state.eviction = this.evictor;
  }

  /** The stream-table eviction job. */
  private readonly evictor: EvictionScheduler;

  async login(user: string, password: string): Promise<string> {
    this.checkOpen();
    return this.loadSessionUser(await this.state.sessions.login(user, password));
  }

  async openSession(user: string, options: OpenSessionOptions = {}): Promise<string> {
    this.checkOpen();
    if (options.create === true && this.state.users.find(user) === undefined) await createTrustedUser(this.state, user);
    return this.loadSessionUser(this.state.sessions.openTrusted(user));
  }

  /** A new session's user's stored partitions are read before its first statement (persisted databases). */
  private async loadSessionUser(sessionId: string): Promise<string> {
    const p = this.state.persistence;
    const s = this.state.sessions.find(sessionId);
    const w = p === null || s === undefined ? undefined : p.loadOwner(s.user);
    if (w !== undefined) {
      try {
        await w;
      } catch (e) {
        this.state.sessions.delete(sessionId);
        throw e;
      }
    }
    return sessionId;
  }

  async closeSession(sessionId: string): Promise<void> {
    const s = this.state.sessions.find(sessionId);
    if (s === undefined) return;
    if (s.txn !== null) rollbackTransaction(this.state, s);
    this.state.live.endSession(sessionId);
    this.state.sessions.delete(sessionId);
  }

  /** Closes every session, waits for pending writes and running flushes, and closes the storage. */
  async close(): Promise<void> {
    if (this.state.closed) return;
    for (const id of this.state.sessions.ids()) await this.closeSession(id);
    this.state.live.endAll();
    this.evictor.stop();
    this.state.closed = true;
    await this.state.pipeline.whenIdle();
    await this.state.persistence?.close();
  }

  async subscribe(sessionId: string, sql: string, params: readonly unknown[], sink: LiveSink): Promise<string> {
    return subscribeSession(this.state, this.session(sessionId), sql, paramList(params), sink);
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
    if (stmt.kind === 'query') await this.withParts(s, () => compileQuery(this.state, s, stmt, stmt.query));
    const id = s.nextPrepared++;
    s.prepared.set(id, new PreparedEntry(sql, stmt));
    return id;
  }

  async executePrepared(sessionId: string, statementId: number, given?: readonly unknown[], options?: CallOptions): Promise<ExecResult> {
    return this.executePreparedNow(sessionId, statementId, given, options);
  }

  executePreparedNow(sessionId: string, statementId: number, given?: readonly unknown[], options?: CallOptions): ExecResult | Promise<ExecResult> {
    const s = this.session(sessionId);
    const params = paramList(given);
    const p = s.prepared.get(statementId);
    if (p === undefined) throw new DbError(SqlState.INVALID_PARAMETER_VALUE, `prepared statement ${statementId} does not exist`);
    const interrupt = this.interruptOf(options);
    if (this.state.persistence !== null) {
      // EXECUTE AS USER, ALTER TABLE, CREATE/DROP INDEX read their partitions first
      const w = loadFor(this.state, s, p.stmt);
      if (w !== undefined) return this.preparedAfter(w, s, p, params, interrupt);
    }
    if (this.state.lock.busyFor(s.id)) return this.preparedAfter(undefined, s, p, params, interrupt);
    return this.run(s, p.stmt, params, undefined, interrupt, p);
  }

  /**
   * A prepared statement that waits first: for its partitions to load (`w`), then for the
   * database lock. Its own method: closures in {@link executePreparedNow} would cost that
   * per-call path a context object on every call.
   */
  private async preparedAfter(w: Promise<void> | undefined, s: Session, p: PreparedEntry, params: readonly unknown[],
    interrupt: Interrupt | null): Promise<ExecResult> {
    if (w !== undefined) await w;
    return this.afterLock(s, interrupt, () => this.run(s, p.stmt, params, undefined, interrupt, p));
  }

  async executeMany(sessionId: string, statementId: number, paramRows: ParamRows, options?: CallOptions): Promise<ExecResult> {
    const s = this.session(sessionId);
    const p = s.prepared.get(statementId);
    if (p === undefined) throw new DbError(SqlState.INVALID_PARAMETER_VALUE, `prepared statement ${statementId} does not exist`);
    const interrupt = this.interruptOf(options);
    if (this.state.persistence !== null) {
      const w = loadFor(this.state, s, p.stmt);
      if (w !== undefined) await w;
    }
    if (this.state.lock.busyFor(s.id)) await this.afterLock(s, interrupt, () => undefined);
    if (s.txn !== null && s.txn.failed) throw abortedTransaction();
    return this.withParts(s, () => BULK_INSERT.get().runMany(this.state, s, p, paramRows, interrupt));
  }

  async batch(sessionId: string, statements: readonly BatchStatement[], options?: CallOptions): Promise<ExecResult[]> {
    const s = this.session(sessionId);
    const interrupt = this.interruptOf(options);
    if (this.state.persistence !== null && Array.isArray(statements)) {
      // the partitions the batch's statements need (a malformed entry is reported by runBatch)
      const stmts: A.Statement[] = [];
      for (const b of statements) {
        try { if (typeof b?.sql === 'string') stmts.push(...this.state.cache.parse(b.sql)); } catch { /* reported below */ }
      }
      const w = loadForAll(this.state, s, stmts);
      if (w !== undefined) await w;
    }
    if (this.state.lock.busyFor(s.id)) await this.afterLock(s, interrupt, () => undefined);
    if (s.txn !== null && s.txn.failed) throw abortedTransaction();
    return this.withParts(s, () => BULK_INSERT.get().runBatch(this.state, s, statements, interrupt));
  }

  /** The call's interrupt: its own time limit (or the database's), its signal; 57014 at once when already aborted. */
  private interruptOf(options: CallOptions | undefined): Interrupt | null {
    if (options?.signal?.aborted === true) throw cancelledError();
    return Interrupt.of(options?.timeoutMs ?? this.options.statementTimeoutMs, options?.signal);
  }

  /** Waits for the database lock, then checks the call was not cancelled meanwhile, then runs `f`. */
  private async afterLock<T>(s: Session, interrupt: Interrupt | null, f: () => T | Promise<T>): Promise<T> {
    if (this.state.lock.busyFor(s.id)) await this.state.lock.acquire(s.id);
    interrupt?.check();
    return f();
  }

  async closePrepared(sessionId: string, statementId: number): Promise<void> {
    this.session(sessionId).prepared.delete(statementId);
  }

  async execute(sessionId: string, sql: string, given?: readonly unknown[], options?: CallOptions): Promise<ExecResult> {
    const s = this.session(sessionId);
    const params = paramList(given);
    if (typeof sql !== 'string') throw new DbError(SqlState.INVALID_PARAMETER_VALUE, 'the SQL text must be a string');
    const db = this.state;
    const interrupt = this.interruptOf(options);
    if (params.length === 0) {
      const shaped = db.cache.shaped(sql);
      if (shaped !== null) {
        if (db.lock.busyFor(s.id)) await this.afterLock(s, interrupt, () => undefined);
        try {
          return await this.run(s, shaped.stmt, shaped.params, shaped.literals, interrupt);
        } catch (e) {
          // A literal's error (22P02 …) has no position in the shared shape: the query (a
          // read) runs again from its own text below, which reports where the literal is.
          if (!(e instanceof DbError) || e.position !== undefined) throw e;
        }
      }
    }
    const stmts = db.cache.parse(sql);
    if (stmts.length === 0) return emptyResult('', 'empty');
    if (stmts.length > 1 && params.length > 0) {
      throw new DbError(SqlState.SYNTAX_ERROR, 'cannot insert multiple commands into a prepared statement', { hint: 'Parameters are only allowed with a single statement.' });
    }
    if (db.persistence !== null) {
      const w = loadForAll(db, s, stmts);
      if (w !== undefined) await w;
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

  async executeScript(sessionId: string, sql: string): Promise<ExecScriptOutcome> {
    const s = this.session(sessionId);
    if (typeof sql !== 'string') throw new DbError(SqlState.INVALID_PARAMETER_VALUE, 'the SQL text must be a string');
    if (this.state.persistence !== null) {
      // load the partitions the script touches first (a syntax error is reported by runScript)
      let stmts: A.Statement[] | null = null;
      try { stmts = this.state.cache.parse(sql); } catch { stmts = null; }
      const w = stmts === null ? undefined : loadForAll(this.state, s, stmts);
      if (w !== undefined) await w;
    }
    return runScript(this.state, s, sql, (st) => this.run(s, st, []));
  }

  async insertColumns(sessionId: string, table: string, columns: ColumnArrays): Promise<ExecResult> {
    const s = this.session(sessionId);
    if (this.state.lock.busyFor(s.id)) await this.state.lock.acquire(s.id);
    if (s.txn !== null && s.txn.failed) throw abortedTransaction();
    return this.withParts(s, () => runAtomic(this.state, s, (undo) => BULK_INSERT.get().insertColumnArrays(this.state, s, table, columns, undo)));
  }

  async insertRows(sessionId: string, table: string, rows: readonly Record<string, unknown>[]): Promise<ExecResult> {
    const s = this.session(sessionId);
    if (this.state.lock.busyFor(s.id)) await this.state.lock.acquire(s.id);
    if (s.txn !== null && s.txn.failed) throw abortedTransaction();
    return this.withParts(s, () => runAtomic(this.state, s, (undo) => BULK_INSERT.get().insertRowObjects(this.state, s, table, rows, undo)));
  }

  /**
   * Runs one statement with statement-level atomicity; when it needed a part of the engine that
   * loads on first use, loads it and runs the statement again (see {@link Engine.withParts}).
   */
  private run(s: Session, st: A.Statement, params: readonly unknown[], literals?: ReadonlyMap<A.LiteralExpr, number>,
    interrupt: Interrupt | null = null, prepared?: PreparedEntry): ExecResult | Promise<ExecResult> {
    let r: ExecResult | Promise<ExecResult>;
    try {
      r = this.runOnce(s, st, params, literals, interrupt, prepared);
    } catch (e) {
      return this.runAgain(e, s, st, params, literals, interrupt, prepared);
    }
    return r instanceof Promise ? this.runSettled(r, s, st, params, literals, interrupt, prepared) : r;
  }

  /**
   * The retry of `run` once a part of the engine has loaded. The retries are methods of their own:
   * a closure in `run` would make every call of it allocate a context for the variables it captures.
   */
  private runAgain(e: unknown, s: Session, st: A.Statement, params: readonly unknown[], literals: ReadonlyMap<A.LiteralExpr, number> | undefined,
    interrupt: Interrupt | null, prepared: PreparedEntry | undefined): Promise<ExecResult> {
    return this.afterPart(e, s, () => this.run(s, st, params, literals, interrupt, prepared));
  }

  private runSettled(r: Promise<ExecResult>, s: Session, st: A.Statement, params: readonly unknown[],
    literals: ReadonlyMap<A.LiteralExpr, number> | undefined, interrupt: Interrupt | null, prepared: PreparedEntry | undefined): Promise<ExecResult> {
    return r.catch((e: unknown) => this.runAgain(e, s, st, params, literals, interrupt, prepared));
  }

  private runOnce(s: Session, st: A.Statement, params: readonly unknown[], literals: ReadonlyMap<A.LiteralExpr, number> | undefined,
    interrupt: Interrupt | null, prepared: PreparedEntry | undefined): ExecResult | Promise<ExecResult> {
    if (st.kind === 'transaction') return runTransactionStatement(this.state, s, st);
    if (s.txn !== null && s.txn.failed) throw abortedTransaction();
    if (prepared !== undefined && (st.kind === 'insert' || st.kind === 'update' || st.kind === 'delete')) {
      return runAtomicDml(this.state, s, st, params, interrupt, prepared);
    }
    return this.runDispatched(s, st, params, literals, interrupt, prepared);
  }

  /** Any statement through its handler (a method of its own: see {@link Engine.runAgain}). */
  private runDispatched(s: Session, st: A.Statement, params: readonly unknown[], literals: ReadonlyMap<A.LiteralExpr, number> | undefined,
    interrupt: Interrupt | null, prepared: PreparedEntry | undefined): ExecResult | Promise<ExecResult> {
    return runAtomic(this.state, s, (undo) => dispatch(new Run(this.state, s, st, params, undo, literals, interrupt, prepared)));
  }

  /**
   * Runs `f` (one call's statements); when binding needed a part of the engine that is loaded on
   * first use (`PartLoading`: thrown before any row is read or written, and rolled back like any
   * failure), loads the part and runs `f` again once the database is free for the session.
   */
  private withParts<T>(s: Session, f: () => T | Promise<T>): T | Promise<T> {
    let r: T | Promise<T>;
    try {
      r = f();
    } catch (e) {
      return this.afterPart(e, s, f);
    }
    return r instanceof Promise ? r.catch((e: unknown) => this.afterPart(e, s, f)) : r;
  }

  private async afterPart<T>(e: unknown, s: Session, again: () => T | Promise<T>): Promise<T> {
    if (!(e instanceof PartLoading)) throw e;
    await e.part.load();
    if (this.state.lock.busyFor(s.id)) await this.state.lock.acquire(s.id);
    return this.withParts(s, again);
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
