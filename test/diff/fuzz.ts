/**
 * The fuzzing loop behind `npm run fuzz:diff`: generate a case per seed, run it on InkDB (in a
 * child process, with a hang watchdog) and PostgreSQL, reduce each new kind of failure, dedupe
 * reduced failures by signature, and keep a Markdown report and a JSON file of classes.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Case } from './ast.ts';
import { ALL_FEATURES, FEATURES, type Features } from './features.ts';
import { genCase } from './gen-case.ts';
import { failureKey, reduce } from './reducer.ts';
import { RemoteEngine } from './remote-engine.ts';
import { reproMarkdown, script, signature } from './report.ts';
import { runCase, type Failure } from './runner.ts';

/** Options of {@link fuzz}. */
export interface FuzzOptions {
  readonly seed: number;
  readonly minutes: number;
  /** Steps per generated case. */
  readonly steps: number;
  /** Stop after this many statements in total (Infinity: only the time limit). */
  readonly maxStatements: number;
  readonly features: Features;
  /** Markdown report path; a `.json` file of the classes is written next to it. */
  readonly report: string;
  readonly reduce: boolean;
  /** InkDB statement time limit (hang threshold). */
  readonly timeoutMs: number;
  readonly log: (line: string) => void;
}

/** One deduplicated failure class. */
export interface FailureClass {
  readonly signature: string;
  readonly kind: string;
  readonly failure: Failure;
  readonly c: Case;
  readonly sql: string;
  readonly markdown: string;
  count: number;
  readonly firstSeed: number;
}

/** Totals of a fuzzing run. */
export interface FuzzSummary {
  readonly cases: number;
  readonly statements: number;
  readonly counts: Record<string, number>;
  readonly known: Record<string, number>;
  readonly classes: FailureClass[];
  readonly ms: number;
}

const REDUCE_LIMIT: Record<string, number> = { mismatch: 6, state: 4, tlp: 4, norec: 4, order: 3, rowcount: 3, columns: 2 };

/** Runs the fuzzer until the time or statement budget is spent. */
export async function fuzz(o: FuzzOptions): Promise<FuzzSummary> {
  const t0 = Date.now();
  const deadline = t0 + o.minutes * 60_000;
  const ink = new RemoteEngine('inkdb', o.timeoutMs);
  const pg = new RemoteEngine('postgres', Math.max(10_000, o.timeoutMs * 2));
  const counts: Record<string, number> = {};
  const known: Record<string, number> = {};
  const reducedPerKey = new Map<string, number>();
  const classes = new Map<string, FailureClass>();
  let statements = 0;
  let cases = 0;
  let lastLog = 0;
  const write = (): void => writeReport(o, { cases, statements, counts, known, classes: [...classes.values()], ms: Date.now() - t0 });

  for (let seed = o.seed; Date.now() < deadline && statements < o.maxStatements; seed++) {
    const { c } = genCase(seed, o.features, { steps: o.steps });
    const r = await runCase(c, ink, pg, { pg: true });
    cases++;
    statements += r.statements;
    for (const [k, v] of Object.entries(r.counts)) counts[k] = (counts[k] ?? 0) + v;
    for (const [k, v] of Object.entries(r.known)) known[k] = (known[k] ?? 0) + v;
    for (const f of r.failures) {
      const key = failureKey(f);
      const done = reducedPerKey.get(key) ?? 0;
      const limit = REDUCE_LIMIT[f.kind] ?? 1;
      if (done >= limit || Date.now() > deadline) {
        // Count it against the class the unreduced key last mapped to.
        for (const cl of classes.values()) if (failureKey(cl.failure) === key) { cl.count++; break; }
        continue;
      }
      reducedPerKey.set(key, done + 1);
      let red: { c: Case; failure: Failure } = { c: { seed, stmts: c.stmts.slice(0, f.index + 1) }, failure: f };
      if (o.reduce) {
        const budgetMs = Math.min(180_000, Math.max(10_000, deadline - Date.now()));
        red = await reduce(c, f, ink, pg, { usePg: f.kind !== 'hang', maxMs: f.kind === 'hang' ? budgetMs * 2 : budgetMs, log: (m) => o.log(`  ${m}`) });
      }
      const sig = signature(red.c, red.failure);
      const existing = classes.get(sig);
      if (existing !== undefined) {
        existing.count++;
        continue;
      }
      const markdown = await reproMarkdown(`${red.failure.kind}: ${sig}`, red.c, red.failure, ink, pg);
      classes.set(sig, { signature: sig, kind: red.failure.kind, failure: red.failure, c: red.c, sql: script(red.c), markdown, count: 1, firstSeed: seed });
      o.log(`NEW CLASS #${classes.size} (seed ${seed}) ${red.failure.kind}: ${red.failure.detail.slice(0, 160)}`);
      o.log(script(red.c).split('\n').map((l) => `    ${l}`).join('\n'));
      write();
    }
    if (Date.now() - lastLog > 10_000) {
      lastLog = Date.now();
      const fails = Object.entries(counts).filter(([k]) => !['ok', 'both-error', 'known', 'oracle-ok', 'oracle-skip', 'oracle-invalid', 'pg-timeout'].includes(k));
      o.log(`[${((Date.now() - t0) / 1000).toFixed(0)} s] seed ${seed}, ${cases} cases, ${statements} statements, ok ${counts['ok'] ?? 0}, both-error ${counts['both-error'] ?? 0}, `
        + `failures ${fails.map(([k, v]) => `${k} ${v}`).join(' ') || '0'}, classes ${classes.size}`);
      write();
    }
  }
  await ink.close();
  await pg.close();
  const summary = { cases, statements, counts, known, classes: [...classes.values()], ms: Date.now() - t0 };
  writeReport(o, summary);
  return summary;
}

function writeReport(o: FuzzOptions, s: FuzzSummary): void {
  mkdirSync(dirname(o.report), { recursive: true });
  const off = ALL_FEATURES.filter((f) => FEATURES[f][0] && !o.features.has(f));
  const on = ALL_FEATURES.filter((f) => !FEATURES[f][0] && o.features.has(f));
  const lines = [
    '# fuzz:diff report', '',
    `- seeds from ${o.seed}, ${s.cases} cases, ${s.statements} statements, ${(s.ms / 1000).toFixed(0)} s`,
    `- features off: ${off.join(', ') || '-'}; extra features on: ${on.join(', ') || '-'}`,
    `- outcomes: ${Object.entries(s.counts).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v}`).join(', ')}`,
    `- known differences: ${Object.entries(s.known).map(([k, v]) => `${k} ${v}`).join(', ') || '-'}`,
    `- failure classes: ${s.classes.length}`, '',
  ];
  for (const c of s.classes) lines.push(c.markdown.replace(/^### /, `### [${c.count}×] `), '');
  writeFileSync(o.report, lines.join('\n'));
  writeFileSync(o.report.replace(/\.md$/, '') + '.json', JSON.stringify(s.classes.map((c) => ({ signature: c.signature, kind: c.kind, count: c.count, firstSeed: c.firstSeed, failure: c.failure, case: c.c })), (_k, v) => (typeof v === 'bigint' ? v.toString() : v), 1));
}
