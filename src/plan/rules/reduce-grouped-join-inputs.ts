/**
 * Semi-join reduction of a grouped join input (a "magic set"): when one side of a join is a
 * GROUP BY joined on its grouping keys, only the groups whose keys occur on the other side can
 * matter, so the aggregate's input is first narrowed to the rows whose grouping keys occur in
 * the table those keys come from:
 *
 *   L ⋈ Aggregate[g](B) ON L.k = g
 *   → L ⋈ Aggregate[g](B ⋉ S ON g = S.k') ON L.k = g
 *
 * where S is a copy of the (filtered) scan of L that produces L.k. Decorrelated scalar subqueries
 * take this form (TPC-H Q17: the average quantity per part is computed for the 20 parts of one
 * brand and container, not for all 20,000; Q20, Q2), and so do joins to grouped derived tables.
 *
 * Exact: every value of L.k comes from that scan (through filters, joins and projections of the
 * column), so S's keys are a superset of L's (NULL-extended rows add only NULLs, which match nothing); the aggregate only loses whole
 * groups (all rows of a group share its keys), and only groups that match no row of L. Applied
 * to inner, left, semi and anti joins with the aggregate on the right (whose unmatched rows
 * these joins do not output), on equality keys that are plain columns of equal
 * types, from one scan of L (the scan providing most keys; a subset of the keys is still a
 * superset). The copy keeps the scan's filters except those with a volatile call or a
 * correlated subquery (dropping a filter only widens S). It pays only when S is small next to
 * the aggregate's groups (the estimator's rows: at most half), and runs before join ordering,
 * which then places the new semi join inside the aggregate's input. Returns the same object
 * when nothing changed.
 */
import type { BoundExpr, LogicalPlan, LogicalScan } from '../logical.ts';
import { collectColumns, conjuncts, exprSome, mapChildren, mapPlanExprs } from '../plan-tree.ts';
import type { DataType } from '../../types/data-type.ts';
import type { CardinalityEstimator } from '../estimate/cardinality.ts';

/** Allocates fresh column ids (the binder's id space). */
export type NewId = (name: string, type: DataType) => number;

/** Joins whose right side's unmatched rows are not output. */
const REDUCIBLE = new Set(['inner', 'left', 'semi', 'anti']);

/** S's estimated rows may be at most this share of the aggregate's groups. */
const MAX_SHARE = 0.5;

/** Applies the reduction wherever it fits (inputs first). */
export function reduceGroupedJoinInputs(plan: LogicalPlan, newId: NewId, est: CardinalityEstimator): LogicalPlan {
  let changed = false;
  const p0 = mapPlanExprs(plan, (e) => e, (c) => {
    const r = reduceGroupedJoinInputs(c, newId, est);
    if (r !== c) changed = true;
    return r;
  });
  const p = changed ? p0 : plan;
  if (p.kind !== 'join' || p.on === null || !REDUCIBLE.has(p.joinType)) return p;
  const right = reduceSide(p.right, p.left, p.on, newId, est);
  return right === null ? p : { ...p, right };
}

/** The aggregate a grouped side reads through (projections of columns, filters), and the wrappers. */
interface GroupedSide {
  readonly agg: LogicalPlan & { kind: 'aggregate' };
  /** Rebuilds the side around a new aggregate. */
  readonly rebuild: (agg: LogicalPlan) => LogicalPlan;
}

function groupedSide(p: LogicalPlan): GroupedSide | null {
  switch (p.kind) {
    case 'aggregate':
      return p.groups.length === 0 ? null : { agg: p, rebuild: (a) => a };
    case 'project': case 'filter': {
      const inner = groupedSide(p.input);
      return inner === null ? null : { agg: inner.agg, rebuild: (a) => ({ ...p, input: inner.rebuild(a) }) as LogicalPlan };
    }
    default:
      return null;
  }
}

/** The aggregate's grouping expression an output column of the side is (through column projections), or null. */
function groupExprOf(p: LogicalPlan, id: number): BoundExpr | null {
  switch (p.kind) {
    case 'aggregate': {
      const i = p.groupIds.indexOf(id);
      return i < 0 ? null : p.groups[i]!;
    }
    case 'project': {
      const e = p.exprs[p.ids.indexOf(id)];
      return e?.kind === 'col' ? groupExprOf(p.input, e.id) : null;
    }
    case 'filter': return groupExprOf(p.input, id);
    default: return null;
  }
}

/**
 * The scan whose column every value of `id` in `p`'s output comes from (or is NULL), with the
 * column's position in the scan's outputs; null when some operator computes the value.
 */
function sourceScan(p: LogicalPlan, id: number): { scan: LogicalScan; index: number } | null {
  switch (p.kind) {
    case 'scan': {
      const i = p.ids.indexOf(id);
      return i < 0 || i >= p.cols.length ? null : { scan: p, index: i };
    }
    case 'filter': return sourceScan(p.input, id);
    case 'project': {
      const e = p.exprs[p.ids.indexOf(id)];
      return e?.kind === 'col' ? sourceScan(p.input, e.id) : null;
    }
    case 'join': return sourceScan(p.left.ids.includes(id) ? p.left : p.right, id);
    default: return null;
  }
}

/** A filter the copy of a scan can keep: no volatile call, no correlated subquery. */
function copyable(f: BoundExpr): boolean {
  return !exprSome(f, (e) => (e.kind === 'func' && e.fn.volatile) || (e.kind === 'subquery' && e.correlated.length > 0));
}

/** Replaces column ids by `map` in an expression (subquery operands included, plans not: they read no columns of the scan). */
function remapCols(e: BoundExpr, map: ReadonlyMap<number, number>): BoundExpr {
  if (e.kind === 'col') {
    const id = map.get(e.id);
    return id === undefined ? e : { ...e, id };
  }
  return mapChildren(e, (c) => remapCols(c, map));
}

/**
 * The side `grouped` narrowed to the keys `other` can join it on, or null when the rewrite does
 * not apply or would not pay.
 */
function reduceSide(grouped: LogicalPlan, other: LogicalPlan, on: BoundExpr, newId: NewId, est: CardinalityEstimator): LogicalPlan | null {
  const side = groupedSide(grouped);
  if (side === null) return null;
  const gIds = new Set(grouped.ids), oIds = new Set(other.ids);
  // equality keys: a column of the other side = a column of the grouped side that is a grouping key
  const keys: { scan: LogicalScan; index: number; group: BoundExpr }[] = [];
  for (const c of conjuncts(on)) {
    if (c.kind !== 'cmp' || c.op !== '=' || c.left.kind !== 'col' || c.right.kind !== 'col' || c.left.type !== c.right.type) continue;
    const [o, g] = oIds.has(c.left.id) && gIds.has(c.right.id) ? [c.left.id, c.right.id] : oIds.has(c.right.id) && gIds.has(c.left.id) ? [c.right.id, c.left.id] : [-1, -1];
    if (o < 0) continue;
    const group = groupExprOf(grouped, g);
    const src = group === null ? null : sourceScan(other, o);
    if (group === null || src === null || group.type !== c.left.type) continue;
    keys.push({ ...src, group });
  }
  if (keys.length === 0) return null;
  // the scan providing the most keys
  const counts = new Map<LogicalScan, number>();
  for (const k of keys) counts.set(k.scan, (counts.get(k.scan) ?? 0) + 1);
  let scan = keys[0]!.scan;
  for (const [s, n] of counts) if (n > counts.get(scan)!) scan = s;
  const mine = keys.filter((k) => k.scan === scan);
  // an unfiltered scan narrows nothing but keys missing from its table (TPC-H Q18's orders: a
  // semi join of all of lineitem against all of orders cost more than the groups it saved)
  if (scan.filters.length === 0 || est.rows(scan) > MAX_SHARE * est.rows(side.agg)) return null;
  // the copy: fresh ids, the filters it can keep
  const map = new Map<number, number>();
  const ids = scan.ids.slice(0, scan.cols.length).map((id, i) => {
    const col = scan.def.columns[scan.cols[i]!]!;
    const fresh = newId(col.name, col.type);
    map.set(id, fresh);
    return fresh;
  });
  const copy: LogicalScan = {
    kind: 'scan', storage: scan.storage, def: scan.def, alias: scan.alias, cols: scan.cols, ids,
    filters: scan.filters.filter(copyable).map((f) => remapCols(f, map)),
  };
  const body = side.agg.input;
  const bodyIds = new Set(body.ids);
  const cond: BoundExpr[] = [];
  for (const k of mine) {
    if (![...collectColumns(k.group, new Set())].every((id) => bodyIds.has(id))) return null;
    cond.push({ kind: 'cmp', type: 'boolean', op: '=', left: k.group, right: { kind: 'col', type: k.group.type, id: ids[k.index]! } });
  }
  const on2: BoundExpr = cond.length === 1 ? cond[0]! : { kind: 'and', type: 'boolean', args: cond };
  const input: LogicalPlan = { kind: 'join', joinType: 'semi', left: body, right: copy, on: on2, ids: body.ids };
  return side.rebuild({ ...side.agg, input });
}
