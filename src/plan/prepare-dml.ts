/**
 * Compiles bound INSERT, UPDATE and DELETE statements (`bind-dml.ts`) into prepared DML that
 * the executor runs (`exec/ops/modify.ts`): source plans become operators, SET expressions
 * evaluators; DEFAULT, ON CONFLICT and RETURNING expressions are handed over as compile
 * functions, compiled on each run as before. A single-row `INSERT … VALUES` of parameters and
 * constants takes the scalar fast path.
 */
import { explainNode } from '../exec/operator.ts';
import type { TableDefinition } from '../schema/table-def.ts';
import {
  runDelete, runInsert, runUpdate, singleRowInsert, type PreparedModify, type ReturningSpec,
} from '../exec/ops/modify.ts';
import type { BoundDelete, BoundInsert, BoundReturning, BoundUpdate } from './bind/dml.ts';
import { scalarOf } from './compile-expr.ts';
import type { PhysicalPlanner } from './physical.ts';

function targetName(def: TableDefinition): string {
  return `${def.namespace}.${def.name}`;
}

/**
 * RETURNING as one compile function per expression over the target's columns, then (UPDATE …
 * FROM, DELETE … USING) the columns of the rows the statement read (`sourceIds`).
 */
function returningSpec(r: BoundReturning | null, planner: PhysicalPlanner, sourceIds: readonly number[] = []): ReturningSpec | null {
  if (r === null) return null;
  const ids = [...r.targetIds, ...sourceIds];
  return r.exprs.map((e) => () => planner.expr(e, ids));
}

/** Compiles an INSERT. */
export function prepareInsert(s: BoundInsert, planner: PhysicalPlanner): PreparedModify {
  const fast = prepareRowInsert(s, planner);
  if (fast !== null) return fast;
  const source = planner.compilePlan(s.source);
  const oc = s.onConflict;
  const spec = {
    storage: s.storage,
    def: s.def,
    sourceIndex: s.sourceIndex,
    source,
    defaults: s.defaults.map((d) => (d === null ? null : () => planner.expr(d, []))),
    onConflict: oc === null ? null : {
      indexes: oc.indexes,
      action: oc.action,
      setColumns: oc.setColumns,
      compile: () => {
        const ids = [...oc.existingIds, ...oc.excludedIds];
        const set = oc.setExprs.map((e) => planner.expr(e, ids));
        return { set, where: oc.where === null ? null : planner.filter(oc.where, ids) };
      },
    },
    returning: returningSpec(s.returning, planner),
  };
  const details = oc === null ? [] : [`Conflict Resolution: ${oc.action === 'nothing' ? 'NOTHING' : 'UPDATE'}`];
  return {
    run: (ctx) => runInsert(spec, ctx),
    explain: () => explainNode(`Insert on ${targetName(s.def)}`, details, [source.explain()]),
  };
}

/**
 * Fast path for `INSERT INTO t VALUES (…)` of one row made of parameters and constants (the
 * prepared single-row insert); null when the statement does not qualify.
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
  const paramAt = row.map((e) => (e.kind === 'param' && e.finalType === undefined ? e.index : -1));
  return singleRowInsert({ storage: s.storage, def, sourceIndex: s.sourceIndex, scalars: scalars.map((x) => x!), paramAt, defaults });
}

/** Compiles an UPDATE. */
export function prepareUpdate(s: BoundUpdate, planner: PhysicalPlanner): PreparedModify {
  const source = planner.compilePlan(s.plan);
  const setEvals = s.setExprs.map((e) => planner.expr(e, s.plan.ids));
  const spec = {
    storage: s.storage, def: s.def, source, sourceIds: s.plan.ids, targetIds: s.targetIds, rowIdId: s.rowIdId,
    setColumns: s.setColumns, setEvals, returning: returningSpec(s.returning, planner, s.plan.ids),
  };
  return {
    run: (ctx) => runUpdate(spec, ctx),
    explain: () => explainNode(`Update on ${targetName(s.def)}`, [], [source.explain()]),
  };
}

/** Compiles a DELETE. */
export function prepareDelete(s: BoundDelete, planner: PhysicalPlanner): PreparedModify {
  const source = planner.compilePlan(s.plan);
  const spec = {
    storage: s.storage, def: s.def, source, sourceIds: s.plan.ids, rowIdId: s.rowIdId,
    returning: returningSpec(s.returning, planner, s.plan.ids),
  };
  return {
    run: (ctx) => runDelete(spec, ctx),
    explain: () => explainNode(`Delete on ${targetName(s.def)}`, [], [source.explain()]),
  };
}
