/**
 * Live-query benchmark, Node driver: `tsx bench/live.ts [--quick] [--json path]`, and part of
 * `npm run bench` (bench/run.ts runs it in a child process after the peer comparison).
 *
 * Measures {@link measureLive} (bench/common/live.ts) twice: the engine in-process
 * (`openDatabase({ worker: false })`) and the engine in a worker thread behind the real
 * `WorkerConnection` and `exposeEngine` over a MessagePort (the browser run measures the module
 * Worker the same way: `npm run bench:browser -- --live`). Prints a markdown report; with
 * `--json` writes the figures too. Targets (DESIGN): median under 1 ms in-process and under 5 ms
 * through the Worker with 1,000 subscriptions on the table.
 * @module
 */
import { writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { Database, openDatabase } from '../src/client/database.ts';
import { WorkerConnection } from '../src/client/worker-connection.ts';
import { liveMarkdown, measureLive, type LiveBenchDatabase, type LiveBenchResult } from './common/live.ts';

const here = dirname(fileURLToPath(import.meta.url));

async function workerDatabase(): Promise<{ db: Database; stop: () => Promise<number> }> {
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(resolve(here, 'live-worker.mjs'), { workerData: { port: port2 }, transferList: [port2 as never] });
  const conn = await WorkerConnection.connect(port1, { engine: { storage: 'memory' }, terminateOnClose: false });
  return { db: new Database('live-bench', conn, null), stop: () => { port1.close(); return worker.terminate(); } };
}

export async function runLiveBench(quick: boolean): Promise<{ results: LiveBenchResult[]; markdown: string }> {
  const opts = quick ? { samples: 50, warmup: 20 } : { samples: 300, warmup: 100 };
  const results: LiveBenchResult[] = [];
  results.push(await measureLive('in-process', await openDatabase({ worker: false, storage: 'memory' }) as unknown as LiveBenchDatabase, opts));
  const w = await workerDatabase();
  results.push(await measureLive('worker thread', w.db as unknown as LiveBenchDatabase, opts));
  await w.stop();
  return { results, markdown: liveMarkdown(results, `Node ${process.version}, ${opts.samples} writes per cell`) };
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const quick = args.includes('--quick');
  const j = args.indexOf('--json');
  const { results, markdown } = await runLiveBench(quick);
  process.stdout.write(`${markdown}\n`);
  if (j >= 0 && args[j + 1] !== undefined) writeFileSync(resolve(args[j + 1]!), `${JSON.stringify(results, null, 1)}\n`);
  if (process.send !== undefined) process.send({ kind: 'live', results, markdown });
}
