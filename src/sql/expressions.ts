/**
 * The expression half of the parser: a token cursor plus a Pratt (precedence-climbing)
 * expression parser with PostgreSQL's operator precedence. {@link ExpressionParser} is the
 * base class of the statement parser (`parser.ts`), which supplies {@link ExpressionParser.parseQuery}
 * for subqueries.
 *
 * Binding powers, lowest to highest (PostgreSQL's table):
 *
 * | bp | operators |
 * |----|-----------|
 * | 1  | OR |
 * | 2  | AND |
 * | 3  | NOT (prefix) |
 * | 4  | IS, ISNULL, NOTNULL |
 * | 5  | = <> < > <= >= |
 * | 6  | [NOT] BETWEEN / IN / LIKE / ILIKE |
 * | 7  | other operators: `\|\|` -> ->> & \| << >> |
 * | 8  | + - |
 * | 9  | * / % |
 * | 10 | unary + - ~ |
 * | 11 | :: |
 */
import { DbError } from '../errors/db-error.ts';
import { SqlState, type SqlStateCode } from '../errors/sqlstate.ts';
import { resolveTypeName, type DataType, type TypeSpec } from '../types/data-type.ts';
import { checkNumericTypmod } from '../types/numeric-value.ts';
import type {
  BinaryOp, Expr, FrameBound, FuncCallExpr, LiteralExpr, OrderItem, Query, WindowFrame, WindowSpec,
} from './ast.ts';
import { sqlError, syntaxErrorAt, TokenKind as LexTokenKind, type Token } from './lexer.ts';

// A module-local copy: property loads on it stay cheap under every module loader.
const TokenKind = { ...LexTokenKind };

/** Operator binding powers (see the module comment). */
export const Prec = {
  Or: 1,
  And: 2,
  Not: 3,
  Is: 4,
  Compare: 5,
  Like: 6,
  Other: 7,
  Add: 8,
  Mul: 9,
  Unary: 10,
  Cast: 11,
  Primary: 12,
} as const;

/**
 * Nesting beyond this many units fails with `54001` instead of overflowing the JS stack.
 * An expression level costs 1, a function call or CASE 2, a subquery 3.
 */
export const MAX_DEPTH = 1500;

/**
 * Words that cannot be a column name, a bare (AS-less) alias or a function name:
 * PostgreSQL's reserved and type/function-name keywords (but `user` is an ordinary word here).
 */
export const RESERVED: ReadonlySet<string> = new Set([
  'all', 'analyse', 'analyze', 'and', 'any', 'array', 'as', 'asc', 'asymmetric', 'both', 'case', 'cast',
  'check', 'collate', 'column', 'constraint', 'create', 'current_catalog', 'current_date', 'current_role',
  'current_time', 'current_timestamp', 'current_user', 'default', 'deferrable', 'desc', 'distinct', 'do',
  'else', 'end', 'except', 'false', 'fetch', 'for', 'foreign', 'from', 'grant', 'group', 'having', 'in',
  'initially', 'intersect', 'into', 'lateral', 'leading', 'limit', 'localtime', 'localtimestamp', 'not',
  'null', 'offset', 'on', 'only', 'or', 'order', 'placing', 'primary', 'references', 'returning', 'select',
  'session_user', 'some', 'symmetric', 'system_user', 'table', 'then', 'to', 'trailing', 'true', 'union',
  'unique', 'using', 'variadic', 'when', 'where', 'window', 'with',
  // type_func_name keywords
  'authorization', 'binary', 'collation', 'concurrently', 'cross', 'current_schema', 'freeze', 'full',
  'ilike', 'inner', 'is', 'isnull', 'join', 'left', 'like', 'natural', 'notnull', 'outer', 'overlaps',
  'right', 'similar', 'tablesample', 'verbose',
]);

/** Words never taken as an AS-less alias (they continue the expression or clause). */
const NOT_BARE_ALIAS: ReadonlySet<string> = new Set(['between', 'escape', 'over', 'filter', 'within']);

/** Special functions that may be written without parentheses. */
export const NO_PAREN_FUNCS: ReadonlySet<string> = new Set([
  'current_date', 'current_time', 'current_timestamp', 'current_user', 'current_role', 'session_user',
  'localtime', 'localtimestamp', 'current_catalog', 'current_schema', 'system_user',
]);

const EXTRACT_FIELDS_OK = /^[a-z_]+$/;

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

/** Lower-cased multi-word type names mapped to the key {@link resolveTypeName} knows. */
const TYPE_ALIASES: Record<string, string> = {
  'timestamp with time zone': 'timestamptz',
  'timestamp without time zone': 'timestamp',
  'double precision': 'double precision',
  'character varying': 'character varying',
};

const LENGTH_TYPES: ReadonlySet<string> = new Set([
  'varchar', 'char', 'character', 'character varying', 'nvarchar', 'nchar',
]);

/**
 * Token cursor and Pratt expression parser. Subclassed by the statement parser, which
 * provides {@link parseQuery}.
 */
export abstract class ExpressionParser {
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

  /** Parses a query expression (SELECT, set operation, VALUES) with its tail clauses. */
  abstract parseQuery(): Query;

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
      if (++chain + this.depth > MAX_DEPTH) throw this.tooDeep();
      const pos = left.pos;
      if (op !== null) {
        this.next();
        const right = this.parseExpr(bp + 1);
        left = { kind: 'binary', pos, op, left, right };
        continue;
      }
      left = this.parsePostfix(left, bp);
    }
    this.depth--;
    return left;
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

  /** The argument list and suffixes of a call; the current token is `(`. */
  private parseCall(pos: number, name: string): Expr {
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
  private funcSuffix(pos: number, name: string, args: Expr[], star: boolean, distinct: boolean, orderBy: OrderItem[]): FuncCallExpr {
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

  // ───────────── windows and ordering ─────────────

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

  // ───────────── types ─────────────

  /**
   * A type name: one or more words (`double precision`, `timestamp with time zone`) and an
   * optional `(n[, m])`. `castContext` also accepts MySQL's `SIGNED`/`UNSIGNED [INTEGER]`.
   */
  parseTypeName(castContext: boolean): TypeSpec {
    const start = this.t;
    let word = this.parseLabel().toLowerCase();
    let key = word;
    if (word === 'double' && this.isKw('precision')) { this.next(); word = key = 'double precision'; }
    else if ((word === 'character' || word === 'char') && this.isKw('varying')) { this.next(); word = key = `${word} varying`; key = 'character varying'; }
    else if ((word === 'signed' || word === 'unsigned') && castContext) {
      if (this.isKw('integer') || this.isKw('int')) { this.next(); word = `${word} integer`; }
      key = 'integer';
    }
    let args = '';
    let length: number | undefined;
    let numeric: { precision: number; scale: number } | undefined;
    const isNumeric = key === 'numeric' || key === 'decimal' || key === 'dec';
    if (this.isOp('(')) {
      this.next();
      const nums: string[] = [];
      const at = this.t.start;
      do {
        // NUMERIC's scale may be negative (PostgreSQL 15+)
        const neg = isNumeric && nums.length === 1 && this.acceptOp('-');
        const t = this.t;
        if (t.kind !== TokenKind.Integer) throw this.syntaxError();
        this.next();
        nums.push(neg ? '-' + t.value : t.value);
      } while (this.acceptOp(','));
      this.expectOp(')');
      args = `(${nums.join(',')})`;
      if (LENGTH_TYPES.has(key) || LENGTH_TYPES.has(word)) length = Number(nums[0]);
      if (isNumeric) {
        if (nums.length > 2) throw this.errorAt(SqlState.INVALID_PARAMETER_VALUE, 'invalid NUMERIC type modifier', at);
        try {
          numeric = checkNumericTypmod(Number(nums[0]), nums.length > 1 ? Number(nums[1]) : 0);
        } catch (e) {
          throw this.errorAt(SqlState.INVALID_PARAMETER_VALUE, (e as Error).message, at);
        }
      }
    }
    if ((key === 'timestamp' || key === 'time') && (this.isKw('with') || this.isKw('without')) && this.isKwAt(1, 'time') && this.isKwAt(2, 'zone')) {
      const w = this.next().value;
      this.next();
      this.next();
      word = `${key} ${w} time zone`;
      key = TYPE_ALIASES[word] ?? word;
    }
    if (this.isOp('[')) throw this.errorAt(SqlState.FEATURE_NOT_SUPPORTED, 'array types are not supported', this.t.start);
    const type = resolveTypeName(TYPE_ALIASES[key] ?? key, start.start + 1);
    const name = word + args;
    if (numeric !== undefined) return { type, numeric, name };
    return length === undefined ? { type, name } : { type, length, name };
  }
}

/** True when `s` can be printed as an `EXTRACT(<field> FROM …)` field. */
export function isExtractField(s: string): boolean {
  return EXTRACT_FIELDS_OK.test(s);
}
