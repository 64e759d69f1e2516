/**
 * Partition-level indexes. Every index keeps a hash map from key to row ids (equality and IN
 * lookups, uniqueness); a sorted permutation for range scans is built lazily on first use
 * and dropped by any write to the partition.
 */
import type { DataType } from '../../types/data-type.ts';
import type { IndexDefinition } from '../../schema/table-def.ts';
import type { ColumnStore } from '../column.ts';
import { compareValues } from '../../types/compare.ts';
import { type NumericData } from '../../types/numeric-data.ts';
import { compareNumericAt, numericNormalKey } from '../../types/numeric-data-ops.ts';
import { parseNumeric } from '../../types/numeric-value.ts';

/** A normalized index key: number, bigint, string, or a composite string. */
export type IndexKey = number | bigint | string | boolean;

/** Normalizes a JS value of a column type into a key (numbers of every width compare equal; numerics by value, 1.5 = 1.50). */
export function normalizeKey(v: unknown, type: DataType): IndexKey | null {
  if (v === null || v === undefined) return null;
  if (type === 'numeric') return numericNormalKey(parseNumeric(String(v)));
  if (type === 'bigint') {
    if (typeof v === 'bigint') return v;
    if (typeof v === 'number') return Number.isInteger(v) ? BigInt(v) : null;
    return null;
  }
  if (typeof v === 'boolean') return v;
  if (typeof v === 'bigint') {
    const n = Number(v);
    return BigInt(n) === v ? n : String(v);
  }
  if (v instanceof Uint8Array) {
    let s = 'x';
    for (let i = 0; i < v.length; i++) s += String.fromCharCode(v[i]!);
    return s;
  }
  return v as IndexKey;
}

/** Builds a composite key for multi-column indexes; null if any part is NULL. */
export function compositeKey(parts: readonly (IndexKey | null)[]): string | null {
  let s = '';
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i];
    if (p === null || p === undefined) return null;
    const t = typeof p;
    s += (t === 'number' ? 'n' : t === 'bigint' ? 'b' : t === 'boolean' ? 'o' : 's') + String(p) + '\u0000';
  }
  return s;
}

const EMPTY = -1, TOMBSTONE = -2;

/**
 * A unique index on one 32-bit integer column: open addressing over typed arrays (key → row),
 * with tombstones for deletes. Avoids a JS Map entry per row (the largest cost of bulk loads).
 */
export class IntRowMap {
  private keys = new Int32Array(16);
  private rows = new Int32Array(16).fill(EMPTY);
  private mask = 15;
  private used = 0; // live + tombstones
  size = 0;

  private slot(key: number): number {
    return Math.imul(key, 0x9e3779b1) >>> 0 & this.mask;
  }

  /** Row of `key`, or -1. */
  get(key: number): number {
    const keys = this.keys, rows = this.rows, mask = this.mask;
    let h = this.slot(key);
    for (;;) {
      const r = rows[h]!;
      if (r === EMPTY) return -1;
      if (r !== TOMBSTONE && keys[h] === key) return r;
      h = (h + 1) & mask;
    }
  }

  /** Inserts key → row; returns the existing row when the key is present (nothing changes), else -1. */
  set(key: number, row: number): number {
    if ((this.used + 1) * 2 > this.mask) this.rehash(this.size * 2 + 2 > this.mask ? (this.mask + 1) * 2 : this.mask + 1);
    const keys = this.keys, rows = this.rows, mask = this.mask;
    let h = this.slot(key);
    let tomb = -1;
    for (;;) {
      const r = rows[h]!;
      if (r === EMPTY) break;
      if (r === TOMBSTONE) { if (tomb < 0) tomb = h; }
      else if (keys[h] === key) return r;
      h = (h + 1) & mask;
    }
    if (tomb >= 0) h = tomb; else this.used++;
    keys[h] = key;
    rows[h] = row;
    this.size++;
    return -1;
  }

  /** Removes key if it maps to `row`. */
  delete(key: number, row: number): void {
    const keys = this.keys, rows = this.rows, mask = this.mask;
    let h = this.slot(key);
    for (;;) {
      const r = rows[h]!;
      if (r === EMPTY) return;
      if (r !== TOMBSTONE && keys[h] === key) {
        if (r === row) { rows[h] = TOMBSTONE; this.size--; }
        return;
      }
      h = (h + 1) & mask;
    }
  }

  /** Drops everything. */
  clear(): void {
    this.keys = new Int32Array(16);
    this.rows = new Int32Array(16).fill(EMPTY);
    this.mask = 15;
    this.used = 0;
    this.size = 0;
  }

  /** Makes room for `n` more keys at once (bulk loads). */
  reserve(n: number): void {
    const need = (this.used + n) * 2;
    if (need <= this.mask) return;
    let cap = this.mask + 1;
    while (cap <= need) cap *= 2;
    this.rehash(cap);
  }

  private rehash(cap: number): void {
    const ok = this.keys, or = this.rows;
    this.keys = new Int32Array(cap);
    this.rows = new Int32Array(cap).fill(EMPTY);
    this.mask = cap - 1;
    this.used = 0;
    this.size = 0;
    for (let i = 0; i < or.length; i++) {
      const r = or[i]!;
      if (r < 0) continue;
      let h = this.slot(ok[i]!);
      while (this.rows[h] !== EMPTY) h = (h + 1) & this.mask;
      this.keys[h] = ok[i]!;
      this.rows[h] = r;
      this.used++;
      this.size++;
    }
  }
}

/** One index over one partition. */
/** Removals kept beside an ordered run before it is moved into the hash map. */
const LAZY_GONE_MAX = 4096;

export class PartitionIndex {
  readonly def: IndexDefinition;
  /** key → row id (unique) or row ids (non-unique; a number when single). */
  readonly map = new Map<IndexKey, number | number[]>();
  /** Typed-array map used instead of `map` for unique indexes on one 32-bit integer column. */
  readonly ints: IntRowMap | null;
  /** Row ids sorted by key (NULL keys excluded), built lazily. */
  private sorted: Int32Array | null = null;
  /**
   * Unique int indexes built lazily while keys arrive in order: rows [lazyFrom, lazyTo) are not
   * in `ints` — their keys rose strictly from row to row, each above every key before it, so
   * none can clash — and lookups binary-search them in the key column. The first write that
   * breaks the order (or a delete) moves them into `ints`.
   */
  private readonly keyColumn: ColumnStore | null;
  private lazyFrom = 0;
  private lazyTo = 0;
  /**
   * Rows of the ordered run whose entries were removed (deletes, key updates): a delete does not
   * move the whole run into `ints` (at a million rows that cost each first delete ~25 ms). Past
   * {@link LAZY_GONE_MAX} removals the run is settled after all.
   */
  private lazyGone: Set<number> | null = null;
  /** Above or equal to every key ever added (an upper bound after deletes). */
  private maxKey = -Infinity;

  constructor(def: IndexDefinition, keyTypes?: readonly DataType[], keyColumn?: ColumnStore) {
    this.def = def;
    const t = keyTypes?.[0];
    this.ints = def.unique && keyTypes !== undefined && keyTypes.length === 1 && (t === 'integer' || t === 'smallint' || t === 'date') ? new IntRowMap() : null;
    this.keyColumn = this.ints !== null && keyColumn !== undefined ? keyColumn : null;
  }

  /** One index (with its integer map) kept alive so its shape survives full GCs (see `ColumnStore.keepShape`). */
  static readonly keepShape: PartitionIndex = new PartitionIndex(
    { name: '', columns: [0], unique: true, implicit: true } as unknown as IndexDefinition, ['integer']);

  /** Takes row `row` with key `key` into the ordered run when it continues it; false when it must go to the map. */
  private takeInOrder(key: number, row: number): boolean {
    if (this.keyColumn === null || !(key > this.maxKey)) return false;
    if (this.lazyTo === this.lazyFrom) { this.lazyFrom = row; this.lazyTo = row + 1; }
    else if (row === this.lazyTo) this.lazyTo++;
    else return false;
    this.maxKey = key;
    return true;
  }

  /** Moves the ordered run into the hash map (before a delete, or a key out of order). */
  private settle(): void {
    const from = this.lazyFrom, to = this.lazyTo;
    if (from === to) return;
    this.lazyFrom = this.lazyTo = 0;
    const gone = this.lazyGone;
    this.lazyGone = null;
    const m = this.ints!;
    const data = this.keyColumn!.data as Int32Array;
    m.reserve(to - from);
    if (gone === null) for (let r = from; r < to; r++) m.set(data[r]!, r);
    else for (let r = from; r < to; r++) if (!gone.has(r)) m.set(data[r]!, r);
  }

  /** The row of `key` within the ordered run, or -1 (binary search over the key column). */
  private findInOrder(key: number): number {
    let a = this.lazyFrom, b = this.lazyTo;
    if (a === b) return -1;
    const data = this.keyColumn!.data as Int32Array;
    if (key < data[a]! || key > data[b - 1]!) return -1;
    while (a < b) {
      const mid = (a + b) >>> 1;
      if (data[mid]! < key) a = mid + 1; else b = mid;
    }
    return a < this.lazyTo && data[a] === key && (this.lazyGone === null || !this.lazyGone.has(a)) ? a : -1;
  }

  /** Bulk insert of rows [from, to) of an int32 column (unique int indexes only); returns a conflicting row or -1. */
  addIntRange(data: Int32Array, nulls: Uint8Array | null, from: number, to: number): { row: number; key: number; at: number } | null {
    const m = this.ints!;
    this.sorted = null;
    if (this.keyColumn !== null && nulls === null && from < to && (this.lazyTo === this.lazyFrom || this.lazyTo === from)) {
      let ordered = data[from]! > this.maxKey;
      for (let r = from + 1; ordered && r < to; r++) ordered = data[r]! > data[r - 1]!;
      if (ordered) {
        if (this.lazyTo === this.lazyFrom) this.lazyFrom = from;
        this.lazyTo = to;
        this.maxKey = data[to - 1]!;
        return null;
      }
    }
    this.settle();
    m.reserve(to - from);
    for (let r = from; r < to; r++) {
      if (nulls !== null && nulls[r] === 1) continue;
      const k = data[r]!;
      const hit = m.set(k, r);
      if (hit >= 0) return { row: hit, key: k, at: r };
      if (k > this.maxKey) this.maxKey = k;
    }
    return null;
  }

  /** The key of row `row`, or null when a key column is NULL. */
  keyOf(columns: readonly ColumnStore[], row: number): IndexKey | null {
    const cols = this.def.columns;
    if (cols.length === 1) {
      const c = columns[cols[0]!]!;
      return normalizeKey(c.get(row), c.type);
    }
    const parts: (IndexKey | null)[] = [];
    for (const ci of cols) {
      const c = columns[ci]!;
      parts.push(normalizeKey(c.get(row), c.type));
    }
    return compositeKey(parts);
  }

  /** The row ids with exactly this key. */
  lookup(key: IndexKey): number | number[] | undefined {
    if (this.ints !== null) {
      if (typeof key !== 'number' || (key | 0) !== key) return undefined;
      const r = this.ints.get(key);
      if (r >= 0) return r;
      const o = this.findInOrder(key);
      return o < 0 ? undefined : o;
    }
    return this.map.get(key);
  }

  /** Adds a row; returns the conflicting row id for a unique index, or -1. */
  add(key: IndexKey | null, row: number): number {
    this.sorted = null;
    if (key === null) return -1;
    if (this.ints !== null) {
      const k = key as number;
      if (this.takeInOrder(k, row)) return -1;
      const inOrder = this.findInOrder(k);
      if (inOrder >= 0) return inOrder;
      const hit = this.ints.set(k, row);
      if (hit < 0 && k > this.maxKey) this.maxKey = k;
      return hit;
    }
    const m = this.map;
    const cur = m.get(key);
    if (cur === undefined) {
      m.set(key, row);
      return -1;
    }
    if (this.def.unique) return typeof cur === 'number' ? cur : cur[0]!;
    if (typeof cur === 'number') m.set(key, [cur, row]);
    else cur.push(row);
    return -1;
  }

  /**
   * Removes a row under a key. `deleting`: the row is being deleted, so its key stays as it is in
   * the key column (an in-place key update must not leave its row in the ordered run).
   */
  remove(key: IndexKey | null, row: number, deleting = false): void {
    this.sorted = null;
    if (key === null) return;
    if (this.ints !== null) {
      if (deleting && row >= this.lazyFrom && row < this.lazyTo && typeof key === 'number' && this.findInOrder(key) === row) {
        const gone = (this.lazyGone ??= new Set());
        gone.add(row);
        if (gone.size > LAZY_GONE_MAX) this.settle();
        return;
      }
      this.settle();
      this.ints.delete(key as number, row);
      return;
    }
    const m = this.map;
    const cur = m.get(key);
    if (cur === undefined) return;
    if (typeof cur === 'number') {
      if (cur === row) m.delete(key);
      return;
    }
    const i = cur.indexOf(row);
    if (i >= 0) cur.splice(i, 1);
    if (cur.length === 1) m.set(key, cur[0]!);
    else if (cur.length === 0) m.delete(key);
  }

  /** Drops everything (before a rebuild). */
  clear(): void {
    this.map.clear();
    this.ints?.clear();
    this.sorted = null;
    this.lazyFrom = this.lazyTo = 0;
    this.lazyGone = null;
    this.maxKey = -Infinity;
  }

  /** Invalidates the sorted permutation (after in-place updates). */
  touch(): void {
    this.sorted = null;
  }

  /**
   * Row ids whose first key column lies in the range, ascending by key. Bounds are JS values of
   * the column's type (or null for open); `live` filters deleted rows.
   */
  range(
    columns: readonly ColumnStore[], length: number, deleted: Uint8Array,
    lo: unknown, loInclusive: boolean, hi: unknown, hiInclusive: boolean,
  ): Int32Array {
    const col = columns[this.def.columns[0]!]!;
    const sorted = this.loadSorted(col, length, deleted);
    const type = col.type;
    const n = sorted.length;
    // binary search the first position >= lo (or > lo)
    let start = 0;
    if (lo !== null && lo !== undefined) {
      let a = 0, b = n;
      while (a < b) {
        const mid = (a + b) >>> 1;
        const c = compareValues(col.get(sorted[mid]!), lo, type);
        if (c < 0 || (c === 0 && !loInclusive)) a = mid + 1; else b = mid;
      }
      start = a;
    }
    let end = n;
    if (hi !== null && hi !== undefined) {
      let a = start, b = n;
      while (a < b) {
        const mid = (a + b) >>> 1;
        const c = compareValues(col.get(sorted[mid]!), hi, type);
        if (c < 0 || (c === 0 && hiInclusive)) a = mid + 1; else b = mid;
      }
      end = a;
    }
    return sorted.subarray(start, end);
  }

  private loadSorted(col: ColumnStore, length: number, deleted: Uint8Array): Int32Array {
    if (this.sorted !== null) return this.sorted;
    const ids: number[] = [];
    const nulls = col.nulls;
    for (let i = 0; i < length; i++) {
      if (deleted[i] === 1) continue;
      if (nulls !== null && nulls[i] === 1) continue;
      ids.push(i);
    }
    const type = col.type;
    const data = col.data as unknown as ArrayLike<unknown>;
    if (type === 'integer' || type === 'smallint' || type === 'date' || type === 'timestamp') {
      const d = data as ArrayLike<number>;
      ids.sort((a, b) => d[a]! - d[b]! || a - b);
    } else if (type === 'double' || type === 'real') {
      // NaN sorts above every other value (PostgreSQL's order; `x - NaN` would scatter it)
      const d = data as ArrayLike<number>;
      ids.sort((a, b) => compareValues(d[a], d[b], type) || a - b);
    } else if (type === 'numeric') {
      const d = col.data as NumericData;
      ids.sort((a, b) => compareNumericAt(d, a, d, b) || a - b);
    } else {
      ids.sort((a, b) => compareValues(col.get(a), col.get(b), type) || a - b);
    }
    this.sorted = Int32Array.from(ids);
    return this.sorted;
  }
}
