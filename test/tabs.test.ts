/**
 * Tab sharing's protocol in one Node realm (docs/ARCHITECTURE.md, "Many tabs"): the pure pieces
 * (which calls retry, transaction tracking, live-row resync), the acceptance notice (a lost call
 * that reached the engine rejects with 08007, one that did not with 08006), and whole tabs
 * (TabElection + TabConnection + the leader's tab server) over Node's BroadcastChannel with a
 * fake Web Lock manager whose "tabs" can be killed: a follower's writes reach the leader, and
 * when the leader dies the follower takes over with its session, prepared statement and live
 * query intact.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { asDbError } from '../src/client/connection.ts';
import { LiveDispatcher } from '../src/client/live.ts';
import { Result } from '../src/client/result.ts';
import { TabConnection } from '../src/client/tab-connection.ts';
import { provideTabDeps } from '../src/client/tab-deps.ts';
import { TabElection, TabPort, type TabLockManager } from '../src/client/tab-election.ts';
import { endsTransaction, isReadOnlySql, LiveRowSet, rowKey, transactionAfter } from '../src/client/tab-resync.ts';
import { WorkerConnection } from '../src/client/worker-connection.ts';
import { Session } from '../src/client/session.ts';
import { ProviderRegistry } from '../src/client/provider-registry.ts';
import { FAILED, OK } from '../src/api/worker-wire.ts';
import { ACCEPTED, relayTabCancels, TAB_CANCEL_SLOTS } from '../src/api/tab-wire.ts';
import { createEngine } from '../src/engine/index.ts';
import { DbError } from '../src/errors/db-error.ts';
import { SqlState } from '../src/errors/sqlstate.ts';
import { exposeEngine } from '../src/worker/endpoint.ts';
import { serveTabs } from '../src/worker/tab-server.ts';
import type { EngineApi } from '../src/api/engine-api.ts';

/** A tab channel whose messages the test reads and sends by hand. */
class ManualChannel {
  readonly sent: { k: string; m?: readonly unknown[] }[] = [];
  #listeners: ((ev: { data: unknown }) => void)[] = [];
  postMessage(m: unknown): void { this.sent.push(m as { k: string }); }
  addEventListener(_t: 'message', l: (ev: { data: unknown }) => void): void { this.#listeners.push(l); }
  removeEventListener(_t: 'message', l: (ev: { data: unknown }) => void): void { this.#listeners = this.#listeners.filter((x) => x !== l); }
  close(): void { this.#listeners = []; }
  /** Delivers a message to the listeners, as another tab's post would. */
  deliver(data: unknown): void { for (const l of [...this.#listeners]) l({ data }); }
  answer(to: string, m: unknown): void { this.deliver({ k: 'ans', to, m }); }
}

describe('cancelling a follower\'s running call through the leader page', () => {
  it('sets the call\'s flag for a cancel after its notice, or before it; not after its answer, nor for another leader or tab', () => {
    const ch = new ManualChannel();
    const flags = new Int32Array(new SharedArrayBuffer(TAB_CANCEL_SLOTS * 4));
    const stop = relayTabCancels(ch, 'E', flags);
    // notice with slot 5, then the follower's cancel
    ch.deliver({ k: 'ans', to: 'T1', m: [0, ACCEPTED, 7, 5] });
    ch.deliver({ k: 'call', to: 'E', from: 'T2', m: [0, 'cancel', 7] });   // another tab's call 7
    ch.deliver({ k: 'call', to: 'X', from: 'T1', m: [0, 'cancel', 7] });   // meant for another leader
    expect(flags[5]).toBe(0);
    ch.deliver({ k: 'call', to: 'E', from: 'T1', m: [0, 'cancel', 7] });
    expect(flags[5]).toBe(1);
    // the cancel comes first (the Worker was busy when the call arrived), the notice later
    ch.deliver({ k: 'call', to: 'E', from: 'T1', m: [0, 'cancel', 8] });
    ch.deliver({ k: 'ans', to: 'T1', m: [0, ACCEPTED, 8, 6] });
    expect(flags[6]).toBe(1);
    // after the answer the slot belongs to someone else: a late cancel leaves it alone
    ch.deliver({ k: 'ans', to: 'T1', m: [9, OK, 1] });
    ch.deliver({ k: 'ans', to: 'T1', m: [0, ACCEPTED, 9, 3] });
    ch.deliver({ k: 'ans', to: 'T1', m: [9, OK, 1] });
    ch.deliver({ k: 'call', to: 'E', from: 'T1', m: [0, 'cancel', 9] });
    expect(flags[3]).toBe(0);
    // a notice without a slot (not cancellable, or no flags): nothing to set
    ch.deliver({ k: 'ans', to: 'T1', m: [0, ACCEPTED, 10] });
    ch.deliver({ k: 'call', to: 'E', from: 'T1', m: [0, 'cancel', 10] });
    expect([...flags].filter((f) => f !== 0).length).toBe(2);
    stop();
    ch.deliver({ k: 'ans', to: 'T1', m: [0, ACCEPTED, 11, 4] });
    ch.deliver({ k: 'call', to: 'E', from: 'T1', m: [0, 'cancel', 11] });
    expect(flags[4]).toBe(0);
  });
});

describe('the pure pieces', () => {
  it('only reads are retried after an unknown outcome', () => {
    expect(isReadOnlySql('SELECT * FROM t')).toBe(true);
    expect(isReadOnlySql('  -- c\n select 1')).toBe(true);
    expect(isReadOnlySql('VALUES (1)')).toBe(true);
    expect(isReadOnlySql('EXPLAIN SELECT 1')).toBe(true);
    expect(isReadOnlySql('EXPLAIN ANALYZE SELECT 1')).toBe(false);
    expect(isReadOnlySql('INSERT INTO t VALUES (1)')).toBe(false);
    expect(isReadOnlySql("SELECT nextval('s')")).toBe(false);
    expect(isReadOnlySql('SELECT 1; DELETE FROM t')).toBe(false);
    expect(isReadOnlySql("SELECT 'into' AS x")).toBe(true);
    expect(isReadOnlySql('SELECT * INTO t2 FROM t')).toBe(false);
    expect(isReadOnlySql('WITH d AS (DELETE FROM t RETURNING *) SELECT * FROM d')).toBe(false);
  });

  it('transaction state follows the command tags; ROLLBACK/COMMIT end a lost block', () => {
    expect(['begin', 'BEGIN', 'commit', 'rollback', 'insert'].map(transactionAfter)).toEqual([true, true, false, false, undefined]);
    expect(['ROLLBACK', 'abort', 'COMMIT', 'end', 'INSERT INTO t VALUES (1)'].map(endsTransaction)).toEqual(['rollback', 'rollback', 'commit', 'commit', null]);
  });

  it('a live query\'s rows follow its changes and resync as one diff', () => {
    const set = new LiveRowSet([{ id: 1n, b: 'x' }, { id: 2n, b: 'y' }]);
    set.apply({ type: 'update', rows: [{ id: 2n, b: 'z' }], oldRows: [{ id: 2n, b: 'y' }] });
    set.apply({ type: 'insert', rows: [{ id: 3n, b: 'w' }], oldRows: [] });
    set.apply({ type: 'delete', rows: [], oldRows: [{ id: 1n, b: 'x' }] });
    expect(set.rows()).toEqual([{ id: 2n, b: 'z' }, { id: 3n, b: 'w' }]);
    const diff = set.resync([{ id: 3n, b: 'w' }, { id: 4n, b: 'v' }, { id: 4n, b: 'v' }]);
    expect(diff).toEqual([
      { type: 'delete', rows: [], oldRows: [{ id: 2n, b: 'z' }] },
      { type: 'insert', rows: [{ id: 4n, b: 'v' }, { id: 4n, b: 'v' }], oldRows: [] },
    ]);
    expect(set.size).toBe(3);
    expect(set.resync(set.rows())).toEqual([]);
    expect(rowKey({ a: 1n })).not.toBe(rowKey({ a: 1 }));
    expect(rowKey({ a: new Uint8Array([1, 2]) })).toBe(rowKey({ a: new Uint8Array([1, 2]) }));
  });
});

describe('the acceptance notice', () => {
  it('after the leader\'s bye, a call it accepted rejects with 08007; one it never saw with 08006', async () => {
    provideTabDeps({ DbError, SqlState, asDbError, LiveDispatcher, Result, WorkerConnection, FAILED });
    const ch = new ManualChannel();
    const port = new TabPort(ch, 'tab-1', 'epoch-1');
    let gone!: () => void;
    let conn: WorkerConnection | null = null;
    // as TabElection does: the port answers its waiting calls, then the connection is lost
    const until = new Promise<void>((r) => { gone = r; }).finally(() => { port.fail(true); conn?.lose('the tab running the database has closed'); });
    let lost = 0;
    const connecting = WorkerConnection.connect(port, { engine: { storage: 'memory' }, terminateOnClose: false, until, onLost: () => { lost++; } });
    const open = ch.sent[0]!;
    expect(open.k).toBe('call');
    expect((open.m as unknown[])[1]).toBe('open');
    expect(((open.m as unknown[])[2] as unknown[]).length).toBe(2);   // no shared cancel flags across tabs
    ch.answer('tab-1', [(open.m as unknown[])[0], OK, undefined]);
    const c = await connecting;
    conn = c;
    const a = c.execute('s', 'INSERT INTO t VALUES (1)').then(() => null, (e: DbError) => e);
    const b = c.execute('s', 'INSERT INTO t VALUES (2)').then(() => null, (e: DbError) => e);
    const done = c.execute('s', 'SELECT 1').then(() => 'ok', (e: DbError) => e.code);
    const [idA, idB, idDone] = ch.sent.slice(1).map((x) => (x.m as unknown[])[0] as number);
    ch.answer('tab-2', [0, ACCEPTED, idB]);   // another tab's notice: not ours
    ch.answer('tab-1', [0, ACCEPTED, idA]);
    ch.answer('tab-1', [idDone, OK, { columns: [], ipc: null, rowCount: 0, message: 'SELECT 0', command: 'select' }]);
    gone();
    const [ea, eb] = await Promise.all([a, b]);
    expect([ea?.code, ea?.name, eb?.code]).toEqual(['08007', 'DbError', '08006']);
    expect(ea?.message).toBe('the tab running the database has closed while it ran this call: it may or may not have been applied');
    expect(await done).toBe('ok');
    expect(lost).toBe(1);
    expect(c.lost).toBe(true);
  });
});

describe('an abrupt end of the leader', () => {
  it('leaves every waiting call unknown (08007): a missing accepted notice proves nothing', async () => {
    provideTabDeps({ DbError, SqlState, asDbError, LiveDispatcher, Result, WorkerConnection, FAILED });
    const ch = new ManualChannel();
    const port = new TabPort(ch, 'tab-1', 'epoch-1');
    let gone!: () => void;
    const until = new Promise<void>((r) => { gone = r; }).finally(() => { port.fail(false); });
    const connecting = WorkerConnection.connect(port, { engine: { storage: 'memory' }, terminateOnClose: false, until });
    const open = ch.sent[0]!;
    ch.answer('tab-1', [(open.m as unknown[])[0], OK, undefined]);
    const c = await connecting;
    const a = c.execute('s', 'INSERT INTO t VALUES (1)').then(() => null, (e: DbError) => e.code);
    const b = c.execute('s', 'INSERT INTO t VALUES (2)').then(() => null, (e: DbError) => e.code);
    ch.answer('tab-1', [0, ACCEPTED, (ch.sent[1]!.m as unknown[])[0] as number]);
    gone();
    expect(await Promise.all([a, b])).toEqual(['08007', '08007']);
  });
});

/** Web Locks for several fake tabs: exclusive, queued, `ifAvailable`, `signal`; a killed tab's locks go. */
class FakeLocks {
  readonly #held = new Map<string, string>();
  readonly #queue = new Map<string, { owner: string; grant(): void }[]>();
  readonly #dead = new Set<string>();

  for(owner: string): TabLockManager & { request(name: string, cb: (lock: unknown) => unknown): Promise<unknown> } {
    const request = (name: string, a: unknown, b?: unknown): Promise<unknown> => {
      const options = (typeof a === 'function' ? {} : a) as { ifAvailable?: boolean; signal?: AbortSignal };
      const cb = (typeof a === 'function' ? a : b) as (lock: unknown) => unknown;
      return new Promise((resolve, reject) => {
        const grant = (): void => {
          this.#held.set(name, owner);
          Promise.resolve(cb({ name })).then(resolve, reject).finally(() => this.#release(name, owner));
        };
        if (this.#dead.has(owner)) return;
        if (!this.#held.has(name)) { grant(); return; }
        if (options.ifAvailable === true) { Promise.resolve(cb(null)).then(resolve, reject); return; }
        const q = this.#queue.get(name) ?? [];
        this.#queue.set(name, q);
        const entry = { owner, grant };
        q.push(entry);
        options.signal?.addEventListener('abort', () => {
          const i = q.indexOf(entry);
          if (i >= 0) q.splice(i, 1);
          reject(new Error('aborted'));
        });
      });
    };
    return { request } as never;
  }

  #release(name: string, owner: string): void {
    if (this.#held.get(name) !== owner) return;
    this.#held.delete(name);
    const next = this.#queue.get(name)?.shift();
    next?.grant();
  }

  /** The tab is gone: every lock it held is released, its queued requests dropped. */
  kill(owner: string): void {
    this.#dead.add(owner);
    for (const q of this.#queue.values()) for (let i = q.length - 1; i >= 0; i--) if (q[i]!.owner === owner) q.splice(i, 1);
    for (const [name, o] of [...this.#held]) if (o === owner) this.#release(name, owner);
  }
}

interface FakeTab {
  readonly id: string;
  readonly conn: TabConnection;
  readonly session: Session;
  kill(): void;
}

const cleanups: (() => void)[] = [];
afterEach(() => { for (const f of cleanups.splice(0)) f(); });

/** Opens a fake tab on `name`; every leader serves the same engine (a persisted database, perfectly durable). */
async function openTab(locks: FakeLocks, engine: EngineApi, name: string, id: string): Promise<FakeTab> {
  provideTabDeps({ DbError, SqlState, asDbError, LiveDispatcher, Result, WorkerConnection, FAILED });
  const channels: { close(): void }[] = [];
  const ports: MessagePort[] = [];
  let dead = false;
  const start = async (onLost: () => void): Promise<WorkerConnection> => {
    const { port1, port2 } = new MessageChannel();
    ports.push(port1, port2);
    let stop: (() => Promise<void>) | null = null;
    // every leader serves the one engine: its own close only stops serving (the engine stays, as IndexedDB would)
    const keep = async (): Promise<void> => { /* the data outlives a leader */ };
    exposeEngine(new Proxy(engine, { get: (t, k) => (k === 'close' ? keep : Reflect.get(t, k, t)) }), port1, {
      share: async (e, channel, epoch, flags) => {
        const bc = new BroadcastChannel(channel);
        channels.push(bc);
        stop = await serveTabs(e, bc as never, locks.for(id), epoch, (en, ep) => exposeEngine(en, ep), flags);
      },
      // the Worker (and its epoch lock) ends a moment after its close answered
      close: async () => { await stop?.(); setTimeout(() => locks.kill(id), 10); },
    });
    return WorkerConnection.connect(port2, { engine: { storage: 'memory' }, terminateOnClose: false, onLost });
  };
  const page = new BroadcastChannel(`inkdb:${name}`);
  channels.push(page);
  const conn = await TabConnection.open(new TabElection(name, { storage: 'memory' }, locks.for(id), page as never, start));
  const sid = await conn.login('root', '');
  const session = new Session(conn, new ProviderRegistry(), sid, 'root', () => { /* closed */ });
  const kill = (): void => {
    if (dead) return;
    dead = true;
    for (const p of ports) p.close();
    for (const c of channels) c.close();
    locks.kill(id);
  };
  cleanups.push(kill);
  return { id, conn, session, kill };
}

const until = async (f: () => boolean, ms = 3000): Promise<void> => {
  const end = Date.now() + ms;
  while (!f()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
};

describe('tabs sharing one engine', () => {
  it('a follower\'s calls reach the leader; errors keep their codes', async () => {
    const locks = new FakeLocks();
    const engine = createEngine({ storage: 'memory' });
    const name = `t-${Math.random()}`;
    const a = await openTab(locks, engine, name, 'A');
    const b = await openTab(locks, engine, name, 'B');
    expect([a.conn.isLeader, b.conn.isLeader]).toEqual([true, false]);
    await b.session.query('CREATE TABLE t (id INT PRIMARY KEY, who TEXT)');
    await b.session.query("INSERT INTO t VALUES (1, 'b')");
    await a.session.query("INSERT INTO t VALUES (2, 'a')");
    expect((await a.session.query('SELECT id, who FROM t ORDER BY id')).rows).toEqual([{ id: 1, who: 'b' }, { id: 2, who: 'a' }]);
    const dup = await b.session.query("INSERT INTO t VALUES (1, 'again')").then(() => null, (e: DbError) => e.code);
    expect(dup).toBe('23505');
    // a cancellable call of the follower is accepted with a flag slot of the leader's shared flags;
    // the slot is free again after the answer (the next such call may take it)
    const seen: unknown[][] = [];
    const spy = new BroadcastChannel(`inkdb:${name}`);
    spy.onmessage = (ev: MessageEvent) => { const d = ev.data as { k: string; m: unknown[] }; if (d.k === 'ans' && d.m[0] === 0 && d.m[1] === ACCEPTED) seen.push(d.m); };
    const ac = new AbortController();
    expect((await b.session.query('SELECT count(*)::int AS n FROM t', [], { signal: ac.signal })).rows).toEqual([{ n: 2 }]);
    expect((await b.session.query('SELECT 1 AS x', [], { signal: ac.signal })).rows).toEqual([{ x: 1 }]);
    await b.session.query('SELECT 1 AS x');
    await until(() => seen.length >= 3);
    spy.close();
    expect(seen.map((m) => m.length)).toEqual([4, 4, 3]);
    expect(seen[0]![3]).toBe(seen[1]![3]);
    await b.conn.close();
    await a.conn.close();
  });

  it('when the leader dies the follower takes over: session, prepared statement and live query carry on', async () => {
    const locks = new FakeLocks();
    const engine = createEngine({ storage: 'memory' });
    const name = `t-${Math.random()}`;
    const a = await openTab(locks, engine, name, 'A');
    const b = await openTab(locks, engine, name, 'B');
    await a.session.query("CREATE TABLE n (id INT PRIMARY KEY, body TEXT); INSERT INTO n VALUES (1, 'one')");
    const rows = new Map<number, string>();
    const errors: unknown[] = [];
    await b.session.subscribe('SELECT id, body FROM n', [], {
      onInitial: (rs) => { for (const r of rs) rows.set(r['id'] as number, r['body'] as string); },
      onChange: (c) => {
        for (const r of c.oldRows) rows.delete(r['id'] as number);
        for (const r of c.rows) rows.set(r['id'] as number, r['body'] as string);
      },
      onError: (e) => errors.push(e),
    });
    const st = await b.session.prepare('SELECT body FROM n WHERE id = $1');
    expect((await st.query([1])).rows).toEqual([{ body: 'one' }]);
    a.kill();
    // written while B takes over: reaches B's resubscribed live query as a diff
    await engine.execute(await engine.login('root', ''), "INSERT INTO n VALUES (2, 'two')");
    await b.session.query("INSERT INTO n VALUES (3, 'three')");
    expect(b.conn.isLeader).toBe(true);
    expect(b.conn.failovers).toBe(1);
    expect((await st.query([3])).rows).toEqual([{ body: 'three' }]);
    await until(() => rows.size === 3);
    expect([...rows].sort((x, y) => x[0] - y[0])).toEqual([[1, 'one'], [2, 'two'], [3, 'three']]);
    expect(errors).toEqual([]);
    // a third tab now follows B
    const c = await openTab(locks, engine, name, 'C');
    expect(c.conn.isLeader).toBe(false);
    expect((await c.session.query('SELECT count(*) AS n FROM n')).rows).toEqual([{ n: 3n }]);
    await c.conn.close();
    await b.conn.close();
  });

  it('when the leader closes its database the follower takes over and its live query carries on', async () => {
    const locks = new FakeLocks();
    const engine = createEngine({ storage: 'memory' });
    const name = `t-${Math.random()}`;
    const a = await openTab(locks, engine, name, 'A');
    const b = await openTab(locks, engine, name, 'B');
    await a.session.query("CREATE TABLE n (id INT PRIMARY KEY); INSERT INTO n VALUES (1)");
    const ids = new Set<number>();
    const errors: unknown[] = [];
    await b.session.subscribe('SELECT id FROM n', [], {
      onInitial: (rs) => { for (const r of rs) ids.add(r['id'] as number); },
      onChange: (c) => { for (const r of c.oldRows) ids.delete(r['id'] as number); for (const r of c.rows) ids.add(r['id'] as number); },
      onError: (e) => errors.push(e),
    });
    await a.conn.close();
    await b.session.query('INSERT INTO n VALUES (2)');
    expect(b.conn.isLeader).toBe(true);
    await until(() => ids.size === 2);
    expect([...ids].sort()).toEqual([1, 2]);
    expect(errors).toEqual([]);
    // the closed tab's database rejects: 08006
    expect(await a.session.query('SELECT 1').then(() => null, (e: DbError) => e.code)).toBe('08006');
    await b.conn.close();
  });

  it('a leader that closes answers the follower calls it runs before it hands over', async () => {
    const locks = new FakeLocks();
    const base = createEngine({ storage: 'memory' });
    // INSERTs into "slow" take 100 ms: the call is running when the leader closes
    const engine = new Proxy(base, {
      get: (t, k) => (k === 'execute'
        ? async (sid: string, sql: string, ...rest: unknown[]) => {
          if (sql.includes('slow')) await new Promise((r) => setTimeout(r, 100));
          return (t.execute as (...a: unknown[]) => unknown).call(t, sid, sql, ...rest);
        }
        : Reflect.get(t, k, t)),
    });
    const name = `t-${Math.random()}`;
    const a = await openTab(locks, engine, name, 'A');
    const b = await openTab(locks, engine, name, 'B');
    await a.session.query('CREATE TABLE slow (id INT)');
    const write = b.session.query('INSERT INTO slow VALUES (1)').then(() => 'ok', (e: DbError) => e.code);
    await new Promise((r) => setTimeout(r, 30));
    await a.conn.close();
    expect(await write).toBe('ok');
    expect((await b.session.query('SELECT count(*) AS n FROM slow')).rows).toEqual([{ n: 1n }]);
    expect(b.conn.isLeader).toBe(true);
    await b.conn.close();
  });
});
