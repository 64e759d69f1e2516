/**
 * String interning for low-cardinality text columns. V8 compares two internalized strings by
 * pointer, so once stored values and query constants are internalized, `=`/`<>` against a
 * constant and hashing of repeated values cost a pointer compare instead of a content compare.
 * A string becomes internalized when used as an object property key; we keep one dictionary
 * per column and stop interning when a column turns out to have many distinct values.
 */

/** Per-column intern table. */
export class InternTable {
  private readonly map = new Map<string, string>();
  /** False once the column has too many distinct values to be worth interning. */
  active = true;

  constructor(private readonly limit = 4096) {}

  /** The canonical (internalized) instance of `s`. */
  intern(s: string): string {
    const hit = this.map.get(s);
    if (hit !== undefined) return hit;
    if (!this.active) return s;
    if (this.map.size >= this.limit || s.length > 64) {
      if (this.map.size >= this.limit) this.active = false;
      return s;
    }
    const canon = internalize(s);
    this.map.set(canon, canon);
    return canon;
  }
}

/** Returns the internalized copy of a string (property keys are internalized by V8). */
export function internalize(s: string): string {
  const o: Record<string, number> = {};
  o[s] = 0;
  for (const k in o) return k;
  return s;
}
