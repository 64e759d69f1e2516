import { describe, expect, it } from 'vitest';
import { createEngine } from '../../engine/index.ts';
import { selectInt32Columns, selectNumberConst, selectTextConst } from './select-kernels.ts';
import { CHUNK } from './group-kernels.ts';

describe('column-vs-column selection of 32-bit integers', () => {
  const x = Int32Array.from([1, 5, -3, 7, 7, 2147483647, -2147483648]);
  const y = Int32Array.from([2, 5, -4, 7, 8, -2147483648, 2147483647]);
  const ref = (op: (a: number, b: number) => boolean, sel: number[] | null) =>
    (sel ?? Array.from(x, (_, i) => i)).filter((i) => op(x[i]!, y[i]!));
  const ops = { '=': (a: number, b: number) => a === b, '<>': (a: number, b: number) => a !== b, '<': (a: number, b: number) => a < b,
    '<=': (a: number, b: number) => a <= b, '>': (a: number, b: number) => a > b, '>=': (a: number, b: number) => a >= b } as const;
  for (const [op, f] of Object.entries(ops) as [keyof typeof ops, (a: number, b: number) => boolean][]) {
    it(`${op}: every row and through a selection`, () => {
      expect(Array.from(selectInt32Columns(op, x, y, x.length, null)!)).toEqual(ref(f, null));
      const sel = [0, 2, 3, 5, 6];
      expect(Array.from(selectInt32Columns(op, x, y, x.length, Int32Array.from(sel))!)).toEqual(ref(f, sel));
    });
  }
  it('other arrays are left to the general comparison', () => {
    expect(selectInt32Columns('=', new Float64Array(2), new Float64Array(2), 2, null)).toBeNull();
    expect(selectInt32Columns('=', x, new Float64Array(7), 7, null)).toBeNull();
  });

  it('WHERE a < b over dates and integers, with and without NULLs', async () => {
    const e = createEngine();
    const s = await e.login('root', '');
    await e.execute(s, `CREATE TABLE t (id INT, a INT, b INT, d1 DATE, d2 DATE);
      INSERT INTO t VALUES (1, 1, 2, '2020-01-02', '2020-01-01'), (2, 3, 3, '2020-01-01', '2020-01-01'), (3, 5, 4, '2019-12-31', '2020-01-01')`);
    const ids = async (w: string) => {
      const r = await e.execute(s, `SELECT id FROM t WHERE ${w} ORDER BY id`);
      return Array.from(r.vectors[0]!.data as Int32Array).slice(0, r.length);
    };
    expect(await ids('a < b')).toEqual([1]);
    expect(await ids('a >= b')).toEqual([2, 3]);
    expect(await ids('d1 > d2')).toEqual([1]);
    expect(await ids('d1 <> d2 AND a <> b')).toEqual([1, 3]);
    await e.execute(s, 'INSERT INTO t VALUES (4, NULL, 1, NULL, \'2020-01-01\'), (5, 0, 1, \'2020-01-01\', \'2019-01-01\')');
    expect(await ids('a < b')).toEqual([1, 5]);
    expect(await ids('NOT (a < b)')).toEqual([2, 3]);
    expect(await ids('d1 > d2')).toEqual([1, 5]);
  });
});

describe('text IN lists as row filters', () => {
  it('IN / NOT IN over text with NULLs in the column and in the list, short and long lists', async () => {
    const e = createEngine();
    const s = await e.login('root', '');
    await e.execute(s, `CREATE TABLE m (id INT, mode TEXT);
      INSERT INTO m VALUES (1, 'MAIL'), (2, 'SHIP'), (3, NULL), (4, 'AIR'), (5, 'mail'), (6, ''), (7, 'SHIP')`);
    const ids = async (w: string) => {
      const r = await e.execute(s, `SELECT id FROM m WHERE ${w} ORDER BY id`);
      return Array.from(r.vectors[0]!.data as Int32Array).slice(0, r.length);
    };
    expect(await ids("mode IN ('MAIL', 'SHIP')")).toEqual([1, 2, 7]);
    expect(await ids("mode NOT IN ('MAIL', 'SHIP')")).toEqual([4, 5, 6]);
    expect(await ids("mode IN ('MAIL', NULL)")).toEqual([1]);
    expect(await ids("mode NOT IN ('MAIL', NULL)")).toEqual([]);
    expect(await ids("mode IN ('')")).toEqual([6]);
    const long = Array.from({ length: 20 }, (_, i) => `'x${i}'`).join(', ');
    expect(await ids(`mode IN (${long}, 'AIR')`)).toEqual([4]);
    expect(await ids(`mode NOT IN (${long}, 'AIR')`)).toEqual([1, 2, 5, 6, 7]);
    expect(await ids("id > 1 AND mode IN ('SHIP', 'AIR') AND id < 7")).toEqual([2, 4]);
    // the value of the predicate (not a filter) keeps three-valued logic
    const r = await e.execute(s, "SELECT id, mode NOT IN ('MAIL', NULL) FROM m ORDER BY id");
    expect(Array.from({ length: r.length }, (_, i) => (r.vectors[1]!.nulls?.[i] === 1 ? null : (r.vectors[1]!.data as Uint8Array)[i] === 1)))
      .toEqual([false, null, null, null, null, null, null]);
  });
});

describe('column-vs-constant selection over several chunks, every row and through a selection', () => {
  // more rows than two chunks, a selection of every third row out of order within none
  const n = 2 * CHUNK + 1234;
  let seed = 7;
  const rnd = (): number => (seed = (seed * 1103515245 + 12345) >>> 0) / 4294967296;
  const f64 = Float64Array.from({ length: n }, () => Math.floor(rnd() * 8) / 2);
  const i32 = Int32Array.from(f64, (v) => Math.floor(v * 2) - 4);
  const text = Array.from(i32, (v) => 'k' + String(v));
  const sel = Int32Array.from({ length: Math.floor(n / 3) }, (_, j) => j * 3);
  const every = Int32Array.from({ length: n }, (_, i) => i);
  const ops = { '=': (a: number, b: number) => a === b, '<>': (a: number, b: number) => a !== b, '<': (a: number, b: number) => a < b,
    '<=': (a: number, b: number) => a <= b, '>': (a: number, b: number) => a > b, '>=': (a: number, b: number) => a >= b } as const;
  const ref = (s: Int32Array, keep: (i: number) => boolean): number[] => Array.from(s).filter(keep);
  for (const [op, f] of Object.entries(ops) as [keyof typeof ops, (a: number, b: number) => boolean][]) {
    it(`${op} on doubles and integers`, () => {
      for (const s of [null, sel]) {
        const base = s ?? every;
        expect(Array.from(selectNumberConst(op, f64, 1.5, n, s)!)).toEqual(ref(base, (i) => f(f64[i]!, 1.5)));
        expect(Array.from(selectNumberConst(op, i32, -1, n, s)!)).toEqual(ref(base, (i) => f(i32[i]!, -1)));
      }
    });
  }
  for (const op of ['=', '<>'] as const) {
    it(`${op} on text`, () => {
      for (const s of [null, sel]) {
        const base = s ?? every;
        const got = Array.from(selectTextConst(op, text, 'k' + String(-1), n, s));
        expect(got).toEqual(ref(base, (i) => (text[i] === 'k-1') === (op === '=')));
        expect(got.length).toBeGreaterThan(0);
      }
    });
  }
});
