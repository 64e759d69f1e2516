/**
 * A growable column: the storage form of one table column in one partition. Typed arrays
 * (or JS arrays for strings and bytes) with capacity doubling, plus a lazily allocated null
 * mask. Scans hand out zero-copy views ({@link ColumnStore.view}).
 */
import type { DataType } from '../types/data-type.ts';
import { allocData, type JsValue, type Vector, type VectorData } from '../types/vector.ts';
import { InternTable } from '../types/intern.ts';
import { RecentStrings } from '../types/text-encoding.ts';
import { makeNumericData, sliceNumeric, type NumericData } from '../types/numeric-data.ts';
import type { NumericTypmod } from '../types/numeric-value.ts';
import { compactNumeric, getNumeric, growNumeric, setNumeric, writeNumeric } from './numeric-column.ts';

/** How an append may take a vector's array: `true` when built for this append only, `'interned'` when its text values are also the column's canonical instances. */
export type Adopt = boolean | 'interned';

/** One column's values in one partition. */
export class ColumnStore {
  readonly type: DataType;
  data: VectorData;
  /** 1 = NULL; null while no value has ever been NULL. */
  nulls: Uint8Array | null = null;
  /** Number of NULL values among the first `length` rows (may over-count after updates; only 0 matters). */
  nullCount = 0;
  /** Interning of text values (text columns only) while the column has few distinct values. */
  readonly interned: InternTable | null;
  /** The last {@link ColumnStore.view} and the arrays it was made of. */
  private lastView: Vector | null = null;
  private lastViewOf: unknown = null;
  private lastViewNulls: Uint8Array | null = null;

  /**
   * `data` and its length as last seen: `reserve` compares these (a field and a pointer) instead
   * of reading `data.length`, which is megamorphic across the columns' array types.
   */
  private sized: VectorData;
  private size: number;
  /** How `set` writes a value: 0 Int32Array, 1 booleans, 2 text (interned while few distinct), 3 JS array, 4 Float64Array, 5 BigInt64Array (numeric has its own path). */
  private readonly writeKind: number;
  /** NUMERIC(p, s) of a numeric column: stored values are rounded and checked (null: unconstrained). */
  readonly typmod: NumericTypmod | null;
  /**
   * Canonical strings interned lately, by the last character's code (text columns): a value equal
   * to the one in its slot is the canonical string without a hash lookup (see {@link internOf}).
   */
  private readonly recent: RecentStrings | null;

  constructor(type: DataType, capacity = 16, typmod: NumericTypmod | null = null) {
    this.type = type;
    // NUMERIC(p, s) stores every value at scale s: start there, so no write rescales the column
    // (rescaling empty slots would give every value a display scale of its own, `d`)
    this.data = type === 'numeric' && typmod !== null && typmod.scale >= 0
      ? makeNumericData(typmod.scale, new Float64Array(capacity), null, null)
      : allocData(type, capacity);
    this.sized = this.data;
    this.size = capacity;
    this.interned = type === 'text' ? new InternTable() : null;
    const d = this.data;
    this.writeKind = type === 'boolean' ? 1 : type === 'text' ? 2 : Array.isArray(d) ? 3
      : d instanceof Float64Array ? 4 : d instanceof BigInt64Array ? 5 : 0;
    this.typmod = type === 'numeric' ? typmod : null;
    this.recent = type === 'text' ? new RecentStrings() : null;
  }

  /**
   * The interned instance of `s` (the column interns while `interned.active`). A low-cardinality
   * column's values mostly hit {@link recent}: one string compare instead of hashing each
   * incoming string (a fresh string object per row) for the intern map.
   */
  internOf(s: string): string {
    const c = this.recent!.hit(s);
    if (c !== null) return c;
    const canon = this.interned!.intern(s);
    this.recent!.put(canon);
    return canon;
  }

  /** `s`, or its interned instance while the column interns (text columns). */
  canonical(s: string): string {
    return this.interned !== null && this.interned.active ? this.internOf(s) : s;
  }

  /**
   * Columns kept alive so their shape survives full GCs (see `Run.keepShape` in engine/state.ts):
   * the columns of a new partition are made in the timed part of its first write, after a GC may
   * have collected every earlier column, and the write path compiled for them would be dropped.
   * A text column keeps its intern table's shape too.
   */
  static readonly keepShape: readonly ColumnStore[] = [new ColumnStore('text', 1), new ColumnStore('integer', 1), new ColumnStore('numeric', 1)];

  /** Allocated slots. */
  get capacity(): number {
    return this.data.length;
  }

  /** Grows the arrays so that at least `n` rows fit. */
  reserve(n: number): void {
    // the test alone, small enough to be inlined into every write; growing is a call of its own
    if (this.sized !== this.data || n > this.size) this.grow(n);
  }

  private grow(n: number): void {
    const cap = this.data.length;
    this.sized = this.data;
    this.size = cap;
    if (n <= cap) return;
    let next = cap < 16 ? 16 : cap;
    // a bulk append far past the capacity (a first load) gets what it needs; row by row, doubling
    if (n > next * 4) next = (n + 15) & ~15;
    else while (next < n) next *= 2;
    const d = this.data;
    if (this.type === 'numeric') {
      this.data = growNumeric(d as NumericData, next);
    } else if (Array.isArray(d)) {
      const out = d as unknown[];
      out.length = next;
      const fill: unknown = this.type === 'bytes' ? new Uint8Array(0) : '';
      for (let i = cap; i < next; i++) out[i] = fill;
    } else {
      const Ctor = (d as Int32Array).constructor as new (n: number) => Int32Array;
      const grown = new Ctor(next);
      grown.set(d as Int32Array);
      this.data = grown;
    }
    this.sized = this.data;
    this.size = next;
    if (this.nulls !== null) {
      const g = new Uint8Array(next);
      g.set(this.nulls);
      this.nulls = g;
    }
  }

  /** Marks row `i` NULL or not (the data slot is left as is). */
  setNull(i: number, isNull: boolean): void {
    if (isNull) {
      if (this.nulls === null) this.nulls = new Uint8Array(this.data.length);
      if (this.nulls[i] !== 1) { this.nulls[i] = 1; this.nullCount++; }
    } else if (this.nulls !== null && this.nulls[i] === 1) {
      this.nulls[i] = 0;
      this.nullCount--;
    }
  }

  /** Writes a JS value (already of the type's JS form, or null) at row `i`. */
  set(i: number, v: JsValue): void {
    if (v === null) {
      this.setNull(i, true);
      return;
    }
    if (this.type === 'numeric') {
      // rounding and the precision check come first: a failing value leaves the row as it was
      this.data = setNumeric(this.data as NumericData, i, v as string, this.typmod);
      if (this.nulls !== null && this.nulls[i] === 1) { this.nulls[i] = 0; this.nullCount--; }
      return;
    }
    if (this.nulls !== null && this.nulls[i] === 1) { this.nulls[i] = 0; this.nullCount--; }
    // one store per kind of array: each site stays monomorphic
    switch (this.writeKind) {
      case 0: (this.data as Int32Array)[i] = v as number; break;
      case 4: (this.data as Float64Array)[i] = v as number; break;
      case 5: (this.data as BigInt64Array)[i] = v as bigint; break;
      case 1: (this.data as Uint8Array)[i] = v ? 1 : 0; break;
      case 2:
        if (this.interned!.active) (this.data as string[])[i] = this.internOf(v as string);
        else (this.data as string[])[i] = v as string;
        break;
      default: (this.data as unknown as JsValue[])[i] = v;
    }
  }

  /** Reads row `i` as a JS value. */
  get(i: number): JsValue {
    if (this.nulls !== null && this.nulls[i] === 1) return null;
    if (this.type === 'boolean') return (this.data as Uint8Array)[i] === 1;
    if (this.type === 'numeric') return getNumeric(this.data as NumericData, i);
    return (this.data as unknown as JsValue[])[i]!;
  }

  /**
   * Copies rows [0, n) of a vector's selected positions into rows [at, at + count). With `adopt`
   * (an array built for this append only) an empty column may keep the array itself; `'interned'`
   * says its text values are already this column's canonical instances (see {@link internOf}).
   */
  appendVector(v: Vector, at: number, sel: Int32Array | null, count: number, adopt: Adopt = false): void {
    if (this.type === 'numeric') {
      if (v.type === 'numeric') {
        this.reserve(at + count);
        this.data = writeNumeric(this.data as NumericData, v.data as NumericData, v.nulls, at, sel, count, this.typmod);
      }
      this.appendNulls(v, at, sel, count);
      return;
    }
    if (adopt && at === 0 && sel === null && count >= 1024 && v.data.length === count
      && (Array.isArray(v.data) || (v.data as Int32Array).byteLength === (v.data as Int32Array).buffer.byteLength)) {
      // bulk load into an empty column: adopt the (freshly built, unshared) array
      const it = this.interned;
      if (it !== null && it.active && adopt !== 'interned') {
        const d = v.data as string[];
        for (let i = 0; i < count; i++) d[i] = this.internOf(d[i]!);
      }
      this.data = v.data;
      this.nulls = v.nulls === null ? null : v.nulls;
      this.nullCount = 0;
      if (v.nulls !== null) for (let i = 0; i < count; i++) this.nullCount += v.nulls[i]!;
      return;
    }
    this.reserve(at + count);
    const src = v.data;
    const dst = this.data;
    const it = this.interned;
    if (it !== null && it.active) {
      const d = dst as string[], s = src as string[];
      for (let i = 0; i < count; i++) d[at + i] = this.internOf(s[sel === null ? i : sel[i]!]!);
    } else if (sel === null) {
      if (Array.isArray(dst)) {
        const d = dst as unknown[]; const s = src as unknown[];
        for (let i = 0; i < count; i++) d[at + i] = s[i];
      } else {
        (dst as Int32Array).set((src as Int32Array).subarray(0, count), at);
      }
    } else {
      const d = dst as unknown as unknown[]; const s = src as unknown as unknown[];
      for (let i = 0; i < count; i++) d[at + i] = s[sel[i]!];
    }
    this.appendNulls(v, at, sel, count);
  }

  /** The null-mask part of {@link appendVector}. */
  private appendNulls(v: Vector, at: number, sel: Int32Array | null, count: number): void {
    const vn = v.type === 'null' ? new Uint8Array(v.length).fill(1) : v.nulls;
    if (vn !== null) {
      let k = 0;
      for (let i = 0; i < count; i++) if (vn[sel === null ? i : sel[i]!] === 1) { k++; break; }
      if (k > 0) {
        if (this.nulls === null) this.nulls = new Uint8Array(this.data.length);
        const n = this.nulls;
        for (let i = 0; i < count; i++) {
          const b = vn[sel === null ? i : sel[i]!]!;
          n[at + i] = b;
          this.nullCount += b;
        }
      } else if (this.nulls !== null) {
        this.nulls.fill(0, at, at + count);
      }
    } else if (this.nulls !== null) {
      this.nulls.fill(0, at, at + count);
    }
  }

  /** A zero-copy vector over rows [0, length). The caller must not keep it across writes. */
  view(length: number): Vector {
    const d = this.data;
    const nl = this.nulls !== null && this.nullCount > 0 ? this.nulls : null;
    // the last view is kept while the arrays and the length are the same (a point query would
    // otherwise make a subarray per column per call); it aliases the storage as any view does
    const c = this.lastView;
    if (c !== null && c.length === length && this.lastViewOf === d && this.lastViewNulls === nl) return c;
    const data = this.type === 'numeric' ? sliceNumeric(d as NumericData, 0, length) : Array.isArray(d) ? d : (d as Int32Array).subarray(0, length);
    const v: Vector = { type: this.type, length, data, nulls: nl === null ? null : nl.subarray(0, length) };
    this.lastView = v;
    this.lastViewOf = d;
    this.lastViewNulls = nl;
    return v;
  }

  /** Truncates to `length` rows (rollback of appends): clears string references for GC. */
  truncate(from: number, to: number): void {
    const d = this.data;
    if (Array.isArray(d)) {
      const fill: unknown = this.type === 'bytes' ? new Uint8Array(0) : '';
      for (let i = from; i < to; i++) (d as unknown[])[i] = fill;
    }
    if (this.nulls !== null) {
      for (let i = from; i < to; i++) if (this.nulls[i] === 1) { this.nulls[i] = 0; this.nullCount--; }
    }
  }

  /** Keeps only the rows listed in `keep` (ascending), compacting in place. */
  compact(keep: Int32Array, oldLength: number): void {
    const d = this.data as unknown as unknown[];
    const n = keep.length;
    if (this.type === 'numeric') compactNumeric(this.data as NumericData, keep);
    else for (let i = 0; i < n; i++) d[i] = d[keep[i]!];
    if (this.nulls !== null) {
      const nl = this.nulls;
      let c = 0;
      for (let i = 0; i < n; i++) { const b = nl[keep[i]!]!; nl[i] = b; c += b; }
      nl.fill(0, n, oldLength);
      this.nullCount = c;
    }
    this.truncate(n, oldLength);
  }
}
