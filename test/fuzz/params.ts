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

/** Statement shapes with one `$1` whose type comes from its context, by group name. */
const TEMPLATES: ReadonlyArray<readonly [string, (r: Rng) => string]> = [
  ['echo', () => 'SELECT $1'],
  ['cast', (r) => `SELECT $1::${r.pick(TYPES)}`],
  ['cast', (r) => `SELECT CAST($1 AS ${r.pick(TYPES)}) AS v`],
  ['concat', () => "SELECT $1 || 'x'"],
  ['concat', () => "SELECT 'x' || $1"],
  ['arith', () => 'SELECT $1 + 1'],
  ['arith', () => 'SELECT 1.5 * $1'],
  ['arith', () => 'SELECT -$1'],
  ['compare', () => 'SELECT $1 = 1'],
  ['compare', () => 'SELECT $1 IN (1, 2, 3)'],
  ['null-test', () => 'SELECT $1 IS NULL, $1 IS NOT DISTINCT FROM NULL'],
  ['text-function', (r) => `SELECT ${r.pick(['lower', 'length', 'md5', 'reverse', 'upper', 'initcap', 'btrim', 'ascii'])}($1)`],
  ['text-function', () => 'SELECT repeat($1, 2)'],
  ['text-function', () => "SELECT replace($1, 'a', 'b')"],
  ['other-function', (r) => `SELECT ${r.pick(['abs', 'sqrt', 'to_hex', 'chr', 'pg_typeof', 'json_typeof', 'to_timestamp', 'round', 'sign'])}($1)`],
  ['other-function', () => "SELECT date_trunc('day', $1)"],
  ['size-arg', () => "SELECT repeat('ab', $1)"],
  ['size-arg', () => "SELECT lpad('a', $1, 'xy')"],
  ['size-arg', () => 'SELECT * FROM generate_series(1, $1) LIMIT 5'],
  ['size-arg', () => 'SELECT * FROM tab0 LIMIT $1'],
  ['size-arg', () => 'SELECT * FROM tab0 OFFSET $1'],
  ['like', () => "SELECT $1 LIKE 'a%'"],
  ['like', () => "SELECT 'abc' LIKE $1"],
  ['regex', () => "SELECT regexp_like('abc', $1)"],
  ['json', () => "SELECT $1 -> 'a'"],
  ['json', () => 'SELECT json_build_array($1, $1)'],
  ['json', () => 'SELECT to_json($1)'],
  ['coalesce', () => 'SELECT COALESCE($1, 0)'],
  ['coalesce', () => "SELECT COALESCE($1, 'z')"],
  ['case', () => 'SELECT CASE WHEN $1 THEN 1 ELSE 0 END'],
  ['where', (r) => `SELECT * FROM ty WHERE ${r.pick(TY_COLS)} = $1`],
  ['where', (r) => `SELECT * FROM ty WHERE ${r.pick(TY_COLS)} < $1 ORDER BY 1`],
  ['where', () => 'SELECT pk FROM tab0 WHERE col2 = $1 OR col0 = $1'],
  ['insert', (r) => `INSERT INTO ty (id, ${r.pick(TY_COLS)}) VALUES ((SELECT coalesce(max(id), 0) + 1 FROM ty), $1) RETURNING *`],
  ['insert', () => 'INSERT INTO tab0 VALUES ((SELECT max(pk) + 1 FROM tab0), $1, $1, $1, $1, $1, $1) RETURNING *'],
  ['update', (r) => `UPDATE ty SET ${r.pick(TY_COLS)} = $1 WHERE id = 4 RETURNING *`],
  ['user', () => 'EXECUTE AS USER $1 (SELECT 1)'],
  ['user', () => "CREATE USER 'pu' WITH PASSWORD $1 ROLE user"],
  ['group', () => 'SELECT $1 FROM tab0 GROUP BY 1'],
  ['agg', () => "SELECT string_agg($1, ',') FROM tab0"],
  ['agg', () => 'SELECT max($1) FROM tab0'],
];

/** Names of the template groups (switch `template:<name>`). */
export const TEMPLATE_GROUPS: readonly string[] = [...new Set(TEMPLATES.map((t) => t[0]))];

/**
 * A parameter's switch name: `<kind>` and, below it, `<kind>:<detail>` (`json:number`,
 * `date:invalid`, `num:NaN`, …). A switch `param:json` turns off every `json:*` value.
 */
export function paramName(p: ParamSpec): string {
  switch (p.k) {
    case 'json': return `json:${p.v === null ? 'null' : Array.isArray(p.v) ? 'array' : typeof p.v}`;
    case 'num': return `num:${p.v}`;
    case 'date': return typeof p.v === 'number' && Math.abs(p.v) <= 8.64e15 ? 'date:valid' : 'date:invalid';
    case 'typed': return `typed:${p.type}`;
    default: return p.k;
  }
}

/** True when switch set `off` turns off parameter `p` (by `param:<kind>` or `param:<kind>:<detail>`). */
export function paramOff(p: ParamSpec, off: ReadonlySet<string>): boolean {
  const name = paramName(p);
  return off.has(`param:${name}`) || off.has(`param:${name.split(':')[0]!}`);
}

/** A statement with one odd parameter (sometimes a bad count or a non-array `params`). */
export function paramCase(rng: Rng, off: ReadonlySet<string> = new Set()): FuzzCase {
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
  const tpls = TEMPLATES.filter((t) => !off.has(`template:${t[0]}`));
  const [group, make] = rng.pick(tpls.length > 0 ? tpls : TEMPLATES);
  const sql = make(rng);
  const vals = ODD_PARAMS.filter((p) => !paramOff(p, off));
  return { sql, params: [rng.pick(vals.length > 0 ? vals : ODD_PARAMS)], source: `params:${group}` };
}
