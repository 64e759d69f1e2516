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
 * - `close` from a follower closes only that tab's sessions, never the engine.
 */
import type { EngineApi } from '../api/engine-api.ts';
import { epochLockName, isTabMessage, tabLockName, type TabMessage } from '../api/tab-wire.ts';
import { ACCEPTED, OK } from '../api/worker-wire.ts';
import type { MessageEndpoint } from './endpoint.ts';

/** A BroadcastChannel as the tab server uses it (structural: no DOM lib). */
export interface BroadcastChannelLike {
  postMessage(message: unknown): void;
  addEventListener(type: 'message', listener: (ev: { data: unknown }) => void): void;
  removeEventListener(type: 'message', listener: (ev: { data: unknown }) => void): void;
  close(): void;
}

/** The Web Locks the tab server takes (structural). */
export interface TabLocks {
  request(name: string, callback: (lock: unknown) => unknown): Promise<unknown>;
}

/** Serves an engine on an endpoint (`exposeEngine`; passed in so this module does not import it). */
export type Serve = (engine: EngineApi, endpoint: MessageEndpoint) => void;

/** One follower tab: its virtual port and the sessions it opened. */
class TabPortal implements MessageEndpoint {
  readonly #listeners = new Set<(ev: MessageEvent) => void>();
  /** Calls that open a session, by id: their answer is a session id to remember. */
  readonly opening = new Set<number>();
  readonly sessions = new Set<string>();
  #detached = false;
  constructor(private readonly channel: BroadcastChannelLike, readonly tab: string) {}

  postMessage(message: unknown): void {
    if (this.#detached) return;
    const m = message as readonly [number, number, unknown];
    if (this.opening.delete(m[0]) && m[1] === OK && typeof m[2] === 'string') this.sessions.add(m[2]);
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
 * Starts serving `engine` to the other tabs on `channel` as leader `epoch`: takes the epoch lock,
 * then announces itself. Returns the function that stops serving (before the engine closes).
 *
 * @example
 * ```ts
 * serveTabs(engine, new BroadcastChannel('inkdb:my-app'), navigator.locks, epoch, exposeEngine);
 * ```
 */
export async function serveTabs(engine: EngineApi, channel: BroadcastChannelLike, locks: TabLocks, epoch: string, serve: Serve): Promise<() => void> {
  const tabs = new Map<string, TabPortal>();
  let releaseEpoch!: () => void;
  await new Promise<void>((resolve) => {
    void locks.request(epochLockName(epoch), () => {
      resolve();
      // held while this Worker serves (it dies with the Worker)
      return new Promise<void>((r) => { releaseEpoch = r; });
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
    if (id !== 0 && method !== 'open') portal.postMessage([0, ACCEPTED, id]);
    portal.deliver(req);
  };
  channel.addEventListener('message', onMessage);
  channel.postMessage({ k: 'leader', epoch } satisfies TabMessage);
  // stopping (the leader closes its database): the followers move to the next leader at once;
  // their calls still running here are answered nowhere (08007 for them), their sessions end with the engine
  return () => {
    channel.removeEventListener('message', onMessage);
    for (const p of tabs.values()) p.detach();
    tabs.clear();
    channel.close();
    releaseEpoch();
  };
}
