/**
 * The ProviderRegistry (DESIGN.md §3): `session.table(name)` hands out table handles. A
 * provider for a SHARED table is cached once per database and reused by every session; one for
 * a USER or STREAM table (the default when the type is not given) belongs to the session and is
 * dropped at logout. A DDL change (ALTER/DROP) invalidates cached providers.
 */
import { DbError } from '../errors/db-error.ts';
import { SqlState } from '../errors/sqlstate.ts';
import { arrowTableToVectors } from '../types/arrow.ts';
import { valueAt } from '../types/vector.ts';
import type { Table } from 'apache-arrow';
import type { ColumnArrays, LiveHandlers } from '../api/engine-api.ts';
import type { Subscription } from './live.ts';
import type { Result } from './result.ts';
import { TableCache } from './table-cache.ts';

/**
 * The table types a handle can be declared with.
 *
 * @example
 * ```ts
 * const kind: TableKind = 'shared';
 * ```
 */
export type TableKind = 'user' | 'shared' | 'stream';

/**
 * Options of `session.table(name, options)`.
 *
 * @example
 * ```ts
 * s.table('app.settings', { type: 'shared' });   // one provider for every session of the database
 * ```
 */
export interface TableOptions {
  /**
   * The table's type, when the application knows it: `'shared'` caches the provider for the
   * whole database. Without it the provider is scoped to the session (always safe).
   */
  readonly type?: TableKind;
  /**
   * Keep a main-thread copy of the table, loaded once and kept current by a live subscription,
   * so `select()` answers without a Worker round trip. A SHARED table's copy serves every
   * session of the database (each session's right to read it is checked once); any other
   * handle's copy belongs to its session. Default false.
   */
  readonly cache?: boolean;
  /** Rows a cached copy may hold; past it selects go to the Worker. Default 10,000. */
  readonly cacheRowLimit?: number;
}

/**
 * One ORDER BY term of {@link SelectOptions}: a column name, or a column with a direction.
 *
 * @example
 * ```ts
 * const o: OrderBy[] = ['room', { column: 'id', direction: 'desc', nulls: 'last' }];
 * // ORDER BY "room", "id" DESC NULLS LAST
 * ```
 */
export type OrderBy = string | {
  readonly column: string;
  readonly direction?: 'asc' | 'desc';
  readonly nulls?: 'first' | 'last';
};

/**
 * What {@link TableHandle.select} reads.
 *
 * @example
 * ```ts
 * await t.select({ columns: ['id', 'body'], where: { room: ['a', 'b'] }, limit: 10, offset: 20 });
 * // SELECT "id", "body" FROM "t" WHERE "room" IN ($1, $2) LIMIT 10 OFFSET 20
 * ```
 */
export interface SelectOptions {
  /** Columns to return (default `*`). */
  readonly columns?: readonly string[];
  /**
   * Equality filters, ANDed: `{ room: 'general' }` → `"room" = $1`; `null` → `IS NULL`;
   * an array → `IN ($1, $2, …)` (an empty array matches nothing).
   */
  readonly where?: Readonly<Record<string, unknown>>;
  /** Sort order. */
  readonly orderBy?: OrderBy | readonly OrderBy[];
  /** At most this many rows (a non-negative integer). */
  readonly limit?: number;
  /** Skip this many rows (a non-negative integer). */
  readonly offset?: number;
}

/**
 * What the registry needs from a session to run statements for a handle ({@link Session}
 * implements it).
 *
 * @example
 * ```ts
 * registry.handle(session, 'chat.messages');
 * ```
 */
export interface SessionRunner {
  /** The engine's session id. */
  readonly id: string;
  query(sql: string, params?: readonly unknown[]): Promise<Result>;
  /** @internal The bulk insert handles use. */
  insertRows(table: string, rows: readonly Record<string, unknown>[]): Promise<Result>;
  /** @internal The bulk insert of columns handles use. */
  insertColumns(table: string, columns: ColumnArrays): Promise<Result>;
  /** Starts a live query (see `Session.subscribe`). */
  subscribe(sql: string, params: readonly unknown[], handlers: LiveHandlers): Promise<Subscription>;
}

/**
 * Cached knowledge about one table, shared by the handles that use it: its normalised name
 * and the quoted SQL name generated statements use.
 *
 * @example
 * ```ts
 * const p = s.table('Chat.Messages').provider;
 * p.name;      // 'chat.messages'
 * p.sqlName;   // '"chat"."messages"'
 * ```
 */
export class TableProvider {
  /** The normalised name: unquoted parts folded to lower case, joined with `.`. */
  readonly name: string;
  /** The name as generated SQL writes it, every part double-quoted. */
  readonly sqlName: string;
  /** The declared type, if the application gave one. */
  readonly type: TableKind | undefined;
  #valid = true;

  constructor(name: string, sqlName: string, type: TableKind | undefined) {
    this.name = name;
    this.sqlName = sqlName;
    this.type = type;
  }

  /** False once a DDL change invalidated the provider; handles then fetch a fresh one. */
  get valid(): boolean {
    return this.#valid;
  }

  /** Marks the provider stale. */
  invalidate(): void {
    this.#valid = false;
  }
}

/**
 * A table handle bound to a session: inserts and simple selects without writing SQL.
 *
 * @example
 * ```ts
 * const messages = alice.table('chat.messages');
 * await messages.insert([{ room: 'general', body: 'hi' }]);   // 'Inserted 1 row(s)'
 * await messages.select({ where: { room: 'general' }, orderBy: { column: 'id', direction: 'desc' }, limit: 50 });
 * // runs: SELECT * FROM "chat"."messages" WHERE "room" = $1 ORDER BY "id" DESC LIMIT 50
 * ```
 */
export interface TableHandle {
  /** The normalised table name (`chat.messages`). */
  readonly name: string;
  /** The declared table type, if any. */
  readonly type: TableKind | undefined;
  /** The provider behind the handle (shared by sessions for SHARED tables). */
  readonly provider: TableProvider;
  /**
   * Inserts rows, as one statement: plain row objects (keyed by column name), an apache-arrow
   * Table, or a record of column arrays (`{ id: Int32Array | number[], name: string[] }`, all of
   * one length; typed arrays are moved to the Worker, or kept by the engine in-process, so do
   * not reuse them). The last two build no row objects. Columns left out get their defaults.
   */
  insert(rows: readonly Record<string, unknown>[] | Table | ColumnArrays): Promise<Result>;
  /** Reads rows with a generated, parameterised SELECT (from the cached copy when there is one). */
  select(options?: SelectOptions): Promise<Result>;
  /** The SQL and parameters {@link select} would run. */
  toSql(options?: SelectOptions): { sql: string; params: unknown[] };
  /**
   * Subscribes to the rows {@link select} would return (a live query of the generated SELECT).
   *
   * @example
   * ```ts
   * await messages.subscribe({ where: { room: 'general' } }, { onChange: (c) => render(c) });
   * ```
   */
  subscribe(options: SelectOptions, handlers: LiveHandlers): Promise<Subscription>;
  /** The main-thread copy behind the handle (`{ cache: true }`), or null. */
  readonly cache: TableCache | null;
}

/**
 * Splits a possibly qualified name into parts, folding unquoted parts to lower case as SQL does.
 *
 * @example
 * ```ts
 * parseQualifiedName('Chat.Messages');    // ['chat', 'messages']
 * parseQualifiedName('"MyNs".t');         // ['MyNs', 't']
 * ```
 */
export function parseQualifiedName(name: string): string[] {
  const parts: string[] = [];
  let i = 0;
  const n = name.length;
  while (i <= n) {
    while (i < n && /\s/.test(name[i]!)) i++;
    let part = '';
    if (name[i] === '"') {
      i++;
      for (;;) {
        if (i >= n) throw badName(name);
        if (name[i] === '"') {
          if (name[i + 1] === '"') { part += '"'; i += 2; continue; }
          i++;
          break;
        }
        part += name[i++];
      }
    } else {
      const start = i;
      while (i < n && name[i] !== '.' && !/\s/.test(name[i]!)) i++;
      part = name.slice(start, i).toLowerCase();
      if (part === '') throw badName(name);
    }
    parts.push(part);
    while (i < n && /\s/.test(name[i]!)) i++;
    if (i >= n) break;
    if (name[i] !== '.') throw badName(name);
    i++;
  }
  if (parts.length === 0 || parts.length > 2) throw badName(name);
  return parts;
}

function badName(name: string): DbError {
  return new DbError(SqlState.INVALID_NAME, `invalid table name "${name}"`, {
    hint: 'Use table or namespace.table; quote parts with double quotes to keep their case.',
  });
}

/**
 * Double-quotes an identifier for generated SQL. A name given in double quotes keeps its case;
 * otherwise it folds to lower case, as it would in SQL text.
 *
 * @example
 * ```ts
 * quoteIdent('Room');        // '"room"'
 * quoteIdent('"Room"');      // '"Room"'
 * quoteIdent('say "hi"');    // '"say ""hi"""'
 * ```
 */
export function quoteIdent(name: string): string {
  const raw = name.length >= 2 && name.startsWith('"') && name.endsWith('"')
    ? name.slice(1, -1).replaceAll('""', '"')
    : name.toLowerCase();
  return `"${raw.replaceAll('"', '""')}"`;
}

function checkCount(what: string, n: number): number {
  if (!Number.isSafeInteger(n) || n < 0) {
    throw new DbError(
      what === 'LIMIT' ? SqlState.INVALID_ROW_COUNT_IN_LIMIT : SqlState.INVALID_ROW_COUNT_IN_OFFSET,
      `${what} must be a non-negative integer, got ${String(n)}`,
    );
  }
  return n;
}

/**
 * Builds the parameterised SELECT for a provider.
 *
 * @example
 * ```ts
 * buildSelect('"chat"."messages"', { where: { room: 'general', deleted_by: null }, limit: 10 });
 * // { sql: 'SELECT * FROM "chat"."messages" WHERE "room" = $1 AND "deleted_by" IS NULL LIMIT 10',
 * //   params: ['general'] }
 * ```
 */
export function buildSelect(sqlName: string, options: SelectOptions = {}): { sql: string; params: unknown[] } {
  const params: unknown[] = [];
  const cols = options.columns === undefined || options.columns.length === 0
    ? '*'
    : options.columns.map(quoteIdent).join(', ');
  let sql = `SELECT ${cols} FROM ${sqlName}`;
  const conds: string[] = [];
  for (const [key, value] of Object.entries(options.where ?? {})) {
    if (value === undefined) continue;
    const col = quoteIdent(key);
    if (value === null) {
      conds.push(`${col} IS NULL`);
    } else if (Array.isArray(value)) {
      if (value.length === 0) { conds.push('FALSE'); continue; }
      const ps = value.map((v) => { params.push(v); return `$${params.length}`; });
      conds.push(`${col} IN (${ps.join(', ')})`);
    } else {
      params.push(value);
      conds.push(`${col} = $${params.length}`);
    }
  }
  if (conds.length > 0) sql += ` WHERE ${conds.join(' AND ')}`;
  const order = options.orderBy === undefined ? [] : Array.isArray(options.orderBy) ? options.orderBy : [options.orderBy];
  if (order.length > 0) {
    sql += ' ORDER BY ' + (order as readonly OrderBy[]).map((o) => {
      if (typeof o === 'string') return quoteIdent(o);
      let s = quoteIdent(o.column);
      if (o.direction !== undefined) s += o.direction === 'desc' ? ' DESC' : ' ASC';
      if (o.nulls !== undefined) s += o.nulls === 'first' ? ' NULLS FIRST' : ' NULLS LAST';
      return s;
    }).join(', ');
  }
  if (options.limit !== undefined) sql += ` LIMIT ${checkCount('LIMIT', options.limit)}`;
  if (options.offset !== undefined) sql += ` OFFSET ${checkCount('OFFSET', options.offset)}`;
  return { sql, params };
}

function isArrowTable(x: unknown): x is Table {
  return typeof x === 'object' && x !== null && !Array.isArray(x)
    && typeof (x as Table).getChildAt === 'function' && typeof (x as Table).numRows === 'number'
    && typeof (x as Table).schema === 'object';
}

/** An Arrow table's columns as arrays (typed arrays where a column has no nulls). */
function arrowColumns(table: Table): ColumnArrays {
  const { columns, vectors, length } = arrowTableToVectors(table);
  const out: Record<string, ArrayLike<unknown>> = {};
  columns.forEach((c, i) => {
    const v = vectors[i]!;
    if (v.nulls === null && v.type !== 'boolean' && v.type !== 'null') {
      out[c.name] = v.data as ArrayLike<unknown>;
      return;
    }
    const a = new Array<unknown>(length);
    for (let r = 0; r < length; r++) a[r] = valueAt(v, r);
    out[c.name] = a;
  });
  return out;
}

/** A handle: one session, one provider (re-resolved if the provider was invalidated). */
class Handle implements TableHandle {
  readonly #registry: ProviderRegistry;
  readonly #session: SessionRunner;
  readonly #given: string;
  readonly #options: TableOptions;
  #provider: TableProvider;
  readonly cache: TableCache | null;

  constructor(registry: ProviderRegistry, session: SessionRunner, given: string, options: TableOptions, provider: TableProvider, cache: TableCache | null) {
    this.#registry = registry;
    this.#session = session;
    this.#given = given;
    this.#options = options;
    this.#provider = provider;
    this.cache = cache;
  }

  get provider(): TableProvider {
    if (!this.#provider.valid) this.#provider = this.#registry.provider(this.#session, this.#given, this.#options);
    return this.#provider;
  }

  get name(): string { return this.provider.name; }
  get type(): TableKind | undefined { return this.provider.type; }

  insert(rows: readonly Record<string, unknown>[] | Table | ColumnArrays): Promise<Result> {
    if (Array.isArray(rows)) return this.#session.insertRows(this.provider.name, rows as readonly Record<string, unknown>[]);
    const columns = isArrowTable(rows) ? arrowColumns(rows) : rows as ColumnArrays;
    return this.#session.insertColumns(this.provider.name, columns);
  }

  toSql(options?: SelectOptions): { sql: string; params: unknown[] } {
    return buildSelect(this.provider.sqlName, options);
  }

  select(options?: SelectOptions): Promise<Result> {
    let q: { sql: string; params: unknown[] };
    try {
      q = this.toSql(options);
    } catch (e) {
      return Promise.reject(e);
    }
    const run = (): Promise<Result> => this.#session.query(q.sql, q.params);
    return this.cache === null ? run() : this.cache.select(this.#session, options ?? {}, run);
  }

  subscribe(options: SelectOptions, handlers: LiveHandlers): Promise<Subscription> {
    let q: { sql: string; params: unknown[] };
    try {
      q = this.toSql(options);
    } catch (e) {
      return Promise.reject(e);
    }
    return this.#session.subscribe(q.sql, q.params, handlers);
  }
}

/**
 * Hands out and caches table handles for one database.
 *
 * @example
 * ```ts
 * const a = alice.table('chat.rooms', { type: 'shared' });
 * const b = bob.table('chat.rooms', { type: 'shared' });
 * a.provider === b.provider;                  // true: one provider per database
 * alice.table('chat.rooms', { type: 'shared' }) === a;   // true: handles cached per session
 * ```
 */
export class ProviderRegistry {
  readonly #shared = new Map<string, TableProvider>();
  readonly #scoped = new Map<string, Map<string, TableProvider>>();
  readonly #handles = new Map<string, Map<string, Handle>>();
  /** Cached copies: a SHARED table's by name, any other by session and name. */
  readonly #caches = new Map<string, TableCache>();
  /** Cache counters, for diagnostics and tests. */
  readonly stats = { hits: 0, misses: 0, invalidations: 0 };

  /** The provider for a table as seen by a session (cached as the table type allows). */
  provider(session: SessionRunner, name: string, options: TableOptions = {}): TableProvider {
    const parts = parseQualifiedName(name);
    const key = parts.join('.');
    const cache = options.type === 'shared' ? this.#shared : this.#sessionMap(this.#scoped, session.id);
    const hit = cache.get(key);
    if (hit !== undefined && hit.valid) {
      this.stats.hits++;
      return hit;
    }
    this.stats.misses++;
    const p = new TableProvider(key, parts.map((s) => `"${s.replaceAll('"', '""')}"`).join('.'), options.type);
    cache.set(key, p);
    return p;
  }

  /** The (cached) handle for `name` in a session. */
  handle(session: SessionRunner, name: string, options: TableOptions = {}): TableHandle {
    const provider = this.provider(session, name, options);
    const handles = this.#sessionMap(this.#handles, session.id);
    const key = `${options.type ?? ''}:${options.cache === true ? 'cache:' : ''}${provider.name}`;
    const cached = handles.get(key);
    if (cached !== undefined) return cached;
    let cache: TableCache | null = null;
    if (options.cache === true) {
      const ck = options.type === 'shared' ? provider.name : `${session.id}\u0000${provider.name}`;
      cache = this.#caches.get(ck) ?? null;
      if (cache === null) {
        cache = new TableCache(provider.sqlName, options.cacheRowLimit);
        this.#caches.set(ck, cache);
      }
    }
    const h = new Handle(this, session, name, options, provider, cache);
    handles.set(key, h);
    return h;
  }

  /** Drops a session's providers, handles and own cached copies (at logout). */
  dropSession(sessionId: string): void {
    const scoped = this.#scoped.get(sessionId);
    if (scoped !== undefined) for (const p of scoped.values()) p.invalidate();
    this.#scoped.delete(sessionId);
    this.#handles.delete(sessionId);
    for (const [k, c] of this.#caches) {
      if (k.startsWith(`${sessionId}\u0000`)) {
        c.close();
        this.#caches.delete(k);
      } else {
        c.dropSession(sessionId);
      }
    }
  }

  /** Invalidates every cached provider of a table (after ALTER/DROP of it). */
  invalidate(name: string): void {
    const key = parseQualifiedName(name).join('.');
    this.stats.invalidations++;
    this.#shared.get(key)?.invalidate();
    this.#shared.delete(key);
    for (const m of this.#scoped.values()) {
      m.get(key)?.invalidate();
      m.delete(key);
    }
  }

  /** Invalidates every cached provider (after DDL whose target is not known precisely). */
  invalidateAll(): void {
    this.stats.invalidations++;
    for (const c of this.#caches.values()) c.resetVerdicts();
    for (const p of this.#shared.values()) p.invalidate();
    this.#shared.clear();
    for (const m of this.#scoped.values()) {
      for (const p of m.values()) p.invalidate();
      m.clear();
    }
  }

  #sessionMap<V>(outer: Map<string, Map<string, V>>, sessionId: string): Map<string, V> {
    let m = outer.get(sessionId);
    if (m === undefined) {
      m = new Map();
      outer.set(sessionId, m);
    }
    return m;
  }
}
