/**
 * Date and time functions. Timestamps are epoch milliseconds in a Float64Array (microseconds
 * as the fraction), dates are days since 1970-01-01 in an Int32Array; all times are UTC.
 * `date_part` returns double precision, `extract` numeric (PostgreSQL 14+: `second` with six
 * decimals, `milliseconds` three, `epoch` of a timestamp six).
 */
import { DbError } from '../../../errors/db-error.ts';
import { SqlState } from '../../../errors/sqlstate.ts';
import { civilFromDays, daysFromCivil, daysInMonth } from '../../../types/calendar.ts';
import type { DataType } from '../../../types/data-type.ts';
import type { Vector } from '../../../types/vector.ts';
import type { ScalarFunction } from '../function-registry.ts';
import { alias, constantVector, defineFunction, f64, i32, simpleFunction, str } from './common.ts';
import { formatNumeric, numericValue } from '../../../types/numeric-value.ts';
import { addValues, divideValues } from '../../../types/numeric-ops.ts';

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
/** The arguments of extract(field, date|timestamp), read row by row: the unit and the instant. */
class ExtractArgs {
  private readonly f: readonly string[];
  private readonly units: UnitCache;
  private readonly ts: Float64Array | null;
  private readonly ds: Int32Array | null;
  readonly isDate: boolean;
  /** The unit of the row {@link ms} read last. */
  unit: Unit = 'second';

  constructor(a: readonly Vector[]) {
    this.f = str(a[0]!);
    const src = a[1]!;
    this.isDate = src.type === 'date';
    this.units = new UnitCache(src.type, false);
    this.ts = this.isDate ? null : f64(src);
    this.ds = this.isDate ? i32(src) : null;
  }

  /** Reads row `i`: sets {@link unit} and returns the instant in milliseconds (0A000 for a time field of a date). */
  ms(i: number): number {
    const text = this.f[i]!;
    const unit = this.units.get(text);
    this.unit = unit;
    if (this.ds === null) return this.ts![i]!;
    if (TIME_UNITS.has(unit)) throw new DbError(SqlState.FEATURE_NOT_SUPPORTED, `unit "${text}" not supported for type date`);
    return dateToMs(this.ds[i]!);
  }
}

function extractFunction(name: string): ScalarFunction {
  return simpleFunction(name, [
    { params: ['text', 'date'], result: 'double' },
    { params: ['text', 'timestamp'], result: 'double' },
  ], (a) => {
    const x = new ExtractArgs(a);
    return (i) => {
      const ms = x.ms(i);
      const r = extractField(x.unit, ms);
      return r !== r ? null : r;
    };
  });
}

/**
 * extract(field FROM timestamp|date) → numeric, as PostgreSQL 14+: exact microsecond-based
 * values for second (scale 6), milliseconds (3), epoch (6 for timestamps) and julian (with the
 * fraction of the day by numeric division); the other fields are integers.
 */
function extractNumeric(name: string): ScalarFunction {
  return simpleFunction(name, [
    { params: ['text', 'date'], result: 'numeric' },
    { params: ['text', 'timestamp'], result: 'numeric' },
  ], (a) => {
    const x = new ExtractArgs(a);
    const isDate = x.isDate;
    return (i) => {
      const ms = x.ms(i);
      const unit = x.unit;
      const r = extractField(unit, ms);
      if (r !== r) return null;
      if (!Number.isFinite(r)) return r > 0 ? 'Infinity' : '-Infinity';
      const totalUs = Math.round(ms * 1000);
      const usOfDay = totalUs - Math.floor(totalUs / US_PER_DAY) * US_PER_DAY;
      switch (unit) {
        case 'milliseconds': return formatNumeric(numericValue(BigInt(totalUs - Math.floor(totalUs / 60000000) * 60000000), 3));
        case 'second': return formatNumeric(numericValue(BigInt(totalUs - Math.floor(totalUs / 60000000) * 60000000), 6));
        case 'epoch': return isDate ? String(Math.round(ms / 1000)) : formatNumeric(numericValue(BigInt(totalUs), 6));
        case 'julian': {
          const jd = numericValue(BigInt(Math.floor(totalUs / US_PER_DAY) + 2440588), 0);
          if (isDate) return formatNumeric(jd);
          return formatNumeric(addValues(jd, divideValues(numericValue(BigInt(usOfDay), 0), numericValue(BigInt(US_PER_DAY), 0)), false));
        }
        default: return String(r);
      }
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

// ───────────────────────────── to_char ─────────────────────────────

/** One piece of a compiled to_char format: literal text or a field with its FM / TH modifiers. */
interface FormatToken {
  readonly lit: string | null;
  readonly field: string;
  readonly fm: boolean;
  readonly th: '' | 'th' | 'TH';
}

/** Field patterns, longest first; matched case-sensitively (names) or upper-cased (the rest). */
const CASED_PATTERNS = ['MONTH', 'Month', 'month', 'MON', 'Mon', 'mon', 'DAY', 'Day', 'day', 'DY', 'Dy', 'dy',
  'A.M.', 'P.M.', 'a.m.', 'p.m.', 'AM', 'PM', 'am', 'pm', 'B.C.', 'A.D.', 'b.c.', 'a.d.', 'BC', 'AD', 'bc', 'ad', 'TZ', 'tz'];
const PLAIN_PATTERNS = ['HH24', 'HH12', 'HH', 'MI', 'SSSSS', 'SSSS', 'SS', 'MS', 'US', 'FF1', 'FF2', 'FF3', 'FF4', 'FF5', 'FF6',
  'IYYY', 'YYYY', 'YYY', 'YY', 'Y', 'MM', 'DDD', 'DD', 'D', 'ID', 'IW', 'WW', 'W', 'Q', 'CC', 'J'];

const formatCache = new Map<string, readonly FormatToken[]>();

function compileFormat(fmt: string): readonly FormatToken[] {
  const hit = formatCache.get(fmt);
  if (hit !== undefined) return hit;
  const out: FormatToken[] = [];
  let lit = '';
  const flush = (): void => { if (lit !== '') { out.push({ lit, field: '', fm: false, th: '' }); lit = ''; } };
  let i = 0;
  while (i < fmt.length) {
    let fm = false;
    if (fmt.startsWith('FM', i) || fmt.startsWith('fm', i)) { fm = true; i += 2; }
    const c = fmt[i];
    if (c === undefined) break;
    if (c === '"') {
      let j = i + 1;
      while (j < fmt.length && fmt[j] !== '"') {
        if (fmt[j] === '\\' && j + 1 < fmt.length) j++;
        lit += fmt[j]!;
        j++;
      }
      i = j + 1;
      continue;
    }
    if (c === '\\' && i + 1 < fmt.length) { lit += fmt[i + 1]!; i += 2; continue; }
    let field = CASED_PATTERNS.find((p) => fmt.startsWith(p, i));
    if (field === undefined) {
      const upper = fmt.slice(i, i + 5).toUpperCase();
      field = PLAIN_PATTERNS.find((p) => upper.startsWith(p));
    }
    if (field === undefined) { lit += c; i++; continue; }
    i += field.length;
    let th: '' | 'th' | 'TH' = '';
    if (fmt.startsWith('TH', i)) { th = 'TH'; i += 2; } else if (fmt.startsWith('th', i)) { th = 'th'; i += 2; }
    flush();
    out.push({ lit: null, field, fm, th });
  }
  flush();
  if (formatCache.size > 256) formatCache.clear();
  formatCache.set(fmt, out);
  return out;
}

const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October',
  'November', 'December'];
const DAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

function ordinal(n: number, upper: boolean): string {
  const m100 = n % 100;
  const m10 = n % 10;
  const s = m100 >= 11 && m100 <= 13 ? 'th' : m10 === 1 ? 'st' : m10 === 2 ? 'nd' : m10 === 3 ? 'rd' : 'th';
  return upper ? s.toUpperCase() : s;
}

function caseName(name: string, pattern: string): string {
  if (pattern === pattern.toUpperCase()) return name.toUpperCase();
  if (pattern === pattern.toLowerCase()) return name.toLowerCase();
  return name;
}

/** Renders a timestamp (epoch ms) with a PostgreSQL to_char template. */
function toChar(ms: number, fmt: string): string | null {
  if (!Number.isFinite(ms)) return null;
  const tokens = compileFormat(fmt);
  const totalUs = Math.round(ms * 1000);
  const days = Math.floor(totalUs / US_PER_DAY);
  const usOfDay = totalUs - days * US_PER_DAY;
  const c = civilFromDays(days);
  const astroYear = c[0]!;
  const month = c[1]!;
  const day = c[2]!;
  const year = astroYear > 0 ? astroYear : 1 - astroYear; // BC years print positive with BC
  const hour = Math.floor(usOfDay / 3600000000);
  const minute = Math.floor(usOfDay / 60000000) % 60;
  const second = Math.floor(usOfDay / 1000000) % 60;
  const us = usOfDay % 1000000;
  const dow = isoDow(days) % 7;
  const doy = days - daysFromCivil(astroYear, 1, 1) + 1;
  let out = '';
  for (const t of tokens) {
    if (t.lit !== null) { out += t.lit; continue; }
    let num = -1;
    let width = 0;
    let text = '';
    switch (t.field) {
      case 'HH': case 'HH12': num = hour % 12 === 0 ? 12 : hour % 12; width = 2; break;
      case 'HH24': num = hour; width = 2; break;
      case 'MI': num = minute; width = 2; break;
      case 'SS': num = second; width = 2; break;
      case 'SSSS': case 'SSSSS': num = Math.floor(usOfDay / 1000000); break;
      case 'MS': num = Math.floor(us / 1000); width = 3; break;
      case 'US': num = us; width = 6; break;
      case 'FF1': case 'FF2': case 'FF3': case 'FF4': case 'FF5': case 'FF6': {
        const w = Number(t.field[2]);
        num = Math.floor(us / 10 ** (6 - w)); width = w; break;
      }
      case 'YYYY': num = year; width = 4; break;
      case 'YYY': num = year % 1000; width = 3; break;
      case 'YY': num = year % 100; width = 2; break;
      case 'Y': num = year % 10; width = 1; break;
      case 'IYYY': isoWeek(days); num = ISO_YEAR[0]!; width = 4; break;
      case 'MM': num = month; width = 2; break;
      case 'DDD': num = doy; width = 3; break;
      case 'DD': num = day; width = 2; break;
      case 'D': num = dow + 1; break;
      case 'ID': num = isoDow(days); break;
      case 'IW': num = isoWeek(days); width = 2; break;
      case 'WW': num = Math.floor((doy - 1) / 7) + 1; width = 2; break;
      case 'W': num = Math.floor((day - 1) / 7) + 1; break;
      case 'Q': num = Math.floor((month - 1) / 3) + 1; break;
      case 'CC': num = astroYear > 0 ? Math.floor((astroYear + 99) / 100) : -Math.floor((100 - astroYear) / 100); width = 2; break;
      case 'J': num = days + 2440588; break;
      case 'MONTH': case 'Month': case 'month': text = caseName(MONTH_NAMES[month - 1]!, t.field); if (!t.fm) text = text.padEnd(9); break;
      case 'MON': case 'Mon': case 'mon': text = caseName(MONTH_NAMES[month - 1]!.slice(0, 3), t.field); break;
      case 'DAY': case 'Day': case 'day': text = caseName(DAY_NAMES[dow]!, t.field); if (!t.fm) text = text.padEnd(9); break;
      case 'DY': case 'Dy': case 'dy': text = caseName(DAY_NAMES[dow]!.slice(0, 3), t.field); break;
      case 'AM': case 'PM': text = hour < 12 ? 'AM' : 'PM'; break;
      case 'am': case 'pm': text = hour < 12 ? 'am' : 'pm'; break;
      case 'A.M.': case 'P.M.': text = hour < 12 ? 'A.M.' : 'P.M.'; break;
      case 'a.m.': case 'p.m.': text = hour < 12 ? 'a.m.' : 'p.m.'; break;
      case 'BC': case 'AD': text = astroYear > 0 ? 'AD' : 'BC'; break;
      case 'bc': case 'ad': text = astroYear > 0 ? 'ad' : 'bc'; break;
      case 'B.C.': case 'A.D.': text = astroYear > 0 ? 'A.D.' : 'B.C.'; break;
      case 'b.c.': case 'a.d.': text = astroYear > 0 ? 'a.d.' : 'b.c.'; break;
      case 'TZ': case 'tz': text = ''; break; // timestamps carry no zone
      default: text = t.field;
    }
    if (num >= 0 || (t.field === 'CC' && num < 0)) {
      const neg = num < 0;
      let digits = String(Math.abs(num));
      if (!t.fm && digits.length < width) digits = digits.padStart(width, '0');
      text = (neg ? '-' : '') + digits;
      if (t.th !== '') text += ordinal(Math.abs(num), t.th === 'TH');
    }
    out += text;
  }
  return out;
}

/** to_char(timestamp|date, template) → text, PostgreSQL's template patterns (FM, TH, quoted text). */
const toCharFn = simpleFunction('to_char', [{ params: ['timestamp', 'text'], result: 'text' }], (a) => {
  const t = f64(a[0]!);
  const f = str(a[1]!);
  return (i) => toChar(t[i]!, f[i]!);
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
const extract = extractNumeric('extract');

/** The date/time function family. */
export const DATETIME_FUNCTIONS: readonly ScalarFunction[] = [
  now, alias(now, 'current_timestamp'), alias(now, 'localtimestamp'), alias(now, 'transaction_timestamp'),
  alias(now, 'statement_timestamp'), clockTimestamp, currentDate,
  dateTrunc, extract, extractFunction('date_part'), toTimestamp, makeDate, makeTimestamp, toCharFn,
];
