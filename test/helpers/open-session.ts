/**
 * In-process databases for a test file (memory storage), each closed after the test that opened
 * it: `databasesClosedAfterEach()` gives an opener of databases, `sessionsClosedAfterEach()` an
 * opener of root sessions on a new database after running some DDL.
 */
import { afterEach } from 'vitest';
import { openDatabase, type Database, type Session } from '../../src/index.ts';

/** Registers the after-each close; returns an opener of in-process memory databases. */
export function databasesClosedAfterEach(): () => Promise<Database> {
  const dbs: Database[] = [];
  afterEach(async () => {
    for (const d of dbs.splice(0)) await d.close();
  });
  return async () => {
    const db = await openDatabase({ worker: false, storage: 'memory' });
    dbs.push(db);
    return db;
  };
}

/** Registers the after-each close; returns an opener of root sessions on a new database, after `ddl`. */
export function sessionsClosedAfterEach(): (ddl: string) => Promise<Session> {
  const openDb = databasesClosedAfterEach();
  return async (ddl) => {
    const s = await (await openDb()).login('root', '');
    await s.query(ddl);
    return s;
  };
}
