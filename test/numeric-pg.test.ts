/**
 * NUMERIC against PostgreSQL: a few thousand generated expressions (literals of varied scales
 * and sizes, + - * / %, casts with typmods, rounding and the numeric functions, comparisons)
 * and queries over a table of integer and numeric columns (SUM/AVG/MIN/MAX, GROUP BY,
 * DISTINCT, ORDER BY, joins and windows on numerics) run in InkDB and in PGlite (PostgreSQL 17);
 * every result must be the same text with the same type, every error the same SQLSTATE.
 * `NUMERIC_SEED=<n>` / `NUMERIC_SEED2=<n>` draw other expressions / table data.
 */
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine } from '../src/engine/index.ts';
import type { EngineApi } from '../src/api/engine-api.ts';
import { valueAt } from '../src/types/vector.ts';
import { mulberry32 } from './helpers/mulberry32.ts';

/** PostgreSQL type oids → InkDB type names. */
const PG_TYPES: Record<number, string> = {
  16: 'boolean', 20: 'bigint', 21: 'smallint', 23: 'integer', 25: 'text', 700: 'real', 701: 'double', 1700: 'numeric',
};

const rng = mulberry32;

type Outcome = { ok: true; type: string; value: string } | { ok: false; code: string };

function digits(r: () => number, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += String(Math.floor(r() * 10));
  return s;
}

/** A numeric-ish literal of some scale and size (never negative: signs come from unary minus). */
function literal(r: () => number): string {
  const k = r();
  if (k < 0.35) return `${digits(r, 1 + Math.floor(r() * 6)).replace(/^0+(?=\d)/, '')}.${digits(r, Math.floor(r() * 6))}`;
  if (k < 0.55) return String(Math.floor(r() * 1000));
  if (k < 0.62) return String(Math.floor(r() * 2147483647));
  if (k < 0.68) return `${digits(r, 12 + Math.floor(r() * 8)).replace(/^0+(?=\d)/, '')}`;
  if (k < 0.76) return `${digits(r, 1 + Math.floor(r() * 20)).replace(/^0+(?=\d)/, '')}.${digits(r, 1 + Math.floor(r() * 20))}`;
  if (k < 0.83) return `${1 + Math.floor(r() * 9)}.${digits(r, Math.floor(r() * 3))}e${Math.floor(r() * 12) - 6}`;
  if (k < 0.88) return `0.${'0'.repeat(Math.floor(r() * 8))}${1 + Math.floor(r() * 9)}`;
  if (k < 0.91) return ['0', '0.0', '1', '1.00', '0.5', '2.5', '-2.5'][Math.floor(r() * 7)]!;
  if (k < 0.94) return ["'NaN'::numeric", "'Infinity'::numeric", "'-Infinity'::numeric"][Math.floor(r() * 3)]!;
  if (k < 0.97) return `${Math.floor(r() * 100)}::bigint`;
  return `${(r() * 100).toFixed(Math.floor(r() * 4))}::float8`;
}

const FUNCS1 = ['round', 'trunc', 'ceil', 'floor', 'abs', 'sign', 'scale', 'min_scale', 'trim_scale'];

/** Column leaves of the table queries (null: literals only). */
let columnLeaves: readonly string[] | null = null;

/** A random numeric expression. */
function expr(r: () => number, depth: number): string {
  const k = r();
  if (depth <= 0 || k < 0.3) {
    if (columnLeaves !== null && r() < 0.6) return columnLeaves[Math.floor(r() * columnLeaves.length)]!;
    const l = literal(r);
    return r() < 0.2 ? `(-${l})` : l;
  }
  if (k < 0.62) {
    const op = ['+', '-', '*', '/', '%'][Math.floor(r() * 5)]!;
    return `(${expr(r, depth - 1)} ${op} ${expr(r, depth - 1)})`;
  }
  if (k < 0.72) {
    const f = FUNCS1[Math.floor(r() * FUNCS1.length)]!;
    return `${f}(${expr(r, depth - 1)})`;
  }
  if (k < 0.8) {
    const f = r() < 0.5 ? 'round' : 'trunc';
    return `${f}(${expr(r, depth - 1)}, ${Math.floor(r() * 10) - 3})`;
  }
  if (k < 0.9) {
    const t = r();
    const p = 1 + Math.floor(r() * 18);
    const target = t < 0.5 ? `numeric(${p}, ${Math.floor(r() * (p + 3)) - 2})` : t < 0.6 ? 'numeric(' + p + ')'
      : ['integer', 'bigint', 'smallint', 'float8', 'real', 'text', 'numeric'][Math.floor(r() * 7)]!;
    return `CAST(${expr(r, depth - 1)} AS ${target})`;
  }
  if (k < 0.94) return `${['mod', 'div', 'greatest', 'least'][Math.floor(r() * 4)]}(${expr(r, depth - 1)}, ${expr(r, depth - 1)})`;
  if (k < 0.955) return `sqrt(abs(${expr(r, depth - 1)}))`;
  if (k < 0.97) {
    const x = `CAST(${expr(r, depth - 1)} AS numeric)`;
    const t = r();
    if (t < 0.25) return `exp(${x} % 30)`;
    if (t < 0.5) return `ln(abs(${x}) + 0.5)`;
    if (t < 0.7) return `log(abs(${x}) + 1)`;
    if (t < 0.85) return `log(${literal(r)} + 1.5, abs(${x}) + 2)`;
    return `power(abs(${x}) + 0.25, ${(r() * 6 - 3).toFixed(Math.floor(r() * 3))})`;
  }
  // a numeric base (the double power function's last bit is the platform's)
  return `power(CAST(${expr(r, depth - 1)} AS numeric), ${Math.floor(r() * 7) - 2})`;
}

let pg: PGlite;
let ink: EngineApi;
let session: Awaited<ReturnType<EngineApi['login']>>;

async function runPg(sql: string): Promise<Outcome[]> {
  try {
    const res = await pg.query<unknown[]>(sql, [], { rowMode: 'array' });
    return res.rows.map((row) => normalizeRow(row, res.fields.map((f) => PG_TYPES[f.dataTypeID] ?? String(f.dataTypeID))));
  } catch (e) {
    return [{ ok: false, code: (e as { code?: string }).code ?? 'unknown' }];
  }
}

async function runInk(sql: string): Promise<Outcome[]> {
  try {
    const r = await ink.execute(session, sql);
    const out: Outcome[] = [];
    for (let i = 0; i < r.length; i++) out.push(normalizeRow(r.vectors.map((v) => valueAt(v, i)), r.columns.map((c) => c.type)));
    return out;
  } catch (e) {
    return [{ ok: false, code: (e as { code?: string }).code ?? 'unknown' }];
  }
}

/** One row as one outcome: the values' texts (reals rounded to float4) and types joined. */
function normalizeRow(row: readonly unknown[], types: readonly string[]): Outcome {
  const vals = row.map((v, i) => {
    if (v === null) return 'NULL';
    if (types[i] === 'real') return String(Math.fround(Number(v)));
    if (types[i] === 'boolean') return String(v === true || v === 't');
    return String(v);
  });
  return { ok: true, type: types.join(','), value: vals.join('|') };
}

beforeAll(async () => {
  pg = await PGlite.create();
  ink = createEngine();
  session = await ink.login('root', '');
}, 60_000);

afterAll(async () => {
  await pg.close();
});

/**
 * Runs every statement in both engines; returns the differences. Where PostgreSQL has no such
 * operator or function (42883), InkDB's documented extensions for double precision (`%`,
 * `mod`, `round(x, n)`, `trunc(x, n)` on doubles) are at work: not a difference.
 */
async function compare(sqls: readonly string[], stats = { compared: 0, errorOrder: 0 }): Promise<string[]> {
  const bad: string[] = [];
  for (const sql of sqls) {
    const [a, b] = [await runPg(sql), await runInk(sql)];
    const pgCode = a.length === 1 && !a[0]!.ok ? a[0]!.code : null;
    if (pgCode === '42883') continue;
    stats.compared++;
    if (JSON.stringify(a) === JSON.stringify(b)) continue;
    // both fail, with the errors of two different subexpressions: PostgreSQL folds constants
    // left to right at planning time, InkDB folds casts while binding and the rest when it
    // runs (and skips the other operand of a strict operator whose constant operand is NULL)
    const inkNull = b.length === 1 && b[0]!.ok && b[0]!.value === 'NULL';
    if (pgCode !== null && b.length === 1 && (!b[0]!.ok || inkNull)) { stats.errorOrder++; continue; }
    bad.push(`${sql}\n  PostgreSQL: ${JSON.stringify(a)}\n  InkDB:      ${JSON.stringify(b)}`);
  }
  return bad;
}

describe('NUMERIC agrees with PostgreSQL', () => {
  it('on generated expressions', async () => {
    const r = rng(Number(process.env['NUMERIC_SEED'] ?? 20261204));
    const sqls: string[] = [];
    for (let i = 0; i < 2500; i++) {
      const e = expr(r, 1 + Math.floor(r() * 3));
      const k = r();
      if (k < 0.8) sqls.push(`SELECT ${e}`);
      else sqls.push(`SELECT ${e} ${['<', '<=', '=', '<>', '>', '>='][Math.floor(r() * 6)]} ${expr(r, 1)}`);
    }
    const stats = { compared: 0, errorOrder: 0 };
    const bad = await compare(sqls, stats);
    expect(bad.slice(0, 40).join('\n'), `${bad.length} of ${sqls.length} differ`).toBe('');
    expect(stats.compared).toBeGreaterThan(2000);
    expect(stats.errorOrder).toBeLessThan(10);
  }, 120_000);

  it('on queries over integer and numeric columns', async () => {
    const r = rng(Number(process.env['NUMERIC_SEED2'] ?? 7));
    const ddl = 'CREATE TABLE nt (id INT, g INT, i INT, b BIGINT, n NUMERIC, m NUMERIC(10,2), d DOUBLE PRECISION)';
    await pg.query(ddl);
    await ink.execute(session, ddl.replace('DOUBLE PRECISION', 'DOUBLE'));
    const vals: string[] = [];
    for (let id = 1; id <= 300; id++) {
      const nul = () => r() < 0.1;
      const n = nul() ? 'NULL' : r() < 0.05 ? "'NaN'" : `${r() < 0.3 ? '-' : ''}${Math.floor(r() * 50)}.${digits(r, Math.floor(r() * 4))}`;
      const m = nul() ? 'NULL' : `${(r() * 2000 - 1000).toFixed(3)}`;
      const b = nul() ? 'NULL' : String(Math.floor(r() * 9e18) - 4.5e18 >= 0 ? 4000000000000000000n + BigInt(Math.floor(r() * 1e9)) : -BigInt(Math.floor(r() * 1e15)));
      vals.push(`(${id}, ${Math.floor(r() * 7)}, ${nul() ? 'NULL' : Math.floor(r() * 2e9) - 1e9}, ${b}, ${n}, ${m}, ${nul() ? 'NULL' : (r() * 100).toFixed(2)})`);
    }
    const ins = `INSERT INTO nt VALUES ${vals.join(', ')}`;
    await pg.query(ins);
    await ink.execute(session, ins);
    const queries = [
      'SELECT g, sum(i), sum(b), sum(n), sum(m), count(n) FROM nt GROUP BY g ORDER BY g',
      'SELECT g, avg(i), avg(b), avg(n), avg(m), avg(d)::numeric(20,6) FROM nt GROUP BY g ORDER BY g',
      'SELECT g, min(n), max(n), min(m), max(m) FROM nt GROUP BY g ORDER BY g',
      'SELECT sum(i), sum(b), sum(n), sum(m), avg(i), avg(b), avg(n), avg(m) FROM nt',
      'SELECT sum(m * (1 - 0.05)), sum(m * g), sum(n / 7), sum(m) / count(*) FROM nt',
      'SELECT id, n, m, n + m, n * m, m / 3, round(m, 1), trunc(n), m::integer, n % 3 FROM nt WHERE n IS NOT NULL AND n <> \'NaN\' ORDER BY id',
      'SELECT trim_scale(n), count(*) FROM nt GROUP BY n ORDER BY n NULLS FIRST',
      'SELECT DISTINCT trim_scale(m) FROM nt ORDER BY 1 NULLS LAST',
      'SELECT id, n FROM nt ORDER BY n DESC NULLS LAST, id LIMIT 40',
      'SELECT id, m FROM nt WHERE m BETWEEN -100.5 AND 250.25 ORDER BY m, id',
      'SELECT count(*) FROM nt WHERE n > 10 AND m < 0 OR n IN (1.5, 2.50, 3)',
      'SELECT a.id, b.id FROM nt a JOIN nt b ON a.m = b.n WHERE a.id < b.id ORDER BY 1, 2',
      'SELECT id, sum(m) OVER (ORDER BY id ROWS BETWEEN 2 PRECEDING AND CURRENT ROW), avg(n) OVER (PARTITION BY g ORDER BY id) FROM nt ORDER BY id',
      'SELECT g, sum(i::numeric / 1000), max(d::numeric) FROM nt GROUP BY g ORDER BY g',
      'SELECT trim_scale(n) FROM nt WHERE n IS NOT NULL UNION SELECT m FROM nt WHERE m > 900 ORDER BY 1',
      'SELECT CASE WHEN g > 3 THEN n ELSE m END, COALESCE(n, m, 0) FROM nt ORDER BY id',
      'SELECT greatest(n, m), least(n, m, 5) FROM nt ORDER BY id',
      'SELECT count(DISTINCT m), count(DISTINCT n) FROM nt',
      "SELECT sum(b) FROM nt WHERE b > 0",
    ];
    const bad = await compare(queries);
    expect(bad.slice(0, 5).join('\n'), `${bad.length} of ${queries.length} differ`).toBe('');
    // generated expressions over the columns, as values, filters, sort and group keys
    columnLeaves = ['n', 'm', 'i', 'b', 'g', 'id'];
    const gen: string[] = [];
    for (let q = 0; q < 150; q++) {
      const e = expr(r, 1 + Math.floor(r() * 2));
      const t = r();
      if (t < 0.4) gen.push(`SELECT id, ${e} FROM nt ORDER BY 1`);
      else if (t < 0.6) gen.push(`SELECT count(*), sum(${e}) FROM nt WHERE ${expr(r, 1)} > ${expr(r, 1)}`);
      else if (t < 0.8) gen.push(`SELECT g, sum(${e}), avg(${e}), min(${e}) FROM nt GROUP BY g ORDER BY g`);
      else gen.push(`SELECT id FROM nt ORDER BY (${e}) + 0, id LIMIT 20`); // `+ 0`: a bare decimal constant is 42601 in ORDER BY
    }
    columnLeaves = null;
    const stats = { compared: 0, errorOrder: 0 };
    const badGen = await compare(gen, stats);
    expect(badGen.slice(0, 5).join('\n'), `${badGen.length} of ${gen.length} differ`).toBe('');
    expect(stats.compared).toBeGreaterThan(100);
  }, 120_000);
});
