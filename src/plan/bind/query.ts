/**
 * Query-level binding around SELECT: WITH (common table expressions, recursive ones included:
 * the anchor's types fix the work table, references from outside evaluate it), set operations
 * (UNION / INTERSECT / EXCEPT) and VALUES with their ORDER BY (by output name or ordinal), and
 * LIMIT / OFFSET. Errors: 42601 column count mismatch, 42804 column types cannot be matched,
 * 42P10 ORDER BY position, 42712 duplicate WITH name.
 */
import type * as A from '../../sql/ast.ts';
import { DbError } from '../../errors/db-error.ts';
import { SqlState } from '../../errors/sqlstate.ts';
import type { DataType } from '../../types/data-type.ts';
import type { BoundExpr, LogicalPlan, SortKey } from '../logical.ts';
import { collectColumns } from '../plan-tree.ts';
import { castOutputs, castTo, unify } from './coerce.ts';
import { type BinderApi, type BoundQuery, type CteDef, CteScope, Scope } from './context.ts';
import { addDerived, addScopeItem } from './scope.ts';

/**
 * Binds a WITH clause: its CTEs become visible (recursive ones get their work table now). A
 * CTE's body sees the CTEs before it (and, under RECURSIVE, all of its list): a non-recursive
 * CTE that names itself reads whatever that name means outside (PostgreSQL: 42P01).
 */
export function bindWith(binder: BinderApi, w: A.WithClause, parent: CteScope | null): CteScope {
  const list = new Map<string, CteDef>();
  const all = new CteScope(parent, list, Infinity);
  w.ctes.forEach((c, index) => {
    if (list.has(c.name)) {
      throw new DbError(SqlState.DUPLICATE_ALIAS, `WITH query name "${c.name}" specified more than once`, { position: c.pos + 1 });
    }
    const def: CteDef = {
      name: c.name, columns: c.columns, query: c.query, slot: null, slotTypes: null, slotNames: null, index,
      scope: w.recursive ? all : new CteScope(parent, list, index),
    };
    list.set(c.name, def);
    if (w.recursive && c.query.kind === 'set_op' && c.query.op === 'union' && referencesName(c.query.right, c.name)) {
      prepareRecursive(binder, def, c, all);
    }
  });
  return all;
}

/**
 * Binds the CTEs of a WITH clause that nothing referred to, only to check them (PostgreSQL
 * analyses every CTE: an error in an unused one still fails the statement); their plans are
 * dropped.
 */
export function checkUnusedCtes(binder: BinderApi, w: A.WithClause, scope: CteScope): void {
  for (const c of w.ctes) {
    const def = scope.get(c.name);
    if (def === undefined || def.used === true || def.slot !== null) continue;
    def.used = true;
    binder.bindQuery(def.query, null, def.scope);
  }
}

/** Binds the anchor of a recursive CTE to learn its column types. */
function prepareRecursive(binder: BinderApi, def: CteDef, c: A.Cte, scope: CteScope): void {
  const q = c.query as A.SetOpQuery;
  const anchor = binder.bindQuery(q.left, null, scope);
  const names = c.columns.length > 0 ? c.columns : anchor.names;
  if (names.length !== anchor.ids.length) {
    throw new DbError(SqlState.SYNTAX_ERROR, `WITH query "${c.name}" has ${anchor.ids.length} columns available but ${names.length} columns specified`, { position: c.pos + 1 });
  }
  const ids = anchor.types.map((t, i) => binder.newId(names[i]!, t));
  def.slot = { name: c.name, ids, rows: null };
  def.slotTypes = anchor.types;
  def.slotNames = names;
}

/** Does a query mention a table name (for recursive CTE detection)? */
function referencesName(q: A.Query, name: string): boolean {
  const visitFrom = (f: A.FromItem): boolean => {
    switch (f.kind) {
      case 'table_ref': return f.name.parts.length === 1 && f.name.parts[0] === name;
      case 'join_ref': return visitFrom(f.left) || visitFrom(f.right);
      case 'subquery_ref': return referencesName(f.query, name);
      default: return false;
    }
  };
  // a left-deep chain of set operations is walked iteratively
  let x = q;
  while (x.kind === 'set_op') {
    if (referencesName(x.right, name)) return true;
    x = x.left;
  }
  return x.kind === 'select' && x.from.some(visitFrom);
}

/** Binds a FROM reference to a CTE: its query inlined, or the work table of a recursive one. */
export function bindCteRef(binder: BinderApi, cte: CteDef, ref: A.TableRef, scope: Scope): LogicalPlan {
  cte.used = true;
  const alias = ref.alias ?? cte.name;
  if (cte.slot !== null) {
    // recursive self-reference (or any reference to a recursive CTE): read its work table
    const ids = cte.slot.ids.map((_, i) => binder.newId(cte.slotNames![i]!, cte.slotTypes![i]!));
    const columns = ids.map((id, i) => ({ name: ref.columnAliases[i] ?? cte.slotNames![i]!, id, type: cte.slotTypes![i]!, hidden: false }));
    addScopeItem(scope, { alias, qualifiers: [[alias]], columns }, ref.pos);
    if (cte.slot.rows === null && !binder.bindingRecursive.has(cte)) {
      // a reference from outside the CTE body: evaluate the recursive CTE
      return { kind: 'project', input: buildRecursive(binder, cte), exprs: cte.slot.ids.map((id, i) => ({ kind: 'col', type: cte.slotTypes![i]!, id })), ids };
    }
    return { kind: 'cte_scan', slot: cte.slot, ids };
  }
  if (binder.inliningCtes.has(cte)) {
    // a CTE that reaches itself through its body without being a recursive UNION
    const self = [...binder.inliningCtes].at(-1) === cte;
    throw self
      ? new DbError(SqlState.INVALID_RECURSION, `recursive query "${cte.name}" does not have the form non-recursive-term UNION [ALL] recursive-term`, { position: ref.pos + 1 })
      : new DbError(SqlState.FEATURE_NOT_SUPPORTED, 'mutual recursion between WITH items is not implemented', { position: ref.pos + 1 });
  }
  binder.inliningCtes.add(cte);
  let b: BoundQuery;
  try {
    b = binder.bindQuery(cte.query, null, cte.scope);
  } finally {
    binder.inliningCtes.delete(cte);
  }
  if (cte.columns.length > b.ids.length) {
    throw new DbError(SqlState.INVALID_COLUMN_REFERENCE, `WITH query "${cte.name}" has ${b.ids.length} columns available but ${cte.columns.length} columns specified`, { position: ref.pos + 1 });
  }
  const names = b.names.map((n, i) => cte.columns[i] ?? n);
  return addDerived({ ...b, names }, alias, ref.columnAliases, scope, ref.pos);
}

function buildRecursive(binder: BinderApi, cte: CteDef): LogicalPlan {
  const done = binder.builtRecursive.get(cte);
  if (done !== undefined) return done;
  const q = cte.query as A.SetOpQuery;
  binder.bindingRecursive.add(cte);
  try {
    const anchor = binder.bindQuery(q.left, null, cte.scope);
    const rec = binder.bindQuery(q.right, null, cte.scope);
    const types = cte.slotTypes!;
    if (rec.ids.length !== types.length) {
      throw new DbError(SqlState.SYNTAX_ERROR, 'each UNION query must have the same number of columns');
    }
    const plan: LogicalPlan = {
      kind: 'recursive_cte', slot: cte.slot!, anchor: castOutputs(binder, anchor, types), recursive: castOutputs(binder, rec, types),
      unionAll: q.all, ids: cte.slot!.ids,
    };
    binder.builtRecursive.set(cte, plan);
    return plan;
  } finally {
    binder.bindingRecursive.delete(cte);
  }
}

/** Branches from which a left-deep run of one set operator is bound as a balanced tree. */
const LONG_RUN = 16;

/** The branches of a left-deep run of `q`'s operator (UNION [ALL] or INTERSECT [ALL]), left to right, or null when short. */
function setOpRun(q: A.SetOpQuery): A.Query[] | null {
  if (q.op === 'except') return null; // not associative
  const rights: A.Query[] = [];
  let x: A.Query = q;
  while (x.kind === 'set_op' && x.op === q.op && x.all === q.all
    && (x === q || (x.with === null && x.orderBy.length === 0 && x.limit === null && x.offset === null))) {
    rights.push(x.right);
    x = x.left;
  }
  if (rights.length + 1 < LONG_RUN) return null;
  rights.push(x);
  return rights.reverse();
}

/**
 * A long run `b1 op b2 op … op bn` (UNION ALL of many SELECTs): every branch bound once, cast to
 * the column types the left-to-right chain settles on, and combined as a balanced tree — the
 * same rows in the same order (UNION and INTERSECT are associative), at depth log n, so
 * thousands of branches need no deep recursion anywhere.
 */
function bindSetOpRun(binder: BinderApi, q: A.SetOpQuery, branches: readonly A.Query[], outer: Scope | null, ctes: CteScope | null): BoundQuery {
  const opName = q.op.toUpperCase();
  const bound = branches.map((b) => binder.bindQuery(b, outer, ctes));
  const first = bound[0]!;
  const types = [...first.types];
  for (let k = 1; k < bound.length; k++) {
    const b = bound[k]!;
    if (b.ids.length !== types.length) {
      throw new DbError(SqlState.SYNTAX_ERROR, `each ${opName} query must have the same number of columns`, { position: branches[k]!.pos + 1 });
    }
    for (let i = 0; i < types.length; i++) types[i] = unify(types[i]!, b.types[i]!, opName, q.pos);
  }
  if (q.op === 'intersect') {
    const all = bound.map((b) => constantRow(binder, b.plan));
    if (all.every((r) => r !== null)) {
      const plan = intersectRows(binder, all.map((r) => r!.map((e, i) => castTo(e, types[i]!))), types, first.names);
      return { plan: applyOrderLimit(binder, plan, q, plan.ids, first.names, types, outer, ctes), names: first.names, ids: plan.ids, types };
    }
  }
  // UNION [ALL] of FROM-less SELECTs of plain expressions (`SELECT 1, 'a' UNION ALL SELECT 2, 'b' …`):
  // consecutive ones become the rows of one VALUES list instead of a plan each
  const plans: LogicalPlan[] = [];
  let rows: BoundExpr[][] = [];
  const flush = (): void => {
    if (rows.length === 0) return;
    plans.push({ kind: 'values', rows, ids: types.map((t, i) => binder.newId(first.names[i]!, t)) });
    rows = [];
  };
  for (const b of bound) {
    const row = q.op === 'union' ? constantRow(binder, b.plan) : null;
    if (row !== null) rows.push(row.map((e, i) => castTo(e, types[i]!)));
    else {
      flush();
      plans.push(castOutputs(binder, b, types));
    }
  }
  flush();
  if (plans.length === 1 && !q.all) {
    // a run that became one VALUES list: UNION's duplicate removal is still due
    const only = plans[0]!;
    plans[0] = { kind: 'distinct', input: only, on: [], ids: only.ids };
  }
  const tree = (from: number, to: number): LogicalPlan => {
    if (to - from === 1) return plans[from]!;
    const mid = (from + to) >>> 1;
    const ids = types.map((t, i) => binder.newId(first.names[i]!, t));
    return { kind: 'setop', op: q.op, all: q.all, left: tree(from, mid), right: tree(mid, to), ids };
  };
  const top = tree(0, plans.length);
  const ids = (top as { ids: readonly number[] }).ids;
  const plan = applyOrderLimit(binder, top, q, ids, first.names, types, outer, ctes);
  return { plan, names: first.names, ids, types };
}

/**
 * The select list of a bound `SELECT <expressions>` without FROM (a projection of the one dummy
 * row, nothing else: no aggregate, window, DISTINCT, ORDER BY or LIMIT), or null.
 */
function constantRow(binder: BinderApi, p: LogicalPlan): BoundExpr[] | null {
  if (p.kind !== 'project' || p.input.kind !== 'values' || p.input.rows.length !== 1 || p.input.ids.length !== 1) return null;
  if (binder.columns[p.input.ids[0]!]?.name !== '?dummy?') return null;
  return [...p.exprs];
}

/**
 * INTERSECT [ALL] of n one-row branches: the rows that all n branches hold, i.e. the rows of the
 * VALUES list that occur n times (grouping treats NULLs as equal, as set operations do).
 */
function intersectRows(binder: BinderApi, rows: BoundExpr[][], types: readonly DataType[], names: readonly string[]): LogicalPlan {
  const col = (id: number, type: DataType): BoundExpr => ({ kind: 'col', type, id });
  const valueIds = types.map((t, i) => binder.newId(names[i]!, t));
  const groupIds = types.map((t, i) => binder.newId(names[i]!, t));
  const count = binder.newId('count', 'bigint');
  const agg: LogicalPlan = {
    kind: 'aggregate', input: { kind: 'values', rows, ids: valueIds }, groups: valueIds.map((id, i) => col(id, types[i]!)), groupIds,
    aggs: [{ func: 'count_star', args: [], distinct: false, filter: null, orderBy: [], type: 'bigint', id: count }], ids: [...groupIds, count],
  };
  const everywhere: BoundExpr = { kind: 'cmp', type: 'boolean', op: '=', left: col(count, 'bigint'), right: { kind: 'const', type: 'bigint', value: BigInt(rows.length) } };
  const filter: LogicalPlan = { kind: 'filter', input: agg, predicate: everywhere, ids: agg.ids };
  return { kind: 'project', input: filter, exprs: groupIds.map((id, i) => col(id, types[i]!)), ids: types.map((t, i) => binder.newId(names[i]!, t)) };
}

/** Binds UNION / INTERSECT / EXCEPT: both sides are cast to the columns' common types. */
export function bindSetOp(binder: BinderApi, q: A.SetOpQuery, outer: Scope | null, ctes: CteScope | null): BoundQuery {
  const run = setOpRun(q);
  if (run !== null) return bindSetOpRun(binder, q, run, outer, ctes);
  const left = binder.bindQuery(q.left, outer, ctes);
  const right = binder.bindQuery(q.right, outer, ctes);
  const opName = q.op.toUpperCase();
  if (left.ids.length !== right.ids.length) {
    throw new DbError(SqlState.SYNTAX_ERROR, `each ${opName} query must have the same number of columns`, { position: q.pos + 1 });
  }
  const types: DataType[] = [];
  for (let i = 0; i < left.types.length; i++) {
    const t = unify(left.types[i]!, right.types[i]!, opName, q.pos);
    types.push(t);
  }
  const lp = castOutputs(binder, left, types);
  const rp = castOutputs(binder, right, types);
  const ids = types.map((t, i) => binder.newId(left.names[i]!, t));
  let plan: LogicalPlan = { kind: 'setop', op: q.op, all: q.all, left: lp, right: rp, ids };
  plan = applyOrderLimit(binder, plan, q, ids, left.names, types, outer, ctes);
  return { plan, names: left.names, ids, types };
}

/** Binds a VALUES list (columns `column1`, … typed by their common type; all-NULL columns are text). */
export function bindValuesQuery(binder: BinderApi, q: A.ValuesQuery, outer: Scope | null, ctes: CteScope | null): BoundQuery {
  const scope = new Scope(outer);
  const width = q.rows[0]?.length ?? 0;
  if (width > 1664) throw new DbError(SqlState.TOO_MANY_COLUMNS, 'target lists can have at most 1664 entries', { position: q.pos + 1 });
  const bound: BoundExpr[][] = [];
  for (const row of q.rows) {
    if (row.length !== width) {
      throw new DbError(SqlState.SYNTAX_ERROR, 'VALUES lists must all be the same length', { position: q.pos + 1 });
    }
    bound.push(row.map((e) => (e === null ? { kind: 'const', type: 'null', value: null } as BoundExpr : binder.bindExpr(e, scope, ctes, null))));
  }
  const types: DataType[] = [];
  for (let c = 0; c < width; c++) {
    let t: DataType = 'null';
    for (const r of bound) t = unify(t, r[c]!.type, 'VALUES', q.pos);
    types.push(t === 'null' ? 'text' : t);
  }
  const rows = bound.map((r) => r.map((e, c) => castTo(e, types[c]!)));
  const names = types.map((_, i) => `column${i + 1}`);
  const ids = types.map((t, i) => binder.newId(names[i]!, t));
  let plan: LogicalPlan = { kind: 'values', rows, ids };
  plan = applyOrderLimit(binder, plan, q, ids, names, types, outer, ctes);
  return { plan, names, ids, types };
}

/** ORDER BY / LIMIT on set operations and VALUES: by output name or ordinal. */
function applyOrderLimit(binder: BinderApi, plan: LogicalPlan, q: A.SetOpQuery | A.ValuesQuery, ids: readonly number[], names: readonly string[],
  types: readonly DataType[], outer: Scope | null, ctes: CteScope | null): LogicalPlan {
  if (q.orderBy.length > 0) {
    const scope = new Scope(outer);
    scope.items.push({ alias: '', qualifiers: [], columns: ids.map((id, i) => ({ name: names[i]!, id, type: types[i]!, hidden: false })) });
    for (const id of ids) scope.localIds.add(id);
    const keys: SortKey[] = q.orderBy.map((o) => {
      let expr: BoundExpr;
      if (o.expr.kind === 'literal' && o.expr.type === 'integer') {
        const k = Number(o.expr.value);
        if (k < 1 || k > ids.length) throw new DbError(SqlState.INVALID_COLUMN_REFERENCE, `ORDER BY position ${k} is not in select list`, { position: o.expr.pos + 1 });
        expr = { kind: 'col', type: types[k - 1]!, id: ids[k - 1]! };
      } else {
        expr = binder.bindExpr(o.expr, scope, ctes, null);
      }
      return { expr, desc: o.desc, nullsFirst: o.nullsFirst ?? o.desc };
    });
    plan = { kind: 'sort', input: plan, keys, ids };
  }
  return applyLimit(binder, plan, q.limit, q.offset, ids);
}

/** Adds LIMIT / OFFSET (bigint expressions without column references). */
export function applyLimit(binder: BinderApi, plan: LogicalPlan, limit: A.Expr | null, offset: A.Expr | null, ids: readonly number[]): LogicalPlan {
  if (limit === null && offset === null) return plan;
  const scope = new Scope(null);
  const l = limit === null ? null : castTo(binder.bindExpr(limit, scope, null, null, 'bigint'), 'bigint');
  const o = offset === null ? null : castTo(binder.bindExpr(offset, scope, null, null, 'bigint'), 'bigint');
  for (const e of [l, o]) {
    if (e !== null && collectColumns(e, new Set()).size > 0) {
      throw new DbError(SqlState.SYNTAX_ERROR, 'argument of LIMIT must not contain variables');
    }
  }
  return { kind: 'limit', input: plan, limit: l, offset: o, ids };
}
