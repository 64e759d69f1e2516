/**
 * The cost model of join ordering, in rows touched. A hash join reads both inputs, builds its
 * table on the smaller one (building costs more per row than probing) and produces its output;
 * a join without an equality key is a nested loop that looks at every pair. Semi/anti joins
 * build on their right side and probe with the rows they filter. Scans cost the same in every
 * order and are left out.
 *
 * Subset sizes are those of the cardinality estimator, so `cost(S) = cost(S1) + cost(S2) +
 * joinCost(|S1|, |S2|, |S|)` sums what every join of the tree reads and writes (C_out plus the
 * inputs' build and probe work).
 */

/** Work per row put into a hash table. */
export const BUILD_COST = 2;
/** Work per row looked up in a hash table. */
export const PROBE_COST = 1;
/** Work per row produced. */
export const OUTPUT_COST = 1;

/** Cost of joining inputs of `l` and `r` rows into `out` rows. */
export function joinCost(l: number, r: number, out: number, hashable: boolean): number {
  if (!hashable) return l * r + OUTPUT_COST * out;
  const build = Math.min(l, r), probe = Math.max(l, r);
  return BUILD_COST * build + PROBE_COST * probe + OUTPUT_COST * out;
}

/** Cost of a semi/anti join filtering `input` rows to `out` against a right side of `right` rows. */
export function semiJoinCost(input: number, right: number, out: number, hashable: boolean): number {
  if (!hashable) return input * right + OUTPUT_COST * out;
  return BUILD_COST * right + PROBE_COST * input + OUTPUT_COST * out;
}
