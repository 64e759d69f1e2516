/**
 * The state one engine holds, passed to every part of it: catalog, users, sessions, the lock,
 * the statement cache, the commit pipeline, persistence, jobs and options. Statement handlers receive it
 * with the session and the statement (see `dispatch.ts`).
 */
import type * as A from '../sql/ast.ts';
import type { EngineOptions } from '../api/engine-api.ts';
import { Catalog } from '../catalog/catalog.ts';
import type { JobRecord } from '../catalog/providers/system-tables.ts';
import { UserStore } from '../auth/users.ts';
import type { Persistence } from '../storage/persist/persistence.ts';
import type { LiveQueries } from './live-queries.ts';
import { SnowflakeGenerator } from '../storage/snowflake.ts';
import type { UndoLog } from '../storage/undo-log.ts';
import { CommitPipeline } from './commit-pipeline.ts';
import type { Interrupt } from './interrupt.ts';
import { DatabaseLock } from './lock.ts';
import { SessionRegistry, type PreparedEntry, type Session } from './session.ts';
import { StatementCache } from './statement-cache.ts';
import { SystemTables } from './system-tables.ts';

/** Everything an engine holds. */
export class EngineState {
  readonly catalog = new Catalog();
  readonly users = new UserStore();
  readonly seq: SnowflakeGenerator;
  readonly jobs: JobRecord[] = [];
  readonly sessions = new SessionRegistry(this.users);
  readonly lock = new DatabaseLock();
  readonly cache = new StatementCache();
  readonly pipeline = new CommitPipeline(this.lock);
  readonly systemTables: SystemTables;
  /** IndexedDB persistence, or null for a memory-only database (set by `openEngine`). */
  persistence: Persistence | null = null;
  /** Live queries (set by the engine, which wires them to planning and the pipeline). */
  live!: LiveQueries;
  /** The stream-table eviction job's scheduler (set by the engine). */
  eviction: EvictionHook | null = null;
  closed = false;

  constructor(readonly options: EngineOptions) {
    this.seq = new SnowflakeGenerator(1, options.clock ?? Date.now);
    this.systemTables = new SystemTables(this);
  }
}

/** What DDL tells the eviction scheduler: a stream table exists, start following commits. */
export interface EvictionHook {
  watch(): void;
}

/** One statement about to run: what every handler receives. */
export interface StatementRun<S extends A.Statement = A.Statement> {
  readonly db: EngineState;
  readonly session: Session;
  readonly stmt: S;
  readonly params: readonly unknown[];
  /** The transaction's undo log (every write goes through it). */
  readonly undo: UndoLog;
  /** Literals bound as parameters (a shared query shape), if any. */
  readonly literals?: ReadonlyMap<A.LiteralExpr, number>;
  /** The call's time limit and cancel signal, when it has one (checked between batches). */
  readonly interrupt?: Interrupt | null;
  /** The prepared statement being run, if any: its compiled plan is kept on it. */
  readonly prepared?: PreparedEntry;
}

/**
 * A {@link StatementRun} as a class instance (one per statement on the hot path): its map then
 * outlives every run, see `Transaction` in `session.ts`.
 */
export class Run<S extends A.Statement = A.Statement> implements StatementRun<S> {
  constructor(
    readonly db: EngineState,
    readonly session: Session,
    readonly stmt: S,
    readonly params: readonly unknown[],
    readonly undo: UndoLog,
    readonly literals: ReadonlyMap<A.LiteralExpr, number> | undefined,
    readonly interrupt: Interrupt | null,
    readonly prepared: PreparedEntry | undefined,
  ) {}

  /**
   * One instance kept alive for good. V8 holds the shape (hidden class) a constructor's field
   * stores build only through weak transitions: once every run of a statement is garbage, a full
   * GC drops it and deoptimizes all code that relied on it (the whole statement path, compiled
   * again on the next call). A live instance keeps it (see `IntHashTable.keepShape`).
   */
  static readonly keepShape: Run = new Run(null as never, null as never, null as never, [], null as never, undefined, null, undefined);
}
