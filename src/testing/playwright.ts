/**
 * `inkdb/testing/playwright`: fixtures for Playwright suites of applications that use InkDB.
 * They reach the application's own database inside the page through the hook the application
 * enables with `exposeForTesting(db)` (`inkdb/testing/page-hook`), so a test can seed tables,
 * read them back, reset them, act as a user and wait for a query's result to change, while
 * the application runs as it does for its users.
 *
 * @example
 * ```ts
 * import { expect, test } from '@playwright/test';
 * import { as, query, reset, seed, snapshot, waitForChange } from 'inkdb/testing/playwright';
 *
 * test('a new todo shows up', async ({ page }) => {
 *   await page.goto('/');
 *   await reset(page);
 *   await as(page, 'alice').seed({ 'app.todos': [{ id: 1, title: 'milk' }] });
 *   const rows = await waitForChange(page, 'SELECT title FROM app.todos ORDER BY id', [], {
 *     user: 'alice', action: () => page.getByRole('button', { name: 'Add' }).click(),
 *   });
 *   expect(rows).toEqual([{ title: 'milk' }, { title: 'new todo' }]);
 * });
 * ```
 *
 * Values keep their InkDB types both ways (BIGINT as `bigint`, BYTES as `Uint8Array`). Failures
 * of the database reject with a {@link KitError} that carries the `DbError`'s SQLSTATE `code`.
 *
 * The kit has no runtime dependency: it needs only a page's `evaluate` ({@link PageLike}), so
 * `@playwright/test` stays the suite's own dependency.
 */
import { decodeValue, encodeValue, type WireValue } from './playwright-values.ts';
import type { HookAnswer } from './page-hook.ts';

/** What the kit needs of a Playwright `Page`. */
export interface PageLike {
  evaluate<R, Arg>(pageFunction: (arg: Arg) => R | Promise<R>, arg: Arg): Promise<R>;
}

/** A row read from the database. */
export type KitRow = Record<string, unknown>;

/** Options every kit call takes. */
export interface KitOptions {
  /** The user whose session runs the statements (a trusted session, created on first use; default `root`). */
  readonly user?: string;
  /** The exposed database to use, by name (default: the one exposed last). */
  readonly database?: string;
  /** Milliseconds to wait for the application to expose its database (default 10,000). */
  readonly hookTimeoutMs?: number;
}

/** Options of {@link waitForChange}. */
export interface WaitOptions extends KitOptions {
  /** What makes the change (a click, …): run after the first result is taken, so no change is missed. */
  readonly action?: () => Promise<unknown>;
  /** Milliseconds to wait for the result to change (default 5,000). */
  readonly timeoutMs?: number;
}

/** Fields of a database error that crossed from the page. */
export interface KitErrorFields {
  readonly code?: string;
  readonly position?: number;
  readonly hint?: string;
  readonly detail?: string;
}

/**
 * A failure reported by the page: for database errors, `code` is the SQLSTATE (`42P01`, …).
 *
 * @example
 * ```ts
 * await query(page, 'SELECT * FROM nope').catch((e: KitError) => e.code);   // '42P01'
 * ```
 */
export class KitError extends Error {
  override readonly name = 'KitError';
  readonly code: string | undefined;
  readonly position: number | undefined;
  readonly hint: string | undefined;
  readonly detail: string | undefined;

  constructor(message: string, fields: KitErrorFields = {}) {
    super(fields.code === undefined ? message : `${fields.code}: ${message}`);
    this.code = fields.code;
    this.position = fields.position;
    this.hint = fields.hint;
    this.detail = fields.detail;
  }
}

/** The result of {@link query}: rows, columns, row count and the command's message. */
export interface KitResult {
  readonly rows: KitRow[];
  readonly columns: { readonly name: string; readonly type: string }[];
  readonly rowCount: number;
  readonly message: string;
}

/** Runs one hook operation in the page, waiting for the hook to appear first. */
async function call(page: PageLike, op: string, args: Record<string, unknown>, options: KitOptions): Promise<unknown> {
  const payload = encodeValue({
    ...args,
    ...(options.user !== undefined ? { user: options.user } : {}),
    ...(options.database !== undefined ? { database: options.database } : {}),
  });
  const answer = await page.evaluate(
    // Runs in the page: self-contained (Playwright sends its source text).
    async ([o, a, wait]: [string, WireValue, number]): Promise<HookAnswer> => {
      const g = globalThis as unknown as Record<string, { call(op: string, args: WireValue): Promise<HookAnswer> } | undefined>;
      const until = Date.now() + wait;
      while (g['__inkdbTestHook'] === undefined) {
        if (Date.now() > until) {
          return { ok: false, error: { name: 'Error', message: `the page exposes no InkDB database after ${wait} ms: call exposeForTesting(db) (inkdb/testing/page-hook) in the app` } };
        }
        await new Promise((r) => setTimeout(r, 20));
      }
      return g['__inkdbTestHook'].call(o, a);
    },
    [op, payload, options.hookTimeoutMs ?? 10_000] as [string, WireValue, number],
  );
  if (!answer.ok) {
    const { message, ...fields } = answer.error;
    throw new KitError(message, fields);
  }
  return decodeValue(answer.value);
}

/**
 * Runs one statement (with parameters `$1 … $n`) in the page's database and returns its rows,
 * columns, row count and message.
 *
 * @example
 * ```ts
 * const r = await query(page, 'SELECT count(*) AS n FROM chat.rooms');
 * r.rows;   // [{ n: 2n }]
 * ```
 */
export async function query(page: PageLike, sql: string, params: readonly unknown[] = [], options: KitOptions = {}): Promise<KitResult> {
  return (await call(page, 'query', { sql, params }, options)) as KitResult;
}

/**
 * Inserts rows into tables, `{ 'namespace.table': rows }`, in order; user and stream tables
 * receive them in the partition of `options.user` (root by default). Resolves to the number of
 * rows inserted per table.
 *
 * @example
 * ```ts
 * await seed(page, { 'chat.rooms': [{ id: 'general', title: 'General' }] });   // { 'chat.rooms': 1 }
 * ```
 */
export async function seed(page: PageLike, tables: Record<string, readonly KitRow[]>, options: KitOptions = {}): Promise<Record<string, number>> {
  return (await call(page, 'seed', { tables }, options)) as Record<string, number>;
}

/**
 * Every row of a table that `options.user` sees (root by default), sorted by all columns in
 * order, so that two snapshots of the same data compare equal.
 *
 * @example
 * ```ts
 * expect(await snapshot(page, 'chat.rooms')).toEqual([{ id: 'general', title: 'General' }]);
 * ```
 */
export async function snapshot(page: PageLike, table: string, options: KitOptions = {}): Promise<KitRow[]> {
  return (await call(page, 'snapshot', { table }, options)) as KitRow[];
}

/**
 * Deletes every row of every table (shared tables, and every user's partition of user and
 * stream tables), as root; namespaces, tables and users stay. Resolves to the number of tables
 * and of rows deleted.
 *
 * @example
 * ```ts
 * await reset(page);   // { tables: 3, deleted: 12 }
 * ```
 */
export async function reset(page: PageLike, options: Omit<KitOptions, 'user'> = {}): Promise<{ tables: number; deleted: number }> {
  return (await call(page, 'reset', {}, options)) as { tables: number; deleted: number };
}

/**
 * Takes `sql`'s result, runs `options.action` if given, then resolves with the result once it
 * differs (it polls inside the page). Without `action`, start it before the change happens and
 * await it after (the first result is taken when it is called).
 *
 * @example
 * ```ts
 * const rows = await waitForChange(page, 'SELECT body FROM chat.messages ORDER BY id', [], {
 *   user: 'bob', action: () => page.getByRole('button', { name: 'Send' }).click(),
 * });
 * ```
 */
export async function waitForChange(page: PageLike, sql: string, params: readonly unknown[] = [], options: WaitOptions = {}): Promise<KitRow[]> {
  const id = await call(page, 'watch', { sql, params }, options);
  if (options.action !== undefined) await options.action();
  return (await call(page, 'wait', { id, timeoutMs: options.timeoutMs ?? 5_000 }, options)) as KitRow[];
}

/** The kit's calls bound to one page and user: what {@link as} and the `inkdb` fixture return. */
export interface KitSession {
  readonly user: string;
  query(sql: string, params?: readonly unknown[]): Promise<KitResult>;
  seed(tables: Record<string, readonly KitRow[]>): Promise<Record<string, number>>;
  snapshot(table: string): Promise<KitRow[]>;
  waitForChange(sql: string, params?: readonly unknown[], options?: Omit<WaitOptions, 'user' | 'database'>): Promise<KitRow[]>;
  reset(): Promise<{ tables: number; deleted: number }>;
  /** The same calls as another user. */
  as(user: string): KitSession;
}

/**
 * The kit's calls as `user` (created with role `user` on first use when it does not exist):
 * what that user's session sees and may do, by the engine's rules.
 *
 * @example
 * ```ts
 * await as(page, 'alice').query("INSERT INTO chat.messages (room, body) VALUES ('general', 'hi')");
 * (await as(page, 'bob').snapshot('chat.messages')).length;   // 0: alice's rows are hers
 * ```
 */
export function as(page: PageLike, user: string, options: Omit<KitOptions, 'user'> = {}): KitSession {
  const o: KitOptions = { ...options, user };
  return {
    user,
    query: (sql, params = []) => query(page, sql, params, o),
    seed: (tables) => seed(page, tables, o),
    snapshot: (table) => snapshot(page, table, o),
    waitForChange: (sql, params = [], w = {}) => waitForChange(page, sql, params, { ...w, ...o }),
    reset: () => reset(page, options),
    as: (other) => as(page, other, options),
  };
}

/** The fixture {@link inkdbFixtures} adds to Playwright's `test`. */
export interface InkdbFixtures {
  /** The kit bound to the test's page, as root; `inkdb.as('alice')` for another user. */
  inkdb: KitSession;
}

/**
 * Fixtures for `test.extend`: `inkdb`, the kit bound to the test's `page` as root.
 *
 * @example
 * ```ts
 * import { test as base } from '@playwright/test';
 * import { inkdbFixtures, type InkdbFixtures } from 'inkdb/testing/playwright';
 * const test = base.extend<InkdbFixtures>(inkdbFixtures);
 * test('rooms', async ({ page, inkdb }) => {
 *   await page.goto('/');
 *   expect((await inkdb.query('SELECT count(*) AS n FROM chat.rooms')).rows).toEqual([{ n: 2n }]);
 * });
 * ```
 */
export const inkdbFixtures = {
  inkdb: async ({ page }: { page: PageLike }, use: (kit: KitSession) => Promise<void>): Promise<void> => {
    await use(as(page, 'root'));
  },
};
