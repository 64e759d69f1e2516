/**
 * One column's statistics over the live rows of one partition, computed in a single pass:
 * live and NULL counts, a HyperLogLog distinct-count sketch (with the exact set of value
 * hashes while there are at most {@link EXACT_LIMIT}, so small counts are exact), the minimum
 * and maximum, and (when asked) a reservoir sample of non-null values. Summaries of partitions merge into a
 * table's summary. The pass is specialized per storage representation (typed-array loops for
 * numbers; strings and byte arrays as arrays), so it allocates nothing per row.
 *
 * A summary reads every row, or (for the planner's own refreshes of large partitions) a
 * stratified random sample of {@link SAMPLE_ROWS} rows, as PostgreSQL's ANALYZE reads a
 * row sample: the counts are then scaled, the distinct count is the Haas–Stokes (Duj1)
 * estimate from the sample's value frequencies, and minimum and maximum are the sample's.
 */
import { numericNormalKey } from '../../types/numeric-data-ops.ts';
import { parseNumeric } from '../../types/numeric-value.ts';
import { compareValues } from '../../types/compare.ts';
import type { DataType } from '../../types/data-type.ts';
import type { JsValue } from '../../types/vector.ts';
import type { ColumnStore } from '../column.ts';
import { HyperLogLog } from './hyperloglog.ts';
import { hashBigInt64, hashBytes, hashFloat64, hashInt32Bits, hashOther, hashString } from './value-hash.ts';

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
  /** True when read from a row sample (counts scaled, distinct estimated, min/max the sample's). */
  readonly sampled: boolean;
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

/**
 * Rows a sampled summary reads. PostgreSQL's ANALYZE reads 30,000, sized for its histograms;
 * these summaries keep no histogram (distinct count, NULL fraction, a 256-value sample). Duj1 on
 * 2,000 rows tells unique columns, few-valued ones and those in between well enough to order
 * joins, and the first plan over a large table runs this loop before the JIT has optimized it
 * (10,000 rows cost about 6 ms more there).
 */
export const SAMPLE_ROWS = 2_000;

/**
 * An open-addressing multiset of 32-bit hashes (typed arrays, linear probing): far cheaper per
 * add than a `Set<number>`. Holds at most `limit` distinct hashes; past that it stops counting
 * and {@link HashCounts.overflowed} is set.
 */
class HashCounts {
  private readonly keys: Uint32Array;
  private readonly counts: Int32Array;
  private readonly mask: number;
  /** Distinct hashes held (hash 0 included). */
  size = 0;
  overflowed = false;
  private zero = 0;

  constructor(private readonly limit: number) {
    let cap = 16;
    while (cap < limit * 2) cap *= 2;
    this.keys = new Uint32Array(cap);
    this.counts = new Int32Array(cap);
    this.mask = cap - 1;
  }

  /** Adds `hs[0..n)` (the probe written out in one loop: cheap even before the JIT optimizes). */
  addAll(hs: Uint32Array, n: number): void {
    const keys = this.keys, counts = this.counts, mask = this.mask, limit = this.limit;
    let size = this.size;
    for (let j = 0; j < n; j++) {
      const h = hs[j]!;
      if (h === 0) {
        if (this.zero++ === 0) size++;
      } else {
        let i = Math.imul(h, 0x9e3779b1) >>> 0 & mask;
        for (;;) {
          const k = keys[i]!;
          if (k === h) { counts[i]!++; break; }
          if (k === 0) { keys[i] = h; counts[i] = 1; size++; break; }
          i = (i + 1) & mask;
        }
      }
      if (size > limit) { this.overflowed = true; break; }
    }
    this.size = size;
  }

  /** The distinct hashes, ascending. */
  hashes(): Uint32Array {
    const out = new Uint32Array(this.size);
    let n = 0;
    if (this.zero > 0) out[n++] = 0;
    const keys = this.keys;
    for (let i = 0; i < keys.length; i++) if (keys[i] !== 0) out[n++] = keys[i]!;
    return out.sort();
  }

  /** Hashes seen exactly once. */
  singletons(): number {
    let f1 = this.zero === 1 ? 1 : 0;
    const keys = this.keys, counts = this.counts;
    for (let i = 0; i < keys.length; i++) if (keys[i] !== 0 && counts[i] === 1) f1++;
    return f1;
  }
}

/**
 * The Haas–Stokes Duj1 estimate of a column's distinct values from a sample (as PostgreSQL's
 * ANALYZE): `n` sampled non-null values with `d` distinct, `f1` of them seen once, out of `total`
 * non-null values. A sample of all-distinct values means a unique column.
 */
export function estimateDistinct(n: number, d: number, f1: number, total: number): number {
  if (n === 0) return 0;
  if (n >= total) return d;
  if (f1 === n) return total;
  const est = (n * d) / (n - f1 + (f1 * n) / total);
  return Math.round(Math.min(total, Math.max(d, est)));
}

/**
 * Rows to read for a sampled summary of rows [0, length): one row drawn at random from each of
 * {@link SAMPLE_ROWS} equal strata, ascending (a stratified sample: no periodic pattern of the
 * data can alias with it, and the reads go forward through memory).
 */
export function sampleRows(length: number): Int32Array {
  const k = Math.min(SAMPLE_ROWS, length);
  const out = new Int32Array(k);
  const rng = new Lcg();
  for (let j = 0; j < k; j++) {
    const lo = Math.floor((j * length) / k), hi = Math.floor(((j + 1) * length) / k);
    out[j] = lo + rng.below(hi - lo);
  }
  return out;
}

/** Reservoir sampling state: adds the k-th non-null value (k counts from 0). */
function offer(sample: JsValue[], k: number, v: JsValue, rng: Lcg): void {
  if (k < SAMPLE_SIZE) { sample.push(v); return; }
  const j = rng.below(k + 1);
  if (j < SAMPLE_SIZE) sample[j] = v;
}

/**
 * Summarizes rows [0, length) of a column, skipping rows flagged in `deleted`.
 * `withSample` collects up to {@link SAMPLE_SIZE} values. With `pick` (ascending row numbers,
 * see {@link sampleRows}) only those rows are read and the summary is scaled to `liveRows`.
 */
export function summarizeColumn(col: ColumnStore, length: number, deleted: Uint8Array, withSample: boolean,
  pick: Int32Array | null = null, liveRows = 0): ColumnSummary {
  const count = pick === null ? length : pick.length;
  // the value hashes are gathered first and counted after, each in a loop of its own: tight
  // loops reach optimized code sooner, which matters for the first plan over a large table
  const hs = new Uint32Array(count);
  const nl = col.nulls !== null && col.nullCount > 0 ? col.nulls : null;
  const sample: JsValue[] | null = withSample ? [] : null;
  const rng = new Lcg();
  const d = col.data;
  let rows = 0, nulls = 0, k = 0;
  let min: JsValue = null, max: JsValue = null;
  if (d instanceof Int32Array || d instanceof Uint8Array) {
    // integer, smallint, date; boolean (0/1)
    let lo = Infinity, hi = -Infinity;
    for (let j = 0; j < count; j++) {
      const r = pick === null ? j : pick[j]!;
      if (deleted[r] === 1) continue;
      rows++;
      if (nl !== null && nl[r] === 1) { nulls++; continue; }
      const v = d[r]!;
      hs[k] = v;   // the value's bits, hashed below in one tight loop
      if (v < lo) lo = v;
      if (v > hi) hi = v;
      if (sample !== null) offer(sample, k, col.type === 'boolean' ? v === 1 : v, rng);
      k++;
    }
    hashInt32Bits(hs, k);
    if (k > 0) {
      min = col.type === 'boolean' ? lo === 1 : lo;
      max = col.type === 'boolean' ? hi === 1 : hi;
    }
  } else if (d instanceof Float64Array) {
    let lo = Infinity, hi = -Infinity, nan = false;
    for (let j = 0; j < count; j++) {
      const r = pick === null ? j : pick[j]!;
      if (deleted[r] === 1) continue;
      rows++;
      if (nl !== null && nl[r] === 1) { nulls++; continue; }
      const v = d[r]!;
      hs[k] = hashFloat64(v);
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
    for (let j = 0; j < count; j++) {
      const r = pick === null ? j : pick[j]!;
      if (deleted[r] === 1) continue;
      rows++;
      if (nl !== null && nl[r] === 1) { nulls++; continue; }
      const v = d[r]!;
      hs[k] = hashBigInt64(v);
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
    for (let j = 0; j < count; j++) {
      const r = pick === null ? j : pick[j]!;
      if (deleted[r] === 1) continue;
      rows++;
      if (nl !== null && nl[r] === 1) { nulls++; continue; }
      const v = arr === null ? col.get(r) : arr[r]!;
      // equal numerics of different display scales (1.5, 1.50) count as one value
      const h = arr === null ? hashString(numericNormalKey(parseNumeric(v as string))) : typeof v === 'string' ? hashString(v) : v instanceof Uint8Array ? hashBytes(v) : hashOther(v);
      hs[k] = h;
      if (min === null || compareValues(v, min, t) < 0) min = v;
      if (max === null || compareValues(v, max, t) > 0) max = v;
      if (sample !== null) offer(sample, k, v, rng);
      k++;
    }
  }
  // every hash goes to the sketch; to exact counts while they are few (or, for a sample, always)
  const sketch = new HyperLogLog();
  sketch.addHashes(hs, k);
  const counts = new HashCounts(pick === null ? EXACT_LIMIT : pick.length);
  counts.addAll(hs, k);
  if (pick !== null) {
    // scale the sample to the partition: counts by the live fraction, distinct values by Duj1
    const scale = rows === 0 ? 0 : liveRows / rows;
    const distinct = estimateDistinct(k, counts.size, counts.singletons(), Math.round(k * scale));
    return { type: col.type, rows: liveRows, nulls: Math.round(nulls * scale), sketch, hashes: null, distinct, min, max, sample, sampled: true };
  }
  const hashes = counts.overflowed ? null : counts.hashes();
  return { type: col.type, rows, nulls, sketch, hashes, distinct: hashes === null ? Math.min(k, Math.round(sketch.estimate())) : hashes.length, min, max, sample, sampled: false };
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
  let distinct = hashes === null ? Math.round(sketch.estimate()) : hashes.length;
  const sampled = parts.some((p) => p.sampled);
  // a sampled part's sketch saw only its sample: its own (scaled) estimate is a lower bound
  if (sampled) for (const p of parts) distinct = Math.max(distinct, p.distinct);
  return { type, rows, nulls, sketch, hashes, distinct: Math.min(distinct, rows - nulls), min, max, sample, sampled };
}
