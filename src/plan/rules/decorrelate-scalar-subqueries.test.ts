import { describe, expect, it } from 'vitest';
import { createEngine } from '../../engine/index.ts';

async function setup() {
  const e = createEngine();
  const s = await e.login('root', '');
  await e.execute(s, 'CREATE TABLE a (k INT, x INT); CREATE TABLE b (k INT, y INT)');
  // k = 4 has no b rows; k = NULL never matches
  await e.execute(s, 'INSERT INTO a VALUES (1, 5), (1, 30), (2, 10), (3, 1), (4, 0), (NULL, 3)');
  await e.execute(s, 'INSERT INTO b VALUES (1, 10), (1, 20), (2, 4), (2, NULL), (3, 2), (NULL, 100)');
  const col = async (sql: string) => {
    const r = await e.execute(s, sql);
    return Array.from({ length: r.length }, (_, i) => (r.vectors[0]!.nulls?.[i] ? null : (r.vectors[0]!.data as ArrayLike<unknown>)[i]));
  };
  const plan = async (sql: string) => ((await e.execute(s, `EXPLAIN ${sql}`)).vectors[0]!.data as string[]).join('\n');
  return { col, plan };
}

describe('decorrelateScalarSubqueries', () => {
  it('joins a grouped aggregate instead of running the subquery per outer key (TPC-H Q17 form)', async () => {
    const { col, plan } = await setup();
    const q = 'SELECT x FROM a WHERE x < (SELECT 0.5 * avg(y) FROM b WHERE b.k = a.k) ORDER BY x';
    const text = await plan(q);
    expect(text).toMatch(/Semi Join/);
    expect(text).toMatch(/Group Key: k/);
    expect(text).not.toMatch(/SubPlan/);
    // k=1: avg 15 → 7.5: x=5 passes; k=2: avg 4 → 2: 10 fails; k=3: 1 < 1 fails; k=4: NULL; k=NULL: NULL
    expect(await col(q)).toEqual([5]);
    expect(await col('SELECT x FROM a WHERE (SELECT max(y) FROM b WHERE b.k = a.k) > x ORDER BY x')).toEqual([1, 5]);
    // two correlation keys, extra inner conditions
    expect(await col('SELECT x FROM a WHERE x >= (SELECT min(y) FROM b WHERE b.k = a.k AND b.y > 3 AND a.k = b.k) ORDER BY x')).toEqual([10, 30]);
  });

  it('keeps COUNT and non-strict uses as subqueries (a missing key is 0 or not NULL there)', async () => {
    const { col, plan } = await setup();
    const cnt = 'SELECT x FROM a WHERE x > (SELECT count(*) FROM b WHERE b.k = a.k) ORDER BY x';
    expect(await plan(cnt)).toMatch(/SubPlan/);
    // k=4 has no rows: count 0 < 0 is false; k=NULL: count 0 < 3 is true
    expect(await col(cnt)).toEqual([3, 5, 10, 30]);
    const co = 'SELECT x FROM a WHERE x >= coalesce((SELECT sum(y) FROM b WHERE b.k = a.k), 0) ORDER BY x';
    expect(await plan(co)).toMatch(/SubPlan/);
    expect(await col(co)).toEqual([0, 3, 10, 30]);
  });
});
