import { describe, expect, it } from 'vitest';
import { parseStatement } from './parser.ts';
import { findLiteralSlots, shapeKey } from './shape.ts';
import { createEngine } from '../engine/index.ts';

describe('query shapes', () => {
  it('shares the key across condition literals only', () => {
    const a = shapeKey('SELECT * FROM t WHERE id = 1')!;
    const b = shapeKey("SELECT * FROM t WHERE id = 22")!;
    expect(a.key).toBe(b.key);
    expect(shapeKey('SELECT * FROM t WHERE id = $1')).toBeNull();
    expect(shapeKey('INSERT INTO t VALUES (1)')).toBeNull();
    expect(shapeKey('SELECT 1; SELECT 2')).toBeNull();
  });

  it('refuses literals outside WHERE/ON (select list, ORDER BY ordinal, casts, functions)', () => {
    for (const sql of ['SELECT 1 FROM t', 'SELECT a FROM t ORDER BY 1', "SELECT a FROM t WHERE d = '2024-01-01'::date", 'SELECT a FROM t WHERE abs(a - 1) = 2', 'SELECT a FROM t GROUP BY a HAVING a > 1']) {
      const k = shapeKey(sql)!;
      expect(findLiteralSlots(parseStatement(sql), k), sql).toBeNull();
    }
    const sql = 'SELECT a FROM t JOIN u ON u.x = t.a + 1 WHERE t.b > -5 AND t.c IN (1, 2)';
    const slots = findLiteralSlots(parseStatement(sql), shapeKey(sql)!)!;
    expect(slots.map((s) => s.negated)).toEqual([false, true, false, false]);
  });

  it('gives each text its own literal values through one shared plan', async () => {
    const e = createEngine();
    const s = await e.login('root', '');
    await e.execute(s, 'CREATE TABLE t (id INT PRIMARY KEY, name TEXT, v DOUBLE)');
    await e.execute(s, "INSERT INTO t VALUES (1, 'a', 1.5), (2, 'b', -2.5), (3, 'c', 3.5)");
    const name = async (sql: string) => {
      const r = await e.execute(s, sql);
      return Array.from({ length: r.length }, (_, i) => (r.vectors[0]!.data as string[])[i]);
    };
    expect(await name('SELECT name FROM t WHERE id = 1')).toEqual(['a']);
    expect(await name('SELECT name FROM t WHERE id = 3')).toEqual(['c']);
    expect(await name('SELECT name FROM t WHERE id = 1')).toEqual(['a']);
    expect(await name("SELECT name FROM t WHERE name = 'b'")).toEqual(['b']);
    expect(await name("SELECT name FROM t WHERE name = 'c'")).toEqual(['c']);
    expect(await name('SELECT name FROM t WHERE v < -2 ORDER BY name')).toEqual(['b']);
    expect(await name('SELECT name FROM t WHERE v < 2 ORDER BY name')).toEqual(['a', 'b']);
    // a string literal compared with an integer column is typed by context, and bad input fails at run time
    await expect(e.execute(s, "SELECT name FROM t WHERE id = 'x'")).rejects.toMatchObject({ code: '22P02' });
    expect(await name("SELECT name FROM t WHERE id = '2'")).toEqual(['b']);
  });
});
