/**
 * Bound expressions and logical plan nodes. Names are resolved, types are known, and every
 * column flowing between nodes has a global numeric id (so rewrites can move nodes without
 * renumbering). Nodes are plain data with a `kind`; the physical planner turns them into
 * operators (`plan/physical.ts`).
 */
import type { TableDefinition } from '../schema/table-def.ts';
import type { AggFunc } from '../exec/aggregates/index.ts';
import type { ScalarFunction } from '../exec/expr/function-registry.ts';
import type { ArithOp } from '../exec/kernels/arith.ts';
import type { CmpOp } from '../exec/kernels/compare.ts';
import type { JoinType } from '../exec/ops/hash-join.ts';
import type { CteSlot } from '../exec/ops/recursive-cte.ts';
import type { WindowFunc } from '../exec/ops/window.ts';
import type { TableStorage } from '../storage/table-storage.ts';
import type { DataType } from '../types/data-type.ts';
import type { NumericTypmod } from '../types/numeric-value.ts';
import type { JsValue } from '../types/vector.ts';

/** The operators, functions and work tables of bound plans are those the executor implements. */
export type { AggFunc, ArithOp, CmpOp, CteSlot, WindowFunc };

/** A bound (typed, resolved) expression. */
export type BoundExpr =
  | { readonly kind: 'const'; readonly type: DataType; readonly value: JsValue }
  /**
   * `finalType` is set on an occurrence bound before anything typed the parameter (it reads as
   * text): it gives the type binding settled on, whose value this occurrence turns into text.
   */
  | { readonly kind: 'param'; readonly type: DataType; readonly index: number; readonly finalType?: () => DataType | undefined }
  | { readonly kind: 'col'; readonly type: DataType; readonly id: number }
  | { readonly kind: 'outer'; readonly type: DataType; readonly id: number }
  | { readonly kind: 'func'; readonly type: DataType; readonly fn: ScalarFunction; readonly args: readonly BoundExpr[] }
  | { readonly kind: 'arith'; readonly type: DataType; readonly op: ArithOp; readonly left: BoundExpr; readonly right: BoundExpr }
  | { readonly kind: 'neg'; readonly type: DataType; readonly arg: BoundExpr }
  | { readonly kind: 'bitop'; readonly type: DataType; readonly op: '&' | '|' | '<<' | '>>' | '~'; readonly left: BoundExpr; readonly right: BoundExpr | null }
  | { readonly kind: 'cmp'; readonly type: 'boolean'; readonly op: CmpOp; readonly left: BoundExpr; readonly right: BoundExpr }
  | { readonly kind: 'and'; readonly type: 'boolean'; readonly args: readonly BoundExpr[] }
  | { readonly kind: 'or'; readonly type: 'boolean'; readonly args: readonly BoundExpr[] }
  | { readonly kind: 'not'; readonly type: 'boolean'; readonly arg: BoundExpr }
  | { readonly kind: 'is_null'; readonly type: 'boolean'; readonly arg: BoundExpr; readonly negated: boolean }
  | { readonly kind: 'is_bool'; readonly type: 'boolean'; readonly arg: BoundExpr; readonly value: boolean | null; readonly negated: boolean }
  | { readonly kind: 'distinct_from'; readonly type: 'boolean'; readonly left: BoundExpr; readonly right: BoundExpr; readonly negated: boolean }
  | { readonly kind: 'in_list'; readonly type: 'boolean'; readonly arg: BoundExpr; readonly list: readonly BoundExpr[]; readonly negated: boolean }
  | { readonly kind: 'like'; readonly type: 'boolean'; readonly arg: BoundExpr; readonly pattern: BoundExpr; readonly escape: BoundExpr | null; readonly negated: boolean; readonly ci: boolean }
  | { readonly kind: 'case'; readonly type: DataType; readonly whens: readonly { readonly when: BoundExpr; readonly then: BoundExpr }[]; readonly elseExpr: BoundExpr }
  | { readonly kind: 'cast'; readonly type: DataType; readonly arg: BoundExpr; readonly maxLength: number | null; readonly typmod?: NumericTypmod }
  | { readonly kind: 'coalesce'; readonly type: DataType; readonly args: readonly BoundExpr[] }
  | { readonly kind: 'nullif'; readonly type: DataType; readonly left: BoundExpr; readonly right: BoundExpr }
  | { readonly kind: 'concat'; readonly type: 'text' | 'bytes'; readonly left: BoundExpr; readonly right: BoundExpr }
  | { readonly kind: 'json_get'; readonly type: DataType; readonly left: BoundExpr; readonly right: BoundExpr; readonly asText: boolean }
  /**
   * `body` with `value` computed once, read by `let_ref`s in `body`. Holds the operand that
   * `x BETWEEN a AND b`, `CASE x WHEN …` or `x < ANY (ARRAY[…])` compares several times, so a
   * complex operand is neither evaluated nor rewritten once per use (see `withShared`).
   */
  | { readonly kind: 'let'; readonly type: DataType; readonly value: BoundExpr; readonly body: BoundExpr }
  /** The value of an enclosing `let`: `up` = 0 the nearest one, 1 the one around it, … */
  | { readonly kind: 'let_ref'; readonly type: DataType; readonly up: number }
  | SubqueryExpr;

/** A subquery used as an expression. */
export interface SubqueryExpr {
  readonly kind: 'subquery';
  readonly type: DataType;
  /** `any`/`all`: `arg op ANY|ALL (subquery)` (IN is `= ANY`, NOT IN `<> ALL`). */
  readonly mode: 'scalar' | 'exists' | 'in' | 'any' | 'all';
  readonly plan: LogicalPlan;
  /** For IN, ANY and ALL: the left operand, compared with the subquery's single column. */
  readonly arg: BoundExpr | null;
  /** For ANY and ALL: the comparison operator. */
  readonly op?: CmpOp;
  readonly negated: boolean;
  /** Ids of outer columns the subquery reads (empty when uncorrelated). */
  readonly correlated: readonly number[];
}

/** One aggregate computed by an aggregate node. */
export interface AggCall {
  readonly func: AggFunc;
  readonly args: readonly BoundExpr[];
  readonly distinct: boolean;
  readonly filter: BoundExpr | null;
  readonly orderBy: readonly SortKey[];
  readonly type: DataType;
  /** Output column id. */
  readonly id: number;
}

/** Frame of a window call. */
export interface BoundFrame {
  readonly mode: 'rows' | 'range' | 'groups';
  readonly start: { readonly kind: string; readonly offset: BoundExpr | null };
  readonly end: { readonly kind: string; readonly offset: BoundExpr | null };
}

/** One window function computed by a window node. */
export interface WindowCall {
  readonly func: WindowFunc;
  readonly args: readonly BoundExpr[];
  readonly partitionBy: readonly BoundExpr[];
  readonly orderBy: readonly SortKey[];
  readonly frame: BoundFrame | null;
  readonly distinct: boolean;
  readonly filter: BoundExpr | null;
  readonly type: DataType;
  readonly id: number;
}

/** A sort key. */
export interface SortKey {
  readonly expr: BoundExpr;
  readonly desc: boolean;
  readonly nullsFirst: boolean;
}

/** Join kinds of the logical plan (semi/anti come from subquery decorrelation). */
export type LogicalJoinType = JoinType;

/** Logical plan nodes. */
export type LogicalPlan =
  | LogicalScan
  | LogicalValues
  | LogicalFilter
  | LogicalProject
  | LogicalJoin
  | LogicalAggregate
  | LogicalWindow
  | LogicalSort
  | LogicalLimit
  | LogicalDistinct
  | LogicalSetOp
  | LogicalCteScan
  | LogicalRecursiveCte
  | LogicalFunctionScan;

/** Reads a table (a partition chosen by the access context), with pushed-down conjuncts. */
export interface LogicalScan {
  readonly kind: 'scan';
  readonly storage: TableStorage;
  readonly def: TableDefinition;
  /** Alias or table name, for EXPLAIN. */
  readonly alias: string;
  /** Table column positions read, aligned with `ids`. */
  readonly cols: readonly number[];
  readonly ids: readonly number[];
  readonly filters: readonly BoundExpr[];
  /** When set, the scan also outputs each row's position under this id (DML targets). */
  readonly rowIdId?: number;
}

/** Constant rows. */
export interface LogicalValues {
  readonly kind: 'values';
  readonly rows: readonly (readonly BoundExpr[])[];
  readonly ids: readonly number[];
}

export interface LogicalFilter {
  readonly kind: 'filter';
  readonly input: LogicalPlan;
  readonly predicate: BoundExpr;
  readonly ids: readonly number[];
}

export interface LogicalProject {
  readonly kind: 'project';
  readonly input: LogicalPlan;
  readonly exprs: readonly BoundExpr[];
  readonly ids: readonly number[];
}

export interface LogicalJoin {
  readonly kind: 'join';
  readonly joinType: LogicalJoinType;
  readonly left: LogicalPlan;
  readonly right: LogicalPlan;
  readonly on: BoundExpr | null;
  /** left ids then right ids (semi/anti: left ids only). */
  readonly ids: readonly number[];
}

export interface LogicalAggregate {
  readonly kind: 'aggregate';
  readonly input: LogicalPlan;
  readonly groups: readonly BoundExpr[];
  readonly groupIds: readonly number[];
  readonly aggs: readonly AggCall[];
  /** groupIds then agg ids. */
  readonly ids: readonly number[];
}

export interface LogicalWindow {
  readonly kind: 'window';
  readonly input: LogicalPlan;
  readonly calls: readonly WindowCall[];
  /** input ids then call ids. */
  readonly ids: readonly number[];
}

export interface LogicalSort {
  readonly kind: 'sort';
  readonly input: LogicalPlan;
  readonly keys: readonly SortKey[];
  readonly ids: readonly number[];
}

export interface LogicalLimit {
  readonly kind: 'limit';
  readonly input: LogicalPlan;
  readonly limit: BoundExpr | null;
  readonly offset: BoundExpr | null;
  readonly ids: readonly number[];
}

export interface LogicalDistinct {
  readonly kind: 'distinct';
  readonly input: LogicalPlan;
  /** DISTINCT ON expressions (empty for plain DISTINCT). */
  readonly on: readonly BoundExpr[];
  readonly ids: readonly number[];
}

export interface LogicalSetOp {
  readonly kind: 'setop';
  readonly op: 'union' | 'intersect' | 'except';
  readonly all: boolean;
  readonly left: LogicalPlan;
  readonly right: LogicalPlan;
  readonly ids: readonly number[];
}

/** Reads a CTE's work table. */
export interface LogicalCteScan {
  readonly kind: 'cte_scan';
  readonly slot: CteSlot;
  /** Fresh ids for this reference, aligned with slot.ids. */
  readonly ids: readonly number[];
}

/** `WITH RECURSIVE`: anchor, then the recursive term until no new rows. */
export interface LogicalRecursiveCte {
  readonly kind: 'recursive_cte';
  readonly slot: CteSlot;
  readonly anchor: LogicalPlan;
  readonly recursive: LogicalPlan;
  readonly unionAll: boolean;
  readonly ids: readonly number[];
}

/** A table function (generate_series). */
export interface LogicalFunctionScan {
  readonly kind: 'function_scan';
  readonly name: string;
  readonly args: readonly BoundExpr[];
  readonly ids: readonly number[];
}

/** Per-id column facts collected by the binder. */
export interface ColumnMeta {
  readonly name: string;
  readonly type: DataType;
}
