/**
 * Schema statements: CREATE / DROP / ALTER of tables (KalamDB's `USER`, `SHARED`, `STREAM`
 * table types, column definitions and constraints, `WITH (…)` options, `AS query`), indexes,
 * views and namespaces; CREATE and DROP USER hand over to `users.ts`.
 */
import { SqlState } from '../../errors/sqlstate.ts';
import type {
  AlterAction, AlterTableStatement, ColumnDef, CreateIndexStatement, CreateTableStatement, Expr, IndexColumn, Query,
  Statement, TableOption, TableType,
} from '../ast.ts';
import { TokenKind as LexTokenKind } from '../lexer.ts';
import { Prec } from './precedence.ts';
import { UserParser } from './users.ts';

// A module-local copy: property loads on it stay cheap under every module loader.
const TokenKind = { ...LexTokenKind };

/** The DDL layer of the parser (see `token-cursor.ts` for the layers). */
export abstract class DdlParser extends UserParser {
  private parseTableType(): TableType | null {
    const t = this.t;
    if (t.kind === TokenKind.Ident && (t.value === 'user' || t.value === 'shared' || t.value === 'stream') && this.isKwAt(1, 'table')) {
      this.next();
      return t.value;
    }
    return null;
  }

  protected parseCreate(): Statement {
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
  protected parseOptions(): TableOption[] {
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

  protected parseDrop(): Statement {
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

  protected parseAlter(): Statement {
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
}
