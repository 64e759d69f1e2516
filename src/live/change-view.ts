/**
 * One partition's change set seen as two batches that every incremental subscription of the
 * partition shares: the **new images** (inserted rows, then updated rows, read from the
 * partition) and the **old images** (deleted rows, then the same updated rows before the
 * transaction, read through `oldValue`). Row k of the updated rows sits at `nIns + k` in the new
 * batch and at `nDel + k` in the old one. Columns are built on demand, once per commit, and are
 * copies: nothing aliases storage that compaction may renumber after the commit.
 *
 * @example
 * ```ts
 * const view = new ChangeView(partitionChange);
 * view.need([0, 2]);            // column positions the subscription reads
 * filter(view.newBatch, null, ctx);   // positions of new images that match
 * ```
 */
import type { PartitionChange } from '../storage/change-set.ts';
import { gather, vectorFromValues, type Batch, type JsValue, type Vector } from '../types/vector.ts';

/** The shared batches of one partition change. */
export class ChangeView {
  readonly nIns: number;
  readonly nDel: number;
  readonly nUpd: number;
  /** Partition rows of the new images: inserted, then updated. */
  readonly newRows: Int32Array;
  /** Partition rows of the old images: deleted, then updated. */
  readonly oldRows: Int32Array;
  /** New images, one column per table column (filled on demand). */
  readonly newBatch: Batch;
  /** Old images, one column per table column (filled on demand). */
  readonly oldBatch: Batch;
  /** Per updated row: a mask of the table columns it changed. */
  readonly changedColumns: readonly Uint8Array[];
  private readonly newCols: Vector[];
  private readonly oldCols: Vector[];

  constructor(readonly change: PartitionChange) {
    const c = change;
    this.nIns = c.insertedCount;
    this.nDel = c.deleted.length;
    this.nUpd = c.updated.length;
    const width = c.partition.columns.length;
    const newRows = new Int32Array(this.nIns + this.nUpd);
    let k = 0;
    for (let i = 0; i < c.inserted.length; i += 2) for (let r = c.inserted[i]!; r < c.inserted[i + 1]!; r++) newRows[k++] = r;
    const oldRows = new Int32Array(this.nDel + this.nUpd);
    oldRows.set(c.deleted, 0);
    const masks: Uint8Array[] = new Array(this.nUpd);
    for (let u = 0; u < this.nUpd; u++) {
      const up = c.updated[u]!;
      newRows[this.nIns + u] = up.row;
      oldRows[this.nDel + u] = up.row;
      const m = new Uint8Array(width);
      for (const col of up.columns) if (col < width) m[col] = 1;
      masks[u] = m;
    }
    this.newRows = newRows;
    this.oldRows = oldRows;
    this.changedColumns = masks;
    this.newCols = new Array<Vector>(width);
    this.oldCols = new Array<Vector>(width);
    this.newBatch = { length: newRows.length, columns: this.newCols };
    this.oldBatch = { length: oldRows.length, columns: this.oldCols };
  }

  /** Makes sure the given table columns exist in both batches. */
  need(cols: readonly number[]): void {
    for (let i = 0; i < cols.length; i++) {
      this.newColumn(cols[i]!);
      this.oldColumn(cols[i]!);
    }
  }

  /** The new images of table column `c`. */
  newColumn(c: number): Vector {
    let v = this.newCols[c];
    if (v === undefined) {
      v = this.buildNew(c);
      this.newCols[c] = v;
    }
    return v;
  }

  /** The old images of table column `c`. */
  oldColumn(c: number): Vector {
    let v = this.oldCols[c];
    if (v === undefined) {
      v = this.buildOld(c);
      this.oldCols[c] = v;
    }
    return v;
  }

  private buildNew(c: number): Vector {
    const p = this.change.partition;
    return gather(p.columns[c]!.view(p.length), this.newRows);
  }

  private buildOld(c: number): Vector {
    const p = this.change.partition;
    const type = p.columns[c]!.type;
    const rows = this.oldRows;
    // an old image was live: its soft-delete flag reads false whatever happened since
    if (c === p.deletedIndex) return vectorFromValues(type, new Array<JsValue>(rows.length).fill(false));
    const values: JsValue[] = new Array(rows.length);
    for (let i = 0; i < rows.length; i++) values[i] = this.change.oldValue(rows[i]!, c);
    return vectorFromValues(type, values);
  }
}
