/**
 * The one seam between the React hooks and the engine's change feed: {@link watchQuery} keeps a
 * query's rows current and calls back with each new row list. It uses `session.subscribe` (live
 * queries: the initial rows, then one change per commit) when the session has it, and otherwise,
 * or when the engine answers `0A000` (live queries not available), re-runs the query every
 * `pollMs` and reports only when the rows differ. Nothing else in `react/` knows which is used.
 */
import type { ColumnInfo, LiveChange, LiveHandlers } from '../api/engine-api.ts';

/** A row as the hooks hand it out. */
export type LiveRow = Record<string, unknown>;

/** A running live query, as `session.subscribe` returns it. */
export interface LiveSubscription {
  unsubscribe(): Promise<void>;
}

/**
 * What the hooks need of a session: `query`, and `subscribe` when the engine has live queries.
 * InkDB's `Session` is one.
 *
 * @example
 * ```ts
 * const s: QuerySession = await db.login('root', '');
 * ```
 */
export interface QuerySession {
  query(sql: string, params?: readonly unknown[]): Promise<{ readonly rows: LiveRow[]; readonly columns: readonly ColumnInfo[] }>;
  subscribe?(sql: string, params: readonly unknown[], handlers: LiveHandlers): Promise<LiveSubscription>;
}

/** How a watched query is kept current. */
export type WatchMode = 'subscribe' | 'poll';

/** What {@link watchQuery} reports. */
export interface WatchEvent {
  readonly rows: readonly LiveRow[];
  readonly columns: readonly ColumnInfo[];
  readonly mode: WatchMode;
}

/** Options of {@link watchQuery}. */
export interface WatchOptions {
  /** Milliseconds between two runs of the query when polling (default 250). */
  readonly pollMs?: number;
  /** Force a mode: `'poll'` even when `subscribe` exists (tests, engines without live queries). */
  readonly mode?: WatchMode;
  /** Keeps the row list in this order after every change (live changes arrive unordered). */
  readonly compare?: (a: LiveRow, b: LiveRow) => number;
}

/** True for two values a row may hold that are equal (numbers, bigints, strings, bytes, null). */
function sameValue(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (a instanceof Uint8Array && b instanceof Uint8Array) {
    if (a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
    return true;
  }
  return false;
}

/**
 * True when two rows have the same columns and values.
 *
 * @example
 * ```ts
 * sameRow({ id: 1n, body: 'hi' }, { id: 1n, body: 'hi' });   // true
 * ```
 */
export function sameRow(a: LiveRow, b: LiveRow): boolean {
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  for (const k of ka) if (!sameValue(a[k], b[k])) return false;
  return true;
}

/** True when two row lists are equal, row by row. */
export function sameRows(a: readonly LiveRow[], b: readonly LiveRow[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!sameRow(a[i]!, b[i]!)) return false;
  return true;
}

/**
 * Applies one live change to a row list (a new list; rows matched by value): deletes remove
 * their old rows, updates replace each old row with its new row, inserts append.
 *
 * @example
 * ```ts
 * applyChange([{ id: 1, b: 'x' }], { type: 'update', rows: [{ id: 1, b: 'y' }], oldRows: [{ id: 1, b: 'x' }] });
 * // [{ id: 1, b: 'y' }]
 * ```
 */
export function applyChange(rows: readonly LiveRow[], c: LiveChange): LiveRow[] {
  const out = rows.slice();
  if (c.type === 'insert') {
    for (const r of c.rows) out.push(r);
    return out;
  }
  c.oldRows.forEach((old, i) => {
    const at = out.findIndex((r) => sameRow(r, old));
    if (at < 0) return;
    if (c.type === 'delete') out.splice(at, 1);
    else out[at] = c.rows[i] ?? old;
  });
  return out;
}

/** True for a DbError `0A000` (feature not supported): live queries are not in this engine. */
function notSupported(e: unknown): boolean {
  return typeof e === 'object' && e !== null && (e as { code?: unknown }).code === '0A000';
}

/**
 * Watches a query: calls `onRows` with its rows now and whenever they change, `onError` when
 * it cannot run (polling keeps trying; a subscription ends). Returns a function that stops it.
 *
 * @example
 * ```ts
 * const stop = watchQuery(session, 'SELECT * FROM chat.messages WHERE room = $1', ['general'],
 *   (ev) => render(ev.rows), (e) => console.warn(e));
 * stop();
 * ```
 */
export function watchQuery(
  session: QuerySession, sql: string, params: readonly unknown[],
  onRows: (ev: WatchEvent) => void, onError: (e: unknown) => void, options: WatchOptions = {},
): () => void {
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let sub: LiveSubscription | null = null;
  let rows: LiveRow[] = [];
  let columns: readonly ColumnInfo[] = [];
  const sort = (r: LiveRow[]): LiveRow[] => (options.compare === undefined ? r : r.sort(options.compare));
  const emit = (mode: WatchMode): void => {
    if (!stopped) onRows({ rows, columns, mode });
  };

  const poll = async (first: boolean): Promise<void> => {
    try {
      const r = await session.query(sql, params);
      if (stopped) return;
      const next = sort(r.rows.slice());
      if (first || !sameRows(next, rows)) {
        rows = next;
        columns = r.columns;
        emit('poll');
      }
    } catch (e) {
      if (!stopped) onError(e);
    }
    if (!stopped) timer = setTimeout(() => { void poll(false); }, options.pollMs ?? 250);
  };

  const subscribe = async (): Promise<void> => {
    try {
      const s = await session.subscribe!(sql, params, {
        onInitial: (initial: readonly LiveRow[], cols?: readonly ColumnInfo[]) => {
          rows = sort(initial.slice());
          columns = cols ?? [];
          emit('subscribe');
        },
        onChange: (c) => {
          rows = sort(applyChange(rows, c));
          emit('subscribe');
        },
        onError: (e) => { if (!stopped) onError(e); },
      });
      if (stopped) void s.unsubscribe();
      else sub = s;
    } catch (e) {
      if (stopped) return;
      if (notSupported(e)) void poll(true);
      else onError(e);
    }
  };

  if (options.mode !== 'poll' && typeof session.subscribe === 'function') void subscribe();
  else void poll(true);

  return () => {
    stopped = true;
    if (timer !== null) clearTimeout(timer);
    if (sub !== null) void sub.unsubscribe().catch(() => { /* already ended */ });
  };
}
