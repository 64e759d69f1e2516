/**
 * Counts IndexedDB reads at the fake-indexeddb level: every get/getAll/getAllKeys/count/cursor
 * request on an object store or index, with the store it read and the `owner` of every record it
 * returned (log and segment records carry one), so a test can prove which users' data was read.
 */
import 'fake-indexeddb/auto';
import { IDBIndex, IDBObjectStore } from 'fake-indexeddb';

/** One read request. */
export interface ReadEvent {
  readonly store: string;
  readonly method: string;
  /** Records returned (0 for key-only reads). */
  records: number;
  /** Owners of returned records that have one. */
  readonly owners: Set<string>;
}

const METHODS = ['get', 'getAll', 'getAllKeys', 'getKey', 'count', 'openCursor', 'openKeyCursor'] as const;

/** Installs the counter; returns the events list and the uninstall function. */
export function countReads(): { events: ReadEvent[]; uninstall: () => void } {
  const events: ReadEvent[] = [];
  const restore: (() => void)[] = [];
  for (const [Ctor, storeOf] of [
    [IDBObjectStore, (x: { name: string }) => x.name],
    [IDBIndex, (x: { objectStore: { name: string } }) => x.objectStore.name],
  ] as const) {
    const proto = (Ctor as unknown as { prototype: Record<string, (...a: unknown[]) => unknown> }).prototype;
    for (const m of METHODS) {
      const original = proto[m];
      if (typeof original !== 'function') continue;
      proto[m] = function patched(this: never, ...args: unknown[]) {
        const req = original.apply(this, args) as { addEventListener(t: string, f: () => void): void; result: unknown };
        const ev: ReadEvent = { store: (storeOf as (x: unknown) => string)(this), method: m, records: 0, owners: new Set() };
        events.push(ev);
        req.addEventListener('success', () => {
          const r = req.result;
          const list = Array.isArray(r) ? r : r === undefined || r === null ? [] : [r];
          for (const x of list) {
            if (typeof x !== 'object' || x === null || Array.isArray(x)) continue;
            ev.records++;
            const owner = (x as { owner?: unknown }).owner ?? (x as { value?: { owner?: unknown } }).value?.owner;
            if (typeof owner === 'string') ev.owners.add(owner);
          }
        });
        return req;
      };
      restore.push(() => { proto[m] = original; });
    }
  }
  return { events, uninstall: () => { for (const f of restore) f(); } };
}
