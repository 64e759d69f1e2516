/**
 * The engine's `system.*` tables: one storage per table, created on first use, whose rows are
 * read from the engine's state when a statement scans them (`system.stats` included: rows,
 * deleted rows and bytes per table partition, and the plan cache counters of the table).
 */
import { systemTable, type SystemTableStorage, type LiveRecord } from '../catalog/providers/system-tables.ts';
import type { JsValue } from '../types/vector.ts';
import type { EngineState } from './state.ts';

/** The system tables of one engine. */
export class SystemTables {
  private readonly tables = new Map<string, SystemTableStorage | null>();
  /** Rows of `system.live` (set by the live-query registry). */
  live: () => readonly LiveRecord[] = () => [];

  constructor(private readonly db: EngineState) {}

  /** The storage of `system.<name>`, or undefined when there is no such table. */
  find(name: string): SystemTableStorage | undefined {
    let t = this.tables.get(name);
    if (t === undefined) {
      const db = this.db;
      t = systemTable(name, {
        catalog: db.catalog, users: db.users, jobs: db.jobs, live: () => this.live(), stats: () => this.statsRows(),
      }) ?? null;
      this.tables.set(name, t);
    }
    return t ?? undefined;
  }

  private statsRows(): JsValue[][] {
    const rows: JsValue[][] = [];
    for (const t of this.db.catalog.allTables()) {
      const c = this.db.cache.countersOf(t);
      for (const p of t.partitions.values()) {
        let bytes = 0;
        for (const col of p.columns) bytes += Array.isArray(col.data) ? p.length * 16 : (col.data as Int32Array).BYTES_PER_ELEMENT * p.length;
        rows.push([t.def.namespace, t.def.name, p.key, BigInt(p.liveCount), BigInt(p.deletedCount), BigInt(bytes), BigInt(c.hits), BigInt(c.misses), BigInt(c.evictions)]);
      }
    }
    return rows;
  }
}
