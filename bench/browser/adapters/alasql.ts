/**
 * AlaSQL in the page (`dist/alasql.min.js`, the package's `browser` export). `value` is quoted as
 * `[value]`; prepared statements use `alasql.compile(sql, dbid)`. W1a: `INSERT INTO events SELECT * FROM ?`
 * with the row array (keeps the PK index up to date).
 * @module
 */

import alasql from 'alasql';
import type { EventRow, UpdatePair, UserRow } from '../../data.ts';
import type { BrowserAdapter, Loop, Row, TableState } from '../workloads.ts';

type Compiled = (params?: unknown[]) => unknown;

interface AlaDatabase {
  exec(sql: string, params?: unknown[]): unknown;
}

interface AlaStatic {
  Database: new (id?: string) => AlaDatabase;
  compile(sql: string, databaseid?: string): Compiled;
  databases: Record<string, unknown>;
}

const ala = alasql as unknown as AlaStatic;

/** AlaSQL adapter. */
export class AlasqlAdapter implements BrowserAdapter {
  readonly name = 'alasql';
  private db: AlaDatabase | undefined;
  private dbid = '';
  private generation = 0;

  private get d(): AlaDatabase {
    if (this.db === undefined) throw new Error('not open');
    return this.db;
  }

  async open(): Promise<void> {
    await Promise.resolve();
  }

  async reset(): Promise<void> {
    if (this.dbid !== '') delete ala.databases[this.dbid];
    this.generation++;
    this.dbid = `bench${String(this.generation)}`;
    this.db = new ala.Database(this.dbid);
    this.db.exec('CREATE TABLE events (id INTEGER PRIMARY KEY, user_id INTEGER, kind TEXT, [value] DOUBLE, ts INTEGER)');
    this.db.exec('CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT, tier INTEGER)');
    await Promise.resolve();
  }

  async loadUsers(rows: readonly UserRow[]): Promise<void> {
    this.d.exec('INSERT INTO users SELECT * FROM ?', [rows]);
    await Promise.resolve();
  }

  async bulkLoad(rows: readonly EventRow[]): Promise<void> {
    this.d.exec('INSERT INTO events SELECT * FROM ?', [rows]);
    await Promise.resolve();
  }

  async insertEach(rows: readonly EventRow[], loop: Loop): Promise<void> {
    const d = this.d;
    const ins = ala.compile('INSERT INTO events VALUES (?, ?, ?, ?, ?)', this.dbid);
    d.exec('BEGIN TRANSACTION');
    for (let i = 0; i < rows.length; i++) {
      if (!loop.ok(i)) break;
      const r = rows[i] as EventRow;
      ins([r.id, r.user_id, r.kind, r.value, r.ts]);
    }
    d.exec('COMMIT TRANSACTION');
    await Promise.resolve();
  }

  async lookup(ids: readonly number[], loop: Loop): Promise<Row[]> {
    const q = ala.compile('SELECT * FROM events WHERE id = ?', this.dbid);
    const out: Row[] = [];
    for (let i = 0; i < ids.length; i++) {
      if (!loop.ok(i)) break;
      for (const r of q([ids[i]]) as Row[]) out.push(r);
    }
    return Promise.resolve(out);
  }

  async lookupLiteral(ids: readonly number[], loop: Loop): Promise<Row[]> {
    const d = this.d;
    const out: Row[] = [];
    for (let i = 0; i < ids.length; i++) {
      if (!loop.ok(i)) break;
      for (const r of d.exec(`SELECT * FROM events WHERE id = ${String(ids[i])}`) as Row[]) out.push(r);
    }
    return Promise.resolve(out);
  }

  private all(sql: string): Promise<Row[]> {
    return Promise.resolve(this.d.exec(sql) as Row[]);
  }

  filterScan(): Promise<Row[]> {
    return this.all("SELECT count(*), sum([value]) FROM events WHERE kind = 'k3' AND [value] > 0.5");
  }

  groupBy(): Promise<Row[]> {
    return this.all('SELECT user_id, count(*), avg([value]) FROM events GROUP BY user_id');
  }

  topK(): Promise<Row[]> {
    return this.all('SELECT * FROM events ORDER BY [value] DESC LIMIT 100');
  }

  join(): Promise<Row[]> {
    return this.all('SELECT u.tier, count(*) FROM events e JOIN users u ON e.user_id = u.id GROUP BY u.tier');
  }

  async update(pairs: readonly UpdatePair[], loop: Loop): Promise<void> {
    const q = ala.compile('UPDATE events SET [value] = ? WHERE id = ?', this.dbid);
    for (let i = 0; i < pairs.length; i++) {
      if (!loop.ok(i)) break;
      const p = pairs[i] as UpdatePair;
      q([p.value, p.id]);
    }
    await Promise.resolve();
  }

  async remove(ids: readonly number[], loop: Loop): Promise<void> {
    const q = ala.compile('DELETE FROM events WHERE id = ?', this.dbid);
    for (let i = 0; i < ids.length; i++) {
      if (!loop.ok(i)) break;
      q([ids[i]]);
    }
    await Promise.resolve();
  }

  async createIndex(): Promise<void> {
    this.d.exec('CREATE INDEX events_user_id ON events(user_id)');
    await Promise.resolve();
  }

  indexedSelect(): Promise<Row[]> {
    return this.all('SELECT * FROM events WHERE user_id = 42');
  }

  async state(): Promise<TableState> {
    const r = (this.d.exec('SELECT count(*) AS c, sum([value]) AS s, sum(id) AS i FROM events') as { c: number; s: number; i: number }[])[0];
    return Promise.resolve([r?.c ?? 0, r?.s ?? 0, r?.i ?? 0] as const);
  }

  async close(): Promise<void> {
    if (this.dbid !== '') delete ala.databases[this.dbid];
    this.db = undefined;
    await Promise.resolve();
  }
}
