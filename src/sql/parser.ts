/**
 * The recursive-descent statement parser. Builds the AST of `ast.ts` from SQL text; every
 * syntax error is a `DbError` with code `42601`, a 1-based `position`, `line`, `column` and
 * a caret `detail`, worded as PostgreSQL words it.
 *
 * This file holds the entry points and the statement dispatch (with the short statements:
 * USE, SHOW, DESCRIBE, transactions, EXECUTE AS, SUBSCRIBE, KILL LIVE QUERY, STORAGE FLUSH,
 * EXPLAIN, ANALYZE); the grammar's parts are the class layers of `parser/` (see
 * `parser/token-cursor.ts`), expressions the Pratt parser of `expressions.ts`.
 */
import { toDbError } from '../errors/db-error.ts';
import { SqlState } from '../errors/sqlstate.ts';
import type { Expr, Statement, TableOption } from './ast.ts';
import { tokenize, TokenKind as LexTokenKind } from './lexer.ts';
import { DdlParser } from './parser/ddl.ts';

// A module-local copy: property loads on it stay cheap under every module loader.
const TokenKind = { ...LexTokenKind };

const SUBSCRIBE_STOP: ReadonlySet<string> = new Set(['options']);

/**
 * The statement parser over one SQL text. Use {@link parse} / {@link parseStatement}
 * rather than this class directly.
 */
export class Parser extends DdlParser {
  constructor(src: string) {
    super(src, tokenize(src));
  }

  /** Parses the whole text as `;`-separated statements (empty statements skipped). */
  parseScript(): Statement[] {
    const out: Statement[] = [];
    for (;;) {
      while (this.acceptOp(';')) { /* skip empty statements */ }
      if (this.t.kind === TokenKind.Eof) return out;
      out.push(this.parseStatement());
      if (!this.atEof() && !this.isOp(';')) throw this.syntaxError();
    }
  }

  /** Parses exactly one statement, optionally followed by `;`. */
  parseSingle(): Statement {
    while (this.acceptOp(';')) { /* leading empty statements */ }
    if (this.t.kind === TokenKind.Eof) throw this.syntaxError();
    const s = this.parseStatement();
    while (this.acceptOp(';')) { /* trailing */ }
    if (!this.atEof()) throw this.syntaxError();
    return s;
  }

  private atEof(): boolean {
    return this.t.kind === TokenKind.Eof;
  }

  /** Parses a lone expression (the whole text). */
  parseSingleExpr(): Expr {
    const e = this.parseExpr();
    if (this.t.kind !== TokenKind.Eof) throw this.syntaxError();
    return e;
  }

  // ───────────── statements ─────────────

  /** One statement starting at the current token. */
  parseStatement(): Statement {
    const t = this.t;
    const pos = t.start;
    if (t.kind === TokenKind.Op && t.value === '(') {
      return { kind: 'query', pos, query: this.parseQuery() };
    }
    if (t.kind !== TokenKind.Ident) throw this.syntaxError();
    switch (t.value) {
      case 'select': case 'with': case 'values':
        return { kind: 'query', pos, query: this.parseQuery() };
      case 'insert': return this.parseInsert();
      case 'replace':
        throw this.errorAt(SqlState.FEATURE_NOT_SUPPORTED, 'REPLACE INTO is not supported', pos);
      case 'update': return this.parseUpdate();
      case 'delete': return this.parseDelete();
      case 'create': return this.parseCreate();
      case 'drop': return this.parseDrop();
      case 'alter': return this.parseAlter();
      case 'use': {
        this.next();
        if (this.isKw('namespace') && this.peek().kind !== TokenKind.Eof && !(this.peek().kind === TokenKind.Op && this.peek().value === ';')) this.next();
        return { kind: 'use_namespace', pos, name: this.parseNamespaceName() };
      }
      case 'show': {
        this.next();
        if (this.acceptKw('namespaces')) return { kind: 'show', pos, what: 'namespaces', namespace: null };
        if (this.acceptKw('users')) return { kind: 'show', pos, what: 'users', namespace: null };
        this.expectKw('tables');
        let namespace: string | null = null;
        if (this.acceptKw('in') || this.acceptKw('from')) namespace = this.parseNamespaceName();
        return { kind: 'show', pos, what: 'tables', namespace };
      }
      case 'describe': case 'desc': {
        this.next();
        if (this.isKw('table') && this.peek().kind !== TokenKind.Eof && !(this.peek().kind === TokenKind.Op && this.peek().value === ';')) this.next();
        return { kind: 'describe_table', pos, name: this.parseQualifiedName() };
      }
      case 'begin': case 'start': {
        this.next();
        if (t.value === 'start') this.expectKw('transaction');
        else if (!this.acceptKw('transaction')) this.acceptKw('work');
        return { kind: 'transaction', pos, action: 'begin' };
      }
      case 'commit': case 'end': {
        this.next();
        if (!this.acceptKw('transaction')) this.acceptKw('work');
        return { kind: 'transaction', pos, action: 'commit' };
      }
      case 'rollback': case 'abort': {
        this.next();
        if (!this.acceptKw('transaction')) this.acceptKw('work');
        return { kind: 'transaction', pos, action: 'rollback' };
      }
      case 'execute': {
        this.next();
        this.expectKw('as');
        this.expectKw('user');
        const user = this.parseUserName();
        this.expectOp('(');
        this.enter();
        const statement = this.parseStatement();
        this.depth--;
        this.acceptOp(';');
        this.expectOp(')');
        return { kind: 'execute_as', pos, user, statement };
      }
      case 'subscribe': {
        this.next();
        this.expectKw('to');
        const saved = this.stopWords;
        this.stopWords = SUBSCRIBE_STOP;
        const query = this.parseQuery();
        this.stopWords = saved;
        let options: TableOption[] = [];
        if (this.acceptKw('options')) options = this.parseOptions();
        return { kind: 'subscribe', pos, query, options };
      }
      case 'kill': {
        this.next();
        this.expectKw('live');
        this.expectKw('query');
        const id = this.t;
        if (id.kind !== TokenKind.String && id.kind !== TokenKind.Ident && id.kind !== TokenKind.QuotedIdent && id.kind !== TokenKind.Integer) throw this.syntaxError();
        this.next();
        return { kind: 'kill_live_query', pos, id: id.value };
      }
      case 'storage': {
        this.next();
        this.expectKw('flush');
        if (this.acceptKw('all')) {
          let namespace: string | null = null;
          if (this.acceptKw('in')) namespace = this.parseIdent();
          return { kind: 'storage_flush', pos, table: null, namespace };
        }
        this.expectKw('table');
        return { kind: 'storage_flush', pos, table: this.parseQualifiedName(), namespace: null };
      }
      case 'explain': {
        this.next();
        const analyze = this.acceptKw('analyze') || this.acceptKw('analyse');
        const verbose = this.acceptKw('verbose');
        this.enter();
        const statement = this.parseStatement();
        this.depth--;
        return { kind: 'explain', pos, analyze, verbose, statement };
      }
      case 'analyze': case 'analyse': {
        this.next();
        this.acceptKw('verbose');
        const table = this.atEof() || this.isOp(';') ? null : this.parseQualifiedName();
        return { kind: 'analyze', pos, table };
      }
      default:
        throw this.syntaxError();
    }
  }
}


/**
 * Parses a script of `;`-separated statements. Empty statements are skipped.
 *
 * @example
 * ```ts
 * parse('SELECT 1; SELECT 2;').length // 2
 * ```
 */
export function parse(sql: string): Statement[] {
  try {
    return new Parser(sql).parseScript();
  } catch (e) {
    throw toDbError(e);
  }
}

/**
 * Parses exactly one statement (a trailing `;` is allowed); anything else is `42601`.
 *
 * @example
 * ```ts
 * parseStatement('DROP TABLE IF EXISTS t').kind // 'drop_table'
 * ```
 */
export function parseStatement(sql: string): Statement {
  try {
    return new Parser(sql).parseSingle();
  } catch (e) {
    throw toDbError(e);
  }
}

/**
 * Parses a lone expression.
 *
 * @example
 * ```ts
 * parseExpression('1 + 2 * 3') // { kind: 'binary', op: '+', … }
 * ```
 */
export function parseExpression(sql: string): Expr {
  try {
    return new Parser(sql).parseSingleExpr();
  } catch (e) {
    throw toDbError(e);
  }
}

