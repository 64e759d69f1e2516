/**
 * A small seeded PRNG (mulberry32) with the helpers the generators need. The same seed gives
 * the same sequence on every platform, so a case is reproducible from its seed alone.
 */
export class Rng {
  #s: number;

  /** Starts the sequence for `seed` (any 32-bit integer). */
  constructor(seed: number) {
    this.#s = seed >>> 0;
  }

  /** The next value in [0, 1). */
  next(): number {
    let t = (this.#s = (this.#s + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [lo, hi] (both inclusive). */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** One element of a non-empty array. */
  pick<T>(xs: readonly T[]): T {
    if (xs.length === 0) throw new Error('Rng.pick: empty array');
    return xs[Math.floor(this.next() * xs.length)] as T;
  }

  /** One element chosen by weight (`[weight, value]` pairs, weights ≥ 0, at least one > 0). */
  weighted<T>(xs: readonly (readonly [number, T])[]): T {
    let total = 0;
    for (const [w] of xs) total += w;
    let r = this.next() * total;
    for (const [w, v] of xs) {
      if (r < w) return v;
      r -= w;
    }
    const last = xs[xs.length - 1];
    if (last === undefined) throw new Error('Rng.weighted: empty array');
    return last[1];
  }

  /** A shuffled copy. */
  shuffle<T>(xs: readonly T[]): T[] {
    const out = xs.slice();
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      const tmp = out[i] as T;
      out[i] = out[j] as T;
      out[j] = tmp;
    }
    return out;
  }

  /** A random subset (each element kept with probability p), in order. */
  subset<T>(xs: readonly T[], p: number): T[] {
    return xs.filter(() => this.next() < p);
  }

  /** A derived seed for a sub-generator. */
  fork(): number {
    return Math.floor(this.next() * 4294967296) >>> 0;
  }
}
