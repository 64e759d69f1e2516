/**
 * Shared plumbing for the scalar function library: overload matching, null masks, row loops
 * and the SQLSTATE codes the library raises.
 *
 * Loops: every `evaluate` walks `sel` (or 0..n-1) once, reading typed arrays directly. The
 * generic {@link mapRows} helper calls one per-batch closure per row; it is used for string,
 * JSON and date functions whose per-row work dwarfs the call. Numeric kernels have their own
 * loops (see `math.ts`).
 */
import { implicitCastAllowed } from '../../../types/cast-rules.ts';
import type { DataType } from '../../../types/data-type.ts';
import { allocData, vectorFromValues } from '../../../types/vector.ts';
import { numericFill } from '../../../types/numeric-data-ops.ts';
import { parseNumeric } from '../../../types/numeric-value.ts';
import type { JsValue, Selection, Vector, VectorData } from '../../../types/vector.ts';
import type { EvalContext, ResolvedSignature, ScalarFunction } from '../function-registry.ts';
import type { LazyPart } from '../../lazy-part.ts';

/** Types accepted where a string literal (typed text by the binder) stands for another type. */
const LITERAL_TARGETS: ReadonlySet<DataType> = new Set<DataType>(['timestamp', 'date', 'json']);

/**
 * True when an argument of type `actual` may be passed for a parameter of type `param`:
 * implicit casts, plus text for timestamp/date/json parameters (string literals such as
 * `date_trunc('day', '2024-01-01 10:00')`; a bad string fails at run time with 22007/22P02).
 */
export function argFits(actual: DataType, param: DataType): boolean {
  return implicitCastAllowed(actual, param) || (actual === 'text' && LITERAL_TARGETS.has(param));
}

/**
 * Matches `args` against fixed parameter lists in order (a list shorter than `args` is skipped;
 * a trailing `rest` type repeats for variadic functions) and returns the first that fits.
 */
export function matchSignatures(
  args: readonly DataType[],
  overloads: readonly { readonly params: readonly DataType[]; readonly result: DataType; readonly rest?: DataType }[],
): ResolvedSignature | null {
  outer: for (const o of overloads) {
    if (o.rest === undefined ? args.length !== o.params.length : args.length < o.params.length) continue;
    const out: DataType[] = [];
    for (let k = 0; k < args.length; k++) {
      const p = k < o.params.length ? o.params[k]! : o.rest!;
      if (!argFits(args[k]!, p)) continue outer;
      out.push(p);
    }
    return { result: o.result, args: out };
  }
  return null;
}

/** The number of rows to visit: `sel.length` or `n`. */
export function rowCount(n: number, sel: Selection): number {
  return sel === null ? n : sel.length;
}

/**
 * A fresh null mask with a 1 wherever any argument is NULL, or null when no argument has
 * NULLs. Vectors of type 'null' count as all-NULL.
 */
export function unionNulls(args: readonly Vector[], n: number): Uint8Array | null {
  let out: Uint8Array | null = null;
  for (const a of args) {
    if (a.type === 'null') return new Uint8Array(n).fill(1);
    const m = a.nulls;
    if (m === null) continue;
    if (out === null) out = m.slice(0, n);
    else for (let i = 0; i < n; i++) out[i]! |= m[i]!;
  }
  return out;
}

/** A vector where every row holds the same value (0-ary functions such as `current_user`). */
export function constantVector(type: DataType, value: JsValue, n: number): Vector {
  if (value === null) return { type, length: n, data: allocData(type, n), nulls: new Uint8Array(n).fill(1) };
  if (type === 'numeric') return { type, length: n, data: numericFill(parseNumeric(value as string), n), nulls: null };
  const data = allocData(type, n);
  if (type === 'boolean') (data as Uint8Array).fill(value ? 1 : 0);
  else (data as unknown as { fill(v: JsValue): void }).fill(value);
  return { type, length: n, data, nulls: null };
}

/**
 * Runs `fn(i)` for every selected row (skipping rows where any of `strictArgs` is NULL) and
 * stores its result in a new vector of `type`; `fn` returning null makes that row NULL.
 * The closure is created once per batch by the caller; nothing is allocated per row here.
 */
export function mapRows(type: DataType, n: number, sel: Selection, strictArgs: readonly Vector[],
  fn: (i: number) => JsValue): Vector {
  let nulls = unionNulls(strictArgs, n);
  // numeric results (texts) are collected and parsed once at the end
  const data: VectorData = type === 'numeric' ? new Array<string>(n).fill('0') : allocData(type, n);
  const m = rowCount(n, sel);
  const isBool = type === 'boolean';
  const o = data as unknown as JsValue[];
  for (let k = 0; k < m; k++) {
    const i = sel === null ? k : sel[k]!;
    if (nulls !== null && nulls[i] === 1) continue;
    const y = fn(i);
    if (y === null) {
      if (nulls === null) nulls = new Uint8Array(n);
      nulls[i] = 1;
    } else if (isBool) {
      (data as Uint8Array)[i] = y ? 1 : 0;
    } else {
      o[i] = y;
    }
  }
  if (type === 'numeric') return { ...vectorFromValues('numeric', data as string[]), nulls };
  return { type, length: n, data, nulls };
}

/** Options of {@link defineFunction}. */
export interface FunctionSpec {
  readonly name: string;
  readonly minArgs: number;
  readonly maxArgs: number;
  readonly volatile?: boolean;
  /** See {@link ScalarFunction.part}. */
  readonly part?: LazyPart<unknown>;
  resolve(args: readonly DataType[]): ResolvedSignature | null;
  evaluate(args: readonly Vector[], n: number, sel: Selection, ctx: EvalContext): Vector;
}

/** Builds a frozen {@link ScalarFunction}. */
export function defineFunction(spec: FunctionSpec): ScalarFunction {
  return Object.freeze({
    name: spec.name,
    minArgs: spec.minArgs,
    maxArgs: spec.maxArgs,
    volatile: spec.volatile ?? false,
    ...(spec.part === undefined ? {} : { part: spec.part }),
    resolve: spec.resolve,
    evaluate: spec.evaluate,
  });
}

/** The same implementation under another name (`ceiling` for `ceil`). */
export function alias(f: ScalarFunction, name: string): ScalarFunction {
  return Object.freeze({ ...f, name });
}

/** A function of fixed signature(s) whose NULL inputs give NULL and whose rows map by `row`. */
export function simpleFunction(
  name: string,
  overloads: readonly { readonly params: readonly DataType[]; readonly result: DataType; readonly rest?: DataType }[],
  row: (args: readonly Vector[], ctx: EvalContext) => (i: number) => JsValue,
  opts: { volatile?: boolean; strict?: boolean; part?: LazyPart<unknown> } = {},
): ScalarFunction {
  let min = Infinity;
  let max = 0;
  for (const o of overloads) {
    min = Math.min(min, o.params.length);
    max = Math.max(max, o.rest === undefined ? o.params.length : Infinity);
  }
  const strict = opts.strict ?? true;
  return defineFunction({
    name,
    minArgs: min,
    maxArgs: max,
    volatile: opts.volatile ?? false,
    ...(opts.part === undefined ? {} : { part: opts.part }),
    resolve: (args) => matchSignatures(args, overloads),
    evaluate(args, n, sel, ctx) {
      const t = matchSignatures(args.map((a) => a.type), overloads);
      const result = t === null ? overloads[0]!.result : t.result;
      return mapRows(result, n, sel, strict ? args : [], row(args, ctx));
    },
  });
}

/** Typed readers for argument vectors (checked casts would cost per row; the binder guarantees types). */
export const str = (v: Vector): string[] => v.data as string[];
/** Int32-backed data (smallint, integer, date). */
export const i32 = (v: Vector): Int32Array => v.data as Int32Array;
/** Float64-backed data (real, double, timestamp). */
export const f64 = (v: Vector): Float64Array => v.data as Float64Array;
/** BigInt64 data (bigint). */
export const i64 = (v: Vector): BigInt64Array => v.data as BigInt64Array;
/** Boolean data (0/1). */
export const u8 = (v: Vector): Uint8Array => v.data as Uint8Array;
/** Bytes data. */
export const bin = (v: Vector): Uint8Array[] => v.data as Uint8Array[];

/** True when a string has no surrogate pairs, so UTF-16 indexes are character indexes. */
export function isBmp(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    if ((s.charCodeAt(i) & 0xf800) === 0xd800) return false;
  }
  return true;
}

/** Number of characters (code points) in a string, PostgreSQL's `length`. */
export function charLength(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    if ((s.charCodeAt(i) & 0xfc00) === 0xd800) n--;
  }
  return n;
}
