/**
 * Function calls: argument lists (`DISTINCT`, `*`, `ORDER BY` inside), the special argument
 * syntaxes of `EXTRACT(f FROM x)`, `POSITION(a IN b)`, `SUBSTRING(x FROM i FOR n)` and
 * `TRIM([BOTH|LEADING|TRAILING] c FROM x)`, and the `FILTER (WHERE …)` / `OVER …` suffixes.
 */
import { SqlState } from '../../errors/sqlstate.ts';
import type { Expr, FuncCallExpr, OrderItem, WindowSpec } from '../ast.ts';
import { TokenKind as LexTokenKind } from '../lexer.ts';
import { Prec } from './precedence.ts';
import { WindowSpecParser } from './window-spec.ts';

// A module-local copy: property loads on it stay cheap under every module loader.
const TokenKind = { ...LexTokenKind };

/** The function-call layer of the parser (see `token-cursor.ts` for the layers). */
export abstract class CallParser extends WindowSpecParser {
  /** The argument list and suffixes of a call; the current token is `(`. */
  protected parseCall(pos: number, name: string): Expr {
    this.enter();
    const e = this.parseCallInner(pos, name);
    this.depth--;
    return e;
  }

  private parseCallInner(pos: number, name: string): Expr {
    this.next(); // (
    // special argument syntaxes
    switch (name) {
      case 'extract': {
        const f = this.t;
        if ((f.kind === TokenKind.Ident || f.kind === TokenKind.String || f.kind === TokenKind.QuotedIdent) && this.isKwAt(1, 'from')) {
          this.next();
          this.next();
          const x = this.parseExpr();
          this.expectOp(')');
          const field: Expr = { kind: 'literal', pos: f.start, type: 'string', value: f.value.toLowerCase() };
          return this.funcSuffix(pos, name, [field, x], false, false, []);
        }
        break;
      }
      case 'position': {
        if (this.isOp(')')) break;
        const save = this.i;
        const a = this.parseExpr(Prec.Other);
        if (this.acceptKw('in')) {
          const b = this.parseExpr();
          this.expectOp(')');
          return this.funcSuffix(pos, name, [a, b], false, false, []);
        }
        this.i = save;
        this.t = this.toks[save]!;
        break;
      }
      case 'substring': case 'substr': {
        if (this.isOp(')')) break;
        const x = this.parseExpr();
        if (this.isKw('from') || this.isKw('for')) {
          let from: Expr = { kind: 'literal', pos: x.pos, type: 'integer', value: 1 };
          let len: Expr | null = null;
          if (this.acceptKw('from')) from = this.parseExpr();
          if (this.acceptKw('for')) len = this.parseExpr();
          this.expectOp(')');
          return this.funcSuffix(pos, 'substring', len ? [x, from, len] : [x, from], false, false, []);
        }
        const args: Expr[] = [x];
        while (this.acceptOp(',')) args.push(this.parseExpr());
        this.expectOp(')');
        return this.funcSuffix(pos, name, args, false, false, []);
      }
      case 'trim': {
        let fn = 'btrim';
        if (this.acceptKw('both')) fn = 'btrim';
        else if (this.acceptKw('leading')) fn = 'ltrim';
        else if (this.acceptKw('trailing')) fn = 'rtrim';
        else if (!this.isKw('from')) {
          // trim(x) or trim(chars FROM x) or trim(x, chars)
          const a = this.parseExpr();
          if (this.acceptKw('from')) {
            const x = this.parseExpr();
            this.expectOp(')');
            return this.funcSuffix(pos, fn, [x, a], false, false, []);
          }
          const args: Expr[] = [a];
          while (this.acceptOp(',')) args.push(this.parseExpr());
          this.expectOp(')');
          return this.funcSuffix(pos, fn, args, false, false, []);
        }
        if (this.acceptKw('from')) {
          const x = this.parseExpr();
          this.expectOp(')');
          return this.funcSuffix(pos, fn, [x], false, false, []);
        }
        const chars = this.parseExpr();
        if (this.acceptKw('from')) {
          const x = this.parseExpr();
          this.expectOp(')');
          return this.funcSuffix(pos, fn, [x, chars], false, false, []);
        }
        this.expectOp(')');
        return this.funcSuffix(pos, fn, [chars], false, false, []);
      }
      default:
        break;
    }
    if (this.isOp('*')) {
      this.next();
      this.expectOp(')');
      return this.funcSuffix(pos, name, [], true, false, []);
    }
    let distinct = false;
    if (this.acceptKw('distinct')) distinct = true;
    else this.acceptKw('all');
    const args: Expr[] = [];
    let orderBy: OrderItem[] = [];
    if (!this.isOp(')')) {
      args.push(this.parseExpr());
      while (this.acceptOp(',')) args.push(this.parseExpr());
      if (this.isKw('order')) {
        this.next();
        this.expectKw('by');
        orderBy = this.parseOrderList();
      }
    } else if (distinct) {
      throw this.syntaxError();
    }
    this.expectOp(')');
    return this.funcSuffix(pos, name, args, false, distinct, orderBy);
  }

  /** FILTER (WHERE …) and OVER … after a call. */
  protected funcSuffix(pos: number, name: string, args: Expr[], star: boolean, distinct: boolean, orderBy: OrderItem[]): FuncCallExpr {
    if (this.isKw('within') && this.isKwAt(1, 'group')) {
      throw this.errorAt(SqlState.FEATURE_NOT_SUPPORTED, 'WITHIN GROUP is not supported', this.t.start);
    }
    let filter: Expr | null = null;
    if (this.isKw('filter') && this.peek().kind === TokenKind.Op && this.peek().value === '(') {
      this.next();
      this.next();
      this.expectKw('where');
      filter = this.parseExpr();
      this.expectOp(')');
    }
    let over: WindowSpec | null = null;
    if (this.acceptKw('over')) {
      if (this.isOp('(')) over = this.parseWindowSpec();
      else {
        const ref = this.parseIdent();
        over = { partitionBy: [], orderBy: [], frame: null, ref };
      }
    }
    return { kind: 'func', pos, name, args, star, distinct, filter, orderBy, over };
  }
}
