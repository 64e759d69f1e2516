/**
 * The database lock. Statements run one at a time; a session with an open transaction holds
 * the database until it commits or rolls back, and so does the commit pipeline while a group of
 * commits is written (`COMMITTING`), so every transaction is serializable. Other sessions wait
 * (up to `timeoutMs`, then 55P03).
 */
import { DbError } from '../errors/db-error.ts';
import { SqlState } from '../errors/sqlstate.ts';

/** The owner token of the commit pipeline while a group's write is in flight. */
export const COMMITTING = '\u0000commit';

/** The engine-wide lock. */
export class DatabaseLock {
  /** Session id holding the database (open transaction), COMMITTING, or null when free. */
  owner: string | null = null;
  private readonly waiters: (() => void)[] = [];

  constructor(private readonly timeoutMs = 10_000) {}

  /** True when someone other than `sessionId` holds the database (callers then `await acquire`). */
  busyFor(sessionId: string): boolean {
    return this.owner !== null && this.owner !== sessionId;
  }

  /** Waits until the database is free or held by `sessionId`. */
  async acquire(sessionId: string): Promise<void> {
    if (!this.busyFor(sessionId)) return;
    const deadline = Date.now() + this.timeoutMs;
    while (this.busyFor(sessionId)) {
      const left = deadline - Date.now();
      if (left <= 0) {
        throw new DbError(SqlState.LOCK_NOT_AVAILABLE, 'canceling statement due to lock timeout', { detail: 'Another session has an open transaction.' });
      }
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => { clearTimeout(t); resolve(); });
      });
    }
  }

  /** Resolves the next time the database is released (or at once when it is free). */
  whenFree(): Promise<void> {
    if (this.owner === null) return Promise.resolve();
    return new Promise<void>((resolve) => { this.waiters.push(resolve); });
  }

  /** Takes the database for `owner` (the caller checked it is free or already theirs). */
  hold(owner: string): void {
    this.owner = owner;
  }

  /** Frees the database and wakes every waiter. */
  release(): void {
    this.owner = null;
    const w = this.waiters.splice(0);
    for (const f of w) f();
  }
}
