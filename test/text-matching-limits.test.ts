/**
 * Correctness under generated queries, through SQL: LIKE/ILIKE and regular expressions answer
 * in linear time (no backtracking blow-up, no RegExp syntax leaking through), and functions
 * that build text fail with 54000 instead of exhausting the heap — the engine stays usable.
 * Expected values are PostgreSQL 17's (checked with PGlite) unless marked InkDB-only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DbError, openDatabase, type Database, type Session } from '../src/index.ts';
import { createEngine } from '../src/engine/index.ts';
import { valueAt } from '../src/types/vector.ts';

let db: Database;
let root: Session;

async function rows(sql: string, params?: unknown[]): Promise<unknown[][]> {
  return (await root.query(sql, params)).rowArrays();
}

/** `code message` of the DbError `sql` fails with. */
async function failure(sql: string, s: Session = root): Promise<string> {
  const e = await s.query(sql).then(() => null, (x: unknown) => x);
  expect(e, `expected an error from ${sql.slice(0, 100)}`).toBeInstanceOf(DbError);
  return `${(e as DbError).code} ${(e as DbError).message}`;
}

async function timed<T>(f: () => Promise<T>): Promise<[T, number]> {
  const t0 = performance.now();
  const r = await f();
  return [r, performance.now() - t0];
}

/** Flat random lower-case text (mulberry32). */
function randomTexts(count: number, length: number, seed: number): string[] {
  let a = seed | 0;
  const out: string[] = [];
  const codes = new Uint16Array(length);
  for (let r = 0; r < count; r++) {
    for (let i = 0; i < length; i++) {
      a = (a + 0x6d2b79f5) | 0;
      let t = Math.imul(a ^ (a >>> 15), 1 | a);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      codes[i] = 97 + (((t ^ (t >>> 14)) >>> 0) % 26);
    }
    out.push(String.fromCharCode(...codes));
  }
  return out;
}

let bodies: string[] = [];

/** End of the greedy leftmost embedding of `chars` as a subsequence of `s` from 0, or -1. */
function subsequenceEnd(s: string, chars: string): number {
  let at = 0;
  for (const c of chars) {
    const k = s.indexOf(c, at);
    if (k < 0) return -1;
    at = k + 1;
  }
  return at;
}

beforeAll(async () => {
  db = await openDatabase({ worker: false, storage: 'memory' });
  root = await db.login('root', '');
  await root.query('CREATE TABLE docs (id INT PRIMARY KEY, body TEXT)');
  bodies = randomTexts(10_000, 1000, 2026);
  const table = await root.table('docs');
  await table.insert(bodies.map((body, id) => ({ id, body })));
  await root.query("CREATE TABLE pats (id INT, s TEXT, p TEXT, e TEXT); INSERT INTO pats VALUES (1, 'a-b', '%-%', NULL), (2, 'a%c', 'a#%c', '#'), (3, 'abc', 'a#%c', '#'), (4, 'ABC', 'a_c', NULL), (5, NULL, '%', NULL)");
}, 60_000);

afterAll(async () => {
  await db.close();
});

describe('LIKE / ILIKE', () => {
  it('answers the cases that broke the RegExp translation', async () => {
    const [r, ms] = await timed(() => rows("SELECT repeat('a', 200) LIKE '%a%a%a%a%ab', 'a-b' LIKE '%-%', 'a]b' LIKE 'a]_', '(x)' LIKE '(_)'"));
    expect(r).toEqual([[false, true, true, true]]);
    expect(ms).toBeLessThan(1000);
    expect(await rows("SELECT 'abc' LIKE repeat('_', 100000), repeat('é', 100000) LIKE repeat('_', 100000), repeat('😀', 3) LIKE '___'")).toEqual([[false, true, true]]);
    expect(await rows("SELECT 'a%' LIKE 'a#%' ESCAPE '#', 'a\\' LIKE 'a\\' ESCAPE '', 'ÉCOLE' ILIKE 'é%', 'abc' NOT ILIKE 'A%', 'x' LIKE NULL")).toEqual([[true, true, true, false, null]]);
  });

  it('escape errors are 22025', async () => {
    expect(await failure("SELECT 'a' LIKE 'a' ESCAPE 'ab'")).toBe('22025 invalid escape string');
    expect(await failure("SELECT 'x' LIKE 'a\\'")).toBe('22025 LIKE pattern must not end with escape character');
    expect(await rows('SELECT 1')).toEqual([[1]]);
  });

  it('per-row patterns and escapes, and parameters', async () => {
    expect(await rows('SELECT id, s LIKE p ESCAPE e, s ILIKE p FROM pats ORDER BY id')).toEqual([
      [1, null, true], [2, true, false], [3, false, false], [4, null, true], [5, null, null],
    ]);
    expect(await rows('SELECT count(*) FROM pats WHERE s LIKE $1', ['%b%'])).toEqual([[2n]]);
  });

  it("%a%b%a%b%a%b%a%b%c over 10,000 rows of 1,000 characters (target: well under 100 ms)", async () => {
    const want = BigInt(bodies.filter((b) => { const e = subsequenceEnd(b, 'abababab'); return e >= 0 && e < b.length && b.endsWith('c'); }).length);
    const sql = "SELECT count(*) FROM docs WHERE body LIKE '%a%b%a%b%a%b%a%b%c'";
    await rows(sql); // warm-up
    const times: number[] = [];
    for (let k = 0; k < 3; k++) {
      const [r, ms] = await timed(() => rows(sql));
      expect(r).toEqual([[want]]);
      times.push(ms);
    }
    console.info(`LIKE '%a%b%a%b%a%b%a%b%c' over 10,000 × 1,000 chars: ${times.map((t) => t.toFixed(1)).join(' / ')} ms`);
    expect(Math.min(...times)).toBeLessThan(1000);
    const [r2, ms2] = await timed(() => rows("SELECT count(*) FROM docs WHERE body ILIKE '%A%B%A%B%A%B%A%B%C%' AND body NOT LIKE '%zzzz%'"));
    expect(r2).toEqual([[BigInt(bodies.filter((b) => subsequenceEnd(b, 'ababababc') >= 0 && !b.includes('zzzz')).length)]]);
    expect(ms2).toBeLessThan(2000);
  });
});

describe('regular expressions', () => {
  it('pathological patterns answer quickly', async () => {
    const [r, ms] = await timed(() => rows("SELECT regexp_like(repeat('a', 30) || 'b', '^(a+)+$'), regexp_like(repeat('a', 5000), '(a|aa)*c'), regexp_replace(repeat('x', 3000), '(x+x+)+y', '-')"));
    expect(r).toEqual([[false, false, 'x'.repeat(3000)]]);
    expect(ms).toBeLessThan(2000);
    const [r2, ms2] = await timed(() => rows("SELECT count(*) FROM docs WHERE regexp_like(body, '^(a|b|ab)*(c|d)*q')"));
    expect(r2).toEqual([[BigInt(bodies.filter((b) => /^(a|b|ab)*(c|d)*q/.test(b)).length)]]);
    expect(ms2).toBeLessThan(5000);
  });

  it('PostgreSQL replacement and match rules', async () => {
    expect(await rows("SELECT regexp_replace('foo bar', '(\\w+) (\\w+)', '\\2 \\1'), regexp_replace('abcd', 'a|ab', 'X'), regexp_replace('abxb', 'a.*?b.*', 'X'), regexp_replace('aaa', 'a', 'b', 'g'), regexp_replace('a-b', '-', '+')"))
      .toEqual([['bar foo', 'Xcd', 'Xxb', 'bbb', 'a+b']]);
    expect(await rows("SELECT regexp_like('ABC', 'b', 'i'), regexp_like(E'a\\nb', 'a$', 'n'), regexp_like('x', '[[:digit:]]')")).toEqual([[true, true, false]]);
  });

  it('errors: 2201B invalid, 0A000 needs backtracking, 22023 bad flag', async () => {
    expect(await failure("SELECT regexp_like('a', '(')")).toBe('2201B invalid regular expression: parentheses () not balanced');
    expect(await failure("SELECT regexp_like('a', '((a{255}){255}){255}')")).toBe('2201B invalid regular expression: regular expression is too complex');
    expect(await failure("SELECT regexp_like('aa', '(a)\\1')")).toBe('0A000 back-references (\\1 … \\9) are not supported in regular expressions');
    expect(await failure("SELECT regexp_replace('a', '(?=a)', 'x')")).toBe('0A000 lookahead constraints ((?=…), (?!…)) are not supported in regular expressions');
    expect(await failure("SELECT regexp_like('a', 'a', 'g')")).toBe('22023 regexp_like() does not support the "global" option');
    expect(await rows('SELECT 1')).toEqual([[1]]);
  });
});

describe('bounded string production (54000)', () => {
  it('lpad over 20 rows fails fast and leaves the engine usable', async () => {
    const [msg, ms] = await timed(() => failure("SELECT length(lpad('a', 123456789, 'b')) FROM generate_series(1, 20)"));
    expect(msg).toBe('54000 requested length too large');
    expect(ms).toBeLessThan(2000);
    expect(await rows("SELECT length(lpad('a', 1000000, 'b')), length(rpad('a', 5, '😀')), rpad('a', 4, 'xy')")).toEqual([[1_000_000, 5, 'axyx']]);
  });

  it('each text builder is bounded per value', async () => {
    for (const sql of [
      "SELECT repeat('ab', 40000000)",
      "SELECT length(replace(repeat('a', 100000), 'a', repeat('x', 1000)))",
      "SELECT length(regexp_replace(repeat('a', 100000), '', repeat('x', 1000), 'g'))",
      "SELECT length(rpad('', 100000000))",
    ]) {
      expect(await failure(sql), sql).toBe('54000 requested length too large');
    }
    expect(await rows("SELECT length(repeat('ab', 1000000)), length(replace(repeat('a', 1000), 'a', 'xyz')), length(concat(repeat('a', 10), NULL, 'b'))")).toEqual([[2_000_000, 3000, 11]]);
  });

  it('the statement budget (default 256 Mi) stops many large values', async () => {
    expect(await failure("SELECT length(repeat('ab', 30000000)) FROM generate_series(1, 20)")).toBe('53200 out of memory');
    expect(await failure("SELECT length(concat(repeat('x', 60000000), repeat('y', 60000000))) FROM generate_series(1, 3)")).toBe('53200 out of memory');
    expect(await rows("SELECT sum(length(repeat('ab', 1000000))) FROM generate_series(1, 20)")).toEqual([[40_000_000n]]);
  });

  it('the engine option maxStatementBytes sets the budget (InkDB-only)', async () => {
    const engine = createEngine({ maxStatementBytes: 1000 });
    const sid = await engine.login('root', '');
    const r = await engine.execute(sid, "SELECT length(repeat('x', 600))");
    expect(valueAt(r.vectors[0]!, 0)).toBe(600);
    const e = await engine.execute(sid, "SELECT repeat('x', 600) FROM generate_series(1, 2)").then(() => null, (x: unknown) => x);
    expect(e).toBeInstanceOf(DbError);
    expect([(e as DbError).code, (e as DbError).message]).toEqual(['53200', 'out of memory']);
    // the budget is per statement: the next one starts afresh
    const r2 = await engine.execute(sid, "SELECT length(lpad('', 900, 'ab'))");
    expect(valueAt(r2.vectors[0]!, 0)).toBe(900);
    await engine.close();
  });
});
