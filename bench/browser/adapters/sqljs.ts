/**
 * sql.js (SQLite compiled to wasm) in the page: `sql-wasm-browser.js` (the package's `browser` export)
 * with its `sql-wasm-browser.wasm` served as a static asset. W1a: one transaction with a prepared INSERT
 * (the documented bulk path); rows materialized as plain objects keyed by the statement's column names.
 * @module
 */

import initSqlJs from 'sql.js';
import wasmUrl from 'sql.js/dist/sql-wasm-browser.wasm?url';
import type { EventRow, UpdatePair, UserRow } from '../../data.ts';
import type { BrowserAdapter, Loop, Row, TableState } from '../workloads.ts';

type SqlValue = number | string | Uint8Array | null;

interface Statement {
  bind(values?: readonly SqlValue[]): boolean;
  step(): boolean;
  getColumnNames(): string[];
  get(): SqlValue[];
  run(values?: readonly SqlValue[]): void;
  reset(): void;
  free(): boolean;
}

interface Database {
  run(sql: string, params?: readonly SqlValue[]): Database;
  exec(sql: string): { columns: string[]; values: SqlValue[][] }[];
  prepare(sql: string): Statement;
  close(): void;
}

interface SqlJsStatic {
  Database: new () => Database;
}

/** Runs `stmt` to completion, appending its rows as plain objects keyed by `cols`; resets the statement. */
function allObjects(stmt: Statement, cols: readonly string[], out: Row[]): void {
  while (stmt.step()) {
    const v = stmt.get();
    const o: Record<string, SqlValue> = {};
    for (let j = 0; j < cols.length; j++) o[cols[j] as string] = v[j] ?? null;
    out.push(o);
  }
  stmt.reset();
}

/** sql.js adapter. */
export class SqljsAdapter implements BrowserAdapter {
  readonly name = 'sqljs';
  private SQL: SqlJsStatic | undefined;
  private db: Database | undefined;

  private get d(): Database {
    if (this.db === undefined) throw new Error('not open');
    return this.db;
  }

  async open(): Promise<void> {
    this.SQL = (await initSqlJs({ locateFile: () => wasmUrl })) as SqlJsStatic;
  }

  async reset(): Promise<void> {
    if (this.SQL === undefined) throw new Error('not open');
    this.db?.close();
    this.db = new this.SQL.Database();
    this.db.run('CREATE TABLE events (id INTEGER PRIMARY KEY, user_id INTEGER, kind TEXT, value DOUBLE, ts INTEGER)');
    this.db.run('CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT, tier INTEGER)');
    await Promise.resolve();
  }

  async loadUsers(rows: readonly UserRow[]): Promise<void> {
    const d = this.d;
    d.run('BEGIN');
    const st = d.prepare('INSERT INTO users VALUES (?, ?, ?)');
    for (const r of rows) st.run([r.id, r.name, r.tier]);
    st.free();
    d.run('COMMIT');
    await Promise.resolve();
  }

  async bulkLoad(rows: readonly EventRow[]): Promise<void> {
    const d = this.d;
    d.run('BEGIN');
    const st = d.prepare('INSERT INTO events VALUES (?, ?, ?, ?, ?)');
    const p: SqlValue[] = [0, 0, '', 0, 0];
    for (const r of rows) {
      p[0] = r.id;
      p[1] = r.user_id;
      p[2] = r.kind;
      p[3] = r.value;
      p[4] = r.ts;
      st.run(p);
    }
    st.free();
    d.run('COMMIT');
    await Promise.resolve();
  }

  async insertEach(rows: readonly EventRow[], loop: Loop): Promise<void> {
    const d = this.d;
    d.run('BEGIN');
    const st = d.prepare('INSERT INTO events VALUES (?, ?, ?, ?, ?)');
    for (let i = 0; i < rows.length; i++) {
      if (!loop.ok(i)) break;
      const r = rows[i] as EventRow;
      st.run([r.id, r.user_id, r.kind, r.value, r.ts]);
    }
    st.free();
    d.run('COMMIT');
    await Promise.resolve();
  }

  async lookup(ids: readonly number[], loop: Loop): Promise<Row[]> {
    const st = this.d.prepare('SELECT * FROM events WHERE id = ?');
    const cols = st.getColumnNames();
    const out: Row[] = [];
    for (let i = 0; i < ids.length; i++) {
      if (!loop.ok(i)) break;
      st.bind([ids[i] as number]);
      allObjects(st, cols, out);
    }
    st.free();
    return Promise.resolve(out);
  }

  async lookupLiteral(ids: readonly number[], loop: Loop): Promise<Row[]> {
    const d = this.d;
    const out: Row[] = [];
    for (let i = 0; i < ids.length; i++) {
      if (!loop.ok(i)) break;
      const st = d.prepare(`SELECT * FROM events WHERE id = ${String(ids[i])}`);
      allObjects(st, st.getColumnNames(), out);
      st.free();
    }
    return Promise.resolve(out);
  }

  private all(sql: string): Promise<Row[]> {
    const st = this.d.prepare(sql);
    const out: Row[] = [];
    allObjects(st, st.getColumnNames(), out);
    st.free();
    return Promise.resolve(out);
  }

  filterScan(): Promise<Row[]> {
    return this.all("SELECT count(*), sum(value) FROM events WHERE kind = 'k3' AND value > 0.5");
  }

  groupBy(): Promise<Row[]> {
    return this.all('SELECT user_id, count(*), avg(value) FROM events GROUP BY user_id');
  }

  topK(): Promise<Row[]> {
    return this.all('SELECT * FROM events ORDER BY value DESC LIMIT 100');
  }

  join(): Promise<Row[]> {
    return this.all('SELECT u.tier, count(*) FROM events e JOIN users u ON e.user_id = u.id GROUP BY u.tier');
  }

  async update(pairs: readonly UpdatePair[], loop: Loop): Promise<void> {
    const st = this.d.prepare('UPDATE events SET value = ? WHERE id = ?');
    for (let i = 0; i < pairs.length; i++) {
      if (!loop.ok(i)) break;
      const p = pairs[i] as UpdatePair;
      st.run([p.value, p.id]);
    }
    st.free();
    await Promise.resolve();
  }

  async remove(ids: readonly number[], loop: Loop): Promise<void> {
    const st = this.d.prepare('DELETE FROM events WHERE id = ?');
    for (let i = 0; i < ids.length; i++) {
      if (!loop.ok(i)) break;
      st.run([ids[i] as number]);
    }
    st.free();
    await Promise.resolve();
  }

  async createIndex(): Promise<void> {
    this.d.run('CREATE INDEX events_user_id ON events(user_id)');
    await Promise.resolve();
  }

  indexedSelect(): Promise<Row[]> {
    return this.all('SELECT * FROM events WHERE user_id = 42');
  }

  async state(): Promise<TableState> {
    const v = this.d.exec('SELECT count(*), sum(value), sum(id) FROM events')[0]?.values[0] ?? [];
    return Promise.resolve([Number(v[0] ?? 0), Number(v[1] ?? 0), Number(v[2] ?? 0)] as const);
  }

  async close(): Promise<void> {
    this.db?.close();
    this.db = undefined;
    await Promise.resolve();
  }
}
