/**
 * One column's statistics over the live rows of one partition, computed in a single pass:
 * live and NULL counts, a HyperLogLog distinct-count sketch (with the exact set of value
 * hashes while there are at most {@link EXACT_LIMIT}, so small counts are exact), the minimum
 * and maximum, and (when asked) a reservoir sample of non-null values. Summaries of partitions merge into a
 * table's summary. The pass is specialized per storage representation (typed-array loops for
 * numbers; strings and byte arrays as arrays), so it allocates nothing per row.
 */
import { numericNormalKey } from '../../types/numeric-data-ops.ts';
import { parseNumeric } from '../../types/numeric-value.ts';
import { compareValues } from '../../types/compare.ts';
import type { DataType } from '../../types/data-type.ts';
import type { JsValue } from '../../types/vector.ts';
import type { ColumnStore } from '../column.ts';
import { HyperLogLog } from './hyperloglog.ts';
import { hashBigInt64, hashBytes, hashFloat64, hashInt32, hashOther, hashString } from './value-hash.ts';

/** Values kept in a column's sample. */
export const SAMPLE_SIZE = 256;
/** Distinct hashes kept exactly (beyond, the sketch estimates). */
export const EXACT_LIMIT = 1024;

/** The statistics of one column (of a partition, or merged over a table). */
export interface ColumnSummary {
  readonly type: DataType;
  /** Live rows seen. */
  rows: number;
  /** NULLs among them. */
  nulls: number;
  readonly sketch: HyperLogLog;
  /** The distinct values' hashes, ascending, while there are at most EXACT_LIMIT; else null. */
  readonly hashes: Uint32Array | null;
  /** Distinct non-null values: exact when `hashes` is kept, else the sketch's estimate. */
  readonly distinct: number;
  /** Smallest and largest non-null values (null when there are none). */
  min: JsValue;
  max: JsValue;
  /** A uniform sample of non-null values, or null when not collected. */
  sample: JsValue[] | null;
}

/** Adds hashes to a sketch and, while they are few, to an exact set. */
class DistinctCounter {
  readonly sketch = new HyperLogLog();
  private exact: Set<number> | null = new Set();

  add(h: number): void {
    this.sketch.addHash(h);
    const e = this.exact;
    if (e !== null) {
      e.add(h);
      if (e.size > EXACT_LIMIT) this.exact = null;
    }
  }

  /** The exact hashes, ascending, or null once there were too many. */
  hashes(): Uint32Array | null {
    return this.exact === null ? null : Uint32Array.from(this.exact).sort();
  }
}

/** A small deterministic generator for reservoir sampling (reproducible statistics). */
class Lcg {
  private s = 0x2545f491;
  /** Uniform integer in [0, n). */
  below(n: number): number {
    this.s = (Math.imul(this.s, 1664525) + 1013904223) >>> 0;
    return Math.floor((this.s / 4294967296) * n);
  }
}

/** Reservoir sampling state: adds the k-th non-null value (k counts from 0). */
function offer(sample: JsValue[], k: number, v: JsValue, rng: Lcg): void {
  if (k < SAMPLE_SIZE) { sample.push(v); return; }
  const j = rng.below(k + 1);
  if (j < SAMPLE_SIZE) sample[j] = v;
}

/**
 * Summarizes rows [0, length) of a column, skipping rows flagged in `deleted`.
 * `withSample` collects up to {@link SAMPLE_SIZE} values.
 */
export function summarizeColumn(col: ColumnStore, length: number, deleted: Uint8Array, withSample: boolean): ColumnSummary {
  const counter = new DistinctCounter();
  const nl = col.nulls !== null && col.nullCount > 0 ? col.nulls : null;
  const sample: JsValue[] | null = withSample ? [] : null;
  const rng = new Lcg();
  const d = col.data;
  let rows = 0, nulls = 0, k = 0;
  let min: JsValue = null, max: JsValue = null;
  if (d instanceof Int32Array || d instanceof Uint8Array) {
    // integer, smallint, date; boolean (0/1)
    let lo = Infinity, hi = -Infinity;
    for (let r = 0; r < length; r++) {
      if (deleted[r] === 1) continue;
      rows++;
      if (nl !== null && nl[r] === 1) { nulls++; continue; }
      const v = d[r]!;
      counter.add(hashInt32(v));
      if (v < lo) lo = v;
      if (v > hi) hi = v;
      if (sample !== null) offer(sample, k, col.type === 'boolean' ? v === 1 : v, rng);
      k++;
    }
    if (k > 0) {
      min = col.type === 'boolean' ? lo === 1 : lo;
      max = col.type === 'boolean' ? hi === 1 : hi;
    }
  } else if (d instanceof Float64Array) {
    let lo = Infinity, hi = -Infinity, nan = false;
    for (let r = 0; r < length; r++) {
      if (deleted[r] === 1) continue;
      rows++;
      if (nl !== null && nl[r] === 1) { nulls++; continue; }
      const v = d[r]!;
      counter.add(hashFloat64(v));
      if (v !== v) nan = true;
      else { if (v < lo) lo = v; if (v > hi) hi = v; }
      if (sample !== null) offer(sample, k, v, rng);
      k++;
    }
    if (k > 0) {
      // NaN sorts above every other double
      min = lo === Infinity && nan ? Number.NaN : lo;
      max = nan ? Number.NaN : hi;
    }
  } else if (d instanceof BigInt64Array) {
    let lo: bigint | null = null, hi: bigint | null = null;
    for (let r = 0; r < length; r++) {
      if (deleted[r] === 1) continue;
      rows++;
      if (nl !== null && nl[r] === 1) { nulls++; continue; }
      const v = d[r]!;
      counter.add(hashBigInt64(v));
      if (lo === null || v < lo) lo = v;
      if (hi === null || v > hi) hi = v;
      if (sample !== null) offer(sample, k, v, rng);
      k++;
    }
    min = lo; max = hi;
  } else {
    // strings, byte arrays, numerics (read as their text) and any other boxed representation
    const arr = col.type === 'numeric' ? null : d as unknown as readonly JsValue[];
    const t = col.type;
    for (let r = 0; r < length; r++) {
      if (deleted[r] === 1) continue;
      rows++;
      if (nl !== null && nl[r] === 1) { nulls++; continue; }
      const v = arr === null ? col.get(r) : arr[r]!;
      // equal numerics of different display scales (1.5, 1.50) count as one value
      const h = arr === null ? hashString(numericNormalKey(parseNumeric(v as string))) : typeof v === 'string' ? hashString(v) : v instanceof Uint8Array ? hashBytes(v) : hashOther(v);
      counter.add(h);
      if (min === null || compareValues(v, min, t) < 0) min = v;
      if (max === null || compareValues(v, max, t) > 0) max = v;
      if (sample !== null) offer(sample, k, v, rng);
      k++;
    }
  }
  const hashes = counter.hashes();
  const sketch = counter.sketch;
  return { type: col.type, rows, nulls, sketch, hashes, distinct: hashes === null ? Math.round(sketch.estimate()) : hashes.length, min, max, sample };
}

/** Merges partition summaries of one column into a table summary (samples subsampled evenly). */
export function mergeSummaries(type: DataType, parts: readonly ColumnSummary[]): ColumnSummary {
  if (parts.length === 1) return parts[0]!;
  const sketch = new HyperLogLog();
  let exact: Set<number> | null = new Set();
  let rows = 0, nulls = 0;
  let min: JsValue = null, max: JsValue = null;
  let sample: JsValue[] | null = parts.length > 0 && parts.every((p) => p.sample !== null) ? [] : null;
  for (const p of parts) {
    sketch.merge(p.sketch);
    if (exact !== null && p.hashes !== null) {
      for (const h of p.hashes) exact.add(h);
      if (exact.size > EXACT_LIMIT) exact = null;
    } else {
      exact = null;
    }
    rows += p.rows;
    nulls += p.nulls;
    if (p.min !== null && (min === null || compareValues(p.min, min, type) < 0)) min = p.min;
    if (p.max !== null && (max === null || compareValues(p.max, max, type) > 0)) max = p.max;
    if (sample !== null) sample.push(...p.sample!);
  }
  if (sample !== null && sample.length > SAMPLE_SIZE) {
    const step = sample.length / SAMPLE_SIZE;
    const src = sample;
    sample = [];
    for (let i = 0; i < SAMPLE_SIZE; i++) sample.push(src[Math.floor(i * step)]!);
  }
  const hashes = exact === null ? null : Uint32Array.from(exact).sort();
  return { type, rows, nulls, sketch, hashes, distinct: hashes === null ? Math.round(sketch.estimate()) : hashes.length, min, max, sample };
}
