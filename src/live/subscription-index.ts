/**
 * Subscriptions indexed by what can affect them: table → partition key (the user for user and
 * stream tables, `''` for shared ones) → the subscriptions watching that partition. A commit
 * visits only the entries of the partitions it changed, so subscriptions on other tables, or
 * other users' subscriptions on a user table, cost it nothing. Within an entry, incremental
 * subscriptions with a `column = constant` conjunct are further indexed by that constant: a
 * commit looks up the values its changed rows hold in that column and evaluates only the
 * subscriptions it finds (a thousand subscriptions on different chat rooms cost a commit one
 * hash lookup per changed row), the rest are evaluated every time.
 *
 * @example
 * ```ts
 * index.add(sub);
 * const entry = index.entry(change.storage, change.key);
 * for (const s of index.candidates(entry!, view)) s.match(view);
 * ```
 */
import type { LiveKey } from '../api/engine-api.ts';
import type { TableStorage } from '../storage/table-storage.ts';
import { valueAt, type JsValue, type Vector } from '../types/vector.ts';
import type { ChangeView } from './change-view.ts';
import type { Subscription } from './subscription.ts';
import { keyOfValue } from './values.ts';

/** The subscriptions watching one table partition. */
export interface PartitionEntry {
  /** Incremental subscriptions evaluated on every change of the partition. */
  readonly all: Set<Subscription>;
  /** Incremental subscriptions by probe: table column → constant's key → subscriptions. */
  readonly eq: Map<number, Map<LiveKey, Set<Subscription>>>;
  /** Re-evaluated subscriptions: re-run once per commit that changes the partition. */
  readonly reeval: Set<Subscription>;
}

function cell(v: Vector, i: number): JsValue {
  return valueAt(v, i);   // numeric: its text (numeric data is no array of values)
}

/** The index. */
export class SubscriptionIndex {
  private readonly tables = new Map<TableStorage, Map<string, PartitionEntry>>();

  /** The entry of one partition, if any subscription watches it. */
  entry(storage: TableStorage, key: string): PartitionEntry | undefined {
    return this.tables.get(storage)?.get(key);
  }

  /** Tables with at least one watching subscription. */
  watchedTables(): IterableIterator<TableStorage> {
    return this.tables.keys();
  }

  /** Every subscription watching any partition of a table. */
  subscriptionsOf(storage: TableStorage): Set<Subscription> {
    const out = new Set<Subscription>();
    const parts = this.tables.get(storage);
    if (parts === undefined) return out;
    for (const e of parts.values()) {
      for (const s of e.all) out.add(s);
      for (const s of e.reeval) out.add(s);
      for (const byValue of e.eq.values()) for (const set of byValue.values()) for (const s of set) out.add(s);
    }
    return out;
  }

  /** Registers a subscription under every partition it watches. */
  add(sub: Subscription): void {
    for (const w of sub.watched) {
      let parts = this.tables.get(w.storage);
      if (parts === undefined) {
        parts = new Map();
        this.tables.set(w.storage, parts);
      }
      let e = parts.get(w.key);
      if (e === undefined) {
        e = { all: new Set(), eq: new Map(), reeval: new Set() };
        parts.set(w.key, e);
      }
      const inc = sub.incremental;
      if (inc === null) e.reeval.add(sub);
      else if (inc.probe === null) e.all.add(sub);
      else {
        let byValue = e.eq.get(inc.probe.column);
        if (byValue === undefined) {
          byValue = new Map();
          e.eq.set(inc.probe.column, byValue);
        }
        const k = keyOfValue(inc.probe.value);
        let set = byValue.get(k);
        if (set === undefined) {
          set = new Set();
          byValue.set(k, set);
        }
        set.add(sub);
      }
    }
  }

  /** Removes a subscription from every partition it watches (as registered by {@link add}). */
  remove(sub: Subscription): void {
    for (const w of sub.watched) {
      const parts = this.tables.get(w.storage);
      const e = parts?.get(w.key);
      if (parts === undefined || e === undefined) continue;
      e.all.delete(sub);
      e.reeval.delete(sub);
      const inc = sub.incremental;
      if (inc !== null && inc.probe !== null) {
        const byValue = e.eq.get(inc.probe.column);
        const k = keyOfValue(inc.probe.value);
        const set = byValue?.get(k);
        if (set !== undefined) {
          set.delete(sub);
          if (set.size === 0) byValue!.delete(k);
          if (byValue!.size === 0) e.eq.delete(inc.probe.column);
        }
      }
      if (e.all.size === 0 && e.reeval.size === 0 && e.eq.size === 0) parts.delete(w.key);
      if (parts.size === 0) this.tables.delete(w.storage);
    }
  }

  /** The incremental subscriptions of an entry that a partition change may affect (each once). */
  candidates(e: PartitionEntry, view: ChangeView): Subscription[] {
    const out: Subscription[] = [];
    for (const s of e.all) out.push(s);
    if (e.eq.size === 0) return out;
    // the subscription sets the changed rows' values hit (usually one)
    const sets = new Set<Set<Subscription>>();
    for (const [column, byValue] of e.eq) {
      const probe = (v: Vector, n: number): void => {
        for (let i = 0; i < n; i++) {
          const set = byValue.get(keyOfValue(cell(v, i)));
          if (set !== undefined) sets.add(set);
        }
      };
      if (view.newRows.length > 0) probe(view.newColumn(column), view.newRows.length);
      if (view.oldRows.length > 0) probe(view.oldColumn(column), view.oldRows.length);
    }
    // a subscription sits in one set of one probe column: distinct sets never share one
    for (const set of sets) for (const s of set) out.push(s);
    return out;
  }
}
