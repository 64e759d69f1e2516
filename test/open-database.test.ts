/**
 * openDatabase() in Node: the engine runs in-process by default, errors are DbErrors, and
 * impossible option combinations fail with 0A000 before anything starts.
 */
import { describe, expect, it } from 'vitest';
import { DbError, SqlState, openDatabase } from '../src/index.ts';

describe('openDatabase in Node', () => {
  it('runs the real engine in-process by default', async () => {
    const db = await openDatabase({ name: 'node-default' });
    expect(db.inWorker).toBe(false);
    expect(db.worker).toBeNull();
    const root = await db.login('root', '');
    await root.query('CREATE TABLE t (a INT, b TEXT, n BIGINT)');
    await root.query("INSERT INTO t VALUES (2, 'y', 20), (1, 'x', 10)");
    const r = await root.query('SELECT * FROM t ORDER BY a');
    expect(r.rows).toEqual([{ a: 1, b: 'x', n: 10n }, { a: 2, b: 'y', n: 20n }]);
    expect(r.rowArrays()).toEqual([[1, 'x', 10n], [2, 'y', 20n]]);
    expect(r.table.numRows).toBe(2);
    const e = await root.query('SELECT * FROM no_such_table').catch((x: unknown) => x);
    expect(e).toBeInstanceOf(DbError);
    expect((e as DbError).code).toBe(SqlState.UNDEFINED_TABLE);
    await db.close();
    await expect(root.query('SELECT 1')).rejects.toMatchObject({ code: '55000' });
  });

  it('refuses a Worker where none exists, and an IDBFactory with a worker', async () => {
    await expect(openDatabase({ worker: true })).rejects.toMatchObject({ code: SqlState.FEATURE_NOT_SUPPORTED });
    const fakeFactory = { open() { throw new Error('unused'); } } as unknown as IDBFactory;
    await expect(openDatabase({ worker: true, storage: fakeFactory })).rejects.toMatchObject({ code: SqlState.FEATURE_NOT_SUPPORTED });
  });
});
