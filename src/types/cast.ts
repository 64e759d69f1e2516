/**
 * Casts between InkDB's SQL types, text input (`parseValue`) and text output (`formatValue`),
 * following PostgreSQL's rules and error wording. Two levels:
 *
 * - value level (`castValue`, `parseValue`, `formatValue`, `coerceJsValue`) — the reference
 *   semantics, used for constants, parameters and bulk inserts;
 * - vector level (`castVector`) — picks one loop per (from, to) pair per call and runs it over
 *   the typed arrays and the selection vector. Hot pairs (numeric ↔ numeric, text ↔ numbers,
 *   date ↔ timestamp, relabels between string types) have dedicated loops; the rest run the
 *   value-level cast per selected row. Both levels must agree (see `cast.test.ts`).
 *
 * JS forms of values (the {@link JsValue} of each type): boolean → boolean; smallint, integer,
 * real, double → number; bigint → bigint; text, json, uuid → string; timestamp → epoch
 * milliseconds (number, microseconds as fraction); date → days since 1970-01-01 (number);
 * bytes → Uint8Array. ±Infinity timestamps and dates ±2147483647/-2147483648 are
 * PostgreSQL's `infinity` / `-infinity`.
 */
import { DbError } from '../errors/db-error.ts';
import { SqlState } from '../errors/sqlstate.ts';
import { allocData, nullVector } from './vector.ts';
import type { JsValue, Selection, Vector, VectorData } from './vector.ts';
import { isIntegerType, isNumericType, typeName } from './data-type.ts';
import type { DataType } from './data-type.ts';

// ───────────────────────────── type relations ─────────────────────────────

/** Rank of numeric types for widening: smallint < integer < bigint < real < double. */
function numericRank(t: DataType): number {
  switch (t) {
    case 'smallint': return 1;
    case 'integer': return 2;
    case 'bigint': return 3;
    case 'real': return 4;
    case 'double': return 5;
    default: return 0;
  }
}

function isTextLike(t: DataType): boolean {
  return t === 'text' || t === 'json' || t === 'uuid';
}

/**
 * True when an explicit `CAST(x AS to)` from `from` exists (PostgreSQL's explicit casts plus
 * I/O conversion: every type casts to and from text).
 *
 * @example
 * ```ts
 * canCast('boolean', 'integer'); // true
 * canCast('boolean', 'date');    // false → CAST fails with 42846
 * ```
 */
export function canCast(from: DataType, to: DataType): boolean {
  if (from === to || from === 'null') return true;
  if (to === 'null') return false;
  if (to === 'text' || from === 'text') return true;
  if (isNumericType(from) && isNumericType(to)) return true;
  if (from === 'boolean' && isIntegerType(to)) return true;
  if (isIntegerType(from) && to === 'boolean') return true;
  if ((from === 'date' && to === 'timestamp') || (from === 'timestamp' && to === 'date')) return true;
  // jsonb-style scalar casts: '1'::json::int, 'true'::json::boolean.
  if (from === 'json' && (to === 'boolean' || isNumericType(to))) return true;
  return false;
}

/**
 * True when a value of `from` may be converted to `to` without an explicit CAST (operators,
 * function arguments, UNION branches): NULL to anything, numeric widening
 * (smallint → integer → bigint → real → double), date → timestamp, json/uuid → text.
 * Untyped string literals are the binder's business (they adopt the other side's type).
 *
 * @example
 * ```ts
 * implicitCastAllowed('integer', 'double'); // true
 * implicitCastAllowed('double', 'integer'); // false
 * ```
 */
export function implicitCastAllowed(from: DataType, to: DataType): boolean {
  if (from === to || from === 'null') return true;
  const rf = numericRank(from);
  const rt = numericRank(to);
  if (rf > 0 && rt > 0) return rf <= rt;
  if (from === 'date' && to === 'timestamp') return true;
  if ((from === 'json' || from === 'uuid') && to === 'text') return true;
  return false;
}

/**
 * The type two values are converted to when combined (CASE branches, UNION columns,
 * comparison operands, greatest/least), PostgreSQL-like: NULL adopts the other type; numeric
 * types widen (smallint < integer < bigint < real < double); text with json/uuid → text;
 * date with timestamp → timestamp; anything else has no common type (null → 42804 upstream).
 *
 * @example
 * ```ts
 * commonSupertype('integer', 'double'); // 'double'
 * commonSupertype('text', 'integer');   // null
 * ```
 */
export function commonSupertype(a: DataType, b: DataType): DataType | null {
  if (a === b) return a;
  if (a === 'null') return b;
  if (b === 'null') return a;
  const ra = numericRank(a);
  const rb = numericRank(b);
  if (ra > 0 && rb > 0) return ra >= rb ? a : b;
  if (isTextLike(a) && isTextLike(b)) return 'text';
  if ((a === 'date' && b === 'timestamp') || (a === 'timestamp' && b === 'date')) return 'timestamp';
  return null;
}

// ───────────────────────────── errors ─────────────────────────────

function cannotCast(from: DataType, to: DataType): DbError {
  return new DbError(SqlState.CANNOT_COERCE, `cannot cast type ${typeName(from)} to ${typeName(to)}`);
}

function invalidSyntax(to: DataType, text: string): DbError {
  return new DbError(SqlState.INVALID_TEXT_REPRESENTATION, `invalid input syntax for type ${typeName(to)}: "${text}"`);
}

function outOfRange(to: DataType): DbError {
  return new DbError(SqlState.NUMERIC_VALUE_OUT_OF_RANGE, `${typeName(to)} out of range`);
}

function textOutOfRange(to: DataType, text: string): DbError {
  // PostgreSQL: value "99999999999" is out of range for type integer
  //             "1e400" is out of range for type double precision
  const msg = isIntegerType(to)
    ? `value "${text}" is out of range for type ${typeName(to)}`
    : `"${text}" is out of range for type ${typeName(to)}`;
  return new DbError(SqlState.NUMERIC_VALUE_OUT_OF_RANGE, msg);
}

function datetimeSyntax(to: DataType, text: string): DbError {
  return new DbError(SqlState.INVALID_DATETIME_FORMAT, `invalid input syntax for type ${typeName(to)}: "${text}"`);
}

function datetimeFieldOverflow(text: string): DbError {
  return new DbError(SqlState.DATETIME_FIELD_OVERFLOW, `date/time field value out of range: "${text}"`);
}

// ───────────────────────────── numbers ─────────────────────────────

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;
const INT16_MIN = -32768;
const INT16_MAX = 32767;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const TWO_63 = 9223372036854775808; // 2^63 as a double

/**
 * Rounds to the nearest integer, ties to even (C's `rint`, what PostgreSQL uses for
 * float → integer casts: `2.5::float8::int` = 2, `3.5` → 4).
 */
export function rint(x: number): number {
  let r = Math.round(x); // ties toward +Infinity
  if (r - x === 0.5 && r % 2 !== 0) r -= 1;
  return r;
}

/** double/real → smallint|integer with PostgreSQL's rounding and range check. */
function doubleToInt(x: number, to: DataType): number {
  const r = rint(x);
  if (to === 'smallint') {
    if (!(r >= INT16_MIN && r <= INT16_MAX)) throw outOfRange('smallint');
  } else if (!(r >= INT32_MIN && r <= INT32_MAX)) {
    throw outOfRange('integer');
  }
  return r;
}

function doubleToBigint(x: number): bigint {
  const r = rint(x);
  if (!(r >= -TWO_63 && r < TWO_63)) throw outOfRange('bigint');
  return BigInt(r);
}

function bigintToInt(x: bigint, to: DataType): number {
  if (to === 'smallint') {
    if (x < -32768n || x > 32767n) throw outOfRange('smallint');
  } else if (x < -2147483648n || x > 2147483647n) {
    throw outOfRange('integer');
  }
  return Number(x);
}

/** double → real: rounds to float32, failing like PostgreSQL on overflow/underflow. */
function doubleToReal(x: number): number {
  const f = Math.fround(x);
  if (!Number.isFinite(f) && Number.isFinite(x)) {
    throw new DbError(SqlState.NUMERIC_VALUE_OUT_OF_RANGE, 'value out of range: overflow');
  }
  if (f === 0 && x !== 0) {
    throw new DbError(SqlState.NUMERIC_VALUE_OUT_OF_RANGE, 'value out of range: underflow');
  }
  return f;
}

const INT_RE = /^[+-]?(?:\d+(?:_\d+)*|0[xX][0-9a-fA-F]+(?:_[0-9a-fA-F]+)*|0[oO][0-7]+(?:_[0-7]+)*|0[bB][01]+(?:_[01]+)*)$/;

/** Parses PostgreSQL integer input (trimmed; decimal, `0x`/`0o`/`0b`, `_` separators) to a bigint. */
function parseIntegerText(text: string, to: DataType): bigint {
  const s = text.trim();
  if (!INT_RE.test(s)) throw invalidSyntax(to, text);
  let neg = false;
  let body = s;
  if (body[0] === '-' || body[0] === '+') { neg = body[0] === '-'; body = body.slice(1); }
  if (body.indexOf('_') >= 0) body = body.replaceAll('_', '');
  const v = BigInt(body); // BigInt accepts 0x / 0o / 0b prefixes
  return neg ? -v : v;
}

/** Fast path for short plain decimal integers (no BigInt). */
function parseInt32Text(text: string, to: DataType): number {
  const s = text.length > 0 && (text.charCodeAt(0) <= 32 || text.charCodeAt(text.length - 1) <= 32) ? text.trim() : text;
  const len = s.length;
  if (len > 0 && len <= 10) {
    let i = 0;
    let neg = false;
    const c0 = s.charCodeAt(0);
    if (c0 === 45 /* - */ || c0 === 43 /* + */) { neg = c0 === 45; i = 1; }
    if (i < len) {
      let v = 0;
      for (; i < len; i++) {
        const c = s.charCodeAt(i) - 48;
        if (c < 0 || c > 9) break;
        v = v * 10 + c;
      }
      if (i === len) {
        if (neg) v = -v;
        if (to === 'smallint' ? (v < INT16_MIN || v > INT16_MAX) : (v < INT32_MIN || v > INT32_MAX)) {
          throw textOutOfRange(to, text);
        }
        return v;
      }
    }
  }
  const b = parseIntegerText(text, to);
  if (to === 'smallint' ? (b < -32768n || b > 32767n) : (b < -2147483648n || b > 2147483647n)) {
    throw textOutOfRange(to, text);
  }
  return Number(b);
}

function parseBigintText(text: string): bigint {
  const b = parseIntegerText(text, 'bigint');
  if (b < INT64_MIN || b > INT64_MAX) throw textOutOfRange('bigint', text);
  return b;
}

const FLOAT_RE = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Parses PostgreSQL float input: decimal/exponent forms, NaN, [+-]Infinity/inf (case-insensitive). */
function parseDoubleText(text: string, to: DataType): number {
  const s = text.trim();
  if (FLOAT_RE.test(s)) {
    const x = Number(s);
    if (to === 'real') {
      const f = Math.fround(x);
      if (!Number.isFinite(f) || (f === 0 && x !== 0 && !/^[+-]?[0.]*(?:[eE]|$)/.test(s))) throw textOutOfRange(to, text);
      return f;
    }
    if (!Number.isFinite(x)) throw textOutOfRange(to, text);
    if (x === 0 && !/^[+-]?[0.]*(?:[eE]|$)/.test(s)) throw textOutOfRange(to, text);
    return x;
  }
  switch (s.toLowerCase()) {
    case 'nan': case '+nan': case '-nan': return NaN;
    case 'infinity': case '+infinity': case 'inf': case '+inf': return Infinity;
    case '-infinity': case '-inf': return -Infinity;
    default: throw invalidSyntax(to, text);
  }
}

/** PostgreSQL's shortest-exact float output: fixed notation when -4 <= exp < maxExp, else d.ddde±XX. */
function pgFloatText(expForm: string, maxExp: number): string {
  // expForm is Number.prototype.toExponential() output: "-1.2345e+15"
  const ei = expForm.indexOf('e');
  let mant = expForm.slice(0, ei);
  const exp = Number(expForm.slice(ei + 1));
  let sign = '';
  if (mant[0] === '-') { sign = '-'; mant = mant.slice(1); }
  const digits = mant.length > 1 ? mant[0]! + mant.slice(2) : mant;
  if (exp >= -4 && exp < maxExp) {
    if (exp < 0) return sign + '0.' + '0'.repeat(-exp - 1) + digits;
    if (digits.length <= exp + 1) return sign + digits + '0'.repeat(exp + 1 - digits.length);
    return sign + digits.slice(0, exp + 1) + '.' + digits.slice(exp + 1);
  }
  const e = Math.abs(exp);
  return sign + digits[0]! + (digits.length > 1 ? '.' + digits.slice(1) : '') + (exp < 0 ? 'e-' : 'e+') + (e < 10 ? '0' + e : String(e));
}

function formatSpecialFloat(x: number): string | null {
  if (x !== x) return 'NaN';
  if (x === Infinity) return 'Infinity';
  if (x === -Infinity) return '-Infinity';
  if (x === 0) return Object.is(x, -0) ? '-0' : '0';
  return null;
}

/** PostgreSQL float8out (extra_float_digits = 1): `1.5`, `1e+100`, `1e-05`, `NaN`, `-Infinity`. */
function formatDouble(x: number): string {
  const a = x < 0 ? -x : x;
  // JS and PostgreSQL both print the shortest round-trip digits; they differ only in when
  // they switch to exponent notation, so the fixed range can use String() directly.
  if (a >= 1e-4 && a < 1e15) return String(x);
  const sp = formatSpecialFloat(x);
  if (sp !== null) return sp;
  return pgFloatText(x.toExponential(), 15);
}

/** PostgreSQL float4out: shortest digits that round-trip through float32; exponent form from 1e6. */
function formatReal(x: number): string {
  const sp = formatSpecialFloat(x);
  if (sp !== null) return sp;
  let p = 1;
  for (; p < 9; p++) {
    if (Math.fround(Number(x.toPrecision(p))) === x) break;
  }
  return pgFloatText(Number(x.toPrecision(p)).toExponential(), 6);
}

// ───────────────────────────── booleans ─────────────────────────────

/** PostgreSQL parse_bool: trimmed, case-insensitive, unique prefixes of true/false/yes/no, on/off, 1/0. */
function parseBoolText(text: string): boolean {
  const s = text.trim().toLowerCase();
  const n = s.length;
  if (n > 0) {
    switch (s[0]) {
      case 't': if ('true'.startsWith(s)) return true; break;
      case 'f': if ('false'.startsWith(s)) return false; break;
      case 'y': if ('yes'.startsWith(s)) return true; break;
      case 'n': if ('no'.startsWith(s)) return false; break;
      case 'o':
        if (n >= 2 && 'on'.startsWith(s)) return true;
        if (n >= 2 && 'off'.startsWith(s)) return false;
        break;
      case '1': if (n === 1) return true; break;
      case '0': if (n === 1) return false; break;
    }
  }
  throw invalidSyntax('boolean', text);
}

// ───────────────────────────── calendar ─────────────────────────────

const MS_PER_DAY = 86400000;
const US_PER_DAY = 86400000000;
/** Date value standing for 'infinity' / '-infinity' (PostgreSQL's DATEVAL_NOEND / NOBEGIN). */
const DATE_INFINITY = 2147483647;
const DATE_NEG_INFINITY = -2147483648;

/**
 * Days since 1970-01-01 of a proleptic Gregorian date (astronomical years: 0 = 1 BC).
 * Howard Hinnant's `days_from_civil`.
 */
export function daysFromCivil(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Scratch output of {@link civilFromDays}: [year, month, day]; reused to avoid per-row allocation. */
export const CIVIL = new Int32Array(3);

/** Writes the (year, month 1-12, day 1-31) of `days` since 1970-01-01 into {@link CIVIL}. */
export function civilFromDays(days: number): Int32Array {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  CIVIL[0] = yoe + era * 400 + (m <= 2 ? 1 : 0);
  CIVIL[1] = m;
  CIVIL[2] = d;
  return CIVIL;
}

/** Days in month `m` (1-12) of astronomical year `y`. */
export function daysInMonth(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0)) ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

function pad2(n: number): string {
  return n < 10 ? '0' + n : String(n);
}

function formatYmd(days: number): string {
  const c = civilFromDays(days);
  const y = c[0]!;
  const ys = y > 0 ? y : 1 - y; // year 0 is 1 BC
  const yt = ys < 1000 ? String(ys).padStart(4, '0') : String(ys);
  return yt + '-' + pad2(c[1]!) + '-' + pad2(c[2]!);
}

function formatDate(days: number): string {
  if (days === DATE_INFINITY) return 'infinity';
  if (days === DATE_NEG_INFINITY) return '-infinity';
  const s = formatYmd(days);
  return CIVIL[0]! > 0 ? s : s + ' BC';
}

function formatTimestamp(ms: number): string {
  if (ms === Infinity) return 'infinity';
  if (ms === -Infinity) return '-infinity';
  const totalUs = Math.round(ms * 1000);
  const days = Math.floor(totalUs / US_PER_DAY);
  let us = totalUs - days * US_PER_DAY;
  const ymd = formatYmd(days);
  const bc = CIVIL[0]! <= 0;
  const h = Math.floor(us / 3600000000); us -= h * 3600000000;
  const mi = Math.floor(us / 60000000); us -= mi * 60000000;
  const sec = Math.floor(us / 1000000); us -= sec * 1000000;
  let out = ymd + ' ' + pad2(h) + ':' + pad2(mi) + ':' + pad2(sec);
  if (us > 0) {
    let f = String(us).padStart(6, '0');
    let e = f.length;
    while (f.charCodeAt(e - 1) === 48) e--;
    f = f.slice(0, e);
    out += '.' + f;
  }
  return bc ? out + ' BC' : out;
}

// YYYY-MM-DD[( |T)HH:MM[:SS[.ffffff]]][ ][Z|±HH[:MM]|±HHMM][ BC]
const DATETIME_RE = /^(\d{1,7})-(\d{1,2})-(\d{1,2})(?:(?:[Tt]|\s+)(\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.(\d*))?)?)?\s*(?:([zZ])|(?:utc|UTC|gmt|GMT)|([+-])(\d{1,2})(?::?(\d{2}))?)?(?:\s+(bc|BC|ad|AD))?$/;

/**
 * Parses ISO timestamp text to epoch milliseconds (µs as fraction). A zone suffix converts to
 * UTC; `infinity`, `-infinity`, `epoch` are accepted. Errors: 22007 (syntax), 22008 (range).
 */
function parseTimestampText(text: string, to: DataType): number {
  const s = text.trim();
  const m = DATETIME_RE.exec(s);
  if (m === null) {
    switch (s.toLowerCase()) {
      case 'infinity': case '+infinity': return Infinity;
      case '-infinity': return -Infinity;
      case 'epoch': return 0;
      default: throw datetimeSyntax(to, text);
    }
  }
  let year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const bc = m[12] !== undefined && m[12].toLowerCase() === 'bc';
  if (bc) {
    if (year === 0) throw datetimeFieldOverflow(text);
    year = 1 - year;
  }
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) throw datetimeFieldOverflow(text);
  const days = daysFromCivil(year, month, day);
  if (to === 'date') return days;
  const h = m[4] === undefined ? 0 : Number(m[4]);
  const mi = m[5] === undefined ? 0 : Number(m[5]);
  const sec = m[6] === undefined ? 0 : Number(m[6]);
  let us = 0;
  if (m[7] !== undefined && m[7].length > 0) {
    const f = m[7];
    us = f.length <= 6 ? Number(f.padEnd(6, '0')) : Math.round(Number(f.slice(0, 6) + '.' + f.slice(6)));
  }
  if (mi > 59 || sec > 60 || h > 24 || (h === 24 && (mi > 0 || sec > 0 || us > 0))) throw datetimeFieldOverflow(text);
  let offsetMin = 0;
  if (m[9] !== undefined) {
    const oh = Number(m[10]);
    const om = m[11] === undefined ? 0 : Number(m[11]);
    if (oh > 15 || om > 59) throw datetimeFieldOverflow(text);
    offsetMin = (m[9] === '-' ? -1 : 1) * (oh * 60 + om);
  }
  const ms = days * MS_PER_DAY + ((h * 60 + mi - offsetMin) * 60 + sec) * 1000 + us / 1000;
  // PostgreSQL's range: 4713 BC .. 294276 AD.
  if (ms < -210866803200000 || ms >= 9224318016000000) {
    throw new DbError(SqlState.DATETIME_FIELD_OVERFLOW, `timestamp out of range: "${text}"`);
  }
  return ms;
}

function parseDateText(text: string): number {
  const s = text.trim().toLowerCase();
  if (s === 'infinity' || s === '+infinity') return DATE_INFINITY;
  if (s === '-infinity') return DATE_NEG_INFINITY;
  const d = parseTimestampText(text, 'date');
  if (d === Infinity || d === -Infinity) return d > 0 ? DATE_INFINITY : DATE_NEG_INFINITY;
  return d;
}

function timestampToDate(ms: number): number {
  if (ms === Infinity) return DATE_INFINITY;
  if (ms === -Infinity) return DATE_NEG_INFINITY;
  return Math.floor(ms / MS_PER_DAY);
}

function dateToTimestamp(days: number): number {
  if (days === DATE_INFINITY) return Infinity;
  if (days === DATE_NEG_INFINITY) return -Infinity;
  return days * MS_PER_DAY;
}

// ───────────────────────────── json, uuid, bytes ─────────────────────────────

function parseJsonText(text: string): string {
  try {
    JSON.parse(text);
  } catch (e) {
    throw new DbError(SqlState.INVALID_TEXT_REPRESENTATION, 'invalid input syntax for type json',
      { detail: e instanceof Error ? e.message : String(e) });
  }
  return text;
}

const UUID_RE = /^\{?([0-9a-fA-F]{8})-?([0-9a-fA-F]{4})-?([0-9a-fA-F]{4})-?([0-9a-fA-F]{4})-?([0-9a-fA-F]{12})\}?$/;

function parseUuidText(text: string): string {
  const s = text.trim();
  const m = UUID_RE.exec(s);
  if (m === null || (s[0] === '{') !== (s[s.length - 1] === '}')) throw invalidSyntax('uuid', text);
  return (m[1] + '-' + m[2] + '-' + m[3] + '-' + m[4] + '-' + m[5]).toLowerCase();
}

const HEX = '0123456789abcdef';

function formatBytes(b: Uint8Array): string {
  let s = '\\x';
  for (let i = 0; i < b.length; i++) {
    const x = b[i]!;
    s += HEX[x >> 4]! + HEX[x & 15]!;
  }
  return s;
}

function hexVal(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}

const utf8 = new TextEncoder();

/** PostgreSQL byteain: `\x` hex (whitespace between bytes allowed) or escape format (`\\`, `\nnn`). */
function parseBytesText(text: string): Uint8Array {
  if (text.length >= 2 && text[0] === '\\' && (text[1] === 'x' || text[1] === 'X')) {
    const out = new Uint8Array((text.length - 2) >> 1);
    let k = 0;
    for (let i = 2; i < text.length;) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 9 || c === 10 || c === 13) { i++; continue; }
      const hi = hexVal(c);
      if (hi < 0) throw new DbError(SqlState.INVALID_TEXT_REPRESENTATION, `invalid hexadecimal digit: "${text[i]}"`);
      if (i + 1 >= text.length) throw new DbError(SqlState.INVALID_TEXT_REPRESENTATION, 'invalid hexadecimal data: odd number of digits');
      const lo = hexVal(text.charCodeAt(i + 1));
      if (lo < 0) throw new DbError(SqlState.INVALID_TEXT_REPRESENTATION, `invalid hexadecimal digit: "${text[i + 1]}"`);
      out[k++] = (hi << 4) | lo;
      i += 2;
    }
    return k === out.length ? out : out.slice(0, k);
  }
  if (text.indexOf('\\') < 0) return utf8.encode(text);
  const raw = utf8.encode(text);
  const out = new Uint8Array(raw.length);
  let k = 0;
  for (let i = 0; i < raw.length;) {
    const c = raw[i]!;
    if (c !== 92) { out[k++] = c; i++; continue; }
    if (raw[i + 1] === 92) { out[k++] = 92; i += 2; continue; }
    const a = raw[i + 1]! - 48;
    const b = raw[i + 2]! - 48;
    const d = raw[i + 3]! - 48;
    if (a >= 0 && a <= 3 && b >= 0 && b <= 7 && d >= 0 && d <= 7) {
      out[k++] = (a << 6) | (b << 3) | d;
      i += 4;
      continue;
    }
    throw invalidSyntax('bytes', text);
  }
  return out.slice(0, k);
}

// ───────────────────────────── value level ─────────────────────────────

/**
 * PostgreSQL's text output of a (non-null) value of `type`.
 *
 * @example
 * ```ts
 * formatValue(true, 'boolean');            // 'true'
 * formatValue(1e100, 'double');            // '1e+100'
 * formatValue(0, 'date');                  // '1970-01-01'
 * formatValue(1500.25, 'timestamp');       // '1970-01-01 00:00:01.50025'
 * formatValue(new Uint8Array([10, 11]), 'bytes'); // '\\x0a0b'
 * ```
 */
export function formatValue(value: JsValue, type: DataType): string {
  if (value === null) return '';
  switch (type) {
    case 'boolean': return value ? 'true' : 'false';
    case 'smallint': case 'integer': case 'bigint': return String(value);
    case 'double': return formatDouble(value as number);
    case 'real': return formatReal(value as number);
    case 'text': case 'json': case 'uuid': return value as string;
    case 'timestamp': return formatTimestamp(value as number);
    case 'date': return formatDate(value as number);
    case 'bytes': return formatBytes(value as Uint8Array);
    case 'null': return '';
  }
}

/**
 * Parses PostgreSQL text input for `to` (what `'text'::type` does).
 * Errors: 22P02 bad syntax, 22003 out of range, 22007/22008 bad dates and timestamps.
 *
 * @example
 * ```ts
 * parseValue('  12 ', 'integer');  // 12
 * parseValue('12.5', 'integer');   // throws 22P02 invalid input syntax for type integer: "12.5"
 * parseValue('2024-01-02', 'date'); // 19724
 * ```
 */
export function parseValue(text: string, to: DataType): JsValue {
  switch (to) {
    case 'boolean': return parseBoolText(text);
    case 'smallint': case 'integer': return parseInt32Text(text, to);
    case 'bigint': return parseBigintText(text);
    case 'real': case 'double': return parseDoubleText(text, to);
    case 'text': return text;
    case 'timestamp': return parseTimestampText(text, 'timestamp');
    case 'date': return parseDateText(text);
    case 'json': return parseJsonText(text);
    case 'uuid': return parseUuidText(text);
    case 'bytes': return parseBytesText(text);
    case 'null': return null;
  }
}

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
    if (to === 'bigint') {
      const t = text.trim();
      return /^-?\d+$/.test(t) ? parseBigintText(t) : doubleToBigint(x);
    }
    return castValue(x, 'double', to);
  }
  throw new DbError(SqlState.INVALID_PARAMETER_VALUE, `cannot cast jsonb ${jsonKind(x)} to type ${typeName(to)}`);
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
        case 'real': return doubleToReal(x);
        case 'double': return x;
        default: break;
      }
      break;
    }
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

// ───────────────────────────── JS values from the outside ─────────────────────────────

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
 * Accepts: numbers, bigints, strings (parsed as SQL text input), booleans, `Date`
 * (timestamp/date), `Uint8Array`/`ArrayBuffer` (bytes), objects and arrays (json).
 * `null`/`undefined` → NULL. Dates given as numbers are days since the epoch; timestamps
 * given as numbers are epoch milliseconds. Errors: 22P02 bad input, 22003 out of range.
 *
 * @example
 * ```ts
 * coerceJsValue(42, 'bigint');               // 42n
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

// ───────────────────────────── vector level ─────────────────────────────

/**
 * Casts a vector to `target`. The result has the same length and the same null positions;
 * only the positions in `sel` (all when null) are computed, others hold unspecified data.
 * The null mask is shared with the input (never mutate a cast result's mask in place).
 * Casting between string types that need no check (json/uuid → text) relabels without copying.
 * Errors are those of {@link castValue} for the first failing selected row.
 *
 * @example
 * ```ts
 * const v = vectorFromValues('text', ['1', ' 2 ', null]);
 * castVector(v, 'integer', null).data; // Int32Array [1, 2, 0], nulls [0, 0, 1]
 * ```
 */
export function castVector(v: Vector, target: DataType, sel: Selection): Vector {
  const from = v.type;
  if (from === target) return v;
  if (!canCast(from, target)) throw cannotCast(from, target);
  const n = v.length;
  if (from === 'null') return nullVector(target, n);
  const nulls = v.nulls;
  // Relabels: same layout, no check needed.
  if ((from === 'json' || from === 'uuid') && target === 'text') {
    return { type: target, length: n, data: v.data, nulls };
  }
  const out = allocData(target, n);
  const src = v.data;
  const m = sel === null ? n : sel.length;
  switch (from) {
    case 'smallint': case 'integer': case 'date':
      if (castFromInt32(src as Int32Array, from, target, out, nulls, sel, m)) break;
      castGeneric(v, target, out, sel, m);
      break;
    case 'real': case 'double': case 'timestamp':
      if (castFromFloat64(src as Float64Array, from, target, out, nulls, sel, m)) break;
      castGeneric(v, target, out, sel, m);
      break;
    case 'bigint':
      if (castFromBigint(src as BigInt64Array, target, out, nulls, sel, m)) break;
      castGeneric(v, target, out, sel, m);
      break;
    case 'text':
      if (castFromText(src as string[], target, out, nulls, sel, m)) break;
      castGeneric(v, target, out, sel, m);
      break;
    default:
      castGeneric(v, target, out, sel, m);
      break;
  }
  return { type: target, length: n, data: out, nulls };
}

/** Per-row reference cast for the rare pairs. */
function castGeneric(v: Vector, target: DataType, out: VectorData, sel: Selection, m: number): void {
  const nulls = v.nulls;
  const from = v.type;
  const src = v.data;
  const boolSrc = from === 'boolean';
  const boolDst = target === 'boolean';
  const o = out as unknown as JsValue[];
  for (let k = 0; k < m; k++) {
    const i = sel === null ? k : sel[k]!;
    if (nulls !== null && nulls[i] === 1) continue;
    const x = boolSrc ? (src as Uint8Array)[i] === 1 : (src as ArrayLike<JsValue>)[i]!;
    const y = castValue(x, from, target);
    if (boolDst) (out as Uint8Array)[i] = y ? 1 : 0;
    else o[i] = y;
  }
}

/** Int32-backed sources (smallint, integer, date). Returns false when the pair is not handled. */
function castFromInt32(src: Int32Array, from: DataType, to: DataType, out: VectorData, nulls: Uint8Array | null,
  sel: Selection, m: number): boolean {
  if (from === 'date') {
    if (to === 'timestamp') {
      const o = out as Float64Array;
      for (let k = 0; k < m; k++) {
        const i = sel === null ? k : sel[k]!;
        const d = src[i]!;
        o[i] = d === DATE_INFINITY || d === DATE_NEG_INFINITY ? dateToTimestamp(d) : d * MS_PER_DAY;
      }
      return true;
    }
    if (to === 'text') {
      const o = out as string[];
      for (let k = 0; k < m; k++) {
        const i = sel === null ? k : sel[k]!;
        if (nulls !== null && nulls[i] === 1) continue;
        o[i] = formatDate(src[i]!);
      }
      return true;
    }
    return false;
  }
  switch (to) {
    case 'smallint': case 'integer': {
      const o = out as Int32Array;
      const narrow = to === 'smallint';
      for (let k = 0; k < m; k++) {
        const i = sel === null ? k : sel[k]!;
        const x = src[i]!;
        if (narrow && (x < INT16_MIN || x > INT16_MAX) && (nulls === null || nulls[i] !== 1)) throw outOfRange('smallint');
        o[i] = x;
      }
      return true;
    }
    case 'bigint': {
      const o = out as BigInt64Array;
      for (let k = 0; k < m; k++) {
        const i = sel === null ? k : sel[k]!;
        o[i] = BigInt(src[i]!);
      }
      return true;
    }
    case 'real': case 'double': {
      const o = out as Float64Array;
      // int32 → float32 may round (|x| > 2^24); fround only when needed.
      if (to === 'real') {
        for (let k = 0; k < m; k++) { const i = sel === null ? k : sel[k]!; o[i] = Math.fround(src[i]!); }
      } else {
        for (let k = 0; k < m; k++) { const i = sel === null ? k : sel[k]!; o[i] = src[i]!; }
      }
      return true;
    }
    case 'boolean': {
      const o = out as Uint8Array;
      for (let k = 0; k < m; k++) { const i = sel === null ? k : sel[k]!; o[i] = src[i] !== 0 ? 1 : 0; }
      return true;
    }
    case 'text': {
      const o = out as string[];
      for (let k = 0; k < m; k++) {
        const i = sel === null ? k : sel[k]!;
        if (nulls !== null && nulls[i] === 1) continue;
        o[i] = String(src[i]!);
      }
      return true;
    }
    default:
      return false;
  }
}

/** Float64-backed sources (real, double, timestamp). */
function castFromFloat64(src: Float64Array, from: DataType, to: DataType, out: VectorData, nulls: Uint8Array | null,
  sel: Selection, m: number): boolean {
  if (from === 'timestamp') {
    if (to === 'date') {
      const o = out as Int32Array;
      for (let k = 0; k < m; k++) {
        const i = sel === null ? k : sel[k]!;
        if (nulls !== null && nulls[i] === 1) continue;
        o[i] = timestampToDate(src[i]!);
      }
      return true;
    }
    if (to === 'text') {
      const o = out as string[];
      for (let k = 0; k < m; k++) {
        const i = sel === null ? k : sel[k]!;
        if (nulls !== null && nulls[i] === 1) continue;
        o[i] = formatTimestamp(src[i]!);
      }
      return true;
    }
    return false;
  }
  switch (to) {
    case 'smallint': case 'integer': {
      const o = out as Int32Array;
      for (let k = 0; k < m; k++) {
        const i = sel === null ? k : sel[k]!;
        if (nulls !== null && nulls[i] === 1) continue;
        o[i] = doubleToInt(src[i]!, to);
      }
      return true;
    }
    case 'bigint': {
      const o = out as BigInt64Array;
      for (let k = 0; k < m; k++) {
        const i = sel === null ? k : sel[k]!;
        if (nulls !== null && nulls[i] === 1) continue;
        o[i] = doubleToBigint(src[i]!);
      }
      return true;
    }
    case 'real': case 'double': {
      const o = out as Float64Array;
      if (to === 'real' && from === 'double') {
        for (let k = 0; k < m; k++) {
          const i = sel === null ? k : sel[k]!;
          if (nulls !== null && nulls[i] === 1) continue;
          o[i] = doubleToReal(src[i]!);
        }
      } else {
        for (let k = 0; k < m; k++) { const i = sel === null ? k : sel[k]!; o[i] = src[i]!; }
      }
      return true;
    }
    case 'text': {
      const o = out as string[];
      const real = from === 'real';
      for (let k = 0; k < m; k++) {
        const i = sel === null ? k : sel[k]!;
        if (nulls !== null && nulls[i] === 1) continue;
        o[i] = real ? formatReal(src[i]!) : formatDouble(src[i]!);
      }
      return true;
    }
    default:
      return false;
  }
}

function castFromBigint(src: BigInt64Array, to: DataType, out: VectorData, nulls: Uint8Array | null,
  sel: Selection, m: number): boolean {
  switch (to) {
    case 'smallint': case 'integer': {
      const o = out as Int32Array;
      for (let k = 0; k < m; k++) {
        const i = sel === null ? k : sel[k]!;
        if (nulls !== null && nulls[i] === 1) continue;
        o[i] = bigintToInt(src[i]!, to);
      }
      return true;
    }
    case 'real': case 'double': {
      const o = out as Float64Array;
      const real = to === 'real';
      for (let k = 0; k < m; k++) {
        const i = sel === null ? k : sel[k]!;
        const x = Number(src[i]!);
        o[i] = real ? Math.fround(x) : x;
      }
      return true;
    }
    case 'text': {
      const o = out as string[];
      for (let k = 0; k < m; k++) {
        const i = sel === null ? k : sel[k]!;
        if (nulls !== null && nulls[i] === 1) continue;
        o[i] = String(src[i]!);
      }
      return true;
    }
    default:
      return false;
  }
}

function castFromText(src: string[], to: DataType, out: VectorData, nulls: Uint8Array | null,
  sel: Selection, m: number): boolean {
  switch (to) {
    case 'smallint': case 'integer': {
      const o = out as Int32Array;
      for (let k = 0; k < m; k++) {
        const i = sel === null ? k : sel[k]!;
        if (nulls !== null && nulls[i] === 1) continue;
        o[i] = parseInt32Text(src[i]!, to);
      }
      return true;
    }
    case 'real': case 'double': {
      const o = out as Float64Array;
      for (let k = 0; k < m; k++) {
        const i = sel === null ? k : sel[k]!;
        if (nulls !== null && nulls[i] === 1) continue;
        o[i] = parseDoubleText(src[i]!, to);
      }
      return true;
    }
    case 'json': {
      const o = out as string[];
      for (let k = 0; k < m; k++) {
        const i = sel === null ? k : sel[k]!;
        if (nulls !== null && nulls[i] === 1) continue;
        o[i] = parseJsonText(src[i]!);
      }
      return true;
    }
    default:
      return false;
  }
}
