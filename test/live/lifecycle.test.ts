/**
 * Scoping, rights and the life of a subscription: user tables reach only their owner, access
 * levels are checked, `system.live`, unsubscribe, logout, KILL LIVE QUERY, DROP and ALTER of a
 * watched table, the per-session limit, and SUBSCRIBE TO.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Engine } from '../../src/engine/index.ts';
import { IncrementalMatcher } from '../../src/live/incremental.ts';
import { Recorder, rootEngine } from './helpers.ts';

let engine: Engine;
let run: (sql: string, params?: unknown[]) => Promise<unknown[][]>;
let alice: string;
let bob: string;
let svc: string;
let dba: string;

beforeEach(async () => {
  ({ engine, run } = await rootEngine({ maxLiveQueriesPerSession: 3 }));
  // trusted sessions: no password hashing, so the suite stays fast
  alice = await engine.openSession('alice', { create: true });
  bob = await engine.openSession('bob', { create: true });
  await engine.openSession('svc', { create: true });
  await engine.openSession('dee', { create: true });
  await run("ALTER USER 'svc' SET ROLE service");
  await run("ALTER USER 'dee' SET ROLE dba");
  svc = await engine.openSession('svc');
  dba = await engine.openSession('dee');
  await run('CREATE NAMESPACE app');
  await run('CREATE USER TABLE app.notes (id INT PRIMARY KEY, body TEXT)');
  await run("CREATE SHARED TABLE app.settings (k TEXT PRIMARY KEY, v TEXT) WITH (ACCESS_LEVEL = 'public')");
  await run("CREATE SHARED TABLE app.secrets (k TEXT PRIMARY KEY, v TEXT) WITH (ACCESS_LEVEL = 'private')");
});

afterEach(() => {
  vi.restoreAllMocks();
});

async function sub(session: string, sql: string, params: unknown[] = []): Promise<[Recorder, string]> {
  const r = new Recorder();
  const id = await engine.subscribe(session, sql, params, r);
  return [r, id];
}

async function code(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    return (e as { code: string }).code;
  }
  return 'resolved';
}

async function live(): Promise<unknown[][]> {
  return run('SELECT subscription_id, user_id, namespace_id, table_name, query, changes FROM system.live ORDER BY subscription_id');
}

describe('scoping and rights', () => {
  it('delivers a user table\'s changes only to the user who owns the rows, never an empty event to others', async () => {
    const [ra] = await sub(alice, 'SELECT * FROM app.notes');
    const [rb] = await sub(bob, 'SELECT id, body FROM app.notes WHERE id > 0');
    const [rc] = await sub(bob, 'SELECT count(*) AS n FROM app.notes');   // re-evaluated path
    await engine.execute(alice, "INSERT INTO app.notes VALUES (1, 'alice 1')");
    await engine.execute(bob, "INSERT INTO app.notes VALUES (1, 'bob 1')");
    await engine.execute(alice, "UPDATE app.notes SET body = 'alice 1b'");
    expect(ra.changes.map((c) => [c.inserts, c.updates])).toEqual([[[[1, 'alice 1']], []], [[], [[1, 'alice 1b']]]]);
    expect(rb.changes).toEqual([{ deletes: [], updates: [], updatesOld: [], inserts: [[1, 'bob 1']] }]);
    expect(rc.changes).toEqual([{ deletes: [], updates: [[1n]], updatesOld: [[0n]], inserts: [] }]);
    expect(rb.events.filter((e) => e.kind === 'change')).toHaveLength(1);
  });

  it('never evaluates other users\' subscriptions on a commit (index by partition)', async () => {
    const spy = vi.spyOn(IncrementalMatcher.prototype, 'match');
    for (let i = 0; i < 3; i++) await sub(bob, `SELECT * FROM app.notes WHERE id > ${i}`);
    await engine.execute(alice, "INSERT INTO app.notes VALUES (5, 'x')");
    expect(spy).not.toHaveBeenCalled();
    await engine.execute(bob, "INSERT INTO app.notes VALUES (5, 'x')");
    expect(spy).toHaveBeenCalledTimes(3);
  });

  it('refuses tables the subscriber may not read with 42501, and system tables with 0A000', async () => {
    expect(await code(sub(alice, 'SELECT * FROM app.secrets'))).toBe('42501');
    expect(await code(sub(alice, 'SELECT s.k FROM app.settings s JOIN app.secrets x ON x.k = s.k'))).toBe('42501');
    expect(await code(sub(alice, 'SELECT * FROM system.users'))).toBe('42501');
    expect(await code(sub(dba, 'SELECT * FROM system.users'))).toBe('0A000');
    const [r] = await sub(svc, 'SELECT * FROM app.secrets');
    expect(r.initial).toEqual([]);
    const [pub] = await sub(alice, 'SELECT * FROM app.settings');
    await engine.execute(svc, "INSERT INTO app.settings VALUES ('theme', 'dark')");
    expect(pub.last.inserts).toEqual([['theme', 'dark']]);
    expect(await live()).toHaveLength(2);
  });

  it('ends subscriptions whose table becomes unreadable (SET ACCESS LEVEL)', async () => {
    const [r] = await sub(svc, 'SELECT * FROM app.secrets');
    const [d] = await sub(dba, 'SELECT * FROM app.secrets');
    await run('ALTER TABLE app.secrets SET ACCESS LEVEL dba');
    expect(r.errors).toEqual([{ code: '42501', message: 'permission denied for table app.secrets' }]);
    expect(d.errors).toEqual([]);
    await run("INSERT INTO app.secrets VALUES ('k', 'v')");
    expect(d.last.inserts).toEqual([['k', 'v']]);
    expect(r.changes).toEqual([]);
  });
});

describe('lifecycle', () => {
  it('lists subscriptions in system.live with the changes delivered', async () => {
    const [, id1] = await sub(alice, 'SELECT * FROM app.notes');
    const [, id2] = await sub(svc, 'SELECT k FROM app.secrets WHERE v = $1', ['x']);
    await engine.execute(alice, "INSERT INTO app.notes VALUES (1, 'a')");
    await engine.execute(alice, "INSERT INTO app.notes VALUES (2, 'b')");
    expect(await live()).toEqual([
      [id1, 'alice', 'app', 'notes', 'SELECT * FROM app.notes', 2n],
      [id2, 'svc', 'app', 'secrets', 'SELECT k FROM app.secrets WHERE v = $1', 0n],
    ]);
    const created = await run('SELECT created_at FROM system.live');
    expect(typeof created[0]![0]).toBe('number');
  });

  it('stops delivering after unsubscribe and after logout', async () => {
    const [r, id] = await sub(alice, 'SELECT * FROM app.notes');
    await engine.unsubscribe(alice, id);
    await engine.unsubscribe(alice, id);               // idempotent
    await engine.unsubscribe(bob, 'live-999');         // unknown: ignored
    const [r2] = await sub(alice, 'SELECT * FROM app.notes');
    await engine.closeSession(alice);
    const again = await engine.openSession('alice');
    await engine.execute(again, "INSERT INTO app.notes VALUES (1, 'x')");
    expect(r.changes).toEqual([]);
    expect(r2.changes).toEqual([]);
    expect(r2.errors).toEqual([]);
    expect(await live()).toEqual([]);
  });

  it('KILL LIVE QUERY: own subscriptions, dba+ for anyone\'s, 42704 for unknown ids', async () => {
    const [ra, ida] = await sub(alice, 'SELECT * FROM app.notes');
    const [rb, idb] = await sub(bob, 'SELECT * FROM app.notes');
    expect(await code(engine.execute(alice, `KILL LIVE QUERY '${idb}'`))).toBe('42501');
    expect(rb.errors).toEqual([]);
    expect((await engine.execute(alice, `KILL LIVE QUERY '${ida}'`)).message).toBe(`Live query ${ida} killed`);
    expect(ra.errors).toEqual([{ code: '57014', message: `live query "${ida}" was killed by user "alice"` }]);
    await engine.execute(dba, `KILL LIVE QUERY '${idb}'`);
    expect(rb.errors.map((e) => e.code)).toEqual(['57014']);
    expect(await code(engine.execute(dba, "KILL LIVE QUERY 'live-404'"))).toBe('42704');
    await engine.execute(bob, "INSERT INTO app.notes VALUES (1, 'x')");
    expect(rb.changes).toEqual([]);
    expect(await live()).toEqual([]);
  });

  it('ends subscriptions of a dropped table with 42P01', async () => {
    const [r] = await sub(alice, 'SELECT * FROM app.notes');
    const [j] = await sub(svc, 'SELECT s.k FROM app.settings s JOIN app.notes n ON n.body = s.k');
    await run('DROP TABLE app.notes');
    expect(r.errors).toEqual([{ code: '42P01', message: 'relation "app.notes" does not exist' }]);
    expect(j.errors.map((e) => e.code)).toEqual(['42P01']);
    await run('CREATE USER TABLE app.notes (id INT PRIMARY KEY, body TEXT)');
    await engine.execute(alice, "INSERT INTO app.notes VALUES (1, 'x')");
    expect(r.changes).toEqual([]);
    expect(await live()).toEqual([]);
  });

  it('re-plans after an ALTER that keeps the result\'s columns, and ends with a clear error otherwise', async () => {
    await run("INSERT INTO app.settings VALUES ('a', '1')");
    const [narrow] = await sub(alice, 'SELECT k, v FROM app.settings');
    const [star] = await sub(bob, 'SELECT * FROM app.settings');
    const [agg] = await sub(svc, 'SELECT count(*) FROM app.settings');
    await run('ALTER TABLE app.settings ADD COLUMN extra INT DEFAULT 7');
    expect(narrow.errors).toEqual([]);
    expect(agg.errors).toEqual([]);
    expect(star.errors).toEqual([{ code: '0A000', message: 'cached plan must not change result type' }]);
    await run("INSERT INTO app.settings VALUES ('b', '2', 0)");
    expect(narrow.last.inserts).toEqual([['b', '2']]);
    expect(agg.last.updates).toEqual([[2n]]);
    await run('ALTER TABLE app.settings RENAME TO prefs');
    await run("INSERT INTO app.prefs VALUES ('c', '3', 0)");
    expect(narrow.last.inserts).toEqual([['c', '3']]);
    await run('ALTER TABLE app.prefs DROP COLUMN v');
    expect(narrow.errors.map((e) => e.code)).toEqual(['42P01']);
    expect(star.changes).toEqual([]);
  });

  it('limits live queries per session (53400) and frees the slot at unsubscribe', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await sub(alice, 'SELECT * FROM app.notes'))[1]);
    const err = await sub(alice, 'SELECT * FROM app.notes').catch((e: { code: string; message: string }) => e);
    expect(err).toMatchObject({ code: '53400', message: 'too many live queries for this session (limit 3)' });
    await sub(bob, 'SELECT * FROM app.notes');          // the limit is per session
    await engine.unsubscribe(alice, ids[0]!);
    await sub(alice, 'SELECT * FROM app.notes');
  });

  it('refuses to subscribe inside a transaction, and registers nothing on any error', async () => {
    await engine.execute(alice, 'BEGIN');
    expect(await code(sub(alice, 'SELECT * FROM app.notes'))).toBe('25001');
    await engine.execute(alice, 'ROLLBACK');
    expect(await code(sub(alice, 'SELEC * FROM app.notes'))).toBe('42601');
    expect(await code(sub(alice, 'SELECT * FROM app.nope'))).toBe('42P01');
    expect(await code(sub(alice, 'SELECT 1; SELECT 2'))).toBe('42601');
    expect(await code(sub(alice, "INSERT INTO app.notes VALUES (1, 'x')"))).toBe('0A000');
    expect(await live()).toEqual([]);
  });

  it('accepts SUBSCRIBE TO with LAST_ROWS through subscribe(), and refuses it as a plain statement', async () => {
    for (let i = 1; i <= 5; i++) await engine.execute(alice, `INSERT INTO app.notes VALUES (${i}, 'n${i}')`);
    const [r] = await sub(alice, 'SUBSCRIBE TO SELECT id FROM app.notes ORDER BY id OPTIONS (last_rows = 2)');
    expect(r.initial).toEqual([[4], [5]]);
    await engine.execute(alice, "INSERT INTO app.notes VALUES (6, 'n6')");
    expect(r.last.inserts).toEqual([[6]]);
    expect(await code(sub(alice, 'SUBSCRIBE TO SELECT id FROM app.notes OPTIONS (batch = 3)'))).toBe('22023');
    const e = await engine.execute(alice, 'SUBSCRIBE TO SELECT * FROM app.notes').catch((x: { code: string; hint: string }) => x);
    expect(e).toMatchObject({ code: '0A000' });
    expect((e as { hint: string }).hint).toContain('session.subscribe');
  });

  it('ends every subscription silently when the engine closes', async () => {
    const [r] = await sub(alice, 'SELECT * FROM app.notes');
    await engine.close();
    expect(r.errors).toEqual([]);
    expect(engine.state.live.size).toBe(0);
  });
});
