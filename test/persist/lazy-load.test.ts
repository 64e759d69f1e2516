/**
 * A device holding 100 users' data: opening reads the catalog and the shared tables only, and
 * logging in as one user and querying reads that user's partitions and nothing of anyone
 * else's (IndexedDB reads counted at the fake-indexeddb level). Other users' partitions load
 * when they act, when EXECUTE AS targets them, and before an ALTER that must see every row.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine/index.ts';
import { countReads, type ReadEvent } from '../helpers/read-counter.ts';
import { freshProfile, openOn, rows } from '../helpers/persist.ts';

const USERS = 100;
const user = (i: number): string => `u${String(i).padStart(3, '0')}`;

async function build(): Promise<ReturnType<typeof freshProfile>> {
  const prof = freshProfile();
  const e = await openOn(prof);
  const root = await e.login('root', '');
  await e.execute(root, 'CREATE NAMESPACE app');
  await e.execute(root, 'CREATE USER TABLE app.notes (id INT PRIMARY KEY, body TEXT)');
  await e.execute(root, 'CREATE USER TABLE app.prefs (k TEXT PRIMARY KEY, v TEXT)');
  await e.execute(root, "CREATE SHARED TABLE app.rooms (name TEXT PRIMARY KEY) WITH (ACCESS_LEVEL = 'public')");
  await e.execute(root, "INSERT INTO app.rooms VALUES ('general'), ('random')");
  for (let i = 0; i < USERS; i++) {
    const s = await e.openSession(user(i), { create: true });
    await e.execute(s, 'INSERT INTO app.notes VALUES ($1, $2), ($3, $4)', [1, `${user(i)} first`, 2, `${user(i)} second`]);
    await e.execute(s, "INSERT INTO app.prefs VALUES ('theme', $1)", [i % 2 === 0 ? 'dark' : 'light']);
    await e.closeSession(s);
  }
  await e.execute(root, 'STORAGE FLUSH ALL');   // half of the rows in segments…
  for (let i = 0; i < USERS; i += 2) {
    const s = await e.openSession(user(i));
    await e.execute(s, 'INSERT INTO app.notes VALUES (3, $1)', [`${user(i)} after flush`]);   // …and some in the log
    await e.closeSession(s);
  }
  await e.close();
  prof.locks.crash();
  return prof;
}

function summary(events: readonly ReadEvent[]): string[] {
  return events.map((x) => `${x.store}.${x.method}${x.owners.size > 0 ? ` ${JSON.stringify([...x.owners].sort())}` : ''}`);
}

function ownersRead(events: readonly ReadEvent[]): Set<string> {
  const all = new Set<string>();
  for (const x of events) for (const o of x.owners) all.add(o);
  return all;
}

let uninstall: () => void = () => undefined;
afterEach(() => { uninstall(); uninstall = () => undefined; });

describe('lazy per-user loading', () => {
  it('open + login as one user + query reads the catalog, shared data and that user only', async () => {
    const prof = await build();
    const counter = countReads();
    uninstall = counter.uninstall;
    const e: Engine = await openOn(prof);
    expect(summary(counter.events)).toEqual([
      'meta.get', 'meta.get',                  // format and state
      'catalog.getAll',                        // namespaces, tables, users (with their hashes)
      'segments.getAll [""]', 'log.getAll',    // shared partitions: their segments, and no log records after them
    ]);
    expect([...ownersRead(counter.events)]).toEqual(['']);
    const opened = counter.events.length;

    const s = await e.openSession(user(42));
    expect(await rows(e, s, 'SELECT id, body FROM app.notes ORDER BY id')).toEqual([[1, 'u042 first'], [2, 'u042 second'], [3, 'u042 after flush']]);
    expect(await rows(e, s, 'SELECT v FROM app.prefs')).toEqual([['dark']]);
    expect(await rows(e, s, 'SELECT name FROM app.rooms ORDER BY name')).toEqual([['general'], ['random']]);
    const afterLogin = counter.events.slice(opened);
    expect(summary(afterLogin)).toEqual(['segments.getAll ["u042"]', 'log.getAll ["u042"]']);
    expect([...ownersRead(counter.events)].sort()).toEqual(['', 'u042']);
    // one segment per user table, one log record (the insert after the flush)
    expect(afterLogin.map((x) => x.records)).toEqual([2, 1]);
    expect(e.state.persistence!.loadStats.owners).toEqual(['', 'u042']);
    await e.close();
  });

  it('other users load when they act or are targeted; ALTER loads every partition of its table first', async () => {
    const prof = await build();
    const counter = countReads();
    uninstall = counter.uninstall;
    const e = await openOn(prof);
    const root = await e.login('root', '');
    const a = await e.openSession(user(7));
    expect(await rows(e, a, 'SELECT count(*) FROM app.notes')).toEqual([[2n]]);
    expect([...ownersRead(counter.events)].sort()).toEqual(['', 'u007']);
    expect(e.state.persistence!.loadStats.owners).toEqual(['', 'root', 'u007']);   // root has nothing stored
    expect(await rows(e, root, `EXECUTE AS USER '${user(9)}' (SELECT body FROM app.notes WHERE id = 1)`)).toEqual([['u009 first']]);
    expect([...ownersRead(counter.events)].sort()).toEqual(['', 'u007', 'u009']);
    // an ALTER must see (and convert) every user's rows: the whole table is read, once
    await e.execute(root, "ALTER TABLE app.notes ADD COLUMN tag TEXT DEFAULT 'old'");
    expect(ownersRead(counter.events).size).toBe(USERS + 1);   // every user, and ''
    const reads = counter.events.length;
    const b = await e.openSession(user(50));
    // app.notes is in memory already; app.prefs of u050 is read now
    expect(await rows(e, b, 'SELECT id, tag FROM app.notes ORDER BY id')).toEqual([[1, 'old'], [2, 'old'], [3, 'old']]);
    expect(summary(counter.events.slice(reads))).toEqual(['segments.getAll ["u050"]', 'log.getAll ["u050"]']);
    expect(await rows(e, b, 'SELECT v FROM app.prefs')).toEqual([['dark']]);
    await e.close();
    // the ALTER's conversion of unloaded… and loaded partitions survives a reopen
    prof.locks.crash();
    const e2 = await openOn(prof);
    const c = await e2.openSession(user(99));
    expect(await rows(e2, c, 'SELECT id, tag FROM app.notes ORDER BY id')).toEqual([[1, 'old'], [2, 'old']]);
    await e2.close();
  });
});
