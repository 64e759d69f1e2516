/**
 * Display helpers shared by the demo pages: one cell per value, by the column's SQL type.
 */
import type { ColumnInfo, JsValue, Result } from '../src/index.ts';

const DAY_MS = 86_400_000;

/** Formats one value for display (NULL shows as `NULL`). */
export function formatValue(v: JsValue, type: ColumnInfo['type']): string {
  if (v === null) return 'NULL';
  if (type === 'date' && typeof v === 'number') return new Date(v * DAY_MS).toISOString().slice(0, 10);
  if (type === 'timestamp' && typeof v === 'number') return new Date(v).toISOString().replace('T', ' ').replace('Z', '');
  if (v instanceof Uint8Array) return '\\x' + Array.from(v, (b) => b.toString(16).padStart(2, '0')).join('');
  return String(v);
}

/** Fills a table element with a result's columns and rows. */
export function renderResult(table: HTMLTableElement, r: Result): void {
  const thead = table.tHead ?? table.createTHead();
  const tbody = table.tBodies[0] ?? table.createTBody();
  thead.replaceChildren();
  tbody.replaceChildren();
  if (r.columns.length === 0) {
    table.hidden = true;
    return;
  }
  const hr = thead.insertRow();
  for (const c of r.columns) {
    const th = document.createElement('th');
    th.append(c.name, ' ');
    const small = document.createElement('small');
    small.textContent = c.type;
    th.append(small);
    hr.append(th);
  }
  for (const row of r.rowArrays()) {
    const tr = tbody.insertRow();
    row.forEach((v, i) => {
      const td = tr.insertCell();
      td.textContent = formatValue(v, r.columns[i]!.type);
      if (v === null) td.className = 'null';
    });
  }
  table.hidden = false;
}

/** The text shown for an error: `CODE: message`, then position, detail and hint lines. */
export function formatError(e: unknown): string {
  if (typeof e === 'object' && e !== null && 'code' in e) {
    const d = e as { code: string; message: string; position?: number; detail?: string; hint?: string };
    let s = `${d.code}: ${d.message}`;
    if (d.position !== undefined) s += `\nat character ${d.position}`;
    if (d.detail !== undefined) s += `\nDETAIL: ${d.detail}`;
    if (d.hint !== undefined) s += `\nHINT: ${d.hint}`;
    return s;
  }
  return e instanceof Error ? e.message : String(e);
}
