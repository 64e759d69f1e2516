/**
 * The token cursor every part of the parser stands on: the token array and position,
 * keyword / operator tests, syntax errors at a token, the nesting-depth guard, and the
 * word-level pieces shared by all statements (identifiers, labels, bare aliases, identifier
 * lists, qualified names, user names, `IF [NOT] EXISTS`).
 *
 * The parser is one class built in layers, one file per part of the grammar, each extending
 * the one below: token-cursor → type-names → `../expressions.ts` (Pratt) → window-spec →
 * function-calls → from-clause → queries → dml → users → ddl → `../parser.ts` (statements).
 */
import type { DbError } from '../../errors/db-error.ts';
import { SqlState, type SqlStateCode } from '../../errors/sqlstate.ts';
import type { QualifiedName } from '../ast.ts';
import { sqlError, syntaxErrorAt, TokenKind as LexTokenKind, type Token } from '../lexer.ts';
import { NOT_BARE_ALIAS, RESERVED } from './keywords.ts';

// A module-local copy: property loads on it stay cheap under every module loader.
const TokenKind = { ...LexTokenKind };

/**
 * Nesting beyond this many units fails with `54001` instead of overflowing the JS stack.
 * An expression level costs 1, a function call or CASE 2, a subquery 3.
 */
export const MAX_DEPTH = 1500;

/**
 * Token cursor and word-level helpers, the base of the parser's class layers. Use
 * `parse` / `parseStatement` (`../parser.ts`) rather than any layer directly.
 */
export abstract class TokenCursor {
  protected readonly src: string;
  protected readonly toks: Token[];
  protected i = 0;
  /** Current token. */
  protected t: Token;
  /** Current nesting depth (expressions and queries). */
  protected depth = 0;
  /** Words that end a clause in the current context and so are never aliases (`options`). */
  protected stopWords: ReadonlySet<string> | null = null;

  constructor(src: string, toks: Token[]) {
    this.src = src;
    this.toks = toks;
    this.t = toks[0]!;
  }

  // ───────────── cursor helpers ─────────────

  protected next(): Token {
    const t = this.t;
    if (t.kind !== TokenKind.Eof) this.t = this.toks[++this.i]!;
    return t;
  }

  protected peek(k = 1): Token {
    const j = this.i + k;
    return j < this.toks.length ? this.toks[j]! : this.toks[this.toks.length - 1]!;
  }

  /** End offset of the last consumed token. */
  protected prevEnd(): number {
    return this.i > 0 ? this.toks[this.i - 1]!.end : 0;
  }

  protected isKw(word: string): boolean {
    return this.t.kind === TokenKind.Ident && this.t.value === word;
  }

  protected isKwAt(k: number, word: string): boolean {
    const t = this.peek(k);
    return t.kind === TokenKind.Ident && t.value === word;
  }

  protected acceptKw(word: string): boolean {
    if (this.t.kind === TokenKind.Ident && this.t.value === word) { this.next(); return true; }
    return false;
  }

  protected expectKw(word: string): Token {
    if (this.t.kind === TokenKind.Ident && this.t.value === word) return this.next();
    throw this.syntaxError();
  }

  protected isOp(op: string): boolean {
    return this.t.kind === TokenKind.Op && this.t.value === op;
  }

  protected acceptOp(op: string): boolean {
    if (this.t.kind === TokenKind.Op && this.t.value === op) { this.next(); return true; }
    return false;
  }

  protected expectOp(op: string): Token {
    if (this.t.kind === TokenKind.Op && this.t.value === op) return this.next();
    throw this.syntaxError();
  }

  /** `syntax error at or near "<current token>"`. */
  protected syntaxError(tok: Token = this.t): DbError {
    return syntaxErrorAt(this.src, tok);
  }

  /** An error with a custom message at a 0-based offset. */
  protected errorAt(code: SqlStateCode, message: string, offset: number): DbError {
    return sqlError(code, message, this.src, offset);
  }

  protected enter(weight = 1): void {
    this.depth += weight;
    if (this.depth > MAX_DEPTH) throw this.tooDeep();
  }

  protected tooDeep(): DbError {
    const e = this.errorAt(SqlState.STATEMENT_TOO_COMPLEX, 'stack depth limit exceeded', this.t.start);
    e.hint = 'Simplify the statement: it nests too deeply.';
    return e;
  }

  /** An identifier (unquoted non-reserved word or quoted). */
  protected parseIdent(): string {
    const t = this.t;
    if (t.kind === TokenKind.QuotedIdent || (t.kind === TokenKind.Ident && !RESERVED.has(t.value))) {
      this.next();
      return t.value;
    }
    throw this.syntaxError();
  }

  /** Any word, reserved or not (after AS, after a dot, option keys). */
  protected parseLabel(): string {
    const t = this.t;
    if (t.kind === TokenKind.QuotedIdent || t.kind === TokenKind.Ident) { this.next(); return t.value; }
    throw this.syntaxError();
  }

  /** True when the current token can be an AS-less alias. */
  protected isBareAlias(): boolean {
    const t = this.t;
    if (t.kind === TokenKind.QuotedIdent) return true;
    if (t.kind !== TokenKind.Ident) return false;
    if (RESERVED.has(t.value) || NOT_BARE_ALIAS.has(t.value)) return false;
    return this.stopWords === null || !this.stopWords.has(t.value);
  }

  protected parseIdentList(): string[] {
    const out: string[] = [this.parseIdent()];
    while (this.acceptOp(',')) out.push(this.parseIdent());
    return out;
  }

  /** `( ident, … )`. */
  protected parseParenIdentList(): string[] {
    this.expectOp('(');
    const out = this.parseIdentList();
    this.expectOp(')');
    return out;
  }

  protected isQueryStart(t: Token): boolean {
    return t.kind === TokenKind.Ident && (t.value === 'select' || t.value === 'with' || t.value === 'values');
  }

  // ───────────── names shared by statements ─────────────

  /** `name` or `ns.name` (or three parts). */
  protected parseQualifiedName(): QualifiedName {
    const pos = this.t.start;
    // the built-in namespace is called `default`, a reserved word: accept it before a dot
    const parts = [this.isKw('default') && this.peek().kind === TokenKind.Op && this.peek().value === '.' ? this.parseNamespaceName() : this.parseIdent()];
    while (this.isOp('.')) {
      this.next();
      parts.push(this.parseLabel());
    }
    if (parts.length > 3) {
      throw this.errorAt(SqlState.SYNTAX_ERROR, `improper qualified name (too many dotted names): ${parts.join('.')}`, pos);
    }
    return { parts, pos };
  }

  /** A namespace name: an identifier, or the keyword `default` (the built-in namespace). */
  protected parseNamespaceName(): string {
    if (this.isKw('default')) { this.next(); return 'default'; }
    return this.parseIdent();
  }

  /** A user name: `'name'`, an identifier or a quoted identifier. */
  protected parseUserName(): string {
    const t = this.t;
    if (t.kind === TokenKind.String) { this.next(); return t.value; }
    return this.parseLabelNotReservedOrUser();
  }

  private parseLabelNotReservedOrUser(): string {
    const t = this.t;
    if (t.kind === TokenKind.QuotedIdent || (t.kind === TokenKind.Ident && !RESERVED.has(t.value))) {
      this.next();
      return t.value;
    }
    throw this.syntaxError();
  }

  protected parseStringValue(): string {
    const t = this.t;
    if (t.kind !== TokenKind.String) throw this.syntaxError();
    this.next();
    return t.value;
  }

  protected parseIfNotExists(): boolean {
    if (this.isKw('if') && this.isKwAt(1, 'not') && this.isKwAt(2, 'exists')) {
      this.next(); this.next(); this.next();
      return true;
    }
    return false;
  }

  protected parseIfExists(): boolean {
    if (this.isKw('if') && this.isKwAt(1, 'exists')) {
      this.next(); this.next();
      return true;
    }
    return false;
  }
}
