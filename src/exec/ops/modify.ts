/**
 * INSERT, UPDATE and DELETE execution. Source rows are computed first (so a statement never
 * reads its own writes), then constraints are checked (NOT NULL, VARCHAR length, unique via
 * the partition's indexes) and the rows written through {@link TableStorage}, which logs
 * before-images for rollback. RETURNING is evaluated over the written rows. The planner
 * compiles bound DML into the specs below (`plan/prepare-dml.ts`); expressions that were
 * compiled on each run stay so (they are handed over as compile functions).
 */
import { DbError } from '../../errors/db-error.ts';
import { SqlState } from '../../errors/sqlstate.ts';
import type { TableDefinition } from '../../schema/table-def.ts';
import type { DataType } from '../../types/data-type.ts';
import type { Partition } from '../../storage/partition.ts';
import type { TableStorage } from '../../storage/table-storage.ts';
import { normalizeKey, compositeKey, type IndexKey } from '../../storage/indexes/hash-index.ts';
import { allocData, gather, valueAt, vectorFromValues, type Batch, type JsValue, type Vector } from '../../types/vector.ts';
import type { ExecContext } from '../context.ts';
import type { Evaluator, RowFilter } from '../expr/evaluator.ts';
import { explainNode, type ExplainNode, type PhysicalOp } from '../operator.ts';
import { comparatorFor } from '../kernels/compare.ts';
import type { NumericData } from '../../types/numeric-data.ts';
import { applyTypmod } from '../../types/numeric-typmod.ts';
import { fitVarchar, longerThan } from '../../types/char-length.ts';

/** Outcome of a DML statement. */
export interface ModifyResult {
  readonly count: number;
  /** RETURNING rows, when requested. */
  readonly returning: Batch | null;
}

function valueAtVec(v: Vector, i: number): JsValue {
  return valueAt(v, i);
}

/**
 * Checks NOT NULL and VARCHAR(n) limits for rows of full-width vectors. A VARCHAR(n) value that
 * is too long only by trailing spaces is cut to n characters (PostgreSQL): such a column's vector
 * in `cols` is replaced by a copy.
 */
function checkConstraints(def: TableDefinition, cols: Vector[], n: number): void {
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
      let out: string[] | null = null;
      for (let i = 0; i < n; i++) {
        if (v.nulls !== null && v.nulls[i] === 1) continue;
        if (!longerThan(d[i]!, c.maxLength)) continue;
        const fit = fitVarchar(d[i]!, c.maxLength);
        if (fit === null) {
          throw new DbError(SqlState.STRING_DATA_RIGHT_TRUNCATION, `value too long for type character varying(${c.maxLength})`, { columnName: c.name });
        }
        out ??= d.slice();
        out[i] = fit;
      }
      if (out !== null) cols[ci] = { ...v, data: out };
    }
  });
}

/** Reads rows of a partition as full-width vectors. */
function readRows(part: Partition, rows: Int32Array): Batch {
  const views = part.views(part.columns.map((_, i) => i));
  return { length: rows.length, columns: views.map((v) => gather(v, rows)) };
}

/** Coerces parameter `n` (1-based) to type `type` (22P02 and the like when it cannot). */
export type ParamBinder = (value: unknown, type: DataType | undefined, n: number) => JsValue;

/** A DML statement compiled once and run many times. */
export interface PreparedModify {
  run(ctx: ExecContext): ModifyResult;
  /**
   * True when a run keys nothing on its context's identity and keeps nothing of it (a single-row
   * INSERT of parameters and constants): the engine may then give the runs of a prepared
   * statement one context, renewed per run, instead of a new one per call.
   */
  readonly renewsContext?: boolean;
  /**
   * With `renewsContext`: the number of parameters when the row is made of parameters only, each
   * the value of one column as it is (`INSERT INTO t VALUES ($1, $2, …)`), else -1. Such a row
   * binds its parameters straight into the row ({@link PreparedModify.runParams}).
   */
  readonly paramCount?: number;
  /**
   * The run of a row of parameters only (`paramCount` ≥ 0): `params` as the caller gave them (as
   * many as `paramCount`), bound by `bind` to their `types` (`types[n]` for `$n`) in parameter
   * order into the row, then written. The context's own parameters are not read.
   */
  runParams?(ctx: ExecContext, params: readonly unknown[], types: readonly (DataType | undefined)[], bind: ParamBinder): ModifyResult;
  /** The plan that runs, for EXPLAIN: the modify node over the plan of the rows it reads. */
  explain(): ExplainNode;
}

/** RETURNING: one compile function per expression over the target's full-width rows, compiled and evaluated in turn on each run. */
export type ReturningSpec = readonly (() => Evaluator)[];

/** ON CONFLICT of an INSERT. */
export interface OnConflictSpec {
  /** Unique index positions to check. */
  readonly indexes: readonly number[];
  readonly action: 'nothing' | 'update';
  readonly setColumns: readonly number[];
  /** Compiles the DO UPDATE values and WHERE over (existing row ++ excluded row), on each run. */
  compile(): { readonly set: readonly Evaluator[]; readonly where: RowFilter | null };
}

/** An INSERT whose source rows come from an operator. */
export interface InsertSpec {
  readonly storage: TableStorage;
  readonly def: TableDefinition;
  /** For each definition column: index into the source's columns, or -1 (default). */
  readonly sourceIndex: readonly number[];
  readonly source: PhysicalOp;
  /** Per definition column: compiles its DEFAULT (no input columns) on each run; null/absent: NULL. */
  readonly defaults: readonly ((() => Evaluator) | null)[];
  readonly onConflict: OnConflictSpec | null;
  readonly returning: ReturningSpec | null;
}

/** A single-row INSERT of row-constant values (parameters and constants). */
export interface RowInsertSpec {
  readonly storage: TableStorage;
  readonly def: TableDefinition;
  readonly sourceIndex: readonly number[];
  /** The row's values, by source position. */
  readonly scalars: readonly ((ctx: ExecContext) => JsValue)[];
  /**
   * By source position: the index of the parameter that is the value as it is (read straight from
   * the bound parameters, without calling its scalar), or -1. Absent: none is.
   */
  readonly paramAt?: readonly number[];
  /** Per definition column: its DEFAULT value, or null (NULL, or the column has a source value). */
  readonly defaults: readonly (((ctx: ExecContext) => JsValue) | null)[];
}

/** An UPDATE: `source` produces the target columns (all), the row id, then FROM columns. */
export interface UpdateSpec {
  readonly storage: TableStorage;
  readonly def: TableDefinition;
  readonly source: PhysicalOp;
  /** Ids of the source's output columns. */
  readonly sourceIds: readonly number[];
  readonly targetIds: readonly number[];
  readonly rowIdId: number;
  readonly setColumns: readonly number[];
  readonly setEvals: readonly Evaluator[];
  readonly returning: ReturningSpec | null;
}

/** A DELETE: `source` produces the target rows with their row id. */
export interface DeleteSpec {
  readonly storage: TableStorage;
  readonly def: TableDefinition;
  readonly source: PhysicalOp;
  readonly sourceIds: readonly number[];
  readonly rowIdId: number;
  readonly returning: ReturningSpec | null;
}

/** Evaluates RETURNING over full-width target rows. */
function evalReturning(r: ReturningSpec | null, rows: Batch, ctx: ExecContext): Batch | null {
  if (r === null) return null;
  const cols = r.map((compile) => compile()(rows, null, ctx));
  return { length: rows.length, columns: cols };
}

const ONE_INSERTED: ModifyResult = Object.freeze({ count: 1, returning: null });

/**
 * RETURNING of UPDATE / DELETE: over the target rows `rows` of the partition (as they are now)
 * followed by the source rows `at` of `batch` they were matched with (FROM / USING columns).
 */
function returningOf(r: ReturningSpec | null, part: Partition, rows: Int32Array, batch: Batch, at: Int32Array, ctx: ExecContext): Batch | null {
  if (r === null) return null;
  const target = readRows(part, rows);
  return evalReturning(r, { length: rows.length, columns: [...target.columns, ...batch.columns.map((v) => gather(v, at))] }, ctx);
}

/** An empty RETURNING result (no row matched). */
function emptyReturning(r: ReturningSpec | null, def: TableDefinition, batch: Batch, ctx: ExecContext): Batch | null {
  if (r === null) return null;
  const none = new Int32Array(0);
  const target = def.columns.map((c): Vector => ({ type: c.type, length: 0, data: allocData(c.type, 0), nulls: null }));
  return evalReturning(r, { length: 0, columns: [...target, ...batch.columns.map((v) => gather(v, none))] }, ctx);
}

/**
 * The fast path for `INSERT INTO t VALUES (…)` of one row made of parameters and constants
 * (the prepared single-row insert): values are computed as scalars and written straight into
 * the partition's columns, without building vectors.
 */
export function singleRowInsert(s: RowInsertSpec): PreparedModify {
  return new SingleRowInsert(s);
}

/**
 * A class, not a closure per plan: V8 then optimizes `run` once for every table, instead of
 * specializing it to the first plan's captured objects (and dropping that code when a GC
 * collects them).
 */
class SingleRowInsert implements PreparedModify {
  readonly renewsContext = true;
  // the spec's parts as fields of this class: `run` reads no object literal of the plan, whose
  // map a full GC may drop once the plan's objects die (V8 then throws away the optimized code)
  private readonly storage: TableStorage;
  private readonly def: TableDefinition;
  private readonly scalars: RowInsertSpec['scalars'];
  private readonly defaults: RowInsertSpec['defaults'];
  private readonly sourceIndex: readonly number[];
  /** See `RowInsertSpec.paramAt`: per source position, a parameter index or -1. */
  private readonly paramAt: Int32Array;
  readonly paramCount: number;
  /** With `paramCount` ≥ 0: the column of each parameter (index n - 1 for `$n`). */
  private readonly columnOfParam: Int32Array;
  private readonly cols: TableDefinition['columns'];
  private readonly required: boolean[];
  /** Positions of the columns the row gives values for (not hidden), and whether each needs a check (NOT NULL, VARCHAR(n)). */
  private readonly given: Int32Array;
  private readonly checked: Uint8Array;
  /** The row's values, reused by every run (storage copies them into its columns at once; hidden ones stay null). */
  private readonly values: JsValue[];

  constructor(s: RowInsertSpec) {
    const def = s.def;
    this.storage = s.storage;
    this.def = def;
    this.scalars = s.scalars;
    this.defaults = s.defaults;
    this.sourceIndex = s.sourceIndex;
    this.paramAt = Int32Array.from(s.scalars, (_, k) => s.paramAt?.[k] ?? -1);
    const given = def.columns.map((_, ci) => ci).filter((ci) => !def.columns[ci]!.hidden);
    this.given = Int32Array.from(given);
    // a row of parameters only, $1 … $n each the value of one column
    const params = given.map((ci) => (s.sourceIndex[ci]! >= 0 ? this.paramAt[s.sourceIndex[ci]!]! : -1));
    const direct = params.every((n) => n >= 1) && new Set(params).size === params.length && Math.max(0, ...params) === params.length;
    this.paramCount = direct ? params.length : -1;
    this.columnOfParam = new Int32Array(direct ? params.length : 0);
    if (direct) params.forEach((n, g) => { this.columnOfParam[n - 1] = given[g]!; });
    this.cols = def.columns;
    this.required = def.columns.map((c, ci) => c.notNull || def.primaryKey.includes(ci));
    this.checked = Uint8Array.from(def.columns.map((c, ci) => (this.required[ci] || c.maxLength !== null ? 1 : 0)));
    this.values = new Array<JsValue>(def.columns.length).fill(null);
  }

  run(ctx: ExecContext): ModifyResult {
    const { values, scalars, defaults, sourceIndex, paramAt, given, checked } = this;
    const params = ctx.params;
    for (let g = 0; g < given.length; g++) {
      const ci = given[g]!;
      const k = sourceIndex[ci]!;
      // a parameter that is the value as it is: read here (a call of its scalar per column is a
      // megamorphic call, as every statement's scalars are closures of one function)
      const pi = k >= 0 ? paramAt[k]! : -1;
      const v = pi >= 0 && pi < params.length ? params[pi] ?? null
        : k >= 0 ? scalars[k]!(ctx) : defaults[ci] === null ? null : defaults[ci]!(ctx);
      values[ci] = checked[ci] === 1 ? this.check(ci, v) : v;
    }
    const part = this.storage.writePartition(ctx.access);
    this.storage.insertRow(part, values, ctx.seq, ctx.undo);
    return ONE_INSERTED;
  }

  runParams(ctx: ExecContext, params: readonly unknown[], types: readonly (DataType | undefined)[], bind: ParamBinder): ModifyResult {
    const { values, columnOfParam, given, checked } = this;
    // bound in parameter order (the error of the first bad parameter wins, as in bindParams),
    // then NOT NULL and VARCHAR(n) in column order (as in run)
    for (let i = 0; i < columnOfParam.length; i++) values[columnOfParam[i]!] = bind(params[i], types[i + 1], i + 1) ?? null;
    for (let g = 0; g < given.length; g++) {
      const ci = given[g]!;
      if (checked[ci] === 1) values[ci] = this.check(ci, values[ci]!);
    }
    const part = this.storage.writePartition(ctx.access);
    this.storage.insertRow(part, values, ctx.seq, ctx.undo);
    return ONE_INSERTED;
  }

  /** One insert kept alive so its shape survives full GCs (see `Run.keepShape` in engine/state.ts). */
  static readonly keepShape: SingleRowInsert = new SingleRowInsert({
    storage: null as never, def: { columns: [], primaryKey: [] } as unknown as TableDefinition, sourceIndex: [], scalars: [], defaults: [],
  });

  /** NOT NULL and VARCHAR(n) of column `ci` for value `v`: the value to store (cut at trailing spaces), or a 23502 / 22001. */
  private check(ci: number, v: JsValue): JsValue {
    const c = this.cols[ci]!, def = this.def;
    if (v === null && this.required[ci]) {
      throw new DbError(SqlState.NOT_NULL_VIOLATION, `null value in column "${c.name}" of relation "${def.name}" violates not-null constraint`, {
        table: `${def.namespace}.${def.name}`, columnName: c.name,
      });
    }
    if (c.maxLength !== null && typeof v === 'string' && longerThan(v, c.maxLength)) {
      const fit = fitVarchar(v, c.maxLength);
      if (fit === null) throw new DbError(SqlState.STRING_DATA_RIGHT_TRUNCATION, `value too long for type character varying(${c.maxLength})`, { columnName: c.name });
      return fit;
    }
    return v;
  }

  explain(): ExplainNode {
    const def = this.def;
    return explainNode(`Insert on ${def.namespace}.${def.name}`, [], [explainNode('Result', ['1 row, written directly into the columns'], [])]);
  }
}

/** Runs an INSERT. */
export function runInsert(s: InsertSpec, ctx: ExecContext): ModifyResult {
  const src = s.source.run(ctx);
  const n = src.length;
  const def = s.def;
  // full-width vectors (hidden columns are filled by storage)
  const cols: Vector[] = def.columns.map((c, ci) => {
    const k = s.sourceIndex[ci]!;
    if (k >= 0) return src.columns[k]!;
    const d = s.defaults[ci];
    if (d === null || d === undefined || c.hidden) return { type: c.type, length: n, data: allocData(c.type, n), nulls: c.hidden ? null : new Uint8Array(n).fill(1) };
    return d()({ length: n, columns: [] }, null, ctx);
  });
  // NUMERIC(p, s) columns: round before conflicts are looked up and EXCLUDED is read (storage would round anyway)
  def.columns.forEach((c, ci) => {
    const v = cols[ci]!;
    if (c.numeric !== undefined && c.numeric !== null && v.type === 'numeric') cols[ci] = { ...v, data: applyTypmod(v.data as NumericData, c.numeric, n, v.nulls, null) };
  });
  checkConstraints(def, cols, n);
  const part = s.storage.writePartition(ctx.access);
  if (s.onConflict === null) {
    const at = part.length;
    s.storage.insert(part, cols, n, null, ctx.seq, ctx.undo);
    const rows = new Int32Array(n);
    for (let i = 0; i < n; i++) rows[i] = at + i;
    return { count: n, returning: s.returning === null ? null : evalReturning(s.returning, readRows(part, rows), ctx) };
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
  const { set: setEvals, where: whereEval } = oc.compile();
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
    oc.setColumns.forEach((ci, k) => { values[k]![0] = valueAtVec(full[ci]!, 0); });
    s.storage.update(part, [conflict], oc.setColumns, values, ctx.undo);
    touched.add(conflict);
    written.push(conflict);
    count++;
  }
  const rows = Int32Array.from(written);
  return { count, returning: s.returning === null ? null : evalReturning(s.returning, readRows(part, rows), ctx) };
}

/**
 * Runs an UPDATE. Rows whose values do not change are neither written nor counted, but
 * RETURNING lists every matched row (as PostgreSQL does).
 */
export function runUpdate(s: UpdateSpec, ctx: ExecContext): ModifyResult {
  const batch = s.source.run(ctx);
  const part = s.storage.readPartition(ctx.access);
  if (part === undefined || batch.length === 0) return { count: 0, returning: emptyReturning(s.returning, s.def, batch, ctx) };
  const rowPos = s.sourceIds.indexOf(s.rowIdId);
  const rowIds = batch.columns[rowPos]!.data as Int32Array;
  const newVals = s.setEvals.map((ev) => ev(batch, null, ctx));
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
  const targetPos = s.targetIds.map((id) => s.sourceIds.indexOf(id));
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
  const before = checkCols.slice();
  checkConstraints(def, checkCols, rows.length);
  s.setColumns.forEach((ci, k) => {
    // VARCHAR(n) values cut at trailing spaces
    const v = checkCols[ci]!;
    if (v !== before[ci]) values[k] = values[k]!.map((x, i) => (x === null ? null : (v.data as string[])[i]!));
  });
  s.storage.update(part, rows, s.setColumns, values, ctx.undo);
  let returning: Batch | null = null;
  if (s.returning !== null) {
    const at = Int32Array.from(keep);
    const matched = new Int32Array(at.length);
    for (let k = 0; k < at.length; k++) matched[k] = rowIds[at[k]!]!;
    returning = returningOf(s.returning, part, matched, batch, at, ctx);
  }
  return { count: rows.length, returning };
}

/** Runs a DELETE (soft delete: `_deleted` is set and the rows disappear from queries). */
export function runDelete(s: DeleteSpec, ctx: ExecContext): ModifyResult {
  const batch = s.source.run(ctx);
  const part = s.storage.readPartition(ctx.access);
  if (part === undefined || batch.length === 0) return { count: 0, returning: emptyReturning(s.returning, s.def, batch, ctx) };
  const rowPos = s.sourceIds.indexOf(s.rowIdId);
  const rowIds = batch.columns[rowPos]!.data as Int32Array;
  // each target row once, with the first source row that matched it (DELETE … USING)
  const first = new Map<number, number>();
  for (let i = 0; i < batch.length; i++) if (!first.has(rowIds[i]!)) first.set(rowIds[i]!, i);
  const rows = Int32Array.from(first.keys()).sort();
  let returning: Batch | null = null;
  if (s.returning !== null) {
    const at = new Int32Array(rows.length);
    for (let k = 0; k < rows.length; k++) at[k] = first.get(rows[k]!)!;
    returning = returningOf(s.returning, part, rows, batch, at, ctx);
  }
  s.storage.delete(part, rows, ctx.undo);
  return { count: rows.length, returning };
}
