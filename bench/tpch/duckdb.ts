/**
 * DuckDB-Wasm running TPC-H (Node, blocking build): DECIMAL(15,2) columns, loaded chunk by chunk
 * as tab-separated text through `registerFileText` + `COPY … FROM`. Answers are read column by
 * column from the Arrow result (decimals from their 128-bit words and scale, dates from epoch
 * milliseconds to day numbers, 64-bit integers to numbers).
 * @module
 */

import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Cell, TpchEngine } from './engines.ts';
import { generateTpch } from './generate.ts';
import { tsv } from './load.ts';
import type { TpchQuery } from './queries.ts';
import { createTableSql, TPCH_TABLES } from './schema.ts';

const require = createRequire(import.meta.url);

interface ArrowField {
  readonly name: string;
  readonly type: { readonly typeId: number; readonly scale?: number };
}
interface ArrowColumn {
  get(i: number): unknown;
}
interface ArrowTable {
  readonly numRows: number;
  readonly numCols: number;
  readonly schema: { readonly fields: readonly ArrowField[] };
  getChildAt(i: number): ArrowColumn | null;
}
interface Connection {
  query(sql: string): ArrowTable;
  close(): void;
}
interface Bindings {
  instantiate(progress: (p: unknown) => void): Promise<unknown>;
  connect(): Connection;
  registerFileText(name: string, text: string): void;
  dropFile(name: string): void;
}
interface DuckModule {
  createDuckDB(bundles: unknown, logger: unknown, runtime: unknown): Promise<Bindings>;
  VoidLogger: new () => unknown;
  NODE_RUNTIME: unknown;
}

/** Arrow type ids (apache-arrow's `Type` enum) that need converting. */
const DECIMAL = 7;
const DATE = 8;
const DAY_MS = 86_400_000;

/** The number a 128-bit two's-complement decimal (four 32-bit words, little-endian) stands for. */
function decimalValue(words: Uint32Array, scale: number): number {
  let big = BigInt(words[0] ?? 0) + (BigInt(words[1] ?? 0) << 32n) + (BigInt(words[2] ?? 0) << 64n) + (BigInt(words[3] ?? 0) << 96n);
  if (((words[3] ?? 0) & 0x80000000) !== 0) big -= 1n << 128n;
  return Number(big) / 10 ** scale;
}

/** DuckDB-Wasm (Node blocking build, in memory). */
export class DuckdbTpch implements TpchEngine {
  readonly name = 'duckdb';
  private db: Bindings | undefined;
  private conn: Connection | undefined;

  private get c(): Connection {
    if (this.conn === undefined) throw new Error('not open');
    return this.conn;
  }

  async open(): Promise<void> {
    const duck = require('@duckdb/duckdb-wasm/blocking') as DuckModule;
    const dist = dirname(require.resolve('@duckdb/duckdb-wasm/dist/duckdb-node-blocking.cjs'));
    const bundles = {
      mvp: { mainModule: join(dist, 'duckdb-mvp.wasm'), mainWorker: join(dist, 'duckdb-node-mvp.worker.cjs') },
      eh: { mainModule: join(dist, 'duckdb-eh.wasm'), mainWorker: join(dist, 'duckdb-node-eh.worker.cjs') },
    };
    this.db = await duck.createDuckDB(bundles, new duck.VoidLogger(), duck.NODE_RUNTIME);
    await this.db.instantiate(() => undefined);
    this.conn = this.db.connect();
  }

  async load(sf: number): Promise<number> {
    const db = this.db;
    if (db === undefined) throw new Error('not open');
    for (const t of TPCH_TABLES) this.c.query(createTableSql(t, 'DECIMAL(15,2)'));
    let genMs = 0;
    let part = 0;
    const it = generateTpch(sf);
    for (;;) {
      const t0 = performance.now();
      const next = it.next();
      genMs += performance.now() - t0;
      if (next.done === true) break;
      const chunk = next.value;
      if (chunk.length === 0) continue;
      const name = `tpch-${String(part++)}.tsv`;
      db.registerFileText(name, tsv(chunk));
      this.c.query(`COPY ${chunk.table} FROM '${name}' (DELIMITER '\t', HEADER false, QUOTE '')`);
      db.dropFile(name);
    }
    await Promise.resolve();
    return genMs;
  }

  async run(q: TpchQuery): Promise<Cell[][]> {
    for (const sql of q.setup) this.c.query(sql);
    try {
      const t = this.c.query(q.sql);
      const cols = t.schema.fields.map((f, j) => ({ f, col: t.getChildAt(j) }));
      const rows: Cell[][] = [];
      for (let i = 0; i < t.numRows; i++) {
        rows.push(
          cols.map(({ f, col }) => {
            const v = col?.get(i);
            if (v === null || v === undefined) return null;
            if (f.type.typeId === DECIMAL) return decimalValue(v as Uint32Array, f.type.scale ?? 0);
            if (f.type.typeId === DATE) return Math.round(Number(v) / DAY_MS);
            if (typeof v === 'bigint') return Number(v);
            if (typeof v === 'number' || typeof v === 'string') return v;
            return String(v);
          }),
        );
      }
      return await Promise.resolve(rows);
    } finally {
      for (const sql of q.teardown) this.c.query(sql);
    }
  }

  async close(): Promise<void> {
    this.conn?.close();
    this.conn = undefined;
    this.db = undefined;
    await Promise.resolve();
  }
}
