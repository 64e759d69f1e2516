/**
 * The rows of one table: its partitions, its indexes, and the write paths. Every write is
 * recorded in the transaction's {@link UndoLog} so that a failed statement or a ROLLBACK puts
 * memory back exactly as it was (writes happen in place; the log holds the before-images).
 */
import type { IndexDefinition, TableDefinition } from '../schema/table-def.ts';
import { DbError } from '../errors/db-error.ts';
import { SqlState } from '../errors/sqlstate.ts';
import type { JsValue, Vector } from '../types/vector.ts';
import { describeKey, Partition } from './partition.ts';
import type { SnowflakeGenerator } from './snowflake.ts';
import type { UndoLog } from './undo-log.ts';
import type { Adopt, ColumnStore } from './column.ts';

/** Who is reading or writing: every scan and write receives it. */
export interface AccessContext {
  /** The session's user id. */
  readonly user: string;
  /** The session's role. */
  readonly role: string;
}

/** A table's storage. */
export class TableStorage {
  def: TableDefinition;
  indexes: IndexDefinition[] = [];
  readonly partitions = new Map<string, Partition>();
  /** Bumped by every write to any partition (plan caches and live queries compare it). */
  version = 0;
  /** Every schema version of this table, oldest first (`system.schemas`). */
  readonly versions: TableDefinition[];
  /** Set while the table is dropped (a rollback clears it): its changes are no longer reported. */
  dropped = false;

  constructor(def: TableDefinition) {
    this.def = def;
    this.versions = [def];
  }

  /**
   * Lets go of the rows of a table whose DROP has committed: plans cached for statements that
   * named it may still hold this object until their statements leave the caches, and must not
   * keep its columns alive with it.
   */
  release(): void {
    this.partitions.clear();
    this.version++;
  }

  /** The partition key for an access context: the user for user/stream tables, '' for shared. */
  partitionKey(ctx: AccessContext): string {
    const k = this.def.kind;
    return k === 'user' || k === 'stream' ? ctx.user : '';
  }

  /** The partition a context reads, or undefined when it has no rows yet. */
  readPartition(ctx: AccessContext): Partition | undefined {
    return this.partitions.get(this.partitionKey(ctx));
  }

  /** Forgets a partition that holds no rows (made for a write that was refused before it stored any). */
  dropIfEmpty(part: Partition): void {
    if (part.length === 0 && this.partitions.get(part.key) === part) this.partitions.delete(part.key);
  }

  /** The partition a context writes, created on first use. */
  writePartition(ctx: AccessContext): Partition {
    const key = this.partitionKey(ctx);
    let p = this.partitions.get(key);
    if (p === undefined) {
      p = new Partition(key, this.def, this.indexes);
      this.partitions.set(key, p);
    }
    return p;
  }

  /**
   * Appends `count` rows. `vectors` has one entry per definition column (hidden ones are
   * ignored: `_seq` is generated, `_deleted` cleared). Unique indexes are checked row by row.
   * `adopt`: see {@link ColumnStore.appendVector}.
   */
  insert(part: Partition, vectors: readonly Vector[], count: number, sel: Int32Array | null,
    seqGen: SnowflakeGenerator, undo: UndoLog, adopt: Adopt = false): void {
    if (count === 0) return;
    const at = part.length;
    const cols = part.columns;
    undo.pushInsert(this, part, at, at + count);
    for (let c = 0; c < cols.length; c++) {
      const col = cols[c]!;
      if (c === part.seqIndex) {
        col.reserve(at + count);
        seqGen.fill(col.data as BigInt64Array, at, count);
      } else if (c === part.deletedIndex) {
        col.reserve(at + count);
        (col.data as Uint8Array).fill(0, at, at + count);
      } else {
        col.appendVector(vectors[c]!, at, sel, count, adopt);
      }
    }
    if (part.insertedAt !== null) {
      if (part.insertedAt.length < at + count) {
        let cap = part.insertedAt.length * 2;
        while (cap < at + count) cap *= 2;
        const g = new Float64Array(cap);
        g.set(part.insertedAt);
        part.insertedAt = g;
      }
      const now = seqGen.clock();
      if (at > 0 && part.insertedAt[at - 1]! > now) part.insertedSorted = false;
      part.insertedAt.fill(now, at, at + count);
    }
    part.length = at + count;
    part.version++;
    this.version++;
    const ixs = part.indexes;
    for (let x = 0; x < ixs.length; x++) {
      const ix = ixs[x]!;
      if (ix.ints !== null) {
        const col = cols[ix.def.columns[0]!]!;
        let from = at;
        for (;;) {
          const hit = ix.addIntRange(col.data as Int32Array, col.nulls, from, at + count);
          if (hit === null) break;
          if (!this.evictIfExpired(part, hit.row, at, seqGen, undo)) throw this.uniqueViolation(ix.def, hit.key);
          from = hit.at;
        }
        continue;
      }
      for (let r = at; r < at + count; r++) {
        const key = ix.keyOf(cols, r);
        let hit = ix.add(key, r);
        if (hit >= 0 && this.evictIfExpired(part, hit, at, seqGen, undo)) hit = ix.add(key, r);
        if (hit >= 0) throw this.uniqueViolation(ix.def, key, cols, r);
      }
    }
  }

  /** Appends one row of JS values (one per definition column; hidden ones are generated). */
  insertRow(part: Partition, values: readonly JsValue[], seqGen: SnowflakeGenerator, undo: UndoLog): void {
    const at = part.length;
    const cols = part.columns;
    undo.pushInsert(this, part, at, at + 1);
    for (let c = 0; c < cols.length; c++) {
      const col = cols[c]!;
      col.reserve(at + 1);
      if (c === part.seqIndex) seqGen.fill(col.data as BigInt64Array, at, 1);
      else if (c === part.deletedIndex) (col.data as Uint8Array)[at] = 0;
      else col.set(at, values[c] ?? null);
    }
    if (part.insertedAt !== null) {
      if (part.insertedAt.length <= at) {
        const g = new Float64Array(part.insertedAt.length * 2);
        g.set(part.insertedAt);
        part.insertedAt = g;
      }
      const now = seqGen.clock();
      if (at > 0 && part.insertedAt[at - 1]! > now) part.insertedSorted = false;
      part.insertedAt[at] = now;
    }
    part.length = at + 1;
    part.version++;
    this.version++;
    const ixs = part.indexes;
    for (let x = 0; x < ixs.length; x++) {
      const ix = ixs[x]!;
      if (ix.ints !== null) {
        // a unique index on one 32-bit integer column: its key is the stored number
        const col = cols[ix.def.columns[0]!]!;
        if (col.nulls !== null && col.nulls[at] === 1) continue;
        const key = (col.data as Int32Array)[at]!;
        let hit = ix.add(key, at);
        if (hit >= 0 && this.evictIfExpired(part, hit, at, seqGen, undo)) hit = ix.add(key, at);
        if (hit >= 0) throw this.uniqueViolation(ix.def, key, cols, at);
        continue;
      }
      const key = ix.keyOf(cols, at);
      let hit = ix.add(key, at);
      if (hit >= 0 && this.evictIfExpired(part, hit, at, seqGen, undo)) hit = ix.add(key, at);
      if (hit >= 0) throw this.uniqueViolation(ix.def, key, cols, at);
    }
  }

  /**
   * A stream table's row `row` (stored before `firstNew`) that has outlived its TTL, and so holds
   * a key no query sees any more, is evicted now (soft-deleted in the statement, as the eviction
   * job would) so that a new row can take the key. Returns true when it was.
   */
  private evictIfExpired(part: Partition, row: number, firstNew: number, seqGen: SnowflakeGenerator, undo: UndoLog): boolean {
    const ttl = this.def.ttlSeconds;
    if (ttl === null || part.insertedAt === null || row >= firstNew || part.deleted[row] === 1) return false;
    if (!part.isExpired(row, seqGen.clock() - ttl * 1000)) return false;
    this.delete(part, [row], undo);
    return true;
  }

  /** Soft-deletes rows (positions must be live). */
  delete(part: Partition, rows: ArrayLike<number>, undo: UndoLog): void {
    const n = rows.length;
    if (n === 0) return;
    const copy = Int32Array.from(rows as ArrayLike<number>);
    undo.push({ kind: 'delete', storage: this, part, rows: copy });
    const del = part.deleted;
    const ixs = part.indexes;
    for (let i = 0; i < n; i++) {
      const r = copy[i]!;
      del[r] = 1;
      for (let x = 0; x < ixs.length; x++) {
        const ix = ixs[x]!;
        ix.remove(ix.keyOf(part.columns, r), r, true);
      }
    }
    part.deletedCount += n;
    part.version++;
    this.version++;
  }

  /**
   * Writes new values into rows in place. `values[k][i]` is the new value of column
   * `cols[k]` in row `rows[i]`. Unique indexes are checked per row.
   */
  update(part: Partition, rows: ArrayLike<number>, cols: readonly number[], values: readonly (readonly JsValue[])[], undo: UndoLog): void {
    const n = rows.length;
    if (n === 0) return;
    const affected = part.indexes.filter((ix) => ix.def.columns.some((c) => cols.includes(c)));
    const columns = part.columns;
    for (let i = 0; i < n; i++) {
      const r = rows[i]!;
      for (const ix of affected) ix.remove(ix.keyOf(columns, r), r);
      for (let k = 0; k < cols.length; k++) {
        const col = columns[cols[k]!]!;
        undo.push({ kind: 'update', storage: this, part, row: r, col: cols[k]!, old: col.get(r) });
        col.set(r, values[k]![i]!);
      }
      for (const ix of affected) {
        const key = ix.keyOf(columns, r);
        if (ix.add(key, r) >= 0) throw this.uniqueViolation(ix.def, key, columns, r);
      }
    }
    for (const ix of part.indexes) ix.touch();
    part.version++;
    this.version++;
  }

  /** Marks the table changed (plan caches and live queries compare `version`), e.g. after a write was undone. */
  bumpVersion(): void {
    this.version++;
  }

  /**
   * The 23505 error for a key. With the row's columns, numeric key columns show the stored
   * value's text (`(1.0)`; the index key itself is scale-free).
   */
  uniqueViolation(ix: IndexDefinition, key: unknown, cols?: readonly ColumnStore[], row?: number): DbError {
    const names = ix.columns.map((c) => this.def.columns[c]!.name).join(', ');
    const constraint = ix.implicit && ix.name.endsWith('_pkey') ? ix.name : ix.name;
    const numeric = cols !== undefined && row !== undefined && ix.columns.some((c) => this.def.columns[c]!.type === 'numeric');
    const shown = numeric ? `(${ix.columns.map((c) => String(cols[c]!.get(row) ?? 'null')).join(', ')})` : describeKey(key as string);
    return new DbError(SqlState.UNIQUE_VIOLATION, `duplicate key value violates unique constraint "${constraint}"`, {
      detail: `Key (${names})=${shown} already exists.`,
      table: `${this.def.namespace}.${this.def.name}`,
    });
  }

  /** Total live rows over all partitions. */
  liveRows(): number {
    let n = 0;
    for (const p of this.partitions.values()) n += p.liveCount;
    return n;
  }
}
