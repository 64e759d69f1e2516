/**
 * Eager aggregation: `GROUP BY` over an inner equi-join whose aggregates all read one side (S)
 * is computed as a partial aggregate of S grouped by its join keys, joined to the other side,
 * then a final aggregate that combines the partials:
 *
 *   Aggregate[g(O)]( S ⋈ O )  →  Aggregate[g(O)]( Aggregate[S.keys](S) ⋈ O )
 *
 * with COUNT → SUM of partial counts, SUM → SUM of partial sums, MIN/MAX → MIN/MAX of partials
 * (each aggregate's `combine` in `exec/aggregates/`).
 * It is exact: every S row contributes through its key group to exactly the O rows it joined
 * (duplicates on O's side included), NULL keys never join either way. Only applied with a
 * non-empty GROUP BY (an empty join must still give COUNT = 0 for a scalar aggregate) and
 * without DISTINCT or ordered aggregates, and not when S's join keys are (nearly) unique by the
 * estimator's facts (a primary key: the partial aggregate would not merge any rows, only cost a
 * pass — TPC-H Q12 and Q21 grouped orders by o_orderkey). Returns the same object when nothing
 * changed.
 */
import type { AggCall, BoundExpr, LogicalPlan } from '../logical.ts';
import { collectColumns, conjuncts, mapChildren } from '../plan-tree.ts';
import type { DataType } from '../../types/data-type.ts';
import { aggregateDef } from '../../exec/aggregates/index.ts';
import type { CardinalityEstimator } from '../estimate/cardinality.ts';

/** Allocates fresh column ids (the binder's id space). */
export type NewId = (name: string, type: DataType) => number;

/** Share of S's rows its join keys' distinct values must stay under for the rewrite to pay. */
const MAX_KEY_SHARE = 0.9;

/** Applies the rewrite wherever it fits; `est` (when given) vetoes it on unique keys. */
export function pushAggregateThroughJoin(plan: LogicalPlan, newId: NewId, est?: CardinalityEstimator): LogicalPlan {
  switch (plan.kind) {
    case 'aggregate': {
      const input = pushAggregateThroughJoin(plan.input, newId, est);
      const p = input === plan.input ? plan : { ...plan, input };
      return rewrite(p, newId, est) ?? p;
    }
    case 'filter': case 'project': case 'sort': case 'limit': case 'distinct': case 'window': {
      const input = pushAggregateThroughJoin(plan.input, newId, est);
      return input === plan.input ? plan : { ...plan, input } as LogicalPlan;
    }
    case 'join': {
      const left = pushAggregateThroughJoin(plan.left, newId, est), right = pushAggregateThroughJoin(plan.right, newId, est);
      return left === plan.left && right === plan.right ? plan : { ...plan, left, right };
    }
    case 'setop': {
      const left = pushAggregateThroughJoin(plan.left, newId, est), right = pushAggregateThroughJoin(plan.right, newId, est);
      return left === plan.left && right === plan.right ? plan : { ...plan, left, right };
    }
    default:
      return plan;
  }
}

function rewrite(agg: LogicalPlan & { kind: 'aggregate' }, newId: NewId, est: CardinalityEstimator | undefined): LogicalPlan | null {
  const j = agg.input;
  if (j.kind !== 'join' || j.joinType !== 'inner' || j.on === null || agg.groups.length === 0) return null;
  if (agg.aggs.some((a) => aggregateDef(a.func).combine === null || a.distinct || a.orderBy.length > 0)) return null;
  // equi-join on plain columns only
  const pairs: { l: number; r: number }[] = [];
  const lids = new Set(j.left.ids), rids = new Set(j.right.ids);
  for (const c of conjuncts(j.on)) {
    if (c.kind !== 'cmp' || c.op !== '=' || c.left.kind !== 'col' || c.right.kind !== 'col') return null;
    if (lids.has(c.left.id) && rids.has(c.right.id)) pairs.push({ l: c.left.id, r: c.right.id });
    else if (rids.has(c.left.id) && lids.has(c.right.id)) pairs.push({ l: c.right.id, r: c.left.id });
    else return null;
  }
  // the side every aggregate reads
  const aggCols = new Set<number>();
  for (const a of agg.aggs) {
    for (const x of a.args) collectColumns(x, aggCols, true);
    if (a.filter !== null) collectColumns(a.filter, aggCols, true);
  }
  const within = (ids: Set<number>) => [...aggCols].every((id) => ids.has(id));
  let sLeft: boolean;
  if (aggCols.size === 0) sLeft = true; // count(*) only: pre-aggregate the (usually larger) left side
  else if (within(lids)) sLeft = true;
  else if (within(rids)) sLeft = false;
  else return null;
  const S = sLeft ? j.left : j.right;
  const O = sLeft ? j.right : j.left;
  const oids = new Set(O.ids);
  const sKeys = pairs.map((p) => (sLeft ? p.l : p.r));
  // grouping keys must come from O, or be S's join keys
  for (const g of agg.groups) {
    const cols = collectColumns(g, new Set(), true);
    for (const id of cols) if (!oids.has(id) && !sKeys.includes(id)) return null;
  }
  if (est !== undefined && keysNearlyUnique(S, sKeys, est)) return null;
  // partial aggregate of S by its join keys
  const keyIds = sKeys.map((id) => newId(`partial_key_${id}`, keyType(j, id)));
  const partialAggs: AggCall[] = agg.aggs.map((a) => ({ ...a, id: newId(`partial_${a.func}`, a.type), type: a.type }));
  const partial: LogicalPlan = {
    kind: 'aggregate', input: S,
    groups: sKeys.map((id): BoundExpr => ({ kind: 'col', type: keyType(j, id), id })),
    groupIds: keyIds, aggs: partialAggs, ids: [...keyIds, ...partialAggs.map((a) => a.id)],
  };
  // the join against O, with S's key columns renamed to the partial's group outputs
  const rename = new Map(sKeys.map((id, i) => [id, keyIds[i]!] as const));
  const on = andList(pairs.map((p): BoundExpr => {
    const s = sLeft ? p.l : p.r, o = sLeft ? p.r : p.l;
    const t = keyType(j, s);
    return { kind: 'cmp', type: 'boolean', op: '=', left: { kind: 'col', type: t, id: rename.get(s)! }, right: { kind: 'col', type: keyType(j, o), id: o } };
  }));
  const join: LogicalPlan = {
    kind: 'join', joinType: 'inner', left: partial, right: O, on, ids: [...partial.ids, ...O.ids],
  };
  // final aggregate: same ids and group expressions (S keys renamed), combining partials
  const groups = agg.groups.map((g) => renameCols(g, rename));
  const finals: AggCall[] = agg.aggs.map((a, i) => {
    const src: BoundExpr = { kind: 'col', type: a.type, id: partialAggs[i]!.id };
    const func = aggregateDef(a.func).combine!;
    return { func, args: [src], distinct: false, filter: null, orderBy: [], type: a.type, id: a.id };
  });
  return { ...agg, input: join, groups, aggs: finals };
}

/** Whether `keys` have (by the estimator's facts) nearly as many distinct values as `S` has rows. */
function keysNearlyUnique(S: LogicalPlan, keys: readonly number[], est: CardinalityEstimator): boolean {
  const rows = est.rows(S); // registers the facts of S's columns
  let groups = 1;
  for (const id of keys) {
    const f = est.facts(id);
    if (f === null) return false; // nothing known: keep the rewrite
    groups *= f.ndv;
  }
  return groups >= MAX_KEY_SHARE * rows;
}

function andList(parts: BoundExpr[]): BoundExpr {
  return parts.length === 1 ? parts[0]! : { kind: 'and', type: 'boolean', args: parts };
}

function renameCols(e: BoundExpr, m: ReadonlyMap<number, number>): BoundExpr {
  if (e.kind === 'col') { const id = m.get(e.id); return id === undefined ? e : { ...e, id }; }
  return mapChildren(e, (c) => renameCols(c, m));
}

/** The type of a join-key column, read off the join condition that mentions it. */
function keyType(j: LogicalPlan & { kind: 'join' }, id: number): DataType {
  for (const c of conjuncts(j.on)) {
    if (c.kind === 'cmp') {
      if (c.left.kind === 'col' && c.left.id === id) return c.left.type;
      if (c.right.kind === 'col' && c.right.id === id) return c.right.type;
    }
  }
  return 'integer';
}
