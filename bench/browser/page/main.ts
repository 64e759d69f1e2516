/**
 * The benchmark page: one engine per page. It exposes `window.inkBench` ({@link PageApi}); the Node
 * orchestrator (bench/browser/run.ts) calls `init` once, then `run` once per workload, then `close`.
 * Each engine's adapter is a separate chunk, loaded by `init`, so a page holds only its own engine.
 *
 * Method (as the Node bench): data generated from bench/data.ts's seeded generator, untimed; for each
 * workload one warm-up + k timed runs, `gc()` before each (Chromium runs with `--expose-gc`), median
 * reported; result rows materialized inside the timed region; mutating and loading workloads get fresh
 * tables each run (untimed); the last run's answer is digested for the cross-check (untimed).
 * @module
 */

import { deleteIds, generateEvents, generateUsers, lookupIds, updatePairs } from '../../data.ts';
import type { EventRow } from '../../data.ts';
import { defaultToArrays, digestOf } from '../digest.ts';
import type { EngineId, InitResult, PageApi, PageConfig, WorkloadResult } from '../protocol.ts';
import { Loop, WORKLOADS } from '../workloads.ts';
import type { BrowserAdapter, Context, Row, Workload, WorkloadId } from '../workloads.ts';

declare global {
  interface Window {
    /** The page's benchmark API, for the orchestrator. */
    inkBench?: PageApi;
  }
}

async function loadAdapter(engine: EngineId): Promise<BrowserAdapter> {
  switch (engine) {
    case 'inkdb':
      return new (await import('../adapters/inkdb.ts')).InkdbAdapter(false);
    case 'inkdb-worker':
      return new (await import('../adapters/inkdb.ts')).InkdbAdapter(true);
    case 'sqljs':
      return new (await import('../adapters/sqljs.ts')).SqljsAdapter();
    case 'alasql':
      return new (await import('../adapters/alasql.ts')).AlasqlAdapter();
    case 'arquero':
      return new (await import('../adapters/arquero.ts')).ArqueroAdapter();
    case 'duckdb':
      return new (await import('../adapters/duckdb.ts')).DuckdbAdapter();
    case 'pglite':
      return new (await import('../adapters/pglite.ts')).PgliteAdapter();
  }
}

function gc(): void {
  const g = (globalThis as { gc?: () => void }).gc;
  if (g !== undefined) {
    g();
    g();
  }
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? (s[m] ?? NaN) : ((s[m - 1] ?? NaN) + (s[m] ?? NaN)) / 2;
}

function message(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  const flat = text.replace(/\s*\n\s*/g, ' ').trim();
  return flat.length > 300 ? flat.slice(0, 300) + '…' : flat;
}

/** Smallest nonzero step of `performance.now()` seen in 20 ms. */
function timerResolution(): number {
  let min = Infinity;
  let last = performance.now();
  const t0 = last;
  while (last - t0 < 20) {
    const t = performance.now();
    if (t !== last) {
      min = Math.min(min, t - last);
      last = t;
    }
  }
  return min;
}

function status(text: string): void {
  const el = document.getElementById('status');
  if (el !== null) el.textContent = text;
}

/** State of the page between calls. */
interface PageState {
  cfg: PageConfig;
  a: BrowserAdapter;
  ctx: Context;
  /** The index of W8 exists on the shared tables. */
  indexed: boolean;
  /**
   * A loading or mutating workload ran (or threw half-way) since the shared tables were loaded: reload
   * them before the next reading workload.
   */
  stale: boolean;
}

let state: PageState | undefined;

function must(): PageState {
  if (state === undefined) throw new Error('inkBench.init() was not called');
  return state;
}

async function loadShared(s: PageState): Promise<void> {
  await s.a.reset();
  await s.a.loadUsers(s.ctx.users);
  await s.a.bulkLoad(s.ctx.freshEvents());
  s.indexed = false;
}

async function runWorkload(s: PageState, w: Workload): Promise<WorkloadResult> {
  const { a, ctx, cfg } = s;
  const loop = new Loop(w.loop === undefined ? Infinity : cfg.capMs, w.loop?.mask ?? 0);
  const total = w.loop?.count(ctx) ?? 0;
  const warmup: number[] = [];
  const runs: number[] = [];
  let cappedRuns = 0;
  let minDone = 1;
  let lastComplete = true;
  let last: Row[] | undefined;
  for (let r = 0; r < cfg.warmup + cfg.runs; r++) {
    status(`${w.id} run ${String(r + 1)}`);
    const arg = w.setup !== undefined ? await w.setup(a, ctx) : undefined;
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
      const st = await a.state();
      res.digest = digestOf([[st[0], st[1], st[2]]], false);
    }
  }
  return res;
}

const api: PageApi = {
  async init(cfg: PageConfig): Promise<InitResult> {
    status(`starting ${cfg.engine}`);
    const a = await loadAdapter(cfg.engine);
    const users = generateUsers();
    const ctx: Context = {
      n: cfg.n,
      users,
      lookupIds: lookupIds(cfg.n),
      updatePairs: updatePairs(cfg.n),
      deleteIds: deleteIds(cfg.n),
      freshEvents: (): EventRow[] => generateEvents(cfg.n),
    };
    const t0 = performance.now();
    await a.open();
    const openMs = performance.now() - t0;
    const s: PageState = { cfg, a, ctx, indexed: false, stale: false };
    const t1 = performance.now();
    await loadShared(s);
    const initialLoadMs = performance.now() - t1;
    state = s;
    status(`${cfg.engine} ready`);
    const res: InitResult = {
      openMs,
      initialLoadMs,
      timerResolutionMs: timerResolution(),
      crossOriginIsolated: globalThis.crossOriginIsolated,
      gc: typeof (globalThis as { gc?: unknown }).gc === 'function',
      userAgent: navigator.userAgent,
    };
    if (a.info !== undefined && a.info !== '') res.info = a.info;
    return res;
  },

  async run(id: WorkloadId): Promise<WorkloadResult> {
    const s = must();
    const w = WORKLOADS.find((x) => x.id === id);
    if (w === undefined) return { status: 'error', error: `unknown workload ${id}` };
    if (!w.supported(s.a)) return { status: 'n/a' };
    try {
      if (s.stale && w.kind === 'read') {
        await loadShared(s);
        s.stale = false;
      }
      if (w.kind !== 'read') {
        s.stale = true;
        s.indexed = false;
      }
      if (id === 'W8' && !s.indexed) {
        if (s.a.createIndex !== undefined) await s.a.createIndex();
        s.indexed = true;
      }
      return await runWorkload(s, w);
    } catch (e) {
      const res: WorkloadResult = { status: 'error', error: message(e) };
      if (e instanceof Error && e.stack !== undefined) res.stack = e.stack.split('\n').slice(0, 8).join('\n');
      return res;
    } finally {
      status(`${s.cfg.engine} idle`);
    }
  },

  async close(): Promise<void> {
    const s = state;
    state = undefined;
    await s?.a.close();
  },
};

window.inkBench = api;
status('ready');
