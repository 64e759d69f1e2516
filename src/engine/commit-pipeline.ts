/**
 * The commit pipeline: what happens when a transaction commits.
 *
 *   collect the change set → persist (async) → notify → clear → compact
 *
 * The change set is built from the undo log as data (`storage/change-set.ts`) before anything
 * is cleared or renumbered. The persist step (IndexedDB, when configured) must complete before
 * the commit is acknowledged; while it runs the database stays held (see `lock.ts`), and if it
 * fails the transaction is rolled back in memory and the caller gets the error, so memory is
 * never ahead of what a reload would recover. Then every listener (live queries) is notified
 * once, the undo log is forgotten, and partitions with many deleted rows are compacted.
 *
 * With no persister and no listener, a commit builds no change set at all and costs what it
 * did before the pipeline existed.
 *
 * @example
 * ```ts
 * const pipeline = new CommitPipeline();
 * const stop = pipeline.subscribe((changes) => console.log(changes.tables.length));
 * pipeline.commit(undo);   // void, or a Promise when a persister is set
 * stop();
 * ```
 */
import { toDbError } from '../errors/db-error.ts';
import { collectChangeSet, type ChangeSet } from '../storage/change-set.ts';
import type { Partition } from '../storage/partition.ts';
import type { UndoLog } from '../storage/undo-log.ts';

/** The persist step: stores a committed change set durably (rejects with a DbError on failure). */
export interface Persister {
  persist(changes: ChangeSet): Promise<void>;
}

/** A commit listener (live queries): called once per commit that changed something. */
export type CommitListener = (changes: ChangeSet) => void;

/** Compact a partition once this many rows, and over half of its rows, are deleted. */
const COMPACT_MIN_DELETED = 1024;

/** Collect → persist → notify → clear → compact. */
export class CommitPipeline {
  /** The persist step, or null (memory only). */
  persister: Persister | null = null;
  private readonly listeners = new Set<CommitListener>();
  /** Errors thrown by listeners (they never fail a commit); the last one, for diagnostics. */
  lastListenerError: unknown = null;

  /** Adds a listener; returns the function that removes it. */
  subscribe(listener: CommitListener): () => void {
    this.listeners.add(listener);
    return () => { this.listeners.delete(listener); };
  }

  /**
   * Commits a transaction's undo log. Returns nothing when the commit is complete, or a
   * promise when the persist step runs (it rejects with the persist error after rolling the
   * transaction back in memory).
   */
  commit(undo: UndoLog): void | Promise<void> {
    if (undo.entries.length === 0) return;
    if (this.persister === null && this.listeners.size === 0) {
      this.finish(null, undo);
      return;
    }
    const changes = collectChangeSet(undo.entries);
    if (this.persister !== null && (changes.tables.length > 0 || changes.catalog.length > 0)) {
      return this.persister.persist(changes).then(
        () => this.finish(changes, undo),
        (e: unknown) => {
          undo.rollbackTo(0);
          throw toDbError(e);
        },
      );
    }
    this.finish(changes, undo);
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
    const touched = new Set<Partition>();
    for (const e of undo.entries) if (e.kind === 'delete') touched.add(e.part);
    undo.clear();
    for (const p of touched) if (p.deletedCount > COMPACT_MIN_DELETED && p.deletedCount * 2 > p.length) p.compact();
  }
}
