/**
 * The fuzzer's data: a case (one statement plus its parameters, all JSON-serialisable so that
 * it can cross into the engine's child process and into the report) and an outcome.
 */

/**
 * A JavaScript value described as JSON. The child process turns each spec into the real value
 * (`NaN`, `-0`, `Uint8Array`, `Date`, symbols, functions, … cannot travel as JSON).
 */
export type ParamSpec =
  | { k: 'json'; v: unknown }
  | { k: 'num'; v: 'NaN' | 'Infinity' | '-Infinity' | '-0' }
  | { k: 'bigint'; v: string }
  | { k: 'bytes'; v: number[] }
  | { k: 'typed'; type: 'Float64Array' | 'Int32Array' | 'BigInt64Array' | 'Uint8ClampedArray'; n: number }
  | { k: 'arraybuffer'; n: number }
  | { k: 'date'; v: number | string }
  | { k: 'big-string'; ch: string; n: number }
  | { k: 'big-array'; n: number }
  | { k: 'undefined' }
  | { k: 'symbol' }
  | { k: 'function' }
  | { k: 'map' }
  | { k: 'set' }
  | { k: 'regexp' }
  | { k: 'error' }
  | { k: 'cyclic' }
  | { k: 'null-proto' }
  | { k: 'boxed'; v: string | number | boolean }
  | { k: 'throwing-tostring' }
  | { k: 'sparse'; n: number }
  | { k: 'promise' };

/** One fuzz input. */
export interface FuzzCase {
  /** The statement text. */
  sql: string;
  /** `$1 … $n` values; absent means `query(sql)` with no second argument. */
  params?: ParamSpec[];
  /** When set, passed as the whole second argument instead of `params` (a non-array). */
  rawParams?: ParamSpec;
  /** Where it came from: `grammar`, `mutation`, `patho:<name>`, `params:<name>`, `corpus`. */
  source: string;
}

/** Every way a statement can end. The first two are fine; the rest are failures. */
export type OutcomeKind =
  | 'ok'
  | 'error'
  | 'internal'
  | 'bad-error'
  | 'non-dberror'
  | 'rows-throw'
  | 'timeout'
  | 'crash'
  | 'unresponsive';

/** The kinds that count as failures. */
export const FAILURE_KINDS: readonly OutcomeKind[] = [
  'internal', 'bad-error', 'non-dberror', 'rows-throw', 'timeout', 'crash', 'unresponsive',
];

/** What happened to one case. */
export interface Outcome {
  kind: OutcomeKind;
  /** SQLSTATE for `error`/`internal`/`bad-error`/`unresponsive`; exit reason for `crash`. */
  code?: string;
  /** Error message (or thrown value's text), shortened. */
  message?: string;
  /** Wall time of the statement in ms. */
  ms: number;
}

/** True for the failure kinds. */
export function isFailure(o: Outcome): boolean {
  return FAILURE_KINDS.includes(o.kind);
}

/**
 * A failure's signature: kind, code and the message with numbers, quoted text and long runs
 * blurred, so that the reducer can keep "the same failure" and the report can deduplicate.
 */
export function signature(o: Outcome): string {
  const msg = (o.message ?? '')
    .slice(0, 400)
    .replace(/\/\^[^/]*\/[a-z]*|\/[^/\s]{20,}\//g, '/<re>/')
    .replace(/"[^"]*"/g, '"…"')
    .replace(/'[^']*'/g, "'…'")
    .replace(/-?\d+(\.\d+)?(e[+-]?\d+)?n?/gi, 'N')
    .replace(/(.)\1{8,}/g, '$1…')
    .slice(0, 100);
  if (o.kind === 'timeout' || o.kind === 'crash') return `${o.kind}:${o.code ?? ''}`;
  return `${o.kind}:${o.code ?? ''}:${msg}`;
}

/** A case as one line of text, for reports: the SQL and, when there are any, the parameters. */
export function describeCase(c: FuzzCase): string {
  let s = c.sql;
  if (c.params) s += `  -- params: ${JSON.stringify(c.params)}`;
  if (c.rawParams) s += `  -- raw params: ${JSON.stringify(c.rawParams)}`;
  return s;
}
