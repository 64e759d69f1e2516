/**
 * Gathers by row index where index -1 stands for a NULL row (the unmatched side of an outer
 * join), as leaf kernels per array type over {@link CHUNK}-row ranges (see `group-kernels.ts`
 * for why). One generic loop over every array type made each join's gather polymorphic and
 * re-optimized as queries brought new column types.
 */
import { gatherNumeric, type NumericData } from '../../types/numeric-data.ts';
import { allocData, type Vector } from '../../types/vector.ts';
import { CHUNK } from './group-kernels.ts';

function gatherIdxI32(src: Int32Array, idx: Int32Array, from: number, to: number, out: Int32Array): void {
  for (let i = from; i < to; i++) {
    const j = idx[i]!;
    out[i] = j < 0 ? 0 : src[j]!;
  }
}

function gatherIdxF64(src: Float64Array, idx: Int32Array, from: number, to: number, out: Float64Array): void {
  for (let i = from; i < to; i++) {
    const j = idx[i]!;
    out[i] = j < 0 ? 0 : src[j]!;
  }
}

function gatherIdxU8(src: Uint8Array, idx: Int32Array, from: number, to: number, out: Uint8Array): void {
  for (let i = from; i < to; i++) {
    const j = idx[i]!;
    out[i] = j < 0 ? 0 : src[j]!;
  }
}

function gatherIdxArray(src: readonly unknown[], idx: Int32Array, from: number, to: number, out: unknown[]): void {
  for (let i = from; i < to; i++) {
    const j = idx[i]!;
    if (j >= 0) out[i] = src[j]; // a NULL row keeps the array's default ('' or empty bytes)
  }
}

/** NULL flags of the gathered rows (index -1, or a NULL source row); returns how many. */
function gatherIdxNulls(vn: Uint8Array | null, idx: Int32Array, from: number, to: number, out: Uint8Array): number {
  let c = 0;
  for (let i = from; i < to; i++) {
    const j = idx[i]!;
    const b = j < 0 ? 1 : vn === null ? 0 : vn[j]!;
    out[i] = b;
    c += b;
  }
  return c;
}

/** True when some index is -1. */
function hasMissing(idx: Int32Array, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (idx[i]! < 0) return true;
  return false;
}

/** Gathers rows `idx[0..count)` of `v`; index -1 produces NULL. */
export function gatherNullable(v: Vector, idx: Int32Array, count: number): Vector {
  const src = v.data;
  const vn = v.nulls;
  let missing = false;
  for (let s = 0; s < count && !missing; s += CHUNK) missing = hasMissing(idx, s, Math.min(count, s + CHUNK));
  let nulls: Uint8Array | null = null;
  if (v.type === 'null') nulls = new Uint8Array(count).fill(1);
  else if (vn !== null || missing) {
    const out = new Uint8Array(count);
    let c = 0;
    for (let s = 0; s < count; s += CHUNK) c += gatherIdxNulls(vn, idx, s, Math.min(count, s + CHUNK), out);
    if (c > 0) nulls = out;
  }
  if (v.type === 'numeric') return { type: v.type, length: count, data: gatherNumeric(src as NumericData, idx, count), nulls };
  const data = allocData(v.type, count);
  if (src instanceof Int32Array) {
    for (let s = 0; s < count; s += CHUNK) gatherIdxI32(src, idx, s, Math.min(count, s + CHUNK), data as Int32Array);
  } else if (src instanceof Float64Array) {
    for (let s = 0; s < count; s += CHUNK) gatherIdxF64(src, idx, s, Math.min(count, s + CHUNK), data as Float64Array);
  } else if (src instanceof Uint8Array) {
    for (let s = 0; s < count; s += CHUNK) gatherIdxU8(src, idx, s, Math.min(count, s + CHUNK), data as Uint8Array);
  } else if (Array.isArray(src)) {
    for (let s = 0; s < count; s += CHUNK) gatherIdxArray(src, idx, s, Math.min(count, s + CHUNK), data as unknown[]);
  } else {
    // BigInt64Array
    const d = data as BigInt64Array, b = src as BigInt64Array;
    for (let i = 0; i < count; i++) { const j = idx[i]!; d[i] = j < 0 ? 0n : b[j]!; }
  }
  return { type: v.type, length: count, data, nulls };
}
