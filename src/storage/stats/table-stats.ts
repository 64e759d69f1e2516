/**
 * Table statistics for the optimizer's cost model: per column a distinct-count sketch, NULL
 * count, minimum, maximum and (for SHARED tables) a value sample, merged over the table's
 * partitions. Row counts are not kept here: they are always exact
 * (`TableStorage.liveRows()`, `Partition.liveCount`).
 *
 * Column statistics are not maintained on write (inserts stay as cheap as before). They are
 * computed by `ANALYZE`, and refreshed when the planner asks for them and the table's live
 * row count has moved by more than {@link staleThreshold} since they were computed. Each
 * refresh re-reads only the partitions written since their last summary (a partition's
 * `version` says so), so the cost follows what changed. Values of one user's partition are
 * merged with every other user's: nothing here is per-user.
 *
 * @example
 * ```ts
 * const st = tableStats(storage).fresh(storage);   // analyzes when stale
 * st.columns[1]!.sketch.estimate();                 // distinct values of column 1
 * ```
 */
import type { TableDefinition } from '../../schema/table-def.ts';
import type { Partition } from '../partition.ts';
import type { TableStorage } from '../table-storage.ts';
import { mergeSummaries, summarizeColumn, type ColumnSummary } from './column-summary.ts';

/** A table's column statistics as of one analysis. */
export interface TableStatistics {
  /** The definition the statistics describe (a schema change makes them stale). */
  readonly def: TableDefinition;
  /** Live rows when computed. */
  readonly rows: number;
  /** When they were computed (ms since the epoch). */
  readonly analyzedAt: number;
  /** Per definition column (null for hidden columns). */
  readonly columns: readonly (ColumnSummary | null)[];
}

/** Rows of drift (inserted or deleted) after which statistics are refreshed on planning. */
export function staleThreshold(analyzedRows: number): number {
  return 16 + 0.1 * analyzedRows;
}

interface PartitionSummary {
  readonly version: number;
  readonly def: TableDefinition;
  readonly columns: readonly (ColumnSummary | null)[];
}

/** The statistics of one table (see {@link tableStats}). */
export class TableStats {
  private readonly parts = new Map<Partition, PartitionSummary>();
  private merged: TableStatistics | null = null;
  /** How many analyses ran (tests observe refreshes through it). */
  analyses = 0;
  /** How many partition summaries were computed (a partition unchanged since its last one is not re-read). */
  partitionsRead = 0;

  /** The last computed statistics, or null when the table was never analyzed. */
  get current(): TableStatistics | null {
    return this.merged;
  }

  /** True when the statistics are missing, describe an older schema, or the row count drifted. */
  isStale(storage: TableStorage): boolean {
    const m = this.merged;
    if (m === null || m.def !== storage.def) return true;
    return Math.abs(storage.liveRows() - m.rows) > staleThreshold(m.rows);
  }

  /** The statistics, analyzing first when they are stale. */
  fresh(storage: TableStorage): TableStatistics {
    if (this.isStale(storage)) return this.analyze(storage);
    return this.merged!;
  }

  /** Recomputes the statistics (re-reading only partitions written since their last summary). */
  analyze(storage: TableStorage): TableStatistics {
    const def = storage.def;
    const withSample = def.kind === 'shared';
    const live = new Set<Partition>();
    const summaries: (readonly (ColumnSummary | null)[])[] = [];
    let rows = 0;
    for (const part of storage.partitions.values()) {
      live.add(part);
      rows += part.liveCount;
      let s = this.parts.get(part);
      if (s === undefined || s.version !== part.version || s.def !== def) {
        const deleted = part.deleted;
        const columns = def.columns.map((c, i) => (c.hidden || part.columns[i] === undefined ? null
          : summarizeColumn(part.columns[i]!, part.length, deleted, withSample)));
        s = { version: part.version, def, columns };
        this.parts.set(part, s);
        this.partitionsRead++;
      }
      summaries.push(s.columns);
    }
    for (const p of this.parts.keys()) if (!live.has(p)) this.parts.delete(p);
    const columns = def.columns.map((c, i) => {
      if (c.hidden) return null;
      const list: ColumnSummary[] = [];
      for (const s of summaries) if (s[i] !== null && s[i] !== undefined) list.push(s[i]!);
      return list.length === 0 ? null : mergeSummaries(c.type, list);
    });
    this.merged = { def, rows, analyzedAt: Date.now(), columns };
    this.analyses++;
    return this.merged;
  }
}

const STATS = new WeakMap<TableStorage, TableStats>();

/** The statistics holder of a table (created on first use, dropped with the table's storage). */
export function tableStats(storage: TableStorage): TableStats {
  let s = STATS.get(storage);
  if (s === undefined) {
    s = new TableStats();
    STATS.set(storage, s);
  }
  return s;
}
