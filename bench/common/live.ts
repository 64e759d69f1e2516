/**
 * The live-query benchmark, shared by the Node driver (bench/live.ts) and the browser page
 * (bench/browser/page/main.ts): commit-to-callback latency and the cost a commit pays per
 * subscription it does not affect, for an InkDB database opened in-process or with its engine
 * in a Worker.
 *
 * Table: `chat (id INT PRIMARY KEY, room INT, body TEXT)`; subscriptions are spread over sessions
 * of 100 (the default per-session limit). Each sample is one
 * `INSERT INTO chat VALUES ($1, $2, 'x')` through a prepared statement; latency is measured from
 * just before the write call to the moment the target subscription's `onChange` runs (so it
 * includes the statement itself, the commit, matching, and — through the Worker — the batch's
 * trip to the main thread and the decode of its rows).
 *
 * Scenarios, for N = 1, 100 and 1,000 subscriptions on the table:
 * - `one affected`: N subscriptions `WHERE room = $k` (k = 0 … N-1, one room each); the write
 *   goes to room 0, so one subscription is affected and N-1 are not (found through the index).
 * - `all affected`: N identical subscriptions on room 0 (many tabs or users watching one room);
 *   latency to the last of the N callbacks.
 * - `all affected, distinct queries`: N different subscriptions that all match the write
 *   (`room = 0 AND id > -k`), so no two share an evaluation.
 * Cost per unaffected subscription: the write's own time (median) with 1,000 subscriptions
 * that never match, minus the time with none, divided by 1,000 — for subscriptions on another
 * table, on other rooms of the same table (equality index), and with a filter the index cannot
 * use (`room + 0 = $k`, evaluated on every commit).
 *
 * Last, a point read by primary key on a 1,000-row shared table through a table handle: from
 * the cached main-thread copy (`{ type: 'shared', cache: true }`) and through the engine.
 * @module
 */

/** What the benchmark needs of a session (InkDB's `Session`). */
export interface LiveBenchSession {
  query(sql: string, params?: readonly unknown[]): Promise<unknown>;
  prepare(sql: string): Promise<{ query(params?: readonly unknown[]): Promise<unknown>; close(): Promise<void> }>;
  subscribe(sql: string, params: readonly unknown[], handlers: { onChange?(c: unknown): void }): Promise<{ unsubscribe(): Promise<void> }>;
  table(name: string, options?: { type?: 'shared'; cache?: boolean }): { select(options?: { where?: Record<string, unknown> }): Promise<{ rowCount: number }> };
}

/** What the benchmark needs of a database (InkDB's `Database`). */
export interface LiveBenchDatabase {
  login(user: string, password: string): Promise<LiveBenchSession>;
  close(): Promise<void>;
}

/** Options of {@link measureLive}. */
export interface LiveBenchOptions {
  /** Subscription counts (default 1, 100, 1000). */
  readonly counts?: readonly number[];
  /** Timed writes per scenario (default 200). */
  readonly samples?: number;
  /** Untimed writes first (default 50). */
  readonly warmup?: number;
  /** A clock in ms (default performance.now). */
  readonly now?: () => number;
}

/** One measured row. */
export interface LiveBenchRow {
  readonly scenario: string;
  readonly subscriptions: number;
  readonly medianMs: number;
  readonly p99Ms: number;
  readonly samples: number;
}

/** Cost per unaffected subscription, µs. */
export interface LiveBenchCost {
  readonly kind: string;
  readonly baseMedianMs: number;
  readonly withMedianMs: number;
  readonly perSubscriptionUs: number;
}

/** A point read through a table handle: from the cached copy, and through the engine. */
export interface LiveBenchPointRead {
  readonly rows: number;
  readonly cachedMedianMs: number;
  readonly engineMedianMs: number;
}

/** Everything one mode measured. */
export interface LiveBenchResult {
  readonly mode: string;
  readonly latency: readonly LiveBenchRow[];
  readonly cost: readonly LiveBenchCost[];
  readonly pointRead: LiveBenchPointRead;
}

/** The latency scenarios, in report order. */
const SCENARIOS = ['one affected', 'all affected', 'all affected, distinct queries'] as const;

function quantile(xs: readonly number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
}

/** Measures one database (`mode` is a label: `in-process`, `worker`, …). Closes it at the end. */
export async function measureLive(mode: string, db: LiveBenchDatabase, options: LiveBenchOptions = {}): Promise<LiveBenchResult> {
  const counts = options.counts ?? [1, 100, 1000];
  const samples = options.samples ?? 200;
  const warmup = options.warmup ?? 50;
  const now = options.now ?? (() => performance.now());
  const s = await db.login('root', '');
  await s.query('CREATE TABLE chat (id INT PRIMARY KEY, room INT, body TEXT)');
  await s.query('CREATE TABLE other (id INT PRIMARY KEY, room INT)');
  const insert = await s.prepare("INSERT INTO chat VALUES ($1, $2, 'x')");
  // a session holds at most 100 live queries by default: spread them over several sessions
  const most = Math.max(...counts, 1);
  const pool: LiveBenchSession[] = [];
  for (let i = 0; i < Math.ceil(most / 100); i++) pool.push(await db.login('root', ''));
  const subscribe = (k: number, sql: string, params: unknown[], h: { onChange?(c: unknown): void }) => pool[k % pool.length]!.subscribe(sql, params, h);
  let nextId = 1;
  const latency: LiveBenchRow[] = [];

  /** Times writes to room 0 until `done()` has been called `expected` times per write. */
  const timeWrites = async (expected: number, arm: (onDone: () => void) => void): Promise<number[]> => {
    const times: number[] = [];
    for (let i = 0; i < warmup + samples; i++) {
      let seen = 0;
      let t1 = 0;
      let resolve: () => void = () => {};
      const all = new Promise<void>((r) => { resolve = r; });
      arm(() => {
        seen++;
        if (seen === expected) { t1 = now(); resolve(); }
      });
      const t0 = now();
      await insert.query([nextId++, 0]);
      await all;
      if (i >= warmup) times.push(t1 - t0);
    }
    return times;
  };

  for (const n of counts) {
    for (const scenario of SCENARIOS) {
      let onDone: () => void = () => {};
      const subs = [];
      for (let k = 0; k < n; k++) {
        const room = scenario === 'one affected' ? k : 0;
        const target = scenario !== 'one affected' || k === 0;
        const h = target ? { onChange: () => onDone() } : {};
        subs.push(scenario === 'all affected, distinct queries'
          ? await subscribe(k, 'SELECT id, body FROM chat WHERE room = $1 AND id > $2', [room, -k], h)
          : await subscribe(k, 'SELECT id, body FROM chat WHERE room = $1', [room], h));
      }
      const times = await timeWrites(scenario === 'one affected' ? 1 : n, (f) => { onDone = f; });
      latency.push({ scenario, subscriptions: n, medianMs: quantile(times, 0.5), p99Ms: quantile(times, 0.99), samples: times.length });
      for (const x of subs) await x.unsubscribe();
    }
  }

  /** The write's own time, median (no subscriber waits). */
  const writeTime = async (): Promise<number> => {
    const times: number[] = [];
    for (let i = 0; i < warmup + samples; i++) {
      const t0 = now();
      await insert.query([nextId++, 1_000_000]);
      if (i >= warmup) times.push(now() - t0);
    }
    return quantile(times, 0.5);
  };
  const cost: LiveBenchCost[] = [];
  const many = counts[counts.length - 1] ?? 1000;
  const kinds: readonly [string, (k: number) => [string, unknown[]]][] = [
    ['another table', (k) => ['SELECT id FROM other WHERE room = $1', [k]]],
    ['same table, other rooms (equality index)', (k) => ['SELECT id, body FROM chat WHERE room = $1', [k]]],
    ['same table, filter evaluated per commit', (k) => ['SELECT id, body FROM chat WHERE room + 0 = $1', [k]]],
  ];
  for (const [kind, q] of kinds) {
    const base = await writeTime();
    const subs = [];
    for (let k = 0; k < many; k++) subs.push(await subscribe(k, ...q(k), {}));
    const withSubs = await writeTime();
    for (const x of subs) await x.unsubscribe();
    cost.push({ kind, baseMedianMs: base, withMedianMs: withSubs, perSubscriptionUs: ((withSubs - base) * 1000) / many });
  }
  // a point read by primary key on a 1,000-row shared table: cached handle vs the engine
  await s.query('CREATE TABLE settings (id INT PRIMARY KEY, v TEXT)');
  await s.query("INSERT INTO settings SELECT g, 'value ' || g FROM generate_series(0, 999) AS g");
  const cached = s.table('settings', { type: 'shared', cache: true });
  const plain = s.table('settings', { type: 'shared' });
  const readTimes = async (h: typeof plain): Promise<number> => {
    const times: number[] = [];
    for (let i = 0; i < warmup + samples; i++) {
      const t0 = now();
      const r = await h.select({ where: { id: i % 1000 } });
      if (r.rowCount !== 1) throw new Error('point read returned no row');
      if (i >= warmup) times.push(now() - t0);
    }
    return quantile(times, 0.5);
  };
  const pointRead = { rows: 1000, cachedMedianMs: await readTimes(cached), engineMedianMs: await readTimes(plain) };
  await insert.close();
  await db.close();
  return { mode, latency, cost, pointRead };
}

/** Markdown tables of several modes' results. */
export function liveMarkdown(results: readonly LiveBenchResult[], note = ''): string {
  const f = (x: number): string => (Number.isFinite(x) ? x.toFixed(3) : '—');
  let out = `Live queries: write call → onChange latency, ms (median / p99)${note === '' ? '' : `; ${note}`}\n\n`;
  out += '| mode | scenario | 1 sub | 100 subs | 1,000 subs |\n|---|---|--:|--:|--:|\n';
  for (const r of results) {
    for (const scenario of SCENARIOS) {
      const cell = (n: number): string => {
        const row = r.latency.find((x) => x.scenario === scenario && x.subscriptions === n);
        return row === undefined ? '—' : `${f(row.medianMs)} / ${f(row.p99Ms)}`;
      };
      out += `| ${r.mode} | ${scenario} | ${cell(1)} | ${cell(100)} | ${cell(1000)} |\n`;
    }
  }
  out += '\nCost of a commit per unaffected subscription (1,000 of them), µs\n\n| mode | subscriptions | write alone, ms | with 1,000, ms | per subscription, µs |\n|---|---|--:|--:|--:|\n';
  for (const r of results) {
    for (const c of r.cost) out += `| ${r.mode} | ${c.kind} | ${f(c.baseMedianMs)} | ${f(c.withMedianMs)} | ${c.perSubscriptionUs.toFixed(2)} |\n`;
  }
  out += '\nPoint read by primary key through a table handle (1,000-row shared table), median ms\n\n| mode | cached handle (main-thread copy) | engine (query) |\n|---|--:|--:|\n';
  for (const r of results) out += `| ${r.mode} | ${f(r.pointRead.cachedMedianMs)} | ${f(r.pointRead.engineMedianMs)} |\n`;
  return out;
}
