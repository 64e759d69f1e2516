/**
 * The SQL front end: {@link parse} a script, {@link parseStatement} one statement,
 * {@link toSql} to print a tree back.
 *
 * @example
 * ```ts
 * import { parseStatement, toSql } from './sql/index.ts';
 * toSql(parseStatement('select * from T where A = 1')) // 'SELECT * FROM t WHERE a = 1'
 * ```
 */
export { parse, parseStatement, parseExpression } from './parser.ts';
export { toSql, quoteIdent, quoteString } from './to-sql.ts';
export { tokenize, TokenKind, sqlError } from './lexer.ts';
export type { Token } from './lexer.ts';
export type * from './ast.ts';
