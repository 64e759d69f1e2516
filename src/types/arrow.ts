/**
 * Column vectors ↔ Apache Arrow. Results leave the engine as Arrow record batches (DESIGN.md
 * §1.2): this module builds them from {@link Vector}s without per-row copies where the layouts
 * agree, and reads Arrow data (decoded IPC, or a Table a user hands in) back into vectors.
 *
 * | SQL type  | vector data     | Arrow type            | conversion                         |
 * |-----------|-----------------|-----------------------|------------------------------------|
 * | boolean   | Uint8Array 0/1  | Bool                  | bit-packed                         |
 * | smallint  | Int32Array      | Int16                 | narrowed into an Int16Array        |
 * | integer   | Int32Array      | Int32                 | shared, no copy                    |
 * | bigint    | BigInt64Array   | Int64                 | shared, no copy                    |
 * | real      | Float64Array    | Float32               | narrowed into a Float32Array       |
 * | double    | Float64Array    | Float64               | shared, no copy                    |
 * | numeric   | NumericData / text | Utf8               | PostgreSQL text (`1.50`), exact, display scale kept |
 * | text/json/uuid | string[]   | Utf8                  | UTF-8 encoded into one buffer      |
 * | timestamp | Float64Array ms | TimestampMicrosecond  | int64 µs, so sub-ms digits survive; ±infinity as int64 max/min (arrow-timestamp.ts) |
 * | date      | Int32Array days | DateDay               | shared, no copy                    |
 * | bytes     | Uint8Array[]    | Binary                | concatenated into one buffer       |
 * | null      | (none)          | Null                  |                                    |
 *
 * Null masks (1 = NULL) become validity bitmaps (1 = valid). Every field carries its SQL type in
 * the metadata key {@link ARROW_TYPE_METADATA_KEY}, so json/uuid/text survive a round trip.
 * No Arrow builders are used: they compile code with `new Function`, which a strict CSP forbids.
 */
import {
  Binary, Bool, DataType as ArrowDataType, DateDay, Field, Float32, Float64, Int16, Int32, Int64,
  Null, RecordBatch, Schema, Struct, Table, TimestampMicrosecond, Type, Utf8, makeData,
  type Data, type Vector as ArrowVector,
} from 'apache-arrow';
import { DbError } from '../errors/db-error.ts';
import { SqlState } from '../errors/sqlstate.ts';
import { DATA_TYPES, type DataType } from './data-type.ts';
import type { JsValue, Vector, VectorData } from './vector.ts';
import { numericTextAt, numericToTexts, type NumericData } from './numeric-data.ts';
import { readTimestamps, timestampData } from './arrow-timestamp.ts';
import { encodeUtf8, type Utf8Column } from './utf8.ts';

/**
 * Field-metadata key holding the SQL {@link DataType} of an Arrow column.
 *
 * @example
 * ```ts
 * table.schema.fields[0].metadata.get(ARROW_TYPE_METADATA_KEY);   // 'json'
 * ```
 */
export const ARROW_TYPE_METADATA_KEY = 'inkdb:type';

/**
 * A column's name and SQL type (the shape of `ColumnInfo` in `worker/protocol.ts`).
 *
 * @example
 * ```ts
 * const spec: ArrowColumnSpec = { name: 'id', type: 'bigint' };
 * ```
 */
export interface ArrowColumnSpec {
  readonly name: string;
  readonly type: DataType;
}

const INT64_MAX = 9223372036854775807n;
const INT64_MIN = -9223372036854775808n;

/**
 * The Arrow type a SQL type is stored as.
 *
 * @example
 * ```ts
 * toArrowType('integer').toString();   // 'Int32'
 * toArrowType('timestamp').toString(); // 'Timestamp<MICROSECOND>'
 * ```
 */
export function toArrowType(t: DataType): ArrowDataType {
  switch (t) {
    case 'boolean': return new Bool();
    case 'smallint': return new Int16();
    case 'integer': return new Int32();
    case 'bigint': return new Int64();
    case 'real': return new Float32();
    case 'double': return new Float64();
    case 'text': case 'json': case 'uuid': case 'numeric': return new Utf8();
    case 'timestamp': return new TimestampMicrosecond();
    case 'date': return new DateDay();
    case 'bytes': return new Binary();
    case 'null': return new Null();
  }
}

/** Packs a 0/1 byte array (or its complement) into an LSB-first bitmap. */
function packBits(bytes: Uint8Array, length: number, invert: boolean): Uint8Array {
  const out = new Uint8Array(((length + 63) & ~63) >> 3); // 64-byte padded like Arrow's own
  const flip = invert ? 1 : 0;
  for (let i = 0; i < length; i++) {
    if ((bytes[i]! ^ flip) !== 0) out[i >> 3]! |= 1 << (i & 7);
  }
  return out;
}

/** Counts the 1s in a 0/1 byte array. */
function countOnes(bytes: Uint8Array, length: number): number {
  let n = 0;
  for (let i = 0; i < length; i++) n += bytes[i]! !== 0 ? 1 : 0;
  return n;
}

/** Concatenates byte strings with Int32 offsets, skipping NULL positions. */
function concatBytes(values: readonly Uint8Array[], nulls: Uint8Array | null, length: number): { offsets: Int32Array; bytes: Uint8Array } {
  const offsets = new Int32Array(length + 1);
  let total = 0;
  for (let i = 0; i < length; i++) {
    offsets[i] = total;
    if (nulls !== null && nulls[i] === 1) continue;
    total += values[i]?.length ?? 0;
  }
  offsets[length] = total;
  const bytes = new Uint8Array(total);
  for (let i = 0; i < length; i++) {
    const b = values[i];
    if (b !== undefined && offsets[i + 1]! > offsets[i]!) bytes.set(b, offsets[i]!);
  }
  return { offsets, bytes };
}

/**
 * The Arrow `Data` of a text-like column already encoded as UTF-8 (zero copy), typed by its
 * SQL type (text, json, uuid, numeric: Utf8).
 *
 * @example
 * ```ts
 * utf8ArrowData('text', encodeUtf8(['a', 'b'], null, 2), null, 2).length;   // 2
 * ```
 */
export function utf8ArrowData(type: DataType, col: Utf8Column, nulls: Uint8Array | null, length: number): Data {
  const nullCount = nulls === null ? 0 : countOnes(nulls, length);
  const nullBitmap = nullCount === 0 ? undefined : packBits(nulls!, length, true);
  return makeData({ type: toArrowType(type) as Utf8, length, nullCount, nullBitmap, valueOffsets: col.offsets, data: col.bytes });
}

/**
 * Builds the Arrow `Data` of one vector (see {@link vectorsToArrowTable}).
 *
 * @example
 * ```ts
 * vectorArrowData(makeVector('integer', Int32Array.of(1, 2), null), 2).length;   // 2
 * ```
 */
export function vectorArrowData(v: Vector, length: number): Data {
  const type = toArrowType(v.type);
  if (v.type === 'null') return makeData({ type: type as Null, length, nullCount: length });
  const nullCount = v.nulls === null ? 0 : countOnes(v.nulls, length);
  const nullBitmap = nullCount === 0 ? undefined : packBits(v.nulls!, length, true);
  const d = v.data;
  switch (v.type) {
    case 'boolean':
      return makeData({ type: type as Bool, length, nullCount, nullBitmap, data: packBits(d as Uint8Array, length, false) });
    case 'smallint':
      return makeData({ type: type as Int16, length, nullCount, nullBitmap, data: Int16Array.from((d as Int32Array).subarray(0, length)) });
    case 'integer':
      return makeData({ type: type as Int32, length, nullCount, nullBitmap, data: (d as Int32Array).subarray(0, length) });
    case 'date':
      return makeData({ type: type as DateDay, length, nullCount, nullBitmap, data: (d as Int32Array).subarray(0, length) });
    case 'bigint':
      return makeData({ type: type as Int64, length, nullCount, nullBitmap, data: (d as BigInt64Array).subarray(0, length) });
    case 'real':
      return makeData({ type: type as Float32, length, nullCount, nullBitmap, data: Float32Array.from((d as Float64Array).subarray(0, length)) });
    case 'double':
      return makeData({ type: type as Float64, length, nullCount, nullBitmap, data: (d as Float64Array).subarray(0, length) });
    case 'timestamp':
      return timestampData(d as Float64Array, length, nullCount, nullBitmap);
    case 'text': case 'json': case 'uuid': {
      const { offsets, bytes } = encodeUtf8(d as string[], v.nulls, length);
      return makeData({ type: type as Utf8, length, nullCount, nullBitmap, valueOffsets: offsets, data: bytes });
    }
    case 'numeric': {
      // either layout: the engine's NumericData, or the page's text
      const texts = Array.isArray(d) ? d as string[] : numericToTexts(d as NumericData, length, v.nulls);
      const { offsets, bytes } = encodeUtf8(texts, v.nulls, length);
      return makeData({ type: type as Utf8, length, nullCount, nullBitmap, valueOffsets: offsets, data: bytes });
    }
    case 'bytes': {
      const { offsets, bytes } = concatBytes(d as Uint8Array[], v.nulls, length);
      return makeData({ type: type as Binary, length, nullCount, nullBitmap, valueOffsets: offsets, data: bytes });
    }
  }
}

/**
 * Builds an Arrow Table (one record batch) from column vectors. Int32, Int64, Float64 and
 * DateDay columns share the vectors' buffers (no copy); other types are converted column-wise,
 * never row by row into objects. Repeated column names get a `_1`, `_2`… suffix in the Arrow
 * schema (Arrow JS merges fields by name); results keep the SQL names in their `columns`.
 *
 * @example
 * ```ts
 * const t = vectorsToArrowTable(
 *   [{ name: 'a', type: 'integer' }, { name: 'b', type: 'text' }],
 *   [makeVector('integer', Int32Array.of(1, 2), null), makeVector('text', ['x', 'y'], null)],
 *   2,
 * );
 * t.numRows;                  // 2
 * t.getChildAt(1)?.get(0);    // 'x'
 * ```
 */
export function vectorsToArrowTable(columns: readonly ArrowColumnSpec[], vectors: readonly Vector[], length: number): Table {
  return arrowTableFromData(columns, vectors.map((v) => vectorArrowData(v, length)), length);
}

/**
 * Builds an Arrow Table (one record batch) from each column's Arrow `Data` (see
 * {@link vectorArrowData}, {@link utf8ArrowData}); a missing column is all NULL.
 *
 * @example
 * ```ts
 * arrowTableFromData([{ name: 'a', type: 'text' }], [utf8ArrowData('text', encodeUtf8(['x'], null, 1), null, 1)], 1).numRows;   // 1
 * ```
 */
export function arrowTableFromData(columns: readonly ArrowColumnSpec[], datas: readonly (Data | undefined)[], length: number): Table {
  const fields: Field[] = [];
  const children: Data[] = [];
  const used = new Set<string>();
  for (let i = 0; i < columns.length; i++) {
    const c = columns[i]!;
    const d = datas[i];
    const data = d === undefined ? makeData({ type: new Null(), length, nullCount: length }) : d;
    // Arrow JS schemas merge fields by name: give repeated names (`SELECT sum(a), sum(b)`) a
    // suffix in the Arrow schema; the result's `columns` keep the SQL names
    let name = c.name;
    for (let k = 1; used.has(name); k++) name = `${c.name}_${k}`;
    used.add(name);
    fields.push(new Field(name, data.type, true, new Map([[ARROW_TYPE_METADATA_KEY, c.type]])));
    children.push(data);
  }
  const schema = new Schema(fields);
  const struct = makeData({ type: new Struct(fields), length, nullCount: 0, children });
  return new Table(schema, [new RecordBatch(schema, struct)]);
}

const KNOWN_TYPES = new Set<string>(DATA_TYPES);

/**
 * The SQL type of an Arrow field: its {@link ARROW_TYPE_METADATA_KEY} metadata when present,
 * else inferred from the Arrow type (Int8/Int16 → smallint, Uint32/Int64 → bigint, Float16 →
 * real, Large/Dictionary strings → text, any Timestamp → timestamp, …; unknown → text).
 *
 * @example
 * ```ts
 * inferDataType(new Field('n', new Int64()));  // 'bigint'
 * ```
 */
export function inferDataType(field: Field): DataType {
  const tagged = field.metadata.get(ARROW_TYPE_METADATA_KEY);
  if (tagged !== undefined && KNOWN_TYPES.has(tagged)) return tagged as DataType;
  const t = field.type as ArrowDataType;
  switch (t.typeId) {
    case Type.Null: return 'null';
    case Type.Bool: return 'boolean';
    case Type.Int: {
      const { bitWidth, isSigned } = t as unknown as { bitWidth: number; isSigned: boolean };
      if (bitWidth === 64 || (bitWidth === 32 && !isSigned)) return 'bigint';
      if (bitWidth === 32 || !isSigned) return bitWidth === 8 && !isSigned ? 'smallint' : 'integer';
      return 'smallint';
    }
    case Type.Float: return (t as unknown as { precision: number }).precision === 2 ? 'double' : 'real';
    case Type.Decimal: return 'double';
    case Type.Utf8: case Type.LargeUtf8: case Type.Utf8View: return 'text';
    case Type.Binary: case Type.LargeBinary: case Type.FixedSizeBinary: case Type.BinaryView: return 'bytes';
    case Type.Date: return 'date';
    case Type.Timestamp: return 'timestamp';
    case Type.Dictionary: {
      const vt = (t as unknown as { dictionary: ArrowDataType }).dictionary;
      return inferDataType(new Field(field.name, vt));
    }
    default: return 'text';
  }
}

/** Reads bit `i` of an LSB-first bitmap. */
function bitAt(bitmap: Uint8Array, i: number): number {
  return (bitmap[i >> 3]! >> (i & 7)) & 1;
}

// ignoreBOM: a value that starts with U+FEFF keeps it (the default decoder strips it)
const decoder = new TextDecoder('utf-8', { ignoreBOM: true });

/** True when every byte in [start, end) is ASCII. */
function isAscii(bytes: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (bytes[i]! > 0x7f) return false;
  return true;
}

/** Converts any JS value Arrow's `get()` returns into the vector form of a SQL type. */
function coerceForType(type: DataType, x: unknown): JsValue {
  if (x === null || x === undefined) return null;
  switch (type) {
    case 'boolean': return Boolean(x);
    case 'smallint': case 'integer': case 'real': case 'double':
      return typeof x === 'number' ? x : Number(x);
    case 'numeric': return String(x);
    case 'bigint': {
      const b = typeof x === 'bigint' ? x : BigInt(Math.trunc(Number(x)));
      if (b > INT64_MAX || b < INT64_MIN) throw new DbError(SqlState.NUMERIC_VALUE_OUT_OF_RANGE, 'bigint out of range');
      return b;
    }
    case 'date': return Math.floor((x instanceof Date ? x.getTime() : Number(x)) / 86400000);
    case 'timestamp': return x instanceof Date ? x.getTime() : Number(x);
    case 'bytes': return x instanceof Uint8Array ? x : new TextEncoder().encode(String(x));
    case 'text': case 'json': case 'uuid':
      return typeof x === 'string' ? x : typeof x === 'object' ? JSON.stringify(x) : String(x);
    case 'null': return null;
  }
}

/** Decodes one chunk of a column into `out` at `at`, by fast paths on known layouts. */
function readChunk(data: Data, type: DataType, out: VectorData, nulls: Uint8Array, at: number, vec: ArrowVector): boolean {
  const n = data.length;
  const off = data.offset;
  let anyNull = false;
  if (data.nullCount !== 0 && data.nullBitmap !== undefined && data.nullBitmap.length > 0) {
    const bm = data.nullBitmap;
    for (let i = 0; i < n; i++) {
      if (bitAt(bm, off + i) === 0) { nulls[at + i] = 1; anyNull = true; }
    }
  } else if (data.type.typeId === Type.Null) {
    nulls.fill(1, at, at + n);
    return n > 0;
  }
  const tid = (data.type as ArrowDataType).typeId;
  const values = data.values as unknown;
  switch (type) {
    case 'boolean':
      if (tid === Type.Bool) {
        const bits = values as Uint8Array;
        const o = out as Uint8Array;
        for (let i = 0; i < n; i++) o[at + i] = bitAt(bits, off + i);
        return anyNull;
      }
      break;
    case 'smallint': case 'integer': case 'date':
      if (tid === Type.Int || tid === Type.Date) {
        if (values instanceof Int32Array || values instanceof Int16Array || values instanceof Int8Array
          || values instanceof Uint8Array || values instanceof Uint16Array) {
          (out as Int32Array).set(values.subarray(0, n), at);
          return anyNull;
        }
      }
      break;
    case 'bigint':
      if (values instanceof BigInt64Array) { (out as BigInt64Array).set(values.subarray(0, n), at); return anyNull; }
      break;
    case 'real': case 'double':
      if (values instanceof Float64Array || values instanceof Float32Array
        || values instanceof Int32Array || values instanceof Int16Array) {
        (out as Float64Array).set(values.subarray(0, n), at);
        return anyNull;
      }
      break;
    case 'timestamp':
      if (tid === Type.Timestamp && values instanceof BigInt64Array) {
        readTimestamps(values, n, (data.type as unknown as { unit: number }).unit, out as Float64Array, at);
        return anyNull;
      }
      break;
    case 'text': case 'json': case 'uuid':
      if (tid === Type.Utf8) {
        const bytes = values as Uint8Array;
        const offs = data.valueOffsets as Int32Array;
        const o = out as string[];
        const start = offs[0]!;
        const end = offs[n]!;
        if (isAscii(bytes, start, end)) {
          // One decode for the chunk, then substring by offsets (ASCII: byte = UTF-16 unit).
          const all = decoder.decode(bytes.subarray(start, end));
          for (let i = 0; i < n; i++) o[at + i] = all.slice(offs[i]! - start, offs[i + 1]! - start);
        } else {
          for (let i = 0; i < n; i++) o[at + i] = decoder.decode(bytes.subarray(offs[i]!, offs[i + 1]!));
        }
        return anyNull;
      }
      break;
    case 'bytes':
      if (tid === Type.Binary) {
        const bytes = values as Uint8Array;
        const offs = data.valueOffsets as Int32Array;
        const o = out as Uint8Array[];
        for (let i = 0; i < n; i++) o[at + i] = bytes.slice(offs[i]!, offs[i + 1]!);
        return anyNull;
      }
      break;
    case 'null':
      nulls.fill(1, at, at + n);
      return n > 0;
    case 'numeric':
      break;
  }
  // Any other Arrow layout: Arrow's own getter, one value at a time (slow path, rare).
  const o = out as unknown as JsValue[];
  for (let i = 0; i < n; i++) {
    const x = coerceForType(type, vec.get(at + i));
    if (x === null) { nulls[at + i] = 1; anyNull = true; continue; }
    if (type === 'boolean') (o as unknown as Uint8Array)[at + i] = x ? 1 : 0;
    else o[at + i] = x;
  }
  return anyNull;
}

/** Allocates the data array of a SQL type. */
function alloc(type: DataType, n: number): VectorData {
  switch (type) {
    case 'boolean': case 'null': return new Uint8Array(n);
    case 'smallint': case 'integer': case 'date': return new Int32Array(n);
    case 'bigint': return new BigInt64Array(n);
    case 'real': case 'double': case 'timestamp': return new Float64Array(n);
    case 'text': case 'json': case 'uuid': case 'numeric': return new Array<string>(n).fill('');
    case 'bytes': return new Array<Uint8Array>(n).fill(new Uint8Array(0));
  }
}

/**
 * Reads an Arrow column (all its chunks) into one {@link Vector} of the given SQL type.
 * Layouts InkDB writes are read with typed-array copies; other Arrow types go through Arrow's
 * getter and are coerced (for tables that users build themselves). A numeric column is read as
 * its text (string data), which the engine parses where it stores values.
 *
 * @example
 * ```ts
 * const v = arrowColumnToVector(table.getChildAt(0)!, 'integer');
 * v.data;   // Int32Array [1, 2]
 * ```
 */
export function arrowColumnToVector(column: ArrowVector, type: DataType): Vector {
  const n = column.length;
  if (type === 'numeric') {
    // numeric travels as its text and stays text (the page's layout; the engine parses it where it stores it)
    const t = arrowColumnToVector(column, 'text');
    return { type, length: n, data: t.data, nulls: t.nulls };
  }
  const chunks = column.data as readonly Data[];
  // Zero-copy for a single chunk whose buffer already has the vector layout.
  if (chunks.length === 1 && chunks[0]!.nullCount === 0) {
    const d = chunks[0]!;
    const vals = d.values as unknown;
    const tid = (d.type as ArrowDataType).typeId;
    if ((type === 'integer' && tid === Type.Int && vals instanceof Int32Array)
      || (type === 'date' && tid === Type.Date && vals instanceof Int32Array)
      || (type === 'bigint' && vals instanceof BigInt64Array && tid === Type.Int)
      || (type === 'double' && vals instanceof Float64Array)) {
      return { type, length: n, data: (vals as Int32Array).subarray(0, n), nulls: null };
    }
  }
  const data = alloc(type, n);
  const nulls = new Uint8Array(n);
  let anyNull = false;
  let at = 0;
  for (const chunk of chunks) {
    if (readChunk(chunk, type, data, nulls, at, column)) anyNull = true;
    at += chunk.length;
  }
  return { type, length: n, data, nulls: anyNull || type === 'null' ? nulls : null };
}

/**
 * Reads every column of an Arrow Table into vectors. `columns` gives the SQL types (as the
 * worker sends them); without it, types come from {@link inferDataType}.
 *
 * @example
 * ```ts
 * const { columns, vectors, length } = arrowTableToVectors(tableFromIPC(bytes));
 * columns;   // [{ name: 'a', type: 'integer' }, …]
 * ```
 */
export function arrowTableToVectors(table: Table, columns?: readonly ArrowColumnSpec[]): {
  columns: ArrowColumnSpec[]; vectors: Vector[]; length: number;
} {
  const fields = table.schema.fields;
  const specs: ArrowColumnSpec[] = [];
  const vectors: Vector[] = [];
  for (let i = 0; i < fields.length; i++) {
    const f = fields[i]!;
    const type = columns?.[i]?.type ?? inferDataType(f);
    specs.push({ name: columns?.[i]?.name ?? f.name, type });
    const col = table.getChildAt(i);
    vectors.push(col === null ? { type, length: table.numRows, data: alloc(type, table.numRows), nulls: new Uint8Array(table.numRows).fill(1) } : arrowColumnToVector(col, type));
  }
  return { columns: specs, vectors, length: table.numRows };
}

/** Reads element `i` of a vector as the public JS value (see {@link arrowTableToRows}). */
function jsValue(v: Vector, i: number): JsValue {
  if (v.type === 'null' || (v.nulls !== null && v.nulls[i] === 1)) return null;
  if (v.type === 'boolean') return (v.data as Uint8Array)[i] === 1;
  if (v.type === 'numeric') {
    const d = v.data;
    return Array.isArray(d) ? (d as string[])[i]! : numericTextAt(d as NumericData, i);
  }
  return (v.data as ArrayLike<JsValue>)[i] as JsValue;
}

/**
 * Column vectors as arrays of JS values, one array per row: booleans as `true`/`false`,
 * NULL as `null`, bigint as `bigint`, numeric as its text (`'1.50'`), date as days since 1970-01-01, timestamp as epoch
 * milliseconds, bytes as `Uint8Array`, everything else as number or string.
 *
 * @example
 * ```ts
 * vectorsToRowArrays([makeVector('boolean', Uint8Array.of(1, 0), Uint8Array.of(0, 1))], 2);
 * // [[true], [null]]
 * ```
 */
export function vectorsToRowArrays(vectors: readonly Vector[], length: number): JsValue[][] {
  const out = new Array<JsValue[]>(length);
  const w = vectors.length;
  for (let r = 0; r < length; r++) {
    const row = new Array<JsValue>(w);
    for (let c = 0; c < w; c++) row[c] = jsValue(vectors[c]!, r);
    out[r] = row;
  }
  return out;
}

/**
 * Column vectors as plain objects keyed by column name (a later duplicate name wins).
 *
 * @example
 * ```ts
 * vectorsToRows([{ name: 'n', type: 'bigint' }], [makeVector('bigint', BigInt64Array.of(7n), null)], 1);
 * // [{ n: 7n }]
 * ```
 */
export function vectorsToRows(columns: readonly ArrowColumnSpec[], vectors: readonly Vector[], length: number): Record<string, JsValue>[] {
  const out = new Array<Record<string, JsValue>>(length);
  const w = columns.length;
  for (let r = 0; r < length; r++) {
    const row: Record<string, JsValue> = {};
    for (let c = 0; c < w; c++) row[columns[c]!.name] = jsValue(vectors[c]!, r);
    out[r] = row;
  }
  return out;
}

/**
 * An Arrow Table's rows as plain objects with InkDB's JS values (see
 * {@link vectorsToRowArrays}); Arrow types InkDB does not produce are coerced to the nearest
 * SQL type (for example Int8 → number, Uint64 → bigint, DateMillisecond → days).
 *
 * @example
 * ```ts
 * arrowTableToRows(tableFromIPC(bytes));   // [{ a: 1, b: 'x' }, { a: 2, b: 'y' }]
 * ```
 */
export function arrowTableToRows(table: Table): Record<string, JsValue>[] {
  const { columns, vectors, length } = arrowTableToVectors(table);
  return vectorsToRows(columns, vectors, length);
}
