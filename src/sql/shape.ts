/**
 * Query shapes: a SELECT's text with the literals of its WHERE/ON conditions taken out, so
 * that `… WHERE id = 1` and `… WHERE id = 2` share one parsed and planned statement and differ
 * only in parameter values. {@link shapeKey} works on tokens (cheap: no parse); the first time a
 * shape is seen, {@link findLiteralSlots} checks on the parsed tree that every literal token is
 * a condition operand (never a select-list value, an ORDER/GROUP BY ordinal, a type length, …)
 * and only then is the shape shared.
 */
import type * as A from './ast.ts';
import { tokenize, TokenKind, type Token } from './lexer.ts';

/** The shape of a statement text. */
export interface ShapeKey {
  readonly key: string;
  /** The literal tokens, in order. */
  readonly literals: readonly Token[];
  /** Token index of each literal (to look at a preceding `-`). */
  readonly tokens: readonly Token[];
}

/**
 * Computes the shape key of a single SELECT/WITH statement without `$n` parameters, or null
 * when the text is not such a statement (or does not tokenize).
 */
export function shapeKey(sql: string): ShapeKey | null {
  let tokens: Token[];
  try {
    tokens = tokenize(sql);
  } catch {
    return null;
  }
  const first = tokens[0];
  if (first === undefined || first.kind !== TokenKind.Ident || (first.value !== 'select' && first.value !== 'with')) return null;
  let key = '';
  const literals: Token[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    switch (t.kind) {
      case TokenKind.Integer:
        // small integers share a shape; larger ones keep their digits (their type depends on them)
        if (t.value.length <= 9) { key += '\u0001i'; literals.push(t); } else key += ` ${t.value}`;
        break;
      case TokenKind.Decimal: key += '\u0001d'; literals.push(t); break;
      case TokenKind.String: key += '\u0001s'; literals.push(t); break;
      case TokenKind.Param: return null;
      case TokenKind.Op:
        if (t.value === ';' && i < tokens.length - 2) return null;
        key += ` ${t.value}`;
        break;
      case TokenKind.QuotedIdent: key += ` "${t.value}"`; break;
      case TokenKind.Eof: break;
      default: key += ` ${t.value}`;
    }
  }
  return { key, literals, tokens };
}

/** Where each literal token goes: the literal node to turn into a parameter, and its sign. */
export interface LiteralSlot {
  readonly node: A.LiteralExpr;
  /** True when the parser folded a preceding `-` into the literal. */
  readonly negated: boolean;
}

/**
 * Maps every literal token of a shape to a literal node in a condition (WHERE / JOIN ON,
 * including those of subqueries), or returns null when some literal token is anywhere else.
 */
export function findLiteralSlots(stmt: A.Statement, shape: ShapeKey): LiteralSlot[] | null {
  if (stmt.kind !== 'query') return null;
  const all = new Map<number, A.LiteralExpr[]>();
  const safe = new Set<A.LiteralExpr>();
  collectQuery(stmt.query, all, safe);
  const slots: LiteralSlot[] = [];
  const tokens = shape.tokens;
  let li = 0;
  for (let i = 0; i < tokens.length && li < shape.literals.length; i++) {
    const t = tokens[i]!;
    if (t !== shape.literals[li]) continue;
    li++;
    const prev = tokens[i - 1];
    let nodes = all.get(t.start);
    let negated = false;
    if (nodes === undefined && prev !== undefined && prev.kind === TokenKind.Op && prev.value === '-') {
      nodes = all.get(prev.start);
      negated = true;
    }
    if (nodes === undefined || nodes.length !== 1) return null;
    const node = nodes[0]!;
    if (!safe.has(node)) return null;
    const want = t.kind === TokenKind.String ? 'string' : t.kind === TokenKind.Integer ? 'integer' : 'decimal';
    if (node.type !== want) return null;
    slots.push({ node, negated });
  }
  return li === shape.literals.length ? slots : null;
}

/** The JS value of a literal token for a slot (integers parsed; strings and decimals — exact numerics — as written). */
export function slotValue(t: Token, negated: boolean): string | number {
  if (t.kind === TokenKind.String) return t.value;
  if (t.kind === TokenKind.Decimal) return negated ? '-' + t.value : t.value;
  const n = Number(t.value);
  return negated ? -n : n;
}

type Found = Map<number, A.LiteralExpr[]>;

function note(all: Found, e: A.LiteralExpr): void {
  const list = all.get(e.pos);
  if (list === undefined) all.set(e.pos, [e]); else list.push(e);
}

function collectQuery(query: A.Query, all: Found, safe: Set<A.LiteralExpr>): void {
  // a left-deep chain of set operations (thousands of UNION ALL branches) is walked iteratively
  let q = query;
  while (q.kind === 'set_op') {
    collectQueryLevel(q, all, safe);
    collectQuery(q.right, all, safe);
    q = q.left;
  }
  collectQueryLevel(q, all, safe);
}

/** One query level: its WITH, ORDER BY, LIMIT/OFFSET and, for a SELECT or VALUES, its clauses. */
function collectQueryLevel(q: A.Query, all: Found, safe: Set<A.LiteralExpr>): void {
  if (q.with !== null) for (const c of q.with.ctes) collectQuery(c.query, all, safe);
  for (const o of q.orderBy) collectExpr(o.expr, all, safe, false);
  if (q.limit !== null) collectExpr(q.limit, all, safe, false);
  if (q.offset !== null) collectExpr(q.offset, all, safe, false);
  switch (q.kind) {
    case 'select':
      for (const it of q.items) collectExpr(it.expr, all, safe, false);
      for (const e of q.distinctOn) collectExpr(e, all, safe, false);
      for (const f of q.from) collectFrom(f, all, safe);
      if (q.where !== null) collectExpr(q.where, all, safe, true);
      for (const g of q.groupBy) collectExpr(g, all, safe, false);
      if (q.having !== null) collectExpr(q.having, all, safe, false);
      for (const w of q.windows) collectWindow(w.spec, all, safe);
      break;
    case 'set_op': break; // its branches: collectQuery
    case 'values': for (const r of q.rows) for (const e of r) if (e !== null) collectExpr(e, all, safe, false); break;
  }
}

function collectFrom(f: A.FromItem, all: Found, safe: Set<A.LiteralExpr>): void {
  switch (f.kind) {
    case 'table_ref': break;
    case 'subquery_ref': collectQuery(f.query, all, safe); break;
    case 'values_ref': collectQuery(f.values, all, safe); break;
    case 'function_ref': collectExpr(f.func, all, safe, false); break;
    case 'join_ref':
      collectFrom(f.left, all, safe);
      collectFrom(f.right, all, safe);
      if (f.on !== null) collectExpr(f.on, all, safe, true);
      break;
  }
}

function collectWindow(w: A.WindowSpec, all: Found, safe: Set<A.LiteralExpr>): void {
  for (const p of w.partitionBy) collectExpr(p, all, safe, false);
  for (const o of w.orderBy) collectExpr(o.expr, all, safe, false);
  if (w.frame !== null) {
    if (w.frame.start.offset !== null) collectExpr(w.frame.start.offset, all, safe, false);
    if (w.frame.end.offset !== null) collectExpr(w.frame.end.offset, all, safe, false);
  }
}

/** Walks an expression; `cond` marks literals reached inside a WHERE/ON condition. */
function collectExpr(e: A.Expr, all: Found, safe: Set<A.LiteralExpr>, cond: boolean): void {
  const stack: A.Expr[] = [e];
  while (stack.length > 0) {
    const x = stack.pop()!;
    switch (x.kind) {
      case 'literal': note(all, x); if (cond) safe.add(x); break;
      case 'param': case 'column': case 'star': break;
      case 'unary': stack.push(x.operand); break;
      case 'binary': stack.push(x.left, x.right); break;
      case 'is_null': case 'is_bool': stack.push(x.operand); break;
      case 'is_distinct': stack.push(x.left, x.right); break;
      case 'between': stack.push(x.operand, x.low, x.high); break;
      case 'in_list': stack.push(x.operand); for (const it of x.list) stack.push(it); break;
      case 'in_subquery': stack.push(x.operand); collectQuery(x.query, all, safe); break;
      case 'quantified':
        stack.push(x.operand);
        if (x.query !== null) collectQuery(x.query, all, safe);
        if (x.list !== null) for (const it of x.list) stack.push(it);
        break;
      case 'exists': case 'subquery': collectQuery(x.query, all, safe); break;
      case 'like': stack.push(x.operand, x.pattern); if (x.escape !== null) stack.push(x.escape); break;
      case 'case':
        if (x.operand !== null) stack.push(x.operand);
        for (const w of x.whens) stack.push(w.when, w.then);
        if (x.elseExpr !== null) stack.push(x.elseExpr);
        break;
      case 'cast':
        // a cast of a literal is folded at bind time (typed literals, '…'::date): keep it literal
        if (x.operand.kind === 'literal') note(all, x.operand); else stack.push(x.operand);
        break;
      case 'func':
        // literals inside function calls stay literals (some functions want constant arguments)
        for (const a of x.args) {
          if (a.kind === 'literal') note(all, a); else collectExpr(a, all, safe, false);
        }
        if (x.filter !== null) collectExpr(x.filter, all, safe, false);
        for (const o of x.orderBy) collectExpr(o.expr, all, safe, false);
        if (x.over !== null) collectWindow(x.over, all, safe);
        break;
      case 'array': for (const it of x.items) stack.push(it); break;
    }
  }
}
