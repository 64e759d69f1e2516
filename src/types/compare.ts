/**
 * Comparison rules: one total order per type, NULLs handled by callers. Text compares in
 * Unicode code-point order (JavaScript's `<` compares UTF-16 code units, which differs only
 * when the first difference involves a surrogate pair; {@link compareText} fixes that case).
 */
import type { DataType } from './data-type.ts';
import { compareNumericValues, parseNumeric } from './numeric-value.ts';

/** Code-point order of two strings: negative, zero or positive. */
export function compareText(a: string, b: string): number {
  if (a === b) return 0;
  const n = a.length < b.length ? a.length : b.length;
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x !== y) {
      if (x >= 0xd800 && y >= 0xd800) {
        // surrogates (D800–DFFF) encode code points above FFFF: order them after E000–FFFF
        x = x >= 0xe000 ? x - 0x800 : x + 0x2000;
        y = y >= 0xe000 ? y - 0x800 : y + 0x2000;
      }
      return x - y;
    }
  }
  return a.length - b.length;
}

/** Byte-wise order of two byte arrays. */
export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = a.length < b.length ? a.length : b.length;
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

/**
 * Compares two non-null JS values of the same SQL type (numbers may be mixed with bigints
 * for integer types; numerics compare by value, `1.5` = `1.50`). NaN sorts above every other
 * double or numeric, as PostgreSQL does.
 */
export function compareValues(a: unknown, b: unknown, type: DataType): number {
  if (type === 'numeric') return compareNumericValues(parseNumeric(a as string), parseNumeric(b as string));
  return comparePlainValues(a, b, type);
}

/**
 * {@link compareValues} for every type but numeric (which needs the decimal parser): what the
 * page compares with, so the client bundles no numeric arithmetic.
 *
 * @example
 * ```ts
 * comparePlainValues('b', 'a', 'text');   // positive
 * comparePlainValues(2n, 3, 'bigint');    // -1
 * ```
 */
export function comparePlainValues(a: unknown, b: unknown, type: Exclude<DataType, 'numeric'>): number {
  switch (type) {
    case 'text': case 'json': case 'uuid':
      return compareText(a as string, b as string);
    case 'bytes':
      return compareBytes(a as Uint8Array, b as Uint8Array);
    case 'boolean':
      return (a ? 1 : 0) - (b ? 1 : 0);
    case 'bigint': {
      const x = a as bigint | number, y = b as bigint | number;
      return x < y ? -1 : x > y ? 1 : 0;
    }
    case 'double': case 'real': {
      const x = a as number, y = b as number;
      if (x < y) return -1;
      if (x > y) return 1;
      if (x === y) return 0;
      const xn = x !== x, yn = y !== y;
      return xn === yn ? 0 : xn ? 1 : -1;
    }
    default: {
      const x = a as number, y = b as number;
      return x < y ? -1 : x > y ? 1 : 0;
    }
  }
}
