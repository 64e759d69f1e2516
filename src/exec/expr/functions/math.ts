/**
 * Math functions. Integer-typed functions (abs, mod) keep integer types (smallint promotes to
 * integer); the rest compute in double precision like PostgreSQL's float8 functions, with its
 * domain errors (2201E, 2201F, 22003, 22012).
 *
 * Rounding: `round(double precision)` rounds half to even (C's `rint`, PostgreSQL's float8
 * round); `round(numeric[, n])` half away from zero (`math-numeric.ts`). InkDB also accepts
 * `round(double precision, n)`, rounding the shortest decimal form of x half away from zero.
 * Every name with numeric overloads resolves through `withNumeric` (PostgreSQL's rules:
 * `round(1)` is double precision, `round(1.5)` and `round(1, 2)` numeric).
 */
import { DbError } from '../../../errors/db-error.ts';
import { SqlState } from '../../../errors/sqlstate.ts';
import { commonSupertype } from '../../../types/cast-rules.ts';
import { rint } from '../../../types/numeric.ts';
import type { DataType } from '../../../types/data-type.ts';
import type { JsValue, Selection, Vector } from '../../../types/vector.ts';
import { allocNumeric, type NumericData } from '../../../types/numeric-data.ts';
import { compareNumericAt, pickNumeric } from '../../../types/numeric-data-ops.ts';
import type { ScalarFunction } from '../function-registry.ts';
import {
  alias, constantVector, defineFunction, f64, i32, i64, mapRows, matchSignatures, rowCount, simpleFunction,
  unionNulls,
} from './common.ts';
import {
  ABS_NUMERIC, CEIL_NUMERIC, DIV_NUMERIC, EXP_NUMERIC, FLOOR_NUMERIC, LN_NUMERIC, LOG10_NUMERIC, LOG_NUMERIC, MIN_SCALE_NUMERIC,
  MOD_NUMERIC, POWER_NUMERIC, SCALE_NUMERIC, SIGN_NUMERIC, SQRT_NUMERIC, TRIM_SCALE_NUMERIC, chooseOverload, roundNumeric,
  withNumeric, type NumericOverloads,
} from './math-numeric.ts';

type Sig = { readonly params: readonly DataType[]; readonly result: DataType };

const D2D: readonly Sig[] = [{ params: ['double'], result: 'double' }];

function overflow(): DbError {
  return new DbError(SqlState.NUMERIC_VALUE_OUT_OF_RANGE, 'value out of range: overflow');
}

function underflow(): DbError {
  return new DbError(SqlState.NUMERIC_VALUE_OUT_OF_RANGE, 'value out of range: underflow');
}

/** PostgreSQL's float8 result check: ±Infinity from finite input overflows. */
function checkFinite(r: number, x: number): number {
  if ((r === Infinity || r === -Infinity) && Number.isFinite(x)) throw overflow();
  return r;
}

/**
 * A double → double function: one loop over the selection, input null mask shared with the
 * result, `op` called only for non-null rows (so domain checks never see placeholder zeros).
 */
function unaryDouble(name: string, op: (x: number) => number): ScalarFunction {
  return defineFunction({
    name,
    minArgs: 1,
    maxArgs: 1,
    resolve: (args) => matchSignatures(args, D2D),
    evaluate(args, n, sel) {
      const v = args[0]!;
      const x = f64(v);
      const nulls = v.nulls;
      const out = new Float64Array(n);
      const m = rowCount(n, sel);
      for (let k = 0; k < m; k++) {
        const i = sel === null ? k : sel[k]!;
        if (nulls !== null && nulls[i] === 1) continue;
        out[i] = op(x[i]!);
      }
      return { type: 'double', length: n, data: out, nulls };
    },
  });
}

/** A (double, double) → double function. */
function binaryDouble(name: string, op: (x: number, y: number) => number): ScalarFunction {
  return defineFunction({
    name,
    minArgs: 2,
    maxArgs: 2,
    resolve: (args) => matchSignatures(args, [{ params: ['double', 'double'], result: 'double' }]),
    evaluate(args, n, sel) {
      const x = f64(args[0]!);
      const y = f64(args[1]!);
      const nulls = unionNulls(args, n);
      const out = new Float64Array(n);
      const m = rowCount(n, sel);
      for (let k = 0; k < m; k++) {
        const i = sel === null ? k : sel[k]!;
        if (nulls !== null && nulls[i] === 1) continue;
        out[i] = op(x[i]!, y[i]!);
      }
      return { type: 'double', length: n, data: out, nulls };
    },
  });
}

// ───────────────────────────── abs, mod ─────────────────────────────

const INT_FAMILY: readonly Sig[] = [
  { params: ['integer'], result: 'integer' },
  { params: ['bigint'], result: 'bigint' },
  { params: ['double'], result: 'double' },
];

/** abs keeps the type: smallint, integer, bigint (abs of the minimum fails with 22003), real, double (numeric in `math-numeric.ts`). */
const abs = defineFunction({
  name: 'abs',
  minArgs: 1,
  maxArgs: 1,
  resolve: (args) => matchSignatures(args, INT_FAMILY),
  evaluate(args, n, sel) {
    const v = args[0]!;
    const nulls = v.nulls;
    const m = rowCount(n, sel);
    if (v.type === 'integer' || v.type === 'smallint') {
      const x = i32(v);
      const out = new Int32Array(n);
      const min = v.type === 'smallint' ? -32768 : -2147483648;
      for (let k = 0; k < m; k++) {
        const i = sel === null ? k : sel[k]!;
        const a = x[i]!;
        if (a === min && (nulls === null || nulls[i] !== 1)) {
          throw new DbError(SqlState.NUMERIC_VALUE_OUT_OF_RANGE, `${v.type} out of range`);
        }
        out[i] = a < 0 ? -a : a;
      }
      return { type: v.type, length: n, data: out, nulls };
    }
    if (v.type === 'bigint') {
      const x = i64(v);
      const out = new BigInt64Array(n);
      for (let k = 0; k < m; k++) {
        const i = sel === null ? k : sel[k]!;
        const a = x[i]!;
        if (a === -9223372036854775808n && (nulls === null || nulls[i] !== 1)) {
          throw new DbError(SqlState.NUMERIC_VALUE_OUT_OF_RANGE, 'bigint out of range');
        }
        out[i] = a < 0n ? -a : a;
      }
      return { type: 'bigint', length: n, data: out, nulls };
    }
    const x = f64(v);
    const out = new Float64Array(n);
    for (let k = 0; k < m; k++) { const i = sel === null ? k : sel[k]!; out[i] = Math.abs(x[i]!); }
    return { type: v.type === 'real' ? 'real' : 'double', length: n, data: out, nulls };
  },
});

function divisionByZero(): DbError {
  return new DbError(SqlState.DIVISION_BY_ZERO, 'division by zero');
}

/** mod(a, b): remainder with the sign of a; b = 0 → 22012. */
const mod = defineFunction({
  name: 'mod',
  minArgs: 2,
  maxArgs: 2,
  resolve: (args) => matchSignatures(args, [
    { params: ['integer', 'integer'], result: 'integer' },
    { params: ['bigint', 'bigint'], result: 'bigint' },
    { params: ['double', 'double'], result: 'double' },
  ]),
  evaluate(args, n, sel) {
    const a = args[0]!;
    const b = args[1]!;
    const nulls = unionNulls(args, n);
    const m = rowCount(n, sel);
    if (a.type === 'bigint') {
      const x = i64(a);
      const y = i64(b);
      const out = new BigInt64Array(n);
      for (let k = 0; k < m; k++) {
        const i = sel === null ? k : sel[k]!;
        if (nulls !== null && nulls[i] === 1) continue;
        const d = y[i]!;
        if (d === 0n) throw divisionByZero();
        out[i] = x[i]! % d;
      }
      return { type: 'bigint', length: n, data: out, nulls };
    }
    if (a.type === 'double') {
      const x = f64(a);
      const y = f64(b);
      const out = new Float64Array(n);
      for (let k = 0; k < m; k++) {
        const i = sel === null ? k : sel[k]!;
        if (nulls !== null && nulls[i] === 1) continue;
        const d = y[i]!;
        if (d === 0) throw divisionByZero();
        out[i] = x[i]! % d;
      }
      return { type: 'double', length: n, data: out, nulls };
    }
    const x = i32(a);
    const y = i32(b);
    const out = new Int32Array(n);
    for (let k = 0; k < m; k++) {
      const i = sel === null ? k : sel[k]!;
      if (nulls !== null && nulls[i] === 1) continue;
      const d = y[i]!;
      if (d === 0) throw divisionByZero();
      out[i] = x[i]! % d; // INT_MIN % -1 is -0 in JS; the Int32Array stores 0
    }
    return { type: 'integer', length: n, data: out, nulls };
  },
});

// ───────────────────────────── rounding ─────────────────────────────

/** round(double precision): half to even, as PostgreSQL's float8 `round` (C `rint`; -0.4 gives -0). */
function roundHalfEven(x: number): number {
  return rint(x);
}

/** x scaled by 10^d through its shortest decimal form (exact for decimal-looking inputs). */
function shiftDecimal(x: number, d: number): number {
  const e = x.toExponential();
  const k = e.indexOf('e');
  return Number(e.slice(0, k) + 'e' + (Number(e.slice(k + 1)) + d));
}

function roundDigits(x: number, d: number, mode: 'round' | 'trunc'): number {
  if (!Number.isFinite(x) || x === 0) return x + 0;
  const neg = x < 0;
  const a = neg ? -x : x;
  const s = shiftDecimal(a, d);
  if (!Number.isFinite(s) || s >= 9007199254740992) return x; // already exact at this scale
  const r = mode === 'round' ? Math.round(s) : Math.trunc(s);
  const back = r === 0 ? 0 : shiftDecimal(r, -d);
  return neg ? -back + 0 : back;
}

function roundingFunction(name: string, mode: 'round' | 'trunc'): ScalarFunction {
  return defineFunction({
    name,
    minArgs: 1,
    maxArgs: 2,
    resolve: (args) => matchSignatures(args, [
      { params: ['double'], result: 'double' },
      { params: ['double', 'integer'], result: 'double' },
    ]),
    evaluate(args, n, sel) {
      const x = f64(args[0]!);
      const digits = args.length > 1 ? i32(args[1]!) : null;
      const nulls = args.length > 1 ? unionNulls(args, n) : args[0]!.nulls;
      const out = new Float64Array(n);
      const m = rowCount(n, sel);
      for (let k = 0; k < m; k++) {
        const i = sel === null ? k : sel[k]!;
        if (nulls !== null && nulls[i] === 1) continue;
        const v = x[i]!;
        if (digits !== null && digits[i] !== 0) out[i] = roundDigits(v, digits[i]!, mode);
        else out[i] = mode === 'round' ? roundHalfEven(v) : Math.trunc(v); // -0 stays -0, as C's rint / trunc
      }
      return { type: 'double', length: n, data: out, nulls };
    },
  });
}

// C's ceil / floor keep the sign of zero (ceil(-0.5) is -0), and so does PostgreSQL's float8 output
const ceil = unaryDouble('ceil', (x) => Math.ceil(x));
const floor = unaryDouble('floor', (x) => Math.floor(x));
// PostgreSQL's float8 sign: 1 above zero, -1 below, else 0 (also for NaN)
const sign = unaryDouble('sign', (x) => (x > 0 ? 1 : x < 0 ? -1 : 0));

// ───────────────────────────── powers and logarithms ─────────────────────────────

const sqrt = unaryDouble('sqrt', (x) => {
  if (x < 0) throw new DbError(SqlState.INVALID_ARGUMENT_FOR_POWER_FUNCTION, 'cannot take square root of a negative number');
  return Math.sqrt(x);
});
const cbrt = unaryDouble('cbrt', (x) => Math.cbrt(x));

const exp = unaryDouble('exp', (x) => {
  const r = Math.exp(x);
  if (r === Infinity && Number.isFinite(x)) throw overflow();
  if (r === 0 && Number.isFinite(x)) throw underflow();
  return r;
});

function checkLogArg(x: number): void {
  if (x === 0) throw new DbError(SqlState.INVALID_ARGUMENT_FOR_LOG, 'cannot take logarithm of zero');
  if (x < 0) throw new DbError(SqlState.INVALID_ARGUMENT_FOR_LOG, 'cannot take logarithm of a negative number');
}

const ln = unaryDouble('ln', (x) => { checkLogArg(x); return Math.log(x); });
const log10 = unaryDouble('log10', (x) => { checkLogArg(x); return Math.log10(x); });

/** log(x) is log10 (PostgreSQL); log(b, x) is log base b of x. */
const log = defineFunction({
  name: 'log',
  minArgs: 1,
  maxArgs: 2,
  resolve: (args) => matchSignatures(args, [
    { params: ['double'], result: 'double' },
    { params: ['double', 'double'], result: 'double' },
  ]),
  evaluate(args, n, sel, ctx) {
    if (args.length === 1) return log10.evaluate(args, n, sel, ctx);
    return logBase.evaluate(args, n, sel, ctx);
  },
});

const logBase = binaryDouble('log', (b, x) => {
  checkLogArg(b);
  checkLogArg(x);
  const lb = Math.log(b);
  if (lb === 0) throw divisionByZero();
  return Math.log(x) / lb;
});

const power = binaryDouble('power', (x, y) => {
  if (x === 0 && y < 0) {
    throw new DbError(SqlState.INVALID_ARGUMENT_FOR_POWER_FUNCTION, 'zero raised to a negative power is undefined');
  }
  if (x < 0 && Number.isFinite(y) && Math.floor(y) !== y) {
    throw new DbError(SqlState.INVALID_ARGUMENT_FOR_POWER_FUNCTION, 'a negative number raised to a non-integer power yields a complex result');
  }
  if (x === 1 || (y === 0)) return 1; // PostgreSQL: 1 ^ NaN = 1, NaN ^ 0 = 1
  const r = Math.pow(x, y);
  if ((r === Infinity || r === -Infinity) && Number.isFinite(x) && Number.isFinite(y)) throw overflow();
  if (r === 0 && x !== 0 && Number.isFinite(x) && Number.isFinite(y)) throw underflow();
  return r;
});

// ───────────────────────────── trigonometry ─────────────────────────────

function checkUnit(x: number): void {
  if (x < -1 || x > 1) throw new DbError(SqlState.NUMERIC_VALUE_OUT_OF_RANGE, 'input is out of range');
}

function checkTrigInput(x: number): void {
  if (x === Infinity || x === -Infinity) throw new DbError(SqlState.NUMERIC_VALUE_OUT_OF_RANGE, 'input is out of range');
}

const sin = unaryDouble('sin', (x) => { checkTrigInput(x); return Math.sin(x); });
const cos = unaryDouble('cos', (x) => { checkTrigInput(x); return Math.cos(x); });
const tan = unaryDouble('tan', (x) => { checkTrigInput(x); return Math.tan(x); });
const cot = unaryDouble('cot', (x) => { checkTrigInput(x); return checkFinite(1 / Math.tan(x), 1); });
const asin = unaryDouble('asin', (x) => { checkUnit(x); return Math.asin(x); });
const acos = unaryDouble('acos', (x) => { checkUnit(x); return Math.acos(x); });
const atan = unaryDouble('atan', (x) => Math.atan(x));
const atan2 = binaryDouble('atan2', (y, x) => Math.atan2(y, x));
const degrees = unaryDouble('degrees', (x) => checkFinite(x * (180 / Math.PI), x));
const radians = unaryDouble('radians', (x) => x * (Math.PI / 180));

const pi = defineFunction({
  name: 'pi',
  minArgs: 0,
  maxArgs: 0,
  resolve: (args) => (args.length === 0 ? { result: 'double', args: [] } : null),
  evaluate: (_args, n) => constantVector('double', Math.PI, n),
});

/** random(): uniform in [0, 1), volatile. */
const random = defineFunction({
  name: 'random',
  minArgs: 0,
  maxArgs: 0,
  volatile: true,
  resolve: (args) => (args.length === 0 ? { result: 'double', args: [] } : null),
  evaluate(_args, n, sel) {
    const out = new Float64Array(n);
    const m = rowCount(n, sel);
    for (let k = 0; k < m; k++) out[sel === null ? k : sel[k]!] = Math.random();
    return { type: 'double', length: n, data: out, nulls: null };
  },
});

// ───────────────────────────── greatest, least ─────────────────────────────

function compareValues(a: JsValue, b: JsValue, type: DataType): number {
  switch (type) {
    case 'real': case 'double': case 'timestamp': {
      const x = a as number;
      const y = b as number;
      // PostgreSQL orders NaN above every other float.
      if (x !== x) return y !== y ? 0 : 1;
      if (y !== y) return -1;
      return x < y ? -1 : x > y ? 1 : 0;
    }
    case 'bytes': {
      const x = a as Uint8Array;
      const y = b as Uint8Array;
      const len = Math.min(x.length, y.length);
      for (let i = 0; i < len; i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
      return x.length - y.length;
    }
    case 'boolean': return (a ? 1 : 0) - (b ? 1 : 0);
    default: return a! < b! ? -1 : a! > b! ? 1 : 0;
  }
}

/** greatest/least of numeric vectors: the winning argument's value per row (display scale kept). */
function numericExtremum(args: readonly Vector[], n: number, sel: Selection, wantMax: boolean): Vector {
  const src = new Int32Array(n).fill(-1);
  const parts = args.map((a) => (a.type === 'numeric' ? a.data as NumericData : allocNumeric(n)));
  const m = rowCount(n, sel);
  let nulls: Uint8Array | null = null;
  for (let k = 0; k < m; k++) {
    const i = sel === null ? k : sel[k]!;
    let best = -1;
    for (let a = 0; a < args.length; a++) {
      const v = args[a]!;
      if (v.type === 'null' || (v.nulls !== null && v.nulls[i] === 1)) continue;
      if (best < 0) { best = a; continue; }
      const c = compareNumericAt(parts[a]!, i, parts[best]!, i);
      if (wantMax ? c > 0 : c < 0) best = a;
    }
    if (best < 0) (nulls ??= new Uint8Array(n))[i] = 1;
    src[i] = best;
  }
  return { type: 'numeric', length: n, data: pickNumeric(parts, src, n), nulls };
}

function extremum(name: string, wantMax: boolean): ScalarFunction {
  return defineFunction({
    name,
    minArgs: 1,
    maxArgs: Infinity,
    resolve(args) {
      if (args.length === 0) return null;
      let t: DataType | null = 'null';
      for (const a of args) {
        t = commonSupertype(t, a);
        if (t === null) return null;
      }
      const result: DataType = t === 'null' ? 'text' : t;
      return { result, args: args.map(() => result) };
    },
    evaluate(args, n, sel) {
      const type = args[0]!.type;
      if (type === 'numeric') return numericExtremum(args, n, sel, wantMax);
      const isBool = type === 'boolean';
      return mapRows(type, n, sel, [], (i) => {
        let best: JsValue = null;
        for (let a = 0; a < args.length; a++) {
          const v = args[a]!;
          if (v.type === 'null' || (v.nulls !== null && v.nulls[i] === 1)) continue;
          const x: JsValue = isBool ? (v.data as Uint8Array)[i] === 1 : (v.data as ArrayLike<JsValue>)[i]!;
          if (best === null) { best = x; continue; }
          const c = compareValues(x, best, type);
          if (wantMax ? c > 0 : c < 0) best = x;
        }
        return best;
      });
    },
  });
}

// ───────────────────────────── width_bucket ─────────────────────────────

const widthBucket = simpleFunction('width_bucket', [{ params: ['double', 'double', 'double', 'integer'], result: 'integer' }], (a) => {
  const op = f64(a[0]!);
  const lo = f64(a[1]!);
  const hi = f64(a[2]!);
  const cnt = i32(a[3]!);
  return (i) => {
    const x = op[i]!;
    const l = lo[i]!;
    const h = hi[i]!;
    const c = cnt[i]!;
    if (c <= 0) throw new DbError(SqlState.INVALID_ARGUMENT_FOR_WIDTH_BUCKET_FUNCTION, 'count must be greater than zero');
    if (x !== x || l !== l || h !== h) {
      throw new DbError(SqlState.INVALID_ARGUMENT_FOR_WIDTH_BUCKET_FUNCTION, 'operand, lower bound, and upper bound cannot be NaN');
    }
    if (!Number.isFinite(l) || !Number.isFinite(h)) {
      throw new DbError(SqlState.INVALID_ARGUMENT_FOR_WIDTH_BUCKET_FUNCTION, 'lower and upper bounds must be finite');
    }
    if (l === h) throw new DbError(SqlState.INVALID_ARGUMENT_FOR_WIDTH_BUCKET_FUNCTION, 'lower bound cannot equal upper bound');
    let r: number;
    if (l < h) {
      if (x < l) r = 0;
      else if (x >= h) r = c + 1;
      else r = Math.floor(((x - l) / (h - l)) * c) + 1;
    } else if (x > l) r = 0;
    else if (x <= h) r = c + 1;
    else r = Math.floor(((l - x) / (l - h)) * c) + 1;
    if (r > 2147483647) throw new DbError(SqlState.NUMERIC_VALUE_OUT_OF_RANGE, 'integer out of range');
    return Math.min(r, c + 1);
  };
});

/** A function that exists only for numeric arguments (div, scale, …). */
function numericOnly(name: string, num: NumericOverloads): ScalarFunction {
  let min = Infinity, max = 0;
  for (const o of num.overloads) { min = Math.min(min, o.params.length); max = Math.max(max, o.params.length); }
  return defineFunction({ name, minArgs: min, maxArgs: max, resolve: (args) => chooseOverload(args, num.overloads), evaluate: num.evaluate });
}

const numericCeil = withNumeric(ceil, CEIL_NUMERIC);
const numericPower = withNumeric(power, POWER_NUMERIC);

/** The math function family (numeric overloads from `math-numeric.ts`). */
export const MATH_FUNCTIONS: readonly ScalarFunction[] = [
  withNumeric(abs, ABS_NUMERIC), withNumeric(mod, MOD_NUMERIC),
  numericOnly('div', DIV_NUMERIC), numericOnly('scale', SCALE_NUMERIC), numericOnly('min_scale', MIN_SCALE_NUMERIC),
  numericOnly('trim_scale', TRIM_SCALE_NUMERIC),
  withNumeric(roundingFunction('round', 'round'), roundNumeric(false)), withNumeric(roundingFunction('trunc', 'trunc'), roundNumeric(true)),
  numericCeil, alias(numericCeil, 'ceiling'), withNumeric(floor, FLOOR_NUMERIC), withNumeric(sign, SIGN_NUMERIC),
  withNumeric(sqrt, SQRT_NUMERIC), cbrt, withNumeric(exp, EXP_NUMERIC), withNumeric(ln, LN_NUMERIC), withNumeric(log, LOG_NUMERIC),
  withNumeric(log10, LOG10_NUMERIC), numericPower, alias(numericPower, 'pow'),
  sin, cos, tan, cot, asin, acos, atan, atan2, degrees, radians, pi, random,
  extremum('greatest', true), extremum('least', false), widthBucket,
];
