/**
 * Statement cancellation and time limits. A statement carries an {@link Interrupt} when it has
 * a deadline (`timeoutMs`, or the database's `statementTimeoutMs`) or a cancel signal; operators
 * call `ExecContext.checkpoint()` between batches (after each operator pass, each recursion step,
 * every 256 correlated-subquery runs, every 1,024 rows of a batched call), which throws `57014`.
 * The statement is then rolled back like any failed statement, so it changes nothing.
 *
 * The signal is anything with a boolean `aborted`: an `AbortSignal` in-process (it can only
 * flip between tasks, so in-process it stops a statement that has not started yet), or the
 * worker endpoint's view of a shared flag the page sets while the worker is busy (see
 * `worker/endpoint.ts`).
 */
import { DbError } from '../errors/db-error.ts';
import { SqlState } from '../errors/sqlstate.ts';

/** What cancels a statement: anything whose `aborted` turns true. */
export interface CancelSignal {
  readonly aborted: boolean;
}

/** The clock deadlines are measured with (monotonic where available). */
const now: () => number = typeof performance !== 'undefined' && typeof performance.now === 'function'
  ? () => performance.now()
  : () => Date.now();

/** The 57014 error of a cancelled statement. */
export function cancelledError(): DbError {
  return new DbError(SqlState.QUERY_CANCELED, 'canceling statement due to user request');
}

/** The 57014 error of a statement past its time limit. */
export function timedOutError(): DbError {
  return new DbError(SqlState.QUERY_CANCELED, 'canceling statement due to statement timeout');
}

/** A statement's deadline and cancel signal, checked at checkpoints. */
export class Interrupt {
  private readonly deadline: number;

  private constructor(timeoutMs: number, private readonly signal: CancelSignal | null) {
    this.deadline = timeoutMs > 0 ? now() + timeoutMs : Infinity;
  }

  /**
   * The interrupt of one call, or null when it has neither a time limit nor a signal (the
   * common case costs nothing then). `timeoutMs` 0 or undefined means no limit.
   *
   * @example
   * ```ts
   * const i = Interrupt.of(50, undefined);   // a 50 ms deadline from now
   * i?.check();                              // throws 57014 once 50 ms have passed
   * ```
   */
  static of(timeoutMs: number | undefined, signal: CancelSignal | undefined): Interrupt | null {
    const t = timeoutMs !== undefined && timeoutMs > 0 && Number.isFinite(timeoutMs) ? timeoutMs : 0;
    if (t === 0 && signal === undefined) return null;
    return new Interrupt(t, signal ?? null);
  }

  /** Throws 57014 when the signal was aborted or the deadline has passed. */
  check(): void {
    if (this.signal?.aborted === true) throw cancelledError();
    if (this.deadline !== Infinity && now() > this.deadline) throw timedOutError();
  }
}
