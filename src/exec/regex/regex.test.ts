import { describe, expect, it } from 'vitest';
import { DbError } from '../../errors/db-error.ts';
import { compileRegex, regexExec, regexReplace, regexTest } from './regex.ts';
import { Mode } from './vm.ts';

const like = (s: string, p: string, f = ''): boolean => regexTest(compileRegex(p, f, 'regexp_like'), s);
const replace = (s: string, p: string, r: string, f = ''): string | null => regexReplace(compileRegex(p, f, 'regexp_replace'), s, r, 1e9);

function failure(f: () => unknown): string {
  try {
    f();
    return 'ok';
  } catch (e) {
    if (e instanceof DbError) return `${e.code} ${e.message}`;
    throw e;
  }
}

/** Deterministic PRNG (mulberry32). */
function prng(seed: number): (n: number) => number {
  let a = seed | 0;
  return (n) => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) % n;
  };
}

// [text, pattern, replacement, flags, PostgreSQL 17's regexp_replace result (checked with PGlite)]
const POSTGRES: readonly (readonly [string, string, string, string, string])[] = [
  ['abc', 'b*', '-', 'g', '-a--c-'],
  ['abc', 'b', '[\\1]', '', 'a[]c'],
  ['abc', '(b)', '[\\2\\0\\q\\\\]', '', 'a[\\0\\q\\]c'],
  ['abcd', 'a|ab', 'X', '', 'Xcd'], // alternation makes the RE greedy: longest match
  ['abxb', 'a.*?b.*', 'X', '', 'Xxb'], // first quantifier lazy: the whole RE is non-greedy
  ['abxb', '(a.*?)(b.*)', '[\\1|\\2]', '', '[a|b]xb'],
  ['aaa', 'a{2}?', 'X', '', 'Xa'],
  ['aaa', '(a{1,2}?)(a*)', '[\\1|\\2]', '', '[a|]aa'],
  ['xabcabc', '(a|ab)(c|bcd)?', '[\\1|\\2]', '', 'x[ab|c]abc'],
  ['a b  c', '(?x) \\s+ ', '_', 'g', 'a_b_c'],
  ['abc', 'B', 'x', 'ig', 'axc'],
  ['a.c', '.', '-', 'q', 'a-c'],
  ['Ab', '[[:upper:]]', '*', 'g', '*b'],
  ['é1_ ', '\\w', '*', 'g', '*** '],
  ['foo bar', '(\\w+) (\\w+)', '\\2 \\1', '', 'bar foo'],
  ['hello world', '\\mw', 'W', '', 'hello World'],
  ['hello world', 'o\\M', '0', 'g', 'hell0 world'],
  ['a1b22c333', '\\d+', '#', 'g', 'a#b#c#'],
  ['a1b22c333', '\\D', '', 'g', '122333'],
  ['line1\nline2', '^l', 'L', 'gn', 'Line1\nLine2'],
  ['line1\nline2', '^l', 'L', 'g', 'Line1\nline2'],
  ['line1\nline2', '\\d$', '#', 'gn', 'line#\nline#'],
  ['line1\nline2', 'e.\\n?l', '_', 'g', 'lin_ine2'],
  ['line1\nline2', '1.l', '_', 'p', 'line1\nline2'],
  ['line1\nline2', '1$', '_', 'w', 'line_\nline2'],
  ['ÉCOLE école', 'é', 'e', 'gi', 'eCOLE ecole'],
  ['straße', 'SS', 's', 'i', 'straße'],
  ['ǅ ǆ Ǆ', 'ǆ', 'x', 'gi', 'ǅ x x'],
  ['😀a😀', '.', '_', 'g', '___'],
  ['😀a😀', '[^a]', '_', 'g', '_a_'],
  ['abc', '', '-', 'g', '-a-b-c-'],
  ['😀😀', '', '-', 'g', '-😀-😀-'],
  ['aaa', 'a*?', 'X', 'g', 'XaXaXaX'],
  ['aaa', 'a*', 'X', 'g', 'XX'],
  ['abab', '(ab)+', '<\\1>', '', '<ab>'],
  ['a-b_c', '[-_]', '.', 'g', 'a.b.c'],
  ['a]b', '[]]', '!', '', 'a!b'],
  ['a^b', '[\\^]', '!', '', 'a!b'],
  ['a{b', 'a{b', '!', '', '!'],
  ['AB', '\\x41', 'a', '', 'aB'],
  ['AB', '\\u0042', 'b', '', 'Ab'],
  ['ab', '***=a.', 'X', '', 'ab'],
  ['a.', '***=a.', 'X', '', 'X'],
  ['AB', '(?i)b', 'x', '', 'Ax'],
  ['a b', '(?x) a \\  b', 'X', '', 'X'],
  ['a#b', 'a#b', 'X', 'x', 'X#b'],
  ['abc', '(?#comment)b', 'X', '', 'aXc'],
  ['aaa', '^a', 'X', 'g', 'Xaa'],
  ['abc', '\\Aa|c\\Z', 'X', 'g', 'XbX'],
  ['one two', '\\y', '|', 'g', '|one| |two|'],
  ['a1 b2', '[[:alnum:]]+', '<\\&>', 'g', '<a1> <b2>'],
  ['a,b;c', '[[:punct:]]', ' ', 'g', 'a b c'],
  ['aXbXc', 'x', '-', 'gc', 'aXbXc'],
  ['aXbXc', 'x', '-', 'ci', 'a-bXc'],
  ['aaa', 'a{0}', '-', 'g', '-a-a-a-'],
  ['aaaa', '(a{2}){2}', '[\\1]', '', '[aa]'],
  ['banana', '(an)+?', '<\\1>', 'g', 'b<an><an>a'],
  ['banana', '(an){1,2}', '<\\1>', 'g', 'b<an>a'],
];

describe('regular expressions: PostgreSQL semantics', () => {
  it.each(POSTGRES)('regexp_replace(%j, %j, %j, %j) = %j', (s, p, r, f, want) => {
    expect(replace(s, p, r, f)).toBe(want);
  });

  it('regexp_like matches anywhere; anchors and flags apply', () => {
    expect(like('xaby', 'ab')).toBe(true);
    expect(like('xaby', '^ab')).toBe(false);
    expect(like('ABC', 'b', 'i')).toBe(true);
    expect(like('ABC', 'b')).toBe(false);
    expect(like('a\nb', 'a.b')).toBe(true);
    expect(like('a\nb', 'a.b', 'n')).toBe(false);
    expect(like('a\nb', 'a[^x]b', 'n')).toBe(false);
    expect(like('a\nb', 'a$', 'n')).toBe(true);
    expect(like('a\n', 'a$')).toBe(false); // $ is the end of the string only, unlike Perl
    expect(like('foo bar', '\\ybar')).toBe(true);
    expect(like('foobar', '\\ybar')).toBe(false);
    expect(like('foobar', '\\Ybar')).toBe(true);
    expect(like('', '()')).toBe(true);
    expect(like('ab', 'a||b')).toBe(true);
    expect(like('a{,2}', 'a{,2}')).toBe(true); // `{` not followed by a digit is literal
    expect(like('b', '[\\D]')).toBe(true);
    expect(like('-', '[[.hyphen.]]')).toBe(true);
    expect(like('x', '[[=x=]]')).toBe(true);
    expect(like('AB', '(?i)[a-a]b')).toBe(true);
  });

  it('invalid patterns are 2201B with PostgreSQL wording; bad flags 22023', () => {
    const cases: [string, string][] = [
      ['(', 'parentheses () not balanced'],
      [')', 'parentheses () not balanced'],
      ['[a', 'brackets [] not balanced'],
      ['a{2', 'braces {} not balanced'],
      ['*a', 'quantifier operand invalid'],
      ['a**', 'quantifier operand invalid'],
      ['a|*b', 'quantifier operand invalid'],
      ['^*', 'quantifier operand invalid'],
      ['a(?i)b', 'quantifier operand invalid'],
      ['\\q', 'invalid escape \\ sequence'],
      ['a\\', 'invalid escape \\ sequence'],
      ['[z-a]', 'invalid character range'],
      ['[[:foo:]]', 'invalid character class'],
      ['a{3,2}', 'invalid repetition count(s)'],
      ['a{256}', 'invalid repetition count(s)'],
      ['a{1,x', 'invalid repetition count(s)'],
      ['\\8', 'invalid backreference number'],
    ];
    for (const [p, msg] of cases) expect(failure(() => compileRegex(p, '', 'regexp_like')), p).toBe(`2201B invalid regular expression: ${msg}`);
    expect(failure(() => compileRegex('a', 'z', 'regexp_like'))).toBe('22023 invalid regular expression option: "z"');
    expect(failure(() => compileRegex('a', 'g', 'regexp_like'))).toBe('22023 regexp_like() does not support the "global" option');
  });

  it('features that need backtracking are 0A000, naming the feature', () => {
    expect(failure(() => compileRegex('(a)\\1', '', 'regexp_like'))).toBe('0A000 back-references (\\1 … \\9) are not supported in regular expressions');
    expect(failure(() => compileRegex('(?=a)', '', 'regexp_like'))).toBe('0A000 lookahead constraints ((?=…), (?!…)) are not supported in regular expressions');
    expect(failure(() => compileRegex('x(?!a)', '', 'regexp_like'))).toMatch(/^0A000 lookahead/);
    expect(failure(() => compileRegex('(?<=a)x', '', 'regexp_like'))).toBe('0A000 lookbehind constraints ((?<=…), (?<!…)) are not supported in regular expressions');
    expect(failure(() => compileRegex('a', 'b', 'regexp_like'))).toBe('0A000 regular expression option "b" is not supported');
  });

  it('program size is bounded: too-large expansions are 2201B', () => {
    expect(failure(() => compileRegex('(a{255}){255}', '', 'regexp_like'))).toBe('ok');
    expect(failure(() => compileRegex('((a{255}){255}){255}', '', 'regexp_like'))).toBe('2201B invalid regular expression: regular expression is too complex');
    expect(failure(() => compileRegex('(a{1000}){1000}', '', 'regexp_like'))).toBe('2201B invalid regular expression: invalid repetition count(s)');
    expect(failure(() => compileRegex('('.repeat(1000) + ')'.repeat(1000), '', 'regexp_like'))).toBe('2201B invalid regular expression: regular expression is too complex');
    expect(failure(() => compileRegex('x'.repeat(200_000), '', 'regexp_like'))).toBe('2201B invalid regular expression: regular expression is too complex');
  });

  it('replacement output is bounded by the caller', () => {
    expect(regexReplace(compileRegex('a', 'g', 'regexp_replace'), 'aaaa', 'xyz', 11)).toBeNull();
    expect(regexReplace(compileRegex('a', 'g', 'regexp_replace'), 'aaaa', 'xyz', 12)).toBe('xyzxyzxyzxyz');
  });
});

describe('regular expressions: linear time', () => {
  it('the lazy DFA answers like the Pike VM, and hands over when it would grow too large', () => {
    const re = compileRegex('^(a|b)*a(a|b){12}$', '', 'regexp_like'); // 2^13 DFA states
    expect(re.dfa).not.toBeNull();
    const rnd = prng(3);
    for (let k = 0; k < 50; k++) {
      let s = '';
      for (let n = k === 0 ? 20_000 : 5 + rnd(40); n > 0; n--) s += 'ab'[rnd(2)]!;
      expect(regexTest(re, s), s).toBe(re.vm.exec(s, 0, Mode.TEST));
      expect(regexTest(re, s), s).toBe(/^(a|b)*a(a|b){12}$/.test(s));
    }
    expect(re.dfa).toBeNull();
    expect(compileRegex('a\\yb', '', 'regexp_like').dfa).toBeNull(); // word boundaries need the Pike VM
    expect(compileRegex('^a$', 'n', 'regexp_like').dfa).toBeNull();
    expect(like('xab', '^ab')).toBe(false);
    expect(like('ab', '^ab$')).toBe(true);
    expect(like('abc', 'ab$')).toBe(false);
    expect(like('😀b', '^.b$')).toBe(true);
    expect(like('é', '[[:alpha:]]')).toBe(true);
  });

  const PATHOLOGICAL: readonly (readonly [string, string, boolean])[] = [
    ['^(a+)+$', 'a'.repeat(30) + 'b', false],
    ['^(a+)+$', 'a'.repeat(20_000) + 'b', false],
    ['(a|aa)*c', 'a'.repeat(20_000), false],
    ['(x+x+)+y', 'x'.repeat(20_000), false],
    ['^(a?){30}a{30}$', 'a'.repeat(30), true],
    ['(.*a){20}', 'a'.repeat(20_000), true],
    ['^(\\w+\\s?)*$', 'word '.repeat(4000) + '!', false],
    ['(a*)*b', 'a'.repeat(20_000), false],
    ['((a{1,10}){1,10}){1,10}z', 'a'.repeat(1_000), false],
  ];
  it.each(PATHOLOGICAL)('%j on a long input answers quickly', (p, s, want) => {
    const t0 = performance.now();
    expect(like(s, p)).toBe(want);
    expect(regexExec(compileRegex(p, '', 'regexp_replace'), s, 0) !== null).toBe(want);
    expect(performance.now() - t0).toBeLessThan(2000);
  });
});

/**
 * Random patterns over {a, b, c} compared with JavaScript's RegExp in leftmost-first mode
 * (which is what a backtracking engine computes). Patterns where a quantified subexpression
 * can match the empty string are compared on the match/no-match answer only: there
 * JavaScript's rule (an empty iteration fails) differs from Perl, RE2 and PostgreSQL.
 */
describe('regular expressions against JavaScript RegExp on a generated corpus', () => {
  type Gen = { src: string; nullable: boolean; emptyLoop: boolean };
  function generate(rnd: (n: number) => number): Gen {
    const pick = <T>(a: readonly T[]): T => a[rnd(a.length)]!;
    const quant = (g: Gen): Gen => {
      if (rnd(2) === 0) return g;
      const q = pick(['*', '+', '?', '{1,2}', '{2}', '{0,1}', '{1,}', '*?', '+?', '??', '{1,2}?', '{0,}?', '{2,3}']);
      const zeroMin = q.startsWith('*') || q.startsWith('?') || q.startsWith('{0');
      return { src: g.src + q, nullable: g.nullable || zeroMin, emptyLoop: g.emptyLoop || g.nullable };
    };
    const atom = (d: number): Gen => {
      const k = rnd(d > 2 ? 5 : 8);
      if (k <= 1) return { src: pick(['a', 'b', 'c', 'ab', '.']), nullable: false, emptyLoop: false };
      if (k === 2) return { src: pick(['[ab]', '[^a]', '[a-b]', '[^bc]', '\\w', '[a-c]']), nullable: false, emptyLoop: false };
      if (k <= 4) return quant({ src: pick(['a', 'b', 'c', '.', '[bc]']), nullable: false, emptyLoop: false });
      const body = alt(d + 1);
      return quant({ src: (k === 7 ? '(?:' : '(') + body.src + ')', nullable: body.nullable, emptyLoop: body.emptyLoop });
    };
    const branch = (d: number): Gen => {
      let src = '', nullable = true, emptyLoop = false;
      for (let n = 1 + rnd(3); n > 0; n--) {
        const a = atom(d);
        src += a.src;
        nullable &&= a.nullable;
        emptyLoop ||= a.emptyLoop;
      }
      return { src, nullable, emptyLoop };
    };
    const alt = (d: number): Gen => {
      const a = branch(d);
      if (rnd(4) !== 0) return a;
      const b = branch(d);
      return { src: a.src + '|' + b.src, nullable: a.nullable || b.nullable, emptyLoop: a.emptyLoop || b.emptyLoop };
    };
    const g = alt(0);
    const pre = rnd(5) === 0 ? '^' : '', post = rnd(5) === 0 ? '$' : '';
    return { ...g, src: pre + g.src + post };
  }

  it('agrees on matches, extents and captures (≥ 40,000 comparisons)', () => {
    const rnd = prng(20261203);
    let compared = 0, matched = 0;
    const mismatches: string[] = [];
    for (let t = 0; t < 4000; t++) {
      const g = generate(rnd);
      const js = new RegExp(g.src, 's');
      const re = compileRegex(g.src, '', 'regexp_replace');
      const dfa = compileRegex(g.src, '', 'regexp_like');
      for (let k = 0; k < 10; k++) {
        let s = '';
        for (let n = rnd(10); n > 0; n--) s += 'abc'[rnd(3)]!;
        const m = js.exec(s);
        const caps = regexExec(re, s, 0, Mode.FIRST);
        compared++;
        if ((m === null) !== (caps === null)) { mismatches.push(`${g.src} on ${s}: js ${m !== null}`); continue; }
        if (regexTest(dfa, s) !== (m !== null)) { mismatches.push(`${g.src} on ${s}: js ${m !== null}, DFA differs`); continue; }
        if (m === null || caps === null) continue;
        matched++;
        if (g.emptyLoop) continue;
        const want = [m.index, m.index + m[0].length, ...m.slice(1).map((x) => x ?? null)];
        const got: (number | string | null)[] = [caps[0]!, caps[1]!];
        for (let i = 2; i < caps.length; i += 2) got.push(caps[i]! < 0 ? null : s.slice(caps[i]!, caps[i + 1]!));
        if (JSON.stringify(want) !== JSON.stringify(got)) mismatches.push(`${g.src} on ${s}: js ${JSON.stringify(want)} us ${JSON.stringify(got)}`);
      }
    }
    expect(mismatches.slice(0, 10)).toEqual([]);
    expect(compared).toBe(40_000);
    expect(matched).toBeGreaterThan(10_000);
  });

  it('agrees with case-insensitive and newline flags on letters and newlines', () => {
    const rnd = prng(7);
    const pats = ['a.b', '[A-C]+', '^b', 'b$', '[^a]+', '(?:A|b)c*', '\\w+', 'a\\sb'];
    for (const p of pats) {
      for (let k = 0; k < 200; k++) {
        let s = '';
        for (let n = rnd(8); n > 0; n--) s += 'aAbBc\n '[rnd(7)]!;
        expect(like(s, p, 'i'), `${p} ~* ${JSON.stringify(s)}`).toBe(new RegExp(p, 'is').test(s));
        // PostgreSQL's n: ^/$ at newlines (JS m) and . never matching newline (JS without s)
        expect(like(s, p, 'n'), `${p} n ${JSON.stringify(s)}`).toBe(new RegExp(p.replace('[^a]', '[^a\\n]'), 'm').test(s));
      }
    }
  });
});
