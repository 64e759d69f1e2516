/**
 * `inkdb/react`: React hooks over InkDB sessions. React is an optional peer dependency of
 * `inkdb`; this entry is the only one that imports it.
 *
 * @example
 * ```tsx
 * import { useLiveQuery } from 'inkdb/react';
 *
 * function Inbox({ session }: { session: Session }) {
 *   const { rows, loading } = useLiveQuery(session, 'SELECT id, body FROM chat.messages ORDER BY id');
 *   return loading ? <p>Loading…</p> : <ul>{rows.map((r) => <li key={String(r.id)}>{String(r.body)}</li>)}</ul>;
 * }
 * ```
 *
 * @packageDocumentation
 */
export { useQuery } from './use-query.ts';
export type { QueryState } from './use-query.ts';
export { useLiveQuery } from './use-live-query.ts';
export type { LiveQueryState } from './use-live-query.ts';
export { watchQuery, applyChange, sameRow, sameRows } from './watch-query.ts';
export type { LiveRow, LiveSubscription, QuerySession, WatchEvent, WatchMode, WatchOptions } from './watch-query.ts';
export { paramsKey } from './params-key.ts';
