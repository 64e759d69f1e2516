/**
 * The loops of grouping and grouped sums as small leaf functions over a row range: one loop
 * each, typed-array arguments, nothing after the loop but a return, and callers that run them
 * over {@link CHUNK}-row ranges.
 *
 * Why (measured with `--trace-opt --trace-deopt` on GROUP BY over 1,000,000 rows): V8 optimizes
 * a function that is inside a long loop by on-stack replacement (OSR). When that function has a
 * second loop or allocations after the first, that code has no type feedback yet, the OSR code
 * bails out there — on every call, as the cached OSR code is entered again (4 ms and 8 ms on
 * alternate calls) — and a function called once per query gets its regular optimized code only
 * on its second call, after running that call unoptimized. Leaf kernels compile whole and stay
 * optimized; calling them per chunk gives V8 many calls to tier up on within the first query, so
 * later chunks of the very first run already use optimized code. Each kernel is written once per
 * array type it reads (`…F64`, `…I32`) so that its element loads see one type, and reads nothing
 * before its loop (V8 allocates a function's feedback vector during its first call and compiles it
 * at the start of the second: a load at the top of the first call has no feedback, and the first
 * optimized code bails out there). Closures made per query must not be passed in: V8 inlines the
 * one closure object it saw and drops the code when that object is collected.
 */

/** Rows per kernel call. */
export const CHUNK = 16384;

/** Folds the smallest and largest of `d[from..to)` into `out[0]`, `out[1]`. */
export function int32RangeAll(d: Int32Array, from: number, to: number, out: Int32Array): void {
  let lo = 2147483647, hi = -2147483648;
  for (let i = from; i < to; i++) {
    const x = d[i]!;
    if (x < lo) lo = x;
    if (x > hi) hi = x;
  }
  if (lo < out[0]!) out[0] = lo;
  if (hi > out[1]!) out[1] = hi;
}

/** Folds the smallest and largest of `d` at the rows `sel[from..to)` into `out[0]`, `out[1]`. */
export function int32RangeSel(d: Int32Array, sel: Int32Array, from: number, to: number, out: Int32Array): void {
  let lo = 2147483647, hi = -2147483648;
  for (let k = from; k < to; k++) {
    const x = d[sel[k]!]!;
    if (x < lo) lo = x;
    if (x > hi) hi = x;
  }
  if (lo < out[0]!) out[0] = lo;
  if (hi > out[1]!) out[1] = hi;
}

/** Smallest and largest of `d` at `sel` (or `d[0..m)`), into `out` (`m` > 0). */
export function int32Range(d: Int32Array, sel: Int32Array | null, m: number, out: Int32Array): void {
  out[0] = 2147483647;
  out[1] = -2147483648;
  for (let s = 0; s < m; s += CHUNK) {
    const e = Math.min(m, s + CHUNK);
    if (sel === null) int32RangeAll(d, s, e, out);
    else int32RangeSel(d, sel, s, e, out);
  }
}

/**
 * Dense grouping of rows `from..to` by direct indexing: `slot[x - lo]` holds the group id of
 * value `x` (-1: none yet), `perSlot` counts the rows per value, `first[g]` is group g's first
 * row, `gids[i]` row i's group. `groups` is the number of groups so far; returns the new number.
 */
export function denseGroupAll(d: Int32Array, from: number, to: number, lo: number, slot: Int32Array, perSlot: Float64Array, first: Int32Array, gids: Int32Array, groups: number): number {
  for (let i = from; i < to; i++) {
    const o = d[i]! - lo;
    let g = slot[o]!;
    if (g < 0) {
      g = groups++;
      slot[o] = g;
      first[g] = i;
    }
    gids[i] = g;
    perSlot[o]!++;
  }
  return groups;
}

/** {@link denseGroupAll} over the rows `sel[from..to)` (`gids[k]` is the group of row `sel[k]`). */
export function denseGroupSel(d: Int32Array, sel: Int32Array, from: number, to: number, lo: number, slot: Int32Array, perSlot: Float64Array, first: Int32Array, gids: Int32Array, groups: number): number {
  for (let k = from; k < to; k++) {
    const i = sel[k]!;
    const o = d[i]! - lo;
    let g = slot[o]!;
    if (g < 0) {
      g = groups++;
      slot[o] = g;
      first[g] = i;
    }
    gids[k] = g;
    perSlot[o]!++;
  }
  return groups;
}

/** Dense grouping of `d` at `sel` (or `d[0..m)`), chunk by chunk; returns the number of groups. */
export function denseGroup(d: Int32Array, sel: Int32Array | null, m: number, lo: number, slot: Int32Array, perSlot: Float64Array, first: Int32Array, gids: Int32Array): number {
  let groups = 0;
  for (let s = 0; s < m; s += CHUNK) {
    const e = Math.min(m, s + CHUNK);
    groups = sel === null ? denseGroupAll(d, s, e, lo, slot, perSlot, first, gids, groups) : denseGroupSel(d, sel, s, e, lo, slot, perSlot, first, gids, groups);
  }
  return groups;
}

/** Per-group row counts from the per-value counts of a dense grouping. */
export function denseGroupCounts(slot: Int32Array, perSlot: Float64Array, counts: Float64Array): void {
  for (let o = 0; o < slot.length; o++) {
    const g = slot[o]!;
    if (g >= 0) counts[g] = perSlot[o]!;
  }
}

/** `sum[g] += d[i]` for the rows `from..to` of group `gids[i]` (no NULLs). */
export function sumByGroupF64(d: Float64Array, gids: Int32Array, from: number, to: number, sum: Float64Array): void {
  for (let i = from; i < to; i++) {
    const g = gids[i]!;
    sum[g] = sum[g]! + d[i]!;
  }
}

/** {@link sumByGroupF64} for 32-bit integer values. */
export function sumByGroupI32(d: Int32Array, gids: Int32Array, from: number, to: number, sum: Float64Array): void {
  for (let i = from; i < to; i++) {
    const g = gids[i]!;
    sum[g] = sum[g]! + d[i]!;
  }
}

/**
 * `sum[g] += d[i]`, `cnt[g]++` for the rows `rows[from..to)` (or `from..to`) whose value is not
 * NULL (`nulls` may be null), double values.
 */
export function sumCountByGroupF64(d: Float64Array, nulls: Uint8Array | null, gids: Int32Array, rows: Int32Array | null, from: number, to: number, sum: Float64Array, cnt: Float64Array): void {
  for (let k = from; k < to; k++) {
    const i = rows === null ? k : rows[k]!;
    if (nulls !== null && nulls[i] === 1) continue;
    const g = gids[i]!;
    sum[g] = sum[g]! + d[i]!;
    cnt[g]!++;
  }
}

/** {@link sumCountByGroupF64} for any other numeric array (integers, reals). */
export function sumCountByGroupAny(d: ArrayLike<number>, nulls: Uint8Array | null, gids: Int32Array, rows: Int32Array | null, from: number, to: number, sum: Float64Array, cnt: Float64Array): void {
  for (let k = from; k < to; k++) {
    const i = rows === null ? k : rows[k]!;
    if (nulls !== null && nulls[i] === 1) continue;
    const g = gids[i]!;
    sum[g] = sum[g]! + d[i]!;
    cnt[g]!++;
  }
}

/**
 * Per-group sums (and, unless `countRows` is false, counts of non-NULL values) of the numeric
 * vector data `d` over `rows` (or rows 0..m-1), chunk by chunk.
 * @param countRows - false when every row counts (no NULLs, no row selection): only sums
 */
export function sumByGroup(d: ArrayLike<number>, nulls: Uint8Array | null, gids: Int32Array, rows: Int32Array | null, m: number, sum: Float64Array, cnt: Float64Array, countRows: boolean): void {
  for (let s = 0; s < m; s += CHUNK) {
    const e = Math.min(m, s + CHUNK);
    if (!countRows && d instanceof Float64Array) sumByGroupF64(d, gids, s, e, sum);
    else if (!countRows && d instanceof Int32Array) sumByGroupI32(d, gids, s, e, sum);
    else if (d instanceof Float64Array) sumCountByGroupF64(d, nulls, gids, rows, s, e, sum, cnt);
    else sumCountByGroupAny(d, nulls, gids, rows, s, e, sum, cnt);
  }
}
