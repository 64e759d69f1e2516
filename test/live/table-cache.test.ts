/**
 * The cached shared-table handle: a main-thread copy kept current by a live subscription. It
 * must return exactly what the same SELECT through the engine returns, after any writes from
 * any session, in-process and across a Comlink channel; check rights per session; stay
 * bounded; and follow DDL.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Database, openDatabase } from '../../src/client/database.ts';
import { WorkerConnection } from '../../src/client/worker-connection.ts';
import type { SelectOptions, TableHandle } from '../../src/client/provider-registry.ts';
import type { Session } from '../../src/client/session.ts';
import { createEngine } from '../../src/engine/index.ts';
import { exposeEngine } from '../../src/worker/endpoint.ts';
import { mulberry32 } from '../helpers/mulberry32.ts';

const ports: MessagePort[] = [];
const dbs: Database[] = [];
afterEach(async () => {
  for (const d of dbs.splice(0)) await d.close();
  for (const p of ports.splice(0)) p.close();
});

const rng = mulberry32;

async function channelDatabase(): Promise<Database> {
  const { port1, port2 } = new MessageChannel();
  ports.push(port1, port2);
  exposeEngine(createEngine(), port1);
  const conn = await WorkerConnection.connect(port2, { engine: { storage: 'memory' } });
  const db = new Database('channel', conn, null);
  dbs.push(db);
  return db;
}

async function setup(db: Database): Promise<{ root: Session; svc: Session; alice: Session; bob: Session }> {
  const root = await db.login('root', '');
  await root.query('CREATE NAMESPACE app');
  await root.query("CREATE SHARED TABLE app.settings (id INT PRIMARY KEY, k TEXT, n INT, d DOUBLE, ok BOOLEAN, big BIGINT) WITH (ACCESS_LEVEL = 'public')");
  await root.query("CREATE SHARED TABLE app.secrets (id INT PRIMARY KEY, v TEXT) WITH (ACCESS_LEVEL = 'private')");
  await db.session({ user: 'svc', create: true });
  await root.query("ALTER USER 'svc' SET ROLE service");
  const svc = await db.session({ user: 'svc' });
  const alice = await db.session({ user: 'alice', create: true });
  const bob = await db.session({ user: 'bob', create: true });
  return { root, svc, alice, bob };
}

for (const mode of ['in-process', 'channel'] as const) {
  describe(`cached shared-table handle (${mode})`, () => {
    const open = async (): Promise<Database> => {
      if (mode === 'channel') return channelDatabase();
      const db = await openDatabase({ worker: false, storage: 'memory' });
      dbs.push(db);
      return db;
    };

    it('returns exactly what the engine returns, in a randomized run of writes and reads from several sessions', async () => {
      const db = await open();
      const { root, svc, alice, bob } = await setup(db);
      const rand = rng(mode === 'channel' ? 7 : 11);
      const int = (n: number): number => Math.floor(rand() * n);
      const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)]!;
      const readers = [root, svc, alice, bob];
      const handles = new Map<Session, TableHandle>(readers.map((s) => [s, s.table('app.settings', { type: 'shared', cache: true })]));
      expect(new Set([...handles.values()].map((h) => h.cache)).size).toBe(1);      // one copy per database
      const writers = [root, svc];
      const val = (): string => pick(['NULL', `'${pick(['a', 'b', 'c', 'B'])}'`]);
      const num = (): string => (rand() < 0.15 ? 'NULL' : String(int(6)));
      for (let step = 0; step < 120; step++) {
        const w = pick(writers);
        const r = rand();
        if (r < 0.4) {
          await w.query(`INSERT INTO app.settings VALUES (${int(30)}, ${val()}, ${num()}, ${rand() < 0.2 ? 'NULL' : (int(100) / 4).toString()}, ${pick(['true', 'false', 'NULL'])}, ${num()}) ON CONFLICT (id) DO NOTHING`);
        } else if (r < 0.6) {
          await w.query(`UPDATE app.settings SET n = ${num()}, k = ${val()} WHERE id % ${2 + int(4)} = ${int(2)}`);
        } else if (r < 0.7) {
          await w.query(`DELETE FROM app.settings WHERE id = ${int(30)}`);
        } else if (r < 0.8) {
          await w.query(`BEGIN; DELETE FROM app.settings WHERE id = ${int(30)}; INSERT INTO app.settings VALUES (${int(30)}, 'tx', 1, 1.5, true, 9) ON CONFLICT (id) DO UPDATE SET k = 'tx2'; ${rand() < 0.5 ? 'COMMIT' : 'ROLLBACK'}`);
        }
        const s = pick(readers);
        const cols = ['id', 'k', 'n', 'd', 'ok', 'big'];
        const opts: { -readonly [K in keyof SelectOptions]: SelectOptions[K] } = {};
        if (rand() < 0.5) {
          const where: Record<string, unknown> = {};
          const c = pick(['k', 'n', 'ok', 'big', 'id']);
          where[c] = c === 'k' ? pick([null, 'a', ['a', 'b'], []]) : c === 'ok' ? pick([true, false, null]) : c === 'big' ? pick([1n, 2, null, [3n, 4n]]) : pick([1, 2, null, [0, 3, 5]]);
          opts.where = where;
        }
        if (rand() < 0.6) opts.orderBy = Array.from({ length: 1 + int(2) }, () => pick(cols)).map((c) => (rand() < 0.5 ? c : { column: c, direction: pick(['asc', 'desc'] as const), ...(rand() < 0.5 ? { nulls: pick(['first', 'last'] as const) } : {}) }));
        if (rand() < 0.4) opts.limit = int(8);
        if (rand() < 0.3) opts.offset = int(5);
        if (rand() < 0.3) opts.columns = Array.from({ length: 1 + int(3) }, () => pick(cols));
        const h = handles.get(s)!;
        const fromCache = await h.select(opts);
        const q = h.toSql(opts);
        const fromEngine = await s.query(q.sql, q.params);
        expect(fromCache.columns, `step ${step} ${q.sql}`).toEqual(fromEngine.columns);
        expect(fromCache.rows, `step ${step} ${q.sql} ${JSON.stringify(q.params, (_k, v) => (typeof v === 'bigint' ? `${v}n` : v))}`).toEqual(fromEngine.rows);
        expect(fromCache.message).toBe(fromEngine.message);
      }
      const stats = handles.get(root)!.cache!.stats;
      expect(stats.loads).toBe(1);
      expect(stats.hits).toBeGreaterThan(100);
    });

    it('never returns old rows after a write was acknowledged, whichever session wrote', async () => {
      const db = await open();
      const { root, svc, bob } = await setup(db);
      const h = bob.table('app.settings', { type: 'shared', cache: true });
      expect((await h.select()).rows).toEqual([]);
      for (let i = 0; i < 20; i++) {
        await (i % 2 === 0 ? root : svc).query(`INSERT INTO app.settings (id, k) VALUES (${i}, 'v${i}')`);
        const r = await h.select({ where: { id: i } });
        expect(r.rows.map((x) => x['k'])).toEqual([`v${i}`]);
        await svc.query(`UPDATE app.settings SET k = 'w${i}' WHERE id = ${i}`);
        expect((await h.select({ where: { id: i } })).rows.map((x) => x['k'])).toEqual([`w${i}`]);
      }
      expect(h.cache!.stats.hits).toBeGreaterThanOrEqual(40);
    });

    it('checks each session\'s right to read, once per session', async () => {
      const db = await open();
      const { svc, alice } = await setup(db);
      const hs = svc.table('app.secrets', { type: 'shared', cache: true });
      const ha = alice.table('app.secrets', { type: 'shared', cache: true });
      expect(hs.cache).toBe(ha.cache);
      await svc.query("INSERT INTO app.secrets VALUES (1, 'x')");
      expect((await hs.select()).rows).toEqual([{ id: 1, v: 'x' }]);
      await expect(ha.select()).rejects.toMatchObject({ code: '42501' });
      await expect(ha.select({ where: { id: 1 } })).rejects.toMatchObject({ code: '42501' });
      expect((await hs.select()).rows).toEqual([{ id: 1, v: 'x' }]);
    });

    it('falls back to the engine past its row limit, for what it cannot answer exactly, and follows DDL', async () => {
      const db = await open();
      const { root } = await setup(db);
      const h = root.table('app.settings', { type: 'shared', cache: true, cacheRowLimit: 5 });
      await h.select();
      for (let i = 0; i < 4; i++) await root.query(`INSERT INTO app.settings (id) VALUES (${i})`);
      expect((await h.select()).rowCount).toBe(4);
      expect(h.cache!.ready).toBe(true);
      await root.query('INSERT INTO app.settings (id) VALUES (10), (11)');
      expect(h.cache!.ready).toBe(false);
      expect((await h.select()).rowCount).toBe(6);
      await root.query('DELETE FROM app.settings WHERE id >= 10');
      // DDL lets the copy load again; the new column shows up
      await root.query('ALTER TABLE app.settings ADD COLUMN extra TEXT');
      const misses = h.cache!.stats.misses;
      await h.select();
      expect(h.cache!.ready).toBe(true);
      expect((await h.select({ columns: ['id', 'extra'], where: { id: 1 } })).rows).toEqual([{ id: 1, extra: null }]);
      await expect(h.select({ where: { nope: 1 } })).rejects.toMatchObject({ code: '42703' });
      expect((await h.select({ where: { k: 5 } })).rows).toEqual([]);                 // the engine decides 5 vs TEXT
      expect(h.cache!.stats.misses).toBe(misses + 2);
    });
  });
}
