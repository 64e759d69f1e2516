/**
 * CREATE USER, ALTER USER, DROP USER, and users created for trusted sessions. Each change is
 * undoable and recorded as a catalog change (`create_user`, `alter_user`, `drop_user`), so it
 * goes through the commit pipeline like any other write.
 */
import type * as A from '../sql/ast.ts';
import { DbError } from '../errors/db-error.ts';
import { SqlState } from '../errors/sqlstate.ts';
import type { ExecResult } from '../api/engine-api.ts';
import { checkDba } from '../auth/privileges.ts';
import { hashPassword, parseRole, type Role, type UserRecord } from '../auth/users.ts';
import type { UndoLog } from '../storage/undo-log.ts';
import { emptyResult } from './results.ts';
import type { EngineState, StatementRun } from './state.ts';
import { runAtomic } from './transactions.ts';
import type { Session } from './session.ts';

function checkUserName(name: string): void {
  if (name === '' || name.startsWith('_')) throw new DbError(SqlState.INVALID_NAME, `invalid user name "${name}"`);
}

/** Adds a user record (undoable, recorded). */
function addUser(db: EngineState, u: UserRecord, undo: UndoLog): void {
  const prev = db.users.users.get(u.userId);
  db.users.users.set(u.userId, u);
  undo.push({
    kind: 'catalog', change: { kind: 'create_user', user: { ...u } },
    undo: () => { if (prev === undefined) db.users.users.delete(u.userId); else db.users.users.set(u.userId, prev); },
  });
}

/** CREATE USER 'u' WITH PASSWORD 'p' ROLE r [EMAIL 'e'] (the hash is computed before anything changes). */
export async function createUser({ db, session: s, stmt: st, undo }: StatementRun<A.CreateUserStatement>): Promise<ExecResult> {
  checkDba(s.role, 'manage users');
  if (db.users.find(st.name) !== undefined) {
    if (st.ifNotExists) return emptyResult(`User ${st.name} already exists, skipping`, 'create_user');
    throw new DbError(SqlState.DUPLICATE_OBJECT, `role "${st.name}" already exists`);
  }
  checkUserName(st.name);
  const role = parseRole(st.role ?? 'user');
  if (role === 'system' && s.role !== 'system') throw new DbError(SqlState.INSUFFICIENT_PRIVILEGE, 'only system users can create system users');
  const hash = await hashPassword(st.password ?? '');
  if (db.users.find(st.name) !== undefined) throw new DbError(SqlState.DUPLICATE_OBJECT, `role "${st.name}" already exists`);
  const now = Date.now();
  addUser(db, { userId: st.name, role, email: st.email, authType: 'password', passwordHash: hash, createdAt: now, updatedAt: now, deletedAt: null, lastLoginAt: null }, undo);
  return emptyResult(`User ${st.name} created`, 'create_user');
}

/** ALTER USER 'u' SET PASSWORD | SET ROLE | SET EMAIL. Sessions of the user take the new role at once. */
export async function alterUser({ db, session: s, stmt: st, undo }: StatementRun<A.AlterUserStatement>): Promise<ExecResult> {
  checkDba(s.role, 'manage users');
  const a = st.action;
  const hash = a.kind === 'password' ? await hashPassword(a.value) : null;
  const u = db.users.find(st.name);
  if (u === undefined) throw new DbError(SqlState.UNDEFINED_OBJECT, `role "${st.name}" does not exist`);
  const before = { role: u.role, email: u.email, passwordHash: u.passwordHash, updatedAt: u.updatedAt };
  if (a.kind === 'password') u.passwordHash = hash!;
  else if (a.kind === 'role') {
    const r = parseRole(a.value);
    if (r === 'system' && s.role !== 'system') throw new DbError(SqlState.INSUFFICIENT_PRIVILEGE, 'only system users can grant the system role');
    u.role = r;
  } else u.email = a.value;
  u.updatedAt = Date.now();
  const affected = [...db.sessions.all()].filter((o) => o.user === u.userId).map((o) => [o, o.role] as const);
  for (const [o] of affected) o.role = u.role;
  undo.push({
    kind: 'catalog', change: { kind: 'alter_user', user: { ...u } },
    undo: () => { Object.assign(u, before); for (const [o, r] of affected) o.role = r; },
  });
  return emptyResult(`User ${st.name} altered`, 'alter_user');
}

/** DROP USER [IF EXISTS] 'u': the user's rows in user and stream tables go with them. */
export function dropUser({ db, session: s, stmt: st, undo }: StatementRun<A.DropUserStatement>): ExecResult {
  checkDba(s.role, 'drop users');
  const u = db.users.find(st.name);
  if (u === undefined) {
    if (st.ifExists) return emptyResult(`User ${st.name} does not exist, skipping`, 'drop_user');
    throw new DbError(SqlState.UNDEFINED_OBJECT, `role "${st.name}" does not exist`);
  }
  if (u.userId === 'root') throw new DbError(SqlState.INSUFFICIENT_PRIVILEGE, 'cannot drop the root user');
  const when = Date.now();
  u.deletedAt = when;
  undo.push({ kind: 'catalog', change: { kind: 'drop_user', userId: u.userId, deletedAt: when }, undo: () => { u.deletedAt = null; } });
  for (const t of db.catalog.allTables()) {
    const p = t.partitions.get(u.userId);
    if (p !== undefined && (t.def.kind === 'user' || t.def.kind === 'stream')) {
      t.partitions.delete(u.userId);
      undo.push({ kind: 'catalog', undo: () => { t.partitions.set(u.userId, p); } });
    }
  }
  return emptyResult(`User ${st.name} dropped`, 'drop_user');
}

/**
 * Creates a user for a trusted session (role `user`, no password), committed like a CREATE USER.
 * Used by `openSession(user, { create: true })`.
 */
export async function createTrustedUser(db: EngineState, user: string): Promise<void> {
  checkUserName(user);
  if (db.users.find(user) !== undefined) return;
  const system: Session = { id: '\u0000system', user: 'root', role: 'system' as Role, namespace: 'default', txn: null, prepared: new Map(), nextPrepared: 1 };
  await db.lock.acquire(system.id);
  await runAtomic(db, system, (undo) => {
    const now = Date.now();
    addUser(db, { userId: user, role: 'user', email: null, authType: 'trusted', passwordHash: '', createdAt: now, updatedAt: now, deletedAt: null, lastLoginAt: now }, undo);
    return emptyResult(`User ${user} created`, 'create_user');
  });
}
