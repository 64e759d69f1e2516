/**
 * The per-statement {@link ExecContext}: parameters, the session's access context, the
 * transaction's undo log and the statement clock. The outer-row and subquery maps are created
 * only when a statement needs them.
 */
import type { ExecContext } from '../exec/context.ts';
import { TextBudget, type EvalContext } from '../exec/expr/function-registry.ts';
import type { SnowflakeGenerator } from '../storage/snowflake.ts';
import type { UndoLog } from '../storage/undo-log.ts';
import type { JsValue } from '../types/vector.ts';
import type { Session } from './session.ts';

const LIMITS = { maxRows: 50_000_000, maxRecursion: 100_000 } as const;

/** The context of one statement execution. */
export class StatementContext implements ExecContext {
  readonly access: { readonly user: string; readonly role: string };
  readonly eval: EvalContext;
  readonly limits = LIMITS;
  private outerMap: Map<number, JsValue> | null = null;
  private cache: Map<object, unknown> | null = null;

  constructor(readonly params: readonly JsValue[], s: Session, readonly undo: UndoLog, readonly seq: SnowflakeGenerator, maxText?: number) {
    this.access = { user: s.user, role: s.role };
    this.eval = {
      now: seq.clock(), user: s.user, role: s.role, namespace: s.namespace, nextSnowflake: () => seq.next(),
      textBudget: new TextBudget(maxText),
    };
  }

  get outer(): Map<number, JsValue> {
    return (this.outerMap ??= new Map());
  }

  get subqueryCache(): Map<object, unknown> {
    return (this.cache ??= new Map());
  }
}
