import { describe, expect, it } from 'vitest';
import { lookupFunction } from './index.ts';
import { call1, callFunction, errorOf } from './test-support.ts';

const d = (x: number | null) => ['double', [x]] as const;
const int = (x: number | null) => ['integer', [x]] as const;

describe('math functions', () => {
  it('abs keeps the argument type (PostgreSQL has one per numeric type)', () => {
    expect(lookupFunction('abs')!.resolve(['smallint'])).toEqual({ result: 'smallint', args: ['smallint'] });
    expect(lookupFunction('abs')!.resolve(['integer'])).toEqual({ result: 'integer', args: ['integer'] });
    expect(lookupFunction('abs')!.resolve(['bigint'])).toEqual({ result: 'bigint', args: ['bigint'] });
    expect(lookupFunction('abs')!.resolve(['numeric'])).toEqual({ result: 'numeric', args: ['numeric'] });
    expect(lookupFunction('abs')!.resolve(['real'])).toEqual({ result: 'real', args: ['real'] });
    expect(lookupFunction('abs')!.resolve(['double'])).toEqual({ result: 'double', args: ['double'] });
    expect(errorOf(() => call1('abs', ['smallint', [-32768]]))).toBe('22003 smallint out of range');
    expect(callFunction('abs', [['integer', [-5, null, 7]]]).values).toEqual([5, null, 7]);
    expect(call1('abs', ['smallint', [-3]])).toBe(3);
    expect(call1('abs', ['bigint', [-5n]])).toBe(5n);
    expect(call1('abs', d(-1.5))).toBe(1.5);
    expect(errorOf(() => call1('abs', int(-2147483648)))).toBe('22003 integer out of range');
    expect(errorOf(() => call1('abs', ['bigint', [-9223372036854775808n]]))).toBe('22003 bigint out of range');
    // The overflow check ignores NULL rows' placeholder data and unselected rows.
    expect(callFunction('abs', [['integer', [-2147483648, 1]]], { sel: new Int32Array([1]) }).values).toEqual([1]);
  });

  it('mod', () => {
    expect(call1('mod', int(-7), int(3))).toBe(-1);
    expect(call1('mod', ['bigint', [7n]], ['bigint', [-3n]])).toBe(1n);
    expect(call1('mod', d(7.5), d(2))).toBe(1.5);
    expect(call1('mod', int(-2147483648), int(-1))).toBe(0);
    expect(callFunction('mod', [['smallint', [5]], ['integer', [3]]]).type).toBe('integer');
    expect(errorOf(() => call1('mod', int(5), int(0)))).toBe('22012 division by zero');
    expect(errorOf(() => call1('mod', ['bigint', [5n]], ['bigint', [0n]]))).toBe('22012 division by zero');
    expect(callFunction('mod', [['integer', [5, 5]], ['integer', [0, 2]]], { sel: new Int32Array([1]) }).values).toEqual([1]);
    expect(callFunction('mod', [['integer', [5, null]], ['integer', [2, 0]]]).values).toEqual([1, null]);
  });

  it('round (double: half to even), trunc, ceil, floor, sign', () => {
    expect(callFunction('round', [['double', [2.5, -2.5, 0.5, 1.4999, -0.4, 3.5, -3.5]]]).values).toEqual([2, -2, 0, 1, -0, 4, -4]);
    // C's rint keeps the sign of zero: PostgreSQL prints round(-0.4::float8) as -0
    expect(Object.is(call1('round', d(-0.4)), -0)).toBe(true);
    expect(Object.is(call1('trunc', d(-0.625)), -0)).toBe(true);
    expect(Object.is(call1('ceil', d(-0.5)), -0)).toBe(true);
    expect(call1('round', d(2.675), int(2))).toBe(2.68);
    expect(call1('round', d(1.005), int(2))).toBe(1.01);
    expect(call1('round', d(-1.005), int(2))).toBe(-1.01);
    expect(call1('round', d(1234.5), int(-2))).toBe(1200);
    expect(call1('round', d(1250), int(-2))).toBe(1300);
    expect(call1('round', d(0.1), int(400))).toBe(0.1);
    expect(call1('round', int(3))).toBe(3);
    expect(call1('round', d(NaN))).toBeNaN();
    expect(call1('trunc', d(-2.7))).toBe(-2);
    expect(call1('trunc', d(2.679), int(2))).toBe(2.67);
    expect(call1('ceil', d(1.2))).toBe(2);
    expect(Object.is(call1('ceil', d(-0.5)), -0)).toBe(true); // C's ceil: PostgreSQL prints -0
    expect(call1('ceiling', d(-1.2))).toBe(-1);
    expect(call1('floor', d(-1.2))).toBe(-2);
    expect(callFunction('sign', [['double', [-3, 0, 2.5, NaN]]]).values).toEqual([-1, 0, 1, 0]); // sign(NaN) is 0 in PostgreSQL
    expect(callFunction('ceil', [['integer', [5]]]).type).toBe('double');
  });

  it('powers, roots, logarithms', () => {
    expect(call1('sqrt', d(16))).toBe(4);
    expect(call1('cbrt', d(-8))).toBe(-2);
    expect(call1('power', d(2), d(10))).toBe(1024);
    expect(call1('pow', int(2), int(3))).toBe(8);
    expect(call1('power', d(1), d(NaN))).toBe(1);
    expect(call1('exp', d(0))).toBe(1);
    expect(call1('ln', d(Math.E))).toBeCloseTo(1, 15);
    expect(call1('log', d(1000))).toBeCloseTo(3, 15);
    expect(call1('log10', d(100))).toBe(2);
    expect(call1('log', d(2), d(8))).toBeCloseTo(3, 15);
    expect(errorOf(() => call1('sqrt', d(-1)))).toBe('2201F cannot take square root of a negative number');
    expect(errorOf(() => call1('ln', d(0)))).toBe('2201E cannot take logarithm of zero');
    expect(errorOf(() => call1('ln', d(-1)))).toBe('2201E cannot take logarithm of a negative number');
    expect(errorOf(() => call1('log', d(0)))).toBe('2201E cannot take logarithm of zero');
    expect(errorOf(() => call1('log10', d(-5)))).toBe('2201E cannot take logarithm of a negative number');
    expect(errorOf(() => call1('log', d(1), d(8)))).toBe('22012 division by zero');
    expect(errorOf(() => call1('power', d(0), d(-1)))).toBe('2201F zero raised to a negative power is undefined');
    expect(errorOf(() => call1('power', d(-8), d(0.5)))).toBe('2201F a negative number raised to a non-integer power yields a complex result');
    expect(errorOf(() => call1('power', d(10), d(400)))).toBe('22003 value out of range: overflow');
    expect(errorOf(() => call1('exp', d(1000)))).toBe('22003 value out of range: overflow');
    expect(errorOf(() => call1('exp', d(-1000)))).toBe('22003 value out of range: underflow');
    // Domain checks skip NULL rows (their data is a placeholder 0).
    expect(callFunction('ln', [['double', [null, 1]]]).values).toEqual([null, 0]);
  });

  it('trigonometry', () => {
    expect(call1('sin', d(0))).toBe(0);
    expect(call1('cos', d(0))).toBe(1);
    expect(call1('tan', d(0))).toBe(0);
    expect(call1('cot', d(1))).toBeCloseTo(0.6420926159343306, 15);
    expect(call1('asin', d(1))).toBeCloseTo(Math.PI / 2, 15);
    expect(call1('acos', d(1))).toBe(0);
    expect(call1('atan', d(1))).toBeCloseTo(Math.PI / 4, 15);
    expect(call1('atan2', d(1), d(1))).toBeCloseTo(Math.PI / 4, 15);
    expect(call1('degrees', d(Math.PI))).toBe(180);
    expect(call1('radians', d(180))).toBe(Math.PI);
    expect(errorOf(() => call1('asin', d(2)))).toBe('22003 input is out of range');
    expect(errorOf(() => call1('acos', d(-1.5)))).toBe('22003 input is out of range');
    expect(errorOf(() => call1('sin', d(Infinity)))).toBe('22003 input is out of range');
  });

  it('pi and random', () => {
    expect(callFunction('pi', [], { n: 2 }).values).toEqual([Math.PI, Math.PI]);
    const r = callFunction('random', [], { n: 100 }).values as number[];
    expect(r.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(new Set(r).size).toBeGreaterThan(90);
  });

  it('greatest / least: common supertype, NULLs ignored', () => {
    const g = callFunction('greatest', [['integer', [1, null, null]], ['double', [2.5, 3, null]], ['null', [null, null, null]]]);
    expect(g.type).toBe('double');
    expect(g.values).toEqual([2.5, 3, null]);
    expect(call1('least', ['text', ['b']], ['text', ['a']])).toBe('a');
    expect(call1('greatest', ['bigint', [5n]], ['integer', [7]])).toBe(7n);
    expect(call1('greatest', d(NaN), d(1))).toBeNaN();
    expect(call1('least', d(NaN), d(1))).toBe(1);
    expect(call1('greatest', ['boolean', [false]], ['boolean', [true]])).toBe(true);
    expect(call1('least', ['date', [3]], ['timestamp', [86400000]])).toBe(86400000);
    expect(lookupFunction('greatest')!.resolve(['null', 'null'])).toEqual({ result: 'text', args: ['text', 'text'] });
    expect(lookupFunction('greatest')!.resolve(['integer', 'text'])).toBeNull();
  });

  it('width_bucket', () => {
    const wb = (x: number, lo: number, hi: number, c: number) => call1('width_bucket', d(x), d(lo), d(hi), int(c));
    expect(wb(5.35, 0.024, 10.06, 5)).toBe(3);
    expect(wb(-1, 0, 10, 5)).toBe(0);
    expect(wb(10, 0, 10, 5)).toBe(6);
    expect(wb(5, 10, 0, 5)).toBe(3);
    expect(errorOf(() => wb(1, 0, 0, 5))).toBe('2201G lower bound cannot equal upper bound');
    expect(errorOf(() => wb(1, 0, 1, 0))).toBe('2201G count must be greater than zero');
    expect(errorOf(() => wb(NaN, 0, 1, 1))).toBe('2201G operand, lower bound, and upper bound cannot be NaN');
  });
});
