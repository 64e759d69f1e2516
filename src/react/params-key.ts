/**
 * A stable key for a parameter list, so that hooks re-run a query when its parameters change
 * in value, not when the array is a new object on every render.
 */

/**
 * The key of a parameter list: equal lists (by value; bigints, bytes and dates included) give
 * equal keys.
 *
 * @example
 * ```ts
 * paramsKey(['general', 1n]) === paramsKey(['general', 1n]);   // true
 * paramsKey([1]) === paramsKey(['1']);                          // false
 * ```
 */
export function paramsKey(params: readonly unknown[] | undefined): string {
  if (params === undefined || params.length === 0) return '[]';
  return JSON.stringify(params, (_k, v: unknown) => {
    if (typeof v === 'bigint') return { $bigint: v.toString() };
    if (v instanceof Uint8Array) return { $bytes: Array.from(v) };
    if (typeof v === 'number' && !Number.isFinite(v)) return { $number: String(v) };
    if (v === undefined) return { $undefined: true };
    return v;
  });
}
