import { describe, expect, it } from 'vitest';
import { createEngine } from '../../engine/index.ts';
import type { BoundExpr } from '../logical.ts';
import { factorOrConjuncts } from './factor-or-conjuncts.ts';

const col = (id: number): BoundExpr => ({ kind: 'col', type: 'integer', id });
const eq = (a: number, b: number): BoundExpr => ({ kind: 'cmp', type: 'boolean', op: '=', left: col(a), right: col(b) });
const and = (...args: BoundExpr[]): BoundExpr => ({ kind: 'and', type: 'boolean', args });
const or = (...args: BoundExpr[]): BoundExpr => ({ kind: 'or', type: 'boolean', args });

describe('factorOrConjuncts', () => {
  it('pulls the conjuncts common to every branch out of an OR', () => {
    const a = eq(1, 2), b = eq(3, 4), c = eq(5, 6), d = eq(7, 8);
    expect(factorOrConjuncts([or(and(a, b, d), and(c, a, d))])).toEqual([a, d, or(b, c)]);
  });

  it('drops an OR whose branch is only common conjuncts, keeps others untouched', () => {
    const a = eq(1, 2), b = eq(3, 4), c = eq(5, 6);
    expect(factorOrConjuncts([or(a, and(a, b))])).toEqual([a]);
    const unchanged = [or(a, b), c];
    expect(factorOrConjuncts(unchanged)).toBe(unchanged);
  });

  it('lets push-down turn TPC-H Q19 into a hash join with the same answer', async () => {
    const e = createEngine();
    const s = await e.login('root', '');
    await e.execute(s, 'CREATE TABLE p (pk INT, brand TEXT, size INT); CREATE TABLE l (pk INT, qty INT, mode TEXT)');
    await e.execute(s, "INSERT INTO p SELECT g, 'B' || (g % 3)::text, g % 20 FROM generate_series(1, 200) AS g");
    await e.execute(s, "INSERT INTO l SELECT g % 250, g % 30, CASE WHEN g % 4 = 0 THEN 'AIR' ELSE 'RAIL' END FROM generate_series(1, 3000) AS g");
    const q = `SELECT count(*), sum(qty) FROM l, p WHERE
      (p.pk = l.pk AND brand = 'B1' AND qty <= 10 AND size <= 5 AND mode = 'AIR')
      OR (p.pk = l.pk AND brand = 'B2' AND qty >= 10 AND size <= 10 AND mode = 'AIR')`;
    const plan = ((await e.execute(s, `EXPLAIN ${q}`)).vectors[0]!.data as string[]).join('\n');
    expect(plan).toMatch(/Hash Join/);
    expect(plan).not.toMatch(/Nested Loop/);
    const got = await e.execute(s, q);
    // the same query with the join written once: the rewrite must not change the answer
    const ref = await e.execute(s, `SELECT count(*), sum(qty) FROM l JOIN p ON p.pk = l.pk WHERE mode = 'AIR' AND
      ((brand = 'B1' AND qty <= 10 AND size <= 5) OR (brand = 'B2' AND qty >= 10 AND size <= 10))`);
    expect(got.vectors.map((v) => (v.data as ArrayLike<unknown>)[0])).toEqual(ref.vectors.map((v) => (v.data as ArrayLike<unknown>)[0]));
    expect(Number((got.vectors[0]!.data as BigInt64Array)[0])).toBeGreaterThan(0);
  });
});
