/**
 * The schema and rows every fuzz database starts with: the conformance corpus's tables
 * (`t1`, `tab0…tab4`), one table with a column of every type holding edge values, user and
 * stream tables, a namespace, a view, an index and one user per role.
 */

/** Names the generator may refer to, with their columns and a rough type for each. */
export const FIXTURE_TABLES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  t1: { a: 'int', b: 'int', c: 'int', d: 'int', e: 'int' },
  tab0: { pk: 'int', col0: 'int', col1: 'float', col2: 'text', col3: 'int', col4: 'float', col5: 'text' },
  tab1: { pk: 'int', col0: 'int', col1: 'float', col2: 'text', col3: 'int', col4: 'float', col5: 'text' },
  ty: {
    id: 'int', sm: 'smallint', i: 'int', bi: 'bigint', r: 'float', d: 'float', n: 'float', tx: 'text',
    vc: 'text', ch: 'text', bo: 'bool', ts: 'timestamp', dt: 'date', j: 'json', by: 'bytes', u: 'uuid',
  },
  'ns1.msgs': { id: 'bigint', room: 'text', body: 'text', at: 'timestamp' },
  ut: { id: 'int', note: 'text' },
  st: { x: 'int', s: 'text' },
  v1: { a: 'int', b: 'int' },
};

/** The statements that build the fixture (run as root, in order). */
export const FIXTURE_SQL: readonly string[] = [
  'CREATE TABLE t1(a INTEGER, b INTEGER, c INTEGER, d INTEGER, e INTEGER)',
  'INSERT INTO t1(e,c,b,d,a) VALUES(103,102,100,101,104), (107,106,NULL,108,109), (NULL,NULL,NULL,NULL,NULL), (-2147483648,2147483647,0,-1,1)',
  ...[0, 1, 2, 3, 4].map((i) => `CREATE TABLE tab${i}(pk INTEGER PRIMARY KEY, col0 INTEGER, col1 FLOAT, col2 TEXT, col3 INTEGER, col4 FLOAT, col5 TEXT)`),
  ...[0, 1, 2, 3, 4].map((i) => `INSERT INTO tab${i} VALUES (0, 1, 2.5, 'a', 3, 4.25, 'b'), (1, NULL, NULL, NULL, NULL, NULL, NULL), (2, -7, -0.0, '', 2147483647, 1e300, 'zzz'), (3, 42, 3.14, 'héllo', -5, -1e-300, 'x y')`),
  'CREATE INDEX idx_tab0_col0 ON tab0 (col0)',
  'CREATE TABLE bulk (a INT, b INT)',
  'CREATE INDEX idx_tab1_col3 ON tab1 (col3, col4 DESC)',
  `CREATE TABLE ty (id INT PRIMARY KEY, sm SMALLINT, i INT, bi BIGINT, r REAL, d DOUBLE PRECISION, n NUMERIC,
     tx TEXT, vc VARCHAR(5), ch CHAR(3), bo BOOLEAN, ts TIMESTAMP, dt DATE, j JSON, by BYTEA, u UUID)`,
  `INSERT INTO ty VALUES
     (1, 1, 1, 1, 1.5, 2.5, 3.5, 'one', 'v', 'c', true, TIMESTAMP '2024-01-02 03:04:05', DATE '2024-01-02', '{"a":[1,2,{"b":null}]}', NULL, '0190a0b1-0000-7000-8000-000000000001'),
     (2, -32768, -2147483648, -9223372036854775808, -3.4e38, -1.7e308, 0, '', '', '', false, TIMESTAMP '1970-01-01 00:00:00', DATE '1970-01-01', '[]', NULL, NULL),
     (3, 32767, 2147483647, 9223372036854775807, 3.4e38, 1.7e308, -0.0, 'Ünïcødé 🎉 ‮rtl', 'abcde', 'xyz', NULL, TIMESTAMP '9999-12-31 23:59:59', DATE '9999-12-31', '"s"', NULL, NULL),
     (4, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)`,
  'CREATE NAMESPACE ns1',
  'CREATE TABLE ns1.msgs (id BIGINT PRIMARY KEY DEFAULT SNOWFLAKE_ID(), room TEXT NOT NULL DEFAULT \'general\', body TEXT UNIQUE, at TIMESTAMP)',
  "INSERT INTO ns1.msgs (room, body, at) VALUES ('general', 'hi', TIMESTAMP '2024-05-05 10:00:00'), ('random', 'yo', NULL)",
  'CREATE USER TABLE ut (id INT PRIMARY KEY, note TEXT)',
  "INSERT INTO ut VALUES (1, 'mine'), (2, NULL)",
  'CREATE STREAM TABLE st (x INT, s TEXT) WITH (TTL_SECONDS = 3600)',
  "INSERT INTO st VALUES (1, 'a'), (2, 'b')",
  'CREATE VIEW v1 (a, b) AS SELECT a, b FROM t1 WHERE a IS NOT NULL',
  "CREATE USER 'alice' WITH PASSWORD '' ROLE user",
  "CREATE USER 'svc' WITH PASSWORD '' ROLE service",
  "CREATE USER 'boss' WITH PASSWORD '' ROLE dba EMAIL 'b@example.com'",
];
