/**
 * NUMERIC scalars: PostgreSQL's exact decimal type one value at a time — text input
 * (`numeric_in`), text output (`numeric_out`), rounding (half away from zero) and the typmod
 * rule of `numeric(p, s)`. Vectors use the layout in `numeric-data.ts`; this module is what
 * constants, parameters, DEFAULTs and the slow paths of the kernels use.
 *
 * The scalar form is {@link NumericValue}: a special marker and, for finite values, the value
 * times 10^dscale as a `bigint` (`1.50` is `{ int: 150n, dscale: 2 }`). The JS value of a
 * numeric in rows and parameters is its PostgreSQL text (`'1.50'`, `'NaN'`, `'-Infinity'`).
 */
import { DbError } from '../errors/db-error.ts';
import { SqlState } from '../errors/sqlstate.ts';

/** 0 finite, 1 NaN, 2 +Infinity, 3 -Infinity. */
export type NumericSpecial = 0 | 1 | 2 | 3;

/** Special markers of {@link NumericValue}. */
export const FINITE = 0, NAN = 1, PINF = 2, NINF = 3;

/** One numeric value: finite values are `int / 10^dscale` exactly. */
export interface NumericValue {
  readonly special: NumericSpecial;
  /** The value times 10^dscale (0n for the special values). */
  readonly int: bigint;
  /** Display scale: digits after the decimal point (0 for the special values). */
  readonly dscale: number;
}

/** A numeric typmod: `numeric(precision, scale)`. */
export interface NumericTypmod {
  readonly precision: number;
  readonly scale: number;
}

/** PostgreSQL's limits (NUMERIC_MAX_PRECISION, NUMERIC_DSCALE_MAX, digits before the point). */
export const NUMERIC_MAX_PRECISION = 1000;
/** Largest display scale a value may have. */
export const NUMERIC_DSCALE_MAX = 16383;
/** Most digits before the decimal point (PostgreSQL: weight ≤ 32767 base-10000 digits). */
const MAX_INT_DIGITS = 131072;
/** Display scale limit of computed results (NUMERIC_MAX_DISPLAY_SCALE). */
export const NUMERIC_MAX_DISPLAY_SCALE = 1000;

/** The special values as scalars. */
export const NUMERIC_NAN: NumericValue = Object.freeze({ special: NAN, int: 0n, dscale: 0 });
/** +Infinity. */
export const NUMERIC_PINF: NumericValue = Object.freeze({ special: PINF, int: 0n, dscale: 0 });
/** -Infinity. */
export const NUMERIC_NINF: NumericValue = Object.freeze({ special: NINF, int: 0n, dscale: 0 });

/** A finite numeric scalar. */
export function numericValue(int: bigint, dscale: number): NumericValue {
  return { special: FINITE, int, dscale };
}

const POW10_BIG: bigint[] = [1n];

/** 10^k as a bigint (cached for small k). */
export function pow10n(k: number): bigint {
  if (k < 0) throw new DbError(SqlState.INTERNAL_ERROR, 'internal error: negative power of ten');
  if (k < 512) {
    for (let i = POW10_BIG.length; i <= k; i++) POW10_BIG.push(POW10_BIG[i - 1]! * 10n);
    return POW10_BIG[k]!;
  }
  return 10n ** BigInt(k);
}

/** `n / d` rounded half away from zero (`d` > 0). */
export function divRoundHalfAway(n: bigint, d: bigint): bigint {
  const q = n / d;
  const r = n - q * d;
  const ar = r < 0n ? -r : r;
  if (ar * 2n >= d) return n < 0n ? q - 1n : q + 1n;
  return q;
}

/** A scaled integer moved from scale `from` to scale `to` (rounding half away from zero when `to` < `from`). */
export function rescaleInt(int: bigint, from: number, to: number): bigint {
  if (to === from) return int;
  if (to > from) return int * pow10n(to - from);
  return divRoundHalfAway(int, pow10n(from - to));
}

/** As {@link rescaleInt}, truncating toward zero. */
export function rescaleIntTrunc(int: bigint, from: number, to: number): bigint {
  if (to >= from) return int * pow10n(to - from);
  return int / pow10n(from - to);
}

/** 22P02 `invalid input syntax for type numeric: "x"`. */
export function numericSyntax(text: string): DbError {
  return new DbError(SqlState.INVALID_TEXT_REPRESENTATION, `invalid input syntax for type numeric: "${text}"`);
}

/** 22003 `value overflows numeric format`. */
export function numericOverflow(): DbError {
  return new DbError(SqlState.NUMERIC_VALUE_OUT_OF_RANGE, 'value overflows numeric format');
}

function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

const SPECIAL_WORDS: Record<string, NumericValue> = {
  nan: NUMERIC_NAN, '+nan': NUMERIC_NAN, '-nan': NUMERIC_NAN,
  infinity: NUMERIC_PINF, '+infinity': NUMERIC_PINF, inf: NUMERIC_PINF, '+inf': NUMERIC_PINF,
  '-infinity': NUMERIC_NINF, '-inf': NUMERIC_NINF,
};

/** Reads digits with single `_` separators between digits from `s` at `i`; returns [digits, end] or null on a misplaced `_`. */
function readDigits(s: string, i: number, end: number, ok: (c: number) => boolean): [string, number] | null {
  const start = i;
  let out = '';
  let last = start;
  while (i < end) {
    const c = s.charCodeAt(i);
    if (ok(c)) { i++; continue; }
    if (c === 95 /* _ */ && i > start && i + 1 < end && ok(s.charCodeAt(i + 1)) && ok(s.charCodeAt(i - 1))) {
      out += s.slice(last, i);
      last = i + 1;
      i++;
      continue;
    }
    break;
  }
  out += s.slice(last, i);
  return [out, i];
}

/**
 * PostgreSQL's `numeric_in`: surrounding whitespace, sign, digits with `_` separators, a
 * decimal point, an exponent (`1.5e3`), `0x`/`0o`/`0b` integers, and `NaN`, `Infinity`,
 * `inf` in any case. The display scale is the number of digits after the point less the
 * exponent (`1.50` → 2, `1.5e1` → 0). Errors: 22P02 bad syntax, 22003 too large.
 *
 * @example
 * ```ts
 * parseNumeric(' 1.50 ');   // { special: 0, int: 150n, dscale: 2 }
 * parseNumeric('1e3');      // { special: 0, int: 1000n, dscale: 0 }
 * parseNumeric('-inf');     // NUMERIC_NINF
 * ```
 */
export function parseNumeric(text: string): NumericValue {
  let i = 0;
  let end = text.length;
  while (i < end && isSpace(text.charCodeAt(i))) i++;
  while (end > i && isSpace(text.charCodeAt(end - 1))) end--;
  if (i === end) throw numericSyntax(text);
  const c0 = text.charCodeAt(i);
  if (!isDigit(c0) && c0 !== 46 /* . */) {
    const sp = SPECIAL_WORDS[text.slice(i, end).toLowerCase()];
    if (sp !== undefined) return sp;
  }
  let neg = false;
  if (c0 === 43 || c0 === 45) { neg = c0 === 45; i++; }
  if (i >= end) throw numericSyntax(text);
  // non-decimal integers: 0x1f, 0o17, 0b101 (PostgreSQL 16+)
  if (text.charCodeAt(i) === 48 && i + 1 < end) {
    const p = text.charCodeAt(i + 1) | 32;
    const radix = p === 120 ? 16 : p === 111 ? 8 : p === 98 ? 2 : 0;
    if (radix !== 0) {
      const ok = radix === 16 ? (c: number) => isDigit(c) || ((c | 32) >= 97 && (c | 32) <= 102)
        : radix === 8 ? (c: number) => c >= 48 && c <= 55 : (c: number) => c === 48 || c === 49;
      const r = readDigits(text, i + 2, end, ok);
      if (r === null || r[0].length === 0 || r[1] !== end) throw numericSyntax(text);
      const v = BigInt((radix === 16 ? '0x' : radix === 8 ? '0o' : '0b') + r[0]);
      return numericValue(neg ? -v : v, 0);
    }
  }
  const ip = readDigits(text, i, end, isDigit);
  if (ip === null) throw numericSyntax(text);
  let digits = ip[0];
  i = ip[1];
  let frac = 0;
  if (i < end && text.charCodeAt(i) === 46) {
    i++;
    if (i < end && isDigit(text.charCodeAt(i))) {
      const fp = readDigits(text, i, end, isDigit);
      if (fp === null) throw numericSyntax(text);
      digits += fp[0];
      frac = fp[0].length;
      i = fp[1];
    }
  }
  if (digits.length === 0) throw numericSyntax(text);
  let exp = 0;
  if (i < end && (text.charCodeAt(i) | 32) === 101 /* e */) {
    i++;
    let eneg = false;
    if (i < end && (text.charCodeAt(i) === 43 || text.charCodeAt(i) === 45)) { eneg = text.charCodeAt(i) === 45; i++; }
    const ep = readDigits(text, i, end, isDigit);
    if (ep === null || ep[0].length === 0) throw numericSyntax(text);
    i = ep[1];
    if (ep[0].length > 9) throw numericOverflow();
    exp = Number(ep[0]);
    if (exp > 1073741823) throw numericOverflow();
    if (eneg) exp = -exp;
  }
  if (i !== end) throw numericSyntax(text);
  let k = 0;
  while (k < digits.length - 1 && digits.charCodeAt(k) === 48) k++;
  if (k > 0) digits = digits.slice(k);
  const dscale = Math.max(0, frac - exp);
  if (dscale > NUMERIC_DSCALE_MAX) throw numericOverflow();
  const shift = exp - frac + dscale; // ≥ 0: zeros appended to the digits
  if (digits !== '0' && digits.length - frac + exp > MAX_INT_DIGITS) throw numericOverflow();
  let int = BigInt(digits);
  if (shift > 0) int *= pow10n(shift);
  return numericValue(neg ? -int : int, dscale);
}

/**
 * PostgreSQL's `numeric_out` for a finite value: plain notation with exactly `dscale` digits
 * after the point, no negative zero.
 *
 * @example
 * ```ts
 * numericIntText(-150n, 2); // '-1.50'
 * numericIntText(5n, 3);    // '0.005'
 * ```
 */
export function numericIntText(int: bigint, dscale: number): string {
  const neg = int < 0n;
  let s = (neg ? -int : int).toString();
  if (dscale > 0) {
    if (s.length <= dscale) s = '0'.repeat(dscale - s.length + 1) + s;
    s = s.slice(0, s.length - dscale) + '.' + s.slice(s.length - dscale);
  }
  return neg ? '-' + s : s;
}

/**
 * The text form of a numeric scalar (`NaN`, `Infinity`, `-Infinity` for the special values).
 *
 * @example
 * ```ts
 * formatNumeric(parseNumeric('1.5e1'));  // '15'
 * formatNumeric(parseNumeric('-0.00'));  // '0.00'
 * ```
 */
export function formatNumeric(v: NumericValue): string {
  switch (v.special) {
    case NAN: return 'NaN';
    case PINF: return 'Infinity';
    case NINF: return '-Infinity';
    default: return numericIntText(v.int, v.dscale);
  }
}

/** Text → canonical numeric text (`' 1.5e1 '` → `'15'`). Errors as {@link parseNumeric}. */
export function canonicalNumericText(text: string): string {
  return formatNumeric(parseNumeric(text));
}

/** -1, 0 or 1 (NaN counts as greater than everything, PostgreSQL's order). */
export function compareNumericValues(a: NumericValue, b: NumericValue): number {
  if (a.special !== FINITE || b.special !== FINITE) {
    const ra = a.special === NAN ? 3 : a.special === PINF ? 2 : a.special === NINF ? 0 : 1;
    const rb = b.special === NAN ? 3 : b.special === PINF ? 2 : b.special === NINF ? 0 : 1;
    return ra < rb ? -1 : ra > rb ? 1 : 0;
  }
  let x = a.int, y = b.int;
  if (a.dscale < b.dscale) x *= pow10n(b.dscale - a.dscale);
  else if (b.dscale < a.dscale) y *= pow10n(a.dscale - b.dscale);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** PostgreSQL's typmod checks of `numeric(p, s)` (22023). */
export function checkNumericTypmod(precision: number, scale: number): NumericTypmod {
  if (precision < 1 || precision > NUMERIC_MAX_PRECISION) {
    throw new DbError(SqlState.INVALID_PARAMETER_VALUE, `NUMERIC precision ${precision} must be between 1 and ${NUMERIC_MAX_PRECISION}`);
  }
  if (scale < -NUMERIC_MAX_PRECISION || scale > NUMERIC_MAX_PRECISION) {
    throw new DbError(SqlState.INVALID_PARAMETER_VALUE, `NUMERIC scale ${scale} must be between ${-NUMERIC_MAX_PRECISION} and ${NUMERIC_MAX_PRECISION}`);
  }
  return { precision, scale };
}

/** The name of a typmod as PostgreSQL prints it: `numeric(10,2)`. */
export function numericTypeName(t: NumericTypmod | null | undefined): string {
  return t === null || t === undefined ? 'numeric' : `numeric(${t.precision},${t.scale})`;
}

/** 22003 `numeric field overflow` with PostgreSQL's detail. */
export function numericFieldOverflow(t: NumericTypmod, infinite = false): DbError {
  const maxdigits = t.precision - t.scale;
  const detail = infinite
    ? `A field with precision ${t.precision}, scale ${t.scale} cannot hold an infinite value.`
    : `A field with precision ${t.precision}, scale ${t.scale} must round to an absolute value less than ${maxdigits !== 0 ? `10^${maxdigits}` : '1'}.`;
  return new DbError(SqlState.NUMERIC_VALUE_OUT_OF_RANGE, 'numeric field overflow', { detail });
}

/** True when `|int| / 10^scale` < 10^digits (digits may be ≤ 0). */
export function fitsDigits(int: bigint, scale: number, digits: number): boolean {
  const a = int < 0n ? -int : int;
  const e = digits + scale;
  if (e < 0) return a === 0n;
  return a < pow10n(e);
}

/**
 * Applies `numeric(p, s)` to a value: rounds half away from zero to scale `s` (a negative
 * scale rounds to tens, hundreds…, display scale 0) and fails with 22003 `numeric field
 * overflow` when the rounded value needs more than `p - s` integer digits; NaN passes,
 * infinities fail.
 *
 * @example
 * ```ts
 * formatNumeric(applyNumericTypmod(parseNumeric('1.255'), { precision: 5, scale: 2 })); // '1.26'
 * applyNumericTypmod(parseNumeric('1000'), { precision: 5, scale: 2 }); // throws 22003
 * ```
 */
export function applyNumericTypmod(v: NumericValue, t: NumericTypmod): NumericValue {
  if (v.special === NAN) return v;
  if (v.special !== FINITE) throw numericFieldOverflow(t, true);
  const s = t.scale;
  let int: bigint;
  let dscale: number;
  if (s >= 0) {
    int = rescaleInt(v.int, v.dscale, s);
    dscale = s;
  } else {
    int = divRoundHalfAway(v.int, pow10n(v.dscale - s)) * pow10n(-s);
    dscale = 0;
  }
  if (!fitsDigits(int, dscale, t.precision - s)) throw numericFieldOverflow(t);
  return numericValue(int, dscale);
}

/**
 * A double (or real, with `digits` 6) as numeric the way PostgreSQL converts: through its
 * `%.15g` text (`%.6g` for real), so `0.1::float8::numeric` is `0.1`.
 */
export function numericFromDouble(x: number, digits = 15): NumericValue {
  if (x !== x) return NUMERIC_NAN;
  if (x === Infinity) return NUMERIC_PINF;
  if (x === -Infinity) return NUMERIC_NINF;
  if (x === 0) return numericValue(0n, 0);
  const e = x.toExponential(digits - 1); // d.ddde±x
  const k = e.indexOf('e');
  let mant = e.slice(0, k);
  const exp = Number(e.slice(k + 1));
  let neg = false;
  if (mant[0] === '-') { neg = true; mant = mant.slice(1); }
  let ds = mant.length > 1 ? mant[0]! + mant.slice(2) : mant;
  let end = ds.length;
  while (end > 1 && ds.charCodeAt(end - 1) === 48) end--;
  ds = ds.slice(0, end);
  // value = 0.ds × 10^(exp + 1)
  const frac = ds.length - 1 - exp; // digits after the point
  let int = BigInt(ds);
  let dscale = frac;
  if (frac < 0) { int *= pow10n(-frac); dscale = 0; }
  return numericValue(neg ? -int : int, dscale);
}

/** A numeric as the nearest double (correctly rounded, like PostgreSQL's `numeric_float8`). */
export function numericToDouble(v: NumericValue): number {
  switch (v.special) {
    case NAN: return NaN;
    case PINF: return Infinity;
    case NINF: return -Infinity;
    default:
      if (v.dscale === 0) return Number(v.int);
      if (v.dscale <= 22 && v.int <= 9007199254740991n && v.int >= -9007199254740991n) return Number(v.int) / 10 ** v.dscale;
      return Number(numericIntText(v.int, v.dscale));
  }
}

/** The value rounded half away from zero to an integer (`numeric` → integer casts); specials fail with 0A000. */
export function numericToInteger(v: NumericValue, typeLabel: string): bigint {
  if (v.special === NAN) throw new DbError(SqlState.FEATURE_NOT_SUPPORTED, `cannot convert NaN to ${typeLabel}`);
  if (v.special !== FINITE) throw new DbError(SqlState.FEATURE_NOT_SUPPORTED, `cannot convert infinity to ${typeLabel}`);
  return rescaleInt(v.int, v.dscale, 0);
}
