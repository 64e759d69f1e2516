/**
 * One partition change matched against the incremental subscriptions it may affect: each
 * subscription's change of its result (or the error that ends it). Work is shared three ways:
 *
 * - identical subscriptions (same user, role, namespace, SQL and parameters: one signature)
 *   are evaluated once;
 * - subscriptions of one plan and user that differ only in their parameters are filtered
 *   together, by one run of a {@link GroupFilter} over the changed rows × their parameters;
 * - when their projections read no parameter, those with the same matching rows share one
 *   change (one set of row vectors, which the worker channel then encodes once).
 *
 * Anything the group cannot decide (a filter it cannot rewrite, too many changed rows, a member
 * without all its parameters, an error in the cross evaluation) falls back to the
 * subscription's own matcher, so every subscription gets exactly what its own filter gives.
 *
 * @example
 * ```ts
 * const outcomes = matchAll(candidates, new ChangeView(change), (who, params) => host.context(who, params));
 * outcomes[i];   // LiveDelta, null (unchanged), { error }, or undefined (ended / not incremental)
 * ```
 */
import type { ExecContext } from '../exec/context.ts';
import type { JsValue } from '../types/vector.ts';
import type { ChangeView } from './change-view.ts';
import type { LivePlan, Subscriber } from './host.ts';
import { GroupFilter, MAX_CROSS_ROWS } from './shape-group.ts';
import type { MatchOutcome, Subscription } from './subscription.ts';

export type { MatchOutcome } from './subscription.ts';

/** A fresh execution context for a grouped evaluation. */
export type ContextFactory = (who: Subscriber, params: readonly JsValue[]) => ExecContext;

/** Changed rows (new plus old images) above which a group's members are filtered one by one. */
const MAX_GROUPED_ROWS = MAX_CROSS_ROWS / 4;

/** The current matching pass (stamps the signature slots it fills). */
let pass = 0;

/**
 * The outcome for each of `subs` (same order); undefined for ended and re-evaluated ones.
 * `context` makes the context a grouped filter runs in.
 */
export function matchAll(subs: readonly Subscription[], view: ChangeView, context: ContextFactory): (MatchOutcome | undefined)[] {
  const out = new Array<MatchOutcome | undefined>(subs.length);
  const stamp = ++pass;
  if (subs.length === 1) {
    const s = subs[0]!;
    if (!s.ended && s.incremental !== null) out[0] = alone(s, view, stamp);
    return out;
  }
  // plan → user → positions in subs
  const groups = new Map<LivePlan, Map<string, number[]>>();
  for (let i = 0; i < subs.length; i++) {
    const s = subs[i]!;
    if (s.ended || s.incremental === null) continue;
    let byUser = groups.get(s.plan);
    if (byUser === undefined) {
      byUser = new Map();
      groups.set(s.plan, byUser);
    }
    const list = byUser.get(s.who.user);
    if (list === undefined) byUser.set(s.who.user, [i]);
    else list.push(i);
  }
  for (const byUser of groups.values()) {
    for (const list of byUser.values()) {
      if (list.length > 1) together(list.map((i) => subs[i]!), view, stamp, context);
      for (const i of list) out[i] = alone(subs[i]!, view, stamp);
    }
  }
  return out;
}

/** A subscription's outcome: its signature's from this pass (computed by a group or an identical subscription), else its own matcher's. */
function alone(s: Subscription, view: ChangeView, stamp: number): MatchOutcome {
  const slot = s.slot;
  if (slot.stamp === stamp) return slot.outcome;
  const inc = s.incremental!;
  let d: MatchOutcome;
  try {
    d = inc.matcher.match(view, inc.ctx);
  } catch (e) {
    d = { error: e };
  }
  slot.stamp = stamp;
  slot.outcome = d;
  return d;
}

/** Records a signature's outcome for this pass. */
function settle(s: Subscription, stamp: number, d: MatchOutcome): void {
  s.slot.stamp = stamp;
  s.slot.outcome = d;
}

/** Text of two position lists (which rows matched), to find members with the same matches. */
function matchKey(a: Int32Array, b: Int32Array): string {
  return `${a.join(',')}/${b.join(',')}`;
}

/**
 * Filters the members of one plan and user together and settles each distinct signature's
 * outcome for this pass; members it cannot decide are left out (their own matcher runs).
 */
function together(members: readonly Subscription[], view: ChangeView, stamp: number, context: ContextFactory): void {
  const first = members[0]!;
  const g = GroupFilter.of(first.plan);
  if (g === null) return;
  const reps: Subscription[] = [];
  for (const s of members) {
    const slot = s.slot;
    if (slot.stamp === stamp || slot.queued === stamp || s.params.length <= g.maxParam) continue;
    slot.queued = stamp;
    reps.push(s);
  }
  if (reps.length < 2) return;
  const matcher = first.incremental!.matcher;
  const rows = matcher.changedRows(view);
  if (rows === null) {
    for (const s of reps) settle(s, stamp, null);
    return;
  }
  if (rows.newSel.length + rows.oldSel.length > MAX_GROUPED_ROWS) return;
  view.need(matcher.needs);
  let matchNew: Int32Array[], matchOld: Int32Array[];
  try {
    const ctx = context(first.who, first.params);
    const params = reps.map((s) => s.params);
    matchNew = g.run(view.newBatch, rows.newSel, params, ctx);
    matchOld = g.run(view.oldBatch, rows.oldSel, params, ctx);
  } catch {
    return;   // each member's own filter decides (and raises its own error)
  }
  const shared = g.sharedProjection ? new Map<string, MatchOutcome>() : null;
  let lastNew: Int32Array | null = null, lastOld: Int32Array | null = null, last: MatchOutcome = null;
  for (let k = 0; k < reps.length; k++) {
    const s = reps[k]!;
    const mn = matchNew[k]!, mo = matchOld[k]!;
    if (mn.length === 0 && mo.length === 0) {
      settle(s, stamp, null);
      continue;
    }
    if (shared !== null && mn === lastNew && mo === lastOld) {
      settle(s, stamp, last);
      continue;
    }
    const key = shared === null ? '' : matchKey(mn, mo);
    let d = shared?.get(key);
    if (d === undefined) {
      const inc = s.incremental!;
      try {
        d = inc.matcher.delta(view, mn, mo, inc.ctx);
      } catch (e) {
        d = { error: e };
      }
      shared?.set(key, d);
    }
    settle(s, stamp, d);
    lastNew = mn;
    lastOld = mo;
    last = d;
  }
}
