/**
 * The result of one statement, as the client hands it to the application. It is built from the
 * engine's column vectors (in-process), or from what the worker sent: value arrays for small
 * results, column vectors for large ones (text as UTF-8 or a dictionary, typed arrays
 * transferred), or Arrow IPC bytes; rows, the Arrow table and the vectors are each materialised
 * on first access only.
 */
import { tableFromIPC, type Table } from 'apache-arrow';
import {
  arrowTableFromData, arrowTableToVectors, utf8ArrowData, vectorArrowData, vectorsToArrowTable, vectorsToRowArrays, vectorsToRows,
} from '../types/arrow.ts';
import { dictionaryToUtf8 } from '../types/utf8.ts';
import { pageVectorFromValues, type JsValue, type Vector } from '../types/vector.ts';
import type { ColumnInfo, ExecResult, WireResult } from '../api/engine-api.ts';
import { fromWireVectors, type WireVector } from '../api/worker-wire.ts';

/**
 * A result row: column name → value (`bigint` columns stay `bigint`).
 *
 * @example
 * ```ts
 * const row: Row = (await s.query('SELECT 1 AS a, 2::bigint AS b')).rows[0]!;   // { a: 1, b: 2n }
 * ```
 */
export type Row = Record<string, JsValue>;

/**
 * What `session.query()` returns.
 *
 * Values by SQL type: boolean → `boolean`; smallint, integer, real, double → `number`;
 * bigint → `bigint`; numeric → `string` in PostgreSQL's text form (`'1.50'`, exact, as
 * node-postgres and PGlite return it); text, json, uuid → `string`; bytes → `Uint8Array`; date → days since
 * 1970-01-01 (`number`); timestamp → milliseconds since the epoch (`number`, sub-millisecond
 * digits as a fraction); NULL → `null`.
 *
 * @example
 * ```ts
 * const r = await s.query('SELECT a, b FROM t ORDER BY a');
 * r.columns;     // [{ name: 'a', type: 'integer' }, { name: 'b', type: 'text' }]
 * r.rows;        // [{ a: 1, b: 'x' }, { a: 2, b: 'y' }]
 * r.rowArrays(); // [[1, 'x'], [2, 'y']]
 * r.table;       // apache-arrow Table with 2 rows
 * r.rowCount;    // 2
 * r.message;     // 'SELECT 2'
 * ```
 */
export class Result {
  /** The result's columns, in order (empty for statements without rows). */
  readonly columns: readonly ColumnInfo[];
  /** Rows returned, or rows affected by INSERT/UPDATE/DELETE. */
  readonly rowCount: number;
  /** The command tag: `Inserted 2 row(s)`, `Table default.t created`, `SELECT 3`, … */
  readonly message: string;
  /** The statement kind (`select`, `insert`, `create_table`, …). */
  readonly command: string;

  #vectors: readonly Vector[] | null;
  /** Column vectors as the worker sent them (text as UTF-8 or a dictionary), until decoded. */
  #wire: readonly WireVector[] | null = null;
  #length: number;
  #ipc: Uint8Array | null;
  #table: Table | null = null;
  #rows: Row[] | null = null;

  /** One result kept alive so its shape survives full GCs (V8 holds it only through weak transitions). */
  static readonly keepShape: Result = new Result([], 0, '', '', null, 0, null);

  private constructor(
    columns: readonly ColumnInfo[], rowCount: number, message: string, command: string,
    vectors: readonly Vector[] | null, length: number, ipc: Uint8Array | null,
  ) {
    this.columns = columns;
    this.rowCount = rowCount;
    this.message = message;
    this.command = command;
    this.#vectors = vectors;
    this.#length = length;
    this.#ipc = ipc;
  }

  /**
   * Wraps an in-process engine result (its vectors may share the engine's buffers).
   *
   * @example
   * ```ts
   * const r = Result.fromExec(await engine.execute(sid, 'SELECT 1 AS x'));
   * r.rows;   // [{ x: 1 }]
   * ```
   */
  static fromExec(r: ExecResult): Result {
    return new Result(r.columns, r.rowCount, r.message, r.command, r.vectors, r.length, null);
  }

  /**
   * Wraps a result received from the worker: its values stay in their wire form until read.
   *
   * @example
   * ```ts
   * const r = Result.fromWire({ columns, ipc, rowCount: 2, message: 'SELECT 2', command: 'select' });
   * r.table.numRows;   // 2
   * ```
   */
  static fromWire(r: WireResult): Result {
    if (r.vectors !== undefined && r.columns.length > 0) {
      // kept as sent: the Arrow table is built from them without decoding a string, rows decode them
      const out = new Result(r.columns, r.rowCount, r.message, r.command, null, r.length ?? 0, null);
      out.#wire = r.vectors;
      return out;
    }
    if (r.values !== undefined && r.columns.length > 0) {
      const vectors = r.columns.map((c, i) => pageVectorFromValues(c.type, r.values![i] as JsValue[]));
      return new Result(r.columns, r.rowCount, r.message, r.command, vectors, r.length ?? 0, null);
    }
    if (r.ipc === null || r.columns.length === 0) {
      return new Result(r.columns, r.rowCount, r.message, r.command, [], 0, null);
    }
    return new Result(r.columns, r.rowCount, r.message, r.command, null, -1, r.ipc);
  }

  /** The Arrow table, decoded or built on first access. */
  get table(): Table {
    if (this.#table === null) {
      if (this.#ipc !== null) {
        this.#table = tableFromIPC(this.#ipc);
        this.#ipc = null;
      } else if (this.#wire !== null) {
        this.#table = wireArrowTable(this.columns, this.#wire, this.#length);
      } else {
        this.#table = vectorsToArrowTable(this.columns, this.#vectors ?? [], this.#length);
      }
    }
    return this.#table;
  }

  /** Column vectors (decoded from Arrow once, when the result came from the worker). */
  #loadVectors(): readonly Vector[] {
    if (this.#vectors === null && this.#wire !== null) this.#vectors = fromWireVectors(this.#wire);
    if (this.#vectors === null) {
      const { vectors, length } = arrowTableToVectors(this.table, this.columns);
      this.#vectors = vectors;
      this.#length = length;
    }
    return this.#vectors;
  }

  /** Number of rows carried by the result (0 for DDL and for DML without RETURNING). */
  get length(): number {
    if (this.#length < 0) this.#loadVectors();
    return this.#length;
  }

  /** The rows as plain objects keyed by column name, built on first access and then cached. */
  get rows(): Row[] {
    if (this.#rows === null) {
      const v = this.#loadVectors();
      this.#rows = vectorsToRows(this.columns, v, this.#length);
    }
    return this.#rows;
  }

  /**
   * The rows as arrays of values in column order (the fast path: no objects keyed by name,
   * duplicate column names kept). A new array each call.
   *
   * @example
   * ```ts
   * (await s.query('SELECT 1, NULL, true')).rowArrays();   // [[1, null, true]]
   * ```
   */
  rowArrays(): JsValue[][] {
    const v = this.#loadVectors();
    return vectorsToRowArrays(v, this.#length);
  }
}

/** An Arrow table from vectors in their wire form: UTF-8 text as it came, dictionary text expanded to UTF-8, the rest shared. */
function wireArrowTable(columns: readonly ColumnInfo[], wire: readonly WireVector[], length: number): Table {
  return arrowTableFromData(columns, wire.map((v) => {
    if ('utf8' in v) return utf8ArrowData(v.type, v.utf8, v.nulls, length);
    if ('dict' in v) return utf8ArrowData(v.type, dictionaryToUtf8(v.dict, v.codes, v.nulls, length), v.nulls, length);
    return vectorArrowData(v, length);
  }), length);
}
