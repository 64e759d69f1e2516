/**
 * Comparing canonical results: cells (numbers with tolerance), row multisets, sequences, and
 * whether a result is sorted by given keys.
 */
import type { Cell, Num } from './engines.ts';

/** Relative tolerance for doubles, and for REAL (kept as double by InkDB, float4 in PostgreSQL). */
export const TOL = 1e-9;
export const TOL_REAL = 1e-6;

function isNum(c: Cell): c is Num {
  return c !== null && typeof c === 'object';
}

/** Two numbers are equal: exactly when both are integers, else within a relative tolerance. */
export function numEq(a: Num, b: Num): boolean {
  if (a.n !== null && b.n !== null) return a.n === b.n;
  if (Number.isNaN(a.f) || Number.isNaN(b.f)) return Number.isNaN(a.f) && Number.isNaN(b.f);
  if (!Number.isFinite(a.f) || !Number.isFinite(b.f)) return a.f === b.f;
  const tol = a.f4 || b.f4 ? TOL_REAL : TOL;
  return Math.abs(a.f - b.f) <= tol * Math.max(1, Math.abs(a.f), Math.abs(b.f));
}

/** Cell equality. */
export function cellEq(a: Cell, b: Cell): boolean {
  if (a === null || b === null) return a === b;
  if (isNum(a) || isNum(b)) return isNum(a) && isNum(b) && numEq(a, b);
  return a === b;
}

/** Displays a cell (for reports). */
export function showCell(c: Cell): string {
  if (c === null) return 'NULL';
  if (isNum(c)) return c.n !== null ? c.n.toString() : String(c.f);
  const tag = c.slice(0, 2);
  const body = c.slice(2);
  switch (tag) {
    case 's:': return JSON.stringify(body);
    case 'b:': return body;
    case 'd:': return `DATE ${body}`;
    case 't:': return `TS ${body.replace(/\.?0+$/, '').replace(/:\d\d$/, (m) => m)}`;
    case 'j:': return `json ${body}`;
    case 'x:': return `\\x${body}`;
    case 'u:': return body;
    default: return c;
  }
}

/** Displays a row. */
export function showRow(r: readonly Cell[]): string {
  return `(${r.map(showCell).join(', ')})`;
}

/** A coarse sort key for a cell (numbers rounded so that near-equal doubles meet). */
function keyOf(c: Cell): string {
  if (c === null) return '\u0000null';
  if (isNum(c)) return `n:${Number.isFinite(c.f) ? String(Number(c.f.toPrecision(6))) : String(c.f)}`;
  return c;
}

function rowKey(r: readonly Cell[]): string {
  return r.map(keyOf).join('\u0001');
}

function rowEq(a: readonly Cell[], b: readonly Cell[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!cellEq(a[i] as Cell, b[i] as Cell)) return false;
  return true;
}

/** What differs between two row sets (null when they are equal). */
export function diffRows(ink: readonly (readonly Cell[])[], pg: readonly (readonly Cell[])[], ordered: boolean): string | null {
  if (ordered) {
    if (ink.length !== pg.length) return `row count: inkdb ${ink.length}, postgres ${pg.length}${firstDiff(ink, pg)}`;
    for (let i = 0; i < ink.length; i++) {
      if (!rowEq(ink[i] as Cell[], pg[i] as Cell[])) return `row ${i + 1}: inkdb ${showRow(ink[i] as Cell[])}, postgres ${showRow(pg[i] as Cell[])}`;
    }
    return null;
  }
  const a = [...ink].sort((x, y) => cmpStr(rowKey(x), rowKey(y)));
  const b = [...pg].sort((x, y) => cmpStr(rowKey(x), rowKey(y)));
  if (a.length === b.length && a.every((r, i) => rowEq(r, b[i] as Cell[]))) return null;
  // Slow path: pair rows by key first, then match what is left with tolerance (near-equal
  // doubles can round to different keys).
  const byKey = new Map<string, (readonly Cell[])[]>();
  for (const r of b) {
    const k = rowKey(r);
    const list = byKey.get(k);
    if (list === undefined) byKey.set(k, [r]);
    else list.push(r);
  }
  const unmatched: (readonly Cell[])[] = [];
  for (const r of a) {
    const list = byKey.get(rowKey(r));
    const j = list === undefined ? -1 : list.findIndex((x) => rowEq(r, x));
    if (j >= 0) (list as (readonly Cell[])[]).splice(j, 1);
    else unmatched.push(r);
  }
  const left: (readonly Cell[])[] = [...byKey.values()].flat();
  const extra: (readonly Cell[])[] = [];
  for (const r of unmatched) {
    const j = left.length > 5000 ? -1 : left.findIndex((x) => rowEq(r, x));
    if (j >= 0) left.splice(j, 1);
    else extra.push(r);
  }
  if (extra.length === 0 && left.length === 0) return null;
  const show = (rs: readonly (readonly Cell[])[]): string => rs.slice(0, 4).map(showRow).join(' ') + (rs.length > 4 ? ` … (${rs.length})` : '');
  return `rows: inkdb ${ink.length}, postgres ${pg.length}; only in inkdb: ${extra.length === 0 ? '-' : show(extra)}; only in postgres: ${left.length === 0 ? '-' : show(left)}`;
}

function firstDiff(ink: readonly (readonly Cell[])[], pg: readonly (readonly Cell[])[]): string {
  const d = diffRows(ink, pg, false);
  return d === null ? '' : ` (${d})`;
}

function cmpStr(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Compares strings by code point (PostgreSQL's C collation on UTF-8). */
export function cmpCodePoints(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  const n = Math.min(x.length, y.length);
  for (let i = 0; i < n; i++) {
    const p = (x[i] as string).codePointAt(0) as number;
    const q = (y[i] as string).codePointAt(0) as number;
    if (p !== q) return p < q ? -1 : 1;
  }
  return x.length - y.length;
}

/** Orders two non-null cells of the same column as PostgreSQL does (0 when equal or unknown). */
export function cmpCell(a: Cell, b: Cell): number {
  if (isNum(a) && isNum(b)) {
    if (numEq(a, b)) return 0;
    if (Number.isNaN(a.f)) return 1;
    if (Number.isNaN(b.f)) return -1;
    if (a.n !== null && b.n !== null) return a.n < b.n ? -1 : 1;
    return a.f < b.f ? -1 : 1;
  }
  if (typeof a === 'string' && typeof b === 'string') {
    if (a.startsWith('s:') || a.startsWith('j:')) return cmpCodePoints(a, b);
    if (a.startsWith('x:') && b.startsWith('x:')) return cmpStr(a, b);
    return cmpStr(a, b);
  }
  return 0;
}

/** The first place where rows are not sorted by keys, or null. */
export function checkSorted(rows: readonly (readonly Cell[])[], keys: readonly { col: number; desc: boolean; nullsFirst: boolean }[]): string | null {
  for (let i = 1; i < rows.length; i++) {
    const p = rows[i - 1] as Cell[];
    const r = rows[i] as Cell[];
    for (const k of keys) {
      const a = p[k.col] ?? null;
      const b = r[k.col] ?? null;
      let c: number;
      if (a === null || b === null) c = a === b ? 0 : (a === null) === k.nullsFirst ? -1 : 1;
      else c = k.desc ? -cmpCell(a, b) : cmpCell(a, b);
      if (c < 0) break;
      if (c > 0) return `rows ${i} and ${i + 1} out of order: ${showRow(p)} before ${showRow(r)}`;
    }
  }
  return null;
}
