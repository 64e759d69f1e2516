/**
 * Subquery decorrelation: WHERE conjuncts that are
 * - `x IN (SELECT y …)` with an uncorrelated subquery → semi join on `x = y`;
 * - `[NOT] EXISTS (SELECT … WHERE inner = outer [AND …])` whose only outer references are such
 *   equalities, with nothing but projections and filters above them → semi (anti) join on
 *   `inner = outer`.
 * Both are exact rewrites in a WHERE conjunct (a NULL from IN behaves as false there). Other
 * subqueries stay correlated and run per distinct outer value. Returns the same object when
 * nothing changed.
 */
import type { BoundExpr, LogicalPlan, SubqueryExpr } from '../logical.ts';
import { andAll, collectColumns, conjuncts, mapChildren, mapPlanExprs } from '../plan-tree.ts';

/** Rewrites every filter of the plan (and of nested plans). */
export function decorrelateSubqueries(plan: LogicalPlan): LogicalPlan {
  const inner = mapPlanExprs(plan, (e) => e, decorrelateSubqueries);
  const p = samePlan(inner, plan) ? plan : inner;
  if (p.kind !== 'filter') return p;
  const rest: BoundExpr[] = [];
  let input = p.input;
  let changed = false;
  for (const c of conjuncts(p.predicate)) {
    const j = tryJoin(input, c);
    if (j === null) rest.push(c);
    else { input = j; changed = true; }
  }
  if (!changed) return p;
  const pred = andAll(rest);
  return pred === null ? input : { kind: 'filter', input, predicate: pred, ids: p.ids };
}

function samePlan(a: LogicalPlan, b: LogicalPlan): boolean {
  if (a === b) return true;
  // mapPlanExprs always copies; compare the children it may have replaced
  const ka = Object.keys(a) as (keyof LogicalPlan)[];
  for (const k of ka) {
    const va = (a as unknown as Record<string, unknown>)[k], vb = (b as unknown as Record<string, unknown>)[k];
    if (va !== vb && !(Array.isArray(va) && Array.isArray(vb) && va.length === vb.length && va.every((x, i) => x === vb[i]))) return false;
  }
  return true;
}

function ids(p: LogicalPlan): Set<number> {
  return new Set(p.ids);
}

function tryJoin(input: LogicalPlan, c: BoundExpr): LogicalPlan | null {
  let negated = false;
  let e = c;
  if (e.kind === 'not' && e.arg.kind === 'subquery' && e.arg.mode === 'exists') { negated = true; e = e.arg; }
  if (e.kind !== 'subquery') return null;
  if (e.mode === 'in') return inToSemi(input, e);
  if (e.mode === 'exists') return existsToJoin(input, e, negated);
  return null;
}

function inToSemi(input: LogicalPlan, e: SubqueryExpr): LogicalPlan | null {
  if (e.negated || e.correlated.length > 0 || e.arg === null) return null;
  const lids = ids(input);
  const argCols = collectColumns(e.arg, new Set(), true);
  for (const id of argCols) if (!lids.has(id)) return null;
  const y = e.plan.ids[0]!;
  const on: BoundExpr = { kind: 'cmp', type: 'boolean', op: '=', left: e.arg, right: { kind: 'col', type: e.arg.type, id: y } };
  return { kind: 'join', joinType: 'semi', left: input, right: e.plan, on, ids: input.ids };
}

/** Splits off `inner = outer` conjuncts from the filters directly under projections. */
function existsToJoin(input: LogicalPlan, e: SubqueryExpr, negated: boolean): LogicalPlan | null {
  if (e.correlated.length === 0) return null;
  const lids = ids(input);
  for (const id of e.correlated) if (!lids.has(id)) return null;
  // walk down through projections to a filter (or a scan with filters)
  let node = e.plan;
  while (node.kind === 'project') node = node.input;
  const keysL: BoundExpr[] = [], keysR: BoundExpr[] = [];
  let body: LogicalPlan;
  const split = (cs: BoundExpr[], innerIds: Set<number>): BoundExpr[] | null => {
    const keep: BoundExpr[] = [];
    for (const c of cs) {
      const outer = outerIds(c);
      if (outer.size === 0) { keep.push(c); continue; }
      if (c.kind !== 'cmp' || c.op !== '=') return null;
      const lo = outerIds(c.left), ro = outerIds(c.right);
      const lc = collectColumns(c.left, new Set()), rc = collectColumns(c.right, new Set());
      const onlyOuter = (x: BoundExpr, oc: Set<number>, cc: Set<number>) => oc.size > 0 && cc.size === 0 && x.kind === 'outer';
      const onlyInner = (oc: Set<number>, cc: Set<number>) => oc.size === 0 && cc.size > 0 && [...cc].every((i) => innerIds.has(i));
      if (onlyOuter(c.left, lo, lc) && onlyInner(ro, rc)) { keysL.push(toCol(c.left)); keysR.push(c.right); continue; }
      if (onlyOuter(c.right, ro, rc) && onlyInner(lo, lc)) { keysL.push(toCol(c.right)); keysR.push(c.left); continue; }
      return null;
    }
    return keep;
  };
  if (node.kind === 'filter') {
    const innerIds = ids(node.input);
    const keep = split(conjuncts(node.predicate), innerIds);
    if (keep === null) return null;
    const pred = andAll(keep);
    body = pred === null ? node.input : { kind: 'filter', input: node.input, predicate: pred, ids: node.ids };
  } else if (node.kind === 'scan') {
    const keep = split([...node.filters], ids(node));
    if (keep === null) return null;
    body = { ...node, filters: keep };
  } else {
    return null;
  }
  if (keysL.length === 0 || hasOuterRefs(body)) return null;
  const on = andAll(keysL.map((l, i) => ({ kind: 'cmp', type: 'boolean', op: '=', left: l, right: keysR[i]! }) as BoundExpr));
  return { kind: 'join', joinType: negated ? 'anti' : 'semi', left: input, right: body, on, ids: input.ids };
}

function toCol(e: BoundExpr): BoundExpr {
  return e.kind === 'outer' ? { kind: 'col', type: e.type, id: e.id } : e;
}

function outerIds(e: BoundExpr): Set<number> {
  const out = new Set<number>();
  const walk = (x: BoundExpr): BoundExpr => {
    if (x.kind === 'outer') out.add(x.id);
    else if (x.kind === 'subquery') { for (const id of x.correlated) out.add(id); if (x.arg) walk(x.arg); }
    else mapChildren(x, walk);
    return x;
  };
  walk(e);
  return out;
}

/** True when any expression in the plan still reads an outer reference. */
function hasOuterRefs(p: LogicalPlan): boolean {
  let found = false;
  const fx = (e: BoundExpr): BoundExpr => { if (!found && outerIds(e).size > 0) found = true; return e; };
  const fp = (q: LogicalPlan): LogicalPlan => { if (!found && hasOuterRefs(q)) found = true; return q; };
  mapPlanExprs(p, fx, fp);
  return found;
}
