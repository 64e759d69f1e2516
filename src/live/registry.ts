/**
 * The live-query registry: every subscription of one engine, the index that routes a commit's
 * changes to the subscriptions they may affect, and the commit listener that turns each commit
 * into at most one change event per affected subscription.
 *
 * - **Subscribe**: the query is planned as the subscriber (their user, role and namespace; a
 *   table they may not read fails with 42501), run once for the initial rows, and classified:
 *   filter-and-project queries over one table are maintained incrementally
 *   (`incremental.ts`), everything else is re-run and diffed (`diff.ts`) when a table it reads
 *   changed in a partition the subscriber can see.
 * - **Commit**: catalog changes first (a dropped table ends its subscriptions with 42P01; an
 *   ALTER re-plans them, or ends them when the result's columns change or the query no longer
 *   binds; a new access level is checked again), then row changes partition by partition.
 * - **Delivery** is synchronous, in commit order, through each subscription's sink; an event
 *   raised while another is being delivered (a sink that writes) is queued behind it.
 * - The registry listens to the commit pipeline only while it holds a subscription, so an
 *   engine without live queries pays nothing for them.
 *
 * @example
 * ```ts
 * const live = new LiveRegistry(host, { maxPerSession: 100 });
 * const id = live.subscribe(who, 'SELECT * FROM t WHERE a = $1', stmt, [1], sink);   // sink got 'initial'
 * live.unsubscribe(who.sessionId, id);
 * ```
 */
import type * as A from '../sql/ast.ts';
import type { ColumnInfo, LiveEvent, LiveSink } from '../api/engine-api.ts';
import { DbError, toDbError } from '../errors/db-error.ts';
import { SqlState } from '../errors/sqlstate.ts';
import { atLeast, checkRead } from '../auth/privileges.ts';
import type { LiveRecord } from '../catalog/providers/system-tables.ts';
import type { ChangeSet } from '../storage/change-set.ts';
import type { TableStorage } from '../storage/table-storage.ts';
import type { Batch, Vector } from '../types/vector.ts';
import { ChangeView } from './change-view.ts';
import { diffResults, snapshot } from './diff.ts';
import type { LiveHost, LivePlan, Subscriber } from './host.ts';
import { equalityProbe, incrementalShape, IncrementalMatcher, type LiveDelta } from './incremental.ts';
import { matchAll } from './match-all.ts';
import { resultKey } from './result-key.ts';
import { SubscriptionIndex } from './subscription-index.ts';
import { SignatureSlot, Subscription, watchedPartitions, type IncrementalState } from './subscription.ts';
import { ownVector } from './values.ts';

/** Options of a {@link LiveRegistry}. */
export interface LiveOptions {
  /** Live queries one session may hold at once. */
  readonly maxPerSession: number;
}

/** ALTER actions that leave a plan's column positions and types as they were. */
const KEEPS_PLAN: ReadonlySet<string> = new Set(['rename_table', 'set_default', 'drop_default', 'set_not_null', 'drop_not_null', 'set_access_level']);

function allPositions(n: number): Int32Array {
  const s = new Int32Array(n);
  for (let i = 0; i < n; i++) s[i] = i;
  return s;
}

/** Owned, typed copies of a batch's columns (rows `from` … end). */
function ownBatch(columns: readonly ColumnInfo[], b: Batch, from = 0): Vector[] {
  const sel = allPositions(b.length - from).map((i) => i + from);
  return b.columns.map((v, c) => ownVector(v, columns[c]!.type, sel));
}

function sameColumns(a: readonly ColumnInfo[], b: readonly ColumnInfo[]): boolean {
  return a.length === b.length && a.every((c, i) => c.name === b[i]!.name && c.type === b[i]!.type);
}

/** The query and the `last_rows` option of a `SUBSCRIBE TO` statement or a plain query. */
function subscribedQuery(stmt: A.Statement): { query: A.Query; lastRows: number | null } {
  if (stmt.kind === 'query') return { query: stmt.query, lastRows: null };
  if (stmt.kind !== 'subscribe') {
    throw new DbError(SqlState.FEATURE_NOT_SUPPORTED, `cannot subscribe to a ${stmt.kind.replace(/_/g, ' ').toUpperCase()} statement`, {
      hint: 'Live queries take a SELECT (or SUBSCRIBE TO SELECT …).',
    });
  }
  let lastRows: number | null = null;
  for (const o of stmt.options) {
    if (o.key.toLowerCase() !== 'last_rows') {
      throw new DbError(SqlState.INVALID_PARAMETER_VALUE, `unrecognized subscription option "${o.key}"`, { position: o.pos + 1, hint: 'Known options: LAST_ROWS.' });
    }
    const n = typeof o.value === 'number' ? o.value : Number(o.value);
    if (!Number.isInteger(n) || n < 0) throw new DbError(SqlState.INVALID_PARAMETER_VALUE, 'LAST_ROWS must be a non-negative integer', { position: o.pos + 1 });
    lastRows = n;
  }
  return { query: stmt.query, lastRows };
}

/** A change event of a subscription. */
function changeEvent(sub: Subscription, d: LiveDelta): LiveEvent {
  return { kind: 'change', subscription: sub.id, deletes: d.deletes, updates: d.updates, updatesOld: d.updatesOld, inserts: d.inserts };
}

/** Every live query of one engine. */
export class LiveRegistry {
  private readonly subs = new Map<string, Subscription>();
  private readonly bySession = new Map<string, Set<Subscription>>();
  private readonly index = new SubscriptionIndex();
  /** The slots identical subscriptions share, by signature. */
  private readonly slots = new Map<string, SignatureSlot>();
  private unlisten: (() => void) | null = null;
  private nextId = 1;
  /** Events waiting for delivery (a sink may raise more while it is called): subscriptions and their events. */
  private readonly queueSubs: Subscription[] = [];
  private readonly queueEvents: LiveEvent[] = [];
  private delivering = false;

  constructor(private readonly host: LiveHost, private readonly options: LiveOptions) {}

  /** Number of open subscriptions. */
  get size(): number {
    return this.subs.size;
  }

  /**
   * Starts a live query for `who`: plans and runs it, delivers the initial rows to `sink`, and
   * returns the subscription id. Fails (and registers nothing) on any error.
   */
  subscribe(who: Subscriber, sql: string, stmt: A.Statement, params: readonly unknown[], sink: LiveSink): string {
    const mine = this.bySession.get(who.sessionId);
    if (mine !== undefined && mine.size >= this.options.maxPerSession) {
      throw new DbError(SqlState.CONFIGURATION_LIMIT_EXCEEDED, `too many live queries for this session (limit ${this.options.maxPerSession})`, {
        hint: 'Unsubscribe from live queries that are no longer needed.',
      });
    }
    const { query, lastRows } = subscribedQuery(stmt);
    const plan = this.host.plan(who, stmt, query);
    const sys = plan.tables.find((t) => t.def.kind === 'system');
    if (sys !== undefined) {
      throw new DbError(SqlState.FEATURE_NOT_SUPPORTED, `live queries over system tables are not supported (system.${sys.def.name})`, { hint: 'Query the system table instead.' });
    }
    const bound = this.host.bindParams(plan.paramTypes, params);
    const ctx = this.host.context(who, bound);
    const first = plan.op.run(ctx);
    const id = `live-${this.nextId++}`;
    const shape = incrementalShape(plan.plan);
    let incremental: IncrementalState | null = null;
    let reevaluated = null;
    if (shape !== null) {
      incremental = { matcher: new IncrementalMatcher(shape, shape.scan.def, plan.columns), probe: equalityProbe(shape, bound), ctx };
    } else {
      const keyPos = resultKey(plan.plan);
      reevaluated = { keyPos, state: snapshot(first.columns, first.length, keyPos) };
    }
    const sub = new Subscription(id, who, sql, stmt, query, bound, plan, plan.columns, incremental, reevaluated, sink, this.host.now());
    sub.watched = watchedPartitions(plan.tables, who.user);
    const skip = lastRows !== null && first.length > lastRows ? first.length - lastRows : 0;
    const vectors = ownBatch(plan.columns, first, skip);
    this.subs.set(id, sub);
    let slot = this.slots.get(sub.signature);
    if (slot === undefined) {
      slot = new SignatureSlot();
      this.slots.set(sub.signature, slot);
    }
    slot.refs++;
    sub.slot = slot;
    let set = this.bySession.get(who.sessionId);
    if (set === undefined) {
      set = new Set();
      this.bySession.set(who.sessionId, set);
    }
    set.add(sub);
    this.index.add(sub);
    this.unlisten ??= this.host.listen((cs) => this.onCommit(cs));
    this.emit(sub, { kind: 'initial', subscription: id, columns: plan.columns, rows: { length: first.length - skip, vectors, keys: null } });
    return id;
  }

  /** Ends one of a session's subscriptions silently (unknown ids are ignored: it may have ended already). */
  unsubscribe(sessionId: string, id: string): void {
    const sub = this.subs.get(id);
    if (sub === undefined || sub.who.sessionId !== sessionId) return;
    this.remove(sub);
  }

  /**
   * `KILL LIVE QUERY 'id'`: ends a subscription of one's own, or anyone's for dba and system
   * roles (42501 otherwise, 42704 for an unknown id). The subscriber gets 57014.
   */
  kill(id: string, by: { readonly user: string; readonly role: Subscriber['role'] }): void {
    const sub = this.subs.get(id);
    if (sub === undefined) throw new DbError(SqlState.UNDEFINED_OBJECT, `live query "${id}" does not exist`);
    if (sub.who.user !== by.user && !atLeast(by.role, 'dba')) {
      throw new DbError(SqlState.INSUFFICIENT_PRIVILEGE, `permission denied to kill live query "${id}"`, { hint: 'Only its owner, dba and system users may kill a live query.' });
    }
    this.fail(sub, new DbError(SqlState.QUERY_CANCELED, `live query "${id}" was killed by user "${by.user}"`));
  }

  /** Ends every subscription of a session silently (logout). */
  endSession(sessionId: string): void {
    const set = this.bySession.get(sessionId);
    if (set === undefined) return;
    for (const sub of [...set]) this.remove(sub);
  }

  /** Ends every subscription silently (the engine closes). */
  endAll(): void {
    for (const sub of [...this.subs.values()]) this.remove(sub);
  }

  /** The rows of `system.live`. */
  records(): LiveRecord[] {
    const out: LiveRecord[] = [];
    for (const s of this.subs.values()) {
      const t = s.plan.tables[0];
      out.push({
        subscriptionId: s.id, userId: s.who.user, namespaceId: t?.def.namespace ?? s.who.namespace, tableName: t?.def.name ?? '',
        query: s.sql, createdAt: s.createdAt, changes: s.changes,
      });
    }
    return out;
  }

  private remove(sub: Subscription): void {
    if (sub.ended) return;
    sub.ended = true;
    this.subs.delete(sub.id);
    const set = this.bySession.get(sub.who.sessionId);
    if (set !== undefined) {
      set.delete(sub);
      if (set.size === 0) this.bySession.delete(sub.who.sessionId);
    }
    this.index.remove(sub);
    if (--sub.slot.refs === 0) this.slots.delete(sub.signature);
    if (this.subs.size === 0 && this.unlisten !== null) {
      this.unlisten();
      this.unlisten = null;
    }
  }

  /** Ends a subscription and tells its subscriber why. */
  private fail(sub: Subscription, e: unknown): void {
    if (sub.ended) return;
    this.remove(sub);
    this.emit(sub, { kind: 'error', subscription: sub.id, error: toDbError(e) });
  }

  /** Delivers an event; events raised during a delivery wait for it to finish (commit order). */
  private emit(sub: Subscription, ev: LiveEvent): void {
    this.queueSubs.push(sub);
    this.queueEvents.push(ev);
    if (!this.delivering) this.drain();
  }

  /** Delivers the queued events in order (a subscription that ended meanwhile gets only its error). */
  private drain(): void {
    this.delivering = true;
    const subs = this.queueSubs, events = this.queueEvents;
    try {
      for (let i = 0; i < subs.length; i++) {
        const s = subs[i]!, e = events[i]!;
        if (s.ended && e.kind !== 'error') continue;
        if (e.kind === 'change') s.changes++;
        try {
          s.sink.deliver(e);
        } catch {
          // a sink must not break the commit or other subscribers
        }
      }
    } finally {
      subs.length = 0;
      events.length = 0;
      this.delivering = false;
    }
  }

  private deliver(sub: Subscription, d: LiveDelta): void {
    this.emit(sub, changeEvent(sub, d));
  }

  /** Delivers one commit's incremental changes, in order, in one pass. */
  private deliverAll(subs: readonly Subscription[], deltas: readonly LiveDelta[]): void {
    for (let i = 0; i < subs.length; i++) {
      const sub = subs[i]!;
      if (sub.ended) continue;
      this.queueSubs.push(sub);
      this.queueEvents.push(changeEvent(sub, deltas[i]!));
    }
    if (!this.delivering && this.queueSubs.length > 0) this.drain();
  }

  /** The commit listener. */
  private onCommit(cs: ChangeSet): void {
    const dirty = new Set<Subscription>();
    if (cs.catalog.length > 0) this.applyCatalog(cs, dirty);
    const outSubs: Subscription[] = [];
    const outDeltas: LiveDelta[] = [];
    for (const pc of cs.tables) {
      const entry = this.index.entry(pc.storage, pc.key);
      if (entry === undefined) continue;
      for (const s of entry.reeval) dirty.add(s);
      if (entry.all.size === 0 && entry.eq.size === 0) continue;
      const view = new ChangeView(pc);
      const subs = this.index.candidates(entry, view);
      const outcomes = matchAll(subs, view, (who, params) => this.host.context(who, params));
      // deliveries in candidate order
      for (let i = 0; i < subs.length; i++) {
        const sub = subs[i]!, d = outcomes[i];
        if (d === undefined || d === null) continue;
        if ('error' in d) this.fail(sub, d.error);
        else {
          outSubs.push(sub);
          outDeltas.push(d);
        }
      }
    }
    this.deliverAll(outSubs, outDeltas);
    for (const sub of dirty) {
      if (sub.ended) continue;
      try {
        const d = this.refresh(sub);
        if (d !== null) this.deliver(sub, d);
      } catch (e) {
        this.fail(sub, e);
      }
    }
  }

  /** Re-runs a re-evaluated subscription and diffs it against its previous run. */
  private refresh(sub: Subscription): LiveDelta | null {
    const r = sub.reevaluated!;
    const plan = this.replan(sub);
    if (plan !== sub.plan) {
      r.keyPos = resultKey(plan.plan);
      sub.plan = plan;
    }
    const b = plan.op.run(this.host.context(sub.who, sub.params));
    const next = snapshot(b.columns, b.length, r.keyPos);
    const d = diffResults(r.state, next, sub.columns.map((c) => c.type));
    r.state = next;
    return d;
  }

  /** Plans the subscription again (a cache hit unless the catalog changed); 0A000 when its columns changed. */
  private replan(sub: Subscription): LivePlan {
    const plan = this.host.plan(sub.who, sub.stmt, sub.query);
    if (plan === sub.plan) return plan;
    if (!sameColumns(plan.columns, sub.columns)) {
      throw new DbError(SqlState.FEATURE_NOT_SUPPORTED, 'cached plan must not change result type', {
        detail: `The columns of live query "${sub.id}" changed.`, hint: 'Subscribe again to follow the new columns.',
      });
    }
    const watched = watchedPartitions(plan.tables, sub.who.user);
    const same = watched.length === sub.watched.length && watched.every((w, i) => w.storage === sub.watched[i]!.storage && w.key === sub.watched[i]!.key);
    if (!same) {
      this.index.remove(sub);
      sub.watched = watched;
      this.index.add(sub);
    }
    return plan;
  }

  /** Drops, ALTERs and access-level changes of watched tables. */
  private applyCatalog(cs: ChangeSet, dirty: Set<Subscription>): void {
    const watched = [...this.index.watchedTables()];
    for (const t of watched) {
      if (!t.dropped) continue;
      for (const sub of this.index.subscriptionsOf(t)) {
        this.fail(sub, new DbError(SqlState.UNDEFINED_TABLE, `relation "${t.def.namespace}.${t.def.name}" does not exist`, {
          detail: `The table was dropped; live query "${sub.id}" has ended.`,
        }));
      }
    }
    const altered = new Map<TableStorage, boolean>();
    for (const ch of cs.catalog) {
      if (ch.kind !== 'alter_table') continue;
      const t = watched.find((w) => !w.dropped && w.versions.includes(ch.def));
      if (t === undefined) continue;
      altered.set(t, (altered.get(t) ?? false) || !KEEPS_PLAN.has(ch.action.kind));
    }
    for (const [t, replan] of altered) {
      const rowsChanged = cs.tables.some((pc) => pc.storage === t);
      for (const sub of this.index.subscriptionsOf(t)) {
        try {
          for (const r of sub.plan.tables) if (r.def.kind !== 'system') checkRead(r.def, sub.who.role);
          if (!replan) continue;
          if (sub.incremental === null) {
            dirty.add(sub);
            continue;
          }
          if (rowsChanged) {
            throw new DbError(SqlState.FEATURE_NOT_SUPPORTED, `live query "${sub.id}" cannot follow rows changed in the same transaction as an ALTER TABLE of "${t.def.name}"`, {
              hint: 'Subscribe again.',
            });
          }
          this.replanIncremental(sub);
        } catch (e) {
          this.fail(sub, e);
        }
      }
    }
  }

  /** Rebuilds an incremental subscription's matcher for its table's new definition. */
  private replanIncremental(sub: Subscription): void {
    const plan = this.replan(sub);
    const shape = incrementalShape(plan.plan);
    if (shape === null) throw new DbError(SqlState.FEATURE_NOT_SUPPORTED, `live query "${sub.id}" can no longer be maintained`, { hint: 'Subscribe again.' });
    const old = sub.incremental!;
    this.index.remove(sub);
    sub.plan = plan;
    sub.incremental = { matcher: new IncrementalMatcher(shape, shape.scan.def, plan.columns), probe: equalityProbe(shape, sub.params), ctx: old.ctx };
    this.index.add(sub);
  }
}
