/**
 * Resolving the table names statements mention, in the session's namespace.
 */
import type * as A from '../sql/ast.ts';
import { DbError } from '../errors/db-error.ts';
import { SqlState } from '../errors/sqlstate.ts';
import type { TableStorage } from '../storage/table-storage.ts';
import type { Session } from './session.ts';
import type { EngineState } from './state.ts';

/** The namespace a (possibly unqualified) name lives in. */
export function namespaceOf(s: Session, n: A.QualifiedName): string {
  return n.parts.length > 1 ? n.parts[0]! : s.namespace;
}

/** The last part of a qualified name. */
export function baseName(n: A.QualifiedName): string {
  return n.parts[n.parts.length - 1]!;
}

/** A table, or undefined. */
export function findTable(db: EngineState, s: Session, n: A.QualifiedName): TableStorage | undefined {
  return db.catalog.findTable(namespaceOf(s, n), baseName(n));
}

/**
 * A table that a DDL statement changes: 42501 for system tables, 42P01 (or 3F000 for a missing
 * namespace) when absent, null when absent and `ifExists`.
 */
export function requireTable(db: EngineState, s: Session, n: A.QualifiedName, ifExists: boolean): TableStorage | null {
  const ns = namespaceOf(s, n);
  if (ns === 'system') {
    throw new DbError(SqlState.INSUFFICIENT_PRIVILEGE, `permission denied: system.${baseName(n)} is a read-only system table`);
  }
  const t = db.catalog.findTable(ns, baseName(n));
  if (t === undefined) {
    if (ifExists) return null;
    if (!db.catalog.namespaces.has(ns)) db.catalog.namespace(ns);
    throw new DbError(SqlState.UNDEFINED_TABLE, `relation "${n.parts.join('.')}" does not exist`, { position: n.pos + 1 });
  }
  return t;
}

/** Parses `ns.t` / `t` / `"Quoted"` given to the API (folding unquoted parts). */
export function parseQualified(name: string): A.QualifiedName {
  const parts = name.split('.').map((p) => (p.startsWith('"') && p.endsWith('"') ? p.slice(1, -1) : p.toLowerCase()));
  return { parts, pos: 0 };
}
