/**
 * `table(name).insert(rowObjects)`: text values are checked once per distinct recent value (a
 * small cache by last character), so these check that every value still lands as given and
 * that a bad value anywhere fails the whole insert.
 */
import { describe, expect, it } from 'vitest';
import { DbError, type Session } from '../../src/index.ts';
import { sessionsClosedAfterEach } from '../helpers/open-session.ts';

const openWith = sessionsClosedAfterEach();
const open = (): Promise<Session> => openWith('CREATE TABLE ev (id INTEGER PRIMARY KEY, kind TEXT)');

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

  it('keeps values exact across inserts into an empty and a filled column, past the intern limit', async () => {
    const s = await open();
    // the first insert is adopted by the empty column (values interned while built); the later
    // ones are copied into it; 5,000 distinct values pass the column's intern limit (4,096)
    const batches = [
      Array.from({ length: 3000 }, (_, i) => ({ id: i, kind: 'v' + String(i % 50) })),
      Array.from({ length: 3000 }, (_, i) => ({ id: 3000 + i, kind: 'w' + String(i) })),
      Array.from({ length: 3000 }, (_, i) => ({ id: 6000 + i, kind: i % 2 === 0 ? 'v' + String(i % 50) : 'w' + String(i + 2500) })),
    ];
    for (const b of batches) await s.table('ev').insert(b);
    const all = batches.flat();
    const got = (await s.query('SELECT id, kind FROM ev ORDER BY id')).rowArrays();
    expect(got).toEqual(all.map((r) => [r.id, r.kind]));
    const v7 = all.filter((r) => r.kind === 'v7').length;
    expect((await s.query("SELECT count(*) AS n FROM ev WHERE kind = 'v7'")).rows[0]).toEqual({ n: BigInt(v7) });
    const w2601 = all.filter((r) => r.kind === 'w2601').length;
    expect(w2601).toBe(2);
    expect((await s.query('SELECT count(*) AS n FROM ev WHERE kind = $1', ['w2601'])).rows[0]).toEqual({ n: 2n });
    const groups = (await s.query('SELECT count(DISTINCT kind) AS d FROM ev')).rows[0];
    expect(groups).toEqual({ d: BigInt(new Set(all.map((r) => r.kind)).size) });
  });

  it('leaves no partition behind when every row of a first insert is refused', async () => {
    const s = await open();
    const bad = [{ id: 1, kind: 'ok' }, { id: 2, kind: 'no\u0000' }];
    const e = await s.table('ev').insert(bad).then(() => null, (x: unknown) => x as DbError);
    expect(e?.code).toBe('22021');
    const stats = async (): Promise<unknown[][]> => (await s.query("SELECT rows FROM system.stats WHERE table_name = 'ev'")).rowArrays();
    expect(await stats()).toEqual([]);
    await s.table('ev').insert([{ id: 1, kind: 'ok' }]);
    expect(await stats()).toEqual([[1n]]);
    // a later refused insert keeps the partition and its row
    expect((await s.table('ev').insert(bad).then(() => null, (x: unknown) => x as DbError))?.code).toBe('22021');
    expect(await stats()).toEqual([[1n]]);
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

describe('bulk insert of row objects, errors', () => {
  async function err(s: Session, rows: unknown[]): Promise<[string, string, string | undefined]> {
    const e = await s.table('ev').insert(rows as Record<string, unknown>[]).then(() => null, (x: unknown) => x as DbError);
    expect(e).toBeInstanceOf(DbError);
    return [e!.code, e!.message, e!.detail];
  }

  it('reports a bad row or key before a bad value, and the first row\'s own unknown key last', async () => {
    // (all rows' keys are checked before any value is read)
    const s = await open();
    // a value that cannot be an integer in row 2, an unknown key in row 3: the key wins
    expect(await err(s, [{ id: 1, kind: 'a' }, { id: 'x', kind: 'b' }, { id: 3, kind: 'c', extra: 1 }]))
      .toEqual(['42703', 'column "extra" of relation "ev" does not exist', 'Row 3 has it.']);
    // a row that is not an object after a bad value
    expect((await err(s, [{ id: 'x', kind: 'a' }, null]))[0]).toBe('22023');
    // the first row's unknown key is reported after the other rows were checked
    expect(await err(s, [{ id: 1, nope: 1 }, 7])).toEqual(['22023', 'row 2 is not an object', undefined]);
    expect(await err(s, [{ id: 1, nope: 1 }, { id: 'x' }])).toEqual(['42703', 'column "nope" of relation "ev" does not exist', undefined]);
    // with good rows and keys, the bad value is reported
    expect((await err(s, [{ id: 1, kind: 'a' }, { id: 'x', kind: 'b' }]))[0]).toBe('22P02');
    expect((await s.query('SELECT count(*) AS n FROM ev')).rows).toEqual([{ n: 0n }]);
  });

  it('takes rows whose keys come in another order, or are missing (defaults)', async () => {
    const s = await open();
    await s.table('ev').insert([{ id: 1, kind: 'a' }, { kind: 'b', id: 2 }, { id: 3 }]);
    expect((await s.query('SELECT id, kind FROM ev ORDER BY id')).rowArrays()).toEqual([[1, 'a'], [2, 'b'], [3, null]]);
  });
});

describe('bulk insert of row objects, every column type', () => {
  it('reads more columns than have load sites of their own, of every type, with NULLs and defaults', async () => {
    const s = await open();
    await s.query(`CREATE TABLE wide (
      id INTEGER PRIMARY KEY, s SMALLINT, r REAL, d DOUBLE, b BIGINT, f BOOLEAN, n NUMERIC(6, 2),
      t TEXT DEFAULT 'dflt', day DATE, at TIMESTAMP, j JSON, v VARCHAR(4), last INTEGER DEFAULT 42)`);
    const rows = [
      { id: 1, s: -32768, r: 0.1, d: 0.1, b: 9007199254740993n, f: true, n: 1.005, t: 'x', day: 19000, at: 1700000000000, j: '{"a":1}', v: 'abcd', last: 7 },
      { id: 2, s: null, r: null, d: null, b: null, f: null, n: null, t: null, day: null, at: null, j: null, v: null, last: null },
      { id: 3 },
      { id: 4, s: '12', r: '1.5', d: 2, b: 5, f: 'true', n: '3.14159', t: 5, day: '2024-01-02', at: 0, j: [1, 2], v: 'ab  ', last: 1.0 },
    ];
    await s.table('wide').insert(rows);
    const got = (await s.query('SELECT id, s, r, d, b, f, n, t, day, at, j, v, last FROM wide ORDER BY id')).rowArrays();
    expect(got).toEqual([
      [1, -32768, Math.fround(0.1), 0.1, 9007199254740993n, true, '1.01', 'x', 19000, 1700000000000, '{"a":1}', 'abcd', 7],
      [2, null, null, null, null, null, null, null, null, null, null, null, null],
      [3, null, null, null, null, null, null, 'dflt', null, null, null, null, 42],
      [4, 12, 1.5, 2, 5n, true, '3.14', '5', 19724, 0, '[1,2]', 'ab  ', 1],
    ]);
  });

  it('fails with the type\'s error for a value out of range, in any column', async () => {
    const s = await open();
    await s.query('CREATE TABLE w2 (a INTEGER, b SMALLINT, c INTEGER, d INTEGER, e INTEGER, f INTEGER, g INTEGER, h INTEGER, i SMALLINT)');
    const ok = { a: 1, b: 2, c: 3, d: 4, e: 5, f: 6, g: 7, h: 8, i: 9 };
    const bad = async (row: Record<string, unknown>): Promise<string> => {
      const e = await s.table('w2').insert([ok, row]).then(() => null, (x: unknown) => x as DbError);
      expect(e).toBeInstanceOf(DbError);
      return e!.code;
    };
    expect(await bad({ ...ok, b: 40000 })).toBe('22003');
    expect(await bad({ ...ok, i: 40000 })).toBe('22003');
    expect(await bad({ ...ok, a: 2 ** 31 })).toBe('22003');
    expect(await bad({ ...ok, h: 'nope' })).toBe('22P02');
    expect((await s.query('SELECT count(*) AS n FROM w2')).rows).toEqual([{ n: 0n }]);
  });
});
