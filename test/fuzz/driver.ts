/**
 * The fuzz loop shared by `scripts/fuzz.ts` and `fuzz.test.ts`: draws batches of cases from a
 * seed, runs each batch in a fresh child process and database, counts outcomes, and reduces
 * and deduplicates the failures.
 */
import { isFailure, signature, type FuzzCase, type Outcome } from './cases.ts';
import { abbreviate, reduceFailure, skeleton, type Reduced } from './reduce.ts';
import { EngineChild, runCases, runnerStats, type RunnerOptions } from './runner.ts';
import { Rng } from './rng.ts';
import { nextCase } from './source.ts';

/** Options of {@link fuzz}. */
export interface FuzzOptions {
  seed: number;
  /** Stop after this many statements (default: no limit). */
  statements?: number;
  /** Stop after this many minutes (default: no limit). */
  minutes?: number;
  /** Statements per child process / database. */
  batchSize: number;
  timeLimitMs: number;
  heapMb: number;
  rssLimitMb: number;
  /** Statements to replay and mutate. */
  pool: readonly string[];
  /** Switched-off generator names. */
  off: ReadonlySet<string>;
  maxSize?: number;
  /** Minutes to spend reducing (0: do not reduce). */
  reduceMinutes: number;
  /** Reduce at most this many failures per signature. */
  reducePerSignature?: number;
  /** Progress lines. */
  log?: (line: string) => void;
}

/** One failure as it happened. */
export interface FailureRecord {
  case: FuzzCase;
  outcome: Outcome;
  batch: number;
  index: number;
}

/** A deduplicated, reduced failure. */
export interface Finding {
  signature: string;
  skeleton: string;
  reduced: Reduced;
  original: FailureRecord;
  /** How many raw failures had the signature of the failure it was reduced from. */
  count: number;
}

/** What {@link fuzz} returns. */
export interface FuzzReport {
  seed: number;
  statements: number;
  batches: number;
  children: number;
  ms: number;
  /** Counts by outcome kind. */
  kinds: Record<string, number>;
  /** Counts by `kind code` (error codes of DbErrors, failure codes). */
  codes: Record<string, number>;
  /** Counts by source (`grammar`, `mutation`, `patho:<family>`, …) and kind. */
  sources: Record<string, Record<string, number>>;
  failures: FailureRecord[];
  findings: Finding[];
  /** Batches lost because the harness failed (not the engine). */
  harnessErrors: number;
}

/** Runs the fuzz loop. */
export async function fuzz(o: FuzzOptions): Promise<FuzzReport> {
  const t0 = Date.now();
  const children0 = runnerStats.children;
  const report: FuzzReport = {
    seed: o.seed, statements: 0, batches: 0, children: 0, ms: 0, kinds: {}, codes: {}, sources: {}, failures: [], findings: [], harnessErrors: 0,
  };
  const histories = new Map<number, FuzzCase[]>();
  const endAt = o.minutes !== undefined ? t0 + o.minutes * 60_000 : Infinity;
  const limit = o.statements ?? Infinity;
  const base: Omit<RunnerOptions, 'fresh'> = { timeLimitMs: o.timeLimitMs, heapMb: o.heapMb, rssLimitMb: o.rssLimitMb };
  let b = 0;
  while (report.statements < limit && Date.now() < endAt) {
    const rng = new Rng((o.seed * 1_000_003 + b) >>> 0);
    const n = Math.min(o.batchSize, limit - report.statements);
    const cases: FuzzCase[] = [];
    for (let i = 0; i < n; i++) cases.push(nextCase(rng, { pool: o.pool, off: o.off, maxSize: o.maxSize }));
    let outs: Outcome[];
    try {
      outs = await runCases(cases, { ...base, fresh: 'batch' });
    } catch (e) {
      // The harness itself failed (a child that would not start): note it and go on.
      o.log?.(`harness error in batch ${b}: ${e instanceof Error ? e.message : String(e)}`);
      report.harnessErrors++;
      b++;
      continue;
    }
    let failed = false;
    for (let i = 0; i < n; i++) {
      const out = outs[i]!;
      const c = cases[i]!;
      report.kinds[out.kind] = (report.kinds[out.kind] ?? 0) + 1;
      const key = `${out.kind} ${out.code ?? ''}`.trim();
      report.codes[key] = (report.codes[key] ?? 0) + 1;
      const src = (report.sources[c.source] ??= {});
      src[out.kind] = (src[out.kind] ?? 0) + 1;
      if (isFailure(out)) {
        failed = true;
        report.failures.push({ case: c, outcome: out, batch: b, index: i });
        o.log?.(`FAIL ${signature(out)}  ${abbreviate(c.sql, 160)}`);
      }
    }
    if (failed) histories.set(b, cases);
    report.statements += n;
    report.batches++;
    b++;
    if (report.batches % 10 === 0) o.log?.(`… ${report.statements} statements, ${report.failures.length} failures, ${Math.round((Date.now() - t0) / 1000)} s`);
  }
  if (o.reduceMinutes > 0) report.findings = await reduceAll(report.failures, histories, o);
  report.ms = Date.now() - t0;
  report.children = runnerStats.children - children0;
  return report;
}

/** Reduces a few failures per signature and deduplicates the results. */
async function reduceAll(failures: readonly FailureRecord[], histories: Map<number, FuzzCase[]>, o: FuzzOptions): Promise<Finding[]> {
  const deadline = Date.now() + o.reduceMinutes * 60_000;
  const bySig = new Map<string, FailureRecord[]>();
  for (const f of failures) {
    const s = signature(f.outcome);
    const list = bySig.get(s) ?? [];
    list.push(f);
    bySig.set(s, list);
  }
  const pool: { child: EngineChild | null } = { child: null };
  const exec = (cases: FuzzCase[], prefix?: FuzzCase[]): Promise<Outcome[]> => {
    const opts: RunnerOptions = { timeLimitMs: o.timeLimitMs, heapMb: o.heapMb, rssLimitMb: o.rssLimitMb, fresh: 'case' };
    if (prefix) opts.prefix = prefix;
    return runCases(cases, opts, pool);
  };
  const findings = new Map<string, Finding>();
  // Smallest failures first, and a fair share of the time for every signature.
  const sigs = [...bySig.keys()];
  const perSig = o.reducePerSignature ?? 3;
  for (let round = 0; round < perSig; round++) {
    for (let k = 0; k < sigs.length; k++) {
      if (Date.now() > deadline) break;
      const sig = sigs[k]!;
      const all = bySig.get(sig)!;
      const sorted = [...all].sort((a, b) => a.case.sql.length - b.case.sql.length);
      // Pick examples from different sources and skeletons.
      const picks: FailureRecord[] = [];
      const seen = new Set<string>();
      for (const f of sorted) {
        const key = `${f.case.source} ${skeleton(f.case.sql).slice(0, 60)}`;
        if (seen.has(key)) continue;
        seen.add(key);
        picks.push(f);
      }
      const f = picks[round];
      if (!f) continue;
      const share = Math.max(20_000, (deadline - Date.now()) / Math.max(1, (sigs.length - k) + sigs.length * (perSig - round - 1)));
      const history = histories.get(f.batch)?.slice(0, f.index) ?? [];
      o.log?.(`reducing ${sig} (${abbreviate(f.case.sql, 100)})`);
      let r: Reduced;
      try {
        r = await reduceFailure(f.case, f.outcome, history, exec, { maxTrials: 400, deadline: Math.min(deadline, Date.now() + share) });
      } catch (e) {
        o.log?.(`  harness error while reducing: ${e instanceof Error ? e.message : String(e)}`);
        continue;
      }
      const sk = skeleton(r.case.sql);
      const id = `${signature(r.outcome)} ${sk}`;
      const prev = findings.get(id);
      if (!prev) findings.set(id, { signature: signature(r.outcome), skeleton: sk, reduced: r, original: f, count: all.length });
      o.log?.(`  → ${r.reproduced ? '' : '(not reproduced) '}${abbreviate(r.case.sql, 200)}${r.prefix.length ? ` after ${r.prefix.length} statements` : ''} [${r.trials} trials]`);
    }
  }
  pool.child?.kill();
  return [...findings.values()];
}
