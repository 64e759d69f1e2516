/**
 * The contract of scalar functions: each resolves an overload from argument types at bind
 * time and evaluates vector-at-a-time at run time. The registry maps lower-case names to
 * implementations; the binder looks functions up here, the expression evaluator calls them.
 */
import { DbError } from '../../errors/db-error.ts';
import { SqlState } from '../../errors/sqlstate.ts';
import type { DataType } from '../../types/data-type.ts';
import type { Selection, Vector } from '../../types/vector.ts';
import type { LazyPart } from '../lazy-part.ts';

/**
 * Longest text value a function may build, in UTF-16 code units (64 Mi). PostgreSQL's limit
 * is 1 GB per value; V8's is 2^29 − 24 code units per string, and a browser tab's heap is
 * far smaller than either.
 */
export const MAX_TEXT_VALUE = 1 << 26;

/** Default {@link TextBudget} of one statement: 256 Mi code units (`maxStatementBytes`). */
export const DEFAULT_STATEMENT_TEXT = 1 << 28;

/**
 * The text a statement's functions may build in total, so that no query can exhaust the heap
 * or hit V8's string length limit: past it the statement fails with 54000 and the engine
 * stays usable. Builders (repeat, lpad, rpad, concat, string_agg) are charged their whole
 * result; transforms (replace, regexp_replace, translate) what they add to their input.
 * Sizes are UTF-16 code units (what V8 stores; equal to bytes for Latin-1 text).
 */
export class TextBudget {
  private used = 0;
  /** Code units the statement may build. */
  readonly limit: number;
  /** @param limit Code units the statement may build (default, or when not a number ≥ 0: 256 Mi; Infinity: no limit). */
  constructor(limit?: number) {
    this.limit = limit !== undefined && limit >= 0 ? limit : DEFAULT_STATEMENT_TEXT;
  }

  /** Code units built so far. */
  get spent(): number {
    return this.used;
  }

  /**
   * Longest value that may be built now from `input` code units of input text (a transform
   * is charged only for what it adds): the per-value cap, or what the statement has left.
   */
  room(input = 0): number {
    return Math.max(0, Math.min(MAX_TEXT_VALUE, input + this.limit - this.used));
  }

  /**
   * Accounts for a new value of `length` code units about to be built (repeat, lpad, concat).
   * Fails with 54000 `requested length too large` past {@link MAX_TEXT_VALUE}, or `out of
   * memory` when the statement would exceed its budget. Call it before building.
   */
  reserve(length: number): void {
    this.grow(0, length);
  }

  /**
   * Accounts for a batch of new values built at once (`||` over a column): `total` code units
   * in all, the longest value `longest` units. Same errors as {@link reserve}.
   */
  reserveBatch(total: number, longest: number): void {
    if (longest > MAX_TEXT_VALUE) throw new DbError(SqlState.PROGRAM_LIMIT_EXCEEDED, 'requested length too large');
    this.grow(0, Math.min(total, this.limit + 1));
    if (total > this.limit + 1) this.grow(0, total);
  }

  /**
   * Accounts for a transform (replace, regexp_replace, translate) turning `input` code units
   * into `output`: the value must fit {@link MAX_TEXT_VALUE}; the growth is charged.
   */
  grow(input: number, output: number): void {
    if (output > MAX_TEXT_VALUE) throw new DbError(SqlState.PROGRAM_LIMIT_EXCEEDED, 'requested length too large');
    if (output <= input) return;
    this.used += output - input;
    if (this.used > this.limit) {
      throw new DbError(SqlState.OUT_OF_MEMORY, 'out of memory', {
        detail: `The statement built more than ${this.limit} characters of text.`,
        hint: 'Raise the engine option maxStatementBytes, or build less text in one statement.',
      });
    }
  }
}

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
  /** Text this statement may still build (54000 past it). */
  readonly textBudget: TextBudget;
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
   * A part of the engine `evaluate` needs that is loaded on first use (`exec/lazy-part.ts`):
   * binding a call checks it is loaded (throws `PartLoading` otherwise, and the engine loads it
   * and runs the statement again).
   */
  readonly part?: LazyPart<unknown>;
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
