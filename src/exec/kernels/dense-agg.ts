/**
 * Dense grouping on one 32-bit integer key with a small range of values (GROUP BY user_id): the
 * value minus the smallest one indexes the accumulators directly, in one pass that counts the
 * rows per value and notes each value's first row, and one more pass per SUM/AVG that adds into
 * per-value sums — no group-id column is written. The range is found on the way: the counting
 * kernel stops at the first value outside the accumulators, which then grow to cover it.
 * Kernels follow group-kernels.ts's rules (leaf functions over row ranges, nothing read before
 * the loop, no closures).
 */
import { CHUNK } from './group-kernels.ts';

/** Per-value counts and first rows of a dense grouping. */
export interface DenseSlots {
  /** The value of slot 0. */
  lo: number;
  /** Rows per slot (value `lo + slot`). */
  counts: Float64Array;
  /** First row of each slot (-1: no row). */
  first: Int32Array;
}

/**
 * Counts `d[from..to)` into the slots while the values stay in `[lo, lo + counts.length)`; returns
 * the first row outside that range, or `to`.
 */
function countAll(d: Int32Array, from: number, to: number, lo: number, counts: Float64Array, first: Int32Array): number {
  const span = counts.length;
  for (let i = from; i < to; i++) {
    const o = d[i]! - lo;
    if (o < 0 || o >= span) return i;
    if (counts[o]! === 0) first[o] = i;
    counts[o]!++;
  }
  return to;
}

/** {@link countAll} over the rows `sel[from..to)`; returns the first position (into `sel`) out of range, or `to`. */
function countSel(d: Int32Array, sel: Int32Array, from: number, to: number, lo: number, counts: Float64Array, first: Int32Array): number {
  const span = counts.length;
  for (let k = from; k < to; k++) {
    const i = sel[k]!;
    const o = d[i]! - lo;
    if (o < 0 || o >= span) return k;
    if (counts[o]! === 0) first[o] = i;
    counts[o]!++;
  }
  return to;
}

/**
 * Counts the rows of `d` at `sel` (or `d[0..m)`) per value, or returns null when the values span
 * more than `maxSpan` (the caller groups by hashing instead).
 */
export function denseCount(d: Int32Array, sel: Int32Array | null, m: number, maxSpan: number): DenseSlots | null {
  if (m === 0) return null;
  const v0 = d[sel === null ? 0 : sel[0]!]!;
  const s: DenseSlots = { lo: v0, counts: new Float64Array(Math.min(1024, maxSpan)), first: new Int32Array(Math.min(1024, maxSpan)).fill(-1) };
  let at = 0;
  while (at < m) {
    const to = Math.min(m, at + CHUNK);
    at = sel === null ? countAll(d, at, to, s.lo, s.counts, s.first) : countSel(d, sel, at, to, s.lo, s.counts, s.first);
    if (at === to) continue;
    // value d[row] is outside: grow the slots (at least double) to cover it
    const x = d[sel === null ? at : sel[at]!]!;
    const lo = Math.min(s.lo, x), hi = Math.max(s.lo + s.counts.length - 1, x);
    const need = hi - lo + 1;
    if (need > maxSpan) return null;
    const span = Math.min(maxSpan, Math.max(need, s.counts.length * 2));
    const base = x < s.lo ? Math.max(hi - span + 1, lo - (span - need)) : lo;
    const counts = new Float64Array(span), first = new Int32Array(span).fill(-1);
    counts.set(s.counts, s.lo - base);
    first.set(s.first, s.lo - base);
    s.lo = base;
    s.counts = counts;
    s.first = first;
  }
  return s;
}

function sumAllF64(key: Int32Array, v: Float64Array, from: number, to: number, lo: number, sums: Float64Array): void {
  for (let i = from; i < to; i++) {
    const o = key[i]! - lo;
    sums[o] = sums[o]! + v[i]!;
  }
}

function sumSelF64(key: Int32Array, v: Float64Array, sel: Int32Array, from: number, to: number, lo: number, sums: Float64Array): void {
  for (let k = from; k < to; k++) {
    const i = sel[k]!;
    const o = key[i]! - lo;
    sums[o] = sums[o]! + v[i]!;
  }
}

function sumAllI32(key: Int32Array, v: Int32Array, from: number, to: number, lo: number, sums: Float64Array): void {
  for (let i = from; i < to; i++) {
    const o = key[i]! - lo;
    sums[o] = sums[o]! + v[i]!;
  }
}

function sumSelI32(key: Int32Array, v: Int32Array, sel: Int32Array, from: number, to: number, lo: number, sums: Float64Array): void {
  for (let k = from; k < to; k++) {
    const i = sel[k]!;
    const o = key[i]! - lo;
    sums[o] = sums[o]! + v[i]!;
  }
}

/**
 * Per-slot sums of the values `v` (a `Float64Array` or `Int32Array` without NULLs) over the rows
 * `sel` (or `0..m-1`), slots by `key - lo` (every key inside the slots, as counted).
 */
export function denseSum(key: Int32Array, v: Float64Array | Int32Array, sel: Int32Array | null, m: number, lo: number, span: number): Float64Array {
  const sums = new Float64Array(span);
  for (let s = 0; s < m; s += CHUNK) {
    const e = Math.min(m, s + CHUNK);
    if (v instanceof Float64Array) {
      if (sel === null) sumAllF64(key, v, s, e, lo, sums);
      else sumSelF64(key, v, sel, s, e, lo, sums);
    } else if (sel === null) sumAllI32(key, v, s, e, lo, sums);
    else sumSelI32(key, v, sel, s, e, lo, sums);
  }
  return sums;
}

/** The occupied slots, ordered by their first row (the order groups appear in). */
export function slotsInOrder(s: DenseSlots): Int32Array {
  const occupied: number[] = [];
  for (let o = 0; o < s.counts.length; o++) if (s.counts[o]! > 0) occupied.push(o);
  const first = s.first;
  occupied.sort((a, b) => first[a]! - first[b]!);
  return Int32Array.from(occupied);
}
