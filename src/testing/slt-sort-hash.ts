/**
 * Sorting rendered values per a query's sort mode, and the MD5 `N values hashing to <md5>`
 * lines that stand for large results.
 *
 * @module
 */
import { Md5 } from './md5.ts';
import type { SltSortMode } from './slt-parser.ts';

/**
 * Sorts rendered values in place per a sort mode, as SQLite's runner does: `rowsort` orders
 * rows (groups of `columns` values) by comparing their values left to right, `valuesort`
 * orders all values individually, `nosort` leaves them. Comparison is by code unit, which for
 * rendered (printable ASCII) values equals C's strcmp order. Returns `values`.
 */
export function sortValues(values: string[], columns: number, mode: SltSortMode): string[] {
  if (mode === 'nosort' || values.length < 2) return values;
  if (mode === 'valuesort' || columns <= 1) return values.sort();
  const nRows = Math.floor(values.length / columns);
  const rows: string[][] = new Array<string[]>(nRows);
  for (let r = 0, k = 0; r < nRows; r++, k += columns) rows[r] = values.slice(k, k + columns);
  rows.sort((a, b) => {
    for (let c = 0; c < columns; c++) {
      const x = a[c]!, y = b[c]!;
      if (x !== y) return x < y ? -1 : 1;
    }
    return 0;
  });
  for (let r = 0, k = 0; r < nRows; r++) {
    const row = rows[r]!;
    for (let c = 0; c < columns; c++) values[k++] = row[c]!;
  }
  return values;
}

/** MD5 (hex) of every value followed by `'\n'` — the hash of a `values hashing to` line. */
export function hashValues(values: readonly string[]): string {
  const h = new Md5();
  for (let i = 0; i < values.length; i++) h.update(values[i]!).update('\n');
  return h.hex();
}

/** The `N values hashing to <md5>` line for (already sorted) rendered values. */
export function hashLine(values: readonly string[]): string {
  return `${values.length} values hashing to ${hashValues(values)}`;
}

/** Parses `N values hashing to <md5>` (also `1 value hashing to`), or returns null. */
export function parseHashLine(line: string): { count: number; hash: string } | null {
  const at = line.indexOf(' hashing to ');
  if (at < 0) return null;
  const m = /^(\d+) values? hashing to ([0-9a-fA-F]{32})$/.exec(line.trim());
  return m ? { count: Number(m[1]), hash: m[2]!.toLowerCase() } : null;
}
