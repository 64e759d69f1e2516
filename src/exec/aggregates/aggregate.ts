/**
 * The contract of an aggregate function. One {@link AggregateDef} holds everything about one
 * aggregate: its type rule (what the binder checks and casts), its grouped computation (the
 * hash aggregate's typed-array accumulators), its value over a window frame, and how partial
 * results combine for eager aggregation. Families of related aggregates share a file
 * (`count.ts`, `sum-avg.ts`, …); `index.ts` is the registry.
 *
 * Shared pieces live here: DISTINCT's row selection for the grouped path and the row visit of
 * a frame (FILTER, NULLs, DISTINCT) for the window path.
 */
import type { DataType } from '../../types/data-type.ts';
import { valueAt, type JsValue, type Vector } from '../../types/vector.ts';
import { groupRows } from '../kernels/key-table.ts';

/** The aggregates a plan can compute, by plan name (`count_star` is COUNT(*)). */
export type AggFunc = 'count' | 'count_star' | 'sum' | 'avg' | 'total' | 'min' | 'max' | 'string_agg' | 'bool_and' | 'bool_or';

/** What the binder does with a call: cast the arguments, type the result. */
export interface AggregateSignature {
  /** Types to cast the arguments to; longer than the call's arguments when trailing ones have defaults. */
  readonly args: readonly DataType[];
  /** Values of the trailing arguments the call omitted, in order (`group_concat(x)`'s `','`). */
  readonly defaults: readonly JsValue[];
  readonly result: DataType;
}

/** A three-way comparison of two batch rows (an aggregate's ORDER BY). */
export type RowOrder = (a: number, b: number) => number;

/** The rows of one batch an aggregate accumulates, grouped. */
export interface GroupInput {
  /** The argument vectors, positioned like the batch. */
  readonly args: readonly Vector[];
  /** Group id of every batch row. */
  readonly gids: Int32Array;
  /** Batch rows the aggregate sees (after FILTER and DISTINCT), or null for rows 0..count-1. */
  readonly rows: Int32Array | null;
  /** How many rows it sees. */
  readonly count: number;
  /** Number of groups (the result's length). */
  readonly groups: number;
  /** Rows per group, when the grouping pass counted them and no FILTER narrowed the rows. */
  readonly groupSizes: Float64Array | null;
  /** Result type (from binding). */
  readonly type: DataType;
  /** The aggregate's ORDER BY as a row comparator (built on demand), or null. */
  readonly order: (() => RowOrder) | null;
}

/**
 * One window frame an aggregate is evaluated over. The window operator reuses one object per
 * call and moves `from`/`to` row by row (no allocation per row).
 */
export interface FrameInput {
  /** The argument vectors, positioned like the batch. */
  readonly args: readonly Vector[];
  /** Batch rows in window order; the frame is `order[from..to)`. */
  readonly order: Int32Array;
  from: number;
  to: number;
  /** FILTER: 1 for each batch row that passes, or null. */
  readonly pass: Uint8Array | null;
  readonly distinct: boolean;
  /** Result type (from binding). */
  readonly type: DataType;
}

/**
 * An aggregate over window frames that move forward: window positions enter at the frame's end
 * and leave from its start, both in window order, so consecutive frames cost O(1) amortized
 * instead of O(frame) each. One per window call, over the call's {@link FrameInput}.
 */
export interface FrameAccumulator {
  /** Empties it (the next frame is built from scratch). */
  reset(): void;
  /** Window position `t` (an index into `order`) enters at the end of the frame. */
  add(t: number): void;
  /**
   * Window position `t`, the earliest still in the frame, leaves. False, before changing
   * anything, when the aggregate cannot take a value out: the caller then rebuilds the frame.
   */
  remove(t: number): boolean;
  /** The aggregate over the positions in the frame (NULL as null). */
  result(): JsValue;
}

/** An aggregate function: binding, grouped computation, window frames, eager aggregation. */
export interface AggregateDef {
  /** The plan name. */
  readonly func: AggFunc;
  /** SQL names that call it (none for COUNT(*), which the binder picks for `count(*)`). */
  readonly names: readonly string[];
  /** The signature for these argument types (`name` is the SQL name used), or null: no such function (42883). */
  resolve(name: string, args: readonly DataType[]): AggregateSignature | null;
  /**
   * Eager aggregation: the aggregate that combines partial results into the final one (COUNT's
   * partial counts are summed), or null when partials cannot be combined.
   */
  readonly combine: AggFunc | null;
  /** One result per group. */
  group(input: GroupInput): Vector;
  /** The result over one window frame (NULL as null). */
  frame(input: FrameInput): JsValue;
  /** An accumulator over moving frames, or null where there is none (DISTINCT): `frame` per frame then. */
  accumulator(input: FrameInput): FrameAccumulator | null;
}

/** The signature of a one-argument aggregate (null for other arities or when `result` rejects the type). */
export function unary(args: readonly DataType[], result: (t: DataType) => DataType | null, cast?: DataType): AggregateSignature | null {
  if (args.length !== 1) return null;
  const r = result(args[0]!);
  return r === null ? null : { args: [cast ?? args[0]!], defaults: [], result: r };
}

/**
 * DISTINCT: the rows that are the first of their (group, value) pair, in order (`rows` null:
 * all `n` rows).
 */
export function distinctRows(v: Vector, gids: Int32Array, rows: Int32Array | null, n: number): Int32Array {
  // grouped by (group id, value), NULLs equal: each pair's first row, in order of first appearance
  const g: Vector = { type: 'integer', length: n, data: gids.length === n ? gids : gids.subarray(0, n), nulls: null };
  const pairs = groupRows([g, v], n, rows);
  return pairs.first.length === pairs.count ? pairs.first : pairs.first.slice(0, pairs.count);
}

/**
 * The value frame position `t` contributes to an aggregate: undefined when FILTER rejects the
 * row, the value is NULL, or (with `seen`, for DISTINCT) it was seen before in this frame.
 */
export function frameValueAt(f: FrameInput, v: Vector, t: number, seen: Set<unknown> | null): JsValue | undefined {
  const row = f.order[t]!;
  if (f.pass !== null && f.pass[row] === 0) return undefined;
  const x = valueAt(v, row);
  if (x === null) return undefined;
  if (seen !== null) {
    if (seen.has(x)) return undefined;
    seen.add(x);
  }
  return x;
}

/**
 * The batch row at window position `t` when it counts for an aggregate of `v` (FILTER passes and,
 * with `v`, the value is not NULL), else -1.
 */
export function frameRowAt(f: FrameInput, v: Vector | null, t: number): number {
  const row = f.order[t]!;
  if (f.pass !== null && f.pass[row] === 0) return -1;
  if (v !== null && (v.type === 'null' || (v.nulls !== null && v.nulls[row] === 1))) return -1;
  return row;
}

/** The DISTINCT set of one frame, or null. */
export function frameSeen(f: FrameInput): Set<unknown> | null {
  return f.distinct ? new Set<unknown>() : null;
}

/** A null bitmap marking the groups that got no value (null when every group has one). */
export function nullsWhereMissing(has: Uint8Array): Uint8Array | null {
  let any = false;
  const nulls = new Uint8Array(has.length);
  for (let g = 0; g < has.length; g++) if (has[g] === 0) { nulls[g] = 1; any = true; }
  return any ? nulls : null;
}
