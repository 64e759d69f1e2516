/**
 * The Playwright kit's page hook is absent from a production build of the demo unless the build
 * asks for it (VITE_INKDB_TEST_HOOK=on, as the e2e suite's build does): the demo imports it
 * behind that build-time flag, so a plain `vite build` drops the import and its chunk.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'vite';
import { afterAll, describe, expect, it } from 'vitest';

const out = mkdtempSync(join(tmpdir(), 'inkdb-demo-build-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('the demo build', () => {
  it('leaves the page hook out when VITE_INKDB_TEST_HOOK is not on', async () => {
    const before = process.env['VITE_INKDB_TEST_HOOK'];
    const nodeEnv = process.env['NODE_ENV'];
    delete process.env['VITE_INKDB_TEST_HOOK'];
    // a production build as `vite build` makes it (under Vitest NODE_ENV is 'test', which Vite reads as development)
    process.env['NODE_ENV'] = 'production';
    try {
      await build({
        configFile: join(import.meta.dirname, '..', 'vite.config.ts'), mode: 'production', logLevel: 'silent',
        build: { outDir: out, emptyOutDir: true },
      });
    } finally {
      if (before !== undefined) process.env['VITE_INKDB_TEST_HOOK'] = before;
      process.env['NODE_ENV'] = nodeEnv;
    }
    const js = readdirSync(join(out, 'assets')).filter((f) => f.endsWith('.js'));
    expect(js.some((f) => f.startsWith('main-'))).toBe(true);
    const text = js.map((f) => readFileSync(join(out, 'assets', f), 'utf8')).join('\n');
    // the app is there (its console and chat), the hook is not
    expect(text.includes('Live chat app')).toBe(true);
    expect(text.includes('__inkdbTestHook'), 'the page hook is in the build').toBe(false);
    expect(text.includes('react.development'), 'a development React is in the build').toBe(false);
  }, 120_000);
});
