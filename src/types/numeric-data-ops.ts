/**
 * The engine's operations on numeric vectors ({@link NumericData}, `numeric-data.ts`): fills,
 * the fast and big forms, rescaling and aligning scales, picking and concatenating, hash keys,
 * comparison, conversion to doubles and the structured-clone encoding. Kept apart from the
 * layout module so that code the page reaches never carries them.
 */
import { DbError } from '../errors/db-error.ts';
import { SqlState } from '../errors/sqlstate.ts';
import { FINITE, NAN, PINF, compareNumericValues, numericIntText, pow10n, type NumericValue } from './numeric-value.ts';
import { POW10, TWO_53, dscaleAt, makeNumericData, numericAt, numericTextAt, type NumericData } from './numeric-data.ts';

/** True for numeric vector data. */
export function isNumericData(x: unknown): x is NumericData {
  return typeof x === 'object' && x !== null && (x as { kind?: unknown }).kind === 'numeric';
}

/** `n` copies of one value. */
export function numericFill(v: NumericValue, n: number): NumericData {
  if (v.special !== FINITE) return makeNumericData(0, new Float64Array(n).fill(v.special === NAN ? NaN : v.special === PINF ? Infinity : -Infinity), null, null);
  const x = v.int;
  if (x <= 9007199254740991n && x >= -9007199254740991n) return makeNumericData(v.dscale, new Float64Array(n).fill(Number(x)), null, null);
  return makeNumericData(v.dscale, new Float64Array(n), new Array<bigint>(n).fill(x), null);
}

/** The same values in big form (same scale). */
export function toBigForm(a: NumericData): NumericData {
  if (a.b !== null) return a;
  const n = a.length;
  const f = a.f;
  const b = new Array<bigint>(n);
  const g = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const x = f[i]!;
    if (x === x && x !== Infinity && x !== -Infinity) b[i] = BigInt(x);
    else { b[i] = 0n; g[i] = x; }
  }
  return makeNumericData(a.scale, g, b, a.d);
}

/** Big-form data whose values all fit 2^53 back in the fast form (otherwise unchanged). */
export function toFastFormIfFits(a: NumericData): NumericData {
  const b = a.b;
  if (b === null) return a;
  const n = a.length;
  const lim = 9007199254740991n;
  for (let i = 0; i < n; i++) { const x = b[i]!; if (x > lim || x < -lim) return a; }
  const f = new Float64Array(n);
  const g = a.f;
  for (let i = 0; i < n; i++) { const x = g[i]!; f[i] = x === 0 ? Number(b[i]!) : x; }
  return makeNumericData(a.scale, f, null, a.d);
}

/** The display scales as an array (materializing a null `d`). */
export function dscaleArray(a: NumericData): Uint16Array {
  return a.d !== null ? a.d : new Uint16Array(a.length).fill(a.scale);
}

/** The same values at a larger (or equal) scale; switches to big form when a value would not fit. */
export function rescaleNumeric(a: NumericData, scale: number): NumericData {
  if (scale === a.scale) return a;
  if (scale < a.scale) throw new DbError(SqlState.INTERNAL_ERROR, 'internal error: numeric scale can only grow');
  const k = scale - a.scale;
  const d = a.d ?? new Uint16Array(a.length).fill(a.scale);
  const n = a.length;
  if (a.b === null && k <= 22) {
    const m = POW10[k]!;
    const f = a.f;
    const out = new Float64Array(n);
    let ok = true;
    for (let i = 0; i < n; i++) {
      const v = f[i]! * m;
      if (!(v < TWO_53 && v > -TWO_53) && (v === v && v !== Infinity && v !== -Infinity)) { ok = false; break; }
      out[i] = v;
    }
    if (ok) return makeNumericData(scale, out, null, d);
  }
  const src = toBigForm(a);
  const p = pow10n(k);
  const b = new Array<bigint>(n);
  for (let i = 0; i < n; i++) b[i] = src.b![i]! * p;
  return makeNumericData(scale, src.f, b, d);
}

/** Two numeric data at one scale and in one form (so their scaled integers compare and hash alike). */
export function alignNumeric(a: NumericData, b: NumericData): [NumericData, NumericData] {
  const s = a.scale > b.scale ? a.scale : b.scale;
  let x = rescaleNumeric(a, s), y = rescaleNumeric(b, s);
  if (x.b !== null && y.b === null) y = toBigForm(y);
  else if (y.b !== null && x.b === null) x = toBigForm(x);
  return [x, y];
}

/** Several numeric data at one scale and in one form. */
export function alignNumericAll(parts: readonly NumericData[]): NumericData[] {
  let s = 0;
  for (const p of parts) if (p.scale > s) s = p.scale;
  let out = parts.map((p) => rescaleNumeric(p, s));
  if (out.some((p) => p.b !== null)) out = out.map(toBigForm);
  return out;
}

/**
 * Picks, for each row `i` < n, value `i` of `parts[src[i]]` (`src[i]` < 0: left 0), keeping
 * each value's display scale: CASE and COALESCE results.
 */
export function pickNumeric(parts: readonly NumericData[], src: Int32Array, n: number): NumericData {
  if (parts.length === 1 && parts[0]!.length === n) return parts[0]!;
  const al = alignNumericAll(parts);
  const uniform = parts.every((p) => p.d === null && p.scale === al[0]!.scale);
  const f = new Float64Array(n);
  const big = al[0] !== undefined && al[0].b !== null ? new Array<bigint>(n).fill(0n) : null;
  const d = uniform ? null : new Uint16Array(n);
  for (let i = 0; i < n; i++) {
    const k = src[i]!;
    if (k < 0) continue;
    const p = al[k]!;
    f[i] = p.f[i]!;
    if (big !== null) big[i] = p.b![i]!;
    if (d !== null) d[i] = dscaleAt(parts[k]!, i);
  }
  return makeNumericData(al.length === 0 ? 0 : al[0]!.scale, f, big, d);
}

/** The first `na` slots of `a` followed by the first `nb` of `b`. */
export function concatNumeric(a: NumericData, na: number, b: NumericData, nb: number): NumericData {
  const [x, y] = alignNumeric(a, b);
  const n = na + nb;
  const f = new Float64Array(n);
  f.set(x.f.subarray(0, na));
  f.set(y.f.subarray(0, nb), na);
  let big: bigint[] | null = null;
  if (x.b !== null) big = x.b.slice(0, na).concat(y.b!.slice(0, nb));
  let d: Uint16Array | null = null;
  if (x.d !== null || y.d !== null) {
    d = new Uint16Array(n);
    if (x.d !== null) d.set(x.d.subarray(0, na)); else d.fill(x.scale, 0, na);
    if (y.d !== null) d.set(y.d.subarray(0, nb), na); else d.fill(y.scale, na, n);
  }
  return makeNumericData(x.scale, f, big, d);
}

/**
 * The hash key of value `i`: equal values of data at one scale and form (see
 * {@link alignNumeric}) have equal keys whatever their display scales (`1.5` and `1.50`).
 */
export function numericKeyAt(a: NumericData, i: number): number | bigint {
  const x = a.f[i]!;
  if (a.b === null || x !== 0) return x === 0 ? 0 : x; // -0 → 0; NaN is one Map key
  return a.b[i]!;
}

/** A normalized key independent of scale and form (slow: a string or number per value). */
export function numericNormalKey(v: NumericValue): string {
  if (v.special !== FINITE) return v.special === NAN ? 'NaN' : v.special === PINF ? 'Infinity' : '-Infinity';
  let int = v.int;
  let ds = v.dscale;
  while (ds > 0 && int % 10n === 0n) { int /= 10n; ds--; }
  return numericIntText(int, ds);
}

/** Three-way comparison of value `i` of `a` with value `j` of `b` (exact; NaN largest). */
export function compareNumericAt(a: NumericData, i: number, b: NumericData, j: number): number {
  const x = a.f[i]!, y = b.f[j]!;
  if (a.b === null && b.b === null && a.scale === b.scale) {
    if (x < y) return -1;
    if (x > y) return 1;
    if (x === y) return 0;
    const xn = x !== x, yn = y !== y;
    return xn === yn ? 0 : xn ? 1 : -1;
  }
  return compareNumericValues(numericAt(a, i), numericAt(b, j));
}

/** The values as the nearest doubles (NULL positions unspecified). */
export function numericToFloat64(a: NumericData, n: number, sel: Int32Array | null, nulls: Uint8Array | null): Float64Array {
  const out = new Float64Array(n);
  const m = sel === null ? n : sel.length;
  const f = a.f;
  if (a.b === null && a.scale <= 22) {
    const p = POW10[a.scale]!;
    // exact / exact, correctly rounded: the nearest double of the decimal value
    for (let k = 0; k < m; k++) { const i = sel === null ? k : sel[k]!; out[i] = f[i]! / p; }
    return out;
  }
  for (let k = 0; k < m; k++) {
    const i = sel === null ? k : sel[k]!;
    if (nulls !== null && nulls[i] === 1) continue;
    const x = f[i]!;
    out[i] = x === x && x !== Infinity && x !== -Infinity ? Number(numericTextAt(a, i)) : x;
  }
  return out;
}

/** A numeric vector in a structured-cloneable, exact form (for persistence). */
export interface EncodedNumeric {
  readonly scale: number;
  /** Fast form values, or special markers in big form. */
  readonly f: Float64Array;
  /** Big form: the scaled integers as decimal strings; null in fast form. */
  readonly big: string[] | null;
  readonly d: Uint16Array | null;
}

/**
 * Encodes the first `n` slots of numeric data exactly (typed arrays plus decimal strings
 * for big-form values), for persistence codecs. {@link decodeNumeric} inverts it.
 */
export function encodeNumeric(a: NumericData, n: number): EncodedNumeric {
  return {
    scale: a.scale,
    f: a.f.slice(0, n),
    big: a.b === null ? null : a.b.slice(0, n).map((x) => x.toString()),
    d: a.d === null ? null : a.d.slice(0, n),
  };
}

/** Rebuilds numeric data from {@link encodeNumeric}'s output. */
export function decodeNumeric(e: EncodedNumeric): NumericData {
  return makeNumericData(e.scale, Float64Array.from(e.f), e.big === null ? null : e.big.map((s) => BigInt(s)), e.d === null ? null : Uint16Array.from(e.d));
}
