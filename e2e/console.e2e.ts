/**
 * The demo console: statements run in the worker engine, results and error codes show up,
 * and the page logs no errors.
 */
import { expect, test, type Page } from '@playwright/test';

/** Collects console errors and uncaught page errors. */
function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(`console: ${m.text()}`); });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  return errors;
}

async function run(page: Page, sql: string): Promise<void> {
  await page.locator('#sql').fill(sql);
  await page.locator('#run').click();
  await expect(page.locator('body')).not.toHaveAttribute('data-busy', 'true');
  await expect(page.locator('#run')).toBeEnabled();
}

test('runs SQL in a worker and shows rows and error codes', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('/');
  await expect(page.locator('body')).toHaveAttribute('data-ready', 'true');
  await expect(page.locator('#status')).toContainText('Web Worker');

  await run(page, 'CREATE TABLE t (a INT, b TEXT)');
  await expect(page.locator('#error')).toBeHidden();
  await expect(page.locator('#message')).toContainText('created');

  await run(page, "INSERT INTO t VALUES (1,'x'),(2,'y')");
  await expect(page.locator('#message')).toContainText('Inserted 2 row(s)');

  await run(page, 'SELECT * FROM t ORDER BY a');
  const table = page.locator('#result');
  await expect(table).toBeVisible();
  await expect(table.locator('thead th')).toHaveText([/^a\s*integer$/, /^b\s*text$/]);
  await expect(table.locator('tbody tr')).toHaveCount(2);
  await expect(table.locator('tbody tr').nth(0).locator('td')).toHaveText(['1', 'x']);
  await expect(table.locator('tbody tr').nth(1).locator('td')).toHaveText(['2', 'y']);

  await run(page, 'SELECT * FROM no_such_table');
  await expect(page.locator('#error')).toBeVisible();
  await expect(page.locator('#error')).toContainText('42P01: relation "no_such_table" does not exist');
  await expect(table).toBeHidden();

  // Ctrl+Enter runs too, and the engine is still usable after the error.
  await page.locator('#sql').fill('SELECT * FROM t ORDER BY a');
  await page.locator('#sql').press('Control+Enter');
  await expect(table.locator('tbody tr')).toHaveCount(2);
  await expect(page.locator('#error')).toBeHidden();

  // The engine ran in a Worker: the page has one, and the client says so.
  expect(page.workers().length).toBeGreaterThanOrEqual(1);
  expect(await page.evaluate(() => (globalThis as unknown as { inkdbDemo: { db: { inWorker: boolean } } }).inkdbDemo.db.inWorker)).toBe(true);
  expect(errors).toEqual([]);
});

test('a terminated worker rejects pending calls with 08006 and openDatabase works again', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('/');
  await expect(page.locator('body')).toHaveAttribute('data-ready', 'true');
  const outcome = await page.evaluate(async () => {
    interface Sess { query(sql: string): Promise<{ rows: unknown[] }> }
    interface Db { worker: Worker; closed: boolean; inWorker: boolean; login(u: string, p: string): Promise<Sess>; close(): Promise<void> }
    const demo = (globalThis as unknown as {
      inkdbDemo: { db: Db; session: Sess; openDatabase(o: object): Promise<Db> };
    }).inkdbDemo;
    const codeOf = (p: Promise<unknown>): Promise<string> =>
      p.then(() => 'resolved', (e: { code?: string }) => e.code ?? `no code: ${String(e)}`);
    demo.db.worker.terminate();
    // Sent to a dead worker: only the client's loss detection can settle it.
    const pending = await codeOf(demo.session.query('SELECT 1 AS x'));
    const later = await codeOf(demo.session.query('SELECT 1 AS x'));
    const db2 = await demo.openDatabase({ worker: true, storage: 'memory' });
    const s2 = await db2.login('root', '');
    const rows = (await s2.query('SELECT 1 AS x')).rows;
    await db2.close();
    return { pending, later, closed: demo.db.closed, rows, inWorker: db2.inWorker };
  });
  expect(outcome).toEqual({ pending: '08006', later: '08006', closed: true, rows: [{ x: 1 }], inWorker: true });
  expect(errors).toEqual([]);
});
