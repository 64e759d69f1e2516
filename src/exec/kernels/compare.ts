/**
 * Comparison kernels: vector-vs-vector and vector-vs-constant, chosen once per expression by
 * type; they loop over typed arrays (or the selection) and write a boolean vector.
 */
import type { DataType } from '../../types/data-type.ts';
import { compareBytes, compareText, compareValues } from '../../types/compare.ts';
import type { JsValue, Selection, Vector } from '../../types/vector.ts';
import { selectNumberConst, selectTextConst } from './select-kernels.ts';
import { type NumericData } from '../../types/numeric-data.ts';
import { compareNumericAt } from '../../types/numeric-data-ops.ts';
import { compareNumericRows, numericConstAsDouble, numericPairAsDoubles, selectNumericRows } from './numeric-compare.ts';

/** Comparison operators. */
export type CmpOp = '=' | '<>' | '<' | '<=' | '>' | '>=';

/** Union of two null masks over the selected rows (null when neither has nulls). */
export function unionNulls(a: Uint8Array | null, b: Uint8Array | null, n: number): Uint8Array | null {
  if (a === null) return b === null ? null : b.length === n ? b : b.slice(0, n);
  if (b === null) return a.length === n ? a : a.slice(0, n);
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = a[i]! | b[i]!;
  return out;
}

/** Three-way comparison function of two non-null values of a type. */
export function comparatorFor(type: DataType): (a: unknown, b: unknown) => number {
  switch (type) {
    case 'text': case 'json': case 'uuid': return compareText as (a: unknown, b: unknown) => number;
    case 'bytes': return compareBytes as (a: unknown, b: unknown) => number;
    case 'numeric': return (a, b) => compareValues(a, b, 'numeric'); // texts, parsed per call (row-at-a-time callers only)
    case 'double': case 'real': return (a, b) => {
      const x = a as number, y = b as number;
      if (x < y) return -1;
      if (x > y) return 1;
      if (x === y) return 0;
      const xn = x !== x, yn = y !== y;
      return xn === yn ? 0 : xn ? 1 : -1;
    };
    default: return (a, b) => ((a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : 0);
  }
}

/**
 * A three-way comparison of two positions of one vector (non-null values), chosen once per
 * vector: numeric compares its scaled integers (fast form) or bigints, other types their array
 * elements through {@link comparatorFor}.
 */
export function positionComparator(v: Vector): (x: number, y: number) => number {
  if (v.type === 'numeric') {
    const a = v.data as NumericData;
    if (a.b === null) {
      const f = a.f;
      const cmp = comparatorFor('double');
      return (x, y) => cmp(f[x], f[y]);
    }
    return (x, y) => compareNumericAt(a, x, a, y);
  }
  if (v.type === 'boolean') {
    const d = v.data as Uint8Array;
    return (x, y) => d[x]! - d[y]!;
  }
  const cmp = comparatorFor(v.type);
  const d = v.data as ArrayLike<unknown>;
  return (x, y) => cmp(d[x], d[y]);
}

/**
 * A three-way comparison of position `i` of `l` with position `j` of `r` (same type, non-null
 * values), chosen once per vector pair.
 */
export function crossComparator(l: Vector, r: Vector): (i: number, j: number) => number {
  if (l.type === 'numeric' && r.type === 'numeric') {
    const a = l.data as NumericData, b = r.data as NumericData;
    return (i, j) => compareNumericAt(a, i, b, j);
  }
  if (l.type === 'boolean') {
    const x = l.data as Uint8Array, y = r.data as Uint8Array;
    return (i, j) => x[i]! - y[j]!;
  }
  const cmp = comparatorFor(l.type);
  const x = l.data as ArrayLike<unknown>, y = r.data as ArrayLike<unknown>;
  return (i, j) => cmp(x[i], y[j]);
}

/** True for types whose data compare correctly with JS `<`/`===` on the raw array elements (no NaN/strings subtleties). */
function isPlainNumeric(type: DataType): boolean {
  return type === 'integer' || type === 'smallint' || type === 'date' || type === 'boolean' || type === 'bigint' || type === 'timestamp';
}

/** `left op right` for two vectors of the same type. */
export function compareVectors(op: CmpOp, l: Vector, r: Vector, n: number, sel: Selection): Vector {
  if (l.type === 'numeric' && r.type === 'numeric') {
    const p = numericPairAsDoubles(l, r);
    if (p !== null) return compareVectors(op, p[0], p[1], n, sel);
    const nulls = unionNulls(l.nulls, r.nulls, n);
    return { type: 'boolean', length: n, data: compareNumericRows(op, l, r, n, sel, nulls), nulls };
  }
  const out = new Uint8Array(n);
  const nulls = unionNulls(l.nulls, r.nulls, n);
  const type = l.type;
  const a = l.data as ArrayLike<unknown>, b = r.data as ArrayLike<unknown>;
  const m = sel === null ? n : sel.length;
  if (isPlainNumeric(type)) {
    const x = a as ArrayLike<number>, y = b as ArrayLike<number>;
    switch (op) {
      case '=': if (sel === null) for (let i = 0; i < m; i++) { out[i] = x[i] === y[i] ? 1 : 0; } else for (let k = 0; k < m; k++) { const i = sel[k]!; out[i] = x[i] === y[i] ? 1 : 0; } break;
      case '<>': if (sel === null) for (let i = 0; i < m; i++) { out[i] = x[i] !== y[i] ? 1 : 0; } else for (let k = 0; k < m; k++) { const i = sel[k]!; out[i] = x[i] !== y[i] ? 1 : 0; } break;
      case '<': if (sel === null) for (let i = 0; i < m; i++) { out[i] = x[i]! < y[i]! ? 1 : 0; } else for (let k = 0; k < m; k++) { const i = sel[k]!; out[i] = x[i]! < y[i]! ? 1 : 0; } break;
      case '<=': if (sel === null) for (let i = 0; i < m; i++) { out[i] = x[i]! <= y[i]! ? 1 : 0; } else for (let k = 0; k < m; k++) { const i = sel[k]!; out[i] = x[i]! <= y[i]! ? 1 : 0; } break;
      case '>': if (sel === null) for (let i = 0; i < m; i++) { out[i] = x[i]! > y[i]! ? 1 : 0; } else for (let k = 0; k < m; k++) { const i = sel[k]!; out[i] = x[i]! > y[i]! ? 1 : 0; } break;
      case '>=': if (sel === null) for (let i = 0; i < m; i++) { out[i] = x[i]! >= y[i]! ? 1 : 0; } else for (let k = 0; k < m; k++) { const i = sel[k]!; out[i] = x[i]! >= y[i]! ? 1 : 0; } break;
    }
  } else {
    const cmp = comparatorFor(type);
    for (let k = 0; k < m; k++) {
      const i = sel === null ? k : sel[k]!;
      if (nulls !== null && nulls[i] === 1) continue;
      out[i] = testCmp(op, cmp(a[i], b[i]));
    }
  }
  return { type: 'boolean', length: n, data: out, nulls };
}

/** `left op constant` (constant non-null, of the vector's type). */
export function compareVectorConst(op: CmpOp, l: Vector, c: JsValue, n: number, sel: Selection): Vector {
  if (l.type === 'numeric') {
    const p = numericConstAsDouble(l, c);
    if (p !== null) return compareVectorConst(op, p[0], p[1], n, sel);
    const nulls = l.nulls === null ? null : l.nulls.slice(0, n);
    const hits = selectNumericRows(op, l, c, n, sel);
    const out = new Uint8Array(n);
    for (let k = 0; k < hits.length; k++) out[hits[k]!] = 1;
    return { type: 'boolean', length: n, data: out, nulls };
  }
  const out = new Uint8Array(n);
  const type = l.type;
  const m = sel === null ? n : sel.length;
  const nulls = l.nulls === null ? null : l.nulls.length === n ? l.nulls : l.nulls.slice(0, n);
  if (isPlainNumeric(type) || ((type === 'double' || type === 'real') && c === c)) {
    // NaN-free constant: JS comparisons match SQL except NaN data, where SQL says NaN is largest
    const x = l.data as ArrayLike<number>;
    const y = (type === 'boolean' ? (c ? 1 : 0) : c) as number;
    const nanAware = type === 'double' || type === 'real';
    switch (op) {
      case '=': if (sel === null) for (let i = 0; i < m; i++) { out[i] = x[i] === y ? 1 : 0; } else for (let k = 0; k < m; k++) { const i = sel[k]!; out[i] = x[i] === y ? 1 : 0; } break;
      case '<>': if (sel === null) for (let i = 0; i < m; i++) { out[i] = x[i] !== y ? 1 : 0; } else for (let k = 0; k < m; k++) { const i = sel[k]!; out[i] = x[i] !== y ? 1 : 0; } break;
      case '<': if (sel === null) for (let i = 0; i < m; i++) { out[i] = x[i]! < y ? 1 : 0; } else for (let k = 0; k < m; k++) { const i = sel[k]!; out[i] = x[i]! < y ? 1 : 0; } break;
      case '<=': if (sel === null) for (let i = 0; i < m; i++) { out[i] = x[i]! <= y ? 1 : 0; } else for (let k = 0; k < m; k++) { const i = sel[k]!; out[i] = x[i]! <= y ? 1 : 0; } break;
      case '>': if (sel === null) for (let i = 0; i < m; i++) { const v = x[i]!; out[i] = v > y || (nanAware && v !== v) ? 1 : 0; } else for (let k = 0; k < m; k++) { const i = sel[k]!; const v = x[i]!; out[i] = v > y || (nanAware && v !== v) ? 1 : 0; } break;
      case '>=': if (sel === null) for (let i = 0; i < m; i++) { const v = x[i]!; out[i] = v >= y || (nanAware && v !== v) ? 1 : 0; } else for (let k = 0; k < m; k++) { const i = sel[k]!; const v = x[i]!; out[i] = v >= y || (nanAware && v !== v) ? 1 : 0; } break;
    }
    return { type: 'boolean', length: n, data: out, nulls };
  }
  if ((type === 'text' || type === 'uuid' || type === 'json') && (op === '=' || op === '<>')) {
    const x = l.data as string[];
    const eq = op === '=' ? 1 : 0, ne = 1 - eq;
    if (sel === null) for (let i = 0; i < m; i++) { out[i] = x[i] === c ? eq : ne; } else for (let k = 0; k < m; k++) { const i = sel[k]!; out[i] = x[i] === c ? eq : ne; }
    return { type: 'boolean', length: n, data: out, nulls };
  }
  const cmp = comparatorFor(type);
  const a = l.data as ArrayLike<unknown>;
  for (let k = 0; k < m; k++) {
    const i = sel === null ? k : sel[k]!;
    if (nulls !== null && nulls[i] === 1) continue;
    out[i] = testCmp(op, cmp(a[i], c));
  }
  return { type: 'boolean', length: n, data: out, nulls };
}

/** Applies an operator to a three-way comparison result. */
export function testCmp(op: CmpOp, c: number): number {
  switch (op) {
    case '=': return c === 0 ? 1 : 0;
    case '<>': return c !== 0 ? 1 : 0;
    case '<': return c < 0 ? 1 : 0;
    case '<=': return c <= 0 ? 1 : 0;
    case '>': return c > 0 ? 1 : 0;
    case '>=': return c >= 0 ? 1 : 0;
  }
}

/** Flips an operator for swapped operands (`5 < x` → `x > 5`). */
export function flipCmp(op: CmpOp): CmpOp {
  switch (op) {
    case '<': return '>';
    case '<=': return '>=';
    case '>': return '<';
    case '>=': return '<=';
    default: return op;
  }
}

/**
 * Filter kernel: positions (from `sel`, or 0..n-1) where `v op c` is TRUE, without building
 * a boolean vector. `c` is a non-null constant of the vector's type.
 */
export function selectCmpConst(op: CmpOp, v: Vector, c: JsValue, n: number, sel: Selection): Int32Array {
  if (v.type === 'numeric') {
    const p = numericConstAsDouble(v, c);
    return p !== null ? selectCmpConst(op, p[0], p[1], n, sel) : selectNumericRows(op, v, c, n, sel);
  }
  const m = sel === null ? n : sel.length;
  const nl = v.nulls;
  const type = v.type;
  const numberLike = isPlainNumeric(type) || ((type === 'double' || type === 'real') && c === c);
  const textEq = (type === 'text' || type === 'uuid' || type === 'json') && (op === '=' || op === '<>');
  // typed leaf kernels per array type and operator (select-kernels.ts), before any buffer here
  if (nl === null) {
    if (numberLike) {
      const y = type === 'boolean' ? (c ? 1 : 0) : c;
      if (typeof y === 'number') {
        const hit = selectNumberConst(op, v.data, y, n, sel);
        if (hit !== null) return hit;
      }
    } else if (textEq) {
      return selectTextConst(op, v.data as string[], c as string, n, sel);
    }
  }
  const out = new Int32Array(m);
  let k = 0;
  if (numberLike) {
    const x = v.data as ArrayLike<number>;
    const y = (type === 'boolean' ? (c ? 1 : 0) : c) as number;
    const nan = type === 'double' || type === 'real';
    if (sel === null && nl === null) {
      switch (op) {
        case '=': for (let i = 0; i < n; i++) if (x[i] === y) out[k++] = i; break;
        case '<>': for (let i = 0; i < n; i++) if (x[i] !== y) out[k++] = i; break;
        case '<': for (let i = 0; i < n; i++) if (x[i]! < y) out[k++] = i; break;
        case '<=': for (let i = 0; i < n; i++) if (x[i]! <= y) out[k++] = i; break;
        case '>': for (let i = 0; i < n; i++) { const a = x[i]!; if (a > y || (nan && a !== a)) out[k++] = i; } break;
        case '>=': for (let i = 0; i < n; i++) { const a = x[i]!; if (a >= y || (nan && a !== a)) out[k++] = i; } break;
      }
    } else {
      for (let j = 0; j < m; j++) {
        const i = sel === null ? j : sel[j]!;
        if (nl !== null && nl[i] === 1) continue;
        const a = x[i]!;
        let hit: boolean;
        switch (op) {
          case '=': hit = a === y; break;
          case '<>': hit = a !== y; break;
          case '<': hit = a < y; break;
          case '<=': hit = a <= y; break;
          case '>': hit = a > y || (nan && a !== a); break;
          case '>=': hit = a >= y || (nan && a !== a); break;
        }
        if (hit) out[k++] = i;
      }
    }
    return k === m ? out : out.slice(0, k);
  }
  if (textEq) {
    const x = v.data as string[];
    const cs = c as string;
    const want = op === '=';
    if (sel === null && nl === null) {
      if (want) { for (let i = 0; i < n; i++) if (x[i] === cs) out[k++] = i; }
      else for (let i = 0; i < n; i++) if (x[i] !== cs) out[k++] = i;
    } else {
      for (let j = 0; j < m; j++) {
        const i = sel === null ? j : sel[j]!;
        if (nl !== null && nl[i] === 1) continue;
        if ((x[i] === cs) === want) out[k++] = i;
      }
    }
    return k === m ? out : out.slice(0, k);
  }
  const cmp = comparatorFor(type);
  const a = v.data as ArrayLike<unknown>;
  for (let j = 0; j < m; j++) {
    const i = sel === null ? j : sel[j]!;
    if (nl !== null && nl[i] === 1) continue;
    if (testCmp(op, cmp(a[i], c)) === 1) out[k++] = i;
  }
  return k === m ? out : out.slice(0, k);
}
