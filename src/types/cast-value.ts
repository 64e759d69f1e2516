/**
 * Casts one value between InkDB's SQL types (`castValue`): the reference semantics of CAST,
 * used for constants, parameters and DEFAULTs, and by the vector kernels for rare type pairs
 * (`exec/kernels/cast.ts`; both levels must agree, see `cast.test.ts`).
 *
 * JS forms of values (the {@link JsValue} of each type): boolean → boolean; smallint, integer,
 * real, double → number; bigint → bigint; numeric → its PostgreSQL text (`'1.50'`, `'NaN'`);
 * text, json, uuid → string; timestamp → epoch
 * milliseconds (number, microseconds as fraction); date → days since 1970-01-01 (number);
 * bytes → Uint8Array. ±Infinity timestamps and dates ±2147483647/-2147483648 are
 * PostgreSQL's `infinity` / `-infinity`.
 */
import { DbError } from '../errors/db-error.ts';
import { SqlState } from '../errors/sqlstate.ts';
import type { JsValue } from './vector.ts';
import { isNumericType, typeName } from './data-type.ts';
import type { DataType } from './data-type.ts';
import { canCast } from './cast-rules.ts';
import { cannotCast, outOfRange } from './cast-errors.ts';
import { INT16_MAX, INT16_MIN, bigintToInt, doubleToBigint, doubleToInt, doubleToReal } from './numeric.ts';
import { dateToTimestamp, timestampToDate } from './calendar.ts';
import { formatValue } from './format-text.ts';
import { parseBigintText, parseValue } from './parse-text.ts';
import {
  canonicalNumericText, formatNumeric, numericFromDouble, numericToDouble, numericToInteger, parseNumeric,
} from './numeric-value.ts';

function jsonKind(x: unknown): string {
  if (x === null) return 'null';
  if (Array.isArray(x)) return 'array';
  if (typeof x === 'object') return 'object';
  if (typeof x === 'number') return 'numeric';
  return typeof x;
}

/** jsonb-style scalar cast: `'1'::json::int`, `'true'::json::boolean`. */
function castJsonScalar(text: string, to: DataType): JsValue {
  let x: unknown;
  try { x = JSON.parse(text); } catch { throw new DbError(SqlState.INVALID_TEXT_REPRESENTATION, 'invalid input syntax for type json'); }
  if (to === 'boolean' && typeof x === 'boolean') return x;
  if (isNumericType(to) && typeof x === 'number') {
    if (to === 'numeric') return canonicalNumericText(text);
    if (to === 'bigint') {
      const t = text.trim();
      return /^-?\d+$/.test(t) ? parseBigintText(t) : doubleToBigint(x);
    }
    return castValue(x, 'double', to);
  }
  throw new DbError(SqlState.INVALID_PARAMETER_VALUE, `cannot cast jsonb ${jsonKind(x)} to type ${typeName(to)}`);
}

/** numeric (text form) → another numeric type: integers round half away from zero (22003 out of range, 0A000 for NaN/Infinity). */
function castNumericValue(text: string, to: DataType): JsValue {
  const v = parseNumeric(text);
  switch (to) {
    case 'smallint': case 'integer': {
      const i = numericToInteger(v, to);
      return bigintToInt(i, to);
    }
    case 'bigint': {
      const i = numericToInteger(v, 'bigint');
      if (i < -(2n ** 63n) || i >= 2n ** 63n) throw outOfRange('bigint');
      return i;
    }
    case 'double': {
      const x = numericToDouble(v);
      if (!Number.isFinite(x) && v.special === 0) throw outOfRange('double');
      return x;
    }
    case 'real': {
      const x = numericToDouble(v);
      if (!Number.isFinite(x) && v.special === 0) throw outOfRange('real');
      return v.special === 0 ? doubleToReal(x) : x;
    }
    default: throw cannotCast('numeric', to);
  }
}

/**
 * Casts one non-null value (in `from`'s JS form) to `to`'s JS form with PostgreSQL semantics.
 * NULL stays NULL. Not castable pairs fail with 42846 `cannot cast type boolean to date`.
 *
 * @example
 * ```ts
 * castValue(2.5, 'double', 'integer');  // 2 (ties to even, like PostgreSQL)
 * castValue('t', 'text', 'boolean');    // true
 * castValue(3000000000n, 'bigint', 'integer'); // throws 22003 integer out of range
 * ```
 */
export function castValue(value: JsValue, from: DataType, to: DataType): JsValue {
  if (value === null || from === 'null') {
    if (!canCast(from, to)) throw cannotCast(from, to);
    return null;
  }
  if (from === to) return value;
  if (to === 'null') throw cannotCast(from, to);
  if (to === 'text') return formatValue(value, from);
  if (from === 'text') return parseValue(value as string, to);
  switch (from) {
    case 'smallint': case 'integer': {
      const x = value as number;
      switch (to) {
        case 'smallint': if (x < INT16_MIN || x > INT16_MAX) throw outOfRange('smallint'); return x;
        case 'integer': return x;
        case 'bigint': return BigInt(x);
        case 'numeric': return String(x);
        case 'real': return Math.fround(x);
        case 'double': return x;
        case 'boolean': return x !== 0;
        default: break;
      }
      break;
    }
    case 'bigint': {
      const x = value as bigint;
      switch (to) {
        case 'smallint': case 'integer': return bigintToInt(x, to);
        case 'numeric': return String(x);
        case 'real': return Math.fround(Number(x));
        case 'double': return Number(x);
        case 'boolean': return x !== 0n;
        default: break;
      }
      break;
    }
    case 'real': case 'double': {
      const x = value as number;
      switch (to) {
        case 'smallint': case 'integer': return doubleToInt(x, to);
        case 'bigint': return doubleToBigint(x);
        case 'numeric': return formatNumeric(numericFromDouble(x, from === 'real' ? 6 : 15));
        case 'real': return doubleToReal(x);
        case 'double': return x;
        default: break;
      }
      break;
    }
    case 'numeric': return castNumericValue(value as string, to);
    case 'boolean':
      if (to === 'smallint' || to === 'integer') return value ? 1 : 0;
      if (to === 'bigint') return value ? 1n : 0n;
      break;
    case 'date':
      if (to === 'timestamp') return dateToTimestamp(value as number);
      break;
    case 'timestamp':
      if (to === 'date') return timestampToDate(value as number);
      break;
    case 'json':
      if (to === 'boolean' || isNumericType(to)) return castJsonScalar(value as string, to);
      break;
    default:
      break;
  }
  throw cannotCast(from, to);
}
