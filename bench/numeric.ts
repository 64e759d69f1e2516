/**
 * NUMERIC micro-benchmark: the same aggregates over DECIMAL(15,2) and DOUBLE columns of one
 * data set, InkDB in-process. The headline query is TPC-H Q1's `sum(x * (1 - y))`.
 *
 *   npx tsx bench/numeric.ts [--n 1000000] [--runs 7]
 *
 * Data: x = price with 2 decimals in [0, 100000), y = discount in {0.00 … 0.10}, from the same
 * 32-bit LCG as bench/data.ts. Prints the median time per query and the DECIMAL/DOUBLE ratio,
 * and checks that both answer the same (to the double's precision).
 * @module
 */

import { openDatabase } from '../src/index.ts';

function arg(name: string, dflt: number): number {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
}

const N = arg('--n', 1_000_000);
const RUNS = arg('--runs', 7);

let state = 20261204;
function next(): number {
  state = (state * 1664525 + 1013904223) >>> 0;
  return state / 4294967296;
}

const QUERIES: readonly (readonly [string, string])[] = [
  ['sum(x * (1 - y))', 'SELECT sum(x * (1 - y)) FROM T'],
  ['sum(x), avg(x)', 'SELECT sum(x), avg(x) FROM T'],
  ['filter y > 0.05: count, sum(x)', 'SELECT count(*), sum(x) FROM T WHERE y > 0.05'],
  ['group by y: sum(x * y)', 'SELECT y, sum(x * y) FROM T GROUP BY y'],
];

async function main(): Promise<void> {
  const db = await openDatabase({ name: 'numeric-bench' });
  const s = await db.login('root', '');
  await s.query('CREATE TABLE d (x DOUBLE, y DOUBLE)');
  await s.query('CREATE TABLE n (x DECIMAL(15,2), y DECIMAL(15,2))');
  const rows: { x: number; y: number }[] = new Array(N);
  for (let i = 0; i < N; i++) rows[i] = { x: Math.floor(next() * 10_000_000) / 100, y: Math.floor(next() * 11) / 100 };
  const t0 = performance.now();
  await s.table('d').insert(rows);
  const t1 = performance.now();
  await s.table('n').insert(rows);
  const t2 = performance.now();
  console.log(`N = ${N.toLocaleString('en-US')}, ${RUNS} runs; load DOUBLE ${(t1 - t0).toFixed(0)} ms, DECIMAL(15,2) ${(t2 - t1).toFixed(0)} ms`);
  console.log('| query | DOUBLE ms | DECIMAL(15,2) ms | ratio |');
  console.log('|---|---:|---:|---:|');
  for (const [label, sql] of QUERIES) {
    const time = async (table: string): Promise<[number, unknown]> => {
      const q = sql.replace('FROM T', `FROM ${table}`);
      let answer: unknown = null;
      await s.query(q); // warm-up
      const ts: number[] = [];
      for (let r = 0; r < RUNS; r++) {
        const a = performance.now();
        answer = (await s.query(q)).rowArrays()[0];
        ts.push(performance.now() - a);
      }
      ts.sort((p, q2) => p - q2);
      return [ts[Math.floor(ts.length / 2)]!, answer];
    };
    const [td, ad] = await time('d');
    const [tn, an] = await time('n');
    const same = JSON.stringify((ad as unknown[]).map((v) => Number(v).toPrecision(10))) === JSON.stringify((an as unknown[]).map((v) => Number(v).toPrecision(10)));
    console.log(`| ${label} | ${td.toFixed(1)} | ${tn.toFixed(1)} | ${(tn / td).toFixed(2)}× |${same ? '' : ` answers differ: ${String(ad)} vs ${String(an)}`}`);
  }
  await db.close();
}

await main();
