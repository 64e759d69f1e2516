/**
 * The demo console's logic, without a browser: completion from the system tables, the caret
 * under an error's position, EXPLAIN text back into a tree, the history kept in storage, CSV
 * export, the grid's window over a million rows, and cell formatting.
 */
import { describe, expect, it } from 'vitest';
import { tableFromIPC, tableToIPC } from 'apache-arrow';
import { openDatabase } from '../src/index.ts';
import { caretPlace } from '../demo/console/caret.ts';
import { formatCell } from '../demo/console/cells.ts';
import { complete, mentionedTables, type SchemaInfo } from '../demo/console/completion.ts';
import { parseExplain } from '../demo/console/explain-tree.ts';
import { csvField, toCsv } from '../demo/console/export.ts';
import { HISTORY_KEY, HISTORY_MAX, loadHistory, remember, type KeyValueStore } from '../demo/console/history.ts';
import { MAX_SCROLL_PX, ROW_HEIGHT, gridWindow } from '../demo/console/ResultGrid.tsx';

const schema: SchemaInfo = {
  namespaces: ['chat', 'default'],
  tables: [
    { namespace: 'chat', name: 'messages', type: 'user', accessLevel: null },
    { namespace: 'chat', name: 'members', type: 'shared', accessLevel: 'public' },
    { namespace: 'chat', name: 'rooms', type: 'shared', accessLevel: 'public' },
  ],
  columns: [
    ...['id', 'room', 'body'].map((name) => ({ namespace: 'chat', table: 'messages', name, type: 'TEXT' })),
    ...['id', 'title'].map((name) => ({ namespace: 'chat', table: 'rooms', name, type: 'TEXT' })),
  ],
};

const labels = (text: string, caret = text.length) => complete(text, caret, schema).items.map((i) => i.label);

describe('completion', () => {
  it('completes a namespace\'s tables after "ns."', () => {
    expect(labels('SELECT * FROM chat.m')).toEqual(['messages', 'members']);
    const c = complete('SELECT * FROM chat.ro', 21, schema);
    expect([c.from, c.to, c.items[0]!.insert, c.items[0]!.detail]).toEqual([19, 21, 'rooms', 'shared table, public']);
  });

  it('completes columns after a table name or an alias', () => {
    expect(labels('SELECT m. FROM chat.messages AS m', 9)).toEqual(['id', 'room', 'body']);
    expect(labels('SELECT r.t FROM chat.rooms r', 10)).toEqual(['title']);
    expect(labels('SELECT rooms.', 13)).toEqual(['id', 'title']);
  });

  it('offers columns of the mentioned tables first, then tables, namespaces and keywords, in the case typed', () => {
    expect(labels('SELECT ro FROM chat.messages', 9)).toEqual(['room', 'rooms', 'ROLLBACK', 'ROW_NUMBER()']);
    expect(complete('sel', 3, schema).items[0]).toEqual({ label: 'SELECT', insert: 'select', kind: 'keyword', detail: 'keyword' });
    expect(complete('SEL', 3, schema).items[0]!.insert).toBe('SELECT');
    expect(labels('SELECT * FROM ch')).toEqual(['chat']);
    expect(labels('SELECT ')).toEqual([]);
  });

  it('reads tables and aliases after FROM, JOIN, UPDATE and INTO', () => {
    expect(mentionedTables('SELECT * FROM chat.messages m JOIN chat.rooms ON 1=1 WHERE x; UPDATE t SET a = 1; INSERT INTO ns.u AS z'))
      .toEqual([
        { name: 'chat.messages', alias: 'm' }, { name: 'chat.rooms', alias: null }, { name: 't', alias: null }, { name: 'ns.u', alias: 'z' },
      ]);
  });
});

describe('caretPlace', () => {
  it('finds the line and column of a 1-based position, and pads under it keeping tabs', () => {
    const text = 'SELECT 1;\n\tSELECT nope';
    expect(caretPlace(text, text.indexOf('nope') + 1)).toEqual({ line: 2, column: 9, lineText: '\tSELECT nope', pad: '\t       ', offset: 18 });
    expect(caretPlace('SELECT 1 +', 11)).toEqual({ line: 1, column: 11, lineText: 'SELECT 1 +', pad: ' '.repeat(10), offset: 10 });
    expect(caretPlace('a\r\nb', 4).lineText).toBe('b');
    expect(caretPlace('x', 0).column).toBe(1);
  });
});

describe('parseExplain', () => {
  it('rebuilds the operator tree with each node\'s details', () => {
    const lines = [
      'Limit', '  ->  Top-N Sort', '        Sort Key: n DESC', '        ->  Hash Join', '              Hash Cond: (room = id)',
      '              ->  Seq Scan on chat.messages', '                    Filter: (body LIKE \'%a%\')', '              ->  Hash',
      '                    ->  Seq Scan on chat.rooms  (rows=2)',
    ];
    const root = parseExplain(lines)!;
    expect(root.label).toBe('Limit');
    const sort = root.children[0]!;
    expect([sort.label, sort.details]).toEqual(['Top-N Sort', ['Sort Key: n DESC']]);
    const join = sort.children[0]!;
    expect(join.details).toEqual(['Hash Cond: (room = id)']);
    expect(join.children.map((c) => c.label)).toEqual(['Seq Scan on chat.messages', 'Hash']);
    expect(join.children[0]!.details).toEqual(["Filter: (body LIKE '%a%')"]);
    const rooms = join.children[1]!.children[0]!;
    expect([rooms.label, rooms.estimatedRows]).toEqual(['Seq Scan on chat.rooms', 2]);
    expect(join.estimatedRows).toBeNull();
    expect(parseExplain([])).toBeNull();
  });

  it('reads the engine\'s own EXPLAIN output', async () => {
    const db = await openDatabase({ worker: false, storage: 'memory' });
    const s = await db.login('root', '');
    await s.query('CREATE TABLE a (id INT PRIMARY KEY, v TEXT); CREATE TABLE b (id INT, a_id INT)');
    const r = await s.query('EXPLAIN SELECT a.v, count(*) FROM a JOIN b ON b.a_id = a.id GROUP BY a.v ORDER BY 2 DESC LIMIT 3');
    const root = parseExplain(r.rows.map((x) => String(x['QUERY PLAN'])))!;
    const labelsOf = (n: typeof root): string[] => [n.label, ...n.children.flatMap(labelsOf)];
    const all = labelsOf(root);
    expect(all[0]).toBe('Limit');
    expect(all.filter((l) => l.startsWith('Seq Scan on default.'))).toHaveLength(2);
    expect(all.some((l) => l.includes('Join'))).toBe(true);
    await db.close();
  });
});

describe('history', () => {
  const store = (): KeyValueStore & { data: Map<string, string> } => {
    const data = new Map<string, string>();
    return { data, getItem: (k) => data.get(k) ?? null, setItem: (k, v) => { data.set(k, v); } };
  };

  it('keeps scripts newest first, moves a repeated one to the top, and caps the list', () => {
    const s = store();
    remember(s, 'SELECT 1', 'root', 1);
    remember(s, 'SELECT 2', 'alice', 2);
    expect(remember(s, '  SELECT 1\n', 'bob', 3).map((e) => [e.sql, e.user, e.at])).toEqual([['SELECT 1', 'bob', 3], ['SELECT 2', 'alice', 2]]);
    expect(remember(s, '   ', 'root').length).toBe(2);
    for (let i = 0; i < HISTORY_MAX + 5; i++) remember(s, `SELECT ${i + 10}`, 'root', i + 10);
    const h = loadHistory(s);
    expect(h.length).toBe(HISTORY_MAX);
    expect(h[0]!.sql).toBe(`SELECT ${HISTORY_MAX + 14}`);
  });

  it('survives unreadable storage', () => {
    const s = store();
    s.data.set(HISTORY_KEY, '{not json');
    expect(loadHistory(s)).toEqual([]);
    s.data.set(HISTORY_KEY, JSON.stringify([{ sql: 1 }, { sql: 'ok', at: 5, user: 'root' }]));
    expect(loadHistory(s)).toEqual([{ sql: 'ok', at: 5, user: 'root' }]);
    const full: KeyValueStore = { getItem: () => null, setItem: () => { throw new Error('QuotaExceededError'); } };
    expect(remember(full, 'SELECT 1', 'root', 1)).toEqual([{ sql: 'SELECT 1', at: 1, user: 'root' }]);
  });
});

describe('CSV export', () => {
  it('quotes fields that need it and writes NULL as an empty field', async () => {
    expect([csvField('a'), csvField('a,b'), csvField('say "hi"'), csvField('two\nlines')]).toEqual(['a', '"a,b"', '"say ""hi"""', '"two\nlines"']);
    const db = await openDatabase({ worker: false, storage: 'memory' });
    const s = await db.login('root', '');
    const r = await s.query("SELECT 1 AS n, 'x,y' AS s, NULL::int AS z, 3::bigint AS b, DATE '2024-01-02' AS d, TIMESTAMP '2024-01-02 03:04:05' AS t, true AS ok");
    // through Arrow IPC, as results from the worker arrive
    const table = tableFromIPC(tableToIPC(r.table, 'stream'));
    const progress: number[] = [];
    expect(await toCsv(table, r.columns, (n) => progress.push(n))).toBe('n,s,z,b,d,t,ok\r\n1,"x,y",,3,2024-01-02,2024-01-02 03:04:05.000,true\r\n');
    expect(progress).toEqual([1]);
    const big = await s.query('SELECT x FROM generate_series(1, 45000) AS g(x)');
    const csv = await toCsv(big.table, big.columns, (n) => progress.push(n));
    expect(csv.split('\r\n').length).toBe(45002);
    expect(progress.slice(1)).toEqual([20000, 40000, 45000]);
    await db.close();
  });
});

describe('the grid window', () => {
  it('draws the rows in view plus a margin, at their place', () => {
    expect(gridWindow(10, 0, 260)).toEqual({ first: 0, count: 10, top: 0, height: 260 });
    const w = gridWindow(1000, 100 * ROW_HEIGHT, 14 * ROW_HEIGHT);
    expect([w.first, w.top, w.height]).toEqual([94, 94 * ROW_HEIGHT, 1000 * ROW_HEIGHT]);
    expect(w.count).toBe(15 + 12);
  });

  it('scales the scroll range past the limit: top, middle and bottom reach the first, middle and last rows', () => {
    const n = 1_000_000;
    const viewport = 14 * ROW_HEIGHT;
    const top = gridWindow(n, 0, viewport);
    expect([top.first, top.top, top.height]).toEqual([0, 0, MAX_SCROLL_PX]);
    const end = gridWindow(n, MAX_SCROLL_PX - viewport, viewport);
    expect(end.first + end.count).toBe(n);
    expect(end.top + end.count * ROW_HEIGHT).toBeLessThanOrEqual(MAX_SCROLL_PX);
    const mid = gridWindow(n, (MAX_SCROLL_PX - viewport) / 2, viewport);
    expect(Math.abs(mid.first - n / 2)).toBeLessThan(20);
  });
});

describe('formatCell', () => {
  it('formats by SQL type', () => {
    expect(formatCell(null, 'integer')).toBe('NULL');
    expect(formatCell(1704153600000, 'date')).toBe('2024-01-02');
    expect(formatCell(1704164645678, 'timestamp')).toBe('2024-01-02 03:04:05.678');
    expect(formatCell(new Uint8Array([0, 255]), 'bytes')).toBe('\\x00ff');
    expect(formatCell(12n, 'bigint')).toBe('12');
    expect(formatCell(false, 'boolean')).toBe('false');
  });
});
