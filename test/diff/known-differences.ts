/**
 * Intended differences between InkDB and PostgreSQL that the differential tester accepts.
 * Each entry is a deliberate, documented design decision — a wrong answer is never one.
 *
 * The list mirrors docs/CONFORMANCE.md ("Differential testing against PostgreSQL"). KD2 (SUM of
 * bigint was bigint) is gone: InkDB has NUMERIC now and SUM(bigint) is numeric, as in PostgreSQL.
 *
 * Differences absorbed elsewhere (not entries here, listed for the record):
 * - Result column *types* are not compared, only values (numbers as exact integers or with a
 *   relative tolerance of 1e-9): the generator keeps types apart where they matter, and
 *   `CAST(… AS TEXT)` and `pg_typeof` expose type differences as values.
 * - REAL is stored as double precision (docs/SQL.md, Types): REAL results compare with 1e-6, and
 *   the generator only puts exactly representable values in REAL columns.
 * - Both engines failing is accepted when the SQLSTATE *class* (first two characters) agrees;
 *   docs/CONFORMANCE.md lists no code-level differences, and precedence between two errors in
 *   one statement is plan-dependent in PostgreSQL too.
 */
import type { Stmt } from './ast.ts';
import type { Outcome } from './engines.ts';

/** One accepted difference. */
export interface KnownDifference {
  readonly id: string;
  /** Why this is intended, with the document that says so. */
  readonly reason: string;
  /** True when a differing pair of outcomes is this difference. */
  readonly matches: (stmt: Stmt, sql: string, ink: Outcome, pg: Outcome, what: 'result' | 'rowcount' | 'error') => boolean;
}

/** The list. Keep it short and honest. */
export const KNOWN_DIFFERENCES: readonly KnownDifference[] = [
  {
    id: 'KD1-update-unchanged-rowcount',
    reason: 'docs/SQL.md (Writes): "An UPDATE that changes nothing (every new value equals the old one) reports 0 rows" — '
      + 'InkDB counts only rows whose values change; PostgreSQL counts every matched row. Only the affected-row count differs.',
    matches: (stmt, _sql, ink, pg, what) => what === 'rowcount' && ink.ok && pg.ok
      && (stmt.k === 'update' || (stmt.k === 'insert' && stmt.conflict?.sets !== undefined)) && ink.rowCount < pg.rowCount,
  },
  {
    id: 'KD3-system-columns',
    reason: 'docs/SQL.md (Tables): every InkDB table has hidden _seq and _deleted columns and names starting with "_" are reserved; '
      + 'the generator never uses such names, so this only covers statements written by hand in a repro.',
    matches: (_stmt, sql, ink, pg) => !pg.ok && pg.code === '42703' && ink.ok && /\b_(seq|deleted)\b/.test(sql),
  },
  {
    id: 'KD4-constant-folding-errors',
    reason: 'PostgreSQL evaluates constant expressions while planning (eval_const_expressions), so a data exception in a constant '
      + '(e.g. a too-long literal for VARCHAR(n) in INSERT … SELECT) is raised even when no row is processed, or in a branch no '
      + 'row takes (COALESCE(col, CAST(\'Infinity\'::float8 AS INTEGER))); InkDB evaluates per row and succeeds. The runner also '
      + 'accepts such a PostgreSQL error when EXPLAIN of the statement fails with it (it is raised while planning).',
    matches: (_stmt, _sql, ink, pg, what) => what === 'error' && ink.ok && !pg.ok && pg.code.startsWith('22')
      && (ink.cols.length === 0 ? ink.rowCount === 0 : ink.rows.length === 0),
  },
  {
    id: 'KD5-which-constraint-first',
    reason: 'A write that violates two constraints at once (e.g. NOT NULL and VARCHAR(n), a duplicate key and a too-long value, or NOT NULL '
      + 'and ON CONFLICT DO UPDATE touching a row twice (21000)) fails '
      + 'in both engines; which violation is reported first is an implementation detail (PostgreSQL: coercions while forming the tuple, '
      + 'then NOT NULL/CHECK, then unique indexes).',
    matches: (stmt, _sql, ink, pg, what) => what === 'error' && !ink.ok && !pg.ok
      && (stmt.k === 'insert' || stmt.k === 'update' || stmt.k === 'delete')
      && /^(2[23]|21000)/.test(ink.code) && /^(2[23]|21000)/.test(pg.code),
  },
  {
    id: 'KD6-row-limit',
    reason: 'InkDB caps intermediate results (joins, generate_series) at 50,000,000 rows with 54000 program_limit_exceeded '
      + '(src/engine/context.ts LIMITS; an in-memory engine in a browser tab). PostgreSQL spills to disk. docs/SQL.md, "Limits on rows".',
    matches: (_stmt, _sql, ink, pg, what) => what === 'error' && !ink.ok && ink.code === '54000' && pg.ok,
  },
  {
    id: 'KD7-evaluation-order',
    reason: 'docs/CONFORMANCE.md (differential testing): which rows an expression is computed for is the implementation\'s '
      + 'choice (SQL leaves evaluation order open). InkDB computes a derived table\'s, view\'s or CTE\'s columns before the '
      + 'joins and filters above it and reads both inputs of a join or set operation; PostgreSQL pulls subqueries up, stops '
      + 'early (min/max/bool_and as LIMIT 1, an empty join or INTERSECT side) and skips the rest. A data exception (22xxx, e.g. '
      + '22003 from an overflowing cast, 2201G from width_bucket(NaN, …)), or a scalar subquery returning two rows (21000) that '
      + 'PostgreSQL never runs (`NULL = (SELECT …)` folds to NULL), fails in InkDB only.',
    matches: (_stmt, _sql, ink, pg, what) => what === 'error' && !ink.ok && (ink.code.startsWith('22') || ink.code === '21000') && pg.ok,
  },
];

/** The known difference that explains a pair of outcomes, if any. */
export function knownDifference(stmt: Stmt, sql: string, ink: Outcome, pg: Outcome, what: 'result' | 'rowcount' | 'error'): KnownDifference | null {
  for (const d of KNOWN_DIFFERENCES) if (d.matches(stmt, sql, ink, pg, what)) return d;
  return null;
}
