/**
 * Parser for PostgreSQL's advanced regular expressions (ARE) — the subset a linear-time
 * engine can run: literals, `.`, bracket expressions (ranges, negation, `[:class:]`,
 * `[=x=]`, `[.x.]`), escapes, anchors and constraints (`^ $ \A \Z \m \M \y \Y`), capturing
 * and non-capturing groups, alternation, greedy and lazy quantifiers, the `***=` / `***:`
 * directors and leading embedded options `(?inx…)`. Back-references and lookaround need
 * backtracking and fail with `0A000`; malformed patterns fail with `2201B` and PostgreSQL's
 * wording.
 */
import { DbError } from '../../errors/db-error.ts';
import { SqlState } from '../../errors/sqlstate.ts';
import type { CharClass } from './char-class.ts';
import { Ctype, POSIX_CLASSES } from './unicode.ts';

/** Zero-width assertions. */
export const Assert = { BOL: 1, EOL: 2, BOT: 3, EOT: 4, WORD_BOUNDARY: 5, NOT_WORD_BOUNDARY: 6, WORD_START: 7, WORD_END: 8 } as const;

/** Parsed regular expression tree. `rep.max` is -1 for no upper bound; `group.cap` -1 for `(?:…)`. */
export type RegexNode =
  | { readonly k: 'empty' }
  | { readonly k: 'char'; readonly c: number }
  | { readonly k: 'any' }
  | { readonly k: 'class'; readonly cls: CharClass }
  | { readonly k: 'cat'; readonly items: readonly RegexNode[] }
  | { readonly k: 'alt'; readonly items: readonly RegexNode[] }
  | { readonly k: 'group'; readonly cap: number; readonly body: RegexNode }
  | { readonly k: 'rep'; readonly body: RegexNode; readonly min: number; readonly max: number; readonly greedy: boolean; readonly exact: boolean }
  | { readonly k: 'assert'; readonly a: number };

/** Matching options from the flags string and embedded options. */
export interface RegexOptions {
  /** `i`: case-insensitive. */
  ci: boolean;
  /** `n`/`p`: `.` and negated brackets do not match newline. */
  nlDot: boolean;
  /** `n`/`w`: `^` and `$` also match at line boundaries. */
  nlAnchor: boolean;
  /** `x`: white space and `#` comments are ignored. */
  expanded: boolean;
  /** `q`: the whole pattern is a literal string. */
  literal: boolean;
}

/** A parsed pattern. */
export interface ParsedRegex {
  readonly root: RegexNode;
  /** Number of capturing groups. */
  readonly groups: number;
  /** PostgreSQL's rule: the overall match is the longest (greedy RE) or the shortest one. */
  readonly greedy: boolean;
  readonly options: RegexOptions;
}

/** PostgreSQL's limit on `{m,n}` counts (RE_DUP_MAX). */
const DUP_MAX = 255;
/** Deepest group nesting accepted. */
const MAX_DEPTH = 200;

/** `invalid regular expression: …` (2201B). */
export function badRegex(msg: string): DbError {
  return new DbError(SqlState.INVALID_REGULAR_EXPRESSION, `invalid regular expression: ${msg}`);
}

function unsupported(feature: string): DbError {
  return new DbError(SqlState.FEATURE_NOT_SUPPORTED, `${feature} are not supported in regular expressions`, {
    hint: 'InkDB matches regular expressions in linear time, without backtracking; see "Regular expressions" in docs/SQL.md.',
  });
}

/**
 * Applies one option letter (flags argument or embedded `(?…)`); false when the letter is
 * not an option. `b` (basic RE) and `e` (extended RE) are not supported (0A000).
 */
export function applyOption(o: RegexOptions, f: string): boolean {
  switch (f) {
    case 'i': o.ci = true; return true;
    case 'c': o.ci = false; return true;
    case 'n': case 'm': o.nlDot = true; o.nlAnchor = true; return true;
    case 'p': o.nlDot = true; o.nlAnchor = false; return true;
    case 'w': o.nlDot = false; o.nlAnchor = true; return true;
    case 's': o.nlDot = false; o.nlAnchor = false; return true;
    case 'x': o.expanded = true; return true;
    case 't': o.expanded = false; return true;
    case 'q': o.literal = true; return true;
    case 'b': case 'e':
      throw new DbError(SqlState.FEATURE_NOT_SUPPORTED, `regular expression option "${f}" is not supported`, { hint: 'Only advanced regular expressions (ARE) are supported.' });
    default: return false;
  }
}

const isDigit = (c: number): boolean => c >= 48 && c <= 57;

function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 65 && c <= 70) return c - 55;
  if (c >= 97 && c <= 102) return c - 87;
  return -1;
}

/** An escape's meaning: a character, a class, a constraint, or a back-reference. */
type Escape = { c: number } | { cls: CharClass } | { a: number } | { ref: number };

class Parser {
  private i = 0;
  groups = 0;
  private depth = 0;
  constructor(private readonly p: string, private readonly o: RegexOptions) {}

  private cp(): number { return this.p.codePointAt(this.i)!; }
  private advance(c: number): void { this.i += c > 0xffff ? 2 : 1; }
  private at(s: string): boolean { return this.p.startsWith(s, this.i); }

  /** In expanded mode, skips white space and `#` comments. */
  private skip(): void {
    if (!this.o.expanded) return;
    const p = this.p;
    while (this.i < p.length) {
      const c = p.charCodeAt(this.i);
      if (c === 32 || (c >= 9 && c <= 13)) this.i++;
      else if (c === 35) { while (this.i < p.length && p.charCodeAt(this.i) !== 10) this.i++; }
      else break;
    }
  }

  parseAll(): RegexNode {
    const root = this.alt();
    if (this.i < this.p.length) throw badRegex('parentheses () not balanced');
    return root;
  }

  private alt(): RegexNode {
    const items = [this.branch()];
    while (this.i < this.p.length && this.p[this.i] === '|') { this.i++; items.push(this.branch()); }
    return items.length === 1 ? items[0]! : { k: 'alt', items };
  }

  private branch(): RegexNode {
    const items: RegexNode[] = [];
    for (;;) {
      this.skip();
      if (this.i >= this.p.length) break;
      const ch = this.p[this.i]!;
      if (ch === '|' || ch === ')') break;
      const atom = this.atom();
      if (atom !== null) items.push(this.quantifiers(atom));
    }
    return items.length === 0 ? { k: 'empty' } : items.length === 1 ? items[0]! : { k: 'cat', items };
  }

  /** True when a quantifier starts at the current position. */
  private atQuantifier(): boolean {
    const ch = this.p[this.i];
    return ch === '*' || ch === '+' || ch === '?' || (ch === '{' && isDigit(this.p.charCodeAt(this.i + 1)));
  }

  private quantifiers(atom: RegexNode): RegexNode {
    this.skip();
    if (this.i >= this.p.length || !this.atQuantifier()) return atom;
    if (atom.k === 'assert') throw badRegex('quantifier operand invalid');
    let min: number, max: number, exact = false;
    const ch = this.p[this.i++]!;
    if (ch === '*') { min = 0; max = -1; }
    else if (ch === '+') { min = 1; max = -1; }
    else if (ch === '?') { min = 0; max = 1; }
    else {
      min = this.count();
      max = min;
      exact = true;
      if (this.p[this.i] === ',') {
        this.i++;
        exact = false;
        max = isDigit(this.p.charCodeAt(this.i)) ? this.count() : -1;
      }
      if (this.i >= this.p.length) throw badRegex('braces {} not balanced');
      if (this.p[this.i] !== '}' || (max >= 0 && max < min)) throw badRegex('invalid repetition count(s)');
      this.i++;
    }
    let greedy = true;
    if (this.p[this.i] === '?') { greedy = false; this.i++; }
    this.skip();
    if (this.i < this.p.length && this.atQuantifier()) throw badRegex('quantifier operand invalid');
    return { k: 'rep', body: atom, min, max, greedy, exact };
  }

  private count(): number {
    let v = 0;
    while (isDigit(this.p.charCodeAt(this.i))) {
      v = v * 10 + this.p.charCodeAt(this.i++) - 48;
      if (v > DUP_MAX) throw badRegex('invalid repetition count(s)');
    }
    return v;
  }

  /** One atom, or null for a `(?#…)` comment. */
  private atom(): RegexNode | null {
    const c = this.cp();
    switch (c) {
      case 40: return this.group(); // (
      case 91: this.i++; return { k: 'class', cls: this.bracket() }; // [
      case 46: this.i++; return { k: 'any' }; // .
      case 94: this.i++; return { k: 'assert', a: Assert.BOL }; // ^
      case 36: this.i++; return { k: 'assert', a: Assert.EOL }; // $
      case 42: case 43: case 63: throw badRegex('quantifier operand invalid'); // * + ?
      case 123: // {
        if (isDigit(this.p.charCodeAt(this.i + 1))) throw badRegex('quantifier operand invalid');
        this.i++;
        return { k: 'char', c };
      case 92: { // backslash
        const e = this.escape(false);
        if ('c' in e) return { k: 'char', c: e.c };
        if ('cls' in e) return { k: 'class', cls: e.cls };
        if ('a' in e) return { k: 'assert', a: e.a };
        if (e.ref <= this.groups) throw unsupported('back-references (\\1 … \\9)');
        throw badRegex('invalid backreference number');
      }
      default: this.advance(c); return { k: 'char', c };
    }
  }

  private group(): RegexNode | null {
    this.i++;
    let cap = -1;
    if (this.p[this.i] === '?') {
      if (this.at('?:')) this.i += 2;
      else if (this.at('?=') || this.at('?!')) throw unsupported('lookahead constraints ((?=…), (?!…))');
      else if (this.at('?<=') || this.at('?<!')) throw unsupported('lookbehind constraints ((?<=…), (?<!…))');
      else if (this.at('?#')) {
        const end = this.p.indexOf(')', this.i);
        if (end < 0) throw badRegex('parentheses () not balanced');
        this.i = end + 1;
        return null;
      } else throw badRegex('quantifier operand invalid');
    } else cap = ++this.groups;
    if (++this.depth > MAX_DEPTH) throw badRegex('regular expression is too complex');
    const body = this.alt();
    this.depth--;
    if (this.p[this.i] !== ')') throw badRegex('parentheses () not balanced');
    this.i++;
    return { k: 'group', cap, body };
  }

  /** After `[`: a bracket expression up to its `]`. */
  private bracket(): CharClass {
    const cls: CharClass = { ranges: [], ct: 0, nct: 0, neg: false };
    const p = this.p;
    if (p[this.i] === '^') { cls.neg = true; this.i++; }
    let first = true;
    for (;;) {
      if (this.i >= p.length) throw badRegex('brackets [] not balanced');
      if (p[this.i] === ']' && !first) { this.i++; return cls; }
      first = false;
      const lo = this.bracketItem(cls);
      if (lo < 0) continue;
      if (p[this.i] === '-' && this.i + 1 < p.length && p[this.i + 1] !== ']') {
        this.i++;
        const hi = this.bracketItem(null);
        if (hi < lo || (p[this.i] === '-' && p[this.i + 1] !== ']')) throw badRegex('invalid character range');
        cls.ranges.push(lo, hi);
      } else cls.ranges.push(lo, lo);
    }
  }

  /**
   * One bracket element: returns its code point, or -1 when it was a class (added to `cls`).
   * `cls` null: a range end, where only a character is valid.
   */
  private bracketItem(cls: CharClass | null): number {
    const p = this.p;
    if (p[this.i] === '[' && (p[this.i + 1] === ':' || p[this.i + 1] === '=' || p[this.i + 1] === '.')) {
      const kind = p[this.i + 1]!;
      const end = p.indexOf(kind + ']', this.i + 2);
      if (end < 0) throw badRegex('brackets [] not balanced');
      const name = p.slice(this.i + 2, end);
      this.i = end + 2;
      if (kind === ':') {
        const bits = POSIX_CLASSES.get(name);
        if (bits === undefined || cls === null) throw badRegex(cls === null ? 'invalid character range' : 'invalid character class');
        cls.ct |= bits;
        return -1;
      }
      const cp = name.codePointAt(0);
      if (cp !== undefined && name.length === (cp > 0xffff ? 2 : 1)) return cp;
      const named = COLLATING_NAMES.get(name);
      if (named === undefined) throw badRegex('invalid collating element');
      return named;
    }
    if (p[this.i] === '\\') {
      const e = this.escape(true);
      if ('c' in e) return e.c;
      if ('cls' in e && cls !== null) {
        if (e.cls.neg) cls.nct |= e.cls.ct; else cls.ct |= e.cls.ct;
        return -1;
      }
      throw badRegex(cls === null ? 'invalid character range' : 'invalid escape \\ sequence');
    }
    const c = this.cp();
    this.advance(c);
    return c;
  }

  /** At a backslash: parses the escape (ARE rules; `inBracket` allows only characters and classes). */
  private escape(inBracket: boolean): Escape {
    const p = this.p;
    this.i++;
    if (this.i >= p.length) throw badRegex('invalid escape \\ sequence');
    const c = this.cp();
    this.advance(c);
    if (c >= 128) return { c };
    const cls = (ct: number, neg: boolean): Escape => ({ cls: { ranges: [], ct, nct: 0, neg } });
    switch (String.fromCharCode(c)) {
      case 'a': return { c: 7 };
      case 'b': return { c: 8 };
      case 'B': return { c: 92 };
      case 'e': return { c: 27 };
      case 'f': return { c: 12 };
      case 'n': return { c: 10 };
      case 'r': return { c: 13 };
      case 't': return { c: 9 };
      case 'v': return { c: 11 };
      case 'c': {
        if (this.i >= p.length) throw badRegex('invalid escape \\ sequence');
        const x = this.cp();
        this.advance(x);
        return { c: x & 31 };
      }
      case 'u': return { c: this.hex(4, 4) };
      case 'U': return { c: this.hex(8, 8) };
      case 'x': return { c: this.hex(1, 8) };
      case 'd': return cls(Ctype.DIGIT, false);
      case 's': return cls(Ctype.SPACE, false);
      case 'w': return cls(Ctype.WORD, false);
      case 'D': return cls(Ctype.DIGIT, true);
      case 'S': return cls(Ctype.SPACE, true);
      case 'W': return cls(Ctype.WORD, true);
      default: break;
    }
    if (!inBracket) {
      switch (String.fromCharCode(c)) {
        case 'A': return { a: Assert.BOT };
        case 'Z': return { a: Assert.EOT };
        case 'm': return { a: Assert.WORD_START };
        case 'M': return { a: Assert.WORD_END };
        case 'y': return { a: Assert.WORD_BOUNDARY };
        case 'Y': return { a: Assert.NOT_WORD_BOUNDARY };
        default: break;
      }
    }
    if (isDigit(c)) return this.numericEscape(c - 48, inBracket);
    if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122)) throw badRegex('invalid escape \\ sequence');
    return { c };
  }

  /** `\0`, octal `\0nn`/`\nnn`, or a back-reference `\n`. */
  private numericEscape(d: number, inBracket: boolean): Escape {
    const p = this.p;
    const start = this.i - 1;
    let end = this.i;
    while (end < p.length && isDigit(p.charCodeAt(end))) end++;
    const digits = p.slice(start, end);
    if (d !== 0 && !inBracket) {
      const n = Number(digits);
      if (digits.length === 1 || n <= this.groups) { this.i = end; return { ref: n }; }
    }
    // Octal: up to three octal digits.
    let v = 0, k = start;
    while (k < end && k < start + 3 && p.charCodeAt(k) <= 55) v = v * 8 + p.charCodeAt(k++) - 48;
    if (k === start) throw badRegex('invalid escape \\ sequence');
    this.i = k;
    return { c: v };
  }

  private hex(minDigits: number, maxDigits: number): number {
    let v = 0, n = 0;
    while (n < maxDigits && this.i < this.p.length) {
      const h = hexValue(this.p.charCodeAt(this.i));
      if (h < 0) break;
      v = v * 16 + h;
      this.i++;
      n++;
    }
    if (n < minDigits || v > 0x10ffff) throw badRegex('invalid escape \\ sequence');
    return v;
  }
}

/** Named collating elements PostgreSQL accepts in `[.name.]` (the common ones). */
const COLLATING_NAMES: ReadonlyMap<string, number> = new Map([
  ['NUL', 0], ['tab', 9], ['newline', 10], ['vertical-tab', 11], ['form-feed', 12], ['carriage-return', 13],
  ['space', 32], ['exclamation-mark', 33], ['quotation-mark', 34], ['number-sign', 35], ['dollar-sign', 36],
  ['percent-sign', 37], ['ampersand', 38], ['apostrophe', 39], ['left-parenthesis', 40], ['right-parenthesis', 41],
  ['asterisk', 42], ['plus-sign', 43], ['comma', 44], ['hyphen', 45], ['hyphen-minus', 45], ['period', 46],
  ['full-stop', 46], ['slash', 47], ['solidus', 47], ['zero', 48], ['colon', 58], ['semicolon', 59],
  ['less-than-sign', 60], ['equals-sign', 61], ['greater-than-sign', 62], ['question-mark', 63],
  ['commercial-at', 64], ['left-square-bracket', 91], ['backslash', 92], ['reverse-solidus', 92],
  ['right-square-bracket', 93], ['circumflex', 94], ['circumflex-accent', 94], ['underscore', 95],
  ['low-line', 95], ['grave-accent', 96], ['left-brace', 123], ['left-curly-bracket', 123],
  ['vertical-line', 124], ['right-brace', 125], ['right-curly-bracket', 125], ['tilde', 126], ['DEL', 127],
]);

/** PostgreSQL's greediness attribute of a node: 1 greedy, 2 non-greedy, 0 none. */
function greediness(n: RegexNode): number {
  switch (n.k) {
    case 'rep': return n.exact ? greediness(n.body) : n.greedy ? 1 : 2;
    case 'group': return greediness(n.body);
    case 'alt': return 1;
    case 'cat':
      for (const it of n.items) { const g = greediness(it); if (g !== 0) return g; }
      return 0;
    default: return 0;
  }
}

/**
 * Parses `pattern` under `flags` (already validated option letters, `g` removed), handling
 * the `***=` and `***:` directors and leading embedded options.
 */
export function parseRegex(pattern: string, options: RegexOptions): ParsedRegex {
  const o = { ...options };
  let p = pattern;
  if (p.startsWith('***=')) { o.literal = true; p = p.slice(4); }
  else if (p.startsWith('***:')) p = p.slice(4);
  if (!o.literal && p.startsWith('(?') && p[2] !== ':' && p[2] !== '=' && p[2] !== '!' && p[2] !== '<' && p[2] !== '#') {
    const end = p.indexOf(')');
    if (end < 0) throw badRegex('parentheses () not balanced');
    for (const f of p.slice(2, end)) if (!applyOption(o, f)) throw badRegex('invalid embedded option');
    p = p.slice(end + 1);
  }
  if (o.literal) {
    const items: RegexNode[] = [];
    for (const ch of p) items.push({ k: 'char', c: ch.codePointAt(0)! });
    return { root: { k: 'cat', items }, groups: 0, greedy: true, options: o };
  }
  const parser = new Parser(p, o);
  const root = parser.parseAll();
  return { root, groups: parser.groups, greedy: greediness(root) !== 2, options: o };
}
