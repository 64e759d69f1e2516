/**
 * The engine side of the fuzzer: a child process (started by `runner.ts` with `--import tsx`
 * and a heap limit) that opens in-memory databases through the public API, runs the cases it
 * receives over IPC and streams back one outcome per case. The parent's watchdog kills it when
 * a case hangs or the process dies, so nothing here needs to guard against that.
 */
import { DbError, SqlState, openDatabase } from '../../src/index.ts';
import type { Database, Session } from '../../src/index.ts';
import type { FuzzCase, Outcome } from './cases.ts';
import { FIXTURE_SQL } from './fixture.ts';
import { layoutProblem } from './layout.ts';
import { materialize } from './materialize.ts';

/** Parent → child: run these cases. */
export interface BatchMessage {
  type: 'batch';
  cases: FuzzCase[];
  /** `batch`: one database for all cases (state carries over); `case`: a fresh one per case. */
  fresh: 'batch' | 'case';
  /** Run before each case on its fresh database (fresh = 'case' only); outcomes ignored. */
  prefix?: FuzzCase[];
}

/** Child → parent messages. */
export type ChildMessage =
  | { type: 'ready' }
  | { type: 'start'; i: number }
  | { type: 'outcome'; i: number; outcome: Outcome }
  | { type: 'done' }
  | { type: 'uncaught'; i: number; message: string };

const KNOWN_CODES = new Set<string>(Object.values(SqlState));

function send(m: ChildMessage): void {
  process.send!(m);
}

function short(x: unknown): string {
  let s: string;
  try {
    s = x instanceof Error ? `${x.name}: ${x.message}` : String(x);
  } catch {
    s = '<unprintable>';
  }
  return s.length > 500 ? `${s.slice(0, 500)}…` : s;
}

async function freshDb(): Promise<{ db: Database; s: Session }> {
  const db = await openDatabase({ worker: false, storage: 'memory' });
  const s = await db.login('root', '');
  for (const sql of FIXTURE_SQL) await s.query(sql);
  return { db, s };
}

/** Reads everything a caller could read from a successful result; throws what they would see. */
function readResult(r: Awaited<ReturnType<Session['query']>>): void {
  let step = '.rows';
  try {
    const rows = r.rows;
    for (const row of rows) for (const k of Object.keys(row)) void row[k];
    step = '.rowArrays()';
    const arrays = r.rowArrays();
    step = '.table';
    void r.table.numRows;
    void r.message;
    step = 'layout';
    const problem = layoutProblem(r.columns, arrays, r.table);
    if (problem !== null) throw new Error(problem);
  } catch (e) {
    throw new ResultReadError(step, e);
  }
}

/** Reading a successful result failed: which accessor, and what it threw. */
class ResultReadError extends Error {
  constructor(step: string, cause: unknown) {
    super(`${step} threw ${short(cause)}`);
  }
}

const SELFTEST = process.env['INKDB_FUZZ_SELFTEST'] === '1';
const hoard: unknown[] = [];

/**
 * With `INKDB_FUZZ_SELFTEST=1` only: statements naming `selftest_hang`, `selftest_oom`,
 * `selftest_throw`, `selftest_internal`, `selftest_crash` or `selftest_rows` misbehave on purpose so
 * that the tests can check the watchdog, the oracle and the reducer without an engine bug.
 */
function selftest(sql: string): { rowsThrow: boolean } {
  if (!SELFTEST) return { rowsThrow: false };
  if (sql.includes('selftest_hang')) for (;;) hoard.length = 0;
  if (sql.includes('selftest_oom')) for (;;) hoard.push(new Array<number>(10_000_000).fill(1.5));
  if (sql.includes('selftest_throw')) throw new TypeError('selftest: not a DbError');
  if (sql.includes('selftest_internal')) throw new DbError(SqlState.INTERNAL_ERROR, 'internal error: selftest');
  if (sql.includes('selftest_crash')) process.nextTick(() => {
    throw new Error('selftest: uncaught');
  });
  return { rowsThrow: sql.includes('selftest_rows') };
}

/** Runs one case on `s` and classifies what happened, then checks that `s` still answers. */
async function runCase(s: Session, c: FuzzCase): Promise<Outcome> {
  const t0 = performance.now();
  let outcome: Outcome;
  try {
    const st = selftest(c.sql);
    const args: unknown[] = [c.sql];
    if (c.rawParams) args.push(materialize(c.rawParams));
    else if (c.params) args.push(c.params.map(materialize));
    const r = await (s.query as (...a: unknown[]) => ReturnType<Session['query']>)(...args);
    const ms = performance.now() - t0;
    try {
      if (st.rowsThrow) throw new TypeError('selftest: rows');
      readResult(r);
      outcome = { kind: 'ok', ms };
    } catch (e) {
      outcome = { kind: 'rows-throw', message: e instanceof ResultReadError ? e.message : short(e), ms };
    }
  } catch (e) {
    const ms = performance.now() - t0;
    if (e instanceof DbError) {
      const code = String(e.code);
      if (code === 'XX000') outcome = { kind: 'internal', code, message: short(e.message), ms };
      else if (!/^[0-9A-Z]{5}$/.test(code) || !KNOWN_CODES.has(code) || typeof e.message !== 'string' || e.message === '') {
        outcome = { kind: 'bad-error', code, message: short(e.message), ms };
      } else outcome = { kind: 'error', code, message: short(e.message), ms };
    } else {
      outcome = { kind: 'non-dberror', code: (e as { constructor?: { name?: string } })?.constructor?.name ?? typeof e, message: short(e), ms };
    }
  }
  const health = await checkAlive(s);
  if (health !== null && outcome.kind !== 'internal' && outcome.kind !== 'non-dberror') {
    return { kind: 'unresponsive', code: health.code, message: `after: ${health.message}`, ms: outcome.ms };
  }
  return outcome;
}

/**
 * `null` when `SELECT 1` answers 1 (rolling back an aborted transaction first, and going back to
 * the default namespace after a `USE`), else what went wrong.
 */
async function checkAlive(s: Session): Promise<{ code?: string; message: string } | null> {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const r = await s.query('SELECT 1 AS one, current_namespace() AS ns');
      const v = r.rows[0]?.['one'];
      if (v === 1) {
        // Keep later statements of the batch resolving names in the fixture's namespace.
        if (r.rows[0]?.['ns'] !== 'default') await s.query('USE "default"');
        return null;
      }
      return { message: `SELECT 1 returned ${short(JSON.stringify(r.rowArrays(), (_k, x: unknown) => (typeof x === 'bigint' ? String(x) : x)))}` };
    } catch (e) {
      if (e instanceof DbError && e.code === '25P02' && attempt === 0) {
        try {
          await s.query('ROLLBACK');
        } catch (e2) {
          return { code: e2 instanceof DbError ? e2.code : undefined, message: `ROLLBACK failed: ${short(e2)}` };
        }
        continue;
      }
      return { code: e instanceof DbError ? e.code : undefined, message: short(e) };
    }
  }
  return { message: 'SELECT 1 failed after ROLLBACK' };
}

let current = -1;

async function runBatch(m: BatchMessage): Promise<void> {
  let shared: { db: Database; s: Session } | null = m.fresh === 'batch' ? await freshDb() : null;
  for (let i = 0; i < m.cases.length; i++) {
    current = i;
    let local: { db: Database; s: Session } | null = null;
    if (shared === null) {
      local = await freshDb();
      for (const p of m.prefix ?? []) await runCase(local.s, p);
    }
    send({ type: 'start', i });
    const outcome = await runCase((shared ?? local)!.s, m.cases[i]!);
    // Let anything the statement scheduled (ticks, immediate timers) throw now, while it is current.
    await new Promise((resolve) => setImmediate(resolve));
    send({ type: 'outcome', i, outcome });
    if (local !== null) await local.db.close().catch(() => undefined);
    if (shared !== null && outcome.kind === 'unresponsive') {
      // The database is wedged: give the rest of the batch a fresh one.
      await shared.db.close().catch(() => undefined);
      shared = await freshDb();
    }
  }
  if (shared !== null) await shared.db.close().catch(() => undefined);
  current = -1;
  send({ type: 'done' });
}

process.on('uncaughtException', (e) => {
  send({ type: 'uncaught', i: current, message: short(e) });
  process.exit(70);
});
process.on('unhandledRejection', (e) => {
  send({ type: 'uncaught', i: current, message: `unhandled rejection: ${short(e)}` });
  process.exit(70);
});
process.on('message', (m: BatchMessage) => {
  if (m.type === 'batch') {
    runBatch(m).catch((e: unknown) => {
      send({ type: 'uncaught', i: current, message: `fuzz child: ${short(e)}` });
      process.exit(71);
    });
  }
});
send({ type: 'ready' });
