/**
 * Conversions between the numeric types with PostgreSQL's rounding (`rint`, ties to even) and
 * range checks (22003), shared by the value-level casts, the vector kernels and JS coercion.
 */
import { DbError } from '../errors/db-error.ts';
import { SqlState } from '../errors/sqlstate.ts';
import type { DataType } from './data-type.ts';
import { outOfRange } from './cast-errors.ts';

/** Smallest `integer`. */
export const INT32_MIN = -2147483648;
/** Largest `integer`. */
export const INT32_MAX = 2147483647;
/** Smallest `smallint`. */
export const INT16_MIN = -32768;
/** Largest `smallint`. */
export const INT16_MAX = 32767;
/** Smallest `bigint`. */
export const INT64_MIN = -(2n ** 63n);
/** Largest `bigint`. */
export const INT64_MAX = 2n ** 63n - 1n;
/** 2^63 as a double (the first double above the `bigint` range). */
export const TWO_63 = 9223372036854775808;

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
export function doubleToInt(x: number, to: DataType): number {
  const r = rint(x);
  if (to === 'smallint') {
    if (!(r >= INT16_MIN && r <= INT16_MAX)) throw outOfRange('smallint');
  } else if (!(r >= INT32_MIN && r <= INT32_MAX)) {
    throw outOfRange('integer');
  }
  return r;
}

/** double/real → bigint with PostgreSQL's rounding (ties to even) and range check. */
export function doubleToBigint(x: number): bigint {
  const r = rint(x);
  if (!(r >= -TWO_63 && r < TWO_63)) throw outOfRange('bigint');
  return BigInt(r);
}

/** bigint → smallint|integer with a range check (22003). */
export function bigintToInt(x: bigint, to: DataType): number {
  if (to === 'smallint') {
    if (x < -32768n || x > 32767n) throw outOfRange('smallint');
  } else if (x < -2147483648n || x > 2147483647n) {
    throw outOfRange('integer');
  }
  return Number(x);
}

/** double → real: rounds to float32, failing like PostgreSQL on overflow/underflow. */
export function doubleToReal(x: number): number {
  const f = Math.fround(x);
  if (!Number.isFinite(f) && Number.isFinite(x)) {
    throw new DbError(SqlState.NUMERIC_VALUE_OUT_OF_RANGE, 'value out of range: overflow');
  }
  if (f === 0 && x !== 0) {
    throw new DbError(SqlState.NUMERIC_VALUE_OUT_OF_RANGE, 'value out of range: underflow');
  }
  return f;
}
