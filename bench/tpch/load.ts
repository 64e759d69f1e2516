/**
 * Turning generated chunks into what each engine loads: row objects for InkDB's
 * `session.table(t).insert(rows)`, tab-separated text for PostgreSQL's `COPY … FROM` (PGlite) and
 * DuckDB's CSV reader.
 * @module
 */

import type { ColumnData, TableChunk } from './generate.ts';
import { INKDB_EXACT_DECIMAL, isoDate, SCHEMA } from './schema.ts';
import type { ColumnKind } from './schema.ts';

/** The decimal text of a value in hundredths, e.g. 1234 → `12.34`, -5 → `-0.05`. */
export function decimalText(hundredths: number): string {
  const neg = hundredths < 0;
  const a = Math.abs(hundredths);
  const whole = Math.floor(a / 100);
  const frac = a - whole * 100;
  return `${neg ? '-' : ''}${String(whole)}.${frac < 10 ? '0' : ''}${String(frac)}`;
}

/**
 * The chunk as row objects for InkDB: integers and dates (day numbers) as numbers, decimals as
 * numbers (hundredths / 100) while InkDB's decimal columns are DOUBLE, as decimal text once they are
 * exact (bench/tpch/schema.ts's switch).
 */
export function inkdbRows(chunk: TableChunk): Record<string, unknown>[] {
  const specs = SCHEMA[chunk.table].columns;
  const names = specs.map((c) => c.name);
  const data = specs.map((c) => chunk.columns[c.name] as ColumnData);
  const decimal = specs.map((c) => c.kind === 'decimal');
  const rows: Record<string, unknown>[] = new Array<Record<string, unknown>>(chunk.length);
  // Row by row, properties in one order: every object gets the same hidden class.
  for (let i = 0; i < chunk.length; i++) {
    const row: Record<string, unknown> = {};
    for (let j = 0; j < names.length; j++) {
      const v = (data[j] as ColumnData)[i] as number | string;
      row[names[j] as string] = decimal[j] === true ? (INKDB_EXACT_DECIMAL ? decimalText(v as number) : (v as number) / 100) : v;
    }
    rows[i] = row;
  }
  return rows;
}

function cellText(kind: ColumnKind, data: ColumnData, i: number): string {
  switch (kind) {
    case 'int':
      return String(data[i]);
    case 'date':
      return isoDate(data[i] as number);
    case 'decimal':
      return decimalText(data[i] as number);
    case 'text':
      return data[i] as string;
  }
}

/**
 * The chunk as tab-separated text, one line per row, columns in table order (no value contains a tab,
 * a newline or a backslash).
 */
export function tsv(chunk: TableChunk): string {
  const specs = SCHEMA[chunk.table].columns;
  const cols = specs.map((c) => [c.kind, chunk.columns[c.name] as ColumnData] as const);
  const lines = new Array<string>(chunk.length);
  for (let i = 0; i < chunk.length; i++) {
    let line = '';
    for (let j = 0; j < cols.length; j++) {
      const [kind, data] = cols[j] as (typeof cols)[number];
      line += (j === 0 ? '' : '\t') + cellText(kind, data, i);
    }
    lines[i] = line;
  }
  return `${lines.join('\n')}\n`;
}
