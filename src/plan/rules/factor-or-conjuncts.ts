/**
 * Pulls the conjuncts that every branch of an OR shares out of it:
 * `(a AND b) OR (a AND c)` → `a AND (b OR c)`, exact in three-valued logic too (AND distributes
 * over OR in Kleene logic; a branch left empty makes the OR just `a`). Filter push-down then
 * sees `a` on its own: in TPC-H Q19 the join key `p_partkey = l_partkey` and two lineitem
 * conditions are in all three branches, so the join becomes a hash join instead of a nested loop
 * over lineitem × part.
 */
import type { BoundExpr } from '../logical.ts';
import { andAll, conjuncts, exprEquals, isVolatile } from '../plan-tree.ts';

/** One OR with its common conjuncts pulled out (the same object when there are none). */
function factorOr(e: BoundExpr & { kind: 'or' }): BoundExpr[] {
  const branches = e.args.map((a) => conjuncts(a));
  const [first, ...others] = branches;
  if (first === undefined || others.length === 0) return [e];
  const common = first.filter((c) => !isVolatile(c) && others.every((b) => b.some((x) => exprEquals(x, c))));
  if (common.length === 0) return [e];
  const rest: BoundExpr[] = [];
  for (const b of branches) {
    const left = b.filter((x) => !common.some((c) => exprEquals(x, c)));
    // a branch that was only common conjuncts is true whenever they are: the OR adds nothing
    if (left.length === 0) return common;
    rest.push(andAll(left)!);
  }
  return [...common, { kind: 'or', type: 'boolean', args: rest }];
}

/**
 * The conjuncts with every OR factored ({@link factorOr}); the same array when nothing changed.
 * @param cs - the conjuncts of a WHERE or ON condition
 */
export function factorOrConjuncts(cs: BoundExpr[]): BoundExpr[] {
  let out: BoundExpr[] | null = null;
  for (let i = 0; i < cs.length; i++) {
    const c = cs[i]!;
    const f = c.kind === 'or' ? factorOr(c) : null;
    if (f !== null && (f.length !== 1 || f[0] !== c)) {
      out ??= cs.slice(0, i);
      out.push(...f);
    } else if (out !== null) out.push(c);
  }
  return out ?? cs;
}
