/**
 * The re-evaluated path's diff: a query that the incremental path cannot maintain (joins,
 * aggregates, ORDER BY … LIMIT, windows, subqueries) is re-run after a commit that may change
 * it, and the new rows are compared with the previous run's. With a result key (see
 * `result-key.ts`) rows are matched by key: a new key is an insert, a missing one a delete, a
 * key whose row changed an update. Without a key (or when the key turns out not to be unique)
 * rows are compared whole, as a multiset: surplus copies are inserts, missing ones deletes.
 *
 * @example
 * ```ts
 * const before = snapshot(vectors, n, [0]);
 * const after = snapshot(vectors2, n2, [0]);
 * diffResults(before, after, types);   // { deletes, updates, updatesOld, inserts } or null
 * ```
 */
import type { LiveKey } from '../api/engine-api.ts';
import type { DataType } from '../types/data-type.ts';
import type { JsValue, Vector } from '../types/vector.ts';
import type { LiveDelta } from './incremental.ts';
import { keyOfValue, keyOfValues, rowArrays, rowsFromArrays, sameValue } from './values.ts';

/** One run's rows, with their keys when the result has a unique key. */
export interface ResultState {
  readonly rows: readonly (readonly JsValue[])[];
  /** Row keys (unique), or null: compare whole rows. */
  readonly keys: readonly LiveKey[] | null;
}

/** The key of a row given the key column positions. */
function rowKey(row: readonly JsValue[], pos: readonly number[]): LiveKey {
  if (pos.length === 1) return keyOfValue(row[pos[0]!]!);
  return keyOfValues(pos.map((p) => row[p]!));
}

/** Captures a run's rows; keys are kept only when `keyPos` is given and unique in this run. */
export function snapshot(vectors: readonly Vector[], length: number, keyPos: readonly number[] | null): ResultState {
  const rows = rowArrays({ length, vectors, keys: null });
  if (keyPos === null) return { rows, keys: null };
  const keys = rows.map((r) => rowKey(r, keyPos));
  if (new Set(keys).size !== keys.length) return { rows, keys: null };
  return { rows, keys };
}

function sameRow(a: readonly JsValue[], b: readonly JsValue[]): boolean {
  for (let c = 0; c < a.length; c++) if (!sameValue(a[c]!, b[c]!)) return false;
  return true;
}

/** What changed from `prev` to `next`, or null when nothing did. */
export function diffResults(prev: ResultState, next: ResultState, types: readonly DataType[]): LiveDelta | null {
  return prev.keys !== null && next.keys !== null
    ? keyedDiff(prev.rows, prev.keys, next.rows, next.keys, types)
    : multisetDiff(prev.rows, next.rows, types);
}

function keyedDiff(prevRows: readonly (readonly JsValue[])[], prevKeys: readonly LiveKey[],
  nextRows: readonly (readonly JsValue[])[], nextKeys: readonly LiveKey[], types: readonly DataType[]): LiveDelta | null {
  const at = new Map<LiveKey, number>();
  for (let i = 0; i < prevKeys.length; i++) at.set(prevKeys[i]!, i);
  const seen = new Uint8Array(prevRows.length);
  const ins: (readonly JsValue[])[] = [], insK: LiveKey[] = [];
  const upd: (readonly JsValue[])[] = [], updOld: (readonly JsValue[])[] = [], updK: LiveKey[] = [];
  for (let j = 0; j < nextRows.length; j++) {
    const k = nextKeys[j]!;
    const i = at.get(k);
    if (i === undefined) { ins.push(nextRows[j]!); insK.push(k); continue; }
    seen[i] = 1;
    if (!sameRow(prevRows[i]!, nextRows[j]!)) { upd.push(nextRows[j]!); updOld.push(prevRows[i]!); updK.push(k); }
  }
  const del: (readonly JsValue[])[] = [], delK: LiveKey[] = [];
  for (let i = 0; i < prevRows.length; i++) if (seen[i] === 0) { del.push(prevRows[i]!); delK.push(prevKeys[i]!); }
  if (ins.length === 0 && del.length === 0 && upd.length === 0) return null;
  return {
    deletes: del.length === 0 ? null : rowsFromArrays(types, del, delK),
    updates: upd.length === 0 ? null : rowsFromArrays(types, upd, updK),
    updatesOld: upd.length === 0 ? null : rowsFromArrays(types, updOld, updK),
    inserts: ins.length === 0 ? null : rowsFromArrays(types, ins, insK),
  };
}

function multisetDiff(prevRows: readonly (readonly JsValue[])[], nextRows: readonly (readonly JsValue[])[], types: readonly DataType[]): LiveDelta | null {
  const count = new Map<string, { delta: number; row: readonly JsValue[] }>();
  for (const r of nextRows) {
    const k = keyOfValues(r);
    const e = count.get(k);
    if (e === undefined) count.set(k, { delta: 1, row: r }); else e.delta++;
  }
  for (const r of prevRows) {
    const k = keyOfValues(r);
    const e = count.get(k);
    if (e === undefined) count.set(k, { delta: -1, row: r }); else e.delta--;
  }
  const ins: (readonly JsValue[])[] = [], del: (readonly JsValue[])[] = [];
  for (const e of count.values()) {
    for (let d = e.delta; d > 0; d--) ins.push(e.row);
    for (let d = e.delta; d < 0; d++) del.push(e.row);
  }
  if (ins.length === 0 && del.length === 0) return null;
  return {
    deletes: del.length === 0 ? null : rowsFromArrays(types, del, null),
    updates: null,
    updatesOld: null,
    inserts: ins.length === 0 ? null : rowsFromArrays(types, ins, null),
  };
}
