/**
 * Live queries on the main thread: the {@link Subscription} the application holds, and the
 * per-connection dispatcher that turns the engine's events (in-process: column vectors; from
 * the worker: batches of value arrays or Arrow IPC) into `onInitial` / `onChange` / `onError`
 * calls. Events can arrive before the call that created their subscription has answered (the
 * initial rows are delivered during the subscribe call); they wait until the subscription is
 * attached, so a subscriber always sees its initial rows first and its changes in commit order.
 */
import { fromWireVectors } from '../api/worker-wire.ts';
import { tableFromIPC } from 'apache-arrow';
import type { ColumnInfo, LiveChange, LiveEvent, LiveHandlers, LiveRows } from '../api/engine-api.ts';
import type { WireLiveBatch, WireLiveEvent, WireLiveRows } from '../api/live-wire.ts';
import { deserializeDbError, type DbError } from '../errors/db-error.ts';
import { arrowTableToVectors, vectorsToRows } from '../types/arrow.ts';

/**
 * A running live query.
 *
 * @example
 * ```ts
 * const sub = await s.subscribe('SELECT * FROM chat.messages WHERE room = $1', ['general'], {
 *   onInitial: (rows) => console.log(rows.length),
 *   onChange: (c) => console.log(c.type, c.rows, c.oldRows),
 * });
 * sub.id;                   // 'live-1' (KILL LIVE QUERY 'live-1' ends it; system.live lists it)
 * await sub.unsubscribe();
 * ```
 */
export interface Subscription {
  /** The engine's id of the subscription. */
  readonly id: string;
  /** True once it has ended (unsubscribed, logged out, killed, table dropped, database closed). */
  readonly closed: boolean;
  /** Ends the subscription; no callback runs after this resolves. Idempotent. */
  unsubscribe(): Promise<void>;
}

type Rows = Record<string, unknown>[];

/** Rows decoded on first use, with the subscription's columns. */
type RowSource = (columns: readonly ColumnInfo[]) => Rows;

/** An event in client form. */
type ClientEvent =
  | { readonly kind: 'initial'; readonly columns: readonly ColumnInfo[]; readonly rows: RowSource }
  | { readonly kind: 'change'; readonly deletes: RowSource | null; readonly updates: RowSource | null; readonly updatesOld: RowSource | null; readonly inserts: RowSource | null }
  | { readonly kind: 'error'; readonly error: DbError };

function fromVectors(r: LiveRows | null): RowSource | null {
  return r === null ? null : (columns) => vectorsToRows(columns, r.vectors, r.length);
}

function fromWire(r: WireLiveRows | null): RowSource | null {
  if (r === null) return null;
  return (columns) => {
    if (r.vectors !== undefined) return vectorsToRows(columns, fromWireVectors(r.vectors), r.length);
    if (r.ipc !== undefined) {
      const { vectors, length } = arrowTableToVectors(tableFromIPC(r.ipc), columns);
      return vectorsToRows(columns, vectors, length);
    }
    const out: Rows = new Array(r.length);
    const values = r.values ?? [];
    const w = columns.length;
    for (let i = 0; i < r.length; i++) {
      const row: Record<string, unknown> = {};
      for (let c = 0; c < w; c++) row[columns[c]!.name] = values[i * w + c] ?? null;
      out[i] = row;
    }
    return out;
  };
}

/** An engine event in client form. */
function engineEvent(ev: LiveEvent): ClientEvent {
  switch (ev.kind) {
    case 'initial': return { kind: 'initial', columns: ev.columns, rows: fromVectors(ev.rows)! };
    case 'change': return { kind: 'change', deletes: fromVectors(ev.deletes), updates: fromVectors(ev.updates), updatesOld: fromVectors(ev.updatesOld), inserts: fromVectors(ev.inserts) };
    case 'error': return { kind: 'error', error: ev.error };
  }
}

/** A wire event in client form (a `changes` event is one change for each of its subscriptions). */
function wireEvent(ev: WireLiveEvent): ClientEvent {
  switch (ev.kind) {
    case 'initial': return { kind: 'initial', columns: ev.columns, rows: fromWire(ev.rows)! };
    case 'change': case 'changes':
      return { kind: 'change', deletes: fromWire(ev.deletes), updates: fromWire(ev.updates), updatesOld: fromWire(ev.updatesOld), inserts: fromWire(ev.inserts) };
    case 'error': return { kind: 'error', error: deserializeDbError(ev.error) };
  }
}

/** Reports an exception thrown by an application callback without breaking delivery. */
function report(e: unknown): void {
  const g = globalThis as { reportError?: (e: unknown) => void; console?: { error(...a: unknown[]): void } };
  if (typeof g.reportError === 'function') g.reportError(e);
  else g.console?.error('InkDB: a live-query callback threw', e);
}

/** One attached subscription. */
class Entry {
  columns: readonly ColumnInfo[] = [];
  closed = false;
  initialized = false;
  ready: { resolve(): void; reject(e: DbError): void } | null = null;
  constructor(readonly handlers: LiveHandlers) {}
}

/** Ids of ended subscriptions remembered, so their late events are dropped rather than held. */
const ENDED_MEMORY = 1024;

/**
 * Routes one connection's live events to the subscriptions' handlers.
 *
 * @example
 * ```ts
 * const live = new LiveDispatcher();
 * const sub = await live.attach(id, handlers, () => conn.unsubscribe(sid, id));
 * live.fromEngine(event);       // in-process
 * live.fromWire(batch);         // from the worker
 * ```
 */
export class LiveDispatcher {
  readonly #subs = new Map<string, Entry>();
  readonly #early = new Map<string, ClientEvent[]>();
  readonly #ended = new Set<string>();
  #received = 0;
  #waiters: { n: number; resolve(): void }[] = [];
  #lost: DbError | null = null;

  /** Number of attached subscriptions. */
  get size(): number {
    return this.#subs.size;
  }

  /** Takes an event from an in-process engine. */
  fromEngine(ev: LiveEvent): void {
    this.#receive(ev.subscription, engineEvent(ev));
  }

  /** Takes a batch from the worker (then counts it as applied). */
  fromWire(batch: WireLiveBatch): void {
    for (const ev of batch.events) {
      // a `changes` event is one change for several subscriptions: each decodes its own rows
      const c = wireEvent(ev);
      for (const id of ev.kind === 'changes' ? ev.subscriptions : [ev.subscription]) this.#receive(id, c);
    }
    if (batch.batch > this.#received) this.#received = batch.batch;
    if (this.#waiters.length > 0) {
      const still: { n: number; resolve(): void }[] = [];
      for (const w of this.#waiters) if (w.n <= this.#received) w.resolve(); else still.push(w);
      this.#waiters = still;
    }
  }

  /** Resolves once batch `n` has been applied (at once when it has, or when the connection is lost). */
  reached(n: number): Promise<void> {
    if (n <= this.#received || this.#lost !== null) return Promise.resolve();
    return new Promise((resolve) => this.#waiters.push({ n, resolve }));
  }

  /**
   * Attaches handlers to a subscription the engine created; resolves once its initial rows
   * have been handed to `onInitial`.
   */
  attach(id: string, handlers: LiveHandlers, stop: () => Promise<void>): Promise<Subscription> {
    const entry = new Entry(handlers);
    const sub: Subscription = {
      id,
      get closed() { return entry.closed; },
      unsubscribe: async () => {
        if (entry.closed) return;
        this.#end(id, entry);
        await stop();
      },
    };
    const ready = new Promise<Subscription>((resolve, reject) => {
      entry.ready = { resolve: () => resolve(sub), reject };
    });
    if (this.#lost !== null) {
      entry.closed = true;
      return Promise.reject(this.#lost);
    }
    this.#subs.set(id, entry);
    const early = this.#early.get(id);
    if (early !== undefined) {
      this.#early.delete(id);
      for (const ev of early) this.#dispatch(id, entry, ev);
    }
    return ready;
  }

  /** Ends a subscription on the client side only (its session logged out): no callback runs. */
  detach(id: string): void {
    const entry = this.#subs.get(id);
    if (entry !== undefined) this.#end(id, entry);
  }

  /** The connection is gone: every subscription gets `onError(error)` and ends. */
  lose(error: DbError): void {
    if (this.#lost !== null) return;
    this.#lost = error;
    for (const w of this.#waiters) w.resolve();
    this.#waiters = [];
    this.#early.clear();
    for (const [id, entry] of [...this.#subs]) this.#dispatch(id, entry, { kind: 'error', error });
  }

  #end(id: string, entry: Entry): void {
    entry.closed = true;
    this.#subs.delete(id);
    this.#ended.add(id);
    if (this.#ended.size > ENDED_MEMORY) this.#ended.delete(this.#ended.values().next().value!);
  }

  #receive(id: string, ev: ClientEvent): void {
    const entry = this.#subs.get(id);
    if (entry !== undefined) {
      this.#dispatch(id, entry, ev);
      return;
    }
    if (this.#ended.has(id)) return;
    let list = this.#early.get(id);
    if (list === undefined) {
      list = [];
      this.#early.set(id, list);
    }
    list.push(ev);
  }

  #dispatch(id: string, entry: Entry, ev: ClientEvent): void {
    if (entry.closed) return;
    const h = entry.handlers;
    switch (ev.kind) {
      case 'initial': {
        entry.columns = ev.columns;
        entry.initialized = true;
        if (h.onInitial !== undefined) {
          try { h.onInitial(ev.rows(ev.columns), ev.columns); } catch (e) { report(e); }
        }
        entry.ready?.resolve();
        entry.ready = null;
        break;
      }
      case 'change': {
        if (h.onChange === undefined) break;
        const cols = entry.columns;
        const changes: LiveChange[] = [];
        if (ev.deletes !== null) changes.push({ type: 'delete', rows: [], oldRows: ev.deletes(cols) });
        if (ev.updates !== null && ev.updatesOld !== null) changes.push({ type: 'update', rows: ev.updates(cols), oldRows: ev.updatesOld(cols) });
        if (ev.inserts !== null) changes.push({ type: 'insert', rows: ev.inserts(cols), oldRows: [] });
        for (const c of changes) {
          if (entry.closed) break;
          try { h.onChange(c); } catch (e) { report(e); }
        }
        break;
      }
      case 'error': {
        this.#end(id, entry);
        if (entry.ready !== null) {
          entry.ready.reject(ev.error);
          entry.ready = null;
          break;
        }
        if (h.onError !== undefined) {
          try { h.onError(ev.error); } catch (e) { report(e); }
        }
        break;
      }
    }
  }
}
