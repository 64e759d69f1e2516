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
    const c = lookupColumn(s, e);
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
    for (let s: Scope | null = scope; s !== null; s = s.parent) {
      const [lo, hi] = visibleRange(s);
      for (let i = lo; i < hi; i++) if (matchesQualifier(s.items[i]!, e.table)) tableFound = true;
      if (!tableFound && s.items.some((it) => matchesQualifier(it, e.table))) {
        // in this FROM list, but outside the JOIN whose ON clause is being bound
        throw new DbError(SqlState.UNDEFINED_TABLE, `invalid reference to FROM-clause entry for table "${e.table.join('.')}"`, {
          position: e.pos + 1, hint: `There is an entry for table "${e.table.join('.')}", but it cannot be referenced from this part of the query.`,
        });
      }
    }
    if (!tableFound) {
      throw new DbError(SqlState.UNDEFINED_TABLE, `missing FROM-clause entry for table "${e.table.join('.')}"`, { position: e.pos + 1 });
    }
  }
  throw new DbError(SqlState.UNDEFINED_COLUMN, `column "${qual}${e.name}" does not exist`, { position: e.pos + 1, columnName: e.name });
}

/** The items of a level that names may see: all of them, or a JOIN's while its ON clause is bound. */
function visibleRange(s: Scope): [number, number] {
  return s.visible === null ? [0, s.items.length] : [s.visible.first, s.visible.end];
}

function lookupColumn(s: Scope, e: A.ColumnRefExpr): ScopeColumn | undefined {
  const [lo, hi] = visibleRange(s);
  if (e.table.length === 0) return uniqueColumn(entryColumns(s, lo, hi), e.name, e.pos);
  const item = findItem(s, e.table, e.pos, lo, hi);
  if (item === undefined) return undefined;
  const c = uniqueColumn([item.columns], e.name, e.pos);
  if (c === undefined) {
    throw new DbError(SqlState.UNDEFINED_COLUMN, `column "${item.alias}.${e.name}" does not exist`, { position: e.pos + 1, columnName: e.name });
  }
  return c;
}

/** The one column of that name in some column lists (42702 when there are several). */
function uniqueColumn(lists: readonly (readonly ScopeColumn[])[], name: string, pos: number): ScopeColumn | undefined {
  let found: ScopeColumn | undefined;
  for (const cols of lists) {
    for (const c of cols) {
      if (c.name !== name) continue;
      if (found !== undefined) throw new DbError(SqlState.AMBIGUOUS_COLUMN, `column reference "${name}" is ambiguous`, { position: pos + 1 });
      found = c;
    }
  }
  return found;
}

/**
 * The column lists that unqualified names see among `items[lo .. hi)`: a JOIN counts as one
 * list (its merged USING columns once, then both sides' others), any other item as its own.
 */
export function entryColumns(s: Scope, lo: number, hi: number): (readonly ScopeColumn[])[] {
  const out: (readonly ScopeColumn[])[] = [];
  for (let i = lo; i < hi;) {
    const j = s.joins.get(i);
    if (j !== undefined && j.end <= hi) {
      out.push(j.columns);
      i = j.end;
    } else {
      out.push(s.items[i]!.columns);
      i++;
    }
  }
  return out;
}

function findItem(scope: Scope, qual: readonly string[], pos: number, lo: number, hi: number): ScopeItem | undefined {
  let found: ScopeItem | undefined;
  for (let i = lo; i < hi; i++) {
    const item = scope.items[i]!;
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

/** Does an unqualified name match a column of this level (not its parents)? */
export function canResolve(scope: Scope, name: string): boolean {
  for (const item of scope.items) for (const c of item.columns) if (c.name === name) return true;
  return false;
}

/** The columns `*` or `t.*` stands for (a JOIN's merged USING / NATURAL columns first, once). */
export function expandStar(star: A.StarExpr, scope: Scope): ScopeColumn[] {
  const out: ScopeColumn[] = [];
  if (star.table.length === 0) {
    if (scope.items.length === 0) throw new DbError(SqlState.SYNTAX_ERROR, 'SELECT * with no tables specified is not valid', { position: star.pos + 1 });
    for (const cols of entryColumns(scope, 0, scope.items.length)) for (const c of cols) if (!c.hidden) out.push(c);
    return out;
  }
  const item = findItem(scope, star.table, star.pos, 0, scope.items.length);
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
