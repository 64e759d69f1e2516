/**
 * The workloads (W1a–W8 of /work/shared/BENCHMARKS.md), their SQL, the adapter contract every engine
 * implements and the per-row loop's time cap: shared by the Node bench (bench/child.ts) and the browser
 * bench (bench/browser/page/main.ts, bundled into the page by Vite).
 *
 * Environment-neutral: this module imports nothing from Node and uses nothing of the DOM beyond
 * `performance`.
 *
 * A workload is a `{ id, setup?, run }` object in {@link WORKLOADS}. To add one: give it an id, say which
 * adapter method it needs (`supported`), what state it needs before each run (`setup`, untimed), and what
 * it times (`run`). The runners (bench/common/runner.ts) do the warm-up, the timed runs, the median and
 * the answer digest; the orchestrators print whatever ids the runners report.
 * @module
 */

import { tableFromArrays, type Table as ArrowTable } from 'apache-arrow';
import { OPS } from '../data.ts';
import type { EventRow, UpdatePair, UserRow } from '../data.ts';

/** Identifier of a timed workload. */
export type WorkloadId = 'W1a' | 'W1a-arrow' | 'W1a-cols' | 'W1b' | 'W1b-batch' | 'W2' | "W2'" | 'W3' | 'W4' | 'W5' | 'W6' | 'W7u' | 'W7d' | 'W8';

/** A materialized result row: a plain object or a positional array. */
export type Row = Record<string, unknown> | readonly unknown[];

/** `[count(*), sum(value), sum(id)]` of `events`, checked (untimed) after the loading and mutating workloads. */
export type TableState = readonly [number, number, number];

/** The SQL text of every workload, as fixed by BENCHMARKS.md (`$n` placeholders; adapters translate). */
export const SQL = {
  createEvents: 'CREATE TABLE events (id INTEGER PRIMARY KEY, user_id INTEGER, kind TEXT, value DOUBLE, ts INTEGER)',
  createUsers: 'CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT, tier INTEGER)',
  insertEvent: 'INSERT INTO events VALUES ($1, $2, $3, $4, $5)',
  insertUser: 'INSERT INTO users VALUES ($1, $2, $3)',
  lookup: 'SELECT * FROM events WHERE id = $1',
  lookupLiteral: (id: number): string => `SELECT * FROM events WHERE id = ${String(id)}`,
  filterScan: "SELECT count(*), sum(value) FROM events WHERE kind = 'k3' AND value > 0.5",
  groupBy: 'SELECT user_id, count(*), avg(value) FROM events GROUP BY user_id',
  topK: 'SELECT * FROM events ORDER BY value DESC LIMIT 100',
  join: 'SELECT u.tier, count(*) FROM events e JOIN users u ON e.user_id = u.id GROUP BY u.tier',
  update: 'UPDATE events SET value = $1 WHERE id = $2',
  delete: 'DELETE FROM events WHERE id = $1',
  createIndex: 'CREATE INDEX events_user_id ON events(user_id)',
  indexedSelect: 'SELECT * FROM events WHERE user_id = 42',
  state: 'SELECT count(*), sum(value), sum(id) FROM events',
  // Aliased: through the worker, InkDB 0.1.0 failed on a result with two same-named columns of different
  // types (`sum` double and `sum` bigint: "Table and inner RecordBatch schemas must be equivalent"); the
  // engines that read the state by column name use it too.
  stateAliased: 'SELECT count(*) AS c, sum(value) AS s, sum(id) AS i FROM events',
} as const;

/** {@link SQL}'s parameterized statements with `?` placeholders (sql.js, DuckDB-Wasm). */
export const SQL_QMARK = {
  insertEvent: 'INSERT INTO events VALUES (?, ?, ?, ?, ?)',
  insertUser: 'INSERT INTO users VALUES (?, ?, ?)',
  lookup: 'SELECT * FROM events WHERE id = ?',
  update: 'UPDATE events SET value = ? WHERE id = ?',
  delete: 'DELETE FROM events WHERE id = ?',
} as const;

/**
 * Time cap for the per-row loops (W1b, W2, W2', W7u, W7d). An adapter calls `ok(i)` before operation
 * `i`; once the cap is exceeded it returns false, the adapter stops, and the runner extrapolates the
 * time to the full count (the result is then marked as estimated and not cross-checked).
 */
export class Loop {
  /** Number of operations done when the loop stopped early, or -1 if it ran to completion. */
  stoppedAt = -1;
  private t0 = 0;

  /**
   * @param capMs - time cap in ms (Infinity for none)
   * @param mask - check the clock when `(i & mask) === 0` (a power of two minus one)
   */
  constructor(
    private readonly capMs: number,
    private readonly mask: number,
  ) {}

  /** Starts the clock (called by the runner right before the timed region). */
  start(): void {
    this.stoppedAt = -1;
    this.t0 = performance.now();
  }

  /** Whether operation `i` may run. */
  ok(i: number): boolean {
    if ((i & this.mask) !== 0 || performance.now() - this.t0 <= this.capMs) return true;
    this.stoppedAt = i;
    return false;
  }
}

/**
 * What every engine adapter implements (bench/common/adapters/*.ts, and the environment-specific ones in
 * bench/adapters/ and bench/browser/adapters/). A missing optional method means the workload is n/a for
 * that engine. Every method runs inside the timed region except `open`, `reset`, `loadUsers`,
 * `createIndex`, `state`, `toArrays` and `close`. Result-returning methods must return fully materialized
 * JS rows (in a page: on its main thread, so an engine that runs in a Worker pays for the transfer and
 * the materialization inside the timed region).
 */
export interface Adapter {
  /** Engine id, e.g. `sqljs`. */
  readonly name: string;
  /** Optional detail for the report, known after `open` (e.g. which wasm bundle was picked). */
  readonly info?: string;
  /** Starts the engine (untimed, reported as the start-up time). */
  open(): Promise<void>;
  /** Drops (if present) and recreates empty `events` and `users` tables, without indexes other than the PKs. */
  reset(): Promise<void>;
  /** Loads the 1,000 users (untimed). */
  loadUsers(rows: readonly UserRow[]): Promise<void>;
  /** W1a: the engine's fastest documented bulk load of `rows` into the empty `events` table. */
  bulkLoad(rows: readonly EventRow[]): Promise<void>;
  /** W1a-arrow: bulk load of rows that arrive as an apache-arrow Table (built untimed). */
  bulkLoadArrow?(table: ArrowTable): Promise<void>;
  /** W1a-cols: bulk load of rows that arrive as column arrays (typed arrays for numbers; built untimed). */
  bulkLoadColumns?(columns: EventColumns): Promise<void>;
  /** W1b-batch: the W1b statement run for every row in one call (the rows' parameter arrays built inside the timing). */
  insertBatch?(rows: readonly EventRow[]): Promise<void>;
  /** W1b: one prepared single-row INSERT per row, all in one transaction. */
  insertEach?(rows: readonly EventRow[], loop: Loop): Promise<void>;
  /** W2: 1,000 prepared point lookups by PK; returns all result rows concatenated. */
  lookup?(ids: readonly number[], loop: Loop): Promise<Row[]>;
  /** W2': the same with the id written into the SQL text. */
  lookupLiteral?(ids: readonly number[], loop: Loop): Promise<Row[]>;
  /** W3: filter scan. */
  filterScan?(): Promise<Row[]>;
  /** W4: group by. */
  groupBy?(): Promise<Row[]>;
  /** W5: top-k. */
  topK?(): Promise<Row[]>;
  /** W6: join + group by. */
  join?(): Promise<Row[]>;
  /** W7u: 1,000 single-row UPDATEs by PK, autocommit. */
  update?(pairs: readonly UpdatePair[], loop: Loop): Promise<void>;
  /** W7d: 1,000 single-row DELETEs by PK, autocommit. */
  remove?(ids: readonly number[], loop: Loop): Promise<void>;
  /** Creates the index on `events(user_id)` (untimed, before W8). */
  createIndex?(): Promise<void>;
  /** W8: indexed selection `user_id = 42`. */
  indexedSelect?(): Promise<Row[]>;
  /** `[count(*), sum(value), sum(id)]` of `events` (untimed). */
  state?(): Promise<TableState>;
  /** Converts result rows to positional arrays in SQL column order (untimed); default: `Object.values`. */
  toArrays?(workload: WorkloadId, rows: readonly Row[]): unknown[][];
  /** Shuts the engine down. */
  close(): Promise<void>;

  // EXTENSION POINTS (not implemented by any adapter; see PLANNED_WORKLOADS in bench/browser/workloads.ts).
  // When InkDB gains persistence and live queries, add the optional methods here, e.g.
  //   durableInsert?(row: EventRow): Promise<void>;               // P1: one committed, durable INSERT
  //   openStored?(name: string): Promise<void>;                    // P2: open a database of stored rows
  //   liveLatency?(commit: () => Promise<void>): Promise<number>;  // P3: commit → callback, ms
  // and the matching entries to WORKLOADS (and their ids to WorkloadId / EXEC_ORDER).
}

/** Inputs shared by all runs on one engine (one child process, or one page). */
export interface Context {
  /** Number of `events` rows. */
  readonly n: number;
  /** The users rows. */
  readonly users: readonly UserRow[];
  /** W2 / W2' ids of run `run` (0 = the first warm-up): fresh ids every run. */
  lookupIds(run: number): readonly number[];
  /** W7u pairs. */
  readonly updatePairs: readonly UpdatePair[];
  /** W7d ids. */
  readonly deleteIds: readonly number[];
  /** Fresh `events` rows (new objects on each call). */
  freshEvents(): EventRow[];
}

/** A timed workload: `{ id, setup?, run }` plus what the runner needs to know about it. */
export interface Workload {
  /** Workload id. */
  readonly id: WorkloadId;
  /** One line for the report. */
  readonly title: string;
  /** 'load': empty tables each run; 'mutate': freshly loaded tables each run; 'read': shared loaded tables. */
  readonly kind: 'load' | 'mutate' | 'read';
  /** Whether the adapter supports it. */
  supported(a: Adapter): boolean;
  /** Per-row loop: clock-check mask of the {@link Loop} and number of operations (for extrapolation). */
  readonly loop?: { readonly mask: number; count(ctx: Context): number };
  /** Whether the answer digest keeps the full sorted result (small results). */
  readonly keepSorted: boolean;
  /** Untimed per-run setup (`run`: the run's index, 0 = first warm-up); its value is passed to `run`. Absent: nothing to prepare. */
  setup?(a: Adapter, ctx: Context, run: number): Promise<unknown>;
  /** The timed region. Returns the materialized rows of a reading workload, else undefined. */
  run(a: Adapter, ctx: Context, loop: Loop, arg: unknown): Promise<Row[] | undefined>;
}

/**
 * Drops and recreates the tables, then loads the users and a fresh set of `events` rows (untimed): the
 * shared tables of the reading workloads, and the starting point of each mutating run.
 */
export async function loadTables(a: Adapter, ctx: Context): Promise<void> {
  await a.reset();
  await a.loadUsers(ctx.users);
  await a.bulkLoad(ctx.freshEvents());
}

async function freshEmpty(a: Adapter, ctx: Context): Promise<EventRow[]> {
  await a.reset();
  await a.loadUsers(ctx.users);
  return ctx.freshEvents();
}

async function freshLoaded(a: Adapter, ctx: Context): Promise<undefined> {
  await loadTables(a, ctx);
  return undefined;
}

function must<T>(f: T | undefined): T {
  if (f === undefined) throw new Error('unsupported');
  return f;
}

/** `events` as column arrays (W1a-cols). */
export interface EventColumns {
  readonly id: Int32Array;
  readonly user_id: Int32Array;
  readonly kind: string[];
  readonly value: Float64Array;
  readonly ts: Int32Array;
}

/** Rows as column arrays. */
export function eventColumns(rows: readonly EventRow[]): EventColumns {
  const n = rows.length;
  const c: EventColumns = { id: new Int32Array(n), user_id: new Int32Array(n), kind: new Array<string>(n), value: new Float64Array(n), ts: new Int32Array(n) };
  for (let i = 0; i < n; i++) {
    const r = rows[i]!;
    c.id[i] = r.id; c.user_id[i] = r.user_id; c.kind[i] = r.kind; c.value[i] = r.value; c.ts[i] = r.ts;
  }
  return c;
}

/** The timed workloads, in report order. */
export const WORKLOADS: readonly Workload[] = [
  {
    id: 'W1a',
    title: 'bulk load N rows (fastest documented path)',
    kind: 'load',
    supported: () => true,
    keepSorted: false,
    setup: freshEmpty,
    run: async (a, _ctx, _loop, arg) => {
      await a.bulkLoad(arg as EventRow[]);
      return undefined;
    },
  },
  {
    id: 'W1a-arrow',
    title: 'bulk load N rows that arrive as an Arrow table (table.insert(arrowTable); built untimed)',
    kind: 'load',
    supported: (a) => a.bulkLoadArrow !== undefined,
    keepSorted: false,
    setup: async (a, ctx) => {
      const c = eventColumns(await freshEmpty(a, ctx));
      return tableFromArrays({ id: c.id, user_id: c.user_id, kind: c.kind, value: c.value, ts: c.ts });
    },
    run: async (a, _ctx, _loop, arg) => {
      await must(a.bulkLoadArrow).call(a, arg as ArrowTable);
      return undefined;
    },
  },
  {
    id: 'W1a-cols',
    title: 'bulk load N rows that arrive as column arrays (table.insert({ col: [...] }); built untimed)',
    kind: 'load',
    supported: (a) => a.bulkLoadColumns !== undefined,
    keepSorted: false,
    setup: async (a, ctx) => eventColumns(await freshEmpty(a, ctx)),
    run: async (a, _ctx, _loop, arg) => {
      await must(a.bulkLoadColumns).call(a, arg as EventColumns);
      return undefined;
    },
  },
  {
    id: 'W1b',
    title: 'N prepared single-row INSERTs in one transaction',
    kind: 'load',
    supported: (a) => a.insertEach !== undefined,
    loop: { mask: 1023, count: (ctx) => ctx.n },
    keepSorted: false,
    setup: freshEmpty,
    run: async (a, _ctx, loop, arg) => {
      await must(a.insertEach).call(a, arg as EventRow[], loop);
      return undefined;
    },
  },
  {
    id: 'W1b-batch',
    title: "W1b's statement for all N rows in one call (stmt.run(paramRows))",
    kind: 'load',
    supported: (a) => a.insertBatch !== undefined,
    keepSorted: false,
    setup: freshEmpty,
    run: async (a, _ctx, _loop, arg) => {
      await must(a.insertBatch).call(a, arg as EventRow[]);
      return undefined;
    },
  },
  {
    id: 'W2',
    title: '1,000 prepared point lookups by PK',
    kind: 'read',
    supported: (a) => a.lookup !== undefined,
    loop: { mask: 7, count: () => OPS },
    keepSorted: false,
    setup: (_a, ctx, run) => Promise.resolve(ctx.lookupIds(run)),
    run: (a, _ctx, loop, ids) => must(a.lookup).call(a, ids as readonly number[], loop),
  },
  {
    id: "W2'",
    title: '1,000 point lookups with the id in the SQL text',
    kind: 'read',
    supported: (a) => a.lookupLiteral !== undefined,
    loop: { mask: 7, count: () => OPS },
    keepSorted: false,
    setup: (_a, ctx, run) => Promise.resolve(ctx.lookupIds(run)),
    run: (a, _ctx, loop, ids) => must(a.lookupLiteral).call(a, ids as readonly number[], loop),
  },
  {
    id: 'W3',
    title: 'filter scan',
    kind: 'read',
    supported: (a) => a.filterScan !== undefined,
    keepSorted: true,
    run: (a) => must(a.filterScan).call(a),
  },
  {
    id: 'W4',
    title: 'group by',
    kind: 'read',
    supported: (a) => a.groupBy !== undefined,
    keepSorted: true,
    run: (a) => must(a.groupBy).call(a),
  },
  {
    id: 'W5',
    title: 'top-k',
    kind: 'read',
    supported: (a) => a.topK !== undefined,
    keepSorted: false,
    run: (a) => must(a.topK).call(a),
  },
  {
    id: 'W6',
    title: 'join + group by',
    kind: 'read',
    supported: (a) => a.join !== undefined,
    keepSorted: true,
    run: (a) => must(a.join).call(a),
  },
  {
    id: 'W7u',
    title: '1,000 single-row UPDATEs by PK, autocommit',
    kind: 'mutate',
    supported: (a) => a.update !== undefined,
    loop: { mask: 7, count: (ctx) => ctx.updatePairs.length },
    keepSorted: false,
    setup: freshLoaded,
    run: async (a, ctx, loop) => {
      await must(a.update).call(a, ctx.updatePairs, loop);
      return undefined;
    },
  },
  {
    id: 'W7d',
    title: '1,000 single-row DELETEs by PK, autocommit',
    kind: 'mutate',
    supported: (a) => a.remove !== undefined,
    loop: { mask: 7, count: (ctx) => ctx.deleteIds.length },
    keepSorted: false,
    setup: freshLoaded,
    run: async (a, ctx, loop) => {
      await must(a.remove).call(a, ctx.deleteIds, loop);
      return undefined;
    },
  },
  {
    id: 'W8',
    title: 'indexed selection (after CREATE INDEX ON events(user_id))',
    kind: 'read',
    supported: (a) => a.indexedSelect !== undefined,
    keepSorted: false,
    run: (a) => must(a.indexedSelect).call(a),
  },
];

/** All workload ids in report order. */
export const WORKLOAD_IDS: readonly WorkloadId[] = WORKLOADS.map((w) => w.id);

/**
 * Execution order on one engine: the read-only workloads on the shared tables, the index + W8, then the
 * workloads that need fresh tables each run.
 */
export const EXEC_ORDER: readonly WorkloadId[] = ['W2', "W2'", 'W3', 'W4', 'W5', 'W6', 'W8', 'W7u', 'W7d', 'W1a', 'W1a-arrow', 'W1a-cols', 'W1b', 'W1b-batch'];
