/**
 * The worker side of the client ↔ engine channel: exposes an {@link EngineApi} over a Comlink
 * endpoint (the worker's global scope, or a MessagePort in tests). Results cross as Arrow IPC
 * bytes whose buffer is transferred, not copied; errors cross as {@link DbError}s with their
 * SQLSTATE code (see `errors/wire.ts`).
 */
import { expose, transfer, type Endpoint } from 'comlink';
import { tableToIPC } from 'apache-arrow';
import { toDbError } from '../errors/db-error.ts';
import { registerDbErrorTransfer } from '../errors/wire.ts';
import { vectorsToArrowTable } from '../types/arrow.ts';
import type {
  EngineApi, EngineOptions, ExecResult, ExecScriptOutcome, OpenSessionOptions, WireResult, WireScriptOutcome,
} from '../api/engine-api.ts';
import type { WireLiveListener } from '../api/live-wire.ts';
import { LiveChannel } from './live-channel.ts';

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
 * What the worker exposes: {@link EngineApi} with results as {@link WireResult}s, plus
 * `open`, which creates the engine and (when `lockName` is given and Web Locks exist) holds
 * that lock for the worker's lifetime, so the client learns when the worker dies.
 *
 * @example
 * ```ts
 * const remote = Comlink.wrap<WorkerEndpointApi>(worker);
 * await remote.open({ storage: 'memory' });
 * const wire = await remote.execute(await remote.login('root', ''), 'SELECT 1 AS x');   // wire.ipc: Arrow IPC
 * ```
 */
export interface WorkerEndpointApi {
  /** Creates the engine (idempotent); resolves once the lifeline lock, if any, is held. */
  open(options: EngineOptions, lockName?: string): Promise<void>;
  login(user: string, password: string): Promise<string>;
  openSession(user: string, options?: OpenSessionOptions): Promise<string>;
  closeSession(sessionId: string): Promise<void>;
  execute(sessionId: string, sql: string, params?: readonly unknown[]): Promise<WireResult>;
  executeScript(sessionId: string, sql: string): Promise<WireScriptOutcome>;
  prepare(sessionId: string, sql: string): Promise<number>;
  executePrepared(sessionId: string, statementId: number, params?: readonly unknown[]): Promise<WireResult>;
  closePrepared(sessionId: string, statementId: number): Promise<void>;
  insertRows(sessionId: string, table: string, rows: readonly Record<string, unknown>[]): Promise<WireResult>;
  /** Sets the connection's live listener (a Comlink proxy): every subscription's events go there, in batches. */
  listen(listener: WireLiveListener): Promise<void>;
  /** Starts a live query; its initial rows and changes go to the listener. Resolves with its id. */
  subscribe(sessionId: string, sql: string, params?: readonly unknown[]): Promise<string>;
  /** Ends one of the session's live queries. */
  unsubscribe(sessionId: string, subscriptionId: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * Converts an in-process result to its wire form: the rows become one Arrow IPC stream
 * (`null` when there are no columns). Returns the transfer list along with it.
 *
 * @example
 * ```ts
 * const [wire, transferables] = toWireResult(await engine.execute(sid, 'SELECT 1 AS x'));
 * wire.ipc;   // Uint8Array: Arrow IPC stream with one Int32 column "x"
 * ```
 */
export function toWireResult(r: ExecResult): [WireResult, Transferable[]] {
  if (r.columns.length === 0) {
    return [{ columns: r.columns, ipc: null, rowCount: r.rowCount, message: r.message, command: r.command }, []];
  }
  const table = vectorsToArrowTable(r.columns, r.vectors, r.length);
  let ipc = tableToIPC(table, 'stream');
  // Transfer only a buffer the bytes own entirely; anything else is copied once first.
  if (ipc.byteOffset !== 0 || ipc.byteLength !== ipc.buffer.byteLength || !(ipc.buffer instanceof ArrayBuffer)) {
    ipc = ipc.slice();
  }
  const columns = r.columns.map((c) => ({ name: c.name, type: c.type }));
  return [
    { columns, ipc, rowCount: r.rowCount, message: r.message, command: r.command },
    [ipc.buffer as ArrayBuffer],
  ];
}

/** Runs an engine call; anything thrown leaves as a DbError. */
async function guarded<T>(f: () => T | Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (e) {
    throw toDbError(e);
  }
}

/**
 * Wraps a result for Comlink with its IPC buffer marked for transfer, naming the live batch
 * the client must apply first when the call's changes are still on their way to it.
 */
function wire(r: ExecResult, live: LiveChannel): WireResult {
  const [w0, transferables] = toWireResult(r);
  const owed = live.owed();
  const w = owed === undefined ? w0 : { ...w0, liveBatch: owed };
  return transferables.length === 0 ? w : transfer(w, transferables);
}

/**
 * A script's outcome in wire form: every statement's rows as Arrow IPC (all buffers
 * transferred), the error as plain data.
 */
function wireScript(o: ExecScriptOutcome, live: LiveChannel): WireScriptOutcome {
  const transferables: Transferable[] = [];
  const steps = o.steps.map((st) => {
    const [w, t] = toWireResult(st.result);
    transferables.push(...t);
    return { result: w, start: st.start, end: st.end, elapsedMs: st.elapsedMs };
  });
  const owed = live.owed();
  const out: WireScriptOutcome = {
    steps, error: o.error === null ? null : o.error.toJSON(), errorAt: o.errorAt, ...(owed === undefined ? {} : { liveBatch: owed }),
  };
  return transferables.length === 0 ? out : transfer(out, transferables);
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

/**
 * Exposes an engine on a Comlink endpoint. Pass an engine (tests) or a factory (the worker
 * entry), which `open(options)` calls once.
 *
 * @example
 * ```ts
 * // in a Worker
 * exposeEngine((options) => createEngine(options), self as unknown as Endpoint);
 * // in a unit test
 * const { port1, port2 } = new MessageChannel();
 * exposeEngine(fakeEngine, port1);
 * ```
 */
export function exposeEngine(engineOrFactory: EngineApi | EngineFactory, endpoint: Endpoint): void {
  registerDbErrorTransfer();
  let engine: Promise<EngineApi> | null = typeof engineOrFactory === 'function'
    ? null
    : Promise.resolve(engineOrFactory);
  const factory = typeof engineOrFactory === 'function' ? engineOrFactory : null;
  let lifeline: Promise<void> | null = null;
  const live = new LiveChannel();

  const get = (): Promise<EngineApi> => {
    if (engine === null) {
      if (factory === null) return Promise.reject(toDbError(new Error('engine is not open')));
      engine = Promise.resolve().then(() => factory({}));
    }
    return engine;
  };

  const api: WorkerEndpointApi = {
    async open(options, lockName) {
      if (engine === null && factory !== null) {
        const made = Promise.resolve().then(() => factory(options));
        engine = made;
      }
      await guarded(get);
      if (lockName !== undefined && lifeline === null) lifeline = holdLifeline(lockName);
      if (lifeline !== null) await lifeline;
    },
    login: (user, password) => guarded(async () => (await get()).login(user, password)),
    openSession: (user, options) => guarded(async () => (await get()).openSession(user, options)),
    closeSession: (sid) => guarded(async () => (await get()).closeSession(sid)),
    execute: (sid, sql, params) => guarded(async () => wire(await (await get()).execute(sid, sql, params), live)),
    executeScript: (sid, sql) => guarded(async () => wireScript(await (await get()).executeScript(sid, sql), live)),
    prepare: (sid, sql) => guarded(async () => (await get()).prepare(sid, sql)),
    executePrepared: (sid, id, params) =>
      guarded(async () => wire(await (await get()).executePrepared(sid, id, params), live)),
    closePrepared: (sid, id) => guarded(async () => (await get()).closePrepared(sid, id)),
    insertRows: (sid, table, rows) => guarded(async () => wire(await (await get()).insertRows(sid, table, rows), live)),
    listen: async (listener) => { live.setListener(listener); },
    subscribe: (sid, sql, params) => guarded(async () => (await get()).subscribe(sid, sql, params ?? [], live.sink)),
    unsubscribe: (sid, id) => guarded(async () => {
      await (await get()).unsubscribe(sid, id);
      live.forget(id);
    }),
    close: () => guarded(async () => {
      if (engine === null) return;
      await (await engine).close();
    }),
  };
  expose(api, endpoint);
}
