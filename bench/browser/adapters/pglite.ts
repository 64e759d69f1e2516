/**
 * PGlite (Postgres compiled to wasm) in the page, in memory (`new PGlite()`, on the main thread; its
 * `pglite.wasm` and `pglite.data` are emitted by Vite as static assets). `DOUBLE` is spelled
 * `DOUBLE PRECISION`. W1a: `COPY events FROM '/dev/blob'` with the rows serialized as tab-separated text
 * (the serialization counts). Parameterized queries use `pg.query(sql, params)` (PGlite has no
 * client-side prepared statement handle).
 * @module
 */

import { PGlite } from '@electric-sql/pglite';
import type { EventRow, UpdatePair, UserRow } from '../../data.ts';
import type { BrowserAdapter, Loop, Row, TableState } from '../workloads.ts';

/** PGlite adapter. */
export class PgliteAdapter implements BrowserAdapter {
  readonly name = 'pglite';
  private db: PGlite | undefined;

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
        'CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT, tier INTEGER)',
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
      await pg.query('INSERT INTO events VALUES ($1, $2, $3, $4, $5)', [r.id, r.user_id, r.kind, r.value, r.ts]);
    }
    await pg.query('COMMIT');
  }

  async lookup(ids: readonly number[], loop: Loop): Promise<Row[]> {
    const pg = this.pg;
    const out: Row[] = [];
    for (let i = 0; i < ids.length; i++) {
      if (!loop.ok(i)) break;
      const res = await pg.query<Row>('SELECT * FROM events WHERE id = $1', [ids[i]]);
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

  private async all(sql: string): Promise<Row[]> {
    return (await this.pg.query<Row>(sql)).rows;
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
    const pg = this.pg;
    for (let i = 0; i < pairs.length; i++) {
      if (!loop.ok(i)) break;
      const p = pairs[i] as UpdatePair;
      await pg.query('UPDATE events SET value = $1 WHERE id = $2', [p.value, p.id]);
    }
  }

  async remove(ids: readonly number[], loop: Loop): Promise<void> {
    const pg = this.pg;
    for (let i = 0; i < ids.length; i++) {
      if (!loop.ok(i)) break;
      await pg.query('DELETE FROM events WHERE id = $1', [ids[i]]);
    }
  }

  async createIndex(): Promise<void> {
    await this.pg.exec('CREATE INDEX events_user_id ON events(user_id); ANALYZE events');
  }

  indexedSelect(): Promise<Row[]> {
    return this.all('SELECT * FROM events WHERE user_id = 42');
  }

  async state(): Promise<TableState> {
    const r = (await this.pg.query<{ c: number; s: number; i: number }>('SELECT count(*) AS c, sum(value) AS s, sum(id) AS i FROM events')).rows[0];
    return [Number(r?.c ?? 0), Number(r?.s ?? 0), Number(r?.i ?? 0)] as const;
  }

  async close(): Promise<void> {
    await this.db?.close();
    this.db = undefined;
  }
}
