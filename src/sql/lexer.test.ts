import { describe, it, expect } from 'vitest';
import { DbError } from '../errors/db-error.ts';
import { sqlError, tokenize, TokenKind } from './lexer.ts';

function kinds(sql: string): [number, string][] {
  return tokenize(sql).map((t) => [t.kind, t.value]);
}

function lexError(sql: string): DbError {
  try {
    tokenize(sql);
  } catch (e) {
    expect(e).toBeInstanceOf(DbError);
    return e as DbError;
  }
  throw new Error(`expected a lexer error for ${JSON.stringify(sql)}`);
}

describe('tokenize', () => {
  it('folds unquoted identifiers and keeps quoted ones', () => {
    expect(kinds('SELECT Foo, "Bar", "a""b" FROM t')).toEqual([
      [TokenKind.Ident, 'select'], [TokenKind.Ident, 'foo'], [TokenKind.Op, ','],
      [TokenKind.QuotedIdent, 'Bar'], [TokenKind.Op, ','], [TokenKind.QuotedIdent, 'a"b'],
      [TokenKind.Ident, 'from'], [TokenKind.Ident, 't'], [TokenKind.Eof, ''],
    ]);
  });

  it('folds only ASCII letters in unquoted identifiers', () => {
    expect(tokenize('ÄbC')[0]!.value).toBe('Äbc');
    expect(tokenize('café_1$')[0]!.value).toBe('café_1$');
  });

  it('reads numbers: integers, decimals, exponents', () => {
    expect(kinds('1 1.5 .5 1. 1e3 2.5E-2 007')).toEqual([
      [TokenKind.Integer, '1'], [TokenKind.Decimal, '1.5'], [TokenKind.Decimal, '.5'], [TokenKind.Decimal, '1.'],
      [TokenKind.Decimal, '1e3'], [TokenKind.Decimal, '2.5E-2'], [TokenKind.Integer, '007'], [TokenKind.Eof, ''],
    ]);
  });

  it('reads strings with doubled quotes, E-strings, hex and dollar quoting', () => {
    expect(kinds(`'it''s' E'a\\nb\\'c' X'0aFF' $$x'y$$ $tag$z$tag$ ''`)).toEqual([
      [TokenKind.String, "it's"], [TokenKind.String, "a\nb'c"], [TokenKind.Hex, '0aFF'],
      [TokenKind.String, "x'y"], [TokenKind.String, 'z'], [TokenKind.String, ''], [TokenKind.Eof, ''],
    ]);
  });

  it('reads E-string escapes: octal, hex and unicode', () => {
    expect(tokenize(String.raw`E'\101\x42\u0043\t\\'`)[0]!.value).toBe('ABC\t\\');
  });

  it('reads every operator', () => {
    const ops = '+ - * / % = <> != < <= > >= || -> ->> :: & | << >> ~ ( ) , . ; [ ] ==';
    expect(tokenize(ops).slice(0, -1).map((t) => t.value)).toEqual([
      '+', '-', '*', '/', '%', '=', '<>', '<>', '<', '<=', '>', '>=', '||', '->', '->>', '::', '&', '|', '<<',
      '>>', '~', '(', ')', ',', '.', ';', '[', ']', '=',
    ]);
  });

  it('does not glue a minus to a preceding operator', () => {
    expect(tokenize('a=-1').map((t) => t.value)).toEqual(['a', '=', '-', '1', '']);
    expect(tokenize('a<-1').map((t) => t.value)).toEqual(['a', '<', '-', '1', '']);
  });

  it('reads parameters', () => {
    expect(kinds('$1 $23')).toEqual([[TokenKind.Param, '1'], [TokenKind.Param, '23'], [TokenKind.Eof, '']]);
  });

  it('skips line comments and nested block comments', () => {
    expect(tokenize('SELECT -- hi\n 1 /* a /* nested */ still comment */ + 2').map((t) => t.value))
      .toEqual(['select', '1', '+', '2', '']);
  });

  it('records 0-based token offsets', () => {
    const t = tokenize('  SELECT  abc');
    expect([t[0]!.start, t[0]!.end, t[1]!.start, t[1]!.end, t[2]!.start]).toEqual([2, 8, 10, 13, 13]);
  });

  it('accepts backtick-quoted identifiers', () => {
    expect(kinds('`Col`')[0]).toEqual([TokenKind.QuotedIdent, 'Col']);
  });
});

describe('lexer errors', () => {
  it('unterminated string', () => {
    const e = lexError("SELECT 'abc");
    expect(e.code).toBe('42601');
    expect(e.message).toBe(`unterminated quoted string at or near "'abc"`);
    expect([e.position, e.line, e.column]).toEqual([8, 1, 8]);
  });

  it('unterminated block comment', () => {
    const e = lexError('SELECT 1 /* never /* closed */');
    expect(e.code).toBe('42601');
    expect(e.message).toBe('unterminated /* comment at or near "/* never /* closed */"');
    expect(e.position).toBe(10);
  });

  it('unterminated quoted identifier', () => {
    const e = lexError('SELECT "abc');
    expect(e.code).toBe('42601');
    expect(e.message).toBe('unterminated quoted identifier at or near ""abc"');
    expect(e.position).toBe(8);
  });

  it('zero-length quoted identifier', () => {
    const e = lexError('SELECT ""');
    expect(e.code).toBe('42601');
    expect(e.message).toBe('zero-length delimited identifier at or near """"');
  });

  it('a character that starts no token', () => {
    const e = lexError('SELECT 1 # 2');
    expect(e.code).toBe('42601');
    expect(e.message).toBe('syntax error at or near "#"');
    expect([e.position, e.line, e.column]).toEqual([10, 1, 10]);
  });

  it('trailing junk after a number', () => {
    const e = lexError('SELECT 123abc');
    expect(e.code).toBe('42601');
    expect(e.message).toBe('trailing junk after numeric literal at or near "123abc"');
    expect(e.position).toBe(8);
  });

  it('NUL byte is 22021 with its position', () => {
    const e = lexError('SELECT 1\u0000');
    expect(e.code).toBe('22021');
    expect(e.message).toBe('invalid byte sequence for encoding "UTF8": 0x00');
    expect(e.position).toBe(9);
  });

  it('lone surrogate is 22021 with its position', () => {
    const e = lexError("SELECT 'a\uD800'");
    expect(e.code).toBe('22021');
    expect(e.message).toMatch(/^invalid byte sequence for encoding "UTF8"/);
    expect(e.position).toBe(10);
    const low = lexError('SELECT \uDC00');
    expect(low.code).toBe('22021');
    expect(low.position).toBe(8);
  });

  it('a valid surrogate pair is fine', () => {
    expect(tokenize("SELECT '😀'")[1]!.value).toBe('😀');
  });

  it('positions, lines and columns on later lines', () => {
    const e = lexError("SELECT 1,\n  2,\n  'oops");
    expect([e.position, e.line, e.column]).toEqual([18, 3, 3]);
    expect(e.detail).toBe("LINE 3:   'oops\n          ^");
  });
});

describe('sqlError', () => {
  it('formats the LINE/caret detail like PostgreSQL', () => {
    const e = sqlError('42601', 'syntax error at or near "FORM"', 'SELECT * FORM t', 9);
    expect(e.detail).toBe('LINE 1: SELECT * FORM t\n                 ^');
    expect([e.position, e.line, e.column]).toEqual([10, 1, 10]);
  });

  it('cuts very long lines to a window around the position', () => {
    const sql = `SELECT ${'x, '.repeat(1000)}FORM`;
    const e = sqlError('42601', 'm', sql, sql.length - 4);
    expect(e.detail!.length).toBeLessThan(300);
    const [line, caret] = e.detail!.split('\n');
    expect(line!.slice(caret!.length - 1, caret!.length + 3)).toBe('FORM');
  });
});
