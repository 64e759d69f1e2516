/**
 * Differential test against PostgreSQL 17 (PGlite) on fixed seeds: a few thousand generated
 * statements must give the same answers on both engines, and the TLP/NoREC oracles must hold.
 * Also checks the tester's own parts (comparison, canonical values, oracles, reducer).
 *
 * Longer runs: `npm run fuzz:diff -- --minutes 20 --seed 1`. Findings: test/diff/FINDINGS.md.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderStmt, type Case, type Stmt } from './ast.ts';
import { checkSorted, diffRows } from './compare.ts';
import { InkEngine, inkCell, numOfText, PgEngine, pgCell, type Engine, type Outcome } from './engines.ts';
import { featureSet, type Feature } from './features.ts';
import { genCase } from './gen-case.ts';
import { knownDifference } from './known-differences.ts';
import { checkOracle } from './oracles.ts';
import { reduce } from './reducer.ts';
import { runCase, type Failure } from './runner.ts';

/**
 * Constructs switched off because InkDB gets them wrong today, each with the finding it waits
 * for (test/diff/FINDINGS.md). When a fix lands, delete its line: the test must stay green.
 * (Switching a construct on changes the cases generated for the same seeds; if that exposes a
 * different finding, switch that finding's construct off here instead.)
 */
const WAITING_FOR_FIX: Partial<Record<Feature, string>> = {};

/** Constructs InkDB does not have yet (off by default in features.ts), for the record. */
const NOT_YET: readonly Feature[] = ['xor_op', 'float_specials'];

const SEEDS = 100;
const STEPS = 20;

let ink: InkEngine;
let pg: PgEngine;

beforeAll(async () => {
  ink = new InkEngine();
  pg = new PgEngine();
  await pg.start();
}, 60_000);

afterAll(async () => {
  await ink.close();
  await pg.close();
});

function describeFailure(seed: number, c: Case, f: Failure): string {
  return `seed ${seed}, statement ${f.index}: ${f.kind}: ${f.detail}\n  ${f.sql}\n  (repro: npm run fuzz:diff -- --seed ${seed} --minutes 0.1; ${c.stmts.length} statements)`;
}

describe('InkDB vs PostgreSQL on generated SQL', () => {
  it(`agrees on ${SEEDS} fixed-seed cases (oracles included)`, async () => {
    const features = featureSet(Object.keys(WAITING_FOR_FIX) as Feature[]);
    for (const f of NOT_YET) expect(features.has(f)).toBe(false);
    const failures: string[] = [];
    const totals: Record<string, number> = {};
    let statements = 0;
    for (let seed = 1; seed <= SEEDS; seed++) {
      const { c } = genCase(seed, features, { steps: STEPS });
      const r = await runCase(c, ink, pg, { pg: true });
      statements += r.statements;
      for (const [k, v] of Object.entries(r.counts)) totals[k] = (totals[k] ?? 0) + v;
      for (const f of r.failures) failures.push(describeFailure(seed, c, f));
    }
    expect(failures).toEqual([]);
    // The run must be substantial and mostly valid SQL that both engines execute.
    expect(statements).toBeGreaterThan(3000);
    expect(totals['ok'] ?? 0).toBeGreaterThan(2000);
    expect(totals['oracle-ok'] ?? 0).toBeGreaterThan(100);
    expect((totals['both-error'] ?? 0) / statements).toBeLessThan(0.1);
    expect(totals['oracle-invalid'] ?? 0).toBe(0);
  }, 120_000);
});

describe('the tester itself', () => {
  it('generates the same case from the same seed', () => {
    const a = genCase(42).c.stmts.map(renderStmt);
    const b = genCase(42).c.stmts.map(renderStmt);
    expect(a).toEqual(b);
    expect(genCase(43).c.stmts.map(renderStmt)).not.toEqual(a);
  });

  it('compares numbers with tolerance, multisets and sequences', () => {
    const n = (s: string) => numOfText(s);
    expect(diffRows([[n('2.5')]], [[n('2.5000000000000000')]], true)).toBeNull();
    expect(diffRows([[n('0.1')]], [[n('0.10000000000000002')]], true)).toBeNull();
    expect(diffRows([[n('3')]], [[n('4')]], true)).toMatch(/row 1/);
    expect(diffRows([['s:a'], ['s:b']], [['s:b'], ['s:a']], false)).toBeNull();
    expect(diffRows([['s:a'], ['s:b']], [['s:b'], ['s:a']], true)).toMatch(/row 1/);
    expect(diffRows([['s:a'], ['s:a']], [['s:a']], false)).toMatch(/inkdb 2, postgres 1/);
    expect(checkSorted([[n('1')], [null], [n('0')]], [{ col: 0, desc: false, nullsFirst: false }])).toMatch(/out of order/);
    expect(checkSorted([[n('1')], [n('2')], [null]], [{ col: 0, desc: false, nullsFirst: false }])).toBeNull();
    // Text sorts by code point like PostgreSQL's C collation: U+FF46 before U+1F600.
    expect(checkSorted([['s:ｆ'], ['s:😀']], [{ col: 0, desc: false, nullsFirst: false }])).toBeNull();
  });

  it('canonicalises InkDB and PostgreSQL values alike', () => {
    expect(inkCell(19724, 'date')).toBe(pgCell('2024-01-02', 1082));
    expect(inkCell(1704164645123, 'timestamp')).toBe(pgCell('2024-01-02 03:04:05.123', 1114));
    expect(inkCell(-62135596800000, 'timestamp')).toBe(pgCell('0001-01-01 00:00:00', 1114));
    expect(inkCell(new Uint8Array([1, 255]), 'bytes')).toBe(pgCell('\\x01ff', 17));
    expect(inkCell(true, 'boolean')).toBe(pgCell('t', 16));
    expect(inkCell(9223372036854775807n, 'bigint')).toEqual(pgCell('9223372036854775807', 20));
  });

  it('accepts only the listed known differences', () => {
    const upd: Stmt = { k: 'update', table: 't', alias: 'u', sets: [], dump: true };
    const ok = (rowCount: number): Outcome => ({ ok: true, cols: [], rows: [], rowCount, ms: 0 });
    expect(knownDifference(upd, 'UPDATE t …', ok(0), ok(2), 'rowcount')?.id).toBe('KD1-update-unchanged-rowcount');
    expect(knownDifference(upd, 'UPDATE t …', ok(3), ok(2), 'rowcount')).toBeNull();
    const q: Stmt = { k: 'raw', sql: 'SELECT 1' };
    expect(knownDifference(q, 'SELECT 1', ok(0), { ok: false, code: '42601', message: 'x', kind: 'db', ms: 0 }, 'error')).toBeNull();
  });

  it('TLP and NoREC hold on PostgreSQL and catch an engine that drops NULL-predicate rows', async () => {
    const { c } = genCase(7);
    const setup = c.stmts.filter((s) => s.k === 'create' || s.k === 'insert');
    const oracle: Stmt = {
      k: 'oracle', kind: 'tlp',
      base: { k: 'select', items: [{ e: { k: 'lit', t: 'int4', sql: '1', b: 1 }, alias: 'o0' }], from: [{ k: 'series', lo: 1, hi: 5, alias: 'g', col: 'v' }], out: [{ name: 'o0', t: 'int4', b: 1 }] },
      p: { k: 'tpl', t: 'bool', tag: 'cmp', parts: ['(NULLIF(g.v, 3) > 2)'], b: 0 },
    };
    await pg.reset();
    for (const s of setup) await pg.run(renderStmt(s));
    expect(await checkOracle(oracle as Stmt & { k: 'oracle' }, pg)).toEqual({ status: 'ok' });
    const lossy: Engine = {
      name: 'lossy', reset: () => pg.reset(), close: async () => undefined,
      run: async (sql) => {
        const o = await pg.run(sql);
        return sql.includes('IS NULL') && o.ok ? { ...o, rows: [] } : o;
      },
    };
    const r = await checkOracle(oracle as Stmt & { k: 'oracle' }, lossy);
    expect(r.status).toBe('violated');
  });

  it('reduces a failing case to the statements and expression that matter', async () => {
    // An engine with a planted bug: abs() answers one more row than it should.
    const buggy: Engine = {
      name: 'buggy', reset: () => ink.reset(), close: async () => undefined,
      run: async (sql) => {
        const o = await ink.run(sql);
        return o.ok && /^SELECT/.test(sql) && sql.includes('abs(') ? { ...o, rows: [...o.rows, o.rows[0] ?? []] } : o;
      },
    };
    let found: { c: Case; f: Failure } | null = null;
    for (let seed = 1; seed < 200 && found === null; seed++) {
      const { c } = genCase(seed);
      const r = await runCase(c, buggy, pg, { pg: true });
      const f = r.failures.find((x) => x.kind === 'mismatch' && x.sql.includes('abs('));
      if (f !== undefined) found = { c, f };
    }
    expect(found).not.toBeNull();
    const { c, f } = found as { c: Case; f: Failure };
    const red = await reduce(c, f, buggy, pg, { usePg: true, maxMs: 60_000 });
    const last = renderStmt(red.c.stmts[red.c.stmts.length - 1] as Stmt);
    expect(last).toContain('abs(');
    expect(red.c.stmts.length).toBeLessThanOrEqual(3);
    expect(last.length).toBeLessThan(f.sql.length);
    expect(red.failure.kind).toBe('mismatch');
  }, 120_000);
});
