/**
 * Common subexpressions of an aggregate's arguments, evaluated once per input batch: TPC-H Q1
 * sums `l_extendedprice * (1 - l_discount)` and that product times `(1 + l_tax)`, so the
 * product (NUMERIC arithmetic over every row) was computed twice. An expression written more
 * than once among the arguments — arithmetic, a cast or a non-volatile function call, reading no
 * outer column and no subquery — compiles to one evaluator that keeps its last result while the
 * batch, the selection and the statement are the same ones (the result is dropped with its batch).
 */
import type { Batch, Selection, Vector } from '../types/vector.ts';
import type { Evaluator } from '../exec/expr/evaluator.ts';
import type { ExecContext } from '../exec/context.ts';
import type { BoundExpr } from './logical.ts';
import { exprEquals, exprSome, mapChildren } from './plan-tree.ts';

/** True for an expression worth sharing: computed per row, the same for the same row. */
function shareable(e: BoundExpr): boolean {
  if (e.kind !== 'arith' && e.kind !== 'cast' && e.kind !== 'func' && e.kind !== 'neg') return false;
  return !exprSome(e, (x) => x.kind === 'outer' || x.kind === 'subquery' || (x.kind === 'func' && x.fn.volatile));
}

/** The subexpressions of `roots` that occur more than once (largest first, each listed once). */
export function repeatedSubexpressions(roots: readonly BoundExpr[]): BoundExpr[] {
  const seen: { e: BoundExpr; n: number }[] = [];
  const visit = (e: BoundExpr): void => {
    if (shareable(e)) {
      const hit = seen.find((s) => exprEquals(s.e, e));
      if (hit !== undefined) { hit.n++; return; }   // its parts are counted with the first occurrence
      seen.push({ e, n: 1 });
    }
    mapChildren(e, (c) => { visit(c); return c; });
  };
  for (const r of roots) visit(r);
  return seen.filter((s) => s.n > 1).map((s) => s.e);
}

/** An evaluator that returns its last result again for the same batch, selection and statement. */
export function memoized(ev: Evaluator): Evaluator {
  const last = new WeakMap<Batch, { sel: Selection; ctx: ExecContext; v: Vector }>();
  return (b, sel, ctx) => {
    const hit = last.get(b);
    if (hit !== undefined && hit.sel === sel && hit.ctx === ctx) return hit.v;
    const v = ev(b, sel, ctx);
    last.set(b, { sel, ctx, v });
    return v;
  };
}
