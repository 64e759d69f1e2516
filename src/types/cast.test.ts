import { describe, expect, it } from 'vitest';
import { DbError } from '../errors/db-error.ts';
import { DATA_TYPES } from './data-type.ts';
import type { DataType } from './data-type.ts';
import { valueAt, vectorFromValues } from './vector.ts';
import type { JsValue, Vector } from './vector.ts';
import { canCast, commonSupertype, implicitCastAllowed } from './cast-rules.ts';
import { castValue } from './cast-value.ts';
import { coerceJsValue } from './coerce-js.ts';
import { daysFromCivil } from './calendar.ts';
import { formatValue } from './format-text.ts';
import { rint } from './numeric.ts';
import { parseValue } from './parse-text.ts';
import { castVector } from '../exec/kernels/cast.ts';

const SAMPLES: Record<DataType, JsValue[]> = {
  boolean: [true, false],
  smallint: [0, 1, -1, 32767, -32768, 7],
  integer: [0, 42, -7, 2147483647, -2147483648, 40000, 1],
  bigint: [0n, 5n, -5n, 9223372036854775807n, -9223372036854775808n, 3000000000n, 40000n, 1n],
  numeric: ['0', '1.50', '-2.5', '2.5', '0.5', '-0.5', '32767.4', '32767.5', '-32768.5', '2147483647.49', '2147483647.5',
    '9223372036854775807.4', '9223372036854775807.5', '0.00001', '123456789012345678901234567890.125', 'NaN', 'Infinity',
    '-Infinity', '0.1', '1'.padEnd(401, '0'), '34'.padEnd(39, '0'), '35'.padEnd(39, '0'), '0.'.padEnd(51, '0') + '1', '0.00000000000000000001'],
  real: [0, 1.5, -2.5, Math.fround(0.1), Math.fround(3.4e38), 1e6, NaN, Infinity, 2.5, Math.fround(1e-30), 16777217],
  double: [0, 1.5, 2.5, 3.5, -2.5, 0.1, 1e100, 1e-5, NaN, -Infinity, 2147483647.4, 1e20, -0, 1e-320, 123456789.125],
  text: ['  12 ', '12.5', 'true', 'x', '2024-01-02', '2024-01-02 03:04:05.123456', '{"a":1}',
    'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11', '\\x0a0b', 'NaN', '1e3', '99999999999', '', 'abc', ' off ', '-32768',
    '1e400', '0x1F', '2024-02-30', 'infinity'],
  timestamp: [0, 1500.25, 1700000000123, -1, Infinity, -Infinity, daysFromCivil(2024, 2, 29) * 86400000 + 3723000.5],
  date: [0, 19724, -1, -800000, 2147483647, -2147483648],
  json: ['{"a":1}', '1', 'true', '"s"', '[1,2]', 'null', '1.5', '99999999999'],
  bytes: [new Uint8Array(0), new Uint8Array([10, 11]), new Uint8Array([0, 255])],
  uuid: ['a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'],
  null: [],
};

type Outcome = { ok: true; value: JsValue } | { ok: false; code: string };

function outcome(f: () => JsValue): Outcome {
  try {
    return { ok: true, value: f() };
  } catch (e) {
    if (!(e instanceof DbError)) throw e;
    return { ok: false, code: e.code };
  }
}

/** Normalizes a JS value through the target's vector layout (e.g. -0 in an Int32Array is 0). */
function normalize(x: JsValue, t: DataType): unknown {
  const v = valueAt(vectorFromValues(t, [x]), 0);
  if (v instanceof Uint8Array) return Array.from(v);
  return v;
}

function read(v: Vector, i: number): unknown {
  const x = valueAt(v, i);
  return x instanceof Uint8Array ? Array.from(x) : x;
}

describe('castVector agrees with castValue for every (from, to) pair', () => {
  for (const from of DATA_TYPES) {
    for (const to of DATA_TYPES) {
      it(`${from} → ${to}`, () => {
        const samples = SAMPLES[from];
        if (!canCast(from, to)) {
          expect(() => castVector(vectorFromValues(from, [...samples, null]), to, null)).toThrow(DbError);
          try { castVector(vectorFromValues(from, [null]), to, null); } catch (e) {
            expect((e as DbError).code).toBe('42846');
            if (from !== 'null') expect((e as DbError).message).toMatch(/^cannot cast type \S.* to \S/);
          }
          expect(outcome(() => castValue(samples[0] ?? null, from, to))).toMatchObject({ ok: false, code: '42846' });
          return;
        }
        const outs = samples.map((x) => outcome(() => castValue(x, from, to)));
        // Each value alone: same result or same error code.
        samples.forEach((x, k) => {
          const o = outs[k]!;
          const v = vectorFromValues(from, [x]);
          const r = outcome(() => valueAt(castVector(v, to, null), 0));
          if (o.ok) {
            expect(r.ok, `${from}→${to} ${String(x)}`).toBe(true);
            expect(normalize((r as { value: JsValue }).value, to)).toEqual(normalize(o.value, to));
          } else {
            expect(r, `${from}→${to} ${String(x)}`).toEqual(o);
          }
        });
        // All good values with NULLs interleaved, dense and through a selection vector.
        const good = samples.filter((_, k) => outs[k]!.ok);
        const goodOut = outs.filter((o) => o.ok).map((o) => (o as { value: JsValue }).value);
        const values: JsValue[] = [];
        const expected: unknown[] = [];
        good.forEach((x, k) => { values.push(x, null); expected.push(normalize(goodOut[k]!, to), null); });
        values.push(null);
        expected.push(null);
        const v = vectorFromValues(from, values);
        const dense = castVector(v, to, null);
        expect(dense.type).toBe(to);
        expect(dense.length).toBe(values.length);
        for (let i = 0; i < values.length; i++) expect(read(dense, i), `row ${i}`).toEqual(expected[i]);
        // Selection: every good value plus one bad value at an unselected position.
        const bad = samples.find((_, k) => !outs[k]!.ok);
        const withBad = bad === undefined ? values : [...values, bad];
        const sel = new Int32Array(values.length).map((_, i) => i).filter((i) => i % 2 === 0 || values[i] === null);
        const sv = castVector(vectorFromValues(from, withBad), to, sel);
        expect(sv.length).toBe(withBad.length);
        for (const i of sel) expect(read(sv, i)).toEqual(expected[i]);
        if (bad !== undefined) {
          expect(() => castVector(vectorFromValues(from, withBad), to, null)).toThrow(DbError);
        }
      });
    }
  }
});

function code(f: () => unknown): string {
  try { f(); } catch (e) { if (e instanceof DbError) return `${e.code} ${e.message}`; throw e; }
  return 'no error';
}

describe('PostgreSQL cast semantics', () => {
  it('text → integers', () => {
    expect(parseValue('  12 ', 'integer')).toBe(12);
    expect(parseValue('+5', 'smallint')).toBe(5);
    expect(parseValue('0x1A', 'integer')).toBe(26);
    expect(parseValue('1_000', 'integer')).toBe(1000);
    expect(parseValue('-9223372036854775808', 'bigint')).toBe(-9223372036854775808n);
    expect(code(() => parseValue('12.5', 'integer'))).toBe('22P02 invalid input syntax for type integer: "12.5"');
    expect(code(() => parseValue('', 'bigint'))).toBe('22P02 invalid input syntax for type bigint: ""');
    expect(code(() => parseValue('99999999999', 'integer'))).toBe('22003 value "99999999999" is out of range for type integer');
    expect(code(() => parseValue('40000', 'smallint'))).toBe('22003 value "40000" is out of range for type smallint');
    expect(code(() => parseValue('9223372036854775808', 'bigint'))).toBe('22003 value "9223372036854775808" is out of range for type bigint');
  });
  it('numeric conversions', () => {
    expect(castValue(2.5, 'double', 'integer')).toBe(2);
    expect(castValue(3.5, 'double', 'integer')).toBe(4);
    expect(castValue(-2.5, 'double', 'integer')).toBe(-2);
    expect(castValue(-3.5, 'double', 'bigint')).toBe(-4n);
    expect(rint(0.5)).toBe(0);
    expect(rint(1.5)).toBe(2);
    expect(rint(-0.4)).toBe(-0);
    expect(code(() => castValue(3000000000n, 'bigint', 'integer'))).toBe('22003 integer out of range');
    expect(code(() => castValue(40000, 'integer', 'smallint'))).toBe('22003 smallint out of range');
    expect(code(() => castValue(1e19, 'double', 'bigint'))).toBe('22003 bigint out of range');
    expect(code(() => castValue(NaN, 'double', 'integer'))).toBe('22003 integer out of range');
    expect(code(() => castValue(1e300, 'double', 'real'))).toBe('22003 value out of range: overflow');
    expect(castValue(0.1, 'double', 'real')).toBe(Math.fround(0.1));
    expect(castValue(9007199254740993n, 'bigint', 'double')).toBe(9007199254740992);
    expect(castValue(true, 'boolean', 'integer')).toBe(1);
    expect(castValue(0, 'integer', 'boolean')).toBe(false);
    expect(castValue(-3, 'integer', 'boolean')).toBe(true);
  });
  it('text → double and boolean', () => {
    expect(parseValue('NaN', 'double')).toBeNaN();
    expect(parseValue('-Infinity', 'double')).toBe(-Infinity);
    expect(parseValue(' 1e3 ', 'double')).toBe(1000);
    expect(parseValue('.5', 'double')).toBe(0.5);
    expect(code(() => parseValue('1e400', 'double'))).toBe('22003 "1e400" is out of range for type double precision');
    expect(code(() => parseValue('1e40', 'real'))).toBe('22003 "1e40" is out of range for type real');
    expect(code(() => parseValue('abc', 'double'))).toBe('22P02 invalid input syntax for type double precision: "abc"');
    for (const t of ['t', 'TRUE', ' yes ', 'on', '1', 'y', 'tr']) expect(parseValue(t, 'boolean')).toBe(true);
    for (const f of ['f', 'False', 'no', 'off', '0', 'of']) expect(parseValue(f, 'boolean')).toBe(false);
    expect(code(() => parseValue('x', 'boolean'))).toBe('22P02 invalid input syntax for type boolean: "x"');
    expect(code(() => parseValue('o', 'boolean'))).toBe('22P02 invalid input syntax for type boolean: "o"');
  });
  it('text output', () => {
    expect(formatValue(true, 'boolean')).toBe('true');
    expect(formatValue(1.5, 'double')).toBe('1.5');
    expect(formatValue(1e100, 'double')).toBe('1e+100');
    expect(formatValue(1e15, 'double')).toBe('1e+15');
    expect(formatValue(1e14, 'double')).toBe('100000000000000');
    expect(formatValue(0.00001, 'double')).toBe('1e-05');
    expect(formatValue(0.0001, 'double')).toBe('0.0001');
    expect(formatValue(-1.25e-7, 'double')).toBe('-1.25e-07');
    expect(formatValue(-0, 'double')).toBe('-0');
    expect(formatValue(NaN, 'double')).toBe('NaN');
    expect(formatValue(-Infinity, 'double')).toBe('-Infinity');
    expect(formatValue(Math.fround(0.1), 'real')).toBe('0.1');
    expect(formatValue(1e6, 'real')).toBe('1e+06');
    expect(formatValue(123456, 'real')).toBe('123456');
    expect(formatValue(9007199254740993n, 'bigint')).toBe('9007199254740993');
    expect(formatValue(new Uint8Array([10, 11]), 'bytes')).toBe('\\x0a0b');
  });
  it('dates and timestamps', () => {
    expect(parseValue('2024-01-02', 'date')).toBe(19724);
    expect(formatValue(19724, 'date')).toBe('2024-01-02');
    expect(formatValue(-719528, 'date')).toBe('0001-01-01 BC');
    expect(parseValue('0001-01-01 BC', 'date')).toBe(-719528);
    expect(formatValue(2147483647, 'date')).toBe('infinity');
    const ts = parseValue('2024-01-02 03:04:05.123456', 'timestamp') as number;
    expect(formatValue(ts, 'timestamp')).toBe('2024-01-02 03:04:05.123456');
    expect(formatValue(parseValue('2024-01-02T03:04:05.5Z', 'timestamp'), 'timestamp')).toBe('2024-01-02 03:04:05.5');
    expect(formatValue(parseValue('2024-01-02 03:04:05+02:00', 'timestamp'), 'timestamp')).toBe('2024-01-02 01:04:05');
    expect(formatValue(parseValue('2024-01-01 24:00:00', 'timestamp'), 'timestamp')).toBe('2024-01-02 00:00:00');
    expect(formatValue(parseValue('1969-12-31 23:59:59.999', 'timestamp'), 'timestamp')).toBe('1969-12-31 23:59:59.999');
    expect(formatValue(parseValue('2024-03-04', 'timestamp'), 'timestamp')).toBe('2024-03-04 00:00:00');
    expect(parseValue('-infinity', 'timestamp')).toBe(-Infinity);
    expect(code(() => parseValue('x', 'timestamp'))).toBe('22007 invalid input syntax for type timestamp: "x"');
    expect(code(() => parseValue('2024-13-01', 'date'))).toBe('22008 date/time field value out of range: "2024-13-01"');
    expect(code(() => parseValue('2023-02-29', 'date'))).toBe('22008 date/time field value out of range: "2023-02-29"');
    expect(castValue(1, 'date', 'timestamp')).toBe(86400000);
    expect(castValue(-1, 'timestamp', 'date')).toBe(-1);
    expect(castValue(86399999, 'timestamp', 'date')).toBe(0);
  });
  it('json, uuid, bytes', () => {
    expect(parseValue('{"a": [1, 2]}', 'json')).toBe('{"a": [1, 2]}');
    expect(code(() => parseValue('{a}', 'json'))).toBe('22P02 invalid input syntax for type json');
    expect(parseValue('{A0EEBC99-9C0B4EF8-BB6D6BB9BD380A11}', 'uuid')).toBe('a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11');
    expect(code(() => parseValue('a0eebc99', 'uuid'))).toBe('22P02 invalid input syntax for type uuid: "a0eebc99"');
    expect(Array.from(parseValue('\\x0A 0b', 'bytes') as Uint8Array)).toEqual([10, 11]);
    expect(Array.from(parseValue('ab\\\\c\\001', 'bytes') as Uint8Array)).toEqual([97, 98, 92, 99, 1]);
    expect(Array.from(parseValue('é', 'bytes') as Uint8Array)).toEqual([0xc3, 0xa9]);
    expect(code(() => parseValue('\\xzz', 'bytes'))).toBe('22P02 invalid hexadecimal digit: "z"');
    expect(code(() => parseValue('\\x0', 'bytes'))).toBe('22P02 invalid hexadecimal data: odd number of digits');
    expect(castValue('1', 'json', 'integer')).toBe(1);
    expect(castValue('true', 'json', 'boolean')).toBe(true);
    expect(code(() => castValue('"x"', 'json', 'integer'))).toBe('22023 cannot cast jsonb string to type integer');
  });
  it('disallowed casts', () => {
    expect(code(() => castValue(true, 'boolean', 'date'))).toBe('42846 cannot cast type boolean to date');
    expect(code(() => castVector(vectorFromValues('double', [1]), 'timestamp', null))).toBe('42846 cannot cast type double precision to timestamp');
    expect(canCast('null', 'uuid')).toBe(true);
    expect(canCast('uuid', 'bytes')).toBe(false);
  });
  it('relabel and null vectors', () => {
    const j = vectorFromValues('json', ['1', null]);
    const t = castVector(j, 'text', null);
    expect(t.type).toBe('text');
    expect(t.data).toBe(j.data);
    const nv = castVector(vectorFromValues('null', [null, null]), 'integer', null);
    expect(nv.type).toBe('integer');
    expect(Array.from(nv.nulls!)).toEqual([1, 1]);
  });
});

describe('type relations', () => {
  it('commonSupertype', () => {
    expect(commonSupertype('smallint', 'integer')).toBe('integer');
    expect(commonSupertype('bigint', 'real')).toBe('real');
    expect(commonSupertype('double', 'integer')).toBe('double');
    expect(commonSupertype('null', 'uuid')).toBe('uuid');
    expect(commonSupertype('text', 'null')).toBe('text');
    // json and uuid do not mix with text without a cast (PostgreSQL: UNION types json and text cannot be matched)
    expect(commonSupertype('json', 'text')).toBeNull();
    expect(commonSupertype('uuid', 'text')).toBeNull();
    expect(commonSupertype('date', 'timestamp')).toBe('timestamp');
    expect(commonSupertype('text', 'integer')).toBeNull();
    expect(commonSupertype('boolean', 'integer')).toBeNull();
    for (const a of DATA_TYPES) {
      for (const b of DATA_TYPES) {
        const c = commonSupertype(a, b);
        expect(c).toBe(commonSupertype(b, a));
        if (c !== null) {
          expect(implicitCastAllowed(a, c) || a === 'text' || c === 'text').toBe(true);
          expect(canCast(a, c) && canCast(b, c)).toBe(true);
        }
      }
    }
  });
  it('implicitCastAllowed', () => {
    expect(implicitCastAllowed('integer', 'bigint')).toBe(true);
    expect(implicitCastAllowed('bigint', 'integer')).toBe(false);
    expect(implicitCastAllowed('null', 'json')).toBe(true);
    expect(implicitCastAllowed('date', 'timestamp')).toBe(true);
    expect(implicitCastAllowed('timestamp', 'date')).toBe(false);
    expect(implicitCastAllowed('text', 'integer')).toBe(false);
  });
});

describe('coerceJsValue', () => {
  it('converts plain JS values', () => {
    expect(coerceJsValue(42, 'bigint')).toBe(42n);
    expect(coerceJsValue(42n, 'integer')).toBe(42);
    expect(coerceJsValue('7', 'integer')).toBe(7);
    expect(coerceJsValue(undefined, 'text')).toBeNull();
    expect(coerceJsValue(true, 'integer')).toBe(1);
    expect(coerceJsValue(1, 'boolean')).toBe(true);
    expect(coerceJsValue('yes', 'boolean')).toBe(true);
    expect(coerceJsValue(0.1, 'real')).toBe(Math.fround(0.1));
    expect(coerceJsValue(5n, 'double')).toBe(5);
    expect(coerceJsValue({ a: [1, 'x'] }, 'json')).toBe('{"a":[1,"x"]}');
    expect(coerceJsValue('{"a":1}', 'json')).toBe('{"a":1}');
    expect(coerceJsValue(3, 'json')).toBe('3');
    expect(coerceJsValue({ n: 2n }, 'json')).toBe('{"n":2}');
    expect(coerceJsValue(new Date(86400000 * 3 + 5), 'timestamp')).toBe(86400000 * 3 + 5);
    expect(coerceJsValue(new Date(86400000 * 3 + 5), 'date')).toBe(3);
    expect(coerceJsValue('2024-01-02', 'date')).toBe(19724);
    expect(coerceJsValue(12.5, 'text')).toBe('12.5');
    expect(coerceJsValue(new Date(0), 'text')).toBe('1970-01-01 00:00:00');
    expect(Array.from(coerceJsValue(new Uint8Array([1]).buffer, 'bytes') as Uint8Array)).toEqual([1]);
    expect(coerceJsValue('A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11', 'uuid')).toBe('a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11');
  });
  it('rejects bad input with 22P02 / 22003', () => {
    expect(code(() => coerceJsValue(1.5, 'integer'))).toBe('22P02 invalid input syntax for type integer: "1.5"');
    expect(code(() => coerceJsValue(3e9, 'integer'))).toBe('22003 integer out of range');
    expect(code(() => coerceJsValue(2n ** 64n, 'bigint'))).toBe('22003 bigint out of range');
    expect(code(() => coerceJsValue(Infinity, 'bigint'))).toBe('22003 bigint out of range');
    expect(code(() => coerceJsValue('abc', 'integer'))).toBe('22P02 invalid input syntax for type integer: "abc"');
    expect(code(() => coerceJsValue({}, 'integer'))).toBe('22P02 invalid input syntax for type integer: "{}"');
    expect(code(() => coerceJsValue(2, 'boolean'))).toBe('22P02 invalid input syntax for type boolean: "2"');
    expect(code(() => coerceJsValue('{x', 'json'))).toMatch(/^22P02 invalid input syntax for type json/);
    expect(code(() => coerceJsValue(5, 'uuid'))).toBe('22P02 invalid input syntax for type uuid: "5"');
    expect(code(() => coerceJsValue(true, 'date'))).toBe('22P02 invalid input syntax for type date: "true"');
    expect(code(() => coerceJsValue(1e300, 'real'))).toBe('22003 value out of range: overflow');
  });
});

describe('text round trips (property checks over pseudo-random values)', () => {
  // A small deterministic PRNG (xorshift32) so failures reproduce.
  let seed = 0x9e3779b9;
  const rnd = (): number => {
    seed ^= seed << 13; seed >>>= 0;
    seed ^= seed >>> 17;
    seed ^= seed << 5; seed >>>= 0;
    return seed / 4294967296;
  };
  const f64 = new Float64Array(1);
  const u32 = new Uint32Array(f64.buffer);

  it('double: formatValue → parseValue is exact, and matches JS digits', () => {
    for (let k = 0; k < 20000; k++) {
      u32[0] = (rnd() * 4294967296) >>> 0;
      u32[1] = (rnd() * 4294967296) >>> 0;
      const x = f64[0]!;
      const s = formatValue(x, 'double');
      const y = parseValue(s, 'double') as number;
      if (Number.isNaN(x)) expect(s).toBe('NaN');
      else expect(Object.is(y, x), `${x} → ${s}`).toBe(true);
      if (Number.isFinite(x) && x !== 0) {
        // Same significant digits as JavaScript's shortest round-trip form.
        const digits = (t: string) => t.replace(/^-/, '').replace(/e.*$/, '').replace('.', '').replace(/^0+/, '').replace(/0+$/, '');
        expect(digits(s)).toBe(digits(x.toExponential()));
      }
    }
  });

  it('real: shortest float32 digits round-trip through Math.fround', () => {
    for (let k = 0; k < 20000; k++) {
      const x = Math.fround((rnd() - 0.5) * 10 ** Math.floor(rnd() * 76 - 38));
      const s = formatValue(x, 'real');
      expect(parseValue(s, 'real'), `${x} → ${s}`).toBe(x);
      expect(s.replace(/^-/, '').replace(/e.*$/, '').replace('.', '').replace(/^0+/, '').length).toBeLessThanOrEqual(9);
    }
  });

  it('timestamp and date: text round trips at microsecond precision', () => {
    for (let k = 0; k < 20000; k++) {
      // Epoch-ms doubles hold exact microseconds while |ms| < 2^41 (1900..2039); beyond that the
      // layout (Float64 ms) keeps about 1-2 µs, so the wider range is checked to 4 µs.
      const wide = k % 2 === 1;
      const us = wide
        ? Math.floor((rnd() * 1200 - 970) * 365.25 * 86400e6)
        : Math.floor((rnd() * 2 - 1) * 2 ** 41 * 1000);
      const ms = us / 1000;
      const s = formatValue(ms, 'timestamp');
      expect(s).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d{1,6})?$/);
      const back = parseValue(s, 'timestamp') as number;
      if (wide) expect(Math.abs(Math.round(back * 1000) - us), s).toBeLessThanOrEqual(4);
      else expect(Math.round(back * 1000), s).toBe(us);
      const days = Math.floor(ms / 86400000);
      expect(parseValue(formatValue(days, 'date'), 'date')).toBe(days);
      expect(castValue(ms, 'timestamp', 'date')).toBe(days);
      expect(formatValue(days, 'date')).toBe(s.slice(0, 10));
    }
  });

  it('dates agree with the JS Date calendar', () => {
    for (let days = -800000; days < 800000; days += 997) {
      const iso = new Date(days * 86400000).toISOString();
      if (!/^\d{4}-/.test(iso)) continue; // years outside 0000..9999 print with a sign
      const y = Number(iso.slice(0, 4));
      if (y < 1) continue;
      expect(formatValue(days, 'date')).toBe(iso.slice(0, 10));
    }
  });

  it('integers: text round trips and the boundaries', () => {
    for (let k = 0; k < 5000; k++) {
      const x = Math.floor((rnd() - 0.5) * 4294967295);
      expect(parseValue(formatValue(x, 'integer'), 'integer')).toBe(x);
      const b = BigInt(Math.floor(rnd() * 2 ** 31)) * BigInt(Math.floor(rnd() * 2 ** 31)) * (rnd() < 0.5 ? -1n : 1n);
      expect(parseValue(formatValue(b, 'bigint'), 'bigint')).toBe(b);
    }
    expect(parseValue('2147483647', 'integer')).toBe(2147483647);
    expect(parseValue('-2147483648', 'integer')).toBe(-2147483648);
    expect(parseValue('-32768', 'smallint')).toBe(-32768);
    expect(parseValue('9223372036854775807', 'bigint')).toBe(9223372036854775807n);
  });
});
