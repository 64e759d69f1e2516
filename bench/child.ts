/**
 * Per-process benchmark runner: `node --expose-gc --import tsx bench/child.ts <engine> <n> [options]`.
 *
 * Generates the data (untimed), runs the workloads on one engine, and sends a {@link ChildResult} to the
 * parent over IPC (or prints it as the last stdout line, prefixed with `RESULT `, when run by hand).
 * Options: `--warmup k` (default 1), `--runs k` (default 5), `--workloads W3,W4`, `--cap-ms ms` (time cap of
 * the per-row loops, default 4000), `--chunk-rows k` (generate and load `events` in chunks of k rows, for
 * sizes whose row objects do not fit in the heap at once; the "input alive" memory figures are then absent).
 * Engines: those of bench/run.ts, plus `floor` (the plain typed-array loops of W3–W6) and
 * `inkdb-noshapes` (InkDB started with `INKDB_NO_SHAPES=1`: query shapes off).
 * @module
 */

import { performance } from 'node:perf_hooks';
import { estimateNote, gc, message, runWorkload } from './common/runner.ts';
import type { WorkloadResult } from './common/runner.ts';
import { EXEC_ORDER, loadTables, WORKLOADS } from './common/workloads.ts';
import type { Adapter, Context, WorkloadId } from './common/workloads.ts';
import { deleteIds, generateEventChunks, generateEvents, generateUsers, lookupIds, updatePairs } from './data.ts';
import type { EventRow } from './data.ts';
import { engineVersion } from './node-env.ts';

/**
 * Memory figures of one engine, MB. "Growth" compares the process after loading both tables (input rows
 * dropped, after gc) with the process before the input rows existed; the `…InputAliveMB` variants compare,
 * while the caller still holds the input rows, after vs before the load (an engine that keeps the
 * caller's row objects or strings looks cheaper there).
 */
export interface MemoryResult {
  /** RSS growth after loading both tables, input rows dropped (after gc). */
  rssGrowthMB: number;
  /** V8 heapUsed growth after loading both tables, input rows dropped (after gc). */
  heapGrowthMB: number;
  /** RSS growth of the load while the input rows are still referenced (after gc); absent for a chunked load. */
  rssGrowthInputAliveMB?: number;
  /** heapUsed growth of the load while the input rows are still referenced (after gc); absent for a chunked load. */
  heapGrowthInputAliveMB?: number;
  /** Growth of `external` + `arrayBuffers` memory (wasm memories, typed arrays). */
  externalGrowthMB: number;
  /** Peak RSS of the whole process (all workloads; up to the last report if the process died). */
  peakRssMB: number;
}

/** What a child process reports. */
export interface ChildResult {
  engine: string;
  version: string;
  n: number;
  /** Engine failed to start (or load): message. */
  error?: string;
  /** Set by the parent when the process died or was killed before its final report. */
  crashed?: string;
  /** Engine start-up time, ms (untimed for the workloads). */
  openMs?: number;
  /** Time of the initial (untimed) load of both tables, ms. */
  initialLoadMs?: number;
  memory?: MemoryResult;
  workloads: Partial<Record<WorkloadId, WorkloadResult>>;
}

const MB = 1024 * 1024;

function signed(x: number): string {
  return (x >= 0 ? '+' : '') + x.toFixed(1);
}

function log(engine: string, n: number, msg: string): void {
  process.stderr.write(`  [${engine} n=${String(n)}] ${msg}\n`);
}

async function loadAdapter(engine: string): Promise<Adapter> {
  switch (engine) {
    case 'inkdb':
      return (await import('./adapters/inkdb.ts')).nodeInkdbAdapter();
    case 'inkdb-noshapes':
      // the parent starts this child with INKDB_NO_SHAPES=1, read by the engine when it loads
      if (process.env['INKDB_NO_SHAPES'] !== '1') throw new Error('inkdb-noshapes needs INKDB_NO_SHAPES=1 in the environment');
      return (await import('./adapters/inkdb.ts')).nodeInkdbAdapter();
    case 'inkdb-baseline': {
      // another checkout's InkDB (a regression check): its src/index.ts, named by the environment
      const entry = process.env['BENCH_BASELINE_ENTRY'];
      if (entry === undefined) throw new Error('inkdb-baseline needs BENCH_BASELINE_ENTRY=/path/to/other/checkout/src/index.ts');
      return (await import('./adapters/inkdb.ts')).nodeInkdbAdapter(entry, 'inkdb-baseline');
    }
    case 'floor':
      return new (await import('./common/adapters/floor.ts')).FloorAdapter();
    case 'sqljs':
      return (await import('./adapters/sqljs.ts')).nodeSqljsAdapter('wasm');
    case 'sqljs-asm':
      return (await import('./adapters/sqljs.ts')).nodeSqljsAdapter('asm');
    case 'alasql':
      return new (await import('./common/adapters/alasql.ts')).AlasqlAdapter();
    case 'arquero':
      return new (await import('./common/adapters/arquero.ts')).ArqueroAdapter();
    case 'duckdb':
      return new (await import('./adapters/duckdb.ts')).DuckdbAdapter();
    case 'pglite':
      return new (await import('./common/adapters/pglite.ts')).PgliteAdapter();
    case 'lovefield':
      return new (await import('./adapters/lovefield.ts')).LovefieldAdapter();
    default:
      throw new Error(`unknown engine ${engine}`);
  }
}

interface Options {
  warmup: number;
  runs: number;
  workloads: Set<WorkloadId> | undefined;
  capMs: number;
  chunkRows: number;
}

function parseOptions(argv: readonly string[]): Options {
  const o: Options = { warmup: 1, runs: 5, workloads: undefined, capMs: 4000, chunkRows: 0 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const v = argv[i + 1];
    if (v === undefined) break;
    if (a === '--warmup') o.warmup = Number(v);
    else if (a === '--runs') o.runs = Number(v);
    else if (a === '--cap-ms') o.capMs = Number(v);
    else if (a === '--chunk-rows') o.chunkRows = Number(v);
    else if (a === '--workloads') o.workloads = new Set(v.split(',') as WorkloadId[]);
    else continue;
    i++;
  }
  return o;
}

/** Memory reading after full GCs, with pauses that let V8's background threads unmap freed pages. */
async function memNow(): Promise<NodeJS.MemoryUsage> {
  for (let i = 0; i < 3; i++) {
    gc();
    await new Promise((r) => setTimeout(r, 50));
  }
  return process.memoryUsage();
}

async function main(): Promise<void> {
  const engine = process.argv[2] ?? '';
  const n = Number(process.argv[3]);
  const o = parseOptions(process.argv.slice(4));
  const result: ChildResult = { engine, version: '', n, workloads: {} };
  const users = generateUsers();
  const ctx: Context = {
    n,
    users,
    lookupIds: (run) => lookupIds(n, run),
    updatePairs: updatePairs(n),
    deleteIds: deleteIds(n),
    freshEvents: () => generateEvents(n),
  };
  const selected = (id: WorkloadId): boolean => o.workloads === undefined || o.workloads.has(id);
  let a: Adapter | undefined;
  try {
    a = await loadAdapter(engine);
    result.version = engineVersion(engine);
    const adapter = a;
    if (!WORKLOADS.some((w) => selected(w.id) && w.supported(adapter))) {
      // nothing to run here (a fresh process for a workload the engine lacks): no start, no load
      for (const w of WORKLOADS) result.workloads[w.id] = selected(w.id) ? { status: 'n/a' } : { status: 'skipped' };
      await send({ kind: 'final', result });
      process.exit(0);
    }
    const t0 = performance.now();
    await a.open();
    result.openMs = performance.now() - t0;
    // Memory: baseline with only the engine started (mA); generate the input rows (mB); load both
    // tables (mC, rows still referenced); drop the rows (mD). Growth = mD - mA charges the engine with
    // whatever it keeps of the rows; mC - mB is the growth while the caller still holds them. One set of
    // rows is generated and dropped before mA, so that the heap pages the generation leaves behind are
    // already part of the baseline RSS rather than counted as growth.
    if (o.chunkRows > 0) {
      // large N: rows generated and loaded chunk by chunk, never all alive at once
      const mA = await memNow();
      const t1 = performance.now();
      await a.reset();
      await a.loadUsers(users);
      for (const chunk of generateEventChunks(n, o.chunkRows)) await a.bulkLoad(chunk);
      result.initialLoadMs = performance.now() - t1;
      const mD = await memNow();
      result.memory = {
        rssGrowthMB: (mD.rss - mA.rss) / MB,
        heapGrowthMB: (mD.heapUsed - mA.heapUsed) / MB,
        externalGrowthMB: (mD.external + mD.arrayBuffers - mA.external - mA.arrayBuffers) / MB,
        peakRssMB: 0,
      };
      log(engine, n, `open ${result.openMs.toFixed(0)} ms, chunked load ${result.initialLoadMs.toFixed(0)} ms, RSS ${signed(result.memory.rssGrowthMB)} MB`);
    } else {
      void ctx.freshEvents();
      const mA = await memNow();
      let input: EventRow[] | undefined = generateEvents(n);
      const mB = await memNow();
      const t1 = performance.now();
      await a.reset();
      await a.loadUsers(users);
      await a.bulkLoad(input);
      result.initialLoadMs = performance.now() - t1;
      const mC = await memNow();
      input = undefined;
      const mD = await memNow();
      result.memory = {
        rssGrowthMB: (mD.rss - mA.rss) / MB,
        heapGrowthMB: (mD.heapUsed - mA.heapUsed) / MB,
        rssGrowthInputAliveMB: (mC.rss - mB.rss) / MB,
        heapGrowthInputAliveMB: (mC.heapUsed - mB.heapUsed) / MB,
        externalGrowthMB: (mD.external + mD.arrayBuffers - mA.external - mA.arrayBuffers) / MB,
        peakRssMB: 0,
      };
      log(engine, n, `open ${result.openMs.toFixed(0)} ms, initial load ${result.initialLoadMs.toFixed(0)} ms, RSS ${signed(result.memory.rssGrowthMB)} MB (input alive: ${signed(result.memory.rssGrowthInputAliveMB ?? 0)} MB)`);
    }
  } catch (e) {
    result.error = message(e);
    log(engine, n, `failed to start: ${result.error}`);
    if (e instanceof Error && e.stack !== undefined) process.stderr.write(e.stack + '\n');
  }

  if (a !== undefined && result.error === undefined) {
    await send({ kind: 'partial', result });
    let indexed = false;
    let broken = false;
    for (const id of EXEC_ORDER) {
      const w = WORKLOADS.find((x) => x.id === id);
      if (w === undefined) continue;
      if (!selected(id)) {
        result.workloads[id] = { status: 'skipped' };
        continue;
      }
      if (!w.supported(a)) {
        result.workloads[id] = { status: 'n/a' };
        continue;
      }
      // Reported as the outcome if the process dies or is killed during this workload.
      result.workloads[id] = { status: 'error', error: 'did not finish: the child process died or timed out' };
      await send({ kind: 'partial', result });
      try {
        if (broken) {
          // A mutating workload failed half-way: reload the shared tables before reading again.
          await loadTables(a, ctx);
          broken = false;
        }
        if (id === 'W8' && !indexed) {
          if (a.createIndex !== undefined) await a.createIndex();
          indexed = true;
        }
        const r = await runWorkload(a, w, ctx, o);
        result.workloads[id] = r;
        log(engine, n, `${id}: first ${(r.warmup?.[0] ?? NaN).toPrecision(3)} ms, median ${(r.median ?? NaN).toPrecision(3)} ms, min ${(r.min ?? NaN).toPrecision(3)}, max ${(r.max ?? NaN).toPrecision(3)}${estimateNote(r, o.runs)}`);
      } catch (e) {
        result.workloads[id] = { status: 'error', error: message(e) };
        log(engine, n, `${id}: error: ${message(e)}`);
        if (w.kind !== 'read') broken = true;
      }
    }
  }
  try {
    if (a !== undefined) await a.close();
  } catch {
    // ignore errors on shutdown
  }
  await send({ kind: 'final', result });
  process.exit(0);
}

/**
 * A message from the child to the parent: `partial` after each step (so that the results so far survive
 * a crash or a timeout), then `final`.
 */
export interface ChildMessage {
  kind: 'partial' | 'final';
  result: ChildResult;
}

function send(m: ChildMessage): Promise<void> {
  if (m.result.memory !== undefined) m.result.memory.peakRssMB = process.resourceUsage().maxRSS / 1024;
  if (process.send !== undefined) {
    return new Promise((resolve) => {
      process.send?.(m, undefined, {}, () => resolve());
    });
  }
  if (m.kind === 'final') process.stdout.write('RESULT ' + JSON.stringify(m.result) + '\n');
  return Promise.resolve();
}

main().catch((e: unknown) => {
  process.stderr.write(`child crashed: ${message(e)}\n`);
  process.exit(1);
});
