/**
 * The recursive-descent statement parser. Builds the AST of `ast.ts` from SQL text; every
 * syntax error is a `DbError` with code `42601`, a 1-based `position`, `line`, `column` and
 * a caret `detail`, worded as PostgreSQL words it.
 *
 * Expressions are parsed by the Pratt parser in `expressions.ts`, the base class.
 */
import { toDbError } from '../errors/db-error.ts';
import { SqlState } from '../errors/sqlstate.ts';
import type {
  AlterAction, AlterTableStatement, AlterUserStatement, Assignment, ColumnDef, CreateIndexStatement,
  CreateTableStatement, CreateUserStatement, Cte, DeleteStatement, Expr, FromItem, IndexColumn,
  InsertStatement, JoinType, OnConflict, OrderItem, QualifiedName, Query, RoleName, SelectItem,
  SelectQuery, Statement, TableOption, TableType, UpdateStatement, ValuesQuery, WindowSpec, WithClause,
} from './ast.ts';
import { ExpressionParser, MAX_DEPTH, Prec, RESERVED } from './expressions.ts';
import { tokenize, TokenKind as LexTokenKind } from './lexer.ts';

// A module-local copy: property loads on it stay cheap under every module loader.
const TokenKind = { ...LexTokenKind };

const ROLES: ReadonlySet<string> = new Set(['user', 'service', 'dba', 'system']);
const SUBSCRIBE_STOP: ReadonlySet<string> = new Set(['options']);
const UPDATE_STOP: ReadonlySet<string> = new Set(['set']);

/** Mutable view of the query tail, used while attaching ORDER BY / LIMIT / WITH. */
interface Tail {
  with: WithClause | null;
  orderBy: readonly OrderItem[];
  limit: Expr | null;
  offset: Expr | null;
}

/**
 * The statement parser over one SQL text. Use {@link parse} / {@link parseStatement}
 * rather than this class directly.
 */
export class Parser extends ExpressionParser {
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
      default:
        throw this.syntaxError();
    }
  }

  /** `name` or `ns.name` (or three parts). */
  private parseQualifiedName(): QualifiedName {
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
  private parseNamespaceName(): string {
    if (this.isKw('default')) { this.next(); return 'default'; }
    return this.parseIdent();
  }

  /** A user name: `'name'`, an identifier or a quoted identifier. */
  private parseUserName(): string {
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

  private parseStringValue(): string {
    const t = this.t;
    if (t.kind !== TokenKind.String) throw this.syntaxError();
    this.next();
    return t.value;
  }

  // ───────────── queries ─────────────

  /** A query expression: [WITH] set operations of SELECT / VALUES / ( query ), then ORDER BY, LIMIT, OFFSET, FETCH. */
  parseQuery(): Query {
    this.enter(2);
    let withClause: WithClause | null = null;
    if (this.isKw('with')) withClause = this.parseWith();
    let q = this.parseUnion();
    q = this.parseTail(q, withClause);
    this.depth -= 2;
    return q;
  }

  private parseTail(q: Query, withClause: WithClause | null): Query {
    let orderBy: OrderItem[] | null = null;
    let limit: Expr | null = null;
    let offset: Expr | null = null;
    let hasLimit = false;
    let hasOffset = false;
    if (this.isKw('order')) {
      this.next();
      this.expectKw('by');
      orderBy = this.parseOrderList();
    }
    for (;;) {
      if (this.isKw('limit')) {
        const lt = this.next();
        if (hasLimit) throw this.errorAt(SqlState.SYNTAX_ERROR, 'multiple LIMIT clauses not allowed', lt.start);
        hasLimit = true;
        if (this.acceptKw('all')) limit = null;
        else limit = this.parseExpr();
        if (this.isOp(',')) {
          const e = this.errorAt(SqlState.SYNTAX_ERROR, 'LIMIT #,# syntax is not supported', lt.start);
          e.hint = 'Use separate LIMIT and OFFSET clauses.';
          throw e;
        }
        continue;
      }
      if (this.isKw('offset')) {
        const ot = this.next();
        if (hasOffset) throw this.errorAt(SqlState.SYNTAX_ERROR, 'multiple OFFSET clauses not allowed', ot.start);
        hasOffset = true;
        offset = this.parseExpr();
        if (!this.acceptKw('rows')) this.acceptKw('row');
        continue;
      }
      if (this.isKw('fetch')) {
        const ft = this.next();
        if (hasLimit) throw this.errorAt(SqlState.SYNTAX_ERROR, 'multiple LIMIT clauses not allowed', ft.start);
        hasLimit = true;
        if (!this.acceptKw('first')) this.expectKw('next');
        if (this.isKw('rows') || this.isKw('row')) limit = { kind: 'literal', pos: this.t.start, type: 'integer', value: 1 };
        else limit = this.parseExpr(7);
        if (!this.acceptKw('rows')) this.expectKw('row');
        if (this.isKw('with')) throw this.errorAt(SqlState.FEATURE_NOT_SUPPORTED, 'FETCH … WITH TIES is not supported', this.t.start);
        this.expectKw('only');
        continue;
      }
      break;
    }
    if (withClause === null && orderBy === null && !hasLimit && !hasOffset) return q;
    const tail: Tail = { with: q.with, orderBy: q.orderBy, limit: q.limit, offset: q.offset };
    if (withClause !== null) {
      if (tail.with !== null) throw this.errorAt(SqlState.SYNTAX_ERROR, 'multiple WITH clauses not allowed', q.pos);
      tail.with = withClause;
    }
    if (orderBy !== null) {
      if (tail.orderBy.length > 0) throw this.errorAt(SqlState.SYNTAX_ERROR, 'multiple ORDER BY clauses not allowed', q.pos);
      tail.orderBy = orderBy;
    }
    if (hasLimit) {
      if (tail.limit !== null) throw this.errorAt(SqlState.SYNTAX_ERROR, 'multiple LIMIT clauses not allowed', q.pos);
      tail.limit = limit;
    }
    if (hasOffset) {
      if (tail.offset !== null) throw this.errorAt(SqlState.SYNTAX_ERROR, 'multiple OFFSET clauses not allowed', q.pos);
      tail.offset = offset;
    }
    return { ...q, ...tail };
  }

  private parseWith(): WithClause {
    this.next(); // WITH
    const recursive = this.acceptKw('recursive');
    const ctes: Cte[] = [];
    do {
      const pos = this.t.start;
      const name = this.parseIdent();
      let columns: string[] = [];
      if (this.isOp('(')) columns = this.parseParenIdentList();
      this.expectKw('as');
      if (this.acceptKw('not')) this.expectKw('materialized');
      else this.acceptKw('materialized');
      this.expectOp('(');
      const query = this.parseQuery();
      this.expectOp(')');
      ctes.push({ name, columns, query, pos });
    } while (this.acceptOp(','));
    return { recursive, ctes };
  }

  /** UNION / EXCEPT level (left-associative). */
  private parseUnion(): Query {
    let left = this.parseIntersect();
    let chain = 0;
    while (this.isKw('union') || this.isKw('except')) {
      if (++chain + this.depth > MAX_DEPTH) throw this.tooDeep();
      const op = this.next().value as 'union' | 'except';
      let all = false;
      if (this.acceptKw('all')) all = true;
      else this.acceptKw('distinct');
      const right = this.parseIntersect();
      left = { kind: 'set_op', pos: left.pos, op, all, left, right, with: null, orderBy: [], limit: null, offset: null };
    }
    return left;
  }

  /** INTERSECT level (binds tighter than UNION / EXCEPT). */
  private parseIntersect(): Query {
    let left = this.parseQueryPrimary();
    let chain = 0;
    while (this.isKw('intersect')) {
      if (++chain + this.depth > MAX_DEPTH) throw this.tooDeep();
      this.next();
      let all = false;
      if (this.acceptKw('all')) all = true;
      else this.acceptKw('distinct');
      const right = this.parseQueryPrimary();
      left = { kind: 'set_op', pos: left.pos, op: 'intersect', all, left, right, with: null, orderBy: [], limit: null, offset: null };
    }
    return left;
  }

  private parseQueryPrimary(): Query {
    if (this.isOp('(')) {
      this.next();
      const q = this.parseQuery();
      this.expectOp(')');
      return q;
    }
    if (this.isKw('select')) return this.parseSelect();
    if (this.isKw('values')) return this.parseValues(false);
    throw this.syntaxError();
  }

  /** `VALUES (…), (…)`; `allowDefault` lets a bare DEFAULT stand for a column default (null). */
  private parseValues(allowDefault: boolean): ValuesQuery {
    const pos = this.next().start;
    const rows: Expr[][] = [];
    let width = -1;
    do {
      const rowTok = this.expectOp('(');
      const row: Expr[] = [];
      do {
        if (allowDefault && this.isKw('default')) {
          const n = this.peek();
          if (n.kind === TokenKind.Op && (n.value === ',' || n.value === ')')) {
            this.next();
            row.push(null as unknown as Expr); // DEFAULT (documented in ast.ts InsertStatement.source)
            continue;
          }
        }
        row.push(this.parseExpr());
      } while (this.acceptOp(','));
      this.expectOp(')');
      if (width === -1) width = row.length;
      else if (row.length !== width) {
        throw this.errorAt(SqlState.SYNTAX_ERROR, 'VALUES lists must all be the same length', rowTok.start);
      }
      rows.push(row);
    } while (this.acceptOp(','));
    return { kind: 'values', pos, rows, with: null, orderBy: [], limit: null, offset: null };
  }

  private parseSelect(): SelectQuery {
    const pos = this.next().start;
    let distinct = false;
    let distinctOn: Expr[] = [];
    if (this.acceptKw('distinct')) {
      distinct = true;
      if (this.acceptKw('on')) {
        this.expectOp('(');
        distinctOn = this.parseExprList();
        this.expectOp(')');
      }
    } else this.acceptKw('all');
    const items = this.isSelectListEnd() ? [] : this.parseSelectItems();
    let from: FromItem[] = [];
    if (this.acceptKw('from')) from = [this.parseFromList()];
    let where: Expr | null = null;
    if (this.acceptKw('where')) where = this.parseExpr();
    let groupBy: Expr[] = [];
    if (this.isKw('group')) {
      this.next();
      this.expectKw('by');
      this.acceptKw('all');
      groupBy = this.parseExprList();
    }
    let having: Expr | null = null;
    if (this.acceptKw('having')) having = this.parseExpr();
    const windows: { name: string; spec: WindowSpec }[] = [];
    if (this.acceptKw('window')) {
      do {
        const name = this.parseIdent();
        this.expectKw('as');
        windows.push({ name, spec: this.parseWindowSpec() });
      } while (this.acceptOp(','));
    }
    return {
      kind: 'select', pos, distinct, distinctOn, items, from, where, groupBy, having, windows,
      with: null, orderBy: [], limit: null, offset: null,
    };
  }

  private isSelectListEnd(): boolean {
    const t = this.t;
    if (t.kind === TokenKind.Eof) return true;
    if (t.kind === TokenKind.Op) return t.value === ';' || t.value === ')';
    if (t.kind !== TokenKind.Ident) return false;
    switch (t.value) {
      case 'from': case 'where': case 'group': case 'having': case 'window': case 'union': case 'intersect':
      case 'except': case 'order': case 'limit': case 'offset': case 'fetch':
        return true;
      default:
        return false;
    }
  }

  /** Select-list / RETURNING items. */
  private parseSelectItems(): SelectItem[] {
    const items: SelectItem[] = [];
    do {
      const pos = this.t.start;
      const expr = this.parseExpr();
      let alias: string | null = null;
      if (expr.kind === 'star' && expr.table.length === 0) {
        // a bare `*` takes no alias (as in PostgreSQL): `SELECT * FORM t` fails at FORM
      } else if (this.acceptKw('as')) {
        alias = this.t.kind === TokenKind.String ? this.next().value : this.parseLabel();
      } else if (this.isBareAlias()) {
        alias = this.next().value;
      }
      items.push({ expr, alias, pos });
    } while (this.acceptOp(','));
    return items;
  }

  /** FROM items joined by commas (comma joins become `cross` JoinRefs with `comma`). */
  private parseFromList(): FromItem {
    let left = this.parseJoined();
    let chain = 0;
    while (this.isOp(',')) {
      if (++chain + this.depth > MAX_DEPTH) throw this.tooDeep();
      this.next();
      const right = this.parseJoined();
      left = { kind: 'join_ref', pos: left.pos, joinType: 'cross', left, right, on: null, using: null, natural: false, comma: true };
    }
    return left;
  }

  private parseJoined(): FromItem {
    let left = this.parseTablePrimary();
    for (let chain = 1; ; chain++) {
      if (chain + this.depth > MAX_DEPTH) throw this.tooDeep();
      const t = this.t;
      if (t.kind !== TokenKind.Ident) return left;
      let natural = false;
      let joinType: JoinType;
      switch (t.value) {
        case 'natural': case 'join': case 'inner': case 'left': case 'right': case 'full': case 'cross':
          break;
        default:
          return left;
      }
      if (this.acceptKw('natural')) natural = true;
      if (this.acceptKw('join')) joinType = 'inner';
      else if (this.acceptKw('inner')) { joinType = 'inner'; this.expectKw('join'); }
      else if (this.acceptKw('cross')) { joinType = 'cross'; this.expectKw('join'); }
      else if (this.isKw('left') || this.isKw('right') || this.isKw('full')) {
        joinType = this.next().value as JoinType;
        this.acceptKw('outer');
        this.expectKw('join');
      } else throw this.syntaxError();
      const right = this.parseTablePrimary();
      let on: Expr | null = null;
      let using: string[] | null = null;
      if (joinType !== 'cross' && !natural) {
        if (this.acceptKw('on')) on = this.parseExpr();
        else if (this.acceptKw('using')) using = this.parseParenIdentList();
        else throw this.syntaxError();
      }
      left = { kind: 'join_ref', pos: left.pos, joinType, left, right, on, using, natural, comma: false };
    }
  }

  private parseTablePrimary(): FromItem {
    this.enter();
    const item = this.parseTablePrimaryInner();
    this.depth--;
    return item;
  }

  private parseTablePrimaryInner(): FromItem {
    const pos = this.t.start;
    const lateral = this.acceptKw('lateral');
    if (this.isOp('(')) {
      // derived table, or a parenthesised join
      let k = 1;
      while (this.peek(k).kind === TokenKind.Op && this.peek(k).value === '(') k++;
      if (this.isQueryStart(this.peek(k))) {
        this.next();
        const query = this.parseQuery();
        this.expectOp(')');
        const { alias, columnAliases } = this.parseAlias();
        if (query.kind === 'values' && !lateral) {
          return { kind: 'values_ref', pos, values: query, alias, columnAliases };
        }
        return { kind: 'subquery_ref', pos, query, alias, columnAliases, lateral };
      }
      if (lateral) throw this.syntaxError();
      this.next();
      const inner = this.parseFromList();
      this.expectOp(')');
      return inner;
    }
    const name = this.parseQualifiedName();
    if (this.isOp('(')) {
      // table function: generate_series(1, 10)
      this.i--; // re-read the last name part as a call
      this.t = this.toks[this.i]!;
      const func = this.parseExpr(12);
      if (func.kind !== 'func') throw this.syntaxError();
      const { alias, columnAliases } = this.parseAlias();
      return { kind: 'function_ref', pos, func: { ...func, pos }, alias, columnAliases };
    }
    if (lateral) throw this.syntaxError();
    const { alias, columnAliases } = this.parseAlias();
    // SQLite's `INDEXED BY i` / `NOT INDEXED` hints: accepted and ignored
    if (this.isKw('indexed') && this.isKwAt(1, 'by')) {
      this.next(); this.next(); this.parseIdent();
    } else if (this.isKw('not') && this.isKwAt(1, 'indexed')) {
      this.next(); this.next();
    }
    return { kind: 'table_ref', pos, name, alias, columnAliases };
  }

  /** `[AS] alias [(c1, c2)]`. */
  private parseAlias(): { alias: string | null; columnAliases: string[] } {
    let alias: string | null = null;
    if (this.acceptKw('as')) alias = this.parseIdent();
    else if (this.isBareAlias()) alias = this.next().value;
    let columnAliases: string[] = [];
    if (alias !== null && this.isOp('(')) columnAliases = this.parseParenIdentList();
    return { alias, columnAliases };
  }

  // ───────────── DML ─────────────

  private parseInsert(): InsertStatement {
    const pos = this.next().start;
    if (this.isKw('or')) throw this.errorAt(SqlState.FEATURE_NOT_SUPPORTED, `INSERT OR ${this.peek().value.toUpperCase()} is not supported`, this.t.start);
    this.expectKw('into');
    const table = this.parseQualifiedName();
    let alias: string | null = null;
    if (this.acceptKw('as')) alias = this.parseIdent();
    let columns: string[] = [];
    if (this.isOp('(') && !this.isQueryStart(this.peek())) columns = this.parseParenIdentList();
    let source: Query | null;
    if (this.isKw('default')) {
      this.next();
      this.expectKw('values');
      source = null;
    } else if (this.isKw('values')) {
      source = this.parseTail(this.parseValues(true), null);
    } else if (this.isKw('select') || this.isKw('with') || this.isOp('(')) {
      source = this.parseQuery();
    } else throw this.syntaxError();
    let onConflict: OnConflict | null = null;
    if (this.isKw('on')) {
      this.next();
      this.expectKw('conflict');
      let cols: string[] = [];
      if (this.isOp('(')) cols = this.parseParenIdentList();
      else if (this.isKw('on')) throw this.errorAt(SqlState.FEATURE_NOT_SUPPORTED, 'ON CONFLICT ON CONSTRAINT is not supported', this.t.start);
      this.expectKw('do');
      if (this.acceptKw('nothing')) {
        onConflict = { columns: cols, action: 'nothing', set: [], where: null };
      } else {
        this.expectKw('update');
        this.expectKw('set');
        const set = this.parseAssignments();
        let where: Expr | null = null;
        if (this.acceptKw('where')) where = this.parseExpr();
        onConflict = { columns: cols, action: 'update', set, where };
      }
    }
    const returning = this.parseReturning();
    return { kind: 'insert', pos, table, alias, columns, source, onConflict, returning };
  }

  private parseReturning(): SelectItem[] {
    if (!this.acceptKw('returning')) return [];
    return this.parseSelectItems();
  }

  private parseAssignments(): Assignment[] {
    const out: Assignment[] = [];
    do {
      const pos = this.t.start;
      if (this.isOp('(')) throw this.errorAt(SqlState.FEATURE_NOT_SUPPORTED, 'multiple-column UPDATE SET is not supported', pos);
      let column = this.parseIdent();
      // tolerate a qualifier `t.col` (SQLite/MySQL); PostgreSQL would reject it
      if (this.isOp('.')) { this.next(); column = this.parseLabel(); }
      this.expectOp('=');
      let value: Expr | null;
      if (this.isKw('default')) {
        const n = this.peek();
        if (n.kind === TokenKind.Eof || (n.kind === TokenKind.Op && (n.value === ',' || n.value === ';' || n.value === ')'))
          || (n.kind === TokenKind.Ident && (n.value === 'where' || n.value === 'from' || n.value === 'returning'))) {
          this.next();
          value = null;
        } else value = this.parseExpr();
      } else value = this.parseExpr();
      out.push({ column, value, pos });
    } while (this.acceptOp(','));
    return out;
  }

  private parseUpdate(): UpdateStatement {
    const pos = this.next().start;
    this.acceptKw('only');
    const table = this.parseQualifiedName();
    let alias: string | null = null;
    if (this.acceptKw('as')) alias = this.parseIdent();
    else {
      const saved = this.stopWords;
      this.stopWords = UPDATE_STOP;
      if (this.isBareAlias()) alias = this.next().value;
      this.stopWords = saved;
    }
    this.expectKw('set');
    const set = this.parseAssignments();
    let from: FromItem[] = [];
    if (this.acceptKw('from')) from = [this.parseFromList()];
    let where: Expr | null = null;
    if (this.acceptKw('where')) where = this.parseExpr();
    const returning = this.parseReturning();
    return { kind: 'update', pos, table, alias, set, from, where, returning };
  }

  private parseDelete(): DeleteStatement {
    const pos = this.next().start;
    this.expectKw('from');
    this.acceptKw('only');
    const table = this.parseQualifiedName();
    let alias: string | null = null;
    if (this.acceptKw('as')) alias = this.parseIdent();
    else if (this.isBareAlias()) alias = this.next().value;
    let using: FromItem[] = [];
    if (this.acceptKw('using')) using = [this.parseFromList()];
    let where: Expr | null = null;
    if (this.acceptKw('where')) where = this.parseExpr();
    const returning = this.parseReturning();
    return { kind: 'delete', pos, table, alias, using, where, returning };
  }

  // ───────────── DDL ─────────────

  private parseIfNotExists(): boolean {
    if (this.isKw('if') && this.isKwAt(1, 'not') && this.isKwAt(2, 'exists')) {
      this.next(); this.next(); this.next();
      return true;
    }
    return false;
  }

  private parseIfExists(): boolean {
    if (this.isKw('if') && this.isKwAt(1, 'exists')) {
      this.next(); this.next();
      return true;
    }
    return false;
  }

  private parseTableType(): TableType | null {
    const t = this.t;
    if (t.kind === TokenKind.Ident && (t.value === 'user' || t.value === 'shared' || t.value === 'stream') && this.isKwAt(1, 'table')) {
      this.next();
      return t.value;
    }
    return null;
  }

  private parseCreate(): Statement {
    const pos = this.next().start;
    if (this.isKw('user') && !this.isKwAt(1, 'table')) return this.parseCreateUser(pos);
    const tableType = this.parseTableType();
    if (tableType !== null || this.isKw('table')) {
      this.expectKw('table');
      return this.parseCreateTable(pos, tableType);
    }
    if (this.isKw('temp') || this.isKw('temporary')) {
      throw this.errorAt(SqlState.FEATURE_NOT_SUPPORTED, 'temporary tables and views are not supported', this.t.start);
    }
    if (this.isKw('unique') || this.isKw('index')) return this.parseCreateIndex(pos);
    let orReplace = false;
    if (this.isKw('or')) {
      this.next();
      this.expectKw('replace');
      orReplace = true;
    }
    if (this.acceptKw('view')) {
      const ifNotExists = this.parseIfNotExists();
      const name = this.parseQualifiedName();
      let columns: string[] = [];
      if (this.isOp('(')) columns = this.parseParenIdentList();
      this.expectKw('as');
      const qStart = this.t.start;
      const query = this.parseQuery();
      const queryText = this.src.slice(qStart, this.prevEnd());
      return { kind: 'create_view', pos, orReplace, ifNotExists, name, columns, query, queryText };
    }
    if (orReplace) throw this.syntaxError();
    if (this.acceptKw('namespace') || this.acceptKw('schema')) {
      const ifNotExists = this.parseIfNotExists();
      return { kind: 'create_namespace', pos, ifNotExists, name: this.parseIdent() };
    }
    throw this.syntaxError();
  }

  private parseCreateTable(pos: number, tableType: TableType | null): CreateTableStatement {
    const ifNotExists = this.parseIfNotExists();
    const name = this.parseQualifiedName();
    const columns: ColumnDef[] = [];
    let primaryKey: string[] = [];
    const uniques: string[][] = [];
    let options: TableOption[] = [];
    let asQuery: Query | null = null;
    const hadParen = this.isOp('(');
    if (hadParen && this.peek().kind === TokenKind.Op && this.peek().value === ')') {
      this.next(); // zero-column table, as PostgreSQL allows
      this.next();
    } else if (hadParen) {
      this.next();
      do {
        if (this.isKw('constraint')) {
          this.next();
          this.parseIdent();
        }
        if (this.isKw('primary')) {
          const pk = this.next();
          this.expectKw('key');
          if (primaryKey.length > 0 || columns.some((c) => c.primaryKey)) {
            throw this.errorAt(SqlState.INVALID_TABLE_DEFINITION, `multiple primary keys for table "${name.parts[name.parts.length - 1]}" are not allowed`, pk.start);
          }
          primaryKey = this.parseParenIdentList();
        } else if (this.isKw('unique')) {
          this.next();
          uniques.push(this.parseParenIdentList());
        } else if (this.isKw('check') || this.isKw('foreign')) {
          throw this.errorAt(SqlState.FEATURE_NOT_SUPPORTED, `${this.t.value.toUpperCase()} constraints are not supported`, this.t.start);
        } else {
          const col = this.parseColumnDef();
          if (col.primaryKey && (primaryKey.length > 0 || columns.some((c) => c.primaryKey))) {
            throw this.errorAt(SqlState.INVALID_TABLE_DEFINITION, `multiple primary keys for table "${name.parts[name.parts.length - 1]}" are not allowed`, col.pos);
          }
          columns.push(col);
        }
      } while (this.acceptOp(','));
      this.expectOp(')');
    }
    if (this.isKw('with') && this.peek().kind === TokenKind.Op && this.peek().value === '(') {
      this.next();
      options = this.parseOptions();
    }
    if (this.acceptKw('as')) {
      if (columns.length > 0 || primaryKey.length > 0 || uniques.length > 0) throw this.errorAt(SqlState.FEATURE_NOT_SUPPORTED, 'column definitions with CREATE TABLE … AS are not supported', pos);
      asQuery = this.parseQuery();
    } else if (!hadParen) {
      throw this.syntaxError();
    }
    return { kind: 'create_table', pos, tableType, ifNotExists, name, columns, primaryKey, uniques, options, asQuery };
  }

  /** `( key = value, … )`; the current token is `(`. */
  private parseOptions(): TableOption[] {
    this.expectOp('(');
    const out: TableOption[] = [];
    do {
      const pos = this.t.start;
      const key = this.parseLabel().toLowerCase();
      this.expectOp('=');
      const t = this.t;
      let value: string | number | boolean;
      let neg = false;
      if (t.kind === TokenKind.Op && t.value === '-') { this.next(); neg = true; }
      const v = this.t;
      if (v.kind === TokenKind.String) value = v.value;
      else if (v.kind === TokenKind.Integer || v.kind === TokenKind.Decimal) value = neg ? -Number(v.value) : Number(v.value);
      else if (v.kind === TokenKind.Ident && (v.value === 'true' || v.value === 'false')) value = v.value === 'true';
      else if (v.kind === TokenKind.Ident || v.kind === TokenKind.QuotedIdent) value = v.value;
      else throw this.syntaxError();
      if (neg && typeof value !== 'number') throw this.syntaxError(t);
      this.next();
      out.push({ key, value, pos });
    } while (this.acceptOp(','));
    this.expectOp(')');
    return out;
  }

  /** `name type [NOT NULL | NULL | DEFAULT e | PRIMARY KEY | UNIQUE]…`. */
  private parseColumnDef(): ColumnDef {
    const pos = this.t.start;
    const name = this.parseIdent();
    const type = this.parseTypeName(false);
    let notNull = false;
    let nullable = false;
    let defaultExpr: Expr | null = null;
    let primaryKey = false;
    let unique = false;
    for (;;) {
      if (this.isKw('constraint')) { this.next(); this.parseIdent(); continue; }
      if (this.isKw('not') && this.isKwAt(1, 'null')) { this.next(); this.next(); notNull = true; continue; }
      if (this.acceptKw('null')) { nullable = true; continue; }
      if (this.acceptKw('default')) { defaultExpr = this.parseExpr(Prec.Compare); continue; }
      if (this.isKw('primary')) { this.next(); this.expectKw('key'); primaryKey = true; this.acceptKw('asc') || this.acceptKw('desc'); continue; }
      if (this.acceptKw('unique')) { unique = true; continue; }
      if (this.isKw('check') || this.isKw('references') || this.isKw('collate') || this.isKw('generated')) {
        throw this.errorAt(SqlState.FEATURE_NOT_SUPPORTED, `${this.t.value.toUpperCase()} in a column definition is not supported`, this.t.start);
      }
      break;
    }
    if (notNull && nullable) {
      throw this.errorAt(SqlState.SYNTAX_ERROR, `conflicting NULL/NOT NULL declarations for column "${name}"`, pos);
    }
    return { name, type, notNull, nullable, defaultExpr, primaryKey, unique, pos };
  }

  private parseCreateIndex(pos: number): CreateIndexStatement {
    const unique = this.acceptKw('unique');
    this.expectKw('index');
    this.acceptKw('concurrently');
    const ifNotExists = this.parseIfNotExists();
    let name: string | null = null;
    if (!this.isKw('on')) name = this.parseIdent();
    this.expectKw('on');
    this.acceptKw('only');
    const table = this.parseQualifiedName();
    let method: string | null = null;
    if (this.acceptKw('using')) method = this.parseLabel().toLowerCase();
    this.expectOp('(');
    const columns: IndexColumn[] = [];
    do {
      const colName = this.parseIdent();
      let desc = false;
      if (this.acceptKw('desc')) desc = true;
      else this.acceptKw('asc');
      columns.push({ name: colName, desc });
    } while (this.acceptOp(','));
    this.expectOp(')');
    return { kind: 'create_index', pos, unique, ifNotExists, name, table, columns, method };
  }

  private parseDrop(): Statement {
    const pos = this.next().start;
    if (this.isKw('user') && !this.isKwAt(1, 'table')) {
      this.next();
      const ifExists = this.parseIfExists();
      return { kind: 'drop_user', pos, ifExists, name: this.parseUserName() };
    }
    const tableType = this.parseTableType();
    if (tableType !== null || this.isKw('table')) {
      this.expectKw('table');
      const ifExists = this.parseIfExists();
      const names = [this.parseQualifiedName()];
      while (this.acceptOp(',')) names.push(this.parseQualifiedName());
      const cascade = this.acceptKw('cascade');
      if (!cascade) this.acceptKw('restrict');
      return { kind: 'drop_table', pos, tableType, ifExists, names, cascade };
    }
    if (this.acceptKw('index')) {
      this.acceptKw('concurrently');
      const ifExists = this.parseIfExists();
      const name = this.parseQualifiedName();
      if (this.isOp(',')) throw this.errorAt(SqlState.FEATURE_NOT_SUPPORTED, 'dropping several indexes at once is not supported', this.t.start);
      if (!this.acceptKw('cascade')) this.acceptKw('restrict');
      return { kind: 'drop_index', pos, ifExists, name };
    }
    if (this.acceptKw('view')) {
      const ifExists = this.parseIfExists();
      const names = [this.parseQualifiedName()];
      while (this.acceptOp(',')) names.push(this.parseQualifiedName());
      if (!this.acceptKw('cascade')) this.acceptKw('restrict');
      return { kind: 'drop_view', pos, ifExists, names };
    }
    if (this.acceptKw('namespace') || this.acceptKw('schema')) {
      const ifExists = this.parseIfExists();
      const name = this.parseIdent();
      const cascade = this.acceptKw('cascade');
      if (!cascade) this.acceptKw('restrict');
      return { kind: 'drop_namespace', pos, ifExists, name, cascade };
    }
    throw this.syntaxError();
  }

  private parseAlter(): Statement {
    const pos = this.next().start;
    if (this.acceptKw('user')) return this.parseAlterUser(pos);
    this.expectKw('table');
    const ifExists = this.parseIfExists();
    this.acceptKw('only');
    const name = this.parseQualifiedName();
    const action = this.parseAlterAction();
    if (this.isOp(',')) throw this.errorAt(SqlState.FEATURE_NOT_SUPPORTED, 'several ALTER TABLE actions in one statement are not supported', this.t.start);
    const stmt: AlterTableStatement = { kind: 'alter_table', pos, name, ifExists, action };
    return stmt;
  }

  private parseAlterAction(): AlterAction {
    const t = this.t;
    if (t.kind !== TokenKind.Ident) throw this.syntaxError();
    switch (t.value) {
      case 'add': {
        this.next();
        this.acceptKw('column');
        const ifNotExists = this.parseIfNotExists();
        if (this.isKw('primary') || this.isKw('unique') || this.isKw('constraint')) {
          throw this.errorAt(SqlState.FEATURE_NOT_SUPPORTED, 'adding table constraints is not supported', this.t.start);
        }
        return { kind: 'add_column', column: this.parseColumnDef(), ifNotExists };
      }
      case 'drop': {
        this.next();
        this.acceptKw('column');
        const ifExists = this.parseIfExists();
        const column = this.parseIdent();
        if (!this.acceptKw('cascade')) this.acceptKw('restrict');
        return { kind: 'drop_column', column, ifExists };
      }
      case 'rename': {
        this.next();
        if (this.acceptKw('to')) return { kind: 'rename_table', to: this.parseIdent() };
        this.acceptKw('column');
        const from = this.parseIdent();
        this.expectKw('to');
        return { kind: 'rename_column', from, to: this.parseIdent() };
      }
      case 'modify': {
        this.next();
        this.acceptKw('column');
        const column = this.parseIdent();
        return { kind: 'modify_column', column, type: this.parseTypeName(false) };
      }
      case 'alter': {
        this.next();
        this.acceptKw('column');
        const column = this.parseIdent();
        if (this.acceptKw('type')) return { kind: 'modify_column', column, type: this.parseTypeName(false) };
        if (this.acceptKw('set')) {
          if (this.isKw('data')) { this.next(); this.expectKw('type'); return { kind: 'modify_column', column, type: this.parseTypeName(false) }; }
          if (this.acceptKw('default')) return { kind: 'set_default', column, value: this.parseExpr() };
          this.expectKw('not');
          this.expectKw('null');
          return { kind: 'set_not_null', column };
        }
        this.expectKw('drop');
        if (this.acceptKw('default')) return { kind: 'drop_default', column };
        this.expectKw('not');
        this.expectKw('null');
        return { kind: 'drop_not_null', column };
      }
      case 'set': {
        this.next();
        if (this.acceptKw('access')) this.expectKw('level');
        else this.expectKw('access_level');
        this.acceptOp('=');
        const v = this.t;
        if (v.kind === TokenKind.String || v.kind === TokenKind.Ident || v.kind === TokenKind.QuotedIdent) {
          this.next();
          return { kind: 'set_access_level', level: v.value.toLowerCase() };
        }
        throw this.syntaxError();
      }
      default:
        throw this.syntaxError();
    }
  }

  private parseRole(): RoleName {
    const t = this.t;
    if (t.kind !== TokenKind.String && t.kind !== TokenKind.Ident && t.kind !== TokenKind.QuotedIdent) throw this.syntaxError();
    this.next();
    const v = t.value.toLowerCase();
    if (!ROLES.has(v)) {
      const e = this.errorAt(SqlState.INVALID_PARAMETER_VALUE, `invalid role "${t.value}"`, t.start);
      e.hint = 'Valid roles are user, service, dba and system.';
      throw e;
    }
    return v as RoleName;
  }

  private parseCreateUser(pos: number): CreateUserStatement {
    this.next(); // USER
    const ifNotExists = this.parseIfNotExists();
    const name = this.parseUserName();
    let password: string | null = null;
    let role: RoleName | null = null;
    let email: string | null = null;
    this.acceptKw('with');
    for (;;) {
      const t = this.t;
      if (this.acceptKw('password')) {
        if (password !== null) throw this.errorAt(SqlState.SYNTAX_ERROR, 'conflicting or redundant options', t.start);
        password = this.parseStringValue();
      } else if (this.acceptKw('role')) {
        if (role !== null) throw this.errorAt(SqlState.SYNTAX_ERROR, 'conflicting or redundant options', t.start);
        role = this.parseRole();
      } else if (this.acceptKw('email')) {
        if (email !== null) throw this.errorAt(SqlState.SYNTAX_ERROR, 'conflicting or redundant options', t.start);
        email = this.parseStringValue();
      } else break;
    }
    return { kind: 'create_user', pos, ifNotExists, name, password, role, email };
  }

  private parseAlterUser(pos: number): AlterUserStatement {
    const name = this.parseUserName();
    this.expectKw('set');
    if (this.acceptKw('password')) return { kind: 'alter_user', pos, name, action: { kind: 'password', value: this.parseStringValue() } };
    if (this.acceptKw('role')) return { kind: 'alter_user', pos, name, action: { kind: 'role', value: this.parseRole() } };
    this.expectKw('email');
    return { kind: 'alter_user', pos, name, action: { kind: 'email', value: this.parseStringValue() } };
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

