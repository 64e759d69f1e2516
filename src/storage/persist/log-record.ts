/**
 * Commit-log records: a partition's net changes of one commit (`storage/change-set.ts`) as
 * stored data, and their replay into a partition being loaded.
 *
 * Encoding runs when the transaction commits, while nothing else can touch the partition: the
 * inserted rows' values, the deleted rows' `_seq` and the updated rows' new values are copied
 * out (a later commit of the same group may change those rows in place before the write).
 * Rows are named by their `_seq` (unique per table, increasing in a partition), never by
 * position, since positions change on compaction and on reload.
 */
import type { PartitionChange } from '../change-set.ts';
import type { Partition } from '../partition.ts';
import type { JsValue, Vector } from '../../types/vector.ts';
import { numericTextAt, type NumericData } from '../../types/numeric-data.ts';
import { copyRanges, copyRows, sliceVector } from './codec.ts';
import type { ColumnSlice, LogRecord } from './records.ts';

/**
 * Encodes one partition change of a commit as the log record `[owner, table, lsn]`. When the
 * commit also altered the table (`altered`), updated rows are logged with every column: the
 * column positions an update recorded may predate the ALTER, the values in the partition do not.
 */
export function encodeChange(c: PartitionChange, table: number, lsn: number, altered = false): LogRecord {
  const p = c.partition;
  const cols = p.columns;
  let insert: ColumnSlice[] | null = null;
  if (c.insertedCount > 0) {
    insert = new Array<ColumnSlice>(cols.length);
    for (let i = 0; i < cols.length; i++) insert[i] = copyRanges(cols[i]!, c.inserted, c.insertedCount);
  }
  let del: BigInt64Array | null = null;
  if (c.deleted.length > 0) del = copyRows(cols[p.seqIndex]!, c.deleted).data as BigInt64Array;
  let update: LogRecord['update'] = null;
  if (c.updated.length > 0) {
    const rows = new Int32Array(c.updated.length);
    const changed = new Set<number>();
    for (let i = 0; i < c.updated.length; i++) {
      const u = c.updated[i]!;
      rows[i] = u.row;
      if (!altered) for (const col of u.columns) changed.add(col);
    }
    if (altered) for (let col = 0; col < cols.length; col++) if (col !== p.seqIndex && col !== p.deletedIndex) changed.add(col);
    const columns = [...changed].sort((a, b) => a - b);
    update = {
      seqs: copyRows(cols[p.seqIndex]!, rows).data as BigInt64Array,
      columns,
      values: columns.map((col) => copyRows(cols[col]!, rows)),
    };
  }
  return { owner: c.key, table, lsn, version: c.def.schemaVersion, insert, insertCount: c.insertedCount, delete: del, update };
}

/** The largest `_seq` a record inserts, or -1n. */
export function maxInsertedSeq(rec: LogRecord, seqIndex: number): bigint {
  if (rec.insert === null || rec.insertCount === 0) return -1n;
  const seqs = rec.insert[seqIndex]!.data as BigInt64Array;
  let m = -1n;
  for (let i = 0; i < rec.insertCount; i++) if (seqs[i]! > m) m = seqs[i]!;
  return m;
}

/**
 * Finds rows of a partition by `_seq`: binary search while the column is ascending (it is, in
 * every partition InkDB writes), a map otherwise.
 */
export class SeqFinder {
  private checked = 0;
  private sorted = true;
  private map: Map<bigint, number> | null = null;

  constructor(private readonly p: Partition) {}

  /** The row holding `seq`, or -1. */
  find(seq: bigint): number {
    const p = this.p;
    const data = p.columns[p.seqIndex]!.data as BigInt64Array;
    if (this.sorted) {
      for (let i = Math.max(1, this.checked); i < p.length; i++) {
        if (data[i - 1]! >= data[i]!) { this.sorted = false; break; }
      }
      if (this.sorted) this.checked = p.length;
    }
    if (this.sorted) {
      let lo = 0;
      let hi = p.length - 1;
      while (lo <= hi) {
        const mid = (lo + hi) >>> 1;
        const v = data[mid]!;
        if (v === seq) return mid;
        if (v < seq) lo = mid + 1; else hi = mid - 1;
      }
      return -1;
    }
    let m = this.map;
    if (m === null || m.size < p.length) {
      m = new Map();
      for (let i = 0; i < p.length; i++) m.set(data[i]!, i);
      this.map = m;
    }
    return m.get(seq) ?? -1;
  }
}

function sliceValue(s: Vector, i: number): JsValue {
  if (s.nulls !== null && s.nulls[i] === 1) return null;
  if (s.type === 'boolean') return (s.data as Uint8Array)[i] === 1;
  if (s.type === 'numeric') return numericTextAt(s.data as NumericData, i);   // exact text, display scale kept
  return (s.data as unknown as ArrayLike<JsValue>)[i] as JsValue;
}

/**
 * Replays a log record into a partition whose columns follow the record's schema version:
 * appends inserted rows, soft-deletes deleted ones, writes updated cells. Indexes are not
 * maintained (the loader builds them at the end).
 */
export function applyRecord(p: Partition, rec: LogRecord, finder: SeqFinder): void {
  const n = rec.insertCount;
  if (rec.insert !== null && n > 0) {
    const at = p.length;
    for (let c = 0; c < p.columns.length; c++) {
      const col = p.columns[c]!;
      col.appendVector(sliceVector(rec.insert[c]!, col.type, n), at, null, n);
    }
    p.length = at + n;
  }
  if (rec.delete !== null) {
    const del = p.deleted;
    for (let i = 0; i < rec.delete.length; i++) {
      const r = finder.find(rec.delete[i]!);
      if (r >= 0 && del[r] === 0) { del[r] = 1; p.deletedCount++; }
    }
  }
  const u = rec.update;
  if (u !== null) {
    const values = u.columns.map((c, k) => sliceVector(u.values[k]!, p.columns[c]!.type, u.seqs.length));
    for (let i = 0; i < u.seqs.length; i++) {
      const r = finder.find(u.seqs[i]!);
      if (r < 0) continue;
      for (let k = 0; k < u.columns.length; k++) p.columns[u.columns[k]!]!.set(r, sliceValue(values[k]!, i));
    }
  }
  p.version++;
}
