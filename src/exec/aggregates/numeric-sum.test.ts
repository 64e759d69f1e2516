import { describe, expect, it } from 'vitest';
import { groupAggregate } from './test-support.ts';

/** Text of the scaled integer `v` at `scale` decimals. */
function text(v: bigint, scale: number): string {
  const neg = v < 0n;
  const s = (neg ? -v : v).toString().padStart(scale + 1, '0');
  return `${neg ? '-' : ''}${s.slice(0, s.length - scale)}.${s.slice(s.length - scale)}`;
}

describe('numeric SUM past 2^53 (exact limb sums)', () => {
  it('per group, with NULLs, mixed signs and a FILTER: equal to bigint sums', () => {
    const n = 20_000;
    let seed = 7;
    const rnd = () => { seed = (Math.imul(seed, 1103515245) + 12345) >>> 0; return seed / 2 ** 32; };
    const values: (string | null)[] = [], gids: number[] = [], filter: boolean[] = [];
    const want = [0n, 0n, 0n], wantAll = [0n, 0n, 0n];
    for (let i = 0; i < n; i++) {
      const g = i % 3;
      // scaled integers up to ~9e14 at scale 6: the sums pass 2^53 after a few dozen rows
      const v = BigInt(Math.floor(rnd() * 9e14)) * (rnd() < 0.2 ? -1n : 1n);
      const isNull = rnd() < 0.05;
      const pass = rnd() < 0.9;
      values.push(isNull ? null : text(v, 6));
      gids.push(g);
      filter.push(pass);
      if (!isNull) { wantAll[g] = wantAll[g]! + v; if (pass) want[g] = want[g]! + v; }
    }
    expect(wantAll[0]! > 2n ** 53n).toBe(true);
    const arg = ['numeric', values] as const;
    expect(groupAggregate('sum', [arg], n, { gids }).values).toEqual(wantAll.map((v) => text(v, 6)));
    expect(groupAggregate('sum', [arg], n, { gids, filter }).values).toEqual(want.map((v) => text(v, 6)));
    // no NULLs, no FILTER (the tight loop), overflowing mid-way
    const dense = values.map((x) => x ?? '0.000000');
    expect(groupAggregate('sum', [['numeric', dense]], n, { gids }).values).toEqual(wantAll.map((v) => text(v, 6)));
    expect(groupAggregate('sum', [['numeric', dense]], n).values).toEqual([text(wantAll[0]! + wantAll[1]! + wantAll[2]!, 6)]);
  });

  it('values just below 2^53 and their negatives; NaN and Infinity still win', () => {
    const max = 2n ** 53n - 1n;
    const vals = [text(max, 2), text(max, 2), text(-max, 2), text(max, 2), '0.01'];
    expect(groupAggregate('sum', [['numeric', vals]], 5).values).toEqual([text(2n * max + 1n, 2)]);
    expect(groupAggregate('sum', [['numeric', [...vals, 'NaN']]], 6).values).toEqual(['NaN']);
    expect(groupAggregate('sum', [['numeric', [...vals, 'Infinity']]], 6).values).toEqual(['Infinity']);
    expect(groupAggregate('avg', [['numeric', [text(max, 0), text(max, 0)]]], 2).values).toEqual([`${max}.0000`]); // PostgreSQL: 16 significant digits
  });
});
