/**
 * The messages between tabs that share one database (docs/ARCHITECTURE.md, "Many tabs"), on the
 * BroadcastChannel `inkdb:<name>`. The leader's Worker serves the engine; every other tab sends
 * the Worker protocol's own requests (`api/worker-wire.ts`) wrapped in an envelope that names the
 * leader it is meant for (its epoch) and the sending tab; answers come back addressed to that tab.
 *
 * - `{ k: 'call', to: epoch, from: tab, m: request }` a follower's request to leader `epoch`;
 * - `{ k: 'ans', to: tab, m: answer }` the leader's answer, live batch or acceptance notice;
 * - `{ k: 'who' }` a tab asks which leader serves the database;
 * - `{ k: 'leader', epoch }` the leader announces itself (when it starts, and to every `who`);
 * - `{ k: 'bye', epoch }` the leader stops serving (its database closes), after its last answer:
 *   a channel delivers one sender's messages in order, so a follower has every answer by then.
 *
 * Web Locks: `inkdb:leader:<name>` elects the leader (held by its page for its lifetime);
 * `inkdb:epoch:<epoch>` is held by the leader's Worker (granted to a follower once the leader is
 * gone); `inkdb:tab:<tab>` is held by each follower page (granted to the leader once it is gone).
 */

/**
 * The status of `[0, ACCEPTED, id]` in an answer envelope: call `id` has reached the engine (the
 * leader's tab server sends it just before the call runs); if the leader dies before the answer,
 * the call's outcome is unknown. Next to `OK`, `FAILED` and `LIVE` of `worker-wire.ts`.
 *
 * @example
 * ```ts
 * channel.postMessage({ k: 'ans', to: tab, m: [0, ACCEPTED, 7] });
 * ```
 */
export const ACCEPTED = 3;

/**
 * A message on a database's tab channel.
 *
 * @example
 * ```ts
 * const m: TabMessage = { k: 'call', to: epoch, from: tab, m: [7, 'execute', [sid, 'SELECT 1', [], undefined]] };
 * ```
 */
export type TabMessage =
  | { readonly k: 'call'; readonly to: string; readonly from: string; readonly m: unknown }
  | { readonly k: 'ans'; readonly to: string; readonly m: unknown }
  | { readonly k: 'who' }
  | { readonly k: 'leader'; readonly epoch: string }
  | { readonly k: 'bye'; readonly epoch: string };

/**
 * The BroadcastChannel name of database `name`.
 *
 * @example
 * ```ts
 * tabChannelName('my-app');   // 'inkdb:my-app'
 * ```
 */
export function tabChannelName(name: string): string {
  return `inkdb:${name}`;
}

/**
 * The Web Lock whose holder leads database `name`.
 *
 * @example
 * ```ts
 * leaderLockName('my-app');   // 'inkdb:leader:my-app'
 * ```
 */
export function leaderLockName(name: string): string {
  return `inkdb:leader:${name}`;
}

/**
 * The Web Lock a leader's Worker holds while it serves (epoch = the leader's random id).
 *
 * @example
 * ```ts
 * epochLockName('0b7e…');   // 'inkdb:epoch:0b7e…'
 * ```
 */
export function epochLockName(epoch: string): string {
  return `inkdb:epoch:${epoch}`;
}

/**
 * The Web Lock a follower tab holds for its lifetime.
 *
 * @example
 * ```ts
 * tabLockName('5d1c…');   // 'inkdb:tab:5d1c…'
 * ```
 */
export function tabLockName(tab: string): string {
  return `inkdb:tab:${tab}`;
}

/**
 * True for a well-formed {@link TabMessage}.
 *
 * @example
 * ```ts
 * isTabMessage({ k: 'who' });   // true
 * isTabMessage([1, 'x', []]);   // false
 * ```
 */
export function isTabMessage(x: unknown): x is TabMessage {
  return typeof x === 'object' && x !== null && typeof (x as { k?: unknown }).k === 'string';
}

/**
 * A random id for a tab or a leader epoch.
 *
 * @example
 * ```ts
 * randomTabId();   // '3f2a9c1e-…' (crypto.randomUUID where there is one)
 * ```
 */
export function randomTabId(): string {
  const c = (globalThis as { crypto?: { randomUUID?: () => string } }).crypto;
  if (c?.randomUUID !== undefined) return c.randomUUID();
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}-${Math.random().toString(36).slice(2)}`;
}
