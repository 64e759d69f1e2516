/**
 * Column builders for bulk inserts of plain JS objects (`table(name).insert(rows)`): one pass per
 * column straight into the typed array of the column's type, with the general coercion
 * (`coerceJsValue`) only for values that are not already of the natural JS type.
 */
import { DbError } from '../errors/db-error.ts';
import { SqlState } from '../errors/sqlstate.ts';
import { coerceJsValue } from '../types/coerce-js.ts';
import type { DataType } from '../types/data-type.ts';
import { badCharIndex } from '../types/text-encoding.ts';
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

/** Builds one column's vector from the `name` property of every row. */
/** `dflt` gives the value for a missing property (called per missing value, so volatile defaults differ per row). */
export function columnFromObjects(rows: readonly Record<string, unknown>[], name: string, type: DataType, dflt: () => JsValue): Vector {
  const n = rows.length;
  if (type === 'numeric') {
    // numbers, bigints and strings convert to numeric text (exact for strings), parsed once below
    const texts = new Array<JsValue>(n);
    for (let i = 0; i < n; i++) {
      const v = rows[i]![name];
      // a number's shortest text is the decimal the application meant (0.1 → '0.1'); plain
      // decimals are read without a BigInt (numericFromTexts), so no per-value coercion here
      texts[i] = v === undefined ? dflt() : typeof v === 'number' && Number.isFinite(v) ? String(v) : coerceJsValue(v, type);
    }
    return vectorFromValues(type, texts);
  }
  const data = allocData(type, n);
  let nulls: Uint8Array | null = null;
  const setNull = (i: number) => { (nulls ??= new Uint8Array(n))[i] = 1; };
  const slow = (i: number, v: unknown) => {
    const x = v === undefined ? dflt() : coerceJsValue(v, type);
    if (x === null) setNull(i);
    else if (type === 'boolean') (data as Uint8Array)[i] = x ? 1 : 0;
    else (data as unknown as JsValue[])[i] = x;
  };
  switch (type) {
    case 'integer': case 'smallint': {
      const d = data as Int32Array;
      const lo = type === 'smallint' ? -32768 : -2147483648, hi = type === 'smallint' ? 32767 : 2147483647;
      for (let i = 0; i < n; i++) {
        const v = rows[i]![name];
        if (typeof v === 'number' && Math.trunc(v) === v && v >= lo && v <= hi) d[i] = v;
        else if (v === null) setNull(i);
        else slow(i, v);
      }
      break;
    }
    case 'double': case 'real': {
      const d = data as Float64Array;
      for (let i = 0; i < n; i++) {
        const v = rows[i]![name];
        if (typeof v === 'number') d[i] = type === 'real' ? Math.fround(v) : v;
        else if (v === null) setNull(i);
        else slow(i, v);
      }
      break;
    }
    case 'text': {
      const d = data as string[];
      for (let i = 0; i < n; i++) {
        const v = rows[i]![name];
        // NUL and lone surrogates fail in the slow path (22021), as in parameters
        if (typeof v === 'string' && badCharIndex(v) === -1) d[i] = v;
        else if (v === null) setNull(i);
        else slow(i, v);
      }
      break;
    }
    case 'bigint': {
      const d = data as BigInt64Array;
      for (let i = 0; i < n; i++) {
        const v = rows[i]![name];
        if (typeof v === 'bigint' && v === BigInt.asIntN(64, v)) d[i] = v;
        else if (v === null) setNull(i);
        else slow(i, v);
      }
      break;
    }
    case 'boolean': {
      const d = data as Uint8Array;
      for (let i = 0; i < n; i++) {
        const v = rows[i]![name];
        if (typeof v === 'boolean') d[i] = v ? 1 : 0;
        else if (v === null) setNull(i);
        else slow(i, v);
      }
      break;
    }
    default:
      for (let i = 0; i < n; i++) {
        const v = rows[i]![name];
        if (v === null) setNull(i); else slow(i, v);
      }
  }
  return { type, length: n, data, nulls };
}
