/**
 * Table scan: reads the partition of the session's context, optionally through an index
 * (equality, IN list or range on the index's first column), applies the pushed-down filters
 * with selection vectors, and outputs the needed columns (zero-copy views when every row
 * passes, gathered copies otherwise).
 */
import type { TableStorage } from '../../storage/table-storage.ts';
import type { Partition } from '../../storage/partition.ts';
import { compositeKey, normalizeKey, type IndexKey, type PartitionIndex } from '../../storage/indexes/hash-index.ts';
import { allocData, gather, valueAt, type Batch, type JsValue, type Vector } from '../../types/vector.ts';
import type { ExecContext } from '../context.ts';
import type { Evaluator } from '../expr/evaluator.ts';
import { explainNode, type ExplainNode, type PhysicalOp } from '../operator.ts';

/** How a scan uses an index. */
export type IndexAccess =
  | { readonly kind: 'eq'; readonly index: number; readonly keys: readonly Evaluator[] }
  | { readonly kind: 'in'; readonly index: number; readonly values: readonly Evaluator[] }
  | {
    readonly kind: 'range'; readonly index: number;
    readonly lo: Evaluator | null; readonly loInclusive: boolean;
    readonly hi: Evaluator | null; readonly hiInclusive: boolean;
  };

const ONE_ROW: Batch = { length: 1, columns: [] };

function scalar(ev: Evaluator, ctx: ExecContext): JsValue {
  return valueAt(ev(ONE_ROW, null, ctx), 0);
}

/** The scan operator. */
export class ScanOp implements PhysicalOp {
  constructor(
    readonly ids: readonly number[],
    private readonly storage: TableStorage,
    private readonly alias: string,
    /** Table column positions to output (aligned with ids, minus the row-id column). */
    private readonly cols: readonly number[],
    private readonly filter: ((b: Batch, sel: Int32Array | null, ctx: ExecContext) => Int32Array) | null,
    private readonly filterText: readonly string[],
    private readonly access: IndexAccess | null,
    private readonly withRowIds: boolean,
    private readonly indexName: string | null,
    /** The conjuncts the index lookup decides (not evaluated again), for EXPLAIN's `Index Cond`. */
    private readonly indexCondText: readonly string[] = [],
  ) {}

  run(ctx: ExecContext): Batch {
    const part = this.storage.readPartition(ctx.access);
    if (part === undefined || part.length === 0) return this.empty();
    // stream tables: rows older than the TTL are invisible (the eviction job removes them later)
    const ttl = this.storage.def.ttlSeconds;
    const cutoff = ttl === null || part.insertedAt === null ? -Infinity : ctx.eval.now - ttl * 1000;
    let sel: Int32Array | null;
    if (this.access !== null) {
      sel = this.indexRows(part, ctx, cutoff);
      if (sel === null) return this.empty();
    } else {
      sel = part.liveSelection(cutoff);
    }
    // filters run over all stored columns the scan reads (cols), addressed by position
    let views = part.views(this.cols);
    let n = part.length;
    let rowIds: Int32Array | null = null;
    if (sel !== null && sel.length * 8 < n) {
      // few candidate rows (index lookup, or mostly deleted): densify first so kernels stay small
      rowIds = sel;
      views = views.map((v) => gather(v, sel!));
      n = sel.length;
      sel = null;
    }
    const base: Batch = { length: n, columns: views };
    if (this.filter !== null) {
      sel = this.filter(base, sel, ctx);
      if (rowIds !== null && sel.length === n) sel = null;
    }
    if (rowIds !== null) {
      if (sel === null) {
        const columns = this.withRowIds ? [...views, rowIdVector(rowIds, n)] : views;
        return { length: n, columns };
      }
      const m = sel.length;
      const out: Vector[] = views.map((v) => gather(v, sel!, m));
      if (this.withRowIds) { const ids = new Int32Array(m); for (let k = 0; k < m; k++) ids[k] = rowIds[sel[k]!]!; out.push(rowIdVector(ids, m)); }
      return { length: m, columns: out };
    }
    if (sel === null) {
      const columns = this.withRowIds ? [...views, rowIdVector(null, n)] : views;
      return { length: n, columns };
    }
    const m = sel.length;
    const out: Vector[] = views.map((v) => gather(v, sel!, m));
    if (this.withRowIds) out.push(rowIdVector(sel, m));
    return { length: m, columns: out };
  }

  private indexRows(part: Partition, ctx: ExecContext, cutoff: number): Int32Array | null {
    const a = this.access!;
    const ix = part.indexes[a.index];
    if (ix === undefined) return part.liveSelection(cutoff) ?? allPositions(part.length);
    const del = part.deleted;
    const keyType = part.columns[ix.def.columns[0]!]!.type;
    const rows: number[] = [];
    switch (a.kind) {
      case 'eq': {
        if (a.keys.length > 1) {
          const key = compositeKey(a.keys.map((k, i) => normalizeKey(scalar(k, ctx), part.columns[ix.def.columns[i]!]!.type)));
          if (key === null) return null;
          collectRows(ix, key, del, rows);
          break;
        }
        const key = normalizeKey(scalar(a.keys[0]!, ctx), keyType);
        if (key === null) return null;
        const hit = ix.lookup(key);
        if (hit === undefined) return null;
        if (typeof hit === 'number') {
          // the point lookup of a unique key: its row, no list
          if (del[hit] !== 0 || (part.hasExpired(cutoff) && part.isExpired(hit, cutoff))) return null;
          return Int32Array.of(hit);
        }
        return liveSorted(hit, del, part, cutoff);
      }
      case 'in': {
        const seen = new Set<unknown>();
        for (const ev of a.values) {
          const k = normalizeKey(scalar(ev, ctx), keyType);
          if (k === null || seen.has(k)) continue;
          seen.add(k);
          collectRows(ix, k, del, rows);
        }
        break;
      }
      case 'range': {
        const lo = a.lo === null ? null : scalar(a.lo, ctx);
        const hi = a.hi === null ? null : scalar(a.hi, ctx);
        if ((a.lo !== null && lo === null) || (a.hi !== null && hi === null)) return null;
        const r = ix.range(part.columns, part.length, del, lo, a.loInclusive, hi, a.hiInclusive);
        for (let i = 0; i < r.length; i++) rows.push(r[i]!);
        break;
      }
    }
    if (part.hasExpired(cutoff)) {
      let k = 0;
      for (let i = 0; i < rows.length; i++) if (!part.isExpired(rows[i]!, cutoff)) rows[k++] = rows[i]!;
      rows.length = k;
    }
    if (rows.length === 0) return null;
    rows.sort((x, y) => x - y);
    return Int32Array.from(rows);
  }

  private empty(): Batch {
    const cols: Vector[] = this.cols.map((c) => {
      const t = this.storage.def.columns[c]!.type;
      return { type: t, length: 0, data: allocData(t, 0), nulls: null };
    });
    if (this.withRowIds) cols.push({ type: 'integer', length: 0, data: new Int32Array(0), nulls: null });
    return { length: 0, columns: cols };
  }

  explain(): ExplainNode {
    const def = this.storage.def;
    const name = `${def.namespace}.${def.name}`;
    const label = this.access === null ? `Seq Scan on ${name}` : `Index Scan using ${this.indexName ?? '?'} on ${name}`;
    const details: string[] = [];
    if (this.alias !== def.name) details.push(`Alias: ${this.alias}`);
    if (this.indexCondText.length > 0) details.push(`Index Cond: ${this.indexCondText.join(' AND ')}`);
    if (this.filterText.length > 0) details.push(`Filter: ${this.filterText.join(' AND ')}`);
    return explainNode(label, details, []);
  }
}

/** Appends the live rows stored under `key` in an index. */
function collectRows(ix: PartitionIndex, key: IndexKey, del: Uint8Array, rows: number[]): void {
  const hit = ix.lookup(key);
  if (hit === undefined) return;
  if (typeof hit === 'number') { if (del[hit] === 0) rows.push(hit); }
  else for (const r of hit) if (del[r] === 0) rows.push(r);
}

/**
 * The live rows of one key's row list, ascending: the list is in insertion order, which is
 * ascending unless a key update re-added an older row, so it is sorted only when it is not.
 */
function liveSorted(hit: readonly number[], del: Uint8Array, part: Partition, cutoff: number): Int32Array | null {
  const out = new Int32Array(hit.length);
  const expiry = part.hasExpired(cutoff);
  let k = 0, last = -1, sorted = true;
  for (let i = 0; i < hit.length; i++) {
    const r = hit[i]!;
    if (del[r] !== 0 || (expiry && part.isExpired(r, cutoff))) continue;
    if (r < last) sorted = false;
    out[k++] = last = r;
  }
  if (k === 0) return null;
  const rows = k === out.length ? out : out.subarray(0, k);
  return sorted ? rows : rows.sort();
}

function allPositions(n: number): Int32Array {
  const s = new Int32Array(n);
  for (let i = 0; i < n; i++) s[i] = i;
  return s;
}

function rowIdVector(sel: Int32Array | null, n: number): Vector {
  return { type: 'integer', length: n, data: sel === null ? allPositions(n) : sel.slice(0, n), nulls: null };
}
