import { describe, expect, it } from 'vitest';
import { vectorFromValues, type JsValue, type Vector } from '../../types/vector.ts';
import type { DataType } from '../../types/data-type.ts';
import { groupRows } from './key-table.ts';

/** Reference grouping: composite keys (NULLs equal), ids by first appearance in selection order. */
function naive(cols: readonly JsValue[][], n: number, sel: Int32Array | null): { gids: number[]; first: number[] } {
  const ids = new Map<string, number>();
  const gids: number[] = [], first: number[] = [];
  const m = sel === null ? n : sel.length;
  for (let k = 0; k < m; k++) {
    const i = sel === null ? k : sel[k]!;
    const key = JSON.stringify(cols.map((c) => (c[i] === null ? '\u0000NULL' : String(c[i]))));
    let g = ids.get(key);
    if (g === undefined) { g = first.length; ids.set(key, g); first.push(i); }
    gids.push(g);
  }
  return { gids, first };
}

describe('groupRows over several key columns', () => {
  let seed = 11;
  const rnd = () => { seed = (Math.imul(seed, 1103515245) + 12345) >>> 0; return seed / 2 ** 32; };
  const n = 3000;
  const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const columns: [DataType, JsValue[]][] = [
    ['text', Array.from({ length: n }, () => pick(['A', 'N', 'R', null, '']))],
    ['integer', Array.from({ length: n }, () => pick([1, 2, -7, null, 2147483647]))],
    ['numeric', Array.from({ length: n }, () => pick(['1.5', '1.50', '0', null, '-2.25']))],
    ['double', Array.from({ length: n }, () => pick([0.5, -0, 0, null, 1e300]))],
    ['integer', Array.from({ length: n }, () => Math.floor(rnd() * 400))],
  ];
  const vecs: Vector[] = columns.map(([t, v]) => vectorFromValues(t, v));
  // numeric keys compare by value (1.5 = 1.50), doubles -0 = 0: normalize the reference's keys
  const norm = columns.map(([t, v]) => v.map((x) => (x === null ? null : t === 'numeric' ? String(Number(x)) : t === 'double' ? String(x === 0 ? 0 : x) : x)));

  for (const [label, idx] of [['two columns', [0, 1]], ['three columns', [0, 2, 3]], ['five columns', [0, 1, 2, 3, 4]], ['wide second key', [4, 1, 4]]] as const) {
    for (const withSel of [false, true]) {
      it(`${label}${withSel ? ', through a selection' : ''}: same ids and first rows as composite keys`, () => {
        const sel = withSel ? Int32Array.from({ length: n / 2 }, (_, k) => (k * 7) % n) : null;
        const keys = idx.map((c) => vecs[c]!);
        const g = groupRows(keys, n, sel);
        const want = naive(idx.map((c) => norm[c]!), n, sel);
        expect(g.count).toBe(want.first.length);
        expect(Array.from(g.gids)).toEqual(want.gids);
        expect(Array.from(g.first.subarray(0, g.count))).toEqual(want.first);
        if (g.counts !== undefined) {
          const c = new Array<number>(g.count).fill(0);
          for (const x of want.gids) c[x]!++;
          expect(Array.from(g.counts)).toEqual(c);
        }
      });
    }
  }

  it('one text column: few distinct values (NULLs a group), and a ninth value arriving late', () => {
    const few = Array.from({ length: n }, (_, i) => (i % 7 === 3 ? null : `v${i % 8}`));
    const late = few.map((x, i) => (i === n - 2 ? 'late' : x));
    for (const values of [few, late]) {
      for (const sel of [null, Int32Array.from({ length: 500 }, (_, k) => n - 1 - k * 3)]) {
        const g = groupRows([vectorFromValues('text', values)], n, sel);
        const want = naive([values], n, sel);
        expect(Array.from(g.gids)).toEqual(want.gids);
        expect(Array.from(g.first)).toEqual(want.first);
        expect(g.count).toBe(want.first.length);
      }
    }
    expect(naive([late], n, null).first.length).toBe(10); // 8 strings, NULL, and the late ninth string
  });

  it('a reused scratch buffer receives the ids', () => {
    const scratch = new Int32Array(n + 10).fill(99);
    const g = groupRows([vecs[0]!, vecs[1]!], n, null, scratch);
    expect(g.gids.buffer).toBe(scratch.buffer);
    expect(Array.from(g.gids)).toEqual(naive([norm[0]!, norm[1]!], n, null).gids);
  });
});
