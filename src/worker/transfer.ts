/**
 * Moving column vectors to the page: typed arrays are copied once into buffers of their own and
 * those buffers are transferred (never the engine's: a transfer detaches the buffer on this
 * side), text columns of few distinct values go as a dictionary and codes, large ones of many
 * as UTF-8 bytes and offsets (transferred), other arrays of strings and byte strings are
 * structured-cloned; numeric columns cross as their text, like text columns (the page keeps
 * numerics as text: exact, nothing parsed there).
 */
import { dictionaryColumn, type WireVector } from '../api/worker-wire.ts';
import { numericToTexts, type NumericData } from '../types/numeric-data.ts';
import type { Vector } from '../types/vector.ts';
import { encodeUtf8Exact } from '../types/utf8.ts';

/** From this many rows on, a text column of many distinct values crosses as UTF-8 bytes rather than strings. */
const UTF8_MIN_ROWS = 1024;

/** A typed array's copy in a buffer of its own, listed for transfer. */
function own<T extends ArrayBufferView>(a: T, n: number, out: Transferable[]): T {
  const copy = (a as unknown as Int32Array).slice(0, n) as unknown as T;
  out.push(copy.buffer as ArrayBuffer);
  return copy;
}

/**
 * The first `n` rows of each vector, ready to post with `out` as the transfer list.
 *
 * @example
 * ```ts
 * const out: Transferable[] = [];
 * postMessage(transferableVectors(result.vectors, result.length, out), out);
 * ```
 */
export function transferableVectors(vectors: readonly Vector[], n: number, out: Transferable[]): WireVector[] {
  return vectors.map((v) => {
    const d = v.data;
    const nulls = v.nulls === null ? null : own(v.nulls, n, out);
    if (v.type === 'numeric' || (Array.isArray(d) && (v.type === 'text' || v.type === 'json' || v.type === 'uuid'))) {
      // numeric crosses as its PostgreSQL text (exact, display scale kept): the page never parses it
      const strings = !Array.isArray(d) ? numericToTexts(d as NumericData, n, v.nulls) : d.length === n ? d as string[] : (d as string[]).slice(0, n);
      const dict = dictionaryColumn(strings, out);
      if (dict !== null) return { type: v.type, length: n, dict: dict.dict, codes: dict.codes, nulls };
      // many distinct strings: UTF-8 bytes, transferred (strings with a lone surrogate cross as they are)
      const utf8 = n >= UTF8_MIN_ROWS ? encodeUtf8Exact(strings, v.nulls, n) : null;
      if (utf8 !== null) {
        out.push(utf8.offsets.buffer as ArrayBuffer, utf8.bytes.buffer as ArrayBuffer);
        return { type: v.type, length: n, utf8, nulls };
      }
      return { type: v.type, length: n, data: strings, nulls };
    }
    const data = Array.isArray(d) ? (d.length === n ? d : d.slice(0, n)) : own(d as Int32Array, n, out);
    return { type: v.type, length: n, data: data as Vector['data'], nulls };
  });
}
