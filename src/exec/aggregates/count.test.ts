import { describe, expect, it } from 'vitest';
import { createEngine } from '../../engine/index.ts';
import { COUNT, COUNT_STAR } from './count.ts';
import { frameAggregate, groupAggregate, resolveAggregate } from './test-support.ts';

describe('COUNT(*) and COUNT(x)', () => {
  it('bind: bigint for any argument type, one argument (none for COUNT(*))', () => {
    expect(COUNT.resolve('count', ['text'])).toEqual({ args: ['text'], defaults: [], result: 'bigint' });
    expect(COUNT.resolve('count', ['null'])?.result).toBe('bigint');
    expect(COUNT.resolve('count', [])).toBeNull();
    expect(COUNT.resolve('count', ['integer', 'integer'])).toBeNull();
    expect(COUNT_STAR.resolve('count', [])?.result).toBe('bigint');
    expect(COUNT.combine).toBe('sum');
    expect(COUNT_STAR.combine).toBe('sum');
    expect(() => resolveAggregate('count', [])).toThrow(expect.objectContaining({ code: '42883' }));
  });

  it('COUNT(*) counts rows per group, reusing the grouping pass counts, and 0 for an empty group', () => {
    const gids = [0, 1, 0, 0, 2];
    expect(groupAggregate('count(*)', [], 5, { gids })).toEqual({ type: 'bigint', values: [3n, 1n, 1n] });
    expect(groupAggregate('count(*)', [], 5, { gids, groupSizes: true }).values).toEqual([3n, 1n, 1n]);
    // FILTER: group 2's only row is filtered out → 0, never NULL
    expect(groupAggregate('count(*)', [], 5, { gids, filter: [true, true, false, true, false] }).values).toEqual([2n, 1n, 0n]);
  });

  it('COUNT(x) counts non-NULL values; DISTINCT counts each value once per group', () => {
    const gids = [0, 0, 0, 1, 1, 1];
    const x = ['integer', [1, null, 1, null, null, 7]] as const;
    expect(groupAggregate('count', [x], 6, { gids }).values).toEqual([2n, 1n]);
    expect(groupAggregate('count', [x], 6, { gids, distinct: true }).values).toEqual([1n, 1n]);
    expect(groupAggregate('count', [x], 6, { gids, filter: [false, true, true, true, true, false] }).values).toEqual([1n, 0n]);
    expect(groupAggregate('count', [['null', [null, null]]], 2).values).toEqual([0n]);
    expect(groupAggregate('count', [['text', ['a', 'b', 'a', null]]], 4, { distinct: true }).values).toEqual([2n]);
  });

  it('over window frames: rows (COUNT(*)) or non-NULL values, with FILTER and DISTINCT', () => {
    const frames = [[0, 4], [1, 3], [2, 2]] as const;
    expect(frameAggregate('count(*)', [], 4, frames)).toEqual([4n, 2n, 0n]);
    expect(frameAggregate('count(*)', [], 4, frames, { filter: [true, false, true, true] })).toEqual([3n, 1n, 0n]);
    const x = ['text', ['a', null, 'a', 'b']] as const;
    expect(frameAggregate('count', [x], 4, frames)).toEqual([3n, 1n, 0n]);
    expect(frameAggregate('count', [x], 4, frames, { distinct: true })).toEqual([2n, 1n, 0n]);
    expect(frameAggregate('count', [x], 4, frames, { filter: [false, true, true, true] })).toEqual([2n, 1n, 0n]);
    // window order: the frame is a range of positions in `order`
    expect(frameAggregate('count', [x], 4, [[0, 2]], { order: [3, 1, 0, 2] })).toEqual([1n]);
  });

  it('through SQL', async () => {
    const e = createEngine();
    const s = await e.login('root', '');
    await e.execute(s, 'CREATE TABLE t (g INT, v INT); INSERT INTO t VALUES (1, 1), (1, NULL), (1, 1), (2, NULL)');
    const r = await e.execute(s, 'SELECT g, count(*), count(v), count(DISTINCT v), count(*) FILTER (WHERE v IS NULL) FROM t GROUP BY g ORDER BY g');
    expect(r.vectors.map((v) => Array.from(v.data as BigInt64Array | Int32Array, String))).toEqual([['1', '2'], ['3', '1'], ['2', '0'], ['1', '0'], ['1', '1']]);
    await expect(e.execute(s, 'SELECT count(v, v) FROM t')).rejects.toMatchObject({ code: '42883', message: 'function count(integer, integer) does not exist' });
  });
});

describe('DISTINCT rows per (group, value)', () => {
  it('matches a naive (group, value) set over types, NULLs, a filter and many groups', async () => {
    const { distinctRows } = await import('./aggregate.ts');
    const { vectorFromValues } = await import('../../types/vector.ts');
    let seed = 3;
    const rnd = (k: number) => { seed = (Math.imul(seed, 1103515245) + 12345) >>> 0; return Math.floor((seed / 2 ** 32) * k); };
    const n = 5000;
    const gids = Int32Array.from({ length: n }, () => rnd(300));
    const cases: [Parameters<typeof vectorFromValues>[0], (i: number) => unknown][] = [
      ['integer', () => (rnd(10) === 0 ? null : rnd(40))],
      ['text', () => (rnd(10) === 0 ? null : `s${rnd(12)}`)],
      ['numeric', () => (rnd(10) === 0 ? null : ['1.5', '1.50', '2', '-0.25'][rnd(4)])],
      ['double', () => (rnd(10) === 0 ? null : [0, -0, 0.5, Number.NaN][rnd(4)])],
    ];
    for (const [type, gen] of cases) {
      const vals = Array.from({ length: n }, (_, i) => gen(i));
      const v = vectorFromValues(type, vals as never);
      const norm = (x: unknown) => (x === null ? 'NULL' : type === 'numeric' ? String(Number(x)) : type === 'double' ? String(x === 0 ? 0 : x) : String(x));
      for (const rows of [null, Int32Array.from({ length: n / 2 }, (_, k) => k * 2 + (k % 3 === 0 ? 1 : 0))]) {
        const seen = new Set<string>();
        const want: number[] = [];
        for (let k = 0; k < (rows === null ? n : rows.length); k++) {
          const i = rows === null ? k : rows[k]!;
          const key = `${gids[i]}|${norm(vals[i])}`;
          if (!seen.has(key)) { seen.add(key); want.push(i); }
        }
        expect(Array.from(distinctRows(v, gids, rows, n)), type).toEqual(want);
      }
    }
  });
});
