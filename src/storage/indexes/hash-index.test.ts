import { describe, expect, it } from 'vitest';
import { createEngine } from '../../engine/index.ts';

/** Point lookups by key through the primary-key index (Index Scan), as id lists. */
async function setup() {
  const e = createEngine();
  const root = await e.login('root', '');
  const run = (sql: string) => e.execute(root, sql);
  const ids = async (where: string) => {
    const r = await e.execute(root, `SELECT id FROM t WHERE ${where} ORDER BY id`);
    return r.vectors.length === 0 ? [] : Array.from(r.vectors[0]!.data as Int32Array).slice(0, r.length);
  };
  return { e, root, run, ids };
}

describe('unique int index: the ordered run', () => {
  it('deletes leave the run in place and hide their rows; re-inserted keys, key updates, rollbacks and many deletes stay exact', async () => {
    const { run, ids } = await setup();
    // keys arrive in order: the index keeps them as an ordered run of the key column
    await run('CREATE TABLE t (id INT PRIMARY KEY, v INT); INSERT INTO t SELECT g, g * 10 FROM generate_series(1, 10000) AS g');
    await run('DELETE FROM t WHERE id IN (5, 500, 9999)');
    expect(await ids('id = 5')).toEqual([]);
    expect(await ids('id = 500')).toEqual([]);
    expect(await ids('id = 6')).toEqual([6]);
    expect(await ids('id IN (4, 5, 6, 9998, 9999, 10000)')).toEqual([4, 6, 9998, 10000]);
    // a deleted key can be taken again (it goes to the hash map) and is found
    await run('INSERT INTO t VALUES (5, 55)');
    expect(await ids('id = 5')).toEqual([5]);
    await expect(run('INSERT INTO t VALUES (6, 0)')).rejects.toMatchObject({ code: '23505' });
    // an in-place key update: the old key is gone, the new one found, the neighbours intact
    await run('UPDATE t SET id = 20000 WHERE id = 7');
    expect(await ids('id = 7')).toEqual([]);
    expect(await ids('id = 20000')).toEqual([20000]);
    expect(await ids('id IN (6, 8, 10000)')).toEqual([6, 8, 10000]);
    // a rolled-back delete brings its row back under its key
    await run('BEGIN; DELETE FROM t WHERE id = 42; ROLLBACK');
    expect(await ids('id = 42')).toEqual([42]);
    // thousands of deletes (past the removal set's limit): still exact
    await run('DELETE FROM t WHERE id % 2 = 0 AND id < 10000');
    expect(await ids('id IN (1, 2, 3, 4, 5, 9997, 9998)')).toEqual([1, 3, 5, 9997]);
    const count = await run('SELECT count(*)::int AS n FROM t');
    // 10,000 − 3 deleted + 5 again − 4,998 even ids below 10,000 (500 was gone already; 7 is now 20,000)
    expect((count.vectors[0]!.data as Int32Array)[0]).toBe(10000 - 3 + 1 - 4998);
  });
});

describe('non-unique index: equality lookups', () => {
  /** The rows of `where` in the order the scan returns them (no ORDER BY), with their plan. */
  async function scan(where: string) {
    const { e, root, run } = await setup();
    await run('CREATE TABLE t (id INT PRIMARY KEY, k INT, v INT)');
    await run('INSERT INTO t SELECT g, g % 10, g FROM generate_series(1, 200) AS g');
    await run('CREATE INDEX t_k ON t (k)');
    const rows = async (w: string, params: unknown[] = []) => {
      const r = await e.execute(root, `SELECT id FROM t WHERE ${w}`, params);
      return r.vectors.length === 0 ? [] : Array.from(r.vectors[0]!.data as Int32Array).slice(0, r.length);
    };
    const plan = async (w: string) => {
      const r = await e.execute(root, `EXPLAIN SELECT id FROM t WHERE ${w}`);
      return (r.vectors[0]!.data as string[]).slice(0, r.length).join('\n');
    };
    return { run, rows, plan, where };
  }

  it('decides the key conjunct in the lookup (EXPLAIN: Index Cond) and runs only the rest as the filter', async () => {
    const { plan } = await scan('');
    const p = await plan('k = 3 AND v > 100');
    expect(p).toContain('Index Scan using t_k');
    expect(p).toContain('Index Cond: (k = 3)');
    expect(p).toContain('Filter: (v > 100)');
    expect(p).not.toContain('Filter: (k = 3)');
    // a key of another type is compared the SQL way: the conjunct stays a filter
    expect(await plan('k = 3.5')).toContain('Filter:');
  });

  it('returns exactly the live rows of the key, ascending, after key updates, deletes and rollbacks', async () => {
    const { run, rows } = await scan('');
    const expected = (k: number, from = 1, to = 200) => Array.from({ length: to - from + 1 }, (_, i) => from + i).filter((g) => g % 10 === k);
    expect(await rows('k = 3')).toEqual(expected(3));
    expect(await rows('k = 3 AND v > 100')).toEqual(expected(3, 101));
    expect(await rows('k = 3.5')).toEqual([]);
    expect(await rows('k = $1', [null])).toEqual([]);
    expect(await rows('k = $1', [7])).toEqual(expected(7));
    // older rows re-keyed into k = 3 join its list after the newer ones: the scan still answers in row order
    await run('UPDATE t SET k = 3 WHERE id IN (4, 150)');
    expect(await rows('k = 3')).toEqual([...expected(3), 4, 150].sort((a, b) => a - b));
    await run('DELETE FROM t WHERE id IN (3, 13, 150)');
    expect(await rows('k = 3')).toEqual([...expected(3), 4].filter((g) => g !== 3 && g !== 13).sort((a, b) => a - b));
    await run('BEGIN; DELETE FROM t WHERE k = 3; ROLLBACK');
    expect((await rows('k = 3')).length).toBe(19);
    expect(await rows('k = 11')).toEqual([]);
  });
});
