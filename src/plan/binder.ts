/**
 * The binder: resolves names in a query AST against the catalog, infers and checks types,
 * and builds the logical plan. Errors: 42P01 unknown table, 42703 unknown column, 42702
 * ambiguous column, 42883 unknown function/operator, 42803 grouping errors, 42804 type
 * mismatches — each with the position of the offending token.
 *
 * This file holds the per-statement state ({@link Binder}: the column-id space, parameter
 * types, correlation tracking) and the query dispatch, and is the only file that imports the
 * concern files: the binding itself lives in `bind/` by concern, each file importing only
 * `bind/context.ts` (shared types and the {@link BinderApi} it recurses through) and the helper
 * files below it, so the import graph stays acyclic: `scope.ts` (name resolution), `query.ts` (WITH, set operations, VALUES, LIMIT),
 * `select.ts` (SELECT and grouping), `from.ts` (FROM and joins), `expr.ts` (expressions),
 * `functions.ts` (functions, aggregates, windows), `coerce.ts` (types and casts), `fold.ts`
 * (constant folding) and `dml.ts` (INSERT / UPDATE / DELETE).
 */
import type * as A from '../sql/ast.ts';
import { DbError } from '../errors/db-error.ts';
import { SqlState } from '../errors/sqlstate.ts';
import type { DataType } from '../types/data-type.ts';
import type { BoundExpr, ColumnMeta, LogicalPlan } from './logical.ts';
import type { AggState, BindContext, BinderApi, BoundQuery, CteDef, CteScope, Scope } from './bind/context.ts';
import { bindExpr, bindPredicate } from './bind/expr.ts';
import { bindFromItem } from './bind/from.ts';
import { bindSetOp, bindValuesQuery, bindWith, checkUnusedCtes } from './bind/query.ts';
import { resolveName } from './bind/scope.ts';
import { bindSelect } from './bind/select.ts';

export type { BindContext, BoundQuery } from './bind/context.ts';
export { Scope as BindScope } from './bind/context.ts';

/**
 * Query levels (subqueries, derived tables, CTE and view bodies) one statement may nest: binding
 * recurses per level, and beyond this 54001 comes before the engine's stack runs out.
 */
const MAX_QUERY_DEPTH = 400;

/**
 * Binds statements of one session. One instance per statement (it owns the column-id space).
 * It is the {@link BinderApi} the `bind/` files recurse through: each entry point delegates to
 * the file of its concern.
 */
export class Binder implements BinderApi {
  /** Column facts by id. */
  readonly columns: ColumnMeta[] = [];
  /** Parameter types by index (1-based), inferred from use. */
  readonly paramTypes: (DataType | undefined)[] = [];
  /** Ids of outer columns referenced while binding the current subquery (`bind/expr.ts`). */
  correlationTracker: Set<number> | null = null;
  /** Recursive CTEs whose bodies are being bound, and those already built (`bind/query.ts`). */
  readonly bindingRecursive = new Set<CteDef>();
  readonly builtRecursive = new Map<CteDef, LogicalPlan>();
  readonly inliningCtes = new Set<CteDef>();
  private depth = 0;

  constructor(readonly ctx: BindContext) {}

  /** Allocates a new column id. */
  newId(name: string, type: DataType): number {
    this.columns.push({ name, type });
    return this.columns.length - 1;
  }

  /** The type of a column id. */
  typeOf(id: number): DataType {
    return this.columns[id]!.type;
  }

  /** Binds a query at the top level or as a subquery of `outer`. */
  bindQuery(q: A.Query, outer: Scope | null = null, ctes: CteScope | null = null): BoundQuery {
    if (++this.depth > MAX_QUERY_DEPTH) {
      throw new DbError(SqlState.STATEMENT_TOO_COMPLEX, 'stack depth limit exceeded', { hint: 'The query nests subqueries too deeply.' });
    }
    try {
      let cteScope = ctes;
      if (q.with !== null) cteScope = bindWith(this, q.with, cteScope);
      let bound: BoundQuery;
      switch (q.kind) {
        case 'select': bound = bindSelect(this, q, outer, cteScope); break;
        case 'set_op': bound = bindSetOp(this, q, outer, cteScope); break;
        case 'values': bound = bindValuesQuery(this, q, outer, cteScope); break;
      }
      if (q.with !== null) checkUnusedCtes(this, q.with, cteScope!);
      return bound;
    } finally {
      this.depth--;
    }
  }

  /** Binds a SELECT query block (its WITH clause is already in `ctes`). */
  bindSelect(q: A.SelectQuery, outer: Scope | null, ctes: CteScope | null): BoundQuery {
    return bindSelect(this, q, outer, ctes);
  }

  /** Binds one FROM item into `scope` with the CTEs of its query level. */
  bindFromItem(item: A.FromItem, scope: Scope, ctes: CteScope | null): LogicalPlan {
    return bindFromItem(this, item, scope, ctes);
  }

  /** Binds one FROM item into `scope` (UPDATE … FROM, DELETE … USING). */
  bindFrom(item: A.FromItem, scope: Scope): LogicalPlan {
    return bindFromItem(this, item, scope, null);
  }

  /**
   * Binds an expression. `agg` is the aggregation state when aggregates are allowed (select
   * list, HAVING, ORDER BY); `expected` types untyped literals and parameters.
   */
  bindExpr(e: A.Expr, scope: Scope, ctes: CteScope | null, agg: AggState | null, expected?: DataType, noAggClause?: string): BoundExpr {
    return bindExpr(this, e, scope, ctes, agg, expected, noAggClause);
  }

  /** Binds a boolean condition (WHERE, ON, HAVING). */
  bindPredicate(e: A.Expr, scope: Scope, ctes: CteScope | null, clause: string, agg: AggState | null = null): BoundExpr {
    return bindPredicate(this, e, scope, ctes, clause, agg);
  }

  /** Resolves `[ns.]name` to a namespace and a name. */
  resolveName(n: A.QualifiedName): { ns: string; name: string } {
    return resolveName(this, n);
  }
}
