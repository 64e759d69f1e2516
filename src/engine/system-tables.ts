/**
 * The engine's `system.*` tables: one storage per table, created on first use, whose rows are
 * read from the engine's state when a statement scans them (`system.stats` included: rows,
 * deleted rows and bytes per table partition, and the plan cache counters of the table;
 * `system.column_stats`: the optimizer's statistics of each column of analyzed tables).
 */
import type { UserStore } from '../auth/users.ts';
import type { Catalog } from '../catalog/catalog.ts';
import { systemTable, type JobRecord, type SystemTableStorage, type LiveRecord } from '../catalog/providers/system-tables.ts';
import type { JsValue } from '../types/vector.ts';
import { formatValue } from '../types/format-text.ts';
import { tableStats } from '../storage/stats/table-stats.ts';
import type { StatementCache } from './statement-cache.ts';

/** What the system tables read: the engine state's catalog, users, jobs and plan cache. */
export interface SystemTableSources {
  readonly catalog: Catalog;
  readonly users: UserStore;
  readonly jobs: readonly JobRecord[];
  readonly cache: StatementCache;
}

/** The system tables of one engine. */
export class SystemTables {
  private readonly tables = new Map<string, SystemTableStorage | null>();
  /** Rows of `system.live` (set by the live-query registry). */
  live: () => readonly LiveRecord[] = () => [];

  constructor(private readonly db: SystemTableSources) {}

  /** The storage of `system.<name>`, or undefined when there is no such table. */
  find(name: string): SystemTableStorage | undefined {
    let t = this.tables.get(name);
    if (t === undefined) {
      const db = this.db;
      t = systemTable(name, {
        catalog: db.catalog, users: db.users, jobs: db.jobs, live: () => this.live(), stats: () => this.statsRows(),
        columnStats: () => this.columnStatsRows(),
      }) ?? null;
      this.tables.set(name, t);
    }
    return t ?? undefined;
  }

  /**
   * One row per column of every analyzed table: rows and NULL fraction when analyzed, the
   * estimated distinct count, minimum, maximum (as text), sample size, and whether the
   * statistics are stale (planning will refresh them). Only dba and above read system tables.
   */
  private columnStatsRows(): JsValue[][] {
    const rows: JsValue[][] = [];
    for (const t of this.db.catalog.allTables()) {
      const holder = tableStats(t);
      const st = holder.current;
      if (st === null) continue;
      const stale = holder.isStale(t);
      st.def.columns.forEach((c, i) => {
        // only the columns summarized so far (ANALYZE summarizes all; planning, those it estimated)
        const s = st.summarized.get(i);
        if (c.hidden || s === null || s === undefined) return;
        const text = (v: JsValue) => (v === null ? null : formatValue(v, c.type));
        rows.push([st.def.namespace, st.def.name, c.name, c.typeName, BigInt(s.rows), s.rows === 0 ? 0 : s.nulls / s.rows,
          BigInt(s.distinct), text(s.min), text(s.max), s.sample?.length ?? null, st.analyzedAt, stale]);
      });
    }
    return rows;
  }

  private statsRows(): JsValue[][] {
    const rows: JsValue[][] = [];
    for (const t of this.db.catalog.allTables()) {
      const c = this.db.cache.countersOf(t);
      for (const p of t.partitions.values()) {
        let bytes = 0;
        for (const col of p.columns) bytes += Array.isArray(col.data) ? p.length * 16 : ((col.data as Int32Array).BYTES_PER_ELEMENT ?? 8) * p.length;
        rows.push([t.def.namespace, t.def.name, p.key, BigInt(p.liveCount), BigInt(p.deletedCount), BigInt(bytes), BigInt(c.hits), BigInt(c.misses), BigInt(c.evictions)]);
      }
    }
    return rows;
  }
}
