/**
 * Helpers for persistence tests on fake-indexeddb: an in-memory Web Locks manager (Node has no
 * `navigator.locks`) whose locks a simulated crash releases, engines opened on one IDBFactory,
 * and small query helpers.
 */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { openEngine, type Engine, type OpenEngineOptions } from '../../src/engine/index.ts';
import type { LockManagerLike } from '../../src/storage/persist/web-lock.ts';
import type { JsValue } from '../../src/types/vector.ts';
import { vectorsToRowArrays } from '../../src/types/arrow.ts';

/** Web Locks for one "browser": exclusive locks by name, `ifAvailable` supported. */
export class TestLocks implements LockManagerLike {
  private readonly held = new Map<string, () => void>();

  async request(name: string, options: { readonly ifAvailable?: boolean }, callback: (lock: unknown) => unknown): Promise<unknown> {
    if (this.held.has(name)) {
      if (options.ifAvailable === true) return callback(null);
      throw new Error('TestLocks: waiting for a lock is not supported');
    }
    let release!: () => void;
    const gone = new Promise<void>((r) => { release = r; });
    this.held.set(name, release);
    const lock = { name };
    const result = Promise.resolve(callback(lock));
    await Promise.race([result, gone]);
    if (this.held.get(name) === release) this.held.delete(name);
    return result;
  }

  /** True while someone holds `name`. */
  isHeld(name: string): boolean {
    return this.held.has(name);
  }

  /** A tab dies: every lock it held is released. */
  crash(): void {
    for (const r of this.held.values()) r();
    this.held.clear();
  }
}

/** A fresh "browser profile": its own IndexedDB and locks. */
export function freshProfile(): { factory: IDBFactory; locks: TestLocks } {
  return { factory: new IDBFactory(), locks: new TestLocks() };
}

/** Opens a persisted engine on a profile. */
export function openOn(profile: { factory: IDBFactory; locks: TestLocks }, name = 'db', extra: Partial<OpenEngineOptions> = {}): Promise<Engine> {
  return openEngine({ name, storage: 'indexeddb', indexedDB: profile.factory, locks: profile.locks, ...extra });
}

/** Rows of a query as arrays of JS values. */
export async function rows(engine: Engine, sid: string, sql: string, params: readonly unknown[] = []): Promise<JsValue[][]> {
  const r = await engine.execute(sid, sql, params);
  return vectorsToRowArrays(r.vectors, r.length);
}
