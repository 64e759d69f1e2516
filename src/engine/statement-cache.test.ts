import { describe, expect, it } from 'vitest';
import { StatementCache } from './statement-cache.ts';
import { createEngine } from './index.ts';

describe('StatementCache.shaped', () => {
  it('answers a repeated text from its recent-text table: the shared statement, a fresh copy of the parameters', () => {
    const c = new StatementCache();
    const a = c.shaped("SELECT * FROM t WHERE id = 42 AND name = 'x'")!;
    const b = c.shaped("SELECT * FROM t WHERE id = 42 AND name = 'x'")!;
    expect(b.params).toEqual([42, 'x']);
    expect(b.stmt).toBe(a.stmt);
    expect(b.params).not.toBe(a.params);
    b.params[0] = 7;   // a caller changing its copy changes no later answer
    expect(c.shaped("SELECT * FROM t WHERE id = 42 AND name = 'x'")!.params).toEqual([42, 'x']);
    // another literal: the same shape, its own values
    const d = c.shaped("SELECT * FROM t WHERE id = 43 AND name = 'y'")!;
    expect(d.stmt).toBe(a.stmt);
    expect(d.params).toEqual([43, 'y']);
    expect(c.shaped('SELECT * FROM t')).toBeNull();
    expect(c.shaped('SELECT * FROM t')).toBeNull();
  });

  it('keeps answers exact when many texts share slots of the table', async () => {
    const e = createEngine();
    const root = await e.login('root', '');
    await e.execute(root, 'CREATE TABLE t (id INT PRIMARY KEY, v TEXT)');
    await e.execute(root, "INSERT INTO t SELECT g, 'v' || g FROM generate_series(1, 500) AS g");
    for (let round = 0; round < 2; round++) {
      for (const id of [1, 17, 33, 250, 499, 17, 1, 500]) {
        const r = await e.execute(root, `SELECT v FROM t WHERE id = ${id}`);
        expect((r.vectors[0]!.data as string[])[0]).toBe(`v${id}`);
      }
      for (let id = 1; id <= 500; id += 7) {
        const r = await e.execute(root, `SELECT v FROM t WHERE id = ${id}`);
        expect((r.vectors[0]!.data as string[])[0]).toBe(`v${id}`);
      }
    }
  });
});
