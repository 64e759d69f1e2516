/**
 * Join ordering. A region is a maximal tree of inner and cross joins (comma joins, explicit
 * INNER JOINs, with their conditions already placed by `push-down-filters`) and of the semi
 * and anti joins that subquery decorrelation put over them. Its leaves are everything else —
 * scans, derived tables, aggregates and the outer joins, which are barriers: a LEFT, RIGHT or
 * FULL join is never reordered with what is around it (its own inputs are ordered on their
 * own), so outer-join semantics cannot change. Each region is rebuilt in the cheapest order
 * the cost model (`join-order/cost.ts`) finds:
 *
 * - its connected components (leaves linked by predicates) are ordered exhaustively by DPccp
 *   (`join-order/dpccp.ts`) when their csg-cmp pairs fit a budget (any shape up to 10
 *   leaves, a chain of hundreds), else greedily (`join-order/greedy.ts`);
 * - components are then combined greedily, by predicates that span them if any, else as
 *   cross products (the only cross products a plan contains are those the query asks for).
 *
 * Each join puts its larger input on the left, so the hash join builds on the smaller one;
 * semi/anti joins go right above the lowest join holding the columns they read. A region whose
 * conditions call a volatile function keeps its order. The region's output columns keep their
 * ids and order. Returns the same object when nothing changed.
 */
import type { BoundExpr, LogicalPlan } from '../logical.ts';
import { andAll, collectColumns, conjuncts, exprSome, mapChildren, mapPlanExprs } from '../plan-tree.ts';
import type { CardinalityEstimator } from '../estimate/cardinality.ts';
import { buildJoinGraph, buildJoinTree, MAX_MASK_LEAVES, type JoinGraph } from '../join-order/join-graph.ts';
import { leafPlan, orderByDpccp, type SubPlan } from '../join-order/dpccp.ts';
import { orderGreedily } from '../join-order/greedy.ts';

/** Reorders every join region of a plan (subquery plans included). */
export function reorderJoins(plan: LogicalPlan, est: CardinalityEstimator): LogicalPlan {
  return visit(plan, est);
}

function isRegionJoin(p: LogicalPlan): p is LogicalPlan & { kind: 'join' } {
  return p.kind === 'join' && (p.joinType === 'inner' || p.joinType === 'cross' || p.joinType === 'semi' || p.joinType === 'anti');
}

function visit(p: LogicalPlan, est: CardinalityEstimator): LogicalPlan {
  if (isRegionJoin(p)) return reorderRegion(p, est);
  let changed = false;
  const out = mapPlanExprs(p,
    (e) => { const r = visitExpr(e, est); if (r !== e) changed = true; return r; },
    (q) => { const r = visit(q, est); if (r !== q) changed = true; return r; });
  return changed ? out : p;
}

const isSubquery = (x: BoundExpr): boolean => x.kind === 'subquery';
const isVolatileCall = (x: BoundExpr): boolean => x.kind === 'func' && x.fn.volatile;

/** Reorders the plans of subqueries inside an expression. */
function visitExpr(e: BoundExpr, est: CardinalityEstimator): BoundExpr {
  if (!exprSome(e, isSubquery)) return e;
  if (e.kind === 'subquery') {
    const plan = visit(e.plan, est);
    const arg = e.arg === null ? null : visitExpr(e.arg, est);
    return plan === e.plan && arg === e.arg ? e : { ...e, plan, arg };
  }
  let changed = false;
  const out = mapChildren(e, (c) => { const r = visitExpr(c, est); if (r !== c) changed = true; return r; });
  return changed ? out : e;
}

function hasVolatileCall(e: BoundExpr): boolean {
  return exprSome(e, isVolatileCall);
}

interface Region {
  readonly leaves: LogicalPlan[];
  readonly conds: BoundExpr[];
  readonly semis: { joinType: 'semi' | 'anti'; right: LogicalPlan; on: BoundExpr | null }[];
  /** The inner joins' conditions (subquery plans reordered), in collection order. */
  readonly ons: (BoundExpr | null)[];
  changed: boolean;
}

/** Collects the region under `p` (its leaves reordered on their own first). */
function collect(p: LogicalPlan, r: Region, est: CardinalityEstimator): void {
  if (p.kind === 'join' && (p.joinType === 'inner' || p.joinType === 'cross')) {
    collect(p.left, r, est);
    collect(p.right, r, est);
    const on = p.on === null ? null : visitExpr(p.on, est);
    if (on !== p.on) r.changed = true;
    r.ons.push(on);
    conjuncts(on, r.conds);
    return;
  }
  if (p.kind === 'join' && (p.joinType === 'semi' || p.joinType === 'anti')) {
    collect(p.left, r, est);
    const right = visit(p.right, est);
    const on = p.on === null ? null : visitExpr(p.on, est);
    if (right !== p.right || on !== p.on) r.changed = true;
    r.semis.push({ joinType: p.joinType, right, on });
    return;
  }
  const leaf = visit(p, est);
  if (leaf !== p) r.changed = true;
  r.leaves.push(leaf);
}

/** Rebuilds a region in its original shape from its collected (reordered) leaves and semi joins. */
function rebuildAsIs(p: LogicalPlan, r: Region, at: { leaf: number; semi: number; on: number }): LogicalPlan {
  if (p.kind === 'join' && (p.joinType === 'inner' || p.joinType === 'cross')) {
    const left = rebuildAsIs(p.left, r, at), right = rebuildAsIs(p.right, r, at);
    const on = r.ons[at.on++]!;
    return left === p.left && right === p.right && on === p.on ? p : { ...p, left, right, on };
  }
  if (p.kind === 'join' && (p.joinType === 'semi' || p.joinType === 'anti')) {
    const left = rebuildAsIs(p.left, r, at);
    const s = r.semis[at.semi++]!;
    return left === p.left && s.right === p.right && s.on === p.on ? p : { ...p, left, right: s.right, on: s.on };
  }
  return r.leaves[at.leaf++]!;
}

function reorderRegion(root: LogicalPlan & { kind: 'join' }, est: CardinalityEstimator): LogicalPlan {
  const r: Region = { leaves: [], conds: [], semis: [], ons: [], changed: false };
  collect(root, r, est);
  if (r.leaves.length < 2 || r.conds.some(hasVolatileCall) || r.semis.some((s) => s.on !== null && hasVolatileCall(s.on))) {
    return r.changed ? rebuildAsIs(root, r, { leaf: 0, semi: 0, on: 0 }) : root;
  }
  // conditions on one leaf filter that leaf (push-down leaves few of them)
  const leafIds = r.leaves.map((l) => new Set(l.ids));
  const multi: BoundExpr[] = [];
  const own: BoundExpr[][] = r.leaves.map(() => []);
  for (const c of r.conds) {
    const cols = [...collectColumns(c, new Set())];
    const at = cols.length === 0 ? -1 : leafIds.findIndex((s) => cols.every((id) => s.has(id)));
    if (at >= 0) own[at]!.push(c); else multi.push(c);
  }
  const leaves = r.leaves.map((l, i) => withFilter(l, own[i]!));
  if (leaves.length === 2 && r.semis.length === 0) {
    // two inputs: the only choice is the build side (a cross product has none: it keeps its order)
    const keep = multi.length === 0 || est.rows(leaves[0]!) >= est.rows(leaves[1]!);
    const [a, b] = keep ? [leaves[0]!, leaves[1]!] : [leaves[1]!, leaves[0]!];
    if (a === root.left && b === root.right) return root;
    const on = andAll(multi);
    return { kind: 'join', joinType: on === null ? 'cross' : 'inner', left: a, right: b, on, ids: root.ids };
  }
  const g = buildJoinGraph(leaves, multi, r.semis, est);
  if (g === null) return r.changed ? rebuildAsIs(root, r, { leaf: 0, semi: 0, on: 0 }) : root;
  const best = order(g);
  return buildJoinTree(g, best.tree, root.ids, est);
}

function withFilter(p: LogicalPlan, cs: BoundExpr[]): LogicalPlan {
  const pred = andAll(cs);
  if (pred === null) return p;
  if (p.kind === 'scan') return { ...p, filters: [...p.filters, ...cs] };
  return { kind: 'filter', input: p, predicate: pred, ids: p.ids };
}

/** The best join tree of a region: DPccp per connected component where affordable, greedy elsewhere. */
function order(g: JoinGraph): SubPlan {
  const n = g.leaves.length;
  if (n > MAX_MASK_LEAVES) return orderGreedily(g, g.leaves.map((_, i) => leafPlan(g, i)));
  const nbr = g.nbr!;
  const parts: SubPlan[] = [];
  let seen = 0;
  for (let i = 0; i < n; i++) {
    if ((seen & (1 << i)) !== 0) continue;
    // the connected component of leaf i
    let comp = 1 << i, frontier = comp;
    while (frontier !== 0) {
      let next = 0;
      for (let x = frontier; x !== 0; x &= x - 1) next |= nbr[31 - Math.clz32(x & -x)]!;
      frontier = next & ~comp;
      comp |= next;
    }
    seen |= comp;
    if ((comp & (comp - 1)) === 0) { parts.push(leafPlan(g, i)); continue; }
    const leavesOf: number[] = [];
    for (let x = comp; x !== 0; x &= x - 1) leavesOf.push(31 - Math.clz32(x & -x));
    parts.push(orderByDpccp(g, comp) ?? orderGreedily(g, leavesOf.map((l) => leafPlan(g, l))));
  }
  return parts.length === 1 ? parts[0]! : orderGreedily(g, parts);
}
