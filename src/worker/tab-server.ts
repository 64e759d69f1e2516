/**
 * The leader's side of tab sharing (docs/ARCHITECTURE.md, "Many tabs"): in the leader tab's
 * Worker, serves the engine to the other tabs of the origin over the BroadcastChannel of the
 * database. Each follower tab gets its own endpoint (`exposeEngine` on a virtual port), so its
 * calls, live batches and cancellations work exactly as over a Worker's port; the server adds
 *
 * - the acceptance notice `[0, ACCEPTED, id]` just before a call reaches the engine (a call the
 *   follower never saw accepted can be retried on the next leader; an accepted one cannot);
 * - the end of a tab: a follower that closes, or whose page dies (its `inkdb:tab:<id>` lock is
 *   granted to us), has its sessions closed, which ends their live queries;
 * - `close` from a follower closes only that tab's sessions, never the engine;
 * - cancellation of a running call: with `flags` (cancel flags shared with the leader's page),
 *   each cancellable follower call gets a flag slot, named in its acceptance notice; the leader's
 *   page sets it when the follower's `cancel` comes by (`relayTabCancels`), since this Worker
 *   reads no message while it runs the call. Without flags a `cancel` stops only a waiting call.
 */
import type { EngineApi } from '../api/engine-api.ts';
import { ACCEPTED, epochLockName, isTabMessage, TAB_CANCEL_SLOTS, tabLockName, type TabMessage } from '../api/tab-wire.ts';
import { OK } from '../api/worker-wire.ts';
import type { MessageEndpoint } from './endpoint.ts';

/**
 * A BroadcastChannel as the tab server uses it (structural: no DOM lib).
 *
 * @example
 * ```ts
 * const channel: BroadcastChannelLike = new BroadcastChannel('inkdb:my-app');
 * ```
 */
export interface BroadcastChannelLike {
  postMessage(message: unknown): void;
  addEventListener(type: 'message', listener: (ev: { data: unknown }) => void): void;
  removeEventListener(type: 'message', listener: (ev: { data: unknown }) => void): void;
  close(): void;
}

/**
 * The Web Locks the tab server takes (structural).
 *
 * @example
 * ```ts
 * const locks: TabLocks = navigator.locks;
 * ```
 */
export interface TabLocks {
  request(name: string, callback: (lock: unknown) => unknown): Promise<unknown>;
}

/** How long a leader that closes waits for the followers' calls it runs to finish. */
const STOP_WAIT_MS = 2000;

/**
 * Serves an engine on an endpoint (`exposeEngine`; passed in so this module does not import it).
 *
 * @example
 * ```ts
 * const serve: Serve = (engine, endpoint) => exposeEngine(engine, endpoint);
 * ```
 */
export type Serve = (engine: EngineApi, endpoint: MessageEndpoint) => void;

/** One follower tab: its virtual port and the sessions it opened. */
class TabPortal implements MessageEndpoint {
  readonly #listeners = new Set<(ev: MessageEvent) => void>();
  /** Calls that open a session, by id: their answer is a session id to remember. */
  readonly opening = new Set<number>();
  readonly sessions = new Set<string>();
  /** Calls accepted and not answered yet. */
  readonly running = new Set<number>();
  /** Cancel flag slots of running calls, by call id. */
  readonly slots = new Map<number, number>();
  /** Gives a slot back when its call is answered. */
  release: (slot: number) => void = () => undefined;
  /** Runs when {@link running} empties. */
  onIdle: (() => void) | null = null;
  #detached = false;
  constructor(private readonly channel: BroadcastChannelLike, readonly tab: string) {}

  postMessage(message: unknown): void {
    const m = message as readonly [number, number, unknown];
    // a call's flag slot goes back when it is answered, also for a tab that is gone
    if (m[0] !== 0) {
      const slot = this.slots.get(m[0]);
      if (slot !== undefined) { this.slots.delete(m[0]); this.release(slot); }
    }
    if (this.#detached) return;
    if (this.opening.delete(m[0]) && m[1] === OK && typeof m[2] === 'string') this.sessions.add(m[2]);
    if (m[0] !== 0 && this.running.delete(m[0]) && this.running.size === 0) queueMicrotask(() => this.onIdle?.());
    const msg: TabMessage = { k: 'ans', to: this.tab, m: message };
    this.channel.postMessage(msg);
  }
  addEventListener(_type: 'message', listener: (ev: MessageEvent) => void): void { this.#listeners.add(listener); }
  removeEventListener(_type: 'message', listener: (ev: MessageEvent) => void): void { this.#listeners.delete(listener); }
  deliver(request: unknown): void {
    const ev = { data: request } as MessageEvent;
    for (const l of this.#listeners) l(ev);
  }
  detach(): void {
    this.#listeners.clear();
    this.#detached = true;
  }
}

/**
 * A cancellable call (its last argument is wire call options with `cancellable`) with a free
 * flag slot written into those options; undefined when it is not cancellable or no slot is free.
 */
function withSlot(req: readonly [number, string, unknown], free: number[]): { call: readonly [number, string, unknown]; slot: number } | undefined {
  const args = req[2];
  if (!Array.isArray(args) || args.length === 0) return undefined;
  const o = args[args.length - 1] as { cancellable?: unknown } | null | undefined;
  if (o === null || typeof o !== 'object' || o.cancellable !== true || free.length === 0) return undefined;
  const slot = free.pop()!;
  return { call: [req[0], req[1], [...args.slice(0, -1), { ...o, slot }]], slot };
}

/**
 * Starts serving `engine` to the other tabs on `channel` as leader `epoch`: takes the epoch lock,
 * then announces itself. Returns the function that stops serving (before the engine closes).
 *
 * @example
 * ```ts
 * serveTabs(engine, new BroadcastChannel('inkdb:my-app'), navigator.locks, epoch, exposeEngine, sharedFlags);
 * ```
 */
export async function serveTabs(engine: EngineApi, channel: BroadcastChannelLike, locks: TabLocks, epoch: string, serve: Serve,
  flags: Int32Array | null = null): Promise<() => Promise<void>> {
  const tabs = new Map<string, TabPortal>();
  const free: number[] = [];
  if (flags !== null) for (let i = Math.min(TAB_CANCEL_SLOTS, flags.length) - 1; i >= 0; i--) free.push(i);
  const release = (slot: number): void => { free.push(slot); };
  await new Promise<void>((resolve) => {
    void locks.request(epochLockName(epoch), () => {
      resolve();
      return new Promise<never>(() => { /* held while this Worker lives */ });
    });
  });
  const drop = (portal: TabPortal): void => {
    if (tabs.get(portal.tab) !== portal) return;
    tabs.delete(portal.tab);
    portal.detach();
    for (const sid of portal.sessions) engine.closeSession(sid).catch(() => { /* already closed */ });
    portal.sessions.clear();
  };
  const portalOf = (tab: string): TabPortal => {
    let p = tabs.get(tab);
    if (p !== undefined) return p;
    const portal = new TabPortal(channel, tab);
    portal.release = release;
    p = portal;
    tabs.set(tab, portal);
    serve(engine, portal);
    // granted once the follower's page is gone (it holds the lock for its lifetime)
    void locks.request(tabLockName(tab), () => drop(portal));
    return portal;
  };
  const onMessage = (ev: { data: unknown }): void => {
    const msg = ev.data;
    if (!isTabMessage(msg)) return;
    if (msg.k === 'who') { channel.postMessage({ k: 'leader', epoch } satisfies TabMessage); return; }
    if (msg.k !== 'call' || msg.to !== epoch) return;
    const req = msg.m as readonly [number, string, unknown];
    if (!Array.isArray(req)) return;
    const [id, method] = req;
    const portal = portalOf(msg.from);
    if (method === 'close') {
      // a follower closing closes its sessions, not the engine
      portal.postMessage([id, OK, undefined]);
      drop(portal);
      return;
    }
    if (method === 'login' || method === 'openSession') portal.opening.add(id);
    if (method === 'closeSession') portal.sessions.delete((req[2] as readonly unknown[])[0] as string);
    let call: readonly [number, string, unknown] = req;
    // the follower's endpoint reads the shared flags (its page's own never cross the channel)
    if (method === 'open' && flags !== null) call = [id, method, [...(req[2] as readonly unknown[]).slice(0, 2), flags]];
    if (id !== 0 && method !== 'open') {
      portal.running.add(id);
      const slot = flags === null ? undefined : withSlot(req, free);
      if (slot === undefined) {
        portal.postMessage([0, ACCEPTED, id]);
      } else {
        Atomics.store(flags!, slot.slot, 0);
        portal.slots.set(id, slot.slot);
        call = slot.call;
        portal.postMessage([0, ACCEPTED, id, slot.slot]);
      }
    }
    portal.deliver(call);
  };
  channel.addEventListener('message', onMessage);
  channel.postMessage({ k: 'leader', epoch } satisfies TabMessage);
  // stopping (the leader closes its database, before the engine closes): no new call is taken
  // (a follower's later calls were never accepted, so they run on the next leader), the calls
  // running here are answered (up to STOP_WAIT_MS; after that they reject 08007 in their tab),
  // then 'bye' (after those answers on the channel) moves the followers to the next leader; the
  // epoch lock goes with the Worker
  return async () => {
    channel.removeEventListener('message', onMessage);
    const busy = [...tabs.values()].filter((p) => p.running.size > 0);
    await Promise.race([
      Promise.all(busy.map((p) => new Promise<void>((r) => { p.onIdle = r; }))),
      new Promise<void>((r) => setTimeout(r, STOP_WAIT_MS)),
    ]);
    for (const p of tabs.values()) p.detach();
    tabs.clear();
    channel.postMessage({ k: 'bye', epoch } satisfies TabMessage);
    channel.close();
  };
}
