/**
 * Snowflake ids for `_seq` and `SNOWFLAKE_ID()`: 41 bits of milliseconds since 2024-01-01,
 * 10 bits of worker id, 12 bits of sequence — unique and increasing within one engine. When the
 * sequence overflows inside one millisecond the clock is advanced logically (ids stay increasing).
 */

/** Single-id reservations between two readings of the default clock. */
const CLOCK_EVERY = 32;

/** 2024-01-01T00:00:00Z. */
export const SNOWFLAKE_EPOCH = 1704067200000;

/** A monotonic snowflake generator. */
export class SnowflakeGenerator {
  private lastMs = 0;
  private seq = 0;
  private readonly worker: number;
  /** The last target of {@link fill} and its Int32 view (a prepared INSERT fills one id at a time). */
  private viewOf: BigInt64Array | null = null;
  private words: Int32Array | null = null;
  /** Where the last {@link reserve} started (fields, not an object: it runs once per inserted batch). */
  private startMs = 0;
  private startSeq = 0;
  /** The engine's clock (milliseconds since the epoch): ids and stream-row insert times read it. */
  readonly clock: () => number;

  /**
   * With the default clock, ids reserved one at a time (a prepared INSERT per row) read the
   * clock once per {@link CLOCK_EVERY} reservations: ids stay unique and increasing, their time
   * part lags by at most those few inserts. An injected clock is read every time.
   */
  private readonly coarse: boolean;
  private sinceClock = 0;
  /** The millisecond of the last single id written by {@link fill}, and its two words without the sequence. */
  private wordMs = -1;
  private wordHi = 0;
  private wordLo = 0;

  constructor(worker = 1, clock: () => number = Date.now) {
    this.worker = worker & 0x3ff;
    this.clock = clock;
    this.coarse = clock === Date.now;
  }

  /** Reserves `count` consecutive ids; sets `startMs`/`startSeq` to where they start. */
  private reserve(count: number): void {
    let ms: number;
    if (this.coarse && count === 1 && this.sinceClock < CLOCK_EVERY && this.lastMs > 0 && this.seq < 4096) {
      this.sinceClock++;
      ms = this.lastMs;
    } else {
      this.sinceClock = 0;
      ms = this.clock() - SNOWFLAKE_EPOCH;
    }
    if (ms <= this.lastMs) ms = this.lastMs;
    else this.seq = 0;
    if (this.seq + count > 4096) {
      // spread the batch over following logical milliseconds
      const startMs = this.seq === 0 ? ms : ms + 1;
      this.lastMs = startMs + Math.floor((count - 1) / 4096);
      this.seq = ((count - 1) % 4096) + 1;
      this.startMs = startMs;
      this.startSeq = 0;
      return;
    }
    this.startMs = ms;
    this.startSeq = this.seq;
    this.lastMs = ms;
    this.seq += count;
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
    this.reserve(1);
    return (BigInt(this.startMs) << 22n) | (BigInt(this.worker) << 12n) | BigInt(this.startSeq);
  }

  /** Drops the cached view of the last target of {@link fill} (its table was dropped: the column must not stay alive here). */
  forget(): void {
    this.viewOf = null;
    this.words = null;
  }

  /**
   * Writes `count` increasing ids into a BigInt64Array starting at `at`, without allocating a
   * BigInt per id: the two 32-bit halves are computed with number arithmetic and stored through
   * an Int32Array view (little-endian, as on every platform browsers run on).
   */
  fill(target: BigInt64Array, at: number, count: number): void {
    if (count === 0) return;
    this.reserve(count);
    let ms = this.startMs, seq = this.startSeq;
    let words = this.words;
    if (this.viewOf !== target || words === null) {
      words = new Int32Array(target.buffer, target.byteOffset, target.length * 2);
      this.viewOf = target;
      this.words = words;
    }
    if (count === 1) {
      // a prepared INSERT writes one id per call, mostly in the millisecond of the last one
      if (ms !== this.wordMs) {
        this.wordMs = ms;
        this.wordHi = Math.floor(ms / 1024);
        this.wordLo = (ms % 1024) * 4194304 + (this.worker << 12);
      }
      words[at * 2] = (this.wordLo + seq) | 0;
      words[at * 2 + 1] = this.wordHi;
      return;
    }
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
