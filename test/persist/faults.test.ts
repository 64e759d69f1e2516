/**
 * Failed IndexedDB writes (quota exceeded, aborted transaction, closed connection) roll the
 * commit back in memory and reach the caller as DbErrors (53100, 58030, 08006); a group of
 * commits written together fails together, newest rolled back first, and readers that ran on
 * top of it get the error instead of rows that no longer exist. Reopening shows exactly the
 * acknowledged commits.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine/index.ts';
import { FaultInjector } from '../helpers/faulty-idb.ts';
import { freshProfile, openOn, rows } from '../helpers/persist.ts';

const faults = new FaultInjector();
let uninstall: () => void = () => undefined;
beforeAll(() => { uninstall = faults.install(); });
afterAll(() => { uninstall(); });
beforeEach(() => { faults.clear(); });

async function setup(): Promise<{ prof: ReturnType<typeof freshProfile>; e: Engine; root: string }> {
  const prof = freshProfile();
  const e = await openOn(prof);
  const root = await e.login('root', '');
  await e.execute(root, 'CREATE TABLE t (id INT PRIMARY KEY, v TEXT)');
  await e.execute(root, "INSERT INTO t VALUES (1, 'one'), (2, 'two')");
  return { prof, e, root };
}

async function reopenRows(prof: ReturnType<typeof freshProfile>, sql = 'SELECT id, v FROM t ORDER BY id'): Promise<unknown[][]> {
  prof.locks.crash();
  const e = await openOn(prof);
  const root = await e.login('root', '');
  const r = await rows(e, root, sql);
  await e.close();
  return r;
}

describe('a failed write rolls the commit back and reports it', () => {
  it('quota exceeded on an autocommit INSERT → 53100, nothing in memory or on disk', async () => {
    const { prof, e, root } = await setup();
    faults.arm('quota');
    const err = await e.execute(root, "INSERT INTO t VALUES (3, 'three')").catch((x: unknown) => x);
    expect(err).toMatchObject({ code: '53100', message: 'could not write to IndexedDB: the storage quota is exceeded' });
    expect(faults.fired).toBe(1);
    expect(await rows(e, root, 'SELECT id FROM t ORDER BY id')).toEqual([[1], [2]]);
    // the engine stays usable, and the same key can be inserted again
    await e.execute(root, "INSERT INTO t VALUES (3, 'three again')");
    await e.close();
    expect(await reopenRows(prof)).toEqual([[1, 'one'], [2, 'two'], [3, 'three again']]);
  });

  it('an aborted transaction on COMMIT → 58030, the whole transaction undone (updates, deletes, inserts)', async () => {
    const { prof, e, root } = await setup();
    await e.execute(root, 'BEGIN');
    await e.execute(root, "UPDATE t SET v = 'ONE' WHERE id = 1");
    await e.execute(root, 'DELETE FROM t WHERE id = 2');
    await e.execute(root, "INSERT INTO t VALUES (5, 'five'), (6, 'six')");
    faults.arm('abort');
    await expect(e.execute(root, 'COMMIT')).rejects.toMatchObject({ code: '58030' });
    expect(await rows(e, root, 'SELECT id, v FROM t ORDER BY id')).toEqual([[1, 'one'], [2, 'two']]);
    await expect(e.execute(root, "INSERT INTO t VALUES (2, 'dup')")).rejects.toMatchObject({ code: '23505' });   // index restored too
    await e.close();
    expect(await reopenRows(prof)).toEqual([[1, 'one'], [2, 'two']]);
  });

  it('a closed connection → 08006; later writes fail the same way, reads keep working', async () => {
    const { prof, e, root } = await setup();
    faults.arm('closed');
    await expect(e.execute(root, "INSERT INTO t VALUES (3, 'three')")).rejects.toMatchObject({ code: '08006' });
    await expect(e.execute(root, "INSERT INTO t VALUES (4, 'four')")).rejects.toMatchObject({ code: '08006' });
    expect(await rows(e, root, 'SELECT id FROM t ORDER BY id')).toEqual([[1], [2]]);
    await e.close();
    expect(await reopenRows(prof)).toEqual([[1, 'one'], [2, 'two']]);
  });

  it('DDL in a failed write: the table does not exist in memory nor after reopening, and can be created again', async () => {
    const { prof, e, root } = await setup();
    faults.arm('quota');
    await expect(e.execute(root, 'CREATE TABLE u (a INT)')).rejects.toMatchObject({ code: '53100' });
    await expect(e.execute(root, 'SELECT * FROM u')).rejects.toMatchObject({ code: '42P01' });
    await e.execute(root, 'CREATE TABLE u (a INT, b TEXT)');
    await e.execute(root, "INSERT INTO u VALUES (1, 'x')");
    faults.arm('abort');
    await expect(e.execute(root, 'DROP TABLE u')).rejects.toMatchObject({ code: '58030' });
    expect(await rows(e, root, 'SELECT a, b FROM u')).toEqual([[1, 'x']]);
    await e.close();
    expect(await reopenRows(prof, 'SELECT a, b FROM u')).toEqual([[1, 'x']]);
  });

  it('a failed DROP USER keeps the user and their rows', async () => {
    const { prof, e, root } = await setup();
    await e.execute(root, "CREATE USER 'al' WITH PASSWORD 'p' ROLE user; CREATE USER TABLE notes (n INT)");
    const al = await e.login('al', 'p');
    await e.execute(al, 'INSERT INTO notes VALUES (1), (2)');
    faults.arm('quota');
    await expect(e.execute(root, "DROP USER 'al'")).rejects.toMatchObject({ code: '53100' });
    expect(await rows(e, al, 'SELECT n FROM notes ORDER BY n')).toEqual([[1], [2]]);
    await e.close();
    prof.locks.crash();
    const e2 = await openOn(prof);
    const al2 = await e2.login('al', 'p');
    expect(await rows(e2, al2, 'SELECT n FROM notes ORDER BY n')).toEqual([[1], [2]]);
    await e2.close();
  });
});

describe('group commit', () => {
  it('commits made in the same tick share one IndexedDB transaction', async () => {
    const { e, root } = await setup();
    const sessions = await Promise.all([1, 2, 3, 4, 5].map(() => e.login('root', '')));
    const before = e.state.persistence!.writes;
    const results = await Promise.all(sessions.map((s, i) => e.execute(s, 'INSERT INTO t VALUES ($1, $2)', [10 + i, `g${i}`])));
    expect(results.map((r) => r.message)).toEqual(Array(5).fill('Inserted 1 row(s)'));
    expect(e.state.persistence!.writes - before).toBe(1);
    expect(await rows(e, root, 'SELECT count(*) FROM t')).toEqual([[7n]]);
    // while a write is in flight, new commits wait and then share the next write
    const first = e.execute(root, "INSERT INTO t VALUES (20, 'a')");
    while (e.state.lock.owner === null) await new Promise((r) => setImmediate(r));   // the first group's write has started
    const rest = Promise.all(sessions.map((s, i) => e.execute(s, 'INSERT INTO t VALUES ($1, $2)', [30 + i, 'b'])));
    await first;
    await rest;
    expect(e.state.persistence!.writes - before).toBe(3);
    await e.close();
  });

  it('a failed group rolls back every commit in it, newest first, rejects every caller, and readers that saw them', async () => {
    const { prof, e, root } = await setup();
    const s2 = await e.login('root', '');
    const s3 = await e.login('root', '');
    faults.arm('quota');
    const outcomes = await Promise.allSettled([
      e.execute(root, "INSERT INTO t VALUES (3, 'three')"),
      e.execute(s2, "UPDATE t SET v = 'changed' WHERE id IN (1, 3)"),   // touches the row inserted just before
      e.execute(s3, 'SELECT count(*) FROM t'),                          // saw both: must not answer 3
      e.execute(root, 'DELETE FROM t WHERE id = 2'),
    ]);
    expect(outcomes.map((o) => (o.status === 'rejected' ? (o.reason as { code: string }).code : 'ok'))).toEqual(['53100', '53100', '53100', '53100']);
    expect(await rows(e, root, 'SELECT id, v FROM t ORDER BY id')).toEqual([[1, 'one'], [2, 'two']]);
    await e.execute(root, "INSERT INTO t VALUES (3, 'ok')");
    await e.close();
    expect(await reopenRows(prof)).toEqual([[1, 'one'], [2, 'two'], [3, 'ok']]);
  });

  it('BEGIN waits for pending commits, so a transaction never sits on rows that may roll back', async () => {
    const { e, root } = await setup();
    const s2 = await e.login('root', '');
    faults.arm('abort');
    const ins = e.execute(root, "INSERT INTO t VALUES (3, 'three')").catch((x: unknown) => x);
    const begin = e.execute(s2, 'BEGIN');
    await begin;
    expect(await ins).toMatchObject({ code: '58030' });
    expect(await rows(e, s2, 'SELECT id FROM t ORDER BY id')).toEqual([[1], [2]]);
    await e.execute(s2, "INSERT INTO t VALUES (3, 'in txn')");
    await e.execute(s2, 'COMMIT');
    expect(await rows(e, root, 'SELECT v FROM t WHERE id = 3')).toEqual([['in txn']]);
    await e.close();
  });
});

describe('durability and flush failures', () => {
  it("durability 'strict' by default and 'relaxed' when asked reach IndexedDB", async () => {
    const prof = freshProfile();
    faults.durabilities.length = 0;
    const e = await openOn(prof, 'strict-db');
    const root = await e.login('root', '');
    await e.execute(root, 'CREATE TABLE x (a INT)');
    await e.close();
    expect(faults.durabilities.slice(-1)).toEqual(['strict']);
    prof.locks.crash();
    const r = await openOn(prof, 'relaxed-db', { durability: 'relaxed' });
    const rr = await r.login('root', '');
    await r.execute(rr, 'CREATE TABLE x (a INT)');
    await r.execute(rr, 'INSERT INTO x VALUES (1)');
    expect(faults.durabilities.slice(-2)).toEqual(['relaxed', 'relaxed']);
    await r.close();
  });

  it('a flush that fails (quota) leaves a failed job and the data intact', async () => {
    const { prof, e, root } = await setup();
    faults.arm('quota', 'flush');
    await expect(e.execute(root, 'STORAGE FLUSH TABLE t')).rejects.toMatchObject({ code: '53100' });
    expect(await rows(e, root, "SELECT job_type, status, table_id, message LIKE '53100%' FROM system.jobs")).toEqual([['flush', 'failed', 'default:t', true]]);
    await e.execute(root, "INSERT INTO t VALUES (3, 'three')");
    await e.close();
    expect(await reopenRows(prof)).toEqual([[1, 'one'], [2, 'two'], [3, 'three']]);
  });
});
