/**
 * Top-k of one numeric sort key without NULLs (`ORDER BY value DESC LIMIT 100`): a bounded heap
 * whose root is the worst row kept, and a scan that compares each row's value with the root's —
 * one typed-array load and one comparison per row; the heap moves only for the rare rows that
 * enter it. Ties keep the earlier row (a stable sort's order). Doubles order as PostgreSQL's:
 * NaN above every number.
 *
 * Every function here is module-level and takes the data array as an argument: a comparator
 * closure made per query would be inlined by V8 as that one closure object, and the optimized
 * code thrown away ("weak objects", then "wrong call target") once the query's closure is
 * collected — in every run. The scans are leaf kernels over row ranges (see group-kernels.ts),
 * one per array type and direction, and read nothing before their loop: V8 allocates a
 * function's feedback vector during its first call and compiles it at the start of the second,
 * so a load at the top of the first call has no feedback and the first optimized code bails
 * out there.
 */
import { CHUNK } from './group-kernels.ts';

/** `a` orders after `b` (NaN largest). */
function gtF64(a: number, b: number): boolean {
  return a > b || (a !== a && b === b);
}

/** Row x is worse than row y for a descending top-k of doubles (smaller, or equal and later). */
function worseDescF64(d: Float64Array, x: number, y: number): boolean {
  const a = d[x]!, b = d[y]!;
  return gtF64(b, a) || (!gtF64(a, b) && x > y);
}

/** Row x is worse than row y for an ascending top-k of doubles (larger, or equal and later). */
function worseAscF64(d: Float64Array, x: number, y: number): boolean {
  const a = d[x]!, b = d[y]!;
  return gtF64(a, b) || (!gtF64(b, a) && x > y);
}

function worseDescI32(d: Int32Array, x: number, y: number): boolean {
  const a = d[x]!, b = d[y]!;
  return a < b || (a === b && x > y);
}

function worseAscI32(d: Int32Array, x: number, y: number): boolean {
  const a = d[x]!, b = d[y]!;
  return a > b || (a === b && x > y);
}

/** Row x is worse than row y, by type and direction. */
function worse(d: Float64Array | Int32Array, desc: boolean, x: number, y: number): boolean {
  if (d instanceof Float64Array) return desc ? worseDescF64(d, x, y) : worseAscF64(d, x, y);
  return desc ? worseDescI32(d, x, y) : worseAscI32(d, x, y);
}

/** Sifts `heap[at]` up a heap whose root is the worst row. */
function siftUp(d: Float64Array | Int32Array, desc: boolean, heap: Int32Array, at: number): void {
  let i = at;
  const x = heap[i]!;
  while (i > 0) {
    const p = (i - 1) >> 1;
    if (!worse(d, desc, x, heap[p]!)) break;
    heap[i] = heap[p]!;
    i = p;
  }
  heap[i] = x;
}

/** Sifts `heap[0]` down a full heap of `size` rows whose root is the worst row. */
function siftDown(d: Float64Array | Int32Array, desc: boolean, heap: Int32Array, size: number): void {
  let i = 0;
  const x = heap[0]!;
  for (;;) {
    const l = 2 * i + 1;
    if (l >= size) break;
    const r = l + 1;
    const c = r < size && worse(d, desc, heap[r]!, heap[l]!) ? r : l;
    if (!worse(d, desc, heap[c]!, x)) break;
    heap[i] = heap[c]!;
    i = c;
  }
  heap[i] = x;
}

function offerDescF64(d: Float64Array, from: number, to: number, heap: Int32Array, k: number, root: number): number {
  for (let i = from; i < to; i++) {
    if (gtF64(d[i]!, root)) {
      heap[0] = i;
      siftDown(d, true, heap, k);
      root = d[heap[0]!]!;
    }
  }
  return root;
}

function offerAscF64(d: Float64Array, from: number, to: number, heap: Int32Array, k: number, root: number): number {
  for (let i = from; i < to; i++) {
    if (gtF64(root, d[i]!)) {
      heap[0] = i;
      siftDown(d, false, heap, k);
      root = d[heap[0]!]!;
    }
  }
  return root;
}

function offerDescI32(d: Int32Array, from: number, to: number, heap: Int32Array, k: number, root: number): number {
  for (let i = from; i < to; i++) {
    if (d[i]! > root) {
      heap[0] = i;
      siftDown(d, true, heap, k);
      root = d[heap[0]!]!;
    }
  }
  return root;
}

function offerAscI32(d: Int32Array, from: number, to: number, heap: Int32Array, k: number, root: number): number {
  for (let i = from; i < to; i++) {
    if (d[i]! < root) {
      heap[0] = i;
      siftDown(d, false, heap, k);
      root = d[heap[0]!]!;
    }
  }
  return root;
}

/**
 * The positions of the first `k` of `n` rows ordered by `d` (`desc`: largest first), in order;
 * `d` is a `Float64Array` (double, real, timestamp) or an `Int32Array` (integer, smallint, date)
 * without NULLs.
 */
export function topKNumeric(d: Float64Array | Int32Array, n: number, k: number, desc: boolean): Int32Array {
  const kk = Math.min(Math.max(k, 0), n);
  if (kk === 0) return new Int32Array(0);
  const heap = new Int32Array(kk);
  for (let i = 0; i < kk; i++) {
    heap[i] = i;
    siftUp(d, desc, heap, i);
  }
  // the root's value travels in and out of the kernels: no load before their loops (see below)
  let root = d[heap[0]!]!;
  for (let from = kk; from < n; from += CHUNK) {
    const to = Math.min(n, from + CHUNK);
    if (d instanceof Float64Array) root = desc ? offerDescF64(d, from, to, heap, kk, root) : offerAscF64(d, from, to, heap, kk, root);
    else root = desc ? offerDescI32(d, from, to, heap, kk, root) : offerAscI32(d, from, to, heap, kk, root);
  }
  // best first: the reverse of "worse"
  const out = Array.from(heap).sort((x, y) => (worse(d, desc, x, y) ? 1 : worse(d, desc, y, x) ? -1 : 0));
  return Int32Array.from(out);
}
