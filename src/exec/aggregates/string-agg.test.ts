import { describe, expect, it } from 'vitest';
import { createEngine } from '../../engine/index.ts';
import { STRING_AGG } from './string-agg.ts';
import { frameAggregate, groupAggregate } from './test-support.ts';

describe('STRING_AGG and GROUP_CONCAT', () => {
  it('bind: two text arguments; GROUP_CONCAT\'s separator defaults to a comma', () => {
    expect(STRING_AGG.resolve('string_agg', ['integer', 'text'])).toEqual({ args: ['text', 'text'], defaults: [], result: 'text' });
    expect(STRING_AGG.resolve('string_agg', ['text'])).toBeNull();
    expect(STRING_AGG.resolve('group_concat', ['text'])).toEqual({ args: ['text', 'text'], defaults: [','], result: 'text' });
    expect(STRING_AGG.resolve('group_concat', ['text', 'text'])?.defaults).toEqual([]);
    expect(STRING_AGG.resolve('group_concat', [])).toBeNull();
    expect(STRING_AGG.resolve('group_concat', ['text', 'text', 'text'])).toBeNull();
    expect(STRING_AGG.combine).toBeNull();
  });

  it('per group, NULL values skipped, NULL separators as empty; NULL without values', () => {
    const gids = [0, 0, 0, 1, 2];
    const v = ['text', ['a', null, 'c', 'd', null]] as const;
    const sep = ['text', ['-', '-', null, '-', '-']] as const;
    expect(groupAggregate('string_agg', [v, sep], 5, { gids })).toEqual({ type: 'text', values: ['ac', 'd', null] });
    expect(groupAggregate('group_concat', [v], 5, { gids }).values).toEqual(['a,c', 'd', null]);
    expect(groupAggregate('string_agg', [['null', [null]], ['text', [',']]], 1).values).toEqual([null]);
  });

  it('ORDER BY, FILTER and DISTINCT', () => {
    const v = ['text', ['b', 'a', 'c', 'a']] as const;
    const sep = ['text', ['|', '|', '|', '|']] as const;
    const desc = (x: number, y: number) => (v[1][y]! < v[1][x]! ? -1 : v[1][y]! > v[1][x]! ? 1 : x - y);
    expect(groupAggregate('string_agg', [v, sep], 4).values).toEqual(['b|a|c|a']);
    expect(groupAggregate('string_agg', [v, sep], 4, { order: desc }).values).toEqual(['c|b|a|a']);
    expect(groupAggregate('string_agg', [v, sep], 4, { distinct: true }).values).toEqual(['b|a|c']);
    expect(groupAggregate('string_agg', [v, sep], 4, { filter: [false, true, true, false] }).values).toEqual(['a|c']);
  });

  it('over window frames, with FILTER and DISTINCT', () => {
    const v = ['text', ['x', null, 'y', 'x']] as const;
    const sep = ['text', [';', ';', '+', null]] as const;
    expect(frameAggregate('string_agg', [v, sep], 4, [[0, 4], [1, 2], [0, 3]])).toEqual(['x+yx', null, 'x+y']); // the last separator is NULL: ''
    expect(frameAggregate('group_concat', [v], 4, [[0, 4]], { distinct: true })).toEqual(['x,y']);
    expect(frameAggregate('group_concat', [v], 4, [[0, 4]], { filter: [false, true, true, true] })).toEqual(['y,x']);
  });

  it('through SQL', async () => {
    const e = createEngine();
    const s = await e.login('root', '');
    await e.execute(s, "CREATE TABLE t (g INT, v TEXT); INSERT INTO t VALUES (1, 'b'), (1, 'a'), (1, NULL), (2, NULL)");
    const r = await e.execute(s, "SELECT g, string_agg(v, '-' ORDER BY v), group_concat(v) FROM t GROUP BY g ORDER BY g");
    const col = (c: number) => Array.from({ length: r.length }, (_, i) => (r.vectors[c]!.nulls?.[i] ? null : (r.vectors[c]!.data as string[])[i]));
    expect([col(1), col(2)]).toEqual([['a-b', null], ['b,a', null]]);
    await expect(e.execute(s, 'SELECT string_agg(v) FROM t')).rejects.toMatchObject({ code: '42883', message: 'function string_agg(text) does not exist' });
  });
});
