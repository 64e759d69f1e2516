/**
 * The worker side of live queries: one channel per connection that turns the engine's live
 * events into numbered batches for the client's listener (one message each).
 *
 * - **Batching**: the events of one commit, for every subscription of the connection, leave in
 *   one message (flushed in a microtask after the commit); consecutive subscriptions with the
 *   same change (the same row sets: identical queries, or queries of one shape with the same
 *   matches) share one event, so the rows are encoded and cloned once.
 * - **Backpressure**: at most one batch is in flight; the listener's answer is the
 *   acknowledgement. Meanwhile a subscription's further changes are coalesced into one net
 *   change (`live/coalesce.ts`), so a slow main thread makes the worker hold at most one pending
 *   change per subscription, bounded by its result, never a growing queue.
 * - **Transport**: rows travel as one flat array of values, or as column vectors whose typed
 *   arrays are transferred from {@link IPC_MIN_ROWS} rows on.
 * - **Read-your-writes**: {@link LiveChannel.owed} names the batch that carries the changes
 *   pushed so far; the endpoint puts it on each answer (`WireResult.liveBatch`) and the client
 *   applies that batch before resolving the call.
 *
 * @example
 * ```ts
 * const channel = new LiveChannel();
 * channel.setListener(remoteListener);               // posts the batch to the client
 * await engine.subscribe(sid, sql, [], channel.sink);
 * channel.owed();                                     // batch number to wait for, or undefined
 * ```
 */
import type { ColumnInfo, LiveEvent, LiveRows, LiveSink } from '../api/engine-api.ts';
import type { WireLiveBatch, WireLiveEvent, WireLiveListener, WireLiveRows } from '../api/live-wire.ts';
import { ChangeCoalescer } from '../live/coalesce.ts';
import type { LiveDelta } from '../live/incremental.ts';
import type { JsValue } from '../types/vector.ts';
import { transferableVectors } from './transfer.ts';
import { numericToTexts, type NumericData } from '../types/numeric-data.ts';

/** From this many rows on, a row set crosses as column vectors (typed arrays transferred) instead of value arrays. */
export const IPC_MIN_ROWS = 256;

/** What is waiting to be sent for one subscription. */
interface Pending {
  initial: Extract<LiveEvent, { kind: 'initial' }> | null;
  change: LiveDelta | null;
  coalescer: ChangeCoalescer | null;
  error: Extract<LiveEvent, { kind: 'error' }> | null;
}

/** One connection's live-event channel. */
export class LiveChannel {
  private listener: WireLiveListener | null = null;
  private readonly pending = new Map<string, Pending>();
  private readonly columns = new Map<string, readonly ColumnInfo[]>();
  private inFlight = false;
  private scheduled = false;
  private sent = 0;
  /** Batches sent, and how often a pending change had another folded into it (diagnostics). */
  readonly stats = { batches: 0, coalesced: 0 };
  /** The sink to hand the engine: every subscription of the connection delivers here. */
  readonly sink: LiveSink = { deliver: (ev) => this.push(ev) };

  /** Sets the client's listener (events pushed before it is set are dropped). */
  setListener(listener: WireLiveListener | null): void {
    this.listener = listener;
    if (listener === null) this.pending.clear();
    else this.schedule();
  }

  /** Forgets a subscription that ended at the client's request. */
  forget(id: string): void {
    this.pending.delete(id);
    this.columns.delete(id);
  }

  /** The batch carrying everything pushed so far that the client may not have applied, or undefined. */
  owed(): number | undefined {
    if (this.pending.size > 0) return this.sent + 1;
    return this.inFlight ? this.sent : undefined;
  }

  /** Takes an event from the engine (synchronously, inside a commit). */
  push(ev: LiveEvent): void {
    if (this.listener === null) return;
    let p = this.pending.get(ev.subscription);
    if (p === undefined) {
      p = { initial: null, change: null, coalescer: null, error: null };
      this.pending.set(ev.subscription, p);
    }
    switch (ev.kind) {
      case 'initial':
        this.columns.set(ev.subscription, ev.columns);
        p.initial = ev;
        break;
      case 'change': {
        if (p.error !== null) break;
        if (p.change === null && p.coalescer === null) { p.change = ev; break; }
        if (p.coalescer === null) {
          const types = (this.columns.get(ev.subscription) ?? []).map((c) => c.type);
          p.coalescer = new ChangeCoalescer(types);
          p.coalescer.add(p.change!);
          p.change = null;
          this.stats.coalesced++;
        }
        p.coalescer.add(ev);
        break;
      }
      case 'error':
        p.error = ev;
        break;
    }
    this.schedule();
  }

  private schedule(): void {
    if (this.scheduled || this.inFlight || this.pending.size === 0 || this.listener === null) return;
    this.scheduled = true;
    queueMicrotask(() => {
      this.scheduled = false;
      this.flush();
    });
  }

  private flush(): void {
    const listener = this.listener;
    if (this.inFlight || this.pending.size === 0 || listener === null) return;
    const events: WireLiveEvent[] = [];
    const transfers: Transferable[] = [];
    // identical subscriptions share the engine's row sets: encode (and clone) each one once
    const encoded = new Map<LiveRows, WireLiveRows>();
    const rows = (r: LiveRows | null, id: string): WireLiveRows | null => {
      if (r === null) return null;
      let w = encoded.get(r);
      if (w === undefined) {
        w = encodeRows(r, this.columns.get(id) ?? [], transfers);
        encoded.set(r, w);
      }
      return w;
    };
    // consecutive subscriptions with nothing but the same change (shared rows) travel as one event
    let run: string[] | null = null;
    let runOf: LiveDelta | null = null;
    const close = (): void => {
      if (run === null) return;
      const d = runOf!, id = run[0]!;
      const w = { deletes: rows(d.deletes, id), updates: rows(d.updates, id), updatesOld: rows(d.updatesOld, id), inserts: rows(d.inserts, id) };
      events.push(run.length === 1 ? { kind: 'change', subscription: id, ...w } : { kind: 'changes', subscriptions: run, ...w });
      run = null;
      runOf = null;
    };
    for (const [id, p] of this.pending) {
      const d = p.coalescer !== null ? p.coalescer.result() : p.change;
      if (p.initial === null && p.error === null && d !== null) {
        if (run !== null && !sameRows(runOf!, d)) close();
        if (run === null) {
          run = [id];
          runOf = d;
        } else run.push(id);
        continue;
      }
      close();
      if (p.initial !== null) events.push({ kind: 'initial', subscription: id, columns: p.initial.columns, rows: rows(p.initial.rows, id)! });
      if (d !== null) {
        events.push({ kind: 'change', subscription: id, deletes: rows(d.deletes, id), updates: rows(d.updates, id), updatesOld: rows(d.updatesOld, id), inserts: rows(d.inserts, id) });
      }
      if (p.error !== null) {
        events.push({ kind: 'error', subscription: id, error: p.error.error.toJSON() });
        this.columns.delete(id);
      }
    }
    close();
    this.pending.clear();
    if (events.length === 0) return;
    const batch: WireLiveBatch = { batch: ++this.sent, events };
    this.stats.batches++;
    this.inFlight = true;
    const done = (): void => {
      this.inFlight = false;
      this.schedule();
    };
    let ack: void | Promise<void>;
    try {
      ack = listener(batch, transfers);
    } catch {
      done();
      return;
    }
    Promise.resolve(ack).then(done, () => {
      // the client is gone: stop sending
      this.listener = null;
      this.pending.clear();
      this.inFlight = false;
    });
  }
}

/** True when two changes carry the very same row sets (subscriptions of one shape with the same matches). */
function sameRows(a: LiveDelta, b: LiveDelta): boolean {
  return a === b || (a.deletes === b.deletes && a.updates === b.updates && a.updatesOld === b.updatesOld && a.inserts === b.inserts);
}

/** Live rows in their wire form (column vectors from {@link IPC_MIN_ROWS} rows, their typed arrays added to `transfers`). */
export function encodeRows(r: LiveRows, columns: readonly ColumnInfo[], transfers: Transferable[]): WireLiveRows {
  if (r.length < IPC_MIN_ROWS || columns.length === 0) return { length: r.length, values: flatValues(r) };
  return { length: r.length, vectors: transferableVectors(r.vectors, r.length, transfers) };
}

/** The values of live rows, row after row (one array: cheap to clone). */
function flatValues(r: LiveRows): JsValue[] {
  const vs = r.vectors;
  const w = vs.length;
  const out: JsValue[] = new Array(r.length * w);
  for (let c = 0; c < w; c++) {
    const v = vs[c]!;
    // numeric rows cross as their text, like query results
    const d = (v.type === 'numeric' && !Array.isArray(v.data) ? numericToTexts(v.data as NumericData, r.length, v.nulls) : v.data) as ArrayLike<JsValue>;
    const nulls = v.nulls;
    const isNull = v.type === 'null';
    const isBool = v.type === 'boolean';
    for (let i = 0; i < r.length; i++) {
      out[i * w + c] = isNull || (nulls !== null && nulls[i] === 1) ? null : isBool ? (d as Uint8Array)[i] === 1 : d[i]!;
    }
  }
  return out;
}
