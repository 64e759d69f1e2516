import { describe, expect, it } from 'vitest';
import { parseValue } from '../../../types/parse-text.ts';
import { call1, callFunction, testContext } from './test-support.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('id functions', () => {
  it('snowflake_id draws from the context, one per selected row', () => {
    const ctx = testContext();
    const r = callFunction('snowflake_id', [], { n: 3, ctx });
    expect(r.type).toBe('bigint');
    expect(r.values).toEqual([1000n, 1001n, 1002n]);
    const s = callFunction('snowflake_id', [], { n: 5, sel: new Int32Array([1, 4]), ctx });
    expect(s.values).toEqual([1003n, 1004n]);
  });

  it('uuid_v7: version 7, variant 10, time-ordered and strictly increasing', () => {
    const before = Date.now();
    const r = callFunction('uuid_v7', [], { n: 5000 });
    expect(r.type).toBe('uuid');
    const ids = r.values as string[];
    for (const id of ids) {
      expect(id).toMatch(UUID);
      expect(id[14]).toBe('7');
      expect('89ab').toContain(id[19]);
      expect(parseValue(id, 'uuid')).toBe(id);
    }
    for (let i = 1; i < ids.length; i++) expect(ids[i]! > ids[i - 1]!).toBe(true);
    const later = callFunction('uuidv7', [], { n: 1 }).values[0] as string;
    expect(later > ids[ids.length - 1]!).toBe(true);
    const ms = call1('uuid_extract_timestamp', ['uuid', [ids[0]!]]) as number;
    expect(ms).toBeGreaterThanOrEqual(before);
    expect(ms).toBeLessThan(before + 60000);
    expect(call1('uuid_extract_version', ['uuid', [ids[0]!]])).toBe(7);
  });

  it('gen_random_uuid: version 4, distinct', () => {
    const ids = callFunction('gen_random_uuid', [], { n: 1000 }).values as string[];
    expect(new Set(ids).size).toBe(1000);
    for (const id of ids) {
      expect(id).toMatch(UUID);
      expect(id[14]).toBe('4');
      expect('89ab').toContain(id[19]);
    }
    expect(call1('uuid_extract_version', ['uuid', [ids[0]!]])).toBe(4);
    expect(call1('uuid_extract_timestamp', ['uuid', [ids[0]!]])).toBeNull();
  });

  it('ulid: 26 Crockford base32 chars, monotonic, time prefix', () => {
    const r = callFunction('ulid', [], { n: 5000 });
    expect(r.type).toBe('text');
    const ids = r.values as string[];
    for (const id of ids) expect(id).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    for (let i = 1; i < ids.length; i++) expect(ids[i]! > ids[i - 1]!).toBe(true);
    let ms = 0;
    for (const c of ids[0]!.slice(0, 10)) ms = ms * 32 + '0123456789ABCDEFGHJKMNPQRSTVWXYZ'.indexOf(c);
    expect(Math.abs(ms - Date.now())).toBeLessThan(60000);
  });

  it('generators only fill selected rows', () => {
    const r = callFunction('gen_random_uuid', [], { n: 4, sel: new Int32Array([2]) });
    expect(r.values[0]).toMatch(UUID);
    expect((r.vector.data as string[])[0]).toBe('');
  });
});
