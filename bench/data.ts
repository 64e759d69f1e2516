/**
 * Seeded data generator for the InkDB benchmark (see /work/shared/BENCHMARKS.md and bench/README.md).
 *
 * Generator: 32-bit linear congruential generator, "take the high bits":
 *   state = (state * 1664525 + 1013904223) >>> 0
 *   float = state / 2^32                  (uniform in [0, 1), multiples of 2^-32, exact doubles)
 *   int(k) = Math.floor(state / 2^32 * k) (uniform in 0..k-1, taken from the high bits)
 *
 * Streams (each a fresh generator, so that one never depends on the size of another):
 *   events     seed 42        per row i = 0..N-1, in this order: user_id = 1 + int(1000),
 *                             kind = 'k' + int(10), value = float; id = i + 1, ts = 1.7e9 + i
 *   users      seed 42 + 1    per row i = 0..999: tier = 1 + int(5); id = i + 1, name = 'user' + id
 *   W2 ids     seed 42 + 2    1,000 ids per run, 1 + int(N) each (duplicates allowed): run r (0 = the
 *                             first warm-up) takes draws r·1000 … r·1000 + 999 of the stream, so every
 *                             run looks up fresh ids (text-keyed caches cannot answer a later run)
 *   W7u pairs  seed 42 + 3    1,000 distinct ids 1 + int(N) (redraw on repeat), then per id a new value = float
 *   W7d ids    seed 42 + 4    1,000 distinct ids 1 + int(N) (redraw on repeat)
 * @module
 */

/** One row of the `events` table (a type alias, so that it is assignable to `Record<string, unknown>`). */
export type EventRow = {
  id: number;
  user_id: number;
  kind: string;
  value: number;
  ts: number;
};

/** One row of the `users` table. */
export type UserRow = {
  id: number;
  name: string;
  tier: number;
};

/** The base seed of every stream. */
export const SEED = 42;

/** Number of rows in `users`. */
export const USERS = 1000;

/** Number of operations of the per-row workloads (W2, W2', W7u, W7d). */
export const OPS = 1000;

const TWO_32 = 4294967296;

/** A seeded 32-bit LCG that takes the high bits of its state. */
export class Lcg {
  private state: number;

  /** @param seed - initial 32-bit state */
  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Advances the generator and returns the new 32-bit state. */
  next(): number {
    // state * 1664525 + 1013904223 < 2^53, so the double arithmetic is exact before the >>> 0.
    this.state = (this.state * 1664525 + 1013904223) >>> 0;
    return this.state;
  }

  /** A uniform float in [0, 1). */
  float(): number {
    return this.next() / TWO_32;
  }

  /** A uniform integer in 0..k-1 (from the high bits). */
  int(k: number): number {
    return Math.floor((this.next() / TWO_32) * k);
  }
}

/**
 * Generates the `events` rows (fresh objects on every call).
 * @param n - number of rows
 */
export function generateEvents(n: number): EventRow[] {
  const rng = new Lcg(SEED);
  const rows: EventRow[] = new Array<EventRow>(n);
  for (let i = 0; i < n; i++) {
    const userId = 1 + rng.int(1000);
    const kind = 'k' + String(rng.int(10));
    const value = rng.float();
    rows[i] = { id: i + 1, user_id: userId, kind, value, ts: 1.7e9 + i };
  }
  return rows;
}

/** Generates the 1,000 `users` rows (fresh objects on every call). */
export function generateUsers(): UserRow[] {
  const rng = new Lcg(SEED + 1);
  const rows: UserRow[] = new Array<UserRow>(USERS);
  for (let i = 0; i < USERS; i++) {
    const tier = 1 + rng.int(5);
    rows[i] = { id: i + 1, name: 'user' + String(i + 1), tier };
  }
  return rows;
}

/**
 * The 1,000 ids looked up by run `run` of W2 and W2' (duplicates allowed): a fresh block of the
 * seeded stream for every run, the same for every engine.
 * @param n - number of rows in `events`
 * @param run - run index (0 = the first warm-up run)
 */
export function lookupIds(n: number, run = 0): number[] {
  const rng = new Lcg(SEED + 2);
  for (let i = 0; i < run * OPS; i++) rng.next();
  const ids: number[] = [];
  for (let i = 0; i < OPS; i++) ids.push(1 + rng.int(n));
  return ids;
}

/**
 * Events generated in chunks of at most `chunk` rows (the same rows as {@link generateEvents}):
 * for sizes whose row objects would not fit in the heap at once.
 */
export function* generateEventChunks(n: number, chunk: number): Generator<EventRow[]> {
  const rng = new Lcg(SEED);
  for (let from = 0; from < n; from += chunk) {
    const m = Math.min(chunk, n - from);
    const rows: EventRow[] = new Array<EventRow>(m);
    for (let j = 0; j < m; j++) {
      const i = from + j;
      const userId = 1 + rng.int(1000);
      const kind = 'k' + String(rng.int(10));
      const value = rng.float();
      rows[j] = { id: i + 1, user_id: userId, kind, value, ts: 1.7e9 + i };
    }
    yield rows;
  }
}

function distinctIds(rng: Lcg, n: number, count: number): number[] {
  const seen = new Set<number>();
  const ids: number[] = [];
  const want = Math.min(count, n);
  while (ids.length < want) {
    const id = 1 + rng.int(n);
    if (seen.has(id)) continue;
    seen.add(id);
    ids.push(id);
  }
  return ids;
}

/** One `UPDATE events SET value = $1 WHERE id = $2` of W7u. */
export interface UpdatePair {
  id: number;
  value: number;
}

/**
 * The 1,000 (id, new value) pairs of W7u; ids are distinct.
 * @param n - number of rows in `events`
 */
export function updatePairs(n: number): UpdatePair[] {
  const rng = new Lcg(SEED + 3);
  const ids = distinctIds(rng, n, OPS);
  return ids.map((id) => ({ id, value: rng.float() }));
}

/**
 * The 1,000 distinct ids deleted by W7d.
 * @param n - number of rows in `events`
 */
export function deleteIds(n: number): number[] {
  return distinctIds(new Lcg(SEED + 4), n, OPS);
}
