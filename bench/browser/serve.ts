/**
 * Node side of the page: builds bench/browser/page/ with Vite (programmatic `vite build` into
 * bench/browser/.out/) and serves the result with a tiny static HTTP server on 127.0.0.1.
 * @module
 */

import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));

/** The page's sources. */
export const PAGE_DIR = resolve(here, 'page');

/** Where the built page goes (ignored by git). */
export const OUT_DIR = resolve(here, '.out');

/**
 * Builds the page and every engine's chunk, worker and wasm asset into {@link OUT_DIR}. The project's
 * vite.config.ts is not used (it builds the demo); this config only bundles the page.
 * @returns the build time, ms
 */
export async function buildPage(): Promise<number> {
  const t0 = performance.now();
  const { build } = await import('vite');
  await build({
    configFile: false,
    root: PAGE_DIR,
    base: './',
    // PGlite's bundle warns about direct eval and node:module (both harmless in the page).
    logLevel: 'error',
    publicDir: false,
    mode: 'production',
    worker: { format: 'es' },
    build: {
      outDir: OUT_DIR,
      emptyOutDir: true,
      target: 'es2022',
      // Readable stack traces and profiles; V8's optimizer does not care about identifier lengths.
      minify: false,
      sourcemap: true,
      // Never inline a wasm (or any asset) as a data: URL.
      assetsInlineLimit: 0,
      chunkSizeWarningLimit: 100_000,
      reportCompressedSize: false,
    },
  });
  return performance.now() - t0;
}

/** Whether a previous build exists. */
export function hasBuild(): boolean {
  return existsSync(join(OUT_DIR, 'index.html'));
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.data': 'application/octet-stream',
};

/** A running static server. */
export interface StaticServer {
  /** Base URL, e.g. `http://127.0.0.1:41234/`. */
  readonly url: string;
  close(): Promise<void>;
}

/**
 * Serves {@link OUT_DIR} on 127.0.0.1. `port` 0 takes a free port; a given port that is busy is an error
 * (no fallback to another port, like Vite's `--strictPort`).
 * @param coi - send COOP/COEP headers, making the page cross-origin isolated (5 µs timers instead of 100 µs)
 */
export function serveStatic(port: number, coi: boolean): Promise<StaticServer> {
  const root = OUT_DIR;
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const file = normalize(join(root, path.endsWith('/') ? path + 'index.html' : path));
    const headers: Record<string, string> = { 'Cache-Control': 'no-store' };
    if (coi) {
      headers['Cross-Origin-Opener-Policy'] = 'same-origin';
      headers['Cross-Origin-Embedder-Policy'] = 'require-corp';
      headers['Cross-Origin-Resource-Policy'] = 'same-origin';
    }
    if ((file !== root && !file.startsWith(root + sep)) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404, { ...headers, 'Content-Type': 'text/plain' });
      res.end('not found');
      return;
    }
    res.writeHead(200, {
      ...headers,
      'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
      'Content-Length': String(statSync(file).size),
    });
    createReadStream(file).pipe(res);
  });
  return new Promise((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const { port: p } = server.address() as AddressInfo;
      resolvePromise({
        url: `http://127.0.0.1:${String(p)}/`,
        close: () =>
          new Promise<void>((r) => {
            server.closeAllConnections();
            server.close(() => r());
          }),
      });
    });
  });
}
