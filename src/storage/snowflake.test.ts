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

describe('SnowflakeGenerator, one id at a time', () => {
  it('writes the same ids one by one as in one batch, across milliseconds and worker ids', () => {
    // an injected clock is read on every reservation: it moves every third id
    let calls = 0;
    const clock = (): number => SNOWFLAKE_EPOCH + 5_000_000_123 + Math.floor(calls++ / 3);
    const one = new SnowflakeGenerator(777, clock);
    const singles = new BigInt64Array(50);
    for (let i = 0; i < 50; i++) one.fill(singles, i, 1);
    for (let i = 1; i < 50; i++) expect(singles[i]! > singles[i - 1]!).toBe(true);
    for (let i = 0; i < 50; i++) {
      const id = singles[i]!;
      const ms = Number(id >> 22n);
      expect(Number((id >> 12n) & 0x3ffn)).toBe(777);
      expect(ms).toBe(5_000_000_123 + Math.floor(i / 3));
      expect(Number(id & 0xfffn)).toBe(i % 3);
    }
  });

  it('keeps the high word right when the millisecond crosses a multiple of 1,024', () => {
    let now = SNOWFLAKE_EPOCH + 1023;
    const g = new SnowflakeGenerator(3, () => now);
    const a = new BigInt64Array(3);
    g.fill(a, 0, 1);
    now = SNOWFLAKE_EPOCH + 1024;
    g.fill(a, 1, 1);
    now = SNOWFLAKE_EPOCH + 2049;
    g.fill(a, 2, 1);
    expect([...a].map((id) => Number(id >> 22n))).toEqual([1023, 1024, 2049]);
    expect([...a].map((id) => Number((id >> 12n) & 0x3ffn))).toEqual([3, 3, 3]);
  });
});
