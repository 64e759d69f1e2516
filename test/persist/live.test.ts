/**
 * Live queries on a persisted database: a subscriber hears of a commit only once its IndexedDB
 * write completed (never of one whose write failed and was rolled back), and a subscription
 * opened after a reopen starts from the stored rows.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FaultInjector } from '../helpers/faulty-idb.ts';
import { freshProfile, openOn } from '../helpers/persist.ts';
import { Recorder } from '../live/helpers.ts';

const faults = new FaultInjector();
let uninstall: () => void = () => undefined;
beforeAll(() => { uninstall = faults.install(); });
afterAll(() => { uninstall(); });

describe('live queries over persisted tables', () => {
  it('deliver durable commits only, and start from stored rows after a reopen', async () => {
    const prof = freshProfile();
    let e = await openOn(prof);
    const root = await e.login('root', '');
    await e.execute(root, 'CREATE USER TABLE notes (id INT PRIMARY KEY, body TEXT)');
    let al = await e.openSession('al', { create: true });
    await e.execute(al, "INSERT INTO notes VALUES (1, 'one')");
    const rec = new Recorder();
    await e.subscribe(al, 'SELECT id, body FROM notes', [], rec);
    expect(rec.initial).toEqual([[1, 'one']]);
    faults.arm('quota');
    await expect(e.execute(al, "INSERT INTO notes VALUES (2, 'lost')")).rejects.toMatchObject({ code: '53100' });
    expect(rec.changes).toEqual([]);
    const writesBefore = e.state.persistence!.writes;
    let writesAtDelivery = -1;
    const deliver = rec.deliver.bind(rec);
    rec.deliver = (ev) => { writesAtDelivery = e.state.persistence!.writes; deliver(ev); };
    await e.execute(al, "INSERT INTO notes VALUES (3, 'three')");
    expect(writesAtDelivery).toBe(writesBefore + 1);   // delivered after the write completed
    expect(rec.replica.sort()).toEqual([[1, 'one'], [3, 'three']]);
    await e.close();
    prof.locks.crash();
    e = await openOn(prof);
    al = await e.openSession('al');
    const again = new Recorder();
    await e.subscribe(al, 'SELECT id, body FROM notes', [], again);
    expect(again.initial!.sort()).toEqual([[1, 'one'], [3, 'three']]);
    await e.close();
  });
});
