# A sample of statements from the sqllogictest conformance corpus (one per line), the
# fixed mutation pool of test/fuzz/fuzz.test.ts. Regenerate by sampling the corpus with
# test/fuzz/corpus.ts (loadCorpus) if the corpus changes; the test only needs it to be stable.
CREATE TABLE t1(x INTEGER)
CREATE TABLE t2(y INTEGER PRIMARY KEY)
SELECT 1 IN t1
SELECT 'd' NOT IN t7n
SELECT 1.23 NOT IN ()
SELECT 2 IN (SELECT * FROM t4)
SELECT 'b' IN t7
SELECT 'g' NOT IN t8n
SELECT 'a' NOT IN (SELECT * FROM t7)
SELECT null NOT IN t8
CREATE TABLE t7(a TEXT UNIQUE)
SELECT x'303132' NOT IN (SELECT * FROM t1)
CREATE TABLE t1( x INTEGER, y TEXT )
CREATE TABLE t1( x INTEGER, y VARCHAR(8) )
SELECT 1 FROM t1 WHERE NULL NOT IN ( 1 )
SELECT 1 FROM t1 WHERE '1' IN ( NULL, '2' )
SELECT 1 FROM t1 WHERE NULL NOT IN ()
SELECT 1 FROM t1 WHERE NULL IN ( NULL, '1' )
SELECT 1 FROM t1 WHERE NULL IN ( NULL, 1 )
SELECT 1 FROM t1 WHERE '1' NOT IN ()
SELECT 1 FROM t1 WHERE 1.0 NOT IN ( 1.0 )
INSERT INTO t1 VALUES(0,'false')
CREATE INDEX t1i1 ON t1(x)
SELECT sum(x) FROM t1
SELECT x FROM t1 WHERE x NOT NULL ORDER BY x
SELECT group_concat(DISTINCT y) FROM t1
SELECT max(DISTINCT y) FROM t1
SELECT group_concat(y) FROM t1
INSERT INTO t1 VALUES(2,'true')
SELECT count(DISTINCT x) FROM t1
SELECT min(x) FROM t1
SELECT total(DISTINCT y) FROM t1
DROP VIEW viewX
DROP VIEW view2
DELETE FROM view1 WHERE x>0
UPDATE view1 SET x=2
CREATE TEMPORARY VIEW view3 AS SELECT x FROM t1 WHERE x>0
DROP VIEW view1
INSERT INTO view1 VALUES(2,'unknown')
INSERT INTO t1 VALUES(1,'true')
INSERT INTO t1 VALUES(NULL,'NULL')
DROP INDEX t1i1;
DROP INDEX tXiX;
DROP TABLE IF EXISTS t1
DROP TABLE tX
SELECT x FROM view2
CREATE VIEW view1 AS SELECT x FROM t1 WHERE x>0
SELECT count(*) FROM t1 WHERE x=3
SELECT count(*) FROM t1 WHERE x=4
UPDATE t1 SET x=1 WHERE y='unknown'
CREATE TABLE tab0(pk INTEGER PRIMARY KEY, col0 INTEGER, col1 FLOAT, col2 TEXT, col3 INTEGER, col4 FLOAT, col5 TEXT)
CREATE TABLE tab1(pk INTEGER PRIMARY KEY, col0 INTEGER, col1 FLOAT, col2 TEXT, col3 INTEGER, col4 FLOAT, col5 TEXT)
SELECT pk FROM tab0 WHERE ((col3 >= 8 AND col3 <= 2))
SELECT pk FROM tab4 WHERE col0 < 7 AND col1 = 8.81 AND col4 = 6.35 OR (col4 >= 8.22 AND col4 <= 4.30) AND col0 <= 0
SELECT pk FROM tab1 WHERE (col1 < 7.76 AND col0 >= 0 OR col4 BETWEEN 4.5 AND 7.7)
SELECT pk FROM tab1 WHERE (col3 < 4) OR ((col4 <= 1.50 AND (col4 <= 2.84 AND col0 IN (0,6,1,1,4,2) AND col1 IS NULL OR col3 IS NULL)) OR col3 < 0 OR col3 = 6 AND col0 <= 0 AND col1 <= 0.69 OR ((col3 >= 1 AND col3 <= 7)) AND col4 > 9.7)
SELECT pk FROM tab3 WHERE (((col0 < 5 OR ((col3 >= 9 AND col3 <= 7) AND (col3 < 0) AND (((col3 >= 2) AND ((col0 > 0)) OR ((col4 = 4.34)))) AND ((col4 = 0.49) OR col4 IN (3.91,3.72,5.96)) OR ((col0 IN (2,7,5,6,9)) AND ((col4 > 7.52 AND col3 < 5))) OR col4 >= 7.73 OR ((((col0 >= 2 AND col0 <= 3)) OR col0 >= 9) AND (col3 >= 8)) OR (col1 <= 3.32) AND col1 > 6.28 AND col3 IN (SELECT col0 FROM tab3 WHERE (col4 >= 9.2 AND col4 <= 3.47))))) AND col4 <= 9.1)
SELECT pk FROM tab4 WHERE ((col3 > 3 AND col0 BETWEEN 5 AND 0 AND (col4 >= 9.30) AND col0 <= 8 AND ((col0 >= 8)) OR (col3 <= 6) OR col0 > 4 OR ((col0 > 3 AND (col4 = 1.71) AND col4 < 2.53) AND ((col0 >= 3)) OR col1 < 4.74 AND (col3 < 4) AND col4 >= 7.78 AND col3 BETWEEN 5 AND 1)))
SELECT pk FROM tab0 WHERE (col0 >= 1 AND col0 <= 2)
SELECT pk FROM tab0 WHERE col3 >= 0 AND (col1 < 2.42 AND ((col3 > 5 OR (col3 >= 0 AND ((col3 >= 7 AND col3 <= 6) OR col0 > 7 OR (col3 >= 7)) AND col0 IS NULL OR col1 > 5.33 AND (col3 = 4 OR ((col0 >= 4 AND col0 <= 5))) OR col0 > 4 AND (col3 < 0 AND col3 >= 7 AND col3 IS NULL OR (col4 < 3.22 AND (col1 = 3.12))) AND (col0 = 1) OR col0 = 9))) AND col3 <= 9) AND (((col1 <= 5.15) AND (col4 >= 4.48))) OR col1 > 1.10 AND (col1 > 5.53) AND col3 < 2
SELECT pk FROM tab1 WHERE (((((col3 = 8)))) AND col0 <= 4) AND col3 > 2 AND col4 > 4.10 AND (col3 > 7) OR col0 >= 4 OR (col1 >= 7.79) AND ((col3 >= 6 AND col3 <= 5)) OR col1 >= 7.11 OR (((col0 = 2)) OR col0 = 8) OR col3 > 8 OR col0 > 2
SELECT pk FROM tab4 WHERE (col0 < 1 AND col4 > 8.50) AND ((((col4 > 2.23)) AND (col3 BETWEEN 9 AND 4) AND (col0 <= 0 OR col0 <= 4) AND (col0 > 5))) AND (col0 = 6 AND col0 >= 2 OR (((col4 > 0.80 OR col1 > 5.64 AND (col3 < 1) AND (col3 = 3 OR ((col0 > 3) OR col3 BETWEEN 6 AND 4 OR col3 < 5)) OR (col3 >= 0 AND ((col0 > 3)))) OR col4 <= 1.36 AND col0 < 4) AND col4 > 5.4))
SELECT pk FROM tab2 WHERE ((col4 < 74.66)) AND col0 IS NULL OR ( col4 >= 72.78 AND col4 <= 58.9)
SELECT pk FROM tab3 WHERE col3 = 21 OR col3 > 52 AND col3 IN (SELECT col0 FROM tab3 WHERE ( col1 >= 67.95 AND col1 <= 30.44)) OR col3 > 41 OR (col4 > 19.0 AND col0 > 70 AND col1 > 68.92 OR (col3 < 52 AND (col1 < 49.81)) AND (col3 >= 29 AND ((col4 < 60.16)) AND col0 = 93)) OR (col3 = 13 AND ((col3 IN (74,30) AND ((col4 = 25.92)))))
SELECT pk FROM tab2 WHERE col4 BETWEEN 30.96 AND 37.91
SELECT pk FROM tab3 WHERE col1 BETWEEN 46.66 AND 99.45
SELECT pk FROM tab3 WHERE ((((((col4 BETWEEN 92.63 AND 26.53))))))
SELECT pk FROM tab4 WHERE col0 IS NULL AND col0 < 99 AND ((col0 IN (73,35,67,6) AND col3 IS NULL)) AND col3 BETWEEN 23 AND 94 AND (col3 IN (54)) OR (col3 > 44 OR col3 >= 35 AND ((col3 IS NULL)))
SELECT pk FROM tab2 WHERE col0 BETWEEN 8 AND 61 OR col3 < 84
SELECT pk FROM tab2 WHERE ((col4 < 98.7) AND ((col4 > 34.11 AND ( col3 >= 29 AND col3 <= 22)) OR col3 < 85))
SELECT pk FROM tab4 WHERE (( col0 >= 90 AND col0 <= 6) AND col0 IN (35,65,10,66))
SELECT pk FROM tab3 WHERE col0 BETWEEN 52 AND 11
SELECT pk FROM tab2 WHERE 2 >= col0 AND (col3 IS NULL)
SELECT pk FROM tab1 WHERE col3 = 62 AND col3 >= 61 AND col3 >= 13 AND col0 < 41
SELECT pk FROM tab3 WHERE col0 < 2
SELECT pk FROM tab3 WHERE col3 < 19
SELECT pk FROM tab4 WHERE col3 < 91
SELECT pk FROM tab2 WHERE (col1 >= 28.55)
SELECT pk FROM tab1 WHERE col0 > 49 AND col0 < 79
SELECT pk FROM tab3 WHERE col3 >= 41
SELECT pk FROM tab1 WHERE (76 < col0 OR col3 IN (74,55,74))
SELECT pk FROM tab4 WHERE col4 >= 93.40 AND (col3 < 91) OR col4 > 88.25
SELECT pk FROM tab2 WHERE col1 = 19.7
SELECT pk FROM tab2 WHERE (((41.12 = col1)) AND (((col0 IS NULL) AND 83.56 >= col4)) OR 65 < col3) AND 86 < col0
SELECT pk FROM tab4 WHERE (col1 = 11.1) AND col1 < 46.29 AND (((col3 <= 67)))
SELECT pk FROM tab1 WHERE ((((col0 = 23))))
SELECT pk FROM tab2 WHERE col3 > 65 OR (col1 < 26.9)
SELECT pk FROM tab4 WHERE (46 = col3)
SELECT pk FROM tab3 WHERE (col0 <= 94 AND col0 = 92)
SELECT pk FROM tab4 WHERE (26 > col3 AND (((67.95 < col1) AND 0.92 > col1)) OR 88 <= col0)
SELECT pk FROM tab3 WHERE col0 < 99 AND col3 <= 53 AND col4 > 65.62 AND col3 > 26 AND col0 IN (52,82,64,14,7) OR col4 > 22.58 OR col0 > 33 AND col4 >= 31.60 AND (col4 < 16.38 OR col3 <= 23) AND col3 IS NULL OR (col0 > 0 AND col3 >= 84) OR ((col3 IN (61,81,18))) AND col0 > 78 OR col0 >= 46 AND col0 <= 93
SELECT pk FROM tab4 WHERE 87 < col3
DROP TABLE tab0
DROP TABLE tab2
DELETE FROM tab2 WHERE (col0 < 6) OR ((col0 > 9) AND col4 > 5.74) OR (col0 < 3) OR ((col3 > 0))
SELECT pk FROM tab3 WHERE NOT (((col3 <= 6)))
DELETE FROM tab3 WHERE col0 < 6
DELETE FROM tab0 WHERE col0 > 7 OR col4 > 0.45
DELETE FROM tab4 WHERE col3 > 1
CREATE TABLE tab2(pk INTEGER PRIMARY KEY, col0 INTEGER, col1 FLOAT, col2 TEXT, col3 INTEGER, col4 FLOAT, col5 TEXT)
SELECT pk FROM tab0 WHERE NOT (col3 > 9)
CREATE INDEX idx_tab2_0 ON tab2 (col1 DESC,col3)
SELECT pk FROM tab3 WHERE NOT ((col4 > 96.82))
INSERT INTO tab2 SELECT * FROM tab0
SELECT pk FROM tab3 WHERE NOT ((col4 > 63.45))
SELECT pk FROM tab0 WHERE col3 >= 5 OR col4 BETWEEN 1.64 AND 32.0 AND col0 = 64 OR col4 > 15.31 OR col4 <= 53.52 OR col0 IS NULL
INSERT INTO tab0 VALUES(1,28,18.60,'hytxj',5,1.58,'glytf')
DELETE FROM tab4 WHERE col3 > 72
SELECT pk FROM tab4 WHERE NOT ((col3 > 65 AND col3 > 41 OR col0 >= 13 OR col0 < 10))
SELECT pk FROM tab3 WHERE NOT (col3 > 57)
SELECT pk FROM tab4 WHERE NOT (col3 >= 73)
SELECT pk FROM tab3 WHERE (col3 < 30 OR col3 <= 31 AND ((col1 IS NULL))) OR col0 IN (4,90,0) OR col3 < 57
SELECT pk FROM tab3 WHERE ((col3 >= 21 OR col3 < 36) OR col3 IN (27,22) AND col0 IS NULL AND col4 >= 97.4 OR col4 IS NULL)
SELECT pk FROM tab0 WHERE ((col3 = 50 OR col3 = 91)) OR col3 < 37 OR ((col4 <= 33.16 OR (col4 <= 54.29) AND (col3 = 98 OR (col0 = 65) AND col3 > 61 AND (((col4 >= 50.43))) AND col0 = 47)))
SELECT pk FROM tab4 WHERE col3 >= 32 AND (col3 > 38 OR (((((col3 >= 67 OR ((col4 IS NULL)))))) AND (((col0 = 54 OR col0 = 77 OR col0 = 30 OR col0 = 48 OR col0 = 81)) AND (col3 > 80 AND ((col3 = 91 OR col3 = 51 OR col3 = 44)) AND (col4 <= 22.39) AND col3 < 62 OR (col3 < 73))) AND (col0 < 1 OR ((col3 > 85)))))
SELECT pk FROM tab3 WHERE col3 IS NULL OR (((col0 <= 50))) OR (col3 > 14) AND ((col3 >= 42 AND ((col4 <= 77.81) OR (col4 = 34.46))) AND col0 > 78 AND ((col3 IS NULL)) AND (col0 IN (53,10,44,0,82,70) OR (col4 > 80.45)) AND (col0 >= 92)) OR col0 >= 15
SELECT pk FROM tab2 WHERE col3 BETWEEN 14 AND 83 OR (col4 = 14.44 OR col4 = 22.91 OR col4 = 21.9 OR col4 = 86.42 OR col4 = 83.26 OR col4 = 88.49) AND (col3 = 77) OR col0 <= 43
SELECT pk FROM tab4 WHERE col0 = 68 AND ((col0 = 33 OR col0 = 43 OR col0 = 65 OR col0 = 60) AND col0 >= 83) OR col3 > 25 AND col4 < 32.19
SELECT pk FROM tab2 WHERE ((col4 <= 92.27 OR col4 > 53.80 AND col0 > 25)) AND (((col0 IN (57,74))))
SELECT pk FROM tab2 WHERE ((((col3 > 52) AND col3 < 56) AND (col3 = 63) OR col1 < 73.70) AND (col3 IN (SELECT col0 FROM tab2 WHERE col4 = 5.97) AND col0 < 57 OR col0 > 39 OR (col3 < 10 AND (col0 = 92 OR col0 = 34 OR col0 = 66) AND ((((col0 = 76)) OR col3 < 53) OR col3 < 97)) AND col3 > 57))
SELECT pk FROM tab4 WHERE (col0 >= 82) OR (((((col0 = 81)) AND (col4 > 24.33 OR (((col4 < 70.59))) AND col0 > 97) OR col1 IS NULL)) AND col0 = 83 AND col0 > 51 OR ((col1 > 77.8) AND (((col4 >= 21.36))) AND col3 > 93 OR col4 <= 25.37 AND col3 < 44 AND ((col0 >= 2)) OR col1 IN (34.45,51.0,9.84,38.45,66.31) AND (((col3 = 47))))) OR col4 IN (54.27,25.35,81.68) AND col0 > 6 OR col0 <= 68
SELECT pk, col0 FROM tab3 WHERE (col4 > 258.74) ORDER BY 2,1
SELECT pk, col0 FROM tab0 WHERE col0 > 316 AND col0 = 988 AND ((col1 > 285.65 OR col3 IS NULL) OR col0 >= 473) OR col0 < 124 OR col3 >= 746 ORDER BY 2 DESC,1
SELECT pk, col0 FROM tab1 WHERE col1 >= 936.43 AND col4 >= 706.86 OR (((col4 > 689.58) AND col3 <= 105 AND col3 >= 274 OR col3 >= 384)) ORDER BY 1,2
SELECT pk FROM tab4 WHERE col3 < 818 OR (col1 < 890.79 AND col1 BETWEEN 320.26 AND 80.70) AND (col1 > 665.2) AND col4 >= 975.95 OR col3 <= 667 OR col3 > 375 AND (col3 = 346 OR col3 <= 45) OR (col3 > 202) AND (col4 >= 941.53) ORDER BY 1
SELECT pk, col0 FROM tab3 WHERE col1 < 955.49 ORDER BY 2
SELECT pk, col0 FROM tab0 WHERE col0 <= 280 AND col3 >= 416 ORDER BY 1 DESC,2 DESC
SELECT pk, col0 FROM tab1 WHERE (col4 BETWEEN 250.10 AND 239.45) AND col3 > 706 OR col1 < 294.75 AND col0 >= 761 AND col0 >= 496 ORDER BY 2
SELECT pk FROM tab3 WHERE col0 > 716 ORDER BY 1
SELECT pk, col0 FROM tab1 WHERE col0 > 316 AND col0 = 988 AND ((col1 > 285.65 OR col3 IS NULL) OR col0 >= 473) OR col0 < 124 OR col3 >= 746 ORDER BY 1 DESC
SELECT pk, col0 FROM tab2 WHERE (col0 < 88 OR ((((col3 < 42 OR col1 < 166.51 OR (col1 < 735.66 AND col1 > 317.34) AND col3 >= 786))))) ORDER BY 2 DESC
SELECT pk, col0 FROM tab1 WHERE ((col4 < 991.59)) ORDER BY 2 DESC
SELECT pk, col0 FROM tab3 WHERE col1 >= 585.37 AND col4 < 147.62 OR (col0 = 666) AND col3 <= 905 OR col3 = 287 AND col0 = 161 AND col4 > 18.89 AND col4 < 108.9 AND col3 <= 607 AND col3 < 841 OR (col0 IN (SELECT col3 FROM tab3 WHERE col1 BETWEEN 62.80 AND 768.66 OR ((col3 > 21) AND col1 IN (512.98,945.7) AND col0 <= 753) AND (col4 = 906.86 OR col3 >= 330))) ORDER BY 2
SELECT pk FROM tab4 WHERE col3 > 525 OR (col3 < 999) OR col1 > 44.59 AND ((((col0 > 359) AND ((col4 > 601.91 OR (col0 < 406) AND col3 > 943 OR col3 < 697))) AND col4 >= 296.82)) AND (col1 < 311.55 AND (col4 IN (231.6))) ORDER BY 1
SELECT pk, col0 FROM tab4 WHERE col3 >= 334 ORDER BY 2 DESC
SELECT pk, col0 FROM tab1 WHERE col3 >= 601 ORDER BY 2
SELECT pk FROM tab1 WHERE ((col1 IN (744.99) AND col1 > 981.25) AND (col1 IS NULL) OR col0 < 318 AND (((((col1 > 39.69) AND col3 <= 879)))) AND (col0 <= 814)) ORDER BY 1
SELECT pk, col0 FROM tab3 WHERE (col0 < 650) AND (col0 > 724) AND col3 = 181 AND col0 < 505 OR col0 >= 269 AND col0 < 988 AND col4 < 55.73 AND ((((col0 < 872)))) OR col3 <= 977 OR (col0 BETWEEN 550 AND 351 OR col0 IS NULL) AND ((col1 < 365.76)) AND (((((((col3 >= 915))))))) AND (col0 >= 162 AND col1 > 659.40) AND col1 < 329.90 AND (col4 >= 655.72 OR (((col0 < 170))) AND (col0 >= 1)) AND (col4 BETWEEN 546.83 AND 348.89 OR col1 < 992.40) AND col1 > 182.10 ORDER BY 2 DESC
SELECT pk FROM tab0 WHERE col0 > 794 ORDER BY 1 DESC
SELECT pk, col0 FROM tab1 WHERE (col4 <= 887.28) ORDER BY 2,1
SELECT pk FROM tab1 WHERE col0 > 727 OR (col3 = 409 AND col0 > 271) ORDER BY 1 DESC
SELECT ALL * FROM tab3 WHERE NOT col4 IS NULL AND NOT 82 < NULL
SELECT ALL + + 65 FROM tab1 WHERE + col4 IS NULL
SELECT ALL AVG ( col0 ) AS col0 FROM tab1 cor0 WHERE NULL IS NOT NULL
SELECT 78 FROM tab3 AS cor0 WHERE NULL IS NOT NULL
SELECT ALL - 27 FROM tab1 WHERE NOT ( NOT - col3 IS NULL )
SELECT * FROM tab2 AS cor0 WHERE ( NULL ) NOT BETWEEN NULL AND + 74
SELECT DISTINCT - 73 FROM tab3 AS cor0 WHERE NOT NULL IS NULL
SELECT DISTINCT COUNT( * ) FROM tab0 AS cor0 WHERE NOT - CAST( NULL AS SIGNED ) NOT BETWEEN NULL AND NULL
SELECT - - COUNT ( * ) FROM tab0 WHERE NULL <> col1 * - ( - col0 )
SELECT + 74 FROM tab2 AS cor0 WHERE ( NULL ) IS NULL
SELECT * FROM tab1 WHERE NULL BETWEEN - col1 AND NULL
SELECT DISTINCT col0 col2 FROM tab3 WHERE NOT NULL IS NOT NULL
SELECT ALL - CAST( NULL AS SIGNED ) AS col4 FROM tab2 AS cor0 WHERE NOT + 31 BETWEEN 90 AND NULL
SELECT * FROM tab4 AS cor0 WHERE NOT ( NOT + 32 NOT IN ( + 47 * CAST ( NULL AS INTEGER ) ) )
SELECT ALL + 22 AS col4 FROM tab0 cor0 WHERE col3 = + ( col3 )
SELECT DISTINCT col3 * col4 FROM tab0 WHERE NOT NULL BETWEEN ( - col1 ) AND ( NULL )
SELECT DISTINCT + col0 AS col5 FROM tab3 WHERE NOT + - 10 / - col3 IS NULL
SELECT * FROM tab3 AS cor0 WHERE NOT 91 * + 4 - + 95 + + col4 NOT BETWEEN + 42 AND + CAST ( NULL AS INTEGER )
SELECT DISTINCT 58 * - COUNT( * ) FROM tab3 WHERE NOT - 69 <> col0
SELECT * FROM tab2 WHERE NOT - CAST ( - col3 AS INTEGER ) * + col0 <> NULL
IF EXISTS (SELECT TABLE_NAME FROM INFORMATION_SCHEMA.VIEWS WHERE TABLE_NAME = 'view_2_tab3_177') DROP VIEW view_2_tab3_177
IF EXISTS (SELECT TABLE_NAME FROM INFORMATION_SCHEMA.VIEWS WHERE TABLE_NAME = 'view_2_tab0_187') DROP VIEW view_2_tab0_187
DROP VIEW view_1_tab1_168
DROP VIEW IF EXISTS view_1_tab1_163
SELECT pk, col0 FROM tab0 WHERE col4 > 11.79
SELECT pk, col0 FROM view_2_tab1_217
SELECT pk, col0 FROM tab2 WHERE col3 > 3 OR (((col3 BETWEEN 22 AND 86) AND (col1 > 30.32) OR (col4 >= 99.10) AND col4 > 11.24))
DROP VIEW view_3_tab3_171
SELECT pk, col0 FROM tab2 WHERE col4 >= 70.6
SELECT pk FROM ( SELECT pk, col0 FROM tab2 WHERE (col1 >= 18.44) ) AS tab2_156
CREATE TABLE tab0(col0 INTEGER, col1 INTEGER, col2 INTEGER)
CREATE TABLE tab1(col0 INTEGER, col1 INTEGER, col2 INTEGER)
SELECT COUNT( 78 ) FROM tab1
SELECT ALL - - COUNT( * ) col0 FROM tab2 AS cor0
SELECT col0 * 98 + col1 AS col1 FROM tab2
SELECT * FROM tab0 cor0 WHERE NOT NULL > + col1
SELECT COUNT ( DISTINCT + 45 ) AS col2 FROM tab0
SELECT DISTINCT * FROM tab1 AS cor0 WHERE NOT ( CAST ( NULL AS INTEGER ) ) = NULL
SELECT ALL col1, col2 col1 FROM tab1
SELECT 77 + CAST ( - + col1 AS INTEGER ) AS col2 FROM tab1 WHERE ( NULL IS NOT NULL )
SELECT ALL * FROM tab1 AS cor0 WHERE ( - 73 + ( - col2 ) * col2 * col2 ) <> + col1
SELECT + ( - 33 ) FROM tab1 AS cor0 WHERE NOT 69 IS NULL
SELECT ALL MAX( ALL - 70 ) AS col0 FROM tab0 cor0
SELECT - 38 + - + ( col1 ) FROM tab0 AS cor0
SELECT DISTINCT col0 * + col0 * ( + col2 ) FROM tab0
SELECT * FROM tab0 AS cor0 CROSS JOIN tab1 AS cor1 WHERE NOT ( 27 ) IS NOT NULL
SELECT - COUNT( * ), + MAX( - - col0 ) AS col2 FROM tab2
SELECT DISTINCT + 73 * + - 72 * + 21 * + col0 AS col0, 12 * + col2 AS col2 FROM tab2
SELECT ALL * FROM tab0 AS cor0 WHERE col0 IS NULL
SELECT 17 + - CAST ( col1 AS INTEGER ) - col0 FROM tab2 AS cor0 WHERE NULL = NULL
SELECT ALL - col1 * + ( col2 ) - + CAST ( NULL AS INTEGER ) + ( + col0 ) + col1 + + col0 * 38 FROM tab0 AS cor0
SELECT DISTINCT col0 * + ( + - CAST( NULL AS SIGNED ) ) + + col2 AS col1 FROM tab1
SELECT ALL + + COUNT ( * ) AS col2, COUNT ( * ) AS col0 FROM tab0 cor0
SELECT DISTINCT + ( + COUNT ( * ) ) * + - 38 * - COUNT ( * ) FROM tab0 AS cor0
SELECT DISTINCT COUNT ( * ) AS col1 FROM tab0 WHERE NULL IS NOT NULL
SELECT DISTINCT + COUNT ( col1 ) * + COUNT ( * ) - 45 + + + 43 FROM tab1 AS cor0
SELECT col2, 83 FROM tab1
SELECT COUNT ( * ) AS col2, ( - 86 ) + + - 54 FROM tab1 AS cor0
SELECT * FROM tab1 WHERE NOT + col1 / - col0 < + 69 + CAST( NULL AS SIGNED )
SELECT ALL + col0 DIV + col2 + + 18 AS col2 FROM tab0 AS cor0
SELECT ALL 70 + - COUNT( * ) * COUNT( * ) AS col1 FROM tab2 cor0 CROSS JOIN tab2 AS cor1
SELECT + 4 * col1 FROM tab0
SELECT 21 col0 FROM tab2 WHERE NULL IS NULL
SELECT ALL 37 + + col2 + - 57 FROM tab2
SELECT + MAX( DISTINCT - ( 80 ) ) * - 4 AS col1 FROM tab1
SELECT + 29 AS col2 FROM tab2 cor0
SELECT col2 + - col2 * col1 + + col0 FROM tab2
SELECT DISTINCT + 35 * + COUNT ( * ) AS col2 FROM tab2 AS cor0
SELECT COUNT ( + 95 ) FROM tab0 AS cor0 WHERE + col2 NOT IN ( + 53 )
SELECT ALL - COUNT ( * ) + + - CAST ( NULL AS INTEGER ) AS col0 FROM tab1
SELECT + MAX( col1 ) - COUNT( col0 ) col0 FROM tab0
SELECT CAST ( - + COUNT ( * ) AS INTEGER ) AS col1 FROM tab1
SELECT ALL - - MIN( col2 ) + ( - 46 ) AS col2 FROM tab0 AS cor0
SELECT ALL 62 * + col1 + - 28 FROM tab2 AS cor0
SELECT col1 + + + col0 / col0 FROM tab1
SELECT * FROM tab2 AS cor0 WHERE NOT + col2 * col2 - + col1 / ( + CAST ( + col2 AS INTEGER ) ) < - 30
SELECT + 40 + - + 98 * col0 * - 81 AS col0 FROM tab2 AS cor0
SELECT ALL - - 60 - 6 * - 59 AS col1 FROM tab2 AS cor0
SELECT - MIN( DISTINCT + col2 ) * 29 FROM tab2
SELECT ALL + col0 / + ( + 23 ) + 75 FROM tab0 cor0
SELECT DISTINCT COUNT( DISTINCT 11 ) - - - 99 FROM tab0 AS cor0 CROSS JOIN tab1 AS cor1
SELECT ALL - col2 * - 48 FROM tab2
SELECT DISTINCT MIN ( ALL + 74 ) - - ( - - 87 ) AS col1
SELECT ALL 12 DIV + 99
SELECT 12 * - 41 AS col2
SELECT 15 + + + 82 * - COUNT ( * )
SELECT MAX ( 69 ) * + 17 - 2 - 88
SELECT + ( + 42 )
SELECT DISTINCT - CAST ( NULL AS INTEGER ) + + AVG ( + 39 ) AS col0, 58
SELECT ALL + CAST ( - + 74 AS INTEGER ) * - 24 * 7 * 96
SELECT + - ( - - CAST ( NULL AS INTEGER ) ) * - + 42 * - - 76 + COUNT ( * ) * COUNT ( * ) AS col2
SELECT 19 + + - COALESCE ( - - 11, + 4 * - - 69 ) * + CASE + COUNT ( ALL - 16 ) WHEN 14 * 14 + 5 * - 23 THEN 93 * 33 WHEN - 23 THEN NULL ELSE 49 + COUNT ( * ) * 84 END
SELECT ALL + ( + COUNT ( + - 44 ) ) * + 32 * - - ( - COUNT ( * ) ) * 92
SELECT DISTINCT 93 AS col0
SELECT + SUM( ALL - + 41 ) AS col1
SELECT ALL - MAX ( DISTINCT + 72 ) AS col2
SELECT ALL + 54 + - 89 AS col2
SELECT - 46 AS col2
SELECT ALL - + SUM ( ALL - - 92 )
SELECT - CAST( NULL AS DECIMAL ) / + 56
SELECT ALL + 99 AS col1
SELECT DISTINCT + 86
SELECT COUNT ( + 58 ) * - 35 + - NULLIF ( + 19, + + COUNT ( * ) ) + + 15
SELECT DISTINCT + 44 + + 20 AS col0, CASE - CAST ( NULL AS INTEGER ) WHEN - + 66 + ( + + MIN ( DISTINCT - ( + - 78 ) ) ) THEN - + 39 + 40 * - COUNT ( 93 ) / - 74 WHEN 30 * - 94 * - COUNT ( * ) / + SUM ( ALL + ( + 31 ) ) - COALESCE ( + - CAST ( NULL AS INTEGER ), 19 ) THEN NULL WHEN MIN ( - 65 ) + + 82 THEN 99 END
SELECT 74 col1
SELECT ALL + 60 / - - 94
SELECT ALL + COUNT( * ) col2
SELECT DISTINCT COUNT( * ) * + + 88 + - 14 * - 51
SELECT DISTINCT MAX ( ALL 80 ) AS col0
SELECT DISTINCT - COALESCE ( - - 0, + CAST ( NULL AS INTEGER ) ) AS col1
SELECT DISTINCT - + 68 * 62 + + CASE + ( - COUNT( * ) ) WHEN 14 THEN + - 48 WHEN + ( COUNT( * ) ) * + 39 + - 56 THEN NULL ELSE 23 END + - - 91 + + + 9 * + COUNT( * ) * - + 45
SELECT ALL MAX( DISTINCT 45 ) * - 79
SELECT ALL - - 17 * + - 48
SELECT - 59 + - 73 * - MAX ( - 17 ) AS col0
SELECT MIN ( ALL 12 )
SELECT - 13 * + - 94 + - 29 + + 52 * 4 + - ( - - 43 ) + - CASE - 6 WHEN - + 83 / - 99 - - COUNT ( 17 ) THEN NULL WHEN + 99 + + 30 THEN - 77 END / 62 col1
SELECT + - 49 * 45 AS col1
SELECT - 37, - ( - - 11 ) * + COUNT( * ) + - COUNT( * ) AS col0
SELECT ALL - CAST ( NULL AS INTEGER ) - + 53
SELECT - + CASE 80 WHEN 12 * + ( MIN( - 89 ) ) THEN 83 WHEN + 88 THEN MIN( DISTINCT 29 ) END
SELECT ALL 8 * - 61 * + MAX( ALL + 34 )
SELECT ALL COUNT ( * ) / - 55
SELECT ALL - 55 + - 7 AS col1
SELECT ALL + - 47 + + 34 AS col1
SELECT + CAST ( NULL AS INTEGER ) AS col0, + COUNT ( * ) + - + ( - - 79 ) - - + 19 * + NULLIF ( 38, 22 ) * + 19 + - - MIN ( 51 ) col0
SELECT DISTINCT CASE - - 63 WHEN - 39 THEN - - 81 + 79 ELSE + - COALESCE ( + 16, + 7 + - + 88 * 38, - + 31 ) + + 92 * 60 * + 60 + - 44 - + 57 END
SELECT + 34 DIV 35 DIV - + 13 * + + COUNT( * ) AS col1, 18 AS col0
SELECT 63, + 4 / - 37 AS col0
SELECT 67 col0, + COUNT ( + 96 )
SELECT + ( - 35 ) / - 68
SELECT 63, 20 AS col1
SELECT - 44, - MIN( ALL - 87 ) AS col0
SELECT DISTINCT 3 * + col1 FROM tab1 GROUP BY col1
SELECT ALL 5 AS col2 FROM tab0 AS cor0 GROUP BY cor0.col0
SELECT DISTINCT + + 9 * - 44 FROM tab0, tab1 cor0 GROUP BY cor0.col1
SELECT cor0.col2 * 70 AS col0 FROM tab0 AS cor0 GROUP BY cor0.col2
SELECT DISTINCT + cor0.col1 AS col1 FROM tab2 AS cor0 GROUP BY cor0.col1
SELECT + 35 FROM tab0, tab1 AS cor0 GROUP BY cor0.col2
SELECT DISTINCT + cor0.col2 AS col1 FROM tab2 AS cor0 GROUP BY col2, cor0.col0
SELECT ALL - cor0.col2 AS col2 FROM tab0, tab1 AS cor0, tab1 AS cor1 GROUP BY cor0.col2
SELECT + 86 FROM tab0 cor0 GROUP BY cor0.col1
SELECT + 43 FROM tab2 AS cor0 CROSS JOIN tab2 AS cor1 GROUP BY cor0.col2
SELECT ALL - + 5 FROM tab0, tab1 AS cor0 GROUP BY tab0.col0
SELECT DISTINCT - + 9 AS col2 FROM tab2 GROUP BY tab2.col0
SELECT ALL + cor0.col0 AS col2 FROM tab2 AS cor0 GROUP BY cor0.col1, col0
SELECT - CAST ( NULL AS INTEGER ) AS col2 FROM tab0 AS cor0 GROUP BY col0, cor0.col0
SELECT DISTINCT + 96 FROM tab2 GROUP BY col2
SELECT ALL - 74 col2 FROM tab0 AS cor0 GROUP BY col1
SELECT ALL + cor0.col2 col1 FROM tab1 AS cor0 GROUP BY col1, cor0.col2
SELECT cor0.col1 - + cor0.col1 AS col0 FROM tab1 AS cor0 GROUP BY cor0.col1
SELECT DISTINCT - tab0.col0 + - 67 FROM tab0 GROUP BY tab0.col0
SELECT DISTINCT - 16 * + 8 FROM tab1 AS cor0 GROUP BY cor0.col2, cor0.col1
SELECT - tab0.col2 + 24 AS col2 FROM tab0 GROUP BY tab0.col2
SELECT 96 AS col0 FROM tab0 GROUP BY tab0.col1
SELECT DISTINCT cor0.col1 + 85 * - cor0.col1 FROM tab2 AS cor0 GROUP BY cor0.col1
SELECT 34 AS col1 FROM tab2 AS cor0 GROUP BY cor0.col0
SELECT ALL - 73 AS col0 FROM tab2 AS cor0 GROUP BY cor0.col1
SELECT ALL + 37 AS col1 FROM tab2 AS cor0 GROUP BY cor0.col0, cor0.col2
SELECT ALL + 10 col1 FROM tab2 AS cor0 GROUP BY col2
SELECT DISTINCT + 94 FROM tab0 AS cor0 CROSS JOIN tab2 cor1 GROUP BY cor0.col2
SELECT + 70 - - 6 FROM tab2 GROUP BY tab2.col0
SELECT - ( cor0.col2 ) AS col1 FROM tab2 AS cor0 GROUP BY cor0.col2
SELECT DISTINCT - col2 * - col0 * cor0.col2 FROM tab0 cor0
SELECT ALL + - cor0.col0 * col1 AS col0 FROM tab2 AS cor0
SELECT 75 + col0 FROM tab2 AS cor0
SELECT - + cor0.col0 AS col2 FROM tab2 AS cor0
SELECT ALL + cor0.col2 - 42 AS col1 FROM tab0 AS cor0
SELECT col1 * + 53 FROM tab2
SELECT ALL + col0 AS col2 FROM tab0
SELECT + col1 DIV + col0 AS col1 FROM tab0 AS cor0
SELECT ALL + col1 + + col2 AS col0 FROM tab1
SELECT + ( col2 ) * + col2 col1 FROM tab2
SELECT DISTINCT - - col0 AS col1 FROM tab0 AS cor0
SELECT DISTINCT + tab1.col0 * col0 FROM tab1
SELECT CAST( NULL AS SIGNED ) FROM tab2 AS cor0
SELECT + col1 - tab1.col2 * col2 FROM tab1
SELECT DISTINCT - 74 + - 81 / + col1 FROM tab1 AS cor0
SELECT col0 * col1 AS col1 FROM tab0 AS cor0
SELECT ALL - col2 DIV + col0 + col1 AS col1 FROM tab2 AS cor0
SELECT DISTINCT * FROM tab2, tab2 AS cor0, tab0, tab1 AS cor1
SELECT col0 + col2 * cor0.col0 AS col1 FROM tab0 AS cor0
SELECT ALL + col1 * col2 AS col0 FROM tab1
SELECT + col0 + + col2 AS col1 FROM tab0
SELECT + + 95 / + col2 AS col1 FROM tab1 AS cor0
SELECT ALL cor0.col2 * col0 AS col2 FROM tab2 cor0
SELECT DISTINCT * FROM tab1, tab0 cor0, tab1 AS cor1
SELECT + CAST( col0 AS SIGNED ) + col0 * + col1 FROM tab2 AS cor0
SELECT ALL - - col0 * cor0.col0 * - col0 FROM tab1 AS cor0
SELECT - col2 * col0 AS col2 FROM tab1 AS cor0
SELECT col0 - + col0 * + col0 FROM tab0 AS cor0
SELECT ALL - cor0.col0 * col2 AS col1 FROM tab0 AS cor0
SELECT - - col0 DIV - 22 FROM tab0 AS cor0
SELECT DISTINCT + 34 AS col2 FROM tab0 AS cor0
SELECT DISTINCT + col0 * + col2 + + col0 + + col1 FROM tab2 AS cor0
SELECT * FROM tab2 cor0 CROSS JOIN tab1, tab0 AS cor1
SELECT ALL ( ( + col2 ) ) FROM tab0 AS cor0
SELECT - ( - 37 ) AS col1 FROM tab1
SELECT - col1 * 48 * col0 + ( col2 ) + + cor0.col2 AS col2 FROM tab1 AS cor0
SELECT DISTINCT 48 AS col0 FROM tab1, tab1 AS cor0
SELECT * FROM tab1, tab1 cor0, tab2 AS cor1, tab2 cor2
SELECT + - col0 * + col0 AS col0 FROM tab0 AS cor0
SELECT DISTINCT ( col0 ) FROM tab1
SELECT DISTINCT - 75 AS col0 FROM tab1 AS cor0
SELECT DISTINCT * FROM tab0, tab0 AS cor0, tab2, tab0 AS cor1
SELECT DISTINCT col1 / col1 + - col2 * col1 * + cor0.col2 FROM tab0 AS cor0
SELECT DISTINCT - 59 + + col0 AS col2 FROM tab1
SELECT ALL + + col2 * col2 col1 FROM tab1 AS cor0
SELECT ALL tab2.col0 * - col1 FROM tab2
SELECT - col0 + CAST( NULL AS SIGNED ) AS col1 FROM tab1
SELECT + ( - col1 ) + col1 + 39 col2 FROM tab1 AS cor0
SELECT - 44 * + col2 col2 FROM tab2 AS cor0
SELECT - col0 + + CAST ( NULL AS INTEGER ) + + col2 * col0 FROM tab1 cor0
CREATE TABLE t1(a INTEGER, b INTEGER, c INTEGER, d INTEGER, e INTEGER)
SELECT (SELECT count(*) FROM t1 AS x WHERE x.b<t1.b), (a+b+c+d+e)/5, b FROM t1 ORDER BY 3,1,2
SELECT (SELECT count(*) FROM t1 AS x WHERE x.c>t1.c AND x.d<t1.d), b-c, CASE a+1 WHEN b THEN 111 WHEN c THEN 222 WHEN d THEN 333  WHEN e THEN 444 ELSE 555 END FROM t1 ORDER BY 1,2,3
SELECT e, a+b*2+c*3+d*4, (a+b+c+d+e)/5 FROM t1 ORDER BY 2,3,1
SELECT a+b*2, a-b, a+b*2+c*3+d*4+e*5, (SELECT count(*) FROM t1 AS x WHERE x.c>t1.c AND x.d<t1.d) FROM t1 ORDER BY 1,3,4,2
SELECT d-e, c-d, a+b*2+c*3+d*4+e*5, a+b*2+c*3+d*4, a FROM t1 WHERE (c<=d-2 OR c>=d+2) ORDER BY 1,2,5,3,4
SELECT a+b*2+c*3+d*4+e*5, c FROM t1 WHERE d>e OR (e>c OR e<d) ORDER BY 2,1
SELECT abs(a), a-b, a+b*2+c*3+d*4+e*5, (SELECT count(*) FROM t1 AS x WHERE x.c>t1.c AND x.d<t1.d) FROM t1 ORDER BY 4,2,1,3
SELECT CASE a+1 WHEN b THEN 111 WHEN c THEN 222 WHEN d THEN 333  WHEN e THEN 444 ELSE 555 END, e, d-e, b, c, b-c FROM t1 ORDER BY 3,5,6,2,4,1
SELECT d-e, (SELECT count(*) FROM t1 AS x WHERE x.c>t1.c AND x.d<t1.d) FROM t1 WHERE (a>b-2 AND a<b+2) ORDER BY 1,2
SELECT b, e, (SELECT count(*) FROM t1 AS x WHERE x.b<t1.b), (SELECT count(*) FROM t1 AS x WHERE x.c>t1.c AND x.d<t1.d) FROM t1 ORDER BY 2,3,1,4
SELECT abs(b-c) FROM t1 WHERE a IS NULL AND e+d BETWEEN a+b-10 AND c+130
SELECT abs(a), c, (a+b+c+d+e)/5, CASE WHEN a<b-3 THEN 111 WHEN a<=b THEN 222 WHEN a<b+3 THEN 333 ELSE 444 END FROM t1 WHERE a IS NULL
SELECT (SELECT count(*) FROM t1 AS x WHERE x.b<t1.b), a+b*2, a, b, (SELECT count(*) FROM t1 AS x WHERE x.c>t1.c AND x.d<t1.d), d-e FROM t1 WHERE b>c OR (e>a AND e<b)
SELECT (a+b+c+d+e)/5, c-d, CASE a+1 WHEN b THEN 111 WHEN c THEN 222 WHEN d THEN 333  WHEN e THEN 444 ELSE 555 END, a+b*2+c*3, d-e FROM t1 WHERE a>b AND (e>c OR e<d) AND a IS NULL
SELECT (a+b+c+d+e)/5, CASE WHEN a<b-3 THEN 111 WHEN a<=b THEN 222 WHEN a<b+3 THEN 333 ELSE 444 END FROM t1 WHERE c>d
SELECT CASE WHEN a<b-3 THEN 111 WHEN a<=b THEN 222 WHEN a<b+3 THEN 333 ELSE 444 END, (SELECT count(*) FROM t1 AS x WHERE x.c>t1.c AND x.d<t1.d), (a+b+c+d+e)/5, a FROM t1 WHERE d NOT BETWEEN 110 AND 150 OR d>e OR (a>b-2 AND a<b+2)
SELECT (a+b+c+d+e)/5, CASE WHEN a<b-3 THEN 111 WHEN a<=b THEN 222 WHEN a<b+3 THEN 333 ELSE 444 END, b-c, CASE WHEN c>(SELECT avg(c) FROM t1) THEN a*2 ELSE b*10 END, a+b*2+c*3+d*4+e*5, a+b*2, a+b*2+c*3+d*4 FROM t1
SELECT a+b*2+c*3+d*4, abs(b-c), d-e, abs(a), a, e, c-d FROM t1
SELECT d, CASE WHEN a<b-3 THEN 111 WHEN a<=b THEN 222 WHEN a<b+3 THEN 333 ELSE 444 END, b-c, a+b*2+c*3+d*4 FROM t1 WHERE (e>c OR e<d) AND EXISTS(SELECT 1 FROM t1 AS x WHERE x.b<t1.b) AND b>c
SELECT e, a-b, b-c, b, (a+b+c+d+e)/5 FROM t1 WHERE a>b
SELECT (SELECT count(*) FROM t1 AS x WHERE x.b<t1.b), abs(a), a+b*2+c*3, b-c, (a+b+c+d+e)/5, abs(b-c), c FROM t1 WHERE d NOT BETWEEN 110 AND 150 AND (a>b-2 AND a<b+2) AND a>b ORDER BY 1,3,4,5,6,2,7
INSERT INTO t1(a,c,d,e,b) VALUES(107,106,108,109,105)
SELECT a-b, (a+b+c+d+e)/5, CASE a+1 WHEN b THEN 111 WHEN c THEN 222 WHEN d THEN 333  WHEN e THEN 444 ELSE 555 END, abs(b-c), (SELECT count(*) FROM t1 AS x WHERE x.c>t1.c AND x.d<t1.d), a+b*2, b FROM t1 WHERE (a>b-2 AND a<b+2)
SELECT e, c-d, CASE WHEN a<b-3 THEN 111 WHEN a<=b THEN 222 WHEN a<b+3 THEN 333 ELSE 444 END FROM t1 ORDER BY 1,3
SELECT b, (SELECT count(*) FROM t1 AS x WHERE x.c>t1.c AND x.d<t1.d), a+b*2+c*3, a-b, (a+b+c+d+e)/5, a+b*2+c*3+d*4, abs(b-c) FROM t1 WHERE b>c OR (e>c OR e<d) OR a>b ORDER BY 4,5,3,7,6,1
SELECT (SELECT count(*) FROM t1 AS x WHERE x.c>t1.c AND x.d<t1.d), (a+b+c+d+e)/5, c-d, CASE WHEN c>(SELECT avg(c) FROM t1) THEN a*2 ELSE b*10 END, d, a+b*2+c*3+d*4, abs(a) FROM t1 WHERE (c<=d-2 OR c>=d+2) ORDER BY 3,7
SELECT b-c, b, a+b*2+c*3+d*4 FROM t1 WHERE (a>b-2 AND a<b+2) AND (c<=d-2 OR c>=d+2) AND a>b
SELECT (SELECT count(*) FROM t1 AS x WHERE x.b<t1.b), d-e, CASE WHEN a<b-3 THEN 111 WHEN a<=b THEN 222 WHEN a<b+3 THEN 333 ELSE 444 END, a+b*2+c*3+d*4, e FROM t1
SELECT a+b*2+c*3, CASE a+1 WHEN b THEN 111 WHEN c THEN 222 WHEN d THEN 333  WHEN e THEN 444 ELSE 555 END, a+b*2+c*3+d*4+e*5, a-b, (SELECT count(*) FROM t1 AS x WHERE x.c>t1.c AND x.d<t1.d), d FROM t1 WHERE d NOT BETWEEN 110 AND 150 OR (e>a AND e<b)
SELECT d-e FROM t1 ORDER BY 1
