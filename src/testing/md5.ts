/**
 * A small, dependency-free MD5 (RFC 1321) over the UTF-8 encoding of strings, written in
 * plain TypeScript so it runs in browsers and workers as well as Node (no `node:crypto`).
 *
 * Used by the sqllogictest runner to check `N values hashing to <md5>` result lines, which
 * hash every rendered value followed by `'\n'`. The hasher is incremental: feed it one value
 * at a time with {@link Md5.update} instead of building one large string.
 *
 * MD5 is used here only as a checksum for test results, never for security.
 */

/** Per-step left-rotation amounts, 4 rounds × 16 steps. */
const S = new Uint8Array([
  7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22,
  5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20,
  4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23,
  6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21,
]);

/** Per-step additive constants: floor(abs(sin(i + 1)) × 2^32), as signed 32-bit integers. */
const K = new Int32Array(64);
for (let i = 0; i < 64; i++) K[i] = Math.floor(Math.abs(Math.sin(i + 1)) * 0x100000000) | 0;

/** Message word used by each step. */
const G = new Uint8Array(64);
for (let i = 0; i < 64; i++) {
  G[i] = i < 16 ? i : i < 32 ? (5 * i + 1) & 15 : i < 48 ? (3 * i + 5) & 15 : (7 * i) & 15;
}

const HEX = '0123456789abcdef';

/**
 * Incremental MD5 hasher. Strings are hashed as UTF-8 (lone surrogates become U+FFFD, like
 * `TextEncoder`); bytes are hashed as given.
 *
 * @example
 * ```ts
 * const h = new Md5();
 * for (const v of ['1', '2']) h.update(v).update('\n');
 * h.hex(); // md5 of "1\n2\n"
 * ```
 */
export class Md5 {
  private a = 0x67452301;
  private b = 0xefcdab89 | 0;
  private c = 0x98badcfe | 0;
  private d = 0x10325476;
  private readonly buf = new Uint8Array(64);
  private readonly words = new Int32Array(16);
  private len = 0;
  private total = 0;
  private done = false;

  /** Appends the UTF-8 encoding of `s`. Returns `this` for chaining. */
  update(s: string): this {
    if (this.done) throw new Error('Md5: update() after digest');
    const buf = this.buf;
    let len = this.len;
    const n = s.length;
    for (let i = 0; i < n; i++) {
      let code = s.charCodeAt(i);
      if (code < 0x80) {
        buf[len++] = code;
        if (len === 64) { this.block(); len = 0; }
        continue;
      }
      if (code >= 0xd800 && code <= 0xdfff) {
        const next = i + 1 < n ? s.charCodeAt(i + 1) : 0;
        if (code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
          code = 0x10000 + ((code - 0xd800) << 10) + (next - 0xdc00);
          i++;
        } else {
          code = 0xfffd;
        }
      }
      this.len = len;
      if (code < 0x800) {
        this.byte(0xc0 | (code >> 6));
        this.byte(0x80 | (code & 63));
      } else if (code < 0x10000) {
        this.byte(0xe0 | (code >> 12));
        this.byte(0x80 | ((code >> 6) & 63));
        this.byte(0x80 | (code & 63));
      } else {
        this.byte(0xf0 | (code >> 18));
        this.byte(0x80 | ((code >> 12) & 63));
        this.byte(0x80 | ((code >> 6) & 63));
        this.byte(0x80 | (code & 63));
      }
      len = this.len;
    }
    this.len = len;
    return this;
  }

  /** Appends raw bytes. Returns `this` for chaining. */
  updateBytes(bytes: Uint8Array): this {
    if (this.done) throw new Error('Md5: update() after digest');
    const buf = this.buf;
    let len = this.len;
    for (let i = 0; i < bytes.length; i++) {
      buf[len++] = bytes[i]!;
      if (len === 64) { this.block(); len = 0; }
    }
    this.len = len;
    return this;
  }

  /** Finishes the hash and returns the 16-byte digest. The hasher cannot be updated afterwards. */
  digest(): Uint8Array {
    if (!this.done) this.finish();
    const out = new Uint8Array(16);
    const st = [this.a, this.b, this.c, this.d];
    for (let i = 0; i < 4; i++) {
      const w = st[i]!;
      out[i * 4] = w & 255;
      out[i * 4 + 1] = (w >>> 8) & 255;
      out[i * 4 + 2] = (w >>> 16) & 255;
      out[i * 4 + 3] = (w >>> 24) & 255;
    }
    return out;
  }

  /** Finishes the hash and returns it as 32 lowercase hex digits. */
  hex(): string {
    const d = this.digest();
    let s = '';
    for (let i = 0; i < 16; i++) s += HEX[d[i]! >> 4]! + HEX[d[i]! & 15]!;
    return s;
  }

  private byte(v: number): void {
    this.buf[this.len++] = v;
    if (this.len === 64) { this.block(); this.len = 0; }
  }

  private finish(): void {
    // Total message length in bits: full blocks already hashed plus the pending bytes.
    const bytes = this.total + this.len;
    this.byte(0x80);
    while (this.len !== 56) this.byte(0);
    const lo = (bytes * 8) % 0x100000000;
    const hi = Math.floor(bytes / 0x20000000);
    const buf = this.buf;
    buf[56] = lo & 255; buf[57] = (lo >>> 8) & 255; buf[58] = (lo >>> 16) & 255; buf[59] = (lo >>> 24) & 255;
    buf[60] = hi & 255; buf[61] = (hi >>> 8) & 255; buf[62] = (hi >>> 16) & 255; buf[63] = (hi >>> 24) & 255;
    this.block(true);
    this.done = true;
  }

  /** Hashes the 64 bytes in `buf`; `last` marks the padding block, which does not count as message. */
  private block(last = false): void {
    if (!last) this.total += 64;
    const buf = this.buf;
    const x = this.words;
    for (let i = 0, j = 0; i < 16; i++, j += 4) {
      x[i] = buf[j]! | (buf[j + 1]! << 8) | (buf[j + 2]! << 16) | (buf[j + 3]! << 24);
    }
    let a = this.a, b = this.b, c = this.c, d = this.d;
    for (let i = 0; i < 64; i++) {
      let f: number;
      if (i < 16) f = (b & c) | (~b & d);
      else if (i < 32) f = (d & b) | (~d & c);
      else if (i < 48) f = b ^ c ^ d;
      else f = c ^ (b | ~d);
      const t = (a + f + K[i]! + x[G[i]!]!) | 0;
      const s = S[i]!;
      a = d; d = c; c = b;
      b = (b + ((t << s) | (t >>> (32 - s)))) | 0;
    }
    this.a = (this.a + a) | 0;
    this.b = (this.b + b) | 0;
    this.c = (this.c + c) | 0;
    this.d = (this.d + d) | 0;
  }
}

/**
 * MD5 of a string (hashed as UTF-8) or of bytes, as 32 lowercase hex digits.
 *
 * @example
 * ```ts
 * md5Hex('abc'); // '900150983cd24fb0d6963f7d28e17f72'
 * ```
 */
export function md5Hex(input: string | Uint8Array): string {
  const h = new Md5();
  return (typeof input === 'string' ? h.update(input) : h.updateBytes(input)).hex();
}
