/**
 * The incremental path: a filter-and-project query over one table (`SELECT exprs FROM t WHERE
 * pred [ORDER BY …]`, no LIMIT, no aggregate, no join) is maintained from each commit's change
 * set without re-running it. The subscription's predicate and projections are compiled once
 * against the table's full column layout and evaluated with the vectorized kernels over the
 * partition change's shared batches (`change-view.ts`): new images that match are inserts, old
 * images that matched are deletes, an updated row that matches before and after is an update,
 * one that moves into or out of the filter is an insert or a delete. Rows are keyed by the
 * table's primary key (or `_seq`): a delete and an insert of the same key in one commit pair up
 * as an update, and an update that changes the key is a delete plus an insert.
 *
 * @example
 * ```ts
 * const shape = incrementalShape(plan.plan);          // null → re-evaluate and diff instead
 * const m = new IncrementalMatcher(shape!, storage.def, plan.columns);
 * const delta = m.match(new ChangeView(partitionChange), ctx);   // null when nothing changed
 * ```
 */
import type { ColumnInfo, LiveKey, LiveRows } from '../api/engine-api.ts';
import { DbError } from '../errors/db-error.ts';
import { SqlState } from '../errors/sqlstate.ts';
import type { ExecContext } from '../exec/context.ts';
import type { Evaluator, RowFilter } from '../exec/expr/evaluator.ts';
import { compileExpr, compileFilter, type CompileEnv } from '../plan/compile-expr.ts';
import type { BoundExpr, LogicalPlan, LogicalScan } from '../plan/logical.ts';
import type { TableDefinition } from '../schema/table-def.ts';
import { valueAt, type Batch, type JsValue, type Vector } from '../types/vector.ts';
import type { ChangeView } from './change-view.ts';
import { keyOfValue, keyOfValues, ownVector, sameValue } from './values.ts';

/** The parts of a filter-and-project plan. */
export interface IncrementalShape {
  readonly scan: LogicalScan;
  /** Every conjunct the rows must pass (pushed into the scan, or above it). */
  readonly filters: readonly BoundExpr[];
  /** Output expressions over the scan's ids. */
  readonly exprs: readonly BoundExpr[];
}

/** One commit's net change of a subscription's result. */
export interface LiveDelta {
  readonly deletes: LiveRows | null;
  readonly updates: LiveRows | null;
  readonly updatesOld: LiveRows | null;
  readonly inserts: LiveRows | null;
}

/** True when an expression reads only the current row: no subquery, outer reference or volatile function. */
export function isPure(e: BoundExpr): boolean {
  switch (e.kind) {
    case 'const': case 'param': case 'col': return true;
    case 'outer': case 'subquery': return false;
    case 'func': return !e.fn.volatile && e.args.every(isPure);
    case 'coalesce': case 'and': case 'or': return e.args.every(isPure);
    case 'arith': case 'cmp': case 'distinct_from': case 'nullif': case 'concat': case 'json_get':
      return isPure(e.left) && isPure(e.right);
    case 'bitop': return isPure(e.left) && (e.right === null || isPure(e.right));
    case 'neg': case 'not': case 'is_null': case 'is_bool': case 'cast': return isPure(e.arg);
    case 'in_list': return isPure(e.arg) && e.list.every(isPure);
    case 'like': return isPure(e.arg) && isPure(e.pattern) && (e.escape === null || isPure(e.escape));
    case 'case': return e.whens.every((w) => isPure(w.when) && isPure(w.then)) && isPure(e.elseExpr);
    case 'let': return isPure(e.value) && isPure(e.body);
    case 'let_ref': return true;
  }
}

/**
 * The filter-and-project shape of a plan, or null when the query needs the re-evaluated path
 * (joins, aggregates, DISTINCT, LIMIT, windows, set operations, subqueries, volatile functions).
 * An ORDER BY without LIMIT does not change which rows are in the result.
 */
export function incrementalShape(plan: LogicalPlan): IncrementalShape | null {
  let p = plan;
  if (p.kind === 'sort') p = p.input;
  let exprs: readonly BoundExpr[] | null = null;
  if (p.kind === 'project') {
    exprs = p.exprs;
    p = p.input;
  }
  const filters: BoundExpr[] = [];
  while (p.kind === 'filter') {
    filters.push(p.predicate);
    p = p.input;
  }
  if (p.kind !== 'scan' || p.rowIdId !== undefined || p.def.kind === 'system') return null;
  filters.push(...p.filters);
  const scan = p;
  const out: readonly BoundExpr[] = exprs ?? scan.ids.map((id, i) => ({ kind: 'col', type: scan.def.columns[scan.cols[i]!]!.type, id }) as BoundExpr);
  if (!filters.every(isPure) || !out.every(isPure)) return null;
  return { scan, filters, exprs: out };
}

/** Subqueries never reach the incremental path; compiling one would be a bug. */
const NO_PLANS: CompileEnv = {
  compilePlan() {
    throw new DbError(SqlState.INTERNAL_ERROR, 'internal error: a subquery in an incremental live query');
  },
};

/** An equality conjunct `column = constant` the subscription index can look subscriptions up by. */
export interface EqualityProbe {
  /** Table column position. */
  readonly column: number;
  /** The constant's value for this subscription (parameters already bound). */
  readonly value: JsValue;
}

/** Column types whose `=` is plain value equality (so a hash lookup decides it). */
const PROBE_TYPES: ReadonlySet<string> = new Set(['smallint', 'integer', 'bigint', 'text', 'boolean', 'date', 'uuid', 'timestamp']);

/**
 * Finds a `column = constant` conjunct (constant: a literal or a parameter of the same type as
 * the column) for the subscription index; null when the filter has none.
 */
export function equalityProbe(shape: IncrementalShape, params: readonly JsValue[]): EqualityProbe | null {
  const colOf = new Map<number, number>();
  shape.scan.ids.forEach((id, i) => { colOf.set(id, shape.scan.cols[i]!); });
  for (const f of shape.filters) {
    const parts = f.kind === 'and' ? f.args : [f];
    for (const c of parts) {
      if (c.kind !== 'cmp' || c.op !== '=') continue;
      const [col, other] = c.left.kind === 'col' ? [c.left, c.right] : [c.right, c.left];
      if (col.kind !== 'col' || !PROBE_TYPES.has(col.type) || other.type !== col.type) continue;
      const column = colOf.get(col.id);
      if (column === undefined) continue;
      let value: JsValue;
      if (other.kind === 'const') value = other.value;
      else if (other.kind === 'param' && other.finalType === undefined) value = params[other.index] ?? null;
      else continue;
      return { column, value };
    }
  }
  return null;
}

/** Splits ascending batch positions into those below `limit` and those at or above it (shifted down by `limit`). */
function split(sel: Int32Array, limit: number, below: number[], above: number[]): void {
  for (let i = 0; i < sel.length; i++) {
    const p = sel[i]!;
    if (p < limit) below.push(p); else above.push(p - limit);
  }
}

const NO_ROWS = new Int32Array(0);

/** Batch positions 0 … n-1, then n + each of the first `nRel` relevant updated rows. */
function candidates(n: number, relevant: Int32Array | null, nRel: number): Int32Array {
  if (n + nRel === 0) return NO_ROWS;
  const sel = new Int32Array(n + nRel);
  for (let k = 0; k < n; k++) sel[k] = k;
  for (let k = 0; k < nRel; k++) sel[n + k] = n + relevant![k]!;
  return sel;
}

/** The rows of a partition change a filter must decide (ascending positions of the new and old images). */
export interface ChangedRows {
  readonly newSel: Int32Array;
  readonly oldSel: Int32Array;
}

/** Maintains one subscription's result from partition changes. */
export class IncrementalMatcher {
  /** Table columns the filter, projections and key read (the batches must hold them). */
  readonly needs: readonly number[];
  /** Mask of those columns, to skip updates that changed none of them. */
  private readonly reads: Uint8Array;
  private readonly filter: RowFilter | null;
  private readonly project: readonly Evaluator[];
  private readonly keyCols: readonly number[];
  private readonly hasPrimaryKey: boolean;

  constructor(shape: IncrementalShape, def: TableDefinition, readonly columns: readonly ColumnInfo[]) {
    const layout = new Map<number, number>();
    shape.scan.ids.forEach((id, i) => { layout.set(id, shape.scan.cols[i]!); });
    this.filter = shape.filters.length === 0 ? null
      : compileFilter(shape.filters.length === 1 ? shape.filters[0]! : { kind: 'and', type: 'boolean', args: shape.filters }, layout, NO_PLANS);
    this.project = shape.exprs.map((e) => compileExpr(e, layout, NO_PLANS));
    this.hasPrimaryKey = def.primaryKey.length > 0;
    this.keyCols = this.hasPrimaryKey ? def.primaryKey : [def.columns.findIndex((c) => c.name === '_seq')];
    const need = new Set<number>([...shape.scan.cols, ...this.keyCols]);
    this.needs = [...need].sort((a, b) => a - b);
    this.reads = new Uint8Array(def.columns.length);
    for (const c of this.needs) this.reads[c] = 1;
  }

  /** This commit's change of the result in one partition, or null when the result is unchanged. */
  match(view: ChangeView, ctx: ExecContext): LiveDelta | null {
    const rows = this.changedRows(view);
    if (rows === null) return null;
    view.need(this.needs);
    return this.delta(view, this.filterRows(view.newBatch, rows.newSel, ctx), this.filterRows(view.oldBatch, rows.oldSel, ctx), ctx);
  }

  /**
   * The rows of a partition change the filter must decide: in the new images the inserted rows
   * and, in the old images, the deleted ones, plus (in both) the updated rows that changed a
   * column this subscription reads; null when there is none (the result cannot have changed).
   * The same for every subscription of one plan.
   */
  changedRows(view: ChangeView): ChangedRows | null {
    const { nIns, nDel, nUpd } = view;
    // updated rows that changed none of the columns read cannot change the result
    let nRel = 0;
    let relevant: Int32Array | null = null;
    if (nUpd > 0) {
      relevant = new Int32Array(nUpd);
      for (let u = 0; u < nUpd; u++) {
        const m = view.changedColumns[u]!;
        for (let c = 0; c < m.length; c++) if (m[c] === 1 && this.reads[c] === 1) { relevant[nRel++] = u; break; }
      }
    }
    if (nIns === 0 && nDel === 0 && nRel === 0) return null;
    return { newSel: candidates(nIns, relevant, nRel), oldSel: candidates(nDel, relevant, nRel) };
  }

  /** Positions among `sel` (ascending positions of `batch`) whose rows pass the filter. */
  filterRows(batch: Batch, sel: Int32Array, ctx: ExecContext): Int32Array {
    if (sel.length === 0) return NO_ROWS;
    return this.filter === null ? sel : this.filter(batch, sel, ctx);
  }

  /**
   * The change of the result given the rows that pass the filter among {@link changedRows}
   * (`matchNew` in the new images, `matchOld` in the old ones); null when it is unchanged.
   * Needs `view.need(this.needs)` first.
   */
  delta(view: ChangeView, matchNew: Int32Array, matchOld: Int32Array, ctx: ExecContext): LiveDelta | null {
    const { nIns, nDel } = view;
    if (matchNew.length === 0 && matchOld.length === 0) return null;
    const ins: number[] = [], updNewRel: number[] = [];
    const del: number[] = [], updOldRel: number[] = [];
    split(matchNew, nIns, ins, updNewRel);
    split(matchOld, nDel, del, updOldRel);
    const newKeys = this.keys(view, true);
    const oldKeys = this.keys(view, false);
    const newOut = matchNew.length === 0 ? null : this.project.map((ev) => ev(view.newBatch, matchNew, ctx));
    const oldOut = matchOld.length === 0 ? null : this.project.map((ev) => ev(view.oldBatch, matchOld, ctx));
    const upNew: number[] = [];
    const upOld: number[] = [];
    // updated rows: in the filter before, after, or both (positions in the two batches)
    let i = 0, j = 0;
    while (i < updNewRel.length || j < updOldRel.length) {
      const a = i < updNewRel.length ? updNewRel[i]! : Infinity;
      const b = j < updOldRel.length ? updOldRel[j]! : Infinity;
      if (a === b) {
        const np = nIns + a, op = nDel + b;
        if (newKeys(np) !== oldKeys(op)) { del.push(op); ins.push(np); }
        else if (!this.sameOutput(newOut!, np, oldOut!, op)) { upNew.push(np); upOld.push(op); }
        i++; j++;
      } else if (a < b) { ins.push(nIns + a); i++; } else { del.push(nDel + b); j++; }
    }
    // a delete and an insert of the same primary key in one commit are an update
    if (this.hasPrimaryKey && del.length > 0 && ins.length > 0) {
      const byKey = new Map<LiveKey, number>();
      for (let k = 0; k < del.length; k++) byKey.set(oldKeys(del[k]!), k);
      const keepIns: number[] = [];
      const dropDel = new Set<number>();
      for (const np of ins) {
        const k = byKey.get(newKeys(np));
        if (k === undefined || dropDel.has(k)) { keepIns.push(np); continue; }
        dropDel.add(k);
        const op = del[k]!;
        if (!this.sameOutput(newOut!, np, oldOut!, op)) { upNew.push(np); upOld.push(op); }
      }
      ins.length = 0;
      ins.push(...keepIns);
      const keepDel = del.filter((_, k) => !dropDel.has(k));
      del.length = 0;
      del.push(...keepDel);
    }
    if (ins.length === 0 && del.length === 0 && upNew.length === 0) return null;
    // updates in row order, new and old images kept aligned
    const order = upNew.map((_, k) => k).sort((x, y) => upNew[x]! - upNew[y]!);
    return {
      deletes: del.length === 0 ? null : this.rows(oldOut!, del.sort((x, y) => x - y), oldKeys),
      updates: upNew.length === 0 ? null : this.rows(newOut!, order.map((k) => upNew[k]!), newKeys),
      updatesOld: upOld.length === 0 ? null : this.rows(oldOut!, order.map((k) => upOld[k]!), oldKeys),
      inserts: ins.length === 0 ? null : this.rows(newOut!, ins.sort((x, y) => x - y), newKeys),
    };
  }

  /** The key of the row at a batch position (new or old images). */
  private keys(view: ChangeView, fresh: boolean): (pos: number) => LiveKey {
    const cols = this.keyCols.map((c) => (fresh ? view.newColumn(c) : view.oldColumn(c)));
    if (cols.length === 1) {
      const v = cols[0]!;
      return (pos) => keyOfValue(cell(v, pos));
    }
    return (pos) => keyOfValues(cols.map((v) => cell(v, pos)));
  }

  private sameOutput(a: readonly Vector[], pa: number, b: readonly Vector[], pb: number): boolean {
    for (let c = 0; c < a.length; c++) if (!sameValue(cell(a[c]!, pa), cell(b[c]!, pb))) return false;
    return true;
  }

  private rows(out: readonly Vector[], positions: readonly number[], keyOf: (pos: number) => LiveKey): LiveRows {
    const sel = Int32Array.from(positions);
    return {
      length: sel.length,
      vectors: out.map((v, c) => ownVector(v, this.columns[c]!.type, sel)),
      keys: positions.map(keyOf),
    };
  }
}

/** One cell of an evaluated vector. */
function cell(v: Vector, i: number): JsValue {
  return valueAt(v, i);   // numeric: its text (numeric data is no array of values)
}
