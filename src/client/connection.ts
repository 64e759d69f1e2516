/**
 * How the client reaches the engine: directly in-process, or through Comlink over a Worker
 * (or any Comlink endpoint). Both return {@link Result}s and reject only with {@link DbError}s.
 * A worker that crashes or is terminated rejects every pending call with `08006`.
 */
import { proxy, wrap, releaseProxy, type Endpoint, type Remote } from 'comlink';
import { DbError, deserializeDbError, toDbError } from '../errors/db-error.ts';
import { SqlState } from '../errors/sqlstate.ts';
import { isDbErrorLike, registerDbErrorTransfer } from '../errors/wire.ts';
import type { EngineApi, EngineOptions, LiveEvent, LiveHandlers, LiveSink, OpenSessionOptions, WireResult } from '../api/engine-api.ts';
import type { WireLiveBatch } from '../api/live-wire.ts';
import type { WorkerEndpointApi } from '../worker/endpoint.ts';
import { LiveDispatcher, type Subscription } from './live.ts';
import { Result } from './result.ts';
import { scriptFromExec, scriptFromWire, type ScriptResult } from './script-result.ts';

/**
 * The engine as the client's Database and Session use it.
 *
 * @example
 * ```ts
 * const c: Connection = new InProcessConnection(engine);
 * const r = await c.execute(await c.login('root', ''), 'SELECT 1 AS x');   // r.rows → [{ x: 1 }]
 * ```
 */
export interface Connection {
  /** True when the engine runs in a Worker. */
  readonly inWorker: boolean;
  login(user: string, password: string): Promise<string>;
  openSession(user: string, options?: OpenSessionOptions): Promise<string>;
  closeSession(sessionId: string): Promise<void>;
  execute(sessionId: string, sql: string, params?: readonly unknown[]): Promise<Result>;
  /** Runs a script statement by statement (see `Session.queryScript`). */
  executeScript(sessionId: string, sql: string): Promise<ScriptResult>;
  prepare(sessionId: string, sql: string): Promise<number>;
  executePrepared(sessionId: string, statementId: number, params?: readonly unknown[]): Promise<Result>;
  closePrepared(sessionId: string, statementId: number): Promise<void>;
  insertRows(sessionId: string, table: string, rows: readonly Record<string, unknown>[]): Promise<Result>;
  /** Starts a live query; resolves once its initial rows went to `handlers.onInitial`. */
  subscribe(sessionId: string, sql: string, params: readonly unknown[], handlers: LiveHandlers): Promise<Subscription>;
  /** The connection's live-event dispatcher (subscriptions end there at logout). */
  readonly live: LiveDispatcher;
  /** Closes the engine (and terminates the worker); pending calls reject with `08006`. */
  close(): Promise<void>;
}

/**
 * Normalises anything a call rejected with into a DbError of this realm: a DbError from
 * another bundle is rebuilt, a structured-clone failure of a parameter becomes `22023`,
 * everything else `XX000`.
 *
 * @example
 * ```ts
 * asDbError(new DOMException('could not be cloned', 'DataCloneError')).code;   // '22023'
 * ```
 */
export function asDbError(e: unknown): DbError {
  if (e instanceof DbError) return e;
  if (isDbErrorLike(e)) {
    const copy = deserializeDbError(e as DbError);
    if (typeof (e as Error).stack === 'string') copy.stack = (e as Error).stack;
    return copy;
  }
  if (e instanceof Error && e.name === 'DataCloneError') {
    return new DbError(SqlState.INVALID_PARAMETER_VALUE,
      `a parameter or row cannot be sent to the database worker: ${e.message}`,
      { hint: 'Parameters must be numbers, bigints, strings, booleans, null, Uint8Arrays or plain objects.' });
  }
  return toDbError(e);
}

/**
 * The in-process connection: calls the engine directly (Node, tests, `worker: false`).
 *
 * @example
 * ```ts
 * const c = new InProcessConnection(createEngine({ storage: 'memory' }));
 * const sid = await c.login('root', '');
 * (await c.execute(sid, 'SELECT 1 AS x')).rows;   // [{ x: 1 }]
 * ```
 */
export class InProcessConnection implements Connection {
  readonly inWorker = false;
  readonly live = new LiveDispatcher();
  readonly #engine: EngineApi;
  #closed: DbError | null = null;
  /** Live events of the current commit, handed to the dispatcher in a microtask (never inside the engine's commit). */
  #events: LiveEvent[] = [];
  readonly #sink: LiveSink = {
    deliver: (ev) => {
      this.#events.push(ev);
      if (this.#events.length === 1) queueMicrotask(() => this.#drain());
    },
  };

  constructor(engine: EngineApi) {
    this.#engine = engine;
  }

  #drain(): void {
    const list = this.#events;
    this.#events = [];
    for (const ev of list) this.live.fromEngine(ev);
  }

  async #run<T>(f: (e: EngineApi) => Promise<T>): Promise<T> {
    if (this.#closed !== null) throw this.#closed;
    try {
      return await f(this.#engine);
    } catch (e) {
      throw asDbError(e);
    }
  }

  login(user: string, password: string): Promise<string> { return this.#run((e) => e.login(user, password)); }
  openSession(user: string, options?: OpenSessionOptions): Promise<string> { return this.#run((e) => e.openSession(user, options)); }
  closeSession(sid: string): Promise<void> { return this.#run((e) => e.closeSession(sid)); }
  execute(sid: string, sql: string, params?: readonly unknown[]): Promise<Result> {
    return this.#run(async (e) => Result.fromExec(await e.execute(sid, sql, params)));
  }
  executeScript(sid: string, sql: string): Promise<ScriptResult> {
    return this.#run(async (e) => scriptFromExec(sql, await e.executeScript(sid, sql)));
  }
  prepare(sid: string, sql: string): Promise<number> { return this.#run((e) => e.prepare(sid, sql)); }
  executePrepared(sid: string, id: number, params?: readonly unknown[]): Promise<Result> {
    return this.#run(async (e) => Result.fromExec(await e.executePrepared(sid, id, params)));
  }
  closePrepared(sid: string, id: number): Promise<void> { return this.#run((e) => e.closePrepared(sid, id)); }
  insertRows(sid: string, table: string, rows: readonly Record<string, unknown>[]): Promise<Result> {
    return this.#run(async (e) => Result.fromExec(await e.insertRows(sid, table, rows)));
  }
  async subscribe(sid: string, sql: string, params: readonly unknown[], handlers: LiveHandlers): Promise<Subscription> {
    const id = await this.#run((e) => e.subscribe(sid, sql, params, this.#sink));
    return this.live.attach(id, handlers, () => this.#run((e) => e.unsubscribe(sid, id)).catch(() => { /* closed */ }));
  }
  async close(): Promise<void> {
    if (this.#closed !== null) return;
    try {
      await this.#engine.close();
    } finally {
      this.#closed = new DbError(SqlState.CONNECTION_FAILURE, 'the database is closed');
      this.live.lose(this.#closed);
    }
  }
}

/**
 * The worker-like thing a {@link WorkerConnection} talks to: a Worker or a MessagePort.
 *
 * @example
 * ```ts
 * const target: WorkerLike = new MessageChannel().port2;
 * ```
 */
export type WorkerLike = Endpoint & {
  terminate?(): void;
  close?(): void;
};

/**
 * Options of {@link WorkerConnection.connect}.
 *
 * @example
 * ```ts
 * await WorkerConnection.connect(worker, { engine: { name: 'x', storage: 'memory' }, terminateOnClose: true });
 * ```
 */
export interface WorkerConnectOptions {
  /** Options for the engine created in the worker. */
  readonly engine: EngineOptions;
  /** Terminate the worker when the connection closes (true for workers openDatabase made). */
  readonly terminateOnClose?: boolean;
}

let lockCounter = 0;

/**
 * A connection through Comlink to an engine exposed with `exposeEngine` (in a Worker, or over
 * a MessagePort). Every call is tracked: if the worker fails to start, crashes or is
 * terminated, all pending calls reject with DbError `08006` and later calls fail the same
 * way; `openDatabase` can then simply be called again.
 *
 * @example
 * ```ts
 * const worker = new Worker(new URL('../worker/worker-entry.ts', import.meta.url), { type: 'module' });
 * const c = await WorkerConnection.connect(worker, { engine: { storage: 'memory' } });
 * const sid = await c.login('root', '');
 * ```
 */
export class WorkerConnection implements Connection {
  readonly inWorker = true;
  readonly live = new LiveDispatcher();
  readonly #remote: Remote<WorkerEndpointApi>;
  #listening: Promise<void> | null = null;
  readonly #target: WorkerLike;
  readonly #terminateOnClose: boolean;
  readonly #pending = new Set<(e: DbError) => void>();
  readonly #abortLifeline = new AbortController();
  #lost: DbError | null = null;
  #closing = false;

  private constructor(target: WorkerLike, terminateOnClose: boolean) {
    registerDbErrorTransfer();
    this.#target = target;
    this.#terminateOnClose = terminateOnClose;
    this.#remote = wrap<WorkerEndpointApi>(target);
  }

  /**
   * Connects to the engine behind `target` and opens it with `options.engine`. Rejects with
   * `08006` when the worker fails to load (for example a CSP that blocks it).
   */
  static async connect(target: WorkerLike, options: WorkerConnectOptions): Promise<WorkerConnection> {
    const c = new WorkerConnection(target, options.terminateOnClose ?? true);
    const onError = (ev: Event): void => {
      const msg = (ev as ErrorEvent).message;
      c.lose(`the database worker failed${msg ? `: ${msg}` : ''}`);
    };
    target.addEventListener('error', onError as EventListener);
    const locks = (globalThis as { navigator?: { locks?: LockManager } }).navigator?.locks;
    const lockName = locks === undefined ? undefined : `inkdb-lifeline-${Date.now().toString(36)}-${++lockCounter}-${Math.random().toString(36).slice(2)}`;
    try {
      await c.#call((r) => r.open(options.engine, lockName));
    } catch (e) {
      c.#shutdown();
      throw e;
    }
    // Once open, a worker 'error' event is an uncaught exception there, not its death: the
    // lifeline lock (granted to us only when the worker is gone) reports real losses.
    target.removeEventListener('error', onError as EventListener);
    if (locks !== undefined && lockName !== undefined) {
      locks.request(lockName, { signal: c.#abortLifeline.signal }, () => {
        c.lose('the database worker has terminated');
      }).catch(() => { /* aborted at close */ });
    }
    return c;
  }

  /** Rejects every pending and future call with `08006` (the worker is gone). */
  lose(reason = 'connection to the database worker was lost'): void {
    if (this.#lost !== null || this.#closing) return;
    this.#lost = new DbError(SqlState.CONNECTION_FAILURE, reason, {
      hint: 'Open the database again with openDatabase().',
    });
    const err = this.#lost;
    for (const reject of [...this.#pending]) reject(err);
    this.#pending.clear();
    this.live.lose(err);
    this.#shutdown();
  }

  /** True once the worker is gone or the connection is closed. */
  get lost(): boolean {
    return this.#lost !== null;
  }

  #shutdown(): void {
    this.#abortLifeline.abort();
    try { this.#remote[releaseProxy](); } catch { /* already released */ }
    if (this.#terminateOnClose) this.#target.terminate?.();
    this.#target.close?.();
  }

  #call<T>(f: (r: Remote<WorkerEndpointApi>) => Promise<T>): Promise<T> {
    if (this.#lost !== null) return Promise.reject(this.#lost);
    return new Promise<T>((resolve, reject) => {
      const fail = (e: DbError): void => reject(e);
      this.#pending.add(fail);
      let p: Promise<T>;
      try {
        p = f(this.#remote);
      } catch (e) {
        this.#pending.delete(fail);
        reject(asDbError(e));
        return;
      }
      p.then(
        (v) => { if (this.#pending.delete(fail)) resolve(v); },
        (e: unknown) => { if (this.#pending.delete(fail)) reject(asDbError(e)); },
      );
    });
  }

  /** A worker answer as a Result, once the live batch it names (the call's own changes) has been applied. */
  async #result(w: WireResult): Promise<Result> {
    if (w.liveBatch !== undefined) await this.live.reached(w.liveBatch);
    return Result.fromWire(w);
  }

  /** Registers this connection's live listener with the worker (once, before the first subscription). */
  #listen(): Promise<void> {
    this.#listening ??= this.#call((r) => r.listen(proxy((batch: WireLiveBatch) => { this.live.fromWire(batch); })));
    return this.#listening;
  }

  login(user: string, password: string): Promise<string> { return this.#call((r) => r.login(user, password)); }
  openSession(user: string, options?: OpenSessionOptions): Promise<string> { return this.#call((r) => r.openSession(user, options)); }
  closeSession(sid: string): Promise<void> { return this.#call((r) => r.closeSession(sid)); }
  async execute(sid: string, sql: string, params?: readonly unknown[]): Promise<Result> {
    return this.#result(await this.#call((r) => r.execute(sid, sql, params as unknown[] | undefined)));
  }
  async executeScript(sid: string, sql: string): Promise<ScriptResult> {
    const w = await this.#call((r) => r.executeScript(sid, sql));
    if (w.liveBatch !== undefined) await this.live.reached(w.liveBatch);
    return scriptFromWire(sql, w);
  }
  prepare(sid: string, sql: string): Promise<number> { return this.#call((r) => r.prepare(sid, sql)); }
  async executePrepared(sid: string, id: number, params?: readonly unknown[]): Promise<Result> {
    return this.#result(await this.#call((r) => r.executePrepared(sid, id, params as unknown[] | undefined)));
  }
  closePrepared(sid: string, id: number): Promise<void> { return this.#call((r) => r.closePrepared(sid, id)); }
  async insertRows(sid: string, table: string, rows: readonly Record<string, unknown>[]): Promise<Result> {
    return this.#result(await this.#call((r) => r.insertRows(sid, table, rows as Record<string, unknown>[])));
  }
  async subscribe(sid: string, sql: string, params: readonly unknown[], handlers: LiveHandlers): Promise<Subscription> {
    await this.#listen();
    const id = await this.#call((r) => r.subscribe(sid, sql, params as unknown[]));
    return this.live.attach(id, handlers, () => this.#call((r) => r.unsubscribe(sid, id)).catch(() => { /* lost */ }));
  }

  async close(): Promise<void> {
    if (this.#lost !== null) return;
    try {
      await this.#call((r) => r.close());
    } finally {
      if (this.#lost === null) {
        this.lose('the database is closed');
        this.#closing = true;
      }
    }
  }
}
