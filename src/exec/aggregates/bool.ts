/**
 * BOOL_AND (alias EVERY) and BOOL_OR over boolean values: NULL for a group without values.
 * Not decomposed for eager aggregation.
 */
import type { DataType } from '../../types/data-type.ts';
import type { JsValue, Vector } from '../../types/vector.ts';
import { frameRowAt, frameSeen, frameValueAt, nullsWhereMissing, unary, type AggregateDef, type FrameAccumulator, type FrameInput, type GroupInput } from './aggregate.ts';

/** Per-group AND (`isAnd`) or OR of the non-NULL values. */
function boolGroups(isAnd: boolean, { args, gids, rows, count: mm, groups }: GroupInput): Vector {
  const v = args[0]!;
  const vn = v.type === 'null' ? null : v.nulls;
  const allNull = v.type === 'null';
  const at = (k: number) => (rows === null ? k : rows[k]!);
  const out = new Uint8Array(groups);
  const has = new Uint8Array(groups);
  if (!allNull) {
    const d = v.data as Uint8Array;
    for (let k = 0; k < mm; k++) {
      const i = at(k); if (vn !== null && vn[i] === 1) continue;
      const g = gids[i]!;
      if (has[g] === 0) { out[g] = d[i]!; has[g] = 1; } else out[g] = isAnd ? out[g]! & d[i]! : out[g]! | d[i]!;
    }
  }
  return { type: 'boolean', length: groups, data: out, nulls: nullsWhereMissing(has) };
}

/** AND (`isAnd`) or OR over one window frame. */
function boolFrame(isAnd: boolean, f: FrameInput): JsValue {
  const v = f.args[0]!;
  const seen = frameSeen(f);
  let acc: JsValue = null;
  for (let t = f.from; t < f.to; t++) {
    const x = frameValueAt(f, v, t, seen);
    if (x === undefined) continue;
    acc = acc === null ? x : isAnd ? (acc as boolean) && (x as boolean) : (acc as boolean) || (x as boolean);
  }
  return acc;
}

/** AND (`isAnd`) or OR over moving frames: counts of true and false values. */
function boolAccumulator(isAnd: boolean, f: FrameInput): FrameAccumulator | null {
  if (f.distinct) return null;
  const v = f.args[0]!;
  const d = v.data as Uint8Array;
  let trues = 0, falses = 0;
  const step = (t: number, by: number): void => {
    const row = frameRowAt(f, v, t);
    if (row < 0) return;
    if (d[row] === 1) trues += by; else falses += by;
  };
  return {
    reset: () => { trues = 0; falses = 0; },
    add: (t) => step(t, 1),
    remove: (t) => { step(t, -1); return true; },
    result: () => (trues + falses === 0 ? null : isAnd ? falses === 0 : trues > 0),
  };
}

/** The argument must be boolean (or an untyped NULL). */
const boolean = (t: DataType): DataType | null => (t === 'boolean' || t === 'null' ? 'boolean' : null);

/** BOOL_AND(x) / EVERY(x): true when every value is true. */
export const BOOL_AND: AggregateDef = {
  func: 'bool_and',
  names: ['bool_and', 'every'],
  resolve: (_name, args) => unary(args, boolean, 'boolean'),
  combine: null,
  group: (input) => boolGroups(true, input),
  frame: (f) => boolFrame(true, f),
  accumulator: (f) => boolAccumulator(true, f),
};

/** BOOL_OR(x): true when some value is true. */
export const BOOL_OR: AggregateDef = {
  func: 'bool_or',
  names: ['bool_or'],
  resolve: (_name, args) => unary(args, boolean, 'boolean'),
  combine: null,
  group: (input) => boolGroups(false, input),
  frame: (f) => boolFrame(false, f),
  accumulator: (f) => boolAccumulator(false, f),
};
