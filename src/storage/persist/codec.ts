/**
 * How each SQL type is stored: one entry per type in {@link CODECS} (a new type, NUMERIC for
 * instance, is one more entry — the table is exhaustive over `DataType`, so forgetting it fails
 * the build), plus layout-generic copying of column values into log records.
 *
 * - Log records keep a column's in-memory layout (`types/vector.ts`) and travel by structured
 *   clone, which preserves every value exactly: bigints beyond 2^53, NaN, ±Infinity and −0,
 *   any string (lone surrogates included), bytes. NUMERIC slices are `NumericData` objects
 *   (scaled Float64Array, big-form `bigint[]`, display scales), revived by {@link sliceVector}.
 * - Segments are Arrow IPC: each column is written with the Arrow type of its `physical` type
 *   (`types/arrow.ts`). TIMESTAMP is stored as Float64 epoch milliseconds (its vector layout)
 *   rather than Arrow's int64 microseconds, so fractions of a microsecond and non-finite values
 *   survive; REAL as Float32 (values are already rounded to float32); SMALLINT as Int16;
 *   NUMERIC as Utf8 PostgreSQL text per value (`1.50`, `NaN`, `-Infinity`, any number of
 *   digits): exact, display scale kept, readable by any Arrow reader. String columns holding a
 *   lone UTF-16 surrogate (not valid Unicode, so not valid UTF-8) are written as UTF-16 code
 *   units instead (`utf16-column.ts`), so every string reads back exactly as the log has it.
 * - `ordered` types get min/max statistics in the segment record (NUMERIC's as text).
 */
import type { DataType } from '../../types/data-type.ts';
import type { ColumnStore } from '../column.ts';
import type { Vector, VectorData } from '../../types/vector.ts';
import { gatherNumeric, makeNumericData, type NumericData } from '../../types/numeric-data.ts';
import { isNumericData } from '../../types/numeric-data-ops.ts';
import type { ColumnSlice } from './records.ts';

/** How one SQL type is stored. */
export interface TypeCodec {
  /** The type whose vector layout and Arrow type segments store the column with (same vector layout as the type itself). */
  readonly physical: DataType;
  /** True when min/max statistics are kept (the type has a total order worth pruning on). */
  readonly ordered: boolean;
}

/** Every type's storage, one entry each. */
export const CODECS: { readonly [T in DataType]: TypeCodec } = {
  boolean: { physical: 'boolean', ordered: true },
  smallint: { physical: 'smallint', ordered: true },
  integer: { physical: 'integer', ordered: true },
  bigint: { physical: 'bigint', ordered: true },
  real: { physical: 'real', ordered: true },
  double: { physical: 'double', ordered: true },
  text: { physical: 'text', ordered: true },
  timestamp: { physical: 'double', ordered: true },
  date: { physical: 'date', ordered: true },
  json: { physical: 'json', ordered: false },
  bytes: { physical: 'bytes', ordered: false },
  uuid: { physical: 'uuid', ordered: true },
  numeric: { physical: 'numeric', ordered: true },
  null: { physical: 'null', ordered: false },
};

type TypedData = Exclude<VectorData, string[] | Uint8Array[]>;

function allocLike(d: VectorData, n: number): VectorData {
  if (Array.isArray(d)) return new Array(n) as VectorData;
  const Ctor = (d as TypedData).constructor as new (n: number) => TypedData;
  return new Ctor(n);
}

/** Copies the null flags of `[from, to)` ranges, or null when none is set. */
function copyNullRanges(nulls: Uint8Array | null, ranges: ArrayLike<number>, count: number): Uint8Array | null {
  if (nulls === null) return null;
  const out = new Uint8Array(count);
  let k = 0;
  let any = 0;
  for (let i = 0; i < ranges.length; i += 2) {
    const from = ranges[i]!;
    const to = ranges[i + 1]!;
    out.set(nulls.subarray(from, to), k);
    for (let r = from; r < to; r++) any |= nulls[r]!;
    k += to - from;
  }
  return any === 0 ? null : out;
}

/**
 * Copies rows of a column given as `[from, to)` ranges (flattened, `count` rows in all) into a
 * slice that owns its arrays (later in-place writes do not change it).
 */
export function copyRanges(col: ColumnStore, ranges: ArrayLike<number>, count: number): ColumnSlice {
  const d = col.data;
  if (isNumericData(d)) {
    const idx = new Int32Array(count);
    let j = 0;
    for (let i = 0; i < ranges.length; i += 2) for (let r = ranges[i]!; r < ranges[i + 1]!; r++) idx[j++] = r;
    return { data: gatherNumeric(d, idx, count), nulls: col.nullCount === 0 ? null : copyNullRanges(col.nulls, ranges, count) };
  }
  const out = allocLike(d, count);
  let k = 0;
  if (Array.isArray(d)) {
    const o = out as unknown[];
    const s = d as unknown[];
    for (let i = 0; i < ranges.length; i += 2) for (let r = ranges[i]!; r < ranges[i + 1]!; r++) o[k++] = s[r];
  } else {
    const o = out as Int32Array;
    const s = d as Int32Array;
    for (let i = 0; i < ranges.length; i += 2) {
      o.set(s.subarray(ranges[i]!, ranges[i + 1]!), k);
      k += ranges[i + 1]! - ranges[i]!;
    }
  }
  return { data: out, nulls: col.nullCount === 0 ? null : copyNullRanges(col.nulls, ranges, count) };
}

/** Copies the given rows of a column into an owned slice. */
export function copyRows(col: ColumnStore, rows: ArrayLike<number>): ColumnSlice {
  const d = col.data;
  const n = rows.length;
  const out = isNumericData(d) ? gatherNumeric(d, rows, n) : allocLike(d, n);
  if (!isNumericData(d)) {
    const o = out as unknown as { [i: number]: unknown };
    const s = d as unknown as { [i: number]: unknown };
    for (let i = 0; i < n; i++) o[i] = s[rows[i]!];
  }
  let nulls: Uint8Array | null = null;
  const cn = col.nulls;
  if (cn !== null && col.nullCount > 0) {
    const m = new Uint8Array(n);
    let any = 0;
    for (let i = 0; i < n; i++) { const b = cn[rows[i]!]!; m[i] = b; any |= b; }
    if (any !== 0) nulls = m;
  }
  return { data: out, nulls };
}

/**
 * A stored slice as a vector of `type` with `n` rows. Structured clone returns NUMERIC data as
 * a plain (unfrozen) object: it is rebuilt here with its typed arrays checked.
 */
export function sliceVector(s: ColumnSlice, type: Vector['type'], n: number): Vector {
  let data = s.data;
  if (type === 'numeric') {
    const x = data as NumericData;
    const f = x.f instanceof Float64Array ? x.f : Float64Array.from(x.f as ArrayLike<number>);
    const d = x.d === null || x.d instanceof Uint16Array ? x.d : Uint16Array.from(x.d as ArrayLike<number>);
    data = makeNumericData(x.scale, f, x.b, d);
  }
  return { type, length: n, data, nulls: s.nulls };
}
