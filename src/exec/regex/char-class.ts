/**
 * Bracket expressions and class escapes of the regular-expression engine: a set of code-point
 * ranges plus POSIX class bits, possibly negated, with an ASCII bitmap precomputed per
 * compiled program so the common case is one array read.
 */
import { ctypeOf, lowerCp, upperCp } from './unicode.ts';

/** A character class as parsed: `[a-z[:digit:]]`, `\w`, `[^…]`. */
export interface CharClass {
  /** Inclusive code-point ranges as flat pairs `lo, hi, lo, hi, …`. */
  readonly ranges: number[];
  /** {@link Ctype} bits that match (`[:alpha:]`, `\d`). */
  ct: number;
  /** {@link Ctype} bits whose complement matches (`\D`, `\W` inside brackets). */
  nct: number;
  /** `[^…]`, `\D`, `\S`, `\W`. */
  neg: boolean;
}

/** A class ready for matching: the parsed class plus its flags and a bitmap for ASCII. */
export interface CompiledClass {
  readonly cls: CharClass;
  /** Case-insensitive matching: a character matches when it or its other case does. */
  readonly ci: boolean;
  /** Newline-sensitive: a negated class never matches `\n`. */
  readonly nl: boolean;
  /** Bit `c` set when ASCII code point `c` matches (flags already applied). */
  readonly ascii: Uint32Array;
}

function rawHas(cls: CharClass, c: number): boolean {
  const r = cls.ranges;
  for (let k = 0; k < r.length; k += 2) if (c >= r[k]! && c <= r[k + 1]!) return true;
  if (cls.ct === 0 && cls.nct === 0) return false;
  const t = ctypeOf(c);
  return (t & cls.ct) !== 0 || (~t & cls.nct) !== 0;
}

function slowMatch(k: CompiledClass, c: number): boolean {
  const cls = k.cls;
  let hit = rawHas(cls, c);
  if (!hit && k.ci) {
    const l = lowerCp(c), u = upperCp(c);
    hit = (l !== c && rawHas(cls, l)) || (u !== c && rawHas(cls, u));
  }
  if (cls.neg) return !hit && !(k.nl && c === 10);
  return hit;
}

/** Prepares a class for matching under the given flags. */
export function compileClass(cls: CharClass, ci: boolean, nl: boolean): CompiledClass {
  const ascii = new Uint32Array(4);
  const k: CompiledClass = { cls, ci, nl, ascii };
  for (let c = 0; c < 128; c++) if (slowMatch(k, c)) ascii[c >> 5]! |= 1 << (c & 31);
  return k;
}

/** True when code point `c` is in the class. */
export function classMatches(k: CompiledClass, c: number): boolean {
  if (c < 128) return (k.ascii[c >> 5]! & (1 << (c & 31))) !== 0;
  return slowMatch(k, c);
}
