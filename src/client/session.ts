/**
 * A session: one authenticated user talking to the database. Everything a session runs is
 * checked by the engine against that user (DESIGN.md §1.3, §5).
 */
import { DbError } from '../errors/db-error.ts';
import { SqlState } from '../errors/sqlstate.ts';
import type { LiveHandlers } from '../api/engine-api.ts';
import type { Connection } from './connection.ts';
import type { Subscription } from './live.ts';
import type { ProviderRegistry, SessionRunner, TableHandle, TableOptions } from './provider-registry.ts';
import type { Result } from './result.ts';
import type { ScriptResult } from './script-result.ts';

/** Statement kinds after which cached table providers are dropped. */
const DDL_INVALIDATES = /^(alter|drop)/i;

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
  query(params?: readonly unknown[]): Promise<Result>;
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
    if (DDL_INVALIDATES.test(r.command)) this.#registry.invalidateAll();
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
  async query(sql: string, params?: readonly unknown[]): Promise<Result> {
    this.#check();
    return this.#after(await this.#conn.execute(this.id, sql, params));
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
    const id = await this.#conn.prepare(this.id, sql);
    let open = true;
    const stmt: PreparedStatement = {
      sql,
      query: async (params?: readonly unknown[]) => {
        this.#check();
        if (!open) throw new DbError(SqlState.OBJECT_NOT_IN_PREREQUISITE_STATE, 'prepared statement has been closed');
        return this.#after(await this.#conn.executePrepared(this.id, id, params));
      },
      close: async () => {
        if (!open) return;
        open = false;
        if (!this.#closed) await this.#conn.closePrepared(this.id, id);
      },
    };
    return stmt;
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
