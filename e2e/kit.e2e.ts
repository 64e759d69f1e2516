/**
 * The Playwright kit (`inkdb/testing/playwright`) against the demo, which exposes its database
 * with `exposeForTesting`: the kit reads and writes the app's own database while the app runs,
 * and the app's UI shows what the kit seeded (and the kit sees what the UI did).
 */
import { expect, test as base } from '@playwright/test';
import { KitError, as, inkdbFixtures, query, reset, seed, snapshot, waitForChange, type InkdbFixtures } from 'inkdb/testing/playwright';
import { openDemo } from './helpers/demo.ts';

const test = base.extend<InkdbFixtures>(inkdbFixtures);

test('query and snapshot read the app database with InkDB types; errors carry their SQLSTATE', async ({ page }) => {
  await openDemo(page);
  expect(await snapshot(page, 'chat.rooms')).toEqual([
    { id: 'general', title: 'General', topic: 'Anything goes' },
    { id: 'random', title: 'Random', topic: 'Off-topic' },
  ]);
  const r = await query(page, 'SELECT count(*) AS n FROM chat.messages WHERE room = $1', ['general'], { user: 'alice' });
  expect(r.rows).toEqual([{ n: 3n }]);
  expect(r.columns).toEqual([{ name: 'n', type: 'bigint' }]);
  expect(r.message).toBe('SELECT 1');
  // root has no rows in the user table; alice's are hers
  expect(await snapshot(page, 'chat.messages')).toEqual([]);
  const mine = await as(page, 'alice').snapshot('chat.messages');
  expect(mine.map((m) => [m['id'], m['author']])).toEqual([[1n, 'alice'], [2n, 'bob'], [3n, 'alice'], [4n, 'bob']]);
  const e = await query(page, 'SELECT nope FROM chat.rooms').catch((x: unknown) => x as KitError);
  expect(e).toBeInstanceOf(KitError);
  expect((e as KitError).code).toBe('42703');
});

test('rows seeded by the test show up in the app', async ({ page }) => {
  await openDemo(page, '#chat');
  await as(page, 'bob').seed({
    'chat.messages': [{ id: 100n, room: 'general', author: 'carol', body: 'Seeded by the test', sent_at: Date.now() }],
  });
  const bobLog = page.getByRole('log', { name: 'Messages in #general as seen by bob' });
  await expect(bobLog.locator('li').last().locator('.body')).toHaveText('Seeded by the test');
  // alice's partition did not get it
  await expect(page.getByRole('log', { name: 'Messages in #general as seen by alice' }).locator('li')).toHaveCount(3);
});

test('waitForChange sees what the UI did', async ({ page }) => {
  await openDemo(page, '#chat');
  const rows = await waitForChange(page, "SELECT author, body FROM chat.messages WHERE room = 'general' ORDER BY id", [], {
    user: 'bob',
    action: async () => {
      await page.getByRole('textbox', { name: 'Message to #general as alice' }).fill('Sent through the UI');
      await page.locator('section.chat-pane[data-user="alice"]').getByRole('button', { name: 'Send' }).click();
    },
  });
  expect(rows.at(-1)).toEqual({ author: 'alice', body: 'Sent through the UI' });
  expect(rows).toHaveLength(4);
});

test('reset empties every table and partition; the app shows it', async ({ page }) => {
  await openDemo(page, '#chat');
  expect(await reset(page)).toEqual({ tables: 4, deleted: 2 + 4 + 4 + 4 });
  expect(await snapshot(page, 'chat.rooms')).toEqual([]);
  expect(await as(page, 'alice').snapshot('chat.messages')).toEqual([]);
  await expect(page.locator('section.chat-pane[data-user="alice"] li.empty')).toHaveText('No messages in #general yet.');
  // the schema and the users stay: seeding works at once
  await seed(page, { 'chat.rooms': [{ id: 'general', title: 'General', topic: 'Fresh start' }] });
  await expect(page.locator('section.chat-pane[data-user="bob"] .topic')).toHaveText('Fresh start');
});

test('as() acts as any user, created on first use; the inkdb fixture is root', async ({ page, inkdb }) => {
  await openDemo(page);
  const dave = inkdb.as('dave');
  expect((await dave.query('SELECT current_user() AS u, count(*) AS n FROM chat.messages')).rows).toEqual([{ u: 'dave', n: 0n }]);
  await dave.query("INSERT INTO chat.messages (room, author, body) VALUES ('general', 'dave', 'mine')");
  expect((await dave.snapshot('chat.messages')).map((m) => m['body'])).toEqual(['mine']);
  expect((await inkdb.query("SELECT role FROM system.users WHERE user_id = 'dave'")).rows).toEqual([{ role: 'user' }]);
  // the engine's rules apply to the kit as to the app
  const denied = await dave.query('SELECT * FROM system.users').catch((x: unknown) => x as KitError);
  expect((denied as KitError).code).toBe('42501');
  // and the console's user switcher now lists dave
  await page.getByRole('button', { name: 'Refresh' }).click();
  await expect(page.getByLabel('Run as').locator('option')).toContainText(['dave']);
});
