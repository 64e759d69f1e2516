/**
 * Batched calls: a prepared statement run for many parameter rows (`executeMany`) and a list of
 * statements (`batch`), each as one statement of the session — inside its open transaction, or
 * as a transaction of its own — that stops at the first failure, rolls the whole call back and
 * reports the failing position as the error's `batchIndex`. One call crosses the Worker once.
 */
import type * as A from '../sql/ast.ts';
import { DbError, toDbError } from '../errors/db-error.ts';
import { SqlState } from '../errors/sqlstate.ts';
import type { BatchStatement, ColumnInfo, ExecResult, ParamColumns, ParamRows } from '../api/engine-api.ts';
import { valueAt, vectorFromValues, type JsValue } from '../types/vector.ts';
import { dispatch } from './dispatch.ts';
import { compileDml } from './planning.ts';
import { runDmlStatement } from './queries.ts';
import type { Interrupt } from './interrupt.ts';
import type { PreparedEntry, Session } from './session.ts';
import { Run, type EngineState } from './state.ts';
import { runAtomic } from './transactions.ts';

/** Rows between two looks at the call's time limit and cancel signal. */
const CHECK_EVERY = 1024;

/** Marks a batch failure with the position that failed (the first failure keeps its index). */
function atIndex(e: unknown, i: number): DbError {
  const err = toDbError(e);
  if (err.batchIndex === undefined) err.batchIndex = i;
  return err;
}

function noTransactionControl(st: A.Statement): void {
  if (st.kind === 'transaction') {
    throw new DbError(SqlState.FEATURE_NOT_SUPPORTED, 'transaction control statements are not allowed in a batch', {
      hint: 'A batch runs as one statement: inside the open transaction, or as a transaction of its own.',
    });
  }
}

/**
 * Runs `count` steps in order, synchronously until a step answers with a promise; a failing
 * step's error carries its index.
 */
function runSteps(count: number, step: (i: number) => ExecResult | Promise<ExecResult>, add: (r: ExecResult) => void,
  interrupt: Interrupt | null, from = 0): void | Promise<void> {
  for (let i = from; i < count; i++) {
    let r: ExecResult | Promise<ExecResult>;
    try {
      if (interrupt !== null && i % CHECK_EVERY === 0) interrupt.check();
      r = step(i);
    } catch (e) {
      throw atIndex(e, i);
    }
    if (r instanceof Promise) {
      return r.then((x) => {
        add(x);
        return runSteps(count, step, add, interrupt, i + 1);
      }, (e: unknown) => { throw atIndex(e, i); });
    }
    add(r);
  }
  return undefined;
}

/** The rows of several results of one shape, concatenated. */
function concatResults(columns: readonly ColumnInfo[], parts: readonly ExecResult[]): ExecResult['vectors'] {
  return columns.map((c, ci) => {
    const values: JsValue[] = [];
    for (const p of parts) {
      const v = p.vectors[ci]!;
      for (let i = 0; i < p.length; i++) values.push(valueAt(v, i));
    }
    return vectorFromValues(c.type, values);
  });
}

/** Runs a prepared statement once per parameter row, as one statement (see `EngineApi.executeMany`). */
export function runMany(db: EngineState, s: Session, entry: PreparedEntry, paramRows: ParamRows,
  interrupt: Interrupt | null): ExecResult | Promise<ExecResult> {
  const stmt = entry.stmt;
  const dml = stmt.kind === 'insert' || stmt.kind === 'update' || stmt.kind === 'delete' ? stmt : null;
  // a DML run keeps nothing of its parameter row (they are bound into arrays of their own), so
  // rows given by column are read into one reused array
  const rowAt = rowReader(paramRows, dml !== null);
  noTransactionControl(stmt);
  return runAtomic(db, s, (undo) => {
    let count = 0;
    let columns: readonly ColumnInfo[] = [];
    const withRows: ExecResult[] = [];
    let command = stmt.kind === 'query' ? 'select' : stmt.kind;
    // DML runs as a prepared call runs it (no dispatcher, no Run per row); a single-row INSERT
    // leaves the interrupt to runSteps (every CHECK_EVERY rows), so its context is renewed per row
    let rowInterrupt = interrupt;
    let planned = false;
    const step = (i: number): ExecResult | Promise<ExecResult> => {
      const params = rowAt(i);
      if (dml !== null) {
        if (!planned) {
          if (compileDml(db, s, dml, params, entry).prepared.renewsContext === true) rowInterrupt = null;
          planned = true;
        }
        return runDmlStatement(db, s, dml, params, undo, rowInterrupt, entry);
      }
      return dispatch(new Run(db, s, stmt, params, undo, undefined, interrupt, entry));
    };
    const add = (r: ExecResult): void => {
      count += r.rowCount;
      command = r.command;
      if (r.columns.length > 0) {
        columns = r.columns;
        if (r.length > 0) withRows.push(r);
      }
    };
    const done = (): ExecResult => manyResult(command, count, columns, withRows);
    const p = runSteps(paramRows.length, step, add, interrupt);
    return p === undefined ? done() : p.then(done);
  });
}

/**
 * Row `i` of a batch's parameter rows (22023 for a row that is not an array, or malformed
 * columns). Rows by column are read into a new array per row, or into one reused array (`reuse`).
 */
function rowReader(rows: ParamRows, reuse: boolean): (i: number) => readonly unknown[] {
  if (Array.isArray(rows)) {
    return (i) => {
      const r: unknown = rows[i];
      if (!Array.isArray(r)) throw new DbError(SqlState.INVALID_PARAMETER_VALUE, `parameter row ${i} is not an array`);
      return r;
    };
  }
  const p = rows as ParamColumns;
  const cols = p !== null && typeof p === 'object' ? p.columns : undefined;
  if (!Array.isArray(cols) || !Number.isInteger(p.length) || p.length < 0
    || !cols.every((c: unknown) => c !== null && typeof c === 'object' && (c as ArrayLike<unknown>).length >= p.length)) {
    throw new DbError(SqlState.INVALID_PARAMETER_VALUE, 'parameter rows must be an array of arrays');
  }
  const w = cols.length;
  const shared: unknown[] = new Array<unknown>(w);
  return (i) => {
    const row = reuse ? shared : new Array<unknown>(w);
    for (let c = 0; c < w; c++) row[c] = (cols[c] as ArrayLike<unknown>)[i];
    return row;
  };
}

function manyResult(command: string, count: number, columns: readonly ColumnInfo[], parts: readonly ExecResult[]): ExecResult {
  const verb = command === 'insert' ? 'Inserted' : command === 'update' ? 'Updated' : command === 'delete' ? 'Deleted' : null;
  const length = parts.reduce((n, p) => n + p.length, 0);
  const message = verb !== null ? `${verb} ${count} row(s)` : `${command.toUpperCase()} ${count}`;
  if (columns.length === 0) return { columns: [], vectors: [], length: 0, rowCount: count, message, command };
  const vectors = parts.length === 1 ? parts[0]!.vectors : concatResults(columns, parts);
  return { columns, vectors, length, rowCount: count, message, command };
}

/** Runs a list of statements as one statement (see `EngineApi.batch`). */
export function runBatch(db: EngineState, s: Session, statements: readonly BatchStatement[],
  interrupt: Interrupt | null): ExecResult[] | Promise<ExecResult[]> {
  if (!Array.isArray(statements)) throw new DbError(SqlState.INVALID_PARAMETER_VALUE, 'a batch must be an array of { sql, params }');
  const parsed: A.Statement[] = statements.map((b, i) => {
    try {
      if (b === null || typeof b !== 'object' || typeof b.sql !== 'string') {
        throw new DbError(SqlState.INVALID_PARAMETER_VALUE, 'each batch entry must be { sql, params? } with a string sql');
      }
      const stmts = db.cache.parse(b.sql);
      if (stmts.length !== 1) {
        throw new DbError(SqlState.SYNTAX_ERROR, stmts.length === 0 ? 'a batch entry is empty' : 'cannot insert multiple commands into one batch entry', {
          hint: 'Give each statement its own { sql, params } entry.',
        });
      }
      noTransactionControl(stmts[0]!);
      return stmts[0]!;
    } catch (e) {
      throw atIndex(e, i);
    }
  });
  const results: ExecResult[] = [];
  const r = runAtomic(db, s, (undo) => {
    const step = (i: number): ExecResult | Promise<ExecResult> =>
      dispatch(new Run(db, s, parsed[i]!, statements[i]!.params ?? [], undo, undefined, interrupt, undefined));
    const p = runSteps(parsed.length, step, (x) => { results.push(x); }, interrupt);
    const summary = (): ExecResult => ({ columns: [], vectors: [], length: 0, rowCount: results.length, message: `BATCH ${results.length}`, command: 'batch' });
    return p === undefined ? summary() : p.then(summary);
  });
  return r instanceof Promise ? r.then(() => results) : results;
}
