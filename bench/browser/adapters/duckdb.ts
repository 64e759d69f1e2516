/**
 * DuckDB-Wasm in the page: the browser build (`@duckdb/duckdb-wasm`, `AsyncDuckDB`) with the engine in
 * the package's own classic Worker (`duckdb-browser-{mvp,eh}.worker.js`, served as static assets with
 * the matching `.wasm`; `selectBundle` picks eh when the browser supports wasm exceptions). Every call is
 * a round trip to that worker. W1a: the rows are converted to an Arrow table (typed-array columns, `kind`
 * dictionary-encoded) and its IPC stream is inserted with `insertArrowFromIPCStream` into the table with
 * its PK (this is what `insertArrowTable` does, minus the apache-arrow version coupling). Results are
 * materialized with `table.toArray().map(r => r.toJSON())`.
 * @module
 */

import * as duckdb from '@duckdb/duckdb-wasm';
import ehWasm from '@duckdb/duckdb-wasm/dist/duckdb-eh.wasm?url';
import mvpWasm from '@duckdb/duckdb-wasm/dist/duckdb-mvp.wasm?url';
import ehWorker from '@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js?url';
import mvpWorker from '@duckdb/duckdb-wasm/dist/duckdb-browser-mvp.worker.js?url';
import { tableFromArrays, tableToIPC } from 'apache-arrow';
import type { EventRow, UpdatePair, UserRow } from '../../data.ts';
import type { BrowserAdapter, Loop, Row, TableState } from '../workloads.ts';

interface ArrowRow {
  toJSON(): Record<string, unknown>;
}
interface ArrowTable {
  toArray(): ArrowRow[];
}

function materialize(t: ArrowTable): Row[] {
  return t.toArray().map((r) => r.toJSON());
}

/** DuckDB-Wasm adapter. */
export class DuckdbAdapter implements BrowserAdapter {
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
    await c.query('DROP TABLE IF EXISTS events');
    await c.query('DROP TABLE IF EXISTS users');
    await c.query('CREATE TABLE events (id INTEGER PRIMARY KEY, user_id INTEGER, kind TEXT, value DOUBLE, ts INTEGER)');
    await c.query('CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT, tier INTEGER)');
  }

  async loadUsers(rows: readonly UserRow[]): Promise<void> {
    const n = rows.length;
    const id = new Int32Array(n);
    const tier = new Int32Array(n);
    const name = new Array<string>(n);
    for (let i = 0; i < n; i++) {
      const r = rows[i] as UserRow;
      id[i] = r.id;
      name[i] = r.name;
      tier[i] = r.tier;
    }
    await this.c.insertArrowFromIPCStream(tableToIPC(tableFromArrays({ id, name, tier }), 'stream'), { name: 'users', create: false });
  }

  async bulkLoad(rows: readonly EventRow[]): Promise<void> {
    const n = rows.length;
    const id = new Int32Array(n);
    const userId = new Int32Array(n);
    const kind = new Array<string>(n);
    const value = new Float64Array(n);
    const ts = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const r = rows[i] as EventRow;
      id[i] = r.id;
      userId[i] = r.user_id;
      kind[i] = r.kind;
      value[i] = r.value;
      ts[i] = r.ts;
    }
    const ipc = tableToIPC(tableFromArrays({ id, user_id: userId, kind, value, ts }), 'stream');
    await this.c.insertArrowFromIPCStream(ipc, { name: 'events', create: false });
  }

  async insertEach(rows: readonly EventRow[], loop: Loop): Promise<void> {
    const c = this.c;
    const st = await c.prepare('INSERT INTO events VALUES (?, ?, ?, ?, ?)');
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
    const st = await this.c.prepare('SELECT * FROM events WHERE id = ?');
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

  private async all(sql: string): Promise<Row[]> {
    return materialize(await this.c.query(sql));
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
    const st = await this.c.prepare('UPDATE events SET value = ? WHERE id = ?');
    for (let i = 0; i < pairs.length; i++) {
      if (!loop.ok(i)) break;
      const p = pairs[i] as UpdatePair;
      await st.query(p.value, p.id);
    }
    await st.close();
  }

  async remove(ids: readonly number[], loop: Loop): Promise<void> {
    const st = await this.c.prepare('DELETE FROM events WHERE id = ?');
    for (let i = 0; i < ids.length; i++) {
      if (!loop.ok(i)) break;
      await st.query(ids[i]);
    }
    await st.close();
  }

  async createIndex(): Promise<void> {
    await this.c.query('CREATE INDEX events_user_id ON events(user_id)');
  }

  indexedSelect(): Promise<Row[]> {
    return this.all('SELECT * FROM events WHERE user_id = 42');
  }

  async state(): Promise<TableState> {
    const r = (await this.all('SELECT count(*) AS c, sum(value) AS s, sum(id) AS i FROM events'))[0] as
      | { c: bigint | number; s: number; i: bigint | number }
      | undefined;
    return [Number(r?.c ?? 0), Number(r?.s ?? 0), Number(r?.i ?? 0)] as const;
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
