/**
 * Indexes of a loaded partition, built on first use. Opening a database (or a user's first
 * statement) installs partitions whose indexes would otherwise be filled at once — a hash
 * insert per row, a large share of the load time for big partitions, and wasted when the first
 * queries scan. A {@link DeferredIndex} stands in the partition's `indexes` until any index
 * operation: it then builds the real index from the rows that existed when the partition was
 * installed (rows appended later are added by the write that appended them, after this build),
 * puts it in its own place in `indexes`, and delegates. `clear()` (a rollback or compaction
 * rebuilding every index) swaps in an empty index without building. `touch()` needs nothing.
 */
import { PartitionIndex, type IndexKey } from '../indexes/hash-index.ts';
import type { ColumnStore } from '../column.ts';
import type { Partition } from '../partition.ts';
import type { IndexDefinition } from '../../schema/table-def.ts';
import type { DataType } from '../../types/data-type.ts';

/** Fills an empty index with the live rows [0, length) of a partition: one typed pass for unique int32 keys. */
export function fillIndex(ix: PartitionIndex, p: Partition, length: number): void {
  const del = p.deleted;
  if (ix.ints !== null && p.deletedCount === 0) {
    const col = p.columns[ix.def.columns[0]!]!;
    ix.addIntRange(col.data as Int32Array, col.nulls, 0, length);
    return;
  }
  for (let r = 0; r < length; r++) {
    if (del[r] === 1) continue;
    ix.add(ix.keyOf(p.columns, r), r);
  }
}

/** An index of `p` that builds itself on first use (see the module comment). */
export class DeferredIndex extends PartitionIndex {
  private real: PartitionIndex | null = null;
  private readonly length: number;

  constructor(def: IndexDefinition, private readonly types: readonly DataType[], private readonly p: Partition) {
    super(def, types);
    this.length = p.length;
  }

  private swap(real: PartitionIndex): PartitionIndex {
    this.real = real;
    const i = this.p.indexes.indexOf(this);
    if (i >= 0) this.p.indexes[i] = real;
    return real;
  }

  /** A fresh real index; a unique int key gets its column, so keys loaded in order stay a lazy run. */
  private fresh(): PartitionIndex {
    return new PartitionIndex(this.def, this.types, this.p.columns[this.def.columns[0]!]);
  }

  private built(): PartitionIndex {
    if (this.real !== null) return this.real;
    const real = this.fresh();
    fillIndex(real, this.p, this.length);
    return this.swap(real);
  }

  override addIntRange(data: Int32Array, nulls: Uint8Array | null, from: number, to: number): { row: number; key: number; at: number } | null {
    return this.built().addIntRange(data, nulls, from, to);
  }

  override lookup(key: IndexKey): number | number[] | undefined {
    return this.built().lookup(key);
  }

  override add(key: IndexKey | null, row: number): number {
    return this.built().add(key, row);
  }

  override remove(key: IndexKey | null, row: number, deleting = false): void {
    this.built().remove(key, row, deleting);
  }

  override clear(): void {
    if (this.real !== null) this.real.clear();
    else this.swap(this.fresh());
  }

  override touch(): void {
    this.real?.touch();
  }

  override range(columns: readonly ColumnStore[], length: number, deleted: Uint8Array,
    lo: unknown, loInclusive: boolean, hi: unknown, hiInclusive: boolean): Int32Array {
    return this.built().range(columns, length, deleted, lo, loInclusive, hi, hiInclusive);
  }
}
