/**
 * The runtime's Worker protocol together with what came beside it: a persisted engine opened
 * asynchronously behind the protocol (`open` → openEngine, fake-indexeddb handed over in the
 * worker's realm only), batched calls and column inserts going through the persistence commit
 * path and live queries (each call resolves only after the live batch its answer names was
 * applied, scripts included), NUMERIC values crossing exactly as text (value arrays, vectors,
 * parameters, column arrays, Arrow tables, live rows), the cached shared-table handle with
 * numerics, and the lazily built primary-key index after a reopen and after a flush.
 */
import { tableFromArrays } from 'apache-arrow';
import { afterEach, describe, expect, it } from 'vitest';
import { Database } from '../../src/client/database.ts';
import type { Session } from '../../src/client/session.ts';
import { WorkerConnection } from '../../src/client/worker-connection.ts';
import type { LiveChange } from '../../src/api/engine-api.ts';
import { openEngine, type Engine } from '../../src/engine/index.ts';
import type { DbError } from '../../src/errors/db-error.ts';
import { exposeEngine } from '../../src/worker/endpoint.ts';
import { freshProfile } from '../helpers/persist.ts';

type Profile = ReturnType<typeof freshProfile>;

const open: Database[] = [];
const ports: MessagePort[] = [];
afterEach(async () => {
  for (const db of open.splice(0)) await db.close();
  for (const p of ports.splice(0)) p.close();
});

/**
 * A client over the Worker protocol whose worker opens a persisted engine on `profile` (as the
 * worker entry does with openEngine; the IDBFactory stays on the worker's side).
 */
async function overChannel(profile: Profile): Promise<{ db: Database; engine: () => Engine }> {
  const { port1, port2 } = new MessageChannel();
  ports.push(port1, port2);
  let engine: Engine | null = null;
  exposeEngine(async (options) => (engine = await openEngine({ ...options, indexedDB: profile.factory, locks: profile.locks })), port1);
  const conn = await WorkerConnection.connect(port2, { engine: { name: 'seams', storage: 'indexeddb' } });
  const db = new Database('seams', conn, null);
  open.push(db);
  return { db, engine: () => engine! };
}

async function reopen(profile: Profile, db: Database): Promise<{ db: Database; engine: () => Engine }> {
  await db.close();
  open.splice(open.indexOf(db), 1);
  return overChannel(profile);
}

/** A live subscriber's view: the rows it holds, by id. */
function replica(): { rows: Map<number, Record<string, unknown>>; handlers: { onInitial: (r: readonly Record<string, unknown>[]) => void; onChange: (c: LiveChange) => void; onError: (e: unknown) => void }; errors: unknown[] } {
  const rows = new Map<number, Record<string, unknown>>();
  const errors: unknown[] = [];
  return {
    rows, errors,
    handlers: {
      onInitial: (r) => { for (const x of r) rows.set(x['id'] as number, x); },
      onChange: (c) => {
        for (const x of c.oldRows) rows.delete(x['id'] as number);
        for (const x of c.rows) rows.set(x['id'] as number, x);
      },
      onError: (e) => { errors.push(e); },
    },
  };
}

async function rejection(p: Promise<unknown>): Promise<DbError> {
  try {
    await p;
  } catch (e) {
    return e as DbError;
  }
  throw new Error('expected a rejection');
}

const sorted = (m: Map<number, Record<string, unknown>>): Record<string, unknown>[] => [...m.keys()].sort((a, b) => a - b).map((k) => m.get(k)!);

describe('a persisted engine behind the Worker protocol', () => {
  it('opens asynchronously; batched calls, column inserts and scripts are durable and reach live queries before they resolve', async () => {
    const profile = freshProfile();
    let { db, engine } = await overChannel(profile);
    expect(engine().state.persistence).not.toBeNull();
    let s: Session = await db.login('root', '');
    await s.query('CREATE TABLE p (id INT PRIMARY KEY, name TEXT, price NUMERIC(10, 2))');
    const live = replica();
    await s.subscribe('SELECT id, name, price FROM p', [], live.handlers);

    // executeMany, packed by column through the worker: numbers and exact decimal strings
    const ins = await s.prepare('INSERT INTO p VALUES ($1, $2, $3)');
    const many = Array.from({ length: 120 }, (_, i) => [i + 1, `n${i % 5}`, i % 2 === 0 ? i + 0.5 : `${i}.125`]);
    expect((await ins.run(many)).rowCount).toBe(120);
    expect(live.rows.size).toBe(120);   // applied before run() resolved
    expect(live.rows.get(2)).toEqual({ id: 2, name: 'n1', price: '1.13' });   // 1.125 rounded to NUMERIC(10, 2)
    expect(live.rows.get(1)).toEqual({ id: 1, name: 'n0', price: '0.50' });

    // a batch, row objects (packed), column arrays (a typed array adopted) and an Arrow table
    await s.batch([{ sql: 'INSERT INTO p VALUES ($1, $2, $3)', params: [500, 'b', '12345678.999'] }, { sql: 'DELETE FROM p WHERE id = $1', params: [120] }]);
    expect(live.rows.get(500)).toEqual({ id: 500, name: 'b', price: '12345679.00' });
    expect(live.rows.has(120)).toBe(false);
    const objects = Array.from({ length: 300 }, (_, i) => ({ id: 1000 + i, name: 'obj', price: (i % 3) + 0.25 }));
    await s.table('p').insert(objects);
    expect(live.rows.get(1299)).toEqual({ id: 1299, name: 'obj', price: '2.25' });   // 299 % 3 + 0.25
    await s.table('p').insert({ id: Int32Array.from([2000, 2001]), name: ['c0', 'c1'], price: ['1e2', '-0.005'] });
    expect([live.rows.get(2000)!['price'], live.rows.get(2001)!['price']]).toEqual(['100.00', '-0.01']);
    await s.table('p').insert(tableFromArrays({ id: Int32Array.from([3000]), name: ['arrow'], price: ['7.1'] }));
    expect(live.rows.get(3000)).toEqual({ id: 3000, name: 'arrow', price: '7.10' });

    // a script: its own changes reach the subscriber before queryScript resolves
    const out = await s.queryScript("UPDATE p SET price = price * 2 WHERE id = 3000; INSERT INTO p VALUES (4000, 'script', 0.1)");
    expect(out.error).toBeNull();
    expect(live.rows.get(3000)!['price']).toBe('14.20');
    expect(live.rows.get(4000)!['price']).toBe('0.10');
    expect(live.errors).toEqual([]);
    const total = live.rows.size;
    expect(total).toBe(119 + 1 + 300 + 2 + 1 + 1);
    expect((await s.query('SELECT count(*) AS n, sum(price) AS s FROM p')).rows).toEqual([{ n: BigInt(total), s: await exactSum(s) }]);

    // reopen: everything is there; the lazily built key index (loaded, then rebuilt) still rejects duplicates
    ({ db, engine } = await reopen(profile, db));
    s = await db.login('root', '');
    const back = replica();
    await s.subscribe('SELECT id, name, price FROM p', [], back.handlers);
    expect(sorted(back.rows)).toEqual(sorted(live.rows));
    expect((await s.query('SELECT name, price FROM p WHERE id = 2001')).rows).toEqual([{ name: 'c1', price: '-0.01' }]);
    expect((await rejection(s.query("INSERT INTO p VALUES (1299, 'dup', 1)"))).code).toBe('23505');
    const ins2 = await s.prepare('INSERT INTO p VALUES ($1, $2, $3)');
    expect((await rejection(ins2.run([[5000, 'x', 1], [500, 'dup', 2]]))).batchIndex).toBe(1);
    await ins2.run([[5001, 'late', '3.333'], [0, 'out of order', 0]]);   // a key below the others: leaves the ordered run
    expect(back.rows.get(5001)).toEqual({ id: 5001, name: 'late', price: '3.33' });

    // flush to segments (the Arrow codec loads on first use), reopen from them
    await s.query('STORAGE FLUSH TABLE p');
    ({ db, engine } = await reopen(profile, db));
    s = await db.login('root', '');
    const r = await s.query('SELECT id, price FROM p WHERE id IN (1, 2, 500, 2001, 4000, 5001) ORDER BY id');
    expect(r.rowArrays()).toEqual([[1, '0.50'], [2, '1.13'], [500, '12345679.00'], [2001, '-0.01'], [4000, '0.10'], [5001, '3.33']]);
    expect((await rejection(s.query("INSERT INTO p VALUES (4, 'dup', 1)"))).code).toBe('23505');
    expect((await s.query("INSERT INTO p VALUES (6000, 'after flush', 6)")).rowCount).toBe(1);
    expect((await s.query('SELECT price FROM p WHERE id = 6000')).rows).toEqual([{ price: '6.00' }]);
  });

  it('a large numeric result crosses as exact text; the cached shared-table handle leaves numeric order to the engine', async () => {
    const { db } = await overChannel(freshProfile());
    const s = await db.login('root', '');
    await s.query('CREATE SHARED TABLE prices (id INT PRIMARY KEY, p NUMERIC)');
    await s.table('prices').insert({ id: Int32Array.from({ length: 3000 }, (_, i) => i), p: Array.from({ length: 3000 }, (_, i) => `${3000 - i}.${i % 10}0`) });
    const big = await s.query('SELECT id, p, p * 1000000000000000000000 AS q FROM prices ORDER BY id');   // > 4,096 values: vectors
    expect(big.rows[0]).toEqual({ id: 0, p: '3000.00', q: '3000000000000000000000000.00' });
    expect(big.rows[2999]).toEqual({ id: 2999, p: '1.90', q: '1900000000000000000000.00' });
    expect(big.table.getChild('p')!.get(1)).toBe('2999.10');
    expect(big.table.getChild('p')!.type.toString()).toBe('Utf8');   // built from the UTF-8 that crossed
    // many distinct strings cross as UTF-8 bytes; text PostgreSQL cannot hold (a lone surrogate) never gets in
    await s.query('CREATE TABLE odd (t TEXT)');
    await expect(s.query('INSERT INTO odd VALUES ($1)', ['a\ud800'])).rejects.toMatchObject({ code: '22021' });
    const text = await s.query("SELECT g, 'é' || g::text AS t FROM generate_series(1, 3000) AS g ORDER BY g");
    expect(text.rows[2999]).toEqual({ g: 3000, t: 'é3000' });
    expect(text.table.getChild('t')!.get(9)).toBe('é10');
    expect((await s.query('SELECT count(*) AS n FROM odd')).rows).toEqual([{ n: 0n }]);
    const t = s.table('prices', { type: 'shared', cache: true });
    const first = await t.select({ orderBy: 'p', limit: 3 });
    expect(first.rows).toEqual([{ id: 2999, p: '1.90' }, { id: 2998, p: '2.80' }, { id: 2997, p: '3.70' }]);
    const byId = await t.select({ where: { id: 10 } });
    expect(byId.rows).toEqual([{ id: 10, p: '2990.00' }]);
  });
});

/** The exact sum of the prices, computed by the engine as text. */
async function exactSum(s: Session): Promise<string> {
  return (await s.query('SELECT sum(price)::text AS t FROM p')).rows[0]!['t'] as string;
}
