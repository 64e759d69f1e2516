/**
 * Stream-table expiry. A stream row is invisible to every query once `TTL_SECONDS` have passed
 * since it was written (the scan compares its insert time with the statement's clock); the
 * eviction job then removes it: a transaction of its own that soft-deletes every expired row,
 * goes through the commit pipeline (so live queries deliver each expiry as a `delete`), and
 * leaves one `system.jobs` row (job type `eviction`) per table it removed rows from.
 *
 * The job runs on a timer set for the earliest expiry (commits that insert into stream tables
 * move it earlier), and on demand (`Engine.evictExpired()`, which tests call after moving an
 * injected clock). It follows commits only once a stream table has been created, so an engine
 * without stream tables builds no change sets for it.
 *
 * @example
 * ```ts
 * const ev = new EvictionScheduler(state);
 * ev.watch();                     // a stream table exists
 * await ev.run();                 // → number of rows removed
 * ev.stop();
 * ```
 */
import { toDbError } from '../errors/db-error.ts';
import type { ChangeSet } from '../storage/change-set.ts';
import { UndoLog } from '../storage/undo-log.ts';
import type { EngineState, EvictionHook } from './state.ts';
import { commit } from './transactions.ts';

/** The lock owner token of the eviction job. */
export const EVICTOR = '\u0000evict';

/** Longest delay setTimeout accepts. */
const MAX_DELAY = 2 ** 31 - 1;

/** Schedules and runs the eviction job of one engine. */
export class EvictionScheduler implements EvictionHook {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private timerAt = Infinity;
  private unlisten: (() => void) | null = null;
  private stopped = false;
  private jobs = 0;

  constructor(private readonly db: EngineState) {}

  /** Starts following commits (a stream table exists). Idempotent. */
  watch(): void {
    if (this.stopped || this.unlisten !== null) return;
    this.unlisten = this.db.pipeline.subscribe((cs) => this.onCommit(cs));
  }

  /** Stops the timer and stops following commits (the engine closes). */
  stop(): void {
    this.stopped = true;
    this.clearTimer();
    this.unlisten?.();
    this.unlisten = null;
  }

  private onCommit(cs: ChangeSet): void {
    for (const pc of cs.tables) {
      const ttl = pc.def.ttlSeconds;
      const at = pc.partition.insertedAt;
      if (pc.def.kind !== 'stream' || ttl === null || at === null || pc.insertedCount === 0) continue;
      this.schedule(at[pc.inserted[0]!]! + ttl * 1000);
    }
    if (cs.catalog.some((c) => c.kind === 'drop_table' || c.kind === 'drop_namespace') && !this.hasStreamTables()) {
      this.unlisten?.();
      this.unlisten = null;
      this.clearTimer();
    }
  }

  private hasStreamTables(): boolean {
    return this.db.catalog.allTables().some((t) => t.def.kind === 'stream');
  }

  /** Makes sure the job runs no later than `at` (engine clock, ms). */
  schedule(at: number): void {
    if (this.stopped || at >= this.timerAt) return;
    this.clearTimer();
    this.timerAt = at;
    const delay = Math.min(MAX_DELAY, Math.max(0, at - this.db.seq.clock()) + 1);
    const t = setTimeout(() => {
      this.timer = null;
      this.timerAt = Infinity;
      // a failure (a transaction held the database past the lock timeout, a persist error): try again in a second
      this.run().catch(() => { this.schedule(this.db.seq.clock() + 1000); });
    }, delay);
    (t as { unref?: () => void }).unref?.();
    this.timer = t;
  }

  private clearTimer(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.timerAt = Infinity;
  }

  /**
   * Removes every expired stream row now (after any open transaction ends), then sets the
   * timer for the next expiry. Resolves with the number of rows removed.
   */
  async run(): Promise<number> {
    const db = this.db;
    if (this.stopped || db.closed) return 0;
    while (db.lock.busyFor(EVICTOR)) await db.lock.acquire(EVICTOR);
    // from here to the commit nothing awaits: no statement can interleave
    const now = db.seq.clock();
    const undo = new UndoLog();
    const removed: { tableId: string; rows: number }[] = [];
    let total = 0;
    for (const t of db.catalog.allTables()) {
      const ttl = t.def.ttlSeconds;
      if (t.def.kind !== 'stream' || ttl === null) continue;
      let n = 0;
      for (const p of t.partitions.values()) {
        const rows = p.expiredRows(now - ttl * 1000);
        if (rows.length === 0) continue;
        t.delete(p, rows, undo);
        n += rows.length;
      }
      if (n > 0) removed.push({ tableId: `${t.def.namespace}:${t.def.name}`, rows: n });
      total += n;
    }
    if (total > 0) {
      const records = removed.map((r) => {
        const rec = {
          jobId: `eviction-${++this.jobs}`, jobType: 'eviction', status: 'running', tableId: r.tableId, rows: r.rows, bytes: 0,
          createdAt: now, finishedAt: null as number | null, message: null as string | null,
        };
        db.jobs.push(rec);
        return rec;
      });
      const finish = (status: string, message: string): void => {
        for (const rec of records) { rec.status = status; rec.finishedAt = db.seq.clock(); rec.message = message; }
      };
      try {
        const p = commit(db, undo);
        if (p !== undefined) await p;
        finish('completed', 'expired stream rows removed');
      } catch (e) {
        finish('failed', toDbError(e).message);
        throw toDbError(e);
      }
    }
    this.scheduleNext();
    return total;
  }

  /** Sets the timer for the earliest expiry among live stream rows, if any. */
  private scheduleNext(): void {
    let next = Infinity;
    for (const t of this.db.catalog.allTables()) {
      const ttl = t.def.ttlSeconds;
      if (t.def.kind !== 'stream' || ttl === null) continue;
      for (const p of t.partitions.values()) {
        const first = p.earliestLiveInsert();
        if (first !== null && first + ttl * 1000 < next) next = first + ttl * 1000;
      }
    }
    if (next !== Infinity) this.schedule(next);
  }
}
