/**
 * SQL behaviour per feature: every `test/slt/*.slt` file runs through the project's
 * sqllogictest runner on a fresh in-process, in-memory database (logged in as root), and must
 * pass 100%. One Vitest test per file; a failure lists every failing record (file:line, SQL,
 * expected vs got, error code) in the assertion message.
 *
 * Expected values are PostgreSQL's (checked against PGlite where the SQL is PostgreSQL's;
 * InkDB-only records — namespaces, system tables, hidden columns — are written by hand).
 * Every `statement error` / `query error` record names the SQLSTATE it expects
 * (`statement error 42P01`), which the runner compares with the `DbError`'s code.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../src/index.ts';
import type { SltConnect } from '../src/testing/slt-connection.ts';
import type { SltFailure } from '../src/testing/slt-options.ts';
import { parseSlt } from '../src/testing/slt-parser.ts';
import { runSltFile } from '../src/testing/sqllogictest.ts';

const dir = fileURLToPath(new URL('./slt/', import.meta.url));
const files = readdirSync(dir).filter((f) => f.endsWith('.slt')).sort();

const connect: SltConnect = async () => {
  const db = await openDatabase({ worker: false, storage: 'memory' });
  const session = await db.login('root', '');
  return {
    query: async (sql: string) => {
      const r = await session.query(sql);
      return { columns: r.columns, rows: r.rowArrays() };
    },
    close: () => db.close(),
  };
};

function describeFailure(f: SltFailure): string {
  const lines = [`${f.file}:${f.line} [${f.code}] ${f.kind}: ${f.message}`];
  for (const l of f.sql.split('\n')) lines.push(`    ${l}`);
  if (f.expected !== undefined) lines.push(`  expected: ${f.expected.join(' | ')}`);
  if (f.actual !== undefined) lines.push(`  got:      ${f.actual.join(' | ')}`);
  return lines.join('\n');
}

describe('sqllogictest feature files (test/slt/*.slt)', () => {
  it('has the feature files', () => {
    expect(files).toEqual(expect.arrayContaining([
      'aggregates.slt', 'ctes.slt', 'ddl.slt', 'dml.slt', 'expressions.slt', 'joins.slt', 'json.slt',
      'namespaces.slt', 'ordering.slt', 'setops.slt', 'strings_dates.slt', 'subqueries.slt',
      'transactions.slt', 'windows.slt',
    ]));
  });

  it('every error record states its SQLSTATE', () => {
    const missing: string[] = [];
    let errorRecords = 0;
    for (const file of files) {
      for (const r of parseSlt(readFileSync(`${dir}${file}`, 'utf8'))) {
        if (r.kind === 'unknown') missing.push(`${file}:${r.line} malformed: ${r.reason}`);
        if (r.kind !== 'statement' || !r.expectError) continue;
        errorRecords++;
        if (r.errorCode === '') missing.push(`${file}:${r.line} statement error without a SQLSTATE`);
      }
    }
    expect(missing).toEqual([]);
    expect(errorRecords).toBeGreaterThanOrEqual(28);
  });

  for (const file of files) {
    it(file, async () => {
      const r = await runSltFile(`${dir}${file}`, connect, { hashThreshold: 0, maxDetailValues: 40 });
      const report = r.failures.map(describeFailure).join('\n\n');
      // A file that ran nothing proves nothing.
      expect(r.run, `${file}: no records ran`).toBeGreaterThan(0);
      expect(r.skipped, `${file}: records were skipped`).toBe(0);
      expect(r.failed, `${file}: ${r.failed} of ${r.run} records failed\n\n${report}`).toBe(0);
      expect(r.passed).toBe(r.run);
    }, 60_000);
  }
});
