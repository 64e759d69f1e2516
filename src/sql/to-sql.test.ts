import { describe, it, expect } from 'vitest';
import type { Expr, ExprKind, Statement, StatementKind } from './ast.ts';
import { parse, parseExpression, parseStatement } from './parser.ts';
import { quoteIdent, quoteString, toSql } from './to-sql.ts';

/** Removes `pos` (and CREATE VIEW's `queryText`, which is source text) before comparing. */
function strip<T>(x: T): T {
  if (Array.isArray(x)) return x.map(strip) as T;
  if (x !== null && typeof x === 'object') {
    const o: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(x)) if (k !== 'pos' && k !== 'queryText') o[k] = strip(v);
    return o as T;
  }
  return x;
}

function roundTrip(sql: string): string {
  const a = parseStatement(sql);
  const printed = toSql(a);
  const b = parseStatement(printed);
  expect(strip(b)).toEqual(strip(a));
  // printing is a fixed point
  expect(toSql(b)).toBe(printed);
  return printed;
}

function roundTripExpr(sql: string): string {
  const a = parseExpression(sql);
  const printed = toSql(a);
  const b = parseExpression(printed);
  expect(strip(b)).toEqual(strip(a));
  return printed;
}

/** At least one example per statement kind: the table fails to compile when a kind is added. */
const STATEMENTS: Record<StatementKind, string[]> = {
  query: [
    'SELECT DISTINCT ON (a, b) a, b AS "B", c d FROM t AS x WHERE a > 1 GROUP BY a, b HAVING count(*) > 1 ORDER BY a DESC NULLS FIRST, b NULLS LAST LIMIT 10 OFFSET 5',
    'SELECT ALL * FROM tab0 cor0 CROSS JOIN tab1 AS cor1 WHERE NOT - cor0.col1 > 3',
    'SELECT * FROM a, b JOIN c ON b.x = c.x LEFT OUTER JOIN d USING (id, k) RIGHT JOIN e ON TRUE FULL JOIN f ON FALSE NATURAL JOIN g',
    'SELECT * FROM a JOIN (b JOIN c ON b.x = c.x) ON a.y = b.y',
    'SELECT * FROM (a, b) JOIN c ON TRUE',
    'SELECT * FROM a, (b, c)',
    'SELECT * FROM (SELECT 1) AS s (x), (VALUES (1, 2)) v (a, b), generate_series(1, 3) AS g (n), LATERAL (SELECT 1) l, (SELECT 2) AS "Sub"',
    'SELECT 1 UNION SELECT 2 INTERSECT SELECT 3 EXCEPT ALL SELECT 4 ORDER BY 1 LIMIT 1',
    '(SELECT 1 UNION SELECT 2) INTERSECT (SELECT 3 ORDER BY 1 LIMIT 1)',
    'SELECT 1 UNION (SELECT 2 UNION SELECT 3)',
    'SELECT 1 INTERSECT (SELECT 2 INTERSECT SELECT 3)',
    'SELECT 1 UNION DISTINCT SELECT 2',
    'WITH RECURSIVE r (n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 3), s AS (SELECT 2) SELECT * FROM r, s',
    'WITH a AS (SELECT 1) SELECT 1 UNION SELECT 2',
    'VALUES (1, \'a\'), (2, NULL) ORDER BY 1 LIMIT 1',
    'SELECT 1 OFFSET 3 FETCH FIRST 2 ROWS ONLY',
    'SELECT sum(x) OVER w, rank() OVER (w ORDER BY y) FROM t WINDOW w AS (PARTITION BY a), w2 AS (ORDER BY b ROWS 3 PRECEDING)',
    'SELECT',
    'SELECT * FROM t WHERE x IN (SELECT y FROM u WHERE u.a = t.a) AND EXISTS (SELECT 1) AND NOT EXISTS (SELECT 2)',
    'SELECT "select", "Mixed Case", "a""b" AS "from" FROM "Table" AS "order"',
  ],
  insert: [
    'INSERT INTO ns.t AS x (a, b) VALUES (1, DEFAULT), (2, 3) ON CONFLICT (a) DO UPDATE SET b = excluded.b, c = DEFAULT WHERE x.b > 0 RETURNING a, b AS bee',
    'INSERT INTO t DEFAULT VALUES RETURNING *',
    'INSERT INTO t SELECT * FROM u WHERE u.a > 0',
    'INSERT INTO t (a) (SELECT 1 UNION SELECT 2)',
    'INSERT INTO t (a) VALUES (1) ON CONFLICT DO NOTHING',
    'INSERT INTO t VALUES (1) ORDER BY 1',
  ],
  update: [
    'UPDATE t x SET a = a + 1, b = DEFAULT FROM u, v WHERE x.id = u.id RETURNING *',
    'UPDATE ns.t AS t2 SET a = (SELECT max(b) FROM u)',
  ],
  delete: [
    'DELETE FROM t AS x USING u WHERE x.id = u.id RETURNING x.id',
    'DELETE FROM t',
  ],
  create_table: [
    `CREATE STREAM TABLE IF NOT EXISTS app.events (id BIGINT NOT NULL DEFAULT snowflake_id(), body TEXT NULL,
      code VARCHAR(8) UNIQUE, n INT DEFAULT -1 NOT NULL, r NUMERIC(10,2), d DOUBLE PRECISION, ts TIMESTAMP WITH TIME ZONE,
      PRIMARY KEY (id), UNIQUE (code, n)) WITH (TTL_SECONDS = 60, "Flush_Policy" = 'rows:10', fast = TRUE, kind = stream, neg = -1.5)`,
    'CREATE TABLE t (a INT PRIMARY KEY, "B" TEXT DEFAULT \'x\' || \'y\')',
    'CREATE USER TABLE t (a INT)',
    'CREATE SHARED TABLE t (a INT) WITH (ACCESS_LEVEL = \'public\')',
    'CREATE TABLE t2 AS SELECT * FROM t',
    'CREATE TABLE t ()',
  ],
  drop_table: ['DROP TABLE t', 'DROP USER TABLE IF EXISTS a, ns.b CASCADE', 'DROP STREAM TABLE s'],
  alter_table: [
    'ALTER TABLE t ADD COLUMN IF NOT EXISTS c INT NOT NULL DEFAULT 0',
    'ALTER TABLE t DROP COLUMN IF EXISTS c',
    'ALTER TABLE t RENAME COLUMN a TO b',
    'ALTER TABLE IF EXISTS ns.t RENAME TO u',
    'ALTER TABLE t MODIFY COLUMN c BIGINT',
    'ALTER TABLE t ALTER COLUMN c TYPE VARCHAR(30)',
    "ALTER TABLE t ALTER COLUMN c SET DEFAULT 'x'",
    'ALTER TABLE t ALTER COLUMN c DROP DEFAULT',
    'ALTER TABLE t ALTER COLUMN c SET NOT NULL',
    'ALTER TABLE t ALTER COLUMN c DROP NOT NULL',
    'ALTER TABLE t SET ACCESS LEVEL restricted',
  ],
  create_index: ['CREATE UNIQUE INDEX IF NOT EXISTS i ON ns.t USING hash (a DESC, b)', 'CREATE INDEX ON t (a)'],
  drop_index: ['DROP INDEX i', 'DROP INDEX IF EXISTS ns.i'],
  create_view: ['CREATE OR REPLACE VIEW v (x, y) AS SELECT a, b FROM t WHERE a > 1', 'CREATE VIEW IF NOT EXISTS ns.v AS SELECT 1 UNION SELECT 2'],
  drop_view: ['DROP VIEW v', 'DROP VIEW IF EXISTS a, b'],
  create_namespace: ['CREATE NAMESPACE app', 'CREATE NAMESPACE IF NOT EXISTS "App"'],
  drop_namespace: ['DROP NAMESPACE app', 'DROP NAMESPACE IF EXISTS app CASCADE'],
  use_namespace: ['USE app', 'USE NAMESPACE app'],
  show: ['SHOW NAMESPACES', 'SHOW TABLES', 'SHOW TABLES IN app', 'SHOW USERS'],
  describe_table: ['DESCRIBE TABLE ns.t', 'DESC t'],
  transaction: ['BEGIN', 'START TRANSACTION', 'COMMIT WORK', 'END', 'ROLLBACK'],
  create_user: ["CREATE USER IF NOT EXISTS 'bob' WITH ROLE service EMAIL 'b@x.io' PASSWORD 'p''w'", "CREATE USER alice", "CREATE USER 'x' ROLE user"],
  alter_user: ["ALTER USER 'bob' SET PASSWORD 'x'", "ALTER USER bob SET ROLE dba", "ALTER USER 'bob' SET EMAIL 'e'"],
  drop_user: ["DROP USER 'bob'", "DROP USER IF EXISTS bob"],
  execute_as: ["EXECUTE AS USER 'bob' (INSERT INTO t VALUES (1))"],
  subscribe: ['SUBSCRIBE TO SELECT * FROM t WHERE a = 1 OPTIONS (last_rows = 5, batch = \'x\')', 'SUBSCRIBE TO SELECT a FROM t'],
  kill_live_query: ["KILL LIVE QUERY 'q-1'"],
  storage_flush: ['STORAGE FLUSH TABLE ns.t', 'STORAGE FLUSH ALL', 'STORAGE FLUSH ALL IN app'],
  explain: ['EXPLAIN SELECT 1', 'EXPLAIN ANALYZE VERBOSE DELETE FROM t WHERE a = 1'],
  analyze: ['ANALYZE', 'ANALYZE t', 'ANALYZE ns."Mixed Case"'],
};

/** At least one example per expression kind. */
const EXPRESSIONS: Record<ExprKind, string[]> = {
  literal: ['NULL', 'TRUE', 'FALSE', "'it''s'", '42', '-42', '1.50', '-1e3', '.5', '9007199254740993', '-9223372036854775808', '99999999999999999999', "E'a\\nb'", "''"],
  param: ['$1', '$12 + 1'],
  column: ['a', 't.a', 'ns.t."Col"', '"user"', 'user', '"order"'],
  star: ['count(*)', 't.*'],
  unary: ['- a', '- - 45', '+ - col1', 'NOT a', 'NOT NOT a', '~ a', '- (a + b)', '-(-5)', '- -5::int', '(-5)::int', '-5::int', 'NOT a = b', '(NOT a) = b'],
  binary: [
    '1 + 2 * 3', '(1 + 2) * 3', '1 - (2 - 3)', '1 - 2 - 3', 'a OR b AND c', '(a OR b) AND c', 'a = b = c', 'a = (b = c)',
    'a || b -> 1 ->> 2', 'a & b | c << 1 >> 2', 'a % 2 <> 0', 'a <= b AND a >= c AND a < d AND a > e', 'a - -1', 'a * -b',
  ],
  is_null: ['a IS NULL', 'a IS NOT NULL', 'a ISNULL', 'a NOTNULL', '(NOT a) IS NULL', 'a + 1 IS NULL', '(a IS NULL) IS NULL', 'x NOT NULL'],
  is_bool: ['a IS TRUE', 'a IS NOT FALSE', 'a IS UNKNOWN', '(a = b) IS NOT UNKNOWN'],
  is_distinct: ['a IS DISTINCT FROM b', 'a IS NOT DISTINCT FROM b + 1', 'a IS DISTINCT FROM (b = c)'],
  between: ['a BETWEEN 1 AND 5', '- col1 NOT BETWEEN 1 AND 2', 'a BETWEEN SYMMETRIC b AND c', 'a BETWEEN (b = c) AND d', 'col0 BETWEEN 1 AND 5 AND col1 > 2'],
  in_list: ['a IN (1, 2)', 'a NOT IN (1)', 'a IN ()', '(a, b) IN ((1, 2), (3, 4))', '(a = b) IN (TRUE)'],
  in_subquery: ['a IN (SELECT b FROM t)', 'a NOT IN (SELECT b FROM t UNION SELECT 1)'],
  quantified: ['a = ANY (SELECT b FROM t)', 'a < ALL (SELECT b FROM t WHERE b > 1)', 'a <> ANY (ARRAY[1, 2, 3])', '(a + 1) >= ALL (SELECT 1) = TRUE'],
  exists: ['EXISTS (SELECT 1)', 'NOT EXISTS (SELECT 1 FROM t WHERE t.a = u.a)', 'NOT EXISTS (SELECT 1) = TRUE'],
  subquery: ['(SELECT 1)', '(SELECT max(a) FROM t) + 1', '(WITH x AS (SELECT 1) SELECT * FROM x)', '(VALUES (1))'],
  like: ["a LIKE 'x%'", "a NOT ILIKE 'x%' ESCAPE '!'", "a || b LIKE c || 'x'", "(a LIKE b) LIKE c"],
  case: ['CASE WHEN a THEN 1 WHEN b THEN 2 ELSE 3 END', 'CASE x WHEN 1 THEN NULL END', 'CASE WHEN a THEN CASE WHEN b THEN 1 END END'],
  cast: ['CAST(a AS INTEGER)', 'a::int', 'a::int::text', "DATE '2024-01-01'", "TIMESTAMP '2024-01-01 10:00'", 'CAST(x AS SIGNED)', 'x::double precision',
    'CAST(x AS VARCHAR(20))', "X'0aff'", '(a + b)::bigint', 'x::timestamp without time zone'],
  func: [
    'count(DISTINCT col)', 'nullif(a, b)', 'coalesce(a, b, c)', 'greatest(1, 2)', 'least(1, 2)', 'now()', 'current_timestamp',
    'CURRENT_DATE', 'current_user', 'current_user()', 'EXTRACT(year FROM ts)', "extract('epoch' FROM ts)",
    "string_agg(DISTINCT x, ',' ORDER BY y DESC NULLS LAST) FILTER (WHERE x > 0)",
    'sum(x) OVER (PARTITION BY a ORDER BY b ROWS BETWEEN 2 PRECEDING AND UNBOUNDED FOLLOWING)',
    'row_number() OVER ()', 'rank() OVER w', 'avg(x) OVER (RANGE BETWEEN UNBOUNDED PRECEDING AND 1 + 1 FOLLOWING)',
    'count(*) FILTER (WHERE a) OVER (GROUPS CURRENT ROW)', 'left(s, 2)', 'right(s, 2)', 'ns.f(1)', 'substring(s FROM 2 FOR 3)',
    'substring(s, 2)', 'position(a IN b)', "trim(BOTH 'x' FROM s)", 'trim(s)', 'sum(ALL x)', '"select"(1)',
  ],
  array: ['ARRAY[1, 2]', 'ARRAY[]', 'ROW(1)', 'ROW(1, 2)', '(1, 2)'],
};

describe('round trip: every statement kind', () => {
  for (const [kind, sqls] of Object.entries(STATEMENTS)) {
    for (const sql of sqls) {
      it(`${kind}: ${sql.slice(0, 70)}`, () => {
        const s = parseStatement(sql);
        expect(s.kind).toBe(kind);
        roundTrip(sql);
      });
    }
  }
});

describe('round trip: every expression kind', () => {
  for (const [kind, sqls] of Object.entries(EXPRESSIONS)) {
    for (const sql of sqls) {
      it(`${kind}: ${sql}`, () => {
        roundTripExpr(sql);
        roundTrip(`SELECT ${sql} FROM t WHERE ${sql.includes('*') && !sql.includes('(') ? 'TRUE' : sql}`);
      });
    }
  }

  it('each expression kind appears in its own examples', () => {
    const seen = new Set<string>();
    const walk = (x: unknown): void => {
      if (Array.isArray(x)) { x.forEach(walk); return; }
      if (x !== null && typeof x === 'object') {
        const k = (x as { kind?: unknown }).kind;
        if (typeof k === 'string') seen.add(k);
        Object.values(x).forEach(walk);
      }
    };
    for (const sqls of Object.values(EXPRESSIONS)) for (const s of sqls) walk(parseExpression(s));
    for (const k of Object.keys(EXPRESSIONS)) expect(seen.has(k), k).toBe(true);
  });
});

describe('printing', () => {
  const cases: [string, string][] = [
    ['select A+1 from T where x=1 or y=2', 'SELECT a + 1 FROM t WHERE x = 1 OR y = 2'],
    ['SELECT - - 45', 'SELECT 45'],
    ['SELECT (1 + 2) * 3, 1 + (2 * 3)', 'SELECT (1 + 2) * 3, 1 + 2 * 3'],
    ['SELECT NOT (a AND b), NOT a AND b', 'SELECT NOT (a AND b), NOT a AND b'],
    ["SELECT (-5)::text, - 5 :: text", "SELECT (-5)::text, -5::text"],
    ['SELECT col0 c FROM tab0 cor0', 'SELECT col0 AS c FROM tab0 AS cor0'],
    ['SELECT * FROM a, b', 'SELECT * FROM a, b'],
    ['select x from t order by x desc limit 1 offset 2', 'SELECT x FROM t ORDER BY x DESC LIMIT 1 OFFSET 2'],
    ['SELECT "Foo", "bar", "select", "a b"', 'SELECT "Foo", bar, "select", "a b"'],
    ['SELECT 1 FETCH FIRST 3 ROWS ONLY', 'SELECT 1 LIMIT 3'],
    ["insert into t values (1, default)", 'INSERT INTO t VALUES (1, DEFAULT)'],
    ['SELECT a FROM t WHERE b ISNULL', 'SELECT a FROM t WHERE b IS NULL'],
    ["SELECT DATE '2024-01-01'", "SELECT CAST('2024-01-01' AS date)"],
  ];
  for (const [sql, want] of cases) {
    it(sql, () => expect(toSql(parseStatement(sql))).toBe(want));
  }

  it('never prints `--` (which would start a comment)', () => {
    const printed = toSql(parseExpression('- - - - x - - 1'));
    expect(printed).not.toContain('--');
    expect(strip(parseExpression(printed))).toEqual(strip(parseExpression('- - - - x - - 1')));
  });

  it('prints queries and expressions directly', () => {
    const s = parseStatement('SELECT 1 UNION SELECT 2');
    if (s.kind !== 'query') throw new Error('kind');
    expect(toSql(s.query)).toBe('SELECT 1 UNION SELECT 2');
    const e: Expr = { kind: 'binary', pos: 0, op: '+', left: { kind: 'literal', pos: 0, type: 'integer', value: 1 }, right: { kind: 'column', pos: 0, table: [], name: 'Total' } };
    expect(toSql(e)).toBe('1 + "Total"');
  });

  it('quotes identifiers and strings', () => {
    expect(quoteIdent('abc_1')).toBe('abc_1');
    expect(quoteIdent('1abc')).toBe('"1abc"');
    expect(quoteIdent('Abc')).toBe('"Abc"');
    expect(quoteIdent('from')).toBe('"from"');
    expect(quoteIdent('a"b')).toBe('"a""b"');
    expect(quoteString("it's")).toBe("'it''s'");
  });

  it('CREATE VIEW keeps the source text of the query', () => {
    const s = parseStatement('CREATE VIEW v AS select  A from T');
    expect(s).toMatchObject({ queryText: 'select  A from T' });
    expect(toSql(s)).toBe('CREATE VIEW v AS SELECT a FROM t');
  });

  it('survives a 1,000-deep tree', () => {
    const deep = parseExpression(`${'- '.repeat(1000)}x`);
    const printed = toSql(deep);
    expect(strip(parseExpression(printed))).toEqual(strip(deep));
    const nested = parseExpression(`${'(a + '.repeat(700)}1${')'.repeat(700)}`);
    expect(strip(parseExpression(toSql(nested)))).toEqual(strip(nested));
  });

  it('round-trips a script', () => {
    const stmts = parse('CREATE TABLE t (a INT); INSERT INTO t VALUES (1); SELECT * FROM t');
    const again = parse(stmts.map((s: Statement) => toSql(s)).join('; '));
    expect(strip(again)).toEqual(strip(stmts));
  });
});
