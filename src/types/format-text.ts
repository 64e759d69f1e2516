/**
 * Text output of values (`formatValue`, what `x::text` and result rendering produce), in
 * PostgreSQL's formats: shortest round-trip floats with PostgreSQL's exponent thresholds, hex
 * bytea, ISO dates and timestamps.
 */
import type { JsValue } from './vector.ts';
import type { DataType } from './data-type.ts';
import { formatDate, formatTimestamp } from './calendar.ts';

/** PostgreSQL's shortest-exact float output: fixed notation when -4 <= exp < maxExp, else d.ddde±XX. */
function pgFloatText(expForm: string, maxExp: number): string {
  // expForm is Number.prototype.toExponential() output: "-1.2345e+15"
  const ei = expForm.indexOf('e');
  let mant = expForm.slice(0, ei);
  const exp = Number(expForm.slice(ei + 1));
  let sign = '';
  if (mant[0] === '-') { sign = '-'; mant = mant.slice(1); }
  const digits = mant.length > 1 ? mant[0]! + mant.slice(2) : mant;
  if (exp >= -4 && exp < maxExp) {
    if (exp < 0) return sign + '0.' + '0'.repeat(-exp - 1) + digits;
    if (digits.length <= exp + 1) return sign + digits + '0'.repeat(exp + 1 - digits.length);
    return sign + digits.slice(0, exp + 1) + '.' + digits.slice(exp + 1);
  }
  const e = Math.abs(exp);
  return sign + digits[0]! + (digits.length > 1 ? '.' + digits.slice(1) : '') + (exp < 0 ? 'e-' : 'e+') + (e < 10 ? '0' + e : String(e));
}

function formatSpecialFloat(x: number): string | null {
  if (x !== x) return 'NaN';
  if (x === Infinity) return 'Infinity';
  if (x === -Infinity) return '-Infinity';
  if (x === 0) return Object.is(x, -0) ? '-0' : '0';
  return null;
}

/** PostgreSQL float8out (extra_float_digits = 1): `1.5`, `1e+100`, `1e-05`, `NaN`, `-Infinity`. */
export function formatDouble(x: number): string {
  const a = x < 0 ? -x : x;
  // JS and PostgreSQL both print the shortest round-trip digits; they differ only in when
  // they switch to exponent notation, so the fixed range can use String() directly.
  if (a >= 1e-4 && a < 1e15) return String(x);
  const sp = formatSpecialFloat(x);
  if (sp !== null) return sp;
  return pgFloatText(x.toExponential(), 15);
}

/** PostgreSQL float4out: shortest digits that round-trip through float32; exponent form from 1e6. */
export function formatReal(x: number): string {
  const sp = formatSpecialFloat(x);
  if (sp !== null) return sp;
  let p = 1;
  for (; p < 9; p++) {
    if (Math.fround(Number(x.toPrecision(p))) === x) break;
  }
  return pgFloatText(Number(x.toPrecision(p)).toExponential(), 6);
}

const HEX = '0123456789abcdef';

/** PostgreSQL byteaout (hex format): `\x0a0b`. */
export function formatBytes(b: Uint8Array): string {
  let s = '\\x';
  for (let i = 0; i < b.length; i++) {
    const x = b[i]!;
    s += HEX[x >> 4]! + HEX[x & 15]!;
  }
  return s;
}

/**
 * PostgreSQL's text output of a (non-null) value of `type`.
 *
 * @example
 * ```ts
 * formatValue(true, 'boolean');            // 'true'
 * formatValue('1.50', 'numeric');          // '1.50'
 * formatValue(1e100, 'double');            // '1e+100'
 * formatValue(0, 'date');                  // '1970-01-01'
 * formatValue(1500.25, 'timestamp');       // '1970-01-01 00:00:01.50025'
 * formatValue(new Uint8Array([10, 11]), 'bytes'); // '\\x0a0b'
 * ```
 */
export function formatValue(value: JsValue, type: DataType): string {
  if (value === null) return '';
  switch (type) {
    case 'boolean': return value ? 'true' : 'false';
    case 'smallint': case 'integer': case 'bigint': return String(value);
    case 'numeric': return value as string; // already PostgreSQL's text (the numeric JS form)
    case 'double': return formatDouble(value as number);
    case 'real': return formatReal(value as number);
    case 'text': case 'json': case 'uuid': return value as string;
    case 'timestamp': return formatTimestamp(value as number);
    case 'date': return formatDate(value as number);
    case 'bytes': return formatBytes(value as Uint8Array);
    case 'null': return '';
  }
}
