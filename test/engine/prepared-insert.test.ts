/**
 * The per-call path of prepared single-row INSERTs (one awaited `stmt.query([...])` per row):
 * it keeps its statement context and bound parameters between runs, so these check that every
 * run is still a statement of its own — rollback undoes it, a unique violation fails the
 * transaction the PostgreSQL way, the statement clock and parameter checks are per run, live
 * queries and the commit pipeline see every row.
 */
import { describe, expect, it } from 'vitest';
import { DbError, type Session } from '../../src/index.ts';
import { databasesClosedAfterEach, sessionsClosedAfterEach } from '../helpers/open-session.ts';
import { createEngine } from '../../src/engine/index.ts';
import type { LiveChange } from '../../src/api/engine-api.ts';

const openDb = databasesClosedAfterEach();
const openWith = sessionsClosedAfterEach();
const open = (): Promise<Session> => openWith('CREATE TABLE ev (id INTEGER PRIMARY KEY, user_id INTEGER, kind TEXT, value DOUBLE, ts INTEGER)');

async function code(p: Promise<unknown>): Promise<string> {
  const e = await p.then(() => null, (x: unknown) => x);
  expect(e, 'expected the call to fail').toBeInstanceOf(DbError);
  return (e as DbError).code;
}

async function rows(s: Session): Promise<unknown[][]> {
  return (await s.query('SELECT id, user_id, kind, value, ts FROM ev ORDER BY id')).rowArrays();
}

describe('prepared single-row INSERT, run after run', () => {
  it('writes each run\'s own values, in and out of transactions', async () => {
    const s = await open();
    const ins = await s.prepare('INSERT INTO ev VALUES ($1, $2, $3, $4, $5)');
    await s.query('BEGIN');
    for (let i = 1; i <= 300; i++) expect((await ins.query([i, i % 7, 'k' + String(i % 3), i / 4, 1_700_000_000 + i])).rowCount).toBe(1);
    await s.query('COMMIT');
    await ins.query([301, 1, 'autocommit', 0.5, 5]);
    await ins.query([302, null, null, null, null]);
    const got = await rows(s);
    expect(got).toHaveLength(302);
    expect(got[0]).toEqual([1, 1, 'k1', 0.25, 1_700_000_001]);
    expect(got[299]).toEqual([300, 6, 'k0', 75, 1_700_000_300]);
    expect(got.slice(300)).toEqual([[301, 1, 'autocommit', 0.5, 5], [302, null, null, null, null]]);
  });

  it('ROLLBACK undoes every run of the transaction; the statement goes on in the next one', async () => {
    const s = await open();
    const ins = await s.prepare('INSERT INTO ev VALUES ($1, $2, $3, $4, $5)');
    await ins.query([1, 1, 'kept', 1, 1]);
    await s.query('BEGIN');
    for (let i = 2; i <= 100; i++) await ins.query([i, i, 'gone', i, i]);
    expect((await s.query('SELECT count(*) AS n FROM ev')).rows).toEqual([{ n: 100n }]);
    await s.query('ROLLBACK');
    expect(await rows(s)).toEqual([[1, 1, 'kept', 1, 1]]);
    await s.query('BEGIN');
    await ins.query([2, 2, 'again', 2, 2]);
    await s.query('COMMIT');
    expect(await rows(s)).toEqual([[1, 1, 'kept', 1, 1], [2, 2, 'again', 2, 2]]);
  });

  it('a duplicate key fails with 23505 and aborts the transaction (25P02 until ROLLBACK; COMMIT rolls back)', async () => {
    const s = await open();
    const ins = await s.prepare('INSERT INTO ev VALUES ($1, $2, $3, $4, $5)');
    await ins.query([5, 0, 'before', 0, 0]);
    await s.query('BEGIN');
    for (let i = 10; i < 20; i++) await ins.query([i, 0, 'txn', 0, 0]);
    const e = await ins.query([15, 0, 'dup', 0, 0]).then(() => null, (x: unknown) => x as DbError);
    expect(e?.code).toBe('23505');
    expect(e?.detail).toBe('Key (id)=(15) already exists.');
    expect(await code(ins.query([20, 0, 'after', 0, 0]))).toBe('25P02');
    expect(await code(s.query('SELECT 1'))).toBe('25P02');
    expect((await s.query('COMMIT')).message).toBe('ROLLBACK');
    expect(await rows(s)).toEqual([[5, 0, 'before', 0, 0]]);
    // the key index was put back: 10..19 are free again, 5 is still taken
    await ins.query([15, 1, 'free', 1, 1]);
    expect(await code(ins.query([5, 1, 'dup', 1, 1]))).toBe('23505');
    expect(await rows(s)).toEqual([[5, 0, 'before', 0, 0], [15, 1, 'free', 1, 1]]);
  });

  it('checks each run\'s parameters: a bad value or a wrong count fails that run only', async () => {
    const s = await open();
    const ins = await s.prepare('INSERT INTO ev VALUES ($1, $2, $3, $4, $5)');
    await ins.query([1, 1, 'a', 1, 1]);
    expect(await code(ins.query(['x', 1, 'a', 1, 1]))).toBe('22P02');
    expect(await code(ins.query([2, 1, 'a', 1]))).toBe('42P02');
    expect(await code(ins.query([2, 1, 'a', 1, 1, 9]))).toBe('08P01');
    expect(await code(ins.query([null, 1, 'a', 1, 1]))).toBe('23502');
    expect(await code(ins.query([2, 1, 'bad\u0000text', 1, 1]))).toBe('22021');
    await ins.query([2, 2, 'b', 2.5, 2]);
    expect(await rows(s)).toEqual([[1, 1, 'a', 1, 1], [2, 2, 'b', 2.5, 2]]);
  });

  it('checks NOT NULL and VARCHAR(n) per run (a value too long only by spaces is cut)', async () => {
    const s = await open();
    await s.query('CREATE TABLE v (id INTEGER PRIMARY KEY, code VARCHAR(3) NOT NULL, note VARCHAR(2))');
    const ins = await s.prepare('INSERT INTO v VALUES ($1, $2, $3)');
    await ins.query([1, 'ab   ', null]);
    expect(await code(ins.query([2, 'abcd', 'x']))).toBe('22001');
    expect(await code(ins.query([3, null, 'x']))).toBe('23502');
    expect(await code(ins.query([4, 'abc', 'xyz']))).toBe('22001');
    await ins.query([5, 'xyz', 'no  ']);
    expect((await s.query('SELECT id, code, note FROM v ORDER BY id')).rowArrays()).toEqual([[1, 'ab ', null], [5, 'xyz', 'no']]);
  });

  it('live queries and the commit pipeline see every row', async () => {
    const s = await open();
    const changes: LiveChange[] = [];
    await s.subscribe('SELECT id, kind FROM ev WHERE user_id = $1', [1], { onChange: (c) => { changes.push(c); } });
    const ins = await s.prepare('INSERT INTO ev VALUES ($1, $2, $3, $4, $5)');
    await s.query('BEGIN');
    for (let i = 1; i <= 6; i++) await ins.query([i, i % 2, 'k' + String(i), 0, 0]);
    await s.query('COMMIT');
    await ins.query([7, 1, 'k7', 0, 0]);
    await Promise.resolve();
    expect(changes).toEqual([
      { type: 'insert', rows: [{ id: 1, kind: 'k1' }, { id: 3, kind: 'k3' }, { id: 5, kind: 'k5' }], oldRows: [] },
      { type: 'insert', rows: [{ id: 7, kind: 'k7' }], oldRows: [] },
    ]);
  });

  it('sends each transaction\'s rows through the commit pipeline once', async () => {
    const engine = createEngine();
    const sid = await engine.login('root', '');
    await engine.execute(sid, 'CREATE TABLE ev (id INTEGER PRIMARY KEY, kind TEXT)');
    const seen: number[][] = [];
    engine.state.pipeline.subscribe((cs) => { seen.push(cs.tables.map((t) => t.inserted.length === 0 ? 0 : t.inserted[t.inserted.length - 1]! - t.inserted[0]!)); });
    const id = await engine.prepare(sid, 'INSERT INTO ev VALUES ($1, $2)');
    await engine.execute(sid, 'BEGIN');
    for (let i = 0; i < 50; i++) await engine.executePrepared(sid, id, [i, 'x']);
    await engine.execute(sid, 'COMMIT');
    await engine.executePrepared(sid, id, [50, 'y']);
    expect(seen).toEqual([[50], [1]]);
    await engine.close();
  });

  it('fails with 28000 once its session is closed, other sessions going on', async () => {
    const engine = createEngine();
    const a = await engine.login('root', '');
    const b = await engine.login('root', '');
    await engine.execute(a, 'CREATE TABLE t (id INTEGER PRIMARY KEY)');
    const ia = await engine.prepare(a, 'INSERT INTO t VALUES ($1)');
    const ib = await engine.prepare(b, 'INSERT INTO t VALUES ($1)');
    await engine.executePrepared(a, ia, [1]);
    await engine.executePrepared(b, ib, [2]);
    await engine.closeSession(a);
    expect(await code(engine.executePrepared(a, ia, [3]))).toBe('28000');
    await engine.executePrepared(b, ib, [4]);
    const r = await engine.execute(b, 'SELECT count(*) AS n FROM t');
    expect((r.vectors[0]!.data as BigInt64Array)[0]).toBe(3n);
    await engine.close();
  });

  it('evaluates a volatile DEFAULT per run (the statement clock is not kept between runs)', async () => {
    let now = Date.UTC(2025, 0, 1);
    const engine = createEngine({ clock: () => now });
    const sid = await engine.login('root', '');
    await engine.execute(sid, 'CREATE TABLE stamped (id INTEGER PRIMARY KEY, at TIMESTAMP DEFAULT now())');
    const id = await engine.prepare(sid, 'INSERT INTO stamped (id) VALUES ($1)');
    await engine.execute(sid, 'BEGIN');
    await engine.executePrepared(sid, id, [1]);
    now += 60_000;
    await engine.executePrepared(sid, id, [2]);
    await engine.execute(sid, 'COMMIT');
    now += 60_000;
    await engine.executePrepared(sid, id, [3]);
    const r = await engine.execute(sid, 'SELECT id, at FROM stamped ORDER BY id');
    const at = r.vectors[1]!.data as Float64Array;
    expect([at[0], at[1], at[2]]).toEqual([Date.UTC(2025, 0, 1), Date.UTC(2025, 0, 1, 0, 1), Date.UTC(2025, 0, 1, 0, 2)]);
    await engine.close();
  });

  it('gives each run its own text budget (the evaluation context is made again per run)', async () => {
    const engine = createEngine({ maxStatementBytes: 100 });
    const sid = await engine.login('root', '');
    await engine.execute(sid, 'CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)');
    const id = await engine.prepare(sid, 'INSERT INTO t VALUES ($1, concat($2, $2))');
    // 30 code units per run: ten runs build 300, three times one statement's budget
    for (let i = 0; i < 10; i++) await engine.executePrepared(sid, id, [i, 'abcdefghijklmno']);
    expect(await code(engine.executePrepared(sid, id, [10, 'x'.repeat(60)]))).toBe('53200');
    const r = await engine.execute(sid, 'SELECT count(*) AS n, min(v) AS v FROM t');
    expect([(r.vectors[0]!.data as BigInt64Array)[0], (r.vectors[1]!.data as string[])[0]]).toEqual([10n, 'abcdefghijklmnoabcdefghijklmno']);
    await engine.close();
  });

  it('keeps two sessions\' runs apart (user tables: each user\'s own partition)', async () => {
    const db = await openDb();
    const root = await db.login('root', '');
    await root.query('CREATE USER TABLE notes (id INTEGER PRIMARY KEY, body TEXT)');
    const alice = await db.session({ user: 'alice', create: true });
    const bob = await db.session({ user: 'bob', create: true });
    const a = await alice.prepare('INSERT INTO notes VALUES ($1, $2)');
    const b = await bob.prepare('INSERT INTO notes VALUES ($1, $2)');
    for (let i = 1; i <= 3; i++) {
      await a.query([i, `alice ${i}`]);
      await b.query([i, `bob ${i}`]);
    }
    expect((await alice.query('SELECT body FROM notes ORDER BY id')).rowArrays()).toEqual([['alice 1'], ['alice 2'], ['alice 3']]);
    expect((await bob.query('SELECT body FROM notes ORDER BY id')).rowArrays()).toEqual([['bob 1'], ['bob 2'], ['bob 3']]);
  });

  it('a row of parameters only binds them in parameter order, whatever the column order, and checks NOT NULL after', async () => {
    const s = await open();
    // every column a parameter as it is (bound straight into the row), and the same with an expression
    const direct = await s.prepare('INSERT INTO ev (kind, id, ts, value, user_id) VALUES ($2, $1, $5, $3, $4)');
    const computed = await s.prepare('INSERT INTO ev (kind, id, ts, value, user_id) VALUES ($2, $1, $5, $3 + 0, $4)');
    for (const ins of [direct, computed]) {
      // both $1 and $3 are bad: $1's error wins
      const e = await ins.query(['one', 'k', 'three', 1, 1]).then(() => null, (x: unknown) => x as DbError);
      expect(e?.code).toBe('22P02');
      expect(e?.detail).toContain('$1');
      // a NULL key and a bad $3: binding comes first (22P02), then NOT NULL (23502)
      expect(await code(ins.query([null, 'k', 'x', 1, 1]))).toBe('22P02');
      expect(await code(ins.query([null, 'k', 1, 1, 1]))).toBe('23502');
      expect(await code(ins.query([1, 'k', 1, 2 ** 40, 1]))).toBe('22003');
      // too few or too many parameters: 42P02 / 08P01, as for any statement
      expect(await code(ins.query([1, 'k', 1, 1]))).toBe('42P02');
      expect(await code(ins.query([1, 'k', 1, 2, 3, 4]))).toBe('08P01');
    }
    await direct.query([7, 'seven', '2.5', '3', 9]);
    await computed.query([8, 8, 1, null, undefined]);
    expect(await rows(s)).toEqual([[7, 3, 'seven', 2.5, 9], [8, null, '8', 1, null]]);
  });
});
