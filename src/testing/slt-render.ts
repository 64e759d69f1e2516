/**
 * Rendering result values as SQLite's sqllogictest runner prints them: `I` integers, `R`
 * reals (`%.3f`), `T` text with non-printable bytes as `@`, `NULL` for null.
 *
 * @module
 */
import { isSpaceCode } from './slt-parser.ts';

const INT64_MAX = 9223372036854775807n;
const INT64_MIN = -9223372036854775808n;

/** Text of an integer-valued double, clamped to the int64 range like SQLite's doubleToInt64. */
function intTextOfIntegral(t: number): string {
  if (t >= -9007199254740991 && t <= 9007199254740991) return t === 0 ? '0' : String(t);
  if (t >= 9223372036854775807) return '9223372036854775807';
  if (t <= -9223372036854775808) return '-9223372036854775808';
  return BigInt(t).toString();
}

/** SQLite's sqlite3Atoi64 on text: optional space, sign, leading digits; saturates at int64. */
function atoi64Text(s: string): string {
  const n = s.length;
  let i = 0;
  while (i < n && isSpaceCode(s.charCodeAt(i))) i++;
  let neg = false;
  if (i < n) {
    const c = s.charCodeAt(i);
    if (c === 45 /* - */) { neg = true; i++; } else if (c === 43 /* + */) i++;
  }
  while (i < n && s.charCodeAt(i) === 48 /* 0 */) i++;
  const start = i;
  while (i < n) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) break;
    i++;
  }
  const len = i - start;
  if (len === 0) return '0';
  const digits = s.slice(start, i);
  if (len <= 15) return neg ? '-' + digits : digits;
  let v = BigInt(digits);
  if (neg) v = -v;
  if (v > INT64_MAX) v = INT64_MAX;
  if (v < INT64_MIN) v = INT64_MIN;
  return v.toString();
}

/** SQLite's sqlite3AtoF on text: the longest leading decimal number, 0 if there is none. */
function atofText(s: string): number {
  const n = s.length;
  let i = 0;
  while (i < n && isSpaceCode(s.charCodeAt(i))) i++;
  const start = i;
  if (i < n && (s.charCodeAt(i) === 45 || s.charCodeAt(i) === 43)) i++;
  let digits = 0;
  while (i < n && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57) { i++; digits++; }
  if (i < n && s.charCodeAt(i) === 46 /* . */) {
    i++;
    while (i < n && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57) { i++; digits++; }
  }
  if (digits === 0) return 0;
  let end = i;
  if (i < n && (s.charCodeAt(i) === 101 || s.charCodeAt(i) === 69) /* e E */) {
    i++;
    if (i < n && (s.charCodeAt(i) === 45 || s.charCodeAt(i) === 43)) i++;
    const expStart = i;
    while (i < n && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57) i++;
    if (i > expStart) end = i;
  }
  return Number(s.slice(start, end));
}

function latin1(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i++) s += String.fromCharCode(bytes[i]!);
  return s;
}

/**
 * Formats a number like SQLite's `sqlite3_snprintf("%.3f")`, which is what produced the
 * expected `R` values of the corpus: exact decimal rounding (ties away from zero), at most
 * 16 significant digits (so `-9223372036854775808` prints as `-9223372036854776000.000`),
 * `Inf`/`-Inf`/`NaN` for the special values. A negative value that rounds to zero keeps its
 * sign (`-0.000`), as does negative zero, the way C's printf prints them.
 *
 * @example
 * ```ts
 * formatReal(1.25);    // '1.250'
 * formatReal(-0.0001); // '-0.000'
 * ```
 */
export function formatReal(x: number): string {
  if (x !== x) return 'NaN';
  if (x === Infinity) return 'Inf';
  if (x === -Infinity) return '-Inf';
  const neg = x < 0 || (x === 0 && 1 / x < 0);
  const a = neg ? -x : x;
  let s: string;
  if (a < 1e13) {
    s = a.toFixed(3);
  } else {
    // More than 16 significant digits would be needed: round to 16, pad with zeros.
    const e = a.toExponential(15); // d.ddddddddddddddde+X
    const digits = e.charAt(0) + e.slice(2, 17);
    const intDigits = Number(e.slice(18)) + 1;
    s = intDigits >= 16
      ? digits + '0'.repeat(intDigits - 16) + '.000'
      : digits.slice(0, intDigits) + '.' + (digits.slice(intDigits) + '000').slice(0, 3);
  }
  return neg ? '-' + s : s;
}

/**
 * Renders a value for an `I` column like SQLite's runner: integer text. Numbers are truncated
 * toward zero (clamped to the int64 range), booleans are 1/0, bigints print in full, text
 * (and bytes, read as Latin-1) converts by its leading integer prefix (`'12abc'` → 12,
 * `'abc'` → 0). `null`/`undefined` → `NULL`.
 */
export function renderInteger(v: unknown): string {
  switch (typeof v) {
    case 'number':
      if (Number.isInteger(v)) return intTextOfIntegral(v);
      if (v !== v) return '0';
      if (v === Infinity) return '9223372036854775807';
      if (v === -Infinity) return '-9223372036854775808';
      return intTextOfIntegral(Math.trunc(v));
    case 'bigint': return v.toString();
    case 'string': return atoi64Text(v);
    case 'boolean': return v ? '1' : '0';
    case 'undefined': return 'NULL';
    default:
      if (v === null) return 'NULL';
      if (v instanceof Uint8Array) return atoi64Text(latin1(v));
      return atoi64Text(String(v));
  }
}

/**
 * Renders a value for an `R` column: {@link formatReal} of its numeric value. Integers and
 * bigints convert to double, booleans to 1/0, text by its leading decimal prefix (0 if none).
 * `null`/`undefined` → `NULL`.
 */
export function renderReal(v: unknown): string {
  switch (typeof v) {
    case 'number': return formatReal(v);
    case 'bigint': return formatReal(Number(v));
    case 'string': return formatReal(atofText(v));
    case 'boolean': return v ? '1.000' : '0.000';
    case 'undefined': return 'NULL';
    default:
      if (v === null) return 'NULL';
      if (v instanceof Uint8Array) return formatReal(atofText(latin1(v)));
      return formatReal(atofText(String(v)));
  }
}

/**
 * SQLite's runner copies the value's text as C bytes: it ends at a NUL, and every byte outside
 * 0x20..0x7e becomes `@` — so a non-ASCII character becomes one `@` per UTF-8 byte.
 */
function printableText(s: string): string {
  const n = s.length;
  let i = 0;
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c > 0x7e) break;
  }
  if (i === n) return s;
  let out = s.slice(0, i);
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x20 && c <= 0x7e) out += s.charAt(i);
    else if (c === 0) break;
    else if (c < 0x80) out += '@';
    else if (c < 0x800) out += '@@';
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < n
      && s.charCodeAt(i + 1) >= 0xdc00 && s.charCodeAt(i + 1) <= 0xdfff) { out += '@@@@'; i++; }
    else out += '@@@';
  }
  return out;
}

function printableBytes(b: Uint8Array): string {
  let out = '';
  for (let i = 0; i < b.length; i++) {
    const c = b[i]!;
    if (c === 0) break;
    out += c >= 0x20 && c <= 0x7e ? String.fromCharCode(c) : '@';
  }
  return out;
}

/**
 * Renders a value for a `T` column like SQLite's runner: the value's text, with every byte
 * outside printable ASCII (0x20..0x7e) replaced by `@` (a UTF-8 character of n bytes gives n
 * `@`; text ends at a NUL), `(empty)` for an empty string, `NULL` for null. Numbers use their
 * JS text form, booleans 1/0, bytes are taken as raw bytes.
 */
export function renderText(v: unknown): string {
  let s: string;
  switch (typeof v) {
    case 'string': s = printableText(v); break;
    case 'number': return String(v);
    case 'bigint': return v.toString();
    case 'boolean': return v ? '1' : '0';
    case 'undefined': return 'NULL';
    default:
      if (v === null) return 'NULL';
      s = v instanceof Uint8Array ? printableBytes(v) : printableText(String(v));
  }
  return s === '' ? '(empty)' : s;
}

/**
 * Renders one result value by its column's type letter (`I`, `R` or `T`; see
 * {@link renderInteger}, {@link renderReal}, {@link renderText}). `NULL` for null in every type.
 * Throws for any other letter.
 */
export function renderValue(v: unknown, type: string): string {
  switch (type) {
    case 'I': return renderInteger(v);
    case 'R': return renderReal(v);
    case 'T': return renderText(v);
    default: throw new Error(`unknown character in type-string: ${type}`);
  }
}
