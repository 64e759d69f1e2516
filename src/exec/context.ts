/**
 * The per-execution context every operator and expression receives: parameters, the access
 * context (session user and role), outer-row values for correlated subqueries, and the
 * transaction's undo log.
 */
import type { EvalContext } from './expr/function-registry.ts';
import type { AccessContext } from '../storage/table-storage.ts';
import type { UndoLog } from '../storage/undo-log.ts';
import type { SnowflakeGenerator } from '../storage/snowflake.ts';
import type { JsValue } from '../types/vector.ts';

/** State of one statement execution. */
export interface ExecContext {
  /** Parameter values by index (1-based; index 0 unused), already coerced to their bound types. */
  readonly params: readonly JsValue[];
  readonly access: AccessContext;
  readonly eval: EvalContext;
  /** Values of outer columns (by id) while a correlated subquery runs. */
  readonly outer: Map<number, JsValue>;
  readonly undo: UndoLog;
  readonly seq: SnowflakeGenerator;
  /** Results of uncorrelated subqueries, computed once per execution. */
  readonly subqueryCache: Map<object, unknown>;
  /** Row budget guard for runaway recursive CTEs and cross joins. */
  readonly limits: { readonly maxRows: number; readonly maxRecursion: number };
  /**
   * Throws `57014` when the statement was cancelled or ran past its time limit. Operators call
   * it between batches (after each pass, each recursion step, every few hundred correlated
   * subquery runs); it costs one field test when the statement has no limit.
   */
  checkpoint(): void;
}
