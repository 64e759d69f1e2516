/**
 * Query generation: SELECT with joins, derived tables, CTEs (recursive too), grouping, windows,
 * set operations, ORDER BY/LIMIT. LIMIT and OFFSET only come with an ORDER BY over every output
 * column, so the rows they keep are determined.
 */
import {
  eqable, famOf, orderable, renderExpr, type Cte, type Expr, type Fam, type From, type Item, type Ord, type OutCol,
  type Query, type Select, type Ty, type With,
} from './ast.ts';
import type { Feature } from './features.ts';
import { aggregate, genExpr, genPred, type Ctx, type Gen, type RelInfo, type ScopeCol, type SubOpts } from './gen-expr.ts';
import { famLiteral, nullLit } from './values.ts';

const has = (g: Gen, f: Feature): boolean => g.f.has(f);

/** Row-count upper bounds of generated queries (keeps joins of joins from exploding). */
const EST = new WeakMap<Query, number>();
/** The largest FROM product the generator builds. */
const MAX_ROWS = 1500;

/** An upper bound of a query's row count. */
export function estRows(q: Query): number {
  return EST.get(q) ?? (q.k === 'values' ? q.rows.length : 100);
}

/** Families the case can produce in select lists. */
function outFams(g: Gen): Fam[] {
  const out: Fam[] = ['int', 'int', 'int', 'text', 'text', 'float', 'bool'];
  if (has(g, 'date_type')) out.push('date');
  if (has(g, 'timestamp_type')) out.push('timestamp');
  if (has(g, 'json_type')) out.push('json');
  if (has(g, 'uuid_type')) out.push('uuid');
  if (has(g, 'bytea_type')) out.push('bytea');
  return out;
}

/** Generates a query (select, set operation or VALUES). */
export function genQuery(g: Gen, outer: readonly ScopeCol[], opts: SubOpts, visible: readonly RelInfo[], depth: number): Query {
  const rng = g.rng;
  const setOk = !opts.scalar && !opts.exists && depth > 0 && (has(g, 'union') || has(g, 'intersect') || has(g, 'except'));
  if (setOk && rng.chance(opts.top ? 0.15 : 0.1)) return genSetOp(g, outer, opts, visible, depth);
  return genSelect(g, outer, opts, visible, depth);
}

function genSetOp(g: Gen, outer: readonly ScopeCol[], opts: SubOpts, visible: readonly RelInfo[], depth: number): Query {
  const rng = g.rng;
  let op = rng.weighted<'UNION' | 'INTERSECT' | 'EXCEPT'>([
    [has(g, 'union') ? 3 : 0, 'UNION'], [has(g, 'intersect') ? 1 : 0, 'INTERSECT'], [has(g, 'except') ? 1 : 0, 'EXCEPT'],
  ]);
  let all = rng.chance(0.4);
  const armOpts: SubOpts = { fams: opts.fams, noOrder: true };
  const l = genQuery(g, outer, armOpts, visible, depth - 1);
  // json has no equality: only UNION ALL may carry it.
  if (l.out.some((o) => !eqable(o.t))) {
    op = 'UNION';
    all = true;
  }
  const r = genQuery(g, outer, { fams: l.out.map((o) => famOf(o.t)), noOrder: true }, visible, depth - 1);
  const out: OutCol[] = l.out.map((o, i) => ({ name: o.name, t: unifyOut(o.t, r.out[i]?.t ?? o.t), b: Math.max(o.b, r.out[i]?.b ?? 0) }));
  const q: Query = withTail(g, { k: 'setop', op, all, l, r, out }, opts);
  EST.set(q, estRows(l) + estRows(r));
  return q;
}

function unifyOut(a: Ty, b: Ty): Ty {
  if (a === b) return a;
  if (famOf(a) === 'int' && famOf(b) === 'int') return a === 'int8' || b === 'int8' ? 'int8' : 'int4';
  if (famOf(a) === 'float') return 'float8';
  if (famOf(a) === 'text') return 'text';
  return a;
}

/** Adds ORDER BY / LIMIT / OFFSET to a query where allowed. */
function withTail<Q extends Query>(g: Gen, q: Q, opts: SubOpts): Q {
  const rng = g.rng;
  if (q.k === 'values' || opts.noOrder || opts.exists || !has(g, 'order_by')) return q;
  const names = q.out.map((o) => o.name);
  const allOrderable = q.out.every((o) => orderable(o.t));
  const pOrder = opts.top ? 0.6 : 0.15;
  if (!rng.chance(pOrder) || names.length === 0) return q;
  const wantLimit = has(g, 'limit_offset') && allOrderable && rng.chance(opts.top ? 0.35 : 0.5);
  const ords: Ord[] = [];
  const idx = rng.shuffle(names.map((_n, i) => i)).filter((i) => orderable(q.out[i]?.t ?? 'json'));
  const count = wantLimit ? idx.length : rng.int(1, Math.max(1, idx.length));
  for (const i of idx.slice(0, count)) {
    const ref = has(g, 'order_by_ordinal') && rng.chance(0.3) ? String(i + 1) : (names[i] as string);
    ords.push({ e: ref, desc: rng.chance(0.4), nulls: has(g, 'nulls_order') && rng.chance(0.25) ? rng.pick(['FIRST', 'LAST'] as const) : '' });
  }
  if (ords.length === 0) return q;
  const tail: { orderBy: Ord[]; limit?: number; offset?: number } = { orderBy: ords };
  if (wantLimit) {
    if (rng.chance(0.8)) tail.limit = rng.pick(has(g, 'limit_zero') ? [0, 1, 2, 3, 5, 10] : [1, 2, 3, 5, 10]);
    if (rng.chance(0.4)) tail.offset = rng.pick([0, 1, 2, 4]);
  }
  return { ...q, ...tail };
}

/** A FROM item with the columns it brings. */
interface FromGen { readonly item: From; readonly cols: ScopeCol[]; readonly est: number }

function relCols(alias: string, rel: RelInfo): ScopeCol[] {
  return rel.cols.map((c) => ({ rel: alias, name: c.name, t: c.t, b: c.b, bare: true, ...(rel.derived === true ? { derived: true } : {}) }));
}

/** One FROM item: relation, derived table, VALUES, generate_series, or a join of two. */
function genFromItem(g: Gen, visible0: readonly RelInfo[], depth: number, joinDepth: number, budget = MAX_ROWS, usingOk = true): FromGen {
  const rng = g.rng;
  const visible = visible0.filter((r) => r.rows <= budget);
  const kinds: [number, string][] = [
    [visible.length > 0 ? 8 : 0, 'rel'],
    [has(g, 'derived_table') && depth > 0 && budget >= 100 ? 2 : 0, 'derived'],
    [has(g, 'values_table') ? 0.5 : 0, 'values'],
    [has(g, 'generate_series') ? 0.4 : 0, 'series'],
    [joinDepth > 0 && joinKinds(g).length > 0 ? 4 : 0, 'join'],
  ];
  const kind = rng.weighted(kinds.some(([w]) => w > 0) ? kinds : [[1, 'series']]);
  const alias = `r${g.n++}`;
  switch (kind) {
    case 'rel': {
      const rel = rng.pick(visible);
      return { item: { k: 'rel', name: rel.name, alias }, cols: relCols(alias, rel), est: rel.rows };
    }
    case 'derived': {
      const q = genQuery(g, [], {}, visible, depth - 1);
      const names = derivedNames(q);
      return { item: { k: 'derived', q, alias, cols: names }, cols: q.out.map((o, i) => ({ rel: alias, name: names[i] as string, t: o.t, b: o.b, bare: true, derived: true })), est: estRows(q) };
    }
    case 'values': {
      const fams = pickFams(g, rng.int(1, 3));
      const n = rng.int(1, 4);
      const rows: Expr[][] = [];
      for (let i = 0; i < n; i++) rows.push(fams.map((f) => (rng.chance(0.15) ? nullLit(famTy(f)) : famLiteral(rng, f, g.f))));
      const out: OutCol[] = fams.map((f, j) => ({ name: `x${j}`, t: rows.map((r) => r[j]?.t ?? famTy(f)).reduce(unifyOut), b: Math.max(...rows.map((r) => r[j]?.b ?? 0)) }));
      const names = out.map((_o, j) => `v${j}`);
      return { item: { k: 'derived', q: { k: 'values', rows, out }, alias, cols: names }, cols: out.map((o, j) => ({ rel: alias, name: names[j] as string, t: o.t, b: o.b, bare: true, derived: true })), est: rows.length };
    }
    case 'series': {
      const lo = rng.int(-2, 3);
      const hi = lo + rng.int(-1, 6);
      return { item: { k: 'series', lo, hi, alias, col: 'v' }, cols: [{ rel: alias, name: 'v', t: 'int4', b: Math.max(Math.abs(lo), Math.abs(hi)), bare: true, derived: true }], est: Math.max(0, hi - lo + 1) };
    }
    default: return genJoin(g, visible0, depth, joinDepth, budget, usingOk);
  }
}

function famTy(f: Fam): Ty {
  return f === 'int' ? 'int4' : f === 'float' ? 'float8' : f;
}

/** Output column names of a derived table: a plain column keeps its name (so USING can meet it). */
function derivedNames(q: Query): string[] {
  const plain = q.out.map((_o, i) => (q.k === 'select' ? plainName(q.items[i]?.e) : null));
  const seen = new Set<string>();
  return q.out.map((_o, i) => {
    let n = plain[i] ?? null;
    if (n === null || seen.has(n)) {
      let j = i;
      while (seen.has(`x${j}`) || plain.includes(`x${j}`)) j++;
      n = `x${j}`;
    }
    seen.add(n);
    return n;
  });
}

function plainName(e: Expr | undefined): string | null {
  return e !== undefined && e.k === 'col' ? e.name : null;
}

function joinKinds(g: Gen): ('INNER' | 'LEFT' | 'RIGHT' | 'FULL' | 'CROSS')[] {
  const out: ('INNER' | 'LEFT' | 'RIGHT' | 'FULL' | 'CROSS')[] = [];
  if (has(g, 'join_inner')) out.push('INNER', 'INNER');
  if (has(g, 'join_left')) out.push('LEFT', 'LEFT');
  if (has(g, 'join_right')) out.push('RIGHT');
  if (has(g, 'join_full')) out.push('FULL');
  if (has(g, 'join_cross')) out.push('CROSS');
  return out;
}

function bareOnce(cols: readonly ScopeCol[], name: string): ScopeCol | null {
  const hits = cols.filter((c) => c.bare && c.name === name);
  return hits.length === 1 ? (hits[0] as ScopeCol) : null;
}

function genJoin(g: Gen, visible: readonly RelInfo[], depth: number, joinDepth: number, budget: number, usingOk: boolean): FromGen {
  const rng = g.rng;
  const l = genFromItem(g, visible, depth, joinDepth - 1, Math.max(1, budget >> 2), usingOk);
  const r = genFromItem(g, visible, depth, 0, Math.max(1, Math.floor(budget / Math.max(1, l.est))));
  const jt = rng.pick(joinKinds(g));
  const cols = [...l.cols, ...r.cols];
  const est = Math.max(1, l.est) * Math.max(1, r.est) + l.est + r.est;
  if (jt === 'CROSS') return { item: { k: 'join', jt, l: l.item, r: r.item }, cols, est };
  // USING / NATURAL: bare names present once on each side with the same family.
  const common = [...new Set(l.cols.filter((c) => c.bare).map((c) => c.name))].filter((n) => {
    const a = bareOnce(l.cols, n);
    const b = bareOnce(r.cols, n);
    return a !== null && b !== null && famOf(a.t) === famOf(b.t) && eqable(a.t);
  });
  const allCommonOk = [...new Set(l.cols.filter((c) => c.bare).map((c) => c.name))]
    .filter((n) => r.cols.some((c) => c.bare && c.name === n)).every((n) => common.includes(n));
  if (usingOk && has(g, 'join_natural') && allCommonOk && common.length > 0 && rng.chance(0.1)) {
    return { item: { k: 'join', jt, natural: true, l: l.item, r: r.item }, cols: merge(cols, common, l.cols, r.cols, jt === 'FULL'), est };
  }
  if (usingOk && has(g, 'join_using') && common.length > 0 && rng.chance(0.35)) {
    const using = rng.shuffle(common).slice(0, rng.int(1, Math.min(2, common.length)));
    return { item: { k: 'join', jt, l: l.item, r: r.item, using }, cols: merge(cols, using, l.cols, r.cols, jt === 'FULL'), est };
  }
  const on = joinCondition(g, jt, l.cols, r.cols, visible, depth);
  return { item: { k: 'join', jt, l: l.item, r: r.item, on }, cols, est };
}

/** After USING/NATURAL: the joined names lose their bare form on each side and get a merged column. */
function merge(cols: readonly ScopeCol[], names: readonly string[], l: readonly ScopeCol[], r: readonly ScopeCol[], full: boolean): ScopeCol[] {
  const out = cols.map((c) => (c.bare && names.includes(c.name) ? { ...c, bare: false } : c));
  for (const n of names) {
    const a = bareOnce(l, n) as ScopeCol;
    const b = bareOnce(r, n) as ScopeCol;
    const t = famOf(a.t) === 'int' ? (a.t === 'int8' || b.t === 'int8' ? 'int8' : a.t === 'int4' || b.t === 'int4' ? 'int4' : 'int2') : a.t === b.t ? a.t : famOf(a.t) === 'text' ? 'text' : 'float8';
    // FULL JOIN's merged column is COALESCE(l, r): computed, like a derived table's column.
    out.push({ rel: null, name: n, t, b: Math.max(a.b, b.b), bare: true, ...(full || a.derived === true || b.derived === true ? { derived: true } : {}) });
  }
  return out;
}

function joinCondition(g: Gen, jt: string, l: readonly ScopeCol[], r: readonly ScopeCol[], visible: readonly RelInfo[], depth: number): Expr {
  const rng = g.rng;
  const pairs: [ScopeCol, ScopeCol][] = [];
  for (const a of l) for (const b of r) if (famOf(a.t) === famOf(b.t) && eqable(a.t) && a.rel !== null && b.rel !== null) pairs.push([a, b]);
  const eq = (): Expr | null => {
    if (pairs.length === 0) return null;
    const [a, b] = rng.pick(pairs);
    return { k: 'tpl', t: 'bool', tag: 'join_eq', parts: ['(', colRef(a), ' = ', colRef(b), ')'], b: 0 };
  };
  if (jt === 'FULL') {
    // PostgreSQL runs FULL JOIN only on merge- or hash-joinable conditions: equalities.
    const e1 = eq();
    if (e1 === null) return { k: 'lit', t: 'bool', sql: 'TRUE', b: 0 };
    const e2 = rng.chance(0.25) ? eq() : null;
    return e2 === null ? e1 : { k: 'tpl', t: 'bool', tag: 'and', parts: ['(', e1, ' AND ', e2, ')'], b: 0 };
  }
  const c: Ctx = {
    g, cols: [...l, ...r], outer: [], group: null, aggOk: false, winOk: false, loose: false, depth: 2,
    subDepth: has(g, 'subquery_in_on') ? Math.min(1, depth) : 0, visible,
  };
  const base = eq();
  if (base !== null && rng.chance(0.75)) {
    return rng.chance(0.3) ? { k: 'tpl', t: 'bool', tag: 'and', parts: ['(', base, ' AND ', genPred(c), ')'], b: 0 } : base;
  }
  return genPred(c);
}

function colRef(c: ScopeCol): Expr {
  return { k: 'col', t: c.t, rel: c.rel, name: c.name, b: c.b };
}

/** The FROM list of a select: one to three items (joins count as one). */
function genFrom(g: Gen, visible: readonly RelInfo[], depth: number, max: number): FromGen[] {
  const rng = g.rng;
  const n = has(g, 'comma_join') && max > 1 && rng.chance(0.2) ? 2 : 1;
  const out: FromGen[] = [];
  let budget = MAX_ROWS;
  for (let i = 0; i < n; i++) {
    const it = genFromItem(g, visible, depth, max > 1 ? 1 : 0, budget, i === 0 || has(g, 'using_after_comma'));
    out.push(it);
    budget = Math.max(1, Math.floor(budget / Math.max(1, it.est)));
  }
  return out;
}

/** Scope after comma-joining items: a bare name that now appears twice is no longer bare. */
function scopeOf(items: readonly FromGen[]): ScopeCol[] {
  const cols = items.flatMap((i) => i.cols);
  const count = new Map<string, number>();
  for (const c of cols) if (c.bare) count.set(c.name, (count.get(c.name) ?? 0) + 1);
  return cols.map((c) => (c.bare && (count.get(c.name) ?? 0) > 1 ? { ...c, bare: false } : c));
}

function pickFams(g: Gen, n: number): Fam[] {
  const out: Fam[] = [];
  for (let i = 0; i < n; i++) out.push(g.rng.pick(outFams(g)));
  return out;
}

/** A WITH clause (possibly recursive); returns it with the CTEs as relations. */
function genWith(g: Gen, visible: readonly RelInfo[], depth: number): { w: With; rels: RelInfo[] } | null {
  const rng = g.rng;
  if (!has(g, 'cte') || depth < 2 || !rng.chance(0.25)) return null;
  const ctes: Cte[] = [];
  const rels: RelInfo[] = [];
  let rec = false;
  const n = rng.int(1, 2);
  for (let i = 0; i < n; i++) {
    const name = `c${g.n++}`;
    if (has(g, 'cte_recursive') && rng.chance(0.3)) {
      const r = recursiveCte(g, name, [...visible, ...rels]);
      if (r !== null) {
        rec = true;
        ctes.push(r.cte);
        rels.push(r.rel);
        continue;
      }
    }
    const q = genQuery(g, [], {}, [...visible, ...rels], depth - 1);
    const cols = derivedNames(q);
    ctes.push({ name, cols, q });
    rels.push({ name, cols: q.out.map((o, j) => ({ name: cols[j] as string, t: o.t, b: o.b })), rows: estRows(q), derived: true });
  }
  return { w: { rec, ctes }, rels };
}

/**
 * `WITH RECURSIVE c(n, v) AS (SELECT 1, CAST(e AS T) FROM … UNION [ALL] SELECT n + 1, CAST(f(v) AS T)
 * FROM c [JOIN t …] WHERE n < K)`: depth bounded by K, both arms cast to the same type.
 */
function recursiveCte(g: Gen, name: string, visible: readonly RelInfo[]): { cte: Cte; rel: RelInfo } | null {
  const rng = g.rng;
  const fam = rng.pick(['int', 'text', 'float', ...(has(g, 'date_type') ? ['date' as const] : [])] as const);
  const ty: Ty = fam === 'int' ? 'int8' : fam === 'float' ? 'float8' : fam;
  const tyName = fam === 'int' ? 'BIGINT' : fam === 'float' ? 'DOUBLE PRECISION' : fam === 'date' ? 'DATE' : 'TEXT';
  const k = rng.int(1, 4);
  // base arm
  const base = visible.length > 0 && rng.chance(0.7) ? rng.pick(visible) : null;
  const balias = `r${g.n++}`;
  const bcols = base === null ? [] : relCols(balias, base);
  const bctx: Ctx = { g, cols: bcols, outer: [], group: null, aggOk: false, winOk: false, loose: false, depth: 2, subDepth: 0, visible };
  let be = genExpr(bctx, fam);
  if (be.b > 1e6) be = famLiteral(rng, fam, g.f);
  const baseSel: Select = {
    k: 'select',
    items: [{ e: { k: 'lit', t: 'int4', sql: '1', b: 1 }, alias: 'n' }, { e: { k: 'tpl', t: ty, tag: 'cast_rec', parts: ['CAST(', be, ` AS ${tyName})`], b: be.b }, alias: 'v' }],
    from: base === null ? [] : [{ k: 'rel', name: base.name, alias: balias }],
    where: base !== null && rng.chance(0.4) ? genPred(bctx) : undefined,
    out: [{ name: 'n', t: 'int4', b: 1 }, { name: 'v', t: ty, b: be.b }],
  };
  // recursive arm
  const ralias = `r${g.n++}`;
  const self: ScopeCol[] = [{ rel: ralias, name: 'n', t: 'int4', b: k + 1, bare: true }, { rel: ralias, name: 'v', t: ty, b: 1e6, bare: true }];
  const from: From[] = [{ k: 'rel', name, alias: ralias }];
  let cols = self;
  let joinRows = 1;
  if (visible.length > 0 && rng.chance(0.3)) {
    const t = rng.pick(visible);
    joinRows = Math.max(1, t.rows);
    const jalias = `r${g.n++}`;
    from.push({ k: 'rel', name: t.name, alias: jalias });
    cols = [...self, ...relCols(jalias, t)];
  }
  const rctx: Ctx = { g, cols, outer: [], group: null, aggOk: false, winOk: false, loose: false, depth: 1, subDepth: 0, visible: [] };
  const step = recStep(rctx, fam, self[1] as ScopeCol);
  const recSel: Select = {
    k: 'select',
    items: [
      { e: { k: 'tpl', t: 'int4', tag: 'rec_n', parts: ['(', colRef(self[0] as ScopeCol), ' + 1)'], b: k + 1 }, alias: 'n' },
      { e: { k: 'tpl', t: ty, tag: 'cast_rec', parts: ['CAST(', step, ` AS ${tyName})`], b: 1e6 }, alias: 'v' },
    ],
    from,
    where: { k: 'tpl', t: 'bool', tag: 'rec_bound', parts: ['(', colRef(self[0] as ScopeCol), ` < ${k})`, ...(from.length > 1 && rng.chance(0.6) ? [' AND ', genPred(rctx)] : [])], b: 0 },
    out: [{ name: 'n', t: 'int4', b: k + 1 }, { name: 'v', t: ty, b: 1e6 }],
  };
  const q: Query = { k: 'setop', op: 'UNION', all: rng.chance(0.6), l: baseSel, r: recSel, out: baseSel.out };
  return {
    cte: { name, cols: ['n', 'v'], q },
    rel: { name, cols: [{ name: 'n', t: 'int4', b: k + 1 }, { name: 'v', t: ty, b: 1e6 }], rows: Math.max(1, base?.rows ?? 1) * (joinRows ** k) * k, derived: true },
  };
}

function recStep(c: Ctx, fam: Fam, v: ScopeCol): Expr {
  const rng = c.g.rng;
  const ve = colRef(v);
  switch (fam) {
    case 'int': return { k: 'tpl', t: 'int8', tag: 'rec_step', parts: ['(', ve, ` ${rng.pick(['+', '-'])} ${rng.int(1, 5)})`], b: 1e6 };
    case 'float': return { k: 'tpl', t: 'float8', tag: 'rec_step', parts: ['(', ve, ` * ${rng.pick(['0.5', '2.0', '-1.0'])})`], b: 1e6 };
    case 'date': return { k: 'tpl', t: 'date', tag: 'rec_step', parts: ['(', ve, ` + ${rng.int(1, 40)})`], b: 0 };
    default: return rng.chance(0.5)
      ? { k: 'tpl', t: 'text', tag: 'rec_step', parts: ['(', ve, ' || ', famLiteral(rng, 'text', c.g.f), ')'], b: 0 }
      : { k: 'tpl', t: 'text', tag: 'rec_step', parts: ['upper(', ve, ')'], b: 0 };
  }
}

/** Generates a SELECT. */
export function genSelect(g: Gen, outer: readonly ScopeCol[], opts: SubOpts, visible0: readonly RelInfo[], depth: number): Select {
  const rng = g.rng;
  const wth = genWith(g, visible0, depth);
  const visible = wth === null ? visible0 : [...visible0, ...wth.rels];
  const noFrom = rng.chance(0.03);
  const items0 = noFrom ? [] : genFrom(g, visible, depth, opts.top ? 3 : 2);
  const fromEst = items0.reduce((p, i) => p * Math.max(1, i.est), 1);
  const cols = scopeOf(items0);
  const from = items0.map((i) => i.item);
  const base: Ctx = {
    g, cols, outer, group: null, aggOk: false, winOk: false, loose: false, depth: rng.int(1, 3),
    subDepth: Math.min(depth, 2), visible,
  };
  const where = rng.chance(0.6) ? genPred(base) : undefined;

  // Scalar subqueries: one aggregate without GROUP BY, or one value under ORDER BY … LIMIT 1.
  if (opts.scalar) {
    const fam = opts.fams?.[0] ?? 'int';
    const agg = has(g, 'aggregates') && rng.chance(0.6) ? aggregate({ ...base, group: [], aggOk: true }, fam) : null;
    if (agg !== null) {
      return { k: 'select', ...(wth ? { with: wth.w } : {}), items: [{ e: agg, alias: 'x0' }], from, where, out: [{ name: 'x0', t: agg.t, b: agg.b }] };
    }
    const e = genExpr(base, fam);
    const ord: Ord = { e: 'x0', desc: rng.chance(0.5), nulls: rng.pick(['', 'FIRST', 'LAST'] as const) };
    return {
      k: 'select', ...(wth ? { with: wth.w } : {}), items: [{ e, alias: 'x0' }], from, where,
      ...(orderable(e.t) ? { orderBy: [ord], limit: 1 } : { where: { k: 'lit', t: 'bool', sql: 'FALSE', b: 0 } }), out: [{ name: 'x0', t: e.t, b: e.b }],
    };
  }

  const fams = opts.fams ?? (opts.exists ? pickFams(g, 1) : pickFams(g, rng.int(1, opts.top ? 4 : 3)));
  let items: Item[];
  let groupBy: Expr[] | undefined;
  let having: Expr | undefined;
  const grouped = has(g, 'aggregates') && !noFrom && rng.chance(opts.top ? 0.3 : 0.25);
  if (grouped) {
    const keys: Expr[] = [];
    if (has(g, 'group_by') && rng.chance(0.75)) {
      const n = rng.int(1, 2);
      for (let i = 0; i < n; i++) {
        const kc = cols.filter((c) => eqable(c.t) && c.rel !== null);
        if (has(g, 'group_by_expr') && rng.chance(0.25)) {
          const e = genExpr({ ...base, subDepth: 0, depth: 1 }, rng.pick(['int', 'text', 'bool'] as const));
          const sql = renderExpr(e);
          const ok = (has(g, 'group_key_bytea') || !sql.includes('AS BYTEA)')) && (has(g, 'group_key_andor') || !/ (AND|OR) /.test(sql));
          if (e.k !== 'lit' && hasColumn(e) && ok) keys.push(e);
        } else if (kc.length > 0) {
          keys.push(colRef(rng.pick(kc)));
        }
      }
    }
    const uniq = dedupe(keys);
    const gctx: Ctx = { ...base, group: uniq, aggOk: true, depth: 2 };
    items = fams.map((f, i) => ({ e: genExpr(gctx, f), alias: `o${i}` }));
    if (uniq.length > 0) groupBy = uniq;
    if (has(g, 'having') && rng.chance(0.4)) {
      having = genPred({ ...gctx, subDepth: has(g, 'subquery_in_having') ? base.subDepth : 0 });
    }
  } else {
    const ictx: Ctx = {
      ...base, winOk: opts.top === true || rng.chance(0.3), loose: opts.top === true, wins: { total: false },
      subDepth: has(g, 'subquery_in_select') ? base.subDepth : 0,
    };
    items = fams.map((f, i) => ({ e: genExpr(ictx, f), alias: `o${i}` }));
  }
  const out: OutCol[] = items.map((i) => ({ name: i.alias, t: i.e.t, b: i.e.b }));
  let sel: Select = {
    k: 'select', ...(wth ? { with: wth.w } : {}), items, from, where,
    ...(groupBy ? { groupBy } : {}), ...(having ? { having } : {}), out,
  };
  const allEq = out.every((o) => eqable(o.t));
  if (!opts.exists && allEq && has(g, 'distinct') && rng.chance(0.12)) sel = { ...sel, distinct: true };
  else if (!opts.exists && !opts.noOrder && !grouped && allEq && out.every((o) => orderable(o.t)) && has(g, 'distinct_on') && rng.chance(0.05) && cols.length > 0) {
    return mark(distinctOn(g, sel, base), fromEst);
  }
  return mark(withTail(g, sel, opts), fromEst);
}

function mark<Q extends Query>(q: Q, est: number): Q {
  EST.set(q, est);
  return q;
}

function hasColumn(e: Expr): boolean {
  if (e.k === 'col') return true;
  if (e.k === 'lit') return false;
  return e.parts.some((p) => typeof p !== 'string' && (p.k === 'col' || p.k === 'tpl') && hasColumn(p));
}

function dedupe(keys: readonly Expr[]): Expr[] {
  const seen = new Set<string>();
  return keys.filter((k) => {
    const s = JSON.stringify(k);
    if (seen.has(s)) return false;
    seen.add(s);
    return true;
  });
}

/**
 * `SELECT DISTINCT ON (e) … ORDER BY e, <every output column>`: the row kept per group is the
 * first by all outputs, so it is determined.
 */
function distinctOn(g: Gen, sel: Select, base: Ctx): Select {
  const rng = g.rng;
  const kc = base.cols.filter((c) => eqable(c.t) && orderable(c.t) && c.rel !== null);
  if (kc.length === 0) return sel;
  const key = colRef(rng.pick(kc));
  const ords: Ord[] = [{ e: key, desc: rng.chance(0.3), nulls: '' }];
  for (const o of sel.out) ords.push({ e: o.name, desc: rng.chance(0.4), nulls: '' });
  const q: Select = { ...sel, distinctOn: [key], orderBy: ords };
  if (has(g, 'limit_offset') && rng.chance(0.3)) return { ...q, limit: rng.int(has(g, 'limit_zero') ? 0 : 1, 4) };
  return q;
}

/** The pieces an oracle needs: a FROM list, its scope, plain items, an optional WHERE. */
export interface OracleBase { readonly sel: Select; readonly cols: readonly ScopeCol[]; readonly ctx: Ctx }

/** A plain SELECT (no grouping, windows, DISTINCT or ORDER BY) for the TLP/NoREC oracles. */
export function genOracleBase(g: Gen, visible: readonly RelInfo[]): OracleBase {
  const rng = g.rng;
  const items0 = genFrom(g, visible, 1, 3);
  const cols = scopeOf(items0);
  const ctx: Ctx = { g, cols, outer: [], group: null, aggOk: false, winOk: false, loose: false, depth: 3, subDepth: 1, visible };
  const fams = pickFams(g, rng.int(1, 3));
  const items = fams.map((f, i) => ({ e: genExpr(ctx, f), alias: `o${i}` }));
  const where = rng.chance(0.4) ? genPred(ctx) : undefined;
  const sel: Select = { k: 'select', items, from: items0.map((i) => i.item), where, out: items.map((i) => ({ name: i.alias, t: i.e.t, b: i.e.b })) };
  return { sel, cols, ctx };
}
