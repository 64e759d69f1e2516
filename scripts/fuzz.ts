/**
 * `npm run fuzz -- --minutes N --seed S [--statements N] [options]` — the robustness fuzzer.
 *
 * Every statement must either succeed (and its rows be readable) or reject with a `DbError`
 * whose SQLSTATE is not XX000, within the time limit, leaving the session able to answer
 * `SELECT 1`. The engine runs in child processes under a watchdog (see test/fuzz/runner.ts).
 * Prints counts per outcome and writes the reduced, deduplicated failures to a report.
 *
 * @module
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { describeCase, signature } from '../test/fuzz/cases.ts';
import { listSltFiles, loadCorpus, loadSeeds, OWN_SLT_DIR, VENDORED_CORPUS } from '../test/fuzz/corpus.ts';
import { fuzz, type FuzzReport } from '../test/fuzz/driver.ts';
import { abbreviate } from '../test/fuzz/reduce.ts';
import { Rng } from '../test/fuzz/rng.ts';

const USAGE = `usage: npm run fuzz -- [options]

options:
  --minutes <n>         run for n minutes (default 5, unless --statements is given)
  --statements <n>      stop after n statements
  --seed <n>            seed (default: from the clock; printed)
  --corpus <path>       sqllogictest file or directory to mutate (repeatable;
                        default: ${VENDORED_CORPUS}, *.test and *.test.gz)
  --per-file <n>        statements sampled per corpus file (default 300)
  --off <a,b,…>         switch generators off (grammar, mutation, corpus, patho, params,
                        patho:<family>, param:<kind>, grammar:<feature>)
  --batch <n>           statements per child process (default 500)
  --time-limit <ms>     per-statement limit (default 5000)
  --heap <mb>           child --max-old-space-size (default 1024)
  --rss <mb>            child resident-set limit (default 3072)
  --max-size <n>        largest pathological size (default 100000)
  --reduce-minutes <n>  time for reducing failures (default: a third of --minutes, at least 2)
  --no-reduce           do not reduce
  --report <file>       markdown report (default fuzz-report.md)
  --json <file>         also write the full report as JSON
  --help`;

function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      minutes: { type: 'string' }, statements: { type: 'string' }, seed: { type: 'string' }, corpus: { type: 'string', multiple: true },
      'per-file': { type: 'string' }, off: { type: 'string' }, batch: { type: 'string' }, 'time-limit': { type: 'string' }, heap: { type: 'string' },
      rss: { type: 'string' }, 'max-size': { type: 'string' }, 'reduce-minutes': { type: 'string' }, 'no-reduce': { type: 'boolean' },
      report: { type: 'string' }, json: { type: 'string' }, help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return Promise.resolve(0);
  }
  return run(values);
}

async function run(v: Record<string, string | string[] | boolean | undefined>): Promise<number> {
  const num = (k: string, d: number | undefined): number | undefined => (v[k] === undefined ? d : Number(v[k]));
  const seed = num('seed', Date.now() % 1_000_000_000)!;
  const statements = num('statements', undefined);
  const minutes = num('minutes', statements === undefined ? 5 : undefined);
  const reduceMinutes = v['no-reduce'] ? 0 : num('reduce-minutes', Math.max(2, (minutes ?? 6) / 3))!;
  const corpusPaths = (v['corpus'] as string[] | undefined) ?? [VENDORED_CORPUS];
  const rng = new Rng(seed ^ 0x5eed);
  const pool: string[] = [...loadSeeds(), ...loadCorpus([OWN_SLT_DIR], rng, 1000)];
  let corpusCount = 0;
  for (const p of corpusPaths) {
    const files = listSltFiles(resolve(p));
    if (files.length === 0) {
      console.error(`note: no sqllogictest files under ${p}; using test/fuzz/seeds.sql and test/slt only`);
      continue;
    }
    const got = loadCorpus([resolve(p)], rng, num('per-file', 300)!);
    corpusCount += got.length;
    pool.push(...got);
  }
  const off = new Set(((v['off'] as string | undefined) ?? '').split(',').map((s) => s.trim()).filter(Boolean));
  console.log(`seed ${seed}; pool ${pool.length} statements (${corpusCount} from the corpus); off: ${[...off].join(', ') || 'none'}`);
  const report = await fuzz({
    seed, statements, minutes, pool, off, reduceMinutes,
    batchSize: num('batch', 500)!, timeLimitMs: num('time-limit', 5000)!, heapMb: num('heap', 1024)!, rssLimitMb: num('rss', 3072)!,
    maxSize: num('max-size', 100_000)!, log: (l) => console.log(l),
  });
  printSummary(report);
  const file = (v['report'] as string | undefined) ?? 'fuzz-report.md';
  writeFileSync(file, renderReport(report));
  console.log(`report: ${file}`);
  if (v['json']) {
    writeFileSync(v['json'] as string, JSON.stringify(report, null, 1));
    console.log(`json: ${v['json'] as string}`);
  }
  return report.failures.length > 0 ? 1 : 0;
}

function printSummary(r: FuzzReport): void {
  console.log(`\n${r.statements} statements in ${r.batches} batches, ${r.children} child processes, ${Math.round(r.ms / 1000)} s`);
  for (const [k, n] of Object.entries(r.kinds).sort((a, b) => b[1] - a[1])) console.log(`  ${k.padEnd(14)} ${n}`);
  console.log('by code:');
  for (const [k, n] of Object.entries(r.codes).sort((a, b) => b[1] - a[1]).slice(0, 40)) console.log(`  ${k.padEnd(24)} ${n}`);
  console.log(`${r.failures.length} failures, ${r.findings.length} distinct reduced findings${r.harnessErrors ? `, ${r.harnessErrors} batches lost to harness errors` : ""}`);
}

function renderReport(r: FuzzReport): string {
  const lines: string[] = [
    `# Fuzz report (seed ${r.seed})`, '',
    `${r.statements} statements, ${r.batches} batches, ${r.children} child processes, ${Math.round(r.ms / 1000)} s.`, '',
    '| outcome | count |', '|---|---|',
    ...Object.entries(r.kinds).sort((a, b) => b[1] - a[1]).map(([k, n]) => `| ${k} | ${n} |`), '',
    '| outcome code | count |', '|---|---|',
    ...Object.entries(r.codes).sort((a, b) => b[1] - a[1]).map(([k, n]) => `| ${k} | ${n} |`), '',
    '## Failures by source', '',
    ...Object.entries(r.sources).sort().map(([s, ks]) => `- ${s}: ${Object.entries(ks).map(([k, n]) => `${k} ${n}`).join(', ')}`), '',
    `## Reduced findings (${r.findings.length})`, '',
  ];
  // One section per failure signature, with each distinct reduced statement shape under it.
  const bySig = new Map<string, FuzzReport['findings']>();
  for (const f of r.findings) bySig.set(f.signature, [...(bySig.get(f.signature) ?? []), f]);
  const raw = new Map<string, number>();
  for (const f of r.failures) raw.set(signature(f.outcome), (raw.get(signature(f.outcome)) ?? 0) + 1);
  [...bySig.keys()].sort().forEach((sig, i) => {
    const group = bySig.get(sig)!;
    const o = group[0]!.reduced.outcome;
    lines.push(`### ${i + 1}. ${o.kind} ${o.code ?? ''} — ${raw.get(sig) ?? group.length} raw failure(s)`, '');
    lines.push(`- signature: \`${sig.replace(/`/g, "'")}\``);
    lines.push(`- message: ${(o.message ?? '').slice(0, 300).replace(/\n/g, ' ')}`, '');
    for (const f of group) {
      lines.push(`- reproduced in a fresh database: ${f.reduced.reproduced ? 'yes' : 'no'}; ${f.reduced.trials} trials; source ${f.original.case.source}`);
      if (f.reduced.prefix.length > 0) {
        lines.push('- needs first:', '', '```sql', ...f.reduced.prefix.map((p) => `${abbreviate(describeCase(p), 400)};`), '```');
      }
      lines.push('', '```sql', abbreviate(describeCase(f.reduced.case), 2000), '```', '');
      lines.push(`original: \`${abbreviate(describeCase(f.original.case), 300).replace(/`/g, "'")}\``, '');
    }
  });
  return lines.join('\n');
}

main().then((code) => process.exit(code), (e: unknown) => {
  console.error(e);
  process.exit(2);
});
