/**
 * Column vectors: the unit every operator and kernel works on. A vector is a typed array
 * (or a JS array for strings and bytes) plus an optional null mask. Vectors are
 * plain objects so that kernels stay monomorphic; the layout per type is fixed by
 * {@link DataType} (see `types/data-type.ts`).
 */
import type { DataType } from './data-type.ts';
import { allocNumeric, gatherNumeric, numericFromTexts, numericTextAt, sliceNumeric, type NumericData } from './numeric-data.ts';

/**
 * The data array of a vector, by layout. Numeric vectors hold {@link NumericData} in the engine;
 * on the page (results from the Worker, values the page builds) they hold their PostgreSQL text.
 */
export type VectorData = Uint8Array | Int32Array | Float64Array | BigInt64Array | string[] | Uint8Array[] | NumericData;

/**
 * A column of `length` values of one type.
 *
 * - `nulls` is `null` when no value is null, else a `Uint8Array` with 1 where the value is NULL.
 *   Data at a null position is unspecified (usually 0 / '').
 * - Operators may pass a selection vector alongside (`sel`, an `Int32Array` of row positions in
 *   increasing order); then only the selected positions are meaningful.
 */
export interface Vector {
  readonly type: DataType;
  readonly length: number;
  readonly data: VectorData;
  readonly nulls: Uint8Array | null;
}

/** A batch of rows: equal-length column vectors. */
export interface Batch {
  readonly length: number;
  readonly columns: readonly Vector[];
}

/** A selection vector: positions of the rows that are alive, ascending. `null` means all rows. */
export type Selection = Int32Array | null;

/** The JavaScript value of one vector element as the public API returns it. */
export type JsValue = null | boolean | number | bigint | string | Uint8Array;

/** Allocates the data array for `n` values of a type. */
export function allocData(type: DataType, n: number): VectorData {
  switch (type) {
    case 'boolean': return new Uint8Array(n);
    case 'smallint': case 'integer': case 'date': return new Int32Array(n);
    case 'bigint': return new BigInt64Array(n);
    case 'numeric': return allocNumeric(n);
    case 'real': case 'double': case 'timestamp': return new Float64Array(n);
    case 'text': case 'json': case 'uuid': return new Array<string>(n).fill('');
    case 'bytes': return new Array<Uint8Array>(n).fill(EMPTY_BYTES);
    case 'null': return new Uint8Array(n);
  }
}

const EMPTY_BYTES = new Uint8Array(0);

/** Makes a vector. */
export function makeVector(type: DataType, data: VectorData, nulls: Uint8Array | null, length = data.length): Vector {
  return { type, length, data, nulls };
}

/** A vector of `n` NULLs of a type. */
export function nullVector(type: DataType, n: number): Vector {
  return { type, length: n, data: allocData(type, n), nulls: new Uint8Array(n).fill(1) };
}

/** True when the value at `i` is NULL. */
export function isNullAt(v: Vector, i: number): boolean {
  return v.type === 'null' || (v.nulls !== null && v.nulls[i] === 1);
}

/**
 * Reads element `i` as a JS value (boolean, number, bigint, string, Uint8Array or null; numeric
 * as its text, from either numeric layout: the engine's {@link NumericData} or the page's text).
 */
export function valueAt(v: Vector, i: number): JsValue {
  if (v.type === 'null' || (v.nulls !== null && v.nulls[i] === 1)) return null;
  if (v.type === 'boolean') return (v.data as Uint8Array)[i] === 1;
  if (v.type === 'numeric') {
    const d = v.data;
    return Array.isArray(d) ? (d as string[])[i]! : numericTextAt(d as NumericData, i);
  }
  return (v.data as ArrayLike<JsValue>)[i] as JsValue;
}

/** Builds a vector of one type from JS values (values must already be of the type's JS form: numeric as text). */
export function vectorFromValues(type: DataType, values: readonly JsValue[]): Vector {
  const n = values.length;
  if (type === 'numeric') {
    let nulls: Uint8Array | null = null;
    const texts = values.map((x, i) => {
      if (x !== null && x !== undefined) return String(x);
      (nulls ??= new Uint8Array(n))[i] = 1;
      return null;
    });
    return { type, length: n, data: numericFromTexts(texts), nulls };
  }
  return pageVectorFromValues(type, values);
}

/**
 * {@link vectorFromValues} as the page builds vectors: numeric values keep their text (a string
 * array: the page's numeric layout, which every reader here accepts), so nothing is parsed on the
 * page and the client bundles no numeric arithmetic.
 *
 * @example
 * ```ts
 * pageVectorFromValues('numeric', ['1.50', null]).data;   // ['1.50', '']
 * ```
 */
export function pageVectorFromValues(type: DataType, values: readonly JsValue[]): Vector {
  const n = values.length;
  const data = type === 'numeric' ? new Array<string>(n).fill('') : allocData(type, n);
  let nulls: Uint8Array | null = null;
  for (let i = 0; i < n; i++) {
    const x = values[i];
    if (x === null || x === undefined) {
      if (nulls === null) nulls = new Uint8Array(n);
      nulls[i] = 1;
    } else if (type === 'boolean') {
      (data as Uint8Array)[i] = x ? 1 : 0;
    } else if (type === 'numeric') {
      (data as string[])[i] = String(x);
    } else if (type !== 'null') {
      (data as unknown as JsValue[])[i] = x;
    }
  }
  if (type === 'null') nulls = new Uint8Array(n).fill(1);
  return { type, length: n, data, nulls };
}

/*
 * Leaf gather loops per array type: one shared loop over every typed-array type is polymorphic
 * at its element loads and stores, and slower for all of them.
 */
function gatherArray(s: readonly unknown[], sel: Int32Array, count: number): unknown[] {
  const out = new Array<unknown>(count);
  for (let i = 0; i < count; i++) out[i] = s[sel[i]!];
  return out;
}

function gatherI32(s: Int32Array, sel: Int32Array, count: number): Int32Array {
  const out = new Int32Array(count);
  for (let i = 0; i < count; i++) out[i] = s[sel[i]!]!;
  return out;
}

function gatherF64(s: Float64Array, sel: Int32Array, count: number): Float64Array {
  const out = new Float64Array(count);
  for (let i = 0; i < count; i++) out[i] = s[sel[i]!]!;
  return out;
}

/** Copies the selected positions of `v` into a new dense vector. */
export function gather(v: Vector, sel: Int32Array, count = sel.length): Vector {
  const src = v.data;
  let data: VectorData;
  if (v.type === 'numeric') {
    data = gatherNumeric(src as NumericData, sel, count);
  } else if (Array.isArray(src)) {
    data = gatherArray(src, sel, count) as VectorData;
  } else if (src instanceof Int32Array) {
    data = gatherI32(src, sel, count);
  } else if (src instanceof Float64Array) {
    data = gatherF64(src, sel, count);
  } else {
    // Uint8Array (booleans, null vectors) and BigInt64Array
    const Ctor = (src as unknown as Int32Array).constructor as new (n: number) => Int32Array;
    const out = new Ctor(count);
    const s = src as unknown as Int32Array;
    for (let i = 0; i < count; i++) out[i] = s[sel[i]!]!;
    data = out;
  }
  let nulls: Uint8Array | null = null;
  if (v.nulls !== null) {
    const vn = v.nulls;
    let any = 0;
    const out = new Uint8Array(count);
    for (let i = 0; i < count; i++) { const b = vn[sel[i]!]!; out[i] = b; any |= b; }
    if (any) nulls = out;
  }
  return { type: v.type, length: count, data, nulls };
}

/** A zero-copy view of rows [start, end) of a vector. */
export function sliceVector(v: Vector, start: number, end: number): Vector {
  if (start === 0 && end === v.length) return v;
  const data = v.type === 'numeric' ? sliceNumeric(v.data as NumericData, start, end) : Array.isArray(v.data)
    ? (v.data as unknown[]).slice(start, end) as VectorData
    : (v.data as Int32Array).subarray(start, end);
  return { type: v.type, length: end - start, data, nulls: v.nulls === null ? null : v.nulls.subarray(start, end) };
}
