/**
 * What a flush writes, taken synchronously while the database is quiescent: a copy of a
 * partition's live rows (the partition keeps changing afterwards). Encoding it into a segment
 * (`segment.ts`, Arrow IPC) happens later, off the engine's critical path.
 */
import type { Partition } from '../partition.ts';
import type { TableDefinition } from '../../schema/table-def.ts';
import { copyNumeric, type NumericData } from '../../types/numeric-data.ts';
import { gather, type Vector } from '../../types/vector.ts';

/**
 * A partition's live rows, copied: what a flush writes.
 *
 * @example
 * ```ts
 * const snap: PartitionSnapshot = snapshotPartition(partition, table.def);   // snap.rows live rows
 * ```
 */
export interface PartitionSnapshot {
  readonly def: TableDefinition;
  readonly vectors: readonly Vector[];
  readonly rows: number;
}

/**
 * Copies a partition's live rows (all columns, hidden ones included).
 *
 * @example
 * ```ts
 * snapshotPartition(p, def).vectors.length === def.columns.length;   // true
 * ```
 */
export function snapshotPartition(p: Partition, def: TableDefinition): PartitionSnapshot {
  const sel = p.liveSelection();
  const n = sel === null ? p.length : sel.length;
  const vectors = p.columns.map((c) => {
    const v = c.view(p.length);
    if (sel !== null) return gather(v, sel, n);
    const data = v.type === 'numeric' ? copyNumeric(v.data as NumericData, n)
      : Array.isArray(v.data) ? (v.data as unknown[]).slice(0, n) : (v.data as Int32Array).slice(0, n);
    return { type: v.type, length: n, data: data as Vector['data'], nulls: v.nulls === null ? null : v.nulls.slice(0, n) };
  });
  return { def, vectors, rows: n };
}
