/**
 * Query expressions: `WITH [RECURSIVE]`, set operations (UNION / EXCEPT over INTERSECT),
 * SELECT (DISTINCT [ON], select list, WHERE, GROUP BY, HAVING, WINDOW), VALUES, and the tail
 * clauses ORDER BY, LIMIT, OFFSET, FETCH.
 */
import { SqlState } from '../../errors/sqlstate.ts';
import type { Cte, Expr, FromItem, OrderItem, Query, SelectItem, SelectQuery, ValuesQuery, WindowSpec, WithClause } from '../ast.ts';
import { TokenKind as LexTokenKind } from '../lexer.ts';
import { FromClauseParser } from './from-clause.ts';
import { MAX_DEPTH } from './token-cursor.ts';

// A module-local copy: property loads on it stay cheap under every module loader.
const TokenKind = { ...LexTokenKind };

/** Mutable view of the query tail, used while attaching ORDER BY / LIMIT / WITH. */
interface Tail {
  with: WithClause | null;
  orderBy: readonly OrderItem[];
  limit: Expr | null;
  offset: Expr | null;
}

/** The query layer of the parser (see `token-cursor.ts` for the layers). */
export abstract class QueryParser extends FromClauseParser {
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

  protected parseTail(q: Query, withClause: WithClause | null): Query {
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
      // long UNION chains are bound as balanced trees; EXCEPT chains nest
      if (this.isKw('except') && ++chain + this.depth > MAX_DEPTH) throw this.tooDeep();
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
    while (this.isKw('intersect')) {
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
  protected parseValues(allowDefault: boolean): ValuesQuery {
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
  protected parseSelectItems(): SelectItem[] {
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
}
