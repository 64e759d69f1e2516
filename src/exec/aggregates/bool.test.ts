import { describe, expect, it } from 'vitest';
import { createEngine } from '../../engine/index.ts';
import { BOOL_AND, BOOL_OR } from './bool.ts';
import { frameAggregate, groupAggregate } from './test-support.ts';

describe('BOOL_AND / EVERY and BOOL_OR', () => {
  it('bind: boolean arguments (or NULL), cast to boolean', () => {
    expect(BOOL_AND.resolve('every', ['boolean'])).toEqual({ args: ['boolean'], defaults: [], result: 'boolean' });
    expect(BOOL_OR.resolve('bool_or', ['null'])).toEqual({ args: ['boolean'], defaults: [], result: 'boolean' });
    expect(BOOL_AND.resolve('bool_and', ['integer'])).toBeNull();
    expect(BOOL_OR.resolve('bool_or', [])).toBeNull();
    expect(BOOL_AND.names).toEqual(['bool_and', 'every']);
    expect([BOOL_AND.combine, BOOL_OR.combine]).toEqual([null, null]);
  });

  it('per group, NULLs skipped; NULL without values', () => {
    const gids = [0, 0, 1, 1, 2];
    const x = ['boolean', [true, false, true, null, null]] as const;
    expect(groupAggregate('bool_and', [x], 5, { gids })).toEqual({ type: 'boolean', values: [false, true, null] });
    expect(groupAggregate('every', [x], 5, { gids }).values).toEqual([false, true, null]);
    expect(groupAggregate('bool_or', [x], 5, { gids }).values).toEqual([true, true, null]);
    expect(groupAggregate('bool_and', [x], 5, { gids, filter: [true, false, true, true, true] }).values).toEqual([true, true, null]);
    expect(groupAggregate('bool_or', [x], 5, { gids, distinct: true }).values).toEqual([true, true, null]);
    expect(groupAggregate('bool_and', [['null', [null, null]]], 2).values).toEqual([null]);
  });

  it('over window frames, with FILTER', () => {
    const x = ['boolean', [true, null, false]] as const;
    expect(frameAggregate('bool_and', [x], 3, [[0, 3], [0, 2], [1, 2]])).toEqual([false, true, null]);
    expect(frameAggregate('bool_or', [x], 3, [[0, 3], [1, 3]])).toEqual([true, false]);
    expect(frameAggregate('bool_and', [x], 3, [[0, 3]], { filter: [true, true, false] })).toEqual([true]);
  });

  it('through SQL', async () => {
    const e = createEngine();
    const s = await e.login('root', '');
    await e.execute(s, 'CREATE TABLE t (g INT, v BOOLEAN); INSERT INTO t VALUES (1, true), (1, false), (2, true), (3, NULL)');
    const r = await e.execute(s, 'SELECT g, bool_and(v), bool_or(v), every(v) FROM t GROUP BY g ORDER BY g');
    const col = (c: number) => Array.from({ length: r.length }, (_, i) => (r.vectors[c]!.nulls?.[i] ? null : (r.vectors[c]!.data as Uint8Array)[i]));
    expect([col(1), col(2), col(3)]).toEqual([[0, 1, null], [1, 1, null], [0, 1, null]]);
    await expect(e.execute(s, 'SELECT every(g) FROM t')).rejects.toMatchObject({ code: '42883', message: 'function every(integer) does not exist' });
  });
});
