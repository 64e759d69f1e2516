/**
 * Constant folding while binding: literals become typed constants (untyped string literals
 * take the type the context expects, as PostgreSQL's "unknown"), and casts, negation and
 * single-argument AND/OR of constants are evaluated at bind time. Errors carry the position
 * of the literal (22P02 invalid input, 22003 out of range).
 */
import type * as A from '../../sql/ast.ts';
import { DbError } from '../../errors/db-error.ts';
import { SqlState } from '../../errors/sqlstate.ts';
import type { DataType } from '../../types/data-type.ts';
import { castValue } from '../../types/cast-value.ts';
import { firstChars } from '../../types/char-length.ts';
import { applyNumericTypmod, canonicalNumericText, formatNumeric, parseNumeric } from '../../types/numeric-value.ts';
import type { BoundExpr } from '../logical.ts';

/**
 * Binds a literal; `expected` types untyped string literals (PostgreSQL's "unknown"). Integer
 * literals are integer, bigint beyond int32, numeric beyond int64; decimal literals (`2.5`,
 * `1e3`) are numeric, as in PostgreSQL.
 */
export function bindLiteral(e: A.LiteralExpr, expected?: DataType): BoundExpr {
  switch (e.type) {
    case 'null': return { kind: 'const', type: 'null', value: null };
    case 'boolean': return { kind: 'const', type: 'boolean', value: e.value as boolean };
    case 'integer': {
      const v = e.value;
      if (typeof v === 'bigint') {
        if (v >= -(2n ** 63n) && v < 2n ** 63n) return { kind: 'const', type: 'bigint', value: v };
        return { kind: 'const', type: 'numeric', value: String(v) };
      }
      const n = v as number;
      if (n >= -2147483648 && n <= 2147483647) return { kind: 'const', type: 'integer', value: n };
      if (Number.isSafeInteger(n)) return { kind: 'const', type: 'bigint', value: BigInt(n) };
      return { kind: 'const', type: 'numeric', value: canonicalNumericText(e.raw ?? String(n)) };
    }
    case 'decimal':
      try {
        return { kind: 'const', type: 'numeric', value: canonicalNumericText(e.raw ?? String(e.value)) };
      } catch (err) {
        if (err instanceof DbError && err.position === undefined) err.position = e.pos + 1;
        throw err;
      }
    case 'string': {
      const s = e.value as string;
      if (expected !== undefined && expected !== 'text' && expected !== 'null' && expected !== 'boolean' || expected === 'boolean') {
        try {
          return { kind: 'const', type: expected, value: castValue(s, 'text', expected) };
        } catch (err) {
          if (err instanceof DbError && err.position === undefined) err.position = e.pos + 1;
          throw err;
        }
      }
      return { kind: 'const', type: 'text', value: s };
    }
  }
}

/** Folds a cast of a constant (truncating to `maxLength`, applying a numeric typmod); drops a cast to the same type. */
export function foldCast(e: BoundExpr & { kind: 'cast' }, pos: number): BoundExpr {
  const a = e.arg;
  if (a.kind === 'const') {
    try {
      if (a.value === null) return { kind: 'const', type: e.type, value: null };
      let v = castValue(a.value, a.type, e.type);
      if (e.maxLength !== null && typeof v === 'string') v = firstChars(v, e.maxLength);
      if (e.typmod !== undefined && v !== null) v = formatNumeric(applyNumericTypmod(parseNumeric(v as string), e.typmod));
      return { kind: 'const', type: e.type, value: v };
    } catch (err) {
      // a value that does not convert (22xxx) fails when the cast runs, as PostgreSQL's
      // planner-time folding does: not while binding (CREATE VIEW stores such a view)
      if (err instanceof DbError && err.code.startsWith('22')) return e;
      if (err instanceof DbError && err.position === undefined) err.position = pos + 1;
      throw err;
    }
  }
  if (a.type === e.type && e.maxLength === null && e.typmod === undefined) return a;
  return e;
}

/** Negates a numeric constant (22003 when the result is out of range). */
export function foldNeg(a: BoundExpr & { kind: 'const' }, pos: number): BoundExpr {
  const v = a.value;
  if (typeof v === 'number') {
    if (a.type === 'integer' && v === -2147483648) throw new DbError(SqlState.NUMERIC_VALUE_OUT_OF_RANGE, 'integer out of range', { position: pos + 1 });
    if (a.type === 'integer' && v === 2147483648) return { kind: 'const', type: 'integer', value: -2147483648 };
    // integers have no -0; doubles do (-(0.0::float8) prints -0, as in PostgreSQL)
    return { kind: 'const', type: a.type, value: v === 0 && a.type !== 'double' && a.type !== 'real' ? 0 : -v };
  }
  if (a.type === 'numeric' && typeof v === 'string') {
    const s = v.charCodeAt(0) === 45 ? v.slice(1) : v === 'NaN' || /^0(?:\.0*)?$/.test(v) ? v : '-' + v;
    return { kind: 'const', type: 'numeric', value: s };
  }
  if (typeof v === 'bigint') {
    const r = -v;
    if (r === -(2n ** 63n) - 0n && a.type === 'bigint' && v === 2n ** 63n) return { kind: 'const', type: 'bigint', value: r };
    if (r >= 2n ** 63n) throw new DbError(SqlState.NUMERIC_VALUE_OUT_OF_RANGE, 'bigint out of range', { position: pos + 1 });
    if (r >= -2147483648n && r <= 2147483647n && a.type === 'bigint' && v === 2147483648n) return { kind: 'const', type: 'integer', value: Number(r) };
    return { kind: 'const', type: a.type, value: r };
  }
  return { kind: 'neg', type: a.type, arg: a };
}

/** AND/OR of a single argument is that argument. */
export function foldLogic(e: BoundExpr & { kind: 'and' | 'or' }): BoundExpr {
  if (e.args.length === 1) return e.args[0]!;
  return e;
}
