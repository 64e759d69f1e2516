/**
 * sql.js (SQLite compiled to wasm, or to asm.js) adapter, once the module is loaded: the same in Node
 * and in the page. How sql.js is loaded is the caller's ({@link SqljsLoader}): bench/adapters/sqljs.ts
 * requires the Node builds, bench/browser/adapters/sqljs.ts the browser build with its wasm URL.
 * W1a: one transaction with a prepared INSERT (the documented bulk path); rows materialized as plain
 * objects keyed by the statement's column names.
 * @module
 */

import type { EventRow, UpdatePair, UserRow } from '../../data.ts';
import { SQL, SQL_QMARK } from '../workloads.ts';
import type { Adapter, Loop, Row, TableState } from '../workloads.ts';
import { SqlReads } from './sql.ts';

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

/** What sql.js's initializer resolves to (the part the adapter uses). */
export interface SqlJsStatic {
  /** A new, empty in-memory database. */
  Database: new () => Database;
}

/** Loads and initializes sql.js (untimed, in `open`). */
export type SqljsLoader = () => Promise<SqlJsStatic>;

/**
 * Runs `stmt` to completion, appending its rows as plain objects keyed by `cols` (the statement's column
 * names, fetched once: faster than `getAsObject`, which re-reads them for every row); resets the statement.
 */
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
export class SqljsAdapter extends SqlReads implements Adapter {
  private SQL: SqlJsStatic | undefined;
  private db: Database | undefined;

  /**
   * @param name - engine id (`sqljs`, `sqljs-asm`)
   * @param load - loads the sql.js build
   */
  constructor(
    readonly name: string,
    private readonly load: SqljsLoader,
  ) {
    super();
  }

  private get d(): Database {
    if (this.db === undefined) throw new Error('not open');
    return this.db;
  }

  async open(): Promise<void> {
    this.SQL = await this.load();
  }

  async reset(): Promise<void> {
    if (this.SQL === undefined) throw new Error('not open');
    this.db?.close();
    this.db = new this.SQL.Database();
    this.db.run(SQL.createEvents);
    this.db.run(SQL.createUsers);
    await Promise.resolve();
  }

  async loadUsers(rows: readonly UserRow[]): Promise<void> {
    const d = this.d;
    d.run('BEGIN');
    const st = d.prepare(SQL_QMARK.insertUser);
    for (const r of rows) st.run([r.id, r.name, r.tier]);
    st.free();
    d.run('COMMIT');
    await Promise.resolve();
  }

  async bulkLoad(rows: readonly EventRow[]): Promise<void> {
    const d = this.d;
    d.run('BEGIN');
    const st = d.prepare(SQL_QMARK.insertEvent);
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
    const st = d.prepare(SQL_QMARK.insertEvent);
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
    const st = this.d.prepare(SQL_QMARK.lookup);
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

  protected all(sql: string): Promise<Row[]> {
    const st = this.d.prepare(sql);
    const out: Row[] = [];
    allObjects(st, st.getColumnNames(), out);
    st.free();
    return Promise.resolve(out);
  }

  async update(pairs: readonly UpdatePair[], loop: Loop): Promise<void> {
    const st = this.d.prepare(SQL_QMARK.update);
    for (let i = 0; i < pairs.length; i++) {
      if (!loop.ok(i)) break;
      const p = pairs[i] as UpdatePair;
      st.run([p.value, p.id]);
    }
    st.free();
    await Promise.resolve();
  }

  async remove(ids: readonly number[], loop: Loop): Promise<void> {
    const st = this.d.prepare(SQL_QMARK.delete);
    for (let i = 0; i < ids.length; i++) {
      if (!loop.ok(i)) break;
      st.run([ids[i] as number]);
    }
    st.free();
    await Promise.resolve();
  }

  async createIndex(): Promise<void> {
    this.d.run(SQL.createIndex);
    await Promise.resolve();
  }

  async state(): Promise<TableState> {
    const v = this.d.exec(SQL.state)[0]?.values[0] ?? [];
    return Promise.resolve([Number(v[0] ?? 0), Number(v[1] ?? 0), Number(v[2] ?? 0)] as const);
  }

  async close(): Promise<void> {
    this.db?.close();
    this.db = undefined;
    await Promise.resolve();
  }
}
