/**
 * DESIGN.md §1.1: the engine runs on a page served with
 * `Content-Security-Policy: script-src 'self'; worker-src 'self'` (sent as a header by
 * `vite preview`, so it also governs the worker). The page runs a query in the worker engine;
 * no violation may be reported. A probe then proves the policy is in force (eval is refused in
 * the page and in a worker) and that violations would have been seen.
 */
import { expect, test } from '@playwright/test';

const POLICY = "script-src 'self'; worker-src 'self'";

test('the engine works under a strict CSP without violations', async ({ page }) => {
  const consoleErrors: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
  page.on('pageerror', (e) => consoleErrors.push(`pageerror: ${e.message}`));

  const response = await page.goto('/csp.html');
  expect(response?.headers()['content-security-policy']).toBe(POLICY);

  await expect(page.locator('body')).toHaveAttribute('data-state', 'done');
  await expect(page.locator('#result tbody tr')).toHaveCount(2);
  await expect(page.locator('#result tbody tr').nth(0).locator('td')).toHaveText(['1', 'x']);
  await expect(page.locator('#result tbody tr').nth(1).locator('td')).toHaveText(['2', 'y']);
  await expect(page.locator('#status')).toContainText('Web Worker');
  expect(page.workers().length).toBeGreaterThanOrEqual(1);

  // Nothing was violated while the engine started and ran.
  expect(await page.evaluate(() => (globalThis as unknown as { cspViolations: unknown[] }).cspViolations)).toEqual([]);
  await expect(page.locator('#violations')).toHaveText('0');
  expect(consoleErrors).toEqual([]);

  // The policy is real, in the page and in workers, and violations are observed.
  await page.locator('#probe').click();
  await expect(page.locator('body')).toHaveAttribute('data-probe', /violations/);
  const probe = JSON.parse((await page.locator('body').getAttribute('data-probe'))!) as {
    pageEvalBlocked: boolean; workerEvalBlocked: boolean; violations: number;
  };
  expect(probe.pageEvalBlocked).toBe(true);
  expect(probe.workerEvalBlocked).toBe(true);
  expect(probe.violations).toBeGreaterThanOrEqual(1);
});
