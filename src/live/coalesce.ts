/**
 * Coalescing a subscription's pending changes into one. When a consumer is slower than the
 * commits (a busy main thread behind a Worker), the changes that pile up for one subscription
 * are folded into a single net change instead of a growing queue: per key, the row as it was
 * before the first pending change and the row as it is after the last one (an insert then a
 * delete cancels out, two updates become one). Rows without keys are folded as a multiset.
 * The memory this takes is bounded by the subscription's result, however many commits arrive.
 *
 * @example
 * ```ts
 * const c = new ChangeCoalescer(['integer', 'text']);
 * c.add(change1);
 * c.add(change2);
 * c.result();   // one LiveDelta: the net effect of both, or null when they cancel out
 * ```
 */
import type { LiveKey, LiveRows } from '../api/engine-api.ts';
import type { DataType } from '../types/data-type.ts';
import type { JsValue } from '../types/vector.ts';
import type { LiveDelta } from './incremental.ts';
import { keyOfValues, rowArrays, rowsFromArrays, sameValue } from './values.ts';

type Row = readonly JsValue[];

/** Before and after images of one key over the pending window (null: absent). */
interface Net {
  old: Row | null;
  now: Row | null;
}

/** Folds changes of one subscription. */
export class ChangeCoalescer {
  /** Keyed mode: per key, first old image and last new image (insertion-ordered). */
  private keyed: Map<LiveKey, Net> | null = new Map();
  /** Multiset mode: per row content, how many copies were added (negative: removed). */
  private counts: Map<string, { row: Row; delta: number }> | null = null;

  constructor(private readonly types: readonly DataType[]) {}

  /** Adds the next change (deletes, then updates, then inserts, as they were delivered). */
  add(d: LiveDelta): void {
    if (this.keyed !== null && ![d.deletes, d.updates, d.inserts].every((r) => r === null || r.keys !== null)) this.toMultiset();
    if (this.keyed !== null) {
      const m = this.keyed;
      if (d.deletes !== null) this.each(d.deletes, (k, row) => { const e = m.get(k); if (e === undefined) m.set(k, { old: row, now: null }); else e.now = null; });
      if (d.updates !== null && d.updatesOld !== null) {
        const olds = rowArrays(d.updatesOld);
        this.each(d.updates, (k, row, i) => { const e = m.get(k); if (e === undefined) m.set(k, { old: olds[i]!, now: row }); else e.now = row; });
      }
      if (d.inserts !== null) this.each(d.inserts, (k, row) => { const e = m.get(k); if (e === undefined) m.set(k, { old: null, now: row }); else e.now = row; });
      return;
    }
    if (d.deletes !== null) for (const r of rowArrays(d.deletes)) this.count(r, -1);
    if (d.updatesOld !== null) for (const r of rowArrays(d.updatesOld)) this.count(r, -1);
    if (d.updates !== null) for (const r of rowArrays(d.updates)) this.count(r, 1);
    if (d.inserts !== null) for (const r of rowArrays(d.inserts)) this.count(r, 1);
  }

  /** The net change of everything added, or null when it all cancelled out. */
  result(): LiveDelta | null {
    const t = this.types;
    if (this.keyed !== null) {
      const del: Row[] = [], delK: LiveKey[] = [], ins: Row[] = [], insK: LiveKey[] = [];
      const upd: Row[] = [], updOld: Row[] = [], updK: LiveKey[] = [];
      for (const [k, e] of this.keyed) {
        if (e.old === null && e.now === null) continue;
        if (e.old === null) { ins.push(e.now!); insK.push(k); } else if (e.now === null) { del.push(e.old); delK.push(k); } else if (!sameRow(e.old, e.now)) { upd.push(e.now); updOld.push(e.old); updK.push(k); }
      }
      if (del.length === 0 && ins.length === 0 && upd.length === 0) return null;
      return {
        deletes: del.length === 0 ? null : rowsFromArrays(t, del, delK),
        updates: upd.length === 0 ? null : rowsFromArrays(t, upd, updK),
        updatesOld: upd.length === 0 ? null : rowsFromArrays(t, updOld, updK),
        inserts: ins.length === 0 ? null : rowsFromArrays(t, ins, insK),
      };
    }
    const del: Row[] = [], ins: Row[] = [];
    for (const e of this.counts!.values()) {
      for (let n = e.delta; n < 0; n++) del.push(e.row);
      for (let n = e.delta; n > 0; n--) ins.push(e.row);
    }
    if (del.length === 0 && ins.length === 0) return null;
    return {
      deletes: del.length === 0 ? null : rowsFromArrays(t, del, null),
      updates: null,
      updatesOld: null,
      inserts: ins.length === 0 ? null : rowsFromArrays(t, ins, null),
    };
  }

  private each(rows: LiveRows, f: (k: LiveKey, row: Row, i: number) => void): void {
    const arr = rowArrays(rows);
    const keys = rows.keys!;
    for (let i = 0; i < arr.length; i++) f(keys[i]!, arr[i]!, i);
  }

  private count(row: Row, by: number): void {
    const m = this.counts!;
    const k = keyOfValues(row);
    const e = m.get(k);
    if (e === undefined) m.set(k, { row, delta: by }); else e.delta += by;
  }

  /** Switches to multiset mode (a change without keys arrived): keyed entries become counts. */
  private toMultiset(): void {
    const keyed = this.keyed!;
    this.keyed = null;
    this.counts = new Map();
    for (const e of keyed.values()) {
      if (e.old !== null) this.count(e.old, -1);
      if (e.now !== null) this.count(e.now, 1);
    }
  }
}

function sameRow(a: Row, b: Row): boolean {
  for (let c = 0; c < a.length; c++) if (!sameValue(a[c]!, b[c]!)) return false;
  return true;
}
