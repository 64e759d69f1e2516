/**
 * Scalar expressions: literals and parameters (typed by context), column references,
 * operators (comparison, AND/OR, arithmetic incl. date arithmetic, bit operators, `||`,
 * JSON `->`/`->>`), IS [NOT] NULL/TRUE/DISTINCT FROM, BETWEEN, IN, LIKE, CASE, CAST and
 * subqueries (scalar, EXISTS, IN) with their correlation. Function calls go to `functions.ts`.
 */
import { JSON_PART } from '../../exec/expr/functions/json-lazy.ts';
import type * as A from '../../sql/ast.ts';
import { DbError } from '../../errors/db-error.ts';
import { SqlState } from '../../errors/sqlstate.ts';
import { type DataType, isIntegerType, isNumericType, isStringType, typeName } from '../../types/data-type.ts';
import { canCast } from '../../types/cast-rules.ts';
import type { BoundExpr } from '../logical.ts';
import { withShared } from '../plan-tree.ts';
import type { AggState, BinderApi, BoundQuery, CteScope, Scope } from './context.ts';
import { bindPair, castOutputs, castTo, compareType, makeCompare, opError, operatorType, resultType } from './coerce.ts';
import { bindLiteral, foldCast, foldLogic, foldNeg } from './fold.ts';
import { bindFunc } from './functions.ts';
import { bindColumn } from './scope.ts';

/** Binds a boolean condition (WHERE, ON, HAVING). */
export function bindPredicate(binder: BinderApi, e: A.Expr, scope: Scope, ctes: CteScope | null, clause: string, agg: AggState | null = null): BoundExpr {
  const where = clause === 'WHERE' || clause === 'JOIN/ON';
  const b = bindExpr(binder, e, scope, ctes, where ? null : agg, 'boolean', where ? clause : undefined);
  if (b.type !== 'boolean' && b.type !== 'null') {
    throw new DbError(SqlState.DATATYPE_MISMATCH, `argument of ${clause} must be type boolean, not type ${typeName(b.type)}`, { position: e.pos + 1 });
  }
  return b.type === 'null' ? { kind: 'const', type: 'boolean', value: null } : b;
}

/**
 * Binds an expression. `agg` is the aggregation state when aggregates are allowed (select
 * list, HAVING, ORDER BY); `expected` types untyped literals and parameters.
 */
export function bindExpr(binder: BinderApi, e: A.Expr, scope: Scope, ctes: CteScope | null, agg: AggState | null, expected?: DataType, noAggClause?: string): BoundExpr {
  switch (e.kind) {
    case 'literal': {
      const slot = binder.ctx.literalParams?.get(e);
      if (slot === undefined) return bindLiteral(e, expected);
      if (binder.paramTypes.length <= slot) binder.paramTypes.length = slot + 1;
      if (e.type === 'string') {
        const t = expected !== undefined && expected !== 'null' ? expected : undefined;
        if (t !== undefined) binder.paramTypes[slot] = t;
        return { kind: 'param', type: t ?? 'text', index: slot };
      }
      const lit = bindLiteral(e);
      binder.paramTypes[slot] = lit.type;
      return { kind: 'param', type: lit.type, index: slot };
    }
    case 'param': {
      if (e.index < 1 || e.index > 65535) throw new DbError(SqlState.UNDEFINED_PARAMETER, `there is no parameter $${e.index}`, { position: e.pos + 1 });
      if (binder.paramTypes.length <= e.index) binder.paramTypes.length = e.index + 1;
      const known = binder.paramTypes[e.index];
      const t = known ?? (expected !== undefined && expected !== 'null' ? expected : undefined);
      if (t !== undefined && known === undefined) binder.paramTypes[e.index] = t;
      if (t === undefined) {
        // untyped so far: this occurrence is text, whatever a later one makes the parameter
        const types = binder.paramTypes, index = e.index;
        return { kind: 'param', type: 'text', index, finalType: () => types[index] };
      }
      return { kind: 'param', type: t, index: e.index };
    }
    case 'column': return bindColumn(binder, e, scope);
    case 'star':
      throw new DbError(SqlState.SYNTAX_ERROR, 'syntax error at or near "*"', { position: e.pos + 1 });
    case 'unary': {
      const a = bindExpr(binder, e.operand, scope, ctes, agg, e.op === 'NOT' ? 'boolean' : expected, noAggClause);
      if (e.op === 'NOT') {
        if (a.type !== 'boolean' && a.type !== 'null') throw new DbError(SqlState.DATATYPE_MISMATCH, `argument of NOT must be type boolean, not type ${typeName(a.type)}`, { position: e.pos + 1 });
        return { kind: 'not', type: 'boolean', arg: castTo(a, 'boolean') };
      }
      if (e.op === '~') {
        if (!isIntegerType(a.type) && a.type !== 'null') throw opError('~', null, a.type, e.pos);
        const t = a.type === 'null' ? 'integer' : a.type;
        return { kind: 'bitop', type: t, op: '~', left: castTo(a, t), right: null };
      }
      if (!isNumericType(a.type) && a.type !== 'null') throw opError(e.op, null, a.type, e.pos);
      if (e.op === '+') return a;
      if (a.kind === 'const' && a.value !== null) return foldNeg(a, e.pos);
      return { kind: 'neg', type: a.type === 'null' ? 'integer' : a.type, arg: a };
    }
    case 'binary': return bindBinary(binder, e, scope, ctes, agg, noAggClause);
    case 'is_null': {
      const a = bindExpr(binder, e.operand, scope, ctes, agg, undefined, noAggClause);
      return { kind: 'is_null', type: 'boolean', arg: a, negated: e.negated };
    }
    case 'is_bool': {
      const a = bindExpr(binder, e.operand, scope, ctes, agg, 'boolean', noAggClause);
      if (a.type !== 'boolean' && a.type !== 'null') throw new DbError(SqlState.DATATYPE_MISMATCH, `argument of IS ${e.value === null ? 'UNKNOWN' : e.value ? 'TRUE' : 'FALSE'} must be type boolean, not type ${typeName(a.type)}`, { position: e.pos + 1 });
      return { kind: 'is_bool', type: 'boolean', arg: castTo(a, 'boolean'), value: e.value, negated: e.negated };
    }
    case 'is_distinct': {
      const [l, r] = bindPair(binder, e.left, e.right, scope, ctes, agg, 'IS DISTINCT FROM', e.pos, noAggClause);
      return { kind: 'distinct_from', type: 'boolean', left: l, right: r, negated: e.negated };
    }
    case 'between': {
      const x0 = bindExpr(binder, e.operand, scope, ctes, agg, undefined, noAggClause);
      const lo0 = bindExpr(binder, e.low, scope, ctes, agg, x0.type, noAggClause);
      const hi0 = bindExpr(binder, e.high, scope, ctes, agg, x0.type, noAggClause);
      // x is compared twice (lo and hi too, with SYMMETRIC): complex operands are computed once
      return withShared(e.symmetric ? [x0, lo0, hi0] : [x0], ([x, lo = lo0, hi = hi0]) => {
        let res: BoundExpr;
        if (e.symmetric) {
          const a1 = makeCompare('>=', x!, lo, e.pos), b1 = makeCompare('<=', x!, hi, e.pos);
          const a2 = makeCompare('>=', x!, hi, e.pos), b2 = makeCompare('<=', x!, lo, e.pos);
          res = { kind: 'or', type: 'boolean', args: [{ kind: 'and', type: 'boolean', args: [a1, b1] }, { kind: 'and', type: 'boolean', args: [a2, b2] }] };
        } else {
          res = { kind: 'and', type: 'boolean', args: [makeCompare('>=', x!, lo, e.pos), makeCompare('<=', x!, hi, e.pos)] };
        }
        return e.negated ? { kind: 'not', type: 'boolean', arg: res } : res;
      });
    }
    case 'in_list': {
      const x = bindExpr(binder, e.operand, scope, ctes, agg, undefined, noAggClause);
      if (e.list.length === 0) {
        // SQLite's empty list: IN () is false, NOT IN () is true — even for NULL operands
        return { kind: 'const', type: 'boolean', value: e.negated };
      }
      const items = e.list.map((i) => bindExpr(binder, i, scope, ctes, agg, x.type, noAggClause));
      let t: DataType = x.type;
      for (const it of items) t = compareType(t, it.type, '=', e.pos);
      if (t === 'null') t = 'text';
      return {
        kind: 'in_list', type: 'boolean', arg: castTo(x, t), list: items.map((i) => castTo(i, t)), negated: e.negated,
      };
    }
    case 'in_subquery': {
      const x = bindExpr(binder, e.operand, scope, ctes, agg, undefined, noAggClause);
      const sub = bindSubquery(binder, e.query, scope, ctes);
      if (sub.bound.ids.length !== 1) {
        throw new DbError(SqlState.SYNTAX_ERROR, sub.bound.ids.length > 1 ? 'subquery has too many columns' : 'subquery has too few columns', { position: e.pos + 1 });
      }
      const st = sub.bound.types[0]!;
      const t = compareType(x.type, st, '=', e.pos);
      const plan = st === t || t === 'null' ? sub.bound.plan : castOutputs(binder, sub.bound, [t]);
      return { kind: 'subquery', type: 'boolean', mode: 'in', plan, arg: castTo(x, t), negated: e.negated, correlated: sub.correlated };
    }
    case 'quantified': return bindQuantified(binder, e, scope, ctes, agg, noAggClause);
    case 'exists': {
      const sub = bindSubquery(binder, e.query, scope, ctes);
      const b: BoundExpr = { kind: 'subquery', type: 'boolean', mode: 'exists', plan: sub.bound.plan, arg: null, negated: false, correlated: sub.correlated };
      return e.negated ? { kind: 'not', type: 'boolean', arg: b } : b;
    }
    case 'subquery': {
      const sub = bindSubquery(binder, e.query, scope, ctes);
      if (sub.bound.ids.length !== 1) {
        throw new DbError(SqlState.SYNTAX_ERROR, 'subquery must return only one column', { position: e.pos + 1 });
      }
      return { kind: 'subquery', type: sub.bound.types[0]!, mode: 'scalar', plan: sub.bound.plan, arg: null, negated: false, correlated: sub.correlated };
    }
    case 'like': {
      const x = bindExpr(binder, e.operand, scope, ctes, agg, 'text', noAggClause);
      const p = bindExpr(binder, e.pattern, scope, ctes, agg, 'text', noAggClause);
      const esc = e.escape === null ? null : bindExpr(binder, e.escape, scope, ctes, agg, 'text', noAggClause);
      for (const part of [x, p, esc]) {
        if (part !== null && !isStringType(part.type) && part.type !== 'null') {
          throw opError(e.caseInsensitive ? '~~*' : '~~', x.type, p.type, e.pos);
        }
      }
      return { kind: 'like', type: 'boolean', arg: castTo(x, 'text'), pattern: castTo(p, 'text'), escape: esc === null ? null : castTo(esc, 'text'), negated: e.negated, ci: e.caseInsensitive };
    }
    case 'case': return bindCase(binder, e, scope, ctes, agg, expected, noAggClause);
    case 'cast': {
      const target = e.target;
      const a = bindExpr(binder, e.operand, scope, ctes, agg, target.type, noAggClause);
      if (!canCast(a.type, target.type)) {
        throw new DbError(SqlState.CANNOT_COERCE, `cannot cast type ${typeName(a.type)} to ${typeName(target.type)}`, { position: e.pos + 1 });
      }
      const b: BoundExpr = target.numeric === undefined
        ? { kind: 'cast', type: target.type, arg: a, maxLength: target.length ?? null }
        : { kind: 'cast', type: target.type, arg: a, maxLength: null, typmod: target.numeric };
      return foldCast(b, e.pos);
    }
    case 'func': return bindFunc(binder, e, scope, ctes, agg, expected, noAggClause);
    case 'array':
      if (e.items.length === 1) return bindExpr(binder, e.items[0]!, scope, ctes, agg, expected, noAggClause);
      throw new DbError(SqlState.FEATURE_NOT_SUPPORTED, 'row and array values are not supported', { position: e.pos + 1 });
  }
}

function bindSubquery(binder: BinderApi, q: A.Query, scope: Scope, ctes: CteScope | null): { bound: BoundQuery; correlated: number[] } {
  const tracker = binder.correlationTracker;
  const mine = new Set<number>();
  binder.correlationTracker = mine;
  let bound: BoundQuery;
  try {
    bound = binder.bindQuery(q, scope, ctes);
  } finally {
    binder.correlationTracker = tracker;
  }
  // ids referenced from this scope or further out
  const correlated = [...mine];
  if (tracker !== null) for (const id of mine) if (!scope.localIds.has(id)) tracker.add(id);
  return { bound, correlated };
}

function bindBinary(binder: BinderApi, e: A.BinaryExpr, scope: Scope, ctes: CteScope | null, agg: AggState | null, noAgg?: string): BoundExpr {
  const op = e.op;
  if (op === 'AND' || op === 'OR') {
    const args: BoundExpr[] = [];
    // flatten the left-deep chain iteratively (deep AND/OR chains must not recurse per level);
    // like PostgreSQL, a nested AND/OR on the right stays one argument, so `x AND (a AND b)`
    // still contains the GROUP BY expression `(a AND b)`
    const operands: A.Expr[] = [];
    let left: A.Expr = e;
    while (left.kind === 'binary' && left.op === op) { operands.push(left.right); left = left.left; }
    operands.push(left);
    for (let k = operands.length - 1; k >= 0; k--) {
      const x = operands[k]!;
      const b = bindExpr(binder, x, scope, ctes, agg, 'boolean', noAgg);
      if (b.type !== 'boolean' && b.type !== 'null') {
        throw new DbError(SqlState.DATATYPE_MISMATCH, `argument of ${op} must be type boolean, not type ${typeName(b.type)}`, { position: x.pos + 1 });
      }
      args.push(castTo(b, 'boolean'));
    }
    return foldLogic({ kind: op === 'AND' ? 'and' : 'or', type: 'boolean', args });
  }
  if (op === '=' || op === '<>' || op === '<' || op === '<=' || op === '>' || op === '>=') {
    const [l, r] = bindPair(binder, e.left, e.right, scope, ctes, agg, op, e.pos, noAgg);
    return { kind: 'cmp', type: 'boolean', op, left: l, right: r };
  }
  if (e.left.kind === 'binary' && SPINE_OPS.has(e.left.op)) {
    // a left-deep chain (1 + 2 + … + n, a || b || …): bound bottom-up, without recursing per level
    const spine: A.BinaryExpr[] = [e];
    let x: A.Expr = e.left;
    while (x.kind === 'binary' && SPINE_OPS.has(x.op)) { spine.push(x); x = x.left; }
    let acc = bindExpr(binder, x, scope, ctes, agg, undefined, noAgg);
    // every SEGMENT operators the partial result becomes a let's value and the chain goes on from
    // a reference to it: the same operations in the same order, but no part of the bound tree is
    // deeper than a segment (plus one level per segment), so later passes need not iterate
    const segments: BoundExpr[] = [];
    for (let i = spine.length - 1; i >= 0; i--) {
      acc = bindOperator(binder, spine[i]!, acc, scope, ctes, agg, noAgg);
      if (i > 0 && (spine.length - i) % SEGMENT === 0) {
        segments.push(acc);
        acc = { kind: 'let_ref', type: acc.type, up: 0 };
      }
    }
    for (let k = segments.length - 1; k >= 0; k--) acc = { kind: 'let', type: acc.type, value: segments[k]!, body: acc };
    return acc;
  }
  return bindOperator(binder, e, bindExpr(binder, e.left, scope, ctes, agg, undefined, noAgg), scope, ctes, agg, noAgg);
}

/** Operators per segment of a long chain (see bindBinary). */
const SEGMENT = 200;

/** Operators whose left-deep chains are bound iteratively (all but AND/OR and comparisons). */
const SPINE_OPS: ReadonlySet<string> = new Set(['+', '-', '*', '/', '%', '||', '&', '|', '<<', '>>', '->', '->>']);

/** Binds `l0 op right` for an arithmetic, concatenation, bit or JSON operator (`l0`: the bound left side). */
function bindOperator(binder: BinderApi, e: A.BinaryExpr, l0: BoundExpr, scope: Scope, ctes: CteScope | null, agg: AggState | null, noAgg?: string): BoundExpr {
  const op = e.op;
  const r0 = bindExpr(binder, e.right, scope, ctes, agg, op === '||' ? (l0.type === 'bytes' ? 'bytes' : undefined) : op === '->' || op === '->>' || l0.type === 'null' ? undefined : l0.type, noAgg);
  let l = l0, r = r0;
  if (op === '||' && r.type === 'bytes' && l.type !== 'bytes' && isUntyped(binder, e.left, l)) {
    // 'literal' || bytea: the untyped side is bytea too (bytea || bytea)
    l = bindExpr(binder, e.left, scope, ctes, agg, 'bytes', noAgg);
    if (l.kind === 'param' && binder.paramTypes[l.index] === undefined) { binder.paramTypes[l.index] = 'bytes'; l = { ...l, type: 'bytes' }; }
  }
  if (op === '||' && l.type === 'bytes' && r.type === 'bytes') return { kind: 'concat', type: 'bytes', left: l, right: r };
  if (op === '||') {
    // an untyped parameter next to || is text (PostgreSQL resolves unknown || anynonarray as text)
    if (l.kind === 'param' && binder.paramTypes[l.index] === undefined) { binder.paramTypes[l.index] = 'text'; l = { ...l, type: 'text' }; }
    if (r.kind === 'param' && binder.paramTypes[r.index] === undefined) { binder.paramTypes[r.index] = 'text'; r = { ...r, type: 'text' }; }
  }
  if (l.kind === 'param' && binder.paramTypes[l.index] === undefined && r.type !== 'null' && op !== '->' && op !== '->>') { binder.paramTypes[l.index] = r.type; l = { ...l, type: r.type }; }
  if (op === '||') {
    if (l.type === 'json' || r.type === 'json') throw opError(op, l.type, r.type, e.pos);
    return { kind: 'concat', type: 'text', left: castTo(l, 'text'), right: castTo(r, 'text') };
  }
  if (op === '->' || op === '->>') {
    if (l.type !== 'json' && l.type !== 'text' && l.type !== 'null') throw opError(op, l.type, r.type, e.pos);
    if (!isStringType(r.type) && !isIntegerType(r.type) && r.type !== 'null') throw opError(op, l.type, r.type, e.pos);
    JSON_PART.get();   // its kernel is in the JSON part: PartLoading until it is loaded
    return { kind: 'json_get', type: op === '->' ? 'json' : 'text', left: castTo(l, 'json'), right: r, asText: op === '->>' };
  }
  if (op === '<<' || op === '>>') {
    // PostgreSQL: int2/int4/int8 shifted by an integer keeps the left operand's type
    if ((!isIntegerType(l.type) && l.type !== 'null') || (!isIntegerType(r.type) && r.type !== 'null')) throw opError(op, l.type, r.type, e.pos);
    const tt = l.type === 'null' ? 'integer' : l.type;
    return { kind: 'bitop', type: tt, op, left: castTo(l, tt), right: castTo(r, 'integer') };
  }
  if (op === '&' || op === '|') {
    const t = compareType(l.type, r.type, op, e.pos);
    if (!isIntegerType(t) && t !== 'null') throw opError(op, l.type, r.type, e.pos);
    const tt = t === 'null' ? 'integer' : t;
    return { kind: 'bitop', type: tt, op, left: castTo(l, tt), right: castTo(r, tt) };
  }
  // arithmetic
  if (l.type === 'date' || l.type === 'timestamp' || r.type === 'date' || r.type === 'timestamp') {
    return bindDateArith(op, l, r, e.pos);
  }
  if (l.kind === 'const' && l.type === 'text' && (e.left as A.LiteralExpr).type === 'string' && isNumericType(r.type)) l = bindLiteral(e.left as A.LiteralExpr, r.type);
  if (r.kind === 'const' && r.type === 'text' && (e.right as A.LiteralExpr).type === 'string' && isNumericType(l.type)) r = bindLiteral(e.right as A.LiteralExpr, l.type);
  const lt = l.type === 'null' ? (r.type === 'null' ? 'integer' : r.type) : l.type;
  const rt = r.type === 'null' ? lt : r.type;
  if (!isNumericType(lt) || !isNumericType(rt)) throw opError(op, l.type, r.type, e.pos);
  const t = operatorType(lt, rt)!;
  return { kind: 'arith', type: t, op: op as '+' | '-' | '*' | '/' | '%', left: castTo(l, t), right: castTo(r, t) };
}

function isDayCount(t: DataType): boolean {
  return t === 'integer' || t === 'smallint';
}

/** An untyped string literal or parameter (its type comes from context, like PostgreSQL's `unknown`). */
function isUntyped(binder: BinderApi, a: A.Expr, b: BoundExpr): boolean {
  if (a.kind === 'literal') return a.type === 'string';
  return b.kind === 'param' && binder.paramTypes[b.index] === undefined;
}

function bindDateArith(op: string, l: BoundExpr, r: BoundExpr, pos: number): BoundExpr {
  // date ± integer days (smallint widens; bigint does not narrow: 42883, as PostgreSQL),
  // date - date → integer days; timestamps compare only
  if (l.type === 'date' && isDayCount(r.type) && (op === '+' || op === '-')) {
    return { kind: 'arith', type: 'date', op: op as '+' | '-', left: l, right: castTo(r, 'integer') };
  }
  if (r.type === 'date' && isDayCount(l.type) && op === '+') {
    return { kind: 'arith', type: 'date', op: '+', left: r, right: castTo(l, 'integer') };
  }
  if (l.type === 'date' && r.type === 'date' && op === '-') {
    // dates are day numbers in Int32Arrays: integer subtraction gives the day difference
    return { kind: 'arith', type: 'integer', op: '-', left: l, right: r };
  }
  throw opError(op, l.type, r.type, pos);
}

function bindCase(binder: BinderApi, e: A.CaseExpr, scope: Scope, ctes: CteScope | null, agg: AggState | null, expected: DataType | undefined, noAgg?: string): BoundExpr {
  if (e.operand === null) return bindCaseWith(binder, e, null, scope, ctes, agg, expected, noAgg);
  // CASE x WHEN …: x is compared once per WHEN, so a complex x is computed once
  const x = bindExpr(binder, e.operand, scope, ctes, agg, undefined, noAgg);
  return withShared([x], ([operand]) => bindCaseWith(binder, e, operand!, scope, ctes, agg, expected, noAgg));
}

function bindCaseWith(binder: BinderApi, e: A.CaseExpr, operand: BoundExpr | null, scope: Scope, ctes: CteScope | null, agg: AggState | null,
  expected: DataType | undefined, noAgg?: string): BoundExpr {
  const whens: { when: BoundExpr; then: BoundExpr }[] = [];
  for (const w of e.whens) {
    let cond: BoundExpr;
    if (operand !== null) {
      const v = bindExpr(binder, w.when, scope, ctes, agg, operand.type, noAgg);
      cond = makeCompare('=', operand, v, w.when.pos);
    } else {
      cond = bindExpr(binder, w.when, scope, ctes, agg, 'boolean', noAgg);
      if (cond.type !== 'boolean' && cond.type !== 'null') {
        throw new DbError(SqlState.DATATYPE_MISMATCH, `argument of CASE/WHEN must be type boolean, not type ${typeName(cond.type)}`, { position: w.when.pos + 1 });
      }
      cond = castTo(cond, 'boolean');
    }
    whens.push({ when: cond, then: bindExpr(binder, w.then, scope, ctes, agg, expected, noAgg) });
  }
  const elseExpr: BoundExpr = e.elseExpr === null ? { kind: 'const', type: 'null', value: null } : bindExpr(binder, e.elseExpr, scope, ctes, agg, expected, noAgg);
  let t: DataType = 'null';
  for (const w of whens) t = resultType(t, w.then, 'CASE', e.pos);
  t = resultType(t, elseExpr, 'CASE', e.pos);
  if (t === 'null') t = 'text';
  return { kind: 'case', type: t, whens: whens.map((w) => ({ when: w.when, then: castTo(w.then, t) })), elseExpr: castTo(elseExpr, t) };
}

/**
 * `x op ANY|ALL (…)`. Over a subquery: `= ANY` is IN and `<> ALL` is NOT IN (so decorrelation
 * applies); the other operators compare with the subquery's rows. Over `ARRAY[…]`: the
 * comparisons joined by OR (ANY) or AND (ALL), which is their three-valued meaning.
 */
function bindQuantified(binder: BinderApi, e: A.QuantifiedExpr, scope: Scope, ctes: CteScope | null, agg: AggState | null, noAggClause?: string): BoundExpr {
  if (e.list !== null) {
    if (e.list.length === 0) return { kind: 'const', type: 'boolean', value: e.quantifier === 'all' };
    if (e.op === '=' && e.quantifier === 'any') return bindExpr(binder, { kind: 'in_list', pos: e.pos, operand: e.operand, list: e.list, negated: false }, scope, ctes, agg, 'boolean', noAggClause);
    if (e.op === '<>' && e.quantifier === 'all') return bindExpr(binder, { kind: 'in_list', pos: e.pos, operand: e.operand, list: e.list, negated: true }, scope, ctes, agg, 'boolean', noAggClause);
    const join = e.quantifier === 'any' ? 'OR' : 'AND';
    const x = bindExpr(binder, e.operand, scope, ctes, agg, undefined, noAggClause);
    if (x.kind !== 'col' && x.kind !== 'const' && x.kind !== 'param' && x.kind !== 'outer') {
      // a complex operand is compared with every item: computed once
      return withShared([x], ([v]) => ({
        kind: join === 'OR' ? 'or' : 'and', type: 'boolean',
        args: e.list!.map((item) => makeCompare(e.op, v!, bindExpr(binder, item, scope, ctes, agg, x.type, noAggClause), e.pos)),
      }));
    }
    let tree: A.Expr | null = null;
    for (const item of e.list) {
      const cmp: A.Expr = { kind: 'binary', pos: e.pos, op: e.op, left: e.operand, right: item };
      tree = tree === null ? cmp : { kind: 'binary', pos: e.pos, op: join, left: tree, right: cmp };
    }
    return bindExpr(binder, tree!, scope, ctes, agg, 'boolean', noAggClause);
  }
  const query = e.query!;
  if (e.op === '=' && e.quantifier === 'any') return bindExpr(binder, { kind: 'in_subquery', pos: e.pos, operand: e.operand, query, negated: false }, scope, ctes, agg, 'boolean', noAggClause);
  if (e.op === '<>' && e.quantifier === 'all') return bindExpr(binder, { kind: 'in_subquery', pos: e.pos, operand: e.operand, query, negated: true }, scope, ctes, agg, 'boolean', noAggClause);
  const x = bindExpr(binder, e.operand, scope, ctes, agg, undefined, noAggClause);
  const sub = bindSubquery(binder, query, scope, ctes);
  if (sub.bound.ids.length !== 1) {
    throw new DbError(SqlState.SYNTAX_ERROR, sub.bound.ids.length > 1 ? 'subquery has too many columns' : 'subquery has too few columns', { position: e.pos + 1 });
  }
  const st = sub.bound.types[0]!;
  const t = compareType(x.type, st, e.op, e.pos);
  const plan = st === t || t === 'null' ? sub.bound.plan : castOutputs(binder, sub.bound, [t]);
  return {
    kind: 'subquery', type: 'boolean', mode: e.quantifier, op: e.op, plan, arg: castTo(x, t === 'null' ? x.type : t),
    negated: false, correlated: sub.correlated,
  };
}
