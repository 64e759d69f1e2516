/**
 * INSERT, UPDATE and DELETE execution. Source rows are computed first (so a statement never
 * reads its own writes), then constraints are checked (NOT NULL, VARCHAR length, unique via
 * the partition's indexes) and the rows written through {@link TableStorage}, which logs
 * before-images for rollback. RETURNING is evaluated over the written rows.
 */
import type { BoundDelete, BoundInsert, BoundReturning, BoundUpdate } from '../../plan/bind/dml.ts';
import type { PhysicalPlanner } from '../../plan/physical.ts';
import { DbError } from '../../errors/db-error.ts';
import { SqlState } from '../../errors/sqlstate.ts';
import type { TableDefinition } from '../../catalog/table-def.ts';
import type { Partition } from '../../storage/partition.ts';
import { normalizeKey, compositeKey, type IndexKey } from '../../storage/indexes/hash-index.ts';
import { allocData, gather, vectorFromValues, type Batch, type JsValue, type Vector } from '../../types/vector.ts';
import type { ExecContext } from '../context.ts';
import { scalarOf, type Evaluator } from '../expr/compile.ts';
import type { PhysicalOp } from '../operator.ts';
import { comparatorFor } from '../kernels/compare.ts';

/** Outcome of a DML statement. */
export interface ModifyResult {
  readonly count: number;
  /** RETURNING rows, when requested. */
  readonly returning: Batch | null;
}

function valueAtVec(v: Vector, i: number): JsValue {
  if (v.type === 'null' || (v.nulls !== null && v.nulls[i] === 1)) return null;
  if (v.type === 'boolean') return (v.data as Uint8Array)[i] === 1;
  return (v.data as ArrayLike<JsValue>)[i]!;
}

/** Checks NOT NULL and VARCHAR(n) limits for rows of full-width vectors. */
function checkConstraints(def: TableDefinition, cols: readonly Vector[], n: number): void {
  def.columns.forEach((c, ci) => {
    if (c.hidden) return;
    const v = cols[ci]!;
    if ((c.notNull || def.primaryKey.includes(ci)) && n > 0) {
      if (v.type === 'null' || v.nulls !== null) {
        for (let i = 0; i < n; i++) {
          if (v.type === 'null' || v.nulls![i] === 1) {
            throw new DbError(SqlState.NOT_NULL_VIOLATION, `null value in column "${c.name}" of relation "${def.name}" violates not-null constraint`, {
              table: `${def.namespace}.${def.name}`, columnName: c.name,
            });
          }
        }
      }
    }
    if (c.maxLength !== null && Array.isArray(v.data)) {
      const d = v.data as string[];
      for (let i = 0; i < n; i++) {
        if (v.nulls !== null && v.nulls[i] === 1) continue;
        if (d[i]!.length > c.maxLength) {
          throw new DbError(SqlState.STRING_DATA_RIGHT_TRUNCATION, `value too long for type character varying(${c.maxLength})`, { columnName: c.name });
        }
      }
    }
  });
}

/** Evaluates RETURNING over full-width target rows. */
function evalReturning(r: BoundReturning | null, rows: Batch, planner: PhysicalPlanner, ctx: ExecContext): Batch | null {
  if (r === null) return null;
  const cols = r.exprs.map((e) => planner.expr(e, r.targetIds)(rows, null, ctx));
  return { length: rows.length, columns: cols };
}

/** Reads rows of a partition as full-width vectors. */
function readRows(part: Partition, rows: Int32Array): Batch {
  const views = part.views(part.columns.map((_, i) => i));
  return { length: rows.length, columns: views.map((v) => gather(v, rows)) };
}

/** A DML statement compiled once and run many times. */
export interface PreparedModify {
  run(ctx: ExecContext): ModifyResult;
}

/** Compiles an INSERT. */
export function prepareInsert(s: BoundInsert, planner: PhysicalPlanner): PreparedModify {
  const fast = prepareRowInsert(s, planner);
  if (fast !== null) return fast;
  const source = planner.compilePlan(s.source);
  return { run: (ctx) => runInsert(s, source, planner, ctx) };
}

/**
 * Fast path for `INSERT INTO t VALUES (…)` of one row made of parameters and constants (the
 * prepared single-row insert): values are computed as scalars and written straight into the
 * partition's columns, without building vectors.
 */
function prepareRowInsert(s: BoundInsert, planner: PhysicalPlanner): PreparedModify | null {
  if (s.onConflict !== null || s.returning !== null || s.source.kind !== 'values' || s.source.rows.length !== 1) return null;
  const row = s.source.rows[0]!;
  const empty = new Map<number, number>();
  const scalars = row.map((e) => scalarOf(e, empty, planner));
  if (scalars.some((x) => x === null)) return null;
  const def = s.def;
  const cols = def.columns;
  const defaults = cols.map((c, ci) => {
    const d = s.defaults[ci];
    return c.hidden || s.sourceIndex[ci]! >= 0 || d === null || d === undefined ? null : scalarOf(d, empty, planner);
  });
  if (cols.some((c, ci) => !c.hidden && s.sourceIndex[ci]! < 0 && s.defaults[ci] !== null && s.defaults[ci] !== undefined && defaults[ci] === null)) return null;
  const pk = new Set(def.primaryKey);
  return {
    run(ctx) {
      const values: JsValue[] = new Array(cols.length);
      for (let ci = 0; ci < cols.length; ci++) {
        const c = cols[ci]!;
        if (c.hidden) { values[ci] = null; continue; }
        const k = s.sourceIndex[ci]!;
        const v = k >= 0 ? scalars[k]!(ctx) : defaults[ci] === null ? null : defaults[ci]!(ctx);
        if (v === null && (c.notNull || pk.has(ci))) {
          throw new DbError(SqlState.NOT_NULL_VIOLATION, `null value in column "${c.name}" of relation "${def.name}" violates not-null constraint`, {
            table: `${def.namespace}.${def.name}`, columnName: c.name,
          });
        }
        if (c.maxLength !== null && typeof v === 'string' && v.length > c.maxLength) {
          throw new DbError(SqlState.STRING_DATA_RIGHT_TRUNCATION, `value too long for type character varying(${c.maxLength})`, { columnName: c.name });
        }
        values[ci] = v;
      }
      const part = s.storage.writePartition(ctx.access);
      s.storage.insertRow(part, values, ctx.seq, ctx.undo);
      return { count: 1, returning: null };
    },
  };
}

/** Compiles an UPDATE. */
export function prepareUpdate(s: BoundUpdate, planner: PhysicalPlanner): PreparedModify {
  const op = planner.compilePlan(s.plan);
  const setEvals = s.setExprs.map((e) => planner.expr(e, s.plan.ids));
  return { run: (ctx) => runUpdate(s, op, setEvals, planner, ctx) };
}

/** Compiles a DELETE. */
export function prepareDelete(s: BoundDelete, planner: PhysicalPlanner): PreparedModify {
  const op = planner.compilePlan(s.plan);
  return { run: (ctx) => runDelete(s, op, planner, ctx) };
}

/** Runs an INSERT. */
function runInsert(s: BoundInsert, source: PhysicalOp, planner: PhysicalPlanner, ctx: ExecContext): ModifyResult {
  const src = source.run(ctx);
  const n = src.length;
  const def = s.def;
  // full-width vectors (hidden columns are filled by storage)
  const cols: Vector[] = def.columns.map((c, ci) => {
    const k = s.sourceIndex[ci]!;
    if (k >= 0) return src.columns[k]!;
    const d = s.defaults[ci];
    if (d === null || d === undefined || c.hidden) return { type: c.type, length: n, data: allocData(c.type, n), nulls: c.hidden ? null : new Uint8Array(n).fill(1) };
    return planner.expr(d, [])({ length: n, columns: [] }, null, ctx);
  });
  checkConstraints(def, cols, n);
  const part = s.storage.writePartition(ctx.access);
  if (s.onConflict === null) {
    const at = part.length;
    s.storage.insert(part, cols, n, null, ctx.seq, ctx.undo);
    const rows = new Int32Array(n);
    for (let i = 0; i < n; i++) rows[i] = at + i;
    return { count: n, returning: s.returning === null ? null : evalReturning(s.returning, readRows(part, rows), planner, ctx) };
  }
  // ON CONFLICT: row at a time
  const oc = s.onConflict;
  const written: number[] = [];
  const touched = new Set<number>();
  const idxs = oc.indexes.map((i) => part.indexes[i]!);
  const keyOfIncoming = (i: number, cols2: readonly Vector[], ixCols: readonly number[]): IndexKey | null => {
    if (ixCols.length === 1) return normalizeKey(valueAtVec(cols2[ixCols[0]!]!, i), def.columns[ixCols[0]!]!.type);
    return compositeKey(ixCols.map((c) => normalizeKey(valueAtVec(cols2[c]!, i), def.columns[c]!.type)));
  };
  const setEvals = oc.setExprs.map((e) => planner.expr(e, [...oc.existingIds, ...oc.excludedIds]));
  const whereEval = oc.where === null ? null : planner.filter(oc.where, [...oc.existingIds, ...oc.excludedIds]);
  let count = 0;
  for (let i = 0; i < n; i++) {
    let conflict = -1;
    for (const ix of idxs) {
      const key = keyOfIncoming(i, cols, ix.def.columns);
      if (key === null) continue;
      const hit = ix.lookup(key);
      if (hit !== undefined) { conflict = typeof hit === 'number' ? hit : hit[0]!; break; }
    }
    if (conflict < 0) {
      const at = part.length;
      const one = [Int32Array.of(i)];
      s.storage.insert(part, cols, 1, one[0]!, ctx.seq, ctx.undo);
      written.push(at);
      touched.add(at);
      count++;
      continue;
    }
    if (oc.action === 'nothing') continue;
    if (touched.has(conflict)) {
      throw new DbError(SqlState.CARDINALITY_VIOLATION, 'ON CONFLICT DO UPDATE command cannot affect row a second time', {
        hint: 'Ensure that no rows proposed for insertion within the same command have duplicate constrained values.',
      });
    }
    const existing = readRows(part, Int32Array.of(conflict));
    const excluded: Vector[] = cols.map((v) => gather(v, Int32Array.of(i)));
    const pair: Batch = { length: 1, columns: [...existing.columns, ...excluded] };
    if (whereEval !== null && whereEval(pair, null, ctx).length === 0) continue;
    const values = setEvals.map((ev) => [valueAtVec(ev(pair, null, ctx), 0)]);
    const full = existing.columns.map((v) => v);
    oc.setColumns.forEach((ci, k) => { full[ci] = vectorFromValues(def.columns[ci]!.type, values[k]!); });
    checkConstraints(def, full, 1);
    s.storage.update(part, [conflict], oc.setColumns, values, ctx.undo);
    touched.add(conflict);
    written.push(conflict);
    count++;
  }
  const rows = Int32Array.from(written);
  return { count, returning: s.returning === null ? null : evalReturning(s.returning, readRows(part, rows), planner, ctx) };
}

/** Runs an UPDATE. Rows whose values do not change are neither written nor counted. */
function runUpdate(s: BoundUpdate, op: PhysicalOp, setEvals: readonly Evaluator[], planner: PhysicalPlanner, ctx: ExecContext): ModifyResult {
  const batch = op.run(ctx);
  const part = s.storage.readPartition(ctx.access);
  if (part === undefined || batch.length === 0) return { count: 0, returning: s.returning === null ? null : evalReturning(s.returning, { length: 0, columns: s.def.columns.map((c) => ({ type: c.type, length: 0, data: allocData(c.type, 0), nulls: null })) }, planner, ctx) };
  const rowPos = s.plan.ids.indexOf(s.rowIdId);
  const rowIds = batch.columns[rowPos]!.data as Int32Array;
  const newVals = setEvals.map((ev) => ev(batch, null, ctx));
  // first match per target row wins (UPDATE … FROM with several matches)
  const seen = new Set<number>();
  const keep: number[] = [];
  for (let i = 0; i < batch.length; i++) {
    const r = rowIds[i]!;
    if (seen.has(r)) continue;
    seen.add(r);
    keep.push(i);
  }
  const def = s.def;
  const targetPos = s.targetIds.map((id) => s.plan.ids.indexOf(id));
  const rows: number[] = [];
  const values: JsValue[][] = s.setColumns.map(() => []);
  const cmps = s.setColumns.map((ci) => comparatorFor(def.columns[ci]!.type));
  for (const i of keep) {
    let changed = false;
    for (let k = 0; k < s.setColumns.length; k++) {
      const nv = valueAtVec(newVals[k]!, i);
      const ov = valueAtVec(batch.columns[targetPos[s.setColumns[k]!]!]!, i);
      if (nv === null ? ov !== null : ov === null || cmps[k]!(nv, ov) !== 0) changed = true;
    }
    if (!changed) continue;
    rows.push(rowIds[i]!);
    for (let k = 0; k < s.setColumns.length; k++) values[k]!.push(valueAtVec(newVals[k]!, i));
  }
  // constraint check on the new row images
  const checkCols: Vector[] = def.columns.map((c, ci) => {
    const k = s.setColumns.indexOf(ci);
    return k >= 0 ? vectorFromValues(c.type, values[k]!) : { type: c.type, length: rows.length, data: allocData(c.type, rows.length), nulls: null };
  });
  checkConstraints(def, checkCols, rows.length);
  s.storage.update(part, rows, s.setColumns, values, ctx.undo);
  const returning = s.returning === null ? null : evalReturning(s.returning, readRows(part, Int32Array.from(rows)), planner, ctx);
  return { count: rows.length, returning };
}

/** Runs a DELETE (soft delete: `_deleted` is set and the rows disappear from queries). */
function runDelete(s: BoundDelete, op: PhysicalOp, planner: PhysicalPlanner, ctx: ExecContext): ModifyResult {
  const batch = op.run(ctx);
  const part = s.storage.readPartition(ctx.access);
  if (part === undefined || batch.length === 0) {
    return { count: 0, returning: s.returning === null ? null : evalReturning(s.returning, { length: 0, columns: s.def.columns.map((c) => ({ type: c.type, length: 0, data: allocData(c.type, 0), nulls: null })) }, planner, ctx) };
  }
  const rowPos = s.plan.ids.indexOf(s.rowIdId);
  const rowIds = batch.columns[rowPos]!.data as Int32Array;
  const uniq = [...new Set(Array.from(rowIds.subarray(0, batch.length)))].sort((a, b) => a - b);
  const rows = Int32Array.from(uniq);
  const returning = s.returning === null ? null : evalReturning(s.returning, readRows(part, rows), planner, ctx);
  s.storage.delete(part, rows, ctx.undo);
  return { count: rows.length, returning };
}
