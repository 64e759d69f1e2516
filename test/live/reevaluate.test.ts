/**
 * The re-evaluated path: joins, aggregates, ORDER BY … LIMIT, windows, DISTINCT and subqueries
 * are re-run after a commit that touches a table they read, and diffed by key (or as a
 * multiset when the rows have no key).
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine/index.ts';
import { bag, Recorder, rootEngine } from './helpers.ts';

let engine: Engine;
let root: string;
let run: (sql: string, params?: unknown[]) => Promise<unknown[][]>;

beforeEach(async () => {
  ({ engine, root, run } = await rootEngine());
  await run('CREATE TABLE users (id INT PRIMARY KEY, name TEXT)');
  await run('CREATE TABLE msgs (id INT PRIMARY KEY, uid INT, room TEXT, n INT)');
  await run("INSERT INTO users VALUES (1, 'ann'), (2, 'bo')");
  await run("INSERT INTO msgs VALUES (1, 1, 'a', 5), (2, 2, 'a', 7), (3, 1, 'b', 1)");
});

async function sub(sql: string, params: unknown[] = []): Promise<Recorder> {
  const r = new Recorder();
  await engine.subscribe(root, sql, params, r);
  return r;
}

async function expectReplica(r: Recorder, sql: string, params: unknown[] = []): Promise<void> {
  expect(bag(r.replica as never)).toEqual(bag((await run(sql, params)) as never));
}

describe('re-evaluated subscriptions', () => {
  it('diffs a join by both sides\' keys', async () => {
    const q = 'SELECT m.id, u.id AS uid, u.name, m.n FROM msgs m JOIN users u ON u.id = m.uid';
    const r = await sub(q);
    await run("UPDATE users SET name = 'anne' WHERE id = 1");
    expect(r.last.updates.map((x) => x[0]).sort()).toEqual([1, 3]);
    expect(r.last.deletes).toEqual([]);
    await run('INSERT INTO msgs VALUES (4, 2, \'c\', 0)');
    expect(r.last).toEqual({ deletes: [], updates: [], updatesOld: [], inserts: [[4, 2, 'bo', 0]] });
    await run('DELETE FROM users WHERE id = 2');
    expect(r.last.deletes.map((x) => x[0]).sort()).toEqual([2, 4]);
    await expectReplica(r, q);
  });

  it('diffs an aggregate by its GROUP BY columns', async () => {
    const q = 'SELECT room, count(*) AS c, sum(n) AS s FROM msgs GROUP BY room';
    const r = await sub(q);
    await run("INSERT INTO msgs VALUES (4, 2, 'b', 10)");
    expect(r.last).toEqual({ deletes: [], updates: [['b', 2n, 11n]], updatesOld: [['b', 1n, 1n]], inserts: [] });
    await run("INSERT INTO msgs VALUES (5, 2, 'z', 1)");
    expect(r.last.inserts).toEqual([['z', 1n, 1n]]);
    await run("DELETE FROM msgs WHERE room = 'a'");
    expect(r.last.deletes).toEqual([['a', 2n, 12n]]);
    await expectReplica(r, q);
  });

  it('keeps an aggregate without GROUP BY as one row that updates', async () => {
    const r = await sub('SELECT count(*) AS c, max(n) AS m FROM msgs');
    await run("INSERT INTO msgs VALUES (9, 1, 'a', 100)");
    expect(r.last).toEqual({ deletes: [], updates: [[4n, 100]], updatesOld: [[3n, 7]], inserts: [] });
  });

  it('follows ORDER BY … LIMIT: rows entering and leaving the top', async () => {
    const q = 'SELECT id, n FROM msgs ORDER BY n DESC LIMIT 2';
    const r = await sub(q);
    expect(r.initial).toEqual([[2, 7], [1, 5]]);
    await run("INSERT INTO msgs VALUES (4, 1, 'a', 6)");
    expect(r.last).toEqual({ deletes: [[1, 5]], updates: [], updatesOld: [], inserts: [[4, 6]] });
    await run("INSERT INTO msgs VALUES (5, 1, 'a', 0)");   // below the top: nothing
    expect(r.changes).toHaveLength(1);
    await run('UPDATE msgs SET n = 8 WHERE id = 4');
    expect(r.last).toEqual({ deletes: [], updates: [[4, 8]], updatesOld: [[4, 6]], inserts: [] });
    await expectReplica(r, q);
  });

  it('follows window functions and subqueries', async () => {
    const w = 'SELECT id, room, row_number() OVER (PARTITION BY room ORDER BY id) AS rn FROM msgs';
    const rw = await sub(w);
    const s = "SELECT id FROM users WHERE id IN (SELECT uid FROM msgs WHERE room = 'b')";
    const rs = await sub(s);
    await run("INSERT INTO msgs VALUES (0, 2, 'b', 3)");
    expect(rw.last.updates).toEqual([[3, 'b', 2n]]);
    expect(rw.last.inserts).toEqual([[0, 'b', 1n]]);
    expect(rs.last.inserts).toEqual([[2]]);
    await expectReplica(rw, w);
    await expectReplica(rs, s);
  });

  it('diffs rows without a key as a multiset', async () => {
    const q = 'SELECT room FROM msgs';
    const r = await sub(q);
    await run("INSERT INTO msgs VALUES (4, 1, 'a', 0)");
    expect(r.last).toEqual({ deletes: [], updates: [], updatesOld: [], inserts: [['a']] });
    await run("UPDATE msgs SET room = 'c' WHERE id = 1");   // incremental, by _seq
    await run('DELETE FROM msgs WHERE id = 4');
    await expectReplica(r, q);
    await run("DELETE FROM msgs WHERE room = 'a'");
    const d = 'SELECT DISTINCT room FROM msgs';
    const rd = await sub(d);
    await run("INSERT INTO msgs VALUES (5, 1, 'a', 0), (6, 1, 'a', 0)");
    expect(rd.last.inserts).toEqual([['a']]);
    await run("DELETE FROM msgs WHERE room = 'a'");
    expect(rd.last.deletes).toEqual([['a']]);
    const u = 'SELECT room FROM msgs UNION ALL SELECT room FROM msgs';
    const ru = await sub(u);
    await run("INSERT INTO msgs VALUES (7, 1, 'q', 0)");
    expect(ru.last.inserts).toEqual([['q'], ['q']]);
    await expectReplica(ru, u);
  });

  it('re-runs only when a table it reads changed', async () => {
    await run('CREATE TABLE unrelated (x INT)');
    const r = await sub('SELECT room, count(*) FROM msgs GROUP BY room');
    let runs = 0;
    const op = (engine.state.live.registry as unknown as { subs: Map<string, { plan: { op: { run: (c: unknown) => unknown } } }> }).subs.values().next().value!.plan.op;
    const orig = op.run.bind(op);
    op.run = (c) => { runs++; return orig(c); };
    await run('INSERT INTO unrelated VALUES (1)');
    await run("UPDATE users SET name = 'x'");
    expect(runs).toBe(0);
    await run("INSERT INTO msgs VALUES (9, 1, 'a', 1)");
    expect(runs).toBe(1);
    expect(r.changes).toHaveLength(1);
  });
});
