/**
 * String functions, PostgreSQL semantics: positions and lengths count characters (code
 * points, not UTF-16 units), `octet_length` counts UTF-8 bytes, NULL in → NULL out except
 * for `concat`/`concat_ws`, which skip NULL arguments.
 */
import { DbError } from '../../../errors/db-error.ts';
import { SqlState } from '../../../errors/sqlstate.ts';
import type { DataType } from '../../../types/data-type.ts';
import type { Vector } from '../../../types/vector.ts';
import { MAX_TEXT_VALUE, type ScalarFunction, type TextBudget } from '../function-registry.ts';
import type { Regex } from '../../regex/regex.ts';
import { REGEX } from '../../regex/lazy.ts';
import { initcapText, lowerText, upperText } from '../../regex/unicode.ts';
import {
  alias, bin, charLength, defineFunction, i32, isBmp, mapRows, simpleFunction, str,
} from './common.ts';

type Sig = { readonly params: readonly DataType[]; readonly result: DataType; readonly rest?: DataType };

const T2T: readonly Sig[] = [{ params: ['text'], result: 'text' }];

/** Characters [a, b) of s (code point indexes, clamped). */
function cpSlice(s: string, a: number, b: number): string {
  if (isBmp(s)) return s.slice(Math.max(a, 0), Math.max(b, 0));
  return Array.from(s).slice(Math.max(a, 0), Math.max(b, 0)).join('');
}

/** UTF-8 length of a JS string without encoding it. */
function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if ((c & 0xfc00) === 0xd800 && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) { n += 4; i++; }
    else n += 3;
  }
  return n;
}

// simple one-to-one case mapping per character, as PostgreSQL under a C.UTF-8 ctype (docs/SQL.md)
const lower = simpleFunction('lower', T2T, (a) => { const s = str(a[0]!); return (i) => lowerText(s[i]!); });
const upper = simpleFunction('upper', T2T, (a) => { const s = str(a[0]!); return (i) => upperText(s[i]!); });
const initcap = simpleFunction('initcap', T2T, (a) => { const s = str(a[0]!); return (i) => initcapText(s[i]!); });

const reverse = simpleFunction('reverse', T2T, (a) => {
  const s = str(a[0]!);
  return (i) => { const x = s[i]!; return isBmp(x) ? x.split('').reverse().join('') : Array.from(x).reverse().join(''); };
});

const length = simpleFunction('length', [
  { params: ['text'], result: 'integer' },
  { params: ['bytes'], result: 'integer' },
], (a) => {
  const v = a[0]!;
  if (v.type === 'bytes') { const b = bin(v); return (i) => b[i]!.length; }
  const s = str(v);
  return (i) => charLength(s[i]!);
});

const charLengthFn = simpleFunction('char_length', [{ params: ['text'], result: 'integer' }], (a) => {
  const s = str(a[0]!);
  return (i) => charLength(s[i]!);
});

const octetLength = simpleFunction('octet_length', [
  { params: ['text'], result: 'integer' },
  { params: ['bytes'], result: 'integer' },
], (a) => {
  const v = a[0]!;
  if (v.type === 'bytes') { const b = bin(v); return (i) => b[i]!.length; }
  const s = str(v);
  return (i) => utf8Length(s[i]!);
});

/** substr(s, from[, len]): 1-based; a start before 1 eats into the length, as PostgreSQL. */
const substr = simpleFunction('substr', [
  { params: ['text', 'integer'], result: 'text' },
  { params: ['text', 'integer', 'integer'], result: 'text' },
], (a) => {
  const s = str(a[0]!);
  const from = i32(a[1]!);
  const len = a.length > 2 ? i32(a[2]!) : null;
  return (i) => {
    const start = from[i]!;
    if (len === null) return cpSlice(s[i]!, start - 1, Number.MAX_SAFE_INTEGER);
    const l = len[i]!;
    if (l < 0) throw new DbError(SqlState.SUBSTRING_ERROR, 'negative substring length not allowed');
    return cpSlice(s[i]!, Math.max(start, 1) - 1, start + l - 1);
  };
});

const left = simpleFunction('left', [{ params: ['text', 'integer'], result: 'text' }], (a) => {
  const s = str(a[0]!);
  const k = i32(a[1]!);
  return (i) => {
    const x = s[i]!;
    const n = k[i]!;
    return n >= 0 ? cpSlice(x, 0, n) : cpSlice(x, 0, charLength(x) + n);
  };
});

const right = simpleFunction('right', [{ params: ['text', 'integer'], result: 'text' }], (a) => {
  const s = str(a[0]!);
  const k = i32(a[1]!);
  return (i) => {
    const x = s[i]!;
    const n = k[i]!;
    const len = charLength(x);
    return n >= 0 ? cpSlice(x, Math.max(len - n, 0), len) : cpSlice(x, -n, len);
  };
});

function trimFunction(name: string, leading: boolean, trailing: boolean): ScalarFunction {
  return simpleFunction(name, [
    { params: ['text'], result: 'text' },
    { params: ['text', 'text'], result: 'text' },
  ], (a) => {
    const s = str(a[0]!);
    const set = a.length > 1 ? str(a[1]!) : null;
    return (i) => {
      const x = s[i]!;
      const chars = set === null ? ' ' : set[i]!;
      if (chars.length === 0 || x.length === 0) return x;
      if (!isBmp(x) || !isBmp(chars)) {
        const cs = Array.from(x);
        const drop = new Set(Array.from(chars));
        let b = 0;
        let e = cs.length;
        if (leading) while (b < e && drop.has(cs[b]!)) b++;
        if (trailing) while (e > b && drop.has(cs[e - 1]!)) e--;
        return cs.slice(b, e).join('');
      }
      let b = 0;
      let e = x.length;
      if (leading) while (b < e && chars.indexOf(x[b]!) >= 0) b++;
      if (trailing) while (e > b && chars.indexOf(x[e - 1]!) >= 0) e--;
      return b === 0 && e === x.length ? x : x.slice(b, e);
    };
  });
}

const btrim = trimFunction('btrim', true, true);

/** Occurrences of `sub` (non-empty) in `s`, without overlaps. */
function countOf(s: string, sub: string): number {
  let n = 0;
  for (let k = s.indexOf(sub); k >= 0; k = s.indexOf(sub, k + sub.length)) n++;
  return n;
}

const replace = simpleFunction('replace', [{ params: ['text', 'text', 'text'], result: 'text' }], (a, ctx) => {
  const s = str(a[0]!);
  const f = str(a[1]!);
  const t = str(a[2]!);
  const budget = ctx.textBudget;
  return (i) => {
    const from = f[i]!, to = t[i]!, x = s[i]!;
    if (from.length === 0) return x;
    if (to.length > from.length) budget.grow(x.length, x.length + countOf(x, from) * (to.length - from.length));
    return x.replaceAll(from, to);
  };
});

const translate = simpleFunction('translate', [{ params: ['text', 'text', 'text'], result: 'text' }], (a, ctx) => {
  const s = str(a[0]!);
  const f = str(a[1]!);
  const t = str(a[2]!);
  let lastF: string | null = null, lastT: string | null = null, map: TranslateMap | null = null;
  return (i) => {
    if (f[i] !== lastF || t[i] !== lastT) { lastF = f[i]!; lastT = t[i]!; map = translateMap(lastF, lastT); }
    const out = translateText(s[i]!, map!);
    ctx.textBudget.grow(s[i]!.length, out.length);
    return out;
  };
});

/** translate()'s mapping: code point → replacement ('' deletes); ASCII through a table. */
interface TranslateMap {
  readonly ascii: (string | undefined)[];
  readonly other: Map<number, string>;
}

/** The mapping of `translate(s, from, to)`: the first occurrence of a character in `from` wins. */
function translateMap(from: string, to: string): TranslateMap {
  const ascii = new Array<string | undefined>(128).fill(undefined);
  const other = new Map<number, string>();
  const repl = Array.from(to);
  let k = 0;
  for (const c of from) {
    const cp = c.codePointAt(0)!;
    const r = k < repl.length ? repl[k]! : '';
    k++;
    if (cp < 128) { if (ascii[cp] === undefined) ascii[cp] = r; } else if (!other.has(cp)) other.set(cp, r);
  }
  return { ascii, other };
}

/** Output buffer of {@link translateText} (code units), turned into strings a chunk at a time. */
const TRANSLATE_BUF = new Uint16Array(8192);

/** Applies a {@link TranslateMap}, one code unit at a time through a reused buffer (linear, few allocations). */
function translateText(s: string, m: TranslateMap): string {
  const { ascii, other } = m;
  const buf = TRANSLATE_BUF;
  const cap = buf.length;
  const parts: string[] = [];
  let n = 0;
  for (let i = 0; i < s.length;) {
    const c = s.charCodeAt(i);
    let cp = c;
    let w = 1;
    if (c >= 0xd800 && c < 0xdc00 && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d < 0xe000) { cp = ((c - 0xd800) << 10) + (d - 0xdc00) + 0x10000; w = 2; }
    }
    const r = cp < 128 ? ascii[cp] : other.size === 0 ? undefined : other.get(cp);
    if (r === undefined) {
      if (n + 2 > cap) { parts.push(chunkText(buf, n)); n = 0; }
      buf[n++] = c;
      if (w === 2) buf[n++] = s.charCodeAt(i + 1);
    } else {
      for (let j = 0; j < r.length; j++) {
        if (n === cap) { parts.push(chunkText(buf, n)); n = 0; }
        buf[n++] = r.charCodeAt(j);
      }
    }
    i += w;
  }
  const last = chunkText(buf, n);
  if (parts.length === 0) return last;
  parts.push(last);
  return parts.join('');
}

/** The first `n` code units of `buf` as a string. */
function chunkText(buf: Uint16Array, n: number): string {
  return String.fromCharCode.apply(null, buf.subarray(0, n) as unknown as number[]);
}

/**
 * concat(any, …): NULLs are skipped; arguments arrive cast to text, except booleans, which
 * print as their text output `t` / `f` (PostgreSQL's concat uses each type's output function).
 */
const concat = defineFunction({
  name: 'concat',
  minArgs: 1,
  maxArgs: Infinity,
  resolve: (args) => (args.length >= 1 ? { result: 'text', args: args.map(textOrBool) } : null),
  evaluate(args, n, sel, ctx) {
    return mapRows('text', n, sel, [], (i) => {
      let len = 0;
      for (let a = 0; a < args.length; a++) {
        const v = args[a]!;
        if (v.type !== 'null' && (v.nulls === null || v.nulls[i] !== 1)) len += outputText(v, i).length;
      }
      ctx.textBudget.reserve(len);
      let out = '';
      for (let a = 0; a < args.length; a++) {
        const v = args[a]!;
        if (v.type === 'null' || (v.nulls !== null && v.nulls[i] === 1)) continue;
        out += outputText(v, i);
      }
      return out;
    });
  },
});

/** Argument types of concat / concat_ws: booleans stay boolean (printed `t`/`f`), the rest is cast to text. */
function textOrBool(t: DataType): DataType {
  return t === 'boolean' ? 'boolean' : 'text';
}

/** The text output of a text or boolean argument at row `i` (not NULL). */
function outputText(v: Vector, i: number): string {
  if (v.type === 'boolean') return (v.data as Uint8Array)[i] === 1 ? 't' : 'f';
  return (v.data as string[])[i]!;
}

/** concat_ws(sep, any, …): NULL separator → NULL; NULL values are skipped. */
const concatWs = defineFunction({
  name: 'concat_ws',
  minArgs: 1,
  maxArgs: Infinity,
  resolve: (args) => (args.length >= 1 ? { result: 'text', args: args.map((t, k) => (k === 0 ? 'text' : textOrBool(t))) } : null),
  evaluate(args, n, sel, ctx) {
    const sep = args[0]!;
    return mapRows('text', n, sel, [sep], (i) => {
      const d = (sep.data as string[])[i]!;
      let len = 0;
      for (let a = 1; a < args.length; a++) {
        const v = args[a]!;
        if (v.type !== 'null' && (v.nulls === null || v.nulls[i] !== 1)) len += outputText(v, i).length + d.length;
      }
      ctx.textBudget.reserve(len);
      let out = '';
      let first = true;
      for (let a = 1; a < args.length; a++) {
        const v = args[a]!;
        if (v.type === 'null' || (v.nulls !== null && v.nulls[i] === 1)) continue;
        if (!first) out += d;
        out += outputText(v, i);
        first = false;
      }
      return out;
    });
  },
});

function positionOf(s: string, sub: string): number {
  const k = s.indexOf(sub);
  if (k < 0) return 0;
  return (isBmp(s) ? k : charLength(s.slice(0, k))) + 1;
}

/** position(sub, s) — the SQL form `position(sub IN s)`. */
const position = simpleFunction('position', [{ params: ['text', 'text'], result: 'integer' }], (a) => {
  const sub = str(a[0]!);
  const s = str(a[1]!);
  return (i) => positionOf(s[i]!, sub[i]!);
});

/** strpos(s, sub). */
const strpos = simpleFunction('strpos', [{ params: ['text', 'text'], result: 'integer' }], (a) => {
  const s = str(a[0]!);
  const sub = str(a[1]!);
  return (i) => positionOf(s[i]!, sub[i]!);
});

function padFunction(name: string, atLeft: boolean): ScalarFunction {
  return simpleFunction(name, [
    { params: ['text', 'integer'], result: 'text' },
    { params: ['text', 'integer', 'text'], result: 'text' },
  ], (a, ctx) => {
    const s = str(a[0]!);
    const len = i32(a[1]!);
    const fill = a.length > 2 ? str(a[2]!) : null;
    const budget = ctx.textBudget;
    return (i) => {
      const x = s[i]!;
      const target = len[i]!;
      if (target <= 0) return '';
      if (target > MAX_TEXT_VALUE) budget.reserve(target);
      const cur = charLength(x);
      if (cur >= target) return cpSlice(x, 0, target);
      const f = fill === null ? ' ' : fill[i]!;
      if (f.length === 0) return x;
      const need = target - cur;
      const fc = isBmp(f) ? null : Array.from(f);
      const unit = fc === null ? f.length : fc.length;
      const rest = fc === null ? f.slice(0, need % unit) : fc.slice(0, need % unit).join('');
      const whole = Math.floor(need / unit);
      budget.reserve(x.length + whole * f.length + rest.length);
      const pad = f.repeat(whole) + rest;
      return atLeft ? pad + x : x + pad;
    };
  });
}

const repeat = simpleFunction('repeat', [{ params: ['text', 'integer'], result: 'text' }], (a, ctx) => {
  const s = str(a[0]!);
  const k = i32(a[1]!);
  const budget = ctx.textBudget;
  return (i) => {
    const n = k[i]!;
    if (n <= 0) return '';
    const x = s[i]!;
    budget.reserve(x.length * n);
    return x.repeat(n);
  };
});

const splitPart = simpleFunction('split_part', [{ params: ['text', 'text', 'integer'], result: 'text' }], (a) => {
  const s = str(a[0]!);
  const d = str(a[1]!);
  const k = i32(a[2]!);
  return (i) => {
    const n = k[i]!;
    if (n === 0) throw new DbError(SqlState.INVALID_PARAMETER_VALUE, 'field position must not be zero');
    const delim = d[i]!;
    const x = s[i]!;
    if (delim.length === 0) return n === 1 || n === -1 ? x : '';
    const parts = x.split(delim);
    return (n > 0 ? parts[n - 1] : parts[parts.length + n]) ?? '';
  };
});

const startsWith = simpleFunction('starts_with', [{ params: ['text', 'text'], result: 'boolean' }], (a) => {
  const s = str(a[0]!);
  const p = str(a[1]!);
  return (i) => s[i]!.startsWith(p[i]!);
});

const ascii = simpleFunction('ascii', [{ params: ['text'], result: 'integer' }], (a) => {
  const s = str(a[0]!);
  return (i) => s[i]!.codePointAt(0) ?? 0;
});

const chr = simpleFunction('chr', [{ params: ['integer'], result: 'text' }], (a) => {
  const c = i32(a[0]!);
  return (i) => {
    const x = c[i]!;
    if (x === 0) throw new DbError(SqlState.PROGRAM_LIMIT_EXCEEDED, 'null character not permitted');
    if (x < 0) throw new DbError(SqlState.INVALID_PARAMETER_VALUE, 'character number must be positive');
    if (x > 0x10ffff) throw new DbError(SqlState.PROGRAM_LIMIT_EXCEEDED, `requested character too large for encoding: ${x}`);
    if (x >= 0xd800 && x <= 0xdfff) throw new DbError(SqlState.PROGRAM_LIMIT_EXCEEDED, `requested character not valid for encoding: ${x}`);
    return String.fromCodePoint(x);
  };
});

const HEX = '0123456789abcdef';

const toHex = simpleFunction('to_hex', [
  { params: ['integer'], result: 'text' },
  { params: ['bigint'], result: 'text' },
], (a) => {
  const v = a[0]!;
  if (v.type === 'bigint') {
    const d = v.data as BigInt64Array;
    return (i) => BigInt.asUintN(64, d[i]!).toString(16);
  }
  const d = i32(v);
  return (i) => (d[i]! >>> 0).toString(16);
});

// ───────────────────────────── md5 ─────────────────────────────

const MD5_K = new Int32Array(64);
for (let i = 0; i < 64; i++) MD5_K[i] = Math.floor(Math.abs(Math.sin(i + 1)) * 4294967296) | 0;
const MD5_S = [7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20,
  5, 9, 14, 20, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21,
  6, 10, 15, 21];
const utf8 = new TextEncoder();

/**
 * MD5 of bytes as 32 lower-case hex digits (RFC 1321). Used by `md5()` and by the
 * sqllogictest runner's hash-threshold.
 *
 * @example
 * ```ts
 * md5Hex(new TextEncoder().encode('abc')); // '900150983cd24fb0d6963f7d28e17f72'
 * ```
 */
export function md5Hex(input: Uint8Array): string {
  const n = input.length;
  const total = ((n + 8) >>> 6) + 1 << 6;
  const buf = new Uint8Array(total);
  buf.set(input);
  buf[n] = 0x80;
  const bits = n * 8;
  const dv = new DataView(buf.buffer);
  dv.setUint32(total - 8, bits >>> 0, true);
  dv.setUint32(total - 4, Math.floor(bits / 4294967296), true);
  let a0 = 0x67452301 | 0;
  let b0 = 0xefcdab89 | 0;
  let c0 = 0x98badcfe | 0;
  let d0 = 0x10325476 | 0;
  const w = new Int32Array(16);
  for (let off = 0; off < total; off += 64) {
    for (let j = 0; j < 16; j++) w[j] = dv.getInt32(off + j * 4, true);
    let a = a0;
    let b = b0;
    let c = c0;
    let d = d0;
    for (let j = 0; j < 64; j++) {
      let f: number;
      let g: number;
      if (j < 16) { f = (b & c) | (~b & d); g = j; }
      else if (j < 32) { f = (d & b) | (~d & c); g = (5 * j + 1) & 15; }
      else if (j < 48) { f = b ^ c ^ d; g = (3 * j + 5) & 15; }
      else { f = c ^ (b | ~d); g = (7 * j) & 15; }
      const t = d;
      d = c;
      c = b;
      const x = (a + f + MD5_K[j]! + w[g]!) | 0;
      const s = MD5_S[j]!;
      b = (b + ((x << s) | (x >>> (32 - s)))) | 0;
      a = t;
    }
    a0 = (a0 + a) | 0;
    b0 = (b0 + b) | 0;
    c0 = (c0 + c) | 0;
    d0 = (d0 + d) | 0;
  }
  let out = '';
  for (const v of [a0, b0, c0, d0]) {
    for (let k = 0; k < 4; k++) {
      const byte = (v >>> (k * 8)) & 255;
      out += HEX[byte >> 4]! + HEX[byte & 15]!;
    }
  }
  return out;
}

const md5 = simpleFunction('md5', [
  { params: ['text'], result: 'text' },
  { params: ['bytes'], result: 'text' },
], (a) => {
  const v = a[0]!;
  if (v.type === 'bytes') { const b = bin(v); return (i) => md5Hex(b[i]!); }
  const s = str(v);
  return (i) => md5Hex(utf8.encode(s[i]!));
});

// ───────────────────────────── regular expressions ─────────────────────────────

/** Memo of the last pattern and flags compiled by one call site (patterns are usually constant). */
function regexMemo(fn: 'regexp_like' | 'regexp_replace'): (pattern: string, flags: string) => Regex {
  const { compileRegex } = REGEX.get();   // loaded: binding the call required it
  let lastP: string | null = null, lastF = '', last: Regex | null = null;
  return (p, f) => {
    if (last === null || p !== lastP || f !== lastF) { last = compileRegex(p, f, fn); lastP = p; lastF = f; }
    return last;
  };
}

/** Raises the 54000 of a transform of `input` code units whose result exceeds the budget's room. */
function overBudget(budget: TextBudget, input: number): never {
  budget.grow(input, budget.room(input) + 1);
  throw new DbError(SqlState.PROGRAM_LIMIT_EXCEEDED, 'requested length too large');
}

const regexpReplace = simpleFunction('regexp_replace', [
  { params: ['text', 'text', 'text'], result: 'text' },
  { params: ['text', 'text', 'text', 'text'], result: 'text' },
], (a, ctx) => {
  const s = str(a[0]!);
  const p = str(a[1]!);
  const r = str(a[2]!);
  const fl = a.length > 3 ? str(a[3]!) : null;
  const regex = regexMemo('regexp_replace');
  const { regexReplace } = REGEX.get();
  const budget = ctx.textBudget;
  return (i) => {
    const x = s[i]!;
    const out = regexReplace(regex(p[i]!, fl === null ? '' : fl[i]!), x, r[i]!, budget.room(x.length));
    if (out === null) overBudget(budget, x.length);
    budget.grow(x.length, out.length);
    return out;
  };
}, { part: REGEX });

const regexpLike = simpleFunction('regexp_like', [
  { params: ['text', 'text'], result: 'boolean' },
  { params: ['text', 'text', 'text'], result: 'boolean' },
], (a) => {
  const s = str(a[0]!);
  const p = str(a[1]!);
  const fl = a.length > 2 ? str(a[2]!) : null;
  const regex = regexMemo('regexp_like');
  const { regexTest } = REGEX.get();
  return (i) => regexTest(regex(p[i]!, fl === null ? '' : fl[i]!), s[i]!);
}, { part: REGEX });

/** The string function family. */
export const STRING_FUNCTIONS: readonly ScalarFunction[] = [
  lower, upper, initcap, reverse,
  length, charLengthFn, alias(charLengthFn, 'character_length'), octetLength,
  substr, alias(substr, 'substring'), left, right,
  btrim, alias(btrim, 'trim'), trimFunction('ltrim', true, false), trimFunction('rtrim', false, true),
  replace, translate, concat, concatWs, position, strpos,
  padFunction('lpad', true), padFunction('rpad', false), repeat, splitPart, startsWith,
  ascii, chr, toHex, md5, regexpReplace, regexpLike,
];
