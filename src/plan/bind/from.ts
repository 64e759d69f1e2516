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
import { addDerived, addScopeItem, entryColumns, resolveName } from './scope.ts';

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
    const hidden = parts.length === 1 && ctes !== null && ctes.hides(parts[0]!);
    throw new DbError(SqlState.UNDEFINED_TABLE, `relation "${parts.join('.')}" does not exist`, {
      position: ref.pos + 1, table: parts.join('.'),
      ...(hidden ? {
        detail: `There is a WITH item named "${parts[0]!}", but it cannot be referenced from this part of the query.`,
        hint: 'Use WITH RECURSIVE, or re-order the WITH items to remove forward references.',
      } : {}),
    });
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
  const first = scope.items.length;
  const left = bindFromItem(binder, j.left, scope, ctes);
  const mid = scope.items.length;
  const right = bindFromItem(binder, j.right, scope, ctes);
  const end = scope.items.length;
  const ids = [...left.ids, ...right.ids];
  // a comma list keeps its items apart; a JOIN is one entry for unqualified names (PostgreSQL)
  if (j.comma) return { kind: 'join', joinType: 'cross', left, right, on: null, ids };
  const leftCols = entryColumns(scope, first, mid).flat();
  const rightCols = entryColumns(scope, mid, end).flat();
  let using = j.using;
  if (j.natural) {
    const rnames = new Set(rightCols.filter((c) => !c.hidden).map((c) => c.name));
    using = [...new Set(leftCols.filter((c) => !c.hidden && rnames.has(c.name)).map((c) => c.name))];
  }
  let on: BoundExpr | null = null;
  const mergedCols: ScopeColumn[] = [];
  let plan: LogicalPlan | null = null;
  if (using !== null && using.length > 0) {
    const parts: BoundExpr[] = [];
    const pairs: [ScopeColumn, ScopeColumn][] = [];
    for (const [k, name] of using.entries()) {
      if (using.indexOf(name) !== k) throw new DbError(SqlState.DUPLICATE_COLUMN, `column name "${name}" appears more than once in USING clause`, { position: j.pos + 1 });
      const l = usingColumn(leftCols, name, 'left', j.pos);
      const r = usingColumn(rightCols, name, 'right', j.pos);
      parts.push(makeCompare('=', { kind: 'col', type: l.type, id: l.id }, { kind: 'col', type: r.type, id: r.id }, j.pos));
      pairs.push([l, r]);
    }
    on = andAll(parts);
    if (j.joinType === 'full') {
      // the merged column of a FULL join is COALESCE(left, right)
      const join: LogicalPlan = { kind: 'join', joinType: 'full', left, right, on, ids };
      const exprs: BoundExpr[] = ids.map((id) => ({ kind: 'col', type: binder.typeOf(id), id }));
      const outIds = [...ids];
      for (const [l, r] of pairs) {
        const t = commonSupertype(l.type, r.type) ?? l.type;
        const id = binder.newId(l.name, t);
        exprs.push({ kind: 'coalesce', type: t, args: [castTo({ kind: 'col', type: l.type, id: l.id }, t), castTo({ kind: 'col', type: r.type, id: r.id }, t)] });
        outIds.push(id);
        scope.localIds.add(id);
        mergedCols.push({ name: l.name, id, type: t, hidden: false });
      }
      plan = { kind: 'project', input: join, exprs, ids: outIds };
    } else {
      for (const [l, r] of pairs) mergedCols.push(j.joinType === 'right' ? { ...r } : { ...l });
    }
  } else if (j.on !== null) {
    // ON sees only this join's items (and enclosing query levels): 42P01 for the others
    const saved = scope.visible;
    scope.visible = { first, end };
    try {
      on = binder.bindPredicate(j.on, scope, ctes, 'JOIN/ON');
    } finally {
      scope.visible = saved;
    }
  }
  const mergedNames = new Set(mergedCols.map((c) => c.name));
  const columns = [...mergedCols, ...leftCols.filter((c) => !mergedNames.has(c.name)), ...rightCols.filter((c) => !mergedNames.has(c.name))];
  scope.joins.set(first, { first, end, columns });
  if (plan !== null) return plan;
  const type = j.joinType === 'cross' ? (on === null ? 'cross' : 'inner') : j.joinType;
  return { kind: 'join', joinType: type, left, right, on, ids };
}

/** The one visible column of a USING name on one side of a join (42703 when missing, 42702 when repeated). */
function usingColumn(cols: readonly ScopeColumn[], name: string, side: 'left' | 'right', pos: number): ScopeColumn {
  let found: ScopeColumn | undefined;
  for (const c of cols) {
    if (c.hidden || c.name !== name) continue;
    if (found !== undefined) throw new DbError(SqlState.AMBIGUOUS_COLUMN, `common column name "${name}" appears more than once in ${side} table`, { position: pos + 1 });
    found = c;
  }
  if (found === undefined) throw new DbError(SqlState.UNDEFINED_COLUMN, `column "${name}" specified in USING clause does not exist in ${side} table`, { position: pos + 1 });
  return found;
}
