/**
 * Copy and export of a result: CSV (built in slices that yield to the page between them, so a
 * million rows never block it) and Arrow IPC (the result's own Arrow table, as a file).
 */
import { tableToIPC, type Table } from 'apache-arrow';
import type { ColumnInfo } from '../../src/index.ts';
import { cellValue, formatCell } from './cells.ts';

/** Rows formatted between two yields to the page. */
const SLICE = 20_000;

/** Quotes a CSV field when it needs it (RFC 4180). */
export function csvField(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** A cell as CSV wants it: NULL is an empty field. */
function csvCell(v: unknown, type: ColumnInfo['type']): string {
  return v === null || v === undefined ? '' : csvField(formatCell(v, type));
}

/**
 * The table as CSV (header line, then one line per row, `\r\n`-separated), built in slices.
 *
 * @example
 * ```ts
 * await toCsv(result.table, result.columns);   // 'a,b\r\n1,x\r\n'
 * ```
 */
export async function toCsv(table: Table, columns: readonly ColumnInfo[], onProgress?: (rows: number) => void): Promise<string> {
  const parts: string[] = [`${columns.map((c) => csvField(c.name)).join(',')}\r\n`];
  const n = table.numRows;
  for (let start = 0; start < n; start += SLICE) {
    const end = Math.min(n, start + SLICE);
    let chunk = '';
    for (let r = start; r < end; r++) {
      let line = '';
      for (let c = 0; c < columns.length; c++) {
        if (c > 0) line += ',';
        line += csvCell(cellValue(table, c, r), columns[c]!.type);
      }
      chunk += `${line}\r\n`;
    }
    parts.push(chunk);
    onProgress?.(end);
    if (end < n) await new Promise((r) => setTimeout(r, 0));
  }
  return parts.join('');
}

/** The table as an Arrow IPC file. */
export function toArrowFile(table: Table): Uint8Array {
  return tableToIPC(table, 'file');
}

/** Offers bytes or text as a download. */
export function download(name: string, data: BlobPart, type: string): void {
  const url = URL.createObjectURL(new Blob([data], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
