/**
 * Vectorized casts to and from NUMERIC (the `numeric(p, s)` typmod is `types/numeric-typmod.ts`). Fast-form inputs are
 * converted with typed-array loops; the rest goes value by value through `types/numeric-value.ts`
 * (the same rules as `castValue`, which `cast.test.ts` checks).
 */
import type { DataType } from '../../types/data-type.ts';
import type { Selection, Vector } from '../../types/vector.ts';
import { cannotCast, outOfRange } from '../../types/cast-errors.ts';
import { castValue } from '../../types/cast-value.ts';
import { bigintToInt, doubleToReal } from '../../types/numeric.ts';
import {
  NumericBuilder, POW10, makeNumericData, numericFromTexts, numericAt, numericTextAt, type NumericData,
} from '../../types/numeric-data.ts';
import { numericToFloat64 } from '../../types/numeric-data-ops.ts';
import { formatNumeric, numericFromDouble, numericToInteger, parseNumeric } from '../../types/numeric-value.ts';

const I64_MIN = -(2n ** 63n), I64_MAX = 2n ** 63n - 1n;

/** Casts a vector of another type to numeric (typmod not applied). */
export function castToNumeric(v: Vector, sel: Selection): NumericData {
  const n = v.length;
  const m = sel === null ? n : sel.length;
  const nulls = v.nulls;
  switch (v.type) {
    case 'smallint': case 'integer': {
      const src = v.data as Int32Array;
      const f = new Float64Array(n);
      for (let k = 0; k < m; k++) { const i = sel === null ? k : sel[k]!; f[i] = src[i]!; }
      return makeNumericData(0, f, null, null);
    }
    case 'bigint': {
      const src = v.data as BigInt64Array;
      const bld = new NumericBuilder(n);
      const f = new Float64Array(n);
      let fits = true;
      for (let k = 0; k < m; k++) {
        const i = sel === null ? k : sel[k]!;
        const x = src[i]!;
        if (x > 9007199254740991n || x < -9007199254740991n) { fits = false; break; }
        f[i] = Number(x);
      }
      if (fits) return makeNumericData(0, f, null, null);
      for (let k = 0; k < m; k++) { const i = sel === null ? k : sel[k]!; bld.set(i, src[i]!, 0); }
      return bld.finish();
    }
    case 'double': {
      // a double whose shortest text has at most 15 significant digits is that text under %.15g
      // (the exact value is within half an ulp of it, far inside the 15-digit rounding step)
      const src = v.data as Float64Array;
      const texts = new Array<string | null>(n).fill(null);
      for (let k = 0; k < m; k++) {
        const i = sel === null ? k : sel[k]!;
        if (nulls !== null && nulls[i] === 1) continue;
        const x = src[i]!;
        const t = String(x);
        texts[i] = significantDigits(t) <= 15 ? t : formatNumeric(numericFromDouble(x, 15));
      }
      return numericFromTexts(texts);
    }
    case 'real': {
      const src = v.data as Float64Array;
      const digits = v.type === 'real' ? 6 : 15;
      const lim = v.type === 'real' ? 1e6 : 1e15;
      const bld = new NumericBuilder(n);
      for (let k = 0; k < m; k++) {
        const i = sel === null ? k : sel[k]!;
        if (nulls !== null && nulls[i] === 1) continue;
        const x = src[i]!;
        // integers of at most `digits` digits need no text round trip
        if (x === Math.trunc(x) && x < lim && x > -lim) bld.set(i, BigInt(x), 0);
        else bld.setValue(i, numericFromDouble(x, digits));
      }
      return bld.finish();
    }
    case 'text': {
      const src = v.data as string[];
      const texts = new Array<string | null>(n).fill(null);
      for (let k = 0; k < m; k++) { const i = sel === null ? k : sel[k]!; if (nulls === null || nulls[i] !== 1) texts[i] = src[i]!; }
      return numericFromTexts(texts);
    }
    case 'json': {
      const src = v.data as string[];
      const bld = new NumericBuilder(n);
      for (let k = 0; k < m; k++) {
        const i = sel === null ? k : sel[k]!;
        if (nulls !== null && nulls[i] === 1) continue;
        bld.setValue(i, parseNumeric(v.type === 'json' ? jsonNumberText(src[i]!) : src[i]!));
      }
      return bld.finish();
    }
    case 'numeric': return v.data as NumericData;
    default: throw cannotCast(v.type, 'numeric');
  }
}

/** Significant digits of a plain decimal text; 99 for exponent forms and special values. */
function significantDigits(t: string): number {
  let d = 0;
  let lead = true;
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      if (lead && c === 48) continue;
      lead = false;
      d++;
    } else if (c !== 46 && c !== 45) return 99;
  }
  return d;
}

/** The text of a JSON number (`'1.5'::json::numeric`); other JSON values fail as `castValue` does. */
function jsonNumberText(text: string): string {
  const t = text.trim();
  if (/^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/.test(t)) return t;
  return castValue(text, 'json', 'numeric') as string;
}

/** Casts numeric data to another type (the target's data; NULL positions unspecified). */
export function castFromNumeric(a: NumericData, to: DataType, n: number, nulls: Uint8Array | null, sel: Selection): Vector['data'] {
  const m = sel === null ? n : sel.length;
  switch (to) {
    case 'smallint': case 'integer': case 'bigint': {
      const out = to === 'bigint' ? new BigInt64Array(n) : new Int32Array(n);
      const lo = to === 'smallint' ? -32768 : -2147483648, hi = to === 'smallint' ? 32767 : 2147483647;
      const f = a.f;
      const S = a.scale;
      if (a.b === null && S <= 22) {
        const p = POW10[S]!;
        for (let k = 0; k < m; k++) {
          const i = sel === null ? k : sel[k]!;
          if (nulls !== null && nulls[i] === 1) continue;
          const x = f[i]!;
          if (!(x === x && x !== Infinity && x !== -Infinity)) numericToInteger(numericAt(a, i), to);
          let q = x;
          if (S > 0) {
            q = Math.trunc(x / p); // exact: |x| < 2^53 (see numeric-data.ts)
            const r = x - q * p;
            if ((r < 0 ? -r : r) * 2 >= p) q += x < 0 ? -1 : 1;
          }
          if (to === 'bigint') {
            (out as BigInt64Array)[i] = BigInt(q);
          } else {
            if (q < lo || q > hi) throw outOfRange(to);
            (out as Int32Array)[i] = q + 0;
          }
        }
        return out;
      }
      for (let k = 0; k < m; k++) {
        const i = sel === null ? k : sel[k]!;
        if (nulls !== null && nulls[i] === 1) continue;
        const q = numericToInteger(numericAt(a, i), to);
        if (to === 'bigint') {
          if (q < I64_MIN || q > I64_MAX) throw outOfRange('bigint');
          (out as BigInt64Array)[i] = q;
        } else {
          (out as Int32Array)[i] = bigintToInt(q, to);
        }
      }
      return out;
    }
    case 'double': case 'real': {
      const out = numericToFloat64(a, n, sel, nulls);
      for (let k = 0; k < m; k++) {
        const i = sel === null ? k : sel[k]!;
        if (nulls !== null && nulls[i] === 1) continue;
        const x = out[i]!;
        if ((x === Infinity || x === -Infinity) && (a.f[i] === 0 || (a.f[i]! > -Infinity && a.f[i]! < Infinity))) throw outOfRange(to);
        if (to === 'real' && x === x && x !== Infinity && x !== -Infinity) out[i] = doubleToReal(x);
      }
      return out;
    }
    case 'text': {
      const out = new Array<string>(n).fill('');
      for (let k = 0; k < m; k++) {
        const i = sel === null ? k : sel[k]!;
        if (nulls !== null && nulls[i] === 1) continue;
        out[i] = numericTextAt(a, i);
      }
      return out;
    }
    case 'numeric': return a;
    default: throw cannotCast('numeric', to);
  }
}
