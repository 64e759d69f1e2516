import { describe, expect, it } from 'vitest';
import type { Vector } from '../../types/vector.ts';
import { rowComparator } from '../ops/sort.ts';
import { topKNumeric } from './top-k.ts';

/** The reference: every row sorted by the general comparator (stable), first k. */
function reference(v: Vector, k: number, desc: boolean): number[] {
  const cmp = rowComparator([v], [{ ev: () => v, desc, nullsFirst: desc }]);
  const all = Array.from({ length: v.length }, (_, i) => i);
  all.sort(cmp);
  return all.slice(0, k);
}

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('topKNumeric', () => {
  it('matches a full stable sort for doubles with ties, NaN and -0, both directions', () => {
    const r = rng(7);
    for (const n of [1, 5, 100, 1000, 40_000]) {
      const d = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const x = r();
        d[i] = x < 0.05 ? Number.NaN : x < 0.1 ? -0 : x < 0.3 ? 0.5 : Math.floor(x * 50) / 7;
      }
      const v: Vector = { type: 'double', length: n, data: d, nulls: null };
      for (const k of [1, 3, 100, n]) {
        for (const desc of [true, false]) {
          expect(Array.from(topKNumeric(d, n, k, desc)), `n=${n} k=${k} desc=${desc}`).toEqual(reference(v, Math.min(k, n), desc));
        }
      }
    }
  });

  it('matches a full stable sort for 32-bit integers (dates), both directions', () => {
    const r = rng(11);
    const n = 50_000;
    const d = new Int32Array(n);
    for (let i = 0; i < n; i++) d[i] = Math.floor(r() * 300) - 150;
    const v: Vector = { type: 'date', length: n, data: d, nulls: null };
    for (const desc of [true, false]) expect(Array.from(topKNumeric(d, n, 100, desc))).toEqual(reference(v, 100, desc));
  });

  it('handles k = 0 and an empty input', () => {
    expect(topKNumeric(new Float64Array(3), 3, 0, true).length).toBe(0);
    expect(topKNumeric(new Int32Array(0), 0, 5, false).length).toBe(0);
  });
});
