/**
 * The page side of the Playwright kit (`inkdb/testing/page-hook`): an application that wants its
 * InkDB database reachable from Playwright tests calls {@link exposeForTesting} with it. Nothing
 * is exposed otherwise: the hook is off by default, and an application that imports it behind a
 * build-time flag leaves it out of its production bundle entirely:
 *
 * ```ts
 * const db = await openDatabase({ name: 'my-app' });
 * if (import.meta.env.VITE_INKDB_TEST_HOOK === 'on') {
 *   const { exposeForTesting } = await import('inkdb/testing/page-hook');
 *   exposeForTesting(db);
 * }
 * ```
 *
 * The hook is one object on `globalThis` ({@link TEST_HOOK_GLOBAL}) with one method, `call`,
 * which the kit (`inkdb/testing/playwright`) reaches through `page.evaluate`. Every statement runs
 * through the database's public API, in a trusted session of the user the test names (root by
 * default), so the engine applies the same rules it applies to the application.
 */
import { decodeValue, encodeValue, type WireValue } from './playwright-values.ts';

/** The name of the hook on `globalThis`. */
export const TEST_HOOK_GLOBAL = '__inkdbTestHook';

/** A result as the hook reads it (InkDB's `Result` is one). */
export interface HookResult {
  readonly rows: readonly Record<string, unknown>[];
  readonly columns: readonly { readonly name: string; readonly type: string }[];
  readonly rowCount: number;
  readonly message: string;
}

/** A session as the hook uses it (InkDB's `Session` is one). */
export interface HookSession {
  query(sql: string, params?: readonly unknown[]): Promise<HookResult>;
  table(name: string): { insert(rows: readonly Record<string, unknown>[]): Promise<{ readonly rowCount: number }> };
}

/** A database as the hook uses it (InkDB's `Database` is one). */
export interface HookDatabase {
  readonly name: string;
  readonly closed: boolean;
  session(options: { readonly user: string; readonly create?: boolean }): Promise<HookSession>;
}

/** What a hook call answers: a value, or an error with its SQLSTATE fields. */
export type HookAnswer =
  | { readonly ok: true; readonly value: WireValue }
  | { readonly ok: false; readonly error: { readonly name: string; readonly message: string; readonly code?: string; readonly position?: number; readonly hint?: string; readonly detail?: string } };

/** The object installed on `globalThis`. */
export interface TestHook {
  readonly version: 1;
  /** Database names, in the order they were exposed. */
  databases(): string[];
  /** Runs one kit operation (arguments and answer tagged by `encodeValue`). */
  call(op: string, args: WireValue): Promise<HookAnswer>;
}

/** Options of {@link exposeForTesting}. */
export interface ExposeOptions {
  /** The name tests use to pick this database (default: `db.name`). */
  readonly name?: string;
}

interface Entry {
  readonly db: HookDatabase;
  readonly sessions: Map<string, Promise<HookSession>>;
}

interface Watch {
  readonly session: HookSession;
  readonly sql: string;
  readonly params: readonly unknown[];
  readonly baseline: string;
}

const TABLE_NAME_MESSAGE = 'names of tables are namespace.table or table';

/** Compares two values of one column for a stable snapshot order (NULL first). */
function compareValues(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === null || a === undefined) return -1;
  if (b === null || b === undefined) return 1;
  if ((typeof a === 'number' || typeof a === 'bigint') && (typeof b === 'number' || typeof b === 'bigint')) return a < b ? -1 : a > b ? 1 : 0;
  const sa = JSON.stringify(encodeValue(a));
  const sb = JSON.stringify(encodeValue(b));
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

/** The registry of exposed databases, created on first use. */
function registry(): Map<string, Entry> {
  const g = globalThis as Record<string, unknown>;
  const existing = g[TEST_HOOK_GLOBAL] as (TestHook & { entries?: Map<string, Entry> }) | undefined;
  if (existing?.entries !== undefined) return existing.entries;
  const entries = new Map<string, Entry>();
  const watches = new Map<number, Watch>();
  let nextWatch = 1;

  const pick = (name: WireValue | undefined): Entry => {
    if (typeof name === 'string') {
      const e = entries.get(name);
      if (e === undefined) throw new Error(`no InkDB database named "${name}" is exposed for testing (exposed: ${[...entries.keys()].join(', ') || 'none'})`);
      return e;
    }
    const last = [...entries.values()].at(-1);
    if (last === undefined) throw new Error('no InkDB database is exposed for testing: call exposeForTesting(db) in the app');
    return last;
  };
  const sessionOf = (e: Entry, user: WireValue | undefined): Promise<HookSession> => {
    const u = typeof user === 'string' ? user : 'root';
    let s = e.sessions.get(u);
    if (s === undefined) {
      s = e.db.session({ user: u, create: u !== 'root' });
      s.catch(() => e.sessions.delete(u));
      e.sessions.set(u, s);
    }
    return s;
  };
  const rowsKey = (rows: readonly Record<string, unknown>[]): string => JSON.stringify(encodeValue(rows));
  const qualified = (name: string): string => {
    if (!/^("?[A-Za-z_][\w$]*"?)(\.("?[A-Za-z_][\w$]*"?))?$/.test(name)) throw new Error(`${TABLE_NAME_MESSAGE}: "${name}"`);
    return name;
  };

  const ops: Record<string, (a: Record<string, WireValue>) => Promise<unknown>> = {
    async query(a) {
      const s = await sessionOf(pick(a['database']), a['user']);
      const r = await s.query(String(a['sql']), (decodeValue(a['params']) as unknown[] | null) ?? []);
      return { rows: r.rows, columns: r.columns.map((c) => ({ name: c.name, type: c.type })), rowCount: r.rowCount, message: r.message };
    },
    async seed(a) {
      const s = await sessionOf(pick(a['database']), a['user']);
      const tables = decodeValue(a['tables']) as Record<string, Record<string, unknown>[]>;
      const counts: Record<string, number> = {};
      for (const [name, rows] of Object.entries(tables)) {
        counts[name] = rows.length === 0 ? 0 : (await s.table(qualified(name)).insert(rows)).rowCount;
      }
      return counts;
    },
    async snapshot(a) {
      const s = await sessionOf(pick(a['database']), a['user']);
      const r = await s.query(`SELECT * FROM ${qualified(String(a['table']))}`);
      const names = r.columns.map((c) => c.name);
      return r.rows.slice().sort((x, y) => {
        for (const n of names) {
          const c = compareValues(x[n], y[n]);
          if (c !== 0) return c;
        }
        return 0;
      });
    },
    async reset(a) {
      const e = pick(a['database']);
      const root = await sessionOf(e, 'root');
      const tables = (await root.query("SELECT namespace_id, table_name, table_type FROM system.tables WHERE table_type <> 'system'")).rows;
      const parts = (await root.query("SELECT namespace_id, table_name, partition FROM system.stats WHERE partition <> ''")).rows;
      const quote = (x: unknown): string => `"${String(x).replaceAll('"', '""')}"`;
      let deleted = 0;
      for (const t of tables) {
        const name = `${quote(t['namespace_id'])}.${quote(t['table_name'])}`;
        if (t['table_type'] === 'shared') {
          deleted += (await root.query(`DELETE FROM ${name}`)).rowCount;
          continue;
        }
        for (const p of parts) {
          if (p['namespace_id'] !== t['namespace_id'] || p['table_name'] !== t['table_name']) continue;
          const user = String(p['partition']).replaceAll("'", "''");
          deleted += (await root.query(`EXECUTE AS USER '${user}' (DELETE FROM ${name})`)).rowCount;
        }
      }
      return { tables: tables.length, deleted };
    },
    async watch(a) {
      const session = await sessionOf(pick(a['database']), a['user']);
      const sql = String(a['sql']);
      const params = (decodeValue(a['params']) as unknown[] | null) ?? [];
      const baseline = rowsKey((await session.query(sql, params)).rows);
      const id = nextWatch++;
      watches.set(id, { session, sql, params, baseline });
      return id;
    },
    async wait(a) {
      const id = Number(a['id']);
      const w = watches.get(id);
      if (w === undefined) throw new Error(`no watch ${id}`);
      const deadline = Date.now() + Number(a['timeoutMs'] ?? 5000);
      try {
        for (;;) {
          const rows = (await w.session.query(w.sql, w.params)).rows;
          if (rowsKey(rows) !== w.baseline) return rows;
          if (Date.now() > deadline) throw new Error(`waitForChange: the result of ${JSON.stringify(w.sql)} did not change within ${Number(a['timeoutMs'] ?? 5000)} ms`);
          await new Promise((r) => setTimeout(r, 20));
        }
      } finally {
        watches.delete(id);
      }
    },
  };

  const hook: TestHook & { entries: Map<string, Entry> } = {
    version: 1,
    entries,
    databases: () => [...entries.keys()],
    async call(op, args) {
      const f = ops[op];
      try {
        if (f === undefined) throw new Error(`unknown test hook operation "${op}"`);
        return { ok: true, value: encodeValue(await f((args ?? {}) as Record<string, WireValue>)) };
      } catch (e) {
        const x = e as { name?: string; message?: string; code?: string; position?: number; hint?: string; detail?: string };
        return {
          ok: false,
          error: {
            name: x.name ?? 'Error', message: x.message ?? String(e),
            ...(typeof x.code === 'string' ? { code: x.code } : {}),
            ...(typeof x.position === 'number' ? { position: x.position } : {}),
            ...(typeof x.hint === 'string' ? { hint: x.hint } : {}),
            ...(typeof x.detail === 'string' ? { detail: x.detail } : {}),
          },
        };
      }
    },
  };
  g[TEST_HOOK_GLOBAL] = hook;
  return entries;
}

/**
 * Makes `db` reachable from Playwright tests through `inkdb/testing/playwright`. Call it again
 * with a new database of the same name (after a reopen) to replace it. Returns a function that
 * withdraws it.
 *
 * @example
 * ```ts
 * import { exposeForTesting } from 'inkdb/testing/page-hook';
 * const db = await openDatabase({ name: 'my-app' });
 * exposeForTesting(db);   // tests: await query(page, 'SELECT count(*) AS n FROM app.todos')
 * ```
 */
export function exposeForTesting(db: HookDatabase, options: ExposeOptions = {}): () => void {
  const entries = registry();
  const name = options.name ?? db.name;
  const entry: Entry = { db, sessions: new Map() };
  entries.delete(name); // re-exposed: now the most recent
  entries.set(name, entry);
  return () => {
    if (entries.get(name) === entry) entries.delete(name);
  };
}
