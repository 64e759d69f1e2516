import { beforeAll, describe, expect, it } from 'vitest';
import { TextBudget } from '../function-registry.ts';
import { call1, callFunction, errorOf, testContext } from './test-support.ts';
import { md5Hex } from './string.ts';
import { REGEX } from '../../regex/lazy.ts';

// regexp_like / regexp_replace evaluate with the regular-expression engine, loaded on first use
beforeAll(async () => { await REGEX.load(); });

const t = (s: string | null) => ['text', [s]] as const;
const int = (x: number | null) => ['integer', [x]] as const;

// Expected values are PostgreSQL 16's (checked with PGlite).
describe('string functions', () => {
  it('case and shape', () => {
    expect(call1('lower', t('AbC É'))).toBe('abc é');
    expect(call1('upper', t('abc é'))).toBe('ABC É');
    expect(call1('initcap', t('hELLO wORLD foo-bar 1abc'))).toBe('Hello World Foo-Bar 1abc');
    expect(call1('reverse', t('😀x'))).toBe('x😀');
    expect(call1('upper', t(null))).toBeNull();
  });

  it('lengths count characters; octet_length counts UTF-8 bytes', () => {
    expect(call1('length', t('😀'))).toBe(1);
    expect(call1('char_length', t('héllo'))).toBe(5);
    expect(call1('character_length', t(''))).toBe(0);
    expect(call1('octet_length', t('😀'))).toBe(4);
    expect(call1('octet_length', t('é'))).toBe(2);
    expect(call1('length', ['bytes', [new Uint8Array([1, 2, 3])]])).toBe(3);
    expect(call1('octet_length', ['bytes', [new Uint8Array([1, 2])]])).toBe(2);
    expect(callFunction('length', [['text', ['ab', null]]]).type).toBe('integer');
  });

  it('substr / substring with PostgreSQL start semantics', () => {
    expect(call1('substr', t('hello'), int(0), int(3))).toBe('he');
    expect(call1('substr', t('hello'), int(-5), int(7))).toBe('h');
    expect(call1('substr', t('hello'), int(2), int(2))).toBe('el');
    expect(call1('substr', t('hello'), int(-1))).toBe('hello');
    expect(call1('substring', t('hello'), int(2))).toBe('ello');
    expect(call1('substring', t('h😀llo'), int(2), int(2))).toBe('😀l');
    expect(call1('substr', t('hello'), int(9))).toBe('');
    expect(errorOf(() => call1('substr', t('hello'), int(2), int(-1)))).toBe('22011 negative substring length not allowed');
  });

  it('left / right', () => {
    expect(call1('left', t('hello'), int(2))).toBe('he');
    expect(call1('left', t('hello'), int(-2))).toBe('hel');
    expect(call1('left', t('hi'), int(5))).toBe('hi');
    expect(call1('right', t('hello'), int(2))).toBe('lo');
    expect(call1('right', t('hello'), int(-2))).toBe('llo');
    expect(call1('right', t('hi'), int(5))).toBe('hi');
    expect(call1('left', t('hello'), int(-9))).toBe('');
  });

  it('trim family', () => {
    expect(call1('btrim', t('  a  '))).toBe('a');
    expect(call1('trim', t('\ta '))).toBe('\ta'); // only spaces by default, as PostgreSQL
    expect(call1('btrim', t('xxhixx'), t('x'))).toBe('hi');
    expect(call1('ltrim', t('xxa'), t('x'))).toBe('a');
    expect(call1('rtrim', t('axx'), t('x'))).toBe('a');
    expect(call1('btrim', t('😀a😀'), t('😀'))).toBe('a');
    expect(call1('btrim', t('abc'), t(''))).toBe('abc');
  });

  it('replace, translate, concat, concat_ws', () => {
    expect(call1('replace', t('aXbX'), t('X'), t('-'))).toBe('a-b-');
    expect(call1('replace', t('abc'), t(''), t('z'))).toBe('abc');
    expect(call1('translate', t('12345'), t('143'), t('ax'))).toBe('a2x5');
    // booleans print as their text output t / f in concat (PostgreSQL), not as CAST(b AS TEXT)
    expect(call1('concat', ['boolean', [true]], int(1), ['null', [null]], t('x'))).toBe('t1x');
    expect(call1('concat_ws', t('-'), ['boolean', [false]], ['boolean', [true]])).toBe('f-t');
    expect(call1('concat', t(null), t(null))).toBe('');
    expect(call1('concat_ws', t(','), t('a'), t(null), t('b'))).toBe('a,b');
    expect(call1('concat_ws', t(null), t('a'))).toBeNull();
    expect(call1('concat_ws', t(','))).toBe('');
  });

  it('position / strpos', () => {
    expect(call1('position', t('l'), t('hello'))).toBe(3);
    expect(call1('strpos', t('hello'), t('z'))).toBe(0);
    expect(call1('position', t(''), t('x'))).toBe(1);
    expect(call1('strpos', t('😀ab'), t('b'))).toBe(3);
  });

  it('padding, repeat, split_part', () => {
    expect(call1('lpad', t('hi'), int(5), t('xy'))).toBe('xyxhi');
    expect(call1('lpad', t('hello'), int(3))).toBe('hel');
    expect(call1('lpad', t('x'), int(0), t('-'))).toBe('');
    expect(call1('rpad', t('hi'), int(5))).toBe('hi   ');
    expect(call1('rpad', t('hi'), int(5), t(''))).toBe('hi');
    expect(call1('repeat', t('ab'), int(3))).toBe('ababab');
    expect(call1('repeat', t('x'), int(-1))).toBe('');
    expect(errorOf(() => call1('repeat', t('xxxxxxxxxx'), int(1e9)))).toBe('54000 requested length too large');
    expect(call1('split_part', t('a,b,c'), t(','), int(2))).toBe('b');
    expect(call1('split_part', t('a,b,c'), t(','), int(-1))).toBe('c');
    expect(call1('split_part', t('a,b'), t(','), int(5))).toBe('');
    expect(call1('split_part', t('abc'), t(''), int(1))).toBe('abc');
    expect(errorOf(() => call1('split_part', t('a,b'), t(','), int(0)))).toBe('22023 field position must not be zero');
  });

  it('starts_with, ascii, chr, to_hex', () => {
    expect(call1('starts_with', t('hello'), t('he'))).toBe(true);
    expect(call1('starts_with', t('hello'), t('lo'))).toBe(false);
    expect(call1('ascii', t('é'))).toBe(233);
    expect(call1('ascii', t(''))).toBe(0);
    expect(call1('chr', int(65))).toBe('A');
    expect(call1('chr', int(128512))).toBe('😀');
    expect(errorOf(() => call1('chr', int(0)))).toBe('54000 null character not permitted');
    expect(errorOf(() => call1('chr', int(-1)))).toBe('22023 character number must be positive');
    expect(errorOf(() => call1('chr', int(1114112)))).toBe('54000 requested character too large for encoding: 1114112');
    expect(errorOf(() => call1('chr', int(55296)))).toBe('54000 requested character not valid for encoding: 55296');
    expect(call1('to_hex', int(255))).toBe('ff');
    expect(call1('to_hex', int(-1))).toBe('ffffffff');
    expect(call1('to_hex', ['bigint', [-1n]])).toBe('ffffffffffffffff');
  });

  it('md5', () => {
    expect(call1('md5', t('abc'))).toBe('900150983cd24fb0d6963f7d28e17f72');
    expect(call1('md5', t(''))).toBe('d41d8cd98f00b204e9800998ecf8427e');
    expect(call1('md5', t('é'))).toBe('66ddcd97cfdeabb2f6fb8a999b4bc76f');
    expect(call1('md5', ['bytes', [new Uint8Array([97, 98, 99])]])).toBe('900150983cd24fb0d6963f7d28e17f72');
    // Multi-block input (RFC 1321 test suite).
    expect(md5Hex(new TextEncoder().encode('12345678901234567890123456789012345678901234567890123456789012345678901234567890')))
      .toBe('57edf4a22be3c955ac49da2e2107b67a');
  });

  it('regular expressions', () => {
    expect(call1('regexp_replace', t('foobar'), t('o+'), t('0'))).toBe('f0bar');
    expect(call1('regexp_replace', t('aaa'), t('a'), t('b'), t('g'))).toBe('bbb');
    expect(call1('regexp_replace', t('abc'), t('(b)'), t('[\\1]'))).toBe('a[b]c');
    expect(call1('regexp_replace', t('a$c'), t('\\$'), t('$$'))).toBe('a$$c');
    expect(call1('regexp_replace', t('a.c'), t('.'), t('-'), t('q'))).toBe('a-c');
    expect(call1('regexp_like', t('ABC'), t('b'), t('i'))).toBe(true);
    expect(call1('regexp_like', t('ABC'), t('b'))).toBe(false);
    expect(errorOf(() => call1('regexp_replace', t('a'), t('('), t('b')))).toMatch(/^2201B invalid regular expression/);
    expect(errorOf(() => call1('regexp_like', t('a'), t('a'), t('z')))).toBe('22023 invalid regular expression option: "z"');
    expect(errorOf(() => call1('regexp_like', t('aa'), t('(a)\\1')))).toBe('0A000 back-references (\\1 … \\9) are not supported in regular expressions');
    // per-row patterns and flags
    expect(callFunction('regexp_like', [['text', ['abc', 'ABC', 'x', null]], ['text', ['^a', 'b', 'y', 'a']], ['text', ['', 'i', '', '']]]).values)
      .toEqual([true, true, false, null]);
    expect(callFunction('regexp_replace', [['text', ['a-b-c', 'aaa']], ['text', ['-', 'a']], ['text', ['+', '\\&\\&']], ['text', ['g', '']]]).values)
      .toEqual(['a+b+c', 'aaaa']);
  });

  it('text builders draw on the statement budget (53200)', () => {
    const budget = (limit: number) => ({ ...testContext(), textBudget: new TextBudget(limit) });
    const twoRows = (name: string, ...args: readonly (readonly [string, readonly unknown[]])[]) => (limit: number) =>
      errorOf(() => callFunction(name, args.map(([ty, v]) => [ty, [...v, ...v]] as never), { ctx: budget(limit) }));
    expect(twoRows('repeat', ['text', ['ab']], ['integer', [30]])(120)).toBe('ok');
    expect(twoRows('repeat', ['text', ['ab']], ['integer', [30]])(119)).toBe('53200 out of memory');
    expect(twoRows('lpad', ['text', ['a']], ['integer', [50]], ['text', ['xy']])(100)).toBe('ok');
    expect(twoRows('lpad', ['text', ['a']], ['integer', [50]], ['text', ['xy']])(99)).toBe('53200 out of memory');
    expect(twoRows('concat', ['text', ['abcde']], ['text', ['fghij']])(20)).toBe('ok');
    expect(twoRows('concat', ['text', ['abcde']], ['text', ['fghij']])(19)).toBe('53200 out of memory');
    expect(twoRows('concat_ws', ['text', [',']], ['text', ['ab']], ['text', ['cd']])(12)).toBe('ok');
    expect(twoRows('concat_ws', ['text', [',']], ['text', ['ab']], ['text', ['cd']])(7)).toBe('53200 out of memory');
    // transforms are charged what they add: 'aaaa' → 'xyzxyzxyzxyz' adds 8 per row
    expect(twoRows('replace', ['text', ['aaaa']], ['text', ['a']], ['text', ['xyz']])(16)).toBe('ok');
    expect(twoRows('replace', ['text', ['aaaa']], ['text', ['a']], ['text', ['xyz']])(15)).toBe('53200 out of memory');
    expect(twoRows('regexp_replace', ['text', ['aaaa']], ['text', ['a']], ['text', ['xyz']], ['text', ['g']])(16)).toBe('ok');
    expect(twoRows('regexp_replace', ['text', ['aaaa']], ['text', ['a']], ['text', ['xyz']], ['text', ['g']])(15)).toBe('53200 out of memory');
    expect(twoRows('replace', ['text', ['aaaa']], ['text', ['aa']], ['text', ['b']])(0)).toBe('ok');
    expect(twoRows('translate', ['text', ['abc']], ['text', ['a']], ['text', ['😀']])(2)).toBe('ok');
    expect(twoRows('translate', ['text', ['abc']], ['text', ['a']], ['text', ['😀']])(1)).toBe('53200 out of memory');
    // one value past 64 Mi code units is too large whatever the budget
    expect(errorOf(() => callFunction('rpad', [['text', ['']], ['integer', [(1 << 26) + 1]]], { ctx: budget(Infinity) }))).toBe('54000 requested length too large');
    expect(errorOf(() => callFunction('repeat', [['text', ['ab']], ['integer', [1 << 25]]], { ctx: budget(Infinity) }))).toBe('ok');
  });
});
