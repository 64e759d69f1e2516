/**
 * The optimizer's one ordered rule list, used by every statement that plans a query: SELECT,
 * the sources of INSERT … SELECT, the target scans of UPDATE … FROM and DELETE … USING, and
 * EXPLAIN of each of them, so that EXPLAIN shows the plan that runs.
 *
 * @example
 * ```ts
 * const est = new CardinalityEstimator(params);
 * const plan = optimize(bound.plan, (name, type) => binder.newId(name, type), est);
 * ```
 */
import type { DataType } from '../types/data-type.ts';
import type { LogicalPlan } from './logical.ts';
import { CardinalityEstimator } from './estimate/cardinality.ts';
import { decorrelateScalarSubqueries } from './rules/decorrelate-scalar-subqueries.ts';
import { decorrelateSubqueries } from './rules/decorrelate-subqueries.ts';
import { pushDownFilters } from './rules/push-down-filters.ts';
import { reduceGroupedJoinInputs } from './rules/reduce-grouped-join-inputs.ts';
import { reorderJoins } from './rules/reorder-joins.ts';
import { pushAggregateThroughJoin } from './rules/push-aggregate-through-join.ts';
import { pruneColumns } from './rules/prune-columns.ts';
import { optimizeSubqueryPlans } from './rules/optimize-subquery-plans.ts';

/** Makes a fresh column id (the binder's id space), for rules that introduce columns. */
export type NewColumnId = (name: string, type: DataType) => number;

/** What rules may use besides the plan. */
interface RuleContext {
  readonly newId: NewColumnId;
  /** The statement's cardinality estimator (shared with the physical planner). */
  readonly est: CardinalityEstimator;
}

/** One rewrite rule. Each returns the same object when nothing changed. */
type Rule = (plan: LogicalPlan, ctx: RuleContext) => LogicalPlan;

/** The rules, in the order they run. */
const RULES: readonly Rule[] = [
  (p) => decorrelateSubqueries(p),
  (p, c) => decorrelateScalarSubqueries(p, c.newId),
  (p) => pushDownFilters(p),
  (p, c) => reduceGroupedJoinInputs(p, c.newId, c.est),
  (p, c) => reorderJoins(p, c.est),
  (p, c) => pushAggregateThroughJoin(p, c.newId, c.est),
  (p) => pruneColumns(p),
];

/**
 * Runs every rewrite rule over a bound plan, then over the plans of the subqueries left in its
 * expressions. The root's output columns are kept as they are. `est` estimates row counts (join
 * ordering); pass the one the physical planner will use.
 */
export function optimize(plan: LogicalPlan, newId: NewColumnId, est: CardinalityEstimator = new CardinalityEstimator(null)): LogicalPlan {
  let p = plan;
  const ctx: RuleContext = { newId, est };
  for (const rule of RULES) p = rule(p, ctx);
  return optimizeSubqueryPlans(p, (sub) => optimize(sub, newId, est));
}
