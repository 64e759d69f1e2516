/**
 * Window specifications (`OVER (PARTITION BY … ORDER BY … ROWS BETWEEN …)`, `WINDOW w AS (…)`)
 * and the lists they share with queries and calls: `ORDER BY` items and expression lists.
 */
import { SqlState } from '../../errors/sqlstate.ts';
import type { Expr, FrameBound, OrderItem, WindowFrame, WindowSpec } from '../ast.ts';
import { TokenKind as LexTokenKind } from '../lexer.ts';
import { ExpressionParser } from '../expressions.ts';
import { RESERVED } from './keywords.ts';
import { Prec } from './precedence.ts';

// A module-local copy: property loads on it stay cheap under every module loader.
const TokenKind = { ...LexTokenKind };

/** The window and ordering layer of the parser (see `token-cursor.ts` for the layers). */
export abstract class WindowSpecParser extends ExpressionParser {
  /** `( [name] [PARTITION BY …] [ORDER BY …] [frame] )`; the current token is `(`. */
  parseWindowSpec(): WindowSpec {
    this.expectOp('(');
    let ref: string | undefined;
    const t = this.t;
    if ((t.kind === TokenKind.QuotedIdent || t.kind === TokenKind.Ident) && !this.isKw('partition') && !this.isKw('order')
      && !this.isKw('rows') && !this.isKw('range') && !this.isKw('groups') && !(t.kind === TokenKind.Ident && RESERVED.has(t.value))) {
      ref = this.parseIdent();
    }
    let partitionBy: Expr[] = [];
    if (this.acceptKw('partition')) {
      this.expectKw('by');
      partitionBy = this.parseExprList();
    }
    let orderBy: OrderItem[] = [];
    if (this.acceptKw('order')) {
      this.expectKw('by');
      orderBy = this.parseOrderList();
    }
    let frame: WindowFrame | null = null;
    if (this.isKw('rows') || this.isKw('range') || this.isKw('groups')) {
      const mode = this.next().value as WindowFrame['mode'];
      let start: FrameBound;
      let end: FrameBound;
      if (this.acceptKw('between')) {
        start = this.parseFrameBound();
        this.expectKw('and');
        end = this.parseFrameBound();
      } else {
        start = this.parseFrameBound();
        end = { kind: 'current_row', offset: null };
      }
      if (this.isKw('exclude')) throw this.errorAt(SqlState.FEATURE_NOT_SUPPORTED, 'frame EXCLUDE is not supported', this.t.start);
      frame = { mode, start, end };
    }
    this.expectOp(')');
    const spec: WindowSpec = ref === undefined ? { partitionBy, orderBy, frame } : { partitionBy, orderBy, frame, ref };
    return spec;
  }

  private parseFrameBound(): FrameBound {
    if (this.acceptKw('unbounded')) {
      if (this.acceptKw('preceding')) return { kind: 'unbounded_preceding', offset: null };
      this.expectKw('following');
      return { kind: 'unbounded_following', offset: null };
    }
    if (this.isKw('current') && this.isKwAt(1, 'row')) {
      this.next();
      this.next();
      return { kind: 'current_row', offset: null };
    }
    const offset = this.parseExpr(Prec.Other);
    if (this.acceptKw('preceding')) return { kind: 'preceding', offset };
    this.expectKw('following');
    return { kind: 'following', offset };
  }

  /** `expr [ASC|DESC] [NULLS FIRST|LAST], …`. */
  parseOrderList(): OrderItem[] {
    const out: OrderItem[] = [];
    do {
      const expr = this.parseExpr();
      let desc = false;
      if (this.acceptKw('desc')) desc = true;
      else this.acceptKw('asc');
      let nullsFirst: boolean | null = null;
      if (this.isKw('nulls') && (this.isKwAt(1, 'first') || this.isKwAt(1, 'last'))) {
        this.next();
        nullsFirst = this.next().value === 'first';
      }
      out.push({ expr, desc, nullsFirst });
    } while (this.acceptOp(','));
    return out;
  }

  /** `expr, expr, …`. */
  parseExprList(): Expr[] {
    const out: Expr[] = [this.parseExpr()];
    while (this.acceptOp(',')) out.push(this.parseExpr());
    return out;
  }
}
