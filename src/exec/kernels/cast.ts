/**
 * The vectorized cast (`castVector`): picks one loop per (from, to) pair per call and runs it
 * over the typed arrays and the selection vector. Hot pairs (numeric ↔ numeric, text ↔
 * numbers, date ↔ timestamp, relabels between string types) have dedicated loops; the rest run
 * the value-level cast (`types/cast-value.ts`) per selected row. Both levels must agree (see
 * `types/cast.test.ts`).
 */
import { allocData, nullVector } from '../../types/vector.ts';
import type { JsValue, Selection, Vector, VectorData } from '../../types/vector.ts';
import type { DataType } from '../../types/data-type.ts';
import { canCast } from '../../types/cast-rules.ts';
import { cannotCast, outOfRange } from '../../types/cast-errors.ts';
import { INT16_MAX, INT16_MIN, bigintToInt, doubleToBigint, doubleToInt, doubleToReal } from '../../types/numeric.ts';
import { DATE_INFINITY, DATE_NEG_INFINITY, MS_PER_DAY, dateToTimestamp, formatDate, formatTimestamp, timestampToDate } from '../../types/calendar.ts';
import { formatDouble, formatReal } from '../../types/format-text.ts';
import { parseDoubleText, parseInt32Text, parseJsonText } from '../../types/parse-text.ts';
import { castValue } from '../../types/cast-value.ts';
import type { NumericData } from '../../types/numeric-data.ts';
import { castFromNumeric, castToNumeric } from './numeric-cast.ts';

/**
 * Casts a vector to `target`. The result has the same length and the same null positions;
 * only the positions in `sel` (all when null) are computed, others hold unspecified data.
 * The null mask is shared with the input (never mutate a cast result's mask in place).
 * Casting between string types that need no check (json/uuid → text) relabels without copying.
 * Errors are those of {@link castValue} for the first failing selected row.
 *
 * @example
 * ```ts
 * const v = vectorFromValues('text', ['1', ' 2 ', null]);
 * castVector(v, 'integer', null).data; // Int32Array [1, 2, 0], nulls [0, 0, 1]
 * ```
 */
export function castVector(v: Vector, target: DataType, sel: Selection): Vector {
  const from = v.type;
  if (from === target) return v;
  if (!canCast(from, target)) throw cannotCast(from, target);
  const n = v.length;
  if (from === 'null') return nullVector(target, n);
  const nulls = v.nulls;
  // Relabels: same layout, no check needed.
  if ((from === 'json' || from === 'uuid') && target === 'text') {
    return { type: target, length: n, data: v.data, nulls };
  }
  if (target === 'numeric') return { type: target, length: n, data: castToNumeric(v, sel), nulls };
  if (from === 'numeric') return { type: target, length: n, data: castFromNumeric(v.data as NumericData, target, n, nulls, sel), nulls };
  const out = allocData(target, n);
  const src = v.data;
  const m = sel === null ? n : sel.length;
  switch (from) {
    case 'smallint': case 'integer': case 'date':
      if (castFromInt32(src as Int32Array, from, target, out, nulls, sel, m)) break;
      castGeneric(v, target, out, sel, m);
      break;
    case 'real': case 'double': case 'timestamp':
      if (castFromFloat64(src as Float64Array, from, target, out, nulls, sel, m)) break;
      castGeneric(v, target, out, sel, m);
      break;
    case 'bigint':
      if (castFromBigint(src as BigInt64Array, target, out, nulls, sel, m)) break;
      castGeneric(v, target, out, sel, m);
      break;
    case 'text':
      if (castFromText(src as string[], target, out, nulls, sel, m)) break;
      castGeneric(v, target, out, sel, m);
      break;
    default:
      castGeneric(v, target, out, sel, m);
      break;
  }
  return { type: target, length: n, data: out, nulls };
}

/** Per-row reference cast for the rare pairs. */
function castGeneric(v: Vector, target: DataType, out: VectorData, sel: Selection, m: number): void {
  const nulls = v.nulls;
  const from = v.type;
  const src = v.data;
  const boolSrc = from === 'boolean';
  const boolDst = target === 'boolean';
  const o = out as unknown as JsValue[];
  for (let k = 0; k < m; k++) {
    const i = sel === null ? k : sel[k]!;
    if (nulls !== null && nulls[i] === 1) continue;
    const x = boolSrc ? (src as Uint8Array)[i] === 1 : (src as ArrayLike<JsValue>)[i]!;
    const y = castValue(x, from, target);
    if (boolDst) (out as Uint8Array)[i] = y ? 1 : 0;
    else o[i] = y;
  }
}

/** Int32-backed sources (smallint, integer, date). Returns false when the pair is not handled. */
function castFromInt32(src: Int32Array, from: DataType, to: DataType, out: VectorData, nulls: Uint8Array | null,
  sel: Selection, m: number): boolean {
  if (from === 'date') {
    if (to === 'timestamp') {
      const o = out as Float64Array;
      for (let k = 0; k < m; k++) {
        const i = sel === null ? k : sel[k]!;
        const d = src[i]!;
        o[i] = d === DATE_INFINITY || d === DATE_NEG_INFINITY ? dateToTimestamp(d) : d * MS_PER_DAY;
      }
      return true;
    }
    if (to === 'text') {
      const o = out as string[];
      for (let k = 0; k < m; k++) {
        const i = sel === null ? k : sel[k]!;
        if (nulls !== null && nulls[i] === 1) continue;
        o[i] = formatDate(src[i]!);
      }
      return true;
    }
    return false;
  }
  switch (to) {
    case 'smallint': case 'integer': {
      const o = out as Int32Array;
      const narrow = to === 'smallint';
      for (let k = 0; k < m; k++) {
        const i = sel === null ? k : sel[k]!;
        const x = src[i]!;
        if (narrow && (x < INT16_MIN || x > INT16_MAX) && (nulls === null || nulls[i] !== 1)) throw outOfRange('smallint');
        o[i] = x;
      }
      return true;
    }
    case 'bigint': {
      const o = out as BigInt64Array;
      for (let k = 0; k < m; k++) {
        const i = sel === null ? k : sel[k]!;
        o[i] = BigInt(src[i]!);
      }
      return true;
    }
    case 'real': case 'double': {
      const o = out as Float64Array;
      // int32 → float32 may round (|x| > 2^24); fround only when needed.
      if (to === 'real') {
        for (let k = 0; k < m; k++) { const i = sel === null ? k : sel[k]!; o[i] = Math.fround(src[i]!); }
      } else {
        for (let k = 0; k < m; k++) { const i = sel === null ? k : sel[k]!; o[i] = src[i]!; }
      }
      return true;
    }
    case 'boolean': {
      const o = out as Uint8Array;
      for (let k = 0; k < m; k++) { const i = sel === null ? k : sel[k]!; o[i] = src[i] !== 0 ? 1 : 0; }
      return true;
    }
    case 'text': {
      const o = out as string[];
      for (let k = 0; k < m; k++) {
        const i = sel === null ? k : sel[k]!;
        if (nulls !== null && nulls[i] === 1) continue;
        o[i] = String(src[i]!);
      }
      return true;
    }
    default:
      return false;
  }
}

/** Float64-backed sources (real, double, timestamp). */
function castFromFloat64(src: Float64Array, from: DataType, to: DataType, out: VectorData, nulls: Uint8Array | null,
  sel: Selection, m: number): boolean {
  if (from === 'timestamp') {
    if (to === 'date') {
      const o = out as Int32Array;
      for (let k = 0; k < m; k++) {
        const i = sel === null ? k : sel[k]!;
        if (nulls !== null && nulls[i] === 1) continue;
        o[i] = timestampToDate(src[i]!);
      }
      return true;
    }
    if (to === 'text') {
      const o = out as string[];
      for (let k = 0; k < m; k++) {
        const i = sel === null ? k : sel[k]!;
        if (nulls !== null && nulls[i] === 1) continue;
        o[i] = formatTimestamp(src[i]!);
      }
      return true;
    }
    return false;
  }
  switch (to) {
    case 'smallint': case 'integer': {
      const o = out as Int32Array;
      for (let k = 0; k < m; k++) {
        const i = sel === null ? k : sel[k]!;
        if (nulls !== null && nulls[i] === 1) continue;
        o[i] = doubleToInt(src[i]!, to);
      }
      return true;
    }
    case 'bigint': {
      const o = out as BigInt64Array;
      for (let k = 0; k < m; k++) {
        const i = sel === null ? k : sel[k]!;
        if (nulls !== null && nulls[i] === 1) continue;
        o[i] = doubleToBigint(src[i]!);
      }
      return true;
    }
    case 'real': case 'double': {
      const o = out as Float64Array;
      if (to === 'real' && from === 'double') {
        for (let k = 0; k < m; k++) {
          const i = sel === null ? k : sel[k]!;
          if (nulls !== null && nulls[i] === 1) continue;
          o[i] = doubleToReal(src[i]!);
        }
      } else {
        for (let k = 0; k < m; k++) { const i = sel === null ? k : sel[k]!; o[i] = src[i]!; }
      }
      return true;
    }
    case 'text': {
      const o = out as string[];
      const real = from === 'real';
      for (let k = 0; k < m; k++) {
        const i = sel === null ? k : sel[k]!;
        if (nulls !== null && nulls[i] === 1) continue;
        o[i] = real ? formatReal(src[i]!) : formatDouble(src[i]!);
      }
      return true;
    }
    default:
      return false;
  }
}

function castFromBigint(src: BigInt64Array, to: DataType, out: VectorData, nulls: Uint8Array | null,
  sel: Selection, m: number): boolean {
  switch (to) {
    case 'smallint': case 'integer': {
      const o = out as Int32Array;
      for (let k = 0; k < m; k++) {
        const i = sel === null ? k : sel[k]!;
        if (nulls !== null && nulls[i] === 1) continue;
        o[i] = bigintToInt(src[i]!, to);
      }
      return true;
    }
    case 'real': case 'double': {
      const o = out as Float64Array;
      const real = to === 'real';
      for (let k = 0; k < m; k++) {
        const i = sel === null ? k : sel[k]!;
        const x = Number(src[i]!);
        o[i] = real ? Math.fround(x) : x;
      }
      return true;
    }
    case 'text': {
      const o = out as string[];
      for (let k = 0; k < m; k++) {
        const i = sel === null ? k : sel[k]!;
        if (nulls !== null && nulls[i] === 1) continue;
        o[i] = String(src[i]!);
      }
      return true;
    }
    default:
      return false;
  }
}

function castFromText(src: string[], to: DataType, out: VectorData, nulls: Uint8Array | null,
  sel: Selection, m: number): boolean {
  switch (to) {
    case 'smallint': case 'integer': {
      const o = out as Int32Array;
      for (let k = 0; k < m; k++) {
        const i = sel === null ? k : sel[k]!;
        if (nulls !== null && nulls[i] === 1) continue;
        o[i] = parseInt32Text(src[i]!, to);
      }
      return true;
    }
    case 'real': case 'double': {
      const o = out as Float64Array;
      for (let k = 0; k < m; k++) {
        const i = sel === null ? k : sel[k]!;
        if (nulls !== null && nulls[i] === 1) continue;
        o[i] = parseDoubleText(src[i]!, to);
      }
      return true;
    }
    case 'json': {
      const o = out as string[];
      for (let k = 0; k < m; k++) {
        const i = sel === null ? k : sel[k]!;
        if (nulls !== null && nulls[i] === 1) continue;
        o[i] = parseJsonText(src[i]!);
      }
      return true;
    }
    default:
      return false;
  }
}
