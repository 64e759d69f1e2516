/**
 * EXECUTE AS USER 'u' (statement): runs one statement as another user, within the caller's
 * transaction. Who may target whom is DESIGN §5's table (`auth/privileges.ts`); SHARED tables
 * are refused.
 */
import type * as A from '../sql/ast.ts';
import { DbError } from '../errors/db-error.ts';
import { SqlState } from '../errors/sqlstate.ts';
import type { ExecResult } from '../api/engine-api.ts';
import { checkExecuteAs } from '../auth/privileges.ts';
import { Binder } from '../plan/binder.ts';
import { findTable } from './names.ts';
import { binderFor } from './planning.ts';
import { SessionRegistry, type Session } from './session.ts';
import type { EngineState, StatementRun } from './state.ts';

const SHARED_REFUSED = 'EXECUTE AS USER is not allowed on SHARED tables';

/** EXECUTE AS USER 'u' ( statement ): `dispatch` runs the inner statement. */
export function executeAs(r: StatementRun<A.ExecuteAsStatement>, dispatch: (r: StatementRun) => ExecResult | Promise<ExecResult>): ExecResult | Promise<ExecResult> {
  const { db, session: s, stmt: st } = r;
  const target = db.users.find(st.user);
  if (target === undefined) throw new DbError(SqlState.UNDEFINED_OBJECT, `role "${st.user}" does not exist`);
  checkExecuteAs({ user: s.user, role: s.role }, { user: target.userId, role: target.role });
  const inner = st.statement;
  if (inner.kind === 'insert' || inner.kind === 'update' || inner.kind === 'delete') {
    const t = findTable(db, s, inner.table);
    if (t !== undefined && t.def.kind === 'shared') throw new DbError(SqlState.INSUFFICIENT_PRIVILEGE, SHARED_REFUSED);
  }
  if (inner.kind === 'query' && queryTouchesShared(db, s, inner.query)) throw new DbError(SqlState.INSUFFICIENT_PRIVILEGE, SHARED_REFUSED);
  if (inner.kind === 'transaction' || inner.kind === 'execute_as' || inner.kind === 'create_user' || inner.kind === 'alter_user') {
    throw new DbError(SqlState.FEATURE_NOT_SUPPORTED, `EXECUTE AS USER cannot run ${inner.kind.replace('_', ' ')} statements`);
  }
  const as = SessionRegistry.actingAs(s, target.userId, target.role);
  return dispatch({ ...r, session: as, stmt: inner });
}

function queryTouchesShared(db: EngineState, s: Session, q: A.Query): boolean {
  let shared = false;
  const b = binderFor(db, s);
  new Binder({ ...b.ctx, onTableRead: (def) => { if (def.kind === 'shared') shared = true; } }).bindQuery(q);
  return shared;
}
