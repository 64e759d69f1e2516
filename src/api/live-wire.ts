/**
 * Live-query events as they cross the worker boundary. The worker sends each connection's
 * events in batches (one per commit, or the coalesced changes of several commits when the main
 * thread is slow), through one listener (a message to the client); rows travel as one flat array of
 * values (row-major: few objects to clone), or as a transferred Arrow IPC stream when there are
 * many.
 */
import type { SerializedDbError } from '../errors/db-error.ts';
import type { JsValue } from '../types/vector.ts';
import type { WireVector } from './worker-wire.ts';
import type { ColumnInfo } from './engine-api.ts';

/**
 * Rows of a live event on the wire: `values` (few rows: row after row, one value per column)
 * or `ipc` (an Arrow IPC stream).
 */
export interface WireLiveRows {
  readonly length: number;
  readonly values?: JsValue[];
  /** Many rows: column vectors whose typed arrays were transferred, repetitive text as a dictionary. */
  readonly vectors?: readonly WireVector[];
  /** Many rows as an Arrow IPC stream (older workers; still read). */
  readonly ipc?: Uint8Array;
}

/** One subscription's event on the wire. */
export type WireLiveEvent =
  | { readonly kind: 'initial'; readonly subscription: string; readonly columns: readonly ColumnInfo[]; readonly rows: WireLiveRows }
  | {
    readonly kind: 'change'; readonly subscription: string;
    readonly deletes: WireLiveRows | null; readonly updates: WireLiveRows | null; readonly updatesOld: WireLiveRows | null; readonly inserts: WireLiveRows | null;
  }
  | { readonly kind: 'error'; readonly subscription: string; readonly error: SerializedDbError }
  /** The same change for several subscriptions (one commit's rows shared by queries of one shape): one event, its rows cloned once. */
  | {
    readonly kind: 'changes'; readonly subscriptions: readonly string[];
    readonly deletes: WireLiveRows | null; readonly updates: WireLiveRows | null; readonly updatesOld: WireLiveRows | null; readonly inserts: WireLiveRows | null;
  };

/**
 * What the worker sends the client's live listener: numbered batches (1, 2, …). A call's
 * answer may name a batch (`WireResult.liveBatch`) that the client must have applied first.
 *
 * @example
 * ```ts
 * const b: WireLiveBatch = { batch: 3, events: [{ kind: 'change', subscription: 'live-1', deletes: null, updates: null, updatesOld: null, inserts: { length: 1, values: [1, 'x'] } }] };
 * ```
 */
export interface WireLiveBatch {
  readonly batch: number;
  readonly events: readonly WireLiveEvent[];
}

/** The client's live listener, as the worker calls it (it resolves once the batch is applied). */
export type WireLiveListener = (batch: WireLiveBatch, transfer: readonly unknown[]) => void | Promise<void>;
