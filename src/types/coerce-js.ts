/**
 * JS values at the API boundary: converts what applications pass (query parameters, objects
 * given to `insert`) into a SQL type's JS form, with PostgreSQL's input errors.
 */
import type { JsValue } from './vector.ts';
import { typeName, type DataType } from './data-type.ts';
import { DbError } from '../errors/db-error.ts';
import { SqlState } from '../errors/sqlstate.ts';
import { badCharIndex } from './text-encoding.ts';
import { datetimeSyntax, invalidSyntax, outOfRange } from './cast-errors.ts';
import { INT64_MAX, INT64_MIN, TWO_63, bigintToInt, doubleToReal } from './numeric.ts';
import { DATE_END_DAY, DATE_FIRST_DAY, DATE_INFINITY, DATE_NEG_INFINITY, MS_PER_DAY, TIMESTAMP_END_MS, TIMESTAMP_FIRST_MS, formatTimestamp } from './calendar.ts';
import { formatBytes } from './format-text.ts';
import { parseJsonText, parseValue } from './parse-text.ts';
import { castValue } from './cast-value.ts';
import { canonicalNumericText } from './numeric-value.ts';

/** A short text form of a value for error messages (never throws). */
function describe(value: unknown): string {
  try {
    if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
    const b = toBytes(value);
    if (b !== null) return formatBytes(b.length > 64 ? b.subarray(0, 64) : b);
    const s = typeof value === 'object' ? jsonText(value) ?? String(value) : String(value);
    return s.length > 200 ? `${s.slice(0, 200)}…` : s;
  } catch {
    return typeof value;
  }
}

function toBytes(value: unknown): Uint8Array | null {
  if (value instanceof Uint8Array) return value;
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  return null;
}

/** JSON text of an object or array (bigints as numbers, `toJSON` honoured); undefined when it has none. */
function jsonText(value: unknown): string | undefined {
  return JSON.stringify(value, (_k, x: unknown) => (typeof x === 'bigint' ? Number(x) : x)) as string | undefined;
}

/** 22023 for a JavaScript value no SQL type can hold. */
function unsupported(what: string, hint?: string): DbError {
  return new DbError(SqlState.INVALID_PARAMETER_VALUE, `unsupported parameter value: ${what}`, hint === undefined ? undefined : { hint });
}

/**
 * The value to convert: boxed primitives unwrapped; values that are not data (functions,
 * symbols, promises, collections, regular expressions, errors) rejected with 22023.
 */
function plainValue(value: unknown): unknown {
  switch (typeof value) {
    case 'function': throw unsupported('a function', 'Pass the value it computes.');
    case 'symbol': throw unsupported('a symbol');
    case 'object': break;
    default: return value;
  }
  const o = value as object;
  if (o instanceof String || o instanceof Number || o instanceof Boolean || o instanceof BigInt) return o.valueOf();
  if (o instanceof Promise || typeof (o as { then?: unknown }).then === 'function') {
    throw unsupported('a promise', 'Await it and pass its value.');
  }
  if (o instanceof Map || o instanceof Set || o instanceof WeakMap || o instanceof WeakSet) {
    throw unsupported(`a ${o.constructor.name}`, 'Pass an array or a plain object (it becomes JSON).');
  }
  if (o instanceof RegExp) throw unsupported('a regular expression', 'Pass its pattern as text (its `.source`).');
  if (o instanceof Error) throw unsupported('an Error');
  return o;
}

/** 22021 when a string holds NUL or a lone surrogate (PostgreSQL's UTF-8 text cannot). */
function checkText(s: string): string {
  const bad = badCharIndex(s);
  if (bad !== -1) {
    const c = s.charCodeAt(bad);
    throw new DbError(SqlState.CHARACTER_NOT_IN_REPERTOIRE, `invalid byte sequence for encoding "UTF8": 0x${c.toString(16).padStart(2, '0')}`);
  }
  return s;
}

/** A timestamp in epoch ms, checked against PostgreSQL's range (±Infinity are the infinite timestamps). */
function checkTimestamp(ms: number, to: DataType, shown: () => string): number {
  if (Number.isNaN(ms)) throw datetimeSyntax(to, shown());
  if (Number.isFinite(ms) && (ms < TIMESTAMP_FIRST_MS || ms >= TIMESTAMP_END_MS)) {
    throw new DbError(SqlState.DATETIME_FIELD_OVERFLOW, `${to === 'date' ? 'date' : 'timestamp'} out of range: "${shown()}"`);
  }
  return ms;
}

/**
 * Converts a plain JS value (query parameter, object passed to `insert`) to `to`'s JS form.
 * Accepts: numbers, bigints, strings (parsed as SQL text input; numeric values stay exact as
 * strings), booleans, `Date`
 * (timestamp/date), `Uint8Array`/`ArrayBuffer` (bytes), objects and arrays (json).
 * `null`/`undefined` → NULL. Dates given as numbers are days since the epoch; timestamps
 * given as numbers are epoch milliseconds. Boxed primitives count as their value. Errors: 22P02
 * bad input, 22003 out of range, 22007 an invalid `Date`, 22008 a date or timestamp outside
 * PostgreSQL's range, 22021 text holding NUL or a lone surrogate, 22023 a value that is not
 * data (function, symbol, promise, `Map`/`Set`, `RegExp`, `Error`) or whose conversion throws
 * (a cyclic object, a throwing `toJSON`). Never anything but a `DbError`.
 *
 * @example
 * ```ts
 * coerceJsValue(42, 'bigint');               // 42n
 * coerceJsValue(0.1, 'numeric');             // '0.1'
 * coerceJsValue('7', 'integer');             // 7
 * coerceJsValue({ a: 1 }, 'json');           // '{"a":1}'
 * coerceJsValue(new Date(0), 'timestamp');   // 0
 * coerceJsValue(1.5, 'integer');             // throws 22P02
 * ```
 */
export function coerceJsValue(value: unknown, to: DataType): JsValue {
  if (value === null || value === undefined) return null;
  try {
    return coerce(plainValue(value), to);
  } catch (e) {
    if (e instanceof DbError) throw e;
    // a caller's object whose toJSON/toString/getters throw, a cyclic object, a revoked proxy …
    let msg = 'the conversion failed';
    try { if (e instanceof Error) msg = String(e.message).split('\n', 1)[0]!; } catch { /* keep the default */ }
    throw new DbError(SqlState.INVALID_PARAMETER_VALUE, `invalid parameter value for type ${typeName(to)}: ${msg}`);
  }
}

function coerce(value: unknown, to: DataType): JsValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return to === 'json' ? parseJsonText(checkText(value)) : parseValue(checkText(value), to);
  if (value instanceof Date && Number.isNaN(value.getTime())) throw datetimeSyntax(to === 'date' ? 'date' : 'timestamp', 'Invalid Date');
  switch (to) {
    case 'null': return null;
    case 'boolean':
      if (typeof value === 'boolean') return value;
      if (typeof value === 'number' && (value === 0 || value === 1)) return value === 1;
      if (typeof value === 'bigint' && (value === 0n || value === 1n)) return value === 1n;
      break;
    case 'smallint': case 'integer': case 'bigint':
      if (typeof value === 'number') {
        if (!Number.isInteger(value)) {
          if (Number.isNaN(value) || Number.isFinite(value)) throw invalidSyntax(to, String(value));
          throw outOfRange(to);
        }
        if (to === 'bigint') {
          if (!(value >= -TWO_63 && value < TWO_63)) throw outOfRange('bigint');
          return BigInt(value);
        }
        return castValue(value, 'double', to);
      }
      if (typeof value === 'bigint') {
        if (to === 'bigint') {
          if (value < INT64_MIN || value > INT64_MAX) throw outOfRange('bigint');
          return value;
        }
        return bigintToInt(value, to);
      }
      if (typeof value === 'boolean') return to === 'bigint' ? (value ? 1n : 0n) : (value ? 1 : 0);
      break;
    case 'numeric':
      // a JS number converts through its shortest text (0.1 → '0.1'), as node-postgres sends it
      if (typeof value === 'number' || typeof value === 'bigint') return canonicalNumericText(String(value));
      break;
    case 'real': case 'double':
      if (typeof value === 'number') return to === 'real' ? doubleToReal(value) : value;
      if (typeof value === 'bigint') return to === 'real' ? Math.fround(Number(value)) : Number(value);
      break;
    case 'text':
      if (typeof value === 'number' || typeof value === 'bigint') return String(value);
      if (typeof value === 'boolean') return value ? 'true' : 'false';
      if (value instanceof Date) return formatTimestamp(checkTimestamp(value.getTime(), 'timestamp', () => describe(value)));
      {
        const b = toBytes(value);
        if (b !== null) return formatBytes(b);
      }
      if (typeof value === 'object') {
        const s = jsonText(value);
        if (s !== undefined) return s;
      }
      break;
    case 'timestamp':
      if (value instanceof Date) return checkTimestamp(value.getTime(), to, () => describe(value));
      if (typeof value === 'number') return checkTimestamp(value, to, () => String(value));
      if (typeof value === 'bigint') return checkTimestamp(Number(value), to, () => String(value));
      break;
    case 'date':
      if (value instanceof Date) return Math.floor(checkTimestamp(value.getTime(), to, () => describe(value)) / MS_PER_DAY);
      if (typeof value === 'number' && (value === DATE_NEG_INFINITY || value === DATE_INFINITY)) return value;
      if (typeof value === 'number' && Number.isInteger(value)) {
        if (value < DATE_FIRST_DAY || value >= DATE_END_DAY) throw new DbError(SqlState.DATETIME_FIELD_OVERFLOW, 'date out of range');
        return value;
      }
      break;
    case 'json':
      if (typeof value === 'bigint') return String(value);
      if (typeof value === 'number') return Number.isFinite(value) ? String(value) : JSON.stringify(String(value));
      {
        const b = toBytes(value);
        if (b !== null) return JSON.stringify(formatBytes(b));
      }
      if (typeof value === 'boolean' || typeof value === 'object') {
        const s = jsonText(value);
        if (s !== undefined) return s;
      }
      break;
    case 'bytes': {
      const b = toBytes(value);
      if (b !== null) return b;
      break;
    }
    case 'uuid':
      break;
  }
  throw invalidSyntax(to, describe(value));
}
