/**
 * Data-changing statements: INSERT (column list, VALUES with DEFAULT, a query, DEFAULT VALUES,
 * ON CONFLICT), UPDATE (SET, FROM), DELETE (USING), each with RETURNING.
 */
import { SqlState } from '../../errors/sqlstate.ts';
import type {
  Assignment, DeleteStatement, Expr, FromItem, InsertStatement, OnConflict, Query, SelectItem, UpdateStatement,
} from '../ast.ts';
import { TokenKind as LexTokenKind } from '../lexer.ts';
import { QueryParser } from './queries.ts';

// A module-local copy: property loads on it stay cheap under every module loader.
const TokenKind = { ...LexTokenKind };

const UPDATE_STOP: ReadonlySet<string> = new Set(['set']);

/** The DML layer of the parser (see `token-cursor.ts` for the layers). */
export abstract class DmlParser extends QueryParser {
  protected parseInsert(): InsertStatement {
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

  protected parseUpdate(): UpdateStatement {
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

  protected parseDelete(): DeleteStatement {
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
}
