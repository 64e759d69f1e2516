/**
 * Test support for the aggregate families: runs an aggregate the way the engine does (the
 * binder's `resolve`, then the hash aggregate's FILTER → DISTINCT → `group`, or the window
 * operator's `frame`) on JS values, and reads the results back. Not used by the engine.
 */
import { DbError } from '../../errors/db-error.ts';
import { SqlState } from '../../errors/sqlstate.ts';
import type { DataType } from '../../types/data-type.ts';
import { valueAt, vectorFromValues, type JsValue, type Vector } from '../../types/vector.ts';
import { distinctRows, type AggregateDef, type AggregateSignature, type RowOrder } from './aggregate.ts';
import { COUNT_STAR } from './count.ts';
import { aggregateNamed } from './index.ts';

/** An argument column: its type and one value per row. */
export type Arg = readonly [DataType, readonly JsValue[]];

/** How the rows are grouped and narrowed. */
export interface GroupOptions {
  /** Group id per row (default: one group). */
  readonly gids?: readonly number[];
  /** FILTER (WHERE …) result per row. */
  readonly filter?: readonly boolean[];
  readonly distinct?: boolean;
  /** The aggregate's ORDER BY, as a comparison of row numbers. */
  readonly order?: RowOrder;
  /** Pass the grouping pass's per-group row counts (as the hash aggregate does without FILTER). */
  readonly groupSizes?: boolean;
}

/** The result of {@link groupAggregate}: the result type and one value per group. */
export interface GroupResult {
  readonly type: DataType;
  readonly values: JsValue[];
}

/** Finds an aggregate by SQL name (`count(*)` for COUNT(*)) and resolves it, or throws 42883. */
export function resolveAggregate(name: string, types: readonly DataType[]): { def: AggregateDef; sig: AggregateSignature } {
  const def = name === 'count(*)' ? COUNT_STAR : aggregateNamed(name);
  const sig = def?.resolve(name, types) ?? null;
  if (def === undefined || sig === null) throw new DbError(SqlState.UNDEFINED_FUNCTION, `function ${name} does not exist`);
  return { def, sig };
}

/** The argument vectors of a call: given columns cast by type, omitted ones from the defaults. */
function argVectors(sig: AggregateSignature, args: readonly Arg[], n: number): Vector[] {
  return sig.args.map((t, i) => {
    if (i < args.length) {
      const [type, values] = args[i]!;
      if (type !== t && type !== 'null') throw new DbError(SqlState.DATATYPE_MISMATCH, `test argument ${i} is ${type}, the signature wants ${t}`);
      return vectorFromValues(type, values);
    }
    return vectorFromValues(t, new Array<JsValue>(n).fill(sig.defaults[i - args.length]!));
  });
}

/** Runs aggregate `name` over `n` rows grouped by `opts.gids`; returns one value per group. */
export function groupAggregate(name: string, args: readonly Arg[], n: number, opts: GroupOptions = {}): GroupResult {
  const { def, sig } = resolveAggregate(name, args.map((a) => a[0]));
  const vs = argVectors(sig, args, n);
  const gids = Int32Array.from(opts.gids ?? new Array<number>(n).fill(0));
  let groups = 1;
  for (const g of gids) groups = Math.max(groups, g + 1);
  let rows: Int32Array | null = null;
  if (opts.filter !== undefined) rows = Int32Array.from(opts.filter.flatMap((pass, i) => (pass ? [i] : [])));
  if (opts.distinct === true && vs.length > 0 && vs[0]!.type !== 'null') rows = distinctRows(vs[0]!, gids, rows, n);
  let groupSizes: Float64Array | null = null;
  if (opts.groupSizes === true && rows === null) {
    groupSizes = new Float64Array(groups);
    for (const g of gids) groupSizes[g]!++;
  }
  const order = opts.order;
  const out = def.group({
    args: vs, gids, rows, count: rows === null ? n : rows.length, groups, groupSizes, type: sig.result,
    order: order === undefined ? null : () => order,
  });
  return { type: out.type, values: Array.from({ length: out.length }, (_, g) => valueAt(out, g)) };
}

/** How the window frames are formed. */
export interface FrameOptions {
  /** Rows in window order (default: 0..n-1). */
  readonly order?: readonly number[];
  /** FILTER (WHERE …) result per row. */
  readonly filter?: readonly boolean[];
  readonly distinct?: boolean;
}

/** Evaluates aggregate `name` over each frame `[from, to)` of window positions. */
export function frameAggregate(name: string, args: readonly Arg[], n: number, frames: readonly (readonly [number, number])[], opts: FrameOptions = {}): JsValue[] {
  const { def, sig } = resolveAggregate(name, args.map((a) => a[0]));
  const order = Int32Array.from(opts.order ?? Array.from({ length: n }, (_, i) => i));
  const pass = opts.filter === undefined ? null : Uint8Array.from(opts.filter.map((p) => (p ? 1 : 0)));
  const input = { args: argVectors(sig, args, n), order, from: 0, to: 0, pass, distinct: opts.distinct === true, type: sig.result };
  return frames.map(([from, to]) => {
    input.from = from;
    input.to = to;
    return def.frame(input);
  });
}

/**
 * Evaluates aggregate `name` over frames `[from, to)` that move forward, through its accumulator:
 * positions are added at the end and removed from the start (rebuilt only when the aggregate
 * cannot remove, or the frames do not move forward), as the window operator slides frames.
 */
export function slideAggregate(name: string, args: readonly Arg[], n: number, frames: readonly (readonly [number, number])[], opts: FrameOptions = {}): JsValue[] {
  const { def, sig } = resolveAggregate(name, args.map((a) => a[0]));
  const order = Int32Array.from(opts.order ?? Array.from({ length: n }, (_, i) => i));
  const pass = opts.filter === undefined ? null : Uint8Array.from(opts.filter.map((p) => (p ? 1 : 0)));
  const input = { args: argVectors(sig, args, n), order, from: 0, to: 0, pass, distinct: opts.distinct === true, type: sig.result };
  const acc = def.accumulator(input);
  if (acc === null) throw new DbError(SqlState.FEATURE_NOT_SUPPORTED, `${name} has no accumulator here`);
  let cs = 0, ce = 0;
  return frames.map(([s, e]) => {
    let rebuild = s < cs || e < ce || s > ce;
    if (!rebuild) {
      for (let t = ce; t < e; t++) acc.add(t);
      for (let t = cs; t < s && !rebuild; t++) rebuild = !acc.remove(t);
    }
    if (rebuild) {
      acc.reset();
      for (let t = s; t < e; t++) acc.add(t);
    }
    cs = s;
    ce = e;
    return acc.result();
  });
}
