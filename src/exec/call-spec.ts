/**
 * What the aggregate and window operators need to know about each call they compute: the
 * function, its result type, DISTINCT and the window frame's shape. The planner's bound calls
 * (`AggCall`, `WindowCall` in plan/logical.ts) extend these with their bound expressions, which
 * the planner compiles into evaluators; the operators never see plan types.
 */
import type { DataType } from '../types/data-type.ts';

/** Aggregate functions. */
export type AggFunc = 'count' | 'count_star' | 'sum' | 'avg' | 'min' | 'max' | 'total' | 'string_agg' | 'bool_and' | 'bool_or' | 'array_agg';

/** One aggregate as the aggregate operator sees it. */
export interface AggregateSpec {
  readonly func: AggFunc;
  readonly distinct: boolean;
  readonly type: DataType;
}

/** Window functions (aggregates may also be used as window functions). */
export type WindowFunc =
  | 'row_number' | 'rank' | 'dense_rank' | 'percent_rank' | 'cume_dist' | 'ntile'
  | 'lag' | 'lead' | 'first_value' | 'last_value' | 'nth_value' | AggFunc;

/** The shape of a window frame (its offsets are compiled separately). */
export interface FrameSpec {
  readonly mode: 'rows' | 'range' | 'groups';
  readonly start: { readonly kind: string };
  readonly end: { readonly kind: string };
}

/** One window function as the window operator sees it. */
export interface WindowSpec {
  readonly func: WindowFunc;
  readonly frame: FrameSpec | null;
  readonly distinct: boolean;
  readonly type: DataType;
}
