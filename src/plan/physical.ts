/**
 * The physical planner: chooses algorithms for logical nodes (index vs sequential scan, hash
 * vs nested-loop join, top-k sort) and compiles their expressions against each operator's
 * input layout. The dispatch table covers every logical node kind (a missing handler fails
 * the build).
 */
import { DbError } from '../errors/db-error.ts';
import { SqlState } from '../errors/sqlstate.ts';
import { layoutOf, type Evaluator } from '../exec/expr/evaluator.ts';
import { compileExpr, compileFilter, type CompileEnv } from './compile-expr.ts';
import type { PhysicalOp } from '../exec/operator.ts';
import { DistinctOp } from '../exec/ops/distinct.ts';
import { FilterOp } from '../exec/ops/filter.ts';
import { GenerateSeriesOp } from '../exec/ops/function-scan.ts';
import { HashAggregateOp, type CompiledAgg } from '../exec/ops/hash-aggregate.ts';
import { HashJoinOp, NestedLoopJoinOp, type JoinOutput } from '../exec/ops/hash-join.ts';
import { LimitOp } from '../exec/ops/limit.ts';
import { ProjectOp } from '../exec/ops/project.ts';
import { CteScanOp, RecursiveCteOp } from '../exec/ops/recursive-cte.ts';
import { ScanOp, type IndexAccess } from '../exec/ops/scan.ts';
import { SetOpOp } from '../exec/ops/set-op.ts';
import { SortOp } from '../exec/ops/sort.ts';
import { ValuesOp, type ValuesCell } from '../exec/ops/values.ts';
import { WindowOp } from '../exec/ops/window.ts';
import { exprToString } from './explain.ts';
import type { BoundExpr, ColumnMeta, LogicalJoin, LogicalPlan, LogicalScan } from './logical.ts';
import { collectColumns, conjuncts, andAll, exprEquals, mapChildren } from './plan-tree.ts';
import { memoized, repeatedSubexpressions } from './shared-exprs.ts';
import { CardinalityEstimator } from './estimate/cardinality.ts';
import { EstimatedOp } from './estimated-op.ts';

type Handler<K extends LogicalPlan['kind']> = (p: Extract<LogicalPlan, { kind: K }>, planner: PhysicalPlanner) => PhysicalOp;

/** Turns logical plans into operators. */
export class PhysicalPlanner implements CompileEnv {
  /**
   * `est`: the statement's cardinality estimator (the one the optimizer used), for build sides
   * and EXPLAIN's estimated rows.
   */
  constructor(readonly columns: readonly ColumnMeta[], readonly est: CardinalityEstimator = new CardinalityEstimator(null)) {}

  /** Compiles a logical plan; the operator shows its estimated rows in EXPLAIN. */
  compilePlan(plan: LogicalPlan): PhysicalOp {
    const h = HANDLERS[plan.kind] as Handler<typeof plan.kind>;
    return this.annotate(h(plan as never, this), plan);
  }

  /** Wraps an operator so that EXPLAIN shows the estimated rows of `plan`. */
  annotate(op: PhysicalOp, plan: LogicalPlan): PhysicalOp {
    const est = this.est;
    return new EstimatedOp(op, () => est.rows(plan));
  }

  expr(e: BoundExpr, ids: readonly number[]): Evaluator {
    return compileExpr(e, layoutOf(ids), this);
  }

  filter(e: BoundExpr, ids: readonly number[]) {
    return compileFilter(e, layoutOf(ids), this);
  }

  text(e: BoundExpr): string {
    return exprToString(e, this.columns);
  }
}

/** True when an expression reads no column of the current row (constants, params, outer refs). */
function isRowConstant(e: BoundExpr): boolean {
  return collectColumns(e, new Set()).size === 0 && !hasVolatileOrSub(e);
}

function hasVolatileOrSub(e: BoundExpr): boolean {
  if (e.kind === 'subquery') return true;
  if (e.kind === 'func' && e.fn.volatile) return true;
  switch (e.kind) {
    case 'const': case 'param': case 'col': case 'outer': return false;
    case 'cast': case 'neg': return hasVolatileOrSub(e.arg);
    case 'arith': return hasVolatileOrSub(e.left) || hasVolatileOrSub(e.right);
    case 'func': return e.args.some(hasVolatileOrSub);
    default: return true;
  }
}

/** Types whose index key equality is exactly SQL's `=` (a covered conjunct need not run again). */
const EXACT_KEY_TYPES: ReadonlySet<string> = new Set(['integer', 'smallint', 'bigint', 'date']);

/**
 * Finds the best index access for a scan's filters. `covered`: the conjuncts an equality
 * lookup fully decides (a column of an exact-key type compared with a value of its own type),
 * which the scan then does not evaluate again.
 */
function chooseIndex(p: LogicalScan, planner: PhysicalPlanner): { access: IndexAccess; name: string; covered: readonly BoundExpr[] } | null {
  const storage = p.storage;
  if (storage.indexes.length === 0 || p.filters.length === 0) return null;
  const colOfId = new Map<number, number>();
  p.ids.forEach((id, i) => colOfId.set(id, p.cols[i]!));
  const eqs = new Map<number, BoundExpr>();
  const eqConj = new Map<number, BoundExpr>();
  const ins = new Map<number, readonly BoundExpr[]>();
  const ranges = new Map<number, { lo: BoundExpr | null; loInc: boolean; hi: BoundExpr | null; hiInc: boolean }>();
  const col = (e: BoundExpr): number | undefined => (e.kind === 'col' ? colOfId.get(e.id) : undefined);
  const all: BoundExpr[] = [];
  for (const f of p.filters) conjuncts(f, all);
  for (const c of all) {
    if (c.kind === 'cmp') {
      let column = col(c.left), other = c.right, op = c.op;
      if (column === undefined) {
        column = col(c.right); other = c.left;
        op = op === '<' ? '>' : op === '>' ? '<' : op === '<=' ? '>=' : op === '>=' ? '<=' : op;
      }
      if (column === undefined || !isRowConstant(other)) continue;
      if (op === '=') {
        eqs.set(column, other);
        if (c.left.type === c.right.type && EXACT_KEY_TYPES.has(c.left.type)) eqConj.set(column, c);
        else eqConj.delete(column);
      }
      else if (op !== '<>') {
        const r = ranges.get(column) ?? { lo: null, loInc: false, hi: null, hiInc: false };
        if (op === '>' || op === '>=') { r.lo = other; r.loInc = op === '>='; } else { r.hi = other; r.hiInc = op === '<='; }
        ranges.set(column, r);
      }
    } else if (c.kind === 'in_list' && !c.negated) {
      const column = col(c.arg);
      if (column !== undefined && c.list.every(isRowConstant) && c.list.length <= 1000) ins.set(column, c.list);
    }
  }
  const compileConst = (e: BoundExpr) => planner.expr(e, []);
  let best: { access: IndexAccess; name: string; score: number; covered: readonly BoundExpr[] } | null = null;
  storage.indexes.forEach((ix, i) => {
    const cols = ix.columns;
    if (cols.every((c) => eqs.has(c))) {
      const score = ix.unique ? 100 : 90;
      if (best === null || score > best.score) {
        const covered = cols.every((c) => eqConj.has(c)) ? cols.map((c) => eqConj.get(c)!) : [];
        best = { access: { kind: 'eq', index: i, keys: cols.map((c) => compileConst(eqs.get(c)!)) }, name: ix.name, score, covered };
      }
      return;
    }
    const first = cols[0]!;
    if (cols.length === 1 && eqs.has(first)) return;
    if (cols.length === 1 && ins.has(first)) {
      const score = 80;
      if (best === null || score > best.score) best = { access: { kind: 'in', index: i, values: ins.get(first)!.map(compileConst) }, name: ix.name, score, covered: [] };
      return;
    }
    const r = ranges.get(first);
    if (r !== undefined) {
      const score = r.lo !== null && r.hi !== null ? 70 : 60;
      if (best === null || score > best.score) {
        best = {
          access: { kind: 'range', index: i, lo: r.lo === null ? null : compileConst(r.lo), loInclusive: r.loInc, hi: r.hi === null ? null : compileConst(r.hi), hiInclusive: r.hiInc },
          name: ix.name, score, covered: [],
        };
      }
    }
  });
  return best;
}

/**
 * The compile environment for expressions evaluated side by side over one batch (an
 * aggregate's arguments): a subexpression written more than once is computed once per batch.
 */
function sharingEnv(planner: PhysicalPlanner, exprs: readonly BoundExpr[], ids: readonly number[]): CompileEnv {
  const repeated = repeatedSubexpressions(exprs);
  if (repeated.length === 0) return planner;
  const made: { e: BoundExpr; ev: Evaluator }[] = [];
  const env: CompileEnv = {
    compilePlan: (q) => planner.compilePlan(q),
    shared: (e) => made.find((m) => exprEquals(m.e, e))?.ev,
  };
  // inner ones first (they were found after the expressions holding them), so outer ones use them
  for (let i = repeated.length - 1; i >= 0; i--) made.push({ e: repeated[i]!, ev: memoized(compileExpr(repeated[i]!, layoutOf(ids), env)) });
  return env;
}

const HANDLERS: { [K in LogicalPlan['kind']]: Handler<K> } = {
  scan(p, planner) {
    const colIds = p.rowIdId === undefined ? p.ids : p.ids.filter((id) => id !== p.rowIdId);
    const cols = p.rowIdId === undefined ? p.cols : p.cols.slice(0, colIds.length);
    const idx = chooseIndex(p, planner);
    let filters = p.filters;
    if (idx !== null && idx.covered.length > 0) {
      const all: BoundExpr[] = [];
      for (const f of p.filters) conjuncts(f, all);
      filters = all.filter((c) => !idx.covered.includes(c));
    }
    const pred = andAll(filters);
    const filter = pred === null ? null : planner.filter(pred, colIds);
    return new ScanOp(p.ids, p.storage, p.alias, cols, filter, filters.map((f) => planner.text(f)),
      idx?.access ?? null, p.rowIdId !== undefined, idx?.name ?? null, (idx?.covered ?? []).map((f) => planner.text(f)));
  },
  values(p, planner) {
    const types = p.ids.map((id) => planner.columns[id]!.type);
    // constants and parameters are read as they are; other cells get an evaluator
    const cell = (e: BoundExpr): ValuesCell => (e.kind === 'const' ? { value: e.value }
      : e.kind === 'param' && e.finalType === undefined ? { param: e.index } : planner.expr(e, []));
    return new ValuesOp(p.ids, types, p.rows.map((r) => r.map(cell)));
  },
  filter(p, planner) {
    const input = planner.compilePlan(p.input);
    const never = p.predicate.kind === 'const' && p.predicate.value !== true ? p.ids.map((id) => planner.columns[id]!.type) : null;
    return new FilterOp(p.ids, input, planner.filter(p.predicate, p.input.ids), planner.text(p.predicate), never);
  },
  project(p, planner) {
    const input = planner.compilePlan(p.input);
    return new ProjectOp(p.ids, input, p.exprs.map((e) => planner.expr(e, p.input.ids)), p.exprs.map((e) => planner.text(e)));
  },
  join(p0, planner) {
    const p = chooseBuildSide(p0, planner);
    const left = planner.compilePlan(p.left);
    const right = planner.compilePlan(p.right);
    const { leftKeys, rightKeys, residual } = splitKeys(p);
    const both = [...p.left.ids, ...p.right.ids];
    const res = andAll(residual);
    // the residual runs over candidate pairs holding only the columns it reads
    const resIds = res === null ? both : residualIds(res, both);
    const resFilter = res === null ? null : planner.filter(res, resIds);
    const resCols: JoinOutput = resIds === both ? null : resIds.map((id) => {
      const li = p.left.ids.indexOf(id);
      return li >= 0 ? { side: 0 as const, index: li } : { side: 1 as const, index: p.right.ids.indexOf(id) };
    });
    const text: string[] = [];
    if (leftKeys.length > 0) text.push(`Hash Cond: ${leftKeys.map((k, i) => `(${planner.text(k)} = ${planner.text(rightKeys[i]!)})`).join(' AND ')}`);
    if (res !== null) text.push(`${leftKeys.length > 0 ? 'Join Filter' : 'Join Filter'}: ${planner.text(res)}`);
    // the output columns (a subset after column pruning)
    const full = p.joinType === 'semi' || p.joinType === 'anti' ? p.left.ids : both;
    const out: JoinOutput = sameList(p.ids, full) ? null : p.ids.map((id) => {
      const li = p.left.ids.indexOf(id);
      return li >= 0 ? { side: 0 as const, index: li } : { side: 1 as const, index: p.right.ids.indexOf(id) };
    });
    if (leftKeys.length > 0) {
      return new HashJoinOp(p.ids, p.joinType, left, right,
        leftKeys.map((k) => planner.expr(k, p.left.ids)), rightKeys.map((k) => planner.expr(k, p.right.ids)), resFilter, text, out, resCols);
    }
    return new NestedLoopJoinOp(p.ids, p.joinType, left, right, resFilter, text, out, resCols);
  },
  aggregate(p, planner) {
    const input = planner.compilePlan(p.input);
    const ids = p.input.ids;
    const argEnv = sharingEnv(planner, p.aggs.flatMap((a) => a.args), ids);
    const aggs: CompiledAgg[] = p.aggs.map((a) => ({
      call: a,
      args: a.args.map((e) => compileExpr(e, layoutOf(ids), argEnv)),
      filter: a.filter === null ? null : planner.filter(a.filter, ids),
      orderBy: a.orderBy.map((k) => ({ ev: planner.expr(k.expr, ids), desc: k.desc, nullsFirst: k.nullsFirst })),
    }));
    const text: string[] = [];
    if (p.groups.length > 0) text.push(`Group Key: ${p.groups.map((g) => planner.text(g)).join(', ')}`);
    return new HashAggregateOp(p.ids, input, p.groups.map((g) => planner.expr(g, ids)), aggs, text);
  },
  window(p, planner) {
    const input = planner.compilePlan(p.input);
    const ids = p.input.ids;
    return new WindowOp(p.ids, input, p.calls.map((c) => ({
      call: c,
      args: c.args.map((e) => planner.expr(e, ids)),
      partitionBy: c.partitionBy.map((e) => planner.expr(e, ids)),
      orderBy: c.orderBy.map((k) => ({ ev: planner.expr(k.expr, ids), desc: k.desc, nullsFirst: k.nullsFirst })),
      filter: c.filter === null ? null : planner.expr(c.filter, ids),
      frameStart: c.frame?.start.offset ? planner.expr(c.frame.start.offset, []) : null,
      frameEnd: c.frame?.end.offset ? planner.expr(c.frame.end.offset, []) : null,
    })));
  },
  sort(p, planner) {
    const input = planner.compilePlan(p.input);
    return new SortOp(p.ids, input, p.keys.map((k) => ({ ev: planner.expr(k.expr, p.input.ids), desc: k.desc, nullsFirst: k.nullsFirst })),
      p.keys.map((k) => `${planner.text(k.expr)}${k.desc ? ' DESC' : ''}`));
  },
  limit(p, planner) {
    const lim = p.limit === null ? null : planner.expr(p.limit, []);
    const off = p.offset === null ? null : planner.expr(p.offset, []);
    // LIMIT over ORDER BY (possibly through a projection): bounded top-k sort
    if (p.input.kind === 'sort' && lim !== null) {
      const s = p.input;
      const input = planner.compilePlan(s.input);
      const sortOp = new SortOp(s.ids, input, s.keys.map((k) => ({ ev: planner.expr(k.expr, s.input.ids), desc: k.desc, nullsFirst: k.nullsFirst })),
        s.keys.map((k) => `${planner.text(k.expr)}${k.desc ? ' DESC' : ''}`), { limit: lim, offset: off });
      return new LimitOp(p.ids, planner.annotate(sortOp, p), lim, off);
    }
    return new LimitOp(p.ids, planner.compilePlan(p.input), lim, off);
  },
  distinct(p, planner) {
    const input = planner.compilePlan(p.input);
    return new DistinctOp(p.ids, input, p.on.map((e) => planner.expr(e, p.input.ids)));
  },
  setop(p, planner) {
    return new SetOpOp(p.ids, p.op, p.all, planner.compilePlan(p.left), planner.compilePlan(p.right));
  },
  cte_scan(p) {
    return new CteScanOp(p.ids, p.slot);
  },
  recursive_cte(p, planner) {
    return new RecursiveCteOp(p.ids, p.slot, planner.compilePlan(p.anchor), planner.compilePlan(p.recursive), p.unionAll);
  },
  function_scan(p, planner) {
    const t = planner.columns[p.ids[0]!]!.type;
    if (p.name !== 'generate_series') throw new DbError(SqlState.UNDEFINED_FUNCTION, `function ${p.name} does not exist`);
    return new GenerateSeriesOp(p.ids, t, p.args.map((a) => planner.expr(a, [])));
  },
};

/**
 * The join input columns a residual condition reads, in input order; `both` itself (every
 * column) when the condition holds a subquery, whose evaluation may read the whole row.
 */
function residualIds(res: BoundExpr, both: readonly number[]): readonly number[] {
  let sub = false;
  const walk = (e: BoundExpr): BoundExpr => {
    if (e.kind === 'subquery') sub = true;
    else if (!sub) mapChildren(e, walk);
    return e;
  };
  walk(res);
  if (sub) return both;
  const used = collectColumns(res, new Set());
  const ids = both.filter((id) => used.has(id));
  return ids.length === both.length ? both : ids;
}

/** A join condition's equality keys (left side, right side) and the rest. */
function splitKeys(p: LogicalJoin): { leftKeys: BoundExpr[]; rightKeys: BoundExpr[]; residual: BoundExpr[] } {
  const lids = new Set(p.left.ids), rids = new Set(p.right.ids);
  const leftKeys: BoundExpr[] = [], rightKeys: BoundExpr[] = [], residual: BoundExpr[] = [];
  const inL = (s: Set<number>) => s.size > 0 && [...s].every((x) => lids.has(x));
  const inR = (s: Set<number>) => s.size > 0 && [...s].every((x) => rids.has(x));
  for (const c of conjuncts(p.on)) {
    if (c.kind === 'cmp' && c.op === '=' && !hasSub(c)) {
      const lc = collectColumns(c.left, new Set()), rc = collectColumns(c.right, new Set());
      if (inL(lc) && inR(rc)) { leftKeys.push(c.left); rightKeys.push(c.right); continue; }
      if (inR(lc) && inL(rc)) { leftKeys.push(c.right); rightKeys.push(c.left); continue; }
    }
    residual.push(c);
  }
  return { leftKeys, rightKeys, residual };
}

const FLIPPED = { inner: 'inner', left: 'right', right: 'left', full: 'full' } as const;

/**
 * The hash join builds its table on the right input: an inner or outer join whose right input
 * is estimated larger than its left has its inputs swapped (LEFT becomes RIGHT and back), so
 * the build side is the smaller one. The output columns keep their ids and order.
 */
function chooseBuildSide(p: LogicalJoin, planner: PhysicalPlanner): LogicalJoin {
  if (p.on === null || !(p.joinType in FLIPPED) || splitKeys(p).leftKeys.length === 0) return p;
  const est = planner.est;
  if (est.rows(p.right) <= est.rows(p.left)) return p;
  const joinType = FLIPPED[p.joinType as keyof typeof FLIPPED];
  return { ...p, joinType, left: p.right, right: p.left };
}

function sameList(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function hasSub(e: BoundExpr): boolean {
  return e.kind === 'subquery' || (e.kind === 'cmp' && (hasSub(e.left) || hasSub(e.right)));
}
