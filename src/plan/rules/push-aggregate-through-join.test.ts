import { describe, expect, it } from 'vitest';
import { createEngine } from '../../engine/index.ts';

describe('pushAggregateThroughJoin', () => {
  it('pre-aggregates the side the aggregates read, with the same answers (duplicates and NULL keys included)', async () => {
    const e = createEngine();
    const s = await e.login('root', '');
    await e.execute(s, 'CREATE TABLE ev (uid INT, v INT, d DOUBLE); CREATE TABLE us (id INT, tier INT)');
    await e.execute(s, 'INSERT INTO ev VALUES (1,10,0.5),(1,20,1.5),(2,5,2.0),(3,7,NULL),(NULL,100,9.0),(4,1,1.0)');
    // id 2 appears twice on the other side: its events count twice, as in the plain join
    await e.execute(s, 'INSERT INTO us VALUES (1,1),(2,1),(2,2),(3,2),(NULL,1)');
    const rows = async (sql: string) => {
      const r = await e.execute(s, sql);
      return Array.from({ length: r.length }, (_, i) => r.vectors.map((v) => (v.nulls?.[i] ? null : String((v.data as ArrayLike<unknown>)[i]))));
    };
    const sql = 'SELECT u.tier, count(*), count(e.v), sum(e.v), min(e.v), max(e.d), sum(e.d) FROM ev e JOIN us u ON e.uid = u.id GROUP BY u.tier ORDER BY 1';
    const plan = ((await e.execute(s, `EXPLAIN ${sql}`)).vectors[0]!.data as string[]).join('\n');
    expect(plan.match(/HashAggregate/g)?.length).toBe(2);
    expect(await rows(sql)).toEqual([
      ['1', '3', '3', '35', '5', '2', '4'],
      ['2', '2', '2', '12', '5', '2', '2'],
    ]);
    // a scalar aggregate over an empty join keeps COUNT = 0 (the rule does not apply without GROUP BY)
    expect(await rows('SELECT count(*) FROM ev e JOIN us u ON e.uid = u.id WHERE u.tier > 5')).toEqual([['0']]);
    // aggregates reading both sides are left alone
    const both = 'SELECT u.tier, sum(e.v + u.tier) FROM ev e JOIN us u ON e.uid = u.id GROUP BY u.tier ORDER BY 1';
    expect(((await e.execute(s, `EXPLAIN ${both}`)).vectors[0]!.data as string[]).join('\n').match(/HashAggregate/g)?.length).toBe(1);
    expect(await rows(both)).toEqual([['1', '38'], ['2', '16']]);
  });

  it('leaves a side alone whose join key is its primary key (nothing to merge), with the same answers', async () => {
    const e = createEngine();
    const s = await e.login('root', '');
    await e.execute(s, 'CREATE TABLE o (ok INT PRIMARY KEY, pri INT); CREATE TABLE l (lk INT, mode TEXT)');
    await e.execute(s, 'INSERT INTO o SELECT g, g % 3 FROM generate_series(1, 2000) AS g');
    await e.execute(s, "INSERT INTO l SELECT g % 2500, CASE WHEN g % 2 = 0 THEN 'AIR' ELSE 'RAIL' END FROM generate_series(1, 6000) AS g");
    const sql = 'SELECT l.mode, sum(o.pri), count(o.pri) FROM o JOIN l ON o.ok = l.lk GROUP BY l.mode ORDER BY 1';
    const plan = ((await e.execute(s, `EXPLAIN ${sql}`)).vectors[0]!.data as string[]).join('\n');
    expect(plan.match(/HashAggregate/g)?.length).toBe(1);
    expect(plan).not.toMatch(/partial_key/);
    const r = await e.execute(s, sql);
    const got = Array.from({ length: r.length }, (_, i) => r.vectors.map((v) => String((v.data as ArrayLike<unknown>)[i])));
    // the key l.lk is not unique on l's side: a query reading l's columns is still pre-aggregated
    const other = 'SELECT o.pri, count(l.mode) FROM o JOIN l ON o.ok = l.lk GROUP BY o.pri ORDER BY 1';
    expect(((await e.execute(s, `EXPLAIN ${other}`)).vectors[0]!.data as string[]).join('\n').match(/HashAggregate/g)?.length).toBe(2);
    // lk in 1..2000 joins: 4,800 rows (g % 2500 in 1..2000 for g in 1..6000); pri = ok % 3
    let air = 0, rail = 0, airN = 0, railN = 0;
    for (let g = 1; g <= 6000; g++) {
      const k = g % 2500;
      if (k < 1 || k > 2000) continue;
      if (g % 2 === 0) { air += k % 3; airN++; } else { rail += k % 3; railN++; }
    }
    expect(got).toEqual([['AIR', String(air), String(airN)], ['RAIL', String(rail), String(railN)]]);
  });
});
