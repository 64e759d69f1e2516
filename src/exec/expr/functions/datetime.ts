/**
 * Date and time functions. Timestamps are epoch milliseconds in a Float64Array (microseconds
 * as the fraction), dates are days since 1970-01-01 in an Int32Array; all times are UTC.
 * `extract`/`date_part` return double precision.
 */
import { DbError } from '../../../errors/db-error.ts';
import { SqlState } from '../../../errors/sqlstate.ts';
import { civilFromDays, daysFromCivil, daysInMonth } from '../../../types/cast.ts';
import type { DataType } from '../../../types/data-type.ts';
import type { Vector } from '../../../types/vector.ts';
import type { ScalarFunction } from '../function-registry.ts';
import { alias, constantVector, defineFunction, f64, i32, simpleFunction, str } from './common.ts';

const MS_PER_DAY = 86400000;
const US_PER_DAY = 86400000000;
const DATE_INFINITY = 2147483647;
const DATE_NEG_INFINITY = -2147483648;

/** Units of date_trunc / extract, by PostgreSQL's names and abbreviations. */
type Unit =
  | 'microseconds' | 'milliseconds' | 'second' | 'minute' | 'hour' | 'day' | 'week' | 'month' | 'quarter'
  | 'year' | 'decade' | 'century' | 'millennium' | 'dow' | 'isodow' | 'doy' | 'epoch' | 'isoyear' | 'julian';

const UNITS: Record<string, Unit> = {
  microsecond: 'microseconds', microseconds: 'microseconds', us: 'microseconds', usec: 'microseconds', usecs: 'microseconds', useconds: 'microseconds',
  millisecond: 'milliseconds', milliseconds: 'milliseconds', ms: 'milliseconds', msec: 'milliseconds', msecs: 'milliseconds', mseconds: 'milliseconds',
  second: 'second', seconds: 'second', s: 'second', sec: 'second', secs: 'second',
  minute: 'minute', minutes: 'minute', m: 'minute', min: 'minute', mins: 'minute',
  hour: 'hour', hours: 'hour', h: 'hour', hr: 'hour', hrs: 'hour',
  day: 'day', days: 'day', d: 'day',
  week: 'week', weeks: 'week', w: 'week',
  month: 'month', months: 'month', mon: 'month', mons: 'month',
  quarter: 'quarter', qtr: 'quarter',
  year: 'year', years: 'year', y: 'year', yr: 'year', yrs: 'year',
  decade: 'decade', decades: 'decade', dec: 'decade', decs: 'decade',
  century: 'century', centuries: 'century', c: 'century', cent: 'century',
  millennium: 'millennium', millennia: 'millennium', mil: 'millennium', mils: 'millennium', millenniums: 'millennium',
  dow: 'dow', isodow: 'isodow', doy: 'doy', epoch: 'epoch', isoyear: 'isoyear', julian: 'julian', j: 'julian',
};

function unitOf(text: string, type: DataType, forTrunc: boolean): Unit {
  const u = UNITS[text.trim().toLowerCase()];
  const typeLabel = type === 'date' ? 'date' : 'timestamp without time zone';
  if (u === undefined || (forTrunc && (u === 'dow' || u === 'isodow' || u === 'doy' || u === 'epoch' || u === 'isoyear' || u === 'julian'))) {
    throw new DbError(SqlState.INVALID_PARAMETER_VALUE, `unit "${text}" not recognized for type ${typeLabel}`);
  }
  return u;
}

/** Caches the unit of the previous row: the field argument is almost always a constant. */
class UnitCache {
  private text = '';
  private unit: Unit | null = null;
  constructor(private readonly type: DataType, private readonly forTrunc: boolean) {}
  get(text: string): Unit {
    if (this.unit === null || text !== this.text) {
      this.unit = unitOf(text, this.type, this.forTrunc);
      this.text = text;
    }
    return this.unit;
  }
}

function isoDow(days: number): number {
  const dow = ((days + 4) % 7 + 7) % 7; // 1970-01-01 was a Thursday; 0 = Sunday
  return dow === 0 ? 7 : dow;
}

/** ISO 8601 week-numbering year and week of a day; writes the year into ISO_YEAR[0]. */
const ISO_YEAR = new Float64Array(1);
function isoWeek(days: number): number {
  const thursday = days - isoDow(days) + 4;
  const y = civilFromDays(thursday)[0]!;
  ISO_YEAR[0] = y;
  return Math.floor((thursday - daysFromCivil(y, 1, 1)) / 7) + 1;
}

/** PostgreSQL's year numbering: astronomical year 0 is 1 BC (-1). */
function pgYear(y: number): number {
  return y > 0 ? y : y - 1;
}

/** One field of a timestamp (epoch ms); NaN means NULL (infinite inputs for time fields). */
function extractField(unit: Unit, ms: number): number {
  if (!Number.isFinite(ms)) {
    switch (unit) {
      case 'epoch': case 'year': case 'decade': case 'century': case 'millennium': case 'isoyear': case 'julian':
        return ms;
      default: return NaN;
    }
  }
  const totalUs = Math.round(ms * 1000);
  const days = Math.floor(totalUs / US_PER_DAY);
  const usOfDay = totalUs - days * US_PER_DAY;
  const usOfMinute = usOfDay % 60000000;
  switch (unit) {
    case 'microseconds': return usOfMinute;
    case 'milliseconds': return usOfMinute / 1000;
    case 'second': return usOfMinute / 1000000;
    case 'minute': return Math.floor(usOfDay / 60000000) % 60;
    case 'hour': return Math.floor(usOfDay / 3600000000);
    case 'epoch': return ms / 1000;
    case 'dow': return isoDow(days) % 7;
    case 'isodow': return isoDow(days);
    case 'julian': return days + 2440588 + usOfDay / US_PER_DAY;
    case 'week': return isoWeek(days);
    case 'isoyear': isoWeek(days); return pgYear(ISO_YEAR[0]!);
    default: break;
  }
  const c = civilFromDays(days);
  const y = c[0]!;
  const mo = c[1]!;
  switch (unit) {
    case 'day': return c[2]!;
    case 'month': return mo;
    case 'quarter': return Math.floor((mo - 1) / 3) + 1;
    case 'year': return pgYear(y);
    case 'doy': return days - daysFromCivil(y, 1, 1) + 1;
    case 'decade': return Math.floor(y / 10);
    case 'century': return y > 0 ? Math.floor((y + 99) / 100) : -Math.floor((100 - y) / 100);
    case 'millennium': return y > 0 ? Math.floor((y + 999) / 1000) : -Math.floor((1000 - y) / 1000);
    default: return NaN;
  }
}

/** Truncates a timestamp (epoch ms) to a unit; weeks start on Monday. */
function truncate(unit: Unit, ms: number): number {
  if (!Number.isFinite(ms)) return ms;
  const totalUs = Math.round(ms * 1000);
  const days = Math.floor(totalUs / US_PER_DAY);
  const usOfDay = totalUs - days * US_PER_DAY;
  const dayStart = days * MS_PER_DAY;
  switch (unit) {
    case 'microseconds': return totalUs / 1000;
    case 'milliseconds': return Math.floor(totalUs / 1000);
    case 'second': return dayStart + Math.floor(usOfDay / 1000000) * 1000;
    case 'minute': return dayStart + Math.floor(usOfDay / 60000000) * 60000;
    case 'hour': return dayStart + Math.floor(usOfDay / 3600000000) * 3600000;
    case 'day': return dayStart;
    case 'week': return (days - isoDow(days) + 1) * MS_PER_DAY;
    default: break;
  }
  const c = civilFromDays(days);
  const y = c[0]!;
  switch (unit) {
    case 'month': return daysFromCivil(y, c[1]!, 1) * MS_PER_DAY;
    case 'quarter': return daysFromCivil(y, Math.floor((c[1]! - 1) / 3) * 3 + 1, 1) * MS_PER_DAY;
    case 'year': return daysFromCivil(y, 1, 1) * MS_PER_DAY;
    case 'decade': return daysFromCivil(Math.floor(y / 10) * 10, 1, 1) * MS_PER_DAY;
    case 'century': {
      const first = y > 0 ? Math.floor((y - 1) / 100) * 100 + 1 : -Math.floor(-y / 100) * 100 - 99;
      return daysFromCivil(first, 1, 1) * MS_PER_DAY;
    }
    case 'millennium': {
      const first = y > 0 ? Math.floor((y - 1) / 1000) * 1000 + 1 : -Math.floor(-y / 1000) * 1000 - 999;
      return daysFromCivil(first, 1, 1) * MS_PER_DAY;
    }
    default: return ms;
  }
}

function dateToMs(d: number): number {
  if (d === DATE_INFINITY) return Infinity;
  if (d === DATE_NEG_INFINITY) return -Infinity;
  return d * MS_PER_DAY;
}

/** date_trunc(unit, timestamp|date) → timestamp. */
const dateTrunc = simpleFunction('date_trunc', [
  { params: ['text', 'timestamp'], result: 'timestamp' },
], (a) => {
  const f = str(a[0]!);
  const t = f64(a[1]!);
  const units = new UnitCache('timestamp', true);
  return (i) => truncate(units.get(f[i]!), t[i]!);
});

const TIME_UNITS: ReadonlySet<Unit> = new Set<Unit>(['microseconds', 'milliseconds', 'second', 'minute', 'hour']);

/** extract(field, timestamp|date) → double; time fields of a date fail with 0A000 as in PostgreSQL. */
function extractFunction(name: string): ScalarFunction {
  return simpleFunction(name, [
    { params: ['text', 'date'], result: 'double' },
    { params: ['text', 'timestamp'], result: 'double' },
  ], (a) => {
    const f = str(a[0]!);
    const src = a[1]!;
    const isDate = src.type === 'date';
    const units = new UnitCache(src.type, false);
    const ts = isDate ? null : f64(src);
    const ds = isDate ? i32(src) : null;
    return (i) => {
      const text = f[i]!;
      const unit = units.get(text);
      let ms: number;
      if (ds !== null) {
        if (TIME_UNITS.has(unit)) throw new DbError(SqlState.FEATURE_NOT_SUPPORTED, `unit "${text}" not supported for type date`);
        ms = dateToMs(ds[i]!);
      } else {
        ms = ts![i]!;
      }
      const r = extractField(unit, ms);
      return r !== r ? null : r;
    };
  });
}

/** to_timestamp(epoch seconds) → timestamp. */
const toTimestamp = simpleFunction('to_timestamp', [{ params: ['double'], result: 'timestamp' }], (a) => {
  const x = f64(a[0]!);
  return (i) => {
    const s = x[i]!;
    if (s !== s) throw new DbError(SqlState.DATETIME_FIELD_OVERFLOW, 'timestamp cannot be NaN');
    const ms = s * 1000;
    if (Number.isFinite(ms) && (ms < -210866803200000 || ms >= 9224318016000000)) {
      throw new DbError(SqlState.DATETIME_FIELD_OVERFLOW, `timestamp out of range: "${s}"`);
    }
    return ms;
  };
});

function checkedDays(y: number, m: number, d: number): number {
  const yy = y < 0 ? y + 1 : y; // PostgreSQL: negative years are BC; there is no year 0
  if (y === 0 || m < 1 || m > 12 || d < 1 || d > daysInMonth(yy, m) || Math.abs(y) > 5874897) {
    throw new DbError(SqlState.DATETIME_FIELD_OVERFLOW, `date field value out of range: ${y}-${pad2(m)}-${pad2(d)}`);
  }
  return daysFromCivil(yy, m, d);
}

function pad2(n: number): string {
  return n >= 0 && n < 10 ? '0' + n : String(n);
}

/** make_date(year, month, day) → date; negative years are BC. */
const makeDate = simpleFunction('make_date', [{ params: ['integer', 'integer', 'integer'], result: 'date' }], (a) => {
  const y = i32(a[0]!);
  const m = i32(a[1]!);
  const d = i32(a[2]!);
  return (i) => checkedDays(y[i]!, m[i]!, d[i]!);
});

/** make_timestamp(year, month, day, hour, min, sec double) → timestamp. */
const makeTimestamp = simpleFunction('make_timestamp', [
  { params: ['integer', 'integer', 'integer', 'integer', 'integer', 'double'], result: 'timestamp' },
], (a) => {
  const y = i32(a[0]!);
  const mo = i32(a[1]!);
  const d = i32(a[2]!);
  const h = i32(a[3]!);
  const mi = i32(a[4]!);
  const s = f64(a[5]!);
  return (i) => {
    const days = checkedDays(y[i]!, mo[i]!, d[i]!);
    const hh = h[i]!;
    const mm = mi[i]!;
    const ss = s[i]!;
    if (hh < 0 || hh > 24 || mm < 0 || mm > 59 || !(ss >= 0 && ss <= 60) || (hh === 24 && (mm > 0 || ss > 0))) {
      throw new DbError(SqlState.DATETIME_FIELD_OVERFLOW, `time field value out of range: ${hh}:${pad2(mm)}:${pad2(ss)}`);
    }
    return days * MS_PER_DAY + (hh * 60 + mm) * 60000 + ss * 1000;
  };
});

function nowFunction(name: string): ScalarFunction {
  return defineFunction({
    name,
    minArgs: 0,
    maxArgs: 0,
    volatile: true,
    resolve: (args) => (args.length === 0 ? { result: 'timestamp', args: [] } : null),
    evaluate: (_args, n, _sel, ctx) => constantVector('timestamp', ctx.now, n),
  });
}

const currentDate = defineFunction({
  name: 'current_date',
  minArgs: 0,
  maxArgs: 0,
  volatile: true,
  resolve: (args) => (args.length === 0 ? { result: 'date', args: [] } : null),
  evaluate: (_args, n, _sel, ctx) => constantVector('date', Math.floor(ctx.now / MS_PER_DAY), n),
});

/** clock_timestamp(): the wall clock at evaluation (changes within a statement). */
const clockTimestamp = defineFunction({
  name: 'clock_timestamp',
  minArgs: 0,
  maxArgs: 0,
  volatile: true,
  resolve: (args) => (args.length === 0 ? { result: 'timestamp', args: [] } : null),
  evaluate: (_args, n): Vector => constantVector('timestamp', Date.now(), n),
});

const now = nowFunction('now');
const extract = extractFunction('extract');

/** The date/time function family. */
export const DATETIME_FUNCTIONS: readonly ScalarFunction[] = [
  now, alias(now, 'current_timestamp'), alias(now, 'localtimestamp'), alias(now, 'transaction_timestamp'),
  alias(now, 'statement_timestamp'), clockTimestamp, currentDate,
  dateTrunc, extract, alias(extract, 'date_part'), toTimestamp, makeDate, makeTimestamp,
];
