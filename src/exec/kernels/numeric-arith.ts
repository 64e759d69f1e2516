/**
 * NUMERIC arithmetic kernels. Fast-form operands (see `types/numeric-data.ts`) are added,
 * subtracted, multiplied and reduced modulo with float operations on their scaled integers,
 * each result checked against 2^53 in the loop; a result that would not fit switches the whole
 * operation to the big form (bigint per value), so nothing is ever silently inexact. Division
 * computes per value in bigints with PostgreSQL's `select_div_scale`. A constant operand is a
 * one-slot data read through an index mask (`i & 0`), so one loop serves vector ⊕ vector and
 * vector ⊕ constant.
 */
import type { JsValue, Selection, Vector } from '../../types/vector.ts';
import {
  NumericBuilder, POW10, TWO_53, dscaleAt, intAt, makeNumericData, numericAt, numericFromValues, type NumericData,
} from '../../types/numeric-data.ts';
import { rescaleNumeric, toBigForm, toFastFormIfFits } from '../../types/numeric-data-ops.ts';
import { formatNumeric, parseNumeric } from '../../types/numeric-value.ts';
import {
  addValues, divideInts, divideValues, modValues, mulValues, numericDivisionByZero, selectDivScale,
} from '../../types/numeric-ops.ts';
import { unionNulls } from './compare.ts';

/** The arithmetic operators (as `ArithOp` in `arith.ts`). */
type ArithOp = '+' | '-' | '*' | '/' | '%';

/** One-slot data of a constant (its text form). */
export function numericConstData(text: string): NumericData {
  return numericFromValues([parseNumeric(text)]);
}

/**
 * `l op r` over numeric vectors; a null vector side is the constant `lc`/`rc` (numeric text,
 * non-null). Errors: 22012 division by zero.
 */
export function numericArith(op: ArithOp, l: Vector | null, r: Vector | null, lc: JsValue | undefined, rc: JsValue | undefined, n: number, sel: Selection): Vector {
  const nulls = unionNulls(l === null ? null : l.nulls, r === null ? null : r.nulls, n);
  const a = l === null ? numericConstData(lc as string) : l.data as NumericData;
  const b = r === null ? numericConstData(rc as string) : r.data as NumericData;
  const am = l === null ? 0 : -1, bm = r === null ? 0 : -1;
  let out: NumericData;
  switch (op) {
    case '+': case '-': out = addSub(op === '-', a, am, b, bm, n, sel, nulls); break;
    case '*': out = mul(a, am, b, bm, n, sel, nulls); break;
    case '/': out = div(a, am, b, bm, n, sel, nulls); break;
    case '%': out = mod(a, am, b, bm, n, sel, nulls); break;
  }
  return { type: 'numeric', length: n, data: out, nulls };
}

/** Unary minus. */
export function numericNegate(v: Vector, n: number, sel: Selection): Vector {
  const a = v.data as NumericData;
  const m = sel === null ? n : sel.length;
  const f = new Float64Array(n);
  const src = a.f;
  for (let k = 0; k < m; k++) { const i = sel === null ? k : sel[k]!; f[i] = -src[i]!; }
  let b: bigint[] | null = null;
  if (a.b !== null) {
    b = new Array<bigint>(n).fill(0n);
    const sb = a.b;
    for (let k = 0; k < m; k++) { const i = sel === null ? k : sel[k]!; b[i] = -sb[i]!; }
  }
  return { type: 'numeric', length: n, data: makeNumericData(a.scale, f, b, a.d), nulls: v.nulls };
}

/** True for NaN and ±Infinity. */
function special(x: number): boolean {
  return x !== x || x === Infinity || x === -Infinity;
}

/** Per-row display scales max(da, db) (null when both sides are uniform). */
function maxDscales(a: NumericData, am: number, b: NumericData, bm: number, n: number, sel: Selection): Uint16Array | null {
  if (a.d === null && b.d === null) return null;
  const d = new Uint16Array(n);
  const m = sel === null ? n : sel.length;
  for (let k = 0; k < m; k++) {
    const i = sel === null ? k : sel[k]!;
    const x = dscaleAt(a, i & am), y = dscaleAt(b, i & bm);
    d[i] = x > y ? x : y;
  }
  return d;
}

function addSub(sub: boolean, a: NumericData, am: number, b: NumericData, bm: number, n: number, sel: Selection, nulls: Uint8Array | null): NumericData {
  const S = a.scale > b.scale ? a.scale : b.scale;
  const d = maxDscales(a, am, b, bm, n, sel);
  if (a.b === null && b.b === null && S - a.scale <= 22 && S - b.scale <= 22) {
    const f = addSubFast(sub, a, am, b, bm, S, n, sel, nulls);
    if (f !== null) return makeNumericData(S, f, null, d);
  }
  const x = toBigForm(rescaleNumeric(a, S)), y = toBigForm(rescaleNumeric(b, S));
  const xb = x.b!, yb = y.b!, xf = x.f, yf = y.f;
  const f = new Float64Array(n);
  const out = new Array<bigint>(n).fill(0n);
  const m = sel === null ? n : sel.length;
  for (let k = 0; k < m; k++) {
    const i = sel === null ? k : sel[k]!;
    const ia = i & am, ib = i & bm;
    const u = xf[ia]!, v = yf[ib]!;
    if (u !== 0 || v !== 0) { f[i] = sub ? u - v : u + v; continue; } // a special operand
    out[i] = sub ? xb[ia]! - yb[ib]! : xb[ia]! + yb[ib]!;
  }
  return toFastFormIfFits(makeNumericData(S, f, out, d));
}

/** The fast loop of + and -; null when a value leaves 2^53 (the caller redoes it in bigints). */
function addSubFast(sub: boolean, a: NumericData, am: number, b: NumericData, bm: number, S: number, n: number, sel: Selection, nulls: Uint8Array | null): Float64Array | null {
  const ka = POW10[S - a.scale]!, kb = POW10[S - b.scale]!;
  const x = a.f, y = b.f;
  const out = new Float64Array(n);
  const m = sel === null ? n : sel.length;
  // a constant side is rescaled once here, so the loop only checks the sum
  const cx = am === 0 ? x[0]! * ka : 0, cy = bm === 0 ? y[0]! * kb : 0;
  if ((am === 0 && !(cx < TWO_53 && cx > -TWO_53) && !special(cx)) || (bm === 0 && !(cy < TWO_53 && cy > -TWO_53) && !special(cy))) return null;
  if ((am === 0 || ka === 1) && (bm === 0 || kb === 1)) {
    for (let k = 0; k < m; k++) {
      const i = sel === null ? k : sel[k]!;
      const u = am === 0 ? cx : x[i]!, v = bm === 0 ? cy : y[i]!;
      const s = sub ? u - v : u + v;
      if (s < TWO_53 && s > -TWO_53) { out[i] = s; continue; }
      if (special(s) || (nulls !== null && nulls[i] === 1)) { out[i] = s; continue; }
      return null;
    }
    return out;
  }
  for (let k = 0; k < m; k++) {
    const i = sel === null ? k : sel[k]!;
    const u = x[i & am]! * ka, v = y[i & bm]! * kb;
    const s = sub ? u - v : u + v;
    if (s < TWO_53 && s > -TWO_53 && u < TWO_53 && u > -TWO_53 && v < TWO_53 && v > -TWO_53) { out[i] = s; continue; }
    if (special(s) || (nulls !== null && nulls[i] === 1)) { out[i] = s; continue; }
    return null;
  }
  return out;
}

function mul(a: NumericData, am: number, b: NumericData, bm: number, n: number, sel: Selection, nulls: Uint8Array | null): NumericData {
  const S = a.scale + b.scale;
  let d: Uint16Array | null = null;
  const m = sel === null ? n : sel.length;
  if (a.d !== null || b.d !== null) {
    d = new Uint16Array(n);
    for (let k = 0; k < m; k++) { const i = sel === null ? k : sel[k]!; d[i] = dscaleAt(a, i & am) + dscaleAt(b, i & bm); }
  }
  if (a.b === null && b.b === null) {
    const x = a.f, y = b.f;
    const out = new Float64Array(n);
    let ok = true;
    for (let k = 0; k < m; k++) {
      const i = sel === null ? k : sel[k]!;
      const p = x[i & am]! * y[i & bm]!;
      if (p < TWO_53 && p > -TWO_53) { out[i] = p; continue; }
      if (special(p) || (nulls !== null && nulls[i] === 1)) { out[i] = p; continue; }
      ok = false;
      break;
    }
    if (ok) return makeNumericData(S, out, null, d);
  }
  const f = new Float64Array(n);
  const out = new Array<bigint>(n).fill(0n);
  for (let k = 0; k < m; k++) {
    const i = sel === null ? k : sel[k]!;
    const ia = i & am, ib = i & bm;
    const u = a.f[ia]!, v = b.f[ib]!;
    if (special(u) || special(v)) {
      // ±Infinity × 0 is NaN, else the signs multiply (a big-form finite value has f = 0: use its sign)
      const su = special(u) ? u : a.b === null ? u : Number(a.b[ia]! > 0n) - Number(a.b[ia]! < 0n);
      const sv = special(v) ? v : b.b === null ? v : Number(b.b[ib]! > 0n) - Number(b.b[ib]! < 0n);
      f[i] = su * sv;
      continue;
    }
    out[i] = intAt(a, ia) * intAt(b, ib);
  }
  return toFastFormIfFits(makeNumericData(S, f, out, d));
}

function div(a: NumericData, am: number, b: NumericData, bm: number, n: number, sel: Selection, nulls: Uint8Array | null): NumericData {
  const bld = new NumericBuilder(n);
  const m = sel === null ? n : sel.length;
  for (let k = 0; k < m; k++) {
    const i = sel === null ? k : sel[k]!;
    if (nulls !== null && nulls[i] === 1) continue;
    const ia = i & am, ib = i & bm;
    if (special(a.f[ia]!) || special(b.f[ib]!)) { bld.setValue(i, divideValues(numericAt(a, ia), numericAt(b, ib))); continue; }
    const y = intAt(b, ib);
    if (y === 0n) throw numericDivisionByZero();
    const x = intAt(a, ia);
    const rscale = selectDivScale(x, a.scale, dscaleAt(a, ia), y, b.scale, dscaleAt(b, ib));
    bld.set(i, divideInts(x, a.scale, y, b.scale, rscale), rscale);
  }
  return bld.finish();
}

function mod(a: NumericData, am: number, b: NumericData, bm: number, n: number, sel: Selection, nulls: Uint8Array | null): NumericData {
  const S = a.scale > b.scale ? a.scale : b.scale;
  const d = maxDscales(a, am, b, bm, n, sel);
  const m = sel === null ? n : sel.length;
  if (a.b === null && b.b === null && S - a.scale <= 22 && S - b.scale <= 22) {
    const ka = POW10[S - a.scale]!, kb = POW10[S - b.scale]!;
    const x = a.f, y = b.f;
    const out = new Float64Array(n);
    let ok = true;
    for (let k = 0; k < m; k++) {
      const i = sel === null ? k : sel[k]!;
      if (nulls !== null && nulls[i] === 1) continue;
      const u = x[i & am]! * ka, v = y[i & bm]! * kb;
      if (v === 0) {
        if (u !== u) { out[i] = NaN; continue; }
        throw numericDivisionByZero();
      }
      if (!(u < TWO_53 && u > -TWO_53 && v < TWO_53 && v > -TWO_53) && !special(u) && !special(v)) { ok = false; break; }
      out[i] = u % v; // exact on integers; Infinity % y is NaN, x % Infinity is x (PostgreSQL's rules)
    }
    if (ok) return makeNumericData(S, out, null, d);
  }
  const bld = new NumericBuilder(n);
  for (let k = 0; k < m; k++) {
    const i = sel === null ? k : sel[k]!;
    if (nulls !== null && nulls[i] === 1) continue;
    bld.setValue(i, modValues(numericAt(a, i & am), numericAt(b, i & bm)));
  }
  return bld.finish();
}

/** Scalar `x op y` on numeric texts (constant folding and row-at-a-time callers). */
export function numericArithValues(op: ArithOp, x: string, y: string): string {
  const a = parseNumeric(x), b = parseNumeric(y);
  switch (op) {
    case '+': case '-': return formatNumeric(addValues(a, b, op === '-'));
    case '*': return formatNumeric(mulValues(a, b));
    case '/': return formatNumeric(divideValues(a, b));
    case '%': return formatNumeric(modValues(a, b));
  }
}
