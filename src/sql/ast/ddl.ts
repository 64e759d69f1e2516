/**
 * Schema statements: CREATE / DROP / ALTER of tables (KalamDB table types, column definitions,
 * `WITH (…)` options), indexes, views and namespaces. `../ast.ts` re-exports the whole vocabulary.
 */
import type { TypeSpec } from '../../types/data-type.ts';
import type { Expr, QualifiedName, Query } from './query.ts';

/** KalamDB table types. */
export type TableType = 'user' | 'shared' | 'stream';

export interface ColumnDef {
  readonly name: string;
  readonly type: TypeSpec;
  readonly notNull: boolean;
  /** Explicit `NULL` constraint (printing only). */
  readonly nullable: boolean;
  readonly defaultExpr: Expr | null;
  readonly primaryKey: boolean;
  readonly unique: boolean;
  readonly pos: number;
}

/** A `WITH (KEY = value, …)` option; values are literals or identifiers. */
export interface TableOption {
  readonly key: string;
  readonly value: string | number | boolean;
  readonly pos: number;
}

export interface CreateTableStatement {
  readonly kind: 'create_table';
  readonly pos: number;
  /** The prefix as written (`CREATE USER TABLE`), null for plain `CREATE TABLE`. */
  readonly tableType: TableType | null;
  readonly ifNotExists: boolean;
  readonly name: QualifiedName;
  readonly columns: readonly ColumnDef[];
  /** Table-level `PRIMARY KEY (cols)`, empty when absent. */
  readonly primaryKey: readonly string[];
  /** Table-level `UNIQUE (cols)` constraints. */
  readonly uniques: readonly (readonly string[])[];
  readonly options: readonly TableOption[];
  /** `CREATE TABLE t AS SELECT …`. */
  readonly asQuery: Query | null;
}

export interface DropTableStatement {
  readonly kind: 'drop_table';
  readonly pos: number;
  readonly tableType: TableType | null;
  readonly ifExists: boolean;
  readonly names: readonly QualifiedName[];
  readonly cascade: boolean;
}

/** One ALTER TABLE action. */
export type AlterAction =
  | { readonly kind: 'add_column'; readonly column: ColumnDef; readonly ifNotExists: boolean }
  | { readonly kind: 'drop_column'; readonly column: string; readonly ifExists: boolean }
  | { readonly kind: 'rename_column'; readonly from: string; readonly to: string }
  | { readonly kind: 'rename_table'; readonly to: string }
  | { readonly kind: 'modify_column'; readonly column: string; readonly type: TypeSpec }
  | { readonly kind: 'set_default'; readonly column: string; readonly value: Expr }
  | { readonly kind: 'drop_default'; readonly column: string }
  | { readonly kind: 'set_not_null'; readonly column: string }
  | { readonly kind: 'drop_not_null'; readonly column: string }
  | { readonly kind: 'set_access_level'; readonly level: string };

export interface AlterTableStatement {
  readonly kind: 'alter_table';
  readonly pos: number;
  readonly name: QualifiedName;
  readonly ifExists: boolean;
  readonly action: AlterAction;
}

export interface IndexColumn {
  readonly name: string;
  readonly desc: boolean;
}

export interface CreateIndexStatement {
  readonly kind: 'create_index';
  readonly pos: number;
  readonly unique: boolean;
  readonly ifNotExists: boolean;
  /** null when unnamed (`CREATE INDEX ON t (c)`); the engine names it. */
  readonly name: string | null;
  readonly table: QualifiedName;
  readonly columns: readonly IndexColumn[];
  /** `USING hash|btree`, null when absent. */
  readonly method: string | null;
}

export interface DropIndexStatement {
  readonly kind: 'drop_index';
  readonly pos: number;
  readonly ifExists: boolean;
  readonly name: QualifiedName;
}

export interface CreateViewStatement {
  readonly kind: 'create_view';
  readonly pos: number;
  readonly orReplace: boolean;
  readonly ifNotExists: boolean;
  readonly name: QualifiedName;
  readonly columns: readonly string[];
  readonly query: Query;
  /** The query's source text, kept for `system` tables and re-binding. */
  readonly queryText: string;
}

export interface DropViewStatement {
  readonly kind: 'drop_view';
  readonly pos: number;
  readonly ifExists: boolean;
  readonly names: readonly QualifiedName[];
}

export interface CreateNamespaceStatement {
  readonly kind: 'create_namespace';
  readonly pos: number;
  readonly ifNotExists: boolean;
  readonly name: string;
}

export interface DropNamespaceStatement {
  readonly kind: 'drop_namespace';
  readonly pos: number;
  readonly ifExists: boolean;
  readonly name: string;
  readonly cascade: boolean;
}
