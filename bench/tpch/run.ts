/**
 * TPC-H benchmark: `npm run bench -- --tpch [options]` (bench/run.ts hands `--tpch` runs here) or
 * `npx tsx bench/tpch/run.ts [options]`.
 *
 * For each scale factor and engine (InkDB, DuckDB-Wasm, PGlite), one child process
 * (bench/tpch/child.ts) in Node's default heap generates and loads the data and runs the 22 queries:
 * per query the first run and the median of `--runs` more. Prints per scale factor a table of query
 * times, load times and memory, the answers' cross-check (every engine against DuckDB-Wasm, numbers
 * to 1e-9 relative), and where an engine stopped (out of memory, a query over the time limit); writes
 * everything to a JSON file.
 *
 * A query that reports nothing for `--query-timeout-s` seconds is killed with its process; the
 * remaining queries run in a new process (which loads the data again), at most twice per engine and
 * scale factor.
 *
 * Options:
 *   --sf 0.1,1               scale factors
 *   --engines inkdb,duckdb,pglite
 *   --queries 1-22           e.g. 1,3,5-9
 *   --runs 3                 timed runs after the first (skipped when the first run took > --slow-s)
 *   --slow-s 20
 *   --query-timeout-s 300
 *   --json path              default bench/results/tpch.json (and .md beside it)
 * @module
 */

import { fork } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fmt } from '../common/report.ts';
import { machineInfo } from '../node-env.ts';
import type { TpchChildMessage, TpchChildResult, TpchQueryResult } from './child.ts';
import { compareAnswers } from './compare.ts';
import { VALIDATION_PARAMETERS } from './queries.ts';
import { INKDB_DECIMAL_TYPE } from './schema.ts';

const here = dirname(fileURLToPath(import.meta.url));

const LABELS: Readonly<Record<string, string>> = { inkdb: 'InkDB', duckdb: 'DuckDB-Wasm', pglite: 'PGlite' };

interface Options {
  sfs: number[];
  engines: string[];
  queries: number[];
  runs: number;
  slowS: number;
  queryTimeoutS: number;
  json: string;
}

function parseQueries(s: string): number[] {
  return s.split(',').flatMap((p) => {
    const [a, b] = p.split('-').map(Number);
    return b === undefined ? [a ?? 0] : Array.from({ length: b - (a ?? 0) + 1 }, (_, i) => (a ?? 0) + i);
  }).filter((q) => q >= 1 && q <= 22);
}

function parseArgs(argv: readonly string[]): Options {
  const o: Options = { sfs: [0.1, 1], engines: ['inkdb', 'duckdb', 'pglite'], queries: parseQueries('1-22'), runs: 3, slowS: 20, queryTimeoutS: 300, json: resolve(here, '..', 'results', 'tpch.json') };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const v = argv[i + 1] ?? '';
    switch (a) {
      case '--tpch': continue;
      case '--sf': o.sfs = v.split(',').map(Number); break;
      case '--engines': o.engines = v.split(','); break;
      case '--queries': o.queries = parseQueries(v); break;
      case '--runs': o.runs = Number(v); break;
      case '--slow-s': o.slowS = Number(v); break;
      case '--query-timeout-s': o.queryTimeoutS = Number(v); break;
      case '--json': o.json = resolve(v); break;
      default: throw new Error(`unknown option ${String(a)} (TPC-H: --sf --engines --queries --runs --slow-s --query-timeout-s --json)`);
    }
    i++;
  }
  return o;
}

/** Runs some queries in one child; resolves with what it reported (never rejects). */
function runChild(engine: string, sf: number, queries: readonly number[], o: Options): Promise<{ result: TpchChildResult | undefined; timedOut: number | undefined; died: string | undefined }> {
  return new Promise((resolvePromise) => {
    let last: TpchChildResult | undefined;
    let final = false;
    let timedOut: number | undefined;
    const child = fork(resolve(here, 'child.ts'), [engine, String(sf), '--queries', queries.join(','), '--runs', String(o.runs), '--slow-ms', String(o.slowS * 1000)], {
      execArgv: ['--expose-gc', '--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let timer: NodeJS.Timeout | undefined;
    const arm = (ms: number): void => {
      if (timer !== undefined) clearTimeout(timer);
      timer = setTimeout(() => {
        timedOut = last?.current;
        process.stderr.write(`  [${engine} sf=${String(sf)}] no report for ${String(ms / 1000)} s${timedOut !== undefined ? ` (Q${String(timedOut)})` : ''}: killing pid ${String(child.pid)}\n`);
        child.kill('SIGKILL');
      }, ms);
    };
    // the load may take much longer than a query: an hour for it
    arm(3_600_000);
    child.on('message', (m) => {
      const msg = m as TpchChildMessage;
      last = msg.result;
      if (msg.kind === 'final') final = true;
      arm(o.queryTimeoutS * 1000);
    });
    child.on('exit', (code, signal) => {
      if (timer !== undefined) clearTimeout(timer);
      const died = final ? undefined : signal !== null ? `signal ${signal}` : `exit code ${String(code)}`;
      resolvePromise({ result: last, timedOut, died });
    });
    child.on('error', () => resolvePromise({ result: last, timedOut, died: 'could not start' }));
  });
}

/** One engine at one scale factor: the queries, restarting after a timeout (twice at most). */
async function runEngine(engine: string, sf: number, o: Options): Promise<TpchChildResult & { stops: string[] }> {
  const merged: TpchChildResult & { stops: string[] } = { engine, version: '', sf, queries: {}, stops: [] };
  let todo = [...o.queries];
  for (let attempt = 0; attempt < 3 && todo.length > 0; attempt++) {
    const { result, timedOut, died } = await runChild(engine, sf, todo, o);
    if (result !== undefined) {
      merged.version ||= result.version;
      if (attempt === 0) {
        merged.openMs = result.openMs;
        merged.generateMs = result.generateMs;
        merged.loadMs = result.loadMs;
        merged.memory = result.memory;
      } else if (result.memory !== undefined && merged.memory !== undefined) {
        merged.memory.peakRssMB = Math.max(merged.memory.peakRssMB, result.memory.peakRssMB);
      }
      if (result.error !== undefined) merged.error = result.error;
      for (const [k, v] of Object.entries(result.queries)) merged.queries[Number(k)] = v;
    }
    if (died === undefined) break;
    const current = result?.current;
    if (result === undefined || result.loadMs === undefined) {
      merged.error ??= `died while loading (${died}): probably out of memory in Node's default heap`;
      merged.stops.push(`stopped while loading SF ${String(sf)} (${died})`);
      break;
    }
    if (timedOut !== undefined) merged.stops.push(`Q${String(timedOut)} over ${String(o.queryTimeoutS)} s: killed`);
    else merged.stops.push(`died${current !== undefined ? ` during Q${String(current)}` : ''} (${died})`);
    if (current !== undefined && timedOut === undefined) merged.queries[current] = { status: 'error', error: `process died (${died})` };
    const done = new Set(Object.entries(merged.queries).filter(([, v]) => v.status !== 'timeout').map(([k]) => Number(k)));
    if (current !== undefined) done.add(current);
    todo = todo.filter((q) => !done.has(q));
  }
  for (const q of todo) merged.queries[q] ??= { status: 'not run' };
  return merged;
}

function cell(q: TpchQueryResult | undefined): string {
  if (q === undefined) return '—';
  switch (q.status) {
    case 'ok': return q.median !== undefined ? `${fmt(q.median)} (${fmt(q.first ?? NaN)})` : `(${fmt(q.first ?? NaN)})`;
    case 'timeout': return 'timeout';
    case 'error': return 'error';
    case 'not run': return 'not run';
  }
}

function report(sf: number, results: readonly (TpchChildResult & { stops: string[] })[], o: Options): { md: string; mismatches: string[] } {
  const head = `| query | ${results.map((r) => LABELS[r.engine] ?? r.engine).join(' | ')} |`;
  const lines = [head, `|---|${results.map(() => '--:').join('|')}|`];
  const ref = results.find((r) => r.engine === 'duckdb') ?? results.find((r) => r.engine === 'pglite');
  const mismatches: string[] = [];
  const total = results.map(() => 0);
  const complete = results.map(() => true);
  for (const q of o.queries) {
    lines.push(`| Q${String(q)} | ${results.map((r) => cell(r.queries[q])).join(' | ')} |`);
    results.forEach((r, i) => {
      const x = r.queries[q];
      const t = x?.status === 'ok' ? (x.median ?? x.first) : undefined;
      if (t === undefined) complete[i] = false;
      else total[i] = (total[i] ?? 0) + t;
      const want = ref?.queries[q];
      if (ref !== undefined && r !== ref && x?.status === 'ok' && want?.status === 'ok' && x.rows !== undefined && want.rows !== undefined) {
        const d = compareAnswers(x.rows, want.rows, 1e-9, 2);
        if (d.length > 0) mismatches.push(`SF ${String(sf)} Q${String(q)}: ${LABELS[r.engine] ?? r.engine} differs from ${LABELS[ref.engine] ?? ref.engine}: ${d.join('; ')}`);
      }
    });
  }
  lines.push(`| sum of the 22 | ${results.map((_, i) => (complete[i] === true ? fmt(total[i] ?? 0) : `≥ ${fmt(total[i] ?? 0)} (incomplete)`)).join(' | ')} |`);
  const m = (f: (r: TpchChildResult) => number | undefined): string => results.map((r) => { const v = f(r); return v === undefined ? '—' : fmt(v); }).join(' | ');
  lines.push(`| load ms | ${m((r) => r.loadMs)} |`);
  lines.push(`| generating ms (untimed) | ${m((r) => r.generateMs)} |`);
  lines.push(`| engine start ms | ${m((r) => r.openMs)} |`);
  lines.push(`| RSS growth MB | ${m((r) => r.memory?.rssMB)} |`);
  lines.push(`| heap growth MB | ${m((r) => r.memory?.heapMB)} |`);
  lines.push(`| external growth MB | ${m((r) => r.memory?.externalMB)} |`);
  lines.push(`| peak RSS MB | ${m((r) => r.memory?.peakRssMB)} |`);
  let md = `TPC-H SF ${String(sf)} (ms: median of ${String(o.runs)} runs after the first, and in parentheses the first run in the process, after the load and the queries before it; a query whose first run took over ${String(o.slowS)} s ran once)\n\n${lines.join('\n')}\n`;
  const stops = results.flatMap((r) => [...(r.error !== undefined ? [`${LABELS[r.engine] ?? r.engine}: ${r.error}`] : []), ...r.stops.map((s) => `${LABELS[r.engine] ?? r.engine}: ${s}`)]);
  const errs = results.flatMap((r) => Object.entries(r.queries).filter(([, v]) => v.status === 'error').map(([k, v]) => `${LABELS[r.engine] ?? r.engine} Q${k}: ${v.error ?? ''}`));
  if (stops.length + errs.length > 0) md += `\n${[...stops, ...errs].map((s) => `- ${s}`).join('\n')}\n`;
  return { md, mismatches };
}

/** Runs the TPC-H benchmark with the command-line options (after `--tpch`). */
export async function tpchMain(argv: readonly string[]): Promise<number> {
  let o: Options;
  try {
    o = parseArgs(argv);
  } catch (e) {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    return 2;
  }
  const started = performance.now();
  process.stderr.write(`TPC-H bench: SF ${o.sfs.join(', ')}; engines ${o.engines.join(', ')}; queries ${o.queries.join(',')}; runs ${String(o.runs)}\n`);
  let out = `InkDB's decimal columns: ${INKDB_DECIMAL_TYPE} (DuckDB-Wasm and PGlite: DECIMAL(15,2)). Validation parameters: ${Object.entries(VALIDATION_PARAMETERS).map(([k, v]) => `Q${k} ${v}`).join('; ')}.\n`;
  const all: unknown[] = [];
  const mismatches: string[] = [];
  for (const sf of o.sfs) {
    const results: (TpchChildResult & { stops: string[] })[] = [];
    for (const engine of o.engines) {
      process.stderr.write(`- ${engine}, SF ${String(sf)}\n`);
      const t0 = performance.now();
      results.push(await runEngine(engine, sf, o));
      process.stderr.write(`  done in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
    }
    const r = report(sf, results, o);
    out += `\n### ${r.md}`;
    mismatches.push(...r.mismatches);
    // the answers themselves stay out of the JSON (SF 1: thousands of rows per query)
    all.push({ sf, results: results.map((x) => ({ ...x, queries: Object.fromEntries(Object.entries(x.queries).map(([k, v]) => [k, { ...v, rows: v.rows?.length }])) })) });
  }
  out += mismatches.length > 0 ? `\nAnswers that differ from DuckDB-Wasm's:\n${mismatches.map((m) => `- ${m}`).join('\n')}\n` : '\nAll answers agree with DuckDB-Wasm\'s (numbers to 1e-9 relative).\n';
  const machine = machineInfo();
  out += `\nTotal time ${((performance.now() - started) / 1000).toFixed(1)} s. ${String(machine['os'])}, ${String(machine['cpus'])}× ${String(machine['cpuModel'])}, Node ${process.version}.\n`;
  process.stdout.write(out);
  mkdirSync(dirname(o.json), { recursive: true });
  writeFileSync(o.json, `${JSON.stringify({ machine, options: o, results: all, mismatches }, null, 1)}\n`);
  writeFileSync(`${o.json.replace(/\.json$/, '')}.md`, out);
  process.stderr.write(`Wrote ${o.json} (and .md)\n`);
  return 0;
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await tpchMain(process.argv.slice(2));
}
