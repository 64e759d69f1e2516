/**
 * What the two DuckDB-Wasm adapters share. Node uses the blocking build (bench/adapters/duckdb.ts: every
 * call returns its result), the page the asynchronous one with the engine in its own Worker
 * (bench/browser/adapters/duckdb.ts: every call is a round trip); their per-row loops therefore differ,
 * but the SQL, the Arrow columns of the bulk load and the materialization of results are these.
 * @module
 */

import type { EventRow, UserRow } from '../../data.ts';
import { SQL } from '../workloads.ts';
import type { Row } from '../workloads.ts';

/** One row of an Arrow result table. */
export interface ArrowRow {
  /** The row as a plain object keyed by column name. */
  toJSON(): Record<string, unknown>;
}

/** An Arrow result table. */
export interface ArrowTable {
  /** The rows. */
  toArray(): ArrowRow[];
}

/** Materializes a result as plain JS objects: `table.toArray().map(r => r.toJSON())`. */
export function materialize(t: ArrowTable): Row[] {
  return t.toArray().map((r) => r.toJSON());
}

/** `reset`'s statements, in order: drop both tables if present, create them empty (with their PKs). */
export const RESET_SQL: readonly string[] = ['DROP TABLE IF EXISTS events', 'DROP TABLE IF EXISTS users', SQL.createEvents, SQL.createUsers];

/** The users as Arrow-ready columns (typed arrays for the integers), in table column order. */
export function userColumns(rows: readonly UserRow[]): { id: Int32Array; name: string[]; tier: Int32Array } {
  const n = rows.length;
  const id = new Int32Array(n);
  const tier = new Int32Array(n);
  const name = new Array<string>(n);
  for (let i = 0; i < n; i++) {
    const r = rows[i] as UserRow;
    id[i] = r.id;
    name[i] = r.name;
    tier[i] = r.tier;
  }
  return { id, name, tier };
}

/**
 * The events as Arrow-ready columns (typed arrays for the numbers; `kind` as strings, which
 * `tableFromArrays` dictionary-encodes), in table column order. Part of W1a's timed region.
 */
export function eventColumns(rows: readonly EventRow[]): { id: Int32Array; user_id: Int32Array; kind: string[]; value: Float64Array; ts: Int32Array } {
  const n = rows.length;
  const id = new Int32Array(n);
  const userId = new Int32Array(n);
  const kind = new Array<string>(n);
  const value = new Float64Array(n);
  const ts = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const r = rows[i] as EventRow;
    id[i] = r.id;
    userId[i] = r.user_id;
    kind[i] = r.kind;
    value[i] = r.value;
    ts[i] = r.ts;
  }
  return { id, user_id: userId, kind, value, ts };
}
