import {
  DateMillisecond, Dictionary, Field, Int32, Int8, Schema, Table, TimestampSecond, Uint64, Utf8,
  makeData, makeVector, tableFromIPC, tableToIPC, RecordBatch, Struct,
} from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import {
  ARROW_TYPE_METADATA_KEY, arrowTableToRows, arrowTableToVectors, inferDataType, vectorsToArrowTable,
  vectorsToRowArrays,
} from './arrow.ts';
import { DATA_TYPES, type DataType } from './data-type.ts';
import { valueAt, vectorFromValues, type JsValue, type Vector } from './vector.ts';

/** Sample values per type, NULL included, in the vectors' JS form. */
const SAMPLES: Record<DataType, JsValue[]> = {
  boolean: [true, false, null, true, false, false, true, true, false, true],
  smallint: [0, -32768, 32767, null, 7],
  integer: [1, -2147483648, 2147483647, null, 0],
  bigint: [0n, -9223372036854775808n, 9223372036854775807n, null, 42n],
  numeric: ['1.50', '-0.001', null, 'NaN', '123456789012345678901234567890.123', '-Infinity', '0'],
  real: [1.5, -0.25, null, 3.0517578125e-5],
  double: [Math.PI, -0, null, 1e300, Number.MIN_VALUE],
  text: ['x', '', null, 'héllo wörld', '日本語', '😀 emoji', 'a"b\'c', '\ufeffstarts with a BOM'],
  json: ['{"a":1}', null, '[1,2,3]'],
  uuid: ['0190b3c2-7b7a-7cc0-8d7e-1f0a2b3c4d5e', null],
  timestamp: [0, 1700000000123.456, -86400000.5, null, 253402300799999, Infinity, -Infinity],
  date: [0, 19723, -1, null, 2147483647, -2147483648],
  bytes: [new Uint8Array([0, 1, 255]), new Uint8Array(0), null],
  null: [null, null, null],
};

function roundTrip(table: Table): Table {
  return tableFromIPC(tableToIPC(table, 'stream'));
}

describe('vectorsToArrowTable / arrowTableToVectors', () => {
  for (const type of DATA_TYPES) {
    it(`round-trips ${type} with NULLs through Arrow IPC`, () => {
      const values = SAMPLES[type];
      const v = vectorFromValues(type, values);
      const t = vectorsToArrowTable([{ name: 'c', type }], [v], values.length);
      expect(t.numRows).toBe(values.length);
      expect(t.schema.fields[0]!.metadata.get(ARROW_TYPE_METADATA_KEY)).toBe(type);
      const back = arrowTableToVectors(roundTrip(t));
      expect(back.columns).toEqual([{ name: 'c', type }]);
      const got = Array.from({ length: values.length }, (_, i) => valueAt(back.vectors[0]!, i));
      expect(got).toEqual(values);
    });
  }

  it('writes timestamps past int64 microseconds (PostgreSQL allows up to 294276 AD) in milliseconds', () => {
    const last = 9224318015999000; // 294276-12-31 23:59:59 UTC
    const values: JsValue[] = [last, -210866803200000, 1.5, Infinity, null];
    const t = roundTrip(vectorsToArrowTable([{ name: 't', type: 'timestamp' }], [vectorFromValues('timestamp', values)], values.length));
    expect(String(t.schema.fields[0]!.type)).toBe('Timestamp<MILLISECOND>');
    const back = arrowTableToVectors(t).vectors[0]!;
    expect(Array.from({ length: 5 }, (_, i) => valueAt(back, i))).toEqual([last, -210866803200000, 2, Infinity, null]);
  });

  it('keeps sub-millisecond timestamp digits', () => {
    const v = vectorFromValues('timestamp', [1700000000123.456]);
    const back = arrowTableToVectors(roundTrip(vectorsToArrowTable([{ name: 't', type: 'timestamp' }], [v], 1)));
    expect(valueAt(back.vectors[0]!, 0)).toBeCloseTo(1700000000123.456, 6);
  });

  it('writes infinite timestamps as int64 max/min microseconds (as PostgreSQL stores them) and reads them back', () => {
    const v = vectorFromValues('timestamp', [Infinity, -Infinity, -1]);
    const t = roundTrip(vectorsToArrowTable([{ name: 't', type: 'timestamp' }], [v], 3));
    expect(Array.from(t.getChildAt(0)!.data[0]!.values as BigInt64Array)).toEqual([2n ** 63n - 1n, -(2n ** 63n), -1000n]);
    expect(Array.from(arrowTableToVectors(t).vectors[0]!.data as Float64Array)).toEqual([Infinity, -Infinity, -1]);
  });

  it('shares the buffers of integer, bigint, double and date vectors (no copy)', () => {
    const ints = Int32Array.of(1, 2, 3);
    const big = BigInt64Array.of(1n, 2n, 3n);
    const dbl = Float64Array.of(1, 2, 3);
    const days = Int32Array.of(1, 2, 3);
    const mk = (type: DataType, data: Vector['data']): Vector => ({ type, length: 3, data, nulls: null });
    const t = vectorsToArrowTable(
      [{ name: 'i', type: 'integer' }, { name: 'b', type: 'bigint' }, { name: 'd', type: 'double' }, { name: 'dt', type: 'date' }],
      [mk('integer', ints), mk('bigint', big), mk('double', dbl), mk('date', days)], 3);
    expect(t.getChildAt(0)!.data[0]!.values.buffer).toBe(ints.buffer);
    expect(t.getChildAt(1)!.data[0]!.values.buffer).toBe(big.buffer);
    expect(t.getChildAt(2)!.data[0]!.values.buffer).toBe(dbl.buffer);
    expect(t.getChildAt(3)!.data[0]!.values.buffer).toBe(days.buffer);
  });

  it('reads what Arrow itself sees: booleans, nulls and strings by Arrow getters', () => {
    const t = vectorsToArrowTable(
      [{ name: 'ok', type: 'boolean' }, { name: 's', type: 'text' }],
      [vectorFromValues('boolean', [true, null, false]), vectorFromValues('text', ['é', 'b', null])], 3);
    expect([...t.getChildAt(0)!]).toEqual([true, null, false]);
    expect([...t.getChildAt(1)!]).toEqual(['é', 'b', null]);
  });

  it('suffixes repeated column names in the Arrow schema and handles zero rows and zero columns', () => {
    const v = vectorFromValues('integer', [1, 2]);
    const w = vectorFromValues('bigint', [3n, 4n]);
    // SELECT sum(a), sum(b): same name, different types — must survive IPC (the worker path)
    const t = roundTrip(vectorsToArrowTable([{ name: 'a', type: 'integer' }, { name: 'a', type: 'bigint' }], [v, w], 2));
    expect(t.schema.fields.map((f) => f.name)).toEqual(['a', 'a_1']);
    const back = arrowTableToVectors(t);
    expect(vectorsToRowArrays(back.vectors, back.length)).toEqual([[1, 3n], [2, 4n]]);
    expect(back.columns.map((c) => c.type)).toEqual(['integer', 'bigint']);

    const empty = roundTrip(vectorsToArrowTable([{ name: 'x', type: 'text' }], [vectorFromValues('text', [])], 0));
    expect(empty.numRows).toBe(0);
    expect(arrowTableToVectors(empty).columns).toEqual([{ name: 'x', type: 'text' }]);

    expect(vectorsToArrowTable([], [], 0).numCols).toBe(0);
  });

  it('reads multi-batch tables and sliced data', () => {
    const a = vectorsToArrowTable([{ name: 's', type: 'text' }], [vectorFromValues('text', ['a', null])], 2);
    const b = vectorsToArrowTable([{ name: 's', type: 'text' }], [vectorFromValues('text', ['ü', 'c'])], 2);
    const both = a.concat(b);
    expect(both.batches.length).toBe(2);
    const back = arrowTableToVectors(both);
    expect(vectorsToRowArrays(back.vectors, back.length)).toEqual([['a'], [null], ['ü'], ['c']]);
    const sliced = vectorsToArrowTable([{ name: 'b', type: 'boolean' }],
      [vectorFromValues('boolean', [true, false, null, true, false, true, true, false, false, true])], 10).slice(3, 9);
    const sb = arrowTableToVectors(sliced);
    expect(vectorsToRowArrays(sb.vectors, sb.length).flat()).toEqual([true, false, true, true, false, false]);
  });

  it('converts Arrow types InkDB does not write (user tables) to the nearest SQL type', () => {
    const fields = [
      new Field('i8', new Int8()), new Field('u64', new Uint64()), new Field('dm', new DateMillisecond()),
      new Field('ts', new TimestampSecond()), new Field('dict', new Dictionary(new Utf8(), new Int32())),
    ];
    const children = [
      makeVector(Int8Array.of(-1, 2)).data[0]!,
      makeVector(BigUint64Array.of(1n, 9223372036854775807n)).data[0]!,
      makeData({ type: new DateMillisecond(), length: 2, nullCount: 0, data: BigInt64Array.of(86400000n * 3n, 0n) }),
      makeData({ type: new TimestampSecond(), length: 2, nullCount: 0, data: BigInt64Array.of(10n, -1n) }),
      makeData({
        type: new Dictionary(new Utf8(), new Int32()), length: 2, nullCount: 0, data: Int32Array.of(1, 0),
        dictionary: makeVector(vectorsToArrowTable([{ name: 'd', type: 'text' }], [vectorFromValues('text', ['red', 'blue'])], 2).getChildAt(0)!.data[0]!),
      }),
    ];
    const schema = new Schema(fields);
    const t = new Table(schema, [new RecordBatch(schema, makeData({ type: new Struct(fields), length: 2, nullCount: 0, children }))]);
    expect(fields.map((f) => inferDataType(f))).toEqual(['smallint', 'bigint', 'date', 'timestamp', 'text']);
    expect(arrowTableToRows(t)).toEqual([
      { i8: -1, u64: 1n, dm: 3, ts: 10000, dict: 'blue' },
      { i8: 2, u64: 9223372036854775807n, dm: 0, ts: -1000, dict: 'red' },
    ]);
    const tooBig = new Table({ u: makeVector(BigUint64Array.of(18446744073709551615n)) });
    expect(() => arrowTableToRows(tooBig)).toThrow(expect.objectContaining({ code: '22003' }));
  });
});
