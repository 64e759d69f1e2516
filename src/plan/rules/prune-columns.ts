/**
 * Projection push-down: every node is asked only for the columns its parent uses (plus what its
 * own expressions read), so scans read fewer columns, joins gather fewer columns, and
 * projections drop unused outputs. Nodes that compare whole rows (DISTINCT, set operations,
 * recursive CTEs) keep all their input columns. Subquery plans are pruned the same way.
 * Returns the same object when nothing changed.
 */
import type { BoundExpr, LogicalPlan } from '../logical.ts';
import { collectColumns, mapChildren, mapPlanExprs } from '../plan-tree.ts';

/** Prunes a plan whose every output column is used. */
export function pruneColumns(plan: LogicalPlan): LogicalPlan {
  return prune(plan, new Set(plan.ids), true);
}

function addCols(e: BoundExpr, out: Set<number>): void {
  collectColumns(e, out, false);
}

/** Prunes the plans of subqueries inside an expression. */
function pruneSubqueries(e: BoundExpr): BoundExpr {
  if (e.kind === 'subquery') {
    const plan = pruneColumns(e.plan);
    const arg = e.arg === null ? null : pruneSubqueries(e.arg);
    return plan === e.plan && arg === e.arg ? e : { ...e, plan, arg };
  }
  let changed = false;
  const out = mapChildren(e, (c) => { const r = pruneSubqueries(c); if (r !== c) changed = true; return r; });
  return changed ? out : e;
}

function withSubqueriesPruned(p: LogicalPlan): LogicalPlan {
  let changed = false;
  const out = mapPlanExprs(p, (e) => { const r = pruneSubqueries(e); if (r !== e) changed = true; return r; }, (q) => q);
  return changed ? out : p;
}

function keepAtLeastOne(ids: readonly number[], all: readonly number[]): readonly number[] {
  return ids.length > 0 || all.length === 0 ? ids : [all[0]!];
}

function sameIds(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** `required`: the ids the parent reads from `p`. `root`: p's outputs are the query's result. */
function prune(p0: LogicalPlan, required: ReadonlySet<number>, root = false): LogicalPlan {
  const p = withSubqueriesPruned(p0);
  switch (p.kind) {
    case 'scan': {
      const need = new Set(required);
      for (const f of p.filters) addCols(f, need);
      const keep: number[] = [];
      p.ids.forEach((id, i) => { if (need.has(id) || id === p.rowIdId) keep.push(i); });
      if (keep.length === 0 && p.ids.length > 0) keep.push(0);
      if (keep.length === p.ids.length) return p;
      return { ...p, ids: keep.map((i) => p.ids[i]!), cols: keep.filter((i) => i < p.cols.length).map((i) => p.cols[i]!) };
    }
    case 'filter': {
      const need = new Set(required);
      addCols(p.predicate, need);
      const input = prune(p.input, need);
      return input === p.input ? p : { ...p, input, ids: input.ids };
    }
    case 'project': {
      // keep only the outputs someone reads (all of them at the root)
      const keep: number[] = [];
      p.ids.forEach((id, i) => { if (root || required.has(id)) keep.push(i); });
      if (keep.length === 0 && p.ids.length > 0) {
        // nothing is read, only the row count matters: one NULL placeholder, so that an unused
        // expression is not evaluated (and cannot fail: PostgreSQL drops unused outputs too)
        const t = p.exprs[0]!.type;
        const placeholder: BoundExpr = { kind: 'const', type: t, value: null };
        const input = prune(p.input, new Set<number>());
        return { ...p, input, exprs: [placeholder], ids: [p.ids[0]!] };
      }
      const exprs = keep.length === p.ids.length ? p.exprs : keep.map((i) => p.exprs[i]!);
      const ids = keep.length === p.ids.length ? p.ids : keep.map((i) => p.ids[i]!);
      const need = new Set<number>();
      for (const e of exprs) addCols(e, need);
      const input = prune(p.input, need);
      if (input === p.input && exprs === p.exprs) return p;
      return { ...p, input, exprs, ids };
    }
    case 'join': {
      const need = new Set(required);
      if (p.on !== null) addCols(p.on, need);
      const left = prune(p.left, need), right = prune(p.right, need);
      const all = p.joinType === 'semi' || p.joinType === 'anti' ? left.ids : [...left.ids, ...right.ids];
      const ids = keepAtLeastOne(all.filter((id) => required.has(id)), all);
      if (left === p.left && right === p.right && sameIds(ids, p.ids)) return p;
      return { ...p, left, right, ids };
    }
    case 'aggregate': {
      const need = new Set<number>();
      for (const g of p.groups) addCols(g, need);
      for (const a of p.aggs) {
        for (const x of a.args) addCols(x, need);
        if (a.filter !== null) addCols(a.filter, need);
        for (const k of a.orderBy) addCols(k.expr, need);
      }
      const input = prune(p.input, need);
      return input === p.input ? p : { ...p, input };
    }
    case 'window': {
      const need = new Set(required);
      for (const c of p.calls) {
        for (const x of c.args) addCols(x, need);
        for (const x of c.partitionBy) addCols(x, need);
        for (const k of c.orderBy) addCols(k.expr, need);
        if (c.filter !== null) addCols(c.filter, need);
      }
      const input = prune(p.input, need);
      return input === p.input ? p : { ...p, input, ids: [...input.ids, ...p.calls.map((c) => c.id)] };
    }
    case 'sort': {
      const need = new Set(required);
      for (const k of p.keys) addCols(k.expr, need);
      // a sort's output order is the query's: its input keeps every column it was asked for
      const input = prune(p.input, need, root);
      return input === p.input ? p : { ...p, input, ids: input.ids };
    }
    case 'limit': {
      const need = new Set(required);
      if (p.limit !== null) addCols(p.limit, need);
      if (p.offset !== null) addCols(p.offset, need);
      const input = prune(p.input, need, root);
      return input === p.input ? p : { ...p, input, ids: input.ids };
    }
    case 'distinct': {
      // DISTINCT compares whole rows: its input keeps every column
      const input = prune(p.input, new Set(p.input.ids), true);
      return input === p.input ? p : { ...p, input };
    }
    case 'setop': {
      const left = prune(p.left, new Set(p.left.ids), true), right = prune(p.right, new Set(p.right.ids), true);
      return left === p.left && right === p.right ? p : { ...p, left, right };
    }
    case 'recursive_cte': {
      const anchor = prune(p.anchor, new Set(p.anchor.ids), true), recursive = prune(p.recursive, new Set(p.recursive.ids), true);
      return anchor === p.anchor && recursive === p.recursive ? p : { ...p, anchor, recursive };
    }
    case 'values': case 'cte_scan': case 'function_scan':
      return p;
  }
}
