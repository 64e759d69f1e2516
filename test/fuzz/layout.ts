/**
 * The fuzzer's result oracle beyond "reading does not throw": every value of a result has the
 * JavaScript type of its column's SQL type (a text column holds strings, a bigint column
 * bigints, …), and the rows read back from the Arrow table — the form results take across the
 * worker — equal the rows read in-process.
 */
import type { ColumnInfo } from '../../src/index.ts';
import { arrowTableToVectors, vectorsToRowArrays } from '../../src/types/arrow.ts';
import type { Table } from 'apache-arrow';

/** Why `v` cannot be a value of a column of type `type`, or null. */
function valueProblem(v: unknown, type: string): string | null {
  if (v === null) return null;
  switch (type) {
    case 'boolean': return typeof v === 'boolean' ? null : typeof v;
    case 'smallint': case 'integer': case 'date': return Number.isInteger(v) ? null : `${typeof v} ${String(v).slice(0, 30)}`;
    case 'real': case 'double': case 'timestamp': return typeof v === 'number' ? null : typeof v;
    case 'bigint': return typeof v === 'bigint' ? null : typeof v;
    case 'text': case 'json': case 'uuid': case 'numeric': return typeof v === 'string' ? null : typeof v;
    case 'bytes': return v instanceof Uint8Array ? null : typeof v;
    default: return `a value in a column of type ${type}`;
  }
}

function same(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a === 'number' && typeof b === 'number') return a === b; // 0 and -0
  if (a instanceof Uint8Array && b instanceof Uint8Array) return a.length === b.length && a.every((x, i) => x === b[i]);
  return false;
}

/** The first layout problem of a result (its rows as arrays and its Arrow table), or null. */
export function layoutProblem(columns: readonly ColumnInfo[], rows: readonly (readonly unknown[])[], table: Table): string | null {
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r]!;
    if (row.length !== columns.length) return `row ${r} has ${row.length} values for ${columns.length} columns`;
    for (let c = 0; c < columns.length; c++) {
      const p = valueProblem(row[c], columns[c]!.type);
      if (p !== null) return `column ${c + 1} (${columns[c]!.type}) holds ${p} at row ${r}`;
    }
  }
  if (columns.length === 0) return null;
  const back = arrowTableToVectors(table, columns);
  if (back.length !== rows.length) return `the Arrow table has ${back.length} rows, the result ${rows.length}`;
  const arrows = vectorsToRowArrays(back.vectors, back.length);
  // timestamps travel as µs, or as ms in a column holding one past int64 µs (types/arrow-timestamp.ts)
  const slack = columns.map((col, c) => (col.type !== 'timestamp' ? 0 : rows.some((row) => Math.abs(row[c] as number) > 9223372036854774 && Number.isFinite(row[c])) ? 0.5 : 0.001));
  for (let r = 0; r < rows.length; r++) {
    for (let c = 0; c < columns.length; c++) {
      const a = rows[r]![c], b = arrows[r]![c];
      if (!same(a, b) && !(typeof a === 'number' && typeof b === 'number' && Math.abs(a - b) < slack[c]!)) {
        const show = (x: unknown): string => (typeof x === 'string' ? JSON.stringify(x.slice(0, 40)) : String(x).slice(0, 40));
        return `column ${c + 1} (${columns[c]!.type}) row ${r}: ${show(a)} in-process, ${show(b)} through Arrow`;
      }
    }
  }
  return null;
}
