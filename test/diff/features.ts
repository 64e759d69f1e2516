/**
 * Feature switches of the generator. Every construct the generator can emit sits behind one
 * switch, so a construct that InkDB gets wrong today can be turned off (see diff.test.ts) and a
 * construct InkDB does not have yet (NUMERIC, `= ANY (subquery)`) can be turned on when it lands.
 */

/** Every switch with a one-line description and whether it is on by default. */
export const FEATURES = {
  // schema and data
  primary_keys: [true, 'PRIMARY KEY columns'],
  unique: [true, 'UNIQUE constraints'],
  not_null: [true, 'NOT NULL columns'],
  defaults: [true, 'DEFAULT values on columns'],
  indexes: [true, 'CREATE [UNIQUE] INDEX … [USING hash|btree]'],
  real_type: [true, 'REAL columns (dyadic data only: InkDB keeps REAL as double)'],
  json_type: [true, 'JSON columns, literals, -> and ->>, json functions'],
  bytea_type: [true, 'BYTEA columns and literals'],
  bytea_concat: [true, 'bytea || bytea'],
  uuid_type: [true, 'UUID columns and literals'],
  timestamp_type: [true, 'TIMESTAMP columns and literals'],
  date_type: [true, 'DATE columns and literals'],
  unicode_text: [true, 'non-ASCII strings (é, 日本, astral emoji, fullwidth ｆ) in data and literals'],
  special_casing: [true, 'strings whose full and simple case mappings differ (ﬀ, ǅ, ᾳ, final Σ, İ): both engines map one-to-one'],
  numeric: [true, 'NUMERIC columns and bare decimal literals'],
  float_specials: [false, "'NaN' and 'Infinity' float values"],
  extreme_values: [true, 'integer type limits and far dates in data'],
  // joins and FROM
  join_inner: [true, 'INNER JOIN … ON'],
  join_left: [true, 'LEFT JOIN'],
  join_right: [true, 'RIGHT JOIN'],
  join_full: [true, 'FULL JOIN (equality conditions)'],
  join_cross: [true, 'CROSS JOIN'],
  join_using: [true, 'JOIN … USING (…)'],
  join_natural: [true, 'NATURAL JOIN'],
  comma_join: [true, 'FROM a, b'],
  using_after_comma: [true, 'FROM a, b JOIN c USING (…) / NATURAL JOIN'],
  derived_table: [true, 'FROM (SELECT …) AS d(…)'],
  values_table: [true, 'FROM (VALUES …) AS v(…)'],
  generate_series: [true, 'FROM generate_series(a, b) AS g(v)'],
  cte: [true, 'WITH c AS (…)'],
  cte_recursive: [true, 'WITH RECURSIVE with bounded depth'],
  // subqueries
  scalar_subquery: [true, 'scalar subqueries'],
  exists_subquery: [true, 'EXISTS / NOT EXISTS'],
  in_subquery: [true, 'IN (subquery)'],
  not_in_subquery: [true, 'NOT IN (subquery)'],
  any_all_subquery: [true, '= ANY / < ALL (subquery)'],
  correlated: [true, 'correlated references in subqueries'],
  correlated_derived: [true, 'correlated references to columns of derived tables, views, CTEs, VALUES'],
  in_derived_scope: [true, '[NOT] IN (subquery) in a query whose FROM has a derived table, view, CTE or VALUES'],
  subquery_in_select: [true, 'subqueries in the SELECT list'],
  subquery_in_having: [true, 'subqueries in HAVING'],
  subquery_in_on: [true, 'subqueries in JOIN … ON'],
  // set operations
  union: [true, 'UNION [ALL]'],
  intersect: [true, 'INTERSECT [ALL]'],
  except: [true, 'EXCEPT [ALL]'],
  // aggregation
  aggregates: [true, 'aggregate functions'],
  agg_distinct: [true, 'aggregate(DISTINCT …)'],
  agg_filter: [true, 'aggregate FILTER (WHERE …)'],
  string_agg: [true, 'string_agg(… ORDER BY …)'],
  group_by: [true, 'GROUP BY'],
  group_by_expr: [true, 'GROUP BY on expressions (not only columns)'],
  group_key_bytea: [true, 'GROUP BY expressions containing a bytea constant'],
  group_key_andor: [true, 'GROUP BY expressions containing AND / OR'],
  having: [true, 'HAVING'],
  // windows
  window: [true, 'window functions'],
  window_value_fns: [true, 'lag/lead/first_value/last_value/nth_value/ntile/row_number'],
  frame_rows: [true, 'ROWS BETWEEN frames'],
  frame_range: [true, 'RANGE BETWEEN UNBOUNDED/CURRENT frames'],
  frame_groups: [true, 'GROUPS BETWEEN frames'],
  // select shape
  distinct: [true, 'SELECT DISTINCT'],
  distinct_on: [true, 'SELECT DISTINCT ON (…)'],
  order_by: [true, 'ORDER BY'],
  limit_offset: [true, 'LIMIT / OFFSET (with a total ORDER BY)'],
  limit_zero: [true, 'LIMIT 0'],
  order_by_ordinal: [true, 'ORDER BY 1, 2'],
  nulls_order: [true, 'NULLS FIRST / NULLS LAST'],
  // expressions
  loose_parens: [true, "operators without redundant parentheses (a || b = c): tests operator precedence"],
  case_expr: [true, 'CASE'],
  coalesce: [true, 'COALESCE'],
  nullif: [true, 'NULLIF'],
  greatest_least: [true, 'GREATEST / LEAST'],
  casts: [true, 'CAST between types'],
  like: [true, 'LIKE / NOT LIKE'],
  ilike: [true, 'ILIKE'],
  like_escape: [true, "LIKE … ESCAPE '!'"],
  like_column_pattern: [true, 'LIKE with a column as the pattern'],
  like_dash: [true, "LIKE patterns containing '-'"],
  between: [true, 'BETWEEN [SYMMETRIC]'],
  in_list: [true, 'IN (…) / NOT IN (…) lists'],
  is_distinct: [true, 'IS [NOT] DISTINCT FROM'],
  is_bool: [true, 'IS [NOT] TRUE/FALSE/UNKNOWN'],
  string_funcs: [true, 'string functions'],
  concat_nontext: [true, "text || integer (e.g. 'ba' || i)"],
  concat_bool: [true, 'concat() with boolean arguments'],
  varchar_astral: [true, 'characters outside the BMP (emoji) written to VARCHAR(n) columns'],
  regexp: [true, 'regexp_replace / regexp_like with simple patterns'],
  pathological_patterns: [true, "long strings with LIKE '%a%a…%b' and regexps like '^(a+)+$' (backtracking blow-up)"],
  math_funcs: [true, 'abs/mod/round/trunc/ceil/floor/sign/sqrt/power/width_bucket'],
  round_float: [true, 'round(double precision)'],
  transcendental: [true, 'exp/ln/log/sin/cos/… (SELECT list only)'],
  bit_ops: [true, '& | << >> ~ on integers'],
  xor_op: [false, '# (integer XOR; not in docs/SQL.md)'],
  date_arith: [true, 'date ± integer, date − date'],
  date_funcs: [true, 'make_date, make_timestamp, date_trunc'],
  extract: [true, 'EXTRACT / date_part'],
  to_char: [true, 'to_char with simple formats'],
  float_text_cast: [true, 'CAST(double AS TEXT)'],
  date_text_cast: [true, 'CAST(date/timestamp AS TEXT)'],
  text_date_compare: [true, "date column compared with an untyped string literal"],
  date_ts_compare: [true, 'date compared with timestamp'],
  int_float_cast: [true, 'CAST(double AS INTEGER)'],
  // statements
  dml: [true, 'INSERT / UPDATE / DELETE steps'],
  insert_select: [true, 'INSERT … SELECT'],
  on_conflict: [true, 'INSERT … ON CONFLICT'],
  returning: [true, 'RETURNING'],
  update_returning: [true, 'UPDATE … RETURNING'],
  returning_from: [true, 'UPDATE … FROM … RETURNING referencing the FROM item'],
  transactions: [true, 'BEGIN … COMMIT / ROLLBACK'],
  update_from: [true, 'UPDATE … FROM (grouped derived table)'],
  delete_using: [true, 'DELETE … USING'],
  update_unique: [true, 'UPDATE of PRIMARY KEY / UNIQUE columns (to constants)'],
  views: [true, 'CREATE VIEW and queries over views'],
  repeat_shape: [true, 'a query followed by the same query with other integer literals (statement-cache reuse)'],
  error_statements: [true, 'statements that must fail (constraint violations, division by zero)'],
  // oracles (InkDB alone)
  tlp: [true, 'ternary logic partitioning oracle'],
  norec: [true, 'NoREC oracle'],
} as const satisfies Record<string, readonly [boolean, string]>;

/** A feature name. */
export type Feature = keyof typeof FEATURES;

/** The set of enabled features. */
export type Features = ReadonlySet<Feature>;

/** Every feature name. */
export const ALL_FEATURES = Object.keys(FEATURES) as Feature[];

/** The default feature set (everything that is on by default), minus `off`, plus `on`. */
export function featureSet(off: readonly Feature[] = [], on: readonly Feature[] = []): Features {
  const s = new Set<Feature>();
  for (const f of ALL_FEATURES) if (FEATURES[f][0]) s.add(f);
  for (const f of off) s.delete(f);
  for (const f of on) s.add(f);
  return s;
}

/** Parses a comma-separated list of feature names; throws on an unknown name. */
export function parseFeatures(list: string): Feature[] {
  const out: Feature[] = [];
  for (const raw of list.split(',')) {
    const name = raw.trim();
    if (name === '') continue;
    if (!(name in FEATURES)) throw new Error(`unknown feature ${name}`);
    out.push(name as Feature);
  }
  return out;
}
