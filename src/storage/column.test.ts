import { describe, expect, it } from 'vitest';
import { ColumnStore } from './column.ts';
import { vectorFromValues } from '../types/vector.ts';
import type { NumericData } from '../types/numeric-data.ts';
import { numericTextAt } from '../types/numeric-data.ts';

describe('NUMERIC(p, s) column storage', () => {
  it('stores every value at scale s with no per-value display scales', () => {
    const c = new ColumnStore('numeric', 4, { precision: 15, scale: 2 });
    c.appendVector(vectorFromValues('numeric', ['1.5', '2', '-0.125', null]), 0, null, 4);
    c.appendVector(vectorFromValues('numeric', ['3.333']), 4, null, 1);
    c.set(1, '7.1');
    const v = c.view(5);
    const d = v.data as NumericData;
    expect(d.scale).toBe(2);
    expect(d.d).toBeNull();
    expect([0, 1, 2, 4].map((i) => numericTextAt(d, i))).toEqual(['1.50', '7.10', '-0.13', '3.33']);
    expect(v.nulls?.[3]).toBe(1);
  });

  it('an unconstrained column keeps each value as written', () => {
    const c = new ColumnStore('numeric', 4, null);
    c.appendVector(vectorFromValues('numeric', ['1.5', '2', '-0.125']), 0, null, 3);
    const d = c.view(3).data as NumericData;
    expect([0, 1, 2].map((i) => numericTextAt(d, i))).toEqual(['1.5', '2', '-0.125']);
  });
});

describe('text column interning', () => {
  it('stores the values written, whatever slot of the recent-strings cache they share', () => {
    const c = new ColumnStore('text', 4);
    // 'a1', 'b1' and 'q1' share a slot (same last character); '' has one of its own
    const values = ['a1', 'b1', 'a1', '', 'q1', 'b1', 'k' + String(1), '', 'a1'];
    values.forEach((v, i) => { c.reserve(i + 1); c.set(i, v); });
    expect(Array.from({ length: values.length }, (_, i) => c.get(i))).toEqual(values);
  });

  it('stores values as given once it stops interning', () => {
    const c = new ColumnStore('text', 16);
    expect(c.internOf(['k', '7'].join(''))).toBe('k7');
    // past the intern table's limit of distinct values the column stores values as given
    for (let i = 0; i < 5000; i++) { c.reserve(i + 1); c.set(i, `v${i}`); }
    expect(c.interned!.active).toBe(false);
    c.reserve(5001);
    c.set(5000, 'k7');
    expect(c.get(4999)).toBe('v4999');
    expect(c.get(5000)).toBe('k7');
  });

  it('interns text adopted by a bulk append', () => {
    const c = new ColumnStore('text', 4);
    const data = Array.from({ length: 2048 }, (_, i) => 'k' + String(i % 10));
    c.appendVector({ type: 'text', length: 2048, data, nulls: null }, 0, null, 2048, true);
    expect(c.get(0)).toBe('k0');
    expect(c.get(2047)).toBe('k7');
    expect(Array.from({ length: 2048 }, (_, i) => c.get(i))).toEqual(Array.from({ length: 2048 }, (_, i) => 'k' + String(i % 10)));
  });
});
