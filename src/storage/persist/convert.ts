/**
 * Schema conversion of stored rows. Segments and log records keep the schema version their
 * rows were written in; loading a partition replays the ALTERs recorded since (the
 * `AlterRecord` of each version, kept in the table's catalog record) on its columns, exactly as
 * the ALTER did to the partitions in memory at the time: ADD COLUMN fills existing rows with
 * the value the ALTER computed, DROP COLUMN removes the column, MODIFY COLUMN casts each value
 * and applies the new NUMERIC(p, s), which also makes a MODIFY COLUMN between two NUMERIC
 * typmods round the stored values (the ALTER validated every row, since every partition of the
 * table is loaded before an ALTER; rows deleted since are set to NULL if their value no longer
 * converts). Renames, defaults, NOT NULL and access levels change no stored value.
 */
import type { AlterRecord } from '../catalog-change.ts';
import { ColumnStore } from '../column.ts';
import type { Partition } from '../partition.ts';
import { columnIndex, DELETED_COLUMN, SEQ_COLUMN, type TableDefinition } from '../../schema/table-def.ts';
import { castValue } from '../../types/cast-value.ts';
import type { JsValue } from '../../types/vector.ts';

/** The schema history of a table: its versions (oldest first) and the ALTER that made each. */
export interface SchemaHistory {
  readonly versions: readonly TableDefinition[];
  /** `actions[i]` made `versions[i]` (null for the first version, or when unknown). */
  readonly actions: readonly (AlterRecord | null)[];
}

function positionOf(h: SchemaHistory, version: number): number {
  for (let i = 0; i < h.versions.length; i++) if (h.versions[i]!.schemaVersion === version) return i;
  return -1;
}

/** The definition of schema version `version`, or undefined. */
export function definitionAt(h: SchemaHistory, version: number): TableDefinition | undefined {
  const i = positionOf(h, version);
  return i < 0 ? undefined : h.versions[i];
}

function setHidden(p: Partition, def: TableDefinition): void {
  p.seqIndex = columnIndex(def, SEQ_COLUMN);
  p.deletedIndex = columnIndex(def, DELETED_COLUMN);
}

type ColumnDef = TableDefinition['columns'][number];

/** True when values of column `a` are stored as they are in column `b` (same type, same NUMERIC(p, s)). */
function sameStorage(a: ColumnDef, b: ColumnDef): boolean {
  if (a.type !== b.type) return false;
  if (a.type !== 'numeric') return true;
  const x = a.numeric ?? null, y = b.numeric ?? null;
  return x === y || (x !== null && y !== null && x.precision === y.precision && x.scale === y.scale);
}

/** Rebuilds columns by name (a step whose ALTER is unknown): kept columns move, new ones are NULL. */
function convertByName(p: Partition, from: TableDefinition, to: TableDefinition): void {
  p.columns = to.columns.map((c) => {
    const i = columnIndex(from, c.name);
    if (i >= 0 && sameStorage(from.columns[i]!, c)) return p.columns[i]!;
    const col = new ColumnStore(c.type, Math.max(16, p.length), c.numeric ?? null);
    const old = i >= 0 ? p.columns[i]! : null;
    for (let r = 0; r < p.length; r++) setOrNull(col, r, old === null ? null : castOrNull(old.get(r), from.columns[i]!.type, c.type));
    return col;
  });
}

/** Writes a value, or NULL when the column rejects it (a NUMERIC(p, s) overflow of a row deleted since the ALTER). */
function setOrNull(col: ColumnStore, r: number, v: JsValue): void {
  try {
    col.set(r, v);
  } catch {
    col.set(r, null);
  }
}

function castOrNull(v: JsValue, from: ColumnDef['type'], to: ColumnDef['type']): JsValue {
  if (v === null) return null;
  try {
    return castValue(v, from, to);
  } catch {
    return null;
  }
}

/** Applies one ALTER step (`from` → `to`) to a partition's columns. */
function step(p: Partition, from: TableDefinition, to: TableDefinition, action: AlterRecord | null): void {
  switch (action?.kind) {
    case 'add_column': {
      const ci = columnIndex(to, action.column);
      const c = to.columns[ci]!;
      const col = new ColumnStore(c.type, Math.max(16, p.length), c.numeric ?? null);
      for (let r = 0; r < p.length; r++) setOrNull(col, r, action.fill);
      p.columns.splice(ci, 0, col);
      break;
    }
    case 'drop_column': {
      const ci = columnIndex(from, action.column);
      if (ci >= 0) p.columns.splice(ci, 1);
      break;
    }
    case 'modify_column': {
      const ci = columnIndex(to, action.column);
      const fromType = from.columns[ci]!.type;
      const toType = to.columns[ci]!.type;
      if (sameStorage(from.columns[ci]!, to.columns[ci]!)) break;
      const old = p.columns[ci]!;
      const col = new ColumnStore(toType, Math.max(16, p.length), to.columns[ci]!.numeric ?? null);
      for (let r = 0; r < p.length; r++) setOrNull(col, r, castOrNull(old.get(r), fromType, toType));
      p.columns[ci] = col;
      break;
    }
    case 'rename_column': case 'rename_table': case 'set_default': case 'drop_default':
    case 'set_not_null': case 'drop_not_null': case 'set_access_level':
      break;
    case undefined:
      convertByName(p, from, to);
      break;
  }
  setHidden(p, to);
}

/**
 * Converts a partition whose columns follow schema version `version` to the table's latest
 * version, step by step. Returns false when a version is missing from the history (the caller
 * then converts by name with {@link convertPartitionByName}).
 */
export function convertPartition(p: Partition, h: SchemaHistory, version: number, target: number): boolean {
  let i = positionOf(h, version);
  const last = positionOf(h, target);
  if (i < 0 || last < 0) return false;
  for (; i < last; i++) step(p, h.versions[i]!, h.versions[i + 1]!, h.actions[i + 1] ?? null);
  return true;
}

/** Converts by column name (fallback when the history is incomplete). */
export function convertPartitionByName(p: Partition, from: TableDefinition, to: TableDefinition): void {
  convertByName(p, from, to);
  setHidden(p, to);
}
