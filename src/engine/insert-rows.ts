/**
 * Bulk insert of plain row objects (the provider handle's `insert`): columns are built in one
 * typed pass each and adopted by the storage, without SQL. The part of the engine loaded on
 * first use that holds it (`bulk-insert-part.ts`) also carries the batched calls (`batch.ts`).
 */
import { DbError } from '../errors/db-error.ts';
import { SqlState } from '../errors/sqlstate.ts';
import type { ColumnArrays, ExecResult } from '../api/engine-api.ts';
import { checkWrite } from '../auth/privileges.ts';
import type { TableDefinition } from '../schema/table-def.ts';
import { checkRowKeys, columnFromValues } from '../storage/row-import.ts';
import { columnsFromObjects } from '../storage/row-columns.ts';
import type { TableStorage } from '../storage/table-storage.ts';
import type { UndoLog } from '../storage/undo-log.ts';
import type { Vector } from '../types/vector.ts';
import { longerThan } from '../types/char-length.ts';
import { parseQualified } from './names.ts';
import { binderFor, defaultSupplier } from './planning.ts';
import { dmlResult } from './results.ts';
import type { Session } from './session.ts';
import type { EngineState } from './state.ts';

// the batched calls (stmt.run, session.batch) travel in this part too: bulk writes, loaded on first use
export { runBatch, runMany } from './batch.ts';

/** The table a bulk insert writes, checked for the session's write privilege. */
function targetOf(db: EngineState, s: Session, table: string): TableStorage {
  const { ns, name: t } = binderFor(db, s).resolveName(parseQualified(table));
  const storage = db.catalog.findTable(ns, t);
  if (storage === undefined) throw new DbError(SqlState.UNDEFINED_TABLE, `relation "${table}" does not exist`);
  checkWrite(storage.def, s.role);
  return storage;
}

/**
 * Inserts columns (name → values) into a table as one statement: no row objects; typed arrays
 * of a column's own type are adopted. Columns left out get their defaults.
 */
export function insertColumnArrays(db: EngineState, s: Session, table: string, columns: ColumnArrays, undo: UndoLog): ExecResult {
  const storage = targetOf(db, s, table);
  const def = storage.def;
  if (columns === null || typeof columns !== 'object') throw new DbError(SqlState.INVALID_PARAMETER_VALUE, 'columns must be an object of column name → values');
  const visible = def.columns.filter((c) => !c.hidden);
  const names = Object.keys(columns);
  for (const k of names) {
    if (!visible.some((c) => c.name === k)) throw new DbError(SqlState.UNDEFINED_COLUMN, `column "${k}" of relation "${def.name}" does not exist`);
  }
  if (names.length === 0) return dmlResult('insert', 0, null, []);
  const n = (columns[names[0]!] as ArrayLike<unknown>).length;
  if (typeof n !== 'number') throw new DbError(SqlState.INVALID_PARAMETER_VALUE, `column "${names[0]}" is not an array`);
  const vectors: Vector[] = def.columns.map((c) => {
    if (c.hidden) return { type: c.type, length: n, data: new Uint8Array(0), nulls: null } as Vector;
    const dflt = defaultSupplier(db, s, c.defaultSql, c.type);
    const given = columns[c.name];
    if (given === undefined) return columnFromValues(new Array(n), n, c.type, dflt);
    return columnFromValues(given, n, c.type, dflt);
  });
  checkRowConstraints(def, vectors, n);
  const part = storage.writePartition({ user: s.user, role: s.role });
  storage.insert(part, vectors, n, null, db.seq, undo, true);
  return dmlResult('insert', n, null, []);
}

/** Inserts row objects into a table as one statement. */
export function insertRowObjects(db: EngineState, s: Session, table: string, rows: readonly Record<string, unknown>[], undo: UndoLog): ExecResult {
  const storage = targetOf(db, s, table);
  const def = storage.def;
  if (!Array.isArray(rows)) throw new DbError(SqlState.INVALID_PARAMETER_VALUE, 'rows must be an array of objects');
  const n = rows.length;
  checkRowKeys(rows, new Set(def.columns.filter((c) => !c.hidden).map((c) => c.name)), def.name);
  const ctx = { user: s.user, role: s.role };
  const existed = storage.readPartition(ctx) !== undefined;
  const part = storage.writePartition(ctx);
  try {
    // text is interned by the column it goes to while built (an empty column then adopts the array as is)
    const given = def.columns.flatMap((c, ci) => {
      if (c.hidden) return [];
      const col = part.columns[ci]!;
      const intern = col.interned === null ? null : col;
      return [{ name: c.name, type: c.type, dflt: defaultSupplier(db, s, c.defaultSql, c.type), intern }];
    });
    const built = columnsFromObjects(rows, given);
    let g = 0;
    const vectors: Vector[] = def.columns.map((c) => {
      if (c.hidden) return { type: c.type, length: n, data: new Uint8Array(0), nulls: null } as Vector;
      return built[g++]!;
    });
    checkRowConstraints(def, vectors, n);
    // the column vectors were built for this insert only: storage may adopt their arrays
    storage.insert(part, vectors, n, null, db.seq, undo, 'interned');
  } catch (e) {
    // a partition made for rows that were all refused is not left behind (system.stats would list it)
    if (!existed) storage.dropIfEmpty(part);
    throw e;
  }
  return dmlResult('insert', n, null, []);
}

function checkRowConstraints(def: TableDefinition, vectors: readonly Vector[], n: number): void {
  def.columns.forEach((c, ci) => {
    if (c.hidden) return;
    const v = vectors[ci]!;
    if ((c.notNull || def.primaryKey.includes(ci)) && v.nulls !== null) {
      for (let i = 0; i < n; i++) if (v.nulls[i] === 1) {
        throw new DbError(SqlState.NOT_NULL_VIOLATION, `null value in column "${c.name}" of relation "${def.name}" violates not-null constraint`, { columnName: c.name });
      }
    }
    if (c.maxLength !== null) {
      const d = v.data as string[];
      for (let i = 0; i < n; i++) if ((v.nulls === null || v.nulls[i] === 0) && longerThan(d[i]!, c.maxLength)) {
        throw new DbError(SqlState.STRING_DATA_RIGHT_TRUNCATION, `value too long for type character varying(${c.maxLength})`, { columnName: c.name });
      }
    }
  });
}
