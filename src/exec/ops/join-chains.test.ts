import { describe, expect, it } from 'vitest';
import type { ExecContext } from '../context.ts';
import { vectorFromValues, type Batch, type JsValue, type Vector } from '../../types/vector.ts';
import type { DataType } from '../../types/data-type.ts';
import { buildChains, semiJoinHits, type JoinChains } from './join-chains.ts';

const CTX = { checkpoint: () => undefined } as unknown as ExecContext;

function vec(type: DataType, values: readonly JsValue[]): Vector {
  return vectorFromValues(type, values);
}

/** Every chain as lists of build rows per probe row. */
function chainLists(c: JoinChains): number[][] {
  return Array.from(c.first, (j0) => {
    const out: number[] = [];
    for (let j = j0; j !== -1; j = c.next[j]!) out.push(j);
    return out;
  });
}

/** The naive reference: build rows with an equal, non-NULL key, ascending. */
function naive(build: readonly JsValue[], probe: readonly JsValue[]): number[][] {
  return probe.map((p) => (p === null ? [] : build.flatMap((b, j) => (b !== null && b === p ? [j] : []))));
}

describe('buildChains', () => {
  const build = [5, null, 7, 5, 9, 5, null, 7];
  const probe = [5, 7, null, 8, 9, 5];
  it('dense integer keys: chains in ascending row order, NULLs match nothing', () => {
    const c = buildChains([vec('integer', build)], build.length, [vec('integer', probe)], probe.length);
    expect(chainLists(c)).toEqual(naive(build, probe));
    expect(c.unique).toBe(false);
  });
  it('integer keys over a wide range use the hash table and agree', () => {
    const wide = build.map((x) => (x === null ? null : x * 100_000_000));
    const wp = probe.map((x) => (x === null ? null : x * 100_000_000));
    const c = buildChains([vec('integer', wide)], wide.length, [vec('integer', wp)], wp.length);
    expect(chainLists(c)).toEqual(naive(wide, wp));
    expect(c.unique).toBe(false);
  });
  it('negative keys and keys outside the build range', () => {
    const b = [-3, -1, -3, 2147483647];
    const p = [-3, -2, 2147483647, -2147483648, 0];
    const c = buildChains([vec('integer', b)], b.length, [vec('integer', p)], p.length);
    expect(chainLists(c)).toEqual(naive(b, p));
  });
  it('text keys (Map path) and uniqueness', () => {
    const b = ['a', 'b', null, 'c'];
    const p = ['c', 'a', null, 'z'];
    const c = buildChains([vec('text', b)], b.length, [vec('text', p)], p.length);
    expect(chainLists(c)).toEqual(naive(b, p));
    expect(c.unique).toBe(true);
  });
  it('unique integer keys; empty sides', () => {
    const c = buildChains([vec('integer', [3, 1, 2])], 3, [vec('integer', [2, 4])], 2);
    expect(c.unique).toBe(true);
    expect(chainLists(c)).toEqual([[2], []]);
    expect(chainLists(buildChains([vec('integer', [])], 0, [vec('integer', [1, null])], 2))).toEqual([[], []]);
    expect(buildChains([vec('integer', [1, 1])], 2, [vec('integer', [])], 0).first.length).toBe(0);
    // only NULL build keys
    expect(chainLists(buildChains([vec('integer', [null, null])], 2, [vec('integer', [1])], 1))).toEqual([[]]);
  });
  it('a small build side over a range as wide as the probe side, across chunks, agrees with the naive join', () => {
    // 50 build keys spread over 0..49,000 (wider than 4x the build rows, within the probe length)
    const b: JsValue[] = Array.from({ length: 50 }, (_, j) => (j === 7 ? null : (j * 997) % 49_000));
    b.push(b[3]!, b[10]!); // duplicates, linked after the earlier rows
    const p: JsValue[] = Array.from({ length: 40_000 }, (_, i) => (i % 101 === 0 ? null : (i * 7919) % 49_001));
    const c = buildChains([vec('integer', b)], b.length, [vec('integer', p)], p.length);
    expect(chainLists(c)).toEqual(naive(b, p));
    expect(c.unique).toBe(false);
  });
});

/** The naive reference for composite keys: build rows whose every part equals and is not NULL. */
function naiveMulti(build: readonly (readonly JsValue[])[], probe: readonly (readonly JsValue[])[]): number[][] {
  const rows = (cols: readonly (readonly JsValue[])[]) => cols[0]!.map((_, i) => cols.map((c): JsValue => c[i] ?? null));
  const br = rows(build);
  return rows(probe).map((p) => (p.includes(null) ? [] : br.flatMap((b, j) => (b.every((x, k) => x !== null && x === p[k]) ? [j] : []))));
}

/** A deterministic pseudo-random integer column with some NULLs. */
function column(n: number, range: number, seed: number, nullEvery = 0): JsValue[] {
  let x = seed;
  return Array.from({ length: n }, (_, i) => {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    return nullEvery > 0 && i % nullEvery === nullEvery - 1 ? null : x % range;
  });
}

describe('buildChains on several integer key columns', () => {
  it('two columns: composite matches, NULL parts and values absent from the build side match nothing', () => {
    const build = [column(3000, 40, 1, 97), column(3000, 30, 2)];
    const probe = [column(5000, 45, 3), column(5000, 33, 4, 89)];
    const c = buildChains(build.map((v) => vec('integer', v)), 3000, probe.map((v) => vec('integer', v)), 5000);
    expect(chainLists(c)).toEqual(naiveMulti(build, probe));
    expect(c.unique).toBe(false);
  });
  it('unique composite keys are reported unique (dates and smallints combine too)', () => {
    const a = [1, 1, 2, 2, null], d = [10, 11, 10, 11, 10];
    const c = buildChains([vec('smallint', a), vec('date', d)], 5, [vec('smallint', [2, 1, 2]), vec('date', [11, 10, 12])], 3);
    expect(c.unique).toBe(true);
    expect(chainLists(c)).toEqual([[3], [0], []]);
  });
  it('three wide columns whose id product leaves 32 bits are densified between columns', () => {
    const build = [column(4000, 3000, 5, 50), column(4000, 3000, 6), column(4000, 3000, 7, 70)];
    // probe rows: the build rows themselves (so most match), then unrelated rows
    const probe = build.map((col, k) => [...col, ...column(2000, 3000, 8 + k)]);
    const c = buildChains(build.map((v) => vec('integer', v)), 4000, probe.map((v) => vec('integer', v)), 6000);
    expect(chainLists(c)).toEqual(naiveMulti(build, probe));
  });
});

describe('semiJoinHits', () => {
  /** Residual over pairs [probe value, build value]: `pred` per pair; counts the pairs it saw. */
  function residual(probe: readonly JsValue[], build: readonly JsValue[], pred: (a: JsValue, b: JsValue) => boolean | null) {
    const seen = { pairs: 0 };
    const pairs = (li: Int32Array, ri: Int32Array, n: number): Batch => ({
      length: n,
      columns: [
        vec('integer', Array.from(li.subarray(0, n), (i) => probe[i]!)),
        vec('integer', Array.from(ri.subarray(0, n), (j) => build[j]!)),
      ],
    });
    const filter = (b: Batch): Int32Array => {
      seen.pairs += b.length;
      const out: number[] = [];
      const x = b.columns[0]!, y = b.columns[1]!;
      for (let k = 0; k < b.length; k++) {
        const a = x.nulls?.[k] === 1 ? null : (x.data as Int32Array)[k]!;
        const c = y.nulls?.[k] === 1 ? null : (y.data as Int32Array)[k]!;
        if (pred(a, c) === true) out.push(k);
      }
      return Int32Array.from(out);
    };
    return { seen, pairs, filter };
  }

  it('without a residual a chain head is a match', () => {
    const c = buildChains([vec('integer', [1, 1, 2])], 3, [vec('integer', [1, 3, null, 2])], 4);
    expect(Array.from(semiJoinHits(c, null, () => ({ length: 0, columns: [] }), CTX))).toEqual([1, 0, 0, 1]);
  });

  it('residual with NULLs: NULL is not a match; matches the naive semi join', () => {
    const keysB = [1, 1, 1, 2, 2, null, 3];
    const valsB: JsValue[] = [10, null, 30, 10, 10, 10, null];
    const keysP = [1, 1, 2, 3, null, 4, 2];
    const valsP: JsValue[] = [10, null, 10, 5, 1, 1, 7];
    const ne = (a: JsValue, b: JsValue) => (a === null || b === null ? null : a !== b);
    const r = residual(valsP, valsB, ne);
    const c = buildChains([vec('integer', keysB)], keysB.length, [vec('integer', keysP)], keysP.length);
    const hit = Array.from(semiJoinHits(c, r.filter, r.pairs, CTX));
    const expected = keysP.map((k, i) => (k !== null && keysB.some((kb, j) => kb === k && ne(valsP[i]!, valsB[j]!) === true) ? 1 : 0));
    expect(hit).toEqual(expected);
    expect(expected).toEqual([1, 0, 0, 0, 0, 0, 1]);
  });

  it('stops at the first match: a long chain whose first pair passes costs one pair', () => {
    const n = 5000;
    const keysB = new Array<JsValue>(n).fill(7);
    const valsB = Array.from({ length: n }, (_, j) => j);
    const r = residual([0], valsB, (a, b) => a !== b);
    const c = buildChains([vec('integer', keysB)], n, [vec('integer', [7])], 1);
    // first candidate (0) equals the probe value; the second passes
    expect(Array.from(semiJoinHits(c, r.filter, r.pairs, CTX))).toEqual([1]);
    expect(r.seen.pairs).toBeLessThanOrEqual(3);
  });

  it('a match at the end of a long chain is found; work stays within twice the chain', () => {
    const n = 3000;
    const keysB = new Array<JsValue>(n).fill(1);
    const valsB = Array.from({ length: n }, (_, j) => (j === n - 1 ? 99 : 0));
    const r = residual([99, 5], valsB, (a, b) => a === b);
    const c = buildChains([vec('integer', keysB)], n, [vec('integer', [1, 1])], 2);
    expect(Array.from(semiJoinHits(c, r.filter, r.pairs, CTX))).toEqual([1, 0]);
    expect(r.seen.pairs).toBe(2 * n); // both rows read the whole chain, nothing twice
  });

  it('many probe rows with duplicates on both sides (more pairs than one batch)', () => {
    const keysB: JsValue[] = [], valsB: JsValue[] = [];
    for (let j = 0; j < 40_000; j++) { keysB.push(j % 1000); valsB.push(j % 13 === 0 ? null : j % 5); }
    const keysP: JsValue[] = [], valsP: JsValue[] = [];
    for (let i = 0; i < 30_000; i++) { keysP.push(i % 1500 === 7 ? null : i % 1500); valsP.push(i % 11 === 0 ? null : i % 6); }
    const lt = (a: JsValue, b: JsValue) => (a === null || b === null ? null : (a as number) < (b as number));
    const r = residual(valsP, valsB, lt);
    const c = buildChains([vec('integer', keysB)], keysB.length, [vec('integer', keysP)], keysP.length);
    const hit = semiJoinHits(c, r.filter, r.pairs, CTX);
    // reference by key: the largest non-NULL value per build key
    const maxByKey = new Map<number, number>();
    for (let j = 0; j < keysB.length; j++) {
      const v = valsB[j];
      if (v !== null) maxByKey.set(keysB[j] as number, Math.max(maxByKey.get(keysB[j] as number) ?? -1, v as number));
    }
    let mismatches = 0, hits = 0;
    for (let i = 0; i < keysP.length; i++) {
      const k = keysP[i], v = valsP[i];
      const want = k !== null && v !== null && (maxByKey.get(k as number) ?? -1) > (v as number) ? 1 : 0;
      if (hit[i] !== want) mismatches++;
      hits += want;
    }
    expect(mismatches).toBe(0);
    expect(hits).toBeGreaterThan(5_000);
    expect(hits).toBeLessThan(keysP.length);
  });
});
