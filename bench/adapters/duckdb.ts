/**
 * DuckDB-Wasm adapter, Node blocking build (`@duckdb/duckdb-wasm/blocking` →
 * `dist/duckdb-node-blocking.cjs`) with the wasm bundles of its dist folder (eh build when supported).
 * W1a: the rows are converted to an Arrow table (typed-array columns; `kind` dictionary-encoded) with the
 * apache-arrow copy DuckDB-Wasm depends on, then `insertArrowTable` into the table with its PK.
 * Results are materialized with `table.toArray().map(r => r.toJSON())`.
 * @module
 */

import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { EventRow, UpdatePair, UserRow } from '../data.ts';
import { packageVersion } from '../workloads.ts';
import type { Adapter, Loop, Row, TableState } from '../workloads.ts';

const require = createRequire(import.meta.url);

interface ArrowRow {
  toJSON(): Record<string, unknown>;
}
interface ArrowTable {
  toArray(): ArrowRow[];
}
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

function materialize(t: ArrowTable): Row[] {
  return t.toArray().map((r) => r.toJSON());
}

/** DuckDB-Wasm adapter. */
export class DuckdbAdapter implements Adapter {
  readonly name = 'duckdb';
  readonly version = packageVersion('@duckdb/duckdb-wasm');
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
    c.query('DROP TABLE IF EXISTS events');
    c.query('DROP TABLE IF EXISTS users');
    c.query('CREATE TABLE events (id INTEGER PRIMARY KEY, user_id INTEGER, kind TEXT, value DOUBLE, ts INTEGER)');
    c.query('CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT, tier INTEGER)');
    await Promise.resolve();
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
    const a = this.arrow;
    if (a === undefined) throw new Error('not open');
    this.c.insertArrowTable(a.tableFromArrays({ id, name, tier }), { name: 'users', create: false });
    await Promise.resolve();
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
    const a = this.arrow;
    if (a === undefined) throw new Error('not open');
    this.c.insertArrowTable(a.tableFromArrays({ id, user_id: userId, kind, value, ts }), { name: 'events', create: false });
    await Promise.resolve();
  }

  async insertEach(rows: readonly EventRow[], loop: Loop): Promise<void> {
    const c = this.c;
    const st = c.prepare('INSERT INTO events VALUES (?, ?, ?, ?, ?)');
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
    const st = this.c.prepare('SELECT * FROM events WHERE id = ?');
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

  private all(sql: string): Promise<Row[]> {
    return Promise.resolve(materialize(this.c.query(sql)));
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
    const st = this.c.prepare('UPDATE events SET value = ? WHERE id = ?');
    for (let i = 0; i < pairs.length; i++) {
      if (!loop.ok(i)) break;
      const p = pairs[i] as UpdatePair;
      st.query(p.value, p.id);
    }
    st.close();
    await Promise.resolve();
  }

  async remove(ids: readonly number[], loop: Loop): Promise<void> {
    const st = this.c.prepare('DELETE FROM events WHERE id = ?');
    for (let i = 0; i < ids.length; i++) {
      if (!loop.ok(i)) break;
      st.query(ids[i]);
    }
    st.close();
    await Promise.resolve();
  }

  async createIndex(): Promise<void> {
    this.c.query('CREATE INDEX events_user_id ON events(user_id)');
    await Promise.resolve();
  }

  indexedSelect(): Promise<Row[]> {
    return this.all('SELECT * FROM events WHERE user_id = 42');
  }

  async state(): Promise<TableState> {
    const r = materialize(this.c.query('SELECT count(*) AS c, sum(value) AS s, sum(id) AS i FROM events'))[0] as
      | { c: bigint; s: number; i: bigint }
      | undefined;
    return Promise.resolve([Number(r?.c ?? 0), Number(r?.s ?? 0), Number(r?.i ?? 0)] as const);
  }

  async close(): Promise<void> {
    this.conn?.close();
    this.conn = undefined;
    this.db = undefined;
    await Promise.resolve();
  }
}
