/**
 * `x [NOT] IN (list)` with SQL's NULL rules (no match and a NULL in the list → NULL). A list
 * of row-constant values becomes a hash set built once (per execution, or once for good when
 * every item is a literal); otherwise each row compares against each item.
 */
import type { DataType } from '../../types/data-type.ts';
import type { JsValue } from '../../types/vector.ts';
import type { ExecContext } from '../context.ts';
import { comparatorFor } from '../kernels/compare.ts';
import { setKey, type Evaluator } from './evaluator.ts';

/**
 * IN over row-constant items given as scalar thunks; `allConst` when every item is a literal
 * (the set is then built once and kept).
 */
export function inSetEvaluator(arg: Evaluator, scalars: readonly ((ctx: ExecContext) => JsValue)[], allConst: boolean, negated: boolean): Evaluator {
  let fixed: { set: Set<unknown>; hasNull: boolean; hasNaN: boolean } | null = null;
  const buildSet = (ctx: ExecContext) => {
    if (fixed !== null) return fixed;
    const set = new Set<unknown>();
    let hasNull = false, hasNaN = false;
    for (const sc of scalars) {
      const v = sc(ctx);
      if (v === null) hasNull = true;
      else if (typeof v === 'number' && v !== v) hasNaN = true;
      else set.add(setKey(v));
    }
    const r = { set, hasNull, hasNaN };
    if (allConst) fixed = r;
    return r;
  };
  return (b, sel, ctx) => {
    const { set, hasNull, hasNaN } = buildSet(ctx);
    const v = arg(b, sel, ctx);
    const n = b.length, out = new Uint8Array(n);
    let nulls: Uint8Array | null = null;
    const d = v.data as ArrayLike<unknown>, vn = v.nulls;
    const m = sel === null ? n : sel.length;
    const isBool = v.type === 'boolean';
    for (let k = 0; k < m; k++) {
      const i = sel === null ? k : sel[k]!;
      if (v.type === 'null' || (vn !== null && vn[i] === 1)) { (nulls ??= new Uint8Array(n))[i] = 1; continue; }
      const x = isBool ? d[i] === 1 : d[i];
      const found = set.has(setKey(x)) || (hasNaN && x !== x);
      if (found) out[i] = negated ? 0 : 1;
      else if (hasNull) (nulls ??= new Uint8Array(n))[i] = 1;
      else out[i] = negated ? 1 : 0;
    }
    return { type: 'boolean', length: n, data: out, nulls };
  };
}

/** IN over items that depend on the row: each row compares (as `argType`) against each item. */
export function inListEvaluator(arg: Evaluator, items: readonly Evaluator[], argType: DataType, negated: boolean): Evaluator {
  const cmp = comparatorFor(argType);
  return (b, sel, ctx) => {
    const v = arg(b, sel, ctx);
    const vs = items.map((it) => it(b, sel, ctx));
    const n = b.length, out = new Uint8Array(n);
    let nulls: Uint8Array | null = null;
    const m = sel === null ? n : sel.length;
    for (let k = 0; k < m; k++) {
      const i = sel === null ? k : sel[k]!;
      if (v.type === 'null' || (v.nulls !== null && v.nulls[i] === 1)) { (nulls ??= new Uint8Array(n))[i] = 1; continue; }
      const x = (v.data as ArrayLike<unknown>)[i];
      let found = false, sawNull = false;
      for (const w of vs) {
        if (w.type === 'null' || (w.nulls !== null && w.nulls[i] === 1)) { sawNull = true; continue; }
        if (cmp(x, (w.data as ArrayLike<unknown>)[i]) === 0) { found = true; break; }
      }
      if (found) out[i] = negated ? 0 : 1;
      else if (sawNull) (nulls ??= new Uint8Array(n))[i] = 1;
      else out[i] = negated ? 1 : 0;
    }
    return { type: 'boolean', length: n, data: out, nulls };
  };
}
