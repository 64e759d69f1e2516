/**
 * Size budgets of what an app ships (ISSUE "a cheaper Worker", packaging): the client — the
 * `inkdb` entry and everything it imports at start, apache-arrow excepted — under 15 KB gzip
 * (tab sharing, `client/tab-sharing.ts`, is a chunk of its own loaded on first use), and the
 * engine worker (`inkdb/worker` and every chunk it imports statically, apache-arrow included if
 * it used any) under 150 KB gzip, both minified as an app's production build would ship them.
 * The client must not contain the engine. The worker loads seven parts on first use only: the
 * persistence layer with idb (opening a persisted database), the segment codec with apache-arrow
 * (a persisted database's first flush or stored segment), the regular-expression engine (the
 * first regexp_like/regexp_replace), the live-query registry (the first subscription),
 * NUMERIC's transcendental functions (the first sqrt/exp/ln/log/power), the JSON functions
 * (the first json_* call or `->` / `->>`) and the table handles' bulk inserts (the first
 * `table(name).insert(...)`). (e2e/package.e2e.ts checks the worker budget on a real Vite app's build.)
 */
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { rolldown } from 'rolldown';
import { describe, expect, it } from 'vitest';

const src = (p: string): string => fileURLToPath(new URL(`../src/${p}`, import.meta.url));
const ENGINE_MARKER = 'cannot insert multiple commands into a prepared statement';
/** apache-arrow's IPC file magic. */
const ARROW_MAGIC = 'ARROW1';
const REGEX_MARKER = 'invalid regular expression';
const LIVE_MARKER = 'too many live queries for this session';
const PERSIST_MARKER = 'database files are incompatible with this version of InkDB';
/** NUMERIC's transcendental functions (types/numeric-transcendental.ts; double precision's have the message too, at start). */
const TRANSCENDENTAL_MARKER = 'cannot take logarithm of zero';
/** The JSON functions (exec/expr/functions/json.ts). */
const JSON_MARKER = 'argument list must have even number of elements';
/** The table handles' bulk inserts (engine/insert-rows.ts and its column builders). */
const BULK_MARKER = 'rows must be an array of objects';
/** The client's tab-sharing chunk (client/tab-sharing.ts). */
const TAB_MARKER = 'current transaction is aborted, commands ignored until end of transaction block';

/**
 * Bundles an entry as an app would (browser, minified); returns its chunks' code: the entry, the
 * code it loads at start (the entry and its static imports) and what it loads on first use.
 */
async function bundle(input: string, external: readonly string[]): Promise<{ entry: string; chunks: string[]; initial: string[]; lazy: string[] }> {
  const b = await rolldown({ input, external: [...external], platform: 'browser', logLevel: 'silent' });
  const { output } = await b.generate({ format: 'esm', minify: true });
  await b.close();
  const chunks = output.filter((o) => o.type === 'chunk');
  const entry = chunks.find((c) => c.isEntry);
  if (entry === undefined) throw new Error('no entry chunk');
  const byName = new Map(chunks.map((c) => [c.fileName, c]));
  const initial = new Set<string>();
  const queue = [entry.fileName];
  while (queue.length > 0) {
    const f = queue.pop()!;
    if (initial.has(f)) continue;
    initial.add(f);
    queue.push(...byName.get(f)!.imports.filter((i) => byName.has(i)));   // externals are no chunks
  }
  return {
    entry: entry.code,
    chunks: chunks.map((c) => c.code),
    initial: chunks.filter((c) => initial.has(c.fileName)).map((c) => c.code),
    lazy: chunks.filter((c) => !initial.has(c.fileName)).map((c) => c.code),
  };
}

const kb = (code: string): number => gzipSync(code, { level: 9 }).length / 1024;

describe('bundle size budgets', () => {
  it('the client (without apache-arrow) is under 15 KB gzip and holds no engine; tab sharing loads on first use', async () => {
    const { entry, chunks, lazy } = await bundle(src('index.ts'), ['apache-arrow']);
    // the entry, and tab sharing (election, failover, resync), loaded when a persisted database opens in a page
    expect(chunks).toHaveLength(2);
    expect(lazy).toHaveLength(1);
    expect(lazy[0]).toContain(TAB_MARKER);
    expect(lazy[0]).not.toContain(ENGINE_MARKER);
    expect(kb(lazy[0]!)).toBeLessThan(6);
    expect(entry).not.toContain(ENGINE_MARKER);
    expect(kb(entry)).toBeLessThan(15);
    expect(kb(entry)).toBeGreaterThan(3);   // it did bundle the client
  }, 60_000);

  it('the engine worker loads under 150 KB gzip at start; persistence, Arrow, regular expressions, live queries, numeric transcendentals, JSON and bulk inserts on first use', async () => {
    const { entry, initial, lazy } = await bundle(src('worker/worker-entry.ts'), []);
    expect(entry).toContain(ENGINE_MARKER);
    const start = initial.reduce((n, c) => n + kb(c), 0);
    expect(start).toBeLessThan(150);
    expect(initial.some((c) => c.includes(ARROW_MAGIC))).toBe(false);   // apache-arrow is not loaded at start
    // the parts loaded on first use, each recognized by a message of its own
    expect(lazy.filter((c) => c.includes(ARROW_MAGIC))).toHaveLength(1);
    expect(lazy.filter((c) => c.includes(REGEX_MARKER))).toHaveLength(1);
    expect(lazy.filter((c) => c.includes(LIVE_MARKER))).toHaveLength(1);
    expect(lazy.filter((c) => c.includes(PERSIST_MARKER))).toHaveLength(1);
    expect(lazy.filter((c) => c.includes(TRANSCENDENTAL_MARKER))).toHaveLength(1);
    expect(lazy.filter((c) => c.includes(JSON_MARKER))).toHaveLength(1);
    expect(lazy.filter((c) => c.includes(BULK_MARKER))).toHaveLength(1);
    expect(initial.some((c) => c.includes(REGEX_MARKER) || c.includes(LIVE_MARKER) || c.includes(PERSIST_MARKER) || c.includes(JSON_MARKER) || c.includes(BULK_MARKER))).toBe(false);
    expect(lazy).toHaveLength(7);
  }, 60_000);
});
