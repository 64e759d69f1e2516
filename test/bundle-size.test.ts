/**
 * Size budgets of what an app ships (ISSUE "a cheaper Worker", packaging): the client — the
 * `inkdb` entry and everything it imports at start, apache-arrow excepted — under 15 KB gzip
 * (tab sharing, `client/tab-sharing.ts`, and the row packing of large batches for the Worker,
 * `api/row-packing.ts`, are chunks of their own loaded on first use), and the
 * engine worker (`inkdb/worker` and every chunk it imports statically, apache-arrow included if
 * it used any) under 150 KB gzip, both minified as an app's production build would ship them.
 * The client must not contain the engine. The worker loads seven parts on first use only: the
 * persistence layer with idb (opening a persisted database), the segment codec with apache-arrow
 * (a persisted database's first flush or stored segment), the regular-expression engine (the
 * first regexp_like/regexp_replace), the live-query registry (the first subscription),
 * NUMERIC's transcendental functions (the first sqrt/exp/ln/log/power), the JSON functions
 * (the first json_* call or `->` / `->>`) and the table handles' bulk inserts with the batched
 * calls (the first `table(name).insert(...)`, `stmt.run(rows)` or `session.batch(...)`). (e2e/package.e2e.ts checks the worker budget on a real Vite app's build.)
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
/** Batched calls (engine/batch.ts: stmt.run, session.batch), in the bulk-insert part. */
const BATCH_MARKER = 'transaction control statements are not allowed in a batch';
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
  it('the client (without apache-arrow) is under 15 KB gzip and holds no engine; tab sharing and row packing load on first use', async () => {
    const { entry, chunks, lazy } = await bundle(src('index.ts'), ['apache-arrow']);
    // the entry; tab sharing (election, failover, resync), loaded when a persisted database opens
    // in a page; the row packing of large batches for the Worker, loaded with the first one
    expect(chunks).toHaveLength(3);
    expect(lazy).toHaveLength(2);
    const tabs = lazy.filter((c) => c.includes(TAB_MARKER));
    expect(tabs).toHaveLength(1);
    expect(kb(tabs[0]!)).toBeLessThan(6);
    const packing = lazy.filter((c) => !c.includes(TAB_MARKER));
    expect(packing).toHaveLength(1);
    expect(kb(packing[0]!)).toBeLessThan(1.5);
    for (const c of lazy) expect(c).not.toContain(ENGINE_MARKER);
    expect(entry).not.toContain(ENGINE_MARKER);
    expect(kb(entry)).toBeLessThan(15);
    expect(kb(entry)).toBeGreaterThan(3);   // it did bundle the client
  }, 60_000);

  it('the engine worker loads under 150 KB gzip at start; persistence, Arrow, regular expressions, live queries, numeric transcendentals, JSON, bulk inserts and batched calls on first use', async () => {
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
    expect(lazy.filter((c) => c.includes(BATCH_MARKER) && c.includes(BULK_MARKER))).toHaveLength(1);
    expect(initial.some((c) => c.includes(REGEX_MARKER) || c.includes(LIVE_MARKER) || c.includes(PERSIST_MARKER) || c.includes(JSON_MARKER)
      || c.includes(BULK_MARKER) || c.includes(BATCH_MARKER))).toBe(false);
    expect(lazy).toHaveLength(7);
  }, 60_000);
});
