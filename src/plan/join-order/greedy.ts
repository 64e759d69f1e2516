/**
 * Greedy join ordering (Greedy Operator Ordering, Fegaras 1998): repeatedly join the two
 * sub-plans, among those a predicate connects, whose join is estimated smallest (cheapest on a
 * tie). Only when no predicate connects any two sub-plans are two of them joined without one
 * (a cross product): the two smallest. Used for regions too large for the exhaustive search,
 * and to combine the exhaustively ordered connected components of a region. O(n) steps over
 * the predicates; leaf sets are arrays, so any number of leaves works.
 */
import { joinCost, semiJoinCost } from './cost.ts';
import type { SubPlan } from './dpccp.ts';
import type { JoinGraph } from './join-graph.ts';

interface Merge {
  readonly rows: number;
  readonly cost: number;
}

/** Rows and cost of joining sub-plans `a` and `b` (`unitOf` maps each leaf to its sub-plan). */
function mergeOf(g: JoinGraph, unitOf: Int32Array, a: number, b: number, pa: SubPlan, pb: SubPlan): Merge {
  let joinRows = pa.rows * pb.rows;
  let hashable = false;
  for (const p of g.preds) {
    let inA = false, inB = false, other = false;
    for (const l of p.leaves) {
      const u = unitOf[l]!;
      if (u === a) inA = true; else if (u === b) inB = true; else { other = true; break; }
    }
    if (other || !inA || !inB) continue;
    joinRows *= p.sel;
    const e = p.eq;
    if (!hashable && e !== null) {
      const side = (ls: readonly number[]) => (ls.every((l) => unitOf[l] === a) ? a : ls.every((l) => unitOf[l] === b) ? b : -1);
      const sl = side(e.l), sr = side(e.r);
      if (sl !== -1 && sr !== -1 && sl !== sr) hashable = true;
    }
  }
  joinRows = Math.max(1, joinRows);
  let rows = joinRows;
  let cost = pa.cost + pb.cost + joinCost(pa.rows, pb.rows, joinRows, hashable);
  for (const s of g.semis) {
    let inA = false, inB = false, other = false;
    for (const l of s.leaves) {
      const u = unitOf[l]!;
      if (u === a) inA = true; else if (u === b) inB = true; else { other = true; break; }
    }
    if (other || !inA || !inB) continue;
    const out = Math.max(1, rows * s.frac);
    cost += semiJoinCost(rows, s.rightRows, out, s.hashable);
    rows = out;
  }
  return { rows, cost };
}

/** Joins the given sub-plans (disjoint, covering every leaf) into one. */
export function orderGreedily(g: JoinGraph, start: readonly SubPlan[]): SubPlan {
  const units: (SubPlan | null)[] = [...start];
  const unitOf = new Int32Array(g.leaves.length).fill(-1);
  units.forEach((u, i) => { for (const l of u!.leaves) unitOf[l] = i; });
  let alive = units.length;
  while (alive > 1) {
    let bestA = -1, bestB = -1;
    let best: Merge | null = null;
    const seen = new Set<number>();
    for (const p of g.preds) {
      let a = -1, b = -1, many = false;
      for (const l of p.leaves) {
        const u = unitOf[l]!;
        if (u === -1) { many = true; break; }
        if (a === -1 || u === a) a = u;
        else if (b === -1 || u === b) b = u;
        else { many = true; break; }
      }
      if (many || b === -1) continue;
      const lo = Math.min(a, b), hi = Math.max(a, b);
      const key = lo * units.length + hi;
      if (seen.has(key)) continue;
      seen.add(key);
      const m = mergeOf(g, unitOf, lo, hi, units[lo]!, units[hi]!);
      if (best === null || m.rows < best.rows || (m.rows === best.rows && m.cost < best.cost)) { best = m; bestA = lo; bestB = hi; }
    }
    if (best === null) {
      // nothing connects the remaining sub-plans: a cross product of the two smallest
      const order = units.map((_, i) => i).filter((i) => units[i] !== null).sort((x, y) => units[x]!.rows - units[y]!.rows);
      bestA = Math.min(order[0]!, order[1]!);
      bestB = Math.max(order[0]!, order[1]!);
      best = mergeOf(g, unitOf, bestA, bestB, units[bestA]!, units[bestB]!);
    }
    const pa = units[bestA]!, pb = units[bestB]!;
    const merged: SubPlan = { leaves: [...pa.leaves, ...pb.leaves], rows: best.rows, cost: best.cost, tree: { left: pa.tree, right: pb.tree } };
    units[bestA] = merged;
    units[bestB] = null;
    for (const l of pb.leaves) unitOf[l] = bestA;
    alive--;
  }
  return units.find((u) => u !== null)!;
}
