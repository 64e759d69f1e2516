/**
 * The public API of DESIGN.md §3 and the access rules of §5, driven through
 * `openDatabase()` in Node (in-process, in memory): sessions, parameters, Result shape and
 * messages, scripts, prepared statements, table handles, logout, per-user isolation of USER
 * tables, access levels of SHARED tables, and transactions across sessions.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DbError, openDatabase, type Database, type Session } from '../src/index.ts';

let db: Database;
let root: Session;

beforeEach(async () => {
  db = await openDatabase({ worker: false, storage: 'memory' });
  root = await db.login('root', '');
});

afterEach(async () => {
  await db.close();
});

async function code(p: Promise<unknown>): Promise<string> {
  const e = await p.then(() => null, (x: unknown) => x);
  expect(e, 'expected the call to fail').toBeInstanceOf(DbError);
  return (e as DbError).code;
}

describe('openDatabase and sessions', () => {
  it('defaults to an in-process, in-memory engine in Node', async () => {
    const d = await openDatabase({ name: 'api-default' });
    expect(d.inWorker).toBe(false);
    expect(d.worker).toBeNull();
    const s = await d.login('root', '');
    expect(s.user).toBe('root');
    await s.query('CREATE TABLE t (x INT)');
    await s.query('INSERT INTO t VALUES (1)');
    await d.close();
    // memory storage: a second database of the same name starts empty
    const d2 = await openDatabase({ name: 'api-default' });
    const s2 = await d2.login('root', '');
    expect(await code(s2.query('SELECT * FROM t'))).toBe('42P01');
    await d2.close();
  });

  it('login checks the password; session() trusts the app', async () => {
    await root.query("CREATE USER 'alice' WITH PASSWORD 'pw' ROLE user");
    expect(await code(db.login('alice', 'nope'))).toBe('28P01');
    const a = await db.login('alice', 'pw');
    expect(a.user).toBe('alice');
    expect((await a.query('SELECT current_user() AS u')).rows).toEqual([{ u: 'alice' }]);
    const trusted = await db.session({ user: 'alice' });
    expect((await trusted.query('SELECT current_user() AS u')).rows).toEqual([{ u: 'alice' }]);
  });

  it('logout closes the session: later calls fail with 55000, other sessions go on', async () => {
    const other = await db.login('root', '');
    await other.logout();
    expect(other.closed).toBe(true);
    expect(await code(other.query('SELECT 1'))).toBe('55000');
    await other.logout(); // idempotent
    expect((await root.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
  });
});

describe('query results', () => {
  beforeEach(async () => {
    await root.query('CREATE NAMESPACE app');
    await root.query('CREATE TABLE app.t (id BIGINT PRIMARY KEY, name TEXT, n INT, f DOUBLE, ok BOOLEAN)');
  });

  it('reports messages, rowCount and columns per statement kind', async () => {
    const created = await root.query('CREATE TABLE app.u (x INT)');
    expect([created.message, created.rowCount, created.columns]).toEqual(['Table app.u created', 0, []]);

    const ins = await root.query("INSERT INTO app.t VALUES (1, 'a', 10, 1.5, true), (2, 'b', 20, NULL, false), (3, 'c', NULL, 2.5, NULL)");
    expect([ins.message, ins.rowCount]).toEqual(['Inserted 3 row(s)', 3]);

    const upd = await root.query('UPDATE app.t SET n = n + 1 WHERE n IS NOT NULL');
    expect([upd.message, upd.rowCount]).toEqual(['Updated 2 row(s)', 2]);
    const none = await root.query('UPDATE app.t SET n = 0 WHERE id = 99');
    expect([none.message, none.rowCount]).toEqual(['Updated 0 row(s)', 0]);

    const del = await root.query('DELETE FROM app.t WHERE id = 3');
    expect([del.message, del.rowCount]).toEqual(['Deleted 1 row(s)', 1]);

    const sel = await root.query('SELECT id, name, n, f, ok, n * 2 AS dbl FROM app.t ORDER BY id');
    expect(sel.rowCount).toBe(2);
    expect(sel.columns).toEqual([
      { name: 'id', type: 'bigint' }, { name: 'name', type: 'text' }, { name: 'n', type: 'integer' },
      { name: 'f', type: 'double' }, { name: 'ok', type: 'boolean' }, { name: 'dbl', type: 'integer' },
    ]);
    expect(sel.rows).toEqual([
      { id: 1n, name: 'a', n: 11, f: 1.5, ok: true, dbl: 22 },
      { id: 2n, name: 'b', n: 21, f: null, ok: false, dbl: 42 },
    ]);
    expect(sel.rowArrays()).toEqual([[1n, 'a', 11, 1.5, true, 22], [2n, 'b', 21, null, false, 42]]);
    expect(sel.table.numRows).toBe(2);
    expect(typeof sel.rows[0]!.id).toBe('bigint');

    const agg = await root.query('SELECT count(*) AS c, sum(n) AS s, avg(n) AS a FROM app.t');
    expect(agg.columns.map((c) => c.type)).toEqual(['bigint', 'bigint', 'numeric']);
    expect(agg.rows).toEqual([{ c: 2n, s: 32n, a: '16.0000000000000000' }]);

    const ns = await root.query('CREATE NAMESPACE other');
    expect(ns.message).toBe('Namespace other created');
    const user = await root.query("CREATE USER 'carol' WITH PASSWORD 'x' ROLE service");
    expect(user.message).toBe('User carol created');
    const dropped = await root.query('DROP TABLE app.u');
    expect(dropped.message).toBe('Table app.u dropped');
    const def = await root.query('CREATE TABLE plain (x INT)');
    expect(def.message).toBe('Table default.plain created');
  });

  it('binds $1…$n typed by their context; bigint columns come back as JS bigint', async () => {
    const ins = await root.query('INSERT INTO app.t (id, name, n, f, ok) VALUES ($1, $2, $3, $4, $5)', [10, 'ten', 7, 0.25, true]);
    expect(ins.rowCount).toBe(1);
    await root.query('INSERT INTO app.t (id, name) VALUES ($1, $2)', [9007199254740993n, 'huge']);

    const byNumber = await root.query('SELECT id, name FROM app.t WHERE id = $1', [10]);
    expect(byNumber.rows).toEqual([{ id: 10n, name: 'ten' }]);
    const byBigint = await root.query('SELECT name FROM app.t WHERE id = $1', [9007199254740993n]);
    expect(byBigint.rows).toEqual([{ name: 'huge' }]);
    const two = await root.query('SELECT id FROM app.t WHERE name = $1 AND n > $2 AND ok = $3', ['ten', 5, true]);
    expect(two.rows).toEqual([{ id: 10n }]);
    const none = await root.query('SELECT id FROM app.t WHERE name = $1 AND n > $2', ['ten', 7]);
    expect(none.rowCount).toBe(0);

    const arith = await root.query('SELECT $1 + 1 AS x, $2 || \'!\' AS y', [5, 'hi']);
    expect(arith.rows).toEqual([{ x: 6, y: 'hi!' }]);
    expect(arith.columns.map((c) => c.type)).toEqual(['integer', 'text']);

    // a parameter is a value, never SQL
    const inj = await root.query('SELECT count(*) AS c FROM app.t WHERE name = $1', ["x' OR '1'='1"]);
    expect(inj.rows).toEqual([{ c: 0n }]);
    const nul = await root.query('SELECT $1::int IS NULL AS isnull', [null]);
    expect(nul.rows).toEqual([{ isnull: true }]);
  });

  it('a script returns the last result and runs in order', async () => {
    const r = await root.query("INSERT INTO app.t (id, name) VALUES (1, 'x'); UPDATE app.t SET name = 'y'; SELECT id, name FROM app.t");
    expect(r.rows).toEqual([{ id: 1n, name: 'y' }]);
    const last = await root.query("INSERT INTO app.t (id, name) VALUES (2, 'z'); DELETE FROM app.t WHERE id = 1");
    expect(last.message).toBe('Deleted 1 row(s)');
    expect((await root.query('SELECT id FROM app.t')).rows).toEqual([{ id: 2n }]);
  });

  it('a script with one unauthorized statement runs nothing (42501)', async () => {
    await root.query("CREATE USER 'u' WITH PASSWORD 'p' ROLE user");
    const u = await db.login('u', 'p');
    expect(await code(u.query('CREATE USER TABLE app.mine (x INT); DROP TABLE app.t'))).toBe('42501');
    const t = await root.query("SELECT table_name FROM system.tables WHERE namespace_id = 'app' ORDER BY 1");
    expect(t.rows).toEqual([{ table_name: 't' }]);
    // the authorized half alone works
    expect((await u.query('CREATE USER TABLE app.mine (x INT)')).message).toBe('Table app.mine created');
  });
});

describe('prepared statements', () => {
  it('prepare → query twice with different params → close', async () => {
    await root.query("CREATE TABLE p (id INT PRIMARY KEY, v TEXT); INSERT INTO p VALUES (1, 'one'), (2, 'two')");
    const stmt = await root.prepare('SELECT v FROM p WHERE id = $1');
    expect(stmt.sql).toBe('SELECT v FROM p WHERE id = $1');
    expect((await stmt.query([1])).rows).toEqual([{ v: 'one' }]);
    expect((await stmt.query([2])).rows).toEqual([{ v: 'two' }]);
    expect((await stmt.query([3])).rowCount).toBe(0);
    await stmt.close();
    expect(await code(stmt.query([1]))).toBe('55000');
    await stmt.close(); // idempotent
  });

  it('is re-planned after ALTER TABLE: SELECT * sees the added column', async () => {
    await root.query("CREATE TABLE p (id INT PRIMARY KEY, v TEXT); INSERT INTO p VALUES (1, 'one')");
    const stmt = await root.prepare('SELECT * FROM p WHERE id = $1');
    expect((await stmt.query([1])).rows).toEqual([{ id: 1, v: 'one' }]);
    await root.query("ALTER TABLE p ADD COLUMN extra TEXT DEFAULT 'd'");
    const after = await stmt.query([1]);
    expect(after.columns.map((c) => c.name)).toEqual(['id', 'v', 'extra']);
    expect(after.rows).toEqual([{ id: 1, v: 'one', extra: 'd' }]);
    await root.query('ALTER TABLE p DROP COLUMN v');
    expect((await stmt.query([1])).rows).toEqual([{ id: 1, extra: 'd' }]);
    await root.query('DROP TABLE p');
    expect(await code(stmt.query([1]))).toBe('42P01');
    await stmt.close();
  });

  it('a prepared DML statement reports its row counts', async () => {
    await root.query('CREATE TABLE p (id INT PRIMARY KEY, v TEXT)');
    const ins = await root.prepare('INSERT INTO p VALUES ($1, $2)');
    expect((await ins.query([1, 'a'])).message).toBe('Inserted 1 row(s)');
    expect((await ins.query([2, 'b'])).rowCount).toBe(1);
    expect(await code(ins.query([1, 'dup']))).toBe('23505');
    await ins.close();
    expect((await root.query('SELECT count(*) AS c FROM p')).rows).toEqual([{ c: 2n }]);
  });
});

describe('table handles', () => {
  it('table(name).insert(objects) then select', async () => {
    await root.query('CREATE NAMESPACE chat');
    await root.query('CREATE TABLE chat.messages (id BIGINT PRIMARY KEY, room TEXT, body TEXT)');
    const messages = root.table('chat.messages');
    const r = await messages.insert([
      { id: 1, room: 'general', body: 'hi' },
      { id: 2, room: 'general', body: 'yo' },
      { id: 3, room: 'random', body: 'x' },
    ]);
    expect([r.message, r.rowCount]).toEqual(['Inserted 3 row(s)', 3]);
    const sel = await messages.select({ where: { room: 'general' }, orderBy: { column: 'id', direction: 'desc' }, limit: 50 });
    expect(sel.rows).toEqual([
      { id: 2n, room: 'general', body: 'yo' },
      { id: 1n, room: 'general', body: 'hi' },
    ]);
    const viaSql = await root.query('SELECT count(*) AS c FROM chat.messages');
    expect(viaSql.rows).toEqual([{ c: 3n }]);
    expect(await code(messages.insert([{ id: 1, room: 'dup', body: 'dup' }]))).toBe('23505');
    expect((await root.query('SELECT count(*) AS c FROM chat.messages')).rows).toEqual([{ c: 3n }]);
  });
});

describe('user isolation in USER tables', () => {
  let alice: Session;
  let bob: Session;

  beforeEach(async () => {
    await root.query(`
      CREATE USER 'alice' WITH PASSWORD 'a' ROLE user;
      CREATE USER 'bob' WITH PASSWORD 'b' ROLE user;
      CREATE NAMESPACE app;
      CREATE USER TABLE app.notes (id INT PRIMARY KEY, body TEXT);
      CREATE TABLE app.tags (id INT, tag TEXT) WITH (ACCESS_LEVEL = 'public');
      INSERT INTO app.tags VALUES (1, 't1'), (2, 't2'), (3, 't3')
    `);
    alice = await db.login('alice', 'a');
    bob = await db.login('bob', 'b');
    await alice.query("INSERT INTO app.notes VALUES (1, 'alice-1'), (2, 'alice-2')");
    await bob.query("INSERT INTO app.notes VALUES (1, 'bob-1'), (3, 'bob-3')");
  });

  const bodies = async (s: Session, sql: string): Promise<unknown[]> =>
    (await s.query(sql)).rowArrays().map((r) => r[0]).sort();

  it('each user sees only their own rows (primary keys are per user)', async () => {
    expect(await bodies(alice, 'SELECT body FROM app.notes')).toEqual(['alice-1', 'alice-2']);
    expect(await bodies(bob, 'SELECT body FROM app.notes')).toEqual(['bob-1', 'bob-3']);
    expect(await bodies(root, 'SELECT body FROM app.notes')).toEqual([]);
  });

  it('through a join, a subquery, a UNION and a CTE', async () => {
    expect(await bodies(alice, 'SELECT n.body FROM app.notes n JOIN app.tags t ON t.id = n.id')).toEqual(['alice-1', 'alice-2']);
    expect(await bodies(alice, 'SELECT a.body FROM app.notes a JOIN app.notes b ON a.id = b.id')).toEqual(['alice-1', 'alice-2']);
    expect(await bodies(bob, 'SELECT tag FROM app.tags WHERE id IN (SELECT id FROM app.notes)')).toEqual(['t1', 't3']);
    expect(await bodies(bob, 'SELECT (SELECT count(*) FROM app.notes)')).toEqual([2n]);
    expect(await bodies(alice, "SELECT body FROM app.notes UNION SELECT 'x'")).toEqual(['alice-1', 'alice-2', 'x']);
    expect(await bodies(bob, 'WITH mine AS (SELECT body FROM app.notes) SELECT body FROM mine')).toEqual(['bob-1', 'bob-3']);
    expect(await bodies(alice, 'SELECT count(*) FROM app.notes WHERE EXISTS (SELECT 1 FROM app.notes x WHERE x.id = 3)')).toEqual([0n]);
  });

  it("writes only touch one's own rows", async () => {
    const upd = await alice.query("UPDATE app.notes SET body = 'changed'");
    expect(upd.rowCount).toBe(2);
    const del = await alice.query('DELETE FROM app.notes WHERE id = 3');
    expect(del.rowCount).toBe(0);
    expect(await bodies(bob, 'SELECT body FROM app.notes')).toEqual(['bob-1', 'bob-3']);
  });

  it("EXECUTE AS USER 'alice' run by root sees alice's rows", async () => {
    expect(await bodies(root, "EXECUTE AS USER 'alice' (SELECT body FROM app.notes)")).toEqual(['alice-1', 'alice-2']);
    await root.query("EXECUTE AS USER 'bob' (INSERT INTO app.notes VALUES (4, 'bob-4'))");
    expect(await bodies(bob, 'SELECT body FROM app.notes')).toEqual(['bob-1', 'bob-3', 'bob-4']);
    expect(await bodies(alice, 'SELECT body FROM app.notes')).toEqual(['alice-1', 'alice-2']);
    // a user-role session may only target itself
    expect(await code(alice.query("EXECUTE AS USER 'bob' (SELECT body FROM app.notes)"))).toBe('42501');
    expect(await bodies(alice, "EXECUTE AS USER 'alice' (SELECT body FROM app.notes)")).toEqual(['alice-1', 'alice-2']);
  });
});

describe('access levels of SHARED tables', () => {
  it('public is readable by a user-role session, private is not (42501); writes need service+', async () => {
    await root.query(`
      CREATE USER 'u' WITH PASSWORD 'p' ROLE user;
      CREATE USER 'svc' WITH PASSWORD 'p' ROLE service;
      CREATE TABLE pub (x INT) WITH (ACCESS_LEVEL = 'public');
      CREATE TABLE priv (x INT);
      CREATE TABLE dbaonly (x INT) WITH (ACCESS_LEVEL = 'dba');
      INSERT INTO pub VALUES (1); INSERT INTO priv VALUES (2); INSERT INTO dbaonly VALUES (3)
    `);
    const u = await db.login('u', 'p');
    const svc = await db.login('svc', 'p');
    expect((await u.query('SELECT x FROM pub')).rows).toEqual([{ x: 1 }]);
    expect(await code(u.query('SELECT x FROM priv'))).toBe('42501');
    expect(await code(u.query('SELECT x FROM pub JOIN priv USING (x)'))).toBe('42501');
    expect(await code(u.query('INSERT INTO pub VALUES (9)'))).toBe('42501');
    expect((await svc.query('SELECT x FROM priv')).rows).toEqual([{ x: 2 }]);
    expect((await svc.query('INSERT INTO pub VALUES (5)')).rowCount).toBe(1);
    expect(await code(svc.query('SELECT x FROM dbaonly'))).toBe('42501');
    expect((await root.query('SELECT x FROM pub ORDER BY x')).rows).toEqual([{ x: 1 }, { x: 5 }]);
    // changing the level takes effect for the next statement
    await root.query('ALTER TABLE priv SET ACCESS LEVEL public');
    expect((await u.query('SELECT x FROM priv')).rows).toEqual([{ x: 2 }]);
  });
});

describe('transactions across sessions', () => {
  it("a second session's statements wait for the first session's open transaction", async () => {
    const a = root;
    const b = await db.login('root', '');
    await a.query('CREATE TABLE t (x INT)');
    const order: string[] = [];
    await a.query('BEGIN');
    await a.query('INSERT INTO t VALUES (1)');
    const bRead = b.query('SELECT count(*) AS c FROM t').then((r) => order.push(`b read ${String(r.rows[0]!.c)}`));
    const bWrite = b.query('INSERT INTO t VALUES (2)').then((r) => order.push(`b ${r.message}`));
    await new Promise((r) => setTimeout(r, 30));
    order.push('a still open');
    await a.query('INSERT INTO t VALUES (3)');
    await a.query('COMMIT');
    order.push('a committed');
    await Promise.all([bRead, bWrite]);
    expect(order).toEqual(['a still open', 'a committed', 'b read 2', 'b Inserted 1 row(s)']);
    expect((await a.query('SELECT x FROM t ORDER BY x')).rowArrays()).toEqual([[1], [2], [3]]);
  });

  it('after a ROLLBACK the waiting session sees the old data', async () => {
    const a = root;
    const b = await db.login('root', '');
    await a.query('CREATE TABLE t (x INT); INSERT INTO t VALUES (1), (2)');
    const order: string[] = [];
    await a.query('BEGIN');
    await a.query('DELETE FROM t');
    const bRead = b.query('SELECT count(*) AS c FROM t').then((r) => order.push(`b read ${String(r.rows[0]!.c)}`));
    await new Promise((r) => setTimeout(r, 30));
    order.push('a rolls back');
    await a.query('ROLLBACK');
    await bRead;
    expect(order).toEqual(['a rolls back', 'b read 2']);
  });
});
