/**
 * Scripts statement by statement (`session.queryScript`, `EngineApi.executeScript`): every
 * statement's result with its span and engine time, the first failure reported with a position
 * counted in the whole script, authorization of the whole script first, the same outcome over
 * the worker channel (real engine behind a MessageChannel); and literal errors of the shaped
 * statement path keep their position.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WorkerConnection } from '../src/client/worker-connection.ts';
import { createEngine } from '../src/engine/index.ts';
import { statementSpans } from '../src/engine/script.ts';
import { parse } from '../src/sql/parser.ts';
import { exposeEngine } from '../src/worker/endpoint.ts';
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

describe('statementSpans', () => {
  it('spans each statement from its first token to its last, without the ; and comments around it', () => {
    const sql = 'SELECT 1;\n  SELECT 2 ; -- two\n/* c */ SELECT \';\' AS s;';
    expect(statementSpans(sql, parse(sql)).map((x) => sql.slice(x.start, x.end))).toEqual(['SELECT 1', 'SELECT 2', "SELECT ';' AS s"]);
  });

  it('keeps a statement without a final ; to the end of its last token', () => {
    const sql = 'CREATE TABLE t (a INT, b TEXT);;\nINSERT INTO t VALUES (1, \'x\')  \n';
    expect(statementSpans(sql, parse(sql)).map((x) => [x.start, sql.slice(x.start, x.end)])).toEqual([
      [0, 'CREATE TABLE t (a INT, b TEXT)'],
      [33, "INSERT INTO t VALUES (1, 'x')"],
    ]);
  });
});

describe('session.queryScript', () => {
  it('returns every statement: text, span, message, row count, rows and engine time', async () => {
    const sql = "CREATE TABLE t (a INT, b TEXT);\nINSERT INTO t VALUES (1, 'x'), (2, 'y');\nSELECT * FROM t ORDER BY a;\nSELECT count(*) AS n FROM t";
    const out = await root.queryScript(sql);
    expect(out.error).toBeNull();
    expect(out.failed).toBeNull();
    expect(out.statements.map((x) => x.sql)).toEqual([
      'CREATE TABLE t (a INT, b TEXT)', "INSERT INTO t VALUES (1, 'x'), (2, 'y')", 'SELECT * FROM t ORDER BY a', 'SELECT count(*) AS n FROM t',
    ]);
    expect(out.statements.map((x) => x.result.message)).toEqual(['Table default.t created', 'Inserted 2 row(s)', 'SELECT 2', 'SELECT 1']);
    expect(out.statements.map((x) => x.result.rowCount)).toEqual([0, 2, 2, 1]);
    expect(out.statements[2]!.result.rows).toEqual([{ a: 1, b: 'x' }, { a: 2, b: 'y' }]);
    expect(out.statements[3]!.result.rows).toEqual([{ n: 2n }]);
    for (const st of out.statements) {
      expect(sql.slice(st.start, st.end)).toBe(st.sql);
      expect(st.elapsedMs).toBeGreaterThanOrEqual(0);
      expect(st.elapsedMs).toBeLessThan(5_000);
    }
  });

  it('stops at the first failing statement; earlier ones took effect; the position counts in the whole script', async () => {
    const sql = 'CREATE TABLE t (a INT);\nINSERT INTO t VALUES (1);\nSELECT nope FROM t;\nINSERT INTO t VALUES (2)';
    const out = await root.queryScript(sql);
    expect(out.statements.map((x) => x.result.message)).toEqual(['Table default.t created', 'Inserted 1 row(s)']);
    expect(out.error).toBeInstanceOf(DbError);
    expect(out.error!.code).toBe('42703');
    expect(out.error!.position).toBe(sql.indexOf('nope') + 1);
    expect(out.failed).toEqual({ sql: 'SELECT nope FROM t', start: sql.indexOf('SELECT nope'), end: sql.indexOf('SELECT nope') + 18 });
    // the statement after the failure did not run
    expect((await root.query('SELECT a FROM t ORDER BY a')).rows).toEqual([{ a: 1 }]);
  });

  it('a syntax error in a later statement stops the script before anything runs, positioned in the whole script', async () => {
    const sql = 'CREATE TABLE t (a INT);\nSELECT 1 +;\nSELECT 2';
    const out = await root.queryScript(sql);
    expect(out.statements).toEqual([]);
    expect(out.failed).toBeNull();
    expect(out.error!.code).toBe('42601');
    expect(out.error!.position).toBe(sql.indexOf(';\nSELECT 2') + 1);
    expect(out.error!.line).toBe(2);
    expect(out.error!.column).toBe(11);
    expect((await root.queryScript('SELECT count(*) AS n FROM system.tables')).statements[0]!.result.rows).toEqual([{ n: 0n }]);
  });

  it('runtime errors of literals in a later statement point at the literal in the whole script', async () => {
    const sql = "CREATE TABLE t (a INT);\nSELECT 1;\nINSERT INTO t VALUES ('zz')";
    const out = await root.queryScript(sql);
    expect(out.statements.length).toBe(2);
    expect(out.error!.code).toBe('22P02');
    expect(out.error!.position).toBe(sql.indexOf("'zz'") + 1);
  });

  it('authorizes the whole script first: a denied statement anywhere runs nothing', async () => {
    await root.query("CREATE USER 'alice' WITH PASSWORD 'pw' ROLE user");
    const alice = await db.session({ user: 'alice' });
    const out = await alice.queryScript('CREATE USER TABLE notes (a INT);\nCREATE NAMESPACE x');
    expect(out.statements).toEqual([]);
    expect(out.error!.code).toBe('42501');
    expect(out.failed).toBeNull();
    expect((await root.query("SELECT count(*) AS n FROM system.tables WHERE table_name = 'notes'")).rows).toEqual([{ n: 0n }]);
  });

  it('an empty script has no statements and no error; a transaction spans statements', async () => {
    expect(await root.queryScript('  ;; -- nothing\n')).toEqual({ statements: [], error: null, failed: null });
    await root.query('CREATE TABLE t (a INT PRIMARY KEY)');
    const out = await root.queryScript('BEGIN; INSERT INTO t VALUES (1); INSERT INTO t VALUES (1); COMMIT');
    expect(out.error!.code).toBe('23505');
    expect(out.statements.map((x) => x.result.command)).toEqual(['begin', 'insert']);
    expect((await root.queryScript('ROLLBACK; SELECT count(*) AS n FROM t')).statements[1]!.result.rows).toEqual([{ n: 0n }]);
  });

  it('rejects (does not resolve) when the session is logged out', async () => {
    const s = await db.login('root', '');
    await s.logout();
    await expect(s.queryScript('SELECT 1')).rejects.toMatchObject({ code: '55000' });
  });
});

describe('executeScript over the worker channel', () => {
  const ports: MessagePort[] = [];
  afterEach(() => { for (const p of ports.splice(0)) p.close(); });

  it('carries every result and the error with its fields', async () => {
    const { port1, port2 } = new MessageChannel();
    ports.push(port1, port2);
    const engine = createEngine({ storage: 'memory' });
    exposeEngine(engine, port1);
    const c = await WorkerConnection.connect(port2, { engine: { storage: 'memory' } });
    const sid = await c.login('root', '');
    const sql = "SELECT x FROM generate_series(1, 3) AS g(x);\nSELECT 'a' AS s, 2::bigint AS n;\nSELECT * FROM nothing_here";
    const out = await c.executeScript(sid, sql);
    expect(out.statements.map((x) => x.result.rows)).toEqual([[{ x: 1 }, { x: 2 }, { x: 3 }], [{ s: 'a', n: 2n }]]);
    expect(out.statements[0]!.result.table.numRows).toBe(3);
    expect(out.error).toBeInstanceOf(DbError);
    expect(out.error!.code).toBe('42P01');
    expect(out.error!.message).toBe('relation "nothing_here" does not exist');
    expect(out.error!.position).toBe(sql.indexOf('nothing_here') + 1);
    expect(out.failed!.sql).toBe('SELECT * FROM nothing_here');
    await c.close();
  });
});

describe('the shaped statement path keeps literal error positions', () => {
  it('reports where the literal is, as the unshaped path does', async () => {
    await root.query('CREATE TABLE t (a INT, b TEXT)');
    await root.query("INSERT INTO t VALUES (1, 'x')");
    for (const sql of ["SELECT * FROM t WHERE a = 'x'", "SELECT b FROM t WHERE  a = 'y' AND b = 'x'"]) {
      const e = await root.query(sql).then(() => null, (x: unknown) => x as DbError);
      expect(e?.code).toBe('22P02');
      expect(e?.position).toBe(sql.indexOf("'") + 1);
    }
    // and the same shape with a good literal still runs
    expect((await root.query('SELECT b FROM t WHERE a = 1')).rows).toEqual([{ b: 'x' }]);
  });
});
