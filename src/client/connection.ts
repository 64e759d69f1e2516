/**
 * How the client reaches the engine: directly in-process, or through a Worker (or any message
 * endpoint; `worker-connection.ts`). Both return {@link Result}s and reject only with {@link DbError}s.
 * A worker that crashes or is terminated rejects every pending call with `08006`.
 */
import { DbError, deserializeDbError, toDbError } from '../errors/db-error.ts';
import { SqlState } from '../errors/sqlstate.ts';
import { isDbErrorLike } from '../errors/wire-form.ts';
import type {
  BatchStatement, CallOptions, ColumnArrays, EngineApi, ExecResult, LiveEvent, LiveHandlers, LiveSink, OpenSessionOptions,
} from '../api/engine-api.ts';
import { LiveDispatcher, type Subscription } from './live.ts';
import { Result } from './result.ts';
import { scriptFromExec, type ScriptResult } from './script-result.ts';

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
  execute(sessionId: string, sql: string, params?: readonly unknown[], options?: CallOptions): Promise<Result>;
  /** Runs a script statement by statement (see `Session.queryScript`). */
  executeScript(sessionId: string, sql: string): Promise<ScriptResult>;
  prepare(sessionId: string, sql: string): Promise<number>;
  /** Runs a prepared statement; in-process it may answer synchronously (callers `await` either). */
  executePrepared(sessionId: string, statementId: number, params?: readonly unknown[], options?: CallOptions): Result | Promise<Result>;
  executeMany(sessionId: string, statementId: number, paramRows: readonly (readonly unknown[])[], options?: CallOptions): Promise<Result>;
  batch(sessionId: string, statements: readonly BatchStatement[], options?: CallOptions): Promise<Result[]>;
  closePrepared(sessionId: string, statementId: number): Promise<void>;
  insertRows(sessionId: string, table: string, rows: readonly Record<string, unknown>[]): Promise<Result>;
  insertColumns(sessionId: string, table: string, columns: ColumnArrays): Promise<Result>;
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
  execute(sid: string, sql: string, params?: readonly unknown[], options?: CallOptions): Promise<Result> {
    return this.#run(async (e) => Result.fromExec(await e.execute(sid, sql, params, options)));
  }
  executeScript(sid: string, sql: string): Promise<ScriptResult> {
    return this.#run(async (e) => scriptFromExec(sql, await e.executeScript(sid, sql)));
  }
  prepare(sid: string, sql: string): Promise<number> { return this.#run((e) => e.prepare(sid, sql)); }
  executePrepared(sid: string, id: number, params?: readonly unknown[], options?: CallOptions): Result | Promise<Result> {
    const e = this.#engine;
    if (this.#closed !== null || e.executePreparedNow === undefined) return this.#executePreparedLater(sid, id, params, options);
    // the per-call fast path: no promise unless the engine has to wait
    let r: ExecResult | Promise<ExecResult>;
    try {
      r = e.executePreparedNow(sid, id, params, options);
    } catch (err) {
      throw asDbError(err);
    }
    if (r instanceof Promise) return r.then(Result.fromExec, (err: unknown) => { throw asDbError(err); });
    return Result.fromExec(r);
  }
  /** The path of {@link executePrepared} with a promise (its own method: a closure there would cost every call a context). */
  #executePreparedLater(sid: string, id: number, params: readonly unknown[] | undefined, options: CallOptions | undefined): Promise<Result> {
    return this.#run(async (x) => Result.fromExec(await x.executePrepared(sid, id, params, options)));
  }
  executeMany(sid: string, id: number, paramRows: readonly (readonly unknown[])[], options?: CallOptions): Promise<Result> {
    return this.#run(async (e) => Result.fromExec(await e.executeMany(sid, id, paramRows, options)));
  }
  batch(sid: string, statements: readonly BatchStatement[], options?: CallOptions): Promise<Result[]> {
    return this.#run(async (e) => (await e.batch(sid, statements, options)).map(Result.fromExec));
  }
  closePrepared(sid: string, id: number): Promise<void> { return this.#run((e) => e.closePrepared(sid, id)); }
  insertRows(sid: string, table: string, rows: readonly Record<string, unknown>[]): Promise<Result> {
    return this.#run(async (e) => Result.fromExec(await e.insertRows(sid, table, rows)));
  }
  insertColumns(sid: string, table: string, columns: ColumnArrays): Promise<Result> {
    return this.#run(async (e) => Result.fromExec(await e.insertColumns(sid, table, columns)));
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

