/**
 * Many tabs, one database (docs/ARCHITECTURE.md, "Many tabs"), in Chromium with real IndexedDB:
 * two and three pages of one browser context open the same persisted database; one leads (runs
 * the engine in its Worker), the others forward to it. Writes from every page are visible in
 * all; a live query in one page sees another page's write; closing the leader page in the middle
 * of bursts of acknowledged writes loses none and applies none twice, another page takes over,
 * and a surviving live query and prepared statement carry on. Uses e2e/runtime/'s page.
 */
import { expect, test, type BrowserContext, type Page } from '@playwright/test';

/** Page helpers, installed before the page's scripts. */
const HELPERS = `
globalThis.__mt = {
  async open(name) {
    const db = await window.runtime.openDatabase({ name, storage: 'indexeddb' });
    const root = await db.login('root', '');
    globalThis.__mt.db = db;
    globalThis.__mt.root = root;
    return db.tabRole;
  },
  async ids(sql) {
    return (await globalThis.__mt.root.query(sql)).rows.map((r) => Number(r.id));
  },
};
`;

async function openPage(context: BrowserContext, name: string): Promise<{ page: Page; role: string; errors: string[] }> {
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.addInitScript(HELPERS);
  await page.goto('/');
  await expect(page.locator('#status')).toHaveText('ready');
  const role = await page.evaluate((n) => (globalThis as unknown as { __mt: { open(n: string): Promise<string> } }).__mt.open(n), name);
  return { page, role, errors };
}

type Mt = {
  db: { tabRole: string; close(): Promise<void> };
  root: {
    query(sql: string, params?: unknown[], options?: { signal?: AbortSignal; timeoutMs?: number }): Promise<{ rows: Record<string, unknown>[] }>;
    prepare(sql: string): Promise<{ query(params?: unknown[]): Promise<{ rows: Record<string, unknown>[] }> }>;
    subscribe(sql: string, params: unknown[], h: object): Promise<{ unsubscribe(): Promise<void> }>;
  };
  ids(sql: string): Promise<number[]>;
  [k: string]: unknown;
};

const dbName = (tag: string): string => `mt-${tag}-${Date.now()}-${Math.random().toString(36).slice(2, 7)}`;

test('two pages share one database: writes from each are visible in both', async ({ context }) => {
  const name = dbName('two');
  const a = await openPage(context, name);
  const b = await openPage(context, name);
  expect([a.role, b.role]).toEqual(['leader', 'follower']);
  await a.page.evaluate(async () => { await (globalThis as unknown as { __mt: Mt }).__mt.root.query('CREATE TABLE t (id INT PRIMARY KEY, who TEXT)'); });
  await a.page.evaluate(async () => { await (globalThis as unknown as { __mt: Mt }).__mt.root.query("INSERT INTO t VALUES (1, 'a')"); });
  await b.page.evaluate(async () => { await (globalThis as unknown as { __mt: Mt }).__mt.root.query("INSERT INTO t VALUES (2, 'b')"); });
  for (const p of [a.page, b.page]) {
    expect(await p.evaluate(async () => (await (globalThis as unknown as { __mt: Mt }).__mt.root.query('SELECT id, who FROM t ORDER BY id')).rows))
      .toEqual([{ id: 1, who: 'a' }, { id: 2, who: 'b' }]);
  }
  // an error crosses with its code: a duplicate key from the follower
  const code = await b.page.evaluate(async () => {
    try { await (globalThis as unknown as { __mt: Mt }).__mt.root.query("INSERT INTO t VALUES (1, 'again')"); return 'resolved'; }
    catch (e) { return (e as { code: string }).code; }
  });
  expect(code).toBe('23505');
  // the follower's point-query round trip, next to the leader's (reported, loosely bounded)
  const timing = async (p: Page): Promise<number> => p.evaluate(async () => {
    const s = (globalThis as unknown as { __mt: Mt }).__mt.root;
    const st = await s.prepare('SELECT who FROM t WHERE id = $1');
    for (let i = 0; i < 20; i++) await st.query([1]);
    const t0 = performance.now();
    for (let i = 0; i < 200; i++) await st.query([1 + (i % 2)]);
    return (performance.now() - t0) / 200;
  });
  const leaderMs = await timing(a.page);
  const followerMs = await timing(b.page);
  console.log(`point query round trip: leader ${leaderMs.toFixed(3)} ms, follower ${followerMs.toFixed(3)} ms`);
  expect(followerMs).toBeLessThan(50);
  expect([...a.errors, ...b.errors]).toEqual([]);
});

/** A statement that runs for a few seconds (a correlated subquery per row). */
const SLOW = 'SELECT count(*) FROM generate_series(1, 20000) a WHERE a > (SELECT count(*) FROM generate_series(1, 20000) b WHERE b < a)';

test('a follower cancels its query while the leader\'s Worker runs it (57014), and a time limit ends one; both pages go on', async ({ context }) => {
  const name = dbName('cancel');
  const a = await openPage(context, name);
  const b = await openPage(context, name);
  expect([a.role, b.role]).toEqual(['leader', 'follower']);
  expect(await b.page.evaluate(() => globalThis.crossOriginIsolated)).toBe(true);
  const r = await b.page.evaluate(async (slow) => {
    const s = (globalThis as unknown as { __mt: Mt }).__mt.root;
    await s.query('CREATE TABLE c (n BIGINT)');
    const codeOf = async (p: Promise<unknown>): Promise<string> => {
      try { await p; return 'resolved'; } catch (e) { return `${(e as { code: string }).code} ${(e as Error).message}`; }
    };
    const ac = new AbortController();
    const t0 = performance.now();
    const p = s.query(`INSERT INTO c ${slow}`, [], { signal: ac.signal });
    // abort once the leader's Worker is running it
    setTimeout(() => ac.abort(), 300);
    const aborted = await codeOf(p);
    const abortMs = performance.now() - t0;
    const t1 = performance.now();
    const timedOut = await codeOf(s.query(slow, [], { timeoutMs: 200 }));
    const timeoutMs = performance.now() - t1;
    const count = (await s.query('SELECT count(*) AS n FROM c')).rows[0]!['n'];
    const next = (await s.query('SELECT 40 + 2 AS x')).rows[0]!['x'];
    return { aborted, abortMs, timedOut, timeoutMs, count: String(count), next };
  }, SLOW);
  expect(r.aborted).toBe('57014 canceling statement due to user request');
  expect(r.abortMs).toBeLessThan(3000);
  expect(r.timedOut).toBe('57014 canceling statement due to statement timeout');
  expect(r.timeoutMs).toBeLessThan(3000);
  expect([r.count, r.next]).toEqual(['0', 42]);
  // the leader's own queries are unaffected
  expect(await a.page.evaluate(async () => String((await (globalThis as unknown as { __mt: Mt }).__mt.root.query('SELECT count(*) AS n FROM c')).rows[0]!['n']))).toBe('0');
  expect([...a.errors, ...b.errors]).toEqual([]);
});

test('three pages: writes from each are visible in all, and a live query in one page sees the others\' writes', async ({ context }) => {
  const name = dbName('three');
  const a = await openPage(context, name);
  await a.page.evaluate(async () => { await (globalThis as unknown as { __mt: Mt }).__mt.root.query('CREATE TABLE t (id INT PRIMARY KEY, who TEXT)'); });
  const b = await openPage(context, name);
  const c = await openPage(context, name);
  expect([a.role, b.role, c.role]).toEqual(['leader', 'follower', 'follower']);
  // page B subscribes
  await b.page.evaluate(async () => {
    const g = (globalThis as unknown as { __mt: Mt }).__mt;
    const seen: string[] = [];
    g['seen'] = seen;
    await g.root.subscribe('SELECT id, who FROM t', [], {
      onInitial: (rows: { who: string }[]) => { for (const r of rows) seen.push(`initial:${r.who}`); },
      onChange: (ch: { type: string; rows: { who: string }[] }) => { for (const r of ch.rows) seen.push(`${ch.type}:${r.who}`); },
    });
  });
  let id = 1;
  for (const p of [a, b, c]) {
    await p.page.evaluate(async ([n, who]) => {
      await (globalThis as unknown as { __mt: Mt }).__mt.root.query('INSERT INTO t VALUES ($1, $2)', [n, who]);
    }, [id++, p === a ? 'a' : p === b ? 'b' : 'c'] as const);
  }
  for (const p of [a, b, c]) {
    expect(await p.page.evaluate(() => (globalThis as unknown as { __mt: Mt }).__mt.ids('SELECT id FROM t ORDER BY id'))).toEqual([1, 2, 3]);
  }
  await expect.poll(() => b.page.evaluate(() => (globalThis as unknown as { __mt: Mt }).__mt['seen'])).toEqual(['insert:a', 'insert:b', 'insert:c']);
  expect([...a.errors, ...b.errors, ...c.errors]).toEqual([]);
});

/** Starts a burst of single-row inserts in a page; each outcome is recorded (ok, or the error code). */
async function startBurst(page: Page, from: number, count: number): Promise<void> {
  await page.evaluate(([start, n]) => {
    const g = (globalThis as unknown as { __mt: Mt }).__mt;
    const outcomes: Record<number, string> = {};
    g['outcomes'] = outcomes;
    g['burst'] = (async () => {
      for (let i = start; i < start + n; i++) {
        try {
          await g.root.query('INSERT INTO burst VALUES ($1)', [i]);
          outcomes[i] = 'ok';
        } catch (e) {
          outcomes[i] = (e as { code?: string }).code ?? String(e);
        }
      }
    })();
  }, [from, count] as const);
}

test('closing the leader page in the middle of bursts of acknowledged writes loses none; another page takes over', async ({ context }) => {
  test.setTimeout(90_000);
  const name = dbName('failover');
  const a = await openPage(context, name);
  await a.page.evaluate(async () => {
    const s = (globalThis as unknown as { __mt: Mt }).__mt.root;
    // no primary key: a write applied twice would show as a duplicate id
    await s.query('CREATE TABLE burst (id INT)');
    await s.query('CREATE TABLE notes (id INT PRIMARY KEY, body TEXT)');
    await s.query("INSERT INTO notes VALUES (1, 'one'), (2, 'two')");
  });
  const b = await openPage(context, name);
  const c = await openPage(context, name);
  expect([a.role, b.role, c.role]).toEqual(['leader', 'follower', 'follower']);

  // page B: a live query and a prepared statement made before the failover
  await b.page.evaluate(async () => {
    const g = (globalThis as unknown as { __mt: Mt }).__mt;
    const rows = new Map<number, string>();
    g['live'] = rows;
    g['liveErrors'] = [];
    await g.root.subscribe('SELECT id, body FROM notes', [], {
      onInitial: (rs: { id: number; body: string }[]) => { for (const r of rs) rows.set(r.id, r.body); },
      onChange: (ch: { type: string; rows: { id: number; body: string }[]; oldRows: { id: number }[] }) => {
        for (const r of ch.oldRows) rows.delete(r.id);
        for (const r of ch.rows) rows.set(r.id, r.body);
      },
      onError: (e: { code: string }) => (g['liveErrors'] as string[]).push(e.code),
    });
    g['stmt'] = await g.root.prepare('SELECT body FROM notes WHERE id = $1');
  });

  // bursts from the leader (A) and from a follower (B), then A's page closes
  await startBurst(a.page, 1, 100_000);
  await startBurst(b.page, 1_000_001, 400);
  const outcomes = (p: Page): Promise<Record<string, string>> => p.evaluate(() => ({ ...((globalThis as unknown as { __mt: Mt }).__mt['outcomes'] as Record<string, string>) }));
  await expect.poll(async () => Object.keys(await outcomes(b.page)).length, { timeout: 20_000 }).toBeGreaterThan(40);
  const aOutcomes = await outcomes(a.page);
  const aAcked = Object.keys(aOutcomes).filter((k) => aOutcomes[k] === 'ok').map(Number);
  expect(aAcked.length).toBeGreaterThan(10);
  await a.page.close();

  // B's burst finishes on the new leader
  await b.page.evaluate(() => (globalThis as unknown as { __mt: Mt }).__mt['burst']);
  const bOutcomes = await outcomes(b.page);
  const codes = new Set(Object.values(bOutcomes));
  for (const code of codes) expect(['ok', '08007']).toContain(code);
  const bAcked = Object.keys(bOutcomes).filter((k) => bOutcomes[k] === 'ok').map(Number);
  const bUnknown = Object.keys(bOutcomes).filter((k) => bOutcomes[k] === '08007').map(Number);
  expect(bAcked.length + bUnknown.length).toBe(400);
  expect(bUnknown.length).toBeLessThanOrEqual(1);

  const roles = await Promise.all([b.page, c.page].map((p) => p.evaluate(() => (globalThis as unknown as { __mt: Mt }).__mt.db.tabRole)));
  expect(roles.sort()).toEqual(['follower', 'leader']);

  for (const p of [b.page, c.page]) {
    const ids = await p.evaluate(() => (globalThis as unknown as { __mt: Mt }).__mt.ids('SELECT id FROM burst'));
    const seen = new Map<number, number>();
    for (const id of ids) seen.set(id, (seen.get(id) ?? 0) + 1);
    // never applied twice
    expect([...seen.values()].filter((n) => n > 1)).toEqual([]);
    // every acknowledged write is there
    expect(aAcked.filter((id) => !seen.has(id))).toEqual([]);
    expect(bAcked.filter((id) => !seen.has(id))).toEqual([]);
  }

  // the live query in B carries on: a write from C reaches it, and its rows equal a fresh query
  await c.page.evaluate(async () => {
    const s = (globalThis as unknown as { __mt: Mt }).__mt.root;
    await s.query("INSERT INTO notes VALUES (3, 'three')");
    await s.query("UPDATE notes SET body = 'uno' WHERE id = 1");
  });
  const liveRows = (): Promise<[number, string][]> => b.page.evaluate(() =>
    [...((globalThis as unknown as { __mt: Mt }).__mt['live'] as Map<number, string>)].sort((x, y) => x[0] - y[0]));
  await expect.poll(liveRows).toEqual([[1, 'uno'], [2, 'two'], [3, 'three']]);
  const fresh = await b.page.evaluate(async () =>
    (await (globalThis as unknown as { __mt: Mt }).__mt.root.query('SELECT id, body FROM notes ORDER BY id')).rows.map((r) => [r['id'], r['body']]));
  expect(await liveRows()).toEqual(fresh);
  expect(await b.page.evaluate(() => (globalThis as unknown as { __mt: Mt }).__mt['liveErrors'])).toEqual([]);

  // the prepared statement made before the failover still works
  expect(await b.page.evaluate(async () => {
    const st = (globalThis as unknown as { __mt: Mt }).__mt['stmt'] as { query(p: unknown[]): Promise<{ rows: Record<string, unknown>[] }> };
    return (await st.query([3])).rows;
  })).toEqual([{ body: 'three' }]);
  expect([...b.errors, ...c.errors]).toEqual([]);
});

test('a follower\'s open transaction is lost with its leader: 25P02 until ROLLBACK, then the session works', async ({ context }) => {
  const name = dbName('tx');
  const a = await openPage(context, name);
  await a.page.evaluate(async () => { await (globalThis as unknown as { __mt: Mt }).__mt.root.query('CREATE TABLE t (id INT PRIMARY KEY)'); });
  const b = await openPage(context, name);
  await b.page.evaluate(async () => {
    const s = (globalThis as unknown as { __mt: Mt }).__mt.root;
    await s.query('BEGIN');
    await s.query('INSERT INTO t VALUES (1)');
  });
  await a.page.close();
  const r = await b.page.evaluate(async () => {
    const s = (globalThis as unknown as { __mt: Mt }).__mt.root;
    const code = async (sql: string): Promise<string> => s.query(sql).then(() => 'ok', (e: { code: string }) => e.code);
    const insert = await code('INSERT INTO t VALUES (2)');
    const rollback = await code('ROLLBACK');
    const after = await code('INSERT INTO t VALUES (3)');
    const ids = (await s.query('SELECT id FROM t ORDER BY id')).rows.map((x) => x['id']);
    return { insert, rollback, after, ids, role: (globalThis as unknown as { __mt: Mt }).__mt.db.tabRole };
  });
  expect(r).toEqual({ insert: '25P02', rollback: 'ok', after: 'ok', ids: [3], role: 'leader' });
});

test('the leader closing its database (db.close()) hands over: the follower leads, its live query carries on', async ({ context }) => {
  const name = dbName('close');
  const a = await openPage(context, name);
  await a.page.evaluate(async () => {
    await (globalThis as unknown as { __mt: Mt }).__mt.root.query("CREATE TABLE n (id INT PRIMARY KEY); INSERT INTO n VALUES (1)");
  });
  const b = await openPage(context, name);
  await b.page.evaluate(async () => {
    const g = (globalThis as unknown as { __mt: Mt }).__mt;
    const ids = new Set<number>();
    g['liveIds'] = ids;
    g['liveErrors'] = [];
    await g.root.subscribe('SELECT id FROM n', [], {
      onInitial: (rs: { id: number }[]) => { for (const r of rs) ids.add(r.id); },
      onChange: (c: { rows: { id: number }[]; oldRows: { id: number }[] }) => {
        for (const r of c.oldRows) ids.delete(r.id);
        for (const r of c.rows) ids.add(r.id);
      },
      onError: (e: { code: string }) => (g['liveErrors'] as string[]).push(e.code),
    });
  });
  await a.page.evaluate(() => (globalThis as unknown as { __mt: Mt }).__mt.db.close());
  const r = await b.page.evaluate(async () => {
    const g = (globalThis as unknown as { __mt: Mt }).__mt;
    const t0 = performance.now();
    await g.root.query('INSERT INTO n VALUES (2)');   // waits for the takeover (a new Worker loading from IndexedDB)
    const ms = performance.now() - t0;
    return { role: g.db.tabRole, ids: await g.ids('SELECT id FROM n ORDER BY id'), ms };
  });
  console.log(`takeover after the leader's db.close(): first write done in ${r.ms.toFixed(0)} ms`);
  expect({ role: r.role, ids: r.ids }).toEqual({ role: 'leader', ids: [1, 2] });
  await expect.poll(() => b.page.evaluate(() => [...((globalThis as unknown as { __mt: Mt }).__mt['liveIds'] as Set<number>)].sort())).toEqual([1, 2]);
  expect(await b.page.evaluate(() => (globalThis as unknown as { __mt: Mt }).__mt['liveErrors'])).toEqual([]);
  // the page that closed can open it again, now as a follower
  expect(await a.page.evaluate((n) => (globalThis as unknown as { __mt: { open(n: string): Promise<string> } }).__mt.open(n), name)).toBe('follower');
  expect([...a.errors, ...b.errors]).toEqual([]);
});
