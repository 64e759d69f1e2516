/**
 * The plans of subqueries that stay expressions (scalar subqueries, EXISTS / IN / ANY / ALL that
 * decorrelation left in place, in WHERE, HAVING, join conditions or the select list) get the
 * whole rule list too: without it their comma joins stay cross products (TPC-H Q2's and Q11's
 * subqueries join three and four tables). Outer references count as constants there, so a
 * correlated `inner = outer` conjunct is pushed into the scan like a literal. Returns the same
 * object when nothing changed.
 */
import type { BoundExpr, LogicalPlan } from '../logical.ts';
import { mapChildren, mapPlanExprs } from '../plan-tree.ts';

function hasSubquery(e: BoundExpr): boolean {
  if (e.kind === 'subquery') return true;
  let found = false;
  mapChildren(e, (c) => {
    if (!found && hasSubquery(c)) found = true;
    return c;
  });
  return found;
}

/**
 * Replaces the plan of every subquery expression of `plan` (and of its inputs) by
 * `optimizeSub(plan)`.
 * @param optimizeSub - the optimizer, applied to one subquery plan (it recurses through this rule)
 */
export function optimizeSubqueryPlans(plan: LogicalPlan, optimizeSub: (p: LogicalPlan) => LogicalPlan): LogicalPlan {
  let changed = false;
  const fx = (e: BoundExpr): BoundExpr => {
    if (!hasSubquery(e)) return e;
    if (e.kind === 'subquery') {
      const arg = e.arg === null ? null : fx(e.arg);
      const sub = optimizeSub(e.plan);
      if (arg === e.arg && sub === e.plan) return e;
      changed = true;
      return { ...e, arg, plan: sub };
    }
    return mapChildren(e, fx);
  };
  const fp = (p: LogicalPlan): LogicalPlan => {
    const q = optimizeSubqueryPlans(p, optimizeSub);
    if (q !== p) changed = true;
    return q;
  };
  const out = mapPlanExprs(plan, fx, fp);
  return changed ? out : plan;
}
