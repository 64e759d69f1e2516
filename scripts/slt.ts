/**
 * `npm run slt -- [options] <file|dir>...` — runs sqllogictest files against InkDB (or, with
 * `--connect`, against any module exporting an {@link SltConnect}).
 *
 * Reads `*.test` and `*.slt` files, plain or gzipped (`*.test.gz`, `*.slt.gz`, as the vendored
 * corpus in conformance/sqllogictest is stored). Prints one line per file and a total line, and
 * exits 0 when the pass rate of the records run reaches `--min-pass` (default 100), 1 otherwise,
 * 2 on usage errors. With `--expected <list>` (conformance/expected-differences.txt, see
 * scripts/expected-differences.ts) it exits 0 only when every failure is listed with its code and
 * no listed record of a file that ran now passes; `--min-pass` then applies only when given.
 *
 * @module
 */
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs, promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { checkExpected, formatExpectedReport, parseExpectedDifferences } from './expected-differences.ts';
import type { ExpectedCheck, ExpectedList } from './expected-differences.ts';
import { runSltFiles } from '../src/testing/sqllogictest.ts';
import type { SltConnect } from '../src/testing/slt-connection.ts';
import type { SltFileResult, SltOptions, SltSummary } from '../src/testing/slt-options.ts';

const USAGE = `usage: npm run slt -- [options] <file|dir>...

Runs sqllogictest files (directories are searched recursively for *.test and *.slt,
plain or gzipped: *.test.gz, *.slt.gz).

options:
  --engine <name>        engine name for skipif/onlyif (default: postgresql)
  --verbose, -v          print each failure: file:line, SQL, expected vs got, error
  --max-print <n>        with --verbose, print at most n failures (default: 50)
  --quiet, -q            print only the total line
  --json <out.json>      write the full results (every file and failure) as JSON
  --fail-list <out.txt>  write one line per failed record: file:line code SQL
  --min-pass <percent>   exit 0 if at least this % of run records pass (default: 100,
                         or no threshold with --expected)
  --expected <list>      a list of expected differences (conformance/expected-differences.txt):
                         exit 0 only if every failure is on it with its code and
                         every listed record of the files run still fails
  --stop                 stop at the first failure
  --connect <module>     use the module's \`connect\` (or default) export instead of InkDB
  --help, -h             show this help`;

/** Injectable pieces of {@link runCli}, for tests. */
export interface CliIo {
  /** Connection factory; default: InkDB, or the `--connect` module. */
  connect?: SltConnect;
  /** Normal output. Default: stdout. */
  out?: (line: string) => void;
  /** Error output. Default: stderr. */
  err?: (line: string) => void;
}

const TEST_FILE = /\.(test|slt)(\.gz)?$/;

/** Recursively lists the *.test and *.slt files (and their *.gz forms) under `paths` (files are taken as given), sorted per argument. */
export async function collectSltFiles(paths: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true });
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const p = join(dir, e.name);
      if (e.isDirectory()) await walk(p);
      else if (e.isFile() && TEST_FILE.test(e.name)) out.push(p);
    }
  };
  for (const p of paths) {
    if ((await stat(p)).isDirectory()) await walk(p);
    else out.push(p);
  }
  return out;
}

const gunzipAsync = promisify(gunzip);

/** Reads a test file as UTF-8 text, gunzipping `*.gz` files. */
export async function readTestFile(path: string): Promise<string> {
  return path.endsWith('.gz') ? (await gunzipAsync(await readFile(path))).toString('utf8') : readFile(path, 'utf8');
}

/** Connects to a fresh in-memory InkDB database as root. */
async function inkdbConnect(): Promise<SltConnect> {
  const { openDatabase } = await import('../src/index.ts');
  return async () => {
    const db = await openDatabase({ worker: false, storage: 'memory' });
    const s = await db.login('root', '');
    return {
      query: async (sql: string) => {
        const r = await s.query(sql);
        return { columns: r.columns, rows: r.rowArrays() };
      },
      close: () => db.close(),
    };
  };
}

async function moduleConnect(spec: string): Promise<SltConnect> {
  const mod = (await import(pathToFileURL(resolve(spec)).href)) as { connect?: unknown; default?: unknown };
  const c = mod.connect ?? mod.default;
  if (typeof c !== 'function') throw new Error(`${spec} exports no connect function (named \`connect\` or default)`);
  return c as SltConnect;
}

/** `path: run R, passed P, failed F, skipped S, 12.3s` */
export function formatFileLine(r: SltFileResult): string {
  return `${r.file}: run ${r.run}, passed ${r.passed}, failed ${r.failed}, skipped ${r.skipped}, ${(r.durationMs / 1000).toFixed(1)}s`;
}

/** `slt: P passed, F failed, S skipped (X.XX% of run records pass) in T s` */
export function formatTotalLine(s: SltSummary): string {
  return `slt: ${s.passed} passed, ${s.failed} failed, ${s.skipped} skipped `
    + `(${s.passRate.toFixed(2)}% of run records pass) in ${(s.durationMs / 1000).toFixed(1)}s`;
}

/** The `--fail-list` text: one line per failed record, `file:line code SQL-on-one-line`. */
export function formatFailList(s: SltSummary): string {
  let text = '';
  for (const f of s.files) {
    for (const x of f.failures) text += `${x.file}:${x.line} ${x.code} ${x.sql.replace(/\s*\n\s*/g, ' ')}\n`;
  }
  return text;
}

/** Runs the CLI with `argv` (without node and script) and resolves with the exit code. */
export async function runCli(argv: readonly string[], io: CliIo = {}): Promise<number> {
  const out = io.out ?? ((l: string) => { process.stdout.write(l + '\n'); });
  const err = io.err ?? ((l: string) => { process.stderr.write(l + '\n'); });
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        engine: { type: 'string' },
        verbose: { type: 'boolean', short: 'v' },
        'max-print': { type: 'string' },
        quiet: { type: 'boolean', short: 'q' },
        json: { type: 'string' },
        'fail-list': { type: 'string' },
        'min-pass': { type: 'string' },
        expected: { type: 'string' },
        stop: { type: 'boolean' },
        connect: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    err(`slt: ${(e as Error).message}`);
    err(USAGE);
    return 2;
  }
  const v = parsed.values;
  if (v.help) {
    out(USAGE);
    return 0;
  }
  if (parsed.positionals.length === 0) {
    err('slt: no test files or directories given');
    err(USAGE);
    return 2;
  }
  const minPass = v['min-pass'] === undefined ? (v.expected === undefined ? 100 : 0) : Number(v['min-pass']);
  const maxPrint = v['max-print'] === undefined ? 50 : Number(v['max-print']);
  if (!Number.isFinite(minPass) || !Number.isInteger(maxPrint) || maxPrint < 0) {
    err('slt: --min-pass needs a number and --max-print a non-negative integer');
    return 2;
  }

  let expected: ExpectedList | undefined;
  if (v.expected !== undefined) {
    try {
      expected = parseExpectedDifferences(await readFile(v.expected, 'utf8'), v.expected);
    } catch (e) {
      err(`slt: ${(e as Error).message}`);
      return 2;
    }
  }

  let files: string[];
  try {
    files = await collectSltFiles(parsed.positionals);
  } catch (e) {
    err(`slt: ${(e as Error).message}`);
    return 2;
  }
  if (files.length === 0) {
    err('slt: no *.test or *.slt files (or *.gz of them) found');
    return 2;
  }

  let connect: SltConnect;
  try {
    connect = io.connect ?? (v.connect !== undefined ? await moduleConnect(v.connect) : await inkdbConnect());
  } catch (e) {
    err(`slt: cannot load the engine: ${(e as Error).message}`);
    return 2;
  }

  const options: SltOptions = {
    engine: v.engine ?? 'postgresql',
    verbose: v.verbose === true,
    maxPrinted: maxPrint,
    stopOnFailure: v.stop === true,
    log: out,
    readFile: readTestFile,
  };
  if (v.quiet !== true) options.onFileResult = (r) => out(formatFileLine(r));
  const summary = await runSltFiles(files, connect, options);
  out(formatTotalLine(summary));
  let check: ExpectedCheck | undefined;
  if (expected !== undefined) {
    check = checkExpected(summary, expected);
    for (const l of formatExpectedReport(summary, check, v.expected!)) out(l);
  }

  if (v.json !== undefined) {
    const json = check === undefined ? summary : {
      ...summary,
      expected: {
        list: v.expected, listed: expected!.entries.length, expectedFailures: check.expected, byCategory: check.byCategory,
        unexpected: check.unexpected.map((u) => ({ ...u.failure, entryText: u.entryText, listedCode: u.listedCode })),
        nowPassing: check.nowPassing, notRun: check.notRun,
      },
    };
    await writeFile(v.json, JSON.stringify(json, null, 1) + '\n');
  }
  if (v['fail-list'] !== undefined) await writeFile(v['fail-list'], formatFailList(summary));
  const expectedOk = check === undefined || (check.unexpected.length === 0 && check.nowPassing.length === 0);
  return summary.passRate >= minPass && expectedOk && (check === undefined || summary.run > 0) ? 0 : 1;
}

const invokedDirectly = process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href;
if (invokedDirectly) {
  runCli(process.argv.slice(2)).then(
    (code) => { process.stdout.write('', () => process.exit(code)); },
    (e: unknown) => {
      process.stderr.write(`slt: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`, () => process.exit(2));
    },
  );
}
