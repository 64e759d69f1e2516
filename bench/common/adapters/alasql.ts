/**
 * AlaSQL adapter, the same in Node and in the page: `import alasql from 'alasql'` resolves to the
 * package's Node build under Node, and to `dist/alasql.min.js` (its `browser` export) under Vite.
 * `value` is quoted as `[value]`; prepared statements use `alasql.compile(sql, dbid)`.
 * W1a: `INSERT INTO events SELECT * FROM ?` with the row array (keeps the PK index up to date).
 * @module
 */

import alasql from 'alasql';
import type { EventRow, UpdatePair, UserRow } from '../../data.ts';
import { SQL } from '../workloads.ts';
import type { Adapter, Loop, Row, TableState } from '../workloads.ts';
import { SqlReads, stateOf } from './sql.ts';
import type { ReadSql, StateRow } from './sql.ts';

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

/** The reading workloads' SQL with `value` quoted (a keyword in AlaSQL). */
const READS: ReadSql = {
  filterScan: "SELECT count(*), sum([value]) FROM events WHERE kind = 'k3' AND [value] > 0.5",
  groupBy: 'SELECT user_id, count(*), avg([value]) FROM events GROUP BY user_id',
  topK: 'SELECT * FROM events ORDER BY [value] DESC LIMIT 100',
  join: SQL.join,
  indexedSelect: SQL.indexedSelect,
};

/** AlaSQL adapter. */
export class AlasqlAdapter extends SqlReads implements Adapter {
  readonly name = 'alasql';
  protected override readonly reads = READS;
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
    this.db.exec(SQL.createUsers);
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

  protected all(sql: string): Promise<Row[]> {
    return Promise.resolve(this.d.exec(sql) as Row[]);
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
    this.d.exec(SQL.createIndex);
    await Promise.resolve();
  }

  async state(): Promise<TableState> {
    const r = (this.d.exec('SELECT count(*) AS c, sum([value]) AS s, sum(id) AS i FROM events') as StateRow[])[0];
    return Promise.resolve(stateOf(r));
  }

  async close(): Promise<void> {
    if (this.dbid !== '') delete ala.databases[this.dbid];
    this.db = undefined;
    await Promise.resolve();
  }
}
