/**
 * 32-bit hashes of stored values for the distinct-count sketch: one function per storage
 * representation (Int32Array, Float64Array, BigInt64Array, strings, byte arrays), each ending
 * in MurmurHash3's finalizer so that every output bit depends on every input bit. No
 * allocation per value (the float and bigint views share one scratch buffer).
 */

/** MurmurHash3's 32-bit finalizer. */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Hash of a 32-bit integer (integer, smallint, date, boolean as 0/1). */
export function hashInt32(v: number): number {
  return fmix32(v ^ 0x9e3779b9);
}

/**
 * Replaces each of `hs[0..n)` (an int32 value's bits) by {@link hashInt32} of that value, in
 * one loop with the mixing written out (no call per value: cheap even before the JIT optimizes).
 */
export function hashInt32Bits(hs: Uint32Array, n: number): void {
  for (let i = 0; i < n; i++) {
    let h = hs[i]! ^ 0x9e3779b9;
    h ^= h >>> 16;
    h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
    hs[i] = h >>> 0;
  }
}

const scratch = new ArrayBuffer(8);
const f64 = new Float64Array(scratch);
const i64 = new BigInt64Array(scratch);
const i32 = new Int32Array(scratch);

/** Hash of a double (-0 hashes as 0, every NaN alike). */
export function hashFloat64(v: number): number {
  f64[0] = v === 0 ? 0 : v !== v ? Number.NaN : v;
  return fmix32(i32[0]! ^ Math.imul(i32[1]!, 0x27d4eb2d));
}

/** Hash of a 64-bit integer. */
export function hashBigInt64(v: bigint): number {
  i64[0] = v;
  return fmix32(i32[0]! ^ Math.imul(i32[1]!, 0x27d4eb2d));
}

/** Hash of a string (FNV-1a over UTF-16 code units, then the finalizer). */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return fmix32(h ^ s.length);
}

/** Hash of a byte array. */
export function hashBytes(b: Uint8Array): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < b.length; i++) h = Math.imul(h ^ b[i]!, 0x01000193);
  return fmix32(h ^ b.length);
}

/** Hash of any other value, through its text form (representations added later). */
export function hashOther(v: unknown): number {
  return hashString(typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v));
}
