import { describe, expect, it } from 'vitest';
import { createEngine } from '../../engine/index.ts';
import { MAX, MIN } from './min-max.ts';
import { frameAggregate, groupAggregate } from './test-support.ts';

describe('MIN and MAX', () => {
  it('bind: the argument type (text for an untyped NULL); json has no order', () => {
    expect(MIN.resolve('min', ['date'])).toEqual({ args: ['date'], defaults: [], result: 'date' });
    expect(MAX.resolve('max', ['null'])).toEqual({ args: ['null'], defaults: [], result: 'text' });
    expect(MIN.resolve('min', ['json'])).toBeNull();
    expect(MAX.resolve('max', ['integer', 'integer'])).toBeNull();
    expect([MIN.combine, MAX.combine]).toEqual(['min', 'max']);
  });

  it('per group over integers, bigints and booleans, NULLs skipped; NULL without values', () => {
    const gids = [0, 0, 0, 1, 2];
    const x = ['integer', [3, null, -2, 7, null]] as const;
    expect(groupAggregate('min', [x], 5, { gids })).toEqual({ type: 'integer', values: [-2, 7, null] });
    expect(groupAggregate('max', [x], 5, { gids }).values).toEqual([3, 7, null]);
    expect(groupAggregate('max', [['bigint', [5n, 2n ** 62n, null]]], 3).values).toEqual([2n ** 62n]);
    expect(groupAggregate('min', [['boolean', [true, false, null]]], 3).values).toEqual([false]);
    expect(groupAggregate('max', [['null', [null]]], 1)).toEqual({ type: 'text', values: [null] });
  });

  it('per group over text, doubles (NaN sorts last) and bytes, with FILTER and DISTINCT', () => {
    const t = ['text', ['pear', 'apple', null, 'zoo']] as const;
    expect(groupAggregate('min', [t], 4).values).toEqual(['apple']);
    expect(groupAggregate('max', [t], 4).values).toEqual(['zoo']);
    expect(groupAggregate('max', [t], 4, { filter: [true, true, true, false] }).values).toEqual(['pear']);
    expect(groupAggregate('min', [t], 4, { distinct: true }).values).toEqual(['apple']);
    const d = ['double', [1.5, Number.NaN, -0.5]] as const;
    expect(groupAggregate('max', [d], 3).values).toEqual([Number.NaN]);
    expect(groupAggregate('min', [d], 3).values).toEqual([-0.5]);
    const b = ['bytes', [Uint8Array.of(2), Uint8Array.of(1, 9)]] as const;
    expect(groupAggregate('min', [b], 2).values).toEqual([Uint8Array.of(1, 9)]);
  });

  it('over window frames, with FILTER', () => {
    const x = ['text', ['b', null, 'a', 'c']] as const;
    expect(frameAggregate('min', [x], 4, [[0, 4], [0, 2], [1, 2]])).toEqual(['a', 'b', null]);
    expect(frameAggregate('max', [x], 4, [[0, 4], [0, 3]], { filter: [true, true, true, false] })).toEqual(['b', 'b']);
    expect(frameAggregate('max', [['integer', [1, 5, 5]]], 3, [[0, 3]], { distinct: true })).toEqual([5]);
  });

  it('through SQL', async () => {
    const e = createEngine();
    const s = await e.login('root', '');
    await e.execute(s, "CREATE TABLE t (g INT, v TEXT); INSERT INTO t VALUES (1, 'b'), (1, 'a'), (2, NULL)");
    const r = await e.execute(s, 'SELECT g, min(v), max(v) FROM t GROUP BY g ORDER BY g');
    expect(r.vectors.slice(1).map((v) => [v.nulls?.[0] ? null : (v.data as string[])[0], v.nulls?.[1] ? null : (v.data as string[])[1]])).toEqual([['a', null], ['b', null]]);
    await expect(e.execute(s, "SELECT min(CAST('{}' AS JSON)) FROM t")).rejects.toMatchObject({ code: '42883', message: 'function min(json) does not exist' });
  });
});
