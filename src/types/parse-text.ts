/**
 * Text input per type (`parseValue`, what `'text'::type` does), following PostgreSQL's input
 * functions and error wording: integers (decimal, `0x`/`0o`/`0b`, `_` separators), floats
 * (NaN, Infinity), booleans (unique prefixes), ISO dates and timestamps (zones, BC,
 * `infinity`, `epoch`), json, uuid and bytea (hex and escape formats).
 */
import { DbError } from '../errors/db-error.ts';
import { SqlState } from '../errors/sqlstate.ts';
import type { JsValue } from './vector.ts';
import type { DataType } from './data-type.ts';
import { datetimeFieldOverflow, datetimeSyntax, invalidSyntax, textOutOfRange } from './cast-errors.ts';
import { INT16_MAX, INT16_MIN, INT32_MAX, INT32_MIN, INT64_MAX, INT64_MIN } from './numeric.ts';
import { canonicalNumericText } from './numeric-value.ts';
import { DATE_INFINITY, DATE_NEG_INFINITY, MS_PER_DAY, daysFromCivil, daysInMonth } from './calendar.ts';

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
export function parseInt32Text(text: string, to: DataType): number {
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

/** Parses PostgreSQL bigint input (22P02 bad syntax, 22003 out of range). */
export function parseBigintText(text: string): bigint {
  const b = parseIntegerText(text, 'bigint');
  if (b < INT64_MIN || b > INT64_MAX) throw textOutOfRange('bigint', text);
  return b;
}

const FLOAT_RE = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Parses PostgreSQL float input: decimal/exponent forms, NaN, [+-]Infinity/inf (case-insensitive). */
export function parseDoubleText(text: string, to: DataType): number {
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

/** Checks json input (22P02 with the JSON parser's message as detail) and returns it unchanged. */
export function parseJsonText(text: string): string {
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

/**
 * Parses PostgreSQL text input for `to` (what `'text'::type` does).
 * Errors: 22P02 bad syntax, 22003 out of range, 22007/22008 bad dates and timestamps.
 *
 * @example
 * ```ts
 * parseValue('  12 ', 'integer');  // 12
 * parseValue('12.5', 'integer');   // throws 22P02 invalid input syntax for type integer: "12.5"
 * parseValue(' 1.50 ', 'numeric'); // '1.50'
 * parseValue('2024-01-02', 'date'); // 19724
 * ```
 */
export function parseValue(text: string, to: DataType): JsValue {
  switch (to) {
    case 'boolean': return parseBoolText(text);
    case 'smallint': case 'integer': return parseInt32Text(text, to);
    case 'bigint': return parseBigintText(text);
    case 'numeric': return canonicalNumericText(text);
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
