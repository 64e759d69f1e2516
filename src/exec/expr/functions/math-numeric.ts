/**
 * The numeric overloads of the math functions, with PostgreSQL's result scales: abs, sign,
 * ceil/floor (scale 0), round/trunc (half away from zero; scale max(s, 0)), mod, div, scale,
 * min_scale, trim_scale, sqrt (at least 16 significant digits), exp, ln, log, log10, power.
 *
 * {@link withNumeric} joins a double-precision function (`math.ts`) and its numeric overloads
 * under one name, resolving a call the way PostgreSQL does: among the overloads every argument
 * casts to implicitly, the one with the most exactly matching argument types wins, ties going
 * to the first listed (double precision first where it is PostgreSQL's preferred choice, so
 * `round(1)` is double, `round(1.5)` numeric).
 */
import type { DataType } from '../../../types/data-type.ts';
import type { Selection, Vector } from '../../../types/vector.ts';
import {
  NumericBuilder, POW10, makeNumericData, numericAt, type NumericData,
} from '../../../types/numeric-data.ts';
import {
  FINITE, NAN, NINF, NUMERIC_NAN, NUMERIC_PINF, PINF, numericValue, pow10n, type NumericValue,
} from '../../../types/numeric-value.ts';
import { divTruncValues, roundValue } from '../../../types/numeric-ops.ts';
import { NUMERIC_TRANSCENDENTAL, type Transcendental } from './transcendental-lazy.ts';
import type { LazyPart } from '../../lazy-part.ts';
import { numericArith } from '../../kernels/numeric-arith.ts';
import type { ResolvedSignature, ScalarFunction } from '../function-registry.ts';
import { argFits, defineFunction, i32, rowCount, unionNulls } from './common.ts';

/** One overload: parameter types and result. */
export interface Overload {
  readonly params: readonly DataType[];
  readonly result: DataType;
}

/**
 * PostgreSQL-like overload choice: candidates whose parameters every argument fits, most exact
 * matches first, ties to the earlier candidate.
 */
export function chooseOverload(args: readonly DataType[], overloads: readonly Overload[]): ResolvedSignature | null {
  let best: Overload | null = null;
  let bestScore = -1;
  for (const o of overloads) {
    if (o.params.length !== args.length) continue;
    let score = 0;
    let ok = true;
    for (let k = 0; k < args.length; k++) {
      const a = args[k]!, p = o.params[k]!;
      if (a === p) score++;
      else if (a !== 'null' && !argFits(a, p)) { ok = false; break; }
    }
    if (ok && score > bestScore) { best = o; bestScore = score; }
  }
  return best === null ? null : { result: best.result, args: best.params };
}

/** Numeric overloads of one function name, evaluated value by value or by a vector kernel. */
export interface NumericOverloads {
  /** Every overload of the name in resolution order, double-precision ones included. */
  readonly overloads: readonly Overload[];
  /** Evaluates a call whose chosen overload has a numeric parameter. */
  evaluate(args: readonly Vector[], n: number, sel: Selection): Vector;
  /** A part of the engine the numeric evaluation needs, loaded when a statement first names the function. */
  readonly part?: LazyPart<unknown>;
}

/** `f` (double precision) with numeric overloads under the same name. */
export function withNumeric(f: ScalarFunction, num: NumericOverloads): ScalarFunction {
  let min = f.minArgs, max = f.maxArgs;
  for (const o of num.overloads) { min = Math.min(min, o.params.length); max = Math.max(max, o.params.length); }
  return defineFunction({
    name: f.name,
    minArgs: min,
    maxArgs: max,
    ...(num.part === undefined ? {} : { part: num.part }),
    resolve: (args) => chooseOverload(args, num.overloads),
    evaluate: (args, n, sel, ctx) => (args.some((a) => a.type === 'numeric') ? num.evaluate(args, n, sel) : f.evaluate(args, n, sel, ctx)),
  });
}

/** A numeric result computed value by value (NULL in → NULL out). */
function perValue(args: readonly Vector[], n: number, sel: Selection, fn: (vals: NumericValue[], i: number) => NumericValue | null): Vector {
  let nulls = unionNulls(args, n);
  const bld = new NumericBuilder(n);
  const m = rowCount(n, sel);
  const vals: NumericValue[] = new Array<NumericValue>(args.length);
  for (let k = 0; k < m; k++) {
    const i = sel === null ? k : sel[k]!;
    if (nulls !== null && nulls[i] === 1) continue;
    for (let a = 0; a < args.length; a++) vals[a] = numericAt(args[a]!.data as NumericData, i);
    const r = fn(vals, i);
    if (r === null) (nulls ??= new Uint8Array(n))[i] = 1;
    else bld.setValue(i, r);
  }
  return { type: 'numeric', length: n, data: bld.finish(), nulls };
}

/** An integer result per value (scale, min_scale); null results are NULL. */
function perValueInt(v: Vector, n: number, sel: Selection, fn: (x: NumericValue) => number | null): Vector {
  let nulls = v.nulls === null ? null : v.nulls.slice(0, n);
  const out = new Int32Array(n);
  const m = rowCount(n, sel);
  const a = v.data as NumericData;
  for (let k = 0; k < m; k++) {
    const i = sel === null ? k : sel[k]!;
    if (nulls !== null && nulls[i] === 1) continue;
    const r = fn(numericAt(a, i));
    if (r === null) (nulls ??= new Uint8Array(n))[i] = 1;
    else out[i] = r;
  }
  return { type: 'integer', length: n, data: out, nulls };
}

const D: DataType = 'double', N: DataType = 'numeric';

// ───────────────────────────── abs, sign ─────────────────────────────

/** abs: the same scales, sign dropped (a typed-array loop in the fast form). */
function numericAbs(v: Vector, n: number, sel: Selection): Vector {
  const a = v.data as NumericData;
  if (a.b === null) {
    const f = new Float64Array(n);
    const m = rowCount(n, sel);
    for (let k = 0; k < m; k++) { const i = sel === null ? k : sel[k]!; f[i] = Math.abs(a.f[i]!); }
    return { type: 'numeric', length: n, data: makeNumericData(a.scale, f, null, a.d), nulls: v.nulls };
  }
  return perValue([v], n, sel, ([x]) => (x!.special === NINF ? NUMERIC_PINF : x!.int < 0n ? numericValue(-x!.int, x!.dscale) : x!));
}

function signOf(x: NumericValue): NumericValue {
  if (x.special === NAN) return NUMERIC_NAN;
  const s = x.special === PINF ? 1n : x.special === NINF ? -1n : x.int > 0n ? 1n : x.int < 0n ? -1n : 0n;
  return numericValue(s, 0);
}

// ───────────────────────────── rounding ─────────────────────────────

/** ceil (`up`) or floor to an integer, display scale 0; special values unchanged. */
function ceilFloor(v: Vector, n: number, sel: Selection, up: boolean): Vector {
  const a = v.data as NumericData;
  if (a.b === null && a.scale <= 22) {
    const p = POW10[a.scale]!;
    const f = new Float64Array(n);
    const m = rowCount(n, sel);
    for (let k = 0; k < m; k++) {
      const i = sel === null ? k : sel[k]!;
      const x = a.f[i]!;
      let q = Math.trunc(x / p); // exact: |x| < 2^53
      const r = x - q * p;
      if (up ? r > 0 : r < 0) q += up ? 1 : -1;
      f[i] = q === q && q !== Infinity && q !== -Infinity ? q + 0 : x;
    }
    return { type: 'numeric', length: n, data: makeNumericData(0, f, null, null), nulls: v.nulls };
  }
  return perValue([v], n, sel, ([x]) => {
    if (x!.special !== FINITE) return x!;
    const p = pow10n(x!.dscale);
    let q = x!.int / p;
    const r = x!.int - q * p;
    if (up ? r > 0n : r < 0n) q += up ? 1n : -1n;
    return numericValue(q, 0);
  });
}

/**
 * round/trunc(x, s) with a constant s over fast-form data: s at or above the vector's scale
 * only changes the display scale; below it, one loop rounds the scaled integers.
 */
function roundFast(a: NumericData, s: number, trunc: boolean, n: number, sel: Selection): NumericData | null {
  const S = a.scale;
  const m = rowCount(n, sel);
  if (s >= S) {
    if (s > 16383) return null;
    return makeNumericData(S, a.f, null, s === S ? null : new Uint16Array(n).fill(s));
  }
  const k = S - (s < 0 ? 0 : s);
  const unit = s < 0 ? -s : 0;
  if (k + unit > 22) return null;
  const p = POW10[k + unit]!, back = POW10[unit]!;
  const f = new Float64Array(n);
  for (let j = 0; j < m; j++) {
    const i = sel === null ? j : sel[j]!;
    const x = a.f[i]!;
    let q = Math.trunc(x / p); // exact: |x| < 2^53
    const r = x - q * p;
    if (!trunc && (r < 0 ? -r : r) * 2 >= p) q += x < 0 ? -1 : 1;
    f[i] = x === x && x !== Infinity && x !== -Infinity ? (q * back) + 0 : x;
  }
  return makeNumericData(s < 0 ? 0 : s, f, null, null);
}

function roundTrunc(args: readonly Vector[], n: number, sel: Selection, trunc: boolean): Vector {
  const v = args[0]!;
  const a = v.data as NumericData;
  const sv = args.length > 1 ? args[1]! : null;
  if (sv !== null && sv.type === 'null') return { type: 'numeric', length: n, data: a, nulls: new Uint8Array(n).fill(1) };
  const sd = sv === null ? null : i32(sv);
  // a constant scale (round(x, 2), or round(x)) takes the vectorized path
  let s0 = 0;
  let constant = true;
  if (sd !== null) {
    const m = rowCount(n, sel);
    let first = true;
    for (let k = 0; k < m; k++) {
      const i = sel === null ? k : sel[k]!;
      if (sv!.nulls !== null && sv!.nulls[i] === 1) continue;
      if (first) { s0 = sd[i]!; first = false; } else if (sd[i] !== s0) { constant = false; break; }
    }
  }
  if (constant && a.b === null) {
    const r = roundFast(a, s0, trunc, n, sel);
    if (r !== null) return { type: 'numeric', length: n, data: r, nulls: unionNulls(args, n) };
  }
  return perValue([v], n, sel, ([x], i) => roundValue(x!, sd === null ? 0 : sd[i]!, trunc));
}

// ───────────────────────────── the overload tables ─────────────────────────────

/** (double) and (numeric) overloads; double first, PostgreSQL's preferred type for other arguments. */
const unaryNumeric = (evaluate: (v: Vector, n: number, sel: Selection) => Vector): NumericOverloads => ({
  overloads: [{ params: [D], result: D }, { params: [N], result: N }],
  evaluate: (args, n, sel) => evaluate(args[0]!, n, sel),
});

/** abs: smallint, integer, bigint, numeric, real, double (each its own type). */
export const ABS_NUMERIC: NumericOverloads = {
  overloads: [
    { params: ['smallint'], result: 'smallint' }, { params: ['integer'], result: 'integer' }, { params: ['bigint'], result: 'bigint' },
    { params: [N], result: N }, { params: ['real'], result: 'real' }, { params: [D], result: D },
  ],
  evaluate: (args, n, sel) => numericAbs(args[0]!, n, sel),
};

/** sign(numeric) → numeric. */
export const SIGN_NUMERIC = unaryNumeric((v, n, sel) => perValue([v], n, sel, ([x]) => signOf(x!)));
/** ceil(numeric). */
export const CEIL_NUMERIC = unaryNumeric((v, n, sel) => ceilFloor(v, n, sel, true));
/** floor(numeric). */
export const FLOOR_NUMERIC = unaryNumeric((v, n, sel) => ceilFloor(v, n, sel, false));

/** round / trunc: (double), (numeric), (numeric, integer), and InkDB's (double, integer). */
export function roundNumeric(trunc: boolean): NumericOverloads {
  return {
    overloads: [
      { params: [D], result: D }, { params: [N], result: N },
      { params: [N, 'integer'], result: N }, { params: [D, 'integer'], result: D },
    ],
    evaluate: (args, n, sel) => roundTrunc(args, n, sel, trunc),
  };
}

/** mod: integer, bigint, numeric (and double). */
export const MOD_NUMERIC: NumericOverloads = {
  overloads: [
    { params: ['integer', 'integer'], result: 'integer' }, { params: ['bigint', 'bigint'], result: 'bigint' },
    { params: [N, N], result: N }, { params: [D, D], result: D },
  ],
  evaluate: (args, n, sel) => numericArith('%', args[0]!, args[1]!, undefined, undefined, n, sel),
};

/** div(numeric, numeric): the truncated quotient. */
export const DIV_NUMERIC: NumericOverloads = {
  overloads: [{ params: [N, N], result: N }],
  evaluate: (args, n, sel) => perValue(args, n, sel, ([x, y]) => divTruncValues(x!, y!)),
};

/** scale(numeric): the display scale (NULL for NaN and infinities). */
export const SCALE_NUMERIC: NumericOverloads = {
  overloads: [{ params: [N], result: 'integer' }],
  evaluate: (args, n, sel) => perValueInt(args[0]!, n, sel, (x) => (x.special === FINITE ? x.dscale : null)),
};

function minScale(x: NumericValue): number {
  let s = x.dscale;
  let int = x.int;
  while (s > 0 && int % 10n === 0n) { int /= 10n; s--; }
  return s;
}

/** min_scale(numeric): the fewest decimals that represent the value exactly. */
export const MIN_SCALE_NUMERIC: NumericOverloads = {
  overloads: [{ params: [N], result: 'integer' }],
  evaluate: (args, n, sel) => perValueInt(args[0]!, n, sel, (x) => (x.special === FINITE ? minScale(x) : null)),
};

/** trim_scale(numeric): the value without trailing fractional zeros. */
export const TRIM_SCALE_NUMERIC: NumericOverloads = {
  overloads: [{ params: [N], result: N }],
  evaluate: (args, n, sel) => perValue(args, n, sel, ([x]) => (x!.special === FINITE ? roundValue(x!, minScale(x!), true) : x!)),
};

/** (double) and (numeric) overloads whose numeric form is in the transcendental part (loaded on first use; read once per call). */
const transcendental = (value: (m: Transcendental) => (x: NumericValue) => NumericValue | null): NumericOverloads => ({
  ...unaryNumeric((v, n, sel) => {
    const f = value(NUMERIC_TRANSCENDENTAL.get());   // loaded: binding the call required it
    return perValue([v], n, sel, ([x]) => f(x!));
  }),
  part: NUMERIC_TRANSCENDENTAL,
});

/** sqrt(numeric). */
export const SQRT_NUMERIC = transcendental((m) => m.sqrtValue);
/** exp(numeric). */
export const EXP_NUMERIC = transcendental((m) => m.expValue);
/** ln(numeric). */
export const LN_NUMERIC = transcendental((m) => m.lnValue);
/** log10(numeric) (log base 10). */
export const LOG10_NUMERIC = transcendental((m) => (x) => m.logValue(numericValue(10n, 0), x));

/** log(x) (base 10) and log(b, x). */
export const LOG_NUMERIC: NumericOverloads = {
  overloads: [
    { params: [D], result: D }, { params: [N], result: N },
    { params: [N, N], result: N }, { params: [D, D], result: D },
  ],
  evaluate: (args, n, sel) => {
    const { logValue } = NUMERIC_TRANSCENDENTAL.get();   // loaded: binding the call required it
    return args.length === 1
      ? perValue(args, n, sel, ([x]) => logValue(numericValue(10n, 0), x!))
      : perValue(args, n, sel, ([b, x]) => logValue(b!, x!));
  },
  part: NUMERIC_TRANSCENDENTAL,
};

/** power(numeric, numeric). */
export const POWER_NUMERIC: NumericOverloads = {
  overloads: [{ params: [D, D], result: D }, { params: [N, N], result: N }],
  evaluate: (args, n, sel) => {
    const { powerValue } = NUMERIC_TRANSCENDENTAL.get();
    return perValue(args, n, sel, ([x, y]) => powerValue(x!, y!));
  },
  part: NUMERIC_TRANSCENDENTAL,
};
