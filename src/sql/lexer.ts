/**
 * The SQL lexer: a hand-written scanner over UTF-16 char codes that turns statement text
 * into an array of {@link Token}s. No regular expressions run per token; identifiers and
 * strings are sliced out of the source, never built a character at a time.
 *
 * Also home of {@link sqlError}, which builds PostgreSQL-style positioned errors
 * (`position`, `line`, `column`, and a `LINE n: …` / caret `detail`).
 */
import { DbError } from '../errors/db-error.ts';
import { SqlState, type SqlStateCode } from '../errors/sqlstate.ts';

/** Token kinds. */
export const TokenKind = {
  /** Unquoted identifier or keyword; `value` is lower-cased. */
  Ident: 1,
  /** `"Quoted"` identifier; `value` keeps its case, `""` unescaped. */
  QuotedIdent: 2,
  /** `'string'` (also `E'…'`, `$$…$$`); `value` is the unescaped content. */
  String: 3,
  /** Integer literal; `value` is the digits. */
  Integer: 4,
  /** Decimal or exponent literal; `value` is the text as written. */
  Decimal: 5,
  /** `$n`; `value` is the digits. */
  Param: 6,
  /** Operator or punctuation; `value` is its text (`!=` is reported as `<>`). */
  Op: 7,
  /** `X'ab'` hex bytes; `value` is the hex digits. */
  Hex: 8,
  /** End of input; `start` = `end` = the text length. */
  Eof: 9,
} as const;

/** A {@link TokenKind} value. */
export type TokenKind = (typeof TokenKind)[keyof typeof TokenKind];

/** One token. `start`/`end` are 0-based UTF-16 offsets into the source (end exclusive). */
export interface Token {
  readonly kind: TokenKind;
  readonly start: number;
  readonly end: number;
  readonly value: string;
}

const MAX_ERROR_TOKEN = 200;

/**
 * Builds a positioned {@link DbError} the way PostgreSQL reports it: `position` is the
 * 1-based character offset, `line`/`column` are 1-based, and `detail` shows the line with
 * a caret under the position.
 *
 * @example
 * ```ts
 * sqlError('42601', 'syntax error at or near "FORM"', 'SELECT * FORM t', 9).detail
 * // "LINE 1: SELECT * FORM t\n                 ^"
 * ```
 */
export function sqlError(code: SqlStateCode, message: string, src: string, offset: number): DbError {
  if (offset < 0) offset = 0;
  if (offset > src.length) offset = src.length;
  let line = 1;
  let lineStart = 0;
  for (let i = src.indexOf('\n'); i !== -1 && i < offset; i = src.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  let lineEnd = src.indexOf('\n', offset);
  if (lineEnd === -1) lineEnd = src.length;
  if (lineEnd > lineStart && src.charCodeAt(lineEnd - 1) === 13) lineEnd--;
  const column = offset - lineStart + 1;
  // Long lines are cut to a window around the position, as PostgreSQL does.
  let from = lineStart;
  let to = lineEnd;
  let pre = '';
  let post = '';
  if (to - from > 160) {
    from = Math.max(lineStart, offset - 60);
    to = Math.min(lineEnd, offset + 60);
    if (from > lineStart) pre = '...';
    if (to < lineEnd) post = '...';
  }
  const prefix = `LINE ${line}: `;
  let text = src.slice(from, to);
  // Tabs would misalign the caret; show them as spaces.
  if (text.indexOf('\t') !== -1) text = text.split('\t').join(' ');
  const detail = `${prefix}${pre}${text}${post}\n${' '.repeat(prefix.length + pre.length + (offset - from))}^`;
  return new DbError(code, message, { position: offset + 1, line, column, detail });
}

/** `syntax error at or near "<token>"` (or `at end of input`) for a token. */
export function syntaxErrorAt(src: string, tok: Token): DbError {
  if (tok.kind === TokenKind.Eof) return sqlError(SqlState.SYNTAX_ERROR, 'syntax error at end of input', src, tok.start);
  return sqlError(SqlState.SYNTAX_ERROR, `syntax error at or near "${clip(src.slice(tok.start, tok.end))}"`, src, tok.start);
}

function clip(s: string): string {
  return s.length > MAX_ERROR_TOKEN ? s.slice(0, MAX_ERROR_TOKEN) + '...' : s;
}

// Character classes, one table lookup per char (0: other, 1: ident start, 2: digit, 4: space).
const CLASS = new Uint8Array(128);
for (let c = 97; c <= 122; c++) CLASS[c] = 1;
for (let c = 65; c <= 90; c++) CLASS[c] = 1;
CLASS[95] = 1; // _
for (let c = 48; c <= 57; c++) CLASS[c] = 2;
for (const c of [32, 9, 10, 13, 12, 11]) CLASS[c] = 4;

function isIdentStart(c: number): boolean {
  return c < 128 ? CLASS[c] === 1 : true;
}
function isIdentCont(c: number): boolean {
  return c < 128 ? (CLASS[c]! & 3) !== 0 || c === 36 /* $ */ : true;
}

interface WellFormedString { isWellFormed?(): boolean }

/** Checks the text once for NUL bytes and lone surrogates (22021). */
function checkEncoding(src: string): void {
  const nul = src.indexOf('\u0000');
  if (nul !== -1) {
    throw sqlError(SqlState.CHARACTER_NOT_IN_REPERTOIRE, 'invalid byte sequence for encoding "UTF8": 0x00', src, nul);
  }
  const wf = (src as unknown as WellFormedString).isWellFormed;
  if (wf !== undefined && wf.call(src)) return;
  for (let i = 0; i < src.length; i++) {
    const c = src.charCodeAt(i);
    if (c < 0xd800 || c > 0xdfff) continue;
    if (c <= 0xdbff && i + 1 < src.length) {
      const d = src.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) { i++; continue; }
    }
    throw sqlError(SqlState.CHARACTER_NOT_IN_REPERTOIRE,
      `invalid byte sequence for encoding "UTF8": 0x${c.toString(16)}`, src, i);
  }
}

function tok(kind: TokenKind, start: number, end: number, value: string): Token {
  return { kind, start, end, value };
}

/**
 * Splits SQL text into tokens, ending with one {@link TokenKind.Eof} token. Unquoted
 * identifiers are lower-cased (ASCII only, as PostgreSQL); comments (`--`, nested `/* *\/`)
 * and whitespace are skipped.
 *
 * Throws `42601` for unterminated strings, identifiers and comments and for characters
 * that start no token; `22021` for NUL bytes and lone surrogates.
 *
 * @example
 * ```ts
 * tokenize('SELECT "A" FROM t').map((t) => t.value) // ['select', 'A', 'from', 't', '']
 * ```
 */
export function tokenize(src: string): Token[] {
  checkEncoding(src);
  const out: Token[] = [];
  const n = src.length;
  let i = 0;
  while (i < n) {
    const c = src.charCodeAt(i);
    // whitespace
    if (c < 128 && CLASS[c] === 4) { i++; continue; }
    const start = i;
    // identifiers and keywords (and E'…', X'…' prefixes)
    if (isIdentStart(c)) {
      const next = i + 1 < n ? src.charCodeAt(i + 1) : 0;
      if (next === 39 /* ' */) {
        if (c === 69 || c === 101) { // E'…'
          i = lexEscapeString(src, i + 1, out);
          continue;
        }
        if (c === 88 || c === 120) { // X'…'
          const close = src.indexOf("'", i + 2);
          if (close === -1) throw unterminatedString(src, start);
          const hex = src.slice(i + 2, close);
          for (let k = 0; k < hex.length; k++) {
            const h = hex.charCodeAt(k);
            if (!((h >= 48 && h <= 57) || (h >= 65 && h <= 70) || (h >= 97 && h <= 102))) {
              throw sqlError(SqlState.SYNTAX_ERROR, `"${hex[k]}" is not a valid hexadecimal digit`, src, i + 2 + k);
            }
          }
          i = close + 1;
          out.push(tok(TokenKind.Hex, start, i, hex));
          continue;
        }
      }
      let upper = false;
      let ascii = true;
      i++;
      if (c >= 65 && c <= 90) upper = true; else if (c >= 128) ascii = false;
      while (i < n) {
        const d = src.charCodeAt(i);
        if (d < 128) {
          if ((CLASS[d]! & 3) === 0 && d !== 36) break;
          if (d >= 65 && d <= 90) upper = true;
        } else ascii = false;
        i++;
      }
      let text = src.slice(start, i);
      if (upper) text = ascii ? text.toLowerCase() : asciiLower(text);
      out.push(tok(TokenKind.Ident, start, i, text));
      continue;
    }
    // numbers
    if ((c >= 48 && c <= 57) || (c === 46 && i + 1 < n && isDigit(src.charCodeAt(i + 1)))) {
      i = lexNumber(src, i, out);
      continue;
    }
    switch (c) {
      case 39: { // '…'
        i = lexString(src, i, out);
        continue;
      }
      case 34: { // "…"
        let j = i + 1;
        let value = '';
        let chunk = j;
        for (;;) {
          const q = src.indexOf('"', j);
          if (q === -1) {
            throw sqlError(SqlState.SYNTAX_ERROR, `unterminated quoted identifier at or near "${clip(src.slice(start))}"`, src, start);
          }
          if (q + 1 < n && src.charCodeAt(q + 1) === 34) {
            value += src.slice(chunk, q + 1);
            j = q + 2;
            chunk = j;
            continue;
          }
          value += src.slice(chunk, q);
          i = q + 1;
          break;
        }
        if (value.length === 0) {
          throw sqlError(SqlState.SYNTAX_ERROR, 'zero-length delimited identifier at or near """"', src, start);
        }
        out.push(tok(TokenKind.QuotedIdent, start, i, value));
        continue;
      }
      case 96: { // `…` (MySQL-style quoted identifier)
        const q = src.indexOf('`', i + 1);
        if (q === -1) {
          throw sqlError(SqlState.SYNTAX_ERROR, `unterminated quoted identifier at or near "${clip(src.slice(start))}"`, src, start);
        }
        if (q === i + 1) throw sqlError(SqlState.SYNTAX_ERROR, 'zero-length delimited identifier at or near "``"', src, start);
        i = q + 1;
        out.push(tok(TokenKind.QuotedIdent, start, i, src.slice(start + 1, q)));
        continue;
      }
      case 36: { // $n or $tag$…$tag$
        let j = i + 1;
        while (j < n && isDigit(src.charCodeAt(j))) j++;
        if (j > i + 1) {
          if (j < n && isIdentCont(src.charCodeAt(j))) {
            throw sqlError(SqlState.SYNTAX_ERROR, `trailing junk after parameter at or near "${src.slice(start, j + 1)}"`, src, start);
          }
          out.push(tok(TokenKind.Param, start, j, src.slice(i + 1, j)));
          i = j;
          continue;
        }
        // dollar-quoted string
        j = i + 1;
        while (j < n && src.charCodeAt(j) !== 36 && isIdentCont(src.charCodeAt(j))) j++;
        if (j < n && src.charCodeAt(j) === 36) {
          const tag = src.slice(i, j + 1);
          const close = src.indexOf(tag, j + 1);
          if (close === -1) {
            throw sqlError(SqlState.SYNTAX_ERROR, `unterminated dollar-quoted string at or near "${clip(src.slice(start))}"`, src, start);
          }
          out.push(tok(TokenKind.String, start, close + tag.length, src.slice(j + 1, close)));
          i = close + tag.length;
          continue;
        }
        throw sqlError(SqlState.SYNTAX_ERROR, 'syntax error at or near "$"', src, start);
      }
      case 45: // - or -- or -> or ->>
        if (i + 1 < n) {
          const d = src.charCodeAt(i + 1);
          if (d === 45) { // -- comment
            const nl = src.indexOf('\n', i + 2);
            i = nl === -1 ? n : nl + 1;
            continue;
          }
          if (d === 62) {
            if (i + 2 < n && src.charCodeAt(i + 2) === 62) { out.push(tok(TokenKind.Op, start, i + 3, '->>')); i += 3; continue; }
            out.push(tok(TokenKind.Op, start, i + 2, '->')); i += 2; continue;
          }
        }
        out.push(tok(TokenKind.Op, start, i + 1, '-')); i++;
        continue;
      case 47: // / or /* comment */
        if (i + 1 < n && src.charCodeAt(i + 1) === 42) {
          i = skipBlockComment(src, i);
          continue;
        }
        out.push(tok(TokenKind.Op, start, i + 1, '/')); i++;
        continue;
      case 60: { // < <= <> <<
        const d = i + 1 < n ? src.charCodeAt(i + 1) : 0;
        if (d === 61) { out.push(tok(TokenKind.Op, start, i + 2, '<=')); i += 2; continue; }
        if (d === 62) { out.push(tok(TokenKind.Op, start, i + 2, '<>')); i += 2; continue; }
        if (d === 60) { out.push(tok(TokenKind.Op, start, i + 2, '<<')); i += 2; continue; }
        out.push(tok(TokenKind.Op, start, i + 1, '<')); i++;
        continue;
      }
      case 62: { // > >= >>
        const d = i + 1 < n ? src.charCodeAt(i + 1) : 0;
        if (d === 61) { out.push(tok(TokenKind.Op, start, i + 2, '>=')); i += 2; continue; }
        if (d === 62) { out.push(tok(TokenKind.Op, start, i + 2, '>>')); i += 2; continue; }
        out.push(tok(TokenKind.Op, start, i + 1, '>')); i++;
        continue;
      }
      case 33: // !=
        if (i + 1 < n && src.charCodeAt(i + 1) === 61) { out.push(tok(TokenKind.Op, start, i + 2, '<>')); i += 2; continue; }
        break;
      case 61: // = (and SQLite's ==)
        if (i + 1 < n && src.charCodeAt(i + 1) === 61) { out.push(tok(TokenKind.Op, start, i + 2, '=')); i += 2; continue; }
        out.push(tok(TokenKind.Op, start, i + 1, '=')); i++;
        continue;
      case 124: // | ||
        if (i + 1 < n && src.charCodeAt(i + 1) === 124) { out.push(tok(TokenKind.Op, start, i + 2, '||')); i += 2; continue; }
        out.push(tok(TokenKind.Op, start, i + 1, '|')); i++;
        continue;
      case 58: // :: (a lone : is not an operator)
        if (i + 1 < n && src.charCodeAt(i + 1) === 58) { out.push(tok(TokenKind.Op, start, i + 2, '::')); i += 2; continue; }
        break;
      case 43: out.push(tok(TokenKind.Op, start, i + 1, '+')); i++; continue;
      case 42: out.push(tok(TokenKind.Op, start, i + 1, '*')); i++; continue;
      case 37: out.push(tok(TokenKind.Op, start, i + 1, '%')); i++; continue;
      case 40: out.push(tok(TokenKind.Op, start, i + 1, '(')); i++; continue;
      case 41: out.push(tok(TokenKind.Op, start, i + 1, ')')); i++; continue;
      case 44: out.push(tok(TokenKind.Op, start, i + 1, ',')); i++; continue;
      case 46: out.push(tok(TokenKind.Op, start, i + 1, '.')); i++; continue;
      case 59: out.push(tok(TokenKind.Op, start, i + 1, ';')); i++; continue;
      case 91: out.push(tok(TokenKind.Op, start, i + 1, '[')); i++; continue;
      case 93: out.push(tok(TokenKind.Op, start, i + 1, ']')); i++; continue;
      case 38: out.push(tok(TokenKind.Op, start, i + 1, '&')); i++; continue;
      case 126: out.push(tok(TokenKind.Op, start, i + 1, '~')); i++; continue;
      case 94: out.push(tok(TokenKind.Op, start, i + 1, '^')); i++; continue;
      default:
        break;
    }
    // PostgreSQL quotes the offending character (a whole code point).
    const cp = src.codePointAt(i)!;
    const ch = String.fromCodePoint(cp);
    throw sqlError(SqlState.SYNTAX_ERROR, `syntax error at or near "${ch}"`, src, i);
  }
  out.push(tok(TokenKind.Eof, n, n, ''));
  return out;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function asciiLower(s: string): string {
  const parts: string[] = [];
  let from = 0;
  for (let k = 0; k < s.length; k++) {
    const c = s.charCodeAt(k);
    if (c >= 65 && c <= 90) {
      parts.push(s.slice(from, k), String.fromCharCode(c + 32));
      from = k + 1;
    }
  }
  parts.push(s.slice(from));
  return parts.join('');
}

function unterminatedString(src: string, start: number): DbError {
  return sqlError(SqlState.SYNTAX_ERROR, `unterminated quoted string at or near "${clip(src.slice(start))}"`, src, start);
}

function lexString(src: string, i: number, out: Token[]): number {
  const start = i;
  const n = src.length;
  let j = i + 1;
  let value = '';
  let chunk = j;
  for (;;) {
    const q = src.indexOf("'", j);
    if (q === -1) throw unterminatedString(src, start);
    if (q + 1 < n && src.charCodeAt(q + 1) === 39) {
      value += src.slice(chunk, q + 1);
      j = q + 2;
      chunk = j;
      continue;
    }
    value += src.slice(chunk, q);
    out.push(tok(TokenKind.String, start, q + 1, value));
    return q + 1;
  }
}

/** `E'…'` with backslash escapes; `i` is at the opening quote. */
function lexEscapeString(src: string, i: number, out: Token[]): number {
  const start = i - 1;
  const n = src.length;
  const parts: string[] = [];
  let j = i + 1;
  let chunk = j;
  while (j < n) {
    const c = src.charCodeAt(j);
    if (c === 39) {
      if (j + 1 < n && src.charCodeAt(j + 1) === 39) {
        parts.push(src.slice(chunk, j + 1));
        j += 2;
        chunk = j;
        continue;
      }
      parts.push(src.slice(chunk, j));
      out.push(tok(TokenKind.String, start, j + 1, parts.join('')));
      return j + 1;
    }
    if (c !== 92) { j++; continue; }
    parts.push(src.slice(chunk, j));
    if (j + 1 >= n) break;
    const e = src.charCodeAt(j + 1);
    j += 2;
    switch (e) {
      case 98: parts.push('\b'); break;
      case 102: parts.push('\f'); break;
      case 110: parts.push('\n'); break;
      case 114: parts.push('\r'); break;
      case 116: parts.push('\t'); break;
      case 120: { // \xHH
        let k = j;
        while (k < n && k < j + 2 && isHex(src.charCodeAt(k))) k++;
        if (k === j) { parts.push('x'); break; }
        parts.push(String.fromCharCode(parseInt(src.slice(j, k), 16)));
        j = k;
        break;
      }
      case 117: case 85: { // \uXXXX, \UXXXXXXXX
        const len = e === 117 ? 4 : 8;
        let k = j;
        while (k < n && k < j + len && isHex(src.charCodeAt(k))) k++;
        if (k !== j + len) throw sqlError(SqlState.INVALID_ESCAPE_SEQUENCE, 'invalid Unicode escape', src, j - 2);
        const cp = parseInt(src.slice(j, k), 16);
        if (cp > 0x10ffff || cp === 0 || (cp >= 0xd800 && cp <= 0xdfff)) {
          throw sqlError(SqlState.INVALID_ESCAPE_SEQUENCE, 'invalid Unicode escape value', src, j - 2);
        }
        parts.push(String.fromCodePoint(cp));
        j = k;
        break;
      }
      default:
        if (e >= 48 && e <= 55) { // octal
          let k = j - 1;
          while (k < n && k < j + 2 && src.charCodeAt(k) >= 48 && src.charCodeAt(k) <= 55) k++;
          const v = parseInt(src.slice(j - 1, k), 8);
          if (v === 0) throw sqlError(SqlState.CHARACTER_NOT_IN_REPERTOIRE, 'invalid byte sequence for encoding "UTF8": 0x00', src, j - 2);
          parts.push(String.fromCharCode(v));
          j = k;
        } else {
          parts.push(String.fromCharCode(e));
        }
    }
    chunk = j;
  }
  throw unterminatedString(src, start);
}

function isHex(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
}

function lexNumber(src: string, i: number, out: Token[]): number {
  const start = i;
  const n = src.length;
  let decimal = false;
  while (i < n && isDigit(src.charCodeAt(i))) i++;
  if (i < n && src.charCodeAt(i) === 46) {
    // `1..2` is not a number followed by `.2`; keep PostgreSQL's reading of `1.` as decimal
    if (!(i + 1 < n && src.charCodeAt(i + 1) === 46)) {
      decimal = true;
      i++;
      while (i < n && isDigit(src.charCodeAt(i))) i++;
    }
  }
  if (i < n && (src.charCodeAt(i) | 32) === 101) { // e / E
    let k = i + 1;
    if (k < n && (src.charCodeAt(k) === 43 || src.charCodeAt(k) === 45)) k++;
    if (k < n && isDigit(src.charCodeAt(k))) {
      decimal = true;
      i = k;
      while (i < n && isDigit(src.charCodeAt(i))) i++;
    }
  }
  if (i < n && isIdentStart(src.charCodeAt(i))) {
    let k = i;
    while (k < n && isIdentCont(src.charCodeAt(k))) k++;
    throw sqlError(SqlState.SYNTAX_ERROR, `trailing junk after numeric literal at or near "${clip(src.slice(start, k))}"`, src, start);
  }
  out.push(tok(decimal ? TokenKind.Decimal : TokenKind.Integer, start, i, src.slice(start, i)));
  return i;
}

/** Skips a (nested) block comment starting at `i` (`/*`); returns the offset after it. */
function skipBlockComment(src: string, i: number): number {
  const start = i;
  const n = src.length;
  let depth = 1;
  i += 2;
  while (i < n) {
    const c = src.charCodeAt(i);
    if (c === 42 && i + 1 < n && src.charCodeAt(i + 1) === 47) {
      i += 2;
      if (--depth === 0) return i;
      continue;
    }
    if (c === 47 && i + 1 < n && src.charCodeAt(i + 1) === 42) {
      depth++;
      i += 2;
      continue;
    }
    i++;
  }
  throw sqlError(SqlState.SYNTAX_ERROR, `unterminated /* comment at or near "${clip(src.slice(start))}"`, src, start);
}
