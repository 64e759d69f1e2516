/**
 * Catalog changes as data: the records a transaction's DDL and user statements leave in the
 * undo log, for the change set (`change-set.ts`), the persistence log and live queries.
 */
import type { UserRecord } from '../auth/users.ts';
import type { IndexDefinition, TableDefinition, ViewDefinition } from '../schema/table-def.ts';
import type { JsValue } from '../types/vector.ts';

/**
 * What an ALTER TABLE did to the stored rows, so that a consumer holding rows of the previous
 * version (a persisted segment, a live subscription) can convert them.
 */
export type AlterRecord =
  | { readonly kind: 'add_column'; readonly column: string; readonly fill: JsValue }
  | { readonly kind: 'drop_column'; readonly column: string }
  | { readonly kind: 'rename_column'; readonly from: string; readonly to: string }
  | { readonly kind: 'rename_table'; readonly from: string; readonly to: string }
  | { readonly kind: 'modify_column'; readonly column: string }
  | { readonly kind: 'set_default' | 'drop_default' | 'set_not_null' | 'drop_not_null'; readonly column: string }
  | { readonly kind: 'set_access_level'; readonly level: string };

/** A catalog change, in the order the transaction made them. */
export type CatalogChange =
  | { readonly kind: 'create_namespace'; readonly name: string; readonly createdAt: number }
  | { readonly kind: 'drop_namespace'; readonly name: string }
  | { readonly kind: 'create_table'; readonly def: TableDefinition }
  | { readonly kind: 'alter_table'; readonly namespace: string; readonly name: string; readonly def: TableDefinition; readonly action: AlterRecord }
  | { readonly kind: 'drop_table'; readonly namespace: string; readonly name: string }
  | { readonly kind: 'create_index'; readonly namespace: string; readonly table: string; readonly index: IndexDefinition }
  | { readonly kind: 'drop_index'; readonly namespace: string; readonly table: string; readonly name: string }
  | { readonly kind: 'create_view'; readonly view: ViewDefinition }
  | { readonly kind: 'drop_view'; readonly namespace: string; readonly name: string }
  | { readonly kind: 'create_user'; readonly user: Readonly<UserRecord> }
  | { readonly kind: 'alter_user'; readonly user: Readonly<UserRecord> }
  | { readonly kind: 'drop_user'; readonly userId: string; readonly deletedAt: number };

/** The kinds of catalog change, for exhaustive tables. */
export type CatalogChangeKind = CatalogChange['kind'];
