/**
 * The statement cache: parsed statements by SQL text, query shapes (texts that differ only in
 * condition literals, see `sql/shape.ts`), parsed view bodies, and compiled plans per parsed
 * statement. One validity rule covers every compiled plan: it is reused while the catalog
 * version, the session's namespace and role are those it was planned under, while the tables a
 * join plan reads keep their sizes within a factor of two (its join order was chosen for them),
 * and only when it reads no source that is fixed at planning time. Hits, misses and evictions are counted per
 * table (`system.stats`).
 */
import { BoundedCache } from './bounded-cache.ts';
import type * as A from '../sql/ast.ts';
import { parse, parseStatement } from '../sql/parser.ts';
import { findLiteralSlots, shapeKey, slotValue } from '../sql/shape.ts';
import { DbError } from '../errors/db-error.ts';
import { SqlState } from '../errors/sqlstate.ts';
import type { TableStorage } from '../storage/table-storage.ts';
import type { JsValue } from '../types/vector.ts';
import { freezeTree } from './freeze.ts';

const PARSE_CACHE_MAX = 4096;
/** Slots of the recent-text table of {@link StatementCache.shaped} (a power of two). */
const RECENT_TEXTS = 64;

/** The recent-text slot of a text: from its length and three of its characters (texts of one shape differ in their literals, often near the end). */
function recentSlot(sql: string): number {
  const n = sql.length;
  if (n === 0) return 0;
  return (n * 31 + sql.charCodeAt(n - 1) * 17 + sql.charCodeAt(n - 2 > 0 ? n - 2 : 0) * 5 + sql.charCodeAt(n >> 1) * 7) & (RECENT_TEXTS - 1);
}
const NO_SHAPES = typeof process !== 'undefined' && process.env?.INKDB_NO_SHAPES === '1';

/** What a compiled plan was planned under. */
export interface PlanValidity {
  readonly catalogVersion: number;
  readonly namespace: string;
  readonly role: string;
}

/** A compiled plan held by the cache. */
export interface CachedPlan {
  readonly validity: PlanValidity;
  /** Tables the plan reads or writes (for the per-table counters). */
  readonly tables: readonly TableStorage[];
  /** False when the plan captured something fixed at planning time: it is then never reused. */
  readonly reusable: boolean;
  /** The counters of `tables`, found once when the plan is stored (a hit then costs no lookup). */
  counters?: CacheCounters[];
  /**
   * Live rows of each of `tables` when a plan that joins them was made: the join order and
   * build sides were chosen for these sizes, so the plan is re-made once one of them has
   * grown or shrunk past {@link sizesDrifted}.
   */
  readonly sizes?: readonly number[] | undefined;
}

/**
 * True when a table's live row count has moved by more than a factor of two (with 64 rows of
 * slack, so small tables do not re-plan on every insert) since a plan was made.
 */
export function sizesDrifted(tables: readonly TableStorage[], sizes: readonly number[]): boolean {
  for (let i = 0; i < sizes.length; i++) {
    const then = sizes[i]!, now = tables[i]!.liveRows();
    const lo = Math.min(then, now), hi = Math.max(then, now);
    if (hi + 64 > 2 * (lo + 64)) return true;
  }
  return false;
}

/** A statement shared by every text of one shape, with this text's literals as parameters. */
export interface ShapedStatement {
  readonly stmt: A.Statement;
  readonly params: JsValue[];
  readonly literals: ReadonlyMap<A.LiteralExpr, number>;
}

interface ShapeEntry {
  readonly stmt: A.Statement;
  readonly negated: boolean[];
  readonly literals: ReadonlyMap<A.LiteralExpr, number>;
}

/** Per-table plan cache counters. */
export interface CacheCounters {
  hits: number;
  misses: number;
  evictions: number;
}

/**
 * A table's counters as a class instance: every prepared call counts a hit on them, and the
 * shape of an object literal made in a rarely run function can be collected with the last
 * counters of a closed database, taking the prepared-call path's optimized code with it
 * ("weak objects").
 */
class Counters implements CacheCounters {
  hits = 0;
  misses = 0;
  evictions = 0;
  /** One instance kept alive so its shape survives full GCs (see `Run.keepShape` in state.ts). */
  static readonly keepShape: Counters = new Counters();
}

/** Parse, shape, view and plan caches of one engine. */
export class StatementCache {
  private readonly parsed = new BoundedCache<string, A.Statement[]>(PARSE_CACHE_MAX);
  private readonly shapes = new BoundedCache<string, ShapeEntry | null>(PARSE_CACHE_MAX);
  /**
   * What {@link StatementCache.shaped} answered for recent texts, in a small table indexed by a
   * few characters of the text (each slot holds its last text). Not a map of every text seen:
   * with a stream of distinct texts (ids written into the SQL) that map's inserts and garbage
   * cost more than the tokenizing they save.
   */
  private readonly recentTexts: (string | undefined)[] = new Array<string | undefined>(RECENT_TEXTS).fill(undefined);
  private readonly recentShapes: (ShapedStatement | null | undefined)[] = new Array<ShapedStatement | null | undefined>(RECENT_TEXTS).fill(undefined);
  private readonly views = new Map<string, A.Query>();
  private readonly plans = new WeakMap<object, CachedPlan>();
  private readonly counters = new WeakMap<TableStorage, CacheCounters>();

  /**
   * The statement of each kind parsed last, kept alive so that the frozen shapes of its nodes
   * survive full GCs. A frozen object's shape is reached only through a weak transition: once
   * the last cached statement of a kind is collected (every database closed), the code compiled
   * for it would be dropped with the shape (see `Run.keepShape` in state.ts).
   */
  static readonly lastOfKind = new Map<A.Statement['kind'], A.Statement>();

  /** Parses SQL text into statements (cached, frozen). */
  parse(sql: string): A.Statement[] {
    let stmts = this.parsed.get(sql);
    if (stmts === undefined) {
      stmts = freezeTree(parse(sql));
      this.parsed.set(sql, stmts);
      for (const st of stmts) StatementCache.lastOfKind.set(st.kind, st);
    }
    return stmts;
  }

  /**
   * A SELECT whose condition literals can be parameters: the statement shared by every text of
   * the same shape, and this text's literal values as parameters; null otherwise.
   */
  shaped(sql: string): ShapedStatement | null {
    if (NO_SHAPES) return null;
    // a text seen lately (an application's polled query) skips the tokenizer; its parameters
    // are copied, the caller may keep them
    const at = recentSlot(sql);
    if (this.recentTexts[at] === sql) {
      const seen = this.recentShapes[at]!;
      return seen === null ? null : { stmt: seen.stmt, params: seen.params.slice(), literals: seen.literals };
    }
    const out = this.shapeOf(sql);
    this.recentTexts[at] = sql;
    this.recentShapes[at] = out === null ? null : { stmt: out.stmt, params: out.params.slice(), literals: out.literals };
    return out;
  }

  private shapeOf(sql: string): ShapedStatement | null {
    const shape = shapeKey(sql);
    if (shape === null || shape.literals.length === 0) return null;
    let entry = this.shapes.get(shape.key);
    if (entry === undefined) {
      let stmts: A.Statement[];
      try { stmts = this.parse(sql); } catch { return null; }
      const slots = stmts.length === 1 ? findLiteralSlots(stmts[0]!, shape) : null;
      entry = slots === null ? null : {
        stmt: stmts[0]!, negated: slots.map((x) => x.negated),
        literals: new Map(slots.map((x, i) => [x.node, i + 1] as const)),
      };
      this.shapes.set(shape.key, entry);
    }
    if (entry === null) return null;
    const e = entry;
    const params = shape.literals.map((t, i) => slotValue(t, e.negated[i]!));
    return { stmt: e.stmt, params, literals: e.literals };
  }

  /** A view's query, parsed once per view text. */
  view(sql: string): A.Query {
    let q = this.views.get(sql);
    if (q === undefined) {
      const st = parseStatement(sql);
      if (st.kind !== 'query') throw new DbError(SqlState.INTERNAL_ERROR, 'internal error: view text is not a query');
      q = freezeTree(st.query);
      this.views.set(sql, q);
    }
    return q;
  }

  /**
   * The compiled plan cached for `owner` (a parsed statement, or a shape's literal map) when it
   * is still valid under `now`; counts a hit, or an eviction of a stale plan.
   */
  lookup<T extends CachedPlan>(owner: object, now: PlanValidity): T | undefined {
    return this.lookupAt<T>(owner, now.catalogVersion, now.namespace, now.role);
  }

  /** {@link lookup} with the validity given as its parts (no object per statement). */
  lookupAt<T extends CachedPlan>(owner: object, catalogVersion: number, namespace: string, role: string): T | undefined {
    const p = this.plans.get(owner);
    if (p === undefined) return undefined;
    const v = p.validity;
    if (v.catalogVersion === catalogVersion && v.namespace === namespace && v.role === role
      && (p.sizes === undefined || !sizesDrifted(p.tables, p.sizes))) {
      const cs = p.counters ?? this.countersFor(p);
      for (let i = 0; i < cs.length; i++) cs[i]!.hits++;
      return p as T;
    }
    this.plans.delete(owner);
    for (const t of p.tables) this.countersOf(t).evictions++;
    return undefined;
  }

  /**
   * A plan kept elsewhere (on a prepared statement) when it is still valid: counted as a hit
   * like {@link lookupAt}, without the lookup.
   */
  reuse<T extends CachedPlan>(p: CachedPlan | undefined, catalogVersion: number, namespace: string, role: string): T | undefined {
    if (p === undefined) return undefined;
    const v = p.validity;
    if (v.catalogVersion !== catalogVersion || v.namespace !== namespace || v.role !== role) return undefined;
    if (p.sizes !== undefined && sizesDrifted(p.tables, p.sizes)) return undefined;
    const cs = p.counters ?? this.countersFor(p);
    for (let i = 0; i < cs.length; i++) cs[i]!.hits++;
    return p as T;
  }

  /**
   * Finds and keeps the counters of a plan's tables (once per plan). A method of its own: the
   * closure would otherwise make every cache hit allocate a context.
   */
  private countersFor(p: CachedPlan): CacheCounters[] {
    const cs = p.tables.map((t) => this.countersOf(t));
    p.counters = cs;
    return cs;
  }

  /** Caches a freshly compiled plan (counted as a miss) when it may be reused. */
  store(owner: object, plan: CachedPlan): void {
    for (const t of plan.tables) this.countersOf(t).misses++;
    if (plan.reusable) this.plans.set(owner, plan);
  }

  /** The plan cache counters of a table. */
  countersOf(t: TableStorage): CacheCounters {
    let c = this.counters.get(t);
    if (c === undefined) {
      c = new Counters();
      this.counters.set(t, c);
    }
    return c;
  }
}
