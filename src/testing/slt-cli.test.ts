import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseExpectedDifferences } from '../../scripts/expected-differences.ts';
import { collectSltFiles, runCli } from '../../scripts/slt.ts';
import type { SltConnect } from './slt-connection.ts';
import type { SltSummary } from './slt-options.ts';

let dir = '';

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'inkdb-slt-'));
  mkdirSync(join(dir, 'sub', 'deeper'), { recursive: true });
  writeFileSync(join(dir, 'b.test'), 'statement ok\nCREATE TABLE t(a INTEGER)\n\nquery I nosort\nSELECT 1\n----\n1\n');
  writeFileSync(join(dir, 'a.slt'), 'statement ok\nCREATE TABLE u(a INTEGER)\n\nskipif postgresql\nstatement ok\nS\n');
  writeFileSync(join(dir, 'sub', 'deeper', 'c.test'), 'query I nosort\nSELECT 2\n----\n3\n\nstatement ok\nBROKEN\n  x\n');
  writeFileSync(join(dir, 'sub', 'notes.txt'), 'not a test');
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** An engine that answers `SELECT n` with n, fails `BROKEN…`, accepts everything else. */
const connect: SltConnect = async () => ({
  query(sql: string) {
    if (sql.startsWith('BROKEN')) throw Object.assign(new Error('syntax error'), { code: '42601' });
    const m = /^SELECT (\d+)$/.exec(sql);
    return m ? { columns: [{ name: 'x', type: 'integer' }], rows: [[Number(m[1])]] } : { columns: [], rows: [] };
  },
});

async function cli(args: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { connect, out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out, err };
}

describe('slt CLI', () => {
  it('collects *.test and *.slt files recursively, sorted, and takes files as given', async () => {
    expect(await collectSltFiles([dir])).toEqual([
      join(dir, 'a.slt'), join(dir, 'b.test'), join(dir, 'sub', 'deeper', 'c.test'),
    ]);
    expect(await collectSltFiles([join(dir, 'sub', 'notes.txt')])).toEqual([join(dir, 'sub', 'notes.txt')]);
  });

  it('prints one line per file and a total line; exit code follows --min-pass', async () => {
    const r = await cli([dir]);
    expect(r.code).toBe(1);
    expect(r.out).toHaveLength(4);
    expect(r.out[0]).toMatch(new RegExp(`^${join(dir, 'a.slt')}: run 1, passed 1, failed 0, skipped 1, \\d+\\.\\ds$`));
    expect(r.out[1]).toMatch(/b\.test: run 2, passed 2, failed 0, skipped 0, /);
    expect(r.out[2]).toMatch(/c\.test: run 2, passed 0, failed 2, skipped 0, /);
    expect(r.out[3]).toMatch(/^slt: 3 passed, 2 failed, 1 skipped \(60\.00% of run records pass\) in \d+\.\ds$/);
    expect((await cli(['--min-pass', '60', dir])).code).toBe(0);
    expect((await cli(['--min-pass', '60.01', dir])).code).toBe(1);
    expect((await cli([join(dir, 'b.test')])).code).toBe(0);
  });

  it('--quiet prints only the total; --verbose prints failures', async () => {
    const q = await cli(['--quiet', dir]);
    expect(q.out).toHaveLength(1);
    const v = await cli(['-q', '--verbose', join(dir, 'sub')]);
    expect(v.out.join('\n')).toContain(`FAIL ${join(dir, 'sub', 'deeper', 'c.test')}:1 [mismatch]`);
    expect(v.out.join('\n')).toContain('[42601] statement-error: syntax error');
  });

  it('--engine changes which records skipif/onlyif exclude', async () => {
    const r = await cli(['--engine', 'sqlite', join(dir, 'a.slt')]);
    expect(r.out[0]).toMatch(/run 2, passed 2, failed 0, skipped 0/);
  });

  it('writes --fail-list and --json', async () => {
    const failList = join(dir, 'fails.txt');
    const json = join(dir, 'out.json');
    await cli(['--fail-list', failList, '--json', json, dir]);
    const c = join(dir, 'sub', 'deeper', 'c.test');
    expect(readFileSync(failList, 'utf8')).toBe(`${c}:1 mismatch SELECT 2\n${c}:6 42601 BROKEN x\n`);
    const summary = JSON.parse(readFileSync(json, 'utf8')) as SltSummary;
    expect(summary).toMatchObject({ run: 5, passed: 3, failed: 2, skipped: 1 });
    expect(summary.files).toHaveLength(3);
    expect(summary.files[2]!.failures[0]).toMatchObject({ line: 1, kind: 'mismatch', expected: ['3'], actual: ['2'] });
  });

  it('--stop stops at the first failure', async () => {
    const r = await cli(['--stop', join(dir, 'sub'), join(dir, 'b.test')]);
    expect(r.out.at(-1)).toMatch(/^slt: 0 passed, 1 failed, 0 skipped/);
  });

  it('rejects bad usage with exit code 2', async () => {
    expect((await cli([])).code).toBe(2);
    expect((await cli(['--bogus', dir])).code).toBe(2);
    expect((await cli(['--min-pass', 'lots', dir])).code).toBe(2);
    expect((await cli([join(dir, 'missing')])).code).toBe(2);
    const empty = join(dir, 'sub', 'deeper', 'empty');
    mkdirSync(empty, { recursive: true });
    expect((await cli([empty])).code).toBe(2);
    const h = await cli(['--help']);
    expect(h.code).toBe(0);
    expect(h.out[0]).toContain('usage: npm run slt');
  });
});

describe('slt CLI: gzipped files', () => {
  it('collects *.test.gz and *.slt.gz files and reads them gunzipped', async () => {
    const gz = mkdtempSync(join(tmpdir(), 'inkdb-slt-gz-'));
    writeFileSync(join(gz, 'b.test.gz'), gzipSync('query I nosort\nSELECT 1\n----\n1\n'));
    writeFileSync(join(gz, 'a.slt.gz'), gzipSync('query I nosort\nSELECT 7\n----\n7\n'));
    writeFileSync(join(gz, 'c.txt.gz'), gzipSync('not a test'));
    expect(await collectSltFiles([gz])).toEqual([join(gz, 'a.slt.gz'), join(gz, 'b.test.gz')]);
    const r = await cli([gz]);
    expect(r.code).toBe(0);
    expect(r.out.at(-1)).toMatch(/^slt: 2 passed, 0 failed, 0 skipped/);
    rmSync(gz, { recursive: true, force: true });
  });
});

describe('slt CLI: --expected', () => {
  const list = (entries: string): string => {
    const p = join(dir, 'expected.txt');
    writeFileSync(p, `# comment\n@typing: PostgreSQL typing\n@other: another reason\n\n${entries}`);
    return p;
  };
  const sub = (): string => join(dir, 'sub');

  it('passes when every failure is listed with its code, and reports the counts', async () => {
    const p = list('sub/deeper/c.test:1 mismatch typing\nsub/deeper/c.test:6 42601 other\n');
    const json = join(dir, 'expected.json');
    const r = await cli(['--expected', p, '--json', json, dir]);
    expect(r.err).toEqual([]);
    expect(r.out.at(-1)).toBe('conformance: 5 records run, 3 passed, 2 failed as expected, 0 unexpected failures, 0 listed differences now pass, 1 skipped');
    expect(r.code).toBe(0);
    const out = JSON.parse(readFileSync(json, 'utf8')) as { expected: Record<string, unknown> };
    expect(out.expected).toMatchObject({ listed: 2, expectedFailures: 2, byCategory: { typing: 1, other: 1 }, unexpected: [], nowPassing: [], notRun: 0 });
  });

  it('fails on a failure that is not listed, or listed with another code', async () => {
    const p = list('sub/deeper/c.test:1 42P01 typing\n');
    const r = await cli(['-q', '--expected', p, sub()]);
    expect(r.err).toEqual([]);
    expect(r.code).toBe(1);
    expect(r.out).toContain('UNEXPECTED sub/deeper/c.test:1 mismatch (listed with code 42P01): mismatch: wrong result at value 1 (row 1, column 1): expected \'3\', got \'2\'');
    expect(r.out).toContain('UNEXPECTED sub/deeper/c.test:6 42601: statement-error: syntax error');
    expect(r.out.at(-1)).toMatch(/^conformance: 2 records run, 0 passed, 0 failed as expected, 2 unexpected failures, 0 listed/);
  });

  it('fails when a listed record of a file that ran passes; ignores entries of files not run', async () => {
    const p = list('sub/deeper/c.test:1 mismatch typing\nsub/deeper/c.test:6 42601 other\nb.test:4 mismatch typing\n');
    const r = await cli(['-q', '--expected', p, join(dir, 'b.test')]);
    expect(r.code).toBe(1);
    expect(r.out).toContain(`NOW PASSES b.test:4 mismatch typing: remove line 7 of ${p}`);
    expect(r.out.at(-1)).toMatch(/, 1 listed differences now pass, 0 skipped$/);
    const ok = await cli(['-q', '--expected', p, sub()]);
    expect(ok.code).toBe(0);
    // --min-pass still applies when given.
    expect((await cli(['-q', '--expected', p, '--min-pass', '50', sub()])).code).toBe(1);
  });

  it('rejects a malformed list with exit code 2, naming the line', async () => {
    for (const [entries, message] of [
      ['sub/deeper/c.test 1 mismatch typing\n', /expected\.txt:5: expected "<file>:<line> <code> <category>"/],
      ['sub/deeper/c.test:1 mismatch nosuch\n', /expected\.txt:5: unknown category nosuch/],
      ['b.test:1 mismatch typing\nb.test:1 42601 other\n', /expected\.txt:6: b\.test:1 is listed twice/],
    ] as const) {
      const r = await cli(['--expected', list(entries), dir]);
      expect(r.code).toBe(2);
      expect(r.err.join('\n')).toMatch(message);
    }
    expect(() => parseExpectedDifferences('@a: x\n@a: y\n', 'l.txt')).toThrow('l.txt:2: category @a declared twice');
  });
});
