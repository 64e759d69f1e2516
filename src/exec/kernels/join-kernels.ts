/**
 * The loops of the hash join on 32-bit integer keys as leaf kernels over a row range (the rule of
 * `group-kernels.ts`: one loop per function, typed-array and number arguments, nothing read
 * before the loop, called over {@link CHUNK}-row ranges). Built as one function with several
 * million-row loops, the join's build and probe were optimized by on-stack replacement inside
 * their first loop and bailed out after it, in every run (`--trace-deopt`: "Insufficient type
 * feedback" at the loops after the first, again and again).
 *
 * Build rows are linked per key in ascending row order: `head[slot]` is the first row of a key,
 * `next[row]` the following one (-1 ends a chain); rows are pushed from the last one down, so
 * every chain comes out ascending. Probing writes, per probe row, the head of its key's chain
 * into `first` (left at -1: no match or a NULL key). `nl` arguments are NULL masks (1 = NULL) or
 * null.
 */
import { CHUNK } from './group-kernels.ts';
import type { IntHashTable } from './int-hash.ts';

/**
 * Links the build rows `[from, to)` (from `to - 1` down) by direct indexing (`slot = key - lo`);
 * returns 1 when some key met a row already linked (a duplicate key), else 0.
 */
export function denseLink(d: Int32Array, nl: Uint8Array | null, from: number, to: number, lo: number, head: Int32Array, next: Int32Array): number {
  let dup = 0;
  for (let j = to - 1; j >= from; j--) {
    if (nl !== null && nl[j] === 1) continue;
    const k = d[j]! - lo;
    const h = head[k]!;
    dup |= +(h !== -1);
    next[j] = h;
    head[k] = j;
  }
  return dup;
}

/** Probes the rows `[from, to)` against a {@link denseLink}ed build side over keys `lo..hi`. */
export function denseProbe(d: Int32Array, nl: Uint8Array | null, from: number, to: number, lo: number, hi: number, head: Int32Array, first: Int32Array): void {
  for (let i = from; i < to; i++) {
    if (nl !== null && nl[i] === 1) continue;
    const x = d[i]!;
    if (x >= lo && x <= hi) first[i] = head[x - lo]!;
  }
}

/**
 * Links the build rows `[from, to)` (from `to - 1` down) through a hash table of their keys (the
 * key's id is its slot in `head`); returns the number of non-NULL rows linked.
 */
export function hashLink(table: IntHashTable, d: Int32Array, nl: Uint8Array | null, from: number, to: number, head: Int32Array, next: Int32Array): number {
  let keyed = 0;
  for (let j = to - 1; j >= from; j--) {
    if (nl !== null && nl[j] === 1) continue;
    keyed++;
    const id = table.intern(d[j]!);
    next[j] = head[id]!;
    head[id] = j;
  }
  return keyed;
}

/** Probes the rows `[from, to)` against a {@link hashLink}ed build side whose keys lie in `lo..hi`. */
export function hashProbe(table: IntHashTable, d: Int32Array, nl: Uint8Array | null, from: number, to: number, lo: number, hi: number, head: Int32Array, first: Int32Array): void {
  for (let i = from; i < to; i++) {
    if (nl !== null && nl[i] === 1) continue;
    const x = d[i]!;
    if (x < lo || x > hi) continue;
    const id = table.find(x);
    if (id >= 0) first[i] = head[id]!;
  }
}

/**
 * Interns the values of rows `[from, to)` into `table`, writing each row's id to `ids` (-1 for a
 * NULL): one key column of a multi-column key.
 */
export function internIds(table: IntHashTable, d: Int32Array, nl: Uint8Array | null, from: number, to: number, ids: Int32Array): void {
  for (let i = from; i < to; i++) ids[i] = nl !== null && nl[i] === 1 ? -1 : table.intern(d[i]!);
}

/** Looks the values of rows `[from, to)` up in `table`, writing each id to `ids` (-1: NULL or absent). */
export function findIds(table: IntHashTable, d: Int32Array, nl: Uint8Array | null, from: number, to: number, ids: Int32Array): void {
  for (let i = from; i < to; i++) ids[i] = nl !== null && nl[i] === 1 ? -1 : table.find(d[i]!);
}

/** `acc[i] = acc[i] * count + ids[i]` for rows `[from, to)`, -1 when either part is -1. */
export function combineIds(acc: Int32Array, ids: Int32Array, count: number, from: number, to: number): void {
  for (let i = from; i < to; i++) {
    const a = acc[i]!, b = ids[i]!;
    acc[i] = a < 0 || b < 0 ? -1 : a * count + b;
  }
}

/** Marks the rows `[from, to)` whose id is -1 in `mask` (1); returns how many there are. */
export function markNegative(ids: Int32Array, from: number, to: number, mask: Uint8Array): number {
  let c = 0;
  for (let i = from; i < to; i++) {
    const neg = +(ids[i]! < 0);
    mask[i] = neg;
    c += neg;
  }
  return c;
}

/** Appends the matched probe rows of `[from, to)` and their single build row (unique build keys) from `c`; returns the new count. */
export function uniquePairs(first: Int32Array, from: number, to: number, li: Int32Array, ri: Int32Array, c: number): number {
  for (let i = from; i < to; i++) {
    const j = first[i]!;
    li[c] = i;
    ri[c] = j;
    c += +(j !== -1);
  }
  return c;
}

/** The number of (probe row, build row) pairs of the probe rows `[from, to)`. */
export function chainCount(first: Int32Array, next: Int32Array, from: number, to: number): number {
  let c = 0;
  for (let i = from; i < to; i++) for (let j = first[i]!; j !== -1; j = next[j]!) c++;
  return c;
}

/** Appends the pairs of the probe rows `[from, to)` from `c`; returns the new count. */
export function chainPairs(first: Int32Array, next: Int32Array, from: number, to: number, li: Int32Array, ri: Int32Array, c: number): number {
  for (let i = from; i < to; i++) {
    for (let j = first[i]!; j !== -1; j = next[j]!) {
      li[c] = i;
      ri[c++] = j;
    }
  }
  return c;
}

/**
 * All (probe row, build row) pairs in probe row order, each probe row's build rows ascending.
 * `unique`: every chain has one row.
 */
export function joinPairs(first: Int32Array, next: Int32Array, unique: boolean): { li: Int32Array<ArrayBuffer>; ri: Int32Array<ArrayBuffer>; n: number } {
  const ln = first.length;
  if (unique) {
    // one more slot than rows: the branch-free kernel writes one position past the last match
    const li = new Int32Array(ln + 1), ri = new Int32Array(ln + 1);
    let c = 0;
    for (let s = 0; s < ln; s += CHUNK) c = uniquePairs(first, s, Math.min(ln, s + CHUNK), li, ri, c);
    return { li, ri, n: c };
  }
  let total = 0;
  for (let s = 0; s < ln; s += CHUNK) total += chainCount(first, next, s, Math.min(ln, s + CHUNK));
  const li = new Int32Array(total), ri = new Int32Array(total);
  let c = 0;
  for (let s = 0; s < ln; s += CHUNK) c = chainPairs(first, next, s, Math.min(ln, s + CHUNK), li, ri, c);
  return { li, ri, n: c };
}

/** `hit[i] = 1` for the probe rows `[from, to)` with a match (a semi join without a residual). */
export function matchedFlags(first: Int32Array, from: number, to: number, hit: Uint8Array): void {
  for (let i = from; i < to; i++) hit[i] = +(first[i] !== -1);
}

/** Appends the rows of `[from, to)` whose flag is `want` to `out` from `c`; returns the new count. */
export function rowsWithFlag(hit: Uint8Array, want: number, from: number, to: number, out: Int32Array, c: number): number {
  for (let i = from; i < to; i++) {
    out[c] = i;
    c += +(hit[i] === want);
  }
  return c;
}

/** The rows whose flag is `want` (1: a semi join's matched rows, 0: an anti join's unmatched ones). */
export function flaggedRows(hit: Uint8Array, want: number): { rows: Int32Array; n: number } {
  const n = hit.length;
  // one more slot than rows: the branch-free kernel writes one position past the last kept row
  const rows = new Int32Array(n + 1);
  let c = 0;
  for (let s = 0; s < n; s += CHUNK) c = rowsWithFlag(hit, want, s, Math.min(n, s + CHUNK), rows, c);
  return { rows, n: c };
}
