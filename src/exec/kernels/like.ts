/**
 * LIKE / ILIKE without regular expressions. A pattern compiles once into segments — literal
 * runs with `_` wildcards, separated by `%` — and matches by the greedy leftmost-segment
 * algorithm: the first segment is anchored at the start, the last at the end, each middle one
 * taken at its leftmost fit (found with `indexOf`). Segments have a fixed length in
 * characters, so leftmost is always right: O(text × pattern) at worst, no backtracking.
 *
 * `_` is one character (a code point: a surrogate pair counts once). The escape character
 * is backslash unless `ESCAPE` says otherwise; `ESCAPE ''` disables escaping. ILIKE compares
 * both sides lower-cased per character, as PostgreSQL's `lower()`.
 *
 * @example
 * ```ts
 * const m = compileLikePattern('%a_c%', null, false);
 * likeMatch(m, 'xxabcxx'); // true
 * ```
 */
import { DbError } from '../../errors/db-error.ts';
import { SqlState } from '../../errors/sqlstate.ts';
import type { Selection, Vector } from '../../types/vector.ts';
import { lowerText } from '../regex/unicode.ts';
import { unionNulls } from './compare.ts';

/** How a pattern is matched: a fast path or the general segment algorithm. */
const Kind = { ANY: 0, EXACT: 1, PREFIX: 2, SUFFIX: 3, CONTAINS: 4, GENERAL: 5 } as const;

/** One `%`-free piece of a pattern: literal strings and `_` counts, alternating. */
type Segment = readonly (string | number)[];

/** A compiled LIKE pattern. */
export interface LikePattern {
  readonly kind: number;
  /** The literal of the fast paths. */
  readonly lit: string;
  /** GENERAL: the segments; the first is anchored at the start, the last at the end. */
  readonly segs: readonly Segment[];
  /** GENERAL: true when the pattern has a `%` (else the single segment must span the text). */
  readonly open: boolean;
  /** ILIKE: lower-case the text before matching (the pattern already is). */
  readonly ci: boolean;
}

function escapeError(message: string, hint?: string): DbError {
  return new DbError(SqlState.INVALID_ESCAPE_SEQUENCE, message, hint === undefined ? undefined : { hint });
}

/**
 * Compiles `pattern` with escape `escape` (null: backslash; '' none). An escape string of
 * more than one character, or a pattern ending in the escape character, is 22025.
 */
export function compileLikePattern(pattern: string, escape: string | null, ci: boolean): LikePattern {
  const esc = escape === null ? 92 : escape === '' ? -1 : escape.codePointAt(0)!;
  if (escape !== null && escape.length > (esc > 0xffff ? 2 : 1)) {
    throw escapeError('invalid escape string', 'Escape string must be empty or one character.');
  }
  const segs: (string | number)[][] = [];
  let seg: (string | number)[] = [];
  let lit = '';
  let wild = 0;
  const flushLit = (): void => { if (lit !== '') { seg.push(ci ? lowerText(lit) : lit); lit = ''; } };
  const flushWild = (): void => { if (wild > 0) { seg.push(wild); wild = 0; } };
  for (let i = 0; i < pattern.length;) {
    let c = pattern.codePointAt(i)!;
    i += c > 0xffff ? 2 : 1;
    if (c === esc) {
      if (i >= pattern.length) throw escapeError('LIKE pattern must not end with escape character');
      c = pattern.codePointAt(i)!;
      i += c > 0xffff ? 2 : 1;
    } else if (c === 37) { // %
      flushLit(); flushWild();
      segs.push(seg);
      seg = [];
      continue;
    } else if (c === 95) { // _
      flushLit();
      wild++;
      continue;
    }
    flushWild();
    lit += String.fromCodePoint(c);
  }
  flushLit(); flushWild();
  segs.push(seg);
  return classify(segs, ci);
}

function classify(segs: Segment[], ci: boolean): LikePattern {
  const literal = (s: Segment): string | null => (s.length === 0 ? '' : s.length === 1 && typeof s[0] === 'string' ? s[0] : null);
  const make = (kind: number, lit: string): LikePattern => ({ kind, lit, segs, open: segs.length > 1, ci });
  const first = literal(segs[0]!);
  if (segs.length === 1 && first !== null) return make(Kind.EXACT, first);
  const last = literal(segs[segs.length - 1]!);
  let middleEmpty = true;
  for (let k = 1; k < segs.length - 1; k++) if (segs[k]!.length > 0) middleEmpty = false;
  if (segs.length > 1 && first !== null && last !== null && middleEmpty) {
    if (first === '' && last === '') return make(Kind.ANY, '');
    if (last === '') return make(Kind.PREFIX, first);
    if (first === '') return make(Kind.SUFFIX, last);
  }
  if (segs.length >= 3 && first === '' && last === '') {
    let only: string | null = null;
    let count = 0;
    for (let k = 1; k < segs.length - 1; k++) {
      if (segs[k]!.length > 0) { count++; only = literal(segs[k]!); }
    }
    if (count === 1 && only !== null) return make(Kind.CONTAINS, only);
  }
  return make(Kind.GENERAL, '');
}

/** Skips `k` characters forward from `i`; -1 past the end. */
function skipForward(s: string, i: number, k: number): number {
  const n = s.length;
  for (; k > 0; k--) {
    if (i >= n) return -1;
    i += (s.charCodeAt(i) & 0xfc00) === 0xd800 && i + 1 < n && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00 ? 2 : 1;
  }
  return i;
}

/** Skips `k` characters back from `i`; -1 before `lo`. */
function skipBack(s: string, i: number, k: number, lo: number): number {
  for (; k > 0; k--) {
    if (i <= lo) return -1;
    i -= (s.charCodeAt(i - 1) & 0xfc00) === 0xdc00 && i - 2 >= lo && (s.charCodeAt(i - 2) & 0xfc00) === 0xd800 ? 2 : 1;
  }
  return i;
}

/** End of `seg` matched at `i`, or -1. */
function matchForward(seg: Segment, s: string, i: number): number {
  for (let k = 0; k < seg.length && i >= 0; k++) {
    const p = seg[k]!;
    if (typeof p === 'number') i = skipForward(s, i, p);
    else if (s.startsWith(p, i)) i += p.length;
    else return -1;
  }
  return i;
}

/** Start of `seg` matched so that it ends at `end`, not before `lo`; or -1. */
function matchBackward(seg: Segment, s: string, end: number, lo: number): number {
  let i = end;
  for (let k = seg.length - 1; k >= 0 && i >= 0; k--) {
    const p = seg[k]!;
    if (typeof p === 'number') i = skipBack(s, i, p, lo);
    else if (i - p.length >= lo && s.startsWith(p, i - p.length)) i -= p.length;
    else return -1;
  }
  return i;
}

/** The end of the leftmost match of `seg` starting at or after `from` and ending by `limit`; -1 if none. */
function findSegment(seg: Segment, s: string, from: number, limit: number): number {
  const head = seg[0]!;
  if (typeof head === 'string') {
    for (let q = s.indexOf(head, from); q >= 0 && q + head.length <= limit; q = s.indexOf(head, q + 1)) {
      const r = matchForward(seg, s, q);
      if (r >= 0 && r <= limit) return r;
      if (r > limit) return -1;
    }
    return -1;
  }
  for (let q = from; q >= 0 && q < limit; q = skipForward(s, q, 1)) {
    const r = matchForward(seg, s, q);
    if (r > limit) return -1; // a later start only ends later
    if (r >= 0) return r;
  }
  return -1;
}

function matchGeneral(m: LikePattern, s: string): boolean {
  const segs = m.segs;
  const p = matchForward(segs[0]!, s, 0);
  if (p < 0) return false;
  if (!m.open) return p === s.length;
  const e = matchBackward(segs[segs.length - 1]!, s, s.length, p);
  if (e < 0) return false;
  let at = p;
  for (let k = 1; k < segs.length - 1; k++) {
    const seg = segs[k]!;
    if (seg.length === 0) continue;
    at = findSegment(seg, s, at, e);
    if (at < 0) return false;
  }
  return true;
}

/** True when `s` matches the compiled pattern. */
export function likeMatch(m: LikePattern, s: string): boolean {
  const t = m.ci ? lowerText(s) : s;
  switch (m.kind) {
    case Kind.ANY: return true;
    case Kind.EXACT: return t === m.lit;
    case Kind.PREFIX: return t.startsWith(m.lit);
    case Kind.SUFFIX: return t.endsWith(m.lit);
    case Kind.CONTAINS: return t.includes(m.lit);
    default: return matchGeneral(m, t);
  }
}

/**
 * `v [NOT] LIKE m` for the selected rows of a text vector: a boolean vector of length `n`
 * (NULL where `v` is NULL). The kind is chosen once; the row loops are per kind.
 */
export function likeConstant(v: Vector, m: LikePattern, negated: boolean, n: number, sel: Selection): Vector {
  const out = new Uint8Array(n);
  if (v.type === 'null') return { type: 'boolean', length: n, data: out, nulls: new Uint8Array(n).fill(1) };
  const d = v.data as string[], nl = v.nulls, neg = negated ? 1 : 0;
  const cnt = sel === null ? n : sel.length;
  const lit = m.lit;
  if (m.ci || m.kind === Kind.GENERAL || m.kind === Kind.ANY) {
    for (let k = 0; k < cnt; k++) {
      const i = sel === null ? k : sel[k]!;
      if (nl === null || nl[i] !== 1) out[i] = (likeMatch(m, d[i]!) ? 1 : 0) ^ neg;
    }
  } else if (m.kind === Kind.CONTAINS) {
    for (let k = 0; k < cnt; k++) {
      const i = sel === null ? k : sel[k]!;
      if (nl === null || nl[i] !== 1) out[i] = (d[i]!.includes(lit) ? 1 : 0) ^ neg;
    }
  } else if (m.kind === Kind.PREFIX) {
    for (let k = 0; k < cnt; k++) {
      const i = sel === null ? k : sel[k]!;
      if (nl === null || nl[i] !== 1) out[i] = (d[i]!.startsWith(lit) ? 1 : 0) ^ neg;
    }
  } else if (m.kind === Kind.SUFFIX) {
    for (let k = 0; k < cnt; k++) {
      const i = sel === null ? k : sel[k]!;
      if (nl === null || nl[i] !== 1) out[i] = (d[i]!.endsWith(lit) ? 1 : 0) ^ neg;
    }
  } else {
    for (let k = 0; k < cnt; k++) {
      const i = sel === null ? k : sel[k]!;
      if (nl === null || nl[i] !== 1) out[i] = (d[i] === lit ? 1 : 0) ^ neg;
    }
  }
  return { type: 'boolean', length: n, data: out, nulls: nl };
}

/**
 * Memo of the last compiled pattern, for patterns that are constant per statement
 * (literals, parameters): compiles once, not once per batch.
 */
export function likePatternCache(ci: boolean): (pattern: string, escape: string | null) => LikePattern {
  let lastP: string | null = null, lastE: string | null = null, last: LikePattern | null = null;
  return (p, e) => {
    if (last === null || p !== lastP || e !== lastE) { last = compileLikePattern(p, e, ci); lastP = p; lastE = e; }
    return last;
  };
}

/**
 * `v [NOT] LIKE p [ESCAPE e]` where the pattern (or escape) varies per row: patterns are
 * compiled once per distinct value within the batch.
 */
export function likeRows(v: Vector, p: Vector, e: Vector | null, ci: boolean, negated: boolean, n: number, sel: Selection): Vector {
  const out = new Uint8Array(n);
  if (v.type === 'null' || p.type === 'null' || (e !== null && e.type === 'null')) {
    return { type: 'boolean', length: n, data: out, nulls: new Uint8Array(n).fill(1) };
  }
  const nulls = unionNulls(unionNulls(v.nulls, p.nulls, n), e === null ? null : e.nulls, n);
  const vd = v.data as string[], pd = p.data as string[], ed = e === null ? null : e.data as string[];
  const neg = negated ? 1 : 0;
  const cache = new Map<string, LikePattern>();
  const cnt = sel === null ? n : sel.length;
  for (let k = 0; k < cnt; k++) {
    const i = sel === null ? k : sel[k]!;
    if (nulls !== null && nulls[i] === 1) continue;
    const ps = pd[i]!, es = ed === null ? null : ed[i]!;
    const key = es === null ? ps : es + '\u0000' + ps;
    let m = cache.get(key);
    if (m === undefined) { m = compileLikePattern(ps, es, ci); cache.set(key, m); }
    out[i] = (likeMatch(m, vd[i]!) ? 1 : 0) ^ neg;
  }
  return { type: 'boolean', length: n, data: out, nulls };
}
