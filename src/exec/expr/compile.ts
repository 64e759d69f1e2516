/**
 * The expression compiler: turns a bound expression into a tree of evaluator closures, each
 * bound to one kernel chosen by type at compile time (no code generation: closures compose
 * vectorized kernels). Evaluators take a batch and an optional selection and return a vector
 * of the batch's length whose selected positions are computed.
 */
import type { BoundExpr, SubqueryExpr } from '../../plan/logical.ts';
import { DbError } from '../../errors/db-error.ts';
import { SqlState } from '../../errors/sqlstate.ts';
import type { DataType } from '../../types/data-type.ts';
import { allocData, type Batch, type JsValue, type Selection, type Vector } from '../../types/vector.ts';
import { castVector } from '../../types/cast.ts';
import type { ExecContext } from '../context.ts';
import type { PhysicalOp } from '../operator.ts';
import { arith, negate } from '../kernels/arith.ts';
import { comparatorFor, compareVectorConst, compareVectors, flipCmp, selectCmpConst, unionNulls } from '../kernels/compare.ts';
import { likeConstant, likePatternCache, likeRows } from '../kernels/like.ts';
import { internalize } from '../../types/intern.ts';
import { jsonGet } from './functions/json.ts';

/** A compiled expression. */
export type Evaluator = (batch: Batch, sel: Selection, ctx: ExecContext) => Vector;

/** What the compiler needs from the physical planner. */
export interface CompileEnv {
  /** Compiles a subquery plan into an operator (called once per subquery expression). */
  compilePlan(plan: import('../../plan/logical.ts').LogicalPlan): PhysicalOp;
}

/** Column id → position in the input batch. */
export type Layout = ReadonlyMap<number, number>;

/** Builds a layout from a list of ids. */
export function layoutOf(ids: readonly number[]): Map<number, number> {
  const m = new Map<number, number>();
  for (let i = 0; i < ids.length; i++) m.set(ids[i]!, i);
  return m;
}

/** A vector of `n` copies of a value. */
export function constVector(type: DataType, value: JsValue, n: number): Vector {
  if (value === null || type === 'null') {
    return { type, length: n, data: allocData(type, n), nulls: new Uint8Array(n).fill(1) };
  }
  const data = allocData(type, n);
  if (Array.isArray(data)) (data as unknown[]).fill(value);
  else if (type === 'boolean') (data as Uint8Array).fill(value ? 1 : 0);
  else (data as unknown as { fill(v: unknown): void }).fill(value);
  return { type, length: n, data, nulls: null };
}

function paramValue(ctx: ExecContext, index: number): JsValue {
  if (index >= ctx.params.length) {
    throw new DbError(SqlState.UNDEFINED_PARAMETER, `there is no parameter $${index}`);
  }
  return ctx.params[index] ?? null;
}

/** Compiles an expression against an input layout. */
export function compileExpr(e: BoundExpr, layout: Layout, env: CompileEnv): Evaluator {
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
    case 'func': {
      const args = e.args.map((a) => compileExpr(a, layout, env));
      const fn = e.fn;
      return (b, sel, ctx) => {
        const vs = new Array<Vector>(args.length);
        for (let i = 0; i < args.length; i++) vs[i] = args[i]!(b, sel, ctx);
        return fn.evaluate(vs, b.length, sel, ctx.eval);
      };
    }
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
    case 'bitop': return compileBitop(e, layout, env);
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
    case 'and': return compileAndOr(e.args.map((a) => compileExpr(a, layout, env)), true);
    case 'or': return compileAndOr(e.args.map((a) => compileExpr(a, layout, env)), false);
    case 'not': {
      const a = compileExpr(e.arg, layout, env);
      return (b, sel, ctx) => {
        const v = a(b, sel, ctx);
        const n = b.length, d = v.data as Uint8Array, out = new Uint8Array(n);
        const m = sel === null ? n : sel.length;
        for (let k = 0; k < m; k++) { const i = sel === null ? k : sel[k]!; out[i] = d[i]! ^ 1; }
        return { type: 'boolean', length: n, data: out, nulls: v.nulls };
      };
    }
    case 'is_null': {
      const a = compileExpr(e.arg, layout, env);
      const neg = e.negated ? 1 : 0;
      const allNull = e.arg.type === 'null';
      return (b, sel, ctx) => {
        const v = a(b, sel, ctx);
        const n = b.length, out = new Uint8Array(n), nl = v.nulls;
        const m = sel === null ? n : sel.length;
        for (let k = 0; k < m; k++) {
          const i = sel === null ? k : sel[k]!;
          out[i] = ((allNull || (nl !== null && nl[i] === 1)) ? 1 : 0) ^ neg;
        }
        return { type: 'boolean', length: n, data: out, nulls: null };
      };
    }
    case 'is_bool': {
      const a = compileExpr(e.arg, layout, env);
      const { value, negated } = e;
      return (b, sel, ctx) => {
        const v = a(b, sel, ctx);
        const n = b.length, out = new Uint8Array(n), nl = v.nulls, d = v.data as Uint8Array;
        const m = sel === null ? n : sel.length;
        for (let k = 0; k < m; k++) {
          const i = sel === null ? k : sel[k]!;
          const isNull = nl !== null && nl[i] === 1;
          const r = value === null ? isNull : !isNull && (d[i] === 1) === value;
          out[i] = (r !== negated) ? 1 : 0;
        }
        return { type: 'boolean', length: n, data: out, nulls: null };
      };
    }
    case 'distinct_from': {
      const l = compileExpr(e.left, layout, env), r = compileExpr(e.right, layout, env);
      const cmp = comparatorFor(e.left.type);
      const neg = e.negated;
      return (b, sel, ctx) => {
        const x = l(b, sel, ctx), y = r(b, sel, ctx);
        const n = b.length, out = new Uint8Array(n);
        const xd = x.data as ArrayLike<unknown>, yd = y.data as ArrayLike<unknown>;
        const m = sel === null ? n : sel.length;
        for (let k = 0; k < m; k++) {
          const i = sel === null ? k : sel[k]!;
          const xn = x.type === 'null' || (x.nulls !== null && x.nulls[i] === 1);
          const yn = y.type === 'null' || (y.nulls !== null && y.nulls[i] === 1);
          const distinct = xn || yn ? xn !== yn : cmp(xd[i], yd[i]) !== 0;
          out[i] = distinct !== neg ? 1 : 0;
        }
        return { type: 'boolean', length: n, data: out, nulls: null };
      };
    }
    case 'in_list': return compileInList(e, layout, env);
    case 'like': return compileLike(e, layout, env);
    case 'case': return compileCase(e, layout, env);
    case 'coalesce': {
      const args = e.args.map((a) => compileExpr(a, layout, env));
      const type = e.type;
      return (b, sel, ctx) => {
        const n = b.length;
        const out = allocData(type, n);
        const nulls = new Uint8Array(n).fill(1);
        let pending: Selection = sel;
        for (const a of args) {
          if (pending !== null && pending.length === 0) break;
          const v = a(b, pending, ctx);
          const next: number[] = [];
          const m = pending === null ? n : pending.length;
          const vd = v.data as unknown[], od = out as unknown as unknown[];
          for (let k = 0; k < m; k++) {
            const i = pending === null ? k : pending[k]!;
            if (v.type === 'null' || (v.nulls !== null && v.nulls[i] === 1)) { next.push(i); continue; }
            od[i] = vd[i]; nulls[i] = 0;
          }
          pending = Int32Array.from(next);
        }
        return { type, length: n, data: out, nulls: hasAny(nulls, sel, n) ? nulls : null };
      };
    }
    case 'nullif': {
      const l = compileExpr(e.left, layout, env), r = compileExpr(e.right, layout, env);
      const cmp = comparatorFor(e.left.type);
      const type = e.type;
      const castBack = e.left.type !== type;
      return (b, sel, ctx) => {
        const x = l(b, sel, ctx), y = r(b, sel, ctx);
        const n = b.length;
        const nulls = x.nulls === null ? new Uint8Array(n) : x.nulls.slice(0, n);
        const xd = x.data as ArrayLike<unknown>, yd = y.data as ArrayLike<unknown>;
        const m = sel === null ? n : sel.length;
        for (let k = 0; k < m; k++) {
          const i = sel === null ? k : sel[k]!;
          if (nulls[i] === 1 || (y.nulls !== null && y.nulls[i] === 1)) continue;
          if (cmp(xd[i], yd[i]) === 0) nulls[i] = 1;
        }
        const out: Vector = { type: x.type, length: n, data: x.data, nulls };
        return castBack ? castVector(out, type, sel) : out;
      };
    }
    case 'cast': {
      const a = compileExpr(e.arg, layout, env);
      const { type, maxLength } = e;
      return (b, sel, ctx) => {
        const v = castVector(a(b, sel, ctx), type, sel);
        if (maxLength === null || !Array.isArray(v.data)) return v;
        const d = (v.data as string[]).slice();
        const m = sel === null ? b.length : sel.length;
        for (let k = 0; k < m; k++) { const i = sel === null ? k : sel[k]!; if (d[i]!.length > maxLength) d[i] = d[i]!.slice(0, maxLength); }
        return { ...v, data: d };
      };
    }
    case 'concat': {
      const l = compileExpr(e.left, layout, env), r = compileExpr(e.right, layout, env);
      return (b, sel, ctx) => {
        const x = l(b, sel, ctx), y = r(b, sel, ctx);
        const n = b.length, out = new Array<string>(n).fill('');
        const nulls = x.type === 'null' || y.type === 'null' ? new Uint8Array(n).fill(1) : unionNulls(x.nulls, y.nulls, n);
        const xd = x.data as string[], yd = y.data as string[];
        const m = sel === null ? n : sel.length;
        for (let k = 0; k < m; k++) {
          const i = sel === null ? k : sel[k]!;
          if (nulls !== null && nulls[i] === 1) continue;
          out[i] = xd[i]! + yd[i]!;
        }
        return { type: 'text', length: n, data: out, nulls };
      };
    }
    case 'json_get': {
      const l = compileExpr(e.left, layout, env), r = compileExpr(e.right, layout, env);
      const asText = e.asText;
      return (b, sel, ctx) => jsonGet(l(b, sel, ctx), r(b, sel, ctx), asText, b.length, sel);
    }
    case 'subquery': return compileSubquery(e, layout, env);
  }
}

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
  if (e.kind === 'param') { const i = e.index; return (ctx) => paramValue(ctx, i); }
  const ev = compileExpr(e, layout, env);
  return (ctx) => {
    const v = ev(ONE_ROW, null, ctx);
    if (v.type === 'null' || (v.nulls !== null && v.nulls[0] === 1)) return null;
    return v.type === 'boolean' ? (v.data as Uint8Array)[0] === 1 : (v.data as ArrayLike<JsValue>)[0]!;
  };
}

function hasAny(nulls: Uint8Array, sel: Selection, n: number): boolean {
  const m = sel === null ? n : sel.length;
  for (let k = 0; k < m; k++) if (nulls[sel === null ? k : sel[k]!] === 1) return true;
  return false;
}

/** Three-valued AND / OR with short-circuit: later arguments only see undecided rows. */
function compileAndOr(args: Evaluator[], isAnd: boolean): Evaluator {
  const decided = isAnd ? 0 : 1;
  return (b, sel, ctx) => {
    const n = b.length;
    const out = new Uint8Array(n);
    let nulls: Uint8Array | null = null;
    let active: Selection = sel;
    const m0 = sel === null ? n : sel.length;
    for (let k = 0; k < m0; k++) out[sel === null ? k : sel[k]!] = 1 - decided;
    for (let a = 0; a < args.length; a++) {
      const m = active === null ? n : active.length;
      if (m === 0) break;
      const v = args[a]!(b, active, ctx);
      const d = v.data as Uint8Array, vn = v.type === 'null' ? null : v.nulls;
      const allNull = v.type === 'null';
      const next = new Int32Array(m);
      let c = 0;
      for (let k = 0; k < m; k++) {
        const i = active === null ? k : active[k]!;
        if (allNull || (vn !== null && vn[i] === 1)) {
          if (nulls === null) nulls = new Uint8Array(n);
          nulls[i] = 1;
          next[c++] = i;
        } else if (d[i] === decided) {
          out[i] = decided;
          if (nulls !== null) nulls[i] = 0;
        } else {
          next[c++] = i;
        }
      }
      active = c === m && active !== null ? active : next.subarray(0, c);
    }
    return { type: 'boolean', length: n, data: out, nulls };
  };
}

/**
 * Compiles a predicate into a selection filter: returns the positions (within `sel`) where the
 * predicate is TRUE. AND chains narrow the selection conjunct by conjunct.
 */
export function compileFilter(e: BoundExpr, layout: Layout, env: CompileEnv): (b: Batch, sel: Selection, ctx: ExecContext) => Int32Array {
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
  const ev = compileExpr(e, layout, env);
  return (b, sel, ctx) => trueRows(ev(b, sel, ctx), b.length, sel);
}

/** 0..n-1. */
export function allRows(n: number): Int32Array {
  const s = new Int32Array(n);
  for (let i = 0; i < n; i++) s[i] = i;
  return s;
}

/** Positions where a boolean vector is TRUE. */
export function trueRows(v: Vector, n: number, sel: Selection): Int32Array {
  if (v.type === 'null') return new Int32Array(0);
  const d = v.data as Uint8Array, nl = v.nulls;
  const m = sel === null ? n : sel.length;
  const out = new Int32Array(m);
  let c = 0;
  if (nl === null) {
    if (sel === null) { for (let i = 0; i < n; i++) if (d[i] === 1) out[c++] = i; }
    else for (let k = 0; k < m; k++) { const i = sel[k]!; if (d[i] === 1) out[c++] = i; }
  } else {
    for (let k = 0; k < m; k++) { const i = sel === null ? k : sel[k]!; if (d[i] === 1 && nl[i] === 0) out[c++] = i; }
  }
  return c === m ? out : out.slice(0, c);
}

function compileBitop(e: BoundExpr & { kind: 'bitop' }, layout: Layout, env: CompileEnv): Evaluator {
  const l = compileExpr(e.left, layout, env);
  const r = e.right === null ? null : compileExpr(e.right, layout, env);
  const { op, type } = e;
  return (b, sel, ctx) => {
    const x = l(b, sel, ctx), y = r === null ? null : r(b, sel, ctx);
    const n = b.length;
    const nulls = unionNulls(x.nulls, y === null ? null : y.nulls, n);
    const m = sel === null ? n : sel.length;
    if (type === 'bigint') {
      const a = x.data as BigInt64Array, c = y === null ? null : (y.data as ArrayLike<unknown>), out = new BigInt64Array(n);
      for (let k = 0; k < m; k++) {
        const i = sel === null ? k : sel[k]!;
        const v = a[i]!;
        switch (op) {
          case '&': out[i] = v & (c![i] as bigint); break;
          case '|': out[i] = v | (c![i] as bigint); break;
          case '~': out[i] = ~v; break;
          case '<<': out[i] = BigInt.asIntN(64, v << BigInt(c![i] as number)); break;
          case '>>': out[i] = v >> BigInt(c![i] as number); break;
        }
      }
      return { type, length: n, data: out, nulls };
    }
    const a = x.data as Int32Array, c = y === null ? null : (y.data as Int32Array), out = new Int32Array(n);
    for (let k = 0; k < m; k++) {
      const i = sel === null ? k : sel[k]!;
      const v = a[i]!;
      switch (op) {
        case '&': out[i] = v & c![i]!; break;
        case '|': out[i] = v | c![i]!; break;
        case '~': out[i] = ~v; break;
        case '<<': out[i] = v << c![i]!; break;
        case '>>': out[i] = v >> c![i]!; break;
      }
    }
    return { type, length: n, data: out, nulls };
  };
}

/** Hashable form of a value for IN sets (bytes become strings). */
function setKey(v: unknown): unknown {
  if (v instanceof Uint8Array) {
    let s = '';
    for (let i = 0; i < v.length; i++) s += String.fromCharCode(v[i]!);
    return s;
  }
  if (typeof v === 'number' && v === 0) return 0; // -0 and 0 are the same
  return v;
}

function compileInList(e: BoundExpr & { kind: 'in_list' }, layout: Layout, env: CompileEnv): Evaluator {
  const arg = compileExpr(e.arg, layout, env);
  const negated = e.negated;
  const scalars = e.list.map((x) => scalarOf(x, layout, env));
  if (scalars.every((x) => x !== null)) {
    const allConst = e.list.every((x) => x.kind === 'const');
    let fixed: { set: Set<unknown>; hasNull: boolean; hasNaN: boolean } | null = null;
    const buildSet = (ctx: ExecContext) => {
      if (fixed !== null) return fixed;
      const set = new Set<unknown>();
      let hasNull = false, hasNaN = false;
      for (const sc of scalars) {
        const v = sc!(ctx);
        if (v === null) hasNull = true;
        else if (typeof v === 'number' && v !== v) hasNaN = true;
        else set.add(setKey(v));
      }
      const r = { set, hasNull, hasNaN };
      if (allConst) fixed = r;
      return r;
    };
    return (b, sel, ctx) => {
      const { set, hasNull, hasNaN } = buildSet(ctx);
      const v = arg(b, sel, ctx);
      const n = b.length, out = new Uint8Array(n);
      let nulls: Uint8Array | null = null;
      const d = v.data as ArrayLike<unknown>, vn = v.nulls;
      const m = sel === null ? n : sel.length;
      const isBool = v.type === 'boolean';
      for (let k = 0; k < m; k++) {
        const i = sel === null ? k : sel[k]!;
        if (v.type === 'null' || (vn !== null && vn[i] === 1)) { (nulls ??= new Uint8Array(n))[i] = 1; continue; }
        const x = isBool ? d[i] === 1 : d[i];
        const found = set.has(setKey(x)) || (hasNaN && x !== x);
        if (found) out[i] = negated ? 0 : 1;
        else if (hasNull) (nulls ??= new Uint8Array(n))[i] = 1;
        else out[i] = negated ? 1 : 0;
      }
      return { type: 'boolean', length: n, data: out, nulls };
    };
  }
  const items = e.list.map((x) => compileExpr(x, layout, env));
  const cmp = comparatorFor(e.arg.type);
  return (b, sel, ctx) => {
    const v = arg(b, sel, ctx);
    const vs = items.map((it) => it(b, sel, ctx));
    const n = b.length, out = new Uint8Array(n);
    let nulls: Uint8Array | null = null;
    const m = sel === null ? n : sel.length;
    for (let k = 0; k < m; k++) {
      const i = sel === null ? k : sel[k]!;
      if (v.type === 'null' || (v.nulls !== null && v.nulls[i] === 1)) { (nulls ??= new Uint8Array(n))[i] = 1; continue; }
      const x = (v.data as ArrayLike<unknown>)[i];
      let found = false, sawNull = false;
      for (const w of vs) {
        if (w.type === 'null' || (w.nulls !== null && w.nulls[i] === 1)) { sawNull = true; continue; }
        if (cmp(x, (w.data as ArrayLike<unknown>)[i]) === 0) { found = true; break; }
      }
      if (found) out[i] = negated ? 0 : 1;
      else if (sawNull) (nulls ??= new Uint8Array(n))[i] = 1;
      else out[i] = negated ? 1 : 0;
    }
    return { type: 'boolean', length: n, data: out, nulls };
  };
}

/** `[NOT] LIKE|ILIKE` through the linear matcher of `kernels/like.ts`; a row-constant pattern compiles once. */
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

function compileCase(e: BoundExpr & { kind: 'case' }, layout: Layout, env: CompileEnv): Evaluator {
  const whens = e.whens.map((w) => ({ when: compileFilter(w.when, layout, env), then: compileExpr(w.then, layout, env) }));
  const elseE = compileExpr(e.elseExpr, layout, env);
  const type = e.type;
  return (b, sel, ctx) => {
    const n = b.length;
    const out = allocData(type, n) as unknown as unknown[];
    const nulls = new Uint8Array(n);
    let anyNull = false;
    let remaining: Int32Array = sel === null ? allRows(n) : sel;
    const take = (v: Vector, rows: Int32Array) => {
      const d = v.data as unknown as unknown[];
      const allNull = v.type === 'null';
      const isBool = type === 'boolean';
      for (let k = 0; k < rows.length; k++) {
        const i = rows[k]!;
        if (allNull || (v.nulls !== null && v.nulls[i] === 1)) { nulls[i] = 1; anyNull = true; }
        else out[i] = isBool ? (d[i] as number) : d[i];
      }
    };
    for (const w of whens) {
      if (remaining.length === 0) break;
      const hit = w.when(b, remaining, ctx);
      if (hit.length > 0) {
        take(w.then(b, hit, ctx), hit);
        remaining = subtractSorted(remaining, hit);
      }
    }
    if (remaining.length > 0) take(elseE(b, remaining, ctx), remaining);
    return { type, length: n, data: out as unknown as Vector['data'], nulls: anyNull ? nulls : null };
  };
}

/** a \ b for ascending position lists where b ⊆ a. */
export function subtractSorted(a: Int32Array, b: Int32Array): Int32Array {
  const out = new Int32Array(a.length - b.length);
  let j = 0, c = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    if (j < b.length && b[j] === x) { j++; continue; }
    out[c++] = x;
  }
  return c === out.length ? out : out.subarray(0, c);
}

// ───────────────────────────── subqueries ─────────────────────────────

interface SubqueryState {
  op: PhysicalOp | null;
}

/** Hashable form of an IN-subquery value. */
function subKey(v: JsValue): unknown {
  return setKey(v);
}

function compileSubquery(e: SubqueryExpr, layout: Layout, env: CompileEnv): Evaluator {
  const state: SubqueryState = { op: null };
  const loadOp = (): PhysicalOp => (state.op ??= env.compilePlan(e.plan));
  const arg = e.arg === null ? null : compileExpr(e.arg, layout, env);
  const corr = e.correlated;
  const corrPos = corr.map((id) => layout.get(id));
  const type = e.type;
  const mode = e.mode;

  /** Runs the subquery once for the current ctx.outer and summarizes it. */
  const runOnce = (ctx: ExecContext): SubResult => {
    const batch = loadOp().run(ctx);
    if (mode === 'exists') return { kind: 'exists', value: batch.length > 0 };
    if (mode === 'scalar') {
      if (batch.length > 1) throw new DbError(SqlState.CARDINALITY_VIOLATION, 'more than one row returned by a subquery used as an expression');
      if (batch.length === 0) return { kind: 'scalar', value: null };
      const v = batch.columns[0]!;
      const isNull = v.type === 'null' || (v.nulls !== null && v.nulls[0] === 1);
      const raw = isNull ? null : (v.data as ArrayLike<JsValue>)[0]!;
      return { kind: 'scalar', value: v.type === 'boolean' && raw !== null ? raw === 1 || raw === true : raw };
    }
    const set = new Set<unknown>();
    let hasNull = false;
    const v = batch.columns[0]!;
    const d = v.data as ArrayLike<unknown>;
    for (let i = 0; i < batch.length; i++) {
      if (v.type === 'null' || (v.nulls !== null && v.nulls[i] === 1)) hasNull = true;
      else set.add(subKey((v.type === 'boolean' ? d[i] === 1 : d[i]) as JsValue));
    }
    return { kind: 'in', set, hasNull, empty: batch.length === 0 };
  };

  return (b, sel, ctx) => {
    const n = b.length;
    const m = sel === null ? n : sel.length;
    const av = arg === null ? null : arg(b, sel, ctx);
    let memo: Map<string, SubResult> | null = null;
    let single: SubResult | null = null;
    if (corr.length === 0) {
      single = ctx.subqueryCache.get(e) as SubResult | undefined ?? null;
      if (single === null) { single = runOnce(ctx); ctx.subqueryCache.set(e, single); }
    } else {
      memo = (ctx.subqueryCache.get(e) as Map<string, SubResult> | undefined) ?? null;
      if (memo === null) { memo = new Map(); ctx.subqueryCache.set(e, memo); }
    }
    const outData = allocData(type === 'null' ? 'text' : type, n) as unknown as unknown[];
    const nulls = new Uint8Array(n);
    let anyNull = false;
    const saved = corr.map((id) => (ctx.outer.has(id) ? ctx.outer.get(id) : undefined));
    try {
      for (let k = 0; k < m; k++) {
        const i = sel === null ? k : sel[k]!;
        let res = single;
        if (res === null) {
          let key = '';
          for (let c = 0; c < corr.length; c++) {
            const pos = corrPos[c];
            let v: JsValue;
            if (pos === undefined) v = ctx.outer.get(corr[c]!) ?? null;
            else {
              const col = b.columns[pos]!;
              v = col.type === 'null' || (col.nulls !== null && col.nulls[i] === 1) ? null
                : col.type === 'boolean' ? (col.data as Uint8Array)[i] === 1 : (col.data as ArrayLike<JsValue>)[i]!;
              ctx.outer.set(corr[c]!, v);
            }
            key += typeof v === 'string' ? 's' + v.length + ':' + v : typeof v + ':' + String(v) + '|';
          }
          res = memo!.get(key) ?? null;
          if (res === null) { res = runOnce(ctx); memo!.set(key, res); }
        }
        switch (res.kind) {
          case 'exists': outData[i] = res.value ? 1 : 0; break;
          case 'scalar':
            if (res.value === null) { nulls[i] = 1; anyNull = true; }
            else outData[i] = type === 'boolean' ? (res.value ? 1 : 0) : res.value;
            break;
          case 'in': {
            const isNullArg = av!.type === 'null' || (av!.nulls !== null && av!.nulls[i] === 1);
            let r: number | null;
            if (res.empty) r = 0;
            else if (isNullArg) r = null;
            else {
              const x = av!.type === 'boolean' ? (av!.data as Uint8Array)[i] === 1 : (av!.data as ArrayLike<JsValue>)[i]!;
              r = res.set.has(subKey(x)) ? 1 : res.hasNull ? null : 0;
            }
            if (r === null) { nulls[i] = 1; anyNull = true; }
            else outData[i] = e.negated ? 1 - r : r;
            break;
          }
        }
      }
    } finally {
      for (let c = 0; c < corr.length; c++) {
        if (corrPos[c] === undefined) continue;
        const s = saved[c];
        if (s === undefined) ctx.outer.delete(corr[c]!); else ctx.outer.set(corr[c]!, s);
      }
    }
    return { type: type === 'null' ? 'text' : type, length: n, data: outData as unknown as Vector['data'], nulls: anyNull ? nulls : null };
  };
}

type SubResult =
  | { readonly kind: 'exists'; readonly value: boolean }
  | { readonly kind: 'scalar'; readonly value: JsValue }
  | { readonly kind: 'in'; readonly set: Set<unknown>; readonly hasNull: boolean; readonly empty: boolean };
