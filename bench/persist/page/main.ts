/**
 * The persistence benchmark page (bench/persist/run.ts drives it): InkDB through its Worker with
 * IndexedDB storage (`openDatabase` browser defaults), and PGlite with its IndexedDB file system
 * (`new PGlite('idb://…')`, on the page's main thread), on the same rows.
 *
 * Workloads (all timed in the page with `performance.now()`):
 * - `insertLatency`: single-row autocommit INSERTs awaited one by one (after 20 warm-up inserts):
 *   every latency, for the median and p95, with strict and relaxed durability;
 * - `txn1000`: BEGIN, 1,000 single-row INSERTs, COMMIT;
 * - `bulk`: one bulk load of n rows (InkDB: `table.insert(rows)`; PGlite: `COPY … FROM` a TSV blob,
 *   the serialization included);
 * - `prepare1M` (untimed) then, after a page reload, `openFirstQuery`: from opening the database to
 *   the answer of its first query, over 1,000,000 stored rows (InkDB: flushed to Arrow segments).
 * @module
 */
import { PGlite } from '@electric-sql/pglite';
import { openDatabase, type Database } from '../../../src/index.ts';

/** One row of the benchmark table (the shape of the main bench's `events`). */
interface Row { id: number; user_id: number; kind: string; value: number; ts: number }

const KINDS = ['click', 'view', 'purchase', 'signup', 'logout'];

function row(i: number): Row {
  return { id: i, user_id: i % 1000, kind: KINDS[i % 5]!, value: (i % 997) * 0.5, ts: 1_700_000_000 + i };
}

const CREATE_INK = 'CREATE TABLE events (id INT PRIMARY KEY, user_id INT, kind TEXT, value DOUBLE, ts INT)';
const CREATE_PG = 'CREATE TABLE IF NOT EXISTS events (id INTEGER PRIMARY KEY, user_id INTEGER, kind TEXT, value DOUBLE PRECISION, ts INTEGER)';
const INSERT = 'INSERT INTO events VALUES ($1, $2, $3, $4, $5)';
const FIRST_QUERY = 'SELECT count(*) AS n, sum(value) AS s FROM events';

const params = (r: Row): unknown[] => [r.id, r.user_id, r.kind, r.value, r.ts];
const tsv = (rows: readonly Row[]): Blob => new Blob([rows.map((r) => `${r.id}\t${r.user_id}\t${r.kind}\t${r.value}\t${r.ts}\n`).join('')]);

async function ink(name: string, durability: 'strict' | 'relaxed' = 'strict'): Promise<{ db: Database; q: (sql: string, p?: unknown[]) => Promise<unknown> }> {
  const memory = (globalThis as { benchMemory?: boolean }).benchMemory === true;
  const db = await openDatabase({ name, durability, ...(memory ? { storage: 'memory' as const } : {}) });
  if (!db.inWorker) throw new Error('expected the engine in a Worker');
  const s = await db.login('root', '');
  return { db, q: (sql, p) => s.query(sql, p) };
}

async function pg(name: string, relaxed = false): Promise<PGlite> {
  const p = new PGlite(`idb://${name}`, { relaxedDurability: relaxed });
  await p.waitReady;
  return p;
}

/** The page API. */
const api = {
  async insertLatency(engine: 'inkdb' | 'pglite', name: string, durability: 'strict' | 'relaxed', n: number): Promise<number[]> {
    const times: number[] = [];
    if (engine === 'inkdb') {
      const { db, q } = await ink(name, durability);
      await q(CREATE_INK);
      for (let i = 0; i < 20; i++) await q(INSERT, params(row(-1 - i)));
      for (let i = 0; i < n; i++) {
        const t0 = performance.now();
        await q(INSERT, params(row(i)));
        times.push(performance.now() - t0);
      }
      await db.close();
    } else {
      const p = await pg(name, durability === 'relaxed');
      await p.exec(CREATE_PG);
      for (let i = 0; i < 20; i++) await p.query(INSERT, params(row(-1 - i)));
      for (let i = 0; i < n; i++) {
        const t0 = performance.now();
        await p.query(INSERT, params(row(i)));
        times.push(performance.now() - t0);
      }
      await p.close();
    }
    return times;
  },

  async txn1000(engine: 'inkdb' | 'pglite', name: string, runs: number): Promise<number[]> {
    const times: number[] = [];
    if (engine === 'inkdb') {
      const { db, q } = await ink(name);
      await q(CREATE_INK);
      for (let k = 0; k < runs; k++) {
        const t0 = performance.now();
        await q('BEGIN');
        for (let i = 0; i < 1000; i++) await q(INSERT, params(row(k * 1000 + i)));
        await q('COMMIT');
        times.push(performance.now() - t0);
      }
      await db.close();
    } else {
      const p = await pg(name);
      await p.exec(CREATE_PG);
      for (let k = 0; k < runs; k++) {
        const t0 = performance.now();
        await p.query('BEGIN');
        for (let i = 0; i < 1000; i++) await p.query(INSERT, params(row(k * 1000 + i)));
        await p.query('COMMIT');
        times.push(performance.now() - t0);
      }
      await p.close();
    }
    return times;
  },

  async bulk(engine: 'inkdb' | 'pglite', name: string, n: number, runs: number): Promise<number[]> {
    const times: number[] = [];
    for (let k = 0; k < runs; k++) {
      const rows: Row[] = [];
      for (let i = 0; i < n; i++) rows.push(row(i));
      const table = `events${k}`;
      if (engine === 'inkdb') {
        const { db, q } = await ink(`${name}-${k}`);
        await q(CREATE_INK.replace('events', table));
        const s = await db.login('root', '');
        const t0 = performance.now();
        await s.table(table).insert(rows as unknown as Record<string, unknown>[]);
        times.push(performance.now() - t0);
        await db.close();
      } else {
        const p = await pg(`${name}-${k}`);
        await p.exec(CREATE_PG.replace('events', table));
        const t0 = performance.now();
        await p.query(`COPY ${table} FROM '/dev/blob'`, [], { blob: tsv(rows) });
        times.push(performance.now() - t0);
        await p.close();
      }
    }
    return times;
  },

  async prepare1M(engine: 'inkdb' | 'pglite', name: string, n: number): Promise<void> {
    const CH = 100_000;
    if (engine === 'inkdb') {
      const { db, q } = await ink(name);
      await q(CREATE_INK);
      const s = await db.login('root', '');
      for (let off = 0; off < n; off += CH) {
        const rows: Row[] = [];
        for (let i = off; i < Math.min(n, off + CH); i++) rows.push(row(i));
        await s.table('events').insert(rows as unknown as Record<string, unknown>[]);
      }
      await q('STORAGE FLUSH ALL');
      await db.close();
    } else {
      const p = await pg(name);
      await p.exec(CREATE_PG);
      for (let off = 0; off < n; off += CH) {
        const rows: Row[] = [];
        for (let i = off; i < Math.min(n, off + CH); i++) rows.push(row(i));
        await p.query("COPY events FROM '/dev/blob'", [], { blob: tsv(rows) });
      }
      await p.close();
    }
  },

  async openFirstQuery(engine: 'inkdb' | 'pglite', name: string): Promise<{ ms: number; answer: string }> {
    const t0 = performance.now();
    let answer: string;
    if (engine === 'inkdb') {
      const db = await openDatabase({ name });
      const s = await db.login('root', '');
      const r = await s.query(FIRST_QUERY);
      const ms = performance.now() - t0;
      answer = JSON.stringify(r.rowArrays()[0], (_k, v: unknown) => (typeof v === 'bigint' ? Number(v) : v));
      await db.close();
      return { ms, answer };
    }
    const p = new PGlite(`idb://${name}`);
    await p.waitReady;
    const r = await p.query<{ n: number; s: number }>(FIRST_QUERY);
    const ms = performance.now() - t0;
    answer = JSON.stringify([Number(r.rows[0]!.n), Number(r.rows[0]!.s)]);
    await p.close();
    return { ms, answer };
  },
};

(globalThis as unknown as { persistBench: typeof api }).persistBench = api;
document.getElementById('status')!.textContent = 'ready';
document.body.dataset.ready = 'true';
