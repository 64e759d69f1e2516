/**
 * Prints AST nodes back to canonical SQL. The output parses back to the same tree (modulo
 * `pos`, and `queryText` of CREATE VIEW, which becomes the printed query): parentheses are
 * added exactly where precedence needs them, identifiers are quoted when they would not
 * survive case-folding or clash with a keyword.
 */
import { assertNever, toDbError } from '../errors/db-error.ts';
import type {
  AlterAction, ColumnDef, Expr, FrameBound, FromItem, FuncCallExpr, LiteralExpr, OrderItem, QualifiedName,
  Query, SelectItem, SelectQuery, Statement, TableOption, ValuesQuery, WindowSpec,
} from './ast.ts';
import { isExtractField, NO_PAREN_FUNCS, RESERVED } from './parser/keywords.ts';
import { Prec } from './parser/precedence.ts';

/** Words printed quoted when used as identifiers (besides the reserved ones). */
const QUOTE_WORDS: ReadonlySet<string> = new Set([
  'between', 'escape', 'over', 'filter', 'within', 'exists', 'array', 'row', 'interval', 'options', 'set',
]);

const STATEMENT_KINDS: ReadonlySet<string> = new Set([
  'query', 'insert', 'update', 'delete', 'create_table', 'drop_table', 'alter_table', 'create_index',
  'drop_index', 'create_view', 'drop_view', 'create_namespace', 'drop_namespace', 'use_namespace', 'show',
  'describe_table', 'transaction', 'create_user', 'alter_user', 'drop_user', 'execute_as', 'subscribe',
  'kill_live_query', 'storage_flush', 'explain', 'analyze',
]);

/**
 * Prints a statement, query or expression as SQL that parses back to the same tree.
 *
 * @example
 * ```ts
 * toSql(parseStatement('select A+1 from T where x=1 or y=2'))
 * // 'SELECT a + 1 FROM t WHERE x = 1 OR y = 2'
 * ```
 */
export function toSql(node: Statement | Expr | Query): string {
  try {
    if (node.kind === 'select' || node.kind === 'set_op' || node.kind === 'values') return query(node);
    if (STATEMENT_KINDS.has(node.kind)) return statement(node as Statement);
    return expr(node as Expr, 0);
  } catch (e) {
    throw toDbError(e);
  }
}

// ───────────── names and literals ─────────────

/** Quotes an identifier when needed: `foo`, `"Foo"`, `"select"`, `"a""b"`. */
export function quoteIdent(name: string): string {
  let plain = name.length > 0;
  for (let i = 0; i < name.length && plain; i++) {
    const c = name.charCodeAt(i);
    if ((c >= 97 && c <= 122) || c === 95) continue;
    if (i > 0 && ((c >= 48 && c <= 57) || c === 36)) continue;
    plain = false;
  }
  if (plain && !RESERVED.has(name) && !QUOTE_WORDS.has(name)) return name;
  return `"${name.split('"').join('""')}"`;
}

/** Quotes a string literal: `'it''s'`. */
export function quoteString(s: string): string {
  return `'${s.split("'").join("''")}'`;
}

function qname(n: QualifiedName): string {
  return n.parts.map(quoteIdent).join('.');
}

function identList(names: readonly string[]): string {
  return names.map(quoteIdent).join(', ');
}

function isNegativeLiteral(e: LiteralExpr): boolean {
  if (e.raw !== undefined) return e.raw.charCodeAt(0) === 45;
  const v = e.value;
  if (typeof v === 'number') return v < 0 || Object.is(v, -0);
  if (typeof v === 'bigint') return v < 0n;
  return false;
}

function literal(e: LiteralExpr): string {
  switch (e.type) {
    case 'null': return 'NULL';
    case 'boolean': return e.value ? 'TRUE' : 'FALSE';
    case 'string': return quoteString(String(e.value));
    case 'integer':
    case 'decimal': {
      if (e.raw !== undefined) return e.raw;
      const v = e.value;
      if (typeof v === 'number' && !Number.isFinite(v)) return `CAST('${Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity'}' AS double precision)`;
      if (typeof v === 'number' && Object.is(v, -0)) return '-0.0';
      return String(v);
    }
    default: return assertNever(e.type, 'literal type');
  }
}

// ───────────── expressions ─────────────

function binaryPrec(op: string): number {
  switch (op) {
    case 'OR': return Prec.Or;
    case 'AND': return Prec.And;
    case '=': case '<>': case '<': case '<=': case '>': case '>=': return Prec.Compare;
    case '+': case '-': return Prec.Add;
    case '*': case '/': case '%': return Prec.Mul;
    default: return Prec.Other;
  }
}

function precOf(e: Expr): number {
  switch (e.kind) {
    case 'literal': return isNegativeLiteral(e) ? Prec.Unary : Prec.Primary;
    case 'binary': return binaryPrec(e.op);
    case 'unary': return e.op === 'NOT' ? Prec.Not : Prec.Unary;
    case 'is_null': case 'is_bool': case 'is_distinct': return Prec.Is;
    case 'between': case 'in_list': case 'in_subquery': case 'like': return Prec.Like;
    case 'quantified': return Prec.Compare;
    case 'exists': return e.negated ? Prec.Not : Prec.Primary;
    case 'cast': return e.shorthand ? Prec.Cast : Prec.Primary;
    default: return Prec.Primary;
  }
}

/** Prints `e`, parenthesised when it binds less tightly than `min`. */
function expr(e: Expr, min: number): string {
  const s = exprText(e);
  return precOf(e) < min ? `(${s})` : s;
}

function list(items: readonly Expr[]): string {
  return items.map((x) => expr(x, 0)).join(', ');
}

function prefix(op: string, operand: string): string {
  const c = operand.charCodeAt(0);
  return c === 45 || c === 43 ? `${op} ${operand}` : op + operand;
}

function exprText(e: Expr): string {
  switch (e.kind) {
    case 'literal': return literal(e);
    case 'param': return `$${e.index}`;
    case 'column': return e.table.length === 0 ? quoteIdent(e.name) : `${e.table.map(quoteIdent).join('.')}.${quoteIdent(e.name)}`;
    case 'star': return e.table.length === 0 ? '*' : `${e.table.map(quoteIdent).join('.')}.*`;
    case 'unary':
      if (e.op === 'NOT') return `NOT ${expr(e.operand, Prec.Not)}`;
      return prefix(e.op, expr(e.operand, Prec.Unary));
    case 'binary': {
      const p = binaryPrec(e.op);
      return `${expr(e.left, p)} ${e.op} ${expr(e.right, p + 1)}`;
    }
    case 'is_null': return `${expr(e.operand, Prec.Is)} IS ${e.negated ? 'NOT ' : ''}NULL`;
    case 'is_bool':
      return `${expr(e.operand, Prec.Is)} IS ${e.negated ? 'NOT ' : ''}${e.value === null ? 'UNKNOWN' : e.value ? 'TRUE' : 'FALSE'}`;
    case 'is_distinct':
      return `${expr(e.left, Prec.Is)} IS ${e.negated ? 'NOT ' : ''}DISTINCT FROM ${expr(e.right, Prec.Compare)}`;
    case 'between':
      return `${expr(e.operand, Prec.Like)} ${e.negated ? 'NOT ' : ''}BETWEEN ${e.symmetric ? 'SYMMETRIC ' : ''}${expr(e.low, Prec.Other)} AND ${expr(e.high, Prec.Other)}`;
    case 'in_list': return `${expr(e.operand, Prec.Like)} ${e.negated ? 'NOT ' : ''}IN (${list(e.list)})`;
    case 'in_subquery': return `${expr(e.operand, Prec.Like)} ${e.negated ? 'NOT ' : ''}IN (${query(e.query)})`;
    case 'exists': return `${e.negated ? 'NOT ' : ''}EXISTS (${query(e.query)})`;
    case 'subquery': return `(${query(e.query)})`;
    case 'like':
      return `${expr(e.operand, Prec.Like)} ${e.negated ? 'NOT ' : ''}${e.caseInsensitive ? 'ILIKE' : 'LIKE'} ${expr(e.pattern, Prec.Other)}${e.escape ? ` ESCAPE ${expr(e.escape, Prec.Other)}` : ''}`;
    case 'case': {
      let s = 'CASE';
      if (e.operand) s += ` ${expr(e.operand, 0)}`;
      for (const w of e.whens) s += ` WHEN ${expr(w.when, 0)} THEN ${expr(w.then, 0)}`;
      if (e.elseExpr) s += ` ELSE ${expr(e.elseExpr, 0)}`;
      return `${s} END`;
    }
    case 'cast':
      if (e.shorthand) return `${expr(e.operand, Prec.Cast)}::${e.target.name}`;
      return `CAST(${expr(e.operand, 0)} AS ${e.target.name})`;
    case 'quantified': {
      const q = e.query !== null ? query(e.query) : `ARRAY[${list(e.list!)}]`;
      return `${expr(e.operand, Prec.Compare + 1)} ${e.op} ${e.quantifier.toUpperCase()} (${q})`;
    }
    case 'func': return func(e);
    case 'array':
      if (e.items.length >= 2) return `(${list(e.items)})`;
      return `ARRAY[${list(e.items)}]`;
    default: return assertNever(e, 'expression');
  }
}

function funcName(name: string): string {
  if (name === 'left' || name === 'right') return name;
  return quoteIdent(name);
}

function func(e: FuncCallExpr): string {
  let s: string;
  const a0 = e.args[0];
  if (NO_PAREN_FUNCS.has(e.name) && e.args.length === 0 && !e.star && !e.distinct && e.orderBy.length === 0) {
    s = e.name;
  } else if (e.name === 'extract' && e.args.length === 2 && !e.distinct && e.orderBy.length === 0 && a0 !== undefined
    && a0.kind === 'literal' && a0.type === 'string' && isExtractField(a0.value as string)) {
    s = `EXTRACT(${a0.value as string} FROM ${expr(e.args[1]!, 0)})`;
  } else {
    let inner: string;
    if (e.star) inner = '*';
    else {
      inner = (e.distinct ? 'DISTINCT ' : '') + list(e.args);
      if (e.orderBy.length > 0) inner += ` ORDER BY ${orderList(e.orderBy)}`;
    }
    s = `${funcName(e.name)}(${inner})`;
  }
  if (e.filter) s += ` FILTER (WHERE ${expr(e.filter, 0)})`;
  if (e.over) {
    const w = e.over;
    if (w.ref !== undefined && w.partitionBy.length === 0 && w.orderBy.length === 0 && w.frame === null) s += ` OVER ${quoteIdent(w.ref)}`;
    else s += ` OVER ${windowSpec(w)}`;
  }
  return s;
}

function frameBound(b: FrameBound): string {
  switch (b.kind) {
    case 'unbounded_preceding': return 'UNBOUNDED PRECEDING';
    case 'unbounded_following': return 'UNBOUNDED FOLLOWING';
    case 'current_row': return 'CURRENT ROW';
    case 'preceding': return `${expr(b.offset!, Prec.Other)} PRECEDING`;
    case 'following': return `${expr(b.offset!, Prec.Other)} FOLLOWING`;
    default: return assertNever(b.kind, 'frame bound');
  }
}

function windowSpec(w: WindowSpec): string {
  const parts: string[] = [];
  if (w.ref !== undefined) parts.push(quoteIdent(w.ref));
  if (w.partitionBy.length > 0) parts.push(`PARTITION BY ${list(w.partitionBy)}`);
  if (w.orderBy.length > 0) parts.push(`ORDER BY ${orderList(w.orderBy)}`);
  if (w.frame) parts.push(`${w.frame.mode.toUpperCase()} BETWEEN ${frameBound(w.frame.start)} AND ${frameBound(w.frame.end)}`);
  return `(${parts.join(' ')})`;
}

function orderList(items: readonly OrderItem[]): string {
  return items.map((o) => {
    let s = expr(o.expr, 0);
    if (o.desc) s += ' DESC';
    if (o.nullsFirst !== null) s += o.nullsFirst ? ' NULLS FIRST' : ' NULLS LAST';
    return s;
  }).join(', ');
}

// ───────────── queries ─────────────

function hasTail(q: Query): boolean {
  return q.with !== null || q.orderBy.length > 0 || q.limit !== null || q.offset !== null;
}

function query(q: Query): string {
  let s = '';
  if (q.with) {
    s = `WITH ${q.with.recursive ? 'RECURSIVE ' : ''}${q.with.ctes.map((c) =>
      `${quoteIdent(c.name)}${c.columns.length > 0 ? ` (${identList(c.columns)})` : ''} AS (${query(c.query)})`).join(', ')} `;
  }
  s += queryBody(q);
  if (q.orderBy.length > 0) s += ` ORDER BY ${orderList(q.orderBy)}`;
  if (q.limit) s += ` LIMIT ${expr(q.limit, 0)}`;
  if (q.offset) s += ` OFFSET ${expr(q.offset, 0)}`;
  return s;
}

function setLevel(q: Query): number {
  return q.kind === 'set_op' ? (q.op === 'intersect' ? 2 : 1) : 3;
}

function queryBody(q: Query): string {
  switch (q.kind) {
    case 'select': return selectCore(q);
    case 'values': return valuesCore(q);
    case 'set_op': {
      const level = q.op === 'intersect' ? 2 : 1;
      const l = q.left;
      const r = q.right;
      const ls = hasTail(l) || setLevel(l) < level ? `(${query(l)})` : query(l);
      const rs = hasTail(r) || setLevel(r) <= level ? `(${query(r)})` : query(r);
      return `${ls} ${q.op.toUpperCase()}${q.all ? ' ALL' : ''} ${rs}`;
    }
    default: return assertNever(q, 'query');
  }
}

function valuesCore(q: ValuesQuery): string {
  return `VALUES ${q.rows.map((row) => `(${row.map((x) => (x === null ? 'DEFAULT' : expr(x, 0))).join(', ')})`).join(', ')}`;
}

function selectItems(items: readonly SelectItem[]): string {
  return items.map((it) => (it.alias === null ? expr(it.expr, 0) : `${expr(it.expr, 0)} AS ${quoteIdent(it.alias)}`)).join(', ');
}

function selectCore(q: SelectQuery): string {
  let s = 'SELECT';
  if (q.distinct) s += q.distinctOn.length > 0 ? ` DISTINCT ON (${list(q.distinctOn)})` : ' DISTINCT';
  if (q.items.length > 0) s += ` ${selectItems(q.items)}`;
  if (q.from.length > 0) s += ` FROM ${q.from.map(fromItem).join(', ')}`;
  if (q.where) s += ` WHERE ${expr(q.where, 0)}`;
  if (q.groupBy.length > 0) s += ` GROUP BY ${list(q.groupBy)}`;
  if (q.having) s += ` HAVING ${expr(q.having, 0)}`;
  if (q.windows.length > 0) s += ` WINDOW ${q.windows.map((w) => `${quoteIdent(w.name)} AS ${windowSpec(w.spec)}`).join(', ')}`;
  return s;
}

function alias(a: string | null, cols: readonly string[]): string {
  if (a === null) return '';
  return ` AS ${quoteIdent(a)}${cols.length > 0 ? ` (${identList(cols)})` : ''}`;
}

function fromItem(f: FromItem): string {
  switch (f.kind) {
    case 'table_ref': return qname(f.name) + alias(f.alias, f.columnAliases);
    case 'subquery_ref': return `${f.lateral ? 'LATERAL ' : ''}(${query(f.query)})${alias(f.alias, f.columnAliases)}`;
    case 'values_ref': return `(${query(f.values)})${alias(f.alias, f.columnAliases)}`;
    case 'function_ref': return func(f.func) + alias(f.alias, f.columnAliases);
    case 'join_ref': {
      const l = f.left.kind === 'join_ref' && f.left.comma && !f.comma ? `(${fromItem(f.left)})` : fromItem(f.left);
      const rightNeedsParens = f.right.kind === 'join_ref' && (!f.comma || f.right.comma);
      const r = rightNeedsParens ? `(${fromItem(f.right)})` : fromItem(f.right);
      if (f.comma) return `${l}, ${r}`;
      let kw: string;
      switch (f.joinType) {
        case 'inner': kw = 'JOIN'; break;
        case 'left': kw = 'LEFT JOIN'; break;
        case 'right': kw = 'RIGHT JOIN'; break;
        case 'full': kw = 'FULL JOIN'; break;
        case 'cross': kw = 'CROSS JOIN'; break;
        default: return assertNever(f.joinType, 'join type');
      }
      let s = `${l} ${f.natural ? 'NATURAL ' : ''}${kw} ${r}`;
      if (f.on) s += ` ON ${expr(f.on, 0)}`;
      else if (f.using) s += ` USING (${identList(f.using)})`;
      return s;
    }
    default: return assertNever(f, 'FROM item');
  }
}

// ───────────── statements ─────────────

function returning(items: readonly SelectItem[]): string {
  return items.length > 0 ? ` RETURNING ${selectItems(items)}` : '';
}

function columnDef(c: ColumnDef): string {
  let s = `${quoteIdent(c.name)} ${c.type.name}`;
  if (c.notNull) s += ' NOT NULL';
  if (c.nullable) s += ' NULL';
  if (c.defaultExpr) s += ` DEFAULT ${expr(c.defaultExpr, Prec.Compare)}`;
  if (c.primaryKey) s += ' PRIMARY KEY';
  if (c.unique) s += ' UNIQUE';
  return s;
}

function options(opts: readonly TableOption[]): string {
  return `(${opts.map((o) => `${quoteIdent(o.key)} = ${typeof o.value === 'string' ? quoteString(o.value)
    : typeof o.value === 'boolean' ? (o.value ? 'TRUE' : 'FALSE') : String(o.value)}`).join(', ')})`;
}

function alterAction(a: AlterAction): string {
  switch (a.kind) {
    case 'add_column': return `ADD COLUMN ${a.ifNotExists ? 'IF NOT EXISTS ' : ''}${columnDef(a.column)}`;
    case 'drop_column': return `DROP COLUMN ${a.ifExists ? 'IF EXISTS ' : ''}${quoteIdent(a.column)}`;
    case 'rename_column': return `RENAME COLUMN ${quoteIdent(a.from)} TO ${quoteIdent(a.to)}`;
    case 'rename_table': return `RENAME TO ${quoteIdent(a.to)}`;
    case 'modify_column': return `ALTER COLUMN ${quoteIdent(a.column)} TYPE ${a.type.name}`;
    case 'set_default': return `ALTER COLUMN ${quoteIdent(a.column)} SET DEFAULT ${expr(a.value, 0)}`;
    case 'drop_default': return `ALTER COLUMN ${quoteIdent(a.column)} DROP DEFAULT`;
    case 'set_not_null': return `ALTER COLUMN ${quoteIdent(a.column)} SET NOT NULL`;
    case 'drop_not_null': return `ALTER COLUMN ${quoteIdent(a.column)} DROP NOT NULL`;
    case 'set_access_level': return `SET ACCESS LEVEL ${quoteString(a.level)}`;
    default: return assertNever(a, 'ALTER TABLE action');
  }
}

function statement(s: Statement): string {
  switch (s.kind) {
    case 'query': return query(s.query);
    case 'insert': {
      let out = `INSERT INTO ${qname(s.table)}${s.alias !== null ? ` AS ${quoteIdent(s.alias)}` : ''}`;
      if (s.columns.length > 0) out += ` (${identList(s.columns)})`;
      if (s.source === null) out += ' DEFAULT VALUES';
      else if (s.source.kind === 'set_op') out += ` (${query(s.source)})`;
      else out += ` ${query(s.source)}`;
      const oc = s.onConflict;
      if (oc) {
        out += ' ON CONFLICT';
        if (oc.columns.length > 0) out += ` (${identList(oc.columns)})`;
        if (oc.action === 'nothing') out += ' DO NOTHING';
        else {
          out += ` DO UPDATE SET ${assignments(oc.set)}`;
          if (oc.where) out += ` WHERE ${expr(oc.where, 0)}`;
        }
      }
      return out + returning(s.returning);
    }
    case 'update': {
      let out = `UPDATE ${qname(s.table)}${s.alias !== null ? ` AS ${quoteIdent(s.alias)}` : ''} SET ${assignments(s.set)}`;
      if (s.from.length > 0) out += ` FROM ${s.from.map(fromItem).join(', ')}`;
      if (s.where) out += ` WHERE ${expr(s.where, 0)}`;
      return out + returning(s.returning);
    }
    case 'delete': {
      let out = `DELETE FROM ${qname(s.table)}${s.alias !== null ? ` AS ${quoteIdent(s.alias)}` : ''}`;
      if (s.using.length > 0) out += ` USING ${s.using.map(fromItem).join(', ')}`;
      if (s.where) out += ` WHERE ${expr(s.where, 0)}`;
      return out + returning(s.returning);
    }
    case 'create_table': {
      let out = `CREATE ${s.tableType ? `${s.tableType.toUpperCase()} ` : ''}TABLE ${s.ifNotExists ? 'IF NOT EXISTS ' : ''}${qname(s.name)}`;
      if (s.asQuery === null || s.columns.length > 0) {
        const parts = s.columns.map(columnDef);
        if (s.primaryKey.length > 0) parts.push(`PRIMARY KEY (${identList(s.primaryKey)})`);
        for (const u of s.uniques) parts.push(`UNIQUE (${identList(u)})`);
        out += ` (${parts.join(', ')})`;
      }
      if (s.options.length > 0) out += ` WITH ${options(s.options)}`;
      if (s.asQuery) out += ` AS ${query(s.asQuery)}`;
      return out;
    }
    case 'drop_table':
      return `DROP ${s.tableType ? `${s.tableType.toUpperCase()} ` : ''}TABLE ${s.ifExists ? 'IF EXISTS ' : ''}${s.names.map(qname).join(', ')}${s.cascade ? ' CASCADE' : ''}`;
    case 'alter_table':
      return `ALTER TABLE ${s.ifExists ? 'IF EXISTS ' : ''}${qname(s.name)} ${alterAction(s.action)}`;
    case 'create_index': {
      let out = `CREATE ${s.unique ? 'UNIQUE ' : ''}INDEX ${s.ifNotExists ? 'IF NOT EXISTS ' : ''}${s.name !== null ? `${quoteIdent(s.name)} ` : ''}ON ${qname(s.table)}`;
      if (s.method !== null) out += ` USING ${quoteIdent(s.method)}`;
      return `${out} (${s.columns.map((c) => quoteIdent(c.name) + (c.desc ? ' DESC' : '')).join(', ')})`;
    }
    case 'drop_index': return `DROP INDEX ${s.ifExists ? 'IF EXISTS ' : ''}${qname(s.name)}`;
    case 'create_view':
      return `CREATE ${s.orReplace ? 'OR REPLACE ' : ''}VIEW ${s.ifNotExists ? 'IF NOT EXISTS ' : ''}${qname(s.name)}${s.columns.length > 0 ? ` (${identList(s.columns)})` : ''} AS ${query(s.query)}`;
    case 'drop_view': return `DROP VIEW ${s.ifExists ? 'IF EXISTS ' : ''}${s.names.map(qname).join(', ')}`;
    case 'create_namespace': return `CREATE NAMESPACE ${s.ifNotExists ? 'IF NOT EXISTS ' : ''}${quoteIdent(s.name)}`;
    case 'drop_namespace': return `DROP NAMESPACE ${s.ifExists ? 'IF EXISTS ' : ''}${quoteIdent(s.name)}${s.cascade ? ' CASCADE' : ''}`;
    case 'use_namespace': return `USE ${quoteIdent(s.name)}`;
    case 'show':
      if (s.what === 'tables') return `SHOW TABLES${s.namespace !== null ? ` IN ${quoteIdent(s.namespace)}` : ''}`;
      return s.what === 'users' ? 'SHOW USERS' : 'SHOW NAMESPACES';
    case 'describe_table': return `DESCRIBE TABLE ${qname(s.name)}`;
    case 'transaction': return s.action === 'begin' ? 'BEGIN' : s.action === 'commit' ? 'COMMIT' : 'ROLLBACK';
    case 'create_user': {
      let out = `CREATE USER ${s.ifNotExists ? 'IF NOT EXISTS ' : ''}${quoteString(s.name)}`;
      if (s.password !== null || s.role !== null || s.email !== null) out += ' WITH';
      if (s.password !== null) out += ` PASSWORD ${quoteString(s.password)}`;
      if (s.role !== null) out += ` ROLE ${s.role}`;
      if (s.email !== null) out += ` EMAIL ${quoteString(s.email)}`;
      return out;
    }
    case 'alter_user': {
      const a = s.action;
      const v = a.kind === 'role' ? a.value : quoteString(a.value);
      return `ALTER USER ${quoteString(s.name)} SET ${a.kind.toUpperCase()} ${v}`;
    }
    case 'drop_user': return `DROP USER ${s.ifExists ? 'IF EXISTS ' : ''}${quoteString(s.name)}`;
    case 'execute_as': return `EXECUTE AS USER ${quoteString(s.user)} (${statement(s.statement)})`;
    case 'subscribe': return `SUBSCRIBE TO ${query(s.query)}${s.options.length > 0 ? ` OPTIONS ${options(s.options)}` : ''}`;
    case 'kill_live_query': return `KILL LIVE QUERY ${quoteString(s.id)}`;
    case 'storage_flush':
      if (s.table !== null) return `STORAGE FLUSH TABLE ${qname(s.table)}`;
      return `STORAGE FLUSH ALL${s.namespace !== null ? ` IN ${quoteIdent(s.namespace)}` : ''}`;
    case 'explain': return `EXPLAIN ${s.analyze ? 'ANALYZE ' : ''}${s.verbose ? 'VERBOSE ' : ''}${statement(s.statement)}`;
    case 'analyze': return s.table === null ? 'ANALYZE' : `ANALYZE ${qname(s.table)}`;
    default: return assertNever(s, 'statement');
  }
}

function assignments(set: readonly { column: string; value: Expr | null }[]): string {
  return set.map((a) => `${quoteIdent(a.column)} = ${a.value === null ? 'DEFAULT' : expr(a.value, 0)}`).join(', ');
}
