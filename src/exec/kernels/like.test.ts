import { describe, expect, it } from 'vitest';
import { DbError } from '../../errors/db-error.ts';
import type { Vector } from '../../types/vector.ts';
import { compileLikePattern, likeConstant, likeMatch, likeRows } from './like.ts';

const match = (s: string, p: string, escape: string | null = null, ci = false): boolean => likeMatch(compileLikePattern(p, escape, ci), s);

function failure(f: () => unknown): string {
  try {
    f();
    return 'ok';
  } catch (e) {
    if (e instanceof DbError) return `${e.code} ${e.message}`;
    throw e;
  }
}

/** Reference: dynamic programming over code points (no fast paths, no segments). */
function reference(s: string, p: string, ci: boolean): boolean {
  const fold = (x: string): string => (ci ? Array.from(x).map((c) => Array.from(c.toLowerCase())[0]!).join('') : x);
  const text = Array.from(fold(s));
  const toks: (string | 0 | 1)[] = []; // 0 = _, 1 = %
  const pc = Array.from(p);
  for (let i = 0; i < pc.length; i++) {
    const c = pc[i]!;
    if (c === '\\') toks.push(fold(pc[++i]!));
    else toks.push(c === '%' ? 1 : c === '_' ? 0 : fold(c));
  }
  let row = new Uint8Array(text.length + 1);
  row[0] = 1;
  for (const t of toks) {
    const next = new Uint8Array(text.length + 1);
    for (let j = 0; j <= text.length; j++) {
      if (t === 1) next[j] = row[j]! | (j > 0 ? next[j - 1]! : 0);
      else if (j > 0 && row[j - 1] === 1 && (t === 0 || t === text[j - 1])) next[j] = 1;
    }
    row = next;
  }
  return row[text.length] === 1;
}

function prng(seed: number): (n: number) => number {
  let a = seed | 0;
  return (n) => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) % n;
  };
}

const text = (xs: (string | null)[]): Vector => ({
  type: 'text', length: xs.length, data: xs.map((x) => x ?? ''), nulls: xs.includes(null) ? Uint8Array.from(xs, (x) => (x === null ? 1 : 0)) : null,
});
const bools = (v: Vector, rows: number[]): (boolean | null)[] => rows.map((i) => (v.nulls !== null && v.nulls[i] === 1 ? null : (v.data as Uint8Array)[i] === 1));

// Expected values are PostgreSQL 17's (checked with PGlite).
describe('LIKE matcher', () => {
  it('wildcards, escapes and characters that were RegExp syntax', () => {
    expect(match('a-b', '%-%')).toBe(true);
    expect(match('a.b', 'a.b')).toBe(true);
    expect(match('axb', 'a.b')).toBe(false);
    expect(match('(a|b)*', '(a|b)*')).toBe(true);
    expect(match('a_b', 'a\\_b')).toBe(true);
    expect(match('axb', 'a\\_b')).toBe(false);
    expect(match('a\\b', 'a\\\\b')).toBe(true);
    expect(match('ab', 'a\\b')).toBe(true);
    expect(match('a%', 'a#%', '#')).toBe(true);
    expect(match('a%', 'a%%', '%')).toBe(true);
    expect(match('a\\', 'a\\', '')).toBe(true);
    expect(match('abc', 'a\\%', '')).toBe(false);
    expect(match('abc', '%%%')).toBe(true);
    expect(match('', '%_%')).toBe(false);
    expect(match('ab', '%a_b%')).toBe(false);
    expect(match('aab', '%a_')).toBe(true);
    expect(match('', '')).toBe(true);
    expect(match('x', '')).toBe(false);
    expect(match('', '%')).toBe(true);
  });

  it('`_` is one character: surrogate pairs count once', () => {
    expect(match('😀x😀', '_x_')).toBe(true);
    expect(match('😀', '__')).toBe(false);
    expect(match('😀', '_')).toBe(true);
    expect(match('a😀b😀c', '%😀_😀%')).toBe(true);
    expect(match('a😀😀b', '%_b')).toBe(true);
    expect(match('a😀😀b', 'a__b')).toBe(true);
    expect(match('a😀😀b', 'a___b')).toBe(false);
  });

  it('ILIKE folds both sides as PostgreSQL lower() does', () => {
    expect(match('İ', 'i', null, true)).toBe(true);
    expect(match('ΣΑΣ', 'σασ', null, true)).toBe(true);
    expect(match('ß', 'SS', null, true)).toBe(false);
    expect(match('ÉCOLE', 'é%', null, true)).toBe(true);
    expect(match('ǅ', 'ǆ', null, true)).toBe(true);
    expect(match('K', 'k', null, true)).toBe(true);
    expect(match('ABC', 'a_c', null, true)).toBe(true);
    expect(match('ABC', 'a_c')).toBe(false);
    expect(match('axb', 'AXB', 'X', true)).toBe(false); // the escape is found before folding: `XB` is a literal b
    expect(match('ab', 'AXB', 'X', true)).toBe(true);
  });

  it('bad escapes are 22025', () => {
    expect(failure(() => compileLikePattern('a', 'ab', false))).toBe('22025 invalid escape string');
    expect(failure(() => compileLikePattern('a\\', null, false))).toBe('22025 LIKE pattern must not end with escape character');
    expect(failure(() => compileLikePattern('😀', '😀', false))).toBe('22025 LIKE pattern must not end with escape character');
    expect(failure(() => compileLikePattern('a😀b', '😀', false))).toBe('ok');
    expect(match('ab', 'a😀b', '😀')).toBe(true);
  });

  it('agrees with a dynamic-programming reference on random patterns', () => {
    const rnd = prng(42);
    let trues = 0;
    for (let t = 0; t < 3000; t++) {
      let p = '';
      for (let n = rnd(8); n > 0; n--) p += ['a', 'b', 'A', '%', '%', '_', '\\%', '\\_', '😀', '\\\\'][rnd(10)]!;
      const ci = rnd(2) === 1;
      const m = compileLikePattern(p, null, ci);
      for (let k = 0; k < 10; k++) {
        let s = '';
        for (let n = rnd(10); n > 0; n--) s += ['a', 'b', 'B', '%', '_', '😀', '\\'][rnd(7)]!;
        const want = reference(s, p, ci);
        if (want) trues++;
        expect(likeMatch(m, s), `${JSON.stringify(s)} ${ci ? 'ILIKE' : 'LIKE'} ${JSON.stringify(p)}`).toBe(want);
      }
    }
    expect(trues).toBeGreaterThan(1000);
  });

  it('no exponential blow-up: %a%a%a…b over long texts and 100,000 wildcards', () => {
    const t0 = performance.now();
    expect(match('a'.repeat(200), '%a%a%a%a%ab')).toBe(false);
    expect(match('a'.repeat(100_000), '%a%a%a%a%a%a%a%a%a%a%ab')).toBe(false);
    expect(match('a'.repeat(100_000), '_'.repeat(100_000))).toBe(true);
    expect(match('abc', '_'.repeat(100_000))).toBe(false);
    expect(match('ab'.repeat(50_000), '%a_a_a_a_a_a_c%')).toBe(false);
    expect(performance.now() - t0).toBeLessThan(1000);
  });
});

describe('LIKE kernels', () => {
  it('constant pattern: each fast path, NULLs and a selection vector', () => {
    const v = text(['abc', null, 'xabcx', 'ab', 'cab', 'abc']);
    const sel = Int32Array.from([0, 1, 2, 4]);
    const cases: [string, (boolean | null)[]][] = [
      ['abc', [true, null, false, false]],
      ['ab%', [true, null, false, false]],
      ['%ab', [false, null, false, true]],
      ['%ab%', [true, null, true, true]],
      ['%', [true, null, true, true]],
      ['%b_', [true, null, false, false]],
    ];
    for (const [p, want] of cases) {
      const out = likeConstant(v, compileLikePattern(p, null, false), false, v.length, sel);
      expect(bools(out, [0, 1, 2, 4]), p).toEqual(want);
      const neg = likeConstant(v, compileLikePattern(p, null, false), true, v.length, null);
      expect(bools(neg, [0, 1, 2, 4]), `NOT ${p}`).toEqual(want.map((x) => (x === null ? null : !x)));
    }
    const ci = likeConstant(text(['ABC', 'xAbCx']), compileLikePattern('%abc%', null, true), false, 2, null);
    expect(bools(ci, [0, 1])).toEqual([true, true]);
  });

  it('per-row patterns and escapes', () => {
    const v = text(['a%c', 'abc', 'abc', null, 'q']);
    const p = text(['a#%c', 'a#%c', 'a_c', 'x', null]);
    const e = text(['#', '#', null, '#', '#']);
    expect(bools(likeRows(v, p, e, false, false, 5, null), [0, 1, 2, 3, 4])).toEqual([true, false, null, null, null]);
    expect(bools(likeRows(v, p, null, false, true, 5, null), [0, 1, 2, 3, 4])).toEqual([true, true, false, null, null]);
    expect(failure(() => likeRows(text(['a']), text(['a']), text(['##']), false, false, 1, null))).toBe('22025 invalid escape string');
  });

  it('%a%b%a%b%a%b%a%b%c and %a%b%a%b%a%b%a%b%c% over 10,000 rows of 1,000 characters', () => {
    const rnd = prng(1);
    const rows: string[] = [];
    for (let r = 0; r < 10_000; r++) {
      const codes = new Uint16Array(1000);
      for (let i = 0; i < 1000; i++) codes[i] = 97 + rnd(26);
      rows.push(String.fromCharCode(...codes)); // flat, as values read from storage are
    }
    const v = text(rows);
    const m = compileLikePattern('%a%b%a%b%a%b%a%b%c', null, false);
    const t0 = performance.now();
    const out = likeConstant(v, m, false, v.length, null);
    const ms = performance.now() - t0;
    let hits = 0;
    for (let i = 0; i < v.length; i++) hits += (out.data as Uint8Array)[i]!;
    expect(hits).toBe(rows.filter((s) => s.endsWith('c')).length);
    expect(ms).toBeLessThan(1000);
    const t1 = performance.now();
    const all = likeConstant(v, compileLikePattern('%a%b%a%b%a%b%a%b%c%', null, false), false, v.length, null);
    expect(performance.now() - t1).toBeLessThan(1000);
    expect(bools(all, [0, 1, 9999])).toEqual([true, true, true]);
  });
});
