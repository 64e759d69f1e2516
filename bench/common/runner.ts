/**
 * The measuring loop shared by both benches (bench/child.ts in Node, bench/browser/page/main.ts in the
 * page): for one workload on one engine, the untimed setup, `gc()`, the timed region, the extrapolation of
 * a time-capped loop, the median, and the digest of the last answer.
 *
 * Environment-neutral: this module imports nothing from Node (`gc` is whatever `--expose-gc` or
 * Chromium's `--js-flags=--expose-gc` put on `globalThis`).
 * @module
 */

import { defaultToArrays, digestOf, stateRows } from './digest.ts';
import type { Digest } from './digest.ts';
import { Loop } from './workloads.ts';
import type { Adapter, Context, Row, Workload, WorkloadId } from './workloads.ts';

/** Outcome of one workload on one engine. */
export interface WorkloadResult {
  /** `ok`, `n/a` (engine lacks the feature), `error` (threw), or `skipped` (not selected). */
  status: 'ok' | 'n/a' | 'error' | 'skipped';
  /** Median of the timed runs, ms. */
  median?: number;
  /** Fastest timed run, ms. */
  min?: number;
  /** Slowest timed run, ms. */
  max?: number;
  /** All timed runs, ms. */
  runs?: number[];
  /** Warm-up time(s), ms. */
  warmup?: number[];
  /** True when a timed run hit the time cap and its time is extrapolated to the full count. */
  estimated?: boolean;
  /** Number of timed runs that hit the time cap. */
  cappedRuns?: number;
  /** Smallest fraction of the operations done in a capped timed run. */
  doneFraction?: number;
  /** Answer digest of the last timed run (absent when that run hit the time cap). */
  digest?: Digest;
  /** Error message. */
  error?: string;
  /** The error's stack (first lines), for the log (browser bench only). */
  stack?: string;
}

/** How many runs, and the time cap of the per-row loops. */
export interface RunConfig {
  /** Warm-up runs per workload. */
  readonly warmup: number;
  /** Timed runs per workload. */
  readonly runs: number;
  /** Time cap of one run of a per-row loop, ms. */
  readonly capMs: number;
}

/** Full garbage collections, when `gc` is exposed (a no-op otherwise). */
export function gc(): void {
  const g = (globalThis as { gc?: () => void }).gc;
  if (g !== undefined) {
    g();
    g();
  }
}

/** Median of `xs` (the mean of the middle two for an even count). */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? (s[m] ?? NaN) : ((s[m - 1] ?? NaN) + (s[m] ?? NaN)) / 2;
}

/** An error's message on one line, at most 300 characters. */
export function message(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  const flat = text.replace(/\s*\n\s*/g, ' ').trim();
  return flat.length > 300 ? flat.slice(0, 300) + '…' : flat;
}

/** The log line's note on a time-capped result (empty when no run was capped). */
export function estimateNote(r: WorkloadResult, runs: number): string {
  return r.estimated === true
    ? ` (~: ${String(r.cappedRuns)} of ${String(runs)} runs time-capped, extrapolated from >= ${(100 * (r.doneFraction ?? 0)).toFixed(1)}% of the ops)`
    : '';
}

/**
 * Runs one workload: `cfg.warmup` warm-up runs then `cfg.runs` timed runs, each after its untimed setup
 * and `gc()`; a run whose per-row loop hit the time cap is extrapolated to the full count. Digests the
 * last run's answer (untimed) unless that run was capped: the rows of a reading workload, else the table
 * state. Throws what the workload throws.
 * @param beforeRun - called before each run's setup with the run's index (e.g. to show progress)
 */
export async function runWorkload(
  a: Adapter,
  w: Workload,
  ctx: Context,
  cfg: RunConfig,
  beforeRun?: (id: WorkloadId, run: number) => void,
): Promise<WorkloadResult> {
  const loop = new Loop(w.loop === undefined ? Infinity : cfg.capMs, w.loop?.mask ?? 0);
  const total = w.loop?.count(ctx) ?? 0;
  const warmup: number[] = [];
  const runs: number[] = [];
  let cappedRuns = 0;
  let minDone = 1;
  let lastComplete = true;
  let last: Row[] | undefined;
  for (let r = 0; r < cfg.warmup + cfg.runs; r++) {
    beforeRun?.(w.id, r);
    const arg = w.setup !== undefined ? await w.setup(a, ctx, r) : undefined;
    gc();
    loop.start();
    const t0 = performance.now();
    const out = await w.run(a, ctx, loop, arg);
    let ms = performance.now() - t0;
    lastComplete = loop.stoppedAt < 0;
    if (!lastComplete) {
      ms = loop.stoppedAt > 0 ? (ms * total) / loop.stoppedAt : Infinity;
      if (r >= cfg.warmup) {
        cappedRuns++;
        minDone = Math.min(minDone, loop.stoppedAt / total);
      }
    }
    if (r < cfg.warmup) warmup.push(ms);
    else runs.push(ms);
    last = out;
  }
  const res: WorkloadResult = { status: 'ok', median: median(runs), min: Math.min(...runs), max: Math.max(...runs), runs, warmup };
  if (cappedRuns > 0) {
    res.estimated = true;
    res.cappedRuns = cappedRuns;
    res.doneFraction = minDone;
  }
  if (lastComplete) {
    if (w.kind === 'read') {
      const rows = last ?? [];
      const arrays = a.toArrays !== undefined ? a.toArrays(w.id, rows) : defaultToArrays(rows);
      res.digest = digestOf(arrays, w.keepSorted);
    } else if (a.state !== undefined) {
      res.digest = digestOf(stateRows(await a.state()), false);
    }
  }
  return res;
}
