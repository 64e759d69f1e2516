/**
 * Predicate push-down: moves WHERE/ON conjuncts as close to the scans as their columns
 * allow — into scans (where they can pick an index), into the matching side of joins (turning
 * cross joins with a connecting predicate into inner joins), through projections and below
 * aggregates when they only read grouping keys. Outer joins only accept conjuncts on their
 * preserved side. Returns the same object when nothing changed.
 */
import type { BoundExpr, LogicalPlan } from '../logical.ts';
import { andAll, collectColumns, conjuncts, isVolatile, mapChildren, remapOuter } from '../plan-tree.ts';

function colsOf(e: BoundExpr): Set<number> {
  return collectColumns(e, new Set(), false);
}

function subset(a: Set<number>, ids: ReadonlySet<number>): boolean {
  for (const x of a) if (!ids.has(x)) return false;
  return true;
}

/**
 * Replaces column refs by the projection's expressions, inside subqueries too: a subquery's IN
 * operand is substituted, and its correlated references to projected columns are renamed to the
 * input columns they come from. Null when not substitutable (a correlation with a computed
 * projection column, which a subquery plan cannot read as an outer value).
 */
function substitute(e: BoundExpr, map: ReadonlyMap<number, BoundExpr>): BoundExpr | null {
  if (e.kind === 'col') return map.get(e.id) ?? e;
  if (e.kind === 'subquery') {
    const remap = new Map<number, number>();
    for (const id of e.correlated) {
      const m = map.get(id);
      if (m === undefined) continue;
      if (m.kind !== 'col') return null;
      if (m.id !== id) remap.set(id, m.id);
    }
    const arg = e.arg === null ? null : substitute(e.arg, map);
    if (e.arg !== null && arg === null) return null;
    if (remap.size === 0) return arg === e.arg ? e : { ...e, arg };
    return { ...e, arg, plan: remapOuter(e.plan, remap), correlated: e.correlated.map((id) => remap.get(id) ?? id) };
  }
  let failed = false;
  const out = mapChildren(e, (c) => {
    if (failed) return c;
    const r = substitute(c, map);
    if (r === null) { failed = true; return c; }
    return r;
  });
  return failed ? null : out;
}

function hasSubquery(e: BoundExpr): boolean {
  if (e.kind === 'subquery') return true;
  let found = false;
  mapChildren(e, (c) => { if (!found && hasSubquery(c)) found = true; return c; });
  return found;
}

/** Rewrites a plan with filters pushed down. */
export function pushDownFilters(plan: LogicalPlan): LogicalPlan {
  switch (plan.kind) {
    case 'filter': {
      const input = pushDownFilters(plan.input);
      const { plan: pushed, rest } = pushInto(input, conjuncts(plan.predicate));
      const pred = andAll(rest);
      if (pred === null) return pushed;
      if (pushed === plan.input && pred === plan.predicate) return plan;
      return { kind: 'filter', input: pushed, predicate: pred, ids: plan.ids };
    }
    case 'join': {
      const left = pushDownFilters(plan.left);
      const right = pushDownFilters(plan.right);
      let j: LogicalPlan = left === plan.left && right === plan.right ? plan : { ...plan, left, right };
      if (plan.on !== null && (plan.joinType === 'inner' || plan.joinType === 'left' || plan.joinType === 'right' || plan.joinType === 'semi' || plan.joinType === 'anti')) {
        const jj = j as typeof plan;
        const { plan: pushed, rest } = pushIntoJoinOn(jj, conjuncts(plan.on));
        j = pushed === jj && andAll(rest) === plan.on ? jj : { ...(pushed as typeof plan), on: andAll(rest) };
      }
      return j;
    }
    case 'project': { const input = pushDownFilters(plan.input); return input === plan.input ? plan : { ...plan, input }; }
    case 'aggregate': { const input = pushDownFilters(plan.input); return input === plan.input ? plan : { ...plan, input }; }
    case 'window': { const input = pushDownFilters(plan.input); return input === plan.input ? plan : { ...plan, input }; }
    case 'sort': { const input = pushDownFilters(plan.input); return input === plan.input ? plan : { ...plan, input }; }
    case 'limit': { const input = pushDownFilters(plan.input); return input === plan.input ? plan : { ...plan, input }; }
    case 'distinct': { const input = pushDownFilters(plan.input); return input === plan.input ? plan : { ...plan, input }; }
    case 'setop': {
      const left = pushDownFilters(plan.left), right = pushDownFilters(plan.right);
      return left === plan.left && right === plan.right ? plan : { ...plan, left, right };
    }
    case 'recursive_cte': {
      const anchor = pushDownFilters(plan.anchor), recursive = pushDownFilters(plan.recursive);
      return anchor === plan.anchor && recursive === plan.recursive ? plan : { ...plan, anchor, recursive };
    }
    case 'scan': case 'values': case 'cte_scan': case 'function_scan':
      return plan;
  }
}

/** ON-clause conjuncts of a join: one-sided ones go into that side where the join type allows. */
function pushIntoJoinOn(j: LogicalPlan & { kind: 'join' }, cs: BoundExpr[]): { plan: LogicalPlan; rest: BoundExpr[] } {
  const lids = new Set(j.left.ids), rids = new Set(j.right.ids);
  const toLeft: BoundExpr[] = [], toRight: BoundExpr[] = [], rest: BoundExpr[] = [];
  for (const c of cs) {
    const cols = colsOf(c);
    const canLeft = j.joinType === 'inner' || j.joinType === 'right';
    const canRight = j.joinType === 'inner' || j.joinType === 'left' || j.joinType === 'semi' || j.joinType === 'anti';
    if (cols.size > 0 && subset(cols, lids) && canLeft && !isVolatile(c)) toLeft.push(c);
    else if (cols.size > 0 && subset(cols, rids) && canRight && !isVolatile(c)) toRight.push(c);
    else rest.push(c);
  }
  if (toLeft.length === 0 && toRight.length === 0) return { plan: j, rest };
  const left = toLeft.length > 0 ? pushInto(j.left, toLeft) : { plan: j.left, rest: [] };
  const right = toRight.length > 0 ? pushInto(j.right, toRight) : { plan: j.right, rest: [] };
  const l = wrapFilter(left.plan, left.rest), r = wrapFilter(right.plan, right.rest);
  return { plan: { ...j, left: l, right: r }, rest };
}

function wrapFilter(p: LogicalPlan, rest: BoundExpr[]): LogicalPlan {
  const pred = andAll(rest);
  return pred === null ? p : { kind: 'filter', input: p, predicate: pred, ids: p.ids };
}

/** Pushes conjuncts into a plan; returns what could not be pushed. */
function pushInto(p: LogicalPlan, cs: BoundExpr[]): { plan: LogicalPlan; rest: BoundExpr[] } {
  if (cs.length === 0) return { plan: p, rest: [] };
  switch (p.kind) {
    case 'scan': {
      const ids = new Set(p.ids);
      const take: BoundExpr[] = [], rest: BoundExpr[] = [];
      for (const c of cs) (subset(colsOf(c), ids) ? take : rest).push(c);
      if (take.length === 0) return { plan: p, rest };
      return { plan: { ...p, filters: [...p.filters, ...take] }, rest };
    }
    case 'join': {
      const lids = new Set(p.left.ids), rids = new Set(p.right.ids);
      const toLeft: BoundExpr[] = [], toRight: BoundExpr[] = [], toOn: BoundExpr[] = [], rest: BoundExpr[] = [];
      const inner = p.joinType === 'inner' || p.joinType === 'cross';
      for (const c of cs) {
        const cols = colsOf(c);
        const vol = isVolatile(c) && !hasSubquery(c);
        if (subset(cols, lids) && (inner || p.joinType === 'left' || p.joinType === 'semi' || p.joinType === 'anti') && !vol) toLeft.push(c);
        else if (subset(cols, rids) && (inner || p.joinType === 'right') && !vol) toRight.push(c);
        else if (inner && !vol) toOn.push(c);
        else rest.push(c);
      }
      const left = pushInto(p.left, toLeft), right = pushInto(p.right, toRight);
      const l = wrapFilter(left.plan, left.rest), r = wrapFilter(right.plan, right.rest);
      let on = p.on;
      let joinType = p.joinType;
      if (toOn.length > 0) {
        on = andAll([...conjuncts(p.on), ...toOn]);
        if (joinType === 'cross') joinType = 'inner';
      }
      return { plan: { ...p, left: l, right: r, on, joinType }, rest };
    }
    case 'project': {
      const map = new Map<number, BoundExpr>();
      p.exprs.forEach((e, i) => map.set(p.ids[i]!, e));
      const ids = new Set(p.ids);
      const take: BoundExpr[] = [], rest: BoundExpr[] = [];
      for (const c of cs) {
        const cols = colsOf(c);
        const ok = subset(cols, ids) && [...cols].every((id) => { const e = map.get(id)!; return !isVolatile(e); });
        const sub = ok ? substitute(c, map) : null;
        if (sub !== null) take.push(sub); else rest.push(c);
      }
      if (take.length === 0) return { plan: p, rest };
      const inner = pushInto(p.input, take);
      return { plan: { ...p, input: wrapFilter(inner.plan, inner.rest) }, rest };
    }
    case 'aggregate': {
      const map = new Map<number, BoundExpr>();
      p.groups.forEach((e, i) => map.set(p.groupIds[i]!, e));
      const take: BoundExpr[] = [], rest: BoundExpr[] = [];
      for (const c of cs) {
        const cols = colsOf(c);
        const ok = p.groups.length > 0 && cols.size > 0 && [...cols].every((id) => map.has(id) && !isVolatile(map.get(id)!)) && !hasSubquery(c);
        const sub = ok ? substitute(c, map) : null;
        if (sub !== null) take.push(sub); else rest.push(c);
      }
      if (take.length === 0) return { plan: p, rest };
      const inner = pushInto(p.input, take);
      return { plan: { ...p, input: wrapFilter(inner.plan, inner.rest) }, rest };
    }
    case 'filter': {
      const inner = pushInto(p.input, [...conjuncts(p.predicate), ...cs]);
      return { plan: wrapFilter(inner.plan, inner.rest), rest: [] };
    }
    default:
      return { plan: p, rest: cs };
  }
}
