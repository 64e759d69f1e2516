import { describe, expect, it } from 'vitest';
import { createEngine } from '../../engine/index.ts';
import { AVG, SUM, TOTAL } from './sum-avg.ts';
import { frameAggregate, groupAggregate } from './test-support.ts';
import { valueAt } from '../../types/vector.ts';

describe('SUM, AVG and TOTAL', () => {
  it('bind: numeric arguments only, typed as PostgreSQL types them', () => {
    expect(SUM.resolve('sum', ['integer'])).toEqual({ args: ['integer'], defaults: [], result: 'bigint' });
    expect(SUM.resolve('sum', ['smallint'])?.result).toBe('bigint');
    expect(SUM.resolve('sum', ['null'])?.result).toBe('bigint');
    expect(SUM.resolve('sum', ['bigint'])?.result).toBe('numeric');
    expect(SUM.resolve('sum', ['numeric'])?.result).toBe('numeric');
    expect(SUM.resolve('sum', ['real'])?.result).toBe('real');
    expect(SUM.resolve('sum', ['double'])?.result).toBe('double');
    expect(SUM.resolve('sum', ['text'])).toBeNull();
    expect(SUM.resolve('sum', ['integer', 'integer'])).toBeNull();
    expect(AVG.resolve('avg', ['bigint'])?.result).toBe('numeric');
    expect(AVG.resolve('avg', ['integer'])?.result).toBe('numeric');
    expect(AVG.resolve('avg', ['numeric'])?.result).toBe('numeric');
    expect(AVG.resolve('avg', ['real'])?.result).toBe('double');
    expect(AVG.resolve('avg', ['double'])?.result).toBe('double');
    expect(AVG.resolve('avg', ['boolean'])).toBeNull();
    expect(TOTAL.resolve('total', ['integer'])?.result).toBe('double');
    expect([SUM.combine, AVG.combine, TOTAL.combine]).toEqual(['sum', null, null]);
  });

  it('per group, skipping NULLs: SUM and AVG are NULL without values, TOTAL is 0', () => {
    const gids = [0, 0, 1, 1, 2];
    const x = ['integer', [1, 2, null, 5, null]] as const;
    expect(groupAggregate('sum', [x], 5, { gids })).toEqual({ type: 'bigint', values: [3n, 5n, null] });
    expect(groupAggregate('avg', [x], 5, { gids })).toEqual({ type: 'numeric', values: ['1.5000000000000000', '5.0000000000000000', null] });
    expect(groupAggregate('total', [x], 5, { gids })).toEqual({ type: 'double', values: [3, 5, 0] });
    const d = ['double', [0.5, 0.25, -1, null]] as const;
    expect(groupAggregate('sum', [d], 4).values).toEqual([-0.25]);
    expect(groupAggregate('sum', [['null', [null, null]]], 2).values).toEqual([null]);
    // numeric: exact sums keep the largest display scale; AVG divides with the division's scale rules
    const n = ['numeric', ['1.5', '2.25', null, '0.10']] as const;
    expect(groupAggregate('sum', [n], 4)).toEqual({ type: 'numeric', values: ['3.85'] });
    expect(groupAggregate('avg', [n], 4).values).toEqual(['1.28333333333333333333']);
    expect(groupAggregate('sum', [['numeric', ['NaN', '1']]], 2).values).toEqual(['NaN']);
    expect(groupAggregate('sum', [['numeric', ['Infinity', '-Infinity']]], 2).values).toEqual(['NaN']);
    expect(groupAggregate('avg', [['numeric', ['Infinity', '1']]], 2).values).toEqual(['Infinity']);
    const r = ['real', [0.1, 0.2]] as const;
    expect(groupAggregate('sum', [r], 2)).toEqual({ type: 'real', values: [Math.fround(Math.fround(0.1) + Math.fround(0.2))] });
  });

  it('FILTER and DISTINCT', () => {
    const x = ['integer', [2, 2, 3, null, 3]] as const;
    expect(groupAggregate('sum', [x], 5, { distinct: true }).values).toEqual([5n]);
    expect(groupAggregate('avg', [x], 5, { distinct: true }).values).toEqual(['2.5000000000000000']);
    expect(groupAggregate('sum', [x], 5, { filter: [true, false, false, true, true] }).values).toEqual([5n]);
    expect(groupAggregate('sum', [x], 5, { filter: [false, false, false, true, false] }).values).toEqual([null]);
  });

  it('exact integer sums: bigint arguments (numeric results, no overflow), float accumulators past 2^53', () => {
    const big = ['bigint', [2n ** 62n, 2n ** 62n - 1n, -5n, null]] as const;
    expect(groupAggregate('sum', [big], 4)).toEqual({ type: 'numeric', values: [String(2n ** 63n - 6n)] });
    expect(groupAggregate('avg', [['bigint', [1n, 2n]]], 2).values).toEqual(['1.5000000000000000']);
    // integers whose float sum passes 2^53 are re-summed exactly
    const ints = ['integer', Array.from({ length: 5000 }, (_, i) => (i % 2 === 0 ? 2147483647 : 2147483646))] as const;
    const want = 2500n * 2147483647n + 2500n * 2147483646n;
    expect(groupAggregate('sum', [ints], 5000).values).toEqual([want]);
    // SUM(bigint) is numeric: past int64 it just keeps counting (PostgreSQL)
    const over = ['bigint', [2n ** 62n, 2n ** 62n]] as const;
    expect(groupAggregate('sum', [over], 2).values).toEqual([String(2n ** 63n)]);
    // numeric partial sums past 2^53 leave the float accumulator for bigints
    const huge = ['numeric', ['9007199254740991', '9007199254740991', '-1']] as const;
    expect(groupAggregate('sum', [huge], 3).values).toEqual(['18014398509481981']);
  });

  it('over window frames, with FILTER and DISTINCT', () => {
    const x = ['integer', [1, null, 1, 4]] as const;
    const frames = [[0, 4], [1, 2], [2, 2]] as const;
    expect(frameAggregate('sum', [x], 4, frames)).toEqual([6n, null, null]);
    expect(frameAggregate('avg', [x], 4, frames)).toEqual(['2.0000000000000000', null, null]);
    expect(frameAggregate('total', [x], 4, frames)).toEqual([6, 0, 0]);
    expect(frameAggregate('sum', [x], 4, frames, { distinct: true })).toEqual([5n, null, null]);
    expect(frameAggregate('sum', [x], 4, frames, { filter: [false, true, true, true] })).toEqual([5n, null, null]);
    expect(frameAggregate('sum', [['double', [0.5, 1.5]]], 2, [[0, 2]])).toEqual([2]);
    expect(frameAggregate('sum', [['bigint', [2n ** 62n, 3n]]], 2, [[0, 2]])).toEqual([String(2n ** 62n + 3n)]);
    expect(frameAggregate('sum', [['numeric', ['1.5', '2.25']]], 2, [[0, 2], [1, 2]])).toEqual(['3.75', '2.25']);
  });

  it('through SQL', async () => {
    const e = createEngine();
    const s = await e.login('root', '');
    await e.execute(s, 'CREATE TABLE t (g INT, v INT); INSERT INTO t VALUES (1, 1), (1, 3), (1, 3), (2, NULL)');
    const r = await e.execute(s, 'SELECT g, sum(v), avg(v), total(v), sum(DISTINCT v), sum(v) FILTER (WHERE v > 1) FROM t GROUP BY g ORDER BY g');
    const col = (c: number) => Array.from({ length: r.length }, (_, i) => valueAt(r.vectors[c]!, i));
    expect([col(1), col(2), col(3), col(4), col(5)]).toEqual([[7n, null], ['2.3333333333333333', null], [7, 0], [4n, null], [6n, null]]);
    await expect(e.execute(s, "SELECT sum('a' || v) FROM t")).rejects.toMatchObject({ code: '42883', message: 'function sum(text) does not exist' });
  });
});
