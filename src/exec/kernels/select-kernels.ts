/**
 * Filter kernels for `column op constant` (and `column op column` of 32-bit integers) without NULLs: positions (from `sel`, or a row range)
 * where the comparison holds, appended to `out` from index `k`; each returns the new count. One
 * leaf function per array type and operator, over a row range, reading nothing before its loop
 * (why: see group-kernels.ts) — a kernel shared across array types and operators sees every
 * element type at one load and is optimized, deoptimized and re-optimized run after run.
 * Doubles follow PostgreSQL: NaN is above every number (`x > c` and `x >= c` hold for NaN; the
 * caller never passes a NaN constant).
 */
import { CHUNK } from './group-kernels.ts';

/** A comparison operator (`compare.ts`'s `CmpOp`). */
type CmpOp = '=' | '<>' | '<' | '<=' | '>' | '>=';

/**
 * A range kernel: positions `sel[from..to)` (or `from..to`) passing, written to `out` from `k`.
 * Branch-free: each position is written and `k` advances by the test's 0 or 1, so a filter that
 * keeps half the rows at random costs no branch mispredictions (3× faster on such data).
 */
type RangeKernel<A, C> = (x: A, y: C, sel: Int32Array | null, from: number, to: number, out: Int32Array, k: number) => number;

function selEqF64(d: Float64Array, y: number, sel: Int32Array | null, from: number, to: number, out: Int32Array, k: number): number {
  if (sel === null) {
    for (let i = from; i < to; i++) {
      const x = d[i]!;
      out[k] = i;
      k += +(x === y);
    }
  } else {
    for (let j = from; j < to; j++) {
      const i = sel[j]!;
      const x = d[i]!;
      out[k] = i;
      k += +(x === y);
    }
  }
  return k;
}

function selNeF64(d: Float64Array, y: number, sel: Int32Array | null, from: number, to: number, out: Int32Array, k: number): number {
  if (sel === null) {
    for (let i = from; i < to; i++) {
      const x = d[i]!;
      out[k] = i;
      k += +(x !== y);
    }
  } else {
    for (let j = from; j < to; j++) {
      const i = sel[j]!;
      const x = d[i]!;
      out[k] = i;
      k += +(x !== y);
    }
  }
  return k;
}

function selLtF64(d: Float64Array, y: number, sel: Int32Array | null, from: number, to: number, out: Int32Array, k: number): number {
  if (sel === null) {
    for (let i = from; i < to; i++) {
      const x = d[i]!;
      out[k] = i;
      k += +(x < y);
    }
  } else {
    for (let j = from; j < to; j++) {
      const i = sel[j]!;
      const x = d[i]!;
      out[k] = i;
      k += +(x < y);
    }
  }
  return k;
}

function selLeF64(d: Float64Array, y: number, sel: Int32Array | null, from: number, to: number, out: Int32Array, k: number): number {
  if (sel === null) {
    for (let i = from; i < to; i++) {
      const x = d[i]!;
      out[k] = i;
      k += +(x <= y);
    }
  } else {
    for (let j = from; j < to; j++) {
      const i = sel[j]!;
      const x = d[i]!;
      out[k] = i;
      k += +(x <= y);
    }
  }
  return k;
}

function selGtF64(d: Float64Array, y: number, sel: Int32Array | null, from: number, to: number, out: Int32Array, k: number): number {
  if (sel === null) {
    for (let i = from; i < to; i++) {
      const x = d[i]!;
      out[k] = i;
      k += +(x > y) | +(x !== x);
    }
  } else {
    for (let j = from; j < to; j++) {
      const i = sel[j]!;
      const x = d[i]!;
      out[k] = i;
      k += +(x > y) | +(x !== x);
    }
  }
  return k;
}

function selGeF64(d: Float64Array, y: number, sel: Int32Array | null, from: number, to: number, out: Int32Array, k: number): number {
  if (sel === null) {
    for (let i = from; i < to; i++) {
      const x = d[i]!;
      out[k] = i;
      k += +(x >= y) | +(x !== x);
    }
  } else {
    for (let j = from; j < to; j++) {
      const i = sel[j]!;
      const x = d[i]!;
      out[k] = i;
      k += +(x >= y) | +(x !== x);
    }
  }
  return k;
}

function selEqI32(d: Int32Array, y: number, sel: Int32Array | null, from: number, to: number, out: Int32Array, k: number): number {
  if (sel === null) {
    for (let i = from; i < to; i++) {
      const x = d[i]!;
      out[k] = i;
      k += +(x === y);
    }
  } else {
    for (let j = from; j < to; j++) {
      const i = sel[j]!;
      const x = d[i]!;
      out[k] = i;
      k += +(x === y);
    }
  }
  return k;
}

function selNeI32(d: Int32Array, y: number, sel: Int32Array | null, from: number, to: number, out: Int32Array, k: number): number {
  if (sel === null) {
    for (let i = from; i < to; i++) {
      const x = d[i]!;
      out[k] = i;
      k += +(x !== y);
    }
  } else {
    for (let j = from; j < to; j++) {
      const i = sel[j]!;
      const x = d[i]!;
      out[k] = i;
      k += +(x !== y);
    }
  }
  return k;
}

function selLtI32(d: Int32Array, y: number, sel: Int32Array | null, from: number, to: number, out: Int32Array, k: number): number {
  if (sel === null) {
    for (let i = from; i < to; i++) {
      const x = d[i]!;
      out[k] = i;
      k += +(x < y);
    }
  } else {
    for (let j = from; j < to; j++) {
      const i = sel[j]!;
      const x = d[i]!;
      out[k] = i;
      k += +(x < y);
    }
  }
  return k;
}

function selLeI32(d: Int32Array, y: number, sel: Int32Array | null, from: number, to: number, out: Int32Array, k: number): number {
  if (sel === null) {
    for (let i = from; i < to; i++) {
      const x = d[i]!;
      out[k] = i;
      k += +(x <= y);
    }
  } else {
    for (let j = from; j < to; j++) {
      const i = sel[j]!;
      const x = d[i]!;
      out[k] = i;
      k += +(x <= y);
    }
  }
  return k;
}

function selGtI32(d: Int32Array, y: number, sel: Int32Array | null, from: number, to: number, out: Int32Array, k: number): number {
  if (sel === null) {
    for (let i = from; i < to; i++) {
      const x = d[i]!;
      out[k] = i;
      k += +(x > y);
    }
  } else {
    for (let j = from; j < to; j++) {
      const i = sel[j]!;
      const x = d[i]!;
      out[k] = i;
      k += +(x > y);
    }
  }
  return k;
}

function selGeI32(d: Int32Array, y: number, sel: Int32Array | null, from: number, to: number, out: Int32Array, k: number): number {
  if (sel === null) {
    for (let i = from; i < to; i++) {
      const x = d[i]!;
      out[k] = i;
      k += +(x >= y);
    }
  } else {
    for (let j = from; j < to; j++) {
      const i = sel[j]!;
      const x = d[i]!;
      out[k] = i;
      k += +(x >= y);
    }
  }
  return k;
}

// Text equality keeps few rows as a rule (a category, a key): a branch per row that predicts well
// is cheaper than the branch-free store of every position. Every kernel has one loop without a
// selection and one through it: a `sel === null` test inside the loop cost W3 a fifth of its time.
function selEqText(d: readonly string[], y: string, sel: Int32Array | null, from: number, to: number, out: Int32Array, k: number): number {
  if (sel === null) {
    for (let i = from; i < to; i++) if (d[i] === y) out[k++] = i;
  } else {
    for (let j = from; j < to; j++) {
      const i = sel[j]!;
      if (d[i] === y) out[k++] = i;
    }
  }
  return k;
}

function selNeText(d: readonly string[], y: string, sel: Int32Array | null, from: number, to: number, out: Int32Array, k: number): number {
  if (sel === null) {
    for (let i = from; i < to; i++) if (d[i] !== y) out[k++] = i;
  } else {
    for (let j = from; j < to; j++) {
      const i = sel[j]!;
      if (d[i] !== y) out[k++] = i;
    }
  }
  return k;
}

function selEqI32Cols(d: Int32Array, e: Int32Array, sel: Int32Array | null, from: number, to: number, out: Int32Array, k: number): number {
  if (sel === null) {
    for (let i = from; i < to; i++) {
      out[k] = i;
      k += +(d[i]! === e[i]!);
    }
  } else {
    for (let j = from; j < to; j++) {
      const i = sel[j]!;
      out[k] = i;
      k += +(d[i]! === e[i]!);
    }
  }
  return k;
}

function selNeI32Cols(d: Int32Array, e: Int32Array, sel: Int32Array | null, from: number, to: number, out: Int32Array, k: number): number {
  if (sel === null) {
    for (let i = from; i < to; i++) {
      out[k] = i;
      k += +(d[i]! !== e[i]!);
    }
  } else {
    for (let j = from; j < to; j++) {
      const i = sel[j]!;
      out[k] = i;
      k += +(d[i]! !== e[i]!);
    }
  }
  return k;
}

function selLtI32Cols(d: Int32Array, e: Int32Array, sel: Int32Array | null, from: number, to: number, out: Int32Array, k: number): number {
  if (sel === null) {
    for (let i = from; i < to; i++) {
      out[k] = i;
      k += +(d[i]! < e[i]!);
    }
  } else {
    for (let j = from; j < to; j++) {
      const i = sel[j]!;
      out[k] = i;
      k += +(d[i]! < e[i]!);
    }
  }
  return k;
}

function selLeI32Cols(d: Int32Array, e: Int32Array, sel: Int32Array | null, from: number, to: number, out: Int32Array, k: number): number {
  if (sel === null) {
    for (let i = from; i < to; i++) {
      out[k] = i;
      k += +(d[i]! <= e[i]!);
    }
  } else {
    for (let j = from; j < to; j++) {
      const i = sel[j]!;
      out[k] = i;
      k += +(d[i]! <= e[i]!);
    }
  }
  return k;
}

function selGtI32Cols(d: Int32Array, e: Int32Array, sel: Int32Array | null, from: number, to: number, out: Int32Array, k: number): number {
  if (sel === null) {
    for (let i = from; i < to; i++) {
      out[k] = i;
      k += +(d[i]! > e[i]!);
    }
  } else {
    for (let j = from; j < to; j++) {
      const i = sel[j]!;
      out[k] = i;
      k += +(d[i]! > e[i]!);
    }
  }
  return k;
}

function selGeI32Cols(d: Int32Array, e: Int32Array, sel: Int32Array | null, from: number, to: number, out: Int32Array, k: number): number {
  if (sel === null) {
    for (let i = from; i < to; i++) {
      out[k] = i;
      k += +(d[i]! >= e[i]!);
    }
  } else {
    for (let j = from; j < to; j++) {
      const i = sel[j]!;
      out[k] = i;
      k += +(d[i]! >= e[i]!);
    }
  }
  return k;
}

const F64: Readonly<Record<CmpOp, RangeKernel<Float64Array, number>>> = {
  '=': selEqF64, '<>': selNeF64, '<': selLtF64, '<=': selLeF64, '>': selGtF64, '>=': selGeF64,
};
const I32: Readonly<Record<CmpOp, RangeKernel<Int32Array, number>>> = {
  '=': selEqI32, '<>': selNeI32, '<': selLtI32, '<=': selLeI32, '>': selGtI32, '>=': selGeI32,
};

const I32_COLS: Readonly<Record<CmpOp, RangeKernel<Int32Array, Int32Array>>> = {
  '=': selEqI32Cols, '<>': selNeI32Cols, '<': selLtI32Cols, '<=': selLeI32Cols, '>': selGtI32Cols, '>=': selGeI32Cols,
};

/**
 * The kernels write into one module-level buffer (grown as needed, never handed out): the result
 * is a copy of the passing positions only, so a filter that keeps 5 % of a million rows allocates
 * 200 KB instead of zeroing a fresh 4 MB array per run.
 */
let scratch = new Int32Array(CHUNK);

/** Runs a range kernel chunk by chunk over `m` positions; returns the passing positions. */
function run<A, C>(kernel: RangeKernel<A, C>, x: A, y: C, sel: Int32Array | null, m: number): Int32Array {
  if (scratch.length < m) scratch = new Int32Array(Math.max(m, scratch.length * 2));
  const out = scratch;
  let k = 0;
  for (let s = 0; s < m; s += CHUNK) k = kernel(x, y, sel, s, Math.min(m, s + CHUNK), out, k);
  return out.slice(0, k);
}

/**
 * Positions of `sel` (or 0..n-1) where `data op c` holds, for a `Float64Array` or `Int32Array`
 * without NULLs and a number constant that is not NaN; null for any other array (the caller's
 * general loop handles it).
 */
export function selectNumberConst(op: CmpOp, data: unknown, c: number, n: number, sel: Int32Array | null): Int32Array | null {
  const m = sel === null ? n : sel.length;
  if (data instanceof Float64Array) return run(F64[op], data, c, sel, m);
  if (data instanceof Int32Array) return run(I32[op], data, c, sel, m);
  return null;
}

/** Positions of `sel` (or 0..n-1) where the strings `data` are (`=`) or are not (`<>`) `c`; no NULLs. */
export function selectTextConst(op: '=' | '<>', data: readonly string[], c: string, n: number, sel: Int32Array | null): Int32Array {
  const m = sel === null ? n : sel.length;
  if (scratch.length < m) scratch = new Int32Array(Math.max(m, scratch.length * 2));
  const out = scratch;
  // its own chunk loop: a call site that only ever sees these two kernels (inlined), not the
  // shared one every kernel family passes through
  let k = 0;
  if (op === '=') for (let s = 0; s < m; s += CHUNK) k = selEqText(data, c, sel, s, Math.min(m, s + CHUNK), out, k);
  else for (let s = 0; s < m; s += CHUNK) k = selNeText(data, c, sel, s, Math.min(m, s + CHUNK), out, k);
  return out.slice(0, k);
}

/**
 * Positions of `sel` (or 0..n-1) where `x op y` holds for two `Int32Array` columns without NULLs
 * (integer, smallint, date); null for any other arrays (the caller compares the general way).
 */
export function selectInt32Columns(op: CmpOp, x: unknown, y: unknown, n: number, sel: Int32Array | null): Int32Array | null {
  if (!(x instanceof Int32Array) || !(y instanceof Int32Array)) return null;
  return run(I32_COLS[op], x, y, sel, sel === null ? n : sel.length);
}
