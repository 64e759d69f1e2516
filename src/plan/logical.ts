/**
 * Bound expressions and logical plan nodes. Names are resolved, types are known, and every
 * column flowing between nodes has a global numeric id (so rewrites can move nodes without
 * renumbering). Nodes are plain data with a `kind`; the physical planner turns them into
 * operators (`plan/physical.ts`).
 */
import type { TableDefinition } from '../schema/table-def.ts';
import type { AggFunc, AggregateSpec, FrameSpec, WindowFunc, WindowSpec } from '../exec/call-spec.ts';
import type { ScalarFunction } from '../exec/expr/function-registry.ts';
import type { ArithOp } from '../exec/kernels/arith.ts';
import type { CmpOp } from '../exec/kernels/compare.ts';
import type { JoinType } from '../exec/ops/hash-join.ts';
import type { CteSlot } from '../exec/ops/recursive-cte.ts';
import type { TableStorage } from '../storage/table-storage.ts';
import type { DataType } from '../types/data-type.ts';
import type { JsValue } from '../types/vector.ts';

/** The operators, functions and work tables of bound plans are those the executor implements. */
export type { AggFunc, ArithOp, CmpOp, CteSlot, WindowFunc };

/** A bound (typed, resolved) expression. */
export type BoundExpr =
  | { readonly kind: 'const'; readonly type: DataType; readonly value: JsValue }
  | { readonly kind: 'param'; readonly type: DataType; readonly index: number }
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
  | { readonly kind: 'cast'; readonly type: DataType; readonly arg: BoundExpr; readonly maxLength: number | null }
  | { readonly kind: 'coalesce'; readonly type: DataType; readonly args: readonly BoundExpr[] }
  | { readonly kind: 'nullif'; readonly type: DataType; readonly left: BoundExpr; readonly right: BoundExpr }
  | { readonly kind: 'concat'; readonly type: 'text'; readonly left: BoundExpr; readonly right: BoundExpr }
  | { readonly kind: 'json_get'; readonly type: DataType; readonly left: BoundExpr; readonly right: BoundExpr; readonly asText: boolean }
  | SubqueryExpr;

/** A subquery used as an expression. */
export interface SubqueryExpr {
  readonly kind: 'subquery';
  readonly type: DataType;
  readonly mode: 'scalar' | 'exists' | 'in';
  readonly plan: LogicalPlan;
  /** For IN: the left operand, compared with the subquery's single column. */
  readonly arg: BoundExpr | null;
  readonly negated: boolean;
  /** Ids of outer columns the subquery reads (empty when uncorrelated). */
  readonly correlated: readonly number[];
}

/** One aggregate computed by an aggregate node. */
export interface AggCall extends AggregateSpec {
  readonly args: readonly BoundExpr[];
  readonly filter: BoundExpr | null;
  readonly orderBy: readonly SortKey[];
  /** Output column id. */
  readonly id: number;
}

/** Frame of a window call. */
export interface BoundFrame extends FrameSpec {
  readonly start: { readonly kind: string; readonly offset: BoundExpr | null };
  readonly end: { readonly kind: string; readonly offset: BoundExpr | null };
}

/** One window function computed by a window node. */
export interface WindowCall extends WindowSpec {
  readonly args: readonly BoundExpr[];
  readonly partitionBy: readonly BoundExpr[];
  readonly orderBy: readonly SortKey[];
  readonly frame: BoundFrame | null;
  readonly filter: BoundExpr | null;
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

/** Collects the column ids an expression reads (outer refs included when `withOuter`). */
export function collectColumns(e: BoundExpr, out: Set<number>, withOuter = false): Set<number> {
  switch (e.kind) {
    case 'col': out.add(e.id); break;
    case 'outer': if (withOuter) out.add(e.id); break;
    case 'const': case 'param': break;
    case 'func': case 'coalesce': for (const a of e.args) collectColumns(a, out, withOuter); break;
    case 'and': case 'or': for (const a of e.args) collectColumns(a, out, withOuter); break;
    case 'arith': case 'cmp': case 'distinct_from': case 'nullif': case 'concat': case 'json_get':
      collectColumns(e.left, out, withOuter); collectColumns(e.right, out, withOuter); break;
    case 'bitop': collectColumns(e.left, out, withOuter); if (e.right) collectColumns(e.right, out, withOuter); break;
    case 'neg': case 'not': case 'is_null': case 'is_bool': case 'cast': collectColumns(e.arg, out, withOuter); break;
    case 'in_list': collectColumns(e.arg, out, withOuter); for (const a of e.list) collectColumns(a, out, withOuter); break;
    case 'like': collectColumns(e.arg, out, withOuter); collectColumns(e.pattern, out, withOuter); if (e.escape) collectColumns(e.escape, out, withOuter); break;
    case 'case':
      for (const w of e.whens) { collectColumns(w.when, out, withOuter); collectColumns(w.then, out, withOuter); }
      collectColumns(e.elseExpr, out, withOuter); break;
    case 'subquery':
      if (e.arg) collectColumns(e.arg, out, withOuter);
      for (const id of e.correlated) out.add(id);
      break;
  }
  return out;
}

/** True when the expression (transitively) contains a volatile function or a subquery. */
export function isVolatile(e: BoundExpr): boolean {
  switch (e.kind) {
    case 'func': return e.fn.volatile || e.args.some(isVolatile);
    case 'subquery': return true;
    case 'const': case 'param': case 'col': case 'outer': return false;
    case 'coalesce': case 'and': case 'or': return e.args.some(isVolatile);
    case 'arith': case 'cmp': case 'distinct_from': case 'nullif': case 'concat': case 'json_get':
      return isVolatile(e.left) || isVolatile(e.right);
    case 'bitop': return isVolatile(e.left) || (e.right !== null && isVolatile(e.right));
    case 'neg': case 'not': case 'is_null': case 'is_bool': case 'cast': return isVolatile(e.arg);
    case 'in_list': return isVolatile(e.arg) || e.list.some(isVolatile);
    case 'like': return isVolatile(e.arg) || isVolatile(e.pattern) || (e.escape !== null && isVolatile(e.escape));
    case 'case': return e.whens.some((w) => isVolatile(w.when) || isVolatile(w.then)) || isVolatile(e.elseExpr);
  }
}

/** Splits an expression into its AND conjuncts. */
export function conjuncts(e: BoundExpr | null, out: BoundExpr[] = []): BoundExpr[] {
  if (e === null) return out;
  if (e.kind === 'and') for (const a of e.args) conjuncts(a, out);
  else out.push(e);
  return out;
}

/** Joins conjuncts back with AND (null when empty). */
export function andAll(parts: readonly BoundExpr[]): BoundExpr | null {
  if (parts.length === 0) return null;
  if (parts.length === 1) return parts[0]!;
  return { kind: 'and', type: 'boolean', args: parts };
}
