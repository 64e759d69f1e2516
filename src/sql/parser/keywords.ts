/**
 * Word lists of the SQL grammar: reserved words, words that never start a bare alias, and
 * the special functions written without parentheses. Shared by the parser and `to-sql.ts`
 * (which quotes reserved words and prints the parenthesis-free functions bare).
 */

/**
 * Words that cannot be a column name, a bare (AS-less) alias or a function name:
 * PostgreSQL's reserved and type/function-name keywords (but `user` is an ordinary word here).
 */
export const RESERVED: ReadonlySet<string> = new Set([
  'all', 'analyse', 'analyze', 'and', 'any', 'array', 'as', 'asc', 'asymmetric', 'both', 'case', 'cast',
  'check', 'collate', 'column', 'constraint', 'create', 'current_catalog', 'current_date', 'current_role',
  'current_time', 'current_timestamp', 'current_user', 'default', 'deferrable', 'desc', 'distinct', 'do',
  'else', 'end', 'except', 'false', 'fetch', 'for', 'foreign', 'from', 'grant', 'group', 'having', 'in',
  'initially', 'intersect', 'into', 'lateral', 'leading', 'limit', 'localtime', 'localtimestamp', 'not',
  'null', 'offset', 'on', 'only', 'or', 'order', 'placing', 'primary', 'references', 'returning', 'select',
  'session_user', 'some', 'symmetric', 'system_user', 'table', 'then', 'to', 'trailing', 'true', 'union',
  'unique', 'using', 'variadic', 'when', 'where', 'window', 'with',
  // type_func_name keywords
  'authorization', 'binary', 'collation', 'concurrently', 'cross', 'current_schema', 'freeze', 'full',
  'ilike', 'inner', 'is', 'isnull', 'join', 'left', 'like', 'natural', 'notnull', 'outer', 'overlaps',
  'right', 'similar', 'tablesample', 'verbose',
]);

/** Words never taken as an AS-less alias (they continue the expression or clause). */
export const NOT_BARE_ALIAS: ReadonlySet<string> = new Set(['between', 'escape', 'over', 'filter', 'within']);

/** Special functions that may be written without parentheses. */
export const NO_PAREN_FUNCS: ReadonlySet<string> = new Set([
  'current_date', 'current_time', 'current_timestamp', 'current_user', 'current_role', 'session_user',
  'localtime', 'localtimestamp', 'current_catalog', 'current_schema', 'system_user',
]);

const EXTRACT_FIELDS_OK = /^[a-z_]+$/;

/** True when `s` can be printed as an `EXTRACT(<field> FROM …)` field. */
export function isExtractField(s: string): boolean {
  return EXTRACT_FIELDS_OK.test(s);
}
