/**
 * One writer per database: the engine that opens a persisted database holds the Web Lock
 * `inkdb:<name>` until it closes (or its tab or Worker dies, which releases it). A second
 * engine asking for the same database while it is held fails at once with `55006` ("open in
 * another tab"). Tabs that can share a database elect one leader whose engine alone opens it
 * (`client/tab-election.ts`), so this lock only refuses engines that cannot share.
 *
 * Node has no `navigator.locks`: tests inject a {@link LockManagerLike}; without one (Node,
 * server-side rendering) a lock local to this JavaScript realm is used, so two engines of one
 * process cannot open the same database either.
 */
import { DbError } from '../../errors/db-error.ts';
import { SqlState } from '../../errors/sqlstate.ts';

/** The part of the Web Locks API InkDB uses (`navigator.locks` is one). */
export interface LockManagerLike {
  request(name: string, options: { readonly ifAvailable?: boolean; readonly mode?: 'exclusive' | 'shared' },
    callback: (lock: unknown) => unknown): Promise<unknown>;
}

/** Exclusive locks within this realm only (where there are no Web Locks). */
class RealmLocks implements LockManagerLike {
  private readonly held = new Set<string>();

  async request(name: string, options: { readonly ifAvailable?: boolean }, callback: (lock: unknown) => unknown): Promise<unknown> {
    if (this.held.has(name)) {
      if (options.ifAvailable === true) return callback(null);
      throw new DbError(SqlState.OBJECT_IN_USE, `lock "${name}" is held`);
    }
    this.held.add(name);
    try {
      return await callback({ name });
    } finally {
      this.held.delete(name);
    }
  }
}

const realmLocks = new RealmLocks();

/** The lock manager of this realm: `navigator.locks`, or a realm-local one (Node). */
export function defaultLockManager(): LockManagerLike {
  return (globalThis as { navigator?: { locks?: LockManagerLike } }).navigator?.locks ?? realmLocks;
}

/** The lock name of a database. */
export function writerLockName(name: string): string {
  return `inkdb:${name}`;
}

/**
 * Takes the writer lock of database `name` without waiting; resolves with the function that
 * releases it, or rejects with `55006` when another engine holds it.
 *
 * @example
 * ```ts
 * const release = await acquireWriterLock(navigator.locks, 'my-app');
 * // … the engine runs …
 * release();
 * ```
 */
export function acquireWriterLock(locks: LockManagerLike, name: string): Promise<() => void> {
  return new Promise<() => void>((resolve, reject) => {
    let release!: () => void;
    const held = new Promise<void>((r) => { release = r; });
    locks.request(writerLockName(name), { ifAvailable: true, mode: 'exclusive' }, (lock) => {
      if (lock === null) {
        reject(new DbError(SqlState.OBJECT_IN_USE, `database "${name}" is open in another tab`, {
          detail: 'Only one tab (or worker) at a time can open a persisted InkDB database.',
          hint: 'Close the database in the other tab (db.close()), or close that tab, and open it again.',
        }));
        return undefined;
      }
      resolve(release);
      return held;
    }).catch((e: unknown) => {
      reject(new DbError(SqlState.OBJECT_IN_USE, `could not take the lock of database "${name}": ${e instanceof Error ? e.message : String(e)}`));
    });
  });
}
