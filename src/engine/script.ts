/**
 * Scripts statement by statement (`EngineApi.executeScript`): the script is parsed and
 * authorized as a whole, as `execute` does, then each statement runs in order under the
 * database lock; each result carries its statement's span in the script and the engine time
 * it took. The first failure stops the script and is returned, not thrown.
 */
import type * as A from '../sql/ast.ts';
import { tokenize, TokenKind } from '../sql/lexer.ts';
import { toDbError } from '../errors/db-error.ts';
import type { ExecResult, ExecScriptOutcome, ScriptStep } from '../api/engine-api.ts';
import { authorizeScript } from './authorize.ts';
import type { Session } from './session.ts';
import type { EngineState } from './state.ts';

/** A statement's place in its script: 0-based UTF-16 offsets, `end` exclusive. */
export interface StatementSpan {
  readonly start: number;
  readonly end: number;
}

/**
 * Where each parsed statement sits in `sql`: from its first token to the end of its last
 * token before the `;` (or the end of the text) that closes it; comments and whitespace
 * around it are left out.
 *
 * @example
 * ```ts
 * const sql = 'SELECT 1;\n  SELECT 2 ;';
 * statementSpans(sql, parse(sql));   // [{ start: 0, end: 8 }, { start: 12, end: 20 }]
 * ```
 */
export function statementSpans(sql: string, stmts: readonly A.Statement[]): StatementSpan[] {
  const tokens = tokenize(sql);
  const out: StatementSpan[] = [];
  let k = 0;
  for (let i = 0; i < stmts.length; i++) {
    const start = stmts[i]!.pos;
    const next = i + 1 < stmts.length ? stmts[i + 1]!.pos : sql.length + 1;
    while (k < tokens.length && tokens[k]!.start < start) k++;
    let end = start;
    let depth = 0;
    for (; k < tokens.length && tokens[k]!.start < next; k++) {
      const t = tokens[k]!;
      if (t.kind === TokenKind.Eof) break;
      if (t.kind === TokenKind.Op) {
        if (t.value === '(') depth++;
        else if (t.value === ')') depth--;
        else if (t.value === ';' && depth <= 0) break;
      }
      end = t.end;
    }
    out.push({ start, end });
  }
  return out;
}

/** Milliseconds on a monotonic clock where there is one. */
const now: () => number = typeof performance !== 'undefined' ? () => performance.now() : () => Date.now();

/**
 * Runs a script statement by statement. `run` runs one statement with statement atomicity
 * (the engine's own path); the lock is awaited before each statement, as `execute` does.
 *
 * @example
 * ```ts
 * const out = await runScript(state, session, 'CREATE TABLE t (a INT); INSERT INTO t VALUES (1)', (st) => run(st));
 * out.steps.map((x) => x.result.message);   // ['Table default.t created', 'Inserted 1 row(s)']
 * ```
 */
export async function runScript(
  db: EngineState, s: Session, sql: string, run: (st: A.Statement) => ExecResult | Promise<ExecResult>,
): Promise<ExecScriptOutcome> {
  let stmts: A.Statement[];
  let spans: StatementSpan[];
  try {
    stmts = db.cache.parse(sql);
    spans = statementSpans(sql, stmts);
    if (db.lock.busyFor(s.id)) await db.lock.acquire(s.id);
    authorizeScript(db, s, stmts);
  } catch (e) {
    return { steps: [], error: toDbError(e), errorAt: null };
  }
  const steps: ScriptStep<ExecResult>[] = [];
  for (let i = 0; i < stmts.length; i++) {
    const span = spans[i]!;
    try {
      if (db.lock.busyFor(s.id)) await db.lock.acquire(s.id);
      const t0 = now();
      const result = await run(stmts[i]!);
      steps.push({ result, start: span.start, end: span.end, elapsedMs: now() - t0 });
    } catch (e) {
      return { steps, error: toDbError(e), errorAt: span };
    }
  }
  return { steps, error: null, errorAt: null };
}
