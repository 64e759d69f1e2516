/**
 * Checks the runner against real records of the conformance corpus: a tiny fake engine
 * evaluates a few of its queries in plain JS, and the corpus's `values hashing to` lines
 * must match what the runner renders, sorts and hashes. The corpus is the vendored, gzipped copy
 * in conformance/sqllogictest.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { runSltFile } from './sqllogictest.ts';
import { parseSlt, type SltQueryRecord } from './slt-parser.ts';
import type { SltConnect, SltQueryResult } from './slt-connection.ts';

const CORPUS = join(dirname(fileURLToPath(import.meta.url)), '../../conformance/sqllogictest');
const corpusFile = (name: string): string => gunzipSync(readFileSync(join(CORPUS, `${name}.gz`))).toString('utf8');

type Row = Record<string, number>;

/** Handles CREATE TABLE (ignored) and `INSERT INTO t[(cols)] VALUES(ints)`; SELECTs go to `select`. */
function miniEngine(select: (sql: string, tables: Map<string, Row[]>) => SltQueryResult | undefined): SltConnect {
  return async () => {
    const tables = new Map<string, Row[]>();
    const columns = new Map<string, string[]>();
    return {
      query(sql: string): SltQueryResult {
        const create = /^CREATE TABLE (\w+)\((.*)\)$/.exec(sql);
        if (create) {
          tables.set(create[1]!, []);
          columns.set(create[1]!, create[2]!.split(',').map((c) => c.trim().split(' ')[0]!));
          return { columns: [], rows: [] };
        }
        const insert = /^INSERT INTO (\w+)(?:\(([\w,]+)\))? VALUES\(([-\d,]+)\)$/.exec(sql);
        if (insert) {
          const names = insert[2]?.split(',') ?? columns.get(insert[1]!)!;
          const values = insert[3]!.split(',').map(Number);
          const row: Row = {};
          names.forEach((n, i) => { row[n] = values[i]!; });
          tables.get(insert[1]!)!.push(row);
          return { columns: [], rows: [] };
        }
        const r = select(sql, tables);
        if (r === undefined) throw Object.assign(new Error(`not supported: ${sql}`), { code: '0A000' });
        return r;
      },
    };
  };
}

const cols = (n: number) => Array.from({ length: n }, (_, i) => ({ name: `c${i}`, type: 'integer' }));

describe('corpus hash lines', () => {
  it('select1.test: the first two queries hash to the expected values', async () => {
    const text = corpusFile('select1.test');
    const queries = parseSlt(text).filter((r): r is SltQueryRecord => r.kind === 'query');
    const [q1, q2, q3] = queries;
    expect(q1!.expected).toEqual(['30 values hashing to 3c13dee48d9356ae19af2515e05e6b54']);
    expect(q2!.expected).toEqual(['60 values hashing to 808146289313018fce25f1a280bd8c30']);
    // Run the file up to (not including) the third query.
    const cut = text.split('\n').slice(0, q3!.line - 1).join('\n');

    const connect = miniEngine((sql, tables) => {
      const t1 = tables.get('t1')!;
      if (sql === q1!.sql) {
        // SELECT CASE WHEN c>(SELECT avg(c) FROM t1) THEN a*2 ELSE b*10 END FROM t1 ORDER BY 1
        const avg = t1.reduce((s, r) => s + r.c!, 0) / t1.length;
        const v = t1.map((r) => (r.c! > avg ? r.a! * 2 : r.b! * 10)).sort((x, y) => x - y);
        return { columns: cols(1), rows: v.map((x) => [x]) };
      }
      if (sql === q2!.sql) {
        // SELECT a+b*2+c*3+d*4+e*5, (a+b+c+d+e)/5 FROM t1 ORDER BY 1,2
        const v = t1.map((r) => [
          r.a! + r.b! * 2 + r.c! * 3 + r.d! * 4 + r.e! * 5, Math.trunc((r.a! + r.b! + r.c! + r.d! + r.e!) / 5),
        ]).sort((x, y) => x[0]! - y[0]! || x[1]! - y[1]!);
        return { columns: cols(2), rows: v };
      }
      return undefined;
    });
    const r = await runSltFile({ name: 'select1.test', text: cut }, connect);
    expect(r.failures).toEqual([]);
    expect(r).toMatchObject({ run: 33, passed: 33, skipped: 0 });
  });

  it('random/select/slt_good_0.test: rowsort hashes of whole tables and a cross join', async () => {
    const text = corpusFile('random/select/slt_good_0.test');
    const answers: Record<string, (t: Map<string, Row[]>) => number[][]> = {
      'SELECT * FROM tab0 AS cor0': (t) => t.get('tab0')!.map((r) => [r.col0!, r.col1!, r.col2!]),
      'SELECT ALL * FROM tab0 AS cor0': (t) => t.get('tab0')!.map((r) => [r.col0!, r.col1!, r.col2!]),
      'SELECT DISTINCT * FROM tab1 AS cor0': (t) => t.get('tab1')!.map((r) => [r.col0!, r.col1!, r.col2!]),
      'SELECT DISTINCT * FROM tab2': (t) => t.get('tab2')!.map((r) => [r.col0!, r.col1!, r.col2!]),
      'SELECT * FROM tab2 AS cor0 CROSS JOIN tab2 AS cor1': (t) => {
        const rows = t.get('tab2')!;
        return rows.flatMap((a) => rows.map((b) => [a.col0!, a.col1!, a.col2!, b.col0!, b.col1!, b.col2!]));
      },
    };
    const connect = miniEngine((sql, tables) => {
      const f = answers[sql];
      if (f === undefined) return undefined;
      const rows = f(tables);
      return { columns: cols(rows[0]!.length), rows };
    });
    const targets = parseSlt(text).filter((r): r is SltQueryRecord => r.kind === 'query' && answers[r.sql] !== undefined
      && r.expected?.length === 1 && r.expected[0]!.includes('hashing to'));
    expect(targets.length).toBeGreaterThanOrEqual(5);
    expect(targets.some((q) => q.expected![0]!.startsWith('54 values'))).toBe(true);

    const r = await runSltFile({ name: 'slt_good_0.test', text }, connect);
    const failed = new Set(r.failures.map((f) => f.line));
    for (const q of targets) expect(failed.has(q.line), `${q.sql} at line ${q.line}`).toBe(false);
    // Every other query fails with the fake's error, none with a wrong result.
    expect(r.failures.every((f) => f.kind === 'query-error')).toBe(true);
    expect(r.run + r.skipped).toBe(parseSlt(text).filter((x) => x.kind === 'query' || x.kind === 'statement').length);
  });
});
