/**
 * `ANALYZE [table]`: recomputes the optimizer's column statistics (distinct counts, NULL
 * fractions, minimum and maximum, value samples) of one table, or of every table the session
 * may read. Planning refreshes stale statistics by itself (see `storage/stats/table-stats.ts`);
 * ANALYZE makes them current at once, e.g. after updates that did not change the row count.
 * It needs the privilege to read the table; the statistics merge every user's partition, and
 * only `system.column_stats` (dba and above) shows their values.
 */
import type * as A from '../sql/ast.ts';
import type { ExecResult } from '../api/engine-api.ts';
import { canRead, checkRead } from '../auth/privileges.ts';
import { tableStats } from '../storage/stats/table-stats.ts';
import type { TableStorage } from '../storage/table-storage.ts';
import { requireTable } from './names.ts';
import { emptyResult } from './results.ts';
import type { StatementRun } from './state.ts';

/** ANALYZE [table]. */
export function analyze({ db, session: s, stmt: st }: StatementRun<A.AnalyzeStatement>): ExecResult {
  const targets: TableStorage[] = [];
  if (st.table !== null) {
    const t = requireTable(db, s, st.table, false)!;
    checkRead(t.def, s.role);
    targets.push(t);
  } else {
    // tables the role may not read are skipped, as PostgreSQL skips those it may not analyze
    for (const t of db.catalog.allTables()) if (canRead(t.def, s.role)) targets.push(t);
  }
  for (const t of targets) tableStats(t).analyze(t);
  return emptyResult('ANALYZE', 'analyze');
}
