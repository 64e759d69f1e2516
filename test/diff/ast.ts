/**
 * The small structured representation the generator produces and the reducer shrinks, and its
 * rendering to SQL (one text for both engines). Nodes are plain JSON-able data with a `k`
 * discriminant so that a case can be saved, reloaded and walked generically.
 */

/** The SQL types the generator knows (PostgreSQL spelling in {@link TYPE_SQL}). */
export type Ty =
  | 'bool' | 'int2' | 'int4' | 'int8' | 'float4' | 'float8' | 'numeric'
  | 'text' | 'varchar' | 'date' | 'timestamp' | 'json' | 'bytea' | 'uuid';

/** Type families: expressions are generated per family, PostgreSQL unifies within one. */
export type Fam = 'bool' | 'int' | 'float' | 'text' | 'date' | 'timestamp' | 'json' | 'bytea' | 'uuid';

/** The SQL spelling of each type, valid in InkDB and PostgreSQL. */
export const TYPE_SQL: Record<Ty, string> = {
  bool: 'BOOLEAN', int2: 'SMALLINT', int4: 'INTEGER', int8: 'BIGINT', float4: 'REAL',
  float8: 'DOUBLE PRECISION', numeric: 'NUMERIC', text: 'TEXT', varchar: 'VARCHAR',
  date: 'DATE', timestamp: 'TIMESTAMP', json: 'JSON', bytea: 'BYTEA', uuid: 'UUID',
};

/** The family of a type. */
export function famOf(t: Ty): Fam {
  switch (t) {
    case 'int2': case 'int4': case 'int8': return 'int';
    case 'float4': case 'float8': case 'numeric': return 'float';
    case 'varchar': return 'text';
    default: return t;
  }
}

/** Types with an equality operator in PostgreSQL (json has none). */
export function eqable(t: Ty): boolean {
  return t !== 'json';
}

/** Types with an ordering in PostgreSQL (json has none). */
export function orderable(t: Ty): boolean {
  return t !== 'json';
}

/** Largest absolute value of an integer type (a bound for overflow avoidance). */
export const INT_MAX: Partial<Record<Ty, number>> = { int2: 32767, int4: 2147483647, int8: 9.2e18 };

/** A column reference (`rel.name`, or bare `name` for a USING-merged column). */
export interface Col { readonly k: 'col'; readonly t: Ty; readonly rel: string | null; readonly name: string; readonly b: number }
/** A literal, already rendered. */
export interface Lit { readonly k: 'lit'; readonly t: Ty; readonly sql: string; readonly b: number }
/**
 * Any composite expression, as a template of text and child parts; `tag` names the construct
 * (for signatures and feature accounting), `b` is an upper bound of the absolute value for
 * numeric expressions (Infinity when unknown).
 */
export interface Tpl {
  readonly k: 'tpl'; readonly t: Ty; readonly tag: string; readonly parts: readonly Part[]; readonly b: number;
  /** Contains an aggregate call at this level (not inside a subquery). */
  readonly agg?: boolean;
  /** Is a window function call. */
  readonly win?: boolean;
  /** Operator precedence level (see {@link PREC}) when the template is `(l op r)` or similar. */
  readonly prec?: number;
  /** Render without the outer parentheses where PostgreSQL's precedence makes them redundant. */
  readonly loose?: boolean;
  /** The reducer must not simplify inside (window tiebreakers, string_agg's ORDER BY mirror). */
  readonly frozen?: boolean;
}

/**
 * PostgreSQL's operator precedence levels, low to high (docs: "Operator Precedence", 9.5+):
 * OR, AND, NOT, IS, comparison, BETWEEN/IN/LIKE, any other operator (||, &, <<, ->> …), + -, * / %.
 */
export const PREC = { or: 1, and: 2, not: 3, is: 4, cmp: 5, like: 6, other: 7, add: 8, mul: 9 } as const;
const LEFT_ASSOC = new Set<number>([PREC.or, PREC.and, PREC.other, PREC.add, PREC.mul]);
/** Text around a child of a function-style template that delimits it completely. */
const OPEN_OK = ['(', ', ', 'WHEN ', 'THEN ', 'ELSE ', 'CASE '];
const CLOSE_OK = [')', ',', ' AS ', ' WHEN ', ' THEN ', ' ELSE ', ' END'];
/** An expression. */
export type Expr = Col | Lit | Tpl;
/** A template part. */
export type Part = string | Expr | Query;

/** A select-list item. */
export interface Item { readonly e: Expr; readonly alias: string }
/** An ORDER BY item: an expression, or the text of an output alias / ordinal. */
export interface Ord { readonly e: Expr | string; readonly desc: boolean; readonly nulls: '' | 'FIRST' | 'LAST' }
/** A common table expression. */
export interface Cte { readonly name: string; readonly cols: readonly string[]; readonly q: Query }
/** A WITH clause. */
export interface With { readonly rec: boolean; readonly ctes: readonly Cte[] }
/** An output column of a query (metadata for the generator). */
export interface OutCol { readonly name: string; readonly t: Ty; readonly b: number }

/** SELECT. */
export interface Select {
  readonly k: 'select';
  readonly with?: With;
  readonly distinct?: boolean;
  readonly distinctOn?: readonly Expr[];
  readonly items: readonly Item[];
  readonly from: readonly From[];
  readonly where?: Expr;
  readonly groupBy?: readonly Expr[];
  readonly having?: Expr;
  readonly orderBy?: readonly Ord[];
  readonly limit?: number;
  readonly offset?: number;
  readonly out: readonly OutCol[];
}
/** UNION / INTERSECT / EXCEPT. */
export interface SetOp {
  readonly k: 'setop';
  readonly with?: With;
  readonly op: 'UNION' | 'INTERSECT' | 'EXCEPT';
  readonly all: boolean;
  readonly l: Query;
  readonly r: Query;
  readonly orderBy?: readonly Ord[];
  readonly limit?: number;
  readonly offset?: number;
  readonly out: readonly OutCol[];
}
/** VALUES (…), (…). */
export interface Values { readonly k: 'values'; readonly rows: readonly (readonly Expr[])[]; readonly out: readonly OutCol[] }
/** A query. */
export type Query = Select | SetOp | Values;

/** A FROM item. */
export type From =
  | { readonly k: 'rel'; readonly name: string; readonly alias: string }
  | { readonly k: 'derived'; readonly q: Query; readonly alias: string; readonly cols: readonly string[] }
  | { readonly k: 'series'; readonly lo: number; readonly hi: number; readonly alias: string; readonly col: string }
  | {
    readonly k: 'join'; readonly jt: 'INNER' | 'LEFT' | 'RIGHT' | 'FULL' | 'CROSS'; readonly natural?: boolean;
    readonly l: From; readonly r: From; readonly on?: Expr; readonly using?: readonly string[];
  };

/** A column definition. */
export interface ColDef {
  readonly name: string; readonly t: Ty; readonly len?: number; readonly notNull?: boolean;
  readonly def?: string;
}
/** An assignment `col = e`. */
export interface SetItem { readonly col: string; readonly e: Expr }

/** One statement of a case. */
export type Stmt =
  | { readonly k: 'create'; readonly name: string; readonly cols: readonly ColDef[]; readonly pk?: readonly string[]; readonly uniques?: readonly (readonly string[])[] }
  | { readonly k: 'index'; readonly name: string; readonly table: string; readonly cols: readonly string[]; readonly unique: boolean; readonly using?: 'hash' | 'btree' }
  | { readonly k: 'view'; readonly name: string; readonly cols: readonly string[]; readonly q: Query }
  | {
    readonly k: 'insert'; readonly table: string; readonly cols: readonly string[];
    readonly rows?: readonly (readonly Expr[])[]; readonly q?: Query;
    readonly conflict?: { readonly target: readonly string[]; readonly sets?: readonly SetItem[]; readonly where?: Expr };
    readonly ret?: readonly Item[]; readonly dump?: boolean;
  }
  | {
    readonly k: 'update'; readonly table: string; readonly alias: string; readonly sets: readonly SetItem[];
    readonly from?: readonly From[]; readonly where?: Expr; readonly ret?: readonly Item[]; readonly dump?: boolean;
  }
  | {
    readonly k: 'delete'; readonly table: string; readonly alias: string; readonly using?: readonly From[];
    readonly where?: Expr; readonly ret?: readonly Item[]; readonly dump?: boolean;
  }
  | { readonly k: 'begin' } | { readonly k: 'commit' } | { readonly k: 'rollback' }
  | { readonly k: 'query'; readonly q: Query }
  | { readonly k: 'raw'; readonly sql: string }
  | { readonly k: 'oracle'; readonly kind: 'tlp' | 'tlp_distinct' | 'tlp_agg' | 'norec'; readonly base: Select; readonly p: Expr; readonly agg?: 'min' | 'max' | 'count' | 'sum' };

/** A test case: statements run in order on both engines. */
export interface Case { readonly seed: number; readonly stmts: readonly Stmt[] }

// ---------------------------------------------------------------------------------------------
// rendering

/** Whether a template is written as `( … )` (so its outer parentheses can be dropped). */
function wrapped(e: Tpl): boolean {
  const first = e.parts[0];
  const last = e.parts[e.parts.length - 1];
  return e.parts.length >= 2 && typeof first === 'string' && first.startsWith('(') && typeof last === 'string' && last.endsWith(')');
}

/**
 * Renders an expression. `drop` says the surrounding text makes this expression's own outer
 * parentheses redundant (a loose template then leaves them out).
 */
export function renderExpr(e: Expr, drop = true): string {
  switch (e.k) {
    case 'col': return e.rel === null ? e.name : `${e.rel}.${e.name}`;
    case 'lit': return e.sql;
    case 'tpl': {
      const strip = drop && e.loose === true && e.prec !== undefined && wrapped(e);
      const parts = e.parts.slice();
      if (strip) {
        parts[0] = (parts[0] as string).slice(1);
        parts[parts.length - 1] = (parts[parts.length - 1] as string).slice(0, -1);
      }
      let s = '';
      for (let i = 0; i < parts.length; i++) {
        const p = parts[i] as Part;
        if (typeof p === 'string') s += p;
        else if (isQuery(p)) s += renderQuery(p);
        else s += renderExpr(p, childMayDrop(e, parts, i, p));
      }
      return s;
    }
  }
}

/** Whether child `i` of a template may lose its own parentheses. */
function childMayDrop(parent: Tpl, parts: readonly Part[], i: number, child: Expr): boolean {
  if (child.k !== 'tpl' || child.prec === undefined) return true;
  const before = i > 0 ? parts[i - 1] : '';
  const after = i + 1 < parts.length ? parts[i + 1] : '';
  const pre = typeof before === 'string' ? before : null;
  const post = typeof after === 'string' ? after : null;
  if (parent.prec === undefined) {
    // A function-style template: only where commas, parentheses or CASE keywords delimit it.
    return pre !== null && post !== null && OPEN_OK.some((o) => pre.endsWith(o)) && CLOSE_OK.some((c) => post.startsWith(c));
  }
  const side = i === 0 || (i === 1 && pre === '') ? 'l' : i === parts.length - 1 || (i === parts.length - 2 && post === '') ? 'r' : 'i';
  if (child.prec > parent.prec) return true;
  return child.prec === parent.prec && side === 'l' && LEFT_ASSOC.has(parent.prec);
}

/** True for a query node. */
export function isQuery(p: Part | From | Stmt | object): p is Query {
  const k = (p as { k?: string }).k;
  return k === 'select' || k === 'setop' || k === 'values';
}

/** True for an expression node. */
export function isExpr(p: unknown): p is Expr {
  const k = (p as { k?: string } | null)?.k;
  return k === 'col' || k === 'lit' || k === 'tpl';
}

function renderWith(w: With | undefined): string {
  if (w === undefined || w.ctes.length === 0) return '';
  const ctes = w.ctes.map((c) => `${c.name}(${c.cols.join(', ')}) AS (${renderQuery(c.q)})`);
  return `WITH ${w.rec ? 'RECURSIVE ' : ''}${ctes.join(', ')} `;
}

function renderOrd(o: Ord): string {
  const e = typeof o.e === 'string' ? o.e : renderExpr(o.e);
  return `${e}${o.desc ? ' DESC' : ''}${o.nulls === '' ? '' : ` NULLS ${o.nulls}`}`;
}

function renderTail(q: { orderBy?: readonly Ord[]; limit?: number; offset?: number }): string {
  let s = '';
  if (q.orderBy !== undefined && q.orderBy.length > 0) s += ` ORDER BY ${q.orderBy.map(renderOrd).join(', ')}`;
  if (q.limit !== undefined) s += ` LIMIT ${q.limit}`;
  if (q.offset !== undefined) s += ` OFFSET ${q.offset}`;
  return s;
}

/** Renders a FROM item. */
export function renderFrom(f: From): string {
  switch (f.k) {
    case 'rel': return f.alias === f.name ? f.name : `${f.name} AS ${f.alias}`;
    case 'derived': return `(${renderQuery(f.q)}) AS ${f.alias}(${f.cols.join(', ')})`;
    case 'series': return `generate_series(${f.lo}, ${f.hi}) AS ${f.alias}(${f.col})`;
    case 'join': {
      const r = f.r.k === 'join' ? `(${renderFrom(f.r)})` : renderFrom(f.r);
      if (f.jt === 'CROSS') return `${renderFrom(f.l)} CROSS JOIN ${r}`;
      if (f.natural === true) return `${renderFrom(f.l)} NATURAL ${f.jt} JOIN ${r}`;
      const cond = f.using !== undefined ? ` USING (${f.using.join(', ')})` : ` ON ${f.on === undefined ? 'TRUE' : renderExpr(f.on)}`;
      return `${renderFrom(f.l)} ${f.jt} JOIN ${r}${cond}`;
    }
  }
}

function setArm(q: Query): string {
  // Arms with their own ORDER BY/LIMIT, nested set operations and WITH need parentheses.
  if (q.k === 'select' && q.orderBy === undefined && q.limit === undefined && q.offset === undefined && q.with === undefined) {
    return renderQuery(q);
  }
  return `(${renderQuery(q)})`;
}

/** Renders a query. */
export function renderQuery(q: Query): string {
  switch (q.k) {
    case 'values':
      return `VALUES ${q.rows.map((r) => `(${r.map((x) => renderExpr(x)).join(', ')})`).join(', ')}`;
    case 'setop':
      return `${renderWith(q.with)}${setArm(q.l)} ${q.op}${q.all ? ' ALL' : ''} ${setArm(q.r)}${renderTail(q)}`;
    case 'select': {
      let s = renderWith(q.with) + 'SELECT ';
      if (q.distinctOn !== undefined) s += `DISTINCT ON (${q.distinctOn.map((x) => renderExpr(x)).join(', ')}) `;
      else if (q.distinct === true) s += 'DISTINCT ';
      s += q.items.map((i) => `${renderExpr(i.e)} AS ${i.alias}`).join(', ');
      if (q.from.length > 0) s += ` FROM ${q.from.map(renderFrom).join(', ')}`;
      if (q.where !== undefined) s += ` WHERE ${renderExpr(q.where)}`;
      if (q.groupBy !== undefined && q.groupBy.length > 0) s += ` GROUP BY ${q.groupBy.map((x) => renderExpr(x)).join(', ')}`;
      if (q.having !== undefined) s += ` HAVING ${renderExpr(q.having)}`;
      return s + renderTail(q);
    }
  }
}

function renderCol(c: ColDef): string {
  let s = `${c.name} ${TYPE_SQL[c.t]}${c.t === 'varchar' ? `(${c.len ?? 10})` : ''}`;
  if (c.notNull === true) s += ' NOT NULL';
  if (c.def !== undefined) s += ` DEFAULT ${c.def}`;
  return s;
}

function renderRet(ret: readonly Item[] | undefined): string {
  return ret === undefined || ret.length === 0 ? '' : ` RETURNING ${ret.map((i) => `${renderExpr(i.e)} AS ${i.alias}`).join(', ')}`;
}

function renderSets(sets: readonly SetItem[]): string {
  return sets.map((s) => `${s.col} = ${renderExpr(s.e)}`).join(', ');
}

/** Renders one statement (an oracle renders as its first query; see oracles.ts for the rest). */
export function renderStmt(s: Stmt): string {
  switch (s.k) {
    case 'create': {
      const parts = s.cols.map(renderCol);
      if (s.pk !== undefined && s.pk.length > 0) parts.push(`PRIMARY KEY (${s.pk.join(', ')})`);
      for (const u of s.uniques ?? []) parts.push(`UNIQUE (${u.join(', ')})`);
      return `CREATE TABLE ${s.name} (${parts.join(', ')})`;
    }
    case 'index':
      return `CREATE ${s.unique ? 'UNIQUE ' : ''}INDEX ${s.name} ON ${s.table}${s.using !== undefined ? ` USING ${s.using}` : ''} (${s.cols.join(', ')})`;
    case 'view':
      return `CREATE VIEW ${s.name}(${s.cols.join(', ')}) AS ${renderQuery(s.q)}`;
    case 'insert': {
      let sql = `INSERT INTO ${s.table} (${s.cols.join(', ')}) `;
      if (s.q !== undefined) sql += renderQuery(s.q);
      else sql += `VALUES ${(s.rows ?? []).map((r) => `(${r.map((x) => renderExpr(x)).join(', ')})`).join(', ')}`;
      if (s.conflict !== undefined) {
        sql += ` ON CONFLICT (${s.conflict.target.join(', ')}) DO `;
        if (s.conflict.sets === undefined || s.conflict.sets.length === 0) sql += 'NOTHING';
        else {
          sql += `UPDATE SET ${renderSets(s.conflict.sets)}`;
          if (s.conflict.where !== undefined) sql += ` WHERE ${renderExpr(s.conflict.where)}`;
        }
      }
      return sql + renderRet(s.ret);
    }
    case 'update': {
      let sql = `UPDATE ${s.table} AS ${s.alias} SET ${renderSets(s.sets)}`;
      if (s.from !== undefined && s.from.length > 0) sql += ` FROM ${s.from.map(renderFrom).join(', ')}`;
      if (s.where !== undefined) sql += ` WHERE ${renderExpr(s.where)}`;
      return sql + renderRet(s.ret);
    }
    case 'delete': {
      let sql = `DELETE FROM ${s.table} AS ${s.alias}`;
      if (s.using !== undefined && s.using.length > 0) sql += ` USING ${s.using.map(renderFrom).join(', ')}`;
      if (s.where !== undefined) sql += ` WHERE ${renderExpr(s.where)}`;
      return sql + renderRet(s.ret);
    }
    case 'begin': return 'BEGIN';
    case 'commit': return 'COMMIT';
    case 'rollback': return 'ROLLBACK';
    case 'query': return renderQuery(s.q);
    case 'raw': return s.sql;
    case 'oracle': return renderQuery(s.base);
  }
}

/**
 * How a query's result must be compared: `ordered` when its ORDER BY fixes the order of all
 * output rows (every output column is a key), else as a multiset; `keys` lists the output
 * column indexes and directions of a leading ORDER BY on output columns (checked for sortedness).
 */
export interface OrderInfo {
  readonly ordered: boolean;
  readonly keys: readonly { readonly col: number; readonly desc: boolean; readonly nullsFirst: boolean }[];
}

/** Computes {@link OrderInfo} for a top-level query. */
export function orderInfo(q: Query): OrderInfo {
  if (q.k === 'values') return { ordered: false, keys: [] };
  const ob = q.orderBy ?? [];
  const keys: { col: number; desc: boolean; nullsFirst: boolean }[] = [];
  const names = q.out.map((o) => o.name);
  for (const o of ob) {
    let col = -1;
    if (typeof o.e === 'string') {
      col = /^\d+$/.test(o.e) ? Number(o.e) - 1 : names.indexOf(o.e);
    } else if (q.k === 'select') {
      const r = renderExpr(o.e);
      col = q.items.findIndex((i) => renderExpr(i.e) === r);
    }
    if (col < 0) break; // a key we cannot see in the output ends the checkable prefix
    keys.push({ col, desc: o.desc, nullsFirst: o.nulls === '' ? o.desc : o.nulls === 'FIRST' });
  }
  const covered = new Set(keys.map((k) => k.col));
  const ordered = names.length > 0 && names.every((_n, i) => covered.has(i));
  return { ordered, keys };
}
