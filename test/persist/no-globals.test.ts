/**
 * An `IDBFactory` handed to `openDatabase` in Node needs the IndexedDB global classes of the
 * same implementation (`idb` recognises requests, transactions and cursors by them, and key
 * ranges are built with the global `IDBKeyRange`; none of these can be reached from a factory
 * through the IndexedDB API). Without them, or with another implementation's, the open fails
 * with a clear `0A000` that names the fix; with them, it persists.
 */
import { createRequire } from 'node:module';
import { afterEach, describe, expect, it } from 'vitest';
import * as fake from 'fake-indexeddb';
import { IDBFactory } from 'fake-indexeddb';
import { openDatabase } from '../../src/index.ts';
import { DbError } from '../../src/errors/db-error.ts';

const NAMES = ['indexedDB', 'IDBCursor', 'IDBCursorWithValue', 'IDBDatabase', 'IDBFactory', 'IDBIndex', 'IDBKeyRange',
  'IDBObjectStore', 'IDBOpenDBRequest', 'IDBRecord', 'IDBRequest', 'IDBTransaction', 'IDBVersionChangeEvent'];
const g = globalThis as Record<string, unknown>;
const saved = new Map(NAMES.map((n) => [n, Object.getOwnPropertyDescriptor(g, n)] as const));

function removeGlobals(): void {
  for (const n of NAMES) delete g[n];
}

/** What `import 'fake-indexeddb/auto'` does (an import runs once per process; tests need it again). */
function installGlobals(): void {
  const mod = fake as unknown as Record<string, unknown>;
  for (const n of NAMES) g[n] = mod[n];
}

afterEach(() => {
  removeGlobals();
  for (const [n, d] of saved) if (d !== undefined) Object.defineProperty(g, n, d);
});

async function failure(p: Promise<unknown>): Promise<DbError> {
  try {
    await p;
  } catch (e) {
    return e as DbError;
  }
  throw new Error('expected a rejection');
}

describe('an IDBFactory in Node', () => {
  it('without the IndexedDB globals: 0A000 naming fake-indexeddb/auto', async () => {
    removeGlobals();
    const e = await failure(openDatabase({ worker: false, storage: new IDBFactory(), name: 'x' }));
    expect(e).toBeInstanceOf(DbError);
    expect(e.code).toBe('0A000');
    expect(e.message).toBe('IndexedDB is not available in this environment');
    expect(e.hint).toContain("import 'fake-indexeddb/auto'");
  });

  it('with the globals of another copy of the implementation: 0A000, not a TypeError', async () => {
    installGlobals();
    const cjs = createRequire(import.meta.url)('fake-indexeddb') as { IDBFactory: new () => IDBFactory };
    expect(cjs.IDBFactory).not.toBe(IDBFactory);   // the CommonJS build: other classes
    const e = await failure(openDatabase({ worker: false, storage: new cjs.IDBFactory(), name: 'x' }));
    expect(e.code).toBe('0A000');
    expect(e.message).toBe("the IDBFactory given does not belong to this environment's IndexedDB classes");
  });

  it("with the globals ('fake-indexeddb/auto'): the data persists", async () => {
    installGlobals();
    const factory = new IDBFactory();
    let db = await openDatabase({ worker: false, storage: factory, name: 'g' });
    let root = await db.login('root', '');
    await root.query("CREATE TABLE t (id INT PRIMARY KEY, n NUMERIC); INSERT INTO t VALUES (1, 1.50)");
    await db.close();
    db = await openDatabase({ worker: false, storage: factory, name: 'g' });
    root = await db.login('root', '');
    expect((await root.query('SELECT * FROM t')).rows).toEqual([{ id: 1, n: '1.50' }]);
    await db.close();
  });
});
