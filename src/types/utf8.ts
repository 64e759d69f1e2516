/**
 * Text as UTF-8 bytes with offsets (Arrow's Utf8 layout): how a large text column crosses from
 * the Worker to the page (transferred, nothing cloned string by string) and how the page hands it
 * to Arrow without re-encoding. No dependencies, so the worker can use it without apache-arrow.
 */

/** A text column as UTF-8: value `i` is `bytes[offsets[i] … offsets[i + 1])`. */
export interface Utf8Column {
  readonly offsets: Int32Array;
  readonly bytes: Uint8Array;
}

/**
 * Encodes strings into UTF-8 bytes with Int32 offsets (Arrow's Utf8 layout), skipping NULL
 * positions; a lone surrogate becomes U+FFFD, as `TextEncoder` does.
 *
 * @example
 * ```ts
 * encodeUtf8(['a', 'é'], null, 2);   // { offsets: Int32Array [0, 1, 3], bytes: Uint8Array [97, 195, 169] }
 * ```
 */
export function encodeUtf8(values: readonly string[], nulls: Uint8Array | null, length: number): Utf8Column {
  return encode(values, nulls, length, false)!;
}

/**
 * {@link encodeUtf8}, or null when a value holds a lone surrogate (not valid Unicode: UTF-8
 * cannot carry it, so such a column must cross as strings to stay exact).
 *
 * @example
 * ```ts
 * encodeUtf8Exact(['a\ud800'], null, 1);   // null
 * ```
 */
export function encodeUtf8Exact(values: readonly string[], nulls: Uint8Array | null, length: number): Utf8Column | null {
  return encode(values, nulls, length, true);
}

function encode(values: readonly string[], nulls: Uint8Array | null, length: number, exact: boolean): Utf8Column | null {
  let cap = 0;
  for (let i = 0; i < length; i++) {
    if (nulls !== null && nulls[i] === 1) continue;
    const s = values[i];
    if (s !== undefined) cap += s.length;
  }
  let bytes = new Uint8Array(cap + 16);
  const offsets = new Int32Array(length + 1);
  let p = 0;
  for (let i = 0; i < length; i++) {
    offsets[i] = p;
    if (nulls !== null && nulls[i] === 1) continue;
    const s = values[i];
    if (s === undefined || s.length === 0) continue;
    // Worst case 3 bytes per UTF-16 unit; grow once when the ASCII estimate is exceeded.
    if (p + s.length * 3 > bytes.length) {
      const grown = new Uint8Array(Math.max(bytes.length * 2, p + s.length * 3));
      grown.set(bytes.subarray(0, p));
      bytes = grown;
    }
    // Hand-inlined encoder: no allocation per string (TextEncoder.encode allocates each call).
    for (let j = 0; j < s.length; j++) {
      let c = s.charCodeAt(j);
      if (c < 0x80) {
        bytes[p++] = c;
      } else if (c < 0x800) {
        bytes[p++] = 0xc0 | (c >> 6);
        bytes[p++] = 0x80 | (c & 63);
      } else if (c >= 0xd800 && c <= 0xdbff && j + 1 < s.length
        && (s.charCodeAt(j + 1) & 0xfc00) === 0xdc00) {
        c = 0x10000 + ((c - 0xd800) << 10) + (s.charCodeAt(++j) - 0xdc00);
        bytes[p++] = 0xf0 | (c >> 18);
        bytes[p++] = 0x80 | ((c >> 12) & 63);
        bytes[p++] = 0x80 | ((c >> 6) & 63);
        bytes[p++] = 0x80 | (c & 63);
      } else {
        if (c >= 0xd800 && c <= 0xdfff) {
          if (exact) return null;
          c = 0xfffd; // lone surrogate, as TextEncoder does
        }
        bytes[p++] = 0xe0 | (c >> 12);
        bytes[p++] = 0x80 | ((c >> 6) & 63);
        bytes[p++] = 0x80 | (c & 63);
      }
    }
  }
  offsets[length] = p;
  return { offsets, bytes: bytes.subarray(0, p) };
}

let decoder: TextDecoder | null = null;

/**
 * Decodes the first `n` values of a UTF-8 column (NULL positions, per `nulls`, give '').
 * ASCII values are built without the decoder.
 *
 * @example
 * ```ts
 * decodeUtf8(encodeUtf8(['a', 'é'], null, 2), null, 2);   // ['a', 'é']
 * ```
 */
export function decodeUtf8(col: Utf8Column, nulls: Uint8Array | null, n: number): string[] {
  const { offsets, bytes } = col;
  const out = new Array<string>(n);
  for (let i = 0; i < n; i++) {
    const a = offsets[i]!, b = offsets[i + 1]!;
    if (a === b || (nulls !== null && nulls[i] === 1)) { out[i] = ''; continue; }
    let ascii = b - a <= 64;
    for (let k = a; ascii && k < b; k++) ascii = bytes[k]! < 0x80;
    if (ascii) {
      let s = '';
      for (let k = a; k < b; k++) s += String.fromCharCode(bytes[k]!);
      out[i] = s;
    } else {
      decoder ??= new TextDecoder();
      out[i] = decoder.decode(bytes.subarray(a, b));
    }
  }
  return out;
}

/**
 * A dictionary-coded text column (`dict[codes[i]]`) as UTF-8, each entry encoded once and its
 * bytes copied per row (no string per row).
 *
 * @example
 * ```ts
 * dictionaryToUtf8(['x', 'yy'], Int32Array.of(1, 0, 1), null, 3).bytes.length;   // 5
 * ```
 */
export function dictionaryToUtf8(dict: readonly string[], codes: Int32Array, nulls: Uint8Array | null, n: number): Utf8Column {
  const entries = encodeUtf8(dict, null, dict.length);
  const eo = entries.offsets, eb = entries.bytes;
  const offsets = new Int32Array(n + 1);
  let total = 0;
  for (let i = 0; i < n; i++) {
    offsets[i] = total;
    if (nulls !== null && nulls[i] === 1) continue;
    const c = codes[i]!;
    total += eo[c + 1]! - eo[c]!;
  }
  offsets[n] = total;
  const bytes = new Uint8Array(total);
  for (let i = 0; i < n; i++) {
    const from = offsets[i]!, to = offsets[i + 1]!;
    if (to === from) continue;
    const c = codes[i]!;
    bytes.set(eb.subarray(eo[c]!, eo[c + 1]!), from);
  }
  return { offsets, bytes };
}
