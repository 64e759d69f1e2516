/**
 * `useQuery`: runs a query when the component mounts and whenever the session, the SQL or the
 * parameters' values change; `refetch()` runs it again. Answers that arrive after a newer run
 * started are dropped.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ColumnInfo } from '../api/engine-api.ts';
import { paramsKey } from './params-key.ts';
import type { LiveRow, QuerySession } from './watch-query.ts';

/**
 * What {@link useQuery} returns.
 *
 * @example
 * ```ts
 * const q: QueryState = { rows: [{ n: 3n }], columns: [{ name: 'n', type: 'bigint' }], error: null, loading: false, refetch };
 * ```
 */
export interface QueryState {
  /** The rows of the last answer (empty until the first one arrives, and after an error). */
  readonly rows: readonly LiveRow[];
  /** The columns of the last answer. */
  readonly columns: readonly ColumnInfo[];
  /** The error of the last run (a `DbError`), or null. */
  readonly error: unknown;
  /** True while a run is in flight. */
  readonly loading: boolean;
  /** Runs the query again (after a write the component made, say). */
  refetch(): void;
}

/**
 * Runs `sql` with `params` on `session` and re-renders with its rows. Pass `null` as the session
 * to wait (nothing runs until there is one).
 *
 * @example
 * ```tsx
 * function RoomCount({ session }: { session: Session }) {
 *   const { rows, error, loading } = useQuery(session, 'SELECT count(*) AS n FROM chat.rooms');
 *   if (error) return <p role="alert">{String(error)}</p>;
 *   return <p>{loading ? '…' : `${rows[0]?.n} rooms`}</p>;
 * }
 * ```
 */
export function useQuery(session: QuerySession | null, sql: string, params?: readonly unknown[]): QueryState {
  const [state, setState] = useState<Omit<QueryState, 'refetch'>>({ rows: [], columns: [], error: null, loading: session !== null });
  const [tick, setTick] = useState(0);
  const key = paramsKey(params);
  const paramsRef = useRef(params);
  paramsRef.current = params;

  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` stands for the parameters' values, `tick` for refetch()
  useEffect(() => {
    if (session === null) return;
    let current = true;
    setState((s) => ({ ...s, loading: true }));
    session.query(sql, paramsRef.current ?? []).then(
      (r) => { if (current) setState({ rows: r.rows, columns: r.columns, error: null, loading: false }); },
      (e: unknown) => { if (current) setState({ rows: [], columns: [], error: e, loading: false }); },
    );
    return () => { current = false; };
  }, [session, sql, key, tick]);

  const refetch = useCallback(() => setTick((t) => t + 1), []);
  return { ...state, refetch };
}
