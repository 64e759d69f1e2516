/**
 * Value helpers of live queries: equality of cells (an update that changes nothing visible is
 * not delivered), row keys (a row's identity across commits) and whole-row content keys (the
 * multiset diff of rows that have no key), and building owned vectors of a given type.
 */
import type { LiveKey, LiveRows } from '../api/engine-api.ts';
import type { DataType } from '../types/data-type.ts';
import { allocData, gather, valueAt, vectorFromValues, type JsValue, type Vector } from '../types/vector.ts';

/**
 * True when two cell values are the same for a subscriber: NULL equals NULL, NaN equals NaN,
 * 0 equals -0, byte arrays compare by content.
 *
 * @example
 * ```ts
 * sameValue(null, null);                                   // true
 * sameValue(new Uint8Array([1]), new Uint8Array([1]));     // true
 * sameValue(1, 1n);                                        // false
 * ```
 */
export function sameValue(a: JsValue, b: JsValue): boolean {
  if (a === b) return true;
  if (a === null || b === null) return false;
  if (typeof a === 'number' && typeof b === 'number') return a !== a && b !== b;
  if (a instanceof Uint8Array && b instanceof Uint8Array) {
    if (a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
    return true;
  }
  return false;
}

/** Appends one value's tagged, length-prefixed encoding to `s` (unambiguous when concatenated). */
function encode(v: JsValue): string {
  if (v === null) return 'n;';
  switch (typeof v) {
    case 'number': return `d${Object.is(v, -0) ? 0 : v};`;
    case 'bigint': return `b${v};`;
    case 'boolean': return v ? 't;' : 'f;';
    case 'string': return `s${v.length}:${v}`;
    default: {
      let s = `x${v.length}:`;
      for (let i = 0; i < v.length; i++) s += String.fromCharCode(v[i]!);
      return s;
    }
  }
}

/**
 * The key of one value: numbers, bigints and booleans as themselves (Map keys compare them by
 * value), anything else as a tagged string.
 *
 * @example
 * ```ts
 * keyOfValue(5);        // 5
 * keyOfValue('a');      // 's1:a'
 * keyOfValue(null);     // 'n;'
 * ```
 */
export function keyOfValue(v: JsValue): LiveKey {
  if (typeof v === 'number') return Object.is(v, -0) ? 0 : v;
  if (typeof v === 'bigint' || typeof v === 'boolean') return v;
  return encode(v);
}

/**
 * The key of several values (a composite key, or a whole row's content).
 *
 * @example
 * ```ts
 * keyOfValues([1, 'a']);   // 'd1;s1:a'
 * ```
 */
export function keyOfValues(values: readonly JsValue[]): string {
  let s = '';
  for (let i = 0; i < values.length; i++) s += encode(values[i]!);
  return s;
}

/**
 * A vector of `type` holding the selected positions of `v` (a copy; a NULL-typed vector, as a
 * projected NULL literal gives, becomes a typed all-NULL vector).
 */
export function ownVector(v: Vector, type: DataType, sel: Int32Array): Vector {
  const n = sel.length;
  if (v.type === 'null' && type !== 'null') return { type, length: n, data: allocData(type, n), nulls: new Uint8Array(n).fill(1) };
  return gather(v, sel, n);
}

/**
 * Live rows from row arrays (the re-evaluated path and coalesced changes).
 *
 * @example
 * ```ts
 * rowsFromArrays(['integer'], [[1], [2]], [1, 2]).length;   // 2
 * ```
 */
export function rowsFromArrays(types: readonly DataType[], rows: readonly (readonly JsValue[])[], keys: readonly LiveKey[] | null): LiveRows {
  const vectors = types.map((t, c) => vectorFromValues(t, rows.map((r) => r[c] ?? null)));
  return { length: rows.length, vectors, keys };
}

/** Row arrays of live rows. */
export function rowArrays(rows: LiveRows): JsValue[][] {
  const out: JsValue[][] = new Array(rows.length);
  const vs = rows.vectors;
  for (let i = 0; i < rows.length; i++) {
    const r: JsValue[] = new Array(vs.length);
    for (let c = 0; c < vs.length; c++) {
      const v = vs[c]!;
      r[c] = valueAt(v, i);
    }
    out[i] = r;
  }
  return out;
}
