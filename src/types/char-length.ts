/**
 * Character counts of strings as PostgreSQL counts them: code points, not UTF-16 units (an
 * astral character such as an emoji is one character). Used by VARCHAR(n) checks and casts.
 */

/** Number of characters (code points) in a string. */
export function codePointLength(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) if ((s.charCodeAt(i) & 0xfc00) === 0xd800) n--;
  return n;
}

/** True when a string has more than `n` characters (cheap when its UTF-16 length is at most `n`). */
export function longerThan(s: string, n: number): boolean {
  return s.length > n && codePointLength(s) > n;
}

/** The first `n` characters of a string (a surrogate pair is never split). */
export function firstChars(s: string, n: number): string {
  if (s.length <= n) return s;
  let units = 0;
  for (let k = 0; k < n && units < s.length; k++) {
    units += (s.charCodeAt(units) & 0xfc00) === 0xd800 && units + 1 < s.length ? 2 : 1;
  }
  return s.slice(0, units);
}

/**
 * A value stored into a VARCHAR(n) column: itself when it fits, cut to `n` characters when
 * everything past them is spaces (PostgreSQL's rule), null when it is too long (22001).
 */
export function fitVarchar(s: string, n: number): string | null {
  if (!longerThan(s, n)) return s;
  const head = firstChars(s, n);
  for (let i = head.length; i < s.length; i++) if (s.charCodeAt(i) !== 32) return null;
  return head;
}
