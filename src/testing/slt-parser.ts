/**
 * The sqllogictest record parser: SQLite's sqllogictest format read into records, which the
 * runner (`sqllogictest.ts`) executes.
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

/** C's `isspace()`: space, `\t`, `\n`, `\v`, `\f`, `\r` (by UTF-16 code unit). */
export function isSpaceCode(c: number): boolean {
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
