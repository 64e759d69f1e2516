/**
 * Segments: a partition's live rows as one Arrow IPC stream, with row count and per-column
 * statistics (`records.ts` SegmentRecord). A flush takes a {@link PartitionSnapshot} while the
 * database is quiescent (a copy: the partition keeps changing afterwards), encodes it, and
 * writes it; loading decodes a segment into a partition of the segment's schema version.
 */
import { tableFromIPC, tableToIPC } from 'apache-arrow';
import { Partition } from '../partition.ts';
import type { TableDefinition } from '../../schema/table-def.ts';
import { arrowColumnToVector, vectorsToArrowTable } from '../../types/arrow.ts';
import { compareValues } from '../../types/compare.ts';
import type { DataType } from '../../types/data-type.ts';
import { gather, type JsValue, type Vector } from '../../types/vector.ts';
import { CODECS } from './codec.ts';
import type { ColumnStats, SegmentRecord } from './records.ts';

/** A partition's live rows, copied: what a flush writes. */
export interface PartitionSnapshot {
  readonly def: TableDefinition;
  readonly vectors: readonly Vector[];
  readonly rows: number;
}

/** Copies a partition's live rows (all columns, hidden ones included). */
export function snapshotPartition(p: Partition, def: TableDefinition): PartitionSnapshot {
  const sel = p.liveSelection();
  const n = sel === null ? p.length : sel.length;
  const vectors = p.columns.map((c) => {
    const v = c.view(p.length);
    if (sel !== null) return gather(v, sel, n);
    const data = Array.isArray(v.data) ? (v.data as unknown[]).slice(0, n) : (v.data as Int32Array).slice(0, n);
    return { type: v.type, length: n, data: data as Vector['data'], nulls: v.nulls === null ? null : v.nulls.slice(0, n) };
  });
  return { def, vectors, rows: n };
}

function columnStats(name: string, type: DataType, v: Vector, n: number): ColumnStats {
  let nulls = 0;
  let min: JsValue = null;
  let max: JsValue = null;
  const ordered = CODECS[type].ordered;
  const d = v.data as unknown as ArrayLike<unknown>;
  for (let i = 0; i < n; i++) {
    if (v.nulls !== null && v.nulls[i] === 1) { nulls++; continue; }
    if (!ordered) continue;
    let x = d[i] as JsValue;
    if (type === 'boolean') x = x === 1;
    if (typeof x === 'number' && x !== x) continue; // NaN: no bound
    if (min === null || compareValues(x, min, type) < 0) min = x;
    if (max === null || compareValues(x, max, type) > 0) max = x;
  }
  return { name, type, nulls, min, max };
}

/** Encodes a snapshot as the segment record of partition `[table, owner]`, folding the log up to `lsn`. */
export function encodeSegment(s: PartitionSnapshot, table: number, owner: string, lsn: number): SegmentRecord {
  const cols = s.def.columns;
  const specs = cols.map((c) => ({ name: c.name, type: CODECS[c.type].physical }));
  const phys = s.vectors.map((v, i) => (v.type === specs[i]!.type ? v : { ...v, type: specs[i]!.type }));
  let ipc = tableToIPC(vectorsToArrowTable(specs, phys, s.rows), 'stream');
  if (ipc.byteOffset !== 0 || ipc.byteLength !== ipc.buffer.byteLength) ipc = ipc.slice();
  const columns = cols.map((c, i) => columnStats(c.name, c.type, s.vectors[i]!, s.rows));
  return {
    table, owner, version: s.def.schemaVersion, lsn, rows: s.rows, bytes: ipc.byteLength, ipc, columns, createdAt: Date.now(),
  };
}

/**
 * Decodes a segment into a new partition following `def` (the segment's schema version),
 * without indexes (the loader builds them once the partition is complete).
 */
export function decodeSegment(rec: SegmentRecord, def: TableDefinition, key: string): Partition {
  const p = new Partition(key, def, []);
  const n = rec.rows;
  if (n === 0) return p;
  const table = tableFromIPC(rec.ipc);
  for (let i = 0; i < def.columns.length; i++) {
    const c = def.columns[i]!;
    const child = table.getChildAt(i);
    const col = p.columns[i]!;
    if (child === null) {
      col.reserve(n);
      for (let r = 0; r < n; r++) col.setNull(r, true);
      continue;
    }
    const v = arrowColumnToVector(child, CODECS[c.type].physical);
    col.appendVector({ type: c.type, length: n, data: v.data, nulls: v.nulls }, 0, null, n, true);
  }
  p.length = n;
  return p;
}
