/**
 * Evaluators for the remaining operators: scalar function calls, bit operators, text and
 * bytea concatenation and CAST (with VARCHAR(n) truncation).
 */
import type { DataType } from '../../types/data-type.ts';
import type { Selection, Vector } from '../../types/vector.ts';
import type { ExecContext } from '../context.ts';
import type { NumericData } from '../../types/numeric-data.ts';
import type { NumericTypmod } from '../../types/numeric-value.ts';
import { applyTypmod } from '../../types/numeric-typmod.ts';
import { firstChars } from '../../types/char-length.ts';
import { castVector } from '../kernels/cast.ts';
import { unionNulls } from '../kernels/compare.ts';
import type { ScalarFunction } from './function-registry.ts';
import type { Evaluator } from './evaluator.ts';

/** A scalar function call: evaluates the arguments, then the function over whole vectors. */
export function callEvaluator(fn: ScalarFunction, args: readonly Evaluator[]): Evaluator {
  return (b, sel, ctx) => {
    const vs = new Array<Vector>(args.length);
    for (let i = 0; i < args.length; i++) vs[i] = args[i]!(b, sel, ctx);
    return fn.evaluate(vs, b.length, sel, ctx.eval);
  };
}

/** Bit operators on integer or bigint operands (`~` is unary: `r` is null). */
export function bitopEvaluator(l: Evaluator, r: Evaluator | null, op: '&' | '|' | '<<' | '>>' | '~', type: DataType): Evaluator {
  return (b, sel, ctx) => {
    const x = l(b, sel, ctx), y = r === null ? null : r(b, sel, ctx);
    const n = b.length;
    const nulls = unionNulls(x.nulls, y === null ? null : y.nulls, n);
    const m = sel === null ? n : sel.length;
    if (type === 'bigint') {
      const a = x.data as BigInt64Array, c = y === null ? null : (y.data as ArrayLike<unknown>), out = new BigInt64Array(n);
      for (let k = 0; k < m; k++) {
        const i = sel === null ? k : sel[k]!;
        const v = a[i]!;
        switch (op) {
          case '&': out[i] = v & (c![i] as bigint); break;
          case '|': out[i] = v | (c![i] as bigint); break;
          case '~': out[i] = ~v; break;
          // the count is taken mod 64, as PostgreSQL's C shift on every platform it runs on
          case '<<': out[i] = BigInt.asIntN(64, v << BigInt((c![i] as number) & 63)); break;
          case '>>': out[i] = v >> BigInt((c![i] as number) & 63); break;
        }
      }
      return { type, length: n, data: out, nulls };
    }
    const a = x.data as Int32Array, c = y === null ? null : (y.data as Int32Array), out = new Int32Array(n);
    for (let k = 0; k < m; k++) {
      const i = sel === null ? k : sel[k]!;
      const v = a[i]!;
      switch (op) {
        case '&': out[i] = v & c![i]!; break;
        case '|': out[i] = v | c![i]!; break;
        case '~': out[i] = ~v; break;
        case '<<': out[i] = v << c![i]!; break;
        case '>>': out[i] = v >> c![i]!; break;
      }
    }
    // smallint results wrap to 16 bits, as PostgreSQL's int2shl: (int16) (x << n)
    if (type === 'smallint' && op === '<<') for (let i = 0; i < n; i++) out[i] = (out[i]! << 16) >> 16;
    return { type, length: n, data: out, nulls };
  };
}

/**
 * Charges the text budget for the concatenations of the selected non-NULL rows before any is
 * built (54000, never V8's string-length RangeError); `xd`/`yd` are strings or byte arrays.
 */
function reserveConcat(xd: readonly { readonly length: number }[], yd: readonly { readonly length: number }[], nulls: Uint8Array | null, sel: Selection, m: number, ctx: ExecContext): void {
  let total = 0, longest = 0;
  for (let k = 0; k < m; k++) {
    const i = sel === null ? k : sel[k]!;
    if (nulls !== null && nulls[i] === 1) continue;
    const len = xd[i]!.length + yd[i]!.length;
    total += len;
    if (len > longest) longest = len;
  }
  ctx.eval.textBudget.reserveBatch(total, longest);
}

/** Text concatenation `l || r` (NULL when either side is NULL). */
export function concatEvaluator(l: Evaluator, r: Evaluator): Evaluator {
  return (b, sel, ctx) => {
    const x = l(b, sel, ctx), y = r(b, sel, ctx);
    const n = b.length, out = new Array<string>(n).fill('');
    const nulls = x.type === 'null' || y.type === 'null' ? new Uint8Array(n).fill(1) : unionNulls(x.nulls, y.nulls, n);
    const xd = x.data as string[], yd = y.data as string[];
    const m = sel === null ? n : sel.length;
    reserveConcat(xd, yd, nulls, sel, m, ctx);
    for (let k = 0; k < m; k++) {
      const i = sel === null ? k : sel[k]!;
      if (nulls !== null && nulls[i] === 1) continue;
      out[i] = xd[i]! + yd[i]!;
    }
    return { type: 'text', length: n, data: out, nulls };
  };
}

/** Binary concatenation `bytea || bytea` (NULL when either side is NULL). */
export function bytesConcatEvaluator(l: Evaluator, r: Evaluator): Evaluator {
  return (b, sel, ctx) => {
    const x = l(b, sel, ctx), y = r(b, sel, ctx);
    const n = b.length, out = new Array<Uint8Array>(n).fill(EMPTY_BYTES);
    const nulls = x.type === 'null' || y.type === 'null' ? new Uint8Array(n).fill(1) : unionNulls(x.nulls, y.nulls, n);
    const xd = x.data as Uint8Array[], yd = y.data as Uint8Array[];
    const m = sel === null ? n : sel.length;
    reserveConcat(xd, yd, nulls, sel, m, ctx);
    for (let k = 0; k < m; k++) {
      const i = sel === null ? k : sel[k]!;
      if (nulls !== null && nulls[i] === 1) continue;
      const a = xd[i]!, c = yd[i]!, v = new Uint8Array(a.length + c.length);
      v.set(a, 0);
      v.set(c, a.length);
      out[i] = v;
    }
    return { type: 'bytes', length: n, data: out, nulls };
  };
}

const EMPTY_BYTES = new Uint8Array(0);

/**
 * CAST to `type`; string results longer than `maxLength` (VARCHAR(n)) are truncated; numeric
 * results are rounded to a `numeric(p, s)` typmod (22003 past the precision).
 */
export function castEvaluator(a: Evaluator, type: DataType, maxLength: number | null, typmod: NumericTypmod | null = null): Evaluator {
  return (b, sel, ctx) => {
    const v = castVector(a(b, sel, ctx), type, sel);
    if (typmod !== null) return { ...v, data: applyTypmod(v.data as NumericData, typmod, b.length, v.nulls, sel) };
    if (maxLength === null || !Array.isArray(v.data)) return v;
    const d = (v.data as string[]).slice();
    const m = sel === null ? b.length : sel.length;
    for (let k = 0; k < m; k++) { const i = sel === null ? k : sel[k]!; if (d[i]!.length > maxLength) d[i] = firstChars(d[i]!, maxLength); }
    return { ...v, data: d };
  };
}
