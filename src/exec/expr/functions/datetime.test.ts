import { describe, expect, it } from 'vitest';
import { formatValue } from '../../../types/format-text.ts';
import { parseValue } from '../../../types/parse-text.ts';
import { call1, callFunction, errorOf, testContext } from './test-support.ts';

const ts = (s: string) => ['timestamp', [parseValue(s, 'timestamp')]] as const;
const t = (s: string | null) => ['text', [s]] as const;
const int = (x: number) => ['integer', [x]] as const;
const fmt = (x: unknown) => formatValue(x as number, 'timestamp');

// Expected values are PostgreSQL 16's (checked with PGlite).
describe('date/time functions', () => {
  it('now and friends read the statement time', () => {
    const ctx = testContext();
    for (const name of ['now', 'current_timestamp', 'localtimestamp', 'transaction_timestamp', 'statement_timestamp']) {
      const r = callFunction(name, [], { n: 2, ctx });
      expect(r.type).toBe('timestamp');
      expect(r.values).toEqual([ctx.now, ctx.now]);
    }
    expect(fmt(callFunction('now', [], { n: 1 }).values[0])).toBe('2024-01-02 03:04:05.678');
    const d = callFunction('current_date', [], { n: 1 });
    expect(d.type).toBe('date');
    expect(formatValue(d.values[0]!, 'date')).toBe('2024-01-02');
    expect(Math.abs((callFunction('clock_timestamp', [], { n: 1 }).values[0] as number) - Date.now())).toBeLessThan(5000);
  });

  it('extract / date_part fields', () => {
    const x = ts('2021-01-03 10:11:12.345678');
    const f = (field: string) => call1('date_part', t(field), x);
    expect(f('year')).toBe(2021);
    expect(f('month')).toBe(1);
    expect(f('day')).toBe(3);
    expect(f('hour')).toBe(10);
    expect(f('minute')).toBe(11);
    expect(f('second')).toBe(12.345678);
    expect(f('millisecond')).toBe(12345.678);
    expect(f('microseconds')).toBe(12345678);
    expect(f('dow')).toBe(0);
    expect(f('isodow')).toBe(7);
    expect(f('doy')).toBe(3);
    expect(f('week')).toBe(53);
    expect(f('isoyear')).toBe(2020);
    expect(f('quarter')).toBe(1);
    expect(f('epoch')).toBe(1609668672.345678);
    expect(f('decade')).toBe(202);
    expect(f('century')).toBe(21);
    expect(f('millennium')).toBe(3);
    expect(f('julian')).toBeCloseTo(2459218.4244484454, 9);
    expect(f('YEAR')).toBe(2021);
    // extract is numeric (PostgreSQL 14+), exact to the microsecond
    expect(call1('extract', t('year'), ['date', [parseValue('0001-01-01 BC', 'date')]])).toBe('-1');
    expect(call1('extract', t('century'), ['date', [parseValue('0001-01-01 BC', 'date')]])).toBe('-1');
    expect(call1('extract', t('doy'), ['date', [parseValue('2024-12-31', 'date')]])).toBe('366');
    expect(call1('extract', t('epoch'), ['date', [1]])).toBe('86400');
    expect(call1('extract', t('year'), ['timestamp', [Infinity]])).toBe('Infinity');
    expect(call1('extract', t('hour'), ['timestamp', [Infinity]])).toBeNull();
    expect(callFunction('extract', [['text', ['year']], ['timestamp', [0]]]).type).toBe('numeric');
    expect(callFunction('date_part', [['text', ['year']], ['timestamp', [0]]]).type).toBe('double');
    const e = (field: string) => call1('extract', t(field), x);
    expect([e('second'), e('milliseconds'), e('microseconds'), e('epoch'), e('julian')])
      .toEqual(['12.345678', '12345.678', '12345678', '1609668672.345678', '2459218.42444844534722222222']);
    // A string literal for the timestamp argument is accepted and parsed.
    expect(call1('extract', t('month'), t('2024-05-17 10:00'))).toBe('5');
    expect(errorOf(() => call1('extract', t('hour'), ['date', [0]]))).toBe('0A000 unit "hour" not supported for type date');
    expect(errorOf(() => call1('extract', t('foo'), x))).toBe('22023 unit "foo" not recognized for type timestamp without time zone');
  });

  it('date_trunc', () => {
    const x = ts('2024-05-19 10:11:12.123456');
    const tr = (u: string) => fmt(call1('date_trunc', t(u), x));
    expect(tr('microseconds')).toBe('2024-05-19 10:11:12.123456');
    expect(tr('milliseconds')).toBe('2024-05-19 10:11:12.123');
    expect(tr('second')).toBe('2024-05-19 10:11:12');
    expect(tr('minute')).toBe('2024-05-19 10:11:00');
    expect(tr('hour')).toBe('2024-05-19 10:00:00');
    expect(tr('day')).toBe('2024-05-19 00:00:00');
    expect(tr('week')).toBe('2024-05-13 00:00:00');
    expect(tr('month')).toBe('2024-05-01 00:00:00');
    expect(tr('quarter')).toBe('2024-04-01 00:00:00');
    expect(tr('year')).toBe('2024-01-01 00:00:00');
    expect(tr('decade')).toBe('2020-01-01 00:00:00');
    expect(tr('century')).toBe('2001-01-01 00:00:00');
    expect(tr('millennium')).toBe('2001-01-01 00:00:00');
    expect(fmt(call1('date_trunc', t('hour'), ts('1969-12-31 23:59:59.5')))).toBe('1969-12-31 23:00:00');
    expect(fmt(call1('date_trunc', t('month'), ['date', [parseValue('2024-02-29', 'date')]]))).toBe('2024-02-01 00:00:00');
    expect(call1('date_trunc', t('day'), ['timestamp', [-Infinity]])).toBe(-Infinity);
    expect(errorOf(() => call1('date_trunc', t('foo'), x))).toBe('22023 unit "foo" not recognized for type timestamp without time zone');
    expect(errorOf(() => call1('date_trunc', t('dow'), x))).toBe('22023 unit "dow" not recognized for type timestamp without time zone');
  });

  it('to_timestamp, make_date, make_timestamp', () => {
    expect(fmt(call1('to_timestamp', ['double', [1.5]]))).toBe('1970-01-01 00:00:01.5');
    expect(fmt(call1('to_timestamp', ['integer', [1700000000]]))).toBe('2023-11-14 22:13:20');
    expect(call1('to_timestamp', ['double', [Infinity]])).toBe(Infinity);
    expect(errorOf(() => call1('to_timestamp', ['double', [NaN]]))).toBe('22008 timestamp cannot be NaN');
    expect(formatValue(call1('make_date', int(2024), int(2), int(29)), 'date')).toBe('2024-02-29');
    expect(formatValue(call1('make_date', int(-44), int(3), int(15)), 'date')).toBe('0044-03-15 BC');
    expect(errorOf(() => call1('make_date', int(2024), int(2), int(30)))).toBe('22008 date field value out of range: 2024-02-30');
    expect(errorOf(() => call1('make_date', int(0), int(1), int(1)))).toBe('22008 date field value out of range: 0-01-01');
    expect(fmt(call1('make_timestamp', int(2024), int(2), int(29), int(1), int(2), ['double', [3.5]]))).toBe('2024-02-29 01:02:03.5');
    expect(errorOf(() => call1('make_timestamp', int(2024), int(1), int(1), int(25), int(0), ['double', [0]])))
      .toBe('22008 time field value out of range: 25:00:00');
  });
});

describe('to_char', () => {
  // Expected strings are PostgreSQL 16's output for the same calls.
  const tc = (x: string, f: string) => call1('to_char', ts(x), t(f));
  it('renders templates like PostgreSQL', () => {
    expect(tc('2024-03-05 14:07:09.123456', 'YYYY-MM-DD HH24:MI:SS.MS US')).toBe('2024-03-05 14:07:09.123 123456');
    expect(tc('2024-03-05 14:07:09', 'Day, DD Month YYYY HH12:MI AM')).toBe('Tuesday  , 05 March     2024 02:07 PM');
    expect(tc('2024-03-05 00:07:09', 'FMDay FMMonth FMDD hh12 pm Dy Mon DDD D ID IW WW W Q CC J "quoted YYYY" DDth FMDDTH yy'))
      .toBe('Tuesday March 5 12 am Tue Mar 065 3 2 10 10 1 1 21 2460375 quoted YYYY 05th 5TH 24');
    expect(tc('2024-03-22', 'FMDDth SSSS TZ BC')).toBe('22nd 0  AD');
    expect(tc('0044-03-15 BC', 'YYYY BC')).toBe('0044 BC');
    expect(tc('2024-03-05 14:07:09.123456', 'FF1 FF3 FF6 MONTH month mon DY dy IYYY')).toBe('1 123 123456 MARCH     march     mar TUE tue 2024');
    expect(call1('to_char', ['date', [parseValue('2024-03-01', 'date')]], t('DDth Mon'))).toBe('01st Mar');
    expect(call1('to_char', ['timestamp', [Infinity]], t('YYYY'))).toBeNull();
    expect(call1('to_char', ts('2024-03-01'), t(null))).toBeNull();
  });
});
