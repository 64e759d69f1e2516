/**
 * Randomized: many transactions (autocommit statements, explicit transactions, bulk inserts,
 * concurrent groups, flushes, per-user rows; BIGINT and NUMERIC values) with faults injected
 * at random points (quota, aborted transaction, closed connection) and "crashes" (in-flight
 * IndexedDB transactions aborted, the connection dropped, the tab's locks released, sometimes
 * with a statement still unanswered). After every reopen the database must equal the
 * acknowledged history, replayed on a memory-only reference engine; a statement whose answer
 * was lost in a crash counts as applied entirely or not at all.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unwrap, type IDBPDatabase } from 'idb';
import { forceCloseDatabase } from 'fake-indexeddb';
import { createEngine, type Engine } from '../../src/engine/index.ts';
import type { DbError } from '../../src/errors/db-error.ts';
import { FaultInjector, type Fault } from '../helpers/faulty-idb.ts';
import { freshProfile, openOn, rows } from '../helpers/persist.ts';
import { mulberry32 } from '../helpers/mulberry32.ts';

const faults = new FaultInjector();
let uninstall: () => void = () => undefined;
beforeAll(() => { uninstall = faults.install(); });
afterAll(() => { uninstall(); });

const prng = mulberry32;

const STORAGE_CODES = new Set(['53100', '58030', '08006']);
const USERS = ['ann', 'ben', 'cy'];

/** One statement or script, run as `who` (root or a user). */
interface Op { readonly who: string; readonly sql: string; readonly txn: boolean }

function randomOp(rnd: () => number, step: number): Op {
  const k = Math.floor(rnd() * 40);
  const x = rnd();
  if (x < 0.25) return { who: 'root', sql: `INSERT INTO kv VALUES (${k}, 'v${step}', ${step}000000000000, ${step}.${'0'.repeat(k % 4)}5)`, txn: false };
  if (x < 0.4) return { who: 'root', sql: `UPDATE kv SET v = 'u${step}', n = n + 1, d = d + 0.25 WHERE k = ${k}`, txn: false };
  if (x < 0.5) return { who: 'root', sql: `DELETE FROM kv WHERE k = ${k}`, txn: false };
  if (x < 0.58) return { who: 'root', sql: `INSERT INTO kv SELECT g, 'bulk${step}', g, g * 0.125 FROM generate_series(${40 + k * 10}, ${45 + k * 10}) AS g`, txn: false };
  if (x < 0.75) {
    const parts = [`INSERT INTO kv VALUES (${100 + step}, 't${step}', -1, NULL)`, `UPDATE kv SET n = n * 2, d = d * 2 WHERE k < ${k}`, `DELETE FROM kv WHERE k = ${(k + 7) % 40}`];
    return { who: 'root', sql: `BEGIN; ${parts.join('; ')}; COMMIT`, txn: true };
  }
  const u = USERS[Math.floor(rnd() * USERS.length)]!;
  if (x < 0.9) return { who: u, sql: `INSERT INTO notes VALUES (${k}, '${u} ${step}')`, txn: false };
  return { who: u, sql: `DELETE FROM notes WHERE id < ${k}`, txn: false };
}

/** Runs `op`; returns the DbError code, or 'ok'. */
async function run(e: Engine, sessions: Map<string, string>, op: Op): Promise<string> {
  const sid = sessions.get(op.who)!;
  try {
    await e.execute(sid, op.sql);
    return 'ok';
  } catch (err) {
    if (op.txn) await e.execute(sid, 'ROLLBACK').catch(() => undefined);
    return (err as DbError).code;
  }
}

async function snapshot(e: Engine, sessions: Map<string, string>): Promise<unknown> {
  const out: Record<string, unknown> = { kv: await rows(e, sessions.get('root')!, 'SELECT k, v, n, d FROM kv ORDER BY k') };
  for (const u of USERS) out[u] = await rows(e, sessions.get(u)!, 'SELECT id, body FROM notes ORDER BY id');
  return out;
}

async function sessionsOf(e: Engine): Promise<Map<string, string>> {
  const m = new Map<string, string>([['root', await e.login('root', '')]]);
  for (const u of USERS) m.set(u, await e.openSession(u, { create: true }));
  return m;
}

const SCHEMA = 'CREATE TABLE kv (k INT PRIMARY KEY, v TEXT, n BIGINT, d NUMERIC); CREATE USER TABLE notes (id INT PRIMARY KEY, body TEXT)';

/** Kills the engine like a closed tab: in-flight transactions never complete, the connection and the locks go. */
function crash(e: Engine, prof: ReturnType<typeof freshProfile>): void {
  const p = e.state.persistence as unknown as { idb: object | null };
  const raw = p.idb === null ? null : (unwrap(p.idb as IDBPDatabase) as unknown as {
    _rawDatabase: { transactions: { _state: string; _abort(n: string): void }[] };
  });
  if (raw !== null) {
    for (const t of raw._rawDatabase.transactions) {
      if (t._state === 'active' || t._state === 'inactive') { t._state = 'active'; t._abort('AbortError'); }
    }
    forceCloseDatabase(raw as unknown as Parameters<typeof forceCloseDatabase>[0]);
  }
  prof.locks.crash();
}

async function scenario(seed: number, steps: number): Promise<{ crashes: number; failures: number; acked: number }> {
  const rnd = prng(seed);
  const prof = freshProfile();
  const ref = createEngine();
  const refSessions = await sessionsOf(ref);
  await ref.execute(refSessions.get('root')!, SCHEMA);
  let e = await openOn(prof, 'rnd');
  let sessions = await sessionsOf(e);
  await e.execute(sessions.get('root')!, SCHEMA);
  let crashes = 0;
  let failures = 0;
  let acked = 0;

  const reopenAndCheck = async (unknown: Op | null): Promise<void> => {
    e = await openOn(prof, 'rnd');
    sessions = await sessionsOf(e);
    const got = await snapshot(e, sessions);
    const want = await snapshot(ref, refSessions);
    if (unknown !== null && JSON.stringify(got, big) !== JSON.stringify(want, big)) {
      // the unanswered statement was applied: all of it
      expect(await run(ref, refSessions, unknown)).toBe('ok');
    }
    expect(got).toEqual(await snapshot(ref, refSessions));
  };

  for (let step = 0; step < steps; step++) {
    const r = rnd();
    if (r < 0.12) {
      const kinds: Fault[] = ['quota', 'abort', 'closed'];
      faults.arm(kinds[Math.floor(rnd() * 3)]!, rnd() < 0.8 ? 'commit' : 'flush', Math.floor(rnd() * 2));
    }
    if (r > 0.93) {
      // crash, maybe with a statement in flight
      crashes++;
      const op = rnd() < 0.6 ? randomOp(rnd, step) : null;
      let answered: string | null = null;
      if (op !== null) {
        void run(e, sessions, op).then((c) => { answered = c; });
        const ticks = Math.floor(rnd() * 4);
        for (let i = 0; i < ticks; i++) await new Promise((res) => setImmediate(res));
      }
      const settledBeforeCrash = answered;
      crash(e, prof);
      faults.clear();
      if (op !== null && settledBeforeCrash === 'ok') { acked++; expect(await run(ref, refSessions, op)).toBe('ok'); }
      else if (op !== null && settledBeforeCrash !== null && !STORAGE_CODES.has(settledBeforeCrash)) await run(ref, refSessions, op);
      await reopenAndCheck(op !== null && settledBeforeCrash === null ? op : null);
      continue;
    }
    if (r > 0.88) {
      // a flush, often with a user's commit racing it (its log record must survive the trim)
      const flushing = e.execute(sessions.get('root')!, 'STORAGE FLUSH ALL').then(() => 'ok', (x: DbError) => x.code);
      const racing = rnd() < 0.6 ? { who: USERS[step % USERS.length]!, sql: `INSERT INTO notes VALUES (${1000 + step}, 'racing ${step}')`, txn: false } : null;
      let racingCode: string | null = null;
      if (racing !== null) {
        await new Promise((res) => setImmediate(res));
        racingCode = await run(e, sessions, racing);
      }
      const c = await flushing;
      if (c !== 'ok') failures++;
      if (racing !== null && racingCode !== null) {
        if (STORAGE_CODES.has(racingCode)) failures++;
        else { expect(await run(ref, refSessions, racing)).toBe(racingCode); if (racingCode === 'ok') acked++; }
        if (racingCode === '08006') { crashes++; crash(e, prof); faults.clear(); await reopenAndCheck(null); }
      }
      if (c === '08006') { crashes++; crash(e, prof); faults.clear(); await reopenAndCheck(null); }
      continue;
    }
    // one op, or a concurrent group of them (group commit)
    const n = rnd() < 0.25 ? 2 + Math.floor(rnd() * 3) : 1;
    const ops: Op[] = [];
    for (let i = 0; i < n; i++) ops.push(randomOp(rnd, step * 10 + i));
    const batch = n === 1 ? ops : ops.filter((o, i) => ops.findIndex((x) => x.who === o.who) === i);   // one op per session at once
    const codes = await Promise.all(batch.map((o) => run(e, sessions, o)));
    let connectionGone = false;
    for (let i = 0; i < batch.length; i++) {
      const c = codes[i]!;
      if (STORAGE_CODES.has(c)) { failures++; if (c === '08006') connectionGone = true; continue; }
      const refCode = await run(ref, refSessions, batch[i]!);
      expect(refCode).toBe(c);
      if (c === 'ok') acked++;
    }
    if (connectionGone) {
      // a closed connection: this engine can no longer write; reopen (as a new page would)
      crashes++;
      crash(e, prof);
      faults.clear();
      await reopenAndCheck(null);
    }
  }
  crash(e, prof);
  faults.clear();
  await reopenAndCheck(null);
  await e.close();
  return { crashes, failures, acked };
}

function big(_k: string, v: unknown): unknown {
  return typeof v === 'bigint' ? `${v}n` : v;
}

describe('randomized faults and crashes', () => {
  for (const seed of [1, 7, 42, 2024]) {
    it(`seed ${seed}: the reopened state equals the acknowledged history`, async () => {
      const s = await scenario(seed, 120);
      expect(s.acked).toBeGreaterThan(40);
      expect(s.crashes).toBeGreaterThan(0);
      expect(s.failures).toBeGreaterThan(0);
    }, 60_000);
  }
});
