/**
 * Cardinality estimation: the estimated row count of every logical plan node, and the column
 * facts (distinct count, NULL fraction, value statistics) selectivity estimates read. The join
 * orderer and the physical planner share one estimator per statement, so the join order, the
 * build sides and EXPLAIN's `rows=` agree.
 *
 * Base tables: the exact live row count (`TableStorage.liveRows()`); for USER and STREAM
 * tables, which a query reads one partition of, the average partition (all users' rows divided
 * by the number of partitions). Column facts come from the table's statistics
 * (`storage/stats/`, refreshed here when stale). Isolation: for USER and STREAM tables the
 * estimates use counts only (rows, distinct values, NULL fraction, merged over every user);
 * their minimum, maximum and value sample never reach an estimate, so nothing a plain user
 * sees (EXPLAIN included) depends on another user's values.
 *
 * @example
 * ```ts
 * const est = new CardinalityEstimator(null);
 * est.rows(plan); // e.g. 1234
 * ```
 */
import type { JsValue } from '../../types/vector.ts';
import { isPerUser } from '../../schema/table-def.ts';
import type { TableStorage } from '../../storage/table-storage.ts';
import { tableStats, type TableStatistics } from '../../storage/stats/table-stats.ts';
import type { BoundExpr, LogicalJoinType, LogicalPlan, LogicalScan } from '../logical.ts';
import { collectColumns, conjuncts } from '../plan-tree.ts';
import { conjunctionSelectivity, DEFAULT_NDV, type ColumnFacts, type FactSource } from './selectivity.ts';

/** Rows assumed for a system table and for a work table of unknown size. */
const DEFAULT_ROWS = 100;
/** Rows assumed for a table function whose size is not known. */
const DEFAULT_FUNCTION_ROWS = 1000;

/** Largest fraction of rows a semi join with a residual (non-key) condition is assumed to match. */
const RESIDUAL_MAX_MATCH = 0.9;

/** Estimates rows per plan node for one statement. */
export class CardinalityEstimator implements FactSource {
  private readonly memo = new Map<LogicalPlan, number>();
  /** Facts per column id; a scan registers a thunk, so a column's statistics are read only when some estimate uses them. */
  private readonly known = new Map<number, ColumnFacts | (() => ColumnFacts)>();
  private readonly statsCache = new Map<TableStorage, TableStatistics>();

  private params: readonly JsValue[] | null | undefined;

  /**
   * `params`: values of `$1…` known at planning time (index 0 unused), or null; or a function
   * that gives them when first needed (after binding has typed the parameters).
   */
  constructor(private readonly paramSource: readonly JsValue[] | null | (() => readonly JsValue[] | null)) {}

  /** Facts of a column id (registered while estimating the node that produces it). */
  facts(id: number): ColumnFacts | null {
    const f = this.known.get(id);
    if (f === undefined) return null;
    if (typeof f !== 'function') return f;
    const v = f();
    this.known.set(id, v);
    return v;
  }

  param(index: number): JsValue | undefined {
    if (this.params === undefined) this.params = typeof this.paramSource === 'function' ? this.paramSource() : this.paramSource;
    if (this.params === null || index >= this.params.length) return undefined;
    return this.params[index];
  }

  /** Selectivity of a list of conjuncts. */
  conjuncts(parts: readonly BoundExpr[]): number {
    return conjunctionSelectivity(parts, this);
  }

  /** The estimated rows of a node (at least 1). */
  rows(p: LogicalPlan): number {
    let r = this.memo.get(p);
    if (r === undefined) {
      r = Math.max(1, this.compute(p));
      this.memo.set(p, r);
    }
    return r;
  }

  /** Rows of a join of inputs with `lrows` and `rrows` rows under its ON condition. */
  joinRows(type: LogicalJoinType, left: LogicalPlan, right: LogicalPlan, on: BoundExpr | null): number {
    const l = this.rows(left), r = this.rows(right);
    if (type === 'semi' || type === 'anti') {
      const f = this.semiFraction(new Set(left.ids), right, on);
      return Math.max(1, l * (type === 'semi' ? f : 1 - f));
    }
    const inner = type === 'cross' || on === null ? l * r : l * r * this.conjuncts(conjuncts(on));
    switch (type) {
      case 'left': return Math.max(1, inner, l);
      case 'right': return Math.max(1, inner, r);
      case 'full': return Math.max(1, inner, l, r);
      default: return Math.max(1, inner);
    }
  }

  /**
   * The fraction of the left side's rows that find a match on the right (semi join): for an
   * equality on columns, the share of the left side's distinct keys the right side can hold.
   * `leftIds`: the columns of the left side (whose facts are known).
   */
  semiFraction(leftIds: ReadonlySet<number>, right: LogicalPlan, on: BoundExpr | null): number {
    const rrows = this.rows(right);
    const rids = new Set(right.ids);
    let frac = 0.5;
    let found = false, residual = false;
    for (const c of conjuncts(on)) {
      if (c.kind !== 'cmp' || c.op !== '=' || c.left.kind !== 'col' || c.right.kind !== 'col') { residual = true; continue; }
      let lid = c.left.id, rid = c.right.id;
      if (!leftIds.has(lid)) { lid = c.right.id; rid = c.left.id; }
      if (!leftIds.has(lid) || !rids.has(rid)) { residual = true; continue; }
      const lf = this.facts(lid), rf = this.facts(rid);
      const nl = lf?.ndv ?? DEFAULT_NDV, nr = Math.min(rf?.ndv ?? DEFAULT_NDV, rrows);
      const f = Math.min(1, nr / Math.max(1, nl)) * (1 - (lf?.nullFrac ?? 0));
      frac = found ? Math.min(frac, f) : f;
      found = true;
    }
    // beside the keys, a residual condition decides among a key's candidates, and how often it
    // rejects them all is unknown (TPC-H Q21's `l3.l_suppkey <> l1.l_suppkey` rejects the row
    // itself): never assume that (nearly) every row matches, nor that an anti join keeps none
    return residual ? Math.min(frac, RESIDUAL_MAX_MATCH) : frac;
  }

  private compute(p: LogicalPlan): number {
    switch (p.kind) {
      case 'scan': return this.scanRows(p);
      case 'values': {
        const n = p.rows.length;
        for (const id of p.ids) this.derived(id, n);
        return n;
      }
      case 'filter': return this.rows(p.input) * this.conjuncts([p.predicate]);
      case 'project': {
        const n = this.rows(p.input);
        p.exprs.forEach((e, i) => {
          const id = p.ids[i]!;
          const f = e.kind === 'col' ? this.known.get(e.id) : undefined;
          if (f !== undefined) this.known.set(id, f);
          else this.derived(id, this.exprDistinct(e, n));
        });
        return n;
      }
      case 'join': return this.joinRows(p.joinType, p.left, p.right, p.on);
      case 'aggregate': {
        const n = this.rows(p.input);
        let groups = 1;
        for (const g of p.groups) groups = Math.min(n, groups * this.exprDistinct(g, n));
        p.groupIds.forEach((id, i) => { this.derived(id, Math.min(groups, this.exprDistinct(p.groups[i]!, n))); });
        for (const a of p.aggs) this.derived(a.id, groups);
        return groups;
      }
      case 'window': {
        const n = this.rows(p.input);
        for (const c of p.calls) this.derived(c.id, n);
        return n;
      }
      case 'sort': return this.rows(p.input);
      case 'limit': {
        const n = this.rows(p.input);
        const lim = this.intValue(p.limit), off = this.intValue(p.offset) ?? 0;
        return Math.min(Math.max(0, n - off), lim ?? n);
      }
      case 'distinct': {
        const n = this.rows(p.input);
        const keys = p.on.length > 0 ? p.on : p.input.ids.map((id): BoundExpr => ({ kind: 'col', type: 'integer', id }));
        let d = 1;
        for (const k of keys) d = Math.min(n, d * this.exprDistinct(k, n));
        return d;
      }
      case 'setop': {
        const l = this.rows(p.left), r = this.rows(p.right);
        const n = p.op === 'union' ? l + r : p.op === 'intersect' ? Math.min(l, r) : l;
        for (const id of p.ids) this.derived(id, n);
        return n;
      }
      case 'cte_scan':
        for (const id of p.ids) this.derived(id, DEFAULT_ROWS);
        return DEFAULT_ROWS;
      case 'recursive_cte': {
        const n = this.rows(p.anchor) * 10;
        this.rows(p.recursive);
        for (const id of p.ids) this.derived(id, n);
        return n;
      }
      case 'function_scan': {
        const n = this.seriesLength(p.args) ?? DEFAULT_FUNCTION_ROWS;
        for (const id of p.ids) this.derived(id, n);
        return n;
      }
    }
  }

  private derived(id: number, ndv: number): void {
    this.known.set(id, { ndv: Math.max(1, ndv), nullFrac: 0, values: null });
  }

  /** Distinct values of an expression over `n` rows: a column's facts, else `n`. */
  private exprDistinct(e: BoundExpr, n: number): number {
    const cols = collectColumns(e, new Set());
    if (cols.size === 1) {
      const f = this.facts([...cols][0]!);
      if (f !== null) return Math.max(1, Math.min(n, f.ndv));
    }
    if (cols.size === 0) return 1;
    return Math.max(1, n);
  }

  private intValue(e: BoundExpr | null): number | undefined {
    if (e === null) return undefined;
    const v = e.kind === 'const' ? e.value : e.kind === 'param' ? this.param(e.index) : undefined;
    if (typeof v === 'number') return v;
    if (typeof v === 'bigint') return Number(v);
    return undefined;
  }

  private seriesLength(args: readonly BoundExpr[]): number | undefined {
    const a = this.intValue(args[0] ?? null), b = this.intValue(args[1] ?? null);
    const step = args.length > 2 ? this.intValue(args[2]!) : 1;
    if (a === undefined || b === undefined || step === undefined || step === 0) return undefined;
    return Math.max(0, Math.floor((b - a) / step) + 1);
  }

  /** The table's statistics (refreshed when stale), once per statement. */
  private statsOf(storage: TableStorage): TableStatistics {
    let s = this.statsCache.get(storage);
    if (s === undefined) {
      s = tableStats(storage).fresh(storage);
      this.statsCache.set(storage, s);
    }
    return s;
  }

  private scanRows(p: LogicalScan): number {
    const def = p.storage.def;
    if (def.kind === 'system') {
      for (const id of p.ids) this.derived(id, DEFAULT_ROWS);
      return DEFAULT_ROWS * this.conjuncts(p.filters);
    }
    const total = p.storage.liveRows();
    const base = isPerUser(def) ? Math.ceil(total / Math.max(1, p.storage.partitions.size)) : total;
    const st = this.statsOf(p.storage);
    const valuesAllowed = !isPerUser(def);
    const uniqueCols = new Set<number>();
    for (const ix of p.storage.indexes) if (ix.unique && ix.columns.length === 1) uniqueCols.add(ix.columns[0]!);
    const register = (clampTo: number) => {
      p.ids.forEach((id, i) => {
        const col = p.cols[i];
        if (col !== undefined) this.known.set(id, () => columnFacts(col, clampTo));
      });
    };
    const columnFacts = (col: number, clampTo: number): ColumnFacts => {
      const s = st.column(col);
      if (s === null) return { ndv: Math.max(1, Math.min(clampTo, DEFAULT_NDV)), nullFrac: 0, values: null };
      const nullFrac = s.rows > 0 ? s.nulls / s.rows : 0;
      const nonNull = s.rows - s.nulls;
      let ndv = s.distinct;
      if (uniqueCols.has(col) || (s.rows > 0 && ndv >= 0.9 * nonNull)) {
        // (nearly) unique: distinct values grow with the table
        ndv = s.rows > 0 ? Math.max(ndv, nonNull) * (total / s.rows) : total;
      }
      if (s.rows === 0) ndv = Math.max(1, total);
      return { ndv: Math.max(1, Math.min(ndv, clampTo)), nullFrac, values: valuesAllowed ? s : null };
    };
    register(Math.max(1, base));
    const rows = base * this.conjuncts(p.filters);
    register(Math.max(1, rows));
    return rows;
  }
}
