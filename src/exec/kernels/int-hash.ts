/**
 * Open-addressing hash table from 32-bit integer keys to dense ids, on typed arrays (no Map,
 * no boxing). Used for GROUP BY and hash joins on integer keys.
 */

/** Integer key → dense id (0, 1, 2, … in insertion order). */
export class IntHashTable {
  /**
   * One table kept alive for good. V8 holds the shape (hidden class) that the constructor's
   * field stores build only weakly, through the shape transitions: when every table of a query
   * is garbage, a full GC drops it, and all optimized code that relied on it (the join and
   * grouping kernels) is deoptimized and compiled again by the next query. A live instance
   * keeps it.
   */
  static readonly keepShape: IntHashTable = new IntHashTable(1);

  private keys: Int32Array;
  private ids: Int32Array;
  private mask: number;
  size = 0;

  constructor(expected = 16) {
    let cap = 16;
    while (cap < expected * 2) cap *= 2;
    this.keys = new Int32Array(cap);
    this.ids = new Int32Array(cap).fill(-1);
    this.mask = cap - 1;
  }

  /** The id of `key`, inserting it (with the next id) when absent. */
  intern(key: number): number {
    const mask = this.mask;
    let h = Math.imul(key, 0x9e3779b1) >>> 0 & mask;
    const keys = this.keys, ids = this.ids;
    for (;;) {
      const id = ids[h]!;
      if (id === -1) {
        keys[h] = key;
        ids[h] = this.size;
        const r = this.size++;
        if (this.size * 2 > mask) this.grow();
        return r;
      }
      if (keys[h] === key) return id;
      h = (h + 1) & mask;
    }
  }

  /** The id of `key`, or -1. */
  find(key: number): number {
    const mask = this.mask;
    let h = Math.imul(key, 0x9e3779b1) >>> 0 & mask;
    const keys = this.keys, ids = this.ids;
    for (;;) {
      const id = ids[h]!;
      if (id === -1) return -1;
      if (keys[h] === key) return id;
      h = (h + 1) & mask;
    }
  }

  private grow(): void {
    const oldK = this.keys, oldI = this.ids;
    const cap = oldK.length * 2;
    this.keys = new Int32Array(cap);
    this.ids = new Int32Array(cap).fill(-1);
    this.mask = cap - 1;
    for (let i = 0; i < oldK.length; i++) {
      const id = oldI[i]!;
      if (id === -1) continue;
      let h = Math.imul(oldK[i]!, 0x9e3779b1) >>> 0 & this.mask;
      while (this.ids[h] !== -1) h = (h + 1) & this.mask;
      this.keys[h] = oldK[i]!;
      this.ids[h] = id;
    }
  }
}

