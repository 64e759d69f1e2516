/**
 * FROM items: tables (catalog, `system.*`, views, CTEs), derived tables, VALUES,
 * generate_series, and joins (ON, USING, NATURAL; a FULL join's merged USING column is the
 * COALESCE of both sides). Each item's columns join the scope under its alias.
 */
import type * as A from '../../sql/ast.ts';
import { DbError } from '../../errors/db-error.ts';
import { SqlState } from '../../errors/sqlstate.ts';
import type { ViewDefinition } from '../../schema/table-def.ts';
import { type DataType, isIntegerType } from '../../types/data-type.ts';
import { commonSupertype } from '../../types/cast-rules.ts';
import type { BoundExpr, LogicalPlan } from '../logical.ts';
import { andAll } from '../plan-tree.ts';
import { castTo, makeCompare } from './coerce.ts';
import { type BinderApi, type CteScope, Scope, type ScopeColumn } from './context.ts';
import { bindCteRef } from './query.ts';
import { addDerived, addScopeItem, findColumnIn, resolveName } from './scope.ts';

/** Binds one FROM item into `scope` and returns its plan. */
export function bindFromItem(binder: BinderApi, item: A.FromItem, scope: Scope, ctes: CteScope | null): LogicalPlan {
  switch (item.kind) {
    case 'table_ref': return bindTableRef(binder, item, scope, ctes);
    case 'subquery_ref': {
      const b = binder.bindQuery(item.query, item.lateral ? scope : scope.parent, ctes);
      if (b.plan && item.lateral) { /* lateral correlation handled through scope */ }
      return addDerived(b, item.alias ?? 'subquery', item.columnAliases, scope, item.pos);
    }
    case 'values_ref': {
      const b = binder.bindQuery(item.values, scope.parent, ctes);
      return addDerived(b, item.alias ?? 'values', item.columnAliases, scope, item.pos);
    }
    case 'function_ref': return bindFunctionRef(binder, item, scope, ctes);
    case 'join_ref': return bindJoin(binder, item, scope, ctes);
  }
}

function bindTableRef(binder: BinderApi, ref: A.TableRef, scope: Scope, ctes: CteScope | null): LogicalPlan {
  const parts = ref.name.parts;
  if (parts.length === 1 && ctes !== null) {
    const cte = ctes.get(parts[0]!);
    if (cte !== undefined) return bindCteRef(binder, cte, ref, scope);
  }
  const { ns, name } = resolveName(binder, ref.name);
  const alias = ref.alias ?? name;
  let storage = ns === 'system' ? binder.ctx.systemTable?.(name) : binder.ctx.catalog.findTable(ns, name);
  if (storage === undefined) {
    const view = ns === 'system' ? undefined : binder.ctx.catalog.findView(ns, name);
    if (view !== undefined) return bindView(binder, view, ref, scope);
    throw new DbError(SqlState.UNDEFINED_TABLE, `relation "${parts.join('.')}" does not exist`, { position: ref.pos + 1, table: parts.join('.') });
  }
  const def = storage.def;
  binder.ctx.onTableRead?.(def);
  const cols: number[] = [];
  const ids: number[] = [];
  const columns: ScopeColumn[] = [];
  for (let i = 0; i < def.columns.length; i++) {
    const c = def.columns[i]!;
    const name = ref.columnAliases[i] ?? c.name;
    const id = binder.newId(name, c.type);
    cols.push(i);
    ids.push(id);
    columns.push({ name, id, type: c.type, hidden: c.hidden });
  }
  addScopeItem(scope, { alias, qualifiers: ref.alias !== null ? [[alias]] : [[name], [ns, name]], columns }, ref.pos);
  storage = storage!;
  return { kind: 'scan', storage, def, alias, cols, ids, filters: [] };
}

function bindView(binder: BinderApi, view: ViewDefinition, ref: A.TableRef, scope: Scope): LogicalPlan {
  const q = binder.ctx.parseView(view.sql, view);
  const b = binder.bindQuery(q, null, null);
  const names = view.columns.length > 0 ? view.columns : b.names;
  return addDerived({ ...b, names: b.names.map((n, i) => names[i] ?? n) }, ref.alias ?? view.name, ref.columnAliases, scope, ref.pos);
}

function bindFunctionRef(binder: BinderApi, item: A.FunctionRef, scope: Scope, ctes: CteScope | null): LogicalPlan {
  const f = item.func;
  if (f.name !== 'generate_series') {
    throw new DbError(SqlState.UNDEFINED_FUNCTION, `function ${f.name} does not exist as a table function`, { position: item.pos + 1 });
  }
  if (f.args.length < 2 || f.args.length > 3) {
    throw new DbError(SqlState.UNDEFINED_FUNCTION, `function generate_series with ${f.args.length} arguments does not exist`, { position: item.pos + 1 });
  }
  const empty = new Scope(scope.parent);
  const args = f.args.map((a) => binder.bindExpr(a, empty, ctes, null, 'bigint'));
  const intOnly = args.every((a) => isIntegerType(a.type) || a.type === 'null');
  const numeric = !intOnly && args.every((a) => isIntegerType(a.type) || a.type === 'null' || a.type === 'numeric');
  const t: DataType = intOnly ? (args.some((a) => a.type === 'bigint') ? 'bigint' : 'integer') : numeric ? 'numeric' : 'double';
  const alias = item.alias ?? 'generate_series';
  const colName = item.columnAliases[0] ?? alias;
  const id = binder.newId(colName, t);
  addScopeItem(scope, { alias, qualifiers: [[alias]], columns: [{ name: colName, id, type: t, hidden: false }] }, item.pos);
  return { kind: 'function_scan', name: 'generate_series', args: args.map((a) => castTo(a, t)), ids: [id] };
}

function bindJoin(binder: BinderApi, j: A.JoinRef, scope: Scope, ctes: CteScope | null): LogicalPlan {
  const left = bindFromItem(binder, j.left, scope, ctes);
  const leftItems = scope.items.length;
  const right = bindFromItem(binder, j.right, scope, ctes);
  const rightItems = scope.items.slice(leftItems);
  const leftScopeItems = scope.items.slice(0, leftItems);
  let on: BoundExpr | null = null;
  let using = j.using;
  if (j.natural) {
    const lnames = new Set(leftScopeItems.flatMap((i) => i.columns.filter((c) => !c.hidden).map((c) => c.name)));
    using = [...new Set(rightItems.flatMap((i) => i.columns.filter((c) => !c.hidden && lnames.has(c.name)).map((c) => c.name)))];
  }
  if (using !== null && using.length > 0) {
    const parts: BoundExpr[] = [];
    const merged = new Map<string, number>();
    for (const name of using) {
      const l = findColumnIn(leftScopeItems, name);
      const r = findColumnIn(rightItems, name);
      if (l === undefined) throw new DbError(SqlState.UNDEFINED_COLUMN, `column "${name}" specified in USING clause does not exist in left table`, { position: j.pos + 1 });
      if (r === undefined) throw new DbError(SqlState.UNDEFINED_COLUMN, `column "${name}" specified in USING clause does not exist in right table`, { position: j.pos + 1 });
      parts.push(makeCompare('=', { kind: 'col', type: l.type, id: l.id }, { kind: 'col', type: r.type, id: r.id }, j.pos));
      merged.set(name, j.joinType === 'right' ? r.id : l.id);
    }
    on = andAll(parts);
    // mark merged columns so that `*` lists them once and unqualified names resolve
    for (let i = 0; i < scope.items.length; i++) {
      const it = scope.items[i]!;
      if (it.columns.some((c) => merged.has(c.name))) {
        scope.items[i] = { ...it, merged: new Map([...(it.merged ?? []), ...merged]) };
      }
    }
    if (j.joinType === 'full') {
      // the merged column of a FULL join is COALESCE(left, right)
      const join: LogicalPlan = { kind: 'join', joinType: 'full', left, right, on, ids: [...left.ids, ...right.ids] };
      const exprs: BoundExpr[] = join.ids.map((id) => ({ kind: 'col', type: binder.typeOf(id), id }));
      const ids = [...join.ids];
      for (const name of using) {
        const l = findColumnIn(leftScopeItems, name)!, r = findColumnIn(rightItems, name)!;
        const t = commonSupertype(l.type, r.type) ?? l.type;
        const id = binder.newId(name, t);
        exprs.push({ kind: 'coalesce', type: t, args: [castTo({ kind: 'col', type: l.type, id: l.id }, t), castTo({ kind: 'col', type: r.type, id: r.id }, t)] });
        ids.push(id);
        scope.usingNames.set(name, id);
        scope.localIds.add(id);
      }
      return { kind: 'project', input: join, exprs, ids };
    }
    for (const [n, id] of merged) scope.usingNames.set(n, id);
  } else if (j.on !== null) {
    on = binder.bindPredicate(j.on, scope, ctes, 'JOIN/ON');
  }
  const type = j.joinType === 'cross' ? (on === null ? 'cross' : 'inner') : j.joinType;
  return { kind: 'join', joinType: type, left, right, on, ids: [...left.ids, ...right.ids] };
}
