/**
 * String columns that are not valid Unicode, in segments. A JS string may hold a lone UTF-16
 * surrogate, which has no UTF-8 form: Arrow's Utf8 would turn it into U+FFFD. A flushed string
 * column holding one is written instead as Arrow `Binary` of little-endian UTF-16 code units,
 * marked by the field metadata {@link ENCODING_METADATA_KEY} = {@link UTF16_ENCODING}, and
 * read back unit for unit: a string reads back from a segment exactly as it was written to the
 * log. Columns of valid strings (all of them, in practice) stay Utf8.
 */
import { Binary, Field, makeData, type Data, type Vector as ArrowVector } from 'apache-arrow';
import type { DataType } from '../../types/data-type.ts';
import { ARROW_TYPE_METADATA_KEY } from '../../types/arrow.ts';
import type { Vector } from '../../types/vector.ts';

/** Field-metadata key naming a segment column's string encoding when it is not Arrow's own. */
export const ENCODING_METADATA_KEY = 'inkdb:encoding';

/** {@link ENCODING_METADATA_KEY} value of a string column stored as UTF-16LE code units. */
export const UTF16_ENCODING = 'utf-16le';

const wellFormed = (String.prototype as { isWellFormed?: (this: string) => boolean }).isWellFormed;

/** True when `s` holds no lone surrogate (it has a UTF-8 form). */
export function isWellFormedString(s: string): boolean {
  if (wellFormed !== undefined) return wellFormed.call(s);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c & 0xf800) !== 0xd800) continue;
    if (c >= 0xdc00 || i + 1 >= s.length || (s.charCodeAt(i + 1) & 0xfc00) !== 0xdc00) return false;
    i++;
  }
  return true;
}

/** True when no non-NULL value among the first `n` holds a lone surrogate. */
export function isWellFormedColumn(v: Vector, n: number): boolean {
  const d = v.data as string[];
  const nulls = v.nulls;
  for (let i = 0; i < n; i++) {
    if (nulls !== null && nulls[i] === 1) continue;
    if (!isWellFormedString(d[i]!)) return false;
  }
  return true;
}

/** The column as Arrow Binary of UTF-16LE code units, with its field. */
export function utf16Column(name: string, type: DataType, v: Vector, n: number): { field: Field; data: Data } {
  const d = v.data as string[];
  const nulls = v.nulls;
  const offsets = new Int32Array(n + 1);
  let units = 0;
  for (let i = 0; i < n; i++) {
    offsets[i] = units * 2;
    if (nulls === null || nulls[i] !== 1) units += d[i]!.length;
  }
  offsets[n] = units * 2;
  const codes = new Uint16Array(units);
  let nullCount = 0;
  let bitmap: Uint8Array | undefined;
  if (nulls !== null) bitmap = new Uint8Array(((n + 63) & ~63) >> 3);
  for (let i = 0, p = 0; i < n; i++) {
    if (nulls !== null && nulls[i] === 1) { nullCount++; continue; }
    if (bitmap !== undefined) bitmap[i >> 3]! |= 1 << (i & 7);
    const s = d[i]!;
    for (let j = 0; j < s.length; j++) codes[p++] = s.charCodeAt(j);
  }
  const bytes = new Uint8Array(codes.buffer);
  if (!littleEndian()) for (let i = 0; i < bytes.length; i += 2) { const t = bytes[i]!; bytes[i] = bytes[i + 1]!; bytes[i + 1] = t; }
  const binary = new Binary();
  const data = makeData({
    type: binary, length: n, nullCount, nullBitmap: nullCount === 0 ? undefined : bitmap, valueOffsets: offsets, data: bytes,
  });
  const meta = new Map([[ARROW_TYPE_METADATA_KEY, type], [ENCODING_METADATA_KEY, UTF16_ENCODING]]);
  return { field: new Field(name, binary, true, meta), data };
}

function littleEndian(): boolean {
  return new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;
}

/** Code units [from, to) of `u` as a string, exactly (no replacement of lone surrogates). */
function unitsToString(u: Uint16Array, from: number, to: number): string {
  const CHUNK = 8192;   // stay far below engines' argument-count limits
  if (to - from <= CHUNK) return String.fromCharCode.apply(null, u.subarray(from, to) as unknown as number[]);
  let s = '';
  for (let i = from; i < to; i += CHUNK) s += String.fromCharCode.apply(null, u.subarray(i, Math.min(to, i + CHUNK)) as unknown as number[]);
  return s;
}

/** Reads a column written by {@link utf16Column}: the strings and the null mask (null when none is NULL). */
export function readUtf16Column(child: ArrowVector, n: number): { data: string[]; nulls: Uint8Array | null } {
  const out = new Array<string>(n);
  const nulls = new Uint8Array(n);
  let anyNull = false;
  let at = 0;
  const le = littleEndian();
  for (const d of child.data as readonly Data[]) {
    let bytes = d.values as Uint8Array;
    // a Uint16Array view needs an even offset (Arrow aligns buffers to 8 bytes; copy otherwise)
    if ((bytes.byteOffset & 1) !== 0 || !le) bytes = bytes.slice();
    if (!le) for (let i = 0; i + 1 < bytes.length; i += 2) { const t = bytes[i]!; bytes[i] = bytes[i + 1]!; bytes[i + 1] = t; }
    const u = new Uint16Array(bytes.buffer, bytes.byteOffset, bytes.length >> 1);
    const offs = d.valueOffsets as Int32Array;
    const bm = d.nullCount > 0 ? d.nullBitmap : undefined;
    const off = d.offset;
    for (let i = 0; i < d.length; i++) {
      const k = off + i;
      if (bm !== undefined && ((bm[k >> 3]! >> (k & 7)) & 1) === 0) {
        out[at + i] = '';
        nulls[at + i] = 1;
        anyNull = true;
        continue;
      }
      out[at + i] = unitsToString(u, offs[k]! >> 1, offs[k + 1]! >> 1);
    }
    at += d.length;
  }
  return { data: out, nulls: anyNull ? nulls : null };
}
