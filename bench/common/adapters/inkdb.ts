/**
 * InkDB adapter, against the public API of `src/index.ts`, the same in Node and in the page:
 * `openDatabase({ worker, storage: 'memory' })`, `db.login('root', '')`, `session.query(sql, params)`
 * (`r.rows` are plain objects), `session.prepare(sql)` / `stmt.query(params)`,
 * `session.table('events').insert(rows)` (W1a) and `BEGIN` / `COMMIT`. The SQL is exactly BENCHMARKS.md's
 * (the {@link SQL} table of bench/common/workloads.ts).
 *
 * Where InkDB comes from, whether it runs in its Worker, and how `reset` gets empty tables are the
 * caller's ({@link InkdbOptions}): bench/adapters/inkdb.ts imports the module named by
 * `BENCH_INKDB_ENTRY` in-process; bench/browser/adapters/inkdb.ts bundles `src/index.ts` into the page,
 * on the main thread or through the Worker.
 * @module
 */

import type { Database, openDatabase, Session } from '../../../src/index.ts';
import type { EventRow, UpdatePair, UserRow } from '../../data.ts';
import { SQL } from '../workloads.ts';
import type { Adapter, EventColumns, Loop, Row, TableState } from '../workloads.ts';
import type { Table as ArrowTable } from 'apache-arrow';
import { SqlReads } from './sql.ts';

/** How the adapter gets InkDB and runs it. */
export interface InkdbOptions {
  /** Engine id, e.g. `inkdb` or `inkdb-worker`. */
  readonly name: string;
  /**
   * Loads InkDB and returns its `openDatabase` (untimed, in `open`; a module that is missing or fails to
   * load is then reported as an error of this engine only).
   */
  load(): Promise<typeof openDatabase>;
  /** Run the engine in its module Worker (`openDatabase({ worker: true })`). */
  readonly worker: boolean;
  /**
   * How `reset` empties the tables: `database` opens a new, empty in-memory database (the cleanest fresh
   * tables); `tables` drops and recreates them in the one database (a new database through the Worker
   * would start a new Worker, whose engine code would then run cold in every timed run).
   */
  readonly reset: 'database' | 'tables';
  /** The table-state query ({@link SQL}'s `state` or `stateAliased`). */
  readonly stateSql: string;
}

/** InkDB adapter. */
export class InkdbAdapter extends SqlReads implements Adapter {
  readonly name: string;
  private openDb: typeof openDatabase | undefined;
  private db: Database | undefined;
  private session: Session | undefined;

  /** @param options - where InkDB comes from and how it runs */
  constructor(private readonly options: InkdbOptions) {
    super();
    this.name = options.name;
  }

  private get s(): Session {
    if (this.session === undefined) throw new Error('not open');
    return this.session;
  }

  async open(): Promise<void> {
    this.openDb = await this.options.load();
    await this.connect();
    // Fail early if the engine cannot even answer a query.
    await this.s.query('SELECT 1');
  }

  /** Opens a new, empty in-memory database (closing the previous one) and logs in as root. */
  private async connect(): Promise<void> {
    if (this.openDb === undefined) throw new Error('not open');
    const worker = this.options.worker;
    await this.db?.close();
    this.db = undefined;
    this.session = undefined;
    this.db = await this.openDb({ worker, storage: 'memory' });
    if (this.db.inWorker !== worker) throw new Error(`expected inWorker = ${String(worker)}, got ${String(this.db.inWorker)}`);
    this.session = await this.db.login('root', '');
  }

  async reset(): Promise<void> {
    if (this.options.reset === 'database') {
      await this.connect();
    } else {
      await this.s.query('DROP TABLE IF EXISTS events');
      await this.s.query('DROP TABLE IF EXISTS users');
    }
    await this.s.query(SQL.createEvents);
    await this.s.query(SQL.createUsers);
  }

  async loadUsers(rows: readonly UserRow[]): Promise<void> {
    await this.s.table('users').insert(rows);
  }

  async bulkLoad(rows: readonly EventRow[]): Promise<void> {
    await this.s.table('events').insert(rows);
  }

  async bulkLoadArrow(table: ArrowTable): Promise<void> {
    await this.s.table('events').insert(table);
  }

  async bulkLoadColumns(columns: EventColumns): Promise<void> {
    await this.s.table('events').insert({ ...columns });
  }

  async insertBatch(rows: readonly EventRow[]): Promise<void> {
    const st = await this.s.prepare(SQL.insertEvent);
    const params: unknown[][] = new Array(rows.length);
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i] as EventRow;
      params[i] = [r.id, r.user_id, r.kind, r.value, r.ts];
    }
    await st.run(params);
    await st.close();
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

  protected async all(sql: string): Promise<Row[]> {
    return (await this.s.query(sql)).rows;
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

  async state(): Promise<TableState> {
    const v = (await this.s.query(this.options.stateSql)).rowArrays()[0] ?? [];
    return [Number(v[0] ?? 0), Number(v[1] ?? 0), Number(v[2] ?? 0)] as const;
  }

  async close(): Promise<void> {
    await this.db?.close();
    this.db = undefined;
    this.session = undefined;
  }
}
