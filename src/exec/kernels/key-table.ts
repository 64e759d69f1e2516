/**
 * Hash tables over key columns, used by GROUP BY, DISTINCT, joins and set operations. The key
 * reader is chosen once by the key types (one column of a primitive type reads the array
 * element directly; several columns build a composite string); groups get dense integer ids.
 * Numeric keys are the scaled integers of the vector: equal values (`1.5`, `1.50`) hash alike
 * within one vector; keys of two inputs compare only after {@link alignNumericKeys}.
 */
import type { DataType } from '../../types/data-type.ts';
import type { Vector } from '../../types/vector.ts';
import { denseGroup, denseGroupCounts, int32Range } from './group-kernels.ts';
import { type NumericData } from '../../types/numeric-data.ts';
import { alignNumeric, numericKeyAt } from '../../types/numeric-data-ops.ts';
import { IntHashTable } from './int-hash.ts';

/** Scratch of the dense grouping's range pass (lo, hi). */
const RANGE = new Int32Array(2);

/** Reads the hash key of row `i`, or undefined when a key part is NULL. */
export type KeyReader = (vs: readonly Vector[], i: number) => unknown;

function bytesKey(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length; i++) s += String.fromCharCode(b[i]!);
  return s;
}

/** Builds the key reader for key columns of the given types. */
export function keyReader(types: readonly DataType[]): KeyReader {
  if (types.length === 1) {
    const t = types[0]!;
    if (t === 'null') return () => undefined;
    if (t === 'bytes') {
      return (vs, i) => {
        const v = vs[0]!;
        return v.nulls !== null && v.nulls[i] === 1 ? undefined : bytesKey((v.data as Uint8Array[])[i]!);
      };
    }
    if (t === 'numeric') {
      return (vs, i) => {
        const v = vs[0]!;
        return v.nulls !== null && v.nulls[i] === 1 ? undefined : numericKeyAt(v.data as NumericData, i);
      };
    }
    if (t === 'double' || t === 'real') {
      return (vs, i) => {
        const v = vs[0]!;
        if (v.nulls !== null && v.nulls[i] === 1) return undefined;
        const x = (v.data as Float64Array)[i]!;
        return x === 0 ? 0 : x; // -0 → 0 (Map already treats NaN as one key)
      };
    }
    return (vs, i) => {
      const v = vs[0]!;
      if (v.nulls !== null && v.nulls[i] === 1) return undefined;
      return (v.data as ArrayLike<unknown>)[i];
    };
  }
  return (vs, i) => {
    let s = '';
    for (let c = 0; c < vs.length; c++) {
      const v = vs[c]!;
      if (v.type === 'null' || (v.nulls !== null && v.nulls[i] === 1)) return undefined;
      let x = v.type === 'numeric' ? numericKeyAt(v.data as NumericData, i) : (v.data as ArrayLike<unknown>)[i];
      if (x instanceof Uint8Array) x = bytesKey(x);
      else if (x === 0) x = 0;
      s += typeof x === 'string' ? `${(x as string).length}:${x as string}` : `${String(x)};`;
    }
    return s;
  };
}

/**
 * Brings numeric key columns of two inputs (a join's sides) to one scale and form, so equal
 * values get equal keys; other columns are returned unchanged.
 */
export function alignNumericKeys(a: readonly Vector[], b: readonly Vector[]): [Vector[], Vector[]] {
  const x = a.slice(), y = b.slice();
  for (let c = 0; c < x.length; c++) {
    const u = x[c]!, v = y[c];
    if (u.type !== 'numeric' || v === undefined || v.type !== 'numeric') continue;
    const [p, q] = alignNumeric(u.data as NumericData, v.data as NumericData);
    x[c] = { ...u, data: p };
    y[c] = { ...v, data: q };
  }
  return [x, y];
}

/** As {@link keyReader}, but NULL parts are part of the key (GROUP BY, DISTINCT, set ops). */
export function keyReaderNullsEqual(types: readonly DataType[]): KeyReader {
  const inner = keyReader(types);
  if (types.length === 1) {
    return (vs, i) => {
      const k = inner(vs, i);
      return k === undefined ? NULL_KEY : k;
    };
  }
  return (vs, i) => {
    let s = '';
    for (let c = 0; c < vs.length; c++) {
      const v = vs[c]!;
      if (v.type === 'null' || (v.nulls !== null && v.nulls[i] === 1)) { s += 'N;'; continue; }
      let x = v.type === 'numeric' ? numericKeyAt(v.data as NumericData, i) : (v.data as ArrayLike<unknown>)[i];
      if (x instanceof Uint8Array) x = bytesKey(x);
      else if (x === 0) x = 0;
      s += typeof x === 'string' ? `${(x as string).length}:${x as string}` : `${String(x)};`;
    }
    return s;
  };
}

/** The key NULL maps to when NULLs group together. */
export const NULL_KEY = Symbol('null');

/** Result of grouping rows. */
export interface Grouping {
  /** Group id per processed row (aligned with the selection, or 0..n-1). */
  readonly gids: Int32Array;
  /** Number of groups. */
  readonly count: number;
  /** Row position of each group's first row. */
  readonly first: Int32Array;
  /** Rows per group, when the grouping pass counted them on the way (saves COUNT(*) a pass). */
  readonly counts?: Float64Array;
}

/** Assigns dense group ids to rows by their key (NULLs equal). */
export function groupRows(keys: readonly Vector[], n: number, sel: Int32Array | null, scratch?: Int32Array): Grouping {
  const m = sel === null ? n : sel.length;
  // every position is written below, so a reused scratch buffer needs no clearing
  const gids = scratch !== undefined && scratch.length >= m ? scratch.subarray(0, m) : new Int32Array(m);
  const firstList: number[] = [];
  if (keys.length === 0) {
    if (gids !== undefined && scratch !== undefined) gids.fill(0);
    return { gids, count: m > 0 ? 1 : 0, first: Int32Array.from(m > 0 ? [sel === null ? 0 : sel[0]!] : []) };
  }
  const types = keys.map((k) => k.type);
  // fast path: one 32-bit integer column — a typed-array hash table, NULLs as one extra group
  if (keys.length === 1 && (types[0] === 'integer' || types[0] === 'smallint' || types[0] === 'date')) {
    const d = keys[0]!.data as Int32Array;
    const nl = keys[0]!.nulls;
    if (nl === null && m > 0) {
      // dense small range: group ids by direct indexing (no hashing); the loops are leaf kernels
      int32Range(d, sel, m, RANGE);
      const lo = RANGE[0]!, span = RANGE[1]! - lo + 1;
      if (span <= 65536 && span <= m * 4) {
        const slot = new Int32Array(span).fill(-1);
        const perSlot = new Float64Array(span);
        const first = new Int32Array(Math.min(span, m));
        const count = denseGroup(d, sel, m, lo, slot, perSlot, first, gids);
        const counts = new Float64Array(count);
        denseGroupCounts(slot, perSlot, counts);
        return { gids, count, first: first.slice(0, count), counts };
      }
    }
    const table = new IntHashTable(1024);
    const firstIdx: number[] = [];
    let nullGid = -1;
    for (let k = 0; k < m; k++) {
      const i = sel === null ? k : sel[k]!;
      if (nl !== null && nl[i] === 1) {
        if (nullGid < 0) { nullGid = firstIdx.length; firstIdx.push(i); }
        gids[k] = nullGid;
        continue;
      }
      const before = table.size;
      const t = table.intern(d[i]!);
      if (table.size !== before) { firstIdx.push(i); }
      gids[k] = t;
    }
    if (nullGid >= 0) {
      // table ids were assigned without counting the NULL group: renumber by first appearance
      const remap = new Int32Array(firstIdx.length);
      let next = 0;
      const seen = new Int32Array(table.size + 1).fill(-1);
      for (let k = 0; k < m; k++) {
        const i = sel === null ? k : sel[k]!;
        const isNull = nl !== null && nl[i] === 1;
        const slot = isNull ? table.size : gids[k]!;
        if (seen[slot] === -1) seen[slot] = next++;
        gids[k] = seen[slot]!;
      }
      void remap;
    }
    return { gids, count: firstIdx.length, first: Int32Array.from(firstIdx) };
  }
  if (keys.length > 1) {
    const g = groupColumnwise(keys, n, sel, scratch);
    if (g !== null) return g;
  }
  if (keys.length === 1 && types[0] === 'text') {
    const g = groupFewTexts(keys[0]!.data as readonly string[], keys[0]!.nulls, sel, m, gids);
    if (g !== null) return g;
  }
  const read = keyReaderNullsEqual(types);
  const map = new Map<unknown, number>();
  for (let k = 0; k < m; k++) {
    const i = sel === null ? k : sel[k]!;
    const key = read(keys, i);
    let g = map.get(key);
    if (g === undefined) { g = firstList.length; map.set(key, g); firstList.push(i); }
    gids[k] = g;
  }
  return { gids, count: firstList.length, first: Int32Array.from(firstList) };
}

/** Largest combined id of two groupings (`a * countB + b`) that stays a 32-bit integer. */
const MAX_COMBINED = 2_147_483_647;

/**
 * Groups by several key columns without building a composite key per row: each column is
 * grouped alone (NULLs equal), and the column ids are combined into one integer per row
 * (`id * count + next id`; each step's grouping renumbers them densely), which is then
 * grouped as one integer key. Group ids, first rows and order of first appearance are those of
 * grouping by the composite key. Null when the combined ids would not fit (the caller uses
 * composite keys).
 */
function groupColumnwise(keys: readonly Vector[], n: number, sel: Int32Array | null, scratch?: Int32Array): Grouping | null {
  const m = sel === null ? n : sel.length;
  let acc = groupRows([keys[0]!], n, sel);
  const combined = new Int32Array(m);
  for (let c = 1; c < keys.length; c++) {
    const g = groupRows([keys[c]!], n, sel);
    if (acc.count * g.count > MAX_COMBINED) return null; // acc's ids are dense already
    const a = acc.gids, b = g.gids, cb = g.count;
    for (let k = 0; k < m; k++) combined[k] = a[k]! * cb + b[k]!;
    const last = c === keys.length - 1;
    const vec: Vector = { type: 'integer', length: m, data: combined, nulls: null };
    // the grouping allocates its own ids (or writes the caller's scratch, last), never `combined`
    acc = groupRows([vec], m, null, last ? scratch : undefined);
  }
  // first rows were found in selection order (0..m-1): map them back to row positions
  const first = acc.first;
  if (sel !== null) for (let q = 0; q < first.length; q++) first[q] = sel[first[q]!]!;
  return acc;
}

/** Distinct strings up to which a text key is grouped by comparing with each (no hashing). */
const FEW_TEXTS = 8;

/**
 * Groups a text column of at most {@link FEW_TEXTS} distinct values (flags, codes, modes) by
 * comparing each value with the ones seen — equal interned strings compare by pointer, cheaper
 * than a Map lookup. Writes `gids`; null (as soon as one more distinct value appears) otherwise.
 */
function groupFewTexts(d: readonly string[], nl: Uint8Array | null, sel: Int32Array | null, m: number, gids: Int32Array): Grouping | null {
  const vals: string[] = [], ids: number[] = [], first: number[] = [];
  let nullGid = -1;
  for (let k = 0; k < m; k++) {
    const i = sel === null ? k : sel[k]!;
    if (nl !== null && nl[i] === 1) {
      if (nullGid < 0) { nullGid = first.length; first.push(i); }
      gids[k] = nullGid;
      continue;
    }
    const x = d[i]!;
    let g = -1;
    for (let q = 0; q < vals.length; q++) if (vals[q] === x) { g = ids[q]!; break; }
    if (g < 0) {
      if (vals.length === FEW_TEXTS) return null;
      g = first.length;
      vals.push(x); ids.push(g); first.push(i);
    }
    gids[k] = g;
  }
  return { gids, count: first.length, first: Int32Array.from(first) };
}
