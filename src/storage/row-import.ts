/**
 * Bulk inserts of plain JS values: the key check of row objects (`table(name).insert(rows)`; their
 * columns are read in `row-columns.ts`), and columns given as arrays (`insert({ col: [...] })`,
 * Arrow columns): straight into the typed array of the column's type, with the general coercion
 * (`coerceJsValue`) only for values that are not already of the natural JS type.
 */
import { DbError } from '../errors/db-error.ts';
import { SqlState } from '../errors/sqlstate.ts';
import { coerceJsValue } from '../types/coerce-js.ts';
import type { DataType } from '../types/data-type.ts';
import { allocData, vectorFromValues, type JsValue, type Vector } from '../types/vector.ts';

/** Checks that every row is an object whose keys are all known column names. */
export function checkRowKeys(rows: readonly unknown[], known: ReadonlySet<string>, table: string): void {
  let order: string[] | null = null;
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    if (r === null || typeof r !== 'object') throw new DbError(SqlState.INVALID_PARAMETER_VALUE, `row ${i + 1} is not an object`);
    if (order === null) {
      order = [];
      for (const k in r) order.push(k);
    }
    // objects of one shape list their keys in the same order: compare by identity first
    let j = 0;
    for (const k in r) {
      if (k !== order[j] && !known.has(k)) {
        throw new DbError(SqlState.UNDEFINED_COLUMN, `column "${k}" of relation "${table}" does not exist`, { detail: `Row ${i + 1} has it.` });
      }
      j++;
    }
  }
  if (order !== null) for (const k of order) if (!known.has(k)) throw new DbError(SqlState.UNDEFINED_COLUMN, `column "${k}" of relation "${table}" does not exist`);
}

/** A typed array's element view, or null for plain arrays. */
function typedKind(values: ArrayLike<unknown>): string | null {
  return ArrayBuffer.isView(values) ? Object.prototype.toString.call(values).slice(8, -1) : null;
}

/** A typed array the storage may keep as is: fresh (not a view into a larger buffer) and of exactly the column's element type. */
function ownable<T extends { readonly byteLength: number; readonly buffer: ArrayBufferLike }>(a: T): boolean {
  return a.byteLength === a.buffer.byteLength && a.buffer instanceof ArrayBuffer;
}

/**
 * Builds one column's vector from an array of values (`table.insert({ col: [...] })`, or an
 * Arrow column's values): typed arrays of the column's own type are taken without a copy when
 * they own their buffer, other numeric typed arrays are converted in one pass, plain arrays are
 * read like `columnFromObjects` reads properties. `undefined` takes the column's default.
 */
export function columnFromValues(values: ArrayLike<unknown>, n: number, type: DataType, dflt: () => JsValue): Vector {
  if (values.length !== n) {
    throw new DbError(SqlState.INVALID_PARAMETER_VALUE, `every column must have ${n} values, one has ${values.length}`);
  }
  if (type === 'numeric') {
    // as columnFromObjects: numbers by their shortest text, strings exact, parsed once
    const texts = new Array<JsValue>(n);
    for (let i = 0; i < n; i++) {
      const v = values[i];
      texts[i] = v === undefined ? dflt() : typeof v === 'number' && Number.isFinite(v) ? String(v) : coerceJsValue(v, type);
    }
    return vectorFromValues(type, texts);
  }
  const kind = typedKind(values);
  if (kind !== null && kind !== 'DataView') {
    const numeric = kind !== 'BigInt64Array' && kind !== 'BigUint64Array';
    if ((type === 'integer' || type === 'date') && kind === 'Int32Array') {
      const a = values as Int32Array;
      return { type, length: n, data: ownable(a) ? a : a.slice(), nulls: null };
    }
    if ((type === 'double' || type === 'timestamp') && kind === 'Float64Array') {
      const a = values as Float64Array;
      return { type, length: n, data: ownable(a) ? a : a.slice(), nulls: null };
    }
    if (type === 'bigint' && kind === 'BigInt64Array') {
      const a = values as BigInt64Array;
      return { type, length: n, data: ownable(a) ? a : a.slice(), nulls: null };
    }
    if (numeric && (type === 'double' || type === 'real' || type === 'timestamp')) {
      const d = new Float64Array(n);
      const src = values as ArrayLike<number>;
      for (let i = 0; i < n; i++) d[i] = type === 'real' ? Math.fround(src[i]!) : src[i]!;
      return { type, length: n, data: d, nulls: null };
    }
  }
  const data = allocData(type, n);
  let nulls: Uint8Array | null = null;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    const x = v === undefined ? dflt() : v === null ? null : coerceFast(v, type);
    if (x === null) (nulls ??= new Uint8Array(n))[i] = 1;
    else if (type === 'boolean') (data as Uint8Array)[i] = x ? 1 : 0;
    else (data as unknown as JsValue[])[i] = x;
  }
  return { type, length: n, data, nulls };
}

/** A value already of the column's natural JS type passes; anything else goes through `coerceJsValue`. */
function coerceFast(v: unknown, type: DataType): JsValue {
  switch (type) {
    case 'integer':
      if (typeof v === 'number' && (v | 0) === v) return v;
      break;
    case 'double':
      if (typeof v === 'number') return v;
      break;
    case 'text':
      if (typeof v === 'string') return v;
      break;
    case 'bigint':
      if (typeof v === 'bigint' && v === BigInt.asIntN(64, v)) return v;
      break;
    default:
      break;
  }
  return coerceJsValue(v, type);
}
