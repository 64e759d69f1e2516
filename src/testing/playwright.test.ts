/**
 * The Playwright kit and its page hook in one realm: a stand-in page whose `evaluate` sends
 * arguments and answers through JSON (as Playwright does), and the page's database an
 * in-process InkDB. The real browser path is covered by e2e/kit.e2e.ts.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database, type Session } from '../index.ts';
import { TEST_HOOK_GLOBAL, exposeForTesting } from './page-hook.ts';
import { KitError, as, inkdbFixtures, query, reset, seed, snapshot, waitForChange, type PageLike } from './playwright.ts';
import { decodeValue, encodeValue } from './playwright-values.ts';

/** A page whose evaluate round-trips through JSON, as page.evaluate does. */
const page: PageLike = {
  async evaluate<R, A>(fn: (arg: A) => R | Promise<R>, arg: A): Promise<R> {
    const sent = JSON.parse(JSON.stringify(arg)) as A;
    return JSON.parse(JSON.stringify(await fn(sent))) as R;
  },
};

let db: Database;
let root: Session;
let withdraw: () => void;

beforeEach(async () => {
  db = await openDatabase({ worker: false, storage: 'memory', name: 'kit-app' });
  root = await db.login('root', '');
  await root.query(`CREATE NAMESPACE chat;
    CREATE SHARED TABLE chat.rooms (id TEXT PRIMARY KEY, title TEXT) WITH (ACCESS_LEVEL = 'public');
    CREATE USER TABLE chat.messages (id BIGINT PRIMARY KEY, room TEXT, body TEXT, data BYTES);
    CREATE STREAM TABLE chat.typing (room TEXT, who TEXT) WITH (TTL_SECONDS = 60)`);
  withdraw = exposeForTesting(db);
});

afterEach(async () => {
  withdraw();
  await db.close();
});

describe('values across page.evaluate', () => {
  it('keeps bigint, bytes, non-finite numbers and -0 exact', () => {
    const v = { a: 1n, b: new Uint8Array([0, 255]), c: Number.NaN, d: -0, e: Number.POSITIVE_INFINITY, f: [null, 'x', true, 1.5] };
    const back = decodeValue(JSON.parse(JSON.stringify(encodeValue(v)))) as typeof v;
    expect(back).toEqual(v);
    expect(Object.is(back.d, -0)).toBe(true);
  });
});

describe('the kit against an exposed database', () => {
  it('query runs as root with parameters and returns rows, columns, count and message', async () => {
    await seed(page, { 'chat.rooms': [{ id: 'general', title: 'General' }, { id: 'random', title: 'Random' }] });
    const r = await query(page, 'SELECT id, title FROM chat.rooms WHERE id = $1', ['random']);
    expect(r).toEqual({ rows: [{ id: 'random', title: 'Random' }], columns: [{ name: 'id', type: 'text' }, { name: 'title', type: 'text' }], rowCount: 1, message: 'SELECT 1' });
    expect((await query(page, 'SELECT current_user() AS u')).rows).toEqual([{ u: 'root' }]);
  });

  it('seed and snapshot keep types and sort rows; user tables go to the acting user', async () => {
    const alice = as(page, 'alice');
    expect(await alice.seed({ 'chat.messages': [{ id: 2n, room: 'general', body: 'b', data: new Uint8Array([7]) }, { id: 1n, room: 'general', body: 'a', data: null }] }))
      .toEqual({ 'chat.messages': 2 });
    expect(await alice.snapshot('chat.messages')).toEqual([
      { id: 1n, room: 'general', body: 'a', data: null },
      { id: 2n, room: 'general', body: 'b', data: new Uint8Array([7]) },
    ]);
    // isolation: bob and root see none of alice's rows
    expect(await as(page, 'bob').snapshot('chat.messages')).toEqual([]);
    expect(await snapshot(page, 'chat.messages')).toEqual([]);
    expect((await root.query("EXECUTE AS USER 'alice' (SELECT count(*) AS n FROM chat.messages)")).rows).toEqual([{ n: 2n }]);
  });

  it('errors carry the SQLSTATE code, message and position', async () => {
    const e = await query(page, 'SELECT nope FROM chat.rooms').then(() => null, (x: unknown) => x as KitError);
    expect(e).toBeInstanceOf(KitError);
    expect(e!.code).toBe('42703');
    expect(e!.message).toBe('42703: column "nope" does not exist');
    expect(e!.position).toBe(8);
    // a user may not write a shared table of another access level: the engine's rule applies
    const denied = await as(page, 'alice').query("INSERT INTO chat.rooms VALUES ('x', 'X')").then(() => null, (x: unknown) => x as KitError);
    expect(denied!.code).toBe('42501');
    const badName = await snapshot(page, 'chat.rooms; DROP TABLE chat.rooms').then(() => null, (x: unknown) => x as KitError);
    expect(badName!.code).toBeUndefined();
    expect(badName!.message).toMatch(/names of tables/);
  });

  it('reset empties shared tables and every user partition, keeping tables and users', async () => {
    await seed(page, { 'chat.rooms': [{ id: 'general', title: 'General' }] });
    await as(page, 'alice').seed({ 'chat.messages': [{ id: 1n, room: 'general', body: 'a' }], 'chat.typing': [{ room: 'general', who: 'alice' }] });
    await as(page, 'bob').seed({ 'chat.messages': [{ id: 1n, room: 'general', body: 'b' }] });
    expect(await reset(page)).toEqual({ tables: 3, deleted: 4 });
    expect(await snapshot(page, 'chat.rooms')).toEqual([]);
    expect(await as(page, 'alice').snapshot('chat.messages')).toEqual([]);
    expect(await as(page, 'alice').snapshot('chat.typing')).toEqual([]);
    expect(await as(page, 'bob').snapshot('chat.messages')).toEqual([]);
    expect((await root.query("SELECT user_id FROM system.users WHERE user_id IN ('alice', 'bob') ORDER BY 1")).rows).toEqual([{ user_id: 'alice' }, { user_id: 'bob' }]);
  });

  it('waitForChange resolves with the new rows after the action, and times out with a clear message', async () => {
    const bob = await db.session({ user: 'bob', create: true });
    const rows = await waitForChange(page, 'SELECT body FROM chat.messages ORDER BY id', [], {
      user: 'bob',
      action: async () => { setTimeout(() => { void bob.query("INSERT INTO chat.messages VALUES (5, 'general', 'hello', NULL)"); }, 30); },
    });
    expect(rows).toEqual([{ body: 'hello' }]);
    const e = await waitForChange(page, 'SELECT 1 AS x', [], { timeoutMs: 60 }).then(() => null, (x: unknown) => x as KitError);
    expect(e!.message).toMatch(/did not change within 60 ms/);
  });

  it('as() binds a user; the fixture binds root; databases are picked by name, the last exposed by default', async () => {
    expect((await as(page, 'carol').query('SELECT current_user() AS u')).rows).toEqual([{ u: 'carol' }]);
    expect((await as(page, 'carol').as('dave').query('SELECT current_user() AS u')).rows).toEqual([{ u: 'dave' }]);
    let seen = '';
    await inkdbFixtures.inkdb({ page }, async (kit) => { seen = String((await kit.query('SELECT current_user() AS u')).rows[0]!['u']); });
    expect(seen).toBe('root');

    const other = await openDatabase({ worker: false, storage: 'memory', name: 'other' });
    const off = exposeForTesting(other);
    expect((await query(page, 'SELECT count(*) AS n FROM system.tables')).rows).toEqual([{ n: 0n }]);
    expect((await query(page, 'SELECT count(*) AS n FROM system.tables', [], { database: 'kit-app' })).rows).toEqual([{ n: 3n }]);
    off();
    await other.close();
    const missing = await query(page, 'SELECT 1', [], { database: 'nope' }).then(() => null, (x: unknown) => x as KitError);
    expect(missing!.message).toMatch(/no InkDB database named "nope"/);
  });

  it('waits for the app to expose its database, and says so when it never does', async () => {
    withdraw();
    const hook = (globalThis as Record<string, unknown>)[TEST_HOOK_GLOBAL];
    delete (globalThis as Record<string, unknown>)[TEST_HOOK_GLOBAL];
    try {
      setTimeout(() => { (globalThis as Record<string, unknown>)[TEST_HOOK_GLOBAL] = hook; withdraw = exposeForTesting(db); }, 50);
      expect((await query(page, 'SELECT 1 AS x')).rows).toEqual([{ x: 1 }]);
      delete (globalThis as Record<string, unknown>)[TEST_HOOK_GLOBAL];
      const e = await query(page, 'SELECT 1', [], { hookTimeoutMs: 50 }).then(() => null, (x: unknown) => x as KitError);
      expect(e!.message).toMatch(/exposes no InkDB database after 50 ms/);
    } finally {
      (globalThis as Record<string, unknown>)[TEST_HOOK_GLOBAL] = hook;
    }
  });
});
