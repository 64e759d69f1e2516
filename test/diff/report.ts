/**
 * Turning a reduced failing case into a readable repro: the SQL script, and what each engine
 * answers to its last statement. Also the failure signature used to dedupe failure classes.
 */
import { renderStmt, type Case, type Stmt } from './ast.ts';
import { showRow } from './compare.ts';
import type { Engine, Outcome } from './engines.ts';
import { oracleSql } from './oracles.ts';
import { failureKey, normalizeMessage, tagsOf } from './reducer.ts';
import type { Failure } from './runner.ts';

/** A class signature: failure kind, codes, message shape and the constructs of the reduced statement. */
export function signature(c: Case, f: Failure): string {
  const last = c.stmts[c.stmts.length - 1] as Stmt;
  const msg = f.kind === 'ink-error' || f.kind === 'code' || f.kind === 'pg-error' ? normalizeMessage(f.message ?? '') : '';
  return `${failureKey(f)}|${msg}|${tagsOf(last).join(',')}`;
}

/** A short outcome text. */
export function showOutcome(o: Outcome, maxRows = 8): string {
  if (!o.ok) return `ERROR ${o.code}: ${o.message}`;
  if (o.cols.length === 0) return `OK (${o.rowCount} rows affected)`;
  const rows = o.rows.slice(0, maxRows).map(showRow).join(' ');
  return `${o.rows.length} row(s): ${rows}${o.rows.length > maxRows ? ' …' : ''}`;
}

/** The statements of a case as a script (oracles as their two queries). */
export function script(c: Case): string {
  const out: string[] = [];
  for (const s of c.stmts) {
    if (s.k === 'oracle') {
      const [a, b] = oracleSql(s);
      out.push(`-- oracle ${s.kind}: the two queries must agree`);
      out.push(`${a};`, `${b};`);
    } else out.push(`${renderStmt(s)};`);
  }
  return out.join('\n');
}

/** Runs the case and reports both engines' answers to its last statement (both oracle queries). */
export async function lastOutcomes(c: Case, ink: Engine, pg: Engine | null): Promise<{ sql: string; ink: string; pg: string }[]> {
  await ink.reset();
  if (pg !== null) await pg.reset();
  const n = c.stmts.length;
  for (let i = 0; i < n - 1; i++) {
    const s = c.stmts[i] as Stmt;
    if (s.k === 'oracle') continue;
    const sql = renderStmt(s);
    await ink.run(sql);
    if (pg !== null) await pg.run(sql);
  }
  const last = c.stmts[n - 1] as Stmt;
  const sqls = last.k === 'oracle' ? oracleSql(last) : [renderStmt(last)];
  const out: { sql: string; ink: string; pg: string }[] = [];
  for (const sql of sqls) {
    const a = await ink.run(sql);
    const b = pg === null ? null : await pg.run(sql);
    out.push({ sql, ink: showOutcome(a), pg: b === null ? '(not run)' : showOutcome(b) });
  }
  return out;
}

/** A Markdown block for one reduced failure. */
export async function reproMarkdown(title: string, c: Case, f: Failure, ink: Engine, pg: Engine | null): Promise<string> {
  const outs = await lastOutcomes(c, ink, pg);
  const lines = [`### ${title}`, '', `- kind: \`${f.kind}\`${f.inkCode ? `, inkdb ${f.inkCode}` : ''}${f.pgCode ? `, postgres ${f.pgCode}` : ''}`, `- detail: ${f.detail}`, `- seed: ${c.seed}`, '', '```sql', script(c), '```', ''];
  for (const o of outs) {
    if (outs.length > 1) lines.push(`\`${o.sql}\``);
    lines.push(`- InkDB: ${o.ink}`, `- PostgreSQL: ${o.pg}`, '');
  }
  return lines.join('\n');
}
