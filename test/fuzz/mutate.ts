/**
 * Statement mutations: token insert/delete/swap, literal replacement with edge values, clause
 * duplication, identifier and operator replacement, wrapping, and splicing two statements.
 */
import type { Rng } from './rng.ts';
import { detokenize, isLiteral, isWord, tokenize, type Token } from './tokens.ts';

const EDGE_LITERALS = [
  '0', '-1', '1', '2147483647', '2147483648', '-2147483648', '-2147483649', '9223372036854775807', '9223372036854775808', '-9223372036854775808',
  '32767', '32768', '1e308', '1e309', '5e-324', '1e-400', '-0.0', "'NaN'::float", "'Infinity'::float", "'-infinity'", 'NULL', "''", "' '",
  "'\u0000'", "'\\'", "'%'", "'_'", "'%a%a%a%b'", "'9999-12-31'", "'0001-01-01'", "'294277-01-01'", "DATE '9999-12-31'", "TIMESTAMP '1970-01-01 00:00:00'",
  "'2024-02-30'", "'{}'", "'[1,'", "'\\xff'::bytea", 'true', 'false', "'🎉'", "'\ud800'", "'e\u0301'", "'\u202e'", '(SELECT 1)', '(SELECT NULL)',
  '(1/0)', 'CAST(NULL AS INT)', "repeat('a', 100000)", '$1', '$2', '1' + '0'.repeat(40), "'" + 'x'.repeat(5000) + "'",
];
const TOKEN_POOL = [
  'SELECT', 'FROM', 'WHERE', 'GROUP', 'BY', 'HAVING', 'ORDER', 'LIMIT', 'OFFSET', 'UNION', 'ALL', 'INTERSECT', 'EXCEPT', 'DISTINCT', 'JOIN', 'LEFT',
  'RIGHT', 'FULL', 'CROSS', 'NATURAL', 'ON', 'USING', 'AND', 'OR', 'NOT', 'IS', 'NULL', 'IN', 'EXISTS', 'BETWEEN', 'LIKE', 'ILIKE', 'ESCAPE', 'CASE',
  'WHEN', 'THEN', 'ELSE', 'END', 'CAST', 'AS', 'OVER', 'PARTITION', 'WINDOW', 'ROWS', 'RANGE', 'PRECEDING', 'FOLLOWING', 'WITH', 'RECURSIVE', 'VALUES',
  'INSERT', 'INTO', 'UPDATE', 'DELETE', 'SET', 'RETURNING', 'CONFLICT', 'DO', 'NOTHING', 'DEFAULT', 'FILTER', 'LATERAL', 'ASC', 'DESC', 'NULLS', 'FIRST',
  'TABLE', 'CREATE', 'DROP', 'ALTER', 'INDEX', 'VIEW', 'EXPLAIN', 'EXECUTE', 'USER', 'ANY', 'SOME', 'ARRAY', 'INTERVAL', 'COLLATE', 'SYMMETRIC', 'TRUE',
  '(', ')', ',', ';', '*', '+', '-', '/', '%', '||', '::', '=', '<>', '<', '>', '<=', '>=', '->', '->>', '~', '&', '|', '<<', '>>', '.', '[', ']', '$1', '?', '@',
  'count(*)', 'sum', 'avg', 'min', 'max', 'string_agg', 'row_number()', 'generate_series', 'repeat', 'lpad', 'coalesce', 'abs', 'INT', 'BIGINT', 'TEXT',
  'DATE', 'TIMESTAMP', 'JSON', 'BYTEA', 'UUID', 'BOOLEAN', 'REAL', 'SMALLINT', 'tab0', 'tab1', 't1', 'ty', 'ut', 'st', 'ns1.msgs', 'v1', 'system.users',
  'col0', 'col1', 'col2', 'pk', 'a', 'b', 'bi', 'j', 'by', 'ts', 'dt', 'u', '_seq', '_deleted', '*',
];
const OPERATORS = ['+', '-', '*', '/', '%', '||', '=', '<>', '<', '>', '<=', '>=', '&', '|', '<<', '>>', 'AND', 'OR', 'LIKE', 'IS', '->', '->>', '::'];
const CLAUSES = new Set(['SELECT', 'FROM', 'WHERE', 'GROUP', 'HAVING', 'ORDER', 'LIMIT', 'OFFSET', 'UNION', 'JOIN', 'ON', 'VALUES', 'SET', 'RETURNING', 'WINDOW']);
const WRAPS = ['(%)', '-%', 'NOT %', '%::text', '%::int', '%::bigint', 'CAST(% AS DATE)', 'coalesce(%, %)', '(SELECT %)', 'CASE WHEN % THEN % END', 'abs(%)',
  '% || %', 'lower(%)', 'sum(%)', 'max(%) OVER ()', 'EXISTS (SELECT %)', '% IN (SELECT %)', 'repeat(%, 1000)', 'json_typeof(%)', '(% / 0)'];

function op(rng: Rng, t: Token[], other: () => string): Token[] {
  const n = t.length;
  const i = rng.int(0, Math.max(0, n - 1));
  switch (rng.int(0, 10)) {
    case 0: return n > 1 ? [...t.slice(0, i), ...t.slice(i + rng.int(1, 3))] : t;
    case 1: return [...t.slice(0, i), rng.pick(TOKEN_POOL), ...t.slice(i)];
    case 2: {
      const j = rng.int(0, Math.max(0, n - 1));
      const u = t.slice();
      [u[i], u[j]] = [u[j]!, u[i]!];
      return u;
    }
    case 3: case 4: {
      const lits = t.map((x, k) => (isLiteral(x) ? k : -1)).filter((k) => k >= 0);
      const k = lits.length > 0 ? rng.pick(lits) : i;
      const u = t.slice();
      u[k] = rng.pick(EDGE_LITERALS);
      return u;
    }
    case 5: {
      const starts = t.map((x, k) => (CLAUSES.has(x.toUpperCase()) ? k : -1)).filter((k) => k >= 0);
      if (starts.length === 0) return [...t, ...t.slice(i)];
      const s = rng.pick(starts);
      let e = s + 1;
      while (e < n && !CLAUSES.has(t[e]!.toUpperCase())) e++;
      return [...t.slice(0, e), ...t.slice(s, e), ...t.slice(e)];
    }
    case 6: {
      const words = t.map((x, k) => (isWord(x) && !CLAUSES.has(x.toUpperCase()) ? k : -1)).filter((k) => k >= 0);
      const k = words.length > 0 ? rng.pick(words) : i;
      const u = t.slice();
      u[k] = rng.pick(TOKEN_POOL.filter((x) => /^[a-z_]/.test(x)));
      return u;
    }
    case 7: {
      const ops = t.map((x, k) => (OPERATORS.includes(x.toUpperCase()) ? k : -1)).filter((k) => k >= 0);
      if (ops.length === 0) return t;
      const u = t.slice();
      u[rng.pick(ops)] = rng.pick(OPERATORS);
      return u;
    }
    case 8: {
      const cand = t.map((x, k) => (isLiteral(x) || (isWord(x) && !CLAUSES.has(x.toUpperCase())) ? k : -1)).filter((k) => k >= 0);
      if (cand.length === 0) return t;
      const k = rng.pick(cand);
      const u = t.slice();
      u[k] = rng.pick(WRAPS).replaceAll('%', t[k]!);
      return u;
    }
    case 9: {
      const o = tokenize(other());
      return [...t.slice(0, i), ...o.slice(rng.int(0, Math.max(0, o.length - 1)))];
    }
    default: {
      const o = tokenize(other());
      const a = rng.int(0, Math.max(0, o.length - 1));
      return [...t.slice(0, i), ...o.slice(a, a + rng.int(1, 6)), ...t.slice(i)];
    }
  }
}

/** `sql` with 1–4 random mutations; `other` supplies a second statement for splicing. */
export function mutate(rng: Rng, sql: string, other: () => string): string {
  let t = tokenize(sql);
  const k = rng.weighted([1, 2, 3, 4], [5, 3, 1, 1]);
  // an empty statement's swap yields a hole: drop it (a token is never undefined)
  for (let i = 0; i < k; i++) t = op(rng, t, other).filter((x) => x !== undefined);
  return detokenize(t);
}
