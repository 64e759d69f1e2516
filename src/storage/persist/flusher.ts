/**
 * Flush (KalamDB's `STORAGE FLUSH`): a table's changed partitions are written as Arrow
 * segments and their log records trimmed, one IndexedDB transaction per table, so a crash
 * leaves either the old segment with the log or the new segment without it. Each run is a row
 * of `system.jobs`.
 *
 * A flush copies the partitions when the database is quiescent (no open transaction, no commit
 * waiting for its write): the copy then holds exactly the commits up to the last LSN written,
 * and the trim removes records up to that LSN only, so a commit racing with the flush keeps its
 * log record. Encoding happens after the copy, yielding between partitions, so readers are not
 * held up for long. A partition whose table or user was dropped meanwhile is not written (the
 * flush transaction re-reads the catalog record).
 *
 * Policy: a table's `FLUSH_POLICY 'rows:N,interval:S'`, else the database's `flushPolicy`
 * option: a partition is flushed once that many rows changed since its last flush, or (with an
 * interval) once its oldest unflushed change is that old. Without either, a partition is flushed
 * once {@link DEFAULT_FLUSH_ROWS} rows and a quarter of its rows changed.
 */
import type { UserStore } from '../../auth/users.ts';
import { DbError } from '../../errors/db-error.ts';
import { SqlState } from '../../errors/sqlstate.ts';
import type { JobRecord } from '../../catalog/providers/system-tables.ts';
import type { TableStorage } from '../table-storage.ts';
import type { TableRegistry } from './catalog-sync.ts';
import { storageError } from './errors.ts';
import { abortWith, fire, type InkIdb } from './idb-store.ts';
import { catalogKey, STORE, type SegmentRecord } from './records.ts';
import { snapshotPartition, type PartitionSnapshot } from './snapshot.ts';

/** Rows changed in a partition before the default policy flushes it. */
export const DEFAULT_FLUSH_ROWS = 10_000;

/** Jobs kept in `system.jobs` (oldest dropped first). */
const MAX_JOBS = 1000;

/** A flush policy: rows changed, and/or age of the oldest unflushed change. */
export interface FlushPolicy {
  readonly rows?: number;
  readonly intervalMs?: number;
}

/** Parses a table's `FLUSH_POLICY` text (`'rows:N,interval:S'`). */
export function parseFlushPolicy(text: string | null): FlushPolicy | null {
  if (text === null) return null;
  const rows = /rows:(\d+)/.exec(text);
  const interval = /interval:(\d+)/.exec(text);
  return {
    ...(rows !== null ? { rows: Number(rows[1]) } : {}),
    ...(interval !== null ? { intervalMs: Number(interval[1]) * 1000 } : {}),
  };
}

/** Unflushed changes of one loaded partition. */
interface Dirty {
  readonly table: TableStorage;
  readonly owner: string;
  rows: number;
  since: number;
}

/** What the flusher needs from its surroundings. */
export interface FlushHost {
  readonly db: () => InkIdb;
  readonly reg: TableRegistry;
  readonly users: UserStore;
  readonly jobs: JobRecord[];
  readonly durability: 'strict' | 'relaxed';
  readonly policy: FlushPolicy;
  /** The last LSN written (all of it durable when quiescent). */
  readonly lsn: () => number;
  readonly whenQuiescent: () => Promise<void>;
  /** True when no transaction is open and no commit waits for its write. */
  readonly isQuiescent: () => boolean;
  /** Fails when the connection is closed. */
  readonly checkOpen: () => void;
}

const yieldTask = (): Promise<void> => new Promise((r) => { setTimeout(r, 0); });

/** How long STORAGE FLUSH waits for open transactions to end (then 55P03, like a statement waiting for the lock). */
const MANUAL_WAIT_MS = 10_000;

function withDeadline(p: Promise<void>, deadline: number): Promise<void> {
  const left = deadline - Date.now();
  return new Promise<void>((resolve, reject) => {
    const t = setTimeout(() => {
      reject(new DbError(SqlState.LOCK_NOT_AVAILABLE, 'canceling statement due to lock timeout', { detail: 'Another session has an open transaction.' }));
    }, Math.max(0, left));
    p.then(() => { clearTimeout(t); resolve(); }, (e: unknown) => { clearTimeout(t); reject(e); });
  });
}

/** Tracks unflushed changes and runs flushes. */
export class Flusher {
  private readonly dirty = new Map<string, Dirty>();
  private readonly running = new Set<Promise<unknown>>();
  private readonly scheduled = new Set<TableStorage>();
  private nextJob = 1;
  private timer: ReturnType<typeof setInterval> | null = null;

  constructor(private readonly host: FlushHost) {
    const intervals = [host.policy.intervalMs ?? 0].filter((x) => x > 0);
    if (intervals.length > 0) this.startTimer(Math.min(...intervals));
  }

  private key(t: TableStorage, owner: string): string {
    return `${this.host.reg.idOf(t)}\u0000${owner}`;
  }

  private policyOf(t: TableStorage): FlushPolicy {
    return parseFlushPolicy(t.def.flushPolicy) ?? this.host.policy;
  }

  /** Counts rows changed in a partition by a durable write (or replayed from the log on load). */
  noteChanged(t: TableStorage, owner: string, rows: number): void {
    if (rows === 0 || t.def.kind === 'stream') return;
    const k = this.key(t, owner);
    let d = this.dirty.get(k);
    if (d === undefined) {
      d = { table: t, owner, rows: 0, since: Date.now() };
      this.dirty.set(k, d);
    }
    d.rows += rows;
    const pol = this.policyOf(t);
    if (pol.intervalMs !== undefined && pol.intervalMs > 0 && this.timer === null) this.startTimer(pol.intervalMs);
    if (pol.rows !== undefined ? d.rows >= pol.rows : pol.intervalMs === undefined && this.defaultDue(t, owner, d.rows)) this.schedule(t);
  }

  /**
   * The default policy: at least {@link DEFAULT_FLUSH_ROWS} changed rows, and at least a quarter
   * of the partition's rows (a flush rewrites the whole partition, so this bounds the rewriting
   * to a few times the rows written, instead of rewriting a large partition every 10,000 rows).
   */
  private defaultDue(t: TableStorage, owner: string, changed: number): boolean {
    if (changed < DEFAULT_FLUSH_ROWS) return false;
    const p = t.partitions.get(owner);
    return p === undefined || changed * 4 >= p.liveCount;
  }

  /** Forgets the counters of a dropped table or user. */
  forget(pred: (d: { table: TableStorage; owner: string }) => boolean): void {
    for (const [k, d] of this.dirty) if (pred(d)) this.dirty.delete(k);
  }

  private startTimer(ms: number): void {
    this.timer = setInterval(() => this.tick(), Math.max(1000, Math.min(ms, 60_000)));
    (this.timer as { unref?: () => void }).unref?.();
  }

  private tick(): void {
    const now = Date.now();
    for (const d of this.dirty.values()) {
      const iv = this.policyOf(d.table).intervalMs;
      if (iv !== undefined && iv > 0 && now - d.since >= iv) this.schedule(d.table);
    }
  }

  /** Flushes a table in the background (policy); failures stay in its job row. */
  private schedule(t: TableStorage): void {
    if (this.scheduled.has(t)) return;
    this.scheduled.add(t);
    const p = this.flushTable(t, 'policy').catch(() => undefined).finally(() => { this.scheduled.delete(t); this.running.delete(p); });
    this.running.add(p);
  }

  /** Flushes tables now (STORAGE FLUSH): their jobs, in order. Rejects with the first failure. */
  async flush(tables: readonly TableStorage[]): Promise<JobRecord[]> {
    const jobs: JobRecord[] = [];
    for (const t of tables) {
      const p = this.flushTable(t, 'manual');
      this.running.add(p);
      try {
        jobs.push(await p);
      } finally {
        this.running.delete(p);
      }
    }
    return jobs;
  }

  /** Waits for running flushes and stops the policy timer. */
  async close(): Promise<void> {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    await Promise.allSettled([...this.running]);
  }

  private newJob(t: TableStorage): JobRecord {
    const job: JobRecord = {
      jobId: `flush-${this.nextJob++}`, jobType: 'flush', status: 'running', tableId: `${t.def.namespace}:${t.def.name}`,
      rows: 0, bytes: 0, createdAt: Date.now(), finishedAt: null, message: null,
    };
    const jobs = this.host.jobs;
    jobs.push(job);
    if (jobs.length > MAX_JOBS) jobs.splice(0, jobs.length - MAX_JOBS);
    return job;
  }

  private async flushTable(t: TableStorage, why: 'manual' | 'policy'): Promise<JobRecord> {
    const job = this.newJob(t);
    try {
      if (t.def.kind === 'stream' || t.def.kind === 'system') {
        job.message = 'stream tables are kept in memory only: nothing to flush';
        job.status = 'completed';
        return job;
      }
      this.host.checkOpen();
      // quiescent on a task of its own: the answers of the commits just written leave first
      const deadline = Date.now() + MANUAL_WAIT_MS;
      do {
        await (why === 'manual' ? withDeadline(this.host.whenQuiescent(), deadline) : this.host.whenQuiescent());
        await yieldTask();
      } while (!this.host.isQuiescent());
      if (t.dropped) {
        job.status = 'completed';
        job.message = 'the table was dropped';
        return job;
      }
      // quiescent: copy every changed partition now, all at the same LSN
      const id = this.host.reg.idOf(t);
      const lsn = this.host.lsn();
      const taken: { owner: string; snap: PartitionSnapshot; rows: number; userCreated: number | null }[] = [];
      for (const [owner, p] of t.partitions) {
        const d = this.dirty.get(this.key(t, owner));
        if (d === undefined || d.rows === 0) continue;
        const user = t.def.kind === 'user' ? this.host.users.users.get(owner) : undefined;
        taken.push({ owner, snap: snapshotPartition(p, t.def), rows: d.rows, userCreated: user?.createdAt ?? null });
      }
      const segments: { owner: string; seg: SegmentRecord; rows: number; userCreated: number | null }[] = [];
      // the Arrow encoder is loaded with the first flush, not with the engine
      const { encodeSegment } = taken.length > 0 ? await import('./segment.ts') : { encodeSegment: null };
      for (const x of taken) {
        segments.push({ owner: x.owner, seg: encodeSegment!(x.snap, id, x.owner, lsn), rows: x.rows, userCreated: x.userCreated });
        await yieldTask();
      }
      if (segments.length > 0) await this.writeSegments(id, lsn, segments);
      for (const s of segments) {
        const d = this.dirty.get(this.key(t, s.owner));
        if (d !== undefined) {
          d.rows -= s.rows;
          if (d.rows <= 0) this.dirty.delete(this.key(t, s.owner));
          else d.since = Date.now();
        }
        job.rows += s.seg.rows;
        job.bytes += s.seg.bytes;
      }
      job.status = 'completed';
      job.message = `${why === 'manual' ? 'STORAGE FLUSH' : 'flush policy'}: ${segments.length} partition(s) written`;
      return job;
    } catch (e) {
      const err = storageError(e, 'flush to IndexedDB');
      job.status = 'failed';
      job.message = `${err.code}: ${err.message}`;
      throw err;
    } finally {
      job.finishedAt = Date.now();
    }
  }

  private async writeSegments(id: number, lsn: number, segments: readonly { owner: string; seg: SegmentRecord; userCreated: number | null }[]): Promise<void> {
    const db = this.host.db();
    const tx = db.transaction([STORE.catalog, STORE.segments, STORE.log], 'readwrite', { durability: this.host.durability });
    const done = tx.done;
    fire(done);
    try {
      const catalog = tx.objectStore(STORE.catalog);
      if ((await catalog.get(catalogKey.table(id))) === undefined) return; // dropped meanwhile (a never-stored table has nothing to trim either)
      for (const s of segments) {
        if (s.userCreated !== null) {
          const u = await catalog.get(catalogKey.user(s.owner));
          if (u !== undefined && u.kind === 'user' && (u.user.deletedAt !== null || u.user.createdAt !== s.userCreated)) continue;
        }
        fire(tx.objectStore(STORE.segments).put(s.seg));
        fire(tx.objectStore(STORE.log).delete(IDBKeyRange.bound([s.owner, id, 0], [s.owner, id, lsn])));
      }
    } catch (e) {
      throw await abortWith(tx, done, e);
    }
    await done;
  }
}
