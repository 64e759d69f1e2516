import { describe, it, expect } from 'vitest';
import { DbError } from '../errors/db-error.ts';
import type { Expr, Query, SelectQuery, Statement } from './ast.ts';
import { parse, parseExpression, parseStatement } from './parser.ts';
import { toSql } from './to-sql.ts';

/** Removes `pos` fields so trees can be compared structurally. */
function strip<T>(x: T): T {
  if (Array.isArray(x)) return x.map(strip) as T;
  if (x !== null && typeof x === 'object') {
    const o: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(x)) if (k !== 'pos') o[k] = strip(v);
    return o as T;
  }
  return x;
}

function expr(sql: string): Expr {
  return strip(parseExpression(sql));
}

/** Compact prefix form of an expression tree, for precedence tests. */
function shape(e: Expr): string {
  switch (e.kind) {
    case 'literal': return e.value === null ? 'null' : String(e.value);
    case 'column': return [...e.table, e.name].join('.');
    case 'binary': return `(${e.op} ${shape(e.left)} ${shape(e.right)})`;
    case 'unary': return `(${e.op} ${shape(e.operand)})`;
    case 'is_null': return `(${e.negated ? 'notnull' : 'isnull'} ${shape(e.operand)})`;
    case 'is_bool': return `(is${e.negated ? 'not' : ''} ${shape(e.operand)} ${String(e.value)})`;
    case 'is_distinct': return `(${e.negated ? 'notdistinct' : 'distinct'} ${shape(e.left)} ${shape(e.right)})`;
    case 'between': return `(${e.negated ? 'notbetween' : 'between'} ${shape(e.operand)} ${shape(e.low)} ${shape(e.high)})`;
    case 'in_list': return `(${e.negated ? 'notin' : 'in'} ${shape(e.operand)} [${e.list.map(shape).join(' ')}])`;
    case 'like': return `(${e.negated ? 'not' : ''}${e.caseInsensitive ? 'ilike' : 'like'} ${shape(e.operand)} ${shape(e.pattern)})`;
    case 'cast': return `(cast ${shape(e.operand)} ${e.target.type})`;
    case 'func': return `${e.name}(${e.args.map(shape).join(' ')})`;
    case 'exists': return `(${e.negated ? 'notexists' : 'exists'})`;
    default: return e.kind;
  }
}

function sh(sql: string): string {
  return shape(parseExpression(sql));
}

function sel(sql: string): SelectQuery {
  const s = parseStatement(sql);
  if (s.kind !== 'query' || s.query.kind !== 'select') throw new Error('not a select');
  return s.query;
}

function fails(sql: string, parser: (s: string) => unknown = parse): DbError {
  try {
    parser(sql);
  } catch (e) {
    expect(e).toBeInstanceOf(DbError);
    return e as DbError;
  }
  throw new Error(`expected ${JSON.stringify(sql)} to fail`);
}

describe('precedence', () => {
  const cases: [string, string][] = [
    ['1 + 2 * 3', '(+ 1 (* 2 3))'],
    ['1 - 2 - 3', '(- (- 1 2) 3)'],
    ['a OR b AND c', '(OR a (AND b c))'],
    ['NOT a AND b', '(AND (NOT a) b)'],
    ['NOT a = b', '(NOT (= a b))'],
    ['NOT a IS NULL', '(NOT (isnull a))'],
    ['a = b IS NULL', '(isnull (= a b))'],
    ['a + b IS NOT NULL', '(notnull (+ a b))'],
    ['- - 45', '45'], // PostgreSQL's doNegate folds both signs into the literal
    ['+ - col1', '(+ (- col1))'],
    ['NOT - col > 3', '(NOT (> (- col) 3))'],
    ['- a * b', '(* (- a) b)'],
    ['-5::text', '(- (cast 5 text))'],
    ['col0 BETWEEN 1 AND 5 AND col1 > 2', '(AND (between col0 1 5) (> col1 2))'],
    ['- col1 NOT BETWEEN 1 AND 2 OR x', '(OR (notbetween (- col1) 1 2) x)'],
    ['a BETWEEN b + 1 AND c * 2', '(between a (+ b 1) (* c 2))'],
    ['x NOT IN (1, 2) AND y IN ()', '(AND (notin x [1 2]) (in y []))'],
    ['a || b = c', '(= (|| a b) c)'],
    ['a + b || c', '(|| (+ a b) c)'],
    ['a LIKE b || c', '(like a (|| b c))'],
    ['a = b LIKE c', '(= a (like b c))'],
    ['a < b = c', '(= (< a b) c)'],
    ['x -> 1 ->> 2', '(->> (-> x 1) 2)'],
    ['a IS DISTINCT FROM b AND c', '(AND (distinct a b) c)'],
    ['a IS NOT TRUE OR b IS UNKNOWN', '(OR (isnot a true) (is b null))'],
    ['a ISNULL OR b NOTNULL', '(OR (isnull a) (notnull b))'],
    ['x NOT NULL', '(notnull x)'],
    ['a::int + 1', '(+ (cast a integer) 1)'],
    ['NOT EXISTS (SELECT 1) AND TRUE', '(AND (notexists) true)'],
    ['NOT NOT a', '(NOT (NOT a))'],
    ['a & b | c << 1', '(<< (| (& a b) c) 1)'],
    ['a % 2 = 0', '(= (% a 2) 0)'],
    ['~ a + 1', '(+ (~ a) 1)'],
  ];
  for (const [sql, want] of cases) {
    it(sql, () => expect(sh(sql)).toBe(want));
  }
});

describe('expressions', () => {
  it('literals', () => {
    expect(expr("NULL")).toEqual({ kind: 'literal', type: 'null', value: null });
    expect(expr("TRUE")).toEqual({ kind: 'literal', type: 'boolean', value: true });
    expect(expr("'x'")).toEqual({ kind: 'literal', type: 'string', value: 'x' });
    expect(expr('42')).toEqual({ kind: 'literal', type: 'integer', value: 42 });
    expect(expr('-42')).toEqual({ kind: 'literal', type: 'integer', value: -42 });
    expect(expr('1.50')).toEqual({ kind: 'literal', type: 'decimal', value: 1.5, raw: '1.50' });
    expect(expr('-1e3')).toEqual({ kind: 'literal', type: 'decimal', value: -1000, raw: '-1e3' });
    expect(expr('9007199254740993')).toEqual({ kind: 'literal', type: 'integer', value: 9007199254740993n, raw: '9007199254740993' });
    expect(expr('-9223372036854775808')).toEqual({ kind: 'literal', type: 'integer', value: -9223372036854775808n, raw: '-9223372036854775808' });
    expect(expr('9223372036854775808')).toEqual({ kind: 'literal', type: 'decimal', value: 9223372036854775808, raw: '9223372036854775808' });
    expect(expr('9007199254740991')).toEqual({ kind: 'literal', type: 'integer', value: 9007199254740991 });
  });

  it('parameters and columns', () => {
    expect(expr('$2')).toEqual({ kind: 'param', index: 2 });
    expect(expr('ns.T."Col"')).toEqual({ kind: 'column', table: ['ns', 't'], name: 'Col' });
    expect(expr('t.*')).toEqual({ kind: 'star', table: ['t'] });
    expect(expr('user')).toEqual({ kind: 'column', table: [], name: 'user' });
  });

  it('function calls', () => {
    expect(expr('count(*)')).toEqual({ kind: 'func', name: 'count', args: [], star: true, distinct: false, filter: null, orderBy: [], over: null });
    const f = expr("string_agg(DISTINCT x, ',' ORDER BY y DESC) FILTER (WHERE x > 0)");
    expect(f).toMatchObject({ kind: 'func', name: 'string_agg', distinct: true, orderBy: [{ desc: true, nullsFirst: null }] });
    expect(f.kind === 'func' && f.filter?.kind).toBe('binary');
    expect(expr('CURRENT_TIMESTAMP')).toMatchObject({ kind: 'func', name: 'current_timestamp', args: [] });
    expect(expr('current_user()')).toMatchObject({ kind: 'func', name: 'current_user', args: [] });
    expect(expr('NOW()')).toMatchObject({ kind: 'func', name: 'now', args: [] });
    expect(expr('EXTRACT(YEAR FROM ts)')).toMatchObject({ kind: 'func', name: 'extract', args: [{ kind: 'literal', type: 'string', value: 'year' }, { kind: 'column', name: 'ts' }] });
    expect(expr('left(s, 2)')).toMatchObject({ kind: 'func', name: 'left' });
    expect(expr('substring(s FROM 2 FOR 3)')).toMatchObject({ kind: 'func', name: 'substring', args: [{ name: 's' }, { value: 2 }, { value: 3 }] });
    expect(expr('position(a IN b)')).toMatchObject({ kind: 'func', name: 'position', args: [{ name: 'a' }, { name: 'b' }] });
    expect(expr("trim(LEADING 'x' FROM s)")).toMatchObject({ kind: 'func', name: 'ltrim', args: [{ name: 's' }, { value: 'x' }] });
    expect(expr('ns.MyFunc(1)')).toMatchObject({ kind: 'func', name: 'myfunc' });
  });

  it('window functions', () => {
    const f = expr('sum(x) OVER (PARTITION BY a ORDER BY b NULLS FIRST ROWS BETWEEN 2 PRECEDING AND UNBOUNDED FOLLOWING)');
    expect(f).toMatchObject({
      kind: 'func', over: {
        partitionBy: [{ name: 'a' }], orderBy: [{ desc: false, nullsFirst: true }],
        frame: { mode: 'rows', start: { kind: 'preceding', offset: { value: 2 } }, end: { kind: 'unbounded_following', offset: null } },
      },
    });
    expect(expr('rank() OVER w')).toMatchObject({ over: { partitionBy: [], orderBy: [], frame: null, ref: 'w' } });
    expect(expr('rank() OVER (RANGE CURRENT ROW)')).toMatchObject({
      over: { frame: { mode: 'range', start: { kind: 'current_row' }, end: { kind: 'current_row' } } },
    });
  });

  it('CASE, CAST, typed literals, arrays, subqueries', () => {
    expect(expr('CASE x WHEN 1 THEN 2 END')).toMatchObject({ kind: 'case', operand: { name: 'x' }, whens: [{ when: { value: 1 }, then: { value: 2 } }], elseExpr: null });
    expect(expr('CAST(x AS VARCHAR(20))')).toEqual({ kind: 'cast', operand: { kind: 'column', table: [], name: 'x' }, target: { type: 'text', length: 20, name: 'varchar(20)' }, shorthand: false });
    expect(expr('CAST(x AS SIGNED)')).toMatchObject({ target: { type: 'integer' } });
    expect(expr('x::double precision')).toMatchObject({ kind: 'cast', shorthand: true, target: { type: 'double', name: 'double precision' } });
    expect(expr("DATE '2024-01-01'")).toMatchObject({ kind: 'cast', operand: { value: '2024-01-01' }, target: { type: 'date' } });
    expect(expr("TIMESTAMP '2024-01-01 10:00'")).toMatchObject({ kind: 'cast', target: { type: 'timestamp' } });
    expect(expr('ARRAY[1, 2]')).toMatchObject({ kind: 'array', items: [{ value: 1 }, { value: 2 }] });
    expect(expr('(a, b) IN ((1, 2))')).toMatchObject({ kind: 'in_list', operand: { kind: 'array' }, list: [{ kind: 'array' }] });
    expect(expr('(SELECT 1)')).toMatchObject({ kind: 'subquery', query: { kind: 'select' } });
    expect(expr('x IN (SELECT y FROM t)')).toMatchObject({ kind: 'in_subquery', negated: false });
    expect(expr("a NOT ILIKE 'x%' ESCAPE '!'")).toMatchObject({ kind: 'like', negated: true, caseInsensitive: true, escape: { value: '!' } });
    expect(expr('a BETWEEN SYMMETRIC 2 AND 1')).toMatchObject({ kind: 'between', symmetric: true });
    expect(expr("x'0a'")).toMatchObject({ kind: 'cast', operand: { value: '\\x0a' }, target: { type: 'bytes' } });
  });

  it('positions are 0-based offsets of the first token', () => {
    const e = parseExpression('  a +  b * c');
    expect(e.pos).toBe(2);
    if (e.kind !== 'binary' || e.right.kind !== 'binary') throw new Error('shape');
    expect(e.right.pos).toBe(7);
    expect(e.right.right.pos).toBe(11);
  });
});

describe('queries', () => {
  it('select with every clause', () => {
    const q = sel(`SELECT DISTINCT ON (a) a, b AS "B", c d FROM t1 x JOIN t2 ON x.a = t2.a
      WHERE a > 1 GROUP BY a, b HAVING count(*) > 1 WINDOW w AS (PARTITION BY a) ORDER BY 1 DESC LIMIT 10 OFFSET 2`);
    expect(q.distinct).toBe(true);
    expect(q.distinctOn).toHaveLength(1);
    expect(q.items.map((i) => i.alias)).toEqual([null, 'B', 'd']);
    expect(q.from).toHaveLength(1);
    expect(q.from[0]).toMatchObject({ kind: 'join_ref', joinType: 'inner', left: { kind: 'table_ref', alias: 'x' }, right: { alias: null } });
    expect(q.groupBy).toHaveLength(2);
    expect(q.windows[0]!.name).toBe('w');
    expect(q.orderBy).toMatchObject([{ desc: true }]);
    expect(q.limit).toMatchObject({ value: 10 });
    expect(q.offset).toMatchObject({ value: 2 });
  });

  it('SELECT ALL and select without FROM', () => {
    expect(sel('SELECT ALL 1').distinct).toBe(false);
    expect(sel('SELECT 1').from).toEqual([]);
  });

  it('comma joins, CROSS, LEFT OUTER, NATURAL, USING', () => {
    const q = sel('SELECT * FROM a, b CROSS JOIN c LEFT OUTER JOIN d USING (id) NATURAL JOIN e');
    expect(strip(q.from[0])).toMatchObject({
      kind: 'join_ref', comma: true, joinType: 'cross',
      left: { kind: 'table_ref', name: { parts: ['a'] } },
      right: {
        kind: 'join_ref', natural: true, joinType: 'inner',
        left: { kind: 'join_ref', joinType: 'left', using: ['id'], left: { kind: 'join_ref', joinType: 'cross', comma: false } },
      },
    });
  });

  it('derived tables, VALUES in FROM, table functions, LATERAL', () => {
    const q = sel('SELECT * FROM (SELECT 1) AS s (x), (VALUES (1, 2)) v (a, b), generate_series(1, 3) g, LATERAL (SELECT 1) l');
    const j = q.from[0]!;
    expect(j.kind).toBe('join_ref');
    const items: string[] = [];
    const walk = (f: typeof j): void => { if (f.kind === 'join_ref') { walk(f.left); walk(f.right); } else items.push(`${f.kind}:${f.alias}`); };
    walk(j);
    expect(items).toEqual(['subquery_ref:s', 'values_ref:v', 'function_ref:g', 'subquery_ref:l']);
  });

  it('set operations: INTERSECT binds tighter, parenthesised queries', () => {
    const s = parseStatement('SELECT 1 UNION SELECT 2 INTERSECT SELECT 3 EXCEPT ALL SELECT 4 ORDER BY 1 LIMIT 1');
    const q = (s as { query: Query }).query;
    expect(q).toMatchObject({ kind: 'set_op', op: 'except', all: true, left: { kind: 'set_op', op: 'union', right: { op: 'intersect' } }, limit: { value: 1 } });
    expect(q.orderBy).toHaveLength(1);
    const p = (parseStatement('(SELECT 1 UNION SELECT 2) INTERSECT (SELECT 3 ORDER BY 1 LIMIT 1)') as { query: Query }).query;
    expect(p).toMatchObject({ kind: 'set_op', op: 'intersect', left: { op: 'union' }, right: { kind: 'select', limit: { value: 1 } } });
  });

  it('ORDER BY after a parenthesised select goes into it; duplicates fail', () => {
    expect(sel('(SELECT a FROM t) ORDER BY a').orderBy).toHaveLength(1);
    expect(fails('(SELECT a FROM t LIMIT 1) LIMIT 2').message).toBe('multiple LIMIT clauses not allowed');
  });

  it('LIMIT ALL, OFFSET before LIMIT, FETCH FIRST', () => {
    expect(sel('SELECT 1 LIMIT ALL').limit).toBeNull();
    expect(sel('SELECT 1 OFFSET 5 ROWS LIMIT 3')).toMatchObject({ limit: { value: 3 }, offset: { value: 5 } });
    expect(sel('SELECT 1 FETCH FIRST 3 ROWS ONLY').limit).toMatchObject({ value: 3 });
    expect(sel('SELECT 1 FETCH NEXT ROW ONLY').limit).toMatchObject({ value: 1 });
  });

  it('WITH RECURSIVE', () => {
    const s = parseStatement('WITH RECURSIVE r (n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 3), s AS MATERIALIZED (SELECT 2) SELECT * FROM r');
    const q = (s as { query: Query }).query;
    expect(q.with).toMatchObject({ recursive: true, ctes: [{ name: 'r', columns: ['n'] }, { name: 's', columns: [] }] });
  });

  it('VALUES as a statement', () => {
    expect(parseStatement('VALUES (1, 2), (3, 4)')).toMatchObject({ kind: 'query', query: { kind: 'values', rows: [[{ value: 1 }, { value: 2 }], [{ value: 3 }, { value: 4 }]] } });
  });

  it('correlated subqueries', () => {
    const q = sel('SELECT * FROM tab0 AS cor0 WHERE EXISTS (SELECT 1 FROM tab1 WHERE tab1.a = cor0.a) AND col0 > (SELECT max(col0) FROM tab1)');
    expect(q.where).toMatchObject({ kind: 'binary', op: 'AND', left: { kind: 'exists' }, right: { right: { kind: 'subquery' } } });
  });
});

describe('statements', () => {
  const kindOf = (sql: string): string => parseStatement(sql).kind;

  it('INSERT forms', () => {
    const s = parseStatement('INSERT INTO ns.t AS x (a, b) VALUES (1, DEFAULT), (2, 3) ON CONFLICT (a) DO UPDATE SET b = excluded.b WHERE x.b > 0 RETURNING a, b AS bee');
    expect(strip(s)).toMatchObject({
      kind: 'insert', table: { parts: ['ns', 't'] }, alias: 'x', columns: ['a', 'b'],
      source: { kind: 'values', rows: [[{ value: 1 }, null], [{ value: 2 }, { value: 3 }]] },
      onConflict: { columns: ['a'], action: 'update', set: [{ column: 'b', value: { kind: 'column', table: ['excluded'] } }], where: { op: '>' } },
      returning: [{ alias: null }, { alias: 'bee' }],
    });
    expect(parseStatement('INSERT INTO t DEFAULT VALUES')).toMatchObject({ source: null, columns: [] });
    expect(parseStatement('INSERT INTO t SELECT * FROM u')).toMatchObject({ source: { kind: 'select' } });
    expect(parseStatement('INSERT INTO t (SELECT 1)')).toMatchObject({ columns: [], source: { kind: 'select' } });
    expect(parseStatement('INSERT INTO t VALUES (1) ON CONFLICT DO NOTHING')).toMatchObject({ onConflict: { columns: [], action: 'nothing' } });
  });

  it('UPDATE and DELETE', () => {
    expect(strip(parseStatement('UPDATE t x SET a = a + 1, b = DEFAULT FROM u WHERE x.id = u.id RETURNING *'))).toMatchObject({
      kind: 'update', alias: 'x', set: [{ column: 'a' }, { column: 'b', value: null }], from: [{ kind: 'table_ref' }], where: { op: '=' }, returning: [{ expr: { kind: 'star' } }],
    });
    expect(parseStatement('UPDATE t SET a = 1')).toMatchObject({ alias: null, from: [], where: null, returning: [] });
    expect(strip(parseStatement('DELETE FROM t AS x USING u WHERE x.id = u.id RETURNING x.id'))).toMatchObject({
      kind: 'delete', alias: 'x', using: [{ kind: 'table_ref' }], where: { op: '=' }, returning: [{ expr: { kind: 'column' } }],
    });
  });

  it('CREATE TABLE with constraints and options', () => {
    const s = strip(parseStatement(`CREATE STREAM TABLE IF NOT EXISTS app.events (
      id BIGINT NOT NULL DEFAULT snowflake_id(), body TEXT NULL, code VARCHAR(8) UNIQUE, n INT DEFAULT -1 NOT NULL,
      PRIMARY KEY (id), UNIQUE (code, n)) WITH (TTL_SECONDS = 60, "Flush_Policy" = 'rows:10', fast = true, kind = stream)`));
    expect(s).toEqual({
      kind: 'create_table', tableType: 'stream', ifNotExists: true, name: { parts: ['app', 'events'] },
      columns: [
        { name: 'id', type: { type: 'bigint', name: 'bigint' }, notNull: true, nullable: false, defaultExpr: { kind: 'func', name: 'snowflake_id', args: [], star: false, distinct: false, filter: null, orderBy: [], over: null }, primaryKey: false, unique: false },
        { name: 'body', type: { type: 'text', name: 'text' }, notNull: false, nullable: true, defaultExpr: null, primaryKey: false, unique: false },
        { name: 'code', type: { type: 'text', length: 8, name: 'varchar(8)' }, notNull: false, nullable: false, defaultExpr: null, primaryKey: false, unique: true },
        { name: 'n', type: { type: 'integer', name: 'int' }, notNull: true, nullable: false, defaultExpr: { kind: 'literal', type: 'integer', value: -1 }, primaryKey: false, unique: false },
      ],
      primaryKey: ['id'], uniques: [['code', 'n']],
      options: [{ key: 'ttl_seconds', value: 60 }, { key: 'flush_policy', value: 'rows:10' }, { key: 'fast', value: true }, { key: 'kind', value: 'stream' }],
      asQuery: null,
    });
    expect(parseStatement('CREATE TABLE t (a INT PRIMARY KEY)')).toMatchObject({ tableType: null, columns: [{ primaryKey: true }], primaryKey: [] });
    expect(parseStatement('CREATE TABLE t AS SELECT 1 AS x')).toMatchObject({ columns: [], asQuery: { kind: 'select' } });
    expect(parseStatement('CREATE USER TABLE t (a INT)')).toMatchObject({ kind: 'create_table', tableType: 'user' });
    expect(parseStatement('CREATE SHARED TABLE t (a INT)')).toMatchObject({ kind: 'create_table', tableType: 'shared' });
  });

  it('unsupported types are 0A000', () => {
    const e = fails('CREATE TABLE t (a GEOMETRY)');
    expect(e.code).toBe('0A000');
  });

  it('DROP TABLE / INDEX / VIEW / NAMESPACE / USER', () => {
    expect(strip(parseStatement('DROP USER TABLE IF EXISTS a, ns.b CASCADE'))).toEqual({ kind: 'drop_table', tableType: 'user', ifExists: true, names: [{ parts: ['a'] }, { parts: ['ns', 'b'] }], cascade: true });
    expect(strip(parseStatement('DROP INDEX IF EXISTS i'))).toEqual({ kind: 'drop_index', ifExists: true, name: { parts: ['i'] } });
    expect(strip(parseStatement('DROP VIEW v1, v2'))).toEqual({ kind: 'drop_view', ifExists: false, names: [{ parts: ['v1'] }, { parts: ['v2'] }] });
    expect(strip(parseStatement('DROP NAMESPACE IF EXISTS ns CASCADE'))).toEqual({ kind: 'drop_namespace', ifExists: true, name: 'ns', cascade: true });
    expect(strip(parseStatement("DROP USER IF EXISTS 'bob'"))).toEqual({ kind: 'drop_user', ifExists: true, name: 'bob' });
  });

  it('ALTER TABLE actions', () => {
    const a = (sql: string): unknown => (strip(parseStatement(`ALTER TABLE t ${sql}`)) as { action: unknown }).action;
    expect(a('ADD COLUMN IF NOT EXISTS c INT NOT NULL DEFAULT 0')).toMatchObject({ kind: 'add_column', ifNotExists: true, column: { name: 'c', notNull: true, defaultExpr: { value: 0 } } });
    expect(a('ADD c TEXT')).toMatchObject({ kind: 'add_column', ifNotExists: false });
    expect(a('DROP COLUMN IF EXISTS c')).toEqual({ kind: 'drop_column', column: 'c', ifExists: true });
    expect(a('DROP c')).toEqual({ kind: 'drop_column', column: 'c', ifExists: false });
    expect(a('RENAME COLUMN a TO b')).toEqual({ kind: 'rename_column', from: 'a', to: 'b' });
    expect(a('RENAME TO u')).toEqual({ kind: 'rename_table', to: 'u' });
    expect(a('MODIFY COLUMN c BIGINT')).toEqual({ kind: 'modify_column', column: 'c', type: { type: 'bigint', name: 'bigint' } });
    expect(a('ALTER COLUMN c TYPE TEXT')).toEqual({ kind: 'modify_column', column: 'c', type: { type: 'text', name: 'text' } });
    expect(a("ALTER COLUMN c SET DEFAULT 'x'")).toEqual({ kind: 'set_default', column: 'c', value: { kind: 'literal', type: 'string', value: 'x' } });
    expect(a('ALTER COLUMN c DROP DEFAULT')).toEqual({ kind: 'drop_default', column: 'c' });
    expect(a('ALTER COLUMN c SET NOT NULL')).toEqual({ kind: 'set_not_null', column: 'c' });
    expect(a('ALTER COLUMN c DROP NOT NULL')).toEqual({ kind: 'drop_not_null', column: 'c' });
    expect(a('SET ACCESS LEVEL Public')).toEqual({ kind: 'set_access_level', level: 'public' });
    expect(parseStatement('ALTER TABLE IF EXISTS ns.t RENAME TO u')).toMatchObject({ ifExists: true, name: { parts: ['ns', 't'] } });
  });

  it('CREATE INDEX / VIEW / NAMESPACE', () => {
    expect(strip(parseStatement('CREATE UNIQUE INDEX IF NOT EXISTS i ON ns.t USING HASH (a DESC, b ASC)'))).toEqual({
      kind: 'create_index', unique: true, ifNotExists: true, name: 'i', table: { parts: ['ns', 't'] },
      columns: [{ name: 'a', desc: true }, { name: 'b', desc: false }], method: 'hash',
    });
    expect(parseStatement('CREATE INDEX ON t (a)')).toMatchObject({ name: null, method: null, unique: false });
    const sql = 'CREATE OR REPLACE VIEW v (x) AS  SELECT a\n FROM t  WHERE a > 1 ;';
    const v = parseStatement(sql);
    expect(v).toMatchObject({ kind: 'create_view', orReplace: true, ifNotExists: false, columns: ['x'], queryText: 'SELECT a\n FROM t  WHERE a > 1' });
    expect(parseStatement('CREATE VIEW IF NOT EXISTS v AS SELECT 1')).toMatchObject({ ifNotExists: true, queryText: 'SELECT 1' });
    expect(strip(parseStatement('CREATE NAMESPACE IF NOT EXISTS app'))).toEqual({ kind: 'create_namespace', ifNotExists: true, name: 'app' });
  });

  it('USE, SHOW, DESCRIBE', () => {
    expect(strip(parseStatement('USE app'))).toEqual({ kind: 'use_namespace', name: 'app' });
    expect(strip(parseStatement('USE NAMESPACE app'))).toEqual({ kind: 'use_namespace', name: 'app' });
    expect(strip(parseStatement('SHOW NAMESPACES'))).toEqual({ kind: 'show', what: 'namespaces', namespace: null });
    expect(strip(parseStatement('SHOW TABLES IN app'))).toEqual({ kind: 'show', what: 'tables', namespace: 'app' });
    expect(strip(parseStatement('SHOW TABLES FROM app'))).toEqual({ kind: 'show', what: 'tables', namespace: 'app' });
    expect(strip(parseStatement('SHOW USERS'))).toEqual({ kind: 'show', what: 'users', namespace: null });
    expect(strip(parseStatement('DESCRIBE TABLE ns.t'))).toEqual({ kind: 'describe_table', name: { parts: ['ns', 't'] } });
    expect(strip(parseStatement('DESC t'))).toEqual({ kind: 'describe_table', name: { parts: ['t'] } });
  });

  it('transactions', () => {
    const action = (sql: string): string => (parseStatement(sql) as { action: string }).action;
    expect(['BEGIN', 'BEGIN TRANSACTION', 'BEGIN WORK', 'START TRANSACTION'].map(action)).toEqual(['begin', 'begin', 'begin', 'begin']);
    expect(['COMMIT', 'COMMIT WORK', 'END'].map(action)).toEqual(['commit', 'commit', 'commit']);
    expect(['ROLLBACK', 'ROLLBACK WORK'].map(action)).toEqual(['rollback', 'rollback']);
  });

  it('users', () => {
    expect(strip(parseStatement("CREATE USER IF NOT EXISTS 'bob' WITH ROLE service EMAIL 'b@x.io' PASSWORD 'pw'"))).toEqual({
      kind: 'create_user', ifNotExists: true, name: 'bob', password: 'pw', role: 'service', email: 'b@x.io',
    });
    expect(parseStatement("CREATE USER alice WITH PASSWORD 'p' ROLE 'dba'")).toMatchObject({ name: 'alice', role: 'dba', email: null });
    expect(strip(parseStatement("ALTER USER 'bob' SET PASSWORD 'x'"))).toEqual({ kind: 'alter_user', name: 'bob', action: { kind: 'password', value: 'x' } });
    expect(strip(parseStatement("ALTER USER 'bob' SET ROLE user"))).toEqual({ kind: 'alter_user', name: 'bob', action: { kind: 'role', value: 'user' } });
    expect(strip(parseStatement("ALTER USER 'bob' SET EMAIL 'e'"))).toEqual({ kind: 'alter_user', name: 'bob', action: { kind: 'email', value: 'e' } });
    const e = fails("CREATE USER 'x' WITH PASSWORD 'p' ROLE admin");
    expect(e.code).toBe('22023');
    expect(e.message).toBe('invalid role "admin"');
    expect(e.position).toBe(40);
    expect(fails("CREATE USER 'x' WITH ROLE user ROLE dba").code).toBe('42601');
  });

  it('EXECUTE AS, SUBSCRIBE, KILL, STORAGE FLUSH, EXPLAIN', () => {
    expect(parseStatement("EXECUTE AS USER 'bob' (SELECT * FROM t;)")).toMatchObject({ kind: 'execute_as', user: 'bob', statement: { kind: 'query' } });
    expect(strip(parseStatement("SUBSCRIBE TO SELECT * FROM t OPTIONS (last_rows = 5)"))).toMatchObject({
      kind: 'subscribe', query: { from: [{ kind: 'table_ref', alias: null }] }, options: [{ key: 'last_rows', value: 5 }],
    });
    expect(parseStatement('SUBSCRIBE TO SELECT * FROM t')).toMatchObject({ options: [] });
    expect(strip(parseStatement("KILL LIVE QUERY 'q-1'"))).toEqual({ kind: 'kill_live_query', id: 'q-1' });
    expect(strip(parseStatement('STORAGE FLUSH TABLE ns.t'))).toEqual({ kind: 'storage_flush', table: { parts: ['ns', 't'] }, namespace: null });
    expect(strip(parseStatement('STORAGE FLUSH ALL IN ns'))).toEqual({ kind: 'storage_flush', table: null, namespace: 'ns' });
    expect(strip(parseStatement('STORAGE FLUSH ALL'))).toEqual({ kind: 'storage_flush', table: null, namespace: null });
    expect(parseStatement('EXPLAIN ANALYZE VERBOSE SELECT 1')).toMatchObject({ kind: 'explain', analyze: true, verbose: true, statement: { kind: 'query' } });
    expect(parseStatement('EXPLAIN DELETE FROM t')).toMatchObject({ analyze: false, verbose: false, statement: { kind: 'delete' } });
  });

  it('ANALYZE [VERBOSE] [table]', () => {
    expect(strip(parseStatement('ANALYZE'))).toEqual({ kind: 'analyze', table: null });
    expect(strip(parseStatement('analyse ns.t;'))).toEqual({ kind: 'analyze', table: { parts: ['ns', 't'] } });
    expect(strip(parseStatement('ANALYZE VERBOSE "T"'))).toEqual({ kind: 'analyze', table: { parts: ['T'] } });
    expect(parse('ANALYZE; ANALYZE t').map((st) => st.kind)).toEqual(['analyze', 'analyze']);
    const e = fails('ANALYZE t u');
    expect(e.code).toBe('42601');
    expect(e.position).toBe(11);
  });

  it('non-reserved keywords work as identifiers', () => {
    const q = sel('SELECT user, key, value, type, level, password, role, email, namespace, text, date, timestamp FROM t');
    expect(q.items.map((i) => (i.expr.kind === 'column' ? i.expr.name : '?'))).toEqual([
      'user', 'key', 'value', 'type', 'level', 'password', 'role', 'email', 'namespace', 'text', 'date', 'timestamp',
    ]);
    expect(kindOf('CREATE TABLE user_data (key TEXT, value TEXT, type INT)')).toBe('create_table');
  });

  it('a script of statements, empty ones skipped', () => {
    const s = parse(';; SELECT 1; ; INSERT INTO t VALUES (1);');
    expect(s.map((x) => x.kind)).toEqual(['query', 'insert']);
    expect(s[1]!.pos).toBe(15);
    expect(parse('  ')).toEqual([]);
  });

  it('SQLite-isms in the conformance corpus', () => {
    expect(kindOf('SELECT x FROM t1 NOT INDEXED WHERE x NOT NULL')).toBe('query');
    expect(kindOf('SELECT - - 45 FROM tab0 cor0 CROSS JOIN tab1 AS cor1')).toBe('query');
    expect(fails('INSERT OR REPLACE INTO t VALUES (1)').code).toBe('0A000');
    expect(fails('REPLACE INTO t VALUES (1)').code).toBe('0A000');
  });
});

describe('syntax errors', () => {
  const cases: [string, string, number, number, number][] = [
    // sql, message, position, line, column
    ['SELECT * FORM t', 'syntax error at or near "FORM"', 10, 1, 10],
    ['SELECT a FORM t', 'syntax error at or near "t"', 15, 1, 15],
    ['SELECT 1 +', 'syntax error at end of input', 11, 1, 11],
    ['SELEC 1', 'syntax error at or near "SELEC"', 1, 1, 1],
    ['SELECT (1', 'syntax error at end of input', 10, 1, 10],
    ['SELECT 1)', 'syntax error at or near ")"', 9, 1, 9],
    ['SELECT a FROM t WHERE', 'syntax error at end of input', 22, 1, 22],
    ['SELECT a,\nFROM t', 'syntax error at or near "FROM"', 11, 2, 1],
    ['INSERT INTO t VALUES (1,)', 'syntax error at or near ")"', 25, 1, 25],
    ["SELECT 'a' 'b'", `syntax error at or near "'b'"`, 12, 1, 12],
    ['CREATE TABLE t (a INT,)', 'syntax error at or near ")"', 23, 1, 23],
    ['SELECT CASE END', 'syntax error at or near "END"', 13, 1, 13],
    ['SELECT * FROM t JOIN u', 'syntax error at end of input', 23, 1, 23],
    ['SELECT 1 LIMIT 1, 2', 'LIMIT #,# syntax is not supported', 10, 1, 10],
    ['DROP TABLE', 'syntax error at end of input', 11, 1, 11],
    ['SELECT 1;\n  SELECT 2 2', 'syntax error at or near "2"', 22, 2, 12],
    ['UPDATE t SET a = 1 WHERE', 'syntax error at end of input', 25, 1, 25],
    ['SELECT a IS 5', 'syntax error at or near "5"', 13, 1, 13],
    ['SELECT DEFAULT', 'DEFAULT is not allowed in this context', 8, 1, 8],
    ['VALUES (1), (1, 2)', 'VALUES lists must all be the same length', 13, 1, 13],
    ['SELECT 1 FROM', 'syntax error at end of input', 14, 1, 14],
    ['CREATE TABLE t', 'syntax error at end of input', 15, 1, 15],
    ['ALTER TABLE t FOO', 'syntax error at or near "FOO"', 15, 1, 15],
  ];
  for (const [sql, message, position, line, column] of cases) {
    it(JSON.stringify(sql), () => {
      const e = fails(sql);
      expect(e.code).toBe('42601');
      expect(e.message).toBe(message);
      expect([e.position, e.line, e.column]).toEqual([position, line, column]);
    });
  }

  it('detail shows the line and a caret', () => {
    const e = fails('SELECT 1;\nSELECT * FROM t WHER x');
    expect(e.detail).toBe('LINE 2: SELECT * FROM t WHER x\n                             ^');
  });

  it('parseStatement rejects several statements', () => {
    const e = fails('SELECT 1; SELECT 2', parseStatement);
    expect(e.code).toBe('42601');
    expect(e.position).toBe(11);
    expect(fails('', parseStatement).message).toBe('syntax error at end of input');
    expect(parseStatement('SELECT 1;').kind).toBe('query');
  });

  it('unterminated string and comment surface through parse', () => {
    expect(fails("SELECT 'abc").message).toBe(`unterminated quoted string at or near "'abc"`);
    expect(fails('SELECT /* x').message).toBe('unterminated /* comment at or near "/* x"');
  });

  it('NUL byte and lone surrogate', () => {
    const nul = fails('SELECT 1 \u0000');
    expect([nul.code, nul.position]).toEqual(['22021', 10]);
    const sur = fails("SELECT '\uD800'");
    expect([sur.code, sur.position]).toEqual(['22021', 9]);
  });
});

describe('limits', () => {
  it('1,000 nested parentheses parse and print', () => {
    const s = parseStatement(`SELECT ${'('.repeat(1000)}1${')'.repeat(1000)}`);
    expect(toSql(s)).toBe('SELECT 1');
    const deep = parseStatement(`SELECT ${'(1 + '.repeat(700)}1${')'.repeat(700)}`);
    const printed = toSql(deep);
    expect(strip(parseStatement(printed))).toEqual(strip(deep));
  });

  it('100,000 nested levels fail with 54001, not a crash', () => {
    for (const sql of [
      `SELECT ${'('.repeat(100000)}1${')'.repeat(100000)}`,
      `SELECT ${'- '.repeat(100000)}1`,
      `SELECT ${'NOT '.repeat(100000)}TRUE`,
      `SELECT ${'(SELECT '.repeat(100000)}1${')'.repeat(100000)}`,
      `SELECT ${'f('.repeat(100000)}${')'.repeat(100000)}`,
      `SELECT * FROM ${'('.repeat(100000)}t${')'.repeat(100000)}`,
      `SELECT 1${'::int'.repeat(100000)}`,
      Array(100000).fill('SELECT 1').join(' EXCEPT '),
      `SELECT * FROM ${Array(100000).fill('t').join(', ')}`,
      `SELECT * FROM t${' JOIN t ON TRUE'.repeat(100000)}`,
    ]) {
      const e = fails(sql);
      expect(e.code).toBe('54001');
      expect(e.message).toBe('stack depth limit exceeded');
    }
  });

  it('operator and UNION chains parse at any length (binding keeps them flat: plan/bind)', () => {
    for (const sql of [`SELECT ${Array(100000).fill('1').join(' + ')}`, Array(100000).fill('SELECT 1').join(' UNION ALL ')]) {
      expect(parse(sql)).toHaveLength(1);
    }
  });

  it('long flat chains below the limit parse and print', () => {
    for (const sql of [
      Array(1000).fill('SELECT 1').join(' UNION ALL '),
      `SELECT * FROM ${Array(1000).fill('t').join(', ')}`,
      `SELECT * FROM t${' JOIN t ON TRUE'.repeat(1000)}`,
      `SELECT ${Array(1000).fill('a').join(' OR ')}`,
    ]) {
      const s = parseStatement(sql);
      expect(strip(parseStatement(toSql(s)))).toEqual(strip(s));
    }
  });

  it('a 1 MB statement parses quickly', () => {
    const nums = Array.from({ length: 140000 }, (_, i) => i * 3);
    const sql = `SELECT * FROM t WHERE a IN (${nums.join(', ')})`;
    expect(sql.length).toBeGreaterThan(1_000_000);
    const t0 = performance.now();
    const s = parseStatement(sql);
    const ms = performance.now() - t0;
    expect(ms).toBeLessThan(1000);
    const q = (s as { query: SelectQuery }).query;
    expect(q.where).toMatchObject({ kind: 'in_list' });
    expect(q.where?.kind === 'in_list' && q.where.list.length).toBe(140000);
  });

  it('a long string literal and many statements', () => {
    const big = 'x'.repeat(1_000_000);
    const s = parseStatement(`SELECT '${big}'`) as Statement & { query: SelectQuery };
    expect(s.query.items[0]!.expr).toMatchObject({ value: big });
    expect(parse('INSERT INTO t VALUES (1);'.repeat(10000))).toHaveLength(10000);
  });
});
