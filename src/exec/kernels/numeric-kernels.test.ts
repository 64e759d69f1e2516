/**
 * The numeric kernels against the scalar reference (`types/numeric-ops.ts`): random vectors of
 * every shape the layout has — fast form at various scales, big form, per-value display scales,
 * NaN and ±Infinity, NULLs — through every operator, with and without a selection vector and a
 * constant side; plus the 2^53 switch to the big form, comparisons, casts and the typmod.
 */
import { describe, expect, it } from 'vitest';
import { DbError } from '../../errors/db-error.ts';
import { valueAt, vectorFromValues, type JsValue, type Vector } from '../../types/vector.ts';
import type { NumericData } from '../../types/numeric-data.ts';
import { applyNumericTypmod, compareNumericValues, formatNumeric, parseNumeric } from '../../types/numeric-value.ts';
import { applyTypmod } from '../../types/numeric-typmod.ts';
import { addValues, divideValues, modValues, mulValues } from '../../types/numeric-ops.ts';
import { arith, negate } from './arith.ts';
import { compareVectorConst, compareVectors, selectCmpConst, type CmpOp } from './compare.ts';
import { castVector } from './cast.ts';
import { mulberry32 } from '../../../test/helpers/mulberry32.ts';

const rng = mulberry32;

/** A random numeric text of one "shape". */
function value(r: () => number, shape: number): string | null {
  if (r() < 0.1) return null;
  const sign = r() < 0.3 ? '-' : '';
  const dig = (n: number) => Array.from({ length: n }, () => Math.floor(r() * 10)).join('');
  switch (shape) {
    case 0: return `${sign}${Math.floor(r() * 1000)}.${dig(2)}`; // scale 2, like a DECIMAL(15,2) column
    case 1: return `${sign}${Math.floor(r() * 100)}${r() < 0.5 ? '' : '.' + dig(1 + Math.floor(r() * 4))}`; // mixed display scales
    case 2: return `${sign}${dig(18)}.${dig(3)}`; // beyond 2^53: big form
    case 3: return r() < 0.3 ? ['NaN', 'Infinity', '-Infinity'][Math.floor(r() * 3)]! : `${sign}${Math.floor(r() * 50)}`;
    default: return `${sign}${Math.floor(r() * 9007199254)}${dig(6)}`; // near 2^53
  }
}

function column(r: () => number, shape: number, n: number): Vector {
  return vectorFromValues('numeric', Array.from({ length: n }, () => value(r, shape)));
}

type Op = '+' | '-' | '*' | '/' | '%';

/** The reference: the scalar rule per row (null for NULL, 'E<code>' for an error). */
function reference(op: Op, a: JsValue, b: JsValue): string | null {
  if (a === null || b === null) return null;
  const x = parseNumeric(a as string), y = parseNumeric(b as string);
  try {
    const v = op === '+' || op === '-' ? addValues(x, y, op === '-') : op === '*' ? mulValues(x, y) : op === '/' ? divideValues(x, y) : modValues(x, y);
    return formatNumeric(v);
  } catch (e) {
    return `E${(e as DbError).code}`;
  }
}

function run(f: () => Vector): Vector | string {
  try {
    return f();
  } catch (e) {
    if (e instanceof DbError) return `E${e.code}`;
    throw e;
  }
}

describe('numeric arithmetic kernels agree with the scalar reference', () => {
  const n = 40;
  for (const op of ['+', '-', '*', '/', '%'] as Op[]) {
    it(`${op} over every pair of shapes, dense, selected and against constants`, () => {
      const r = rng(op.charCodeAt(0));
      for (let sa = 0; sa < 5; sa++) {
        for (let sb = 0; sb < 5; sb++) {
          const l = column(r, sa, n), rv = column(r, sb, n);
          const rows = Array.from({ length: n }, (_, i) => reference(op, valueAt(l, i), valueAt(rv, i)));
          const firstError = rows.find((x) => x !== null && x.startsWith('E'));
          const out = run(() => arith(op, 'numeric', l, rv, undefined, undefined, n, null));
          if (firstError !== undefined) {
            expect(out, `${op} shapes ${sa},${sb}`).toBe(firstError);
            continue;
          }
          const got = Array.from({ length: n }, (_, i) => valueAt(out as Vector, i));
          expect(got, `${op} shapes ${sa},${sb}`).toEqual(rows);
          // through a selection: the selected rows are the same
          const sel = Int32Array.from({ length: n / 2 }, (_, k) => 2 * k);
          const part = arith(op, 'numeric', l, rv, undefined, undefined, n, sel) as Vector;
          for (const i of sel) expect(valueAt(part, i)).toEqual(rows[i]);
          // a constant right side
          const c = valueAt(rv, 3);
          if (c !== null) {
            const want = Array.from({ length: n }, (_, i) => reference(op, valueAt(l, i), c));
            const cerr = want.find((x) => x !== null && x.startsWith('E'));
            const co = run(() => arith(op, 'numeric', l, null, undefined, c, n, null));
            if (cerr !== undefined) expect(co).toBe(cerr);
            else expect(Array.from({ length: n }, (_, i) => valueAt(co as Vector, i))).toEqual(want);
          }
        }
      }
    });
  }

  it('stays in the fast form while exact and switches to the big form past 2^53', () => {
    const a = vectorFromValues('numeric', ['90071992547409.90', '1.00']);
    const b = vectorFromValues('numeric', ['0.01', '2']);
    const sum = arith('+', 'numeric', a, b, undefined, undefined, 2, null);
    expect((sum.data as NumericData).b).toBeNull(); // 2^53 - 1 at scale 2
    expect([valueAt(sum, 0), valueAt(sum, 1)]).toEqual(['90071992547409.91', '3.00']);
    const big = arith('+', 'numeric', a, vectorFromValues('numeric', ['0.02', '0']), undefined, undefined, 2, null);
    expect((big.data as NumericData).b).not.toBeNull(); // 2^53 at scale 2: the big form
    expect(valueAt(big, 0)).toBe('90071992547409.92');
    const prod = arith('*', 'numeric', vectorFromValues('numeric', ['99999999.99']), vectorFromValues('numeric', ['99999999.99']), undefined, undefined, 1, null);
    expect(valueAt(prod, 0)).toBe('9999999998000000.0001');
    expect(valueAt(negate(prod, 1, null), 0)).toBe('-9999999998000000.0001');
    // ±Infinity times a big-form zero-signed value uses the value's sign
    const inf = arith('*', 'numeric', vectorFromValues('numeric', ['Infinity', 'Infinity']), vectorFromValues('numeric', ['-123456789012345678.9', '0']), undefined, undefined, 2, null);
    expect([valueAt(inf, 0), valueAt(inf, 1)]).toEqual(['-Infinity', 'NaN']);
  });

  it('never divides NULL rows (their placeholder zeros) by zero', () => {
    const a = vectorFromValues('numeric', ['1', null, '3']);
    const b = vectorFromValues('numeric', ['2', '0', null]);
    const q = arith('/', 'numeric', a, b, undefined, undefined, 3, null);
    expect([valueAt(q, 0), valueAt(q, 1), valueAt(q, 2)]).toEqual(['0.50000000000000000000', null, null]);
  });
});

describe('numeric comparisons', () => {
  it('agree with the scalar order for every shape pair, NaN largest and equal to itself', () => {
    const r = rng(99);
    const n = 30;
    for (let sa = 0; sa < 5; sa++) {
      for (let sb = 0; sb < 5; sb++) {
        const l = column(r, sa, n), rv = column(r, sb, n);
        for (const op of ['=', '<>', '<', '<=', '>', '>='] as CmpOp[]) {
          const want = Array.from({ length: n }, (_, i) => {
            const x = valueAt(l, i), y = valueAt(rv, i);
            if (x === null || y === null) return null;
            const c = compareNumericValues(parseNumeric(x as string), parseNumeric(y as string));
            return { '=': c === 0, '<>': c !== 0, '<': c < 0, '<=': c <= 0, '>': c > 0, '>=': c >= 0 }[op];
          });
          const got = compareVectors(op, l, rv, n, null);
          expect(Array.from({ length: n }, (_, i) => valueAt(got, i)), `${op} ${sa},${sb}`).toEqual(want);
          const c = valueAt(rv, 0) ?? '1.5';
          const wantC = Array.from({ length: n }, (_, i) => {
            const x = valueAt(l, i);
            if (x === null) return null;
            const k = compareNumericValues(parseNumeric(x as string), parseNumeric(c as string));
            return { '=': k === 0, '<>': k !== 0, '<': k < 0, '<=': k <= 0, '>': k > 0, '>=': k >= 0 }[op];
          });
          expect(Array.from({ length: n }, (_, i) => valueAt(compareVectorConst(op, l, c, n, null), i))).toEqual(wantC);
          expect(Array.from(selectCmpConst(op, l, c, n, null))).toEqual(wantC.flatMap((w, i) => (w === true ? [i] : [])));
        }
      }
    }
  });
});

describe('numeric casts and typmod', () => {
  it('vector casts agree with the value-level rules', () => {
    const v = vectorFromValues('numeric', ['2.5', '-2.5', '0.49', null, '1e2', '123.456']);
    expect(Array.from({ length: 6 }, (_, i) => valueAt(castVector(v, 'integer', null), i))).toEqual([3, -3, 0, null, 100, 123]);
    expect(Array.from({ length: 6 }, (_, i) => valueAt(castVector(v, 'bigint', null), i))).toEqual([3n, -3n, 0n, null, 100n, 123n]);
    expect(Array.from({ length: 6 }, (_, i) => valueAt(castVector(v, 'double', null), i))).toEqual([2.5, -2.5, 0.49, null, 100, 123.456]);
    expect(Array.from({ length: 6 }, (_, i) => valueAt(castVector(v, 'text', null), i))).toEqual(['2.5', '-2.5', '0.49', null, '100', '123.456']);
    const d = vectorFromValues('double', [0.1, 1 / 3, null, 1e20]);
    expect(Array.from({ length: 4 }, (_, i) => valueAt(castVector(d, 'numeric', null), i))).toEqual(['0.1', '0.333333333333333', null, '100000000000000000000']);
    expect(() => castVector(vectorFromValues('numeric', ['32767.5']), 'smallint', null)).toThrow(expect.objectContaining({ code: '22003', message: 'smallint out of range' }));
    expect(() => castVector(vectorFromValues('numeric', ['NaN']), 'integer', null)).toThrow(expect.objectContaining({ code: '0A000' }));
  });

  it('applies numeric(p, s) like the value-level rule, in the fast loop and the slow one', () => {
    const r = rng(5);
    for (const [p, s] of [[5, 2], [15, 2], [10, 0], [20, 4], [6, -2], [3, 5]] as const) {
      for (let shape = 0; shape < 5; shape++) {
        const v = column(r, shape, 25);
        const a = v.data as NumericData;
        let want: (string | null)[] | string;
        try {
          want = Array.from({ length: 25 }, (_, i) => {
            const x = valueAt(v, i);
            return x === null ? null : formatNumeric(applyNumericTypmod(parseNumeric(x as string), { precision: p, scale: s }));
          });
        } catch (e) {
          want = `E${(e as DbError).code}`;
        }
        const got = run(() => ({ ...v, data: applyTypmod(a, { precision: p, scale: s }, 25, v.nulls, null) }));
        if (typeof want === 'string') expect(got).toBe(want);
        else expect(Array.from({ length: 25 }, (_, i) => valueAt(got as Vector, i)), `numeric(${p},${s}) shape ${shape}`).toEqual(want);
      }
    }
  });
});
