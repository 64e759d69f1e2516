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

import { message, runWorkload } from '../../common/runner.ts';
import type { WorkloadResult } from '../../common/runner.ts';
import { loadTables, WORKLOADS } from '../../common/workloads.ts';
import type { Adapter, Context, WorkloadId } from '../../common/workloads.ts';
import { deleteIds, generateEvents, generateUsers, lookupIds, updatePairs } from '../../data.ts';
import type { EventRow } from '../../data.ts';
import { measureLive } from '../../common/live.ts';
import type { LiveBenchDatabase, LiveBenchResult } from '../../common/live.ts';
import type { EngineId, InitResult, LiveConfig, PageApi, PageConfig } from '../protocol.ts';
import { measureTransport, type TransportResult } from './transport.ts';

declare global {
  interface Window {
    /** The page's benchmark API, for the orchestrator. */
    inkBench?: PageApi;
  }
}

async function loadAdapter(engine: EngineId): Promise<Adapter> {
  switch (engine) {
    case 'inkdb':
      return (await import('../adapters/inkdb.ts')).pageInkdbAdapter(false);
    case 'inkdb-worker':
      return (await import('../adapters/inkdb.ts')).pageInkdbAdapter(true);
    case 'sqljs':
      return (await import('../adapters/sqljs.ts')).pageSqljsAdapter();
    case 'alasql':
      return new (await import('../../common/adapters/alasql.ts')).AlasqlAdapter();
    case 'arquero':
      return new (await import('../../common/adapters/arquero.ts')).ArqueroAdapter();
    case 'duckdb':
      return new (await import('../adapters/duckdb.ts')).DuckdbAdapter();
    case 'pglite':
      return new (await import('../../common/adapters/pglite.ts')).PgliteAdapter();
    case 'pglite-worker':
      return new (await import('../adapters/pglite-worker.ts')).PgliteWorkerAdapter();
  }
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
  a: Adapter;
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
  await loadTables(s.a, s.ctx);
  s.indexed = false;
}

const api: PageApi = {
  async transport(quick: boolean): Promise<TransportResult> {
    status('transport');
    const { openDatabase } = await import('../../../src/inprocess.ts');
    const r = await measureTransport(openDatabase, quick);
    status('transport done');
    return r;
  },

  async live(cfg: LiveConfig): Promise<LiveBenchResult> {
    status(`live queries: ${cfg.engine}`);
    const { openDatabase } = await import('../../../src/inprocess.ts');
    const db = await openDatabase({ worker: cfg.engine === 'inkdb-worker', storage: 'memory' });
    const opts = cfg.quick ? { samples: 50, warmup: 20 } : { samples: 300, warmup: 100 };
    const r = await measureLive(cfg.engine === 'inkdb-worker' ? 'module Worker' : 'page (in-process)', db as unknown as LiveBenchDatabase, opts);
    status('live queries done');
    return r;
  },

  async init(cfg: PageConfig): Promise<InitResult> {
    status(`starting ${cfg.engine}`);
    const a = await loadAdapter(cfg.engine);
    const users = generateUsers();
    const ctx: Context = {
      n: cfg.n,
      users,
      lookupIds: (run) => lookupIds(cfg.n, run),
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
      return await runWorkload(s.a, w, s.ctx, s.cfg, (wid, r) => status(`${wid} run ${String(r + 1)}`));
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
