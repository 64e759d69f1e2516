/**
 * INTERVAL literals, folded into date and timestamp literals at parse time. InkDB has no
 * interval type: `INTERVAL '…'` is accepted only as an operand of `+` or `-` whose other operand
 * is a date or timestamp literal (`DATE '1998-12-01' - INTERVAL '90' DAY`, `TIMESTAMP '…' +
 * INTERVAL '2 hours'`), and the pair becomes one literal (`DATE '1998-09-02'`). That covers date
 * arithmetic with constants (TPC-H's `date '…' + interval '3' month`); anything else is `0A000`.
 *
 * Month arithmetic follows PostgreSQL: months first, clamped to the end of the month
 * (`DATE '2024-01-31' + INTERVAL '1' MONTH` is `2024-02-29`), then days, then time.
 * Deviation: a date plus a whole number of days/months/years stays a DATE (PostgreSQL's result
 * is a timestamp at midnight; they compare equal); an interval with a time part makes a
 * TIMESTAMP.
 */
import { DbError } from '../../errors/db-error.ts';
import { SqlState } from '../../errors/sqlstate.ts';
import { civilFromDays, daysFromCivil, daysInMonth, DATE_INFINITY, DATE_NEG_INFINITY, formatDate, formatTimestamp, MS_PER_DAY } from '../../types/calendar.ts';
import { parseValue } from '../../types/parse-text.ts';
import type { CastExpr, Expr } from '../ast.ts';

/** An interval as PostgreSQL keeps it: months, days and milliseconds, each signed. */
export interface IntervalValue {
  readonly months: number;
  readonly days: number;
  readonly ms: number;
}

const UNITS: Readonly<Record<string, readonly [field: 'months' | 'days' | 'ms', factor: number]>> = {
  millennium: ['months', 12000], millennia: ['months', 12000], millenniums: ['months', 12000],
  century: ['months', 1200], centuries: ['months', 1200],
  decade: ['months', 120], decades: ['months', 120],
  year: ['months', 12], years: ['months', 12], yr: ['months', 12], yrs: ['months', 12], y: ['months', 12],
  month: ['months', 1], months: ['months', 1], mon: ['months', 1], mons: ['months', 1],
  week: ['days', 7], weeks: ['days', 7], w: ['days', 7],
  day: ['days', 1], days: ['days', 1], d: ['days', 1],
  hour: ['ms', 3_600_000], hours: ['ms', 3_600_000], hr: ['ms', 3_600_000], hrs: ['ms', 3_600_000], h: ['ms', 3_600_000],
  minute: ['ms', 60_000], minutes: ['ms', 60_000], min: ['ms', 60_000], mins: ['ms', 60_000], m: ['ms', 60_000],
  second: ['ms', 1000], seconds: ['ms', 1000], sec: ['ms', 1000], secs: ['ms', 1000], s: ['ms', 1000],
  millisecond: ['ms', 1], milliseconds: ['ms', 1], ms: ['ms', 1], msec: ['ms', 1], msecs: ['ms', 1],
};

/** The field keywords that may follow an interval's string (`INTERVAL '3' MONTH`). */
export const INTERVAL_FIELDS: ReadonlySet<string> = new Set(['year', 'month', 'day', 'hour', 'minute', 'second']);

function syntax(text: string): DbError {
  return new DbError(SqlState.INVALID_DATETIME_FORMAT, `invalid input syntax for type interval: "${text}"`);
}

/** Adds `amount` of unit `[field, factor]` to the parts; fractions spill into the next smaller part (30-day months). */
function add(parts: { months: number; days: number; ms: number }, field: 'months' | 'days' | 'ms', amount: number): void {
  if (field === 'months') {
    const whole = Math.trunc(amount);
    parts.months += whole;
    add(parts, 'days', (amount - whole) * 30);
  } else if (field === 'days') {
    const whole = Math.trunc(amount);
    parts.days += whole;
    parts.ms += Math.round((amount - whole) * MS_PER_DAY);
  } else {
    parts.ms += Math.round(amount);
  }
}

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;
const TIME = /^([+-]?)(\d+):(\d+)(?::(\d+(?:\.\d*)?))?$/;

/**
 * Parses an interval's text: `'90'` with a field keyword (`DAY`), or quantity–unit pairs and a
 * time (`'1 year 2 months'`, `'-3 days'`, `'90 days ago'`, `'2h 30m'`, `'1 day 04:30'`; a lone
 * number is seconds). Errors: `22007`.
 * @param field - the field keyword after the string (`year` … `second`), or null
 */
export function parseInterval(text: string, field: string | null): IntervalValue {
  const parts = { months: 0, days: 0, ms: 0 };
  const trimmed = text.trim();
  if (field !== null && NUMBER.test(trimmed)) {
    const [f, factor] = UNITS[field] ?? ['days', 1];
    add(parts, f, Number(trimmed) * factor);
    return parts;
  }
  // "2h30m" → "2 h 30 m"; "@" is PostgreSQL's optional prefix
  const words = trimmed.toLowerCase().replace(/^@\s*/, '').replace(/(\d)([a-z])/g, '$1 $2').replace(/([a-z])([+-]?\d)/g, '$1 $2').split(/\s+/);
  let ago = false;
  if (words[words.length - 1] === 'ago') {
    ago = true;
    words.pop();
  }
  if (words.length === 0 || words[0] === '') throw syntax(text);
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    const time = TIME.exec(w);
    if (time !== null) {
      // [-]hh:mm[:ss[.fff]]
      const sign = time[1] === '-' ? -1 : 1;
      add(parts, 'ms', sign * (Number(time[2]) * 3_600_000 + Number(time[3]) * 60_000 + Number(time[4] ?? 0) * 1000));
      continue;
    }
    if (!NUMBER.test(w)) throw syntax(text);
    const next = words[i + 1];
    // a lone number is seconds (PostgreSQL)
    const unit = next === undefined ? UNITS.second : UNITS[next];
    if (unit === undefined) throw syntax(text);
    add(parts, unit[0], Number(w) * unit[1]);
    i++;
  }
  return ago ? { months: -parts.months, days: -parts.days, ms: -parts.ms } : parts;
}

/** Days since 1970-01-01 plus `months` months, clamped to the end of the month. */
function addMonths(days: number, months: number): number {
  if (months === 0) return days;
  const c = civilFromDays(days);
  const total = c[0]! * 12 + (c[1]! - 1) + months;
  const y = Math.floor(total / 12);
  const m = total - y * 12 + 1;
  return daysFromCivil(y, m, Math.min(c[2]!, daysInMonth(y, m)));
}

/** `ms` (a timestamp) plus the interval (`sign` -1 subtracts), months first. */
function addToTimestamp(ms: number, iv: IntervalValue, sign: number): number {
  if (!Number.isFinite(ms)) return ms;
  const day = Math.floor(ms / MS_PER_DAY);
  const time = ms - day * MS_PER_DAY;
  return (addMonths(day, sign * iv.months) + sign * iv.days) * MS_PER_DAY + time + sign * iv.ms;
}

/**
 * Folds `base op interval` (or `interval + base`) into one date or timestamp literal, or returns
 * null when `base` is not a date or timestamp literal (the caller reports `0A000`).
 * @param base - the other operand
 * @param op - `+` or `-`
 * @param iv - the interval
 * @param intervalFirst - the interval is the left operand (only `+` is allowed then)
 */
export function foldIntervalArithmetic(base: Expr, op: '+' | '-', iv: IntervalValue, intervalFirst: boolean): Expr | null {
  if (intervalFirst && op === '-') return null;
  if (base.kind !== 'cast' || base.operand.kind !== 'literal' || base.operand.type !== 'string') return null;
  const to = base.target.type;
  if (to !== 'date' && to !== 'timestamp') return null;
  const sign = op === '-' ? -1 : 1;
  const text = base.operand.value as string;
  let out: string;
  let type: 'date' | 'timestamp' = to;
  if (to === 'date') {
    const days = parseValue(text, 'date') as number;
    if (days === DATE_INFINITY || days === DATE_NEG_INFINITY) return base;
    if (iv.ms === 0) {
      out = formatDate(addMonths(days, sign * iv.months) + sign * iv.days);
    } else {
      type = 'timestamp';
      out = formatTimestamp(addToTimestamp(days * MS_PER_DAY, iv, sign));
    }
  } else {
    out = formatTimestamp(addToTimestamp(parseValue(text, 'timestamp') as number, iv, sign));
  }
  const folded: CastExpr = {
    kind: 'cast',
    pos: base.pos,
    operand: { kind: 'literal', pos: base.operand.pos, type: 'string', value: out },
    target: type === to ? base.target : { type, name: type },
    shorthand: base.shorthand,
  };
  return folded;
}
