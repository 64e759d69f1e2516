/**
 * Regressions from the robustness fuzzer (test/fuzz/FINDINGS.md F06–F10, F20): every JavaScript
 * value a caller may pass as a parameter, to every SQL type. Each either becomes a value of the
 * type's layout (`types/vector.ts`) or fails with a `DbError` carrying a PostgreSQL SQLSTATE —
 * never XX000, never a bare `TypeError`, never a result whose rows throw when read.
 */
import { describe, expect, it } from 'vitest';
import { DbError, openDatabase } from '../../src/index.ts';
import type { Session } from '../../src/index.ts';
import { coerceJsValue } from '../../src/types/coerce-js.ts';
import { DATA_TYPES, type DataType } from '../../src/types/data-type.ts';
import { badCharIndex } from '../../src/types/text-encoding.ts';
import type { JsValue } from '../../src/types/vector.ts';

const throwing = (): unknown => ({
  toString(): string { throw new Error('toString refused'); },
  valueOf(): number { throw new Error('valueOf refused'); },
  toJSON(): string { throw new Error('toJSON refused'); },
});
const cyclic = (): unknown => {
  const o: { a: number; self?: unknown } = { a: 1 };
  o.self = o;
  return o;
};

/** Every kind of value a caller may pass, by name (a fresh value per call). */
const VALUES: Record<string, () => unknown> = {
  'number 0': () => 0, 'number -0': () => -0, 'number 1': () => 1, 'number 1.5': () => 1.5, 'number -5': () => -5, 'number 2^31': () => 2 ** 31,
  'number 2^53+2': () => 2 ** 53 + 2, 'number 1e308': () => 1e308, 'number -1e308': () => -1e308, 'number 5e-324': () => 5e-324,
  NaN: () => Number.NaN, Infinity: () => Infinity, '-Infinity': () => -Infinity,
  'bigint 1': () => 1n, 'bigint 2^63': () => 2n ** 63n, 'bigint -2^63-1': () => -(2n ** 63n) - 1n, 'bigint 10^400': () => 10n ** 400n,
  true: () => true, false: () => false,
  'string ""': () => '', 'string 12': () => '12', 'string t': () => 't', 'string 2024-01-02': () => '2024-01-02', 'string NaN': () => 'NaN',
  'string with NUL': () => 'a\u0000b', 'string with a lone high surrogate': () => 'x\ud800', 'string with a lone low surrogate': () => '\udc00',
  'string with emoji and combining marks': () => 'e\u0301\u202e🎉', 'string 1 MB': () => 'x'.repeat(1_000_000),
  'Date epoch': () => new Date(0), 'Date invalid': () => new Date('x'), 'Date max': () => new Date(8.64e15), 'Date min': () => new Date(-8.64e15),
  'Date 1.5 ms': () => new Date(1.5),
  Uint8Array: () => new Uint8Array([0, 1, 255]), 'empty Uint8Array': () => new Uint8Array(0), ArrayBuffer: () => new ArrayBuffer(4),
  Float64Array: () => new Float64Array([Number.NaN, 1]), BigInt64Array: () => new BigInt64Array([-1n]), Int16Array: () => new Int16Array([1, -2]),
  DataView: () => new DataView(new ArrayBuffer(2)),
  'plain object': () => ({ a: { b: [1] } }), 'empty object': () => ({}), 'null-prototype object': () => Object.create(null) as object,
  array: () => [1, 'a', null], 'sparse array': () => new Array(3), 'object holding a bigint': () => ({ n: 2n }),
  'object whose toString/toJSON throw': throwing, 'cyclic object': cyclic,
  'getter that throws': () => ({ get a(): number { throw new Error('getter refused'); } }),
  'proxy whose traps throw': () => new Proxy({}, { get() { throw new Error('trap'); }, ownKeys() { throw new Error('trap'); } }),
  'toPrimitive that throws': () => ({ [Symbol.toPrimitive](): never { throw new Error('no primitive'); } }),
  'boxed string': () => new String('7'), 'boxed number': () => new Number(7), 'boxed boolean': () => new Boolean(false), 'boxed bigint': () => Object(5n) as object,
  Promise: () => Promise.resolve(1), thenable: () => ({ then(): void { /* never */ } }),
  Map: () => new Map([['a', 1]]), Set: () => new Set([1]), WeakMap: () => new WeakMap(), RegExp: () => /a+/g, Error: () => new Error('e'),
  symbol: () => Symbol('s'), function: () => () => 1, class: () => class X {},
  undefined: () => undefined, null: () => null,
};

/** The codes a bad value may fail with (22P02 syntax, 22003 range, 22007/22008 dates, 22021 encoding, 22023 not data). */
const VALUE_ERRORS = new Set(['22P02', '22003', '22007', '22008', '22021', '22023', '54000']);

/** Why `v` is not a value of `t`'s layout, or null when it is. */
function layoutProblem(v: JsValue, t: DataType): string | null {
  if (v === null) return null;
  const isText = (x: unknown): boolean => typeof x === 'string' && badCharIndex(x) === -1;
  switch (t) {
    case 'boolean': return typeof v === 'boolean' ? null : 'not a boolean';
    case 'smallint': return Number.isInteger(v) && (v as number) >= -32768 && (v as number) <= 32767 ? null : 'not a smallint';
    case 'integer': return Number.isInteger(v) && (v as number) >= -(2 ** 31) && (v as number) < 2 ** 31 ? null : 'not an integer';
    case 'bigint': return typeof v === 'bigint' && BigInt.asIntN(64, v) === v ? null : 'not a bigint';
    case 'numeric': return typeof v === 'string' && /^(-?\d+(\.\d+)?|NaN|-?Infinity)$/.test(v) ? null : `not numeric text: ${String(v).slice(0, 40)}`;
    case 'real': case 'double': return typeof v === 'number' ? null : 'not a number';
    case 'text': case 'json': case 'uuid': return isText(v) ? null : 'not well-formed text';
    case 'timestamp': return typeof v === 'number' && !Number.isNaN(v) && (!Number.isFinite(v) || (v >= -210866803200000 && v < 9224318016000000)) ? null : 'not a timestamp';
    case 'date': return Number.isInteger(v) ? null : 'not a date';
    case 'bytes': return v instanceof Uint8Array ? null : 'not bytes';
    case 'null': return 'a value for the null type';
  }
}

describe('coerceJsValue: every JavaScript value to every SQL type', () => {
  for (const [name, make] of Object.entries(VALUES)) {
    it(name, () => {
      const problems: string[] = [];
      for (const t of DATA_TYPES) {
        try {
          const v = coerceJsValue(make(), t);
          const p = layoutProblem(v, t);
          if (p !== null) problems.push(`${t}: ${p}`);
        } catch (e) {
          if (!(e instanceof DbError)) problems.push(`${t}: threw ${String(e)}`);
          else if (!VALUE_ERRORS.has(e.code)) problems.push(`${t}: ${e.code} ${e.message}`);
        }
      }
      expect(problems).toEqual([]);
    });
  }

  const code = (f: () => unknown): string => {
    try {
      f();
      return 'ok';
    } catch (e) {
      return e instanceof DbError ? e.code : `not a DbError: ${String(e)}`;
    }
  };

  it('converts what has a meaning, the PostgreSQL way', () => {
    expect(coerceJsValue(true, 'text')).toBe('true');
    expect(coerceJsValue(1.5, 'text')).toBe('1.5');
    expect(coerceJsValue(10n ** 30n, 'text')).toBe(`1${'0'.repeat(30)}`);
    expect(coerceJsValue(new Uint8Array([1, 255]), 'text')).toBe('\\x01ff');
    expect(coerceJsValue(new Int16Array([1]), 'bytes')).toEqual(new Uint8Array([1, 0]));
    expect(coerceJsValue({ a: [1] }, 'text')).toBe('{"a":[1]}');
    expect(coerceJsValue({ n: 2n }, 'text')).toBe('{"n":2}');
    expect(coerceJsValue(new String('7'), 'integer')).toBe(7);
    expect(coerceJsValue(Object(5n), 'bigint')).toBe(5n);
    expect(coerceJsValue(new Boolean(false), 'boolean')).toBe(false);
    expect(coerceJsValue(new Date(0), 'text')).toBe('1970-01-01 00:00:00');
    expect(coerceJsValue(Infinity, 'timestamp')).toBe(Infinity);
    expect(coerceJsValue(new Date(8.64e15), 'timestamp')).toBe(8.64e15);
  });

  it('fails with the code of the problem', () => {
    expect(code(() => coerceJsValue(new Date('x'), 'timestamp'))).toBe('22007');
    expect(code(() => coerceJsValue(new Date('x'), 'integer'))).toBe('22007');
    expect(code(() => coerceJsValue(new Date('x'), 'text'))).toBe('22007');
    expect(code(() => coerceJsValue(new Date(-8.64e15), 'timestamp'))).toBe('22008');
    expect(code(() => coerceJsValue(new Date(-8.64e15), 'date'))).toBe('22008');
    expect(code(() => coerceJsValue(1e308, 'timestamp'))).toBe('22008');
    expect(code(() => coerceJsValue(Number.NaN, 'timestamp'))).toBe('22007');
    expect(code(() => coerceJsValue(3e9, 'date'))).toBe('22008');
    expect(code(() => coerceJsValue('x\ud800', 'text'))).toBe('22021');
    expect(code(() => coerceJsValue('a\u0000', 'json'))).toBe('22021');
    expect(code(() => coerceJsValue('\udc00', 'bytes'))).toBe('22021');
    expect(code(() => coerceJsValue(cyclic(), 'text'))).toBe('22023');
    expect(code(() => coerceJsValue(cyclic(), 'json'))).toBe('22023');
    expect(code(() => coerceJsValue(throwing(), 'text'))).toBe('22023');
    expect(code(() => coerceJsValue(throwing(), 'integer'))).toBe('22P02');
    for (const v of [Promise.resolve(1), new Map(), new Set(), /a/, new Error('e'), Symbol('s'), () => 1]) {
      expect(code(() => coerceJsValue(v, 'text'))).toBe('22023');
      expect(code(() => coerceJsValue(v, 'json'))).toBe('22023');
    }
  });
});

async function session(): Promise<Session> {
  const db = await openDatabase({ worker: false, storage: 'memory' });
  const s = await db.login('root', '');
  await s.query("CREATE TABLE tab0 (pk INTEGER PRIMARY KEY, col0 INTEGER, col2 TEXT); INSERT INTO tab0 VALUES (0, 1, 'a'), (1, NULL, ''), (2, 3, 'b'), (3, 4, 'c')");
  return s;
}

/** Runs a query and reads everything a caller could: rows, row arrays, the Arrow table. */
async function run(s: Session, sql: string, params?: unknown): Promise<unknown[][] | string> {
  let rows: unknown[][];
  try {
    const r = await s.query(sql, params as unknown[]);
    rows = r.rowArrays();
    void r.rows;
    void r.table.numRows;
  } catch (e) {
    return e instanceof DbError ? e.code : `not a DbError: ${String(e)}`;
  }
  // the session still answers
  expect((await s.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
  return rows;
}

describe('parameters through the public API', () => {
  it('F06: non-string values where text, json or timestamp is inferred', async () => {
    const s = await session();
    expect(await run(s, 'SELECT repeat($1, 2)', [true])).toEqual([['truetrue']]);
    expect(await run(s, 'SELECT reverse($1)', [1.5])).toEqual([['5.1']]);
    expect(await run(s, 'SELECT upper($1)', [new Uint8Array([1, 2])])).toEqual([['\\X0102']]);
    expect(await run(s, 'SELECT length($1)', [5])).toEqual([[1]]);
    expect(await run(s, "SELECT date_trunc('day', $1)", [1.5])).toBe('22007');
    expect(await run(s, "SELECT $1 -> 'a'", [1.5])).toEqual([[null]]);
    expect(await run(s, "SELECT $1 -> 'a'", [{ a: 2 }])).toEqual([['2']]);
    expect(await run(s, "SELECT CASE WHEN col2 = '' THEN 't' ELSE $1 END FROM tab0 ORDER BY 1", [false])).toEqual([['false'], ['false'], ['false'], ['t']]);
    expect(await run(s, "SELECT json_extract_path(json_build_object('a', $1), 'a')", [42])).toEqual([['"42"']]);
    for (const f of ['lower', 'initcap', 'ascii', 'md5', 'btrim', 'json_typeof']) expect(typeof await run(s, `SELECT ${f}($1)`, [1])).toBe('object');
  });

  it('F07: bytes in a text-typed result can be read every way', async () => {
    const s = await session();
    expect(await run(s, 'SELECT $1', [new Uint8Array([1, 2])])).toEqual([['\\x0102']]);
    expect(await run(s, 'SELECT max($1) FROM tab0', [new Uint8Array([1, 2])])).toEqual([['\\x0102']]);
    expect(await run(s, "SELECT string_agg($1, ',') FROM tab0", [new Uint8Array([1, 2])])).toEqual([['\\x0102,\\x0102,\\x0102,\\x0102']]);
    expect(await run(s, 'SELECT $1::bytea', [new Uint8Array([1, 2])])).toEqual([[new Uint8Array([1, 2])]]);
  });

  it('F08: an invalid Date is 22007 wherever it goes', async () => {
    const s = await session();
    for (const sql of ['SELECT $1', 'SELECT $1 + 1', 'SELECT * FROM tab0 OFFSET $1', 'SELECT $1::text', 'SELECT $1::timestamp', 'SELECT $1::date', 'SELECT $1 = 1']) {
      expect([sql, await run(s, sql, [new Date('x')])]).toEqual([sql, '22007']);
    }
    expect(await run(s, 'SELECT $1::timestamp', [new Date(-8.64e15)])).toBe('22008');
  });

  it('F09: objects whose conversion throws are 22023 (or the target type\'s syntax error)', async () => {
    const s = await session();
    for (const sql of ['SELECT $1', "SELECT $1 LIKE 'a%'", "SELECT $1 || 'x'", 'SELECT to_json($1)', 'SELECT $1::json']) {
      expect([sql, await run(s, sql, [throwing()])]).toEqual([sql, '22023']);
      expect([sql, await run(s, sql, [cyclic()])]).toEqual([sql, '22023']);
    }
    expect(await run(s, 'SELECT $1::bool', [throwing()])).toBe('22P02');
    expect(await run(s, 'SELECT * FROM tab0 LIMIT $1', [throwing()])).toBe('22P02');
  });

  it('F10: params that are not an array', async () => {
    const s = await session();
    expect(await run(s, 'SELECT $1', null)).toBe('42P02');
    expect(await run(s, 'SELECT 1 AS x', null)).toEqual([[1]]);
    for (const p of [5, 'x', {}, { 0: 1, length: 1 }, new Set([1])]) expect(await run(s, 'SELECT $1', p)).toBe('22023');
  });

  it('F20: values that are not data are rejected, odd text and huge timestamps too', async () => {
    const s = await session();
    for (const v of [Promise.resolve(1), () => 1, Symbol('x'), new Map(), new Set([1]), /a/]) expect(await run(s, 'SELECT $1', [v])).toBe('22023');
    expect(await run(s, 'SELECT $1', ['\ud800'])).toBe('22021');
    expect(await run(s, 'INSERT INTO tab0 (pk, col2) VALUES (9, $1)', ['a\u0000'])).toBe('22021');
    expect(await run(s, 'SELECT $1::timestamp', [1e308])).toBe('22008');
    expect(await run(s, 'SELECT $1::uuid', [new Uint8Array([1, 2])])).toBe('22P02');
  });
});
