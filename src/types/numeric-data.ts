/**
 * The vector layout of NUMERIC (`Vector.data` of a numeric vector), built for vectorized
 * kernels:
 *
 * - **fast form** (`b === null`): `f` holds every value as an integer scaled by 10^`scale`
 *   (one scale for the whole vector), exact because |f[i]| < 2^53; so `1.50` at scale 2 is
 *   `150`. Additions, comparisons, sums and sorting are plain float operations on `f`.
 * - **big form** (`b !== null`): `b[i]` holds the scaled integer as a `bigint` (arbitrary
 *   precision); `f[i]` is 0 for finite values. Kernels switch a result to this form when a
 *   value would not fit 2^53 (detected in the loop, never silently inexact).
 * - In both forms NaN, +Infinity and -Infinity are `f[i]` = NaN / ±Infinity.
 * - `d` is the per-value display scale (PostgreSQL's dscale: `1.5` and `1.50` are equal but
 *   print differently), or null when every value displays at `scale`. A value never has
 *   non-zero digits beyond its display scale; `scale` may be below a display scale
 *   (trailing zeros need no storage) or above it.
 *
 * Values at NULL positions are unspecified (0 when allocated).
 */
import { DbError } from '../errors/db-error.ts';
import { SqlState } from '../errors/sqlstate.ts';
import {
  FINITE, NAN, NUMERIC_NAN, NUMERIC_NINF, NUMERIC_PINF, PINF, compareNumericValues, numericIntText, numericValue,
  parseNumeric, pow10n, type NumericValue,
} from './numeric-value.ts';

/** The data of a numeric vector (see the module comment). Frozen: write into `f`/`b`/`d`, never replace fields. */
export interface NumericData {
  readonly kind: 'numeric';
  /** Slots (like a typed array's length). */
  readonly length: number;
  /** Power of ten every stored integer is scaled by. */
  readonly scale: number;
  /** Fast form: the scaled integers; both forms: NaN/±Infinity for the special values. */
  readonly f: Float64Array;
  /** Big form: the scaled integers; null in fast form. */
  readonly b: bigint[] | null;
  /** Display scale per value, or null: every value displays at `scale`. */
  readonly d: Uint16Array | null;
}

/** 2^53: fast-form values stay strictly below it in magnitude. */
export const TWO_53 = 9007199254740992;

/** 10^k as exact doubles, k = 0..22. */
export const POW10: Float64Array = Float64Array.from({ length: 23 }, (_, k) => 10 ** k);

/** Builds (and freezes) numeric data. */
export function makeNumericData(scale: number, f: Float64Array, b: bigint[] | null, d: Uint16Array | null): NumericData {
  return Object.freeze({ kind: 'numeric', length: f.length, scale, f, b, d });
}

/** `n` zeros (fast form, scale 0). */
export function allocNumeric(n: number): NumericData {
  return makeNumericData(0, new Float64Array(n), null, null);
}

/** True for numeric vector data. */
export function isNumericData(x: unknown): x is NumericData {
  return typeof x === 'object' && x !== null && (x as { kind?: unknown }).kind === 'numeric';
}

/** Display scale of value `i`. */
export function dscaleAt(a: NumericData, i: number): number {
  return a.d === null ? a.scale : a.d[i]!;
}

function specialOf(x: number): NumericValue | null {
  if (x === x && x !== Infinity && x !== -Infinity) return null;
  return x !== x ? NUMERIC_NAN : x > 0 ? NUMERIC_PINF : NUMERIC_NINF;
}

/** The scaled integer of finite value `i` at the vector's scale. */
export function intAt(a: NumericData, i: number): bigint {
  return a.b !== null ? a.b[i]! : BigInt(a.f[i]!);
}

/** Value `i` as a scalar. */
export function numericAt(a: NumericData, i: number): NumericValue {
  const sp = specialOf(a.f[i]!);
  if (sp !== null) return sp;
  const ds = dscaleAt(a, i);
  const int = intAt(a, i);
  const s = a.scale;
  if (ds === s) return numericValue(int, ds);
  return numericValue(ds > s ? int * pow10n(ds - s) : int / pow10n(s - ds), ds);
}

/** Value `i` as PostgreSQL text (`'1.50'`), without a BigInt in the fast form. */
export function numericTextAt(a: NumericData, i: number): string {
  const x = a.f[i]!;
  if (x !== x) return 'NaN';
  if (x === Infinity) return 'Infinity';
  if (x === -Infinity) return '-Infinity';
  if (a.b !== null) return numericIntText(numericAt(a, i).int, dscaleAt(a, i));
  const s = a.scale;
  const ds = a.d === null ? s : a.d[i]!;
  let v = x < 0 ? -x : x;
  let digits: string;
  if (ds >= s) digits = ds === s ? String(v) : String(v) + '0'.repeat(ds - s);
  else {
    if (s - ds <= 22) v /= POW10[s - ds]!; // exact: no digits beyond the display scale
    else v = 0;
    digits = String(v);
  }
  if (ds > 0) {
    if (digits.length <= ds) digits = '0'.repeat(ds - digits.length + 1) + digits;
    digits = digits.slice(0, digits.length - ds) + '.' + digits.slice(digits.length - ds);
  }
  return x < 0 ? '-' + digits : digits;
}

/**
 * Collects per-row results (scaled integers with their display scales, or special values)
 * and builds the numeric data: fast form when every value fits 2^53 at the largest display
 * scale, big form otherwise.
 */
export class NumericBuilder {
  private readonly ints: bigint[];
  private readonly ds: Uint16Array;
  private readonly sp: Uint8Array;
  private maxScale = 0;
  private minScale = Infinity;

  constructor(readonly n: number) {
    this.ints = new Array<bigint>(n).fill(0n);
    this.ds = new Uint16Array(n);
    this.sp = new Uint8Array(n);
  }

  /** Sets row `i` to `int / 10^dscale`. */
  set(i: number, int: bigint, dscale: number): void {
    this.ints[i] = int;
    this.ds[i] = dscale;
    if (dscale > this.maxScale) this.maxScale = dscale;
    if (dscale < this.minScale) this.minScale = dscale;
  }

  /** Sets row `i` to a scalar. */
  setValue(i: number, v: NumericValue): void {
    if (v.special !== FINITE) this.sp[i] = v.special;
    else this.set(i, v.int, v.dscale);
  }

  /** The data (rows never set are 0 with display scale 0). */
  finish(): NumericData {
    const n = this.n;
    const S = this.maxScale;
    const uniform = this.minScale === Infinity || this.minScale === S;
    const f = new Float64Array(n);
    let big: bigint[] | null = null;
    const lim = 9007199254740991n;
    for (let i = 0; i < n; i++) {
      const sp = this.sp[i]!;
      if (sp !== 0) { f[i] = sp === NAN ? NaN : sp === PINF ? Infinity : -Infinity; continue; }
      let v = this.ints[i]!;
      const k = S - this.ds[i]!;
      if (k > 0 && v !== 0n) v *= pow10n(k);
      if (big === null && v <= lim && v >= -lim) { f[i] = Number(v); continue; }
      if (big === null) {
        big = new Array<bigint>(n).fill(0n);
        for (let j = 0; j < i; j++) if (this.sp[j] === 0) big[j] = BigInt(f[j]!);
      }
      big[i] = v;
    }
    if (big !== null) for (let i = 0; i < n; i++) if (this.sp[i] === 0) f[i] = 0;
    return makeNumericData(S, f, big, uniform ? null : this.ds);
  }
}

/**
 * Numeric data from scalars (null entries stay 0).
 *
 * @example
 * ```ts
 * numericTextAt(numericFromValues([parseNumeric('1.5'), parseNumeric('2.25')]), 0); // '1.5'
 * ```
 */
export function numericFromValues(values: readonly (NumericValue | null)[]): NumericData {
  const bld = new NumericBuilder(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v !== null && v !== undefined) bld.setValue(i, v);
  }
  return bld.finish();
}

/** Display scale of the last {@link quickParse}. */
let quickScale = 0;

/**
 * Plain decimal text (`-12.50`, at most 15 digits, no spaces or exponent) as its scaled
 * integer (display scale in `quickScale`), without a BigInt; NaN for any other form.
 */
function quickParse(s: string): number {
  const n = s.length;
  let i = 0;
  let neg = false;
  if (n === 0) return NaN;
  const c0 = s.charCodeAt(0);
  if (c0 === 45 || c0 === 43) { neg = c0 === 45; i = 1; }
  let v = 0, digits = 0, scale = 0, dot = false, any = false;
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      any = true;
      if (v !== 0 || c !== 48) digits++;
      v = v * 10 + (c - 48);
      if (dot) scale++;
    } else if (c === 46 && !dot) dot = true;
    else return NaN;
  }
  if (!any || digits > 15) return NaN;
  quickScale = scale;
  return neg ? -v : v;
}

/**
 * Numeric data from texts (null entries stay 0): plain decimals of up to 15 digits are read
 * into the fast form without a BigInt per value; anything else goes through `parseNumeric`.
 * Errors as `parseNumeric` (22P02, 22003).
 */
export function numericFromTexts(texts: readonly (string | null)[]): NumericData {
  const n = texts.length;
  const ints = new Float64Array(n);
  const ds = new Uint16Array(n);
  let S = 0, min = Infinity;
  for (let i = 0; i < n; i++) {
    const t = texts[i];
    if (t === null || t === undefined) continue;
    const x = quickParse(t);
    if (x !== x) return numericFromValues(texts.map((u) => (u === null || u === undefined ? null : parseNumeric(u))));
    ints[i] = x;
    ds[i] = quickScale;
    if (quickScale > S) S = quickScale;
    if (quickScale < min) min = quickScale;
  }
  for (let i = 0; i < n; i++) {
    const k = S - ds[i]!;
    if (k === 0) continue;
    const v = ints[i]! * POW10[k]!;
    if (!(v < TWO_53 && v > -TWO_53)) return numericFromValues(texts.map((u) => (u === null || u === undefined ? null : parseNumeric(u))));
    ints[i] = v;
  }
  return makeNumericData(S, ints, null, min === Infinity || min === S ? null : ds);
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

/** Copies the selected positions (`idx[i]` < 0 gives a 0 slot). */
export function gatherNumeric(a: NumericData, idx: ArrayLike<number>, count: number): NumericData {
  const f = new Float64Array(count);
  const src = a.f;
  for (let i = 0; i < count; i++) { const j = idx[i]!; f[i] = j < 0 ? 0 : src[j]!; }
  let b: bigint[] | null = null;
  if (a.b !== null) {
    b = new Array<bigint>(count);
    const sb = a.b;
    for (let i = 0; i < count; i++) { const j = idx[i]!; b[i] = j < 0 ? 0n : sb[j]!; }
  }
  let d: Uint16Array | null = null;
  if (a.d !== null) {
    d = new Uint16Array(count);
    const sd = a.d;
    for (let i = 0; i < count; i++) { const j = idx[i]!; d[i] = j < 0 ? 0 : sd[j]!; }
  }
  return makeNumericData(a.scale, f, b, d);
}

/**
 * A view of slots [start, end): typed arrays shared; the big-form array is shared too when
 * `start` is 0 (it may then be longer than the view, which is harmless), else copied.
 */
export function sliceNumeric(a: NumericData, start: number, end: number): NumericData {
  if (start === 0 && end === a.length) return a;
  const b = a.b === null ? null : start === 0 ? a.b : a.b.slice(start, end);
  return makeNumericData(a.scale, a.f.subarray(start, end), b, a.d === null ? null : a.d.subarray(start, end));
}

/** A copy of the first `n` slots (unshared). */
export function copyNumeric(a: NumericData, n: number): NumericData {
  return makeNumericData(a.scale, a.f.slice(0, n), a.b === null ? null : a.b.slice(0, n), a.d === null ? null : a.d.slice(0, n));
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

/** Numeric data as text values (null where `nulls` marks NULL), e.g. for Utf8 Arrow columns. */
export function numericToTexts(a: NumericData, n: number, nulls: Uint8Array | null): string[] {
  const out = new Array<string>(n);
  for (let i = 0; i < n; i++) out[i] = nulls !== null && nulls[i] === 1 ? '' : numericTextAt(a, i);
  return out;
}
