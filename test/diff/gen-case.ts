/**
 * Whole test cases: a schema with data (tables, indexes, views), then steps — queries, DML with
 * state checks, transactions, oracle checks — all from one seed.
 */
import { eqable, famOf, INT_MAX, type ColDef, type Expr, type From, type Item, type Query, type SetItem, type Stmt, type Ty } from './ast.ts';
import { featureSet, type Features } from './features.ts';
import { aggregate, genExpr, genPred, type Ctx, type Gen, type RelInfo, type ScopeCol } from './gen-expr.ts';
import { estRows, genOracleBase, genQuery } from './gen-query.ts';
import { Rng } from './rng.ts';
import { famLiteral, literal, nullLit, rawValue } from './values.ts';

/** A generated table with what DML needs to know about it. */
export interface TableInfo {
  readonly name: string;
  readonly cols: readonly (ColDef & { readonly b: number; readonly extreme: boolean })[];
  readonly pk: readonly string[];
  readonly uniques: readonly (readonly string[])[];
}

/** Options of {@link genCase}. */
export interface CaseOptions {
  /** Steps after the schema (queries, DML, transactions, oracles). */
  readonly steps: number;
}

const DOMAIN_BOUND: Partial<Record<Ty, number>> = { int2: 32, int4: 300, int8: 9e12, float4: 80, float8: 80, numeric: 11 };

function newGen(seed: number, f: Features): Gen {
  return { rng: new Rng(seed), f, rels: [], n: 0, sub: genQuery };
}

function colTypes(g: Gen): Map<string, Ty> {
  const rng = g.rng;
  const f = g.f;
  const choices: [number, Ty][] = [
    [3, 'int4'], [1, 'int8'], [1, 'int2'], [3, 'text'], [1, 'varchar'], [1.5, 'float8'], [1, 'bool'],
    [f.has('real_type') ? 0.5 : 0, 'float4'], [f.has('date_type') ? 1 : 0, 'date'],
    [f.has('timestamp_type') ? 0.7 : 0, 'timestamp'], [f.has('json_type') ? 0.4 : 0, 'json'],
    [f.has('bytea_type') ? 0.3 : 0, 'bytea'], [f.has('uuid_type') ? 0.4 : 0, 'uuid'],
    [f.has('numeric') ? 0.5 : 0, 'numeric'],
  ];
  const m = new Map<string, Ty>();
  for (const n of ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h']) m.set(n, rng.weighted(choices));
  // A shared integer join key most of the time.
  if (rng.chance(0.7)) m.set('k', 'int4');
  return m;
}

function genTable(g: Gen, name: string, types: Map<string, Ty>): { stmts: Stmt[]; info: TableInfo } {
  const rng = g.rng;
  const f = g.f;
  const names = rng.shuffle([...types.keys()]).slice(0, rng.int(2, 5));
  if (types.has('k') && !names.includes('k') && rng.chance(0.6)) names[0] = 'k';
  const keyable = (n: string): boolean => {
    const t = types.get(n) as Ty;
    return eqable(t) && t !== 'float4' && t !== 'float8' && t !== 'bool' && t !== 'numeric';
  };
  let pk: string[] = [];
  if (f.has('primary_keys') && rng.chance(0.5)) {
    const ks = names.filter(keyable);
    if (ks.length > 0) pk = rng.chance(0.8) || ks.length < 2 ? [rng.pick(ks)] : rng.shuffle(ks).slice(0, 2);
  }
  const uniques: string[][] = [];
  if (f.has('unique') && rng.chance(0.25)) {
    const ks = names.filter((n) => keyable(n) && !pk.includes(n));
    if (ks.length > 0) uniques.push([rng.pick(ks)]);
  }
  const cols = names.map((n) => {
    const t = types.get(n) as Ty;
    const extreme = f.has('extreme_values') && famOf(t) === 'int' && rng.chance(0.1);
    // Beyond every limit check: arithmetic on such a column is never generated.
    const b = extreme ? (INT_MAX[t] as number) * 2 : (DOMAIN_BOUND[t] ?? 0);
    const len = t === 'varchar' ? rng.int(2, 12) : undefined;
    const notNull = pk.includes(n) || (f.has('not_null') && rng.chance(0.2));
    let def: string | undefined;
    if (f.has('defaults') && rng.chance(0.15)) def = literal(t, rawValue(rng, t, f, false, len), false, f).sql;
    return { name: n, t, b, extreme, ...(len !== undefined ? { len } : {}), ...(notNull ? { notNull } : {}), ...(def !== undefined ? { def } : {}) };
  });
  const info: TableInfo = { name, cols, pk, uniques };
  const stmts: Stmt[] = [{ k: 'create', name, cols, ...(pk.length > 0 ? { pk } : {}), ...(uniques.length > 0 ? { uniques } : {}) }];
  // rows, mostly respecting keys
  const nrows = rng.weighted([[1, 0], [2, rng.int(1, 3)], [6, rng.int(4, 10)]]);
  const seen = new Set<string>();
  const rows: Expr[][] = [];
  const keyCols = [pk, ...uniques].filter((k) => k.length > 0);
  for (let i = 0; i < nrows; i++) {
    for (let attempt = 0; attempt < 5; attempt++) {
      const raw = cols.map((c) => (c.notNull !== true && rng.chance(0.15) ? null : rawValue(rng, c.t, f, c.extreme, c.len)));
      const keys = keyCols.map((k) => k.map((n) => String(raw[names.indexOf(n)])).join('|'));
      if (keys.some((k, j) => seen.has(`${j}:${k}`)) && attempt < 4) continue;
      keys.forEach((k, j) => seen.add(`${j}:${k}`));
      rows.push(raw.map((v, j) => (v === null ? nullLit((cols[j] as ColDef).t) : literal((cols[j] as ColDef).t, v, rng.chance(0.7), f))));
      break;
    }
  }
  if (rows.length > 0) {
    const split = rows.length > 3 && rng.chance(0.3) ? rng.int(1, rows.length - 1) : rows.length;
    stmts.push({ k: 'insert', table: name, cols: names, rows: rows.slice(0, split) });
    if (split < rows.length) stmts.push({ k: 'insert', table: name, cols: names, rows: rows.slice(split) });
  }
  if (f.has('indexes') && rng.chance(0.5)) {
    const ic = names.filter((n) => eqable(types.get(n) as Ty));
    for (let i = 0, n = rng.int(1, 2); i < n && ic.length > 0; i++) {
      const hash = rng.chance(0.25);
      const icols = hash ? [rng.pick(ic)] : rng.shuffle(ic).slice(0, rng.int(1, 2));
      stmts.push({ k: 'index', name: `${name}_i${i}`, table: name, cols: icols, unique: !hash && rng.chance(0.1), ...(hash ? { using: 'hash' as const } : rng.chance(0.3) ? { using: 'btree' as const } : {}) });
    }
  }
  return { stmts, info };
}

function relOf(t: TableInfo): RelInfo {
  return { name: t.name, cols: t.cols.map((c) => ({ name: c.name, t: c.t, b: c.b })), rows: 10 };
}

function tableCtx(g: Gen, t: TableInfo, alias: string, extra: ScopeCol[] = []): Ctx {
  const cols: ScopeCol[] = [...t.cols.map((c) => ({ rel: alias, name: c.name, t: c.t, b: c.b, bare: true })), ...extra];
  return { g, cols, outer: [], group: null, aggOk: false, winOk: false, loose: false, depth: 3, subDepth: 1, visible: g.rels };
}

/** A value for a column in DML: a domain literal, NULL, DEFAULT, or a bounded expression. */
function dmlValue(g: Gen, c: TableInfo['cols'][number], ctx: Ctx | null, unique: boolean): Expr {
  const rng = g.rng;
  const f = g.f;
  if (!unique && c.notNull !== true && rng.chance(0.1)) return nullLit(c.t);
  if (ctx !== null && !unique && c.t !== 'float4' && (c.t !== 'varchar' || f.has('varchar_astral')) && rng.chance(0.5)) {
    const fam = famOf(c.t);
    let e = genExpr(ctx, fam);
    if (famOf(e.t) === 'int' && e.b > c.b) e = famLiteral(rng, fam, f);
    if (fam === 'float' && !(e.b <= c.b)) e = famLiteral(rng, fam, f);
    if (c.t === 'varchar' && rng.chance(0.6)) e = { k: 'tpl', t: 'text', tag: 'left', parts: ['left(', e, `, ${c.len ?? 10})`], b: 0 };
    if (c.t === 'int2' && e.b > 32767) e = famLiteral(rng, fam, f);
    return e;
  }
  const v = rawValue(rng, c.t, f, c.extreme, c.len);
  return literal(c.t, v, rng.chance(0.6), f);
}

function returning(g: Gen, ctx: Ctx): Item[] | undefined {
  const rng = g.rng;
  if (!g.f.has('returning') || !rng.chance(0.3)) return undefined;
  const n = rng.int(1, 3);
  const out: Item[] = [];
  for (let i = 0; i < n; i++) out.push({ e: genExpr({ ...ctx, subDepth: 0 }, rng.pick(['int', 'text', 'bool', 'float'] as const)), alias: `o${i}` });
  return out;
}

function genInsert(g: Gen, t: TableInfo): Stmt {
  const rng = g.rng;
  const f = g.f;
  const required = t.cols.filter((c) => c.notNull === true && c.def === undefined).map((c) => c.name);
  let cols = t.cols.map((c) => c.name).filter((n) => required.includes(n) || rng.chance(0.75));
  if (cols.length === 0) cols = [t.cols[0]?.name as string];
  if (f.has('error_statements') && rng.chance(0.05) && required.length > 0) cols = cols.filter((n) => n !== required[0]);
  if (cols.length === 0) cols = t.cols.map((c) => c.name);
  const defs = cols.map((n) => t.cols.find((c) => c.name === n) as TableInfo['cols'][number]);
  const keyCols = new Set([...t.pk, ...t.uniques.flat()]);
  const ret = returning(g, tableCtx(g, t, t.name));
  let stmt: { k: 'insert'; table: string; cols: string[]; rows?: Expr[][]; q?: Query; conflict?: { target: string[]; sets?: SetItem[]; where?: Expr }; ret?: Item[]; dump: boolean };
  if (f.has('insert_select') && rng.chance(0.25) && g.rels.length > 0) {
    const usable = defs.every((d) => d.t !== 'float4' && (d.t !== 'varchar' || f.has('varchar_astral')));
    const q = genQuery(g, [], { fams: defs.map((d) => famOf(d.t)) }, g.rels, 1);
    const ok = usable && q.out.every((o, i) => {
      const d = defs[i] as TableInfo['cols'][number];
      return famOf(o.t) !== 'int' || o.b <= d.b;
    });
    stmt = ok ? { k: 'insert', table: t.name, cols, q, dump: true } : { k: 'insert', table: t.name, cols, rows: [defs.map((d) => dmlValue(g, d, null, keyCols.has(d.name)))], dump: true };
  } else {
    const n = rng.int(1, 3);
    const rows: Expr[][] = [];
    for (let i = 0; i < n; i++) rows.push(defs.map((d) => (d.def !== undefined && rng.chance(0.08) ? { k: 'lit', t: d.t, sql: 'DEFAULT', b: 0 } : dmlValue(g, d, null, keyCols.has(d.name)))));
    stmt = { k: 'insert', table: t.name, cols, rows, dump: true };
  }
  const targets = [t.pk, ...t.uniques].filter((k) => k.length > 0 && k.every((c) => cols.includes(c)));
  if (f.has('on_conflict') && targets.length > 0 && rng.chance(0.4)) {
    const target = [...rng.pick(targets)];
    const upd = t.cols.filter((c) => !keyCols.has(c.name));
    // With INSERT … SELECT the order of the new rows is not determined: DO NOTHING (keeps the
    // first of several rows with one key) and DO UPDATE … WHERE (may skip the first) would make
    // the outcome depend on it, so they only go with VALUES.
    const ordered = stmt.q === undefined;
    if (ordered && (rng.chance(0.4) || upd.length === 0)) stmt.conflict = { target };
    else if (upd.length > 0) {
      const ex: ScopeCol[] = t.cols.map((c) => ({ rel: 'excluded', name: c.name, t: c.t, b: c.b, bare: false }));
      const ctx = tableCtx(g, t, t.name, ex);
      const sets: SetItem[] = rng.shuffle(upd).slice(0, rng.int(1, 2)).map((c) => ({
        col: c.name,
        e: rng.chance(0.5) ? { k: 'col', t: c.t, rel: 'excluded', name: c.name, b: c.b } : dmlValue(g, c, { ...ctx, subDepth: 0 }, false),
      }));
      stmt.conflict = { target, sets, ...(ordered && rng.chance(0.3) ? { where: genPred({ ...ctx, subDepth: 0 }) } : {}) };
    }
  }
  if (ret !== undefined) stmt.ret = ret;
  return stmt;
}

function genUpdate(g: Gen, t: TableInfo): Stmt {
  const rng = g.rng;
  const alias = 'u';
  let ctx = tableCtx(g, t, alias);
  const keyCols = new Set([...t.pk, ...t.uniques.flat()]);
  let from: From[] | undefined;
  let joinPred: Expr | null = null;
  if (g.f.has('update_from') && rng.chance(0.15) && g.rels.length > 0) {
    // FROM a derived table grouped on its key: at most one source row per target row.
    const src = rng.pick(g.rels);
    const kc = src.cols.filter((c) => famOf(c.t) === 'int');
    const tc = t.cols.filter((c) => famOf(c.t) === 'int');
    if (kc.length > 0 && tc.length > 0) {
      const key = rng.pick(kc);
      const vcol = rng.pick(src.cols.filter((c) => famOf(c.t) === 'int' || famOf(c.t) === 'text'));
      const q: Query = {
        k: 'select',
        items: [{ e: { k: 'col', t: key.t, rel: 'z', name: key.name, b: key.b }, alias: 'key' },
          { e: { k: 'tpl', t: vcol.t, tag: 'minmax', parts: ['max(', { k: 'col', t: vcol.t, rel: 'z', name: vcol.name, b: vcol.b }, ')'], b: vcol.b, agg: true }, alias: 'val' }],
        from: [{ k: 'rel', name: src.name, alias: 'z' }],
        groupBy: [{ k: 'col', t: key.t, rel: 'z', name: key.name, b: key.b }],
        out: [{ name: 'key', t: key.t, b: key.b }, { name: 'val', t: vcol.t, b: vcol.b }],
      };
      from = [{ k: 'derived', q, alias: 's', cols: ['key', 'val'] }];
      const tcol = rng.pick(tc);
      joinPred = { k: 'tpl', t: 'bool', tag: 'join_eq', parts: ['(', { k: 'col', t: tcol.t, rel: alias, name: tcol.name, b: tcol.b }, ' = s.key)'], b: 0 };
      ctx = tableCtx(g, t, alias, [{ rel: 's', name: 'val', t: vcol.t, b: vcol.b, bare: false, derived: true }]);
    }
  }
  const cands = t.cols.filter((c) => g.f.has('update_unique') || !keyCols.has(c.name));
  const chosen = rng.shuffle(cands.length > 0 ? cands : [...t.cols]).slice(0, rng.int(1, 2));
  const sets: SetItem[] = chosen.map((c) => ({ col: c.name, e: dmlValue(g, c, keyCols.has(c.name) ? null : ctx, keyCols.has(c.name)) }));
  let where: Expr | undefined = rng.chance(0.75) ? genPred(ctx) : undefined;
  if (joinPred !== null) where = where === undefined ? joinPred : { k: 'tpl', t: 'bool', tag: 'and', parts: ['(', joinPred, ' AND ', where, ')'], b: 0 };
  const ret = g.f.has('update_returning') ? returning(g, g.f.has('returning_from') ? ctx : tableCtx(g, t, alias)) : undefined;
  return { k: 'update', table: t.name, alias, sets, ...(from ? { from } : {}), ...(where ? { where } : {}), ...(ret ? { ret } : {}), dump: true };
}

function genDelete(g: Gen, t: TableInfo): Stmt {
  const rng = g.rng;
  const alias = 'u';
  let ctx = tableCtx(g, t, alias);
  let using: { k: 'rel'; name: string; alias: string }[] | undefined;
  if (g.f.has('delete_using') && rng.chance(0.2) && g.rels.length > 0) {
    const src = rng.pick(g.rels);
    using = [{ k: 'rel', name: src.name, alias: 'z' }];
    ctx = { ...ctx, cols: [...ctx.cols, ...src.cols.map((c) => ({ rel: 'z', name: c.name, t: c.t, b: c.b, bare: false, ...(src.derived === true ? { derived: true } : {}) }))] };
  }
  const where = rng.chance(0.9) ? genPred(ctx) : undefined;
  const ret = returning(g, tableCtx(g, t, alias));
  return { k: 'delete', table: t.name, alias, ...(using ? { using } : {}), ...(where ? { where } : {}), ...(ret ? { ret } : {}), dump: true };
}

function genDml(g: Gen, tables: readonly TableInfo[]): Stmt {
  const t = g.rng.pick(tables);
  return g.rng.weighted<() => Stmt>([[4, () => genInsert(g, t)], [3, () => genUpdate(g, t)], [2, () => genDelete(g, t)]])();
}

function genOracle(g: Gen): Stmt {
  const rng = g.rng;
  const { sel, ctx } = genOracleBase(g, g.rels);
  const p = genPred(ctx);
  const kind = rng.weighted<'tlp' | 'tlp_distinct' | 'tlp_agg' | 'norec'>([
    [g.f.has('tlp') ? 3 : 0, 'tlp'], [g.f.has('tlp') ? 1 : 0, 'tlp_distinct'], [g.f.has('tlp') && g.f.has('aggregates') ? 1.5 : 0, 'tlp_agg'], [g.f.has('norec') ? 3 : 0, 'norec'],
  ]);
  if (kind === 'tlp_distinct') {
    if (!sel.out.every((o) => eqable(o.t))) return { k: 'oracle', kind: 'tlp', base: sel, p };
    return { k: 'oracle', kind, base: { ...sel, distinct: true }, p };
  }
  if (kind === 'tlp_agg') {
    const agg = rng.pick(['min', 'max', 'count', 'sum'] as const);
    const fam = agg === 'sum' || agg === 'count' ? 'int' : rng.pick(['int', 'text', 'float'] as const);
    const e = genExpr({ ...ctx, subDepth: 0 }, fam);
    if (agg === 'sum' && e.t === 'int8') return { k: 'oracle', kind: 'tlp', base: sel, p };
    return { k: 'oracle', kind, agg, base: { ...sel, items: [{ e, alias: 'o0' }], out: [{ name: 'o0', t: e.t, b: e.b }] }, p };
  }
  return { k: 'oracle', kind, base: sel, p };
}

function genErrorQuery(g: Gen): Stmt {
  const rng = g.rng;
  const t = rng.pick(g.rels);
  const eqc = t.cols.filter((x) => eqable(x.t));
  const c = rng.pick(eqc.length > 0 ? eqc : t.cols);
  const sql = rng.pick([
    `SELECT CAST('x1' AS INTEGER) AS o0`,
    'SELECT 1 / 0 AS o0',
    `SELECT (SELECT ${c.name} FROM ${t.name}) AS o0`,
    // (json has no = in PostgreSQL: compare only a column that has one)
    eqc.length > 0 ? `SELECT ${c.name} AS o0 FROM ${t.name} WHERE ${c.name} = (SELECT ${c.name} FROM ${t.name})` : 'SELECT 1 / 0 AS o0',
    `SELECT CAST(32768 AS SMALLINT) AS o0`,
    `SELECT 2147483647 + 1 AS o0`,
    `SELECT nosuch AS o0 FROM ${t.name}`,
    `SELECT ${c.name} AS o0 FROM nosuch`,
  ]);
  return { k: 'raw', sql };
}

/** A copy of a node with every plain integer literal n replaced by n + 1. */
function shiftLiterals<T>(x: T): T {
  if (Array.isArray(x)) return x.map((y) => shiftLiterals(y)) as T;
  if (x === null || typeof x !== 'object') return x;
  const o = x as Record<string, unknown>;
  if (o['k'] === 'lit' && typeof o['sql'] === 'string' && /^-?\d+$/.test(o['sql']) && Math.abs(Number(o['sql'])) < 1000) {
    return { ...o, sql: String(Number(o['sql']) + 1), b: (o['b'] as number) + 1 } as T;
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) out[k] = shiftLiterals(v);
  return out as T;
}

/** Generates a reproducible case from a seed. */
export function genCase(seed: number, f: Features = featureSet(), opts: CaseOptions = { steps: 20 }): { c: { seed: number; stmts: Stmt[] }; tables: TableInfo[] } {
  const g = newGen(seed, f);
  const rng = g.rng;
  const types = colTypes(g);
  const stmts: Stmt[] = [];
  const tables: TableInfo[] = [];
  const nt = rng.weighted([[1, 1], [3, 2], [3, 3]]);
  for (let i = 0; i < nt; i++) {
    const { stmts: s, info } = genTable(g, `t${i}`, types);
    stmts.push(...s);
    tables.push(info);
    g.rels.push(relOf(info));
  }
  if (f.has('views') && rng.chance(0.25)) {
    const q = genQuery(g, [], {}, g.rels, 1);
    const cols = q.out.map((_o, i) => `w${i}`);
    stmts.push({ k: 'view', name: 'v0', cols, q });
    g.rels.push({ name: 'v0', cols: q.out.map((o, i) => ({ name: cols[i] as string, t: o.t, b: o.b })), rows: estRows(q), derived: true });
  }
  let steps = 0;
  while (steps < opts.steps) {
    const kind = rng.weighted<string>([
      [12, 'query'],
      [f.has('dml') ? 3 : 0, 'dml'],
      [f.has('dml') && f.has('transactions') ? 1 : 0, 'txn'],
      [f.has('tlp') || f.has('norec') ? 2 : 0, 'oracle'],
      [f.has('error_statements') ? 0.3 : 0, 'error'],
    ]);
    switch (kind) {
      case 'query': {
        const q = genQuery(g, [], { top: true }, g.rels, 2);
        stmts.push({ k: 'query', q });
        steps++;
        // The same statement shape with other literal values: InkDB caches plans keyed on the
        // statement with its literals taken out, so the second run reuses the first one's plan.
        if (f.has('repeat_shape') && rng.chance(0.15)) {
          stmts.push({ k: 'query', q: shiftLiterals(q) });
          steps++;
        }
        break;
      }
      case 'dml': stmts.push(genDml(g, tables)); steps++; break;
      case 'oracle': stmts.push(genOracle(g)); steps++; break;
      case 'error': stmts.push(genErrorQuery(g)); steps++; break;
      default: {
        stmts.push({ k: 'begin' });
        const n = rng.int(1, 3);
        for (let i = 0; i < n; i++) stmts.push(rng.chance(0.7) ? genDml(g, tables) : { k: 'query', q: genQuery(g, [], { top: true }, g.rels, 1) });
        stmts.push(rng.chance(0.6) ? { k: 'commit' } : { k: 'rollback' });
        steps += n + 2;
      }
    }
  }
  return { c: { seed, stmts }, tables };
}

/** Re-exported so the runner can name the aggregate oracle's helpers. */
export { aggregate };
