/**
 * Which tab runs a shared database's engine, and how the others reach it (docs/ARCHITECTURE.md,
 * "Many tabs"). Every tab of the origin that opens the database asks for the Web Lock
 * `inkdb:leader:<name>`: its holder starts the engine in its Worker (the only one that opens
 * IndexedDB) and serves the other tabs from there; the rest are followers, queued for the lock,
 * that send their calls over the BroadcastChannel `inkdb:<name>` to the leader it announced.
 * When the leader goes, the next queued tab gets the lock and starts a new engine, which loads
 * from IndexedDB; {@link TabElection.connect} hands out the connection to whichever leader
 * serves now.
 */
import { D } from './tab-deps.ts';
import type { EngineOptions } from '../api/engine-api.ts';
import {
  ACCEPTED, epochLockName, isTabMessage, leaderLockName, randomTabId, relayTabCancels, TAB_CANCEL_SLOTS, tabChannelName, tabLockName, type TabMessage,
} from '../api/tab-wire.ts';
import type { WorkerConnection, WorkerLike } from './worker-connection.ts';

/**
 * The Web Locks API as tab sharing uses it (structural: `navigator.locks` is one).
 *
 * @example
 * ```ts
 * const locks: TabLockManager = navigator.locks;
 * ```
 */
export interface TabLockManager {
  request(name: string, options: { readonly ifAvailable?: boolean; readonly signal?: AbortSignal }, callback: (lock: unknown) => unknown): Promise<unknown>;
}

/**
 * A page's BroadcastChannel (structural).
 *
 * @example
 * ```ts
 * const channel: TabChannel = new BroadcastChannel('inkdb:my-app');
 * ```
 */
export interface TabChannel {
  postMessage(message: unknown): void;
  addEventListener(type: 'message', listener: (ev: { data: unknown }) => void): void;
  removeEventListener(type: 'message', listener: (ev: { data: unknown }) => void): void;
  close(): void;
}

/**
 * A follower's port to leader `epoch`: the Worker protocol over the tab channel. It knows which
 * calls await an answer and which of them the leader accepted, and when the leader goes
 * ({@link TabPort.fail}) answers each itself: `08007` (its outcome is unknown) when accepted,
 * `08006` (it never ran) when not.
 *
 * @example
 * ```ts
 * const port = new TabPort(channel, tab, epoch);
 * const conn = await WorkerConnection.connect(port, { engine, terminateOnClose: false, until: gone });
 * gone.then((graceful) => { port.fail(graceful); conn.lose(); });   // waiting calls answered, then the connection lost
 * ```
 */
export class TabPort implements WorkerLike {
  readonly #listeners = new Set<EventListener>();
  /** Calls awaiting an answer → accepted by the leader. */
  readonly #waiting = new Map<number, boolean>();
  readonly #on = (ev: { data: unknown }): void => {
    const d = ev.data;
    if (!isTabMessage(d) || d.k !== 'ans' || d.to !== this.tab) return;
    const m = d.m as readonly [number, number, unknown];
    if (m[0] === 0 && m[1] === ACCEPTED) {
      const id = m[2] as number;
      if (this.#waiting.has(id)) this.#waiting.set(id, true);
      return;
    }
    if (m[0] !== 0) this.#waiting.delete(m[0]);
    this.#deliver(m);
  };
  constructor(private readonly channel: TabChannel, private readonly tab: string, private readonly epoch: string) {
    channel.addEventListener('message', this.#on);
  }
  #deliver(m: unknown): void {
    const e = { data: m } as MessageEvent;
    for (const l of this.#listeners) l(e);
  }
  postMessage(message: unknown): void {
    let m = message as readonly [number, string, readonly unknown[]];
    if (m[0] !== 0) this.#waiting.set(m[0], false);
    // no shared cancel flags across tabs (a SharedArrayBuffer cannot cross a BroadcastChannel)
    if (m[1] === 'open') m = [m[0], m[1], [m[2][0], m[2][1]]];
    const msg: TabMessage = { k: 'call', to: this.epoch, from: this.tab, m };
    this.channel.postMessage(msg);
  }
  /**
   * The leader is gone: every call still waiting is answered here. After its 'bye' (it answered
   * what it ran) a call it never accepted did not run; after an abrupt end nothing is known (a
   * closing page may drop its last messages, its 'accepted' notice among them), so every waiting
   * call's outcome is unknown (08007: reads run again, writes are never applied twice).
   */
  fail(graceful: boolean): void {
    const waiting = [...this.#waiting];
    this.#waiting.clear();
    for (const [id, accepted] of waiting) {
      const error = accepted || !graceful
        ? { code: D.SqlState.TRANSACTION_RESOLUTION_UNKNOWN, message: 'the tab running the database has closed while it ran this call: it may or may not have been applied' }
        : { code: D.SqlState.CONNECTION_FAILURE, message: 'the tab running the database has closed' };
      this.#deliver([id, D.FAILED, error]);
    }
  }
  addEventListener(type: string, listener: EventListener): void { if (type === 'message') this.#listeners.add(listener); }
  removeEventListener(_type: string, listener: EventListener): void { this.#listeners.delete(listener); }
  close(): void { this.channel.removeEventListener('message', this.#on); }
}

/** How long a new leader waits for the old one's Worker to let go of the database (its lock `inkdb:<name>`). */
const TAKEOVER_WAIT_MS = 10_000;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * One tab's part in the election of a database's leader.
 *
 * @example
 * ```ts
 * const election = new TabElection('my-app', engineOptions, navigator.locks, new BroadcastChannel('inkdb:my-app'), startWorkerEngine);
 * await election.start();
 * const conn = await election.connect(() => failover());
 * ```
 */
export class TabElection {
  /** This tab's id on the channel. */
  readonly tab = randomTabId();
  readonly #abort = new AbortController();
  /** Stops relaying the followers' cancellations (while this tab leads with shared flags). */
  #stopRelay: (() => void) | null = null;
  readonly #dead = new Set<string>();
  #leader = false;
  #leaderConn: Promise<WorkerConnection> | null = null;
  #releaseLeader: (() => void) | null = null;
  #releaseTab: (() => void) | null = null;
  #epoch: string | null = null;
  #wake: (() => void)[] = [];
  #closed = false;
  /** Resolves the `until` of the connection to each epoch at its 'bye'. */
  readonly #byes = new Map<string, () => void>();
  readonly #onMessage = (ev: { data: unknown }): void => {
    const d = ev.data;
    if (!isTabMessage(d)) return;
    if (d.k === 'bye') {
      this.#dead.add(d.epoch);
      this.#byes.get(d.epoch)?.();
      this.#byes.delete(d.epoch);
      return;
    }
    if (d.k !== 'leader') return;
    this.#epoch = d.epoch;
    this.#notify();
  };

  constructor(
    private readonly name: string,
    private readonly engine: EngineOptions,
    private readonly locks: TabLockManager,
    private readonly channel: TabChannel,
    private readonly startEngine: (onLost: () => void) => Promise<WorkerConnection>,
  ) {
    channel.addEventListener('message', this.#onMessage);
  }

  /** True while this tab runs the engine. */
  get isLeader(): boolean {
    return this.#leader;
  }

  #notify(): void {
    const w = this.#wake;
    this.#wake = [];
    for (const f of w) f();
  }

  #changed(): Promise<void> {
    return new Promise((r) => this.#wake.push(r));
  }

  #becomeLeader(): Promise<void> {
    this.#leader = true;
    this.#notify();
    return new Promise<void>((r) => { this.#releaseLeader = r; });
  }

  /** Takes this tab's lifetime lock, then the leader lock if it is free (else queues for it). */
  async start(): Promise<void> {
    await new Promise<void>((resolve) => {
      void this.locks.request(tabLockName(this.tab), {}, () => {
        resolve();
        return new Promise<void>((r) => { this.#releaseTab = r; });
      });
    });
    const now = await new Promise<boolean>((resolve) => {
      void this.locks.request(leaderLockName(this.name), { ifAvailable: true }, (lock) => {
        if (lock === null) { resolve(false); return undefined; }
        resolve(true);
        return this.#becomeLeader();
      });
    });
    if (!now) {
      this.locks.request(leaderLockName(this.name), { signal: this.#abort.signal }, () => this.#becomeLeader())
        .catch(() => { /* aborted at close */ });
    }
  }

  /** Starts this tab's engine (the old leader's Worker may still hold the database for a moment), then serves the other tabs. */
  async #lead(onLost: () => void): Promise<WorkerConnection> {
    const until = Date.now() + TAKEOVER_WAIT_MS;
    for (;;) {
      try {
        const conn = await this.startEngine(onLost);
        const epoch = randomTabId();
        // cross-origin isolated: the followers' running calls can be cancelled through flags this
        // page sets (the Worker reads no message while it runs a statement)
        const flags = conn.sharedCancel ? new Int32Array(new SharedArrayBuffer(TAB_CANCEL_SLOTS * 4)) : undefined;
        await conn.share(tabChannelName(this.name), epoch, flags);
        this.#stopRelay?.();
        this.#stopRelay = flags === undefined ? null : relayTabCancels(this.channel, epoch, flags);
        this.#epoch = epoch;
        return conn;
      } catch (e) {
        if (!(e instanceof D.DbError && e.code === D.SqlState.OBJECT_IN_USE) || Date.now() > until || this.#closed) throw e;
        await sleep(50);
      }
    }
  }

  /**
   * Connects to leader `epoch`; the connection is lost at that leader's 'bye' (it closed its
   * database, after its last answer) or once its epoch lock is granted to us (its Worker died).
   */
  async #follow(epoch: string, onLost: () => void): Promise<WorkerConnection> {
    const bye = new Promise<void>((r) => { this.#byes.set(epoch, r); });
    const died = this.locks.request(epochLockName(epoch), { signal: this.#abort.signal }, () => { this.#dead.add(epoch); });
    const port = new TabPort(this.channel, this.tab, epoch);
    let conn: WorkerConnection | null = null;
    // the port answers its waiting calls, and in the same task the connection counts as lost
    // (so a call's rejection is never seen before the loss)
    const gone = Promise.race([bye.then(() => true), died.then(() => false, () => false)]).then((graceful) => {
      port.fail(graceful);
      conn?.lose('the tab running the database has closed');
    });
    const c = await D.WorkerConnection.connect(port, { engine: this.engine, terminateOnClose: false, until: gone, onLost });
    conn = c;
    return c;
  }

  /**
   * The connection to the engine that serves now: this tab's own when it leads, else one to the
   * announced leader (waiting for one to be announced). `onLost` runs when a follower's leader goes.
   */
  async connect(onLost: () => void): Promise<WorkerConnection> {
    for (;;) {
      if (this.#closed) throw new D.DbError(D.SqlState.CONNECTION_FAILURE, 'the database is closed');
      if (this.#leader) {
        if (this.#leaderConn === null) {
          const p = this.#lead(onLost);
          this.#leaderConn = p;
          // a failed start is tried again by the next call, not remembered
          p.catch(() => { if (this.#leaderConn === p) this.#leaderConn = null; });
        }
        return this.#leaderConn;
      }
      const epoch = this.#epoch;
      if (epoch === null || this.#dead.has(epoch)) {
        const changed = this.#changed();
        this.channel.postMessage({ k: 'who' } satisfies TabMessage);
        await Promise.race([changed, sleep(250)]);
        continue;
      }
      try {
        return await this.#follow(epoch, onLost);
      } catch (e) {
        if (!(e instanceof D.DbError && e.code === D.SqlState.CONNECTION_FAILURE) || this.#closed) throw e;
        this.#dead.add(epoch);
      }
    }
  }

  /** Marks leader `epoch` gone (its connection was lost). */
  markDead(epoch: string | null): void {
    if (epoch !== null) this.#dead.add(epoch);
  }

  /** The epoch of the leader last announced. */
  get epoch(): string | null {
    return this.#epoch;
  }

  /** Leaves the election: stops waiting, lets go of this tab's locks (call after the engine is closed). */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#abort.abort();
    this.#stopRelay?.();
    this.channel.removeEventListener('message', this.#onMessage);
    this.#releaseLeader?.();
    this.#releaseTab?.();
    this.#notify();
    this.channel.close();
  }
}
