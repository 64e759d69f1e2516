/**
 * SUM, AVG and TOTAL over numeric values, typed as PostgreSQL types them: SUM of smallint and
 * integer is bigint (22003 when the exact sum leaves int64), of bigint and numeric numeric, of
 * real real, of double double; AVG of integer types and numeric is numeric, of real and double
 * double; both are NULL for a group without values. TOTAL (SQLite) is a double that is 0 for
 * an empty group. Integers are summed in a float accumulator, re-summed exactly when a group
 * passes 2^53; numeric results come from `numeric-sum.ts`. Partial sums combine by SUM; AVG
 * and TOTAL are not decomposed.
 */
import { DbError } from '../../errors/db-error.ts';
import { SqlState } from '../../errors/sqlstate.ts';
import { isNumericType, type DataType } from '../../types/data-type.ts';
import type { JsValue, Vector } from '../../types/vector.ts';
import { frameRowAt, frameSeen, frameValueAt, unary, type AggregateDef, type FrameAccumulator, type FrameInput, type GroupInput } from './aggregate.ts';
import { numericSumAccumulator, numericSumFrame, numericSumGroups } from './numeric-sum.ts';

const I64_MAX = 2n ** 63n - 1n, I64_MIN = -(2n ** 63n);

type SumFunc = 'sum' | 'avg' | 'total';

/** Per-group sums and counts, finished as SUM, AVG or TOTAL. */
function sumGroups(func: SumFunc, input: GroupInput): Vector {
  if (input.type === 'numeric') return numericSumGroups(input, func === 'avg');
  const { args, gids, rows, count: mm, groups, type } = input;
  const v = args[0]!;
  const vn = v.type === 'null' ? null : v.nulls;
  const allNull = v.type === 'null';
  const sum = new Float64Array(groups);
  const cnt = new Float64Array(groups);
  const isBig = v.type === 'bigint';
  let big: bigint[] | null = null;
  if (!allNull) {
    if (isBig) {
      big = new Array<bigint>(groups).fill(0n);
      const d = v.data as BigInt64Array;
      for (let k = 0; k < mm; k++) { const i = rows === null ? k : rows[k]!; if (vn !== null && vn[i] === 1) continue; const g = gids[i]!; big[g] = big[g]! + d[i]!; cnt[g]!++; }
    } else {
      const d = v.data as ArrayLike<number>;
      const sel = rows;
      if (type === 'real' && func === 'sum') {
        // float4 sums round to float4 at every step, as PostgreSQL's float4pl
        for (let k = 0; k < mm; k++) { const i = sel === null ? k : sel[k]!; if (vn !== null && vn[i] === 1) continue; const g = gids[i]!; sum[g] = Math.fround(sum[g]! + d[i]!); cnt[g]!++; }
      } else if (sel === null && vn === null) {
        // the common case, kept tight: every row, no NULLs
        for (let i = 0; i < mm; i++) { const g = gids[i]!; sum[g] = sum[g]! + d[i]!; cnt[g]!++; }
      } else {
        for (let k = 0; k < mm; k++) { const i = sel === null ? k : sel[k]!; if (vn !== null && vn[i] === 1) continue; const g = gids[i]!; sum[g] = sum[g]! + d[i]!; cnt[g]!++; }
      }
    }
  }
  const nulls = new Uint8Array(groups);
  let anyNull = false;
  if (func === 'total') {
    const out = new Float64Array(groups);
    for (let g = 0; g < groups; g++) out[g] = big !== null ? Number(big[g]) : sum[g]!;
    return { type: 'double', length: groups, data: out, nulls: null };
  }
  for (let g = 0; g < groups; g++) if (cnt[g] === 0) { nulls[g] = 1; anyNull = true; }
  if (func === 'avg') {
    const out = new Float64Array(groups);
    for (let g = 0; g < groups; g++) if (cnt[g]! > 0) out[g] = (big !== null ? Number(big[g]) : sum[g]!) / cnt[g]!;
    return { type: 'double', length: groups, data: out, nulls: anyNull ? nulls : null };
  }
  if (type === 'bigint') {
    const out = new BigInt64Array(groups);
    for (let g = 0; g < groups; g++) {
      let s: bigint;
      if (big !== null) s = big[g]!;
      else if (Math.abs(sum[g]!) < 2 ** 53) s = BigInt(sum[g]!);
      else s = exactIntSum(v, gids, rows, mm, g);
      if (s > I64_MAX || s < I64_MIN) throw new DbError(SqlState.NUMERIC_VALUE_OUT_OF_RANGE, 'bigint out of range');
      out[g] = s;
    }
    return { type: 'bigint', length: groups, data: out, nulls: anyNull ? nulls : null };
  }
  return { type: type === 'real' ? 'real' : 'double', length: groups, data: sum, nulls: anyNull ? nulls : null };
}

/** Exact integer sum of one group (used when the float accumulator passed 2^53). */
function exactIntSum(v: Vector, gids: Int32Array, rows: Int32Array | null, m: number, g: number): bigint {
  let s = 0n;
  const d = v.data as ArrayLike<number>;
  for (let k = 0; k < m; k++) {
    const i = rows === null ? k : rows[k]!;
    if (gids[i] !== g || (v.nulls !== null && v.nulls[i] === 1)) continue;
    s += BigInt(d[i]!);
  }
  return s;
}

/** SUM, AVG or TOTAL over one window frame. */
function sumFrame(func: SumFunc, f: FrameInput): JsValue {
  if (f.type === 'numeric') return numericSumFrame(f, func === 'avg');
  const v = f.args[0]!;
  const seen = frameSeen(f);
  let count = 0;
  let sum = 0;
  let bsum = 0n;
  for (let t = f.from; t < f.to; t++) {
    const x = frameValueAt(f, v, t, seen);
    if (x === undefined) continue;
    count++;
    if (typeof x === 'bigint') bsum += x; else sum += x as number;
  }
  switch (func) {
    case 'sum':
      if (count === 0) return null;
      return f.type === 'bigint' ? bsum + BigInt(sum) : f.type === 'real' ? Math.fround(sum) : sum + Number(bsum);
    case 'total': return sum + Number(bsum);
    case 'avg': return count === 0 ? null : (sum + Number(bsum)) / count;
  }
}

/**
 * SUM, AVG or TOTAL over moving frames. Integer values sum exactly (a float while below 2^53,
 * then a bigint). Floating-point values sum in window order, as PostgreSQL does, until a value
 * leaves the frame; from then on a compensated sum (non-finite values counted apart) gives the
 * result, so taking values out does not pile up rounding error.
 */
function sumAccumulator(func: SumFunc, f: FrameInput): FrameAccumulator | null {
  if (f.distinct) return null;
  if (f.type === 'numeric') return numericSumAccumulator(f, func === 'avg');
  const v = f.args[0]!;
  const d = v.data as ArrayLike<number | bigint>;
  const integers = v.type === 'smallint' || v.type === 'integer' || v.type === 'bigint';
  const real = func === 'sum' && f.type === 'real';
  let count = 0;
  let exact = 0, big: bigint | null = null; // integers
  let naive = 0, left = false, s = 0, c = 0, nan = 0, pinf = 0, ninf = 0; // floating point
  const addInt = (x: number | bigint, sign: number): void => {
    if (big === null && typeof x === 'number') {
      const t = exact + sign * x;
      if (t < 2 ** 53 && t > -(2 ** 53)) { exact = t; return; }
    }
    big = (big ?? BigInt(exact)) + (sign > 0 ? BigInt(x) : -BigInt(x));
  };
  const addFloat = (x: number, sign: number): void => {
    if (sign > 0) naive = real ? Math.fround(naive + x) : naive + x;
    if (x !== x) { nan += sign; return; }
    if (x === Infinity) { pinf += sign; return; }
    if (x === -Infinity) { ninf += sign; return; }
    const y = sign * x, t = s + y; // Neumaier's compensated summation
    c += Math.abs(s) >= Math.abs(y) ? (s - t) + y : (y - t) + s;
    s = t;
  };
  const floatResult = (): number => {
    if (!left) return naive;
    const r = nan > 0 || (pinf > 0 && ninf > 0) ? Number.NaN : pinf > 0 ? Infinity : ninf > 0 ? -Infinity : s + c;
    return real ? Math.fround(r) : r;
  };
  return {
    reset: () => { count = 0; exact = 0; big = null; naive = 0; left = false; s = 0; c = 0; nan = 0; pinf = 0; ninf = 0; },
    add: (t) => {
      const row = frameRowAt(f, v, t);
      if (row < 0) return;
      count++;
      if (integers) addInt(d[row]!, 1); else addFloat(d[row] as number, 1);
    },
    remove: (t) => {
      if (!integers && !Number.isFinite(s + c)) return false; // the compensated sum overflowed
      const row = frameRowAt(f, v, t);
      if (row < 0) return true;
      count--;
      if (integers) addInt(d[row]!, -1); else { left = true; addFloat(d[row] as number, -1); }
      return true;
    },
    result: () => {
      if (func === 'total') return integers ? (big === null ? exact : Number(big)) : count === 0 ? 0 : floatResult();
      if (count === 0) return null;
      if (!integers) return func === 'avg' ? floatResult() / count : floatResult();
      if (func === 'avg') return (big === null ? exact : Number(big)) / count;
      const r = big ?? BigInt(exact);
      if (r > I64_MAX || r < I64_MIN) throw new DbError(SqlState.NUMERIC_VALUE_OUT_OF_RANGE, 'bigint out of range');
      return f.type === 'bigint' ? r : Number(r);
    },
  };
}

/** The argument must be numeric (or an untyped NULL). */
function numeric(result: (t: DataType) => DataType): (t: DataType) => DataType | null {
  return (t) => (isNumericType(t) || t === 'null' ? result(t) : null);
}

/** SUM(x): bigint for smallint/integer, numeric for bigint and numeric, real for real, double for double; NULL without values. */
export const SUM: AggregateDef = {
  func: 'sum',
  names: ['sum'],
  resolve: (_name, args) => unary(args, numeric((t) => (t === 'smallint' || t === 'integer' || t === 'null' ? 'bigint' : t === 'bigint' || t === 'numeric' ? 'numeric' : t === 'real' ? 'real' : 'double'))),
  combine: 'sum',
  group: (input) => sumGroups('sum', input),
  frame: (f) => sumFrame('sum', f),
  accumulator: (f) => sumAccumulator('sum', f),
};

/** AVG(x): numeric for integer types and numeric, double for real and double; NULL without values. */
export const AVG: AggregateDef = {
  func: 'avg',
  names: ['avg'],
  resolve: (_name, args) => unary(args, numeric((t) => (t === 'real' || t === 'double' ? 'double' : 'numeric'))),
  combine: null,
  group: (input) => sumGroups('avg', input),
  frame: (f) => sumFrame('avg', f),
  accumulator: (f) => sumAccumulator('avg', f),
};

/** TOTAL(x) (SQLite): double; 0 without values. */
export const TOTAL: AggregateDef = {
  func: 'total',
  names: ['total'],
  resolve: (_name, args) => unary(args, numeric(() => 'double'), args[0] === 'numeric' ? 'double' : undefined),
  combine: null,
  group: (input) => sumGroups('total', input),
  frame: (f) => sumFrame('total', f),
  accumulator: (f) => sumAccumulator('total', f),
};
