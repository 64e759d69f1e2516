/**
 * Boolean logic over evaluators with SQL's three-valued semantics: AND/OR (later arguments
 * only see undecided rows, so `x <> 0 AND 10 / x > 1` never divides by zero), NOT, IS [NOT]
 * NULL, IS [NOT] TRUE/FALSE/UNKNOWN and IS [NOT] DISTINCT FROM.
 */
import type { DataType } from '../../types/data-type.ts';
import type { Selection } from '../../types/vector.ts';
import { crossComparator } from '../kernels/compare.ts';
import type { Evaluator } from './evaluator.ts';

/** Three-valued AND / OR with short-circuit: later arguments only see undecided rows. */
export function andOrEvaluator(args: Evaluator[], isAnd: boolean): Evaluator {
  const decided = isAnd ? 0 : 1;
  return (b, sel, ctx) => {
    const n = b.length;
    const out = new Uint8Array(n);
    let nulls: Uint8Array | null = null;
    let active: Selection = sel;
    const m0 = sel === null ? n : sel.length;
    for (let k = 0; k < m0; k++) out[sel === null ? k : sel[k]!] = 1 - decided;
    for (let a = 0; a < args.length; a++) {
      const m = active === null ? n : active.length;
      if (m === 0) break;
      const v = args[a]!(b, active, ctx);
      const d = v.data as Uint8Array, vn = v.type === 'null' ? null : v.nulls;
      const allNull = v.type === 'null';
      const next = new Int32Array(m);
      let c = 0;
      for (let k = 0; k < m; k++) {
        const i = active === null ? k : active[k]!;
        if (allNull || (vn !== null && vn[i] === 1)) {
          if (nulls === null) nulls = new Uint8Array(n);
          nulls[i] = 1;
          next[c++] = i;
        } else if (d[i] === decided) {
          out[i] = decided;
          if (nulls !== null) nulls[i] = 0;
        } else {
          next[c++] = i;
        }
      }
      active = c === m && active !== null ? active : next.subarray(0, c);
    }
    return { type: 'boolean', length: n, data: out, nulls };
  };
}

/** NOT of a boolean evaluator (NULL stays NULL). */
export function notEvaluator(a: Evaluator): Evaluator {
  return (b, sel, ctx) => {
    const v = a(b, sel, ctx);
    const n = b.length, d = v.data as Uint8Array, out = new Uint8Array(n);
    const m = sel === null ? n : sel.length;
    for (let k = 0; k < m; k++) { const i = sel === null ? k : sel[k]!; out[i] = d[i]! ^ 1; }
    return { type: 'boolean', length: n, data: out, nulls: v.nulls };
  };
}

/** IS [NOT] NULL; `allNull` when the argument's type is `null` (every row is NULL). */
export function isNullEvaluator(a: Evaluator, negated: boolean, allNull: boolean): Evaluator {
  const neg = negated ? 1 : 0;
  return (b, sel, ctx) => {
    const v = a(b, sel, ctx);
    const n = b.length, out = new Uint8Array(n), nl = v.nulls;
    const m = sel === null ? n : sel.length;
    for (let k = 0; k < m; k++) {
      const i = sel === null ? k : sel[k]!;
      out[i] = ((allNull || (nl !== null && nl[i] === 1)) ? 1 : 0) ^ neg;
    }
    return { type: 'boolean', length: n, data: out, nulls: null };
  };
}

/** IS [NOT] TRUE / FALSE (`value` true/false) or UNKNOWN (`value` null). */
export function isBoolEvaluator(a: Evaluator, value: boolean | null, negated: boolean): Evaluator {
  return (b, sel, ctx) => {
    const v = a(b, sel, ctx);
    const n = b.length, out = new Uint8Array(n), nl = v.nulls, d = v.data as Uint8Array;
    const m = sel === null ? n : sel.length;
    for (let k = 0; k < m; k++) {
      const i = sel === null ? k : sel[k]!;
      const isNull = nl !== null && nl[i] === 1;
      const r = value === null ? isNull : !isNull && (d[i] === 1) === value;
      out[i] = (r !== negated) ? 1 : 0;
    }
    return { type: 'boolean', length: n, data: out, nulls: null };
  };
}

/** IS [NOT] DISTINCT FROM: NULL-safe comparison of two operands of type `type`. */
export function distinctFromEvaluator(l: Evaluator, r: Evaluator, type: DataType, negated: boolean): Evaluator {
  void type; // both operands have it; the comparison is chosen per vector pair
  const neg = negated;
  return (b, sel, ctx) => {
    const x = l(b, sel, ctx), y = r(b, sel, ctx);
    const n = b.length, out = new Uint8Array(n);
    const cmp = crossComparator(x, y);
    const m = sel === null ? n : sel.length;
    for (let k = 0; k < m; k++) {
      const i = sel === null ? k : sel[k]!;
      const xn = x.type === 'null' || (x.nulls !== null && x.nulls[i] === 1);
      const yn = y.type === 'null' || (y.nulls !== null && y.nulls[i] === 1);
      const distinct = xn || yn ? xn !== yn : cmp(i, i) !== 0;
      out[i] = distinct !== neg ? 1 : 0;
    }
    return { type: 'boolean', length: n, data: out, nulls: null };
  };
}
