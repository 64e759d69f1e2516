/**
 * Hash join on equality keys (inner, left, right, full, semi, anti) with an optional residual
 * predicate, and the nested-loop join used when there is no equality key. The build side is
 * hashed once into a dense key table with chained row lists in typed arrays (join-chains.ts);
 * the probe side produces candidate pairs that the residual predicate filters as one batch,
 * reading only the columns it needs. Semi and anti joins never build all pairs: a probe row is
 * decided by its first passing pair.
 */
import { DbError } from '../../errors/db-error.ts';
import { SqlState } from '../../errors/sqlstate.ts';
import { allocData, gather, type Batch, type Vector } from '../../types/vector.ts';
import { gatherNumeric, type NumericData } from '../../types/numeric-data.ts';
import type { ExecContext } from '../context.ts';
import type { Evaluator } from '../expr/evaluator.ts';
import { alignNumericKeys } from '../kernels/key-table.ts';
import { flaggedRows, joinPairs } from '../kernels/join-kernels.ts';
import { buildChains, semiJoinHits } from './join-chains.ts';
import { explainNode, type ExplainNode, type PhysicalOp } from '../operator.ts';

/** Join kinds the join operators run (semi/anti come from subquery decorrelation). */
export type JoinType = 'inner' | 'left' | 'right' | 'full' | 'cross' | 'semi' | 'anti';

type Residual = ((b: Batch, sel: Int32Array | null, ctx: ExecContext) => Int32Array) | null;

/** Gathers rows by index; index -1 produces NULL. */
export function gatherNullable(v: Vector, idx: Int32Array, count: number): Vector {
  const src = v.data;
  let nulls: Uint8Array | null = null;
  const vn = v.nulls;
  if (v.type === 'numeric') {
    for (let i = 0; i < count; i++) {
      const j = idx[i]!;
      if (j < 0 || (vn !== null && vn[j] === 1)) (nulls ??= new Uint8Array(count))[i] = 1;
    }
    return { type: v.type, length: count, data: gatherNumeric(src as NumericData, idx, count), nulls };
  }
  const data = allocData(v.type, count);
  if (Array.isArray(src)) {
    const d = data as unknown[], s = src as unknown[];
    for (let i = 0; i < count; i++) {
      const j = idx[i]!;
      if (j < 0 || (vn !== null && vn[j] === 1)) { (nulls ??= new Uint8Array(count))[i] = 1; continue; }
      d[i] = s[j];
    }
  } else {
    const d = data as Int32Array, s = src as Int32Array;
    for (let i = 0; i < count; i++) {
      const j = idx[i]!;
      if (j < 0 || (vn !== null && vn[j] === 1)) { (nulls ??= new Uint8Array(count))[i] = 1; continue; }
      d[i] = s[j]!;
    }
  }
  if (v.type === 'null') nulls = new Uint8Array(count).fill(1);
  return { type: v.type, length: count, data, nulls };
}

/** Growable pair list. */
class Pairs {
  /** One list kept alive so its shape survives full GCs (see `IntHashTable.keepShape`). */
  static readonly keepShape: Pairs = new Pairs();

  left = new Int32Array(64);
  right = new Int32Array(64);
  n = 0;
  push(l: number, r: number): void {
    if (this.n === this.left.length) {
      const a = new Int32Array(this.n * 2); a.set(this.left); this.left = a;
      const b = new Int32Array(this.n * 2); b.set(this.right); this.right = b;
    }
    this.left[this.n] = l;
    this.right[this.n++] = r;
  }
}

/** Which input column each output column is: side 0 = left, 1 = right; null = all, left then right. */
export type JoinOutput = readonly { readonly side: 0 | 1; readonly index: number }[] | null;

/**
 * Builds the output batch of pairs (only the output columns are gathered); `nullable`: an index
 * may be -1 (the unmatched side of an outer join), else the plain gather kernels serve.
 */
function pairBatch(l: Batch, r: Batch, li: Int32Array, ri: Int32Array, n: number, out: JoinOutput = null, nullable = false): Batch {
  const g = nullable ? gatherNullable : gather;
  const cols: Vector[] = [];
  if (out === null) {
    for (const c of l.columns) cols.push(g(c, li, n));
    for (const c of r.columns) cols.push(g(c, ri, n));
  } else {
    for (const o of out) cols.push(o.side === 0 ? g(l.columns[o.index]!, li, n) : g(r.columns[o.index]!, ri, n));
  }
  return { length: n, columns: cols };
}

/** Applies the residual predicate to candidate pairs; returns the surviving pairs. */
function filterPairs(l: Batch, r: Batch, p: Pairs, residual: Residual, cols: JoinOutput, ctx: ExecContext): { li: Int32Array; ri: Int32Array; n: number } {
  const li = p.left.subarray(0, p.n), ri = p.right.subarray(0, p.n);
  if (residual === null || p.n === 0) return { li, ri, n: p.n };
  const b = pairBatch(l, r, li, ri, p.n, cols);
  const keep = residual(b, null, ctx);
  const nl = new Int32Array(keep.length), nr = new Int32Array(keep.length);
  for (let k = 0; k < keep.length; k++) { nl[k] = li[keep[k]!]!; nr[k] = ri[keep[k]!]!; }
  return { li: nl, ri: nr, n: keep.length };
}

/** The left rows a semi join (matched) or an anti join (unmatched) keeps. */
function semiAntiRows(type: 'semi' | 'anti', l: Batch, hit: Uint8Array, out: JoinOutput): Batch {
  const { rows, n } = flaggedRows(hit, type === 'semi' ? 1 : 0);
  const cols = out === null ? l.columns : out.map((o) => l.columns[o.index]!);
  return { length: n, columns: cols.map((c) => gather(c, rows, n)) };
}

/** Completes a join from the matched pairs according to its type. */
function finish(type: JoinType, l: Batch, r: Batch, li: Int32Array, ri: Int32Array, n: number, out: JoinOutput): Batch {
  if (type === 'semi' || type === 'anti') {
    const hit = new Uint8Array(l.length);
    for (let k = 0; k < n; k++) hit[li[k]!] = 1;
    return semiAntiRows(type, l, hit, out);
  }
  if (type === 'inner' || type === 'cross') return pairBatch(l, r, li, ri, n, out);
  const outL: number[] = [], outR: number[] = [];
  for (let k = 0; k < n; k++) { outL.push(li[k]!); outR.push(ri[k]!); }
  if (type === 'left' || type === 'full') {
    const hit = new Uint8Array(l.length);
    for (let k = 0; k < n; k++) hit[li[k]!] = 1;
    for (let i = 0; i < l.length; i++) if (hit[i] === 0) { outL.push(i); outR.push(-1); }
  }
  if (type === 'right' || type === 'full') {
    const hit = new Uint8Array(r.length);
    for (let k = 0; k < n; k++) hit[ri[k]!] = 1;
    for (let j = 0; j < r.length; j++) if (hit[j] === 0) { outL.push(-1); outR.push(j); }
  }
  const a = Int32Array.from(outL), b = Int32Array.from(outR);
  return pairBatch(l, r, a, b, a.length, out, true);
}

/** The hash join operator (right side is the build side). */
export class HashJoinOp implements PhysicalOp {
  constructor(
    readonly ids: readonly number[],
    private readonly type: JoinType,
    private readonly left: PhysicalOp,
    private readonly right: PhysicalOp,
    private readonly leftKeys: readonly Evaluator[],
    private readonly rightKeys: readonly Evaluator[],
    private readonly residual: Residual,
    private readonly text: readonly string[],
    private readonly out: JoinOutput = null,
    /** The input columns the residual reads, in the order of its layout (null = all, left then right). */
    private readonly residualCols: JoinOutput = null,
  ) {}

  run(ctx: ExecContext): Batch {
    const l = this.left.run(ctx);
    const r = this.right.run(ctx);
    ctx.checkpoint();
    // numeric keys of both sides at one scale, so equal values hash alike
    const [rk, lk] = alignNumericKeys(this.rightKeys.map((k) => k(r, null, ctx)), this.leftKeys.map((k) => k(l, null, ctx)));
    const chains = buildChains(rk, r.length, lk, l.length);
    const resCols = this.residualCols;
    if (this.type === 'semi' || this.type === 'anti') {
      const hit = semiJoinHits(chains, this.residual, (li, ri, n) => pairBatch(l, r, li, ri, n, resCols), ctx);
      return semiAntiRows(this.type, l, hit, this.out);
    }
    const all = joinPairs(chains.first, chains.next, chains.unique);
    const pairs = new Pairs();
    pairs.left = all.li; pairs.right = all.ri; pairs.n = all.n;
    const { li, ri, n } = filterPairs(l, r, pairs, this.residual, resCols, ctx);
    return finish(this.type, l, r, li, ri, n, this.out);
  }

  explain(): ExplainNode {
    const label = `Hash ${this.type === 'inner' ? '' : this.type[0]!.toUpperCase() + this.type.slice(1) + ' '}Join`;
    return explainNode(label, this.text, [this.left.explain(), explainNode('Hash', [], [this.right.explain()])]);
  }
}

/** Nested-loop join for conditions without equality keys (and cross joins). */
export class NestedLoopJoinOp implements PhysicalOp {
  constructor(
    readonly ids: readonly number[],
    private readonly type: JoinType,
    private readonly left: PhysicalOp,
    private readonly right: PhysicalOp,
    private readonly predicate: Residual,
    private readonly text: readonly string[],
    private readonly out: JoinOutput = null,
    /** The input columns the predicate reads, in the order of its layout (null = all, left then right). */
    private readonly predicateCols: JoinOutput = null,
  ) {}

  run(ctx: ExecContext): Batch {
    const l = this.left.run(ctx);
    const r = this.right.run(ctx);
    ctx.checkpoint();
    const total = l.length * r.length;
    if (total > ctx.limits.maxRows) {
      throw new DbError(SqlState.PROGRAM_LIMIT_EXCEEDED, `join would produce ${total} rows, more than the limit of ${ctx.limits.maxRows}`);
    }
    // process in chunks of left rows so the candidate batch stays bounded
    const chunk = Math.max(1, Math.floor(65536 / Math.max(1, r.length)));
    const outL: Int32Array[] = [], outR: Int32Array[] = [];
    let count = 0;
    for (let start = 0; start < l.length; start += chunk) {
      const end = Math.min(l.length, start + chunk);
      const p = new Pairs();
      for (let i = start; i < end; i++) for (let j = 0; j < r.length; j++) p.push(i, j);
      const { li, ri, n } = filterPairs(l, r, p, this.predicate, this.predicateCols, ctx);
      outL.push(li.slice(0, n)); outR.push(ri.slice(0, n));
      count += n;
    }
    const li = new Int32Array(count), ri = new Int32Array(count);
    let o = 0;
    for (let k = 0; k < outL.length; k++) { li.set(outL[k]!, o); ri.set(outR[k]!, o); o += outL[k]!.length; }
    return finish(this.type, l, r, li, ri, count, this.out);
  }

  explain(): ExplainNode {
    const label = `Nested Loop${this.type === 'inner' || this.type === 'cross' ? '' : ' ' + this.type[0]!.toUpperCase() + this.type.slice(1) + ' Join'}`;
    return explainNode(label, this.text, [this.left.explain(), this.right.explain()]);
  }
}
