/**
 * One Vite config, three jobs:
 *
 * - `vite` / `vite build` / `vite preview` (the default modes): the demo app in `demo/`
 *   (`npm start` serves it on 127.0.0.1:5173). The built demo (`dist-demo/`) is previewed with
 *   a strict Content-Security-Policy header, as the e2e CSP test requires.
 * - `vite build --mode lib`: the package — `dist/index.js` (client, without the engine),
 *   `dist/inprocess.js` (client plus the engine, for in-process use), `dist/worker.js` (engine
 *   worker), `dist/testing.js`, `dist/testing-playwright.js` and `dist/testing-page-hook.js` (the
 *   Playwright kit and its page hook), `dist/react.js` (`inkdb/react`); every bare import
 *   (apache-arrow, idb, react, …) stays external.
 * - Vitest (`test`): unit and integration tests in Node.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vitest/config';

const here = fileURLToPath(new URL('.', import.meta.url));

/** The policy of DESIGN.md §1.1 that the engine must run under. */
export const STRICT_CSP = "script-src 'self'; worker-src 'self'";

/**
 * Library build only: the client starts its worker with
 * `new Worker(new URL('../worker/worker-entry.ts', import.meta.url), …)`. Vite would bundle
 * the engine into a second copy next to it; instead point the client at the package's own
 * `dist/worker.js`, keeping the `new Worker(new URL('./worker.js', import.meta.url))` form so
 * that the application's bundler finds and copies the worker.
 */
function libWorkerUrl(): Plugin {
  const marker = '__INKDB_WORKER_URL__';
  const dirMarker = '__INKDB_INPROCESS_DIR__';
  return {
    name: 'inkdb:lib-worker-url',
    enforce: 'pre',
    transform(code, id) {
      if (!id.replaceAll('\\', '/').endsWith('/src/client/database.ts')) return null;
      let out = code.replace(/new URL\(\s*'\.\.\/worker\/worker-entry\.ts'\s*,/, `new URL(${marker},`);
      if (out === code) this.error('inkdb:lib-worker-url: worker URL not found in src/client/database.ts');
      // the in-process entry, loaded at run time outside browsers: dist/inprocess.js
      const before = out;
      out = out.replace(/const IN_PROCESS_DIR = '\.\.';/, `const IN_PROCESS_DIR = ${dirMarker};`)
        .replace(/const IN_PROCESS_FILE = 'inprocess\.ts';/, "const IN_PROCESS_FILE = 'inprocess.js';");
      if (!out.includes(dirMarker) || !out.includes("'inprocess.js'") || before === out) {
        this.error('inkdb:lib-worker-url: in-process entry constants not found in src/client/database.ts');
      }
      return { code: out, map: null };
    },
    renderChunk(code, chunk) {
      if (!code.includes(marker) && !code.includes(dirMarker)) return null;
      // the client may land in dist/ or in dist/chunks/: point at the files in dist/
      const dir = chunk.fileName.includes('/') ? '..' : '.';
      return { code: code.replaceAll(marker, `"${dir}/worker.js"`).replaceAll(dirMarker, `"${dir}"`), map: null };
    },
  };
}

export default defineConfig(({ mode }) => {
  if (mode === 'lib') {
    const entry: Record<string, string> = {
      index: 'src/index.ts',
      inprocess: 'src/inprocess.ts',
      worker: 'src/worker/worker-entry.ts',
    };
    // src/testing/ is written alongside; build it once it exists.
    if (existsSync(`${here}src/testing/index.ts`)) entry['testing'] = 'src/testing/index.ts';
    // The Playwright kit (Node side) and the page hook it reaches (browser side), and the React
    // hooks (React stays external: an optional peer dependency).
    entry['testing-playwright'] = 'src/testing/playwright.ts';
    entry['testing-page-hook'] = 'src/testing/page-hook.ts';
    entry['react'] = 'src/react/index.ts';
    return {
      root: here,
      plugins: [libWorkerUrl()],
      build: {
        outDir: 'dist',
        emptyOutDir: true,
        target: 'es2022',
        minify: false,
        sourcemap: true,
        lib: { entry, formats: ['es'], fileName: (_format, name) => `${name}.js` },
        rolldownOptions: {
          // Dependencies and Node built-ins are the application's to resolve.
          external: (id: string) => !id.startsWith('.') && !id.startsWith('/') && !id.startsWith('\0') && !/^[A-Za-z]:[\\/]/.test(id),
          output: { chunkFileNames: 'chunks/[name]-[hash].js' },
        },
      },
    };
  }

  return {
    // The demo app; Vitest runs from the repository root instead.
    root: mode === 'test' ? here : `${here}demo`,
    publicDir: false,
    // Pre-bundled dependencies in this checkout, not in node_modules/.vite: node_modules may be
    // shared (a symlink between checkouts), and two dev servers re-optimizing one cache answer
    // each other's modules with 504 (a worker that fails to load). The worker's dependencies are
    // listed so that the first page load does not discover them late and re-optimize.
    cacheDir: `${here}.vite/demo`,
    optimizeDeps: { include: ['apache-arrow', 'idb'] },
    server: { host: '127.0.0.1', port: 5173, strictPort: true },
    preview: {
      host: '127.0.0.1',
      port: 5175,
      strictPort: true,
      headers: { 'Content-Security-Policy': STRICT_CSP },
    },
    worker: { format: 'es' },
    build: {
      outDir: `${here}dist-demo`,
      emptyOutDir: true,
      target: 'es2022',
      rolldownOptions: {
        input: {
          main: `${here}demo/index.html`,
          csp: `${here}demo/csp.html`,
        },
      },
    },
    test: {
      root: here,
      include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
      environment: 'node',
      testTimeout: 20_000,
    },
  };
});
