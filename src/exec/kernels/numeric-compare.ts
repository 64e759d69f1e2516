/**
 * Comparisons of NUMERIC vectors. Both sides are brought to one scale (`alignNumeric`); in the
 * fast form the aligned scaled integers are exact doubles, so the double kernels compare them
 * (NaN equal to NaN and above everything, as PostgreSQL orders numeric). Big-form data
 * compares value by value in bigints.
 */
import type { JsValue, Selection, Vector } from '../../types/vector.ts';
import { numericFromValues, type NumericData } from '../../types/numeric-data.ts';
import { alignNumeric, compareNumericAt } from '../../types/numeric-data-ops.ts';
import { parseNumeric } from '../../types/numeric-value.ts';

/** Comparison operators (as `CmpOp` in `compare.ts`). */
type CmpOp = '=' | '<>' | '<' | '<=' | '>' | '>=';

/** Aligned fast-form doubles of two numeric data, or null when either is in the big form. */
function alignedDoubles(a: NumericData, b: NumericData): [Float64Array, Float64Array] | null {
  const [x, y] = alignNumeric(a, b);
  return x.b === null && y.b === null ? [x.f, y.f] : null;
}

function test(op: CmpOp, c: number): boolean {
  switch (op) {
    case '=': return c === 0;
    case '<>': return c !== 0;
    case '<': return c < 0;
    case '<=': return c <= 0;
    case '>': return c > 0;
    case '>=': return c >= 0;
  }
}

/** The two vectors as double vectors with the same order, or null (big form). */
export function numericPairAsDoubles(l: Vector, r: Vector): [Vector, Vector] | null {
  const p = alignedDoubles(l.data as NumericData, r.data as NumericData);
  if (p === null) return null;
  return [{ type: 'double', length: l.length, data: p[0], nulls: l.nulls }, { type: 'double', length: r.length, data: p[1], nulls: r.nulls }];
}

/** A numeric vector and a numeric constant as a double vector and a double constant with the same order, or null (big form). */
export function numericConstAsDouble(l: Vector, c: JsValue): [Vector, number] | null {
  const p = alignedDoubles(l.data as NumericData, numericFromValues([parseNumeric(c as string)]));
  if (p === null) return null;
  return [{ type: 'double', length: l.length, data: p[0], nulls: l.nulls }, p[1][0]!];
}

/** `l op r` for big-form numeric vectors, value by value (NULL rows left 0). */
export function compareNumericRows(op: CmpOp, l: Vector, r: Vector, n: number, sel: Selection, nulls: Uint8Array | null): Uint8Array {
  const out = new Uint8Array(n);
  const a = l.data as NumericData, b = r.data as NumericData;
  const m = sel === null ? n : sel.length;
  for (let k = 0; k < m; k++) {
    const i = sel === null ? k : sel[k]!;
    if (nulls !== null && nulls[i] === 1) continue;
    out[i] = test(op, compareNumericAt(a, i, b, i)) ? 1 : 0;
  }
  return out;
}

/** `v op c` for a big-form numeric vector against a constant: the passing positions. */
export function selectNumericRows(op: CmpOp, v: Vector, c: JsValue, n: number, sel: Selection): Int32Array {
  const a = v.data as NumericData;
  const cd = numericFromValues([parseNumeric(c as string)]);
  const m = sel === null ? n : sel.length;
  const out = new Int32Array(m);
  let k2 = 0;
  const nl = v.nulls;
  for (let k = 0; k < m; k++) {
    const i = sel === null ? k : sel[k]!;
    if (nl !== null && nl[i] === 1) continue;
    if (test(op, compareNumericAt(a, i, cd, 0))) out[k2++] = i;
  }
  return k2 === m ? out : out.slice(0, k2);
}
