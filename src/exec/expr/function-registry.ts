/**
 * The contract of scalar functions: each resolves an overload from argument types at bind
 * time and evaluates vector-at-a-time at run time. The registry maps lower-case names to
 * implementations; the binder looks functions up here, the expression evaluator calls them.
 */
import type { DataType } from '../../types/data-type.ts';
import type { Selection, Vector } from '../../types/vector.ts';

/** What a function may read from the executing statement. */
export interface EvalContext {
  /** Statement start time, epoch milliseconds (NOW() is stable within a statement). */
  readonly now: number;
  /** The session user's id (CURRENT_USER). */
  readonly user: string;
  /** The session's role. */
  readonly role: string;
  /** The session's current namespace. */
  readonly namespace: string;
  /** Source of snowflake ids (shared with the `_seq` column generator). */
  nextSnowflake(): bigint;
}

/** The outcome of overload resolution. */
export interface ResolvedSignature {
  /** The result type. */
  readonly result: DataType;
  /** The type each argument must be cast to before `evaluate` (same length as the call's args). */
  readonly args: readonly DataType[];
}

/** One scalar function. */
export interface ScalarFunction {
  /** Lower-case SQL name. */
  readonly name: string;
  /** Minimum and maximum number of arguments (max `Infinity` for variadic). */
  readonly minArgs: number;
  readonly maxArgs: number;
  /** Volatile functions (now, random, snowflake_id) are never constant-folded or cached. */
  readonly volatile: boolean;
  /**
   * If false (the default for most functions) any NULL argument makes the result NULL and
   * `evaluate` may skip those rows; the evaluator does not enforce this, implementations do.
   */
  /** Chooses the overload for the given argument types, or null when none fits (→ 42883). */
  resolve(args: readonly DataType[]): ResolvedSignature | null;
  /**
   * Computes the function for `n` rows. Arguments are vectors of length `n` already cast to
   * `resolve(...).args`. Only positions in `sel` (all when null) must be computed; the result is
   * a vector of length `n` of type `resolve(...).result`. Errors are `DbError`s (e.g. 22012, 22003).
   */
  evaluate(args: readonly Vector[], n: number, sel: Selection, ctx: EvalContext): Vector;
}
