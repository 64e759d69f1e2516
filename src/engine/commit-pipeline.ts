/**
 * The commit pipeline: what happens when a transaction commits.
 *
 *   collect the change set → stage (persist) → write (group commit) → notify → clear → compact
 *
 * The change set is built from the undo log as data (`storage/change-set.ts`) before anything
 * is cleared or renumbered. With no persister the commit finishes at once (notify, clear,
 * compact) and costs what it did before persistence existed: no change set is built when
 * nobody listens.
 *
 * With a persister (IndexedDB), a commit is **staged**: the persister copies what it must store
 * out of the partitions synchronously, and the commit joins the *forming* group. The group is
 * written as one IndexedDB transaction on the next macrotask, so every commit made in the same
 * tick (for example the statements that were waiting for the database and all ran when it was
 * released) shares one write: group commit. While a group is written the database lock is held
 * (`COMMITTING`), so statements wait and their commits form the next group. The caller is
 * answered when its group's write completes.
 *
 * If a write fails, every commit of that group and of the group formed behind it is rolled back
 * in memory, newest first, and each caller gets the error: memory is never ahead of what a
 * reload would recover without the caller having been told. Listeners (live queries) hear of a
 * commit only once it is durable; partitions are compacted only when nothing is pending, since
 * pending commits' undo entries name row positions.
 *
 * @example
 * ```ts
 * const pipeline = new CommitPipeline(lock);
 * const stop = pipeline.subscribe((changes) => console.log(changes.tables.length));
 * await pipeline.commit(undo);   // void, or a Promise when a persister is set
 * stop();
 * ```
 */
import { toDbError, type DbError } from '../errors/db-error.ts';
import { collectChangeSet, type ChangeSet } from '../storage/change-set.ts';
import type { Partition } from '../storage/partition.ts';
import type { UndoLog } from '../storage/undo-log.ts';
import { COMMITTING, type DatabaseLock } from './lock.ts';

/**
 * The persist step. `stage` is synchronous (it copies what it stores, since later commits may
 * change the same rows in place before the write); `write` stores everything staged before it
 * was called as one durable transaction.
 */
export interface Persister {
  /**
   * Encodes a committed change set for the next write. Returns false when nothing of it needs
   * storing (for example stream-table rows). Throws a DbError when it cannot (nothing is staged).
   */
  stage(changes: ChangeSet): boolean;
  /** Writes everything staged so far in one durable transaction; rejects with a DbError (then nothing of it is stored). */
  write(): Promise<void>;
  /** Forgets everything staged and not written yet (its commits are being rolled back). */
  discard(): void;
}

/** A commit listener (live queries): called once per commit that changed something, once durable. */
export type CommitListener = (changes: ChangeSet) => void;

/** Compact a partition once this many rows, and over half of its rows, are deleted. */
const COMPACT_MIN_DELETED = 1024;

/** A commit applied in memory and waiting for its group's write. */
interface PendingCommit {
  readonly changes: ChangeSet;
  readonly undo: UndoLog;
}

/** Commits written together. */
class CommitGroup {
  readonly commits: PendingCommit[] = [];
  readonly promise: Promise<void>;
  resolve!: () => void;
  reject!: (e: DbError) => void;

  constructor() {
    this.promise = new Promise<void>((res, rej) => { this.resolve = res; this.reject = rej; });
    // every committer awaits the promise; this keeps a failure nobody else awaits from being "unhandled"
    this.promise.catch(() => undefined);
  }
}

/** Runs `f` on a later macrotask, after every pending microtask (MessageChannel in browsers, setImmediate in Node). */
function defaultSchedule(): (f: () => void) => void {
  const g = globalThis as { setImmediate?: (f: () => void) => unknown; MessageChannel?: typeof MessageChannel };
  if (typeof g.setImmediate === 'function') {
    const si = g.setImmediate;
    return (f) => { si(f); };
  }
  if (typeof g.MessageChannel === 'function') {
    const queue: (() => void)[] = [];
    const ch = new g.MessageChannel();
    ch.port1.onmessage = () => { const f = queue.shift(); if (f !== undefined) f(); };
    return (f) => { queue.push(f); ch.port2.postMessage(0); };
  }
  return (f) => { setTimeout(f, 0); };
}

/** Collect → stage → write → notify → clear → compact. */
export class CommitPipeline {
  /** The persist step, or null (memory only). */
  persister: Persister | null = null;
  /** How a group's write is deferred to a later macrotask (tests may replace it). */
  schedule: (f: () => void) => void = defaultSchedule();
  private readonly listeners = new Set<CommitListener>();
  /** Errors thrown by listeners (they never fail a commit); the last one, for diagnostics. */
  lastListenerError: unknown = null;
  /** The group accepting commits, written on the next macrotask (or after `writing`). */
  private forming: CommitGroup | null = null;
  /** The group whose write is in flight. */
  private writing: CommitGroup | null = null;
  /** Partitions with deletes from finished commits, compacted once nothing is pending. */
  private readonly touched = new Set<Partition>();
  private idleWaiters: (() => void)[] = [];

  /** `lock` is held (as `COMMITTING`) while a group is written. */
  constructor(private readonly lock: DatabaseLock | null = null) {}

  /** Adds a listener; returns the function that removes it. */
  subscribe(listener: CommitListener): () => void {
    this.listeners.add(listener);
    return () => { this.listeners.delete(listener); };
  }

  /** True while commits are applied in memory but not yet durable. */
  get busy(): boolean {
    return this.forming !== null || this.writing !== null;
  }

  /**
   * Commits a transaction's undo log. Returns nothing when the commit is complete, or a
   * promise when it waits for its group's write (it rejects with the write's error after the
   * transaction — and every later pending one — was rolled back in memory).
   */
  commit(undo: UndoLog): void | Promise<void> {
    if (undo.entries.length === 0) return;
    const persister = this.persister;
    if (persister === null && this.listeners.size === 0) {
      this.finish(null, undo);
      this.compactIfIdle();
      return;
    }
    const changes = collectChangeSet(undo.entries);
    const empty = changes.tables.length === 0 && changes.catalog.length === 0;
    let staged = false;
    if (persister !== null && !empty) {
      try {
        staged = persister.stage(changes);
      } catch (e) {
        undo.rollbackTo(0);
        throw toDbError(e);
      }
    }
    if (!staged && !this.busy) {
      this.finish(changes, undo);
      this.compactIfIdle();
      return;
    }
    // on top of pending commits (or to be written): wait for the group, roll back with it
    let g = this.forming;
    if (g === null) {
      g = new CommitGroup();
      this.forming = g;
      if (this.writing === null) this.schedule(() => this.startWrite());
    }
    g.commits.push({ changes, undo });
    return g.promise;
  }

  /**
   * A promise for the durability of everything committed so far (rejects if a pending write
   * fails), or undefined when nothing is pending. Statements that ran on top of pending commits
   * answer only after it, so no caller sees data that is later rolled back.
   */
  settled(): Promise<void> | undefined {
    return (this.forming ?? this.writing)?.promise;
  }

  /** Resolves (never rejects) once nothing is pending. */
  whenIdle(): Promise<void> {
    if (!this.busy) return Promise.resolve();
    return new Promise<void>((resolve) => { this.idleWaiters.push(resolve); });
  }

  private startWrite(): void {
    const g = this.forming;
    if (g === null || this.writing !== null || this.persister === null) return;
    this.forming = null;
    this.writing = g;
    const lock = this.lock;
    const held = lock !== null && lock.owner === null;
    if (held) lock.hold(COMMITTING);
    let p: Promise<void>;
    try {
      p = this.persister.write();
    } catch (e) {
      p = Promise.reject(e);
    }
    p.then(() => this.written(g, held), (e: unknown) => this.failed(g, held, e));
  }

  private release(held: boolean): void {
    if (held && this.lock !== null && this.lock.owner === COMMITTING) this.lock.release();
  }

  private written(g: CommitGroup, held: boolean): void {
    this.writing = null;
    this.release(held);
    for (const c of g.commits) this.finish(c.changes, c.undo);
    g.resolve();
    if (this.forming !== null) this.schedule(() => this.startWrite());
    else this.becameIdle();
  }

  private failed(g: CommitGroup, held: boolean, e: unknown): void {
    const err = toDbError(e);
    this.writing = null;
    const later = this.forming;
    this.forming = null;
    this.persister?.discard();
    // newest first: the group formed behind the failed one, then the failed one
    if (later !== null) for (let i = later.commits.length - 1; i >= 0; i--) later.commits[i]!.undo.rollbackTo(0);
    for (let i = g.commits.length - 1; i >= 0; i--) g.commits[i]!.undo.rollbackTo(0);
    this.release(held);
    later?.reject(err);
    g.reject(err);
    this.becameIdle();
  }

  private becameIdle(): void {
    this.compactIfIdle();
    const w = this.idleWaiters.splice(0);
    for (const f of w) f();
  }

  private finish(changes: ChangeSet | null, undo: UndoLog): void {
    if (changes !== null && (changes.tables.length > 0 || changes.catalog.length > 0)) {
      for (const l of this.listeners) {
        try {
          l(changes);
        } catch (e) {
          this.lastListenerError = e;
        }
      }
    }
    for (const e of undo.entries) {
      if (e.kind === 'delete') this.touched.add(e.part);
      else if (e.kind === 'catalog' && e.committed !== undefined) e.committed();
    }
    undo.clear();
  }

  private compactIfIdle(): void {
    if (this.busy || this.touched.size === 0) return;
    for (const p of this.touched) if (p.deletedCount > COMPACT_MIN_DELETED && p.deletedCount * 2 > p.length) p.compact();
    this.touched.clear();
  }
}
