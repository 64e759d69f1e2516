import { describe, expect, it } from 'vitest';
import { createEngine } from '../../engine/index.ts';

async function setup() {
  const e = createEngine();
  const s = await e.login('root', '');
  await e.execute(s, 'CREATE TABLE a (k INT, x INT); CREATE TABLE b (k INT, y INT)');
  await e.execute(s, 'INSERT INTO a VALUES (1,1),(2,2),(3,NULL),(NULL,4)');
  await e.execute(s, 'INSERT INTO b VALUES (2,20),(3,30),(3,31),(NULL,5)');
  const col = async (sql: string) => {
    const r = await e.execute(s, sql);
    return Array.from({ length: r.length }, (_, i) => (r.vectors[0]!.nulls?.[i] ? null : (r.vectors[0]!.data as ArrayLike<unknown>)[i]));
  };
  const plan = async (sql: string) => ((await e.execute(s, `EXPLAIN ${sql}`)).vectors[0]!.data as string[]).join('\n');
  return { col, plan };
}

describe('decorrelateSubqueries', () => {
  it('turns uncorrelated IN into a semi join with the same answer', async () => {
    const { col, plan } = await setup();
    const sql = 'SELECT k FROM a WHERE k IN (SELECT k FROM b) ORDER BY 1';
    expect(await plan(sql)).toMatch(/Hash Semi Join/);
    expect(await col(sql)).toEqual([2, 3]);
  });

  it('turns correlated EXISTS / NOT EXISTS on equality into semi / anti joins', async () => {
    const { col, plan } = await setup();
    const ex = 'SELECT k FROM a WHERE EXISTS (SELECT 1 FROM b WHERE b.k = a.k AND b.y > 30) ORDER BY 1';
    expect(await plan(ex)).toMatch(/Hash Semi Join/);
    expect(await col(ex)).toEqual([3]);
    const nex = 'SELECT k FROM a WHERE NOT EXISTS (SELECT 1 FROM b WHERE b.k = a.k) ORDER BY 1 NULLS LAST';
    expect(await plan(nex)).toMatch(/Hash Anti Join/);
    expect(await col(nex)).toEqual([1, null]);
  });

  it('keeps other correlated conditions as the join residual (TPC-H Q21: l3.suppkey <> l1.suppkey)', async () => {
    const { col, plan } = await setup();
    const ex = 'SELECT k FROM a WHERE EXISTS (SELECT 1 FROM b WHERE b.k = a.k AND b.y <> a.x) ORDER BY 1';
    expect(await plan(ex)).toMatch(/Hash Semi Join/);
    expect(await plan(ex)).not.toMatch(/SubPlan/);
    expect(await col(ex)).toEqual([2]);
    // NULL comparisons are not true: (3, NULL) has no qualifying b row, so NOT EXISTS holds
    const nex = 'SELECT k FROM a WHERE NOT EXISTS (SELECT 1 FROM b WHERE b.k = a.k AND b.y > a.x + 25) ORDER BY 1 NULLS LAST';
    expect(await plan(nex)).toMatch(/Hash Anti Join/);
    expect(await col(nex)).toEqual([1, 2, 3, null]);
    const nex2 = 'SELECT k FROM a WHERE NOT EXISTS (SELECT 1 FROM b WHERE b.k = a.k AND b.y <> a.x) ORDER BY 1 NULLS LAST';
    expect(await col(nex2)).toEqual([1, 3, null]);
  });

  it('keeps NOT IN and non-equality correlation as subqueries (NULL semantics)', async () => {
    const { col, plan } = await setup();
    const notIn = 'SELECT k FROM a WHERE k NOT IN (SELECT k FROM b) ORDER BY 1';
    expect(await plan(notIn)).not.toMatch(/Anti Join/);
    expect(await col(notIn)).toEqual([]); // b.k has a NULL: NOT IN is never true
    const lt = 'SELECT k FROM a WHERE EXISTS (SELECT 1 FROM b WHERE b.k < a.k) ORDER BY 1';
    expect(await plan(lt)).not.toMatch(/Semi Join/);
    expect(await col(lt)).toEqual([3]);
  });
});
