/**
 * DDL: turns CREATE/ALTER/DROP statements into catalog changes (new table versions, indexes,
 * views), validating KalamDB's table options. Every change is undoable through the undo log.
 */
import type * as A from '../sql/ast.ts';
import { toSql } from '../sql/to-sql.ts';
import { DbError } from '../errors/db-error.ts';
import { SqlState } from '../errors/sqlstate.ts';
import type { UndoLog } from '../storage/undo-log.ts';
import { castValue } from '../types/cast-value.ts';
import type { DataType } from '../types/data-type.ts';
import type { JsValue } from '../types/vector.ts';
import { ColumnStore } from '../storage/column.ts';
import { PartitionIndex } from '../storage/indexes/hash-index.ts';
import type { TableStorage } from '../storage/table-storage.ts';
import { RESERVED_NAMESPACES, type Catalog } from './catalog.ts';
import {
  DELETED_COLUMN, SEQ_COLUMN, columnIndex, type AccessLevel, type ColumnDefinition, type IndexDefinition,
  type TableDefinition, type TableKind, isPerUser,
} from '../schema/table-def.ts';

const ACCESS_LEVELS: ReadonlySet<string> = new Set(['public', 'private', 'restricted', 'dba']);

function typeDisplay(t: A.TypeSpec): string {
  if (t.type === 'numeric') return t.numeric === undefined ? 'NUMERIC' : `NUMERIC(${t.numeric.precision},${t.numeric.scale})`;
  return t.length !== undefined ? `${t.name.replace(/\(.*$/, '')}(${t.length})`.toUpperCase() : t.name.toUpperCase();
}

/** Validates a user-chosen identifier (no leading underscore: reserved for system columns). */
function checkName(name: string, what: string, pos: number): void {
  if (name.startsWith('_')) {
    throw new DbError(SqlState.RESERVED_NAME, `${what} name "${name}" is reserved: names starting with "_" belong to system columns`, { position: pos + 1 });
  }
}

/** Builds a column definition from its AST. */
function columnDef(c: A.ColumnDef, pk: boolean): ColumnDefinition {
  checkName(c.name, 'column', c.pos);
  return {
    name: c.name, type: c.type.type, maxLength: c.type.length ?? null, numeric: c.type.numeric ?? null, typeName: typeDisplay(c.type),
    notNull: c.notNull || pk, defaultSql: c.defaultExpr === null ? null : toSql(c.defaultExpr), primaryKey: pk, hidden: false,
  };
}

const HIDDEN: readonly ColumnDefinition[] = [
  { name: SEQ_COLUMN, type: 'bigint', maxLength: null, typeName: 'BIGINT', notNull: true, defaultSql: null, primaryKey: false, hidden: true },
  { name: DELETED_COLUMN, type: 'boolean', maxLength: null, typeName: 'BOOLEAN', notNull: true, defaultSql: null, primaryKey: false, hidden: true },
];

/** Options of CREATE TABLE … WITH (…), validated. */
interface TableOptions {
  kind: TableKind;
  accessLevel: AccessLevel | null;
  ttlSeconds: number | null;
  flushPolicy: string | null;
}

function parseOptions(s: A.CreateTableStatement): TableOptions {
  let kind: TableKind | null = s.tableType;
  let access: string | null = null;
  let ttl: number | null = null;
  let flush: string | null = null;
  for (const o of s.options) {
    const key = o.key.toLowerCase();
    const val = o.value;
    switch (key) {
      case 'type': {
        const t = String(val).toLowerCase();
        if (t !== 'user' && t !== 'shared' && t !== 'stream') {
          throw new DbError(SqlState.INVALID_PARAMETER_VALUE, `invalid table TYPE "${String(val)}"`, { position: o.pos + 1, hint: "TYPE is one of 'USER', 'SHARED', 'STREAM'." });
        }
        if (kind !== null && kind !== t) {
          throw new DbError(SqlState.SYNTAX_ERROR, `conflicting table types: CREATE ${kind.toUpperCase()} TABLE … WITH (TYPE = '${t.toUpperCase()}')`, { position: o.pos + 1 });
        }
        kind = t;
        break;
      }
      case 'access_level': {
        const a = String(val).toLowerCase();
        if (!ACCESS_LEVELS.has(a)) throw new DbError(SqlState.INVALID_PARAMETER_VALUE, `invalid ACCESS_LEVEL "${String(val)}"`, { position: o.pos + 1, hint: "ACCESS_LEVEL is one of 'public', 'private', 'restricted', 'dba'." });
        access = a;
        break;
      }
      case 'ttl_seconds': {
        const n = typeof val === 'number' ? val : Number(val);
        if (!Number.isInteger(n) || n <= 0) throw new DbError(SqlState.INVALID_PARAMETER_VALUE, 'TTL_SECONDS must be a positive integer', { position: o.pos + 1 });
        ttl = n;
        break;
      }
      case 'flush_policy': {
        const p = String(val);
        if (!/^(rows:\d+)?(,?interval:\d+)?$/.test(p) || p === '') throw new DbError(SqlState.INVALID_PARAMETER_VALUE, `invalid FLUSH_POLICY "${p}"`, { position: o.pos + 1, hint: "Write it as 'rows:N,interval:S'." });
        flush = p;
        break;
      }
      default:
        throw new DbError(SqlState.INVALID_PARAMETER_VALUE, `unrecognized parameter "${o.key}"`, { position: o.pos + 1, hint: 'Known table options: TYPE, ACCESS_LEVEL, TTL_SECONDS, FLUSH_POLICY.' });
    }
  }
  const k: TableKind = kind ?? 'shared';
  if (access !== null && k !== 'shared') throw new DbError(SqlState.INVALID_TABLE_DEFINITION, 'ACCESS_LEVEL is only allowed for SHARED tables');
  if (k === 'stream' && ttl === null) throw new DbError(SqlState.INVALID_TABLE_DEFINITION, 'STREAM tables require TTL_SECONDS', { hint: "Add WITH (TTL_SECONDS = 60)." });
  if (k !== 'stream' && ttl !== null) throw new DbError(SqlState.INVALID_TABLE_DEFINITION, 'TTL_SECONDS is only allowed for STREAM tables');
  return { kind: k, accessLevel: k === 'shared' ? ((access ?? 'private') as AccessLevel) : null, ttlSeconds: ttl, flushPolicy: flush };
}

/** CREATE TABLE. Returns false when IF NOT EXISTS found an existing table. */
export function createTable(catalog: Catalog, ns: string, s: A.CreateTableStatement, undo: UndoLog,
  checkDefault: (sql: string, type: DataType) => void, owner: string): TableStorage | null {
  const name = s.name.parts[s.name.parts.length - 1]!;
  const nsEntry = catalog.namespace(ns);
  if (nsEntry.tables.has(name) || nsEntry.views.has(name)) {
    if (s.ifNotExists) return null;
    throw new DbError(SqlState.DUPLICATE_TABLE, `relation "${name}" already exists`, { position: s.name.pos + 1 });
  }
  checkName(name, 'table', s.name.pos);
  const opts = parseOptions(s);
  const pkNames = new Set<string>(s.primaryKey);
  const colPk = s.columns.filter((c) => c.primaryKey);
  if (colPk.length > 1 || (colPk.length > 0 && s.primaryKey.length > 0)) {
    throw new DbError(SqlState.INVALID_TABLE_DEFINITION, `multiple primary keys for table "${name}" are not allowed`, { position: s.pos + 1 });
  }
  for (const c of colPk) pkNames.add(c.name);
  const seen = new Set<string>();
  for (const c of s.columns) {
    if (seen.has(c.name)) throw new DbError(SqlState.DUPLICATE_COLUMN, `column "${c.name}" specified more than once`, { position: c.pos + 1 });
    seen.add(c.name);
  }
  if (s.columns.length === 0) throw new DbError(SqlState.INVALID_TABLE_DEFINITION, 'a table must have at least one column', { position: s.pos + 1 });
  if (s.columns.length > 1600) throw new DbError(SqlState.TOO_MANY_COLUMNS, 'tables can have at most 1600 columns');
  for (const p of pkNames) if (!seen.has(p)) throw new DbError(SqlState.UNDEFINED_COLUMN, `column "${p}" named in key does not exist`, { position: s.pos + 1 });
  const columns = [...s.columns.map((c) => columnDef(c, pkNames.has(c.name))), ...HIDDEN];
  for (const c of columns) if (c.defaultSql !== null) checkDefault(c.defaultSql, c.type);
  const primaryKey = s.primaryKey.length > 0 ? s.primaryKey.map((n) => columns.findIndex((c) => c.name === n)) : columns.flatMap((c, i) => (c.primaryKey ? [i] : []));
  const now = Date.now();
  const def: TableDefinition = {
    namespace: ns, name, kind: opts.kind, accessLevel: opts.accessLevel, ttlSeconds: opts.ttlSeconds, flushPolicy: opts.flushPolicy,
    columns, primaryKey, schemaVersion: 1, createdAt: now, updatedAt: now, owner,
  };
  const storage = catalog.addTable(def, undo);
  const indexes: IndexDefinition[] = [];
  if (primaryKey.length > 0) indexes.push({ name: `${name}_pkey`, columns: primaryKey, desc: primaryKey.map(() => false), unique: true, implicit: true });
  for (const c of s.columns) {
    if (c.unique && !pkNames.has(c.name)) {
      const ci = columnIndex(def, c.name);
      indexes.push({ name: `${name}_${c.name}_key`, columns: [ci], desc: [false], unique: true, implicit: true });
    }
  }
  for (const u of s.uniques) {
    const cols = u.map((n) => {
      const ci = columnIndex(def, n);
      if (ci < 0) throw new DbError(SqlState.UNDEFINED_COLUMN, `column "${n}" named in key does not exist`);
      return ci;
    });
    indexes.push({ name: `${name}_${u.join('_')}_key`, columns: cols, desc: cols.map(() => false), unique: true, implicit: true });
  }
  storage.indexes = indexes;
  return storage;
}

/** CREATE INDEX. */
export function createIndex(catalog: Catalog, ns: string, s: A.CreateIndexStatement, undo: UndoLog): boolean {
  const tname = s.table.parts[s.table.parts.length - 1]!;
  const storage = catalog.findTable(ns, tname);
  if (storage === undefined) throw new DbError(SqlState.UNDEFINED_TABLE, `relation "${s.table.parts.join('.')}" does not exist`, { position: s.table.pos + 1 });
  const def = storage.def;
  const cols = s.columns.map((c) => {
    const i = columnIndex(def, c.name);
    if (i < 0) throw new DbError(SqlState.UNDEFINED_COLUMN, `column "${c.name}" does not exist`, { position: s.pos + 1 });
    return i;
  });
  let name = s.name;
  if (name === null) {
    const base = `${def.name}_${s.columns.map((c) => c.name).join('_')}_idx`;
    name = base;
    for (let k = 1; catalog.findIndex(ns, name) !== undefined; k++) name = `${base}${k}`;
  }
  if (catalog.findIndex(ns, name) !== undefined || catalog.findTable(ns, name) !== undefined) {
    if (s.ifNotExists) return false;
    throw new DbError(SqlState.DUPLICATE_TABLE, `relation "${name}" already exists`, { position: s.pos + 1 });
  }
  if (s.method !== null && s.method !== 'btree' && s.method !== 'hash') {
    throw new DbError(SqlState.UNDEFINED_OBJECT, `access method "${s.method}" does not exist`, { position: s.pos + 1 });
  }
  const ix: IndexDefinition = { name, columns: cols, desc: s.columns.map((c) => c.desc), unique: s.unique, implicit: false };
  // build in every partition (fails with 23505 on duplicates for UNIQUE)
  for (const p of storage.partitions.values()) p.addIndex(ix, `${def.namespace}.${def.name}`, !isPerUser(def));
  storage.indexes = [...storage.indexes, ix];
  catalog.version++;
  undo.push({
    kind: 'catalog',
    change: { kind: 'create_index', namespace: def.namespace, table: def.name, index: ix },
    undo: () => {
      storage.indexes = storage.indexes.filter((x) => x !== ix);
      for (const p of storage.partitions.values()) p.indexes = p.indexes.filter((x) => x.def !== ix);
      catalog.version++;
    },
  });
  return true;
}

/** DROP INDEX. */
export function dropIndex(catalog: Catalog, ns: string, s: A.DropIndexStatement, undo: UndoLog): boolean {
  const iname = s.name.parts[s.name.parts.length - 1]!;
  const found = catalog.findIndex(ns, iname);
  if (found === undefined) {
    if (s.ifExists) return false;
    throw new DbError(SqlState.UNDEFINED_OBJECT, `index "${iname}" does not exist`, { position: s.pos + 1 });
  }
  const { storage } = found;
  const ix = storage.indexes[found.position]!;
  if (ix.implicit) {
    throw new DbError(SqlState.DEPENDENT_OBJECTS_STILL_EXIST, `cannot drop index ${iname} because constraint ${iname} on table ${storage.def.name} requires it`, {
      hint: `You can drop constraint ${iname} on table ${storage.def.name} instead.`,
    });
  }
  const before = storage.indexes;
  const partBefore = new Map([...storage.partitions.values()].map((p) => [p, p.indexes] as const));
  storage.indexes = before.filter((x) => x !== ix);
  for (const p of storage.partitions.values()) p.indexes = p.indexes.filter((x) => x.def !== ix);
  catalog.version++;
  undo.push({
    kind: 'catalog',
    change: { kind: 'drop_index', namespace: storage.def.namespace, table: storage.def.name, name: ix.name },
    undo: () => {
      storage.indexes = before;
      for (const [p, ixs] of partBefore) p.indexes = ixs;
      catalog.version++;
    },
  });
  return true;
}

/** ALTER TABLE: one action, one new schema version. */
export function alterTable(catalog: Catalog, storage: TableStorage, a: A.AlterAction, undo: UndoLog,
  evalDefault: (sql: string, type: DataType) => unknown): string {
  const def = storage.def;
  const next = (cols: ColumnDefinition[], extra: Partial<TableDefinition> = {}): TableDefinition => ({
    ...def, ...extra, columns: cols, schemaVersion: def.schemaVersion + 1, updatedAt: Date.now(),
  });
  const visible = def.columns.filter((c) => !c.hidden);
  const hidden = def.columns.filter((c) => c.hidden);
  const find = (n: string): number => {
    const i = columnIndex(def, n);
    if (i < 0 || def.columns[i]!.hidden) throw new DbError(SqlState.UNDEFINED_COLUMN, `column "${n}" of relation "${def.name}" does not exist`);
    return i;
  };
  switch (a.kind) {
    case 'add_column': {
      const c = a.column;
      if (columnIndex(def, c.name) >= 0) {
        if (a.ifNotExists) return `Table ${def.namespace}.${def.name} altered`;
        throw new DbError(SqlState.DUPLICATE_COLUMN, `column "${c.name}" of relation "${def.name}" already exists`);
      }
      if (c.primaryKey) throw new DbError(SqlState.FEATURE_NOT_SUPPORTED, 'adding a PRIMARY KEY column is not supported');
      const cd = columnDef(c, false);
      const fill = cd.defaultSql === null ? null : evalDefault(cd.defaultSql, cd.type);
      if (cd.notNull && fill === null && storage.liveRows() > 0) {
        throw new DbError(SqlState.NOT_NULL_VIOLATION, `column "${c.name}" of relation "${def.name}" contains null values`);
      }
      const pos = visible.length;
      const newDef = next([...visible, cd, ...hidden]);
      // physical column: inserted before the hidden ones in every partition
      for (const p of storage.partitions.values()) {
        const col = new ColumnStore(cd.type, Math.max(16, p.length), cd.numeric ?? null);
        for (let r = 0; r < p.length; r++) col.set(r, fill as never);
        p.columns.splice(pos, 0, col);
        p.seqIndex++; p.deletedIndex++;
      }
      shiftIndexes(storage, pos, +1);
      catalog.replaceDefinition(storage, newDef, undo, { kind: 'add_column', column: cd.name, fill: fill as JsValue });
      undo.push({
        kind: 'catalog',
        undo: () => {
          for (const p of storage.partitions.values()) { p.columns.splice(pos, 1); p.seqIndex--; p.deletedIndex--; }
          shiftIndexes(storage, pos + 1, -1);
        },
      });
      return `Table ${def.namespace}.${def.name} altered`;
    }
    case 'drop_column': {
      const i = columnIndex(def, a.column);
      if (i < 0) {
        if (a.ifExists) return `Table ${def.namespace}.${def.name} altered`;
        find(a.column);
      }
      if (def.columns[i]!.hidden) throw new DbError(SqlState.INSUFFICIENT_PRIVILEGE, `cannot drop system column "${a.column}"`);
      if (def.primaryKey.includes(i)) throw new DbError(SqlState.DEPENDENT_OBJECTS_STILL_EXIST, `cannot drop column ${a.column} because it is part of the primary key`);
      if (visible.length === 1) throw new DbError(SqlState.INVALID_TABLE_DEFINITION, 'a table must keep at least one column');
      const removedIdx = storage.indexes.filter((x) => x.columns.includes(i));
      const keptIdx = storage.indexes.filter((x) => !x.columns.includes(i));
      const newDef = next(def.columns.filter((_, k) => k !== i), { primaryKey: def.primaryKey.map((k) => (k > i ? k - 1 : k)) });
      const removedCols = new Map<unknown, ColumnStore>();
      const oldPartIdx = new Map([...storage.partitions.values()].map((p) => [p, p.indexes] as const));
      for (const p of storage.partitions.values()) {
        removedCols.set(p, p.columns[i]!);
        p.columns.splice(i, 1);
        p.seqIndex--; p.deletedIndex--;
        p.indexes = p.indexes.filter((x) => !removedIdx.includes(x.def));
      }
      const oldIdx = storage.indexes;
      storage.indexes = keptIdx;
      shiftIndexes(storage, i + 1, -1);
      catalog.replaceDefinition(storage, newDef, undo, { kind: 'drop_column', column: a.column });
      undo.push({
        kind: 'catalog',
        undo: () => {
          shiftIndexes(storage, i, +1);
          storage.indexes = oldIdx;
          for (const p of storage.partitions.values()) {
            p.columns.splice(i, 0, removedCols.get(p)!);
            p.seqIndex++; p.deletedIndex++;
            p.indexes = oldPartIdx.get(p) ?? p.indexes;
          }
        },
      });
      return `Table ${def.namespace}.${def.name} altered`;
    }
    case 'rename_column': {
      const i = find(a.from);
      checkName(a.to, 'column', 0);
      if (columnIndex(def, a.to) >= 0) throw new DbError(SqlState.DUPLICATE_COLUMN, `column "${a.to}" of relation "${def.name}" already exists`);
      catalog.replaceDefinition(storage, next(def.columns.map((c, k) => (k === i ? { ...c, name: a.to } : c))), undo, { kind: 'rename_column', from: a.from, to: a.to });
      return `Table ${def.namespace}.${def.name} altered`;
    }
    case 'rename_table': {
      const ns = catalog.namespace(def.namespace);
      if (ns.tables.has(a.to) || ns.views.has(a.to)) throw new DbError(SqlState.DUPLICATE_TABLE, `relation "${a.to}" already exists`);
      checkName(a.to, 'table', 0);
      const old = def.name;
      ns.tables.delete(old);
      ns.tables.set(a.to, storage);
      catalog.replaceDefinition(storage, { ...next([...def.columns]), name: a.to }, undo, { kind: 'rename_table', from: old, to: a.to });
      undo.push({ kind: 'catalog', undo: () => { ns.tables.delete(a.to); ns.tables.set(old, storage); } });
      return `Table ${def.namespace}.${a.to} altered`;
    }
    case 'modify_column': {
      const i = find(a.column);
      const to = a.type.type;
      const from = def.columns[i]!.type;
      const target = typeDisplay(a.type);
      // convert stored values (fails, changing nothing, when a live value cannot be converted);
      // soft-deleted rows are never validated: they become NULL
      const converted = new Map<unknown, ColumnStore>();
      for (const p of storage.partitions.values()) {
        const col = new ColumnStore(to, Math.max(16, p.length), a.type.numeric ?? null);
        const old = p.columns[i]!;
        const del = p.deleted;
        for (let r = 0; r < p.length; r++) {
          const v = del[r] === 1 ? null : old.get(r);
          if (v === null) { col.set(r, null); continue; }
          let c: JsValue;
          try {
            c = castValue(v, from, to);
          } catch (e) {
            // the rows of a per-user table may be another user's: report the rule, never the value
            if (isPerUser(def)) throw unconvertible(e, a.column, def.name, target);
            throw e;
          }
          if (a.type.length !== undefined && typeof c === 'string' && c.length > a.type.length) {
            throw new DbError(SqlState.STRING_DATA_RIGHT_TRUNCATION, `value too long for type character varying(${a.type.length})`, {
              detail: `A row of column "${a.column}" of relation "${def.name}" is longer than ${a.type.length} characters.`,
            });
          }
          col.set(r, c as never);
        }
        converted.set(p, col);
      }
      const olds = new Map<unknown, ColumnStore>();
      for (const p of storage.partitions.values()) { olds.set(p, p.columns[i]!); p.columns[i] = converted.get(p)!; p.rebuildIndexes(); }
      catalog.replaceDefinition(storage, next(def.columns.map((c, k) => (k === i ? { ...c, type: to, maxLength: a.type.length ?? null, numeric: a.type.numeric ?? null, typeName: target } : c))), undo, { kind: 'modify_column', column: a.column });
      undo.push({ kind: 'catalog', undo: () => { for (const p of storage.partitions.values()) { p.columns[i] = olds.get(p)!; } } });
      return `Table ${def.namespace}.${def.name} altered`;
    }
    case 'set_default': {
      const i = find(a.column);
      const sql = toSql(a.value);
      evalDefault(sql, def.columns[i]!.type);
      catalog.replaceDefinition(storage, next(def.columns.map((c, k) => (k === i ? { ...c, defaultSql: sql } : c))), undo, { kind: 'set_default', column: a.column });
      return `Table ${def.namespace}.${def.name} altered`;
    }
    case 'drop_default': {
      const i = find(a.column);
      catalog.replaceDefinition(storage, next(def.columns.map((c, k) => (k === i ? { ...c, defaultSql: null } : c))), undo, { kind: 'drop_default', column: a.column });
      return `Table ${def.namespace}.${def.name} altered`;
    }
    case 'set_not_null': {
      const i = find(a.column);
      for (const p of storage.partitions.values()) {
        for (let r = 0; r < p.length; r++) {
          if (p.deleted[r] === 0 && p.columns[i]!.get(r) === null) {
            throw new DbError(SqlState.NOT_NULL_VIOLATION, `column "${a.column}" of relation "${def.name}" contains null values`);
          }
        }
      }
      catalog.replaceDefinition(storage, next(def.columns.map((c, k) => (k === i ? { ...c, notNull: true } : c))), undo, { kind: 'set_not_null', column: a.column });
      return `Table ${def.namespace}.${def.name} altered`;
    }
    case 'drop_not_null': {
      const i = find(a.column);
      if (def.primaryKey.includes(i)) throw new DbError(SqlState.INVALID_TABLE_DEFINITION, `column "${a.column}" is in a primary key`);
      catalog.replaceDefinition(storage, next(def.columns.map((c, k) => (k === i ? { ...c, notNull: false } : c))), undo, { kind: 'drop_not_null', column: a.column });
      return `Table ${def.namespace}.${def.name} altered`;
    }
    case 'set_access_level': {
      if (def.kind !== 'shared') throw new DbError(SqlState.INVALID_TABLE_DEFINITION, 'ACCESS LEVEL is only allowed for SHARED tables');
      const lvl = a.level.toLowerCase();
      if (!ACCESS_LEVELS.has(lvl)) throw new DbError(SqlState.INVALID_PARAMETER_VALUE, `invalid access level "${a.level}"`, { hint: "One of 'public', 'private', 'restricted', 'dba'." });
      catalog.replaceDefinition(storage, next([...def.columns], { accessLevel: lvl as AccessLevel }), undo, { kind: 'set_access_level', level: lvl });
      return `Table ${def.namespace}.${def.name} altered`;
    }
  }
}

/** The error for a stored value of a per-user table that a new column type cannot hold: the failing rule, without the value. */
function unconvertible(cause: unknown, column: string, table: string, target: string): DbError {
  const code = cause instanceof DbError ? cause.code : SqlState.INVALID_TEXT_REPRESENTATION;
  return new DbError(code, `column "${column}" of relation "${table}" contains values that cannot be converted to type ${target.toLowerCase()}`, {
    hint: 'Rows of USER and STREAM tables belong to their users; their values are not shown.',
  });
}

/** Shifts column positions ≥ `from` in index definitions by `delta` (after add/drop column). */
function shiftIndexes(storage: TableStorage, from: number, delta: number): void {
  const remap = (d: IndexDefinition): IndexDefinition => ({ ...d, columns: d.columns.map((c) => (c >= from ? c + delta : c)) });
  const mapped = new Map<IndexDefinition, IndexDefinition>();
  storage.indexes = storage.indexes.map((d) => { const m = remap(d); mapped.set(d, m); return m; });
  for (const p of storage.partitions.values()) {
    p.indexes = p.indexes.map((ix) => {
      const nd = mapped.get(ix.def) ?? remap(ix.def);
      return new PartitionIndex(nd, nd.columns.map((c) => p.columns[c]!.type), p.columns[nd.columns[0]!]);
    });
    p.rebuildIndexes();
  }
}

/** Validates a namespace name for CREATE NAMESPACE. */
export function checkNamespaceName(name: string, pos: number): void {
  if (RESERVED_NAMESPACES.has(name)) {
    throw new DbError(SqlState.RESERVED_NAME, `namespace name "${name}" is reserved`, { position: pos + 1 });
  }
  checkName(name, 'namespace', pos);
}
