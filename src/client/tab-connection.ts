/**
 * A {@link Connection} to a database shared by the tabs of an origin (docs/ARCHITECTURE.md,
 * "Many tabs"). It talks to whichever engine serves now ({@link TabElection}: this tab's own
 * Worker when it leads, the leader's over the tab channel when it follows) and carries the tab's
 * state over a change of leader:
 *
 * - session ids, prepared statement ids and subscriptions handed to the application are this
 *   connection's own; each maps to the current engine's, and is opened again (the session logs
 *   in again with the credentials it was opened with, kept in memory; a statement is prepared
 *   again) on first use after a failover;
 * - a call lost with its leader runs again on the next one when it never reached the engine
 *   (`08006` from the lost connection) or only reads; a write whose outcome is unknown rejects
 *   with `08007`, never applied twice by a retry;
 * - a session whose transaction was open at the failover lost it (rolled back: the new engine
 *   loaded what was committed): its statements reject with `25P02` until it ends the block
 *   (`ROLLBACK` resolves, `COMMIT` rejects with `25P02` too);
 * - live queries subscribe again on the new engine and their new initial rows reach the
 *   subscriber as changes against the rows it had (`LiveRowSet.resync`).
 */
import type { DbError } from '../errors/db-error.ts';
import { D } from './tab-deps.ts';
import type { BatchStatement, CallOptions, ColumnArrays, LiveHandlers, OpenSessionOptions } from '../api/engine-api.ts';
import type { Connection } from './connection.ts';
import type { LiveDispatcher, Subscription } from './live.ts';
import type { Result } from './result.ts';
import type { ScriptResult } from './script-result.ts';
import { endsTransaction, isReadOnlySql, LiveRowSet, transactionAfter } from './tab-resync.ts';
import type { TabElection } from './tab-election.ts';
import type { WorkerConnection } from './worker-connection.ts';

/** An application session: how to open it again, and its id on the current engine. */
interface SessionRec {
  readonly open: (c: WorkerConnection) => Promise<string>;
  sid: string | Promise<string>;
  gen: number;
  inTx: boolean;
  txLost: boolean;
}

/** An application prepared statement. */
interface StatementRec {
  readonly session: string;
  readonly sql: string;
  readonly read: boolean;
  id: number | Promise<number>;
  gen: number;
}

/** An application live query. */
interface SubscriptionRec {
  readonly session: string;
  readonly sql: string;
  readonly params: readonly unknown[];
  readonly handlers: LiveHandlers;
  readonly rows: LiveRowSet;
  inner: Subscription | null;
  started: boolean;
  closed: boolean;
}

/** What ROLLBACK answers in a session whose transaction was lost with its leader (the engine has none to end). */
const rolledBack = (): Result => D.Result.fromWire({ columns: [], ipc: null, rowCount: 0, message: 'ROLLBACK', command: 'rollback' });

/** Calls that only read run again after an unknown outcome; others reject with 08007. */
type Kind = 'read' | 'write';

/** The live dispatcher a session sees: ending a subscription goes to its record (the class is made once the client's parts are known). */
function tabLive(onDetach: (id: string) => void): LiveDispatcher {
  const TabLive = class extends D.LiveDispatcher {
    override detach(id: string): void { onDetach(id); }
  };
  return new TabLive();
}

/**
 * The shared database's connection (one per tab and database).
 *
 * @example
 * ```ts
 * const conn = await TabConnection.open(election);
 * const sid = await conn.login('root', '');
 * ```
 */
export class TabConnection implements Connection {
  readonly inWorker = true;
  readonly live = tabLive((id) => this.#detach(id));
  readonly #election: TabElection;
  readonly #sessions = new Map<string, SessionRec>();
  readonly #statements = new Map<number, StatementRec>();
  readonly #subs = new Map<string, SubscriptionRec>();
  #inner!: WorkerConnection;
  #innerEpoch: string | null = null;
  /** The current engine is this tab's own (its loss is the database's loss in this tab). */
  #innerLeads = false;
  /** Set when this tab's own engine Worker died: every call rejects with it. */
  #dead: DbError | null = null;
  /** This tab's engine Worker while it leads (set by `tab-sharing.ts`). */
  currentWorker: () => unknown = () => null;
  #gen = 0;
  #switching: Promise<void> | null = null;
  #closed = false;
  #nextSession = 1;
  #nextStatement = 1;
  #failovers = 0;

  private constructor(election: TabElection) {
    this.#election = election;
  }

  /** Joins the election and connects to the engine that serves now. */
  static async open(election: TabElection): Promise<TabConnection> {
    const c = new TabConnection(election);
    await election.start();
    try {
      await c.#connect();
    } catch (e) {
      election.close();
      throw e;
    }
    return c;
  }

  /** True while this tab runs the engine. */
  get isLeader(): boolean {
    return this.#election.isLeader;
  }

  /** True once this tab's own engine Worker died. */
  get lost(): boolean {
    return this.#dead !== null;
  }

  /** How many times this tab moved to a new leader. */
  get failovers(): number {
    return this.#failovers;
  }

  async #connect(): Promise<void> {
    let conn: WorkerConnection | null = null;
    const inner = await this.#election.connect(() => { if (conn !== null) void this.#failover(conn); });
    conn = inner;
    this.#inner = inner;
    this.#innerLeads = this.#election.isLeader;
    this.#innerEpoch = this.#innerLeads ? null : this.#election.epoch;
    if (inner.lost) void this.#failover(inner);
  }

  /** Moves to the next leader once (however many calls noticed the loss). */
  #failover(dead: WorkerConnection): Promise<void> {
    if (this.#closed || this.#inner !== dead) return this.#switching ?? Promise.resolve();
    if (this.#innerLeads) {
      // this tab's own Worker died (crashed or terminated): the database is lost here, as with
      // an unshared one; the leader lock goes, so another tab (or a new openDatabase) takes over
      this.#dead = new D.DbError(D.SqlState.CONNECTION_FAILURE, 'the database worker has terminated', { hint: 'Open the database again with openDatabase().' });
      this.#closed = true;
      this.#election.close();
      return Promise.resolve();
    }
    if (this.#switching !== null) return this.#switching;
    this.#switching = (async () => {
      this.#election.markDead(this.#innerEpoch);
      this.#gen++;
      this.#failovers++;
      for (const s of this.#sessions.values()) if (s.inTx) { s.inTx = false; s.txLost = true; }
      await this.#connect();
    })().finally(() => { this.#switching = null; });
    // live queries subscribe again once calls flow (their calls wait for the switch to end)
    this.#switching.then(() => this.#resubscribe(), () => { /* the next call reports it */ });
    return this.#switching;
  }

  async #resubscribe(): Promise<void> {
    for (const rec of [...this.#subs.values()]) {
      if (!rec.closed) await this.#subscribeRec(rec).catch((e: unknown) => this.#endSub(rec, D.asDbError(e)));
    }
  }

  async #current(): Promise<WorkerConnection> {
    for (;;) {
      if (this.#closed) throw this.#dead ?? new D.DbError(D.SqlState.CONNECTION_FAILURE, 'the database is closed');
      if (this.#switching !== null) { await this.#switching; continue; }
      if (this.#inner.lost) { await this.#failover(this.#inner); continue; }
      return this.#inner;
    }
  }

  /** Runs a call on the current engine, again on the next one when that is safe (see the module comment). */
  async #run<T>(kind: Kind, f: (c: WorkerConnection) => Promise<T>): Promise<T> {
    for (;;) {
      const c = await this.#current();
      try {
        return await f(c);
      } catch (e) {
        const err = D.asDbError(e);
        if (this.#closed || !c.lost) throw err;
        const retry = err.code === D.SqlState.CONNECTION_FAILURE || (err.code === D.SqlState.TRANSACTION_RESOLUTION_UNKNOWN && kind === 'read');
        if (!retry) throw err;
        await this.#failover(c);
      }
    }
  }

  #session(id: string): SessionRec {
    const s = this.#sessions.get(id);
    if (s === undefined) throw new D.DbError(D.SqlState.INVALID_AUTHORIZATION, `session "${id}" does not exist`);
    return s;
  }

  /** The session's id on engine `c`, opened again there first if needed. */
  #sid(s: SessionRec, c: WorkerConnection): string | Promise<string> {
    if (s.gen !== this.#gen) {
      s.gen = this.#gen;
      s.sid = s.open(c);
      s.sid.then((v) => { if (s.sid instanceof Promise) s.sid = v; }, () => { s.gen = -1; });
    }
    return s.sid;
  }

  /** A statement call in session `id`: refuses while its transaction is lost, tracks BEGIN/COMMIT. */
  async #inSession<T>(id: string, kind: Kind, sql: string | null, f: (c: WorkerConnection, sid: string) => Promise<T>, command: (r: T) => string | undefined, rolledBack: T | null = null): Promise<T> {
    const s = this.#session(id);
    // a statement inside an open transaction that does not end it cannot outlive the leader: its
    // effect goes with the transaction, so after a failover it runs again (and meets 25P02 below)
    const k: Kind = s.inTx && sql !== null && endsTransaction(sql) === null ? 'read' : kind;
    // checked on every attempt: a call retried after a failover finds its transaction gone
    const r = await this.#run(k, async (c) => {
      if (s.txLost) {
        const end = sql === null ? null : endsTransaction(sql);
        if (end !== null) s.txLost = false;
        if (end === 'rollback' && rolledBack !== null) return rolledBack;
        if (end === 'rollback') return f(c, await this.#sid(s, c));
        throw new D.DbError(D.SqlState.IN_FAILED_SQL_TRANSACTION, 'current transaction is aborted, commands ignored until end of transaction block', {
          detail: 'The tab running the database closed during this transaction; it was rolled back.',
          hint: 'Run ROLLBACK, then the transaction again.',
        });
      }
      return f(c, await this.#sid(s, c));
    });
    const cmd = command(r);
    const tx = cmd === undefined ? undefined : transactionAfter(cmd);
    if (tx !== undefined) s.inTx = tx;
    return r;
  }

  #addSession(open: (c: WorkerConnection) => Promise<string>): Promise<string> {
    return this.#run('read', async (c) => {
      const sid = await open(c);
      const id = `tab-${this.#nextSession++}`;
      this.#sessions.set(id, { open, sid, gen: this.#gen, inTx: false, txLost: false });
      return id;
    });
  }

  login(user: string, password: string): Promise<string> {
    return this.#addSession((c) => c.login(user, password));
  }
  openSession(user: string, options?: OpenSessionOptions): Promise<string> {
    return this.#addSession((c) => c.openSession(user, options));
  }
  async closeSession(id: string): Promise<void> {
    const s = this.#sessions.get(id);
    if (s === undefined) return;
    this.#sessions.delete(id);
    for (const [k, st] of this.#statements) if (st.session === id) this.#statements.delete(k);
    for (const rec of this.#subs.values()) if (rec.session === id) rec.closed = true;
    if (s.gen !== this.#gen || this.#closed) return;
    const c = this.#inner;
    try { await c.closeSession(await s.sid); } catch (e) { if (!c.lost) throw D.asDbError(e); }
  }

  execute(id: string, sql: string, params?: readonly unknown[], options?: CallOptions): Promise<Result> {
    return this.#inSession(id, isReadOnlySql(sql) ? 'read' : 'write', sql, (c, sid) => c.execute(sid, sql, params, options), (r) => r.command, rolledBack());
  }
  executeScript(id: string, sql: string): Promise<ScriptResult> {
    return this.#inSession(id, 'write', sql, (c, sid) => c.executeScript(sid, sql), (r) => {
      let last: string | undefined;
      for (const st of r.statements) { const t = transactionAfter(st.result.command); if (t !== undefined) last = st.result.command; }
      return last;
    });
  }

  async prepare(id: string, sql: string): Promise<number> {
    const s = this.#session(id);
    const engineId = await this.#run('read', async (c) => c.prepare(await this.#sid(s, c), sql));
    const n = this.#nextStatement++;
    this.#statements.set(n, { session: id, sql, read: isReadOnlySql(sql), id: engineId, gen: this.#gen });
    return n;
  }

  #statement(n: number): StatementRec {
    const st = this.#statements.get(n);
    if (st === undefined) throw new D.DbError(D.SqlState.INVALID_PARAMETER_VALUE, `prepared statement ${n} does not exist`);
    return st;
  }

  /** The statement's id on engine `c` (prepared again there first if needed). */
  async #stmtId(st: StatementRec, c: WorkerConnection, sid: string): Promise<number> {
    if (st.gen !== this.#gen) {
      st.gen = this.#gen;
      st.id = c.prepare(sid, st.sql);
      st.id.then((v) => { if (st.id instanceof Promise) st.id = v; }, () => { st.gen = -1; });
    }
    return st.id;
  }

  executePrepared(id: string, n: number, params?: readonly unknown[], options?: CallOptions): Promise<Result> {
    const st = this.#statement(n);
    return this.#inSession(id, st.read ? 'read' : 'write', st.sql,
      async (c, sid) => c.executePrepared(sid, await this.#stmtId(st, c, sid), params, options), (r) => r.command, rolledBack());
  }
  executeMany(id: string, n: number, paramRows: readonly (readonly unknown[])[], options?: CallOptions): Promise<Result> {
    const st = this.#statement(n);
    return this.#inSession(id, 'write', st.sql, async (c, sid) => c.executeMany(sid, await this.#stmtId(st, c, sid), paramRows, options), (r) => r.command);
  }
  batch(id: string, statements: readonly BatchStatement[], options?: CallOptions): Promise<Result[]> {
    return this.#inSession(id, 'write', null, (c, sid) => c.batch(sid, statements, options), () => undefined);
  }
  async closePrepared(id: string, n: number): Promise<void> {
    const st = this.#statements.get(n);
    if (st === undefined) return;
    this.#statements.delete(n);
    const s = this.#sessions.get(id);
    if (s === undefined || st.gen !== this.#gen || s.gen !== this.#gen || this.#closed) return;
    const c = this.#inner;
    try { await c.closePrepared(await s.sid, await st.id); } catch (e) { if (!c.lost) throw D.asDbError(e); }
  }
  insertRows(id: string, table: string, rows: readonly Record<string, unknown>[]): Promise<Result> {
    return this.#inSession(id, 'write', null, (c, sid) => c.insertRows(sid, table, rows), () => undefined);
  }
  insertColumns(id: string, table: string, columns: ColumnArrays): Promise<Result> {
    return this.#inSession(id, 'write', null, (c, sid) => c.insertColumns(sid, table, columns), () => undefined);
  }

  /** Subscribes `rec` on the current engine; its initial rows reach the subscriber as such the first time, as a diff after. */
  async #subscribeRec(rec: SubscriptionRec): Promise<void> {
    const s = this.#session(rec.session);
    const handlers: LiveHandlers = {
      onInitial: (rows, columns) => {
        if (rec.closed) return;
        if (!rec.started) {
          rec.started = true;
          rec.rows.resync(rows);
          rec.handlers.onInitial?.(rows, columns);
          return;
        }
        for (const c of rec.rows.resync(rows)) if (!rec.closed) rec.handlers.onChange?.(c);
      },
      onChange: (c) => {
        if (rec.closed) return;
        rec.rows.apply(c);
        rec.handlers.onChange?.(c);
      },
      onError: (e) => {
        // a lost leader is not the end of the subscription: it subscribes again on the next one
        if (rec.closed || (!this.#closed && !this.#innerLeads && this.#inner.lost)) return;
        if (this.#switching !== null) return;
        rec.closed = true;
        rec.handlers.onError?.(e);
      },
    };
    rec.inner = await this.#run('read', async (c) => c.subscribe(await this.#sid(s, c), rec.sql, rec.params, handlers));
  }

  #endSub(rec: SubscriptionRec, e: DbError): void {
    if (rec.closed) return;
    rec.closed = true;
    rec.handlers.onError?.(e);
  }

  async subscribe(id: string, sql: string, params: readonly unknown[], handlers: LiveHandlers): Promise<Subscription> {
    const rec: SubscriptionRec = { session: id, sql, params, handlers, rows: new LiveRowSet(), inner: null, started: false, closed: false };
    await this.#subscribeRec(rec);
    const key = rec.inner!.id;
    this.#subs.set(key, rec);
    return {
      id: key,
      get closed() { return rec.closed; },
      unsubscribe: async () => {
        if (rec.closed) return;
        rec.closed = true;
        this.#subs.delete(key);
        await rec.inner?.unsubscribe();
      },
    };
  }

  #detach(id: string): void {
    const rec = this.#subs.get(id);
    if (rec === undefined) return;
    rec.closed = true;
    this.#subs.delete(id);
    if (rec.inner !== null) this.#inner.live.detach(rec.inner.id);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    if (this.#switching !== null) await this.#switching.catch(() => { /* closing anyway */ });
    this.#closed = true;
    try {
      await this.#inner.close();
    } finally {
      this.#election.close();
      const err = new D.DbError(D.SqlState.CONNECTION_FAILURE, 'the database is closed');
      for (const rec of this.#subs.values()) this.#endSub(rec, err);
      this.#subs.clear();
    }
  }
}
