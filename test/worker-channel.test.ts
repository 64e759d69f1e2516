/**
 * The worker protocol in one realm: exposeEngine on one end of a MessageChannel, the client's
 * WorkerConnection on the other, a fake engine behind it (DESIGN.md §9, STYLE.md "Worker").
 */
import { expose, wrap } from 'comlink';
import { tableFromIPC } from 'apache-arrow';
import { afterEach, describe, expect, it } from 'vitest';
import { WorkerConnection } from '../src/client/worker-connection.ts';
import { Result } from '../src/client/result.ts';
import { createEngine } from '../src/engine/index.ts';
import { DbError } from '../src/errors/db-error.ts';
import { SqlState } from '../src/errors/sqlstate.ts';
import { registerDbErrorTransfer } from '../src/errors/wire.ts';
import { vectorFromValues } from '../src/types/vector.ts';
import { exposeEngine } from '../src/worker/endpoint.ts';
import { toWireResult } from '../src/worker/ipc.ts';
import type { EngineApi, ExecResult } from '../src/api/engine-api.ts';
import { createFakeEngine } from './helpers/fake-engine.ts';

const ports: MessagePort[] = [];
afterEach(() => {
  for (const p of ports.splice(0)) p.close();
});

async function connect(engine: EngineApi = createFakeEngine()): Promise<WorkerConnection> {
  const { port1, port2 } = new MessageChannel();
  ports.push(port1, port2);
  exposeEngine(engine, port1);
  return WorkerConnection.connect(port2, { engine: { storage: 'memory' } });
}

async function rejection(p: Promise<unknown>): Promise<DbError> {
  try {
    await p;
  } catch (e) {
    return e as DbError;
  }
  throw new Error('expected a rejection');
}

describe('worker channel (MessageChannel, one realm)', () => {
  it('runs statements and decodes the Arrow IPC result to the same rows as in-process', async () => {
    const engine = createFakeEngine();
    const c = await connect(engine);
    const sid = await c.login('root', '');
    await c.execute(sid, 'CREATE TABLE t (a INT, b TEXT, n BIGINT, ok BOOLEAN)');
    const ins = await c.execute(sid, "INSERT INTO t VALUES (2, 'y', 9007199254740993, false), (1, 'x', -5, true), (3, NULL, NULL, NULL)");
    expect(ins.rowCount).toBe(3);
    expect(ins.message).toBe('Inserted 3 row(s)');
    const r = await c.execute(sid, 'SELECT * FROM t ORDER BY a');
    expect(r.columns).toEqual([
      { name: 'a', type: 'integer' }, { name: 'b', type: 'text' }, { name: 'n', type: 'bigint' }, { name: 'ok', type: 'boolean' },
    ]);
    // The fake parses 9007199254740993 as a number; the bigint column keeps what it got.
    const local = Result.fromExec(await engine.execute(sid, 'SELECT * FROM t ORDER BY a'));
    expect(r.rowArrays()).toEqual(local.rowArrays());
    expect(r.rows).toEqual([
      { a: 1, b: 'x', n: -5, ok: true },
      { a: 2, b: 'y', n: 9007199254740992, ok: false },
      { a: 3, b: null, n: null, ok: null },
    ].map((row) => ({ ...row, n: row.n === null ? null : BigInt(row.n) })));
    expect(r.table.numRows).toBe(3);
    expect(r.table.getChild('b')?.toArray()).toEqual(['x', 'y', null]);
  });

  it('transfers the IPC buffer instead of copying it', () => {
    const exec: ExecResult = {
      columns: [{ name: 'x', type: 'integer' }], vectors: [vectorFromValues('integer', [1, 2, 3])],
      length: 3, rowCount: 3, message: 'SELECT 3', command: 'select',
    };
    const [wire, transfer] = toWireResult(exec);
    expect(transfer).toEqual([wire.ipc!.buffer]);
    expect(wire.ipc!.byteOffset).toBe(0);
    expect(wire.ipc!.byteLength).toBe(wire.ipc!.buffer.byteLength);
    expect([...tableFromIPC(wire.ipc!).getChild('x')!]).toEqual([1, 2, 3]);
  });

  it('rejects with a DbError whose code and fields survive the boundary', async () => {
    const c = await connect();
    const sid = await c.login('root', '');
    const e = await rejection(c.execute(sid, 'SELECT * FROM nope'));
    expect(e).toBeInstanceOf(DbError);
    expect(e.code).toBe(SqlState.UNDEFINED_TABLE);
    expect(e.message).toBe('relation "nope" does not exist');
    expect(e.table).toBe('nope');
    const s = await rejection(c.execute(sid, 'FROB'));
    expect(s.code).toBe(SqlState.SYNTAX_ERROR);
    expect(s.position).toBe(1);
    const l = await rejection(c.login('root', 'wrong'));
    expect(l.code).toBe('28P01');
  });

  it('carries every DbError field, thrown and as a plain value, in both directions', async () => {
    registerDbErrorTransfer();
    const { port1, port2 } = new MessageChannel();
    ports.push(port1, port2);
    const full = new DbError(SqlState.UNDEFINED_COLUMN, 'column "z" does not exist', {
      position: 8, line: 1, column: 8, detail: 'd', hint: 'h', table: 't', columnName: 'z',
    });
    expose({
      fail: () => { throw full; },
      echo: (e: DbError) => e,
      isDbError: (e: unknown) => e instanceof DbError && e.code === '42703' && e.hint === 'h',
      plain: () => { throw new TypeError('plain'); },
    }, port1);
    const remote = wrap<{ fail(): void; echo(e: DbError): DbError; isDbError(e: unknown): boolean; plain(): void }>(port2);
    const thrown = await rejection(remote.fail());
    expect(thrown).toBeInstanceOf(DbError);
    expect(thrown.toJSON()).toEqual(full.toJSON());
    const echoed = await remote.echo(full);
    expect(echoed).toBeInstanceOf(DbError);
    expect(echoed.toJSON()).toEqual(full.toJSON());
    expect(await remote.isDbError(full)).toBe(true);
    // Other errors still behave as Comlink always did.
    const other = await rejection(remote.plain()) as unknown as Error;
    expect(other).not.toBeInstanceOf(DbError);
    expect(other.message).toBe('plain');
  });

  it('prepared statements and bulk inserts cross the channel', async () => {
    const c = await connect();
    const sid = await c.login('root', '');
    await c.execute(sid, 'CREATE TABLE t (a INT, b TEXT)');
    const ins = await c.insertRows(sid, 't', [{ a: 1, b: 'x' }, { a: 2, b: 'y' }]);
    expect(ins.rowCount).toBe(2);
    const id = await c.prepare(sid, 'SELECT * FROM t WHERE a = $1');
    expect((await c.executePrepared(sid, id, [2])).rows).toEqual([{ a: 2, b: 'y' }]);
    await c.closePrepared(sid, id);
    expect((await rejection(c.executePrepared(sid, id, [2]))).code).toBe('42704');
  });

  it('a lost worker rejects pending and later calls with 08006', async () => {
    const c = await connect();
    const sid = await c.login('root', '');
    const pending = c.execute(sid, 'SELECT hang()');
    await new Promise((r) => setTimeout(r, 20));
    c.lose();
    const e = await rejection(pending);
    expect(e).toBeInstanceOf(DbError);
    expect(e.code).toBe(SqlState.CONNECTION_FAILURE);
    expect(e.message).toBe('connection to the database worker was lost');
    expect((await rejection(c.execute(sid, 'SELECT 1'))).code).toBe('08006');
    expect(c.lost).toBe(true);
    // A new connection works (openDatabase can be called again).
    const again = await connect();
    expect((await again.execute(await again.login('root', ''), 'SELECT 1 AS x')).rows).toEqual([{ x: 1 }]);
  });

  it('close() ends the connection; pending calls reject with 08006', async () => {
    const engine = createFakeEngine();
    const c = await connect(engine);
    const sid = await c.login('root', '');
    await c.close();
    expect(engine.calls).toContain('close');
    expect((await rejection(c.execute(sid, 'SELECT 1'))).code).toBe('08006');
  });

  it('a parameter that cannot be cloned rejects with 22023, not a hang', async () => {
    const c = await connect();
    const sid = await c.login('root', '');
    const e = await rejection(c.execute(sid, 'SELECT $1 AS x', [() => 1]));
    expect(e.code).toBe(SqlState.INVALID_PARAMETER_VALUE);
    // The channel still works afterwards.
    expect((await c.execute(sid, 'SELECT $1 AS x', [7])).rows).toEqual([{ x: 7 }]);
  });
});

describe('values that need care across the worker boundary (real engine)', () => {
  it('±infinity timestamps and dates reach r.rows as the in-process path returns them', async () => {
    const engine = createEngine({ storage: 'memory' });
    const { port1, port2 } = new MessageChannel();
    ports.push(port1, port2);
    exposeEngine(engine, port1);
    const c = await WorkerConnection.connect(port2, { engine: { storage: 'memory' } });
    const sid = await c.login('root', '');
    await c.execute(sid, 'CREATE TABLE t (id INT PRIMARY KEY, ts TIMESTAMP, d DATE, n NUMERIC)');
    await c.execute(sid, `INSERT INTO t VALUES (1, 'infinity', 'infinity', 'Infinity'), (2, '-infinity', '-infinity', '-Infinity'),
      (3, '2024-02-29 12:00:00.000001', '2024-02-29', '1.50'), (4, NULL, NULL, NULL)`);
    const sql = 'SELECT id, ts, d, n, ts::text AS ts_text, d::text AS d_text FROM t ORDER BY id';
    const r = await c.execute(sid, sql);
    const local = Result.fromExec(await engine.execute(sid, sql));
    expect(r.rows).toEqual(local.rows);
    expect(r.rows.slice(0, 2)).toEqual([
      { id: 1, ts: Infinity, d: 2147483647, n: 'Infinity', ts_text: 'infinity', d_text: 'infinity' },
      { id: 2, ts: -Infinity, d: -2147483648, n: '-Infinity', ts_text: '-infinity', d_text: '-infinity' },
    ]);
    expect(r.rows[2]!.ts).toBeCloseTo(Date.UTC(2024, 1, 29, 12) + 0.001, 6);
    expect(r.rows[3]).toEqual({ id: 4, ts: null, d: null, n: null, ts_text: null, d_text: null });
    // and back in as parameters: an infinite timestamp from a result compares equal to the stored one
    expect((await c.execute(sid, 'SELECT id FROM t WHERE ts = $1', [r.rows[1]!.ts])).rows).toEqual([{ id: 2 }]);
    await c.close();
  });
});
