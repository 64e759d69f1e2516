/**
 * Shrinks a failing case while the failure keeps its kind (and SQLSTATE codes, and for internal
 * errors its normalised message): deletes statements, rows and columns, then simplifies the
 * structured statements (drops clauses, items, joins, CTEs; replaces expressions by a child of
 * the same family or by a literal) greedily until nothing more goes.
 */
import { famOf, isExpr, isQuery, renderExpr, type Case, type ColDef, type Expr, type Fam, type From, type Lit, type Query, type Stmt, type Ty } from './ast.ts';
import type { Engine } from './engines.ts';
import { runCase, type Failure } from './runner.ts';
import { nullLit } from './values.ts';

/** The identity of a failure that reduction must keep. */
export function failureKey(f: Failure): string {
  const msg = f.kind === 'internal' || f.kind === 'throw' || f.kind === 'ink-error' || f.kind === 'pg-error' || f.kind === 'code' ? normalizeMessage(f.message ?? '') : '';
  return `${f.kind}|${f.inkCode ?? ''}|${f.pgCode ?? ''}|${msg}`;
}

/** A message with numbers, quoted names and literals blanked out. */
export function normalizeMessage(m: string): string {
  return m.replace(/"[^"]*"/g, '"…"').replace(/'[^']*'/g, "'…'").replace(/\/.*\/[a-z]*/g, '/…/').replace(/\d+/g, 'N').slice(0, 120);
}

/** Options of {@link reduce}. */
export interface ReduceOptions {
  /** Give up after this many candidate runs. */
  readonly maxTries?: number;
  /** Give up after this many milliseconds. */
  readonly maxMs?: number;
  readonly usePg: boolean;
  readonly log?: (msg: string) => void;
}

/** The reduced case and its failure. */
export interface Reduced { readonly c: Case; readonly failure: Failure; readonly tries: number }

/** Reduces `c`, which fails with `f` at statement `f.index`. */
export async function reduce(c0: Case, f0: Failure, ink: Engine, pg: Engine | null, opts: ReduceOptions): Promise<Reduced> {
  const key = failureKey(f0);
  const t0 = Date.now();
  const maxTries = opts.maxTries ?? 1500;
  const maxMs = opts.maxMs ?? 120_000;
  let tries = 0;
  let best: Case = { seed: c0.seed, stmts: c0.stmts.slice(0, f0.index + 1) };
  let bestFailure: Failure = f0;

  const test = async (cand: Case): Promise<boolean> => {
    if (tries >= maxTries || Date.now() - t0 > maxMs) return false;
    tries++;
    const r = await runCase(cand, ink, pg, { pg: opts.usePg });
    const f = r.failures.find((x) => x.index === cand.stmts.length - 1 && failureKey(x) === key);
    if (f === undefined) return false;
    bestFailure = f;
    return true;
  };
  const budget = (): boolean => tries < maxTries && Date.now() - t0 <= maxMs;

  // Confirm the failure reproduces from scratch.
  if (!(await test(best))) return { c: best, failure: f0, tries };

  let progress = true;
  while (progress && budget()) {
    progress = false;
    // 1. Delete statements before the failing one (chunks, then singles).
    for (let size = Math.max(1, best.stmts.length >> 1); size >= 1 && budget(); size = size >> 1) {
      for (let i = 0; i + size < best.stmts.length && budget();) {
        const stmts = [...best.stmts.slice(0, i), ...best.stmts.slice(i + size)];
        const cand = { seed: best.seed, stmts };
        if (await test(cand)) {
          best = cand;
          progress = true;
        } else i += size;
      }
    }
    // 2. Delete rows of INSERT … VALUES.
    for (let si = 0; si < best.stmts.length && budget(); si++) {
      const s = best.stmts[si] as Stmt;
      if (s.k !== 'insert' || s.rows === undefined) continue;
      let rows = s.rows;
      for (let size = Math.max(1, rows.length >> 1); size >= 1 && budget(); size = size >> 1) {
        for (let i = 0; i < rows.length && rows.length > 1 && budget();) {
          const nr = [...rows.slice(0, i), ...rows.slice(i + size)];
          if (nr.length === 0) {
            i += size;
            continue;
          }
          const cand = replaceStmt(best, si, { ...s, rows: nr });
          if (await test(cand)) {
            best = cand;
            rows = nr;
            progress = true;
          } else i += size;
        }
      }
    }
    // 3. Drop table columns (with their values and indexes).
    for (let si = 0; si < best.stmts.length && budget(); si++) {
      const s = best.stmts[si] as Stmt;
      if (s.k !== 'create' || s.cols.length <= 1) continue;
      for (const col of s.cols.map((x) => x.name)) {
        const cand = dropColumn(best, s.name, col);
        if (cand !== null && (await test(cand))) {
          best = cand;
          progress = true;
        }
      }
    }
    // 4. Structural simplification of every statement, the failing one first.
    const order = [best.stmts.length - 1, ...best.stmts.map((_s, i) => i).slice(0, -1)];
    for (const si of order) {
      let changed = true;
      while (changed && budget()) {
        changed = false;
        const s = best.stmts[si] as Stmt;
        for (const v of variants(s)) {
          if (!budget()) break;
          const cand = replaceStmt(best, si, v as Stmt);
          if (await test(cand)) {
            best = cand;
            progress = true;
            changed = true;
            break;
          }
        }
      }
    }
  }
  opts.log?.(`reduced in ${tries} runs, ${Date.now() - t0} ms: ${c0.stmts.length} → ${best.stmts.length} statements`);
  return { c: best, failure: bestFailure, tries };
}

function replaceStmt(c: Case, i: number, s: Stmt): Case {
  const stmts = c.stmts.slice();
  stmts[i] = s;
  return { seed: c.seed, stmts };
}

function dropColumn(c: Case, table: string, col: string): Case | null {
  const stmts: Stmt[] = [];
  for (const s of c.stmts) {
    if (s.k === 'create' && s.name === table) {
      if ((s.pk ?? []).includes(col) || (s.uniques ?? []).some((u) => u.includes(col))) {
        stmts.push({ ...s, cols: s.cols.filter((x: ColDef) => x.name !== col), ...(s.pk ? { pk: s.pk.filter((x) => x !== col) } : {}), uniques: (s.uniques ?? []).map((u) => u.filter((x) => x !== col)).filter((u) => u.length > 0) });
      } else stmts.push({ ...s, cols: s.cols.filter((x) => x.name !== col) });
    } else if (s.k === 'insert' && s.table === table && s.rows !== undefined && s.cols.includes(col)) {
      const j = s.cols.indexOf(col);
      if (s.cols.length === 1) continue;
      stmts.push({ ...s, cols: s.cols.filter((x) => x !== col), rows: s.rows.map((r) => r.filter((_v, k) => k !== j)) });
    } else if (s.k === 'index' && s.table === table && s.cols.includes(col)) {
      continue;
    } else stmts.push(s);
  }
  return { seed: c.seed, stmts };
}

// ---------------------------------------------------------------------------------------------
// structural variants

const SIMPLE: Partial<Record<Fam, string>> = {
  bool: 'TRUE', int: '1', float: 'CAST(1.0 AS DOUBLE PRECISION)', text: "'a'", date: "DATE '2024-01-01'",
  timestamp: "TIMESTAMP '2024-01-01 00:00:00'", uuid: "CAST('00000000-0000-0000-0000-000000000000' AS UUID)", bytea: "CAST('\\x' AS BYTEA)",
  json: "CAST('1' AS JSON)",
};

function simpleLits(e: Expr): Lit[] {
  const fam = famOf(e.t);
  const out: Lit[] = [];
  const s = SIMPLE[fam];
  if (s !== undefined) out.push({ k: 'lit', t: e.t, sql: s, b: 1 });
  if (fam === 'bool') out.push({ k: 'lit', t: 'bool', sql: 'FALSE', b: 0 });
  out.push(nullLit(e.t as Ty));
  const cur = renderExpr(e);
  return out.filter((l) => l.sql !== cur);
}

/** Direct expression children (not crossing into subqueries). */
function childExprs(e: Expr): Expr[] {
  if (e.k !== 'tpl') return [];
  return e.parts.filter((p): p is Expr => typeof p !== 'string' && isExpr(p));
}

function* exprVariants(e: Expr): Generator<Expr> {
  const fam = famOf(e.t);
  if (e.k === 'tpl' && e.frozen === true) {
    // Parts that keep the result deterministic: only the whole node may go.
    if (e.tag !== 'tiebreak') yield* simpleLits(e);
    return;
  }
  if (e.k === 'tpl') {
    // Same-family children and grandchildren first: they keep the most structure out.
    for (const c of childExprs(e)) if (famOf(c.t) === fam) yield c;
    for (const c of childExprs(e)) for (const g of childExprs(c)) if (famOf(g.t) === fam) yield g;
  }
  if (e.k !== 'lit' || !/^(TRUE|FALSE|1|'a'|CAST\(NULL AS [A-Z ]+\))$/.test(e.sql)) yield* simpleLits(e);
  if (e.k === 'tpl') {
    for (let i = 0; i < e.parts.length; i++) {
      const p = e.parts[i];
      if (typeof p === 'string') continue;
      const sub = isQuery(p) ? queryVariants(p) : exprVariants(p);
      for (const v of sub) {
        const parts = e.parts.slice();
        parts[i] = v;
        yield { ...e, parts };
      }
    }
  }
}

function* optExpr(x: Expr | undefined): Generator<Expr> {
  if (x !== undefined) yield* exprVariants(x);
}

function* arrayVariants<T>(xs: readonly T[], sub: (x: T) => Iterable<T>, minLen: number): Generator<T[]> {
  if (xs.length > minLen) for (let i = 0; i < xs.length; i++) yield [...xs.slice(0, i), ...xs.slice(i + 1)];
  for (let i = 0; i < xs.length; i++) {
    for (const v of sub(xs[i] as T)) {
      const out = xs.slice();
      out[i] = v;
      yield out;
    }
  }
}

function* fromVariants(f: From): Generator<From> {
  switch (f.k) {
    case 'rel': case 'series': return;
    case 'derived':
      for (const q of queryVariants(f.q)) yield { ...f, q, cols: f.cols.slice(0, q.out.length) };
      return;
    case 'join': {
      yield f.l;
      yield f.r;
      if (f.jt !== 'INNER' && f.jt !== 'CROSS') yield { ...f, jt: 'INNER' };
      if (f.jt !== 'CROSS' && f.on !== undefined) yield { k: 'join', jt: 'CROSS', l: f.l, r: f.r };
      for (const on of optExpr(f.on)) yield { ...f, on };
      for (const l of fromVariants(f.l)) yield { ...f, l };
      for (const r of fromVariants(f.r)) yield { ...f, r };
    }
  }
}

function* queryVariants(q: Query): Generator<Query> {
  switch (q.k) {
    case 'values':
      for (const rows of arrayVariants(q.rows, (r) => arrayVariants(r, exprVariants, r.length), 1)) yield { ...q, rows };
      return;
    case 'setop': {
      if (q.with === undefined) {
        yield q.l;
        yield q.r;
      }
      const { orderBy: _o, limit: _l, offset: _f, ...rest } = q;
      if (q.orderBy !== undefined || q.limit !== undefined || q.offset !== undefined) yield rest;
      if (q.with !== undefined) yield { ...q, with: undefined };
      if (q.op !== 'UNION') yield { ...q, op: 'UNION' };
      if (q.all) yield { ...q, all: false };
      for (const l of queryVariants(q.l)) yield { ...q, l };
      for (const r of queryVariants(q.r)) yield { ...q, r };
      return;
    }
    case 'select': {
      if (q.with !== undefined) {
        yield { ...q, with: undefined };
        for (const ctes of arrayVariants(q.with.ctes, (c) => [...queryVariants(c.q)].map((cq) => ({ ...c, q: cq })), 0)) {
          yield ctes.length === 0 ? { ...q, with: undefined } : { ...q, with: { ...q.with, ctes } };
        }
      }
      if (q.limit !== undefined) yield { ...q, limit: undefined };
      if (q.offset !== undefined) yield { ...q, offset: undefined };
      if (q.orderBy !== undefined && q.limit === undefined && q.offset === undefined) yield { ...q, orderBy: undefined };
      if (q.where !== undefined) yield { ...q, where: undefined };
      if (q.having !== undefined) yield { ...q, having: undefined };
      if (q.distinct === true) yield { ...q, distinct: false };
      if (q.distinctOn !== undefined) yield { ...q, distinctOn: undefined };
      if (q.groupBy !== undefined) yield { ...q, groupBy: undefined };
      if (q.items.length > 1) {
        for (let i = 0; i < q.items.length; i++) {
          yield { ...q, items: q.items.filter((_x, j) => j !== i), out: q.out.filter((_x, j) => j !== i) };
        }
      }
      for (const from of arrayVariants(q.from, fromVariants, 1)) yield { ...q, from };
      for (const where of optExpr(q.where)) yield { ...q, where };
      for (const having of optExpr(q.having)) yield { ...q, having };
      for (let i = 0; i < q.items.length; i++) {
        const it = q.items[i];
        if (it === undefined) continue;
        for (const e of exprVariants(it.e)) {
          const items = q.items.slice();
          items[i] = { ...it, e };
          yield { ...q, items };
        }
      }
      if (q.groupBy !== undefined) for (const groupBy of arrayVariants(q.groupBy, exprVariants, 1)) yield { ...q, groupBy };
      // ORDER BY items decide which rows LIMIT/OFFSET/DISTINCT ON keep: leave them alone there.
      if (q.orderBy !== undefined && q.limit === undefined && q.offset === undefined && q.distinctOn === undefined) {
        for (const orderBy of arrayVariants(q.orderBy, () => [], 1)) yield { ...q, orderBy };
      }
      if (q.with !== undefined) {
        for (const ctes of arrayVariants(q.with.ctes, (c) => [...queryVariants(c.q)].map((cq) => ({ ...c, q: cq })), q.with.ctes.length)) {
          yield { ...q, with: { ...q.with, ctes } };
        }
      }
    }
  }
}

/** Simplified variants of a statement, biggest cuts first. */
export function* variants(s: Stmt): Generator<Stmt> {
  switch (s.k) {
    case 'query':
      for (const q of queryVariants(s.q)) yield { ...s, q };
      return;
    case 'view':
      for (const q of queryVariants(s.q)) yield { ...s, q };
      return;
    case 'insert': {
      if (s.ret !== undefined) yield { ...s, ret: undefined };
      if (s.conflict !== undefined) {
        yield { ...s, conflict: undefined };
        if (s.conflict.where !== undefined) yield { ...s, conflict: { ...s.conflict, where: undefined } };
        if (s.conflict.sets !== undefined) yield { ...s, conflict: { target: s.conflict.target } };
      }
      if (s.rows !== undefined) for (const rows of arrayVariants(s.rows, (r) => arrayVariants(r, exprVariants, r.length), 1)) yield { ...s, rows };
      if (s.q !== undefined) for (const q of queryVariants(s.q)) yield { ...s, q };
      if (s.ret !== undefined) for (const ret of arrayVariants(s.ret, (it) => [...exprVariants(it.e)].map((e) => ({ ...it, e })), 1)) yield { ...s, ret };
      return;
    }
    case 'update': {
      if (s.ret !== undefined) yield { ...s, ret: undefined };
      if (s.where !== undefined) yield { ...s, where: undefined };
      if (s.from !== undefined) yield { ...s, from: undefined };
      for (const sets of arrayVariants(s.sets, (it) => [...exprVariants(it.e)].map((e) => ({ ...it, e })), 1)) yield { ...s, sets };
      for (const where of optExpr(s.where)) yield { ...s, where };
      if (s.ret !== undefined) for (const ret of arrayVariants(s.ret, (it) => [...exprVariants(it.e)].map((e) => ({ ...it, e })), 1)) yield { ...s, ret };
      return;
    }
    case 'delete': {
      if (s.ret !== undefined) yield { ...s, ret: undefined };
      if (s.using !== undefined) yield { ...s, using: undefined };
      for (const where of optExpr(s.where)) yield { ...s, where };
      if (s.ret !== undefined) for (const ret of arrayVariants(s.ret, (it) => [...exprVariants(it.e)].map((e) => ({ ...it, e })), 1)) yield { ...s, ret };
      return;
    }
    case 'oracle': {
      for (const p of exprVariants(s.p)) yield { ...s, p };
      for (const q of queryVariants(s.base)) if (q.k === 'select') yield { ...s, base: q };
      return;
    }
    default: return;
  }
}

/** The construct tags of a statement (for signatures): template tags and query shapes. */
export function tagsOf(s: Stmt): string[] {
  const tags = new Set<string>();
  const walk = (x: unknown): void => {
    if (x === null || typeof x !== 'object') return;
    if (Array.isArray(x)) {
      for (const y of x) walk(y);
      return;
    }
    const o = x as Record<string, unknown>;
    if (o['k'] === 'tpl') tags.add(String(o['tag']));
    if (o['k'] === 'join') tags.add(`join_${String(o['jt']).toLowerCase()}${o['using'] ? '_using' : ''}${o['natural'] ? '_natural' : ''}`);
    if (o['k'] === 'derived') tags.add(isQuery(o['q'] as Query) && (o['q'] as Query).k === 'values' ? 'values' : 'derived');
    if (o['k'] === 'setop') tags.add(`${String(o['op']).toLowerCase()}${o['all'] ? '_all' : ''}`);
    if (o['k'] === 'series') tags.add('series');
    if (o['k'] === 'select') {
      if (o['with'] !== undefined) tags.add((o['with'] as { rec: boolean }).rec ? 'with_recursive' : 'with');
      if (o['groupBy'] !== undefined) tags.add('group_by');
      if (o['having'] !== undefined) tags.add('having');
      if (o['distinct'] === true) tags.add('distinct');
      if (o['distinctOn'] !== undefined) tags.add('distinct_on');
      if (o['limit'] !== undefined) tags.add('limit');
      if (o['offset'] !== undefined) tags.add('offset');
      if (o['orderBy'] !== undefined) tags.add('order_by');
    }
    for (const [k, v] of Object.entries(o)) if (k !== 'out') walk(v);
  };
  walk(s);
  if (s.k !== 'query') tags.add(`stmt_${s.k}${s.k === 'oracle' ? `_${s.kind}` : ''}`);
  return [...tags].sort();
}

/** Type re-export for callers building literal maps. */
export type { Expr };
