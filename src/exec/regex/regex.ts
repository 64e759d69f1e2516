/**
 * InkDB's regular expressions: PostgreSQL's ARE syntax and match rules, run by a Pike VM in
 * time linear in the input (no backtracking, so no pattern can hang a query). User patterns
 * never reach JavaScript's RegExp.
 *
 * @example
 * ```ts
 * const re = compileRegex('(a+)+$', '', 'regexp_like');
 * regexTest(re, 'a'.repeat(30) + 'b'); // false, immediately
 * regexReplace(compileRegex('(b)', 'g', 'regexp_replace'), 'abcb', '[\\1]', 1e6); // 'a[b]c[b]'
 * ```
 */
import { DbError } from '../../errors/db-error.ts';
import { SqlState } from '../../errors/sqlstate.ts';
import { applyOption, parseRegex, type RegexOptions } from './parser.ts';
import { LazyDfa } from './dfa.ts';
import { compileProgram } from './program.ts';
import { Mode, PikeVm } from './vm.ts';

/** A compiled pattern with its flags. */
export interface Regex {
  readonly vm: PikeVm;
  /** For {@link regexTest}: null when the program needs the Pike VM (or outgrew the DFA budget). */
  dfa: LazyDfa | null;
  /** Number of capturing groups. */
  readonly groups: number;
  /** `g`: replace every match. */
  readonly global: boolean;
  /** PostgreSQL's overall-match rule for this pattern: {@link Mode.LONGEST} or {@link Mode.SHORTEST}. */
  readonly mode: number;
}

const cache = new Map<string, Regex>();
const CACHE_LIMIT = 256;

/**
 * Compiles `pattern` under the PostgreSQL flags string (`i c n m p w s x t q`, and `g` where
 * `fn` accepts it), cached. Bad flags are 22023, bad patterns 2201B, features that need
 * backtracking 0A000.
 */
export function compileRegex(pattern: string, flags: string, fn: 'regexp_like' | 'regexp_replace'): Regex {
  const key = fn + '\u0000' + flags + '\u0000' + pattern;
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const o: RegexOptions = { ci: false, nlDot: false, nlAnchor: false, expanded: false, literal: false };
  let global = false;
  for (const f of flags) {
    if (f === 'g') {
      if (fn !== 'regexp_replace') throw new DbError(SqlState.INVALID_PARAMETER_VALUE, `${fn}() does not support the "global" option`);
      global = true;
    } else if (!applyOption(o, f)) {
      throw new DbError(SqlState.INVALID_PARAMETER_VALUE, `invalid regular expression option: "${f}"`);
    }
  }
  const parsed = parseRegex(pattern, o);
  const prog = compileProgram(parsed);
  const re: Regex = { vm: new PikeVm(prog), dfa: LazyDfa.of(prog), groups: parsed.groups, global, mode: parsed.greedy ? Mode.LONGEST : Mode.SHORTEST };
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, re);
  return re;
}

/** True when `s` contains a match of `re`. */
export function regexTest(re: Regex, s: string): boolean {
  if (re.dfa !== null && s.length > 0) {
    const r = re.dfa.test(s);
    if (r !== null) return r;
    re.dfa = null; // too many states for this pattern: the Pike VM from now on
  }
  return re.vm.exec(s, 0, Mode.TEST);
}

/**
 * The first match at or after UTF-16 index `from` under `mode` (PostgreSQL's rule by
 * default): its capture slots (`[start, end, g1start, g1end, …]`, -1 when unset), or null.
 * The array is reused by the next call.
 */
export function regexExec(re: Regex, s: string, from: number, mode: number = re.mode): Int32Array | null {
  return re.vm.exec(s, from, mode) ? re.vm.caps : null;
}

/** A parsed replacement: literal text and group numbers (0 = the whole match) alternating. */
type Replacement = readonly (string | number)[];

let lastReplacementText = '';
let lastReplacement: Replacement = [''];

/** Parses PostgreSQL replacement text: `\1`…`\9`, `\&` (whole match), `\\`; any other `\` stays. */
function parseReplacement(r: string): Replacement {
  if (r === lastReplacementText) return lastReplacement;
  const parts: (string | number)[] = [];
  let lit = '';
  for (let i = 0; i < r.length; i++) {
    const c = r[i]!;
    if (c === '\\' && i + 1 < r.length) {
      const d = r.charCodeAt(i + 1);
      if ((d >= 49 && d <= 57) || d === 38) { parts.push(lit, d === 38 ? 0 : d - 48); lit = ''; i++; continue; }
      if (d === 92) { lit += '\\'; i++; continue; }
    }
    lit += c;
  }
  parts.push(lit);
  lastReplacementText = r;
  lastReplacement = parts;
  return parts;
}

/**
 * `regexp_replace`: replaces the first match (every match with `g`) of `re` in `s`. Returns
 * null when the result would be longer than `maxLength` UTF-16 units (the caller raises 54000).
 */
export function regexReplace(re: Regex, s: string, replacement: string, maxLength: number): string | null {
  const parts = parseReplacement(replacement);
  let out = '';
  let prev = 0, from = 0;
  const n = s.length;
  while (from <= n) {
    const caps = regexExec(re, s, from);
    if (caps === null) break;
    const start = caps[0]!, end = caps[1]!;
    out += s.slice(prev, start);
    for (let k = 0; k < parts.length; k++) {
      const p = parts[k]!;
      if (typeof p === 'string') out += p;
      else if (p <= re.groups && caps[2 * p]! >= 0) out += s.slice(caps[2 * p]!, caps[2 * p + 1]!);
    }
    if (out.length > maxLength) return null;
    prev = end;
    if (!re.global) break;
    from = end;
    if (start === end) from += end < n && (s.charCodeAt(end) & 0xfc00) === 0xd800 && (s.charCodeAt(end + 1) & 0xfc00) === 0xdc00 ? 2 : 1;
  }
  if (out.length + n - prev > maxLength) return null;
  return out + s.slice(prev);
}
