/**
 * DuckDB-Wasm in the page: the browser build (`@duckdb/duckdb-wasm`, `AsyncDuckDB`) with the engine in
 * the package's own classic Worker (`duckdb-browser-{mvp,eh}.worker.js`, served as static assets with
 * the matching `.wasm`; `selectBundle` picks eh when the browser supports wasm exceptions). Every call is
 * a round trip to that worker. W1a: the rows are converted to an Arrow table (typed-array columns, `kind`
 * dictionary-encoded) and its IPC stream is inserted with `insertArrowFromIPCStream` into the table with
 * its PK (this is what `insertArrowTable` does, minus the apache-arrow version coupling). Results are
 * materialized with `table.toArray().map(r => r.toJSON())`. The columns, the SQL and the
 * materialization are shared with the Node adapter (bench/common/adapters/duckdb.ts); the calls here are
 * the asynchronous build's round trips.
 * @module
 */

import * as duckdb from '@duckdb/duckdb-wasm';
import ehWasm from '@duckdb/duckdb-wasm/dist/duckdb-eh.wasm?url';
import mvpWasm from '@duckdb/duckdb-wasm/dist/duckdb-mvp.wasm?url';
import ehWorker from '@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js?url';
import mvpWorker from '@duckdb/duckdb-wasm/dist/duckdb-browser-mvp.worker.js?url';
import { tableFromArrays, tableToIPC } from 'apache-arrow';
import { eventColumns, materialize, RESET_SQL, userColumns } from '../../common/adapters/duckdb.ts';
import { SqlReads, stateOf } from '../../common/adapters/sql.ts';
import type { StateRow } from '../../common/adapters/sql.ts';
import { SQL, SQL_QMARK } from '../../common/workloads.ts';
import type { Adapter, Loop, Row, TableState } from '../../common/workloads.ts';
import type { EventRow, UpdatePair, UserRow } from '../../data.ts';

/** DuckDB-Wasm adapter. */
export class DuckdbAdapter extends SqlReads implements Adapter {
  readonly name = 'duckdb';
  private db: duckdb.AsyncDuckDB | undefined;
  private worker: Worker | undefined;
  private conn: duckdb.AsyncDuckDBConnection | undefined;
  /** The bundle selectBundle chose. */
  info = '';

  private get c(): duckdb.AsyncDuckDBConnection {
    if (this.conn === undefined) throw new Error('not open');
    return this.conn;
  }

  async open(): Promise<void> {
    const bundle = await duckdb.selectBundle({
      mvp: { mainModule: mvpWasm, mainWorker: mvpWorker },
      eh: { mainModule: ehWasm, mainWorker: ehWorker },
    });
    if (bundle.mainWorker === null) throw new Error('DuckDB-Wasm: no worker in the selected bundle');
    this.info = `${bundle.mainModule === ehWasm ? 'eh' : 'mvp'} bundle`;
    this.worker = new Worker(bundle.mainWorker);
    this.db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), this.worker);
    await this.db.instantiate(bundle.mainModule, bundle.pthreadWorker);
    this.conn = await this.db.connect();
  }

  async reset(): Promise<void> {
    const c = this.c;
    for (const sql of RESET_SQL) await c.query(sql);
  }

  async loadUsers(rows: readonly UserRow[]): Promise<void> {
    await this.c.insertArrowFromIPCStream(tableToIPC(tableFromArrays(userColumns(rows)), 'stream'), { name: 'users', create: false });
  }

  async bulkLoad(rows: readonly EventRow[]): Promise<void> {
    const ipc = tableToIPC(tableFromArrays(eventColumns(rows)), 'stream');
    await this.c.insertArrowFromIPCStream(ipc, { name: 'events', create: false });
  }

  async insertEach(rows: readonly EventRow[], loop: Loop): Promise<void> {
    const c = this.c;
    const st = await c.prepare(SQL_QMARK.insertEvent);
    await c.query('BEGIN TRANSACTION');
    for (let i = 0; i < rows.length; i++) {
      if (!loop.ok(i)) break;
      const r = rows[i] as EventRow;
      await st.query(r.id, r.user_id, r.kind, r.value, r.ts);
    }
    await c.query('COMMIT');
    await st.close();
  }

  async lookup(ids: readonly number[], loop: Loop): Promise<Row[]> {
    const st = await this.c.prepare(SQL_QMARK.lookup);
    const out: Row[] = [];
    for (let i = 0; i < ids.length; i++) {
      if (!loop.ok(i)) break;
      for (const r of materialize(await st.query(ids[i]))) out.push(r);
    }
    await st.close();
    return out;
  }

  async lookupLiteral(ids: readonly number[], loop: Loop): Promise<Row[]> {
    const c = this.c;
    const out: Row[] = [];
    for (let i = 0; i < ids.length; i++) {
      if (!loop.ok(i)) break;
      for (const r of materialize(await c.query(`SELECT * FROM events WHERE id = ${String(ids[i])}`))) out.push(r);
    }
    return out;
  }

  protected async all(sql: string): Promise<Row[]> {
    return materialize(await this.c.query(sql));
  }

  async update(pairs: readonly UpdatePair[], loop: Loop): Promise<void> {
    const st = await this.c.prepare(SQL_QMARK.update);
    for (let i = 0; i < pairs.length; i++) {
      if (!loop.ok(i)) break;
      const p = pairs[i] as UpdatePair;
      await st.query(p.value, p.id);
    }
    await st.close();
  }

  async remove(ids: readonly number[], loop: Loop): Promise<void> {
    const st = await this.c.prepare(SQL_QMARK.delete);
    for (let i = 0; i < ids.length; i++) {
      if (!loop.ok(i)) break;
      await st.query(ids[i]);
    }
    await st.close();
  }

  async createIndex(): Promise<void> {
    await this.c.query(SQL.createIndex);
  }

  async state(): Promise<TableState> {
    return stateOf((await this.all(SQL.stateAliased))[0] as StateRow | undefined);
  }

  async close(): Promise<void> {
    await this.conn?.close();
    await this.db?.terminate();
    this.worker?.terminate();
    this.conn = undefined;
    this.db = undefined;
    this.worker = undefined;
  }
}
