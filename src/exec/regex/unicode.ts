/**
 * Per-code-point character data for LIKE/ILIKE, the regular-expression engine and
 * `lower`/`upper`/`initcap`: simple (one-to-one) case mappings, as PostgreSQL applies them
 * character by character under a libc or builtin `C.UTF-8` ctype (no final-sigma rule,
 * `İ` → `i`, `ß` and `ﬀ` unchanged by `upper`), and POSIX character-class membership.
 *
 * ASCII is answered by arithmetic; other BMP code points are computed once from the JS
 * built-ins (fixed internal RegExps, `toLowerCase`) and cached in typed arrays allocated on
 * first use; supplementary code points are computed on each call (rare in practice).
 */

/** POSIX character-class bits returned by {@link ctypeOf}. */
export const Ctype = {
  ALPHA: 1, DIGIT: 2, ALNUM: 4, UPPER: 8, LOWER: 16, SPACE: 32, BLANK: 64, PUNCT: 128,
  PRINT: 256, GRAPH: 512, CNTRL: 1024, XDIGIT: 2048, WORD: 4096,
} as const;

/** `[:name:]` → class bits. */
export const POSIX_CLASSES: ReadonlyMap<string, number> = new Map([
  ['alpha', Ctype.ALPHA], ['digit', Ctype.DIGIT], ['alnum', Ctype.ALNUM], ['upper', Ctype.UPPER],
  ['lower', Ctype.LOWER], ['space', Ctype.SPACE], ['blank', Ctype.BLANK], ['punct', Ctype.PUNCT],
  ['print', Ctype.PRINT], ['graph', Ctype.GRAPH], ['cntrl', Ctype.CNTRL], ['xdigit', Ctype.XDIGIT],
  ['word', Ctype.WORD],
]);

const DONE_LOWER = 1, DONE_UPPER = 2, DONE_CTYPE = 4;
let state: Uint8Array | null = null;
let lowerTab: Uint16Array | null = null;
let upperTab: Uint16Array | null = null;
let ctypeTab: Uint16Array | null = null;

function tables(): Uint8Array {
  if (state === null) {
    state = new Uint8Array(65536);
    lowerTab = new Uint16Array(65536);
    upperTab = new Uint16Array(65536);
    ctypeTab = new Uint16Array(65536);
  }
  return state;
}

function computeLower(c: number): number {
  // First code point of the full mapping: that is the simple mapping (U+0130 → i, as PostgreSQL).
  const d = String.fromCodePoint(c).toLowerCase().codePointAt(0)!;
  return (c <= 0xffff) === (d <= 0xffff) ? d : c;
}

function computeUpper(c: number): number {
  // Greek with ypogegrammeni: the full mapping is two characters, the simple one the title-case letter
  if (c >= 0x1f80 && c <= 0x1faf) return c | 8;
  if (c === 0x1fb3 || c === 0x1fc3 || c === 0x1ff3) return c + 9;
  const u = String.fromCodePoint(c).toUpperCase();
  const d = u.codePointAt(0)!;
  // Multi-character mappings (ß → SS) have no simple upper case.
  return u.length === (d > 0xffff ? 2 : 1) && (c <= 0xffff) === (d <= 0xffff) ? d : c;
}

const RE_LETTER = /\p{L}/u;
const RE_UPPER = /\p{Lu}/u;
const RE_LOWER = /\p{Ll}/u;
const RE_NUMBER = /\p{Nd}/u;
const RE_SPACE = /\p{White_Space}/u;
const RE_PUNCT = /[\p{P}\p{S}]/u;
const RE_OTHER = /[\p{C}\p{Z}]/u;
const RE_SEPARATOR = /\p{Zs}/u;
const RE_CONTROL = /\p{Cc}/u;

function computeCtype(c: number): number {
  if (c < 128) {
    let t = 0;
    const isUp = c >= 65 && c <= 90, isLow = c >= 97 && c <= 122, isDig = c >= 48 && c <= 57;
    if (isUp || isLow) t |= Ctype.ALPHA | Ctype.ALNUM | Ctype.WORD | (isUp ? Ctype.UPPER : Ctype.LOWER);
    if (isDig) t |= Ctype.DIGIT | Ctype.ALNUM | Ctype.WORD | Ctype.XDIGIT;
    if ((c >= 65 && c <= 70) || (c >= 97 && c <= 102)) t |= Ctype.XDIGIT;
    if (c === 95) t |= Ctype.WORD;
    if (c === 32 || (c >= 9 && c <= 13)) t |= Ctype.SPACE;
    if (c === 32 || c === 9) t |= Ctype.BLANK;
    if (c < 32 || c === 127) t |= Ctype.CNTRL;
    if (c >= 32 && c < 127) t |= Ctype.PRINT;
    if (c > 32 && c < 127) {
      t |= Ctype.GRAPH;
      if ((t & Ctype.ALNUM) === 0) t |= Ctype.PUNCT;
    }
    return t;
  }
  const s = String.fromCodePoint(c);
  let t = 0;
  if (RE_LETTER.test(s)) t |= Ctype.ALPHA | Ctype.ALNUM | Ctype.WORD;
  if (RE_UPPER.test(s)) t |= Ctype.UPPER;
  if (RE_LOWER.test(s)) t |= Ctype.LOWER;
  if (RE_NUMBER.test(s)) t |= Ctype.ALNUM | Ctype.WORD;
  if (RE_SPACE.test(s)) t |= Ctype.SPACE;
  if (RE_SEPARATOR.test(s)) t |= Ctype.BLANK | Ctype.PRINT;
  if (RE_CONTROL.test(s)) t |= Ctype.CNTRL;
  if (RE_PUNCT.test(s)) t |= Ctype.PUNCT;
  if (!RE_OTHER.test(s)) t |= Ctype.GRAPH | Ctype.PRINT;
  return t;
}

/** Simple lower-case mapping of code point `c` (PostgreSQL's `lower()` per character). */
export function lowerCp(c: number): number {
  if (c < 128) return c >= 65 && c <= 90 ? c + 32 : c;
  if (c > 0xffff) return computeLower(c);
  const st = tables();
  if ((st[c]! & DONE_LOWER) === 0) { lowerTab![c] = computeLower(c); st[c]! |= DONE_LOWER; }
  return lowerTab![c]!;
}

/** Simple upper-case mapping of code point `c` (itself when it has none). */
export function upperCp(c: number): number {
  if (c < 128) return c >= 97 && c <= 122 ? c - 32 : c;
  if (c > 0xffff) return computeUpper(c);
  const st = tables();
  if ((st[c]! & DONE_UPPER) === 0) { upperTab![c] = computeUpper(c); st[c]! |= DONE_UPPER; }
  return upperTab![c]!;
}

/** POSIX class bits ({@link Ctype}) of code point `c`. */
export function ctypeOf(c: number): number {
  if (c > 0xffff) return computeCtype(c);
  const st = tables();
  if ((st[c]! & DONE_CTYPE) === 0) { ctypeTab![c] = computeCtype(c); st[c]! |= DONE_CTYPE; }
  return ctypeTab![c]!;
}

/** True for word characters (`\w`: alphanumerics and `_`). */
export function isWordCp(c: number): boolean {
  if (c < 128) return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
  return (ctypeOf(c) & Ctype.WORD) !== 0;
}

/** The code point at UTF-16 index `i` of `s` (a lone surrogate is its own code point). */
export function cpAt(s: string, i: number): number {
  const c = s.charCodeAt(i);
  if ((c & 0xfc00) === 0xd800 && i + 1 < s.length) {
    const d = s.charCodeAt(i + 1);
    if ((d & 0xfc00) === 0xdc00) return ((c - 0xd800) << 10) + (d - 0xdc00) + 0x10000;
  }
  return c;
}

/** The code point that ends just before UTF-16 index `i` of `s`, or -1 at the start. */
export function cpBefore(s: string, i: number): number {
  if (i <= 0) return -1;
  const d = s.charCodeAt(i - 1);
  if ((d & 0xfc00) === 0xdc00 && i >= 2) {
    const c = s.charCodeAt(i - 2);
    if ((c & 0xfc00) === 0xd800) return ((c - 0xd800) << 10) + (d - 0xdc00) + 0x10000;
  }
  return d;
}

/**
 * `s` with every code point mapped by {@link lowerCp}; `s` itself (no allocation) when
 * nothing changes. This is the folding ILIKE applies to both sides.
 */
export function lowerText(s: string): string {
  const n = s.length;
  let i = 0;
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c >= 128 ? lowerCp(cpAt(s, i)) !== cpAt(s, i) : c >= 65 && c <= 90) break;
  }
  if (i === n) return s;
  let out = s.slice(0, i);
  let ascii = true;
  for (let j = i; j < n; j++) if (s.charCodeAt(j) >= 128) { ascii = false; break; }
  if (ascii) return out + s.slice(i).toLowerCase();
  while (i < n) {
    const c = cpAt(s, i);
    out += String.fromCodePoint(lowerCp(c));
    i += c > 0xffff ? 2 : 1;
  }
  return out;
}

/** `s` with every code point mapped by {@link upperCp} (PostgreSQL's `upper()`: `ß` and `ﬀ` stay). */
export function upperText(s: string): string {
  const n = s.length;
  let ascii = true;
  for (let j = 0; j < n; j++) if (s.charCodeAt(j) >= 128) { ascii = false; break; }
  if (ascii) return s.toUpperCase();
  let out = '';
  for (let i = 0; i < n;) {
    const c = cpAt(s, i);
    out += String.fromCodePoint(upperCp(c));
    i += c > 0xffff ? 2 : 1;
  }
  return out;
}

/**
 * PostgreSQL's `initcap()`: each code point after an alphanumeric one is lower-cased, every
 * other one upper-cased (simple mappings, character by character).
 */
export function initcapText(s: string): string {
  let out = '';
  let afterAlnum = false;
  for (let i = 0; i < s.length;) {
    const c = cpAt(s, i);
    out += String.fromCodePoint(afterAlnum ? lowerCp(c) : upperCp(c));
    afterAlnum = c < 128 ? (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) : (ctypeOf(c) & Ctype.ALNUM) !== 0;
    i += c > 0xffff ? 2 : 1;
  }
  return out;
}
