/**
 * Subqueries used as expressions (scalar, EXISTS, IN). An uncorrelated subquery runs once per
 * execution (cached in the context); a correlated one runs once per distinct combination of
 * outer values (memoized), with the outer values published in `ctx.outer` while it runs.
 */
import { DbError } from '../../errors/db-error.ts';
import { SqlState } from '../../errors/sqlstate.ts';
import type { DataType } from '../../types/data-type.ts';
import { allocData, valueAt, vectorFromValues, type JsValue, type Vector } from '../../types/vector.ts';
import type { ExecContext } from '../context.ts';
import type { PhysicalOp } from '../operator.ts';
import { comparatorFor, type CmpOp } from '../kernels/compare.ts';
import { numericKey, setKey, type Evaluator, type Layout } from './evaluator.ts';

/** What the subquery evaluator needs to know about one subquery expression. */
export interface SubquerySpec {
  /** Identity of the subquery expression: its results are cached under it in `ctx.subqueryCache`. */
  readonly key: object;
  readonly mode: 'scalar' | 'exists' | 'in' | 'any' | 'all';
  readonly type: DataType;
  readonly negated: boolean;
  /** For ANY and ALL: the comparison of the operand with the subquery's values. */
  readonly op: CmpOp;
  /** Ids of outer columns the subquery reads (empty when uncorrelated). */
  readonly correlated: readonly number[];
}

type SubResult =
  | { readonly kind: 'exists'; readonly value: boolean }
  | { readonly kind: 'scalar'; readonly value: JsValue }
  | { readonly kind: 'in'; readonly set: Set<unknown>; readonly hasNull: boolean; readonly empty: boolean }
  | QuantResult;

/** What `x op ANY|ALL (subquery)` needs of the subquery's values: their range, set and nulls. */
interface QuantResult {
  readonly kind: 'quant';
  readonly empty: boolean;
  readonly hasNull: boolean;
  /** Smallest and largest non-null value (undefined when there is none). */
  readonly min: JsValue | undefined;
  readonly max: JsValue | undefined;
  /** The distinct non-null values (hash keys). */
  readonly set: Set<unknown>;
}

/**
 * `x op v` holds for some non-null v of the subquery (`exists`), or fails for some (`!exists`
 * of the negated operator): decided from the values' range and set, without a scan per row.
 */
function someHolds(op: CmpOp, x: JsValue, q: QuantResult, cmp: (a: unknown, b: unknown) => number, key: (v: JsValue) => unknown): boolean {
  if (q.min === undefined) return false;
  switch (op) {
    case '<': return cmp(x, q.max) < 0;
    case '<=': return cmp(x, q.max) <= 0;
    case '>': return cmp(x, q.min) > 0;
    case '>=': return cmp(x, q.min) >= 0;
    case '=': return q.set.has(key(x));
    case '<>': return !(q.set.size === 1 && q.set.has(key(x)));
  }
}

function numericKeyOf(v: JsValue): unknown {
  return numericKey(v as string);
}

const NEGATED: Readonly<Record<CmpOp, CmpOp>> = { '<': '>=', '<=': '>', '>': '<=', '>=': '<', '=': '<>', '<>': '=' };

/** Hashable form of an IN-subquery value. */
function subKey(v: JsValue): unknown {
  return setKey(v);
}

/**
 * The evaluator of a subquery expression. `compileOp` builds the subquery's operator (called
 * once, on first use); `arg` is IN's left operand; correlated columns found in `layout` are
 * read from the input batch, the others from `ctx.outer`.
 */
export function subqueryEvaluator(e: SubquerySpec, compileOp: () => PhysicalOp, arg: Evaluator | null, layout: Layout): Evaluator {
  let op: PhysicalOp | null = null;
  const loadOp = (): PhysicalOp => (op ??= compileOp());
  const corr = e.correlated;
  const corrPos = corr.map((id) => layout.get(id));
  const type = e.type;
  const mode = e.mode;
  const cacheKey = e.key;
  let quantOrder: ((a: unknown, b: unknown) => number) | null = null;

  /** Runs the subquery once for the current ctx.outer and summarizes it. */
  const runOnce = (ctx: ExecContext): SubResult => {
    const batch = loadOp().run(ctx);
    if (mode === 'exists') return { kind: 'exists', value: batch.length > 0 };
    if (mode === 'scalar') {
      if (batch.length > 1) throw new DbError(SqlState.CARDINALITY_VIOLATION, 'more than one row returned by a subquery used as an expression');
      if (batch.length === 0) return { kind: 'scalar', value: null };
      return { kind: 'scalar', value: valueAt(batch.columns[0]!, 0) };
    }
    const set = new Set<unknown>();
    let hasNull = false;
    const v = batch.columns[0]!;
    const num = v.type === 'numeric';
    let min: JsValue | undefined, max: JsValue | undefined;
    const order = mode === 'in' ? null : comparatorFor(v.type);
    for (let i = 0; i < batch.length; i++) {
      if (v.type === 'null' || (v.nulls !== null && v.nulls[i] === 1)) { hasNull = true; continue; }
      const x = valueAt(v, i);
      set.add(num ? numericKey(x as string) : subKey(x));
      if (order !== null) {
        if (min === undefined || order(x, min) < 0) min = x;
        if (max === undefined || order(x, max) > 0) max = x;
      }
    }
    if (mode === 'in') return { kind: 'in', set, hasNull, empty: batch.length === 0 };
    return { kind: 'quant', empty: batch.length === 0, hasNull, min, max, set };
  };

  return (b, sel, ctx) => {
    const n = b.length;
    const m = sel === null ? n : sel.length;
    const av = arg === null ? null : arg(b, sel, ctx);
    let memo: Map<string, SubResult> | null = null;
    let single: SubResult | null = null;
    if (corr.length === 0) {
      single = ctx.subqueryCache.get(cacheKey) as SubResult | undefined ?? null;
      if (single === null) { single = runOnce(ctx); ctx.subqueryCache.set(cacheKey, single); }
    } else {
      memo = (ctx.subqueryCache.get(cacheKey) as Map<string, SubResult> | undefined) ?? null;
      if (memo === null) { memo = new Map(); ctx.subqueryCache.set(cacheKey, memo); }
    }
    // numeric results are collected as texts and parsed once at the end
    const outData = type === 'numeric' ? new Array<JsValue>(n).fill(null) : allocData(type === 'null' ? 'text' : type, n) as unknown as unknown[];
    const nulls = new Uint8Array(n);
    let anyNull = false;
    const saved = corr.map((id) => (ctx.outer.has(id) ? ctx.outer.get(id) : undefined));
    try {
      for (let k = 0; k < m; k++) {
        const i = sel === null ? k : sel[k]!;
        if ((k & 255) === 255) ctx.checkpoint();
        let res = single;
        if (res === null) {
          let key = '';
          for (let c = 0; c < corr.length; c++) {
            const pos = corrPos[c];
            let v: JsValue;
            if (pos === undefined) v = ctx.outer.get(corr[c]!) ?? null;
            else {
              const col = b.columns[pos]!;
              v = valueAt(col, i);
              ctx.outer.set(corr[c]!, v);
            }
            key += typeof v === 'string' ? 's' + v.length + ':' + v : typeof v + ':' + String(v) + '|';
          }
          res = memo!.get(key) ?? null;
          if (res === null) { res = runOnce(ctx); memo!.set(key, res); }
        }
        switch (res.kind) {
          case 'exists': outData[i] = res.value ? 1 : 0; break;
          case 'scalar':
            if (res.value === null) { nulls[i] = 1; anyNull = true; }
            else outData[i] = type === 'boolean' ? (res.value ? 1 : 0) : res.value;
            break;
          case 'in': {
            const isNullArg = av!.type === 'null' || (av!.nulls !== null && av!.nulls[i] === 1);
            let r: number | null;
            if (res.empty) r = 0;
            else if (isNullArg) r = null;
            else {
              const x = valueAt(av!, i);
              r = res.set.has(av!.type === 'numeric' ? numericKey(x as string) : subKey(x)) ? 1 : res.hasNull ? null : 0;
            }
            if (r === null) { nulls[i] = 1; anyNull = true; }
            else outData[i] = e.negated ? 1 - r : r;
            break;
          }
          case 'quant': {
            // ANY: true if x op v for some v; ALL: false if NOT(x op v) for some v; NULLs make
            // the answer unknown where no v decides it; an empty subquery decides (false / true)
            let r: number | null;
            if (res.empty) r = mode === 'all' ? 1 : 0;
            else if (av!.type === 'null' || (av!.nulls !== null && av!.nulls[i] === 1)) r = null;
            else {
              const x = valueAt(av!, i);
              const order = quantOrder ??= comparatorFor(av!.type);
              const key = av!.type === 'numeric' ? numericKeyOf : subKey;
              if (mode === 'any') r = someHolds(e.op, x, res, order, key) ? 1 : res.hasNull ? null : 0;
              else r = someHolds(NEGATED[e.op], x, res, order, key) ? 0 : res.hasNull ? null : 1;
            }
            if (r === null) { nulls[i] = 1; anyNull = true; }
            else outData[i] = r;
            break;
          }
        }
      }
    } finally {
      for (let c = 0; c < corr.length; c++) {
        if (corrPos[c] === undefined) continue;
        const s = saved[c];
        if (s === undefined) ctx.outer.delete(corr[c]!); else ctx.outer.set(corr[c]!, s);
      }
    }
    if (type === 'numeric') {
      const vec = vectorFromValues('numeric', outData as JsValue[]);
      return { ...vec, nulls: anyNull ? nulls : null };
    }
    return { type: type === 'null' ? 'text' : type, length: n, data: outData as unknown as Vector['data'], nulls: anyNull ? nulls : null };
  };
}
