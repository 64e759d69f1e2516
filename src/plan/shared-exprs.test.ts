import { describe, expect, it } from 'vitest';
import { createEngine } from '../engine/index.ts';
import { lookupFunction } from '../exec/expr/functions/index.ts';
import type { BoundExpr } from './logical.ts';
import { repeatedSubexpressions } from './shared-exprs.ts';

const col = (id: number): BoundExpr => ({ kind: 'col', type: 'double', id });
const mul = (l: BoundExpr, r: BoundExpr): BoundExpr => ({ kind: 'arith', type: 'double', op: '*', left: l, right: r });
const add = (l: BoundExpr, r: BoundExpr): BoundExpr => ({ kind: 'arith', type: 'double', op: '+', left: l, right: r });

describe('repeatedSubexpressions', () => {
  it('finds an expression written twice, alone or inside a larger one, once', () => {
    const price = mul(col(1), add(col(2), col(3)));
    const copy = mul(col(1), add(col(2), col(3)));   // equal, another object
    const found = repeatedSubexpressions([price, mul(copy, col(4)), col(1)]);
    expect(found).toHaveLength(1);
    expect(found[0]).toBe(price);
    expect(repeatedSubexpressions([price, add(col(2), col(4))])).toEqual([]);
  });

  it('leaves volatile calls and outer references alone', () => {
    const random = lookupFunction('random')!;
    const r: BoundExpr = { kind: 'func', type: 'double', fn: random, args: [] };
    expect(repeatedSubexpressions([add(r, col(1)), add(r, col(1))])).toEqual([]);
    const outer: BoundExpr = add({ kind: 'outer', type: 'double', id: 9 }, col(1));
    expect(repeatedSubexpressions([outer, mul(outer, col(2))])).toEqual([]);
  });
});

describe('shared aggregate arguments', () => {
  async function setup() {
    const e = createEngine();
    const s = await e.login('root', '');
    const all = async (sql: string, params: unknown[] = []) => {
      const r = await e.execute(s, sql, params);
      return Array.from({ length: r.length }, (_, i) => r.vectors.map((v) => (v.nulls?.[i] ? null : (v.data as ArrayLike<unknown>)[i])));
    };
    await e.execute(s, 'CREATE TABLE t (g INT, p NUMERIC(12, 2), d NUMERIC(4, 2), x INT)');
    await e.execute(s, 'INSERT INTO t SELECT g % 3, g * 1.25, (g % 10) / 100.0, g FROM generate_series(1, 3000) AS g');
    return { all, e, s };
  }

  it('gives the answers of the arguments computed apart (TPC-H Q1 form), per group, with FILTER and DISTINCT', async () => {
    const { all } = await setup();
    const shared = await all('SELECT g, avg(p * (1 - d)) FILTER (WHERE x > 100), sum(p * (1 - d)), sum(p * (1 - d) * (1 + d)), count(DISTINCT p * (1 - d)) FROM t GROUP BY g ORDER BY g');
    const apart = await all('SELECT g, avg((p + 0) * (1 - d)) FILTER (WHERE x > 100), sum(p * (1 - d)), sum((p + 0) * (1 - d) * (1 + d)), count(DISTINCT (p + 0) * (1 - d)) FROM t GROUP BY g ORDER BY g');
    expect(shared).toEqual(apart);
    expect(shared).toHaveLength(3);
    // an expression computed only at the rows a FILTER selects is not reused for all rows
    const sel = await all('SELECT g, max(sqrt(p)) FILTER (WHERE x < 10), max(sqrt(p)), min(sqrt(p)) FROM t GROUP BY g ORDER BY g');
    const selApart = await all('SELECT g, max(sqrt(p)) FILTER (WHERE x < 10), max(sqrt(p + 0)), min(sqrt(p + 0)) FROM t GROUP BY g ORDER BY g');
    expect(sel).toEqual(selApart);
  });

  it('a prepared statement run again with other parameters computes again', async () => {
    const { e, s } = await setup();
    const id = await e.prepare(s, 'SELECT sum(x * $1::int), max(x * $1::int) FROM t');
    const run = async (k: number) => { const r = await e.executePrepared(s, id, [k]); return r.vectors.map((v) => (v.data as ArrayLike<unknown>)[0]); };
    expect(await run(2)).toEqual([9003000n, 6000]);
    expect(await run(3)).toEqual([13504500n, 9000]);
  });
});
