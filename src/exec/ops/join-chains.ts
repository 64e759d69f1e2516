/**
 * The build and probe halves of the hash join as chains on typed arrays, and the semi and anti
 * join probe that stops at a row's first match. The build side's rows with equal keys are
 * linked in ascending row order (`next`); probing gives each probe row the head of its key's
 * chain (`first`, -1 for no match or a NULL key). A semi or anti join with a residual condition
 * tests candidate pairs in rounds — each undecided probe row hands over its next 1, 2, 4, …
 * chain rows — so a row leaves as soon as one pair passes, and all pairs are never built at once.
 */
import type { Batch, Vector } from '../../types/vector.ts';
import type { DataType } from '../../types/data-type.ts';
import type { ExecContext } from '../context.ts';
import { IntHashTable } from '../kernels/int-hash.ts';
import { keyReader } from '../kernels/key-table.ts';

/** A join's probe rows linked to their build-side matches. */
export interface JoinChains {
  /** Per probe row, the first build row with an equal key, or -1. */
  readonly first: Int32Array;
  /** Per build row, the next build row with the same key, or -1. */
  readonly next: Int32Array;
  /** True when no build key occurs twice (every chain has one row). */
  readonly unique: boolean;
}

function isInt32(t: DataType): boolean {
  return t === 'integer' || t === 'smallint' || t === 'date';
}

/**
 * Hashes the build keys `rk` (rows of `rn`) and probes them with `lk` (rows of `ln`); NULL key
 * parts match nothing. Key vectors of the two sides must already be aligned (numeric scale).
 */
export function buildChains(rk: readonly Vector[], rn: number, lk: readonly Vector[], ln: number): JoinChains {
  const first = new Int32Array(ln).fill(-1);
  const next = new Int32Array(rn).fill(-1);
  if (rk.length === 1 && isInt32(rk[0]!.type) && isInt32(lk[0]!.type)) {
    // typed-array hash table on the build side; rows chained per key id in ascending order
    const rv = rk[0]!, lv = lk[0]!;
    const rd = rv.data as Int32Array, ld = lv.data as Int32Array;
    const rnl = rv.nulls, lnl = lv.nulls;
    const dense = denseChains(rd, rnl, rn, ld, lnl, ln, first, next);
    if (dense >= 0) return { first, next, unique: dense === 1 };
    const table = new IntHashTable(rn);
    const head = new Int32Array(rn).fill(-1);
    let keyed = 0;
    for (let j = rn - 1; j >= 0; j--) {
      if (rnl !== null && rnl[j] === 1) continue;
      keyed++;
      const id = table.intern(rd[j]!);
      next[j] = head[id]!;
      head[id] = j;
    }
    for (let i = 0; i < ln; i++) {
      if (lnl !== null && lnl[i] === 1) continue;
      const id = table.find(ld[i]!);
      if (id >= 0) first[i] = head[id]!;
    }
    return { first, next, unique: table.size === keyed };
  }
  const readR = keyReader(rk.map((v) => v.type));
  const readL = keyReader(lk.map((v) => v.type));
  const heads = new Map<unknown, number>();
  const tails = new Map<unknown, number>();
  let unique = true;
  for (let j = 0; j < rn; j++) {
    const key = readR(rk, j);
    if (key === undefined) continue;
    const t = tails.get(key);
    if (t === undefined) heads.set(key, j); else { next[t] = j; unique = false; }
    tails.set(key, j);
  }
  for (let i = 0; i < ln; i++) {
    const key = readL(lk, i);
    if (key === undefined) continue;
    const j = heads.get(key);
    if (j !== undefined) first[i] = j;
  }
  return { first, next, unique };
}

/** Key span up to which integer build keys index an array directly (times the build rows). */
const DENSE_SPAN_FACTOR = 4;

/**
 * Chains by direct indexing when the integer build keys span a small range (`key - lo` is the
 * slot; no hashing). Fills `first` and `next`; returns 1 when the build keys are unique, 0 when
 * not, -1 (nothing written) when the range is too wide.
 */
function denseChains(rd: Int32Array, rnl: Uint8Array | null, rn: number, ld: Int32Array, lnl: Uint8Array | null, ln: number, first: Int32Array, next: Int32Array): number {
  let lo = 2147483647, hi = -2147483648;
  for (let j = 0; j < rn; j++) {
    if (rnl !== null && rnl[j] === 1) continue;
    const x = rd[j]!;
    if (x < lo) lo = x;
    if (x > hi) hi = x;
  }
  if (hi < lo) return 1; // no non-NULL build key: nothing matches
  const span = hi - lo + 1;
  if (span > DENSE_SPAN_FACTOR * rn + 64) return -1;
  const head = new Int32Array(span).fill(-1);
  let unique = 1;
  // rows pushed in descending order onto their key's list: each chain ends up ascending
  for (let j = rn - 1; j >= 0; j--) {
    if (rnl !== null && rnl[j] === 1) continue;
    const k = rd[j]! - lo;
    const h = head[k]!;
    if (h !== -1) unique = 0;
    next[j] = h;
    head[k] = j;
  }
  for (let i = 0; i < ln; i++) {
    if (lnl !== null && lnl[i] === 1) continue;
    const x = ld[i]!;
    if (x >= lo && x <= hi) first[i] = head[x - lo]!;
  }
  return unique;
}

/** A residual join condition over a batch of candidate pairs; returns the passing positions. */
export type PairFilter = (pairs: Batch, sel: Int32Array | null, ctx: ExecContext) => Int32Array;

/** Builds the batch of candidate pairs a residual condition reads (`li[k]` with `ri[k]`). */
export type PairBatchBuilder = (li: Int32Array, ri: Int32Array, n: number) => Batch;

/** Candidate pairs per residual evaluation (bounds the batch a round builds). */
const PAIR_CHUNK = 65_536;
/** Most chain rows one probe row hands over in one round. */
const MAX_STEP = 1024;

/**
 * Which probe rows have at least one build row with an equal key for which `residual` is true
 * (1 = matched). Without a residual a chain head is a match. A row stops taking candidates at
 * its first match; the rows still undecided after a round hand over twice as many the next
 * round, so a long chain costs a number of rounds logarithmic in its length.
 */
export function semiJoinHits(chains: JoinChains, residual: PairFilter | null, pairs: PairBatchBuilder, ctx: ExecContext): Uint8Array {
  const { first, next } = chains;
  const n = first.length;
  const hit = new Uint8Array(n);
  if (residual === null) {
    for (let i = 0; i < n; i++) if (first[i] !== -1) hit[i] = 1;
    return hit;
  }
  const cur = first.slice();
  let active = new Int32Array(n);
  let na = 0;
  for (let i = 0; i < n; i++) if (cur[i] !== -1) active[na++] = i;
  const li = new Int32Array(Math.min(PAIR_CHUNK, Math.max(1, na))), ri = new Int32Array(li.length);
  let np = 0;
  const flush = (): void => {
    if (np === 0) return;
    const keep = residual(pairs(li, ri, np), null, ctx);
    for (let k = 0; k < keep.length; k++) hit[li[keep[k]!]!] = 1;
    np = 0;
  };
  let step = 1;
  while (na > 0) {
    ctx.checkpoint();
    for (let a = 0; a < na; a++) {
      const i = active[a]!;
      let j = cur[i]!;
      for (let s = 0; s < step && j !== -1; s++) {
        li[np] = i; ri[np++] = j;
        j = next[j]!;
        if (np === li.length) flush();
      }
      cur[i] = j;
    }
    flush();
    let m = 0;
    for (let a = 0; a < na; a++) {
      const i = active[a]!;
      if (hit[i] === 0 && cur[i] !== -1) active[m++] = i;
    }
    na = m;
    if (step < MAX_STEP) step *= 2;
    if (na * 4 < active.length && active.length > 1024) active = active.slice(0, na);
  }
  return hit;
}
