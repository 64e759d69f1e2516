import { describe, expect, it } from 'vitest';
import { createEngine } from '../../engine/index.ts';

/** The estimated rows of the scan in EXPLAIN's text. */
function scanRows(text: string): number {
  const m = /Scan [^\n]*\(rows=(\d+)\)/.exec(text);
  if (m === null) throw new Error(`no scan in ${text}`);
  return Number(m[1]);
}

async function setup(kind: 'SHARED' | 'USER') {
  const e = createEngine();
  const root = await e.login('root', '');
  await e.execute(root, "CREATE USER 'ann' WITH PASSWORD 'a' ROLE user; CREATE USER 'ben' WITH PASSWORD 'b' ROLE user");
  const ann = await e.login('ann', 'a');
  await e.execute(root, `CREATE ${kind} TABLE t (id INT, k INT, name TEXT, nn INT, sk INT)${kind === 'SHARED' ? " WITH (ACCESS_LEVEL = 'public')" : ''}`);
  const writer = kind === 'SHARED' ? root : ann;
  await e.execute(writer, "INSERT INTO t SELECT g, g % 10, 'n' || g, CASE WHEN g % 2 = 0 THEN g END, CASE WHEN g <= 500 THEN 0 ELSE g END FROM generate_series(1, 1000) AS g");
  const rowsOf = async (where: string, who = writer) => scanRows(((await e.execute(who, `EXPLAIN SELECT id FROM t WHERE ${where}`)).vectors[0]!.data as string[]).join('\n'));
  return { e, root, ann, rowsOf };
}

describe('selectivity estimates (EXPLAIN rows of a 1,000-row table)', () => {
  it('=, <>, IN, IS NULL and conjunctions from distinct counts and NULL fractions', async () => {
    const { rowsOf } = await setup('SHARED');
    expect(await rowsOf('k = 3')).toBe(100);
    expect(await rowsOf('k <> 3')).toBe(900);
    expect(await rowsOf('k IN (1, 2, 3)')).toBe(300);
    expect(await rowsOf('k NOT IN (1, 2, 3)')).toBe(700);
    expect(await rowsOf('nn IS NULL')).toBe(500);
    expect(await rowsOf('nn IS NOT NULL')).toBe(500);
    expect(await rowsOf('k = 3 AND nn IS NULL')).toBe(50);
    expect(await rowsOf('k = 3 OR k = 4')).toBe(190);
    // a unique column: one row per value
    expect(await rowsOf('id = 17')).toBe(1);
    expect(await rowsOf('nn = 40')).toBe(1);
  });

  it('ranges, BETWEEN and LIKE prefixes from the value sample of a SHARED table', async () => {
    const { rowsOf } = await setup('SHARED');
    const near = (x: number, want: number, tol: number) => expect(Math.abs(x - want), `${x} vs ${want}`).toBeLessThanOrEqual(tol);
    near(await rowsOf('id < 250'), 250, 60);
    near(await rowsOf('id >= 900'), 100, 40);
    near(await rowsOf('id BETWEEN 100 AND 199'), 100, 40);
    near(await rowsOf('id > 100 AND id < 300 AND k = 1'), 20, 10);
    // 'n1', 'n10'…'n19', 'n100'…'n199', 'n1000'
    near(await rowsOf("name LIKE 'n1%'"), 112, 45);
    expect(await rowsOf("name LIKE 'n5'")).toBe(1);
    expect(await rowsOf("name LIKE '%'")).toBe(1000);
    // a frequent value (half the rows) by its share of the sample; a rare one by 1/distinct
    near(await rowsOf('sk = 0'), 500, 80);
    expect(await rowsOf('sk = 777')).toBe(2);
    // beyond every value: (almost) nothing
    expect(await rowsOf('id > 5000')).toBeLessThanOrEqual(2);
  });

  it('USER tables: counts only, never values (another user\'s minimum, maximum or sample cannot shape an estimate)', async () => {
    const { rowsOf, e } = await setup('USER');
    // the same defaults whatever the values: 1/3 for a range, 0.005 for a range pair
    expect(await rowsOf('id < 250')).toBe(333);
    expect(await rowsOf('id > 5000')).toBe(333);
    expect(await rowsOf('id BETWEEN 100 AND 199')).toBe(5);
    // distinct counts and NULL fractions are counts: they may
    expect(await rowsOf('k = 3')).toBe(100);
    expect(await rowsOf('nn IS NULL')).toBe(500);
    // ben's plans use the average partition (ann's 1,000 rows over 1 partition), with no value of ann's
    const ben = await e.login('ben', 'b');
    expect(await rowsOf('id < 250', ben)).toBe(333);
    // plain users cannot read the statistics tables
    await expect(e.execute(ben, 'SELECT * FROM system.column_stats')).rejects.toMatchObject({ code: '42501' });
  });

  it('what a plain user sees does not depend on another user\'s values', async () => {
    const explainFor = async (annValues: string) => {
      const e = createEngine();
      const root = await e.login('root', '');
      await e.execute(root, "CREATE USER 'ann' WITH PASSWORD 'a' ROLE user; CREATE USER 'ben' WITH PASSWORD 'b' ROLE user; CREATE USER TABLE u (id INT, v TEXT); CREATE USER TABLE w (id INT)");
      const ann = await e.login('ann', 'a'), ben = await e.login('ben', 'b');
      await e.execute(ann, `INSERT INTO u VALUES ${annValues}`);
      await e.execute(ben, "INSERT INTO u VALUES (1, 'b1'), (2, 'b2'); INSERT INTO w VALUES (1), (2), (3)");
      await e.execute(root, 'ANALYZE');
      const out: string[] = [];
      for (const q of ["SELECT * FROM u WHERE v < 'm' AND id > 3", "SELECT * FROM u JOIN w ON u.id = w.id WHERE v LIKE 'sec%'", 'SELECT * FROM u WHERE id BETWEEN 10 AND 20']) {
        out.push(((await e.execute(ben, `EXPLAIN ${q}`)).vectors[0]!.data as string[]).join('\n'));
      }
      return out;
    };
    // same counts (4 rows, 4 distinct values per column), different values
    const a = await explainFor("(10, 'secret-a'), (20, 'secret-b'), (30, 'secret-c'), (40, 'secret-d')");
    const b = await explainFor("(-1, 'aaa'), (-2, 'zzz'), (-3, 'mmm'), (-4, 'bbb')");
    expect(a).toEqual(b);
    expect(a.join('\n')).toMatch(/rows=\d+/);
  });
});
