/**
 * The README's screenshots, taken from the production build of the demo (the `built-csp`
 * project) at 1280×800: the console after the "Per-user rows" example ran as alice, and the
 * chat with a message on its way and a typing indicator. Written to docs/images/ when
 * INKDB_UPDATE_SCREENSHOTS=1 (`INKDB_UPDATE_SCREENSHOTS=1 npx playwright test e2e/screenshot.e2e.ts
 * --project=built-csp`), otherwise into the test's output folder.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { openDemo } from './helpers/demo.ts';

const update = process.env['INKDB_UPDATE_SCREENSHOTS'] === '1';

function target(name: string, outputPath: (name: string) => string): string {
  if (!update) return outputPath(name);
  const dir = join(import.meta.dirname, '..', 'docs', 'images');
  mkdirSync(dir, { recursive: true });
  return join(dir, name);
}

/** Width and height of a PNG, from its IHDR chunk. */
function pngSize(png: Buffer): [number, number] {
  expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
  return [png.readUInt32BE(16), png.readUInt32BE(20)];
}

test.use({ viewport: { width: 1280, height: 800 }, colorScheme: 'light' });

test('README screenshots of the demo', async ({ page }, testInfo) => {
  await openDemo(page);
  await page.getByRole('button', { name: 'Per-user rows' }).click();
  await expect(page.locator('.results section.result')).toHaveCount(2);
  await expect(page.locator('.results .summary')).toContainText('drawn in');
  await page.locator('li[data-table="chat.messages"] summary').click();
  await page.getByRole('textbox', { name: /^SQL/ }).blur();
  const consoleShot = await page.screenshot({ path: target('demo-console.png', (n) => testInfo.outputPath(n)) });
  expect(pngSize(consoleShot)).toEqual([1280, 800]);

  await page.getByRole('tab', { name: 'Live chat app' }).click();
  await page.getByRole('textbox', { name: 'Message to #general as bob' }).fill('Lunch at noon?');
  await page.getByRole('textbox', { name: 'Message to #general as bob' }).press('Enter');
  await expect(page.getByRole('log', { name: 'Messages in #general as seen by alice' }).locator('li .body').last()).toHaveText('Lunch at noon?');
  await page.getByRole('textbox', { name: 'Message to #general as alice' }).pressSequentially('Sure, see you');
  await expect(page.locator('section.chat-pane[data-user="bob"] .typing')).toHaveText('alice is typing…');
  const chatShot = await page.screenshot({ path: target('demo-chat.png', (n) => testInfo.outputPath(n)) });
  expect(pngSize(chatShot)).toEqual([1280, 800]);
});
