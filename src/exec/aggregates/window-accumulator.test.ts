import { describe, expect, it } from 'vitest';
import type { DataType } from '../../types/data-type.ts';
import type { JsValue } from '../../types/vector.ts';
import { frameAggregate, slideAggregate, type Arg } from './test-support.ts';

/** A small deterministic generator (tests must not depend on Math.random). */
function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13; x ^= x >>> 17; x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
}

/** Frames that move forward over `n` positions: starts and ends never decrease. */
function movingFrames(r: () => number, n: number): [number, number][] {
  const out: [number, number][] = [];
  let s = 0, e = 0;
  for (let k = 0; k < n; k++) {
    if (r() < 0.6) e = Math.min(n, e + Math.floor(r() * 4));
    if (r() < 0.5) s = Math.min(e, s + Math.floor(r() * 3));
    if (r() < 0.05) { s = Math.min(n, e + 1); e = Math.min(n, s + 2); } // a jump past the last frame
    out.push([s, e]);
  }
  return out;
}

function column(r: () => number, type: DataType, n: number): JsValue[] {
  return Array.from({ length: n }, () => {
    if (r() < 0.15) return null;
    const i = Math.floor(r() * 200) - 100;
    switch (type) {
      case 'integer': case 'smallint': return i;
      case 'bigint': return BigInt(i) * 1_000_000_000_000n;
      case 'double': return r() < 0.03 ? [Infinity, -Infinity, Number.NaN][Math.floor(r() * 3)]! : i / 8;
      case 'real': return Math.fround(i / 4);
      case 'numeric': return r() < 0.03 ? 'NaN' : `${i}.${'5'.repeat(Math.floor(r() * 3))}`;
      case 'text': return String.fromCharCode(97 + ((i + 100) % 26)).repeat(1 + (i & 1));
      case 'boolean': return i > 0;
      default: return i;
    }
  });
}

/** Equal, or both floating point and close (sliding float sums are compensated, not sequential). */
function close(a: JsValue, b: JsValue): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a === 'number' && typeof b === 'number') return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
  return false;
}

const CASES: readonly (readonly [string, readonly DataType[]])[] = [
  ['count(*)', []], ['count', ['integer']], ['count', ['text']],
  ['sum', ['integer']], ['sum', ['smallint']], ['sum', ['bigint']], ['sum', ['double']], ['sum', ['real']], ['sum', ['numeric']],
  ['avg', ['integer']], ['avg', ['double']], ['avg', ['numeric']], ['total', ['integer']], ['total', ['double']],
  ['min', ['integer']], ['max', ['integer']], ['min', ['text']], ['max', ['text']], ['min', ['double']], ['max', ['double']], ['max', ['numeric']], ['min', ['numeric']],
  ['bool_and', ['boolean']], ['bool_or', ['boolean']], ['string_agg', ['text', 'text']],
];

describe('window accumulators agree with computing each frame whole', () => {
  for (const [name, types] of CASES) {
    it(`${name}(${types.join(', ')})`, () => {
      for (let seed = 1; seed <= 6; seed++) {
        const r = rng(seed * 7919 + name.length);
        const n = 60;
        const args: Arg[] = types.map((t, i) => [t, i === 1 ? Array.from({ length: n }, (_, k) => (k % 3 === 0 ? null : '-')) : column(r, t, n)]);
        const frames = movingFrames(r, n);
        const filter = seed % 2 === 0 ? Array.from({ length: n }, () => r() < 0.8) : undefined;
        const order = seed % 3 === 0 ? Array.from({ length: n }, (_, i) => (i * 37) % n) : undefined;
        const opts = { ...(filter ? { filter } : {}), ...(order ? { order } : {}) };
        const want = frameAggregate(name, args, n, frames, opts);
        const got = slideAggregate(name, args, n, frames, opts);
        const bad = got.flatMap((g, i) => (close(g, want[i]!) ? [] : [`frame ${frames[i]!.join('..')}: ${String(g)} vs ${String(want[i])}`]));
        expect(bad).toEqual([]);
      }
    });
  }

  it('numeric sums keep the largest display scale still in the frame', () => {
    const x: Arg = ['numeric', ['1.500', '2', '3.25', '4']];
    expect(slideAggregate('sum', [x], 4, [[0, 2], [1, 3], [2, 4], [3, 4]])).toEqual(['3.500', '5.25', '7.25', '4']);
  });

  it('sums of integers past 2^53 stay exact, and a bigint overflow is 22003', () => {
    const big: Arg = ['integer', Array.from({ length: 8 }, () => 2147483647)];
    expect(slideAggregate('sum', [big], 8, [[0, 8], [1, 8]])).toEqual([17179869176n, 15032385529n]);
    const x: Arg = ['bigint', [9223372036854775807n, 1n, -5n]];
    expect(slideAggregate('sum', [x], 3, [[0, 2], [1, 3]])).toEqual(['9223372036854775808', '-4']);
  });

  it('floating-point sums add in window order until a value leaves', () => {
    const x: Arg = ['double', [0.1, 0.2, 0.3, 1e300, -1e300, 1]];
    // growing: PostgreSQL's sequential sum (0.1 + 0.2 + 0.3 = 0.6000000000000001)
    expect(slideAggregate('sum', [x], 6, [[0, 3]])).toEqual([0.6000000000000001]);
    // sliding past huge values loses nothing
    expect(slideAggregate('sum', [x], 6, [[0, 6], [5, 6]])).toEqual([1, 1]);
  });
});
