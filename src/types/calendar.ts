/**
 * Calendar arithmetic and formatting for DATE (days since 1970-01-01 in an Int32) and TIMESTAMP
 * (epoch milliseconds in a Float64, microseconds as the fraction): proleptic Gregorian
 * conversions, PostgreSQL's text output, and the infinite values (dates ±2147483647/-2147483648,
 * timestamps ±Infinity are `infinity` / `-infinity`).
 */

/** Milliseconds per day. */
export const MS_PER_DAY = 86400000;
/** Microseconds per day. */
export const US_PER_DAY = 86400000000;
/** Date value standing for 'infinity' (PostgreSQL's DATEVAL_NOEND). */
export const DATE_INFINITY = 2147483647;
/** Date value standing for '-infinity' (PostgreSQL's DATEVAL_NOBEGIN). */
export const DATE_NEG_INFINITY = -2147483648;
/** The first finite date PostgreSQL holds (4714-11-24 BC), in days since 1970-01-01. */
export const DATE_FIRST_DAY = -2440588;
/** One past the last finite date PostgreSQL holds (5874897-12-31 AD), in days since 1970-01-01. */
export const DATE_END_DAY = 2145042906;
/** The first finite timestamp PostgreSQL holds (4714-11-24 00:00 BC), in epoch milliseconds. */
export const TIMESTAMP_FIRST_MS = -210866803200000;
/** One past the last finite timestamp PostgreSQL holds (294277-01-01 00:00 AD), in epoch milliseconds. */
export const TIMESTAMP_END_MS = 9224318016000000;

/**
 * Days since 1970-01-01 of a proleptic Gregorian date (astronomical years: 0 = 1 BC).
 * Howard Hinnant's `days_from_civil`.
 */
export function daysFromCivil(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Scratch output of {@link civilFromDays}: [year, month, day]; reused to avoid per-row allocation. */
export const CIVIL = new Int32Array(3);

/** Writes the (year, month 1-12, day 1-31) of `days` since 1970-01-01 into {@link CIVIL}. */
export function civilFromDays(days: number): Int32Array {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  CIVIL[0] = yoe + era * 400 + (m <= 2 ? 1 : 0);
  CIVIL[1] = m;
  CIVIL[2] = d;
  return CIVIL;
}

/** Days in month `m` (1-12) of astronomical year `y`. */
export function daysInMonth(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0)) ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

function pad2(n: number): string {
  return n < 10 ? '0' + n : String(n);
}

function formatYmd(days: number): string {
  const c = civilFromDays(days);
  const y = c[0]!;
  const ys = y > 0 ? y : 1 - y; // year 0 is 1 BC
  const yt = ys < 1000 ? String(ys).padStart(4, '0') : String(ys);
  return yt + '-' + pad2(c[1]!) + '-' + pad2(c[2]!);
}

/** PostgreSQL's text output of a date (days since 1970-01-01): `2024-01-02`, `0044-03-15 BC`, `infinity`. */
export function formatDate(days: number): string {
  if (days === DATE_INFINITY) return 'infinity';
  if (days === DATE_NEG_INFINITY) return '-infinity';
  const s = formatYmd(days);
  return CIVIL[0]! > 0 ? s : s + ' BC';
}

/** PostgreSQL's text output of a timestamp (epoch ms, µs as fraction): `1970-01-01 00:00:01.50025`, `infinity`. */
export function formatTimestamp(ms: number): string {
  if (ms === Infinity) return 'infinity';
  if (ms === -Infinity) return '-infinity';
  const totalUs = Math.round(ms * 1000);
  const days = Math.floor(totalUs / US_PER_DAY);
  let us = totalUs - days * US_PER_DAY;
  const ymd = formatYmd(days);
  const bc = CIVIL[0]! <= 0;
  const h = Math.floor(us / 3600000000); us -= h * 3600000000;
  const mi = Math.floor(us / 60000000); us -= mi * 60000000;
  const sec = Math.floor(us / 1000000); us -= sec * 1000000;
  let out = ymd + ' ' + pad2(h) + ':' + pad2(mi) + ':' + pad2(sec);
  if (us > 0) {
    let f = String(us).padStart(6, '0');
    let e = f.length;
    while (f.charCodeAt(e - 1) === 48) e--;
    f = f.slice(0, e);
    out += '.' + f;
  }
  return bc ? out + ' BC' : out;
}

/** timestamp → date (floor to the day; ±infinity map to the infinite dates). */
export function timestampToDate(ms: number): number {
  if (ms === Infinity) return DATE_INFINITY;
  if (ms === -Infinity) return DATE_NEG_INFINITY;
  return Math.floor(ms / MS_PER_DAY);
}

/** date → timestamp (midnight; the infinite dates map to ±Infinity). */
export function dateToTimestamp(days: number): number {
  if (days === DATE_INFINITY) return Infinity;
  if (days === DATE_NEG_INFINITY) return -Infinity;
  return days * MS_PER_DAY;
}
