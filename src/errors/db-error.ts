import { SqlState, type SqlStateCode } from './sqlstate.ts';

/** Optional fields a {@link DbError} may carry besides its code and message. */
export interface DbErrorFields {
  /** 1-based character offset into the statement text (syntax and binding errors). */
  position?: number;
  /** 1-based line of {@link position}. */
  line?: number;
  /** 1-based column of {@link position}. */
  column?: number;
  /** Longer explanation, PostgreSQL's DETAIL. */
  detail?: string;
  /** What to do about it, PostgreSQL's HINT. */
  hint?: string;
  /** Table involved, when known. */
  table?: string;
  /** Column involved, when known (named `columnName` to keep `column` for the position). */
  columnName?: string;
  /** In a batched call (`stmt.run(rows)`, `session.batch(…)`): the 0-based position of the row or statement that failed. */
  batchIndex?: number;
}

/**
 * The one error type InkDB raises. Every failure, in the engine, in the worker or on the
 * client side of it, is a `DbError` with a SQLSTATE `code`.
 *
 * @example
 * ```ts
 * try { await s.query('SELECT * FROM nope'); }
 * catch (e) { if (e instanceof DbError) console.log(e.code, e.message); }
 * // 42P01 relation "nope" does not exist
 * ```
 */
export class DbError extends Error {
  override readonly name = 'DbError';
  readonly code: SqlStateCode;
  position?: number;
  line?: number;
  column?: number;
  detail?: string;
  hint?: string;
  table?: string;
  columnName?: string;
  batchIndex?: number;

  constructor(code: SqlStateCode, message: string, fields?: DbErrorFields) {
    super(message);
    this.code = code;
    if (fields) {
      if (fields.position !== undefined) this.position = fields.position;
      if (fields.line !== undefined) this.line = fields.line;
      if (fields.column !== undefined) this.column = fields.column;
      if (fields.detail !== undefined) this.detail = fields.detail;
      if (fields.hint !== undefined) this.hint = fields.hint;
      if (fields.table !== undefined) this.table = fields.table;
      if (fields.columnName !== undefined) this.columnName = fields.columnName;
      if (fields.batchIndex !== undefined) this.batchIndex = fields.batchIndex;
    }
  }

  /** A plain-object form that survives structured clone (see `errors/wire.ts`). */
  toJSON(): SerializedDbError {
    return {
      code: this.code, message: this.message, position: this.position, line: this.line,
      column: this.column, detail: this.detail, hint: this.hint, table: this.table,
      columnName: this.columnName, batchIndex: this.batchIndex,
    };
  }
}

/** The structured-clone form of a {@link DbError}. */
export interface SerializedDbError extends DbErrorFields {
  code: SqlStateCode;
  message: string;
}

/** Rebuilds a {@link DbError} from its serialized form. */
export function deserializeDbError(s: SerializedDbError): DbError {
  return new DbError(s.code, s.message, s);
}

/**
 * Turns anything thrown into a `DbError`: a `DbError` passes through, a JavaScript
 * `RangeError` from deep recursion becomes `54001`, anything else `XX000`.
 */
export function toDbError(e: unknown): DbError {
  if (e instanceof DbError) return e;
  if (e instanceof RangeError && /call stack/i.test(e.message)) {
    return new DbError(SqlState.STATEMENT_TOO_COMPLEX, 'stack depth limit exceeded', {
      hint: 'Simplify the statement: it nests too deeply.',
    });
  }
  if (e instanceof RangeError && /Invalid string length/i.test(e.message)) {
    return new DbError(SqlState.PROGRAM_LIMIT_EXCEEDED, 'requested length too large', { detail: 'A text value grew longer than the engine can hold.' });
  }
  if (e instanceof RangeError && /(Invalid array length|Array buffer allocation failed|allocation)/i.test(e.message)) {
    return new DbError(SqlState.OUT_OF_MEMORY, 'out of memory', { detail: e.message });
  }
  const msg = e instanceof Error ? e.message : String(e);
  const err = new DbError(SqlState.INTERNAL_ERROR, `internal error: ${msg}`);
  // keep the original error (and its stack) for debugging; it does not cross the worker
  Object.defineProperty(err, 'cause', { value: e, enumerable: false, configurable: true });
  return err;
}

/** Exhaustiveness guard for closed unions: reaching it is a bug. */
export function assertNever(x: never, what = 'value'): never {
  throw new DbError(SqlState.INTERNAL_ERROR, `internal error: unexpected ${what} ${JSON.stringify(x)}`);
}

/** Shorthand constructors for the most common errors. */
export const err = {
  syntax: (message: string, position?: number) =>
    new DbError(SqlState.SYNTAX_ERROR, message, position === undefined ? undefined : { position }),
  notSupported: (what: string) => new DbError(SqlState.FEATURE_NOT_SUPPORTED, `${what} is not supported`),
  internal: (message: string) => new DbError(SqlState.INTERNAL_ERROR, `internal error: ${message}`),
};
