/**
 * Workload definitions (W1a–W8 of /work/shared/BENCHMARKS.md), the adapter contract every engine
 * implements, answer digests and the cross-check between engines.
 * @module
 */

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { EventRow, UpdatePair, UserRow } from './data.ts';

/**
 * The version of an installed package, read from `node_modules/<name>/package.json` of the project
 * (packages' `exports` often hide their package.json from `require`).
 * @param name - package name, e.g. `sql.js` or `@duckdb/duckdb-wasm`
 */
export function packageVersion(name: string): string {
  try {
    const path = fileURLToPath(new URL(`../node_modules/${name}/package.json`, import.meta.url));
    return (JSON.parse(readFileSync(path, 'utf8')) as { version?: string }).version ?? '?';
  } catch {
    return '?';
  }
}

/** Identifier of a timed workload. */
export type WorkloadId = 'W1a' | 'W1b' | 'W2' | "W2'" | 'W3' | 'W4' | 'W5' | 'W6' | 'W7u' | 'W7d' | 'W8';

/** All workloads in report order. */
export const WORKLOAD_IDS: readonly WorkloadId[] = [
  'W1a',
  'W1b',
  'W2',
  "W2'",
  'W3',
  'W4',
  'W5',
  'W6',
  'W7u',
  'W7d',
  'W8',
];

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
} as const;

/** A materialized result row: a plain object or a positional array. */
export type Row = Record<string, unknown> | readonly unknown[];

/**
 * Time cap for the per-row loops (W1b, W2, W2', W7u, W7d). An adapter calls `ok(i)` before operation
 * `i`; once the cap is exceeded it returns false, the adapter stops, and the harness extrapolates the
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

  /** Starts the clock (called by the harness right before the timed region). */
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

/** `[count(*), sum(value), sum(id)]` of `events`, checked (untimed) after the loading and mutating workloads. */
export type TableState = readonly [number, number, number];

/**
 * What every engine adapter implements. A missing optional method means the workload is n/a for that
 * engine. Every method runs inside the timed region except `open`, `reset`, `loadUsers`, `createIndex`,
 * `state`, `toArrays` and `close`. Result-returning methods must return fully materialized JS rows.
 */
export interface Adapter {
  /** Engine id, e.g. `sqljs`. */
  readonly name: string;
  /** Package version of the engine. */
  readonly version: string;
  /** Starts the engine (untimed). */
  open(): Promise<void>;
  /** Drops (if present) and recreates empty `events` and `users` tables, without indexes other than the PKs. */
  reset(): Promise<void>;
  /** Loads the 1,000 users (untimed). */
  loadUsers(rows: readonly UserRow[]): Promise<void>;
  /** W1a: the engine's fastest documented bulk load of `rows` into the empty `events` table. */
  bulkLoad(rows: readonly EventRow[]): Promise<void>;
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
}

/** Inputs shared by all runs of one child process. */
export interface Context {
  /** Number of `events` rows. */
  readonly n: number;
  /** The users rows. */
  readonly users: readonly UserRow[];
  /** W2 / W2' ids. */
  readonly lookupIds: readonly number[];
  /** W7u pairs. */
  readonly updatePairs: readonly UpdatePair[];
  /** W7d ids. */
  readonly deleteIds: readonly number[];
  /** Fresh `events` rows (new objects on each call). */
  freshEvents(): EventRow[];
}

/** How a workload prepares each run and what it times. */
export interface WorkloadDef {
  /** Workload id. */
  readonly id: WorkloadId;
  /** 'load': empty tables each run; 'mutate': freshly loaded tables each run; 'read': shared loaded tables. */
  readonly kind: 'load' | 'mutate' | 'read';
  /** Whether the adapter supports it. */
  supported(a: Adapter): boolean;
  /** Clock-check mask of the loop (see {@link Loop}); 0 for workloads that do not loop. */
  readonly loopMask: number;
  /** Number of loop operations for extrapolation. */
  loopCount(ctx: Context): number;
  /** Untimed per-run setup; returns the argument of `run`. */
  setup(a: Adapter, ctx: Context): Promise<unknown>;
  /** The timed region. */
  run(a: Adapter, ctx: Context, loop: Loop, arg: unknown): Promise<Row[] | undefined>;
  /** Whether the answer digest keeps the full sorted result. */
  readonly keepSorted: boolean;
}

async function freshEmpty(a: Adapter, ctx: Context): Promise<EventRow[]> {
  await a.reset();
  await a.loadUsers(ctx.users);
  return ctx.freshEvents();
}

async function freshLoaded(a: Adapter, ctx: Context): Promise<undefined> {
  await a.reset();
  await a.loadUsers(ctx.users);
  await a.bulkLoad(ctx.freshEvents());
  return undefined;
}

const noSetup = async (): Promise<undefined> => undefined;

function must<T>(f: T | undefined): T {
  if (f === undefined) throw new Error('unsupported');
  return f;
}

/** The workload definitions, in report order. */
export const WORKLOADS: readonly WorkloadDef[] = [
  {
    id: 'W1a',
    kind: 'load',
    supported: () => true,
    loopMask: 0,
    loopCount: () => 0,
    setup: freshEmpty,
    run: async (a, _ctx, _loop, arg) => {
      await a.bulkLoad(arg as EventRow[]);
      return undefined;
    },
    keepSorted: false,
  },
  {
    id: 'W1b',
    kind: 'load',
    supported: (a) => a.insertEach !== undefined,
    loopMask: 1023,
    loopCount: (ctx) => ctx.n,
    setup: freshEmpty,
    run: async (a, _ctx, loop, arg) => {
      await must(a.insertEach).call(a, arg as EventRow[], loop);
      return undefined;
    },
    keepSorted: false,
  },
  {
    id: 'W2',
    kind: 'read',
    supported: (a) => a.lookup !== undefined,
    loopMask: 7,
    loopCount: (ctx) => ctx.lookupIds.length,
    setup: noSetup,
    run: (a, ctx, loop) => must(a.lookup).call(a, ctx.lookupIds, loop),
    keepSorted: false,
  },
  {
    id: "W2'",
    kind: 'read',
    supported: (a) => a.lookupLiteral !== undefined,
    loopMask: 7,
    loopCount: (ctx) => ctx.lookupIds.length,
    setup: noSetup,
    run: (a, ctx, loop) => must(a.lookupLiteral).call(a, ctx.lookupIds, loop),
    keepSorted: false,
  },
  {
    id: 'W3',
    kind: 'read',
    supported: (a) => a.filterScan !== undefined,
    loopMask: 0,
    loopCount: () => 0,
    setup: noSetup,
    run: (a) => must(a.filterScan).call(a),
    keepSorted: true,
  },
  {
    id: 'W4',
    kind: 'read',
    supported: (a) => a.groupBy !== undefined,
    loopMask: 0,
    loopCount: () => 0,
    setup: noSetup,
    run: (a) => must(a.groupBy).call(a),
    keepSorted: true,
  },
  {
    id: 'W5',
    kind: 'read',
    supported: (a) => a.topK !== undefined,
    loopMask: 0,
    loopCount: () => 0,
    setup: noSetup,
    run: (a) => must(a.topK).call(a),
    keepSorted: false,
  },
  {
    id: 'W6',
    kind: 'read',
    supported: (a) => a.join !== undefined,
    loopMask: 0,
    loopCount: () => 0,
    setup: noSetup,
    run: (a) => must(a.join).call(a),
    keepSorted: true,
  },
  {
    id: 'W7u',
    kind: 'mutate',
    supported: (a) => a.update !== undefined,
    loopMask: 7,
    loopCount: (ctx) => ctx.updatePairs.length,
    setup: freshLoaded,
    run: async (a, ctx, loop) => {
      await must(a.update).call(a, ctx.updatePairs, loop);
      return undefined;
    },
    keepSorted: false,
  },
  {
    id: 'W7d',
    kind: 'mutate',
    supported: (a) => a.remove !== undefined,
    loopMask: 7,
    loopCount: (ctx) => ctx.deleteIds.length,
    setup: freshLoaded,
    run: async (a, ctx, loop) => {
      await must(a.remove).call(a, ctx.deleteIds, loop);
      return undefined;
    },
    keepSorted: false,
  },
  {
    id: 'W8',
    kind: 'read',
    supported: (a) => a.indexedSelect !== undefined,
    loopMask: 0,
    loopCount: () => 0,
    setup: noSetup,
    run: (a) => must(a.indexedSelect).call(a),
    keepSorted: false,
  },
];

/** A compact, engine-independent digest of a workload's answer. */
export interface Digest {
  /** Number of result rows (or, for the loading/mutating workloads, 1: the table state). */
  rows: number;
  /** Per column: sum of the numbers, or for text columns a sum of character codes weighted by position. */
  sums: number[];
  /** Per column: the JS type seen (`number`, `string`, `null`, or `mixed`). */
  types: string[];
  /** The full result, sorted, when it is small (W3, W4, W6). */
  sorted?: unknown[][];
}

/** Normalizes one value: bigint → number, numeric-looking objects left alone. */
function norm(v: unknown): unknown {
  if (typeof v === 'bigint') return Number(v);
  return v;
}

function textHash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h += s.charCodeAt(i) * (i + 1);
  return h;
}

/** Default row → positional array conversion. */
export function defaultToArrays(rows: readonly Row[]): unknown[][] {
  return rows.map((r) => (Array.isArray(r) ? [...(r as unknown[])] : Object.values(r as Record<string, unknown>)));
}

function compareValues(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
}

/**
 * Builds the digest of a result.
 * @param arrays - rows as positional arrays
 * @param keepSorted - keep the full sorted result
 */
export function digestOf(arrays: readonly (readonly unknown[])[], keepSorted: boolean): Digest {
  const width = arrays.reduce((w, r) => Math.max(w, r.length), 0);
  const sums = new Array<number>(width).fill(0);
  const types = new Array<string>(width).fill('');
  const normed = arrays.map((r) => r.map(norm));
  for (const r of normed) {
    for (let j = 0; j < width; j++) {
      const v = r[j];
      const t = v === null || v === undefined ? 'null' : typeof v;
      const prev = types[j] ?? '';
      types[j] = prev === '' || prev === t ? t : 'mixed';
      if (typeof v === 'number') sums[j] = (sums[j] ?? 0) + v;
      else if (typeof v === 'string') sums[j] = (sums[j] ?? 0) + textHash(v);
      else if (typeof v === 'boolean') sums[j] = (sums[j] ?? 0) + (v ? 1 : 0);
    }
  }
  const d: Digest = { rows: arrays.length, sums, types };
  if (keepSorted) {
    d.sorted = normed.slice().sort((x, y) => {
      for (let j = 0; j < width; j++) {
        const c = compareValues(x[j], y[j]);
        if (c !== 0) return c;
      }
      return 0;
    });
  }
  return d;
}

/** Relative tolerance for floats in the cross-check. */
export const REL_TOL = 1e-9;

function sameNumber(a: number, b: number): boolean {
  if (a === b) return true;
  return Math.abs(a - b) <= REL_TOL * Math.max(Math.abs(a), Math.abs(b));
}

function sameValue(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' && typeof b === 'number') return sameNumber(a, b);
  return a === b || (a == null && b == null);
}

/**
 * Compares two digests; returns undefined when they agree, else a short reason.
 */
export function compareDigests(a: Digest, b: Digest): string | undefined {
  if (a.rows !== b.rows) return `row count ${String(a.rows)} vs ${String(b.rows)}`;
  if (a.sums.length !== b.sums.length) return `column count ${String(a.sums.length)} vs ${String(b.sums.length)}`;
  for (let j = 0; j < a.sums.length; j++) {
    const ta = a.types[j];
    const tb = b.types[j];
    if (a.rows > 0 && ta !== tb && ta !== 'null' && tb !== 'null') return `column ${String(j + 1)} type ${String(ta)} vs ${String(tb)}`;
    if (!sameNumber(a.sums[j] ?? 0, b.sums[j] ?? 0)) {
      return `column ${String(j + 1)} sum ${String(a.sums[j])} vs ${String(b.sums[j])}`;
    }
  }
  if (a.sorted !== undefined && b.sorted !== undefined) {
    for (let i = 0; i < a.sorted.length; i++) {
      const ra = a.sorted[i] ?? [];
      const rb = b.sorted[i] ?? [];
      for (let j = 0; j < Math.max(ra.length, rb.length); j++) {
        if (!sameValue(ra[j], rb[j])) {
          return `row ${String(i + 1)} col ${String(j + 1)}: ${JSON.stringify(ra[j])} vs ${JSON.stringify(rb[j])}`;
        }
      }
    }
  }
  return undefined;
}

/** One group of engines that agree with each other on a workload. */
export interface AgreementGroup {
  engines: string[];
  digest: Digest;
}

/**
 * Partitions the engines' digests of one workload into groups that agree with each other
 * (each engine compared with each group's first member). One group means everyone agrees.
 * @returns the groups and, for each later group, why it differs from the first one
 */
export function crossCheck(digests: ReadonlyMap<string, Digest>): { groups: AgreementGroup[]; reasons: string[] } {
  const groups: AgreementGroup[] = [];
  for (const [engine, d] of digests) {
    const g = groups.find((x) => compareDigests(x.digest, d) === undefined);
    if (g !== undefined) g.engines.push(engine);
    else groups.push({ engines: [engine], digest: d });
  }
  const reasons: string[] = [];
  const first = groups[0];
  if (first !== undefined) {
    for (const g of groups.slice(1)) reasons.push(`${g.engines.join(',')} vs ${first.engines.join(',')}: ${String(compareDigests(first.digest, g.digest))}`);
  }
  return { groups, reasons };
}
