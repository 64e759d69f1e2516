import { describe, expect, it } from 'vitest';
import { freshProfile, openOn, rows } from '../helpers/persist.ts';

describe('persistence smoke', () => {
  it('reopens with the data', async () => {
    const prof = freshProfile();
    const e1 = await openOn(prof);
    const root = await e1.login('root', '');
    await e1.execute(root, 'CREATE TABLE t (id INT PRIMARY KEY, v TEXT)');
    await e1.execute(root, "INSERT INTO t VALUES (1, 'a'), (2, 'b')");
    await e1.execute(root, "UPDATE t SET v = 'B' WHERE id = 2");
    await e1.execute(root, "INSERT INTO t VALUES (3, 'c')");
    await e1.execute(root, 'DELETE FROM t WHERE id = 1');
    await e1.close();
    const e2 = await openOn(prof);
    const r2 = await e2.login('root', '');
    expect(await rows(e2, r2, 'SELECT id, v FROM t ORDER BY id')).toEqual([[2, 'B'], [3, 'c']]);
    await e2.execute(r2, 'STORAGE FLUSH ALL');
    await e2.execute(r2, "INSERT INTO t VALUES (4, 'd')");
    await e2.close();
    const e3 = await openOn(prof);
    const r3 = await e3.login('root', '');
    expect(await rows(e3, r3, 'SELECT id, v FROM t ORDER BY id')).toEqual([[2, 'B'], [3, 'c'], [4, 'd']]);
    expect(await rows(e3, r3, "SELECT job_type, status, rows FROM system.jobs")).toEqual([]);
    await e3.close();
  });
});
