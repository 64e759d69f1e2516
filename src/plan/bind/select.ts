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
  for (const item of q.items) {
    if (item.expr.kind === 'star') {
      const cols = expandStar(binder, item.expr, scope);
      for (const c of cols) {
        outExprs.push({ kind: 'col', type: c.type, id: c.id });
        outNames.push(c.name);
      }
      continue;
    }
    outExprs.push(binder.bindExpr(item.expr, scope, ctes, agg));
    outNames.push(item.alias ?? exprName(item.expr));
  }
  let having: BoundExpr | null = null;
  if (q.having !== null) {
    having = binder.bindPredicate(q.having, scope, ctes, 'HAVING', agg);
    agg.active = true;
  }
  // ORDER BY keys (bound now so aggregates in ORDER BY are collected too)
  const orderKeys: { expr: BoundExpr; desc: boolean; nullsFirst: boolean; outIndex: number }[] = [];
  for (const o of q.orderBy) {
    const nullsFirst = o.nullsFirst ?? o.desc;
    if (o.expr.kind === 'literal' && o.expr.type === 'integer') {
      const k = Number(o.expr.value);
      if (k < 1 || k > outExprs.length) throw new DbError(SqlState.INVALID_COLUMN_REFERENCE, `ORDER BY position ${k} is not in select list`, { position: o.expr.pos + 1 });
      orderKeys.push({ expr: outExprs[k - 1]!, desc: o.desc, nullsFirst, outIndex: k - 1 });
      continue;
    }
    if (o.expr.kind === 'column' && o.expr.table.length === 0) {
      const idx = outNames.indexOf(o.expr.name);
      const isAlias = idx >= 0 && q.items.some((it) => it.alias === (o.expr as A.ColumnRefExpr).name);
      if (idx >= 0 && (isAlias || !canResolve(scope, o.expr.name))) {
        if (outNames.indexOf(o.expr.name, idx + 1) >= 0 && isAlias) {
          throw new DbError(SqlState.AMBIGUOUS_COLUMN, `ORDER BY "${o.expr.name}" is ambiguous`, { position: o.expr.pos + 1 });
        }
        orderKeys.push({ expr: outExprs[idx]!, desc: o.desc, nullsFirst, outIndex: idx });
        continue;
      }
    }
    const e = binder.bindExpr(o.expr, scope, ctes, agg);
    const idx = outExprs.findIndex((x) => exprEquals(x, e));
    orderKeys.push({ expr: e, desc: o.desc, nullsFirst, outIndex: idx });
  }
  const hasAgg = agg.active || agg.aggs.length > 0;
  if (hasAgg) {
    const ids = [...agg.groupIds, ...agg.aggs.map((a) => a.id)];
    plan = { kind: 'aggregate', input: plan, groups: agg.groups, groupIds: agg.groupIds, aggs: agg.aggs, ids };
    const fix = (e: BoundExpr, what: string): BoundExpr => resolveGrouped(binder, e, agg, scope, what);
    for (let i = 0; i < outExprs.length; i++) outExprs[i] = fix(outExprs[i]!, 'select');
    if (having !== null) having = fix(having, 'having');
    for (const k of orderKeys) k.expr = fix(k.expr, 'order');
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
  // projection (+ hidden order-by columns)
  const distinct = q.distinct || q.distinctOn.length > 0;
  const projExprs = [...outExprs];
  const outIds = outExprs.map((e, i) => binder.newId(outNames[i]!, e.type));
  const projIds = [...outIds];
  const sortKeys: SortKey[] = [];
  for (const k of orderKeys) {
    let idx = k.outIndex;
    if (idx < 0) idx = projExprs.findIndex((x) => exprEquals(x, k.expr));
    if (idx < 0) {
      if (q.distinct) {
        throw new DbError(SqlState.INVALID_COLUMN_REFERENCE, 'for SELECT DISTINCT, ORDER BY expressions must appear in select list');
      }
      projExprs.push(k.expr);
      idx = projExprs.length - 1;
      // a hidden sort column keeps its column's name where it is one (EXPLAIN's Sort Key)
      const hidden = k.expr.kind === 'col' ? binder.columns[k.expr.id]?.name ?? '?order?' : '?order?';
      projIds.push(binder.newId(hidden, k.expr.type));
    }
    sortKeys.push({ expr: { kind: 'col', type: projExprs[idx]!.type, id: projIds[idx]! }, desc: k.desc, nullsFirst: k.nullsFirst });
  }
  plan = { kind: 'project', input: plan, exprs: projExprs, ids: projIds };
  if (distinct) {
    let on: BoundExpr[] = [];
    if (q.distinctOn.length > 0) {
      on = q.distinctOn.map((e) => {
        const b = binder.bindExpr(e, scope, ctes, agg);
        const i = projExprs.findIndex((x) => exprEquals(x, b));
        if (i < 0) throw new DbError(SqlState.INVALID_COLUMN_REFERENCE, 'SELECT DISTINCT ON expressions must match initial ORDER BY expressions');
        return { kind: 'col', type: b.type, id: projIds[i]! } as BoundExpr;
      });
    }
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
