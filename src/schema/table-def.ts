/**
 * Table definitions: the schema of a table at one version. Definitions are immutable; an
 * ALTER makes a new version (kept in `versions` for `system.schemas`).
 */
import type { DataType } from '../types/data-type.ts';
import type { NumericTypmod } from '../types/numeric-value.ts';
import type { JsValue } from '../types/vector.ts';

/** KalamDB table types, plus `system` for the built-in tables. */
export type TableKind = 'user' | 'shared' | 'stream' | 'system';

/** Access levels of shared tables. */
export type AccessLevel = 'public' | 'private' | 'restricted' | 'dba';

/** One column of a table definition. */
export interface ColumnDefinition {
  readonly name: string;
  readonly type: DataType;
  /** VARCHAR(n)/CHAR(n) limit. */
  readonly maxLength: number | null;
  /**
   * NUMERIC(p, s) / DECIMAL(p, s): values are rounded to scale s and checked against precision p
   * when stored (absent or null: unconstrained numeric, or not a numeric column).
   */
  readonly numeric?: NumericTypmod | null;
  /** The type as written (`VARCHAR(20)`), for DESCRIBE. */
  readonly typeName: string;
  readonly notNull: boolean;
  /** DEFAULT as SQL text (re-parsed and bound when used), or null. */
  readonly defaultSql: string | null;
  readonly primaryKey: boolean;
  /** Hidden system column (`_seq`, `_deleted`). */
  readonly hidden: boolean;
}

/** An index on a table. */
export interface IndexDefinition {
  readonly name: string;
  /** Column positions in the table. */
  readonly columns: readonly number[];
  readonly desc: readonly boolean[];
  readonly unique: boolean;
  /** Created implicitly for PRIMARY KEY / UNIQUE constraints. */
  readonly implicit: boolean;
}

/** One version of a table's schema. */
export interface TableDefinition {
  readonly namespace: string;
  readonly name: string;
  readonly kind: TableKind;
  readonly accessLevel: AccessLevel | null;
  readonly ttlSeconds: number | null;
  readonly flushPolicy: string | null;
  /** Visible columns first, then the hidden `_seq` and `_deleted`. */
  readonly columns: readonly ColumnDefinition[];
  /** Positions of the primary-key columns (empty when none). */
  readonly primaryKey: readonly number[];
  readonly schemaVersion: number;
  readonly createdAt: number;
  readonly updatedAt: number;
  /**
   * The user who created the table: for USER and STREAM tables, the one user (besides service
   * and above) who may alter it and create or drop its indexes (DESIGN §5).
   */
  readonly owner: string;
}

/** True for tables whose rows are partitioned per user (USER and STREAM tables). */
export function isPerUser(def: { readonly kind: TableKind }): boolean {
  return def.kind === 'user' || def.kind === 'stream';
}

/** A view: a named query, re-bound on every use. */
export interface ViewDefinition {
  readonly namespace: string;
  readonly name: string;
  readonly columns: readonly string[];
  readonly sql: string;
  readonly createdAt: number;
}

/** The full name `ns.t`. */
export function qualifiedName(def: { readonly namespace: string; readonly name: string }): string {
  return `${def.namespace}.${def.name}`;
}

/** Names of the hidden system columns every user/shared/stream table has. */
export const SEQ_COLUMN = '_seq';
export const DELETED_COLUMN = '_deleted';

/** Number of visible (user-declared) columns. */
export function visibleColumnCount(def: TableDefinition): number {
  let n = 0;
  for (const c of def.columns) if (!c.hidden) n++;
  return n;
}

/** Finds a column by name (case-sensitive, names are already folded). -1 when absent. */
export function columnIndex(def: TableDefinition, name: string): number {
  const cols = def.columns;
  for (let i = 0; i < cols.length; i++) if (cols[i]!.name === name) return i;
  return -1;
}

/** A constant default already evaluated, cached per definition. */
export type ResolvedDefault = { readonly constant: true; readonly value: JsValue } | { readonly constant: false };
