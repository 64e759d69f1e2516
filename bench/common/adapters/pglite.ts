/**
 * PGlite adapter (Postgres compiled to wasm), the same in Node and in the page: in memory
 * (`new PGlite()`; start-up is not timed; in the page it runs on the main thread, and Vite emits its
 * `pglite.wasm` and `pglite.data` as static assets).
 * `DOUBLE` is spelled `DOUBLE PRECISION`. W1a: `COPY events FROM '/dev/blob'` with the rows serialized as
 * tab-separated text (the serialization counts in the timing). Parameterized queries use `pg.query(sql,
 * params)` (PGlite has no client-side prepared statement handle).
 * @module
 */

import { PGlite } from '@electric-sql/pglite';
import type { EventRow, UpdatePair, UserRow } from '../../data.ts';
import { SQL } from '../workloads.ts';
import type { Adapter, Loop, Row, TableState } from '../workloads.ts';
import { SqlReads, stateOf } from './sql.ts';
import type { StateRow } from './sql.ts';

/** PGlite adapter. */
export class PgliteAdapter extends SqlReads implements Adapter {
  readonly name: string = 'pglite';
  /** The database (a `PGliteWorker` in the browser bench's worker variant, which has the same interface). */
  protected db: PGlite | undefined;

  private get pg(): PGlite {
    if (this.db === undefined) throw new Error('not open');
    return this.db;
  }

  async open(): Promise<void> {
    this.db = new PGlite();
    await this.db.waitReady;
  }

  async reset(): Promise<void> {
    await this.pg.exec(
      'DROP TABLE IF EXISTS events; DROP TABLE IF EXISTS users; ' +
        'CREATE TABLE events (id INTEGER PRIMARY KEY, user_id INTEGER, kind TEXT, value DOUBLE PRECISION, ts INTEGER); ' +
        SQL.createUsers,
    );
  }

  async loadUsers(rows: readonly UserRow[]): Promise<void> {
    const text = rows.map((r) => `${String(r.id)}\t${r.name}\t${String(r.tier)}\n`).join('');
    await this.pg.query("COPY users FROM '/dev/blob'", [], { blob: new Blob([text]) });
  }

  async bulkLoad(rows: readonly EventRow[]): Promise<void> {
    const parts = new Array<string>(rows.length);
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i] as EventRow;
      parts[i] = `${String(r.id)}\t${String(r.user_id)}\t${r.kind}\t${String(r.value)}\t${String(r.ts)}\n`;
    }
    await this.pg.query("COPY events FROM '/dev/blob'", [], { blob: new Blob([parts.join('')]) });
  }

  async insertEach(rows: readonly EventRow[], loop: Loop): Promise<void> {
    const pg = this.pg;
    await pg.query('BEGIN');
    for (let i = 0; i < rows.length; i++) {
      if (!loop.ok(i)) break;
      const r = rows[i] as EventRow;
      await pg.query(SQL.insertEvent, [r.id, r.user_id, r.kind, r.value, r.ts]);
    }
    await pg.query('COMMIT');
  }

  async lookup(ids: readonly number[], loop: Loop): Promise<Row[]> {
    const pg = this.pg;
    const out: Row[] = [];
    for (let i = 0; i < ids.length; i++) {
      if (!loop.ok(i)) break;
      const res = await pg.query<Row>(SQL.lookup, [ids[i]]);
      for (const r of res.rows) out.push(r);
    }
    return out;
  }

  async lookupLiteral(ids: readonly number[], loop: Loop): Promise<Row[]> {
    const pg = this.pg;
    const out: Row[] = [];
    for (let i = 0; i < ids.length; i++) {
      if (!loop.ok(i)) break;
      const res = await pg.query<Row>(`SELECT * FROM events WHERE id = ${String(ids[i])}`);
      for (const r of res.rows) out.push(r);
    }
    return out;
  }

  protected async all(sql: string): Promise<Row[]> {
    return (await this.pg.query<Row>(sql)).rows;
  }

  async update(pairs: readonly UpdatePair[], loop: Loop): Promise<void> {
    const pg = this.pg;
    for (let i = 0; i < pairs.length; i++) {
      if (!loop.ok(i)) break;
      const p = pairs[i] as UpdatePair;
      await pg.query(SQL.update, [p.value, p.id]);
    }
  }

  async remove(ids: readonly number[], loop: Loop): Promise<void> {
    const pg = this.pg;
    for (let i = 0; i < ids.length; i++) {
      if (!loop.ok(i)) break;
      await pg.query(SQL.delete, [ids[i]]);
    }
  }

  async createIndex(): Promise<void> {
    await this.pg.exec('CREATE INDEX events_user_id ON events(user_id); ANALYZE events');
  }

  async state(): Promise<TableState> {
    return stateOf((await this.pg.query<StateRow>(SQL.stateAliased)).rows[0]);
  }

  async close(): Promise<void> {
    await this.db?.close();
    this.db = undefined;
  }
}
