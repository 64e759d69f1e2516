/**
 * Browser persistence benchmark: `npx tsx bench/persist/run.ts [--quick] [--json path]`.
 *
 * Builds bench/persist/page/ with Vite into bench/persist/.out/, serves it (vite preview) on
 * 127.0.0.1, and drives Debian's Chromium through Playwright: InkDB through its Worker with
 * IndexedDB storage, and PGlite with its IndexedDB file system, in the same run, each engine in a
 * fresh browser context (empty IndexedDB). Prints a markdown table and writes JSON
 * (default bench/results/persist-browser.json).
 *
 * Figures: single-row autocommit INSERT latency (strict and relaxed durability; median and p95 of
 * n inserts), 1,000 INSERTs in one transaction (median of runs), a bulk load of 100,000 rows
 * (median of runs), and open-to-first-query over 1,000,000 stored rows (the page is reloaded before
 * each timed open; median of runs).
 * @module
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from '@playwright/test';

const here = dirname(fileURLToPath(import.meta.url));
const PAGE_DIR = resolve(here, 'page');
const OUT_DIR = resolve(here, '.out');

const ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--no-first-run', '--disable-quic', '--disable-renderer-backgrounding', '--disable-background-timer-throttling',
  '--disable-backgrounding-occluded-windows',
];

type Engine = 'inkdb' | 'pglite';

interface Options { quick: boolean; json: string; engines: Engine[] }

function parseArgs(argv: readonly string[]): Options {
  const o: Options = { quick: false, json: resolve(here, '../results/persist-browser.json'), engines: ['inkdb', 'pglite'] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--quick') o.quick = true;
    else if (a === '--json') o.json = resolve(argv[++i] ?? o.json);
    else if (a === '--engines') o.engines = (argv[++i] ?? '').split(',') as Engine[];
    else throw new Error(`unknown argument ${a}`);
  }
  return o;
}

function chromiumPath(): string | undefined {
  return [process.env.INKDB_CHROMIUM, '/usr/lib/chromium/chromium', '/usr/bin/chromium'].find((p) => p !== undefined && p !== '' && existsSync(p));
}

function quantile(xs: readonly number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return Number.NaN;
  const i = Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1));
  return s[i]!;
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

async function build(): Promise<void> {
  const { build: viteBuild } = await import('vite');
  await viteBuild({
    configFile: false, root: PAGE_DIR, base: './', logLevel: 'error', publicDir: false, mode: 'production',
    worker: { format: 'es' },
    build: { outDir: OUT_DIR, emptyOutDir: true, target: 'es2022', minify: false, sourcemap: false, assetsInlineLimit: 0, chunkSizeWarningLimit: 100_000, reportCompressedSize: false },
  });
}

type Bench = {
  insertLatency(e: Engine, name: string, d: 'strict' | 'relaxed', n: number): Promise<number[]>;
  txn1000(e: Engine, name: string, runs: number): Promise<number[]>;
  bulk(e: Engine, name: string, n: number, runs: number): Promise<number[]>;
  prepare1M(e: Engine, name: string, n: number): Promise<void>;
  openFirstQuery(e: Engine, name: string): Promise<{ ms: number; answer: string }>;
};

async function call<K extends keyof Bench>(page: Page, k: K, ...args: Parameters<Bench[K]>): Promise<Awaited<ReturnType<Bench[K]>>> {
  return page.evaluate(([key, a]) => {
    const b = (globalThis as unknown as { persistBench: Record<string, (...x: unknown[]) => Promise<unknown>> }).persistBench;
    return b[key as string]!(...(a as unknown[]));
  }, [k, args] as const) as Promise<Awaited<ReturnType<Bench[K]>>>;
}

interface EngineResult {
  strict: { median: number; p95: number; n: number };
  relaxed: { median: number; p95: number; n: number };
  txn1000: number;
  bulk100k: number;
  openFirstQuery: number;
  openRuns: number[];
  answer: string;
}

async function runEngine(browser: Browser, url: string, engine: Engine, o: Options): Promise<EngineResult> {
  const context = await browser.newContext();
  const page = await context.newPage();
  page.setDefaultTimeout(30 * 60_000);
  const open = async (): Promise<void> => {
    await page.goto(url);
    await page.waitForSelector('body[data-ready="true"]');
  };
  await open();
  const n = o.quick ? 100 : 500;
  const log = (s: string): void => { process.stderr.write(`[${engine}] ${s}\n`); };
  const strict = await call(page, 'insertLatency', engine, 'lat-strict', 'strict', n);
  log(`strict insert median ${median(strict).toFixed(2)} ms`);
  const relaxed = await call(page, 'insertLatency', engine, 'lat-relaxed', 'relaxed', n);
  log(`relaxed insert median ${median(relaxed).toFixed(2)} ms`);
  const txn = await call(page, 'txn1000', engine, 'txn', o.quick ? 2 : 5);
  log(`1,000 inserts in a transaction ${median(txn).toFixed(1)} ms`);
  const bulk = await call(page, 'bulk', engine, 'bulk', 100_000, o.quick ? 1 : 3);
  log(`bulk 100,000 ${median(bulk).toFixed(1)} ms`);
  const rows = o.quick ? 100_000 : 1_000_000;
  await call(page, 'prepare1M', engine, 'big', rows);
  log(`${rows} rows stored`);
  const opens: number[] = [];
  let answer = '';
  for (let k = 0; k < (o.quick ? 2 : 5); k++) {
    await page.reload();
    await page.waitForSelector('body[data-ready="true"]');
    const r = await call(page, 'openFirstQuery', engine, 'big');
    opens.push(r.ms);
    answer = r.answer;
    log(`open-to-first-query ${r.ms.toFixed(0)} ms ${r.answer}`);
  }
  await context.close();
  return {
    strict: { median: median(strict), p95: quantile(strict, 0.95), n },
    relaxed: { median: median(relaxed), p95: quantile(relaxed, 0.95), n },
    txn1000: median(txn), bulk100k: median(bulk), openFirstQuery: median(opens), openRuns: opens, answer,
  };
}

const f = (x: number): string => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));

async function main(): Promise<void> {
  const o = parseArgs(process.argv.slice(2));
  await build();
  const { preview } = await import('vite');
  const server = await preview({ configFile: false, root: PAGE_DIR, logLevel: 'error', build: { outDir: OUT_DIR }, preview: { host: '127.0.0.1', port: 5191, strictPort: false } });
  const url = server.resolvedUrls?.local[0] ?? 'http://127.0.0.1:5191/';
  const executablePath = chromiumPath();
  const browser = await chromium.launch({ ...(executablePath !== undefined ? { executablePath } : {}), args: ARGS });
  const results: Partial<Record<Engine, EngineResult>> = {};
  try {
    for (const e of o.engines) results[e] = await runEngine(browser, url, e, o);
  } finally {
    await browser.close();
    await new Promise<void>((r) => { server.httpServer.close(() => r()); });
  }
  const rowsLabel = o.quick ? '100,000' : '1,000,000';
  const lines = [
    `| figure (ms, lower is better) | ${o.engines.map((e) => (e === 'inkdb' ? 'InkDB (Worker, IndexedDB)' : 'PGlite (idb://, main thread)')).join(' | ')} |`,
    `|---|${o.engines.map(() => '--:').join('|')}|`,
    `| single-row INSERT, strict: median | ${o.engines.map((e) => f(results[e]!.strict.median)).join(' | ')} |`,
    `| single-row INSERT, strict: p95 | ${o.engines.map((e) => f(results[e]!.strict.p95)).join(' | ')} |`,
    `| single-row INSERT, relaxed: median | ${o.engines.map((e) => f(results[e]!.relaxed.median)).join(' | ')} |`,
    `| single-row INSERT, relaxed: p95 | ${o.engines.map((e) => f(results[e]!.relaxed.p95)).join(' | ')} |`,
    `| 1,000 INSERTs in one transaction | ${o.engines.map((e) => f(results[e]!.txn1000)).join(' | ')} |`,
    `| bulk load of 100,000 rows | ${o.engines.map((e) => f(results[e]!.bulk100k)).join(' | ')} |`,
    `| open-to-first-query, ${rowsLabel} stored rows | ${o.engines.map((e) => f(results[e]!.openFirstQuery)).join(' | ')} |`,
  ];
  const md = lines.join('\n');
  process.stdout.write(`${md}\n`);
  mkdirSync(dirname(o.json), { recursive: true });
  writeFileSync(o.json, JSON.stringify({ date: new Date().toISOString(), options: o, results }, null, 2));
  writeFileSync(o.json.replace(/\.json$/, '.md'), `${md}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
  process.exit(1);
});
