/**
 * Exhaustive join ordering by dynamic programming over connected subgraphs (DPccp, Moerman &
 * Neumann, VLDB 2006): it enumerates exactly the pairs (S1, S2) of disjoint connected leaf
 * sets joined by a predicate, so no plan contains a cross product and no pair is looked at
 * twice. The pairs are collected first and solved by increasing size, so both halves of a pair
 * have their best plan when it is considered. The search gives up (null) past a budget of
 * pairs: a chain of 20 leaves has 1,330 pairs, a star of 12 has 11,264, a clique of 12 261,625;
 * the caller then orders greedily.
 *
 * Connectivity uses predicates on exactly two leaves; predicates on more leaves are applied
 * where their leaves meet, and their selectivity counts there.
 */
import { joinCost, semiJoinCost } from './cost.ts';
import type { JoinGraph, JoinTree } from './join-graph.ts';

/** A solved leaf set: its estimated rows, its cost and its join tree. */
export interface SubPlan {
  readonly leaves: readonly number[];
  readonly rows: number;
  readonly cost: number;
  readonly tree: JoinTree;
}

/** Pairs enumerated at most (beyond, the caller orders greedily). */
export const PAIR_BUDGET = 50_000;

/** The plan of one leaf, with the semi/anti joins that read only that leaf. */
export function leafPlan(g: JoinGraph, i: number): SubPlan {
  let rows = g.rows[i]!, cost = 0;
  for (const s of g.semis) {
    if (s.leaves.length !== 1 || s.leaves[0] !== i) continue;
    const out = Math.max(1, rows * s.frac);
    cost += semiJoinCost(rows, s.rightRows, out, s.hashable);
    rows = out;
  }
  return { leaves: [i], rows, cost, tree: { leaf: i } };
}

function bitsOf(m: number): number[] {
  const out: number[] = [];
  for (let x = m; x !== 0; x &= x - 1) out.push(31 - Math.clz32(x & -x));
  return out;
}

function popcount(m: number): number {
  let c = 0;
  for (let x = m; x !== 0; x &= x - 1) c++;
  return c;
}

/** Best plan of the connected leaf set `component` (a bitmask), or null past the budget. */
export function orderByDpccp(g: JoinGraph, component: number, budget = PAIR_BUDGET): SubPlan | null {
  const nbr = g.nbr!, eqNbr = g.eqNbr!;
  const neighbours = (s: number): number => {
    let m = 0;
    for (let x = s; x !== 0; x &= x - 1) m |= nbr[31 - Math.clz32(x & -x)]!;
    return m & ~s & component;
  };
  // 1. enumerate the csg-cmp pairs
  const pairs: number[] = [];
  let over = false;
  const emit = (s1: number, s2: number) => {
    if (pairs.length >= 2 * budget) { over = true; return; }
    pairs.push(s1, s2);
  };
  const csgRec = (s: number, x: number, out: (s: number) => void): void => {
    if (over) return;
    const n = neighbours(s) & ~x;
    if (n === 0) return;
    // stop as soon as the budget is spent: a star of 28 leaves has 2^27 subsets to visit
    for (let sub = n; sub !== 0 && !over; sub = (sub - 1) & n) out(s | sub);
    for (let sub = n; sub !== 0 && !over; sub = (sub - 1) & n) csgRec(s | sub, x | n, out);
  };
  const cmpOf = (s1: number) => {
    const low = s1 & -s1;
    const x = (low | (low - 1)) | s1;
    const n = neighbours(s1) & ~x;
    for (const v of bitsOf(n).reverse()) {
      const bv = 1 << v;
      emit(s1, bv);
      csgRec(bv, x | ((bv | (bv - 1)) & n), (s2) => emit(s1, s2));
      if (over) return;
    }
  };
  const vertices = bitsOf(component);
  for (let k = vertices.length - 1; k >= 0 && !over; k--) {
    const v = 1 << vertices[k]!;
    cmpOf(v);
    csgRec(v, v | (v - 1), cmpOf);
  }
  if (over) return null;
  // 2. solve them by increasing size
  const best = new Map<number, { rows: number; cost: number; tree: JoinTree }>();
  for (const i of vertices) best.set(1 << i, leafPlan(g, i));
  const sizes = new Int32Array(pairs.length / 2);
  for (let k = 0; k < sizes.length; k++) sizes[k] = popcount(pairs[2 * k]! | pairs[2 * k + 1]!);
  const order = Array.from({ length: sizes.length }, (_, k) => k);
  order.sort((a, b) => sizes[a]! - sizes[b]!);
  const facts = new Map<number, { joinRows: number; rows: number; semiCost: number }>();
  const hyperEq = g.preds.filter((p) => p.eq !== null && p.leaves.length > 2 && p.mask !== 0);
  for (const k of order) {
    const s1 = pairs[2 * k]!, s2 = pairs[2 * k + 1]!;
    const p1 = best.get(s1), p2 = best.get(s2);
    if (p1 === undefined || p2 === undefined) continue;
    const s = s1 | s2;
    let f = facts.get(s);
    if (f === undefined) {
      let joinRows = p1.rows * p2.rows;
      for (const p of g.preds) {
        if (p.mask !== 0 && (p.mask & ~s) === 0 && (p.mask & ~s1) !== 0 && (p.mask & ~s2) !== 0) joinRows *= p.sel;
      }
      joinRows = Math.max(1, joinRows);
      let rows = joinRows, semiCost = 0;
      for (const sj of g.semis) {
        if (sj.mask !== 0 && (sj.mask & ~s) === 0 && (sj.mask & ~s1) !== 0 && (sj.mask & ~s2) !== 0) {
          const out = Math.max(1, rows * sj.frac);
          semiCost += semiJoinCost(rows, sj.rightRows, out, sj.hashable);
          rows = out;
        }
      }
      f = { joinRows, rows, semiCost };
      facts.set(s, f);
    }
    let hashable = false;
    for (let x = s1; x !== 0 && !hashable; x &= x - 1) if ((eqNbr[31 - Math.clz32(x & -x)]! & s2) !== 0) hashable = true;
    for (let i = 0; i < hyperEq.length && !hashable; i++) {
      const e = hyperEq[i]!.eq!;
      if (((e.lm & ~s1) === 0 && (e.rm & ~s2) === 0) || ((e.lm & ~s2) === 0 && (e.rm & ~s1) === 0)) hashable = true;
    }
    const cost = p1.cost + p2.cost + joinCost(p1.rows, p2.rows, f.joinRows, hashable) + f.semiCost;
    const cur = best.get(s);
    if (cur === undefined || cost < cur.cost) {
      best.set(s, { rows: f.rows, cost, tree: { left: p1.tree, right: p2.tree } });
    }
  }
  const top = best.get(component);
  return top === undefined ? null : { leaves: vertices, rows: top.rows, cost: top.cost, tree: top.tree };
}
