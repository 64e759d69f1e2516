/**
 * The cost of crossing to the Worker, measured in one page and one run (ISSUE: "a cheaper Worker"):
 *
 * - the floor: a bare `postMessage` echo round trip to a module Worker (the message a prepared
 *   point query sends: `[id, method, [sid, stmt, [id]]]`);
 * - a prepared point query (`SELECT * FROM events WHERE id = $1`, 100,000 rows) through InkDB's
 *   Worker and in the page, median per call;
 * - a 100,000-row result (`SELECT * FROM events`) through the Worker and in the page, until `.rows`;
 * - the batch API: `stmt.run(100,000 parameter rows)` through the Worker and in the page.
 * @module
 */
import type { Database, openDatabase as OpenDatabase } from '../../../src/index.ts';

/** One measured line: a label and the medians through the Worker and in the page (ms). */
export interface TransportRow {
  readonly what: string;
  readonly workerMs: number;
  readonly pageMs: number;
}

/** What the transport benchmark reports. */
export interface TransportResult {
  /** Median postMessage echo round trip, ms (measured alternating with the Worker's point queries). */
  readonly echoMs: number;
  /** The fastest and slowest repetition of the echo round trip, ms. */
  readonly echoRange: readonly [number, number];
  readonly rows: readonly TransportRow[];
  /** Point query through the Worker ÷ echo floor. */
  readonly pointVsEcho: number;
  readonly crossOriginIsolated: boolean;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1] ?? NaN;
};

function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

/**
 * A bare module Worker that echoes every message: `batch(count)` times `count` round trips (the
 * message a prepared point query sends: `[id, method, [sid, stmt, [id]]]`), ms per round trip.
 */
async function echoWorker(): Promise<{ batch: (count: number) => Promise<number>; close: () => void }> {
  const w = new Worker(new URL('./echo-worker.ts', import.meta.url), { type: 'module' });
  let resolve: () => void = () => {};
  w.onmessage = () => resolve();
  const once = (m: unknown): Promise<void> => new Promise<void>((r) => { resolve = r; w.postMessage(m); });
  await once([0, 'warm', []]);
  for (let i = 0; i < 200; i++) await once([i + 1, 'executePrepared', ['s1', 1, [i]]]);
  return {
    batch: async (count) => {
      const t0 = performance.now();
      for (let i = 0; i < count; i++) await once([i + 1, 'executePrepared', ['s1', 1, [i]]]);
      return (performance.now() - t0) / count;
    },
    close: () => w.terminate(),
  };
}

async function load(db: Database, n: number): Promise<void> {
  const s = await db.login('root', '');
  await s.query('CREATE TABLE events (id INTEGER PRIMARY KEY, user_id INTEGER, kind TEXT, value DOUBLE, ts INTEGER)');
  const id = new Int32Array(n), user = new Int32Array(n), ts = new Int32Array(n), value = new Float64Array(n);
  const kind = new Array<string>(n);
  for (let i = 0; i < n; i++) { id[i] = i + 1; user[i] = 1 + (i % 1000); kind[i] = `k${i % 10}`; value[i] = (i % 97) / 97; ts[i] = 1_700_000_000 + i; }
  await s.table('events').insert({ id, user_id: user, kind, value, ts });
}

/**
 * Per-call times of `count` prepared point queries, in `reps` repetitions; with `echo`, each
 * repetition is preceded by `count` echo round trips (returned as `floor`), so that the floor is
 * measured in the same conditions as the calls it bounds: on some machines a Worker round trip
 * is several times faster in the page's first second than later on.
 */
async function pointQueries(db: Database, n: number, count: number, reps: number,
  echo?: { batch: (count: number) => Promise<number> }): Promise<{ per: number[]; floor: number[] }> {
  const s = await db.login('root', '');
  const st = await s.prepare('SELECT * FROM events WHERE id = $1');
  for (let i = 0; i < 200; i++) await st.query([1 + ((i * 7919) % n)]);
  const per: number[] = [];
  const floor: number[] = [];
  for (let r = 0; r < reps; r++) {
    gc();
    if (echo !== undefined) floor.push(await echo.batch(count));
    const t0 = performance.now();
    for (let i = 0; i < count; i++) {
      const rows = (await st.query([1 + ((i * 7919) % n)])).rows;
      if (rows.length !== 1) throw new Error('point query found no row');
    }
    per.push((performance.now() - t0) / count);
  }
  return { per, floor };
}

async function fullResult(db: Database, n: number, reps: number): Promise<number> {
  const s = await db.login('root', '');
  const times: number[] = [];
  for (let r = 0; r < reps + 1; r++) {
    gc();
    const t0 = performance.now();
    const rows = (await s.query('SELECT * FROM events')).rows;
    if (rows.length !== n) throw new Error(`expected ${n} rows, got ${rows.length}`);
    if (r > 0) times.push(performance.now() - t0);
  }
  return median(times);
}

async function batchInsert(db: Database, n: number, reps: number): Promise<number> {
  const s = await db.login('root', '');
  const times: number[] = [];
  for (let r = 0; r < reps + 1; r++) {
    await s.query('DROP TABLE IF EXISTS batch_t');
    await s.query('CREATE TABLE batch_t (id INTEGER PRIMARY KEY, user_id INTEGER, kind TEXT, value DOUBLE, ts INTEGER)');
    const st = await s.prepare('INSERT INTO batch_t VALUES ($1, $2, $3, $4, $5)');
    const rows: unknown[][] = new Array(n);
    for (let i = 0; i < n; i++) rows[i] = [i + 1, 1 + (i % 1000), `k${i % 10}`, (i % 97) / 97, 1_700_000_000 + i];
    gc();
    const t0 = performance.now();
    const res = await st.run(rows);
    if (res.rowCount !== n) throw new Error(`batch inserted ${res.rowCount} rows`);
    if (r > 0) times.push(performance.now() - t0);
    await st.close();
  }
  return median(times);
}

/**
 * Runs every measurement through the Worker and in the page.
 * @param openDatabase - InkDB's `openDatabase` (from `inkdb/inprocess`, which can do both)
 */
export async function measureTransport(openDatabase: typeof OpenDatabase, quick: boolean): Promise<TransportResult> {
  const n = quick ? 10_000 : 100_000;
  const calls = quick ? 500 : 2000;
  const reps = quick ? 3 : 7;
  const echo = await echoWorker();
  const worker = await openDatabase({ worker: true, storage: 'memory' });
  const page = await openDatabase({ worker: false, storage: 'memory' });
  await load(worker, n);
  await load(page, n);
  const rows: TransportRow[] = [];
  // the floor and the Worker's point queries alternate, repetition by repetition
  const pointW = await pointQueries(worker, n, calls, reps, echo);
  const pointP = await pointQueries(page, n, calls, reps);
  const floor = median(pointW.floor);
  rows.push({ what: 'prepared point query, per call', workerMs: median(pointW.per), pageMs: median(pointP.per) });
  rows.push({ what: `${n.toLocaleString('en-US')}-row result (SELECT *, until .rows)`, workerMs: await fullResult(worker, n, reps), pageMs: await fullResult(page, n, reps) });
  rows.push({ what: `stmt.run(${n.toLocaleString('en-US')} parameter rows), one call`, workerMs: await batchInsert(worker, n, reps), pageMs: await batchInsert(page, n, reps) });
  echo.close();
  await worker.close();
  await page.close();
  return {
    echoMs: floor, echoRange: [Math.min(...pointW.floor), Math.max(...pointW.floor)], rows,
    pointVsEcho: median(pointW.per) / floor, crossOriginIsolated: globalThis.crossOriginIsolated === true,
  };
}

/** The transport table, markdown. */
export function transportMarkdown(r: TransportResult, note: string): string {
  const f = (x: number): string => (x < 1 ? x.toFixed(4) : x.toFixed(1));
  let out = `Through the Worker vs in the page, median ms (${note}${r.crossOriginIsolated ? ', cross-origin isolated' : ''})\n\n`;
  out += '| what | through the Worker | in the page | Worker / page |\n|---|--:|--:|--:|\n';
  out += `| postMessage echo round trip (the floor; repetitions ${f(r.echoRange[0])}–${f(r.echoRange[1])}) | ${f(r.echoMs)} | — | — |\n`;
  for (const x of r.rows) out += `| ${x.what} | ${f(x.workerMs)} | ${f(x.pageMs)} | ${(x.workerMs / x.pageMs).toFixed(2)} |\n`;
  out += `\nPrepared point query through the Worker = ${r.pointVsEcho.toFixed(2)}× the postMessage floor (target ≤ 2).\n`;
  return out;
}
