import { describe, expect, it } from 'vitest';
import { BoundedCache } from './bounded-cache.ts';

describe('BoundedCache', () => {
  it('keeps between limit and 2 × limit entries, and what is used survives', () => {
    const c = new BoundedCache<string, number>(3);
    for (let i = 0; i < 3; i++) c.set(`k${i}`, i);
    expect(c.size).toBe(3);
    c.set('k3', 3);                       // k0–k2 become the old generation
    expect(c.size).toBe(4);
    expect(c.get('k0')).toBe(0);          // a hit in the old generation moves it to the young one
    c.set('k4', 4);                       // young: k3, k0, k4 (full)
    c.set('k5', 5);                       // young → old (k3, k0, k4); k1, k2 are dropped
    expect([c.get('k1'), c.get('k2')]).toEqual([undefined, undefined]);
    expect([c.get('k0'), c.get('k3'), c.get('k5')]).toEqual([0, 3, 5]);
    expect(c.size).toBeLessThanOrEqual(6);
    // setting an existing young key does not rotate
    const d = new BoundedCache<string, string>(1);
    d.set('a', 'x');
    d.set('a', 'y');
    expect([d.get('a'), d.size]).toEqual(['y', 1]);
  });

  it('stays within 2 × limit over a long stream of distinct keys, and a repeated key stays cached', () => {
    const c = new BoundedCache<string, number>(64);
    let max = 0;
    for (let i = 0; i < 10_000; i++) {
      if (c.get('hot') === undefined) c.set('hot', -1);
      c.set(`SELECT * FROM t WHERE id = ${i}`, i);
      max = Math.max(max, c.size);
    }
    expect(max).toBeLessThanOrEqual(128);
    expect(c.get('hot')).toBe(-1);
    expect(c.get('SELECT * FROM t WHERE id = 9999')).toBe(9999);
    expect(c.get('SELECT * FROM t WHERE id = 0')).toBeUndefined();
  });
});
