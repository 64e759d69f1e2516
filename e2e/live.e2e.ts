/**
 * Live queries through the real Worker in Chromium: two sessions in one page (alice and bob),
 * a subscription each; each one's writes reach only the right subscriber; a stream-table row
 * expires after its TTL and is delivered as a delete; a cached shared-table handle answers
 * from the main thread and is current after each write.
 */
import { expect, test, type Page } from '@playwright/test';

function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(`console: ${m.text()}`); });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  return errors;
}

test('subscriptions through the Worker: per-user delivery and stream expiry', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('/');
  await expect(page.locator('body')).toHaveAttribute('data-ready', 'true');
  const out = await page.evaluate(async () => {
    interface Change { type: string; rows: Record<string, unknown>[]; oldRows: Record<string, unknown>[] }
    interface Sub { id: string; closed: boolean; unsubscribe(): Promise<void> }
    interface Sess {
      query(sql: string, params?: unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
      subscribe(sql: string, params: unknown[], h: object): Promise<Sub>;
      table(name: string, o?: object): { select(o?: object): Promise<{ rows: Record<string, unknown>[] }>; cache: { stats: { hits: number } } | null };
    }
    interface Db { inWorker: boolean; login(u: string, p: string): Promise<Sess>; session(o: object): Promise<Sess>; close(): Promise<void> }
    const demo = (globalThis as unknown as { inkdbDemo: { openDatabase(o: object): Promise<Db> } }).inkdbDemo;
    const db = await demo.openDatabase({ name: 'live-e2e', worker: true, storage: 'memory' });
    const root = await db.login('root', '');
    await root.query('CREATE USER TABLE notes (id INT PRIMARY KEY, body TEXT)');
    await root.query('CREATE STREAM TABLE pings (id INT, who TEXT) WITH (TTL_SECONDS = 1)');
    await root.query("CREATE SHARED TABLE settings (k TEXT PRIMARY KEY, v TEXT) WITH (ACCESS_LEVEL = 'public')");
    const alice = await db.session({ user: 'alice', create: true });
    const bob = await db.session({ user: 'bob', create: true });
    const log: Record<string, { initial: unknown[]; changes: Change[]; errors: string[] }> = {};
    const handlers = (name: string) => {
      log[name] = { initial: [], changes: [], errors: [] };
      return {
        onInitial: (rows: unknown[]) => { log[name]!.initial = rows; },
        onChange: (c: Change) => { log[name]!.changes.push(c); },
        onError: (e: { code: string }) => { log[name]!.errors.push(e.code); },
      };
    };
    await alice.subscribe('SELECT id, body FROM notes', [], handlers('alice'));
    await bob.subscribe('SELECT id, body FROM notes WHERE id > 0', [], handlers('bob'));
    await alice.query("INSERT INTO notes VALUES (1, 'a1')");
    const aliceSawOwnWrite = log['alice']!.changes.length;        // before the write resolved
    await bob.query("INSERT INTO notes VALUES (1, 'b1'), (2, 'b2')");
    await alice.query("UPDATE notes SET body = 'a1!' WHERE id = 1");
    await bob.query('DELETE FROM notes WHERE id = 2');
    // a stream row expires after 1 s and reaches the subscriber as a delete
    await alice.subscribe('SELECT id, who FROM pings', [], handlers('pings'));
    await alice.query("INSERT INTO pings VALUES (7, 'alice')");
    const t0 = performance.now();
    while (log['pings']!.changes.length < 2 && performance.now() - t0 < 5000) await new Promise((r) => setTimeout(r, 50));
    const expiredAfterMs = performance.now() - t0;
    const pingsNow = (await alice.query('SELECT * FROM pings')).rows;
    // a cached shared-table handle: one round trip to load, then main-thread answers that follow writes
    const h = bob.table('settings', { type: 'shared', cache: true });
    await root.query("INSERT INTO settings VALUES ('theme', 'dark')");
    const first = (await h.select({ where: { k: 'theme' } })).rows;
    await root.query("UPDATE settings SET v = 'light' WHERE k = 'theme'");
    const second = (await h.select({ where: { k: 'theme' } })).rows;
    const live = (await root.query('SELECT user_id, table_name FROM system.live ORDER BY subscription_id')).rows;
    const jobs = (await root.query("SELECT job_type, table_id, rows FROM system.jobs WHERE job_type = 'eviction'")).rows;
    const hits = h.cache?.stats.hits ?? -1;
    await db.close();
    return { inWorker: db.inWorker, log, aliceSawOwnWrite, expiredAfterMs, pingsNow, first, second, hits, live: live.length, jobs: jobs.map((j) => [j['job_type'], j['table_id'], String(j['rows'])]) };
  });
  expect(out.inWorker).toBe(true);
  expect(out.log['alice']).toEqual({
    initial: [],
    changes: [
      { type: 'insert', rows: [{ id: 1, body: 'a1' }], oldRows: [] },
      { type: 'update', rows: [{ id: 1, body: 'a1!' }], oldRows: [{ id: 1, body: 'a1' }] },
    ],
    errors: [],
  });
  expect(out.aliceSawOwnWrite).toBe(1);
  expect(out.log['bob']).toEqual({
    initial: [],
    changes: [
      { type: 'insert', rows: [{ id: 1, body: 'b1' }, { id: 2, body: 'b2' }], oldRows: [] },
      { type: 'delete', rows: [], oldRows: [{ id: 2, body: 'b2' }] },
    ],
    errors: [],
  });
  expect(out.log['pings']!.changes).toEqual([
    { type: 'insert', rows: [{ id: 7, who: 'alice' }], oldRows: [] },
    { type: 'delete', rows: [], oldRows: [{ id: 7, who: 'alice' }] },
  ]);
  expect(out.expiredAfterMs).toBeGreaterThan(800);
  expect(out.expiredAfterMs).toBeLessThan(3000);
  expect(out.pingsNow).toEqual([]);
  expect(out.jobs).toEqual([['eviction', 'default:pings', '1']]);
  expect(out.first).toEqual([{ k: 'theme', v: 'dark' }]);
  expect(out.second).toEqual([{ k: 'theme', v: 'light' }]);
  expect(out.hits).toBe(2);
  expect(out.live).toBe(4);
  expect(errors).toEqual([]);
});
