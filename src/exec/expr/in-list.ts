/**
 * `x [NOT] IN (list)` with SQL's NULL rules (no match and a NULL in the list → NULL). A list
 * of row-constant values becomes a hash set built once (per execution, or once for good when
 * every item is a literal); otherwise each row compares against each item.
 */
import type { DataType } from '../../types/data-type.ts';
import type { JsValue, Vector } from '../../types/vector.ts';
import type { ExecContext } from '../context.ts';
import { crossComparator } from '../kernels/compare.ts';
import { type NumericData } from '../../types/numeric-data.ts';
import { numericKeyAt } from '../../types/numeric-data-ops.ts';
import { FINITE, NAN, PINF, parseNumeric, pow10n } from '../../types/numeric-value.ts';
import { setKey, type Evaluator, type RowFilter } from './evaluator.ts';
import { internalize } from '../../types/intern.ts';

/**
 * The keys (as `numericKeyAt` reads them) the IN items (numeric texts) have in a numeric
 * vector's scale and form. An item with non-zero digits beyond the vector's scale, or too
 * large for its fast form, equals no value and is left out.
 */
function numericItemKeys(v: Vector, items: readonly JsValue[]): Set<unknown> {
  const a = v.data as NumericData;
  const S = a.scale;
  const set = new Set<unknown>();
  for (const t of items) {
    if (t === null) continue;
    const x = parseNumeric(t as string);
    if (x.special !== FINITE) { set.add(x.special === NAN ? NaN : x.special === PINF ? Infinity : -Infinity); continue; }
    let k: bigint;
    if (x.dscale <= S) k = x.int * pow10n(S - x.dscale);
    else {
      const p = pow10n(x.dscale - S);
      if (x.int % p !== 0n) continue;
      k = x.int / p;
    }
    if (a.b !== null) set.add(k);
    else if (k < 9007199254740992n && k > -9007199254740992n) set.add(Number(k));
  }
  return set;
}

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
    const built = buildSet(ctx);
    const { hasNull, hasNaN } = built;
    const v = arg(b, sel, ctx);
    const num = v.type === 'numeric';
    const set = num ? numericItemKeys(v, scalars.map((sc) => sc(ctx))) : built.set;
    const n = b.length, out = new Uint8Array(n);
    let nulls: Uint8Array | null = null;
    const d = v.data as ArrayLike<unknown>, vn = v.nulls;
    const m = sel === null ? n : sel.length;
    const isBool = v.type === 'boolean';
    for (let k = 0; k < m; k++) {
      const i = sel === null ? k : sel[k]!;
      if (v.type === 'null' || (vn !== null && vn[i] === 1)) { (nulls ??= new Uint8Array(n))[i] = 1; continue; }
      if (num) {
        const found = set.has(numericKeyAt(v.data as NumericData, i));
        if (found) out[i] = negated ? 0 : 1;
        else if (hasNull) (nulls ??= new Uint8Array(n))[i] = 1;
        else out[i] = negated ? 1 : 0;
        continue;
      }
      const x = isBool ? d[i] === 1 : d[i];
      const found = set.has(setKey(x)) || (hasNaN && x !== x);
      if (found) out[i] = negated ? 0 : 1;
      else if (hasNull) (nulls ??= new Uint8Array(n))[i] = 1;
      else out[i] = negated ? 1 : 0;
    }
    return { type: 'boolean', length: n, data: out, nulls };
  };
}

/** Items up to which a text IN list is tested by comparing with each (no hashing). */
const FEW_ITEMS = 8;

/**
 * `x [NOT] IN (texts)` as a row filter (positions where it is TRUE) when the items are text
 * literals: no boolean vector; a short list is compared item by item (equal interned strings
 * compare by pointer), a long one through a Set. Other argument types fall back to `general`.
 */
export function inTextSetFilter(arg: Evaluator, items: readonly JsValue[], negated: boolean, general: RowFilter): RowFilter {
  const texts = items.filter((x): x is string => typeof x === 'string').map(internalize);
  const set = new Set(texts);
  const hasNull = items.some((x) => x === null);
  const few = texts.length <= FEW_ITEMS ? texts : null;
  return (b, sel, ctx) => {
    const v = arg(b, sel, ctx);
    if (v.type !== 'text') return general(b, sel, ctx);
    // NOT IN with a NULL item is never TRUE; IN with one is TRUE exactly where a text matches
    if (negated && hasNull) return new Int32Array(0);
    const d = v.data as readonly string[], vn = v.nulls;
    const m = sel === null ? b.length : sel.length;
    const out = new Int32Array(m);
    let k = 0;
    for (let j = 0; j < m; j++) {
      const i = sel === null ? j : sel[j]!;
      if (vn !== null && vn[i] === 1) continue;
      const x = d[i]!;
      let found = false;
      if (few !== null) {
        for (let q = 0; q < few.length; q++) if (few[q] === x) { found = true; break; }
      } else {
        found = set.has(x);
      }
      if (found !== negated) out[k++] = i;
    }
    return out.slice(0, k);
  };
}

/** IN over items that depend on the row: each row compares (as `argType`) against each item. */
export function inListEvaluator(arg: Evaluator, items: readonly Evaluator[], argType: DataType, negated: boolean): Evaluator {
  void argType; // the operands already have it; comparisons are chosen per vector pair below
  return (b, sel, ctx) => {
    const v = arg(b, sel, ctx);
    const vs = items.map((it) => it(b, sel, ctx));
    const cmps = vs.map((w) => (w.type === 'null' ? null : crossComparator(v, w)));
    const n = b.length, out = new Uint8Array(n);
    let nulls: Uint8Array | null = null;
    const m = sel === null ? n : sel.length;
    for (let k = 0; k < m; k++) {
      const i = sel === null ? k : sel[k]!;
      if (v.type === 'null' || (v.nulls !== null && v.nulls[i] === 1)) { (nulls ??= new Uint8Array(n))[i] = 1; continue; }
      let found = false, sawNull = false;
      for (let c = 0; c < vs.length; c++) {
        const w = vs[c]!;
        if (w.type === 'null' || (w.nulls !== null && w.nulls[i] === 1)) { sawNull = true; continue; }
        if (cmps[c]!(i, i) === 0) { found = true; break; }
      }
      if (found) out[i] = negated ? 0 : 1;
      else if (sawNull) (nulls ??= new Uint8Array(n))[i] = 1;
      else out[i] = negated ? 1 : 0;
    }
    return { type: 'boolean', length: n, data: out, nulls };
  };
}
