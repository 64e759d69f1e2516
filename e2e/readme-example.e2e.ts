import { expect, test as base } from '@playwright/test';
import { inkdbFixtures, type InkdbFixtures } from 'inkdb/testing/playwright';

const test = base.extend<InkdbFixtures>(inkdbFixtures);

test('bob sees what alice sends', async ({ page, inkdb }) => {
  await page.goto('/#chat');
  await inkdb.reset(); // every table emptied; tables and users stay
  await inkdb.seed({
    'chat.rooms': [{ id: 'general', title: 'General' }],
    'chat.members': [{ room: 'general', user_name: 'alice' }, { room: 'general', user_name: 'bob' }],
  });
  const bob = inkdb.as('bob'); // bob's session: the engine's rules apply
  const rows = await bob.waitForChange('SELECT author, body FROM chat.messages', [], {
    action: async () => {
      await page.getByLabel('Message to #general as alice').fill('hi bob');
      await page.getByLabel('Message to #general as alice').press('Enter');
    },
  });
  expect(rows).toEqual([{ author: 'alice', body: 'hi bob' }]);
  expect(await inkdb.as('alice').snapshot('chat.messages')).toHaveLength(1);
  expect(await inkdb.snapshot('chat.messages')).toEqual([]); // root has no rows in a USER table
});
