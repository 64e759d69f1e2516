/**
 * The engines that run TPC-H, behind one small interface: InkDB (in-process), PGlite and (Node only)
 * DuckDB-Wasm, each loading the generated data its own fastest documented way and returning answers
 * as positional rows of plain values (numbers, strings, dates as day numbers), so that answers can be
 * compared across engines (bench/tpch/compare.ts).
 * @module
 */

import { PGlite } from '@electric-sql/pglite';
import type { openDatabase, Session } from '../../src/index.ts';
import { generateTpch } from './generate.ts';
import { inkdbRows, tsv } from './load.ts';
import type { TpchQuery } from './queries.ts';
import { createTableSql, INKDB_DECIMAL_TYPE, INKDB_EXACT_DECIMAL, TPCH_TABLES } from './schema.ts';
import type { TpchTable } from './schema.ts';

/** A value of an answer: number, string, or null (dates are day numbers, exact decimals their text). */
export type Cell = number | string | null;

/** One engine running TPC-H. */
export interface TpchEngine {
  /** Engine id (`inkdb`, `pglite`, `duckdb`). */
  readonly name: string;
  /** Starts the engine. */
  open(): Promise<void>;
  /**
   * Creates the tables and loads the data of scale factor `sf`, generated chunk by chunk.
   * @returns milliseconds spent generating (the rest of the call is the engine's load)
   */
  load(sf: number): Promise<number>;
  /** Runs one query (with its setup and teardown) and returns its rows. */
  run(q: TpchQuery): Promise<Cell[][]>;
  /** Shuts the engine down. */
  close(): Promise<void>;
}

const DAY_MS = 86_400_000;

function cell(v: unknown): Cell {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number' || typeof v === 'string') return v;
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof Date) return Math.round(v.getTime() / DAY_MS);
  if (typeof v === 'boolean') return v ? 1 : 0;
  return String(v);
}

/**
 * Runs the generator and hands each chunk to `sink`; returns the time spent in the generator (and in
 * `convert`, the engine-independent part of the conversion is counted as generation only when
 * `convert` is omitted).
 */
async function feed<T>(sf: number, convert: (c: ReturnType<typeof generateTpch> extends Generator<infer C> ? C : never) => T, sink: (table: TpchTable, data: T, rows: number) => Promise<void>): Promise<number> {
  let genMs = 0;
  const it = generateTpch(sf);
  for (;;) {
    const t0 = performance.now();
    const next = it.next();
    genMs += performance.now() - t0;
    if (next.done === true) break;
    const chunk = next.value;
    if (chunk.length === 0) continue;
    await sink(chunk.table, convert(chunk), chunk.length);
  }
  return genMs;
}

/** InkDB in-process (`openDatabase({ worker: false, storage: 'memory' })`), loaded with `table(t).insert(rows)`. */
export class InkdbTpch implements TpchEngine {
  readonly name = 'inkdb';
  private db: Awaited<ReturnType<typeof openDatabase>> | undefined;
  private session: Session | undefined;

  /** @param load - imports InkDB's `openDatabase` (the source, or a build) */
  constructor(private readonly loadModule: () => Promise<typeof openDatabase>) {}

  private get s(): Session {
    if (this.session === undefined) throw new Error('not open');
    return this.session;
  }

  async open(): Promise<void> {
    const openDb = await this.loadModule();
    this.db = await openDb({ worker: false, storage: 'memory' });
    this.session = await this.db.login('root', '');
  }

  async load(sf: number): Promise<number> {
    for (const t of TPCH_TABLES) await this.s.query(createTableSql(t, INKDB_DECIMAL_TYPE));
    // Row objects are what InkDB's bulk path takes: building them counts as the engine's load.
    return feed(sf, (c) => c, async (table, chunk) => {
      await this.s.table(table).insert(inkdbRows(chunk));
    });
  }

  async run(q: TpchQuery): Promise<Cell[][]> {
    for (const sql of q.setup) await this.s.query(sql);
    try {
      const r = await this.s.query(q.sql);
      return r.rowArrays().map((row) => row.map(cell));
    } finally {
      for (const sql of q.teardown) await this.s.query(sql);
    }
  }

  async close(): Promise<void> {
    await this.db?.close();
    this.db = undefined;
    this.session = undefined;
  }
}

/** PostgreSQL's type id of NUMERIC (its values come back as text). */
const PG_NUMERIC = 1700;

/** PGlite (PostgreSQL 17 in wasm), in memory, loaded with `COPY t FROM '/dev/blob'`; DECIMAL(15,2) columns. */
export class PgliteTpch implements TpchEngine {
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

  async load(sf: number): Promise<number> {
    for (const t of TPCH_TABLES) await this.pg.exec(createTableSql(t, 'DECIMAL(15,2)'));
    const ms = await feed(sf, tsv, async (table, text) => {
      await this.pg.query(`COPY ${table} FROM '/dev/blob'`, [], { blob: new Blob([text]) });
    });
    await this.pg.exec('ANALYZE');
    return ms;
  }

  async run(q: TpchQuery): Promise<Cell[][]> {
    for (const sql of q.setup) await this.pg.exec(sql);
    try {
      const r = await this.pg.query<Record<string, unknown>>(q.sql, [], { rowMode: 'array' });
      const numeric = r.fields.map((f) => f.dataTypeID === PG_NUMERIC);
      // NUMERIC comes back as PostgreSQL's text: kept as text to compare with InkDB's exact numeric
      // text, as a number while InkDB's decimals are DOUBLE
      const asText = INKDB_EXACT_DECIMAL;
      return (r.rows as unknown as unknown[][]).map((row) => row.map((v, i) => (numeric[i] === true && typeof v === 'string' ? (asText ? v : Number(v)) : cell(v))));
    } finally {
      for (const sql of q.teardown) await this.pg.exec(sql);
    }
  }

  async close(): Promise<void> {
    await this.db?.close();
    this.db = undefined;
  }
}
