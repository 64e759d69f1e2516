/**
 * The page's side of a large batch crossing to the Worker: parameter rows (`stmt.run`) and row
 * objects (`table.insert`) packed by column (see {@link PackedRows}, {@link PackedObjects} in
 * `worker-wire.ts`). A module of its own: the client loads it with the first batch large enough
 * to pack, so its entry stays small.
 */
import { dictionaryOf } from './dictionary-codes.ts';
import type { PackedColumn, PackedObjects, PackedRows } from './worker-wire.ts';

/**
 * Packs parameter rows by column (for rows of one width); null when they are ragged or few.
 *
 * @example
 * ```ts
 * packRows([[1, 'a'], [2, 'b']], 1, []);   // { packed: true, length: 2, columns: [Float64Array [1, 2], ['a', 'b']] }
 * ```
 */
export function packRows(rows: readonly (readonly unknown[])[], minRows: number, transfer: unknown[]): PackedRows | null {
  const n = rows.length;
  if (n < minRows || !Array.isArray(rows[0])) return null;
  const w = rows[0].length;
  // one pass in row order (each row's values are read together): numbers go straight into their
  // column's Float64Array, and a column stops being numeric at its first other value
  const numbers: (Float64Array | null)[] = [];
  for (let c = 0; c < w; c++) numbers.push(new Float64Array(n));
  let numeric = w;
  for (let i = 0; i < n; i++) {
    const r = rows[i];
    if (!Array.isArray(r) || r.length !== w) return null;
    if (numeric === 0) continue;
    for (let c = 0; c < w; c++) {
      const col = numbers[c]!;
      if (col === null) continue;
      const v: unknown = r[c];
      if (typeof v === 'number') col[i] = v;
      else { numbers[c] = null; numeric--; }
    }
  }
  const columns: PackedColumn[] = [];
  for (let c = 0; c < w; c++) {
    const col = numbers[c];
    if (col !== null && col !== undefined) {
      transfer.push(col.buffer);
      columns.push(col);
      continue;
    }
    const values = new Array<unknown>(n);
    for (let i = 0; i < n; i++) values[i] = rows[i]![c];
    columns.push(dictionaryOf(values, transfer, true) ?? values);
  }
  return { packed: true, length: n, columns };
}

/**
 * Packs row objects by column (numbers as transferred `Float64Array`s, repeated strings as a
 * dictionary and codes, anything else as arrays with `undefined` where a row lacks the key);
 * null when a row is not a plain object or there are few rows (they then cross as they are).
 *
 * @example
 * ```ts
 * packObjects([{ a: 1, b: 'x' }, { a: 2 }], 1, [])!.names;   // ['a', 'b']
 * ```
 */
export function packObjects(rows: readonly Record<string, unknown>[], minRows: number, transfer: unknown[]): PackedObjects | null {
  const n = rows.length;
  if (n < minRows) return null;
  const names: string[] = [];
  const seen = new Set<string>();
  let firstKeys: string[] | null = null;
  for (let i = 0; i < n; i++) {
    const r = rows[i];
    if (r === null || typeof r !== 'object' || Array.isArray(r)) return null;
    // rows of one shape list their keys alike: collect a row's keys only when they differ
    if (firstKeys !== null && sameKeys(firstKeys, r)) continue;
    if (firstKeys === null) firstKeys = Object.keys(r);
    for (const k in r) if (!seen.has(k)) { seen.add(k); names.push(k); }
  }
  const columns: PackedColumn[] = names.map((k) => {
    const cells: unknown[] = new Array(n);
    let numeric = true;
    for (let i = 0; i < n; i++) {
      const v = rows[i]![k];
      cells[i] = v;
      if (typeof v !== 'number') numeric = false;
    }
    if (numeric) {
      const col = Float64Array.from(cells as number[]);
      transfer.push(col.buffer);
      return col;
    }
    return dictionaryOf(cells, transfer, true) ?? cells;
  });
  return { packed: 'objects', length: n, names, columns };
}

/** True when `r` has exactly the keys `keys`, in order (no allocation). */
function sameKeys(keys: readonly string[], r: Record<string, unknown>): boolean {
  let j = 0;
  for (const k in r) {
    if (k !== keys[j]) return false;
    j++;
  }
  return j === keys.length;
}
