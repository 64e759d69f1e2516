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
  };

/** An append-only list of undo entries with marks. */
export class UndoLog {
  readonly entries: UndoEntry[] = [];
  /** Entries below this position may be rolled back to separately (a mark was taken there): they are never extended. */
  private sealed = 0;

  /** Records an entry. */
  push(e: UndoEntry): void {
    this.entries.push(e);
  }

  /**
   * Records rows [from, to) appended to a partition: extends the previous entry when it is an
   * insert into the same partition ending at `from` and no mark was taken since (a prepared
   * single-row INSERT repeated in one transaction then logs one entry, not one per row).
   */
  pushInsert(storage: VersionedTable, part: Partition, from: number, to: number): void {
    const e = this.entries;
    const n = e.length;
    if (n > this.sealed) {
      const last = e[n - 1]!;
      if (last.kind === 'insert' && last.part === part && last.to === from) {
        last.to = to;
        return;
      }
    }
    e.push({ kind: 'insert', storage, part, from, to });
  }

  /** The current position, to roll back to later. */
  mark(): number {
    const n = this.entries.length;
    this.sealed = n;
    return n;
  }

  /** True when nothing was written since `mark`. */
  isEmptySince(mark: number): boolean {
    return this.entries.length === mark;
  }

  /** Undoes every entry after `mark`, newest first. */
  rollbackTo(mark: number): void {
    const touched = new Set<Partition>();
    const e = this.entries;
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
    e.length = mark;
    if (this.sealed > mark) this.sealed = mark;
    for (const p of touched) p.rebuildIndexes();
  }

  /** Forgets everything (after COMMIT). */
  clear(): void {
    this.entries.length = 0;
    this.sealed = 0;
  }
}
