import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Md5, md5Hex } from './md5.ts';

const nodeMd5 = (data: string | Uint8Array): string => createHash('md5').update(data).digest('hex');

describe('md5', () => {
  it('matches the RFC 1321 test suite', () => {
    expect(md5Hex('')).toBe('d41d8cd98f00b204e9800998ecf8427e');
    expect(md5Hex('a')).toBe('0cc175b9c0f1b6a831c399e269772661');
    expect(md5Hex('abc')).toBe('900150983cd24fb0d6963f7d28e17f72');
    expect(md5Hex('message digest')).toBe('f96b697d7cb7938d525a2f31aaf161d0');
    expect(md5Hex('abcdefghijklmnopqrstuvwxyz')).toBe('c3fcd3d76192e4007dfb496cca67e13b');
    expect(md5Hex('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'))
      .toBe('d174ab98d277d9f5a5611c2c9f419d9f');
    expect(md5Hex('1234567890'.repeat(8))).toBe('57edf4a22be3c955ac49da2e2107b67a');
  });

  it('hashes a 1,000,000-character string', () => {
    expect(md5Hex('a'.repeat(1_000_000))).toBe('7707d6ae4e027c70eea2a935c2296f21');
  });

  it('agrees with node:crypto around every block and padding boundary', () => {
    for (let n = 0; n <= 200; n++) {
      let s = '';
      for (let i = 0; i < n; i++) s += String.fromCharCode(32 + ((i * 7 + n) % 95));
      expect(md5Hex(s), `length ${n}`).toBe(nodeMd5(s));
    }
  });

  it('is incremental: any split of the input gives the same digest', () => {
    const s = 'The quick brown fox jumps over the lazy dog. '.repeat(5);
    const whole = md5Hex(s);
    for (const step of [1, 3, 7, 55, 56, 63, 64, 65, 100]) {
      const h = new Md5();
      for (let i = 0; i < s.length; i += step) h.update(s.slice(i, i + step));
      expect(h.hex(), `step ${step}`).toBe(whole);
    }
    expect(whole).toBe(nodeMd5(s));
  });

  it('hashes strings as UTF-8, surrogate pairs included, lone surrogates as U+FFFD', () => {
    for (const s of ['é', 'naïve café', '€100', '日本語テキスト', '😀 grin', 'x😀'.repeat(40), '\u0000\u007f\u0080\u07ff\u0800\uffff']) {
      expect(md5Hex(s), s).toBe(nodeMd5(new TextEncoder().encode(s)));
    }
    // Lone surrogates encode as U+FFFD (EF BF BD), like TextEncoder.
    expect(md5Hex('a\ud800b')).toBe(nodeMd5(new TextEncoder().encode('a\ud800b')));
    expect(md5Hex('\udc00')).toBe(nodeMd5(new Uint8Array([0xef, 0xbf, 0xbd])));
  });

  it('hashes raw bytes, mixed with strings', () => {
    const bytes = new Uint8Array(300);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 31) & 255;
    expect(md5Hex(bytes)).toBe(nodeMd5(bytes));
    const h = new Md5().update('head').updateBytes(bytes).update('tail');
    expect(h.hex()).toBe(createHash('md5').update('head').update(bytes).update('tail').digest('hex'));
  });

  it('returns a 16-byte digest and refuses updates after finishing', () => {
    const h = new Md5().update('abc');
    const d = h.digest();
    expect(d).toHaveLength(16);
    expect(Array.from(d, (b) => b.toString(16).padStart(2, '0')).join('')).toBe('900150983cd24fb0d6963f7d28e17f72');
    expect(h.hex()).toBe('900150983cd24fb0d6963f7d28e17f72');
    expect(() => h.update('x')).toThrow();
  });

  it('hashes sqllogictest value lists (each value followed by a newline)', () => {
    const h = new Md5();
    for (const v of ['24', '86', '33', '35', '97', '1', '89', '91', '82']) h.update(v).update('\n');
    // From sqllogictest random/select/slt_good_0.test: `SELECT * FROM tab0 AS cor0`, rowsort.
    expect(h.hex()).toBe('38a1673e2e09d694c8cec45c797034a7');
  });
});
