/**
 * Arquero adapter (columnar JS data frames, no SQL), the same in Node and in the page. No row-level
 * insert/update/delete, so W1b, W2' and W7u/W7d are n/a; the other workloads use the equivalent verbs.
 * W1a: `aq.from(rows)`. W2: a parameterized filter by id (Arquero compiles the filter expression on each
 * call). W8: a plain filter (Arquero has no indexes).
 * @module
 */

import * as aq from 'arquero';
import type { ColumnTable } from 'arquero';
import type { EventRow, UserRow } from '../../data.ts';
import type { Adapter, Loop, Row, TableState, WorkloadId } from '../workloads.ts';

interface EventParams {
  id: number;
}

/** Arquero adapter. */
export class ArqueroAdapter implements Adapter {
  readonly name = 'arquero';
  private events: ColumnTable | undefined;
  private users: ColumnTable | undefined;

  private get e(): ColumnTable {
    if (this.events === undefined) throw new Error('no events table');
    return this.events;
  }

  private get u(): ColumnTable {
    if (this.users === undefined) throw new Error('no users table');
    return this.users;
  }

  async open(): Promise<void> {
    await Promise.resolve();
  }

  async reset(): Promise<void> {
    this.events = undefined;
    this.users = undefined;
    await Promise.resolve();
  }

  async loadUsers(rows: readonly UserRow[]): Promise<void> {
    this.users = aq.from(rows as UserRow[]);
    await Promise.resolve();
  }

  async bulkLoad(rows: readonly EventRow[]): Promise<void> {
    this.events = aq.from(rows as EventRow[]);
    await Promise.resolve();
  }

  async lookup(ids: readonly number[], loop: Loop): Promise<Row[]> {
    const t = this.e;
    const out: Row[] = [];
    for (let i = 0; i < ids.length; i++) {
      if (!loop.ok(i)) break;
      const rows = t
        .params({ id: ids[i] })
        .filter((d: EventRow, $: EventParams) => d.id === $.id)
        .objects() as Row[];
      for (const r of rows) out.push(r);
    }
    return Promise.resolve(out);
  }

  filterScan(): Promise<Row[]> {
    return Promise.resolve(
      this.e
        .filter((d: EventRow) => d.kind === 'k3' && d.value > 0.5)
        .rollup({ count: aq.op.count(), sum: aq.op.sum('value') })
        .objects() as Row[],
    );
  }

  groupBy(): Promise<Row[]> {
    return Promise.resolve(
      this.e.groupby('user_id').rollup({ count: aq.op.count(), avg: aq.op.mean('value') }).objects() as Row[],
    );
  }

  topK(): Promise<Row[]> {
    return Promise.resolve(this.e.orderby(aq.desc('value')).objects({ limit: 100 }) as Row[]);
  }

  join(): Promise<Row[]> {
    return Promise.resolve(
      this.e
        .join(this.u, ['user_id', 'id'], [[], ['tier']])
        .groupby('tier')
        .rollup({ count: aq.op.count() })
        .objects() as Row[],
    );
  }

  indexedSelect(): Promise<Row[]> {
    return Promise.resolve(this.e.filter((d: EventRow) => d.user_id === 42).objects() as Row[]);
  }

  async state(): Promise<TableState> {
    const r = this.e.rollup({ c: aq.op.count(), s: aq.op.sum('value'), i: aq.op.sum('id') }).object() as {
      c: number;
      s: number;
      i: number;
    };
    return Promise.resolve([r.c, r.s, r.i] as const);
  }

  toArrays(_workload: WorkloadId, rows: readonly Row[]): unknown[][] {
    return rows.map((r) => Object.values(r));
  }

  async close(): Promise<void> {
    this.events = undefined;
    this.users = undefined;
    await Promise.resolve();
  }
}
