/**
 * Sort and top-k. Keys are evaluated once into vectors; rows are ordered through an index
 * permutation with a comparator specialized per key type. With a LIMIT above it the sort keeps
 * only the first k rows (partial selection through a bounded binary heap).
 */
import { gather, type Batch, type Vector } from '../../types/vector.ts';
import type { ExecContext } from '../context.ts';
import type { Evaluator } from '../expr/evaluator.ts';
import { comparatorFor, positionComparator } from '../kernels/compare.ts';
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
    if (k <= 0) order = new Int32Array(0);
    else if (k < n && k <= 4096) order = topK(n, k, cmp);
    else {
      order = new Int32Array(n);
      for (let i = 0; i < n; i++) order[i] = i;
      order.sort(cmp);
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
