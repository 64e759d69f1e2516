/**
 * The property that defines a live query: after any sequence of transactions (commits,
 * rollbacks, failed statements, several sessions and users), the initial rows plus every
 * delivered change equal a fresh run of the query. Random transactions from a seeded generator
 * against subscriptions of every shape (incremental and re-evaluated).
 */
import { describe, expect, it } from 'vitest';
import { rowArrays } from '../../src/live/values.ts';
import { bag, Recorder, rootEngine } from './helpers.ts';
import { mulberry32 } from '../helpers/mulberry32.ts';

const rng = mulberry32;

const SHARED_QUERIES: readonly [string, unknown[]][] = [
  ['SELECT * FROM t', []],
  ['SELECT id, v FROM t WHERE g = $1', [1]],
  ['SELECT id, v FROM t WHERE g = $1', [2]],
  ['SELECT id, v, s FROM t WHERE v > 50 OR s IS NULL', []],
  ["SELECT id, v + g AS x, upper(s) AS us FROM t WHERE s LIKE 'a%' AND v IS NOT NULL", []],
  ['SELECT s FROM t WHERE g <> 0', []],
  ['SELECT g, count(*) AS c, sum(v) AS total FROM t GROUP BY g', []],
  ['SELECT t.id, u.label FROM t JOIN u ON u.gid = t.g', []],
  ['SELECT t.id, u.label FROM t LEFT JOIN u ON u.gid = t.g WHERE t.v < 30', []],
  ['SELECT id, v FROM t ORDER BY v DESC, id LIMIT 5', []],
  ['SELECT DISTINCT s FROM t', []],
  ['SELECT g FROM t UNION ALL SELECT gid FROM u', []],
  ['SELECT id FROM t WHERE g IN (SELECT gid FROM u WHERE label IS NOT NULL)', []],
  ['SELECT count(*) AS n, max(v) AS m FROM t', []],
];

const USER_QUERIES: readonly string[] = ['SELECT * FROM n', 'SELECT k, count(*) FROM n GROUP BY k', 'SELECT id FROM n WHERE k = 1'];

describe('randomized: initial rows plus changes equal a fresh run', () => {
  for (const seed of [1, 2, 3]) {
    it(`seed ${seed}`, async () => {
      const rand = rng(seed);
      const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
      const int = (n: number): number => Math.floor(rand() * n);
      const { engine, root } = await rootEngine();
      await engine.execute(root, 'CREATE TABLE t (id INT PRIMARY KEY, g INT, v INT, s TEXT)');
      await engine.execute(root, 'CREATE TABLE u (gid INT PRIMARY KEY, label TEXT)');
      await engine.execute(root, 'CREATE USER TABLE n (id INT PRIMARY KEY, k INT)');
      const alice = await engine.openSession('alice', { create: true });
      const bob = await engine.openSession('bob', { create: true });
      const sessions = [root, alice, bob];
      const subs: { rec: Recorder; session: string; sql: string; params: unknown[] }[] = [];
      for (const [sql, params] of SHARED_QUERIES) {
        const rec = new Recorder();
        await engine.subscribe(root, sql, params, rec);
        subs.push({ rec, session: root, sql, params });
      }
      for (const s of [alice, bob]) {
        for (const sql of USER_QUERIES) {
          const rec = new Recorder();
          await engine.subscribe(s, sql, [], rec);
          subs.push({ rec, session: s, sql, params: [] });
        }
      }
      const sv = (): string => (rand() < 0.15 ? 'NULL' : `'${pick(['a', 'ab', 'b', 'ba', 'c'])}'`);
      const nv = (max: number): string => (rand() < 0.1 ? 'NULL' : String(int(max)));
      const statement = (): [string, string] => {
        const r = rand();
        const who = rand() < 0.6 ? root : pick([alice, bob]);
        if (who !== root) {
          if (r < 0.5) return [who, `INSERT INTO n VALUES (${int(12)}, ${int(3)}) ON CONFLICT (id) DO UPDATE SET k = excluded.k`];
          if (r < 0.75) return [who, `UPDATE n SET k = ${int(3)} WHERE id % 3 = ${int(3)}`];
          return [who, `DELETE FROM n WHERE id = ${int(12)}`];
        }
        if (r < 0.35) {
          const rows = Array.from({ length: 1 + int(3) }, () => `(${int(40)}, ${nv(4)}, ${nv(100)}, ${sv()})`);
          return [root, `INSERT INTO t VALUES ${rows.join(', ')}${rand() < 0.8 ? ' ON CONFLICT (id) DO NOTHING' : ''}`];
        }
        if (r < 0.55) return [root, `UPDATE t SET v = ${rand() < 0.5 ? 'v + 7' : nv(100)}, s = ${rand() < 0.5 ? 's' : sv()} WHERE id % ${2 + int(5)} = ${int(2)}`];
        if (r < 0.62) return [root, `UPDATE t SET g = ${nv(4)} WHERE id = ${int(40)}`];
        if (r < 0.66) return [root, `UPDATE t SET id = id + 100 WHERE id = ${int(40)}`];
        if (r < 0.8) return [root, `DELETE FROM t WHERE id % ${3 + int(6)} = ${int(3)}`];
        if (r < 0.9) return [root, `INSERT INTO u VALUES (${int(4)}, ${sv()}) ON CONFLICT (gid) DO UPDATE SET label = excluded.label`];
        return [root, `DELETE FROM u WHERE gid = ${int(4)}`];
      };
      for (let step = 0; step < 150; step++) {
        const r = rand();
        try {
          if (r < 0.7) {
            const [who, sql] = statement();
            await engine.execute(who, sql);
          } else {
            const who = pick(sessions);
            await engine.execute(who, 'BEGIN');
            const n = 1 + int(4);
            for (let i = 0; i < n; i++) {
              const [w, sql] = statement();
              if (w !== who) continue;
              await engine.execute(who, sql).catch(() => undefined);
            }
            await engine.execute(who, rand() < 0.7 ? 'COMMIT' : 'ROLLBACK');
          }
        } catch (e) {
          expect((e as { code?: string }).code, String(e)).toMatch(/^(23505|22012)$/);
        }
        for (const s of subs) {
          const fresh = await engine.execute(s.session, s.sql, s.params);
          const rows = rowArrays({ length: fresh.length, vectors: fresh.vectors, keys: null });
          expect(s.rec.errors, s.sql).toEqual([]);
          expect(bag(s.rec.replica), `step ${step}: ${s.sql} ${JSON.stringify(s.params)}`).toEqual(bag(rows));
        }
      }
      const delivered = subs.reduce((n, s) => n + s.rec.changes.length, 0);
      expect(delivered).toBeGreaterThan(200);
    });
  }
});
