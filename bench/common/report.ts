/**
 * The parts of the printed report that both orchestrators share (bench/run.ts and bench/browser/run.ts):
 * number formatting, the table of medians, the answers' cross-check and its summary, and the error list.
 * Each orchestrator adds its own rows (memory, or the untimed start-up) and its own ratio table.
 *
 * Environment-neutral: this module imports nothing from Node.
 * @module
 */

import { crossCheck } from './digest.ts';
import type { AgreementGroup, Digest } from './digest.ts';
import type { WorkloadResult } from './runner.ts';
import type { WorkloadId } from './workloads.ts';

/** What the shared tables read of one engine's results at one size. */
export interface EngineRun {
  /** Engine id. */
  readonly engine: string;
  /** Engine failed to load or start: message. */
  readonly error?: string;
  /** The process or page died after the start. */
  readonly crashed?: string;
  /** Outcome per workload. */
  readonly workloads: Partial<Record<WorkloadId, WorkloadResult>>;
}

/** Formats milliseconds (or MB) with 3 significant digits and thousands separators. */
export function fmt(x: number): string {
  if (!Number.isFinite(x)) return '∞';
  if (Math.abs(x) >= 100) return Math.round(x).toLocaleString('en-US');
  if (Math.abs(x) < 0.005) return '0.00';
  return x.toPrecision(3);
}

/** One cell of the table of medians: the median (`~` when extrapolated), `n/a`, `error` or `—`. */
export function cell(r: WorkloadResult | undefined): string {
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

/** An extra row of the table of medians: its label and the figure of one engine (undefined: none). */
export type ExtraRow<R extends EngineRun> = readonly [label: string, figure: (r: R) => number | undefined];

/**
 * The markdown lines of the table of medians at one size: a row per workload, a column per engine, then
 * the `extra` rows.
 * @param label - column header of an engine
 */
export function mediansLines<R extends EngineRun>(
  results: readonly R[],
  label: (engine: R['engine']) => string,
  workloads: readonly WorkloadId[],
  extra: readonly ExtraRow<R>[],
): string {
  const lines: string[] = [];
  lines.push(`| workload | ${results.map((r) => label(r.engine)).join(' | ')} |`);
  lines.push(`|---|${results.map(() => '--:').join('|')}|`);
  for (const w of workloads) lines.push(`| ${w} | ${results.map((r) => (r.error !== undefined ? 'error' : cell(r.workloads[w]))).join(' | ')} |`);
  for (const [name, f] of extra) {
    lines.push(`| ${name} | ${results.map((r) => { const v = f(r); return v === undefined ? (r.error !== undefined ? 'error' : '—') : fmt(v); }).join(' | ')} |`);
  }
  return lines.join('\n');
}

/** Engines whose answers disagree on one workload. */
export interface Mismatch {
  /** Table size. */
  n: number;
  /** Workload id. */
  workload: WorkloadId;
  /** The groups of engines that agree with each other (more than one). */
  groups: AgreementGroup[];
  /** For each group after the first, why it differs from the first. */
  reasons: string[];
}

/**
 * Cross-checks the digests of every workload at one size (engines that failed to start, and answers
 * without a digest, are left out).
 * @returns the mismatches, and per workload the engines whose answers were compared
 */
export function checkAnswers<R extends EngineRun>(
  n: number,
  results: readonly R[],
  workloads: readonly WorkloadId[],
): { mismatches: Mismatch[]; checked: Partial<Record<WorkloadId, R['engine'][]>> } {
  const mismatches: Mismatch[] = [];
  const checked: Partial<Record<WorkloadId, R['engine'][]>> = {};
  for (const w of workloads) {
    const digests = new Map<R['engine'], Digest>();
    for (const r of results) {
      const d = r.workloads[w]?.digest;
      if (r.error === undefined && d !== undefined) digests.set(r.engine, d);
    }
    checked[w] = [...digests.keys()];
    if (digests.size < 2) continue;
    const { groups, reasons } = crossCheck(digests);
    if (groups.length > 1) mismatches.push({ n, workload: w, groups, reasons });
  }
  return { mismatches, checked };
}

/** The mismatches as written to the JSON: the groups as lists of engines, without the digests. */
export function mismatchesJson(mismatches: readonly Mismatch[]): { n: number; workload: WorkloadId; groups: string[][]; reasons: string[] }[] {
  return mismatches.map((m) => ({ n: m.n, workload: m.workload, groups: m.groups.map((g) => g.engines), reasons: m.reasons }));
}

/**
 * The line that says which workloads were cross-checked at one size, and how many engines each.
 * @param note - text after `N=…`, e.g. ` (engines compared)`
 */
export function crossCheckedLine(n: number, workloads: readonly WorkloadId[], checked: Partial<Record<WorkloadId, readonly string[]>>, note = ''): string {
  const partial = workloads.filter((w) => (checked[w]?.length ?? 0) < 2);
  return (
    `\nAnswers cross-checked at N=${n.toLocaleString('en-US')}${note}: ` +
    `${workloads.filter((w) => !partial.includes(w)).map((w) => `${w} (${String(checked[w]?.length ?? 0)})`).join(', ')}` +
    `${partial.length > 0 ? `; not checked (fewer than 2 complete answers): ${partial.join(', ')}` : ''}\n`
  );
}

/** The `**ANSWER MISMATCH**` section (empty when there is no mismatch). */
export function mismatchSection(mismatches: readonly Mismatch[]): string {
  if (mismatches.length === 0) return '';
  let out = '\n**ANSWER MISMATCH**\n';
  for (const m of mismatches) {
    out += `- N=${m.n.toLocaleString('en-US')} ${m.workload}: groups ${m.groups.map((g) => `[${g.engines.join(', ')}]`).join(' vs ')}\n`;
    for (const reason of m.reasons) out += `  - ${reason}\n`;
  }
  return out;
}

/**
 * The error lines of one engine at one size: it failed to start, it died, or a workload threw.
 * @param afterCrash - also list the workloads that are errors because the process or page died
 */
export function errorLines(n: number, r: EngineRun, workloads: readonly WorkloadId[], afterCrash: boolean): string[] {
  const lines: string[] = [];
  if (r.error !== undefined) lines.push(`- ${r.engine} N=${String(n)}: engine error: ${r.error}\n`);
  if (r.crashed !== undefined) lines.push(`- ${r.engine} N=${String(n)}: ${r.crashed}\n`);
  if (r.crashed === undefined || afterCrash) {
    for (const w of workloads) {
      const wr = r.workloads[w];
      if (wr?.status === 'error') lines.push(`- ${r.engine} N=${String(n)} ${w}: error: ${wr.error ?? '?'}\n`);
    }
  }
  return lines;
}
