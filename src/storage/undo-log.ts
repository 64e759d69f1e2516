/**
 * The undo log of a transaction: before-images of every in-place write and inverse actions of
 * catalog changes. Rolling back to a mark (statement start, or BEGIN) replays entries in
 * reverse; touched partitions rebuild their indexes once at the end.
 */
import type { JsValue } from '../types/vector.ts';
import type { Partition } from './partition.ts';
import type { TableStorage } from './table-storage.ts';

/** One undoable action. */
export type UndoEntry =
  | { readonly kind: 'insert'; readonly storage: TableStorage; readonly part: Partition; readonly from: number; readonly to: number }
  | { readonly kind: 'delete'; readonly storage: TableStorage; readonly part: Partition; readonly rows: Int32Array }
  | { readonly kind: 'update'; readonly storage: TableStorage; readonly part: Partition; readonly row: number; readonly col: number; readonly old: JsValue }
  | { readonly kind: 'catalog'; readonly undo: () => void };

/** An append-only list of undo entries with marks. */
export class UndoLog {
  readonly entries: UndoEntry[] = [];

  /** Records an entry. */
  push(e: UndoEntry): void {
    this.entries.push(e);
  }

  /** The current position, to roll back to later. */
  mark(): number {
    return this.entries.length;
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
        case 'insert': {
          const p = u.part;
          for (const c of p.columns) c.truncate(u.from, u.to);
          if (p.length > u.from) p.length = u.from;
          // rows beyond `from` that were deleted in this transaction were counted in deletedCount
          // by a later 'delete' entry which has already been undone (newest first).
          p.version++;
          u.storage.version++;
          touched.add(p);
          break;
        }
        case 'delete': {
          const p = u.part;
          const del = p.deleted;
          for (let k = 0; k < u.rows.length; k++) del[u.rows[k]!] = 0;
          p.deletedCount -= u.rows.length;
          p.version++;
          u.storage.version++;
          touched.add(p);
          break;
        }
        case 'update': {
          u.part.columns[u.col]!.set(u.row, u.old);
          u.part.version++;
          u.storage.version++;
          touched.add(u.part);
          break;
        }
        case 'catalog':
          u.undo();
          break;
      }
    }
    e.length = mark;
    for (const p of touched) p.rebuildIndexes();
  }

  /** Forgets everything (after COMMIT). */
  clear(): void {
    this.entries.length = 0;
  }
}
