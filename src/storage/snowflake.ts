/**
 * Snowflake ids for `_seq` and `SNOWFLAKE_ID()`: 41 bits of milliseconds since 2024-01-01,
 * 10 bits of worker id, 12 bits of sequence — unique and increasing within one engine. When the
 * sequence overflows inside one millisecond the clock is advanced logically (ids stay increasing).
 */

/** 2024-01-01T00:00:00Z. */
export const SNOWFLAKE_EPOCH = 1704067200000;

/** A monotonic snowflake generator. */
export class SnowflakeGenerator {
  private lastMs = 0;
  private seq = 0;
  private readonly worker: number;
  /** The engine's clock (milliseconds since the epoch): ids and stream-row insert times read it. */
  readonly clock: () => number;

  constructor(worker = 1, clock: () => number = Date.now) {
    this.worker = worker & 0x3ff;
    this.clock = clock;
  }

  /** Reserves `count` consecutive ids; returns the (ms, firstSeq) pair they start at. */
  private reserve(count: number): { ms: number; seq: number } {
    let ms = this.clock() - SNOWFLAKE_EPOCH;
    if (ms <= this.lastMs) ms = this.lastMs;
    else this.seq = 0;
    if (this.seq + count > 4096) {
      // spread the batch over following logical milliseconds
      const startMs = this.seq === 0 ? ms : ms + 1;
      this.lastMs = startMs + Math.floor((count - 1) / 4096);
      this.seq = ((count - 1) % 4096) + 1;
      return { ms: startMs, seq: 0 };
    }
    const s = this.seq;
    this.lastMs = ms;
    this.seq += count;
    return { ms, seq: s };
  }

  /**
   * Makes every later id greater than `id` (an id stored by an earlier run: after a reload the
   * clock may lag behind ids a bulk insert spread over future milliseconds).
   */
  observe(id: bigint): void {
    if (id <= 0n) return;
    const ms = Number(id >> 22n);
    const seq = Number(id & 0xfffn) + 1;
    if (ms > this.lastMs || (ms === this.lastMs && seq > this.seq)) {
      this.lastMs = ms;
      this.seq = seq;
    }
  }

  /** One id. */
  next(): bigint {
    const { ms, seq } = this.reserve(1);
    return (BigInt(ms) << 22n) | (BigInt(this.worker) << 12n) | BigInt(seq);
  }

  /**
   * Writes `count` increasing ids into a BigInt64Array starting at `at`, without allocating a
   * BigInt per id: the two 32-bit halves are computed with number arithmetic and stored through
   * an Int32Array view (little-endian, as on every platform browsers run on).
   */
  fill(target: BigInt64Array, at: number, count: number): void {
    if (count === 0) return;
    let { ms, seq } = this.reserve(count);
    const words = new Int32Array(target.buffer, target.byteOffset, target.length * 2);
    const w = this.worker << 12;
    let o = at * 2;
    let left = count;
    while (left > 0) {
      // one millisecond bucket: the high word is fixed, the low word counts up
      const run = Math.min(left, 4096 - seq);
      const hi = Math.floor(ms / 1024);
      const lo0 = (ms % 1024) * 4194304 + w + seq;
      for (let i = 0; i < run; i++) {
        words[o] = (lo0 + i) | 0;
        words[o + 1] = hi;
        o += 2;
      }
      left -= run;
      seq = 0;
      ms++;
    }
  }
}
