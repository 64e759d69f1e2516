/**
 * The SQL abstract syntax tree: one closed union per category, each node a frozen-shape
 * plain object with a `kind` discriminant and `pos`, the 0-based offset of its first
 * character in the statement text. Identifiers are already case-folded (lower case
 * unless quoted). The parser builds these, `to-sql.ts` prints them back, the binder
 * (`plan/binder.ts`) consumes them.
 *
 * The nodes live in `ast/`: `query.ts` (expressions and queries, which nest each other),
 * `ddl.ts` (schema statements) and `statements.ts` (the `Statement` union and the rest).
 * This file is the one vocabulary's entry: `import type * as A from '../sql/ast.ts'`.
 */
import type { TypeSpec } from '../types/data-type.ts';

export type { TypeSpec };
export type * from './ast/query.ts';
export type * from './ast/ddl.ts';
export type * from './ast/statements.ts';
