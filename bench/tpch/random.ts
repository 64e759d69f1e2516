/**
 * Seeded random streams of the TPC-H generator (bench/tpch/generate.ts).
 *
 * Like dbgen, every column that draws random values has its own stream, so a column's values never
 * depend on how many draws another column made, and the data of one scale factor is the same on
 * every run and every machine. The streams are mulberry32 generators (32-bit state, 32-bit output),
 * seeded from the table and column name.
 * @module
 */

const TWO_32 = 4294967296;

/** A seeded 32-bit random stream (mulberry32). */
export class Stream {
  private state: number;

  /** @param seed - initial 32-bit state */
  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** The next 32-bit unsigned value. */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = Math.imul(this.state ^ (this.state >>> 15), 1 | this.state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** A uniform integer in `lo..hi` (both included). */
  int(lo: number, hi: number): number {
    return lo + Math.floor((this.next() / TWO_32) * (hi - lo + 1));
  }

  /** A uniform float in [0, 1). */
  float(): number {
    return this.next() / TWO_32;
  }
}

/** FNV-1a of a string: the seed of a named stream. */
function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * The stream of one column, e.g. `stream('lineitem.l_quantity')`. Its seed depends only on the name.
 * @param name - `table.column` (or any other fixed name)
 */
export function stream(name: string): Stream {
  return new Stream(fnv1a(`tpch:${name}`));
}

/** A list of words with integer weights, drawn by {@link pick}. */
export interface Distribution {
  /** The words. */
  readonly words: readonly string[];
  /** Cumulative weights (same length as `words`); the last is the total. */
  readonly cumulative: Int32Array;
}

/**
 * A weighted distribution from `[word, weight]` pairs.
 * @param pairs - words and their (positive integer) weights
 */
export function distribution(pairs: readonly (readonly [string, number])[]): Distribution {
  const cumulative = new Int32Array(pairs.length);
  let total = 0;
  pairs.forEach(([, w], i) => {
    total += w;
    cumulative[i] = total;
  });
  return { words: pairs.map(([w]) => w), cumulative };
}

/** A list of words of equal weight. */
export function uniform(words: readonly string[]): Distribution {
  return distribution(words.map((w) => [w, 1] as const));
}

/** Draws one word of `d` with its weight's probability. */
export function pick(s: Stream, d: Distribution): string {
  const c = d.cumulative;
  const r = s.int(1, c[c.length - 1] ?? 1);
  let lo = 0;
  let hi = c.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((c[mid] ?? 0) >= r) hi = mid;
    else lo = mid + 1;
  }
  return d.words[lo] ?? '';
}
