/**
 * Profiling aid for one engine's TPC-H queries: `node --import tsx [--cpu-prof] bench/tpch/profile.ts
 * [--sf 0.1] [--queries 1,17] [--runs 20] [--explain] [--gc]`. Loads InkDB in-process at the scale factor, prints
 * each query's EXPLAIN when asked, runs it `--runs` times and prints the median and the minimum
 * (ms). Run under `node --cpu-prof` to see where the time goes; the load is in the profile too, so
 * raise `--runs` until the queries dominate.
 * @module
 */

import { pathToFileURL } from 'node:url';
import type { openDatabase } from '../../src/index.ts';
import { gc, median } from '../common/runner.ts';
import { InkdbTpch } from './engines.ts';
import { tpchQuery } from './queries.ts';

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const opt = (name: string, dflt: string): string => {
    const i = argv.indexOf(name);
    return i >= 0 ? (argv[i + 1] ?? dflt) : dflt;
  };
  const sf = Number(opt('--sf', '0.1'));
  const runs = Number(opt('--runs', '20'));
  const ids = opt('--queries', '1').split(',').map(Number);
  // --gc: a full collection before each run, as the bench's child does (needs node --expose-gc)
  const withGc = argv.includes('--gc');
  const settleMs = Number(opt('--settle-ms', '0'));
  // BENCH_INKDB_ENTRY: another copy of InkDB (e.g. a baseline checkout's src/index.ts), as the bench's child takes it
  const entry = process.env['BENCH_INKDB_ENTRY'];
  const spec = entry === undefined ? '../../src/index.ts' : pathToFileURL(entry).href;
  const e = new InkdbTpch(async () => ((await import(spec)) as { openDatabase: typeof openDatabase }).openDatabase);
  await e.open();
  await e.load(sf);
  for (const id of ids) {
    const q = tpchQuery(id, sf);
    if (argv.includes('--explain')) {
      const rows = await e.run({ ...q, sql: `explain ${q.sql}` });
      process.stdout.write(`Q${String(id)}:\n${rows.map((r) => String(r[0])).join('\n')}\n`);
    }
    const times: number[] = [];
    let n = 0;
    for (let r = 0; r < runs; r++) {
      if (withGc) gc();
      if (settleMs > 0) await new Promise((r) => setTimeout(r, settleMs));
      const t = performance.now();
      n = (await e.run(q)).length;
      times.push(performance.now() - t);
    }
    process.stdout.write(`Q${String(id)}: ${String(n)} rows, first ${times[0]?.toFixed(1) ?? '-'} ms, median ${median(times.slice(1)).toFixed(1)} ms, min ${Math.min(...times).toFixed(1)} ms\n`);
  }
  await e.close();
}

main().catch((err: unknown) => {
  process.stderr.write(`${String(err)}\n`);
  process.exit(1);
});
