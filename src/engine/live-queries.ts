/**
 * The engine's handle on live queries (`EngineState.live`): the registry itself (`live/`) is
 * loaded with the first subscription, not with the engine.
 */
import { DbError, toDbError } from '../errors/db-error.ts';
import { SqlState } from '../errors/sqlstate.ts';
import type { LiveRecord } from '../catalog/providers/system-tables.ts';
import type { Subscriber } from '../live/host.ts';
import type { LiveRegistry } from '../live/registry.ts';

/**
 * An engine's live queries: the registry (`live/`: planning, incremental matching, diffs) is
 * loaded with the first subscription, not with the engine; until then there is none to end,
 * kill or list. The commit pipeline hears nothing of live queries before that either (the
 * registry starts listening with its first subscription).
 *
 * @example
 * ```ts
 * const live = new LiveQueries(() => import('../live/registry.ts').then((m) => new m.LiveRegistry(host, { maxPerSession: 100 })));
 * live.size;                       // 0, nothing loaded
 * const registry = await live.load();
 * ```
 */
export class LiveQueries {
  /** The registry, once loaded. */
  registry: LiveRegistry | null = null;
  private loading: Promise<LiveRegistry> | null = null;

  /** `make` imports the registry module and builds the engine's registry (see `live-host.ts`). */
  constructor(private readonly make: () => Promise<LiveRegistry>) {}

  /** Number of open subscriptions. */
  get size(): number {
    return this.registry?.size ?? 0;
  }

  /** The registry, loading it the first time. */
  load(): Promise<LiveRegistry> {
    if (this.registry !== null) return Promise.resolve(this.registry);
    this.loading ??= this.make().then((r) => {
      this.registry ??= r;
      return this.registry;
    }, (e: unknown) => {
      this.loading = null;
      throw toDbError(e);
    });
    return this.loading;
  }

  /** Ends one of a session's subscriptions silently (see `LiveRegistry.unsubscribe`). */
  unsubscribe(sessionId: string, id: string): void {
    this.registry?.unsubscribe(sessionId, id);
  }

  /** `KILL LIVE QUERY` (see `LiveRegistry.kill`); 42704 while none was ever started. */
  kill(id: string, by: { readonly user: string; readonly role: Subscriber['role'] }): void {
    if (this.registry === null) throw new DbError(SqlState.UNDEFINED_OBJECT, `live query "${id}" does not exist`);
    this.registry.kill(id, by);
  }

  /** Ends every subscription of a session silently (logout). */
  endSession(sessionId: string): void {
    this.registry?.endSession(sessionId);
  }

  /** Ends every subscription silently (the engine closes). */
  endAll(): void {
    this.registry?.endAll();
  }

  /** The rows of `system.live`. */
  records(): LiveRecord[] {
    return this.registry?.records() ?? [];
  }
}
