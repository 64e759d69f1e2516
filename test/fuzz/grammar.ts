/**
 * A grammar-ish statement generator: random but mostly well-formed DDL, DML, queries, users,
 * EXECUTE AS, namespaces, transactions and SHOW/DESCRIBE/EXPLAIN over the fixture's tables
 * (plus scratch tables `f0…f7` it creates itself). Expressions are loosely typed: a type
 * mismatch is a fine outcome (a `DbError`), but most statements should reach the executor.
 */
import type { FuzzCase, ParamSpec } from './cases.ts';
import { FIXTURE_TABLES } from './fixture.ts';
import { oddParam, paramOff } from './params.ts';
import type { Rng } from './rng.ts';

/** The rough types the generator tracks. */
type T = 'int' | 'smallint' | 'bigint' | 'float' | 'text' | 'bool' | 'date' | 'timestamp' | 'json' | 'bytes' | 'uuid';
const TYPES: readonly T[] = ['int', 'smallint', 'bigint', 'float', 'text', 'bool', 'date', 'timestamp', 'json', 'bytes', 'uuid'];
const SQL_TYPE: Readonly<Record<T, readonly string[]>> = {
  int: ['INT', 'INTEGER'], smallint: ['SMALLINT'], bigint: ['BIGINT'], float: ['REAL', 'DOUBLE PRECISION', 'FLOAT', 'NUMERIC', 'DECIMAL(10,2)'],
  text: ['TEXT', 'VARCHAR(3)', 'CHAR(2)', 'VARCHAR(1000)'], bool: ['BOOLEAN'], date: ['DATE'], timestamp: ['TIMESTAMP'],
  json: ['JSON', 'JSONB'], bytes: ['BYTEA', 'BYTES'], uuid: ['UUID'],
};

/** Literal text per type: ordinary values first, edge values after. */
const LITERALS: Readonly<Record<T, readonly string[]>> = {
  int: ['0', '1', '-1', '7', '42', '2147483647', '-2147483648', '2147483648', '-2147483649', '65536'],
  smallint: ['0', '1', '-1', '32767', '-32768', '32768'],
  bigint: ['0', '1', '9223372036854775807', '-9223372036854775808', '9223372036854775808', '-9223372036854775809', '4294967296'],
  float: ['0.5', '1.5', '-2.25', '0.0', '-0.0', '1e308', '1e309', '-1e308', '5e-324', '1e-400', "'NaN'::float", "'Infinity'::float", "'-Infinity'::double precision", '3.141592653589793'],
  text: ["'a'", "'abc'", "''", "'x y'", "'%'", "'_'", "'\\'", "'it''s'", "'héllo'", "'🎉'", "'‮rtl'", "'e\u0301'", "'\u0000'", "'NULL'", "'2024-01-01'", "'1'"],
  bool: ['true', 'false', 'NULL::boolean', "'t'", "'yes'"],
  date: ["DATE '2024-01-02'", "DATE '1970-01-01'", "DATE '9999-12-31'", "DATE '0001-01-01'", "DATE '2024-02-29'", "DATE '2023-02-29'", "DATE '5874897-12-31'", "DATE '4714-11-24 BC'", "'infinity'::date"],
  timestamp: ["TIMESTAMP '2024-01-02 03:04:05'", "TIMESTAMP '1970-01-01 00:00:00'", "TIMESTAMP '9999-12-31 23:59:59.999'", "TIMESTAMP '0001-01-01 00:00:00'", "TIMESTAMP '294276-12-31 23:59:59'", "TIMESTAMP '2024-01-01 24:00:00'", "now()", "'infinity'::timestamp"],
  json: ["'{}'", "'[]'", "'{\"a\":1}'", "'[1,[2,[3]]]'", "'null'", "'\"s\"'", "'{\"a\":'", "'1e999'"],
  bytes: ["'\\x00ff'::bytea", "'abc'::bytea", "''::bytea", "'\\xzz'::bytea"],
  uuid: ["'0190a0b1-0000-7000-8000-000000000001'", "gen_random_uuid()", "'00000000-0000-0000-0000-000000000000'", "'not-a-uuid'::uuid"],
};

/** Functions by result type, with argument types. */
const FUNCS: ReadonlyArray<readonly [string, T, readonly T[]]> = [
  ['lower', 'text', ['text']], ['upper', 'text', ['text']], ['initcap', 'text', ['text']], ['reverse', 'text', ['text']],
  ['length', 'int', ['text']], ['char_length', 'int', ['text']], ['octet_length', 'int', ['text']],
  ['substr', 'text', ['text', 'int', 'int']], ['substring', 'text', ['text', 'int']], ['left', 'text', ['text', 'int']], ['right', 'text', ['text', 'int']],
  ['trim', 'text', ['text']], ['btrim', 'text', ['text', 'text']], ['ltrim', 'text', ['text']], ['rtrim', 'text', ['text', 'text']],
  ['replace', 'text', ['text', 'text', 'text']], ['translate', 'text', ['text', 'text', 'text']], ['concat', 'text', ['text', 'int', 'float']],
  ['concat_ws', 'text', ['text', 'text', 'text']], ['position', 'int', ['text', 'text']], ['strpos', 'int', ['text', 'text']],
  ['lpad', 'text', ['text', 'int', 'text']], ['rpad', 'text', ['text', 'int']], ['repeat', 'text', ['text', 'int']],
  ['split_part', 'text', ['text', 'text', 'int']], ['starts_with', 'bool', ['text', 'text']], ['ascii', 'int', ['text']], ['chr', 'text', ['int']],
  ['to_hex', 'text', ['bigint']], ['md5', 'text', ['text']], ['regexp_replace', 'text', ['text', 'text', 'text']], ['regexp_like', 'bool', ['text', 'text']],
  ['abs', 'int', ['int']], ['mod', 'int', ['int', 'int']], ['round', 'float', ['float', 'int']], ['trunc', 'float', ['float']], ['ceil', 'float', ['float']],
  ['floor', 'float', ['float']], ['sign', 'float', ['float']], ['sqrt', 'float', ['float']], ['cbrt', 'float', ['float']], ['exp', 'float', ['float']],
  ['ln', 'float', ['float']], ['log', 'float', ['float']], ['log10', 'float', ['float']], ['power', 'float', ['float', 'float']], ['sin', 'float', ['float']],
  ['cot', 'float', ['float']], ['asin', 'float', ['float']], ['atan2', 'float', ['float', 'float']], ['degrees', 'float', ['float']], ['pi', 'float', []],
  ['random', 'float', []], ['width_bucket', 'int', ['float', 'float', 'float', 'int']],
  ['now', 'timestamp', []], ['date_trunc', 'timestamp', ['text', 'timestamp']], ['date_part', 'float', ['text', 'timestamp']],
  ['to_timestamp', 'timestamp', ['float']], ['make_date', 'date', ['int', 'int', 'int']], ['make_timestamp', 'timestamp', ['int', 'int', 'int', 'int', 'int', 'float']],
  ['to_char', 'text', ['timestamp', 'text']], ['json_extract_path', 'json', ['json', 'text']], ['json_extract_path_text', 'text', ['json', 'text', 'text']],
  ['json_typeof', 'text', ['json']], ['json_array_length', 'int', ['json']], ['json_build_object', 'json', ['text', 'int']], ['json_build_array', 'json', ['int', 'text']],
  ['to_json', 'json', ['text']], ['jsonb_typeof', 'text', ['json']], ['snowflake_id', 'bigint', []], ['uuid_v7', 'uuid', []], ['ulid', 'text', []],
  ['gen_random_uuid', 'uuid', []], ['version', 'text', []], ['pg_typeof', 'text', ['int']], ['coalesce', 'int', ['int', 'int']], ['nullif', 'int', ['int', 'int']],
  ['greatest', 'int', ['int', 'int', 'int']], ['least', 'text', ['text', 'text']],
];
const AGGS: ReadonlyArray<readonly [string, T, T]> = [
  ['count', 'bigint', 'int'], ['sum', 'bigint', 'int'], ['avg', 'float', 'float'], ['min', 'text', 'text'], ['max', 'int', 'int'], ['total', 'float', 'float'],
  ['bool_and', 'bool', 'bool'], ['bool_or', 'bool', 'bool'], ['every', 'bool', 'bool'], ['sum', 'float', 'float'], ['min', 'date', 'date'], ['max', 'timestamp', 'timestamp'],
];
const WINDOW_FUNCS = ['row_number()', 'rank()', 'dense_rank()', 'percent_rank()', 'cume_dist()', 'ntile(3)', 'lag(%)', 'lead(%, 2)', 'first_value(%)', 'last_value(%)', 'nth_value(%, 2)', 'sum(%)', 'count(*)', 'avg(%)', 'min(%)'];
const LIKE_PATTERNS = ["'a%'", "'%b_'", "'%'", "'_'", "'%\\%%'", "'a%' ESCAPE '!'", "'[a]%'", "'a-b%'", "'2024-%'", "'%.*+?^${}()|[]\\/%'"];
const LIMITS = ['0', '1', '5', '100', 'ALL', '-1', '9223372036854775807', 'NULL'];
const SCRATCH = ['f0', 'f1', 'f2', 'f3'];
const USERS = ["'alice'", "'svc'", "'boss'", "'root'", "'nobody'", "'u1'", "'u2'"];

function typeOf(t: string): T {
  return (TYPES as readonly string[]).includes(t) ? (t as T) : 'text';
}

/** A column visible in the current scope. */
interface Col {
  ref: string;
  type: T;
}

/** One statement's generation state. */
class Gen {
  readonly params: ParamSpec[] = [];
  aggOk = false;
  windowOk = false;

  constructor(readonly rng: Rng, readonly maxDepth: number, readonly off: ReadonlySet<string>) {}

  type(): T {
    return this.rng.weighted(TYPES, [5, 1, 2, 3, 5, 3, 1, 1, 1, 0.5, 0.5]);
  }

  literal(t: T): string {
    const xs = LITERALS[t];
    return this.rng.chance(0.7) ? xs[this.rng.int(0, Math.min(3, xs.length - 1))]! : this.rng.pick(xs);
  }

  param(t: T): string {
    const r = this.rng;
    let spec: ParamSpec;
    if (r.chance(0.25) && !this.off.has('grammar:odd-params')) spec = oddParam(r);
    else {
      switch (t) {
        case 'int': case 'smallint': spec = { k: 'json', v: r.pick([0, 1, -1, 42, 2147483647, 2147483648, 1.5]) }; break;
        case 'bigint': spec = r.chance(0.5) ? { k: 'bigint', v: r.pick(['1', '9223372036854775807', '-9223372036854775808', '9223372036854775808']) } : { k: 'json', v: 3 }; break;
        case 'float': spec = { k: 'json', v: r.pick([0.5, -2.25, 1e308, 5e-324, 0]) }; break;
        case 'bool': spec = { k: 'json', v: r.pick([true, false, 1, 'true']) }; break;
        case 'date': case 'timestamp': spec = r.chance(0.5) ? { k: 'date', v: r.pick([0, 1704067200000, 8.64e15, -8.64e15, 'invalid']) } : { k: 'json', v: r.pick(['2024-01-02', '2024-01-02 03:04:05', 19000, 'nope']) }; break;
        case 'json': spec = { k: 'json', v: r.pick(['{"a":1}', { a: [1, 2] }, [1, 2], '[']) }; break;
        case 'bytes': spec = { k: 'bytes', v: [0, 255, 10] }; break;
        case 'uuid': spec = { k: 'json', v: r.pick(['0190a0b1-0000-7000-8000-000000000001', 'x']) }; break;
        default: spec = { k: 'json', v: r.pick(['a', '', 'héllo', '%', '0', null]) };
      }
    }
    if (paramOff(spec, this.off)) spec = { k: 'json', v: null };
    this.params.push(spec);
    const n = this.params.length;
    return r.chance(0.3) ? `$${n}::${r.pick(SQL_TYPE[t])}` : `$${n}`;
  }

  /** An expression of roughly type `t` over the columns in `scope`. */
  expr(t: T, scope: readonly Col[], depth = 0): string {
    const r = this.rng;
    const leaf = depth >= this.maxDepth || r.chance(0.3 + depth * 0.12);
    if (leaf) {
      const cols = scope.filter((c) => c.type === t || (t === 'int' && c.type === 'smallint'));
      if (cols.length > 0 && r.chance(0.6)) return r.pick(cols).ref;
      if (scope.length > 0 && r.chance(0.08)) return r.pick(scope).ref;
      if (r.chance(0.08)) return this.param(t);
      if (r.chance(0.05)) return 'NULL';
      return this.literal(t);
    }
    const d = depth + 1;
    const e = (tt: T): string => this.expr(tt, scope, d);
    const num = t === 'int' || t === 'smallint' || t === 'bigint' || t === 'float';
    const choice = r.int(0, 15);
    if (choice <= 2 && num) return `(${e(t)} ${r.pick(['+', '-', '*', '/', '%'])} ${e(t)})`;
    if (choice === 3 && (t === 'int' || t === 'bigint')) return `(${e(t)} ${r.pick(['&', '|', '<<', '>>', '#'])} ${e('int')})`;
    if (choice <= 4 && t === 'bool') return this.predicate(scope, d);
    if (choice <= 4 && t === 'text') return `(${e('text')} || ${e(r.pick(['text', 'int', 'float', 'date']))})`;
    if (choice === 5) return `CASE WHEN ${this.predicate(scope, d)} THEN ${e(t)} ${r.chance(0.7) ? `ELSE ${e(t)} ` : ''}END`;
    if (choice === 6) return `CASE ${e('int')} WHEN ${e('int')} THEN ${e(t)} WHEN ${e('int')} THEN ${e(t)} ELSE ${e(t)} END`;
    if (choice === 7) {
      const from = this.type();
      return r.chance(0.5) ? `CAST(${e(from)} AS ${r.pick(SQL_TYPE[t])})` : `${e(from)}::${r.pick(SQL_TYPE[t])}`;
    }
    if (choice === 8) return `${r.pick(['COALESCE', 'GREATEST', 'LEAST', 'NULLIF'])}(${e(t)}, ${e(t)})`;
    if (choice === 9 && this.aggOk && r.chance(0.7)) return this.aggregate(t, scope, d);
    if (choice === 10 && this.windowOk && r.chance(0.5)) return this.windowCall(t, scope, d);
    if (choice === 11 && depth < 2 && r.chance(0.5)) return `(${this.select(d, 1, t)})`;
    if (choice === 12 && t === 'text' && r.chance(0.5)) return `(${e('json')} ${r.pick(['->>', '->'])} ${r.chance(0.5) ? this.literal('text') : e('int')})`;
    if (choice === 13 && num) return `${r.pick(['-', '+', '~'])}${e(t)}`;
    const fs = FUNCS.filter((f) => f[1] === t);
    if (fs.length > 0) {
      const [name, , args] = r.pick(fs);
      return `${name}(${args.map((a) => e(a)).join(', ')})`;
    }
    return this.literal(t);
  }

  predicate(scope: readonly Col[], depth: number): string {
    const r = this.rng;
    const d = depth + 1;
    const t = this.type();
    const e = (tt: T): string => this.expr(tt, scope, d);
    switch (r.int(0, 12)) {
      case 0: return `${e(t)} IS ${r.pick(['', 'NOT '])}NULL`;
      case 1: return `${e(t)} IS ${r.pick(['', 'NOT '])}DISTINCT FROM ${e(t)}`;
      case 2: return `${e(t)} ${r.pick(['', 'NOT '])}BETWEEN ${r.pick(['', 'SYMMETRIC '])}${e(t)} AND ${e(t)}`;
      case 3: return `${e(t)} ${r.pick(['IN', 'NOT IN'])} (${Array.from({ length: r.int(1, 5) }, () => e(t)).join(', ')})`;
      case 4: return depth < 3 ? `${e(t)} ${r.pick(['IN', 'NOT IN'])} (${this.select(d, 1, t)})` : 'true';
      case 5: return depth < 3 ? `${r.pick(['', 'NOT '])}EXISTS (${this.select(d, r.int(1, 2))})` : 'false';
      case 6: {
        const literal = r.chance(0.6) || this.off.has('grammar:like-expression');
        return `${e('text')} ${r.pick(['LIKE', 'ILIKE', 'NOT LIKE'])} ${literal ? r.pick(this.off.has('grammar:like-dash') ? LIKE_PATTERNS.filter((x) => !x.includes('-')) : LIKE_PATTERNS) : e('text')}`;
      }
      case 7: return `(${this.predicate(scope, d)} ${r.pick(['AND', 'OR'])} ${this.predicate(scope, d)})`;
      case 8: return `NOT ${this.predicate(scope, d)}`;
      case 9: return `${e('bool')} IS ${r.pick(['', 'NOT '])}${r.pick(['TRUE', 'FALSE', 'UNKNOWN'])}`;
      default: return `${e(t)} ${r.pick(['=', '<>', '<', '<=', '>', '>=', '!='])} ${e(t)}`;
    }
  }

  aggregate(t: T, scope: readonly Col[], depth: number): string {
    const r = this.rng;
    const saved = this.aggOk;
    this.aggOk = false;
    let s: string;
    if (r.chance(0.15)) s = 'count(*)';
    else if (t === 'text' && r.chance(0.5)) {
      s = `${r.pick(['string_agg', 'group_concat'])}(${r.pick(['', 'DISTINCT '])}${this.expr('text', scope, depth)}, ${this.literal('text')}${r.chance(0.3) ? ` ORDER BY ${this.expr(this.type(), scope, depth)}` : ''})`;
    } else {
      const [name, , arg] = r.pick(AGGS);
      s = `${name}(${r.chance(0.2) ? 'DISTINCT ' : ''}${this.expr(arg, scope, depth)})`;
    }
    if (r.chance(0.15)) s += ` FILTER (WHERE ${this.predicate(scope, depth)})`;
    this.aggOk = saved;
    return s;
  }

  windowCall(t: T, scope: readonly Col[], depth: number): string {
    const r = this.rng;
    const saved = this.windowOk;
    this.windowOk = false;
    const f = r.pick(WINDOW_FUNCS).replace('%', this.expr(t, scope, depth));
    const parts: string[] = [];
    if (r.chance(0.5)) parts.push(`PARTITION BY ${this.expr(this.type(), scope, depth)}`);
    if (r.chance(0.7)) parts.push(`ORDER BY ${this.expr(this.type(), scope, depth)} ${r.pick(['', 'DESC', 'ASC NULLS FIRST'])}`);
    if (r.chance(0.3)) {
      const b = (): string => r.pick(['UNBOUNDED PRECEDING', 'CURRENT ROW', 'UNBOUNDED FOLLOWING', `${r.pick(['0', '1', '3', '2147483647', '-1'])} ${r.pick(['PRECEDING', 'FOLLOWING'])}`]);
      parts.push(`${r.pick(['ROWS', 'RANGE', 'GROUPS'])} BETWEEN ${b()} AND ${b()}`);
    }
    this.windowOk = saved;
    return `${f} OVER (${parts.join(' ')})`;
  }

  /** A FROM clause and the columns it brings into scope. */
  from(depth: number): { sql: string; scope: Col[] } {
    const r = this.rng;
    const items: string[] = [];
    const scope: Col[] = [];
    const n = r.weighted([1, 2, 3], [6, 3, 1]);
    for (let i = 0; i < n; i++) {
      const alias = `x${depth}_${i}`;
      let item: string;
      const kind = r.int(0, 9);
      if (kind <= 6) {
        const name = r.pick(Object.keys(FIXTURE_TABLES));
        item = `${name} AS ${alias}`;
        for (const [c, ct] of Object.entries(FIXTURE_TABLES[name]!)) scope.push({ ref: `${alias}.${c}`, type: typeOf(ct) });
      } else if (kind === 7 && depth < 2) {
        const t = this.type();
        item = `(${this.select(depth + 1, 1, t)}) AS ${alias}(c)`;
        scope.push({ ref: `${alias}.c`, type: t });
      } else if (kind === 8) {
        item = `generate_series(${this.rng.pick(['1', '0', '-3'])}, ${this.rng.pick(['3', '10', '0', '100'])}${r.chance(0.3) ? `, ${r.pick(['1', '2', '-1', '0'])}` : ''}) AS ${alias}(g)`;
        scope.push({ ref: `${alias}.g`, type: 'int' });
      } else {
        item = `(VALUES (1, 'a'), (2, NULL), (NULL, 'c')) AS ${alias}(p, q)`;
        scope.push({ ref: `${alias}.p`, type: 'int' }, { ref: `${alias}.q`, type: 'text' });
      }
      if (i === 0) items.push(item);
      else {
        let join = r.pick(['JOIN', 'LEFT JOIN', 'RIGHT JOIN', 'FULL JOIN', 'CROSS JOIN', ',', 'INNER JOIN', 'LEFT OUTER JOIN']);
        if (join === ',' && this.off.has('grammar:comma-join')) join = 'CROSS JOIN';
        if (join === ',' || join === 'CROSS JOIN') items.push(`${join === ',' ? ',' : ' CROSS JOIN'} ${item}`);
        else items.push(` ${join} ${item} ON ${this.predicate(scope, depth + 1)}`);
      }
    }
    return { sql: items.join(''), scope };
  }

  /** A SELECT; with `cols`/`t` it returns that many columns (the first of type `t`). */
  select(depth: number, cols?: number, t?: T): string {
    const r = this.rng;
    const { sql: from, scope } = r.chance(0.93) ? this.from(depth) : { sql: '', scope: [] };
    const grouped = from !== '' && r.chance(0.3);
    const n = cols ?? r.int(1, 4);
    const items: string[] = [];
    const savedAgg = this.aggOk;
    const savedWin = this.windowOk;
    for (let i = 0; i < n; i++) {
      const tt = i === 0 && t ? t : this.type();
      this.aggOk = grouped || r.chance(0.1);
      this.windowOk = from !== '' && depth === 0 && r.chance(0.2);
      items.push(`${this.expr(tt, scope, depth)} AS c${i}`);
    }
    this.aggOk = savedAgg;
    this.windowOk = savedWin;
    if (cols === undefined && from !== '' && r.chance(0.1)) items.splice(0, items.length, '*');
    let s = `SELECT ${r.chance(0.1) ? r.pick(['DISTINCT ', `DISTINCT ON (${this.expr('int', scope, depth + 1)}) `]) : ''}${items.join(', ')}`;
    if (from) s += ` FROM ${from}`;
    if (from && r.chance(0.5)) s += ` WHERE ${this.predicate(scope, depth)}`;
    if (grouped) {
      s += ` GROUP BY ${r.chance(0.5) ? '1' : this.expr(this.type(), scope, depth + 1)}`;
      if (r.chance(0.3)) {
        this.aggOk = true;
        s += ` HAVING ${this.predicate(scope, depth)}`;
        this.aggOk = savedAgg;
      }
    }
    if (depth === 0 && r.chance(0.15)) {
      const other = this.select(depth + 1, n);
      s = `${s} ${r.pick(['UNION', 'UNION ALL', 'INTERSECT', 'EXCEPT', 'EXCEPT ALL'])} ${other}`;
    }
    if (r.chance(0.35)) s += ` ORDER BY ${r.chance(0.5) ? r.int(1, n) : scope.length > 0 ? r.pick(scope).ref : '1'} ${r.pick(['', 'DESC', 'NULLS FIRST', 'DESC NULLS LAST'])}`;
    if (r.chance(0.3)) s += ` LIMIT ${r.pick(this.off.has('grammar:limit-zero') ? LIMITS.slice(1) : LIMITS)}`;
    if (r.chance(0.1)) s += ` OFFSET ${r.pick(['0', '1', '1000000', '-1'])}`;
    if (depth === 0 && r.chance(0.1)) {
      s = `WITH ${r.chance(0.3) ? 'RECURSIVE ' : ''}w(k) AS (${r.chance(0.5) ? `SELECT 1 UNION ALL SELECT k + 1 FROM w WHERE k < ${r.pick(['5', '100', '10000'])}` : this.select(1, 1, 'int')}) ${s.replace(' FROM ', ' FROM w, ')}`;
    }
    return s;
  }

  tableName(): string {
    return this.rng.chance(0.5) ? this.rng.pick(SCRATCH) : this.rng.pick(Object.keys(FIXTURE_TABLES));
  }

  columnDef(): string {
    const r = this.rng;
    const t = this.type();
    let s = `c${r.int(0, 5)} ${r.pick(SQL_TYPE[t])}`;
    if (r.chance(0.2)) s += ' NOT NULL';
    if (r.chance(0.2)) s += ` DEFAULT ${this.literal(t)}`;
    if (r.chance(0.1)) s += ' UNIQUE';
    if (r.chance(0.1)) s += ' PRIMARY KEY';
    return s;
  }

  statement(): string {
    const r = this.rng;
    const kind = r.weighted(
      ['select', 'insert', 'update', 'delete', 'create', 'alter', 'drop', 'index', 'view', 'ns', 'user', 'exec', 'show', 'explain', 'tx', 'system', 'misc'],
      [40, 9, 5, 4, 5, 4, 2, 2, 2, 2, 2, 3, 3, 3, 2, 2, 1],
    );
    const tbl = (): string => (r.chance(0.15) ? r.pick(SCRATCH) : r.pick(['t1', 'tab0', 'tab1', 'ty', 'ut', 'st', 'ns1.msgs']));
    const scopeOf = (name: string): Col[] => Object.entries(FIXTURE_TABLES[name] ?? { c0: 'int', c1: 'text' }).map(([c, t]) => ({ ref: c, type: typeOf(t) }));
    switch (kind) {
      case 'select': return this.select(0);
      case 'insert': {
        const name = tbl();
        const sc = scopeOf(name);
        const cols = sc.filter(() => r.chance(0.7));
        const list = cols.length > 0 && r.chance(0.7) ? ` (${cols.map((c) => c.ref).join(', ')})` : '';
        const use = list ? cols : sc;
        let body: string;
        if (r.chance(0.1)) body = 'DEFAULT VALUES';
        else if (r.chance(0.2)) body = this.select(1, use.length);
        else body = `VALUES ${Array.from({ length: r.weighted([1, 2, 5], [5, 3, 1]) }, () => `(${use.map((c) => (r.chance(0.05) ? 'DEFAULT' : this.expr(c.type, [], 2))).join(', ')})`).join(', ')}`;
        let s = `INSERT INTO ${name}${list} ${body}`;
        if (r.chance(0.2) && sc.length > 0) s += ` ON CONFLICT (${sc[0]!.ref}) ${r.chance(0.5) ? 'DO NOTHING' : `DO UPDATE SET ${r.pick(sc).ref} = excluded.${r.pick(sc).ref}`}`;
        if (r.chance(0.2)) s += ` RETURNING ${r.chance(0.5) ? '*' : this.expr(this.type(), sc, 2)}`;
        return s;
      }
      case 'update': {
        const name = tbl();
        const sc = scopeOf(name);
        const c = r.pick(sc);
        let s = `UPDATE ${name} SET ${c.ref} = ${this.expr(c.type, sc, 1)}`;
        if (r.chance(0.2)) s += ' FROM tab1 AS o';
        if (r.chance(0.7)) s += ` WHERE ${this.predicate(sc, 1)}`;
        if (r.chance(0.2)) s += ` RETURNING ${r.chance(0.5) ? '*' : this.expr(this.type(), sc, 2)}`;
        return s;
      }
      case 'delete': {
        const name = tbl();
        const sc = scopeOf(name);
        let s = `DELETE FROM ${name}`;
        if (r.chance(0.15)) s += ' USING tab1 AS o';
        if (r.chance(0.8)) s += ` WHERE ${this.predicate(sc, 1)}`;
        if (r.chance(0.2)) s += ' RETURNING *';
        return s;
      }
      case 'create': {
        const name = r.pick(SCRATCH);
        if (r.chance(0.2)) return `CREATE TABLE ${r.pick(['', 'IF NOT EXISTS '])}${name} AS ${this.select(1)}`;
        const kindKw = r.pick(['', '', 'USER ', 'SHARED ', 'STREAM ']);
        const defs = Array.from({ length: r.int(1, 5) }, () => this.columnDef());
        if (r.chance(0.2)) defs.push(`PRIMARY KEY (c${r.int(0, 5)})`);
        if (r.chance(0.1)) defs.push(`UNIQUE (c${r.int(0, 5)}, c${r.int(0, 5)})`);
        let s = `CREATE ${kindKw}TABLE ${r.pick(['', 'IF NOT EXISTS '])}${r.chance(0.2) ? r.pick(['ns1.', 'nsx.', 'system.', '"default".']) : ''}${name} (${defs.join(', ')})`;
        if (kindKw === 'STREAM ' || r.chance(0.2)) {
          const opts = [`TTL_SECONDS = ${r.pick(['60', '0', '-1', '9999999999999'])}`, `TYPE = '${r.pick(['USER', 'SHARED', 'STREAM', 'bogus'])}'`, `ACCESS_LEVEL = '${r.pick(['public', 'private', 'restricted', 'dba', 'x'])}'`, `FLUSH_POLICY = '${r.pick(['rows:10,interval:5', 'rows:-1', 'x'])}'`];
          s += ` WITH (${opts.filter(() => r.chance(0.5)).join(', ') || opts[0]})`;
        }
        return s;
      }
      case 'alter': {
        const name = this.tableName();
        const c = `c${r.int(0, 5)}`;
        const t = this.type();
        return `ALTER TABLE ${name} ${r.pick([
          `ADD COLUMN ${r.pick(['', 'IF NOT EXISTS '])}${this.columnDef()}`,
          `DROP COLUMN ${r.pick(['', 'IF EXISTS '])}${c}`,
          `RENAME COLUMN ${c} TO c${r.int(0, 5)}`,
          `RENAME TO ${r.pick(SCRATCH)}`,
          `ALTER COLUMN ${c} TYPE ${r.pick(SQL_TYPE[t])}`,
          `MODIFY COLUMN ${c} ${r.pick(SQL_TYPE[t])}`,
          `ALTER COLUMN ${c} SET DEFAULT ${this.literal(t)}`,
          `ALTER COLUMN ${c} DROP DEFAULT`,
          `ALTER COLUMN ${c} SET NOT NULL`,
          `ALTER COLUMN ${c} DROP NOT NULL`,
          `SET ACCESS LEVEL ${r.pick(['public', 'private', 'dba', 'restricted'])}`,
        ])}`;
      }
      case 'drop': return r.pick([
        `DROP ${r.pick(['', 'USER ', 'SHARED ', 'STREAM '])}TABLE ${r.pick(['', 'IF EXISTS '])}${this.tableName()}${r.chance(0.2) ? `, ${r.pick(SCRATCH)}` : ''}`,
        `DROP VIEW ${r.pick(['', 'IF EXISTS '])}${r.pick(['v1', 'vv', 'f0'])}`,
        `DROP INDEX ${r.pick(['', 'IF EXISTS '])}${r.pick(['idx_tab0_col0', 'ix0', 't1_pkey'])}`,
      ]);
      case 'index': return `CREATE ${r.pick(['', 'UNIQUE '])}INDEX ${r.pick(['', 'IF NOT EXISTS '])}${r.pick(['ix0', 'ix1', ''])} ON ${this.tableName()} ${r.pick(['', 'USING hash ', 'USING btree '])}(c${r.int(0, 5)}${r.chance(0.3) ? ` DESC, c${r.int(0, 5)}` : ''})`;
      case 'view': return `CREATE ${r.pick(['', 'OR REPLACE '])}VIEW ${r.pick(['vv', 'v1', 'f1'])}${r.chance(0.3) ? ' (a, b)' : ''} AS ${this.select(1)}`;
      case 'ns': return r.pick([
        `CREATE NAMESPACE ${r.pick(['', 'IF NOT EXISTS '])}${r.pick(['nsx', 'ns1', 'system', 'pg_catalog', '"Ns Q"'])}`,
        `DROP NAMESPACE ${r.pick(['', 'IF EXISTS '])}${r.pick(['nsx', 'ns1', 'default', 'system'])}${r.pick(['', ' CASCADE'])}`,
        `USE ${r.pick(['nsx', 'ns1', '"default"', 'default', 'system', 'nope'])}`,
        'SHOW NAMESPACES',
      ]);
      case 'user': return r.pick([
        `CREATE USER ${r.pick(USERS)} WITH PASSWORD ${r.pick(["'pw'", "''", "'🎉'"])} ROLE ${r.pick(['user', 'service', 'dba', 'system', 'nope'])}${r.chance(0.3) ? " EMAIL 'x@y'" : ''}`,
        `ALTER USER ${r.pick(USERS)} SET ${r.pick(["PASSWORD 'new'", 'ROLE service', 'ROLE user', 'ROLE system', "EMAIL 'e@x'"])}`,
        `DROP USER ${r.pick(['', 'IF EXISTS '])}${r.pick(USERS)}`,
        'SHOW USERS',
      ]);
      case 'exec': {
        const inner = r.chance(0.7) ? this.select(1) : this.statementOf(r.pick(['insert', 'update', 'delete', 'create']));
        return `EXECUTE AS USER ${r.pick(USERS)} (${inner})`;
      }
      case 'show': return r.pick([
        'SHOW TABLES', `SHOW TABLES IN ${r.pick(['ns1', 'system', 'nope', 'default'])}`, `DESCRIBE ${r.pick(['', 'TABLE '])}${this.tableName()}`,
        'SHOW NAMESPACES', 'SHOW USERS', `DESCRIBE system.${r.pick(['users', 'tables', 'nope'])}`,
      ]);
      case 'explain': return `EXPLAIN ${this.select(0)}`;
      case 'tx': return r.pick(['BEGIN', 'COMMIT', 'ROLLBACK', 'BEGIN', 'COMMIT']);
      case 'system': return `SELECT * FROM system.${r.pick(['users', 'namespaces', 'tables', 'schemas', 'columns', 'indexes', 'jobs', 'live', 'stats', 'nope'])}${r.chance(0.3) ? ' LIMIT 3' : ''}`;
      default: return r.pick([
        `STORAGE FLUSH TABLE ${this.tableName()}`, 'STORAGE FLUSH ALL', `SUBSCRIBE TO ${this.select(1)}`, "KILL LIVE QUERY 'x'",
        'SELECT CURRENT_USER, CURRENT_ROLE, CURRENT_NAMESPACE', `SELECT pg_typeof(${this.expr(this.type(), [], 1)})`,
      ]);
    }
  }

  statementOf(kind: string): string {
    for (let i = 0; i < 50; i++) {
      const s = this.statement();
      if (s.toLowerCase().startsWith(kind)) return s;
    }
    return this.select(1);
  }
}

/** One generated statement (with parameters when it used any). */
export function grammarCase(rng: Rng, maxDepth = 4, off: ReadonlySet<string> = new Set()): FuzzCase {
  const g = new Gen(rng, maxDepth, off);
  const sql = g.statement();
  const c: FuzzCase = { sql, source: 'grammar' };
  if (g.params.length > 0) c.params = g.params;
  return c;
}
