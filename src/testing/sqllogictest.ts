/**
 * A sqllogictest runner: parses SQLite's sqllogictest format and runs it against any engine
 * that implements {@link SltConnection}. Used by `npm run slt` (scripts/slt.ts) and by the
 * conformance step of `npm test`; it has no Node dependencies except the default file
 * reader, so it also runs in browsers (pass {@link SltSource} objects or a `readFile`).
 *
 * Format (see SQLite's "sqllogictest: about"), as implemented here:
 * - records are separated by blank lines (lines of only whitespace count as blank); lines
 *   starting with `#` are comments and are dropped wherever they appear; `\r\n` is accepted;
 * - `statement ok` / `statement error [SQLSTATE] [regex]`, then the SQL (one or more lines).
 *   After `error` an optional SQLSTATE (a token of five digits or upper-case letters with at
 *   least one digit, e.g. `42P01`) must equal the error's `code`, and an optional regular
 *   expression (the rest of the line, JavaScript syntax, unanchored, e.g.
 *   `statement error 42P01 relation "t\d" does not exist`) must match its message. Without
 *   a SQLSTATE the whole text is the pattern (sqllogictest-rs' `statement error <regex>`);
 *   with neither, any error passes (SQLite's convention: its corpus has only bare
 *   `statement error`). `query error [SQLSTATE] [regex]` is a synonym (no `----` block);
 *   a pattern that is not a valid regular expression makes the record malformed;
 * - `query <types> [nosort|rowsort|valuesort] [label]`, the SQL, then optionally `----` and
 *   the expected values, one per line (or, in the older style, one row per line with
 *   whitespace-separated values), or a single line `N values hashing to <md5>`. A query
 *   without `----` is only checked to run;
 * - `hash-threshold N`; `halt`; any number of `skipif <engine>` / `onlyif <engine>` lines
 *   before a record (engine names compare case-insensitively, anything after the engine
 *   name is a comment). Conditions apply to every record kind, so `onlyif mysql` + `halt`
 *   halts only for mysql.
 *
 * @module
 */
import { Md5 } from './md5.ts';

// ---------------------------------------------------------------------------------------
// Engine interface
// ---------------------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------------------
// Records and parser
// ---------------------------------------------------------------------------------------

/** A `skipif <engine>` or `onlyif <engine>` line in front of a record. */
export interface SltCondition {
  /** `skipif` skips the record for `engine`; `onlyif` skips it for every other engine. */
  kind: 'skipif' | 'onlyif';
  /** Engine name, lower-cased. */
  engine: string;
}

/** Fields every record has. */
export interface SltRecordBase {
  /** 1-based line of the record's command (`statement`, `query`, ...), after its conditions. */
  line: number;
  /** The `skipif`/`onlyif` lines in front of the record, in order. */
  conditions: SltCondition[];
}

/** `statement ok` / `statement error [SQLSTATE] [regex]` (or its synonym `query error …`). */
export interface SltStatementRecord extends SltRecordBase {
  /** Record kind. */
  kind: 'statement';
  /** True for `statement error` / `query error`: the statement must fail. */
  expectError: boolean;
  /** Text after `error`, as written (trimmed), or `''`. */
  errorText: string;
  /** The SQLSTATE the error's `code` must equal (first token of `errorText` when it is one), or `''` for any. */
  errorCode: string;
  /** Pattern the error's message must match (the rest of `errorText`), or `null` for any message. */
  errorPattern: RegExp | null;
  /** The SQL, its lines joined with `\n`. */
  sql: string;
}

/** A sort mode of a query record. */
export type SltSortMode = 'nosort' | 'rowsort' | 'valuesort';

/** `query <types> <sortmode> [label]`. */
export interface SltQueryRecord extends SltRecordBase {
  /** Record kind. */
  kind: 'query';
  /** One letter per result column: `I` integer, `R` real, `T` text. */
  types: string;
  /** The sort mode token as written (`''` when absent, which means `nosort`). */
  sort: string;
  /** The label (4th token), or `''`. Queries with the same label must agree. */
  label: string;
  /** The SQL, its lines joined with `\n`. */
  sql: string;
  /** Expected lines after `----`, or `null` when the record has no `----` (only run it). */
  expected: string[] | null;
}

/** `hash-threshold N`. */
export interface SltHashThresholdRecord extends SltRecordBase {
  /** Record kind. */
  kind: 'hash-threshold';
  /** The new threshold; 0 means results are never shown as hashes. */
  value: number;
}

/** `halt`: stop processing the file (when its conditions let it run). */
export interface SltHaltRecord extends SltRecordBase {
  /** Record kind. */
  kind: 'halt';
}

/** A record the parser does not understand; running it is a failure, as in SQLite. */
export interface SltUnknownRecord extends SltRecordBase {
  /** Record kind. */
  kind: 'unknown';
  /** The record's first line. */
  text: string;
  /** Why it is not understood. */
  reason: string;
}

/** Any parsed record. */
export type SltRecord =
  | SltStatementRecord | SltQueryRecord | SltHashThresholdRecord | SltHaltRecord | SltUnknownRecord;

function isSpaceCode(c: number): boolean {
  // C isspace(): space, \t, \n, \v, \f, \r
  return c === 32 || (c >= 9 && c <= 13);
}

/** Splits a command line into at most 4 whitespace-separated tokens (like SQLite's tokenizeLine). */
function tokenize(line: string): string[] {
  const out: string[] = [];
  const n = line.length;
  let i = 0;
  while (out.length < 4) {
    while (i < n && isSpaceCode(line.charCodeAt(i))) i++;
    if (i >= n) break;
    const start = i;
    while (i < n && !isSpaceCode(line.charCodeAt(i))) i++;
    out.push(line.slice(start, i));
  }
  return out;
}

const SQLSTATE_RE = /^(?=[0-9A-Z]*[0-9])[0-9A-Z]{5}$/;

/** Splits the text after `error` into an expected SQLSTATE and message pattern; a string is a parse error. */
function parseErrorExpectation(text: string): { errorCode: string; errorPattern: RegExp | null } | string {
  const first = tokenize(text)[0] ?? '';
  const errorCode = SQLSTATE_RE.test(first) ? first : '';
  const rest = errorCode === '' ? text : text.slice(text.indexOf(first) + first.length).trim();
  if (rest === '') return { errorCode, errorPattern: null };
  try {
    return { errorCode, errorPattern: new RegExp(rest) };
  } catch (e) {
    return `invalid error pattern /${rest}/: ${e instanceof Error ? e.message : String(e)}`;
  }
}

/**
 * Parses sqllogictest text into records. Never throws: malformed records become
 * {@link SltUnknownRecord}s, which fail when run.
 *
 * @example
 * ```ts
 * parseSlt('statement ok\nCREATE TABLE t(a INTEGER)\n\nquery I nosort\nSELECT a FROM t\n----\n');
 * // [{ kind: 'statement', ... }, { kind: 'query', types: 'I', expected: [], ... }]
 * ```
 */
export function parseSlt(text: string): SltRecord[] {
  const lines = text.split('\n');
  const n = lines.length;
  let pos = 0; // index of the next raw line
  let lineNo = 0; // 1-based number of the line last returned by next()

  /** Next non-comment line: `''` for a blank line, `null` at end of input. */
  const next = (): string | null => {
    while (pos < n) {
      const raw = lines[pos++]!;
      lineNo = pos;
      let end = raw.length;
      if (end > 0 && raw.charCodeAt(end - 1) === 13) end--;
      let j = 0;
      while (j < end && isSpaceCode(raw.charCodeAt(j))) j++;
      if (j === end) return '';
      if (raw.charCodeAt(0) === 35 /* # */) continue;
      return end === raw.length ? raw : raw.slice(0, end);
    }
    return null;
  };
  /** Collects lines up to a blank line / end of input, or (if `stopAt`) up to that line. */
  const collect = (stopAt: string | null): { lines: string[]; stopped: boolean } => {
    const out: string[] = [];
    for (;;) {
      const l = next();
      if (l === null || l === '') return { lines: out, stopped: false };
      if (l === stopAt) return { lines: out, stopped: true };
      out.push(l);
    }
  };

  const records: SltRecord[] = [];
  outer: for (;;) {
    let l = next();
    while (l === '') l = next();
    if (l === null) break;
    const conditions: SltCondition[] = [];
    let toks = tokenize(l);
    for (;;) {
      const cmd = toks[0];
      if (cmd !== 'skipif' && cmd !== 'onlyif') break;
      conditions.push({ kind: cmd, engine: (toks[1] ?? '').toLowerCase() });
      l = next();
      if (l === null) break outer;
      toks = tokenize(l);
      if (l === '') break;
    }
    const line = lineNo;
    if (l === '') {
      records.push({ kind: 'unknown', line, conditions, text: '', reason: 'skipif/onlyif without a record' });
      continue;
    }
    switch (toks[0] === 'query' && toks[1] === 'error' ? 'statement' : toks[0]) {
      case 'statement': {
        const arg = toks[1] ?? '';
        if (arg !== 'ok' && arg !== 'error') {
          records.push({ kind: 'unknown', line, conditions, text: l, reason: "statement argument should be 'ok' or 'error'" });
          collect(null);
          break;
        }
        const errorText = arg === 'error' ? l.slice(l.indexOf('error') + 5).trim() : '';
        const expectation = parseErrorExpectation(errorText);
        const sql = collect(null).lines.join('\n');
        if (typeof expectation === 'string') {
          records.push({ kind: 'unknown', line, conditions, text: l, reason: expectation });
          break;
        }
        records.push({ kind: 'statement', line, conditions, expectError: arg === 'error', errorText, ...expectation, sql });
        break;
      }
      case 'query': {
        const body = collect('----');
        const expected = body.stopped ? collect(null).lines : null;
        records.push({
          kind: 'query', line, conditions, types: toks[1] ?? '', sort: toks[2] ?? '', label: toks[3] ?? '',
          sql: body.lines.join('\n'), expected,
        });
        break;
      }
      case 'hash-threshold': {
        const v = Number(toks[1]);
        if (toks[1] === undefined || !Number.isInteger(v) || v < 0) {
          records.push({ kind: 'unknown', line, conditions, text: l, reason: 'hash-threshold needs a non-negative integer' });
        } else {
          records.push({ kind: 'hash-threshold', line, conditions, value: v });
        }
        collect(null);
        break;
      }
      case 'halt':
        records.push({ kind: 'halt', line, conditions });
        collect(null);
        break;
      default:
        records.push({ kind: 'unknown', line, conditions, text: l, reason: `unknown record type '${toks[0] ?? ''}'` });
        collect(null);
    }
  }
  return records;
}

// ---------------------------------------------------------------------------------------
// Value rendering
// ---------------------------------------------------------------------------------------

const INT64_MAX = 9223372036854775807n;
const INT64_MIN = -9223372036854775808n;

/** Text of an integer-valued double, clamped to the int64 range like SQLite's doubleToInt64. */
function intTextOfIntegral(t: number): string {
  if (t >= -9007199254740991 && t <= 9007199254740991) return t === 0 ? '0' : String(t);
  if (t >= 9223372036854775807) return '9223372036854775807';
  if (t <= -9223372036854775808) return '-9223372036854775808';
  return BigInt(t).toString();
}

/** SQLite's sqlite3Atoi64 on text: optional space, sign, leading digits; saturates at int64. */
function atoi64Text(s: string): string {
  const n = s.length;
  let i = 0;
  while (i < n && isSpaceCode(s.charCodeAt(i))) i++;
  let neg = false;
  if (i < n) {
    const c = s.charCodeAt(i);
    if (c === 45 /* - */) { neg = true; i++; } else if (c === 43 /* + */) i++;
  }
  while (i < n && s.charCodeAt(i) === 48 /* 0 */) i++;
  const start = i;
  while (i < n) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) break;
    i++;
  }
  const len = i - start;
  if (len === 0) return '0';
  const digits = s.slice(start, i);
  if (len <= 15) return neg ? '-' + digits : digits;
  let v = BigInt(digits);
  if (neg) v = -v;
  if (v > INT64_MAX) v = INT64_MAX;
  if (v < INT64_MIN) v = INT64_MIN;
  return v.toString();
}

/** SQLite's sqlite3AtoF on text: the longest leading decimal number, 0 if there is none. */
function atofText(s: string): number {
  const n = s.length;
  let i = 0;
  while (i < n && isSpaceCode(s.charCodeAt(i))) i++;
  const start = i;
  if (i < n && (s.charCodeAt(i) === 45 || s.charCodeAt(i) === 43)) i++;
  let digits = 0;
  while (i < n && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57) { i++; digits++; }
  if (i < n && s.charCodeAt(i) === 46 /* . */) {
    i++;
    while (i < n && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57) { i++; digits++; }
  }
  if (digits === 0) return 0;
  let end = i;
  if (i < n && (s.charCodeAt(i) === 101 || s.charCodeAt(i) === 69) /* e E */) {
    i++;
    if (i < n && (s.charCodeAt(i) === 45 || s.charCodeAt(i) === 43)) i++;
    const expStart = i;
    while (i < n && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57) i++;
    if (i > expStart) end = i;
  }
  return Number(s.slice(start, end));
}

function latin1(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i++) s += String.fromCharCode(bytes[i]!);
  return s;
}

/**
 * Formats a number like SQLite's `sqlite3_snprintf("%.3f")`, which is what produced the
 * expected `R` values of the corpus: exact decimal rounding (ties away from zero), at most
 * 16 significant digits (so `-9223372036854775808` prints as `-9223372036854776000.000`),
 * `Inf`/`-Inf`/`NaN` for the special values. A negative value that rounds to zero keeps its
 * sign (`-0.000`), as does negative zero, the way C's printf prints them.
 *
 * @example
 * ```ts
 * formatReal(1.25);    // '1.250'
 * formatReal(-0.0001); // '-0.000'
 * ```
 */
export function formatReal(x: number): string {
  if (x !== x) return 'NaN';
  if (x === Infinity) return 'Inf';
  if (x === -Infinity) return '-Inf';
  const neg = x < 0 || (x === 0 && 1 / x < 0);
  const a = neg ? -x : x;
  let s: string;
  if (a < 1e13) {
    s = a.toFixed(3);
  } else {
    // More than 16 significant digits would be needed: round to 16, pad with zeros.
    const e = a.toExponential(15); // d.ddddddddddddddde+X
    const digits = e.charAt(0) + e.slice(2, 17);
    const intDigits = Number(e.slice(18)) + 1;
    s = intDigits >= 16
      ? digits + '0'.repeat(intDigits - 16) + '.000'
      : digits.slice(0, intDigits) + '.' + (digits.slice(intDigits) + '000').slice(0, 3);
  }
  return neg ? '-' + s : s;
}

/**
 * Renders a value for an `I` column like SQLite's runner: integer text. Numbers are truncated
 * toward zero (clamped to the int64 range), booleans are 1/0, bigints print in full, text
 * (and bytes, read as Latin-1) converts by its leading integer prefix (`'12abc'` → 12,
 * `'abc'` → 0). `null`/`undefined` → `NULL`.
 */
export function renderInteger(v: unknown): string {
  switch (typeof v) {
    case 'number':
      if (Number.isInteger(v)) return intTextOfIntegral(v);
      if (v !== v) return '0';
      if (v === Infinity) return '9223372036854775807';
      if (v === -Infinity) return '-9223372036854775808';
      return intTextOfIntegral(Math.trunc(v));
    case 'bigint': return v.toString();
    case 'string': return atoi64Text(v);
    case 'boolean': return v ? '1' : '0';
    case 'undefined': return 'NULL';
    default:
      if (v === null) return 'NULL';
      if (v instanceof Uint8Array) return atoi64Text(latin1(v));
      return atoi64Text(String(v));
  }
}

/**
 * Renders a value for an `R` column: {@link formatReal} of its numeric value. Integers and
 * bigints convert to double, booleans to 1/0, text by its leading decimal prefix (0 if none).
 * `null`/`undefined` → `NULL`.
 */
export function renderReal(v: unknown): string {
  switch (typeof v) {
    case 'number': return formatReal(v);
    case 'bigint': return formatReal(Number(v));
    case 'string': return formatReal(atofText(v));
    case 'boolean': return v ? '1.000' : '0.000';
    case 'undefined': return 'NULL';
    default:
      if (v === null) return 'NULL';
      if (v instanceof Uint8Array) return formatReal(atofText(latin1(v)));
      return formatReal(atofText(String(v)));
  }
}

/**
 * SQLite's runner copies the value's text as C bytes: it ends at a NUL, and every byte outside
 * 0x20..0x7e becomes `@` — so a non-ASCII character becomes one `@` per UTF-8 byte.
 */
function printableText(s: string): string {
  const n = s.length;
  let i = 0;
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c > 0x7e) break;
  }
  if (i === n) return s;
  let out = s.slice(0, i);
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x20 && c <= 0x7e) out += s.charAt(i);
    else if (c === 0) break;
    else if (c < 0x80) out += '@';
    else if (c < 0x800) out += '@@';
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < n
      && s.charCodeAt(i + 1) >= 0xdc00 && s.charCodeAt(i + 1) <= 0xdfff) { out += '@@@@'; i++; }
    else out += '@@@';
  }
  return out;
}

function printableBytes(b: Uint8Array): string {
  let out = '';
  for (let i = 0; i < b.length; i++) {
    const c = b[i]!;
    if (c === 0) break;
    out += c >= 0x20 && c <= 0x7e ? String.fromCharCode(c) : '@';
  }
  return out;
}

/**
 * Renders a value for a `T` column like SQLite's runner: the value's text, with every byte
 * outside printable ASCII (0x20..0x7e) replaced by `@` (a UTF-8 character of n bytes gives n
 * `@`; text ends at a NUL), `(empty)` for an empty string, `NULL` for null. Numbers use their
 * JS text form, booleans 1/0, bytes are taken as raw bytes.
 */
export function renderText(v: unknown): string {
  let s: string;
  switch (typeof v) {
    case 'string': s = printableText(v); break;
    case 'number': return String(v);
    case 'bigint': return v.toString();
    case 'boolean': return v ? '1' : '0';
    case 'undefined': return 'NULL';
    default:
      if (v === null) return 'NULL';
      s = v instanceof Uint8Array ? printableBytes(v) : printableText(String(v));
  }
  return s === '' ? '(empty)' : s;
}

/**
 * Renders one result value by its column's type letter (`I`, `R` or `T`; see
 * {@link renderInteger}, {@link renderReal}, {@link renderText}). `NULL` for null in every type.
 * Throws for any other letter.
 */
export function renderValue(v: unknown, type: string): string {
  switch (type) {
    case 'I': return renderInteger(v);
    case 'R': return renderReal(v);
    case 'T': return renderText(v);
    default: throw new Error(`unknown character in type-string: ${type}`);
  }
}

// ---------------------------------------------------------------------------------------
// Sorting and hashing
// ---------------------------------------------------------------------------------------

/**
 * Sorts rendered values in place per a sort mode, as SQLite's runner does: `rowsort` orders
 * rows (groups of `columns` values) by comparing their values left to right, `valuesort`
 * orders all values individually, `nosort` leaves them. Comparison is by code unit, which for
 * rendered (printable ASCII) values equals C's strcmp order. Returns `values`.
 */
export function sortValues(values: string[], columns: number, mode: SltSortMode): string[] {
  if (mode === 'nosort' || values.length < 2) return values;
  if (mode === 'valuesort' || columns <= 1) return values.sort();
  const nRows = Math.floor(values.length / columns);
  const rows: string[][] = new Array<string[]>(nRows);
  for (let r = 0, k = 0; r < nRows; r++, k += columns) rows[r] = values.slice(k, k + columns);
  rows.sort((a, b) => {
    for (let c = 0; c < columns; c++) {
      const x = a[c]!, y = b[c]!;
      if (x !== y) return x < y ? -1 : 1;
    }
    return 0;
  });
  for (let r = 0, k = 0; r < nRows; r++) {
    const row = rows[r]!;
    for (let c = 0; c < columns; c++) values[k++] = row[c]!;
  }
  return values;
}

/** MD5 (hex) of every value followed by `'\n'` — the hash of a `values hashing to` line. */
export function hashValues(values: readonly string[]): string {
  const h = new Md5();
  for (let i = 0; i < values.length; i++) h.update(values[i]!).update('\n');
  return h.hex();
}

/** The `N values hashing to <md5>` line for (already sorted) rendered values. */
export function hashLine(values: readonly string[]): string {
  return `${values.length} values hashing to ${hashValues(values)}`;
}

/** Parses `N values hashing to <md5>` (also `1 value hashing to`), or returns null. */
function parseHashLine(line: string): { count: number; hash: string } | null {
  const at = line.indexOf(' hashing to ');
  if (at < 0) return null;
  const m = /^(\d+) values? hashing to ([0-9a-fA-F]{32})$/.exec(line.trim());
  return m ? { count: Number(m[1]), hash: m[2]!.toLowerCase() } : null;
}

// ---------------------------------------------------------------------------------------
// Runner
// ---------------------------------------------------------------------------------------

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

interface RunContext {
  engine: string;
  hashThreshold: number;
  stopOnFailure: boolean;
  verbose: boolean;
  maxPrinted: number;
  maxDetail: number;
  log: (line: string) => void;
  readFile: (path: string) => Promise<string> | string;
  printed: number;
  suppressedNoted: boolean;
}

function makeContext(o: SltOptions): RunContext {
  return {
    engine: (o.engine ?? 'postgresql').toLowerCase(),
    hashThreshold: o.hashThreshold ?? 8,
    stopOnFailure: o.stopOnFailure ?? false,
    verbose: o.verbose ?? false,
    maxPrinted: o.maxPrinted ?? 50,
    maxDetail: o.maxDetailValues ?? 20,
    log: o.log ?? ((line: string) => console.log(line)),
    readFile: o.readFile ?? defaultReadFile,
    printed: 0,
    suppressedNoted: false,
  };
}

async function defaultReadFile(path: string): Promise<string> {
  // A computed specifier keeps bundlers from pulling node:fs into browser builds.
  const spec = 'node:fs/promises';
  const fs = (await import(/* @vite-ignore */ spec)) as typeof import('node:fs/promises');
  if (!path.endsWith('.gz')) return fs.readFile(path, 'utf8');
  // Gzipped corpus files: the web-standard DecompressionStream (no node:zlib here).
  const gz = new Blob([await fs.readFile(path)]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Response(gz).text();
}

const now: () => number = typeof performance !== 'undefined' ? () => performance.now() : () => Date.now();

function isThenable(x: unknown): x is PromiseLike<unknown> {
  return x !== null && typeof x === 'object' && typeof (x as { then?: unknown }).then === 'function';
}

function errorCode(e: unknown): string {
  if (e !== null && typeof e === 'object') {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && code !== '') return code;
    if (typeof code === 'number') return String(code);
  }
  return 'error';
}

function errorMessage(e: unknown): string {
  if (e instanceof Error) return e.message;
  if (e !== null && typeof e === 'object' && typeof (e as { message?: unknown }).message === 'string') {
    return (e as { message: string }).message;
  }
  return String(e);
}

/** True if the conditions exclude the record for `engine` (already lower-cased). */
function excluded(conditions: SltCondition[], engine: string): boolean {
  for (let i = 0; i < conditions.length; i++) {
    const c = conditions[i]!;
    const match = c.engine === engine;
    if (c.kind === 'skipif' ? match : !match) return true;
  }
  return false;
}

const RENDERERS: Record<string, (v: unknown) => string> = { I: renderInteger, R: renderReal, T: renderText };

function collapseWs(s: string): string {
  return s.trim().split(/\s+/).join(' ');
}

/** The result of checking one query, before it is turned into a failure. */
interface Check { kind: SltFailureKind; message: string; expected?: string[]; actual?: string[] }

function checkQuery(rec: SltQueryRecord, res: SltQueryResult, threshold: number, labels: Map<string, string>,
  maxDetail: number): Check | null {
  const types = rec.types;
  const nCol = types.length;
  let sort: SltSortMode;
  if (rec.sort === '' || rec.sort === 'nosort') sort = 'nosort';
  else if (rec.sort === 'rowsort' || rec.sort === 'valuesort') sort = rec.sort;
  else return { kind: 'bad-record', message: `unknown sort method: '${rec.sort}'` };
  const renderers: ((v: unknown) => string)[] = new Array<(v: unknown) => string>(nCol);
  for (let c = 0; c < nCol; c++) {
    const r = RENDERERS[types.charAt(c)];
    if (r === undefined) return { kind: 'bad-record', message: `unknown character in type-string: ${types.charAt(c)}` };
    renderers[c] = r;
  }
  if (nCol === 0) return { kind: 'bad-record', message: 'query record without a type string' };
  const columns = res.columns;
  if (columns.length !== nCol) {
    return { kind: 'column-count', message: `wrong number of result columns: expected ${nCol} but got ${columns.length}` };
  }

  const rows = res.rows;
  const nRows = rows.length;
  const values: string[] = new Array<string>(nRows * nCol);
  // numeric values arrive as their text ('1.50', 'NaN'): as numbers for R columns (and for
  // I columns when NaN/±Infinity), as the exact text otherwise
  const numeric = columns.map((col, c) => col.type === 'numeric' && types.charAt(c) !== 'T');
  for (let r = 0, k = 0; r < nRows; r++) {
    const row = rows[r]!;
    for (let c = 0; c < nCol; c++) {
      let v = row[c];
      if (numeric[c] && typeof v === 'string' && (types.charAt(c) === 'R' || !/^-?\d/.test(v))) v = Number(v);
      values[k++] = v === null || v === undefined ? 'NULL' : renderers[c]!(v);
    }
  }
  sortValues(values, nCol, sort);

  let hash: string | null = null;
  const getHash = (): string => (hash ??= hashLine(values));
  const shown = (): string[] => threshold > 0 && values.length > threshold ? [getHash()] : values.slice(0, maxDetail);

  let failure: Check | null = null;
  const exp = rec.expected;
  if (exp !== null) {
    const expHash = exp.length === 1 ? parseHashLine(exp[0]!) : null;
    if (expHash !== null) {
      if (expHash.count !== values.length || getHash() !== `${expHash.count} values hashing to ${expHash.hash}`) {
        failure = {
          kind: 'hash-mismatch', message: `wrong result hash: expected ${exp[0]!}, got ${getHash()}`,
          expected: [exp[0]!], actual: [getHash()],
        };
      }
    } else if (exp.length === values.length) {
      for (let i = 0; i < exp.length; i++) {
        if (exp[i] !== values[i]) {
          const row = Math.floor(i / nCol);
          failure = {
            kind: 'mismatch',
            message: `wrong result at value ${i + 1} (row ${row + 1}, column ${(i % nCol) + 1}): expected '${exp[i]!}', got '${values[i]!}'`,
            expected: exp.slice(0, maxDetail), actual: shown(),
          };
          break;
        }
      }
    } else if (nCol > 1 && exp.length === nRows) {
      // Older style: one row per line, values separated by whitespace.
      for (let r = 0; r < nRows; r++) {
        const got = collapseWs(values.slice(r * nCol, (r + 1) * nCol).join(' '));
        if (collapseWs(exp[r]!) !== got) {
          failure = {
            kind: 'mismatch', message: `wrong result in row ${r + 1}: expected '${exp[r]!}', got '${got}'`,
            expected: exp.slice(0, maxDetail), actual: shown(),
          };
          break;
        }
      }
    } else {
      failure = {
        kind: 'mismatch', message: `wrong result: expected ${exp.length} values, got ${values.length}`
          + ` (${nRows} row${nRows === 1 ? '' : 's'} of ${nCol})`,
        expected: exp.slice(0, maxDetail), actual: shown(),
      };
    }
  }

  if (rec.label !== '') {
    const prev = labels.get(rec.label);
    if (prev === undefined) labels.set(rec.label, getHash());
    else if (failure === null && prev !== getHash()) {
      failure = {
        kind: 'label-mismatch', message: `labeled result [${rec.label}] does not agree with previous values: expected ${prev}, got ${getHash()}`,
        expected: [prev], actual: [getHash()],
      };
    }
  }
  return failure;
}

function printFailure(ctx: RunContext, f: SltFailure): void {
  if (ctx.printed >= ctx.maxPrinted) {
    if (!ctx.suppressedNoted) {
      ctx.suppressedNoted = true;
      ctx.log(`(more failures not printed; limit ${ctx.maxPrinted})`);
    }
    return;
  }
  ctx.printed++;
  const lines = [`FAIL ${f.file}:${f.line} [${f.code}] ${f.kind}: ${f.message}`];
  if (f.sql !== '') for (const l of f.sql.split('\n')) lines.push(`    ${l}`);
  if (f.expected !== undefined) lines.push(`  expected: ${f.expected.join(' | ')}`);
  if (f.actual !== undefined) lines.push(`  got:      ${f.actual.join(' | ')}`);
  ctx.log(lines.join('\n'));
}

async function runFile(source: string | SltSource, connect: SltConnect, ctx: RunContext): Promise<SltFileResult> {
  const t0 = now();
  const file = typeof source === 'string' ? source : source.name;
  const result: SltFileResult = {
    file, run: 0, passed: 0, failed: 0, skipped: 0, durationMs: 0, halted: false, stopped: false, failures: [],
  };
  const fail = (line: number, kind: SltFailureKind, code: string, message: string, sql: string,
    detail?: { expected?: string[]; actual?: string[] }): void => {
    const f: SltFailure = { file, line, kind, code, message, sql };
    if (detail?.expected !== undefined) f.expected = detail.expected;
    if (detail?.actual !== undefined) f.actual = detail.actual;
    result.failed++;
    result.failures.push(f);
    if (ctx.verbose) printFailure(ctx, f);
  };

  let text: string;
  try {
    text = typeof source === 'string' ? await ctx.readFile(source) : source.text;
  } catch (e) {
    result.run = 1;
    fail(0, 'file-error', 'file-error', `cannot read file: ${errorMessage(e)}`, '');
    result.durationMs = now() - t0;
    return result;
  }
  const records = parseSlt(text);

  let conn: SltConnection | null = null;
  let connectError: unknown = null;
  try {
    conn = await connect();
  } catch (e) {
    connectError = e;
  }
  const engine = ctx.engine;
  const labels = new Map<string, string>();
  let threshold = ctx.hashThreshold;
  try {
    for (let i = 0; i < records.length; i++) {
      const rec = records[i]!;
      const executable = rec.kind === 'statement' || rec.kind === 'query';
      if (result.halted || (rec.conditions.length > 0 && excluded(rec.conditions, engine))) {
        if (executable) result.skipped++;
        continue;
      }
      switch (rec.kind) {
        case 'hash-threshold':
          threshold = rec.value;
          continue;
        case 'halt':
          result.halted = true;
          continue;
        case 'unknown':
          result.run++;
          fail(rec.line, 'bad-record', 'bad-record', rec.reason + (rec.text === '' ? '' : `: ${rec.text}`), '');
          break;
        case 'statement':
        case 'query': {
          result.run++;
          if (conn === null) {
            // Every record the engine would have run fails, so a file that cannot even
            // connect weighs in the pass rate with all of its records.
            fail(rec.line, 'file-error', errorCode(connectError), `cannot connect: ${errorMessage(connectError)}`, rec.sql);
            break;
          }
          let out: SltQueryResult | undefined;
          let error: unknown = undefined;
          let threw = false;
          try {
            const r = conn.query(rec.sql);
            out = isThenable(r) ? await r : r;
          } catch (e) {
            threw = true;
            error = e;
          }
          if (rec.kind === 'statement') {
            if (rec.expectError) {
              if (!threw) fail(rec.line, 'unexpected-success', 'no-error', 'statement succeeded but an error was expected', rec.sql);
              else {
                const code = errorCode(error);
                const message = errorMessage(error);
                if ((rec.errorCode !== '' && code !== rec.errorCode) || (rec.errorPattern !== null && !rec.errorPattern.test(message))) {
                  fail(rec.line, 'wrong-error', code, `expected error ${rec.errorText}, got ${code}: ${message}`, rec.sql);
                }
              }
            } else if (threw) {
              fail(rec.line, 'statement-error', errorCode(error), errorMessage(error), rec.sql);
            }
          } else if (threw) {
            fail(rec.line, 'query-error', errorCode(error), errorMessage(error), rec.sql);
          } else {
            const check = checkQuery(rec, out!, threshold, labels, ctx.maxDetail);
            if (check !== null) {
              const code = check.kind === 'bad-record' ? 'bad-record' : 'mismatch';
              fail(rec.line, check.kind, code, check.message, rec.sql, check);
            }
          }
          break;
        }
      }
      if (ctx.stopOnFailure && result.failed > 0) {
        result.stopped = true;
        break;
      }
    }
  } finally {
    try {
      const c = conn?.close?.();
      if (isThenable(c)) await c;
    } catch {
      // closing is best effort
    }
  }
  result.passed = result.run - result.failed;
  result.durationMs = now() - t0;
  return result;
}

/**
 * Runs one sqllogictest file on a fresh connection from `connect`.
 *
 * @param source A path (read with `options.readFile`, by default from the file system) or an
 *   inline {@link SltSource}.
 * @param connect Opens the connection; called once, closed at the end.
 * @example
 * ```ts
 * const r = await runSltFile({ name: 'inline', text: 'statement ok\nSELECT 1\n' }, connect);
 * r.passed; // 1
 * ```
 */
export async function runSltFile(source: string | SltSource, connect: SltConnect,
  options: SltOptions = {}): Promise<SltFileResult> {
  return runFile(source, connect, makeContext(options));
}

/**
 * Runs several sqllogictest files one after another, each on its own fresh connection, and
 * sums the results. `options.onFileResult` sees each file's result as soon as it is done.
 *
 * @example
 * ```ts
 * const s = await runSltFiles(['a.test', 'b.test'], connect, { verbose: true });
 * console.log(`${s.passRate.toFixed(2)}% pass`);
 * ```
 */
export async function runSltFiles(sources: readonly (string | SltSource)[], connect: SltConnect,
  options: SltOptions = {}): Promise<SltSummary> {
  const ctx = makeContext(options);
  const t0 = now();
  const summary: SltSummary = {
    files: [], run: 0, passed: 0, failed: 0, skipped: 0, passRate: 100, durationMs: 0, stopped: false,
  };
  for (const source of sources) {
    const r = await runFile(source, connect, ctx);
    summary.files.push(r);
    summary.run += r.run;
    summary.passed += r.passed;
    summary.failed += r.failed;
    summary.skipped += r.skipped;
    options.onFileResult?.(r);
    if (ctx.stopOnFailure && r.failed > 0) {
      summary.stopped = true;
      break;
    }
  }
  summary.passRate = summary.run === 0 ? 100 : (summary.passed / summary.run) * 100;
  summary.durationMs = now() - t0;
  return summary;
}
