/**
 * Change sets: what one committed transaction changed, as data. The commit pipeline builds a
 * change set from the transaction's undo log (before the log is cleared and before any
 * partition is compacted, so row positions and before-images are still valid), hands it to the
 * persistence step, which stores it as a commit-log record, and then to live queries, which
 * match it against their subscriptions.
 *
 * Row changes are the transaction's *net* effect per table partition: a row inserted and
 * deleted by the same transaction appears nowhere; a row inserted and then updated appears
 * as inserted (with its final values); a row updated and then deleted appears as deleted with
 * its values from before the transaction.
 *
 * @example
 * ```ts
 * const cs = collectChangeSet(undo.entries);
 * for (const t of cs.tables) {
 *   t.inserted;               // [from, to) row ranges in t.partition, flattened
 *   t.deleted;                // rows deleted (values readable through oldValue)
 *   t.oldValue(row, column);  // the value before the transaction
 * }
 * cs.catalog;                 // [{ kind: 'create_table', def }, …] in statement order
 * ```
 */
import type { TableDefinition } from '../schema/table-def.ts';
import type { CatalogChange } from './catalog-change.ts';
import type { JsValue } from '../types/vector.ts';
import type { Partition } from './partition.ts';
import type { TableStorage } from './table-storage.ts';
import type { UndoEntry } from './undo-log.ts';

export type { AlterRecord, CatalogChange, CatalogChangeKind } from './catalog-change.ts';

/** Before-images of one updated row: the columns the transaction changed and their old values. */
export interface RowUpdate {
  readonly row: number;
  readonly columns: readonly number[];
  readonly before: readonly JsValue[];
}

/** The net row changes of one transaction in one table partition. */
export interface PartitionChange {
  readonly storage: TableStorage;
  readonly partition: Partition;
  /** The partition key: the owning user for user and stream tables, `''` for shared tables. */
  readonly key: string;
  /** The table's definition at commit time (the one the partition's columns follow). */
  readonly def: TableDefinition;
  /** Inserted rows as `[from, to)` ranges, flattened: `[from0, to0, from1, to1, …]`, ascending. */
  readonly inserted: Int32Array;
  /** Rows that existed before the transaction and are deleted now, ascending. */
  readonly deleted: Int32Array;
  /** Rows that existed before the transaction, are still live, and had cells changed, ascending by row. */
  readonly updated: readonly RowUpdate[];
  /** Number of inserted rows (the sum of the ranges). */
  readonly insertedCount: number;
  /** The value of a cell before the transaction (deleted and updated rows). */
  oldValue(row: number, column: number): JsValue;
}

/** Everything one committed transaction changed. */
export interface ChangeSet {
  /** Row changes per table partition, in first-touch order; partitions with no net change are left out. */
  readonly tables: readonly PartitionChange[];
  /** Catalog changes in the order they were made. */
  readonly catalog: readonly CatalogChange[];
}

/** The empty change set (a read-only or rolled-back transaction). */
export const EMPTY_CHANGE_SET: ChangeSet = Object.freeze({ tables: Object.freeze([]), catalog: Object.freeze([]) }) as ChangeSet;

/** Per-partition accumulator while the undo log is read. */
class PartitionAccumulator {
  /** Rows inserted by this transaction: [from, to) ranges as pushed. */
  readonly ranges: number[] = [];
  /** Rows deleted by this transaction, in order. */
  readonly deletes: number[] = [];
  /** First before-image per (row, column): row → column → value. */
  readonly before = new Map<number, Map<number, JsValue>>();

  constructor(readonly storage: TableStorage, readonly partition: Partition) {}

  isInserted(row: number): boolean {
    const r = this.ranges;
    for (let i = 0; i < r.length; i += 2) if (row >= r[i]! && row < r[i + 1]!) return true;
    return false;
  }
}

/**
 * Builds the change set of a transaction from its undo log (oldest entry first). Must run
 * before the log is cleared and before compaction renumbers rows.
 */
export function collectChangeSet(entries: readonly UndoEntry[]): ChangeSet {
  if (entries.length === 0) return EMPTY_CHANGE_SET;
  const parts = new Map<Partition, PartitionAccumulator>();
  const catalog: CatalogChange[] = [];
  // every logged write's table is a TableStorage (the undo log names it structurally)
  const acc = (table: unknown, partition: Partition): PartitionAccumulator => {
    const storage = table as TableStorage;
    let a = parts.get(partition);
    if (a === undefined) {
      a = new PartitionAccumulator(storage, partition);
      parts.set(partition, a);
    }
    return a;
  };
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i]!;
    switch (e.kind) {
      case 'insert': {
        const a = acc(e.storage, e.part);
        const r = a.ranges;
        // adjacent appends (one statement per row) merge into one range
        if (r.length > 0 && r[r.length - 1] === e.from) r[r.length - 1] = e.to;
        else r.push(e.from, e.to);
        break;
      }
      case 'delete': {
        const a = acc(e.storage, e.part);
        for (let k = 0; k < e.rows.length; k++) a.deletes.push(e.rows[k]!);
        break;
      }
      case 'update': {
        const a = acc(e.storage, e.part);
        let m = a.before.get(e.row);
        if (m === undefined) {
          m = new Map();
          a.before.set(e.row, m);
        }
        if (!m.has(e.col)) m.set(e.col, e.old);
        break;
      }
      case 'catalog':
        if (e.change !== undefined) catalog.push(e.change);
        break;
    }
  }
  const tables: PartitionChange[] = [];
  for (const a of parts.values()) {
    const c = finishPartition(a);
    if (c !== null) tables.push(c);
  }
  return { tables, catalog };
}

function finishPartition(a: PartitionAccumulator): PartitionChange | null {
  const p = a.partition;
  // changes to a table dropped later in the transaction, or to a partition dropped with its user, are moot
  if (a.storage.dropped || a.storage.partitions.get(p.key) !== p) return null;
  const deletedNow = new Set<number>(a.deletes);
  // inserted: ranges minus rows deleted again
  const ins: number[] = [];
  let insertedCount = 0;
  const ranges = a.ranges.slice();
  // sort ranges by start so the output is ascending
  const order: number[] = [];
  for (let i = 0; i < ranges.length; i += 2) order.push(i);
  order.sort((x, y) => ranges[x]! - ranges[y]!);
  for (const i of order) {
    const from = ranges[i]!;
    const to = ranges[i + 1]!;
    let start = -1;
    for (let r = from; r < to; r++) {
      if (deletedNow.has(r)) {
        if (start >= 0) { ins.push(start, r); insertedCount += r - start; start = -1; }
      } else if (start < 0) start = r;
    }
    if (start >= 0) { ins.push(start, to); insertedCount += to - start; }
  }
  const deleted: number[] = [];
  for (const r of deletedNow) if (!a.isInserted(r)) deleted.push(r);
  deleted.sort((x, y) => x - y);
  const updated: RowUpdate[] = [];
  const beforeOf = a.before;
  for (const [row, m] of beforeOf) {
    if (deletedNow.has(row) || a.isInserted(row)) continue;
    const columns: number[] = [];
    const before: JsValue[] = [];
    for (const [col, old] of m) { columns.push(col); before.push(old); }
    updated.push({ row, columns, before });
  }
  updated.sort((x, y) => x.row - y.row);
  if (insertedCount === 0 && deleted.length === 0 && updated.length === 0) return null;
  return {
    storage: a.storage, partition: p, key: p.key, def: a.storage.def,
    inserted: Int32Array.from(ins), deleted: Int32Array.from(deleted), updated, insertedCount,
    oldValue(row: number, column: number): JsValue {
      const m = beforeOf.get(row);
      if (m !== undefined && m.has(column)) return m.get(column)!;
      return p.columns[column]!.get(row);
    },
  };
}
