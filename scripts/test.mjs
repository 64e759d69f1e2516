#!/usr/bin/env node
/**
 * `npm test`: every suite, each run even when an earlier one failed, then one closing line
 * `tests: N passed, M failed, K skipped` summed from the runners' own JSON reports.
 *
 *   typecheck     tsc --noEmit -p tsconfig.json                        1 test
 *   lint          biome lint (errors fail; warnings: npm run lint)     1 test
 *   hard-rules    test/hard-rules.test.ts (no eval/Function/WASM)       Vitest JSON
 *   unit          Vitest, every other *.test.ts                         Vitest JSON
 *   conformance   sqllogictest over conformance/sqllogictest (vendored) 1 test: every failure is
 *                 listed in conformance/expected-differences.txt, and every listed record still fails
 *   bench         tsx bench/run.ts --quick                              1 test: exit code 0 (no engine
 *                 or workload error, all answers agree)
 *   package       npm run build + scripts/check-package.mjs             1 test
 *   e2e           Playwright in Chromium                                Playwright JSON
 *
 * Without a Chromium the e2e suite is "not run": it counts in no column of the closing line, the
 * summary says so, and with CI=true it counts as 1 failure (so `.ci/run` fails).
 *
 * Options: `--only <suite>[,<suite>…]` runs a subset (the closing line still appears).
 * Exit code 1 when anything failed.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => join(root, 'node_modules', '.bin', name);
const tmp = mkdtempSync(join(tmpdir(), 'inkdb-test-'));
const CONFORMANCE_DIR = 'conformance/sqllogictest';
const CONFORMANCE_EXPECTED = 'conformance/expected-differences.txt';
const CHROMIUM_PATHS = ['/usr/bin/chromium', '/usr/lib/chromium/chromium'];

const env = { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' };
delete env.npm_config_color;

const onlyArg = process.argv.indexOf('--only');
const only = onlyArg >= 0 ? new Set((process.argv[onlyArg + 1] ?? '').split(',').filter(Boolean)) : null;

/** @type {{ name: string; passed: number; failed: number; skipped: number; note: string; notRun?: boolean }[]} */
const results = [];

function banner(name, what) {
  console.log(`\n=== ${name}: ${what}`);
}

/** Runs a command with inherited output; resolves to its exit code (or -1 if it could not start). */
function run(cmd, args, options = {}) {
  return new Promise((resolveRun) => {
    const child = spawn(cmd, args, { cwd: root, env, stdio: 'inherit', ...options });
    let timer = null;
    if (options.timeoutMs) {
      timer = setTimeout(() => {
        console.log(`\n${cmd} ${args.join(' ')}: timed out after ${options.timeoutMs / 1000} s`);
        child.kill('SIGTERM');
      }, options.timeoutMs);
    }
    child.on('error', (e) => { console.log(`${cmd}: ${e.message}`); if (timer) clearTimeout(timer); resolveRun(-1); });
    child.on('exit', (code, signal) => { if (timer) clearTimeout(timer); resolveRun(code ?? (signal ? 128 : 1)); });
  });
}

function readJson(path) {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return null;
  }
}

function record(name, passed, failed, skipped, note = '') {
  results.push({ name, passed, failed, skipped, note });
  console.log(`--- ${name}: ${passed} passed, ${failed} failed, ${skipped} skipped${note ? ` (${note})` : ''}`);
}

/** A suite that could not run: no counts (unless `failed`, as in CI), "not run" in the summary. */
function recordNotRun(name, why, failed) {
  results.push({ name, passed: 0, failed, skipped: 0, note: why, notRun: true });
  console.log(`--- ${name}: NOT RUN (${why})${failed > 0 ? ': counted as a failure because CI=true' : ''}`);
}

/** Counts from a Vitest JSON report; files that failed to load count as one failure each. */
function vitestCounts(report, exitCode) {
  if (report === null) return { passed: 0, failed: 1, skipped: 0, note: `no JSON report (exit ${exitCode})` };
  let failed = report.numFailedTests ?? 0;
  let brokenFiles = 0;
  for (const f of report.testResults ?? []) {
    if (f.status === 'failed' && (f.assertionResults ?? []).every((a) => a.status !== 'failed')) brokenFiles++;
  }
  failed += brokenFiles;
  if (failed === 0 && exitCode !== 0) failed = 1;
  return {
    passed: report.numPassedTests ?? 0,
    failed,
    skipped: (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0),
    note: brokenFiles > 0 ? `${brokenFiles} file(s) failed to load or run` : '',
  };
}

const suites = {
  async typecheck() {
    banner('typecheck', 'tsc --noEmit -p tsconfig.json');
    const code = await run(bin('tsc'), ['--noEmit', '-p', 'tsconfig.json']);
    record('typecheck', code === 0 ? 1 : 0, code === 0 ? 0 : 1, 0);
  },

  async lint() {
    banner('lint', 'biome lint (rules in biome.jsonc; errors only here, `npm run lint` lists the warnings too)');
    if (!existsSync(bin('biome'))) {
      console.log('node_modules/.bin/biome is missing: run `npm install`.');
      record('lint', 0, 1, 0, 'biome not installed');
      return;
    }
    const code = await run(bin('biome'), ['lint', '--diagnostic-level=error', '--max-diagnostics=none', '.']);
    record('lint', code === 0 ? 1 : 0, code === 0 ? 0 : 1, 0, code === 0 ? '' : `exit ${code}`);
  },

  async 'hard-rules'() {
    banner('hard-rules', 'no eval, new Function, Function(…) or WebAssembly in src/ (DESIGN.md §1.1)');
    const out = join(tmp, 'hard-rules.json');
    const code = await run(bin('vitest'), ['run', 'test/hard-rules.test.ts', '--reporter=default', '--reporter=json', `--outputFile.json=${out}`]);
    const c = vitestCounts(readJson(out), code);
    record('hard-rules', c.passed, c.failed, c.skipped, c.note);
  },

  async unit() {
    banner('unit', 'Vitest');
    const out = join(tmp, 'vitest.json');
    const code = await run(bin('vitest'), ['run', '--exclude', 'test/hard-rules.test.ts', '--reporter=default', '--reporter=json', `--outputFile.json=${out}`]);
    const c = vitestCounts(readJson(out), code);
    record('unit', c.passed, c.failed, c.skipped, c.note);
  },

  async conformance() {
    banner('conformance', `sqllogictest over ${CONFORMANCE_DIR}: every failure must be listed in ${CONFORMANCE_EXPECTED}`);
    if (!existsSync(join(root, CONFORMANCE_DIR)) || !existsSync(join(root, CONFORMANCE_EXPECTED))) {
      console.log(`The conformance corpus is missing: expected ${CONFORMANCE_DIR}/ and ${CONFORMANCE_EXPECTED} in the repository.`);
      record('conformance', 0, 1, 0, 'conformance files not found');
      return;
    }
    const out = join(tmp, 'slt.json');
    const code = await run(bin('tsx'), ['scripts/slt.ts', CONFORMANCE_DIR, '--expected', CONFORMANCE_EXPECTED, '--json', out, '--quiet']);
    const summary = readJson(out);
    const x = summary?.expected;
    if (summary === null || typeof summary.run !== 'number' || x === undefined) {
      record('conformance', 0, 1, 0, `no JSON summary (exit ${code})`);
      return;
    }
    const unexpected = x.unexpected.length;
    const nowPassing = x.nowPassing.length;
    const ok = code === 0 && summary.run > 0 && unexpected === 0 && nowPassing === 0;
    record('conformance', ok ? 1 : 0, ok ? 0 : 1, 0,
      `${summary.run} records run: ${summary.passed} passed, ${x.expectedFailures} failed as expected, `
      + `${unexpected} unexpected failures, ${nowPassing} listed differences now pass; ${summary.skipped} skipped by skipif/onlyif`);
  },

  async bench() {
    banner('bench', 'tsx bench/run.ts --quick');
    if (!existsSync(join(root, 'bench', 'run.ts'))) {
      console.log('bench/run.ts is missing');
      record('bench', 0, 1, 0, 'bench/run.ts not found');
      return;
    }
    const code = await run(bin('tsx'), ['bench/run.ts', '--quick']);
    record('bench', code === 0 ? 1 : 0, code === 0 ? 0 : 1, 0, code === 0 ? '' : `exit ${code}`);
  },

  async package() {
    banner('package', 'npm run build, then import it from Node through the exports map');
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const built = await run(npm, ['run', 'build']);
    if (built !== 0) {
      record('package', 0, 1, 0, `npm run build failed (exit ${built})`);
      return;
    }
    const code = await run(process.execPath, ['scripts/check-package.mjs']);
    record('package', code === 0 ? 1 : 0, code === 0 ? 0 : 1, 0);
  },

  async e2e() {
    banner('e2e', 'Playwright in Chromium');
    const haveBrowser = () => CHROMIUM_PATHS.some((p) => existsSync(p)) || !!process.env.INKDB_CHROMIUM;
    if (!haveBrowser() && process.env.CI === 'true' && process.getuid?.() === 0) {
      console.log('CI: installing Debian chromium');
      const aptEnv = { ...env, DEBIAN_FRONTEND: 'noninteractive' };
      await run('apt-get', ['update'], { env: aptEnv });
      await run('apt-get', ['install', '-y', '--no-install-recommends', 'chromium', 'fonts-liberation'], { env: aptEnv });
    }
    if (!haveBrowser() && !playwrightHasOwnChromium()) {
      const listed = countPlaywrightTests();
      const ci = process.env.CI === 'true';
      console.log([
        `No Chromium found (${CHROMIUM_PATHS.join(', ')}, $INKDB_CHROMIUM, Playwright's own download):`,
        `the ${listed} end-to-end tests are NOT RUN${ci ? ', which fails the run under CI=true' : ''}.`,
        'Get a browser with either:',
        '  sudo apt-get install chromium          (Debian/Ubuntu; or set INKDB_CHROMIUM=/path/to/chrome)',
        '  npx playwright install chromium        (Playwright\'s own build)',
      ].join('\n'));
      recordNotRun('e2e', `no Chromium: ${listed} tests not run`, ci ? 1 : 0);
      return;
    }
    const out = join(tmp, 'playwright.json');
    const code = await run(bin('playwright'), ['test'], { env: { ...env, INKDB_PLAYWRIGHT_JSON: out }, timeoutMs: 20 * 60_000 });
    const report = readJson(out);
    const s = report?.stats;
    if (!s) {
      record('e2e', 0, Math.max(1, countPlaywrightTests()), 0, `no JSON report (exit ${code})`);
      return;
    }
    let failed = s.unexpected ?? 0;
    const errors = (report.errors ?? []).length;
    if (failed === 0 && (errors > 0 || code !== 0)) failed = Math.max(1, errors);
    record('e2e', (s.expected ?? 0) + (s.flaky ?? 0), failed, s.skipped ?? 0,
      (s.flaky ?? 0) > 0 ? `${s.flaky} flaky` : errors > 0 ? `${errors} error(s) outside tests` : '');
  },
};

/** True when Playwright's own Chromium download is installed (`npx playwright install chromium`). */
function playwrightHasOwnChromium() {
  try {
    const r = spawnSync(process.execPath, ['-e', "const { chromium } = require('playwright-core'); process.stdout.write(chromium.executablePath())"], { cwd: root, env, encoding: 'utf8' });
    return r.status === 0 && r.stdout !== '' && existsSync(r.stdout);
  } catch {
    return false;
  }
}

/** How many tests Playwright would run (listing needs no browser); 1 if it cannot tell. */
function countPlaywrightTests() {
  const r = spawnSync(bin('playwright'), ['test', '--list', '--reporter=json'], { cwd: root, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  try {
    const report = JSON.parse(r.stdout);
    let n = 0;
    const walk = (suite) => {
      for (const spec of suite.specs ?? []) n += (spec.tests ?? []).length;
      for (const child of suite.suites ?? []) walk(child);
    };
    for (const s of report.suites ?? []) walk(s);
    return n > 0 ? n : 1;
  } catch {
    return 1;
  }
}

const order = ['typecheck', 'lint', 'hard-rules', 'unit', 'conformance', 'bench', 'package', 'e2e'];
if (only) {
  for (const name of only) {
    if (!order.includes(name)) {
      console.error(`unknown suite "${name}"; suites: ${order.join(', ')}`);
      process.exit(2);
    }
  }
}

const t0 = Date.now();
for (const name of order) {
  if (only && !only.has(name)) continue;
  try {
    await suites[name]();
  } catch (e) {
    record(name, 0, 1, 0, `runner error: ${e?.message ?? e}`);
  }
}
rmSync(tmp, { recursive: true, force: true });

const total = results.reduce((a, r) => ({ passed: a.passed + r.passed, failed: a.failed + r.failed, skipped: a.skipped + r.skipped }),
  { passed: 0, failed: 0, skipped: 0 });
console.log(`\n=== summary (${((Date.now() - t0) / 1000).toFixed(0)} s)`);
const width = Math.max(...results.map((r) => r.name.length));
for (const r of results) {
  const status = r.failed > 0 ? 'FAIL' : r.notRun ? '--  ' : 'ok  ';
  const counts = r.notRun ? `not run${r.failed > 0 ? `, counted as ${r.failed} failed (CI=true)` : ''}` : `${r.passed} passed, ${r.failed} failed, ${r.skipped} skipped`;
  console.log(`${status} ${r.name.padEnd(width)}  ${counts}${r.note ? `  (${r.note})` : ''}`);
}
const notRun = results.filter((r) => r.notRun);
if (notRun.length > 0) console.log(`not run: ${notRun.map((r) => `${r.name} (${r.note})`).join(', ')}`);
console.log(`tests: ${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
process.exitCode = total.failed > 0 ? 1 : 0;
