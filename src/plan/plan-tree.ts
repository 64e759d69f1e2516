/**
 * Walkers over bound expressions and logical plans, shared by the binder and the rewrite rules
 * (`rules/*.ts`): column collection, volatility, conjunct splitting, structural equality, and
 * mappers that rebuild an expression's children or a plan node's expressions.
 */
import type { BoundExpr, LogicalPlan, SortKey } from './logical.ts';

/** Collects the column ids an expression reads (outer refs included when `withOuter`). */
export function collectColumns(e: BoundExpr, out: Set<number>, withOuter = false): Set<number> {
  switch (e.kind) {
    case 'col': out.add(e.id); break;
    case 'outer': if (withOuter) out.add(e.id); break;
    case 'const': case 'param': break;
    case 'func': case 'coalesce': for (const a of e.args) collectColumns(a, out, withOuter); break;
    case 'and': case 'or': for (const a of e.args) collectColumns(a, out, withOuter); break;
    case 'arith': case 'cmp': case 'distinct_from': case 'nullif': case 'concat': case 'json_get':
      collectColumns(e.left, out, withOuter); collectColumns(e.right, out, withOuter); break;
    case 'bitop': collectColumns(e.left, out, withOuter); if (e.right) collectColumns(e.right, out, withOuter); break;
    case 'neg': case 'not': case 'is_null': case 'is_bool': case 'cast': collectColumns(e.arg, out, withOuter); break;
    case 'in_list': collectColumns(e.arg, out, withOuter); for (const a of e.list) collectColumns(a, out, withOuter); break;
    case 'like': collectColumns(e.arg, out, withOuter); collectColumns(e.pattern, out, withOuter); if (e.escape) collectColumns(e.escape, out, withOuter); break;
    case 'case':
      for (const w of e.whens) { collectColumns(w.when, out, withOuter); collectColumns(w.then, out, withOuter); }
      collectColumns(e.elseExpr, out, withOuter); break;
    case 'subquery':
      if (e.arg) collectColumns(e.arg, out, withOuter);
      for (const id of e.correlated) out.add(id);
      break;
    case 'let': collectColumns(e.value, out, withOuter); collectColumns(e.body, out, withOuter); break;
    case 'let_ref': break;
  }
  return out;
}

/** True when the expression (transitively) contains a volatile function or a subquery. */
export function isVolatile(e: BoundExpr): boolean {
  switch (e.kind) {
    case 'func': return e.fn.volatile || e.args.some(isVolatile);
    case 'subquery': return true;
    case 'const': case 'param': case 'col': case 'outer': return false;
    case 'coalesce': case 'and': case 'or': return e.args.some(isVolatile);
    case 'arith': case 'cmp': case 'distinct_from': case 'nullif': case 'concat': case 'json_get':
      return isVolatile(e.left) || isVolatile(e.right);
    case 'bitop': return isVolatile(e.left) || (e.right !== null && isVolatile(e.right));
    case 'neg': case 'not': case 'is_null': case 'is_bool': case 'cast': return isVolatile(e.arg);
    case 'in_list': return isVolatile(e.arg) || e.list.some(isVolatile);
    case 'like': return isVolatile(e.arg) || isVolatile(e.pattern) || (e.escape !== null && isVolatile(e.escape));
    case 'case': return e.whens.some((w) => isVolatile(w.when) || isVolatile(w.then)) || isVolatile(e.elseExpr);
    case 'let': return isVolatile(e.value) || isVolatile(e.body);
    case 'let_ref': return false;
  }
}

/** Splits an expression into its AND conjuncts. */
export function conjuncts(e: BoundExpr | null, out: BoundExpr[] = []): BoundExpr[] {
  if (e === null) return out;
  if (e.kind === 'and') for (const a of e.args) conjuncts(a, out);
  else out.push(e);
  return out;
}

/** Joins conjuncts back with AND (null when empty). */
export function andAll(parts: readonly BoundExpr[]): BoundExpr | null {
  if (parts.length === 0) return null;
  if (parts.length === 1) return parts[0]!;
  return { kind: 'and', type: 'boolean', args: parts };
}

/** Structural equality of bound expressions (functions compared by name). */
export function exprEquals(a: BoundExpr, b: BoundExpr): boolean {
  if (a === b) return true;
  if (a.kind !== b.kind || a.type !== b.type) return false;
  switch (a.kind) {
    case 'const': {
      const bv = (b as typeof a).value;
      if (a.value instanceof Uint8Array || bv instanceof Uint8Array) {
        return a.value instanceof Uint8Array && bv instanceof Uint8Array && bytesEqual(a.value, bv);
      }
      return a.value === bv || (typeof a.value === 'number' && Number.isNaN(a.value) && typeof bv === 'number' && Number.isNaN(bv));
    }
    case 'param': return a.index === (b as typeof a).index;
    case 'col': case 'outer': return a.id === (b as typeof a).id;
    case 'func': { const o = b as typeof a; return a.fn.name === o.fn.name && !a.fn.volatile && listEquals(a.args, o.args); }
    case 'arith': { const o = b as typeof a; return a.op === o.op && exprEquals(a.left, o.left) && exprEquals(a.right, o.right); }
    case 'cmp': { const o = b as typeof a; return a.op === o.op && exprEquals(a.left, o.left) && exprEquals(a.right, o.right); }
    case 'bitop': { const o = b as typeof a; return a.op === o.op && exprEquals(a.left, o.left) && (a.right === null ? o.right === null : o.right !== null && exprEquals(a.right, o.right)); }
    case 'concat': case 'nullif': { const o = b as typeof a; return exprEquals(a.left, o.left) && exprEquals(a.right, o.right); }
    case 'json_get': { const o = b as typeof a; return a.asText === o.asText && exprEquals(a.left, o.left) && exprEquals(a.right, o.right); }
    case 'distinct_from': { const o = b as typeof a; return a.negated === o.negated && exprEquals(a.left, o.left) && exprEquals(a.right, o.right); }
    case 'neg': case 'not': return exprEquals(a.arg, (b as typeof a).arg);
    case 'cast': {
      const t = (b as typeof a).typmod;
      return exprEquals(a.arg, (b as typeof a).arg) && a.maxLength === (b as typeof a).maxLength
        && (a.typmod === undefined ? t === undefined : t !== undefined && a.typmod.precision === t.precision && a.typmod.scale === t.scale);
    }
    case 'is_null': return a.negated === (b as typeof a).negated && exprEquals(a.arg, (b as typeof a).arg);
    case 'is_bool': { const o = b as typeof a; return a.negated === o.negated && a.value === o.value && exprEquals(a.arg, o.arg); }
    case 'and': case 'or': case 'coalesce': return listEquals(a.args, (b as typeof a).args);
    case 'in_list': { const o = b as typeof a; return a.negated === o.negated && exprEquals(a.arg, o.arg) && listEquals(a.list, o.list); }
    case 'like': {
      const o = b as typeof a;
      return a.negated === o.negated && a.ci === o.ci && exprEquals(a.arg, o.arg) && exprEquals(a.pattern, o.pattern)
        && (a.escape === null ? o.escape === null : o.escape !== null && exprEquals(a.escape, o.escape));
    }
    case 'case': {
      const o = b as typeof a;
      return a.whens.length === o.whens.length && a.whens.every((w, i) => exprEquals(w.when, o.whens[i]!.when) && exprEquals(w.then, o.whens[i]!.then)) && exprEquals(a.elseExpr, o.elseExpr);
    }
    case 'subquery': return false;
    case 'let': { const o = b as typeof a; return exprEquals(a.value, o.value) && exprEquals(a.body, o.body); }
    // a reference reads an enclosing let, whose values were compared above
    case 'let_ref': return a.up === (b as typeof a).up;
  }
}

function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function listEquals(a: readonly BoundExpr[], b: readonly BoundExpr[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!exprEquals(a[i]!, b[i]!)) return false;
  return true;
}

/** Rebuilds an expression with each direct child mapped. */
export function mapChildren(e: BoundExpr, f: (c: BoundExpr) => BoundExpr): BoundExpr {
  switch (e.kind) {
    case 'const': case 'param': case 'col': case 'outer': return e;
    case 'func': return { ...e, args: e.args.map(f) };
    case 'coalesce': return { ...e, args: e.args.map(f) };
    case 'and': case 'or': return { ...e, args: e.args.map(f) };
    case 'arith': return { ...e, left: f(e.left), right: f(e.right) };
    case 'cmp': return { ...e, left: f(e.left), right: f(e.right) };
    case 'bitop': return { ...e, left: f(e.left), right: e.right === null ? null : f(e.right) };
    case 'concat': return { ...e, left: f(e.left), right: f(e.right) };
    case 'nullif': return { ...e, left: f(e.left), right: f(e.right) };
    case 'json_get': return { ...e, left: f(e.left), right: f(e.right) };
    case 'distinct_from': return { ...e, left: f(e.left), right: f(e.right) };
    case 'neg': return { ...e, arg: f(e.arg) };
    case 'not': return { ...e, arg: f(e.arg) };
    case 'cast': return { ...e, arg: f(e.arg) };
    case 'is_null': return { ...e, arg: f(e.arg) };
    case 'is_bool': return { ...e, arg: f(e.arg) };
    case 'in_list': return { ...e, arg: f(e.arg), list: e.list.map(f) };
    case 'like': return { ...e, arg: f(e.arg), pattern: f(e.pattern), escape: e.escape === null ? null : f(e.escape) };
    case 'case': return { ...e, whens: e.whens.map((w) => ({ when: f(w.when), then: f(w.then) })), elseExpr: f(e.elseExpr) };
    case 'subquery': return { ...e, arg: e.arg === null ? null : f(e.arg) };
    case 'let': return { ...e, value: f(e.value), body: f(e.body) };
    case 'let_ref': return e;
  }
}

/** Replaces outer references (by id) throughout a subquery plan. */
export function remapOuter(plan: LogicalPlan, remap: ReadonlyMap<number, number>): LogicalPlan {
  const fx = (e: BoundExpr): BoundExpr => {
    if (e.kind === 'outer') {
      const id = remap.get(e.id);
      return id === undefined ? e : { ...e, id };
    }
    if (e.kind === 'subquery') {
      return { ...e, arg: e.arg === null ? null : fx(e.arg), plan: remapOuter(e.plan, remap), correlated: e.correlated.map((id) => remap.get(id) ?? id) };
    }
    return mapChildren(e, fx);
  };
  return mapPlanExprs(plan, fx, (p) => remapOuter(p, remap));
}

/** Applies `fx` to every expression of a plan node and `fp` to its inputs. */
export function mapPlanExprs(p: LogicalPlan, fx: (e: BoundExpr) => BoundExpr, fp: (p: LogicalPlan) => LogicalPlan): LogicalPlan {
  const sk = (k: SortKey): SortKey => ({ ...k, expr: fx(k.expr) });
  switch (p.kind) {
    case 'scan': return { ...p, filters: p.filters.map(fx) };
    case 'values': return { ...p, rows: p.rows.map((r) => r.map(fx)) };
    case 'filter': return { ...p, input: fp(p.input), predicate: fx(p.predicate) };
    case 'project': return { ...p, input: fp(p.input), exprs: p.exprs.map(fx) };
    case 'join': return { ...p, left: fp(p.left), right: fp(p.right), on: p.on === null ? null : fx(p.on) };
    case 'aggregate': return {
      ...p, input: fp(p.input), groups: p.groups.map(fx),
      aggs: p.aggs.map((a) => ({ ...a, args: a.args.map(fx), filter: a.filter === null ? null : fx(a.filter), orderBy: a.orderBy.map(sk) })),
    };
    case 'window': return {
      ...p, input: fp(p.input),
      calls: p.calls.map((c) => ({ ...c, args: c.args.map(fx), partitionBy: c.partitionBy.map(fx), orderBy: c.orderBy.map(sk), filter: c.filter === null ? null : fx(c.filter) })),
    };
    case 'sort': return { ...p, input: fp(p.input), keys: p.keys.map(sk) };
    case 'limit': return { ...p, input: fp(p.input) };
    case 'distinct': return { ...p, input: fp(p.input), on: p.on.map(fx) };
    case 'setop': return { ...p, left: fp(p.left), right: fp(p.right) };
    case 'cte_scan': return p;
    case 'recursive_cte': return { ...p, anchor: fp(p.anchor), recursive: fp(p.recursive) };
    case 'function_scan': return { ...p, args: p.args.map(fx) };
  }
}

/**
 * True when `pred` holds for the expression or any expression inside it (a subquery's operand
 * included, its plan not), without allocating.
 */
export function exprSome(e: BoundExpr, pred: (x: BoundExpr) => boolean): boolean {
  if (pred(e)) return true;
  switch (e.kind) {
    case 'const': case 'param': case 'col': case 'outer': return false;
    case 'func': case 'coalesce': case 'and': case 'or':
      for (const a of e.args) if (exprSome(a, pred)) return true;
      return false;
    case 'arith': case 'cmp': case 'distinct_from': case 'nullif': case 'concat': case 'json_get':
      return exprSome(e.left, pred) || exprSome(e.right, pred);
    case 'bitop': return exprSome(e.left, pred) || (e.right !== null && exprSome(e.right, pred));
    case 'neg': case 'not': case 'is_null': case 'is_bool': case 'cast': return exprSome(e.arg, pred);
    case 'in_list':
      if (exprSome(e.arg, pred)) return true;
      for (const a of e.list) if (exprSome(a, pred)) return true;
      return false;
    case 'like': return exprSome(e.arg, pred) || exprSome(e.pattern, pred) || (e.escape !== null && exprSome(e.escape, pred));
    case 'case':
      for (const w of e.whens) if (exprSome(w.when, pred) || exprSome(w.then, pred)) return true;
      return exprSome(e.elseExpr, pred);
    case 'subquery': return e.arg !== null && exprSome(e.arg, pred);
    case 'let': return exprSome(e.value, pred) || exprSome(e.body, pred);
    case 'let_ref': return false;
  }
}

/** Operands cheap to use several times as they are (a column, a constant, a parameter). */
function isLeaf(e: BoundExpr): boolean {
  return e.kind === 'col' || e.kind === 'const' || e.kind === 'param' || e.kind === 'outer' || e.kind === 'let_ref';
}

/**
 * `build(uses)` where each operand `build` may use several times is computed once: leaves are
 * used as they are, other operands through a `let` around the result (so nested uses stay linear
 * in every later pass, instead of doubling per level).
 *
 * @example
 * ```ts
 * // x BETWEEN lo AND hi with a complex x: LET $v = x IN ($v >= lo AND $v <= hi)
 * withShared([x], ([v]) => ({ kind: 'and', type: 'boolean', args: [ge(v, lo), le(v, hi)] }));
 * ```
 */
export function withShared(operands: readonly BoundExpr[], build: (uses: readonly BoundExpr[]) => BoundExpr): BoundExpr {
  let lets = 0;
  for (const o of operands) if (!isLeaf(o)) lets++;
  if (lets === 0) return build(operands);
  let k = 0;
  const uses = operands.map((o): BoundExpr => (isLeaf(o) ? o : { kind: 'let_ref', type: o.type, up: lets - 1 - k++ }));
  let body = build(uses);
  for (let i = operands.length - 1; i >= 0; i--) {
    const o = operands[i]!;
    if (!isLeaf(o)) body = { kind: 'let', type: body.type, value: o, body };
  }
  return body;
}
