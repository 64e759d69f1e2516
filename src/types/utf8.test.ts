import { describe, expect, it } from 'vitest';
import { decodeUtf8, dictionaryToUtf8, encodeUtf8, encodeUtf8Exact } from './utf8.ts';

describe('UTF-8 columns', () => {
  const values = ['', 'a', 'héllo', '😀 e\u0301', 'עברית', 'x'.repeat(100) + 'é'];

  it('encode then decode gives every value back, NULL positions as empty', () => {
    const nulls = Uint8Array.of(0, 0, 0, 1, 0, 0);
    const col = encodeUtf8(values, nulls, values.length);
    expect(Array.from(col.offsets)).toEqual([0, 0, 1, 7, 7, 17, 119]);
    expect(decodeUtf8(col, nulls, values.length)).toEqual(['', 'a', 'héllo', '', 'עברית', 'x'.repeat(100) + 'é']);
    expect(decodeUtf8(encodeUtf8(values, null, 6), null, 6)).toEqual(values);
    expect(new TextDecoder().decode(col.bytes.subarray(1, 7))).toBe('héllo');
  });

  it('a lone surrogate: U+FFFD in the lenient form, no exact form', () => {
    expect(decodeUtf8(encodeUtf8(['a\ud800b'], null, 1), null, 1)).toEqual(['a\ufffdb']);
    expect(encodeUtf8Exact(['ok', 'a\udc00'], null, 2)).toBeNull();
    expect(encodeUtf8Exact(['ok', 'a\udc00'], Uint8Array.of(0, 1), 2)).not.toBeNull();   // NULL: not encoded
    expect(decodeUtf8(encodeUtf8Exact(['😀'], null, 1)!, null, 1)).toEqual(['😀']);
  });

  it('a dictionary column expands to the bytes its codes name', () => {
    const col = dictionaryToUtf8(['x', 'éé'], Int32Array.of(1, 0, 1, 0), Uint8Array.of(0, 0, 0, 1), 4);
    expect(Array.from(col.offsets)).toEqual([0, 4, 5, 9, 9]);
    expect(decodeUtf8(col, Uint8Array.of(0, 0, 0, 1), 4)).toEqual(['éé', 'x', 'éé', '']);
  });
});
