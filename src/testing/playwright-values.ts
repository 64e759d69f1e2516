/**
 * Values between a Playwright test (Node) and the page hook: `page.evaluate` carries JSON-like
 * data, so the kit tags what JSON cannot hold (bigint, bytes, non-finite numbers, -0) on one side
 * and restores it on the other. Rows keep every InkDB value type exact both ways.
 */

/** A value as it crosses `page.evaluate`. */
export type WireValue =
  | null | boolean | number | string
  | { readonly $bigint: string } | { readonly $bytes: string } | { readonly $number: string }
  | readonly WireValue[] | { readonly [k: string]: WireValue };

/**
 * Tags a value for `page.evaluate` (recursively through arrays and plain objects).
 *
 * @example
 * ```ts
 * encodeValue({ id: 1n, b: new Uint8Array([255]) });   // { id: { $bigint: '1' }, b: { $bytes: 'ff' } }
 * ```
 */
export function encodeValue(v: unknown): WireValue {
  if (v === null || v === undefined) return null;
  switch (typeof v) {
    case 'bigint': return { $bigint: v.toString() };
    case 'number': return Number.isFinite(v) && !Object.is(v, -0) ? v : { $number: Object.is(v, -0) ? '-0' : String(v) };
    case 'boolean': case 'string': return v;
    default: break;
  }
  if (v instanceof Uint8Array) {
    let hex = '';
    for (let i = 0; i < v.length; i++) hex += v[i]!.toString(16).padStart(2, '0');
    return { $bytes: hex };
  }
  if (v instanceof Date) return v.getTime();
  if (Array.isArray(v)) return v.map(encodeValue);
  if (typeof v === 'object') {
    const out: Record<string, WireValue> = {};
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) out[k] = encodeValue(x);
    return out;
  }
  return String(v);
}

/**
 * Restores a value tagged by {@link encodeValue}.
 *
 * @example
 * ```ts
 * decodeValue({ $bigint: '1' });   // 1n
 * ```
 */
export function decodeValue(v: WireValue | undefined): unknown {
  if (v === null || v === undefined || typeof v !== 'object') return v ?? null;
  if (Array.isArray(v)) return v.map(decodeValue);
  const o = v as Record<string, WireValue>;
  if (typeof o['$bigint'] === 'string') return BigInt(o['$bigint']);
  if (typeof o['$number'] === 'string') return o['$number'] === '-0' ? -0 : Number(o['$number']);
  if (typeof o['$bytes'] === 'string') {
    const hex = o['$bytes'];
    const out = new Uint8Array(hex.length / 2);
    for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
    return out;
  }
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(o)) out[k] = decodeValue(x);
  return out;
}
