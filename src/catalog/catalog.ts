/**
 * The catalog: namespaces, tables (definition + storage), views, indexes, and the schema
 * history. Every change bumps {@link Catalog.version} (plan caches compare it) and records its
 * inverse in the undo log, so DDL inside a transaction rolls back like data.
 */
import { DbError } from '../errors/db-error.ts';
import { SqlState } from '../errors/sqlstate.ts';
import { TableStorage } from '../storage/table-storage.ts';
import type { UndoLog } from '../storage/undo-log.ts';
import type { AlterRecord } from '../storage/change-set.ts';
import type { TableDefinition, ViewDefinition } from '../schema/table-def.ts';

/** One namespace. */
export interface NamespaceEntry {
  readonly name: string;
  readonly createdAt: number;
  readonly tables: Map<string, TableStorage>;
  readonly views: Map<string, ViewDefinition>;
}

/** Names that cannot be used for namespaces. */
export const RESERVED_NAMESPACES: ReadonlySet<string> = new Set(['system', 'sys', 'root', 'inkdb', 'information_schema', 'pg_catalog']);

/** The database catalog. */
export class Catalog {
  readonly namespaces = new Map<string, NamespaceEntry>();
  /** Bumped by every DDL change. */
  version = 0;

  constructor() {
    this.namespaces.set('default', { name: 'default', createdAt: Date.now(), tables: new Map(), views: new Map() });
  }

  /** A namespace or a 3F000 error. */
  namespace(name: string): NamespaceEntry {
    const ns = this.namespaces.get(name);
    if (ns === undefined) {
      throw new DbError(SqlState.INVALID_SCHEMA_NAME, `namespace "${name}" does not exist`, {
        hint: `Create it first: CREATE NAMESPACE ${name}`,
      });
    }
    return ns;
  }

  /** Looks a table up; undefined when absent. */
  findTable(ns: string, name: string): TableStorage | undefined {
    return this.namespaces.get(ns)?.tables.get(name);
  }

  /** Looks a view up; undefined when absent. */
  findView(ns: string, name: string): ViewDefinition | undefined {
    return this.namespaces.get(ns)?.views.get(name);
  }

  /** Creates a namespace. */
  createNamespace(name: string, undo: UndoLog): void {
    const entry: NamespaceEntry = { name, createdAt: Date.now(), tables: new Map(), views: new Map() };
    this.namespaces.set(name, entry);
    this.version++;
    undo.push({
      kind: 'catalog', change: { kind: 'create_namespace', name, createdAt: entry.createdAt },
      undo: () => { this.namespaces.delete(name); this.version++; },
    });
  }

  /** Drops a namespace (the caller has checked emptiness or cascades). */
  dropNamespace(name: string, undo: UndoLog): void {
    const entry = this.namespaces.get(name);
    if (entry === undefined) return;
    this.namespaces.delete(name);
    this.version++;
    undo.push({ kind: 'catalog', change: { kind: 'drop_namespace', name }, undo: () => { this.namespaces.set(name, entry); this.version++; } });
  }

  /** Registers a new table. */
  addTable(def: TableDefinition, undo: UndoLog): TableStorage {
    const ns = this.namespace(def.namespace);
    const storage = new TableStorage(def);
    ns.tables.set(def.name, storage);
    this.version++;
    undo.push({ kind: 'catalog', change: { kind: 'create_table', def }, undo: () => { ns.tables.delete(def.name); this.version++; } });
    return storage;
  }

  /**
   * Removes a table with its data: its rows are let go of once the drop commits, when
   * `released` runs too (for caches outside the catalog that may hold one of its columns).
   */
  dropTable(storage: TableStorage, undo: UndoLog, released?: () => void): void {
    const ns = this.namespace(storage.def.namespace);
    ns.tables.delete(storage.def.name);
    storage.dropped = true;
    this.version++;
    undo.push({
      kind: 'catalog', change: { kind: 'drop_table', namespace: storage.def.namespace, name: storage.def.name },
      undo: () => { ns.tables.set(storage.def.name, storage); storage.dropped = false; this.version++; },
      committed: () => {
        storage.release();
        released?.();
      },
    });
  }

  /** Replaces a table's definition by a new version (`action` says what the ALTER did to the rows). */
  replaceDefinition(storage: TableStorage, def: TableDefinition, undo: UndoLog, action: AlterRecord): void {
    const old = storage.def;
    storage.def = def;
    storage.versions.push(def);
    this.version++;
    undo.push({
      kind: 'catalog',
      change: { kind: 'alter_table', namespace: old.namespace, name: old.name, def, action },
      undo: () => {
        storage.def = old;
        const i = storage.versions.lastIndexOf(def);
        if (i >= 0) storage.versions.splice(i, 1);
        this.version++;
      },
    });
  }

  /** Registers a view. */
  addView(view: ViewDefinition, undo: UndoLog): void {
    const ns = this.namespace(view.namespace);
    const prev = ns.views.get(view.name);
    ns.views.set(view.name, view);
    this.version++;
    undo.push({
      kind: 'catalog',
      change: { kind: 'create_view', view },
      undo: () => {
        if (prev === undefined) ns.views.delete(view.name); else ns.views.set(view.name, prev);
        this.version++;
      },
    });
  }

  /** Removes a view. */
  dropView(view: ViewDefinition, undo: UndoLog): void {
    const ns = this.namespace(view.namespace);
    ns.views.delete(view.name);
    this.version++;
    undo.push({
      kind: 'catalog', change: { kind: 'drop_view', namespace: view.namespace, name: view.name },
      undo: () => { ns.views.set(view.name, view); this.version++; },
    });
  }

  /** Finds the table owning an index name in a namespace. */
  findIndex(ns: string, indexName: string): { storage: TableStorage; position: number } | undefined {
    const entry = this.namespaces.get(ns);
    if (entry === undefined) return undefined;
    for (const storage of entry.tables.values()) {
      const i = storage.indexes.findIndex((x) => x.name === indexName);
      if (i >= 0) return { storage, position: i };
    }
    return undefined;
  }

  /** Every table, in namespace then name order. */
  allTables(): TableStorage[] {
    const out: TableStorage[] = [];
    const names = [...this.namespaces.keys()].sort();
    for (const n of names) {
      const ns = this.namespaces.get(n)!;
      for (const t of [...ns.tables.keys()].sort()) out.push(ns.tables.get(t)!);
    }
    return out;
  }
}
