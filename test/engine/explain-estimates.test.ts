/**
 * EXPLAIN's estimated rows (`engine/explain-estimate.ts`): table row counts as the session sees
 * them (its own partition of a user table), PostgreSQL's default selectivities for filters, one
 * row for an equality on a unique index, 200 groups, 1,000 rows from a set-returning function;
 * never below 1.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database, type Session } from '../../src/index.ts';
import { selectivity } from '../../src/engine/explain-estimate.ts';

let db: Database;
let root: Session;

beforeAll(async () => {
  db = await openDatabase({ worker: false, storage: 'memory' });
  root = await db.login('root', '');
  await root.query(`CREATE TABLE t (id INT PRIMARY KEY, a INT, b TEXT);
    INSERT INTO t SELECT x, x % 10, 'b' || x FROM generate_series(1, 1000) AS g(x);
    CREATE TABLE s (id INT, t_id INT);
    INSERT INTO s SELECT x, x FROM generate_series(1, 10) AS g(x);
    CREATE USER TABLE notes (id INT PRIMARY KEY, body TEXT)`);
  const alice = await db.session({ user: 'alice', create: true });
  await alice.query('INSERT INTO notes SELECT x, NULL FROM generate_series(1, 40) AS g(x)');
});

/** The plan's node lines (details left out), indentation trimmed. */
async function plan(s: Session, sql: string): Promise<string[]> {
  const r = await s.query(`EXPLAIN ${sql}`);
  return r.rows.map((x) => String(x['QUERY PLAN'])).filter((l, i) => i === 0 || l.includes('->')).map((l) => l.replace(/^\s*(->\s+)?/, ''));
}

describe('EXPLAIN estimated rows', () => {
  it('scans count the table, filters keep default fractions', async () => {
    expect(await plan(root, 'SELECT * FROM t')).toEqual(['Project  (rows=1000)', 'Seq Scan on default.t  (rows=1000)']);
    expect((await plan(root, 'SELECT * FROM t WHERE a > 5')).at(-1)).toBe('Seq Scan on default.t  (rows=333)');
    expect((await plan(root, "SELECT * FROM t WHERE b LIKE 'b1%'")).at(-1)).toBe('Seq Scan on default.t  (rows=5)');
    expect((await plan(root, 'SELECT * FROM t WHERE a > 5 AND a < 8')).at(-1)).toBe('Seq Scan on default.t  (rows=111)');
  });

  it('an equality on a unique index is one row per key; a range on it keeps a third', async () => {
    expect((await plan(root, 'SELECT * FROM t WHERE id = 7')).at(-1)).toBe('Index Scan using t_pkey on default.t  (rows=1)');
    expect((await plan(root, 'SELECT * FROM t WHERE id IN (1, 2, 3)')).at(-1)).toBe('Index Scan using t_pkey on default.t  (rows=3)');
    expect((await plan(root, 'SELECT * FROM t WHERE id > 500')).at(-1)).toMatch(/^(Index|Seq) Scan .* {2}\(rows=333\)$/);
  });

  it('aggregates, groups, limits and joins follow their inputs', async () => {
    expect(await plan(root, 'SELECT count(*) FROM t')).toEqual(['Project  (rows=1)', 'Aggregate  (rows=1)', 'Seq Scan on default.t  (rows=1000)']);
    const grouped = await plan(root, 'SELECT a, count(*) FROM t GROUP BY a');
    expect(grouped.find((l) => l.startsWith('HashAggregate'))).toBe('HashAggregate  (rows=200)');
    const joined = await plan(root, 'SELECT * FROM t JOIN s ON s.t_id = t.id');
    expect(joined.find((l) => l.startsWith('Hash Join'))).toBe('Hash Join  (rows=1000)');
    expect(joined).toContain('Seq Scan on default.s  (rows=10)');
    expect((await plan(root, 'SELECT * FROM generate_series(1, 5) AS g(x)')).at(-1)).toBe('Function Scan on generate_series  (rows=1000)');
    expect((await plan(root, 'SELECT * FROM (VALUES (1), (2), (3)) AS v(x)')).at(-1)).toBe('Values (3 rows)  (rows=3)');
  });

  it("counts the rows of the session's own partition of a user table, at least 1", async () => {
    const alice = await db.session({ user: 'alice' });
    expect((await plan(alice, 'SELECT * FROM notes')).at(-1)).toBe('Seq Scan on default.notes  (rows=40)');
    expect((await plan(root, 'SELECT * FROM notes')).at(-1)).toBe('Seq Scan on default.notes  (rows=1)');
  });

  it('selectivity of a filter text', () => {
    expect(selectivity('(a = 1)')).toBe(0.005);
    expect(selectivity('(a <> 1)')).toBeCloseTo(1 / 3);
    expect(selectivity('(a = 1) AND (b > 2)')).toBeCloseTo(0.005 / 3);
  });
});
