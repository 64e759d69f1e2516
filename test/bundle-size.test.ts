/**
 * Size budgets of what an app ships (ISSUE "a cheaper Worker", packaging): the client — the
 * `inkdb` entry and everything it imports, apache-arrow excepted — under 15 KB gzip, and the
 * engine worker (`inkdb/worker`, apache-arrow included if it used any) under 150 KB gzip, both
 * minified as an app's production build would ship them. The client must not contain the engine.
 * (e2e/package.e2e.ts checks the same worker budget on a real Vite app's build.)
 */
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { rolldown } from 'rolldown';
import { describe, expect, it } from 'vitest';

const src = (p: string): string => fileURLToPath(new URL(`../src/${p}`, import.meta.url));
const ENGINE_MARKER = 'cannot insert multiple commands into a prepared statement';

/** Bundles an entry as an app would (browser, minified); returns its chunks' code. */
async function bundle(input: string, external: readonly string[]): Promise<{ entry: string; chunks: string[] }> {
  const b = await rolldown({ input, external: [...external], platform: 'browser', logLevel: 'silent' });
  const { output } = await b.generate({ format: 'esm', minify: true });
  await b.close();
  const chunks = output.filter((o) => o.type === 'chunk');
  const entry = chunks.find((c) => c.isEntry);
  if (entry === undefined) throw new Error('no entry chunk');
  return { entry: entry.code, chunks: chunks.map((c) => c.code) };
}

const kb = (code: string): number => gzipSync(code, { level: 9 }).length / 1024;

describe('bundle size budgets', () => {
  it('the client (without apache-arrow) is under 15 KB gzip and holds no engine', async () => {
    const { entry, chunks } = await bundle(src('index.ts'), ['apache-arrow']);
    expect(chunks).toHaveLength(1);   // no lazily loaded second copy of anything
    expect(entry).not.toContain(ENGINE_MARKER);
    expect(kb(entry)).toBeLessThan(15);
    expect(kb(entry)).toBeGreaterThan(3);   // it did bundle the client
  }, 60_000);

  it('the engine worker is under 150 KB gzip', async () => {
    const { entry, chunks } = await bundle(src('worker/worker-entry.ts'), []);
    expect(chunks).toHaveLength(1);
    expect(entry).toContain(ENGINE_MARKER);
    expect(kb(entry)).toBeLessThan(150);
  }, 60_000);
});
