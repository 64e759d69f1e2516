/**
 * Strings with few distinct values as a dictionary and codes: how repetitive text crosses to
 * and from the Worker. A module of its own, so that the client's entry, which only decodes such
 * columns, does not carry the encoder.
 */

/**
 * A column of strings with few distinct values as a dictionary and codes (cheaper to clone than
 * every string); else null. With `nulls`, a null value is code -1 (packed rows: a text column
 * with NULLs); without, any value that is not a string makes the answer null. Used for results
 * (`worker-wire.ts`'s `dictionaryColumn`) and for packed rows (`row-packing.ts`). The strings
 * seen last are kept by their last character: a value equal to the one in its slot takes that
 * code without hashing (each row's string is mostly a new object, whose hash a map lookup would
 * compute).
 */
export function dictionaryOf(values: readonly unknown[], transfer: unknown[], nulls = false): { readonly dict: readonly string[]; readonly codes: Int32Array } | null {
  const n = values.length;
  const ids = new Map<string, number>();
  const dict: string[] = [];
  const codes = new Int32Array(n);
  const recent: (string | undefined)[] = new Array<string | undefined>(64).fill(undefined);
  const recentCode = new Int32Array(64);
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (typeof v !== 'string') {
      if (v !== null || !nulls) return null;
      codes[i] = -1;
      continue;
    }
    const slot = v.length === 0 ? 0 : v.charCodeAt(v.length - 1) & 63;
    if (recent[slot] === v) {
      codes[i] = recentCode[slot]!;
      continue;
    }
    let k = ids.get(v);
    if (k === undefined) {
      k = dict.length;
      if (k > n >> 2) return null;
      ids.set(v, k);
      dict.push(v);
    }
    recent[slot] = v;
    recentCode[slot] = k;
    codes[i] = k;
  }
  transfer.push(codes.buffer);
  return { dict, codes };
}
