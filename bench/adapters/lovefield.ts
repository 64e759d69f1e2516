/**
 * Lovefield adapter (relational query builder, no SQL text; in-memory store). Loaded after
 * `globalThis.self = globalThis`. W1a: `insertOrReplace()` with all rows. Queries are the builder
 * equivalents of the SQL; "prepared" means a query built once with `lf.bind` placeholders and re-bound.
 * Lovefield schemas are fixed at connect time, so W8's index is created by reconnecting a database whose
 * schema has the index and reloading the data (untimed).
 * @module
 */

import { createRequire } from 'node:module';
import type { Adapter, Loop, Row, TableState, WorkloadId } from '../common/workloads.ts';
import type { EventRow, UpdatePair, UserRow } from '../data.ts';

interface Predicate {
  readonly __predicate?: never;
}
interface Binder {
  readonly __binder?: never;
}
type Operand = string | number | Column | Binder;
interface Column {
  eq(v: Operand): Predicate;
  gt(v: Operand): Predicate;
}
interface LfRow {
  readonly __row?: never;
}
interface Table {
  createRow(value: object): LfRow;
  readonly id: Column;
  readonly user_id: Column;
  readonly kind: Column;
  readonly value: Column;
  readonly ts: Column;
  readonly tier: Column;
}
interface Query {
  bind(values: unknown[]): Query;
  exec(): Promise<object[]>;
}
interface Select extends Query {
  from(...tables: Table[]): Select;
  where(p: Predicate): Select;
  groupBy(...c: Column[]): Select;
  orderBy(c: Column, order?: number): Select;
  limit(n: number): Select;
  innerJoin(t: Table, p: Predicate): Select;
}
interface Transaction {
  begin(scope: Table[]): Promise<void>;
  attach(q: Query): Promise<object[]>;
  commit(): Promise<void>;
}
interface Db {
  select(...c: Column[]): Select;
  insert(): { into(t: Table): { values(rows: LfRow[] | Binder): Query } };
  insertOrReplace(): { into(t: Table): { values(rows: LfRow[] | Binder): Query } };
  update(t: Table): { set(c: Column, v: Operand): { where(p: Predicate): Query } };
  delete(): { from(t: Table): { where(p: Predicate): Query } & Query };
  createTransaction(): Transaction;
  getSchema(): { table(name: string): Table };
  close(): void;
}
interface TableBuilder {
  addColumn(name: string, type: number): TableBuilder;
  addPrimaryKey(cols: string[]): TableBuilder;
  addIndex(name: string, cols: string[], unique?: boolean): TableBuilder;
}
interface Lf {
  Type: { INTEGER: number; NUMBER: number; STRING: number };
  Order: { DESC: number };
  bind(i: number): Binder;
  op: { and(...p: Predicate[]): Predicate };
  fn: { count(c?: Column): Column; sum(c: Column): Column; avg(c: Column): Column };
  schema: {
    DataStoreType: { MEMORY: number };
    create(
      name: string,
      version: number,
    ): { createTable(name: string): TableBuilder; connect(o: { storeType: number }): Promise<Db> };
  };
}

function loadLovefield(): Lf {
  const g = globalThis as { self?: unknown };
  g.self ??= globalThis;
  return createRequire(import.meta.url)('lovefield') as Lf;
}

function flatten(o: Record<string, unknown>, out: unknown[]): unknown[] {
  for (const v of Object.values(o)) {
    if (v !== null && typeof v === 'object' && !(v instanceof Date)) flatten(v as Record<string, unknown>, out);
    else out.push(v);
  }
  return out;
}

/** Lovefield adapter. */
export class LovefieldAdapter implements Adapter {
  readonly name = 'lovefield';
  private lf: Lf | undefined;
  private db: Db | undefined;
  private generation = 0;
  /** Events rows kept (only) to rebuild the database with the user_id index for W8. */
  private usersRows: readonly UserRow[] = [];

  private get l(): Lf {
    if (this.lf === undefined) throw new Error('not open');
    return this.lf;
  }

  private get d(): Db {
    if (this.db === undefined) throw new Error('not open');
    return this.db;
  }

  private get events(): Table {
    return this.d.getSchema().table('events');
  }

  private get users(): Table {
    return this.d.getSchema().table('users');
  }

  async open(): Promise<void> {
    this.lf = loadLovefield();
    await Promise.resolve();
  }

  private async connect(withIndex: boolean): Promise<void> {
    const lf = this.l;
    this.db?.close();
    this.db = undefined;
    this.generation++;
    const b = lf.schema.create(`bench${String(this.generation)}`, 1);
    const e = b
      .createTable('events')
      .addColumn('id', lf.Type.INTEGER)
      .addColumn('user_id', lf.Type.INTEGER)
      .addColumn('kind', lf.Type.STRING)
      .addColumn('value', lf.Type.NUMBER)
      .addColumn('ts', lf.Type.INTEGER)
      .addPrimaryKey(['id']);
    if (withIndex) e.addIndex('idx_user_id', ['user_id'], false);
    b.createTable('users')
      .addColumn('id', lf.Type.INTEGER)
      .addColumn('name', lf.Type.STRING)
      .addColumn('tier', lf.Type.INTEGER)
      .addPrimaryKey(['id']);
    this.db = await b.connect({ storeType: lf.schema.DataStoreType.MEMORY });
  }

  async reset(): Promise<void> {
    await this.connect(false);
  }

  async loadUsers(rows: readonly UserRow[]): Promise<void> {
    this.usersRows = rows;
    const t = this.users;
    await this.d
      .insertOrReplace()
      .into(t)
      .values(rows.map((r) => t.createRow(r)))
      .exec();
  }

  async bulkLoad(rows: readonly EventRow[]): Promise<void> {
    const t = this.events;
    await this.d
      .insertOrReplace()
      .into(t)
      .values(rows.map((r) => t.createRow(r)))
      .exec();
  }

  async insertEach(rows: readonly EventRow[], loop: Loop): Promise<void> {
    const t = this.events;
    const q = this.d.insert().into(t).values(this.l.bind(0));
    const tx = this.d.createTransaction();
    await tx.begin([t]);
    for (let i = 0; i < rows.length; i++) {
      if (!loop.ok(i)) break;
      await tx.attach(q.bind([[t.createRow(rows[i] as EventRow)]]));
    }
    await tx.commit();
  }

  async lookup(ids: readonly number[], loop: Loop): Promise<Row[]> {
    const t = this.events;
    const q = this.d.select().from(t).where(t.id.eq(this.l.bind(0)));
    const out: Row[] = [];
    for (let i = 0; i < ids.length; i++) {
      if (!loop.ok(i)) break;
      for (const r of await q.bind([ids[i]]).exec()) out.push(r as Row);
    }
    return out;
  }

  async lookupLiteral(ids: readonly number[], loop: Loop): Promise<Row[]> {
    const t = this.events;
    const out: Row[] = [];
    for (let i = 0; i < ids.length; i++) {
      if (!loop.ok(i)) break;
      const rows = await this.d
        .select()
        .from(t)
        .where(t.id.eq(ids[i] as number))
        .exec();
      for (const r of rows) out.push(r as Row);
    }
    return out;
  }

  async filterScan(): Promise<Row[]> {
    const t = this.events;
    const lf = this.l;
    return (await this.d
      .select(lf.fn.count(), lf.fn.sum(t.value))
      .from(t)
      .where(lf.op.and(t.kind.eq('k3'), t.value.gt(0.5)))
      .exec()) as Row[];
  }

  async groupBy(): Promise<Row[]> {
    const t = this.events;
    const lf = this.l;
    return (await this.d.select(t.user_id, lf.fn.count(), lf.fn.avg(t.value)).from(t).groupBy(t.user_id).exec()) as Row[];
  }

  async topK(): Promise<Row[]> {
    const t = this.events;
    return (await this.d.select().from(t).orderBy(t.value, this.l.Order.DESC).limit(100).exec()) as Row[];
  }

  async join(): Promise<Row[]> {
    const e = this.events;
    const u = this.users;
    return (await this.d
      .select(u.tier, this.l.fn.count())
      .from(e)
      .innerJoin(u, e.user_id.eq(u.id))
      .groupBy(u.tier)
      .exec()) as Row[];
  }

  async update(pairs: readonly UpdatePair[], loop: Loop): Promise<void> {
    const t = this.events;
    const lf = this.l;
    const q = this.d.update(t).set(t.value, lf.bind(0)).where(t.id.eq(lf.bind(1)));
    for (let i = 0; i < pairs.length; i++) {
      if (!loop.ok(i)) break;
      const p = pairs[i] as UpdatePair;
      await q.bind([p.value, p.id]).exec();
    }
  }

  async remove(ids: readonly number[], loop: Loop): Promise<void> {
    const t = this.events;
    const q = this.d.delete().from(t).where(t.id.eq(this.l.bind(0)));
    for (let i = 0; i < ids.length; i++) {
      if (!loop.ok(i)) break;
      await q.bind([ids[i]]).exec();
    }
  }

  async createIndex(): Promise<void> {
    // The schema is fixed at connect time: rebuild the database with the index (untimed).
    const rows = (await this.d.select().from(this.events).exec()) as EventRow[];
    const copy = rows.map((r) => ({ id: r.id, user_id: r.user_id, kind: r.kind, value: r.value, ts: r.ts }));
    await this.connect(true);
    await this.loadUsers(this.usersRows);
    await this.bulkLoad(copy);
  }

  async indexedSelect(): Promise<Row[]> {
    const t = this.events;
    return (await this.d.select().from(t).where(t.user_id.eq(42)).exec()) as Row[];
  }

  async state(): Promise<TableState> {
    const t = this.events;
    const lf = this.l;
    const r = (await this.d.select(lf.fn.count(), lf.fn.sum(t.value), lf.fn.sum(t.id)).from(t).exec())[0] as
      | Record<string, number>
      | undefined;
    const v = Object.values(r ?? {});
    return [v[0] ?? 0, v[1] ?? 0, v[2] ?? 0] as const;
  }

  toArrays(_workload: WorkloadId, rows: readonly Row[]): unknown[][] {
    // Multi-table results nest columns per table: { users: { tier }, '#UnknownTable': { 'COUNT(*)': n } }.
    return rows.map((r) => flatten(r as Record<string, unknown>, []));
  }

  async close(): Promise<void> {
    this.db?.close();
    this.db = undefined;
    await Promise.resolve();
  }
}
