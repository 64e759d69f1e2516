/**
 * Segments: a partition's live rows as one Arrow IPC stream, with row count and per-column
 * statistics (`records.ts` SegmentRecord). A flush takes a `PartitionSnapshot` (`snapshot.ts`)
 * while the database is quiescent (a copy: the partition keeps changing afterwards), encodes it,
 * and writes it; loading decodes a segment into a partition of the segment's schema version.
 *
 * This module (and apache-arrow with it) is loaded on first use (`import()` by the flusher and
 * the loader), not with the engine: a database that never flushed never reads or writes one.
 *
 * String columns with few distinct values (at most {@link DICTIONARY_MAX} and half the rows) are
 * written dictionary-encoded (Arrow `Dictionary<Utf8, Int32>`): smaller, and read back without
 * decoding a string per row — each row takes the (interned) dictionary entry. A string column
 * holding a lone surrogate is written as UTF-16 code units (`utf16-column.ts`). NUMERIC
 * columns are Utf8 PostgreSQL text, read back through the numeric fast parser.
 */
import {
  Dictionary, Field, Int32, makeData, makeVector, RecordBatch, Schema, Struct, Table, tableFromIPC, tableToIPC, Type, Utf8,
  type Data, type Vector as ArrowVector,
} from 'apache-arrow';
import { Partition } from '../partition.ts';
import type { TableDefinition } from '../../schema/table-def.ts';
import { arrowColumnToVector, vectorsToArrowTable } from '../../types/arrow.ts';
import { compareValues } from '../../types/compare.ts';
import type { DataType } from '../../types/data-type.ts';
import type { JsValue, Vector } from '../../types/vector.ts';
import { isStringType } from '../../types/data-type.ts';
import { numericFromTexts, numericTextAt, type NumericData } from '../../types/numeric-data.ts';
import { compareNumericAt } from '../../types/numeric-data-ops.ts';
import type { ColumnStore } from '../column.ts';
import { CODECS } from './codec.ts';
import { ENCODING_METADATA_KEY, isWellFormedColumn, readUtf16Column, utf16Column, UTF16_ENCODING } from './utf16-column.ts';
import type { ColumnStats, SegmentRecord } from './records.ts';
import type { PartitionSnapshot } from './snapshot.ts';

/** NUMERIC statistics: compared on the stored form, bounds as text (NaN is no bound). */
function numericStats(name: string, v: Vector, n: number): ColumnStats {
  const a = v.data as NumericData;
  let nulls = 0;
  let lo = -1;
  let hi = -1;
  for (let i = 0; i < n; i++) {
    if (v.nulls !== null && v.nulls[i] === 1) { nulls++; continue; }
    if (a.f[i]! !== a.f[i]!) continue;
    if (lo < 0 || compareNumericAt(a, i, a, lo) < 0) lo = i;
    if (hi < 0 || compareNumericAt(a, i, a, hi) > 0) hi = i;
  }
  return { name, type: 'numeric', nulls, min: lo < 0 ? null : numericTextAt(a, lo), max: hi < 0 ? null : numericTextAt(a, hi) };
}

function columnStats(name: string, type: DataType, v: Vector, n: number): ColumnStats {
  if (type === 'numeric') return numericStats(name, v, n);
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

/** Most distinct values of a dictionary-encoded string column. */
export const DICTIONARY_MAX = 65_536;

/** Dictionary-encodes a string column when it has few distinct values; null otherwise. */
function dictionaryData(v: Vector, n: number, id: number): Data | null {
  if (n < 64) return null;
  const data = v.data as string[];
  const nulls = v.nulls;
  const codes = new Int32Array(n);
  const index = new Map<string, number>();
  const values: string[] = [];
  const limit = Math.min(DICTIONARY_MAX, n >> 1);
  for (let i = 0; i < n; i++) {
    if (nulls !== null && nulls[i] === 1) continue;
    const x = data[i]!;
    let c = index.get(x);
    if (c === undefined) {
      if (values.length >= limit) return null;
      c = values.length;
      index.set(x, c);
      values.push(x);
    }
    codes[i] = c;
  }
  const dict = vectorsToArrowTable([{ name: 'v', type: 'text' }], [{ type: 'text', length: values.length, data: values, nulls: null }], values.length);
  const dictData = dict.batches[0]!.data.children[0] as Data<Utf8>;
  let nullCount = 0;
  let bitmap: Uint8Array | undefined;
  if (nulls !== null) {
    bitmap = new Uint8Array(((n + 63) & ~63) >> 3);
    for (let i = 0; i < n; i++) {
      if (nulls[i] === 1) nullCount++;
      else bitmap[i >> 3]! |= 1 << (i & 7);
    }
    if (nullCount === 0) bitmap = undefined;
  }
  return makeData({ type: new Dictionary(new Utf8(), new Int32(), id), length: n, nullCount, nullBitmap: bitmap, data: codes, dictionary: makeVector(dictData) });
}

/** Encodes a snapshot as the segment record of partition `[table, owner]`, folding the log up to `lsn`. */
export function encodeSegment(s: PartitionSnapshot, table: number, owner: string, lsn: number): SegmentRecord {
  const cols = s.def.columns;
  const n = s.rows;
  // a string column holding a lone surrogate has no UTF-8 form: it is written as UTF-16
  const utf16 = cols.map((c, i) => (isStringType(c.type) && !isWellFormedColumn(s.vectors[i]!, n) ? utf16Column(c.name, c.type, s.vectors[i]!, n) : null));
  const dicts = cols.map((c, i) => (isStringType(c.type) && utf16[i] === null ? dictionaryData(s.vectors[i]!, n, i) : null));
  // dictionary and UTF-16 columns are built above; the others by the shared vector → Arrow conversion
  const specs = cols.map((c, i) => ({ name: c.name, type: dicts[i] !== null || utf16[i] !== null ? 'null' as const : CODECS[c.type].physical }));
  const phys = s.vectors.map((v, i) => (v.type === specs[i]!.type ? v : { ...v, type: specs[i]!.type }));
  const base = vectorsToArrowTable(specs, phys, n);
  const children = [...base.batches[0]!.data.children] as Data[];
  const fields = [...base.schema.fields];
  for (let i = 0; i < cols.length; i++) {
    const u = utf16[i];
    if (u !== null && u !== undefined) { children[i] = u.data; fields[i] = u.field; continue; }
    const d = dicts[i];
    if (d === null || d === undefined) continue;
    children[i] = d;
    fields[i] = new Field(cols[i]!.name, d.type, true);
  }
  const schema = new Schema(fields);
  const batch = new RecordBatch(schema, makeData({ type: new Struct(fields), length: n, nullCount: 0, children }));
  let ipc = tableToIPC(new Table(schema, [batch]), 'stream');
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
    if (child.type.typeId === Type.Dictionary) {
      readDictionary(child, col, n);
      continue;
    }
    if (table.schema.fields[i]!.metadata.get(ENCODING_METADATA_KEY) === UTF16_ENCODING) {
      const u = readUtf16Column(child, n);
      col.appendVector({ type: c.type, length: n, data: u.data, nulls: u.nulls }, 0, null, n, true);
      continue;
    }
    if (c.type === 'numeric') {
      col.appendVector(readNumericText(child, n), 0, null, n);
      continue;
    }
    const v = arrowColumnToVector(child, CODECS[c.type].physical);
    col.appendVector({ type: c.type, length: n, data: v.data, nulls: v.nulls }, 0, null, n, true);
  }
  p.length = n;
  return p;
}

/** Reads a NUMERIC column stored as Utf8 text: exact, display scales kept, plain decimals without a BigInt. */
function readNumericText(child: ArrowVector, n: number): Vector {
  const t = arrowColumnToVector(child, 'text');
  const texts = t.data as (string | null)[];
  if (t.nulls !== null) for (let i = 0; i < n; i++) if (t.nulls[i] === 1) texts[i] = null;
  return { type: 'numeric', length: n, data: numericFromTexts(texts), nulls: t.nulls };
}

/** Reads a dictionary-encoded string column straight into a column store: one interned string per distinct value. */
function readDictionary(child: ArrowVector, col: ColumnStore, n: number): void {
  const out = new Array<string>(n);
  const nulls = new Uint8Array(n);
  let nullCount = 0;
  let at = 0;
  for (const d of child.data as readonly Data[]) {
    const dict = arrowColumnToVector((d as Data & { dictionary: ArrowVector }).dictionary, 'text').data as string[];
    const it = col.interned;
    const entries = it === null ? dict : dict.map((x) => it.intern(x));
    const codes = d.values as Int32Array;
    const bm = d.nullCount > 0 ? d.nullBitmap : undefined;
    const off = d.offset;
    for (let i = 0; i < d.length; i++) {
      if (bm !== undefined && ((bm[(off + i) >> 3]! >> ((off + i) & 7)) & 1) === 0) {
        out[at + i] = '';
        nulls[at + i] = 1;
        nullCount++;
      } else {
        out[at + i] = entries[codes[off + i]!]!;
      }
    }
    at += d.length;
  }
  col.data = out;
  col.nulls = nullCount === 0 ? null : nulls;
  col.nullCount = nullCount;
}
