/**
 * InkDB adapter, against the public API of `src/index.ts`:
 * `openDatabase({ worker: false, storage: 'memory' })`, `db.login('root', '')`, `session.query(sql, params)`
 * (`r.rows` are plain objects), `session.prepare(sql)` / `stmt.query(params)`,
 * `session.table('events').insert(rows)` (W1a) and `BEGIN` / `COMMIT`. The SQL is exactly BENCHMARKS.md's
 * (the {@link SQL} table of workloads.ts).
 *
 * The module is imported dynamically so that an engine that is missing or fails to load is reported as
 * an error for this engine only; its types come from `src/index.ts`.
 * @module
 */

import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { EventRow, UpdatePair, UserRow } from '../data.ts';
import { SQL } from '../workloads.ts';
import type { Adapter, Loop, Row, TableState } from '../workloads.ts';

/** The InkDB module's type (the import itself is dynamic, see {@link ENTRY}). */
type InkModule = typeof import('../../src/index.ts');
type InkDatabase = Awaited<ReturnType<InkModule['openDatabase']>>;
type InkSession = Awaited<ReturnType<InkDatabase['login']>>;

/**
 * InkDB's entry point: `src/index.ts`, or the module named by the `BENCH_INKDB_ENTRY` environment
 * variable (an absolute path or a file URL, e.g. to benchmark a build in `dist/`).
 */
const ENTRY: string = process.env['BENCH_INKDB_ENTRY'] ?? '../../src/index.ts';

function projectVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: string };
    return `${pkg.version ?? '?'} (src)`;
  } catch {
    return 'src';
  }
}

/** InkDB adapter. */
export class InkdbAdapter implements Adapter {
  readonly name = 'inkdb';
  readonly version = projectVersion();
  private mod: InkModule | undefined;
  private db: InkDatabase | undefined;
  private session: InkSession | undefined;

  private get s(): InkSession {
    if (this.session === undefined) throw new Error('not open');
    return this.session;
  }

  async open(): Promise<void> {
    const spec = ENTRY.startsWith('/') ? pathToFileURL(ENTRY).href : ENTRY;
    this.mod = (await import(spec)) as InkModule;
    // Fail early if the engine cannot even answer a query.
    await this.fresh();
    await this.s.query('SELECT 1');
  }

  /** A new, empty in-memory database (the cleanest "fresh tables" for the mutating workloads). */
  private async fresh(): Promise<void> {
    if (this.mod === undefined) throw new Error('not open');
    await this.db?.close();
    this.db = undefined;
    this.session = undefined;
    this.db = await this.mod.openDatabase({ worker: false, storage: 'memory' });
    this.session = await this.db.login('root', '');
  }

  async reset(): Promise<void> {
    await this.fresh();
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
