/**
 * Helpers shared by the demo's e2e specs: open the page and wait for the engine, collect console
 * errors, drive the console's editor as a person would.
 */
import { expect, type Locator, type Page } from '@playwright/test';

/** Collects console errors and uncaught page errors. */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(`console: ${m.text()}`); });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  return errors;
}

/** Opens the demo (optionally at a hash) and waits until it is ready. */
export async function openDemo(page: Page, hash = ''): Promise<void> {
  await page.goto(`/${hash}`);
  await expect(page.locator('body')).toHaveAttribute('data-ready', 'true', { timeout: 20_000 });
}

/** Replaces the editor's text (as a paste would). */
export async function setScript(page: Page, sql: string): Promise<void> {
  const editor = page.getByRole('textbox', { name: /^SQL/ });
  await editor.fill(sql);
}

/** Runs the editor's script with the "Run all" button and waits for the results of that run. */
export async function runAll(page: Page): Promise<Locator> {
  const results = page.locator('.results');
  const before = (await results.count()) > 0 ? await results.getAttribute('data-run') : null;
  await page.getByRole('button', { name: 'Run all' }).click();
  await expect(page.locator('body')).not.toHaveAttribute('data-busy', 'true');
  if (before !== null) await expect(page.locator('.results')).not.toHaveAttribute('data-run', before);
  await expect(page.locator('.results')).toBeVisible();
  return page.locator('.results');
}

/** The card of statement `n` (1-based). */
export function statement(page: Page, n: number): Locator {
  return page.locator(`.results section.result[data-statement="${n}"]`);
}

/** Selects the console's "Run as" user. */
export async function runAs(page: Page, user: string): Promise<void> {
  await page.getByLabel('Run as').selectOption(user);
}
