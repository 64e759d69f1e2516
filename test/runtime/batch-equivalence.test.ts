/**
 * A generator-driven check of the batched path: for random tables and random parameter rows
 * (every column type, NULLs, mixed JS types in one column, values that do not fit, duplicate
 * keys), `stmt.run(rows)` — in-process, and over the Worker protocol where rows cross packed by
 * column — must end exactly as the same rows inserted one `stmt.query` at a time inside a
 * transaction that stops at the first failure: same rows stored, or the same error code at the
 * same row index with nothing stored.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { InProcessConnection } from '../../src/client/connection.ts';
import { Database } from '../../src/client/database.ts';
import type { Session } from '../../src/client/session.ts';
import { WorkerConnection } from '../../src/client/worker-connection.ts';
import { createEngine } from '../../src/engine/index.ts';
import { DbError } from '../../src/errors/db-error.ts';
import { exposeEngine } from '../../src/worker/endpoint.ts';
import { mulberry32 } from '../helpers/mulberry32.ts';

const open: Database[] = [];
afterEach(async () => {
  for (const db of open.splice(0)) await db.close();
});

async function inProcess(): Promise<Session> {
  const db = new Database('t', new InProcessConnection(createEngine()), null);
  open.push(db);
  return db.login('root', '');
}

async function overChannel(): Promise<Session> {
  const { port1, port2 } = new MessageChannel();
  exposeEngine(createEngine(), port1);
  const db = new Database('t', await WorkerConnection.connect(port2, { engine: { storage: 'memory' } }), null);
  open.push(db);
  return db.login('root', '');
}

type ColType = 'INTEGER' | 'BIGINT' | 'DOUBLE' | 'TEXT' | 'BOOLEAN' | 'NUMERIC(12,2)' | 'VARCHAR(4)' | 'TEXT ';
// 'TEXT ' (a TEXT column of a few strings and NULLs, which crosses the Worker as a dictionary)
const TYPES: readonly ColType[] = ['INTEGER', 'BIGINT', 'DOUBLE', 'TEXT', 'BOOLEAN', 'NUMERIC(12,2)', 'VARCHAR(4)', 'TEXT ', 'TEXT '];

/** A value for a column of type `t`: mostly well typed, sometimes NULL, sometimes another JS type, rarely one that fails. */
function valueFor(t: ColType, r: () => number, bad: boolean): unknown {
  const x = r();
  if (x < 0.08) return null;
  if (bad) {
    switch (t) {
      case 'INTEGER': return 2 ** 40;            // out of range: 22003
      case 'BIGINT': return 'not a number';      // 22P02
      case 'DOUBLE': return 'x1';                // 22P02
      case 'BOOLEAN': return 'maybe';            // 22P02
      case 'NUMERIC(12,2)': return 1e12;         // overflow: 22003
      case 'VARCHAR(4)': return 'too long!';     // 22001
      default: return { not: 'text' };           // 22P02 or 22023
    }
  }
  const small = Math.floor(r() * 2000) - 1000;
  switch (t) {
    case 'INTEGER': return x < 0.2 ? String(small) : small;
    case 'BIGINT': return x < 0.3 ? BigInt(small) * 1_000_000_007n : x < 0.5 ? String(small) : small;
    case 'DOUBLE': return x < 0.15 ? String(small / 8) : small / 8;
    case 'TEXT': return x < 0.5 ? `k${small % 5}` : x < 0.6 ? '' : x < 0.7 ? small : `v${small}-\u00e9\u{1f600}`;
    case 'BOOLEAN': return x < 0.5 ? small > 0 : x < 0.7 ? 'true' : 'f';
    case 'NUMERIC(12,2)': return x < 0.5 ? small / 4 : `${small}.125`;
    case 'VARCHAR(4)': return x < 0.5 ? `ab${small % 10}` : 'abcd   ';
    case 'TEXT ': return `kind-${Math.abs(small) % 6}`;
  }
}

interface Trial { readonly ddl: string; readonly insert: string; readonly rows: unknown[][] }

function trial(seed: number): Trial {
  const r = mulberry32(seed);
  const ncols = 1 + Math.floor(r() * 5);
  const types = Array.from({ length: ncols }, () => TYPES[Math.floor(r() * TYPES.length)]!);
  const ddl = `CREATE TABLE t (id INTEGER PRIMARY KEY, ${types.map((t, i) => `c${i} ${t}`).join(', ')})`;
  const insert = `INSERT INTO t VALUES ($1, ${types.map((_, i) => `$${i + 2}`).join(', ')})`;
  // enough rows to be packed by column (64+) on most trials
  const n = r() < 0.2 ? 1 + Math.floor(r() * 60) : 64 + Math.floor(r() * 400);
  const failAt = r() < 0.35 ? Math.floor(r() * n) : -1;
  const dupAt = failAt < 0 && r() < 0.2 ? Math.floor(r() * n) : -1;
  const rows = Array.from({ length: n }, (_, i) => {
    const id = i === dupAt && i > 0 ? 1 : i + 1;
    return [id, ...types.map((t) => valueFor(t, r, i === failAt))];
  });
  return { ddl, insert, rows };
}

type Outcome = { readonly rows: unknown[][] } | { readonly code: string; readonly index: number | undefined };

async function viaBatch(s: Session, t: Trial): Promise<Outcome> {
  await s.query(t.ddl);
  const st = await s.prepare(t.insert);
  try {
    await st.run(t.rows);
  } catch (e) {
    expect(e).toBeInstanceOf(DbError);
    const err = e as DbError;
    const n = (await s.query('SELECT count(*) AS n FROM t')).rows[0]!['n'];
    expect(n).toBe(0n);   // the whole call was rolled back
    return { code: err.code, index: err.batchIndex };
  }
  return { rows: (await s.query('SELECT * FROM t ORDER BY id')).rowArrays() };
}

async function oneByOne(s: Session, t: Trial): Promise<Outcome> {
  await s.query(t.ddl);
  const st = await s.prepare(t.insert);
  await s.query('BEGIN');
  for (let i = 0; i < t.rows.length; i++) {
    try {
      await st.query(t.rows[i]);
    } catch (e) {
      await s.query('ROLLBACK');
      return { code: (e as DbError).code, index: i };
    }
  }
  await s.query('COMMIT');
  return { rows: (await s.query('SELECT * FROM t ORDER BY id')).rowArrays() };
}

describe('stmt.run(rows) ends as the same rows inserted one by one', () => {
  for (const [label, connect] of [['in-process', inProcess], ['over the worker protocol', overChannel]] as const) {
    it(`random tables and rows (${label})`, async () => {
      let failures = 0;
      for (let seed = 1; seed <= 60; seed++) {
        const t = trial(seed * 7919 + (label === 'in-process' ? 0 : 1));
        const expected = await oneByOne(await inProcess(), t);
        const got = await viaBatch(await connect(), t);
        expect(got, `seed ${seed}: ${t.ddl}`).toEqual(expected);
        if ('code' in got) failures++;
      }
      // the generator does produce failing batches, and not only failing ones
      expect(failures).toBeGreaterThan(5);
      expect(failures).toBeLessThan(50);
    }, 60_000);
  }
});
