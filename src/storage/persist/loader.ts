/**
 * Loading stored partitions into memory: shared tables when the database opens, a user's
 * partitions of user tables when that user first acts (their session opens, or an
 * `EXECUTE AS USER` targets them), and every partition of one table before DDL that must see
 * all of its rows. Nothing of a user is read before then, so a device holding many users'
 * data opens fast and a login reads only that user's records.
 *
 * A partition is rebuilt from its segment (if flushed) and its log records after the segment,
 * in LSN order, converting between schema versions on the way (`convert.ts`), then converted
 * to the table's current definition, compacted, and given its indexes (built on first use,
 * `deferred-index.ts`). Installing is
 * synchronous and happens only for partitions nobody has written since the read began: nothing
 * writes to a partition that is not loaded (the engine loads before it lets a statement touch
 * one), a dropped table is skipped, and a user dropped meanwhile (an epoch per owner) too.
 */
import { Partition } from '../partition.ts';
import type { TableStorage } from '../table-storage.ts';
import type { Catalog } from '../../catalog/catalog.ts';
import type { TableRegistry } from './catalog-sync.ts';
import { convertPartition, convertPartitionByName, definitionAt } from './convert.ts';
import { readOwner, readTable, type InkIdb } from './idb-store.ts';
import { applyRecord, SeqFinder } from './log-record.ts';
import type { LogRecord, SegmentRecord } from './records.ts';
import type { decodeSegment as DecodeSegment } from './segment.ts';
import { DeferredIndex } from './deferred-index.ts';

/** Rows replayed from the log into one installed partition (the flush policy counts them as unflushed). */
export interface Installed {
  readonly table: TableStorage;
  readonly owner: string;
  readonly logRows: number;
}

/** Counters of what the loader read (tests and diagnostics). */
export interface LoadStats {
  /** IndexedDB read transactions of partition data. */
  reads: number;
  /** Segments and log records read. */
  segments: number;
  logRecords: number;
  /** Owners whose records were read, in order. */
  readonly owners: string[];
}

const pairKey = (table: number, owner: string): string => `${table}\u0000${owner}`;

/** The segment decoder (with apache-arrow), loaded the first time stored segments are read; null when there are none. */
async function segmentDecoder(segments: readonly SegmentRecord[]): Promise<typeof DecodeSegment | null> {
  return segments.length === 0 ? null : (await import('./segment.ts')).decodeSegment;
}

/** Which partitions are in memory, and the reads that bring the others in. */
export class Loader {
  private readonly loadedOwners = new Set<string>();
  private readonly loadedTables = new Set<number>();
  private readonly loadedPairs = new Set<string>();
  private readonly epochs = new Map<string, number>();
  private readonly ownerLoads = new Map<string, Promise<void>>();
  private readonly tableLoads = new Map<number, Promise<void>>();
  readonly stats: LoadStats = { reads: 0, segments: 0, logRecords: 0, owners: [] };

  constructor(
    private readonly db: () => InkIdb,
    private readonly catalog: Catalog,
    private readonly reg: TableRegistry,
    private readonly onInstalled: (i: Installed) => void,
  ) {}

  /** True when the partition of `owner` in `t` is in memory (always for shared and stream tables once open). */
  isLoaded(t: TableStorage, owner: string): boolean {
    if (t.def.kind !== 'user') return true;
    const id = this.reg.find(t);
    if (id === undefined || this.loadedTables.has(id) || this.loadedOwners.has(owner)) return true;
    return this.loadedPairs.has(pairKey(id, owner));
  }

  /** Marks every partition of a new table loaded (nothing of it is stored). */
  tableCreated(id: number): void {
    this.loadedTables.add(id);
  }

  /** Marks a new user loaded (nothing of theirs is stored: a dropped user's rows were deleted). */
  ownerCreated(owner: string): void {
    this.loadedOwners.add(owner);
  }

  /** A user is being dropped: loads of their rows that are in flight must not install. */
  ownerDropped(owner: string): void {
    this.epochs.set(owner, (this.epochs.get(owner) ?? 0) + 1);
  }

  /** Loads the shared tables (at open). */
  async loadShared(): Promise<void> {
    await this.loadOwnerNow('');
  }

  /** Loads a user's partitions of every user table; undefined when they are in memory already. */
  loadOwner(owner: string): Promise<void> | undefined {
    if (this.loadedOwners.has(owner)) return undefined;
    let p = this.ownerLoads.get(owner);
    if (p === undefined) {
      p = this.loadOwnerNow(owner).finally(() => { this.ownerLoads.delete(owner); });
      this.ownerLoads.set(owner, p);
    }
    return p;
  }

  /** Loads every partition of a table; undefined when they are in memory already. */
  loadTable(t: TableStorage): Promise<void> | undefined {
    if (t.def.kind !== 'user') return undefined;
    const id = this.reg.find(t);
    if (id === undefined || this.loadedTables.has(id)) return undefined;
    let p = this.tableLoads.get(id);
    if (p === undefined) {
      p = this.loadTableNow(id).finally(() => { this.tableLoads.delete(id); });
      this.tableLoads.set(id, p);
    }
    return p;
  }

  private async loadOwnerNow(owner: string): Promise<void> {
    const epoch = this.epochs.get(owner) ?? 0;
    this.stats.reads++;
    this.stats.owners.push(owner);
    const { segments, log } = await readOwner(this.db(), owner);
    const decode = await segmentDecoder(segments);
    this.count(segments, log);
    // dropped while reading: install nothing, and leave the owner to be read again if the drop rolls back
    if ((this.epochs.get(owner) ?? 0) !== epoch) return;
    this.install(segments, log, decode, () => true);
    this.loadedOwners.add(owner);
  }

  private async loadTableNow(id: number): Promise<void> {
    const epochs = new Map(this.epochs);
    this.stats.reads++;
    const { segments, log } = await readTable(this.db(), id);
    const decode = await segmentDecoder(segments);
    this.count(segments, log);
    this.install(segments, log, decode, (owner) => (this.epochs.get(owner) ?? 0) === (epochs.get(owner) ?? 0));
    this.loadedTables.add(id);
  }

  private count(segments: readonly SegmentRecord[], log: readonly LogRecord[]): void {
    this.stats.segments += segments.length;
    this.stats.logRecords += log.length;
  }

  /** Rebuilds and installs the partitions in the records that are not in memory yet. */
  private install(segments: readonly SegmentRecord[], log: readonly LogRecord[], decode: typeof DecodeSegment | null,
    ownerValid: (owner: string) => boolean): void {
    const byId = new Map<number, TableStorage>();
    for (const t of this.catalog.allTables()) {
      const id = this.reg.find(t);
      if (id !== undefined) byId.set(id, t);
    }
    const groups = new Map<string, { table: number; owner: string; seg: SegmentRecord | null; log: LogRecord[] }>();
    const group = (table: number, owner: string) => {
      const k = pairKey(table, owner);
      let g = groups.get(k);
      if (g === undefined) {
        g = { table, owner, seg: null, log: [] };
        groups.set(k, g);
      }
      return g;
    };
    for (const s of segments) group(s.table, s.owner).seg = s;
    for (const r of log) group(r.table, r.owner).log.push(r);
    for (const g of groups.values()) {
      const t = byId.get(g.table);
      if (t === undefined || t.dropped || t.def.kind === 'stream' || t.def.kind === 'system') continue;
      if (t.def.kind === 'user' && (this.isLoaded(t, g.owner) || !ownerValid(g.owner))) continue;
      if (t.partitions.has(g.owner)) continue;
      const built = this.build(t, g.owner, g.seg, g.log, decode);
      if (built === null) continue;
      t.partitions.set(g.owner, built.partition);
      t.bumpVersion();
      if (t.def.kind === 'user') this.loadedPairs.add(pairKey(g.table, g.owner));
      this.onInstalled({ table: t, owner: g.owner, logRows: built.logRows });
    }
  }

  private build(t: TableStorage, owner: string, seg: SegmentRecord | null, log: LogRecord[],
    decode: typeof DecodeSegment | null): { partition: Partition; logRows: number } | null {
    const h = this.reg.history(t);
    const from = seg === null ? 0 : seg.lsn;
    const records = log.filter((r) => r.lsn > from).sort((a, b) => a.lsn - b.lsn);
    let p: Partition | null = null;
    let version = 0;
    let logRows = 0;
    const start = (v: number): Partition | null => {
      const d = definitionAt(h, v);
      if (d === undefined) return null;
      version = v;
      return seg !== null && p === null ? decode!(seg, d, owner) : new Partition(owner, d, []);
    };
    if (seg !== null) p = start(seg.version);
    let finder: SeqFinder | null = p === null ? null : new SeqFinder(p);
    for (const r of records) {
      if (p === null) {
        p = start(r.version);
        if (p === null) return null;
        finder = new SeqFinder(p);
      }
      if (r.version !== version) this.convert(t, p, version, r.version);
      version = r.version;
      applyRecord(p, r, finder!);
      logRows += r.insertCount + (r.delete?.length ?? 0) + (r.update?.seqs.length ?? 0);
    }
    if (p === null) return null;
    if (version !== t.def.schemaVersion) this.convert(t, p, version, t.def.schemaVersion);
    p.compact();
    p.indexes = t.indexes.map((d) => new DeferredIndex(d, d.columns.map((c) => p.columns[c]!.type), p));
    p.version++;
    return { partition: p, logRows };
  }

  private convert(t: TableStorage, p: Partition, from: number, to: number): void {
    const h = this.reg.history(t);
    if (convertPartition(p, h, from, to)) return;
    const a = definitionAt(h, from);
    const b = definitionAt(h, to) ?? t.def;
    if (a !== undefined) convertPartitionByName(p, a, b);
  }
}
