/**
 * The undo log of a transaction: before-images of every in-place write and inverse actions of
 * catalog changes. Rolling back to a mark (statement start, or BEGIN) replays entries in
 * reverse through the partitions' own undo operations; touched partitions rebuild their
 * indexes once at the end. The same entries, read forward, are the transaction's change set
 * (`change-set.ts`): catalog entries carry a {@link CatalogChange} record for that.
 */
import type { JsValue } from '../types/vector.ts';
import type { CatalogChange } from './catalog-change.ts';
import type { Partition } from './partition.ts';

/**
 * The table a logged write belongs to: its version is bumped when the write is undone.
 * `TableStorage` implements it (named structurally, so this file does not import the table
 * storage that imports it).
 */
export interface VersionedTable {
  /** Marks the table changed. */
  bumpVersion(): void;
}

/** One undoable action. */
export type UndoEntry =
  | { readonly kind: 'insert'; readonly storage: VersionedTable; readonly part: Partition; readonly from: number; to: number }
  | { readonly kind: 'delete'; readonly storage: VersionedTable; readonly part: Partition; readonly rows: Int32Array }
  | { readonly kind: 'update'; readonly storage: VersionedTable; readonly part: Partition; readonly row: number; readonly col: number; readonly old: JsValue }
  | {
    readonly kind: 'catalog';
    readonly undo: () => void;
    /** The change as data, for the change set (absent for inner steps of a change already recorded). */
    readonly change?: CatalogChange;
    /** Runs once the transaction has committed for good (a dropped table lets go of its rows). */
    readonly committed?: () => void;
  };

/**
 * The undo entry of appended rows, as a class instance: the entry is read on every prepared
 * INSERT, and a class's map survives the GCs between transactions (a literal's may not).
 */
class InsertUndo {
  readonly kind = 'insert';
  constructor(readonly storage: VersionedTable, readonly part: Partition, readonly from: number, public to: number) {}
  /** One entry kept alive so its shape survives full GCs (see `Run.keepShape` in engine/state.ts). */
  static readonly keepShape: InsertUndo = new InsertUndo(null as never, null as never, 0, 0);
}

/** An append-only list of undo entries with marks. */
export class UndoLog {
  readonly entries: UndoEntry[] = [];
  /** Where the latest mark was taken, and how far the insert entry just below it reached then (-1: not an insert). */
  private markPos = 0;
  private markTo = -1;
  /** One log kept alive so its shape survives full GCs (see `Run.keepShape` in engine/state.ts). */
  static readonly keepShape: UndoLog = new UndoLog();

  /** Records an entry. */
  push(e: UndoEntry): void {
    this.entries.push(e);
  }

  /**
   * Records rows [from, to) appended to a partition: extends the previous entry when it is an
   * insert into the same partition ending at `from` (a prepared single-row INSERT repeated in
   * one transaction then logs one entry, not one per row). Rolling back to the latest mark
   * trims such an entry back to where it reached when the mark was taken.
   */
  pushInsert(storage: VersionedTable, part: Partition, from: number, to: number): void {
    const e = this.entries;
    const n = e.length;
    if (n > 0) {
      const last = e[n - 1]!;
      if (last.kind === 'insert' && last.part === part && last.to === from) {
        last.to = to;
        return;
      }
    }
    e.push(new InsertUndo(storage, part, from, to));
  }

  /**
   * The current position, to roll back to later. Only the latest mark and 0 (the whole log)
   * can be rolled back to exactly: an insert entry extended past an older mark is not trimmed.
   */
  mark(): number {
    const n = this.entries.length;
    const last = n > 0 ? this.entries[n - 1]! : null;
    this.markPos = n;
    this.markTo = last !== null && last.kind === 'insert' ? last.to : -1;
    return n;
  }

  /** True when nothing was written since `mark`. */
  isEmptySince(mark: number): boolean {
    if (this.entries.length !== mark) return false;
    const last = mark > 0 ? this.entries[mark - 1]! : null;
    return !(mark === this.markPos && last !== null && last.kind === 'insert' && this.markTo >= 0 && last.to > this.markTo);
  }

  /** Undoes every entry after `mark`, newest first. */
  rollbackTo(mark: number): void {
    const touched = new Set<Partition>();
    const e = this.entries;
    // rows appended to the entry below the mark since it was taken
    const below = mark > 0 && mark === this.markPos && this.markTo >= 0 ? e[mark - 1]! : null;
    for (let i = e.length - 1; i >= mark; i--) {
      const u = e[i]!;
      switch (u.kind) {
        case 'insert':
          u.part.undoInsert(u.from, u.to);
          u.storage.bumpVersion();
          touched.add(u.part);
          break;
        case 'delete':
          u.part.undoDelete(u.rows);
          u.storage.bumpVersion();
          touched.add(u.part);
          break;
        case 'update':
          u.part.undoUpdate(u.row, u.col, u.old);
          u.storage.bumpVersion();
          touched.add(u.part);
          break;
        case 'catalog':
          u.undo();
          break;
      }
    }
    if (below !== null && below.kind === 'insert' && below.to > this.markTo) {
      below.part.undoInsert(this.markTo, below.to);
      below.storage.bumpVersion();
      touched.add(below.part);
      below.to = this.markTo;
    }
    e.length = mark;
    for (const p of touched) p.rebuildIndexes();
  }

  /** Forgets everything (after COMMIT). */
  clear(): void {
    this.entries.length = 0;
    this.markPos = 0;
    this.markTo = -1;
  }
}
