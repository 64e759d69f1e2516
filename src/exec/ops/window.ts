/**
 * Window functions: rows are ordered by (PARTITION BY, ORDER BY) once per call, partitions and
 * peer groups are found by key comparison, and each function fills its output by position.
 * Frames: ROWS, GROUPS and RANGE with UNBOUNDED/CURRENT ROW bounds (and offsets for ROWS/GROUPS).
 * Aggregates over a frame are computed by their `exec/aggregates/` definition: an accumulator
 * follows the frame as it moves (values enter at its end and leave from its start), so a
 * partition costs O(n) for every frame shape; peers and whole-partition frames share one value.
 */
import { DbError } from '../../errors/db-error.ts';
import { SqlState } from '../../errors/sqlstate.ts';
import type { DataType } from '../../types/data-type.ts';
import { allocData, valueAt, vectorFromValues, type Batch, type JsValue, type Vector } from '../../types/vector.ts';
import { aggregateDef, isAggFunc, type AggFunc, type FrameAccumulator, type FrameInput } from '../aggregates/index.ts';
import type { ExecContext } from '../context.ts';
import type { Evaluator } from '../expr/evaluator.ts';
import { positionComparator } from '../kernels/compare.ts';
import { explainNode, type ExplainNode, type PhysicalOp } from '../operator.ts';
import { sortedOrder, type CompiledSortKey } from './sort.ts';

/** Window functions (aggregates may also be used as window functions, computed by `exec/aggregates/`). */
export type WindowFunc =
  | 'row_number' | 'rank' | 'dense_rank' | 'percent_rank' | 'cume_dist' | 'ntile'
  | 'lag' | 'lead' | 'first_value' | 'last_value' | 'nth_value' | AggFunc;

/** A window frame: its mode and the kinds of its bounds (offsets are compiled separately). */
export interface FrameSpec {
  readonly mode: 'rows' | 'range' | 'groups';
  readonly start: { readonly kind: string };
  readonly end: { readonly kind: string };
}

/** What the operator reads of a window call (the plan's `WindowCall` fits). */
export interface WindowCallInfo {
  readonly func: WindowFunc;
  readonly frame: FrameSpec | null;
  readonly distinct: boolean;
  readonly type: DataType;
}

/** A compiled window call. */
export interface CompiledWindow {
  readonly call: WindowCallInfo;
  readonly args: readonly Evaluator[];
  readonly partitionBy: readonly Evaluator[];
  readonly orderBy: readonly CompiledSortKey[];
  /** FILTER (WHERE …) of an aggregate used as a window function. */
  readonly filter: Evaluator | null;
  readonly frameStart: Evaluator | null;
  readonly frameEnd: Evaluator | null;
}

const ONE: Batch = { length: 1, columns: [] };

function valueOf(v: Vector, i: number): JsValue {
  return valueAt(v, i);
}

/** Key vectors with their position comparators (chosen once per call). */
type KeyColumns = readonly { readonly v: Vector; readonly cmp: (a: number, b: number) => number }[];

function keyColumns(vs: readonly Vector[]): KeyColumns {
  return vs.map((v) => ({ v, cmp: positionComparator(v) }));
}

function sameKeys(ks: KeyColumns, a: number, b: number): boolean {
  for (const { v, cmp } of ks) {
    const an = v.type === 'null' || (v.nulls !== null && v.nulls[a] === 1);
    const bn = v.type === 'null' || (v.nulls !== null && v.nulls[b] === 1);
    if (an !== bn) return false;
    if (an) continue;
    if (cmp(a, b) !== 0) return false;
  }
  return true;
}

/** The window operator: appends one column per call. */
export class WindowOp implements PhysicalOp {
  constructor(
    readonly ids: readonly number[],
    private readonly input: PhysicalOp,
    private readonly calls: readonly CompiledWindow[],
  ) {}

  run(ctx: ExecContext): Batch {
    const b = this.input.run(ctx);
    ctx.checkpoint();
    const cols = [...b.columns];
    for (const w of this.calls) cols.push(this.compute(w, b, ctx));
    return { length: b.length, columns: cols };
  }

  private compute(w: CompiledWindow, b: Batch, ctx: ExecContext): Vector {
    const n = b.length;
    const call = w.call;
    const pv = w.partitionBy.map((e) => e(b, null, ctx));
    const ov = w.orderBy.map((k) => k.ev(b, null, ctx));
    const args = w.args.map((e) => e(b, null, ctx));
    let pass: Uint8Array | null = null;
    if (w.filter !== null) {
      const fv = w.filter(b, null, ctx);
      pass = new Uint8Array(n);
      const d = fv.data as Uint8Array;
      for (let i = 0; i < n; i++) pass[i] = fv.type !== 'null' && (fv.nulls === null || fv.nulls[i] === 0) && d[i] === 1 ? 1 : 0;
    }
    const keys: CompiledSortKey[] = [
      ...w.partitionBy.map((ev) => ({ ev, desc: false, nullsFirst: false })),
      ...w.orderBy,
    ];
    const order = sortedOrder([...pv, ...ov], keys, n);
    const type = call.type;
    const pk = keyColumns(pv), ok = keyColumns(ov);
    // numeric results are collected as texts and parsed once at the end
    const out = type === 'numeric' ? new Array<JsValue>(n).fill(null) : allocData(type, n) as unknown as unknown[];
    const nulls = new Uint8Array(n);
    let anyNull = false;
    const set = (row: number, v: JsValue) => {
      if (v === null) { nulls[row] = 1; anyNull = true; return; }
      out[row] = type === 'boolean' ? (v ? 1 : 0) : v;
    };
    const startOff = w.frameStart === null ? null : Number(valueOf(w.frameStart(ONE, null, ctx), 0));
    const endOff = w.frameEnd === null ? null : Number(valueOf(w.frameEnd(ONE, null, ctx), 0));
    if ((startOff !== null && startOff < 0) || (endOff !== null && endOff < 0)) {
      throw new DbError(SqlState.INVALID_PARAMETER_VALUE, 'frame starting offset must not be negative');
    }
    // an aggregate over the window: one frame cursor, moved row by row, and an accumulator that
    // follows the frame as it moves (null for DISTINCT: each new frame is computed whole)
    const agg: FrameInput | null = isAggFunc(call.func) ? { args, order, from: 0, to: 0, pass, distinct: call.distinct, type } : null;
    const acc = agg !== null ? aggregateDef(call.func as AggFunc).accumulator(agg) : null;
    const bounds = new Int32Array(2);
    let p0 = 0;
    while (p0 < n) {
      let p1 = p0 + 1;
      while (p1 < n && sameKeys(pk, order[p0]!, order[p1]!)) p1++;
      // peer groups within [p0, p1)
      const len = p1 - p0;
      const peerStart = new Int32Array(len), peerEnd = new Int32Array(len), peerIdx = new Int32Array(len);
      let g = 0;
      for (let s = 0; s < len;) {
        let e = s + 1;
        while (e < len && (ov.length === 0 ? true : sameKeys(ok, order[p0 + s]!, order[p0 + e]!))) e++;
        for (let k = s; k < e; k++) { peerStart[k] = s; peerEnd[k] = e; peerIdx[k] = g; }
        g++;
        s = e;
      }
      const groupStarts: number[] = [];
      for (let k = 0; k < len; k++) if (peerStart[k] === k) groupStarts.push(k);
      // the aggregate frame computed last, [cs, ce) in window positions, and its value
      let cs = -1, ce = -1;
      let last: JsValue = null;
      for (let k = 0; k < len; k++) {
        const row = order[p0 + k]!;
        switch (call.func) {
          case 'row_number': set(row, BigInt(k + 1)); break;
          case 'rank': set(row, BigInt(peerStart[k]! + 1)); break;
          case 'dense_rank': set(row, BigInt(peerIdx[k]! + 1)); break;
          case 'percent_rank': set(row, len > 1 ? peerStart[k]! / (len - 1) : 0); break;
          case 'cume_dist': set(row, peerEnd[k]! / len); break;
          case 'ntile': {
            const buckets = Number(valueOf(args[0]!, row));
            if (!(buckets > 0)) throw new DbError(SqlState.INVALID_PARAMETER_VALUE, 'argument of ntile must be greater than zero');
            const base = Math.floor(len / buckets), extra = len % buckets;
            const big = (base + 1) * extra;
            set(row, BigInt(k < big ? Math.floor(k / (base + 1)) + 1 : Math.floor((k - big) / Math.max(1, base)) + extra + 1));
            break;
          }
          case 'lag': case 'lead': {
            const off = Number(valueOf(args[1]!, row) ?? 1);
            const t = call.func === 'lag' ? k - off : k + off;
            if (t >= 0 && t < len) set(row, valueOf(args[0]!, order[p0 + t]!));
            else set(row, args[2] === undefined ? null : valueOf(args[2], row));
            break;
          }
          default: {
            frameBounds(call.frame, ov.length > 0, k, len, peerStart, peerEnd, peerIdx, groupStarts, startOff, endOff, bounds);
            const fs = bounds[0]!, fe = bounds[1]!;
            if (agg === null) { set(row, frameValue(call, args, order, p0, fs, fe, row, agg)); break; }
            // an aggregate's value depends on its frame only: peers (and whole-partition frames) share it
            if (p0 + fs !== cs || p0 + fe !== ce) {
              last = acc !== null ? moveFrame(acc, cs, ce, p0 + fs, p0 + fe) : frameValue(call, args, order, p0, fs, fe, row, agg);
              cs = p0 + fs;
              ce = p0 + fe;
            }
            set(row, last);
          }
        }
      }
      p0 = p1;
    }
    if (type === 'numeric') return { ...vectorFromValues('numeric', out as JsValue[]), nulls: anyNull ? nulls : null };
    return { type, length: n, data: out as unknown as Vector['data'], nulls: anyNull ? nulls : null };
  }

  explain(): ExplainNode {
    return explainNode('WindowAgg', this.calls.map((c) => c.call.func), [this.input.explain()]);
  }
}

/** Frames of at most this many rows are rebuilt rather than slid (floating-point sums then match PostgreSQL's). */
const REBUILD_MAX = 32;

/**
 * Moves an accumulator from frame [cs, ce) to [s, e) (window positions; cs < 0: none yet) and
 * returns the aggregate over the new frame. Frames move forward: new positions enter at the end,
 * old ones leave from the start. A frame that does not overlap the last one, a small one, or one
 * the aggregate cannot take values out of is rebuilt.
 */
function moveFrame(acc: FrameAccumulator, cs: number, ce: number, s: number, e: number): JsValue {
  let rebuild = cs < 0 || s < cs || e < ce || s >= ce || (s > cs && e - s <= REBUILD_MAX);
  if (!rebuild) {
    for (let t = ce; t < e; t++) acc.add(t);
    for (let t = cs; t < s; t++) {
      if (!acc.remove(t)) { rebuild = true; break; }
    }
  }
  if (rebuild) {
    acc.reset();
    for (let t = s; t < e; t++) acc.add(t);
  }
  return acc.result();
}

/** One bound of the frame of row k within a partition of `len` rows (a position; an end is exclusive). */
function frameBound(frame: FrameSpec, kind: string, off: number | null, isStart: boolean, k: number, len: number,
  peerStart: Int32Array, peerEnd: Int32Array, peerIdx: Int32Array, groupStarts: number[]): number {
  switch (kind) {
    case 'unbounded_preceding': return 0;
    case 'unbounded_following': return len;
    case 'current_row':
      if (frame.mode === 'rows') return isStart ? k : k + 1;
      return isStart ? peerStart[k]! : peerEnd[k]!;
    case 'preceding': case 'following': {
      const o = off ?? 0;
      const sign = kind === 'preceding' ? -1 : 1;
      if (frame.mode === 'rows') {
        const t = k + sign * o;
        return isStart ? Math.max(0, Math.min(len, t)) : Math.max(0, Math.min(len, t + 1));
      }
      if (frame.mode === 'groups') {
        const gi = peerIdx[k]! + sign * o;
        if (gi < 0) return 0;
        if (gi >= groupStarts.length) return len;
        const gs = groupStarts[gi]!;
        return isStart ? gs : peerEnd[gs]!;
      }
      throw new DbError(SqlState.FEATURE_NOT_SUPPORTED, 'RANGE with offset PRECEDING/FOLLOWING is not supported');
    }
    default: return isStart ? 0 : len;
  }
}

/** [start, end) of the frame of row k within a partition of `len` rows, into `out`. */
function frameBounds(frame: FrameSpec | null, ordered: boolean, k: number, len: number,
  peerStart: Int32Array, peerEnd: Int32Array, peerIdx: Int32Array, groupStarts: number[],
  startOff: number | null, endOff: number | null, out: Int32Array): void {
  if (frame === null) {
    out[0] = 0;
    out[1] = ordered ? peerEnd[k]! : len;
    return;
  }
  const s = frameBound(frame, frame.start.kind, startOff, true, k, len, peerStart, peerEnd, peerIdx, groupStarts);
  const e = frameBound(frame, frame.end.kind, endOff, false, k, len, peerStart, peerEnd, peerIdx, groupStarts);
  out[0] = s;
  out[1] = Math.max(s, e);
}

/** Value functions, or an aggregate, over a frame. */
function frameValue(call: WindowCallInfo, args: readonly Vector[], order: Int32Array, p0: number, fs: number, fe: number, row: number, agg: FrameInput | null): JsValue {
  const f = call.func;
  if (f === 'first_value') return fs < fe ? valueOf(args[0]!, order[p0 + fs]!) : null;
  if (f === 'last_value') return fs < fe ? valueOf(args[0]!, order[p0 + fe - 1]!) : null;
  if (f === 'nth_value') {
    const nth = Number(valueOf(args[1]!, row));
    if (!(nth > 0)) throw new DbError(SqlState.INVALID_PARAMETER_VALUE, 'argument of nth_value must be greater than zero');
    const t = fs + nth - 1;
    return t < fe ? valueOf(args[0]!, order[p0 + t]!) : null;
  }
  if (agg === null || !isAggFunc(f)) throw new DbError(SqlState.FEATURE_NOT_SUPPORTED, `window function ${f} is not supported`);
  agg.from = p0 + fs;
  agg.to = p0 + fe;
  return aggregateDef(f).frame(agg);
}
