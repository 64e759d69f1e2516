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
import { CHUNK, int32RangeAll } from '../kernels/group-kernels.ts';
import { IntHashTable } from '../kernels/int-hash.ts';
import {
  combineIds, denseLink, denseProbe, findIds, hashLink, hashProbe, internIds, markNegative, matchedFlags,
} from '../kernels/join-kernels.ts';
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

/** Scratch of the build keys' range pass (lo, hi). */
const RANGE = new Int32Array(2);

/**
 * Hashes the build keys `rk` (rows of `rn`) and probes them with `lk` (rows of `ln`); NULL key
 * parts match nothing. Key vectors of the two sides must already be aligned (numeric scale).
 */
export function buildChains(rk: readonly Vector[], rn: number, lk: readonly Vector[], ln: number): JoinChains {
  const first = new Int32Array(ln).fill(-1);
  const next = new Int32Array(rn).fill(-1);
  if (rk.every((v) => isInt32(v.type)) && lk.every((v) => isInt32(v.type))) {
    if (rk.length === 1) {
      const rv = rk[0]!, lv = lk[0]!;
      return int32Chains(rv.data as Int32Array, rv.nulls, rn, lv.data as Int32Array, lv.nulls, ln, first, next);
    }
    const c = combinedInt32Keys(rk, rn, lk, ln);
    if (c !== null) return int32Chains(c.r, c.rNulls, rn, c.l, c.lNulls, ln, first, next);
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
 * Largest key span indexed directly because the probe side is at least as long (a head array that
 * stays in cache: a wider one over few build rows is slower to probe than their small hash table).
 */
const MAX_PROBE_SPAN = 1 << 16;

/**
 * Chains over one 32-bit integer key per side: by direct indexing when the build keys span a
 * small range — up to 4× the build rows, or up to the probe rows and 65,536 slots (a head array no
 * longer than the probe side costs less than hashing every probe row) — else through a hash table; probe keys
 * outside the build keys' range skip the table.
 */
function int32Chains(rd: Int32Array, rnl: Uint8Array | null, rn: number, ld: Int32Array, lnl: Uint8Array | null, ln: number, first: Int32Array, next: Int32Array): JoinChains {
  RANGE[0] = 2147483647;
  RANGE[1] = -2147483648;
  // NULL rows' slots count too: the range only has to hold every key
  for (let s = 0; s < rn; s += CHUNK) int32RangeAll(rd, s, Math.min(rn, s + CHUNK), RANGE);
  const lo = RANGE[0]!, hi = RANGE[1]!;
  if (hi < lo) return { first, next, unique: true }; // no build row
  const span = hi - lo + 1;
  if (span <= DENSE_SPAN_FACTOR * rn + 64 || span <= Math.min(ln, MAX_PROBE_SPAN)) {
    const head = new Int32Array(span).fill(-1);
    let dup = 0;
    // chunks from the last down, each linked from its last row down: chains come out ascending
    for (let e = rn; e > 0; e -= CHUNK) dup |= denseLink(rd, rnl, Math.max(0, e - CHUNK), e, lo, head, next);
    for (let s = 0; s < ln; s += CHUNK) denseProbe(ld, lnl, s, Math.min(ln, s + CHUNK), lo, hi, head, first);
    return { first, next, unique: dup === 0 };
  }
  const table = new IntHashTable(rn);
  const head = new Int32Array(rn).fill(-1);
  let keyed = 0;
  for (let e = rn; e > 0; e -= CHUNK) keyed += hashLink(table, rd, rnl, Math.max(0, e - CHUNK), e, head, next);
  for (let s = 0; s < ln; s += CHUNK) hashProbe(table, ld, lnl, s, Math.min(ln, s + CHUNK), lo, hi, head, first);
  return { first, next, unique: table.size === keyed };
}

/** Largest product of distinct counts two combined key columns may reach (ids stay 32-bit). */
const MAX_COMBINED = 2_147_483_647;

/**
 * Several 32-bit integer key columns as one integer key per row: each column's build values get
 * dense ids (probe values absent from the build side get -1, so they match nothing), and the ids
 * are combined column by column (`acc * count + id`). A row with a NULL or absent part gets a
 * NULL mark. Null when the product of the distinct counts leaves 32 bits (the caller hashes
 * composite keys).
 */
function combinedInt32Keys(rk: readonly Vector[], rn: number, lk: readonly Vector[], ln: number): { r: Int32Array; rNulls: Uint8Array | null; l: Int32Array; lNulls: Uint8Array | null } | null {
  let accR: Int32Array | null = null, accL: Int32Array | null = null;
  let accCount = 0;
  for (let c = 0; c < rk.length; c++) {
    const rv = rk[c]!, lv = lk[c]!;
    const table = new IntHashTable(Math.min(rn, 1024));
    const idsR = new Int32Array(rn), idsL = new Int32Array(ln);
    for (let s = 0; s < rn; s += CHUNK) internIds(table, rv.data as Int32Array, rv.nulls, s, Math.min(rn, s + CHUNK), idsR);
    for (let s = 0; s < ln; s += CHUNK) findIds(table, lv.data as Int32Array, lv.nulls, s, Math.min(ln, s + CHUNK), idsL);
    const count = table.size;
    if (accR === null || accL === null) { accR = idsR; accL = idsL; accCount = count; continue; }
    if (accCount * count > MAX_COMBINED) return null;
    for (let s = 0; s < rn; s += CHUNK) combineIds(accR, idsR, count, s, Math.min(rn, s + CHUNK));
    for (let s = 0; s < ln; s += CHUNK) combineIds(accL, idsL, count, s, Math.min(ln, s + CHUNK));
    accCount *= count;
  }
  if (accR === null || accL === null) return null;
  return { r: accR, rNulls: negativeMask(accR, rn), l: accL, lNulls: negativeMask(accL, ln) };
}

/** A NULL mask of the rows whose id is -1, or null when there is none. */
function negativeMask(ids: Int32Array, n: number): Uint8Array | null {
  const mask = new Uint8Array(n);
  let c = 0;
  for (let s = 0; s < n; s += CHUNK) c += markNegative(ids, s, Math.min(n, s + CHUNK), mask);
  return c === 0 ? null : mask;
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
    for (let s = 0; s < n; s += CHUNK) matchedFlags(first, s, Math.min(n, s + CHUNK), hit);
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
