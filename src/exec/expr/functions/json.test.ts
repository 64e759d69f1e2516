import { beforeAll, describe, expect, it } from 'vitest';
import { JSON_PART } from './json-lazy.ts';
import { NUMERIC_TRANSCENDENTAL } from './transcendental-lazy.ts';

// the parts the worker loads on first use (the engine loads them when a statement binds a call)
beforeAll(async () => {
  await JSON_PART.load();
  await NUMERIC_TRANSCENDENTAL.load();
});
import { valueAt, vectorFromValues } from '../../../types/vector.ts';
import type { JsValue } from '../../../types/vector.ts';
import { jsonGet } from './json.ts';
import { call1, callFunction, errorOf } from './test-support.ts';

const j = (s: string | null) => ['json', [s]] as const;
const t = (s: string | null) => ['text', [s]] as const;

function get(doc: (string | null)[], keyType: 'text' | 'integer' | 'bigint', keys: JsValue[], asText: boolean,
  sel: Int32Array | null = null): JsValue[] {
  const v = jsonGet(vectorFromValues('json', doc), vectorFromValues(keyType, keys), asText, doc.length, sel);
  expect(v.type).toBe(asText ? 'text' : 'json');
  expect(v.length).toBe(doc.length);
  const rows = sel === null ? doc.map((_, i) => i) : Array.from(sel);
  return rows.map((i) => valueAt(v, i));
}

// Expected values are PostgreSQL 16's (checked with PGlite).
describe('-> and ->>', () => {
  it('object members by text key (raw slices; last duplicate wins)', () => {
    expect(get(['{"a":{"b": [1, 2]}}', '{"a" : 1.50 }', '{"a":1,"a":2}', '{"x":1}', '{}'], 'text',
      ['a', 'a', 'a', 'a', 'a'], false)).toEqual(['{"b": [1, 2]}', '1.50', '2', null, null]);
    expect(get(['{"a":"x\\ny"}', '{"a":null}', '{"a":[1,2]}', '{"a\\"b":true}', '{"a":12345678901234567890}'], 'text',
      ['a', 'a', 'a', 'a"b', 'a'], true)).toEqual(['x\ny', null, '[1,2]', 'true', '12345678901234567890']);
    expect(get(['{"a":null}'], 'text', ['a'], false)).toEqual(['null']);
  });

  it('array elements by integer index, negative from the end', () => {
    expect(get(['[1,2,3]', '[1,2,3]', '[1,2,3]', '[1,2,3]', '[]', ' [ "a" , {"b":[]} ] '], 'integer',
      [0, -1, 5, -4, 0, 1], false)).toEqual(['1', '3', null, null, null, '{"b":[]}']);
    expect(get(['["a","b"]'], 'bigint', [1n], true)).toEqual(['b']);
  });

  it('kind mismatches, scalars and NULLs give NULL', () => {
    expect(get(['[1]', '{"0":1}', '"s"', '5', null, '{"a":1}'], 'integer', [0, 0, 0, 0, 0, null], false))
      .toEqual(['1', null, null, null, null, null]);
    expect(get(['[1]', '{"a":1}'], 'text', ['0', null], true)).toEqual([null, null]);
    const nv = jsonGet(vectorFromValues('null', [null]), vectorFromValues('text', ['a']), true, 1, null);
    expect(valueAt(nv, 0)).toBeNull();
  });

  it('selection vectors: unselected rows are not read', () => {
    expect(get(['{"a":1}', 'not json', '{"a":3}'], 'text', ['a', 'a', 'a'], true, new Int32Array([0, 2]))).toEqual(['1', '3']);
    expect(errorOf(() => get(['{"a" 1}'], 'text', ['a'], true))).toBe('22P02 invalid input syntax for type json');
  });
});

describe('json functions', () => {
  it('json_extract_path(_text)', () => {
    expect(call1('json_extract_path', j('{"a":[1,{"b":2}]}'), t('a'), t('1'), t('b'))).toBe('2');
    expect(call1('json_extract_path', j('{"a":[1,2]}'), t('a'), t('-1'))).toBe('2');
    expect(call1('json_extract_path', j('{"a":[1,2]}'), t('a'), t('x'))).toBeNull();
    expect(call1('json_extract_path', j('{"a":1}'))).toBe('{"a":1}');
    expect(call1('json_extract_path_text', j('{"a":"x"}'), t('a'))).toBe('x');
    expect(call1('jsonb_extract_path_text', j('{"a":{"b":null}}'), t('a'), t('b'))).toBeNull();
    expect(call1('json_extract_path', j('{"a":1}'), t(null))).toBeNull();
    expect(call1('json_extract_path_text', t('{"a":"lit"}'), t('a'))).toBe('lit');
  });

  it('json_typeof, json_array_length', () => {
    expect(callFunction('json_typeof', [['json', ['{}', ' [1]', '"s"', '1', 'true', 'null']]]).values)
      .toEqual(['object', 'array', 'string', 'number', 'boolean', 'null']);
    expect(call1('json_array_length', j('[1,[2,3],{"a":[4]}]'))).toBe(3);
    expect(call1('jsonb_array_length', j('[]'))).toBe(0);
    expect(errorOf(() => call1('json_array_length', j('{}')))).toBe('22023 cannot get array length of a non-array');
    expect(errorOf(() => call1('json_array_length', j('1')))).toBe('22023 cannot get array length of a scalar');
    expect(errorOf(() => call1('json_typeof', t('{bad')))).toMatch(/^22P02 invalid input syntax for type json/);
  });

  it('building JSON', () => {
    expect(call1('json_build_object', t('a'), ['integer', [1]], t('b'), t('x'))).toBe('{"a" : 1, "b" : "x"}');
    expect(call1('jsonb_build_object', t('a'), ['integer', [1]], t('b'), ['null', [null]])).toBe('{"a": 1, "b": null}');
    expect(call1('json_build_object')).toBe('{}');
    expect(call1('json_build_array', ['integer', [1]], t('a'), ['null', [null]], ['boolean', [true]])).toBe('[1, "a", null, true]');
    expect(call1('json_build_array', j('{"x":1}'), ['bigint', [9007199254740993n]])).toBe('[{"x":1}, 9007199254740993]');
    expect(call1('to_json', ['timestamp', [Date.UTC(2024, 0, 1, 10, 0, 0, 500)]])).toBe('"2024-01-01T10:00:00.5"');
    expect(call1('to_json', ['double', [1e100]])).toBe('1e+100');
    expect(call1('to_json', ['double', [NaN]])).toBe('"NaN"');
    expect(call1('to_json', ['bytes', [new Uint8Array([10])]])).toBe('"\\\\x0a"');
    expect(call1('to_json', t('say "hi"'))).toBe('"say \\"hi\\""');
    expect(call1('to_jsonb', ['date', [0]])).toBe('"1970-01-01"');
    expect(call1('to_json', t(null))).toBeNull();
    expect(errorOf(() => call1('json_build_object', t('a')))).toBe('22023 argument list must have even number of elements');
    expect(errorOf(() => call1('json_build_object', t(null), ['integer', [1]]))).toBe('22004 null value not allowed for object key');
  });
});
