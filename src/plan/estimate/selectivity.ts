/**
 * Predicate selectivity: the fraction of rows a bound predicate keeps, from column facts
 * (distinct count, NULL fraction and, where the table's values may shape estimates, its
 * minimum, maximum and value sample). The rules follow PostgreSQL's defaults where no
 * statistic applies:
 *
 * | predicate | estimate |
 * |---|---|
 * | `col = v` | the value's share of the sample when it is frequent (over twice the average), else (1 − nulls) / distinct |
 * | `a.x = b.y` (join) | (1 − nulls_a)(1 − nulls_b) / max(distinct_a, distinct_b) |
 * | `col < v` … | the sample's fraction below v (or min/max interpolation), else 1/3 |
 * | `lo <= col <= hi` (two bounds on a column) | the sample's fraction between, else 0.005 |
 * | `col IN (k values)` | k × the `=` estimate, at most 1 − nulls |
 * | `col LIKE 'abc%'` | the sample's fraction with the prefix, else 0.2 per fixed character |
 * | `IS NULL` | the NULL fraction |
 * | AND / OR / NOT | product / 1 − ∏(1 − s) / 1 − s (independence) |
 *
 * A value is known when it is a constant or a parameter whose value the planner was given;
 * a sample or min/max is consulted only when the facts carry one (see `column-facts.ts`).
 */
import type { DataType } from '../../types/data-type.ts';
import { compareValues } from '../../types/compare.ts';
import type { JsValue } from '../../types/vector.ts';
import type { ColumnSummary } from '../../storage/stats/column-summary.ts';
import type { BoundExpr } from '../logical.ts';
import { conjuncts } from '../plan-tree.ts';

/** What a selectivity estimate knows about one column. */
export interface ColumnFacts {
  /** Distinct non-null values (at least 1). */
  readonly ndv: number;
  /** Fraction of NULLs. */
  readonly nullFrac: number;
  /** Value statistics (min, max, sample), or null where values must not shape estimates. */
  readonly values: ColumnSummary | null;
}

/** Where selectivity estimates find column facts and parameter values. */
export interface FactSource {
  /** Facts of a column id, or null when unknown. */
  facts(id: number): ColumnFacts | null;
  /** The value of parameter `$i`, or undefined when not known at planning time. */
  param(index: number): JsValue | undefined;
}

/** PostgreSQL's defaults: equality, inequality, range pair, pattern match, unknown. */
export const DEFAULT_EQ = 0.005;
export const DEFAULT_INEQ = 1 / 3;
export const DEFAULT_RANGE = 0.005;
export const DEFAULT_MATCH = 0.005;
/** Distinct count assumed for a column without facts (PostgreSQL's DEFAULT_NUM_DISTINCT). */
export const DEFAULT_NDV = 200;

const clamp = (s: number): number => Math.min(1, Math.max(0, s));

/** The column a side of a comparison reads (through casts that keep the value's order), or null. */
function columnOf(e: BoundExpr): number | null {
  if (e.kind === 'col') return e.id;
  if (e.kind === 'cast') return columnOf(e.arg);
  return null;
}

/**
 * The type of the column under an operand's casts: the type its statistics' values have. A
 * value of another type (`int_col <> 10.01` compares in numeric) is not compared with them.
 */
function columnType(e: BoundExpr): DataType {
  return e.kind === 'cast' ? columnType(e.arg) : e.type;
}

/** True when an expression reads no column of the row (constants, parameters, outer references). */
function isRowConstant(e: BoundExpr): boolean {
  switch (e.kind) {
    case 'const': case 'param': case 'outer': return true;
    case 'cast': case 'neg': return isRowConstant(e.arg);
    case 'arith': return isRowConstant(e.left) && isRowConstant(e.right);
    default: return false;
  }
}

/** The value of a row-constant operand when known at planning time (constants and given parameters). */
function knownValue(e: BoundExpr, src: FactSource): { v: JsValue; type: DataType } | undefined {
  if (e.kind === 'const') return { v: e.value, type: e.type };
  if (e.kind === 'param' && e.finalType === undefined) {
    const v = src.param(e.index);
    return v === undefined ? undefined : { v, type: e.type };
  }
  return undefined;
}

const FLIP: Record<string, string> = { '<': '>', '>': '<', '<=': '>=', '>=': '<=', '=': '=', '<>': '<>' };

/** Selectivity of `col = v` (v row-constant). */
function eqSel(f: ColumnFacts | null, value: { v: JsValue; type: DataType } | undefined, colType: DataType): number {
  if (f === null) return DEFAULT_EQ;
  if (value !== undefined && value.v === null) return 0;
  const sample = f.values?.sample;
  if (value !== undefined && sample && sample.length > 0 && value.type === colType) {
    let hits = 0;
    for (const s of sample) if (compareValues(s, value.v, colType) === 0) hits++;
    // a value the sample holds far more often than the average value is a frequent one: its
    // share of the sample is the estimate (an average value is better estimated by 1/distinct)
    const share = hits / sample.length;
    if (hits >= 3 && share > 2 / f.ndv) return clamp(share * (1 - f.nullFrac));
  }
  return clamp((1 - f.nullFrac) / f.ndv);
}

/** Fraction of the sample (or of the min/max span) on the kept side of `col op v`. */
function rangeFraction(f: ColumnFacts, op: string, v: JsValue, type: DataType): number | undefined {
  const vs = f.values;
  if (vs === null || v === null) return undefined;
  const sample = vs.sample;
  if (sample && sample.length > 0) {
    let keep = 0;
    for (const s of sample) if (holds(compareValues(s, v, type), op)) keep++;
    // never quite 0: the sample may have missed the few rows that qualify
    return Math.max(keep, 0.5) / sample.length;
  }
  if (typeof v === 'number' && typeof vs.min === 'number' && typeof vs.max === 'number') {
    if (vs.max <= vs.min) return holds(compareValues(vs.min, v, type), op) ? 1 : 0;
    const below = clamp((v - vs.min) / (vs.max - vs.min));
    return op === '<' || op === '<=' ? below : 1 - below;
  }
  return undefined;
}

function holds(c: number, op: string): boolean {
  switch (op) {
    case '<': return c < 0;
    case '<=': return c <= 0;
    case '>': return c > 0;
    case '>=': return c >= 0;
    case '=': return c === 0;
    default: return c !== 0;
  }
}

/** Selectivity of one comparison. */
function cmpSel(e: BoundExpr & { kind: 'cmp' }, src: FactSource): number {
  let col = columnOf(e.left), other = e.right, op: string = e.op;
  let colExpr = e.left;
  if (col === null || !isRowConstant(other)) {
    const rc = columnOf(e.right);
    if (rc !== null && isRowConstant(e.left)) { col = rc; other = e.left; op = FLIP[op]!; colExpr = e.right; }
    else col = null;
  }
  if (col === null) {
    const l = columnOf(e.left), r = columnOf(e.right);
    if (l !== null && r !== null && e.op === '=') return joinEqSel(src.facts(l), src.facts(r));
    if (e.op === '=') return DEFAULT_EQ;
    if (e.op === '<>') return 1 - DEFAULT_EQ;
    return DEFAULT_INEQ;
  }
  const f = src.facts(col);
  const value = knownValue(other, src);
  const colType = columnType(colExpr);
  if (op === '=') return eqSel(f, value, colType);
  if (op === '<>') return f === null ? 1 - DEFAULT_EQ : clamp(1 - f.nullFrac - eqSel(f, value, colType));
  if (f === null) return DEFAULT_INEQ;
  if (value !== undefined && value.type === colType) {
    const frac = rangeFraction(f, op, value.v, value.type);
    if (frac !== undefined) return clamp(frac * (1 - f.nullFrac));
  }
  return clamp(DEFAULT_INEQ * (1 - f.nullFrac));
}

/** Selectivity of an equi-join predicate between two columns. */
export function joinEqSel(a: ColumnFacts | null, b: ColumnFacts | null): number {
  const na = a?.ndv ?? DEFAULT_NDV, nb = b?.ndv ?? DEFAULT_NDV;
  return clamp(((1 - (a?.nullFrac ?? 0)) * (1 - (b?.nullFrac ?? 0))) / Math.max(na, nb, 1));
}

/** The literal prefix of a LIKE pattern, its count of other fixed characters, and whether it has wildcards. */
function likeParts(pattern: string, esc: string): { prefix: string; fixedAfter: number; wild: boolean; anyOnlyAfter: boolean } {
  let prefix = '';
  let i = 0;
  for (; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch === esc && i + 1 < pattern.length) { prefix += pattern[++i]; continue; }
    if (ch === '%' || ch === '_') break;
    prefix += ch;
  }
  if (i >= pattern.length) return { prefix, fixedAfter: 0, wild: false, anyOnlyAfter: true };
  let fixedAfter = 0, anyOnly = true;
  for (let j = i; j < pattern.length; j++) {
    const ch = pattern[j]!;
    if (ch === '%') continue;
    anyOnly = false;
    if (ch === esc) j++;
    if (ch !== '_') fixedAfter++;
  }
  return { prefix, fixedAfter, wild: true, anyOnlyAfter: anyOnly };
}

/** Selectivity of `arg [I]LIKE pattern`. */
function likeSel(e: BoundExpr & { kind: 'like' }, src: FactSource): number {
  const col = columnOf(e.arg);
  const f = col === null ? null : src.facts(col);
  const pv = knownValue(e.pattern, src);
  const ev = e.escape === null ? { v: '\\' as JsValue, type: 'text' as DataType } : knownValue(e.escape, src);
  const notNull = f === null ? 1 : 1 - f.nullFrac;
  if (pv === undefined || typeof pv.v !== 'string' || ev === undefined || (ev.v !== null && typeof ev.v !== 'string')) return DEFAULT_MATCH * notNull;
  const esc = typeof ev.v === 'string' && ev.v.length > 0 ? ev.v : '\u0000';
  const parts = likeParts(pv.v, esc);
  if (!parts.wild && !e.ci) return eqSel(f, { v: parts.prefix, type: 'text' }, columnType(e.arg));
  if (parts.prefix.length === 0 && parts.anyOnlyAfter) return notNull; // '%' matches every non-null value
  const sample = f?.values?.sample;
  let base: number;
  if (sample && sample.length > 0 && parts.prefix.length > 0) {
    const p = e.ci ? parts.prefix.toLowerCase() : parts.prefix;
    let hits = 0;
    for (const s of sample) {
      if (typeof s !== 'string') continue;
      if ((e.ci ? s.toLowerCase() : s).startsWith(p)) hits++;
    }
    base = Math.max(hits, 0.5) / sample.length;
  } else {
    base = 0.2 ** Math.min(parts.prefix.length, 4);
  }
  const rest = parts.anyOnlyAfter ? 1 : 0.2 ** Math.min(Math.max(parts.fixedAfter, 1), 3);
  const floor = f === null ? 0 : 1 / f.ndv;
  return clamp(Math.max(base * rest, floor) * notNull);
}

/** Selectivity of one predicate (a conjunct or any boolean expression). */
export function selectivity(e: BoundExpr, src: FactSource): number {
  switch (e.kind) {
    case 'const': return e.value === true ? 1 : 0;
    case 'and': return conjunctionSelectivity(e.args, src);
    case 'or': {
      let keep = 1;
      for (const a of e.args) keep *= 1 - selectivity(a, src);
      return clamp(1 - keep);
    }
    case 'not': return clamp(1 - selectivity(e.arg, src));
    case 'cmp': return cmpSel(e, src);
    case 'distinct_from': {
      // IS NOT DISTINCT FROM behaves as = with NULLs matching
      const s = cmpSel({ kind: 'cmp', type: 'boolean', op: '=', left: e.left, right: e.right }, src);
      return e.negated ? s : clamp(1 - s);
    }
    case 'in_list': {
      const col = columnOf(e.arg);
      const f = col === null ? null : src.facts(col);
      let s = 0;
      for (const x of e.list) s += eqSel(f, knownValue(x, src), columnType(e.arg));
      s = Math.min(s, f === null ? 1 : 1 - f.nullFrac);
      return clamp(e.negated ? (f === null ? 1 : 1 - f.nullFrac) - s : s);
    }
    case 'like': {
      const s = likeSel(e, src);
      return clamp(e.negated ? 1 - s : s);
    }
    case 'is_null': {
      const col = columnOf(e.arg);
      const f = col === null ? null : src.facts(col);
      const nf = f === null ? DEFAULT_EQ : f.nullFrac;
      return clamp(e.negated ? 1 - nf : nf);
    }
    case 'is_bool': return 0.5;
    case 'subquery': return 0.5;
    default: return DEFAULT_INEQ;
  }
}

interface Bound { readonly op: string; readonly v: { v: JsValue; type: DataType } | undefined; readonly type: DataType }

/** A one-column range conjunct `col op row-constant`, as (column, bound); null otherwise. */
function rangeBound(c: BoundExpr, src: FactSource): { col: number; b: Bound } | null {
  if (c.kind !== 'cmp' || c.op === '=' || c.op === '<>') return null;
  const l = columnOf(c.left), r = columnOf(c.right);
  if (l !== null && isRowConstant(c.right)) return { col: l, b: { op: c.op, v: knownValue(c.right, src), type: columnType(c.left) } };
  if (r !== null && isRowConstant(c.left)) return { col: r, b: { op: FLIP[c.op]!, v: knownValue(c.left, src), type: columnType(c.right) } };
  return null;
}

/**
 * Selectivity of a conjunction: the product of its conjuncts' (independence), except that a
 * lower and an upper bound on the same column are estimated together as one range.
 */
export function conjunctionSelectivity(parts: readonly BoundExpr[], src: FactSource): number {
  const all: BoundExpr[] = [];
  for (const p of parts) conjuncts(p, all);
  let s = 1;
  const ranges = new Map<number, { lo: Bound[]; hi: Bound[] }>();
  for (const c of all) {
    const rb = rangeBound(c, src);
    if (rb === null) { s *= selectivity(c, src); continue; }
    let r = ranges.get(rb.col);
    if (r === undefined) { r = { lo: [], hi: [] }; ranges.set(rb.col, r); }
    (rb.b.op === '>' || rb.b.op === '>=' ? r.lo : r.hi).push(rb.b);
  }
  for (const [col, r] of ranges) {
    const f = src.facts(col);
    if (r.lo.length === 0 || r.hi.length === 0) {
      for (const b of [...r.lo, ...r.hi]) s *= boundSel(f, b);
      continue;
    }
    s *= pairSel(f, r.lo[0]!, r.hi[0]!);
    for (const b of [...r.lo.slice(1), ...r.hi.slice(1)]) s *= boundSel(f, b);
  }
  return clamp(s);
}

function boundSel(f: ColumnFacts | null, b: Bound): number {
  if (f === null) return DEFAULT_INEQ;
  if (b.v !== undefined && b.v.type === b.type) {
    const frac = rangeFraction(f, b.op, b.v.v, b.type);
    if (frac !== undefined) return clamp(frac * (1 - f.nullFrac));
  }
  return clamp(DEFAULT_INEQ * (1 - f.nullFrac));
}

/** A lower and an upper bound on one column, estimated as one range. */
function pairSel(f: ColumnFacts | null, lo: Bound, hi: Bound): number {
  if (f === null) return DEFAULT_RANGE;
  if (lo.v !== undefined && hi.v !== undefined && lo.v.type === lo.type && hi.v.type === hi.type) {
    const above = rangeFraction(f, lo.op, lo.v.v, lo.type), below = rangeFraction(f, hi.op, hi.v.v, hi.type);
    if (above !== undefined && below !== undefined) {
      // P(lo ≤ x ≤ hi) = P(x ≥ lo) + P(x ≤ hi) − 1 over the non-null values
      const both = above + below - 1;
      const floor = 0.5 / Math.max(1, f.values?.sample?.length ?? 1);
      return clamp(Math.max(both, Math.min(floor, above, below)) * (1 - f.nullFrac));
    }
  }
  return clamp(DEFAULT_RANGE * (1 - f.nullFrac));
}
