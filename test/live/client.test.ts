/**
 * Live queries through the client API: `session.subscribe`, table handles, logout and errors,
 * in-process and over a real Comlink channel (a MessageChannel in one realm, the real engine
 * behind it): batched delivery, Arrow IPC for large changes, read-your-writes.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openDatabase, type Database } from '../../src/client/database.ts';
import { WorkerConnection } from '../../src/client/worker-connection.ts';
import type { LiveChange } from '../../src/api/engine-api.ts';
import { createEngine } from '../../src/engine/index.ts';
import { exposeEngine } from '../../src/worker/endpoint.ts';

const ports: MessagePort[] = [];
const dbs: Database[] = [];
afterEach(async () => {
  for (const d of dbs.splice(0)) await d.close();
  for (const p of ports.splice(0)) p.close();
  vi.restoreAllMocks();
});

async function inProcess(): Promise<Database> {
  const db = await openDatabase({ worker: false, storage: 'memory' });
  dbs.push(db);
  return db;
}

/** A client whose engine sits behind a Comlink channel, as with a Worker. */
async function overChannel(): Promise<WorkerConnection> {
  const { port1, port2 } = new MessageChannel();
  ports.push(port1, port2);
  exposeEngine(createEngine(), port1);
  return WorkerConnection.connect(port2, { engine: { storage: 'memory' } });
}

interface Log { initial: Record<string, unknown>[][]; changes: LiveChange[]; errors: { code: string }[] }

function handlers(log: Log = { initial: [], changes: [], errors: [] }) {
  return {
    log,
    onInitial: (rows: readonly Record<string, unknown>[]) => { log.initial.push([...rows]); },
    onChange: (c: LiveChange) => { log.changes.push(c); },
    onError: (e: unknown) => { log.errors.push(e as { code: string }); },
  };
}

describe('session.subscribe (in-process)', () => {
  it('calls onInitial before resolving, then onChange per change kind, before the write resolves', async () => {
    const db = await inProcess();
    const root = await db.login('root', '');
    await root.query('CREATE TABLE t (id INT PRIMARY KEY, body TEXT)');
    await root.query("INSERT INTO t VALUES (1, 'a'), (2, 'b')");
    const h = handlers();
    const sub = await root.subscribe('SELECT id, body FROM t WHERE id < $1', [10], h);
    expect(h.log.initial).toEqual([[{ id: 1, body: 'a' }, { id: 2, body: 'b' }]]);
    expect(sub.id).toMatch(/^live-\d+$/);
    await root.query("BEGIN; INSERT INTO t VALUES (3, 'c'); UPDATE t SET body = 'bb' WHERE id = 2; DELETE FROM t WHERE id = 1; COMMIT");
    expect(h.log.changes).toEqual([
      { type: 'delete', rows: [], oldRows: [{ id: 1, body: 'a' }] },
      { type: 'update', rows: [{ id: 2, body: 'bb' }], oldRows: [{ id: 2, body: 'b' }] },
      { type: 'insert', rows: [{ id: 3, body: 'c' }], oldRows: [] },
    ]);
    await sub.unsubscribe();
    expect(sub.closed).toBe(true);
    await root.query("INSERT INTO t VALUES (4, 'd')");
    expect(h.log.changes).toHaveLength(3);
  });

  it('keeps two users apart in one database, through table handles too', async () => {
    const db = await inProcess();
    const root = await db.login('root', '');
    await root.query('CREATE USER TABLE notes (id INT PRIMARY KEY, body TEXT)');
    const alice = await db.session({ user: 'alice', create: true });
    const bob = await db.session({ user: 'bob', create: true });
    const ha = handlers();
    const hb = handlers();
    await alice.subscribe('SELECT * FROM notes', [], ha);
    await bob.table('notes').subscribe({ where: { id: [1, 2] } }, hb);
    await alice.table('notes').insert([{ id: 1, body: 'alice' }]);
    await bob.query("INSERT INTO notes VALUES (2, 'bob'), (3, 'bob 3')");
    expect(ha.log.changes).toEqual([{ type: 'insert', rows: [{ id: 1, body: 'alice' }], oldRows: [] }]);
    expect(hb.log.changes).toEqual([{ type: 'insert', rows: [{ id: 2, body: 'bob' }], oldRows: [] }]);
  });

  it('ends subscriptions at logout without calling back, and reports drops through onError', async () => {
    const db = await inProcess();
    const root = await db.login('root', '');
    await root.query('CREATE TABLE t (id INT)');
    const s = await db.login('root', '');
    const gone = handlers();
    const sub = await s.subscribe('SELECT * FROM t', [], gone);
    const dropped = handlers();
    const sub2 = await root.subscribe('SELECT * FROM t', [], dropped);
    await s.logout();
    expect(sub.closed).toBe(true);
    await root.query('INSERT INTO t VALUES (1)');
    expect(gone.log.changes).toEqual([]);
    expect(dropped.log.changes).toHaveLength(1);
    await root.query('DROP TABLE t');
    expect(dropped.log.errors.map((e) => e.code)).toEqual(['42P01']);
    expect(sub2.closed).toBe(true);
    expect(gone.log.errors).toEqual([]);
  });

  it('rejects what the user may not read, and survives a callback that throws', async () => {
    const db = await inProcess();
    const root = await db.login('root', '');
    await root.query('CREATE TABLE secret (id INT)');
    const eve = await db.session({ user: 'eve', create: true });
    await expect(eve.subscribe('SELECT * FROM secret', [], {})).rejects.toMatchObject({ code: '42501' });
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const good = handlers();
    await root.subscribe('SELECT * FROM secret', [], { onChange: () => { throw new Error('app bug'); } });
    await root.subscribe('SELECT * FROM secret', [], good);
    await root.query('INSERT INTO secret VALUES (1)');
    expect(good.log.changes).toHaveLength(1);
    expect(errors).toHaveBeenCalled();
  });
});

describe('session.subscribe over a worker channel', () => {
  it('delivers initial rows and changes, and a write resolves after its own change arrived', async () => {
    const c = await overChannel();
    const sid = await c.login('root', '');
    await c.execute(sid, 'CREATE TABLE t (id INT PRIMARY KEY, n BIGINT, at TIMESTAMP)');
    await c.execute(sid, 'INSERT INTO t VALUES (1, 10, $1)', [0]);
    const h = handlers();
    const sub = await c.subscribe(sid, 'SELECT * FROM t', [], h);
    expect(h.log.initial).toEqual([[{ id: 1, n: 10n, at: 0 }]]);
    await c.execute(sid, 'INSERT INTO t VALUES (2, 20, $1)', [1000.5]);
    expect(h.log.changes).toEqual([{ type: 'insert', rows: [{ id: 2, n: 20n, at: 1000.5 }], oldRows: [] }]);
    await c.execute(sid, 'UPDATE t SET n = n + 1');
    expect(h.log.changes[1]).toEqual({ type: 'update', rows: [{ id: 1, n: 11n, at: 0 }, { id: 2, n: 21n, at: 1000.5 }], oldRows: [{ id: 1, n: 10n, at: 0 }, { id: 2, n: 20n, at: 1000.5 }] });
    await sub.unsubscribe();
    await c.execute(sid, 'DELETE FROM t');
    expect(h.log.changes).toHaveLength(2);
    await c.close();
  });

  it('moves large changes as column vectors (typed arrays transferred) and decodes them to the same rows', async () => {
    const c = await overChannel();
    const sid = await c.login('root', '');
    await c.execute(sid, 'CREATE TABLE big (id INT PRIMARY KEY, label TEXT, ok BOOLEAN)');
    const batches: unknown[] = [];
    const orig = c.live.fromWire.bind(c.live);
    c.live.fromWire = (b) => { batches.push(b); orig(b); };
    const h = handlers();
    await c.subscribe(sid, 'SELECT id, label, ok FROM big WHERE id % 2 = 0', [], h);
    await c.execute(sid, "INSERT INTO big SELECT g, 'row ' || g, g % 3 = 0 FROM generate_series(1, 2000) AS g");
    const ins = h.log.changes[0]!;
    expect(ins.type).toBe('insert');
    expect(ins.rows).toHaveLength(1000);
    expect(ins.rows[0]).toEqual({ id: 2, label: 'row 2', ok: false });
    expect(ins.rows[999]).toEqual({ id: 2000, label: 'row 2000', ok: false });
    const last = batches[batches.length - 1] as { events: { inserts?: { vectors?: { data: unknown }[]; values?: unknown } }[] };
    expect(last.events[0]!.inserts!.vectors!.map((v) => (v.data as object).constructor.name)).toEqual(['Int32Array', 'Array', 'Uint8Array']);
    expect(last.events[0]!.inserts!.values).toBeUndefined();
    await c.close();
  });

  it('batches one commit\'s events for every subscription into one message', async () => {
    const c = await overChannel();
    const sid = await c.login('root', '');
    await c.execute(sid, 'CREATE TABLE t (id INT, room INT)');
    const logs = await Promise.all([0, 1, 2].map(async (room) => {
      const h = handlers();
      await c.subscribe(sid, 'SELECT id FROM t WHERE room = $1', [room], h);
      return h.log;
    }));
    const batches: { events: unknown[] }[] = [];
    const orig = c.live.fromWire.bind(c.live);
    c.live.fromWire = (b) => { batches.push(b as never); orig(b); };
    await c.execute(sid, 'INSERT INTO t VALUES (1, 0), (2, 1), (3, 2), (4, 2)');
    expect(batches).toHaveLength(1);
    expect(batches[0]!.events).toHaveLength(3);
    expect(logs.map((l) => l.changes.map((x) => x.rows))).toEqual([[[{ id: 1 }]], [[{ id: 2 }]], [[{ id: 3 }, { id: 4 }]]]);
    await c.close();
  });

  it('reports a lost connection to every subscription with 08006', async () => {
    const c = await overChannel();
    const sid = await c.login('root', '');
    await c.execute(sid, 'CREATE TABLE t (id INT)');
    const h = handlers();
    const sub = await c.subscribe(sid, 'SELECT * FROM t', [], h);
    c.lose();
    expect(h.log.errors.map((e) => e.code)).toEqual(['08006']);
    expect(sub.closed).toBe(true);
  });
});
