import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { runSltFile, runSltFiles } from './sqllogictest.ts';
import { parseSlt, type SltQueryRecord } from './slt-parser.ts';
import { formatReal, renderInteger, renderReal, renderText, renderValue } from './slt-render.ts';
import { hashLine, hashValues, sortValues } from './slt-sort-hash.ts';
import { md5Hex } from './md5.ts';
import type { SltConnect, SltConnection, SltQueryResult } from './slt-connection.ts';

// ---------------------------------------------------------------------------------------
// A fake engine: SQL text → result or error
// ---------------------------------------------------------------------------------------

class FakeDbError extends Error {
  constructor(readonly code: string, message: string) { super(message); }
}

/** A result with `n` columns (named c1..cn) and the given rows. */
function rows(n: number, data: unknown[][] = []): SltQueryResult {
  return { columns: Array.from({ length: n }, (_, i) => ({ name: `c${i + 1}`, type: 'integer' })), rows: data };
}

type Answer = SltQueryResult | Error | ((sql: string) => SltQueryResult);

interface Fake {
  connect: SltConnect;
  /** SQL texts run, per connection. */
  log: string[][];
  closed: number;
}

/**
 * A fake engine answering from a map. Unknown SQL succeeds with an empty result when it is a
 * statement (CREATE/INSERT/...), and fails for SELECT, so tests only list what matters.
 */
function fake(answers: Record<string, Answer>, mode: 'sync' | 'async' = 'sync'): Fake {
  const f: Fake = { connect: async () => conn(), log: [], closed: 0 };
  const conn = (): SltConnection => {
    const log: string[] = [];
    f.log.push(log);
    const answer = (sql: string): SltQueryResult => {
      log.push(sql);
      const a = answers[sql];
      if (a === undefined) {
        if (/^\s*select/i.test(sql)) throw new FakeDbError('42P01', `no answer for: ${sql}`);
        return rows(0);
      }
      if (a instanceof Error) throw a;
      return typeof a === 'function' ? a(sql) : a;
    };
    return {
      query: mode === 'sync' ? answer : async (sql: string) => answer(sql),
      close: () => { f.closed++; },
    };
  };
  return f;
}

const src = (text: string, name = 'mem.test') => ({ name, text });

// ---------------------------------------------------------------------------------------
// Parser
// ---------------------------------------------------------------------------------------

describe('parseSlt', () => {
  it('parses every record kind with line numbers, conditions, labels and expected blocks', () => {
    const text = [
      '# a comment',
      'hash-threshold 8',
      '',
      'statement ok',
      'CREATE TABLE t1(a INTEGER,',
      '  b TEXT)',
      '',
      '',
      'skipif mysql # not compatible',
      'onlyif PostgreSQL',
      'statement error some message',
      'INSERT INTO nope VALUES(1)',
      '',
      'query IT rowsort label-7',
      'SELECT a, b',
      '# a comment inside the record is dropped',
      '  FROM t1',
      '----',
      '1',
      'x',
      '',
      'query I nosort',
      'SELECT 1',
      '',
      'query R',
      'SELECT 1.5',
      '----',
      '',
      'halt',
    ].join('\n');
    const recs = parseSlt(text);
    expect(recs.map((r) => r.kind)).toEqual(['hash-threshold', 'statement', 'statement', 'query', 'query', 'query', 'halt']);
    expect(recs[0]).toMatchObject({ kind: 'hash-threshold', value: 8, line: 2, conditions: [] });
    expect(recs[1]).toMatchObject({ kind: 'statement', expectError: false, line: 4, sql: 'CREATE TABLE t1(a INTEGER,\n  b TEXT)' });
    expect(recs[2]).toMatchObject({
      kind: 'statement', expectError: true, errorText: 'some message', line: 11, sql: 'INSERT INTO nope VALUES(1)',
      conditions: [{ kind: 'skipif', engine: 'mysql' }, { kind: 'onlyif', engine: 'postgresql' }],
    });
    expect(recs[3]).toMatchObject({
      kind: 'query', types: 'IT', sort: 'rowsort', label: 'label-7', line: 14, sql: 'SELECT a, b\n  FROM t1', expected: ['1', 'x'],
    });
    expect(recs[4]).toMatchObject({ kind: 'query', types: 'I', sort: 'nosort', label: '', sql: 'SELECT 1', expected: null });
    expect(recs[5]).toMatchObject({ kind: 'query', types: 'R', sort: '', expected: [] });
    expect(recs[6]).toMatchObject({ kind: 'halt', line: 29 });
  });

  it('splits the text after `error` into a SQLSTATE and a message pattern; `query error` is a synonym', () => {
    const recs = parseSlt([
      'statement error', 'S1', '',
      'statement error 42P01', 'S2', '',
      'statement error 42P01 relation "t\\d" does not exist', 'S3', '',
      'statement error does not exist', 'S4', '',
      'query error 22012', 'S5', '',
      'statement error ERROR', 'S6', '',
      'statement error 42P01 (unclosed', 'S7', '',
      'statement ok', 'S8', '',
    ].join('\n'));
    expect(recs.map((r) => r.kind)).toEqual(['statement', 'statement', 'statement', 'statement', 'statement', 'statement', 'unknown', 'statement']);
    expect(recs[0]).toMatchObject({ expectError: true, errorText: '', errorCode: '', errorPattern: null, sql: 'S1' });
    expect(recs[1]).toMatchObject({ errorText: '42P01', errorCode: '42P01', errorPattern: null });
    expect(recs[2]).toMatchObject({ errorCode: '42P01', errorPattern: /relation "t\d" does not exist/ });
    expect(recs[3]).toMatchObject({ errorCode: '', errorPattern: /does not exist/ });
    expect(recs[4]).toMatchObject({ kind: 'statement', expectError: true, errorCode: '22012', errorPattern: null, sql: 'S5', line: 13 });
    // Five capitals without a digit are no SQLSTATE: a pattern.
    expect(recs[5]).toMatchObject({ errorCode: '', errorPattern: /ERROR/ });
    expect(recs[6]).toMatchObject({ kind: 'unknown', line: 19 });
    expect((recs[6] as { reason: string }).reason).toMatch(/^invalid error pattern \/\(unclosed\//);
    expect(recs[7]).toMatchObject({ expectError: false, errorCode: '', errorPattern: null, sql: 'S8' });
  });

  it('accepts CRLF line endings and whitespace-only separator lines', () => {
    const recs = parseSlt('statement ok\r\nSELECT 1\r\n  \t \r\nquery I nosort\r\nSELECT 2\r\n----\r\n2\r\n');
    expect(recs).toHaveLength(2);
    expect(recs[0]).toMatchObject({ kind: 'statement', sql: 'SELECT 1' });
    expect(recs[1]).toMatchObject({ kind: 'query', sql: 'SELECT 2', expected: ['2'], line: 4 });
  });

  it('turns malformed records into unknown records', () => {
    const recs = parseSlt('statement maybe\nSELECT 1\n\nfrobnicate\nstuff\n\nhash-threshold x\n\nskipif mysql\n\nstatement ok\nSELECT 1\n');
    expect(recs.map((r) => r.kind)).toEqual(['unknown', 'unknown', 'unknown', 'unknown', 'statement']);
    expect(recs[1]).toMatchObject({ line: 4, text: 'frobnicate' });
    expect(recs[4]).toMatchObject({ line: 11, sql: 'SELECT 1' });
  });
});

// ---------------------------------------------------------------------------------------
// Rendering
// ---------------------------------------------------------------------------------------

describe('rendering', () => {
  it('renders I values as integer text, truncating toward zero', () => {
    const cases: [unknown, string][] = [
      [42, '42'], [-7, '-7'], [0, '0'], [-0, '0'], [3.9, '3'], [-3.9, '-3'], [-0.5, '0'], [0.5, '0'],
      [2 ** 60, '1152921504606846976'], [1e20, '9223372036854775807'], [-1e20, '-9223372036854775808'],
      [Infinity, '9223372036854775807'], [NaN, '0'],
      [9223372036854775807n, '9223372036854775807'], [-12n, '-12'],
      [true, '1'], [false, '0'],
      ['12abc', '12'], ['abc', '0'], ['', '0'], ['  -5x', '-5'], ['+7', '7'], ['-', '0'], ['007', '7'],
      ['3.9', '3'], ['1e3', '1'], ['-000', '0'],
      ['99999999999999999999', '9223372036854775807'], ['-99999999999999999999', '-9223372036854775808'],
      ['1234567890123456789', '1234567890123456789'],
      [new Uint8Array([52, 50, 120]), '42'],
      [null, 'NULL'], [undefined, 'NULL'],
    ];
    for (const [v, want] of cases) expect(renderInteger(v), String(v)).toBe(want);
  });

  it('renders R values with three decimals like SQLite printf("%.3f")', () => {
    const cases: [unknown, string][] = [
      [1.25, '1.250'], [2, '2.000'], [-1.5, '-1.500'], [0, '0.000'], [1e-10, '0.000'], [123.4567, '123.457'],
      [-0.0001, '-0.000'], [-0.0004999, '-0.000'], [-0, '-0.000'], [-0.0005, '-0.001'],
      [0.0625, '0.063'], [-0.0625, '-0.063'], [2.5e-3, '0.003'],
      [1e12, '1000000000000.000'], [999999999999.999, '999999999999.999'], [9999999999999.999, '9999999999999.998'],
      [12345678901234.567, '12345678901234.570'],
      [-9223372036854775808, '-9223372036854776000.000'], [-18446744073709551616, '-18446744073709550000.000'],
      [1e21, '1000000000000000000000.000'], [1.5e300, '15' + '0'.repeat(299) + '.000'],
      [Infinity, 'Inf'], [-Infinity, '-Inf'], [NaN, 'NaN'],
      [10n, '10.000'], [true, '1.000'], [false, '0.000'],
      ['1.5abc', '1.500'], ['abc', '0.000'], ['-2e3x', '-2000.000'], ['.5', '0.500'], ['1e', '1.000'], ['  7', '7.000'],
      [new Uint8Array([51, 46, 50, 53]), '3.250'],
      [null, 'NULL'],
    ];
    for (const [v, want] of cases) expect(renderReal(v), String(v)).toBe(want);
    expect(formatReal(-0.0001)).toBe('-0.000');
  });

  it('renders numeric columns (values as text): R as the number, I by the exact integer prefix, NaN and infinities as numbers', async () => {
    const cols = [{ name: 'a', type: 'numeric' }, { name: 'b', type: 'numeric' }, { name: 'c', type: 'numeric' }];
    const f = fake({
      'SELECT a, b, c FROM n': { columns: cols, rows: [['1.50', '9007199254740993.7', '1.50'], ['NaN', 'Infinity', 'NaN'], ['-0.5', '-Infinity', '-0.5']] },
    });
    const text = [
      'query RIT nosort', 'SELECT a, b, c FROM n', '----',
      '1.500', '9007199254740993', '1.50',
      'NaN', '9223372036854775807', 'NaN',
      '-0.500', '-9223372036854775808', '-0.5', '',
    ].join('\n');
    expect(await runSltFile(src(text), f.connect)).toMatchObject({ run: 1, passed: 1, failed: 0 });
  });

  it('renders T values: (empty), NULL, and @ for each byte outside printable ASCII', () => {
    const cases: [unknown, string][] = [
      ['abc', 'abc'], ['', '(empty)'], [' ', ' '], ['a b~', 'a b~'], ['a\tb', 'a@b'], ['line\nbreak', 'line@break'],
      ['\x7f', '@'], ['é', '@@'], ['café', 'caf@@'], ['€', '@@@'], ['😀', '@@@@'], ['x\ud800y', 'x@@@y'],
      ['ab\0cd', 'ab'], ['\0', '(empty)'],
      [42, '42'], [-1.5, '-1.5'], [12n, '12'], [true, '1'], [false, '0'],
      [new Uint8Array([104, 105, 0xff, 10]), 'hi@@'], [new Uint8Array([]), '(empty)'],
      [null, 'NULL'], [undefined, 'NULL'],
    ];
    for (const [v, want] of cases) expect(renderText(v), JSON.stringify(String(v))).toBe(want);
  });

  it('dispatches on the type letter and renders NULL for every type', () => {
    expect(renderValue(7.9, 'I')).toBe('7');
    expect(renderValue(7.9, 'R')).toBe('7.900');
    expect(renderValue(7.9, 'T')).toBe('7.9');
    for (const t of ['I', 'R', 'T']) expect(renderValue(null, t)).toBe('NULL');
    expect(() => renderValue(1, 'X')).toThrow(/type-string/);
  });
});

// ---------------------------------------------------------------------------------------
// Sorting and hashing
// ---------------------------------------------------------------------------------------

describe('sorting and hashing', () => {
  const values = () => ['b', '1', 'a', '2', 'a', '10', 'NULL', '-5'];

  it('rowsort orders whole rows by strcmp on each value', () => {
    expect(sortValues(values(), 2, 'rowsort')).toEqual(['NULL', '-5', 'a', '10', 'a', '2', 'b', '1']);
  });

  it('valuesort orders every value on its own', () => {
    expect(sortValues(values(), 2, 'valuesort')).toEqual(['-5', '1', '10', '2', 'NULL', 'a', 'a', 'b']);
  });

  it('nosort keeps the engine order', () => {
    expect(sortValues(values(), 2, 'nosort')).toEqual(values());
  });

  it('hashes values each followed by a newline', () => {
    expect(hashValues([])).toBe('d41d8cd98f00b204e9800998ecf8427e');
    expect(hashValues(['a', 'bc'])).toBe(md5Hex('a\nbc\n'));
    const tab0 = sortValues(['89', '91', '82', '35', '97', '1', '24', '86', '33'], 3, 'rowsort');
    expect(hashLine(tab0)).toBe('9 values hashing to 38a1673e2e09d694c8cec45c797034a7');
  });
});

// ---------------------------------------------------------------------------------------
// Runner
// ---------------------------------------------------------------------------------------

describe('runSltFile', () => {
  it('checks statement ok and statement error, recording error codes', async () => {
    const f = fake({
      'CREATE TABLE bad': new FakeDbError('42601', 'syntax error at "bad"'),
      'DROP TABLE nope': new FakeDbError('42P01', 'table "nope" does not exist'),
    });
    const text = [
      'statement ok', 'CREATE TABLE t(a INTEGER)', '',
      'statement ok', 'CREATE TABLE bad', '',
      'statement error', 'DROP TABLE nope', '',
      'statement error', 'CREATE TABLE t2(a INTEGER)', '',
    ].join('\n');
    const r = await runSltFile(src(text), f.connect);
    expect(r).toMatchObject({ file: 'mem.test', run: 4, passed: 2, failed: 2, skipped: 0, halted: false });
    expect(r.failures).toEqual([
      expect.objectContaining({ line: 4, kind: 'statement-error', code: '42601', message: 'syntax error at "bad"', sql: 'CREATE TABLE bad' }),
      expect.objectContaining({ line: 10, kind: 'unexpected-success', code: 'no-error', sql: 'CREATE TABLE t2(a INTEGER)' }),
    ]);
  });

  it('compares the SQLSTATE and message pattern of an expected error', async () => {
    const f = fake({
      'DROP TABLE nope': new FakeDbError('42P01', 'table "nope" does not exist'),
      'SELECT 1/0': new FakeDbError('22012', 'division by zero'),
    });
    const text = [
      'statement error 42P01', 'DROP TABLE nope', '',
      'statement error 42P01 table "\\w+" does not exist', 'DROP TABLE nope', '',
      'query error 22012 ^division by zero$', 'SELECT 1/0', '',
      'statement error 42601', 'DROP TABLE nope', '',
      'statement error 42P01 relation', 'DROP TABLE nope', '',
      'statement error no such table', 'DROP TABLE nope', '',
      'query error 22012', 'CREATE TABLE fine', '',
      'statement error 42P01 (', 'DROP TABLE nope', '',
    ].join('\n');
    const r = await runSltFile(src(text), f.connect);
    expect(r).toMatchObject({ run: 8, passed: 3, failed: 5 });
    expect(r.failures.map((x) => [x.line, x.kind, x.code])).toEqual([
      [10, 'wrong-error', '42P01'],
      [13, 'wrong-error', '42P01'],
      [16, 'wrong-error', '42P01'],
      [19, 'unexpected-success', 'no-error'],
      [22, 'bad-record', 'bad-record'],
    ]);
    expect(r.failures[0]!.message).toBe('expected error 42601, got 42P01: table "nope" does not exist');
    expect(r.failures[1]!.message).toBe('expected error 42P01 relation, got 42P01: table "nope" does not exist');
  });

  it('compares query results value by value and reports the first difference', async () => {
    const f = fake({
      'SELECT a FROM t': rows(1, [[1], [2], [3]]),
      'SELECT a, b FROM t': rows(2, [[1, 'x'], [2, null]]),
    });
    const text = [
      'query I nosort', 'SELECT a FROM t', '----', '1', '2', '3', '',
      'query I nosort', 'SELECT a FROM t', '----', '1', '5', '3', '',
      'query I nosort', 'SELECT a FROM t', '----', '1', '2', '',
      'query IT nosort', 'SELECT a, b FROM t', '----', '1', 'x', '2', 'NULL', '',
      'query I nosort', 'SELECT a, b FROM t', '----', '1', '',
      'query I nosort', 'SELECT missing', '----', '1', '',
    ].join('\n');
    const r = await runSltFile(src(text), f.connect);
    expect(r).toMatchObject({ run: 6, passed: 2, failed: 4 });
    const [wrong, count, cols, err] = r.failures;
    expect(wrong).toMatchObject({ line: 8, kind: 'mismatch', code: 'mismatch', expected: ['1', '5', '3'], actual: ['1', '2', '3'] });
    expect(wrong!.message).toContain("expected '5', got '2'");
    expect(count).toMatchObject({ line: 15, kind: 'mismatch' });
    expect(count!.message).toContain('expected 2 values, got 3');
    expect(cols).toMatchObject({ line: 29, kind: 'column-count', code: 'mismatch' });
    expect(err).toMatchObject({ line: 34, kind: 'query-error', code: '42P01' });
  });

  it('renders by the type letters of the record', async () => {
    const f = fake({ 'SELECT x': rows(3, [[-2.5, -0.0001, 'héllo'], [true, '12abc', '']]) });
    const text = ['query IRT nosort', 'SELECT x', '----', '-2', '-0.000', 'h@@llo', '1', '12.000', '(empty)', ''].join('\n');
    expect(await runSltFile(src(text), f.connect)).toMatchObject({ run: 1, passed: 1, failed: 0 });
  });

  it('applies rowsort and valuesort before comparing', async () => {
    const data = rows(2, [[3, 1], [10, 2], [3, 0]]);
    const f = fake({ 'SELECT r': data, 'SELECT v': data });
    const text = [
      'query II rowsort', 'SELECT r', '----', '10', '2', '3', '0', '3', '1', '',
      'query II valuesort', 'SELECT v', '----', '0', '1', '10', '2', '3', '3', '',
      'query II nosort', 'SELECT r', '----', '10', '2', '3', '0', '3', '1', '',
    ].join('\n');
    const r = await runSltFile(src(text), f.connect);
    expect(r).toMatchObject({ run: 3, passed: 2, failed: 1 });
    expect(r.failures[0]).toMatchObject({ line: 21, kind: 'mismatch' });
  });

  it('accepts the older one-row-per-line style', async () => {
    const f = fake({ 'SELECT p': rows(2, [[1, 'a b'], [2, 'c']]) });
    const text = [
      'query IT nosort', 'SELECT p', '----', '1 a b', '2\tc', '',
      'query IT nosort', 'SELECT p', '----', '1 a b', '2 d', '',
    ].join('\n');
    const r = await runSltFile(src(text), f.connect);
    expect(r).toMatchObject({ passed: 1, failed: 1 });
    expect(r.failures[0]!.message).toContain("row 2: expected '2 d', got '2 c'");
  });

  it('compares hashed results, above or below the hash threshold', async () => {
    const nine = rows(3, [[89, 91, 82], [35, 97, 1], [24, 86, 33]]);
    const f = fake({ 'SELECT * FROM tab0': nine, 'SELECT small': rows(1, [[1], [2]]) });
    const good = '9 values hashing to 38a1673e2e09d694c8cec45c797034a7';
    const text = [
      'query III rowsort', 'SELECT * FROM tab0', '----', good, '',
      'query III nosort', 'SELECT * FROM tab0', '----', good, '',
      // listed values are fine above the threshold too
      'query III rowsort', 'SELECT * FROM tab0', '----', '24', '86', '33', '35', '97', '1', '89', '91', '82', '',
      'hash-threshold 0', '',
      // an expected hash line is checked even below (or without) a threshold
      'query I nosort', 'SELECT small', '----', `2 values hashing to ${hashValues(['1', '2'])}`, '',
      'query I nosort', 'SELECT small', '----', `3 values hashing to ${hashValues(['1', '2'])}`, '',
    ].join('\n');
    const r = await runSltFile(src(text), f.connect, { verbose: true, log: () => {} });
    expect(r).toMatchObject({ run: 5, passed: 3, failed: 2 });
    expect(r.failures[0]).toMatchObject({
      line: 6, kind: 'hash-mismatch', code: 'mismatch', expected: [good],
      actual: ['9 values hashing to ' + hashValues(['89', '91', '82', '35', '97', '1', '24', '86', '33'])],
    });
    expect(r.failures[1]).toMatchObject({ line: 31, kind: 'hash-mismatch' });
  });

  it('shows mismatching results above the threshold as a hash line', async () => {
    const f = fake({ 'SELECT n': rows(1, Array.from({ length: 10 }, (_, i) => [i])) });
    const text = ['query I nosort', 'SELECT n', '----', ...Array.from({ length: 10 }, () => '0'), ''].join('\n');
    const r = await runSltFile(src(text), f.connect);
    expect(r.failures[0]!.actual).toEqual([hashLine(Array.from({ length: 10 }, (_, i) => String(i)))]);
  });

  it('checks that queries with the same label agree', async () => {
    const f = fake({
      'SELECT 1a': rows(1, [[1], [2]]),
      'SELECT 1b': rows(1, [[2], [1]]),
      'SELECT 2a': rows(1, [[5]]),
      'SELECT 2b': rows(1, [[6]]),
      'SELECT 3a': rows(1, Array.from({ length: 9 }, (_, i) => [i])),
    });
    const text = [
      'query I rowsort label-1', 'SELECT 1a', '----', '1', '2', '',
      'query I rowsort label-1', 'SELECT 1b', '----', '1', '2', '',
      'query I nosort label-2', 'SELECT 2a', '----', '5', '',
      // its own expected block matches, but it disagrees with the earlier label-2 result
      'query I nosort label-2', 'SELECT 2b', '----', '6', '',
      // without an expected block only the label is checked
      'query I nosort label-2', 'SELECT 2b', '',
      'query I nosort label-3', 'SELECT 3a', '----', hashLine(Array.from({ length: 9 }, (_, i) => String(i))), '',
      'query I nosort label-3', 'SELECT 3a', '',
    ].join('\n');
    const r = await runSltFile(src(text), f.connect);
    expect(r).toMatchObject({ run: 7, passed: 5, failed: 2 });
    expect(r.failures.map((x) => [x.line, x.kind])).toEqual([[18, 'label-mismatch'], [23, 'label-mismatch']]);
    expect(r.failures[0]!.message).toContain('labeled result [label-2] does not agree');
  });

  it('labels are per file', async () => {
    const a = fake({ 'SELECT x': rows(1, [[1]]) });
    const b = fake({ 'SELECT x': rows(1, [[2]]) });
    const text = 'query I nosort label-9\nSELECT x\n';
    expect((await runSltFile(src(text), a.connect)).failed).toBe(0);
    expect((await runSltFile(src(text), b.connect)).failed).toBe(0);
  });

  it('only runs a query without ---- and fails it if it errors', async () => {
    const f = fake({ 'SELECT ok': rows(1, [[1]]) });
    const r = await runSltFile(src('query I nosort\nSELECT ok\n\nquery I nosort\nSELECT broken\n'), f.connect);
    expect(r).toMatchObject({ run: 2, passed: 1, failed: 1 });
    expect(r.failures[0]).toMatchObject({ kind: 'query-error', code: '42P01', line: 4 });
  });

  it('honours skipif/onlyif for the configured engine (postgresql by default)', async () => {
    const f = fake({});
    const text = [
      'skipif postgresql # PostgreSQL requires AS', 'statement ok', 'S1', '',
      'onlyif mysql # DIV', 'statement ok', 'S2', '',
      'onlyif postgresql', 'statement ok', 'S3', '',
      'skipif mysql # not compatible', 'statement ok', 'S4', '',
      'onlyif POSTGRESQL', 'statement ok', 'S5', '',
      'skipif mysql', 'skipif mssql', 'statement ok', 'S6', '',
      'skipif mysql', 'onlyif mssql', 'statement ok', 'S7', '',
    ].join('\n');
    const pg = await runSltFile(src(text), f.connect);
    expect(pg).toMatchObject({ run: 4, passed: 4, skipped: 3 });
    expect(f.log[0]).toEqual(['S3', 'S4', 'S5', 'S6']);
    const my = await runSltFile(src(text), f.connect, { engine: 'MySQL' });
    expect(my).toMatchObject({ run: 2, skipped: 5 });
    expect(f.log[1]).toEqual(['S1', 'S2']);
  });

  it('halts only when the halt record applies to the engine', async () => {
    const f = fake({});
    const text = [
      'statement ok', 'S1', '',
      'onlyif mysql', 'halt', '',
      'statement ok', 'S2', '',
      'skipif sqlite', 'halt', '',
      'statement ok', 'S3', '',
      'query I nosort', 'SELECT 1', '',
      'hash-threshold 5', '',
    ].join('\n');
    const pg = await runSltFile(src(text), f.connect);
    expect(pg).toMatchObject({ run: 2, passed: 2, skipped: 2, halted: true });
    expect(f.log[0]).toEqual(['S1', 'S2']);
    const my = await runSltFile(src(text), f.connect, { engine: 'mysql' });
    expect(my).toMatchObject({ run: 1, skipped: 3, halted: true });
    const lite = fake({ 'SELECT 1': rows(1, [[1]]) });
    expect(await runSltFile(src(text), lite.connect, { engine: 'sqlite' })).toMatchObject({ run: 4, skipped: 0, halted: false });
  });

  it('works with async connections too', async () => {
    const f = fake({ 'SELECT a': rows(1, [[1]]), 'BAD': new FakeDbError('42601', 'syntax') }, 'async');
    const text = 'query I nosort\nSELECT a\n----\n1\n\nstatement error\nBAD\n\nstatement ok\nBAD\n';
    const r = await runSltFile(src(text), f.connect);
    expect(r).toMatchObject({ run: 3, passed: 2, failed: 1 });
    expect(r.failures[0]).toMatchObject({ code: '42601', line: 9 });
  });

  it('does not await synchronous results', async () => {
    // A sync engine's results are used before any other microtask gets to run.
    const order: string[] = [];
    const connect: SltConnect = async () => ({
      query: (sql: string) => {
        order.push(sql);
        if (sql === 'S1') void Promise.resolve().then(() => order.push('microtask'));
        return rows(0);
      },
    });
    await runSltFile(src('statement ok\nS1\n\nstatement ok\nS2\n\nstatement ok\nS3\n'), connect);
    expect(order).toEqual(['S1', 'S2', 'S3', 'microtask']);
  });

  it('treats plain thrown values and errors without a code as code "error"', async () => {
    const connect: SltConnect = async () => ({
      query: (sql: string) => {
        if (sql === 'A') throw 'boom';
        throw new Error('plain');
      },
    });
    const r = await runSltFile(src('statement ok\nA\n\nstatement ok\nB\n'), connect);
    expect(r.failures.map((x) => [x.code, x.message])).toEqual([['error', 'boom'], ['error', 'plain']]);
  });

  it('fails malformed records: unknown commands, type letters and sort modes', async () => {
    const f = fake({ 'SELECT 1': rows(1, [[1]]) });
    const text = [
      'frobnicate', '',
      'query X nosort', 'SELECT 1', '----', '1', '',
      'query I sideways', 'SELECT 1', '----', '1', '',
      'onlyif mysql', 'frobnicate', '',
    ].join('\n');
    const r = await runSltFile(src(text), f.connect);
    expect(r).toMatchObject({ run: 3, failed: 3, skipped: 0 });
    expect(r.failures.map((x) => [x.line, x.kind])).toEqual([[1, 'bad-record'], [3, 'bad-record'], [8, 'bad-record']]);
  });

  it('stops at the first failure when asked', async () => {
    const f = fake({});
    const text = 'statement ok\nS1\n\nstatement error\nS2\n\nstatement ok\nS3\n';
    const r = await runSltFile(src(text), f.connect, { stopOnFailure: true });
    expect(r).toMatchObject({ run: 2, passed: 1, failed: 1, stopped: true });
    expect(f.log[0]).toEqual(['S1', 'S2']);
    expect(f.closed).toBe(1);
  });

  it('prints failures in verbose mode, up to maxPrinted', async () => {
    const f = fake({ 'SELECT a': rows(1, [[1]]) });
    const lines: string[] = [];
    const text = [
      'query I nosort', 'SELECT a', '----', '2', '',
      'statement ok', 'SELECT nope', '',
      'statement error', 'CREATE TABLE x', '',
    ].join('\n');
    const r = await runSltFile(src(text, 'v.test'), f.connect, { verbose: true, maxPrinted: 2, log: (l) => lines.push(l) });
    expect(r.failed).toBe(3);
    expect(lines).toHaveLength(3);
    expect(lines[0]).toContain("FAIL v.test:1 [mismatch] mismatch: wrong result at value 1 (row 1, column 1): expected '2', got '1'");
    expect(lines[0]).toContain('    SELECT a');
    expect(lines[0]).toContain('  expected: 2');
    expect(lines[0]).toContain('  got:      1');
    expect(lines[1]).toContain('FAIL v.test:6 [42P01] statement-error: no answer for: SELECT nope');
    expect(lines[2]).toContain('more failures not printed');
  });

  it('fails every record of a file whose engine cannot connect', async () => {
    const connect: SltConnect = async () => { throw new FakeDbError('08006', 'engine missing'); };
    const text = 'statement ok\nS1\n\nskipif postgresql\nstatement ok\nS2\n\nstatement error\nS3\n';
    const r = await runSltFile(src(text), connect);
    expect(r).toMatchObject({ run: 2, failed: 2, skipped: 1 });
    expect(r.failures[0]).toMatchObject({ kind: 'file-error', code: '08006', line: 1 });
    expect(r.failures[0]!.message).toContain('engine missing');
  });

  it('reads files by path through readFile, reporting unreadable files', async () => {
    const f = fake({});
    const files: Record<string, string> = { 'a.test': 'statement ok\nS1\n' };
    const readFile = (p: string) => {
      const t = files[p];
      if (t === undefined) throw new Error(`ENOENT: ${p}`);
      return t;
    };
    expect(await runSltFile('a.test', f.connect, { readFile })).toMatchObject({ file: 'a.test', run: 1, passed: 1 });
    const missing = await runSltFile('b.test', f.connect, { readFile });
    expect(missing).toMatchObject({ file: 'b.test', run: 1, failed: 1 });
    expect(missing.failures[0]).toMatchObject({ kind: 'file-error', code: 'file-error' });
  });

  it('reads plain and gzipped files from disk by default', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'inkdb-slt-gz-'));
    try {
      const text = 'statement ok\nS1\n\nstatement error\nS2\n';
      writeFileSync(join(dir, 'a.test'), text);
      writeFileSync(join(dir, 'a.test.gz'), gzipSync(text));
      const f = fake({ S2: new FakeDbError('42601', 'bad') });
      for (const name of ['a.test', 'a.test.gz']) {
        expect(await runSltFile(join(dir, name), f.connect)).toMatchObject({ run: 2, passed: 2, failed: 0 });
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('runSltFiles', () => {
  it('runs each file on a fresh connection and sums the results', async () => {
    const f = fake({ 'SELECT a': rows(1, [[1]]) });
    const seen: string[] = [];
    const s = await runSltFiles([
      src('statement ok\nS1\n\nquery I nosort\nSELECT a\n----\n1\n', 'one.test'),
      src('query I nosort\nSELECT a\n----\n2\n\nskipif postgresql\nstatement ok\nS2\n', 'two.test'),
    ], f.connect, { onFileResult: (r) => seen.push(r.file) });
    expect(s).toMatchObject({ run: 3, passed: 2, failed: 1, skipped: 1, stopped: false });
    expect(s.passRate).toBeCloseTo(200 / 3, 10);
    expect(s.files.map((x) => x.file)).toEqual(['one.test', 'two.test']);
    expect(seen).toEqual(['one.test', 'two.test']);
    expect(f.log).toHaveLength(2);
    expect(f.closed).toBe(2);
  });

  it('stops the whole run at the first failure when asked', async () => {
    const f = fake({});
    const s = await runSltFiles([src('statement error\nS1\n', 'a'), src('statement ok\nS2\n', 'b')], f.connect, { stopOnFailure: true });
    expect(s).toMatchObject({ run: 1, failed: 1, stopped: true });
    expect(s.files).toHaveLength(1);
  });

  it('reports 100% when nothing ran', async () => {
    const s = await runSltFiles([src('onlyif mysql\nstatement ok\nS1\n')], fake({}).connect);
    expect(s).toMatchObject({ run: 0, skipped: 1, passRate: 100 });
  });
});

describe('parser on a realistic record', () => {
  it('keeps the SQL of multi-line queries intact', () => {
    const rec = parseSlt('query II nosort\nSELECT a+b*2,\n       (a+b)/5\n  FROM t1\n ORDER BY 1,2\n----\n60 values hashing to 808146289313018fce25f1a280bd8c30\n')[0] as SltQueryRecord;
    expect(rec.sql).toBe('SELECT a+b*2,\n       (a+b)/5\n  FROM t1\n ORDER BY 1,2');
    expect(rec.expected).toEqual(['60 values hashing to 808146289313018fce25f1a280bd8c30']);
  });
});
