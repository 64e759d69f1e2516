/**
 * SELECT: FROM, WHERE, GROUP BY (by expression, select alias or ordinal), the select list,
 * HAVING, window calls, ORDER BY (aliases, ordinals and hidden sort columns), DISTINCT [ON] and
 * LIMIT, in the order PostgreSQL evaluates them. After aggregation every expression is rewritten
 * to read group keys and aggregate outputs (42803 for a column that is neither).
 */
import type * as A from '../../sql/ast.ts';
import { DbError } from '../../errors/db-error.ts';
import { SqlState } from '../../errors/sqlstate.ts';
import type { BoundExpr, LogicalPlan, SortKey } from '../logical.ts';
import { exprEquals, mapChildren, remapOuter } from '../plan-tree.ts';
import { type AggState, type BinderApi, type BoundQuery, type CteScope, Scope } from './context.ts';
import { applyLimit } from './query.ts';
import { canResolve, expandStar, qualifiedColumnName } from './scope.ts';

/** PostgreSQL's MaxTupleAttributeNumber: the most entries a select list may have (stars expanded). */
const MAX_TARGET_LIST = 1664;

/** 54011, as PostgreSQL. */
function tooManyTargets(pos: number): DbError {
  return new DbError(SqlState.TOO_MANY_COLUMNS, `target lists can have at most ${MAX_TARGET_LIST} entries`, { position: pos + 1 });
}

/** Binds a SELECT query block (its WITH clause is already in `ctes`). */
export function bindSelect(binder: BinderApi, q: A.SelectQuery, outer: Scope | null, ctes: CteScope | null): BoundQuery {
  const scope = new Scope(outer);
  // FROM
  let plan: LogicalPlan | null = null;
  for (const item of q.from) {
    const p = binder.bindFromItem(item, scope, ctes);
    plan = plan === null ? p : { kind: 'join', joinType: 'cross', left: plan, right: p, on: null, ids: [...plan.ids, ...p.ids] };
  }
  if (plan === null) {
    const id = binder.newId('?dummy?', 'integer');
    plan = { kind: 'values', rows: [[{ kind: 'const', type: 'integer', value: 0 }]], ids: [id] };
  }
  // WHERE
  if (q.where !== null) {
    const pred = binder.bindPredicate(q.where, scope, ctes, 'WHERE');
    plan = { kind: 'filter', input: plan, predicate: pred, ids: plan.ids };
  }
  const namedWindows = new Map<string, A.WindowSpec>();
  for (const w of q.windows) {
    if (namedWindows.has(w.name)) throw new DbError(SqlState.WINDOWING_ERROR, `window "${w.name}" is already defined`, { position: q.pos + 1 });
    namedWindows.set(w.name, w.spec);
  }
  const agg: AggState = { groups: [], groupIds: [], aggs: [], windows: [], inAgg: false, active: false, allowAgg: true, allowWindow: true, namedWindows };
  // GROUP BY (may reference select aliases or ordinals, as PostgreSQL allows)
  for (const g of q.groupBy) {
    let e: BoundExpr;
    const byOrdinal = g.kind === 'literal' && g.type === 'integer';
    if (byOrdinal) {
      const k = Number((g as A.LiteralExpr).value);
      const item = q.items[k - 1];
      if (item === undefined || item.expr.kind === 'star') {
        throw new DbError(SqlState.INVALID_COLUMN_REFERENCE, `GROUP BY position ${k} is not in select list`, { position: g.pos + 1 });
      }
      e = binder.bindExpr(item.expr, scope, ctes, { ...agg, allowAgg: false, allowWindow: false });
    } else if (g.kind === 'column' && g.table.length === 0 && !canResolve(scope, g.name)) {
      const item = q.items.find((it) => it.alias === g.name);
      if (item === undefined) e = binder.bindExpr(g, scope, ctes, null);
      else e = binder.bindExpr(item.expr, scope, ctes, { ...agg, allowAgg: false, allowWindow: false });
    } else {
      e = binder.bindExpr(g, scope, ctes, { ...agg, allowAgg: false, allowWindow: false });
    }
    if (agg.groups.some((x) => exprEquals(x, e))) continue;
    agg.groups.push(e);
    agg.groupIds.push(binder.newId(exprName(g), e.type));
  }
  agg.active = q.groupBy.length > 0;
  // select list (aggregates collected into agg)
  const outExprs: BoundExpr[] = [];
  const outNames: string[] = [];
  if (q.items.length > MAX_TARGET_LIST) throw tooManyTargets(q.pos);
  for (const item of q.items) {
    if (item.expr.kind === 'star') {
      const cols = expandStar(item.expr, scope);
      for (const c of cols) {
        outExprs.push({ kind: 'col', type: c.type, id: c.id });
        outNames.push(c.name);
      }
      continue;
    }
    outExprs.push(binder.bindExpr(item.expr, scope, ctes, agg));
    outNames.push(item.alias ?? exprName(item.expr));
  }
  if (outExprs.length > MAX_TARGET_LIST) throw tooManyTargets(q.pos);
  let having: BoundExpr | null = null;
  if (q.having !== null) {
    // window functions run after HAVING (PostgreSQL: 42P20)
    having = binder.bindPredicate(q.having, scope, ctes, 'HAVING', { ...agg, allowWindow: false, windowContext: 'HAVING' });
    agg.active = true;
  }
  // ORDER BY keys (bound now so aggregates in ORDER BY are collected too)
  const orderKeys: { expr: BoundExpr; desc: boolean; nullsFirst: boolean; outIndex: number }[] = [];
  for (const o of q.orderBy) {
    const k = bindOutputRef(binder, o.expr, q, outExprs, outNames, scope, ctes, agg, 'ORDER BY');
    orderKeys.push({ ...k, desc: o.desc, nullsFirst: o.nullsFirst ?? o.desc });
  }
  // DISTINCT ON keys: by ordinal, output name or expression (need not be in the select list)
  const distinctKeys = q.distinctOn.map((e) => bindOutputRef(binder, e, q, outExprs, outNames, scope, ctes, agg, 'SELECT DISTINCT ON'));
  const hasAgg = agg.active || agg.aggs.length > 0;
  if (hasAgg) {
    const ids = [...agg.groupIds, ...agg.aggs.map((a) => a.id)];
    plan = { kind: 'aggregate', input: plan, groups: agg.groups, groupIds: agg.groupIds, aggs: agg.aggs, ids };
    const fix = (e: BoundExpr, what: string): BoundExpr => resolveGrouped(binder, e, agg, scope, what);
    for (let i = 0; i < outExprs.length; i++) outExprs[i] = fix(outExprs[i]!, 'select');
    if (having !== null) having = fix(having, 'having');
    for (const k of orderKeys) k.expr = fix(k.expr, 'order');
    for (const k of distinctKeys) k.expr = fix(k.expr, 'order');
    for (let i = 0; i < agg.windows.length; i++) {
      const w = agg.windows[i]!;
      agg.windows[i] = {
        ...w, args: w.args.map((a) => fix(a, 'window')), partitionBy: w.partitionBy.map((a) => fix(a, 'window')),
        filter: w.filter === null ? null : fix(w.filter, 'window'),
        orderBy: w.orderBy.map((k) => ({ ...k, expr: fix(k.expr, 'window') })),
      };
    }
  }
  if (having !== null) plan = { kind: 'filter', input: plan, predicate: having, ids: plan.ids };
  if (agg.windows.length > 0) {
    plan = { kind: 'window', input: plan, calls: agg.windows, ids: [...plan.ids, ...agg.windows.map((w) => w.id)] };
  }
  // projection (+ hidden ORDER BY and DISTINCT ON columns)
  const distinct = q.distinct || q.distinctOn.length > 0;
  const projExprs = [...outExprs];
  const outIds = outExprs.map((e, i) => binder.newId(outNames[i]!, e.type));
  const projIds = [...outIds];
  const sortKeys: SortKey[] = [];
  const orderIdx: number[] = [];
  for (const k of orderKeys) {
    if (q.distinct && q.distinctOn.length === 0 && k.outIndex < 0 && !projExprs.some((x) => exprEquals(x, k.expr))) {
      throw new DbError(SqlState.INVALID_COLUMN_REFERENCE, 'for SELECT DISTINCT, ORDER BY expressions must appear in select list');
    }
    const idx = projectionIndex(binder, k, projExprs, projIds, '?order?');
    orderIdx.push(idx);
    sortKeys.push({ expr: { kind: 'col', type: projExprs[idx]!.type, id: projIds[idx]! }, desc: k.desc, nullsFirst: k.nullsFirst });
  }
  const onIdx = distinctKeys.map((k) => projectionIndex(binder, k, projExprs, projIds, '?distinct?'));
  // DISTINCT ON keys must be the leading ORDER BY keys, in any order (PostgreSQL's rule; a
  // repeated ORDER BY key is redundant and ignored)
  const sortIdx = orderIdx.filter((i, k) => orderIdx.indexOf(i) === k);
  const skippedAt = sortIdx.findIndex((i) => !onIdx.includes(i));
  if (onIdx.length > 0 && skippedAt >= 0 && (sortIdx.slice(skippedAt).some((i) => onIdx.includes(i)) || onIdx.some((i) => !sortIdx.includes(i)))) {
    throw new DbError(SqlState.INVALID_COLUMN_REFERENCE, 'SELECT DISTINCT ON expressions must match initial ORDER BY expressions');
  }
  plan = { kind: 'project', input: plan, exprs: projExprs, ids: projIds };
  if (distinct) {
    const on: BoundExpr[] = onIdx.map((i) => ({ kind: 'col', type: projExprs[i]!.type, id: projIds[i]! }));
    if (on.length > 0 && sortKeys.length > 0) {
      // DISTINCT ON keeps the first row of each group in ORDER BY order
      plan = { kind: 'sort', input: plan, keys: [...sortKeys], ids: projIds };
      sortKeys.length = 0;
    }
    plan = { kind: 'distinct', input: plan, on, ids: projIds };
  }
  if (sortKeys.length > 0) plan = { kind: 'sort', input: plan, keys: sortKeys, ids: projIds };
  plan = applyLimit(binder, plan, q.limit, q.offset, projIds);
  if (projIds.length !== outIds.length) {
    plan = { kind: 'project', input: plan, exprs: outIds.map((id) => ({ kind: 'col', type: binder.typeOf(id), id })), ids: outIds.map((id) => binder.newId(binder.columns[id]!.name, binder.typeOf(id))) };
    return { plan, names: outNames, ids: plan.ids, types: outExprs.map((e) => e.type) };
  }
  return { plan, names: outNames, ids: outIds, types: outExprs.map((e) => e.type) };
}

/** A key of ORDER BY or DISTINCT ON bound to an output column (ordinal or name) or an expression (`outIndex` -1 when not an output column). */
interface OutputRef {
  expr: BoundExpr;
  outIndex: number;
}

/** Binds an ORDER BY / DISTINCT ON key: an ordinal, an output column's name, or an expression over the FROM items. */
function bindOutputRef(binder: BinderApi, x: A.Expr, q: A.SelectQuery, outExprs: readonly BoundExpr[], outNames: readonly string[],
  scope: Scope, ctes: CteScope | null, agg: AggState, clause: string): OutputRef {
  if (x.kind === 'literal' && x.type === 'integer') {
    const k = Number(x.value);
    if (k < 1 || k > outExprs.length) throw new DbError(SqlState.INVALID_COLUMN_REFERENCE, `${clause} position ${k} is not in select list`, { position: x.pos + 1 });
    return { expr: outExprs[k - 1]!, outIndex: k - 1 };
  }
  if (x.kind === 'column' && x.table.length === 0) {
    const idx = outNames.indexOf(x.name);
    const isAlias = idx >= 0 && q.items.some((it) => it.alias === x.name);
    if (idx >= 0 && (isAlias || !canResolve(scope, x.name))) {
      if (outNames.indexOf(x.name, idx + 1) >= 0 && isAlias) {
        throw new DbError(SqlState.AMBIGUOUS_COLUMN, `${clause} "${x.name}" is ambiguous`, { position: x.pos + 1 });
      }
      return { expr: outExprs[idx]!, outIndex: idx };
    }
  }
  const e = binder.bindExpr(x, scope, ctes, agg);
  return { expr: e, outIndex: outExprs.findIndex((o) => exprEquals(o, e)) };
}

/** The projection position of a key, adding it as a hidden column when it is not projected yet. */
function projectionIndex(binder: BinderApi, k: OutputRef, projExprs: BoundExpr[], projIds: number[], name: string): number {
  let idx = k.outIndex >= 0 ? k.outIndex : projExprs.findIndex((x) => exprEquals(x, k.expr));
  if (idx < 0) {
    projExprs.push(k.expr);
    // a hidden column keeps its column's name where it is one (EXPLAIN's Sort Key)
    const hidden = k.expr.kind === 'col' ? binder.columns[k.expr.id]?.name ?? name : name;
    projIds.push(binder.newId(hidden, k.expr.type));
    idx = projExprs.length - 1;
  }
  return idx;
}

/** Rewrites a post-aggregation expression: group expressions → group columns; bare columns → 42803. */
function resolveGrouped(binder: BinderApi, e: BoundExpr, agg: AggState, scope: Scope, what: string): BoundExpr {
  for (let i = 0; i < agg.groups.length; i++) {
    if (exprEquals(agg.groups[i]!, e)) return { kind: 'col', type: e.type, id: agg.groupIds[i]! };
  }
  if (e.kind === 'col') {
    if (agg.aggs.some((a) => a.id === e.id) || agg.windows.some((w) => w.id === e.id)) return e;
    if (agg.groupIds.includes(e.id)) return e;
    const name = qualifiedColumnName(binder, e.id, scope);
    throw new DbError(SqlState.GROUPING_ERROR, `column "${name}" must appear in the GROUP BY clause or be used in an aggregate function`);
  }
  if (e.kind === 'subquery') {
    // correlated references to grouped columns are fine only if they are group keys
    for (const id of e.correlated) {
      if (scope.localIds.has(id) && !agg.groups.some((g) => g.kind === 'col' && g.id === id)) {
        const name = qualifiedColumnName(binder, id, scope);
        throw new DbError(SqlState.GROUPING_ERROR, `subquery uses ungrouped column "${name}" from outer query`);
      }
    }
    if (e.correlated.length === 0 && e.arg === null) return e;
    const remap = new Map<number, number>();
    for (let i = 0; i < agg.groups.length; i++) {
      const g = agg.groups[i]!;
      if (g.kind === 'col') remap.set(g.id, agg.groupIds[i]!);
    }
    const arg = e.arg === null ? null : resolveGrouped(binder, e.arg, agg, scope, what);
    if (remap.size === 0) return { ...e, arg };
    return { ...e, arg, plan: remapOuter(e.plan, remap), correlated: e.correlated.map((id) => remap.get(id) ?? id) };
  }
  return mapChildren(e, (c) => resolveGrouped(binder, c, agg, scope, what));
}

/** The output name PostgreSQL gives an expression. */
export function exprName(e: A.Expr): string {
  switch (e.kind) {
    case 'column': return e.name;
    case 'func': return e.name === 'extract' ? 'extract' : e.name;
    case 'cast': return e.operand.kind === 'column' || e.operand.kind === 'func' ? exprName(e.operand) : e.target.name.toLowerCase().replace(/\(.*$/, '');
    case 'case': return 'case';
    case 'exists': return 'exists';
    case 'subquery': {
      const q = e.query;
      if (q.kind === 'select' && q.items.length === 1) return q.items[0]!.alias ?? exprName(q.items[0]!.expr);
      return '?column?';
    }
    default: return '?column?';
  }
}
