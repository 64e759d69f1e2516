/**
 * The expression compiler: turns a bound expression into a tree of evaluator closures, each
 * bound to one kernel chosen by type at compile time (no code generation: closures compose
 * vectorized kernels and the evaluator pieces of `exec/expr/`). Row-constant operands
 * (literals, parameters, outer references) are evaluated once per call and use
 * vector-vs-constant kernels.
 */
import { DbError } from '../errors/db-error.ts';
import { SqlState } from '../errors/sqlstate.ts';
import { valueAt, type Batch, type JsValue, type Selection, type Vector } from '../types/vector.ts';
import { internalize } from '../types/intern.ts';
import { castValue } from '../types/cast-value.ts';
import type { ExecContext } from '../exec/context.ts';
import type { PhysicalOp } from '../exec/operator.ts';
import { arith, negate } from '../exec/kernels/arith.ts';
import { compareVectorConst, compareVectors, flipCmp, selectCmpConst } from '../exec/kernels/compare.ts';
import { selectInt32Columns } from '../exec/kernels/select-kernels.ts';
import { JSON_PART } from '../exec/expr/functions/json-lazy.ts';
import { allRows, constVector, paramValue, trueRows, type Evaluator, type Layout, type RowFilter } from '../exec/expr/evaluator.ts';
import { andOrEvaluator, distinctFromEvaluator, isBoolEvaluator, isNullEvaluator, notEvaluator } from '../exec/expr/logic.ts';
import { caseEvaluator, coalesceEvaluator, nullifEvaluator } from '../exec/expr/conditional.ts';
import { bitopEvaluator, bytesConcatEvaluator, callEvaluator, castEvaluator, concatEvaluator } from '../exec/expr/operators.ts';
import { inListEvaluator, inSetEvaluator, inTextSetFilter } from '../exec/expr/in-list.ts';
import { likeConstant, likePatternCache, likeRows } from '../exec/kernels/like.ts';
import { subqueryEvaluator } from '../exec/expr/subquery.ts';
import type { BoundExpr, LogicalPlan } from './logical.ts';

/** What the compiler needs from the physical planner. */
export interface CompileEnv {
  /** Compiles a subquery plan into an operator (called once per subquery expression). */
  compilePlan(plan: LogicalPlan): PhysicalOp;
  /** The evaluator already made for an expression compiled once for several uses (`shared-exprs.ts`). */
  shared?(e: BoundExpr): Evaluator | undefined;
}

/** Compiles an expression against an input layout. */
export function compileExpr(e: BoundExpr, layout: Layout, env: CompileEnv): Evaluator {
  const shared = env.shared?.(e);
  if (shared !== undefined) return shared;
  switch (e.kind) {
    case 'const': {
      const { type, value } = e;
      let cache: Vector | null = null;
      return (b) => {
        if (cache === null || cache.length !== b.length) cache = constVector(type, value, b.length);
        return cache;
      };
    }
    case 'param': {
      const { type, index } = e;
      const from = e.finalType?.();
      if (from !== undefined && from !== type) {
        // an occurrence read as text of a parameter a later occurrence typed otherwise
        return (b, _s, ctx) => {
          const v = paramValue(ctx, index);
          return constVector(type, v === null ? null : castValue(v, from, type), b.length);
        };
      }
      return (b, _s, ctx) => constVector(type, paramValue(ctx, index), b.length);
    }
    case 'col': {
      const pos = layout.get(e.id);
      if (pos === undefined) throw new DbError(SqlState.INTERNAL_ERROR, `internal error: column #${e.id} not in input`);
      return (b) => b.columns[pos]!;
    }
    case 'outer': {
      const { id, type } = e;
      const pos = layout.get(id);
      if (pos !== undefined) return (b) => b.columns[pos]!;
      return (b, _s, ctx) => constVector(type, ctx.outer.has(id) ? ctx.outer.get(id)! : null, b.length);
    }
    case 'func': return callEvaluator(e.fn, e.args.map((a) => compileExpr(a, layout, env)));
    case 'arith': {
      const { op, type } = e;
      const rs = scalarOf(e.right, layout, env);
      if (rs !== null) {
        const l = compileExpr(e.left, layout, env);
        return (b, sel, ctx) => {
          const rc = rs(ctx);
          if (rc === null) return constVector(type, null, b.length);
          return arith(op, type, l(b, sel, ctx), null, undefined, rc, b.length, sel);
        };
      }
      const ls = scalarOf(e.left, layout, env);
      if (ls !== null) {
        const r = compileExpr(e.right, layout, env);
        return (b, sel, ctx) => {
          const lc = ls(ctx);
          if (lc === null) return constVector(type, null, b.length);
          return arith(op, type, null, r(b, sel, ctx), lc, undefined, b.length, sel);
        };
      }
      const l = compileExpr(e.left, layout, env), r = compileExpr(e.right, layout, env);
      return (b, sel, ctx) => arith(op, type, l(b, sel, ctx), r(b, sel, ctx), undefined, undefined, b.length, sel);
    }
    case 'neg': {
      const a = compileExpr(e.arg, layout, env);
      return (b, sel, ctx) => negate(a(b, sel, ctx), b.length, sel);
    }
    case 'bitop': {
      const l = compileExpr(e.left, layout, env);
      const r = e.right === null ? null : compileExpr(e.right, layout, env);
      return bitopEvaluator(l, r, e.op, e.type);
    }
    case 'cmp': {
      const { op } = e;
      const rs = scalarOf(e.right, layout, env);
      if (rs !== null) {
        const l = compileExpr(e.left, layout, env);
        return (b, sel, ctx) => {
          const c = rs(ctx);
          if (c === null) return constVector('boolean', null, b.length);
          return compareVectorConst(op, l(b, sel, ctx), c, b.length, sel);
        };
      }
      const ls = scalarOf(e.left, layout, env);
      if (ls !== null) {
        const r = compileExpr(e.right, layout, env);
        const fop = flipCmp(op);
        return (b, sel, ctx) => {
          const c = ls(ctx);
          if (c === null) return constVector('boolean', null, b.length);
          return compareVectorConst(fop, r(b, sel, ctx), c, b.length, sel);
        };
      }
      const l = compileExpr(e.left, layout, env), r = compileExpr(e.right, layout, env);
      return (b, sel, ctx) => compareVectors(op, l(b, sel, ctx), r(b, sel, ctx), b.length, sel);
    }
    case 'and': return andOrEvaluator(e.args.map((a) => compileExpr(a, layout, env)), true);
    case 'or': return andOrEvaluator(e.args.map((a) => compileExpr(a, layout, env)), false);
    case 'not': return notEvaluator(compileExpr(e.arg, layout, env));
    case 'is_null': return isNullEvaluator(compileExpr(e.arg, layout, env), e.negated, e.arg.type === 'null');
    case 'is_bool': return isBoolEvaluator(compileExpr(e.arg, layout, env), e.value, e.negated);
    case 'distinct_from': {
      const l = compileExpr(e.left, layout, env), r = compileExpr(e.right, layout, env);
      return distinctFromEvaluator(l, r, e.left.type, e.negated);
    }
    case 'in_list': return compileInList(e, layout, env);
    case 'like': return compileLike(e, layout, env);
    case 'case': {
      const whens = e.whens.map((w) => ({ when: compileFilter(w.when, layout, env), then: compileExpr(w.then, layout, env) }));
      return caseEvaluator(whens, compileExpr(e.elseExpr, layout, env), e.type);
    }
    case 'coalesce': return coalesceEvaluator(e.args.map((a) => compileExpr(a, layout, env)), e.type);
    case 'nullif': {
      const l = compileExpr(e.left, layout, env), r = compileExpr(e.right, layout, env);
      return nullifEvaluator(l, r, e.left.type, e.type);
    }
    case 'cast': return castEvaluator(compileExpr(e.arg, layout, env), e.type, e.maxLength, e.typmod ?? null);
    case 'concat': {
      const l = compileExpr(e.left, layout, env), r = compileExpr(e.right, layout, env);
      return e.type === 'bytes' ? bytesConcatEvaluator(l, r) : concatEvaluator(l, r);
    }
    case 'json_get': {
      const l = compileExpr(e.left, layout, env), r = compileExpr(e.right, layout, env);
      const asText = e.asText;
      const { jsonGet } = JSON_PART.get();   // loaded: binding the operator required it
      return (b, sel, ctx) => jsonGet(l(b, sel, ctx), r(b, sel, ctx), asText, b.length, sel);
    }
    case 'subquery': {
      const arg = e.arg === null ? null : compileExpr(e.arg, layout, env);
      const spec = { key: e, mode: e.mode, type: e.type, negated: e.negated, correlated: e.correlated, op: e.op ?? '=' };
      return subqueryEvaluator(spec, () => env.compilePlan(e.plan), arg, layout);
    }
    case 'let': {
      // the value once per evaluation (over the widest selection the body will use), then the body
      const value = compileExpr(e.value, layout, env);
      const slot: { v: Vector | null } = { v: null };
      LETS.push(slot);
      let body: Evaluator;
      try {
        body = compileExpr(e.body, layout, env);
      } finally {
        LETS.pop();
      }
      return (b, sel, ctx) => {
        const saved = slot.v; // a correlated subquery in the body may run this evaluator again
        slot.v = value(b, sel, ctx);
        try {
          return body(b, sel, ctx);
        } finally {
          slot.v = saved;
        }
      };
    }
    case 'let_ref': {
      const slot = LETS[LETS.length - 1 - e.up];
      if (slot === undefined) throw new DbError(SqlState.INTERNAL_ERROR, 'internal error: a let reference outside its let');
      return () => slot.v!;
    }
  }
}

/** The `let`s whose bodies are being compiled, innermost last (compilation is synchronous). */
const LETS: { v: Vector | null }[] = [];

const ONE_ROW: Batch = { length: 1, columns: [] };

/** True when an expression has the same value for every row of an input with this layout. */
function isRowConstant(e: BoundExpr, layout: Layout): boolean {
  switch (e.kind) {
    case 'const': case 'param': return true;
    case 'outer': return !layout.has(e.id);
    case 'col': case 'subquery': return false;
    case 'func': return !e.fn.volatile && e.args.every((a) => isRowConstant(a, layout));
    case 'cast': case 'neg': return isRowConstant(e.arg, layout);
    case 'arith': case 'concat': return isRowConstant(e.left, layout) && isRowConstant(e.right, layout);
    case 'coalesce': return e.args.every((a) => isRowConstant(a, layout));
    default: return false;
  }
}

/**
 * For a row-constant expression, an evaluator of its single value (computed over a one-row
 * batch, so parameters and outer references never materialize a vector of the input's length);
 * null when the expression depends on the row.
 */
export function scalarOf(e: BoundExpr, layout: Layout, env: CompileEnv): ((ctx: ExecContext) => JsValue) | null {
  if (!isRowConstant(e, layout)) return null;
  if (e.kind === 'const') { const v = e.value; return () => v; }
  if (e.kind === 'param' && e.finalType === undefined) { const i = e.index; return (ctx) => paramValue(ctx, i); }
  const ev = compileExpr(e, layout, env);
  return (ctx) => {
    return valueAt(ev(ONE_ROW, null, ctx), 0);
  };
}

/**
 * Compiles a predicate into a selection filter: returns the positions (within `sel`) where the
 * predicate is TRUE. AND chains narrow the selection conjunct by conjunct.
 */
export function compileFilter(e: BoundExpr, layout: Layout, env: CompileEnv): RowFilter {
  if (e.kind === 'and') {
    const parts = e.args.map((a) => compileFilter(a, layout, env));
    return (b, sel, ctx) => {
      let s: Selection = sel;
      for (const p of parts) {
        s = p(b, s, ctx);
        if (s.length === 0) break;
      }
      return s === null ? allRows(b.length) : s;
    };
  }
  if (e.kind === 'const') {
    const keep = e.value === true;
    return (b, sel) => (keep ? (sel === null ? allRows(b.length) : sel) : new Int32Array(0));
  }
  if (e.kind === 'cmp') {
    // column-vs-constant comparisons select rows directly (no boolean vector)
    const { op } = e;
    const rs = scalarOf(e.right, layout, env);
    const ls = rs === null ? scalarOf(e.left, layout, env) : null;
    if (rs !== null || ls !== null) {
      const side = compileExpr(rs !== null ? e.left : e.right, layout, env);
      const sc = (rs ?? ls)!;
      const fop = rs !== null ? op : flipCmp(op);
      const text = (rs !== null ? e.right : e.left).type === 'text';
      return (b, sel, ctx) => {
        let c = sc(ctx);
        if (c === null) return new Int32Array(0);
        if (text) c = internalize(c as string);
        return selectCmpConst(fop, side(b, sel, ctx), c, b.length, sel);
      };
    }
  }
  if (e.kind === 'in_list' && e.arg.type === 'text' && e.list.every((x) => x.kind === 'const' && (x.value === null || typeof x.value === 'string'))) {
    const general = compileExpr(e, layout, env);
    const generalFilter: RowFilter = (b, sel, ctx) => trueRows(general(b, sel, ctx), b.length, sel);
    return inTextSetFilter(compileExpr(e.arg, layout, env), e.list.map((x) => (x as BoundExpr & { kind: 'const' }).value as JsValue), e.negated, generalFilter);
  }
  if (e.kind === 'cmp' && e.left.type === e.right.type) {
    // column-vs-column comparisons of 32-bit integers (dates) without NULLs select rows directly
    const { op } = e;
    const l = compileExpr(e.left, layout, env), r = compileExpr(e.right, layout, env);
    return (b, sel, ctx) => {
      const x = l(b, sel, ctx), y = r(b, sel, ctx);
      if (x.nulls === null && y.nulls === null && x.type === y.type) {
        const hit = selectInt32Columns(op, x.data, y.data, b.length, sel);
        if (hit !== null) return hit;
      }
      return trueRows(compareVectors(op, x, y, b.length, sel), b.length, sel);
    };
  }
  const ev = compileExpr(e, layout, env);
  return (b, sel, ctx) => trueRows(ev(b, sel, ctx), b.length, sel);
}

function compileInList(e: BoundExpr & { kind: 'in_list' }, layout: Layout, env: CompileEnv): Evaluator {
  const arg = compileExpr(e.arg, layout, env);
  const scalars = e.list.map((x) => scalarOf(x, layout, env));
  if (scalars.every((x) => x !== null)) {
    const allConst = e.list.every((x) => x.kind === 'const');
    return inSetEvaluator(arg, scalars as ((ctx: ExecContext) => JsValue)[], allConst, e.negated);
  }
  const items = e.list.map((x) => compileExpr(x, layout, env));
  return inListEvaluator(arg, items, e.arg.type, e.negated);
}

/** `[NOT] LIKE|ILIKE` through the linear matcher of `exec/kernels/like.ts`; a row-constant pattern compiles once. */
function compileLike(e: BoundExpr & { kind: 'like' }, layout: Layout, env: CompileEnv): Evaluator {
  const arg = compileExpr(e.arg, layout, env);
  const { negated, ci } = e;
  const ps = scalarOf(e.pattern, layout, env);
  const es = e.escape === null ? null : scalarOf(e.escape, layout, env);
  if (ps !== null && (e.escape === null || es !== null)) {
    const pattern = likePatternCache(ci);
    return (b, sel, ctx) => {
      const p = ps(ctx) as string | null, esc = es === null ? null : es(ctx) as string | null;
      if (p === null || (es !== null && esc === null)) return constVector('boolean', null, b.length);
      return likeConstant(arg(b, sel, ctx), pattern(p, esc), negated, b.length, sel);
    };
  }
  const pat = compileExpr(e.pattern, layout, env);
  const escE = e.escape === null ? null : compileExpr(e.escape, layout, env);
  return (b, sel, ctx) => likeRows(arg(b, sel, ctx), pat(b, sel, ctx), escE === null ? null : escE(b, sel, ctx), ci, negated, b.length, sel);
}
