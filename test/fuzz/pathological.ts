/**
 * Pathological inputs: deep nesting, huge literals and lists, long identifiers, odd Unicode,
 * huge sizes handed to repeat/lpad/rpad/generate_series, backtracking LIKE/regex patterns and
 * casts and arithmetic at the edges of every type. Each generator is named so that a test can
 * switch it off while its finding waits for a fix.
 */
import type { FuzzCase } from './cases.ts';
import type { Rng } from './rng.ts';

/** A named family of pathological statements; `n` is a size drawn log-uniformly by the caller. */
export interface PathoGen {
  name: string;
  /** Largest size this family is drawn with. */
  max: number;
  make: (r: Rng, n: number) => string;
}

const nest = (n: number, open: string, inner: string, close: string): string => open.repeat(n) + inner + close.repeat(n);
const chain = (n: number, item: (i: number) => string, sep: string): string => Array.from({ length: n }, (_, i) => item(i)).join(sep);
const ODD = ['\u0000', '\ud800', '\udfff', '\u202e', '\u200f', '\u0301', '🎉', '👩‍👩‍👧', '\ufeff', '\uffff', '\u2028', '\r\n', '\\', "''", 'ß', 'İ', 'ǅ'];
const BIG = ['1000000', '100000000', '1000000000', '2147483647', '2147483648', '9007199254740993', '9223372036854775807', '1e10', '-1', '-2147483648', '0', "'NaN'::float", "'Infinity'::float"];
const CAST_TYPES = ['INT', 'SMALLINT', 'BIGINT', 'REAL', 'DOUBLE PRECISION', 'NUMERIC', 'TEXT', 'VARCHAR(2)', 'BOOLEAN', 'DATE', 'TIMESTAMP', 'JSON', 'BYTEA', 'UUID'];
const EDGE_VALUES = [
  '2147483647', '-2147483648', '2147483648', '9223372036854775807', '-9223372036854775808', '9223372036854775808', '32767', '-32768', '32768',
  '1e308', '1e309', '-1e309', '5e-324', '1e-400', '0.0', '-0.0', "'NaN'", "'Infinity'", "'-Infinity'", "'nan'", "'inf'", "''", "' '", "' 1 '",
  "'0x10'", "'1_000'", "'١٢'", "'1e3'", "'3.5'", "'-0'", "'true'", "'t'", "'abc'", "'2024-13-01'", "'2024-02-30'", "'0000-01-01'", "'294277-01-01'",
  "'9999-12-31 23:59:60'", "'2024-01-01 25:00'", "'infinity'", "'epoch'", "'1970-01-01T00:00:00Z'", "'{\"a\":1}'", "'[1,'", "'\\x0'", "'\\xzz'",
  "'00000000-0000-0000-0000-00000000000g'", 'NULL', "'\u0000'", "'🎉'",
];
const ARITH = [
  '2147483647 + 1', '-2147483648 - 1', '(-2147483648)::int / -1', '(-2147483648)::int % -1', 'abs(-2147483648)', '-(-2147483648)',
  '9223372036854775807 + 1', '(-9223372036854775808)::bigint / -1', '(-9223372036854775808)::bigint % -1', 'abs((-9223372036854775808)::bigint)',
  '-((-9223372036854775808)::bigint)', '9223372036854775807::bigint * 2', '32767::smallint + 1::smallint', '(-32768)::smallint * (-1)::smallint',
  '1 / 0', '1 % 0', '1.0 / 0', '0.0 / 0.0', '1::bigint / 0', 'mod(1, 0)', 'mod(-2147483648, -1)', "'NaN'::float / 0", "'Infinity'::float - 'Infinity'::float",
  'power(10, 400)', 'power(-1, 0.5)', 'power(0, -1)', 'sqrt(-1)', 'ln(0)', 'ln(-1)', 'log(0)', 'log10(-5)', 'exp(1000)', 'exp(-1000)', 'cbrt(-8)',
  'asin(2)', 'acos(-2)', 'cot(0)', 'tan(1e308)', 'atan2(0, 0)', '1 << 31', '1 << 32', '1 << 64', '1 << -1', '1::bigint << 63', '1::bigint << 100',
  '-1 >> 100', '~(-2147483648)', '2147483647 # -1', 'round(1e308, 400)', 'round(1.5, -2147483648)', 'round(1.5, 2147483647)', 'trunc(1e308, -400)',
  'round(123.456, 1e10)', 'width_bucket(1, 0, 0, 5)', 'width_bucket(1, 0, 10, 0)', 'width_bucket(1, 0, 10, -1)', "width_bucket('NaN'::float, 0, 10, 5)",
  'width_bucket(5, 0, 10, 2147483647)', 'degrees(1e308)', 'radians(1e308)', 'sign(-0.0)', 'ceil(-0.5)', 'floor(1e308)', 'greatest(1, NULL, 2147483648)',
  "DATE '9999-12-31' + 1", "DATE '0001-01-01' - 1", "DATE '2024-01-01' + 2147483647", "DATE '2024-01-01' - 2147483647",
  "DATE '2024-01-01' - DATE '0001-01-01'", "TIMESTAMP '9999-12-31 23:59:59' + (1 || ' day')::text::date", 'make_date(0, 1, 1)', 'make_date(2024, 2, 30)',
  'make_date(2147483647, 12, 31)', 'make_date(-4713, 1, 1)', 'make_date(2024, 13, 1)', 'make_timestamp(2024, 1, 1, 24, 0, 0)',
  'make_timestamp(2024, 1, 1, 0, 0, 60.5)', "make_timestamp(2024, 1, 1, 0, 0, 'NaN'::float)", 'make_timestamp(300000, 1, 1, 0, 0, 0)',
  'to_timestamp(1e300)', "to_timestamp('NaN'::float)", "to_timestamp('-Infinity'::float)", 'to_timestamp(-1e20)', 'to_timestamp(9223372036854775807)',
  "date_trunc('century', TIMESTAMP '0001-01-01 00:00:00')", "date_trunc('bogus', now())", "date_trunc('millennium', TIMESTAMP '9999-12-31 23:59:59')",
  "date_part('epoch', TIMESTAMP '294276-12-31 23:59:59')", "extract(julian from DATE '2024-01-01')", "extract(bogus from now())",
  "to_char(TIMESTAMP '0001-01-01 00:00:00', 'YYYY-MM-DD HH24:MI:SS.MS TZ Q W WW J')", "to_char(now(), '')", "to_char(now(), 'FMDay FMMonth')",
  "'NaN'::float::int", "'Infinity'::float::bigint", "1e19::bigint", "(-1e19)::bigint", "2147483648.0::int", "2147483647.5::int", "-2147483648.5::int",
  "9223372036854775807.0::bigint", "'9223372036854775807'::bigint + 0", "'-9223372036854775809'::bigint", "1e39::real", "'1e39'::real", "'1e-50'::real",
  "substr('abc', -2147483648, 2147483647)", "substr('abc', 2147483647, 2147483647)", "substr('abc', 2, -1)", "left('abc', -2147483648)",
  "right('abc', -2147483648)", "split_part('a,b', ',', 0)", "split_part('a', '', -2147483648)", "repeat('a', -1)", "lpad('a', -5)", "rpad('a', 3, '')",
  'chr(-1)', 'chr(0)', 'chr(55296)', 'chr(1114112)', 'chr(2147483647)', 'to_hex(-1)', 'to_hex((-9223372036854775808)::bigint)', "ascii('')",
  "position('' in 'abc')", "strpos('abc', '')", "translate('abc', '', 'x')", "replace('abc', '', 'x')", "initcap('ǆ ß İ')", "upper('ß')", "lower('İ')",
  "json_array_length('{}')", "json_array_length('x')", "'{\"a\":1}'::json -> 'a' -> 'b'", "'[1,2]'::json -> -1", "'[1,2]'::json -> 2147483648",
  "json_extract_path('{\"a\":1}', NULL)", "json_build_object('a')", "json_build_object(NULL, 1)", "'1e999'::json ->> 0", "to_json('NaN'::float)",
  "'G0000000-0000-0000-0000-000000000000'::uuid", "'\\x0'::bytea", "'\\xzz'::bytea", "octet_length('\\xff'::bytea)", "length('🎉'::bytea)",
  "NULL::int + 'a'", "CAST('' AS INT)", "' 1 '::int", "'+1'::int", "'1.'::int", "'.5'::float", "'1e'::float", "'--1'::int", "'0b101'::int", "'1__0'::int",
];
const FUNCS1 = ['abs', 'lower', 'upper', 'coalesce', 'length', 'reverse', 'trim', 'sign', 'md5', 'to_json', 'pg_typeof', 'round'];

/** Every family, in a fixed order. */
export const PATHO: readonly PathoGen[] = [
  { name: 'deep-parens', max: 100_000, make: (_r, n) => `SELECT ${nest(n, '(', '1', ')')}` },
  { name: 'deep-parens-where', max: 100_000, make: (_r, n) => `SELECT * FROM tab0 WHERE ${nest(n, '(', 'col0 = 1', ')')}` },
  { name: 'deep-unary', max: 100_000, make: (r, n) => `SELECT ${r.pick(['- ', 'NOT ', '+ ', '~ ']).repeat(n)}${r.pick(['1', 'true'])}` },
  { name: 'deep-subquery', max: 100_000, make: (_r, n) => `SELECT ${nest(n, '(SELECT ', '1', ')')}` },
  { name: 'deep-derived', max: 100_000, make: (_r, n) => `SELECT * FROM ${nest(n, '(SELECT * FROM ', 'tab0', ') AS q')}` },
  { name: 'deep-case', max: 100_000, make: (_r, n) => `SELECT ${nest(n, 'CASE WHEN true THEN ', '1', ' END')}` },
  { name: 'deep-case-else', max: 100_000, make: (_r, n) => `SELECT ${nest(n, 'CASE WHEN false THEN 0 ELSE ', '1', ' END')}` },
  { name: 'deep-call', max: 100_000, make: (r, n) => { const f = r.pick(FUNCS1); return `SELECT ${nest(n, `${f}(`, f === 'lower' || f === 'upper' || f === 'reverse' || f === 'trim' || f === 'md5' ? "'a'" : '1', ')')}`; } },
  { name: 'deep-variadic', max: 100_000, make: (r, n) => { const f = r.pick(['greatest', 'least', 'nullif', 'coalesce']); return `SELECT ${nest(n, `${f}(`, '1', ', 2)')}`; } },
  { name: 'deep-exists', max: 100_000, make: (_r, n) => `SELECT ${nest(n, 'EXISTS (SELECT ', '1', ')')}` },
  { name: 'deep-in', max: 100_000, make: (_r, n) => `SELECT 1 IN ${nest(n, '(SELECT 1 WHERE 1 IN ', '(1)', ')')}` },
  { name: 'deep-cast', max: 100_000, make: (_r, n) => `SELECT 1${'::int'.repeat(n)}` },
  { name: 'deep-json-literal', max: 100_000, make: (r, n) => `SELECT ${r.pick(['json_typeof', 'json_array_length', 'to_json', ''])}('${nest(n, '[', '1', ']')}'${r.chance(0.5) ? '::json' : ''})` },
  { name: 'deep-json-arrow', max: 100_000, make: (_r, n) => `SELECT '[1]'::json${' -> 0'.repeat(n)}` },
  { name: 'deep-union', max: 100_000, make: (r, n) => chain(n, () => 'SELECT 1', r.pick([' UNION ALL ', ' UNION ', ' EXCEPT ', ' INTERSECT '])) },
  { name: 'deep-union-paren', max: 100_000, make: (_r, n) => `${nest(n, '(SELECT 1 UNION ', 'SELECT 2', ')')}` },
  { name: 'deep-cte', max: 100_000, make: (_r, n) => `WITH c0 AS (SELECT 1 AS x), ${chain(n, (i) => `c${i + 1} AS (SELECT x FROM c${i})`, ', ')} SELECT * FROM c${n}` },
  { name: 'deep-views', max: 3_000, make: (_r, n) => chain(n, (i) => `CREATE VIEW dv${i} AS SELECT * FROM ${i === 0 ? 'tab0' : `dv${i - 1}`}`, '; ') + `; SELECT count(*) FROM dv${n - 1}` },
  { name: 'long-plus', max: 100_000, make: (r, n) => `SELECT ${chain(n, () => r.pick(['1', 'col0', '0.5']), ' + ')} FROM tab0` },
  { name: 'long-and', max: 100_000, make: (r, n) => `SELECT * FROM tab0 WHERE ${chain(n, (i) => `col0 ${r.pick(['<>', '=', '>'])} ${i}`, r.pick([' AND ', ' OR ']))}` },
  { name: 'long-concat', max: 100_000, make: (_r, n) => `SELECT length(${chain(n, () => "'ab'", ' || ')})` },
  { name: 'many-columns', max: 100_000, make: (_r, n) => `SELECT ${chain(n, (i) => `${i} AS c${i}`, ', ')}` },
  { name: 'many-columns-table', max: 100_000, make: (_r, n) => `CREATE TABLE wide (${chain(n, (i) => `c${i} INT`, ', ')})` },
  { name: 'many-joins', max: 64, make: (_r, n) => `SELECT count(*) FROM ${chain(n, (i) => `tab${i % 5} AS j${i}`, ' JOIN ').replace(/ JOIN (tab\d AS j(\d+))/g, (_m, t: string, i: string) => ` JOIN ${t} ON j${i}.pk = j0.pk`)}` },
  { name: 'many-args', max: 100_000, make: (r, n) => `SELECT ${r.pick(['coalesce', 'greatest', 'least', 'concat', 'concat_ws', 'json_build_array'])}(${chain(n, (i) => `${i}`, ', ')})` },
  { name: 'many-groupby', max: 10_000, make: (_r, n) => `SELECT count(*) FROM tab0 GROUP BY ${chain(n, () => 'col0', ', ')}` },
  { name: 'many-orderby', max: 10_000, make: (_r, n) => `SELECT * FROM tab0 ORDER BY ${chain(n, (i) => (i % 2 ? 'col1 DESC' : 'col0'), ', ')}` },
  { name: 'many-statements', max: 20_000, make: (r, n) => chain(n, () => r.pick(['SELECT 1', '', ' ']), ';') },
  { name: 'huge-string', max: 2_000_000, make: (r, n) => `SELECT ${r.pick(['length', 'md5', 'upper', 'reverse', 'octet_length', ''])}('${'a'.repeat(n)}')` },
  { name: 'huge-string-insert', max: 2_000_000, make: (_r, n) => `INSERT INTO tab0 (pk, col2) VALUES (100, '${'é'.repeat(n)}') RETURNING length(col2)` },
  { name: 'huge-number', max: 100_000, make: (r, n) => `SELECT ${r.pick(['', '-', '0.', '1e'])}${r.pick(['1', '9'])}${'0'.repeat(n)}${r.pick(['', '::bigint', '::int', '::float', '::numeric', '::text', ' + 1', ' = 1'])}` },
  { name: 'huge-number-string', max: 100_000, make: (r, n) => `SELECT '${'9'.repeat(n)}'::${r.pick(['int', 'bigint', 'float', 'numeric', 'smallint', 'date', 'timestamp', 'json'])}` },
  { name: 'huge-param-number', max: 100_000, make: (_r, n) => `SELECT $${'9'.repeat(n)}` },
  { name: 'huge-in-list', max: 100_000, make: (r, n) => `SELECT ${r.pick(['1', 'col0', "'a'"])} ${r.pick(['IN', 'NOT IN'])} (${chain(n, (i) => String(i), ', ')})${r.chance(0.5) ? ' FROM tab0' : ''}` },
  { name: 'huge-values', max: 100_000, make: (_r, n) => `SELECT count(*), sum(a) FROM (VALUES ${chain(n, (i) => `(${i}, 'x${i}')`, ', ')}) AS v(a, b)` },
  { name: 'huge-insert', max: 100_000, make: (_r, n) => `INSERT INTO bulk (a, b) VALUES ${chain(n, (i) => `(${i}, ${-i})`, ', ')}` },
  { name: 'huge-case', max: 100_000, make: (_r, n) => `SELECT CASE col0 ${chain(n, (i) => `WHEN ${i} THEN '${i}'`, ' ')} END FROM tab0` },
  { name: 'long-identifier', max: 1_000_000, make: (r, n) => r.pick([
    `SELECT 1 AS ${'a'.repeat(n)}`, `SELECT ${'a'.repeat(n)} FROM tab0`, `CREATE TABLE ${'t'.repeat(n)} (x INT)`, `CREATE TABLE lid (${'c'.repeat(n)} INT)`,
    `SELECT 1 AS "${'q'.repeat(n)}"`, `CREATE NAMESPACE ${'n'.repeat(n)}`, `CREATE USER '${'u'.repeat(n)}' WITH PASSWORD 'p' ROLE user`, `SELECT * FROM tab0 AS ${'z'.repeat(n)}`,
    `CREATE INDEX ${'i'.repeat(n)} ON tab0 (col0)`, `SELECT ${'f'.repeat(n)}(1)`,
  ]) },
  { name: 'odd-unicode', max: 10, make: (r) => {
    const o = r.pick(ODD);
    const q = o.replace(/'/g, "''");
    return r.pick([
      `SELECT '${q}'`, `SELECT length('${q}'), octet_length('${q}'), reverse('${q}'), upper('${q}'), lower('${q}'), initcap('${q}')`,
      `SELECT md5('${q}')`, `SELECT ascii('${q}')`, `SELECT substr('${q}x${q}', 2, 1)`, `SELECT lpad('${q}', 5, '${q}')`, `SELECT translate('a${q}b', '${q}', 'x')`,
      `SELECT '${q}' < 'a', '${q}' = '', '${q}' LIKE '_'`, `SELECT 1 AS "${o.replace(/"/g, '""')}"`, `CREATE TABLE "${o.replace(/"/g, '""')}" (x INT)`,
      `SELECT * FROM tab0 WHERE col2 = '${q}'`, `INSERT INTO tab0 (pk, col2) VALUES (${r.int(10, 99)}, '${q}') RETURNING *`, `SELECT '${q}'::json`,
      `SELECT to_json('${q}'::text)`, `SELECT json_build_object('${q}', '${q}')`, `SELECT '${q}'::bytea`, `SELECT 1 -- ${o}\n`, `SELECT /* ${o} */ 1`,
      `SELECT ${o}`, `SELECT 1${o}`, `SEL${o}ECT 1`, `SELECT '${q}' || chr(${r.pick(['0', '55296', '57343', '65535', '1114111'])})`,
      `SELECT split_part('a${q}b', '${q}', 2)`, `SELECT position('${q}' in 'a${q}')`, `SELECT regexp_replace('a${q}b', '.', 'x')`,
      `SELECT string_agg(x, '${q}') FROM (VALUES ('${q}'), ('b')) AS v(x)`, `CREATE USER '${q}' WITH PASSWORD '${q}' ROLE user`, `SELECT to_char(now(), '${q}')`,
    ]);
  } },
  { name: 'huge-repeat', max: 1, make: (r) => r.pick([
    `SELECT length(repeat('ab', ${r.pick(BIG)}))`, `SELECT length(lpad('a', ${r.pick(BIG)}, 'bc'))`, `SELECT length(rpad('a', ${r.pick(BIG)}))`,
    `SELECT length(repeat(repeat('a', 100000), ${r.pick(['100', '10000', '100000'])}))`, `SELECT length(lpad('a', ${r.pick(['123456789', '50000000'])}, 'b')) FROM generate_series(1, ${r.pick(['2', '20'])})`,
    `SELECT length(string_agg(repeat('x', ${r.pick(['1000', '100000', '1000000'])}), ',')) FROM generate_series(1, ${r.pick(['20', '2000'])})`,
    `SELECT length(repeat('a', 300000000) || repeat('b', 300000000))`, `SELECT max(length(repeat('x', g * 1000000))) FROM generate_series(1, 50) AS s(g)`,
    `SELECT length(concat(repeat('a', 200000000), repeat('a', 200000000), repeat('a', 200000000)))`,
    `SELECT length(replace(repeat('a', 100000), 'a', repeat('b', 10000)))`, `SELECT length(translate(repeat('a', 10000000), 'a', 'bc'))`,
    `SELECT md5(repeat('a', 100000000))`, `SELECT length(to_char(now(), repeat('YYYY', 1000000)))`, `SELECT length(json_build_array(repeat('a', 100000000), repeat('a', 100000000)))`,
  ]) },
  { name: 'series-size', max: 1, make: (r) => r.pick([
    `SELECT count(*) FROM generate_series(1, ${r.pick(['10000000', '1000000000', '9223372036854775807', '2147483647'])})`,
    `SELECT * FROM generate_series(1, ${r.pick(['1000000000', '9223372036854775807'])}) LIMIT 3`,
    `SELECT sum(g) FROM generate_series(1, ${r.pick(['1000000', '30000000'])}) AS s(g)`, 'SELECT count(*) FROM generate_series(1, 100000) a, generate_series(1, 100000) b',
    'INSERT INTO bulk (a) SELECT g FROM generate_series(1, 300000) AS s(g)',
  ]) },
  { name: 'series-edge', max: 1, make: (r) => r.pick([
    'SELECT * FROM generate_series(1, 10, 0)', 'SELECT * FROM generate_series(9223372036854775806, 9223372036854775807)',
    'SELECT * FROM generate_series(2147483646, 2147483647)', 'SELECT * FROM generate_series(-9223372036854775807, -9223372036854775808, -1)',
    'SELECT count(*) FROM generate_series(1, 9223372036854775807, 9223372036854775807)', "SELECT * FROM generate_series('a', 'b')",
    'SELECT * FROM generate_series(1.5, 3)', "SELECT * FROM generate_series(1, 'NaN'::float)", "SELECT * FROM generate_series('NaN'::float, 1)",
    "SELECT * FROM generate_series(1, 'Infinity'::float) LIMIT 2", "SELECT * FROM generate_series(1, 3, 'NaN'::float)", 'SELECT * FROM generate_series(1, NULL)',
    'SELECT * FROM generate_series(0.1, 0.5, 0.1)', 'SELECT * FROM generate_series(1, 2, 1e-300) LIMIT 2',
  ]) },
  { name: 'recursive-cte', max: 1, make: (r) => r.pick([
    'WITH RECURSIVE w(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM w) SELECT * FROM w LIMIT 10',
    'WITH RECURSIVE w(k) AS (SELECT 1 UNION SELECT k FROM w) SELECT * FROM w',
    "WITH RECURSIVE w(s) AS (SELECT 'a' UNION ALL SELECT s || s FROM w WHERE length(s) < 1000000000) SELECT max(length(s)) FROM w",
    'WITH w(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM w WHERE k < 5) SELECT * FROM w',
    'WITH RECURSIVE w(k) AS (SELECT k FROM w) SELECT * FROM w', 'WITH RECURSIVE w(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM w WHERE k < 100000) SELECT count(*) FROM w',
    `WITH RECURSIVE w(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM w, w AS w2 WHERE k < ${r.pick(['3', '10'])}) SELECT count(*) FROM w`,
  ]) },
  { name: 'window-args', max: 1, make: (r) => r.pick([
    'SELECT ntile(0) OVER () FROM tab0', 'SELECT ntile(-1) OVER () FROM tab0', 'SELECT lag(col0, -1) OVER (ORDER BY pk) FROM tab0',
    'SELECT lag(col0, 2147483648) OVER (ORDER BY pk) FROM tab0', 'SELECT nth_value(col0, 0) OVER () FROM tab0', 'SELECT ntile(NULL) OVER () FROM tab0',
    'SELECT sum(col0) OVER (ORDER BY pk ROWS BETWEEN 9223372036854775807 PRECEDING AND CURRENT ROW) FROM tab0',
    'SELECT sum(col0) OVER (ORDER BY pk ROWS BETWEEN 2147483648 PRECEDING AND 9223372036854775807 FOLLOWING) FROM tab0',
    'SELECT sum(col0) OVER (ORDER BY pk ROWS BETWEEN -1 PRECEDING AND CURRENT ROW) FROM tab0',
    'SELECT sum(col0) OVER (ORDER BY pk ROWS BETWEEN UNBOUNDED FOLLOWING AND CURRENT ROW) FROM tab0',
    'SELECT sum(col0) OVER (ORDER BY pk GROUPS BETWEEN 1 FOLLOWING AND 1 PRECEDING) FROM tab0',
  ]) },
  { name: 'window-size', max: 200_000, make: (r, n) => `SELECT count(*), max(m) FROM (SELECT ${r.pick(['max(g) OVER ()', 'sum(g) OVER (ORDER BY g)', 'count(*) OVER (PARTITION BY g % 2)', 'avg(g) OVER (ORDER BY g ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)', 'row_number() OVER (ORDER BY g)', 'rank() OVER (ORDER BY g % 10)'])} AS m FROM generate_series(1, ${n}) AS s(g)) AS q` },
  { name: 'limit-offset', max: 1, make: (r) => r.pick([
    'SELECT * FROM tab0 LIMIT 9223372036854775808', 'SELECT * FROM tab0 OFFSET 1e20', 'SELECT * FROM tab0 FETCH FIRST -1 ROWS ONLY',
    "SELECT * FROM tab0 LIMIT 'a'", 'SELECT * FROM tab0 LIMIT 1.5', 'SELECT * FROM tab0 LIMIT -1', 'SELECT * FROM tab0 OFFSET -1',
    'SELECT * FROM tab0 OFFSET 9223372036854775807 LIMIT 9223372036854775807', "SELECT * FROM tab0 LIMIT 'NaN'::float", 'SELECT * FROM tab0 LIMIT (SELECT 1)',
  ]) },
  { name: 'backtracking-like', max: 2_000, make: (r, n) => r.pick([
    `SELECT repeat('a', ${n}) LIKE '${'%a'.repeat(r.int(3, 12))}b'`, `SELECT repeat('a', ${n}) ILIKE '${'%_'.repeat(r.int(3, 12))}b'`,
    `SELECT count(*) FROM tab0 WHERE repeat(col2, ${n}) LIKE '${'%a'.repeat(r.int(3, 8))}%b'`, `SELECT repeat('ab', ${n}) NOT LIKE '${'%ab'.repeat(r.int(3, 10))}%c'`,
  ]) },
  { name: 'backtracking-regex', max: 200, make: (r, n) => r.pick([
    `SELECT regexp_like(repeat('a', ${n}) || 'b', '^(a+)+$')`, `SELECT regexp_like(repeat('a', ${n}) || 'c', '(a|a)*b')`,
    `SELECT regexp_replace(repeat('a', ${n}), '(a*)*b', 'x')`, `SELECT regexp_like(repeat('ab', ${n}), '^(.*a){${r.int(5, 30)}}$')`,
    `SELECT regexp_like(repeat('x', ${n}), '(x+x+)+y')`, `SELECT regexp_replace(repeat('a', ${n}), '(.*)*c', 'x', 'g')`,
  ]) },
  { name: 'huge-like-pattern', max: 200_000, make: (r, n) => r.pick([
    `SELECT 'a' LIKE '${'_'.repeat(n)}'`, `SELECT 'a' LIKE '${'%'.repeat(n)}'`, `SELECT 'a' LIKE '${'a'.repeat(n)}'`, `SELECT 'a' ILIKE '${'%_'.repeat(n)}'`,
    `SELECT repeat('a', ${n}) LIKE '%'`, `SELECT col2 LIKE '${'_'.repeat(n)}' FROM tab0`, `SELECT regexp_like('a', '${'a?'.repeat(n)}')`,
    `SELECT regexp_like('a', '${'('.repeat(n)}a${')'.repeat(n)}')`, `SELECT regexp_replace('a', '${'[a]'.repeat(n)}', 'b')`,
  ]) },
  { name: 'bad-pattern', max: 1, make: (r) => r.pick([
    "SELECT regexp_like('a', '(')", "SELECT regexp_like('a', '[z-a]')", "SELECT regexp_like('a', 'a{2,1}')", "SELECT regexp_like('a', '\\')",
    "SELECT regexp_like('a', '(?<n>a)')", "SELECT regexp_like('ab', '(?<=a)b')", "SELECT regexp_like('a', '*')", "SELECT regexp_like('a', 'a**')",
    "SELECT regexp_like('a', '\\p{L}')", "SELECT regexp_like('a', '[[:alpha:]]')", "SELECT regexp_like('a', '\\u{110000}')", "SELECT regexp_like('a', '\\1(a)')",
    "SELECT regexp_replace('a', 'a', '$1')", "SELECT regexp_replace('a', '(a)', '\\2')", "SELECT regexp_replace('aaa', '', 'x', 'g')",
    "SELECT regexp_replace('aaa', 'a', 'x', 'zq')", "SELECT regexp_replace('abc', 'b', 'x', 'gi')", "SELECT regexp_like('A', 'a', 'i')",
    "SELECT regexp_like('A', 'a', 'x?')", "SELECT regexp_like('a', NULL)", "SELECT regexp_like('a', '')", "SELECT regexp_replace('a', '.', repeat('$&', 100000))",
    "SELECT 'a' LIKE 'a' ESCAPE ''", "SELECT 'a' LIKE 'a' ESCAPE 'ab'", "SELECT 'a!' LIKE 'a!' ESCAPE '!'", "SELECT 'a' LIKE '\\'",
    "SELECT '%' LIKE '\\%' ESCAPE '\\'", "SELECT 'a' LIKE NULL ESCAPE '!'", "SELECT 'a' ILIKE 'A' ESCAPE NULL", "SELECT 'a' LIKE '[a]'",
    "SELECT 'a' LIKE '(a|b)'", "SELECT 'a.b' LIKE 'a.b'", "SELECT 'a\nb' LIKE 'a_b'", "SELECT '🎉' LIKE '_'", "SELECT '\ud800' LIKE '_'",
  ]) },
  { name: 'shift-overflow', max: 1, make: (r) => `SELECT ${r.pick(['4294967296', '1::bigint', '-1::bigint', '9223372036854775807'])} ${r.pick(['<<', '>>'])} ${r.pick(['64', '100', '2147483647', '-1', '-2147483648'])}` },
  { name: 'limit-zero', max: 1, make: (r) => `SELECT ${r.pick(['col2', 'pk', '*', 'col0, col5'])} FROM ${r.pick(['tab0', 'tab1'])} ORDER BY ${r.pick(['col2', 'col5 DESC', 'col2, pk', 'col0'])} LIMIT ${r.pick(['0', '0 OFFSET 2', '1'])}` },
  { name: 'odd-cast', max: 1, make: (r) => `SELECT CAST(${r.pick(EDGE_VALUES)} AS ${r.pick(CAST_TYPES)})` },
  { name: 'odd-cast-chain', max: 1, make: (r) => `SELECT ${r.pick(EDGE_VALUES)}::${r.pick(CAST_TYPES)}::${r.pick(CAST_TYPES)}` },
  { name: 'odd-arith', max: 1, make: (r) => `SELECT ${r.pick(ARITH)}` },
  { name: 'odd-arith-col', max: 1, make: (r) => `SELECT ${r.pick(['sm', 'i', 'bi', 'r', 'd', 'n'])} ${r.pick(['+', '-', '*', '/', '%'])} ${r.pick(['sm', 'i', 'bi', 'r', 'd', 'n', '0', '-1', '2'])}, ${r.pick(['sum', 'avg', 'max', 'total'])}(${r.pick(['sm', 'i', 'bi', 'r', 'd'])} * ${r.pick(['bi', '9223372036854775807', 'r'])}) OVER () FROM ty` },
  { name: 'odd-agg', max: 1, make: (r) => r.pick([
    'SELECT sum(bi) FROM ty', 'SELECT sum(bi) FROM ty WHERE bi > 0', 'SELECT avg(bi) FROM ty', 'SELECT sum(d) FROM ty', 'SELECT sum(r) FROM ty',
    'SELECT sum(x) FROM (VALUES (9223372036854775807), (1)) AS v(x)', 'SELECT sum(x) FROM (VALUES (2147483647), (2147483647)) AS v(x)',
    "SELECT sum(x) FROM (VALUES ('NaN'::float), ('Infinity'::float)) AS v(x)", "SELECT min(x), max(x) FROM (VALUES ('NaN'::float), (1.0)) AS v(x)",
    "SELECT x, count(*) FROM (VALUES ('NaN'::float), ('NaN'::float), (-0.0), (0.0)) AS v(x) GROUP BY x ORDER BY x",
    "SELECT DISTINCT x FROM (VALUES ('NaN'::float), ('NaN'::float), (-0.0), (0.0)) AS v(x)", "SELECT count(DISTINCT j) FROM ty",
    'SELECT max(j), min(by), max(u) FROM ty', 'SELECT string_agg(by, NULL) FROM ty', 'SELECT string_agg(tx, tx ORDER BY by) FROM ty',
    'SELECT bool_and(i) FROM ty', 'SELECT sum(tx) FROM ty', 'SELECT avg(ts) FROM ty', 'SELECT sum(dt) FROM ty', 'SELECT * FROM ty ORDER BY j, by, u',
    'SELECT by, count(*) FROM ty GROUP BY by', 'SELECT j, count(*) FROM ty GROUP BY j', 'SELECT * FROM ty a JOIN ty b ON a.by = b.by',
    'SELECT * FROM ty a JOIN ty b ON a.j = b.j', 'SELECT by FROM ty UNION SELECT by FROM ty', 'SELECT * FROM ty WHERE by = by',
  ]) },
];

/** Names of every family (for switch lists). */
export const PATHO_NAMES: readonly string[] = PATHO.map((p) => p.name);

/** One pathological case from a family not in `off`. */
export function pathoCase(rng: Rng, off: ReadonlySet<string>, maxSize = Infinity): FuzzCase {
  const fams = PATHO.filter((p) => !off.has(p.name));
  const fam = rng.pick(fams.length > 0 ? fams : PATHO);
  const n = rng.logInt(10, Math.min(fam.max, maxSize));
  return { sql: fam.make(rng, Math.max(1, n)), source: `patho:${fam.name}` };
}
