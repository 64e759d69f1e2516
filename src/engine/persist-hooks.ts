/**
 * The engine's side of persistence: opening it with the engine, and loading stored partitions
 * before a statement needs them. A session's own partitions are loaded when the session opens
 * (`Engine.login` / `openSession`); before a statement runs, `loadFor` loads the target of an
 * `EXECUTE AS USER`, and every partition of a table before ALTER TABLE, CREATE INDEX and
 * DROP INDEX (they validate or rebuild all rows, and their undo steps touch every partition in
 * memory, so none may arrive later). Statements themselves stay synchronous.
 */
import type * as A from '../sql/ast.ts';
import { checkExecuteAs } from '../auth/privileges.ts';
import type { Role } from '../auth/users.ts';
import type { Persistence, PersistOptions } from '../storage/persist/persistence.ts';
import { baseName, findTable, namespaceOf } from './names.ts';
import type { Session } from './session.ts';
import type { EngineState } from './state.ts';

/**
 * Opens the persistence of an engine and plugs it into the commit pipeline. The persistence layer
 * (and idb) is loaded here, on first use: an in-memory database never downloads it.
 */
export async function attachPersistence(db: EngineState, options: Omit<PersistOptions, 'flushPolicy'> & { readonly flushPolicy?: PersistOptions['flushPolicy'] }): Promise<Persistence> {
  const { openPersistence } = await import('../storage/persist/persistence.ts');
  const p = await openPersistence({
    catalog: db.catalog, users: db.users, jobs: db.jobs, seq: db.seq,
    whenQuiescent: () => whenQuiescent(db),
    isQuiescent: () => db.lock.owner === null && !db.pipeline.busy,
  }, options);
  db.persistence = p;
  db.pipeline.persister = p;
  return p;
}

/** Resolves once no transaction is open and no commit waits for its write. */
async function whenQuiescent(db: EngineState): Promise<void> {
  while (db.lock.owner !== null || db.pipeline.busy) {
    if (db.pipeline.busy) await db.pipeline.whenIdle();
    else await db.lock.whenFree();
  }
}

/** Loads what a statement needs from storage before it runs; undefined when nothing is to be read. */
export function loadFor(db: EngineState, s: Session, st: A.Statement): Promise<void> | undefined {
  const p = db.persistence;
  if (p === null) return undefined;
  switch (st.kind) {
    case 'execute_as': {
      const u = db.users.find(st.user);
      let a: Promise<void> | undefined;
      if (u !== undefined && mayActAs(s, u.userId, u.role)) a = p.loadOwner(u.userId);
      const b = loadFor(db, s, st.statement);
      return a === undefined ? b : b === undefined ? a : Promise.all([a, b]).then(() => undefined);
    }
    case 'alter_table': {
      const t = findTable(db, s, st.name);
      return t === undefined ? undefined : p.loadTable(t);
    }
    case 'create_index': {
      const t = db.catalog.findTable(namespaceOf(s, st.table), baseName(st.table));
      return t === undefined ? undefined : p.loadTable(t);
    }
    case 'drop_index': {
      const f = db.catalog.findIndex(namespaceOf(s, st.name), baseName(st.name));
      return f === undefined ? undefined : p.loadTable(f.storage);
    }
    default:
      return undefined;
  }
}

function mayActAs(s: Session, user: string, role: Role): boolean {
  try {
    checkExecuteAs({ user: s.user, role: s.role }, { user, role });
    return true;
  } catch {
    return false;
  }
}

/** Loads what the statements of a script need (in parallel); undefined when nothing is to be read. */
export function loadForAll(db: EngineState, s: Session, stmts: readonly A.Statement[]): Promise<void> | undefined {
  const waits: Promise<void>[] = [];
  for (const st of stmts) {
    const w = loadFor(db, s, st);
    if (w !== undefined) waits.push(w);
  }
  return waits.length === 0 ? undefined : Promise.all(waits).then(() => undefined);
}
