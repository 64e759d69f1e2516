/**
 * Building statement results: rows of a query (copied out of storage, so later writes never
 * change a returned result), rows built from JS values (SHOW, EXPLAIN), DML messages.
 */
import type { ColumnInfo, ExecResult } from '../api/engine-api.ts';
import { vectorFromValues, type Batch, type JsValue, type Vector } from '../types/vector.ts';
import { copyNumeric, type NumericData } from '../types/numeric-data.ts';

/** A result without rows. */
export function emptyResult(message: string, command: string): ExecResult {
  return { columns: [], vectors: [], length: 0, rowCount: 0, message, command };
}

/** Copies a vector so results never alias storage that later writes change. */
function ownVector(v: Vector, n: number): Vector {
  const d = v.data;
  const data = v.type === 'numeric' ? copyNumeric(d as NumericData, n) : Array.isArray(d) ? (d as unknown[]).slice(0, n) : (d as Int32Array).slice(0, n);
  return { type: v.type, length: n, data: data as Vector['data'], nulls: v.nulls === null ? null : v.nulls.slice(0, n) };
}

/** The result of a query: the batch's vectors, owned, typed as the bound columns say. */
export function queryResult(columns: readonly ColumnInfo[], batch: Batch): ExecResult {
  const n = batch.length;
  const vectors = batch.columns.map((v, i) => {
    const o = ownVector(v, n);
    const t = columns[i]!.type;
    return o.type === t ? o : o.type === 'null' ? { type: t, length: n, data: vectorFromValues(t, new Array(n).fill(null)).data, nulls: new Uint8Array(n).fill(1) } : o;
  });
  return { columns, vectors, length: n, rowCount: n, message: `SELECT ${n}`, command: 'select' };
}

/** A result from rows of JS values (SHOW, DESCRIBE, EXPLAIN). */
export function rowsResult(columns: readonly ColumnInfo[], rows: readonly (readonly JsValue[])[], command: string): ExecResult {
  const vectors = columns.map((c, i) => vectorFromValues(c.type, rows.map((r) => r[i] ?? null)));
  return { columns, vectors, length: rows.length, rowCount: rows.length, message: `${command === 'explain' ? 'EXPLAIN' : 'SHOW'} ${rows.length}`, command };
}

const NONE: readonly never[] = Object.freeze([]);
const oneRow = (verb: string, command: string): ExecResult =>
  Object.freeze({ columns: NONE, vectors: NONE, length: 0, rowCount: 1, message: `${verb} 1 row(s)`, command });
const ONE_ROW: Readonly<Record<string, ExecResult>> = {
  insert: oneRow('Inserted', 'insert'), update: oneRow('Updated', 'update'), delete: oneRow('Deleted', 'delete'),
};

/** The result of INSERT/UPDATE/DELETE: the count message, and the RETURNING rows if any. */
export function dmlResult(kind: string, count: number, returning: Batch | null, cols: readonly ColumnInfo[]): ExecResult {
  if (returning === null && count === 1) {
    // the prepared single-row write answers this on every call: one frozen object per kind
    const one = ONE_ROW[kind];
    if (one !== undefined) return one;
  }
  const verb = kind === 'insert' ? 'Inserted' : kind === 'update' ? 'Updated' : 'Deleted';
  const message = `${verb} ${count} row(s)`;
  if (returning === null) return { columns: [], vectors: [], length: 0, rowCount: count, message, command: kind };
  const n = returning.length;
  return { columns: cols, vectors: returning.columns.map((v) => ownVector(v, n)), length: n, rowCount: count, message, command: kind };
}
