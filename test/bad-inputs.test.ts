/**
 * Bad input gets a typed error, never a crash or a hang (DESIGN.md §1.5): every case below
 * asserts the exact SQLSTATE `code` of the `DbError` (and, for syntax errors, the 1-based
 * `position` PostgreSQL reports), then runs a follow-up query on the same session whose values
 * prove that the engine still answers and that the failed statement changed nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DbError, openDatabase, type Database, type Session } from '../src/index.ts';

let db: Database;
let root: Session;

/** Runs `sql` and asserts it fails with a DbError of `code` (and `position` when given). */
async function fails(s: Session, sql: string, code: string, position?: number, params?: unknown[]): Promise<DbError> {
  let caught: unknown = null;
  try {
    await s.query(sql, params);
  } catch (e) {
    caught = e;
  }
  expect(caught, `expected ${code} from: ${sql.slice(0, 120)}`).toBeInstanceOf(DbError);
  const err = caught as DbError;
  expect({ code: err.code, message: err.message }).toEqual({ code, message: expect.any(String) });
  expect(err.message.length).toBeGreaterThan(0);
  if (position !== undefined) expect(err.position).toBe(position);
  return err;
}

/** The rows of `sql` as arrays. */
async function rows(s: Session, sql: string, params?: unknown[]): Promise<unknown[][]> {
  return (await s.query(sql, params)).rowArrays();
}

beforeAll(async () => {
  db = await openDatabase({ worker: false, storage: 'memory' });
  root = await db.login('root', '');
  await root.query(`
    CREATE TABLE t1 (id INT PRIMARY KEY, name TEXT, v INT);
    CREATE TABLE t2 (id INT PRIMARY KEY, name TEXT);
    CREATE TABLE u (id INT, e TEXT);
    CREATE UNIQUE INDEX ue ON u (e);
    CREATE TABLE nn (id INT PRIMARY KEY, v TEXT NOT NULL);
    CREATE TABLE ts (x SMALLINT);
    CREATE TABLE vc (s VARCHAR(3));
    CREATE NAMESPACE ns1;
    CREATE TABLE ns1.a (x INT);
    CREATE STREAM TABLE st (x INT) WITH (TTL_SECONDS = 3600);
    INSERT INTO t1 VALUES (1, 'a', 10), (2, 'b', 20);
    INSERT INTO t2 VALUES (1, 'x');
    INSERT INTO u VALUES (1, 'a');
    INSERT INTO nn VALUES (1, 'one');
    INSERT INTO ts VALUES (1);
    INSERT INTO ns1.a VALUES (5);
    INSERT INTO st VALUES (1);
    CREATE USER 'plain' WITH PASSWORD 'pw' ROLE user
  `);
});

afterAll(async () => {
  await db.close();
});

describe('syntax errors carry code 42601 and PostgreSQL positions', () => {
  it('unterminated string literal', async () => {
    const e = await fails(root, "SELECT 'abc", '42601', 8);
    expect(e.message).toContain('unterminated quoted string');
    expect(await rows(root, "SELECT 'abc'")).toEqual([['abc']]);
  });

  it('unterminated block comment', async () => {
    const e = await fails(root, 'SELECT /* abc', '42601', 8);
    expect(e.message).toContain('unterminated /* comment');
    expect(await rows(root, 'SELECT /* abc */ 2')).toEqual([[2]]);
  });

  it('unterminated quoted identifier', async () => {
    const e = await fails(root, 'SELECT "abc', '42601', 8);
    expect(e.message).toContain('unterminated quoted identifier');
    expect(await rows(root, 'SELECT 3 AS "abc"')).toEqual([[3]]);
  });

  it('unterminated dollar-quoted string', async () => {
    await fails(root, 'SELECT $$abc', '42601', 8);
    expect(await rows(root, 'SELECT $$abc$$')).toEqual([['abc']]);
  });

  it('input ending in the middle of an expression', async () => {
    const e = await fails(root, 'SELECT 1 +', '42601', 11);
    expect(e.message).toBe('syntax error at end of input');
    expect(await rows(root, 'SELECT 1 + 1')).toEqual([[2]]);
  });

  it('a misspelt keyword', async () => {
    const e = await fails(root, 'SELEC 1', '42601', 1);
    expect(e.message).toBe('syntax error at or near "SELEC"');
    expect(await rows(root, 'SELECT 1')).toEqual([[1]]);
  });

  it('a dangling comma before FROM', async () => {
    await fails(root, 'SELECT 1, FROM t1', '42601', 11);
    expect(await rows(root, 'SELECT 1 FROM t1 ORDER BY id')).toEqual([[1], [1]]);
  });

  it('two adjacent string literals on one line', async () => {
    await fails(root, "SELECT 'a' 'b'", '42601', 12);
    expect(await rows(root, "SELECT 'a' || 'b'")).toEqual([['ab']]);
  });

  it('trailing junk after a numeric literal', async () => {
    await fails(root, 'SELECT 1e', '42601', 8);
    expect(await rows(root, 'SELECT 1e2::int')).toEqual([[100]]);
  });

  it('CREATE TABLE without a name', async () => {
    await fails(root, 'CREATE TABLE (x int)', '42601', 14);
    expect(await rows(root, "SELECT count(*) FROM system.tables WHERE namespace_id = 'default'")).toEqual([[7n]]);
  });

  it('INSERT with too many values (position of the extra expression)', async () => {
    const e = await fails(root, "INSERT INTO t2 VALUES (5,'y','z')", '42601');
    expect(e.message).toBe('INSERT has more expressions than target columns');
    expect(e.position).toBe(30);
    expect(await rows(root, 'SELECT id, name FROM t2 ORDER BY id')).toEqual([[1, 'x']]);
  });
});

describe('names that do not resolve', () => {
  it('unknown table → 42P01', async () => {
    const e = await fails(root, 'SELECT * FROM nope', '42P01');
    expect(e.message).toBe('relation "nope" does not exist');
    expect(await rows(root, 'SELECT count(*) FROM t1')).toEqual([[2n]]);
  });

  it('unknown column → 42703', async () => {
    const e = await fails(root, 'SELECT nope FROM t1', '42703');
    expect(e.message).toBe('column "nope" does not exist');
    expect(await rows(root, 'SELECT name FROM t1 ORDER BY id')).toEqual([['a'], ['b']]);
  });

  it('ambiguous column in a join → 42702', async () => {
    const e = await fails(root, 'SELECT name FROM t1 JOIN t2 ON t1.id = t2.id', '42702');
    expect(e.message).toBe('column reference "name" is ambiguous');
    expect(await rows(root, 'SELECT t1.name, t2.name FROM t1 JOIN t2 ON t1.id = t2.id')).toEqual([['a', 'x']]);
  });

  it('unknown namespace → 3F000 (CREATE TABLE in it, USE it, DROP it)', async () => {
    await fails(root, 'CREATE TABLE nons.t (x INT)', '3F000');
    await fails(root, 'USE nons', '3F000');
    await fails(root, 'DROP NAMESPACE nons', '3F000');
    expect(await rows(root, "SELECT count(*) FROM system.namespaces WHERE namespace_id = 'nons'")).toEqual([[0n]]);
    // the failed USE left the session in its namespace
    expect(await rows(root, 'SELECT count(*) FROM t1')).toEqual([[2n]]);
  });
});

describe('type errors', () => {
  it("SELECT 1 + 'abc' → 22P02", async () => {
    await fails(root, "SELECT 1 + 'abc'", '22P02');
    expect(await rows(root, "SELECT 1 + '41'")).toEqual([[42]]);
  });

  it("SELECT 'a'::text + 1 → 42883", async () => {
    const e = await fails(root, "SELECT 'a'::text + 1", '42883');
    expect(e.message).toBe('operator does not exist: text + integer');
    expect(await rows(root, "SELECT 'a'::text || 1")).toEqual([['a1']]);
  });

  it('WHERE 1 → 42804', async () => {
    await fails(root, 'SELECT * FROM t1 WHERE 1', '42804');
    expect(await rows(root, 'SELECT id FROM t1 WHERE 1 = 1 ORDER BY id')).toEqual([[1], [2]]);
  });

  it('wrong function arity → 42883', async () => {
    const e = await fails(root, 'SELECT abs(1, 2)', '42883');
    expect(e.message).toBe('function abs(integer, integer) does not exist');
    expect(await rows(root, 'SELECT abs(-7)')).toEqual([[7]]);
  });

  it('unknown function → 42883', async () => {
    await fails(root, 'SELECT nosuchfn(1)', '42883');
    expect(await rows(root, "SELECT upper('ok')")).toEqual([['OK']]);
  });

  it('unsupported column type → 0A000, and no table is created', async () => {
    await fails(root, 'CREATE TABLE g (x GEOMETRY)', '0A000');
    await fails(root, 'SELECT * FROM g', '42P01');
  });
});

describe('arithmetic errors', () => {
  it('integer division by zero → 22012', async () => {
    await fails(root, 'SELECT 1 / 0', '22012');
    expect(await rows(root, 'SELECT 7 / 2')).toEqual([[3]]);
  });

  it('bigint division by zero → 22012', async () => {
    await fails(root, 'SELECT 1::bigint / 0', '22012');
    expect(await rows(root, 'SELECT 9::bigint / 2')).toEqual([[4n]]);
  });

  it('double division by zero → 22012', async () => {
    await fails(root, 'SELECT 1.5::double precision / 0', '22012');
    await fails(root, 'SELECT 1.5 / 0.0', '22012');
    expect(await rows(root, 'SELECT 1.5::double precision / 2')).toEqual([[0.75]]);
  });

  it('modulo by zero → 22012 (int and bigint)', async () => {
    await fails(root, 'SELECT 5 % 0', '22012');
    await fails(root, 'SELECT 5::bigint % 0', '22012');
    expect(await rows(root, 'SELECT -7 % 2, 7 % -2')).toEqual([[-1, 1]]);
  });

  it('division by zero in a table scan changes nothing (UPDATE fails on its 2nd row)', async () => {
    await fails(root, 'UPDATE t1 SET v = v / (id - 2)', '22012');
    expect(await rows(root, 'SELECT id, v FROM t1 ORDER BY id')).toEqual([[1, 10], [2, 20]]);
  });

  it('integer overflow → 22003', async () => {
    const e = await fails(root, 'SELECT 2147483647 + 1', '22003');
    expect(e.message).toBe('integer out of range');
    await fails(root, 'SELECT -2147483648 / -1', '22003');
    expect(await rows(root, 'SELECT 2147483647::bigint + 1')).toEqual([[2147483648n]]);
  });

  it('bigint overflow → 22003', async () => {
    const e = await fails(root, 'SELECT 9223372036854775807 + 1', '22003');
    expect(e.message).toBe('bigint out of range');
    await fails(root, 'SELECT 9223372036854775807::bigint * 2', '22003');
    expect(await rows(root, 'SELECT 9223372036854775806 + 1')).toEqual([[9223372036854775807n]]);
  });

  it('smallint overflow on INSERT → 22003, table unchanged', async () => {
    const e = await fails(root, 'INSERT INTO ts VALUES (2), (40000)', '22003');
    expect(e.message).toBe('smallint out of range');
    expect(await rows(root, 'SELECT x FROM ts')).toEqual([[1]]);
  });

  it('double overflow → 22003', async () => {
    await fails(root, 'SELECT 1e308::float8 * 10', '22003');
    expect(await rows(root, 'SELECT 1e308::float8 * 1')).toEqual([[1e308]]);
    // a decimal literal is numeric, which does not overflow there (PostgreSQL)
    expect(await rows(root, 'SELECT 1e308 * 10')).toEqual([['1' + '0'.repeat(309)]]);
  });
});

describe('bad casts', () => {
  it("'abc'::int → 22P02", async () => {
    const e = await fails(root, "SELECT 'abc'::int", '22P02');
    expect(e.message).toBe('invalid input syntax for type integer: "abc"');
    expect(await rows(root, "SELECT ' 12 '::int")).toEqual([[12]]);
  });

  it("'2024-13-01'::date → 22008, 'notadate'::date → 22007", async () => {
    await fails(root, "SELECT '2024-13-01'::date", '22008');
    await fails(root, "SELECT '2024-02-30'::date", '22008');
    await fails(root, "SELECT 'notadate'::date", '22007');
    expect(await rows(root, "SELECT CAST('2024-02-29'::date AS TEXT)")).toEqual([['2024-02-29']]);
  });

  it('true::date → 42846', async () => {
    const e = await fails(root, 'SELECT true::date', '42846');
    expect(e.message).toBe('cannot cast type boolean to date');
    expect(await rows(root, 'SELECT true::int')).toEqual([[1]]);
  });

  it('out-of-range and malformed values of other types', async () => {
    await fails(root, 'SELECT 99999999999::int', '22003');
    await fails(root, "SELECT 'abc'::boolean", '22P02');
    await fails(root, "SELECT 'z'::uuid", '22P02');
    await fails(root, "SELECT '{\"a\":1'::json", '22P02');
    expect(await rows(root, "SELECT 'yes'::boolean, '{\"a\":1}'::json ->> 'a'")).toEqual([[true, '1']]);
  });

  it('VARCHAR(n) overflow on INSERT → 22001', async () => {
    await fails(root, "INSERT INTO vc VALUES ('abcd')", '22001');
    expect(await rows(root, "INSERT INTO vc VALUES ('abc') RETURNING s")).toEqual([['abc']]);
  });
});

describe('size and depth limits', () => {
  it('expressions nested 1,000 deep succeed with the right value', async () => {
    expect(await rows(root, `SELECT ${'('.repeat(1000)}1${')'.repeat(1000)}`)).toEqual([[1]]);
    expect(await rows(root, `SELECT ${Array(1000).fill('1').join('+')}`)).toEqual([[1000]]);
    expect(await rows(root, `SELECT ${'- '.repeat(999)}1`)).toEqual([[-1]]);
    expect(await rows(root, `SELECT ${'NOT '.repeat(1001)}true`)).toEqual([[false]]);
    expect(await rows(root, `SELECT ${'CASE WHEN true THEN '.repeat(300)}7${' END'.repeat(300)}`)).toEqual([[7]]);
  });

  it('nesting 100,000 deep → 54001, not a crash', async () => {
    await fails(root, `SELECT ${'('.repeat(100_000)}1${')'.repeat(100_000)}`, '54001');
    // a left-deep operator chain is not nesting: it binds iteratively and answers (F19)
    expect(await rows(root, `SELECT ${Array(100_000).fill('1').join('+')}`)).toEqual([[100_000]]);
    await fails(root, `SELECT ${'NOT '.repeat(100_000)}true`, '54001');
    await fails(root, `SELECT ${'(SELECT '.repeat(100_000)}1${')'.repeat(100_000)}`, '54001');
    expect(await rows(root, 'SELECT 40 + 2')).toEqual([[42]]);
  });

  it('a 1 MB statement (a long IN list) succeeds', async () => {
    const list = Array.from({ length: 150_000 }, (_, i) => String(i * 2)).join(',');
    const sql = `SELECT 299998 IN (${list}), 7 IN (${list}), 10 IN (${list})`;
    expect(sql.length).toBeGreaterThan(1_000_000);
    expect(await rows(root, sql)).toEqual([[true, false, true]]);
    expect(await rows(root, 'SELECT 1')).toEqual([[1]]);
  }, 30_000);

  it('a 1 MB string literal succeeds and round-trips through a table', async () => {
    const big = 'x'.repeat(1 << 20);
    expect(await rows(root, `SELECT length('${big}')`)).toEqual([[1 << 20]]);
    await root.query(`INSERT INTO t2 VALUES (99, '${big}')`);
    expect(await rows(root, 'SELECT length(name), substr(name, 1048570) FROM t2 WHERE id = 99')).toEqual([[1 << 20, 'xxxxxxx']]);
    await root.query('DELETE FROM t2 WHERE id = 99');
    expect(await rows(root, 'SELECT count(*) FROM t2')).toEqual([[1n]]);
  });

  it('runaway WITH RECURSIVE → 54001', async () => {
    await fails(root, 'WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT count(*) FROM r', '54001');
    expect(await rows(root, 'WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 3) SELECT sum(n) FROM r')).toEqual([[6n]]);
  });
});

describe('invalid text', () => {
  it('a NUL byte in the SQL → 22021', async () => {
    await fails(root, 'SELECT 1\u0000', '22021');
    await fails(root, "SELECT 'a\u0000b'", '22021');
    expect(await rows(root, "SELECT 'a' || 'b'")).toEqual([['ab']]);
  });

  it('a lone surrogate (invalid UTF-16) in the SQL → 22021', async () => {
    await fails(root, "SELECT '\ud800'", '22021');
    await fails(root, "SELECT 'ab\udc00cd'", '22021');
    await fails(root, 'SELECT 1 AS "\ud800"', '22021');
    // a valid surrogate pair is fine
    expect(await rows(root, "SELECT '\ud83d\ude00', length('\ud83d\ude00')")).toEqual([['\u{1F600}', 1]]);
  });

  it('LIKE pattern ending in the escape character → 22025', async () => {
    await fails(root, "SELECT 'x' LIKE 'a\\'", '22025');
    expect(await rows(root, "SELECT 'a%' LIKE 'a\\%'")).toEqual([[true]]);
  });
});

describe('DDL conflicts', () => {
  it('duplicate table → 42P07', async () => {
    const e = await fails(root, 'CREATE TABLE t1 (x INT)', '42P07');
    expect(e.message).toBe('relation "t1" already exists');
    expect(await rows(root, 'SELECT * FROM t1 ORDER BY id')).toEqual([[1, 'a', 10], [2, 'b', 20]]);
  });

  it('duplicate column in CREATE TABLE → 42701', async () => {
    const e = await fails(root, 'CREATE TABLE t3 (x INT, x TEXT)', '42701');
    expect(e.message).toBe('column "x" specified more than once');
    await fails(root, 'SELECT * FROM t3', '42P01');
  });

  it('duplicate column in ALTER TABLE ADD → 42701, no new version', async () => {
    await fails(root, 'ALTER TABLE t1 ADD COLUMN name TEXT', '42701');
    expect(await rows(root, "SELECT schema_version FROM system.tables WHERE table_name = 't1'")).toEqual([[1]]);
  });

  it('reserved names (leading underscore) → 42939', async () => {
    await fails(root, 'CREATE TABLE _x (id INT)', '42939');
    await fails(root, 'CREATE TABLE a2 (_id INT)', '42939');
    await fails(root, 'SELECT * FROM a2', '42P01');
  });
});

describe('constraint violations leave the table unchanged', () => {
  it('NOT NULL violation → 23502', async () => {
    const e = await fails(root, "INSERT INTO nn VALUES (2, 'two'), (3, NULL)", '23502');
    expect(e.message).toBe('null value in column "v" of relation "nn" violates not-null constraint');
    expect(await rows(root, 'SELECT id, v FROM nn ORDER BY id')).toEqual([[1, 'one']]);
  });

  it('NOT NULL violation by UPDATE → 23502', async () => {
    await fails(root, 'UPDATE nn SET v = NULL', '23502');
    expect(await rows(root, 'SELECT id, v FROM nn ORDER BY id')).toEqual([[1, 'one']]);
  });

  it('primary key violation in row 3 of a multi-row INSERT → 23505, nothing inserted', async () => {
    const e = await fails(root, "INSERT INTO t1 VALUES (3, 'c', 30), (4, 'd', 40), (1, 'dup', 0)", '23505');
    expect(e.message).toBe('duplicate key value violates unique constraint "t1_pkey"');
    expect(await rows(root, 'SELECT id, name, v FROM t1 ORDER BY id')).toEqual([[1, 'a', 10], [2, 'b', 20]]);
  });

  it('primary key duplicated inside one INSERT → 23505', async () => {
    await fails(root, "INSERT INTO t1 VALUES (7, 'c', 30), (7, 'd', 40)", '23505');
    expect(await rows(root, 'SELECT count(*) FROM t1 WHERE id = 7')).toEqual([[0n]]);
  });

  it('UNIQUE index violation → 23505, nothing inserted', async () => {
    const e = await fails(root, "INSERT INTO u VALUES (2, 'b'), (3, 'c'), (4, 'a')", '23505');
    expect(e.message).toBe('duplicate key value violates unique constraint "ue"');
    expect(await rows(root, 'SELECT id, e FROM u ORDER BY id')).toEqual([[1, 'a']]);
  });

  it('UPDATE that collides on the primary key → 23505, no row changed', async () => {
    await fails(root, 'UPDATE t1 SET id = 5', '23505');
    expect(await rows(root, 'SELECT id, v FROM t1 ORDER BY id')).toEqual([[1, 10], [2, 20]]);
  });
});

describe('query-shape errors', () => {
  it('scalar subquery returning 2 rows → 21000', async () => {
    const e = await fails(root, 'SELECT (SELECT id FROM t1)', '21000');
    expect(e.message).toBe('more than one row returned by a subquery used as an expression');
    expect(await rows(root, 'SELECT (SELECT id FROM t1 WHERE id = 2)')).toEqual([[2]]);
  });

  it('GROUP BY violation → 42803', async () => {
    const e = await fails(root, 'SELECT name, count(*) FROM t1', '42803');
    expect(e.message).toBe('column "t1.name" must appear in the GROUP BY clause or be used in an aggregate function');
    expect(await rows(root, 'SELECT name, count(*) FROM t1 GROUP BY name ORDER BY name')).toEqual([['a', 1n], ['b', 1n]]);
  });

  it('aggregate in WHERE → 42803', async () => {
    const e = await fails(root, 'SELECT * FROM t1 WHERE count(*) > 1', '42803');
    expect(e.message).toBe('aggregate functions are not allowed in WHERE');
    expect(await rows(root, 'SELECT count(*) FROM t1 HAVING count(*) > 1')).toEqual([[2n]]);
  });

  it('nested aggregates → 42803', async () => {
    const e = await fails(root, 'SELECT sum(count(*)) FROM t1', '42803');
    expect(e.message).toBe('aggregate function calls cannot be nested');
    expect(await rows(root, 'SELECT sum(c) FROM (SELECT count(*) AS c FROM t1 GROUP BY name) AS q')).toEqual([['2']]); // sum(bigint) is numeric
  });

  it('window function in WHERE → 42P20', async () => {
    await fails(root, 'SELECT * FROM t1 WHERE row_number() OVER () = 1', '42P20');
    expect(await rows(root, 'SELECT id FROM (SELECT id, row_number() OVER (ORDER BY id DESC) AS rn FROM t1) AS q WHERE rn = 1')).toEqual([[2]]);
  });

  it('LIMIT -1 → 2201W, OFFSET -1 → 2201X', async () => {
    const e = await fails(root, 'SELECT * FROM t1 LIMIT -1', '2201W');
    expect(e.message).toBe('LIMIT must not be negative');
    await fails(root, 'SELECT * FROM t1 OFFSET -1', '2201X');
    expect(await rows(root, 'SELECT id FROM t1 ORDER BY id LIMIT 1 OFFSET 1')).toEqual([[2]]);
  });

  it('UNION of different column counts → 42601', async () => {
    await fails(root, 'SELECT 1 UNION SELECT 1, 2', '42601');
    expect(await rows(root, 'SELECT 1 UNION SELECT 1')).toEqual([[1]]);
  });

  it('ORDER BY an ordinal outside the select list → 42P10', async () => {
    await fails(root, 'SELECT id FROM t1 ORDER BY 2', '42P10');
    expect(await rows(root, 'SELECT id FROM t1 ORDER BY 1 DESC')).toEqual([[2], [1]]);
  });
});

describe('parameters', () => {
  it('$2 with one parameter → 42P02', async () => {
    const e = await fails(root, 'SELECT $1::int + $2::int', '42P02', undefined, [1]);
    expect(e.message).toBe('there is no parameter $2');
    expect(await rows(root, 'SELECT $1::int + $2::int', [1, 2])).toEqual([[3]]);
  });

  it('more parameters than the statement uses → 08P01 (PostgreSQL bind message check)', async () => {
    await fails(root, 'SELECT $1::int', '08P01', undefined, [1, 2]);
    expect(await rows(root, 'SELECT $1::int', [5])).toEqual([[5]]);
  });
});

describe('namespaces', () => {
  it('CREATE NAMESPACE of a reserved name → 42939', async () => {
    for (const name of ['system', 'sys', 'root', 'inkdb', 'information_schema', 'pg_catalog']) {
      await fails(root, `CREATE NAMESPACE ${name}`, '42939');
    }
    expect(await rows(root, 'SELECT namespace_id FROM system.namespaces ORDER BY 1')).toEqual([['default'], ['ns1']]);
  });

  it('DROP NAMESPACE of a non-empty namespace without CASCADE → 2BP01, nothing dropped', async () => {
    await fails(root, 'DROP NAMESPACE ns1', '2BP01');
    expect(await rows(root, 'SELECT x FROM ns1.a')).toEqual([[5]]);
  });

  it('duplicate namespace → 42P06', async () => {
    const e = await fails(root, 'CREATE NAMESPACE ns1', '42P06');
    expect(e.message).toBe('namespace "ns1" already exists');
    expect(await rows(root, "SELECT table_count FROM system.namespaces WHERE namespace_id = 'ns1'")).toEqual([[1]]);
  });
});

describe('table options', () => {
  it('STREAM table without TTL_SECONDS → 42P16', async () => {
    await fails(root, 'CREATE STREAM TABLE st2 (x INT)', '42P16');
    await fails(root, 'SELECT * FROM st2', '42P01');
  });

  it('TTL_SECONDS on a SHARED table → 42P16', async () => {
    await fails(root, 'CREATE TABLE ttl_shared (x INT) WITH (TTL_SECONDS = 5)', '42P16');
    await fails(root, 'SELECT * FROM ttl_shared', '42P01');
  });

  it('ACCESS_LEVEL on a USER table → 42P16', async () => {
    await fails(root, "CREATE USER TABLE ut (x INT) WITH (ACCESS_LEVEL = 'public')", '42P16');
    await fails(root, 'SELECT * FROM ut', '42P01');
  });

  it('unknown table option → 22023 (PostgreSQL: unrecognized parameter)', async () => {
    await fails(root, 'CREATE TABLE uo (x INT) WITH (FOO = 1)', '22023');
    await fails(root, 'SELECT * FROM uo', '42P01');
  });

  it('UPDATE of a stream table → 0A000, row unchanged', async () => {
    await fails(root, 'UPDATE st SET x = 2', '0A000');
    expect(await rows(root, 'SELECT x FROM st')).toEqual([[1]]);
  });
});

describe('transactions', () => {
  it('COMMIT without a transaction → 25P01 (InkDB errors where PostgreSQL warns)', async () => {
    const e = await fails(root, 'COMMIT', '25P01');
    expect(e.message).toBe('there is no transaction in progress');
    await fails(root, 'ROLLBACK', '25P01');
    expect(await rows(root, 'SELECT 1')).toEqual([[1]]);
  });

  it('BEGIN inside a transaction → 25001', async () => {
    await root.query('BEGIN');
    await fails(root, 'BEGIN', '25001');
    await root.query("INSERT INTO t2 VALUES (50, 'in-tx')");
    await root.query('ROLLBACK');
    expect(await rows(root, 'SELECT count(*) FROM t2 WHERE id = 50')).toEqual([[0n]]);
  });

  it('a statement inside a failed transaction → 25P02; ROLLBACK then works', async () => {
    await root.query('BEGIN');
    await root.query("INSERT INTO t2 VALUES (10, 'tx')");
    await fails(root, 'SELECT 1 / 0', '22012');
    const e = await fails(root, 'SELECT 1', '25P02');
    expect(e.message).toBe('current transaction is aborted, commands ignored until end of transaction block');
    await fails(root, "INSERT INTO t2 VALUES (11, 'tx')", '25P02');
    await root.query('ROLLBACK');
    expect(await rows(root, 'SELECT id FROM t2 ORDER BY id')).toEqual([[1]]);
  });
});

describe('access rules', () => {
  it('writes to system tables → 42501', async () => {
    await fails(root, "INSERT INTO system.users (user_id) VALUES ('x')", '42501');
    await fails(root, 'DELETE FROM system.tables', '42501');
    await fails(root, "UPDATE system.users SET email = 'x'", '42501');
    await fails(root, 'DROP TABLE system.users', '42501');
    expect(await rows(root, "SELECT count(*) FROM system.tables WHERE namespace_id = 'default'")).toEqual([[7n]]);
    expect(await rows(root, "SELECT role FROM system.users WHERE user_id = 'plain'")).toEqual([['user']]);
  });

  it('wrong password and unknown user → 28P01', async () => {
    await expect(db.login('plain', 'wrong')).rejects.toMatchObject({ code: '28P01' });
    await expect(db.login('nobody', 'x')).rejects.toMatchObject({ code: '28P01' });
    const e = await db.login('plain', 'wrong').catch((x: unknown) => x);
    expect(e).toBeInstanceOf(DbError);
    const ok = await db.login('plain', 'pw');
    expect(await rows(ok, 'SELECT current_user()')).toEqual([['plain']]);
    await ok.logout();
  });

  it("reading system.users as a 'user'-role session → 42501", async () => {
    const s = await db.login('plain', 'pw');
    const e = await fails(s, 'SELECT * FROM system.users', '42501');
    expect(e.message).toBe('permission denied for table system.users');
    await fails(s, 'SELECT count(*) FROM t1 JOIN system.tables ON true', '42501');
    expect(await rows(s, 'SELECT 6 * 7')).toEqual([[42]]);
    await s.logout();
  });

  it("a 'user'-role session may not read a private shared table, drop tables or create namespaces → 42501", async () => {
    const s = await db.login('plain', 'pw');
    await fails(s, 'SELECT * FROM t1', '42501');
    await fails(s, 'DROP TABLE t1', '42501');
    await fails(s, 'CREATE NAMESPACE mine', '42501');
    await fails(s, 'CREATE SHARED TABLE sh (x INT)', '42501');
    await s.query('CREATE USER TABLE mine (x INT)');
    await s.query('INSERT INTO mine VALUES (3)');
    expect(await rows(s, 'SELECT x FROM mine')).toEqual([[3]]);
    expect(await rows(root, 'SELECT count(*) FROM t1')).toEqual([[2n]]);
    await s.logout();
  });
});
