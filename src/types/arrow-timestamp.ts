/**
 * TIMESTAMP columns in Arrow: int64 microseconds since 1970 (sub-millisecond digits survive),
 * ±infinity as INT64_MAX / INT64_MIN (PostgreSQL's DT_NOEND / DT_NOBEGIN). PostgreSQL's range
 * ends in 294276 AD, past what int64 microseconds since 1970 hold (294247 AD): a column holding
 * such a timestamp is written in milliseconds instead (Arrow readers honour the unit).
 */
import { TimestampMicrosecond, TimestampMillisecond, makeData, type Data } from 'apache-arrow';

const TWO_32 = 4294967296;

/** The largest |ms| whose microseconds fit in an int64 (with room below INT64_MAX for +infinity). */
const MICROS_LIMIT_MS = 9223372036854774;

/** Writes float milliseconds as int64 units (`perMs` units per ms), without a BigInt per row. */
function toInt64(ms: Float64Array, length: number, perMs: number): BigInt64Array {
  const out = new BigInt64Array(length);
  const words = new Uint32Array(out.buffer, out.byteOffset, length * 2); // little-endian halves
  for (let i = 0; i < length; i++) {
    const u = Math.round(ms[i]! * perMs);
    if (!Number.isFinite(u)) {
      // ±infinity as INT64_MAX / INT64_MIN (NaN, never stored, as 0)
      words[2 * i] = u > 0 ? 0xffffffff : 0;
      words[2 * i + 1] = u > 0 ? 0x7fffffff : u < 0 ? 0x80000000 : 0;
      continue;
    }
    const hi = Math.floor(u / TWO_32);
    words[2 * i] = u - hi * TWO_32;
    words[2 * i + 1] = hi >>> 0;
  }
  return out;
}

/**
 * The Arrow data of a timestamp vector's first `length` values (NULL positions as given).
 *
 * @example
 * ```ts
 * timestampData(Float64Array.of(1.5, Infinity), 2, 0).type.toString(); // 'Timestamp<MICROSECOND>'
 * ```
 */
export function timestampData(ms: Float64Array, length: number, nullCount: number, nullBitmap?: Uint8Array): Data {
  let micros = true;
  for (let i = 0; i < length; i++) {
    const x = ms[i]!;
    if (Number.isFinite(x) && (x > MICROS_LIMIT_MS || x < -MICROS_LIMIT_MS)) { micros = false; break; }
  }
  const type = micros ? new TimestampMicrosecond() : new TimestampMillisecond();
  return makeData({ type, length, nullCount, nullBitmap, data: toInt64(ms, length, micros ? 1000 : 1) });
}

/**
 * Reads int64 timestamps in `unit` (0 s, 1 ms, 2 µs, 3 ns) as float milliseconds into `out` at
 * `at`; INT64_MAX / INT64_MIN are ±infinity.
 */
export function readTimestamps(values: BigInt64Array, n: number, unit: number, out: Float64Array, at: number): void {
  const scale = unit === 0 ? 1000 : unit === 1 ? 1 : unit === 2 ? 1e-3 : 1e-6;
  const w = new Int32Array(values.buffer, values.byteOffset, n * 2);
  for (let i = 0; i < n; i++) {
    // hi·2³² + lo, read as two 32-bit halves: no BigInt per row
    const hi = w[2 * i + 1]!, lo = w[2 * i]! >>> 0;
    out[at + i] = hi === 0x7fffffff && lo === 0xffffffff ? Infinity : hi === -0x80000000 && lo === 0 ? -Infinity : (hi * TWO_32 + lo) * scale;
  }
}
