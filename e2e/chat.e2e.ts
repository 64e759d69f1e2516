/**
 * The live chat app, as two people would use it: alice sends a message in her pane and it
 * arrives in bob's, live; a typing indicator shows in the other pane and expires after the
 * stream table's TTL; the data survives a reload; a second tab shares the database.
 *
 * The last two need persistence and tab sharing: the demo's database opens with
 * `storage: 'indexeddb'` (`body[data-storage]`), shared by the tabs of the origin.
 */
import { expect, test, type Page } from '@playwright/test';
import { openDemo, watchErrors } from './helpers/demo.ts';

const pane = (page: Page, user: string) => page.locator(`section.chat-pane[data-user="${user}"]`);

async function send(page: Page, user: string, text: string): Promise<void> {
  const composer = page.getByRole('textbox', { name: new RegExp(`^Message to #\\w+ as ${user}$`) });
  await composer.fill(text);
  await pane(page, user).getByRole('button', { name: 'Send' }).click();
  await expect(composer).toHaveValue('');
}

test('a message sent in one pane arrives live in the other', async ({ page }) => {
  const errors = watchErrors(page);
  await openDemo(page);
  await page.getByRole('tab', { name: 'Live chat app' }).click();
  const aliceLog = page.getByRole('log', { name: 'Messages in #general as seen by alice' });
  const bobLog = page.getByRole('log', { name: 'Messages in #general as seen by bob' });
  // the sample conversation, in each user's own partition
  await expect(aliceLog.locator('li')).toHaveCount(3);
  await expect(bobLog.locator('li')).toHaveCount(3);

  await send(page, 'alice', 'Lunch at noon?');
  await expect(bobLog.locator('li').last()).toContainText('alice');
  await expect(bobLog.locator('li').last().locator('.body')).toHaveText('Lunch at noon?');
  await expect(aliceLog.locator('li.mine').last().locator('.body')).toHaveText('Lunch at noon?');

  await send(page, 'bob', 'Sure!');
  await expect(aliceLog.locator('li').last().locator('.body')).toHaveText('Sure!');
  await expect(aliceLog.locator('li').last().locator('.author')).toHaveText('bob');

  // another room is another query: #random does not show #general's messages
  await pane(page, 'bob').getByLabel('Room for bob').selectOption('random');
  const bobRandom = page.getByRole('log', { name: 'Messages in #random as seen by bob' });
  await expect(bobRandom.locator('li .body')).toHaveText(['Try typing here: a typing indicator lives 3 seconds in a STREAM table.']);
  expect(errors).toEqual([]);
});

test('a typing indicator shows in the other pane and expires after the TTL', async ({ page }) => {
  const errors = watchErrors(page);
  await openDemo(page, '#chat');
  const bobTyping = pane(page, 'bob').locator('.typing');
  const aliceTyping = pane(page, 'alice').locator('.typing');
  await expect(bobTyping).toHaveText('\u00a0');
  await page.getByRole('textbox', { name: 'Message to #general as alice' }).pressSequentially('hel');
  await expect(bobTyping).toHaveText('alice is typing…');
  const shownAt = Date.now();
  // her own pane does not show her
  await expect(aliceTyping).toHaveText('\u00a0');
  // the row lives TTL_SECONDS = 3 s in bob's partition of chat.typing, then the indicator goes
  await expect(bobTyping).toHaveText('\u00a0', { timeout: 8_000 });
  expect(Date.now() - shownAt).toBeGreaterThan(1_500);
  expect(errors).toEqual([]);
});

test('the chat keeps its data across a reload', async ({ page }) => {
  await openDemo(page, '#chat');
  await expect(page.locator('body')).toHaveAttribute('data-storage', 'indexeddb');
  await send(page, 'alice', 'Still here after a reload?');
  await expect(pane(page, 'bob').locator('li .body').last()).toHaveText('Still here after a reload?');
  await page.reload();
  await expect(page.locator('body')).toHaveAttribute('data-ready', 'true');
  await expect(pane(page, 'bob').locator('li .body').last()).toHaveText('Still here after a reload?');
  // loaded once: the sample conversation is not added again
  await expect(pane(page, 'alice').locator('li')).toHaveCount(4);
});

test('a second tab shares the database', async ({ context }) => {
  const first = await context.newPage();
  await openDemo(first, '#chat');
  const second = await context.newPage();
  await openDemo(second, '#chat');
  // both tabs on the one persisted database: the first runs the engine, the second forwards to it
  await expect(second.locator('body')).toHaveAttribute('data-storage', 'indexeddb');
  expect(await first.evaluate(() => (globalThis as unknown as { inkdbDemo: { db: { tabRole: string } } }).inkdbDemo.db.tabRole)).toBe('leader');
  expect(await second.evaluate(() => (globalThis as unknown as { inkdbDemo: { db: { tabRole: string } } }).inkdbDemo.db.tabRole)).toBe('follower');
  await send(first, 'alice', 'Hello from the first tab');
  await expect(pane(second, 'bob').locator('li .body').last()).toHaveText('Hello from the first tab');
  await send(second, 'bob', 'And back from the second');
  await expect(pane(first, 'alice').locator('li .body').last()).toHaveText('And back from the second');
});
