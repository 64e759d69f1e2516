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
 *
 * This module holds the layout, building, text I/O, gathering and slicing (what the page's code
 * may reach too); the engine's operations on whole vectors — forms, scales, alignment, keys,
 * comparison, conversion — are in `numeric-data-ops.ts`.
 */
import {
  FINITE, NAN, NUMERIC_NAN, NUMERIC_NINF, NUMERIC_PINF, PINF, numericIntText, numericValue, parseNumeric, pow10n, type NumericValue,
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

/** Numeric data as text values (null where `nulls` marks NULL), e.g. for Utf8 Arrow columns. */
export function numericToTexts(a: NumericData, n: number, nulls: Uint8Array | null): string[] {
  const out = new Array<string>(n);
  for (let i = 0; i < n; i++) out[i] = nulls !== null && nulls[i] === 1 ? '' : numericTextAt(a, i);
  return out;
}
