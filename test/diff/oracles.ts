/**
 * Oracles that need only one engine:
 * - TLP (ternary logic partitioning): Q equals the UNION ALL of Q WHERE p, Q WHERE NOT p and
 *   Q WHERE p IS NULL (UNION for DISTINCT queries; MIN/MAX/COUNT/SUM recombined for aggregates).
 * - NoREC: SELECT count(*) … WHERE p equals SELECT sum(CASE WHEN p THEN 1 ELSE 0 END) … (the
 *   second form cannot use the optimizer's filter machinery).
 */
import { renderExpr, renderFrom, renderQuery, type Expr, type Select, type Stmt } from './ast.ts';
import { diffRows } from './compare.ts';
import type { Cell, Engine, Outcome } from './engines.ts';

type OracleStmt = Stmt & { k: 'oracle' };

function and(w: Expr | undefined, p: string): string {
  return w === undefined ? p : `(${renderExpr(w)}) AND ${p}`;
}

function part(base: Select, cond: string): string {
  const head = renderQuery({ ...base, where: undefined });
  // Insert the WHERE after FROM (base has no GROUP BY / ORDER BY / LIMIT).
  return `${head} WHERE ${and(base.where, cond)}`;
}

/** The SQL texts an oracle runs: [reference, partitioned]. */
export function oracleSql(s: OracleStmt): [string, string] {
  const p = renderExpr(s.p);
  const conds = [`(${p})`, `(NOT (${p}))`, `((${p}) IS NULL)`];
  switch (s.kind) {
    case 'tlp':
      return [renderQuery(s.base), conds.map((c) => part(s.base, c)).join(' UNION ALL ')];
    case 'tlp_distinct':
      return [renderQuery(s.base), conds.map((c) => part(s.base, c)).join(' UNION ')];
    case 'tlp_agg': {
      const agg = s.agg ?? 'max';
      const e = renderExpr(s.base.items[0]?.e as Expr);
      const from = fromClause(s.base);
      const aggSel = (cond: string | null): string => {
        const where = cond === null ? (s.base.where === undefined ? '' : ` WHERE ${renderExpr(s.base.where)}`) : ` WHERE ${and(s.base.where, cond)}`;
        return `SELECT ${agg}(${e}) AS m${from}${where}`;
      };
      const combine = agg === 'count' ? 'sum' : agg;
      return [aggSel(null), `SELECT ${combine}(m) AS m FROM (${conds.map((c) => aggSel(c)).join(' UNION ALL ')}) AS s(m)`];
    }
    case 'norec': {
      const from = fromClause(s.base);
      return [`SELECT count(*) AS n${from} WHERE ${p}`, `SELECT sum(CASE WHEN ${p} THEN 1 ELSE 0 END) AS n${from}`];
    }
  }
}

function fromClause(base: Select): string {
  return base.from.length === 0 ? '' : ` FROM ${base.from.map(renderFrom).join(', ')}`;
}

/** Result of checking an oracle on one engine. */
export type OracleResult =
  | { readonly status: 'ok' }
  | { readonly status: 'error'; readonly outcome: Outcome & { ok: false }; readonly sql: string }
  | { readonly status: 'violated'; readonly detail: string };

function zeroIfNull(rows: readonly (readonly Cell[])[]): readonly (readonly Cell[])[] {
  return rows.map((r) => r.map((c) => (c === null ? { n: 0n, f: 0, f4: false } : c)));
}

/** Runs an oracle on one engine. */
export async function checkOracle(s: OracleStmt, e: Engine): Promise<OracleResult> {
  const [a, b] = oracleSql(s);
  const ra = await e.run(a);
  if (!ra.ok) return { status: 'error', outcome: ra, sql: a };
  const rb = await e.run(b);
  if (!rb.ok) return { status: 'error', outcome: rb, sql: b };
  let d: string | null;
  if (s.kind === 'norec' || (s.kind === 'tlp_agg' && (s.agg === 'count' || s.agg === 'sum'))) d = diffRows(zeroIfNull(ra.rows), zeroIfNull(rb.rows), false);
  else d = diffRows(ra.rows, rb.rows, false);
  return d === null ? { status: 'ok' } : { status: 'violated', detail: d };
}
