/**
 * `npm run fuzz:diff -- --minutes N --seed S [--statements N]`: differential fuzzing of InkDB
 * against PostgreSQL (PGlite), with TLP/NoREC oracles, reduction of each new failure and a
 * Markdown report of the failure classes. See test/diff/ for the parts.
 *
 * Options:
 *   --minutes N          time budget (default 5)
 *   --seed S             first seed; case k uses seed S+k (default: time-based)
 *   --statements N       statements (steps) per generated case (default 20)
 *   --max-statements N   stop after N statements in total (default: no limit)
 *   --off a,b            switch generator features off (names in test/diff/features.ts)
 *   --on a,b             switch features on (e.g. numeric,any_all_subquery)
 *   --report PATH        Markdown report (default: $TMPDIR/inkdb-fuzz-diff/report-<seed>.md);
 *                        the classes are also written as JSON next to it
 *   --timeout-ms N       an InkDB statement running longer is a hang (default 5000)
 *   --no-reduce          report unreduced failures
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { featureSet, parseFeatures } from '../test/diff/features.ts';
import { fuzz } from '../test/diff/fuzz.ts';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function num(name: string, dflt: number): number {
  const v = arg(name);
  if (v === undefined) return dflt;
  const n = Number(v);
  if (!Number.isFinite(n)) throw new Error(`--${name} needs a number, got ${v}`);
  return n;
}

if (process.argv.includes('--help')) {
  console.log('usage: npm run fuzz:diff -- --minutes N --seed S [--statements N] [--max-statements N] [--off f,g] [--on f,g] [--report PATH] [--timeout-ms N] [--no-reduce]');
  process.exit(0);
}

const seed = num('seed', Date.now() % 1_000_000_000);
const report = arg('report') ?? join(tmpdir(), 'inkdb-fuzz-diff', `report-${seed}.md`);
const features = featureSet(parseFeatures(arg('off') ?? ''), parseFeatures(arg('on') ?? ''));
console.log(`fuzz:diff seed ${seed}, report ${report}`);
const s = await fuzz({
  seed,
  minutes: num('minutes', 5),
  steps: num('statements', 20),
  maxStatements: num('max-statements', Infinity),
  features,
  report,
  reduce: !process.argv.includes('--no-reduce'),
  timeoutMs: num('timeout-ms', 5000),
  log: (line) => console.log(line),
});
console.log(`\ndone: ${s.cases} cases, ${s.statements} statements in ${(s.ms / 1000).toFixed(0)} s`);
console.log(`outcomes: ${Object.entries(s.counts).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v}`).join(', ')}`);
console.log(`failure classes: ${s.classes.length}`);
for (const c of s.classes) console.log(`  [${c.count}×] ${c.kind}: ${c.failure.detail.slice(0, 140)}`);
console.log(`report: ${report}`);
