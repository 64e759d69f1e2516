import { describe, expect, it } from 'vitest';
import { ProviderRegistry, buildSelect, parseQualifiedName, quoteIdent, type SessionRunner } from './provider-registry.ts';
import type { Result } from './result.ts';

function runner(id: string, log: string[] = []): SessionRunner {
  return {
    id,
    query: async (sql, params) => { log.push(`${sql} ${JSON.stringify(params)}`); return {} as Result; },
    insertRows: async (table, rows) => { log.push(`insert ${table} ${JSON.stringify(rows)}`); return {} as Result; },
    insertColumns: async (table, cols) => { log.push(`insertColumns ${table} ${Object.keys(cols).join(',')}`); return {} as Result; },
    subscribe: async (sql, params) => { log.push(`subscribe ${sql} ${JSON.stringify(params)}`); return { id: 'live-1', closed: false, unsubscribe: async () => {} }; },
  };
}

describe('names', () => {
  it('folds unquoted parts to lower case and keeps quoted ones', () => {
    expect(parseQualifiedName('Chat.Messages')).toEqual(['chat', 'messages']);
    expect(parseQualifiedName('"MyNs"."T.x"')).toEqual(['MyNs', 'T.x']);
    expect(parseQualifiedName(' a . "b""c" ')).toEqual(['a', 'b"c']);
    for (const bad of ['', 'a.', '.a', 'a.b.c', '"open', 'a b']) {
      expect(() => parseQualifiedName(bad), bad).toThrow(expect.objectContaining({ code: '42602' }));
    }
  });

  it('quotes identifiers safely', () => {
    expect(quoteIdent('Room')).toBe('"room"');
    expect(quoteIdent('"Room"')).toBe('"Room"');
    expect(quoteIdent('x"; DROP TABLE t; --')).toBe('"x""; drop table t; --"');
  });
});

describe('buildSelect', () => {
  it('builds parameterised SQL with quoted identifiers', () => {
    expect(buildSelect('"chat"."messages"', {
      columns: ['id', 'Body'], where: { room: 'general', deleted_by: null, kind: ['a', 'b'], skipped: undefined },
      orderBy: [{ column: 'id', direction: 'desc', nulls: 'last' }, 'room'], limit: 50, offset: 10,
    })).toEqual({
      sql: 'SELECT "id", "body" FROM "chat"."messages" WHERE "room" = $1 AND "deleted_by" IS NULL AND "kind" IN ($2, $3)'
        + ' ORDER BY "id" DESC NULLS LAST, "room" LIMIT 50 OFFSET 10',
      params: ['general', 'a', 'b'],
    });
    expect(buildSelect('"t"')).toEqual({ sql: 'SELECT * FROM "t"', params: [] });
    expect(buildSelect('"t"', { where: { a: [] } }).sql).toBe('SELECT * FROM "t" WHERE FALSE');
  });

  it('rejects a bad LIMIT or OFFSET instead of splicing it into SQL', () => {
    expect(() => buildSelect('"t"', { limit: -1 })).toThrow(expect.objectContaining({ code: '2201W' }));
    expect(() => buildSelect('"t"', { offset: 1.5 })).toThrow(expect.objectContaining({ code: '2201X' }));
    expect(() => buildSelect('"t"', { limit: '1; DROP TABLE t' as unknown as number })).toThrow(expect.objectContaining({ code: '2201W' }));
  });
});

describe('ProviderRegistry', () => {
  it('shares SHARED providers across sessions and scopes the rest to one session', () => {
    const reg = new ProviderRegistry();
    const alice = runner('a');
    const bob = runner('b');
    const sa = reg.handle(alice, 'chat.rooms', { type: 'shared' });
    const sb = reg.handle(bob, 'Chat.Rooms', { type: 'shared' });
    expect(sa.provider).toBe(sb.provider);
    expect(sa).not.toBe(sb);
    expect(reg.handle(alice, 'chat.rooms', { type: 'shared' })).toBe(sa);
    const ua = reg.handle(alice, 'chat.messages');
    const ub = reg.handle(bob, 'chat.messages');
    expect(ua.provider).not.toBe(ub.provider);
    expect(ua.name).toBe('chat.messages');
    expect(reg.stats.hits).toBeGreaterThan(0);
  });

  it('drops a session\'s handles at logout and re-resolves invalidated providers', () => {
    const reg = new ProviderRegistry();
    const alice = runner('a');
    const h = reg.handle(alice, 't');
    const p = h.provider;
    reg.dropSession('a');
    expect(p.valid).toBe(false);
    expect(reg.handle(alice, 't')).not.toBe(h);

    const s = reg.handle(alice, 'shared_t', { type: 'shared' });
    const sp = s.provider;
    reg.invalidate('SHARED_T');
    expect(sp.valid).toBe(false);
    expect(s.provider).not.toBe(sp);
    expect(s.provider.valid).toBe(true);
  });

  it('handles run their statements through the session', async () => {
    const log: string[] = [];
    const reg = new ProviderRegistry();
    const h = reg.handle(runner('a', log), 'Chat.Messages');
    await h.insert([{ room: 'general', body: 'hi' }]);
    await h.select({ where: { room: 'general' }, limit: 5 });
    expect(log).toEqual([
      'insert chat.messages [{"room":"general","body":"hi"}]',
      'SELECT * FROM "chat"."messages" WHERE "room" = $1 LIMIT 5 ["general"]',
    ]);
    await expect(h.select({ limit: -3 })).rejects.toMatchObject({ code: '2201W' });
  });
});
