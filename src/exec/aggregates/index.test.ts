import { describe, expect, it } from 'vitest';
import { valueAt } from '../../types/vector.ts';
import { createEngine } from '../../engine/index.ts';
import { aggregateDef, aggregateNamed, isAggFunc, type AggFunc } from './index.ts';

describe('aggregate registry', () => {
  it('finds every aggregate by plan name and by SQL name', () => {
    const funcs: AggFunc[] = ['count', 'count_star', 'sum', 'avg', 'total', 'min', 'max', 'string_agg', 'bool_and', 'bool_or'];
    for (const f of funcs) {
      expect(aggregateDef(f).func).toBe(f);
      expect(isAggFunc(f)).toBe(true);
      for (const name of aggregateDef(f).names) expect(aggregateNamed(name)).toBe(aggregateDef(f));
    }
    expect(aggregateNamed('every')?.func).toBe('bool_and');
    expect(aggregateNamed('group_concat')?.func).toBe('string_agg');
    expect(aggregateNamed('count_star')).toBeUndefined();
    expect(aggregateNamed('abs')).toBeUndefined();
    expect(isAggFunc('row_number')).toBe(false);
    expect(isAggFunc('toString')).toBe(false);
  });

  it('only aggregates with a combine are pre-aggregated below a join, with the same answers', async () => {
    expect(['count', 'count_star', 'sum', 'min', 'max'].map((f) => aggregateDef(f as AggFunc).combine)).toEqual(['sum', 'sum', 'sum', 'min', 'max']);
    const e = createEngine();
    const s = await e.login('root', '');
    await e.execute(s, 'CREATE TABLE a (k INT, v INT); CREATE TABLE b (k INT, t INT)');
    await e.execute(s, 'INSERT INTO a VALUES (1, 2), (1, 4), (2, 6); INSERT INTO b VALUES (1, 10), (2, 10), (2, 20)');
    const plan = async (sql: string) => ((await e.execute(s, `EXPLAIN ${sql}`)).vectors[0]!.data as string[]).join('\n').match(/HashAggregate/g)?.length;
    expect(await plan('SELECT b.t, sum(a.v) FROM a JOIN b ON a.k = b.k GROUP BY b.t')).toBe(2);
    expect(await plan('SELECT b.t, avg(a.v) FROM a JOIN b ON a.k = b.k GROUP BY b.t')).toBe(1);
    const r = await e.execute(s, 'SELECT b.t, count(*), sum(a.v), avg(a.v) FROM a JOIN b ON a.k = b.k GROUP BY b.t ORDER BY 1');
    expect(r.vectors.map((v) => Array.from({ length: r.length }, (_, i) => String(valueAt(v, i))))).toEqual([['10', '20'], ['3', '1'], ['12', '6'], ['4.0000000000000000', '6.0000000000000000']]);
  });

  it('PostgreSQL aggregates InkDB lacks are 0A000, not 42883', async () => {
    const e = createEngine();
    const s = await e.login('root', '');
    await e.execute(s, 'CREATE TABLE t (v INT)');
    await expect(e.execute(s, 'SELECT array_agg(v) FROM t')).rejects.toMatchObject({ code: '0A000', message: 'aggregate array_agg is not supported' });
    await expect(e.execute(s, 'SELECT array_agg(v, v) FROM t')).rejects.toMatchObject({ code: '42883' });
  });
});
