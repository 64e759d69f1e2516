/**
 * SUM and AVG with numeric results, as PostgreSQL computes them: SUM(bigint) and SUM(numeric)
 * are numeric (exact; display scale the largest of the inputs), AVG of integer types and of
 * numeric is numeric (the exact sum divided by the count with the division's scale rules).
 *
 * Fast-form numeric and 32-bit integer inputs are summed in float accumulators of scaled
 * integers, each partial sum checked against 2^53; when one leaves it, the sums are redone in
 * bigints. NaN and ±Infinity follow PostgreSQL (NaN wins; +Infinity with -Infinity is NaN).
 */
import type { JsValue, Vector } from '../../types/vector.ts';
import { NumericBuilder, TWO_53, dscaleAt, intAt, type NumericData } from '../../types/numeric-data.ts';
import {
  NUMERIC_NAN, NUMERIC_NINF, NUMERIC_PINF, formatNumeric, numericValue, parseNumeric, pow10n, type NumericValue,
} from '../../types/numeric-value.ts';
import { addValues, divideValues } from '../../types/numeric-ops.ts';
import { frameRowAt, frameSeen, frameValueAt, type FrameAccumulator, type FrameInput, type GroupInput } from './aggregate.ts';

/** Per-group exact state: the sum at `scale`, its display scale, special values seen, count. */
interface ExactSums {
  readonly scale: number;
  readonly sum: bigint[];
  readonly dscale: Uint16Array;
  /** Bit 1 NaN, 2 +Infinity, 4 -Infinity. */
  readonly specials: Uint8Array;
  readonly count: Float64Array;
}

/** Finishes per-group sums as SUM or AVG values (NULL for groups without values). */
function finish(s: ExactSums, groups: number, avg: boolean): Vector {
  const bld = new NumericBuilder(groups);
  let nulls: Uint8Array | null = null;
  for (let g = 0; g < groups; g++) {
    const c = s.count[g]!;
    if (c === 0) { (nulls ??= new Uint8Array(groups))[g] = 1; continue; }
    let v: NumericValue;
    const sp = s.specials[g]!;
    if (sp !== 0) v = (sp & 1) !== 0 || sp === 6 ? NUMERIC_NAN : sp === 2 ? NUMERIC_PINF : NUMERIC_NINF;
    else {
      const ds = s.dscale[g]!;
      let int = s.sum[g]!;
      // the sum is at the input's scale; its display scale may be smaller (trailing zeros) or larger
      if (ds > s.scale) int *= 10n ** BigInt(ds - s.scale);
      else if (ds < s.scale) int /= 10n ** BigInt(s.scale - ds);
      v = numericValue(int, ds);
    }
    if (avg) v = divideValues(v, numericValue(BigInt(c), 0));
    bld.setValue(g, v);
  }
  return { type: 'numeric', length: groups, data: bld.finish(), nulls };
}

function emptySums(scale: number, groups: number): ExactSums {
  return { scale, sum: new Array<bigint>(groups).fill(0n), dscale: new Uint16Array(groups), specials: new Uint8Array(groups), count: new Float64Array(groups) };
}

/** Exact per-group sums of integer or numeric values, in bigints. */
function exactSums(input: GroupInput): ExactSums {
  const { args, gids, rows, count: m, groups } = input;
  const v = args[0]!;
  const vn = v.nulls;
  const num = v.type === 'numeric' ? v.data as NumericData : null;
  const s = emptySums(num === null ? 0 : num.scale, groups);
  for (let k = 0; k < m; k++) {
    const i = rows === null ? k : rows[k]!;
    if (vn !== null && vn[i] === 1) continue;
    const g = gids[i]!;
    s.count[g]!++;
    if (num === null) {
      s.sum[g] = s.sum[g]! + BigInt((v.data as ArrayLike<number | bigint>)[i]!);
      continue;
    }
    const x = num.f[i]!;
    if (x !== x || x === Infinity || x === -Infinity) { s.specials[g]! |= x !== x ? 1 : x > 0 ? 2 : 4; continue; }
    s.sum[g] = s.sum[g]! + intAt(num, i);
    const ds = dscaleAt(num, i);
    if (ds > s.dscale[g]!) s.dscale[g] = ds;
  }
  return s;
}

/** The low limb's base: a value x is `hi * LIMB + lo` with |lo| < LIMB, |hi| < 2^27. */
const LIMB = 67_108_864; // 2^26
/** Rows up to which limb sums cannot leave 2^53 (2^26 values below 2^27 in magnitude, plus the start). */
const LIMB_ROWS = 67_108_863;

/**
 * Exact per-group sums of fast-form scaled integers (each below 2^53) in two float limbs per
 * group — every addition exact, no bigint per row — continuing from the float partial sums
 * (`sum`, `cnt`) of the positions before `from`. Writes sums and counts into `s`; false
 * (nothing usable written) when a value is NaN or ±Infinity or there are too many rows.
 */
function limbSums(d: ArrayLike<number>, input: GroupInput, vn: Uint8Array | null, s: ExactSums, from: number, sum: Float64Array, partial: Float64Array): boolean {
  const { gids, rows, count: m, groups } = input;
  if (m > LIMB_ROWS) return false;
  const hi = new Float64Array(groups), lo = new Float64Array(groups);
  const cnt = s.count;
  for (let g = 0; g < groups; g++) {
    const x = sum[g]!;
    if (x - x !== 0) return false; // NaN or ±Infinity so far
    const l = x % LIMB;
    lo[g] = l;
    hi[g] = (x - l) / LIMB;
    cnt[g] = partial[g]!;
  }
  for (let k = from; k < m; k++) {
    const i = rows === null ? k : rows[k]!;
    if (vn !== null && vn[i] === 1) continue;
    const x = d[i]!;
    if (x - x !== 0) return false; // NaN or ±Infinity
    const g = gids[i]!;
    const l = x % LIMB; // exact; takes the sign of x
    lo[g] += l;
    hi[g] += (x - l) / LIMB;
    cnt[g]!++;
  }
  const base = BigInt(LIMB);
  for (let g = 0; g < groups; g++) s.sum[g] = BigInt(hi[g]!) * base + BigInt(lo[g]!);
  return true;
}

/**
 * SUM (`avg` false) or AVG of integer-type or numeric values per group, as numeric.
 *
 * @example
 * ```ts
 * // sum over numeric 1.5, 2.25 in one group → '3.75'; avg → '1.8750000000000000'
 * ```
 */
export function numericSumGroups(input: GroupInput, avg: boolean): Vector {
  const { args, gids, rows, count: m, groups } = input;
  const v = args[0]!;
  const vn = v.type === 'null' ? null : v.nulls;
  if (v.type === 'null') return finish(emptySums(0, groups), groups, avg);
  const num = v.type === 'numeric' ? v.data as NumericData : null;
  const fast = (num !== null && num.b === null) || v.type === 'integer' || v.type === 'smallint';
  if (!fast) return finish(exactSums(input), groups, avg);
  // float accumulators of scaled integers: exact while every partial sum stays below 2^53
  const d: ArrayLike<number> = num !== null ? num.f : v.data as Int32Array;
  const sum = new Float64Array(groups);
  const cnt = new Float64Array(groups);
  let overflow = false, stop = m;
  if (rows === null && vn === null) {
    // the common case, kept tight: every row, no NULLs
    for (let i = 0; i < m; i++) {
      const g = gids[i]!;
      const t = sum[g]! + d[i]!;
      if (!(t < TWO_53 && t > -TWO_53) && t === t && t !== Infinity && t !== -Infinity) { overflow = true; stop = i; break; }
      sum[g] = t;
      cnt[g]!++;
    }
  } else {
    for (let k = 0; k < m; k++) {
      const i = rows === null ? k : rows[k]!;
      if (vn !== null && vn[i] === 1) continue;
      const g = gids[i]!;
      const t = sum[g]! + d[i]!;
      if (!(t < TWO_53 && t > -TWO_53) && t === t && t !== Infinity && t !== -Infinity) { overflow = true; stop = k; break; }
      sum[g] = t;
      cnt[g]!++;
    }
  }
  const scale = num === null ? 0 : num.scale;
  const s = emptySums(scale, groups);
  if (overflow) {
    // a partial sum left 2^53: exact again in two float limbs, else (specials, huge inputs) in bigints
    if (!limbSums(d, input, vn, s, stop, sum, cnt)) return finish(exactSums(input), groups, avg);
  } else {
    for (let g = 0; g < groups; g++) {
      const x = sum[g]!;
      s.count[g] = cnt[g]!;
      if (x !== x) s.specials[g] = 1;
      else if (x === Infinity) s.specials[g] = 2;
      else if (x === -Infinity) s.specials[g] = 4;
      else s.sum[g] = BigInt(x);
    }
  }
  if (num !== null) {
    if (num.d === null) s.dscale.fill(scale);
    else {
      const dd = num.d;
      for (let k = 0; k < m; k++) {
        const i = rows === null ? k : rows[k]!;
        if (vn !== null && vn[i] === 1) continue;
        const g = gids[i]!;
        if (dd[i]! > s.dscale[g]!) s.dscale[g] = dd[i]!;
      }
    }
  }
  return finish(s, groups, avg);
}

/** SUM or AVG (numeric results) over one window frame. */
export function numericSumFrame(f: FrameInput, avg: boolean): JsValue {
  const v = f.args[0]!;
  const seen = frameSeen(f);
  let count = 0;
  let acc: NumericValue = numericValue(0n, 0);
  for (let t = f.from; t < f.to; t++) {
    const x = frameValueAt(f, v, t, seen);
    if (x === undefined) continue;
    count++;
    const y = typeof x === 'string' ? parseNumeric(x) : numericValue(BigInt(x as number | bigint), 0);
    acc = addValues(acc, y, false);
  }
  if (count === 0) return null;
  const r = avg ? divideValues(acc, numericValue(BigInt(count), 0)) : acc;
  return formatNumeric(r);
}

/**
 * SUM or AVG (numeric results) over moving frames: the exact sum at the input's scale (a float
 * while below 2^53, then a bigint), the special values counted apart, and the display scales in
 * the frame counted so the result's scale is the largest one still in it.
 */
export function numericSumAccumulator(f: FrameInput, avg: boolean): FrameAccumulator | null {
  if (f.distinct) return null;
  const v = f.args[0]!;
  const num = v.type === 'numeric' ? v.data as NumericData : null;
  const scale = num === null ? 0 : num.scale;
  const scales = num !== null && num.d !== null ? new Map<number, number>() : null;
  let count = 0, exact = 0, big: bigint | null = null, nan = 0, pinf = 0, ninf = 0, maxScale = -1;
  const countScale = (ds: number, sign: number): void => {
    const k = (scales!.get(ds) ?? 0) + sign;
    scales!.set(ds, k);
    if (sign > 0) { if (ds > maxScale) maxScale = ds; return; }
    if (k > 0 || ds !== maxScale) return;
    maxScale = -1;
    for (const [d, n] of scales!) if (n > 0 && d > maxScale) maxScale = d;
  };
  const step = (t: number, sign: number): void => {
    const row = frameRowAt(f, v, t);
    if (row < 0) return;
    count += sign;
    let x: number | bigint;
    if (num !== null) {
      const fx = num.f[row]!;
      if (fx !== fx) { nan += sign; return; }
      if (fx === Infinity) { pinf += sign; return; }
      if (fx === -Infinity) { ninf += sign; return; }
      x = num.b === null ? fx : num.b[row]!;
      if (scales !== null) countScale(num.d![row]!, sign);
    } else x = (v.data as ArrayLike<number | bigint>)[row]!;
    if (big === null && typeof x === 'number') {
      const t2 = exact + sign * x;
      if (t2 < TWO_53 && t2 > -TWO_53) { exact = t2; return; }
    }
    big = (big ?? BigInt(exact)) + (sign > 0 ? BigInt(x) : -BigInt(x));
  };
  return {
    reset: () => { count = 0; exact = 0; big = null; nan = 0; pinf = 0; ninf = 0; maxScale = -1; scales?.clear(); },
    add: (t) => step(t, 1),
    remove: (t) => { step(t, -1); return true; },
    result: () => {
      if (count === 0) return null;
      let r: NumericValue;
      if (nan > 0 || (pinf > 0 && ninf > 0)) r = NUMERIC_NAN;
      else if (pinf > 0) r = NUMERIC_PINF;
      else if (ninf > 0) r = NUMERIC_NINF;
      else {
        const ds = scales !== null ? maxScale : scale;
        let int = big ?? BigInt(exact);
        if (ds > scale) int *= pow10n(ds - scale);
        else if (ds < scale) int /= pow10n(scale - ds);
        r = numericValue(int, ds);
      }
      return formatNumeric(avg ? divideValues(r, numericValue(BigInt(count), 0)) : r);
    },
  };
}
