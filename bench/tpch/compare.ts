/**
 * Comparing TPC-H answers across engines: same number of rows, same order (every query orders
 * its result), and per cell the same value — numbers equal within a relative tolerance while
 * InkDB's decimal columns are DOUBLE (bench/tpch/schema.ts), exactly once they are NUMERIC.
 * @module
 */

import type { Cell } from './engines.ts';

/** True when two numbers agree within `tol` (relative to the larger magnitude, absolute below 1). */
export function closeEnough(a: number, b: number, tol: number): boolean {
  if (a === b) return true;
  return Math.abs(a - b) <= tol * Math.max(1, Math.abs(a), Math.abs(b));
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
      const same = typeof a === 'number' && typeof b === 'number' ? closeEnough(a, b, tol) : a === b;
      if (!same) out.push(`row ${String(i + 1)}, column ${String(j + 1)}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
    }
  }
  return out;
}
