/**
 * The key of a query's result rows, read off its logical plan, for the re-evaluated path's
 * diff: the columns that identify a row across runs. A scan's key is its table's primary key
 * (or `_seq`) when the scan outputs it; a join's key is both sides' keys; an aggregate's key is
 * its GROUP BY columns; DISTINCT makes every column a key; filters, sorts, limits, windows and
 * projections of the key columns pass it through. The key is a candidate: the diff checks that
 * it is unique in each run and compares whole rows (as a multiset) when it is not.
 *
 * @example
 * ```ts
 * resultKey(plan);   // [0] for SELECT id, body FROM t (id the primary key); null for SELECT body FROM t
 * ```
 */
import type { LogicalPlan } from '../plan/logical.ts';

/** Ids of the key columns of a plan's output, or null when it has no key. */
function keyIds(p: LogicalPlan): readonly number[] | null {
  switch (p.kind) {
    case 'scan': {
      const def = p.def;
      const want = def.primaryKey.length > 0 ? def.primaryKey : [def.columns.findIndex((c) => c.name === '_seq')];
      const ids: number[] = [];
      for (const c of want) {
        const i = p.cols.indexOf(c);
        if (i < 0 || c < 0) return null;
        ids.push(p.ids[i]!);
      }
      return ids;
    }
    case 'filter': case 'sort': case 'limit': case 'window':
      return keyIds(p.input);
    case 'distinct':
      return p.on.length === 0 ? p.ids : null;
    case 'project': {
      const inner = keyIds(p.input);
      if (inner === null) return null;
      const out: number[] = [];
      for (const id of inner) {
        const k = p.exprs.findIndex((e) => e.kind === 'col' && e.id === id);
        if (k < 0) return null;
        out.push(p.ids[k]!);
      }
      return out;
    }
    case 'join': {
      const l = keyIds(p.left);
      if (l === null) return null;
      if (p.joinType === 'semi' || p.joinType === 'anti') return l;
      const r = keyIds(p.right);
      if (r === null) return null;
      const both = [...l, ...r];
      return both.every((id) => p.ids.includes(id)) ? both : null;
    }
    case 'aggregate':
      return p.groupIds;
    case 'setop':
      return p.op === 'union' && !p.all ? p.ids : null;
    case 'values': case 'cte_scan': case 'recursive_cte': case 'function_scan':
      return null;
  }
}

/**
 * Positions of the key columns in the plan's output, or null when the rows have no key.
 * An empty list means at most one row (an aggregate without GROUP BY).
 */
export function resultKey(plan: LogicalPlan): number[] | null {
  const ids = keyIds(plan);
  if (ids === null) return null;
  const pos = ids.map((id) => plan.ids.indexOf(id));
  return pos.every((x) => x >= 0) ? pos : null;
}
