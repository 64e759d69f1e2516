import { beforeAll, describe, expect, it } from 'vitest';
import type { DataType } from '../../../types/data-type.ts';
import type { JsValue } from '../../../types/vector.ts';
import { FUNCTIONS, formatSignature, lookupFunction, undefinedFunctionError } from './index.ts';
import { callFunction, errorCode } from './test-support.ts';
import type { Arg } from './test-support.ts';
import { REGEX } from '../../regex/lazy.ts';
import { JSON_PART } from './json-lazy.ts';
import { NUMERIC_TRANSCENDENTAL } from './transcendental-lazy.ts';

// the parts loaded on first use (the engine loads them when a statement binds a call): the
// regular-expression engine, the JSON functions, NUMERIC's transcendental functions
beforeAll(async () => {
  await REGEX.load();
  await JSON_PART.load();
  await NUMERIC_TRANSCENDENTAL.load();
});

const TS = Date.UTC(2024, 4, 17, 10, 11, 12, 500);

/**
 * One sample call per registered function: three rows of ordinary arguments. The checker
 * below runs each through a selection vector and with NULLs injected.
 */
const SAMPLES: Record<string, readonly Arg[]> = {
  lower: [['text', ['AbC', 'É', '']]],
  upper: [['text', ['AbC', 'é', '']]],
  initcap: [['text', ['hi there', 'X', '']]],
  reverse: [['text', ['abc', '😀x', '']]],
  length: [['text', ['abc', '😀', '']]],
  char_length: [['text', ['abc', '😀', '']]],
  character_length: [['text', ['abc', '😀', '']]],
  octet_length: [['text', ['abc', 'é', '😀']]],
  substr: [['text', ['hello', 'hello', 'hello']], ['integer', [2, 0, -5]], ['integer', [2, 3, 7]]],
  substring: [['text', ['hello', 'hello', 'hello']], ['integer', [2, 0, 9]]],
  left: [['text', ['hello', 'hello', 'hi']], ['integer', [2, -2, 5]]],
  right: [['text', ['hello', 'hello', 'hi']], ['integer', [2, -2, 5]]],
  btrim: [['text', [' a ', 'xxaxx', '']], ['text', [' ', 'x', 'x']]],
  trim: [['text', [' a ', ' b', 'c ']]],
  ltrim: [['text', [' a ', ' b', 'c ']]],
  rtrim: [['text', [' a ', ' b', 'c ']]],
  replace: [['text', ['aXbX', 'abc', '']], ['text', ['X', '', 'a']], ['text', ['-', 'z', 'b']]],
  translate: [['text', ['12345', 'abc', '']], ['text', ['143', 'ab', 'a']], ['text', ['ax', 'A', 'b']]],
  concat: [['text', ['a', 'b', 'c']], ['integer', [1, 2, 3]]],
  concat_ws: [['text', [',', '-', '']], ['text', ['a', 'b', 'c']], ['integer', [1, 2, 3]]],
  position: [['text', ['l', 'z', '']], ['text', ['hello', 'hello', 'x']]],
  strpos: [['text', ['hello', 'hello', 'x']], ['text', ['l', 'z', '']]],
  lpad: [['text', ['hi', 'hello', 'x']], ['integer', [5, 3, 0]], ['text', ['xy', '*', '-']]],
  rpad: [['text', ['hi', 'hello', 'x']], ['integer', [5, 3, 0]]],
  repeat: [['text', ['ab', 'x', 'y']], ['integer', [3, 0, -1]]],
  split_part: [['text', ['a,b,c', 'a,b,c', 'abc']], ['text', [',', ',', '']], ['integer', [2, -1, 1]]],
  starts_with: [['text', ['hello', 'hello', '']], ['text', ['he', 'lo', '']]],
  ascii: [['text', ['A', 'é', '']]],
  chr: [['integer', [65, 233, 128512]]],
  to_hex: [['integer', [255, -1, 0]]],
  md5: [['text', ['abc', '', 'é']]],
  regexp_replace: [['text', ['foobar', 'aaa', 'x']], ['text', ['o+', 'a', 'y']], ['text', ['0', 'b', 'z']], ['text', ['', 'g', 'i']]],
  regexp_like: [['text', ['foobar', 'ABC', 'x']], ['text', ['^fo', 'b', 'y']], ['text', ['', 'i', 'c']]],
  abs: [['integer', [-5, 5, 0]]],
  mod: [['integer', [7, -7, 0]], ['integer', [3, 3, 5]]],
  div: [['numeric', ['7.5', '-7', '10']], ['numeric', ['2', '2', '3']]],
  scale: [['numeric', ['1.50', '2', '0.001']]],
  min_scale: [['numeric', ['1.50', '2', '0.001']]],
  trim_scale: [['numeric', ['1.50', '2', '0.0010']]],
  round: [['double', [2.5, -2.5, 2.675]], ['integer', [0, 0, 2]]],
  trunc: [['double', [2.7, -2.7, 2.675]], ['integer', [0, 0, 2]]],
  ceil: [['double', [1.2, -1.2, 3]]],
  ceiling: [['double', [1.2, -1.2, 3]]],
  floor: [['double', [1.2, -1.2, 3]]],
  sign: [['double', [5, -5, 0]]],
  sqrt: [['double', [4, 2, 0]]],
  cbrt: [['double', [27, -8, 0]]],
  exp: [['double', [0, 1, -1]]],
  ln: [['double', [1, Math.E, 10]]],
  log: [['double', [100, 1000, 1]]],
  log10: [['double', [100, 1000, 1]]],
  power: [['double', [2, 9, -2]], ['double', [10, 0.5, 3]]],
  pow: [['double', [2, 9, -2]], ['double', [10, 0.5, 3]]],
  sin: [['double', [0, 1, -1]]],
  cos: [['double', [0, 1, -1]]],
  tan: [['double', [0, 1, -1]]],
  cot: [['double', [1, 2, -1]]],
  asin: [['double', [0, 1, -1]]],
  acos: [['double', [0, 1, -1]]],
  atan: [['double', [0, 1, -1]]],
  atan2: [['double', [1, -1, 0]], ['double', [1, 1, 1]]],
  degrees: [['double', [Math.PI, 1, 0]]],
  radians: [['double', [180, 1, 0]]],
  greatest: [['integer', [1, 5, 3]], ['integer', [4, 2, 3]]],
  least: [['integer', [1, 5, 3]], ['integer', [4, 2, 3]]],
  width_bucket: [['double', [5.35, -1, 20]], ['double', [0.024, 0, 0]], ['double', [10.06, 10, 10]], ['integer', [5, 5, 5]]],
  date_trunc: [['text', ['day', 'month', 'year']], ['timestamp', [TS, TS, TS]]],
  extract: [['text', ['year', 'month', 'epoch']], ['timestamp', [TS, TS, TS]]],
  date_part: [['text', ['day', 'hour', 'minute']], ['timestamp', [TS, TS, TS]]],
  to_char: [['timestamp', [TS, TS, 0]], ['text', ['YYYY-MM-DD', 'FMDay HH12:MI am', 'DDth Mon']]],
  to_timestamp: [['double', [0, 1.5, -86400]]],
  make_date: [['integer', [2024, 2023, -44]], ['integer', [2, 12, 3]], ['integer', [29, 31, 15]]],
  make_timestamp: [['integer', [2024, 2023, 1]], ['integer', [2, 12, 1]], ['integer', [29, 31, 1]],
    ['integer', [1, 23, 0]], ['integer', [2, 59, 0]], ['double', [3.5, 59.999999, 0]]],
  json_extract_path: [['json', ['{"a":{"b":1}}', '[1,2]', '"s"']], ['text', ['a', '1', 'a']]],
  jsonb_extract_path: [['json', ['{"a":{"b":1}}', '[1,2]', '"s"']], ['text', ['a', '1', 'a']]],
  json_extract_path_text: [['json', ['{"a":"x"}', '[1,"y"]', '{}']], ['text', ['a', '1', 'a']]],
  jsonb_extract_path_text: [['json', ['{"a":"x"}', '[1,"y"]', '{}']], ['text', ['a', '1', 'a']]],
  json_typeof: [['json', ['{}', '[]', '1']]],
  jsonb_typeof: [['json', ['"x"', 'true', 'null']]],
  json_array_length: [['json', ['[]', '[1,[2,3]]', ' [ {"a":[1]} , 2 ] ']]],
  jsonb_array_length: [['json', ['[]', '[1,[2,3]]', '[""]']]],
  json_build_object: [['text', ['a', 'b', 'c']], ['integer', [1, 2, 3]]],
  jsonb_build_object: [['text', ['a', 'b', 'c']], ['boolean', [true, false, true]]],
  json_build_array: [['integer', [1, 2, 3]], ['text', ['a', 'b', '"']]],
  jsonb_build_array: [['integer', [1, 2, 3]], ['double', [1.5, NaN, 1e100]]],
  to_json: [['text', ['a', 'b"', 'c']]],
  to_jsonb: [['integer', [1, 2, 3]]],
  uuid_extract_timestamp: [['uuid', ['01890a5d-ac96-774b-bcce-b302099a8057', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '01890a5d-ac96-774b-bcce-b302099a8057']]],
  uuid_extract_version: [['uuid', ['01890a5d-ac96-774b-bcce-b302099a8057', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '00000000-0000-0000-0000-000000000000']]],
  pg_typeof: [['integer', [1, 2, 3]]],
  typeof: [['text', ['a', 'b', 'c']]],
};

/** Functions whose result depends on the clock, randomness or the session (checked elsewhere). */
const NO_ARGS = new Set([
  'pi', 'random', 'now', 'current_timestamp', 'localtimestamp', 'transaction_timestamp', 'statement_timestamp',
  'clock_timestamp', 'current_date', 'snowflake_id', 'uuid_v7', 'uuidv7', 'gen_random_uuid', 'uuidv4', 'ulid',
  'current_user', 'session_user', 'user', 'current_role', 'current_namespace', 'current_schema', 'version',
]);

/** Functions that do not return NULL for NULL input (all others must). */
const NON_STRICT = new Set([
  'concat', 'greatest', 'least', 'json_build_object', 'jsonb_build_object', 'json_build_array', 'jsonb_build_array',
  'pg_typeof', 'typeof',
]);

function norm(values: readonly JsValue[]): unknown[] {
  return values.map((v) => (v instanceof Uint8Array ? Array.from(v) : typeof v === 'number' && Number.isNaN(v) ? 'NaN' : v));
}

describe('function registry', () => {
  it('every function has a sample or is 0-ary', () => {
    for (const name of FUNCTIONS.keys()) {
      expect(SAMPLES[name] !== undefined || NO_ARGS.has(name), name).toBe(true);
    }
  });

  it('looks functions up case-insensitively and knows its names', () => {
    expect(lookupFunction('ABS')?.name).toBe('abs');
    expect(lookupFunction('Ceiling')?.name).toBe('ceiling');
    expect(lookupFunction('coalesce')).toBeUndefined();
    expect(lookupFunction('nullif')).toBeUndefined();
    for (const [name, f] of FUNCTIONS) {
      expect(f.name).toBe(name);
      expect(Object.isFrozen(f)).toBe(true);
    }
  });

  it('formats signatures and the 42883 error like PostgreSQL', () => {
    expect(formatSignature('f', ['integer', 'integer'])).toBe('f(integer, integer)');
    expect(formatSignature('g', ['double', 'null', 'bytes'])).toBe('g(double precision, unknown, bytea)');
    expect(formatSignature('now', [])).toBe('now()');
    const e = undefinedFunctionError('abs', ['text'], 8);
    expect(e.code).toBe('42883');
    expect(e.message).toBe('function abs(text) does not exist');
    expect(e.hint).toMatch(/^No function matches the given name and argument types\./);
    expect(e.position).toBe(8);
  });

  it('rejects argument types no overload accepts', () => {
    const none: [string, DataType[]][] = [
      ['abs', ['text']], ['upper', ['integer']], ['length', ['boolean']], ['sqrt', ['text']], ['mod', ['integer']],
      ['greatest', ['integer', 'text']], ['date_trunc', ['text', 'integer']], ['json_typeof', ['integer']],
      ['md5', ['integer']], ['make_date', ['integer', 'integer']], ['now', ['integer']], ['substr', ['text', 'double']],
    ];
    for (const [name, args] of none) {
      const f = lookupFunction(name)!;
      const inRange = args.length >= f.minArgs && args.length <= f.maxArgs;
      expect(inRange && f.resolve(args) !== null, `${name}(${args.join(',')})`).toBe(false);
    }
  });

  it('volatile flags', () => {
    for (const name of ['random', 'now', 'snowflake_id', 'uuid_v7', 'gen_random_uuid', 'ulid', 'current_timestamp', 'clock_timestamp']) {
      expect(lookupFunction(name)!.volatile, name).toBe(true);
    }
    for (const name of ['abs', 'upper', 'md5', 'date_trunc', 'json_typeof', 'version']) {
      expect(lookupFunction(name)!.volatile, name).toBe(false);
    }
  });
});

describe('every function: selection vectors and NULLs', () => {
  for (const [name, args] of Object.entries(SAMPLES)) {
    it(name, () => {
      const dense = callFunction(name, args);
      expect(dense.values.length).toBe(3);
      expect(dense.values.every((v) => v !== undefined)).toBe(true);
      // Through a selection of rows 0 and 2: same values at those rows.
      const sel = callFunction(name, args, { sel: new Int32Array([0, 2]) });
      expect(norm(sel.values)).toEqual(norm([dense.values[0]!, dense.values[2]!]));
      // A NULL in any argument of row 1 (strict functions) → NULL there, rows 0 and 2 unchanged.
      for (let a = 0; a < args.length; a++) {
        const withNull = args.map(([t, vs], k): Arg => [t, k === a ? [vs[0]!, null, vs[2]!] : vs]);
        if (name.endsWith('build_object') && a % 2 === 0) {
          expect(errorCode(() => callFunction(name, withNull))).toBe('22004'); // null value not allowed for object key
          continue;
        }
        const r = callFunction(name, withNull);
        expect(norm([r.values[0]!, r.values[2]!]), `${name} arg ${a}`).toEqual(norm([dense.values[0]!, dense.values[2]!]));
        if (!NON_STRICT.has(name) && !(name === 'concat_ws' && a > 0)) expect(r.values[1], `${name} arg ${a}`).toBeNull();
      }
      // NULL-typed arguments resolve and give NULL for strict functions.
      const f = lookupFunction(name)!;
      const nullTypes = args.map((): DataType => 'null');
      const sig = f.resolve(nullTypes);
      if (sig !== null && !NON_STRICT.has(name)) {
        const r = callFunction(name, args.map((): Arg => ['null', [null, null, null]]));
        expect(r.values).toEqual([null, null, null]);
      }
    });
  }
});
