/**
 * What the Node orchestrator (run.ts) and the page (page/main.ts) say to each other through Playwright's
 * `page.evaluate`, and the engine list. Plain data only (it crosses the page boundary as JSON-like values).
 * @module
 */

import type { LiveBenchResult } from '../common/live.ts';
import type { TransportResult } from './page/transport.ts';
import type { WorkloadResult } from '../common/runner.ts';
import type { WorkloadId } from '../common/workloads.ts';

/** Every engine the browser bench knows, in column order. */
export const ALL_ENGINES = ['inkdb', 'inkdb-worker', 'sqljs', 'alasql', 'arquero', 'duckdb', 'pglite', 'pglite-worker'] as const;

/** Engine id. */
export type EngineId = (typeof ALL_ENGINES)[number];

/** Engines of `--quick` (DuckDB-Wasm and PGlite take seconds just to start). */
export const QUICK_ENGINES: readonly EngineId[] = ['inkdb', 'inkdb-worker', 'sqljs', 'alasql', 'arquero'];

/** The InkDB variants; every other engine is a peer. */
export const INKDB_ENGINES: readonly EngineId[] = ['inkdb', 'inkdb-worker'];

/** Column headers. */
export const LABELS: Record<EngineId, string> = {
  inkdb: 'InkDB (page)',
  'inkdb-worker': 'InkDB (worker)',
  sqljs: 'sql.js',
  alasql: 'AlaSQL',
  arquero: 'Arquero',
  duckdb: 'DuckDB-Wasm',
  pglite: 'PGlite',
  'pglite-worker': 'PGlite (worker)',
};

/** Whether `s` names a known engine. */
export function isEngineId(s: string): s is EngineId {
  return (ALL_ENGINES as readonly string[]).includes(s);
}

/** What the page is asked to set up. */
export interface PageConfig {
  engine: EngineId;
  /** Number of `events` rows. */
  n: number;
  warmup: number;
  runs: number;
  /** Time cap of one run of a per-row loop, ms. */
  capMs: number;
}

/** What the page reports after starting the engine and loading the tables. */
export interface InitResult {
  /** Engine start-up, ms (untimed for the workloads). */
  openMs: number;
  /** The first (untimed) load of both tables, ms. */
  initialLoadMs: number;
  /** Smallest step of `performance.now()` seen on the page, ms (100 µs unless cross-origin isolated). */
  timerResolutionMs: number;
  crossOriginIsolated: boolean;
  /** Whether `gc()` was available (Chromium's `--js-flags=--expose-gc`). */
  gc: boolean;
  userAgent: string;
  /** The adapter's detail, if any (e.g. DuckDB-Wasm's bundle). */
  info?: string;
}

/** What the page is asked to measure for the live-query benchmark (bench/common/live.ts). */
export interface LiveConfig {
  /** `inkdb` (engine on the page) or `inkdb-worker` (engine in its module Worker). */
  engine: EngineId;
  quick: boolean;
}

/** What the page exposes as `window.inkBench`. */
export interface PageApi {
  /** Runs the live-query benchmark on a fresh InkDB database (InkDB engines only; no `init` needed). */
  live(cfg: LiveConfig): Promise<LiveBenchResult>;
  /** Measures the cost of crossing to the Worker (page/transport.ts): echo floor, point query, large result, batch. */
  transport(quick: boolean): Promise<TransportResult>;
  /** Loads the engine's module, starts it, generates the data and loads both tables (all untimed). */
  init(cfg: PageConfig): Promise<InitResult>;
  /** Runs one workload (warm-up + timed runs) and digests its last answer. */
  run(id: WorkloadId): Promise<WorkloadResult>;
  /** Shuts the engine down. */
  close(): Promise<void>;
}

/** Everything measured for one engine at one size. */
export interface EngineResult {
  engine: EngineId;
  n: number;
  version: string;
  /** Engine failed to load or start: message. */
  error?: string;
  /** The page crashed or timed out after `init`. */
  crashed?: string;
  init?: InitResult;
  workloads: Partial<Record<WorkloadId, WorkloadResult>>;
  /** Wall time of the whole engine page, s. */
  wallS?: number;
}
