/**
 * Table statistics for the optimizer's cost model: per column a distinct-count sketch, NULL
 * count, minimum, maximum and (for SHARED tables) a value sample, merged over the table's
 * partitions. Row counts are not kept here: they are always exact
 * (`TableStorage.liveRows()`, `Partition.liveCount`).
 *
 * Column statistics are not maintained on write (inserts stay as cheap as before). They are
 * computed by `ANALYZE` (every column, every row), and refreshed when the planner asks for them
 * and the table's live row count has moved by more than {@link staleThreshold} since they were
 * computed. The planner's refresh is lazy and bounded: only the columns a plan estimates are
 * summarized, and a partition of more than {@link SAMPLE_ABOVE} live rows is read through a
 * stratified sample of `SAMPLE_ROWS` rows (as PostgreSQL's ANALYZE samples), so the first plan
 * over a large table stays cheap. Each refresh re-reads only the partitions written since their
 * last summary (a partition's `version` says so), so the cost follows what changed. Values of one user's partition are
 * merged with every other user's: nothing here is per-user.
 *
 * @example
 * ```ts
 * const st = tableStats(storage).fresh(storage);   // analyzes when stale
 * st.column(1)!.distinct;                          // distinct values of column 1
 * ```
 */
import type { TableDefinition } from '../../schema/table-def.ts';
import type { Partition } from '../partition.ts';
import type { TableStorage } from '../table-storage.ts';
import { mergeSummaries, sampleRows, summarizeColumn, type ColumnSummary } from './column-summary.ts';

/** A table's column statistics as of one analysis. */
export interface TableStatistics {
  /** The definition the statistics describe (a schema change makes them stale). */
  readonly def: TableDefinition;
  /** Live rows when computed. */
  readonly rows: number;
  /** When they were computed (ms since the epoch). */
  readonly analyzedAt: number;
  /**
   * Definition column `i`'s summary merged over the partitions (null for hidden columns).
   * Planning computes a column's summary on first request; ANALYZE computes every column.
   */
  column(i: number): ColumnSummary | null;
  /** The columns summarized so far, by definition position (system.column_stats lists these). */
  readonly summarized: ReadonlyMap<number, ColumnSummary | null>;
}

/** Rows of drift (inserted or deleted) after which statistics are refreshed on planning. */
export function staleThreshold(analyzedRows: number): number {
  return 16 + 0.1 * analyzedRows;
}

/** Live rows above which the planner's own refresh reads a row sample of a partition, not every row. */
export const SAMPLE_ABOVE = 20_000;

/** One partition's column summaries, valid while its version and the definition hold. */
interface PartitionSummary {
  readonly version: number;
  readonly def: TableDefinition;
  /** Per definition column: undefined until computed. */
  readonly columns: (ColumnSummary | null | undefined)[];
  /** The rows sampled for this version (one sample serves every column), once drawn. */
  pick: Int32Array | null;
}

/** The statistics of one table (see {@link tableStats}). */
export class TableStats {
  private readonly parts = new Map<Partition, PartitionSummary>();
  private merged: TableStatistics | null = null;
  /** How many analyses ran (tests observe refreshes through it). */
  analyses = 0;
  /** How many partition versions were read (a partition unchanged since its last summary is not re-read). */
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

  /**
   * The statistics, refreshed first when they are stale. A refresh is lazy: each column is
   * summarized when the planner first asks for it, from a row sample on large partitions
   * ({@link SAMPLE_ABOVE}).
   */
  fresh(storage: TableStorage): TableStatistics {
    if (this.isStale(storage)) return this.snapshot(storage, false);
    return this.merged!;
  }

  /** Recomputes every column's statistics from every row (re-reading only partitions written since their last full summary). */
  analyze(storage: TableStorage): TableStatistics {
    const st = this.snapshot(storage, true);
    storage.def.columns.forEach((_, i) => st.column(i));
    return st;
  }

  private snapshot(storage: TableStorage, exact: boolean): TableStatistics {
    const def = storage.def;
    const live = new Set(storage.partitions.values());
    for (const p of this.parts.keys()) if (!live.has(p)) this.parts.delete(p);
    const summarized = new Map<number, ColumnSummary | null>();
    const column = (i: number): ColumnSummary | null => {
      let s = summarized.get(i);
      if (s === undefined) {
        s = def.columns[i] === undefined || def.columns[i]!.hidden ? null : this.mergeColumn(storage, def, i, exact);
        summarized.set(i, s);
      }
      return s;
    };
    this.merged = { def, rows: storage.liveRows(), analyzedAt: Date.now(), column, summarized };
    this.analyses++;
    return this.merged;
  }

  private mergeColumn(storage: TableStorage, def: TableDefinition, i: number, exact: boolean): ColumnSummary | null {
    const withSample = def.kind === 'shared';
    const list: ColumnSummary[] = [];
    for (const part of storage.partitions.values()) {
      let ps = this.parts.get(part);
      if (ps === undefined || ps.version !== part.version || ps.def !== def) {
        ps = { version: part.version, def, columns: [], pick: null };
        this.parts.set(part, ps);
        this.partitionsRead++;
      }
      let c = ps.columns[i];
      if (c === undefined || (exact && c !== null && c.sampled)) {
        const store = part.columns[i];
        const pick = !exact && part.liveCount > SAMPLE_ABOVE ? (ps.pick ??= sampleRows(part.length)) : null;
        c = store === undefined ? null : summarizeColumn(store, part.length, part.deleted, withSample, pick, part.liveCount);
        ps.columns[i] = c;
      }
      if (c !== null) list.push(c);
    }
    return list.length === 0 ? null : mergeSummaries(def.columns[i]!.type, list);
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
