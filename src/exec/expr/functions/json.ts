/**
 * JSON functions and the `->` / `->>` operator kernel. JSON values are stored as their text
 * (PostgreSQL's `json`); lookups scan the text and return the raw slice of the member, so
 * numbers keep their digits (`{"a": 1.50}` -> 'a' is `1.50`, big integers stay exact) and no
 * object tree is built per row.
 */
import { DbError } from '../../../errors/db-error.ts';
import { SqlState } from '../../../errors/sqlstate.ts';
import { formatValue } from '../../../types/format-text.ts';
import type { DataType } from '../../../types/data-type.ts';
import { isIntegerType } from '../../../types/data-type.ts';
import { allocData, valueAt } from '../../../types/vector.ts';
import type { JsValue, Selection, Vector } from '../../../types/vector.ts';
import type { ScalarFunction } from '../function-registry.ts';
import { alias, defineFunction, mapRows, rowCount, simpleFunction, str, unionNulls } from './common.ts';

// ───────────────────────────── scanner ─────────────────────────────

function badJson(): DbError {
  return new DbError(SqlState.INVALID_TEXT_REPRESENTATION, 'invalid input syntax for type json');
}

function skipWs(s: string, i: number): number {
  while (i < s.length) {
    const c = s.charCodeAt(i);
    if (c === 32 || c === 10 || c === 13 || c === 9) i++;
    else break;
  }
  return i;
}

/** Whether the last string {@link skipString} passed over contained a backslash escape. */
let sawEscape = false;

/** End (exclusive) of the string token starting at `i` (`s[i]` is `"`). */
function skipString(s: string, i: number): number {
  sawEscape = false;
  for (let j = i + 1; j < s.length; j++) {
    const c = s.charCodeAt(j);
    if (c === 92) { j++; sawEscape = true; }
    else if (c === 34) return j + 1;
  }
  throw badJson();
}

/** End (exclusive) of the value starting at `i` (a non-space character). */
function skipValue(s: string, i: number): number {
  const c = s.charCodeAt(i);
  if (c === 34) return skipString(s, i);
  if (c === 123 || c === 91) {
    let depth = 0;
    for (let j = i; j < s.length; j++) {
      const d = s.charCodeAt(j);
      if (d === 34) { j = skipString(s, j) - 1; continue; }
      if (d === 123 || d === 91) depth++;
      else if (d === 125 || d === 93) { if (--depth === 0) return j + 1; }
    }
    throw badJson();
  }
  let j = i;
  while (j < s.length) {
    const d = s.charCodeAt(j);
    if (d === 44 || d === 125 || d === 93 || d === 32 || d === 10 || d === 13 || d === 9) break;
    j++;
  }
  if (j === i) throw badJson();
  return j;
}

/** Result of a lookup: [start, end) of the member's raw text, or start -1 when absent. */
let foundStart = -1;
let foundEnd = -1;

/** Finds object member `key` in the value starting at `i` (last duplicate wins, as PostgreSQL). */
function findKey(s: string, i: number, key: string): boolean {
  foundStart = -1;
  if (s.charCodeAt(i) !== 123) return false;
  let p = skipWs(s, i + 1);
  if (s.charCodeAt(p) === 125) return false;
  for (;;) {
    if (s.charCodeAt(p) !== 34) throw badJson();
    const ke = skipString(s, p);
    // Compare in place; only keys with escapes are decoded.
    const match = sawEscape
      ? JSON.parse(s.slice(p, ke)) === key
      : ke - p - 2 === key.length && s.startsWith(key, p + 1);
    p = skipWs(s, ke);
    if (s.charCodeAt(p) !== 58) throw badJson();
    p = skipWs(s, p + 1);
    const ve = skipValue(s, p);
    if (match) { foundStart = p; foundEnd = ve; }
    p = skipWs(s, ve);
    const c = s.charCodeAt(p);
    if (c === 44) { p = skipWs(s, p + 1); continue; }
    if (c === 125) return foundStart >= 0;
    throw badJson();
  }
}

/** Number of elements of the array starting at `i`, or -1 when the value is not an array. */
function arrayLength(s: string, i: number): number {
  if (s.charCodeAt(i) !== 91) return -1;
  let p = skipWs(s, i + 1);
  if (s.charCodeAt(p) === 93) return 0;
  let count = 0;
  for (;;) {
    p = skipWs(s, skipValue(s, p));
    count++;
    const c = s.charCodeAt(p);
    if (c === 44) { p = skipWs(s, p + 1); continue; }
    if (c === 93) return count;
    throw badJson();
  }
}

/** Finds array element `index` (negative counts from the end) in the value starting at `i`. */
function findIndex(s: string, i: number, index: number): boolean {
  foundStart = -1;
  if (s.charCodeAt(i) !== 91) return false;
  if (index < 0) {
    index += arrayLength(s, i);
    if (index < 0) return false;
  }
  let p = skipWs(s, i + 1);
  if (s.charCodeAt(p) === 93) return false;
  for (let k = 0; ; k++) {
    const ve = skipValue(s, p);
    if (k === index) { foundStart = p; foundEnd = ve; return true; }
    p = skipWs(s, ve);
    const c = s.charCodeAt(p);
    if (c === 44) { p = skipWs(s, p + 1); continue; }
    if (c === 93) return false;
    throw badJson();
  }
}

/** The member as `->>` returns it: strings unquoted, JSON null → SQL NULL, else raw text. */
function asText(s: string, start: number, end: number): string | null {
  const c = s.charCodeAt(start);
  if (c === 34) {
    const raw = s.slice(start + 1, end - 1);
    return raw.indexOf('\\') < 0 ? raw : JSON.parse(s.slice(start, end)) as string;
  }
  if (c === 110 && end - start === 4) return null; // null
  return s.slice(start, end);
}

/** JSON type name of the value starting at `i` (json_typeof). */
function kindAt(s: string, i: number): string {
  switch (s.charCodeAt(i)) {
    case 123: return 'object';
    case 91: return 'array';
    case 34: return 'string';
    case 116: case 102: return 'boolean';
    case 110: return 'null';
    default: return 'number';
  }
}

// ───────────────────────────── operators ─────────────────────────────

/**
 * The `->` (asText = false, result json) and `->>` (asText = true, result text) operators.
 * A text key selects an object member, an integer key an array element (negative counts from
 * the end); a missing member, a key of the wrong kind, or a NULL operand gives NULL. `->>`
 * unquotes strings and maps JSON null to SQL NULL.
 *
 * @example
 * ```ts
 * // '{"a":{"b":[1,2]}}'::json -> 'a'   → '{"b":[1,2]}'
 * // '[1,2,3]'::json -> -1              → '3'
 * // '{"a":"x"}'::json ->> 'a'          → 'x'
 * jsonGet(docs, keys, true, n, sel);
 * ```
 */
export function jsonGet(v: Vector, key: Vector, asTextResult: boolean, n: number, sel: Selection): Vector {
  const type: DataType = asTextResult ? 'text' : 'json';
  let nulls = unionNulls([v, key], n);
  const out = allocData(type, n) as string[];
  if (v.type === 'null' || key.type === 'null') return { type, length: n, data: out, nulls };
  const docs = v.data as string[];
  const m = rowCount(n, sel);
  const byIndex = isIntegerType(key.type);
  const textKeys = byIndex ? null : key.data as string[];
  const bigKeys = key.type === 'bigint' ? key.data as BigInt64Array : null;
  const intKeys = byIndex && bigKeys === null ? key.data as Int32Array : null;
  for (let k = 0; k < m; k++) {
    const i = sel === null ? k : sel[k]!;
    if (nulls !== null && nulls[i] === 1) continue;
    const s = docs[i]!;
    const p = skipWs(s, 0);
    let found: boolean;
    if (textKeys !== null) found = findKey(s, p, textKeys[i]!);
    else found = findIndex(s, p, intKeys !== null ? intKeys[i]! : Number(bigKeys![i]!));
    let r: string | null = null;
    if (found) r = asTextResult ? asText(s, foundStart, foundEnd) : s.slice(foundStart, foundEnd);
    if (r === null) {
      if (nulls === null) nulls = new Uint8Array(n);
      nulls[i] = 1;
    } else {
      out[i] = r;
    }
  }
  return { type, length: n, data: out, nulls };
}

/** Follows a path of text keys (array steps must be integers) from the value at `i`. */
function followPath(s: string, args: readonly Vector[], row: number): boolean {
  let p = skipWs(s, 0);
  foundStart = p;
  foundEnd = skipValue(s, p);
  for (let a = 1; a < args.length; a++) {
    const step = (args[a]!.data as string[])[row]!;
    const c = s.charCodeAt(p);
    if (c === 123) {
      if (!findKey(s, p, step)) return false;
    } else if (c === 91) {
      if (!/^\s*[+-]?\d+\s*$/.test(step)) return false;
      if (!findIndex(s, p, Number(step))) return false;
    } else {
      return false;
    }
    p = foundStart;
  }
  return true;
}

function extractPath(name: string, text: boolean): ScalarFunction {
  return defineFunction({
    name,
    minArgs: 1,
    maxArgs: Infinity,
    resolve(args) {
      if (args.length < 1) return null;
      const out: DataType[] = ['json'];
      if (!(args[0] === 'json' || args[0] === 'text' || args[0] === 'null')) return null;
      for (let k = 1; k < args.length; k++) {
        const t = args[k]!;
        if (t !== 'text' && t !== 'null') return null;
        out.push('text');
      }
      return { result: text ? 'text' : 'json', args: out };
    },
    evaluate(args, n, sel) {
      const docs = args[0]!.data as string[];
      return mapRows(text ? 'text' : 'json', n, sel, args, (i) => {
        const s = docs[i]!;
        if (!followPath(s, args, i)) return null;
        return text ? asText(s, foundStart, foundEnd) : s.slice(foundStart, foundEnd);
      });
    },
  });
}

// ───────────────────────────── building JSON ─────────────────────────────

/** JSON text of one SQL value (to_json): numbers bare, NaN/Infinity and text quoted, json raw. */
export function toJsonText(x: JsValue, type: DataType): string {
  if (x === null) return 'null';
  switch (type) {
    case 'boolean': return x ? 'true' : 'false';
    case 'smallint': case 'integer': case 'bigint': return String(x);
    case 'numeric': return (x as string).charCodeAt((x as string).length - 1) <= 57 ? x as string : '"' + (x as string) + '"'; // NaN, Infinity quoted
    case 'real': case 'double': {
      const s = formatValue(x, type);
      return Number.isFinite(x as number) ? s : '"' + s + '"';
    }
    case 'json': return x as string;
    case 'timestamp': {
      if (!Number.isFinite(x as number)) return '"' + formatValue(x, type) + '"';
      return '"' + formatValue(x, type).replace(' ', 'T') + '"';
    }
    default: return JSON.stringify(formatValue(x, type));
  }
}

function readAt(v: Vector, i: number): JsValue {
  return valueAt(v, i);
}

function anyArgs(args: readonly DataType[]): readonly DataType[] {
  return args.map((t) => t);
}

function buildObject(name: string, colon: string): ScalarFunction {
  return defineFunction({
    name,
    minArgs: 0,
    maxArgs: Infinity,
    resolve: (args) => ({ result: 'json', args: anyArgs(args) }),
    evaluate(args, n, sel) {
      if (args.length % 2 !== 0) {
        throw new DbError(SqlState.INVALID_PARAMETER_VALUE, 'argument list must have even number of elements',
          { hint: `The arguments of ${name}() must consist of alternating keys and values.` });
      }
      return mapRows('json', n, sel, [], (i) => {
        let s = '{';
        for (let a = 0; a < args.length; a += 2) {
          const kv = args[a]!;
          const key = readAt(kv, i);
          if (key === null) throw new DbError(SqlState.NULL_VALUE_NOT_ALLOWED, 'null value not allowed for object key');
          if (a > 0) s += ', ';
          s += JSON.stringify(formatValue(key, kv.type)) + colon + toJsonText(readAt(args[a + 1]!, i), args[a + 1]!.type);
        }
        return s + '}';
      });
    },
  });
}

const jsonBuildArray = defineFunction({
  name: 'json_build_array',
  minArgs: 0,
  maxArgs: Infinity,
  resolve: (args) => ({ result: 'json', args: anyArgs(args) }),
  evaluate(args, n, sel) {
    return mapRows('json', n, sel, [], (i) => {
      let s = '[';
      for (let a = 0; a < args.length; a++) {
        if (a > 0) s += ', ';
        s += toJsonText(readAt(args[a]!, i), args[a]!.type);
      }
      return s + ']';
    });
  },
});

const toJson = defineFunction({
  name: 'to_json',
  minArgs: 1,
  maxArgs: 1,
  resolve: (args) => (args.length === 1 ? { result: 'json', args: anyArgs(args) } : null),
  evaluate(args, n, sel) {
    const v = args[0]!;
    return mapRows('json', n, sel, [v], (i) => toJsonText(readAt(v, i), v.type));
  },
});

// ───────────────────────────── inspection ─────────────────────────────

const jsonIn = [{ params: ['json'] as DataType[], result: 'text' as DataType }];

const jsonTypeof = simpleFunction('json_typeof', jsonIn, (args) => {
  const d = str(args[0]!);
  return (i) => { const s = d[i]!; return kindAt(s, skipWs(s, 0)); };
});

const jsonArrayLength = simpleFunction('json_array_length', [{ params: ['json'], result: 'integer' }], (args) => {
  const d = str(args[0]!);
  return (i) => {
    const s = d[i]!;
    const p = skipWs(s, 0);
    const len = arrayLength(s, p);
    if (len < 0) {
      const kind = kindAt(s, p);
      throw new DbError(SqlState.INVALID_PARAMETER_VALUE,
        kind === 'object' ? 'cannot get array length of a non-array' : 'cannot get array length of a scalar');
    }
    return len;
  };
});

const jsonExtractPath = extractPath('json_extract_path', false);
const jsonExtractPathText = extractPath('json_extract_path_text', true);
const jsonBuildObject = buildObject('json_build_object', ' : ');
const jsonbBuildObject = buildObject('jsonb_build_object', ': ');

/** The JSON function family (json_* and their jsonb_* aliases). */
export const JSON_FUNCTIONS: readonly ScalarFunction[] = [
  jsonExtractPath, alias(jsonExtractPath, 'jsonb_extract_path'),
  jsonExtractPathText, alias(jsonExtractPathText, 'jsonb_extract_path_text'),
  jsonTypeof, alias(jsonTypeof, 'jsonb_typeof'),
  jsonArrayLength, alias(jsonArrayLength, 'jsonb_array_length'),
  jsonBuildObject, jsonbBuildObject,
  jsonBuildArray, alias(jsonBuildArray, 'jsonb_build_array'),
  toJson, alias(toJson, 'to_jsonb'),
];
