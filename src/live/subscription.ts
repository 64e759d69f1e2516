/**
 * One live query: who runs it, its SQL and plan, how it is maintained (incrementally from
 * change sets, or by re-running and diffing), the partitions it watches, where its events go,
 * and its `system.live` counters.
 */
import type * as A from '../sql/ast.ts';
import type { ColumnInfo, LiveSink } from '../api/engine-api.ts';
import type { ExecContext } from '../exec/context.ts';
import type { TableStorage } from '../storage/table-storage.ts';
import type { JsValue } from '../types/vector.ts';
import type { ResultState } from './diff.ts';
import type { LivePlan, Subscriber } from './host.ts';
import type { EqualityProbe, IncrementalMatcher, LiveDelta } from './incremental.ts';
import { keyOfValues } from './values.ts';

/** How an incremental subscription is maintained. */
export interface IncrementalState {
  readonly matcher: IncrementalMatcher;
  readonly probe: EqualityProbe | null;
  /** The context the matcher evaluates in (parameters, user). */
  readonly ctx: ExecContext;
}

/** How a re-evaluated subscription is maintained: the previous run's rows. */
export interface ReevaluatedState {
  /** Positions of the result key columns, or null (whole-row multiset). */
  keyPos: number[] | null;
  state: ResultState;
}

/** One partition change's outcome for a subscription: its change, nothing (null), or the error that ends it. */
export type MatchOutcome = LiveDelta | null | { readonly error: unknown };

/**
 * What identical subscriptions (one signature) share while a partition change is matched: the
 * outcome, computed once for all of them. A matching pass stamps the slots it fills, so no map
 * of signatures is needed per commit.
 */
export class SignatureSlot {
  /** The matching pass that computed {@link outcome} (0: none yet). */
  stamp = 0;
  /** The matching pass that already queued this signature for a group (dedupe). */
  queued = 0;
  outcome: MatchOutcome = null;
  /** Open subscriptions sharing the slot. */
  refs = 0;
}

/** A partition a subscription watches. */
export interface Watched {
  readonly storage: TableStorage;
  /** The partition key (the subscriber for user and stream tables, `''` for shared ones). */
  readonly key: string;
}

/** One live query. */
export class Subscription {
  /** Changes delivered so far (`system.live`). */
  changes = 0;
  /** Set once the subscription has ended (no more events). */
  ended = false;
  /** Partitions watched (set when registered in the index). */
  watched: readonly Watched[] = [];
  /**
   * Subscriptions with the same signature (user, role, namespace, SQL text, parameters) have
   * the same result: a commit computes their change once and delivers it to each.
   */
  readonly signature: string;
  /** The slot this subscription shares with every identical one (the registry interns it by {@link signature}). */
  slot = new SignatureSlot();

  constructor(
    readonly id: string,
    readonly who: Subscriber,
    readonly sql: string,
    readonly stmt: A.Statement,
    readonly query: A.Query,
    /** Parameters bound to the plan's types (index 0 unused). */
    readonly params: readonly JsValue[],
    public plan: LivePlan,
    readonly columns: readonly ColumnInfo[],
    public incremental: IncrementalState | null,
    public reevaluated: ReevaluatedState | null,
    readonly sink: LiveSink,
    readonly createdAt: number,
  ) {
    this.signature = `${who.user}\u0000${who.role}\u0000${who.namespace}\u0000${sql}\u0000${keyOfValues(params)}`;
  }
}

/** The partitions a plan's tables make a subscriber watch. */
export function watchedPartitions(tables: readonly TableStorage[], user: string): Watched[] {
  const out: Watched[] = [];
  for (const t of tables) {
    const key = t.partitionKey({ user, role: '' });
    if (!out.some((w) => w.storage === t && w.key === key)) out.push({ storage: t, key });
  }
  return out;
}
