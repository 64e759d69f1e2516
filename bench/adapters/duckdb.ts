/**
 * DuckDB-Wasm adapter, Node blocking build (`@duckdb/duckdb-wasm/blocking` →
 * `dist/duckdb-node-blocking.cjs`) with the wasm bundles of its dist folder (eh build when supported).
 * W1a: the rows are converted to an Arrow table (typed-array columns; `kind` dictionary-encoded) with the
 * apache-arrow copy DuckDB-Wasm depends on, then `insertArrowTable` into the table with its PK.
 * Results are materialized with `table.toArray().map(r => r.toJSON())`. The columns, the SQL and the
 * materialization are shared with the page's adapter (bench/common/adapters/duckdb.ts); the calls here
 * are the blocking build's synchronous ones.
 * @module
 */

import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { eventColumns, materialize, RESET_SQL, userColumns } from '../common/adapters/duckdb.ts';
import type { ArrowTable } from '../common/adapters/duckdb.ts';
import { SqlReads, stateOf } from '../common/adapters/sql.ts';
import type { StateRow } from '../common/adapters/sql.ts';
import { SQL, SQL_QMARK } from '../common/workloads.ts';
import type { Adapter, Loop, Row, TableState } from '../common/workloads.ts';
import type { EventRow, UpdatePair, UserRow } from '../data.ts';

const require = createRequire(import.meta.url);

interface Prepared {
  query(...params: unknown[]): ArrowTable;
  close(): void;
}
interface Connection {
  query(sql: string): ArrowTable;
  prepare(sql: string): Prepared;
  insertArrowTable(table: unknown, options: { name: string; create?: boolean }): void;
  close(): void;
}
interface Bindings {
  instantiate(progress: (p: unknown) => void): Promise<unknown>;
  connect(): Connection;
  reset(): void;
}
interface DuckModule {
  createDuckDB(bundles: unknown, logger: unknown, runtime: unknown): Promise<Bindings>;
  VoidLogger: new () => unknown;
  NODE_RUNTIME: unknown;
}
interface ArrowModule {
  tableFromArrays(cols: Record<string, unknown>): unknown;
}

/** DuckDB-Wasm adapter. */
export class DuckdbAdapter extends SqlReads implements Adapter {
  readonly name = 'duckdb';
  private db: Bindings | undefined;
  private conn: Connection | undefined;
  private arrow: ArrowModule | undefined;

  private get c(): Connection {
    if (this.conn === undefined) throw new Error('not open');
    return this.conn;
  }

  async open(): Promise<void> {
    const duck = require('@duckdb/duckdb-wasm/blocking') as DuckModule;
    const dist = dirname(require.resolve('@duckdb/duckdb-wasm/dist/duckdb-node-blocking.cjs'));
    // The Arrow tables handed to insertArrowTable must come from DuckDB-Wasm's own apache-arrow copy.
    const duckRequire = createRequire(join(dist, 'duckdb-node-blocking.cjs'));
    this.arrow = duckRequire('apache-arrow') as ArrowModule;
    const bundles = {
      mvp: { mainModule: join(dist, 'duckdb-mvp.wasm'), mainWorker: join(dist, 'duckdb-node-mvp.worker.cjs') },
      eh: { mainModule: join(dist, 'duckdb-eh.wasm'), mainWorker: join(dist, 'duckdb-node-eh.worker.cjs') },
    };
    this.db = await duck.createDuckDB(bundles, new duck.VoidLogger(), duck.NODE_RUNTIME);
    await this.db.instantiate(() => undefined);
    this.conn = this.db.connect();
  }

  async reset(): Promise<void> {
    const c = this.c;
    for (const sql of RESET_SQL) c.query(sql);
    await Promise.resolve();
  }

  async loadUsers(rows: readonly UserRow[]): Promise<void> {
    const cols = userColumns(rows);
    const a = this.arrow;
    if (a === undefined) throw new Error('not open');
    this.c.insertArrowTable(a.tableFromArrays(cols), { name: 'users', create: false });
    await Promise.resolve();
  }

  async bulkLoad(rows: readonly EventRow[]): Promise<void> {
    const cols = eventColumns(rows);
    const a = this.arrow;
    if (a === undefined) throw new Error('not open');
    this.c.insertArrowTable(a.tableFromArrays(cols), { name: 'events', create: false });
    await Promise.resolve();
  }

  async insertEach(rows: readonly EventRow[], loop: Loop): Promise<void> {
    const c = this.c;
    const st = c.prepare(SQL_QMARK.insertEvent);
    c.query('BEGIN TRANSACTION');
    for (let i = 0; i < rows.length; i++) {
      if (!loop.ok(i)) break;
      const r = rows[i] as EventRow;
      st.query(r.id, r.user_id, r.kind, r.value, r.ts);
    }
    c.query('COMMIT');
    st.close();
    await Promise.resolve();
  }

  async lookup(ids: readonly number[], loop: Loop): Promise<Row[]> {
    const st = this.c.prepare(SQL_QMARK.lookup);
    const out: Row[] = [];
    for (let i = 0; i < ids.length; i++) {
      if (!loop.ok(i)) break;
      for (const r of materialize(st.query(ids[i]))) out.push(r);
    }
    st.close();
    return Promise.resolve(out);
  }

  async lookupLiteral(ids: readonly number[], loop: Loop): Promise<Row[]> {
    const c = this.c;
    const out: Row[] = [];
    for (let i = 0; i < ids.length; i++) {
      if (!loop.ok(i)) break;
      for (const r of materialize(c.query(`SELECT * FROM events WHERE id = ${String(ids[i])}`))) out.push(r);
    }
    return Promise.resolve(out);
  }

  protected all(sql: string): Promise<Row[]> {
    return Promise.resolve(materialize(this.c.query(sql)));
  }

  async update(pairs: readonly UpdatePair[], loop: Loop): Promise<void> {
    const st = this.c.prepare(SQL_QMARK.update);
    for (let i = 0; i < pairs.length; i++) {
      if (!loop.ok(i)) break;
      const p = pairs[i] as UpdatePair;
      st.query(p.value, p.id);
    }
    st.close();
    await Promise.resolve();
  }

  async remove(ids: readonly number[], loop: Loop): Promise<void> {
    const st = this.c.prepare(SQL_QMARK.delete);
    for (let i = 0; i < ids.length; i++) {
      if (!loop.ok(i)) break;
      st.query(ids[i]);
    }
    st.close();
    await Promise.resolve();
  }

  async createIndex(): Promise<void> {
    this.c.query(SQL.createIndex);
    await Promise.resolve();
  }

  async state(): Promise<TableState> {
    return Promise.resolve(stateOf(materialize(this.c.query(SQL.stateAliased))[0] as StateRow | undefined));
  }

  async close(): Promise<void> {
    this.conn?.close();
    this.conn = undefined;
    this.db = undefined;
    await Promise.resolve();
  }
}
