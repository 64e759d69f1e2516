/**
 * Benchmark orchestrator: `npm run bench [-- options]` (see bench/README.md).
 *
 * Runs every engine in its own child process (bench/child.ts), one after the other — by default one
 * fresh process per (engine, size, workload), so that each workload's first execution is the first
 * in its process — and prints a markdown table of medians, a table of first executions, InkDB's ratio
 * to the best peer, its ratio to the plain-JS kernel floor (W3–W6), W2' with query shapes on and off,
 * cross-checks the answers between engines, and writes everything to a JSON file. Exit code 1 when
 * answers disagree, and (with `--quick` or `--fail-on-error`) when an engine fails to load or crashes
 * or a workload errors.
 *
 * Options:
 *   --quick               N = 10,000, warm-up 1, 3 runs, engines inkdb,sqljs,alasql,arquero,lovefield
 *                         (+ floor, inkdb-noshapes), one process per engine; implies --fail-on-error
 *                         (it is `npm test`'s bench suite)
 *   --n 100000,1000000    table sizes (comma list)
 *   --engines a,b         engines (inkdb, sqljs, sqljs-asm, alasql, arquero, duckdb, pglite, lovefield,
 *                         floor, inkdb-noshapes)
 *   --workloads W3,W4     workloads (W1a W1b W2 W2' W3 W4 W5 W6 W7u W7d W8)
 *   --runs 5 --warmup 1   timed runs / warm-up runs per workload (the first warm-up run is the "first run")
 *   --shared-process      one process per (engine, size) for all its workloads (the first run of a
 *                         workload then follows the workloads before it)
 *   --cap-ms 4000         time cap of one run of a per-row loop (W1b, W2, W2', W7u, W7d); beyond it the
 *                         loop stops and the time is extrapolated (shown as ~)
 *   --json path           output JSON (default bench/results/latest.json, quick: bench/results/quick.json)
 *   --timeout-min 30      kill a child process after this long
 *   --fail-on-error       also exit 1 when an engine or workload errors
 *   --no-live             skip the live-query benchmark (bench/live.ts), which otherwise runs last
 *   --scaling             W3–W6 of InkDB and the floor at 100,000, 1,000,000 and 10,000,000 rows in
 *                         Node's default heap: time and memory per row (bench/scaling.ts)
 *   --tpch                the 22 TPC-H queries at SF 0.1 and 1 beside DuckDB-Wasm and PGlite
 *                         (bench/tpch/run.ts; its own options follow)
 * @module
 */

import { fork } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ChildResult } from './child.ts';
import { checkAnswers, crossCheckedLine, errorLines, fmt, mediansLines, mismatchesJson, mismatchSection } from './common/report.ts';
import type { Mismatch } from './common/report.ts';
import { WORKLOAD_IDS } from './common/workloads.ts';
import type { WorkloadId } from './common/workloads.ts';
import { machineInfo } from './node-env.ts';
import { runEngine } from './spawn.ts';

/** Every engine the harness knows, in column order (the last two are InkDB variants / references, not peers). */
export const ALL_ENGINES: readonly string[] = ['inkdb', 'sqljs', 'sqljs-asm', 'alasql', 'arquero', 'duckdb', 'pglite', 'lovefield', 'inkdb-noshapes', 'floor'];

/** Engines of `--quick` (PGlite and DuckDB start too slowly for it; the asm.js build is redundant). */
export const QUICK_ENGINES: readonly string[] = ['inkdb', 'sqljs', 'alasql', 'arquero', 'lovefield', 'inkdb-noshapes', 'floor'];

/** Columns that are InkDB itself or a reference, never "the best peer". */
const NOT_PEERS: ReadonlySet<string> = new Set(['inkdb', 'inkdb-noshapes', 'floor', 'inkdb-baseline']);

/**
 * Engines run only when named in `--engines`: `inkdb-baseline` is another InkDB checkout (its
 * `src/index.ts` named by `BENCH_BASELINE_ENTRY`), measured beside this one to catch regressions.
 */
const OPTIONAL_ENGINES: readonly string[] = ['inkdb-baseline'];

/** The workloads a pseudo-engine runs (others: all selected). */
const ONLY: Readonly<Record<string, readonly WorkloadId[]>> = {
  'inkdb-noshapes': ["W2'"],
  floor: ['W3', 'W4', 'W5', 'W6'],
};


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
  'inkdb-noshapes': 'InkDB, shapes off',
  floor: 'JS floor',
  'inkdb-baseline': 'InkDB baseline',
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
  /** One process per (engine, size, workload). */
  fresh: boolean;
}

function parseArgs(argv: readonly string[]): Options {
  const quick = argv.includes('--quick');
  const o: Options = {
    sizes: quick ? [10_000] : [100_000, 1_000_000],
    engines: [...(quick ? QUICK_ENGINES : ALL_ENGINES)],
    workloads: undefined,
    runs: quick ? 3 : 5,
    warmup: 1,
    capMs: quick ? 1000 : 4000,
    json: resolve(here, 'results', quick ? 'quick.json' : 'latest.json'),
    timeoutMin: 30,
    quick,
    // The quick run is a test (npm test's bench suite): an error there is a failure.
    failOnError: quick || argv.includes('--fail-on-error'),
    live: !argv.includes('--no-live'),
    fresh: !quick && !argv.includes('--shared-process'),
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
      case '--shared-process':
        break;
      case '--n':
        o.sizes = list(take()).map((x) => Number(x.replace(/_/g, '')));
        if (o.sizes.some((x) => !Number.isInteger(x) || x <= 0)) throw new Error('--n expects positive integers');
        break;
      case '--engines': {
        o.engines = list(take());
        const bad = o.engines.filter((e) => !ALL_ENGINES.includes(e) && !OPTIONAL_ENGINES.includes(e));
        if (bad.length > 0) throw new Error(`unknown engine(s) ${bad.join(', ')}; known: ${[...ALL_ENGINES, ...OPTIONAL_ENGINES].join(', ')}`);
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
  /** First runs (fresh process): InkDB's, the best peer's, which peer, the ratio. */
  first?: { inkdb: number | undefined; best: number | undefined; bestPeer: string | undefined; ratio: number | undefined };
  /** Mark shown for a target row instead of win / loss. */
  target?: boolean;
}

function ratios(results: readonly ChildResult[], workloads: readonly WorkloadId[]): RatioRow[] {
  const ink = results.find((r) => r.engine === 'inkdb');
  const peers = results.filter((r) => !NOT_PEERS.has(r.engine) && r.error === undefined);
  const rows: RatioRow[] = [];
  for (const w of workloads) {
    let best: number | undefined;
    let bestPeer: string | undefined;
    let bestFirst: number | undefined;
    let bestFirstPeer: string | undefined;
    for (const p of peers) {
      const r = p.workloads[w];
      if (r?.status === 'ok' && r.median !== undefined && (best === undefined || r.median < best)) {
        best = r.median;
        bestPeer = p.engine;
      }
      const f = r?.status === 'ok' ? r.warmup?.[0] : undefined;
      if (f !== undefined && (bestFirst === undefined || f < bestFirst)) {
        bestFirst = f;
        bestFirstPeer = p.engine;
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
    const inkFirst = ir?.status === 'ok' ? ir.warmup?.[0] : undefined;
    const first = { inkdb: inkFirst, best: bestFirst, bestPeer: bestFirstPeer, ratio: inkFirst !== undefined && bestFirst !== undefined ? inkFirst / bestFirst : undefined };
    rows.push({ workload: w, inkdb: inkMs, bestPeer, best, ratio, win: ratio !== undefined && ratio <= 1, note, first });
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

function ratioTable(n: number, rows: readonly RatioRow[], firstNote: string): string {
  const lines = ['| workload | InkDB | best peer | peer | InkDB / best | | first run: InkDB | best peer | peer | ratio |', '|---|--:|--:|---|--:|---|--:|--:|---|--:|'];
  const f = (x: number | undefined): string => (x === undefined ? '—' : fmt(x));
  for (const r of rows) {
    const mark = r.ratio === undefined ? r.note : r.target === true ? (r.win ? '✅ within target' : '❌ over target') : r.win ? '✅ win' : '❌';
    const fr = r.first;
    const firstCells = fr === undefined ? '| | | |' : `| ${f(fr.inkdb)} | ${f(fr.best)} | ${fr.bestPeer === undefined ? '—' : (LABELS[fr.bestPeer] ?? fr.bestPeer)} | ${fr.ratio === undefined ? '—' : fr.ratio.toFixed(2)} |`;
    lines.push(
      `| ${r.workload} | ${f(r.inkdb)} | ${f(r.best)} | ${r.bestPeer === undefined ? '—' : (LABELS[r.bestPeer] ?? r.bestPeer)} | ${r.ratio === undefined ? '—' : r.ratio.toFixed(2)} | ${mark} ${firstCells}`,
    );
  }
  return `InkDB vs best peer, N = ${n.toLocaleString('en-US')} (ratio = InkDB / min(peers) of the medians; ≤ 1.00 is a win; first run = ${firstNote})\n\n${lines.join('\n')}\n`;
}

/** The table of first runs (warm-up run 1 of each workload), engines as columns. */
function firstRunsTable(n: number, results: readonly ChildResult[], workloads: readonly WorkloadId[], firstNote: string): string {
  const head = `| workload | ${results.map((r) => LABELS[r.engine] ?? r.engine).join(' | ')} |`;
  const lines = [head, `|---|${results.map(() => '--:').join('|')}|`];
  for (const w of workloads) {
    const cells = results.map((r) => {
      const wr = r.workloads[w];
      if (r.error !== undefined || wr?.status === 'error') return 'error';
      if (wr?.status === 'n/a') return 'n/a';
      const x = wr?.status === 'ok' ? wr.warmup?.[0] : undefined;
      return x === undefined ? '—' : fmt(x);
    });
    lines.push(`| ${w} | ${cells.join(' | ')} |`);
  }
  return `First run, N = ${n.toLocaleString('en-US')} (ms; ${firstNote})\n\n${lines.join('\n')}\n`;
}

/** InkDB against the plain-JS kernel floor on W3–W6 (target at 1,000,000 rows: within 3×). */
function floorTable(n: number, results: readonly ChildResult[], workloads: readonly WorkloadId[]): string {
  const ink = results.find((r) => r.engine === 'inkdb');
  const floor = results.find((r) => r.engine === 'floor');
  if (ink === undefined || floor === undefined) return '';
  const lines = ['| workload | InkDB median | floor median | InkDB / floor | | InkDB first run | floor first run |', '|---|--:|--:|--:|---|--:|--:|'];
  for (const w of workloads.filter((x) => ONLY['floor']?.includes(x) === true)) {
    const i = ink.workloads[w], f = floor.workloads[w];
    const im = i?.status === 'ok' ? i.median : undefined, fm = f?.status === 'ok' ? f.median : undefined;
    const ratio = im !== undefined && fm !== undefined && fm > 0 ? im / fm : undefined;
    const mark = ratio === undefined ? '' : ratio <= 3 ? '✅ within 3×' : '❌ over 3×';
    const ifr = i?.status === 'ok' ? i.warmup?.[0] : undefined, ffr = f?.status === 'ok' ? f.warmup?.[0] : undefined;
    lines.push(`| ${w} | ${im === undefined ? '—' : fmt(im)} | ${fm === undefined ? '—' : fmt(fm)} | ${ratio === undefined ? '—' : ratio.toFixed(2)} | ${mark} | ${ifr === undefined ? '—' : fmt(ifr)} | ${ffr === undefined ? '—' : fmt(ffr)} |`);
  }
  return `InkDB vs the plain-JS kernel floor, N = ${n.toLocaleString('en-US')} (hand-written typed-array loops, bench/common/adapters/floor.ts; target at N = 1,000,000: InkDB within 3× of the floor)\n\n${lines.join('\n')}\n`;
}

/** W2' with query shapes on (InkDB) and off (InkDB with INKDB_NO_SHAPES=1), beside the best peer. */
function shapesLine(n: number, results: readonly ChildResult[]): string {
  const on = results.find((r) => r.engine === 'inkdb')?.workloads["W2'"];
  const off = results.find((r) => r.engine === 'inkdb-noshapes')?.workloads["W2'"];
  if (on?.status !== 'ok' || off?.status !== 'ok') return '';
  let best: number | undefined;
  let peer = '';
  for (const r of results) {
    const x = NOT_PEERS.has(r.engine) ? undefined : r.workloads["W2'"];
    if (x?.status === 'ok' && x.median !== undefined && (best === undefined || x.median < best)) { best = x.median; peer = LABELS[r.engine] ?? r.engine; }
  }
  const m = (x: typeof on): string => `${x.estimated === true ? '~' : ''}${fmt(x.median ?? NaN)} ms (first run ${fmt(x.warmup?.[0] ?? NaN)} ms)`;
  return `W2' at N = ${n.toLocaleString('en-US')}, fresh ids every run: query shapes on ${m(on)}, off ${m(off)}${best === undefined ? '' : `; best peer ${peer} ${fmt(best)} ms`}.\n`;
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv.includes('--tpch')) {
    process.exitCode = await (await import('./tpch/run.ts')).tpchMain(argv);
    return;
  }
  if (argv.includes('--scaling')) {
    process.exitCode = await (await import('./scaling.ts')).scalingMain(argv);
    return;
  }
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
      const only = ONLY[engine];
      const ws = only === undefined ? workloads : workloads.filter((w) => only.includes(w));
      if (ws.length === 0) continue;
      process.stderr.write(`- ${engine}, N = ${n.toLocaleString('en-US')}${o.fresh ? ' (one process per workload)' : ''}\n`);
      const t0 = performance.now();
      const r = await runEngine({ engine, n, workloads: ws, runs: o.runs, warmup: o.warmup, capMs: o.capMs, timeoutMin: o.timeoutMin, heapMB: 8192 }, o.fresh);
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
  const firstNote = o.fresh ? 'the first execution in a fresh process (after the untimed start and load)' : 'the first execution in the engine\'s process, after the workloads before it';
  for (const { n, results } of bySize) {
    out += `\n### ${tableFor(n, results, workloads)}\n`;
    out += `### ${firstRunsTable(n, results, workloads, firstNote)}\n`;
    const rr = ratios(results, workloads);
    ratioRows[String(n)] = rr;
    if (o.engines.includes('inkdb')) out += `### ${ratioTable(n, rr, firstNote)}\n`;
    const ft = floorTable(n, results, workloads);
    if (ft !== '') out += `### ${ft}\n`;
    const sl = shapesLine(n, results);
    if (sl !== '') out += `${sl}\n`;
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
