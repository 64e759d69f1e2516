/**
 * Odd JavaScript parameter values — everything a caller of `session.query(sql, params)` might
 * hand over — and statements that put them where each SQL type is inferred.
 */
import type { FuzzCase, ParamSpec } from './cases.ts';
import type { Rng } from './rng.ts';

/** Values a JavaScript caller might pass as one parameter. */
export const ODD_PARAMS: readonly ParamSpec[] = [
  { k: 'num', v: 'NaN' }, { k: 'num', v: 'Infinity' }, { k: 'num', v: '-Infinity' }, { k: 'num', v: '-0' },
  { k: 'json', v: 1.5 }, { k: 'json', v: 2 ** 31 }, { k: 'json', v: 2 ** 53 + 2 }, { k: 'json', v: -(2 ** 63) }, { k: 'json', v: 1e308 }, { k: 'json', v: 5e-324 },
  { k: 'bigint', v: '9223372036854775808' }, { k: 'bigint', v: '-9223372036854775809' }, { k: 'bigint', v: '1' + '0'.repeat(400) }, { k: 'bigint', v: '-1' },
  { k: 'json', v: '' }, { k: 'json', v: 'NaN' }, { k: 'json', v: '\u0000' }, { k: 'json', v: '\ud800' }, { k: 'json', v: 'e\u0301\u202e🎉' },
  { k: 'json', v: true }, { k: 'json', v: null }, { k: 'json', v: [] }, { k: 'json', v: [1, 'a', null] }, { k: 'json', v: {} }, { k: 'json', v: { a: { b: [1] } } },
  { k: 'bytes', v: [] }, { k: 'bytes', v: [0, 1, 255] }, { k: 'bytes', v: [0xe2, 0x82] },
  { k: 'typed', type: 'Float64Array', n: 3 }, { k: 'typed', type: 'BigInt64Array', n: 2 }, { k: 'typed', type: 'Int32Array', n: 2 }, { k: 'typed', type: 'Uint8ClampedArray', n: 2 },
  { k: 'arraybuffer', n: 4 },
  { k: 'date', v: 0 }, { k: 'date', v: 'invalid' }, { k: 'date', v: 8.64e15 }, { k: 'date', v: -8.64e15 }, { k: 'date', v: 1.5 },
  { k: 'big-string', ch: 'x', n: 1_000_000 }, { k: 'big-array', n: 100_000 },
  { k: 'undefined' }, { k: 'symbol' }, { k: 'function' }, { k: 'map' }, { k: 'set' }, { k: 'regexp' }, { k: 'error' },
  { k: 'cyclic' }, { k: 'null-proto' }, { k: 'boxed', v: 'str' }, { k: 'boxed', v: 7 }, { k: 'boxed', v: false },
  { k: 'throwing-tostring' }, { k: 'sparse', n: 3 }, { k: 'promise' },
];

/** One odd parameter value. */
export function oddParam(rng: Rng): ParamSpec {
  return rng.pick(ODD_PARAMS);
}

const TYPES = ['INT', 'SMALLINT', 'BIGINT', 'REAL', 'DOUBLE PRECISION', 'NUMERIC', 'TEXT', 'VARCHAR(5)', 'CHAR(3)', 'BOOLEAN', 'TIMESTAMP', 'DATE', 'JSON', 'BYTEA', 'UUID'];
const TY_COLS = ['sm', 'i', 'bi', 'r', 'd', 'n', 'tx', 'vc', 'ch', 'bo', 'ts', 'dt', 'j', 'by', 'u'];

/** Statement shapes with one `$1` whose type comes from its context. */
const TEMPLATES: ReadonlyArray<(r: Rng) => string> = [
  () => 'SELECT $1',
  (r) => `SELECT $1::${r.pick(TYPES)}`,
  (r) => `SELECT CAST($1 AS ${r.pick(TYPES)}) AS v`,
  () => "SELECT $1 || 'x'",
  () => "SELECT 'x' || $1",
  () => 'SELECT $1 + 1',
  () => 'SELECT 1.5 * $1',
  () => 'SELECT $1 = 1',
  () => 'SELECT -$1',
  () => 'SELECT $1 IS NULL, $1 IS NOT DISTINCT FROM NULL',
  (r) => `SELECT ${r.pick(['lower', 'length', 'md5', 'reverse', 'upper', 'json_typeof', 'abs', 'sqrt', 'to_hex', 'chr', 'date_trunc(\'day\',', 'pg_typeof'])}($1)`.replace(',(', ', '),
  () => 'SELECT repeat($1, 2)',
  () => "SELECT repeat('ab', $1)",
  () => "SELECT lpad('a', $1, 'xy')",
  () => "SELECT $1 LIKE 'a%'",
  () => "SELECT 'abc' LIKE $1",
  () => "SELECT regexp_like('abc', $1)",
  () => 'SELECT * FROM generate_series(1, $1) LIMIT 5',
  () => 'SELECT * FROM tab0 LIMIT $1',
  () => 'SELECT * FROM tab0 OFFSET $1',
  () => 'SELECT $1 IN (1, 2, 3)',
  () => "SELECT $1 -> 'a'",
  () => 'SELECT json_build_array($1, $1)',
  () => 'SELECT to_json($1)',
  () => 'SELECT COALESCE($1, 0)',
  () => "SELECT COALESCE($1, 'z')",
  () => 'SELECT CASE WHEN $1 THEN 1 ELSE 0 END',
  (r) => `SELECT * FROM ty WHERE ${r.pick(TY_COLS)} = $1`,
  (r) => `SELECT * FROM ty WHERE ${r.pick(TY_COLS)} < $1 ORDER BY 1`,
  (r) => `INSERT INTO ty (id, ${r.pick(TY_COLS)}) VALUES ((SELECT coalesce(max(id), 0) + 1 FROM ty), $1) RETURNING *`,
  (r) => `UPDATE ty SET ${r.pick(TY_COLS)} = $1 WHERE id = 4 RETURNING *`,
  () => 'INSERT INTO tab0 VALUES ((SELECT max(pk) + 1 FROM tab0), $1, $1, $1, $1, $1, $1) RETURNING *',
  () => 'SELECT pk FROM tab0 WHERE col2 = $1 OR col0 = $1',
  () => 'EXECUTE AS USER $1 (SELECT 1)',
  () => "CREATE USER 'pu' WITH PASSWORD $1 ROLE user",
  () => 'SELECT $1 FROM tab0 GROUP BY 1',
  () => 'SELECT string_agg($1, \',\') FROM tab0',
  () => 'SELECT max($1) FROM tab0',
];

/** A statement with one odd parameter (sometimes a bad count or a non-array `params`). */
export function paramCase(rng: Rng): FuzzCase {
  const roll = rng.int(0, 19);
  if (roll === 0) {
    return rng.pick<FuzzCase>([
      { sql: 'SELECT $2', params: [{ k: 'json', v: 1 }], source: 'params:count' },
      { sql: 'SELECT $1', params: [], source: 'params:count' },
      { sql: 'SELECT $1', source: 'params:count' },
      { sql: 'SELECT 1', params: [{ k: 'json', v: 1 }, { k: 'json', v: 2 }], source: 'params:count' },
      { sql: 'SELECT $0', params: [{ k: 'json', v: 1 }], source: 'params:count' },
      { sql: 'SELECT $99999999999999999999', params: [{ k: 'json', v: 1 }], source: 'params:count' },
      { sql: 'SELECT $65536', params: [{ k: 'json', v: 1 }], source: 'params:count' },
      { sql: 'SELECT 1; SELECT $1', params: [{ k: 'json', v: 1 }], source: 'params:count' },
      { sql: 'SELECT $1, $1::int, $1::text', params: [{ k: 'json', v: '1' }], source: 'params:count' },
    ]);
  }
  if (roll === 1) {
    return {
      sql: rng.pick(['SELECT $1', 'SELECT 1', 'SELECT $1::int']),
      rawParams: rng.pick<ParamSpec>([
        { k: 'json', v: 'abc' }, { k: 'json', v: { 0: 1, length: 1 } }, { k: 'json', v: 5 }, { k: 'json', v: null }, { k: 'bytes', v: [1, 2] },
        { k: 'sparse', n: 2 }, { k: 'map' }, { k: 'set' }, { k: 'function' }, { k: 'symbol' }, { k: 'big-array', n: 100_000 }, { k: 'promise' },
        { k: 'cyclic' }, { k: 'throwing-tostring' },
      ]),
      source: 'params:raw',
    };
  }
  const sql = rng.pick(TEMPLATES)(rng);
  const n = (sql.match(/\$1/g) ?? []).length > 0 ? 1 : 0;
  return { sql, params: Array.from({ length: n }, () => oddParam(rng)), source: 'params:odd' };
}
