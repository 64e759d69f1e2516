/**
 * Flush (statements, jobs, policy, log trimming, a commit racing a flush), dropping tables,
 * namespaces and users removes their stored data, opening (format versions, one writer per
 * database, versionchange, blocked), close() waiting for writes, and the client's
 * `openDatabase({ storage: IDBFactory })`.
 */
import { describe, expect, it } from 'vitest';
import { IDBFactory } from 'fake-indexeddb';
import { createEngine, type Engine } from '../../src/engine/index.ts';
import { openDatabase } from '../../src/index.ts';
import { openStore } from '../../src/storage/persist/idb-store.ts';
import { FORMAT_VERSION } from '../../src/storage/persist/records.ts';
import { freshProfile, openOn, rows } from '../helpers/persist.ts';

type Profile = ReturnType<typeof freshProfile>;

/** Reads a whole store of `inkdb:<name>` with a separate connection (closed again). */
async function dump(prof: Profile, store: 'log' | 'segments' | 'catalog' | 'meta', name = 'db'): Promise<Record<string, unknown>[]> {
  const db = await new Promise<IDBDatabase>((res, rej) => {
    const r = prof.factory.open(`inkdb:${name}`);
    r.onsuccess = () => res(r.result);
    r.onerror = () => rej(r.error);
  });
  const out = await new Promise<Record<string, unknown>[]>((res, rej) => {
    const q = db.transaction(store, 'readonly').objectStore(store).getAll();
    q.onsuccess = () => res(q.result as Record<string, unknown>[]);
    q.onerror = () => rej(q.error);
  });
  db.close();
  return out;
}

async function waitFor(f: () => Promise<boolean>, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await f())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe('STORAGE FLUSH', () => {
  it('writes segments, trims the log, records a job; users may not flush; memory databases cannot', async () => {
    const prof = freshProfile();
    const e = await openOn(prof);
    const root = await e.login('root', '');
    await e.execute(root, "CREATE TABLE t (id INT PRIMARY KEY, v TEXT); CREATE USER 'al' WITH PASSWORD 'p' ROLE user; CREATE USER 'svc' WITH PASSWORD 'p' ROLE service");
    for (let i = 0; i < 5; i++) await e.execute(root, 'INSERT INTO t VALUES ($1, $2)', [i, `v${i}`]);
    expect((await dump(prof, 'log')).length).toBe(5);
    const al = await e.login('al', 'p');
    await expect(e.execute(al, 'STORAGE FLUSH TABLE t')).rejects.toMatchObject({ code: '42501' });
    await expect(e.execute(al, 'STORAGE FLUSH ALL')).rejects.toMatchObject({ code: '42501' });
    await e.execute(root, 'BEGIN');
    await expect(e.execute(root, 'STORAGE FLUSH ALL')).rejects.toMatchObject({ code: '25001' });
    await e.execute(root, 'ROLLBACK');
    const svc = await e.login('svc', 'p');
    const r = await e.execute(svc, 'STORAGE FLUSH TABLE t');
    expect(r.message).toMatch(/^Flushed table default\.t: 5 row\(s\), \d+ byte\(s\)$/);
    expect(await dump(prof, 'log')).toEqual([]);
    const segs = await dump(prof, 'segments');
    expect(segs.map((s) => [s.owner, s.rows, s.version])).toEqual([['', 5, 1]]);
    const stats = segs[0]!.columns as { name: string; min: unknown; max: unknown; nulls: number }[];
    expect(stats.slice(0, 2)).toEqual([
      { name: 'id', type: 'integer', nulls: 0, min: 0, max: 4 },
      { name: 'v', type: 'text', nulls: 0, min: 'v0', max: 'v4' },
    ]);
    const jobs = await rows(e, root, 'SELECT job_type, status, table_id, rows, bytes > 0, created_at IS NOT NULL, finished_at >= created_at, message FROM system.jobs');
    expect(jobs).toEqual([['flush', 'completed', 'default:t', 5n, true, true, true, 'STORAGE FLUSH: 1 partition(s) written']]);
    await e.execute(root, 'STORAGE FLUSH ALL');   // nothing changed since: no segment rewritten
    expect(await rows(e, root, "SELECT count(*) FROM system.jobs WHERE status = 'completed'")).toEqual([[2n]]);
    await e.close();
    const m = createEngine();
    await expect(m.execute(await m.login('root', ''), 'STORAGE FLUSH ALL')).rejects.toMatchObject({ code: '0A000' });
  });

  it('flush policy: the database option and a table FLUSH_POLICY flush in the background', async () => {
    const prof = freshProfile();
    const e = await openOn(prof, 'db', { flushPolicy: { rows: 4 } });
    const root = await e.login('root', '');
    await e.execute(root, "CREATE TABLE a (x INT); CREATE TABLE b (x INT) WITH (FLUSH_POLICY = 'rows:2')");
    await e.execute(root, 'INSERT INTO a VALUES (1), (2), (3)');
    await e.execute(root, 'INSERT INTO b VALUES (1)');
    expect(await rows(e, root, 'SELECT count(*) FROM system.jobs')).toEqual([[0n]]);
    await e.execute(root, 'INSERT INTO b VALUES (2)');
    await waitFor(async () => (await rows(e, root, "SELECT count(*) FROM system.jobs WHERE table_id = 'default:b' AND status = 'completed'"))[0]![0] === 1n);
    expect(await rows(e, root, 'SELECT table_id, rows, message FROM system.jobs')).toEqual([['default:b', 2n, 'flush policy: 1 partition(s) written']]);
    await e.execute(root, 'INSERT INTO a VALUES (4)');
    await waitFor(async () => (await rows(e, root, "SELECT count(*) FROM system.jobs WHERE table_id = 'default:a'"))[0]![0] === 1n);
    await e.close();
    expect((await dump(prof, 'segments')).map((s) => s.rows).sort()).toEqual([2, 4]);
    expect(await dump(prof, 'log')).toEqual([]);
  });

  it('a commit racing a flush keeps its log record (the trim stops at the flushed LSN)', async () => {
    const prof = freshProfile();
    const e = await openOn(prof);
    const root = await e.login('root', '');
    await e.execute(root, 'CREATE USER TABLE n (id INT PRIMARY KEY, v TEXT)');
    const sessions: string[] = [];
    for (let i = 0; i < 40; i++) {
      const s = await e.openSession(`u${i}`, { create: true });
      sessions.push(s);
      await e.execute(s, "INSERT INTO n VALUES (1, 'before')");
    }
    const flush = e.execute(root, 'STORAGE FLUSH TABLE n');
    // the flush copied every partition at once, then encodes them one task at a time: commit meanwhile
    await new Promise((r) => setTimeout(r, 0));
    await new Promise((r) => setTimeout(r, 0));
    const racing = await Promise.all(sessions.map((s) => e.execute(s, "INSERT INTO n VALUES (2, 'racing')")));
    expect(racing.length).toBe(40);
    await flush;
    const log = await dump(prof, 'log');
    expect(log.length).toBeGreaterThan(0);   // the racing commits' records were written before the trim and kept
    await e.close();
    prof.locks.crash();
    const e2 = await openOn(prof);
    for (const u of ['u0', 'u17', 'u39']) {
      const s = await e2.openSession(u);
      expect(await rows(e2, s, 'SELECT id, v FROM n ORDER BY id')).toEqual([[1, 'before'], [2, 'racing']]);
    }
    await e2.close();
  });
});

describe('dropping removes stored data', () => {
  it('DROP TABLE, DROP NAMESPACE … CASCADE and DROP USER delete segments, log records and catalog records', async () => {
    const prof = freshProfile();
    const e = await openOn(prof);
    const root = await e.login('root', '');
    await e.execute(root, "CREATE NAMESPACE app; CREATE TABLE app.s (x INT); CREATE USER TABLE app.u (x INT); CREATE TABLE keep (x INT); CREATE USER 'al' WITH PASSWORD 'p' ROLE user");
    const al = await e.login('al', 'p');
    await e.execute(root, 'INSERT INTO app.s VALUES (1); INSERT INTO app.u VALUES (1); INSERT INTO keep VALUES (1)');
    await e.execute(al, 'INSERT INTO app.u VALUES (2)');
    await e.execute(root, 'STORAGE FLUSH ALL');
    await e.execute(root, 'INSERT INTO app.s VALUES (3)');
    await e.execute(al, 'INSERT INTO app.u VALUES (4)');
    const tableIds = async () => new Set([...(await dump(prof, 'segments')), ...(await dump(prof, 'log'))].map((r) => r.table));
    expect((await tableIds()).size).toBe(3);
    await e.execute(root, "DROP USER 'al'");
    expect([...(await dump(prof, 'segments')), ...(await dump(prof, 'log'))].some((r) => r.owner === 'al')).toBe(false);
    await e.execute(root, 'DROP TABLE app.s');
    expect((await tableIds()).size).toBe(2);
    await e.execute(root, 'DROP NAMESPACE app CASCADE');
    expect((await tableIds()).size).toBe(1);
    const catalog = (await dump(prof, 'catalog')).map((r) => r.key).sort();
    expect(catalog.filter((k) => String(k).startsWith('table:') || String(k).startsWith('ns:')).length).toBe(2);   // keep + default
    expect(catalog).not.toContain('ns:app');
    await e.close();
    prof.locks.crash();
    const e2 = await openOn(prof);
    const r2 = await e2.login('root', '');
    expect(await rows(e2, r2, "SELECT namespace_id, table_name FROM system.tables ORDER BY 1, 2")).toEqual([['default', 'keep']]);
    await expect(e2.login('al', 'p')).rejects.toMatchObject({ code: '28P01' });
    await e2.execute(r2, "CREATE USER 'al' WITH PASSWORD 'q' ROLE user; CREATE USER TABLE app2 (x INT)");
    await e2.close();
  });
});

describe('opening', () => {
  it('a newer stored format fails with 55000 and leaves the database untouched', async () => {
    const prof = freshProfile();
    const e = await openOn(prof);
    await e.execute(await e.login('root', ''), 'CREATE TABLE t (a INT)');
    await e.close();
    // a newer InkDB rewrote the format record
    const raw = await new Promise<IDBDatabase>((res) => { const r = prof.factory.open('inkdb:db'); r.onsuccess = () => res(r.result); });
    await new Promise<void>((res) => {
      const tx = raw.transaction('meta', 'readwrite');
      tx.objectStore('meta').put({ key: 'format', format: FORMAT_VERSION + 1, createdAt: 1 });
      tx.oncomplete = () => res();
    });
    raw.close();
    const before = JSON.stringify(await dump(prof, 'meta'), (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v));
    prof.locks.crash();
    await expect(openOn(prof)).rejects.toMatchObject({ code: '55000', message: 'database files are incompatible with this version of InkDB' });
    expect(JSON.stringify(await dump(prof, 'meta'), (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v))).toBe(before);
    expect(prof.locks.isHeld('inkdb:db')).toBe(false);   // the failed open released its lock
  });

  it('a newer IndexedDB schema version fails with 55000', async () => {
    const prof = freshProfile();
    await new Promise<void>((res) => { const r = prof.factory.open('inkdb:future', 7); r.onsuccess = () => { r.result.close(); res(); }; });
    await expect(openOn(prof, 'future')).rejects.toMatchObject({ code: '55000' });
  });

  it('one writer: a second engine on the same database gets 55006 until the first closes', async () => {
    const prof = freshProfile();
    const a = await openOn(prof);
    const err = await openOn(prof).catch((x: unknown) => x);
    expect(err).toMatchObject({ code: '55006', message: 'database "db" is open in another tab' });
    const other = await openOn(prof, 'other');   // another database is fine
    await other.close();
    await a.close();
    const b = await openOn(prof);
    await b.close();
  });

  it('versionchange (another tab upgrades or deletes the database) closes the connection: writes fail with 08006, reads work', async () => {
    const prof = freshProfile();
    const e = await openOn(prof);
    const root = await e.login('root', '');
    await e.execute(root, 'CREATE TABLE t (a INT); INSERT INTO t VALUES (1)');
    await new Promise<void>((res) => {
      const r = prof.factory.deleteDatabase('inkdb:db');
      r.onsuccess = () => res();
    });
    await expect(e.execute(root, 'INSERT INTO t VALUES (2)')).rejects.toMatchObject({ code: '08006' });
    expect(await rows(e, root, 'SELECT a FROM t')).toEqual([[1]]);
    await e.close();
  });

  it('blocked (an older connection will not close for an upgrade) rejects with 55006', async () => {
    const prof = freshProfile();
    const old = await new Promise<IDBDatabase>((res) => { const r = prof.factory.open('inkdb:b', 1); r.onsuccess = () => res(r.result); });
    old.onversionchange = () => { /* ignores the request: keeps blocking */ };
    await expect(openStore(prof.factory, 'b', () => undefined, 2)).rejects.toMatchObject({ code: '55006' });
    old.close();
  });

  it('close() waits for pending writes', async () => {
    const prof = freshProfile();
    const e = await openOn(prof);
    const root = await e.login('root', '');
    await e.execute(root, 'CREATE TABLE t (a INT)');
    const pending = [1, 2, 3].map((i) => e.execute(root, 'INSERT INTO t VALUES ($1)', [i]));
    await e.close();
    expect((await Promise.all(pending)).map((r) => r.message)).toEqual(['Inserted 1 row(s)', 'Inserted 1 row(s)', 'Inserted 1 row(s)']);
    const e2: Engine = await openOn(prof);
    expect(await rows(e2, await e2.login('root', ''), 'SELECT a FROM t ORDER BY a')).toEqual([[1], [2], [3]]);
    await e2.close();
  });
});

describe('client', () => {
  it('openDatabase({ storage: IDBFactory }) persists in-process; Node keeps memory by default', async () => {
    const factory = new IDBFactory();
    let db = await openDatabase({ name: 'client', worker: false, storage: factory });
    let root = await db.login('root', '');
    await root.query('CREATE TABLE t (id INT PRIMARY KEY, v TEXT)');
    await root.query("INSERT INTO t VALUES (1, 'x')");
    await db.close();
    db = await openDatabase({ name: 'client', worker: false, storage: factory });
    root = await db.login('root', '');
    expect((await root.query('SELECT * FROM t')).rows).toEqual([{ id: 1, v: 'x' }]);
    await db.close();
    const mem = await openDatabase({ name: 'client' });
    const m = await mem.login('root', '');
    await expect(m.query('SELECT * FROM t')).rejects.toMatchObject({ code: '42P01' });
    await mem.close();
  });
});

describe('STORAGE FLUSH of a user table', () => {
  it('folds the log of every user, including users whose rows are not loaded', async () => {
    const prof = freshProfile();
    let e = await openOn(prof);
    for (const u of ['a', 'b', 'c']) {
      const s = await e.openSession(u, { create: true });
      await e.execute(s, 'CREATE USER TABLE IF NOT EXISTS n (x INT)');
      await e.execute(s, 'INSERT INTO n VALUES (1), (2)');
    }
    await e.close();
    prof.locks.crash();
    e = await openOn(prof);
    const root = await e.login('root', '');
    expect((await dump(prof, 'log')).length).toBe(3);
    await e.execute(root, 'STORAGE FLUSH TABLE n');
    expect(await dump(prof, 'log')).toEqual([]);
    expect((await dump(prof, 'segments')).map((s) => s.owner).sort()).toEqual(['a', 'b', 'c']);
    await e.close();
    prof.locks.crash();
    e = await openOn(prof);
    const b = await e.openSession('b');
    expect(await rows(e, b, 'SELECT x FROM n ORDER BY x')).toEqual([[1], [2]]);
    await e.close();
  });
});
