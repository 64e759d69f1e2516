import { describe, expect, it } from 'vitest';
import { createEngine } from '../../engine/index.ts';
import { HyperLogLog } from './hyperloglog.ts';
import { hashInt32, hashString } from './value-hash.ts';
import { tableStats } from './table-stats.ts';

describe('HyperLogLog', () => {
  it('counts small sets exactly and large ones within 5%, and merges as a union', () => {
    const small = new HyperLogLog();
    for (let i = 0; i < 1000; i++) small.addHash(hashInt32(i % 10));
    expect(Math.round(small.estimate())).toBe(10);
    const big = new HyperLogLog();
    for (let i = 0; i < 200_000; i++) big.addHash(hashInt32(i));
    expect(Math.abs(big.estimate() - 200_000) / 200_000).toBeLessThan(0.05);
    const a = new HyperLogLog(), b = new HyperLogLog();
    for (let i = 0; i < 300; i++) a.addHash(hashString(`k${i}`));
    for (let i = 200; i < 500; i++) b.addHash(hashString(`k${i}`));
    a.merge(b);
    expect(Math.abs(a.estimate() - 500)).toBeLessThan(15);
    expect(new HyperLogLog().estimate()).toBe(0);
  });
});

async function setup() {
  const e = createEngine();
  const root = await e.login('root', '');
  return { e, root, run: (sql: string) => e.execute(root, sql), table: (name: string) => e.state.catalog.findTable('default', name)! };
}

describe('table statistics', () => {
  it('ANALYZE computes rows, NULLs, distinct values, minimum and maximum of every type', async () => {
    const { run, table } = await setup();
    await run(`CREATE TABLE s (i INT, b BIGINT, d DOUBLE, t TEXT, f BOOLEAN, dt DATE, ts TIMESTAMP);
      INSERT INTO s SELECT g, g * 1000000000000, g / 4.0, 'v' || (g % 7), g % 2 = 0, DATE '2024-01-01' + g, TIMESTAMP '2024-01-01 00:00:00'
        FROM generate_series(1, 100) AS g;
      INSERT INTO s VALUES (NULL, NULL, NULL, NULL, NULL, NULL, NULL), (-5, -1, -0.5, 'a', false, DATE '2000-02-29', NULL);
      DELETE FROM s WHERE i = 100;
      ANALYZE s`);
    const st = tableStats(table('s')).current!;
    expect(st.rows).toBe(101);
    const col = (i: number) => st.columns[i]!;
    expect([col(0).rows, col(0).nulls, col(0).distinct, col(0).min, col(0).max]).toEqual([101, 1, 100, -5, 99]);
    expect([col(1).distinct, col(1).min, col(1).max]).toEqual([100, -1n, 99000000000000n]);
    expect([col(2).min, col(2).max]).toEqual([-0.5, 24.75]);
    expect([col(3).distinct, col(3).min, col(3).max]).toEqual([8, 'a', 'v6']);
    expect([col(4).distinct, col(4).min, col(4).max]).toEqual([2, false, true]);
    expect(col(5).distinct).toBe(100);
    expect([col(6).nulls, col(6).distinct]).toEqual([2, 1]);
    // a SHARED table keeps a value sample; it holds live values only
    expect(col(0).sample!.length).toBe(100);
    expect(col(0).sample).not.toContain(100);
    const r = await run("SELECT column_name, rows, null_frac, distinct_values, min_value, max_value, sample_size, stale FROM system.column_stats WHERE table_name = 's' ORDER BY column_name");
    const rows = Array.from({ length: r.length }, (_, i) => r.vectors.map((v) => (v.nulls?.[i] ? null : (v.data as ArrayLike<unknown>)[i])));
    expect(rows.find((x) => x[0] === 'dt')).toEqual(['dt', 101n, 1 / 101, 100n, '2000-02-29', '2024-04-09', 100, 0]);
    expect(rows.find((x) => x[0] === 't')).toEqual(['t', 101n, 1 / 101, 8n, 'a', 'v6', 100, 0]); // stale = false (boolean vectors hold 0/1)
  });

  it('writes do not analyze; planning refreshes statistics once the row count drifts, re-reading only changed partitions', async () => {
    const { e, root, run, table } = await setup();
    await run(`CREATE USER 'ann' WITH PASSWORD 'a' ROLE user; CREATE USER 'ben' WITH PASSWORD 'b' ROLE user;
      CREATE USER TABLE notes (id INT, tag TEXT); CREATE TABLE tags (tag TEXT) WITH (ACCESS_LEVEL = 'public')`);
    const ann = await e.login('ann', 'a'), ben = await e.login('ben', 'b');
    await e.execute(ann, "INSERT INTO notes SELECT g, 't' || (g % 5) FROM generate_series(1, 200) AS g");
    await e.execute(ben, "INSERT INTO notes SELECT g, 'u' || (g % 3) FROM generate_series(1, 100) AS g");
    const holder = tableStats(table('notes'));
    expect(holder.analyses).toBe(0);
    await run('ANALYZE notes');
    expect([holder.analyses, holder.partitionsRead]).toEqual([1, 2]);
    // merged over both users' partitions; no value sample for per-user tables
    const tag = holder.current!.columns[1]!;
    expect([tag.rows, tag.distinct, tag.sample]).toEqual([300, 8, null]);
    // inserts below the threshold leave the statistics alone, even through a join plan
    await e.execute(ben, "INSERT INTO notes VALUES (101, 'u9')");
    expect(holder.isStale(table('notes'))).toBe(false);
    await e.execute(ben, 'SELECT count(*) FROM notes n JOIN tags t ON n.tag = t.tag');
    expect(holder.analyses).toBe(1);
    // past the threshold, the next plan that estimates the table refreshes it: only ben's partition is read again
    await e.execute(ben, "INSERT INTO notes SELECT g, 'w' FROM generate_series(200, 260) AS g");
    expect(holder.isStale(table('notes'))).toBe(true);
    await e.execute(ben, 'SELECT count(*) FROM notes n JOIN tags t ON n.tag = t.tag AND t.tag <> n.tag');
    expect([holder.analyses, holder.partitionsRead]).toEqual([2, 3]);
    expect(holder.current!.columns[1]!.distinct).toBe(10);
    expect(holder.isStale(table('notes'))).toBe(false);
    // a schema change makes them stale
    await run('ALTER TABLE notes ADD COLUMN extra INT');
    expect(holder.isStale(table('notes'))).toBe(true);
    void root;
  });

  it('ANALYZE: errors, privileges, and every readable table without a name', async () => {
    const { e, run, table } = await setup();
    await run(`CREATE USER 'ann' WITH PASSWORD 'a' ROLE user; CREATE TABLE priv (a INT); CREATE TABLE pub (a INT) WITH (ACCESS_LEVEL = 'public');
      CREATE USER TABLE mine (a INT); INSERT INTO priv VALUES (1); INSERT INTO pub VALUES (1), (2)`);
    await expect(run('ANALYZE nosuch')).rejects.toMatchObject({ code: '42P01' });
    await expect(run('ANALYZE system.users')).rejects.toMatchObject({ code: '42501' });
    const ann = await e.login('ann', 'a');
    await expect(e.execute(ann, 'ANALYZE priv')).rejects.toMatchObject({ code: '42501' });
    expect(tableStats(table('priv')).current).toBeNull();
    const r = await e.execute(ann, 'ANALYZE');
    expect([r.command, r.message]).toEqual(['analyze', 'ANALYZE']);
    // ann may read pub and her own user table, not priv
    expect(tableStats(table('priv')).current).toBeNull();
    expect(tableStats(table('pub')).current!.columns[0]!.distinct).toBe(2);
    expect(tableStats(table('mine')).current!.rows).toBe(0);
    await run('ANALYZE priv');
    expect(tableStats(table('priv')).current!.rows).toBe(1);
  });
});
