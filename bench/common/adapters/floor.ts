/**
 * The plain-JS kernel floor of /work/shared/BENCHMARKS.md ("Physical limit"), measured in the same
 * run as the engines: hand-written loops over typed arrays for W3–W6, no SQL, no engine. `kind` is
 * loaded as integer codes; W3 is one fused filter-and-sum pass; W4 a typed-array open-addressing
 * hash table on `user_id` with counts and sums; W5 a 100-slot binary heap on `value`; W6 a
 * typed-array hash table from the 1,000 user ids to their tiers, then counts per tier. Results are
 * materialized as plain objects, like every engine's. Not a peer: the report shows InkDB's ratio
 * to it (target ≤ 3 at N = 1,000,000), never counts it as the best peer.
 * @module
 */

import type { EventRow, UserRow } from '../../data.ts';
import type { Adapter, Row } from '../workloads.ts';

/** The columns of `events` as typed arrays (kind as dictionary codes). */
interface EventColumns {
  n: number;
  id: Float64Array;
  userId: Int32Array;
  kind: Uint8Array;
  value: Float64Array;
  ts: Float64Array;
  /** Dictionary of `kind`: code → text. */
  kinds: string[];
}

function grow(c: EventColumns, need: number): void {
  if (c.id.length >= need) return;
  let cap = Math.max(16, c.id.length);
  while (cap < need) cap *= 2;
  const f = (a: Float64Array): Float64Array => { const b = new Float64Array(cap); b.set(a.subarray(0, c.n)); return b; };
  c.id = f(c.id);
  c.ts = f(c.ts);
  c.value = f(c.value);
  const u = new Int32Array(cap); u.set(c.userId.subarray(0, c.n)); c.userId = u;
  const k = new Uint8Array(cap); k.set(c.kind.subarray(0, c.n)); c.kind = k;
}

const empty = (): EventColumns => ({ n: 0, id: new Float64Array(0), userId: new Int32Array(0), kind: new Uint8Array(0), value: new Float64Array(0), ts: new Float64Array(0), kinds: [] });

/** The floor "engine". */
export class FloorAdapter implements Adapter {
  readonly name = 'floor';
  private ev: EventColumns = empty();
  private userIds = new Int32Array(0);
  private tiers = new Int32Array(0);

  async open(): Promise<void> {
    await Promise.resolve();
  }

  async reset(): Promise<void> {
    this.ev = empty();
    await Promise.resolve();
  }

  async loadUsers(rows: readonly UserRow[]): Promise<void> {
    this.userIds = Int32Array.from(rows, (r) => r.id);
    this.tiers = Int32Array.from(rows, (r) => r.tier);
    await Promise.resolve();
  }

  /** Appends rows (may be called several times: chunked loads of large N). */
  async bulkLoad(rows: readonly EventRow[]): Promise<void> {
    const c = this.ev;
    grow(c, c.n + rows.length);
    const codes = new Map<string, number>(c.kinds.map((k, i) => [k, i]));
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i] as EventRow;
      const j = c.n + i;
      c.id[j] = r.id;
      c.userId[j] = r.user_id;
      c.value[j] = r.value;
      c.ts[j] = r.ts;
      let code = codes.get(r.kind);
      if (code === undefined) {
        code = c.kinds.length;
        c.kinds.push(r.kind);
        codes.set(r.kind, code);
      }
      c.kind[j] = code;
    }
    c.n += rows.length;
    await Promise.resolve();
  }

  /** W3: `count(*), sum(value) WHERE kind = 'k3' AND value > 0.5`. */
  async filterScan(): Promise<Row[]> {
    const c = this.ev;
    const code = c.kinds.indexOf('k3');
    const kind = c.kind, value = c.value, n = c.n;
    let count = 0, sum = 0;
    for (let i = 0; i < n; i++) {
      if (kind[i] === code) {
        const v = value[i]!;
        if (v > 0.5) { count++; sum += v; }
      }
    }
    return Promise.resolve([{ count, sum: count === 0 ? null : sum }]);
  }

  /** W4: `user_id, count(*), avg(value) GROUP BY user_id` with an open-addressing hash table. */
  async groupBy(): Promise<Row[]> {
    const c = this.ev;
    const userId = c.userId, value = c.value, n = c.n;
    let cap = 1024;
    const keys0 = new Int32Array(cap), used0 = new Uint8Array(cap);
    let keys = keys0, used = used0, counts = new Float64Array(cap), sums = new Float64Array(cap), size = 0, mask = cap - 1;
    for (let i = 0; i < n; i++) {
      const k = userId[i]!;
      let h = Math.imul(k, 0x9e3779b1) >>> 0 & mask;
      while (used[h] === 1 && keys[h] !== k) h = (h + 1) & mask;
      if (used[h] === 0) {
        used[h] = 1; keys[h] = k; size++;
        if (size * 2 > cap) {
          // grow and rehash
          const ok = keys, ou = used, oc = counts, os = sums;
          cap *= 2; mask = cap - 1;
          keys = new Int32Array(cap); used = new Uint8Array(cap); counts = new Float64Array(cap); sums = new Float64Array(cap);
          for (let j = 0; j < ok.length; j++) {
            if (ou[j] === 0) continue;
            let g = Math.imul(ok[j]!, 0x9e3779b1) >>> 0 & mask;
            while (used[g] === 1) g = (g + 1) & mask;
            used[g] = 1; keys[g] = ok[j]!; counts[g] = oc[j]!; sums[g] = os[j]!;
          }
          h = Math.imul(k, 0x9e3779b1) >>> 0 & mask;
          while (keys[h] !== k) h = (h + 1) & mask;
        }
      }
      counts[h]!++;
      sums[h] = sums[h]! + value[i]!;
    }
    const out: Row[] = [];
    for (let h = 0; h < cap; h++) if (used[h] === 1) out.push({ user_id: keys[h], count: counts[h], avg: sums[h]! / counts[h]! });
    return Promise.resolve(out);
  }

  /** W5: `* ORDER BY value DESC LIMIT 100` with a 100-slot min-heap on value. */
  async topK(): Promise<Row[]> {
    const c = this.ev;
    const value = c.value, n = c.n, k = Math.min(100, n);
    const heap = new Int32Array(k); // row indexes, min-heap by value
    let size = 0;
    for (let i = 0; i < n; i++) {
      const v = value[i]!;
      if (size < k) {
        let j = size++;
        while (j > 0) { const p = (j - 1) >> 1; if (value[heap[p]!]! <= v) break; heap[j] = heap[p]!; j = p; }
        heap[j] = i;
      } else if (v > value[heap[0]!]!) {
        let j = 0;
        for (;;) {
          const l = 2 * j + 1;
          if (l >= k) break;
          const r = l + 1;
          const m = r < k && value[heap[r]!]! < value[heap[l]!]! ? r : l;
          if (value[heap[m]!]! >= v) break;
          heap[j] = heap[m]!; j = m;
        }
        heap[j] = i;
      }
    }
    const idx = Array.from(heap.subarray(0, size)).sort((a, b) => value[b]! - value[a]! || a - b);
    return Promise.resolve(idx.map((i) => ({ id: c.id[i], user_id: c.userId[i], kind: c.kinds[c.kind[i]!], value: value[i], ts: c.ts[i] })));
  }

  /** W6: `u.tier, count(*) … JOIN users u ON e.user_id = u.id GROUP BY u.tier`. */
  async join(): Promise<Row[]> {
    const c = this.ev;
    // typed-array hash table on the users: id → tier
    let cap = 16;
    while (cap < this.userIds.length * 2) cap *= 2;
    const mask = cap - 1;
    const hk = new Int32Array(cap), ht = new Int32Array(cap).fill(-1);
    for (let j = 0; j < this.userIds.length; j++) {
      const k = this.userIds[j]!;
      let h = Math.imul(k, 0x9e3779b1) >>> 0 & mask;
      while (ht[h] !== -1) h = (h + 1) & mask;
      hk[h] = k; ht[h] = this.tiers[j]!;
    }
    const perTier = new Float64Array(64);
    const userId = c.userId, n = c.n;
    for (let i = 0; i < n; i++) {
      const k = userId[i]!;
      let h = Math.imul(k, 0x9e3779b1) >>> 0 & mask;
      while (ht[h] !== -1 && hk[h] !== k) h = (h + 1) & mask;
      const t = ht[h]!;
      if (t >= 0) perTier[t]!++;
    }
    const out: Row[] = [];
    for (let t = 0; t < perTier.length; t++) if (perTier[t]! > 0) out.push({ tier: t, count: perTier[t] });
    return Promise.resolve(out);
  }

  async close(): Promise<void> {
    this.ev = empty();
    await Promise.resolve();
  }
}
