/**
 * Projection push-down: scans read only the columns some expression above them uses (or the
 * query returns). Pass-through nodes (filter, join, sort, limit, window) recompute their output
 * ids from their inputs; nodes that define their own outputs (project, aggregate, values, set
 * operations, CTE scans) keep them. Returns the same object when nothing changed.
 */
import { collectColumns, type BoundExpr, type LogicalPlan } from '../logical.ts';

/** Every column id referenced by an expression anywhere in the plan (outer refs included). */
function referencedIds(p: LogicalPlan, out: Set<number>): void {
  const ex = (e: BoundExpr) => { collectColumns(e, out, true); collectSubqueryRefs(e, out); };
  switch (p.kind) {
    case 'scan': p.filters.forEach(ex); if (p.rowIdId !== undefined) out.add(p.rowIdId); break;
    case 'values': p.rows.forEach((r) => r.forEach(ex)); break;
    case 'filter': ex(p.predicate); referencedIds(p.input, out); break;
    case 'project': p.exprs.forEach(ex); referencedIds(p.input, out); break;
    case 'join': if (p.on !== null) ex(p.on); referencedIds(p.left, out); referencedIds(p.right, out); break;
    case 'aggregate':
      p.groups.forEach(ex);
      for (const a of p.aggs) { a.args.forEach(ex); if (a.filter !== null) ex(a.filter); a.orderBy.forEach((k) => ex(k.expr)); }
      referencedIds(p.input, out);
      break;
    case 'window':
      for (const c of p.calls) { c.args.forEach(ex); c.partitionBy.forEach(ex); c.orderBy.forEach((k) => ex(k.expr)); if (c.filter !== null) ex(c.filter); }
      referencedIds(p.input, out);
      break;
    case 'sort': p.keys.forEach((k) => ex(k.expr)); referencedIds(p.input, out); break;
    case 'limit': if (p.limit !== null) ex(p.limit); if (p.offset !== null) ex(p.offset); referencedIds(p.input, out); break;
    case 'distinct':
      p.on.forEach(ex);
      for (const id of p.input.ids) out.add(id); // DISTINCT compares every input column
      referencedIds(p.input, out);
      break;
    case 'setop':
      for (const id of p.left.ids) out.add(id);
      for (const id of p.right.ids) out.add(id);
      referencedIds(p.left, out); referencedIds(p.right, out);
      break;
    case 'cte_scan': break;
    case 'recursive_cte':
      for (const id of p.anchor.ids) out.add(id);
      for (const id of p.recursive.ids) out.add(id);
      referencedIds(p.anchor, out); referencedIds(p.recursive, out);
      break;
    case 'function_scan': p.args.forEach(ex); break;
  }
}

/** Subquery plans reference ids of their own; collect those too (they are separate scans). */
function collectSubqueryRefs(e: BoundExpr, out: Set<number>): void {
  if (e.kind === 'subquery') {
    referencedIds(e.plan, out);
    for (const id of e.plan.ids) out.add(id);
    if (e.arg !== null) collectSubqueryRefs(e.arg, out);
    return;
  }
  switch (e.kind) {
    case 'func': case 'coalesce': case 'and': case 'or': e.args.forEach((a) => collectSubqueryRefs(a, out)); break;
    case 'arith': case 'cmp': case 'distinct_from': case 'nullif': case 'concat': case 'json_get':
      collectSubqueryRefs(e.left, out); collectSubqueryRefs(e.right, out); break;
    case 'neg': case 'not': case 'is_null': case 'is_bool': case 'cast': collectSubqueryRefs(e.arg, out); break;
    case 'in_list': collectSubqueryRefs(e.arg, out); e.list.forEach((a) => collectSubqueryRefs(a, out)); break;
    case 'case': e.whens.forEach((w) => { collectSubqueryRefs(w.when, out); collectSubqueryRefs(w.then, out); }); collectSubqueryRefs(e.elseExpr, out); break;
    case 'like': collectSubqueryRefs(e.arg, out); collectSubqueryRefs(e.pattern, out); if (e.escape) collectSubqueryRefs(e.escape, out); break;
    default: break;
  }
}

/** Prunes unused scan columns below the plan root (whose output ids are all kept). */
export function pruneColumns(plan: LogicalPlan): LogicalPlan {
  const needed = new Set<number>(plan.ids);
  referencedIds(plan, needed);
  return prune(plan, needed);
}

function sameIds(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function prune(p: LogicalPlan, needed: ReadonlySet<number>): LogicalPlan {
  switch (p.kind) {
    case 'scan': {
      const keep: number[] = [];
      p.ids.forEach((id, i) => { if (needed.has(id) || id === p.rowIdId) keep.push(i); });
      if (keep.length === p.ids.length) return p;
      if (keep.length === 0 && p.ids.length > 0) {
        // keep one (narrowest: first) column so the scan still reports its row count
        keep.push(0);
      }
      const ids = keep.map((i) => p.ids[i]!);
      const cols = keep.filter((i) => i < p.cols.length).map((i) => p.cols[i]!);
      return { ...p, ids, cols };
    }
    case 'filter': {
      const input = prune(p.input, needed);
      return input === p.input ? p : { ...p, input, ids: input.ids };
    }
    case 'join': {
      const left = prune(p.left, needed), right = prune(p.right, needed);
      if (left === p.left && right === p.right) return p;
      const ids = p.joinType === 'semi' || p.joinType === 'anti' ? left.ids : [...left.ids, ...right.ids];
      return { ...p, left, right, ids };
    }
    case 'sort': {
      const input = prune(p.input, needed);
      return input === p.input ? p : { ...p, input, ids: input.ids };
    }
    case 'limit': {
      const input = prune(p.input, needed);
      return input === p.input ? p : { ...p, input, ids: input.ids };
    }
    case 'window': {
      const input = prune(p.input, needed);
      if (input === p.input) return p;
      return { ...p, input, ids: [...input.ids, ...p.calls.map((c) => c.id)] };
    }
    case 'project': { const input = prune(p.input, needed); return input === p.input ? p : { ...p, input }; }
    case 'aggregate': { const input = prune(p.input, needed); return input === p.input ? p : { ...p, input }; }
    case 'distinct': {
      const input = prune(p.input, needed);
      return input === p.input || !sameIds(input.ids, p.input.ids) ? p : { ...p, input };
    }
    case 'setop': case 'recursive_cte': case 'values': case 'cte_scan': case 'function_scan':
      return p;
  }
}
