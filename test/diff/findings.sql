-- Repro scripts for test/diff/FINDINGS.md. Run: npx tsx test/diff/repro.ts test/diff/findings.sql [ID]

-- D1 USING / NATURAL join as the right-hand item of a comma list
CREATE TABLE t (k INT, b INT);
CREATE TABLE u (k INT, c INT);
INSERT INTO t VALUES (1, 2), (2, NULL);
INSERT INTO u VALUES (1, 5);
SELECT * FROM t AS x, t AS y JOIN u USING (k);
SELECT x.b FROM t AS x, t AS y NATURAL JOIN u;
SELECT 1 AS one FROM (VALUES (DATE '2024-01-01')) AS a(v), generate_series(1, 2) AS b(v) JOIN generate_series(1, 3) AS c(v) USING (v);
SELECT * FROM t AS y JOIN u USING (k), t AS x;

-- D2 [NOT] IN (subquery) evaluated as an expression over a derived table
CREATE TABLE t (a INT, b INT);
INSERT INTO t VALUES (1, 2), (2, NULL);
SELECT d.x FROM (SELECT a AS x FROM t) AS d WHERE d.x NOT IN (SELECT a FROM t);
SELECT d.x FROM (SELECT a AS x FROM t) AS d WHERE d.x IN (SELECT b FROM t WHERE t.b > d.x);
SELECT d.x FROM (SELECT a AS x FROM t) AS d WHERE d.x IN (SELECT a FROM t) OR FALSE;
SELECT d.x FROM (SELECT a AS x FROM t) AS d WHERE d.x IN (SELECT a FROM t);

-- D3 correlated EXISTS over a derived table, non-equality correlation
CREATE TABLE t (a INT, b INT);
INSERT INTO t VALUES (1, 2), (2, NULL);
SELECT d.x FROM (SELECT a AS x FROM t) AS d WHERE EXISTS (SELECT 1 FROM (SELECT b AS y FROM t) AS e WHERE e.y > d.x);
SELECT count(*) AS n FROM (SELECT -7.75::float8 AS x FROM t) AS d WHERE EXISTS (SELECT 1 FROM t WHERE d.x < 1);
SELECT sum(CASE WHEN EXISTS (SELECT 1 FROM t WHERE d.x < 1) THEN 1 ELSE 0 END) AS n FROM (SELECT -7.75::float8 AS x FROM t) AS d;
SELECT t.a FROM t WHERE EXISTS (SELECT 1 FROM (SELECT b AS y FROM t) AS e WHERE e.y > t.a);

-- D4 ORDER BY a constant output column with LIMIT 0
CREATE TABLE t (a INT);
INSERT INTO t VALUES (1), (2);
SELECT 'a' AS x FROM t ORDER BY 1 LIMIT 0;
SELECT 'a' AS x, a FROM t ORDER BY a, x LIMIT 0;
SELECT a FROM t ORDER BY a LIMIT 0;

-- D5 LIKE / ILIKE pattern containing '-'
CREATE TABLE t (s TEXT);
INSERT INTO t VALUES ('a-b'), ('x');
SELECT s FROM t WHERE s LIKE '%-%';
SELECT s FROM t WHERE 'a-b' ILIKE s;

-- D6 round(double precision) rounds half away from zero
SELECT round(2.5::float8) AS a, round(0.5::float8) AS b, round(-2.5::float8) AS c, round(3.5::float8) AS d;
CREATE TABLE t (g DOUBLE PRECISION);
INSERT INTO t VALUES (4.5);
DELETE FROM t WHERE round(g) <> 4;

-- D7 DISTINCT ON with an ORDER BY (or DISTINCT ON) expression that is not in the select list
CREATE TABLE t (a INT, b INT);
INSERT INTO t VALUES (1, 2), (1, 3), (2, 1);
SELECT DISTINCT ON (a) b FROM t ORDER BY a, b;
SELECT DISTINCT ON (a) b FROM t;
SELECT DISTINCT ON (a) a, b FROM t ORDER BY a, b DESC;

-- D8 bytea || bytea is text
SELECT '\x01'::bytea || '\x02'::bytea AS v, pg_typeof('\x01'::bytea || '\x02'::bytea) AS t;
SELECT ('\x01'::bytea || '\x02'::bytea) = '\x0102'::bytea AS eq;
SELECT COALESCE('\x01'::bytea || '\x02'::bytea, '\x'::bytea) AS c;

-- D9 UPDATE … RETURNING leaves out rows whose values did not change
CREATE TABLE t (k INT PRIMARY KEY, v INT);
INSERT INTO t VALUES (1, 10), (2, 20);
UPDATE t SET v = 10 RETURNING k, v;

-- D10 RETURNING cannot reference UPDATE … FROM / DELETE … USING items
CREATE TABLE t (k INT, v INT);
CREATE TABLE u (k INT, w INT);
INSERT INTO t VALUES (1, 10);
INSERT INTO u VALUES (1, 5);
UPDATE t SET v = u.w FROM u WHERE t.k = u.k RETURNING t.k, u.w;
DELETE FROM t USING u WHERE t.k = u.k RETURNING u.w;

-- D11 concat() / concat_ws() print booleans as true/false
SELECT concat('a', TRUE, FALSE) AS c, concat_ws(',', TRUE, 1) AS w, char_length(concat('a', FALSE)) AS n;

-- D12 VARCHAR(n) length counts UTF-16 code units
CREATE TABLE t (v VARCHAR(2));
INSERT INTO t VALUES ('a😀');
SELECT v, length(v) AS n FROM t;

-- D13 GROUP BY expression with a bytea constant is not matched in the select list / HAVING
CREATE TABLE t (a BYTEA);
INSERT INTO t VALUES ('\x61'), ('\x62');
SELECT (a = '\x61'::bytea) AS g FROM t GROUP BY (a = '\x61'::bytea);
SELECT count(*) AS n FROM t GROUP BY (a = '\x61'::bytea) HAVING (a = '\x61'::bytea);
SELECT (a = 'x') AS g FROM (SELECT 'y' AS a) AS d GROUP BY (a = 'x');

-- D14 'literal' || integer column inside a predicate: the literal is typed as integer
CREATE TABLE t (i INT);
INSERT INTO t VALUES (1);
SELECT i FROM t WHERE 'ba' || i = 'ba1';
SELECT i FROM t WHERE ('ba' || i) LIKE 'ba%';
SELECT 'ba' || i = 'ba1' AS v FROM t;

-- D15 an unreferenced CTE with `column = literal` in its WHERE breaks parameter binding
CREATE TABLE t (i INT);
INSERT INTO t VALUES (1);
WITH c AS (SELECT i FROM t WHERE i = 5) SELECT i FROM t;
WITH c AS (SELECT i FROM t WHERE i = 5) SELECT i FROM t WHERE i = 1;

-- D16 upper()/lower()/initcap() use Unicode full case mapping (PGlite's C.UTF-8: simple mapping)
SELECT upper('ﬀ') AS a, upper('straße') AS b, lower('ǅ') AS c, upper('é') AS d;

-- H1 LIKE with many % wildcards backtracks exponentially (InkDB > 5 s, PostgreSQL < 1 ms)
SELECT 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!' LIKE '%a%a%a%a%a%a%b' AS x;

-- H2 regexp_like with a nested quantifier backtracks exponentially (InkDB > 10 s, PostgreSQL < 1 ms)
SELECT regexp_like('aaaaaaaaaaaaaaaaaaaaaaaaaa!', '^(a+)+$') AS x;

-- L1 an ambiguous column reference is accepted (PostgreSQL: 42702)
CREATE TABLE t0 (h INT);
CREATE TABLE t1 (h INT);
CREATE TABLE t2 (h INT);
SELECT h FROM t0 JOIN t1 USING (h), t2;

-- L2 json = json is accepted (PostgreSQL: 42883, json has no equality operator)
SELECT '1'::json = '1'::json AS eq;

-- L3 a text value is assigned to a json column without a cast (PostgreSQL: 42804)
CREATE TABLE t (j JSON, s TEXT);
INSERT INTO t (s) VALUES ('[1]');
INSERT INTO t (j) SELECT s FROM t;

-- L4 UNION of json and text is accepted (PostgreSQL: 42804)
SELECT '1'::json AS x UNION ALL SELECT 'a'::text;

-- L5 date - bigint is accepted (PostgreSQL: 42883; only date ± integer exists)
SELECT DATE '2024-01-10' - 2::bigint AS d;

-- L6 a repeated column name after a CROSS JOIN is accepted in USING (PostgreSQL: 42702)
CREATE TABLE t (k INT, b INT);
CREATE TABLE u (k INT, c INT);
SELECT * FROM t AS x CROSS JOIN t AS y JOIN u USING (k);

-- L7 duplicate names in a derived table's column list, then a qualified reference (PostgreSQL: 42702)
SELECT d.x FROM (SELECT 1, 2) AS d(x, x);

-- G1 = ANY / ALL (subquery) is a syntax error (known gap, being built)
SELECT 1 = ANY (SELECT 1) AS x, 2 > ALL (SELECT 1) AS y;

-- G2 integer XOR operator # is a syntax error (not in docs/SQL.md's list of bit operators)
SELECT 5 # 3 AS x;

-- G3 decimal literals are double precision (known NUMERIC gap): casts and round() differ
SELECT CAST(-2.5 AS INTEGER) AS a, CAST(2.5 AS INTEGER) AS b, round(2.5) AS c, 0.1 + 0.2 = 0.3 AS d;

-- D17 a negative zero prints as 0 (CAST(double AS TEXT))
SELECT CAST(trunc(-0.625::float8) AS TEXT) AS a, CAST(-0.0::float8 AS TEXT) AS b;

-- D18 x IN ((SELECT …)) is read as a one-element list holding a scalar subquery
CREATE TABLE t (a INT);
CREATE TABLE e (a INT);
INSERT INTO t VALUES (1), (2);
SELECT a FROM t WHERE 5 NOT IN ((SELECT a FROM e));
SELECT a FROM t WHERE a IN ((SELECT a FROM t));
SELECT a FROM t WHERE 5 NOT IN (SELECT a FROM e);

-- D2b the same over the merged column of FULL JOIN USING / NATURAL FULL JOIN
CREATE TABLE t1 (e INT);
CREATE TABLE t2 (e INT);
INSERT INTO t1 VALUES (1), (2);
INSERT INTO t2 VALUES (2), (3);
SELECT e FROM t2 NATURAL FULL JOIN t1 WHERE e NOT IN (SELECT 1);
SELECT e FROM t2 FULL JOIN t1 USING (e) WHERE e NOT IN (SELECT 1);
SELECT e FROM t2 LEFT JOIN t1 USING (e) WHERE e NOT IN (SELECT 1);

-- D19 a GROUP BY expression inside a larger AND/OR in the select list is not recognised
CREATE TABLE t (e BOOLEAN, f BOOLEAN);
INSERT INTO t VALUES (TRUE, FALSE), (FALSE, FALSE);
SELECT TRUE AND (e AND f) AS x FROM t GROUP BY (e AND f);
SELECT (e AND f) OR FALSE AS x FROM t GROUP BY (e AND f);
SELECT NOT (e AND f) AS x FROM t GROUP BY (e AND f);
