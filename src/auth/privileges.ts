/**
 * Privilege checks (DESIGN.md §5). Roles rank user < service < dba < system. A denied action
 * fails with 42501 and changes nothing; another user's rows are never an error, they are simply
 * outside the session's partition.
 */
import { DbError } from '../errors/db-error.ts';
import { SqlState } from '../errors/sqlstate.ts';
import type { TableDefinition } from '../schema/table-def.ts';
import { ROLE_RANK, type Role } from './users.ts';

function deny(message: string): DbError {
  return new DbError(SqlState.INSUFFICIENT_PRIVILEGE, message);
}

/** True when `role` is at least `min`. */
export function atLeast(role: Role, min: Role): boolean {
  return ROLE_RANK[role] >= ROLE_RANK[min];
}

/** True when `role` may read the table (USER and STREAM tables: its own partition). */
export function canRead(def: TableDefinition, role: Role): boolean {
  if (def.kind === 'system') return atLeast(role, 'dba');
  if (def.kind !== 'shared') return true;
  const lvl = def.accessLevel ?? 'private';
  if (lvl === 'public') return true;
  return lvl === 'dba' ? atLeast(role, 'dba') : atLeast(role, 'service');
}

/** Reading a table. */
export function checkRead(def: TableDefinition, role: Role): void {
  if (canRead(def, role)) return;
  throw deny(def.kind === 'system' ? `permission denied for table system.${def.name}` : `permission denied for table ${def.namespace}.${def.name}`);
}

/** Writing a table. */
export function checkWrite(def: TableDefinition, role: Role): void {
  if (def.kind === 'system') throw deny(`permission denied for table system.${def.name}`);
  if (def.kind !== 'shared') return;
  const lvl = def.accessLevel ?? 'private';
  if (lvl === 'dba' ? !atLeast(role, 'dba') : !atLeast(role, 'service')) {
    throw deny(`permission denied for table ${def.namespace}.${def.name}`);
  }
}

/** Creating or altering a table of a kind. */
export function checkCreateTable(kind: string, role: Role): void {
  if (kind === 'shared' && !atLeast(role, 'service')) throw deny('permission denied to create or alter SHARED tables');
}

/**
 * Altering a table, or creating or dropping its indexes: SHARED tables need service and above;
 * USER and STREAM tables their creator, or service and above; system tables nobody.
 */
export function checkAlterTable(def: TableDefinition, actor: { readonly user: string; readonly role: Role }): void {
  if (def.kind === 'system') throw deny(`permission denied: system.${def.name} is a read-only system table`);
  if (atLeast(actor.role, 'service')) return;
  if (def.kind === 'shared') throw deny('permission denied to create or alter SHARED tables');
  if (def.owner !== actor.user) throw deny(`must be owner of table ${def.namespace}.${def.name}`);
}

/** Dropping tables, managing namespaces and users. */
export function checkDba(role: Role, what: string): void {
  if (!atLeast(role, 'dba')) throw deny(`permission denied to ${what}`);
}

/** EXECUTE AS USER target rules. */
export function checkExecuteAs(actor: { user: string; role: Role }, target: { user: string; role: Role }): void {
  if (actor.user === target.user) return;
  const ok = actor.role === 'system'
    || (actor.role === 'dba' && ROLE_RANK[target.role] <= ROLE_RANK.dba)
    || (actor.role === 'service' && ROLE_RANK[target.role] <= ROLE_RANK.service);
  if (!ok) throw deny(`permission denied to execute as user "${target.user}"`);
}
