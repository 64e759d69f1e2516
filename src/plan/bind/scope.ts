/**
 * Name resolution: adding FROM items and their columns to the scope of one query level
 * (`Scope` itself lives in `context.ts`), how a column reference or `*` is resolved through
 * the enclosing levels, and how table names get their namespace. Errors: 42P01 missing FROM-clause entry, 42703 unknown column, 42702
 * ambiguous column, 42712 duplicate alias.
 */
import type * as A from '../../sql/ast.ts';
import { DbError } from '../../errors/db-error.ts';
import { SqlState } from '../../errors/sqlstate.ts';
import type { BoundExpr, LogicalPlan } from '../logical.ts';
import type { BinderApi, BoundQuery, Scope, ScopeColumn, ScopeItem } from './context.ts';

/** Resolves a column reference through this level and the enclosing ones (outer references are recorded for correlation). */
export function bindColumn(binder: BinderApi, e: A.ColumnRefExpr, scope: Scope): BoundExpr {
  let level = 0;
  for (let s: Scope | null = scope; s !== null; s = s.parent, level++) {
    const c = lookupColumn(binder, s, e);
    if (c !== undefined) {
      if (level > 0) {
        binder.correlationTracker?.add(c.id);
        return { kind: 'outer', type: c.type, id: c.id };
      }
      return { kind: 'col', type: c.type, id: c.id };
    }
  }
  const qual = e.table.length > 0 ? `${e.table.join('.')}.` : '';
  if (e.table.length > 0) {
    // distinguish a missing table from a missing column
    let tableFound = false;
    for (let s: Scope | null = scope; s !== null; s = s.parent) if (s.items.some((it) => matchesQualifier(it, e.table))) tableFound = true;
    if (!tableFound) {
      throw new DbError(SqlState.UNDEFINED_TABLE, `missing FROM-clause entry for table "${e.table.join('.')}"`, { position: e.pos + 1 });
    }
  }
  throw new DbError(SqlState.UNDEFINED_COLUMN, `column ${qual}${e.name} does not exist`.replace(`column ${qual}${e.name}`, `column "${qual}${e.name}"`), { position: e.pos + 1, columnName: e.name });
}

function lookupColumn(binder: BinderApi, s: Scope, e: A.ColumnRefExpr): ScopeColumn | undefined {
  if (e.table.length === 0) {
    const merged = s.usingNames.get(e.name);
    if (merged !== undefined) {
      return { name: e.name, id: merged, type: binder.typeOf(merged), hidden: false };
    }
    let found: ScopeColumn | undefined;
    for (const item of s.items) {
      for (const c of item.columns) {
        if (c.name === e.name) {
          if (found !== undefined) {
            throw new DbError(SqlState.AMBIGUOUS_COLUMN, `column reference "${e.name}" is ambiguous`, { position: e.pos + 1 });
          }
          found = c;
        }
      }
    }
    return found;
  }
  const item = findItem(s, e.table, e.pos);
  if (item === undefined) return undefined;
  const c = item.columns.find((x) => x.name === e.name);
  if (c === undefined) {
    throw new DbError(SqlState.UNDEFINED_COLUMN, `column ${item.alias}.${e.name} does not exist`.replace(/^column (.*) does/, 'column "$1" does'), { position: e.pos + 1, columnName: e.name });
  }
  return c;
}

function findItem(scope: Scope, qual: readonly string[], pos: number): ScopeItem | undefined {
  let found: ScopeItem | undefined;
  for (const item of scope.items) {
    if (matchesQualifier(item, qual)) {
      if (found !== undefined && qual.length === 1) {
        throw new DbError(SqlState.AMBIGUOUS_ALIAS, `table reference "${qual.join('.')}" is ambiguous`, { position: pos + 1 });
      }
      found = item;
    }
  }
  return found;
}

function matchesQualifier(item: ScopeItem, qual: readonly string[]): boolean {
  for (const q of item.qualifiers) {
    if (q.length !== qual.length) continue;
    let ok = true;
    for (let i = 0; i < q.length; i++) if (q[i] !== qual[i]) { ok = false; break; }
    if (ok) return true;
  }
  return false;
}

/** The first visible column of that name among some FROM items (USING / NATURAL joins). */
export function findColumnIn(items: readonly ScopeItem[], name: string): ScopeColumn | undefined {
  for (const it of items) for (const c of it.columns) if (c.name === name && !c.hidden) return c;
  return undefined;
}

/** Does an unqualified name match a column of this level (not its parents)? */
export function canResolve(scope: Scope, name: string): boolean {
  for (const item of scope.items) for (const c of item.columns) if (c.name === name) return true;
  return false;
}

/** The columns `*` or `t.*` stands for (USING / NATURAL columns first, once). */
export function expandStar(binder: BinderApi, star: A.StarExpr, scope: Scope): ScopeColumn[] {
  const out: ScopeColumn[] = [];
  if (star.table.length === 0) {
    if (scope.items.length === 0) throw new DbError(SqlState.SYNTAX_ERROR, 'SELECT * with no tables specified is not valid', { position: star.pos + 1 });
    // USING / NATURAL join columns come first, once (SQL standard)
    for (const [name, id] of scope.usingNames) out.push({ name, id, type: binder.typeOf(id), hidden: false });
    for (const item of scope.items) {
      for (const c of item.columns) {
        if (c.hidden) continue;
        if (item.merged?.has(c.name) && scope.usingNames.has(c.name)) continue;
        out.push(c);
      }
    }
    return out;
  }
  const item = findItem(scope, star.table, star.pos);
  if (item === undefined) {
    throw new DbError(SqlState.UNDEFINED_TABLE, `missing FROM-clause entry for table "${star.table.join('.')}"`, { position: star.pos + 1 });
  }
  for (const c of item.columns) if (!c.hidden) out.push(c);
  return out;
}

/** A column's name as messages print it (`alias.name` when it comes from a FROM item). */
export function qualifiedColumnName(binder: BinderApi, id: number, scope: Scope): string {
  for (let s: Scope | null = scope; s !== null; s = s.parent) {
    for (const item of s.items) {
      for (const c of item.columns) if (c.id === id) return item.alias ? `${item.alias}.${c.name}` : c.name;
    }
  }
  return binder.columns[id]?.name ?? '?';
}

/** Adds a FROM item to a scope (42712 when its alias is taken). */
export function addScopeItem(scope: Scope, item: ScopeItem, pos: number): void {
  for (const other of scope.items) {
    if (other.alias === item.alias && item.alias !== '') {
      throw new DbError(SqlState.DUPLICATE_ALIAS, `table name "${item.alias}" specified more than once`, { position: pos + 1 });
    }
  }
  scope.items.push(item);
  for (const c of item.columns) scope.localIds.add(c.id);
}

/** Adds a derived table (subquery, VALUES, view, CTE) under its alias and column aliases; returns its plan. */
export function addDerived(b: BoundQuery, alias: string, colAliases: readonly string[], scope: Scope, pos: number): LogicalPlan {
  if (colAliases.length > b.ids.length) {
    throw new DbError(SqlState.INVALID_COLUMN_REFERENCE, `table "${alias}" has ${b.ids.length} columns available but ${colAliases.length} columns specified`, { position: pos + 1 });
  }
  const columns = b.ids.map((id, i) => ({ name: colAliases[i] ?? b.names[i]!, id, type: b.types[i]!, hidden: false }));
  addScopeItem(scope, { alias, qualifiers: [[alias]], columns }, pos);
  return b.plan;
}

/** Resolves `[ns.]name` to a namespace and a name. */
export function resolveName(binder: BinderApi, n: A.QualifiedName): { ns: string; name: string } {
  if (n.parts.length === 1) return { ns: binder.ctx.namespace, name: n.parts[0]! };
  if (n.parts.length === 2) return { ns: n.parts[0]!, name: n.parts[1]! };
  throw new DbError(SqlState.SYNTAX_ERROR, `improper qualified name (too many dotted names): ${n.parts.join('.')}`, { position: n.pos + 1 });
}
