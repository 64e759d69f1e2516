/**
 * One commit's change shared by many subscriptions crosses the worker boundary once: the live
 * channel merges consecutive subscriptions whose change carries the same row sets into one
 * `changes` event (order kept around initial rows and errors), and the client hands each
 * subscription its own decoded rows (in-process too).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { ColumnInfo, LiveChange, LiveEvent, LiveRows } from '../../src/api/engine-api.ts';
import type { WireLiveBatch, WireLiveEvent } from '../../src/api/live-wire.ts';
import { openDatabase } from '../../src/client/database.ts';
import { WorkerConnection } from '../../src/client/worker-connection.ts';
import { createEngine } from '../../src/engine/index.ts';
import { rowsFromArrays } from '../../src/live/values.ts';
import { exposeEngine } from '../../src/worker/endpoint.ts';
import { LiveChannel } from '../../src/worker/live-channel.ts';
import { DbError } from '../../src/errors/db-error.ts';
import { SqlState } from '../../src/errors/sqlstate.ts';

const COLS: ColumnInfo[] = [{ name: 'id', type: 'integer' }];
const ports: MessagePort[] = [];
afterEach(() => {
  for (const p of ports.splice(0)) p.close();
});

function rows(ids: number[]): LiveRows {
  return rowsFromArrays(['integer'], ids.map((i) => [i]), ids);
}

function insert(id: string, r: LiveRows): LiveEvent {
  return { kind: 'change', subscription: id, deletes: null, updates: null, updatesOld: null, inserts: r };
}

/** What each wire event says, briefly. */
function brief(ev: WireLiveEvent): string {
  switch (ev.kind) {
    case 'initial': return `initial ${ev.subscription}`;
    case 'error': return `error ${ev.subscription}`;
    case 'change': return `change ${ev.subscription} ${JSON.stringify(ev.inserts?.values)}`;
    case 'changes': return `changes ${ev.subscriptions.join(',')} ${JSON.stringify(ev.inserts?.values)}`;
  }
}

describe('LiveChannel: one event for subscriptions with the same change', () => {
  it('merges consecutive subscriptions with the same row sets, in order around initial rows and errors', async () => {
    const ch = new LiveChannel();
    const sent: WireLiveBatch[] = [];
    ch.setListener((b) => { sent.push(b); });
    for (const id of ['a', 'b', 'c', 'd', 'e']) ch.push({ kind: 'initial', subscription: id, columns: COLS, rows: rows([]) });
    await new Promise((r) => setTimeout(r, 0));
    const shared = rows([1]);
    ch.push(insert('a', shared));
    ch.push(insert('b', shared));
    ch.push(insert('c', rows([1])));                                    // equal rows, another row set
    ch.push(insert('d', shared));
    ch.push(insert('e', shared));
    ch.push({ kind: 'initial', subscription: 'f', columns: COLS, rows: rows([]) });
    ch.push(insert('f', shared));                                       // after its own initial rows
    ch.push(insert('g', shared));
    await new Promise((r) => setTimeout(r, 0));
    expect(sent).toHaveLength(2);
    const events = sent[1]!.events;
    expect(events.map(brief)).toEqual([
      'changes a,b [1]', 'change c [1]', 'changes d,e [1]', 'initial f', 'change f [1]', 'change g [1]',
    ]);
    const ins = events.map((e) => (e.kind === 'change' || e.kind === 'changes' ? e.inserts : null));
    expect(ins[0]).toBe(ins[2]);                                        // encoded once
    expect(ins[0]).not.toBe(ins[1]);
    // an error ends a run too
    ch.push(insert('a', shared));
    ch.push(insert('b', shared));
    ch.push({ kind: 'error', subscription: 'b', error: new DbError(SqlState.QUERY_CANCELED, 'killed') });
    ch.push(insert('d', shared));
    ch.push(insert('e', shared));
    await new Promise((r) => setTimeout(r, 0));
    expect(sent[2]!.events.map(brief)).toEqual(['change a [1]', 'change b [1]', 'error b', 'changes d,e [1]']);
  });
});

describe('a shared change through a worker channel', () => {
  it('reaches every subscription of a shape in one event, each with its own row objects', async () => {
    const { port1, port2 } = new MessageChannel();
    ports.push(port1, port2);
    exposeEngine(createEngine(), port1);
    const c = await WorkerConnection.connect(port2, { engine: { storage: 'memory' } });
    const sid = await c.login('root', '');
    await c.execute(sid, 'CREATE TABLE t (id INT PRIMARY KEY, room INT, body TEXT)');
    const got: LiveChange[][] = [];
    for (let k = 0; k < 4; k++) {
      const mine: LiveChange[] = [];
      got.push(mine);
      await c.subscribe(sid, 'SELECT id, body FROM t WHERE room = $1 AND id > $2', [0, k === 3 ? 10 : -k], { onChange: (x) => { mine.push(x); } });
    }
    const batches: WireLiveBatch[] = [];
    const orig = c.live.fromWire.bind(c.live);
    c.live.fromWire = (b) => { batches.push(b); orig(b); };
    await c.execute(sid, "INSERT INTO t VALUES (1, 0, 'x')");
    expect(batches).toHaveLength(1);
    expect(batches[0]!.events.map((e) => e.kind)).toEqual(['changes']);
    expect(got.map((g) => g.map((x) => x.rows))).toEqual([[[{ id: 1, body: 'x' }]], [[{ id: 1, body: 'x' }]], [[{ id: 1, body: 'x' }]], []]);
    expect(got[0]![0]!.rows[0]).not.toBe(got[1]![0]!.rows[0]);
    await c.close();
  });
});

describe('a shared change in-process', () => {
  it('reaches every subscription of a shape, each with its own row objects, in subscription order', async () => {
    const db = await openDatabase({ worker: false, storage: 'memory' });
    const s = await db.login('root', '');
    await s.query('CREATE TABLE t (id INT PRIMARY KEY, room INT, body TEXT)');
    const order: number[] = [];
    const got: LiveChange[][] = [];
    for (let k = 0; k < 4; k++) {
      const mine: LiveChange[] = [];
      got.push(mine);
      await s.subscribe('SELECT id, body FROM t WHERE room = $1 AND id > $2', [0, k === 2 ? 10 : -k], { onChange: (x) => { mine.push(x); order.push(k); } });
    }
    await s.query("INSERT INTO t VALUES (1, 0, 'x')");
    expect(got.map((g) => g.map((x) => x.rows))).toEqual([[[{ id: 1, body: 'x' }]], [[{ id: 1, body: 'x' }]], [], [[{ id: 1, body: 'x' }]]]);
    expect(order).toEqual([0, 1, 3]);
    expect(got[0]![0]!.rows[0]).not.toBe(got[1]![0]!.rows[0]);
    expect(got[1]![0]!.rows).not.toBe(got[3]![0]!.rows);
    await db.close();
  });
});
