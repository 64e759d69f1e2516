/**
 * Type coercion while binding: the common type two operands are compared in, the result type
 * of CASE/COALESCE branches and set-operation columns, and the casts that bring expressions and
 * whole query outputs to a type. Errors: 42883 no such operator, 42804 types cannot be matched.
 */
import type * as A from '../../sql/ast.ts';
import { DbError } from '../../errors/db-error.ts';
import { SqlState } from '../../errors/sqlstate.ts';
import { type DataType, typeName } from '../../types/data-type.ts';
import { castValue } from '../../types/cast-value.ts';
import { commonSupertype } from '../../types/cast-rules.ts';
import type { BoundExpr, CmpOp, LogicalPlan } from '../logical.ts';
import { bindLiteral } from './fold.ts';
import type { AggState, BinderApi, BoundQuery, CteScope, Scope } from './context.ts';

/** Wraps an expression in a cast to `t` unless it already has that type. Constants fold. */
export function castTo(e: BoundExpr, t: DataType): BoundExpr {
  if (e.type === t) return e;
  if (e.kind === 'const') {
    if (e.value === null) return { kind: 'const', type: t, value: null };
    return { kind: 'const', type: t, value: castValue(e.value, e.type, t) };
  }
  if (e.kind === 'param') return { kind: 'cast', type: t, arg: e, maxLength: null };
  return { kind: 'cast', type: t, arg: e, maxLength: null };
}

/** Projects a bound query's columns to the given types (identity when equal). */
export function castOutputs(binder: BinderApi, b: BoundQuery, types: readonly DataType[]): LogicalPlan {
  let same = true;
  for (let i = 0; i < types.length; i++) if (b.types[i] !== types[i]) same = false;
  if (same) return b.plan;
  const exprs: BoundExpr[] = b.ids.map((id, i) => castTo({ kind: 'col', type: b.types[i]!, id }, types[i]!));
  const ids = types.map((t, i) => binder.newId(b.names[i]!, t));
  return { kind: 'project', input: b.plan, exprs, ids };
}

/** Common type of two result columns, or 42804. */
export function unify(a: DataType, b: DataType, ctxName: string, pos: number): DataType {
  if (a === b) return a;
  const t = commonSupertype(a, b);
  if (t === null) {
    throw new DbError(SqlState.DATATYPE_MISMATCH, `${ctxName} types ${typeName(a)} and ${typeName(b)} cannot be matched`, { position: pos + 1 });
  }
  return t;
}

/**
 * The type an operator computes in for two numeric operand types: their common supertype,
 * except that real with any other numeric type is double precision (PostgreSQL's operator
 * resolution prefers float8: `1 + 1::real` and `1.5 < 1::real` are double precision).
 */
export function operatorType(a: DataType, b: DataType): DataType | null {
  const t = commonSupertype(a, b);
  return t === 'real' && a !== b && a !== 'null' && b !== 'null' ? 'double' : t;
}

/** The common type two operands are compared in, or 42883. */
export function compareType(a: DataType, b: DataType, op: string, pos: number): DataType {
  if (a === b) return a;
  if (a === 'null') return b;
  if (b === 'null') return a;
  const t = operatorType(a, b);
  if (t === null) throw opError(op, a, b, pos);
  return t;
}

/** Result type of CASE/COALESCE branches: untyped string literals adopt the other type. */
export function resultType(acc: DataType, e: BoundExpr, what: string, pos: number): DataType {
  if (acc === 'null') return e.type;
  if (e.type === 'null' || e.type === acc) return acc;
  const t = commonSupertype(acc, e.type);
  if (t === null) {
    throw new DbError(SqlState.DATATYPE_MISMATCH, `${what} types ${typeName(acc)} and ${typeName(e.type)} cannot be matched`, { position: pos + 1 });
  }
  return t;
}

/** Builds `left op right` with type coercion. */
export function makeCompare(op: CmpOp, left: BoundExpr, right: BoundExpr, pos: number): BoundExpr {
  const t = compareType(left.type, right.type, op, pos);
  return { kind: 'cmp', type: 'boolean', op, left: castTo(left, t), right: castTo(right, t) };
}

/**
 * Binds the two operands of a comparison and casts both to the type they compare in (a
 * parameter or an untyped string literal on the left takes the right side's type).
 * Goes through `binder.bindExpr` (this file sits below `expr.ts`); `leftBound` is the left side
 * when the caller bound it already (each expression is bound once).
 */
export function bindPair(binder: BinderApi, le: A.Expr, re: A.Expr, scope: Scope, ctes: CteScope | null, agg: AggState | null, op: string, pos: number, noAgg?: string,
  leftBound?: BoundExpr): [BoundExpr, BoundExpr] {
  let l = leftBound ?? binder.bindExpr(le, scope, ctes, agg, undefined, noAgg);
  const r = binder.bindExpr(re, scope, ctes, agg, l.type === 'null' ? undefined : l.type, noAgg);
  if (l.kind === 'param' && r.type !== 'null' && binder.paramTypes[l.index] === undefined) {
    binder.paramTypes[l.index] = r.type;
    l = { ...l, type: r.type };
  }
  if ((l.kind === 'const' && l.type === 'text' && (le as A.LiteralExpr).type === 'string') && r.type !== 'text' && r.type !== 'null') {
    l = bindLiteral(le as A.LiteralExpr, r.type);
  }
  const t = compareType(l.type, r.type, op, pos);
  return [castTo(l, t), castTo(r, t)];
}

/** The 42883 error for an operator no operand types match, with PostgreSQL's hint. */
export function opError(op: string, a: DataType | null, b: DataType, pos: number): DbError {
  const desc = a === null ? `${op} ${typeName(b)}` : `${typeName(a)} ${op} ${typeName(b)}`;
  return new DbError(SqlState.UNDEFINED_FUNCTION, `operator does not exist: ${desc}`, {
    position: pos + 1, hint: 'No operator matches the given name and argument types. You might need to add explicit type casts.',
  });
}
