/**
 * The engine side of the sqllogictest runner: what an engine implements so that
 * `runSltFile` / `runSltFiles` (`sqllogictest.ts`) can drive it.
 *
 * @module
 */

/** One column of a result, as the engine reports it. The runner only counts columns. */
export interface SltColumn {
  /** Column name. */
  readonly name: string;
  /** Engine type name (informational; rendering follows the record's type letters). */
  readonly type: string;
}

/** What {@link SltConnection.query} returns: the columns and the rows as JS values. */
export interface SltQueryResult {
  /** Result columns; statements without a result may return `[]`. */
  readonly columns: readonly SltColumn[];
  /** Row values: `null`, boolean, number, bigint, string or `Uint8Array`. */
  readonly rows: readonly (readonly unknown[])[];
}

/**
 * The engine side of the runner: one session on a fresh database.
 *
 * `query` may return synchronously (the runner then never awaits) or a promise. Failures
 * are reported by throwing / rejecting; an error's `code` property (InkDB's `DbError.code`,
 * a SQLSTATE) is recorded with the failure.
 */
export interface SltConnection {
  /** Runs one statement; resolves with column types + row values, rejects with an Error (a DbError with .code) on failure. */
  query(sql: string): Promise<SltQueryResult> | SltQueryResult;
  /** Releases the database; called once after the file has run. */
  close?(): Promise<void> | void;
}

/** Opens a connection to a fresh, empty database. Called once per test file. */
export type SltConnect = () => Promise<SltConnection>;
