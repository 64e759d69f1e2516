/**
 * Segments at the codec level: a partition snapshot encoded as Arrow IPC and decoded again gives
 * the same values for every type, with dictionary encoding for repetitive strings (NULLs and
 * interning included) and plain UTF-8 for the rest; statistics are right.
 */
import { describe, expect, it } from 'vitest';
import { tableFromIPC, Type } from 'apache-arrow';
import { Partition } from '../../src/storage/partition.ts';
import { decodeSegment, encodeSegment } from '../../src/storage/persist/segment.ts';
import { snapshotPartition } from '../../src/storage/persist/snapshot.ts';
import type { ColumnDefinition, TableDefinition } from '../../src/schema/table-def.ts';
import type { DataType } from '../../src/types/data-type.ts';
import type { JsValue } from '../../src/types/vector.ts';

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
