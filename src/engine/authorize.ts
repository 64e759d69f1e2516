/**
 * Authorizing a script as a whole: every statement's privileges are checked before any of the
 * script runs, so a denied script changes nothing (DESIGN §5).
 */
import type * as A from '../sql/ast.ts';
import { atLeast, checkCreateTable, checkDba, checkWrite } from '../auth/privileges.ts';
import { tableKindOf } from './ddl/tables.ts';
import { findTable } from './names.ts';
import type { Session } from './session.ts';
import type { EngineState } from './state.ts';

/** Checks the privileges of every statement of a script before any of it runs. */
export function authorizeScript(db: EngineState, s: Session, stmts: readonly A.Statement[]): void {
  for (const st of stmts) authorize(db, s, st);
}


function authorize(db: EngineState, s: Session, st: A.Statement): void {
  switch (st.kind) {
    case 'create_namespace': case 'drop_namespace': checkDba(s.role, 'manage namespaces'); break;
    case 'drop_table': checkDba(s.role, 'drop tables'); break;
    case 'create_user': case 'alter_user': case 'drop_user': checkDba(s.role, 'manage users'); break;
    case 'storage_flush': if (!atLeast(s.role, 'service')) checkDba(s.role, 'flush storage'); break;
    case 'create_table': checkCreateTable(tableKindOf(st), s.role); break;
    case 'insert': case 'update': case 'delete': {
      const t = findTable(db, s, st.table);
      if (t !== undefined) checkWrite(t.def, s.role);
      break;
    }
    default: break;
  }
}
