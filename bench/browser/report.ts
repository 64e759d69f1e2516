/**
 * Markdown tables, ratios to the best peer and the answers' cross-check of the browser bench.
 * @module
 */

import { crossCheck } from './digest.ts';
import type { Digest } from './digest.ts';
import { INKDB_ENGINES, LABELS } from './protocol.ts';
import type { EngineId, EngineResult, WorkloadResult } from './protocol.ts';
import { PLANNED_WORKLOADS } from './workloads.ts';
import type { WorkloadId } from './workloads.ts';

/** Formats milliseconds with 3 significant digits and thousands separators. */
export function fmt(x: number): string {
  if (!Number.isFinite(x)) return '∞';
  if (Math.abs(x) >= 100) return Math.round(x).toLocaleString('en-US');
  if (Math.abs(x) < 0.005) return '0.00';
  return x.toPrecision(3);
}

function cell(r: WorkloadResult | undefined): string {
  if (r === undefined) return '—';
  switch (r.status) {
    case 'ok':
      return (r.estimated === true ? '~' : '') + fmt(r.median ?? NaN);
    case 'n/a':
      return 'n/a';
    case 'skipped':
      return '—';
    case 'error':
      return 'error';
  }
}

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
  const lines: string[] = [];
  lines.push(`| workload | ${results.map((r) => LABELS[r.engine]).join(' | ')} |`);
  lines.push(`|---|${results.map(() => '--:').join('|')}|`);
  for (const w of workloads) lines.push(`| ${w} | ${results.map((r) => (r.error !== undefined ? 'error' : cell(r.workloads[w]))).join(' | ')} |`);
  const extra = (label: string, f: (r: EngineResult) => number | undefined): void => {
    lines.push(`| ${label} | ${results.map((r) => { const v = f(r); return v === undefined ? (r.error !== undefined ? 'error' : '—') : fmt(v); }).join(' | ')} |`);
  };
  extra('engine start (untimed)', (r) => r.init?.openMs);
  extra('first load of both tables (untimed)', (r) => r.init?.initialLoadMs);
  return (
    `N = ${n.toLocaleString('en-US')}, ${browser} (median ms, lower is better; ~ = extrapolated from a time-capped loop)\n\n` +
    `${lines.join('\n')}\n`
  );
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
  /** Which of the figures are extrapolated from a time-capped loop. */
  estimated: { page: boolean; worker: boolean; best: boolean };
}

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
    return {
      workload: w,
      page: pm,
      worker: wm,
      bestPeer,
      best,
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
    '| workload | InkDB (page) | InkDB (worker) | best peer | peer | page / best | worker / best |',
    '|---|--:|--:|--:|---|--:|--:|',
  ];
  for (const r of rows) {
    const v = (x: number | undefined, est: boolean): string => (x === undefined ? '—' : (est ? '~' : '') + fmt(x));
    const e = r.estimated;
    lines.push(
      `| ${r.workload} | ${v(r.page, e.page)} | ${v(r.worker, e.worker)} | ${v(r.best, e.best)} | ${r.bestPeer === undefined ? '—' : LABELS[r.bestPeer]} | ` +
        `${ratioCell(r.pageRatio, e.page || e.best)} | ${ratioCell(r.workerRatio, e.worker || e.best)} |`,
    );
  }
  return `InkDB vs the best peer, N = ${n.toLocaleString('en-US')} (ratio = InkDB / min(peers); ≤ 1.00 is a win; ~ = from an extrapolated figure)\n\n${lines.join('\n')}\n`;
}

/** Engines whose answers disagree on one workload. */
export interface Mismatch {
  n: number;
  workload: WorkloadId;
  groups: EngineId[][];
  reasons: string[];
}

/** Cross-checks the digests of every workload at one size. */
export function checkAnswers(
  n: number,
  results: readonly EngineResult[],
  workloads: readonly WorkloadId[],
): { mismatches: Mismatch[]; checked: Partial<Record<WorkloadId, EngineId[]>> } {
  const mismatches: Mismatch[] = [];
  const checked: Partial<Record<WorkloadId, EngineId[]>> = {};
  for (const w of workloads) {
    const digests = new Map<string, Digest>();
    for (const r of results) {
      const d = r.workloads[w]?.digest;
      if (r.error === undefined && d !== undefined) digests.set(r.engine, d);
    }
    checked[w] = [...digests.keys()] as EngineId[];
    if (digests.size < 2) continue;
    const { groups, reasons } = crossCheck(digests);
    if (groups.length > 1) mismatches.push({ n, workload: w, groups: groups.map((g) => g.engines as EngineId[]), reasons });
  }
  return { mismatches, checked };
}

/** The planned browser workloads, listed as not built. */
export function plannedTable(): string {
  const lines = ['| id | what | target | status | blocked on |', '|---|---|---|---|---|'];
  for (const p of PLANNED_WORKLOADS) lines.push(`| ${p.id} | ${p.title} | ${p.target} | not built yet | ${p.blockedOn} |`);
  return `Browser-side targets not measured (not built yet)\n\n${lines.join('\n')}\n`;
}
