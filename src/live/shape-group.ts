/**
 * Grouped filtering of incremental live queries that share one plan and differ only in their
 * parameter values (a thousand clients each watching `WHERE room = $1 AND id > $2` with their
 * own values). Instead of running the compiled filter once per subscription over the few rows a
 * commit changed, the filter is compiled once more with each parameter read from a column, and
 * run once over a cross batch: every changed row repeated once per subscription, next to that
 * subscription's parameter values. The rows that pass, split back by subscription, are each
 * subscription's matches, exactly as its own filter would have found them.
 *
 * Only filters whose parameters appear as operands of comparisons, IN lists, LIKE, IS NULL and
 * the logical operators are grouped (there a parameter and a column of its values select the
 * same rows); anything else,
 * and any failure of the cross evaluation, leaves the subscriptions to their own filters, so a
 * grouped filter never decides differently and never raises an error the subscription's own
 * filter would not.
 *
 * @example
 * ```ts
 * const g = GroupFilter.of(plan);                 // null: filter each subscription alone
 * const per = g!.run(view.newBatch, rows.newSel, [sub1.params, sub2.params], ctx);
 * per[1];                                                // new-image positions sub2's filter passes
 * ```
 */
import { DbError } from '../errors/db-error.ts';
import { SqlState } from '../errors/sqlstate.ts';
import type { ExecContext } from '../exec/context.ts';
import type { RowFilter } from '../exec/expr/evaluator.ts';
import { compileFilter, type CompileEnv } from '../plan/compile-expr.ts';
import type { BoundExpr } from '../plan/logical.ts';
import { exprSome } from '../plan/plan-tree.ts';
import type { DataType } from '../types/data-type.ts';
import { allocData, gather, vectorFromValues, type Batch, type JsValue, type Vector } from '../types/vector.ts';
import type { LivePlan } from './host.ts';
import { incrementalShape, type IncrementalShape } from './incremental.ts';

/** Rows of one cross batch at most (changed rows × subscriptions); larger groups run in chunks. */
export const MAX_CROSS_ROWS = 4096;

/** A parameter read from a column of the cross batch. */
interface ParamSlot {
  /** Parameter number ($1 is 1). */
  readonly index: number;
  readonly type: DataType;
  /** Id of the column in the rewritten filter. */
  readonly id: number;
}

const NO_ROWS = new Int32Array(0);

/** Subqueries never reach the incremental path; compiling one would be a bug. */
const NO_PLANS: CompileEnv = {
  compilePlan() {
    throw new DbError(SqlState.INTERNAL_ERROR, 'internal error: a subquery in a grouped live query');
  },
};

/** A parameter occurrence a column can stand for: typed by its first use, as the value was coerced. */
function plainParam(e: BoundExpr, paramTypes: readonly (DataType | undefined)[]): e is BoundExpr & { kind: 'param' } {
  if (e.kind !== 'param') return false;
  if (paramTypes[e.index] !== e.type) return false;
  return e.finalType === undefined || e.finalType() === e.type;
}

/**
 * The filter with each parameter replaced by a column reference, or null when a parameter sits
 * anywhere but under AND, OR, NOT, IS [NOT] NULL, IS [NOT] TRUE/FALSE, a comparison, an IN list
 * or a LIKE (under a function, an arithmetic operator or a CASE a parameter is evaluated
 * eagerly, once per call, which a column is not).
 */
function rewrite(e: BoundExpr, paramTypes: readonly (DataType | undefined)[], slots: Map<number, ParamSlot>): BoundExpr | null {
  if (plainParam(e, paramTypes)) {
    let slot = slots.get(e.index);
    if (slot === undefined) {
      slot = { index: e.index, type: e.type, id: -1 - slots.size };
      slots.set(e.index, slot);
    }
    return { kind: 'col', type: e.type, id: slot.id };
  }
  const r = (x: BoundExpr): BoundExpr | null => rewrite(x, paramTypes, slots);
  const all = (xs: readonly BoundExpr[]): BoundExpr[] | null => {
    const out: BoundExpr[] = [];
    for (const x of xs) {
      const y = r(x);
      if (y === null) return null;
      out.push(y);
    }
    return out;
  };
  switch (e.kind) {
    case 'and': case 'or': {
      const args = all(e.args);
      return args === null ? null : { ...e, args };
    }
    case 'not': case 'is_null': case 'is_bool': {
      const arg = r(e.arg);
      return arg === null ? null : { ...e, arg };
    }
    case 'cmp': case 'distinct_from': {
      const left = r(e.left), right = r(e.right);
      return left === null || right === null ? null : { ...e, left, right };
    }
    case 'in_list': {
      const arg = r(e.arg), list = all(e.list);
      return arg === null || list === null ? null : { ...e, arg, list };
    }
    case 'like': {
      const arg = r(e.arg), pattern = r(e.pattern), esc = e.escape === null ? null : r(e.escape);
      return arg === null || pattern === null || (e.escape !== null && esc === null) ? null : { ...e, arg, pattern, escape: esc };
    }
    default:
      // any other node: kept only when no parameter (or subquery) is inside it
      return exprSome(e, (x) => x.kind === 'param' || x.kind === 'subquery') ? null : e;
  }
}

/** True when a parameter occurs anywhere in the expression. */
function hasParam(e: BoundExpr): boolean {
  return exprSome(e, (x) => x.kind === 'param');
}

/** Ids of the columns an expression reads. */
function columnIds(e: BoundExpr): Set<number> {
  const ids = new Set<number>();
  exprSome(e, (x) => {
    if (x.kind === 'col') ids.add(x.id);
    return false;
  });
  return ids;
}

const CACHE = new WeakMap<LivePlan, GroupFilter | null>();

/** The filter of one plan, run for many subscriptions' parameter values at once. */
export class GroupFilter {
  private constructor(
    private readonly filter: RowFilter,
    /** Table columns the filter reads. */
    private readonly cols: readonly number[],
    private readonly slots: readonly ParamSlot[],
    /** Table width: parameter columns follow the table's. */
    private readonly width: number,
    /** True when the projections read no parameter: subscriptions with the same matches have the same change. */
    readonly sharedProjection: boolean,
    /** Highest parameter number the filter reads (0: none). */
    readonly maxParam: number,
  ) {}

  /**
   * The grouped filter of a plan (cached per plan), or null when its subscriptions must each
   * run their own filter: no filter, or a parameter the rewrite cannot turn into a column.
   */
  static of(plan: LivePlan): GroupFilter | null {
    let g = CACHE.get(plan);
    if (g === undefined) {
      const shape = incrementalShape(plan.plan);
      g = shape === null ? null : GroupFilter.build(plan, shape);
      CACHE.set(plan, g);
    }
    return g;
  }

  private static build(plan: LivePlan, shape: IncrementalShape): GroupFilter | null {
    if (shape.filters.length === 0) return null;
    const slots = new Map<number, ParamSlot>();
    const pred = rewrite(shape.filters.length === 1 ? shape.filters[0]! : { kind: 'and', type: 'boolean', args: shape.filters }, plan.paramTypes, slots);
    if (pred === null) return null;
    const width = shape.scan.def.columns.length;
    const layout = new Map<number, number>();
    shape.scan.ids.forEach((id, i) => { layout.set(id, shape.scan.cols[i]!); });
    const list = [...slots.values()];
    list.forEach((s, k) => { layout.set(s.id, width + k); });
    const read = columnIds(pred);
    const cols = [...new Set(shape.scan.cols.filter((_, i) => read.has(shape.scan.ids[i]!)))].sort((a, b) => a - b);
    const maxParam = list.reduce((m, s) => Math.max(m, s.index), 0);
    return new GroupFilter(compileFilter(pred, layout, NO_PLANS), cols, list, width, !shape.exprs.some(hasParam), maxParam);
  }

  /**
   * For each subscription (its bound parameters, index 0 unused), the positions among `sel`
   * (ascending positions of `batch`) that pass its filter. Throws what the cross evaluation
   * throws: the caller then filters each subscription alone.
   */
  run(batch: Batch, sel: Int32Array, params: readonly (readonly JsValue[])[], ctx: ExecContext): Int32Array[] {
    const m = sel.length;
    const n = params.length;
    const out = new Array<Int32Array>(n);
    if (m === 0) return out.fill(NO_ROWS);
    if (this.slots.length === 0) return out.fill(this.filter(batch, sel, ctx));
    const chunk = Math.max(1, Math.floor(MAX_CROSS_ROWS / m));
    for (let s0 = 0; s0 < n; s0 += chunk) {
      const c = Math.min(chunk, n - s0);
      const len = c * m;
      const rows = new Int32Array(len);
      if (m === 1) rows.fill(sel[0]!);
      else for (let k = 0; k < c; k++) rows.set(sel, k * m);
      const columns = new Array<Vector>(this.width + this.slots.length);
      for (const col of this.cols) columns[col] = gather(batch.columns[col]!, rows);
      for (let p = 0; p < this.slots.length; p++) columns[this.width + p] = paramColumn(this.slots[p]!, params, s0, c, m);
      const pass = this.filter({ length: len, columns }, null, ctx);
      splitBySubscription(pass, sel, m, c, s0, out);
    }
    return out;
  }
}

/** The values of one parameter for subscriptions s0 … s0+c-1, each repeated `m` times. */
function paramColumn(slot: ParamSlot, params: readonly (readonly JsValue[])[], s0: number, c: number, m: number): Vector {
  const len = c * m;
  const type = slot.type;
  if (type === 'numeric' || type === 'null') {
    const values = new Array<JsValue>(len);
    for (let k = 0; k < c; k++) values.fill(params[s0 + k]![slot.index] ?? null, k * m, (k + 1) * m);
    return vectorFromValues(type, values);
  }
  const data = allocData(type, len) as unknown as { fill(v: unknown, from: number, to: number): void; [i: number]: unknown };
  let nulls: Uint8Array | null = null;
  if (m === 1) {
    // one changed row: one value per subscription
    for (let k = 0; k < c; k++) {
      const v = params[s0 + k]![slot.index] ?? null;
      if (v === null) {
        nulls ??= new Uint8Array(len);
        nulls[k] = 1;
      } else data[k] = type === 'boolean' ? (v ? 1 : 0) : v;
    }
    return { type, length: len, data: data as unknown as Vector['data'], nulls };
  }
  for (let k = 0; k < c; k++) {
    const v = params[s0 + k]![slot.index] ?? null;
    if (v === null) {
      nulls ??= new Uint8Array(len);
      nulls.fill(1, k * m, (k + 1) * m);
    } else data.fill(type === 'boolean' ? (v ? 1 : 0) : v, k * m, (k + 1) * m);
  }
  return { type, length: len, data: data as unknown as Vector['data'], nulls };
}

/** Splits the passing cross-batch rows of subscriptions s0 … s0+c-1 into their own position lists. */
function splitBySubscription(pass: Int32Array, sel: Int32Array, m: number, c: number, s0: number, out: Int32Array[]): void {
  const counts = new Int32Array(c);
  for (let i = 0; i < pass.length; i++) counts[(pass[i]! / m) | 0]!++;
  for (let k = 0; k < c; k++) out[s0 + k] = counts[k] === 0 ? NO_ROWS : counts[k] === m ? sel : new Int32Array(counts[k]!);
  const fill = new Int32Array(c);
  for (let i = 0; i < pass.length; i++) {
    const j = pass[i]!;
    const k = (j / m) | 0;
    if (counts[k] === m) continue;
    out[s0 + k]![fill[k]!++] = sel[j - k * m]!;
  }
}
