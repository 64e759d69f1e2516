/**
 * Persistence in Chromium with real IndexedDB, the engine in its Worker (`openDatabase` browser
 * defaults): data survives a reload (every table type, every column type, after ALTERs); a page
 * closed or a worker terminated in the middle of a burst of acknowledged inserts loses none of
 * them and leaves no half transaction; FLUSH then reload gives identical results; a second tab
 * gets a clear error when the database is kept to one tab (`shareTabs: false`; shared tabs are
 * e2e/multitab.e2e.ts). Uses the demo page's `inkdbDemo.openDatabase`.
 */
import { expect, test, type Page } from '@playwright/test';

/** Page helpers (installed before the page's scripts on every load): values made comparable across `evaluate`. */
const HELPERS = `
globalThis.__enc = (v) => {
  if (typeof v === 'bigint') return 'bigint:' + v;
  if (typeof v === 'number') return Object.is(v, -0) ? 'num:-0' : Number.isNaN(v) ? 'num:NaN' : Number.isFinite(v) ? v : 'num:' + v;
  if (v instanceof Uint8Array) return 'bytes:' + Array.from(v).join(',');
  return v;
};
globalThis.__rows = async (session, sql) => (await session.query(sql)).rowArrays().map((r) => r.map(globalThis.__enc));
globalThis.__open = async (name) => {
  const db = await globalThis.inkdbDemo.openDatabase({ name });
  if (!db.inWorker) throw new Error('expected the engine in a Worker');
  return db;
};
// not shared with other tabs: a second tab gets 55006
globalThis.__openAlone = (name) => globalThis.inkdbDemo.openDatabase({ name, shareTabs: false });
// every query whose answer must survive a reload, as one object
globalThis.__collect = async (db) => {
  const q = globalThis.__rows;
  const root = await db.login('root', '');
  const alice = await db.login('alice', 'pw');
  const bob = await db.login('bob', 'pw2');
  return {
    types: await q(root, 'SELECT * FROM app.all_types ORDER BY id'),
    // infinite timestamps cross the worker as int64 max/min microseconds; compared in SQL too
    infinite: await q(root, "SELECT id FROM app.all_types WHERE ts = 'infinity'::timestamp"),
    columns: await q(root, "SELECT column_name, data_type FROM system.columns WHERE table_name = 'all_types' ORDER BY ordinal"),
    aliceNotes: await q(alice, 'SELECT id, body FROM app.notes ORDER BY id'),
    bobNotes: await q(bob, 'SELECT id, body FROM app.notes ORDER BY id'),
    rooms: await q(alice, 'SELECT name, topic FROM app.rooms ORDER BY name'),
    typing: await q(alice, 'SELECT count(*) FROM app.typing'),
    tables: await q(root, "SELECT table_name, table_type, schema_version FROM system.tables WHERE namespace_id = 'app' ORDER BY 1"),
    pk: await q(root, 'INSERT INTO app.all_types (id) VALUES (1)').then(() => 'no error', (e) => e.code),
  };
};
`;

async function ready(page: Page): Promise<void> {
  await page.addInitScript(HELPERS);
  await page.goto('/');
  await expect(page.locator('body')).toHaveAttribute('data-ready', 'true');
}

test('data written, then the page reloaded, is all there (every table type, every column type, after ALTERs)', async ({ page }) => {
  await ready(page);
  const name = `reload-${Date.now()}`;
  await page.evaluate(async (n) => {
    const g = globalThis as unknown as { __open(n: string): Promise<{ login(u: string, p: string): Promise<{ query(s: string, p?: unknown[]): Promise<unknown> }> }> };
    const db = await g.__open(n);
    const root = await db.login('root', '');
    await root.query(`CREATE NAMESPACE app; CREATE USER 'alice' WITH PASSWORD 'pw' ROLE user; CREATE USER 'bob' WITH PASSWORD 'pw2' ROLE user;
      CREATE TABLE app.all_types (id INT PRIMARY KEY, b BOOLEAN, s SMALLINT, i INT, big BIGINT, r REAL, d DOUBLE, t TEXT, vc VARCHAR(8),
        dt DATE, ts TIMESTAMP, j JSON, bin BYTES, u UUID, n NUMERIC);
      CREATE USER TABLE app.notes (id INT PRIMARY KEY, body TEXT);
      CREATE SHARED TABLE app.rooms (name TEXT PRIMARY KEY) WITH (ACCESS_LEVEL = 'public');
      CREATE STREAM TABLE app.typing (who TEXT) WITH (TTL_SECONDS = 600)`);
    const ins = 'INSERT INTO app.all_types VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)';
    await root.query(ins, [1, true, -32768, -2147483648, 2n ** 53n + 1n, 3.5, Number.NaN, 'héllo 😀 e\u0301 עברית', 'abcdefgh', '2024-02-29', '2024-02-29 23:59:59.123456', '{"a":[1,{"b":null}]}', Uint8Array.of(0, 255, 128), '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b', '1.50']);
    await root.query(ins, [2, false, 32767, 2147483647, -(2n ** 63n), -0, Number.POSITIVE_INFINITY, '', '', '1970-01-01', 'infinity', '[]', new Uint8Array(0), null, '123456789012345678901234567890.5']);
    await root.query(ins, [3, null, null, null, null, null, -0, null, null, '-infinity', '-infinity', null, null, null, 'NaN']);
    await root.query('ALTER TABLE app.all_types ADD COLUMN extra INT DEFAULT 7');
    await root.query('ALTER TABLE app.all_types RENAME COLUMN t TO txt');
    await root.query('ALTER TABLE app.all_types DROP COLUMN s');
    await root.query('ALTER TABLE app.all_types MODIFY COLUMN i BIGINT');
    await root.query("INSERT INTO app.all_types (id, txt, extra) VALUES (4, 'after alters', 40)");
    await root.query("UPDATE app.all_types SET txt = 'updated' WHERE id = 2");
    await root.query("INSERT INTO app.rooms VALUES ('general'), ('random')");
    await root.query('ALTER TABLE app.rooms ADD COLUMN topic TEXT');
    await root.query("UPDATE app.rooms SET topic = 'chat' WHERE name = 'general'");
    const alice = await db.login('alice', 'pw');
    const bob = await db.login('bob', 'pw2');
    await alice.query("INSERT INTO app.notes VALUES (1, 'alice 1'), (2, 'alice 2')");
    await bob.query("INSERT INTO app.notes VALUES (1, 'bob 1')");
    await alice.query('DELETE FROM app.notes WHERE id = 2');
    await alice.query("INSERT INTO app.typing VALUES ('alice')");
    // no close(): the reload ends the worker as a crash would
    (globalThis as unknown as { __db: unknown }).__db = db;
  }, name);
  const collect = (): Promise<Record<string, unknown>> => page.evaluate(() => {
    const g = globalThis as unknown as { __collect(db: unknown): Promise<Record<string, unknown>>; __db: unknown };
    return g.__collect(g.__db);
  });
  const before = await collect();
  expect(before.typing).toEqual([['bigint:1']]);
  expect((before.types as unknown[][]).length).toBe(4);
  expect(before.pk).toBe('23505');
  await page.reload();
  await expect(page.locator('body')).toHaveAttribute('data-ready', 'true');
  await page.evaluate(async (n) => {
    const g = globalThis as unknown as { __open(n: string): Promise<unknown>; __db: unknown };
    g.__db = await g.__open(n);
  }, name);
  const after = await collect();
  expect(after.typing).toEqual([['bigint:0']]);   // stream rows are memory-only
  expect({ ...after, typing: null }).toEqual({ ...before, typing: null });
  expect(after.types).toEqual([
    [1, true, 'bigint:-2147483648', 'bigint:9007199254740993', 3.5, 'num:NaN', 'héllo 😀 e\u0301 עברית', 'abcdefgh', 19782, 1709251199123.456,
      '{"a":[1,{"b":null}]}', 'bytes:0,255,128', '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b', '1.50', 7],
    [2, false, 'bigint:2147483647', 'bigint:-9223372036854775808', 'num:-0', 'num:Infinity', 'updated', '', 0, 'num:Infinity', '[]', 'bytes:', null,
      '123456789012345678901234567890.5', 7],
    [3, null, null, null, null, 'num:-0', null, null, -2147483648, 'num:-Infinity', null, null, null, 'NaN', 7],
    [4, null, null, null, null, null, 'after alters', null, null, null, null, null, null, null, 40],
  ]);
  expect(after.infinite).toEqual([[2]]);
  expect(after.aliceNotes).toEqual([[1, 'alice 1']]);
  expect(after.bobNotes).toEqual([[1, 'bob 1']]);
  expect(after.rooms).toEqual([['general', 'chat'], ['random', null]]);
});

/** Starts a burst of inserts in the page: 3 sessions, each committing 3-row groups (autocommit or BEGIN … COMMIT); each acknowledged group is reported to `__ack`. */
async function startBurst(page: Page, name: string): Promise<void> {
  await page.evaluate(async (n) => {
    const g = globalThis as unknown as {
      __open(n: string): Promise<{ login(u: string, p: string): Promise<{ query(s: string, p?: unknown[]): Promise<unknown> }>; worker: { terminate(): void } | null }>;
      __ack(x: number): Promise<void>; __burstDb: unknown;
    };
    const db = await g.__open(n);
    g.__burstDb = db;
    const root = await db.login('root', '');
    await root.query('CREATE TABLE burst (id INT PRIMARY KEY, grp INT, pad TEXT)');
    for (let w = 0; w < 3; w++) {
      void (async () => {
        const s = await db.login('root', '');
        for (let i = 0; ; i++) {
          const grp = i * 3 + w;
          const pad = 'x'.repeat(200);
          try {
            if (i % 4 === 3) {
              await s.query('BEGIN');
              for (let k = 0; k < 3; k++) await s.query('INSERT INTO burst VALUES ($1, $2, $3)', [grp * 10 + k, grp, pad]);
              await s.query('COMMIT');
            } else {
              await s.query('INSERT INTO burst VALUES ($1, $2, $4), ($1 + 1, $2, $4), ($1 + 2, $2, $4)', [grp * 10, grp, null, pad]);
            }
          } catch {
            return;   // the worker is gone
          }
          void g.__ack(grp);
        }
      })();
    }
  }, name);
}

async function checkBurst(page: Page, name: string, acked: readonly number[]): Promise<void> {
  const groups = await page.evaluate(async (n) => {
    const g = globalThis as unknown as { __open(n: string): Promise<{ login(u: string, p: string): Promise<unknown>; close(): Promise<void> }>; __rows(s: unknown, q: string): Promise<unknown[][]> };
    const db = await g.__open(n);
    const r = await g.__rows(await db.login('root', ''), 'SELECT grp, count(*) FROM burst GROUP BY grp ORDER BY grp');
    await db.close();
    return r;
  }, name);
  const counts = new Map(groups.map(([grp, c]) => [grp as number, c as string]));
  for (const grp of acked) expect(counts.get(grp), `acknowledged group ${grp}`).toBe('bigint:3');
  for (const [grp, c] of counts) expect(c, `group ${grp} is whole`).toBe('bigint:3');
  expect(counts.size).toBeGreaterThanOrEqual(acked.length);
}

test('closing the page in a burst of acknowledged inserts loses none and leaves no half transaction', async ({ context }) => {
  const page = await context.newPage();
  const acked: number[] = [];
  await page.exposeFunction('__ack', (grp: number) => { acked.push(grp); });
  await ready(page);
  const name = `burst-close-${Date.now()}`;
  await startBurst(page, name);
  await expect.poll(() => acked.length, { timeout: 20_000 }).toBeGreaterThan(60);
  await page.close();   // the tab dies mid-burst, its worker with it
  const snapshot = [...acked];
  const again = await context.newPage();
  await ready(again);
  await checkBurst(again, name, snapshot);
});

test('terminating the worker in a burst of acknowledged inserts loses none and leaves no half transaction', async ({ page }) => {
  const acked: number[] = [];
  await page.exposeFunction('__ack', (grp: number) => { acked.push(grp); });
  await ready(page);
  const name = `burst-kill-${Date.now()}`;
  await startBurst(page, name);
  await expect.poll(() => acked.length, { timeout: 20_000 }).toBeGreaterThan(60);
  await page.evaluate(() => { (globalThis as unknown as { __burstDb: { worker: { terminate(): void } } }).__burstDb.worker.terminate(); });
  const snapshot = [...acked];
  await checkBurst(page, name, snapshot);
});

test('STORAGE FLUSH then reload gives identical query results', async ({ page }) => {
  await ready(page);
  const name = `flush-${Date.now()}`;
  const queries = [
    'SELECT count(*), sum(n), min(s), max(s), sum(m), min(m), max(m) FROM f',
    'SELECT id, s, n, b, m FROM f WHERE id % 997 = 0 ORDER BY id',
    'SELECT b, count(*) FROM f GROUP BY b ORDER BY b',
  ];
  const before = await page.evaluate(async ({ n, qs }) => {
    const g = globalThis as unknown as { __open(n: string): Promise<{ login(u: string, p: string): Promise<{ query(s: string): Promise<unknown> }> }>; __rows(s: unknown, q: string): Promise<unknown[][]> };
    const db = await g.__open(n);
    const root = await db.login('root', '');
    await root.query('CREATE TABLE f (id INT PRIMARY KEY, s TEXT, n BIGINT, b BOOLEAN, m NUMERIC(20, 3))');
    await root.query("INSERT INTO f SELECT g, 'row ' || g, g::bigint * 1000000007, g % 3 = 0, g::numeric / 7 FROM generate_series(1, 20000) AS g");
    await root.query('DELETE FROM f WHERE id % 10 = 0');
    await root.query("UPDATE f SET s = 'changed' WHERE id % 7 = 0");
    const out: unknown[][][] = [];
    for (const q of qs) out.push(await g.__rows(root, q));
    await root.query('STORAGE FLUSH ALL');
    await root.query('INSERT INTO f VALUES (20001, NULL, NULL, NULL, NULL)');
    await root.query('DELETE FROM f WHERE id = 20001');
    out.push(await g.__rows(root, "SELECT job_type, status, rows FROM system.jobs WHERE table_id = 'default:f' AND message LIKE 'STORAGE FLUSH%'"));
    return out;
  }, { n: name, qs: queries });
  expect(before[3]).toEqual([['flush', 'completed', 'bigint:18000']]);
  await page.reload();
  await expect(page.locator('body')).toHaveAttribute('data-ready', 'true');
  const after = await page.evaluate(async ({ n, qs }) => {
    const g = globalThis as unknown as { __open(n: string): Promise<{ login(u: string, p: string): Promise<unknown> }>; __rows(s: unknown, q: string): Promise<unknown[][]> };
    const db = await g.__open(n);
    const root = await db.login('root', '');
    const out: unknown[][][] = [];
    for (const q of qs) out.push(await g.__rows(root, q));
    return out;
  }, { n: name, qs: queries });
  expect(after).toEqual(before.slice(0, 3));
});

test('a second tab opening a database kept to one tab (shareTabs: false) gets a clear error', async ({ context }) => {
  const a = await context.newPage();
  await ready(a);
  const name = `tabs-${Date.now()}`;
  await a.evaluate(async (n) => {
    const g = globalThis as unknown as { __openAlone(n: string): Promise<unknown>; __held: unknown };
    g.__held = await g.__openAlone(n);
  }, name);
  const b = await context.newPage();
  await ready(b);
  const err = await b.evaluate(async (n) => {
    try {
      await (globalThis as unknown as { __openAlone(n: string): Promise<unknown> }).__openAlone(n);
      return null;
    } catch (e) {
      return { code: (e as { code: string }).code, message: (e as Error).message, name: (e as Error).name };
    }
  }, name);
  expect(err).toEqual({ code: '55006', message: `database "${name}" is open in another tab`, name: 'DbError' });
  // once the first tab closes it, the second can open it
  await a.evaluate(async () => { await (globalThis as unknown as { __held: { close(): Promise<void> } }).__held.close(); });
  const opened = await b.evaluate(async (n) => {
    const db = await (globalThis as unknown as { __openAlone(n: string): Promise<{ close(): Promise<void> }> }).__openAlone(n);
    await db.close();
    return true;
  }, name);
  expect(opened).toBe(true);
});
