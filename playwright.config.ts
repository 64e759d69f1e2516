/**
 * End-to-end tests in Debian's Chromium (TOOLCHAIN.md): the demo console on the Vite dev
 * server, and the production build of the demo under `vite preview`, which sends the strict
 * Content-Security-Policy header of DESIGN.md §1.1 with every response (workers included).
 */
import { existsSync } from 'node:fs';
import { defineConfig, devices } from '@playwright/test';

// `npm start` uses 5173; both can run at once. INKDB_E2E_DEV_PORT / INKDB_E2E_PREVIEW_PORT /
// INKDB_E2E_RUNTIME_PORT move them (two checkouts on one machine must not reuse each other's servers).
const DEV_PORT = Number(process.env['INKDB_E2E_DEV_PORT'] ?? 5174);
const PREVIEW_PORT = Number(process.env['INKDB_E2E_PREVIEW_PORT'] ?? 5175);
const RUNTIME_PORT = Number(process.env['INKDB_E2E_RUNTIME_PORT'] ?? 5176); // e2e/runtime/: a cross-origin isolated fixture page

/** Debian's binary (skips the wrapper's warning), its wrapper, or Playwright's own download. */
function chromiumPath(): string | undefined {
  const fromEnv = process.env['INKDB_CHROMIUM'];
  if (fromEnv) return fromEnv;
  return ['/usr/lib/chromium/chromium', '/usr/bin/chromium'].find((p) => existsSync(p));
}

const executablePath = chromiumPath();

/** The demo's specs, run against the dev server and against the production build under the strict CSP. */
const DEMO_SPECS = [
  'console.e2e.ts', 'big-result.e2e.ts', 'chat.e2e.ts', 'kit.e2e.ts', 'readme-example.e2e.ts', 'a11y.e2e.ts',
];

export default defineConfig({
  testDir: 'e2e',
  testMatch: '**/*.e2e.ts',
  outputDir: 'test-results',
  fullyParallel: true,
  forbidOnly: !!process.env['CI'],
  retries: 0,
  workers: process.env['CI'] ? 2 : undefined,
  timeout: 30_000,
  reporter: [
    ['list'],
    // Outside test-results/, which Playwright empties at start.
    ['json', { outputFile: process.env['INKDB_PLAYWRIGHT_JSON'] ?? '.reports/playwright.json' }],
  ],
  use: {
    ...devices['Desktop Chrome'],
    trace: 'retain-on-failure',
    launchOptions: {
      ...(executablePath !== undefined ? { executablePath } : {}),
      args: [
        '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
        '--disable-sync', '--no-first-run', '--disable-quic',
      ],
    },
  },
  projects: [
    { name: 'dev', testMatch: [...DEMO_SPECS, 'live.e2e.ts', 'persist.e2e.ts'], use: { baseURL: `http://127.0.0.1:${DEV_PORT}` } },
    { name: 'built-csp', testMatch: [...DEMO_SPECS, 'live.e2e.ts', 'csp.e2e.ts', 'screenshot.e2e.ts'], use: { baseURL: `http://127.0.0.1:${PREVIEW_PORT}` } },
    { name: 'runtime', testMatch: ['runtime.e2e.ts', 'multitab.e2e.ts'], use: { baseURL: `http://127.0.0.1:${RUNTIME_PORT}` } },
    // builds its own Vite app against the built package (dev server and production build)
    { name: 'package', testMatch: ['package.e2e.ts'], timeout: 240_000 },
  ],
  webServer: [
    {
      command: `npx vite --host 127.0.0.1 --port ${DEV_PORT} --strictPort`,
      url: `http://127.0.0.1:${DEV_PORT}/`,
      reuseExistingServer: !process.env['CI'],
      timeout: 120_000,
      stdout: 'ignore',
      stderr: 'pipe',
    },
    {
      command: `npx vite --config e2e/runtime/vite.config.ts --logLevel warn --port ${RUNTIME_PORT} --strictPort`,
      url: `http://127.0.0.1:${RUNTIME_PORT}/`,
      reuseExistingServer: !process.env['CI'],
      timeout: 120_000,
      stdout: 'ignore',
      stderr: 'pipe',
    },
    {
      // VITE_INKDB_TEST_HOOK=on: this build exposes the database to the Playwright kit (a plain
      // `npm run build:demo` leaves the hook out).
      command: `VITE_INKDB_TEST_HOOK=on npx vite build --logLevel warn && npx vite preview --host 127.0.0.1 --port ${PREVIEW_PORT} --strictPort`,
      url: `http://127.0.0.1:${PREVIEW_PORT}/csp.html`,
      reuseExistingServer: !process.env['CI'],
      timeout: 180_000,
      stdout: 'ignore',
      stderr: 'pipe',
    },
  ],
});
