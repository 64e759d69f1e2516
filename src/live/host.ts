/**
 * What live queries need from the engine that hosts them. `live/` sits below the engine in the
 * layer order, so the engine hands it this interface (planning with the subscriber's rights,
 * parameter coercion, execution contexts, the clock and the commit pipeline) instead of live
 * importing the engine.
 */
import type * as A from '../sql/ast.ts';
import type { ColumnInfo } from '../api/engine-api.ts';
import type { Role } from '../auth/users.ts';
import type { ExecContext } from '../exec/context.ts';
import type { PhysicalOp } from '../exec/operator.ts';
import type { LogicalPlan } from '../plan/logical.ts';
import type { ChangeSet } from '../storage/change-set.ts';
import type { TableStorage } from '../storage/table-storage.ts';
import type { DataType } from '../types/data-type.ts';
import type { JsValue } from '../types/vector.ts';

/** Who a subscription runs as: the subscribing session's user, role and namespace at subscribe time. */
export interface Subscriber {
  readonly sessionId: string;
  readonly user: string;
  readonly role: Role;
  readonly namespace: string;
}

/** A query compiled for a subscriber. */
export interface LivePlan {
  readonly op: PhysicalOp;
  /** The optimized logical plan (the incremental path reads its shape). */
  readonly plan: LogicalPlan;
  readonly columns: readonly ColumnInfo[];
  readonly paramTypes: readonly (DataType | undefined)[];
  /** Every table the query reads (views expanded), in binding order. */
  readonly tables: readonly TableStorage[];
}

/**
 * The engine, as live queries use it.
 *
 * @example
 * ```ts
 * const registry = new LiveRegistry(host, { maxPerSession: 100 });
 * ```
 */
export interface LiveHost {
  /** Binds, optimizes and compiles a query as `who` (42501 when it may not read a table). */
  plan(who: Subscriber, stmt: A.Statement, query: A.Query): LivePlan;
  /** Coerces parameters to the types the plan inferred (index 0 unused, as contexts expect). */
  bindParams(types: readonly (DataType | undefined)[], params: readonly unknown[]): JsValue[];
  /** A fresh execution context for `who` (one per run: it holds per-run subquery caches). */
  context(who: Subscriber, params: readonly JsValue[]): ExecContext;
  /** The engine clock (ms since the epoch). */
  now(): number;
  /** Adds a commit listener to the commit pipeline; returns its remover. */
  listen(listener: (changes: ChangeSet) => void): () => void;
}
