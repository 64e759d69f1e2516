/**
 * A partition: the rows of one table for one owner (one per user for user and stream
 * tables, a single one for shared tables). Columns are {@link ColumnStore}s aligned with the
 * table definition (hidden `_seq` and `_deleted` included); `_deleted` doubles as the
 * soft-delete flag array. Writes go through {@link TableStorage} so they are logged for rollback.
 */
import type { TableDefinition, IndexDefinition } from '../schema/table-def.ts';
import { DbError } from '../errors/db-error.ts';
import { SqlState } from '../errors/sqlstate.ts';
import type { JsValue, Vector } from '../types/vector.ts';
import { ColumnStore } from './column.ts';
import { PartitionIndex, type IndexKey } from './indexes/hash-index.ts';

/** One table partition. */
export class Partition {
  /** Owner user id ('' for shared tables). */
  readonly key: string;
  columns: ColumnStore[];
  indexes: PartitionIndex[];
  /** Rows stored (live and deleted). */
  length = 0;
  /** Soft-deleted rows among them. */
  deletedCount = 0;
  /** Position of `_seq` and `_deleted` in `columns`. */
  seqIndex: number;
  deletedIndex: number;
  /** Bumped by every write; scans and caches compare it. */
  version = 0;
  /** Last write time (ms), for stream TTL bookkeeping. */
  lastWrite = 0;
  /** Insert time per row (ms), only for stream tables. */
  insertedAt: Float64Array | null;
  /** True while `insertedAt` never decreases along the rows (the clock did not go back). */
  insertedSorted = true;

  constructor(key: string, def: TableDefinition, indexes: readonly IndexDefinition[]) {
    this.key = key;
    this.columns = def.columns.map((c) => new ColumnStore(c.type, 16, c.numeric ?? null));
    this.indexes = indexes.map((d) => new PartitionIndex(d, d.columns.map((c) => def.columns[c]!.type), this.columns[d.columns[0]!]));
    this.seqIndex = def.columns.findIndex((c) => c.name === '_seq');
    this.deletedIndex = def.columns.findIndex((c) => c.name === '_deleted');
    this.insertedAt = def.kind === 'stream' ? new Float64Array(16) : null;
  }

  /** One partition kept alive so its shape survives full GCs (see `ColumnStore.keepShape`). */
  static readonly keepShape: Partition = new Partition('', {
    columns: [], primaryKey: [], kind: 'shared', namespace: '', name: '',
  } as unknown as TableDefinition, []);

  /** The soft-delete flags (1 = deleted), `length` long at least. */
  get deleted(): Uint8Array {
    return this.columns[this.deletedIndex]!.data as Uint8Array;
  }

  /** Live row count. */
  get liveCount(): number {
    return this.length - this.deletedCount;
  }

  /** Zero-copy views of the given columns over all stored rows (deleted ones included). */
  views(cols: readonly number[]): Vector[] {
    const out: Vector[] = new Array(cols.length);
    for (let i = 0; i < cols.length; i++) out[i] = this.columns[cols[i]!]!.view(this.length);
    return out;
  }

  /**
   * Positions of live rows, or null when every stored row is live. With `expiredBefore` (a
   * stream table's cutoff: now minus its TTL), rows inserted at or before it are left out too.
   */
  liveSelection(expiredBefore = -Infinity): Int32Array | null {
    const at = this.insertedAt;
    if (at !== null && this.length > 0 && this.hasExpired(expiredBefore)) {
      const n = this.length;
      const del = this.deleted;
      const sel = new Int32Array(n);
      let k = 0;
      for (let i = 0; i < n; i++) if (del[i] === 0 && at[i]! > expiredBefore) sel[k++] = i;
      return sel.subarray(0, k);
    }
    if (this.deletedCount === 0) return null;
    const n = this.length;
    const del = this.deleted;
    const sel = new Int32Array(n - this.deletedCount);
    let k = 0;
    for (let i = 0; i < n; i++) if (del[i] === 0) sel[k++] = i;
    return sel;
  }

  /** True when some stored row was inserted at or before `cutoff` (stream tables; deleted rows included). */
  hasExpired(cutoff: number): boolean {
    const at = this.insertedAt;
    if (at === null || this.length === 0 || cutoff === -Infinity) return false;
    if (this.insertedSorted) return at[0]! <= cutoff;
    for (let i = 0; i < this.length; i++) if (at[i]! <= cutoff) return true;
    return false;
  }

  /** True when row `i` is expired at `cutoff` (inserted at or before it). */
  isExpired(i: number, cutoff: number): boolean {
    return this.insertedAt !== null && this.insertedAt[i]! <= cutoff;
  }

  /** Live (not deleted) rows inserted at or before `cutoff`, ascending: what an eviction removes. */
  expiredRows(cutoff: number): Int32Array {
    const at = this.insertedAt;
    if (at === null || !this.hasExpired(cutoff)) return new Int32Array(0);
    const del = this.deleted;
    const out: number[] = [];
    for (let i = 0; i < this.length; i++) {
      if (this.insertedSorted && at[i]! > cutoff) break;
      if (del[i] === 0 && at[i]! <= cutoff) out.push(i);
    }
    return Int32Array.from(out);
  }

  /** The earliest insert time among live rows (stream tables), or null when there is none. */
  earliestLiveInsert(): number | null {
    const at = this.insertedAt;
    if (at === null) return null;
    const del = this.deleted;
    let min: number | null = null;
    for (let i = 0; i < this.length; i++) {
      if (del[i] !== 0) continue;
      if (this.insertedSorted) return at[i]!;
      if (min === null || at[i]! < min) min = at[i]!;
    }
    return min;
  }

  /** Reads one row's values (all columns). */
  row(i: number): JsValue[] {
    const out: JsValue[] = new Array(this.columns.length);
    for (let c = 0; c < this.columns.length; c++) out[c] = this.columns[c]!.get(i);
    return out;
  }

  /**
   * Undoes an append of rows `from`..`to` (rollback): truncates the columns back to `from`.
   * Rows beyond `from` deleted in the same transaction were undone first (newest first), so
   * `deletedCount` is already right. Indexes are rebuilt by the caller once per rollback.
   */
  undoInsert(from: number, to: number): void {
    for (const c of this.columns) c.truncate(from, to);
    if (this.length > from) this.length = from;
    this.version++;
  }

  /** Undoes a soft delete of `rows` (rollback). Indexes are rebuilt by the caller. */
  undoDelete(rows: Int32Array): void {
    const del = this.deleted;
    for (let k = 0; k < rows.length; k++) del[rows[k]!] = 0;
    this.deletedCount -= rows.length;
    this.version++;
  }

  /** Undoes an in-place update: puts back the before-image `old` of one cell (rollback). */
  undoUpdate(row: number, col: number, old: JsValue): void {
    this.columns[col]!.set(row, old);
    this.version++;
  }

  /** Rebuilds every index from the live rows (after rollback or compaction). */
  rebuildIndexes(): void {
    const del = this.deleted;
    for (const ix of this.indexes) {
      ix.clear();
      for (let r = 0; r < this.length; r++) {
        if (del[r] === 1) continue;
        ix.add(ix.keyOf(this.columns, r), r);
      }
    }
  }

  /**
   * Adds an index and fills it; fails with 23505 when a unique index finds duplicates. The
   * duplicated key is shown only when `showValues` (not for per-user tables, whose rows may be
   * another user's).
   */
  addIndex(def: IndexDefinition, tableName: string, showValues = true): void {
    const ix = new PartitionIndex(def, def.columns.map((c) => this.columns[c]!.type), this.columns[def.columns[0]!]);
    const del = this.deleted;
    for (let r = 0; r < this.length; r++) {
      if (del[r] === 1) continue;
      const key = ix.keyOf(this.columns, r);
      if (ix.add(key, r) >= 0) {
        throw new DbError(SqlState.UNIQUE_VIOLATION, `could not create unique index "${def.name}"`, {
          detail: showValues ? `Key ${describeKey(key)} is duplicated.` : 'A key is duplicated within one user\'s rows; the values are not shown.',
          table: tableName,
        });
      }
    }
    this.indexes.push(ix);
  }

  /** Removes deleted rows physically (only outside transactions) and rebuilds indexes. */
  compact(): void {
    if (this.deletedCount === 0) return;
    const keep = this.liveSelection()!;
    const old = this.length;
    for (const c of this.columns) c.compact(keep, old);
    if (this.insertedAt !== null) {
      const t = this.insertedAt;
      for (let i = 0; i < keep.length; i++) t[i] = t[keep[i]!]!;
    }
    this.length = keep.length;
    this.deletedCount = 0;
    this.version++;
    this.rebuildIndexes();
  }
}

/** Formats an index key for a 23505 detail message. */
export function describeKey(key: IndexKey | null): string {
  if (typeof key === 'string' && key.includes('\u0000')) {
    const parts = key.split('\u0000').filter((p) => p.length > 0).map((p) => p.slice(1));
    return `(${parts.join(', ')})`;
  }
  return `(${String(key)})`;
}
