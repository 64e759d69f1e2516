import { describe, expect, it } from 'vitest';
import { createEngine } from '../../engine/index.ts';
import { compileQuery } from '../../engine/planning.ts';
import type { ExecResult } from '../../api/engine-api.ts';
import type * as A from '../../sql/ast.ts';
import { renderExplain } from '../explain.ts';

async function setup() {
  const e = createEngine();
  const s = await e.login('root', '');
  const run = (sql: string) => e.execute(s, sql);
  const plan = async (sql: string) => ((await run(`EXPLAIN ${sql}`)).vectors[0]!.data as string[]).join('\n');
  const value = async (sql: string) => ((await run(sql)).vectors[0]!.data as ArrayLike<unknown>)[0];
  return { e, s, run, plan, value };
}

function rows(r: ExecResult): unknown[][] {
  return Array.from({ length: r.length }, (_, i) => r.vectors.map((v) => (v.nulls?.[i] ? null : (v.data as ArrayLike<unknown>)[i])));
}

/** A small deterministic generator (tests must not depend on Math.random). */
function lcg(seed: number): (n: number) => number {
  let x = seed >>> 0;
  return (n) => {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    return Math.floor((x / 4294967296) * n);
  };
}

/** `t1 … tn` of `per` rows `(id, a, b)` with id = a = b = 1…per, FROM order shuffled, joined as a chain t_i.b = t_{i+1}.a. */
async function chain(run: (sql: string) => Promise<ExecResult>, prefix: string, n: number, per: number, seed: number): Promise<string> {
  let ddl = '';
  for (let i = 1; i <= n; i++) ddl += `CREATE TABLE ${prefix}${i} (id INT, a INT, b INT); INSERT INTO ${prefix}${i} SELECT g, g, g FROM generate_series(1, ${per}) AS g;`;
  await run(ddl);
  const rnd = lcg(seed);
  const order = Array.from({ length: n }, (_, i) => i + 1);
  for (let i = n - 1; i > 0; i--) { const j = rnd(i + 1); [order[i], order[j]] = [order[j]!, order[i]!]; }
  const preds = Array.from({ length: n - 1 }, (_, i) => `${prefix}${i + 1}.b = ${prefix}${i + 2}.a`);
  return `SELECT count(*) FROM ${order.map((i) => `${prefix}${i}`).join(', ')} WHERE ${preds.join(' AND ')}`;
}

describe('join ordering', () => {
  it('a 20-table equality chain over small tables, in a shuffled FROM list, answers in under 50 ms', async () => {
    const { run, plan, value } = await setup();
    // warm the engine's code paths up on another chain (timing the first query of a process measures the JIT)
    const warm = await chain(run, 'w', 20, 10, 7);
    expect(await value(warm)).toBe(10n);
    const sql = await chain(run, 't', 20, 10, 7919);
    const t0 = performance.now();
    const r = await run(sql);
    const ms = performance.now() - t0;
    expect(rows(r)).toEqual([[10n]]);
    expect(ms).toBeLessThan(50);
    const text = await plan(sql);
    expect(text.match(/Hash Join/g)?.length).toBe(19);
    expect(text).not.toMatch(/Nested Loop/);
  });

  it('builds no cross product for connected join graphs (random graphs, shuffled FROM order, same answers)', async () => {
    const { run, plan, value } = await setup();
    const rnd = lcg(42);
    for (let trial = 0; trial < 12; trial++) {
      const n = 3 + rnd(12);
      const data: number[][] = [];
      let ddl = '';
      for (let i = 0; i < n; i++) {
        const vals = Array.from({ length: 4 }, () => 1 + rnd(3));
        data.push(vals);
        ddl += `CREATE TABLE g${trial}_${i} (k INT); INSERT INTO g${trial}_${i} VALUES ${vals.map((v) => `(${v})`).join(', ')};`;
      }
      await run(ddl);
      // a random spanning tree plus a few extra edges
      const edges: [number, number][] = [];
      for (let i = 1; i < n; i++) edges.push([rnd(i), i]);
      for (let x = rnd(3); x > 0; x--) { const a = rnd(n), b = rnd(n); if (a !== b) edges.push([a, b]); }
      const order = Array.from({ length: n }, (_, i) => i);
      for (let i = n - 1; i > 0; i--) { const j = rnd(i + 1); [order[i], order[j]] = [order[j]!, order[i]!]; }
      const sql = `SELECT count(*) FROM ${order.map((i) => `g${trial}_${i}`).join(', ')} WHERE ${edges.map(([a, b]) => `g${trial}_${a}.k = g${trial}_${b}.k`).join(' AND ')}`;
      const text = await plan(sql);
      expect(text, sql).not.toMatch(/Nested Loop|Cross/);
      expect(text.match(/Hash Join/g)?.length, sql).toBe(n - 1);
      // the answer by brute force: every connected table must hold the same k
      let expected = 0n;
      for (let k = 1; k <= 3; k++) {
        // edges force equal k within the connected graph: count per table of rows with k, multiplied
        let prod = 1n;
        for (const vals of data) prod *= BigInt(vals.filter((v) => v === k).length);
        expected += prod;
      }
      expect(await value(sql), sql).toBe(expected);
    }
  });

  it('EXPLAIN shows estimated rows and the chosen order: star (fact probes, filtered dimension first)', async () => {
    const { run, plan, value } = await setup();
    await run(`CREATE TABLE f (id INT PRIMARY KEY, d1 INT, d2 INT, d3 INT);
      CREATE TABLE d1 (id INT PRIMARY KEY, name TEXT); CREATE TABLE d2 (id INT PRIMARY KEY, name TEXT); CREATE TABLE d3 (id INT PRIMARY KEY, kind INT);
      INSERT INTO f SELECT g, g % 10 + 1, g % 100 + 1, g % 50 + 1 FROM generate_series(1, 1000) AS g;
      INSERT INTO d1 SELECT g, 'n' || g FROM generate_series(1, 10) AS g;
      INSERT INTO d2 SELECT g, 'm' || g FROM generate_series(1, 100) AS g;
      INSERT INTO d3 SELECT g, g % 5 FROM generate_series(1, 50) AS g`);
    const sql = 'SELECT count(*) FROM d2, f, d3, d1 WHERE f.d1 = d1.id AND f.d2 = d2.id AND f.d3 = d3.id AND d3.kind = 1';
    expect(await plan(sql)).toBe([
      'Project (rows=1)',
      '  Output: count',
      '  ->  Aggregate (rows=1)',
      '        ->  Hash Join (rows=200)',
      '              Hash Cond: (d2 = id)',
      '              ->  Hash Join (rows=200)',
      '                    Hash Cond: (d1 = id)',
      '                    ->  Hash Join (rows=200)',
      '                          Hash Cond: (d3 = id)',
      '                          ->  Seq Scan on default.f (rows=1000)',
      '                          ->  Hash (rows=10)',
      '                                ->  Seq Scan on default.d3 (rows=10)',
      '                                      Filter: (kind = 1)',
      '                    ->  Hash (rows=10)',
      '                          ->  Seq Scan on default.d1 (rows=10)',
      '              ->  Hash (rows=100)',
      '                    ->  Seq Scan on default.d2 (rows=100)',
    ].join('\n'));
    expect(await value(sql)).toBe(200n);
  });

  it('EXPLAIN: chain (the selective end joins first, the large table probes last)', async () => {
    const { run, plan, value } = await setup();
    await run(`CREATE TABLE a (id INT, b_id INT); CREATE TABLE b (id INT, c_id INT); CREATE TABLE c (id INT, tag INT);
      INSERT INTO a SELECT g, g % 100 + 1 FROM generate_series(1, 1000) AS g;
      INSERT INTO b SELECT g, g % 10 + 1 FROM generate_series(1, 100) AS g;
      INSERT INTO c SELECT g, g FROM generate_series(1, 10) AS g`);
    const sql = 'SELECT count(*) FROM a, c, b WHERE a.b_id = b.id AND b.c_id = c.id AND c.tag = 3';
    expect(await plan(sql)).toBe([
      'Project (rows=1)',
      '  Output: count',
      '  ->  Aggregate (rows=1)',
      '        ->  Hash Join (rows=100)',
      '              Hash Cond: (b_id = id)',
      '              ->  Seq Scan on default.a (rows=1000)',
      '              ->  Hash (rows=10)',
      '                    ->  Hash Join (rows=10)',
      '                          Hash Cond: (c_id = id)',
      '                          ->  Seq Scan on default.b (rows=100)',
      '                          ->  Hash (rows=1)',
      '                                ->  Seq Scan on default.c (rows=1)',
      '                                      Filter: (tag = 3)',
    ].join('\n'));
    expect(await value(sql)).toBe(100n);
  });

  it('EXPLAIN: cycle and clique (every predicate applied once, at the join where its tables meet)', async () => {
    const { run, plan, value } = await setup();
    await run(`CREATE TABLE a (id INT, x INT); CREATE TABLE b (id INT, x INT); CREATE TABLE c (id INT, x INT); CREATE TABLE d (id INT, x INT);
      INSERT INTO a SELECT g, g % 20 FROM generate_series(1, 1000) AS g;
      INSERT INTO b SELECT g, g % 20 FROM generate_series(1, 200) AS g;
      INSERT INTO c SELECT g, g % 20 FROM generate_series(1, 50) AS g;
      INSERT INTO d SELECT g, g % 20 FROM generate_series(1, 10) AS g`);
    const cycle = 'SELECT count(*) FROM a, b, c, d WHERE a.id = b.id AND b.id = c.id AND c.id = d.id AND d.x = a.x';
    const ct = await plan(cycle);
    expect(ct).not.toMatch(/Nested Loop/);
    expect(ct.match(/Hash Join/g)?.length).toBe(3);
    // d (10 rows) and c (50) meet first; a (1000) probes at the top, where the cycle closes (two keys)
    expect(ct.split('\n').filter((l) => l.includes('Seq Scan')).map((l) => l.trim().replace(/^->\s+/, ''))).toEqual([
      'Seq Scan on default.a (rows=1000)', 'Seq Scan on default.b (rows=200)', 'Seq Scan on default.c (rows=50)', 'Seq Scan on default.d (rows=10)',
    ]);
    expect(ct).toMatch(/Hash Join \(rows=\d+\)\n\s+Hash Cond: \(\w+ = \w+\) AND \(\w+ = \w+\)\n\s+-> {2}Seq Scan on default\.a \(rows=1000\)/);
    expect(await value(cycle)).toBe(10n);
    const clique = 'SELECT count(*) FROM d, a, c, b WHERE a.x = b.x AND a.x = c.x AND a.x = d.x AND b.x = c.x AND b.x = d.x AND c.x = d.x';
    const kt = await plan(clique);
    expect(kt).not.toMatch(/Nested Loop/);
    expect(kt.match(/Hash Join/g)?.length).toBe(3);
    // six predicates over three joins: 1 + 2 + 3 keys
    expect(kt.match(/Hash Cond: .*/g)!.map((l) => l.split(' AND ').length).sort()).toEqual([1, 2, 3]);
    // every table must hold the same x: the sum over x of the product of the four counts
    const count = (n: number, x: number) => Array.from({ length: n }, (_, i) => (i + 1) % 20).filter((v) => v === x).length;
    let expected = 0;
    for (let x = 0; x < 20; x++) expected += count(1000, x) * count(200, x) * count(50, x) * count(10, x);
    expect(await value(clique)).toBe(BigInt(expected));
  });

  it('builds the hash table on the smaller input whichever way the join is written', async () => {
    const { run, plan } = await setup();
    await run(`CREATE TABLE big (id INT, k INT); CREATE TABLE small (k INT, v TEXT);
      INSERT INTO big SELECT g, g % 10 FROM generate_series(1, 500) AS g; INSERT INTO small SELECT g, 'v' || g FROM generate_series(0, 9) AS g`);
    for (const sql of [
      'SELECT count(*) FROM big JOIN small ON big.k = small.k',
      'SELECT count(*) FROM small JOIN big ON big.k = small.k',
      'SELECT count(*) FROM small, big WHERE big.k = small.k',
    ]) {
      expect(await plan(sql), sql).toMatch(/-> {2}Seq Scan on default\.big \(rows=500\)\n\s+-> {2}Hash \(rows=\d+\)\n\s+-> {2}Seq Scan on default\.small \(rows=10\)/);
    }
    // outer joins too: the smaller preserved side becomes the build side of the mirrored join
    const left = 'SELECT s.k, count(b.id) FROM small s LEFT JOIN big b ON b.k = s.k AND b.id < 400 GROUP BY s.k ORDER BY s.k';
    expect(await plan(left)).toMatch(/Hash Right Join[^\n]*\n\s+Hash Cond: \(k = k\)\n\s+-> {2}Seq Scan on default\.big/);
    expect(rows(await run(left))).toEqual(Array.from({ length: 10 }, (_, k) => [k, k === 0 ? 39n : 40n]));
    // and when the filter leaves the other side smaller, it stays a left join building on it
    const few = 'SELECT s.k, count(b.id) FROM small s LEFT JOIN big b ON b.k = s.k AND b.id < 3 GROUP BY s.k ORDER BY s.k';
    expect(await plan(few)).toMatch(/Hash Left Join/);
    expect(rows(await run(few))).toEqual(Array.from({ length: 10 }, (_, k) => [k, k === 1 || k === 2 ? 1n : 0n]));
  });

  it('keeps outer joins as barriers: the same answers as written, inner joins ordered around them', async () => {
    const { run, plan } = await setup();
    await run(`CREATE TABLE p (id INT, q INT); CREATE TABLE q (id INT, r INT); CREATE TABLE r (id INT, tag TEXT);
      INSERT INTO p VALUES (1, 1), (2, 2), (3, NULL), (4, 9);
      INSERT INTO q VALUES (1, 10), (2, 20), (9, NULL);
      INSERT INTO r VALUES (10, 'x'), (20, 'y'), (30, 'z')`);
    const sql = 'SELECT p.id, q.id, r.tag FROM r, p LEFT JOIN q ON p.q = q.id WHERE q.r = r.id OR (q.r IS NULL AND r.id = 30) ORDER BY 1, 2, 3';
    expect(rows(await run(sql))).toEqual([[1, 1, 'x'], [2, 2, 'y'], [3, null, 'z'], [4, 9, 'z']]);
    const full = 'SELECT p.id, q.id FROM p FULL JOIN q ON p.q = q.id JOIN r ON r.id = q.r ORDER BY 1, 2';
    expect(rows(await run(full))).toEqual([[1, 1], [2, 2]]);
    const text = await plan('SELECT count(*) FROM p LEFT JOIN q ON p.q = q.id, r WHERE r.id = q.r');
    expect(text).toMatch(/Hash (Left|Right) Join/);
  });

  it('places a decorrelated semi/anti join at the table it filters, below the other joins', async () => {
    const { run, plan, value } = await setup();
    await run(`CREATE TABLE o (id INT, cust INT); CREATE TABLE cu (id INT, region INT); CREATE TABLE vip (cust INT);
      INSERT INTO o SELECT g, g % 100 FROM generate_series(1, 2000) AS g;
      INSERT INTO cu SELECT g, g % 4 FROM generate_series(0, 99) AS g;
      INSERT INTO vip VALUES (1), (2), (3)`);
    const sql = 'SELECT count(*) FROM cu, o WHERE o.cust = cu.id AND cu.region = 1 AND cu.id IN (SELECT cust FROM vip)';
    const text = await plan(sql);
    // the semi join filters cu before cu meets o
    expect(text).toMatch(/Hash Semi Join[^\n]*\n\s+Hash Cond: \(id = cust\)\n\s+-> {2}Seq Scan on default\.cu/);
    expect(text.indexOf('Hash Semi Join')).toBeGreaterThan(text.indexOf('Seq Scan on default.o'));
    expect(await value(sql)).toBe(20n);
    const anti = 'SELECT count(*) FROM cu, o WHERE o.cust = cu.id AND NOT EXISTS (SELECT 1 FROM vip WHERE vip.cust = cu.id)';
    expect(await plan(anti)).toMatch(/Hash Anti Join/);
    expect(await value(anti)).toBe(1940n);
  });

  it('a semi/anti join with a residual that keeps many rows waits for a selective join above its table (TPC-H Q21)', async () => {
    const { run, plan, value } = await setup();
    await run(`CREATE TABLE li (ord INT, supp INT, late INT); CREATE TABLE su (id INT, nat INT);
      INSERT INTO li SELECT g / 4, g % 97, g % 3 FROM generate_series(0, 19999) AS g;
      INSERT INTO su SELECT g, g % 25 FROM generate_series(0, 96) AS g`);
    const sql = `SELECT count(*) FROM li l1, su WHERE l1.supp = su.id AND su.nat = 3 AND l1.late = 0
      AND EXISTS (SELECT 1 FROM li l2 WHERE l2.ord = l1.ord AND l2.supp <> l1.supp)
      AND NOT EXISTS (SELECT 1 FROM li l3 WHERE l3.ord = l1.ord AND l3.supp <> l1.supp AND l3.late = 0)`;
    const text = await plan(sql);
    // both run on the rows of nation 3's suppliers: the join with su sits below them
    const join = text.indexOf('Hash Join');
    expect(join).toBeGreaterThan(text.indexOf('Hash Semi Join'));
    expect(join).toBeGreaterThan(text.indexOf('Hash Anti Join'));
    // the reference: the same query with the subqueries run per row (no decorrelation through OR FALSE)
    const naive = sql.replace('AND EXISTS', 'AND (EXISTS').replace('l2.supp <> l1.supp)', 'l2.supp <> l1.supp) OR false)')
      .replace('AND NOT EXISTS', 'AND (NOT EXISTS').replace('l3.late = 0)', 'l3.late = 0) OR false)');
    const want = await value(naive);
    expect(await value(sql)).toBe(want);
    expect(Number(want)).toBeGreaterThan(0);
  });

  it('joins without a connecting predicate stay cross products', async () => {
    const { run, plan, value } = await setup();
    await run('CREATE TABLE x1 (a INT); CREATE TABLE x2 (b INT); INSERT INTO x1 VALUES (1), (2); INSERT INTO x2 VALUES (3), (4), (5)');
    expect(await plan('SELECT count(*) FROM x1, x2')).toMatch(/Nested Loop \(rows=6\)/);
    expect(await value('SELECT count(*) FROM x1, x2')).toBe(6n);
  });

  it('plans a query shape with its literals: the shaped run uses the plan EXPLAIN prints for the same text', async () => {
    const { e, s, run, plan } = await setup();
    await run(`CREATE TABLE ev (id INT, u INT); CREATE TABLE us (id INT, tier INT);
      INSERT INTO ev SELECT g, g % 300 FROM generate_series(1, 3000) AS g; INSERT INTO us SELECT g, g % 3 FROM generate_series(0, 299) AS g`);
    const running = (sql: string) => {
      const shaped = e.state.cache.shaped(sql)!;
      expect(shaped.params.length).toBeGreaterThan(0);
      const st = shaped.stmt as A.QueryStatement;
      return renderExplain(compileQuery(e.state, e.state.sessions.get(s), st, st.query, shaped.literals, shaped.params).op.explain()).join('\n');
    };
    // few events: they build; many: the users do
    const few = 'SELECT count(*) FROM ev JOIN us ON ev.u = us.id WHERE ev.id < 20';
    // the same plan and estimates (the running one prints the literal as its parameter)
    expect(running(few).replace('$1', '20')).toBe(await plan(few));
    expect(await plan(few)).toMatch(/Seq Scan on default\.us \(rows=300\)\n\s+-> {2}Hash \(rows=\d+\)\n\s+-> {2}Seq Scan on default\.ev/);
    const many = 'SELECT count(*) FROM ev JOIN us ON ev.u = us.id WHERE ev.id < 2900';
    const e2 = await setup();
    await e2.run(`CREATE TABLE ev (id INT, u INT); CREATE TABLE us (id INT, tier INT);
      INSERT INTO ev SELECT g, g % 300 FROM generate_series(1, 3000) AS g; INSERT INTO us SELECT g, g % 3 FROM generate_series(0, 299) AS g`);
    expect(await e2.plan(many)).toMatch(/Seq Scan on default\.ev \(rows=\d+\)\n\s+Filter: \(id < 2900\)\n\s+-> {2}Hash \(rows=\d+\)\n\s+-> {2}Seq Scan on default\.us/);
  });

  it('re-plans a cached join once a table it reads has grown past twice its size', async () => {
    const { run, plan } = await setup();
    await run(`CREATE TABLE m (id INT, k INT); CREATE TABLE n (k INT);
      INSERT INTO m SELECT g, g FROM generate_series(1, 10) AS g; INSERT INTO n SELECT g FROM generate_series(1, 300) AS g`);
    const sql = 'SELECT count(*) FROM m JOIN n ON m.k = n.k';
    expect(await plan(sql)).toMatch(/Seq Scan on default\.n \(rows=300\)\n\s+-> {2}Hash \(rows=\d+\)\n\s+-> {2}Seq Scan on default\.m/);
    await run(sql);
    const evictions = async () => ((await run("SELECT cache_evictions FROM system.stats WHERE table_name = 'm'")).vectors[0]!.data as ArrayLike<unknown>)[0];
    const before = await evictions();
    await run(sql);
    expect(await evictions()).toBe(before);
    await run('INSERT INTO m SELECT g, g FROM generate_series(11, 5000) AS g');
    await run(sql);
    expect(await evictions()).toBe((before as bigint) + 1n);
    expect(await plan(sql)).toMatch(/Seq Scan on default\.m \(rows=5000\)\n\s+-> {2}Hash \(rows=\d+\)\n\s+-> {2}Seq Scan on default\.n/);
  });
});
