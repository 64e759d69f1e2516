/**
 * `table(name).insert(rowObjects)`: text values are checked once per distinct recent value (a
 * small cache by last character), so these check that every value still lands as given and
 * that a bad value anywhere fails the whole insert.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DbError, openDatabase, type Database, type Session } from '../../src/index.ts';

const dbs: Database[] = [];
afterEach(async () => {
  for (const d of dbs.splice(0)) await d.close();
});

async function open(): Promise<Session> {
  const db = await openDatabase({ worker: false, storage: 'memory' });
  dbs.push(db);
  const s = await db.login('root', '');
  await s.query('CREATE TABLE ev (id INTEGER PRIMARY KEY, kind TEXT)');
  return s;
}

describe('bulk insert of row objects, text columns', () => {
  it('stores every value as given, whatever values share a cache slot', async () => {
    const s = await open();
    // 'a1', 'b1', 'zz1' share a slot (last character '1'); 'k' + i makes a new string object per row
    const kinds = ['a1', 'b1', 'a1', 'zz1', '', 'b1', 'x', ''];
    const rows = Array.from({ length: 2000 }, (_, i) => ({ id: i, kind: i % 3 === 0 ? 'k' + String(i % 7) : kinds[i % kinds.length]! }));
    await s.table('ev').insert(rows);
    const got = (await s.query('SELECT id, kind FROM ev ORDER BY id')).rowArrays();
    expect(got).toEqual(rows.map((r) => [r.id, r.kind]));
  });

  it('fails with 22021 on a NUL or a lone surrogate, also after the same text without it', async () => {
    const s = await open();
    const rows = Array.from({ length: 100 }, (_, i) => ({ id: i, kind: 'ok1' }));
    rows.push({ id: 100, kind: 'ok\u00001' });
    const e = await s.table('ev').insert(rows).then(() => null, (x: unknown) => x as DbError);
    expect(e).toBeInstanceOf(DbError);
    expect(e?.code).toBe('22021');
    rows[100] = { id: 100, kind: 'o\ud8001' };
    expect((await s.table('ev').insert(rows).then(() => null, (x: unknown) => x as DbError))?.code).toBe('22021');
    expect((await s.query('SELECT count(*) AS n FROM ev')).rows).toEqual([{ n: 0n }]);
  });
});
