/**
 * The Pratt (precedence-climbing) expression parser with PostgreSQL's operator precedence
 * (the binding powers of `parser/precedence.ts`): operators, postfix forms (IS, BETWEEN, IN, LIKE,
 * `::`), literals, parameters, column references, parentheses and rows, CASE, CAST, EXISTS,
 * ARRAY. Function calls (`parser/function-calls.ts`) and subqueries (`parser/queries.ts`) are
 * parsed by layers above this one, reached through abstract methods.
 */
import { DbError } from '../errors/db-error.ts';
import { SqlState } from '../errors/sqlstate.ts';
import { resolveTypeName, type DataType } from '../types/data-type.ts';
import type * as A from './ast.ts';
import type { BinaryOp, Expr, FuncCallExpr, LiteralExpr, OrderItem, Query } from './ast.ts';
import { TokenKind as LexTokenKind } from './lexer.ts';
import { NO_PAREN_FUNCS, RESERVED } from './parser/keywords.ts';
import { Prec } from './parser/precedence.ts';
import { MAX_DEPTH } from './parser/token-cursor.ts';

/** Binary operators whose long chains cost no recursion depth after parsing (see `plan/bind/expr.ts`). */
const FLAT_CHAIN_OPS: ReadonlySet<string> = new Set(['AND', 'OR', '+', '-', '*', '/', '%', '||', '&', '|', '<<', '>>', '->', '->>']);
import { TYPE_ALIASES, TypeNameParser } from './parser/type-names.ts';

// A module-local copy: property loads on it stay cheap under every module loader.
const TokenKind = { ...LexTokenKind };

function isDigits(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** Builds an integer or decimal literal from its digits (optionally with a leading `-`). */
export function numberLiteral(raw: string, decimal: boolean, pos: number): LiteralExpr {
  if (!decimal) {
    const digits = raw.charCodeAt(0) === 45 ? raw.length - 1 : raw.length;
    if (digits <= 15) return { kind: 'literal', pos, type: 'integer', value: Number(raw) + 0 };
    const num = Number(raw);
    if (Number.isSafeInteger(num)) return { kind: 'literal', pos, type: 'integer', value: num };
    const big = BigInt(raw);
    if (big >= -9223372036854775808n && big <= 9223372036854775807n) {
      return { kind: 'literal', pos, type: 'integer', value: big, raw };
    }
    return { kind: 'literal', pos, type: 'decimal', value: num, raw };
  }
  return { kind: 'literal', pos, type: 'decimal', value: Number(raw), raw };
}

/**
 * The expression layer of the parser (see `parser/token-cursor.ts` for the layers): the Pratt loop,
 * prefix forms and primaries.
 */
export abstract class ExpressionParser extends TypeNameParser {
  /** Parses a query expression (SELECT, set operation, VALUES) with its tail clauses. */
  abstract parseQuery(): Query;

  /** The argument list and suffixes of a call to `name`; the current token is `(`. */
  protected abstract parseCall(pos: number, name: string): Expr;

  /** FILTER (WHERE …) and OVER … after a call. */
  protected abstract funcSuffix(pos: number, name: string, args: Expr[], star: boolean, distinct: boolean, orderBy: OrderItem[]): FuncCallExpr;

  // ───────────── expressions ─────────────

  /** Parses an expression whose operators all bind at least as tightly as `minBp`. */
  parseExpr(minBp = 0): Expr {
    this.enter();
    let left = this.parsePrefix();
    let chain = 0;
    for (;;) {
      const t = this.t;
      let bp = 0;
      let op: BinaryOp | null = null;
      if (t.kind === TokenKind.Op) {
        switch (t.value) {
          case '=': case '<>': case '<': case '<=': case '>': case '>=': bp = Prec.Compare; op = t.value; break;
          case '+': case '-': bp = Prec.Add; op = t.value; break;
          case '*': case '/': case '%': bp = Prec.Mul; op = t.value; break;
          case '||': case '->': case '->>': case '&': case '|': case '<<': case '>>': bp = Prec.Other; op = t.value; break;
          case '::': bp = Prec.Cast; break;
          default: break;
        }
      } else if (t.kind === TokenKind.Ident) {
        switch (t.value) {
          case 'or': bp = Prec.Or; op = 'OR'; break;
          case 'and': bp = Prec.And; op = 'AND'; break;
          case 'is': case 'isnull': case 'notnull': bp = Prec.Is; break;
          case 'between': case 'in': case 'like': case 'ilike': bp = Prec.Like; break;
          case 'not': {
            const n = this.peek();
            if (n.kind === TokenKind.Ident && (n.value === 'between' || n.value === 'in' || n.value === 'like' || n.value === 'ilike')) {
              bp = Prec.Like;
            } else if (n.kind === TokenKind.Ident && n.value === 'null') {
              bp = Prec.Is; // SQLite's postfix `x NOT NULL`
            }
            break;
          }
          default: break;
        }
      }
      if (bp === 0 || bp < minBp) break;
      // left-deep chains of binary operators are bound and planned without recursing per level
      // (AND/OR flat, arithmetic and || in segments); postfix chains (x::int::int…) nest
      if ((op === null || !FLAT_CHAIN_OPS.has(op)) && ++chain + this.depth > MAX_DEPTH) throw this.tooDeep();
      const pos = left.pos;
      if (op !== null) {
        this.next();
        if (bp === Prec.Compare && this.isQuantifier()) {
          left = this.parseQuantified(left, op as A.QuantifiedOp, pos);
          continue;
        }
        const right = this.parseExpr(bp + 1);
        left = { kind: 'binary', pos, op, left, right };
        continue;
      }
      left = this.parsePostfix(left, bp);
    }
    this.depth--;
    return left;
  }

  /** True at `ANY (`, `SOME (` or `ALL (` right after a comparison operator. */
  private isQuantifier(): boolean {
    const t = this.t;
    if (t.kind !== TokenKind.Ident || (t.value !== 'any' && t.value !== 'some' && t.value !== 'all')) return false;
    const n = this.peek();
    return n.kind === TokenKind.Op && n.value === '(';
  }

  /** `x op ANY|SOME|ALL (subquery | ARRAY[…])`, the quantifier being the current token. */
  private parseQuantified(left: Expr, op: A.QuantifiedOp, pos: number): Expr {
    const quantifier = this.next().value === 'all' ? 'all' : 'any';
    this.expectOp('(');
    if (this.isQueryStart(this.t)) {
      const query = this.parseQuery();
      this.expectOp(')');
      return { kind: 'quantified', pos, op, quantifier, operand: left, query, list: null };
    }
    const query = this.tryParenthesizedQuery();
    if (query !== null) return { kind: 'quantified', pos, op, quantifier, operand: left, query, list: null };
    const at = this.t.start;
    const arr = this.parseExpr();
    this.expectOp(')');
    if (arr.kind !== 'array') {
      throw this.errorAt(SqlState.FEATURE_NOT_SUPPORTED, `${quantifier.toUpperCase()} over a value that is not a subquery or an ARRAY[…] constructor is not supported`, at);
    }
    return { kind: 'quantified', pos, op, quantifier, operand: left, query: null, list: arr.items };
  }

  /** IS …, ISNULL, NOTNULL, [NOT] BETWEEN/IN/LIKE/ILIKE, `::`. */
  private parsePostfix(left: Expr, bp: number): Expr {
    const pos = left.pos;
    const t = this.next();
    if (bp === Prec.Cast) {
      const target = this.parseTypeName(false);
      return { kind: 'cast', pos, operand: left, target, shorthand: true };
    }
    let word = t.value;
    if (word === 'isnull') return { kind: 'is_null', pos, operand: left, negated: false };
    if (word === 'notnull') return { kind: 'is_null', pos, operand: left, negated: true };
    if (word === 'is') {
      const negated = this.acceptKw('not');
      const w = this.t;
      if (w.kind === TokenKind.Ident) {
        switch (w.value) {
          case 'null': this.next(); return { kind: 'is_null', pos, operand: left, negated };
          case 'true': this.next(); return { kind: 'is_bool', pos, operand: left, value: true, negated };
          case 'false': this.next(); return { kind: 'is_bool', pos, operand: left, value: false, negated };
          case 'unknown': this.next(); return { kind: 'is_bool', pos, operand: left, value: null, negated };
          case 'distinct': {
            this.next();
            this.expectKw('from');
            const right = this.parseExpr(Prec.Compare);
            return { kind: 'is_distinct', pos, left, right, negated };
          }
          default: break;
        }
      }
      throw this.syntaxError();
    }
    let negated = false;
    if (word === 'not') {
      negated = true;
      word = this.next().value;
      if (word === 'null') return { kind: 'is_null', pos, operand: left, negated: true };
    }
    switch (word) {
      case 'between': {
        let symmetric = false;
        if (this.acceptKw('symmetric')) symmetric = true;
        else this.acceptKw('asymmetric');
        const low = this.parseExpr(Prec.Other);
        this.expectKw('and');
        const high = this.parseExpr(Prec.Other);
        return { kind: 'between', pos, operand: left, low, high, negated, symmetric };
      }
      case 'in': {
        this.expectOp('(');
        if (this.isQueryStart(this.t)) {
          const query = this.parseQuery();
          this.expectOp(')');
          return { kind: 'in_subquery', pos, operand: left, query, negated };
        }
        // `x IN ((SELECT …))` is still an IN over a subquery (PostgreSQL's select_with_parens);
        // `x IN ((SELECT …), 2)` is a list holding a scalar subquery
        const query = this.tryParenthesizedQuery();
        if (query !== null) return { kind: 'in_subquery', pos, operand: left, query, negated };
        const list: Expr[] = [];
        if (!this.isOp(')')) {
          list.push(this.parseExpr());
          while (this.acceptOp(',')) list.push(this.parseExpr());
        }
        this.expectOp(')');
        return { kind: 'in_list', pos, operand: left, list, negated };
      }
      default: { // like / ilike
        const pattern = this.parseExpr(Prec.Other);
        let escape: Expr | null = null;
        if (this.acceptKw('escape')) escape = this.parseExpr(Prec.Other);
        return { kind: 'like', pos, operand: left, pattern, escape, negated, caseInsensitive: word === 'ilike' };
      }
    }
  }

  /** Prefix operators and primaries. */
  private parsePrefix(): Expr {
    const t = this.t;
    const pos = t.start;
    switch (t.kind) {
      case TokenKind.Integer:
        this.next();
        return numberLiteral(t.value, false, pos);
      case TokenKind.Decimal:
        this.next();
        return numberLiteral(t.value, true, pos);
      case TokenKind.String:
        this.next();
        return { kind: 'literal', pos, type: 'string', value: t.value };
      case TokenKind.Hex:
        this.next();
        return {
          kind: 'cast', pos, operand: { kind: 'literal', pos, type: 'string', value: '\\x' + t.value },
          target: { type: 'bytes', name: 'bytea' }, shorthand: false,
        };
      case TokenKind.Param: {
        this.next();
        const index = Number(t.value);
        if (index < 1 || index > 65535) throw this.errorAt(SqlState.UNDEFINED_PARAMETER, `there is no parameter $${t.value}`, pos);
        return { kind: 'param', pos, index };
      }
      case TokenKind.QuotedIdent:
        return this.parseNameExpr();
      case TokenKind.Op:
        switch (t.value) {
          case '(': return this.parseParen();
          case '-': {
            this.next();
            const operand = this.parseExpr(Prec.Unary);
            // Fold `-<number>` into a negative literal as PostgreSQL's doNegate does (keeps
            // -2147483648 an integer and -9223372036854775808 a bigint; `- -2147483648` is the
            // bigint 2147483648: the sign is toggled on the literal's text).
            if (operand.kind === 'literal' && (operand.type === 'integer' || operand.type === 'decimal')) {
              const raw = operand.raw ?? String(operand.value);
              const negated = raw.charCodeAt(0) === 45 ? raw.slice(1) : '-' + raw;
              const digits = negated.charCodeAt(0) === 45 ? negated.slice(1) : negated;
              // an integer too big for int64 may fit once negated (-9223372036854775808)
              const decimal = operand.type === 'decimal' && !isDigits(digits);
              return numberLiteral(negated, decimal, pos);
            }
            return { kind: 'unary', pos, op: '-', operand };
          }
          case '+': case '~': {
            this.next();
            const operand = this.parseExpr(Prec.Unary);
            return { kind: 'unary', pos, op: t.value, operand };
          }
          case '*':
            this.next();
            return { kind: 'star', pos, table: [] };
          default:
            throw this.syntaxError();
        }
      case TokenKind.Ident:
        break;
      default:
        throw this.syntaxError();
    }
    // keywords with special syntax
    switch (t.value) {
      case 'null': this.next(); return { kind: 'literal', pos, type: 'null', value: null };
      case 'true': this.next(); return { kind: 'literal', pos, type: 'boolean', value: true };
      case 'false': this.next(); return { kind: 'literal', pos, type: 'boolean', value: false };
      case 'not': {
        this.next();
        const operand = this.parseExpr(Prec.Not);
        if (operand.kind === 'exists' && !operand.negated) return { kind: 'exists', pos, query: operand.query, negated: true };
        return { kind: 'unary', pos, op: 'NOT', operand };
      }
      case 'case': return this.parseCase();
      case 'cast': {
        this.next();
        this.expectOp('(');
        const operand = this.parseExpr();
        this.expectKw('as');
        const target = this.parseTypeName(true);
        this.expectOp(')');
        return { kind: 'cast', pos, operand, target, shorthand: false };
      }
      case 'exists':
        if (this.peek().kind === TokenKind.Op && this.peek().value === '(') {
          this.next();
          this.next();
          const query = this.parseQuery();
          this.expectOp(')');
          return { kind: 'exists', pos, query, negated: false };
        }
        break;
      case 'array': {
        this.next();
        if (this.isOp('(')) throw this.errorAt(SqlState.FEATURE_NOT_SUPPORTED, 'ARRAY(subquery) is not supported', pos);
        this.expectOp('[');
        const items: Expr[] = [];
        if (!this.isOp(']')) {
          items.push(this.parseExpr());
          while (this.acceptOp(',')) items.push(this.parseExpr());
        }
        this.expectOp(']');
        return { kind: 'array', pos, items };
      }
      case 'row':
        if (this.peek().kind === TokenKind.Op && this.peek().value === '(') {
          this.next();
          this.next();
          const items: Expr[] = [];
          if (!this.isOp(')')) {
            items.push(this.parseExpr());
            while (this.acceptOp(',')) items.push(this.parseExpr());
          }
          this.expectOp(')');
          return { kind: 'array', pos, items };
        }
        break;
      case 'interval':
        if (this.peek().kind === TokenKind.String) {
          throw this.errorAt(SqlState.FEATURE_NOT_SUPPORTED, 'type "interval" is not supported', pos);
        }
        break;
      case 'default':
        throw this.errorAt(SqlState.SYNTAX_ERROR, 'DEFAULT is not allowed in this context', pos);
      default:
        if (NO_PAREN_FUNCS.has(t.value)) {
          this.next();
          if (this.isOp('(') && this.peek().kind === TokenKind.Op && this.peek().value === ')') {
            this.next();
            this.next();
          }
          return this.funcSuffix(pos, t.value, [], false, false, []);
        }
        if (RESERVED.has(t.value)) {
          // left(…), right(…) are functions despite being keywords
          if ((t.value === 'left' || t.value === 'right') && this.peek().kind === TokenKind.Op && this.peek().value === '(') {
            return this.parseNameExpr();
          }
          throw this.syntaxError();
        }
    }
    // typed literal: DATE '2024-01-01'
    const n = this.peek();
    if (n.kind === TokenKind.String) {
      const key = TYPE_ALIASES[t.value] ?? t.value;
      let type: DataType | null = null;
      try { type = resolveTypeName(key); } catch { type = null; }
      if (type !== null) {
        this.next();
        this.next();
        return { kind: 'cast', pos, operand: { kind: 'literal', pos: n.start, type: 'string', value: n.value }, target: { type, name: t.value }, shorthand: false };
      }
    }
    return this.parseNameExpr();
  }

  /**
   * A query in parentheses that fills the rest of an `IN ( … )` (the closing parenthesis is
   * consumed), or null with the position unchanged when the tokens are something else.
   */
  private tryParenthesizedQuery(): A.Query | null {
    let k = 0;
    while (this.peek(k).kind === TokenKind.Op && this.peek(k).value === '(') k++;
    if (k === 0 || !this.isQueryStart(this.peek(k))) return null;
    const i = this.i, depth = this.depth;
    try {
      const query = this.parseQuery();
      if (this.acceptOp(')')) return query;
    } catch (e) {
      if (!(e instanceof DbError) || e.code !== SqlState.SYNTAX_ERROR) throw e;
    }
    this.i = i;
    this.t = this.toks[i]!;
    this.depth = depth;
    return null;
  }

  /** `(expr)`, `(subquery)`, or a row `(a, b, …)`. */
  private parseParen(): Expr {
    const pos = this.t.start;
    this.next();
    if (this.isQueryStart(this.t)) {
      const query = this.parseQuery();
      this.expectOp(')');
      return { kind: 'subquery', pos, query };
    }
    const e = this.parseExpr();
    if (this.isOp(',')) {
      const items: Expr[] = [e];
      while (this.acceptOp(',')) items.push(this.parseExpr());
      this.expectOp(')');
      return { kind: 'array', pos, items };
    }
    this.expectOp(')');
    return e;
  }

  /** A column reference `a.b.c`, `t.*`, or a function call `f(…)` / `ns.f(…)`. */
  private parseNameExpr(): Expr {
    const pos = this.t.start;
    const parts: string[] = [this.next().value];
    while (this.isOp('.')) {
      this.next();
      if (this.isOp('*')) {
        this.next();
        return { kind: 'star', pos, table: parts };
      }
      parts.push(this.parseLabel());
    }
    if (this.isOp('(')) {
      if (parts.length > 3) throw this.syntaxError();
      return this.parseCall(pos, parts[parts.length - 1]!.toLowerCase());
    }
    if (parts.length > 4) {
      throw this.errorAt(SqlState.SYNTAX_ERROR, `improper qualified name (too many dotted names): ${parts.join('.')}`, pos);
    }
    const name = parts.pop()!;
    return { kind: 'column', pos, table: parts, name };
  }


  private parseCase(): Expr {
    this.enter();
    const e = this.parseCaseInner();
    this.depth--;
    return e;
  }

  private parseCaseInner(): Expr {
    const pos = this.next().start;
    let operand: Expr | null = null;
    if (!this.isKw('when')) operand = this.parseExpr();
    const whens: { when: Expr; then: Expr }[] = [];
    while (this.acceptKw('when')) {
      const when = this.parseExpr();
      this.expectKw('then');
      const then = this.parseExpr();
      whens.push({ when, then });
    }
    if (whens.length === 0) throw this.syntaxError();
    let elseExpr: Expr | null = null;
    if (this.acceptKw('else')) elseExpr = this.parseExpr();
    this.expectKw('end');
    return { kind: 'case', pos, operand, whens, elseExpr };
  }
}
