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
 * the call's outcome is unknown. Next to `OK`, `FAILED` and `LIVE` of `worker-wire.ts`. A
 * cancellable call of a follower gets `[0, ACCEPTED, id, slot]` when the leader shares cancel
 * flags with its Worker: the leader's page, whose thread is free while the Worker runs the call,
 * sets flag `slot` when the follower's `cancel` for `id` comes by (see {@link relayTabCancels}).
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

/** Cancel flags the leader shares with its Worker for its followers' calls (one per running cancellable call). */
export const TAB_CANCEL_SLOTS = 256;

/**
 * The leader page's half of a follower's cancellation: listens on the tab channel for the
 * acceptance notices that carry a flag slot and for the followers' `cancel` requests, and sets
 * the call's flag in `flags` (shared with the leader's Worker, which checks it while the call
 * runs: a Worker busy with a statement reads no message, but reads the flag). A `cancel` that
 * arrives before its call's notice is kept until the notice or the answer. Returns the function
 * that stops listening.
 *
 * @example
 * ```ts
 * const stop = relayTabCancels(channel, epoch, flags);
 * ```
 */
export function relayTabCancels(
  channel: { addEventListener(type: 'message', l: (ev: { data: unknown }) => void): void; removeEventListener(type: 'message', l: (ev: { data: unknown }) => void): void },
  epoch: string, flags: Int32Array,
): () => void {
  const slots = new Map<string, number>();
  const early = new Set<string>();
  const on = (ev: { data: unknown }): void => {
    const d = ev.data;
    if (!isTabMessage(d)) return;
    if (d.k === 'ans') {
      const m = d.m as readonly unknown[];
      if (!Array.isArray(m)) return;
      if (m[0] === 0 && m[1] === ACCEPTED && typeof m[3] === 'number') {
        const key = `${d.to}:${String(m[2])}`;
        slots.set(key, m[3]);
        if (early.delete(key)) Atomics.store(flags, m[3], 1);
      } else if (typeof m[0] === 'number' && m[0] !== 0) {
        const key = `${d.to}:${String(m[0])}`;
        slots.delete(key);
        early.delete(key);
      }
      return;
    }
    if (d.k !== 'call' || d.to !== epoch) return;
    const m = d.m as readonly unknown[];
    if (!Array.isArray(m) || m[0] !== 0 || m[1] !== 'cancel') return;
    const key = `${d.from}:${String(m[2])}`;
    const slot = slots.get(key);
    if (slot !== undefined) Atomics.store(flags, slot, 1);
    else if (early.size < TAB_CANCEL_SLOTS * 4) early.add(key);
  };
  channel.addEventListener('message', on);
  return () => channel.removeEventListener('message', on);
}
