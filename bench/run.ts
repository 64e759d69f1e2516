/**
 * Benchmark orchestrator: `npm run bench [-- options]` (see bench/README.md).
 *
 * Runs every engine in its own child process (bench/child.ts), one after the other, prints a markdown
 * table of medians and a table of InkDB's ratio to the best peer, cross-checks the answers between
 * engines, and writes everything to a JSON file. Exit code 1 when answers disagree, and (with
 * `--quick` or `--fail-on-error`) when an engine fails to load or crashes or a workload errors.
 *
 * Options:
 *   --quick               N = 10,000, warm-up 1, 3 runs, engines inkdb,sqljs,alasql,arquero,lovefield;
 *                         implies --fail-on-error (it is `npm test`'s bench suite)
 *   --n 100000,1000000    table sizes (comma list)
 *   --engines a,b         engines (inkdb, sqljs, sqljs-asm, alasql, arquero, duckdb, pglite, lovefield)
 *   --workloads W3,W4     workloads (W1a W1b W2 W2' W3 W4 W5 W6 W7u W7d W8)
 *   --runs 11 --warmup 1  timed runs / warm-up runs per workload (BENCHMARKS.md asks for ≥ 5; 11 lets JIT-compiled engines settle)
 *   --cap-ms 4000         time cap of one run of a per-row loop (W1b, W2, W2', W7u, W7d); beyond it the
 *                         loop stops and the time is extrapolated (shown as ~)
 *   --json path           output JSON (default bench/results/latest.json, quick: bench/results/quick.json)
 *   --timeout-min 30      kill a child process after this long
 *   --fail-on-error       also exit 1 when an engine or workload errors
 *   --no-live             skip the live-query benchmark (bench/live.ts), which otherwise runs last
 * @module
 */

import { fork } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ChildMessage, ChildResult } from './child.ts';
import { checkAnswers, crossCheckedLine, errorLines, fmt, mediansLines, mismatchesJson, mismatchSection } from './common/report.ts';
import type { Mismatch } from './common/report.ts';
import { WORKLOAD_IDS } from './common/workloads.ts';
import type { WorkloadId } from './common/workloads.ts';
import { machineInfo } from './node-env.ts';

/** Every engine the harness knows, in column order. */
export const ALL_ENGINES: readonly string[] = ['inkdb', 'sqljs', 'sqljs-asm', 'alasql', 'arquero', 'duckdb', 'pglite', 'lovefield'];

/** Engines of `--quick` (PGlite and DuckDB start too slowly for it; the asm.js build is redundant). */
export const QUICK_ENGINES: readonly string[] = ['inkdb', 'sqljs', 'alasql', 'arquero', 'lovefield'];

/** Column headers. */
const LABELS: Record<string, string> = {
  inkdb: 'InkDB',
  sqljs: 'sql.js',
  'sqljs-asm': 'sql.js asm.js',
  alasql: 'AlaSQL',
  arquero: 'Arquero',
  duckdb: 'DuckDB-Wasm',
  pglite: 'PGlite',
  lovefield: 'Lovefield',
};

const here = dirname(fileURLToPath(import.meta.url));

interface Options {
  sizes: number[];
  engines: string[];
  workloads: WorkloadId[] | undefined;
  runs: number;
  warmup: number;
  capMs: number;
  json: string;
  timeoutMin: number;
  quick: boolean;
  failOnError: boolean;
  live: boolean;
}

function parseArgs(argv: readonly string[]): Options {
  const quick = argv.includes('--quick');
  const o: Options = {
    sizes: quick ? [10_000] : [100_000, 1_000_000],
    engines: [...(quick ? QUICK_ENGINES : ALL_ENGINES)],
    workloads: undefined,
    runs: quick ? 3 : 11,
    warmup: 1,
    capMs: quick ? 1000 : 4000,
    json: resolve(here, 'results', quick ? 'quick.json' : 'latest.json'),
    timeoutMin: 30,
    quick,
    // The quick run is a test (npm test's bench suite): an error there is a failure.
    failOnError: quick || argv.includes('--fail-on-error'),
    live: !argv.includes('--no-live'),
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? '';
    const v = argv[i + 1];
    const take = (): string => {
      if (v === undefined) throw new Error(`missing value after ${a}`);
      i++;
      return v;
    };
    const list = (s: string): string[] =>
      s
        .split(',')
        .map((x) => x.trim())
        .filter((x) => x !== '');
    switch (a) {
      case '--quick':
      case '--fail-on-error':
      case '--no-live':
        break;
      case '--n':
        o.sizes = list(take()).map((x) => Number(x.replace(/_/g, '')));
        if (o.sizes.some((x) => !Number.isInteger(x) || x <= 0)) throw new Error('--n expects positive integers');
        break;
      case '--engines': {
        o.engines = list(take());
        const bad = o.engines.filter((e) => !ALL_ENGINES.includes(e));
        if (bad.length > 0) throw new Error(`unknown engine(s) ${bad.join(', ')}; known: ${ALL_ENGINES.join(', ')}`);
        break;
      }
      case '--workloads': {
        const ws = list(take()) as WorkloadId[];
        const bad = ws.filter((w) => !WORKLOAD_IDS.includes(w));
        if (bad.length > 0) throw new Error(`unknown workload(s) ${bad.join(', ')}; known: ${WORKLOAD_IDS.join(' ')}`);
        o.workloads = ws;
        break;
      }
      case '--runs':
        o.runs = Number(take());
        break;
      case '--warmup':
        o.warmup = Number(take());
        break;
      case '--cap-ms':
        o.capMs = Number(take());
        break;
      case '--json':
        o.json = resolve(take());
        break;
      case '--timeout-min':
        o.timeoutMin = Number(take());
        break;
      default:
        throw new Error(`unknown option ${a}`);
    }
  }
  if (!(o.runs >= 1) || !(o.warmup >= 0)) throw new Error('--runs must be >= 1 and --warmup >= 0');
  return o;
}

/** Runs one engine at one size in a child process; never rejects. */
function runChild(engine: string, n: number, o: Options): Promise<ChildResult> {
  const args = [engine, String(n), '--runs', String(o.runs), '--warmup', String(o.warmup), '--cap-ms', String(o.capMs)];
  if (o.workloads !== undefined) args.push('--workloads', o.workloads.join(','));
  return new Promise((resolvePromise) => {
    let final: ChildResult | undefined;
    let partial: ChildResult | undefined;
    let settled = false;
    const child = fork(resolve(here, 'child.ts'), args, {
      execArgv: ['--expose-gc', '--max-old-space-size=8192', '--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const timer = setTimeout(
      () => {
        process.stderr.write(`  [${engine} n=${String(n)}] timed out after ${String(o.timeoutMin)} min, killing pid ${String(child.pid)}\n`);
        child.kill('SIGKILL');
      },
      o.timeoutMin * 60_000,
    );
    const finish = (r: ChildResult): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolvePromise(r);
    };
    child.on('message', (m) => {
      const msg = m as ChildMessage;
      if (msg.kind === 'final') final = msg.result;
      else partial = msg.result;
    });
    child.on('error', (e) => {
      finish({ engine, version: '', n, error: `could not start the child process: ${e.message}`, workloads: {} });
    });
    child.on('exit', (code, signal) => {
      if (final !== undefined) {
        finish(final);
        return;
      }
      const why = signal !== null ? `signal ${signal}` : `exit code ${String(code)}`;
      if (partial !== undefined) {
        // Keep what was measured; the workload in progress is already marked as an error.
        finish({ ...partial, crashed: `child process died (${why}) before its final report` });
      } else {
        finish({ engine, version: '', n, error: `child process died (${why}) before reporting`, workloads: {} });
      }
    });
  });
}

/** Runs the live-query benchmark (bench/live.ts) in a child process; never rejects. */
function runLiveChild(quick: boolean): Promise<{ results?: unknown; markdown: string; error?: string }> {
  return new Promise((resolvePromise) => {
    let got: { results: unknown; markdown: string } | undefined;
    const child = fork(resolve(here, 'live.ts'), quick ? ['--quick'] : [], {
      execArgv: ['--expose-gc', '--import', 'tsx'],
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    child.on('message', (m) => { got = m as { results: unknown; markdown: string }; });
    child.on('error', (e) => resolvePromise({ markdown: '', error: `could not start the live benchmark: ${e.message}` }));
    child.on('exit', (code, signal) => {
      if (got !== undefined) resolvePromise(got);
      else resolvePromise({ markdown: '', error: `the live benchmark died (${signal ?? `exit code ${String(code)}`})` });
    });
  });
}

function tableFor(n: number, results: readonly ChildResult[], workloads: readonly WorkloadId[]): string {
  const lines = mediansLines(results, (e) => LABELS[e] ?? e, workloads, [
    ['RSS growth MB', (r) => r.memory?.rssGrowthMB],
    ['heap growth MB', (r) => r.memory?.heapGrowthMB],
    ['external growth MB', (r) => r.memory?.externalGrowthMB],
    ['RSS growth MB, input alive', (r) => r.memory?.rssGrowthInputAliveMB],
    ['heap growth MB, input alive', (r) => r.memory?.heapGrowthInputAliveMB],
    ['peak RSS MB', (r) => r.memory?.peakRssMB],
  ]);
  return `N = ${n.toLocaleString('en-US')} (median ms, lower is better; ~ = extrapolated from a time-capped loop)\n\n${lines}\n\nMemory: growth after loading both tables, after gc; plain rows = the input rows dropped, \"input alive\" = while the caller still holds them; external = ArrayBuffers and wasm memories (outside the V8 heap).\n`;
}

interface RatioRow {
  workload: string;
  inkdb: number | undefined;
  bestPeer: string | undefined;
  best: number | undefined;
  ratio: number | undefined;
  win: boolean;
  note: string;
  /** Mark shown for a target row instead of win / loss. */
  target?: boolean;
}

function ratios(results: readonly ChildResult[], workloads: readonly WorkloadId[]): RatioRow[] {
  const ink = results.find((r) => r.engine === 'inkdb');
  const peers = results.filter((r) => r.engine !== 'inkdb' && r.error === undefined);
  const rows: RatioRow[] = [];
  for (const w of workloads) {
    let best: number | undefined;
    let bestPeer: string | undefined;
    for (const p of peers) {
      const r = p.workloads[w];
      if (r?.status === 'ok' && r.median !== undefined && (best === undefined || r.median < best)) {
        best = r.median;
        bestPeer = p.engine;
      }
    }
    const ir = ink?.error === undefined ? ink?.workloads[w] : undefined;
    const inkMs = ir?.status === 'ok' ? ir.median : undefined;
    const ratio = inkMs !== undefined && best !== undefined ? inkMs / best : undefined;
    let note = '';
    if (ink === undefined) note = 'InkDB not run';
    else if (ink.error !== undefined) note = 'InkDB error';
    else if (ir?.status === 'error') note = 'InkDB error';
    else if (ir?.status === 'n/a') note = 'InkDB n/a';
    else if (best === undefined) note = 'no peer result';
    rows.push({ workload: w, inkdb: inkMs, bestPeer, best, ratio, win: ratio !== undefined && ratio <= 1, note });
  }
  // Memory: target is within 1.5x Arquero's RSS growth (BENCHMARKS.md); also show the best peer.
  const metrics: [string, (r: ChildResult) => number | undefined][] = [
    ['RSS growth', (r) => r.memory?.rssGrowthMB],
    ['RSS growth, input alive', (r) => r.memory?.rssGrowthInputAliveMB],
    ['heap + external growth', (r) => (r.memory !== undefined ? r.memory.heapGrowthMB + r.memory.externalGrowthMB : undefined)],
  ];
  for (const [label, f] of metrics) {
    const inkMem = ink !== undefined ? f(ink) : undefined;
    let bestMem: number | undefined;
    let bestMemPeer: string | undefined;
    for (const p of peers) {
      const m = f(p);
      if (m !== undefined && (bestMem === undefined || m < bestMem)) {
        bestMem = m;
        bestMemPeer = p.engine;
      }
    }
    const ratio = inkMem !== undefined && bestMem !== undefined && bestMem > 0 ? inkMem / bestMem : undefined;
    rows.push({ workload: `${label} MB`, inkdb: inkMem, bestPeer: bestMemPeer, best: bestMem, ratio, win: ratio !== undefined && ratio <= 1, note: '' });
    const arquero = results.find((r) => r.engine === 'arquero');
    const arq = arquero !== undefined ? f(arquero) : undefined;
    if (arq !== undefined && arq > 0) {
      const r = inkMem !== undefined ? inkMem / arq : undefined;
      rows.push({
        workload: `${label} vs Arquero (target ≤ 1.5)`,
        inkdb: inkMem,
        bestPeer: 'arquero',
        best: arq,
        ratio: r,
        win: r !== undefined && r <= 1.5,
        note: '',
        target: true,
      });
    }
  }
  return rows;
}

function ratioTable(n: number, rows: readonly RatioRow[]): string {
  const lines = ['| workload | InkDB | best peer | peer | InkDB / best | |', '|---|--:|--:|---|--:|---|'];
  for (const r of rows) {
    const mark = r.ratio === undefined ? r.note : r.target === true ? (r.win ? '✅ within target' : '❌ over target') : r.win ? '✅ win' : '❌';
    lines.push(
      `| ${r.workload} | ${r.inkdb === undefined ? '—' : fmt(r.inkdb)} | ${r.best === undefined ? '—' : fmt(r.best)} | ${r.bestPeer === undefined ? '—' : (LABELS[r.bestPeer] ?? r.bestPeer)} | ${r.ratio === undefined ? '—' : r.ratio.toFixed(2)} | ${mark} |`,
    );
  }
  return `InkDB vs best peer, N = ${n.toLocaleString('en-US')} (ratio = InkDB / min(peers); ≤ 1.00 is a win)\n\n${lines.join('\n')}\n`;
}

async function main(): Promise<void> {
  let o: Options;
  try {
    o = parseArgs(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(2);
  }
  const workloads = o.workloads ?? [...WORKLOAD_IDS];
  const machine = machineInfo();
  const started = performance.now();
  process.stderr.write(
    `InkDB bench${o.quick ? ' (quick)' : ''}: N = ${o.sizes.join(', ')}; engines ${o.engines.join(', ')}; warm-up ${String(o.warmup)}, runs ${String(o.runs)}, loop cap ${String(o.capMs)} ms\n`,
  );
  const bySize: { n: number; results: ChildResult[] }[] = [];
  for (const n of o.sizes) {
    const results: ChildResult[] = [];
    for (const engine of o.engines) {
      process.stderr.write(`- ${engine}, N = ${n.toLocaleString('en-US')}\n`);
      const t0 = performance.now();
      const r = await runChild(engine, n, o);
      const problem = r.error ?? r.crashed;
      process.stderr.write(`  done in ${((performance.now() - t0) / 1000).toFixed(1)} s${problem !== undefined ? ` (error: ${problem})` : ''}\n`);
      results.push(r);
    }
    bySize.push({ n, results });
  }

  let out = '';
  const allMismatches: Mismatch[] = [];
  const ratioRows: Record<string, RatioRow[]> = {};
  const checkedBySize: Record<string, Partial<Record<WorkloadId, string[]>>> = {};
  let errors = 0;
  for (const { n, results } of bySize) {
    out += `\n### ${tableFor(n, results, workloads)}\n`;
    const rr = ratios(results, workloads);
    ratioRows[String(n)] = rr;
    if (o.engines.includes('inkdb')) out += `### ${ratioTable(n, rr)}\n`;
    const { mismatches, checked } = checkAnswers(n, results, workloads);
    checkedBySize[String(n)] = checked;
    allMismatches.push(...mismatches);
    for (const r of results) {
      const lines = errorLines(n, r, workloads, true);
      errors += lines.length;
      out += lines.join('');
    }
    out += crossCheckedLine(n, workloads, checked);
  }
  out += allMismatches.length > 0 ? mismatchSection(allMismatches) : '\nAll cross-checked answers agree (floats to 1e-9 relative).\n';
  let live: { results?: unknown; markdown: string; error?: string } | null = null;
  if (o.live) {
    process.stderr.write('- live queries (bench/live.ts)\n');
    live = await runLiveChild(o.quick);
    if (live.error !== undefined) {
      errors++;
      out += `\n### Live queries\n\nerror: ${live.error}\n`;
    } else {
      out += `\n### ${live.markdown}`;
    }
  }
  out += `\nTotal time ${((performance.now() - started) / 1000).toFixed(1)} s. ${String(machine['os'])}, ${String(machine['cpus'])}× ${String(machine['cpuModel'])}, Node ${process.version}.\n`;
  process.stdout.write(out);

  mkdirSync(dirname(o.json), { recursive: true });
  const json = {
    machine,
    options: { ...o, workloads },
    results: bySize,
    ratios: ratioRows,
    crossCheck: { checked: checkedBySize, mismatches: mismatchesJson(allMismatches) },
    live: live?.results ?? null,
    ok: allMismatches.length === 0,
  };
  writeFileSync(o.json, JSON.stringify(json, null, 1) + '\n');
  writeFileSync(o.json.replace(/\.json$/, '') + '.md', out);
  process.stderr.write(`Wrote ${o.json} (and .md)\n`);
  const failed = allMismatches.length > 0 || (o.failOnError && errors > 0);
  if (failed) {
    const why = [
      allMismatches.length > 0 ? `${String(allMismatches.length)} answer mismatch(es)` : '',
      o.failOnError && errors > 0 ? `${String(errors)} engine or workload error(s)` : '',
    ].filter((x) => x !== '');
    process.stderr.write(`bench: FAILED: ${why.join(', ')} (listed above)\n`);
  } else if (errors > 0) {
    process.stderr.write(`bench: ${String(errors)} engine or workload error(s) (listed above), not failing without --fail-on-error\n`);
  }
  process.exitCode = failed ? 1 : 0;
}

await main();
