/**
 * Fault injection for fake-indexeddb: the next matching readwrite transaction fails the way a
 * browser's would — aborted with a QuotaExceededError, aborted plainly, or refused because the
 * connection is closed — and every readwrite transaction's durability hint is recorded.
 * Patching is global to the test file's realm (`install()` / the returned uninstall).
 */
import 'fake-indexeddb/auto';
import { IDBDatabase, forceCloseDatabase } from 'fake-indexeddb';

/** How a transaction fails. */
export type Fault = 'quota' | 'abort' | 'closed';

/** Which transactions a fault applies to: commit writes (log + meta), flushes (segments, no meta), or any readwrite. */
export type FaultTarget = 'commit' | 'flush' | 'any';

interface Armed { fault: Fault; target: FaultTarget; skip: number }

type TxFn = (this: IDBDatabase, names: string | string[], mode?: IDBTransactionMode, options?: IDBTransactionOptions) => IDBTransaction;

/** Arms faults on fake-indexeddb transactions. */
export class FaultInjector {
  private readonly armed: Armed[] = [];
  /** Durability of every readwrite transaction, in order. */
  readonly durabilities: string[] = [];
  /** Readwrite transactions started, by target kind. */
  readonly started = { commit: 0, flush: 0, other: 0 };
  /** Faults fired so far. */
  fired = 0;

  /** Patches IDBDatabase.prototype.transaction; returns the function that restores it. */
  install(): () => void {
    const proto = IDBDatabase.prototype as unknown as { transaction: TxFn };
    const original = proto.transaction;
    const self = this;
    proto.transaction = function patched(this: IDBDatabase, names, mode, options) {
      if (mode !== 'readwrite') return original.call(this, names, mode, options);
      const list = Array.isArray(names) ? names : [names];
      const kind = list.includes('meta') && list.includes('log') ? 'commit' : list.includes('segments') && !list.includes('meta') ? 'flush' : 'other';
      self.started[kind]++;
      self.durabilities.push(options?.durability ?? 'default');
      const i = self.armed.findIndex((a) => a.target === 'any' || a.target === kind);
      if (i >= 0 && self.armed[i]!.skip > 0) {
        self.armed[i]!.skip--;
      } else if (i >= 0) {
        const a = self.armed.splice(i, 1)[0]!;
        self.fired++;
        if (a.fault === 'closed') {
          forceCloseDatabase(this as unknown as Parameters<typeof forceCloseDatabase>[0]);
          return original.call(this, names, mode, options); // throws InvalidStateError
        }
        const tx = original.call(this, names, mode, options);
        queueMicrotask(() => {
          const t = tx as unknown as { _state: string; _abort(name: string | null): void };
          if (t._state === 'finished') return;
          t._state = 'active';
          t._abort(a.fault === 'quota' ? 'QuotaExceededError' : null);
        });
        return tx;
      }
      return original.call(this, names, mode, options);
    };
    return () => { proto.transaction = original; };
  }

  /** Makes the (skip + 1)-th next matching readwrite transaction fail. */
  arm(fault: Fault, target: FaultTarget = 'commit', skip = 0): void {
    this.armed.push({ fault, target, skip });
  }

  /** Disarms everything. */
  clear(): void {
    this.armed.length = 0;
  }
}
