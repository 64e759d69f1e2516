/**
 * Operator binding powers of the Pratt expression parser (`../expressions.ts`), PostgreSQL's
 * precedence table; `to-sql.ts` uses the same numbers to decide where parentheses go.
 *
 * Binding powers, lowest to highest:
 *
 * | bp | operators |
 * |----|-----------|
 * | 1  | OR |
 * | 2  | AND |
 * | 3  | NOT (prefix) |
 * | 4  | IS, ISNULL, NOTNULL |
 * | 5  | = <> < > <= >= |
 * | 6  | [NOT] BETWEEN / IN / LIKE / ILIKE |
 * | 7  | other operators: `\|\|` -> ->> & \| << >> |
 * | 8  | + - |
 * | 9  | * / % |
 * | 10 | unary + - ~ |
 * | 11 | :: |
 */

/** Operator binding powers (see the module comment). */
export const Prec = {
  Or: 1,
  And: 2,
  Not: 3,
  Is: 4,
  Compare: 5,
  Like: 6,
  Other: 7,
  Add: 8,
  Mul: 9,
  Unary: 10,
  Cast: 11,
  Primary: 12,
} as const;
