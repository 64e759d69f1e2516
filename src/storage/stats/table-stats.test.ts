import { describe, expect, it } from 'vitest';
import { createEngine } from '../../engine/index.ts';
import { HyperLogLog } from './hyperloglog.ts';
import { hashInt32, hashInt32Bits, hashString } from './value-hash.ts';
import { estimateDistinct, SAMPLE_ROWS } from './column-summary.ts';
import { SAMPLE_ABOVE, tableStats } from './table-stats.ts';

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

  it('hashes int32 bits in bulk exactly as one value at a time', () => {
    const vals = [0, 1, -1, 42, -2147483648, 2147483647, 123456789, -987654321];
    const hs = new Uint32Array(vals.length);
    vals.forEach((v, i) => { hs[i] = v; });
    hashInt32Bits(hs, vals.length);
    expect([...hs]).toEqual(vals.map(hashInt32));
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
    const col = (i: number) => st.column(i)!;
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
    const tag = holder.current!.column(1)!;
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
    expect(holder.analyses).toBe(2);
    // columns are summarized when first asked for; only ben's partition is read again
    expect(holder.current!.column(1)!.distinct).toBe(10);
    expect(holder.partitionsRead).toBe(3);
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
    expect(tableStats(table('pub')).current!.column(0)!.distinct).toBe(2);
    expect(tableStats(table('mine')).current!.rows).toBe(0);
    await run('ANALYZE priv');
    expect(tableStats(table('priv')).current!.rows).toBe(1);
  });

  it('planning summarizes only the columns it asks for, from a stratified sample on large partitions; ANALYZE reads every row', async () => {
    const { run, table } = await setup();
    const n = 100_000;
    expect(n).toBeGreaterThan(SAMPLE_ABOVE);
    await run(`CREATE TABLE big (u INT, a INT, p INT, h TEXT, z DOUBLE);
      INSERT INTO big SELECT g, g % 1000, g % 7, CASE WHEN g % 2 = 0 THEN NULL ELSE 'v' || (g % 50) END, g * 0.5
        FROM generate_series(1, ${n}) AS g`);
    const holder = tableStats(table('big'));
    const st = holder.fresh(table('big'));
    expect(st.summarized.size).toBe(0);
    const u = st.column(0)!, a = st.column(1)!, p = st.column(2)!, h = st.column(3)!;
    expect([...st.summarized.keys()].sort()).toEqual([0, 1, 2, 3]);
    for (const c of [u, a, p, h]) expect([c.sampled, c.rows]).toEqual([true, n]);
    // unique column: every sampled value distinct, so the estimate is the whole table
    expect(u.distinct).toBe(n);
    expect(Math.abs(a.distinct - 1000) / 1000).toBeLessThan(0.1);
    // a period that divides the row count: a stratified sample still sees every value
    expect(p.distinct).toBe(7);
    expect(Math.abs(h.nulls / h.rows - 0.5)).toBeLessThan(0.03);
    expect(h.distinct).toBe(25); // odd g only: 25 of the 50 remainders
    // ANALYZE replaces the sampled summaries with exact ones
    await run('ANALYZE big');
    const ex = holder.current!;
    expect([ex.column(0)!.sampled, ex.column(0)!.distinct, ex.column(1)!.distinct, ex.column(3)!.nulls]).toEqual([false, n, 1000, n / 2]);
    expect([ex.column(4)!.min, ex.column(4)!.max]).toEqual([0.5, n / 2]);
  });

  it('estimates distinct values from a sample with the Duj1 estimator', () => {
    expect(estimateDistinct(0, 0, 0, 100)).toBe(0);
    // the sample is the whole column: exact
    expect(estimateDistinct(100, 40, 10, 100)).toBe(40);
    // all sampled values seen once: unique
    expect(estimateDistinct(SAMPLE_ROWS, SAMPLE_ROWS, SAMPLE_ROWS, 1_000_000)).toBe(1_000_000);
    // no singletons: the sample saw every value
    expect(estimateDistinct(10_000, 500, 0, 1_000_000)).toBe(500);
    // n·d / (n − f1 + f1·n/N) = 10000·6000 / (10000 − 4000 + 4000·0.01) = 9933.8
    expect(estimateDistinct(10_000, 6000, 4000, 1_000_000)).toBe(9934);
  });
});
