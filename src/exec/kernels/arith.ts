/**
 * Arithmetic kernels with PostgreSQL semantics: integer division truncates, overflow raises
 * 22003, division by zero raises 22012. One loop per (operator, type), chosen at compile time.
 */
import type { DataType } from '../../types/data-type.ts';
import { DbError } from '../../errors/db-error.ts';
import { SqlState } from '../../errors/sqlstate.ts';
import type { Selection, Vector } from '../../types/vector.ts';
import { unionNulls } from './compare.ts';
import { DATE_INFINITY, DATE_NEG_INFINITY } from '../../types/calendar.ts';
import { numericArith, numericNegate } from './numeric-arith.ts';

/** First valid date (4714-11-24 BC, Julian day 0), in days since 1970-01-01 (PostgreSQL's range). */
const DATE_FIRST = -2440588;
/** One past the last valid date (5874897-12-31 AD). */
const DATE_END = 2145042906;

/** Arithmetic operators. */
export type ArithOp = '+' | '-' | '*' | '/' | '%';

const INT_MIN = -2147483648, INT_MAX = 2147483647;
const I64_MIN = -(2n ** 63n), I64_MAX = 2n ** 63n - 1n;

/** The 22003 error of a type. */
export function outOfRange(type: DataType): DbError {
  const name = type === 'smallint' ? 'smallint' : type === 'bigint' ? 'bigint' : type === 'integer' ? 'integer' : type === 'date' ? 'date' : null;
  return new DbError(SqlState.NUMERIC_VALUE_OUT_OF_RANGE, name === null ? 'value out of range: overflow' : `${name} out of range`);
}

/** The 22012 error. */
export function divisionByZero(): DbError {
  return new DbError(SqlState.DIVISION_BY_ZERO, 'division by zero');
}

/**
 * `l op r` over two vectors of the same numeric type (or date ± integer days). `lc`/`rc` are
 * constants replacing a side when not undefined (the vector on that side is then ignored).
 */
export function arith(op: ArithOp, type: DataType, l: Vector | null, r: Vector | null, lc: unknown, rc: unknown, n: number, sel: Selection): Vector {
  if (type === 'numeric') return numericArith(op, l, r, lc as string | undefined, rc as string | undefined, n, sel);
  const nulls = unionNulls(l === null ? null : l.nulls, r === null ? null : r.nulls, n);
  const m = sel === null ? n : sel.length;
  if (type === 'bigint') {
    const out = new BigInt64Array(n);
    const a = l === null ? null : (l.data as BigInt64Array), b = r === null ? null : (r.data as BigInt64Array);
    const ca = lc as bigint, cb = rc as bigint;
    for (let k = 0; k < m; k++) {
      const i = sel === null ? k : sel[k]!;
      if (nulls !== null && nulls[i] === 1) continue;
      const x = a === null ? ca : a[i]!, y = b === null ? cb : b[i]!;
      let v: bigint;
      switch (op) {
        case '+': v = x + y; break;
        case '-': v = x - y; break;
        case '*': v = x * y; break;
        case '/': if (y === 0n) throw divisionByZero(); v = x / y; break;
        case '%': if (y === 0n) throw divisionByZero(); v = x % y; break;
      }
      if (v > I64_MAX || v < I64_MIN) throw outOfRange('bigint');
      out[i] = v;
    }
    return { type, length: n, data: out, nulls };
  }
  if (type === 'date') return dateArith(op, l, r, lc, rc, n, sel, nulls);
  const integral = type === 'integer' || type === 'smallint';
  const out = integral ? new Int32Array(n) : new Float64Array(n);
  const a = l === null ? null : (l.data as ArrayLike<number>), b = r === null ? null : (r.data as ArrayLike<number>);
  const ca = lc as number, cb = rc as number;
  if (integral) {
    const lo = type === 'smallint' ? -32768 : INT_MIN, hi = type === 'smallint' ? 32767 : INT_MAX;
    const o = out as Int32Array;
    switch (op) {
      case '+':
        for (let k = 0; k < m; k++) {
          const i = sel === null ? k : sel[k]!;
          const v = (a === null ? ca : a[i]!) + (b === null ? cb : b[i]!);
          if (v > hi || v < lo) { if (nulls !== null && nulls[i] === 1) continue; throw outOfRange(type); }
          o[i] = v;
        }
        break;
      case '-':
        for (let k = 0; k < m; k++) {
          const i = sel === null ? k : sel[k]!;
          const v = (a === null ? ca : a[i]!) - (b === null ? cb : b[i]!);
          if (v > hi || v < lo) { if (nulls !== null && nulls[i] === 1) continue; throw outOfRange(type); }
          o[i] = v;
        }
        break;
      case '*':
        for (let k = 0; k < m; k++) {
          const i = sel === null ? k : sel[k]!;
          const v = (a === null ? ca : a[i]!) * (b === null ? cb : b[i]!);
          if (v > hi || v < lo) { if (nulls !== null && nulls[i] === 1) continue; throw outOfRange(type); }
          o[i] = v;
        }
        break;
      case '/':
        for (let k = 0; k < m; k++) {
          const i = sel === null ? k : sel[k]!;
          if (nulls !== null && nulls[i] === 1) continue;
          const y = b === null ? cb : b[i]!;
          if (y === 0) throw divisionByZero();
          const v = Math.trunc((a === null ? ca : a[i]!) / y);
          if (v > hi || v < lo) throw outOfRange(type);
          o[i] = v;
        }
        break;
      case '%':
        for (let k = 0; k < m; k++) {
          const i = sel === null ? k : sel[k]!;
          if (nulls !== null && nulls[i] === 1) continue;
          const y = b === null ? cb : b[i]!;
          if (y === 0) throw divisionByZero();
          o[i] = (a === null ? ca : a[i]!) % y;
        }
        break;
    }
    return { type, length: n, data: o, nulls };
  }
  const o = out as Float64Array;
  const single = type === 'real';
  for (let k = 0; k < m; k++) {
    const i = sel === null ? k : sel[k]!;
    const x = a === null ? ca : a[i]!, y = b === null ? cb : b[i]!;
    let v: number;
    switch (op) {
      case '+': v = x + y; break;
      case '-': v = x - y; break;
      case '*': v = x * y; break;
      case '/':
        if (y === 0) { if (nulls !== null && nulls[i] === 1) continue; throw divisionByZero(); }
        v = x / y; break;
      case '%':
        if (y === 0) { if (nulls !== null && nulls[i] === 1) continue; throw divisionByZero(); }
        v = x % y; break;
    }
    if (single) v = Math.fround(v);
    if (v === Infinity || v === -Infinity) {
      if (nulls !== null && nulls[i] === 1) continue;
      if (x === x && y === y && Number.isFinite(x) && Number.isFinite(y)) throw outOfRange('double');
    }
    o[i] = v;
  }
  return { type, length: n, data: o, nulls };
}

/**
 * `date ± integer`: PostgreSQL's range check (22008 outside 4714-11-24 BC … 5874897-12-31);
 * ±infinity stays itself. The date is on the left (the binder puts it there).
 */
function dateArith(op: ArithOp, l: Vector | null, r: Vector | null, lc: unknown, rc: unknown, n: number, sel: Selection, nulls: Uint8Array | null): Vector {
  if (op !== '+' && op !== '-') throw new DbError(SqlState.UNDEFINED_FUNCTION, `operator does not exist: date ${op} integer`);
  const out = new Int32Array(n);
  const a = l === null ? null : (l.data as Int32Array), b = r === null ? null : (r.data as Int32Array);
  const ca = lc as number, cb = rc as number;
  const sign = op === '+' ? 1 : -1;
  const m = sel === null ? n : sel.length;
  for (let k = 0; k < m; k++) {
    const i = sel === null ? k : sel[k]!;
    if (nulls !== null && nulls[i] === 1) continue;
    const x = a === null ? ca : a[i]!;
    if (x === DATE_INFINITY || x === DATE_NEG_INFINITY) { out[i] = x; continue; }
    const v = x + sign * (b === null ? cb : b[i]!);
    if (v < DATE_FIRST || v >= DATE_END) throw new DbError(SqlState.DATETIME_FIELD_OVERFLOW, 'date out of range');
    out[i] = v;
  }
  return { type: 'date', length: n, data: out, nulls };
}

/** Unary minus. */
export function negate(v: Vector, n: number, sel: Selection): Vector {
  if (v.type === 'numeric') return numericNegate(v, n, sel);
  const m = sel === null ? n : sel.length;
  const nulls = v.nulls;
  if (v.type === 'bigint') {
    const a = v.data as BigInt64Array, out = new BigInt64Array(n);
    for (let k = 0; k < m; k++) {
      const i = sel === null ? k : sel[k]!;
      if (nulls !== null && nulls[i] === 1) continue;
      if (a[i] === I64_MIN) throw outOfRange('bigint');
      out[i] = -a[i]!;
    }
    return { type: v.type, length: n, data: out, nulls };
  }
  if (v.type === 'integer' || v.type === 'smallint') {
    const a = v.data as Int32Array, out = new Int32Array(n);
    const min = v.type === 'smallint' ? -32768 : INT_MIN;
    for (let k = 0; k < m; k++) {
      const i = sel === null ? k : sel[k]!;
      if (a[i] === min) { if (nulls !== null && nulls[i] === 1) continue; throw outOfRange(v.type); }
      out[i] = -a[i]!;
    }
    return { type: v.type, length: n, data: out, nulls };
  }
  const a = v.data as Float64Array, out = new Float64Array(n);
  for (let k = 0; k < m; k++) { const i = sel === null ? k : sel[k]!; out[i] = -a[i]!; }
  return { type: v.type, length: n, data: out, nulls };
}
