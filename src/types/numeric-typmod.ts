/**
 * The `numeric(p, s)` typmod over numeric vector data: round half away from zero to the scale,
 * 22003 `numeric field overflow` past the precision (PostgreSQL's `apply_typmod`). Used by
 * casts (`CAST(x AS numeric(10, 2))`) and by numeric columns when values are stored.
 */
import type { Selection } from './vector.ts';
import { NumericBuilder, POW10, makeNumericData, numericAt, type NumericData } from './numeric-data.ts';
import { applyNumericTypmod, numericFieldOverflow, type NumericTypmod } from './numeric-value.ts';

/**
 * Applies `numeric(p, s)` to numeric data: one typed-array loop for fast-form data when the
 * precision fits 2^53 (p ≤ 15), the value-level rule otherwise. NaN passes; ±Infinity and
 * values needing more than p - s integer digits fail with 22003.
 *
 * @example
 * ```ts
 * numericTextAt(applyTypmod(numericFromValues([parseNumeric('1.255')]), { precision: 5, scale: 2 }, 1, null, null), 0); // '1.26'
 * ```
 */
export function applyTypmod(a: NumericData, t: NumericTypmod, n: number, nulls: Uint8Array | null, sel: Selection): NumericData {
  const m = sel === null ? n : sel.length;
  const s = t.scale, S = a.scale;
  if (a.b === null && s >= 0 && t.precision <= 15 && Math.abs(S - s) <= 22) {
    const lim = POW10[t.precision]!;
    const f = a.f;
    const out = new Float64Array(n);
    if (S <= s) {
      const mul = POW10[s - S]!;
      for (let k = 0; k < m; k++) {
        const i = sel === null ? k : sel[k]!;
        const x = f[i]! * mul;
        if (!(x < lim && x > -lim)) {
          if (nulls !== null && nulls[i] === 1) continue;
          if (x !== x) { out[i] = NaN; continue; }
          throw numericFieldOverflow(t, x === Infinity || x === -Infinity);
        }
        out[i] = x;
      }
    } else {
      const p = POW10[S - s]!;
      for (let k = 0; k < m; k++) {
        const i = sel === null ? k : sel[k]!;
        const x = f[i]!;
        let q = Math.trunc(x / p); // exact: |x| < 2^53
        const r = x - q * p;
        if ((r < 0 ? -r : r) * 2 >= p) q += x < 0 ? -1 : 1;
        if (!(q < lim && q > -lim)) {
          if (nulls !== null && nulls[i] === 1) continue;
          if (x !== x) { out[i] = NaN; continue; }
          throw numericFieldOverflow(t, x === Infinity || x === -Infinity);
        }
        out[i] = q + 0;
      }
    }
    return makeNumericData(s, out, null, null);
  }
  const bld = new NumericBuilder(n);
  for (let k = 0; k < m; k++) {
    const i = sel === null ? k : sel[k]!;
    if (nulls !== null && nulls[i] === 1) continue;
    bld.setValue(i, applyNumericTypmod(numericAt(a, i), t));
  }
  return bld.finish();
}
