/**
 * The storage side of NUMERIC columns (`ColumnStore` delegates here): the column's data is a
 * growable `NumericData` (see `types/numeric-data.ts`). A NUMERIC(p, s) column with p ≤ 15
 * stays in the fast form at scale s (every stored value is rounded to s and checked against p);
 * an unconstrained column takes the largest scale it has seen (existing values are rescaled
 * once when a value with more decimals arrives) and switches to the big form when a value does
 * not fit 2^53. Typmod errors are raised before anything is written.
 */
import type { JsValue, Selection } from '../types/vector.ts';
import { NumericBuilder, dscaleAt, makeNumericData, numericTextAt, type NumericData } from '../types/numeric-data.ts';
import { alignNumeric, dscaleArray } from '../types/numeric-data-ops.ts';
import { applyNumericTypmod, parseNumeric, type NumericTypmod } from '../types/numeric-value.ts';
import { applyTypmod } from '../types/numeric-typmod.ts';

/** Column data grown to `cap` slots (same scale and form). */
export function growNumeric(a: NumericData, cap: number): NumericData {
  const f = new Float64Array(cap);
  f.set(a.f.subarray(0, Math.min(a.f.length, cap)));
  let b: bigint[] | null = null;
  if (a.b !== null) {
    b = a.b.slice(0, cap);
    for (let i = b.length; i < cap; i++) b.push(0n);
  }
  let d: Uint16Array | null = null;
  if (a.d !== null) {
    d = new Uint16Array(cap);
    d.set(a.d.subarray(0, Math.min(a.d.length, cap)));
  }
  return makeNumericData(a.scale, f, b, d);
}

/**
 * Writes `count` values of `src` (positions `sel`, or 0..count-1) into the column at
 * `at`..`at + count`; returns the column data, rescaled or converted to the big form when
 * `src` needs it. `typmod` is applied to `src` first (22003 before anything is written).
 */
export function writeNumeric(col: NumericData, src: NumericData, srcNulls: Uint8Array | null, at: number, sel: Selection, count: number, typmod: NumericTypmod | null): NumericData {
  let s = src;
  if (typmod !== null) s = applyTypmod(src, typmod, sel === null ? count : src.length, srcNulls, sel);
  let [c, x] = col.scale === s.scale && (col.b === null) === (s.b === null) ? [col, s] : alignNumeric(col, s);
  if (c.length < at + count) c = growNumeric(c, at + count);
  const uniform = c.d === null && x.d === null;
  let cd = c.d;
  if (!uniform && cd === null) { cd = dscaleArray(c).slice(); c = makeNumericData(c.scale, c.f, c.b, cd); }
  for (let k = 0; k < count; k++) {
    const j = sel === null ? k : sel[k]!;
    const i = at + k;
    c.f[i] = x.f[j]!;
    if (c.b !== null) c.b[i] = x.b![j]!;
    if (cd !== null) cd[i] = dscaleAt(x, j);
  }
  return c;
}

/** Writes one value (numeric text) at row `i`; returns the column data. */
export function setNumeric(col: NumericData, i: number, text: string, typmod: NumericTypmod | null): NumericData {
  let v = parseNumeric(text);
  if (typmod !== null) v = applyNumericTypmod(v, typmod);
  const b = new NumericBuilder(1);
  b.setValue(0, v);
  return writeNumeric(col, b.finish(), null, i, null, 1, null);
}

/** Row `i` as its text. */
export function getNumeric(col: NumericData, i: number): JsValue {
  return numericTextAt(col, i);
}

/** Keeps only the rows listed in `keep` (ascending), compacting in place. */
export function compactNumeric(col: NumericData, keep: Int32Array): void {
  const n = keep.length;
  for (let k = 0; k < n; k++) {
    const j = keep[k]!;
    col.f[k] = col.f[j]!;
    if (col.b !== null) col.b[k] = col.b[j]!;
    if (col.d !== null) col.d[k] = col.d[j]!;
  }
}
