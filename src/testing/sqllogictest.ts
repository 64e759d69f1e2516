/**
 * A sqllogictest runner: runs files in SQLite's sqllogictest format against any engine
 * that implements {@link SltConnection}. Used by `npm run slt` (scripts/slt.ts) and by the
 * conformance step of `npm test`; it has no Node dependencies except the default file
 * reader, so it also runs in browsers (pass {@link SltSource} objects or a `readFile`).
 *
 * The format, as implemented, is described in `slt-parser.ts`; result rendering in
 * `slt-render.ts`, sorting and hashing in `slt-sort-hash.ts`, result checks in `slt-check.ts`.
 *
 * @module
 */
import { checkQuery } from './slt-check.ts';
import type { SltConnect, SltConnection, SltQueryResult } from './slt-connection.ts';
import type { SltFailure, SltFailureKind, SltFileResult, SltOptions, SltSource, SltSummary } from './slt-options.ts';
import { parseSlt, type SltCondition } from './slt-parser.ts';
import { defaultReadFile } from './slt-read-file.ts';

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
