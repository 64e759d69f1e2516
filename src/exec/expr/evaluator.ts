/**
 * Evaluators: compiled expressions, as closures over vectorized kernels (no code generation).
 * An evaluator takes a batch and an optional selection and returns a vector of the batch's
 * length whose selected positions are computed. The planner builds them from bound expressions
 * (`plan/compile-expr.ts`) out of the pieces in this folder; operators only call them.
 */
import { DbError } from '../../errors/db-error.ts';
import { SqlState } from '../../errors/sqlstate.ts';
import type { DataType } from '../../types/data-type.ts';
import { allocData, valueAt, type Batch, type JsValue, type Selection, type Vector } from '../../types/vector.ts';
import { numericFill, numericNormalKey } from '../../types/numeric-data-ops.ts';
import { parseNumeric } from '../../types/numeric-value.ts';
import type { ExecContext } from '../context.ts';

/** A compiled expression. */
export type Evaluator = (batch: Batch, sel: Selection, ctx: ExecContext) => Vector;

/** A compiled predicate: the positions (within `sel`) where it is TRUE. */
export type RowFilter = (batch: Batch, sel: Selection, ctx: ExecContext) => Int32Array;

/** Column id → position in the input batch. */
export type Layout = ReadonlyMap<number, number>;

/** Builds a layout from a list of ids. */
export function layoutOf(ids: readonly number[]): Map<number, number> {
  const m = new Map<number, number>();
  for (let i = 0; i < ids.length; i++) m.set(ids[i]!, i);
  return m;
}

/** A vector of `n` copies of a value. */
export function constVector(type: DataType, value: JsValue, n: number): Vector {
  if (value === null || type === 'null') {
    return { type, length: n, data: allocData(type, n), nulls: new Uint8Array(n).fill(1) };
  }
  if (type === 'numeric') return { type, length: n, data: numericFill(parseNumeric(value as string), n), nulls: null };
  const data = allocData(type, n);
  if (Array.isArray(data)) (data as unknown[]).fill(value);
  else if (type === 'boolean') (data as Uint8Array).fill(value ? 1 : 0);
  else (data as unknown as { fill(v: unknown): void }).fill(value);
  return { type, length: n, data, nulls: null };
}

/** The value of parameter `$index` (42P02 when the statement got fewer parameters). */
export function paramValue(ctx: ExecContext, index: number): JsValue {
  if (index >= ctx.params.length) {
    throw new DbError(SqlState.UNDEFINED_PARAMETER, `there is no parameter $${index}`);
  }
  return ctx.params[index] ?? null;
}

/** 0..n-1. */
export function allRows(n: number): Int32Array {
  const s = new Int32Array(n);
  for (let i = 0; i < n; i++) s[i] = i;
  return s;
}

/** Positions where a boolean vector is TRUE. */
export function trueRows(v: Vector, n: number, sel: Selection): Int32Array {
  if (v.type === 'null') return new Int32Array(0);
  const d = v.data as Uint8Array, nl = v.nulls;
  const m = sel === null ? n : sel.length;
  const out = new Int32Array(m);
  let c = 0;
  if (nl === null) {
    if (sel === null) { for (let i = 0; i < n; i++) if (d[i] === 1) out[c++] = i; }
    else for (let k = 0; k < m; k++) { const i = sel[k]!; if (d[i] === 1) out[c++] = i; }
  } else {
    for (let k = 0; k < m; k++) { const i = sel === null ? k : sel[k]!; if (d[i] === 1 && nl[i] === 0) out[c++] = i; }
  }
  return c === m ? out : out.slice(0, c);
}

/** a \ b for ascending position lists where b ⊆ a. */
export function subtractSorted(a: Int32Array, b: Int32Array): Int32Array {
  const out = new Int32Array(a.length - b.length);
  let j = 0, c = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    if (j < b.length && b[j] === x) { j++; continue; }
    out[c++] = x;
  }
  return c === out.length ? out : out.subarray(0, c);
}

/**
 * The hashable form of element `i` of a vector for IN sets ({@link setKey} of its value;
 * numerics by value, so `1.5` and `1.50` match). NULL positions are the caller's business.
 */
export function vectorValueKey(v: Vector, i: number): unknown {
  const x = valueAt(v, i);
  return v.type === 'numeric' ? numericKey(x as string) : setKey(x);
}

/** The IN-set key of a numeric value (its text): the value without trailing zeros. */
export function numericKey(text: string): string {
  return 'n' + numericNormalKey(parseNumeric(text));
}

/** Hashable form of a value for IN sets (bytes become strings; -0 and 0 are the same). */
export function setKey(v: unknown): unknown {
  if (v instanceof Uint8Array) {
    let s = '';
    for (let i = 0; i < v.length; i++) s += String.fromCharCode(v[i]!);
    return s;
  }
  if (typeof v === 'number' && v === 0) return 0; // -0 and 0 are the same
  return v;
}
