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
