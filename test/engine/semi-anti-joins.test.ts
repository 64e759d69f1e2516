/**
 * EXISTS / NOT EXISTS decorrelated to hash semi / anti joins with a residual condition (an
 * equality key plus `<>`, `<`, …), compared row for row with a naive evaluation in JS: NULLs
 * in the keys and in the residual, duplicates on both sides, empty sides, integer keys over a
 * dense and a wide range, text keys, and long chains of one key.
 */
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../src/engine/index.ts';
import type { ExecResult } from '../../src/api/engine-api.ts';

type Row = { id: number; k: number | string | null; v: number | null };

function rowsOf(r: ExecResult): unknown[][] {
  const out: unknown[][] = [];
  for (let i = 0; i < r.length; i++) {
    out.push(r.vectors.map((v) => (v.nulls !== null && v.nulls[i] === 1 ? null : (v.data as ArrayLike<unknown>)[i])));
  }
  return out;
}

function lit(x: number | string | null): string {
  return x === null ? 'NULL' : typeof x === 'string' ? `'${x}'` : String(x);
}

async function setup(keyType: string, a: readonly Row[], b: readonly Row[]) {
  const engine = createEngine();
  const root = await engine.login('root', '');
  await engine.execute(root, `CREATE TABLE a (id INT, k ${keyType}, v INT); CREATE TABLE b (id INT, k ${keyType}, v INT)`);
  for (const [t, rows] of [['a', a], ['b', b]] as const) {
    if (rows.length > 0) await engine.execute(root, `INSERT INTO ${t} VALUES ${rows.map((r) => `(${r.id}, ${lit(r.k)}, ${lit(r.v)})`).join(', ')}`);
  }
  return { engine, root };
}

type Cmp = '<>' | '<' | '>=';
const CMP: Record<Cmp, (x: number, y: number) => boolean> = { '<>': (x, y) => x !== y, '<': (x, y) => x < y, '>=': (x, y) => x >= y };

function naive(a: readonly Row[], b: readonly Row[], op: Cmp, negated: boolean): number[] {
  return a.filter((ra) => {
    const found = b.some((rb) => ra.k !== null && rb.k !== null && ra.k === rb.k && ra.v !== null && rb.v !== null && CMP[op](rb.v, ra.v));
    return found !== negated;
  }).map((r) => r.id).sort((x, y) => x - y);
}

function randomRows(n: number, keys: number, seed: number, keyOf: (x: number) => number | string = (x) => x): Row[] {
  let s = seed;
  const rnd = () => { s = (Math.imul(s, 1103515245) + 12345) >>> 0; return s / 2 ** 32; };
  return Array.from({ length: n }, (_, id) => ({
    id,
    k: rnd() < 0.1 ? null : keyOf(Math.floor(rnd() * keys)),
    v: rnd() < 0.1 ? null : Math.floor(rnd() * 4),
  }));
}

async function check(keyType: string, a: Row[], b: Row[]) {
  const { engine, root } = await setup(keyType, a, b);
  for (const op of ['<>', '<', '>='] as const) {
    for (const negated of [false, true]) {
      const sql = `SELECT id FROM a WHERE ${negated ? 'NOT ' : ''}EXISTS (SELECT 1 FROM b WHERE b.k = a.k AND b.v ${op} a.v) ORDER BY id`;
      const plan = (rowsOf(await engine.execute(root, `EXPLAIN ${sql}`)).map((r) => r[0]) as string[]).join('\n');
      expect(plan).toContain(negated ? 'Hash Anti Join' : 'Hash Semi Join');
      expect(plan).toContain('Join Filter');
      const got = rowsOf(await engine.execute(root, sql)).map((r) => r[0]);
      expect(got, sql).toEqual(naive(a, b, op, negated));
    }
  }
}

describe('semi and anti joins with a residual condition', () => {
  it('integer keys over a dense range, NULLs and duplicates on both sides', async () => {
    await check('INT', randomRows(300, 40, 1), randomRows(500, 50, 2));
  });
  it('integer keys over a wide range (hashed)', async () => {
    await check('INT', randomRows(300, 40, 3, (x) => x * 50_000_000 - 1_000_000_000), randomRows(400, 40, 4, (x) => x * 50_000_000 - 1_000_000_000));
  });
  it('text keys', async () => {
    await check('TEXT', randomRows(200, 30, 5, (x) => `key${x}`), randomRows(300, 30, 6, (x) => `key${x}`));
  });
  it('empty build side: semi keeps nothing, anti keeps every row (NULL keys too)', async () => {
    const a = randomRows(50, 10, 7);
    await check('INT', a, []);
  });
  it('empty probe side', async () => {
    await check('INT', [], randomRows(50, 10, 8));
  });
  it('one key with a long chain: the only passing row is the last', async () => {
    const b: Row[] = Array.from({ length: 2000 }, (_, i) => ({ id: i, k: 1, v: i === 1999 ? 3 : 0 }));
    const a: Row[] = [{ id: 0, k: 1, v: 0 }, { id: 1, k: 1, v: 2 }, { id: 2, k: 1, v: null }, { id: 3, k: 2, v: 0 }, { id: 4, k: null, v: 0 }];
    await check('INT', a, b);
    const { engine, root } = await setup('INT', a, b);
    const r = await engine.execute(root, 'SELECT id FROM a WHERE EXISTS (SELECT 1 FROM b WHERE b.k = a.k AND b.v > a.v) ORDER BY id');
    expect(rowsOf(r).map((x) => x[0])).toEqual([0, 1]);
    const anti = await engine.execute(root, 'SELECT id FROM a WHERE NOT EXISTS (SELECT 1 FROM b WHERE b.k = a.k AND b.v > a.v) ORDER BY id');
    expect(rowsOf(anti).map((x) => x[0])).toEqual([2, 3, 4]);
  });
  it('the residual reads only some columns of wide inputs; output columns stay right', async () => {
    const engine = createEngine();
    const root = await engine.login('root', '');
    await engine.execute(root, `CREATE TABLE w1 (a TEXT, k INT, b DOUBLE PRECISION, s INT, c TEXT);
      CREATE TABLE w2 (x TEXT, k INT, s INT, y DOUBLE PRECISION);
      INSERT INTO w1 VALUES ('r1', 1, 1.5, 10, 'c1'), ('r2', 1, 2.5, 20, 'c2'), ('r3', 2, 3.5, 30, NULL), ('r4', NULL, 4.5, 40, 'c4');
      INSERT INTO w2 VALUES ('p', 1, 10, 0.5), ('q', 1, 10, 0.25), ('z', 2, 31, 1.0)`);
    const r = await engine.execute(root, 'SELECT a, b, c FROM w1 WHERE EXISTS (SELECT 1 FROM w2 WHERE w2.k = w1.k AND w2.s <> w1.s) ORDER BY a');
    expect(rowsOf(r)).toEqual([['r2', 2.5, 'c2'], ['r3', 3.5, null]]);
    const r2 = await engine.execute(root, 'SELECT a, s FROM w1 WHERE NOT EXISTS (SELECT 1 FROM w2 WHERE w2.k = w1.k AND w2.s <> w1.s AND w2.y < w1.b) ORDER BY a');
    expect(rowsOf(r2)).toEqual([['r1', 10], ['r4', 40]]);
  });
  it('NOT IN (subquery): a NULL in the subquery leaves no rows; without one it is an anti join on values', async () => {
    const engine = createEngine();
    const root = await engine.login('root', '');
    await engine.execute(root, `CREATE TABLE ps (k INT, s INT); CREATE TABLE sup (s INT, c TEXT);
      INSERT INTO ps VALUES (1, 10), (2, 20), (3, NULL), (4, 30), (5, 20);
      INSERT INTO sup VALUES (20, 'Customer Complaints'), (40, 'fine')`);
    const ids = async (sql: string) => rowsOf(await engine.execute(root, sql)).map((r) => r[0]);
    const q = "SELECT k FROM ps WHERE s NOT IN (SELECT s FROM sup WHERE c LIKE '%Customer%Complaints%') ORDER BY k";
    expect(await ids(q)).toEqual([1, 4]);
    await engine.execute(root, "INSERT INTO sup VALUES (NULL, 'Customer Complaints again')");
    expect(await ids(q)).toEqual([]);
    // count(DISTINCT) per group over what is left, with duplicates
    await engine.execute(root, 'DELETE FROM sup WHERE s IS NULL');
    const r = await engine.execute(root, `SELECT k % 2 AS g, count(DISTINCT s) FROM ps
      WHERE s NOT IN (SELECT s FROM sup WHERE s = 20) OR s IS NULL GROUP BY 1 ORDER BY 1`);
    expect(rowsOf(r)).toEqual([[0, 1n], [1, 1n]]);
  });
});
