/**
 * Persistence of one database to IndexedDB: the engine's persist step (`Persister`: stage a
 * committed change set, write staged commits as one transaction, discard after a failure),
 * opening with recovery, lazy loading, flush, and close.
 *
 * Open: take the database's Web Lock (one writer), open `inkdb:<name>`, check the format,
 * restore the catalog and users, load the shared tables (segment + log after it), and start the
 * snowflake generator above every stored `_seq`. User-table partitions wait for their user.
 * Stream tables keep no rows here.
 *
 * Commit: `stage` encodes each changed partition as a log record (LSNs handed out in commit
 * order) and, when the commit changed the catalog, the catalog records that differ from what is
 * stored; `write` puts them all, plus the `state` record, in one readwrite transaction with the
 * configured durability, and resolves when IndexedDB reports it complete. A transaction killed
 * midway (tab closed, crash) leaves nothing of it: the database reopens at the last complete commit.
 *
 * @example
 * ```ts
 * const p = await openPersistence(host, { name: 'app', factory: indexedDB });
 * pipeline.persister = p;           // the engine's commit pipeline now stages and writes through p
 * await p.loadOwner('alice');        // before alice's first statement
 * await p.close();
 * ```
 */
import type { UserStore } from '../../auth/users.ts';
import type { Catalog } from '../../catalog/catalog.ts';
import type { JobRecord } from '../../catalog/providers/system-tables.ts';
import { DbError } from '../../errors/db-error.ts';
import { SqlState } from '../../errors/sqlstate.ts';
import type { ChangeSet } from '../change-set.ts';
import type { SnowflakeGenerator } from '../snowflake.ts';
import type { TableStorage } from '../table-storage.ts';
import { diffCatalog, EMPTY_MIRROR, restoreCatalog, TableRegistry, type CatalogMirror, type CatalogOp } from './catalog-sync.ts';
import { closedError, storageError } from './errors.ts';
import { Flusher, type FlushPolicy } from './flusher.ts';
import type { IDBPTransaction } from 'idb';
import { abortWith, defaultFactory, fire, openStore, readCatalog, type InkDbSchema, type InkIdb } from './idb-store.ts';
import { Loader, type LoadStats } from './loader.ts';
import { encodeChange, maxInsertedSeq } from './log-record.ts';
import { STORE, type LogRecord, type StateRecord } from './records.ts';
import { acquireWriterLock, defaultLockManager, type LockManagerLike } from './web-lock.ts';

/** What persistence needs from the engine. */
export interface PersistHost {
  readonly catalog: Catalog;
  readonly users: UserStore;
  readonly jobs: JobRecord[];
  readonly seq: SnowflakeGenerator;
  /** Resolves when no transaction is open and no commit waits for its write. */
  whenQuiescent(): Promise<void>;
  /** True when no transaction is open and no commit waits for its write. */
  isQuiescent(): boolean;
}

/** Options of {@link openPersistence}. */
export interface PersistOptions {
  /** The InkDB database name (IndexedDB database `inkdb:<name>`, Web Lock `inkdb:<name>`). */
  readonly name: string;
  /** The IndexedDB factory (default: this realm's `indexedDB`). */
  readonly factory?: IDBFactory;
  /** The Web Locks manager (default: `navigator.locks`, or a lock local to this realm in Node). */
  readonly locks?: LockManagerLike;
  /** IndexedDB durability of commit writes (default 'strict'). */
  readonly durability?: 'strict' | 'relaxed';
  /** Database-wide flush policy (a table's FLUSH_POLICY wins). */
  readonly flushPolicy?: FlushPolicy;
}

/** One write operation, staged at commit time. */
type StagedOp =
  | CatalogOp
  | { readonly kind: 'log'; readonly record: LogRecord; readonly target: TableStorage }
  | { readonly kind: 'drop_owner_data'; readonly owner: string };

/** Opens the persisted database (see the module comment). */
export async function openPersistence(host: PersistHost, options: PersistOptions): Promise<Persistence> {
  const factory = options.factory ?? defaultFactory();
  if (factory === undefined) {
    throw new DbError(SqlState.FEATURE_NOT_SUPPORTED, 'IndexedDB is not available in this environment', {
      hint: "Use storage: 'memory', or pass an IDBFactory (fake-indexeddb in Node).",
    });
  }
  const release = await acquireWriterLock(options.locks ?? defaultLockManager(), options.name);
  let p: Persistence | null = null;
  try {
    p = new Persistence(host, options);
    const opened = await openStore(factory, options.name, (reason) => p!.connectionLost(reason));
    p.attach(opened.db, opened.state, release);
    const records = await readCatalog(opened.db);
    p.restore(records);
    await p.loader.loadShared();
    return p;
  } catch (e) {
    if (p !== null) await p.close().catch(() => undefined);
    release();
    throw storageError(e, 'open the database');
  }
}

/** The persistence of one open database. */
export class Persistence {
  readonly loader: Loader;
  readonly flusher: Flusher;
  private readonly reg = new TableRegistry();
  private idb: InkIdb | null = null;
  private release: () => void = () => undefined;
  private closedReason: string | null = null;
  private staged: StagedOp[] = [];
  private stagedMirror: CatalogMirror = EMPTY_MIRROR;
  private durableMirror: CatalogMirror = EMPTY_MIRROR;
  private lsn = 0;
  private durableLsn = 0;
  private maxSeq = 0n;
  private readonly durability: 'strict' | 'relaxed';
  /** Commit writes done (diagnostics and tests). */
  writes = 0;

  /** Use {@link openPersistence}. */
  constructor(private readonly host: PersistHost, private readonly options: PersistOptions) {
    this.durability = options.durability ?? 'strict';
    this.loader = new Loader(() => this.db(), host.catalog, this.reg, (i) => this.flusher.noteChanged(i.table, i.owner, i.logRows));
    this.flusher = new Flusher({
      db: () => this.db(), reg: this.reg, users: host.users, jobs: host.jobs, durability: this.durability,
      policy: options.flushPolicy ?? {}, lsn: () => this.durableLsn,
      whenQuiescent: () => host.whenQuiescent(), isQuiescent: () => host.isQuiescent(), checkOpen: () => { this.db(); },
    });
  }

  /** What the loader read so far. */
  get loadStats(): LoadStats {
    return this.loader.stats;
  }

  /** @internal The opened store and its state (during open). */
  attach(db: InkIdb, state: StateRecord, release: () => void): void {
    this.idb = db;
    this.release = release;
    this.lsn = state.lsn;
    this.durableLsn = state.lsn;
    this.maxSeq = state.maxSeq;
    this.reg.nextId = Math.max(this.reg.nextId, state.nextTableId);
    this.host.seq.observe(state.maxSeq);
  }

  /** @internal Rebuilds catalog and users from stored records (during open). */
  restore(records: Parameters<typeof restoreCatalog>[0]): void {
    const mirror = restoreCatalog(records, this.host.catalog, this.host.users, this.reg);
    this.stagedMirror = mirror;
    this.durableMirror = mirror;
  }

  /** @internal The connection was closed from outside (another tab's upgrade or deletion, or the browser). */
  connectionLost(reason: string): void {
    if (this.closedReason === null) this.closedReason = reason;
  }

  private db(): InkIdb {
    if (this.closedReason !== null || this.idb === null) throw closedError(this.options.name, this.closedReason ?? 'not open');
    return this.idb;
  }

  /** Loads a user's partitions before they act (undefined when already in memory). */
  loadOwner(owner: string): Promise<void> | undefined {
    return this.loader.loadOwner(owner);
  }

  /** Loads every partition of a table before DDL that must see all its rows (undefined when in memory). */
  loadTable(t: TableStorage): Promise<void> | undefined {
    return this.loader.loadTable(t);
  }

  /** STORAGE FLUSH of tables (every partition: users not loaded yet are read first): their jobs. */
  async flush(tables: readonly TableStorage[]): Promise<JobRecord[]> {
    for (const t of tables) {
      const w = this.loader.loadTable(t);
      if (w !== undefined) await w;
    }
    return this.flusher.flush(tables);
  }

  /** Persister: encodes a committed change set for the next write. */
  stage(changes: ChangeSet): boolean {
    this.db();
    const ops: StagedOp[] = [];
    if (changes.catalog.length > 0) {
      for (const c of changes.catalog) {
        if (c.kind === 'alter_table') this.reg.recordAction(c.def, c.action);
      }
      const { ops: catalogOps, next } = diffCatalog(this.host.catalog, this.host.users, this.stagedMirror, this.reg);
      for (const c of changes.catalog) {
        if (c.kind === 'drop_user') ops.push({ kind: 'drop_owner_data', owner: c.userId });
      }
      ops.push(...catalogOps);
      for (const [t, s] of next.tables) if (!this.stagedMirror.tables.has(t)) this.loader.tableCreated(s.id);
      for (const c of changes.catalog) {
        if (c.kind === 'create_user') this.loader.ownerCreated(c.user.userId);
        else if (c.kind === 'drop_user') this.loader.ownerDropped(c.userId);
      }
      this.stagedMirror = next;
    }
    const altered = new Set<TableStorage>();
    for (const c of changes.catalog) {
      if (c.kind !== 'alter_table') continue;
      for (const pc of changes.tables) if (pc.storage.versions.includes(c.def)) altered.add(pc.storage);
    }
    for (const pc of changes.tables) {
      const kind = pc.def.kind;
      if (kind !== 'user' && kind !== 'shared') continue;
      const record = encodeChange(pc, this.reg.idOf(pc.storage), ++this.lsn, altered.has(pc.storage));
      const m = maxInsertedSeq(record, pc.partition.seqIndex);
      if (m > this.maxSeq) this.maxSeq = m;
      ops.push({ kind: 'log', record, target: pc.storage });
    }
    if (ops.length === 0) return false;
    for (const op of ops) this.staged.push(op);
    return true;
  }

  /** Persister: writes everything staged so far in one transaction. */
  async write(): Promise<void> {
    const ops = this.staged;
    this.staged = [];
    if (ops.length === 0) return;
    const mirror = this.stagedMirror;
    const state: StateRecord = { key: 'state', lsn: this.lsn, nextTableId: this.reg.nextId, maxSeq: this.maxSeq };
    const db = this.db();
    const stores = new Set<typeof STORE[keyof typeof STORE]>([STORE.log, STORE.meta]);
    for (const op of ops) {
      if (op.kind === 'put' || op.kind === 'delete') stores.add(STORE.catalog);
      else if (op.kind === 'drop_table_data' || op.kind === 'drop_owner_data') stores.add(STORE.segments);
    }
    let tx: IDBPTransaction<InkDbSchema, (typeof STORE)[keyof typeof STORE][], 'readwrite'>;
    try {
      tx = db.transaction([...stores], 'readwrite', { durability: this.durability });
    } catch (e) {
      throw storageError(e, 'write to IndexedDB');
    }
    const done = tx.done;
    fire(done);
    try {
      for (const op of ops) {
        switch (op.kind) {
          case 'log': fire(tx.objectStore(STORE.log).put(op.record)); break;
          case 'put': fire(tx.objectStore(STORE.catalog).put(op.record)); break;
          case 'delete': fire(tx.objectStore(STORE.catalog).delete(op.key)); break;
          case 'drop_table_data': {
            fire(tx.objectStore(STORE.segments).delete(IDBKeyRange.bound([op.table], [op.table, []])));
            const keys = await tx.objectStore(STORE.log).index('table').getAllKeys(op.table);
            for (const k of keys) fire(tx.objectStore(STORE.log).delete(k));
            break;
          }
          case 'drop_owner_data': {
            const keys = await tx.objectStore(STORE.segments).index('owner').getAllKeys(op.owner);
            for (const k of keys) fire(tx.objectStore(STORE.segments).delete(k));
            fire(tx.objectStore(STORE.log).delete(IDBKeyRange.bound([op.owner], [op.owner, []])));
            break;
          }
        }
      }
      fire(tx.objectStore(STORE.meta).put(state));
    } catch (e) {
      throw storageError(await abortWith(tx, done, e), 'write to IndexedDB');
    }
    try {
      await done;
    } catch (e) {
      throw storageError(e, 'write to IndexedDB');
    }
    this.writes++;
    this.durableMirror = mirror;
    this.durableLsn = state.lsn;
    for (const op of ops) {
      if (op.kind === 'log') {
        const r = op.record;
        this.flusher.noteChanged(op.target, r.owner, r.insertCount + (r.delete?.length ?? 0) + (r.update?.seqs.length ?? 0));
      } else if (op.kind === 'drop_owner_data') {
        const owner = op.owner;
        this.flusher.forget((d) => d.owner === owner && d.table.def.kind === 'user');
      } else if (op.kind === 'drop_table_data') {
        this.flusher.forget((d) => d.table.dropped);
      }
    }
  }

  /** Persister: forgets what is staged (its commits are being rolled back). */
  discard(): void {
    this.staged = [];
    this.stagedMirror = this.durableMirror;
    this.lsn = Math.max(this.lsn, this.durableLsn);
  }

  /** Waits for running flushes, closes the IndexedDB connection and releases the Web Lock. */
  async close(): Promise<void> {
    await this.flusher.close();
    if (this.closedReason === null) this.closedReason = 'the database was closed';
    this.idb?.close();
    this.idb = null;
    this.release();
  }
}
