/**
 * Reading and formatting result cells straight from the Arrow table (no row objects, so a
 * 1,000,000-row result costs only the cells on screen). Arrow hands dates and timestamps out
 * as epoch milliseconds, BIGINT as bigint, BYTES as Uint8Array.
 */
import type { Table } from 'apache-arrow';
import type { ColumnInfo } from '../../src/index.ts';

/** One cell as Arrow returns it (null for NULL). */
export function cellValue(table: Table, col: number, row: number): unknown {
  const v = table.getChildAt(col);
  if (v === null) return null;
  return v.get(row) ?? null;
}

/**
 * A cell as text: `NULL` for NULL, ISO dates and timestamps, `\x…` for bytes.
 *
 * @example
 * ```ts
 * formatCell(1704153600000, 'date');   // '2024-01-02'
 * ```
 */
export function formatCell(v: unknown, type: ColumnInfo['type']): string {
  if (v === null || v === undefined) return 'NULL';
  if (type === 'date' && typeof v === 'number') return Number.isFinite(v) ? new Date(v).toISOString().slice(0, 10) : String(v);
  if (type === 'timestamp' && typeof v === 'number') {
    return Number.isFinite(v) ? new Date(v).toISOString().replace('T', ' ').replace('Z', '') : String(v);
  }
  if (v instanceof Uint8Array) {
    let s = '\\x';
    for (let i = 0; i < v.length; i++) s += v[i]!.toString(16).padStart(2, '0');
    return s;
  }
  return String(v);
}

/** True for types shown right-aligned. */
export function isNumeric(type: ColumnInfo['type']): boolean {
  return type === 'smallint' || type === 'integer' || type === 'bigint' || type === 'real' || type === 'double';
}

/** Width in pixels given to a column of this type. */
export function columnWidth(c: ColumnInfo): number {
  switch (c.type) {
    case 'boolean': return 90;
    case 'smallint': case 'integer': case 'date': return 120;
    case 'bigint': case 'real': case 'double': return 180;
    case 'timestamp': return 220;
    default: return Math.max(140, Math.min(360, c.name.length * 10 + 60));
  }
}
