/**
 * Id generators: `snowflake_id()` (bigint, from the session's generator), `uuid_v7()`
 * (RFC 9562 version 7, time-ordered and monotonic within the process), `gen_random_uuid()`
 * (version 4, as PostgreSQL), `ulid()` (26 Crockford base32 characters, monotonic within the
 * same millisecond). All are volatile. Randomness comes from `globalThis.crypto`
 * (WebCrypto, present in browsers, workers and Node 20).
 */
import { DbError } from '../../../errors/db-error.ts';
import { SqlState } from '../../../errors/sqlstate.ts';
import type { Selection, Vector } from '../../../types/vector.ts';
import type { ScalarFunction } from '../function-registry.ts';
import { alias, defineFunction, rowCount, simpleFunction, str } from './common.ts';

/** Fills `buf` with cryptographically strong random bytes (getRandomValues takes ≤ 64 KiB a call). */
function fillRandom(buf: Uint8Array): Uint8Array {
  const c = (globalThis as { crypto?: { getRandomValues(a: Uint8Array): Uint8Array } }).crypto;
  if (c === undefined) throw new DbError(SqlState.FEATURE_NOT_SUPPORTED, 'random number generation is not supported: globalThis.crypto is missing');
  for (let off = 0; off < buf.length; off += 65536) c.getRandomValues(buf.subarray(off, Math.min(buf.length, off + 65536)));
  return buf;
}

const HEX = '0123456789abcdef';
const HEX2: string[] = [];
for (let b = 0; b < 256; b++) HEX2.push(HEX[b >> 4]! + HEX[b & 15]!);

/** Formats 16 bytes at `off` as a canonical lower-case UUID. */
function uuidText(b: Uint8Array, off: number): string {
  let s = '';
  for (let k = 0; k < 16; k++) {
    if (k === 4 || k === 6 || k === 8 || k === 10) s += '-';
    s += HEX2[b[off + k]!]!;
  }
  return s;
}

/** Runs `make(row, k)` for each selected row into a fresh string vector of `type`. */
function generateStrings(type: 'uuid' | 'text', n: number, sel: Selection, bytesPerRow: number,
  make: (rand: Uint8Array, off: number) => string): Vector {
  const m = rowCount(n, sel);
  const rand = fillRandom(new Uint8Array(m * bytesPerRow));
  const out = new Array<string>(n).fill('');
  for (let k = 0; k < m; k++) out[sel === null ? k : sel[k]!] = make(rand, k * bytesPerRow);
  return { type, length: n, data: out, nulls: null };
}

// ───────────────────────────── UUID v7 ─────────────────────────────

/** Last timestamp and 12-bit counter handed out (RFC 9562 §6.2 method 1: counter in rand_a). */
let v7LastMs = 0;
let v7Counter = 0;

function uuidV7(rand: Uint8Array, off: number): string {
  let ms = Date.now();
  if (ms > v7LastMs) {
    v7LastMs = ms;
    v7Counter = ((rand[off]! << 8) | rand[off + 1]!) & 0x7ff; // random start, headroom to count up
  } else {
    ms = v7LastMs;
    v7Counter++;
    if (v7Counter > 0xfff) { // counter exhausted: borrow the next millisecond
      v7LastMs = ++ms;
      v7Counter = 0;
    }
  }
  // 48-bit big-endian timestamp
  const hi = Math.floor(ms / 4294967296);
  const lo = ms >>> 0;
  rand[off] = (hi >>> 8) & 255;
  rand[off + 1] = hi & 255;
  rand[off + 2] = lo >>> 24;
  rand[off + 3] = (lo >>> 16) & 255;
  rand[off + 4] = (lo >>> 8) & 255;
  rand[off + 5] = lo & 255;
  rand[off + 6] = 0x70 | (v7Counter >>> 8); // version 7 + counter high bits
  rand[off + 7] = v7Counter & 255;
  rand[off + 8] = 0x80 | (rand[off + 8]! & 0x3f); // variant 10
  return uuidText(rand, off);
}

const uuidV7Fn = defineFunction({
  name: 'uuid_v7',
  minArgs: 0,
  maxArgs: 0,
  volatile: true,
  resolve: (args) => (args.length === 0 ? { result: 'uuid', args: [] } : null),
  evaluate: (_args, n, sel) => generateStrings('uuid', n, sel, 16, uuidV7),
});

function uuidV4(rand: Uint8Array, off: number): string {
  rand[off + 6] = 0x40 | (rand[off + 6]! & 0x0f);
  rand[off + 8] = 0x80 | (rand[off + 8]! & 0x3f);
  return uuidText(rand, off);
}

const genRandomUuid = defineFunction({
  name: 'gen_random_uuid',
  minArgs: 0,
  maxArgs: 0,
  volatile: true,
  resolve: (args) => (args.length === 0 ? { result: 'uuid', args: [] } : null),
  evaluate: (_args, n, sel) => generateStrings('uuid', n, sel, 16, uuidV4),
});

/** uuid_extract_timestamp(uuid) → timestamp of a version 7 UUID (NULL for other versions). */
const uuidExtractTimestamp = simpleFunction('uuid_extract_timestamp', [{ params: ['uuid'], result: 'timestamp' }], (a) => {
  const s = str(a[0]!);
  return (i) => {
    const u = s[i]!;
    if (u[14] !== '7') return null;
    return parseInt(u.slice(0, 8) + u.slice(9, 13), 16);
  };
});

/** uuid_extract_version(uuid) → smallint (for RFC 9562 variant UUIDs; NULL otherwise). */
const uuidExtractVersion = simpleFunction('uuid_extract_version', [{ params: ['uuid'], result: 'smallint' }], (a) => {
  const s = str(a[0]!);
  return (i) => {
    const u = s[i]!;
    const variant = parseInt(u[19]!, 16);
    if ((variant & 0xc) !== 0x8) return null;
    return parseInt(u[14]!, 16);
  };
});

// ───────────────────────────── ULID ─────────────────────────────

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** The 16 base32 digits (80 bits) of the last ULID's randomness, for monotonic increments. */
const ulidLast = new Uint8Array(16);
let ulidLastMs = -1;

function ulid(rand: Uint8Array, off: number): string {
  let ms = Date.now();
  if (ms > ulidLastMs) {
    ulidLastMs = ms;
    for (let k = 0; k < 16; k++) ulidLast[k] = rand[off + k]! & 31;
  } else {
    ms = ulidLastMs;
    let k = 15;
    while (k >= 0 && ulidLast[k] === 31) { ulidLast[k] = 0; k--; }
    if (k < 0) { // 80-bit overflow within one millisecond: move to the next one
      ulidLastMs = ++ms;
      for (let j = 0; j < 16; j++) ulidLast[j] = rand[off + j]! & 31;
    } else {
      ulidLast[k]!++;
    }
  }
  let t = '';
  let x = ms;
  for (let k = 0; k < 10; k++) {
    t = CROCKFORD[x % 32]! + t;
    x = Math.floor(x / 32);
  }
  for (let k = 0; k < 16; k++) t += CROCKFORD[ulidLast[k]!]!;
  return t;
}

const ulidFn = defineFunction({
  name: 'ulid',
  minArgs: 0,
  maxArgs: 0,
  volatile: true,
  resolve: (args) => (args.length === 0 ? { result: 'text', args: [] } : null),
  evaluate: (_args, n, sel) => generateStrings('text', n, sel, 16, ulid),
});

// ───────────────────────────── snowflake ─────────────────────────────

const snowflakeId = defineFunction({
  name: 'snowflake_id',
  minArgs: 0,
  maxArgs: 0,
  volatile: true,
  resolve: (args) => (args.length === 0 ? { result: 'bigint', args: [] } : null),
  evaluate(_args, n, sel, ctx) {
    const out = new BigInt64Array(n);
    const m = rowCount(n, sel);
    for (let k = 0; k < m; k++) out[sel === null ? k : sel[k]!] = ctx.nextSnowflake();
    return { type: 'bigint', length: n, data: out, nulls: null };
  },
});

/** The id-generator function family. */
export const ID_FUNCTIONS: readonly ScalarFunction[] = [
  snowflakeId, uuidV7Fn, alias(uuidV7Fn, 'uuidv7'), genRandomUuid, alias(genRandomUuid, 'uuidv4'),
  uuidExtractTimestamp, uuidExtractVersion, ulidFn,
];
