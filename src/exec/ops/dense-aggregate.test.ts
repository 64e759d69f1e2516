import { describe, expect, it } from 'vitest';
import { createEngine } from '../../engine/index.ts';
import { valueAt } from '../../types/vector.ts';
import { denseCount } from '../kernels/dense-agg.ts';

/** Runs a query and returns its rows as arrays (bigints as numbers, numerics as their text). */
async function rowsOf(e: ReturnType<typeof createEngine>, s: string, sql: string): Promise<unknown[][]> {
  const r = await e.execute(s, sql);
  return Array.from({ length: r.length }, (_, i) =>
    r.vectors.map((v) => {
      const x = valueAt(v, i);
      return typeof x === 'bigint' ? Number(x) : x;
    }),
  );
}

describe('dense GROUP BY path', () => {
  it('gives the general path answer, in the same group order, for keys in any range', async () => {
    const e = createEngine();
    const s = await e.login('root', '');
    await e.execute(s, 'CREATE TABLE t (k INT, d DATE, x DOUBLE, i INT)');
    // keys drift downwards and upwards (the slots grow both ways), with repeats and negatives
    await e.execute(s, `INSERT INTO t SELECT (g * 7919) % 3001 - 1500 + (g / 900) * 40, DATE '2024-01-01' + 0, g * 0.37, g % 11 - 5 FROM generate_series(1, 20000) AS g`);
    const q = (agg: string) => `SELECT k, count(*), count(x), sum(x), avg(x), sum(i), avg(i), total(i) FROM t GROUP BY k${agg}`;
    const dense = await rowsOf(e, s, q(''));
    // FILTER (WHERE true) takes the general path with the same meaning
    const general = await rowsOf(e, s, `SELECT k, count(*) FILTER (WHERE true), count(x) FILTER (WHERE true), sum(x) FILTER (WHERE true),
      avg(x) FILTER (WHERE true), sum(i) FILTER (WHERE true), avg(i) FILTER (WHERE true), total(i) FILTER (WHERE true) FROM t GROUP BY k`);
    expect(dense.length).toBeGreaterThan(1000);
    expect(dense).toEqual(general);
  });

  it('leaves numeric and real results to the general path (exact AVG of integers, float4 sums)', async () => {
    const e = createEngine();
    const s = await e.login('root', '');
    await e.execute(s, 'CREATE TABLE t (k INT, i INT, r REAL)');
    await e.execute(s, 'INSERT INTO t VALUES (1, 1, 0.1), (1, 2, 0.2), (2, 7, 0.3)');
    expect(await rowsOf(e, s, 'SELECT k, avg(i), sum(r) FROM t GROUP BY k')).toEqual([
      [1, '1.5000000000000000', Math.fround(Math.fround(0.1) + Math.fround(0.2))],
      [2, '7.0000000000000000', Math.fround(0.3)],
    ]);
  });

  it('falls back for NULL keys or arguments, and for a range over the limit', async () => {
    const e = createEngine();
    const s = await e.login('root', '');
    await e.execute(s, 'CREATE TABLE t (k INT, x DOUBLE)');
    await e.execute(s, 'INSERT INTO t VALUES (1, 1.5), (NULL, 2), (1, NULL), (2000000000, 4), (-2000000000, 8)');
    expect(await rowsOf(e, s, 'SELECT k, count(*), sum(x) FROM t GROUP BY k ORDER BY k NULLS LAST')).toEqual([
      [-2000000000, 1, 8],
      [1, 2, 1.5],
      [2000000000, 1, 4],
      [null, 1, 2],
    ]);
    expect(denseCount(new Int32Array([0, 100000]), null, 2, 65536)).toBeNull();
    const s2 = denseCount(new Int32Array([5, 3, 5, -1]), null, 4, 65536)!;
    expect(s2.counts[5 - s2.lo]).toBe(2);
    expect(s2.first[-1 - s2.lo]).toBe(3);
  });
});
