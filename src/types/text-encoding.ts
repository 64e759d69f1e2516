/**
 * Text PostgreSQL can hold: UTF-8 without NUL. A JavaScript string can hold what it cannot — a
 * NUL character or a lone UTF-16 surrogate — and such text fails with 22021 at the boundary
 * (the lexer for SQL text, parameter coercion for values).
 */

interface WellFormedString { isWellFormed?(): boolean }

/**
 * The index of the first character PostgreSQL's text cannot hold (NUL, or a surrogate that is
 * not half of a pair), or -1.
 *
 * @example
 * ```ts
 * badCharIndex('héllo 🎉');   // -1
 * badCharIndex('a\u0000');    // 1
 * badCharIndex('x\ud800');    // 1
 * ```
 */
export function badCharIndex(s: string): number {
  const nul = s.indexOf('\u0000');
  const wf = (s as unknown as WellFormedString).isWellFormed;
  if (wf !== undefined && wf.call(s)) return nul;
  const end = nul === -1 ? s.length : nul;
  for (let i = 0; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c < 0xd800 || c > 0xdfff) continue;
    if (c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) { i++; continue; }
    }
    return i;
  }
  return nul;
}

/** Slots of a {@link RecentStrings} table (a power of two). */
const RECENT_SLOTS = 16;

/**
 * A few strings seen lately, one per slot chosen by the last character's code: "is this the
 * string I saw lately?" costs one compare instead of a scan or a hash lookup. Columns of few
 * distinct values (and prepared statements fed the same values) mostly hit.
 *
 * @example
 * ```ts
 * const r = new RecentStrings();
 * r.put('k3');
 * r.hit('k' + '3');   // 'k3' (the string put, the same object every time)
 * r.hit('k4');        // null
 * ```
 */
export class RecentStrings {
  private readonly slots: (string | null)[] = new Array<string | null>(RECENT_SLOTS).fill(null);

  /** The string remembered in `s`'s slot when it equals `s`, else null. */
  hit(s: string): string | null {
    const c = this.slots[s.length === 0 ? 0 : s.charCodeAt(s.length - 1) & (RECENT_SLOTS - 1)]!;
    return c === s ? c : null;
  }

  /** Remembers `s` in its slot. */
  put(s: string): void {
    this.slots[s.length === 0 ? 0 : s.charCodeAt(s.length - 1) & (RECENT_SLOTS - 1)] = s;
  }
}

/**
 * True when `s` has no NUL and no lone surrogate ({@link badCharIndex} is -1); a string equal to
 * one `checked` lately needs no scan, and a well-formed one is remembered there.
 */
export function wellFormedRecent(s: string, checked: RecentStrings): boolean {
  if (checked.hit(s) !== null) return true;
  if (badCharIndex(s) !== -1) return false;
  checked.put(s);
  return true;
}
