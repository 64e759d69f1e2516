/**
 * The binder's shared vocabulary, below every other `bind/` file: the session facts a statement
 * is bound against ({@link BindContext}), name-resolution scopes ({@link Scope}), CTEs, bound
 * queries, the aggregation state of a SELECT, and {@link BinderApi} — the per-statement state and
 * recursive entry points that the concern files call each other through. Binding SQL is mutually
 * recursive (expressions contain subqueries, queries contain expressions, FROM contains derived
 * tables); the concern files never import each other for those calls, they go through the
 * `BinderApi` they are given, which `binder.ts` implements by wiring the files together. This
 * keeps the import graph of `plan/` acyclic.
 */
import type * as A from '../../sql/ast.ts';
import type { Catalog } from '../../catalog/catalog.ts';
import type { TableDefinition, ViewDefinition } from '../../schema/table-def.ts';
import type { TableStorage } from '../../storage/table-storage.ts';
import type { DataType } from '../../types/data-type.ts';
import type { AggCall, BoundExpr, ColumnMeta, CteSlot, LogicalPlan, WindowCall } from '../logical.ts';

/** What the binder needs to know about the session. */
export interface BindContext {
  readonly catalog: Catalog;
  /** Current namespace (for unqualified names). */
  readonly namespace: string;
  readonly user: string;
  readonly role: string;
  /** Resolves `system.*` tables (provided by the engine). */
  readonly systemTable?: (name: string) => TableStorage | undefined;
  /** Called for every table the statement reads (access checks). */
  readonly onTableRead?: (def: TableDefinition) => void;
  /**
   * Literals to bind as parameters (shared query shapes): literal node → parameter index.
   * Numeric literals get their literal's type; string literals are typed by context.
   */
  readonly literalParams?: ReadonlyMap<A.LiteralExpr, number>;
  /** Parses a view's stored SQL (cached by the engine). */
  readonly parseView: (sql: string, view: ViewDefinition) => A.Query;
}

/** A column visible in a scope. */
export interface ScopeColumn {
  readonly name: string;
  readonly id: number;
  readonly type: DataType;
  readonly hidden: boolean;
}

/** One FROM item's columns under its alias. */
export interface ScopeItem {
  readonly alias: string;
  /** Qualifier parts that also match (e.g. ['ns', 't']). */
  readonly qualifiers: readonly (readonly string[])[];
  readonly columns: readonly ScopeColumn[];
}

/**
 * A JOIN's columns as unqualified names see them (PostgreSQL's join RTE): the merged USING /
 * NATURAL columns first, then the left side's others, then the right side's others.
 */
export interface JoinEntry {
  /** The join's FROM items are `scope.items[first .. end)`. */
  readonly first: number;
  readonly end: number;
  readonly columns: readonly ScopeColumn[];
}

/** A name-resolution scope: one query level (resolution itself lives in `scope.ts`). */
export class Scope {
  items: ScopeItem[] = [];
  /** Outer column ids this level (or its subqueries) reads from enclosing levels. */
  readonly correlated = new Set<number>();
  /** Ids of columns produced at this level (for correlation detection). */
  readonly localIds = new Set<number>();
  /**
   * JOINs (not comma lists) of this level by their first item; once an enclosing join is bound
   * it replaces the inner ones starting at the same item, so the widest join is found.
   */
  readonly joins = new Map<number, JoinEntry>();
  /** While a JOIN's ON clause is bound: only `items[first .. end)` are visible at this level. */
  visible: { readonly first: number; readonly end: number } | null = null;
  constructor(readonly parent: Scope | null) {}
}

/** A bound query: its plan and its output columns. */
export interface BoundQuery {
  readonly plan: LogicalPlan;
  readonly names: readonly string[];
  readonly ids: readonly number[];
  readonly types: readonly DataType[];
}

/** A CTE visible while binding. */
export interface CteDef {
  readonly name: string;
  readonly columns: readonly string[];
  readonly query: A.Query;
  /** Set for recursive CTEs being bound (self-references read the slot). */
  slot: CteSlot | null;
  slotTypes: readonly DataType[] | null;
  slotNames: readonly string[] | null;
  /** Its position in its WITH list. */
  readonly index: number;
  /**
   * The CTEs its body sees: the earlier ones of its list and those around it (PostgreSQL's
   * rule); under WITH RECURSIVE every one of its list, itself included.
   */
  readonly scope: CteScope;
  /** Set once a FROM item refers to it (an unreferenced CTE is still bound once, to check it). */
  used?: boolean;
}

/**
 * The CTEs visible at a query level: the first `limit` entries of one WITH list, then the
 * levels around it. Each CTE body gets its own view of the shared list (no copies), so a long
 * WITH list costs linear time.
 */
export class CteScope {
  constructor(readonly parent: CteScope | null, readonly list: ReadonlyMap<string, CteDef>, readonly limit: number) {}

  /** The CTE a name refers to here, or undefined. */
  get(name: string): CteDef | undefined {
    for (let s: CteScope | null = this; s !== null; s = s.parent) {
      const d = s.list.get(name);
      if (d !== undefined && d.index < s.limit) return d;
    }
    return undefined;
  }

  /** True when a CTE of this name exists at some level but cannot be referenced from here. */
  hides(name: string): boolean {
    for (let s: CteScope | null = this; s !== null; s = s.parent) if (s.list.has(name)) return true;
    return false;
  }
}

/** Aggregation state while binding one SELECT. */
export interface AggState {
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
  /** The clause named by the error when a window function is not allowed (HAVING …). */
  windowContext?: string;
  /** Named windows of the SELECT (`WINDOW w AS (…)`). */
  namedWindows?: ReadonlyMap<string, A.WindowSpec>;
}

/**
 * One statement's binder as the `bind/` files see it: its state (column-id space, parameter
 * types, correlation tracking, recursive CTEs) and the recursive entry points. Implemented by
 * `Binder` in `binder.ts`.
 */
export interface BinderApi {
  readonly ctx: BindContext;
  /** Column facts by id. */
  readonly columns: ColumnMeta[];
  /** Parameter types by index (1-based), inferred from use. */
  readonly paramTypes: (DataType | undefined)[];
  /** Ids of outer columns referenced while binding the current subquery (`expr.ts`). */
  correlationTracker: Set<number> | null;
  /** Recursive CTEs whose bodies are being bound (`query.ts`). */
  readonly bindingRecursive: Set<CteDef>;
  /** Recursive CTEs already built, by definition (`query.ts`). */
  readonly builtRecursive: Map<CteDef, LogicalPlan>;
  /** CTEs whose bodies are being bound into a reference (a cycle among them is an error, `query.ts`). */
  readonly inliningCtes: Set<CteDef>;
  /** Allocates a new column id. */
  newId(name: string, type: DataType): number;
  /** The type of a column id. */
  typeOf(id: number): DataType;
  /** Binds a query at the top level or as a subquery of `outer` (its WITH clause included). */
  bindQuery(q: A.Query, outer?: Scope | null, ctes?: CteScope | null): BoundQuery;
  /** Binds a SELECT query block (its WITH clause is already in `ctes`). */
  bindSelect(q: A.SelectQuery, outer: Scope | null, ctes: CteScope | null): BoundQuery;
  /** Binds one FROM item into `scope` with the CTEs of its query level. */
  bindFromItem(item: A.FromItem, scope: Scope, ctes: CteScope | null): LogicalPlan;
  /** Binds one FROM item into `scope` (UPDATE … FROM, DELETE … USING). */
  bindFrom(item: A.FromItem, scope: Scope): LogicalPlan;
  /**
   * Binds an expression. `agg` is the aggregation state when aggregates are allowed (select
   * list, HAVING, ORDER BY); `expected` types untyped literals and parameters.
   */
  bindExpr(e: A.Expr, scope: Scope, ctes: CteScope | null, agg: AggState | null, expected?: DataType, noAggClause?: string): BoundExpr;
  /** Binds a boolean condition (WHERE, ON, HAVING). */
  bindPredicate(e: A.Expr, scope: Scope, ctes: CteScope | null, clause: string, agg?: AggState | null): BoundExpr;
  /** Resolves `[ns.]name` to a namespace and a name. */
  resolveName(n: A.QualifiedName): { ns: string; name: string };
}
