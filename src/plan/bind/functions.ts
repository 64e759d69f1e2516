/**
 * Function calls: special forms (COALESCE, IFNULL, GREATEST, LEAST, NULLIF), scalar functions
 * from the function registry, aggregates (typed by the aggregate registry, collected into the
 * SELECT's aggregation state and reused when identical) and window calls (named windows, frames, aggregates over a window).
 * Errors: 42883 unknown function or argument types, 42803 misplaced or nested aggregates,
 * 42P20 window function errors. Binds arguments through `binder.bindExpr` (this file
 * sits below `expr.ts`, which imports it).
 */
import type * as A from '../../sql/ast.ts';
import { DbError } from '../../errors/db-error.ts';
import { SqlState } from '../../errors/sqlstate.ts';
import { type DataType, isIntegerType } from '../../types/data-type.ts';
import { aggregateNamed, type AggFunc } from '../../exec/aggregates/index.ts';
import { formatSignature, lookupFunction } from '../../exec/expr/functions/index.ts';
import type { WindowFunc } from '../../exec/ops/window.ts';
import type { BoundExpr, SortKey } from '../logical.ts';
import { exprEquals } from '../plan-tree.ts';
import { bindPair, castTo, resultType } from './coerce.ts';
import { type AggState, type BinderApi, type CteScope, Scope } from './context.ts';

/** Aggregates PostgreSQL has that InkDB does not implement: 0A000 rather than 42883. */
const UNIMPLEMENTED_AGGREGATES: ReadonlySet<string> = new Set(['array_agg']);

/** Is `name` an aggregate function (implemented or not)? */
function isAggregateName(name: string): boolean {
  return aggregateNamed(name) !== undefined || UNIMPLEMENTED_AGGREGATES.has(name);
}

/** Functions that exist only as window functions (42P20 without OVER). */
const WINDOW_ONLY: ReadonlySet<string> = new Set([
  'row_number', 'rank', 'dense_rank', 'percent_rank', 'cume_dist', 'ntile', 'lag', 'lead', 'first_value', 'last_value', 'nth_value',
]);

/** Binds a function call: special form, scalar function, aggregate or window call. */
export function bindFunc(binder: BinderApi, e: A.FuncCallExpr, scope: Scope, ctes: CteScope | null, agg: AggState | null, expected: DataType | undefined, noAgg?: string): BoundExpr {
  const name = e.name;
  if (e.over !== null) return bindWindowCall(binder, e, scope, ctes, agg);
  // min/max with several arguments is not an aggregate (SQLite's scalar form; 42883 below)
  if (isAggregateName(name) && (e.args.length === 1 || (name !== 'min' && name !== 'max'))) {
    return bindAggregate(binder, e, scope, ctes, agg, noAgg);
  }
  if (WINDOW_ONLY.has(name)) {
    throw new DbError(SqlState.WINDOWING_ERROR, `window function ${name} requires an OVER clause`, { position: e.pos + 1 });
  }
  if (e.distinct || e.filter !== null || e.star) {
    throw new DbError(SqlState.WRONG_OBJECT_TYPE, `${e.distinct ? 'DISTINCT' : e.star ? '*' : 'FILTER'} specified, but ${name} is not an aggregate function`, { position: e.pos + 1 });
  }
  // arguments bound by a special form and reused by the function call (greatest, least)
  let bound: BoundExpr[] | null = null;
  if (name === 'coalesce' || name === 'greatest' || name === 'least' || name === 'ifnull') {
    if (e.args.length === 0 || (name === 'ifnull' && e.args.length !== 2)) {
      throw new DbError(SqlState.UNDEFINED_FUNCTION, `function ${name}() does not exist`, { position: e.pos + 1 });
    }
    bound = e.args.map((a) => binder.bindExpr(a, scope, ctes, agg, expected, noAgg));
    let t: DataType = 'null';
    for (const a of bound) t = resultType(t, a, name.toUpperCase(), e.pos);
    if (t === 'null') t = 'text';
    if (name === 'coalesce' || name === 'ifnull') return { kind: 'coalesce', type: t, args: bound.map((a) => castTo(a, t)) };
  }
  if (name === 'nullif') {
    if (e.args.length !== 2) throw new DbError(SqlState.UNDEFINED_FUNCTION, `function nullif with ${e.args.length} arguments does not exist`, { position: e.pos + 1 });
    // the first argument is bound once (binding it again per use made nested calls exponential)
    const l0 = binder.bindExpr(e.args[0]!, scope, ctes, agg, undefined, noAgg);
    const [l, r] = bindPair(binder, e.args[0]!, e.args[1]!, scope, ctes, agg, '=', e.pos, noAgg, l0);
    // the result is the first argument of the implied `=`, promoted as the comparison needs
    // (NULLIF(numeric, double) is double, NULLIF(1, 2.2) numeric); integer types compare across
    // types in PostgreSQL without promotion, so they keep the first argument's type
    const t = l0.type === 'null' || !(isIntegerType(l0.type) && isIntegerType(l.type)) ? l.type : l0.type;
    return { kind: 'nullif', type: t === 'null' ? 'text' : t, left: l, right: r };
  }
  const fn = lookupFunction(name);
  if (fn === undefined) {
    const types = e.args.map((a) => binder.bindExpr(a, scope, ctes, agg, undefined, noAgg).type);
    throw new DbError(SqlState.UNDEFINED_FUNCTION, `function ${formatSignature(name, types)} does not exist`, {
      position: e.pos + 1, hint: 'No function matches the given name and argument types. You might need to add explicit type casts.',
    });
  }
  // a part loaded on first use: PartLoading until it is (the engine loads it and binds again);
  // a stand-in's arity and overloads are known once its part is
  fn.part?.get();
  const args = bound ?? e.args.map((a) => binder.bindExpr(a, scope, ctes, agg, undefined, noAgg));
  const types = args.map((a) => a.type);
  const sig = e.args.length < fn.minArgs || e.args.length > fn.maxArgs ? null : fn.resolve(types);
  if (sig === null) {
    throw new DbError(SqlState.UNDEFINED_FUNCTION, `function ${formatSignature(name, types)} does not exist`, {
      position: e.pos + 1, hint: 'No function matches the given name and argument types. You might need to add explicit type casts.',
    });
  }
  const call: BoundExpr = { kind: 'func', type: sig.result, fn, args: args.map((a, i) => castTo(a, sig.args[i] ?? a.type)) };
  return call;
}

function bindAggregate(binder: BinderApi, e: A.FuncCallExpr, scope: Scope, ctes: CteScope | null, agg: AggState | null, noAgg?: string): BoundExpr {
  const name = e.name;
  if (agg === null || !agg.allowAgg) {
    throw new DbError(SqlState.GROUPING_ERROR, `aggregate functions are not allowed in ${noAgg ?? 'this context'}`, { position: e.pos + 1 });
  }
  if (agg.inAgg) {
    throw new DbError(SqlState.GROUPING_ERROR, 'aggregate function calls cannot be nested', { position: e.pos + 1 });
  }
  agg.inAgg = true;
  try {
    const inner: AggState = { ...agg, allowWindow: false };
    const bindArg = (a: A.Expr) => binder.bindExpr(a, scope, ctes, inner);
    let func: AggFunc;
    let args: BoundExpr[];
    let type: DataType;
    if (e.star) {
      if (name !== 'count') throw new DbError(SqlState.SYNTAX_ERROR, `${name}(*) is not allowed`, { position: e.pos + 1 });
      func = 'count_star'; args = []; type = 'bigint';
    } else {
      const given = e.args.map(bindArg);
      const types = given.map((a) => a.type);
      const def = aggregateNamed(name);
      if (def === undefined) {
        // an aggregate PostgreSQL has and InkDB does not implement
        if (given.length !== 1) throw new DbError(SqlState.UNDEFINED_FUNCTION, `function ${formatSignature(name, types)} does not exist`, { position: e.pos + 1 });
        throw new DbError(SqlState.FEATURE_NOT_SUPPORTED, `aggregate ${name} is not supported`, { position: e.pos + 1 });
      }
      const sig = def.resolve(name, types);
      if (sig === null) throw new DbError(SqlState.UNDEFINED_FUNCTION, `function ${formatSignature(name, types)} does not exist`, { position: e.pos + 1 });
      func = def.func; type = sig.result;
      // cast to the signature; omitted trailing arguments take their defaults
      args = sig.args.map((t, i): BoundExpr => (i < given.length ? castTo(given[i]!, t) : { kind: 'const', type: t, value: sig.defaults[i - given.length]! }));
    }
    const filter = e.filter === null ? null : castTo(binder.bindExpr(e.filter, scope, ctes, inner, 'boolean'), 'boolean');
    const orderBy: SortKey[] = e.orderBy.map((o) => ({ expr: binder.bindExpr(o.expr, scope, ctes, inner), desc: o.desc, nullsFirst: o.nullsFirst ?? o.desc }));
    // reuse an identical aggregate
    for (const x of agg.aggs) {
      if (x.func === func && x.distinct === e.distinct && x.args.length === args.length && x.args.every((a, i) => exprEquals(a, args[i]!))
        && ((x.filter === null && filter === null) || (x.filter !== null && filter !== null && exprEquals(x.filter, filter))) && x.orderBy.length === 0 && orderBy.length === 0) {
        return { kind: 'col', type: x.type, id: x.id };
      }
    }
    const id = binder.newId(name, type);
    agg.aggs.push({ func, args, distinct: e.distinct, filter, orderBy, type, id });
    return { kind: 'col', type, id };
  } finally {
    agg.inAgg = false;
  }
}

function bindWindowCall(binder: BinderApi, e: A.FuncCallExpr, scope: Scope, ctes: CteScope | null, agg: AggState | null): BoundExpr {
  if (agg === null || !agg.allowWindow) {
    throw new DbError(SqlState.WINDOWING_ERROR, `window functions are not allowed in ${agg?.windowContext ?? 'this context'}`, { position: e.pos + 1 });
  }
  const name = e.name;
  let spec = e.over!;
  if (spec.ref !== undefined) {
    // OVER w / OVER (w ORDER BY …): the named window's partitioning, ordering and frame, refined
    const base = agg.namedWindows?.get(spec.ref);
    if (base === undefined) throw new DbError(SqlState.UNDEFINED_OBJECT, `window "${spec.ref}" does not exist`, { position: e.pos + 1 });
    if (spec.partitionBy.length > 0) throw new DbError(SqlState.WINDOWING_ERROR, `cannot override PARTITION BY clause of window "${spec.ref}"`, { position: e.pos + 1 });
    if (spec.orderBy.length > 0 && base.orderBy.length > 0) throw new DbError(SqlState.WINDOWING_ERROR, `cannot override ORDER BY clause of window "${spec.ref}"`, { position: e.pos + 1 });
    spec = { partitionBy: base.partitionBy, orderBy: spec.orderBy.length > 0 ? spec.orderBy : base.orderBy, frame: spec.frame ?? base.frame };
  }
  const inner: AggState = { ...agg, allowWindow: false };
  // an aggregate's arguments are bound once, by bindAggregate below
  const args = e.star || !WINDOW_ONLY.has(name) ? [] : e.args.map((a) => binder.bindExpr(a, scope, ctes, inner));
  const partitionBy = spec.partitionBy.map((p) => binder.bindExpr(p, scope, ctes, inner));
  const orderBy: SortKey[] = spec.orderBy.map((o) => ({ expr: binder.bindExpr(o.expr, scope, ctes, inner), desc: o.desc, nullsFirst: o.nullsFirst ?? o.desc }));
  let func: WindowFunc;
  let type: DataType;
  let finalArgs = args;
  switch (name) {
    case 'row_number': case 'rank': case 'dense_rank': case 'ntile':
      func = name; type = 'bigint'; finalArgs = name === 'ntile' ? [castTo(args[0]!, 'bigint')] : [];
      break;
    case 'percent_rank': case 'cume_dist': func = name; type = 'double'; finalArgs = []; break;
    case 'lag': case 'lead':
      func = name; type = args[0]?.type ?? 'null';
      if (args.length < 1 || args.length > 3) throw new DbError(SqlState.UNDEFINED_FUNCTION, `function ${name} with ${args.length} arguments does not exist`, { position: e.pos + 1 });
      finalArgs = [args[0]!, args[1] === undefined ? { kind: 'const', type: 'bigint', value: 1n } : castTo(args[1], 'bigint')];
      if (args[2] !== undefined) {
        type = resultType(type, args[2], name, e.pos);
        finalArgs = [castTo(args[0]!, type), finalArgs[1]!, castTo(args[2], type)];
      }
      break;
    case 'first_value': case 'last_value': func = name; type = args[0]!.type; break;
    case 'nth_value': func = name; type = args[0]!.type; finalArgs = [args[0]!, castTo(args[1]!, 'bigint')]; break;
    default: {
      if (!isAggregateName(name)) throw new DbError(SqlState.UNDEFINED_FUNCTION, `function ${name} is not a window function`, { position: e.pos + 1 });
      // aggregate over a window: bind like an aggregate to get the type
      const tmp: AggState = { groups: [], groupIds: [], aggs: [], windows: [], inAgg: false, active: false, allowAgg: true, allowWindow: false };
      bindAggregate(binder, { ...e, over: null }, scope, ctes, tmp);
      const a = tmp.aggs[0]!;
      func = a.func; type = a.type; finalArgs = [...a.args];
      break;
    }
  }
  let frame = null;
  if (spec.frame !== null) {
    const fb = (b: A.FrameBound) => ({ kind: b.kind, offset: b.offset === null ? null : castTo(binder.bindExpr(b.offset, new Scope(null), null, null, 'bigint'), 'bigint') });
    frame = { mode: spec.frame.mode, start: fb(spec.frame.start), end: fb(spec.frame.end) };
  }
  const id = binder.newId(name, type === 'null' ? 'text' : type);
  const filter = e.filter === null ? null : castTo(binder.bindExpr(e.filter, scope, ctes, inner, 'boolean'), 'boolean');
  if (filter !== null && !isAggregateName(name)) {
    throw new DbError(SqlState.FEATURE_NOT_SUPPORTED, 'FILTER is not implemented for non-aggregate window functions', { position: e.pos + 1 });
  }
  agg.windows.push({ func, args: finalArgs, partitionBy, orderBy, frame, distinct: e.distinct, filter, type: type === 'null' ? 'text' : type, id });
  const col: BoundExpr = { kind: 'col', type: type === 'null' ? 'text' : type, id };
  // ntile is integer in PostgreSQL (computed as bigint like the other ranks): `date + ntile(…)` works
  return func === 'ntile' ? castTo(col, 'integer') : col;
}
