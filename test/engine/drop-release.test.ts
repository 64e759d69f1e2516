/**
 * A dropped table lets go of its rows once the drop commits: plans cached for statements that
 * named it (kept while their statements stay in the caches) must not keep its columns alive.
 * A drop that is rolled back keeps every row.
 */
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../src/engine/index.ts';
import type { TableStorage } from '../../src/storage/table-storage.ts';

async function setup() {
  const engine = createEngine();
  const root = await engine.login('root', '');
  await engine.execute(root, 'CREATE TABLE t (id INT PRIMARY KEY, v TEXT); CREATE NAMESPACE app; CREATE TABLE app.u (a INT)');
  const ins = await engine.prepare(root, 'INSERT INTO t VALUES ($1, $2)');
  for (let i = 1; i <= 50; i++) await engine.executePrepared(root, ins, [i, `v${i % 3}`]);
  await engine.execute(root, 'INSERT INTO app.u SELECT g FROM generate_series(1, 20) AS g');
  const t = engine.state.catalog.findTable('default', 't') as TableStorage;
  const u = engine.state.catalog.findTable('app', 'u') as TableStorage;
  return { engine, root, ins, t, u };
}

const rowsOf = (s: TableStorage): number => [...s.partitions.values()].reduce((n, p) => n + p.length, 0);

describe('DROP TABLE releases the rows when it commits', () => {
  it('autocommit DROP TABLE: the storage holds no partition afterwards', async () => {
    const { engine, root, t } = await setup();
    expect(rowsOf(t)).toBe(50);
    await engine.execute(root, 'DROP TABLE t');
    expect(t.partitions.size).toBe(0);
    expect(engine.state.catalog.findTable('default', 't')).toBeUndefined();
  });

  it('a DROP rolled back keeps every row; committed later, it releases them', async () => {
    const { engine, root, t } = await setup();
    await engine.execute(root, 'BEGIN');
    await engine.execute(root, 'DROP TABLE t');
    expect(rowsOf(t)).toBe(50);   // not yet committed
    await engine.execute(root, 'ROLLBACK');
    expect(rowsOf(t)).toBe(50);
    const r = await engine.execute(root, 'SELECT count(*), min(id), max(id) FROM t');
    expect([...r.vectors.map((v) => Number((v.data as ArrayLike<number>)[0]))]).toEqual([50, 1, 50]);
    await engine.execute(root, 'BEGIN; DROP TABLE t; COMMIT');
    expect(t.partitions.size).toBe(0);
  });

  it('a DROP of several tables that fails on a later name keeps the rows of the first', async () => {
    const { engine, root, t } = await setup();
    const err = await engine.execute(root, 'DROP TABLE t, no_such_table').then(() => null, (e: unknown) => e as { code: string });
    expect(err?.code).toBe('42P01');
    expect(rowsOf(t)).toBe(50);
    expect(engine.state.catalog.findTable('default', 't')).toBe(t);
  });

  it('DROP NAMESPACE … CASCADE releases its tables; the engine goes on', async () => {
    const { engine, root, u, ins } = await setup();
    await engine.execute(root, 'DROP NAMESPACE app CASCADE');
    expect(u.partitions.size).toBe(0);
    // the prepared INSERT into the dropped-and-recreated table writes to the new one
    await engine.execute(root, 'DROP TABLE t; CREATE TABLE t (id INT PRIMARY KEY, v TEXT)');
    await engine.executePrepared(root, ins, [7, 'x']);
    const r = await engine.execute(root, 'SELECT id, v FROM t');
    expect(r.length).toBe(1);
    expect((r.vectors[1]!.data as string[])[0]).toBe('x');
  });
});
