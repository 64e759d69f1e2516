/**
 * The list of expected differences of the conformance corpus (`conformance/expected-differences.txt`):
 * records where InkDB, answering as PostgreSQL does, is known to disagree with the corpus's SQLite
 * answers. `npm run slt -- --expected <list> <dir>` (scripts/slt.ts) passes only when every failed
 * record is on the list with the same failure code, and every listed record of a file that ran still
 * fails: a listed record that now passes must be taken off the list, or a later regression of it would
 * go unnoticed.
 *
 * List format (UTF-8 text, one item a line; blank lines and lines starting with `#` are ignored):
 *
 *     @<category>: <reason>                   declares a category
 *     <file>:<line> <code> <category>         one record
 *
 * `<file>` is the test file's path relative to the list's own directory, without `.gz` (it matches the
 * plain and the gzipped file alike), `<line>` the record's 1-based line (as in `--fail-list`), `<code>`
 * the failure code the record fails with (a SQLSTATE, `mismatch`, `no-error`, …: {@link SltFailure.code}),
 * and `<category>` a declared category.
 * @module
 */
import { dirname, relative, resolve, sep } from 'node:path';
import type { SltFailure, SltSummary } from '../src/testing/slt-options.ts';

/** One listed record. */
export interface ExpectedEntry {
  /** Path as written in the list (relative to the list's directory, no `.gz`). */
  readonly file: string;
  /** 1-based line of the record. */
  readonly line: number;
  /** The failure code the record is expected to fail with. */
  readonly code: string;
  /** Its category. */
  readonly category: string;
  /** Line of the entry in the list file, for messages. */
  readonly listLine: number;
}

/** A parsed list. */
export interface ExpectedList {
  /** Directory the entries' paths are relative to. */
  readonly root: string;
  /** Category name → reason. */
  readonly categories: ReadonlyMap<string, string>;
  /** Every entry, in list order. */
  readonly entries: readonly ExpectedEntry[];
}

/** What a run's failures amount to against a list. */
export interface ExpectedCheck {
  /** Failed records that are listed with the same code. */
  readonly expected: number;
  /** Failed records that are not listed, or listed with another code. */
  readonly unexpected: readonly UnexpectedFailure[];
  /** Listed records of files that ran to the end which did not fail. */
  readonly nowPassing: readonly ExpectedEntry[];
  /** Listed records of files that were not run (or stopped early): neither checked nor stale. */
  readonly notRun: number;
  /** Expected failures per category. */
  readonly byCategory: Readonly<Record<string, number>>;
}

/** A failure the list does not account for. */
export interface UnexpectedFailure {
  /** The failure. */
  readonly failure: SltFailure;
  /** The line to add to the list for it (category still to be chosen). */
  readonly entryText: string;
  /** The code the list expects for this record, when it lists it with another code. */
  readonly listedCode?: string;
}

/** Normalises a test file's path to the list's key form: relative to `root`, `/`-separated, no `.gz`. */
export function entryPath(root: string, file: string): string {
  return relative(root, resolve(file)).split(sep).join('/').replace(/\.gz$/, '');
}

/**
 * Parses a list. Throws an `Error` naming the list line for malformed lines, unknown categories and
 * duplicate entries.
 * @param text - the list's text
 * @param listPath - the list file's path (entries are relative to its directory)
 */
export function parseExpectedDifferences(text: string, listPath: string): ExpectedList {
  const categories = new Map<string, string>();
  const entries: ExpectedEntry[] = [];
  const seen = new Set<string>();
  const lines = text.split('\n');
  const pending: { m: RegExpExecArray; listLine: number }[] = [];
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!.trim();
    if (l === '' || l.startsWith('#')) continue;
    const cat = /^@([\w-]+):\s*(\S.*)$/.exec(l);
    if (cat !== null) {
      if (categories.has(cat[1]!)) throw new Error(`${listPath}:${i + 1}: category @${cat[1]!} declared twice`);
      categories.set(cat[1]!, cat[2]!);
      continue;
    }
    const m = /^(\S+):(\d+)\s+(\S+)\s+([\w-]+)$/.exec(l);
    if (m === null) throw new Error(`${listPath}:${i + 1}: expected "<file>:<line> <code> <category>" or "@<category>: <reason>", got: ${l}`);
    pending.push({ m, listLine: i + 1 });
  }
  for (const { m, listLine } of pending) {
    const [, file, line, code, category] = m as unknown as [string, string, string, string, string];
    if (!categories.has(category)) throw new Error(`${listPath}:${listLine}: unknown category ${category}`);
    const key = `${file}:${line}`;
    if (seen.has(key)) throw new Error(`${listPath}:${listLine}: ${key} is listed twice`);
    seen.add(key);
    entries.push({ file, line: Number(line), code, category, listLine });
  }
  return { root: dirname(resolve(listPath)), categories, entries };
}

/** Compares a run's failures with a list (see the module comment for the rules). */
export function checkExpected(summary: SltSummary, list: ExpectedList): ExpectedCheck {
  const byRecord = new Map<string, ExpectedEntry>();
  for (const e of list.entries) byRecord.set(`${e.file}:${e.line}`, e);
  const completeFiles = new Set<string>();
  const failedRecords = new Set<string>();
  const unexpected: UnexpectedFailure[] = [];
  const byCategory: Record<string, number> = {};
  let expected = 0;
  for (const f of summary.files) {
    const path = entryPath(list.root, f.file);
    if (!f.stopped) completeFiles.add(path);
    for (const x of f.failures) {
      const key = `${path}:${x.line}`;
      failedRecords.add(key);
      const entry = byRecord.get(key);
      if (entry !== undefined && entry.code === x.code) {
        expected++;
        byCategory[entry.category] = (byCategory[entry.category] ?? 0) + 1;
      } else {
        const u: UnexpectedFailure = { failure: x, entryText: `${key} ${x.code}` };
        unexpected.push(entry !== undefined ? { ...u, listedCode: entry.code } : u);
      }
    }
  }
  const nowPassing: ExpectedEntry[] = [];
  let notRun = 0;
  for (const e of list.entries) {
    if (!completeFiles.has(e.file)) notRun++;
    else if (!failedRecords.has(`${e.file}:${e.line}`)) nowPassing.push(e);
  }
  return { expected, unexpected, nowPassing, notRun, byCategory };
}

/**
 * The report of a check: a line per unexpected failure and per listed record that now passes, then
 * the closing line `conformance: R records run, P passed, E failed as expected, U unexpected failures,
 * N listed differences now pass, S skipped`.
 */
export function formatExpectedReport(summary: SltSummary, check: ExpectedCheck, listName: string): string[] {
  const out: string[] = [];
  for (const u of check.unexpected) {
    const f = u.failure;
    const listed = u.listedCode !== undefined ? ` (listed with code ${u.listedCode})` : '';
    out.push(`UNEXPECTED ${u.entryText}${listed}: ${f.kind}: ${f.message.split('\n')[0]!}`);
  }
  for (const e of check.nowPassing) {
    out.push(`NOW PASSES ${e.file}:${e.line} ${e.code} ${e.category}: remove line ${e.listLine} of ${listName}`);
  }
  if (check.unexpected.length > 0) {
    out.push(`${check.unexpected.length} failure(s) are not on ${listName}: fix them, or add them there with a category if the difference is intended.`);
  }
  if (check.nowPassing.length > 0) {
    out.push(`${check.nowPassing.length} record(s) listed in ${listName} now pass: take them off the list.`);
  }
  out.push(`conformance: ${summary.run} records run, ${summary.passed} passed, ${check.expected} failed as expected, `
    + `${check.unexpected.length} unexpected failures, ${check.nowPassing.length} listed differences now pass, ${summary.skipped} skipped`);
  return out;
}
