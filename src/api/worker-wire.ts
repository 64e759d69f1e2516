/**
 * The messages between the client and the engine's Worker: one request message per call, one
 * answer per request, a live batch now and then, all plain arrays (cheap to clone). The client
 * (`client/worker-connection.ts`) and the endpoint (`worker/endpoint.ts`) both import these
 * types; neither owns them.
 *
 * - request `[id, method, args]` → answer `[id, OK, value]` or `[id, FAILED, error]`;
 * - `[0, 'cancel', id]`: the client gave up on call `id` (its signal aborted);
 * - `[0, LIVE, batch]` from the worker; the client acknowledges with `[0, 'liveAck', batchNumber]`;
 * - `[0, ACCEPTED, id]` (`api/tab-wire.ts`) from a leader tab's server to another tab: call `id` reached the engine.
 *
 * Functions that pack data take the message's transfer list (`unknown[]`, so that the published
 * types need no DOM lib) and add the buffers they create to it.
 *
 * Cancellation of a running call needs memory shared with the Worker: when the page is
 * cross-origin isolated, `open` hands the worker a `SharedArrayBuffer` of {@link CANCEL_SLOTS}
 * flags, a call names its slot in {@link WireCallOptions.slot}, and the client sets the flag
 * (`Atomics.store`) when its signal aborts; the engine reads it between batches.
 */
import type { SerializedDbError } from '../errors/db-error.ts';
import type { Vector } from '../types/vector.ts';
import { decodeUtf8, type Utf8Column } from '../types/utf8.ts';
import { dictionaryOf } from './dictionary-codes.ts';

/** Flags in the shared cancel buffer (calls in flight with a signal beyond this are cancelled by message only). */
export const CANCEL_SLOTS = 256;

/** Answer status: the call resolved. */
export const OK = 0;
/** Answer status: the call rejected (the value is a serialized DbError). */
export const FAILED = 1;
/** A live batch (worker → client). */
export const LIVE = 2;

/** A call's options as they cross: the time limit, and the slot of its cancel flag, if any. */
export interface WireCallOptions {
  readonly timeoutMs?: number;
  /** Index of the call's flag in the shared cancel buffer. */
  readonly slot?: number;
  /** True when the call has a signal (the worker then also honours a `cancel` message). */
  readonly cancellable?: boolean;
}

/** A request: call id (> 0), method name, arguments. */
export type WireRequest = readonly [id: number, method: string, args: readonly unknown[]];

/** An answer, or a live batch (id 0). */
export type WireAnswer = readonly [id: number, status: typeof OK | typeof FAILED | typeof LIVE, value: unknown];

/** An error as it crosses: a DbError's fields, plus the worker-side stack. */
export type WireError = SerializedDbError & { readonly stack?: string };

/**
 * Parameter rows of a batched call, by column: a column whose values are all numbers travels as a
 * `Float64Array` (transferred, not cloned), any other as an array. The worker rebuilds the rows.
 */
export interface PackedRows {
  readonly packed: true;
  readonly length: number;
  readonly columns: readonly PackedColumn[];
}

/** One packed parameter column: numbers, repeated strings as a dictionary and codes (code -1: NULL), or values. */
export type PackedColumn = Float64Array | { readonly dict: readonly string[]; readonly codes: Int32Array } | readonly unknown[];

/** Row objects packed by column for a bulk insert: the union of their keys, one packed column each. */
export interface PackedObjects {
  readonly packed: 'objects';
  readonly length: number;
  readonly names: readonly string[];
  readonly columns: readonly PackedColumn[];
}

/**
 * The columns of {@link packObjects}' result, for `EngineApi.insertColumns`.
 *
 * @example
 * ```ts
 * unpackObjects({ packed: 'objects', length: 1, names: ['a'], columns: [new Float64Array([1])] });   // { a: Float64Array [1] }
 * ```
 */
export function unpackObjects(p: PackedObjects): Record<string, ArrayLike<unknown>> {
  const out: Record<string, ArrayLike<unknown>> = {};
  p.names.forEach((k, c) => {
    const col = p.columns[c]!;
    if (col instanceof Float64Array || Array.isArray(col)) { out[k] = col as ArrayLike<unknown>; return; }
    out[k] = decodePacked(col as PackedDictionary, p.length);
  });
  return out;
}

type PackedDictionary = { readonly dict: readonly string[]; readonly codes: Int32Array };

/** The `n` values of a packed dictionary column (code -1: NULL). */
function decodePacked({ dict, codes }: PackedDictionary, n: number): (string | null)[] {
  const values = new Array<string | null>(n);
  for (let i = 0; i < n; i++) { const k = codes[i]!; values[i] = k < 0 ? null : dict[k]!; }
  return values;
}

/**
 * The rows of {@link packRows}' result by column, for `EngineApi.executeMany` (a dictionary
 * column decoded to its strings; no array per row), or the argument itself when it is rows.
 *
 * @example
 * ```ts
 * unpackRows({ packed: true, length: 2, columns: [new Float64Array([1, 2]), { dict: ['a'], codes: Int32Array.of(0, 0) }] });
 * // { length: 2, columns: [Float64Array [1, 2], ['a', 'a']] }
 * ```
 */
export function unpackRows(x: PackedRows | readonly (readonly unknown[])[]):
  readonly (readonly unknown[])[] | { readonly length: number; readonly columns: readonly ArrayLike<unknown>[] } {
  if (Array.isArray(x) || x === null || typeof x !== 'object' || (x as PackedRows).packed !== true) return x as readonly (readonly unknown[])[];
  const p = x as PackedRows;
  const columns = p.columns.map((col): ArrayLike<unknown> => {
    if (col instanceof Float64Array || Array.isArray(col)) return col as ArrayLike<unknown>;
    return decodePacked(col as PackedDictionary, p.length);
  });
  return { length: p.length, columns };
}

/**
 * A column vector as it crosses to the page: a {@link Vector}, or a text-like column (text,
 * json, uuid, numeric as its text) of many rows as a dictionary and codes when few values are
 * distinct (`dict`), else as UTF-8 bytes and offsets (`utf8`, transferred): the page's main
 * thread deserializes no string per row, builds an Arrow table from either without decoding,
 * and decodes strings only when rows are read.
 */
export type WireVector = Vector | WireDictVector | WireUtf8Vector;

/** A text-like column as a dictionary and codes. */
export interface WireDictVector {
  readonly type: Vector['type'];
  readonly length: number;
  readonly dict: readonly string[];
  readonly codes: Int32Array;
  readonly nulls: Uint8Array | null;
}

/** A text-like column as UTF-8 bytes and offsets (Arrow's Utf8 layout). */
export interface WireUtf8Vector {
  readonly type: Vector['type'];
  readonly length: number;
  readonly utf8: Utf8Column;
  readonly nulls: Uint8Array | null;
}

/**
 * The page's vectors from their wire form (strings decoded; numeric keeps its text).
 *
 * @example
 * ```ts
 * fromWireVectors([{ type: 'text', length: 2, dict: ['a'], codes: new Int32Array([0, 0]), nulls: null }])[0]!.data;   // ['a', 'a']
 * ```
 */
export function fromWireVectors(vs: readonly WireVector[]): Vector[] {
  return vs.map((v) => {
    if ('utf8' in v) return { type: v.type, length: v.length, data: decodeUtf8(v.utf8, v.nulls, v.length), nulls: v.nulls };
    if (!('dict' in v)) return v;
    const n = v.length;
    const data = new Array<string>(n);
    const { dict, codes } = v;
    for (let i = 0; i < n; i++) data[i] = dict[codes[i]!]!;
    return { type: v.type, length: n, data, nulls: v.nulls };
  });
}

/**
 * A text column as a dictionary and codes when it has few distinct values (at most a quarter of
 * its rows, and it has 1,024 rows or more); null otherwise.
 *
 * @example
 * ```ts
 * dictionaryColumn(Array(2000).fill('k1'), [])!.dict;   // ['k1']
 * ```
 */
export function dictionaryColumn(values: readonly string[], transfer: unknown[]): { dict: string[]; codes: Int32Array } | null {
  const n = values.length;
  if (n < 1024) return null;
  const p = dictionaryOf(values, transfer);
  return p === null ? null : p as { dict: string[]; codes: Int32Array };
}
