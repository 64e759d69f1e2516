/**
 * The IndexedDB database of one InkDB database, through `idb`: opening (schema creation,
 * format check, `blocked` and `versionchange` handling as idb's README advises) and the reads
 * the loader needs. Writes are built by `persistence.ts` and `flusher.ts` in one transaction each.
 *
 * - `blocked` (an older connection in another tab will not close) rejects the open with `55006`.
 * - `versionchange` (another tab upgrades or deletes the database) closes this connection
 *   cleanly; later writes fail with `08006`, reads of data already in memory keep working.
 * - A database of a newer IndexedDB version, or whose `format` record is newer than
 *   {@link FORMAT_VERSION}, fails with `55000` and is not modified.
 */
import { wrap, type DBSchema, type IDBPDatabase } from 'idb';
import { DbError } from '../../errors/db-error.ts';
import { SqlState } from '../../errors/sqlstate.ts';
import { storageError } from './errors.ts';
import {
  FORMAT_VERSION, IDB_VERSION, STORE, idbName, type CatalogRecord, type FormatRecord, type LogRecord,
  type MetaRecord, type SegmentRecord, type StateRecord,
} from './records.ts';

/** The typed schema of an InkDB IndexedDB database (see `records.ts`). */
export interface InkDbSchema extends DBSchema {
  meta: { key: string; value: MetaRecord };
  catalog: { key: string; value: CatalogRecord };
  log: { key: [string, number, number]; value: LogRecord; indexes: { table: number } };
  segments: { key: [number, string]; value: SegmentRecord; indexes: { owner: string } };
}

/** An open InkDB IndexedDB database. */
export type InkIdb = IDBPDatabase<InkDbSchema>;

/** What the open step reads before anything else. */
export interface OpenedStore {
  readonly db: InkIdb;
  readonly state: StateRecord;
  /** True when the database was just created. */
  readonly created: boolean;
}

/** The IndexedDB factory of this realm, or undefined. */
export function defaultFactory(): IDBFactory | undefined {
  return (globalThis as { indexedDB?: IDBFactory }).indexedDB;
}

function createStores(db: IDBDatabase, oldVersion: number): void {
  if (oldVersion < 1) {
    db.createObjectStore(STORE.meta, { keyPath: 'key' });
    db.createObjectStore(STORE.catalog, { keyPath: 'key' });
    const log = db.createObjectStore(STORE.log, { keyPath: ['owner', 'table', 'lsn'] });
    log.createIndex('table', 'table');
    const seg = db.createObjectStore(STORE.segments, { keyPath: ['table', 'owner'] });
    seg.createIndex('owner', 'owner');
  }
}

/**
 * Opens (creating when absent) the IndexedDB database `inkdb:<name>` through `factory`.
 * `onClose` is called when the connection closes other than by {@link InkIdb.close}: another
 * tab's upgrade or deletion (`versionchange`, after which this side closes), or the browser.
 * `version` is the IndexedDB schema version to open (tests simulate a future upgrade with it).
 */
export async function openStore(factory: IDBFactory, name: string, onClose: (reason: string) => void, version = IDB_VERSION): Promise<OpenedStore> {
  if (typeof (globalThis as { IDBRequest?: unknown }).IDBRequest !== 'function') {
    throw new DbError(SqlState.FEATURE_NOT_SUPPORTED, 'IndexedDB is not available in this environment', {
      hint: "In Node, install fake-indexeddb's globals (import 'fake-indexeddb/auto') before passing an IDBFactory, or use storage: 'memory'.",
    });
  }
  const raw = await new Promise<IDBDatabase>((resolve, reject) => {
    let settled = false;
    let request: IDBOpenDBRequest;
    try {
      request = factory.open(idbName(name), version);
    } catch (e) {
      reject(storageError(e, 'open the IndexedDB database'));
      return;
    }
    request.onupgradeneeded = (ev) => { createStores(request.result, ev.oldVersion); };
    request.onblocked = () => {
      if (settled) return;
      settled = true;
      reject(new DbError(SqlState.OBJECT_IN_USE, `database "${name}" is being accessed by other users`, {
        detail: 'An older version of this database is open in another tab and does not close.',
        hint: 'Close the other tabs of this site and retry.',
      }));
    };
    request.onsuccess = () => {
      const db = request.result;
      if (settled) { db.close(); return; }
      settled = true;
      db.onversionchange = () => { db.close(); onClose('another tab upgraded or deleted the database'); };
      db.onclose = () => { onClose('the browser closed the connection'); };
      resolve(db);
    };
    request.onerror = (ev) => {
      ev.preventDefault();
      if (settled) return;
      settled = true;
      const err = request.error;
      reject(err !== null && err.name === 'VersionError'
        ? new DbError(SqlState.OBJECT_NOT_IN_PREREQUISITE_STATE, 'database files are incompatible with this version of InkDB', {
          detail: `The IndexedDB database "${idbName(name)}" was created by a newer version of InkDB (schema newer than ${IDB_VERSION}).`,
          hint: 'Open it with a newer InkDB, or delete it.',
        })
        : storageError(err, 'open the IndexedDB database'));
    };
  });
  // idb recognises IndexedDB objects by this realm's global classes: a factory of another
  // realm (another copy of fake-indexeddb, say) would fail later with a bare TypeError
  const IDBDatabaseClass = (globalThis as { IDBDatabase?: abstract new () => unknown }).IDBDatabase;
  if (IDBDatabaseClass === undefined || !(raw instanceof IDBDatabaseClass)) {
    raw.close();
    throw new DbError(SqlState.FEATURE_NOT_SUPPORTED, "the IDBFactory given does not belong to this environment's IndexedDB classes", {
      detail: 'The global IDBDatabase, IDBRequest, IDBKeyRange, … classes are not the ones the factory creates objects of.',
      hint: "Pass the factory of the IndexedDB implementation whose globals are installed (in Node: the same fake-indexeddb module as 'fake-indexeddb/auto').",
    });
  }
  const db = wrap(raw) as unknown as InkIdb;
  try {
    return await checkFormat(db, name);
  } catch (e) {
    db.close();
    throw e;
  }
}

async function checkFormat(db: InkIdb, name: string): Promise<OpenedStore> {
  const tx = db.transaction(STORE.meta, 'readonly');
  const [format, state] = await Promise.all([tx.store.get('format'), tx.store.get('state')]);
  await tx.done;
  if (format !== undefined && format.key === 'format' && format.format !== FORMAT_VERSION) {
    const newer = format.format > FORMAT_VERSION;
    throw new DbError(SqlState.OBJECT_NOT_IN_PREREQUISITE_STATE, 'database files are incompatible with this version of InkDB', {
      detail: `The database "${name}" is stored in format ${format.format}; this version of InkDB reads format ${FORMAT_VERSION}.`,
      hint: newer ? 'Open it with a newer InkDB, or delete it.' : 'No migration from that format exists: export the data with the InkDB that wrote it.',
    });
  }
  const fresh: StateRecord = { key: 'state', lsn: 0, nextTableId: 1, maxSeq: 0n };
  if (format === undefined) {
    const w = db.transaction(STORE.meta, 'readwrite');
    const rec: FormatRecord = { key: 'format', format: FORMAT_VERSION, createdAt: Date.now() };
    void w.store.put(rec);
    void w.store.put(fresh);
    await w.done.catch((e: unknown) => { throw storageError(e, 'create the IndexedDB database'); });
    return { db, state: fresh, created: true };
  }
  return { db, state: state !== undefined && state.key === 'state' ? state : fresh, created: false };
}

/** Issues an IndexedDB request whose outcome the transaction's `done` reports (its own rejection is not "unhandled"). */
export function fire(p: Promise<unknown>): void {
  p.catch(() => undefined);
}

/**
 * Aborts a transaction after `e` broke off building it, and returns the error to report: the
 * transaction's own (a quota error aborts it before a pending request fails with AbortError),
 * else `e`.
 */
export async function abortWith(tx: { abort(): void }, done: Promise<void>, e: unknown): Promise<unknown> {
  try { tx.abort(); } catch { /* finished already */ }
  const txError = await done.then(() => null, (x: unknown) => x);
  const name = (x: unknown): string => (typeof x === 'object' && x !== null ? String((x as { name?: unknown }).name) : '');
  if (txError !== null && (name(txError) !== 'AbortError' || name(e) === 'AbortError')) return txError;
  return e;
}

/** The catalog records. */
export async function readCatalog(db: InkIdb): Promise<CatalogRecord[]> {
  return db.getAll(STORE.catalog);
}

/** Every segment and log record of one owner (all tables), log in `[table, lsn]` order. */
export async function readOwner(db: InkIdb, owner: string): Promise<{ segments: SegmentRecord[]; log: LogRecord[] }> {
  const tx = db.transaction([STORE.segments, STORE.log], 'readonly');
  const [segments, log] = await Promise.all([
    tx.objectStore(STORE.segments).index('owner').getAll(owner),
    tx.objectStore(STORE.log).getAll(IDBKeyRange.bound([owner], [owner, []])),
  ]);
  await tx.done;
  return { segments, log };
}

/** Every segment and log record of one table (all owners). */
export async function readTable(db: InkIdb, table: number): Promise<{ segments: SegmentRecord[]; log: LogRecord[] }> {
  const tx = db.transaction([STORE.segments, STORE.log], 'readonly');
  const [segments, log] = await Promise.all([
    tx.objectStore(STORE.segments).getAll(IDBKeyRange.bound([table], [table, []])),
    tx.objectStore(STORE.log).index('table').getAll(table),
  ]);
  await tx.done;
  return { segments, log };
}
