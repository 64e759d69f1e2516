/**
 * A slow main thread must not make the worker buffer without bound: while a batch is
 * unacknowledged, each subscription's further changes fold into one net change
 * (`live/coalesce.ts`, `worker/live-channel.ts`).
 */
import { describe, expect, it } from 'vitest';
import type { ColumnInfo, LiveEvent, LiveKey } from '../../src/api/engine-api.ts';
import type { WireLiveBatch, WireLiveRows } from '../../src/api/live-wire.ts';
import { ChangeCoalescer } from '../../src/live/coalesce.ts';
import type { LiveDelta } from '../../src/live/incremental.ts';
import { rowArrays, rowsFromArrays } from '../../src/live/values.ts';
import type { JsValue } from '../../src/types/vector.ts';
import { LiveChannel } from '../../src/worker/live-channel.ts';
import { createEngine } from '../../src/engine/index.ts';

const TYPES = ['integer', 'text'] as const;
const COLS: ColumnInfo[] = [{ name: 'id', type: 'integer' }, { name: 'v', type: 'text' }];

function rows(list: JsValue[][], keyed = true) {
  return rowsFromArrays(TYPES, list, keyed ? list.map((r) => r[0] as LiveKey) : null);
}

function delta(d: { del?: JsValue[][]; upd?: [JsValue[], JsValue[]][]; ins?: JsValue[][] }, keyed = true): LiveDelta {
  return {
    deletes: d.del === undefined ? null : rows(d.del, keyed),
    updates: d.upd === undefined ? null : rows(d.upd.map((p) => p[1]), keyed),
    updatesOld: d.upd === undefined ? null : rows(d.upd.map((p) => p[0]), keyed),
    inserts: d.ins === undefined ? null : rows(d.ins, keyed),
  };
}

function view(d: LiveDelta | null) {
  if (d === null) return null;
  const f = (r: LiveDelta['deletes']) => (r === null ? [] : rowArrays(r));
  return { del: f(d.deletes), upd: f(d.updates), old: f(d.updatesOld), ins: f(d.inserts) };
}

describe('ChangeCoalescer', () => {
  it('cancels an insert then delete, folds updates, and keeps the first old image', () => {
    const c = new ChangeCoalescer(TYPES);
    c.add(delta({ ins: [[1, 'a']], upd: [[[2, 'b'], [2, 'b1']]] }));
    c.add(delta({ del: [[1, 'a']], upd: [[[2, 'b1'], [2, 'b2']]] }));
    c.add(delta({ upd: [[[3, 'c'], [3, 'c1']]], ins: [[4, 'd']] }));
    c.add(delta({ del: [[3, 'c1']], upd: [[[4, 'd'], [4, 'd1']]] }));
    expect(view(c.result())).toEqual({ del: [[3, 'c']], upd: [[2, 'b2']], old: [[2, 'b']], ins: [[4, 'd1']] });
  });

  it('returns null when everything cancels, and drops an update back to the original value', () => {
    const c = new ChangeCoalescer(TYPES);
    c.add(delta({ upd: [[[1, 'a'], [1, 'x']]] }));
    c.add(delta({ upd: [[[1, 'x'], [1, 'a']]], ins: [[2, 'z']] }));
    c.add(delta({ del: [[2, 'z']] }));
    expect(c.result()).toBeNull();
  });

  it('turns a delete then re-insert of a key into an update', () => {
    const c = new ChangeCoalescer(TYPES);
    c.add(delta({ del: [[1, 'a']] }));
    c.add(delta({ ins: [[1, 'b']] }));
    expect(view(c.result())).toEqual({ del: [], upd: [[1, 'b']], old: [[1, 'a']], ins: [] });
  });

  it('folds rows without keys as a multiset (and switches to it when a change has none)', () => {
    const c = new ChangeCoalescer(TYPES);
    c.add(delta({ ins: [[1, 'a'], [2, 'b']] }));
    c.add(delta({ del: [[1, 'a'], [5, 'e']] }, false));
    c.add(delta({ ins: [[7, 'g'], [7, 'g']] }, false));
    expect(view(c.result())).toEqual({ del: [[5, 'e']], upd: [], old: [], ins: [[2, 'b'], [7, 'g'], [7, 'g']] });
  });
});

describe('LiveChannel', () => {
  function change(id: string, d: LiveDelta): LiveEvent {
    return { kind: 'change', subscription: id, ...d };
  }

  function wireRows(r: WireLiveRows | null): unknown {
    return r === null ? null : r.values;
  }

  it('keeps one batch in flight and folds later commits into one change per subscription', async () => {
    const ch = new LiveChannel();
    const sent: WireLiveBatch[] = [];
    let ack: () => void = () => {};
    ch.setListener((b) => { sent.push(b); return new Promise<void>((r) => { ack = r; }); });
    ch.push({ kind: 'initial', subscription: 's1', columns: COLS, rows: rows([[1, 'a']]) });
    expect(ch.owed()).toBe(1);
    await Promise.resolve();
    expect(sent.map((b) => b.batch)).toEqual([1]);
    expect(ch.owed()).toBe(1);                                   // in flight, not acknowledged
    // the client is busy: 1,000 commits arrive
    for (let i = 0; i < 1000; i++) ch.push(change('s1', delta({ upd: [[[1, `v${i}`], [1, `v${i + 1}`]]], ins: [[100 + i, 'x']] })));
    ch.push(change('s1', delta({ del: Array.from({ length: 999 }, (_, i) => [100 + i, 'x']) })));
    await Promise.resolve();
    expect(sent).toHaveLength(1);
    expect(ch.owed()).toBe(2);
    ack();
    await new Promise((r) => setTimeout(r, 0));
    expect(sent).toHaveLength(2);
    const ev = sent[1]!.events;
    expect(ev).toHaveLength(1);
    expect(ev[0]!.kind).toBe('change');
    const c = ev[0] as Extract<typeof ev[0], { kind: 'change' }>;
    expect(wireRows(c.updates)).toEqual([1, 'v1000']);
    expect(wireRows(c.updatesOld)).toEqual([1, 'v0']);
    expect(wireRows(c.inserts)).toEqual([1099, 'x']);
    expect(c.deletes).toBeNull();
    expect(ch.stats).toEqual({ batches: 2, coalesced: 1 });
    ack();
    await Promise.resolve();
    expect(ch.owed()).toBeUndefined();
  });

  it('bounds what a slow client makes the worker hold to the subscription\'s result', async () => {
    const ch = new LiveChannel();
    const engine = createEngine();
    const sid = await engine.login('root', '');
    await engine.execute(sid, 'CREATE TABLE t (id INT PRIMARY KEY, v TEXT)');
    await engine.execute(sid, "INSERT INTO t SELECT g, 'v' FROM generate_series(1, 50) AS g");
    const sent: WireLiveBatch[] = [];
    ch.setListener((b) => { sent.push(b); return new Promise<void>(() => { /* never acknowledged */ }); });
    await engine.subscribe(sid, 'SELECT id, v FROM t', [], ch.sink);
    await Promise.resolve();
    for (let i = 0; i < 2000; i++) await engine.execute(sid, 'UPDATE t SET v = $1 WHERE id = $2', [`v${i}`, 1 + (i % 50)]);
    expect(sent).toHaveLength(1);
    const pending = (ch as unknown as { pending: Map<string, { coalescer: { keyed: Map<unknown, unknown> } }> }).pending;
    expect(pending.size).toBe(1);
    expect([...pending.values()][0]!.coalescer.keyed.size).toBe(50);
  });
});
