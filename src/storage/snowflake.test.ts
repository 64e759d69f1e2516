import { describe, expect, it } from 'vitest';
import { SnowflakeGenerator, SNOWFLAKE_EPOCH } from './snowflake.ts';

describe('SnowflakeGenerator', () => {
  it('fills strictly increasing ids that decode to now and the worker id', () => {
    const g = new SnowflakeGenerator(5);
    const before = Date.now() - SNOWFLAKE_EPOCH;
    const a = new BigInt64Array(10_000);
    g.fill(a, 0, 6000);
    g.fill(a, 6000, 4000);
    const one = g.next();
    for (let i = 1; i < a.length; i++) expect(a[i]! > a[i - 1]!).toBe(true);
    expect(one > a[a.length - 1]!).toBe(true);
    for (const id of [a[0]!, a[4095]!, a[4096]!, a[9999]!]) {
      expect(Number((id >> 12n) & 0x3ffn)).toBe(5);
      const ms = Number(id >> 22n);
      expect(ms).toBeGreaterThanOrEqual(before);
      expect(ms).toBeLessThan(before + 60_000);
    }
  });

  it('matches next() bit layout when filling one id', () => {
    const g = new SnowflakeGenerator(1);
    const a = new BigInt64Array(1);
    g.fill(a, 0, 1);
    const b = g.next();
    expect(b > a[0]!).toBe(true);
    expect(b - a[0]! < (10_000n << 22n)).toBe(true);
  });
});
