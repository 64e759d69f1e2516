/**
 * TPC-H benchmark child: `node --expose-gc --import tsx bench/tpch/child.ts <engine> <sf> [--queries 1,2,…]
 * [--runs k] [--slow-ms ms]`. Starts one engine (`inkdb`, `duckdb`, `pglite`; InkDB from
 * `BENCH_INKDB_ENTRY` when set), generates and loads the data of scale factor `sf` (timed, with memory
 * before and after), then runs each query: a first run, and — unless that took longer than `--slow-ms`
 * — `--runs` more, whose median is reported. Reports over IPC after the load and after every query
 * (so that the parent keeps what was measured when it kills a query that runs too long), or prints
 * `RESULT {json}` when run by hand. Runs in Node's default heap unless the parent says otherwise.
 * @module
 */

import { pathToFileURL } from 'node:url';
import type { openDatabase } from '../../src/index.ts';
import { gc, median, message } from '../common/runner.ts';
import { engineVersion } from '../node-env.ts';
import type { Cell, TpchEngine } from './engines.ts';
import { tpchQuery } from './queries.ts';

/** One query's outcome. */
export interface TpchQueryResult {
  status: 'ok' | 'error' | 'timeout' | 'not run';
  /** First execution in the process (after the load), ms. */
  first?: number;
  /** Median of the timed runs after the first, ms (absent when only the first ran). */
  median?: number;
  /** All timed runs, ms. */
  runs?: number[];
  /** The answer (last run). */
  rows?: Cell[][];
  error?: string;
}

/** What a TPC-H child reports. */
export interface TpchChildResult {
  engine: string;
  version: string;
  sf: number;
  error?: string;
  openMs?: number;
  /** Generating the data (the generator's own time, not the engine's). */
  generateMs?: number;
  /** Loading, without the generator's time (conversion to the engine's input counts). */
  loadMs?: number;
  /** Growth after the load, after gc (MB). */
  memory?: { rssMB: number; heapMB: number; externalMB: number; peakRssMB: number };
  queries: Record<number, TpchQueryResult>;
  /** The query being run when the report was sent (the parent's timeout names it). */
  current?: number;
}

/** A message from the child. */
export interface TpchChildMessage {
  kind: 'partial' | 'final';
  result: TpchChildResult;
}

const MB = 1024 * 1024;

async function engineFor(name: string): Promise<TpchEngine> {
  switch (name) {
    case 'inkdb': {
      const { InkdbTpch } = await import('./engines.ts');
      const entry = process.env['BENCH_INKDB_ENTRY'] ?? '../../src/index.ts';
      const spec = entry.startsWith('/') ? pathToFileURL(entry).href : entry;
      return new InkdbTpch(async () => ((await import(spec)) as { openDatabase: typeof openDatabase }).openDatabase);
    }
    case 'pglite':
      return new (await import('./engines.ts')).PgliteTpch();
    case 'duckdb':
      return new (await import('./duckdb.ts')).DuckdbTpch();
    default:
      throw new Error(`unknown engine ${name}`);
  }
}

async function memNow(): Promise<NodeJS.MemoryUsage> {
  for (let i = 0; i < 3; i++) {
    gc();
    await new Promise((r) => setTimeout(r, 50));
  }
  return process.memoryUsage();
}

function send(m: TpchChildMessage): Promise<void> {
  if (m.result.memory !== undefined) m.result.memory.peakRssMB = process.resourceUsage().maxRSS / 1024;
  if (process.send !== undefined) return new Promise((resolve) => process.send?.(m, undefined, {}, () => resolve()));
  if (m.kind === 'final') process.stdout.write(`RESULT ${JSON.stringify(m.result)}\n`);
  return Promise.resolve();
}

function log(r: TpchChildResult, msg: string): void {
  process.stderr.write(`  [${r.engine} sf=${String(r.sf)}] ${msg}\n`);
}

async function main(): Promise<void> {
  const engine = process.argv[2] ?? '';
  const sf = Number(process.argv[3]);
  const argv = process.argv.slice(4);
  const opt = (name: string): string | undefined => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const queries = (opt('--queries') ?? '1-22').split(',').flatMap((p) => {
    const [a, b] = p.split('-').map(Number);
    return b === undefined ? [a ?? 0] : Array.from({ length: b - (a ?? 0) + 1 }, (_, i) => (a ?? 0) + i);
  });
  const runs = Number(opt('--runs') ?? 3);
  const slowMs = Number(opt('--slow-ms') ?? 20_000);
  const result: TpchChildResult = { engine, version: engineVersion(engine === 'duckdb' ? 'duckdb' : engine), sf, queries: {} };
  let e: TpchEngine | undefined;
  try {
    e = await engineFor(engine);
    const t0 = performance.now();
    await e.open();
    result.openMs = performance.now() - t0;
    const m0 = await memNow();
    const t1 = performance.now();
    const gen = await e.load(sf);
    result.generateMs = gen;
    result.loadMs = performance.now() - t1 - gen;
    const m1 = await memNow();
    result.memory = {
      rssMB: (m1.rss - m0.rss) / MB,
      heapMB: (m1.heapUsed - m0.heapUsed) / MB,
      externalMB: (m1.external + m1.arrayBuffers - m0.external - m0.arrayBuffers) / MB,
      peakRssMB: 0,
    };
    log(result, `open ${result.openMs.toFixed(0)} ms, load ${result.loadMs.toFixed(0)} ms (+ generating ${gen.toFixed(0)} ms), RSS +${result.memory.rssMB.toFixed(0)} MB, heap +${result.memory.heapMB.toFixed(0)} MB, external +${result.memory.externalMB.toFixed(0)} MB`);
  } catch (err) {
    result.error = message(err);
    log(result, `failed: ${result.error}`);
    await send({ kind: 'final', result });
    process.exit(0);
  }
  for (const id of queries) {
    result.current = id;
    result.queries[id] = { status: 'timeout' };
    await send({ kind: 'partial', result });
    const q = tpchQuery(id, sf);
    try {
      gc();
      let t = performance.now();
      let rows = await e.run(q);
      const first = performance.now() - t;
      const times: number[] = [];
      if (first <= slowMs) {
        for (let r = 0; r < runs; r++) {
          gc();
          t = performance.now();
          rows = await e.run(q);
          times.push(performance.now() - t);
        }
      }
      const qr: TpchQueryResult = { status: 'ok', first, rows };
      if (times.length > 0) {
        qr.median = median(times);
        qr.runs = times;
      }
      result.queries[id] = qr;
      log(result, `Q${String(id)}: first ${first.toFixed(1)} ms${qr.median !== undefined ? `, median ${qr.median.toFixed(1)} ms` : ''}, ${String(rows.length)} rows`);
    } catch (err) {
      result.queries[id] = { status: 'error', error: message(err) };
      log(result, `Q${String(id)}: error: ${message(err)}`);
    }
  }
  delete result.current;
  await e.close().catch(() => undefined);
  await send({ kind: 'final', result });
  process.exit(0);
}

main().catch((err: unknown) => {
  process.stderr.write(`tpch child crashed: ${message(err)}\n`);
  process.exit(1);
});
