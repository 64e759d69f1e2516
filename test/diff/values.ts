/**
 * Value pools and literal rendering. Domains are small so that data has duplicates and joins
 * match; floats are dyadic (k/4, k/8) so that sums are exact in any order and REAL values are
 * exactly representable in both engines.
 */
import type { Fam, Lit, Ty } from './ast.ts';
import type { Features } from './features.ts';
import type { Rng } from './rng.ts';

const ASCII_TEXT = [
  '', 'a', 'b', 'ab', 'abc', 'A', 'B', 'Abc', 'a b', ' a', 'a ', 'x%y', 'x_y', 'a-b', 'hello',
  'HELLO', 'world', 'Hello World', '10', '9', 'z', "o'k", 'foo_bar', 'b-a', 'aa', 'ba',
];
const UNICODE_TEXT = ['é', 'Éa', '日本', 'a😀', 'ｆ', 'naïve'];
/** Long strings for pathological LIKE / regular-expression patterns. */
const LONG_TEXT = ['a'.repeat(40) + '!', 'ab'.repeat(20) + 'c'];
/**
 * Characters whose upper/lower case differs between full (Unicode SpecialCasing) and simple case
 * mapping, or with context (final sigma). Not `ß`: PGlite's libc (musl) upper-cases it to `ẞ`, glibc
 * and PostgreSQL's builtin C.UTF-8 provider keep it, as InkDB does (docs/CONFORMANCE.md).
 */
const SPECIAL_CASING = ['ﬀ', 'ǅ', 'ᾳx', 'ΑΣ', 'İ'];
const JSON_VALUES = [
  '{"a": 1}', '{"a": [1, 2], "b": "x"}', '[1, 2, 3]', '"s"', '3', 'null', '{"b": {"c": true}}',
  '[]', '{}', '{"a": "x", "c": 2.5}',
];
const BYTEA_VALUES = ['\\x', '\\x00', '\\x0102', '\\xff', '\\xdeadbeef', '\\x61', '\\x6162'];
const UUIDS = [
  'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff', '123e4567-e89b-12d3-a456-426614174000',
  '6ba7b810-9dad-11d1-80b4-00c04fd430c8', 'c9bf9e57-1685-4c89-bafb-ff5af830be8a',
];
const DATES = [
  '2024-01-01', '2024-01-02', '2024-01-15', '2024-01-31', '2024-02-28', '2024-02-29', '2024-03-01',
  '2023-12-31', '2023-06-15', '2000-02-29', '1999-12-31', '1970-01-01', '2025-07-04',
];
const FAR_DATES = ['0001-01-01', '1900-03-01', '2100-12-31', '9999-12-31', '1969-12-31'];
const TIMES = ['00:00:00', '12:00:00', '23:59:59', '08:30:15', '12:00:00.5', '06:07:08.123', '18:45:00'];

/** SQL text for a string literal. */
export function quote(s: string): string {
  return `'${s.replaceAll("'", "''")}'`;
}

/** The text strings a case may use. */
export function textPool(f: Features): readonly string[] {
  return [...ASCII_TEXT, ...(f.has('unicode_text') ? UNICODE_TEXT : []), ...(f.has('special_casing') ? SPECIAL_CASING : []), ...(f.has('pathological_patterns') ? LONG_TEXT : [])];
}

/** A random raw value (JS side) for a column of type t; `extreme` allows type limits. */
export function rawValue(rng: Rng, t: Ty, f: Features, extreme: boolean, len = 10): string | number | bigint | boolean {
  switch (t) {
    case 'bool': return rng.chance(0.5);
    case 'int2':
      if (extreme && rng.chance(0.15)) return rng.pick([32767, -32768, 0]);
      return rng.int(-5, 20);
    case 'int4':
      if (extreme && rng.chance(0.15)) return rng.pick([2147483647, -2147483648, 0]);
      return rng.chance(0.1) ? rng.int(-3, 3) * 100 : rng.int(-10, 40);
    case 'int8':
      if (extreme && rng.chance(0.15)) return rng.pick([9223372036854775807n, -9223372036854775808n, 0n]);
      return rng.chance(0.15) ? BigInt(rng.int(1, 9)) * 1000000000000n : BigInt(rng.int(-10, 40));
    case 'float4': case 'float8': {
      if (t === 'float8' && f.has('float_specials') && rng.chance(0.05)) return rng.pick(['NaN', 'Infinity', '-Infinity']);
      return rng.int(-40, 80) / rng.pick([1, 2, 4, 8]);
    }
    case 'numeric': return rng.pick(['1.1', '2.25', '-0.5', '3', '10.01', '0.333', '-7.75']);
    case 'text': return rng.pick(textPool(f));
    case 'varchar': return rng.pick(textPool(f).filter((s) => [...s].length <= len && (f.has('varchar_astral') || !/[\u{10000}-\u{10FFFF}]/u.test(s))));
    case 'date': return extreme && rng.chance(0.1) ? rng.pick(FAR_DATES) : rng.pick(DATES);
    case 'timestamp': {
      const d = extreme && rng.chance(0.05) ? rng.pick(FAR_DATES) : rng.pick(DATES);
      return `${d} ${rng.pick(TIMES)}`;
    }
    case 'json': return rng.pick(JSON_VALUES);
    case 'bytea': return rng.pick(BYTEA_VALUES);
    case 'uuid': return rng.pick(UUIDS);
  }
}

function floatText(v: number): string {
  // Dyadic values have short exact decimal forms.
  return Number.isInteger(v) ? v.toFixed(1) : String(v);
}

/** The absolute value bound of a raw value (0 for non-numbers). */
export function rawBound(v: string | number | bigint | boolean): number {
  if (typeof v === 'number') return Math.abs(v);
  if (typeof v === 'bigint') return Math.abs(Number(v));
  return 0;
}

/**
 * A literal for a raw value. `bare` renders strings without a cast (for INSERT, where the
 * target column types them); otherwise literals carry their type so that both engines see the
 * same type.
 */
export function literal(t: Ty, v: string | number | bigint | boolean, bare: boolean, f: Features): Lit {
  const b = rawBound(v);
  const lit = (sql: string): Lit => ({ k: 'lit', t, sql, b });
  switch (t) {
    case 'bool': return lit(v ? 'TRUE' : 'FALSE');
    case 'int2': return lit(bare ? String(v) : `CAST(${String(v)} AS SMALLINT)`);
    case 'int4': return lit(String(v));
    case 'int8': return lit(bare || rawBound(v) > 2147483647 ? String(v) : `CAST(${String(v)} AS BIGINT)`);
    case 'float4': case 'float8': {
      const txt = typeof v === 'string' ? quote(v) : floatText(v as number);
      if (bare && typeof v !== 'string') return lit(txt);
      return lit(`CAST(${txt} AS ${t === 'float4' ? 'REAL' : 'DOUBLE PRECISION'})`);
    }
    case 'numeric': return lit(bare || f.has('numeric') ? String(v) : `CAST(${String(v)} AS DOUBLE PRECISION)`);
    case 'text': case 'varchar': return lit(quote(String(v)));
    case 'date': return lit(bare ? quote(String(v)) : `DATE ${quote(String(v))}`);
    case 'timestamp': return lit(bare ? quote(String(v)) : `TIMESTAMP ${quote(String(v))}`);
    case 'json': return lit(bare ? quote(String(v)) : `CAST(${quote(String(v))} AS JSON)`);
    case 'bytea': return lit(bare ? quote(String(v)) : `CAST(${quote(String(v))} AS BYTEA)`);
    case 'uuid': return lit(bare ? quote(String(v)) : `CAST(${quote(String(v))} AS UUID)`);
  }
}

/** A typed NULL. */
export function nullLit(t: Ty): Lit {
  const sql = t === 'varchar' ? 'TEXT' : t === 'numeric' ? 'DOUBLE PRECISION' : TYPE_NAMES[t];
  return { k: 'lit', t, sql: `CAST(NULL AS ${sql})`, b: 0 };
}

const TYPE_NAMES: Record<Ty, string> = {
  bool: 'BOOLEAN', int2: 'SMALLINT', int4: 'INTEGER', int8: 'BIGINT', float4: 'REAL',
  float8: 'DOUBLE PRECISION', numeric: 'NUMERIC', text: 'TEXT', varchar: 'TEXT', date: 'DATE',
  timestamp: 'TIMESTAMP', json: 'JSON', bytea: 'BYTEA', uuid: 'UUID',
};

/** A random non-null literal of a family (for expressions). */
export function famLiteral(rng: Rng, fam: Fam, f: Features): Lit {
  switch (fam) {
    case 'bool': return literal('bool', rng.chance(0.5), false, f);
    case 'int': {
      const t: Ty = rng.chance(0.8) ? 'int4' : rng.pick(['int2', 'int8'] as const);
      return literal(t, rawValue(rng, t, f, false), false, f);
    }
    case 'float': {
      const t: Ty = f.has('numeric') && rng.chance(0.3) ? 'numeric' : 'float8';
      return literal(t, rawValue(rng, t, f, false), false, f);
    }
    case 'text': return literal('text', rawValue(rng, 'text', f, false), false, f);
    case 'date': return literal('date', rawValue(rng, 'date', f, false), false, f);
    case 'timestamp': return literal('timestamp', rawValue(rng, 'timestamp', f, false), false, f);
    case 'json': return literal('json', rawValue(rng, 'json', f, false), false, f);
    case 'bytea': return literal('bytea', rawValue(rng, 'bytea', f, false), false, f);
    case 'uuid': return literal('uuid', rawValue(rng, 'uuid', f, false), false, f);
  }
}

/** The canonical type used to represent a family when a type is needed. */
export function famType(fam: Fam): Ty {
  switch (fam) {
    case 'int': return 'int4';
    case 'float': return 'float8';
    default: return fam;
  }
}

/** LIKE patterns that make backtracking matchers blow up on long strings. */
export const PATHOLOGICAL_LIKE = ['%a%a%a%a%a%a%a%a%b', '%a%b%a%b%a%b%a%b%d', '_%_%_%_%_%_%_%_%!x'];
/** Regular expressions that make backtracking engines blow up (PostgreSQL's engine does not). */
export const PATHOLOGICAL_REGEXPS = ['^(a+)+$', '^(a|aa)+$', '(a*)*b', '^(ab|a)*c$'];

/** LIKE patterns (no backslash: PostgreSQL's default escape character). */
export const LIKE_PATTERNS = [
  'a%', '%a', '%b%', '_', '__', 'a_c', '%', '', 'A%', 'x!%y', 'x!_y', '%-%', 'a-b', '%o%', 'h%o',
  '%é%', '日%', '_😀', '[a]%', '%.%', 'H%', '%!%%', '%ｆ',
];
