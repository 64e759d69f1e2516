/**
 * The incremental path: filter-and-project subscriptions over one table, maintained from each
 * commit's change set. Every change kind, NULLs in filters, rows moving in and out of the
 * filter, multi-row and multi-table transactions, rollbacks, and key pairing.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine/index.ts';
import { bag, Recorder, rootEngine } from './helpers.ts';

let engine: Engine;
let root: string;
let run: (sql: string, params?: unknown[]) => Promise<unknown>;

beforeEach(async () => {
  ({ engine, root, run } = await rootEngine());
  await run('CREATE TABLE t (id INT PRIMARY KEY, a INT, b TEXT)');
  await run("INSERT INTO t VALUES (1, 10, 'x'), (2, 20, 'y'), (3, NULL, 'z')");
});

async function sub(sql: string, params: unknown[] = []): Promise<Recorder> {
  const r = new Recorder();
  await engine.subscribe(root, sql, params, r);
  return r;
}

describe('incremental subscriptions', () => {
  it('uses the incremental path for filter-and-project queries and the diff path otherwise', async () => {
    await sub('SELECT id, b FROM t WHERE a > 5 ORDER BY id');
    await sub('SELECT a, count(*) FROM t GROUP BY a');
    const subs = [...(engine.state.live.registry as unknown as { subs: Map<string, { incremental: unknown }> }).subs.values()];
    expect(subs.map((s) => s.incremental !== null)).toEqual([true, false]);
  });

  it('delivers the initial rows once, then an insert', async () => {
    const r = await sub('SELECT id, b FROM t WHERE a >= $1', [15]);
    expect(r.initial).toEqual([[2, 'y']]);
    await run("INSERT INTO t VALUES (4, 40, 'w'), (5, 1, 'no')");
    expect(r.changes).toEqual([{ deletes: [], updates: [], updatesOld: [], inserts: [[4, 'w']] }]);
    expect(r.events.filter((e) => e.kind === 'initial')).toHaveLength(1);
  });

  it('delivers updates with their old rows, matched by primary key', async () => {
    const r = await sub('SELECT id, a, b FROM t WHERE a IS NOT NULL');
    await run("UPDATE t SET b = 'xx', a = 11 WHERE id = 1");
    expect(r.last).toEqual({ deletes: [], updates: [[1, 11, 'xx']], updatesOld: [[1, 10, 'x']], inserts: [] });
    const ev = r.events[r.events.length - 1]!;
    expect(ev.kind === 'change' && ev.updates?.keys).toEqual([1]);
  });

  it('delivers deletes with the deleted rows', async () => {
    const r = await sub('SELECT * FROM t');
    await run('DELETE FROM t WHERE id IN (1, 3)');
    expect(r.last).toEqual({ deletes: [[1, 10, 'x'], [3, null, 'z']], updates: [], updatesOld: [], inserts: [] });
  });

  it('treats NULLs in filters with three-valued logic', async () => {
    const r = await sub('SELECT id FROM t WHERE a <> 10');
    expect(r.initial).toEqual([[2]]);
    await run('UPDATE t SET a = 5 WHERE id = 3');          // NULL → 5: enters the filter
    expect(r.last.inserts).toEqual([[3]]);
    await run('UPDATE t SET a = NULL WHERE id = 2');       // 20 → NULL: leaves it
    expect(r.last.deletes).toEqual([[2]]);
    await run("INSERT INTO t VALUES (9, NULL, 'n')");      // NULL never matches <>
    expect(r.changes).toHaveLength(2);
    const nulls = await sub('SELECT id FROM t WHERE a IS NULL');
    expect(nulls.initial).toEqual([[2], [9]]);
    await run('UPDATE t SET a = 1 WHERE id = 9');
    expect(nulls.last.deletes).toEqual([[9]]);
  });

  it('turns an UPDATE that moves a row into or out of the filter into an insert or a delete', async () => {
    const r = await sub('SELECT id, a FROM t WHERE a BETWEEN 15 AND 25');
    await run('UPDATE t SET a = 16 WHERE id = 1');
    expect(r.last).toEqual({ deletes: [], updates: [], updatesOld: [], inserts: [[1, 16]] });
    await run('UPDATE t SET a = 99 WHERE id = 2');
    expect(r.last).toEqual({ deletes: [[2, 20]], updates: [], updatesOld: [], inserts: [] });
    await run('UPDATE t SET a = a + 1 WHERE id IN (1, 2)');   // 16 → 17 stays, 99 → 100 stays out
    expect(r.last).toEqual({ deletes: [], updates: [[1, 17]], updatesOld: [[1, 16]], inserts: [] });
    expect(r.changes).toHaveLength(3);
  });

  it('delivers nothing for an update of columns the query does not read, or one that changes nothing visible', async () => {
    const r = await sub('SELECT id FROM t WHERE a > 0');
    await run("UPDATE t SET b = 'changed'");
    await run('UPDATE t SET a = a + 1 WHERE id = 1');      // read by the filter, but the output stays [1]
    expect(r.changes).toEqual([]);
  });

  it('computes projected expressions on both images', async () => {
    const r = await sub("SELECT id, a * 2 AS twice, upper(b) || '!' AS shout FROM t WHERE b LIKE '%'");
    await run("UPDATE t SET b = 'q' WHERE id = 2");
    expect(r.last).toEqual({ deletes: [], updates: [[2, 40, 'Q!']], updatesOld: [[2, 40, 'Y!']], inserts: [] });
  });

  it('groups a multi-row, multi-statement transaction into one change per kind', async () => {
    const r = await sub('SELECT id, a FROM t WHERE a IS NOT NULL');
    await run("BEGIN; INSERT INTO t VALUES (4, 4, 'a'); INSERT INTO t VALUES (5, 5, 'b'); UPDATE t SET a = 21 WHERE id = 2; DELETE FROM t WHERE id = 1; COMMIT");
    expect(r.changes).toEqual([{ deletes: [[1, 10]], updates: [[2, 21]], updatesOld: [[2, 20]], inserts: [[4, 4], [5, 5]] }]);
  });

  it('delivers nothing for a row inserted and deleted in one transaction, or for a rollback', async () => {
    const r = await sub('SELECT * FROM t');
    await run("BEGIN; INSERT INTO t VALUES (7, 7, 'tmp'); DELETE FROM t WHERE id = 7; COMMIT");
    await run("BEGIN; INSERT INTO t VALUES (8, 8, 'gone'); UPDATE t SET a = 0; ROLLBACK");
    await expect(run("INSERT INTO t VALUES (9, 9, 'a'), (1, 1, 'dup')")).rejects.toMatchObject({ code: '23505' });
    expect(r.changes).toEqual([]);
    expect(bag(r.replica)).toEqual(bag((await run('SELECT * FROM t')) as never));
  });

  it('pairs a delete and a re-insert of the same primary key into an update', async () => {
    const r = await sub('SELECT id, b FROM t');
    await run("BEGIN; DELETE FROM t WHERE id = 2; INSERT INTO t VALUES (2, 0, 'again'); COMMIT");
    expect(r.last).toEqual({ deletes: [], updates: [[2, 'again']], updatesOld: [[2, 'y']], inserts: [] });
    // a key that changes is a delete plus an insert
    await run('UPDATE t SET id = 20 WHERE id = 2');
    expect(r.last).toEqual({ deletes: [[2, 'again']], updates: [], updatesOld: [], inserts: [[20, 'again']] });
  });

  it('keys rows by _seq in tables without a primary key', async () => {
    await run('CREATE TABLE log (msg TEXT)');
    await run("INSERT INTO log VALUES ('a'), ('a')");
    const r = await sub('SELECT msg FROM log');
    await run("UPDATE log SET msg = 'b' WHERE msg = 'a'");
    expect(r.last.updates).toEqual([['b'], ['b']]);
    const ev = r.events[r.events.length - 1]!;
    const keys = ev.kind === 'change' ? ev.updates!.keys! : [];
    expect(keys).toHaveLength(2);
    expect(typeof keys[0]).toBe('bigint');
    expect(keys[0]).not.toBe(keys[1]);
  });

  it('follows only its own table in a multi-table transaction', async () => {
    await run('CREATE TABLE other (id INT)');
    const r = await sub('SELECT id FROM t WHERE id > 1');
    const o = await sub('SELECT id FROM other');
    await run("BEGIN; INSERT INTO other VALUES (1); INSERT INTO t VALUES (6, 6, 'six'); COMMIT");
    expect(r.changes).toEqual([{ deletes: [], updates: [], updatesOld: [], inserts: [[6]] }]);
    expect(o.changes).toEqual([{ deletes: [], updates: [], updatesOld: [], inserts: [[1]] }]);
  });

  it('finds equality subscriptions through the index and keeps them exact', async () => {
    const rooms = await Promise.all([10, 20, 30].map((a) => sub('SELECT id FROM t WHERE a = $1', [a])));
    await run("INSERT INTO t VALUES (4, 30, 'p')");
    await run('UPDATE t SET a = 30 WHERE id = 1');          // leaves room 10, enters room 30
    expect(rooms[0]!.changes).toEqual([{ deletes: [[1]], updates: [], updatesOld: [], inserts: [] }]);
    expect(rooms[1]!.changes).toEqual([]);
    expect(rooms[2]!.changes.map((c) => c.inserts)).toEqual([[[4]], [[1]]]);
  });

  it('ends a subscription whose filter fails on a new row, with the error', async () => {
    const r = await sub('SELECT id FROM t WHERE 100 / a > 1');
    await run("INSERT INTO t VALUES (4, 0, 'zero')");
    expect(r.errors).toEqual([{ code: '22012', message: 'division by zero' }]);
    await run("INSERT INTO t VALUES (5, 1, 'one')");
    expect(r.changes).toEqual([]);
  });

  it('matches the engine on every row after a series of statements (replica check)', async () => {
    const r = await sub("SELECT id, a, b FROM t WHERE a IS NULL OR (a % 2 = 0 AND b <> 'q')");
    await run("INSERT INTO t SELECT g, g * 3, CASE WHEN g % 5 = 0 THEN 'q' ELSE 'r' END FROM generate_series(10, 60) AS g");
    await run('UPDATE t SET a = a + 1 WHERE id % 3 = 0');
    await run('DELETE FROM t WHERE id % 7 = 0');
    await run('UPDATE t SET a = NULL WHERE id % 11 = 0');
    expect(bag(r.replica)).toEqual(bag((await run("SELECT id, a, b FROM t WHERE a IS NULL OR (a % 2 = 0 AND b <> 'q')")) as never));
  });
});
