/**
 * The dev server of e2e/runtime.e2e.ts's fixture page: cross-origin isolated (COOP/COEP), so the
 * page may share memory with its Worker (the cancel flags). Playwright starts it (playwright.config.ts).
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const isolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  publicDir: false,
  // its own pre-bundling cache (see the cacheDir note in ../../vite.config.ts)
  cacheDir: fileURLToPath(new URL('../../.vite/runtime', import.meta.url)),
  optimizeDeps: { include: ['apache-arrow', 'idb'] },
  server: { host: '127.0.0.1', port: 5176, strictPort: true, headers: isolation },
  worker: { format: 'es' },
});
