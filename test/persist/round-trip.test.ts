/**
 * Every column type survives a reopen, from the commit log and from flushed Arrow segments:
 * BOOLEAN, SMALLINT, INT, BIGINT beyond 2^53, REAL and DOUBLE (NaN, ±Infinity, −0), TEXT with
 * any Unicode, VARCHAR(n), DATE and TIMESTAMP (infinities, microseconds), JSON, BYTES, UUID,
 * NULLs; after ALTERs (added, dropped, renamed, retyped columns); with indexes rebuilt; for
 * shared, user and stream tables (stream rows are memory-only, their definition persists).
 */
import { describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine/index.ts';
import { freshProfile, openOn, rows } from '../helpers/persist.ts';

const ROWS: unknown[][] = [
  [1, true, -32768, -2147483648, 2n ** 53n + 1n, 3.5, Number.NaN, 'héllo wörld 😀 e\u0301 עברית 中文 👩‍👩‍👧', 'abcdefghij',
    '2024-02-29', '2024-02-29 23:59:59.123456', '{"a":[1,2,{"b":null}],"ü":"✓"}', Uint8Array.of(0, 1, 255, 128),
    '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b'],
  [2, false, 32767, 2147483647, -(2n ** 63n), -0, Number.POSITIVE_INFINITY, '', '', '1970-01-01', '1969-12-31 23:59:59.999',
    '[]', new Uint8Array(0), '00000000-0000-0000-0000-000000000000'],
  [3, null, null, null, null, null, null, null, null, null, null, null, null, null],
  [4, true, 0, 0, 2n ** 63n - 1n, Number.POSITIVE_INFINITY, -0, 'line\nbreak\ttab "quote" \'apos\' \\', 'ü',
    '-infinity', 'infinity', '"just a string"', Uint8Array.of(7), 'ffffffff-ffff-ffff-ffff-ffffffffffff'],
  [5, false, 1, -1, 0n, Number.NEGATIVE_INFINITY, Number.NEGATIVE_INFINITY, 'x'.repeat(5000), null, '0001-01-01', '2262-04-11 23:47:16.854775',
    '{}', Uint8Array.from({ length: 300 }, (_, i) => i % 256), null],
];

const INSERT = 'INSERT INTO app.all_types VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)';
const SELECT = 'SELECT * FROM app.all_types ORDER BY id';

async function seed(e: Engine, root: string): Promise<void> {
  await e.execute(root, 'CREATE NAMESPACE app');
  await e.execute(root, `CREATE TABLE app.all_types (id INT PRIMARY KEY, b BOOLEAN, s SMALLINT, i INT, big BIGINT, r REAL, d DOUBLE,
    t TEXT, vc VARCHAR(10), dt DATE, ts TIMESTAMP, j JSON, bin BYTES, u UUID)`);
  for (const r of ROWS) await e.execute(root, INSERT, r);
  await e.execute(root, 'CREATE UNIQUE INDEX all_types_vc ON app.all_types (vc)');
}

/** ALTERs with writes between them: the stored rows cross several schema versions. */
async function alterAndWrite(e: Engine, root: string): Promise<void> {
  await e.execute(root, 'ALTER TABLE app.all_types ADD COLUMN extra INT DEFAULT 7');
  await e.execute(root, "INSERT INTO app.all_types (id, t, extra) VALUES (10, 'after add', 70)");
  await e.execute(root, 'ALTER TABLE app.all_types RENAME COLUMN t TO txt');
  await e.execute(root, "UPDATE app.all_types SET txt = 'renamed ' || id WHERE id IN (2, 10)");
  await e.execute(root, 'ALTER TABLE app.all_types DROP COLUMN s');
  await e.execute(root, 'ALTER TABLE app.all_types MODIFY COLUMN i BIGINT');
  await e.execute(root, "INSERT INTO app.all_types (id, i, txt) VALUES (11, 9007199254740993, 'after modify')");
  await e.execute(root, 'DELETE FROM app.all_types WHERE id = 3');
  await e.execute(root, "ALTER TABLE app.all_types ADD COLUMN flag BOOLEAN NOT NULL DEFAULT true");
}

describe('every column type round-trips through IndexedDB', () => {
  it('from the log, after a flush, and after writes on top of a flush', async () => {
    const prof = freshProfile();
    let e = await openOn(prof);
    let root = await e.login('root', '');
    await seed(e, root);
    const original = await rows(e, root, SELECT);
    // the special values are what the test means them to be
    expect(Object.is(original[1]![5], -0)).toBe(true);
    expect(Number.isNaN(original[0]![6] as number)).toBe(true);
    expect(original[0]![4]).toBe(2n ** 53n + 1n);
    await e.close();

    e = await openOn(prof);
    root = await e.login('root', '');
    expect(await rows(e, root, SELECT)).toEqual(original);
    await e.execute(root, 'STORAGE FLUSH TABLE app.all_types');
    await e.close();

    e = await openOn(prof);
    root = await e.login('root', '');
    const fromSegment = await rows(e, root, SELECT);
    expect(fromSegment).toEqual(original);
    expect(Object.is(fromSegment[1]![5], -0)).toBe(true);
    expect(Object.is(fromSegment[3]![6], -0)).toBe(true);
    expect(fromSegment[4]![10]).toBe(original[4]![10]);    // timestamp microseconds exact
    await alterAndWrite(e, root);
    const altered = await rows(e, root, SELECT);
    await e.close();

    e = await openOn(prof);
    root = await e.login('root', '');
    expect(await rows(e, root, SELECT)).toEqual(altered);
    expect((await e.execute(root, SELECT)).columns.map((c) => `${c.name}:${c.type}`)).toEqual([
      'id:integer', 'b:boolean', 'i:bigint', 'big:bigint', 'r:real', 'd:double', 'txt:text', 'vc:text', 'dt:date',
      'ts:timestamp', 'j:json', 'bin:bytes', 'u:uuid', 'extra:integer', 'flag:boolean',
    ]);
    await e.execute(root, 'STORAGE FLUSH ALL');
    await e.close();

    e = await openOn(prof);
    root = await e.login('root', '');
    expect(await rows(e, root, SELECT)).toEqual(altered);
    expect(await rows(e, root, 'SELECT id, extra, flag, i FROM app.all_types WHERE id IN (1, 10, 11) ORDER BY id'))
      .toEqual([[1, 7, true, -2147483648n], [10, 70, true, null], [11, 7, true, 9007199254740993n]]);
    // indexes are rebuilt: the primary key and the unique index still reject duplicates and are used
    await expect(e.execute(root, 'INSERT INTO app.all_types (id) VALUES (1)')).rejects.toMatchObject({ code: '23505' });
    await expect(e.execute(root, "INSERT INTO app.all_types (id, vc) VALUES (99, 'abcdefghij')")).rejects.toMatchObject({ code: '23505' });
    const plan = (await e.execute(root, "EXPLAIN SELECT * FROM app.all_types WHERE vc = 'ü'")).vectors[0]!.data as string[];
    expect(plan.join('\n')).toContain('Index Scan using all_types_vc');
    expect(await rows(e, root, "SELECT id FROM app.all_types WHERE vc = 'ü'")).toEqual([[4]]);
    // VARCHAR(n) is still enforced after the reload
    await expect(e.execute(root, "INSERT INTO app.all_types (id, vc) VALUES (98, 'abcdefghijk')")).rejects.toMatchObject({ code: '22001' });
    await e.close();
  });

  it('user, shared and stream tables: per-user rows persist, stream rows stay in memory', async () => {
    const prof = freshProfile();
    let e = await openOn(prof);
    let root = await e.login('root', '');
    await e.execute(root, "CREATE USER 'alice' WITH PASSWORD 'pw' ROLE user; CREATE USER 'bob' WITH PASSWORD 'pw2' ROLE service");
    await e.execute(root, 'CREATE USER TABLE notes (id INT PRIMARY KEY, body TEXT)');
    await e.execute(root, "CREATE SHARED TABLE rooms (name TEXT PRIMARY KEY) WITH (ACCESS_LEVEL = 'public')");
    await e.execute(root, 'CREATE STREAM TABLE typing (who TEXT) WITH (TTL_SECONDS = 60)');
    await e.execute(root, "INSERT INTO rooms VALUES ('general'), ('random')");
    let alice = await e.login('alice', 'pw');
    let bob = await e.login('bob', 'pw2');
    await e.execute(alice, "INSERT INTO notes VALUES (1, 'alice one'), (2, 'alice two')");
    await e.execute(bob, "INSERT INTO notes VALUES (1, 'bob one')");
    await e.execute(alice, "INSERT INTO typing VALUES ('alice')");
    expect(await rows(e, alice, 'SELECT count(*) FROM typing')).toEqual([[1n]]);
    await e.close();

    e = await openOn(prof);
    await expect(e.login('alice', 'wrong')).rejects.toMatchObject({ code: '28P01' });   // password hashes persisted
    alice = await e.login('alice', 'pw');
    bob = await e.login('bob', 'pw2');
    root = await e.login('root', '');
    expect(await rows(e, alice, 'SELECT id, body FROM notes ORDER BY id')).toEqual([[1, 'alice one'], [2, 'alice two']]);
    expect(await rows(e, bob, 'SELECT id, body FROM notes ORDER BY id')).toEqual([[1, 'bob one']]);
    expect(await rows(e, root, 'SELECT id FROM notes')).toEqual([]);
    expect(await rows(e, alice, 'SELECT name FROM rooms ORDER BY name')).toEqual([['general'], ['random']]);
    expect(await rows(e, alice, 'SELECT count(*) FROM typing')).toEqual([[0n]]);
    expect(await rows(e, root, "SELECT table_name, table_type FROM system.tables WHERE namespace_id = 'default' ORDER BY table_name"))
      .toEqual([['notes', 'user'], ['rooms', 'shared'], ['typing', 'stream']]);
    expect(await rows(e, root, "SELECT user_id, role FROM system.users WHERE user_id <> 'root' ORDER BY user_id")).toEqual([['alice', 'user'], ['bob', 'service']]);
    await e.close();
  });
});

describe('indexes of loaded partitions are built on first use', () => {
  for (const first of ['update', 'delete', 'insert', 'rollback', 'lookup'] as const) {
    it(`first index operation: ${first}`, async () => {
      const prof = freshProfile();
      let e = await openOn(prof);
      let root = await e.login('root', '');
      await e.execute(root, 'CREATE TABLE t (id INT PRIMARY KEY, code TEXT UNIQUE, v INT)');
      await e.execute(root, "INSERT INTO t SELECT g, 'c' || g, g FROM generate_series(1, 2000) AS g");
      await e.execute(root, 'DELETE FROM t WHERE id = 7');
      if (first === 'lookup') await e.execute(root, 'STORAGE FLUSH ALL');
      await e.close();
      prof.locks.crash();
      e = await openOn(prof);
      root = await e.login('root', '');
      const ids = async (where: string) => (await rows(e, root, `SELECT id FROM t WHERE ${where} ORDER BY id`)).map((r) => r[0]);
      switch (first) {
        case 'update':
          await e.execute(root, 'UPDATE t SET id = id + 10000 WHERE id = 1');
          expect(await ids('id = 10001')).toEqual([10001]);
          expect(await ids('id = 1')).toEqual([]);
          break;
        case 'delete':
          await e.execute(root, 'DELETE FROM t WHERE id = 2');
          await e.execute(root, "INSERT INTO t VALUES (2, 'c2', 0)");
          expect(await ids("code = 'c2'")).toEqual([2]);
          break;
        case 'insert':
          await e.execute(root, "INSERT INTO t VALUES (3000, 'new', 0), (7, 'c7', 7)");
          await expect(e.execute(root, "INSERT INTO t VALUES (5, 'x', 0)")).rejects.toMatchObject({ code: '23505' });
          await expect(e.execute(root, "INSERT INTO t VALUES (9999, 'c5', 0)")).rejects.toMatchObject({ code: '23505' });
          expect(await ids('id IN (7, 3000)')).toEqual([7, 3000]);
          break;
        case 'rollback':
          await e.execute(root, "BEGIN; INSERT INTO t VALUES (4000, 'r', 0); UPDATE t SET code = 'moved' WHERE id = 4; ROLLBACK");
          expect(await ids("code = 'c4'")).toEqual([4]);
          expect(await ids('id = 4000')).toEqual([]);
          await expect(e.execute(root, "INSERT INTO t VALUES (4, 'y', 0)")).rejects.toMatchObject({ code: '23505' });
          break;
        case 'lookup':
          expect(await ids('id = 1500')).toEqual([1500]);
          expect(await ids('id = 7')).toEqual([]);
          expect(await ids('id BETWEEN 5 AND 9')).toEqual([5, 6, 8, 9]);
          expect(await ids("code IN ('c10', 'c7', 'c11')")).toEqual([10, 11]);
          break;
      }
      await e.close();
    });
  }
});

describe('DDL and DML on one table in one transaction', () => {
  it('an UPDATE before a DROP COLUMN in the same transaction is stored with the right columns', async () => {
    const prof = freshProfile();
    let e = await openOn(prof);
    let root = await e.login('root', '');
    await e.execute(root, "CREATE TABLE t (id INT PRIMARY KEY, a TEXT, b TEXT, c INT); INSERT INTO t VALUES (1, 'a1', 'b1', 1), (2, 'a2', 'b2', 2)");
    await e.execute(root, "BEGIN; UPDATE t SET c = 10, b = 'B' WHERE id = 1; ALTER TABLE t DROP COLUMN a; INSERT INTO t VALUES (3, 'b3', 3); ALTER TABLE t ADD COLUMN d INT DEFAULT 5; UPDATE t SET d = 6 WHERE id = 2; COMMIT");
    const want = [[1, 'B', 10, 5], [2, 'b2', 2, 6], [3, 'b3', 3, 5]];
    expect(await rows(e, root, 'SELECT * FROM t ORDER BY id')).toEqual(want);
    await e.close();
    prof.locks.crash();
    e = await openOn(prof);
    root = await e.login('root', '');
    expect(await rows(e, root, 'SELECT * FROM t ORDER BY id')).toEqual(want);
    await e.close();
  });
});
