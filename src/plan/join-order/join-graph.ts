/**
 * The join graph of one reorderable region of a plan: its leaves (the inputs that are not
 * inner joins: scans, outer joins, aggregates, …), the predicates that connect them (each
 * WHERE/ON conjunct with the set of leaves it reads), and the semi/anti joins (from subquery
 * decorrelation) with the leaves their condition reads. Also turns a chosen join tree back
 * into logical join nodes: every predicate is applied at the lowest join that holds all its
 * leaves, every semi/anti join right above the lowest subtree that holds its leaves (a
 * semi/anti join is a filter on its left rows, so it commutes with inner joins).
 *
 * Leaf sets are bitmasks when the region has at most {@link MAX_MASK_LEAVES} leaves.
 */
import type { BoundExpr, LogicalJoinType, LogicalPlan } from '../logical.ts';
import { andAll, collectColumns } from '../plan-tree.ts';
import type { CardinalityEstimator } from '../estimate/cardinality.ts';

/** Regions with more leaves than this use leaf arrays only (no bitmasks, no exhaustive search). */
export const MAX_MASK_LEAVES = 30;

/** A conjunct of the region's join conditions. */
export interface JoinPredicate {
  readonly expr: BoundExpr;
  /** Leaves read, ascending. Empty: reads no leaf (applied at the top). */
  readonly leaves: readonly number[];
  readonly mask: number;
  readonly sel: number;
  /** For `l = r` with each side reading leaves: the leaves of each side (a hash join key). */
  readonly eq: { readonly l: readonly number[]; readonly r: readonly number[]; readonly lm: number; readonly rm: number } | null;
}

/** A semi or anti join applied to the region's rows. */
export interface SemiJoin {
  readonly joinType: 'semi' | 'anti';
  readonly right: LogicalPlan;
  readonly on: BoundExpr | null;
  /** Leaves its condition reads (all leaves when it reads none). */
  readonly leaves: readonly number[];
  readonly mask: number;
  /** Fraction of rows it keeps. */
  readonly frac: number;
  /** Estimated rows of its right side. */
  readonly rightRows: number;
  /** True when it has an equality key (a hash semi join). */
  readonly hashable: boolean;
}

/** The join graph of a region. */
export interface JoinGraph {
  readonly leaves: readonly LogicalPlan[];
  readonly rows: readonly number[];
  readonly preds: readonly JoinPredicate[];
  readonly semis: readonly SemiJoin[];
  /** Neighbours of each leaf through predicates on exactly two leaves (masks; null beyond MAX_MASK_LEAVES). */
  readonly nbr: Int32Array | null;
  /** Neighbours through two-leaf equalities (hash-joinable pairs). */
  readonly eqNbr: Int32Array | null;
}

/** A join tree over leaf indexes. */
export type JoinTree = { readonly leaf: number } | { readonly left: JoinTree; readonly right: JoinTree };

function maskOf(leaves: readonly number[]): number {
  if (leaves.length > 0 && leaves[leaves.length - 1]! >= MAX_MASK_LEAVES) return 0;
  let m = 0;
  for (const l of leaves) m |= 1 << l;
  return m;
}

/** Leaves read by an expression, or null when it reads a column no leaf produces. */
function leavesOf(e: BoundExpr, leafOf: ReadonlyMap<number, number>): number[] | null {
  const out = new Set<number>();
  for (const id of collectColumns(e, new Set())) {
    const l = leafOf.get(id);
    if (l === undefined) return null;
    out.add(l);
  }
  return [...out].sort((a, b) => a - b);
}

/**
 * Builds the graph. `conds` are the region's multi-leaf conjuncts; `semis` its semi/anti
 * joins in bottom-up order. Null when a conjunct reads a column no leaf produces.
 */
export function buildJoinGraph(leaves: readonly LogicalPlan[], conds: readonly BoundExpr[],
  semis: readonly { joinType: 'semi' | 'anti'; right: LogicalPlan; on: BoundExpr | null }[], est: CardinalityEstimator): JoinGraph | null {
  const n = leaves.length;
  const leafOf = new Map<number, number>();
  leaves.forEach((l, i) => { for (const id of l.ids) leafOf.set(id, i); });
  const rows = leaves.map((l) => est.rows(l));
  const all = Array.from({ length: n }, (_, i) => i);
  const preds: JoinPredicate[] = [];
  const nbr = n <= MAX_MASK_LEAVES ? new Int32Array(n) : null;
  const eqNbr = n <= MAX_MASK_LEAVES ? new Int32Array(n) : null;
  for (const c of conds) {
    const ls = leavesOf(c, leafOf);
    if (ls === null) return null;
    const leavesRead = ls.length === 0 ? all : ls;
    let eq: JoinPredicate['eq'] = null;
    if (c.kind === 'cmp' && c.op === '=' && !hasSubquery(c)) {
      const l = leavesOf(c.left, leafOf), r = leavesOf(c.right, leafOf);
      if (l !== null && r !== null && l.length > 0 && r.length > 0 && !l.some((x) => r.includes(x))) eq = { l, r, lm: maskOf(l), rm: maskOf(r) };
    }
    const p: JoinPredicate = { expr: c, leaves: leavesRead, mask: maskOf(leavesRead), sel: est.conjuncts([c]), eq };
    preds.push(p);
    if (nbr !== null && ls.length === 2) {
      const [a, b] = ls as [number, number];
      nbr[a]! |= 1 << b; nbr[b]! |= 1 << a;
      if (eq !== null) { eqNbr![a]! |= 1 << b; eqNbr![b]! |= 1 << a; }
    }
  }
  const semiList: SemiJoin[] = [];
  const leftIds = new Set(leafOf.keys());
  for (const s of semis) {
    const cols = s.on === null ? new Set<number>() : collectColumns(s.on, new Set());
    const ls = new Set<number>();
    for (const id of cols) { const l = leafOf.get(id); if (l !== undefined) ls.add(l); }
    const leavesRead = ls.size === 0 ? all : [...ls].sort((a, b) => a - b);
    const rids = new Set(s.right.ids);
    const hashable = s.on !== null && splitsEq(s.on, leafOf, rids);
    // the fraction depends on the columns it reads only (any left input holding them gives the same)
    const frac = est.semiFraction(leftIds, s.right, s.on);
    semiList.push({ ...s, leaves: leavesRead, mask: maskOf(leavesRead), frac: s.joinType === 'semi' ? frac : 1 - frac, rightRows: est.rows(s.right), hashable });
  }
  return { leaves, rows, preds, semis: semiList, nbr, eqNbr };
}

function hasSubquery(e: BoundExpr): boolean {
  return e.kind === 'subquery' || (e.kind === 'cmp' && (hasSubquery(e.left) || hasSubquery(e.right)));
}

/** True when some conjunct of a semi join's condition is an equality between the left side and the right side. */
function splitsEq(on: BoundExpr, leafOf: ReadonlyMap<number, number>, rids: ReadonlySet<number>): boolean {
  const parts = on.kind === 'and' ? on.args : [on];
  for (const c of parts) {
    if (c.kind !== 'cmp' || c.op !== '=') continue;
    const lc = collectColumns(c.left, new Set()), rc = collectColumns(c.right, new Set());
    const inL = (s: Set<number>) => s.size > 0 && [...s].every((x) => leafOf.has(x));
    const inR = (s: Set<number>) => s.size > 0 && [...s].every((x) => rids.has(x));
    if ((inL(lc) && inR(rc)) || (inR(lc) && inL(rc))) return true;
  }
  return false;
}

/**
 * Where each semi/anti join goes: the node (post-order index of the join tree) above which it
 * is applied. A semi join probes with every row of the node it sits on, and the joins below it
 * work on rows it would have removed, so for each node holding its leaves (a chain from the
 * lowest one to the root) the cost is the node's rows plus, for every join between the lowest
 * node and it, that join's rows times the fraction the semi join would remove; the cheapest
 * node wins (the lowest on ties). A selective inner join above its table (TPC-H Q21: the
 * lineitem rows of one nation's suppliers) thus runs before a semi join that keeps most rows.
 */
function placeSemis(g: JoinGraph, tree: JoinTree, est: CardinalityEstimator): Int32Array {
  const nodes: { has: Set<number>; rows: number }[] = [];
  const walk = (t: JoinTree): { plan: LogicalPlan; has: Set<number> } => {
    if ('leaf' in t) {
      const r = { plan: g.leaves[t.leaf]!, has: new Set([t.leaf]) };
      nodes.push({ has: r.has, rows: g.rows[t.leaf]! });
      return r;
    }
    const a = walk(t.left), b = walk(t.right);
    const has = new Set([...a.has, ...b.has]);
    const on = g.preds.filter((p) => p.leaves.every((l) => has.has(l)) && !(p.leaves.every((l) => a.has.has(l)) || p.leaves.every((l) => b.has.has(l)))).map((p) => p.expr);
    const cond = andAll(on);
    const plan: LogicalPlan = { kind: 'join', joinType: cond === null ? 'cross' : 'inner', left: a.plan, right: b.plan, on: cond, ids: [...a.plan.ids, ...b.plan.ids] };
    nodes.push({ has, rows: est.rows(plan) });
    return { plan, has };
  };
  walk(tree);
  return Int32Array.from(g.semis, (s) => {
    let best = -1, bestCost = Infinity, below = 0;
    nodes.forEach((nd, k) => {
      if (!s.leaves.every((l) => nd.has.has(l))) return;
      // post-order visits the chain of nodes holding the leaves bottom-up
      if (best >= 0) below += nd.rows * (1 - s.frac);
      const cost = nd.rows + below;
      if (cost < bestCost) { best = k; bestCost = cost; }
    });
    return best;
  });
}

/**
 * Turns a join tree into logical joins. The larger input (estimated) goes left: the hash join
 * builds its table on the right. The root outputs `rootIds`.
 */
export function buildJoinTree(g: JoinGraph, tree: JoinTree, rootIds: readonly number[], est: CardinalityEstimator): LogicalPlan {
  const applied = new Uint8Array(g.preds.length);
  const at = g.semis.length === 0 ? new Int32Array(0) : placeSemis(g, tree, est);
  let node = 0;
  const build = (t: JoinTree): { plan: LogicalPlan; has: Set<number> } => {
    if ('leaf' in t) {
      const has = new Set([t.leaf]);
      return { plan: applySemis(g.leaves[t.leaf]!, node++), has };
    }
    const a = build(t.left), b = build(t.right);
    const has = new Set([...a.has, ...b.has]);
    const on: BoundExpr[] = [];
    g.preds.forEach((p, i) => {
      if (applied[i] === 0 && p.leaves.every((l) => has.has(l))) { on.push(p.expr); applied[i] = 1; }
    });
    const [l, r] = est.rows(a.plan) >= est.rows(b.plan) ? [a.plan, b.plan] : [b.plan, a.plan];
    const cond = andAll(on);
    const joinType: LogicalJoinType = cond === null ? 'cross' : 'inner';
    const join: LogicalPlan = { kind: 'join', joinType, left: l, right: r, on: cond, ids: [...l.ids, ...r.ids] };
    return { plan: applySemis(join, node++), has };
  };
  const applySemis = (p: LogicalPlan, k: number): LogicalPlan => {
    let out = p;
    g.semis.forEach((s, i) => {
      if (at[i] === k) out = { kind: 'join', joinType: s.joinType, left: out, right: s.right, on: s.on, ids: out.ids };
    });
    return out;
  };
  const root = build(tree).plan;
  return { ...root, ids: rootIds } as LogicalPlan;
}
