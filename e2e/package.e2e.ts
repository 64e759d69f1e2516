/**
 * The built package as a Vite app uses it, with no configuration: a fresh app in a temporary
 * folder imports `inkdb` (a copy of the package in its node_modules, as npm installs it) and
 * opens a database, whose engine runs in the Worker that the client starts with
 * `new Worker(new URL(…), { type: 'module' })`. Tested on Vite's dev server and on the
 * production build (served by `vite preview`); the production build must hold the engine once,
 * in the worker. Vite bundles workers as one IIFE file unless the app sets `worker.format: 'es'`;
 * with ES module workers the worker chunk, with the chunks it imports statically, stays within
 * its size budget, and the parts the worker loads on first use — here the regular-expression
 * engine — are chunks of their own, fetched when a statement needs them.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { expect, test, type Page } from '@playwright/test';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/**
 * A port no one listens on, from the OS: the tests of this file run in parallel (the two
 * production builds each serve a preview), and two of them on one fixed port collided in CI.
 */
async function freePort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}
/** gzip budget of the production build's engine worker chunk. */
const WORKER_BUDGET = 150 * 1024;
/** A message only the engine has (its SQL front end): counts the copies of the engine. */
const ENGINE_MARKER = 'cannot insert multiple commands into a prepared statement';

let app = '';

test.beforeAll(() => {
  if (!existsSync(join(root, 'dist/index.js')) || !existsSync(join(root, 'dist/worker.js'))) {
    execFileSync(process.execPath, [join(root, 'node_modules/vite/bin/vite.js'), 'build', '--mode', 'lib', '--logLevel', 'warn'], { cwd: root, stdio: 'pipe' });
  }
  app = mkdtempSync(join(tmpdir(), 'inkdb-vite-app-'));
  const pkg = join(app, 'node_modules', 'inkdb');
  mkdirSync(pkg, { recursive: true });
  cpSync(join(root, 'package.json'), join(pkg, 'package.json'));
  cpSync(join(root, 'dist'), join(pkg, 'dist'), { recursive: true });
  // the package's dependencies, as npm would place them beside it
  for (const dep of ['apache-arrow', 'idb']) {
    if (existsSync(join(root, 'node_modules', dep))) symlinkSync(join(root, 'node_modules', dep), join(app, 'node_modules', dep), 'dir');
  }
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'inkdb-consumer', private: true, type: 'module' }));
  writeFileSync(join(app, 'index.html'), `<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>app</title></head>
<body><p id="out">loading</p><script type="module" src="./main.js"></script></body></html>`);
  writeFileSync(join(app, 'main.js'), `import { openDatabase } from 'inkdb';
const out = document.getElementById('out');
try {
  const db = await openDatabase({ storage: 'memory' });
  const s = await db.login('root', '');
  await s.query('CREATE TABLE t (id INT PRIMARY KEY, name TEXT)');
  const ins = await s.prepare('INSERT INTO t VALUES ($1, $2)');
  await ins.run([[1, 'a'], [2, 'b']]);
  // regexp_like: the worker loads its regular-expression engine on first use
  const r = await s.query("SELECT count(*) AS n, max(name) AS m FROM t WHERE regexp_like(name, '^[ab]$')");
  out.textContent = JSON.stringify({ inWorker: db.inWorker, n: String(r.rows[0].n), m: r.rows[0].m });
} catch (e) {
  out.textContent = 'error: ' + (e && e.code ? e.code + ' ' : '') + (e && e.message);
}
`);
});

test.afterAll(() => {
  if (app !== '') rmSync(app, { recursive: true, force: true });
});

async function expectWorking(page: Page, url: string): Promise<void> {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(url);
  await expect(page.locator('#out')).not.toHaveText('loading', { timeout: 60_000 });
  expect(await page.locator('#out').textContent()).toBe(JSON.stringify({ inWorker: true, n: '2', m: 'b' }));
  expect(errors).toEqual([]);
}

test('the Vite dev server runs the app, its engine in the Worker, with no configuration', async ({ page }) => {
  const { createServer } = await import('vite');
  const port = await freePort();
  const server = await createServer({ root: app, configFile: false, logLevel: 'error', server: { host: '127.0.0.1', port, strictPort: true } });
  await server.listen();
  try {
    await expectWorking(page, `http://127.0.0.1:${port}/`);
  } finally {
    await server.close();
  }
});

/** Every .js file of an app's build. */
function builtFiles(dir: string): string[] {
  const files: string[] = [];
  const walk = (d: string): void => {
    for (const f of readdirSync(d)) {
      const p = join(d, f);
      if (statSync(p).isDirectory()) walk(p);
      else if (p.endsWith('.js')) files.push(p);
    }
  };
  walk(dir);
  return files;
}

/** The engine's worker chunk and the files it imports statically (what the worker loads at start), gzipped. */
function workerAtStart(files: readonly string[]): { gz: number; initial: Set<string> } {
  const withEngine = files.filter((f) => readFileSync(f, 'utf8').includes(ENGINE_MARKER));
  expect(withEngine.map((f) => f.slice(app.length + 1))).toHaveLength(1);   // the engine once
  const initial = new Set<string>();
  const visit = (f: string): void => {
    if (initial.has(f)) return;
    initial.add(f);
    for (const m of readFileSync(f, 'utf8').matchAll(/(?:^|[;}\s])(?:import|export)\s*(?:[^'"();]*?from\s*)?["'](\.{1,2}\/[^"']+)["']/g)) visit(resolve(dirname(f), m[1]!));
  };
  visit(withEngine[0]!);
  return { gz: [...initial].reduce((n, f) => n + gzipSync(readFileSync(f), { level: 9 }).length, 0), initial };
}

async function previewWorks(page: Page): Promise<void> {
  const { preview } = await import('vite');
  const port = await freePort();
  const server = await preview({ root: app, configFile: false, logLevel: 'error', preview: { host: '127.0.0.1', port, strictPort: true } });
  try {
    await expectWorking(page, `http://127.0.0.1:${port}/`);
  } finally {
    await new Promise<void>((r) => server.httpServer.close(() => r()));
  }
}

test('the production build with no configuration holds the engine once, in the worker, and runs', async ({ page }) => {
  const { build } = await import('vite');
  await build({ root: app, configFile: false, logLevel: 'error' });
  // Vite bundles a worker as one IIFE file by default: the parts loaded on first use are inside it
  const { gz } = workerAtStart(builtFiles(join(app, 'dist')));
  test.info().annotations.push({ type: 'engine worker (IIFE, every part inside)', description: `${(gz / 1024).toFixed(1)} KB gzip` });
  await previewWorks(page);
});

test('with ES module workers, the worker loads within budget at start and its rarely used parts on first use', async ({ page }) => {
  const { build } = await import('vite');
  await build({ root: app, configFile: false, logLevel: 'error', worker: { format: 'es' } });
  const files = builtFiles(join(app, 'dist'));
  const { gz, initial } = workerAtStart(files);
  expect(gz).toBeLessThan(WORKER_BUDGET);
  const lazy = files.filter((f) => !initial.has(f) && readFileSync(f, 'utf8').includes('invalid regular expression'));
  expect(lazy).toHaveLength(1);   // the regular-expression engine: a chunk of its own, which the app's query loads
  test.info().annotations.push({ type: 'engine worker at start', description: `${(gz / 1024).toFixed(1)} KB gzip in ${initial.size} file(s)` });
  await previewWorks(page);
});
