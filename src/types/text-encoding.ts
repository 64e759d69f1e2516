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
