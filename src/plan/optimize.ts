/**
 * The optimizer's one ordered rule list, used by every statement that plans a query: SELECT,
 * the sources of INSERT … SELECT, the target scans of UPDATE … FROM and DELETE … USING, and
 * EXPLAIN of each of them, so that EXPLAIN shows the plan that runs.
 *
 * @example
 * ```ts
 * const plan = optimize(bound.plan, (name, type) => binder.newId(name, type));
 * ```
 */
import type { DataType } from '../types/data-type.ts';
import type { LogicalPlan } from './logical.ts';
import { decorrelateScalarSubqueries } from './rules/decorrelate-scalar-subqueries.ts';
import { decorrelateSubqueries } from './rules/decorrelate-subqueries.ts';
import { pushDownFilters } from './rules/push-down-filters.ts';
import { pushAggregateThroughJoin } from './rules/push-aggregate-through-join.ts';
import { pruneColumns } from './rules/prune-columns.ts';
import { optimizeSubqueryPlans } from './rules/optimize-subquery-plans.ts';

/** Makes a fresh column id (the binder's id space), for rules that introduce columns. */
export type NewColumnId = (name: string, type: DataType) => number;

/** One rewrite rule. Each returns the same object when nothing changed. */
type Rule = (plan: LogicalPlan, newId: NewColumnId) => LogicalPlan;

/** The rules, in the order they run. */
const RULES: readonly Rule[] = [
  (p) => decorrelateSubqueries(p),
  (p, newId) => decorrelateScalarSubqueries(p, newId),
  (p) => pushDownFilters(p),
  (p, newId) => pushAggregateThroughJoin(p, newId),
  (p) => pruneColumns(p),
];

/**
 * Runs every rewrite rule over a bound plan, then over the plans of the subqueries left in its
 * expressions. The root's output columns are kept as they are.
 */
export function optimize(plan: LogicalPlan, newId: NewColumnId): LogicalPlan {
  let p = plan;
  for (const rule of RULES) p = rule(p, newId);
  return optimizeSubqueryPlans(p, (sub) => optimize(sub, newId));
}
