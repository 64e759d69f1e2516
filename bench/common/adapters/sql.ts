/**
 * What the SQL engines' adapters share: the reading workloads (W3, W4, W5, W6, W8), which only differ in
 * how an engine runs one query and how it spells the SQL, and the table state read by column name.
 * @module
 */

import { SQL } from '../workloads.ts';
import type { Row, TableState } from '../workloads.ts';

/** The SQL of the reading workloads as one engine spells it. */
export interface ReadSql {
  /** W3. */
  readonly filterScan: string;
  /** W4. */
  readonly groupBy: string;
  /** W5. */
  readonly topK: string;
  /** W6. */
  readonly join: string;
  /** W8. */
  readonly indexedSelect: string;
}

/**
 * The reading workloads of an SQL engine: each runs its query through {@link SqlReads.all}, inside the
 * timed region. A subclass implements `all` and may respell the SQL ({@link SqlReads.reads}).
 */
export abstract class SqlReads {
  /** The SQL of the reading workloads; default BENCHMARKS.md's ({@link SQL}). */
  protected readonly reads: ReadSql = SQL;

  /** Runs one query and returns its rows, fully materialized as JS rows. */
  protected abstract all(sql: string): Promise<Row[]>;

  /** W3: filter scan. */
  filterScan(): Promise<Row[]> {
    return this.all(this.reads.filterScan);
  }

  /** W4: group by. */
  groupBy(): Promise<Row[]> {
    return this.all(this.reads.groupBy);
  }

  /** W5: top-k. */
  topK(): Promise<Row[]> {
    return this.all(this.reads.topK);
  }

  /** W6: join + group by. */
  join(): Promise<Row[]> {
    return this.all(this.reads.join);
  }

  /** W8: indexed selection. */
  indexedSelect(): Promise<Row[]> {
    return this.all(this.reads.indexedSelect);
  }
}

/**
 * The row of {@link SQL}'s `stateAliased` query as an engine returns it (counts may be bigints); a type
 * alias, so that a `Row` can be narrowed to it.
 */
export type StateRow = {
  readonly c: number | bigint;
  readonly s: number;
  readonly i: number | bigint;
};

/** The table state from the row of the aliased state query (zeros when there is no row). */
export function stateOf(r: StateRow | undefined): TableState {
  return [Number(r?.c ?? 0), Number(r?.s ?? 0), Number(r?.i ?? 0)] as const;
}
