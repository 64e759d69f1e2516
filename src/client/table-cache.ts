/**
 * A main-thread copy of one table, kept current by a live subscription, that answers a table
 * handle's `select()` without a round trip to the Worker (`session.table(name, { type: 'shared',
 * cache: true })`).
 *
 * - **Loaded once, kept live**: the first select subscribes to `SELECT *, _seq FROM t` with the
 *   requesting session (and is answered from the initial rows); the copy applies each change. Rows are kept in `_seq` order, which is
 *   the table's storage order, so an unordered select returns rows in the same order as the
 *   engine, and sorts break ties the same way (stably).
 * - **Fresh after a write**: a change reaches the copy before the write's promise resolves in
 *   this tab (in-process: the engine delivers inside the commit; through the Worker: the answer
 *   names the live batch the client applies first).
 * - **Rights per session**: the copy is shared by every session of the database, but each
 *   session's first select asks the engine whether it may read the table (`42501` otherwise);
 *   the verdicts are forgotten after DDL.
 * - **Bounded**: past `rowLimit` rows the copy is dropped and selects go to the Worker (until
 *   the next DDL statement lets it try again).
 * - **Exact or nothing**: a select the copy cannot answer exactly as the engine would (an
 *   unknown column, a value of another type, json or bytes filters, NaN) goes to the Worker.
 *
 * @example
 * ```ts
 * const settings = s.table('app.settings', { type: 'shared', cache: true });
 * await settings.select({ where: { key: 'theme' } });   // first call loads the copy (one round trip)
 * await settings.select({ where: { key: 'theme' } });   // answered on the main thread
 * settings.cache?.stats;                                 // { hits: 1, misses: 1, rows: 12, … }
 * ```
 */
import type { ColumnInfo, LiveChange } from '../api/engine-api.ts';
import { comparePlainValues } from '../types/compare.ts';
import type { DataType } from '../types/data-type.ts';
import { pageVectorFromValues, type JsValue } from '../types/vector.ts';
import type { Subscription } from './live.ts';
import { Result } from './result.ts';

/** What the cache needs from a session. */
export interface CacheSession {
  readonly id: string;
  query(sql: string, params?: readonly unknown[]): Promise<Result>;
  subscribe(sql: string, params: readonly unknown[], handlers: {
    onInitial?(rows: readonly Record<string, unknown>[], columns: readonly ColumnInfo[]): void;
    onChange?(change: LiveChange): void;
    onError?(error: unknown): void;
  }): Promise<Subscription>;
}

/** The select options the cache understands (a handle's `SelectOptions`). */
export interface CacheQuery {
  readonly columns?: readonly string[];
  readonly where?: Readonly<Record<string, unknown>>;
  readonly orderBy?: string | { readonly column: string; readonly direction?: 'asc' | 'desc'; readonly nulls?: 'first' | 'last' } | readonly (string | { readonly column: string; readonly direction?: 'asc' | 'desc'; readonly nulls?: 'first' | 'last' })[];
  readonly limit?: number;
  readonly offset?: number;
}

/** Default row limit of a cached table. */
export const DEFAULT_CACHE_ROW_LIMIT = 10_000;

type Row = Record<string, unknown>;

/** The column name a handle option refers to (double quotes keep case, as in generated SQL). */
function columnName(name: string): string {
  return name.length >= 2 && name.startsWith('"') && name.endsWith('"') ? name.slice(1, -1).replaceAll('""', '"') : name.toLowerCase();
}

/**
 * A filter value in the column type's JS form, when it converts exactly as the engine would;
 * undefined when only the engine can decide (then the select goes to the Worker).
 */
function exactValue(v: unknown, type: DataType): JsValue | undefined {
  switch (type) {
    case 'smallint': case 'integer':
      return typeof v === 'number' && Number.isInteger(v) && Math.abs(v) <= (type === 'smallint' ? 32767 : 2147483647) ? v : undefined;
    case 'bigint':
      if (typeof v === 'bigint') return v;
      return typeof v === 'number' && Number.isSafeInteger(v) ? BigInt(v) : undefined;
    case 'double': case 'date': case 'timestamp':
      return typeof v === 'number' && !Number.isNaN(v) && (type !== 'date' || Number.isInteger(v)) ? v : undefined;
    case 'text':
      return typeof v === 'string' ? v : undefined;
    case 'boolean':
      return typeof v === 'boolean' ? v : undefined;
    default:
      return undefined;
  }
}

/** A hash key for a filter value of the types {@link exactValue} admits (0 and -0 are one key). */
function indexKey(v: JsValue): unknown {
  return typeof v === 'number' && v === 0 ? 0 : v;
}

/** One cached table. */
export class TableCache {
  /** Counters: selects answered from the copy, sent to the Worker, and rows held. */
  readonly stats = { hits: 0, misses: 0, loads: 0, rows: 0 };
  #state: 'idle' | 'loading' | 'ready' | 'off' = 'idle';
  #columns: readonly ColumnInfo[] = [];
  #types = new Map<string, DataType>();
  /** Rows by `_seq`, in `_seq` order while `#sorted`. */
  #rows = new Map<bigint, Row>();
  #sorted = true;
  #lastSeq = -1n;
  #sub: Subscription | null = null;
  #owner: string | null = null;
  readonly #verdicts = new Map<string, Promise<void>>();
  #closed = false;
  #loading: Promise<void> | null = null;
  /** Hash indexes of columns point reads used (dropped by every change). */
  #indexes = new Map<string, Map<unknown, Row[]>>();

  constructor(readonly sqlName: string, readonly rowLimit: number = DEFAULT_CACHE_ROW_LIMIT) {}

  /** True while the copy is loaded and current. */
  get ready(): boolean {
    return this.#state === 'ready';
  }

  /**
   * Runs a select for a session from the copy when it can, else through `fallback` (the
   * engine). Checks the session's right to read the table once (42501 rejects).
   */
  async select(session: CacheSession, q: CacheQuery, fallback: () => Promise<Result>): Promise<Result> {
    await this.#verdict(session);
    if (this.#state === 'idle') this.#loading = this.#load(session);
    if (this.#state === 'loading' && this.#loading !== null) await this.#loading;
    if (this.#state !== 'ready') {
      this.stats.misses++;
      return fallback();
    }
    const r = this.#answer(q);
    if (r === null) {
      this.stats.misses++;
      return fallback();
    }
    this.stats.hits++;
    return r;
  }

  /** Forgets every session's verdict (DDL may have changed access levels), and lets an overflowed copy load again. */
  resetVerdicts(): void {
    this.#verdicts.clear();
    if (this.#state === 'off' && !this.#closed) this.#state = 'idle';
  }

  /** A session left: forget its verdict; if its subscription kept the copy, drop the copy. */
  dropSession(sessionId: string): void {
    this.#verdicts.delete(sessionId);
    if (this.#owner === sessionId) this.#reset('idle');
  }

  /** Drops the copy for good (the database closed). */
  close(): void {
    this.#closed = true;
    this.#reset('off');
  }

  #verdict(session: CacheSession): Promise<void> {
    let v = this.#verdicts.get(session.id);
    if (v === undefined) {
      v = session.query(`SELECT * FROM ${this.sqlName} LIMIT 0`).then(() => undefined);
      this.#verdicts.set(session.id, v);
      v.catch(() => { if (this.#verdicts.get(session.id) === v) this.#verdicts.delete(session.id); });
    }
    return v;
  }

  #reset(to: 'idle' | 'off'): void {
    const sub = this.#sub;
    this.#sub = null;
    this.#owner = null;
    this.#rows = new Map();
    this.#indexes = new Map();
    this.#sorted = true;
    this.#lastSeq = -1n;
    this.stats.rows = 0;
    this.#state = this.#closed ? 'off' : to;
    if (sub !== null) void sub.unsubscribe().catch(() => { /* gone */ });
  }

  async #load(session: CacheSession): Promise<void> {
    this.#state = 'loading';
    this.#owner = session.id;
    this.stats.loads++;
    try {
      const sub = await session.subscribe(`SELECT *, _seq FROM ${this.sqlName}`, [], {
        onInitial: (rows, columns) => {
          this.#setColumns(columns);
          for (const r of rows) this.#add(r as Row);
        },
        onChange: (c) => this.#apply(c),
        onError: () => this.#reset('idle'),
      });
      if (this.#state !== 'loading' || this.#owner !== session.id) {
        void sub.unsubscribe().catch(() => { /* gone */ });
        return;
      }
      this.#sub = sub;
      this.#state = 'ready';
      if (this.#rows.size > this.rowLimit) this.#reset('off');
    } catch {
      if (this.#state === 'loading') this.#state = 'idle';
      this.#owner = null;
    }
  }

  #setColumns(columns: readonly ColumnInfo[]): void {
    this.#columns = columns.filter((c) => c.name !== '_seq');
    this.#types = new Map(this.#columns.map((c) => [c.name, c.type]));
  }

  #add(r: Row): void {
    if (this.#indexes.size > 0) this.#indexes = new Map();
    const seq = r['_seq'] as bigint;
    if (seq < this.#lastSeq) this.#sorted = false;
    else this.#lastSeq = seq;
    this.#rows.set(seq, r);
    this.stats.rows = this.#rows.size;
  }

  #apply(c: LiveChange): void {
    if (this.#state !== 'ready' && this.#state !== 'loading') return;
    if (this.#indexes.size > 0) this.#indexes = new Map();
    if (c.type === 'delete') {
      for (const r of c.oldRows) this.#rows.delete(r['_seq'] as bigint);
    } else if (c.type === 'update') {
      for (let i = 0; i < c.rows.length; i++) {
        const before = c.oldRows[i]!['_seq'] as bigint;
        const after = c.rows[i]! as Row;
        if (before === after['_seq']) this.#rows.set(before, after);
        else { this.#rows.delete(before); this.#add(after); }
      }
    } else {
      for (const r of c.rows) this.#add(r as Row);
    }
    this.stats.rows = this.#rows.size;
    if (this.#rows.size > this.rowLimit) this.#reset('off');
  }

  /** Rows in storage order. */
  #ordered(): Row[] {
    if (!this.#sorted) {
      const entries = [...this.#rows.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
      this.#rows = new Map(entries);
      this.#sorted = true;
      this.#lastSeq = entries.length > 0 ? entries[entries.length - 1]![0] : -1n;
    }
    return [...this.#rows.values()];
  }

  /**
   * Rows whose `column` holds one of `values`, in storage order, through a hash index of the
   * column built on first use (and dropped by the next change): a point read costs a lookup.
   */
  #lookup(column: string, values: readonly JsValue[]): Row[] {
    let ix = this.#indexes.get(column);
    if (ix === undefined) {
      ix = new Map();
      for (const r of this.#ordered()) {
        const v = r[column] as JsValue;
        if (v === null) continue;
        const k = indexKey(v);
        const list = ix.get(k);
        if (list === undefined) ix.set(k, [r]); else list.push(r);
      }
      this.#indexes.set(column, ix);
    }
    if (values.length === 1) return ix.get(indexKey(values[0]!)) ?? [];
    const seen = new Set<Row>();
    for (const v of values) for (const r of ix.get(indexKey(v)) ?? []) seen.add(r);
    return [...seen].sort((a, b) => {
      const x = a['_seq'] as bigint, y = b['_seq'] as bigint;
      return x < y ? -1 : x > y ? 1 : 0;
    });
  }

  /** The select's result from the copy, or null when the engine must answer it. */
  #answer(q: CacheQuery): Result | null {
    const types = this.#types;
    const conds: ((r: Row) => boolean)[] = [];
    let probe: { name: string; want: JsValue[] } | null = null;
    for (const [key, value] of Object.entries(q.where ?? {})) {
      if (value === undefined) continue;
      const name = columnName(key);
      const type = types.get(name);
      if (type === undefined) return null;
      if (value === null) { conds.push((r) => r[name] === null); continue; }
      const list = Array.isArray(value) ? value : [value];
      const want: JsValue[] = [];
      const plain = type as Exclude<DataType, 'numeric'>;   // exactValue admits no numeric
      for (const v of list) {
        const x = exactValue(v, type);
        if (x === undefined || x === null) return null;
        want.push(x);
      }
      conds.push((r) => {
        const v = r[name] as JsValue;
        if (v === null) return false;
        for (const w of want) if (comparePlainValues(v, w, plain) === 0) return true;
        return false;
      });
      if (probe === null) probe = { name, want };
    }
    const order = q.orderBy === undefined ? [] : Array.isArray(q.orderBy) ? q.orderBy : [q.orderBy];
    const keys: { name: string; type: Exclude<DataType, 'numeric'>; desc: boolean; nullsFirst: boolean }[] = [];
    for (const o of order as readonly CacheQuery['orderBy'][]) {
      const spec = typeof o === 'string' ? { column: o } : o as { column: string; direction?: string; nulls?: string };
      const name = columnName(spec.column);
      const type = types.get(name);
      // numeric order needs the engine's decimal comparison: such queries go to the engine
      if (type === undefined || type === 'json' || type === 'bytes' || type === 'numeric') return null;
      const desc = spec.direction === 'desc';
      keys.push({ name, type, desc, nullsFirst: spec.nulls === undefined ? desc : spec.nulls === 'first' });
    }
    const cols = q.columns === undefined || q.columns.length === 0 ? this.#columns : q.columns.map((c) => {
      const name = columnName(c);
      return { name, type: types.get(name) };
    });
    if (cols.some((c) => c.type === undefined)) return null;
    let rows = probe === null ? this.#ordered() : this.#lookup(probe.name, probe.want);
    if (conds.length > 0) rows = rows.filter((r) => conds.every((f) => f(r)));
    if (keys.length > 0) {
      rows.sort((a, b) => {
        for (const k of keys) {
          const x = a[k.name] as JsValue, y = b[k.name] as JsValue;
          if (x === null || y === null) {
            if (x === y) continue;
            return (x === null) === k.nullsFirst ? -1 : 1;
          }
          const c = comparePlainValues(x, y, k.type);
          if (c !== 0) return k.desc ? -c : c;
        }
        return 0;
      });
    }
    const offset = q.offset ?? 0;
    if (offset > 0 || q.limit !== undefined) rows = rows.slice(offset, q.limit === undefined ? undefined : offset + q.limit);
    const columns = cols as ColumnInfo[];
    const vectors = columns.map((c) => pageVectorFromValues(c.type, rows.map((r) => r[c.name] as JsValue)));
    return Result.fromExec({ columns, vectors, length: rows.length, rowCount: rows.length, message: `SELECT ${rows.length}`, command: 'select' });
  }
}
