/**
 * Typed expression generation. Every production is valid PostgreSQL by construction, cannot
 * raise a runtime error (divisions go through NULLIF, integer arithmetic is bounded, casts are
 * safe) and has a deterministic value.
 */
import { famOf, INT_MAX, PREC, type Expr, type Fam, type Part, type Query, type Tpl, type Ty } from './ast.ts';
import type { Feature, Features } from './features.ts';
import type { Rng } from './rng.ts';
import { famLiteral, LIKE_PATTERNS, literal, nullLit, PATHOLOGICAL_LIKE, PATHOLOGICAL_REGEXPS, quote, rawValue, textPool } from './values.ts';

/** A column visible in a scope. `bare`: reachable by its unqualified name. */
export interface ScopeCol {
  readonly rel: string | null; readonly name: string; readonly t: Ty; readonly b: number; readonly bare: boolean;
  /** Comes from a derived table, view, CTE, VALUES or generate_series (not a base table). */
  readonly derived?: boolean;
}

/** A relation the generator can put in FROM (table, view or CTE). */
export interface RelInfo {
  readonly name: string; readonly cols: readonly { readonly name: string; readonly t: Ty; readonly b: number }[]; readonly rows: number;
  /** A view or CTE. */
  readonly derived?: boolean;
}

/** Generator-wide state: randomness, features, relations, name counter. */
export interface Gen {
  readonly rng: Rng;
  readonly f: Features;
  rels: RelInfo[];
  n: number;
  /** Builds a subquery (set by gen-query.ts; breaks the module cycle). */
  sub: (g: Gen, outer: readonly ScopeCol[], opts: SubOpts, visible: readonly RelInfo[], depth: number) => Query;
}

/** What a subquery must look like. */
export interface SubOpts {
  /** Wanted output families, in order. */
  readonly fams?: readonly Fam[];
  /** At most one row (scalar subquery). */
  readonly scalar?: boolean;
  /** A top-level statement. */
  readonly top?: boolean;
  /** Any shape, any number of columns (EXISTS). */
  readonly exists?: boolean;
  /** No ORDER BY/LIMIT (CTE arms and the like). */
  readonly noOrder?: boolean;
}

/** Where an expression is being generated. */
export interface Ctx {
  readonly g: Gen;
  readonly cols: readonly ScopeCol[];
  readonly outer: readonly ScopeCol[];
  /** Grouped query: leaves outside aggregates must be these keys (empty: scalar aggregate). */
  readonly group: readonly Expr[] | null;
  readonly aggOk: boolean;
  readonly winOk: boolean;
  /** Transcendental functions allowed (their last bits differ between libms). */
  readonly loose: boolean;
  readonly depth: number;
  readonly subDepth: number;
  readonly visible: readonly RelInfo[];
  /**
   * Shared by one select list: whether an order-sensitive window function was used. Two of them
   * with different orders pair their values differently on duplicate rows, so only one is allowed.
   */
  readonly wins?: { total: boolean };
}

const tpl = (t: Ty, tag: string, parts: Part[], b = 0, extra: { agg?: boolean; win?: boolean; frozen?: boolean } = {}): Tpl => ({
  k: 'tpl', t, tag, parts, b, ...extra,
});

const has = (c: Ctx, f: Feature): boolean => c.g.f.has(f);

/** An operator template `( … )` with its precedence; with loose_parens, rendered without the parentheses where redundant. */
function opTpl(c: Ctx, t: Ty, tag: string, parts: Part[], prec: number, b = 0): Tpl {
  const loose = has(c, 'loose_parens') && c.g.rng.chance(0.5);
  return { k: 'tpl', t, tag, parts, b, prec, ...(loose ? { loose } : {}) };
}
const deeper = (c: Ctx, d = 1): Ctx => ({ ...c, depth: c.depth - d });

const INT_RANK: Record<string, number> = { int2: 0, int4: 1, int8: 2 };
function intResult(a: Ty, b: Ty): Ty {
  return (INT_RANK[a] ?? 1) >= (INT_RANK[b] ?? 1) ? a : b;
}
function fitsInt(t: Ty, b: number): boolean {
  return b <= (INT_MAX[t] ?? 2147483647);
}

/** Columns of a family reachable from the context (scope first, then correlated outer). */
function leafCols(c: Ctx, fam: Fam): { scope: ScopeCol[]; outer: ScopeCol[] } {
  return {
    scope: c.cols.filter((x) => famOf(x.t) === fam && (x.rel !== null || x.bare)),
    outer: has(c, 'correlated') ? c.outer.filter((x) => famOf(x.t) === fam && x.rel !== null && (x.derived !== true || has(c, 'correlated_derived'))) : [],
  };
}

function colExpr(x: ScopeCol): Expr {
  return { k: 'col', t: x.t, rel: x.bare && x.rel === null ? null : x.rel, name: x.name, b: x.b };
}

/** A leaf: a column, a group key, a literal or a typed NULL. */
function leaf(c: Ctx, fam: Fam): Expr {
  const rng = c.g.rng;
  if (c.group !== null) {
    const keys = c.group.filter((k) => famOf(k.t) === fam);
    const { outer } = leafCols(c, fam);
    const choice = rng.weighted<() => Expr | null>([
      [keys.length > 0 ? 6 : 0, () => rng.pick(keys)],
      [outer.length > 0 ? 1 : 0, () => colExpr(rng.pick(outer))],
      [c.aggOk ? 4 : 0, () => aggregate(c, fam)],
      [2, () => famLiteral(rng, fam, c.g.f)],
      [0.3, () => nullLit(famType(fam))],
    ]);
    return choice() ?? famLiteral(rng, fam, c.g.f);
  }
  const { scope, outer } = leafCols(c, fam);
  const choice = rng.weighted<() => Expr>([
    [scope.length > 0 ? 7 : 0, () => colExpr(rng.pick(scope))],
    [outer.length > 0 ? 2 : 0, () => colExpr(rng.pick(outer))],
    [2, () => famLiteral(rng, fam, c.g.f)],
    [0.4, () => nullLit(famType(fam))],
  ]);
  return choice();
}

function famType(fam: Fam): Ty {
  return fam === 'int' ? 'int4' : fam === 'float' ? 'float8' : fam;
}

type Prod = readonly [number, () => Expr | null];

/** Generates an expression of a family. */
export function genExpr(c: Ctx, fam: Fam): Expr {
  if (c.depth <= 0) return leaf(c, fam);
  const prods = productions(c, fam);
  for (let tries = 0; tries < 6; tries++) {
    const e = c.g.rng.weighted(prods)();
    if (e !== null) return e;
  }
  return leaf(c, fam);
}

/** A boolean predicate. */
export function genPred(c: Ctx): Expr {
  return genExpr(c, 'bool');
}

function productions(c: Ctx, fam: Fam): Prod[] {
  const common: Prod[] = [
    [6, () => leaf(c, fam)],
    [has(c, 'case_expr') ? 1 : 0, () => caseExpr(c, fam)],
    [has(c, 'coalesce') ? 1 : 0, () => coalesce(c, fam)],
    [has(c, 'nullif') && fam !== 'json' ? 0.5 : 0, () => nullif(c, fam)],
    [has(c, 'greatest_least') && fam !== 'json' && fam !== 'bool' ? 0.5 : 0, () => greatest(c, fam)],
    [has(c, 'scalar_subquery') && c.subDepth > 0 ? 0.6 : 0, () => scalarSub(c, fam)],
    [c.winOk ? 1.5 : 0, () => windowFn(c, fam)],
  ];
  switch (fam) {
    case 'bool': return [...common, ...boolProds(c)];
    case 'int': return [...common, ...intProds(c)];
    case 'float': return [...common, ...floatProds(c)];
    case 'text': return [...common, ...textProds(c)];
    case 'date': return [...common, ...dateProds(c)];
    case 'timestamp': return [...common, ...tsProds(c)];
    case 'json': return [...common, ...jsonProds(c)];
    case 'bytea': return [...common, ...byteaProds(c)];
    case 'uuid': return common;
  }
}

// ---------------------------------------------------------------------------------------------
// generic constructs

function caseExpr(c: Ctx, fam: Fam): Expr {
  const d = deeper(c, 2);
  const rng = c.g.rng;
  const parts: Part[] = ['CASE'];
  let b = 0;
  let t: Ty | null = null;
  const n = rng.int(1, 2);
  const simple = fam !== 'json' && rng.chance(0.3);
  let subjFam: Fam = 'int';
  if (simple) {
    subjFam = rng.pick(['int', 'text', 'bool'] as const);
    parts.push(' ', genExpr(d, subjFam));
  }
  for (let i = 0; i < n; i++) {
    const v = genExpr(d, fam);
    b = Math.max(b, v.b);
    t = t === null ? v.t : unify(t, v.t);
    parts.push(' WHEN ', simple ? genExpr(d, subjFam) : genPred(d), ' THEN ', v);
  }
  if (rng.chance(0.7)) {
    const v = genExpr(d, fam);
    b = Math.max(b, v.b);
    t = unify(t ?? v.t, v.t);
    parts.push(' ELSE ', v);
  }
  parts.push(' END');
  return tpl(t ?? famType(fam), 'case', ['(', ...parts, ')'], b);
}

function unify(a: Ty, b: Ty): Ty {
  if (a === b) return a;
  const fa = famOf(a);
  if (fa === 'int' && famOf(b) === 'int') return intResult(a, b);
  if (fa === 'float') return a === 'float4' && b === 'float4' ? 'float4' : 'float8';
  if (fa === 'text') return 'text';
  return a;
}

function coalesce(c: Ctx, fam: Fam): Expr {
  const d = deeper(c);
  const n = c.g.rng.int(2, 3);
  const args: Expr[] = [];
  for (let i = 0; i < n; i++) args.push(genExpr(d, fam));
  return tpl(args.map((a) => a.t).reduce(unify), 'coalesce', ['COALESCE(', ...join(args), ')'], Math.max(...args.map((a) => a.b)));
}

function nullif(c: Ctx, fam: Fam): Expr {
  const d = deeper(c);
  const a = genExpr(d, fam);
  const b = genExpr(d, fam);
  // NULLIF is its first argument as the implied = compares it: integers compare across their
  // types without promotion (NULLIF(smallint, bigint) is smallint), other types are promoted.
  const t = famOf(a.t) === 'int' && famOf(b.t) === 'int' ? a.t : unify(a.t, b.t);
  return tpl(t, 'nullif', ['NULLIF(', a, ', ', b, ')'], a.b);
}

function greatest(c: Ctx, fam: Fam): Expr {
  const d = deeper(c);
  const args = [genExpr(d, fam), genExpr(d, fam)];
  if (c.g.rng.chance(0.3)) args.push(genExpr(d, fam));
  const fn = c.g.rng.pick(['GREATEST', 'LEAST']);
  return tpl(args.map((a) => a.t).reduce(unify), 'greatest', [`${fn}(`, ...join(args), ')'], Math.max(...args.map((a) => a.b)));
}

function join(args: readonly Expr[], sep = ', '): Part[] {
  const out: Part[] = [];
  args.forEach((a, i) => {
    if (i > 0) out.push(sep);
    out.push(a);
  });
  return out;
}

// ---------------------------------------------------------------------------------------------
// booleans

const CMP_FAMS: readonly Fam[] = ['int', 'float', 'text', 'date', 'timestamp', 'bool', 'uuid', 'bytea'];

/** A family that has columns in scope (preferred) or any comparable family. */
function someFam(c: Ctx, fams: readonly Fam[]): Fam {
  const rng = c.g.rng;
  const inScope = fams.filter((f) => c.cols.some((x) => famOf(x.t) === f) || (c.group ?? []).some((k) => famOf(k.t) === f));
  return inScope.length > 0 && rng.chance(0.85) ? rng.pick(inScope) : rng.pick(fams);
}

function cmpFams(c: Ctx): Fam[] {
  return CMP_FAMS.filter((f) => (f !== 'date' || has(c, 'date_type')) && (f !== 'timestamp' || has(c, 'timestamp_type'))
    && (f !== 'uuid' || has(c, 'uuid_type')) && (f !== 'bytea' || has(c, 'bytea_type')));
}

function boolProds(c: Ctx): Prod[] {
  const rng = c.g.rng;
  const d = deeper(c);
  return [
    [8, () => comparison(c)],
    [3, () => opTpl(c, 'bool', 'and', ['(', genPred(d), ' AND ', genPred(d), ')'], PREC.and)],
    [2, () => opTpl(c, 'bool', 'or', ['(', genPred(d), ' OR ', genPred(d), ')'], PREC.or)],
    [1.5, () => opTpl(c, 'bool', 'not', ['(NOT ', genPred(d), ')'], PREC.not)],
    [2, () => {
      const fam = someFam(c, [...cmpFams(c), ...(has(c, 'json_type') ? ['json' as const] : [])]);
      return opTpl(c, 'bool', 'isnull', ['(', genExpr(d, fam), rng.chance(0.5) ? ' IS NULL)' : ' IS NOT NULL)'], PREC.is);
    }],
    [has(c, 'is_bool') ? 1 : 0, () => opTpl(c, 'bool', 'isbool', ['(', genPred(d), ` IS ${rng.pick(['', 'NOT '])}${rng.pick(['TRUE', 'FALSE', 'UNKNOWN'])})`], PREC.is)],
    [has(c, 'is_distinct') ? 1 : 0, () => {
      const fam = someFam(c, cmpFams(c));
      return opTpl(c, 'bool', 'isdistinct', ['(', genExpr(d, fam), ` IS ${rng.pick(['', 'NOT '])}DISTINCT FROM `, genExpr(d, fam), ')'], PREC.is);
    }],
    [has(c, 'between') ? 1.5 : 0, () => {
      const fam = someFam(c, cmpFams(c).filter((f) => f !== 'bool'));
      return opTpl(c, 'bool', 'between', ['(', genExpr(d, fam), ` ${rng.pick(['', 'NOT '])}BETWEEN ${rng.chance(0.3) ? 'SYMMETRIC ' : ''}`,
        genExpr(d, fam), ' AND ', genExpr(d, fam), ')'], PREC.like);
    }],
    [has(c, 'in_list') ? 2 : 0, () => {
      const fam = someFam(c, cmpFams(c));
      const n = rng.int(1, 4);
      const xs: Expr[] = [];
      for (let i = 0; i < n; i++) xs.push(rng.chance(0.15) ? nullLit(famType(fam)) : rng.chance(0.7) ? famLiteral(rng, fam, c.g.f) : genExpr(d, fam));
      return opTpl(c, 'bool', 'inlist', ['(', genExpr(d, fam), ` ${rng.pick(['', 'NOT '])}IN (`, ...join(xs), '))'], PREC.like);
    }],
    [has(c, 'like') ? 1.5 : 0, () => like(c)],
    [has(c, 'string_funcs') ? 0.5 : 0, () => tpl('bool', 'starts_with', ['starts_with(', genExpr(d, 'text'), ', ', famLiteral(rng, 'text', c.g.f), ')'])],
    [has(c, 'regexp') ? 0.4 : 0, () => tpl('bool', 'regexp_like', ['regexp_like(', genExpr(d, 'text'), `, ${quote(regexp(c))})`])],
    [has(c, 'exists_subquery') && c.subDepth > 0 ? 1.5 : 0, () => existsSub(c)],
    [has(c, 'in_subquery') && c.subDepth > 0 && inScopeOk(c) ? 1.5 : 0, () => inSub(c, false)],
    [has(c, 'not_in_subquery') && c.subDepth > 0 && inScopeOk(c) ? 1 : 0, () => inSub(c, true)],
    [has(c, 'any_all_subquery') && c.subDepth > 0 ? 1 : 0, () => anyAllSub(c)],
  ];
}

/** [NOT] IN (subquery) here: allowed unless the scope has derived columns and that is switched off. */
function inScopeOk(c: Ctx): boolean {
  return has(c, 'in_derived_scope') || !c.cols.some((x) => x.derived === true);
}

function regexp(c: Ctx): string {
  return has(c, 'pathological_patterns') && c.g.rng.chance(0.1) ? c.g.rng.pick(PATHOLOGICAL_REGEXPS) : c.g.rng.pick(REGEXPS);
}

const REGEXPS = ['a', '^a', 'b$', '[a-c]', 'a.c', 'o+', '^$', '[0-9]', 'l{2}', '(ab|ba)'];

function comparison(c: Ctx): Expr {
  const rng = c.g.rng;
  const d = deeper(c);
  const op = rng.pick(['=', '<>', '<', '<=', '>', '>=', '!=']);
  const fam = someFam(c, cmpFams(c));
  if (fam === 'date' && has(c, 'text_date_compare') && rng.chance(0.15)) {
    return opTpl(c, 'bool', 'cmp_date_text', ['(', genExpr(d, 'date'), ` ${op} ${quote(String(rawValue(rng, 'date', c.g.f, false)))})`], PREC.cmp);
  }
  if ((fam === 'date' || fam === 'timestamp') && has(c, 'date_ts_compare') && has(c, 'date_type') && has(c, 'timestamp_type') && rng.chance(0.15)) {
    return opTpl(c, 'bool', 'cmp_date_ts', ['(', genExpr(d, 'date'), ` ${op} `, genExpr(d, 'timestamp'), ')'], PREC.cmp);
  }
  const rf: Fam = fam === 'int' && rng.chance(0.2) ? 'float' : fam === 'float' && rng.chance(0.3) ? 'int' : fam;
  const l = genExpr(d, fam);
  const r = rng.chance(0.4) ? famLiteral(rng, rf, c.g.f) : genExpr(d, rf);
  return opTpl(c, 'bool', 'cmp', ['(', l, ` ${op} `, r, ')'], PREC.cmp);
}

function like(c: Ctx): Expr {
  const rng = c.g.rng;
  const d = deeper(c);
  const op = has(c, 'ilike') && rng.chance(0.35) ? 'ILIKE' : 'LIKE';
  const not = rng.chance(0.3) ? 'NOT ' : '';
  const s = genExpr(d, 'text');
  if (has(c, 'like_column_pattern') && rng.chance(0.15)) {
    return opTpl(c, 'bool', 'like_col', ['(', s, ` ${not}${op} `, genExpr(d, 'text'), ')'], PREC.like);
  }
  const esc = has(c, 'like_escape') && rng.chance(0.25);
  const pats = LIKE_PATTERNS.filter((p) => (esc || !p.includes('!')) && (has(c, 'like_dash') || !p.includes('-')));
  const pat = has(c, 'pathological_patterns') && rng.chance(0.05) ? rng.pick(PATHOLOGICAL_LIKE) : rng.pick(pats);
  return opTpl(c, 'bool', op === 'LIKE' ? 'like' : 'ilike', ['(', s, ` ${not}${op} ${quote(pat)}${esc ? " ESCAPE '!'" : ''})`], PREC.like);
}

// ---------------------------------------------------------------------------------------------
// integers

function intProds(c: Ctx): Prod[] {
  const rng = c.g.rng;
  const d = deeper(c);
  const arith = (op: string): Expr | null => {
    const a = genExpr(d, 'int');
    const b = genExpr(d, 'int');
    const t = intResult(a.t, b.t);
    let bound: number;
    let parts: Part[];
    switch (op) {
      case '+': case '-': bound = a.b + b.b; parts = ['(', a, ` ${op} `, b, ')']; break;
      case '*': bound = a.b * b.b; parts = ['(', a, ' * ', b, ')']; break;
      case '/': bound = a.b; parts = ['(', a, ' / NULLIF(', b, ', 0))']; break;
      default: bound = a.b; parts = ['(', a, ' % NULLIF(', b, ', 0))']; break;
    }
    // Division by -1 of the type minimum overflows: keep operands strictly inside the range.
    if (!fitsInt(t, bound) || !fitsInt(t, a.b) || !fitsInt(t, b.b) || !Number.isFinite(bound)) return null;
    return opTpl(c, t, `arith${op}`, parts, op === '+' || op === '-' ? PREC.add : PREC.mul, bound);
  };
  return [
    [3, () => arith(rng.pick(['+', '-', '*']))],
    [1, () => arith(rng.pick(['/', '%']))],
    [0.6, () => {
      const a = genExpr(d, 'int');
      return fitsInt(a.t, a.b) ? tpl(a.t, 'neg', ['(- ', a, ')'], a.b) : null;
    }],
    [has(c, 'math_funcs') ? 0.8 : 0, () => {
      const a = genExpr(d, 'int');
      return fitsInt(a.t, a.b) ? tpl(a.t, 'abs', ['abs(', a, ')'], a.b) : null;
    }],
    [has(c, 'math_funcs') ? 0.5 : 0, () => {
      const a = genExpr(d, 'int');
      const b = genExpr(d, 'int');
      const t = intResult(a.t, b.t);
      return fitsInt(t, a.b) && fitsInt(t, b.b) ? tpl(t, 'mod', ['mod(', a, ', NULLIF(', b, ', 0))'], a.b) : null;
    }],
    [has(c, 'string_funcs') ? 1.5 : 0, () => {
      const fn = rng.pick(['length', 'char_length', 'octet_length', 'ascii']);
      // ascii() of a non-ASCII character is its code point.
      return tpl('int4', fn, [`${fn}(`, genExpr(d, 'text'), ')'], fn === 'ascii' ? 1114111 : 100);
    }],
    [has(c, 'string_funcs') ? 0.5 : 0, () => rng.chance(0.5)
      ? tpl('int4', 'position', ['position(', famLiteral(rng, 'text', c.g.f), ' IN ', genExpr(d, 'text'), ')'], 100)
      : tpl('int4', 'strpos', ['strpos(', genExpr(d, 'text'), ', ', famLiteral(rng, 'text', c.g.f), ')'], 100)],
    [has(c, 'date_arith') && has(c, 'date_type') ? 0.6 : 0, () => opTpl(c, 'int4', 'date_minus_date', ['(', genExpr(d, 'date'), ' - ', genExpr(d, 'date'), ')'], PREC.add, 3000000)],
    [has(c, 'int_float_cast') ? 0.5 : 0, () => {
      const a = toF8(genExpr(d, 'float'));
      if (a.b > 1e9) return null;
      return tpl('int4', 'cast_float_int', ['CAST(', a, ' AS INTEGER)'], Math.ceil(a.b) + 1);
    }],
    [has(c, 'casts') ? 0.4 : 0, () => {
      const a = genExpr(d, 'int');
      const to = rng.pick(['SMALLINT', 'INTEGER', 'BIGINT'] as const);
      const t: Ty = to === 'SMALLINT' ? 'int2' : to === 'INTEGER' ? 'int4' : 'int8';
      return fitsInt(t, a.b) ? tpl(t, 'cast_int', ['CAST(', a, ` AS ${to})`], a.b) : null;
    }],
    [has(c, 'casts') ? 0.3 : 0, () => tpl('int4', 'cast_text_int', [`CAST(${quote(String(rng.int(-50, 500)))} AS INTEGER)`], 500)],
    [has(c, 'casts') ? 0.3 : 0, () => tpl('int4', 'cast_bool_int', ['CAST(', genPred(d), ' AS INTEGER)'], 1)],
    [has(c, 'bit_ops') ? 0.6 : 0, () => {
      const a = genExpr(d, 'int');
      const b = genExpr(d, 'int');
      const t = intResult(a.t, b.t);
      if (!fitsInt(t, a.b) || !fitsInt(t, b.b)) return null;
      const op = rng.pick(has(c, 'xor_op') ? ['&', '|', '#'] : ['&', '|']);
      return opTpl(c, t, `bit${op}`, ['(', a, ` ${op} `, b, ')'], PREC.other, op === '&' ? Math.min(a.b, b.b) : 2 * Math.max(a.b, b.b) + 1);
    }],
    [has(c, 'bit_ops') ? 0.3 : 0, () => {
      const a = genExpr(d, 'int');
      const n = rng.int(0, 6);
      if (rng.chance(0.5)) return fitsInt(a.t, a.b * 64) ? opTpl(c, a.t, 'shl', ['(', a, ` << ${n})`], PREC.other, a.b * 64) : null;
      if (rng.chance(0.5)) return fitsInt(a.t, a.b) ? opTpl(c, a.t, 'shr', ['(', a, ` >> ${n})`], PREC.other, a.b) : null;
      return fitsInt(a.t, a.b + 1) ? tpl(a.t, 'bitnot', ['(~ ', a, ')'], a.b + 1) : null;
    }],
    [has(c, 'math_funcs') ? 0.3 : 0, () => {
      const lo = rng.int(-20, 0);
      return tpl('int4', 'width_bucket', ['width_bucket(', genExpr(d, 'float'), `, ${lo}.0, ${lo + rng.int(1, 50)}.0, ${rng.int(1, 6)})`], 10);
    }],
  ];
}

// ---------------------------------------------------------------------------------------------
// floats

/**
 * A float expression as double precision: REAL (float4 in PostgreSQL, double in InkDB) and
 * NUMERIC (PostgreSQL's avg/extract results; double in InkDB) are cast, so that arithmetic and
 * text forms agree.
 */
function toF8(e: Expr): Expr {
  return e.t === 'float4' || e.t === 'numeric' ? tpl('float8', 'cast_f8', ['CAST(', e, ' AS DOUBLE PRECISION)'], e.b) : e;
}

function floatProds(c: Ctx): Prod[] {
  const rng = c.g.rng;
  const d = deeper(c);
  const BIG = 1e15;
  const arith = (): Expr | null => {
    const a = toF8(genExpr(d, 'float'));
    const b = toF8(genExpr(d, rng.chance(0.3) ? 'int' : 'float'));
    const op = rng.pick(['+', '-', '*', '/']);
    const bound = op === '*' ? a.b * b.b : op === '/' ? Infinity : a.b + b.b;
    if (op !== '/' && bound > BIG) return null;
    if (op === '/') return opTpl(c, 'float8', 'fdiv', ['(', a, ' / NULLIF(', b, ', 0))'], PREC.mul, Infinity);
    return opTpl(c, 'float8', `farith${op}`, ['(', a, ` ${op} `, b, ')'], op === '*' ? PREC.mul : PREC.add, bound);
  };
  const fn1 = (name: string, tag = name): Expr | null => {
    const a = toF8(genExpr(d, 'float'));
    return tpl('float8', tag, [`${name}(`, a, ')'], a.b + 1);
  };
  return [
    [3, arith],
    [0.5, () => {
      const a = genExpr(d, 'float');
      return tpl(a.t, 'fneg', ['(- ', a, ')'], a.b);
    }],
    [has(c, 'math_funcs') ? 2 : 0, () => fn1(rng.pick(['abs', 'trunc', 'ceil', 'floor', 'sign']))],
    [has(c, 'round_float') ? 0.5 : 0, () => fn1('round')],
    [has(c, 'math_funcs') ? 0.5 : 0, () => {
      const a = toF8(genExpr(d, 'float'));
      return tpl('float8', 'sqrt', ['sqrt(abs(', a, '))'], Math.sqrt(a.b) + 1);
    }],
    [has(c, 'math_funcs') ? 0.3 : 0, () => {
      const a = toF8(genExpr(d, 'float'));
      const n = rng.int(0, 3);
      const bound = (a.b + 1) ** n;
      return bound > BIG ? null : tpl('float8', 'power', ['power(abs(', a, `), ${n})`], bound);
    }],
    [1.5, () => {
      const a = genExpr(d, 'int');
      return tpl('float8', 'cast_int_float', ['CAST(', a, ' AS DOUBLE PRECISION)'], a.b);
    }],
    [has(c, 'extract') ? 0.8 : 0, () => {
      if (rng.chance(0.5) && has(c, 'date_type')) {
        const fld = rng.pick(['year', 'month', 'day', 'dow', 'doy', 'quarter', 'isodow', 'week', 'isoyear', 'epoch']);
        return tpl('numeric', 'extract_date', [`EXTRACT(${fld} FROM `, genExpr(d, 'date'), ')'], 1e12);
      }
      if (!has(c, 'timestamp_type')) return null;
      const fld = rng.pick(['year', 'month', 'day', 'hour', 'minute', 'second', 'dow', 'epoch', 'milliseconds']);
      if (rng.chance(0.5)) return tpl('numeric', 'extract_ts', [`EXTRACT(${fld} FROM `, genExpr(d, 'timestamp'), ')'], 1e12);
      return tpl('float8', 'date_part', [`date_part('${fld}', `, genExpr(d, 'timestamp'), ')'], 1e12);
    }],
    [has(c, 'transcendental') && c.loose ? 0.5 : 0, () => {
      const a = toF8(genExpr(d, 'float'));
      const fn = rng.pick(['exp', 'ln', 'log10', 'sin', 'cos', 'atan', 'cbrt', 'degrees', 'radians']);
      if (fn === 'exp') return tpl('float8', 'exp', ['exp(GREATEST(LEAST(', a, ', 10.0), -10.0))'], 30000);
      if (fn === 'ln' || fn === 'log10') return tpl('float8', fn, [`${fn}(abs(`, a, ') + 1)'], 100);
      return tpl('float8', fn, [`${fn}(`, a, ')'], a.b * 60 + 10);
    }],
    [has(c, 'transcendental') && c.loose ? 0.1 : 0, () => tpl('float8', 'pi', ['pi()'], 4)],
  ];
}

// ---------------------------------------------------------------------------------------------
// text

function textProds(c: Ctx): Prod[] {
  const rng = c.g.rng;
  const d = deeper(c);
  const s = (): Expr => genExpr(d, 'text');
  const lit = (): Expr => famLiteral(rng, 'text', c.g.f);
  const small = (lo: number, hi: number): string => String(rng.int(lo, hi));
  const sf = has(c, 'string_funcs') ? 1 : 0;
  return [
    [2, () => opTpl(c, 'text', 'concat_op', ['(', s(), ' || ', s(), ')'], PREC.other)],
    [has(c, 'concat_nontext') ? 0.5 : 0, () => rng.chance(0.5)
      ? opTpl(c, 'text', 'concat_text_int', ['(', s(), ' || ', genExpr(d, 'int'), ')'], PREC.other)
      : opTpl(c, 'text', 'concat_int_text', ['(', genExpr(d, 'int'), ' || ', s(), ')'], PREC.other)],
    [sf * 2, () => {
      const fn = rng.pick(['lower', 'upper', 'reverse', 'trim', 'ltrim', 'rtrim', 'btrim', 'md5', 'initcap']);
      return tpl('text', fn, [`${fn}(`, s(), ')']);
    }],
    [sf * 1.5, () => rng.chance(0.5)
      ? tpl('text', 'substr', ['substr(', s(), `, ${small(-1, 5)})`])
      : tpl('text', 'substr3', ['substr(', s(), `, ${small(-1, 5)}, ${small(0, 4)})`])],
    [sf * 0.5, () => tpl('text', 'substring', ['substring(', s(), ` FROM ${small(1, 4)} FOR ${small(0, 3)})`])],
    [sf, () => {
      const fn = rng.pick(['left', 'right']);
      return tpl('text', fn, [`${fn}(`, s(), `, ${small(-3, 4)})`]);
    }],
    [sf, () => {
      const fn = rng.pick(['lpad', 'rpad']);
      return rng.chance(0.5)
        ? tpl('text', fn, [`${fn}(`, s(), `, ${small(0, 8)})`])
        : tpl('text', `${fn}3`, [`${fn}(`, s(), `, ${small(0, 8)}, `, lit(), ')']);
    }],
    [sf * 0.5, () => tpl('text', 'repeat', ['repeat(', s(), `, ${small(-1, 3)})`])],
    [sf, () => tpl('text', 'replace', ['replace(', s(), ', ', lit(), ', ', lit(), ')'])],
    [sf * 0.5, () => tpl('text', 'translate', ['translate(', s(), ', ', lit(), ', ', lit(), ')'])],
    [sf * 0.5, () => tpl('text', 'btrim2', [`${rng.pick(['btrim', 'ltrim', 'rtrim'])}(`, s(), ', ', lit(), ')'])],
    [sf * 0.7, () => tpl('text', 'concat_fn', ['concat(', s(), ', ', rng.chance(0.5) ? s() : genExpr(d, rng.pick(has(c, 'concat_bool') ? ['int', 'bool', 'date'] as const : ['int', 'date'] as const)), ')'])],
    [sf * 0.5, () => tpl('text', 'concat_ws', ['concat_ws(', lit(), ', ', s(), ', ', s(), ')'])],
    [sf * 0.5, () => tpl('text', 'split_part', ['split_part(', s(), ', ', rng.pick(["' '", "'-'", "'a'", "','", "'_'"]), `, ${rng.pick([1, 2, 3, -1, -2])})`])],
    [sf * 0.3, () => tpl('text', 'chr', [`chr(${rng.int(32, 126)})`])],
    [sf * 0.4, () => {
      const a = genExpr(d, 'int');
      if (!fitsInt(a.t, a.b)) return null;
      // to_hex has integer and bigint forms only: smallint is ambiguous in PostgreSQL (and an
      // int4-typed expression may be smallint there, e.g. after reduction), so cast all but bigint.
      return tpl('text', 'to_hex', ['to_hex(CAST(', a, a.t === 'int8' ? ' AS BIGINT))' : ' AS INTEGER))']);
    }],
    [has(c, 'regexp') ? 0.4 : 0, () => tpl('text', 'regexp_replace', ['regexp_replace(', s(), `, ${quote(regexp(c))}, ${quote(rng.pick(['', 'X', '-']))}${rng.chance(0.5) ? ", 'g'" : ''})`])],
    [has(c, 'casts') ? 1 : 0, () => {
      const fam = rng.pick(['int', 'bool', 'uuid'] as const);
      if (fam === 'uuid' && !has(c, 'uuid_type')) return null;
      return tpl('text', `cast_${fam}_text`, ['CAST(', genExpr(d, fam), ' AS TEXT)']);
    }],
    // (no transcendental functions under the cast: their last digit differs between libms)
    [has(c, 'float_text_cast') ? 0.3 : 0, () => tpl('text', 'cast_float_text', ['CAST(', toF8(genExpr({ ...d, loose: false }, 'float')), ' AS TEXT)'])],
    [has(c, 'date_text_cast') ? 0.4 : 0, () => {
      const fam = rng.pick(['date', 'timestamp'] as const);
      if (!has(c, fam === 'date' ? 'date_type' : 'timestamp_type')) return null;
      return tpl('text', `cast_${fam}_text`, ['CAST(', genExpr(d, fam), ' AS TEXT)']);
    }],
    [has(c, 'to_char') ? 0.3 : 0, () => {
      const fam = rng.pick(['date', 'timestamp'] as const);
      if (!has(c, fam === 'date' ? 'date_type' : 'timestamp_type')) return null;
      const fmt = rng.pick(['YYYY-MM-DD', 'YYYY', 'MM/DD/YYYY', 'DD', 'YYYY-MM', fam === 'timestamp' ? 'HH24:MI:SS' : 'Q']);
      return tpl('text', 'to_char', ['to_char(', genExpr(d, fam), `, '${fmt}')`]);
    }],
    [has(c, 'json_type') ? 0.6 : 0, () => {
      const key = rng.chance(0.7) ? `'${rng.pick(['a', 'b', 'c'])}'` : String(rng.int(0, 2));
      return opTpl(c, 'text', 'json_get_text', ['(', genExpr(d, 'json'), ` ->> ${key})`], PREC.other);
    }],
    [has(c, 'json_type') ? 0.3 : 0, () => tpl('text', 'json_typeof', ['json_typeof(', genExpr(d, 'json'), ')'])],
    [has(c, 'json_type') ? 0.2 : 0, () => tpl('text', 'cast_json_text', ['CAST(', genExpr(d, 'json'), ' AS TEXT)'])],
    [has(c, 'bytea_type') ? 0.3 : 0, () => tpl('text', 'md5_bytea', ['md5(', genExpr(d, 'bytea'), ')'])],
  ];
}

// ---------------------------------------------------------------------------------------------
// dates, timestamps, json, bytea

function dateProds(c: Ctx): Prod[] {
  const rng = c.g.rng;
  const d = deeper(c);
  return [
    [has(c, 'date_arith') ? 2 : 0, () => {
      const n = genExpr(d, 'int');
      if (n.b > 100000 || n.t === 'int8') return null;
      return opTpl(c, 'date', 'date_pm_int', ['(', genExpr(d, 'date'), rng.chance(0.5) ? ' + ' : ' - ', n, ')'], PREC.add);
    }],
    [has(c, 'date_funcs') ? 0.5 : 0, () => tpl('date', 'make_date', [`make_date(${rng.int(1990, 2030)}, ${rng.int(1, 12)}, ${rng.int(1, 28)})`])],
    [has(c, 'casts') && has(c, 'timestamp_type') ? 0.7 : 0, () => tpl('date', 'cast_ts_date', ['CAST(', genExpr(d, 'timestamp'), ' AS DATE)'])],
    [has(c, 'casts') ? 0.3 : 0, () => tpl('date', 'cast_text_date', [`CAST(${quote(String(rawValue(rng, 'date', c.g.f, false)))} AS DATE)`])],
  ];
}

function tsProds(c: Ctx): Prod[] {
  const rng = c.g.rng;
  const d = deeper(c);
  return [
    [has(c, 'casts') && has(c, 'date_type') ? 1 : 0, () => tpl('timestamp', 'cast_date_ts', ['CAST(', genExpr(d, 'date'), ' AS TIMESTAMP)'])],
    [has(c, 'date_funcs') ? 1 : 0, () => {
      const unit = rng.pick(['year', 'quarter', 'month', 'week', 'day', 'hour', 'minute', 'second']);
      return tpl('timestamp', 'date_trunc', [`date_trunc('${unit}', `, genExpr(d, 'timestamp'), ')']);
    }],
    [has(c, 'date_funcs') ? 0.3 : 0, () => tpl('timestamp', 'make_timestamp', [`make_timestamp(${rng.int(1990, 2030)}, ${rng.int(1, 12)}, ${rng.int(1, 28)}, ${rng.int(0, 23)}, ${rng.int(0, 59)}, ${rng.pick(['0', '30', '59.5', '1.25'])})`])],
  ];
}

function jsonProds(c: Ctx): Prod[] {
  const rng = c.g.rng;
  const d = deeper(c);
  return [
    [1, () => opTpl(c, 'json', 'json_get', ['(', genExpr(d, 'json'), ` -> ${rng.chance(0.7) ? `'${rng.pick(['a', 'b'])}'` : rng.int(0, 2)})`], PREC.other)],
    [1, () => tpl('json', 'json_build_object', ["json_build_object('k', ", genExpr(d, rng.pick(['int', 'text', 'bool'] as const)), ')'])],
    [0.7, () => tpl('json', 'json_build_array', ['json_build_array(', genExpr(d, rng.pick(['int', 'text'] as const)), ', ', genExpr(d, 'int'), ')'])],
    [0.5, () => {
      // to_json is polymorphic: an untyped literal needs a type.
      const fam = rng.pick(['int', 'text', 'bool'] as const);
      return tpl('json', 'to_json', fam === 'text' ? ['to_json(CAST(', genExpr(d, fam), ' AS TEXT))'] : ['to_json(', genExpr(d, fam), ')']);
    }],
  ];
}

function byteaProds(c: Ctx): Prod[] {
  const d = deeper(c);
  return [[has(c, 'bytea_concat') ? 1 : 0, () => opTpl(c, 'bytea', 'bytea_concat', ['(', genExpr(d, 'bytea'), ' || ', genExpr(d, 'bytea'), ')'], PREC.other)]];
}

// ---------------------------------------------------------------------------------------------
// aggregates

/** The context for an aggregate's argument: the ungrouped scope, no nesting, no outer refs. */
function aggArgCtx(c: Ctx): Ctx {
  return { ...c, group: null, aggOk: false, winOk: false, outer: [], depth: Math.min(c.depth, 2) };
}

/** An aggregate call of a family (null when none fits). */
export function aggregate(c: Ctx, fam: Fam): Expr | null {
  if (!c.aggOk || !has(c, 'aggregates')) return null;
  const rng = c.g.rng;
  const a = aggArgCtx(c);
  const distinct = has(c, 'agg_distinct') && rng.chance(0.2) ? 'DISTINCT ' : '';
  const filter = (): Part[] => has(c, 'agg_filter') && rng.chance(0.2) ? [' FILTER (WHERE ', genPred({ ...a, subDepth: 0 }), ')'] : [];
  const rowsBound = 100000;
  const minmax = (f: Fam): Expr => {
    const x = genExpr(a, f);
    return tpl(x.t, 'minmax', [`${rng.pick(['min', 'max'])}(${distinct}`, x, ')', ...filter()], x.b, { agg: true });
  };
  switch (fam) {
    case 'int': return rng.weighted<() => Expr | null>([
      [3, () => tpl('int8', 'count_star', ['count(*)', ...filter()], rowsBound, { agg: true })],
      [2, () => {
        const x = genExpr(a, someFam(a, ['int', 'text', 'float', 'date', 'bool']));
        return tpl('int8', 'count', [`count(${distinct}`, x, ')', ...filter()], rowsBound, { agg: true });
      }],
      [2, () => {
        const x = genExpr(a, 'int');
        // sum(bigint) is numeric in PostgreSQL: it belongs to the float family.
        if (x.t === 'int8' || x.t === 'numeric') return null;
        return tpl('int8', 'sum_int', [`sum(${distinct}`, x, ')', ...filter()], x.b * rowsBound, { agg: true });
      }],
      [2, () => minmax('int')],
    ])();
    case 'float': return rng.weighted<() => Expr | null>([
      [2, () => {
        const x = toF8(genExpr(a, 'float'));
        return Number.isFinite(x.b) ? tpl('float8', 'sum_float', [`sum(${distinct}`, x, ')', ...filter()], x.b * rowsBound, { agg: true }) : null;
      }],
      [2, () => {
        const x = genExpr(a, rng.pick(['int', 'float'] as const));
        return tpl(x.t === 'float8' || x.t === 'float4' ? 'float8' : 'numeric', 'avg', [`avg(${distinct}`, x, ')', ...filter()], x.b, { agg: true });
      }],
      [1, () => minmax('float')],
      [0.5, () => {
        const x = genExpr(a, 'int');
        return x.t === 'int8' && x.b * rowsBound < 9e18 ? tpl('numeric', 'sum_int8', [`sum(${distinct}`, x, ')', ...filter()], x.b * rowsBound, { agg: true }) : null;
      }],
    ])();
    case 'text': return rng.weighted<() => Expr | null>([
      [2, () => minmax('text')],
      [has(c, 'string_agg') ? 2 : 0, () => {
        const x = genExpr(a, 'text');
        const sep = quote(rng.pick([',', '', ' | ']));
        // ORDER BY the aggregated value itself: ties are equal values, so the text is deterministic.
        const desc = rng.chance(0.3) ? ' DESC' : '';
        return tpl('text', 'string_agg', ['string_agg(', x, `, ${sep} ORDER BY `, x, `${desc})`, ...filter()], 0, { agg: true, frozen: true });
      }],
    ])();
    case 'bool': return tpl('bool', 'bool_agg', [`${rng.pick(['bool_and', 'bool_or', 'every'])}(${distinct}`, genPred({ ...a, subDepth: 0 }), ')', ...filter()], 0, { agg: true });
    case 'date': case 'timestamp': return has(c, fam === 'date' ? 'date_type' : 'timestamp_type') ? minmax(fam) : null;
    case 'bytea': return has(c, 'bytea_type') ? minmax('bytea') : null;
    default: return null;
  }
}

// ---------------------------------------------------------------------------------------------
// windows

/**
 * A window function call. Order-sensitive functions and ROWS frames get every scope column as
 * a tiebreaker, so that rows tied on the chosen keys are identical in every output column and
 * the result multiset is deterministic; RANGE/GROUPS frames and rank functions work on peers
 * and need no tiebreaker.
 */
function windowFn(c: Ctx, fam: Fam): Expr | null {
  if (!c.winOk || !has(c, 'window') || c.group !== null) return null;
  const rng = c.g.rng;
  const a: Ctx = { ...c, aggOk: false, winOk: false, subDepth: 0, depth: Math.min(c.depth, 2) };
  const valueFns = has(c, 'window_value_fns');
  type Fn = { parts: Part[]; t: Ty; b: number; tag: string; total: boolean; frame: boolean };
  const make = (): Fn | null => {
    switch (fam) {
      case 'int': return rng.weighted<() => Fn | null>([
        [2, () => ({ parts: [rng.pick(['rank()', 'dense_rank()'])], t: 'int8', b: 100000, tag: 'rank', total: false, frame: false })],
        [valueFns ? 2 : 0, () => ({ parts: ['row_number()'], t: 'int8', b: 100000, tag: 'row_number', total: true, frame: false })],
        [valueFns ? 0.7 : 0, () => ({ parts: [`ntile(${rng.int(1, 4)})`], t: 'int4', b: 100000, tag: 'ntile', total: true, frame: false })],
        [2, () => ({ parts: ['count(*)'], t: 'int8', b: 100000, tag: 'win_count', total: false, frame: true })],
        [2, () => {
          const x = genExpr(a, 'int');
          return x.t === 'int8' ? null : { parts: ['sum(', x, ')'], t: 'int8', b: x.b * 100000, tag: 'win_sum', total: false, frame: true };
        }],
        [1, () => {
          const x = genExpr(a, 'int');
          return { parts: [`${rng.pick(['min', 'max'])}(`, x, ')'], t: x.t, b: x.b, tag: 'win_minmax', total: false, frame: true };
        }],
        [valueFns ? 1.5 : 0, () => lagLead(a, 'int')],
        [valueFns ? 1 : 0, () => valueFn(a, 'int')],
      ])();
      case 'float': return rng.weighted<() => Fn | null>([
        [1, () => ({ parts: [rng.pick(['percent_rank()', 'cume_dist()'])], t: 'float8', b: 1, tag: 'percent_rank', total: false, frame: false })],
        [2, () => {
          const x = genExpr(a, rng.pick(['int', 'float'] as const));
          // avg of integers is numeric in PostgreSQL.
          return { parts: ['avg(', x, ')'], t: x.t === 'float8' || x.t === 'float4' ? 'float8' : 'numeric', b: x.b, tag: 'win_avg', total: false, frame: true };
        }],
        [1, () => {
          const x = toF8(genExpr(a, 'float'));
          return Number.isFinite(x.b) ? { parts: ['sum(', x, ')'], t: 'float8', b: x.b * 100000, tag: 'win_sum_float', total: false, frame: true } : null;
        }],
        [valueFns ? 1 : 0, () => lagLead(a, 'float')],
      ])();
      case 'text': case 'date': case 'timestamp': case 'bool': case 'uuid': case 'bytea':
        return valueFns ? rng.pick([lagLead, valueFn])(a, fam) : null;
      default: return null;
    }
  };
  const fn = make();
  if (fn === null) return null;
  const wantsTotal = fn.total;
  if (wantsTotal && (c.wins === undefined || c.wins.total)) return null;
  const over: Part[] = [' OVER ('];
  const named = c.cols.filter((x) => x.rel !== null || x.bare);
  const pcols = named.filter((x) => famOf(x.t) !== 'json');
  if (rng.chance(0.5) && pcols.length > 0) {
    over.push('PARTITION BY ', colExpr(rng.pick(pcols)));
    if (rng.chance(0.2)) over.push(', ', genExpr(a, someFam(a, ['int', 'text'])));
  }
  const needOrder = fn.total || fn.frame || rng.chance(0.6);
  let frameKind: string = '';
  if (fn.frame && rng.chance(0.6)) {
    frameKind = rng.weighted([[has(c, 'frame_rows') ? 3 : 0, 'ROWS'], [has(c, 'frame_range') ? 1 : 0, 'RANGE'], [has(c, 'frame_groups') ? 1 : 0, 'GROUPS'], [0.01, '']]);
  }
  if (frameKind === 'ROWS' && (c.wins === undefined || (c.wins.total && !wantsTotal))) frameKind = 'RANGE';
  const total = fn.total || frameKind === 'ROWS';
  if (total && c.wins !== undefined) c.wins.total = true;
  if (needOrder) {
    const keys: Part[] = [];
    const kcols = named.filter((x) => famOf(x.t) !== 'json');
    const nk = rng.int(1, 2);
    for (let i = 0; i < nk && kcols.length > 0; i++) keys.push(colExpr(rng.pick(kcols)), ordSuffix(c));
    if (keys.length === 0) keys.push(genExpr(a, 'int'), '');
    if (total) {
      // Tiebreakers: every scope column (json through its text).
      for (const x of named) {
        const k = famOf(x.t) === 'json' ? ['CAST(', colExpr(x), ' AS TEXT)'] : [colExpr(x)];
        keys.push({ k: 'tpl', t: x.t, tag: 'tiebreak', parts: k, b: 0, frozen: true }, '');
      }
    }
    const parts: Part[] = [];
    for (let i = 0; i < keys.length; i += 2) {
      if (i > 0) parts.push(', ');
      parts.push(keys[i] as Part, keys[i + 1] as Part);
    }
    over.push(over.length > 1 ? ' ORDER BY ' : 'ORDER BY ', ...parts);
    if (frameKind !== '') over.push(' ', frameClause(rng, frameKind));
  } else if (fn.total) {
    return null;
  }
  over.push(')');
  return tpl(fn.t, `win_${fn.tag}${frameKind === '' ? '' : `_${frameKind.toLowerCase()}`}`, [...fn.parts, ...over], fn.b, { win: true });

  function lagLead(x: Ctx, f: Fam): Fn {
    const e = typed(genExpr(x, f));
    const fnName = rng.pick(['lag', 'lead']);
    const parts: Part[] = [`${fnName}(`, e];
    let t = e.t;
    if (rng.chance(0.5)) {
      parts.push(`, ${rng.int(0, 2)}`);
      if (rng.chance(0.5)) {
        const dflt = typed(famLiteral(rng, f, x.g.f));
        t = unify(t, dflt.t);
        parts.push(', ', dflt);
      }
    }
    parts.push(')');
    return { parts, t, b: e.b, tag: fnName, total: true, frame: false };
  }
  function valueFn(x: Ctx, f: Fam): Fn {
    const e = typed(genExpr(x, f));
    const which = rng.pick(['first_value', 'last_value', 'nth_value']);
    const parts: Part[] = which === 'nth_value' ? ['nth_value(', e, `, ${rng.int(1, 3)})`] : [`${which}(`, e, ')'];
    return { parts, t: e.t, b: e.b, tag: which, total: true, frame: true };
  }
}

/** A bare string literal has PostgreSQL type unknown, which polymorphic functions reject: cast it. */
function typed(e: Expr): Expr {
  return e.k === 'lit' && e.sql.startsWith("'") ? tpl(e.t, 'cast_text', ['CAST(', e, ' AS TEXT)']) : e;
}

function ordSuffix(c: Ctx): string {
  const rng = c.g.rng;
  const dir = rng.pick(['', ' ASC', ' DESC']);
  const nulls = has(c, 'nulls_order') && rng.chance(0.2) ? rng.pick([' NULLS FIRST', ' NULLS LAST']) : '';
  return dir + nulls;
}

function frameClause(rng: Rng, kind: string): string {
  const offsetOk = kind !== 'RANGE';
  const starts = ['UNBOUNDED PRECEDING', 'CURRENT ROW', ...(offsetOk ? ['1 PRECEDING', '2 PRECEDING', '1 FOLLOWING'] : [])];
  const ends = ['UNBOUNDED FOLLOWING', 'CURRENT ROW', ...(offsetOk ? ['1 FOLLOWING', '1 PRECEDING', '2 FOLLOWING'] : [])];
  const rank = (s: string): number => s.startsWith('UNBOUNDED P') ? 0 : s.endsWith('PRECEDING') ? 3 - Number(s[0]) : s === 'CURRENT ROW' ? 3 : s.startsWith('UNBOUNDED F') ? 9 : 3 + Number(s[0]);
  for (;;) {
    const s = rng.pick(starts);
    const e = rng.pick(ends);
    if (rank(s) <= rank(e) && !(s === 'CURRENT ROW' && e.endsWith('PRECEDING')) && !(s.endsWith('FOLLOWING') && e === 'CURRENT ROW')) {
      return rng.chance(0.2) && e === 'CURRENT ROW' ? `${kind} ${s}` : `${kind} BETWEEN ${s} AND ${e}`;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// subqueries

/** Columns an inner query may reference from this context. */
export function outerFor(c: Ctx): ScopeCol[] {
  if (!has(c, 'correlated')) return [];
  const own = c.group === null ? c.cols : c.group.filter((k) => k.k === 'col').map((k) => c.cols.find((x) => k.k === 'col' && x.rel === k.rel && x.name === k.name)).filter((x): x is ScopeCol => x !== undefined);
  return [...own.filter((x) => x.rel !== null && (x.derived !== true || has(c, 'correlated_derived'))), ...c.outer];
}

function scalarSub(c: Ctx, fam: Fam): Expr | null {
  const q = c.g.sub(c.g, outerFor(c), { fams: [fam], scalar: true }, c.visible, c.subDepth - 1);
  const o = q.out[0];
  if (o === undefined) return null;
  return tpl(o.t, 'scalar_sub', ['(', q, ')'], o.b);
}

function existsSub(c: Ctx): Expr {
  const q = c.g.sub(c.g, outerFor(c), { exists: true }, c.visible, c.subDepth - 1);
  return tpl('bool', 'exists', [c.g.rng.chance(0.3) ? 'NOT EXISTS (' : 'EXISTS (', q, ')']);
}

function inSub(c: Ctx, not: boolean): Expr {
  const fam = someFam(c, cmpFams(c));
  const lhs = genExpr(deeper(c), fam);
  const q = c.g.sub(c.g, outerFor(c), { fams: [fam] }, c.visible, c.subDepth - 1);
  return tpl('bool', not ? 'not_in_sub' : 'in_sub', ['(', lhs, not ? ' NOT IN (' : ' IN (', q, '))']);
}

function anyAllSub(c: Ctx): Expr {
  const rng = c.g.rng;
  const fam = someFam(c, cmpFams(c));
  const lhs = genExpr(deeper(c), fam);
  const q = c.g.sub(c.g, outerFor(c), { fams: [fam] }, c.visible, c.subDepth - 1);
  const op = rng.pick(['=', '<>', '<', '<=', '>', '>=']);
  const quant = rng.pick(['ANY', 'ALL', 'SOME']);
  return tpl('bool', `${quant.toLowerCase()}_sub`, ['(', lhs, ` ${op} ${quant} (`, q, '))']);
}

/** A literal of an exact type from the column domain (for DML). */
export function typedValue(rng: Rng, t: Ty, f: Features, len?: number): Expr {
  return literal(t, rawValue(rng, t, f, false, len), false, f);
}

/** Text pool re-export for DML generators. */
export { textPool };
