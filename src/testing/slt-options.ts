/**
 * What a sqllogictest run is given and what it reports: sources, {@link SltOptions}, failures,
 * per-file results and the summary that `npm run slt` and the conformance step print.
 *
 * @module
 */

/** A test file given by content instead of by path. */
export interface SltSource {
  /** Name used in reports (usually the path). */
  name: string;
  /** The file's text. */
  text: string;
}

/** Options of {@link runSltFile} and {@link runSltFiles}. */
export interface SltOptions {
  /** Engine name matched by `skipif`/`onlyif` (case-insensitive). Default `'postgresql'`. */
  engine?: string;
  /**
   * Initial hash threshold of every file (a `hash-threshold` record overrides it for the rest
   * of its file). Default 8, SQLite's. A result is compared against its expected block in
   * either form — a hash line is checked by hashing, listed values value by value — so the
   * threshold only decides how a mismatching result is shown (as a hash line above it).
   */
  hashThreshold?: number;
  /** Stop at the first failing record (of the whole run). Default false. */
  stopOnFailure?: boolean;
  /** Print each failure (file:line, SQL, expected vs got, error code/message). Default false. */
  verbose?: boolean;
  /** With `verbose`, print at most this many failures per run (further ones are only counted). Default 50. */
  maxPrinted?: number;
  /** Values of expected/actual kept per failure in results and printouts. Default 20. */
  maxDetailValues?: number;
  /** Where printed lines go. Default `console.log`. */
  log?: (line: string) => void;
  /** Reads a file given by path. Default: `node:fs/promises` `readFile(path, 'utf8')`, gunzipped when the path ends in `.gz`. */
  readFile?: (path: string) => Promise<string> | string;
  /** Called after each file of {@link runSltFiles} with its result (e.g. to print progress). */
  onFileResult?: (result: SltFileResult) => void;
}

/** Why a record failed. */
export type SltFailureKind =
  /** `statement ok` raised an error. */
  | 'statement-error'
  /** `statement error` succeeded. */
  | 'unexpected-success'
  /** `statement error <SQLSTATE> <regex>` failed, but with another SQLSTATE or a message the pattern does not match. */
  | 'wrong-error'
  /** A query raised an error. */
  | 'query-error'
  /** A query returned different values than listed. */
  | 'mismatch'
  /** A query's values hash differently from the expected `values hashing to` line. */
  | 'hash-mismatch'
  /** A labelled query disagrees with an earlier query of the same label. */
  | 'label-mismatch'
  /** A query returned a different number of columns than its type string has letters. */
  | 'column-count'
  /** The record is malformed (unknown record type, bad type letter or sort mode). */
  | 'bad-record'
  /** The file could not be read or the engine could not connect. */
  | 'file-error';

/** One failed record. */
export interface SltFailure {
  /** File name or path. */
  file: string;
  /** 1-based line of the record's command. */
  line: number;
  /** Why it failed. */
  kind: SltFailureKind;
  /**
   * The engine's error code (`DbError.code`, a SQLSTATE) for errors, wrong errors included (`'error'` if the error had
   * none), `'mismatch'` for wrong results (value, hash, label, column count), `'no-error'` for
   * an unexpected success, `'bad-record'` / `'file-error'` otherwise.
   */
  code: string;
  /** Human-readable description (the engine's message for errors). */
  message: string;
  /** The record's SQL. */
  sql: string;
  /** Expected lines (truncated to `maxDetailValues`), for result failures. */
  expected?: string[];
  /** Actual rendered values after sorting (truncated), or the actual hash line. */
  actual?: string[];
}

/** Outcome of one file. `passed + failed === run`; `run + skipped` counts its statements and queries. */
export interface SltFileResult {
  /** File name or path. */
  file: string;
  /** Records executed (statements and queries, plus malformed records, which fail). */
  run: number;
  /** Executed records that passed. */
  passed: number;
  /** Executed records that failed. */
  failed: number;
  /** Statements and queries not executed: excluded by skipif/onlyif, or after `halt`. */
  skipped: number;
  /** Wall time for reading, parsing and running the file, in milliseconds. */
  durationMs: number;
  /** True if a `halt` record stopped the file. */
  halted: boolean;
  /** True if `stopOnFailure` stopped the file early. */
  stopped: boolean;
  /** Every failure, in file order. */
  failures: SltFailure[];
}

/** Outcome of {@link runSltFiles}. */
export interface SltSummary {
  /** Per-file results, in run order. */
  files: SltFileResult[];
  /** Sum of {@link SltFileResult.run}. */
  run: number;
  /** Sum of {@link SltFileResult.passed}. */
  passed: number;
  /** Sum of {@link SltFileResult.failed}. */
  failed: number;
  /** Sum of {@link SltFileResult.skipped}. */
  skipped: number;
  /** Percentage of run records that passed (100 when nothing ran). */
  passRate: number;
  /** Wall time of the whole run, in milliseconds. */
  durationMs: number;
  /** True if `stopOnFailure` ended the run early. */
  stopped: boolean;
}
