/**
 * Grouped matching (`live/match-all.ts`, `live/shape-group.ts`): subscriptions of one plan and
 * user that differ only in parameter values are filtered by one cross-batch run, and those with
 * the same matches share one change. Each must still get exactly what its own filter gives:
 * NULL parameters, users kept apart (user tables and `current_user` on shared ones),
 * unsubscribing mid-group, parameters that fail coercion, errors in the grouped filter, chunks,
 * large commits, and a randomized run against fresh queries.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Engine } from '../../src/engine/index.ts';
import { IncrementalMatcher } from '../../src/live/incremental.ts';
import type { LivePlan } from '../../src/live/host.ts';
import { GroupFilter, MAX_CROSS_ROWS } from '../../src/live/shape-group.ts';
import { rowArrays } from '../../src/live/values.ts';
import { bag, Recorder, rootEngine } from './helpers.ts';
import { mulberry32 } from '../helpers/mulberry32.ts';

afterEach(() => {
  vi.restoreAllMocks();
});

interface RegistryView {
  subs: Map<string, { plan: LivePlan; incremental: unknown }>;
  slots: Map<string, unknown>;
}

function registry(engine: Engine): RegistryView {
  return engine.state.live.registry as unknown as RegistryView;
}

async function subscribe(engine: Engine, session: string, sql: string, params: unknown[]): Promise<Recorder & { id: string }> {
  const r = new Recorder() as Recorder & { id: string };
  r.id = await engine.subscribe(session, sql, params, r);
  return r;
}

async function setup(options = {}): Promise<{ engine: Engine; root: string; run: (sql: string, params?: unknown[]) => Promise<unknown> }> {
  const { engine, root, run } = await rootEngine(options);
  await run('CREATE TABLE t (id INT PRIMARY KEY, g INT, v INT, s TEXT)');
  return { engine, root, run };
}

describe('GroupFilter.of', () => {
  it('groups filters whose parameters are comparison, IN, LIKE and IS operands, and no others', async () => {
    const { engine, root } = await setup();
    const cases: [string, unknown[], boolean][] = [
      ['SELECT id FROM t WHERE g = $1 AND v > $2', [1, 2], true],
      ['SELECT id FROM t WHERE s LIKE $1 OR v IN ($2, $3)', ['a%', 1, 2], true],
      ['SELECT id FROM t WHERE upper(s) = $1', ['A'], true],
      ['SELECT id FROM t WHERE g IS DISTINCT FROM $1', [null], true],
      ['SELECT id FROM t WHERE v + $1 > 10', [1], false],            // under arithmetic: evaluated once per call
      ['SELECT id FROM t WHERE g = 1', [], true],                      // no parameter: one run for all
      ['SELECT id FROM t', [], false],                                 // no filter
    ];
    for (const [sql, params, groupable] of cases) {
      const r = await subscribe(engine, root, sql, params);
      const plan = registry(engine).subs.get(r.id)!.plan;
      expect(GroupFilter.of(plan) !== null, sql).toBe(groupable);
    }
    const p = registry(engine).subs.get((await subscribe(engine, root, 'SELECT id, $1::int AS k FROM t WHERE g = $2', [1, 2])).id)!.plan;
    expect(GroupFilter.of(p)!.sharedProjection).toBe(false);
    expect(GroupFilter.of(p)!.maxParam).toBe(2);
    const q = registry(engine).subs.get((await subscribe(engine, root, 'SELECT id, s FROM t WHERE g = $1', [1])).id)!.plan;
    expect(GroupFilter.of(q)!.sharedProjection).toBe(true);
    expect(GroupFilter.of(q)).toBe(GroupFilter.of(q));                 // cached per plan
  });
});

describe('grouped matching', () => {
  it('gives each subscription its own matches (NULL parameters match nothing) in one grouped run', async () => {
    const { engine, root, run } = await setup();
    const spy = vi.spyOn(GroupFilter.prototype, 'run');
    const match = vi.spyOn(IncrementalMatcher.prototype, 'match');
    const params: unknown[][] = [[1, 0], [1, 15], [2, 0], [null, 0], [1, null], [1, 0]];   // the last two identical
    const rs: (Recorder & { id: string })[] = [];
    for (const p of params) rs.push(await subscribe(engine, root, 'SELECT id, v FROM t WHERE g = $1 AND v > $2', p));
    await run('INSERT INTO t VALUES (1, 1, 10, NULL), (2, 1, 20, NULL), (3, 2, 5, NULL), (4, NULL, 50, NULL)');
    expect(rs.map((r) => r.changes.map((c) => c.inserts))).toEqual([
      [[[1, 10], [2, 20]]], [[[2, 20]]], [[[3, 5]]], [], [], [[[1, 10], [2, 20]]],
    ]);
    expect(spy).toHaveBeenCalled();
    expect(match).not.toHaveBeenCalled();
    await run('UPDATE t SET v = 1 WHERE id = 2');                     // leaves [1, 15], stays in [1, 0]
    expect(rs[1]!.last.deletes).toEqual([[2, 20]]);
    expect(rs[0]!.last).toEqual({ deletes: [], updates: [[2, 1]], updatesOld: [[2, 20]], inserts: [] });
    await run('UPDATE t SET id = 12 WHERE id = 2');                   // a key change: delete plus insert
    expect(rs[0]!.last).toEqual({ deletes: [[2, 1]], updates: [], updatesOld: [], inserts: [[12, 1]] });
  });

  it('shares one change (the same row sets) between subscriptions with the same matches', async () => {
    const { engine, root, run } = await setup();
    const a = await subscribe(engine, root, 'SELECT id, s FROM t WHERE g = $1 AND v > $2', [1, 0]);
    const b = await subscribe(engine, root, 'SELECT id, s FROM t WHERE g = $1 AND v > $2', [1, 5]);
    const c = await subscribe(engine, root, 'SELECT id, s FROM t WHERE g = $1 AND v > $2', [1, 50]);
    await run("INSERT INTO t VALUES (1, 1, 10, 'x')");
    const ins = (r: Recorder): unknown => { const e = r.events[r.events.length - 1]!; return e.kind === 'change' ? e.inserts : null; };
    expect(ins(a)).not.toBeNull();
    expect(ins(a)).toBe(ins(b));
    expect(c.changes).toEqual([]);
    // a projection that reads a parameter is computed per subscription
    const p = await subscribe(engine, root, 'SELECT id, $1::int AS k FROM t WHERE g = $2', [7, 1]);
    const q = await subscribe(engine, root, 'SELECT id, $1::int AS k FROM t WHERE g = $2', [8, 1]);
    await run("INSERT INTO t VALUES (2, 1, 10, 'y')");
    expect([p.last.inserts, q.last.inserts]).toEqual([[[2, 7]], [[2, 8]]]);
  });

  it('keeps users apart: user-table partitions and current_user on a shared table', async () => {
    const { engine, run } = await setup();
    await run('CREATE USER TABLE n (id INT PRIMARY KEY, k INT)');
    await run("CREATE TABLE o (id INT PRIMARY KEY, owner TEXT, x INT) WITH (ACCESS_LEVEL = 'public')");
    const alice = await engine.openSession('alice', { create: true });
    const bob = await engine.openSession('bob', { create: true });
    const an = [await subscribe(engine, alice, 'SELECT id FROM n WHERE k = $1', [1]), await subscribe(engine, alice, 'SELECT id FROM n WHERE k = $1', [2])];
    const bn = [await subscribe(engine, bob, 'SELECT id FROM n WHERE k = $1', [1]), await subscribe(engine, bob, 'SELECT id FROM n WHERE k = $1', [2])];
    await engine.execute(alice, 'INSERT INTO n VALUES (1, 1), (2, 2)');
    expect(an.map((r) => r.changes.map((c) => c.inserts))).toEqual([[[[1]]], [[[2]]]]);
    expect(bn.map((r) => r.changes)).toEqual([[], []]);
    await engine.execute(bob, 'INSERT INTO n VALUES (5, 1)');
    expect(bn[0]!.last.inserts).toEqual([[5]]);
    expect(an.map((r) => r.changes.length)).toEqual([1, 1]);
    const sql = 'SELECT id, x FROM o WHERE owner = current_user AND x >= $1';
    const ao = [await subscribe(engine, alice, sql, [0]), await subscribe(engine, alice, sql, [5])];
    const bo = [await subscribe(engine, bob, sql, [0]), await subscribe(engine, bob, sql, [5])];
    await run("INSERT INTO o VALUES (1, 'alice', 3), (2, 'bob', 7), (3, 'alice', 9)");
    expect(ao.map((r) => r.last.inserts)).toEqual([[[1, 3], [3, 9]], [[3, 9]]]);
    expect(bo.map((r) => r.last.inserts)).toEqual([[[2, 7]], [[2, 7]]]);
  });

  it('stops delivering to a member that unsubscribes, also from inside another member\'s delivery', async () => {
    const { engine, root, run } = await setup();
    const rs: (Recorder & { id: string })[] = [];
    for (let k = 0; k < 5; k++) rs.push(await subscribe(engine, root, 'SELECT id FROM t WHERE g = $1 AND id > $2', [1, -k]));
    await engine.unsubscribe(root, rs[1]!.id);
    await engine.unsubscribe(root, rs[3]!.id);
    await run('INSERT INTO t VALUES (1, 1, 0, NULL)');
    expect(rs.map((r) => r.changes.length)).toEqual([1, 0, 1, 0, 1]);
    // the first member's sink ends the last one (synchronously) while the commit is being
    // delivered: the last one gets nothing more, not even this commit's change
    const first = rs[0]!;
    const deliver = first.deliver.bind(first);
    first.deliver = (ev) => {
      deliver(ev);
      if (ev.kind === 'change') void engine.unsubscribe(root, rs[4]!.id);
    };
    await run('INSERT INTO t VALUES (2, 1, 0, NULL)');
    await run('INSERT INTO t VALUES (3, 1, 0, NULL)');
    expect(rs.map((r) => r.changes.length)).toEqual([3, 0, 3, 0, 1]);
    expect(registry(engine).subs.size).toBe(2);
    expect(registry(engine).slots.size).toBe(2);
  });

  it('refuses a parameter that fails coercion (22P02) and the rest of the group goes on', async () => {
    const { engine, root, run } = await setup();
    const ok = await subscribe(engine, root, 'SELECT id FROM t WHERE g = $1 AND v > $2', [1, 0]);
    const bad = subscribe(engine, root, 'SELECT id FROM t WHERE g = $1 AND v > $2', [1, 'abc']);
    await expect(bad).rejects.toMatchObject({ code: '22P02' });
    const ok2 = await subscribe(engine, root, 'SELECT id FROM t WHERE g = $1 AND v > $2', ['1', '5']);   // coerced text
    expect(registry(engine).subs.size).toBe(2);
    await run('INSERT INTO t VALUES (1, 1, 10, NULL), (2, 1, 3, NULL)');
    expect([ok.last.inserts, ok2.last.inserts]).toEqual([[[1], [2]], [[1]]]);
  });

  it('an error in the grouped filter leaves each member to its own filter (errors only where it fails)', async () => {
    const { engine, root, run } = await setup();
    const one = [await subscribe(engine, root, 'SELECT id FROM t WHERE g = $1 AND s::int > $2', [1, 0]), await subscribe(engine, root, 'SELECT id FROM t WHERE g = $1 AND s::int > $2', [1, 5])];
    const two = [await subscribe(engine, root, 'SELECT id FROM t WHERE g = $1 AND s::int > $2', [2, 0]), await subscribe(engine, root, 'SELECT id FROM t WHERE g = $1 AND s::int > $2', [2, 5])];
    await run("INSERT INTO t VALUES (1, 1, 0, 'abc'), (2, 2, 0, '3')");
    expect(one.map((r) => r.errors.map((e) => e.code))).toEqual([['22P02'], ['22P02']]);
    expect(two.map((r) => r.errors)).toEqual([[], []]);
    expect(two.map((r) => r.changes.map((c) => c.inserts))).toEqual([[[[2]]], []]);
    await run("INSERT INTO t VALUES (3, 2, 0, '9')");
    expect(two.map((r) => r.last.inserts)).toEqual([[[3]], [[3]]]);
  });

  it('runs large groups in chunks and large commits one by one, with the same results', async () => {
    const { engine, root, run } = await setup({ maxLiveQueriesPerSession: 5000 });
    const n = 1500;
    const rs: (Recorder & { id: string })[] = [];
    for (let k = 0; k < n; k++) rs.push(await subscribe(engine, root, 'SELECT id FROM t WHERE g = 1 AND id > $1', [k]));
    const spy = vi.spyOn(GroupFilter.prototype, 'run');
    await run('INSERT INTO t VALUES (500, 1, 0, NULL), (1000, 1, 0, NULL), (1499, 1, 0, NULL), (7, 2, 0, NULL)');
    expect(4 * n).toBeGreaterThan(MAX_CROSS_ROWS);                 // more than one chunk
    expect(spy).toHaveBeenCalled();
    for (const k of [0, 499, 500, 999, 1000, 1498, 1499]) {
      const want = [500, 1000, 1499].filter((id) => id > k).map((id) => [id]);
      expect(rs[k]!.changes.map((c) => c.inserts), `k=${k}`).toEqual(want.length === 0 ? [] : [want]);
    }
    expect(rs.reduce((sum, r) => sum + r.changes.length, 0)).toBe(1499);
    spy.mockClear();
    await run('INSERT INTO t SELECT 10000 + x, 1, 0, NULL FROM generate_series(1, 1100) AS x');
    expect(spy).not.toHaveBeenCalled();                               // too many rows: each filter alone
    expect(rs[0]!.last.inserts).toHaveLength(1100);
    expect(rs[1499]!.last.inserts).toHaveLength(1100);
  });
});

const rng = mulberry32;

/** Shapes with many parameter values each (the grouped path), and one the rewrite refuses. */
const SHAPES: readonly [string, unknown[][]][] = [
  ['SELECT id, v FROM t WHERE g = $1 AND v > $2', [[0, 0], [1, 0], [1, 30], [1, 60], [2, 0], [2, 50], [3, 10], [null, 0], [1, null], [0, 90]]],
  ['SELECT id, s FROM t WHERE s LIKE $1 OR v IS NULL', [['a%'], ['b%'], ['%a'], [null], ['_'], ['%']]],
  ['SELECT id FROM t WHERE v IN ($1, $2) AND g IS NOT NULL', [[1, 2], [10, 20], [null, 5], [50, 50]]],
  ['SELECT id, $1::int + v AS w FROM t WHERE g <> $2', [[1, 0], [2, 1], [3, null], [4, 2]]],
  ['SELECT id, v FROM t WHERE v + $1 > 50', [[0], [10], [20]]],
  ['SELECT id FROM t WHERE g IS DISTINCT FROM $1', [[null], [1], [2]]],
  ['SELECT id, s FROM t WHERE upper(s) = $1', [['A'], ['AB'], ['B'], [null]]],
  ['SELECT id FROM t WHERE s < $1 AND id > $2', [['b', 0], ['ab', 5], [null, 0], ['c', 20]]],
];

describe('randomized: grouped subscriptions equal fresh runs', () => {
  for (const seed of [11, 12]) {
    it(`seed ${seed}`, async () => {
      const rand = rng(seed);
      const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
      const int = (n: number): number => Math.floor(rand() * n);
      const { engine, root } = await setup({ maxLiveQueriesPerSession: 500 });
      await engine.execute(root, 'CREATE USER TABLE n (id INT PRIMARY KEY, k INT)');
      const alice = await engine.openSession('alice', { create: true });
      const bob = await engine.openSession('bob', { create: true });
      const spy = vi.spyOn(GroupFilter.prototype, 'run');
      const subs: { rec: Recorder; session: string; sql: string; params: unknown[] }[] = [];
      const add = async (session: string, sql: string, params: unknown[]): Promise<void> => {
        subs.push({ rec: await subscribe(engine, session, sql, params), session, sql, params });
      };
      for (const [sql, list] of SHAPES) for (const p of list) await add(root, sql, p);
      for (const s of [alice, bob]) {
        for (const p of [[0, 1], [1, 2], [2, 5], [null, 0], [1, 2]]) await add(s, 'SELECT id, k FROM n WHERE k = $1 OR k > $2', p);
      }
      const sv = (): string => (rand() < 0.15 ? 'NULL' : `'${pick(['a', 'ab', 'b', 'ba', 'c', 'A'])}'`);
      const nv = (max: number): string => (rand() < 0.1 ? 'NULL' : String(int(max)));
      const statement = (): [string, string] => {
        const r = rand();
        if (r < 0.2) {
          const who = pick([alice, bob]);
          if (rand() < 0.6) return [who, `INSERT INTO n VALUES (${int(12)}, ${int(6)}) ON CONFLICT (id) DO UPDATE SET k = excluded.k`];
          return [who, rand() < 0.5 ? `UPDATE n SET k = ${int(6)} WHERE id % 3 = ${int(3)}` : `DELETE FROM n WHERE id = ${int(12)}`];
        }
        if (r < 0.5) {
          const rows = Array.from({ length: 1 + int(3) }, () => `(${int(40)}, ${nv(4)}, ${nv(100)}, ${sv()})`);
          return [root, `INSERT INTO t VALUES ${rows.join(', ')} ON CONFLICT (id) DO NOTHING`];
        }
        if (r < 0.68) return [root, `UPDATE t SET v = ${rand() < 0.5 ? 'v + 7' : nv(100)}, s = ${rand() < 0.5 ? 's' : sv()} WHERE id % ${2 + int(5)} = ${int(2)}`];
        if (r < 0.76) return [root, `UPDATE t SET g = ${nv(4)} WHERE id = ${int(40)}`];
        if (r < 0.82) return [root, `UPDATE t SET id = id + 100 WHERE id = ${int(40)}`];
        return [root, `DELETE FROM t WHERE id % ${3 + int(6)} = ${int(3)}`];
      };
      for (let step = 0; step < 80; step++) {
        try {
          if (rand() < 0.75) {
            const [who, sql] = statement();
            await engine.execute(who, sql);
          } else {
            const who = pick([root, alice, bob]);
            await engine.execute(who, 'BEGIN');
            for (let i = 0, n = 1 + int(4); i < n; i++) {
              const [w, sql] = statement();
              if (w === who) await engine.execute(who, sql).catch(() => undefined);
            }
            await engine.execute(who, rand() < 0.75 ? 'COMMIT' : 'ROLLBACK');
          }
        } catch (e) {
          expect((e as { code?: string }).code, String(e)).toMatch(/^(23505|25P02)$/);
        }
        for (const s of subs) {
          const fresh = await engine.execute(s.session, s.sql, s.params);
          const rows = rowArrays({ length: fresh.length, vectors: fresh.vectors, keys: null });
          expect(s.rec.errors, s.sql).toEqual([]);
          expect(bag(s.rec.replica), `step ${step}: ${s.sql} ${JSON.stringify(s.params)}`).toEqual(bag(rows));
        }
      }
      expect(spy).toHaveBeenCalled();
      expect(subs.reduce((n, s) => n + s.rec.changes.length, 0)).toBeGreaterThan(300);
    });
  }
});
