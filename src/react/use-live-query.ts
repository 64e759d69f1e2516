/**
 * `useLiveQuery`: a query whose rows stay current as commits change them, through
 * {@link watchQuery} (live queries with `session.subscribe`, or polling where the engine has
 * none). Changing the session, the SQL or the parameters' values starts a new watch; unmounting
 * stops it.
 */
import { useEffect, useRef, useState } from 'react';
import type { ColumnInfo } from '../api/engine-api.ts';
import { paramsKey } from './params-key.ts';
import { watchQuery, type LiveRow, type QuerySession, type WatchMode, type WatchOptions } from './watch-query.ts';

/**
 * What {@link useLiveQuery} returns.
 *
 * @example
 * ```ts
 * const live: LiveQueryState = { rows: [], columns: [], error: null, loading: true, mode: null };
 * ```
 */
export interface LiveQueryState {
  /** The query's current rows. */
  readonly rows: readonly LiveRow[];
  /** The result's columns. */
  readonly columns: readonly ColumnInfo[];
  /** The last error (a `DbError`), or null; polling clears it once the query runs again. */
  readonly error: unknown;
  /** True until the first rows arrive. */
  readonly loading: boolean;
  /** How the rows are kept current: `'subscribe'` (live query) or `'poll'`; null before the first rows. */
  readonly mode: WatchMode | null;
}

/**
 * Keeps `sql`'s rows current in a component. Pass `null` as the session to wait.
 * `options.compare` keeps the rows sorted (live changes append new rows at the end).
 *
 * @example
 * ```tsx
 * function Messages({ session, room }: { session: Session; room: string }) {
 *   const { rows } = useLiveQuery(session, 'SELECT id, body FROM chat.messages WHERE room = $1', [room],
 *     { compare: (a, b) => (a.id < b.id ? -1 : 1) });
 *   return <ul>{rows.map((m) => <li key={String(m.id)}>{String(m.body)}</li>)}</ul>;
 * }
 * ```
 */
export function useLiveQuery(
  session: QuerySession | null, sql: string, params?: readonly unknown[], options: WatchOptions = {},
): LiveQueryState {
  const [state, setState] = useState<LiveQueryState>({ rows: [], columns: [], error: null, loading: session !== null, mode: null });
  const key = paramsKey(params);
  const paramsRef = useRef(params);
  paramsRef.current = params;
  const optionsRef = useRef(options);
  optionsRef.current = options;
  const { pollMs, mode } = options;

  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` stands for the parameters' values
  useEffect(() => {
    if (session === null) return;
    setState((s) => ({ ...s, loading: true }));
    const opts = optionsRef.current;
    return watchQuery(
      session, sql, paramsRef.current ?? [],
      (ev) => setState({ rows: ev.rows, columns: ev.columns, error: null, loading: false, mode: ev.mode }),
      (e) => setState((s) => ({ ...s, error: e, loading: false })),
      {
        ...(pollMs !== undefined ? { pollMs } : {}),
        ...(mode !== undefined ? { mode } : {}),
        ...(opts.compare !== undefined ? { compare: (a: LiveRow, b: LiveRow) => optionsRef.current.compare!(a, b) } : {}),
      },
    );
  }, [session, sql, key, pollMs, mode]);

  return state;
}
