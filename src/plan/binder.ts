/**
 * The binder: resolves names in a query AST against the catalog, infers and checks types,
 * and builds the logical plan. Errors: 42P01 unknown table, 42703 unknown column, 42702
 * ambiguous column, 42883 unknown function/operator, 42803 grouping errors, 42804 type
 * mismatches — each with the position of the offending token.
 */
import type * as A from '../sql/ast.ts';
import { DbError } from '../errors/db-error.ts';
import { SqlState } from '../errors/sqlstate.ts';
import type { Catalog } from '../catalog/catalog.ts';
import type { TableDefinition } from '../schema/table-def.ts';
import { type DataType, isIntegerType, isNumericType, isStringType, typeName } from '../types/data-type.ts';
import { castValue } from '../types/cast-value.ts';
import { commonSupertype, canCast } from '../types/cast-rules.ts';
import { lookupFunction, formatSignature } from '../exec/expr/functions/index.ts';
import {
  type AggCall, type AggFunc, type BoundExpr, type CmpOp, type ColumnMeta, type CteSlot, type LogicalPlan,
  type SortKey, type WindowCall, type WindowFunc, andAll, collectColumns,
} from './logical.ts';

/** What the binder needs to know about the session. */
export interface BindContext {
  readonly catalog: Catalog;
  /** Current namespace (for unqualified names). */
  readonly namespace: string;
  readonly user: string;
  readonly role: string;
  /** Resolves `system.*` tables (provided by the engine). */
  readonly systemTable?: (name: string) => import('../storage/table-storage.ts').TableStorage | undefined;
  /** Called for every table the statement reads (access checks). */
  readonly onTableRead?: (def: TableDefinition) => void;
  /**
   * Literals to bind as parameters (shared query shapes): literal node → parameter index.
   * Numeric literals get their literal's type; string literals are typed by context.
   */
  readonly literalParams?: ReadonlyMap<A.LiteralExpr, number>;
  /** Parses a view's stored SQL (cached by the engine). */
  readonly parseView: (sql: string, view: import('../schema/table-def.ts').ViewDefinition) => A.Query;
}

/** A column visible in a scope. */
interface ScopeColumn {
  readonly name: string;
  readonly id: number;
  readonly type: DataType;
  readonly hidden: boolean;
}

/** One FROM item's columns under its alias. */
interface ScopeItem {
  readonly alias: string;
  /** Qualifier parts that also match (e.g. ['ns', 't']). */
  readonly qualifiers: readonly (readonly string[])[];
  readonly columns: readonly ScopeColumn[];
  /** Columns merged by USING / NATURAL (name → preferred id). */
  readonly merged?: Map<string, number>;
}

/** A name-resolution scope: one query level. */
class Scope {
  items: ScopeItem[] = [];
  /** Outer column ids this level (or its subqueries) reads from enclosing levels. */
  readonly correlated = new Set<number>();
  /** Ids of columns produced at this level (for correlation detection). */
  readonly localIds = new Set<number>();
  /** USING-merged names visible unqualified. */
  readonly usingNames = new Map<string, number>();
  constructor(readonly parent: Scope | null) {}
}

/** A bound query: its plan and its output columns. */
export interface BoundQuery {
  readonly plan: LogicalPlan;
  readonly names: readonly string[];
  readonly ids: readonly number[];
  readonly types: readonly DataType[];
}

/** CTE visible while binding. */
interface CteDef {
  readonly name: string;
  readonly columns: readonly string[];
  readonly query: A.Query;
  /** Set for recursive CTEs being bound (self-references read the slot). */
  slot: CteSlot | null;
  slotTypes: readonly DataType[] | null;
  slotNames: readonly string[] | null;
  readonly parent: CteScope | null;
}
type CteScope = Map<string, CteDef>;

const AGGREGATES: ReadonlySet<string> = new Set([
  'count', 'sum', 'avg', 'min', 'max', 'total', 'string_agg', 'group_concat', 'bool_and', 'bool_or', 'every', 'array_agg',
]);
const WINDOW_ONLY: ReadonlySet<string> = new Set([
  'row_number', 'rank', 'dense_rank', 'percent_rank', 'cume_dist', 'ntile', 'lag', 'lead', 'first_value', 'last_value', 'nth_value',
]);

/** Aggregation state while binding one SELECT. */
interface AggState {
  readonly groups: BoundExpr[];
  readonly groupIds: number[];
  readonly aggs: AggCall[];
  readonly windows: WindowCall[];
  /** True while binding inside an aggregate's arguments. */
  inAgg: boolean;
  /** Set once GROUP BY/aggregates make this an aggregate query. */
  active: boolean;
  allowAgg: boolean;
  allowWindow: boolean;
  /** Named windows of the SELECT (`WINDOW w AS (…)`). */
  namedWindows?: ReadonlyMap<string, A.WindowSpec>;
}

/** Binds statements of one session. One instance per statement (it owns the column-id space). */
export class Binder {
  /** Column facts by id. */
  readonly columns: ColumnMeta[] = [];
  /** Parameter types by index (1-based), inferred from use. */
  readonly paramTypes: (DataType | undefined)[] = [];
  private depth = 0;

  constructor(readonly ctx: BindContext) {}

  /** Allocates a new column id. */
  newId(name: string, type: DataType): number {
    this.columns.push({ name, type });
    return this.columns.length - 1;
  }

  typeOf(id: number): DataType {
    return this.columns[id]!.type;
  }

  // ───────────────────────────── queries ─────────────────────────────

  /** Binds a query at the top level or as a subquery of `outer`. */
  bindQuery(q: A.Query, outer: Scope | null = null, ctes: CteScope | null = null): BoundQuery {
    if (++this.depth > 200) {
      throw new DbError(SqlState.STATEMENT_TOO_COMPLEX, 'stack depth limit exceeded', { hint: 'The query nests subqueries too deeply.' });
    }
    try {
      let cteScope = ctes;
      if (q.with !== null) cteScope = this.bindWith(q.with, cteScope);
      switch (q.kind) {
        case 'select': return this.bindSelect(q, outer, cteScope);
        case 'set_op': return this.bindSetOp(q, outer, cteScope);
        case 'values': return this.bindValuesQuery(q, outer, cteScope);
      }
    } finally {
      this.depth--;
    }
  }

  private bindWith(w: A.WithClause, parent: CteScope | null): CteScope {
    const scope: CteScope = new Map(parent ?? []);
    for (const c of w.ctes) {
      if (scope.has(c.name) && parent?.get(c.name) !== scope.get(c.name)) {
        throw new DbError(SqlState.DUPLICATE_ALIAS, `WITH query name "${c.name}" specified more than once`, { position: c.pos + 1 });
      }
      scope.set(c.name, { name: c.name, columns: c.columns, query: c.query, slot: null, slotTypes: null, slotNames: null, parent: scope });
      if (w.recursive && c.query.kind === 'set_op' && c.query.op === 'union' && referencesName(c.query.right, c.name)) {
        const def = scope.get(c.name)!;
        this.prepareRecursive(def, c, scope);
      }
    }
    return scope;
  }

  /** Binds the anchor of a recursive CTE to learn its column types. */
  private prepareRecursive(def: CteDef, c: A.Cte, scope: CteScope): void {
    const q = c.query as A.SetOpQuery;
    const anchor = this.bindQuery(q.left, null, scope);
    const names = c.columns.length > 0 ? c.columns : anchor.names;
    if (names.length !== anchor.ids.length) {
      throw new DbError(SqlState.SYNTAX_ERROR, `WITH query "${c.name}" has ${anchor.ids.length} columns available but ${names.length} columns specified`, { position: c.pos + 1 });
    }
    const ids = anchor.types.map((t, i) => this.newId(names[i]!, t));
    def.slot = { name: c.name, ids, rows: null };
    def.slotTypes = anchor.types;
    def.slotNames = names;
  }

  private bindSetOp(q: A.SetOpQuery, outer: Scope | null, ctes: CteScope | null): BoundQuery {
    const left = this.bindQuery(q.left, outer, ctes);
    const right = this.bindQuery(q.right, outer, ctes);
    const opName = q.op.toUpperCase();
    if (left.ids.length !== right.ids.length) {
      throw new DbError(SqlState.SYNTAX_ERROR, `each ${opName} query must have the same number of columns`, { position: q.pos + 1 });
    }
    const types: DataType[] = [];
    for (let i = 0; i < left.types.length; i++) {
      const t = this.unify(left.types[i]!, right.types[i]!, opName, q.pos);
      types.push(t);
    }
    const lp = this.castOutputs(left, types);
    const rp = this.castOutputs(right, types);
    const ids = types.map((t, i) => this.newId(left.names[i]!, t));
    let plan: LogicalPlan = { kind: 'setop', op: q.op, all: q.all, left: lp, right: rp, ids };
    plan = this.applyOrderLimit(plan, q, ids, left.names, types, outer, ctes);
    return { plan, names: left.names, ids, types };
  }

  /** Common type of two result columns, or 42804. */
  private unify(a: DataType, b: DataType, ctxName: string, pos: number): DataType {
    if (a === b) return a;
    const t = commonSupertype(a, b);
    if (t === null) {
      throw new DbError(SqlState.DATATYPE_MISMATCH, `${ctxName} types ${typeName(a)} and ${typeName(b)} cannot be matched`, { position: pos + 1 });
    }
    return t;
  }

  /** Projects a bound query's columns to the given types (identity when equal). */
  private castOutputs(b: BoundQuery, types: readonly DataType[]): LogicalPlan {
    let same = true;
    for (let i = 0; i < types.length; i++) if (b.types[i] !== types[i]) same = false;
    if (same) return b.plan;
    const exprs: BoundExpr[] = b.ids.map((id, i) => castTo({ kind: 'col', type: b.types[i]!, id }, types[i]!));
    const ids = types.map((t, i) => this.newId(b.names[i]!, t));
    return { kind: 'project', input: b.plan, exprs, ids };
  }

  private bindValuesQuery(q: A.ValuesQuery, outer: Scope | null, ctes: CteScope | null): BoundQuery {
    const scope = new Scope(outer);
    const width = q.rows[0]?.length ?? 0;
    const bound: BoundExpr[][] = [];
    for (const row of q.rows) {
      if (row.length !== width) {
        throw new DbError(SqlState.SYNTAX_ERROR, 'VALUES lists must all be the same length', { position: q.pos + 1 });
      }
      bound.push(row.map((e) => (e === null ? { kind: 'const', type: 'null', value: null } as BoundExpr : this.bindExpr(e, scope, ctes, null))));
    }
    const types: DataType[] = [];
    for (let c = 0; c < width; c++) {
      let t: DataType = 'null';
      for (const r of bound) t = this.unify(t, r[c]!.type, 'VALUES', q.pos);
      types.push(t === 'null' ? 'text' : t);
    }
    const rows = bound.map((r) => r.map((e, c) => castTo(e, types[c]!)));
    const names = types.map((_, i) => `column${i + 1}`);
    const ids = types.map((t, i) => this.newId(names[i]!, t));
    let plan: LogicalPlan = { kind: 'values', rows, ids };
    plan = this.applyOrderLimit(plan, q, ids, names, types, outer, ctes);
    return { plan, names, ids, types };
  }

  /** ORDER BY / LIMIT on set operations and VALUES: by output name or ordinal. */
  private applyOrderLimit(plan: LogicalPlan, q: A.SetOpQuery | A.ValuesQuery, ids: readonly number[], names: readonly string[],
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
          expr = this.bindExpr(o.expr, scope, ctes, null);
        }
        return { expr, desc: o.desc, nullsFirst: o.nullsFirst ?? o.desc };
      });
      plan = { kind: 'sort', input: plan, keys, ids };
    }
    return this.applyLimit(plan, q.limit, q.offset, ids);
  }

  private applyLimit(plan: LogicalPlan, limit: A.Expr | null, offset: A.Expr | null, ids: readonly number[]): LogicalPlan {
    if (limit === null && offset === null) return plan;
    const scope = new Scope(null);
    const l = limit === null ? null : castTo(this.bindExpr(limit, scope, null, null, 'bigint'), 'bigint');
    const o = offset === null ? null : castTo(this.bindExpr(offset, scope, null, null, 'bigint'), 'bigint');
    for (const e of [l, o]) {
      if (e !== null && collectColumns(e, new Set()).size > 0) {
        throw new DbError(SqlState.SYNTAX_ERROR, 'argument of LIMIT must not contain variables');
      }
    }
    return { kind: 'limit', input: plan, limit: l, offset: o, ids };
  }

  private bindSelect(q: A.SelectQuery, outer: Scope | null, ctes: CteScope | null): BoundQuery {
    const scope = new Scope(outer);
    // FROM
    let plan: LogicalPlan | null = null;
    for (const item of q.from) {
      const p = this.bindFromItem(item, scope, ctes);
      plan = plan === null ? p : { kind: 'join', joinType: 'cross', left: plan, right: p, on: null, ids: [...plan.ids, ...p.ids] };
    }
    if (plan === null) {
      const id = this.newId('?dummy?', 'integer');
      plan = { kind: 'values', rows: [[{ kind: 'const', type: 'integer', value: 0 }]], ids: [id] };
    }
    // WHERE
    if (q.where !== null) {
      const pred = this.bindPredicate(q.where, scope, ctes, 'WHERE');
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
        e = this.bindExpr(item.expr, scope, ctes, { ...agg, allowAgg: false, allowWindow: false });
      } else if (g.kind === 'column' && g.table.length === 0 && !this.canResolve(scope, g.name)) {
        const item = q.items.find((it) => it.alias === g.name);
        if (item === undefined) e = this.bindExpr(g, scope, ctes, null);
        else e = this.bindExpr(item.expr, scope, ctes, { ...agg, allowAgg: false, allowWindow: false });
      } else {
        e = this.bindExpr(g, scope, ctes, { ...agg, allowAgg: false, allowWindow: false });
      }
      if (agg.groups.some((x) => exprEquals(x, e))) continue;
      agg.groups.push(e);
      agg.groupIds.push(this.newId(exprName(g), e.type));
    }
    agg.active = q.groupBy.length > 0;
    // select list (aggregates collected into agg)
    const outExprs: BoundExpr[] = [];
    const outNames: string[] = [];
    for (const item of q.items) {
      if (item.expr.kind === 'star') {
        const cols = this.expandStar(item.expr, scope);
        for (const c of cols) {
          outExprs.push({ kind: 'col', type: c.type, id: c.id });
          outNames.push(c.name);
        }
        continue;
      }
      outExprs.push(this.bindExpr(item.expr, scope, ctes, agg));
      outNames.push(item.alias ?? exprName(item.expr));
    }
    let having: BoundExpr | null = null;
    if (q.having !== null) {
      having = this.bindPredicate(q.having, scope, ctes, 'HAVING', agg);
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
        if (idx >= 0 && (isAlias || !this.canResolve(scope, o.expr.name))) {
          if (outNames.indexOf(o.expr.name, idx + 1) >= 0 && isAlias) {
            throw new DbError(SqlState.AMBIGUOUS_COLUMN, `ORDER BY "${o.expr.name}" is ambiguous`, { position: o.expr.pos + 1 });
          }
          orderKeys.push({ expr: outExprs[idx]!, desc: o.desc, nullsFirst, outIndex: idx });
          continue;
        }
      }
      const e = this.bindExpr(o.expr, scope, ctes, agg);
      const idx = outExprs.findIndex((x) => exprEquals(x, e));
      orderKeys.push({ expr: e, desc: o.desc, nullsFirst, outIndex: idx });
    }
    const hasAgg = agg.active || agg.aggs.length > 0;
    if (hasAgg) {
      const ids = [...agg.groupIds, ...agg.aggs.map((a) => a.id)];
      plan = { kind: 'aggregate', input: plan, groups: agg.groups, groupIds: agg.groupIds, aggs: agg.aggs, ids };
      const fix = (e: BoundExpr, what: string): BoundExpr => this.resolveGrouped(e, agg, scope, what);
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
    const outIds = outExprs.map((e, i) => this.newId(outNames[i]!, e.type));
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
        projIds.push(this.newId('?order?', k.expr.type));
      }
      sortKeys.push({ expr: { kind: 'col', type: projExprs[idx]!.type, id: projIds[idx]! }, desc: k.desc, nullsFirst: k.nullsFirst });
    }
    plan = { kind: 'project', input: plan, exprs: projExprs, ids: projIds };
    if (distinct) {
      let on: BoundExpr[] = [];
      if (q.distinctOn.length > 0) {
        on = q.distinctOn.map((e) => {
          const b = this.bindExpr(e, scope, ctes, agg);
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
    plan = this.applyLimit(plan, q.limit, q.offset, projIds);
    if (projIds.length !== outIds.length) {
      plan = { kind: 'project', input: plan, exprs: outIds.map((id) => ({ kind: 'col', type: this.typeOf(id), id })), ids: outIds.map((id) => this.newId(this.columns[id]!.name, this.typeOf(id))) };
      return { plan, names: outNames, ids: plan.ids, types: outExprs.map((e) => e.type) };
    }
    return { plan, names: outNames, ids: outIds, types: outExprs.map((e) => e.type) };
  }

  /** Rewrites a post-aggregation expression: group expressions → group columns; bare columns → 42803. */
  private resolveGrouped(e: BoundExpr, agg: AggState, scope: Scope, what: string): BoundExpr {
    for (let i = 0; i < agg.groups.length; i++) {
      if (exprEquals(agg.groups[i]!, e)) return { kind: 'col', type: e.type, id: agg.groupIds[i]! };
    }
    if (e.kind === 'col') {
      if (agg.aggs.some((a) => a.id === e.id) || agg.windows.some((w) => w.id === e.id)) return e;
      if (agg.groupIds.includes(e.id)) return e;
      const name = this.qualifiedColumnName(e.id, scope);
      throw new DbError(SqlState.GROUPING_ERROR, `column "${name}" must appear in the GROUP BY clause or be used in an aggregate function`);
    }
    if (e.kind === 'subquery') {
      // correlated references to grouped columns are fine only if they are group keys
      for (const id of e.correlated) {
        if (scope.localIds.has(id) && !agg.groups.some((g) => g.kind === 'col' && g.id === id)) {
          const name = this.qualifiedColumnName(id, scope);
          throw new DbError(SqlState.GROUPING_ERROR, `subquery uses ungrouped column "${name}" from outer query`);
        }
      }
      if (e.correlated.length === 0 && e.arg === null) return e;
      const remap = new Map<number, number>();
      for (let i = 0; i < agg.groups.length; i++) {
        const g = agg.groups[i]!;
        if (g.kind === 'col') remap.set(g.id, agg.groupIds[i]!);
      }
      const arg = e.arg === null ? null : this.resolveGrouped(e.arg, agg, scope, what);
      if (remap.size === 0) return { ...e, arg };
      return { ...e, arg, plan: remapOuter(e.plan, remap), correlated: e.correlated.map((id) => remap.get(id) ?? id) };
    }
    return mapChildren(e, (c) => this.resolveGrouped(c, agg, scope, what));
  }

  private qualifiedColumnName(id: number, scope: Scope): string {
    for (let s: Scope | null = scope; s !== null; s = s.parent) {
      for (const item of s.items) {
        for (const c of item.columns) if (c.id === id) return item.alias ? `${item.alias}.${c.name}` : c.name;
      }
    }
    return this.columns[id]?.name ?? '?';
  }

  private canResolve(scope: Scope, name: string): boolean {
    for (const item of scope.items) for (const c of item.columns) if (c.name === name) return true;
    return false;
  }

  private expandStar(star: A.StarExpr, scope: Scope): ScopeColumn[] {
    const out: ScopeColumn[] = [];
    if (star.table.length === 0) {
      if (scope.items.length === 0) throw new DbError(SqlState.SYNTAX_ERROR, 'SELECT * with no tables specified is not valid', { position: star.pos + 1 });
      // USING / NATURAL join columns come first, once (SQL standard)
      for (const [name, id] of scope.usingNames) out.push({ name, id, type: this.typeOf(id), hidden: false });
      for (const item of scope.items) {
        for (const c of item.columns) {
          if (c.hidden) continue;
          if (item.merged?.has(c.name) && scope.usingNames.has(c.name)) continue;
          out.push(c);
        }
      }
      return out;
    }
    const item = this.findItem(scope, star.table, star.pos);
    if (item === undefined) {
      throw new DbError(SqlState.UNDEFINED_TABLE, `missing FROM-clause entry for table "${star.table.join('.')}"`, { position: star.pos + 1 });
    }
    for (const c of item.columns) if (!c.hidden) out.push(c);
    return out;
  }

  private findItem(scope: Scope, qual: readonly string[], pos: number): ScopeItem | undefined {
    let found: ScopeItem | undefined;
    for (const item of scope.items) {
      if (matchesQualifier(item, qual)) {
        if (found !== undefined && qual.length === 1) {
          throw new DbError(SqlState.AMBIGUOUS_ALIAS, `table reference "${qual.join('.')}" is ambiguous`, { position: pos + 1 });
        }
        found = item;
      }
    }
    return found;
  }

  // ───────────────────────────── FROM ─────────────────────────────

  /** Binds one FROM item into `scope` (UPDATE … FROM, DELETE … USING). */
  bindFrom(item: A.FromItem, scope: Scope): LogicalPlan {
    return this.bindFromItem(item, scope, null);
  }

  private bindFromItem(item: A.FromItem, scope: Scope, ctes: CteScope | null): LogicalPlan {
    switch (item.kind) {
      case 'table_ref': return this.bindTableRef(item, scope, ctes);
      case 'subquery_ref': {
        const b = this.bindQuery(item.query, item.lateral ? scope : scope.parent, ctes);
        if (b.plan && item.lateral) { /* lateral correlation handled through scope */ }
        return this.addDerived(b, item.alias ?? 'subquery', item.columnAliases, scope, item.pos);
      }
      case 'values_ref': {
        const b = this.bindQuery(item.values, scope.parent, ctes);
        return this.addDerived(b, item.alias ?? 'values', item.columnAliases, scope, item.pos);
      }
      case 'function_ref': return this.bindFunctionRef(item, scope, ctes);
      case 'join_ref': return this.bindJoin(item, scope, ctes);
    }
  }

  private addDerived(b: BoundQuery, alias: string, colAliases: readonly string[], scope: Scope, pos: number): LogicalPlan {
    if (colAliases.length > b.ids.length) {
      throw new DbError(SqlState.INVALID_COLUMN_REFERENCE, `table "${alias}" has ${b.ids.length} columns available but ${colAliases.length} columns specified`, { position: pos + 1 });
    }
    const columns = b.ids.map((id, i) => ({ name: colAliases[i] ?? b.names[i]!, id, type: b.types[i]!, hidden: false }));
    this.addScopeItem(scope, { alias, qualifiers: [[alias]], columns }, pos);
    return b.plan;
  }

  private addScopeItem(scope: Scope, item: ScopeItem, pos: number): void {
    for (const other of scope.items) {
      if (other.alias === item.alias && item.alias !== '') {
        throw new DbError(SqlState.DUPLICATE_ALIAS, `table name "${item.alias}" specified more than once`, { position: pos + 1 });
      }
    }
    scope.items.push(item);
    for (const c of item.columns) scope.localIds.add(c.id);
  }

  private bindTableRef(ref: A.TableRef, scope: Scope, ctes: CteScope | null): LogicalPlan {
    const parts = ref.name.parts;
    if (parts.length === 1 && ctes !== null) {
      const cte = ctes.get(parts[0]!);
      if (cte !== undefined) return this.bindCteRef(cte, ref, scope);
    }
    const { ns, name } = this.resolveName(ref.name);
    const alias = ref.alias ?? name;
    let storage = ns === 'system' ? this.ctx.systemTable?.(name) : this.ctx.catalog.findTable(ns, name);
    if (storage === undefined) {
      const view = ns === 'system' ? undefined : this.ctx.catalog.findView(ns, name);
      if (view !== undefined) return this.bindView(view, ref, scope);
      throw new DbError(SqlState.UNDEFINED_TABLE, `relation "${parts.join('.')}" does not exist`, { position: ref.pos + 1, table: parts.join('.') });
    }
    const def = storage.def;
    this.ctx.onTableRead?.(def);
    const cols: number[] = [];
    const ids: number[] = [];
    const columns: ScopeColumn[] = [];
    for (let i = 0; i < def.columns.length; i++) {
      const c = def.columns[i]!;
      const name = ref.columnAliases[i] ?? c.name;
      const id = this.newId(name, c.type);
      cols.push(i);
      ids.push(id);
      columns.push({ name, id, type: c.type, hidden: c.hidden });
    }
    this.addScopeItem(scope, { alias, qualifiers: ref.alias !== null ? [[alias]] : [[name], [ns, name]], columns }, ref.pos);
    storage = storage!;
    return { kind: 'scan', storage, def, alias, cols, ids, filters: [] };
  }

  private bindView(view: import('../schema/table-def.ts').ViewDefinition, ref: A.TableRef, scope: Scope): LogicalPlan {
    const q = this.ctx.parseView(view.sql, view);
    const b = this.bindQuery(q, null, null);
    const names = view.columns.length > 0 ? view.columns : b.names;
    return this.addDerived({ ...b, names: b.names.map((n, i) => names[i] ?? n) }, ref.alias ?? view.name, ref.columnAliases, scope, ref.pos);
  }

  private bindCteRef(cte: CteDef, ref: A.TableRef, scope: Scope): LogicalPlan {
    const alias = ref.alias ?? cte.name;
    if (cte.slot !== null) {
      // recursive self-reference (or any reference to a recursive CTE): read its work table
      const ids = cte.slot.ids.map((_, i) => this.newId(cte.slotNames![i]!, cte.slotTypes![i]!));
      const columns = ids.map((id, i) => ({ name: ref.columnAliases[i] ?? cte.slotNames![i]!, id, type: cte.slotTypes![i]!, hidden: false }));
      this.addScopeItem(scope, { alias, qualifiers: [[alias]], columns }, ref.pos);
      if (cte.slot.rows === null && !this.bindingRecursive.has(cte)) {
        // a reference from outside the CTE body: evaluate the recursive CTE
        return { kind: 'project', input: this.buildRecursive(cte), exprs: cte.slot.ids.map((id, i) => ({ kind: 'col', type: cte.slotTypes![i]!, id })), ids };
      }
      return { kind: 'cte_scan', slot: cte.slot, ids };
    }
    const b = this.bindQuery(cte.query, null, cte.parent === null ? null : new Map([...cte.parent].filter(([k]) => k !== cte.name || true)));
    if (cte.columns.length > b.ids.length) {
      throw new DbError(SqlState.INVALID_COLUMN_REFERENCE, `WITH query "${cte.name}" has ${b.ids.length} columns available but ${cte.columns.length} columns specified`, { position: ref.pos + 1 });
    }
    const names = b.names.map((n, i) => cte.columns[i] ?? n);
    return this.addDerived({ ...b, names }, alias, ref.columnAliases, scope, ref.pos);
  }

  private readonly bindingRecursive = new Set<CteDef>();
  private readonly builtRecursive = new Map<CteDef, LogicalPlan>();

  private buildRecursive(cte: CteDef): LogicalPlan {
    const done = this.builtRecursive.get(cte);
    if (done !== undefined) return done;
    const q = cte.query as A.SetOpQuery;
    this.bindingRecursive.add(cte);
    try {
      const anchor = this.bindQuery(q.left, null, cte.parent);
      const rec = this.bindQuery(q.right, null, cte.parent);
      const types = cte.slotTypes!;
      if (rec.ids.length !== types.length) {
        throw new DbError(SqlState.SYNTAX_ERROR, 'each UNION query must have the same number of columns');
      }
      const plan: LogicalPlan = {
        kind: 'recursive_cte', slot: cte.slot!, anchor: this.castOutputs(anchor, types), recursive: this.castOutputs(rec, types),
        unionAll: q.all, ids: cte.slot!.ids,
      };
      this.builtRecursive.set(cte, plan);
      return plan;
    } finally {
      this.bindingRecursive.delete(cte);
    }
  }

  private bindFunctionRef(item: A.FunctionRef, scope: Scope, ctes: CteScope | null): LogicalPlan {
    const f = item.func;
    if (f.name !== 'generate_series') {
      throw new DbError(SqlState.UNDEFINED_FUNCTION, `function ${f.name} does not exist as a table function`, { position: item.pos + 1 });
    }
    if (f.args.length < 2 || f.args.length > 3) {
      throw new DbError(SqlState.UNDEFINED_FUNCTION, `function generate_series with ${f.args.length} arguments does not exist`, { position: item.pos + 1 });
    }
    const empty = new Scope(scope.parent);
    const args = f.args.map((a) => this.bindExpr(a, empty, ctes, null, 'bigint'));
    const t: DataType = args.every((a) => isIntegerType(a.type) || a.type === 'null') ? (args.some((a) => a.type === 'bigint') ? 'bigint' : 'integer') : 'double';
    const alias = item.alias ?? 'generate_series';
    const colName = item.columnAliases[0] ?? alias;
    const id = this.newId(colName, t);
    this.addScopeItem(scope, { alias, qualifiers: [[alias]], columns: [{ name: colName, id, type: t, hidden: false }] }, item.pos);
    return { kind: 'function_scan', name: 'generate_series', args: args.map((a) => castTo(a, t)), ids: [id] };
  }

  private bindJoin(j: A.JoinRef, scope: Scope, ctes: CteScope | null): LogicalPlan {
    const left = this.bindFromItem(j.left, scope, ctes);
    const leftItems = scope.items.length;
    const right = this.bindFromItem(j.right, scope, ctes);
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
        parts.push(this.makeCompare('=', { kind: 'col', type: l.type, id: l.id }, { kind: 'col', type: r.type, id: r.id }, j.pos));
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
        const exprs: BoundExpr[] = join.ids.map((id) => ({ kind: 'col', type: this.typeOf(id), id }));
        const ids = [...join.ids];
        for (const name of using) {
          const l = findColumnIn(leftScopeItems, name)!, r = findColumnIn(rightItems, name)!;
          const t = commonSupertype(l.type, r.type) ?? l.type;
          const id = this.newId(name, t);
          exprs.push({ kind: 'coalesce', type: t, args: [castTo({ kind: 'col', type: l.type, id: l.id }, t), castTo({ kind: 'col', type: r.type, id: r.id }, t)] });
          ids.push(id);
          scope.usingNames.set(name, id);
          scope.localIds.add(id);
        }
        return { kind: 'project', input: join, exprs, ids };
      }
      for (const [n, id] of merged) scope.usingNames.set(n, id);
    } else if (j.on !== null) {
      on = this.bindPredicate(j.on, scope, ctes, 'JOIN/ON');
    }
    const type = j.joinType === 'cross' ? (on === null ? 'cross' : 'inner') : j.joinType;
    return { kind: 'join', joinType: type, left, right, on, ids: [...left.ids, ...right.ids] };
  }

  /** Resolves `[ns.]name` to a namespace and a name. */
  resolveName(n: A.QualifiedName): { ns: string; name: string } {
    if (n.parts.length === 1) return { ns: this.ctx.namespace, name: n.parts[0]! };
    if (n.parts.length === 2) return { ns: n.parts[0]!, name: n.parts[1]! };
    throw new DbError(SqlState.SYNTAX_ERROR, `improper qualified name (too many dotted names): ${n.parts.join('.')}`, { position: n.pos + 1 });
  }

  // ───────────────────────────── expressions ─────────────────────────────

  /** Binds a boolean condition (WHERE, ON, HAVING). */
  bindPredicate(e: A.Expr, scope: Scope, ctes: CteScope | null, clause: string, agg: AggState | null = null): BoundExpr {
    const where = clause === 'WHERE' || clause === 'JOIN/ON';
    const b = this.bindExpr(e, scope, ctes, where ? null : agg, 'boolean', where ? clause : undefined);
    if (b.type !== 'boolean' && b.type !== 'null') {
      throw new DbError(SqlState.DATATYPE_MISMATCH, `argument of ${clause} must be type boolean, not type ${typeName(b.type)}`, { position: e.pos + 1 });
    }
    return b.type === 'null' ? { kind: 'const', type: 'boolean', value: null } : b;
  }

  /**
   * Binds an expression. `agg` is the aggregation state when aggregates are allowed (select
   * list, HAVING, ORDER BY); `expected` types untyped literals and parameters.
   */
  bindExpr(e: A.Expr, scope: Scope, ctes: CteScope | null, agg: AggState | null, expected?: DataType, noAggClause?: string): BoundExpr {
    switch (e.kind) {
      case 'literal': {
        const slot = this.ctx.literalParams?.get(e);
        if (slot === undefined) return bindLiteral(e, expected);
        if (this.paramTypes.length <= slot) this.paramTypes.length = slot + 1;
        if (e.type === 'string') {
          const t = expected !== undefined && expected !== 'null' ? expected : undefined;
          if (t !== undefined) this.paramTypes[slot] = t;
          return { kind: 'param', type: t ?? 'text', index: slot };
        }
        const lit = bindLiteral(e);
        this.paramTypes[slot] = lit.type;
        return { kind: 'param', type: lit.type, index: slot };
      }
      case 'param': {
        if (e.index < 1 || e.index > 65535) throw new DbError(SqlState.UNDEFINED_PARAMETER, `there is no parameter $${e.index}`, { position: e.pos + 1 });
        if (this.paramTypes.length <= e.index) this.paramTypes.length = e.index + 1;
        const known = this.paramTypes[e.index];
        const t = known ?? (expected !== undefined && expected !== 'null' ? expected : undefined);
        if (t !== undefined && known === undefined) this.paramTypes[e.index] = t;
        return { kind: 'param', type: t ?? 'text', index: e.index };
      }
      case 'column': return this.bindColumn(e, scope);
      case 'star':
        throw new DbError(SqlState.SYNTAX_ERROR, 'syntax error at or near "*"', { position: e.pos + 1 });
      case 'unary': {
        const a = this.bindExpr(e.operand, scope, ctes, agg, e.op === 'NOT' ? 'boolean' : expected, noAggClause);
        if (e.op === 'NOT') {
          if (a.type !== 'boolean' && a.type !== 'null') throw new DbError(SqlState.DATATYPE_MISMATCH, `argument of NOT must be type boolean, not type ${typeName(a.type)}`, { position: e.pos + 1 });
          return { kind: 'not', type: 'boolean', arg: castTo(a, 'boolean') };
        }
        if (e.op === '~') {
          if (!isIntegerType(a.type) && a.type !== 'null') throw opError('~', null, a.type, e.pos);
          const t = a.type === 'null' ? 'integer' : a.type;
          return { kind: 'bitop', type: t, op: '~', left: castTo(a, t), right: null };
        }
        if (!isNumericType(a.type) && a.type !== 'null') throw opError(e.op, null, a.type, e.pos);
        if (e.op === '+') return a;
        if (a.kind === 'const' && a.value !== null) return foldNeg(a, e.pos);
        return { kind: 'neg', type: a.type === 'null' ? 'integer' : a.type, arg: a };
      }
      case 'binary': return this.bindBinary(e, scope, ctes, agg, noAggClause);
      case 'is_null': {
        const a = this.bindExpr(e.operand, scope, ctes, agg, undefined, noAggClause);
        return { kind: 'is_null', type: 'boolean', arg: a, negated: e.negated };
      }
      case 'is_bool': {
        const a = this.bindExpr(e.operand, scope, ctes, agg, 'boolean', noAggClause);
        if (a.type !== 'boolean' && a.type !== 'null') throw new DbError(SqlState.DATATYPE_MISMATCH, `argument of IS ${e.value === null ? 'UNKNOWN' : e.value ? 'TRUE' : 'FALSE'} must be type boolean, not type ${typeName(a.type)}`, { position: e.pos + 1 });
        return { kind: 'is_bool', type: 'boolean', arg: castTo(a, 'boolean'), value: e.value, negated: e.negated };
      }
      case 'is_distinct': {
        const [l, r] = this.bindPair(e.left, e.right, scope, ctes, agg, 'IS DISTINCT FROM', e.pos, noAggClause);
        return { kind: 'distinct_from', type: 'boolean', left: l, right: r, negated: e.negated };
      }
      case 'between': {
        const x = this.bindExpr(e.operand, scope, ctes, agg, undefined, noAggClause);
        const lo = this.bindExpr(e.low, scope, ctes, agg, x.type, noAggClause);
        const hi = this.bindExpr(e.high, scope, ctes, agg, x.type, noAggClause);
        let res: BoundExpr;
        if (e.symmetric) {
          const a1 = this.makeCompare('>=', x, lo, e.pos), b1 = this.makeCompare('<=', x, hi, e.pos);
          const a2 = this.makeCompare('>=', x, hi, e.pos), b2 = this.makeCompare('<=', x, lo, e.pos);
          res = { kind: 'or', type: 'boolean', args: [{ kind: 'and', type: 'boolean', args: [a1, b1] }, { kind: 'and', type: 'boolean', args: [a2, b2] }] };
        } else {
          res = { kind: 'and', type: 'boolean', args: [this.makeCompare('>=', x, lo, e.pos), this.makeCompare('<=', x, hi, e.pos)] };
        }
        return e.negated ? { kind: 'not', type: 'boolean', arg: res } : res;
      }
      case 'in_list': {
        const x = this.bindExpr(e.operand, scope, ctes, agg, undefined, noAggClause);
        if (e.list.length === 0) {
          // SQLite's empty list: IN () is false, NOT IN () is true — even for NULL operands
          return { kind: 'const', type: 'boolean', value: e.negated };
        }
        const items = e.list.map((i) => this.bindExpr(i, scope, ctes, agg, x.type, noAggClause));
        let t: DataType = x.type;
        for (const it of items) t = this.compareType(t, it.type, '=', e.pos);
        if (t === 'null') t = 'text';
        return {
          kind: 'in_list', type: 'boolean', arg: castTo(x, t), list: items.map((i) => castTo(i, t)), negated: e.negated,
        };
      }
      case 'in_subquery': {
        const x = this.bindExpr(e.operand, scope, ctes, agg, undefined, noAggClause);
        const sub = this.bindSubquery(e.query, scope, ctes);
        if (sub.bound.ids.length !== 1) {
          throw new DbError(SqlState.SYNTAX_ERROR, sub.bound.ids.length > 1 ? 'subquery has too many columns' : 'subquery has too few columns', { position: e.pos + 1 });
        }
        const st = sub.bound.types[0]!;
        const t = this.compareType(x.type, st, '=', e.pos);
        const plan = st === t || t === 'null' ? sub.bound.plan : this.castOutputs(sub.bound, [t]);
        return { kind: 'subquery', type: 'boolean', mode: 'in', plan, arg: castTo(x, t), negated: e.negated, correlated: sub.correlated };
      }
      case 'exists': {
        const sub = this.bindSubquery(e.query, scope, ctes);
        const b: BoundExpr = { kind: 'subquery', type: 'boolean', mode: 'exists', plan: sub.bound.plan, arg: null, negated: false, correlated: sub.correlated };
        return e.negated ? { kind: 'not', type: 'boolean', arg: b } : b;
      }
      case 'subquery': {
        const sub = this.bindSubquery(e.query, scope, ctes);
        if (sub.bound.ids.length !== 1) {
          throw new DbError(SqlState.SYNTAX_ERROR, 'subquery must return only one column', { position: e.pos + 1 });
        }
        return { kind: 'subquery', type: sub.bound.types[0]!, mode: 'scalar', plan: sub.bound.plan, arg: null, negated: false, correlated: sub.correlated };
      }
      case 'like': {
        const x = this.bindExpr(e.operand, scope, ctes, agg, 'text', noAggClause);
        const p = this.bindExpr(e.pattern, scope, ctes, agg, 'text', noAggClause);
        const esc = e.escape === null ? null : this.bindExpr(e.escape, scope, ctes, agg, 'text', noAggClause);
        for (const part of [x, p, esc]) {
          if (part !== null && !isStringType(part.type) && part.type !== 'null') {
            throw opError(e.caseInsensitive ? '~~*' : '~~', x.type, p.type, e.pos);
          }
        }
        return { kind: 'like', type: 'boolean', arg: castTo(x, 'text'), pattern: castTo(p, 'text'), escape: esc === null ? null : castTo(esc, 'text'), negated: e.negated, ci: e.caseInsensitive };
      }
      case 'case': return this.bindCase(e, scope, ctes, agg, expected, noAggClause);
      case 'cast': {
        const target = e.target;
        const a = this.bindExpr(e.operand, scope, ctes, agg, target.type, noAggClause);
        if (!canCast(a.type, target.type)) {
          throw new DbError(SqlState.CANNOT_COERCE, `cannot cast type ${typeName(a.type)} to ${typeName(target.type)}`, { position: e.pos + 1 });
        }
        const b: BoundExpr = { kind: 'cast', type: target.type, arg: a, maxLength: target.length ?? null };
        return foldCast(b, e.pos);
      }
      case 'func': return this.bindFunc(e, scope, ctes, agg, expected, noAggClause);
      case 'array':
        if (e.items.length === 1) return this.bindExpr(e.items[0]!, scope, ctes, agg, expected, noAggClause);
        throw new DbError(SqlState.FEATURE_NOT_SUPPORTED, 'row and array values are not supported', { position: e.pos + 1 });
    }
  }

  private bindSubquery(q: A.Query, scope: Scope, ctes: CteScope | null): { bound: BoundQuery; correlated: number[] } {
    const tracker = this.correlationTracker;
    const mine = new Set<number>();
    this.correlationTracker = mine;
    let bound: BoundQuery;
    try {
      bound = this.bindQuery(q, scope, ctes);
    } finally {
      this.correlationTracker = tracker;
    }
    // ids referenced from this scope or further out
    const correlated = [...mine];
    if (tracker !== null) for (const id of mine) if (!scope.localIds.has(id)) tracker.add(id);
    return { bound, correlated };
  }

  /** Ids of outer columns referenced while binding the current subquery. */
  private correlationTracker: Set<number> | null = null;

  private bindColumn(e: A.ColumnRefExpr, scope: Scope): BoundExpr {
    let level = 0;
    for (let s: Scope | null = scope; s !== null; s = s.parent, level++) {
      const c = this.lookupColumn(s, e);
      if (c !== undefined) {
        if (level > 0) {
          this.correlationTracker?.add(c.id);
          return { kind: 'outer', type: c.type, id: c.id };
        }
        return { kind: 'col', type: c.type, id: c.id };
      }
    }
    const qual = e.table.length > 0 ? `${e.table.join('.')}.` : '';
    if (e.table.length > 0) {
      // distinguish a missing table from a missing column
      let tableFound = false;
      for (let s: Scope | null = scope; s !== null; s = s.parent) if (s.items.some((it) => matchesQualifier(it, e.table))) tableFound = true;
      if (!tableFound) {
        throw new DbError(SqlState.UNDEFINED_TABLE, `missing FROM-clause entry for table "${e.table.join('.')}"`, { position: e.pos + 1 });
      }
    }
    throw new DbError(SqlState.UNDEFINED_COLUMN, `column ${qual}${e.name} does not exist`.replace(`column ${qual}${e.name}`, `column "${qual}${e.name}"`), { position: e.pos + 1, columnName: e.name });
  }

  private lookupColumn(s: Scope, e: A.ColumnRefExpr): ScopeColumn | undefined {
    if (e.table.length === 0) {
      const merged = s.usingNames.get(e.name);
      if (merged !== undefined) {
        return { name: e.name, id: merged, type: this.typeOf(merged), hidden: false };
      }
      let found: ScopeColumn | undefined;
      for (const item of s.items) {
        for (const c of item.columns) {
          if (c.name === e.name) {
            if (found !== undefined) {
              throw new DbError(SqlState.AMBIGUOUS_COLUMN, `column reference "${e.name}" is ambiguous`, { position: e.pos + 1 });
            }
            found = c;
          }
        }
      }
      return found;
    }
    const item = this.findItem(s, e.table, e.pos);
    if (item === undefined) return undefined;
    const c = item.columns.find((x) => x.name === e.name);
    if (c === undefined) {
      throw new DbError(SqlState.UNDEFINED_COLUMN, `column ${item.alias}.${e.name} does not exist`.replace(/^column (.*) does/, 'column "$1" does'), { position: e.pos + 1, columnName: e.name });
    }
    return c;
  }

  private bindPair(le: A.Expr, re: A.Expr, scope: Scope, ctes: CteScope | null, agg: AggState | null, op: string, pos: number, noAgg?: string): [BoundExpr, BoundExpr] {
    let l = this.bindExpr(le, scope, ctes, agg, undefined, noAgg);
    let r = this.bindExpr(re, scope, ctes, agg, l.type === 'null' ? undefined : l.type, noAgg);
    if (l.kind === 'param' && r.type !== 'null' && this.paramTypes[l.index] === undefined) {
      this.paramTypes[l.index] = r.type;
      l = { ...l, type: r.type };
    }
    if ((l.kind === 'const' && l.type === 'text' && (le as A.LiteralExpr).type === 'string') && r.type !== 'text' && r.type !== 'null') {
      l = bindLiteral(le as A.LiteralExpr, r.type);
    }
    const t = this.compareType(l.type, r.type, op, pos);
    return [castTo(l, t), castTo(r, t)];
  }

  /** The common type two operands are compared in, or 42883. */
  private compareType(a: DataType, b: DataType, op: string, pos: number): DataType {
    if (a === b) return a;
    if (a === 'null') return b;
    if (b === 'null') return a;
    const t = commonSupertype(a, b);
    if (t === null) throw opError(op, a, b, pos);
    return t;
  }

  /** Builds `left op right` with type coercion. */
  makeCompare(op: CmpOp, left: BoundExpr, right: BoundExpr, pos: number): BoundExpr {
    const t = this.compareType(left.type, right.type, op, pos);
    return { kind: 'cmp', type: 'boolean', op, left: castTo(left, t), right: castTo(right, t) };
  }

  private bindBinary(e: A.BinaryExpr, scope: Scope, ctes: CteScope | null, agg: AggState | null, noAgg?: string): BoundExpr {
    const op = e.op;
    if (op === 'AND' || op === 'OR') {
      const args: BoundExpr[] = [];
      // flatten left-deep chains iteratively (deep AND/OR chains must not recurse per level)
      const stack: A.Expr[] = [e.right, e.left];
      while (stack.length > 0) {
        const x = stack.pop()!;
        if (x.kind === 'binary' && x.op === op) { stack.push(x.right, x.left); continue; }
        const b = this.bindExpr(x, scope, ctes, agg, 'boolean', noAgg);
        if (b.type !== 'boolean' && b.type !== 'null') {
          throw new DbError(SqlState.DATATYPE_MISMATCH, `argument of ${op} must be type boolean, not type ${typeName(b.type)}`, { position: x.pos + 1 });
        }
        args.push(castTo(b, 'boolean'));
      }
      return foldLogic({ kind: op === 'AND' ? 'and' : 'or', type: 'boolean', args });
    }
    if (op === '=' || op === '<>' || op === '<' || op === '<=' || op === '>' || op === '>=') {
      const [l, r] = this.bindPair(e.left, e.right, scope, ctes, agg, op, e.pos, noAgg);
      return { kind: 'cmp', type: 'boolean', op, left: l, right: r };
    }
    const l0 = this.bindExpr(e.left, scope, ctes, agg, undefined, noAgg);
    const r0 = this.bindExpr(e.right, scope, ctes, agg, op === '||' || op === '->' || op === '->>' ? undefined : l0.type === 'null' ? undefined : l0.type, noAgg);
    let l = l0, r = r0;
    if (l.kind === 'param' && this.paramTypes[l.index] === undefined && r.type !== 'null' && op !== '->' && op !== '->>') { this.paramTypes[l.index] = r.type; l = { ...l, type: r.type }; }
    if (op === '||') {
      if (l.type === 'json' || r.type === 'json') throw opError(op, l.type, r.type, e.pos);
      return { kind: 'concat', type: 'text', left: castTo(l, 'text'), right: castTo(r, 'text') };
    }
    if (op === '->' || op === '->>') {
      if (l.type !== 'json' && l.type !== 'text' && l.type !== 'null') throw opError(op, l.type, r.type, e.pos);
      if (!isStringType(r.type) && !isIntegerType(r.type) && r.type !== 'null') throw opError(op, l.type, r.type, e.pos);
      return { kind: 'json_get', type: op === '->' ? 'json' : 'text', left: castTo(l, 'json'), right: r, asText: op === '->>' };
    }
    if (op === '&' || op === '|' || op === '<<' || op === '>>') {
      const t = this.compareType(l.type, r.type, op, e.pos);
      if (!isIntegerType(t) && t !== 'null') throw opError(op, l.type, r.type, e.pos);
      const tt = t === 'null' ? 'integer' : t;
      return { kind: 'bitop', type: tt, op, left: castTo(l, tt), right: castTo(r, op === '<<' || op === '>>' ? 'integer' : tt) };
    }
    // arithmetic
    if (l.type === 'date' || l.type === 'timestamp' || r.type === 'date' || r.type === 'timestamp') {
      return this.bindDateArith(op, l, r, e.pos);
    }
    if (l.kind === 'const' && l.type === 'text' && (e.left as A.LiteralExpr).type === 'string' && isNumericType(r.type)) l = bindLiteral(e.left as A.LiteralExpr, r.type);
    if (r.kind === 'const' && r.type === 'text' && (e.right as A.LiteralExpr).type === 'string' && isNumericType(l.type)) r = bindLiteral(e.right as A.LiteralExpr, l.type);
    const lt = l.type === 'null' ? (r.type === 'null' ? 'integer' : r.type) : l.type;
    const rt = r.type === 'null' ? lt : r.type;
    if (!isNumericType(lt) || !isNumericType(rt)) throw opError(op, l.type, r.type, e.pos);
    let t = commonSupertype(lt, rt)!;
    if (t === 'real') t = 'real';
    return { kind: 'arith', type: t, op: op as '+' | '-' | '*' | '/' | '%', left: castTo(l, t), right: castTo(r, t) };
  }

  private bindDateArith(op: string, l: BoundExpr, r: BoundExpr, pos: number): BoundExpr {
    // date ± integer days, date - date → integer days; timestamps compare only
    if (l.type === 'date' && isIntegerType(r.type) && (op === '+' || op === '-')) {
      return { kind: 'arith', type: 'date', op: op as '+' | '-', left: l, right: castTo(r, 'integer') };
    }
    if (r.type === 'date' && isIntegerType(l.type) && op === '+') {
      return { kind: 'arith', type: 'date', op: '+', left: r, right: castTo(l, 'integer') };
    }
    if (l.type === 'date' && r.type === 'date' && op === '-') {
      // dates are day numbers in Int32Arrays: integer subtraction gives the day difference
      return { kind: 'arith', type: 'integer', op: '-', left: l, right: r };
    }
    throw opError(op, l.type, r.type, pos);
  }

  private bindCase(e: A.CaseExpr, scope: Scope, ctes: CteScope | null, agg: AggState | null, expected: DataType | undefined, noAgg?: string): BoundExpr {
    const operand = e.operand === null ? null : this.bindExpr(e.operand, scope, ctes, agg, undefined, noAgg);
    const whens: { when: BoundExpr; then: BoundExpr }[] = [];
    for (const w of e.whens) {
      let cond: BoundExpr;
      if (operand !== null) {
        const v = this.bindExpr(w.when, scope, ctes, agg, operand.type, noAgg);
        cond = this.makeCompare('=', operand, v, w.when.pos);
      } else {
        cond = this.bindExpr(w.when, scope, ctes, agg, 'boolean', noAgg);
        if (cond.type !== 'boolean' && cond.type !== 'null') {
          throw new DbError(SqlState.DATATYPE_MISMATCH, `argument of CASE/WHEN must be type boolean, not type ${typeName(cond.type)}`, { position: w.when.pos + 1 });
        }
        cond = castTo(cond, 'boolean');
      }
      whens.push({ when: cond, then: this.bindExpr(w.then, scope, ctes, agg, expected, noAgg) });
    }
    const elseExpr: BoundExpr = e.elseExpr === null ? { kind: 'const', type: 'null', value: null } : this.bindExpr(e.elseExpr, scope, ctes, agg, expected, noAgg);
    let t: DataType = 'null';
    for (const w of whens) t = this.resultType(t, w.then, 'CASE', e.pos);
    t = this.resultType(t, elseExpr, 'CASE', e.pos);
    if (t === 'null') t = 'text';
    return { kind: 'case', type: t, whens: whens.map((w) => ({ when: w.when, then: castTo(w.then, t) })), elseExpr: castTo(elseExpr, t) };
  }

  /** Result type of CASE/COALESCE branches: untyped string literals adopt the other type. */
  private resultType(acc: DataType, e: BoundExpr, what: string, pos: number): DataType {
    if (acc === 'null') return e.type;
    if (e.type === 'null' || e.type === acc) return acc;
    const t = commonSupertype(acc, e.type);
    if (t === null) {
      throw new DbError(SqlState.DATATYPE_MISMATCH, `${what} types ${typeName(acc)} and ${typeName(e.type)} cannot be matched`, { position: pos + 1 });
    }
    return t;
  }

  private bindFunc(e: A.FuncCallExpr, scope: Scope, ctes: CteScope | null, agg: AggState | null, expected: DataType | undefined, noAgg?: string): BoundExpr {
    const name = e.name;
    if (e.over !== null) return this.bindWindowCall(e, scope, ctes, agg);
    // min/max with several arguments is not an aggregate (SQLite's scalar form; 42883 below)
    if (AGGREGATES.has(name) && (e.args.length === 1 || (name !== 'min' && name !== 'max'))) {
      return this.bindAggregate(e, scope, ctes, agg, noAgg);
    }
    if (WINDOW_ONLY.has(name)) {
      throw new DbError(SqlState.WINDOWING_ERROR, `window function ${name} requires an OVER clause`, { position: e.pos + 1 });
    }
    if (e.distinct || e.filter !== null || e.star) {
      throw new DbError(SqlState.WRONG_OBJECT_TYPE, `${e.distinct ? 'DISTINCT' : e.star ? '*' : 'FILTER'} specified, but ${name} is not an aggregate function`, { position: e.pos + 1 });
    }
    if (name === 'coalesce' || name === 'greatest' || name === 'least' || name === 'ifnull') {
      if (e.args.length === 0 || (name === 'ifnull' && e.args.length !== 2)) {
        throw new DbError(SqlState.UNDEFINED_FUNCTION, `function ${name}() does not exist`, { position: e.pos + 1 });
      }
      const args = e.args.map((a) => this.bindExpr(a, scope, ctes, agg, expected, noAgg));
      let t: DataType = 'null';
      for (const a of args) t = this.resultType(t, a, name.toUpperCase(), e.pos);
      if (t === 'null') t = 'text';
      if (name === 'coalesce' || name === 'ifnull') return { kind: 'coalesce', type: t, args: args.map((a) => castTo(a, t)) };
    }
    if (name === 'nullif') {
      if (e.args.length !== 2) throw new DbError(SqlState.UNDEFINED_FUNCTION, `function nullif with ${e.args.length} arguments does not exist`, { position: e.pos + 1 });
      const [l, r] = this.bindPair(e.args[0]!, e.args[1]!, scope, ctes, agg, '=', e.pos, noAgg);
      const l0 = this.bindExpr(e.args[0]!, scope, ctes, agg, undefined, noAgg);
      const t = l0.type === 'null' ? l.type : l0.type;
      return { kind: 'nullif', type: t === 'null' ? 'text' : t, left: l, right: r };
    }
    const fn = lookupFunction(name);
    if (fn === undefined) {
      const types = e.args.map((a) => this.bindExpr(a, scope, ctes, agg, undefined, noAgg).type);
      throw new DbError(SqlState.UNDEFINED_FUNCTION, `function ${formatSignature(name, types)} does not exist`, {
        position: e.pos + 1, hint: 'No function matches the given name and argument types. You might need to add explicit type casts.',
      });
    }
    const args = e.args.map((a) => this.bindExpr(a, scope, ctes, agg, undefined, noAgg));
    const types = args.map((a) => a.type);
    const sig = e.args.length < fn.minArgs || e.args.length > fn.maxArgs ? null : fn.resolve(types);
    if (sig === null) {
      throw new DbError(SqlState.UNDEFINED_FUNCTION, `function ${formatSignature(name, types)} does not exist`, {
        position: e.pos + 1, hint: 'No function matches the given name and argument types. You might need to add explicit type casts.',
      });
    }
    const call: BoundExpr = { kind: 'func', type: sig.result, fn, args: args.map((a, i) => castTo(a, sig.args[i] ?? a.type)) };
    return call;
  }

  private bindAggregate(e: A.FuncCallExpr, scope: Scope, ctes: CteScope | null, agg: AggState | null, noAgg?: string): BoundExpr {
    const name = e.name;
    if (agg === null || !agg.allowAgg) {
      throw new DbError(SqlState.GROUPING_ERROR, `aggregate functions are not allowed in ${noAgg ?? 'this context'}`, { position: e.pos + 1 });
    }
    if (agg.inAgg) {
      throw new DbError(SqlState.GROUPING_ERROR, 'aggregate function calls cannot be nested', { position: e.pos + 1 });
    }
    agg.inAgg = true;
    try {
      const inner: AggState = { ...agg, allowWindow: false };
      const bindArg = (a: A.Expr) => this.bindExpr(a, scope, ctes, inner);
      let func: AggFunc;
      let args: BoundExpr[];
      let type: DataType;
      if (e.star) {
        if (name !== 'count') throw new DbError(SqlState.SYNTAX_ERROR, `${name}(*) is not allowed`, { position: e.pos + 1 });
        func = 'count_star'; args = []; type = 'bigint';
      } else {
        args = e.args.map(bindArg);
        const a0 = args[0];
        const arity = name === 'string_agg' ? 2 : name === 'group_concat' ? -1 : 1;
        if ((arity === -1 && (args.length < 1 || args.length > 2)) || (arity > 0 && args.length !== arity)) {
          throw new DbError(SqlState.UNDEFINED_FUNCTION, `function ${formatSignature(name, args.map((a) => a.type))} does not exist`, { position: e.pos + 1 });
        }
        const t0 = a0!.type;
        switch (name) {
          case 'count': func = 'count'; type = 'bigint'; break;
          case 'sum':
            func = 'sum';
            if (!isNumericType(t0) && t0 !== 'null') throw new DbError(SqlState.UNDEFINED_FUNCTION, `function sum(${typeName(t0)}) does not exist`, { position: e.pos + 1 });
            type = t0 === 'smallint' || t0 === 'integer' || t0 === 'bigint' || t0 === 'null' ? 'bigint' : 'double';
            break;
          case 'total':
            func = 'total';
            if (!isNumericType(t0) && t0 !== 'null') throw new DbError(SqlState.UNDEFINED_FUNCTION, `function total(${typeName(t0)}) does not exist`, { position: e.pos + 1 });
            type = 'double';
            break;
          case 'avg':
            func = 'avg';
            if (!isNumericType(t0) && t0 !== 'null') throw new DbError(SqlState.UNDEFINED_FUNCTION, `function avg(${typeName(t0)}) does not exist`, { position: e.pos + 1 });
            type = 'double';
            break;
          case 'min': case 'max':
            func = name; type = t0 === 'null' ? 'text' : t0;
            if (t0 === 'json') throw new DbError(SqlState.UNDEFINED_FUNCTION, `function ${name}(json) does not exist`, { position: e.pos + 1 });
            break;
          case 'string_agg': case 'group_concat':
            func = 'string_agg'; type = 'text';
            args = [castTo(args[0]!, 'text'), args[1] === undefined ? { kind: 'const', type: 'text', value: ',' } : castTo(args[1], 'text')];
            break;
          case 'bool_and': case 'every': case 'bool_or':
            func = name === 'bool_or' ? 'bool_or' : 'bool_and'; type = 'boolean';
            if (t0 !== 'boolean' && t0 !== 'null') throw new DbError(SqlState.UNDEFINED_FUNCTION, `function ${name}(${typeName(t0)}) does not exist`, { position: e.pos + 1 });
            args = [castTo(args[0]!, 'boolean')];
            break;
          default:
            throw new DbError(SqlState.FEATURE_NOT_SUPPORTED, `aggregate ${name} is not supported`, { position: e.pos + 1 });
        }
      }
      const filter = e.filter === null ? null : castTo(this.bindExpr(e.filter, scope, ctes, inner, 'boolean'), 'boolean');
      const orderBy: SortKey[] = e.orderBy.map((o) => ({ expr: this.bindExpr(o.expr, scope, ctes, inner), desc: o.desc, nullsFirst: o.nullsFirst ?? o.desc }));
      // reuse an identical aggregate
      for (const x of agg.aggs) {
        if (x.func === func && x.distinct === e.distinct && x.args.length === args.length && x.args.every((a, i) => exprEquals(a, args[i]!))
          && ((x.filter === null && filter === null) || (x.filter !== null && filter !== null && exprEquals(x.filter, filter))) && x.orderBy.length === 0 && orderBy.length === 0) {
          return { kind: 'col', type: x.type, id: x.id };
        }
      }
      const id = this.newId(name, type);
      agg.aggs.push({ func, args, distinct: e.distinct, filter, orderBy, type, id });
      return { kind: 'col', type, id };
    } finally {
      agg.inAgg = false;
    }
  }

  private bindWindowCall(e: A.FuncCallExpr, scope: Scope, ctes: CteScope | null, agg: AggState | null): BoundExpr {
    if (agg === null || !agg.allowWindow) {
      throw new DbError(SqlState.WINDOWING_ERROR, 'window functions are not allowed in this context', { position: e.pos + 1 });
    }
    const name = e.name;
    let spec = e.over!;
    if (spec.ref !== undefined) {
      // OVER w / OVER (w ORDER BY …): the named window's partitioning, ordering and frame, refined
      const base = agg.namedWindows?.get(spec.ref);
      if (base === undefined) throw new DbError(SqlState.UNDEFINED_OBJECT, `window "${spec.ref}" does not exist`, { position: e.pos + 1 });
      if (spec.partitionBy.length > 0) throw new DbError(SqlState.WINDOWING_ERROR, `cannot override PARTITION BY clause of window "${spec.ref}"`, { position: e.pos + 1 });
      if (spec.orderBy.length > 0 && base.orderBy.length > 0) throw new DbError(SqlState.WINDOWING_ERROR, `cannot override ORDER BY clause of window "${spec.ref}"`, { position: e.pos + 1 });
      spec = { partitionBy: base.partitionBy, orderBy: spec.orderBy.length > 0 ? spec.orderBy : base.orderBy, frame: spec.frame ?? base.frame };
    }
    const inner: AggState = { ...agg, allowWindow: false };
    const args = e.star ? [] : e.args.map((a) => this.bindExpr(a, scope, ctes, inner));
    const partitionBy = spec.partitionBy.map((p) => this.bindExpr(p, scope, ctes, inner));
    const orderBy: SortKey[] = spec.orderBy.map((o) => ({ expr: this.bindExpr(o.expr, scope, ctes, inner), desc: o.desc, nullsFirst: o.nullsFirst ?? o.desc }));
    let func: WindowFunc;
    let type: DataType;
    let finalArgs = args;
    switch (name) {
      case 'row_number': case 'rank': case 'dense_rank': case 'ntile':
        func = name; type = 'bigint'; finalArgs = name === 'ntile' ? [castTo(args[0]!, 'bigint')] : [];
        break;
      case 'percent_rank': case 'cume_dist': func = name; type = 'double'; finalArgs = []; break;
      case 'lag': case 'lead':
        func = name; type = args[0]?.type ?? 'null';
        if (args.length < 1 || args.length > 3) throw new DbError(SqlState.UNDEFINED_FUNCTION, `function ${name} with ${args.length} arguments does not exist`, { position: e.pos + 1 });
        finalArgs = [args[0]!, args[1] === undefined ? { kind: 'const', type: 'bigint', value: 1n } : castTo(args[1], 'bigint')];
        if (args[2] !== undefined) {
          type = this.resultType(type, args[2], name, e.pos);
          finalArgs = [castTo(args[0]!, type), finalArgs[1]!, castTo(args[2], type)];
        }
        break;
      case 'first_value': case 'last_value': func = name; type = args[0]!.type; break;
      case 'nth_value': func = name; type = args[0]!.type; finalArgs = [args[0]!, castTo(args[1]!, 'bigint')]; break;
      default: {
        if (!AGGREGATES.has(name)) throw new DbError(SqlState.UNDEFINED_FUNCTION, `function ${name} is not a window function`, { position: e.pos + 1 });
        // aggregate over a window: bind like an aggregate to get the type
        const tmp: AggState = { groups: [], groupIds: [], aggs: [], windows: [], inAgg: false, active: false, allowAgg: true, allowWindow: false };
        this.bindAggregate({ ...e, over: null }, scope, ctes, tmp);
        const a = tmp.aggs[0]!;
        func = a.func; type = a.type; finalArgs = [...a.args];
        break;
      }
    }
    let frame = null;
    if (spec.frame !== null) {
      const fb = (b: A.FrameBound) => ({ kind: b.kind, offset: b.offset === null ? null : castTo(this.bindExpr(b.offset, new Scope(null), null, null, 'bigint'), 'bigint') });
      frame = { mode: spec.frame.mode, start: fb(spec.frame.start), end: fb(spec.frame.end) };
    }
    const id = this.newId(name, type === 'null' ? 'text' : type);
    const filter = e.filter === null ? null : castTo(this.bindExpr(e.filter, scope, ctes, inner, 'boolean'), 'boolean');
    if (filter !== null && !AGGREGATES.has(name)) {
      throw new DbError(SqlState.FEATURE_NOT_SUPPORTED, 'FILTER is not implemented for non-aggregate window functions', { position: e.pos + 1 });
    }
    agg.windows.push({ func, args: finalArgs, partitionBy, orderBy, frame, distinct: e.distinct, filter, type: type === 'null' ? 'text' : type, id });
    return { kind: 'col', type: type === 'null' ? 'text' : type, id };
  }

}

// ───────────────────────────── helpers ─────────────────────────────

function matchesQualifier(item: ScopeItem, qual: readonly string[]): boolean {
  for (const q of item.qualifiers) {
    if (q.length !== qual.length) continue;
    let ok = true;
    for (let i = 0; i < q.length; i++) if (q[i] !== qual[i]) { ok = false; break; }
    if (ok) return true;
  }
  return false;
}

function findColumnIn(items: readonly ScopeItem[], name: string): ScopeColumn | undefined {
  for (const it of items) for (const c of it.columns) if (c.name === name && !c.hidden) return c;
  return undefined;
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
  switch (q.kind) {
    case 'select': return q.from.some(visitFrom);
    case 'set_op': return referencesName(q.left, name) || referencesName(q.right, name);
    case 'values': return false;
  }
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

function opError(op: string, a: DataType | null, b: DataType, pos: number): DbError {
  const desc = a === null ? `${op} ${typeName(b)}` : `${typeName(a)} ${op} ${typeName(b)}`;
  return new DbError(SqlState.UNDEFINED_FUNCTION, `operator does not exist: ${desc}`, {
    position: pos + 1, hint: 'No operator matches the given name and argument types. You might need to add explicit type casts.',
  });
}

/** Binds a literal; `expected` types untyped string literals (PostgreSQL's "unknown"). */
function bindLiteral(e: A.LiteralExpr, expected?: DataType): BoundExpr {
  switch (e.type) {
    case 'null': return { kind: 'const', type: 'null', value: null };
    case 'boolean': return { kind: 'const', type: 'boolean', value: e.value as boolean };
    case 'integer': {
      const v = e.value;
      if (typeof v === 'bigint') {
        if (v >= -(2n ** 63n) && v < 2n ** 63n) return { kind: 'const', type: 'bigint', value: v };
        return { kind: 'const', type: 'double', value: Number(v) };
      }
      const n = v as number;
      if (n >= -2147483648 && n <= 2147483647) return { kind: 'const', type: 'integer', value: n };
      if (Number.isSafeInteger(n)) return { kind: 'const', type: 'bigint', value: BigInt(n) };
      return { kind: 'const', type: 'double', value: n };
    }
    case 'decimal': return { kind: 'const', type: 'double', value: e.value as number };
    case 'string': {
      const s = e.value as string;
      if (expected !== undefined && expected !== 'text' && expected !== 'null' && expected !== 'boolean' || expected === 'boolean') {
        try {
          return { kind: 'const', type: expected, value: castValue(s, 'text', expected) };
        } catch (err) {
          if (err instanceof DbError && err.position === undefined) err.position = e.pos + 1;
          throw err;
        }
      }
      return { kind: 'const', type: 'text', value: s };
    }
  }
}

/** Wraps an expression in a cast to `t` unless it already has that type. Constants fold. */
export function castTo(e: BoundExpr, t: DataType): BoundExpr {
  if (e.type === t) return e;
  if (e.kind === 'const') {
    if (e.value === null) return { kind: 'const', type: t, value: null };
    return { kind: 'const', type: t, value: castValue(e.value, e.type, t) };
  }
  if (e.kind === 'param') return { kind: 'cast', type: t, arg: e, maxLength: null };
  return { kind: 'cast', type: t, arg: e, maxLength: null };
}

function foldCast(e: BoundExpr & { kind: 'cast' }, pos: number): BoundExpr {
  const a = e.arg;
  if (a.kind === 'const') {
    try {
      if (a.value === null) return { kind: 'const', type: e.type, value: null };
      let v = castValue(a.value, a.type, e.type);
      if (e.maxLength !== null && typeof v === 'string' && v.length > e.maxLength) v = v.slice(0, e.maxLength);
      return { kind: 'const', type: e.type, value: v };
    } catch (err) {
      if (err instanceof DbError && err.position === undefined) err.position = pos + 1;
      throw err;
    }
  }
  if (a.type === e.type && e.maxLength === null) return a;
  return e;
}

function foldNeg(a: BoundExpr & { kind: 'const' }, pos: number): BoundExpr {
  const v = a.value;
  if (typeof v === 'number') {
    if (a.type === 'integer' && v === -2147483648) throw new DbError(SqlState.NUMERIC_VALUE_OUT_OF_RANGE, 'integer out of range', { position: pos + 1 });
    if (a.type === 'integer' && v === 2147483648) return { kind: 'const', type: 'integer', value: -2147483648 };
    return { kind: 'const', type: a.type, value: v === 0 ? 0 : -v };
  }
  if (typeof v === 'bigint') {
    const r = -v;
    if (r === -(2n ** 63n) - 0n && a.type === 'bigint' && v === 2n ** 63n) return { kind: 'const', type: 'bigint', value: r };
    if (r >= 2n ** 63n) throw new DbError(SqlState.NUMERIC_VALUE_OUT_OF_RANGE, 'bigint out of range', { position: pos + 1 });
    if (r >= -2147483648n && r <= 2147483647n && a.type === 'bigint' && v === 2147483648n) return { kind: 'const', type: 'integer', value: Number(r) };
    return { kind: 'const', type: a.type, value: r };
  }
  return { kind: 'neg', type: a.type, arg: a };
}





function foldLogic(e: BoundExpr & { kind: 'and' | 'or' }): BoundExpr {
  if (e.args.length === 1) return e.args[0]!;
  return e;
}

/** Structural equality of bound expressions (functions compared by name). */
export function exprEquals(a: BoundExpr, b: BoundExpr): boolean {
  if (a === b) return true;
  if (a.kind !== b.kind || a.type !== b.type) return false;
  switch (a.kind) {
    case 'const': {
      const bv = (b as typeof a).value;
      if (a.value instanceof Uint8Array || bv instanceof Uint8Array) return false;
      return a.value === bv;
    }
    case 'param': return a.index === (b as typeof a).index;
    case 'col': case 'outer': return a.id === (b as typeof a).id;
    case 'func': { const o = b as typeof a; return a.fn.name === o.fn.name && !a.fn.volatile && listEquals(a.args, o.args); }
    case 'arith': { const o = b as typeof a; return a.op === o.op && exprEquals(a.left, o.left) && exprEquals(a.right, o.right); }
    case 'cmp': { const o = b as typeof a; return a.op === o.op && exprEquals(a.left, o.left) && exprEquals(a.right, o.right); }
    case 'bitop': { const o = b as typeof a; return a.op === o.op && exprEquals(a.left, o.left) && (a.right === null ? o.right === null : o.right !== null && exprEquals(a.right, o.right)); }
    case 'concat': case 'nullif': { const o = b as typeof a; return exprEquals(a.left, o.left) && exprEquals(a.right, o.right); }
    case 'json_get': { const o = b as typeof a; return a.asText === o.asText && exprEquals(a.left, o.left) && exprEquals(a.right, o.right); }
    case 'distinct_from': { const o = b as typeof a; return a.negated === o.negated && exprEquals(a.left, o.left) && exprEquals(a.right, o.right); }
    case 'neg': case 'not': return exprEquals(a.arg, (b as typeof a).arg);
    case 'cast': return exprEquals(a.arg, (b as typeof a).arg) && a.maxLength === (b as typeof a).maxLength;
    case 'is_null': return a.negated === (b as typeof a).negated && exprEquals(a.arg, (b as typeof a).arg);
    case 'is_bool': { const o = b as typeof a; return a.negated === o.negated && a.value === o.value && exprEquals(a.arg, o.arg); }
    case 'and': case 'or': case 'coalesce': return listEquals(a.args, (b as typeof a).args);
    case 'in_list': { const o = b as typeof a; return a.negated === o.negated && exprEquals(a.arg, o.arg) && listEquals(a.list, o.list); }
    case 'like': {
      const o = b as typeof a;
      return a.negated === o.negated && a.ci === o.ci && exprEquals(a.arg, o.arg) && exprEquals(a.pattern, o.pattern)
        && (a.escape === null ? o.escape === null : o.escape !== null && exprEquals(a.escape, o.escape));
    }
    case 'case': {
      const o = b as typeof a;
      return a.whens.length === o.whens.length && a.whens.every((w, i) => exprEquals(w.when, o.whens[i]!.when) && exprEquals(w.then, o.whens[i]!.then)) && exprEquals(a.elseExpr, o.elseExpr);
    }
    case 'subquery': return false;
  }
}

function listEquals(a: readonly BoundExpr[], b: readonly BoundExpr[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!exprEquals(a[i]!, b[i]!)) return false;
  return true;
}

/** Rebuilds an expression with each direct child mapped. */
export function mapChildren(e: BoundExpr, f: (c: BoundExpr) => BoundExpr): BoundExpr {
  switch (e.kind) {
    case 'const': case 'param': case 'col': case 'outer': return e;
    case 'func': return { ...e, args: e.args.map(f) };
    case 'coalesce': return { ...e, args: e.args.map(f) };
    case 'and': case 'or': return { ...e, args: e.args.map(f) };
    case 'arith': return { ...e, left: f(e.left), right: f(e.right) };
    case 'cmp': return { ...e, left: f(e.left), right: f(e.right) };
    case 'bitop': return { ...e, left: f(e.left), right: e.right === null ? null : f(e.right) };
    case 'concat': return { ...e, left: f(e.left), right: f(e.right) };
    case 'nullif': return { ...e, left: f(e.left), right: f(e.right) };
    case 'json_get': return { ...e, left: f(e.left), right: f(e.right) };
    case 'distinct_from': return { ...e, left: f(e.left), right: f(e.right) };
    case 'neg': return { ...e, arg: f(e.arg) };
    case 'not': return { ...e, arg: f(e.arg) };
    case 'cast': return { ...e, arg: f(e.arg) };
    case 'is_null': return { ...e, arg: f(e.arg) };
    case 'is_bool': return { ...e, arg: f(e.arg) };
    case 'in_list': return { ...e, arg: f(e.arg), list: e.list.map(f) };
    case 'like': return { ...e, arg: f(e.arg), pattern: f(e.pattern), escape: e.escape === null ? null : f(e.escape) };
    case 'case': return { ...e, whens: e.whens.map((w) => ({ when: f(w.when), then: f(w.then) })), elseExpr: f(e.elseExpr) };
    case 'subquery': return { ...e, arg: e.arg === null ? null : f(e.arg) };
  }
}

/** Replaces outer references (by id) throughout a subquery plan. */
function remapOuter(plan: LogicalPlan, remap: ReadonlyMap<number, number>): LogicalPlan {
  const fx = (e: BoundExpr): BoundExpr => {
    if (e.kind === 'outer') {
      const id = remap.get(e.id);
      return id === undefined ? e : { ...e, id };
    }
    if (e.kind === 'subquery') {
      return { ...e, arg: e.arg === null ? null : fx(e.arg), plan: remapOuter(e.plan, remap), correlated: e.correlated.map((id) => remap.get(id) ?? id) };
    }
    return mapChildren(e, fx);
  };
  return mapPlanExprs(plan, fx, (p) => remapOuter(p, remap));
}

/** Applies `fx` to every expression of a plan node and `fp` to its inputs. */
export function mapPlanExprs(p: LogicalPlan, fx: (e: BoundExpr) => BoundExpr, fp: (p: LogicalPlan) => LogicalPlan): LogicalPlan {
  const sk = (k: SortKey): SortKey => ({ ...k, expr: fx(k.expr) });
  switch (p.kind) {
    case 'scan': return { ...p, filters: p.filters.map(fx) };
    case 'values': return { ...p, rows: p.rows.map((r) => r.map(fx)) };
    case 'filter': return { ...p, input: fp(p.input), predicate: fx(p.predicate) };
    case 'project': return { ...p, input: fp(p.input), exprs: p.exprs.map(fx) };
    case 'join': return { ...p, left: fp(p.left), right: fp(p.right), on: p.on === null ? null : fx(p.on) };
    case 'aggregate': return {
      ...p, input: fp(p.input), groups: p.groups.map(fx),
      aggs: p.aggs.map((a) => ({ ...a, args: a.args.map(fx), filter: a.filter === null ? null : fx(a.filter), orderBy: a.orderBy.map(sk) })),
    };
    case 'window': return {
      ...p, input: fp(p.input),
      calls: p.calls.map((c) => ({ ...c, args: c.args.map(fx), partitionBy: c.partitionBy.map(fx), orderBy: c.orderBy.map(sk), filter: c.filter === null ? null : fx(c.filter) })),
    };
    case 'sort': return { ...p, input: fp(p.input), keys: p.keys.map(sk) };
    case 'limit': return { ...p, input: fp(p.input) };
    case 'distinct': return { ...p, input: fp(p.input), on: p.on.map(fx) };
    case 'setop': return { ...p, left: fp(p.left), right: fp(p.right) };
    case 'cte_scan': return p;
    case 'recursive_cte': return { ...p, anchor: fp(p.anchor), recursive: fp(p.recursive) };
    case 'function_scan': return { ...p, args: p.args.map(fx) };
  }
}

export { Scope as BindScope, bindLiteral };
