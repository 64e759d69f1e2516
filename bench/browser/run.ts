/**
 * Browser benchmark orchestrator: `npm run bench:browser [-- options]` (see bench/browser/README.md).
 *
 * Builds the page (bench/browser/page/) with Vite into bench/browser/.out/, serves it on 127.0.0.1,
 * launches Debian's Chromium through Playwright, and runs every engine in a fresh browser context and
 * page, one engine after the other: InkDB on the page's main thread, InkDB through its Worker, and the
 * peers that run in browsers. Prints a markdown table of medians, the ratios of InkDB (page) and InkDB
 * (worker) to the best peer, cross-checks the answers between engines, lists the browser targets that are
 * not built yet, and writes everything to a JSON file (and the markdown next to it).
 *
 * Options:
 *   --quick               N = 10,000, warm-up 1, 3 runs, loop cap 1 s, engines inkdb,inkdb-worker,sqljs,alasql,arquero
 *   --n 100000            table sizes (comma list; default 100000)
 *   --engines a,b         inkdb inkdb-worker sqljs alasql arquero duckdb pglite pglite-worker (default: all)
 *   --workloads W3,W4     W1a W1b W2 W2' W3 W4 W5 W6 W7u W7d W8 (default: all)
 *   --runs 5 --warmup 1   timed runs / warm-up runs per workload
 *   --cap-ms 4000         time cap of one run of a per-row loop; beyond it the time is extrapolated (~)
 *   --json path           output JSON (default bench/browser/results/latest.json; quick: …/quick.json)
 *   --timeout-min 30      give up on an engine's page after this long
 *   --coi                 serve with COOP/COEP headers (cross-origin isolated page: 5 µs timers)
 *   --port 0              port of the static server on 127.0.0.1 (0: any free port; a busy port is an error)
 *   --no-build            reuse the last build in bench/browser/.out/
 *   --headed              show the browser window (needs a display)
 *   --no-transport        skip the transport benchmark (page/transport.ts: the Worker round trip against a
 *                         postMessage echo, a 100,000-row result, stmt.run), run when inkdb-worker is selected
 *   --no-live             skip the live-query benchmark (bench/common/live.ts), which otherwise runs
 *                         for inkdb and inkdb-worker after the workloads
 * Exit code: 1 when answers disagree or the browser cannot start, 2 on bad arguments, else 0.
 * @module
 */

import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';
import type { Browser, Page } from '@playwright/test';
import { checkAnswers, crossCheckedLine, errorLines, fmt, mismatchesJson, mismatchSection } from '../common/report.ts';
import type { Mismatch } from '../common/report.ts';
import { estimateNote, message } from '../common/runner.ts';
import type { WorkloadResult } from '../common/runner.ts';
import { EXEC_ORDER, WORKLOAD_IDS } from '../common/workloads.ts';
import type { WorkloadId } from '../common/workloads.ts';
import { engineVersion, machineInfo } from '../node-env.ts';
import { ALL_ENGINES, isEngineId, QUICK_ENGINES } from './protocol.ts';
import type { EngineId, EngineResult, InitResult, LiveConfig, PageApi, PageConfig } from './protocol.ts';
import { liveMarkdown } from '../common/live.ts';
import type { LiveBenchResult } from '../common/live.ts';
import { transportMarkdown, type TransportResult } from './page/transport.ts';
import { mediansTable, plannedTable, ratios, ratioTable } from './report.ts';
import type { RatioRow } from './report.ts';
import { buildPage, hasBuild, OUT_DIR, serveStatic } from './serve.ts';
import { PLANNED_WORKLOADS } from './workloads.ts';

const here = dirname(fileURLToPath(import.meta.url));

/** Chromium's launch arguments: TOOLCHAIN.md's, plus `gc()` and no throttling of a hidden page. */
export const CHROMIUM_ARGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--js-flags=--expose-gc',
  '--disable-renderer-backgrounding',
  '--disable-background-timer-throttling',
  '--disable-backgrounding-occluded-windows',
];

interface Options {
  sizes: number[];
  engines: EngineId[];
  workloads: WorkloadId[];
  runs: number;
  warmup: number;
  capMs: number;
  json: string;
  timeoutMin: number;
  quick: boolean;
  coi: boolean;
  port: number;
  build: boolean;
  headed: boolean;
  live: boolean;
  transport: boolean;
}

function parseArgs(argv: readonly string[]): Options {
  const quick = argv.includes('--quick');
  const o: Options = {
    sizes: quick ? [10_000] : [100_000],
    engines: [...(quick ? QUICK_ENGINES : ALL_ENGINES)],
    workloads: [...WORKLOAD_IDS],
    runs: quick ? 3 : 5,
    warmup: 1,
    capMs: quick ? 1000 : 4000,
    json: resolve(here, 'results', quick ? 'quick.json' : 'latest.json'),
    timeoutMin: 30,
    quick,
    coi: false,
    port: 0,
    build: true,
    headed: false,
    live: !argv.includes('--no-live'),
    transport: !argv.includes('--no-transport'),
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? '';
    const v = argv[i + 1];
    const take = (): string => {
      if (v === undefined) throw new Error(`missing value after ${a}`);
      i++;
      return v;
    };
    const num = (s: string): number => Number(s.replace(/_/g, ''));
    const list = (s: string): string[] =>
      s
        .split(',')
        .map((x) => x.trim())
        .filter((x) => x !== '');
    switch (a) {
      case '--quick':
      case '--no-transport':
      case '--no-live':
        break;
      case '--coi':
        o.coi = true;
        break;
      case '--no-build':
        o.build = false;
        break;
      case '--headed':
        o.headed = true;
        break;
      case '--n':
        o.sizes = list(take()).map(num);
        if (o.sizes.length === 0 || o.sizes.some((x) => !Number.isInteger(x) || x <= 0)) throw new Error('--n expects positive integers');
        break;
      case '--engines': {
        const es = list(take());
        const bad = es.filter((e) => !isEngineId(e));
        if (bad.length > 0 || es.length === 0) throw new Error(`unknown engine(s) ${bad.join(', ')}; known: ${ALL_ENGINES.join(', ')}`);
        o.engines = es as EngineId[];
        break;
      }
      case '--workloads': {
        const ws = list(take());
        const bad = ws.filter((w) => !(WORKLOAD_IDS as readonly string[]).includes(w));
        if (bad.length > 0 || ws.length === 0) throw new Error(`unknown workload(s) ${bad.join(', ')}; known: ${WORKLOAD_IDS.join(' ')}`);
        o.workloads = WORKLOAD_IDS.filter((w) => ws.includes(w));
        break;
      }
      case '--runs':
        o.runs = num(take());
        break;
      case '--warmup':
        o.warmup = num(take());
        break;
      case '--cap-ms':
        o.capMs = num(take());
        break;
      case '--json':
        o.json = resolve(take());
        break;
      case '--timeout-min':
        o.timeoutMin = num(take());
        break;
      case '--port':
        o.port = num(take());
        break;
      default:
        throw new Error(`unknown option ${a}`);
    }
  }
  if (!Number.isInteger(o.runs) || o.runs < 1 || !Number.isInteger(o.warmup) || o.warmup < 0) throw new Error('--runs must be >= 1 and --warmup >= 0');
  if (!(o.capMs > 0) || !(o.timeoutMin > 0)) throw new Error('--cap-ms and --timeout-min must be > 0');
  if (!Number.isInteger(o.port) || o.port < 0 || o.port > 65535) throw new Error('--port expects 0..65535');
  return o;
}

function log(msg: string): void {
  process.stderr.write(msg + '\n');
}

/** Debian's wrapper, its binary, or whatever `INKDB_CHROMIUM` names. */
function chromiumPath(): string | undefined {
  const fromEnv = process.env['INKDB_CHROMIUM'];
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  return ['/usr/bin/chromium', '/usr/lib/chromium/chromium'].find((p) => existsSync(p));
}

/** Rejects after `ms` (and runs `onTimeout`), unless `p` settles first. */
function withTimeout<T>(p: Promise<T>, ms: number, what: string, onTimeout: () => void): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const t = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      onTimeout();
      reject(new Error(`${what}: timed out after ${String(Math.round(ms / 1000))} s`));
    }, ms);
  });
  return Promise.race([p, t]).finally(() => clearTimeout(timer));
}

/**
 * The page's API from inside `page.evaluate`. Playwright sends only the source text of the evaluated
 * function to the page, so each call spells this out inline (no closures over Node-side helpers).
 */
type PageWindow = Window & { inkBench: PageApi };

/** Runs one engine at one size in a fresh browser context and page; never rejects. */
async function runEngine(browser: Browser, url: string, engine: EngineId, n: number, o: Options): Promise<EngineResult> {
  const result: EngineResult = { engine, n, version: engineVersion(engine), workloads: {} };
  const started = performance.now();
  const deadline = started + o.timeoutMin * 60_000;
  const tag = `  [${engine} n=${String(n)}]`;
  const context = await browser.newContext();
  let page: Page | undefined;
  let crashed = false;
  const remaining = (): number => Math.max(1000, deadline - performance.now());
  const kill = (): void => {
    void context.close().catch(() => undefined);
  };
  try {
    page = await context.newPage();
    page.on('pageerror', (e) => log(`${tag} page error: ${message(e)}`));
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') log(`${tag} console.${m.type()}: ${m.text().slice(0, 300)}`);
    });
    page.on('crash', () => {
      crashed = true;
      log(`${tag} the page crashed`);
    });
    await page.goto(url + 'index.html', { timeout: 60_000 });
    await page.waitForFunction(() => (window as unknown as { inkBench?: unknown }).inkBench !== undefined, undefined, { timeout: 60_000 });
    const cfg: PageConfig = { engine, n, warmup: o.warmup, runs: o.runs, capMs: o.capMs };
    const p = page;
    const init: InitResult = await withTimeout(
      p.evaluate((c) => (window as PageWindow).inkBench.init(c), cfg),
      remaining(),
      'start-up',
      kill,
    );
    result.init = init;
    log(`${tag} start ${init.openMs.toFixed(0)} ms, first load ${init.initialLoadMs.toFixed(0)} ms${init.info !== undefined ? `, ${init.info}` : ''}`);
  } catch (e) {
    result.error = message(e);
    log(`${tag} failed to start: ${result.error}`);
  }

  if (result.error === undefined && page !== undefined) {
    const p = page;
    for (const id of EXEC_ORDER) {
      if (!o.workloads.includes(id)) {
        result.workloads[id] = { status: 'skipped' };
        continue;
      }
      if (result.crashed !== undefined) {
        result.workloads[id] = { status: 'error', error: result.crashed };
        continue;
      }
      let r: WorkloadResult;
      try {
        r = await withTimeout(
          p.evaluate((w) => (window as PageWindow).inkBench.run(w), id),
          remaining(),
          id,
          kill,
        );
      } catch (e) {
        r = { status: 'error', error: message(e) };
        result.crashed = crashed ? `the page crashed during ${id}` : `the page failed during ${id}: ${message(e)}`;
      }
      result.workloads[id] = r;
      if (r.status === 'ok') {
        log(`${tag} ${id}: median ${fmt(r.median ?? NaN)} ms, min ${fmt(r.min ?? NaN)}, max ${fmt(r.max ?? NaN)}${estimateNote(r, o.runs)}`);
      } else if (r.status === 'error') {
        log(`${tag} ${id}: error: ${r.error ?? '?'}`);
        if (r.stack !== undefined) log(r.stack.replace(/^/gm, '      '));
      }
    }
    if (result.crashed === undefined) {
      try {
        await withTimeout(p.evaluate(() => (window as PageWindow).inkBench.close()), 30_000, 'close', kill);
      } catch {
        // ignore errors on shutdown
      }
    }
  }
  await context.close().catch(() => undefined);
  result.wallS = (performance.now() - started) / 1000;
  return result;
}

/** Runs the transport benchmark (page/transport.ts) in a fresh page; never rejects. */
async function runTransport(browser: Browser, url: string, o: Options): Promise<TransportResult | string> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    page.on('pageerror', (e) => log(`  [transport] page error: ${message(e)}`));
    await page.goto(`${url}index.html`, { timeout: 60_000 });
    await page.waitForFunction(() => (window as unknown as { inkBench?: unknown }).inkBench !== undefined, undefined, { timeout: 60_000 });
    return await withTimeout(page.evaluate((q) => (window as PageWindow).inkBench.transport(q), o.quick), o.timeoutMin * 60_000, 'transport', () => {
      void context.close().catch(() => undefined);
    });
  } catch (e) {
    return message(e);
  } finally {
    await context.close().catch(() => undefined);
  }
}

/** Runs the live-query benchmark for one InkDB engine in a fresh page; never rejects. */
async function runLive(browser: Browser, url: string, engine: EngineId, o: Options): Promise<LiveBenchResult | string> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    page.on('pageerror', (e) => log(`  [live ${engine}] page error: ${message(e)}`));
    await page.goto(`${url}index.html`, { timeout: 60_000 });
    await page.waitForFunction(() => (window as unknown as { inkBench?: unknown }).inkBench !== undefined, undefined, { timeout: 60_000 });
    const cfg: LiveConfig = { engine, quick: o.quick };
    return await withTimeout(page.evaluate((c) => (window as PageWindow).inkBench.live(c), cfg), o.timeoutMin * 60_000, 'live', () => {
      void context.close().catch(() => undefined);
    });
  } catch (e) {
    return message(e);
  } finally {
    await context.close().catch(() => undefined);
  }
}

async function main(): Promise<void> {
  let o: Options;
  try {
    o = parseArgs(process.argv.slice(2));
  } catch (e) {
    log(message(e));
    process.exit(2);
  }
  const executablePath = chromiumPath();
  if (executablePath === undefined) {
    log(
      'No Chromium found (looked for /usr/bin/chromium and /usr/lib/chromium/chromium; INKDB_CHROMIUM overrides).\n' +
        'Install one with `apt-get install -y --no-install-recommends chromium` (Debian/Ubuntu)\n' +
        'or `npx playwright install chromium` and set INKDB_CHROMIUM to the binary it prints.',
    );
    process.exit(1);
  }
  const started = performance.now();
  const machine = machineInfo();
  log(
    `InkDB browser bench${o.quick ? ' (quick)' : ''}: N = ${o.sizes.join(', ')}; engines ${o.engines.join(', ')}; ` +
      `warm-up ${String(o.warmup)}, runs ${String(o.runs)}, loop cap ${String(o.capMs)} ms${o.coi ? '; cross-origin isolated' : ''}`,
  );
  if (o.build) {
    const ms = await buildPage();
    log(`- built the page into ${OUT_DIR} in ${(ms / 1000).toFixed(1)} s`);
  } else if (!hasBuild()) {
    log(`--no-build: no previous build in ${OUT_DIR}`);
    process.exit(2);
  }
  const server = await serveStatic(o.port, o.coi);
  let browser: Browser | undefined;
  const bySize: { n: number; results: EngineResult[] }[] = [];
  const live: LiveBenchResult[] = [];
  const liveErrors: string[] = [];
  let transport: TransportResult | undefined;
  let transportError: string | undefined;
  let browserVersion = '?';
  try {
    browser = await chromium.launch({ executablePath, args: [...CHROMIUM_ARGS], headless: !o.headed });
    browserVersion = browser.version();
    log(`- Chromium ${browserVersion} (${executablePath}), serving ${server.url}`);
    for (const n of o.sizes) {
      const results: EngineResult[] = [];
      for (const engine of o.engines) {
        log(`- ${engine}, N = ${n.toLocaleString('en-US')}`);
        const r = await runEngine(browser, server.url, engine, n, o);
        const problem = r.error ?? r.crashed;
        log(`  done in ${(r.wallS ?? 0).toFixed(1)} s${problem !== undefined ? ` (error: ${problem})` : ''}`);
        results.push(r);
      }
      bySize.push({ n, results });
    }
    if (o.transport && o.engines.includes('inkdb-worker')) {
      log('- transport: the Worker round trip against its postMessage floor');
      const r = await runTransport(browser, server.url, o);
      if (typeof r === 'string') {
        transportError = r;
        log(`  error: ${r}`);
      } else {
        transport = r;
        log(`  point query ${(r.rows[0]?.workerMs ?? NaN).toFixed(4)} ms through the Worker, floor ${r.echoMs.toFixed(4)} ms (${r.pointVsEcho.toFixed(2)}×)`);
      }
    }
    if (o.live) {
      for (const engine of o.engines.filter((e) => e === 'inkdb' || e === 'inkdb-worker')) {
        log(`- live queries, ${engine}`);
        const r = await runLive(browser, server.url, engine, o);
        if (typeof r === 'string') {
          liveErrors.push(`${engine}: ${r}`);
          log(`  error: ${r}`);
        } else {
          live.push(r);
        }
      }
    }
  } catch (e) {
    log(`the browser failed: ${message(e)}`);
    process.exitCode = 1;
  } finally {
    await browser?.close().catch(() => undefined);
    await server.close();
  }

  const workloads = o.workloads;
  const browserLabel = `Chromium ${browserVersion}${o.coi ? ', cross-origin isolated' : ''}`;
  let out = '';
  const allMismatches: Mismatch[] = [];
  const ratioRows: Record<string, RatioRow[]> = {};
  const checkedBySize: Record<string, Partial<Record<WorkloadId, EngineId[]>>> = {};
  for (const { n, results } of bySize) {
    out += `\n### ${mediansTable(n, results, workloads, browserLabel)}\n`;
    const rr = ratios(results, workloads);
    ratioRows[String(n)] = rr;
    if (o.engines.some((e) => e === 'inkdb' || e === 'inkdb-worker')) out += `### ${ratioTable(n, rr)}\n`;
    const { mismatches, checked } = checkAnswers(n, results, workloads);
    checkedBySize[String(n)] = checked;
    allMismatches.push(...mismatches);
    for (const r of results) {
      out += errorLines(n, r, workloads, false).join('');
      if (r.init?.info !== undefined) out += `- ${r.engine}: ${r.init.info}\n`;
    }
    out += crossCheckedLine(n, workloads, checked, ' (engines compared)');
  }
  if (allMismatches.length > 0) {
    out += mismatchSection(allMismatches);
  } else if (Object.values(checkedBySize).some((c) => Object.values(c).some((es) => es.length >= 2))) {
    out += '\nAll cross-checked answers agree (row counts, per-column sums, floats to 1e-9 relative; full sorted results for W3, W4, W6).\n';
  }
  if (transport !== undefined) out += `\n### ${transportMarkdown(transport, browserLabel)}`;
  if (transportError !== undefined) out += `\nTransport: error: ${transportError}\n`;
  if (live.length > 0) out += `\n### ${liveMarkdown(live, browserLabel)}`;
  for (const e of liveErrors) out += `\nLive queries: error: ${e}\n`;
  out += `\n### ${plannedTable()}\n`;
  const first = bySize[0]?.results.find((r) => r.init !== undefined)?.init;
  out +=
    `Total time ${((performance.now() - started) / 1000).toFixed(1)} s. ${String(machine['os'])}, ${String(machine['cpus'])}× ${String(machine['cpuModel'])}; ` +
    `${browserLabel}; timer resolution ${first !== undefined ? `${(first.timerResolutionMs * 1000).toFixed(0)} µs` : '?'}; gc() ${first?.gc === true ? 'before each run' : 'not available'}.\n`;
  process.stdout.write(out);

  mkdirSync(dirname(o.json), { recursive: true });
  const json = {
    machine,
    browser: { name: 'chromium', version: browserVersion, executablePath, args: CHROMIUM_ARGS, crossOriginIsolated: o.coi },
    options: o,
    results: bySize,
    ratios: ratioRows,
    crossCheck: { checked: checkedBySize, mismatches: mismatchesJson(allMismatches) },
    notBuiltYet: PLANNED_WORKLOADS.map((p) => ({ ...p, status: 'not built yet' })),
    live,
    transport: transport ?? transportError ?? null,
    ok: allMismatches.length === 0,
  };
  writeFileSync(o.json, JSON.stringify(json, null, 1) + '\n');
  writeFileSync(o.json.replace(/\.json$/, '') + '.md', out);
  log(`Wrote ${o.json} (and .md)`);
  if (allMismatches.length > 0) process.exitCode = 1;
}

await main();
