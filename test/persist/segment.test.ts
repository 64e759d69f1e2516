/**
 * Segments at the codec level: a partition snapshot encoded as Arrow IPC and decoded again gives
 * the same values for every type, with dictionary encoding for repetitive strings (NULLs and
 * interning included) and plain UTF-8 for the rest; NUMERIC as exact text; strings with lone
 * surrogates as UTF-16; statistics are right.
 */
import { describe, expect, it } from 'vitest';
import { tableFromIPC, Type } from 'apache-arrow';
import { Partition } from '../../src/storage/partition.ts';
import { decodeSegment, encodeSegment } from '../../src/storage/persist/segment.ts';
import { snapshotPartition } from '../../src/storage/persist/snapshot.ts';
import type { ColumnDefinition, TableDefinition } from '../../src/schema/table-def.ts';
import type { DataType } from '../../src/types/data-type.ts';
import type { JsValue } from '../../src/types/vector.ts';
import type { NumericData } from '../../src/types/numeric-data.ts';

function col(name: string, type: DataType, hidden = false): ColumnDefinition {
  return { name, type, maxLength: null, typeName: type.toUpperCase(), notNull: false, defaultSql: null, primaryKey: false, hidden };
}

const DEF: TableDefinition = {
  namespace: 'n', name: 't', owner: 'root', kind: 'shared', accessLevel: 'public', ttlSeconds: null, flushPolicy: null,
  columns: [col('id', 'integer'), col('kind', 'text'), col('uniq', 'text'), col('doc', 'json'), col('u', 'uuid'), col('ts', 'timestamp'),
    col('big', 'bigint'), col('_seq', 'bigint', true), col('_deleted', 'boolean', true)],
  primaryKey: [0], schemaVersion: 1, createdAt: 0, updatedAt: 0,
};

function rowAt(i: number): JsValue[] {
  return [
    i, i % 7 === 0 ? null : ['click', 'view', 'buy', 'ünïcode ✓'][i % 4]!, `unique-${i}-${'é'.repeat(i % 3)}`,
    i % 5 === 0 ? null : '{"a":1}', i % 2 === 0 ? '00000000-0000-0000-0000-000000000001' : null,
    i === 3 ? Number.POSITIVE_INFINITY : 1_700_000_000_000.123 + i, BigInt(i) * 10n ** 15n, BigInt(i + 1), false,
  ];
}

describe('segments', () => {
  it('round-trip every column, dictionary-encoding the repetitive strings', () => {
    const p = new Partition('', DEF, []);
    const n = 500;
    for (let i = 0; i < n; i++) {
      const r = rowAt(i);
      for (let c = 0; c < r.length; c++) { p.columns[c]!.reserve(i + 1); p.columns[c]!.set(i, r[c]!); }
      p.length++;
    }
    p.deleted[10] = 1; p.deletedCount = 1;   // a deleted row is not written
    const seg = encodeSegment(snapshotPartition(p, DEF), 1, '', 42);
    expect(seg.rows).toBe(n - 1);
    const t = tableFromIPC(seg.ipc);
    expect(t.schema.fields.map((f) => (f.type.typeId === Type.Dictionary ? 'dict' : String(f.type)))).toEqual([
      'Int32', 'dict', 'Utf8', 'dict', 'dict', 'Float64', 'Int64', 'Int64', 'Bool',
    ]);
    const back = decodeSegment(seg, DEF, '');
    expect(back.length).toBe(n - 1);
    const want: JsValue[][] = [];
    for (let i = 0; i < n; i++) if (i !== 10) want.push(rowAt(i));
    const got: JsValue[][] = [];
    for (let r = 0; r < back.length; r++) got.push(back.row(r));
    expect(got).toEqual(want);
    // dictionary values are shared, interned strings
    expect(back.columns[1]!.interned!.active).toBe(true);
    expect(seg.columns.map((c) => [c.name, c.nulls, c.min, c.max])).toEqual([
      ['id', 0, 0, 499], ['kind', 72, 'buy', 'ünïcode ✓'], ['uniq', 0, 'unique-0-', 'unique-99-'], ['doc', 99, null, null],
      ['u', 250, '00000000-0000-0000-0000-000000000001', '00000000-0000-0000-0000-000000000001'],
      ['ts', 0, 1_700_000_000_000.123, Number.POSITIVE_INFINITY], ['big', 0, 0n, 499n * 10n ** 15n], ['_seq', 0, 1n, 500n], ['_deleted', 0, false, false],
    ]);
  });
});

describe('segments: NUMERIC and strings that are not valid Unicode', () => {
  const NDEF: TableDefinition = {
    ...DEF,
    columns: [col('id', 'integer'), col('fast', 'numeric'), col('big', 'numeric'), { ...col('money', 'numeric'), numeric: { precision: 8, scale: 2 } },
      col('kind', 'text'), col('note', 'text'), col('_seq', 'bigint', true), col('_deleted', 'boolean', true)],
  };
  const FAST = ['1.50', '1.5', '-0.001', '0', '12345678901.25', 'NaN', null, '-7'];
  const BIG = ['123456789012345678901234567890.5', '-9007199254740993', '0.0000000000000000000000000001', 'Infinity', '-Infinity', null, '2.50', 'NaN'];
  const MONEY = ['1.5', '-0.005', '999999.994', null, '0', '12.345', '-12.345', '3'];
  const KIND = ['a\ud800b', 'plain', '\udc00', 'é😀'];   // lone high, plain, lone low, a valid pair

  function rowOf(i: number): JsValue[] {
    return [i, FAST[i % 8]!, BIG[i % 8]!, MONEY[i % 8]!, i % 9 === 0 ? null : KIND[i % 4]!, i === 5 ? '\ud83d' : `n${i}`, BigInt(i + 1), false];
  }

  it('NUMERIC is Utf8 PostgreSQL text; values, display scales, typmods and statistics come back exactly', () => {
    const p = new Partition('', NDEF, []);
    const n = 200;
    for (let i = 0; i < n; i++) {
      const r = rowOf(i);
      for (let c = 0; c < r.length; c++) { p.columns[c]!.reserve(i + 1); p.columns[c]!.set(i, r[c]!); }
      p.length++;
    }
    const seg = encodeSegment(snapshotPartition(p, NDEF), 1, '', 7);
    const t = tableFromIPC(seg.ipc);
    expect(t.schema.fields.slice(1, 4).map((f) => String(f.type))).toEqual(['Utf8', 'Utf8', 'Utf8']);
    expect(t.getChildAt(2)!.get(0)).toBe('123456789012345678901234567890.5');
    const back = decodeSegment(seg, NDEF, '');
    const got: JsValue[][] = [];
    for (let r = 0; r < back.length; r++) got.push(back.row(r));
    const want: JsValue[][] = [];
    for (let r = 0; r < p.length; r++) want.push(p.row(r));
    expect(got).toEqual(want);
    expect(got.slice(0, 8).map((r) => [r[1], r[2], r[3]])).toEqual([
      ['1.50', '123456789012345678901234567890.5', '1.50'], ['1.5', '-9007199254740993', '-0.01'], ['-0.001', '0.0000000000000000000000000001', '999999.99'],
      ['0', 'Infinity', null], ['12345678901.25', '-Infinity', '0.00'], ['NaN', null, '12.35'], [null, '2.50', '-12.35'], ['-7', 'NaN', '3.00'],
    ]);
    // plain decimals load into the fast form; the big column keeps its bigints
    expect((back.columns[1]!.data as NumericData).b).toBeNull();
    expect((back.columns[3]!.data as NumericData).b).toBeNull();
    expect((back.columns[2]!.data as NumericData).b).not.toBeNull();
    // the NUMERIC(8, 2) typmod still applies to the loaded column
    expect(() => back.columns[3]!.set(0, '1000000')).toThrow(expect.objectContaining({ code: '22003' }) as Error);
    expect(seg.columns.slice(1, 4).map((c) => [c.name, c.nulls, c.min, c.max])).toEqual([
      ['fast', 25, '-7', '12345678901.25'], ['big', 25, '-Infinity', 'Infinity'], ['money', 25, '-12.35', '999999.99'],
    ]);
  });

  it('a string column holding a lone surrogate is stored as UTF-16 and reads back exactly', () => {
    const p = new Partition('', NDEF, []);
    const n = 200;
    for (let i = 0; i < n; i++) {
      const r = rowOf(i);
      for (let c = 0; c < r.length; c++) { p.columns[c]!.reserve(i + 1); p.columns[c]!.set(i, r[c]!); }
      p.length++;
    }
    const seg = encodeSegment(snapshotPartition(p, NDEF), 1, '', 7);
    const t = tableFromIPC(seg.ipc);
    // `kind` would be dictionary-encoded and `note` Utf8; both hold a lone surrogate
    expect(t.schema.fields.slice(4, 6).map((f) => [String(f.type), f.metadata.get('inkdb:encoding')])).toEqual([['Binary', 'utf-16le'], ['Binary', 'utf-16le']]);
    const back = decodeSegment(seg, NDEF, '');
    for (let r = 0; r < n; r++) {
      expect(back.row(r)[4]).toBe(p.row(r)[4]);
      expect(back.row(r)[5]).toBe(p.row(r)[5]);
    }
    expect([back.row(4)[4], back.row(2)[4], back.row(3)[4]]).toEqual(['a\ud800b', '\udc00', 'é😀']);
    expect(back.row(5)[5]).toBe('\ud83d');
    expect(back.row(9)[4]).toBeNull();
    // without a lone surrogate the column is plain Utf8 again (dictionary when repetitive)
    for (let r = 0; r < n; r++) { if (r % 4 !== 1 && r % 9 !== 0) p.columns[4]!.set(r, 'plain'); }   // every value valid
    p.columns[5]!.set(5, 'n5');
    const seg2 = encodeSegment(snapshotPartition(p, NDEF), 1, '', 8);
    expect(tableFromIPC(seg2.ipc).schema.fields.slice(4, 6).map((f) => f.type.typeId)).toEqual([Type.Dictionary, Type.Utf8]);
    // a long value (beyond one String.fromCharCode chunk) survives too
    const long = `${'x'.repeat(20_000)}\udfff${'y'.repeat(10_000)}`;
    p.columns[5]!.set(0, long);
    const back3 = decodeSegment(encodeSegment(snapshotPartition(p, NDEF), 1, '', 9), NDEF, '');
    expect(back3.row(0)[5]).toBe(long);
    expect((back3.row(0)[5] as string).length).toBe(30_001);
  });
});
