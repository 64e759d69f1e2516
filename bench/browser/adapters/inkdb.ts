/**
 * InkDB in the page, against the public API of src/index.ts, in two variants:
 * - `inkdb`: `openDatabase({ worker: false, storage: 'memory' })`, the engine on the page's main thread;
 * - `inkdb-worker`: `openDatabase({ worker: true, storage: 'memory' })`, the engine in the module Worker
 *   the client starts (`new Worker(new URL('../worker/worker-entry.ts', import.meta.url), { type: 'module' })`,
 *   bundled by Vite). Every call is a round trip to the worker; results cross as the client transfers
 *   them and `r.rows` materializes them on the main thread, inside the timed region.
 *
 * The database is opened once; `reset` drops and recreates the tables (a fresh database per run would
 * start a fresh Worker, whose engine code would then run cold in every timed run).
 * W1a: `session.table('events').insert(rows)`. The SQL is exactly BENCHMARKS.md's ({@link SQL}).
 * @module
 */

import { openDatabase } from '../../../src/index.ts';
import type { Database, Session } from '../../../src/index.ts';
import type { EventRow, UpdatePair, UserRow } from '../../data.ts';
import { SQL } from '../workloads.ts';
import type { BrowserAdapter, Loop, Row, TableState } from '../workloads.ts';

/** InkDB adapter; `worker` picks the variant. */
export class InkdbAdapter implements BrowserAdapter {
  readonly name: string;
  private db: Database | undefined;
  private session: Session | undefined;

  /** @param worker - run the engine in its module Worker */
  constructor(private readonly worker: boolean) {
    this.name = worker ? 'inkdb-worker' : 'inkdb';
  }

  private get s(): Session {
    if (this.session === undefined) throw new Error('not open');
    return this.session;
  }

  async open(): Promise<void> {
    this.db = await openDatabase({ worker: this.worker, storage: 'memory' });
    if (this.db.inWorker !== this.worker) throw new Error(`expected inWorker = ${String(this.worker)}, got ${String(this.db.inWorker)}`);
    this.session = await this.db.login('root', '');
    await this.s.query('SELECT 1');
  }

  async reset(): Promise<void> {
    await this.s.query('DROP TABLE IF EXISTS events');
    await this.s.query('DROP TABLE IF EXISTS users');
    await this.s.query(SQL.createEvents);
    await this.s.query(SQL.createUsers);
  }

  async loadUsers(rows: readonly UserRow[]): Promise<void> {
    await this.s.table('users').insert(rows);
  }

  async bulkLoad(rows: readonly EventRow[]): Promise<void> {
    await this.s.table('events').insert(rows);
  }

  async insertEach(rows: readonly EventRow[], loop: Loop): Promise<void> {
    const s = this.s;
    const st = await s.prepare(SQL.insertEvent);
    await s.query('BEGIN');
    for (let i = 0; i < rows.length; i++) {
      if (!loop.ok(i)) break;
      const r = rows[i] as EventRow;
      await st.query([r.id, r.user_id, r.kind, r.value, r.ts]);
    }
    await s.query('COMMIT');
    await st.close();
  }

  async lookup(ids: readonly number[], loop: Loop): Promise<Row[]> {
    const st = await this.s.prepare(SQL.lookup);
    const out: Row[] = [];
    for (let i = 0; i < ids.length; i++) {
      if (!loop.ok(i)) break;
      for (const r of (await st.query([ids[i]])).rows) out.push(r);
    }
    await st.close();
    return out;
  }

  async lookupLiteral(ids: readonly number[], loop: Loop): Promise<Row[]> {
    const s = this.s;
    const out: Row[] = [];
    for (let i = 0; i < ids.length; i++) {
      if (!loop.ok(i)) break;
      for (const r of (await s.query(SQL.lookupLiteral(ids[i] as number))).rows) out.push(r);
    }
    return out;
  }

  private async all(sql: string): Promise<Row[]> {
    return (await this.s.query(sql)).rows;
  }

  filterScan(): Promise<Row[]> {
    return this.all(SQL.filterScan);
  }

  groupBy(): Promise<Row[]> {
    return this.all(SQL.groupBy);
  }

  topK(): Promise<Row[]> {
    return this.all(SQL.topK);
  }

  join(): Promise<Row[]> {
    return this.all(SQL.join);
  }

  async update(pairs: readonly UpdatePair[], loop: Loop): Promise<void> {
    const st = await this.s.prepare(SQL.update);
    for (let i = 0; i < pairs.length; i++) {
      if (!loop.ok(i)) break;
      const p = pairs[i] as UpdatePair;
      await st.query([p.value, p.id]);
    }
    await st.close();
  }

  async remove(ids: readonly number[], loop: Loop): Promise<void> {
    const st = await this.s.prepare(SQL.delete);
    for (let i = 0; i < ids.length; i++) {
      if (!loop.ok(i)) break;
      await st.query([ids[i]]);
    }
    await st.close();
  }

  async createIndex(): Promise<void> {
    await this.s.query(SQL.createIndex);
  }

  indexedSelect(): Promise<Row[]> {
    return this.all(SQL.indexedSelect);
  }

  async state(): Promise<TableState> {
    const v = (await this.s.query(SQL.state)).rowArrays()[0] ?? [];
    return [Number(v[0] ?? 0), Number(v[1] ?? 0), Number(v[2] ?? 0)] as const;
  }

  async close(): Promise<void> {
    await this.db?.close();
    this.db = undefined;
    this.session = undefined;
  }
}
