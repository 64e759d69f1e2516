/**
 * The `Statement` union and every statement that is not DDL (`ddl.ts`): queries, INSERT /
 * UPDATE / DELETE, USE, SHOW, DESCRIBE, transactions, users, EXECUTE AS, SUBSCRIBE,
 * KILL LIVE QUERY, STORAGE FLUSH, EXPLAIN, ANALYZE. `../ast.ts` re-exports the whole vocabulary.
 */
import type {
  AlterTableStatement, CreateIndexStatement, CreateNamespaceStatement, CreateTableStatement, CreateViewStatement,
  DropIndexStatement, DropNamespaceStatement, DropTableStatement, DropViewStatement, TableOption,
} from './ddl.ts';
import type { Expr, FromItem, QualifiedName, Query, SelectItem } from './query.ts';

/** Every statement. */
export type Statement =
  | QueryStatement
  | InsertStatement
  | UpdateStatement
  | DeleteStatement
  | CreateTableStatement
  | DropTableStatement
  | AlterTableStatement
  | CreateIndexStatement
  | DropIndexStatement
  | CreateViewStatement
  | DropViewStatement
  | CreateNamespaceStatement
  | DropNamespaceStatement
  | UseNamespaceStatement
  | ShowStatement
  | DescribeTableStatement
  | TransactionStatement
  | CreateUserStatement
  | AlterUserStatement
  | DropUserStatement
  | ExecuteAsStatement
  | SubscribeStatement
  | KillLiveQueryStatement
  | StorageFlushStatement
  | ExplainStatement
  | AnalyzeStatement;

export interface QueryStatement {
  readonly kind: 'query';
  readonly pos: number;
  readonly query: Query;
}

/** `ON CONFLICT [(cols)] DO NOTHING | DO UPDATE SET … [WHERE …]`. */
export interface OnConflict {
  readonly columns: readonly string[];
  readonly action: 'nothing' | 'update';
  readonly set: readonly Assignment[];
  readonly where: Expr | null;
}

/** `col = expr` in UPDATE / ON CONFLICT DO UPDATE. `expr` null means DEFAULT. */
export interface Assignment {
  readonly column: string;
  readonly value: Expr | null;
  readonly pos: number;
}

export interface InsertStatement {
  readonly kind: 'insert';
  readonly pos: number;
  readonly table: QualifiedName;
  readonly alias: string | null;
  readonly columns: readonly string[];
  /** VALUES rows or a query; `null` for `DEFAULT VALUES`. In VALUES rows a `null` entry means DEFAULT. */
  readonly source: Query | null;
  readonly onConflict: OnConflict | null;
  readonly returning: readonly SelectItem[];
}

export interface UpdateStatement {
  readonly kind: 'update';
  readonly pos: number;
  readonly table: QualifiedName;
  readonly alias: string | null;
  readonly set: readonly Assignment[];
  readonly from: readonly FromItem[];
  readonly where: Expr | null;
  readonly returning: readonly SelectItem[];
}

export interface DeleteStatement {
  readonly kind: 'delete';
  readonly pos: number;
  readonly table: QualifiedName;
  readonly alias: string | null;
  readonly using: readonly FromItem[];
  readonly where: Expr | null;
  readonly returning: readonly SelectItem[];
}

export interface UseNamespaceStatement {
  readonly kind: 'use_namespace';
  readonly pos: number;
  readonly name: string;
}

/** `SHOW NAMESPACES`, `SHOW TABLES [IN ns]`, `SHOW USERS`. */
export interface ShowStatement {
  readonly kind: 'show';
  readonly pos: number;
  readonly what: 'namespaces' | 'tables' | 'users';
  readonly namespace: string | null;
}

export interface DescribeTableStatement {
  readonly kind: 'describe_table';
  readonly pos: number;
  readonly name: QualifiedName;
}

export interface TransactionStatement {
  readonly kind: 'transaction';
  readonly pos: number;
  readonly action: 'begin' | 'commit' | 'rollback';
}

export type RoleName = 'user' | 'service' | 'dba' | 'system';

export interface CreateUserStatement {
  readonly kind: 'create_user';
  readonly pos: number;
  readonly ifNotExists: boolean;
  readonly name: string;
  readonly password: string | null;
  readonly role: RoleName | null;
  readonly email: string | null;
}

export interface AlterUserStatement {
  readonly kind: 'alter_user';
  readonly pos: number;
  readonly name: string;
  readonly action:
    | { readonly kind: 'password'; readonly value: string }
    | { readonly kind: 'role'; readonly value: RoleName }
    | { readonly kind: 'email'; readonly value: string };
}

export interface DropUserStatement {
  readonly kind: 'drop_user';
  readonly pos: number;
  readonly ifExists: boolean;
  readonly name: string;
}

/** `EXECUTE AS USER 'u' ( statement )`. */
export interface ExecuteAsStatement {
  readonly kind: 'execute_as';
  readonly pos: number;
  readonly user: string;
  readonly statement: Statement;
}

/** `SUBSCRIBE TO <query> [OPTIONS (…)]`. */
export interface SubscribeStatement {
  readonly kind: 'subscribe';
  readonly pos: number;
  readonly query: Query;
  readonly options: readonly TableOption[];
}

export interface KillLiveQueryStatement {
  readonly kind: 'kill_live_query';
  readonly pos: number;
  readonly id: string;
}

/** `STORAGE FLUSH TABLE t` / `STORAGE FLUSH ALL [IN ns]`. */
export interface StorageFlushStatement {
  readonly kind: 'storage_flush';
  readonly pos: number;
  readonly table: QualifiedName | null;
  readonly namespace: string | null;
}

export interface ExplainStatement {
  readonly kind: 'explain';
  readonly pos: number;
  readonly analyze: boolean;
  readonly verbose: boolean;
  readonly statement: Statement;
}

/** `ANALYZE [table]`: recompute the optimizer's statistics of one table, or of every table. */
export interface AnalyzeStatement {
  readonly kind: 'analyze';
  readonly pos: number;
  readonly table: QualifiedName | null;
}

/** The statement kinds, for exhaustive tables. */
export type StatementKind = Statement['kind'];
