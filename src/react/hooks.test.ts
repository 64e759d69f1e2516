// @vitest-environment happy-dom
/**
 * The React hooks, rendered with react-dom in happy-dom against a real in-process engine
 * (useQuery; useLiveQuery by polling) and against a session with `subscribe` (the live-query
 * path: initial rows, insert/update/delete changes, sorting, unsubscribe on unmount, the
 * fallback to polling when the engine answers 0A000).
 */
import { act, createElement, type ReactElement } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database, type Session } from '../index.ts';
import type { ColumnInfo, LiveHandlers } from '../api/engine-api.ts';
import { useLiveQuery, useQuery, type LiveQueryState, type QuerySession, type QueryState, type WatchOptions } from './index.ts';
import { applyChange, sameRows } from './watch-query.ts';
import { paramsKey } from './params-key.ts';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let db: Database;
let root: Session;
let container: HTMLElement;
let reactRoot: Root;

beforeEach(async () => {
  db = await openDatabase({ worker: false, storage: 'memory' });
  root = await db.login('root', '');
  await root.query("CREATE TABLE t (id INT PRIMARY KEY, body TEXT); INSERT INTO t VALUES (1, 'a'), (2, 'b')");
  container = document.createElement('div');
  document.body.append(container);
  reactRoot = createRoot(container);
});

afterEach(async () => {
  await act(async () => reactRoot.unmount());
  container.remove();
  await db.close();
});

/** Renders `element` and lets effects and pending promises settle. */
async function render(element: ReactElement): Promise<void> {
  await act(async () => { reactRoot.render(element); });
  await settle();
}

/** Lets promises and short timers run inside act(). */
async function settle(ms = 0): Promise<void> {
  await act(async () => { await new Promise((r) => setTimeout(r, ms)); });
}

/** Waits (inside act) until `check` passes, or fails after ~2 s. */
async function until(check: () => void): Promise<void> {
  let last: unknown;
  for (let i = 0; i < 100; i++) {
    try { check(); return; } catch (e) { last = e; }
    await settle(20);
  }
  throw last;
}

interface QueryProbeProps {
  readonly session: QuerySession | null;
  readonly sql: string;
  readonly params?: readonly unknown[];
  readonly onState: (q: QueryState) => void;
  readonly show: (q: QueryState) => string;
}

/** Renders useQuery's state through `show`, and hands each state to `onState`. */
function QueryProbe({ session, sql, params, onState, show }: QueryProbeProps): ReactElement {
  const q = useQuery(session, sql, params);
  onState(q);
  return createElement('output', null, show(q));
}

interface LiveProbeProps {
  readonly session: QuerySession;
  readonly sql: string;
  readonly options: WatchOptions;
  readonly onState: (q: LiveQueryState) => void;
  readonly show: (q: LiveQueryState) => string;
}

/** Renders useLiveQuery's state through `show`, and hands each state to `onState`. */
function LiveProbe({ session, sql, options, onState, show }: LiveProbeProps): ReactElement {
  const q = useLiveQuery(session, sql, [], options);
  onState(q);
  return createElement('output', null, show(q));
}

describe('useQuery', () => {
  it('renders the rows, re-runs when the parameters change in value, refetches on demand', async () => {
    const seen: QueryState[] = [];
    let runs = 0;
    const counting: QuerySession = { query: (sql, p) => { runs++; return root.query(sql, p); } };
    const probe = (id: number): ReactElement => createElement(QueryProbe, {
      session: counting, sql: 'SELECT body FROM t WHERE id >= $1 ORDER BY id', params: [id],
      onState: (q) => seen.push(q), show: (q) => (q.loading ? 'loading' : q.rows.map((r) => String(r.body)).join(',')),
    });
    await render(probe(1));
    expect(container.textContent).toBe('a,b');
    expect(seen.at(-1)!.columns).toEqual([{ name: 'body', type: 'text' }]);
    expect(runs).toBe(1);
    // the same value in a new array: no new run
    await render(probe(1));
    expect(runs).toBe(1);
    await render(probe(2));
    expect(container.textContent).toBe('b');
    expect(runs).toBe(2);
    await root.query("INSERT INTO t VALUES (3, 'c')");
    expect(container.textContent).toBe('b');
    await act(async () => seen.at(-1)!.refetch());
    await settle();
    expect(container.textContent).toBe('b,c');
    expect(runs).toBe(3);
  });

  it('reports a DbError and waits while the session is null', async () => {
    let last: QueryState | null = null;
    const probe = (s: Session | null): ReactElement => createElement(QueryProbe, {
      session: s, sql: 'SELECT nope FROM t', onState: (q) => { last = q; }, show: () => '',
    });
    await render(probe(null));
    expect(last!.loading).toBe(false);
    expect(last!.error).toBeNull();
    await render(probe(root));
    expect((last!.error as { code: string }).code).toBe('42703');
    expect(last!.rows).toEqual([]);
  });
});

describe('useLiveQuery by polling (the engine without live queries)', () => {
  it('follows inserts, updates and deletes made by another session', async () => {
    let last: LiveQueryState | null = null;
    await render(createElement(LiveProbe, {
      session: root, sql: 'SELECT id, body FROM t ORDER BY id', options: { pollMs: 10, mode: 'poll' },
      onState: (q) => { last = q; }, show: (q) => q.rows.map((r) => `${r.id}:${r.body}`).join(' '),
    }));
    await until(() => expect(container.textContent).toBe('1:a 2:b'));
    expect(last!.mode).toBe('poll');
    const other = await db.login('root', '');
    await other.query("INSERT INTO t VALUES (3, 'c'); UPDATE t SET body = 'B' WHERE id = 2; DELETE FROM t WHERE id = 1");
    await until(() => expect(container.textContent).toBe('2:B 3:c'));
  });

  it('stops polling on unmount', async () => {
    let runs = 0;
    const counting: QuerySession = { query: (sql, p) => { runs++; return root.query(sql, p); } };
    await render(createElement(LiveProbe, { session: counting, sql: 'SELECT 1 AS x', options: { pollMs: 5 }, onState: () => {}, show: () => '' }));
    await settle(40);
    expect(runs).toBeGreaterThan(1);
    await act(async () => reactRoot.render(createElement('p')));
    const after = runs;
    await settle(40);
    expect(runs).toBe(after);
  });
});

/** A session whose `subscribe` the test drives by hand. */
function liveSession(opts: { unsupported?: boolean } = {}): QuerySession & { handlers: LiveHandlers[]; unsubscribed: number; queries: number } {
  const s = {
    handlers: [] as LiveHandlers[],
    unsubscribed: 0,
    queries: 0,
    query: async (sql: string, p?: readonly unknown[]) => { s.queries++; return root.query(sql, p); },
    subscribe: async (_sql: string, _p: readonly unknown[], h: LiveHandlers) => {
      if (opts.unsupported === true) throw Object.assign(new Error('SUBSCRIBE TO is not supported yet'), { code: '0A000' });
      s.handlers.push(h);
      const cols: ColumnInfo[] = [{ name: 'id', type: 'integer' }, { name: 'body', type: 'text' }];
      (h.onInitial as (rows: readonly Record<string, unknown>[], columns: readonly ColumnInfo[]) => void)([{ id: 2, body: 'b' }, { id: 1, body: 'a' }], cols);
      return { unsubscribe: async () => { s.unsubscribed++; } };
    },
  };
  return s;
}

describe('useLiveQuery with session.subscribe', () => {
  it('shows the initial rows, applies each change, keeps the order of compare, unsubscribes on unmount', async () => {
    const s = liveSession();
    let last: LiveQueryState | null = null;
    await render(createElement(LiveProbe, {
      session: s, sql: 'SELECT id, body FROM t', options: { compare: (a, b) => (a.id as number) - (b.id as number) },
      onState: (q) => { last = q; }, show: (q) => q.rows.map((r) => `${r.id}:${r.body}`).join(' '),
    }));
    expect(container.textContent).toBe('1:a 2:b');
    expect(last!.mode).toBe('subscribe');
    expect(last!.columns.map((c) => c.name)).toEqual(['id', 'body']);
    expect(s.queries).toBe(0);
    const h = s.handlers[0]!;
    await act(async () => h.onChange!({ type: 'insert', rows: [{ id: 0, body: 'z' }], oldRows: [] }));
    expect(container.textContent).toBe('0:z 1:a 2:b');
    await act(async () => h.onChange!({ type: 'update', rows: [{ id: 1, body: 'A' }], oldRows: [{ id: 1, body: 'a' }] }));
    expect(container.textContent).toBe('0:z 1:A 2:b');
    await act(async () => h.onChange!({ type: 'delete', rows: [], oldRows: [{ id: 0, body: 'z' }] }));
    expect(container.textContent).toBe('1:A 2:b');
    await act(async () => h.onError!(Object.assign(new Error('table dropped'), { code: '42P01' })));
    expect((last!.error as { code: string }).code).toBe('42P01');
    await act(async () => reactRoot.render(createElement('p')));
    expect(s.unsubscribed).toBe(1);
  });

  it('falls back to polling when the engine answers 0A000', async () => {
    const s = liveSession({ unsupported: true });
    let last: LiveQueryState | null = null;
    await render(createElement(LiveProbe, {
      session: s, sql: 'SELECT id FROM t ORDER BY id', options: { pollMs: 10 },
      onState: (q) => { last = q; }, show: (q) => q.rows.map((r) => String(r.id)).join(','),
    }));
    await until(() => expect(container.textContent).toBe('1,2'));
    expect(last!.mode).toBe('poll');
    expect(last!.error).toBeNull();
  });

  it('InkDB sessions are QuerySessions', () => {
    const s: QuerySession = root;
    expect(typeof s.query).toBe('function');
  });
});

describe('helpers', () => {
  it('applyChange matches rows by value, bigints and bytes included', () => {
    const rows = [{ id: 1n, b: new Uint8Array([1, 2]) }, { id: 2n, b: null }];
    expect(applyChange(rows, { type: 'delete', rows: [], oldRows: [{ id: 1n, b: new Uint8Array([1, 2]) }] })).toEqual([{ id: 2n, b: null }]);
    expect(applyChange(rows, { type: 'update', rows: [{ id: 2n, b: null }], oldRows: [{ id: 3n, b: null }] })).toEqual(rows);
    expect(sameRows([{ a: Number.NaN }], [{ a: Number.NaN }])).toBe(true);
    expect(sameRows([{ a: 1 }], [{ a: 1, b: 2 }])).toBe(false);
  });

  it('paramsKey tells values apart by type', () => {
    expect(paramsKey([1n])).not.toBe(paramsKey(['1']));
    expect(paramsKey([1])).not.toBe(paramsKey(['1']));
    expect(paramsKey(undefined)).toBe(paramsKey([]));
    expect(paramsKey([new Uint8Array([1])])).toBe(paramsKey([new Uint8Array([1])]));
  });
});
