/**
 * Every column type survives a reopen, from the commit log and from flushed Arrow segments:
 * BOOLEAN, SMALLINT, INT, BIGINT beyond 2^53, REAL and DOUBLE (NaN, ±Infinity, −0), TEXT with
 * any Unicode, VARCHAR(n), DATE and TIMESTAMP (infinities, microseconds), JSON, BYTES, UUID,
 * NUMERIC (display scales, NaN, ±Infinity, beyond 2^53, NUMERIC(p, s)), NULLs; after ALTERs (added, dropped, renamed, retyped columns); with indexes rebuilt; for
 * shared, user and stream tables (stream rows are memory-only, their definition persists).
 */
import { describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../src/engine/index.ts';
import { freshProfile, openOn, rows } from '../helpers/persist.ts';

const ROWS: unknown[][] = [
  [1, true, -32768, -2147483648, 2n ** 53n + 1n, 3.5, Number.NaN, 'héllo wörld 😀 e\u0301 עברית 中文 👩‍👩‍👧', 'abcdefghij',
    '2024-02-29', '2024-02-29 23:59:59.123456', '{"a":[1,2,{"b":null}],"ü":"✓"}', Uint8Array.of(0, 1, 255, 128),
    '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b', '1.50', '3.14159'],
  [2, false, 32767, 2147483647, -(2n ** 63n), -0, Number.POSITIVE_INFINITY, '', '', '1970-01-01', '1969-12-31 23:59:59.999',
    '[]', new Uint8Array(0), '00000000-0000-0000-0000-000000000000', '-123456789012345678901234567890.000000000000000000000001', '-0.0005'],
  [3, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null],
  [4, true, 0, 0, 2n ** 63n - 1n, Number.POSITIVE_INFINITY, -0, 'line\nbreak\ttab "quote" \'apos\' \\', 'ü',
    '-infinity', 'infinity', '"just a string"', Uint8Array.of(7), 'ffffffff-ffff-ffff-ffff-ffffffffffff', 'NaN', '123456789.123'],
  [5, false, 1, -1, 0n, Number.NEGATIVE_INFINITY, Number.NEGATIVE_INFINITY, 'x'.repeat(5000), null, '0001-01-01', '2262-04-11 23:47:16.854775',
    '{}', Uint8Array.from({ length: 300 }, (_, i) => i % 256), null, '-Infinity', '0.000'],
];

const INSERT = 'INSERT INTO app.all_types VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)';
const SELECT = 'SELECT * FROM app.all_types ORDER BY id';

async function seed(e: Engine, root: string): Promise<void> {
  await e.execute(root, 'CREATE NAMESPACE app');
  await e.execute(root, `CREATE TABLE app.all_types (id INT PRIMARY KEY, b BOOLEAN, s SMALLINT, i INT, big BIGINT, r REAL, d DOUBLE,
    t TEXT, vc VARCHAR(10), dt DATE, ts TIMESTAMP, j JSON, bin BYTES, u UUID, n NUMERIC, nm NUMERIC(12, 3))`);
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
  await e.execute(root, "INSERT INTO app.all_types (id, n, nm) VALUES (12, 'Infinity', 99.9995), (13, 9007199254740993, -0.5)");
  await e.execute(root, 'ALTER TABLE app.all_types MODIFY COLUMN nm NUMERIC(14, 1)');
  await e.execute(root, "UPDATE app.all_types SET n = n * 2 WHERE id IN (1, 13)");
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
    expect(original.map((r) => [r[14], r[15]])).toEqual([
      ['1.50', '3.142'], ['-123456789012345678901234567890.000000000000000000000001', '-0.001'], [null, null],
      ['NaN', '123456789.123'], ['-Infinity', '0.000'],
    ]);
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
      'ts:timestamp', 'j:json', 'bin:bytes', 'u:uuid', 'n:numeric', 'nm:numeric', 'extra:integer', 'flag:boolean',
    ]);
    expect(await rows(e, root, 'SELECT id, n, nm FROM app.all_types WHERE id IN (1, 2, 4, 12, 13) ORDER BY id')).toEqual([
      [1, '3.00', '3.1'], [2, '-123456789012345678901234567890.000000000000000000000001', '0.0'], [4, 'NaN', '123456789.1'],
      [12, 'Infinity', '100.0'], [13, '18014398509481986', '-0.5'],
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

describe('NUMERIC round-trips exactly', () => {
  const SQL = 'SELECT * FROM t ORDER BY id';

  it('display scales, NaN, ±Infinity, big values, typmods, across flushes and ALTERs; unique index rebuilt', async () => {
    const prof = freshProfile();
    const ref = createEngine();
    const refRoot = await ref.login('root', '');
    let e = await openOn(prof);
    let root = await e.login('root', '');
    /** Runs a statement on the persisted engine and on a memory-only reference engine. */
    const both = async (sql: string): Promise<void> => {
      await e.execute(root, sql);
      await ref.execute(refRoot, sql);
    };
    const reopen = async (): Promise<void> => {
      await e.close();
      e = await openOn(prof);
      root = await e.login('root', '');
      expect(await rows(e, root, SQL)).toEqual(await rows(ref, refRoot, SQL));
    };
    await both(`CREATE TABLE t (id INT PRIMARY KEY, a NUMERIC, b NUMERIC(10, 2), c NUMERIC(30, 5), code NUMERIC UNIQUE, i INT, d DOUBLE)`);
    await both(`INSERT INTO t VALUES
      (1, 1.50, 1.5, 0.00001, 1.0, 10, 0.1),
      (2, 1.5, -3.456, 1234567890123456789012345.12345, 2, 20, 1e20),
      (3, 0.000, NULL, NULL, NULL, NULL, NULL),
      (4, 'NaN', 'NaN', 'NaN', 'NaN', 40, 'NaN'),
      (5, 'Infinity', 12345678.99, -0.00000, 'Infinity', 50, 'Infinity'),
      (6, '-Infinity', 0, 9007199254740993, 9007199254740993, 60, '-Infinity'),
      (7, 123456789012345678901234567890.123456789, 99999999.994, 1e-5, -1e30, 70, -0.0),
      (8, -0.10, -0.005, 0.1, 0.10000000000000000001, 80, 2.5)`);
    // an update rolled back (before-images restored), then committed updates and a delete
    await both('BEGIN; UPDATE t SET a = a * 10, code = code + 100 WHERE id <= 2; UPDATE t SET a = 7.000 WHERE id = 1; ROLLBACK');
    await both('UPDATE t SET a = a / 3, b = b + 0.001 WHERE id = 2');
    await both("UPDATE t SET a = a + 1.000, c = c * 3 WHERE id IN (1, 6)");
    await both('DELETE FROM t WHERE id = 3');
    const first = await rows(e, root, SQL);
    // the values are what the test means them to be
    expect(first.map((r) => [r[0], r[1], r[2], r[3], r[4]])).toEqual([
      [1, '2.500', '1.50', '0.00003', '1.0'],
      [2, '0.50000000000000000000', '-3.46', '1234567890123456789012345.12345', '2'],
      [4, 'NaN', 'NaN', 'NaN', 'NaN'],
      [5, 'Infinity', '12345678.99', '0.00000', 'Infinity'],
      [6, '-Infinity', '0.00', '27021597764222979.00000', '9007199254740993'],
      [7, '123456789012345678901234567890.123456789', '99999999.99', '0.00001', '-1000000000000000000000000000000'],
      [8, '-0.10', '-0.01', '0.10000', '0.10000000000000000001'],
    ]);
    await reopen();                                             // from the log
    await e.execute(root, 'STORAGE FLUSH TABLE t');
    await reopen();                                             // from the segment
    await both("INSERT INTO t (id, a, b, code) VALUES (9, 0.0000000000000000000000000001, 0.1, 3.000)");
    await both('UPDATE t SET a = -a, code = code * 2 WHERE id IN (2, 7)');
    await both('DELETE FROM t WHERE id = 5');
    await reopen();                                             // segment + log on top
    // ALTERs with writes between them: stored rows cross several schema versions
    await both('ALTER TABLE t MODIFY COLUMN b NUMERIC(12, 1)');
    await both('INSERT INTO t (id, b) VALUES (10, 12.25)');
    await both('ALTER TABLE t MODIFY COLUMN i NUMERIC(8, 2)');
    await both('ALTER TABLE t MODIFY COLUMN d NUMERIC');
    await both('UPDATE t SET i = i / 7, d = d + 1 WHERE id IN (1, 2, 8)');
    await both('ALTER TABLE t MODIFY COLUMN c DOUBLE');
    await both('ALTER TABLE t MODIFY COLUMN a TEXT');
    await both('ALTER TABLE t ADD COLUMN z NUMERIC(5, 2) DEFAULT 1.255');
    await both("INSERT INTO t (id, a, z, code) VALUES (11, '1.500', 2.5, 5)");
    const altered = await rows(e, root, SQL);
    expect(altered.find((r) => r[0] === 1)).toEqual([1, '2.500', '1.5', 0.00003, '1.0', '1.43', '1.1', '1.26']);
    expect(altered.find((r) => r[0] === 10)).toEqual([10, null, '12.3', null, null, null, null, '1.26']);
    await reopen();                                             // old segment + log records of five versions
    await e.execute(root, 'STORAGE FLUSH ALL');
    await reopen();
    expect((await e.execute(root, SQL)).columns.map((c) => `${c.name}:${c.type}`))
      .toEqual(['id:integer', 'a:text', 'b:numeric', 'c:double', 'code:numeric', 'i:numeric', 'd:numeric', 'z:numeric']);
    // typmods still apply, and the unique index on a numeric column is rebuilt (1.0 = 1.00)
    await expect(e.execute(root, 'INSERT INTO t (id, b) VALUES (100, 123456789012.5)')).rejects.toMatchObject({ code: '22003' });
    await expect(e.execute(root, 'INSERT INTO t (id, code) VALUES (100, 1.00)')).rejects.toMatchObject({ code: '23505' });
    await expect(e.execute(root, 'INSERT INTO t (id, code) VALUES (100, 9007199254740993.000)')).rejects.toMatchObject({ code: '23505' });
    expect(await rows(e, root, 'SELECT id FROM t WHERE code = 4.0')).toEqual([[2]]);
    expect(await rows(e, root, 'SELECT id FROM t WHERE code = 5')).toEqual([[11]]);
    const plan = (await e.execute(root, 'EXPLAIN SELECT id FROM t WHERE code = 5')).vectors[0]!.data as string[];
    expect(plan.join('\n')).toContain('Index Scan using t_code_key');
    await both('INSERT INTO t (id, z) VALUES (12, 999.994)');
    await reopen();
    await e.close();
  });
});

describe('strings that are not valid Unicode', () => {
  it('a lone surrogate reads back the same from the log and from a segment (or is rejected at input with 22021)', async () => {
    const prof = freshProfile();
    let e = await openOn(prof);
    let root = await e.login('root', '');
    await e.execute(root, 'CREATE TABLE s (id INT PRIMARY KEY, t TEXT, tag TEXT)');
    // SQL text cannot carry one (22021, like PostgreSQL); a parameter may, until parameters are checked too
    await expect(e.execute(root, "INSERT INTO s VALUES (0, 'x\ud800', 'x')")).rejects.toMatchObject({ code: '22021' });
    const odd = ['a\ud800', '\udc00z', 'ok 😀', '\ud83d'];
    let accepted = true;
    for (let i = 1; i <= 100; i++) {
      const r = await e.execute(root, 'INSERT INTO s VALUES ($1, $2, $3)', [i, odd[i % 4]!, odd[i % 2]!]).then(() => null, (err: { code: string }) => err.code);
      if (r !== null) { expect(r).toBe('22021'); accepted = false; break; }
    }
    if (!accepted) { await e.close(); return; }
    const want = await rows(e, root, 'SELECT * FROM s ORDER BY id');
    expect(want[0]).toEqual([1, '\udc00z', '\udc00z']);
    expect(want[3]).toEqual([4, 'a\ud800', 'a\ud800']);
    await e.close();
    e = await openOn(prof);
    root = await e.login('root', '');
    expect(await rows(e, root, 'SELECT * FROM s ORDER BY id')).toEqual(want);     // from the log
    await e.execute(root, 'STORAGE FLUSH ALL');
    await e.close();
    e = await openOn(prof);
    root = await e.login('root', '');
    expect(await rows(e, root, 'SELECT * FROM s ORDER BY id')).toEqual(want);     // from the segment
    expect(await rows(e, root, "SELECT count(*) FROM s WHERE t = 'ok 😀'")).toEqual([[25n]]);
    await e.close();
  });
});

describe('system tables of a reopened database (docs/SQL.md "System tables")', () => {
  it('jobs and column statistics are memory-only; stats lists the partitions in memory', async () => {
    const prof = freshProfile();
    let e = await openOn(prof);
    let root = await e.login('root', '');
    await e.execute(root, "CREATE USER 'al' WITH PASSWORD 'p' ROLE user; CREATE USER TABLE n (id INT); CREATE TABLE t (id INT PRIMARY KEY)");
    await e.execute(await e.login('al', 'p'), 'INSERT INTO n VALUES (1), (2)');
    await e.execute(root, 'INSERT INTO t VALUES (1); ANALYZE t; STORAGE FLUSH ALL');
    const stats = 'SELECT table_name, partition, rows FROM system.stats ORDER BY 1, 2';
    expect(await rows(e, root, "SELECT job_type, status, table_id FROM system.jobs ORDER BY table_id"))
      .toEqual([['flush', 'completed', 'default:n'], ['flush', 'completed', 'default:t']]);
    expect(await rows(e, root, 'SELECT table_name, column_name FROM system.column_stats')).toEqual([['t', 'id']]);
    expect(await rows(e, root, stats)).toEqual([['n', 'al', 2n], ['t', '', 1n]]);
    await e.close();
    e = await openOn(prof);
    root = await e.login('root', '');
    expect(await rows(e, root, 'SELECT count(*) FROM system.jobs')).toEqual([[0n]]);
    expect(await rows(e, root, 'SELECT count(*) FROM system.column_stats')).toEqual([[0n]]);
    expect(await rows(e, root, stats)).toEqual([['t', '', 1n]]);          // al's rows are not loaded yet
    await e.login('al', 'p');
    expect(await rows(e, root, stats)).toEqual([['n', 'al', 2n], ['t', '', 1n]]);
    await e.close();
  });
});
