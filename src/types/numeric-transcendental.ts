/**
 * sqrt, exp, ln, log and power of NUMERIC scalars with PostgreSQL's result scales (at least 16
 * significant digits, never fewer decimals than an input) and special values. Values are
 * computed in bigint fixed point with guard digits and rounded half away from zero, so they
 * agree with PostgreSQL's (which also computes with extra digits before rounding).
 */
import { DbError } from '../errors/db-error.ts';
import { SqlState } from '../errors/sqlstate.ts';
import {
  FINITE, NAN, NINF, NUMERIC_MAX_DISPLAY_SCALE, NUMERIC_NAN, NUMERIC_NINF, NUMERIC_PINF, PINF, divRoundHalfAway,
  numericOverflow, numericToDouble, numericValue, pow10n, type NumericValue,
} from './numeric-value.ts';
import { MIN_SIG_DIGITS, decimalDigits, numericDivisionByZero, weightAndFirstDigit } from './numeric-ops.ts';

const ZERO = numericValue(0n, 0);
const ONE = numericValue(1n, 0);

function clampScale(r: number): number {
  return r < 0 ? 0 : r > NUMERIC_MAX_DISPLAY_SCALE ? NUMERIC_MAX_DISPLAY_SCALE : r;
}

function logError(message: string): DbError {
  return new DbError(SqlState.INVALID_ARGUMENT_FOR_LOG, message);
}

function powerError(message: string): DbError {
  return new DbError(SqlState.INVALID_ARGUMENT_FOR_POWER_FUNCTION, message);
}

/** floor(sqrt(n)) for n ≥ 0. */
export function isqrt(n: bigint): bigint {
  if (n < 2n) return n;
  const bits = n.toString(16).length * 4;
  let x = 1n << BigInt((bits >> 1) + 1);
  for (;;) {
    const y = (x + n / x) >> 1n;
    if (y >= x) return x;
    x = y;
  }
}

/** A value as fixed point at scale `w` (truncated when it has more decimals). */
function toFixed(v: NumericValue, w: number): bigint {
  return w >= v.dscale ? v.int * pow10n(w - v.dscale) : v.int / pow10n(v.dscale - w);
}

/** Fixed point at scale `w` rounded to `r` decimals, as a value. */
function fromFixed(x: bigint, w: number, r: number): NumericValue {
  return numericValue(w > r ? divRoundHalfAway(x, pow10n(w - r)) : x * pow10n(r - w), r);
}

/** `truncate toward zero` of a double to an int, as C's `(int)` cast. */
function cInt(x: number): number {
  return x < 0 ? Math.ceil(x) : Math.floor(x);
}

// ───────────────────────────── sqrt ─────────────────────────────

/** sqrt(numeric): 2201F for negative input. */
export function sqrtValue(x: NumericValue): NumericValue {
  if (x.special === NAN) return NUMERIC_NAN;
  if (x.special === PINF) return NUMERIC_PINF;
  if (x.special === NINF || x.int < 0n) throw powerError('cannot take square root of a negative number');
  const [w] = weightAndFirstDigit(x.int, x.dscale);
  const sweight = 2 * w + 1; // (weight + 1) * DEC_DIGITS / 2 - 1
  let rscale = MIN_SIG_DIGITS - sweight;
  if (rscale < x.dscale) rscale = x.dscale;
  rscale = clampScale(rscale);
  // one guard digit: floor(sqrt) then round half away on it
  const e = 2 * (rscale + 1) - x.dscale;
  const q = isqrt(x.int * pow10n(e));
  return numericValue(divRoundHalfAway(q, 10n), rscale);
}

// ───────────────────────────── ln ─────────────────────────────

/** atanh-series ln of a fixed-point r (scale w) close to 1. */
function lnNearOne(r: bigint, w: number): bigint {
  const one = pow10n(w);
  const z = ((r - one) * one) / (r + one);
  const z2 = (z * z) / one;
  let term = z;
  let sum = 0n;
  for (let k = 1n; term !== 0n; k += 2n) {
    sum += term / k;
    term = (term * z2) / one;
  }
  return 2n * sum;
}

/** ln of a positive fixed-point value (scale w), by square roots down to (0.9, 1.1). */
function lnFixedSmall(v: bigint, w: number): bigint {
  const one = pow10n(w);
  const lo = (one * 9n) / 10n, hi = (one * 11n) / 10n;
  let x = v;
  let fac = 1n;
  while (x <= lo || x >= hi) { x = isqrt(x * one); fac *= 2n; }
  return lnNearOne(x, w) * fac;
}

const LN10_CACHE = new Map<number, bigint>();

/** ln(10) at scale w. */
function ln10(w: number): bigint {
  const hit = LN10_CACHE.get(w);
  if (hit !== undefined) return hit;
  const g = w + 5;
  // ln 10 = 3 ln 2 + ln 1.25 with ln 2 = ln(1.25) + 2 ln(1.6)/… via the near-one series after square roots
  const v = lnFixedSmall(10n * pow10n(g), g) / pow10n(5);
  LN10_CACHE.set(w, v);
  return v;
}

/** ln(x) at fixed-point scale w for a positive finite x (error a few units of 10^-w). */
export function lnFixed(x: NumericValue, w: number): bigint {
  const g = w + 8;
  const digits = decimalDigits(x.int);
  const e10 = digits - 1 - x.dscale; // x = m · 10^e10 with m = int / 10^(digits − 1) in [1, 10)
  const lm = lnFixedSmall(toFixed(numericValue(x.int, digits - 1), g), g);
  const l = lm + BigInt(e10) * ln10(g);
  return l / pow10n(8);
}

/** PostgreSQL's estimate_ln_dweight: the decimal exponent of ln(x)'s leading digit. */
export function estimateLnDweight(x: NumericValue): number {
  if (x.special !== FINITE || x.int <= 0n) return 0;
  const one = pow10n(x.dscale);
  if (10n * x.int >= 9n * one && 10n * x.int <= 11n * one) {
    // 0.9 ≤ x ≤ 1.1: ln(x) ≈ x − 1
    const d = x.int - one;
    if (d === 0n) return 0;
    return decimalDigits(d) - 1 - x.dscale;
  }
  // x ≈ digits · 10^dweight from its first one or two base-10000 digits
  const [w, first] = weightAndFirstDigit(x.int, x.dscale);
  const s1 = 4 * w + x.dscale;
  let digits = first;
  let dweight = 4 * w;
  if (s1 > 0) {
    const rem = x.int % pow10n(s1);
    if (rem !== 0n) {
      const s2 = s1 - 4;
      const second = s2 >= 0 ? rem / pow10n(s2) : rem * pow10n(-s2);
      digits = first * 10000 + Number(second);
      dweight -= 4;
    }
  }
  const lnv = Math.log(digits) + dweight * 2.302585092994046;
  return cInt(Math.log10(Math.abs(lnv)));
}

function checkLogArg(x: NumericValue): void {
  if (x.special === NINF || (x.special === FINITE && x.int < 0n)) throw logError('cannot take logarithm of a negative number');
  if (x.special === FINITE && x.int === 0n) throw logError('cannot take logarithm of zero');
}

/** ln(numeric): 2201E for zero and negative input. */
export function lnValue(x: NumericValue): NumericValue {
  if (x.special === NAN) return NUMERIC_NAN;
  checkLogArg(x);
  if (x.special === PINF) return NUMERIC_PINF;
  let rscale = MIN_SIG_DIGITS - estimateLnDweight(x);
  if (rscale < x.dscale) rscale = x.dscale;
  rscale = clampScale(rscale);
  const w = rscale + 10;
  return fromFixed(lnFixed(x, w), w, rscale);
}

/** log(b, x) (and log(x) = log(10, x)): 2201E for zero and negative input, 22012 for base 1. */
export function logValue(b: NumericValue, x: NumericValue): NumericValue {
  if (b.special === NAN || x.special === NAN) return NUMERIC_NAN;
  checkLogArg(b);
  checkLogArg(x);
  if (b.special === PINF) return x.special === PINF ? NUMERIC_NAN : ZERO;
  if (x.special === PINF) return NUMERIC_PINF;
  const db = estimateLnDweight(b), dx = estimateLnDweight(x);
  const rd = dx - db;
  let rscale = MIN_SIG_DIGITS - rd;
  if (rscale < b.dscale) rscale = b.dscale;
  if (rscale < x.dscale) rscale = x.dscale;
  rscale = clampScale(rscale);
  const wb = Math.max(rscale + rd - db + 12, 12), wx = Math.max(rscale + rd - dx + 12, 12);
  const lb = lnFixed(b, wb), lx = lnFixed(x, wx);
  if (lb === 0n) throw numericDivisionByZero();
  // (lx / 10^wx) / (lb / 10^wb) at scale rscale
  let num = lx * pow10n(wb + rscale), den = lb * pow10n(wx);
  if (den < 0n) { num = -num; den = -den; }
  return numericValue(divRoundHalfAway(num, den), rscale);
}

// ───────────────────────────── exp ─────────────────────────────

/**
 * exp of a fixed-point value (scale w_in) to absolute precision beyond 10^-w: returns the
 * result and its (larger) scale. `magnitude` estimates log10 of the result.
 */
function expFixed(x: bigint, wIn: number, w: number, magnitude: number): [bigint, number] {
  // halve until |y| < 0.01, Taylor series, then square back
  const ax = x < 0n ? -x : x;
  let k = 0;
  const limit = pow10n(wIn) / 100n;
  let t = ax;
  while (t > limit) { t /= 2n; k++; }
  const g = w + Math.max(0, Math.ceil(magnitude)) + Math.ceil(k * 0.302) + 10;
  const one = pow10n(g);
  let y = wIn <= g ? x * pow10n(g - wIn) : x / pow10n(wIn - g);
  y /= 1n << BigInt(k);
  let sum = one, term = one;
  for (let n = 1n; term !== 0n; n++) {
    term = (term * y) / (one * n);
    sum += term;
  }
  for (let i = 0; i < k; i++) sum = (sum * sum) / one;
  return [sum, g];
}

/** exp(numeric): 22003 when the result overflows. */
export function expValue(x: NumericValue): NumericValue {
  if (x.special === NAN) return NUMERIC_NAN;
  if (x.special === PINF) return NUMERIC_PINF;
  if (x.special === NINF) return ZERO;
  const d = numericToDouble(x);
  let val = d * 0.434294481903252;
  if (val < -2000) val = -2000;
  if (val > 2000) val = 2000;
  let rscale = MIN_SIG_DIGITS - cInt(val);
  if (rscale < x.dscale) rscale = x.dscale;
  rscale = clampScale(rscale);
  if (Math.abs(d) >= 6000) {
    if (d > 0) throw numericOverflow();
    return numericValue(0n, rscale);
  }
  const [r, g] = expFixed(x.int, x.dscale, rscale + 2, val);
  return fromFixed(r, g, rscale);
}

// ───────────────────────────── power ─────────────────────────────

function isIntegral(v: NumericValue): boolean {
  return v.special === FINITE && v.int % pow10n(v.dscale) === 0n;
}

/** |x| compared with 1. */
function cmpAbsOne(x: NumericValue): number {
  const a = x.int < 0n ? -x.int : x.int;
  const one = pow10n(x.dscale);
  return a < one ? -1 : a > one ? 1 : 0;
}

/** The special-value rules of power (POSIX pow, as PostgreSQL 14+). */
function powerSpecial(x: NumericValue, y: NumericValue): NumericValue {
  if (x.special === NAN) return y.special === FINITE && y.int === 0n ? ONE : NUMERIC_NAN;
  if (y.special === NAN) return x.special === FINITE && x.int === pow10n(x.dscale) ? ONE : NUMERIC_NAN;
  if (y.special !== FINITE) {
    const c = x.special !== FINITE ? 1 : cmpAbsOne(x);
    if (c === 0) return ONE;
    if (y.special === PINF) return c > 0 ? NUMERIC_PINF : ZERO;
    if (c > 0) return ZERO;
    if (x.int === 0n) throw powerError('zero raised to a negative power is undefined');
    return NUMERIC_PINF;
  }
  const s = y.int > 0n ? 1 : y.int < 0n ? -1 : 0;
  if (s === 0) return ONE;
  if (x.special === PINF) return s > 0 ? NUMERIC_PINF : ZERO;
  // -Infinity
  if (s < 0) return ZERO;
  const odd = isIntegral(y) && ((y.int / pow10n(y.dscale)) & 1n) === 1n;
  return odd ? NUMERIC_NINF : NUMERIC_PINF;
}

/** x ^ e for an integer e (PostgreSQL's power_var_int scale rules). */
function powerInt(x: NumericValue, e: number, eDscale: number): NumericValue {
  let f = 0;
  if (x.int !== 0n) f = e * log10Abs(x);
  if (f > 131072) throw numericOverflow();
  if (f + 1 < -NUMERIC_MAX_DISPLAY_SCALE) return numericValue(0n, NUMERIC_MAX_DISPLAY_SCALE);
  let rscale = MIN_SIG_DIGITS - cInt(f);
  if (rscale < x.dscale) rscale = x.dscale;
  if (rscale < eDscale) rscale = eDscale;
  rscale = clampScale(rscale);
  if (e === 0) return numericValue(pow10n(rscale), rscale);
  if (x.int === 0n) {
    if (e < 0) throw numericDivisionByZero();
    return numericValue(0n, rscale);
  }
  const k = e < 0 ? -e : e;
  if (decimalDigits(x.int) * k <= 20000) {
    const p = x.int ** BigInt(k); // exact: x^k at scale dscale·k
    const ps = x.dscale * k;
    if (e > 0) return fromFixed(p, ps, rscale);
    let num = pow10n(ps + rscale), den = p;
    if (den < 0n) { num = -num; den = -den; }
    return numericValue(divRoundHalfAway(num, den), rscale);
  }
  // huge exact powers: through exp(e · ln|x|) with enough digits
  const r = powerByLog(x.int < 0n ? numericValue(-x.int, x.dscale) : x, numericValue(BigInt(e), 0), rscale, f);
  return x.int < 0n && (k & 1) === 1 ? numericValue(-r.int, r.dscale) : r;
}

/** log10|x| as a double (works beyond the double range). */
function log10Abs(x: NumericValue): number {
  const a = x.int < 0n ? -x.int : x.int;
  const digits = decimalDigits(a);
  const lead = digits > 17 ? Number(a / pow10n(digits - 17)) : Number(a);
  const shift = digits > 17 ? digits - 17 : 0;
  return Math.log10(lead) + shift - x.dscale;
}

/** exp(y · ln x) for x > 0 rounded to rscale; `val` estimates log10 of the result. */
function powerByLog(x: NumericValue, y: NumericValue, rscale: number, val: number): NumericValue {
  const ylog = Math.max(0, Math.ceil(log10Abs(y.int === 0n ? ONE : y)));
  const w = rscale + Math.max(0, Math.ceil(val)) + ylog + 12;
  const l = lnFixed(x, w); // ln x at scale w
  const prod = l * y.int; // at scale w + y.dscale
  const [r, g] = expFixed(prod, w + y.dscale, rscale + 2, val);
  return fromFixed(r, g, rscale);
}

/** power(x, y) (also `x ^ y`): 2201F for 0 ^ negative and negative ^ non-integer. */
export function powerValue(x: NumericValue, y: NumericValue): NumericValue {
  if (x.special !== FINITE || y.special !== FINITE) return powerSpecial(x, y);
  if (x.int === 0n && y.int < 0n) throw powerError('zero raised to a negative power is undefined');
  if (isIntegral(y)) {
    const e = y.int / pow10n(y.dscale);
    if (e >= -2147483648n && e <= 2147483647n) return powerInt(x, Number(e), y.dscale);
  }
  if (x.int === 0n) return numericValue(0n, MIN_SIG_DIGITS);
  if (x.int < 0n) {
    if (!isIntegral(y)) throw powerError('a negative number raised to a non-integer power yields a complex result');
  }
  const neg = x.int < 0n && ((y.int / pow10n(y.dscale)) & 1n) === 1n;
  const ax = x.int < 0n ? numericValue(-x.int, x.dscale) : x;
  const lnEst = log10Abs(ax) * 2.302585092994046 * numericToDouble(y);
  if (Math.abs(lnEst) > 2000 * 3.01) {
    if (lnEst > 0) throw numericOverflow();
    return numericValue(0n, NUMERIC_MAX_DISPLAY_SCALE);
  }
  const val = lnEst * 0.434294481903252;
  let rscale = MIN_SIG_DIGITS - cInt(val);
  if (rscale < x.dscale) rscale = x.dscale;
  if (rscale < y.dscale) rscale = y.dscale;
  rscale = clampScale(rscale);
  const r = powerByLog(ax, y, rscale, val);
  return neg ? numericValue(-r.int, r.dscale) : r;
}
