/**
 * `stmt.run` rows as the Worker protocol carries them: packed by column on the page
 * (`packRows`: numbers as Float64Arrays, repeated strings as a dictionary, anything else as
 * values) and handed to the engine by column (`ParamColumns`), which reads them without an array
 * per row. Every value must survive, mixed columns included, and errors keep their row index.
 */
import { describe, expect, it } from 'vitest';
import { packRows } from '../../src/api/row-packing.ts';
import { unpackRows } from '../../src/api/worker-wire.ts';
import type { ParamColumns } from '../../src/api/engine-api.ts';
import { createEngine } from '../../src/engine/index.ts';
import type { DbError } from '../../src/errors/db-error.ts';

/** The rows `unpackRows(packRows(rows))` stands for. */
function roundTrip(rows: unknown[][]): unknown[][] {
  const packed = packRows(rows, 1, []);
  expect(packed).not.toBeNull();
  const cols = unpackRows(packed!) as ParamColumns;
  return Array.from({ length: cols.length }, (_, i) => cols.columns.map((c) => c[i]));
}

describe('packRows / unpackRows', () => {
  it('keeps every value of numeric, dictionary, mixed and distinct-text columns', () => {
    const n = 3000;
    const rows = Array.from({ length: n }, (_, i) => [
      i * 1.5,                                    // numbers
      `k${i % 7}`,                                // few strings: a dictionary
      i === 2500 ? 'late text' : i,               // numbers until row 2500
      i % 11 === 0 ? null : i,                    // numbers with nulls
      `distinct-${i}`,                            // many strings: values
      i % 3 === 0 ? '' : i % 3 === 1 ? 'x' : 'xx', // empty strings in a dictionary
    ]);
    expect(roundTrip(rows)).toEqual(rows);
  });

  it('packs numeric columns as transferred Float64Arrays and repeated text as codes', () => {
    const transfer: unknown[] = [];
    const p = packRows(Array.from({ length: 100 }, (_, i) => [i, i % 2 === 0 ? 'a' : 'b']), 1, transfer)!;
    expect(p.columns[0]).toBeInstanceOf(Float64Array);
    expect((p.columns[1] as { readonly dict: readonly string[] }).dict).toEqual(['a', 'b']);
    expect(transfer).toHaveLength(2);
  });

  it('does not pack ragged or too few rows', () => {
    expect(packRows([[1, 2], [3]], 1, [])).toBeNull();
    expect(packRows([[1]], 2, [])).toBeNull();
  });
});

describe('executeMany with rows by column', () => {
  async function setup() {
    const engine = createEngine();
    const sid = await engine.login('root', '');
    await engine.execute(sid, 'CREATE TABLE t (id INT PRIMARY KEY, name TEXT, v DOUBLE)');
    return { engine, sid };
  }

  it('inserts every row; a query statement returns every run\'s rows', async () => {
    const { engine, sid } = await setup();
    const ins = await engine.prepare(sid, 'INSERT INTO t VALUES ($1, $2, $3)');
    const n = 2000;
    const cols: ParamColumns = {
      length: n,
      columns: [Float64Array.from({ length: n }, (_, i) => i + 1), Array.from({ length: n }, (_, i) => (i % 5 === 0 ? null : `n${i}`)), Float64Array.from({ length: n }, (_, i) => i / 8)],
    };
    expect((await engine.executeMany(sid, ins, cols)).rowCount).toBe(n);
    const r = await engine.execute(sid, 'SELECT count(*), count(name), sum(v) FROM t');
    expect(r.vectors.map((v) => Number((v.data as ArrayLike<number | bigint>)[0]))).toEqual([n, n - n / 5, (n * (n - 1)) / 2 / 8]);
    const q = await engine.prepare(sid, 'SELECT id, name FROM t WHERE id = $1');
    const got = await engine.executeMany(sid, q, { length: 3, columns: [[3, 1, 2]] });
    expect(got.length).toBe(3);
    expect(Array.from(got.vectors[0]!.data as ArrayLike<number>).slice(0, 3)).toEqual([3, 1, 2]);
    expect((got.vectors[1]!.data as string[]).slice(0, 3)).toEqual(['n2', '', 'n1']);
  });

  it('names the failing row and rolls the call back; malformed columns are 22023', async () => {
    const { engine, sid } = await setup();
    const ins = await engine.prepare(sid, 'INSERT INTO t VALUES ($1, $2, $3)');
    const bad = await engine.executeMany(sid, ins, { length: 4, columns: [[1, 2, 3, 4], ['a', 'b', 'c', 'd'], [0, 0, 'nope', 0]] }).then(() => null, (e: unknown) => e as DbError);
    expect(bad?.code).toBe('22P02');
    expect(bad?.batchIndex).toBe(2);
    const none = await engine.execute(sid, 'SELECT count(*) FROM t');
    expect(Number((none.vectors[0]!.data as ArrayLike<bigint>)[0])).toBe(0);
    for (const malformed of [{ length: 3, columns: [[1, 2]] }, { length: -1, columns: [] }, { length: 1, columns: 'x' }, null]) {
      const e = await engine.executeMany(sid, ins, malformed as unknown as ParamColumns).then(() => null, (x: unknown) => x as DbError);
      expect(e?.code).toBe('22023');
    }
    // the engine goes on
    expect((await engine.executeMany(sid, ins, [[9, 'z', 1]])).rowCount).toBe(1);
  });
});
