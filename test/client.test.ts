/**
 * The client API over an in-process connection (Database, Session, Result, table handles),
 * with a fake engine until the real one is wired in.
 */
import { Table, makeVector, tableToIPC } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { InProcessConnection } from '../src/client/connection.ts';
import { Database } from '../src/client/database.ts';
import { Result } from '../src/client/result.ts';
import { DbError } from '../src/index.ts';
import { vectorsToArrowTable } from '../src/types/arrow.ts';
import { vectorFromValues } from '../src/types/vector.ts';
import { createFakeEngine } from './helpers/fake-engine.ts';

function open(): { db: Database; engine: ReturnType<typeof createFakeEngine> } {
  const engine = createFakeEngine();
  return { db: new Database('test', new InProcessConnection(engine), null), engine };
}

describe('client (in-process)', () => {
  it('logs in, runs statements and returns rows, arrays, columns and an Arrow table', async () => {
    const { db } = open();
    expect(db.inWorker).toBe(false);
    const root = await db.login('root', '');
    expect(root.user).toBe('root');
    const created = await root.query('CREATE TABLE t (a INT, b TEXT, n BIGINT)');
    expect(created.message).toBe('Table default.t created');
    expect(created.rows).toEqual([]);
    await root.query("INSERT INTO t VALUES (2, 'y', 20), (1, 'x', 10)");
    const r = await root.query('SELECT * FROM t ORDER BY a');
    expect(r.rowCount).toBe(2);
    expect(r.columns.map((c) => c.type)).toEqual(['integer', 'text', 'bigint']);
    expect(r.rows).toEqual([{ a: 1, b: 'x', n: 10n }, { a: 2, b: 'y', n: 20n }]);
    expect(r.rows).toBe(r.rows); // materialised once
    expect(r.rowArrays()).toEqual([[1, 'x', 10n], [2, 'y', 20n]]);
    expect(r.table.numRows).toBe(2);
    expect(r.table.getChild('n')!.get(1)).toBe(20n);
    await db.close();
  });

  it('rejects with DbError codes and keeps working afterwards', async () => {
    const { db } = open();
    await expect(db.login('root', 'bad')).rejects.toMatchObject({ code: '28P01' });
    const s = await db.login('root', '');
    const e = await s.query('SELECT * FROM nope').catch((x: unknown) => x);
    expect(e).toBeInstanceOf(DbError);
    expect((e as DbError).code).toBe('42P01');
    expect((await s.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
  });

  it('prepares, runs and closes statements', async () => {
    const { db, engine } = open();
    const s = await db.login('root', '');
    await s.query('CREATE TABLE t (a INT, b TEXT)');
    await s.query("INSERT INTO t VALUES (1, 'x'), (2, 'y')");
    const stmt = await s.prepare('SELECT * FROM t WHERE a = $1');
    expect((await stmt.query([2])).rows).toEqual([{ a: 2, b: 'y' }]);
    expect((await stmt.query([1])).rows).toEqual([{ a: 1, b: 'x' }]);
    await stmt.close();
    expect(engine.calls.filter((c) => c.startsWith('prepare'))).toHaveLength(1);
    await expect(stmt.query([1])).rejects.toMatchObject({ code: '55000' });
  });

  it('table handles insert objects and Arrow tables and select', async () => {
    const { db } = open();
    const s = await db.login('root', '');
    await s.query('CREATE TABLE t (a INT, b TEXT)');
    const t = s.table('T');
    expect(s.table('t')).toBe(t);
    expect((await t.insert([{ a: 1, b: 'x' }])).rowCount).toBe(1);
    const arrow = new Table({ a: makeVector(Int32Array.of(2, 3)) });
    expect((await t.insert(arrow)).rowCount).toBe(2);
    expect(t.toSql({ where: { a: 2 } })).toEqual({ sql: 'SELECT * FROM "t" WHERE "a" = $1', params: [2] });
    expect((await t.select({ orderBy: { column: 'a', direction: 'desc' }, limit: 2 })).rows)
      .toEqual([{ a: 3, b: null }, { a: 2, b: null }]);
  });

  it('DROP invalidates cached providers; logout and close end sessions', async () => {
    const { db, engine } = open();
    const s = await db.session({ user: 'bob' });
    await s.query('CREATE TABLE t (a INT)');
    const h = s.table('t');
    const p = h.provider;
    await s.query('DROP TABLE t');
    expect(p.valid).toBe(false);
    await s.logout();
    expect(engine.calls.some((c) => c.startsWith('closeSession'))).toBe(true);
    await expect(s.query('SELECT 1')).rejects.toMatchObject({ code: '55000' });
    const s2 = await db.login('root', '');
    await db.close();
    expect(db.closed).toBe(true);
    await expect(s2.query('SELECT 1')).rejects.toMatchObject({ code: '55000' });
    await expect(db.login('root', '')).rejects.toMatchObject({ code: '08006' });
  });

  it('a worker result and an in-process result read the same', () => {
    const columns = [{ name: 'ok', type: 'boolean' as const }, { name: 'd', type: 'date' as const }, { name: 'ts', type: 'timestamp' as const }];
    const vectors = [
      vectorFromValues('boolean', [true, null]), vectorFromValues('date', [19723, null]),
      vectorFromValues('timestamp', [1700000000123.5, null]),
    ];
    const local = Result.fromExec({ columns, vectors, length: 2, rowCount: 2, message: 'SELECT 2', command: 'select' });
    const ipc = tableToIPC(vectorsToArrowTable(columns, vectors, 2), 'stream');
    const remote = Result.fromWire({ columns, ipc, rowCount: 2, message: 'SELECT 2', command: 'select' });
    expect(remote.rows).toEqual(local.rows);
    expect(remote.rowArrays()).toEqual([[true, 19723, 1700000000123.5], [null, null, null]]);
    expect(remote.length).toBe(2);
  });
});
