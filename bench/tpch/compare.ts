/**
 * Comparing TPC-H answers across engines: same number of rows, same order (every query orders
 * its result), and per cell the same value. Exact decimals arrive as text (InkDB's and
 * PostgreSQL's NUMERIC) and must then be the same text, scale included (`12.50` is not `12.5`);
 * a number against a number or a decimal text (DuckDB's decimals, InkDB's DOUBLE stand-in)
 * compares within a relative tolerance.
 * @module
 */

import type { Cell } from './engines.ts';

/** True when two numbers agree within `tol` (relative to the larger magnitude, absolute below 1). */
export function closeEnough(a: number, b: number, tol: number): boolean {
  if (a === b) return true;
  return Math.abs(a - b) <= tol * Math.max(1, Math.abs(a), Math.abs(b));
}

/** A decimal's text, as PostgreSQL prints NUMERIC. */
const DECIMAL_TEXT = /^-?\d+(\.\d+)?$/;

/** True when `a` and `b` (one a number, the other a number or decimal text) agree within `tol`. */
function numbersAgree(a: Cell, b: Cell, tol: number): boolean {
  const x = typeof a === 'string' && DECIMAL_TEXT.test(a) ? Number(a) : a;
  const y = typeof b === 'string' && DECIMAL_TEXT.test(b) ? Number(b) : b;
  return typeof x === 'number' && typeof y === 'number' && closeEnough(x, y, tol);
}

/**
 * The differences between `got` and `want` (empty when they agree), at most `limit` of them,
 * each a line such as `row 3, column 2: 12.5 vs 12.51`.
 * @param tol - relative tolerance for numbers (0: exact)
 */
export function compareAnswers(got: readonly Cell[][], want: readonly Cell[][], tol: number, limit = 5): string[] {
  const out: string[] = [];
  if (got.length !== want.length) out.push(`${String(got.length)} rows vs ${String(want.length)}`);
  const n = Math.min(got.length, want.length);
  for (let i = 0; i < n && out.length < limit; i++) {
    const g = got[i] ?? [];
    const w = want[i] ?? [];
    if (g.length !== w.length) {
      out.push(`row ${String(i + 1)}: ${String(g.length)} columns vs ${String(w.length)}`);
      continue;
    }
    for (let j = 0; j < g.length && out.length < limit; j++) {
      const a = g[j] ?? null;
      const b = w[j] ?? null;
      const same = typeof a === 'number' || typeof b === 'number' ? numbersAgree(a, b, tol) : a === b;
      if (!same) out.push(`row ${String(i + 1)}, column ${String(j + 1)}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
    }
  }
  return out;
}
