/**
 * The engine in its Worker, in Chromium (e2e/runtime/: a cross-origin isolated page):
 * cancellation and time limits reject with 57014, change nothing and leave the engine usable; the
 * main thread has no long task (> 50 ms) while the Worker aggregates 1,000,000 rows or while a
 * 100,000-row result arrives.
 */
import { expect, test } from '@playwright/test';

/** A statement that runs for seconds: a correlated subquery over 20,000 × 20,000 rows. */
const SLOW = 'SELECT count(*) FROM generate_series(1, 20000) a WHERE a > (SELECT count(*) FROM generate_series(1, 20000) b WHERE b < a)';

test.beforeEach(async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto('/');
  await expect(page.locator('#status')).toHaveText('ready');
  expect(errors).toEqual([]);
});

test('the page is cross-origin isolated, so the Worker shares the cancel flags', async ({ page }) => {
  expect(await page.evaluate(() => globalThis.crossOriginIsolated)).toBe(true);
});

test('an aborted query rejects with 57014 while the Worker runs it; nothing changes and the next query works', async ({ page }) => {
  const r = await page.evaluate(async (slow) => {
    await window.runtime.open();
    const s = window.runtime.session();
    await s.query('CREATE TABLE t (n BIGINT)');
    const ac = new AbortController();
    const t0 = performance.now();
    const p = s.query(`INSERT INTO t ${slow}`, [], { signal: ac.signal });
    setTimeout(() => ac.abort(), 100);
    let code = 'resolved', message = '';
    try { await p; } catch (e) { code = (e as { code: string }).code; message = (e as Error).message; }
    const ms = performance.now() - t0;
    const count = (await s.query('SELECT count(*) AS n FROM t')).rows[0]!['n'];
    const next = (await s.query('SELECT 40 + 2 AS x')).rows[0]!['x'];
    return { code, message, ms, count: String(count), next, inWorker: window.runtime.db().inWorker };
  }, SLOW);
  expect(r.inWorker).toBe(true);
  expect(r.code).toBe('57014');
  expect(r.message).toBe('canceling statement due to user request');
  expect(r.ms).toBeLessThan(5000);
  expect(r.count).toBe('0');
  expect(r.next).toBe(42);
});

test('a query past timeoutMs, or the database statementTimeoutMs, rejects with 57014 and the next query works', async ({ page }) => {
  const r = await page.evaluate(async (slow) => {
    const codeOf = async (p: Promise<unknown>): Promise<string> => {
      try { await p; return 'resolved'; } catch (e) { return `${(e as { code: string }).code} ${(e as Error).message}`; }
    };
    await window.runtime.open();
    const s = window.runtime.session();
    const own = await codeOf(s.query(slow, [], { timeoutMs: 50 }));
    const after = (await s.query('SELECT 1 AS x')).rows[0]!['x'];
    await window.runtime.open({ statementTimeoutMs: 50 });
    const s2 = window.runtime.session();
    const dbWide = await codeOf(s2.query(slow));
    const stmt = await s2.prepare('SELECT $1::int * 2 AS y');
    const prepared = (await stmt.query([21])).rows[0]!['y'];
    return { own, after, dbWide, prepared };
  }, SLOW);
  expect(r.own).toBe('57014 canceling statement due to statement timeout');
  expect(r.after).toBe(1);
  expect(r.dbWide).toBe('57014 canceling statement due to statement timeout');
  expect(r.prepared).toBe(42);
});

test('no long task on the main thread while the Worker aggregates 1,000,000 rows or a 100,000-row result arrives', async ({ page }) => {
  test.setTimeout(120_000);
  const r = await page.evaluate(async () => {
    await window.runtime.open();
    const s = window.runtime.session();
    await s.query('CREATE TABLE events (id INTEGER PRIMARY KEY, user_id INTEGER, kind TEXT, value DOUBLE, ts INTEGER)');
    await s.query("INSERT INTO events SELECT g, g % 1000 + 1, 'k' || (g % 10), (g % 97) / 97.0, 1700000000 + g FROM generate_series(1, 1000000) AS g");
    await new Promise((resolve) => setTimeout(resolve, 100));
    window.runtime.takeLongTasks();
    const agg = await s.query('SELECT user_id, count(*) AS n, avg(value) AS a FROM events GROUP BY user_id');
    await new Promise((resolve) => setTimeout(resolve, 100));
    const duringAggregate = window.runtime.takeLongTasks();
    const big = await s.query('SELECT * FROM events WHERE id <= 100000');
    await new Promise((resolve) => setTimeout(resolve, 100));
    const duringResult = window.runtime.takeLongTasks();
    return { groups: agg.rowCount, rows: big.rowCount, length: big.length, duringAggregate, duringResult };
  });
  expect(r.groups).toBe(1000);
  expect(r.rows).toBe(100000);
  expect(r.length).toBe(100000);
  expect(r.duringAggregate).toEqual([]);
  expect(r.duringResult).toEqual([]);
});
