/**
 * The client's side of the Worker protocol (`api/worker-wire.ts`): one message per call, one
 * per answer, answers matched by call id in one map, live batches applied as they come. Every
 * call is tracked: if the worker fails to start, crashes or is terminated, all pending calls
 * reject with `08006`, and so do later ones; `openDatabase` can then simply be called again.
 *
 * Cancellation: a call's `signal` sets the call's flag in a buffer shared with the worker when
 * the page is cross-origin isolated (the engine reads it between batches, so a running statement
 * stops); otherwise a `cancel` message reaches the worker only once it is idle, which stops a
 * call still waiting (for the database lock) but not one already running: `timeoutMs` then is
 * the way to bound a statement (the engine checks its own clock).
 */
import { DbError } from '../errors/db-error.ts';
import { SqlState } from '../errors/sqlstate.ts';
import { revive } from '../errors/wire-form.ts';
import type {
  BatchStatement, CallOptions, ColumnArrays, EngineOptions, LiveHandlers, OpenSessionOptions, WireResult, WireScriptOutcome,
} from '../api/engine-api.ts';
import type { WireLiveBatch } from '../api/live-wire.ts';
import { CANCEL_SLOTS, LIVE, OK, type WireAnswer, type WireCallOptions, type WireError } from '../api/worker-wire.ts';
import { asDbError, type Connection } from './connection.ts';
import { LiveDispatcher, type Subscription } from './live.ts';
import { Result } from './result.ts';
import { scriptFromWire, type ScriptResult } from './script-result.ts';

/**
 * The worker-like thing a {@link WorkerConnection} talks to: a Worker or a MessagePort.
 *
 * @example
 * ```ts
 * const target: WorkerLike = new MessageChannel().port2;
 * ```
 */
export interface WorkerLike {
  postMessage(message: unknown, transfer?: Transferable[]): void;
  addEventListener(type: string, listener: EventListener): void;
  removeEventListener(type: string, listener: EventListener): void;
  start?(): void;
  terminate?(): void;
  close?(): void;
}

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
  /** The engine is gone once this settles: the connection is lost then (even while opening). */
  readonly until?: Promise<unknown>;
  /** Called once when the connection is lost (not at `close()`). */
  readonly onLost?: () => void;
}

/** A call waiting for its answer. */
interface Pending {
  resolve(v: unknown): void;
  reject(e: DbError): void;
}

let lockCounter = 0;

/** True where memory can be shared with a Worker (a cross-origin isolated page, or Node). */
function canShareMemory(): boolean {
  const g = globalThis as { crossOriginIsolated?: boolean };
  return typeof SharedArrayBuffer === 'function' && typeof Atomics === 'object' && g.crossOriginIsolated !== false;
}

/** Parameter rows of a `stmt.run` (and row objects of a `table.insert`) from which on they cross packed by column. */
const PACK_ROWS = 64;
const PACK_OBJECTS = 256;

let packing: Promise<typeof import('../api/row-packing.ts')> | null = null;
/** The row packing, loaded with the first batch large enough to pack (it is not part of the client's entry). */
function rowPacking(): Promise<typeof import('../api/row-packing.ts')> {
  packing ??= import('../api/row-packing.ts');
  return packing;
}

/**
 * A connection to an engine served with `exposeEngine` (in a Worker, or over a MessagePort).
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
  readonly #target: WorkerLike;
  readonly #terminateOnClose: boolean;
  readonly #pending = new Map<number, Pending>();
  readonly #abortLifeline = new AbortController();
  /** Cancel flags shared with the worker (null where memory cannot be shared). */
  readonly #flags: Int32Array | null;
  readonly #freeSlots: number[] = [];
  #next = 1;
  #listening = false;
  #lost: DbError | null = null;
  #closing = false;
  readonly #onMessage = (ev: MessageEvent): void => {
    const m = ev.data as WireAnswer;
    if (!Array.isArray(m)) return;
    const id = m[0];
    if (id === 0) {
      if (m[1] === LIVE) {
        const batch = m[2] as WireLiveBatch;
        this.live.fromWire(batch);
        this.#post([0, 'liveAck', batch.batch]);
      }
      return;
    }
    const p = this.#pending.get(id);
    if (p === undefined) return;
    this.#pending.delete(id);
    if (m[1] === OK) p.resolve(m[2]);
    else p.reject(revive(m[2] as WireError));
  };

  #closeRequested = false;
  readonly #onLost: (() => void) | undefined;

  private constructor(target: WorkerLike, options: WorkerConnectOptions) {
    this.#target = target;
    this.#terminateOnClose = options.terminateOnClose ?? true;
    this.#onLost = options.onLost;
    this.#flags = canShareMemory() ? new Int32Array(new SharedArrayBuffer(CANCEL_SLOTS * 4)) : null;
    if (this.#flags !== null) for (let i = CANCEL_SLOTS - 1; i >= 0; i--) this.#freeSlots.push(i);
    target.addEventListener('message', this.#onMessage as EventListener);
    target.start?.();
  }

  /**
   * Connects to the engine behind `target` and opens it with `options.engine`. Rejects with
   * `08006` when the worker fails to load (for example a CSP that blocks it).
   */
  static async connect(target: WorkerLike, options: WorkerConnectOptions): Promise<WorkerConnection> {
    const c = new WorkerConnection(target, options);
    options.until?.then(() => c.lose('the tab running the database has closed'), () => c.lose('the tab running the database has closed'));
    const onError = (ev: Event): void => {
      const msg = (ev as ErrorEvent).message;
      c.lose(`the database worker failed${msg ? `: ${msg}` : ''}`);
    };
    target.addEventListener('error', onError as EventListener);
    const locks = (globalThis as { navigator?: { locks?: LockManager } }).navigator?.locks;
    const lockName = locks === undefined ? undefined : `inkdb-lifeline-${Date.now().toString(36)}-${++lockCounter}-${Math.random().toString(36).slice(2)}`;
    try {
      await c.#call('open', [options.engine, lockName, c.#flags ?? undefined]);
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
    const pending = [...this.#pending.values()];
    this.#pending.clear();
    for (const p of pending) p.reject(err);
    this.live.lose(err);
    this.#shutdown();
    if (!this.#closeRequested) this.#onLost?.();
  }

  /** True once the worker is gone or the connection is closed. */
  get lost(): boolean {
    return this.#lost !== null;
  }

  /** True when a running statement can be cancelled (memory is shared with the worker). */
  get sharedCancel(): boolean {
    return this.#flags !== null;
  }

  #shutdown(): void {
    this.#abortLifeline.abort();
    this.#target.removeEventListener('message', this.#onMessage as EventListener);
    if (this.#terminateOnClose) this.#target.terminate?.();
    this.#target.close?.();
  }

  #post(msg: unknown, transfer?: Transferable[]): void {
    if (transfer === undefined) this.#target.postMessage(msg);
    else this.#target.postMessage(msg, transfer);
  }

  /** Sends one request; resolves or rejects with its answer. */
  #call<T>(method: string, args: unknown[], transfer?: Transferable[]): Promise<T> {
    if (this.#lost !== null) return Promise.reject(this.#lost);
    const id = this.#next++;
    return new Promise<T>((resolve, reject) => {
      this.#pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      try {
        this.#post([id, method, args], transfer);
      } catch (e) {
        this.#pending.delete(id);
        reject(asDbError(e));
      }
    });
  }

  /**
   * A statement call with options: the time limit goes along; a signal takes a shared flag
   * (where there is one) and sends `cancel` when it aborts. An already aborted signal rejects
   * with 57014 without sending anything.
   */
  #statement<T>(method: string, args: unknown[], options: CallOptions | undefined, transfer?: Transferable[]): Promise<T> {
    if (options === undefined) return this.#call(method, [...args, undefined], transfer);
    const signal = options.signal as (AbortSignal | undefined);
    const timeoutMs = options.timeoutMs;
    if (signal === undefined) return this.#call(method, [...args, timeoutMs === undefined ? undefined : { timeoutMs }], transfer);
    if (signal.aborted) return Promise.reject(new DbError(SqlState.QUERY_CANCELED, 'canceling statement due to user request'));
    const flags = this.#flags;
    const slot = flags === null ? undefined : this.#freeSlots.pop();
    if (flags !== null && slot !== undefined) Atomics.store(flags, slot, 0);
    const id = this.#next;   // the id #call is about to use
    const wire: WireCallOptions = { cancellable: true, ...(timeoutMs === undefined ? {} : { timeoutMs }), ...(slot === undefined ? {} : { slot }) };
    const onAbort = (): void => {
      if (flags !== null && slot !== undefined) Atomics.store(flags, slot, 1);
      if (this.#lost === null) this.#post([0, 'cancel', id]);
    };
    signal.addEventListener?.('abort', onAbort, { once: true });
    const done = (): void => {
      signal.removeEventListener?.('abort', onAbort);
      if (flags !== null && slot !== undefined) {
        Atomics.store(flags, slot, 0);
        this.#freeSlots.push(slot);
      }
    };
    const p = this.#call<T>(method, [...args, wire], transfer);
    p.then(done, done);
    return p;
  }

  /** A worker answer as a Result, once the live batch it names (the call's own changes) has been applied. */
  #result(w: WireResult): Result | Promise<Result> {
    if (w.liveBatch !== undefined) return this.live.reached(w.liveBatch).then(() => Result.fromWire(w));
    return Result.fromWire(w);
  }

  /** Asks the worker for live batches (once, before the first subscription). */
  async #listen(): Promise<void> {
    if (this.#listening) return;
    await this.#call('listen', []);
    this.#listening = true;
  }

  login(user: string, password: string): Promise<string> { return this.#call('login', [user, password]); }
  openSession(user: string, options?: OpenSessionOptions): Promise<string> { return this.#call('openSession', [user, options]); }
  closeSession(sid: string): Promise<void> { return this.#call('closeSession', [sid]); }
  async execute(sid: string, sql: string, params?: readonly unknown[], options?: CallOptions): Promise<Result> {
    return this.#result(await this.#statement<WireResult>('execute', [sid, sql, params], options));
  }
  async executeScript(sid: string, sql: string): Promise<ScriptResult> {
    const w = await this.#call<WireScriptOutcome>('executeScript', [sid, sql]);
    // the script's own changes reach its live queries before it resolves
    if (w.liveBatch !== undefined) await this.live.reached(w.liveBatch);
    return scriptFromWire(sql, w);
  }
  prepare(sid: string, sql: string): Promise<number> { return this.#call('prepare', [sid, sql]); }
  executePrepared(sid: string, id: number, params?: readonly unknown[], options?: CallOptions): Promise<Result> {
    const p = options === undefined
      ? this.#call<WireResult>('executePrepared', [sid, id, params])
      : this.#statement<WireResult>('executePrepared', [sid, id, params], options);
    return p.then((w) => this.#result(w));
  }
  async executeMany(sid: string, id: number, paramRows: readonly (readonly unknown[])[], options?: CallOptions): Promise<Result> {
    // many rows go by column: numeric columns as transferred Float64Arrays, not cloned row by row
    const transfer: Transferable[] = [];
    const packed = Array.isArray(paramRows) && paramRows.length >= PACK_ROWS ? (await rowPacking()).packRows(paramRows, PACK_ROWS, transfer) : null;
    return this.#result(await this.#statement<WireResult>('executeMany', [sid, id, packed ?? paramRows], options, transfer));
  }
  async batch(sid: string, statements: readonly BatchStatement[], options?: CallOptions): Promise<Result[]> {
    const list = await this.#statement<WireResult[]>('batch', [sid, statements], options);
    const out: Result[] = [];
    for (const w of list) out.push(await this.#result(w));
    return out;
  }
  closePrepared(sid: string, id: number): Promise<void> { return this.#call('closePrepared', [sid, id]); }
  async insertRows(sid: string, table: string, rows: readonly Record<string, unknown>[]): Promise<Result> {
    // many row objects go by column: cloning 100,000 objects costs more than building the columns
    const transfer: Transferable[] = [];
    const packed = Array.isArray(rows) && rows.length >= PACK_OBJECTS ? (await rowPacking()).packObjects(rows, PACK_OBJECTS, transfer) : null;
    if (packed !== null) return this.#result(await this.#call<WireResult>('insertPacked', [sid, table, packed], transfer));
    return this.#result(await this.#call<WireResult>('insertRows', [sid, table, rows]));
  }
  async insertColumns(sid: string, table: string, columns: ColumnArrays): Promise<Result> {
    // typed arrays that own their buffer are moved to the worker, not copied
    const transfer: Transferable[] = [];
    for (const k of Object.keys(columns)) {
      const v = columns[k] as { buffer?: unknown; byteLength?: number; byteOffset?: number };
      if (ArrayBuffer.isView(v) && v.buffer instanceof ArrayBuffer && v.byteOffset === 0 && v.byteLength === v.buffer.byteLength
        && !transfer.includes(v.buffer)) transfer.push(v.buffer);
    }
    return this.#result(await this.#call<WireResult>('insertColumns', [sid, table, columns], transfer));
  }
  async subscribe(sid: string, sql: string, params: readonly unknown[], handlers: LiveHandlers): Promise<Subscription> {
    await this.#listen();
    const id = await this.#call<string>('subscribe', [sid, sql, params]);
    return this.live.attach(id, handlers, () => this.#call<void>('unsubscribe', [sid, id]).catch(() => { /* lost */ }));
  }

  /** Makes the engine serve the other tabs as leader `epoch` on channel `channelName` (`worker/tab-server.ts`). */
  share(channelName: string, epoch: string, flags?: Int32Array): Promise<void> { return this.#call('share', flags === undefined ? [channelName, epoch] : [channelName, epoch, flags]); }

  async close(): Promise<void> {
    if (this.#lost !== null) return;
    this.#closeRequested = true;
    try {
      await this.#call('close', []);
    } finally {
      if (this.#lost === null) {
        this.lose('the database is closed');
        this.#closing = true;
      }
    }
  }
}
