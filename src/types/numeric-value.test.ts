import { describe, expect, it } from 'vitest';
import { DbError } from '../errors/db-error.ts';
import {
  applyNumericTypmod, canonicalNumericText, checkNumericTypmod, compareNumericValues, formatNumeric, numericFromDouble,
  numericToDouble, numericToInteger, parseNumeric,
} from './numeric-value.ts';
import { divideValues, modValues, roundValue, selectDivScale } from './numeric-ops.ts';

function err(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (e instanceof DbError) return `${e.code} ${e.message}${e.detail === undefined ? '' : ` | ${e.detail}`}`;
    throw e;
  }
  return 'no error';
}

const text = (s: string): string => canonicalNumericText(s);

describe('numeric text input and output (numeric_in / numeric_out)', () => {
  it('keeps the display scale of the input and prints plain decimals', () => {
    const cases: [string, string][] = [
      ['1.50', '1.50'], [' 1.5 ', '1.5'], ['-0.00', '0.00'], ['+7', '7'], ['007.10', '7.10'], ['.5', '0.5'], ['5.', '5'],
      ['1e3', '1000'], ['1.5e1', '15'], ['1.50e1', '15.0'], ['1e-3', '0.001'], ['2.5E-2', '0.025'], ['-1.2e+2', '-120'],
      ['0.000', '0.000'], ['1_000.000_1', '1000.0001'], ['0x1F', '31'], ['-0o17', '-15'], ['0b101', '5'],
      ['123456789012345678901234567890.123456789', '123456789012345678901234567890.123456789'],
      ['NaN', 'NaN'], ['nan', 'NaN'], ['Infinity', 'Infinity'], ['-inf', '-Infinity'], ['+INFINITY', 'Infinity'],
    ];
    for (const [input, want] of cases) expect(text(input), input).toBe(want);
    expect(parseNumeric('1.50')).toEqual({ special: 0, int: 150n, dscale: 2 });
    expect(formatNumeric(parseNumeric('1e-5'))).toBe('0.00001');
  });

  it('rejects bad input with 22P02 and huge values with 22003', () => {
    for (const bad of ['', ' ', 'abc', '1.2.3', '--1', '1e', 'e5', '1_', '_1', '1__0', '1 2', '0x', '.', '-', '1e5x', 'infinit']) {
      expect(err(() => parseNumeric(bad)), bad).toBe(`22P02 invalid input syntax for type numeric: "${bad}"`);
    }
    expect(err(() => parseNumeric('1e200000'))).toBe('22003 value overflows numeric format');
    expect(err(() => parseNumeric('1e-20000'))).toBe('22003 value overflows numeric format');
  });

  it('orders values by value (NaN above everything, 1.5 = 1.50)', () => {
    const sorted = ['-Infinity', '-1e10', '-0.001', '0', '0.00', '1.5', '1.50', '2', 'Infinity', 'NaN'].map(parseNumeric);
    for (let i = 0; i + 1 < sorted.length; i++) expect(compareNumericValues(sorted[i]!, sorted[i + 1]!)).toBeLessThanOrEqual(0);
    expect(compareNumericValues(parseNumeric('1.5'), parseNumeric('1.50'))).toBe(0);
    expect(compareNumericValues(parseNumeric('NaN'), parseNumeric('NaN'))).toBe(0);
    expect(compareNumericValues(parseNumeric('Infinity'), parseNumeric('NaN'))).toBe(-1);
  });
});

describe('numeric(p, s)', () => {
  it('rounds half away from zero to the scale, also negative scales', () => {
    const t = (v: string, p: number, s: number) => formatNumeric(applyNumericTypmod(parseNumeric(v), checkNumericTypmod(p, s)));
    expect(t('1.255', 5, 2)).toBe('1.26');
    expect(t('-1.255', 5, 2)).toBe('-1.26');
    expect(t('1.245', 5, 2)).toBe('1.25');
    expect(t('2', 5, 2)).toBe('2.00');
    expect(t('1449.5', 5, -2)).toBe('1400');
    expect(t('1450', 5, -2)).toBe('1500');
    expect(t('0.0049', 3, 5)).toBe('0.00490');
    expect(t('NaN', 3, 1)).toBe('NaN');
  });

  it('fails with 22003 numeric field overflow and PostgreSQL\'s detail', () => {
    const t = (v: string, p: number, s: number) => err(() => applyNumericTypmod(parseNumeric(v), checkNumericTypmod(p, s)));
    expect(t('1000', 5, 2)).toBe('22003 numeric field overflow | A field with precision 5, scale 2 must round to an absolute value less than 10^3.');
    expect(t('999.995', 5, 2)).toBe('22003 numeric field overflow | A field with precision 5, scale 2 must round to an absolute value less than 10^3.');
    expect(t('1', 2, 2)).toBe('22003 numeric field overflow | A field with precision 2, scale 2 must round to an absolute value less than 1.');
    expect(t('Infinity', 10, 2)).toBe('22003 numeric field overflow | A field with precision 10, scale 2 cannot hold an infinite value.');
    expect(t('0.999', 2, 2)).toBe('22003 numeric field overflow | A field with precision 2, scale 2 must round to an absolute value less than 1.');
    expect(t('0.994', 2, 2)).toBe('no error');
  });

  it('checks the typmod itself (22023)', () => {
    expect(err(() => checkNumericTypmod(0, 0))).toBe('22023 NUMERIC precision 0 must be between 1 and 1000');
    expect(err(() => checkNumericTypmod(1001, 0))).toBe('22023 NUMERIC precision 1001 must be between 1 and 1000');
    expect(err(() => checkNumericTypmod(5, 1001))).toBe('22023 NUMERIC scale 1001 must be between -1000 and 1000');
    expect(checkNumericTypmod(3, 5)).toEqual({ precision: 3, scale: 5 });
  });
});

describe('conversions', () => {
  it('double → numeric through %.15g, real through %.6g (PostgreSQL)', () => {
    expect(formatNumeric(numericFromDouble(0.1))).toBe('0.1');
    expect(formatNumeric(numericFromDouble(1 / 3))).toBe('0.333333333333333');
    expect(formatNumeric(numericFromDouble(1e20))).toBe('100000000000000000000');
    expect(formatNumeric(numericFromDouble(1.5e-7))).toBe('0.00000015');
    expect(formatNumeric(numericFromDouble(Math.fround(0.1), 6))).toBe('0.1');
    expect(formatNumeric(numericFromDouble(16777216, 6))).toBe('16777200');
    expect(formatNumeric(numericFromDouble(-Infinity))).toBe('-Infinity');
  });

  it('numeric → double is correctly rounded, → integer rounds half away from zero', () => {
    expect(numericToDouble(parseNumeric('0.1'))).toBe(0.1);
    expect(numericToDouble(parseNumeric('123456789012345678901234567890.5'))).toBe(1.2345678901234568e29);
    expect(numericToInteger(parseNumeric('2.5'), 'integer')).toBe(3n);
    expect(numericToInteger(parseNumeric('-2.5'), 'integer')).toBe(-3n);
    expect(numericToInteger(parseNumeric('2.49'), 'integer')).toBe(2n);
    expect(err(() => numericToInteger(parseNumeric('NaN'), 'integer'))).toBe('0A000 cannot convert NaN to integer');
    expect(err(() => numericToInteger(parseNumeric('-Infinity'), 'bigint'))).toBe('0A000 cannot convert infinity to bigint');
  });
});

describe('scalar arithmetic scales', () => {
  it('division: select_div_scale (at least 16 significant digits), rounded half away from zero', () => {
    const div = (a: string, b: string) => formatNumeric(divideValues(parseNumeric(a), parseNumeric(b)));
    expect(div('1', '3')).toBe('0.33333333333333333333');
    expect(div('10.00', '4')).toBe('2.5000000000000000');
    expect(div('2', '3')).toBe('0.66666666666666666667');
    expect(div('-2', '3')).toBe('-0.66666666666666666667');
    expect(div('123456789', '0.001')).toBe('123456789000.00000000');
    expect(div('1', '7.0000000000000000000001')).toBe('0.1428571428571428571429');
    expect(div('5', 'Infinity')).toBe('0');
    expect(div('NaN', '0')).toBe('NaN');
    expect(err(() => div('Infinity', '0'))).toBe('22012 division by zero');
    expect(err(() => div('1', '0.00'))).toBe('22012 division by zero');
    expect(selectDivScale(1n, 0, 0, 3n, 0, 0)).toBe(20);
  });

  it('modulo keeps the dividend\'s sign and the larger scale; round/trunc to any scale', () => {
    const mod = (a: string, b: string) => formatNumeric(modValues(parseNumeric(a), parseNumeric(b)));
    expect(mod('7', '2.5')).toBe('2.0');
    expect(mod('-7.25', '2')).toBe('-1.25');
    expect(mod('5', '-Infinity')).toBe('5');
    expect(mod('Infinity', '3')).toBe('NaN');
    const r = (v: string, s: number, t = false) => formatNumeric(roundValue(parseNumeric(v), s, t));
    expect([r('2.5', 0), r('-2.5', 0), r('1.255', 2), r('1.5', 3), r('1234.5', -2), r('-1299', -2, true), r('9.99', 1, true)])
      .toEqual(['3', '-3', '1.26', '1.500', '1200', '-1200', '9.9']);
  });
});
