/**
 * Correlated scalar aggregate subqueries compared in a WHERE conjunct become joins with the
 * aggregate grouped by the correlation keys (TPC-H Q2, Q17, Q20):
 *
 *   … WHERE x < (SELECT 0.2 * avg(q) FROM l WHERE l.k = outer.k AND p)
 *   → … SEMI JOIN (SELECT l.k AS k', 0.2 * avg(q) AS v FROM l WHERE p GROUP BY l.k) s
 *         ON outer.k = s.k' AND x < s.v
 *
 * instead of running the subquery once per distinct outer key. Exact when (all checked):
 * - the conjunct is a comparison with the subquery as one operand, so a NULL subquery value (no
 *   rows for that key) makes it not true — as the missing join row does;
 * - the subquery is a projection of aggregates that are NULL over no rows (SUM, AVG, MIN, MAX)
 *   through strict operators (arithmetic, casts, negation, constants), with no GROUP BY;
 * - its only outer references are `outer column = inner expression` conjuncts of the WHERE right
 *   under the aggregate, on columns of the filter's own input, with equal types.
 * Grouping makes at most one row per key, so the semi join keeps exactly the outer rows whose
 * key's row satisfies the comparison. Returns the same object when nothing changed.
 */
import type { BoundExpr, LogicalPlan, SubqueryExpr } from '../logical.ts';
import type { DataType } from '../../types/data-type.ts';
import { andAll, collectColumns, conjuncts, mapChildren, mapPlanExprs } from '../plan-tree.ts';

/** Makes a fresh column id (the binder's id space; `optimize.ts`'s `NewColumnId`). */
type NewColumnId = (name: string, type: DataType) => number;

/** Outer column ids an expression reads (directly or through nested subqueries). */
function outerIds(e: BoundExpr, out = new Set<number>()): Set<number> {
  if (e.kind === 'outer') out.add(e.id);
  else if (e.kind === 'subquery') {
    for (const id of e.correlated) out.add(id);
    if (e.arg !== null) outerIds(e.arg, out);
  } else mapChildren(e, (c) => { outerIds(c, out); return c; });
  return out;
}

function planHasOuterRefs(p: LogicalPlan): boolean {
  let found = false;
  mapPlanExprs(p, (e) => { if (!found && outerIds(e).size > 0) found = true; return e; }, (q) => { if (!found && planHasOuterRefs(q)) found = true; return q; });
  return found;
}

/** The expression reads only the aggregate outputs `aggIds` through strict operators. */
function strictOver(e: BoundExpr, aggIds: ReadonlySet<number>): boolean {
  switch (e.kind) {
    case 'col': return aggIds.has(e.id);
    case 'const': return true;
    case 'arith': return strictOver(e.left, aggIds) && strictOver(e.right, aggIds);
    case 'neg': case 'cast': return strictOver(e.arg, aggIds);
    default: return false;
  }
}

/** The pieces of a subquery this rule can rewrite, or null. */
interface Matched {
  /** The projection's value expression (over the aggregate's ids). */
  readonly value: BoundExpr;
  readonly valueId: number;
  readonly agg: LogicalPlan & { kind: 'aggregate' };
  /** The aggregate's input without the correlation conjuncts. */
  readonly body: LogicalPlan;
  /** Outer columns and the inner expressions they equal. */
  readonly outer: readonly BoundExpr[];
  readonly inner: readonly BoundExpr[];
}

function match(s: SubqueryExpr, outerAvailable: ReadonlySet<number>): Matched | null {
  if (s.mode !== 'scalar' || s.correlated.length === 0) return null;
  const p = s.plan;
  if (p.kind !== 'project' || p.exprs.length !== 1 || p.input.kind !== 'aggregate') return null;
  const agg = p.input;
  if (agg.groups.length > 0 || agg.aggs.length === 0) return null;
  for (const a of agg.aggs) {
    if (a.func !== 'sum' && a.func !== 'avg' && a.func !== 'min' && a.func !== 'max') return null;
    if (a.args.some((x) => outerIds(x).size > 0) || (a.filter !== null && outerIds(a.filter).size > 0)) return null;
  }
  const value = p.exprs[0]!;
  if (!strictOver(value, new Set(agg.aggs.map((a) => a.id)))) return null;
  const f = agg.input;
  if (f.kind !== 'filter') return null;
  const innerIds = new Set(f.input.ids);
  const outer: BoundExpr[] = [], inner: BoundExpr[] = [], rest: BoundExpr[] = [];
  for (const c of conjuncts(f.predicate)) {
    const refs = outerIds(c);
    if (refs.size === 0) { rest.push(c); continue; }
    if (c.kind !== 'cmp' || c.op !== '=') return null;
    const [o, i] = c.left.kind === 'outer' ? [c.left, c.right] : c.right.kind === 'outer' ? [c.right, c.left] : [null, null];
    if (o === null || i === null || o.kind !== 'outer' || !outerAvailable.has(o.id) || o.type !== i.type) return null;
    if (outerIds(i).size > 0 || ![...collectColumns(i, new Set())].every((id) => innerIds.has(id))) return null;
    outer.push(o);
    inner.push(i);
  }
  if (outer.length === 0) return null;
  const pred = andAll(rest);
  const body: LogicalPlan = pred === null ? f.input : { kind: 'filter', input: f.input, predicate: pred, ids: f.input.ids };
  if (planHasOuterRefs(body)) return null;
  return { value, valueId: p.ids[0]!, agg, body, outer, inner };
}

/** Rewrites one filter's conjuncts (see the module comment). */
function rewriteFilter(f: LogicalPlan & { kind: 'filter' }, newId: NewColumnId): LogicalPlan {
  let input = f.input;
  const kept: BoundExpr[] = [];
  let changed = false;
  for (const c of conjuncts(f.predicate)) {
    const side = c.kind === 'cmp' ? (c.right.kind === 'subquery' ? 'right' : c.left.kind === 'subquery' ? 'left' : null) : null;
    const s = c.kind === 'cmp' && side !== null ? (c[side] as SubqueryExpr) : null;
    const m = s === null ? null : match(s, new Set(input.ids));
    if (c.kind !== 'cmp' || s === null || m === null || side === null) { kept.push(c); continue; }
    // SELECT inner keys, value FROM body GROUP BY inner keys
    const groupIds = m.inner.map((i, k) => newId(`key${String(k)}`, i.type));
    const agg: LogicalPlan = { kind: 'aggregate', input: m.body, groups: m.inner, groupIds, aggs: m.agg.aggs, ids: [...groupIds, ...m.agg.aggs.map((a) => a.id)] };
    const keyIds = m.inner.map((i, k) => newId(`key${String(k)}`, i.type));
    const proj: LogicalPlan = {
      kind: 'project', input: agg,
      exprs: [...groupIds.map((id, k) => ({ kind: 'col', type: m.inner[k]!.type, id }) as BoundExpr), m.value],
      ids: [...keyIds, m.valueId],
    };
    // a semi join on the keys with the comparison as its residual: at most one grouped row per
    // key, so "some row matches" is "the row of this key satisfies it", and the filter's input
    // columns stay what they were
    const keys = m.outer.map((o, k) => ({ kind: 'cmp', type: 'boolean', op: '=', left: { kind: 'col', type: o.type, id: (o as { id: number }).id }, right: { kind: 'col', type: o.type, id: keyIds[k]! } }) as BoundExpr);
    const cmp = { ...c, [side]: { kind: 'col', type: s.type, id: m.valueId } } as BoundExpr;
    input = { kind: 'join', joinType: 'semi', left: input, right: proj, on: andAll([...keys, cmp]), ids: input.ids };
    changed = true;
  }
  if (!changed) return f;
  const pred = andAll(kept);
  return pred === null ? input : { kind: 'filter', input, predicate: pred, ids: f.ids };
}

/**
 * Rewrites the filters of a plan (and of its inputs).
 * @param newId - makes the ids of the grouped keys
 */
export function decorrelateScalarSubqueries(plan: LogicalPlan, newId: NewColumnId): LogicalPlan {
  let changed = false;
  const inner = mapPlanExprs(plan, (e) => e, (c) => {
    const r = decorrelateScalarSubqueries(c, newId);
    if (r !== c) changed = true;
    return r;
  });
  const p = changed ? inner : plan;
  return p.kind === 'filter' ? rewriteFilter(p, newId) : p;
}
