/**
 * `openDatabase()`: the client's way in. In a browser the engine runs in a module Worker,
 * reached through the Worker protocol (`worker-connection.ts`); in Node (no `window`/`Worker`)
 * it runs in-process. This module never imports the engine: `inkdb/inprocess` provides it, and
 * outside browsers that entry is loaded at run time by a specifier bundlers do not follow, so a
 * Worker-mode app bundles the engine once.
 */
import { DbError } from '../errors/db-error.ts';
import { SqlState } from '../errors/sqlstate.ts';
import type { EngineApi, EngineOptions } from '../api/engine-api.ts';
import { InProcessConnection, asDbError, type Connection } from './connection.ts';
import { WorkerConnection } from './worker-connection.ts';
import { ProviderRegistry } from './provider-registry.ts';
import { LiveDispatcher } from './live.ts';
import { Result } from './result.ts';
import { FAILED } from '../api/worker-wire.ts';
import { Session } from './session.ts';

/**
 * A Web Worker as InkDB uses it. Structural, so that the published types need no DOM lib: a
 * `Worker` is one.
 */
export interface WorkerHandle {
  postMessage(message: unknown, transfer?: readonly unknown[]): void;
  terminate(): void;
  addEventListener(type: string, listener: (event: unknown) => void): void;
  removeEventListener(type: string, listener: (event: unknown) => void): void;
}

/**
 * An IndexedDB factory: the browser's `indexedDB`, or fake-indexeddb's `IDBFactory` in tests.
 * Structural, so that the published types need no DOM lib.
 */
export interface IndexedDbFactory {
  open(name: string, version?: number): unknown;
  deleteDatabase(name: string): unknown;
}

/**
 * Options of {@link openDatabase}.
 *
 * @example
 * ```ts
 * await openDatabase({ name: 'my-app' });                          // browser: Worker + IndexedDB; Node: in-process, memory
 * await openDatabase({ worker: false, storage: 'memory' });        // in-process, nothing persisted
 * await openDatabase({ worker: false, storage: new IDBFactory() }); // fake-indexeddb in tests
 * ```
 */
export interface OpenDatabaseOptions {
  /** Database name; persisted as IndexedDB database `inkdb:<name>`. Default `'default'`. */
  readonly name?: string;
  /**
   * Where the engine runs: `true` a new module Worker, `false` in-process, or a Worker you
   * created from `inkdb/worker`. Default: a Worker in browsers, in-process elsewhere.
   */
  readonly worker?: boolean | WorkerHandle;
  /**
   * `'indexeddb'` persists to IndexedDB `inkdb:<name>`, `'memory'` keeps nothing; an
   * `IDBFactory` (e.g. fake-indexeddb, with its globals installed) persists through it,
   * in-process. Default: `'indexeddb'` in a browser page, `'memory'` elsewhere (Node).
   */
  readonly storage?: 'indexeddb' | 'memory' | IndexedDbFactory;
  /** `'strict'` (default) acknowledges a commit after IndexedDB completes; `'relaxed'` is faster. */
  readonly durability?: 'strict' | 'relaxed';
  /** When persisted tables are flushed to Arrow segments. */
  readonly flushPolicy?: { readonly rows?: number; readonly intervalMs?: number };
  /**
   * Text (UTF-16 code units) one statement may build with string functions and `||` before it
   * fails with `54000`; default 256 Mi. One value may never exceed 64 Mi.
   */
  readonly maxStatementBytes?: number;
  /**
   * A time limit for every statement, in milliseconds (default none): a statement that runs
   * longer rejects with `57014` and changes nothing. A call's own `timeoutMs` overrides it.
   */
  readonly statementTimeoutMs?: number;
  /**
   * Share the database with the origin's other tabs (default `true`; a browser, a Worker
   * openDatabase starts, `storage: 'indexeddb'`): one tab, elected with a Web Lock, runs the
   * engine and the others forward their calls to it (docs/ARCHITECTURE.md, "Many tabs").
   * `false` keeps the engine to this tab: another tab opening the database then fails with `55006`.
   */
  readonly shareTabs?: boolean;
}

/** Engine options plus the IDBFactory an in-process engine may be handed. */
type InProcessEngineOptions = EngineOptions & { readonly indexedDB?: IndexedDbFactory };

/**
 * An open database. Sessions come from {@link Database.login} and {@link Database.session}.
 *
 * @example
 * ```ts
 * const db = await openDatabase({ name: 'my-app' });
 * const root = await db.login('root', '');
 * await root.query("CREATE USER 'alice' WITH PASSWORD 'pw' ROLE user");
 * const alice = await db.login('alice', 'pw');
 * await db.close();
 * ```
 */
export class Database {
  /** The database name. */
  readonly name: string;
  /** True when the engine runs in a Web Worker. */
  readonly inWorker: boolean;
  readonly #worker: WorkerHandle | null;
  readonly #conn: Connection;
  readonly #registry = new ProviderRegistry();
  readonly #sessions = new Set<Session>();
  #closed = false;

  /** @internal Use {@link openDatabase}. */
  constructor(name: string, conn: Connection, worker: WorkerHandle | null) {
    this.name = name;
    this.#conn = conn;
    this.inWorker = conn.inWorker;
    this.#worker = worker;
  }

  /** The Worker running the engine, when there is one in this tab (a follower tab of a shared database has none). */
  get worker(): WorkerHandle | null {
    return this.#worker ?? ((this.#conn as { currentWorker?: () => WorkerHandle | null }).currentWorker?.() ?? null);
  }

  /** The database's ProviderRegistry (table handles). */
  get providers(): ProviderRegistry {
    return this.#registry;
  }

  /**
   * This tab's part in a database shared by tabs: `'leader'` runs the engine, `'follower'`
   * forwards to the leader; `'alone'` when the database is not shared.
   *
   * @example
   * ```ts
   * (await openDatabase({ name: 'my-app' })).tabRole;   // 'leader' in the first tab, 'follower' in the next
   * ```
   */
  get tabRole(): 'leader' | 'follower' | 'alone' {
    const c = this.#conn as Connection & { readonly isLeader?: boolean };
    return c.isLeader === undefined ? 'alone' : c.isLeader ? 'leader' : 'follower';
  }

  /** True after {@link close}, or once the worker was lost. */
  get closed(): boolean {
    return this.#closed || (this.#conn as { readonly lost?: boolean }).lost === true;
  }

  #check(): void {
    if (this.#closed) throw new DbError(SqlState.CONNECTION_FAILURE, 'the database is closed');
  }

  #adopt(id: string, user: string): Session {
    const s = new Session(this.#conn, this.#registry, id, user, (x) => this.#sessions.delete(x));
    this.#sessions.add(s);
    return s;
  }

  /**
   * Logs a user in with a password (checked against `system.users`; `28P01` on failure).
   * The bootstrap user is `root` with an empty password.
   *
   * @example
   * ```ts
   * const root = await db.login('root', '');
   * root.user;   // 'root'
   * ```
   */
  async login(user: string, password: string): Promise<Session> {
    this.#check();
    return this.#adopt(await this.#conn.login(user, password), user);
  }

  /**
   * Opens a session for a user the application has already authenticated (trusted). The user
   * must exist (`DbError` 28000 otherwise) unless `create: true` asks to create it with role
   * `user` and no password (a committed change, like `CREATE USER`).
   *
   * @example
   * ```ts
   * const bob = await db.session({ user: 'bob', create: true });   // creates bob on first use
   * const again = await db.session({ user: 'bob' });                // bob exists now
   * await db.session({ user: 'ghost' });                            // rejects: 28000 role "ghost" does not exist
   * ```
   */
  async session(options: { readonly user: string; readonly create?: boolean }): Promise<Session> {
    this.#check();
    return this.#adopt(await this.#conn.openSession(options.user, { create: options.create === true }), options.user);
  }

  /**
   * Closes every session and the engine, and terminates the worker. Idempotent.
   *
   * @example
   * ```ts
   * await db.close();
   * await db.login('root', '');   // rejects: 08006 the database is closed
   * ```
   */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    for (const s of this.#sessions) s.markClosed();
    this.#sessions.clear();
    this.#registry.invalidateAll();
    await this.#conn.close();
  }
}

/** True in a browser page (window and Worker exist). */
function isBrowserPage(): boolean {
  return typeof window !== 'undefined' && typeof Worker === 'function';
}

/** Starts the bundled engine worker. The `new Worker(new URL(…))` form lets bundlers find it. */
function spawnWorker(): Worker {
  return new Worker(new URL('../worker/worker-entry.ts', import.meta.url), { type: 'module', name: 'inkdb' });
}

function isIdbFactory(x: unknown): x is IndexedDbFactory {
  return typeof x === 'object' && x !== null && typeof (x as IndexedDbFactory).open === 'function';
}

/**
 * Opens (or creates) a database.
 *
 * - Browser default: the engine in a module Worker, persisted to IndexedDB `inkdb:<name>`.
 * - Node default: the engine in-process, in memory.
 *
 * In a browser page a persisted database is shared by the origin's tabs (see
 * {@link OpenDatabaseOptions.shareTabs} and docs/ARCHITECTURE.md, "Many tabs").
 *
 * Rejects with a `DbError`: `08006` when the worker cannot start, `0A000` for an impossible
 * combination (a Worker requested where none exists, an IDBFactory with a Worker), `55006`
 * when the persisted database is open in another tab that cannot share it, `55000` when it was
 * written by a newer InkDB. `close()` waits for pending writes.
 *
 * @example
 * ```ts
 * import { openDatabase } from 'inkdb';
 *
 * const db = await openDatabase({ name: 'my-app', storage: 'memory' });
 * const root = await db.login('root', '');
 * const r = await root.query('SELECT 1 + 1 AS two');
 * r.rows;   // [{ two: 2 }]
 * ```
 */
export async function openDatabase(options: OpenDatabaseOptions = {}): Promise<Database> {
  const name = options.name ?? 'default';
  const idb = isIdbFactory(options.storage) ? options.storage : undefined;
  const storage: 'indexeddb' | 'memory' = idb !== undefined
    ? 'indexeddb'
    : options.storage === 'indexeddb' || options.storage === 'memory'
      ? options.storage
      : isBrowserPage() ? 'indexeddb' : 'memory';
  const engineOptions: EngineOptions = {
    name,
    storage,
    ...(options.durability !== undefined ? { durability: options.durability } : {}),
    ...(options.flushPolicy !== undefined ? { flushPolicy: options.flushPolicy } : {}),
    ...(options.maxStatementBytes !== undefined ? { maxStatementBytes: options.maxStatementBytes } : {}),
    ...(options.statementTimeoutMs !== undefined ? { statementTimeoutMs: options.statementTimeoutMs } : {}),
  };
  const wantWorker = options.worker ?? (idb === undefined && isBrowserPage());

  if (wantWorker !== false) {
    if (idb !== undefined) {
      throw new DbError(SqlState.FEATURE_NOT_SUPPORTED, 'an IDBFactory cannot be used with a worker', {
        hint: 'Pass worker: false to run the engine in-process with that IDBFactory.',
      });
    }
    if (wantWorker === true && storage === 'indexeddb' && options.shareTabs !== false) {
      // tab sharing loads on first use (its own chunk); null where the browser cannot share
      const deps = { DbError, SqlState, asDbError, LiveDispatcher, Result, WorkerConnection, FAILED };
      const conn = await (await import('./tab-sharing.ts')).openShared(deps, name, engineOptions, spawnWorker);
      if (conn !== null) return new Database(name, conn, null);
    }
    let worker: WorkerHandle;
    if (wantWorker === true) {
      if (typeof Worker !== 'function') {
        throw new DbError(SqlState.FEATURE_NOT_SUPPORTED, 'Web Workers are not available here', {
          hint: 'Pass worker: false to run the engine in-process.',
        });
      }
      try {
        worker = spawnWorker();
      } catch (e) {
        throw new DbError(SqlState.CONNECTION_FAILURE, `the database worker could not be started: ${asDbError(e).message}`);
      }
    } else {
      worker = wantWorker;
    }
    const conn = await WorkerConnection.connect(worker as unknown as Worker & EventTarget, {
      engine: engineOptions,
      terminateOnClose: true,
    });
    return new Database(name, conn, worker);
  }

  let engine: EngineApi;
  try {
    const create = await loadInProcessEngine();
    const inProcess: InProcessEngineOptions = idb === undefined ? engineOptions : { ...engineOptions, indexedDB: idb };
    engine = await create(inProcess);
  } catch (e) {
    throw asDbError(e);
  }
  return new Database(name, new InProcessConnection(engine), null);
}

/** Makes an in-process engine (the engine module's `createEngine`). */
export type InProcessEngineFactory = (options: InProcessEngineOptions) => EngineApi | Promise<EngineApi>;

let inProcessEngine: InProcessEngineFactory | null = null;

/**
 * Makes the engine available in-process (`inkdb/inprocess` calls it when loaded). The main
 * entry never imports the engine, so an app whose engine runs in the Worker bundles it once.
 *
 * @example
 * ```ts
 * import { createEngine } from '../engine/index.ts';
 * provideInProcessEngine(createEngine);
 * ```
 */
export function provideInProcessEngine(factory: InProcessEngineFactory): void {
  inProcessEngine = factory;
}

/**
 * The in-process engine: the one `inkdb/inprocess` provided; outside browsers (Node, tests) that
 * entry is loaded on demand, by a specifier bundlers do not follow (it is built at run time), so
 * a browser bundle of the main entry never contains a second copy of the engine. In a browser
 * page without it, 0A000 names the entry to import.
 */
async function loadInProcessEngine(): Promise<InProcessEngineFactory> {
  if (inProcessEngine !== null) return inProcessEngine;
  if (isBrowserPage()) {
    throw new DbError(SqlState.FEATURE_NOT_SUPPORTED, 'the in-process engine is not part of this entry', {
      hint: "Import openDatabase from 'inkdb/inprocess' to run the engine on this thread, or leave worker unset to use the Worker.",
    });
  }
  // the lib build rewrites the parts to the built entry next to this file ('./inprocess.js')
  const entry = [IN_PROCESS_DIR, IN_PROCESS_FILE].join('/');
  await import(/* @vite-ignore */ new URL(entry, import.meta.url).href);
  if (inProcessEngine === null) throw new DbError(SqlState.INTERNAL_ERROR, 'internal error: the in-process entry did not provide the engine');
  return inProcessEngine;
}

const IN_PROCESS_DIR = '..';
const IN_PROCESS_FILE = 'inprocess.ts';
