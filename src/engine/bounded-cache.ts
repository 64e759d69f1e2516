/**
 * A size-bounded map for the statement caches, in two generations: lookups read the young map,
 * then the old one (a hit there moves the entry to the young one); when the young map is full it
 * becomes the old one and a new young map starts. Every operation is O(1): evicting the oldest
 * entry of one `Map` with `keys().next()` is not, since V8 leaves deleted entries in place until
 * it rehashes and each such call walks over them (with a stream of distinct SQL texts, e.g. ids
 * written into the text, that cost several µs per statement). Holds between `limit` and
 * `2 × limit` entries; recently used entries survive, as in an LRU cache.
 *
 * @example
 * ```ts
 * const c = new BoundedCache<string, number>(2);
 * c.set('a', 1); c.set('b', 2); c.set('c', 3);   // 'a', 'b' are now the old generation
 * c.get('a');                                      // 1 (moved to the young generation)
 * ```
 */
export class BoundedCache<K, V> {
  private young = new Map<K, V>();
  private old = new Map<K, V>();

  /** @param limit - entries per generation (at least 1) */
  constructor(private readonly limit: number) {}

  /** The value for `key`, or undefined. */
  get(key: K): V | undefined {
    const v = this.young.get(key);
    if (v !== undefined || this.old.size === 0) return v;
    const o = this.old.get(key);
    if (o !== undefined) {
      this.old.delete(key);
      this.set(key, o);
    }
    return o;
  }

  /** Stores `value` for `key` (undefined values are not stored). */
  set(key: K, value: V): void {
    if (this.young.size >= this.limit && !this.young.has(key)) {
      this.old = this.young;
      this.young = new Map();
    }
    this.young.set(key, value);
  }

  /** Entries held (both generations). */
  get size(): number {
    return this.young.size + this.old.size;
  }
}
