/**
 * The contract between the client (main thread), the worker endpoint and the engine, in a
 * neutral module that all three import and none owns: the engine implements {@link EngineApi},
 * the worker exposes it, the client calls it. The client imports only this module, `errors/`
 * and apache-arrow. Every method may throw (reject with) a `DbError`.
 */
import type { DbError, SerializedDbError } from '../errors/db-error.ts';
import type { DataType } from '../types/data-type.ts';
import type { Vector } from '../types/vector.ts';
import type { WireVector } from './worker-wire.ts';

/** Options of {@link EngineApi} creation. */
export interface EngineOptions {
  /** Database name (IndexedDB database `inkdb:<name>` when persisted). */
  readonly name?: string;
  /** Where data lives; 'memory' keeps nothing across reloads. */
  readonly storage?: 'memory' | 'indexeddb';
  /** 'strict' resolves a commit after IndexedDB's transaction completes; 'relaxed' uses relaxed durability. */
  readonly durability?: 'strict' | 'relaxed';
  /** Flush policy for persisted tables. */
  readonly flushPolicy?: { readonly rows?: number; readonly intervalMs?: number };
  /** Text (UTF-16 code units) one statement's functions may build before failing (54000 per value, 53200 per statement); default 256 Mi. */
  readonly maxStatementBytes?: number;
  /** Live queries one session may hold at once (default 100; more fail with 53400). */
  readonly maxLiveQueriesPerSession?: number;
  /**
   * The engine's clock in milliseconds since the epoch (default `Date.now`): stream-row insert
   * times, TTL expiry, `_seq` ids and statement time read it. In-process engines only (a
   * function cannot cross to a Worker); tests inject one to expire rows without sleeping.
   */
  readonly clock?: () => number;
  /**
   * A time limit for every statement, in milliseconds (0 or absent: none); a statement that
   * runs longer is cancelled with `57014` and changes nothing. A call's own `timeoutMs`
   * overrides it.
   */
  readonly statementTimeoutMs?: number;
}

/**
 * Per-call options of the statement-running methods.
 *
 * @example
 * ```ts
 * await engine.execute(sid, 'SELECT count(*) FROM big a, big b', [], { timeoutMs: 100 });   // rejects 57014
 * ```
 */
export interface CallOptions {
  /** Cancel the call with `57014` after this many milliseconds (overrides `statementTimeoutMs`; 0: no limit). */
  readonly timeoutMs?: number;
  /**
   * Cancels the call with `57014` once `aborted` is true: an `AbortSignal`, or the worker's view
   * of a flag shared with the page. Operators look at it between batches.
   */
  readonly signal?: { readonly aborted: boolean };
}

/** One statement of {@link EngineApi.batch}. */
export interface BatchStatement {
  readonly sql: string;
  readonly params?: readonly unknown[];
}

/** Columns for {@link EngineApi.insertColumns}: column name → one value per row (an array or a typed array). */
export type ColumnArrays = Readonly<Record<string, ArrayLike<unknown>>>;

/** Options of a trusted session ({@link EngineApi.openSession}). */
export interface OpenSessionOptions {
  /** Create the user (role `user`, no password) when it does not exist. Default false. */
  readonly create?: boolean;
}

/** One result column. */
export interface ColumnInfo {
  readonly name: string;
  /** The SQL type, lower case (`integer`, `bigint`, `double`, `text`, `boolean`, `timestamp`, …). */
  readonly type: DataType;
}

/** What a statement returns, in-process form: column vectors that share the engine's buffers where possible. */
export interface ExecResult {
  readonly columns: readonly ColumnInfo[];
  /** One vector per column, each of `length` rows (empty for statements without rows). */
  readonly vectors: readonly Vector[];
  /** Rows in `vectors`. */
  readonly length: number;
  /** Rows returned, or rows affected by DML. */
  readonly rowCount: number;
  /** `Inserted 2 row(s)`, `Table default.t created`, `SELECT 3`, … */
  readonly message: string;
  /** The statement kind (`select`, `insert`, `create_table`, …). */
  readonly command: string;
}

/** What a statement returns across the worker boundary: the rows as one Arrow IPC stream. */
export interface WireResult {
  readonly columns: readonly ColumnInfo[];
  /**
   * Arrow IPC stream bytes (transferred, not copied), or null: the worker sends {@link values}
   * or {@link vectors} instead (it bundles no Arrow writer); the client still reads IPC.
   */
  readonly ipc: Uint8Array | null;
  /** Small results: one array of JS values per column (structured-cloned: the cheapest form for a few rows). */
  readonly values?: readonly (readonly unknown[])[];
  /** Large results: the column vectors, their typed arrays transferred, repetitive text as a dictionary (see `worker-wire.ts`). */
  readonly vectors?: readonly WireVector[];
  /** Rows in `values` or `vectors`. */
  readonly length?: number;
  readonly rowCount: number;
  readonly message: string;
  readonly command: string;
  /**
   * Set when live-query changes for this connection were still on their way when the answer
   * left the worker: the number of the live batch that carries them. The client resolves the
   * call only once it has applied that batch, so a write's own changes reach its subscribers
   * (and cached handles) before the write's promise resolves.
   */
  readonly liveBatch?: number;
}

/**
 * One statement of a script ({@link EngineApi.executeScript}): its result, where it sits in the
 * script (`start`/`end`: 0-based UTF-16 offsets, `end` exclusive, the `;` left out) and the time
 * the engine spent running it, in milliseconds (transfer and rendering excluded).
 *
 * @example
 * ```ts
 * const step: ScriptStep<ExecResult> = { result, start: 0, end: 8, elapsedMs: 0.4 };   // 'SELECT 1' of 'SELECT 1; SELECT 2'
 * ```
 */
export interface ScriptStep<R> {
  readonly result: R;
  readonly start: number;
  readonly end: number;
  readonly elapsedMs: number;
}

/**
 * What a script returns: one step per statement that ran, in order, and the error that stopped
 * it, if any (later statements did not run; earlier ones stay committed, as in `psql`). A
 * syntax or authorization error stops the script before any statement runs. `errorAt` is the
 * span of the statement that failed (null when none ran, or when nothing failed).
 *
 * @example
 * ```ts
 * const out = await engine.executeScript(sid, 'SELECT 1; SELECT nope');
 * out.steps.length;      // 1
 * out.error?.code;       // '42703', position 18 (counted in the whole script)
 * out.errorAt;           // { start: 10, end: 21 }
 * ```
 */
export interface ScriptOutcome<R, E> {
  readonly steps: readonly ScriptStep<R>[];
  readonly error: E | null;
  readonly errorAt: { readonly start: number; readonly end: number } | null;
}

/** A script's outcome in-process. */
export type ExecScriptOutcome = ScriptOutcome<ExecResult, DbError>;

/**
 * A script's outcome across the worker boundary (errors as plain data, results as Arrow IPC);
 * `liveBatch` as on {@link WireResult}: the script's own live changes are applied first.
 */
export type WireScriptOutcome = ScriptOutcome<WireResult, SerializedDbError> & { readonly liveBatch?: number };

/**
 * A change delivered to a live-query subscriber. Each commit that changes a subscription's
 * result delivers at most one change of each type, in the order delete, update, insert.
 * `rows` are the new rows (insert, update), `oldRows` the previous ones (update, delete), the
 * two aligned by position for an update; rows are matched by the table's primary key, or by
 * `_seq` when it has none (a key that changes is a delete plus an insert).
 *
 * @example
 * ```ts
 * const c: LiveChange = { type: 'update', rows: [{ id: 1, body: 'hi!' }], oldRows: [{ id: 1, body: 'hi' }] };
 * ```
 */
export interface LiveChange {
  readonly type: 'insert' | 'update' | 'delete';
  readonly rows: readonly Record<string, unknown>[];
  readonly oldRows: readonly Record<string, unknown>[];
}

/**
 * Callbacks of a live query. `onInitial` runs once with the query's rows, then `onChange` once
 * per change; `onError` ends the subscription (the table was dropped, the subscription was
 * killed, its query can no longer run).
 *
 * @example
 * ```ts
 * const h: LiveHandlers = { onInitial: (rows) => render(rows), onChange: (c) => apply(c), onError: (e) => warn(e) };
 * ```
 */
export interface LiveHandlers {
  /** The query's rows when the subscription started, and its result columns. */
  onInitial?(rows: readonly Record<string, unknown>[], columns: readonly ColumnInfo[]): void;
  onChange?(change: LiveChange): void;
  onError?(error: unknown): void;
}

/** A row's identity inside a live query: its primary key (or `_seq`), or the output key of a re-evaluated query. */
export type LiveKey = string | number | bigint | boolean;

/** Rows of a live event, as column vectors (owned: they never alias table storage). */
export interface LiveRows {
  readonly length: number;
  readonly vectors: readonly Vector[];
  /** Each row's key, or null when the query's rows have none (they are then compared whole). */
  readonly keys: readonly LiveKey[] | null;
}

/**
 * What the engine sends a live-query sink: the initial rows, one change per commit that
 * changed the result (deletes, updates with their old rows aligned, inserts), or an error
 * that ends the subscription.
 */
export type LiveEvent =
  | { readonly kind: 'initial'; readonly subscription: string; readonly columns: readonly ColumnInfo[]; readonly rows: LiveRows }
  | {
    readonly kind: 'change'; readonly subscription: string;
    readonly deletes: LiveRows | null; readonly updates: LiveRows | null; readonly updatesOld: LiveRows | null; readonly inserts: LiveRows | null;
  }
  | { readonly kind: 'error'; readonly subscription: string; readonly error: DbError };

/**
 * Where the engine delivers a subscription's events. Called synchronously inside the commit
 * (after the change set is computed); it must not throw and should return quickly.
 */
export interface LiveSink {
  deliver(event: LiveEvent): void;
}

/**
 * The parameter rows of {@link EngineApi.executeMany}: an array of rows, or the same rows by
 * column ({@link ParamColumns}, as the Worker protocol carries them).
 */
export type ParamRows = readonly (readonly unknown[])[] | ParamColumns;

/**
 * Parameter rows given by column: row `i` is `columns.map((c) => c[i])`. The Worker hands its
 * engine the packed columns of a `stmt.run` so, without rebuilding an array per row.
 *
 * @example
 * ```ts
 * const rows: ParamColumns = { length: 2, columns: [Float64Array.of(1, 2), ['a', 'b']] };   // [[1, 'a'], [2, 'b']]
 * ```
 */
export interface ParamColumns {
  readonly length: number;
  readonly columns: readonly ArrayLike<unknown>[];
}

/**
 * The engine's surface, as the worker endpoint exposes it and as the in-process client calls it.
 * Sessions are identified by opaque string ids.
 */
export interface EngineApi {
  /** Checks the password against `system.users` and opens a session (28P01 on failure). */
  login(user: string, password: string): Promise<string>;
  /**
   * Opens a session for a user the application has already authenticated: 28000 when the user
   * does not exist, unless `options.create` asks to create it (role `user`, no password).
   */
  openSession(user: string, options?: OpenSessionOptions): Promise<string>;
  /** Closes a session: its subscriptions end, its open transaction rolls back. */
  closeSession(sessionId: string): Promise<void>;
  /** Runs one statement or a `;`-separated script (no params then); returns the last result. */
  execute(sessionId: string, sql: string, params?: readonly unknown[], options?: CallOptions): Promise<ExecResult>;
  /**
   * Runs a `;`-separated script statement by statement (authorized as a whole first, like
   * {@link execute}) and returns every statement's result with its span and engine time; a
   * statement that fails stops the script and is reported in the outcome, not thrown. Rejects
   * only when the session or the database cannot be used.
   */
  executeScript(sessionId: string, sql: string): Promise<ExecScriptOutcome>;
  /** Parses and plans once; returns a statement id. */
  prepare(sessionId: string, sql: string): Promise<number>;
  /** Runs a prepared statement. */
  executePrepared(sessionId: string, statementId: number, params?: readonly unknown[], options?: CallOptions): Promise<ExecResult>;
  /**
   * {@link executePrepared} that answers synchronously when nothing has to wait (no lock held by
   * another session, no persist step): the in-process client's per-call fast path.
   */
  executePreparedNow?(sessionId: string, statementId: number, params?: readonly unknown[], options?: CallOptions): ExecResult | Promise<ExecResult>;
  /**
   * Runs a prepared statement once per parameter row, as one statement: inside the session's
   * transaction, or as a transaction of its own. Stops at the first failing row, rolls the call
   * back and rejects with that row's error, whose `batchIndex` is the row's position. Resolves
   * with the total of rows affected (`rowCount`) and, for a query, the rows of every run in order.
   */
  executeMany(sessionId: string, statementId: number, paramRows: ParamRows, options?: CallOptions): Promise<ExecResult>;
  /**
   * Runs statements in order as one unit (one transaction unless the session has one open),
   * stopping at the first failure (rolled back; the error's `batchIndex` says which statement).
   * Transaction control (BEGIN/COMMIT/ROLLBACK) is not allowed inside. Resolves with each result.
   */
  batch(sessionId: string, statements: readonly BatchStatement[], options?: CallOptions): Promise<ExecResult[]>;
  /** Releases a prepared statement. */
  closePrepared(sessionId: string, statementId: number): Promise<void>;
  /** Bulk insert of plain row objects into a table (the provider handle's fast path). */
  insertRows(sessionId: string, table: string, rows: readonly Record<string, unknown>[]): Promise<ExecResult>;
  /**
   * Bulk insert of columns (column name → values, arrays or typed arrays of equal length; absent
   * columns get their defaults): no row objects are built. Typed arrays of the column's type
   * may be adopted by the storage (the caller must not reuse them).
   */
  insertColumns(sessionId: string, table: string, columns: ColumnArrays): Promise<ExecResult>;
  /**
   * Starts a live query (`SELECT …` or `SUBSCRIBE TO SELECT …`): delivers its initial rows to
   * `sink` before resolving with the subscription id, then one event per commit that changes
   * the result.
   */
  subscribe(sessionId: string, sql: string, params: readonly unknown[], sink: LiveSink): Promise<string>;
  /** Ends one of the session's live queries (no event is delivered). */
  unsubscribe(sessionId: string, subscriptionId: string): Promise<void>;
  /** Closes every session and releases storage. */
  close(): Promise<void>;
}
