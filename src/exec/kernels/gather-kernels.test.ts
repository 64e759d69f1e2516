import { describe, expect, it } from 'vitest';
import type { DataType } from '../../types/data-type.ts';
import { valueAt, vectorFromValues, type JsValue } from '../../types/vector.ts';
import { gatherNullable } from './gather-kernels.ts';

function values(type: DataType, src: readonly JsValue[], idx: readonly number[]): JsValue[] {
  const v = gatherNullable(vectorFromValues(type, src), Int32Array.from(idx), idx.length);
  expect(v.length).toBe(idx.length);
  return Array.from({ length: idx.length }, (_, i) => valueAt(v, i));
}

describe('gatherNullable', () => {
  const idx = [2, -1, 0, 2, 1];
  it('gathers each array type; index -1 and NULL source rows give NULL', () => {
    expect(values('integer', [10, null, 30], idx)).toEqual([30, null, 10, 30, null]);
    expect(values('double', [1.5, 2.5, null], idx)).toEqual([null, null, 1.5, null, 2.5]);
    expect(values('boolean', [true, false, true], idx)).toEqual([true, null, true, true, false]);
    expect(values('text', ['a', 'b', 'c'], idx)).toEqual(['c', null, 'a', 'c', 'b']);
    expect(values('bigint', [1n, 2n, 3n], idx)).toEqual([3n, null, 1n, 3n, 2n]);
    expect(values('numeric', ['1.50', '2', null], idx)).toEqual([null, null, '1.50', null, '2']);
  });
  it('no NULL mask when nothing is NULL', () => {
    const v = gatherNullable(vectorFromValues('integer', [4, 5, 6]), Int32Array.from([2, 0]), 2);
    expect(v.nulls).toBeNull();
    expect(Array.from(v.data as Int32Array)).toEqual([6, 4]);
  });
  it('over more rows than one kernel chunk', () => {
    const n = 40_000;
    const src = Array.from({ length: 100 }, (_, i) => i * 3);
    const ix = Array.from({ length: n }, (_, i) => (i % 7 === 0 ? -1 : i % 100));
    const v = gatherNullable(vectorFromValues('integer', src), Int32Array.from(ix), n);
    for (const i of [0, 1, 16_383, 16_384, 39_999]) expect(valueAt(v, i)).toBe(ix[i]! < 0 ? null : ix[i]! * 3);
  });
});
