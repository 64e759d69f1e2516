import { describe, expect, it } from 'vitest';
import { call1, callFunction } from './test-support.ts';

describe('session and system functions', () => {
  it('read the session from the context', () => {
    expect(callFunction('current_user', [], { n: 2 }).values).toEqual(['alice', 'alice']);
    expect(call1('session_user')).toBe('alice');
    expect(call1('user')).toBe('alice');
    expect(call1('current_role')).toBe('user');
    expect(call1('current_namespace')).toBe('chat');
    expect(call1('current_schema')).toBe('chat');
    expect(call1('version')).toBe('InkDB 0.1.0');
    expect(callFunction('version', [], { n: 1 }).type).toBe('text');
  });

  it('pg_typeof / typeof name the argument type, NULLs included', () => {
    expect(call1('pg_typeof', ['double', [1]])).toBe('double precision');
    expect(call1('pg_typeof', ['integer', [null]])).toBe('integer');
    expect(call1('typeof', ['null', [null]])).toBe('unknown');
    expect(call1('typeof', ['bytes', [new Uint8Array()]])).toBe('bytea');
  });
});
