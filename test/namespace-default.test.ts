import { describe, expect, it } from 'vitest';
import { openDatabase } from '../src/index.ts';

describe('the default namespace by name', () => {
  it('accepts default.t, USE default and SHOW TABLES IN default although DEFAULT is a keyword', async () => {
    const db = await openDatabase({ worker: false, storage: 'memory' });
    const s = await db.login('root', '');
    expect((await s.query('CREATE TABLE default.t (a INT)')).message).toBe('Table default.t created');
    await s.query('INSERT INTO default.t VALUES (7)');
    await s.query('CREATE NAMESPACE app; USE app');
    expect((await s.query('SELECT a FROM default.t')).rows).toEqual([{ a: 7 }]);
    await expect(s.query('SELECT a FROM t')).rejects.toMatchObject({ code: '42P01' });
    await s.query('USE default');
    expect((await s.query('SELECT a FROM t')).rows).toEqual([{ a: 7 }]);
    expect((await s.query('SHOW TABLES IN default')).rows).toEqual([{ namespace_id: 'default', table_name: 't', table_type: 'shared' }]);
    // DEFAULT keeps its meaning elsewhere
    await s.query('CREATE TABLE d (x INT DEFAULT 5, y INT)');
    await s.query('INSERT INTO d (y) VALUES (DEFAULT)');
    expect((await s.query('SELECT x, y FROM d')).rows).toEqual([{ x: 5, y: null }]);
    await db.close();
  });
});
