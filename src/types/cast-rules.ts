/**
 * Which casts exist between InkDB's SQL types: explicit (`CAST`), implicit (operators, function
 * arguments, UNION branches) and the common supertype two values are converted to when combined,
 * following PostgreSQL's rules.
 */
import { isIntegerType, isNumericType } from './data-type.ts';
import type { DataType } from './data-type.ts';

/** Rank of numeric types for widening: smallint < integer < bigint < numeric < real < double. */
function numericRank(t: DataType): number {
  switch (t) {
    case 'smallint': return 1;
    case 'integer': return 2;
    case 'bigint': return 3;
    case 'numeric': return 4;
    case 'real': return 5;
    case 'double': return 6;
    default: return 0;
  }
}

/**
 * True when an explicit `CAST(x AS to)` from `from` exists (PostgreSQL's explicit casts plus
 * I/O conversion: every type casts to and from text).
 *
 * @example
 * ```ts
 * canCast('boolean', 'integer'); // true
 * canCast('boolean', 'date');    // false → CAST fails with 42846
 * ```
 */
export function canCast(from: DataType, to: DataType): boolean {
  if (from === to || from === 'null') return true;
  if (to === 'null') return false;
  if (to === 'text' || from === 'text') return true;
  if (isNumericType(from) && isNumericType(to)) return true;
  if (from === 'boolean' && isIntegerType(to)) return true;
  if (isIntegerType(from) && to === 'boolean') return true;
  if ((from === 'date' && to === 'timestamp') || (from === 'timestamp' && to === 'date')) return true;
  // jsonb-style scalar casts: '1'::json::int, 'true'::json::boolean.
  if (from === 'json' && (to === 'boolean' || isNumericType(to))) return true;
  return false;
}

/**
 * True when a value of `from` may be converted to `to` without an explicit CAST (operators,
 * function arguments, UNION branches): NULL to anything, numeric widening
 * (smallint → integer → bigint → numeric → real → double), date → timestamp, json/uuid → text.
 * Untyped string literals are the binder's business (they adopt the other side's type).
 *
 * @example
 * ```ts
 * implicitCastAllowed('integer', 'double'); // true
 * implicitCastAllowed('double', 'integer'); // false
 * ```
 */
export function implicitCastAllowed(from: DataType, to: DataType): boolean {
  if (from === to || from === 'null') return true;
  const rf = numericRank(from);
  const rt = numericRank(to);
  if (rf > 0 && rt > 0) return rf <= rt;
  if (from === 'date' && to === 'timestamp') return true;
  if ((from === 'json' || from === 'uuid') && to === 'text') return true;
  return false;
}

/**
 * The type two values are converted to when combined (CASE branches, UNION columns,
 * comparison operands, greatest/least), PostgreSQL-like: NULL adopts the other type; numeric
 * types widen (smallint < integer < bigint < numeric < real < double); date with timestamp →
 * timestamp; anything else has no common type (null → 42804 / 42883 upstream) — json and uuid
 * do not mix with text without a cast, as in PostgreSQL.
 *
 * @example
 * ```ts
 * commonSupertype('integer', 'double'); // 'double'
 * commonSupertype('text', 'integer');   // null
 * ```
 */
export function commonSupertype(a: DataType, b: DataType): DataType | null {
  if (a === b) return a;
  if (a === 'null') return b;
  if (b === 'null') return a;
  const ra = numericRank(a);
  const rb = numericRank(b);
  if (ra > 0 && rb > 0) return ra >= rb ? a : b;
  if ((a === 'date' && b === 'timestamp') || (a === 'timestamp' && b === 'date')) return 'timestamp';
  return null;
}
