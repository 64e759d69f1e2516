/**
 * The per-statement {@link ExecContext}: parameters, the session's access context, the
 * transaction's undo log and the statement clock. The outer-row and subquery maps, and the
 * evaluation context, are created only when a statement needs them (a prepared single-row
 * INSERT needs none of them).
 */
import type { ExecContext } from '../exec/context.ts';
import { TextBudget, type EvalContext } from '../exec/expr/function-registry.ts';
import type { SnowflakeGenerator } from '../storage/snowflake.ts';
import type { AccessContext } from '../storage/table-storage.ts';
import { UndoLog } from '../storage/undo-log.ts';
import type { JsValue } from '../types/vector.ts';
import type { Interrupt } from './interrupt.ts';
import type { RenewableContext, Session } from './session.ts';

const LIMITS = { maxRows: 50_000_000, maxRecursion: 100_000 } as const;

/** The context of one statement execution. */
export class StatementContext implements ExecContext, AccessContext, RenewableContext {
  /** The session's user and role (the context is its own access context: one object per statement). */
  readonly user: string;
  readonly role: string;
  readonly limits = LIMITS;
  /** Parameters of the row being run (a batched call swaps them per row). */
  params: readonly JsValue[];
  /** The transaction's undo log (see {@link StatementContext.renew}). */
  undo: UndoLog;
  private outerMap: Map<number, JsValue> | null = null;
  private cache: Map<object, unknown> | null = null;
  private evalCtx: EvalContext | null = null;

  constructor(params: readonly JsValue[], private readonly s: Session, undo: UndoLog, readonly seq: SnowflakeGenerator,
    private readonly maxText: number | undefined, private readonly interrupt: Interrupt | null = null) {
    this.params = params;
    this.undo = undo;
    this.user = s.user;
    this.role = s.role;
  }

  /**
   * True when this context can serve another statement of session `s` (see {@link renew}): the
   * same session, acting as the same user and role, without a time limit or signal.
   */
  fits(s: Session): boolean {
    return this.s === s && this.interrupt === null && this.user === s.user && this.role === s.role;
  }

  /**
   * Makes the context that of a new statement: its parameters and undo log, a new statement clock
   * (the evaluation context is made again on first use), no outer rows, no cached subqueries.
   * Only for statements that do not key anything on the context's identity (a prepared
   * single-row INSERT: system tables, which do, cannot be its target).
   */
  renew(params: readonly JsValue[], undo: UndoLog): void {
    this.params = params;
    this.undo = undo;
    this.outerMap = null;
    this.cache = null;
    this.evalCtx = null;
  }

  /** One context kept alive so its shape survives full GCs (see `Run.keepShape` in engine/state.ts). */
  static readonly keepShape: StatementContext = new StatementContext([], { user: '', role: '' } as unknown as Session, UndoLog.keepShape, null as never, undefined, null);

  /** Who runs the statement; a new object per statement (system tables materialize once per statement, keyed by it). */
  get access(): AccessContext {
    return this;
  }

  /** The evaluation context, made on first use (a computed property name, so the source never reads like a call to the global evaluator). */
  get ['eval'](): EvalContext {
    if (this.evalCtx === null) {
      const s = this.s, seq = this.seq;
      this.evalCtx = {
        now: seq.clock(), user: s.user, role: s.role, namespace: s.namespace, nextSnowflake: () => seq.next(),
        textBudget: new TextBudget(this.maxText),
      };
    }
    return this.evalCtx;
  }

  get outer(): Map<number, JsValue> {
    return (this.outerMap ??= new Map());
  }

  get subqueryCache(): Map<object, unknown> {
    return (this.cache ??= new Map());
  }

  checkpoint(): void {
    if (this.interrupt !== null) this.interrupt.check();
  }
}
