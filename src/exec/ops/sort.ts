/**
 * Sort and top-k. Keys are evaluated once into vectors; rows are ordered through an index
 * permutation with a comparator specialized per key type. With a LIMIT above it the sort keeps
 * only the first k rows (partial selection through a bounded binary heap; one numeric key without
 * NULLs takes the typed-array kernel of `kernels/top-k.ts`).
 */
import { gather, type Batch, type Vector } from '../../types/vector.ts';
import type { ExecContext } from '../context.ts';
import type { Evaluator } from '../expr/evaluator.ts';
import { comparatorFor, positionComparator } from '../kernels/compare.ts';
import { topKNumeric } from '../kernels/top-k.ts';
import type { NumericData } from '../../types/numeric-data.ts';
import { explainNode, type ExplainNode, type PhysicalOp } from '../operator.ts';
import { evalCount } from './limit.ts';

/** A compiled sort key. */
export interface CompiledSortKey {
  readonly ev: Evaluator;
  readonly desc: boolean;
  readonly nullsFirst: boolean;
}

/** Builds a row comparator over evaluated key vectors (ties broken by position: stable). */
export function rowComparator(vs: readonly Vector[], keys: readonly CompiledSortKey[]): (x: number, y: number) => number {
  const v0 = vs[0]!;
  // a fast-form numeric sorts like a double vector (one scale: the scaled integers order the values)
  const fastNumeric = v0.type === 'numeric' && (v0.data as NumericData).b === null;
  if (vs.length === 1 && v0.nulls === null && (v0.type === 'integer' || v0.type === 'double' || v0.type === 'smallint' || v0.type === 'date' || v0.type === 'timestamp' || v0.type === 'real' || fastNumeric)) {
    const d = fastNumeric ? (v0.data as NumericData).f : v0.data as ArrayLike<number>;
    const sign = keys[0]!.desc ? -1 : 1;
    const nanAware = v0.type === 'double' || v0.type === 'real' || fastNumeric;
    if (!nanAware) return (x, y) => (d[x]! - d[y]!) * sign || x - y;
    const cmp = comparatorFor('double');
    return (x, y) => cmp(d[x], d[y]) * sign || x - y;
  }
  const cmps = vs.map(positionComparator);
  return (x, y) => {
    for (let c = 0; c < vs.length; c++) {
      const v = vs[c]!, k = keys[c]!;
      const xn = v.type === 'null' || (v.nulls !== null && v.nulls[x] === 1);
      const yn = v.type === 'null' || (v.nulls !== null && v.nulls[y] === 1);
      if (xn || yn) {
        if (xn && yn) continue;
        return xn === k.nullsFirst ? -1 : 1;
      }
      const r = cmps[c]!(x, y);
      if (r !== 0) return k.desc ? -r : r;
    }
    return x - y;
  };
}

const PACKABLE = new Set(['integer', 'smallint', 'date', 'boolean']);

/**
 * The stable sort permutation of rows 0..n-1 by small-integer keys (integer, smallint, date,
 * boolean, with NULLs) without a comparator: each row becomes one double, its keys as digits of a
 * mixed-radix number above its position (`key·n + i`), radix-sorted. Null when a key has another
 * type or the digits do not fit in 2^53.
 */
function packedOrder(vs: readonly Vector[], keys: readonly CompiledSortKey[], n: number): Int32Array | null {
  for (const v of vs) if (v.type !== 'null' && !PACKABLE.has(v.type)) return null;
  const packed = new Float64Array(n);
  for (let i = 0; i < n; i++) packed[i] = i;
  let weight = n;
  for (let c = vs.length - 1; c >= 0; c--) {
    const v = vs[c]!, k = keys[c]!;
    if (v.type === 'null') continue;
    const d = v.data as ArrayLike<number>, nulls = v.nulls;
    let min = Infinity, max = -Infinity, anyNull = false;
    for (let i = 0; i < n; i++) {
      if (nulls !== null && nulls[i] === 1) { anyNull = true; continue; }
      const x = d[i]!;
      if (x < min) min = x;
      if (x > max) max = x;
    }
    if (min > max) continue; // every key NULL: no order
    const digits = max - min + 1 + (anyNull ? 1 : 0);
    if (weight * digits > 2 ** 53) return null;
    const shift = anyNull && k.nullsFirst ? 1 : 0, nullDigit = k.nullsFirst ? 0 : digits - 1;
    for (let i = 0; i < n; i++) {
      const digit = nulls !== null && nulls[i] === 1 ? nullDigit : (k.desc ? max - d[i]! : d[i]! - min) + shift;
      packed[i] = packed[i]! + digit * weight;
    }
    weight *= digits;
  }
  const sorted = radixSort(packed, weight);
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = sorted[i]! % n;
  return order;
}

/** LSD radix sort (11-bit digits) of non-negative integers below `bound` (≤ 2^53) held in doubles. */
function radixSort(a: Float64Array<ArrayBuffer>, bound: number): Float64Array<ArrayBuffer> {
  const n = a.length;
  let src = a, dst = new Float64Array(n);
  const count = new Int32Array(2048);
  for (let shift = 1; shift < bound; shift *= 2048) {
    count.fill(0);
    // ToInt32 keeps the low 32 bits of the quotient, so `& 2047` is its lowest digit
    for (let i = 0; i < n; i++) count[Math.floor(src[i]! / shift) & 2047]!++;
    let sum = 0;
    for (let d = 0; d < 2048; d++) { const c = count[d]!; count[d] = sum; sum += c; }
    for (let i = 0; i < n; i++) { const x = src[i]!; dst[count[Math.floor(x / shift) & 2047]!++] = x; }
    const t = src; src = dst; dst = t;
  }
  return src;
}

/**
 * The stable sort permutation of rows 0..n-1 by evaluated key vectors (packed small-integer keys
 * when possible, else the comparator of {@link rowComparator}).
 */
export function sortedOrder(vs: readonly Vector[], keys: readonly CompiledSortKey[], n: number): Int32Array {
  const packed = n > 64 ? packedOrder(vs, keys, n) : null;
  if (packed !== null) return packed;
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  if (vs.length > 0) order.sort(rowComparator(vs, keys));
  return order;
}

/** The sort operator (optionally bounded: top-k). */
export class SortOp implements PhysicalOp {
  constructor(
    readonly ids: readonly number[],
    private readonly input: PhysicalOp,
    private readonly keys: readonly CompiledSortKey[],
    private readonly text: readonly string[],
    /** When set, only the first limit+offset rows are needed. */
    private readonly bound: { readonly limit: Evaluator | null; readonly offset: Evaluator | null } | null = null,
  ) {}

  run(ctx: ExecContext): Batch {
    const b = this.input.run(ctx);
    ctx.checkpoint();
    const n = b.length;
    if (n <= 1) return b;
    const vs = this.keys.map((k) => k.ev(b, null, ctx));
    const cmp = rowComparator(vs, this.keys);
    let k = n;
    if (this.bound !== null) {
      const lim = evalCount(this.bound.limit, ctx, 'LIMIT');
      const off = evalCount(this.bound.offset, ctx, 'OFFSET') ?? 0;
      if (lim !== null) k = Math.min(n, lim + off);
    }
    let order: Int32Array;
    const key = vs.length === 1 ? vs[0]! : null;
    const numeric = key !== null && key.nulls === null && (key.data instanceof Float64Array || key.data instanceof Int32Array);
    if (k <= 0) order = new Int32Array(0);
    else if (k < n && k <= 4096 && numeric) order = topKNumeric(key.data as Float64Array | Int32Array, n, k, this.keys[0]!.desc);
    else if (k < n && k <= 4096) order = topK(n, k, cmp);
    else {
      order = sortedOrder(vs, this.keys, n);
      if (k < n) order = order.subarray(0, k);
    }
    return { length: order.length, columns: b.columns.map((c) => gather(c, order)) };
  }

  explain(): ExplainNode {
    return explainNode(this.bound === null ? 'Sort' : 'Top-N Sort', [`Sort Key: ${this.text.join(', ')}`], [this.input.explain()]);
  }
}

/** The k smallest positions by `cmp`, sorted, with a max-heap of size k. */
function topK(n: number, k: number, cmp: (x: number, y: number) => number): Int32Array {
  const heap = new Int32Array(k);
  let size = 0;
  const siftUp = (i: number) => {
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (cmp(heap[i]!, heap[p]!) <= 0) break;
      const t = heap[i]!; heap[i] = heap[p]!; heap[p] = t; i = p;
    }
  };
  const siftDown = (i: number) => {
    for (;;) {
      const l = 2 * i + 1, r = l + 1;
      let m = i;
      if (l < size && cmp(heap[l]!, heap[m]!) > 0) m = l;
      if (r < size && cmp(heap[r]!, heap[m]!) > 0) m = r;
      if (m === i) break;
      const t = heap[i]!; heap[i] = heap[m]!; heap[m] = t; i = m;
    }
  };
  for (let i = 0; i < n; i++) {
    if (size < k) { heap[size++] = i; siftUp(size - 1); }
    else if (cmp(i, heap[0]!) < 0) { heap[0] = i; siftDown(0); }
  }
  const out = heap.slice(0, size);
  out.sort(cmp);
  return out;
}
