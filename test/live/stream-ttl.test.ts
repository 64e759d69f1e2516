/**
 * Stream tables expire rows: invisible to every query once TTL_SECONDS have passed (by the
 * engine's injectable clock), removed by the eviction job (one system.jobs row per table per
 * run), and delivered to live queries as deletes.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Engine } from '../../src/engine/index.ts';
import { Recorder, rootEngine } from './helpers.ts';

const T0 = Date.UTC(2026, 0, 1);
let clock = { now: T0 };
let engine: Engine;
let root: string;
let run: (sql: string, params?: unknown[]) => Promise<unknown[][]>;

beforeEach(async () => {
  clock = { now: T0 };
  ({ engine, root, run } = await rootEngine({ clock: () => clock.now }));
  await run('CREATE STREAM TABLE ev (id INT PRIMARY KEY, kind TEXT) WITH (TTL_SECONDS = 60)');
});

afterEach(async () => {
  vi.useRealTimers();
  await engine.close();
});

describe('stream-table TTL', () => {
  it('hides expired rows from every query at the exact TTL, before any eviction', async () => {
    await run("INSERT INTO ev VALUES (1, 'a')");
    clock.now += 30_000;
    await run("INSERT INTO ev VALUES (2, 'b'), (3, 'a')");
    clock.now += 29_999;
    expect(await run('SELECT id FROM ev ORDER BY id')).toEqual([[1], [2], [3]]);
    clock.now += 1;                                                    // row 1 is exactly 60 s old
    expect(await run('SELECT id FROM ev ORDER BY id')).toEqual([[2], [3]]);
    expect(await run('SELECT count(*) FROM ev')).toEqual([[2n]]);
    expect(await run('SELECT id FROM ev WHERE id = 1')).toEqual([]);   // through the primary-key index
    expect(await run('SELECT id FROM ev WHERE id IN (1, 2)')).toEqual([[2]]);
    expect(await run("SELECT kind, count(*) FROM ev GROUP BY kind ORDER BY kind")).toEqual([['a', 1n], ['b', 1n]]);
    expect((await engine.execute(root, 'DELETE FROM ev WHERE id = 1')).rowCount).toBe(0);
    clock.now += 30_000;
    expect(await run('SELECT id FROM ev')).toEqual([]);
  });

  it('keeps other users\' stream rows apart and expires each by its own time', async () => {
    const bob = await engine.openSession('bob', { create: true });
    await engine.execute(bob, "INSERT INTO ev VALUES (1, 'bob')");
    clock.now += 10_000;
    await run("INSERT INTO ev VALUES (1, 'root')");
    clock.now += 55_000;
    expect(await run('SELECT kind FROM ev')).toEqual([['root']]);
    const r = await engine.execute(bob, 'SELECT kind FROM ev');
    expect(r.length).toBe(0);
  });

  it('evicts expired rows, records one system.jobs row per run and table, and delivers deletes', async () => {
    const live = new Recorder();
    await engine.subscribe(root, "SELECT id, kind FROM ev WHERE kind = 'a'", [], live);
    const counts = new Recorder();
    await engine.subscribe(root, 'SELECT count(*) AS n FROM ev', [], counts);
    await run("INSERT INTO ev VALUES (1, 'a'), (2, 'b')");
    clock.now += 20_000;
    await run("INSERT INTO ev VALUES (3, 'a')");
    expect(live.changes.map((c) => c.inserts)).toEqual([[[1, 'a']], [[3, 'a']]]);
    expect(await engine.evictExpired()).toBe(0);
    clock.now += 40_000;
    expect(await engine.evictExpired()).toBe(2);
    expect(live.last).toEqual({ deletes: [[1, 'a']], updates: [], updatesOld: [], inserts: [] });
    expect(counts.last).toEqual({ deletes: [], updates: [[1n]], updatesOld: [[3n]], inserts: [] });
    expect(await run("SELECT job_type, status, table_id, rows, created_at FROM system.jobs WHERE job_type = 'eviction'"))
      .toEqual([['eviction', 'completed', 'default:ev', 2n, clock.now]]);
    clock.now += 20_000;
    expect(await engine.evictExpired()).toBe(1);
    expect(live.replica).toEqual([]);
    expect(await run("SELECT rows FROM system.jobs WHERE job_type = 'eviction' ORDER BY job_id")).toEqual([[2n], [1n]]);
    expect(await engine.evictExpired()).toBe(0);
    expect(await run("SELECT count(*) FROM system.jobs WHERE job_type = 'eviction'")).toEqual([[2n]]);
  });

  it('frees an expired primary key once evicted', async () => {
    await run("INSERT INTO ev VALUES (1, 'old')");
    clock.now += 61_000;
    await engine.evictExpired();
    await run("INSERT INTO ev VALUES (1, 'new')");
    expect(await run('SELECT kind FROM ev')).toEqual([['new']]);
  });

  it('lets a new row take an expired primary key before any eviction (the expired row is evicted in the statement)', async () => {
    const live = new Recorder();
    await engine.subscribe(root, 'SELECT id, kind FROM ev', [], live);
    await run("INSERT INTO ev VALUES (1, 'old'), (2, 'old'), (3, 'old')");
    clock.now += 30_000;
    await run("INSERT INTO ev VALUES (4, 'mid')");
    clock.now += 31_000;                                                // 1–3 expired, 4 not
    // one row (prepared single-row path), several rows with an int key (bulk path), INSERT … SELECT
    await run("INSERT INTO ev VALUES (1, 'new')");
    await run("INSERT INTO ev VALUES (5, 'new'), (2, 'new')");
    await run("INSERT INTO ev SELECT 3, 'new'");
    expect(await run('SELECT id, kind FROM ev ORDER BY id')).toEqual([[1, 'new'], [2, 'new'], [3, 'new'], [4, 'mid'], [5, 'new']]);
    // a key still alive is still a duplicate
    await expect(engine.execute(root, "INSERT INTO ev VALUES (4, 'again')")).rejects.toMatchObject({ code: '23505' });
    // subscribers saw each expired row go as a delete (with its old values) and the new one come
    expect(live.replica.map((r) => r.join(':')).sort()).toEqual(['1:new', '2:new', '3:new', '4:mid', '5:new']);
    // rolled back, the taken key's old row is back (and still expired, so still hidden)
    await run("INSERT INTO ev VALUES (6, 'x')");
    clock.now += 61_000;
    await run('BEGIN');
    await run("INSERT INTO ev VALUES (6, 'y')");
    await run('ROLLBACK');
    expect(await run('SELECT id FROM ev WHERE id = 6')).toEqual([]);
    await run("INSERT INTO ev VALUES (6, 'z')");
    expect(await run('SELECT kind FROM ev WHERE id = 6')).toEqual([['z']]);
  });

  it('runs the eviction job on its own timer at the earliest expiry', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const live = new Recorder();
    await engine.subscribe(root, 'SELECT id FROM ev', [], live);
    await run("INSERT INTO ev VALUES (1, 'a')");
    clock.now += 10_000;
    await run("INSERT INTO ev VALUES (2, 'b')");
    clock.now += 50_000;                        // row 1 due now; the timer was set for it
    await vi.advanceTimersByTimeAsync(60_001);
    expect(live.last.deletes).toEqual([[1]]);
    expect(live.replica).toEqual([[2]]);
    clock.now += 10_000;                        // row 2 due; the job set the next timer itself
    await vi.advanceTimersByTimeAsync(10_001);
    expect(live.replica).toEqual([]);
    expect(await run("SELECT count(*) FROM system.jobs WHERE job_type = 'eviction'")).toEqual([[2n]]);
  });

  it('waits for an open transaction before evicting', async () => {
    await run("INSERT INTO ev VALUES (1, 'a')");
    clock.now += 61_000;
    await engine.execute(root, 'BEGIN');
    const done = engine.evictExpired();
    let settled = false;
    void done.then(() => { settled = true; });
    await new Promise((r) => setTimeout(r, 20));
    expect(settled).toBe(false);
    await engine.execute(root, 'COMMIT');
    expect(await done).toBe(1);
  });
});
