/**
 * Accessibility: axe-core (through @axe-core/playwright, WCAG 2.1 A and AA rules) finds no
 * serious or critical violation in the console (with results, a plan and an error shown) or in
 * the chat, at 1280×800 and at phone width, in light and dark schemes; and the whole demo works
 * from the keyboard alone, in a sensible focus order.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { openDemo, runAll, setScript, watchErrors } from './helpers/demo.ts';

/** Serious and critical violations on the page, described one per line. */
async function violations(page: Page): Promise<string[]> {
  const r = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return r.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 4).join(', ')})`);
}

/** The console with a grid, a plan and an error on screen. */
async function busyConsole(page: Page): Promise<void> {
  await setScript(page, "SELECT id, title, topic FROM chat.rooms ORDER BY id;\nEXPLAIN SELECT * FROM chat.rooms WHERE id = 'general';\nSELECT nope FROM chat.rooms");
  await runAll(page);
  await expect(page.locator('section.result.error')).toBeVisible();
  await page.locator('li[data-table="chat.messages"] summary').click();
}

for (const viewport of [{ width: 1280, height: 800 }, { width: 390, height: 844 }]) {
  for (const scheme of ['light', 'dark'] as const) {
    test(`no serious or critical axe violations at ${viewport.width}×${viewport.height}, ${scheme}`, async ({ page }) => {
      const errors = watchErrors(page);
      await page.setViewportSize(viewport);
      await page.emulateMedia({ colorScheme: scheme });
      await openDemo(page);
      await busyConsole(page);
      expect(await violations(page)).toEqual([]);
      await page.getByRole('tab', { name: 'Live chat app' }).click();
      await expect(page.getByRole('log', { name: 'Messages in #general as seen by bob' }).locator('li')).toHaveCount(3);
      await page.getByRole('textbox', { name: 'Message to #general as alice' }).pressSequentially('hi');
      await expect(page.locator('section.chat-pane[data-user="bob"] .typing')).toHaveText('alice is typing…');
      expect(await violations(page)).toEqual([]);
      // nothing is wider than the viewport (no sideways scrolling of the page)
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width);
      expect(errors).toEqual([]);
    });
  }
}

/** The accessible name (or text) of the focused element. */
async function focused(page: Page): Promise<string> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (el === null) return '';
    const label = el.getAttribute('aria-label') ?? (el.id !== '' ? document.querySelector(`label[for="${el.id}"]`)?.textContent : null);
    return `${el.tagName.toLowerCase()}:${(label ?? el.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 40)}`;
  });
}

test('keyboard only: focus order, running a script, reading results, switching tabs, chatting', async ({ page }) => {
  const errors = watchErrors(page);
  await openDemo(page);
  const order: string[] = [];
  for (let i = 0; i < 13; i++) {
    await page.keyboard.press('Tab');
    order.push(await focused(page));
  }
  expect(order).toEqual([
    'a:Skip to content', 'button:SQL console', 'select:Run as', 'input:New user', 'button:Create',
    'button:Per-user rows', 'button:A script, every result', 'button:A million rows', 'button:EXPLAIN', 'button:System tables',
    'button:Errors', expect.stringMatching(/^textarea:SQL/) as unknown as string, 'button:Run all',
  ]);
  // back to the editor, write and run a script with the keyboard
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Control+a');
  await page.keyboard.type("SELECT id FROM chat.rooms ORDER BY id");
  await page.keyboard.press('Escape'); // close the completion list, if one is open
  await page.keyboard.press('Control+Enter');
  await expect(page.locator('.results section.result')).toHaveCount(1);
  // Tab reaches the result's scrolling table, then its export buttons
  for (let i = 0; i < 20 && !(await focused(page)).startsWith('section:Rows of statement 1'); i++) await page.keyboard.press('Tab');
  expect(await focused(page)).toBe('section:Rows of statement 1');
  await page.keyboard.press('Tab');
  expect(await focused(page)).toBe('button:Copy CSV');

  // the tabs: arrows move between them
  await page.getByRole('tab', { name: 'SQL console' }).focus();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByRole('tab', { name: 'Live chat app' })).toBeFocused();
  await expect(page.getByRole('tab', { name: 'Live chat app' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('tabpanel', { name: 'Live chat app' })).toBeVisible();
  // into alice's pane: the room, the messages, the composer; Enter sends
  for (let i = 0; i < 10 && (await focused(page)) !== 'input:Message to #general as alice'; i++) await page.keyboard.press('Tab');
  expect(await focused(page)).toBe('input:Message to #general as alice');
  await page.keyboard.type('typed without a mouse');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('log', { name: 'Messages in #general as seen by bob' }).locator('li .body').last()).toHaveText('typed without a mouse');
  // the skip link goes to the content
  await page.keyboard.press('Control+Home');
  await page.getByRole('link', { name: 'Skip to content' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.locator('main')).toBeFocused();
  expect(errors).toEqual([]);
});
