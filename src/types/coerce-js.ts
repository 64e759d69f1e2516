/**
 * JS values at the API boundary: converts what applications pass (query parameters, objects
 * given to `insert`) into a SQL type's JS form, with PostgreSQL's input errors.
 */
import type { JsValue } from './vector.ts';
import type { DataType } from './data-type.ts';
import { datetimeSyntax, invalidSyntax, outOfRange } from './cast-errors.ts';
import { INT64_MAX, INT64_MIN, TWO_63, bigintToInt, doubleToReal } from './numeric.ts';
import { DATE_INFINITY, DATE_NEG_INFINITY, MS_PER_DAY, formatTimestamp } from './calendar.ts';
import { formatBytes } from './format-text.ts';
import { parseJsonText, parseValue } from './parse-text.ts';
import { castValue } from './cast-value.ts';
import { canonicalNumericText } from './numeric-value.ts';

function describe(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') {
    try { return JSON.stringify(value) ?? String(value); } catch { return String(value); }
  }
  return String(value);
}

function toBytes(value: unknown): Uint8Array | null {
  if (value instanceof Uint8Array) return value;
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  return null;
}

/**
 * Converts a plain JS value (query parameter, object passed to `insert`) to `to`'s JS form.
 * Accepts: numbers, bigints, strings (parsed as SQL text input; numeric values stay exact as
 * strings), booleans, `Date`
 * (timestamp/date), `Uint8Array`/`ArrayBuffer` (bytes), objects and arrays (json).
 * `null`/`undefined` → NULL. Dates given as numbers are days since the epoch; timestamps
 * given as numbers are epoch milliseconds. Errors: 22P02 bad input, 22003 out of range.
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
  if (typeof value === 'string' && to !== 'json') return parseValue(value, to);
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
      if (value instanceof Date) return formatTimestamp(value.getTime());
      {
        const b = toBytes(value);
        if (b !== null) return formatBytes(b);
      }
      if (typeof value === 'object') return JSON.stringify(value);
      break;
    case 'timestamp':
      if (value instanceof Date) {
        const t = value.getTime();
        if (Number.isNaN(t)) throw datetimeSyntax(to, 'Invalid Date');
        return t;
      }
      if (typeof value === 'number' && !Number.isNaN(value)) return value;
      if (typeof value === 'bigint') return Number(value);
      break;
    case 'date':
      if (value instanceof Date) {
        const t = value.getTime();
        if (Number.isNaN(t)) throw datetimeSyntax(to, 'Invalid Date');
        return Math.floor(t / MS_PER_DAY);
      }
      if (typeof value === 'number' && Number.isInteger(value) && value >= DATE_NEG_INFINITY && value <= DATE_INFINITY) return value;
      break;
    case 'json':
      if (typeof value === 'string') return parseJsonText(value);
      if (typeof value === 'bigint') return String(value);
      if (typeof value === 'number') return Number.isFinite(value) ? String(value) : JSON.stringify(String(value));
      {
        const b = toBytes(value);
        if (b !== null) return JSON.stringify(formatBytes(b));
      }
      if (typeof value === 'boolean' || typeof value === 'object') {
        let s: string | undefined;
        try { s = JSON.stringify(value, (_k, x: unknown) => (typeof x === 'bigint' ? Number(x) : x)); } catch { s = undefined; }
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
