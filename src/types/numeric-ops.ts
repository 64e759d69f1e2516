/**
 * NUMERIC arithmetic on scalars with PostgreSQL's result scales: add/sub keep the larger
 * display scale, mul adds them, division picks `select_div_scale` (at least 16 significant
 * digits, never fewer decimals than an input) and rounds half away from zero, `%` has the
 * dividend's sign and the larger scale. NaN and ±Infinity follow PostgreSQL 14+. The vector
 * kernels (`exec/kernels/numeric-arith.ts`) use these for rows that leave the fast form.
 */
import { DbError } from '../errors/db-error.ts';
import { SqlState } from '../errors/sqlstate.ts';
import {
  FINITE, NAN, NINF, NUMERIC_MAX_DISPLAY_SCALE, NUMERIC_NAN, NUMERIC_NINF, NUMERIC_PINF, PINF, divRoundHalfAway,
  numericValue, pow10n, type NumericValue,
} from './numeric-value.ts';

/** NUMERIC_MIN_SIG_DIGITS: divisions give at least this many significant digits. */
export const MIN_SIG_DIGITS = 16;

/** 22012 `division by zero`. */
export function numericDivisionByZero(): DbError {
  return new DbError(SqlState.DIVISION_BY_ZERO, 'division by zero');
}

/** Number of decimal digits of |x| (1 for 0). */
export function decimalDigits(x: bigint): number {
  const a = x < 0n ? -x : x;
  if (a < 9007199254740992n) {
    const v = Number(a);
    let d = 1;
    let p = 10;
    while (d < 16 && v >= p) { d++; p *= 10; }
    return d;
  }
  return a.toString().length;
}

/**
 * PostgreSQL's NumericVar weight (base-10000 exponent of the first non-zero group) and that
 * group's value, for `int / 10^scale`; [0, 0] for zero.
 */
export function weightAndFirstDigit(int: bigint, scale: number): [number, number] {
  if (int === 0n) return [0, 0];
  const a = int < 0n ? -int : int;
  const e = decimalDigits(a) - 1 - scale; // decimal exponent of the leading digit
  const w = Math.floor(e / 4);
  const shift = 4 * w + scale;
  const first = shift >= 0 ? a / pow10n(shift) : a * pow10n(-shift);
  return [w, Number(first)];
}

/** PostgreSQL's `select_div_scale` for `x / y` (x = int/10^scale, display scales given). */
export function selectDivScale(xInt: bigint, xScale: number, xDscale: number, yInt: bigint, yScale: number, yDscale: number): number {
  const [w1, f1] = weightAndFirstDigit(xInt, xScale);
  const [w2, f2] = weightAndFirstDigit(yInt, yScale);
  let qweight = w1 - w2;
  if (f1 <= f2) qweight--;
  let rscale = MIN_SIG_DIGITS - qweight * 4;
  if (rscale < xDscale) rscale = xDscale;
  if (rscale < yDscale) rscale = yDscale;
  if (rscale < 0) rscale = 0;
  if (rscale > NUMERIC_MAX_DISPLAY_SCALE) rscale = NUMERIC_MAX_DISPLAY_SCALE;
  return rscale;
}

/** `x / y` of scaled integers at scale `rscale`, rounded half away from zero (y ≠ 0). */
export function divideInts(xInt: bigint, xScale: number, yInt: bigint, yScale: number, rscale: number): bigint {
  let num = xInt * pow10n(yScale + rscale);
  let den = yInt * pow10n(xScale);
  if (den < 0n) { num = -num; den = -den; }
  return divRoundHalfAway(num, den);
}

/** `x / y` truncated toward zero to an integer (y ≠ 0). */
export function divideIntsTrunc(xInt: bigint, xScale: number, yInt: bigint, yScale: number): bigint {
  return (xInt * pow10n(yScale)) / (yInt * pow10n(xScale));
}

function signOf(v: NumericValue): number {
  if (v.special === PINF) return 1;
  if (v.special === NINF) return -1;
  return v.int > 0n ? 1 : v.int < 0n ? -1 : 0;
}

/** `x / y` with PostgreSQL's result scale and special values (22012 for a zero divisor). */
export function divideValues(x: NumericValue, y: NumericValue): NumericValue {
  if (x.special !== FINITE || y.special !== FINITE) {
    if (x.special === NAN || y.special === NAN) return NUMERIC_NAN;
    if (x.special !== FINITE) {
      if (y.special !== FINITE) return NUMERIC_NAN;
      const s = signOf(y);
      if (s === 0) throw numericDivisionByZero();
      return (x.special === PINF) === (s > 0) ? NUMERIC_PINF : NUMERIC_NINF;
    }
    return numericValue(0n, 0); // finite / ±Infinity
  }
  if (y.int === 0n) throw numericDivisionByZero();
  const rscale = selectDivScale(x.int, x.dscale, x.dscale, y.int, y.dscale, y.dscale);
  return numericValue(divideInts(x.int, x.dscale, y.int, y.dscale, rscale), rscale);
}

/** `div(x, y)`: the quotient truncated toward zero (display scale 0). */
export function divTruncValues(x: NumericValue, y: NumericValue): NumericValue {
  if (x.special !== FINITE || y.special !== FINITE) {
    if (x.special === NAN || y.special === NAN) return NUMERIC_NAN;
    if (x.special !== FINITE) {
      if (y.special !== FINITE) return NUMERIC_NAN;
      const s = signOf(y);
      if (s === 0) throw numericDivisionByZero();
      return (x.special === PINF) === (s > 0) ? NUMERIC_PINF : NUMERIC_NINF;
    }
    return numericValue(0n, 0);
  }
  if (y.int === 0n) throw numericDivisionByZero();
  return numericValue(divideIntsTrunc(x.int, x.dscale, y.int, y.dscale), 0);
}

/** `x % y` (sign of x, display scale max of both; 22012 for a zero divisor). */
export function modValues(x: NumericValue, y: NumericValue): NumericValue {
  if (x.special !== FINITE || y.special !== FINITE) {
    if (x.special === NAN || y.special === NAN) return NUMERIC_NAN;
    if (x.special !== FINITE) {
      if (signOf(y) === 0) throw numericDivisionByZero();
      return NUMERIC_NAN;
    }
    return x; // finite % ±Infinity
  }
  if (y.int === 0n) throw numericDivisionByZero();
  const s = x.dscale > y.dscale ? x.dscale : y.dscale;
  const a = x.int * pow10n(s - x.dscale), b = y.int * pow10n(s - y.dscale);
  return numericValue(a % b, s);
}

/** `x + y` (or `x - y`) on scalars. */
export function addValues(x: NumericValue, y: NumericValue, subtract: boolean): NumericValue {
  if (x.special !== FINITE || y.special !== FINITE) {
    const fx = specialFloat(x), fy = specialFloat(y);
    return fromFloatSpecial(subtract ? fx - fy : fx + fy);
  }
  const s = x.dscale > y.dscale ? x.dscale : y.dscale;
  const a = x.int * pow10n(s - x.dscale), b = y.int * pow10n(s - y.dscale);
  return numericValue(subtract ? a - b : a + b, s);
}

/** `x * y` on scalars (display scale: the sum). */
export function mulValues(x: NumericValue, y: NumericValue): NumericValue {
  if (x.special !== FINITE || y.special !== FINITE) return fromFloatSpecial(specialFloat(x) * specialFloat(y));
  return numericValue(x.int * y.int, x.dscale + y.dscale);
}

/** A stand-in double with the value's sign class (specials exact, finite values by sign), for special-value arithmetic. */
function specialFloat(v: NumericValue): number {
  switch (v.special) {
    case NAN: return NaN;
    case PINF: return Infinity;
    case NINF: return -Infinity;
    default: return v.int > 0n ? 1 : v.int < 0n ? -1 : 0;
  }
}

function fromFloatSpecial(x: number): NumericValue {
  if (x !== x) return NUMERIC_NAN;
  if (x === Infinity) return NUMERIC_PINF;
  if (x === -Infinity) return NUMERIC_NINF;
  return NUMERIC_NAN; // unreachable: a special operand makes the result special
}

/**
 * Rounds (`trunc` false) half away from zero or truncates to `scale` digits after the point
 * (negative: to tens, hundreds…); the display scale becomes max(scale, 0).
 */
export function roundValue(v: NumericValue, scale: number, trunc: boolean): NumericValue {
  if (v.special !== FINITE) return v;
  const s = scale < -131073 ? -131073 : scale > 16383 ? 16383 : scale;
  if (s >= v.dscale) return numericValue(v.int * pow10n(s - v.dscale), s);
  const p = pow10n(v.dscale - s);
  const q = trunc ? v.int / p : divRoundHalfAway(v.int, p);
  if (s >= 0) return numericValue(q, s);
  return numericValue(q * pow10n(-s), 0);
}
