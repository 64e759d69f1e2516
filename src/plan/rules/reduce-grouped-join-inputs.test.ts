import { describe, expect, it } from 'vitest';
import { createEngine } from '../../engine/index.ts';
import type { ExecResult } from '../../api/engine-api.ts';

function rows(r: ExecResult): unknown[][] {
  return Array.from({ length: r.length }, (_, i) => r.vectors.map((v) => (v.nulls?.[i] ? null : (v.data as ArrayLike<unknown>)[i])));
}

/** a: 300 rows, k = 1..300, x = k % 10; b: 3,000 rows over 300 keys (k = 0..299) with y = row number. */
async function setup() {
  const e = createEngine();
  const s = await e.login('root', '');
  const run = (sql: string) => e.execute(s, sql);
  await run('CREATE TABLE a (k INT, x INT); CREATE TABLE b (k INT, y INT, z TEXT)');
  await run('INSERT INTO a SELECT g, g % 10 FROM generate_series(1, 300) AS g');
  await run("INSERT INTO b SELECT g % 300, g, 'z' || (g % 7)::text FROM generate_series(1, 3000) AS g");
  const plan = async (sql: string) => ((await run(`EXPLAIN ${sql}`)).vectors[0]!.data as string[]).join('\n');
  const all = async (sql: string) => rows(await run(sql));
  return { run, plan, all };
}

/** The plan text from the aggregate's line down (its input). */
function belowAggregate(text: string): string {
  const i = text.indexOf('HashAggregate');
  return i < 0 ? '' : text.slice(i);
}

describe('reduceGroupedJoinInputs', () => {
  it('narrows a decorrelated scalar subquery\'s aggregate to the outer keys (TPC-H Q17 form)', async () => {
    const { plan, all } = await setup();
    const q = 'SELECT k, x FROM a WHERE x = 3 AND k * 10 < (SELECT avg(y) FROM b WHERE b.k = a.k) ORDER BY k';
    const text = await plan(q);
    // the aggregate reads b through a semi join with a second, filtered scan of a
    expect(belowAggregate(text)).toMatch(/Semi Join[\s\S]*Hash Cond: \(k = k\)[\s\S]*Seq Scan on default\.b[\s\S]*Seq Scan on default\.a[\s\S]*Filter: \(x = 3\)/);
    // b's rows of key k (1..299) have y = k + 300 m, m = 0..9: avg = k + 1350 > 10 k while k < 150
    const want = Array.from({ length: 15 }, (_, i) => [10 * i + 3, 3]);
    expect(await all(q)).toEqual(want);
    // the same subquery correlated through an expression stays a subquery: same answer
    const sub = 'SELECT k, x FROM a WHERE x = 3 AND k * 10 < (SELECT avg(y) FROM b WHERE b.k = a.k + 0) ORDER BY k';
    expect(await plan(sub)).toMatch(/SubPlan/);
    expect(await all(sub)).toEqual(want);
  });

  it('joins to a grouped derived table give the same rows as without the reduction', async () => {
    const { plan, all } = await setup();
    const reduced = 'SELECT a.k, g.s, g.n FROM a JOIN (SELECT k, sum(y) AS s, count(*) AS n FROM b GROUP BY k) g ON a.k = g.k WHERE a.x = 7 ORDER BY a.k';
    // `a.k + 0` is no plain column: the rule leaves that join alone
    const plain = 'SELECT a.k, g.s, g.n FROM a JOIN (SELECT k, sum(y) AS s, count(*) AS n FROM b GROUP BY k) g ON a.k + 0 = g.k WHERE a.x = 7 ORDER BY a.k';
    expect(belowAggregate(await plan(reduced))).toMatch(/Semi Join/);
    expect(belowAggregate(await plan(plain))).not.toMatch(/Semi Join/);
    // the other side's scan has no filter: it would narrow nothing, the rule leaves the join alone
    const unfiltered = 'SELECT a.k, g.s FROM a JOIN (SELECT k, sum(y) AS s FROM b GROUP BY k) g ON a.k = g.k ORDER BY a.k';
    expect(belowAggregate(await plan(unfiltered))).not.toMatch(/Semi Join/);
    expect((await all(unfiltered)).length).toBe(299);
    const r = await all(reduced);
    expect(r.length).toBe(30);
    expect(r).toEqual(await all(plain));
    // key 7: y = 7, 307, …, 2707 → sum 13,570, 10 rows
    expect(r[0]).toEqual([7, 13570n, 10n]);
  });

  it('a LEFT JOIN keeps every outer row; HAVING above the aggregate and several keys', async () => {
    const { plan, all } = await setup();
    const q = (on: string) => `SELECT a.k, g.z, g.s FROM a LEFT JOIN (SELECT k, z, sum(y) AS s FROM b GROUP BY k, z HAVING sum(y) > 1000) g ON ${on} WHERE a.x = 1 ORDER BY a.k, g.z`;
    const reduced = q('a.k = g.k AND a.k = g.s - g.s + g.k');
    expect(belowAggregate(await plan(reduced))).toMatch(/Semi Join/);
    expect(await all(reduced)).toEqual(await all(q('a.k + 0 = g.k AND a.k = g.s - g.s + g.k')));
    expect((await all(reduced)).length).toBeGreaterThan(30);
  });

  it('keeps every group for a RIGHT JOIN, and applies only when the key set is small', async () => {
    const { plan, all } = await setup();
    const right = 'SELECT count(*), count(a.k) FROM a RIGHT JOIN (SELECT k, sum(y) AS s FROM b GROUP BY k) g ON a.k = g.k AND a.x = 5';
    expect(belowAggregate(await plan(right)).split('HashAggregate').slice(1).join('')).not.toMatch(/Semi Join/);
    // 300 groups, 30 of them (k ≡ 5 mod 10) matched
    expect(await all(right)).toEqual([[300n, 30n]]);
    // no filter on a: as many outer keys as groups, nothing to gain
    const wide = 'SELECT count(*) FROM a JOIN (SELECT k, sum(y) AS s FROM b GROUP BY k) g ON a.k = g.k';
    expect(belowAggregate(await plan(wide))).not.toMatch(/Semi Join/);
    expect(await all(wide)).toEqual([[299n]]);
  });

  it('drops volatile filters from the copy (a wider key set) and keeps the answer', async () => {
    const { all } = await setup();
    const q = (on: string) => `SELECT a.k, g.s FROM a JOIN (SELECT k, max(y) AS s FROM b GROUP BY k) g ON ${on} WHERE a.x = 2 AND random() < 2 ORDER BY a.k`;
    const r = await all(q('a.k = g.k'));
    expect(r.length).toBe(30);
    expect(r).toEqual(await all(q('a.k + 0 = g.k')));
  });
});
