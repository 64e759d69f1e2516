/**
 * A session: one authenticated user talking to the database. Everything a session runs is
 * checked by the engine against that user (DESIGN.md §1.3, §5).
 */
import { DbError } from '../errors/db-error.ts';
import { SqlState } from '../errors/sqlstate.ts';
import type { BatchStatement, CallOptions, ColumnArrays, LiveHandlers } from '../api/engine-api.ts';
import type { Connection } from './connection.ts';
import type { Subscription } from './live.ts';
import type { ProviderRegistry, SessionRunner, TableHandle, TableOptions } from './provider-registry.ts';
import type { Result } from './result.ts';
import type { ScriptResult } from './script-result.ts';

/** Statement kinds after which cached table providers are dropped (`alter…`, `drop…`). */
function invalidates(command: string): boolean {
  const c = command.charCodeAt(0);
  return (c === 97 || c === 100) && /^(alter|drop)/i.test(command);
}

/**
 * Options of one call: a time limit and a cancel signal. A cancelled or timed-out statement
 * rejects with `DbError` `57014` and changes nothing; the session stays usable.
 *
 * Limits: the engine looks at both between batches (after each operator pass, each recursion
 * step, every 1,024 rows of a batched call), so one pass over a large table finishes before it
 * stops. Through the Worker, `signal` stops a running statement only when the page is
 * cross-origin isolated (memory shared with the Worker); elsewhere it stops a call that has not
 * started yet, and `timeoutMs` (checked by the engine itself) is what bounds a running one.
 * In-process, a signal can only abort between statements.
 *
 * @example
 * ```ts
 * const ac = new AbortController();
 * const p = s.query('SELECT count(*) FROM big a, big b', [], { signal: ac.signal });
 * ac.abort();                                                        // p rejects: 57014
 * await s.query('SELECT * FROM big', [], { timeoutMs: 50 });        // 57014 after 50 ms
 * ```
 */
export interface QueryOptions {
  /** Cancel after this many milliseconds (overrides the database's `statementTimeoutMs`; 0: no limit). */
  readonly timeoutMs?: number;
  /** Cancels the call when aborted. */
  readonly signal?: AbortSignal;
}

/** The engine form of call options (undefined when there are none). */
function callOptions(o: QueryOptions | undefined): CallOptions | undefined {
  if (o === undefined || (o.timeoutMs === undefined && o.signal === undefined)) return undefined;
  return o;
}

/**
 * A statement parsed and planned once, run many times with different parameters.
 *
 * @example
 * ```ts
 * const stmt = await s.prepare('SELECT * FROM t WHERE a = $1');
 * (await stmt.query([1])).rows;   // [{ a: 1, b: 'x' }]
 * await stmt.close();
 * ```
 */
export interface PreparedStatement {
  /** The statement's SQL text. */
  readonly sql: string;
  /** Runs the statement with parameters `$1 … $n`. */
  query(params?: readonly unknown[], options?: QueryOptions): Promise<Result>;
  /**
   * Runs the statement once per parameter row in one engine call (one Worker round trip), as
   * one statement: inside the session's open transaction, or as a transaction of its own. It
   * stops at the first failing row and rolls the whole call back; the `DbError`'s `batchIndex`
   * is that row's position. Resolves with the total `rowCount` (and, for a query, every run's
   * rows in order).
   *
   * @example
   * ```ts
   * const ins = await s.prepare('INSERT INTO t VALUES ($1, $2)');
   * (await ins.run([[1, 'a'], [2, 'b'], [3, 'c']])).rowCount;   // 3
   * await ins.run([[4, 'd'], [4, 'dup']]);                       // rejects 23505, batchIndex 1; nothing inserted
   * ```
   */
  run(paramRows: readonly (readonly unknown[])[], options?: QueryOptions): Promise<Result>;
  /** Releases the statement; later `query` calls fail with `55000`. */
  close(): Promise<void>;
}

/**
 * A user's session, from `db.login()` or `db.session()`.
 *
 * @example
 * ```ts
 * const s = await db.login('root', '');
 * await s.query('CREATE TABLE t (a INT, b TEXT)');              // message 'Table default.t created'
 * await s.query('INSERT INTO t VALUES ($1, $2)', [1, 'x']);     // rowCount 1
 * (await s.query('SELECT * FROM t')).rows;                      // [{ a: 1, b: 'x' }]
 * await s.logout();
 * ```
 */
export class Session implements SessionRunner {
  /** The user the session acts for. */
  readonly user: string;
  /** The engine's id of the session. */
  readonly id: string;
  readonly #conn: Connection;
  readonly #registry: ProviderRegistry;
  readonly #onClose: (s: Session) => void;
  readonly #subscriptions = new Set<Subscription>();
  #closed = false;

  /** @internal Sessions come from `db.login()` / `db.session()`. */
  constructor(conn: Connection, registry: ProviderRegistry, id: string, user: string, onClose: (s: Session) => void) {
    this.#conn = conn;
    this.#registry = registry;
    this.id = id;
    this.user = user;
    this.#onClose = onClose;
  }

  /** True after `logout()` (or after the database closed). */
  get closed(): boolean {
    return this.#closed;
  }

  #check(): void {
    if (this.#closed) {
      throw new DbError(SqlState.OBJECT_NOT_IN_PREREQUISITE_STATE, `session of user "${this.user}" has been logged out`);
    }
  }

  #after(r: Result): Result {
    if (invalidates(r.command)) this.#registry.invalidateAll();
    return r;
  }

  /**
   * Runs one statement with parameters `$1 … $n`, or a `;`-separated script without
   * parameters (the last statement's result is returned). Rejects with a `DbError`.
   *
   * @example
   * ```ts
   * const r = await s.query('SELECT a FROM t WHERE b = $1', ['x']);
   * r.rows;   // [{ a: 1 }]
   * ```
   */
  async query(sql: string, params?: readonly unknown[], options?: QueryOptions): Promise<Result> {
    this.#check();
    return this.#after(await this.#conn.execute(this.id, sql, params, callOptions(options)));
  }

  /**
   * Runs statements in order in one engine call (one Worker round trip), as one unit: inside
   * the open transaction, or as a transaction of its own. Stops at the first failure, rolls the
   * batch back and rejects with that error (its `batchIndex` says which statement). BEGIN,
   * COMMIT and ROLLBACK are not allowed inside (`0A000`).
   *
   * @example
   * ```ts
   * const [a, b] = await s.batch([
   *   { sql: 'INSERT INTO t VALUES ($1, $2)', params: [1, 'x'] },
   *   { sql: 'SELECT count(*) AS n FROM t' },
   * ]);
   * b.rows;   // [{ n: 1 }]
   * ```
   */
  async batch(statements: readonly BatchStatement[], options?: QueryOptions): Promise<Result[]> {
    this.#check();
    const results = await this.#conn.batch(this.id, statements, callOptions(options));
    for (const r of results) this.#after(r);
    return results;
  }

  /**
   * Runs a `;`-separated script statement by statement and returns every statement's result,
   * with its text, its place in the script and the engine's time for it. The first statement
   * that fails stops the script; its `DbError` is in the outcome (`error`, with a position
   * counted in the whole script), not thrown, so the results before it stay readable. Rejects
   * only when the session or the database cannot be used. No parameters.
   *
   * @example
   * ```ts
   * const out = await s.queryScript('SELECT 1 AS a; SELECT 2 AS b; SELECT nope');
   * out.statements.map((x) => x.result.rows);   // [[{ a: 1 }], [{ b: 2 }]]
   * out.error?.code;                            // '42703'
   * ```
   */
  async queryScript(sql: string): Promise<ScriptResult> {
    this.#check();
    const out = await this.#conn.executeScript(this.id, sql);
    for (const st of out.statements) this.#after(st.result);
    return out;
  }

  /** @internal The provider handles' bulk insert. */
  async insertRows(table: string, rows: readonly Record<string, unknown>[]): Promise<Result> {
    this.#check();
    return this.#conn.insertRows(this.id, table, rows);
  }

  /** @internal The provider handles' bulk insert of columns. */
  async insertColumns(table: string, columns: ColumnArrays): Promise<Result> {
    this.#check();
    return this.#conn.insertColumns(this.id, table, columns);
  }

  /**
   * Parses and plans a statement once; the engine re-plans it if the schema changes.
   *
   * @example
   * ```ts
   * const byId = await s.prepare('SELECT * FROM t WHERE a = $1');
   * await byId.query([2]);   // rows where a = 2
   * ```
   */
  async prepare(sql: string): Promise<PreparedStatement> {
    this.#check();
    return new Prepared(this, this.#conn, await this.#conn.prepare(this.id, sql), sql);
  }

  /** @internal Throws the logged-out error when the session has ended (for its prepared statements). */
  checkOpen(): void {
    this.#check();
  }

  /** @internal What every answer of the session goes through (for its prepared statements). */
  settle(r: Result): Result {
    return this.#after(r);
  }

  /**
   * A table handle from the database's ProviderRegistry (cached; see `TableOptions.type`).
   *
   * @example
   * ```ts
   * const t = s.table('chat.messages');
   * await t.insert([{ room: 'general', body: 'hi' }]);
   * (await t.select({ where: { room: 'general' }, limit: 50 })).rows;
   * ```
   */
  table(name: string, options?: TableOptions): TableHandle {
    this.#check();
    return this.#registry.handle(this, name, options);
  }

  /**
   * Starts a live query: `onInitial(rows)` runs once with the query's rows (before the promise
   * resolves), then `onChange` once per change of the result, as commits make them. `sql` is a
   * SELECT (or `SUBSCRIBE TO SELECT … [OPTIONS (last_rows = n)]`); it runs as this session's
   * user and role. Rejects with a `DbError` (42501 for a table the user may not read, 53400
   * past the per-session limit, 25001 inside a transaction).
   *
   * @example
   * ```ts
   * const sub = await s.subscribe('SELECT id, body FROM chat.messages WHERE room = $1', ['general'], {
   *   onInitial(rows) { list = [...rows]; },
   *   onChange(c) { if (c.type === 'insert') list.push(...c.rows); },   // { type: 'insert', rows: [{ id: 7, body: 'hi' }], oldRows: [] }
   *   onError(e) { console.warn(e); },
   * });
   * await sub.unsubscribe();
   * ```
   */
  async subscribe(sql: string, params: readonly unknown[] = [], handlers: LiveHandlers = {}): Promise<Subscription> {
    this.#check();
    for (const x of this.#subscriptions) if (x.closed) this.#subscriptions.delete(x);
    const sub = await this.#conn.subscribe(this.id, sql, params, handlers);
    if (this.#closed) {
      this.#conn.live.detach(sub.id);
      return sub;
    }
    const tracked: Subscription = {
      id: sub.id,
      get closed() { return sub.closed; },
      unsubscribe: async () => {
        this.#subscriptions.delete(tracked);
        await sub.unsubscribe();
      },
    };
    this.#subscriptions.add(tracked);
    return tracked;
  }

  /**
   * Ends the session: the engine closes its subscriptions and rolls back an open transaction;
   * its cached table handles are dropped. Idempotent.
   */
  async logout(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#endSubscriptions();
    this.#registry.dropSession(this.id);
    this.#onClose(this);
    await this.#conn.closeSession(this.id);
  }

  /** @internal Marks the session closed without telling the engine (the database closed). */
  markClosed(): void {
    this.#closed = true;
    this.#endSubscriptions();
    this.#registry.dropSession(this.id);
  }

  #endSubscriptions(): void {
    for (const sub of this.#subscriptions) this.#conn.live.detach(sub.id);
    this.#subscriptions.clear();
  }
}

/**
 * A prepared statement of a session. A class, not an object of closures made per `prepare`:
 * an application loop that calls `stmt.query` has its optimized code inline the call, and code
 * that inlined a closure is thrown away once a GC collects it (after the statement is closed),
 * where a method stays the same function for every statement.
 */
class Prepared implements PreparedStatement {
  #open = true;
  constructor(private readonly session: Session, private readonly conn: Connection, private readonly id: number, readonly sql: string) {}

  query(params?: readonly unknown[], options?: QueryOptions): Promise<Result> {
    // not async: in-process the answer may come synchronously, and then the call costs one
    // already-resolved promise (the per-call fast path of prepared statements)
    try {
      const s = this.session;
      s.checkOpen();
      if (!this.#open) throw new DbError(SqlState.OBJECT_NOT_IN_PREREQUISITE_STATE, 'prepared statement has been closed');
      const r = this.conn.executePrepared(s.id, this.id, params, callOptions(options));
      return r instanceof Promise ? r.then((x) => s.settle(x)) : Promise.resolve(s.settle(r));
    } catch (e) {
      return Promise.reject(e);
    }
  }

  async run(paramRows: readonly (readonly unknown[])[], options?: QueryOptions): Promise<Result> {
    const s = this.session;
    s.checkOpen();
    if (!this.#open) throw new DbError(SqlState.OBJECT_NOT_IN_PREREQUISITE_STATE, 'prepared statement has been closed');
    return s.settle(await this.conn.executeMany(s.id, this.id, paramRows, callOptions(options)));
  }

  async close(): Promise<void> {
    if (!this.#open) return;
    this.#open = false;
    if (!this.session.closed) await this.conn.closePrepared(this.session.id, this.id);
  }
}
