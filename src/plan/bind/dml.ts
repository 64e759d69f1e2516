/**
 * Binding of INSERT, UPDATE and DELETE: resolves the target table and columns, binds the
 * source rows / assignments / conditions into logical plans that the DML operators
 * (`exec/ops/modify.ts`) run, and binds RETURNING lists against the target's columns.
 */
import type * as A from '../../sql/ast.ts';
import { DbError } from '../../errors/db-error.ts';
import { SqlState } from '../../errors/sqlstate.ts';
import { columnIndex, type TableDefinition } from '../../schema/table-def.ts';
import type { TableStorage } from '../../storage/table-storage.ts';
import { type DataType, isNumericType, typeName } from '../../types/data-type.ts';
import { implicitCastAllowed } from '../../types/cast-rules.ts';
import type { BoundExpr, LogicalPlan } from '../logical.ts';
import { castTo } from './coerce.ts';
import { type BinderApi, Scope } from './context.ts';
import { expandStar } from './scope.ts';
import { exprName } from './select.ts';

/** A RETURNING list bound against the target's columns. */
export interface BoundReturning {
  /** Ids of the target's columns (all definition columns, hidden included), in order. */
  readonly targetIds: readonly number[];
  readonly exprs: readonly BoundExpr[];
  readonly names: readonly string[];
}

/** A bound INSERT. */
export interface BoundInsert {
  readonly kind: 'insert';
  readonly storage: TableStorage;
  readonly def: TableDefinition;
  /** For each definition column: index into the source's columns, or -1 (default). */
  readonly sourceIndex: readonly number[];
  /** The source rows (already typed per target column). */
  readonly source: LogicalPlan;
  /** Default expressions per definition column (null: NULL). */
  readonly defaults: readonly (BoundExpr | null)[];
  readonly onConflict: BoundOnConflict | null;
  readonly returning: BoundReturning | null;
}

/** ON CONFLICT, bound. */
export interface BoundOnConflict {
  /** Unique index positions to check (all unique indexes when no target was named). */
  readonly indexes: readonly number[];
  readonly action: 'nothing' | 'update';
  /** For DO UPDATE: target columns and values over (existing row ids ++ excluded ids). */
  readonly setColumns: readonly number[];
  readonly setExprs: readonly BoundExpr[];
  readonly where: BoundExpr | null;
  readonly existingIds: readonly number[];
  readonly excludedIds: readonly number[];
}

/** A bound UPDATE. */
export interface BoundUpdate {
  readonly kind: 'update';
  readonly storage: TableStorage;
  readonly def: TableDefinition;
  /** Produces the target rows: target columns (all), row id, then FROM columns. */
  readonly plan: LogicalPlan;
  readonly targetIds: readonly number[];
  readonly rowIdId: number;
  readonly setColumns: readonly number[];
  readonly setExprs: readonly BoundExpr[];
  readonly returning: BoundReturning | null;
}

/** A bound DELETE. */
export interface BoundDelete {
  readonly kind: 'delete';
  readonly storage: TableStorage;
  readonly def: TableDefinition;
  readonly plan: LogicalPlan;
  readonly targetIds: readonly number[];
  readonly rowIdId: number;
  readonly returning: BoundReturning | null;
}

/** Looks a DML target up (views and system tables are read-only). */
function resolveTarget(b: BinderApi, name: A.QualifiedName): TableStorage {
  const { ns, name: t } = b.resolveName(name);
  if (ns === 'system') {
    throw new DbError(SqlState.INSUFFICIENT_PRIVILEGE, `system table "system.${t}" is read-only`, { position: name.pos + 1 });
  }
  const storage = b.ctx.catalog.findTable(ns, t);
  if (storage === undefined) {
    if (b.ctx.catalog.findView(ns, t) !== undefined) {
      throw new DbError(SqlState.WRONG_OBJECT_TYPE, `cannot change view "${t}"`, { position: name.pos + 1, hint: 'Views are read-only.' });
    }
    throw new DbError(SqlState.UNDEFINED_TABLE, `relation "${name.parts.join('.')}" does not exist`, { position: name.pos + 1 });
  }
  return storage;
}

/** A scan of the target with all columns and the row-id column, registered in a scope. */
function targetScan(b: BinderApi, storage: TableStorage, alias: string, scope: Scope): { plan: LogicalPlan & { kind: 'scan' }; ids: number[]; rowIdId: number } {
  const def = storage.def;
  const ids = def.columns.map((c) => b.newId(c.name, c.type));
  const rowIdId = b.newId('?rowid?', 'integer');
  scope.items.push({
    alias, qualifiers: [[alias], [def.namespace, def.name]],
    columns: def.columns.map((c, i) => ({ name: c.name, id: ids[i]!, type: c.type, hidden: c.hidden })),
  });
  for (const id of ids) scope.localIds.add(id);
  const plan: LogicalPlan & { kind: 'scan' } = {
    kind: 'scan', storage, def, alias, cols: def.columns.map((_, i) => i), ids: [...ids, rowIdId], filters: [], rowIdId,
  };
  return { plan, ids, rowIdId };
}

/**
 * Binds RETURNING against the target's columns (fresh ids: the written row) and, for UPDATE …
 * FROM / DELETE … USING, the statement's other FROM items (`from`: the statement's scope,
 * whose first item is the target).
 */
function bindReturning(b: BinderApi, items: readonly A.SelectItem[], def: TableDefinition, alias: string, from: Scope | null = null): BoundReturning | null {
  if (items.length === 0) return null;
  const scope = new Scope(null);
  const ids = def.columns.map((c) => b.newId(c.name, c.type));
  scope.items.push({ alias, qualifiers: [[alias], [def.namespace, def.name]], columns: def.columns.map((c, i) => ({ name: c.name, id: ids[i]!, type: c.type, hidden: c.hidden })) });
  if (from !== null) {
    const rest = new Scope(null);
    rest.items.push(...from.items.slice(1));
    for (const j of from.joins.values()) rest.joins.set(j.first - 1, { first: j.first - 1, end: j.end - 1, columns: j.columns });
    copyItems(rest, scope);
  }
  const exprs: BoundExpr[] = [];
  const names: string[] = [];
  for (const it of items) {
    if (it.expr.kind === 'star') {
      for (const c of expandStar(it.expr, scope)) { exprs.push({ kind: 'col', type: c.type, id: c.id }); names.push(c.name); }
      continue;
    }
    exprs.push(b.bindExpr(it.expr, scope, null, null));
    names.push(it.alias ?? exprName(it.expr));
  }
  return { targetIds: ids, exprs, names };
}

/** Parses and binds a column's DEFAULT. */
export type DefaultBinder = (sql: string, type: DataType) => BoundExpr;

/** Binds an INSERT. */
export function bindInsert(b: BinderApi, s: A.InsertStatement, bindDefault: DefaultBinder): BoundInsert {
  const storage = resolveTarget(b, s.table);
  const def = storage.def;
  const tableName = def.name;
  let targetCols: number[];
  if (s.columns.length === 0) {
    targetCols = [];
    def.columns.forEach((c, i) => { if (!c.hidden) targetCols.push(i); });
  } else {
    targetCols = s.columns.map((name) => {
      const i = columnIndex(def, name);
      if (i < 0) {
        throw new DbError(SqlState.UNDEFINED_COLUMN, `column "${name}" of relation "${tableName}" does not exist`, { position: s.pos + 1 });
      }
      if (def.columns[i]!.hidden) {
        throw new DbError(SqlState.INSUFFICIENT_PRIVILEGE, `column "${name}" is a system column and cannot be written`, { position: s.pos + 1 });
      }
      return i;
    });
    const seen = new Set<number>();
    for (const [k, i] of targetCols.entries()) {
      if (seen.has(i)) throw new DbError(SqlState.DUPLICATE_COLUMN, `column "${s.columns[k]}" specified more than once`, { position: s.pos + 1 });
      seen.add(i);
    }
  }
  const defaults = def.columns.map((c) => (c.defaultSql === null ? null : bindDefault(c.defaultSql, c.type)));
  let source: LogicalPlan;
  if (s.source === null) {
    // DEFAULT VALUES: one row, every column from its default
    const id = b.newId('?dummy?', 'integer');
    source = { kind: 'values', rows: [[{ kind: 'const', type: 'integer', value: 0 }]], ids: [id] };
    targetCols = [];
  } else if (s.source.kind === 'values' && s.source.orderBy.length === 0 && s.source.limit === null) {
    const scope = new Scope(null);
    const rows: BoundExpr[][] = [];
    for (const row of s.source.rows) {
      if (row.length > targetCols.length) {
        const extra = row[targetCols.length];
        throw new DbError(SqlState.SYNTAX_ERROR, 'INSERT has more expressions than target columns', { position: (extra?.pos ?? s.source.pos) + 1 });
      }
      if (row.length < targetCols.length && s.columns.length > 0) {
        throw new DbError(SqlState.SYNTAX_ERROR, 'INSERT has more target columns than expressions', { position: s.source.pos + 1 });
      }
      rows.push(row.map((e, k) => {
        const col = def.columns[targetCols[k]!]!;
        if (e === null) return defaults[targetCols[k]!] ?? { kind: 'const', type: col.type, value: null };
        const be = b.bindExpr(e, scope, null, null, col.type);
        return assignCast(be, col.type, col.name, e.pos);
      }));
    }
    const width = Math.max(0, ...rows.map((r) => r.length));
    targetCols = targetCols.slice(0, width);
    const padded = rows.map((r) => {
      const out = [...r];
      while (out.length < width) {
        const c = def.columns[targetCols[out.length]!]!;
        out.push(defaults[targetCols[out.length]!] ?? { kind: 'const', type: c.type, value: null });
      }
      return out;
    });
    const ids = targetCols.map((ci) => b.newId(def.columns[ci]!.name, def.columns[ci]!.type));
    source = { kind: 'values', rows: padded, ids };
  } else {
    const q = b.bindQuery(s.source, null, null);
    if (q.ids.length > targetCols.length) {
      throw new DbError(SqlState.SYNTAX_ERROR, 'INSERT has more expressions than target columns', { position: s.source.pos + 1 });
    }
    if (q.ids.length < targetCols.length && s.columns.length > 0) {
      throw new DbError(SqlState.SYNTAX_ERROR, 'INSERT has more target columns than expressions', { position: s.source.pos + 1 });
    }
    targetCols = targetCols.slice(0, q.ids.length);
    const exprs = q.ids.map((id, k) => {
      const col = def.columns[targetCols[k]!]!;
      return assignCast({ kind: 'col', type: q.types[k]!, id }, col.type, col.name, s.source!.pos, untypedOutput(s.source!, k));
    });
    const ids = exprs.map((e, k) => b.newId(def.columns[targetCols[k]!]!.name, e.type));
    source = { kind: 'project', input: q.plan, exprs, ids };
  }
  const sourceIndex = def.columns.map((_, i) => targetCols.indexOf(i));
  let onConflict: BoundOnConflict | null = null;
  if (s.onConflict !== null) onConflict = bindOnConflict(b, s.onConflict, storage, s.alias ?? def.name);
  return { kind: 'insert', storage, def, sourceIndex, source, defaults, onConflict, returning: bindReturning(b, s.returning, def, s.alias ?? def.name) };
}

function bindOnConflict(b: BinderApi, oc: A.OnConflict, storage: TableStorage, alias: string): BoundOnConflict {
  const def = storage.def;
  let indexes: number[];
  if (oc.columns.length > 0) {
    const cols = oc.columns.map((n) => {
      const i = columnIndex(def, n);
      if (i < 0) throw new DbError(SqlState.UNDEFINED_COLUMN, `column "${n}" does not exist`);
      return i;
    });
    const match = storage.indexes.findIndex((ix) => ix.unique && ix.columns.length === cols.length && ix.columns.every((c) => cols.includes(c)));
    if (match < 0) {
      throw new DbError(SqlState.INVALID_COLUMN_REFERENCE, 'there is no unique or exclusion constraint matching the ON CONFLICT specification');
    }
    indexes = [match];
  } else {
    indexes = storage.indexes.map((ix, i) => (ix.unique ? i : -1)).filter((i) => i >= 0);
    if (oc.action === 'update') throw new DbError(SqlState.SYNTAX_ERROR, 'ON CONFLICT DO UPDATE requires inference specification or constraint name', { hint: 'For example, ON CONFLICT (column_name).' });
  }
  const scope = new Scope(null);
  const existingIds = def.columns.map((c) => b.newId(c.name, c.type));
  const excludedIds = def.columns.map((c) => b.newId(c.name, c.type));
  scope.items.push({ alias, qualifiers: [[alias], [def.namespace, def.name]], columns: def.columns.map((c, i) => ({ name: c.name, id: existingIds[i]!, type: c.type, hidden: c.hidden })) });
  scope.items.push({ alias: 'excluded', qualifiers: [['excluded']], columns: def.columns.map((c, i) => ({ name: c.name, id: excludedIds[i]!, type: c.type, hidden: c.hidden })) });
  const setColumns: number[] = [];
  const setExprs: BoundExpr[] = [];
  for (const a of oc.set) {
    const ci = columnIndex(def, a.column);
    if (ci < 0) throw new DbError(SqlState.UNDEFINED_COLUMN, `column "${a.column}" of relation "${def.name}" does not exist`, { position: a.pos + 1 });
    const col = def.columns[ci]!;
    setColumns.push(ci);
    setExprs.push(a.value === null ? { kind: 'const', type: col.type, value: null } : assignCast(b.bindExpr(a.value, scope, null, null, col.type), col.type, col.name, a.pos));
  }
  const where = oc.where === null ? null : castTo(b.bindExpr(oc.where, scope, null, null, 'boolean'), 'boolean');
  return { indexes, action: oc.action, setColumns, setExprs, where, existingIds, excludedIds };
}

/**
 * Assignment cast (INSERT, UPDATE SET, ON CONFLICT): PostgreSQL's assignment casts are numeric ↔
 * numeric, anything → text, date ↔ timestamp and the implicit ones; text (or boolean, …) to
 * another type is 42804 unless the value is an untyped literal (`untyped`, which takes the
 * column's type).
 */
export function assignCast(e: BoundExpr, to: DataType, column: string, pos: number, untyped = false): BoundExpr {
  if (e.type === to || e.type === 'null') return e.type === 'null' ? { kind: 'const', type: to, value: null } : e;
  if (!untyped && !assignable(e.type, to)) {
    throw new DbError(SqlState.DATATYPE_MISMATCH, `column "${column}" is of type ${typeName(to)} but expression is of type ${typeName(e.type)}`, {
      position: pos + 1, hint: 'You will need to rewrite or cast the expression.',
    });
  }
  try {
    return castTo(e, to);
  } catch (err) {
    if (err instanceof DbError && err.position === undefined) err.position = pos + 1;
    if (err instanceof DbError && err.code === SqlState.CANNOT_COERCE) {
      throw new DbError(SqlState.DATATYPE_MISMATCH, `column "${column}" is of type ${to} but expression is of type ${e.type}`, { position: pos + 1 });
    }
    throw err;
  }
}

function assignable(from: DataType, to: DataType): boolean {
  if (to === 'text' || implicitCastAllowed(from, to)) return true;
  if (isNumericType(from) && isNumericType(to)) return true;
  return (from === 'date' || from === 'timestamp') && (to === 'date' || to === 'timestamp');
}

/** True when output `k` of an INSERT's source query is an untyped string literal or a parameter (`INSERT … SELECT 'x', $1`). */
function untypedOutput(q: A.Query, k: number): boolean {
  if (q.kind !== 'select' || q.items.some((it) => it.expr.kind === 'star')) return false;
  const e = q.items[k]?.expr;
  return e !== undefined && ((e.kind === 'literal' && e.type === 'string') || e.kind === 'param');
}

/** Appends a scope's FROM items (and its JOIN entries) to another scope of the same statement. */
function copyItems(from: Scope, to: Scope): void {
  const offset = to.items.length;
  for (const it of from.items) to.items.push(it);
  for (const j of from.joins.values()) to.joins.set(j.first + offset, { first: j.first + offset, end: j.end + offset, columns: j.columns });
}

/** The rows an UPDATE … FROM / DELETE … USING touches: the target joined with the extra items, filtered. */
function targetRows(b: BinderApi, target: LogicalPlan, items: readonly A.FromItem[], where: A.Expr | null, scope: Scope): LogicalPlan {
  let plan = target;
  for (const f of items) {
    const fromScope = new Scope(null);
    const p = b.bindFrom(f, fromScope);
    copyItems(fromScope, scope);
    for (const id of fromScope.localIds) scope.localIds.add(id);
    plan = { kind: 'join', joinType: 'cross', left: plan, right: p, on: null, ids: [...plan.ids, ...p.ids] };
  }
  if (where !== null) {
    plan = { kind: 'filter', input: plan, predicate: b.bindPredicate(where, scope, null, 'WHERE'), ids: plan.ids };
  }
  return plan;
}

/** Binds an UPDATE. */
export function bindUpdate(b: BinderApi, s: A.UpdateStatement, bindDefault: DefaultBinder): BoundUpdate {
  const storage = resolveTarget(b, s.table);
  const def = storage.def;
  if (def.kind === 'stream') {
    throw new DbError(SqlState.FEATURE_NOT_SUPPORTED, `UPDATE is not supported on stream table "${def.namespace}.${def.name}"`, { hint: 'Stream tables are append-only: INSERT and DELETE only.' });
  }
  const scope = new Scope(null);
  const alias = s.alias ?? def.name;
  const t = targetScan(b, storage, alias, scope);
  const plan = targetRows(b, t.plan, s.from, s.where, scope);
  const setColumns: number[] = [];
  const setExprs: BoundExpr[] = [];
  for (const a of s.set) {
    const ci = columnIndex(def, a.column);
    if (ci < 0) throw new DbError(SqlState.UNDEFINED_COLUMN, `column "${a.column}" of relation "${def.name}" does not exist`, { position: a.pos + 1 });
    const col = def.columns[ci]!;
    if (col.hidden) throw new DbError(SqlState.INSUFFICIENT_PRIVILEGE, `column "${a.column}" is a system column and cannot be written`, { position: a.pos + 1 });
    if (setColumns.includes(ci)) throw new DbError(SqlState.SYNTAX_ERROR, `multiple assignments to same column "${a.column}"`, { position: a.pos + 1 });
    setColumns.push(ci);
    setExprs.push(a.value === null
      ? (col.defaultSql === null ? { kind: 'const', type: col.type, value: null } : bindDefault(col.defaultSql, col.type))
      : assignCast(b.bindExpr(a.value, scope, null, null, col.type), col.type, col.name, a.pos));
  }
  return { kind: 'update', storage, def, plan, targetIds: t.ids, rowIdId: t.rowIdId, setColumns, setExprs, returning: bindReturning(b, s.returning, def, alias, scope) };
}

/** Binds a DELETE. */
export function bindDelete(b: BinderApi, s: A.DeleteStatement): BoundDelete {
  const storage = resolveTarget(b, s.table);
  const def = storage.def;
  const scope = new Scope(null);
  const alias = s.alias ?? def.name;
  const t = targetScan(b, storage, alias, scope);
  const plan = targetRows(b, t.plan, s.using, s.where, scope);
  return { kind: 'delete', storage, def, plan, targetIds: t.ids, rowIdId: t.rowIdId, returning: bindReturning(b, s.returning, def, alias, scope) };
}
