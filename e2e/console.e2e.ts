/**
 * The demo console, driven as a person would: run a script and read every statement's result,
 * run a selection, read errors with their caret, EXPLAIN as a tree, history across reloads,
 * completion from the system tables, the user switcher (isolation of user tables), the schema
 * browser and FLUSH, copy and export; and the engine's worker-loss behaviour.
 */
import { readFileSync } from 'node:fs';
import { tableFromIPC } from 'apache-arrow';
import { expect, test } from '@playwright/test';
import { openDemo, runAll, runAs, setScript, statement, watchErrors } from './helpers/demo.ts';

test('runs a script and shows every statement: message, row count, engine time and rows', async ({ page }) => {
  const errors = watchErrors(page);
  await openDemo(page);
  await expect(page.getByRole('status').filter({ hasText: 'Engine in a Web Worker' })).toBeVisible();
  await setScript(page, `CREATE TABLE t (a INT, b TEXT);
INSERT INTO t VALUES (1, 'x'), (2, 'y'), (3, NULL);
SELECT * FROM t ORDER BY a;
UPDATE t SET b = 'z' WHERE a = 3;
SELECT count(*) AS n, string_agg(b, ',' ORDER BY a) AS bs FROM t`);
  const results = await runAll(page);
  await expect(results.locator('section.result')).toHaveCount(5);
  await expect(results.locator('.summary')).toContainText('5 statements ran as root');
  await expect(results.locator('.message')).toHaveText(['Table default.t created', 'Inserted 3 row(s)', 'SELECT 3', 'Updated 1 row(s)', 'SELECT 1']);
  await expect(results.locator('.rowcount')).toHaveText(['0 rows', '3 rows', '3 rows', '1 row', '1 row']);
  for (const t of await results.locator('.engine-time').allTextContents()) expect(t).toMatch(/^engine (< 0\.01|\d[\d,.]*) ms$/);
  await expect(statement(page, 2).locator('.stmt')).toHaveText("INSERT INTO t VALUES (1, 'x'), (2, 'y'), (3, NULL)");

  const grid = statement(page, 3).getByRole('table', { name: 'Rows of statement 3' });
  await expect(grid.getByRole('columnheader')).toHaveText(['#', /^a\s*integer$/, /^b\s*text$/]);
  await expect(grid.locator('.grid-body [role="row"]')).toHaveCount(3);
  await expect(grid.locator('[aria-rowindex="2"] [role="cell"]')).toHaveText(['1', 'x']);
  await expect(grid.locator('[aria-rowindex="4"] [role="cell"]')).toHaveText(['3', 'NULL']);
  await expect(statement(page, 5).getByRole('table').locator('[aria-rowindex="2"] [role="cell"]')).toHaveText(['3', 'x,y,z']);
  // DDL and DML without RETURNING have no grid
  await expect(statement(page, 1).getByRole('table')).toHaveCount(0);
  expect(page.workers().length).toBeGreaterThanOrEqual(1);
  expect(errors).toEqual([]);
});

test('Ctrl+Enter runs everything; Ctrl+Shift+Enter and "Run selection" run the selection', async ({ page }) => {
  const errors = watchErrors(page);
  await openDemo(page);
  const editor = page.getByRole('textbox', { name: /^SQL/ });
  await setScript(page, 'SELECT 1 AS one;\nSELECT 2 AS two;\nSELECT 3 AS three');
  await editor.press('Control+Enter');
  await expect(page.locator('.results section.result')).toHaveCount(3);

  // select the second line and run it
  const select = async (from: string, to: string): Promise<void> => {
    await editor.evaluate((el: HTMLTextAreaElement, [a, b]) => {
      const start = el.value.indexOf(a);
      el.focus();
      el.setSelectionRange(start, el.value.indexOf(b) + b.length);
    }, [from, to] as const);
  };
  await select('SELECT 2', 'two');
  await editor.press('Control+Shift+Enter');
  await expect(page.locator('.results section.result')).toHaveCount(1);
  await expect(statement(page, 1).getByRole('columnheader')).toHaveText(['#', /^two/]);

  await select('SELECT 3', 'three');
  await page.getByRole('button', { name: 'Run selection' }).click();
  await expect(page.locator('.results section.result')).toHaveCount(1);
  await expect(statement(page, 1).getByRole('columnheader')).toHaveText(['#', /^three/]);
  expect(errors).toEqual([]);
});

test('errors show their code, message, hint and a caret under the right column', async ({ page }) => {
  const errors = watchErrors(page);
  await openDemo(page);
  const editor = page.getByRole('textbox', { name: /^SQL/ });

  // a binding error in the third statement of a script; the first two ran
  const script = 'SELECT 1 AS fine;\nSELECT 2 AS fine_too;\nSELECT room,\n\tbodyy FROM chat.messages';
  await setScript(page, script);
  const results = await runAll(page);
  await expect(results.locator('section.result:not(.error)')).toHaveCount(2);
  const card = results.locator('section.result.error');
  await expect(card.getByRole('heading')).toHaveText('Statement 3 failed');
  await expect(card.locator('.code')).toHaveText('42703');
  await expect(card.locator('.error-message .text')).toHaveText('column "bodyy" does not exist');
  const [line, caret] = (await card.locator('pre.caret').textContent())!.split('\n') as [string, string];
  expect(line).toBe('4 | \tbodyy FROM chat.messages');
  expect(caret.indexOf('^')).toBe(line.indexOf('bodyy'));
  expect(caret.slice(0, caret.indexOf('^'))).toBe('    \t'); // the tab kept: the caret lines up whatever the tab width
  await card.getByRole('button', { name: 'Show in editor' }).click();
  await expect(editor).toBeFocused();
  expect(await editor.evaluate((el: HTMLTextAreaElement) => el.selectionStart)).toBe(script.indexOf('bodyy'));

  // a syntax error at the end of a later line: nothing ran
  await setScript(page, 'SELECT 1;\nSELECT 1 +');
  await runAll(page);
  await expect(page.locator('section.result.error h3')).toHaveText('The script did not run');
  await expect(page.locator('section.result.error .code')).toHaveText('42601');
  await expect(page.locator('section.result.error .error-message .text')).toHaveText('syntax error at end of input');
  const [l2, c2] = (await page.locator('pre.caret').textContent())!.split('\n') as [string, string];
  expect(l2).toBe('2 | SELECT 1 +');
  expect(c2.indexOf('^')).toBe(l2.length);

  // an error with a hint
  await setScript(page, 'CREATE TABLE nowhere.t (a INT)');
  await runAll(page);
  await expect(page.locator('section.result.error .code')).toHaveText('3F000');
  await expect(page.locator('section.result.error .hint')).toContainText('Hint:');

  // a literal of the wrong type: the caret is under the literal
  await setScript(page, "SELECT * FROM chat.rooms WHERE length(id) = 'x'");
  await runAll(page);
  await expect(page.locator('section.result.error .code')).toHaveText('22P02');
  const [l3, c3] = (await page.locator('pre.caret').textContent())!.split('\n') as [string, string];
  expect(c3.indexOf('^')).toBe(l3.indexOf("'x'"));
  expect(errors).toEqual([]);
});

test('EXPLAIN is drawn as a tree with estimated rows, and as its text with the indentation kept', async ({ page }) => {
  await openDemo(page);
  await page.getByRole('button', { name: 'EXPLAIN', exact: true }).click();
  const tree = page.getByRole('list', { name: 'Plan of statement 1' });
  await expect(tree).toBeVisible();
  await expect(tree.locator('> li > .plan-node')).toHaveText('Limit');
  await expect(tree.locator('.plan-node', { hasText: 'Hash Join' })).toHaveCount(1);
  // the join's two inputs are its children
  const join = tree.locator('li', { has: page.locator('> .plan-node', { hasText: 'Hash Join' }) });
  await expect(join.locator('> .plan-children > li')).toHaveCount(2);
  await expect(join.locator('> .plan-details')).toContainText('Hash Cond:');
  // every node has its estimated rows; the rooms table has 2 rows
  await expect(tree.locator('.plan-rows')).toHaveCount(await tree.locator('.plan-node').count());
  const rooms = tree.locator('li', { has: page.locator('> .plan-node', { hasText: 'Seq Scan on chat.rooms' }) });
  await expect(rooms.locator('> .plan-rows')).toHaveText('≈ 2 rows');
  await page.getByRole('button', { name: 'Show as text' }).click();
  const text = (await page.locator('pre.plan-text').textContent())!;
  expect(text.split('\n')[0]).toMatch(/^Limit \(rows=\d+\)$/);
  expect(text).toMatch(/\n {2}-> {2}Top-N Sort \(rows=\d+\)\n/);
  expect(text).toMatch(/\n {20,}-> {2}Seq Scan on chat\.rooms \(rows=2\)/);
});

test('history keeps the scripts that ran, across reloads', async ({ page }) => {
  await openDemo(page);
  await setScript(page, "SELECT 'first' AS h");
  await runAll(page);
  await setScript(page, "SELECT 'second' AS h");
  await runAll(page);
  await page.reload();
  await expect(page.locator('body')).toHaveAttribute('data-ready', 'true');
  // the draft is kept too
  await expect(page.getByRole('textbox', { name: /^SQL/ })).toHaveValue("SELECT 'second' AS h");
  await page.getByText('History').click();
  const entries = page.locator('.history li');
  await expect(entries).toHaveCount(2);
  await expect(entries.locator('code')).toHaveText(["SELECT 'second' AS h", "SELECT 'first' AS h"]);
  await entries.nth(1).getByRole('button').click();
  await expect(page.getByRole('textbox', { name: /^SQL/ })).toHaveValue("SELECT 'first' AS h");
});

test('completion offers keywords, tables and columns from the system tables', async ({ page }) => {
  await openDemo(page);
  const editor = page.getByRole('textbox', { name: /^SQL/ });
  const list = page.getByRole('listbox', { name: 'Completions' });
  await editor.fill('');
  await editor.pressSequentially('SELECT * FROM chat.me');
  await expect(list.getByRole('option')).toHaveText([/^members\s+shared table, public/, /^messages\s+user table/]);
  await expect(editor).toHaveAttribute('aria-activedescendant', 'completion-0');
  await editor.pressSequentially('s');
  await expect(list.getByRole('option')).toHaveText([/^messages\s+user table/]);
  await editor.press('Tab');
  await expect(editor).toHaveValue('SELECT * FROM chat.messages');
  await expect(list).toBeHidden();
  await editor.pressSequentially(' m WHERE m.bo');
  await expect(list.getByRole('option')).toHaveText([/^body\s+TEXT/]);
  await editor.press('Tab');
  await editor.pressSequentially(' IS NOT NULL ord');
  await expect(list.getByRole('option').first()).toHaveText(/^ORDER BY\s+keyword/);
  await editor.press('ArrowDown');
  await editor.press('ArrowUp');
  await editor.press('Enter');
  await expect(editor).toHaveValue('SELECT * FROM chat.messages m WHERE m.body IS NOT NULL order by');
  // Escape closes without inserting; Ctrl+Space opens on demand
  await editor.pressSequentially(' m.');
  await expect(list.getByRole('option')).toHaveText([/^id/, /^room/, /^author/, /^body/, /^sent_at/]);
  await editor.press('Escape');
  await expect(list).toBeHidden();
  await editor.press('Control+Space');
  await expect(list.getByRole('option')).toHaveCount(5);
});

test('the user switcher: the same query shows each user only their rows', async ({ page }) => {
  const errors = watchErrors(page);
  await openDemo(page);
  const sql = 'SELECT current_user() AS me, count(*) AS n FROM chat.messages; SELECT count(*) AS rooms FROM chat.rooms';
  const read = async (user: string): Promise<string[]> => {
    await runAs(page, user);
    await setScript(page, sql);
    await runAll(page);
    await expect(page.locator('.results .summary')).toContainText(`ran as ${user}`);
    return [
      ...await statement(page, 1).locator('[aria-rowindex="2"] [role="cell"]').allTextContents(),
      ...await statement(page, 2).locator('[aria-rowindex="2"] [role="cell"]').allTextContents(),
    ];
  };
  // alice and bob each have the sample conversation in their own partition; root has none
  expect(await read('alice')).toEqual(['alice', '4', '2']);
  await setScript(page, "INSERT INTO chat.messages (room, author, body) VALUES ('general', 'alice', 'a note to self')");
  await runAll(page);
  expect(await read('alice')).toEqual(['alice', '5', '2']);
  expect(await read('bob')).toEqual(['bob', '4', '2']);
  expect(await read('root')).toEqual(['root', '0', '2']);

  // a new user starts with nothing, and may not write a shared table of public access
  await page.getByLabel('New user').fill('carol');
  await page.getByRole('button', { name: 'Create' }).click();
  await expect(page.getByLabel('Run as')).toHaveValue('carol');
  expect(await read('carol')).toEqual(['carol', '0', '2']);
  await setScript(page, "INSERT INTO chat.rooms VALUES ('x', 'X', NULL)");
  await runAll(page);
  await expect(page.locator('section.result.error .code')).toHaveText('42501');
  expect(errors).toEqual([]);
});

test('the schema browser shows tables, types, access levels, columns, indexes and partitions; FLUSH answers', async ({ page }) => {
  await openDemo(page);
  const schema = page.getByRole('complementary', { name: 'Schema' });
  const table = (name: string) => schema.locator(`li[data-table="${name}"]`);
  await expect(table('chat.rooms').locator('.badge')).toHaveText('shared · public');
  await expect(table('chat.messages').locator('.badge')).toHaveText('user');
  await expect(table('chat.typing').locator('.badge')).toHaveText('stream · TTL 3 s');
  await table('chat.messages').locator('summary').click();
  await expect(schema.getByRole('list', { name: 'Columns of chat.messages' }).locator('.cname')).toHaveText(['id', 'room', 'author', 'body', 'sent_at']);
  await expect(table('chat.messages')).toContainText('Indexes: messages_pkey (id, unique); messages_room (room)');
  await expect(table('chat.messages')).toContainText('Partitions: alice 4, bob 4');
  // a table created in the console appears after the run
  await setScript(page, 'CREATE NAMESPACE shop; CREATE TABLE shop.items (id INT PRIMARY KEY, name TEXT)');
  await runAll(page);
  await expect(table('shop.items').locator('.badge')).toHaveText('shared · private');
  // "Query" puts a SELECT in the editor
  await table('shop.items').locator('summary').click();
  await table('shop.items').getByRole('button', { name: 'Query shop.items' }).click();
  await expect(page.getByRole('textbox', { name: /^SQL/ })).toHaveValue('SELECT * FROM shop.items LIMIT 100;');
  await schema.getByRole('button', { name: 'Flush all tables' }).click();
  // in memory there is nothing to flush; with persistence the flush reports its job
  await expect(schema.locator('.flush [role="status"]')).toHaveText(/(0A000 STORAGE FLUSH is not supported yet|flush)/i);
  await schema.getByText('Users').click();
  await expect(schema.locator('details', { hasText: 'Users' }).locator('li')).toHaveText([/^alice/, /^bob/, /^relay\s*service/, /^root\s*system/]);
});

test('a result is copied and exported as CSV and as Arrow', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await openDemo(page);
  await setScript(page, "SELECT x AS n, 'v, \"' || x || '\"' AS s, NULL::int AS z FROM generate_series(1, 3) AS g(x)");
  await runAll(page);
  const card = statement(page, 1);
  await card.getByRole('button', { name: 'Copy CSV' }).click();
  await expect(card.locator('.export-note')).toHaveText('Copied 3 rows as CSV.');
  const csv = 'n,s,z\r\n1,"v, ""1""",\r\n2,"v, ""2""",\r\n3,"v, ""3""",\r\n';
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(csv);

  const [csvFile] = await Promise.all([page.waitForEvent('download'), card.getByRole('button', { name: 'Download CSV' }).click()]);
  expect(csvFile.suggestedFilename()).toBe('statement-1.csv');
  expect(readFileSync(await csvFile.path(), 'utf8')).toBe(csv);

  const [arrowFile] = await Promise.all([page.waitForEvent('download'), card.getByRole('button', { name: 'Download Arrow' }).click()]);
  expect(arrowFile.suggestedFilename()).toBe('statement-1.arrow');
  const table = tableFromIPC(readFileSync(await arrowFile.path()));
  expect(table.numRows).toBe(3);
  expect(table.schema.fields.map((f) => f.name)).toEqual(['n', 's', 'z']);
  expect([...table.getChild('s')!]).toEqual(['v, "1"', 'v, "2"', 'v, "3"']);
  expect(table.getChild('z')!.nullCount).toBe(3);
});

test('a terminated worker rejects pending calls with 08006 and openDatabase works again', async ({ page }) => {
  const errors = watchErrors(page);
  await openDemo(page);
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
  // the console reports the lost worker as an error with its code
  await setScript(page, 'SELECT 1');
  await runAll(page);
  await expect(page.locator('section.result.error .code')).toHaveText('08006');
  expect(errors).toEqual([]);
});
