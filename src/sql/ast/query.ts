/**
 * Queries and the expressions inside them: the `Expr` union (literals, operators, CASE, CAST,
 * calls with their window specs) and the `Query` union (SELECT, set operations, VALUES) with
 * their parts (select items, FROM items, WITH). One file, because each nests the other
 * (subqueries in expressions, expressions in every clause) and files may not import each
 * other both ways. `../ast.ts` re-exports the whole vocabulary.
 */
import type { TypeSpec } from '../../types/data-type.ts';

/** A possibly qualified name: `t`, `ns.t`. `parts` has one or two (or three) elements. */
export interface QualifiedName {
  readonly parts: readonly string[];
  readonly pos: number;
}

// ─────────────────────────────── Expressions ───────────────────────────────

/** Every expression node. */
export type Expr =
  | LiteralExpr
  | ParamExpr
  | ColumnRefExpr
  | StarExpr
  | UnaryExpr
  | BinaryExpr
  | IsNullExpr
  | IsBoolExpr
  | IsDistinctExpr
  | BetweenExpr
  | InListExpr
  | InSubqueryExpr
  | QuantifiedExpr
  | ExistsExpr
  | SubqueryExpr
  | LikeExpr
  | CaseExpr
  | CastExpr
  | FuncCallExpr
  | ArrayExpr;

/** A constant. `value` is `null` for NULL; integers that fit in 2^53 are numbers, larger ones bigints. */
export interface LiteralExpr {
  readonly kind: 'literal';
  readonly pos: number;
  readonly type: 'null' | 'boolean' | 'integer' | 'decimal' | 'string';
  /** The value: null, boolean, number (integer or decimal), bigint (big integer), or string. */
  readonly value: null | boolean | number | bigint | string;
  /** The literal as written (for decimals and big integers: exact digits). */
  readonly raw?: string;
}

/** `$n`, 1-based. */
export interface ParamExpr {
  readonly kind: 'param';
  readonly pos: number;
  readonly index: number;
}

/** `col`, `t.col`, `ns.t.col`. `name` is the column, `table` the qualifier parts (may be empty). */
export interface ColumnRefExpr {
  readonly kind: 'column';
  readonly pos: number;
  readonly table: readonly string[];
  readonly name: string;
}

/** `*` or `t.*` in a select list, or the argument of `count(*)`. */
export interface StarExpr {
  readonly kind: 'star';
  readonly pos: number;
  readonly table: readonly string[];
}

/** Prefix operators. */
export type UnaryOp = '-' | '+' | 'NOT' | '~';

export interface UnaryExpr {
  readonly kind: 'unary';
  readonly pos: number;
  readonly op: UnaryOp;
  readonly operand: Expr;
}

/** Infix operators. `->` / `->>` are JSON access; `||` concatenation. */
export type BinaryOp =
  | '+' | '-' | '*' | '/' | '%'
  | '=' | '<>' | '<' | '<=' | '>' | '>='
  | 'AND' | 'OR'
  | '||' | '->' | '->>'
  | '&' | '|' | '<<' | '>>';

export interface BinaryExpr {
  readonly kind: 'binary';
  readonly pos: number;
  readonly op: BinaryOp;
  readonly left: Expr;
  readonly right: Expr;
}

/** `x IS [NOT] NULL` (also `ISNULL`, `NOTNULL`). */
export interface IsNullExpr {
  readonly kind: 'is_null';
  readonly pos: number;
  readonly operand: Expr;
  readonly negated: boolean;
}

/** `x IS [NOT] TRUE|FALSE|UNKNOWN`. */
export interface IsBoolExpr {
  readonly kind: 'is_bool';
  readonly pos: number;
  readonly operand: Expr;
  readonly value: boolean | null;
  readonly negated: boolean;
}

/** `a IS [NOT] DISTINCT FROM b`. */
export interface IsDistinctExpr {
  readonly kind: 'is_distinct';
  readonly pos: number;
  readonly left: Expr;
  readonly right: Expr;
  /** true for IS NOT DISTINCT FROM. */
  readonly negated: boolean;
}

/** `x [NOT] BETWEEN [SYMMETRIC] lo AND hi`. */
export interface BetweenExpr {
  readonly kind: 'between';
  readonly pos: number;
  readonly operand: Expr;
  readonly low: Expr;
  readonly high: Expr;
  readonly negated: boolean;
  readonly symmetric: boolean;
}

/** `x [NOT] IN (a, b, …)`. */
export interface InListExpr {
  readonly kind: 'in_list';
  readonly pos: number;
  readonly operand: Expr;
  readonly list: readonly Expr[];
  readonly negated: boolean;
}

/** `x [NOT] IN (SELECT …)`. */
export interface InSubqueryExpr {
  readonly kind: 'in_subquery';
  readonly pos: number;
  readonly operand: Expr;
  readonly query: Query;
  readonly negated: boolean;
}

/** Comparison operators a quantified comparison may use. */
export type QuantifiedOp = '=' | '<>' | '<' | '<=' | '>' | '>=';

/**
 * `x op ANY (SELECT …)`, `x op ALL (SELECT …)` (SOME is ANY), or the same over a list
 * `x op ANY (ARRAY[a, b, …])`: exactly one of `query` and `list` is set.
 */
export interface QuantifiedExpr {
  readonly kind: 'quantified';
  readonly pos: number;
  readonly op: QuantifiedOp;
  readonly quantifier: 'any' | 'all';
  readonly operand: Expr;
  readonly query: Query | null;
  readonly list: readonly Expr[] | null;
}

/** `[NOT] EXISTS (SELECT …)`. */
export interface ExistsExpr {
  readonly kind: 'exists';
  readonly pos: number;
  readonly query: Query;
  readonly negated: boolean;
}

/** A scalar subquery `(SELECT …)`. */
export interface SubqueryExpr {
  readonly kind: 'subquery';
  readonly pos: number;
  readonly query: Query;
}

/** `x [NOT] LIKE|ILIKE pattern [ESCAPE e]`. */
export interface LikeExpr {
  readonly kind: 'like';
  readonly pos: number;
  readonly operand: Expr;
  readonly pattern: Expr;
  readonly escape: Expr | null;
  readonly negated: boolean;
  readonly caseInsensitive: boolean;
}

/** `CASE [operand] WHEN … THEN … [ELSE …] END`. */
export interface CaseExpr {
  readonly kind: 'case';
  readonly pos: number;
  readonly operand: Expr | null;
  readonly whens: readonly { readonly when: Expr; readonly then: Expr }[];
  readonly elseExpr: Expr | null;
}

/** `CAST(x AS t)` or `x::t`. */
export interface CastExpr {
  readonly kind: 'cast';
  readonly pos: number;
  readonly operand: Expr;
  readonly target: TypeSpec;
  /** true when written `x::t` (printing only). */
  readonly shorthand: boolean;
}

/** Window specification of `f(...) OVER (...)`. */
export interface WindowSpec {
  readonly partitionBy: readonly Expr[];
  readonly orderBy: readonly OrderItem[];
  readonly frame: WindowFrame | null;
  /** `OVER w` or `OVER (w …)`: the named window (from `WINDOW w AS (…)`) this one builds on. */
  readonly ref?: string;
}

export type FrameBoundKind = 'unbounded_preceding' | 'preceding' | 'current_row' | 'following' | 'unbounded_following';

export interface FrameBound {
  readonly kind: FrameBoundKind;
  /** The offset for `n PRECEDING` / `n FOLLOWING`. */
  readonly offset: Expr | null;
}

export interface WindowFrame {
  readonly mode: 'rows' | 'range' | 'groups';
  readonly start: FrameBound;
  readonly end: FrameBound;
}

/**
 * A function call, aggregate or window function: `f(args)`, `count(*)`,
 * `count(DISTINCT x)`, `sum(x) FILTER (WHERE …)`, `string_agg(x, ',' ORDER BY y)`,
 * `row_number() OVER (…)`. Special forms (`CURRENT_TIMESTAMP`, `CURRENT_USER`, `NOW()`,
 * `COALESCE`, `NULLIF`, `EXTRACT(f FROM x)` → `extract('f', x)`) are calls too.
 */
export interface FuncCallExpr {
  readonly kind: 'func';
  readonly pos: number;
  /** Lower-cased function name (qualifier dropped). */
  readonly name: string;
  readonly args: readonly Expr[];
  /** `count(*)`. */
  readonly star: boolean;
  readonly distinct: boolean;
  readonly filter: Expr | null;
  /** ORDER BY inside the argument list (string_agg). */
  readonly orderBy: readonly OrderItem[];
  readonly over: WindowSpec | null;
}

/** `ARRAY[…]` or a parenthesised row `(a, b)` used with IN. */
export interface ArrayExpr {
  readonly kind: 'array';
  readonly pos: number;
  readonly items: readonly Expr[];
}

// ─────────────────────────────── Queries ───────────────────────────────

/** `expr [ASC|DESC] [NULLS FIRST|LAST]`. */
export interface OrderItem {
  readonly expr: Expr;
  readonly desc: boolean;
  /** null: the default (NULLS LAST for ASC, FIRST for DESC, as PostgreSQL). */
  readonly nullsFirst: boolean | null;
}

/** One item of a select list: `expr [AS alias]`, `*`, `t.*`. */
export interface SelectItem {
  readonly expr: Expr;
  readonly alias: string | null;
  readonly pos: number;
}

/** Every FROM-clause item. */
export type FromItem = TableRef | SubqueryRef | JoinRef | ValuesRef | FunctionRef;

/** A named table or view, `[ns.]t [AS] alias [(c1, c2)]`. */
export interface TableRef {
  readonly kind: 'table_ref';
  readonly pos: number;
  readonly name: QualifiedName;
  readonly alias: string | null;
  readonly columnAliases: readonly string[];
}

/** A derived table `(SELECT …) [AS] alias [(c1, c2)]`. */
export interface SubqueryRef {
  readonly kind: 'subquery_ref';
  readonly pos: number;
  readonly query: Query;
  readonly alias: string | null;
  readonly columnAliases: readonly string[];
  readonly lateral: boolean;
}

/** `(VALUES …) [AS] alias (c1, …)`. */
export interface ValuesRef {
  readonly kind: 'values_ref';
  readonly pos: number;
  readonly values: ValuesQuery;
  readonly alias: string | null;
  readonly columnAliases: readonly string[];
}

/** A table function in FROM, `generate_series(1, 10) [AS] g(x)`. */
export interface FunctionRef {
  readonly kind: 'function_ref';
  readonly pos: number;
  readonly func: FuncCallExpr;
  readonly alias: string | null;
  readonly columnAliases: readonly string[];
}

export type JoinType = 'inner' | 'left' | 'right' | 'full' | 'cross';

/** `a [NATURAL] {INNER|LEFT|RIGHT|FULL|CROSS} JOIN b [ON … | USING (…)]`; a comma join is `cross` with `comma`. */
export interface JoinRef {
  readonly kind: 'join_ref';
  readonly pos: number;
  readonly joinType: JoinType;
  readonly left: FromItem;
  readonly right: FromItem;
  readonly on: Expr | null;
  readonly using: readonly string[] | null;
  readonly natural: boolean;
  /** Written `a, b`. */
  readonly comma: boolean;
}

/** A common table expression `name [(cols)] AS [NOT] [MATERIALIZED] (query)`. */
export interface Cte {
  readonly name: string;
  readonly columns: readonly string[];
  readonly query: Query;
  readonly pos: number;
}

export interface WithClause {
  readonly recursive: boolean;
  readonly ctes: readonly Cte[];
}

/** A query expression: SELECT, a set operation, or VALUES, optionally with WITH/ORDER BY/LIMIT. */
export type Query = SelectQuery | SetOpQuery | ValuesQuery;

/** Clauses shared by all query forms. */
interface QueryTail {
  readonly with: WithClause | null;
  readonly orderBy: readonly OrderItem[];
  readonly limit: Expr | null;
  readonly offset: Expr | null;
}

export interface SelectQuery extends QueryTail {
  readonly kind: 'select';
  readonly pos: number;
  readonly distinct: boolean;
  /** `DISTINCT ON (…)`, empty when absent. */
  readonly distinctOn: readonly Expr[];
  readonly items: readonly SelectItem[];
  readonly from: readonly FromItem[];
  readonly where: Expr | null;
  readonly groupBy: readonly Expr[];
  readonly having: Expr | null;
  /** Named windows `WINDOW w AS (…)`. */
  readonly windows: readonly { readonly name: string; readonly spec: WindowSpec }[];
}

export type SetOp = 'union' | 'intersect' | 'except';

export interface SetOpQuery extends QueryTail {
  readonly kind: 'set_op';
  readonly pos: number;
  readonly op: SetOp;
  readonly all: boolean;
  readonly left: Query;
  readonly right: Query;
}

export interface ValuesQuery extends QueryTail {
  readonly kind: 'values';
  readonly pos: number;
  readonly rows: readonly (readonly Expr[])[];
}

/** The expression kinds, for exhaustive tables. */
export type ExprKind = Expr['kind'];
