/**
 * The worker side of the client ↔ engine channel: serves an {@link EngineApi} on a message
 * endpoint (the worker's global scope, or a MessagePort in tests) with the protocol of
 * `api/worker-wire.ts` — one message per call and one per answer, plain arrays, no proxies.
 * Results cross as per-column value arrays when small and as column vectors whose typed arrays
 * are transferred when large (the worker bundles no Arrow writer); errors cross as
 * {@link DbError}s with their SQLSTATE code.
 *
 * Cancellation: a call with a signal on the client gets one here that reads the call's flag in
 * the shared cancel buffer (when the page is cross-origin isolated) or is set by a `cancel`
 * message (which can only arrive while the call waits, e.g. for the database lock).
 */
import { DbError, toDbError } from '../errors/db-error.ts';
import { SqlState } from '../errors/sqlstate.ts';
import { serialize } from '../errors/wire-form.ts';
import { valueAt } from '../types/vector.ts';
import type {
  BatchStatement, CallOptions, ColumnArrays, EngineApi, EngineOptions, ExecResult, ExecScriptOutcome, OpenSessionOptions,
  WireResult, WireScriptOutcome,
} from '../api/engine-api.ts';
import type { WireLiveBatch } from '../api/live-wire.ts';
import {
  CANCEL_SLOTS, FAILED, LIVE, OK, unpackObjects, unpackRows, type PackedObjects, type WireCallOptions, type WireRequest,
} from '../api/worker-wire.ts';
import { LiveChannel } from './live-channel.ts';
import { transferableVectors } from './transfer.ts';

/**
 * Makes the engine once the client has said which database to open.
 *
 * @example
 * ```ts
 * const factory: EngineFactory = (options) => createEngine(options);
 * ```
 */
export type EngineFactory = (options: EngineOptions) => EngineApi | Promise<EngineApi>;

/**
 * A message endpoint as the protocol uses it: a Worker's global scope, a Worker, a MessagePort
 * (Node's `worker_threads` ports too). Structural, so no DOM lib is needed.
 *
 * @example
 * ```ts
 * const ep: MessageEndpoint = new MessageChannel().port1;
 * ```
 */
export interface MessageEndpoint {
  postMessage(message: unknown, transfer?: Transferable[]): void;
  addEventListener(type: 'message', listener: (ev: MessageEvent) => void): void;
  removeEventListener?(type: 'message', listener: (ev: MessageEvent) => void): void;
  start?(): void;
}

/**
 * The methods the worker serves: {@link EngineApi} with results as {@link WireResult}s and call
 * options in their wire form, plus `open` (creates the engine, holds the lifeline lock, takes the
 * shared cancel buffer) and `cancel`.
 *
 * @example
 * ```ts
 * // request [7, 'execute', [sid, 'SELECT 1 AS x', [], undefined]] → answer [7, OK, { columns, values: [[1]], length: 1, … }]
 * ```
 */
export interface WorkerEndpointApi {
  /** Creates the engine (idempotent); resolves once the lifeline lock, if any, is held. */
  open(options: EngineOptions, lockName?: string, cancelFlags?: Int32Array): Promise<void>;
  login(user: string, password: string): Promise<string>;
  openSession(user: string, options?: OpenSessionOptions): Promise<string>;
  closeSession(sessionId: string): Promise<void>;
  execute(sessionId: string, sql: string, params?: readonly unknown[], options?: WireCallOptions): Promise<WireResult>;
  executeScript(sessionId: string, sql: string): Promise<WireScriptOutcome>;
  prepare(sessionId: string, sql: string): Promise<number>;
  executePrepared(sessionId: string, statementId: number, params?: readonly unknown[], options?: WireCallOptions): Promise<WireResult>;
  executeMany(sessionId: string, statementId: number, paramRows: readonly (readonly unknown[])[], options?: WireCallOptions): Promise<WireResult>;
  batch(sessionId: string, statements: readonly BatchStatement[], options?: WireCallOptions): Promise<WireResult[]>;
  closePrepared(sessionId: string, statementId: number): Promise<void>;
  insertRows(sessionId: string, table: string, rows: readonly Record<string, unknown>[]): Promise<WireResult>;
  insertColumns(sessionId: string, table: string, columns: ColumnArrays): Promise<WireResult>;
  /** `insertRows` of many row objects, packed by column on the page (`packObjects`). */
  insertPacked(sessionId: string, table: string, packed: PackedObjects): Promise<WireResult>;
  /** Starts sending live batches to the client (once, before the first subscription). */
  listen(): Promise<void>;
  /** Starts a live query; its initial rows and changes go out as live batches. Resolves with its id. */
  subscribe(sessionId: string, sql: string, params?: readonly unknown[]): Promise<string>;
  /** Ends one of the session's live queries. */
  unsubscribe(sessionId: string, subscriptionId: string): Promise<void>;
  /** Serves the engine to the other tabs of the origin as leader `epoch` (`worker/tab-server.ts`). */
  share(channelName: string, epoch: string, flags?: Int32Array): Promise<void>;
  close(): Promise<void>;
}

/**
 * What a Worker entry adds to the endpoint: `share` (tab sharing) where the Worker can serve
 * other tabs. Without it `share` rejects with `0A000`.
 *
 * @example
 * ```ts
 * exposeEngine(factory, self, { share: (engine, channel, epoch) => startTabServer(engine, channel, epoch) });
 * ```
 */
export interface EndpointHooks {
  share?(engine: EngineApi, channelName: string, epoch: string, flags: Int32Array | null): Promise<unknown>;
  /** Runs when the client closes the engine, before it closes (stops serving other tabs). */
  close?(): void | Promise<void>;
}

/** Results up to this many values (rows × columns) cross as value arrays; larger ones as transferred vectors. */
export const VALUES_MAX = 4096;

/**
 * A result in the form that crosses cheapest: value arrays per column for small results, the
 * column vectors with their typed arrays transferred for large ones (nothing is encoded on
 * either side; the page builds an Arrow table only if asked for one). Appends transferables to
 * `out`.
 *
 * @example
 * ```ts
 * encodeResult(await engine.execute(sid, 'SELECT 1 AS x'), []).values;   // [[1]]
 * ```
 */
export function encodeResult(r: ExecResult, out: Transferable[]): WireResult {
  if (r.columns.length === 0) return { columns: r.columns, ipc: null, rowCount: r.rowCount, message: r.message, command: r.command };
  if (r.length * r.columns.length > VALUES_MAX) {
    const vectors = transferableVectors(r.vectors, r.length, out);
    return { columns: r.columns, ipc: null, vectors, length: r.length, rowCount: r.rowCount, message: r.message, command: r.command };
  }
  const n = r.length;
  const values = r.vectors.map((v) => {
    const a = new Array<unknown>(n);
    for (let i = 0; i < n; i++) a[i] = valueAt(v, i);
    return a;
  });
  return { columns: r.columns, ipc: null, values, length: n, rowCount: r.rowCount, message: r.message, command: r.command };
}

/** Holds a Web Lock until the worker ends (the lock is released when the worker dies). */
function holdLifeline(lockName: string): Promise<void> {
  const locks = (globalThis as { navigator?: { locks?: LockManager } }).navigator?.locks;
  if (locks === undefined) return Promise.resolve();
  return new Promise<void>((resolve) => {
    void locks.request(lockName, () => {
      resolve();
      return new Promise<never>(() => { /* held for the worker's lifetime */ });
    });
  });
}

/** A call's signal in the worker: its shared flag, or a `cancel` message. */
class CallSignal {
  cancelled = false;
  constructor(private readonly flags: Int32Array | null, private readonly slot: number) {}
  get aborted(): boolean {
    return this.cancelled || (this.flags !== null && this.slot >= 0 && Atomics.load(this.flags, this.slot) !== 0);
  }
}

/**
 * Serves an engine on a message endpoint. Pass an engine (tests) or a factory (the worker
 * entry), which `open(options)` calls once.
 *
 * @example
 * ```ts
 * // in a Worker
 * exposeEngine((options) => createEngine(options), self as unknown as MessageEndpoint);
 * // in a unit test
 * const { port1, port2 } = new MessageChannel();
 * exposeEngine(fakeEngine, port1);
 * ```
 */
export function exposeEngine(engineOrFactory: EngineApi | EngineFactory, endpoint: MessageEndpoint, hooks: EndpointHooks = {}): void {
  let engine: EngineApi | null = typeof engineOrFactory === 'function' ? null : engineOrFactory;
  let opening: Promise<EngineApi> | null = engine === null ? null : Promise.resolve(engine);
  const factory = typeof engineOrFactory === 'function' ? engineOrFactory : null;
  let lifeline: Promise<void> | null = null;
  let cancelFlags: Int32Array | null = null;
  const live = new LiveChannel();
  /** Calls in flight that may be cancelled by message, by call id. */
  const signals = new Map<number, CallSignal>();
  const acks = new Map<number, () => void>();

  const get = (): EngineApi | Promise<EngineApi> => {
    if (engine !== null) return engine;
    if (opening === null) {
      if (factory === null) throw toDbError(new Error('engine is not open'));
      opening = Promise.resolve().then(() => factory({}));
    }
    return opening.then((e) => (engine = e));
  };
  const withEngine = <T>(f: (e: EngineApi) => T | Promise<T>): T | Promise<T> => {
    const e = get();
    return e instanceof Promise ? e.then(f) : f(e);
  };
  /** Call options in engine form, with the signal of call `id`. */
  const callOptions = (id: number, o: WireCallOptions | undefined): CallOptions | undefined => {
    if (o === undefined) return undefined;
    if (o.cancellable !== true) return o.timeoutMs === undefined ? undefined : { timeoutMs: o.timeoutMs };
    const signal = new CallSignal(cancelFlags, o.slot ?? -1);
    signals.set(id, signal);
    return o.timeoutMs === undefined ? { signal } : { timeoutMs: o.timeoutMs, signal };
  };
  /** An answer of a statement call, naming the live batch the client must apply first. */
  const answer = (r: ExecResult, out: Transferable[]): WireResult => {
    const w = encodeResult(r, out);
    const owed = live.owed();
    return owed === undefined ? w : { ...w, liveBatch: owed };
  };
  /**
   * A script's outcome in wire form: every statement's result encoded as {@link encodeResult}
   * does, the error as plain data, and the live batch the client must apply first.
   */
  const answerScript = (o: ExecScriptOutcome, out: Transferable[]): WireScriptOutcome => {
    const steps = o.steps.map((st) => ({ result: encodeResult(st.result, out), start: st.start, end: st.end, elapsedMs: st.elapsedMs }));
    const owed = live.owed();
    const w: WireScriptOutcome = { steps, error: o.error === null ? null : serialize(o.error), errorAt: o.errorAt };
    return owed === undefined ? w : { ...w, liveBatch: owed };
  };
  const listener = (batch: WireLiveBatch, transfer: readonly unknown[]): Promise<void> =>
    new Promise<void>((resolve) => {
      acks.set(batch.batch, resolve);
      endpoint.postMessage([0, LIVE, batch], transfer as Transferable[]);
    });

  type Handler = (id: number, args: readonly unknown[], out: Transferable[]) => unknown;
  const a = <T>(x: unknown): T => x as T;
  const handlers: Record<string, Handler> = {
    async open(_id, [options, lockName, flags]) {
      if (engine === null && opening === null && factory !== null) {
        opening = Promise.resolve().then(() => factory(a<EngineOptions>(options)));
      }
      await get();
      if (flags instanceof Int32Array && flags.length >= CANCEL_SLOTS) cancelFlags = flags;
      if (typeof lockName === 'string' && lifeline === null) lifeline = holdLifeline(lockName);
      if (lifeline !== null) await lifeline;
    },
    login: (_id, [user, password]) => withEngine((e) => e.login(a(user), a(password))),
    openSession: (_id, [user, options]) => withEngine((e) => e.openSession(a(user), a(options))),
    closeSession: (_id, [sid]) => withEngine((e) => e.closeSession(a(sid))),
    execute: (id, [sid, sql, params, o], out) =>
      withEngine(async (e) => answer(await e.execute(a(sid), a(sql), a(params), callOptions(id, a(o))), out)),
    executeScript: (_id, [sid, sql], out) =>
      withEngine(async (e) => answerScript(await e.executeScript(a(sid), a(sql)), out)),
    prepare: (_id, [sid, sql]) => withEngine((e) => e.prepare(a(sid), a(sql))),
    executePrepared: (id, [sid, stmt, params, o], out) => withEngine((e) => {
      const opts = callOptions(id, a(o));
      // the per-call fast path: answer synchronously when the engine does
      if (e.executePreparedNow !== undefined) {
        const r = e.executePreparedNow(a(sid), a(stmt), a(params), opts);
        return r instanceof Promise ? r.then((x) => answer(x, out)) : answer(r, out);
      }
      return e.executePrepared(a(sid), a(stmt), a(params), opts).then((x) => answer(x, out));
    }),
    executeMany: (id, [sid, stmt, rows, o], out) =>
      withEngine(async (e) => answer(await e.executeMany(a(sid), a(stmt), unpackRows(a(rows)), callOptions(id, a(o))), out)),
    batch: (id, [sid, statements, o], out) =>
      withEngine(async (e) => (await e.batch(a(sid), a(statements), callOptions(id, a(o)))).map((r) => answer(r, out))),
    closePrepared: (_id, [sid, stmt]) => withEngine((e) => e.closePrepared(a(sid), a(stmt))),
    insertRows: (_id, [sid, table, rows], out) => withEngine(async (e) => answer(await e.insertRows(a(sid), a(table), a(rows)), out)),
    insertColumns: (_id, [sid, table, cols], out) => withEngine(async (e) => answer(await e.insertColumns(a(sid), a(table), a(cols)), out)),
    insertPacked: (_id, [sid, table, packed], out) =>
      withEngine(async (e) => answer(await e.insertColumns(a(sid), a(table), unpackObjects(a(packed))), out)),
    listen: async () => { live.setListener(listener); },
    subscribe: (_id, [sid, sql, params]) => withEngine((e) => e.subscribe(a(sid), a(sql), a<unknown[] | undefined>(params) ?? [], live.sink)),
    unsubscribe: (_id, [sid, sub]) => withEngine(async (e) => {
      await e.unsubscribe(a(sid), a(sub));
      live.forget(a(sub));
    }),
    share: (_id, [channel, epoch, flags]) => withEngine(async (e) => {
      if (hooks.share === undefined) throw new DbError(SqlState.FEATURE_NOT_SUPPORTED, 'this worker cannot serve other tabs');
      await hooks.share(e, a(channel), a(epoch), flags instanceof Int32Array ? flags : null);
    }),
    close: async () => {
      await hooks.close?.();
      if (engine === null && opening === null) return;
      await (await get()).close();
    },
  };

  const reply = (id: number, status: typeof OK | typeof FAILED, value: unknown, out: Transferable[]): void => {
    signals.delete(id);
    try {
      endpoint.postMessage([id, status, value], out);
    } catch (e) {
      endpoint.postMessage([id, FAILED, serialize(toDbError(e))]);
    }
  };
  const onMessage = (ev: MessageEvent): void => {
    const msg = ev.data as WireRequest;
    if (!Array.isArray(msg)) return;
    const [id, method, args] = msg;
    if (id === 0) {
      if (method === 'cancel') { const s = signals.get(args as unknown as number); if (s !== undefined) s.cancelled = true; }
      else if (method === 'liveAck') { const f = acks.get(args as unknown as number); acks.delete(args as unknown as number); f?.(); }
      return;
    }
    const h = handlers[method];
    const out: Transferable[] = [];
    let r: unknown;
    try {
      if (h === undefined) throw toDbError(new Error(`unknown worker method ${method}`));
      r = h(id, args, out);
    } catch (e) {
      reply(id, FAILED, serialize(toDbError(e)), []);
      return;
    }
    if (r instanceof Promise) {
      r.then((v) => reply(id, OK, v, out), (e: unknown) => reply(id, FAILED, serialize(toDbError(e)), []));
    } else {
      reply(id, OK, r, out);
    }
  };
  endpoint.addEventListener('message', onMessage);
  endpoint.start?.();
}
