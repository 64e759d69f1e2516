/**
 * Answer digests and the cross-check between engines, shared by both benches: a runner digests the
 * answer of a workload's last timed run (untimed); an orchestrator compares the digests of all engines.
 *
 * Environment-neutral: this module imports nothing from Node.
 * @module
 */

import type { Row, TableState } from './workloads.ts';

/** A compact, engine-independent digest of a workload's answer. */
export interface Digest {
  /** Number of result rows (or, for the loading/mutating workloads, 1: the table state). */
  rows: number;
  /** Per column: sum of the numbers, or for text columns a sum of character codes weighted by position. */
  sums: number[];
  /** Per column: the JS type seen (`number`, `string`, `null`, or `mixed`). */
  types: string[];
  /** The full result, sorted, when it is small (W3, W4, W6). */
  sorted?: unknown[][];
}

/** Normalizes one value: bigint → number, numeric-looking objects left alone. */
function norm(v: unknown): unknown {
  if (typeof v === 'bigint') return Number(v);
  return v;
}

function textHash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h += s.charCodeAt(i) * (i + 1);
  return h;
}

/** Default row → positional array conversion. */
export function defaultToArrays(rows: readonly Row[]): unknown[][] {
  return rows.map((r) => (Array.isArray(r) ? [...(r as unknown[])] : Object.values(r as Record<string, unknown>)));
}

function compareValues(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
}

/**
 * Builds the digest of a result.
 * @param arrays - rows as positional arrays
 * @param keepSorted - keep the full sorted result
 */
export function digestOf(arrays: readonly (readonly unknown[])[], keepSorted: boolean): Digest {
  const width = arrays.reduce((w, r) => Math.max(w, r.length), 0);
  const sums = new Array<number>(width).fill(0);
  const types = new Array<string>(width).fill('');
  const normed = arrays.map((r) => r.map(norm));
  for (const r of normed) {
    for (let j = 0; j < width; j++) {
      const v = r[j];
      const t = v === null || v === undefined ? 'null' : typeof v;
      const prev = types[j] ?? '';
      types[j] = prev === '' || prev === t ? t : 'mixed';
      if (typeof v === 'number') sums[j] = (sums[j] ?? 0) + v;
      else if (typeof v === 'string') sums[j] = (sums[j] ?? 0) + textHash(v);
      else if (typeof v === 'boolean') sums[j] = (sums[j] ?? 0) + (v ? 1 : 0);
    }
  }
  const d: Digest = { rows: arrays.length, sums, types };
  if (keepSorted) {
    d.sorted = normed.slice().sort((x, y) => {
      for (let j = 0; j < width; j++) {
        const c = compareValues(x[j], y[j]);
        if (c !== 0) return c;
      }
      return 0;
    });
  }
  return d;
}

/** Relative tolerance for floats in the cross-check. */
export const REL_TOL = 1e-9;

function sameNumber(a: number, b: number): boolean {
  if (a === b) return true;
  return Math.abs(a - b) <= REL_TOL * Math.max(Math.abs(a), Math.abs(b));
}

function sameValue(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' && typeof b === 'number') return sameNumber(a, b);
  return a === b || (a == null && b == null);
}

/**
 * Compares two digests; returns undefined when they agree, else a short reason.
 */
export function compareDigests(a: Digest, b: Digest): string | undefined {
  if (a.rows !== b.rows) return `row count ${String(a.rows)} vs ${String(b.rows)}`;
  if (a.sums.length !== b.sums.length) return `column count ${String(a.sums.length)} vs ${String(b.sums.length)}`;
  for (let j = 0; j < a.sums.length; j++) {
    const ta = a.types[j];
    const tb = b.types[j];
    if (a.rows > 0 && ta !== tb && ta !== 'null' && tb !== 'null') return `column ${String(j + 1)} type ${String(ta)} vs ${String(tb)}`;
    if (!sameNumber(a.sums[j] ?? 0, b.sums[j] ?? 0)) {
      return `column ${String(j + 1)} sum ${String(a.sums[j])} vs ${String(b.sums[j])}`;
    }
  }
  if (a.sorted !== undefined && b.sorted !== undefined) {
    for (let i = 0; i < a.sorted.length; i++) {
      const ra = a.sorted[i] ?? [];
      const rb = b.sorted[i] ?? [];
      for (let j = 0; j < Math.max(ra.length, rb.length); j++) {
        if (!sameValue(ra[j], rb[j])) {
          return `row ${String(i + 1)} col ${String(j + 1)}: ${JSON.stringify(ra[j])} vs ${JSON.stringify(rb[j])}`;
        }
      }
    }
  }
  return undefined;
}

/** One group of engines that agree with each other on a workload. */
export interface AgreementGroup {
  engines: string[];
  digest: Digest;
}

/**
 * Partitions the engines' digests of one workload into groups that agree with each other
 * (each engine compared with each group's first member). One group means everyone agrees.
 * @returns the groups and, for each later group, why it differs from the first one
 */
export function crossCheck(digests: ReadonlyMap<string, Digest>): { groups: AgreementGroup[]; reasons: string[] } {
  const groups: AgreementGroup[] = [];
  for (const [engine, d] of digests) {
    const g = groups.find((x) => compareDigests(x.digest, d) === undefined);
    if (g !== undefined) g.engines.push(engine);
    else groups.push({ engines: [engine], digest: d });
  }
  const reasons: string[] = [];
  const first = groups[0];
  if (first !== undefined) {
    for (const g of groups.slice(1)) reasons.push(`${g.engines.join(',')} vs ${first.engines.join(',')}: ${String(compareDigests(first.digest, g.digest))}`);
  }
  return { groups, reasons };
}

/** The table state as a one-row result, for {@link digestOf}. */
export function stateRows(s: TableState): unknown[][] {
  return [[s[0], s[1], s[2]]];
}
