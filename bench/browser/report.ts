/**
 * The browser bench's own tables: medians with the untimed start-up rows, InkDB (page) and InkDB (worker)
 * against the best peer, and the targets not built yet. Formatting, the table skeleton and the
 * cross-check are bench/common/report.ts's.
 * @module
 */

import { fmt, mediansLines } from '../common/report.ts';
import type { WorkloadId } from '../common/workloads.ts';
import { INKDB_ENGINES, LABELS } from './protocol.ts';
import type { EngineId, EngineResult } from './protocol.ts';
import { PLANNED_WORKLOADS } from './workloads.ts';

function okMedian(e: EngineResult | undefined, w: WorkloadId): number | undefined {
  if (e === undefined || e.error !== undefined) return undefined;
  const r = e.workloads[w];
  return r?.status === 'ok' ? r.median : undefined;
}

function estimated(e: EngineResult | undefined, w: WorkloadId): boolean {
  return e?.workloads[w]?.estimated === true;
}

/** The table of medians at one size: workloads × engines, plus the untimed start-up and first load. */
export function mediansTable(n: number, results: readonly EngineResult[], workloads: readonly WorkloadId[], browser: string): string {
  const lines = mediansLines(results, (e) => LABELS[e], workloads, [
    ['engine start (untimed)', (r) => r.init?.openMs],
    ['first load of both tables (untimed)', (r) => r.init?.initialLoadMs],
  ]);
  return `N = ${n.toLocaleString('en-US')}, ${browser} (median ms, lower is better; ~ = extrapolated from a time-capped loop)\n\n${lines}\n`;
}

/** One row of the ratio table. */
export interface RatioRow {
  workload: WorkloadId;
  page: number | undefined;
  worker: number | undefined;
  bestPeer: EngineId | undefined;
  best: number | undefined;
  pageRatio: number | undefined;
  workerRatio: number | undefined;
  /** The fastest peer that runs in a Worker of its own (DuckDB-Wasm, PGlite (worker)): like for like with InkDB (worker). */
  bestWorkerPeer: EngineId | undefined;
  bestWorker: number | undefined;
  /** Which of the figures are extrapolated from a time-capped loop. */
  estimated: { page: boolean; worker: boolean; best: boolean };
}

/** Peers that run in a Worker of their own in the page. */
const WORKER_PEERS: readonly EngineId[] = ['duckdb', 'pglite-worker'];

/** InkDB (page) and InkDB (worker) against the fastest peer, per workload. */
export function ratios(results: readonly EngineResult[], workloads: readonly WorkloadId[]): RatioRow[] {
  const page = results.find((r) => r.engine === 'inkdb');
  const worker = results.find((r) => r.engine === 'inkdb-worker');
  const peers = results.filter((r) => !INKDB_ENGINES.includes(r.engine));
  return workloads.map((w) => {
    let best: number | undefined;
    let bestPeer: EngineId | undefined;
    for (const p of peers) {
      const m = okMedian(p, w);
      if (m !== undefined && (best === undefined || m < best)) {
        best = m;
        bestPeer = p.engine;
      }
    }
    const pm = okMedian(page, w);
    const wm = okMedian(worker, w);
    let bestWorker: number | undefined;
    let bestWorkerPeer: EngineId | undefined;
    for (const p of peers) {
      if (!WORKER_PEERS.includes(p.engine)) continue;
      const m = okMedian(p, w);
      if (m !== undefined && (bestWorker === undefined || m < bestWorker)) {
        bestWorker = m;
        bestWorkerPeer = p.engine;
      }
    }
    return {
      workload: w,
      page: pm,
      worker: wm,
      bestPeer,
      best,
      bestWorkerPeer,
      bestWorker,
      pageRatio: pm !== undefined && best !== undefined ? pm / best : undefined,
      workerRatio: wm !== undefined && best !== undefined ? wm / best : undefined,
      estimated: {
        page: estimated(page, w),
        worker: estimated(worker, w),
        best: estimated(peers.find((p) => p.engine === bestPeer), w),
      },
    };
  });
}

function ratioCell(x: number | undefined, est: boolean): string {
  if (x === undefined) return '—';
  return `${est ? '~' : ''}${x.toFixed(2)} ${x <= 1 ? '✅' : '❌'}`;
}

/** The ratio table at one size. */
export function ratioTable(n: number, rows: readonly RatioRow[]): string {
  const lines = [
    '| workload | InkDB (page) | InkDB (worker) | best peer | peer | page / best | worker / best | best peer in a Worker | worker / it |',
    '|---|--:|--:|--:|---|--:|--:|--:|--:|',
  ];
  for (const r of rows) {
    const v = (x: number | undefined, est: boolean): string => (x === undefined ? '—' : (est ? '~' : '') + fmt(x));
    const e = r.estimated;
    lines.push(
      `| ${r.workload} | ${v(r.page, e.page)} | ${v(r.worker, e.worker)} | ${v(r.best, e.best)} | ${r.bestPeer === undefined ? '—' : LABELS[r.bestPeer]} | ` +
        `${ratioCell(r.pageRatio, e.page || e.best)} | ${ratioCell(r.workerRatio, e.worker || e.best)} | ` +
        `${r.bestWorkerPeer === undefined ? '—' : `${fmt(r.bestWorker!)} (${LABELS[r.bestWorkerPeer]})`} | ` +
        `${r.worker !== undefined && r.bestWorker !== undefined ? ratioCell(r.worker / r.bestWorker, e.worker) : '—'} |`,
    );
  }
  return `InkDB vs the best peer, N = ${n.toLocaleString('en-US')} (ratio = InkDB / min(peers); ≤ 1.00 is a win; ~ = from an extrapolated figure)\n\n${lines.join('\n')}\n`;
}

/** The planned browser workloads, listed as not built. */
export function plannedTable(): string {
  const lines = ['| id | what | target | status | blocked on |', '|---|---|---|---|---|'];
  for (const p of PLANNED_WORKLOADS) lines.push(`| ${p.id} | ${p.title} | ${p.target} | not built yet | ${p.blockedOn} |`);
  return `Browser-side targets not measured (not built yet)\n\n${lines.join('\n')}\n`;
}
