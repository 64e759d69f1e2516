/**
 * How cost grows with N: `npm run bench -- --scaling [options]`. Runs W3–W6 of InkDB and of the
 * plain-JS kernel floor at 100,000, 1,000,000 and 10,000,000 rows, each engine and size in one child
 * process with Node's *default* heap (no `--max-old-space-size`), `events` generated and loaded in
 * chunks of 1,000,000 rows above 1,000,000 (so that the input rows never all live at once). Reports
 * per workload the median time and time per row at each size, the growth from one size to the next
 * relative to linear, InkDB's ratio to the floor, and per size the memory per row and where a size
 * stopped (a child that ran out of memory).
 *
 * Options: --n 100000,1000000,10000000  --engines inkdb,floor  --workloads W3,W4,W5,W6  --runs 5
 *          --warmup 1  --chunk-rows 1000000  --timeout-min 60  --json bench/results/scaling.json
 * @module
 */

import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ChildResult } from './child.ts';
import { fmt } from './common/report.ts';
import type { WorkloadId } from './common/workloads.ts';
import { machineInfo } from './node-env.ts';
import { runEngine } from './spawn.ts';

const here = dirname(fileURLToPath(import.meta.url));

interface Options {
  sizes: number[];
  engines: string[];
  workloads: WorkloadId[];
  runs: number;
  warmup: number;
  chunkRows: number;
  timeoutMin: number;
  json: string;
}

function parseArgs(argv: readonly string[]): Options {
  const o: Options = {
    sizes: [100_000, 1_000_000, 10_000_000],
    engines: ['inkdb', 'floor'],
    workloads: ['W3', 'W4', 'W5', 'W6'],
    runs: 5,
    warmup: 1,
    chunkRows: 1_000_000,
    timeoutMin: 60,
    json: resolve(here, 'results', 'scaling.json'),
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const v = argv[i + 1] ?? '';
    switch (a) {
      case '--scaling': continue;
      case '--n': o.sizes = v.split(',').map((x) => Number(x.replace(/_/g, ''))); break;
      case '--engines': o.engines = v.split(','); break;
      case '--workloads': o.workloads = v.split(',') as WorkloadId[]; break;
      case '--runs': o.runs = Number(v); break;
      case '--warmup': o.warmup = Number(v); break;
      case '--chunk-rows': o.chunkRows = Number(v); break;
      case '--timeout-min': o.timeoutMin = Number(v); break;
      case '--json': o.json = resolve(v); break;
      default: throw new Error(`unknown option ${String(a)} (scaling: --n --engines --workloads --runs --warmup --chunk-rows --timeout-min --json)`);
    }
    i++;
  }
  return o;
}

const LABELS: Readonly<Record<string, string>> = { inkdb: 'InkDB', floor: 'floor' };

function med(r: ChildResult | undefined, w: WorkloadId): number | undefined {
  const x = r?.workloads[w];
  return x?.status === 'ok' ? x.median : undefined;
}

function ns(ms: number | undefined, n: number): string {
  return ms === undefined ? '—' : (ms * 1e6 / n).toFixed(2);
}

/** The scaling report (markdown). */
function report(o: Options, runs: readonly { n: number; results: ChildResult[] }[]): string {
  let out = `How cost grows with N (median of ${String(o.runs)} after ${String(o.warmup)} warm-up; Node's default heap; ns/row = median / N; "growth vs linear" = (time at N / time at the previous N) / (N / previous N), 1.00 = linear)\n`;
  for (const w of o.workloads) {
    const cols = o.engines.flatMap((e) => [`${LABELS[e] ?? e} ms`, `${LABELS[e] ?? e} ns/row`, `${LABELS[e] ?? e} growth vs linear`]);
    const lines = [`| N | ${cols.join(' | ')} | InkDB / floor |`, `|--:|${cols.map(() => '--:').join('|')}|--:|`];
    runs.forEach(({ n, results }, i) => {
      const prev = runs[i - 1];
      const cells = o.engines.flatMap((e) => {
        const r = results.find((x) => x.engine === e);
        const m = med(r, w);
        const st = r?.workloads[w]?.status;
        const pm = prev === undefined ? undefined : med(prev.results.find((x) => x.engine === e), w);
        const growth = m !== undefined && pm !== undefined && prev !== undefined ? (m / pm) / (n / prev.n) : undefined;
        return [m === undefined ? (r?.error !== undefined || r?.crashed !== undefined || st === 'error' ? 'stopped' : '—') : fmt(m), ns(m, n), growth === undefined ? '' : growth.toFixed(2)];
      });
      const im = med(results.find((x) => x.engine === 'inkdb'), w), fm = med(results.find((x) => x.engine === 'floor'), w);
      lines.push(`| ${n.toLocaleString('en-US')} | ${cells.join(' | ')} | ${im !== undefined && fm !== undefined && fm > 0 ? (im / fm).toFixed(2) : '—'} |`);
    });
    out += `\n${w}\n\n${lines.join('\n')}\n`;
  }
  const mem = [`| N | engine | load ms | load ns/row | heap + external growth MB | bytes/row | RSS growth MB | RSS bytes/row | peak RSS MB |`, '|--:|---|--:|--:|--:|--:|--:|--:|--:|'];
  const stops: string[] = [];
  for (const { n, results } of runs) {
    for (const r of results) {
      const m = r.memory;
      const he = m === undefined ? undefined : m.heapGrowthMB + m.externalGrowthMB;
      mem.push(`| ${n.toLocaleString('en-US')} | ${LABELS[r.engine] ?? r.engine} | ${r.initialLoadMs === undefined ? '—' : fmt(r.initialLoadMs)} | ${ns(r.initialLoadMs, n)} | ${he === undefined ? '—' : fmt(he)} | ${he === undefined ? '—' : ((he * 1048576) / n).toFixed(1)} | ${m === undefined ? '—' : fmt(m.rssGrowthMB)} | ${m === undefined ? '—' : ((m.rssGrowthMB * 1048576) / n).toFixed(1)} | ${m === undefined ? '—' : fmt(m.peakRssMB)} |`);
      const why = r.error ?? r.crashed;
      if (why !== undefined) stops.push(`${LABELS[r.engine] ?? r.engine} at N = ${n.toLocaleString('en-US')}: ${why}`);
      for (const w of o.workloads) {
        const x = r.workloads[w];
        if (x?.status === 'error' && r.crashed === undefined) stops.push(`${LABELS[r.engine] ?? r.engine} ${w} at N = ${n.toLocaleString('en-US')}: ${x.error ?? ''}`);
      }
    }
  }
  out += `\nMemory after loading \`events\` and \`users\` (after gc)\n\n${mem.join('\n')}\n`;
  out += stops.length > 0 ? `\nWhere it stopped:\n${stops.map((s) => `- ${s}`).join('\n')}\n` : '\nEvery size ran to the end in the default heap.\n';
  return out;
}

/** Runs the scaling benchmark with the command-line options (after `--scaling`). */
export async function scalingMain(argv: readonly string[]): Promise<number> {
  let o: Options;
  try {
    o = parseArgs(argv);
  } catch (e) {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    return 2;
  }
  const started = performance.now();
  const runs: { n: number; results: ChildResult[] }[] = [];
  for (const n of o.sizes) {
    const results: ChildResult[] = [];
    for (const engine of o.engines) {
      process.stderr.write(`- ${engine}, N = ${n.toLocaleString('en-US')} (default heap)\n`);
      const t0 = performance.now();
      const r = await runEngine(
        { engine, n, workloads: o.workloads, runs: o.runs, warmup: o.warmup, capMs: 4000, timeoutMin: o.timeoutMin, ...(n > o.chunkRows ? { chunkRows: o.chunkRows } : {}) },
        false,
      );
      process.stderr.write(`  done in ${((performance.now() - t0) / 1000).toFixed(1)} s${r.error ?? r.crashed ? ` (${r.error ?? r.crashed ?? ''})` : ''}\n`);
      results.push(r);
    }
    runs.push({ n, results });
  }
  const machine = machineInfo();
  const out = `${report(o, runs)}\nTotal time ${((performance.now() - started) / 1000).toFixed(1)} s. ${String(machine['os'])}, ${String(machine['cpus'])}× ${String(machine['cpuModel'])}, Node ${process.version}.\n`;
  process.stdout.write(out);
  mkdirSync(dirname(o.json), { recursive: true });
  writeFileSync(o.json, `${JSON.stringify({ machine, options: o, runs }, null, 1)}\n`);
  writeFileSync(`${o.json.replace(/\.json$/, '')}.md`, out);
  process.stderr.write(`Wrote ${o.json} (and .md)\n`);
  return 0;
}
