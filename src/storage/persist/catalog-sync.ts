/**
 * The catalog store kept in step with the in-memory catalog. A commit with catalog changes is
 * not replayed record by record: the catalog as it stands after the commit is compared with a
 * {@link CatalogMirror} of what is stored, and the differences become record puts and deletes
 * (plus the removal of a dropped table's rows), written in the same IndexedDB transaction as
 * the commit's log records. Any sequence of DDL in one transaction (create, alter, drop and
 * re-create, rename) therefore stores its net effect, and rolling a failed write back is just
 * keeping the previous mirror (mirrors are never modified, each diff makes a new one).
 *
 * Opening reads the records back into the catalog and the user store ({@link restoreCatalog}).
 */
import type { AlterRecord } from '../catalog-change.ts';
import type { UserRecord, UserStore } from '../../auth/users.ts';
import type { Catalog } from '../../catalog/catalog.ts';
import type { IndexDefinition, TableDefinition, ViewDefinition } from '../../schema/table-def.ts';
import { TableStorage } from '../table-storage.ts';
import { catalogKey, type CatalogRecord, type TableRecord } from './records.ts';
import type { SchemaHistory } from './convert.ts';

/** What is stored of one table. */
interface StoredTable {
  readonly id: number;
  readonly def: TableDefinition;
  readonly indexes: readonly IndexDefinition[];
  readonly versions: number;
}

/** An immutable picture of the stored catalog. */
export interface CatalogMirror {
  readonly namespaces: ReadonlyMap<string, number>;
  readonly tables: ReadonlyMap<TableStorage, StoredTable>;
  readonly views: ReadonlyMap<string, ViewDefinition>;
  readonly users: ReadonlyMap<string, string>;
}

/** A change to the stored catalog, in order. */
export type CatalogOp =
  | { readonly kind: 'put'; readonly record: CatalogRecord }
  | { readonly kind: 'delete'; readonly key: string }
  | { readonly kind: 'drop_table_data'; readonly table: number };

/** Ids and schema histories of the tables (shared by the writer, the loader and the flusher). */
export class TableRegistry {
  private readonly ids = new WeakMap<TableStorage, number>();
  private readonly actions = new WeakMap<TableDefinition, AlterRecord>();
  /** The next id to hand out. */
  nextId = 1;

  /** The id of a table, allocated on first request. */
  idOf(t: TableStorage): number {
    let id = this.ids.get(t);
    if (id === undefined) {
      id = this.nextId++;
      this.ids.set(t, id);
    }
    return id;
  }

  /** The id of a table, or undefined when it has none yet. */
  find(t: TableStorage): number | undefined {
    return this.ids.get(t);
  }

  /** Records the id of a restored table. */
  assign(t: TableStorage, id: number): void {
    this.ids.set(t, id);
    if (id >= this.nextId) this.nextId = id + 1;
  }

  /** Remembers the ALTER that made a definition. */
  recordAction(def: TableDefinition, action: AlterRecord): void {
    this.actions.set(def, action);
  }

  /** A table's versions with the ALTER of each. */
  history(t: TableStorage): SchemaHistory {
    return { versions: t.versions, actions: t.versions.map((d) => this.actions.get(d) ?? null) };
  }
}

/** The empty mirror (a database without catalog records). */
export const EMPTY_MIRROR: CatalogMirror = { namespaces: new Map(), tables: new Map(), views: new Map(), users: new Map() };

function userSignature(u: UserRecord): string {
  return JSON.stringify([u.role, u.email, u.authType, u.passwordHash, u.createdAt, u.updatedAt, u.deletedAt, u.lastLoginAt]);
}

function tableRecord(t: TableStorage, id: number, reg: TableRegistry): TableRecord {
  const h = reg.history(t);
  return { key: catalogKey.table(id), kind: 'table', id, versions: [...h.versions], actions: [...h.actions], indexes: [...t.indexes] };
}

/**
 * Compares the in-memory catalog and users with `mirror`: the operations that make the stored
 * catalog equal to memory, and the mirror after them.
 */
export function diffCatalog(catalog: Catalog, users: UserStore, mirror: CatalogMirror, reg: TableRegistry): { ops: CatalogOp[]; next: CatalogMirror } {
  const ops: CatalogOp[] = [];
  const namespaces = new Map<string, number>();
  const tables = new Map<TableStorage, StoredTable>();
  const views = new Map<string, ViewDefinition>();
  for (const ns of catalog.namespaces.values()) {
    namespaces.set(ns.name, ns.createdAt);
    if (mirror.namespaces.get(ns.name) !== ns.createdAt) {
      ops.push({ kind: 'put', record: { key: catalogKey.namespace(ns.name), kind: 'namespace', name: ns.name, createdAt: ns.createdAt } });
    }
    for (const t of ns.tables.values()) {
      const id = reg.idOf(t);
      const cur: StoredTable = { id, def: t.def, indexes: t.indexes, versions: t.versions.length };
      tables.set(t, cur);
      const old = mirror.tables.get(t);
      if (old === undefined || old.def !== cur.def || old.indexes !== cur.indexes || old.versions !== cur.versions) {
        ops.push({ kind: 'put', record: tableRecord(t, id, reg) });
      }
    }
    for (const v of ns.views.values()) {
      const key = catalogKey.view(v.namespace, v.name);
      views.set(key, v);
      if (mirror.views.get(key) !== v) ops.push({ kind: 'put', record: { key, kind: 'view', view: v } });
    }
  }
  for (const name of mirror.namespaces.keys()) if (!namespaces.has(name)) ops.push({ kind: 'delete', key: catalogKey.namespace(name) });
  for (const [t, s] of mirror.tables) {
    if (!tables.has(t)) {
      ops.push({ kind: 'delete', key: catalogKey.table(s.id) });
      ops.push({ kind: 'drop_table_data', table: s.id });
    }
  }
  for (const key of mirror.views.keys()) if (!views.has(key)) ops.push({ kind: 'delete', key });
  const userSigs = new Map<string, string>();
  for (const u of users.users.values()) {
    const sig = userSignature(u);
    userSigs.set(u.userId, sig);
    if (mirror.users.get(u.userId) !== sig) ops.push({ kind: 'put', record: { key: catalogKey.user(u.userId), kind: 'user', user: { ...u } } });
  }
  for (const id of mirror.users.keys()) if (!userSigs.has(id)) ops.push({ kind: 'delete', key: catalogKey.user(id) });
  return { ops, next: { namespaces, tables, views, users: userSigs } };
}

/**
 * Rebuilds the catalog and users from stored records (into a fresh catalog and user store, whose
 * built-in `default` namespace and `root` user the records override). Returns the mirror of
 * what was read.
 */
export function restoreCatalog(records: readonly CatalogRecord[], catalog: Catalog, users: UserStore, reg: TableRegistry): CatalogMirror {
  const namespaces = new Map<string, number>();
  const tables = new Map<TableStorage, StoredTable>();
  const views = new Map<string, ViewDefinition>();
  const userSigs = new Map<string, string>();
  for (const r of records) {
    if (r.kind !== 'namespace') continue;
    const prev = catalog.namespaces.get(r.name);
    catalog.namespaces.set(r.name, { name: r.name, createdAt: r.createdAt, tables: prev?.tables ?? new Map(), views: prev?.views ?? new Map() });
    namespaces.set(r.name, r.createdAt);
  }
  for (const r of records) {
    switch (r.kind) {
      case 'table': {
        const first = r.versions[0];
        const ns = first === undefined ? undefined : catalog.namespaces.get(r.versions[r.versions.length - 1]!.namespace);
        if (first === undefined || ns === undefined) break;
        const t = new TableStorage(first);
        for (let i = 1; i < r.versions.length; i++) {
          t.versions.push(r.versions[i]!);
          const a = r.actions[i];
          if (a !== null && a !== undefined) reg.recordAction(r.versions[i]!, a);
        }
        t.def = r.versions[r.versions.length - 1]!;
        t.indexes = [...r.indexes];
        ns.tables.set(t.def.name, t);
        reg.assign(t, r.id);
        tables.set(t, { id: r.id, def: t.def, indexes: t.indexes, versions: t.versions.length });
        break;
      }
      case 'view': {
        const ns = catalog.namespaces.get(r.view.namespace);
        if (ns === undefined) break;
        ns.views.set(r.view.name, r.view);
        views.set(r.key, r.view);
        break;
      }
      case 'user':
        users.users.set(r.user.userId, { ...r.user });
        userSigs.set(r.user.userId, userSignature(r.user));
        break;
      case 'namespace':
        break;
    }
  }
  catalog.version++;
  return { namespaces, tables, views, users: userSigs };
}
