/**
 * Batched calls (stmt.run, session.batch, column inserts), cancellation and time limits (57014),
 * in-process and over the Worker protocol (a MessageChannel in one realm, the real engine behind
 * it), and the storage changes behind the prepared-DML path (lazily built primary-key index,
 * merged insert undo entries).
 */
import { tableFromArrays } from 'apache-arrow';
import { afterEach, describe, expect, it } from 'vitest';
import { InProcessConnection } from '../../src/client/connection.ts';
import { Database } from '../../src/client/database.ts';
import type { Session } from '../../src/client/session.ts';
import { WorkerConnection } from '../../src/client/worker-connection.ts';
import { createEngine } from '../../src/engine/index.ts';
import { DbError } from '../../src/errors/db-error.ts';
import { exposeEngine } from '../../src/worker/endpoint.ts';

const open: Database[] = [];
afterEach(async () => {
  for (const db of open.splice(0)) await db.close();
});

async function inProcess(statementTimeoutMs?: number): Promise<Session> {
  const db = new Database('t', new InProcessConnection(createEngine(statementTimeoutMs === undefined ? {} : { statementTimeoutMs })), null);
  open.push(db);
  return db.login('root', '');
}

async function overChannel(): Promise<{ s: Session; conn: WorkerConnection }> {
  const { port1, port2 } = new MessageChannel();
  exposeEngine(createEngine(), port1);
  const conn = await WorkerConnection.connect(port2, { engine: { storage: 'memory' } });
  const db = new Database('t', conn, null);
  open.push(db);
  return { s: await db.login('root', ''), conn };
}

async function rejection(p: Promise<unknown>): Promise<DbError> {
  try {
    await p;
  } catch (e) {
    return e as DbError;
  }
  throw new Error('expected a rejection');
}

/** A query that runs long: a correlated subquery over a cross join (checkpoints every 256 outer rows). */
const SLOW = 'SELECT count(*) FROM generate_series(1, 3000) a WHERE a > (SELECT count(*) FROM generate_series(1, 3000) b WHERE b < a)';

for (const [label, connect] of [['in-process', async () => ({ s: await inProcess() })], ['over the worker protocol', overChannel]] as const) {
  describe(`batched calls (${label})`, () => {
    it('stmt.run inserts every row in one call and reports the total', async () => {
      const { s } = await connect();
      await s.query('CREATE TABLE t (id INT PRIMARY KEY, name TEXT)');
      const ins = await s.prepare('INSERT INTO t VALUES ($1, $2)');
      const r = await ins.run([[1, 'a'], [2, 'b'], [3, 'c']]);
      expect(r.rowCount).toBe(3);
      expect(r.message).toBe('Inserted 3 row(s)');
      expect((await s.query('SELECT id, name FROM t ORDER BY id')).rowArrays()).toEqual([[1, 'a'], [2, 'b'], [3, 'c']]);
    });

    it('stmt.run of many rows (packed by column through the worker) keeps every value', async () => {
      const { s } = await connect();
      await s.query('CREATE TABLE t (id INT PRIMARY KEY, name TEXT, v DOUBLE, n BIGINT)');
      const ins = await s.prepare('INSERT INTO t VALUES ($1, $2, $3, $4)');
      const rows = Array.from({ length: 300 }, (_, i) => [i, i % 7 === 0 ? null : `n${i}`, i / 4, BigInt(i) * 10_000_000_000n]);
      expect((await ins.run(rows)).rowCount).toBe(300);
      const r = await s.query('SELECT id, name, v, n FROM t WHERE id IN (0, 5, 299) ORDER BY id');
      expect(r.rowArrays()).toEqual([[0, null, 0, 0n], [5, 'n5', 1.25, 50_000_000_000n], [299, 'n299', 74.75, 2_990_000_000_000n]]);
      const e = await rejection(ins.run(Array.from({ length: 100 }, (_, i) => [1000 + (i === 70 ? 0 : i), 'x', 0, 0n])));
      expect(e.batchIndex).toBe(70);
    });

    it('stmt.run stops at the first failing row, rolls the call back and names the row', async () => {
      const { s } = await connect();
      await s.query('CREATE TABLE t (id INT PRIMARY KEY, name TEXT)');
      const ins = await s.prepare('INSERT INTO t VALUES ($1, $2)');
      const e = await rejection(ins.run([[1, 'a'], [2, 'b'], [1, 'dup'], [4, 'd']]));
      expect(e).toBeInstanceOf(DbError);
      expect(e.code).toBe('23505');
      expect(e.batchIndex).toBe(2);
      expect((await s.query('SELECT count(*) AS n FROM t')).rows).toEqual([{ n: 0n }]);
    });

    it('stmt.run inside a transaction fails the transaction (25P02) and ROLLBACK undoes earlier statements', async () => {
      const { s } = await connect();
      await s.query('CREATE TABLE t (id INT PRIMARY KEY)');
      const ins = await s.prepare('INSERT INTO t VALUES ($1)');
      await s.query('BEGIN');
      await ins.run([[1], [2]]);
      expect((await rejection(ins.run([[3], [3]]))).batchIndex).toBe(1);
      expect((await rejection(s.query('SELECT 1'))).code).toBe('25P02');
      await s.query('ROLLBACK');
      expect((await s.query('SELECT count(*) AS n FROM t')).rows).toEqual([{ n: 0n }]);
      await s.query('BEGIN');
      await ins.run([[5], [6]]);
      await s.query('COMMIT');
      expect((await s.query('SELECT id FROM t ORDER BY id')).rowArrays()).toEqual([[5], [6]]);
    });

    it('stmt.run of UPDATE, DELETE, RETURNING and computed INSERTs: per-row counts, rows in order, bad values named by index', async () => {
      const { s } = await connect();
      await s.query("CREATE TABLE t (id INT PRIMARY KEY, v INT DEFAULT 7, note TEXT DEFAULT 'd')");
      const ins = await s.prepare('INSERT INTO t (id, v) VALUES ($1, $2 * 2)');
      expect((await ins.run([[1, 1], [2, 2], [3, 3], [4, 4]])).rowCount).toBe(4);
      const bad = await rejection(ins.run([[5, 5], [6, 'six'], [7, 7]]));
      expect(bad.code).toBe('22P02');
      expect(bad.batchIndex).toBe(1);
      const upd = await s.prepare('UPDATE t SET v = v + $2 WHERE id <= $1 RETURNING id, v');
      const u = await upd.run([[2, 100], [1, 1000]]);
      expect(u.rowCount).toBe(3);
      expect(u.rowArrays()).toEqual([[1, 102], [2, 104], [1, 1102]]);
      const del = await s.prepare('DELETE FROM t WHERE id = $1');
      expect((await del.run([[4], [99], [3]])).rowCount).toBe(2);
      expect((await s.query('SELECT id, v, note FROM t ORDER BY id')).rowArrays()).toEqual([[1, 1102, 'd'], [2, 104, 'd']]);
      // an empty list runs nothing and changes nothing
      expect((await ins.run([])).rowCount).toBe(0);
    });

    it('stmt.run of a query returns every run\'s rows in order', async () => {
      const { s } = await connect();
      await s.query('CREATE TABLE t (id INT PRIMARY KEY, name TEXT)');
      await s.query("INSERT INTO t VALUES (1, 'a'), (2, 'b'), (3, 'c')");
      const q = await s.prepare('SELECT name FROM t WHERE id = $1');
      const r = await q.run([[3], [1], [9], [2]]);
      expect(r.rows).toEqual([{ name: 'c' }, { name: 'a' }, { name: 'b' }]);
    });

    it('session.batch runs statements as one unit and stops at the first failure', async () => {
      const { s } = await connect();
      await s.query('CREATE TABLE t (id INT PRIMARY KEY, name TEXT)');
      const [a, b] = await s.batch([
        { sql: 'INSERT INTO t VALUES ($1, $2)', params: [1, 'x'] },
        { sql: 'SELECT count(*) AS n FROM t' },
      ]);
      expect(a!.rowCount).toBe(1);
      expect(b!.rows).toEqual([{ n: 1n }]);
      const e = await rejection(s.batch([
        { sql: "INSERT INTO t VALUES (2, 'y')" },
        { sql: 'SELECT * FROM nope' },
      ]));
      expect(e.code).toBe('42P01');
      expect(e.batchIndex).toBe(1);
      expect((await s.query('SELECT count(*) AS n FROM t')).rows).toEqual([{ n: 1n }]);
      expect((await rejection(s.batch([{ sql: 'BEGIN' }]))).code).toBe('0A000');
    });

    it('table.insert takes column arrays and Arrow tables without row objects', async () => {
      const { s } = await connect();
      await s.query('CREATE TABLE t (id INT PRIMARY KEY, name TEXT, v DOUBLE, flag BOOLEAN DEFAULT true)');
      const r = await s.table('t').insert({ id: new Int32Array([3, 1, 2]), name: ['c', 'a', null], v: new Float64Array([0.5, 1.5, 2.5]) });
      expect(r.rowCount).toBe(3);
      await s.table('t').insert(tableFromArrays({ id: new Int32Array([10, 11]), name: ['j', 'k'], v: new Float64Array([1, 2]) }));
      expect((await s.query('SELECT id, name, v, flag FROM t ORDER BY id')).rowArrays()).toEqual([
        [1, 'a', 1.5, true], [2, null, 2.5, true], [3, 'c', 0.5, true], [10, 'j', 1, true], [11, 'k', 2, true],
      ]);
      expect((await rejection(s.table('t').insert({ id: [1], nope: [1] }))).code).toBe('42703');
      expect((await rejection(s.table('t').insert({ id: [12, 12] }))).code).toBe('23505');
      expect((await rejection(s.table('t').insert({ id: [13, 14], name: ['x'] }))).code).toBe('22023');
      expect((await s.query('SELECT count(*) AS n FROM t')).rows).toEqual([{ n: 5n }]);
    });

    it('table.insert of many row objects (packed by column through the worker) keeps every value and reports bad keys', async () => {
      const { s } = await connect();
      await s.query("CREATE TABLE t (id INT PRIMARY KEY, name TEXT, v DOUBLE, n BIGINT, flag BOOLEAN DEFAULT true)");
      const rows = Array.from({ length: 400 }, (_, i) => (i % 3 === 0
        ? { id: i, name: `n${i % 5}`, v: i / 2, n: BigInt(i) }
        : { v: i / 2, id: i, name: i % 7 === 0 ? null : `n${i % 5}`, flag: i % 2 === 0 }));
      expect((await s.table('t').insert(rows)).rowCount).toBe(400);
      const r = await s.query('SELECT id, name, v, n, flag FROM t WHERE id IN (0, 7, 8, 399) ORDER BY id');
      expect(r.rowArrays()).toEqual([[0, 'n0', 0, 0n, true], [7, null, 3.5, null, false], [8, 'n3', 4, null, true], [399, 'n4', 199.5, 399n, true]]);
      const bad = Array.from({ length: 300 }, (_, i) => ({ id: 1000 + i, nope: 1 }));
      expect((await rejection(s.table('t').insert(bad))).code).toBe('42703');
      const dup = Array.from({ length: 300 }, (_, i) => ({ id: i === 299 ? 1000 : 1000 + i }));
      expect((await rejection(s.table('t').insert(dup))).code).toBe('23505');
      expect((await s.query('SELECT count(*) AS n FROM t')).rows).toEqual([{ n: 400n }]);
    });

    it('large results (typed arrays, repetitive and distinct text, nulls, numerics) come back value for value', async () => {
      const { s } = await connect();
      const r = await s.query("SELECT g AS id, 'k' || (g % 7) AS kind, CASE WHEN g % 5 = 0 THEN NULL ELSE 'v' || g END AS label, g::float8 / 4 AS x, "
        + 'CASE WHEN g % 3 = 0 THEN NULL ELSE g / 4.0 END AS q, g * 12345678901234567890.5 AS big FROM generate_series(1, 3000) AS g');
      expect(r.length).toBe(3000);
      // numerics keep their exact text (display scale included): the fast form and the bigint form
      expect(r.rows[0]).toEqual({ id: 1, kind: 'k1', label: 'v1', x: 0.25, q: '0.25000000000000000000', big: '12345678901234567890.5' });
      expect(r.rows[3]).toEqual({ id: 4, kind: 'k4', label: 'v4', x: 1, q: '1.00000000000000000000', big: '49382715604938271562.0' });
      expect(r.rows[4]).toEqual({ id: 5, kind: 'k5', label: null, x: 1.25, q: '1.2500000000000000', big: '61728394506172839452.5' });
      expect(r.rows[2999]).toEqual({ id: 3000, kind: 'k4', label: null, x: 750, q: null, big: '37037036703703703671500.0' });
      expect(r.table.getChild('kind')!.get(6)).toBe('k0');
      expect(r.table.getChild('q')!.get(1)).toBe('0.50000000000000000000');
    });

    it('a statement past its time limit rejects with 57014, changes nothing, and the next query works', async () => {
      const { s } = await connect();
      await s.query('CREATE TABLE t (id INT)');
      const e = await rejection(s.query(`INSERT INTO t ${SLOW.replace('count(*)', 'count(*)::int')}`, [], { timeoutMs: 20 }));
      expect(e).toBeInstanceOf(DbError);
      expect(e.code).toBe('57014');
      expect(e.message).toBe('canceling statement due to statement timeout');
      expect((await s.query('SELECT count(*) AS n FROM t')).rows).toEqual([{ n: 0n }]);
      expect((await s.query('SELECT 1 AS x')).rows).toEqual([{ x: 1 }]);
    });

    it('an aborted signal rejects with 57014 before the statement runs', async () => {
      const { s } = await connect();
      const ac = new AbortController();
      ac.abort();
      const e = await rejection(s.query('SELECT 1', [], { signal: ac.signal }));
      expect(e.code).toBe('57014');
      expect(e.message).toBe('canceling statement due to user request');
      expect((await s.query('SELECT 2 AS x')).rows).toEqual([{ x: 2 }]);
    });
  });
}

describe('cancellation', () => {
  it('a signal aborted after the call left reaches the worker through the shared flag; the engine stays usable', async () => {
    // one realm: the "worker" runs on this thread, so the abort lands before it picks the call up
    // (a real Worker stopped mid-statement is e2e/runtime.e2e.ts's)
    const { s, conn } = await overChannel();
    expect(conn.sharedCancel).toBe(true);
    const ac = new AbortController();
    const p = s.query(SLOW, [], { signal: ac.signal });
    ac.abort();
    const e = await rejection(p);
    expect(e.code).toBe('57014');
    expect(e.message).toBe('canceling statement due to user request');
    expect((await s.query('SELECT 3 AS x')).rows).toEqual([{ x: 3 }]);
  });

  it('the database statementTimeoutMs applies to every statement; a call can lift it with timeoutMs: 0', async () => {
    const s = await inProcess(15);
    expect((await rejection(s.query(SLOW))).code).toBe('57014');
    const r = await s.query('SELECT count(*) AS n FROM generate_series(1, 300) a WHERE a > (SELECT count(*) FROM generate_series(1, 300) b WHERE b < a)', [], { timeoutMs: 0 });
    expect(r.rows).toEqual([{ n: 300n }]);
  });

  it('a timed-out stmt.run rolls every row back', async () => {
    const s = await inProcess();
    await s.query('CREATE TABLE t (id INT PRIMARY KEY, n BIGINT)');
    const ins = await s.prepare(`INSERT INTO t SELECT $1, count(*) FROM generate_series(1, 600) a WHERE a > (SELECT count(*) FROM generate_series(1, 600) b WHERE b < a)`);
    const rows = Array.from({ length: 200 }, (_, i) => [i]);
    const e = await rejection(ins.run(rows, { timeoutMs: 30 }));
    expect(e.code).toBe('57014');
    expect(typeof e.batchIndex).toBe('number');
    expect((await s.query('SELECT count(*) AS n FROM t')).rows).toEqual([{ n: 0n }]);
  });
});

describe('prepared inserts in one transaction', () => {
  it('keys in order stay findable by the lazily built primary key; a failed statement trims only its own rows', async () => {
    const s = await inProcess();
    await s.query('CREATE TABLE t (id INT PRIMARY KEY, v TEXT)');
    const ins = await s.prepare('INSERT INTO t VALUES ($1, $2)');
    await s.query('BEGIN');
    for (let i = 1; i <= 2000; i++) await ins.query([i, `v${i}`]);
    expect((await s.query('SELECT v FROM t WHERE id = $1', [1234])).rows).toEqual([{ v: 'v1234' }]);
    expect((await rejection(ins.query([77, 'dup']))).code).toBe('23505');
    await s.query('ROLLBACK');
    await s.query('BEGIN');
    for (let i = 1; i <= 100; i++) await ins.query([i, `w${i}`]);
    const failing = await s.prepare("INSERT INTO t SELECT 101, 'x' UNION ALL SELECT 5, 'dup'");
    expect((await rejection(failing.query())).code).toBe('23505');
    await s.query('ROLLBACK');
    // out-of-order keys, a delete and a re-insert
    await ins.run([[5, 'a'], [9, 'b'], [7, 'c']]);
    await s.query('DELETE FROM t WHERE id = 9');
    await ins.query([9, 'again']);
    expect((await rejection(ins.query([7, 'dup']))).code).toBe('23505');
    expect((await s.query('SELECT id, v FROM t ORDER BY id')).rowArrays()).toEqual([[5, 'a'], [7, 'c'], [9, 'again']]);
    expect((await s.query('SELECT v FROM t WHERE id = 9')).rows).toEqual([{ v: 'again' }]);
  });

  it('a failing statement in an explicit transaction leaves the rows of earlier statements', async () => {
    const s = await inProcess();
    await s.query('CREATE TABLE t (id INT PRIMARY KEY)');
    const ins = await s.prepare('INSERT INTO t VALUES ($1)');
    await s.query('BEGIN');
    await ins.query([1]);
    await ins.query([2]);
    // one statement appending two rows, the second clashing: only its own first row is trimmed
    const e = await rejection(s.query('INSERT INTO t VALUES (3), (1)'));
    expect(e.code).toBe('23505');
    await s.query('ROLLBACK');
    await s.query('BEGIN');
    await ins.query([1]);
    await ins.query([2]);
    await s.query('COMMIT');
    expect((await s.query('SELECT id FROM t ORDER BY id')).rowArrays()).toEqual([[1], [2]]);
  });
});
