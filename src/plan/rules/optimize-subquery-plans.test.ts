import { describe, expect, it } from 'vitest';
import { createEngine } from '../../engine/index.ts';

/**
 * Three 400-row tables: their cross product (64,000,000 rows) is over the 50,000,000-row join
 * limit, so a subquery whose comma join is not turned into hash joins fails with 54000.
 */
async function setup() {
  const e = createEngine();
  const s = await e.login('root', '');
  await e.execute(s, 'CREATE TABLE a (k INT, x INT); CREATE TABLE b (k INT, y INT); CREATE TABLE c (k INT, z INT)');
  await e.execute(s, 'INSERT INTO a SELECT g, g % 10 FROM generate_series(1, 400) AS g');
  await e.execute(s, 'INSERT INTO b SELECT g, g % 7 FROM generate_series(1, 400) AS g');
  await e.execute(s, 'INSERT INTO c SELECT g, g % 5 FROM generate_series(1, 400) AS g');
  const one = async (sql: string) => {
    const r = await e.execute(s, sql);
    return r.vectors.map((v) => (v.data as ArrayLike<unknown>)[0]);
  };
  return { one };
}

describe('optimizeSubqueryPlans', () => {
  it('optimizes the comma joins of a scalar subquery in HAVING (TPC-H Q11)', async () => {
    const { one } = await setup();
    const q = `SELECT count(*) FROM (SELECT x FROM a GROUP BY x HAVING sum(k) > (
      SELECT sum(z) FROM a a2, b, c WHERE a2.k = b.k AND b.k = c.k AND b.y = 3)) t`;
    // sum(z) over b.y = 3 rows is 229; groups of a by x have sums 7,960..8,200: all 10 qualify
    expect(await one(q)).toEqual([10n]);
  });

  it('optimizes a correlated subquery in a join condition (TPC-H Q2)', async () => {
    const { one } = await setup();
    const q = `SELECT count(*) FROM a, b WHERE a.k = b.k AND b.y = (
      SELECT min(y) FROM b b2, c, a a3 WHERE b2.k = c.k AND c.k = a3.k AND a3.x = a.x)`;
    // min(y) over rows with the same x (k ≡ x mod 10) is 0 for every x; y = 0 for k ≡ 0 mod 7
    expect(await one(q)).toEqual([57n]);
  });
});
