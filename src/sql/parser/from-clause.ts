/**
 * The FROM clause: comma lists, joins (`[NATURAL] INNER|LEFT|RIGHT|FULL|CROSS JOIN … ON|USING`),
 * tables and views with aliases, derived tables, `(VALUES …)`, `LATERAL`, and table
 * functions (`generate_series(1, 10) AS g(x)`).
 */
import type { Expr, FromItem, JoinType } from '../ast.ts';
import { TokenKind as LexTokenKind } from '../lexer.ts';
import { CallParser } from './function-calls.ts';
import { MAX_DEPTH } from './token-cursor.ts';

// A module-local copy: property loads on it stay cheap under every module loader.
const TokenKind = { ...LexTokenKind };

/** The FROM-clause layer of the parser (see `token-cursor.ts` for the layers). */
export abstract class FromClauseParser extends CallParser {
  /** FROM items joined by commas (comma joins become `cross` JoinRefs with `comma`). */
  protected parseFromList(): FromItem {
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
}
